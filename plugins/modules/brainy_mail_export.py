#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: brainy_mail_export
short_description: Export the mail of BrainyCP hosting users as data of the mail_provisioning role
version_added: 0.2.0
author:
  - hosting.mail contributors (@hosting-mail)
description:
  - Read the mailboxes and forwards of BrainyCP hosting users and write them as the variables of the
    R(hosting.mail.mail_provisioning role,ansible_collections.hosting.mail.docsite.adopting)
    (C(mail_provisioning_panel), C(mail_provisioning_domains)), ready to be used as host_vars of the panel.
  - The role run with the export and C(mail_provisioning_prune=true) changes nothing on the panel it came from.
  - The file is deterministic (sorted, without a date), so a re-export of an unchanged panel is byte-identical, and
    C(changed) with C(--diff) shows what changed on the panel since the last export (a drift report).
  - Passwords cannot be read through the API and are never exported; each mailbox has a comment where its password
    would go. The role never changes the password of a mailbox that has none in the data.
  - The API lists neither hosting users nor domains nor the state of SPF and DKIM. The hosting users are named in
    O(panel_users); a user's domains are those its mailboxes and forwards are in; no C(spf) or C(dkim) is exported.
  - Two requests per hosting user (C(getlistmail), C(getforwardmail)).
seealso:
  - module: hosting.mail.plesk_mail_export
  - module: hosting.mail.brainy_mailbox_info
  - module: hosting.mail.brainy_mailboxes
extends_documentation_fragment:
  - hosting.mail.brainycp
  - hosting.mail.attributes
  - hosting.mail.attributes.actiongroup_brainycp
  - ansible.builtin.files
attributes:
  check_mode:
    support: full
    details:
      - In check mode the panel is read as in a real run, and O(dest) is not written.
  diff_mode:
    support: full
    details:
      - The diff shows the file as it was and as the export would write it.
  idempotent:
    support: full
options:
  dest:
    description:
      - The file to write the export to, on the host the task runs on (with C(delegate_to=localhost), the controller).
        Its directory must exist. Written only when its content changes (then the task reports V(changed)).
      - Without O(dest), the export is only returned (RV(data), RV(content)).
    type: path
  panel_users:
    description:
      - The hosting users whose mail to export; each domain of the export names its user in C(panel_user).
      - By default, the one O(panel_user) names, or else the API account's own (then the domains name no C(panel_user)).
    type: list
    elements: str
notes:
  - A domain in which a hosting user has neither a mailbox nor a forward is not seen, and not exported.
  - The quota of a mailbox is exported where the panel lists it; C(save_local) of a forward likewise.
'''

EXAMPLES = r'''
---
- name: Export the mail of two hosting users to a file on the controller
  hosting.mail.brainy_mail_export:
    brainycp_url: https://brainy.example.com:8000
    brainycp_username: admin
    brainycp_password: "{{ vault_brainycp_password }}"
    panel_users: [shop, blog]
    dest: "{{ inventory_dir }}/host_vars/{{ inventory_hostname }}/mail.yml"
  delegate_to: localhost
  register: export

- name: Say what was exported
  ansible.builtin.debug:
    msg: "{{ export.counts.domains }} domains, {{ export.counts.accounts }} mailboxes, {{ export.counts.forwards }} forwards"

- name: Show what changed on the panel since the last export, without writing the file
  hosting.mail.brainy_mail_export:
    brainycp_url: https://brainy.example.com:8000
    brainycp_username: admin
    brainycp_password: "{{ vault_brainycp_password }}"
    panel_users: [shop, blog]
    dest: "{{ inventory_dir }}/host_vars/{{ inventory_hostname }}/mail.yml"
  delegate_to: localhost
  check_mode: true
  diff: true
  register: drift

- name: Fail when the panel drifted
  ansible.builtin.assert:
    that: not drift.changed
    fail_msg: The panel changed since the last export; see the diff above.
