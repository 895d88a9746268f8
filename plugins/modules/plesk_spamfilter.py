#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: plesk_spamfilter
short_description: Manage the spam filter of a Plesk mailbox
version_added: 0.2.0
author:
  - hosting.mail contributors (@hosting-mail)
description:
  - Switch the SpamAssassin filter of one mailbox on or off, and set its score, what happens to spam, the text put
    before the subject of spam, and the allow and block lists, through the XML API's C(<spamfilter>) operator.
  - Each setting is managed only when it is given. The module reads the filter and both lists in one request, sends
    only what differs in one more, and reads back. If the panel did not keep the settings it was not sent, the module
    sends them all once more, and fails naming what still differs.
  - B(Lists.) By default O(allow) and O(block) are exact - patterns missing from the panel are added, patterns the
    panel has and the list does not name are deleted. With O(append=true) patterns are only added. Patterns compare
    without regard to case.
  - B(Availability.) Plesk documents C(<spamfilter>) for protocols up to 1.6.9.0 (Plesk Onyx 17.5), and a newer server
    may not accept it; the module then fails saying so. Set O(plesk_api_version=1.6.9.0) for such servers.
  - A setting the panel does not report (a disabled filter may report no preferences) cannot be compared, so it is sent
    on every run, reported as changed, with a warning.
seealso:
  - module: hosting.mail.plesk_mail
  - module: hosting.mail.plesk_mail_info
extends_documentation_fragment:
  - hosting.mail.plesk
  - hosting.mail.attributes
  - hosting.mail.attributes.actiongroup_plesk
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
  idempotent:
    support: partial
    details:
      - Idempotent for every setting the panel reports. A setting it does not report is sent on every run.
