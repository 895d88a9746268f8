#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: brainy_forward
short_description: Manage a mail forward on a BrainyCP panel
version_added: 0.1.0
author:
  - hosting.mail contributors (@hosting-mail)
description:
  - Make the mail for one address of a BrainyCP hosting user go to an exact list of targets, or remove the forward.
  - The module lists the user's forwards first (C(getforwardmail)), so check mode and C(--diff) are exact.
  - BrainyCP does not document whether adding targets to an existing forward appends them or replaces the list. The
    module deletes the targets that must go, adds the missing ones, reads the forward back, and, if the panel
    replaced the list, adds the full list once more; the forward ends the same either way and is never left without
    targets in between.
seealso:
  - module: hosting.mail.brainy_mailbox
  - module: hosting.mail.brainy_mailbox_info
extends_documentation_fragment:
  - hosting.mail.brainycp
  - hosting.mail.attributes
  - hosting.mail.attributes.actiongroup_brainycp
attributes:
  check_mode:
    support: full
    details:
      - Only C(addforward) tells whether the source's domain is the hosting user's. In check mode, a new forward in a
        domain where the listings show no mailbox or forward of the user comes with a warning that the panel may refuse it.
  diff_mode:
    support: full
  idempotent:
    support: full
options:
  source:
    description:
      - The address whose mail is forwarded, in a domain of the hosting user.
    type: str
    required: true
  targets:
    description:
      - The exact list of addresses the mail goes to. Needed with O(state=present).
    type: list
    elements: str
  save_local:
    description:
      - Whether a copy stays in the mailbox of O(source) (which must exist as a mailbox).
      - Unset, a new forward does not keep a copy and an existing one keeps its setting.
    type: bool
  state:
    description:
      - V(present) makes the forward exist with exactly O(targets); V(absent) removes it.
    type: str
    choices: [present, absent]
    default: present
'''

EXAMPLES = r'''
---
- name: Send sales@ to two people and keep a copy
  hosting.mail.brainy_forward:
    brainycp_url: https://panel.example.com:8000
    brainycp_username: admin
    brainycp_password: "{{ vault_brainycp_password }}"
    panel_user: shop
    source: sales@shop.example
    targets:
      - anna@shop.example
      - boss@example.net
    save_local: true
  delegate_to: localhost

- name: Forwards, with the connection settings from module_defaults
  module_defaults:
    group/hosting.mail.brainycp:
      brainycp_url: https://panel.example.com:8000
      brainycp_username: admin
      brainycp_password: "{{ vault_brainycp_password }}"
      panel_user: shop
  delegate_to: localhost
  block:
    - name: Several forwards from a list
      hosting.mail.brainy_forward:
        source: "{{ item.source }}"
        targets: "{{ item.targets }}"
        save_local: "{{ item.save_local | default(omit) }}"
      loop:
        - {source: info@shop.example, targets: [anna@shop.example]}
        - {source: billing@shop.example, targets: [accounts@example.net], save_local: true}
      loop_control:
        label: "{{ item.source }}"

    - name: Would the forward of sales@ change? (check mode sends nothing)
      hosting.mail.brainy_forward:
        source: sales@shop.example
        targets: [anna@shop.example]
      check_mode: true
      diff: true
      register: sales_preview

    - name: Show what would change (targets, save_local)
      ansible.builtin.debug:
        msg: "{{ sales_preview.changed_fields }} -> {{ sales_preview.forward }}"

    - name: Stop forwarding
      hosting.mail.brainy_forward:
        source: old@shop.example
        state: absent
'''

RETURN = r'''
changed_fields:
  description:
    - What changed, or would change in check mode; empty when nothing did.
    - V(created) or V(removed) for those actions; otherwise V(targets) and/or V(save_local).
  returned: always
  type: list
  elements: str
  sample: [targets]
