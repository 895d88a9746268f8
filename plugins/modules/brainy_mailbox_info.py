#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: brainy_mailbox_info
short_description: List the mailboxes and forwards of a BrainyCP hosting user
version_added: 0.1.0
author:
  - hosting.mail contributors (@hosting-mail)
description:
  - Read the mailboxes (C(getlistmail)) and mail forwards (C(getforwardmail)) of a hosting user.
seealso:
  - module: hosting.mail.brainy_mailbox
  - module: hosting.mail.brainy_forward
extends_documentation_fragment:
  - hosting.mail.brainycp
  - hosting.mail.attributes
  - hosting.mail.attributes.info_module
  - hosting.mail.attributes.actiongroup_brainycp
options:
  domain:
    description:
      - Only mailboxes and forwards (by source) in this domain.
    type: str
'''

EXAMPLES = r'''
---
- name: What the hosting user "shop" has
  hosting.mail.brainy_mailbox_info:
    brainycp_url: https://panel.example.com:8000
    brainycp_username: admin
    brainycp_password: "{{ vault_brainycp_password }}"
    panel_user: shop
  register: shop_mail
  delegate_to: localhost

- name: Addresses
  ansible.builtin.debug:
    msg: "{{ shop_mail.mailboxes | map(attribute='address') | list }}"
'''

RETURN = r'''
mailboxes:
  description: The mailboxes, sorted by address.
  returned: always
  type: list
  elements: dict
  contains:
    address:
      description: The mailbox address.
      type: str
      sample: orders@shop.example
    quota_mb:
      description: The quota in megabytes; 0 for unlimited, null when the panel does not report quotas.
      type: int
      sample: 2048
forwards:
  description: The forwards, sorted by source.
  returned: always
  type: list
  elements: dict
  contains:
    source:
      description: The forwarded address.
      type: str
      sample: sales@shop.example
    targets:
      description: Where its mail goes.
      type: list
      elements: str
      sample: [anna@shop.example]
    save_local:
      description: Whether a copy stays in the source mailbox; null when the panel does not report it.
      type: bool
      sample: true
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.hosting.mail.plugins.module_utils._brainycp_module import brainycp_argument_spec, brainycp_client
from ansible_collections.hosting.mail.plugins.module_utils._module import run_module


def read(module, result):
    client = brainycp_client(module)
    suffix = '@' + module.params['domain'].strip().lower() if module.params['domain'] else ''
    boxes = client.mailboxes()
    forwards = client.forwards()
    result['mailboxes'] = [dict(address=address, quota_mb=quota) for address, quota in sorted(boxes.items())
                           if address.endswith(suffix)]
    result['forwards'] = [dict(source=source, targets=entry['targets'], save_local=entry['save_local'])
                          for source, entry in sorted(forwards.items()) if source.endswith(suffix)]


def main():
    module = AnsibleModule(argument_spec=dict(brainycp_argument_spec(), domain=dict(type='str')), supports_check_mode=True)
    run_module(module, lambda result: read(module, result))


if __name__ == '__main__':
    main()
