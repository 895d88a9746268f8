#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: brainy_mailboxes
short_description: Converge many mailboxes of a BrainyCP hosting user in one task
version_added: 0.1.0
author:
  - hosting.mail contributors (@hosting-mail)
description:
  - The bulk sibling of M(hosting.mail.brainy_mailbox). It lists the hosting user's mailboxes once, plans each
    mailbox as M(hosting.mail.brainy_mailbox) does, and sends the needed C(addmail) and C(delmail) requests one
    after the other over one kept-alive connection (the API takes one operation per request). A converged user costs
    one request.
  - After writing, it lists the mailboxes once more and checks that each change the panel reported really happened.
  - When some mailboxes fail and others succeed, the task fails and reports each mailbox's outcome; a rerun finishes
    the job without repeating what was done.
  - As with M(hosting.mail.brainy_mailbox), the API cannot change the password or quota of an existing mailbox; a
    different quota is reported as a warning.
notes:
  - >-
    Progress: when the module runs on the controller (C(delegate_to: localhost), or panel hosts with
    C(ansible_connection: local)), a run that takes more than two seconds prints lines such as
    C(brainy_mailboxes [panel1] webmaster: 300/1000 mailboxes written) while it works (the label is
    O(panel_user) when the task sets it): at each new phase (reading, planning, writing, reading back) and otherwise
    at most every five seconds, or after every request with C(-vv); then how long it took. Shorter runs print none.
    In check mode they show reading and planning only. They hold counts, never a password or a panel's text.
  - Over any other connection, or with C(async), no progress is shown; the module works the same.
seealso:
  - module: hosting.mail.brainy_mailbox
  - module: hosting.mail.brainy_mailbox_info
extends_documentation_fragment:
  - hosting.mail.brainycp
  - hosting.mail.attributes
  - hosting.mail.attributes.actiongroup_brainycp
attributes:
  action:
    description: Has an action plugin of the same name, which runs on the controller around the module.
    support: full
    details:
      - It only shows the progress of long runs; see the notes.
  check_mode:
    support: full
  diff_mode:
    support: full
  idempotent:
    support: full
options:
  mailboxes:
    description: The mailboxes.
    type: list
    elements: dict
    default: []
    suboptions:
      address:
        description:
          - The mailbox address; its domain must belong to the hosting user.
          - As in M(hosting.mail.brainy_mailbox), a new mailbox's domain with none of the user's mailboxes or forwards
            gets a warning (one per domain).
        type: str
        required: true
      password:
        description: The password, needed to create the mailbox.
        type: str
      quota:
        description:
          - Size limit when created, such as V(500) (megabytes), V(2G) or V(unlimited); unset, no limit.
          - "V(0) is refused: it means no limit on BrainyCP but an empty mailbox on Plesk; write V(unlimited)."
          - For an existing mailbox a different quota is reported as a warning, as M(hosting.mail.brainy_mailbox) does.
        type: str
      state:
        description: V(present) or V(absent).
        type: str
        choices: [present, absent]
        default: present
  prune:
    description:
      - Delete the hosting user's mailboxes in the domains of O(mailboxes) (or O(prune_domains)) that O(mailboxes) does
        not list, with their mail. In check mode they are reported, not deleted.
    type: bool
    default: false
  prune_domains:
    description:
      - The domains O(prune) looks at; by default the domains of the listed mailboxes.
      - With an empty O(mailboxes) and O(prune=true), give the domains here; otherwise nothing is pruned.
    type: list
    elements: str
'''

EXAMPLES = r'''
---
- name: Every mailbox of the hosting user "shop"
  hosting.mail.brainy_mailboxes:
    brainycp_url: https://panel.example.com:8000
    brainycp_username: admin
    brainycp_password: "{{ vault_brainycp_password }}"
    panel_user: shop
    mailboxes:
      - {address: orders@shop.example, password: "{{ vault_orders_password }}", quota: 1G}
      - {address: info@shop.example, password: "{{ vault_info_password }}"}
      - {address: old@shop.example, state: absent}
  delegate_to: localhost