forward:
  description: The forward as the panel lists it after the task (in check mode, as it would); empty when absent.
  returned: always
  type: dict
  contains:
    source:
      description: The forwarded address, lower-cased.
      type: str
      sample: sales@shop.example
    targets:
      description: The target addresses, lower-cased and sorted.
      type: list
      elements: str
      sample: [anna@shop.example, boss@example.net]
    save_local:
      description:
        - Whether a copy stays in the source mailbox.
        - When the panel's listing does not show it, the value the task sent (every C(addforward) carries it), or null
          when the task sent none.
      type: bool
      sample: true
write_outcome:
  description:
    - The answer to the write was lost (connection reset, timeout, garbled answer) and the forwards were listed
      again. V(done) means the panel holds the change, and the task goes on with a warning; V(not_done) (the change
      was not made and was not repeated) and V(unknown) (the listing failed too) come with a failed task.
  returned: when the answer to a write was lost
  type: str
  sample: done
error:
  description:
    - What went wrong, for playbooks that test it (after C(ignore_errors), or in a C(rescue) as
      C(ansible_failed_result.error)). C(msg) says the same in words; neither ever holds a secret.
  returned: failure
  type: dict
  contains:
    type:
      description:
        - The kind of error. V(ApiError) (the panel refused an operation), V(AuthenticationError) (credentials or address
          refused), V(TransportError) (no usable answer), V(CertificateError), V(HttpStatusError),
          V(GarbledAnswerError) (an answer that cannot be read), V(WriteOutcomeError) (a write
          whose answer was lost, see RV(error.write_outcome)), V(OptionError) (an option value that cannot be used),
          or V(PanelError) (anything else, such as a mailbox created without a password).
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
      sample: "The domain of the mailbox was not found in the system: orders@other.example"
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
      description: V(not_done) or V(unknown), as in RV(write_outcome).
      returned: for V(WriteOutcomeError)
      type: str
      sample: not_done
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.hosting.mail.plugins.module_utils._brainycp import address_domain, domain_key, unconfirmed_forward_domain_warning
from ansible_collections.hosting.mail.plugins.module_utils._brainycp_module import brainycp_argument_spec, brainycp_client
from ansible_collections.hosting.mail.plugins.module_utils._errors import OptionError, PanelError
from ansible_collections.hosting.mail.plugins.module_utils._module import guarded_write, run_module
from ansible_collections.hosting.mail.plugins.module_utils._values import split_address


def address(text, option):
    return '%s@%s' % split_address(text, option)


def shown(source, entry):
    return {'source': source, 'targets': entry['targets'], 'save_local': entry['save_local']} if entry else {}