'''

RETURN = r'''
data:
  description:
    - The role's variables, as the file holds them (without its comments).
    - Left out when the data holds the text of a secret option, which Ansible would mask; O(dest) then holds it.
  returned: success, unless the data holds the text of a secret option
  type: dict
  contains:
    mail_provisioning_panel:
      description: V(brainycp).
      type: str
      sample: brainycp
    mail_provisioning_domains:
      description: The domains, sorted by name, with their C(panel_user), C(accounts) and C(forwards).
      type: list
      elements: dict
      contains:
        name:
          description: The domain, as its addresses are listed.
          type: str
        panel_user:
          description: The hosting user the domain's mail belongs to.
          returned: when O(panel_users) or O(panel_user) names hosting users
          type: str
        accounts:
          description: The mailboxes, by local part, with C(quota) where the panel lists it.
          type: list
          elements: dict
          contains:
              name:
                description: The local part.
                type: str
              quota:
                description: The size limit, as the role writes it (V(500M), V(unlimited)).
                returned: where the panel lists it
                type: str
        forwards:
          description: The forwards, as C(source), C(targets) and C(save_local) (where the panel lists it).
          returned: when the domain has forwards
          type: list
          elements: dict
          contains:
              source:
                description: The local part whose mail is forwarded.
                type: str
              targets:
                description: The addresses it goes to.
                type: list
                elements: str
              save_local:
                description: Whether the source keeps a copy.
                returned: where the panel lists it
                type: bool
      sample:
        - name: shop.example
          panel_user: shop
          accounts:
            - {name: orders, quota: 1G}
          forwards:
            - {source: sales, targets: [boss@example.net, orders@shop.example], save_local: true}
content:
  description: The text of the file, a YAML document with a header of comments.
  returned: success, unless the data holds the text of a secret option
  type: str
  sample: "# The mail of a BrainyCP panel, ...\n---\nmail_provisioning_panel: brainycp\n"
dest:
  description: The file written (or, in check mode, that would be).
  returned: when O(dest) is given
  type: str
  sample: /srv/ansible/inventory/host_vars/brainy-prod/mail.yml
uid:
  description: The owner id of O(dest) (from Ansible's file attributes).
  returned: when O(dest) is given
  type: int
  sample: 1000
gid:
  description: The group id of O(dest).
  returned: when O(dest) is given
  type: int
  sample: 1000
owner:
  description: The owner name of O(dest).
  returned: when O(dest) is given
  type: str
  sample: ansible
group:
  description: The group name of O(dest).
  returned: when O(dest) is given
  type: str
  sample: ansible
mode:
  description: The permissions of O(dest).
  returned: when O(dest) is given
  type: str
  sample: "0644"
size:
  description: The size of O(dest) in bytes.
  returned: when O(dest) is given and exists
  type: int
  sample: 1884211
state:
  description: V(file), or V(absent) in check mode before the first export.
  returned: when O(dest) is given
  type: str
  sample: file
counts:
  description: How much was exported.
  returned: success
  type: dict
  contains:
    hosting_users:
      description: Hosting users read.
      type: int
      sample: 2
    domains:
      description: Domains exported.
      type: int
      sample: 3
    accounts:
      description: Mailboxes exported.
      type: int
      sample: 12
    forwards:
      description: Forwards exported.
      type: int
      sample: 4
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
          V(GarbledAnswerError) (an answer that cannot be read), V(OptionError) (an option value that cannot be used),
          or V(PanelError) (anything else, such as a change the panel accepted but does not list afterwards).
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
# END generated by tools/update_return_docs.py: error
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.hosting.mail.plugins.module_utils._brainycp_export import NOTES, export
from ansible_collections.hosting.mail.plugins.module_utils._brainycp_module import brainycp_argument_spec, brainycp_client
from ansible_collections.hosting.mail.plugins.module_utils._export import header, render, without_comments
from ansible_collections.hosting.mail.plugins.module_utils._module import export_argument_spec, finish_export, run_module


def run(module, result):
    panel_users = module.params['panel_users'] or [module.params['panel_user']]
    data, counts = export(brainycp_client(module), list(dict.fromkeys(panel_users)))
    result['counts'] = counts
    content = render(header('BrainyCP', 'brainy_mail_export', NOTES), data)
    finish_export(module, result, content, without_comments(data))


def main():
    module = AnsibleModule(
        argument_spec=dict(brainycp_argument_spec(), **export_argument_spec(), panel_users=dict(type='list', elements='str')),
        supports_check_mode=True,
        add_file_common_args=True,
    )
    run_module(module, lambda result: run(module, result))


if __name__ == '__main__':
    main()
