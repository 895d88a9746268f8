#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: brainy_mailbox
short_description: Manage a mailbox on a BrainyCP panel
version_added: 0.1.0
author:
  - hosting.mail contributors (@hosting-mail)
description:
  - Create or delete a mailbox of a BrainyCP hosting user through the panel's API.
  - The module lists the user's mailboxes first (C(getlistmail)), so check mode and C(--diff) are exact.
  - The BrainyCP API cannot change the password or the quota of an existing mailbox. The module never deletes and
    re-creates a mailbox to get there, because that loses its mail; it warns when the listing shows a different
    quota, and leaves password changes to the panel.
seealso:
  - module: hosting.mail.brainy_mailbox_info
  - module: hosting.mail.brainy_forward
extends_documentation_fragment:
  - hosting.mail.brainycp
  - hosting.mail.attributes
  - hosting.mail.attributes.actiongroup_brainycp
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
  idempotent:
    support: full
options:
  address:
    description:
      - The mailbox address, for example V(info@example.com). Its domain must belong to the hosting user.
      - The API lists no domains. When a new mailbox's domain has none of the hosting user's mailboxes or forwards,
        the module (check mode included) warns that the panel may refuse it.
      - BrainyCP stores local parts in lower case; the address is lower-cased before it is sent.
    type: str
    required: true
    aliases: [email, name]
  password:
    description:
      - The mailbox password; needed to create the mailbox. The API cannot change it later.
    type: str
  quota:
    description:
      - Mailbox size limit when it is created, such as V(500) (megabytes), V(2G) or V(unlimited).
        K, M, G and T are powers of 1024; the panel takes whole megabytes.
      - "V(0) is refused: it means no limit on BrainyCP but an empty mailbox on Plesk; write V(unlimited)."
      - Unset, a new mailbox has no limit.
      - For an existing mailbox a different quota is reported as a warning; change it in the panel.
    type: str
  state:
    description:
      - V(present) creates the mailbox if it is missing; V(absent) deletes it with its mail.
    type: str
    choices: [present, absent]
    default: present
'''

EXAMPLES = r'''
---
- name: A mailbox for the hosting user "shop"
  hosting.mail.brainy_mailbox:
    brainycp_url: https://panel.example.com:8000
    brainycp_username: admin
    brainycp_password: "{{ vault_brainycp_password }}"
    panel_user: shop
    address: orders@shop.example
    password: "{{ vault_orders_password }}"
    quota: 2G
  delegate_to: localhost

- name: Connection settings once, for every BrainyCP task of the block
  module_defaults:
    group/hosting.mail.brainycp:
      brainycp_url: https://panel.example.com:8000
      brainycp_username: admin
      brainycp_password: "{{ vault_brainycp_password }}"
      ca_path: /etc/ssl/certs/panel-ca.pem
      panel_user: shop
  delegate_to: localhost
  block:
    - name: Mailboxes for the new team, passwords from the vault
      hosting.mail.brainy_mailbox:
        address: "{{ item.address }}"
        # The items hold no password: with -v Ansible prints each item whole, whatever the label says.
        password: "{{ vault_mail_passwords[item.address] }}"
        quota: "{{ item.quota | default('unlimited') }}"
      loop:
        - {address: anna@shop.example, quota: 500M}
        - {address: ben@shop.example}
      loop_control:
        label: "{{ item.address }}"

    - name: Would the old address be deleted? (check mode sends nothing)
      hosting.mail.brainy_mailbox:
        address: old@shop.example
        state: absent
      check_mode: true
      register: old_preview

    - name: Say so
      ansible.builtin.debug:
        msg: "{{ 'old@shop.example exists and would be deleted with its mail' if old_preview is changed else 'nothing to delete' }}"

    - name: Delete the mailbox and its mail
      hosting.mail.brainy_mailbox:
        address: old@shop.example
        state: absent
'''

RETURN = r'''
changed_fields:
  description: V(created) or V(removed) when that happened (or would, in check mode); empty otherwise.
  returned: always
  type: list
  elements: str
  sample: [created]