- name: Prune, with the connection settings from module_defaults
  module_defaults:
    group/hosting.mail.brainycp:
      brainycp_url: https://panel.example.com:8000
      brainycp_username: admin
      brainycp_password: "{{ vault_brainycp_password }}"
      panel_user: shop
  delegate_to: localhost
  block:
    - name: See first which mailboxes a prune would delete (check mode sends nothing)
      hosting.mail.brainy_mailboxes:
        mailboxes: "{{ shop_mailboxes }}"
        prune: true
        prune_domains: [shop.example, shop.example.net]
      check_mode: true
      register: preview

    - name: Show them
      ansible.builtin.debug:
        msg: "Would delete: {{ preview.mailboxes | selectattr('action', 'equalto', 'removed') | map(attribute='address') | list }}"

    - name: Converge and prune
      hosting.mail.brainy_mailboxes:
        mailboxes: "{{ shop_mailboxes }}"
        prune: true
        prune_domains: [shop.example, shop.example.net]
      register: converged

    - name: Show the counts
      ansible.builtin.debug:
        msg: "{{ converged.counts.created }} created, {{ converged.counts.removed }} deleted, {{ converged.counts.unchanged }} unchanged"
'''

RETURN = r'''
mailboxes:
  description:
    - What happened to each mailbox (listed, then pruned), in the order they were planned.
    - Also returned when the task fails part-way, so that it says what was done.
  returned: always, and on failure once the mailboxes were planned
  type: list
  elements: dict
  contains:
    address:
      description: The mailbox address, lower-cased.
      type: str
      sample: orders@shop.example
    action:
      description:
        - V(created), V(removed) or V(unchanged) (in check mode, what would happen).
        - On failure also V(failed) when the panel refused, or reported success but does not list the change;
          V(not_done) when the answer was lost and the listing shows it was not done (not resent); V(unknown) when the
          listing failed too; V(not_attempted) when the run broke off before this mailbox.
      type: str
      sample: created
    error:
      description: Why the mailbox's change failed.
      returned: when RV(mailboxes[].action) is V(failed), V(not_done) or V(unknown)
      type: str
      sample: "the domain of the mailbox does not belong to this hosting user: orders@other.example (addmail error 4: ...)"
counts:
  description: How many mailboxes had each action; every action is present, most often with V(0).
  returned: always, and on failure once the mailboxes were planned
  type: dict
  contains:
    created:
      description: Mailboxes created.
      type: int
      sample: 3
    removed:
      description: Mailboxes deleted (listed with O(mailboxes[].state=absent), or pruned).
      type: int
      sample: 0
    unchanged:
      description: Mailboxes that were already as asked.
      type: int
      sample: 997
    failed:
      description: Mailboxes whose change failed.
      type: int
      sample: 0
    not_done:
      description: Mailboxes whose change was lost and not made.
      type: int
      sample: 0
    unknown:
      description: Mailboxes whose outcome could not be read back.
      type: int
      sample: 0
    not_attempted:
      description: Mailboxes not tried because the run broke off.
      type: int
      sample: 0
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
        - The kind of error. V(ApiError) (the panel refused an operation), V(AuthenticationError) (credentials or
          address refused), V(TransportError) (no usable answer), V(CertificateError), V(HttpStatusError),
          V(GarbledAnswerError) (an answer that cannot be read), V(WriteOutcomeError) (writes whose answer was lost and
          whose outcome could not be read back), V(OptionError) (an option value that cannot be used), or V(PanelError)
          (anything else, such as a change the panel accepted but does not list afterwards).
      type: str
      sample: ApiError
    url:
      description: The API URL of the failed request; null when the error is not about a request.
      type: str
      sample: https://panel.example.com:8000/api/api.php
    http_status:
      description: The HTTP status of the panel's answer.
      returned: when an answer arrived
      type: int
      sample: 200
    code:
      description: The BrainyCP result code.
      returned: for V(ApiError), and for V(AuthenticationError) when BrainyCP gave a code
      type: int
      sample: 4
    text:
      description: The panel's error text.
      returned: for V(ApiError)
      type: str
      sample: 'The domain of the mailbox was not found in the system: orders@other.example'
    operation:
      description: The operation the panel refused.
      returned: for V(ApiError)
      type: str
      sample: addmail
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
      description: 'V(unknown): the panel could not be read back after a lost answer; each item''s action says the same.'
      returned: for V(WriteOutcomeError)
      type: str
      sample: unknown