options:
  name:
    description:
      - The full address of the mailbox, such as C(info@example.com).
    type: str
    required: true
    aliases: [address]
  enabled:
    description:
      - Whether the mailbox's spam filter is on.
    type: bool
  required_score:
    description:
      - The score from which a mail is spam (SpamAssassin's C(required_score)); lower catches more. Plesk's default
        is 7.
    type: str
  action:
    description:
      - What happens to spam. V(mark) marks it (see O(rewrite_header)) and delivers it (the panel's C(text));
        V(move) delivers it to the mailbox's Spam folder; V(delete) deletes it.
    type: str
    choices: [mark, move, delete]
  rewrite_header:
    description:
      - The text put before the subject of spam, such as C(***SPAM***). C(_SCORE_) in it becomes the mail's score.
        A leading C(subject), which SpamAssassin's own setting has, is ignored when the module compares.
    type: str
  allow:
    description:
      - The allow list (the panel's C(white) list) - senders whose mail is never spam, as address patterns such as
        C(*@partner.example) or C(boss@example.org). An empty list removes every pattern (unless O(append)).
    type: list
    elements: str
  block:
    description:
      - The block list (the panel's C(black) list) - senders whose mail is always spam, as address patterns.
    type: list
    elements: str
  append:
    description:
      - With V(true), O(allow) and O(block) only add patterns; patterns the panel has beyond them stay.
    type: bool
    default: false
'''

EXAMPLES = r'''
---
- name: Spam filter on for a mailbox, spam to the Spam folder
  hosting.mail.plesk_spamfilter:
    plesk_url: https://plesk.example.com:8443
    plesk_username: admin
    plesk_password: "{{ vault_plesk_password }}"
    plesk_api_version: "1.6.9.0"
    name: info@example.com
    enabled: true
    required_score: "5.5"
    action: move
    allow:
      - "*@partner.example"
    block:
      - "*@spam.example"
  delegate_to: localhost

- name: Would a lower score change the filter? Ask without writing
  hosting.mail.plesk_spamfilter:
    plesk_url: https://plesk.example.com:8443
    plesk_username: admin
    plesk_password: "{{ vault_plesk_password }}"
    plesk_api_version: "1.6.9.0"
    name: info@example.com
    required_score: "4"
  check_mode: true
  register: score_plan
  delegate_to: localhost

- name: Say whether the score would change
  ansible.builtin.debug:
    msg: "Spam from score {{ score_plan.spam_filter.required_score }}; a change: {{ score_plan.changed }}"

- name: Add a sender to the block list of several mailboxes, keeping what is there
  hosting.mail.plesk_spamfilter:
    plesk_url: https://plesk.example.com:8443
    plesk_username: admin
    plesk_password: "{{ vault_plesk_password }}"
    plesk_api_version: "1.6.9.0"
    name: "{{ item }}"
    block:
      - offers@pushy.example
    append: true
  loop:
    - info@example.com
    - sales@example.com
  delegate_to: localhost
'''

RETURN = r'''
# BEGIN generated by tools/update_return_docs.py: spam-filter (edit tools/return_docs.py, not here)
spam_filter:
  description:
    - The mailbox's spam filter as the panel reports it after the task (in check mode, as it would be).
    - A setting the panel does not report is null.
  returned: when the mailbox was found, also when a write was refused
  type: dict
  contains:
    enabled:
      description: Whether the filter is on.
      type: bool
      sample: true
    required_score:
      description: The score from which a mail is spam, as the panel writes it.
      type: str
      sample: '5.5'
    action:
      description: What happens to spam (V(mark), V(move), V(delete)).
      type: str
      sample: move
    rewrite_header:
      description: The text put before the subject of spam, as the panel reports it.
      type: str
      sample: '***SPAM***'
    allow:
      description: The allow list, sorted without regard to case, as the panel spells the patterns.
      type: list
      elements: str
      sample:
        - '*@partner.example'
    block:
      description: The block list, sorted without regard to case, as the panel spells the patterns.
      type: list
      elements: str
      sample:
        - '*@spam.example'
# END generated by tools/update_return_docs.py: spam-filter
changed_fields:
  description: The settings that changed (or would change, in check mode).
  returned: always
  type: list
  elements: str
  sample: [enabled, block]
# BEGIN generated by tools/update_return_docs.py: write-outcome (edit tools/return_docs.py, not here)
write_outcome:
  description:
    - The answer to the write was lost (connection reset, timeout, garbled answer) and the filter was read back. V(done)
      means the panel holds the change, and the task goes on with a warning; V(not_done) (the change was not made and
      was not repeated) and V(unknown) (the read back failed too) come with a failed task.
  returned: when the answer to a write was lost
  type: str
  sample: done
# END generated by tools/update_return_docs.py: write-outcome
# BEGIN generated by tools/update_return_docs.py: error (edit tools/return_docs.py, not here)
error:
  description:
    - What went wrong, for playbooks that test it (after C(ignore_errors), or in a C(rescue) as
      C(ansible_failed_result.error)). C(msg) says the same in words; neither ever holds a secret.
  returned: failure
  type: dict
  contains:
    type:
      description:
        - The kind of error. V(ApiError) (Plesk refused an operation), V(AuthenticationError) (credentials or address
          refused), V(TransportError) (no usable answer), V(CertificateError), V(HttpStatusError), V(GarbledAnswerError)
          or V(XmlParseError) (an answer that cannot be read), V(WriteOutcomeError) (a write whose answer was lost, see
          RV(error.write_outcome)), V(OptionError) (an option value that cannot be used), or V(PanelError) (anything
          else, such as a site that does not exist).
      type: str
      sample: ApiError
    url:
      description: The API URL of the failed request; null when the error is not about a request.
      type: str
      sample: https://panel.example.com:8443/enterprise/control/agent.php
    http_status:
      description: The HTTP status of the panel's answer.
      returned: when an answer arrived
      type: int
      sample: 200
    code:
      description: The Plesk error code.
      returned: for V(ApiError), and for V(AuthenticationError) when Plesk gave a code
      type: int
      sample: 1007
    text:
      description: Plesk's error text.
      returned: for V(ApiError)
      type: str
      sample: Mail name or alias hello@example.com already exists
    operation:
      description: The operation Plesk refused.
      returned: for V(ApiError)
      type: str
      sample: mail/update/add
    request_sent:
      description: Whether the panel may have received the request; V(false) when no connection was made.
      returned: for V(TransportError) and V(CertificateError)
      type: bool
      sample: false
    attempts:
      description: How often the request was tried.
      returned: for V(TransportError) and V(CertificateError)
      type: int
      sample: 3
    write_outcome:
      description: V(not_done) or V(unknown), as in RV(write_outcome).
      returned: for V(WriteOutcomeError)
      type: str
      sample: not_done
# END generated by tools/update_return_docs.py: error
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.hosting.mail.plugins.module_utils._errors import PanelError
from ansible_collections.hosting.mail.plugins.module_utils._module import run_module
from ansible_collections.hosting.mail.plugins.module_utils._outcomes import guarded_write
from ansible_collections.hosting.mail.plugins.module_utils._plesk_module import plesk_argument_spec, plesk_client, spam_filter_spec
from ansible_collections.hosting.mail.plugins.module_utils import _plesk_spamfilter as spam


def argument_spec():
    spec = plesk_argument_spec()
    spec.update(name=dict(type='str', required=True, aliases=['address']))
    spec.update(spam_filter_spec())
    return spec


class SpamFilterTask:
    """Read the filter and its lists, plan, then (unless check mode) write what differs and read back."""

    def __init__(self, module):
        self.module = module
        self.username = spam.mailbox(module.params['name'])
        self.desired = spam.desired_filter(module.params)
        self.append = module.params['append']
        self.client = plesk_client(module)

    def run(self, result):
        result.update(changed_fields=[])
        current = spam.get(self.client, self.username)
        if current is None:
            raise spam.missing_account(self.username)
        plan = spam.FilterPlan(current, self.desired, self.append)
        result.update(changed=bool(plan.changed), changed_fields=plan.changed)
        if plan.unreported:
            self.module.warn('Plesk does not report %s of the spam filter of %s, so the module cannot tell whether it '
                             'differs; it is sent on every run and reported as changed.'
                             % (' and '.join(plan.unreported), self.username))
        if self.module._diff:
            result['diff'] = dict(before=current, after=plan.expected())
        if not plan.changed or self.module.check_mode:
            result['spam_filter'] = plan.expected()
            return
        try:
            self.send(result, plan, None, 'the change of the spam filter of %s' % self.username)
        except PanelError:
            self.report_after_failure(result)
            raise
        after = self.read()
        lost = self.lost(plan, after)
        if [field for field, _now, _meant in lost if field in spam.PREFERENCES or field == 'enabled']:
            # The panel did not keep the preferences it was not sent (it reset them): send them all once.
            meant = plan.expected()
            whole = {field: meant[field] for field in spam.PREFERENCES if meant[field] is not None}
            again = spam.FilterPlan(after, dict((field, meant[field]) for field in ('enabled',) if meant[field] is not None))
            again.add = again.delete = {}
            self.send(result, again, whole, 'the spam filter of %s, sent whole' % self.username)
            after = self.read()
            lost = self.lost(plan, after)
        if lost:
            raise PanelError('Plesk accepted the spam filter of %s but holds other values afterwards: %s.'
                             % (self.username, ', '.join('%s is %r, not %r' % item for item in lost)))
        result['spam_filter'] = after

    def report_after_failure(self, result):
        """After a refused write, report what the panel holds (the operations before the refused one were done)."""
        try:
            result['spam_filter'] = self.read()
        except PanelError:
            pass

    def read(self):
        now = spam.get(self.client, self.username)
        if now is None:
            raise PanelError('Plesk accepted the spam filter of %s but has no such mail account afterwards.' % self.username)
        return now

    def lost(self, plan, after):
        """``(field, value now, value meant)`` for what the panel does not hold as meant (and does report)."""
        meant = plan.expected()
        return [(field, after[field], meant[field]) for field in spam.FIELDS
                if meant[field] is not None and after[field] is not None and not spam.same(field, after[field], meant[field])]

    def send(self, result, plan, preferences, what):
        def write():
            spam.send_checked(self.client, spam.write_packet(self.client, self.username, plan, preferences))

        def holds():
            now = spam.get(self.client, self.username)
            return now is not None and not [field for field in spam.FilterPlan(now, self.desired, self.append).changed
                                            if now[field] is not None]

        guarded_write(self.module.warn, result, what, write, holds)


def main():
    module = AnsibleModule(argument_spec=argument_spec(), supports_check_mode=True)
    run_module(module, lambda result: SpamFilterTask(module).run(result), libraries=('requests', 'lxml'))


if __name__ == '__main__':
    main()
