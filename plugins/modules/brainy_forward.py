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
# BEGIN generated by tools/update_return_docs.py: write-outcome (edit tools/return_docs.py, not here)
write_outcome:
  description:
    - The answer to the write was lost (connection reset, timeout, garbled answer) and the forwards were listed again.
      V(done) means the panel holds the change, and the task goes on with a warning; V(not_done) (the change was not
      made and was not repeated) and V(unknown) (the listing failed too) come with a failed task.
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
        - The kind of error. V(ApiError) (the panel refused an operation), V(AuthenticationError) (credentials or
          address refused), V(TransportError) (no usable answer), V(CertificateError), V(HttpStatusError),
          V(GarbledAnswerError) (an answer that cannot be read), V(WriteOutcomeError) (a write whose answer was lost,
          see RV(error.write_outcome)), V(OptionError) (an option value that cannot be used), or V(PanelError) (anything
          else, such as a change the panel accepted but does not list afterwards).
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
      description: V(not_done) or V(unknown), as in RV(write_outcome).
      returned: for V(WriteOutcomeError)
      type: str
      sample: not_done
# END generated by tools/update_return_docs.py: error
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.hosting.mail.plugins.module_utils._brainycp_mail import (
    forward_change,
    forward_domain_warnings,
    remove_forward,
    shown_forward,
    write_forward,
)
from ansible_collections.hosting.mail.plugins.module_utils._brainycp_module import brainycp_argument_spec, brainycp_client, brainycp_forward_spec
from ansible_collections.hosting.mail.plugins.module_utils._module import run_module
from ansible_collections.hosting.mail.plugins.module_utils._outcomes import guarded_write
from ansible_collections.hosting.mail.plugins.module_utils._values import split_address


def address(text, option):
    return '%s@%s' % split_address(text, option)


def converge(module, result):
    params = module.params
    client = brainycp_client(module)
    source = address(params['source'], 'source')
    # Checked before anything is sent.
    targets = sorted({address(target, 'targets') for target in params['targets'] or []})
    listed = client.forwards()
    current = listed.get(source)
    result.update(forward=shown_forward(source, current), changed_fields=[])
    before = result['forward']

    def guard(what, write, holds):
        return guarded_write(module.warn, result, what, write, holds)

    if params['state'] == 'absent':
        if current:
            result.update(changed=True, forward={}, changed_fields=['removed'])
            if not module.check_mode:
                remove_forward(client, guard, source, current)
    else:
        change = forward_change(source, current, targets, params['save_local'])
        for warning in change.warnings:
            module.warn(warning)
        if change.changed_fields:
            if not current and module.check_mode:
                for warning in forward_domain_warnings(client, source, listed):
                    module.warn(warning)
            result.update(changed=True, changed_fields=change.changed_fields,
                          forward=shown_forward(source, {'targets': targets, 'save_local': change.shown_flag}))
            if not module.check_mode:
                now = write_forward(client, guard, change, module.warn)
                flag = change.shown_flag if now['save_local'] is None else now['save_local']
                result['forward'] = shown_forward(source, dict(now, save_local=flag))
    if module._diff:
        result['diff'] = dict(before=before, after=result['forward'])


def main():
    spec = brainycp_argument_spec()
    spec.update(brainycp_forward_spec())
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True, required_if=[('state', 'present', ['targets'])])
    run_module(module, lambda result: converge(module, result))


if __name__ == '__main__':
    main()