# END generated by tools/update_return_docs.py: error
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.hosting.mail.plugins.module_utils._brainycp import ALREADY, NOTHING
from ansible_collections.hosting.mail.plugins.module_utils._brainycp_mail import (
    CREATED,
    REMOVED,
    domain_warnings,
    mailbox_action,
    pruned_mailboxes,
    quota_to_send,
)
from ansible_collections.hosting.mail.plugins.module_utils._brainycp_module import brainycp_argument_spec, brainycp_client, brainycp_mailbox_spec
from ansible_collections.hosting.mail.plugins.module_utils._errors import ApiError, OptionError
from ansible_collections.hosting.mail.plugins.module_utils._module import run_module
from ansible_collections.hosting.mail.plugins.module_utils._outcomes import STEP_DONE, STEP_UNCHANGED, Item, Ledger
from ansible_collections.hosting.mail.plugins.module_utils._progress import Progress
from ansible_collections.hosting.mail.plugins.module_utils._values import format_megabytes, megabytes, split_address


def quota_shown(quota_mb):
    return {'quota_mb': quota_mb, 'quota_readable': format_megabytes(quota_mb)}


ACTIONS = ('created', 'removed', 'unchanged', 'failed', 'not_done', 'unknown', 'not_attempted')
WRITES = (CREATED, REMOVED)


class Mailbox(Item):
    """One mailbox's plan (the password and quota to create it with), and (as an ``Item``) what became of it."""

    def __init__(self, address, action, password=None, quota=None):
        super().__init__(address, action)
        self.password = password
        self.quota = quota


class BulkTask:
    def __init__(self, module):
        self.module = module
        params = module.params
        self.client = brainycp_client(module, extra_secrets=[entry.get('password') for entry in params['mailboxes']])
        self.wanted = []
        seen = set()
        for entry in params['mailboxes']:
            address = '%s@%s' % split_address(entry['address'], 'mailboxes[].address')
            if address in seen:
                raise OptionError('mailboxes: %s is listed twice.' % address)
            seen.add(address)
            self.wanted.append((address, entry, megabytes(entry['quota'], 'mailboxes[].quota')))
        self.progress = Progress()

    def plan_mailboxes(self, boxes):
        mailboxes = []
        for address, entry, quota in self.wanted:
            action, warnings = mailbox_action(address, entry['state'], entry['password'], quota, boxes)
            for warning in warnings:
                self.module.warn(warning)
            mailboxes.append(Mailbox(address, action, entry['password'], quota_to_send(quota)))
        if self.module.params['prune']:
            kept = {address for address, entry, quota in self.wanted}
            mailboxes += [Mailbox(address, REMOVED)
                          for address in pruned_mailboxes(boxes, kept, self.module.params['prune_domains'])]
        return mailboxes

    def run(self, result):
        self.progress('read')
        boxes = self.client.mailboxes()
        mailboxes = self.plan_mailboxes(boxes)
        for warning in domain_warnings(self.client, [box.address for box in mailboxes if box.action == CREATED], boxes):
            self.module.warn(warning)
        ledger = Ledger(mailboxes, WRITES, ACTIONS, 'mailbox changes', self.progress, self.module.warn, batched=False)
        writes = ledger.to_write()
        self.progress('planned', accounts=len(mailboxes), writes=len(writes))
        result['changed'] = bool(writes)
        if self.module._diff:
            result['diff'] = dict(
                before={box.address: quota_shown(boxes[box.address]) for box in writes if box.address in boxes},
                after={box.address: quota_shown(box.quota) for box in writes if box.action == CREATED})
        try:
            if writes and not self.module.check_mode:
                # One operation a request: batches of one; a lost answer is settled from a fresh listing.
                ledger.write([(box, None) for box in writes], self.send, self.client.mailboxes,
                             lambda box, part, listed: (box.address in listed) == (box.action == CREATED))
                # Success codes are not always to be trusted: read back once and check every reported change.
                self.progress('verify')
                listed = self.client.mailboxes()
                ledger.verify(lambda box: (box.address in listed) == (box.action == CREATED),
                              'the panel reported success, but its listing disagrees')
            ledger.raise_failures()
        finally:
            ledger.report(result, 'mailboxes', self.module.check_mode)

    def send(self, batch):
        (box, part), = batch
        try:
            if box.action == CREATED:
                answer = self.client.add_mailbox(box.address, box.password, box.quota)
            else:
                answer = self.client.delete_mailbox(box.address)
        except ApiError as error:
            return [error.message]
        return [STEP_UNCHANGED if answer.outcome in (ALREADY, NOTHING) else STEP_DONE]


def main():
    spec = brainycp_argument_spec()
    spec.update(
        mailboxes=dict(type='list', elements='dict', default=[], options=brainycp_mailbox_spec()),
        prune=dict(type='bool', default=False),
        prune_domains=dict(type='list', elements='str'),
    )
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True)
    run_module(module, lambda result: BulkTask(module).run(result))


if __name__ == '__main__':
    main()