class ForwardTask:
    def __init__(self, module):
        self.module = module
        self.client = brainycp_client(module)
        self.source = address(module.params['source'], 'source')
        # Checked before anything is sent.
        self.wanted = sorted({address(target, 'targets') for target in module.params['targets'] or []})

    def run(self, result):
        params = self.module.params
        listed = self.client.forwards()
        current = listed.get(self.source)
        result['forward'] = before = shown(self.source, current)
        result['changed_fields'] = []
        if params['state'] == 'absent':
            if current:
                result.update(changed=True, forward={}, changed_fields=['removed'])
                if not self.module.check_mode:
                    guarded_write(self.module, result, 'the removal of the forward for %s' % self.source,
                                  lambda: self.client.delete_forward(self.source, current['targets']),
                                  lambda: self.source not in self.client.forwards())
                    self.expect(None)
        else:
            wanted = self.wanted
            if not wanted:
                raise OptionError('targets must name at least one address; use state=absent to remove the forward.')
            have = current['targets'] if current else []
            save_local = params['save_local']
            if save_local is None:
                save_local = current['save_local'] if current and current['save_local'] is not None else False
            flag_differs = bool(current) and current['save_local'] is not None and current['save_local'] != save_local
            # addforward always carries save_local: after one, the flag is the one sent, whatever the listing shows.
            adds = not current or flag_differs or bool(set(wanted) - set(have))
            unreported = bool(current) and current['save_local'] is None
            if unreported and params['save_local'] is not None and not adds:
                self.module.warn('The panel does not report save_local for %s, so it could not be compared; it is sent '
                                 'only when targets change.' % self.source)
            if unreported and params['save_local'] is None and adds:
                self.module.warn('The panel does not report save_local for %s, so its setting could not be kept: the '
                                 'targets go with save_local %s. Give save_local to choose it.'
                                 % (self.source, 'true' if save_local else 'false'))
            if wanted != have or flag_differs:
                if not current and self.module.check_mode:
                    self.warn_if_domain_unconfirmed(listed)
                fields = ['created'] if not current else (['targets'] * (wanted != have) + ['save_local'] * flag_differs)
                flag = save_local if adds or not unreported else None
                result.update(changed=True, changed_fields=fields, forward=shown(self.source, {'targets': wanted, 'save_local': flag}))
                if not self.module.check_mode:
                    self.write(result, have, wanted, save_local, flag_differs)
                    now = self.expect({'targets': wanted, 'save_local': save_local})
                    result['forward'] = shown(self.source, dict(now, save_local=flag if now['save_local'] is None else now['save_local']))
        if self.module._diff:
            result['diff'] = dict(before=before, after=result['forward'])

    def warn_if_domain_unconfirmed(self, listed):
        """Check mode: say when nothing listed shows the source's domain as the hosting user's.

        Only addforward itself tells (error 3), and check mode does not send it; a real run fails on that answer.
        """
        domain = address_domain(self.source)

        def shown_in(addresses):
            return domain_key(domain) in {domain_key(address_domain(address)) for address in addresses}

        # The mailboxes are read only when the forwards do not tell.
        if not shown_in(listed) and not shown_in(self.client.mailboxes()):
            self.module.warn(unconfirmed_forward_domain_warning(self.client.hosting_user, domain))

    def write(self, result, have, wanted, save_local, flag_differs):
        """Add before removing, so the forward is never left without targets if a later call fails.

        Each call is a write of its own (guarded_write): a lost answer is read back per call, and a
        failure after the add still reports the add as a change.
        """
        what = 'the change of the forward for %s' % self.source
        missing = sorted(set(wanted) - set(have))
        now = have
        if flag_differs or missing:
            # Re-adding every target carries the new flag, whether the panel appends or replaces.
            sent = wanted if flag_differs else missing
            self.add(result, what, sent, save_local)
            now = self.targets()
            if not set(wanted) <= set(now):
                # This panel replaces the targets on addforward: send the whole list.
                self.add(result, what, wanted, save_local)
                now = wanted
        surplus = sorted(set(now) - set(wanted))
        if surplus:
            guarded_write(self.module, result, what,
                          lambda: self.client.delete_forward(self.source, surplus),
                          lambda: not set(surplus) & set(self.targets()))

    def add(self, result, what, targets, save_local):
        guarded_write(self.module, result, what,
                      lambda: self.client.add_forward(self.source, targets, save_local),
                      lambda: set(targets) <= set(self.targets()))

    def targets(self):
        return (self.client.forwards().get(self.source) or {}).get('targets') or []

    def expect(self, wanted):
        """Read the forward back; fail clearly if the panel does not hold what it said it did."""
        now = self.client.forwards().get(self.source)
        if wanted is None:
            holds = now is None
        else:
            holds = now is not None and now['targets'] == wanted['targets'] and now['save_local'] in (None, wanted['save_local'])
        if not holds:
            raise PanelError('BrainyCP accepted the change of the forward for %s but now lists %s.'
                             % (self.source, shown(self.source, now) or 'no forward'))
        return now


def main():
    spec = brainycp_argument_spec()
    spec.update(
        source=dict(type='str', required=True),
        targets=dict(type='list', elements='str'),
        save_local=dict(type='bool'),
        state=dict(type='str', choices=['present', 'absent'], default='present'),
    )
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True, required_if=[('state', 'present', ['targets'])])
    run_module(module, lambda result: ForwardTask(module).run(result))


if __name__ == '__main__':
    main()