mailbox:
  description: The mailbox as the panel lists it after the task (in check mode, as it would); empty when absent.
  returned: always
  type: dict
  contains:
    address:
      description: The mailbox address, lower-cased.
      type: str
      sample: orders@shop.example
    quota_mb:
      description:
        - The quota in megabytes; V(0) for unlimited; null when the panel's listing does not show quotas.
        - For a mailbox the task creates on a panel whose listing shows no quotas, the quota the panel was given.
      type: int
      sample: 2048
    quota_readable:
      description: The same quota as a person reads it, as O(quota) takes it (V(2G), V(500M), V(unlimited)); null when not shown.
      type: str
      sample: 2G
# BEGIN generated by tools/update_return_docs.py: write-outcome (edit tools/return_docs.py, not here)
write_outcome:
  description:
    - The answer to the write was lost (connection reset, timeout, garbled answer) and the mailboxes were listed again.
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

from ansible_collections.hosting.mail.plugins.module_utils._brainycp import ALREADY, NOTHING
from ansible_collections.hosting.mail.plugins.module_utils._brainycp_mail import (
    CREATED,
    REMOVED,
    domain_warnings,
    mailbox_action,
    quota_to_send,
)
from ansible_collections.hosting.mail.plugins.module_utils._brainycp_module import brainycp_argument_spec, brainycp_client, brainycp_mailbox_spec
from ansible_collections.hosting.mail.plugins.module_utils._errors import PanelError
from ansible_collections.hosting.mail.plugins.module_utils._module import run_module
from ansible_collections.hosting.mail.plugins.module_utils._outcomes import guarded_write
from ansible_collections.hosting.mail.plugins.module_utils._values import format_megabytes, megabytes, split_address


def shown(address, quota):
    return {'address': address, 'quota_mb': quota, 'quota_readable': format_megabytes(quota)}


def converge(module, result):
    params = module.params
    address = '%s@%s' % split_address(params['address'], 'address')
    wanted_quota = megabytes(params['quota'], 'quota')
    client = brainycp_client(module, extra_secrets=[params['password']])
    boxes = client.mailboxes()
    before = shown(address, boxes[address]) if address in boxes else {}
    result.update(mailbox=before, changed_fields=[])
    action, warnings = mailbox_action(address, params['state'], params['password'], wanted_quota, boxes)
    if action == CREATED:
        warnings += domain_warnings(client, [address], boxes)
    for warning in warnings:
        module.warn(warning)
    if action == REMOVED:
        result.update(changed=True, changed_fields=['removed'], mailbox={})
        if not module.check_mode:
            def delete():
                if client.delete_mailbox(address).outcome == NOTHING:
                    result.update(changed=False, changed_fields=[])

            guarded_write(module.warn, result, 'the deletion of %s' % address, delete,
                          lambda: address not in client.mailboxes())
    elif action == CREATED:
        sent_quota = quota_to_send(wanted_quota)
        result.update(changed=True, changed_fields=['created'], mailbox=shown(address, sent_quota))
        if not module.check_mode:
            def add():
                if client.add_mailbox(address, params['password'], sent_quota).outcome == ALREADY:
                    result.update(changed=False, changed_fields=[])

            guarded_write(module.warn, result, 'the creation of %s' % address, add, lambda: address in client.mailboxes())
            listed = client.mailboxes()
            if address not in listed:
                # Success codes are not always to be trusted (a known BrainyCP complaint): say so.
                raise PanelError('BrainyCP answered that %s was added, but does not list it afterwards.' % address)
            # A listing without quotas shows none: the quota is then the one the panel was given.
            result['mailbox'] = shown(address, listed[address] if listed[address] is not None else sent_quota)
    if module._diff:
        result['diff'] = dict(before=before, after=result['mailbox'])


def main():
    spec = brainycp_argument_spec()
    spec.update(brainycp_mailbox_spec())
    spec['address']['aliases'] = ['email', 'name']  # brainy_mailboxes entries take address only
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True)
    run_module(module, lambda result: converge(module, result))


if __name__ == '__main__':
    main()
