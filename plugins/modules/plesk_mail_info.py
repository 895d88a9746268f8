#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: plesk_mail_info
short_description: List the mail accounts of a Plesk site
version_added: 0.1.0
author:
  - hosting.mail contributors (@hosting-mail)
description:
  - Read the mail accounts of one domain (an add-on site or a subscription's main domain) with their settings,
    or a single account, for audits and for C(when:) conditions.
seealso:
  - module: hosting.mail.plesk_mail
extends_documentation_fragment:
  - hosting.mail.plesk
  - hosting.mail.attributes
  - hosting.mail.attributes.info_module
  - hosting.mail.attributes.actiongroup_plesk
options:
  domain:
    description:
      - The domain whose accounts to list. Internationalised domains may be given in Unicode or C(xn--) form.
      - Required unless O(name) is given.
    type: str
  name:
    description:
      - One account to read, as a full address. Its domain is used when O(domain) is not given; when O(domain) is
        given, the local part of O(name) is looked up there.
    type: str
  site_id:
    description:
      - The Plesk site id of the domain, to skip the lookup by domain name.
    type: int
'''

EXAMPLES = r'''
---
- name: All mail accounts of a domain
  hosting.mail.plesk_mail_info:
    plesk_url: https://panel.example.com:8443
    plesk_username: admin
    plesk_password: "{{ vault_plesk_password }}"
    domain: example.com
  register: example_mail
  delegate_to: localhost

- name: Show the addresses without a mailbox (forward-only)
  ansible.builtin.debug:
    msg: "{{ example_mail.accounts | rejectattr('mailbox') | map(attribute='address') | list }}"

- name: Show the accounts that forward their mail, and where to
  ansible.builtin.debug:
    msg: "{{ item.address }} -> {{ item.forwarding.addresses | join(', ') }}"
  loop: "{{ example_mail.accounts | selectattr('forwarding.enabled') | list }}"
  loop_control:
    label: "{{ item.address }}"

- name: One account, with the connection settings from module_defaults
  module_defaults:
    group/hosting.mail.plesk:
      plesk_url: https://panel.example.com:8443
      plesk_secret_key: "{{ vault_plesk_secret_key }}"
  delegate_to: localhost
  block:
    - name: Read info@example.com
      hosting.mail.plesk_mail_info:
        name: info@example.com
      register: info_account

    - name: Act only when it exists
      ansible.builtin.debug:
        msg: "Quota: {{ info_account.accounts[0].quota_readable }}"
      when: info_account.accounts | length > 0
'''

RETURN = r'''
accounts:
  description:
    - The accounts, sorted by address; empty when the domain has none, or when O(name) does not exist.
    - Each has the fields M(hosting.mail.plesk_mail) returns in RV(hosting.mail.plesk_mail#module:account).
      Passwords and panel access are never included; Plesk does not report them.
  returned: always
  type: list
  elements: dict
  contains:
    address:
      description: The full address, lower-cased; an internationalised domain in its Unicode form.
      type: str
      sample: info@example.com
    id:
      description: The Plesk id of the account.
      type: int
      sample: 12
    site_id:
      description: The site id of the account's domain.
      type: int
      sample: 3
    mailbox:
      description: Whether the account has a mailbox.
      type: bool
      sample: true
    quota:
      description: The mailbox size limit in bytes; V(-1) for unlimited; null when Plesk reports none.
      type: int
      sample: -1
    quota_readable:
      description: The same limit as a person reads it (V(2G), V(512M), V(unlimited)); null when Plesk reports none.
      type: str
      sample: unlimited
    aliases:
      description: The alias addresses, sorted.
      type: list
      elements: str
      sample: [contact@example.com, hello@example.com]
    forwarding:
      description: The forwarding of incoming mail.
      type: dict
      contains:
        enabled:
          description: Whether mail is forwarded.
          type: bool
          sample: true
        addresses:
          description: The target addresses, sorted.
          type: list
          elements: str
          sample: [sales-team@example.net]
    autoresponder:
      description: The automatic reply; its texts are null when none was ever set.
      type: dict
      contains:
        enabled:
          description: Whether the autoresponder answers.
          type: bool
          sample: false
        subject:
          description: Subject of the reply.
          type: str
          sample: null
        text:
          description: Body of the reply.
          type: str
          sample: null
        content_type:
          description: Format of the body.
          type: str
          sample: null
        charset:
          description: Character set of the reply.
          type: str
          sample: null
        forward_to:
          description: The address that receives a copy of each incoming mail.
          type: str
          sample: null
        end_date:
          description: The last day the autoresponder answers, V(YYYY-MM-DD), or null.
          returned: unless O(plesk_api_version) pins a protocol older than 1.6.8.0, which cannot report it
          type: str
          sample: null
    antivirus:
      description: Which mail the antivirus checks (V(off), V(inout), V(in), V(out)), or null when Plesk reports none.
      type: str
      sample: inout
    outgoing_messages_limit:
      description: The limit on outgoing messages per hour as Plesk reports it, or null.
      type: str
      sample: default
    description:
      description: The description; empty when none is set.
      type: str
      sample: General enquiries
site_id:
  description: The site id of the domain.
  returned: always
  type: int
  sample: 3
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
          or V(XmlParseError) (an answer that cannot be read), V(OptionError) (an option value that cannot be used), or
          V(PanelError) (anything else, such as a site that does not exist).
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
# END generated by tools/update_return_docs.py: error
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.hosting.mail.plugins.module_utils._module import run_module
from ansible_collections.hosting.mail.plugins.module_utils._plesk import idna_domain
from ansible_collections.hosting.mail.plugins.module_utils._plesk_mail import comparable, read_site
from ansible_collections.hosting.mail.plugins.module_utils._plesk_module import plesk_argument_spec, plesk_client
from ansible_collections.hosting.mail.plugins.module_utils._values import split_address


def list_accounts(module, result):
    params = module.params
    local = None
    domain = params['domain']
    if params['name']:
        local, name_domain = split_address(params['name'], 'name')
        domain = domain or name_domain
    domain = idna_domain(domain)
    client = plesk_client(module)
    site_id, found = read_site(client, domain, params['site_id'], [local] if local else [])
    accounts = [account for account in found.values() if account]
    result['site_id'] = site_id
    result['accounts'] = [dict(comparable(account, client.version), id=account['id'])
                          for account in sorted(accounts, key=lambda account: account['address'])]


def main():
    module = AnsibleModule(
        argument_spec=dict(plesk_argument_spec(), domain=dict(type='str'), name=dict(type='str'), site_id=dict(type='int')),
        required_one_of=[('domain', 'name')],
        supports_check_mode=True,
    )
    run_module(module, lambda result: list_accounts(module, result), libraries=('requests', 'lxml'))


if __name__ == '__main__':
    main()
