#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: plesk_user_info
short_description: List Plesk panel users
version_added: 0.1.0
author:
  - hosting.mail contributors (@hosting-mail)
description:
  - Read the additional panel users of a Plesk server (all, or one login) with their settings and role.
  - Plesk documents the C(<user>) operator for protocols 1.6.3.0 to 1.6.9.0; on newer servers set
    O(plesk_api_version=1.6.9.0).
seealso:
  - module: hosting.mail.plesk_user
extends_documentation_fragment:
  - hosting.mail.plesk
  - hosting.mail.attributes
  - hosting.mail.attributes.info_module
  - hosting.mail.attributes.actiongroup_plesk
options:
  login:
    description:
      - Only this user (compared without regard to case).
    type: str
'''

EXAMPLES = r'''
---
- name: Every panel user
  hosting.mail.plesk_user_info:
    plesk_url: https://panel.example.com:8443
    plesk_secret_key: "{{ vault_plesk_key }}"
    plesk_api_version: "1.6.9.0"
  register: panel_users
  delegate_to: localhost

- name: Logins of the disabled ones
  ansible.builtin.debug:
    msg: "{{ panel_users.users | selectattr('status', 'equalto', 'disabled') | map(attribute='login') | list }}"
'''

RETURN = r'''
users:
  description:
    - The users, sorted by login; empty when there are none, or when O(login) does not exist.
    - Each has the fields M(hosting.mail.plesk_user) returns in RV(hosting.mail.plesk_user#module:user).
  returned: always
  type: list
  elements: dict
  sample:
    - login: jane@example.com
      id: 4
      guid: 3f0b4c1e-9d2a-4f64-8e5b-5a1f0c7d2e11
      name: Jane Doe
      email: jane@example.com
      status: enabled
      owner_guid: 0c7d2e11-5a1f-4f64-8e5b-3f0b4c1e9d2a
      external_id: ''
      subscription_id: 1
      role: WebMaster
      built_in: false
      contact: {company: Example Ltd, phone: '', fax: '', address: '', city: '', state: '', zip: '', country: '',
                im: '', im_type: '', comment: '', locale: ''}
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.hosting.mail.plugins.module_utils._module import run_module
from ansible_collections.hosting.mail.plugins.module_utils._plesk_module import plesk_argument_spec, plesk_client
from ansible_collections.hosting.mail.plugins.module_utils._plesk_user import find_user, list_users


def read_users(module, result):
    everyone = list_users(plesk_client(module))
    if module.params['login']:
        found = find_user(everyone, module.params['login'])
        everyone = [found] if found else []
    result['users'] = sorted(everyone, key=lambda user: (user['login'] or '').lower())


def main():
    module = AnsibleModule(argument_spec=dict(plesk_argument_spec(), login=dict(type='str')), supports_check_mode=True)
    run_module(module, lambda result: read_users(module, result), libraries=('requests', 'lxml'))


if __name__ == '__main__':
    main()
