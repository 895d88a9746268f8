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
      - One account to read, as a full address. Its domain is used when O(domain) is not given.
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
  register: mail
  delegate_to: localhost

- name: Show the accounts without a mailbox
  ansible.builtin.debug:
    msg: "{{ mail.accounts | rejectattr('mailbox') | map(attribute='address') | list }}"

- name: One account
  hosting.mail.plesk_mail_info:
    name: info@example.com
  register: info
  delegate_to: localhost

- name: Act when it exists
  ansible.builtin.debug:
    msg: "Quota {{ info.accounts[0].quota }}"
  when: info.accounts | length > 0
'''

RETURN = r'''
accounts:
  description:
    - The accounts, sorted by address; empty when the domain has none, or when O(name) does not exist.
    - Each has the fields M(hosting.mail.plesk_mail) returns in RV(hosting.mail.plesk_mail#module:account).
  returned: always
  type: list
  elements: dict
  sample:
    - address: info@example.com
      id: 12
      site_id: 3
      mailbox: true
      quota: -1
      aliases: []
      forwarding: {enabled: false, addresses: []}
      autoresponder: {enabled: false, subject: null, text: null, content_type: null, charset: null, forward_to: null,
                      end_date: null}
      antivirus: inout
      outgoing_messages_limit: default
      description: ''
site_id:
  description: The site id of the domain.
  returned: always
  type: int
  sample: 3
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.hosting.mail.plugins.module_utils._errors import PanelError
from ansible_collections.hosting.mail.plugins.module_utils._module import run_module
from ansible_collections.hosting.mail.plugins.module_utils._plesk import idna_domain
from ansible_collections.hosting.mail.plugins.module_utils._plesk_mail import comparable, get_info
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
    site_id = params['site_id'] or client.site_id(domain)
    if site_id is None:
        raise PanelError('Plesk has no site or subscription named %s (looked up with site/get and webspace/get).' % domain)
    found = get_info(client, site_id, [local] if local else [], domain)
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
