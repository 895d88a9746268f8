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
    plesk_secret_key: "{{ vault_plesk_secret_key }}"
    plesk_api_version: "1.6.9.0"
  register: panel_users
  delegate_to: localhost

- name: Logins of the disabled ones
  ansible.builtin.debug:
    msg: "{{ panel_users.users | selectattr('status', 'equalto', 'disabled') | map(attribute='login') | list }}"

- name: One user, with the connection settings from module_defaults
  module_defaults:
    group/hosting.mail.plesk:
      plesk_url: https://panel.example.com:8443
      plesk_username: admin
      plesk_password: "{{ vault_plesk_password }}"
      plesk_api_version: "1.6.9.0"
  delegate_to: localhost
  block:
    - name: Read jane@example.com
      hosting.mail.plesk_user_info:
        login: jane@example.com
      register: jane

    - name: Fail unless Jane may manage every subscription of her owner
      ansible.builtin.assert:
        that:
          - jane.users | length == 1
          - jane.users[0].subscription_id == 0
        fail_msg: Jane is missing, or limited to one subscription.
'''

RETURN = r'''
users:
  description:
    - The users, sorted by login; empty when there are none, or when O(login) does not exist.
    - Each has the fields M(hosting.mail.plesk_user) returns in RV(hosting.mail.plesk_user#module:user). Never the
      password; Plesk does not report it.
  returned: always
  type: list
  elements: dict
  contains:
    login:
      description: The login, as Plesk stores it.
      type: str
      sample: jane@example.com
    id:
      description: The Plesk id of the user.
      type: int
      sample: 4
    guid:
      description: The GUID of the user.
      type: str
      sample: 3f0b4c1e-9d2a-4f64-8e5b-5a1f0c7d2e11
    name:
      description: The display (contact) name.
      type: str
      sample: Jane Doe
    email:
      description: The e-mail address, or null.
      type: str
      sample: jane@example.com
    status:
      description: V(enabled) or V(disabled).
      type: str
      sample: enabled
    owner_guid:
      description: GUID of the account (customer or administrator) the user belongs to.
      type: str
      sample: 0c7d2e11-5a1f-4f64-8e5b-3f0b4c1e9d2a
    external_id:
      description: The user's external id; empty when none is set.
      type: str
      sample: ''
    subscription_id:
      description: The id of the subscription the user may access; V(0) for all subscriptions of the owner.
      type: int
      sample: 1
    role:
      description: The name of the user's role.
      type: str
      sample: WebMaster
    built_in:
      description: Whether this is the account's own built-in user, which cannot be deleted or given another role.
      type: bool
      sample: false
    contact:
      description: Contact information; every field is present, empty when not set.
      type: dict
      sample: {company: Example Ltd, phone: "+49 30 1234567", fax: '', address: '', city: '', state: '', zip: '',
               country: '', im: '', im_type: '', comment: '', locale: ''}
      contains:
        company:
          description: Company name.
          type: str
        phone:
          description: Phone number.
          type: str
        fax:
          description: Fax number.
          type: str
        address:
          description: Postal address.
          type: str
        city:
          description: City.
          type: str
        state:
          description: State or province.
          type: str
        zip:
          description: Postal code.
          type: str
        country:
          description: Country code.
          type: str
        im:
          description: Instant messenger account.
          type: str
        im_type:
          description: Instant messenger type.
          type: str
        comment:
          description: A free comment.
          type: str
        locale:
          description: Interface language.
          type: str
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
          refused), V(TransportError) (no usable answer), V(CertificateError), V(HttpStatusError),
          V(GarbledAnswerError) or V(XmlParseError) (an answer that cannot be read), V(OptionError) (an option value that cannot be used),
          or V(PanelError) (anything else, such as a site that does not exist).
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
