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
      - When the hosting user has neither there, the module warns that the user may not own the domain (the API lists
        no domains); O(panel_user) names whose mail is read.
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

- name: Addresses and their quotas
  ansible.builtin.debug:
    msg: "{{ item.address }}: {{ item.quota_readable }}"
  loop: "{{ shop_mail.mailboxes }}"
  loop_control:
    label: "{{ item.address }}"

- name: One domain, with the connection settings from module_defaults
  module_defaults:
    group/hosting.mail.brainycp:
      brainycp_url: https://panel.example.com:8000
      brainycp_username: admin
      brainycp_password: "{{ vault_brainycp_password }}"
  delegate_to: localhost
  block:
    - name: Read the mailboxes and forwards of shop.example
      hosting.mail.brainy_mailbox_info:
        panel_user: shop
        domain: shop.example
      register: shop_example

    - name: Fail if any forward sends mail outside the company
      ansible.builtin.assert:
        that: shop_example.forwards | map(attribute='targets') | flatten | reject('search', '@shop[.]example$') | list | length == 0
        fail_msg: A forward of shop.example sends mail to another domain.
'''

RETURN = r'''
mailboxes:
  description: The mailboxes, sorted by address; empty when there are none.
  returned: always
  type: list
  elements: dict
  contains:
    address:
      description: The mailbox address, lower-cased.
      type: str
      sample: orders@shop.example
    quota_mb:
      description: The quota in megabytes; V(0) for unlimited; null when the panel's listing does not show quotas.
      type: int
      sample: 2048
    quota_readable:
      description: The same quota as a person reads it (V(2G), V(500M), V(unlimited)); null when not shown.
      type: str
      sample: 2G
forwards:
  description: The forwards, sorted by source; empty when there are none.
  returned: always
  type: list
  elements: dict
  contains:
    source:
      description: The forwarded address, lower-cased.
      type: str
      sample: sales@shop.example
    targets:
      description: Where its mail goes, lower-cased and sorted.
      type: list
      elements: str
      sample: [anna@shop.example]
    save_local:
      description: Whether a copy stays in the source mailbox; null when the panel's listing does not show it.
      type: bool
      sample: true
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
          V(GarbledAnswerError) (an answer that cannot be read), V(OptionError) (an option value that cannot be used),
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
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.hosting.mail.plugins.module_utils._brainycp import address_domain, domain_key
from ansible_collections.hosting.mail.plugins.module_utils._brainycp_module import brainycp_argument_spec, brainycp_client
from ansible_collections.hosting.mail.plugins.module_utils._module import run_module
from ansible_collections.hosting.mail.plugins.module_utils._values import format_megabytes


def read(module, result):
    client = brainycp_client(module)
    domain = (module.params['domain'] or '').strip().rstrip('.').lower()

    def wanted(address):
        return not domain or domain_key(address_domain(address)) == domain_key(domain)

    boxes = client.mailboxes()
    forwards = client.forwards()
    result['mailboxes'] = [dict(address=address, quota_mb=quota, quota_readable=format_megabytes(quota))
                           for address, quota in sorted(boxes.items()) if wanted(address)]
    result['forwards'] = [dict(source=source, targets=entry['targets'], save_local=entry['save_local'])
                          for source, entry in sorted(forwards.items()) if wanted(source)]
    if domain and not result['mailboxes'] and not result['forwards']:
        # The API lists no domains: an empty answer may mean a domain of someone else, read for the wrong user.
        module.warn('%s has no mailbox or forward in %s: the hosting user may not own the domain (the BrainyCP API lists no '
                    'domains), or has no mail there yet. panel_user names the hosting user whose mail is read.'
                    % (client.hosting_user, domain))


def main():
    module = AnsibleModule(argument_spec=dict(brainycp_argument_spec(), domain=dict(type='str')), supports_check_mode=True)
    run_module(module, lambda result: read(module, result))


if __name__ == '__main__':
    main()
