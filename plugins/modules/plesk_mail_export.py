#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: plesk_mail_export
short_description: Export the mail of a Plesk panel as data of the mail_provisioning role
version_added: 0.2.0
author:
  - hosting.mail contributors (@hosting-mail)
description:
  - Read what a Plesk panel holds (its domains with their mail settings, SPF, DMARC and DKIM, their mail accounts with
    their spam filters, forwards, and its panel users) and write it
    as the variables of the R(hosting.mail.mail_provisioning role,ansible_collections.hosting.mail.docsite.adopting)
    (C(mail_provisioning_panel), C(mail_provisioning_domains), C(mail_provisioning_users)), ready to be used as
    host_vars of the panel.
  - The role run with the export and C(mail_provisioning_prune=true) changes nothing on the panel it came from.
  - The file is deterministic (sorted, without a date), so a re-export of an unchanged panel is byte-identical, and
    C(changed) with C(--diff) shows what changed on the panel since the last export (a drift report).
  - Passwords cannot be read through the API and are never exported; each account and user has a comment where its
    password would go. The role never changes the password of an account or user that has none in the data.
  - A few requests whatever the size of the panel; one to list the domains, one per 500 domains for their accounts,
    settings and records, one per 500 mailboxes for the spam filters, one for the users.
  - See the guide R(Adopting an existing panel,ansible_collections.hosting.mail.docsite.adopting).
seealso:
  - module: hosting.mail.brainy_mail_export
  - module: hosting.mail.plesk_mail_info
  - module: hosting.mail.plesk_mail_accounts
extends_documentation_fragment:
  - hosting.mail.plesk
  - hosting.mail.attributes
  - hosting.mail.attributes.actiongroup_plesk
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
  domains:
    description:
      - Export only these domains (names as Plesk shows them, or their IDNA form). By default, every domain.
      - A domain Plesk does not have fails the task before anything is exported.
    type: list
    elements: str
  include:
    description:
      - What to export besides the accounts, forwards and users. V(settings) gives each domain the keys
        C(catch_all) or C(unknown_recipient), C(mail_service), C(greylisting) and C(webmail); V(dns_auth) its C(spf),
        C(dmarc) (a value, or V(absent)) and C(dkim); V(spam_filter) each mailbox's C(spam_filter) (when it is on or
        has a list).
      - The role converges these keys with one loop item per domain (or mailbox) that has them, so on a panel of
        thousands of domains a run of the role with them takes much longer than without. Leave out what you do not
        mean to manage with the role; it leaves keys it is not given alone.
      - C(<spamfilter>) and the panel users are offered by Plesk up to protocol 1.6.9.0; on newer servers set
        O(plesk_api_version=1.6.9.0), or leave V(spam_filter) out and set O(users=false).
    type: list
    elements: str
    choices: [settings, dns_auth, spam_filter]
    default: [settings, dns_auth, spam_filter]
  users:
    description:
      - Whether to export the panel users (C(mail_provisioning_users)). Built-in users are never exported.
      - With V(false), the role run with the export and O(hosting.mail.mail_provisioning#role:main:mail_provisioning_prune)
        leaves every panel user alone.
    type: bool
    default: true
notes:
  - Fields the panel reports empty (no aliases, no description, an autoresponder never set up, forwarding off, a spam
    filter that is off with empty lists) are left out of an entry; the role leaves out keys alone.
  - SPF and DMARC are exported only for domains whose DNS zone the panel serves; two SPF (or DMARC) records cannot be
    one value of the role, and are left out with a note.
  - A forward is the forwarding of its source account on Plesk. Forwarding that is off keeps its addresses on the panel,
    but is not exported.
'''

EXAMPLES = r'''
---
- name: Export the mail of the panel to a file on the controller
  hosting.mail.plesk_mail_export:
    plesk_url: https://plesk.example.com:8443
    plesk_username: admin
    plesk_password: "{{ vault_plesk_password }}"
    dest: "{{ inventory_dir }}/host_vars/{{ inventory_hostname }}/mail.yml"
  delegate_to: localhost
  register: export

- name: Say what was exported
  ansible.builtin.debug:
    msg: "{{ export.counts.domains }} domains, {{ export.counts.accounts }} accounts, {{ export.counts.users }} users"

- name: Show what changed on the panel since the last export, without writing the file
  hosting.mail.plesk_mail_export:
    plesk_url: https://plesk.example.com:8443
    plesk_username: admin
    plesk_password: "{{ vault_plesk_password }}"
    dest: "{{ inventory_dir }}/host_vars/{{ inventory_hostname }}/mail.yml"
  delegate_to: localhost
  check_mode: true
  diff: true
  register: drift

- name: Fail when the panel drifted
  ansible.builtin.assert:
    that: not drift.changed
    fail_msg: The panel changed since the last export; see the diff above.

- name: Two domains, returned as data only
  hosting.mail.plesk_mail_export:
    plesk_url: https://plesk.example.com:8443
    plesk_username: admin
    plesk_password: "{{ vault_plesk_password }}"
    domains: [example.com, example.org]
    users: false
    include: []
  delegate_to: localhost
  register: two_domains

- name: The accounts of the first domain
  ansible.builtin.debug:
    msg: "{{ two_domains.data.mail_provisioning_domains[0].accounts | map(attribute='name') | list }}"
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
      description: V(plesk).
      type: str
      sample: plesk
    mail_provisioning_domains:
      description: The domains, sorted by name, with their C(accounts) and C(forwards), sorted by name.
      type: list
      elements: dict
      contains:
        name:
          description: The domain, as Plesk shows it (IDN in Unicode).
          type: str
        spf:
          description: The value of its SPF record, or V(absent); only in a zone the panel serves, with O(include) V(dns_auth).
          returned: when known
          type: str
        dmarc:
          description: The value of its DMARC record, or V(absent), as for C(spf).
          returned: when known
          type: str
        dkim:
          description: V(enabled) or V(disabled) (DKIM signing), with O(include) V(dns_auth).
          returned: when reported
          type: str
        catch_all:
          description: The address that gets mail for unknown addresses, with O(include) V(settings).
          returned: when mail for unknown addresses is forwarded
          type: str
        unknown_recipient:
          description: What happens to mail for unknown addresses otherwise (C(action) V(bounce) with C(text), or V(reject)).
          returned: when mail for unknown addresses is bounced or rejected
          type: dict
          contains:
              action:
                description: V(bounce) or V(reject).
                type: str
              text:
                description: The bounce message.
                returned: for V(bounce)
                type: str
        mail_service:
          description: Whether the domain's mail service is on, with O(include) V(settings).
          returned: when reported
          type: bool
        greylisting:
          description: Whether greylisting is on, with O(include) V(settings).
          returned: when reported
          type: bool
        webmail:
          description: The webmail of the domain, with O(include) V(settings).
          returned: when reported
          type: str
        accounts:
          description:
            - The mail accounts, by local part, with what the panel reports and the role manages (the options of
              M(hosting.mail.plesk_mail) of the same names); C(spam_filter) with O(include) V(spam_filter).
          type: list
          elements: dict
          contains:
              name:
                description: The local part.
                type: str
              mailbox:
                description: V(false) for an account without a mailbox (forward only, or switched off).
                returned: when there is none
                type: bool
              quota:
                description: The size limit, as the role writes it (V(2G), V(unlimited)).
                returned: with a mailbox, unless 0
                type: str
              aliases:
                description: The aliases, by local part.
                returned: when there are any
                type: list
                elements: str
              autoresponder:
                description: The automatic reply.
                returned: when on or set up
                type: dict
                contains:
                  enabled:
                    description: Whether it answers.
                    type: bool
                  subject:
                    description: Subject of the reply.
                    returned: when set
                    type: str
                  text:
                    description: Body of the reply.
                    returned: when set
                    type: str
                  content_type:
                    description: Format of the body.
                    returned: when set
                    type: str
                  charset:
                    description: Character set.
                    returned: when set
                    type: str
                  forward_to:
                    description: Where a copy of each mail goes.
                    returned: when set
                    type: str
                  end_date:
                    description: Last day it answers (from protocol 1.6.8.0).
                    returned: when set
                    type: str
              antivirus:
                description: Which mail the antivirus checks.
                returned: when reported
                type: str
              outgoing_messages_limit:
                description: Outgoing messages per hour.
                returned: when reported
                type: str
              description:
                description: A description.
                returned: when not empty
                type: str
              spam_filter:
                description: The spam filter, with O(include) V(spam_filter).
                returned: when on or with a list
                type: dict
                contains:
                  enabled:
                    description: Whether the filter is on.
                    type: bool
                  required_score:
                    description: The score from which a mail is spam.
                    returned: when set
                    type: str
                  action:
                    description: What happens to spam (V(mark), V(move), V(delete)).
                    returned: when set
                    type: str
                  rewrite_header:
                    description: The text put before the subject of spam.
                    returned: when set
                    type: str
                  allow:
                    description: The allow list.
                    returned: when set
                    type: list
                    elements: str
                  block:
                    description: The block list.
                    returned: when set
                    type: list
                    elements: str
        forwards:
          description: The forwarding of the accounts whose forwarding is on, as C(source) and C(targets).
          returned: when an account forwards
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
      sample:
        - name: example.com
          spf: v=spf1 +a +mx -all
          dmarc: absent
          dkim: enabled
          catch_all: office@example.com
          mail_service: true
          greylisting: true
          webmail: roundcube
          accounts:
            - {name: info, quota: 2G, aliases: [contact], antivirus: inout, spam_filter: {enabled: true, action: move}}
          forwards:
            - {source: info, targets: [office@example.net]}
    mail_provisioning_users:
      description:
        - The panel users, sorted by login; only with O(users). Each has C(login) and what the panel reports of the
          options of M(hosting.mail.plesk_user) of the same names (C(name), C(email), C(role), C(subscription),
          C(status), C(contact), C(external_id), C(owner_guid)).
      returned: when O(users) is true
      type: list
      elements: dict
      contains:
        login:
          description: The login.
          type: str
        name:
          description: The display name.
          returned: when set
          type: str
        email:
          description: The e-mail address.
          returned: when set
          type: str
        role:
          description: The role.
          returned: when set
          type: str
        subscription:
          description: The subscription it may access, or V(all).
          returned: when known
          type: str
        status:
          description: V(enabled) or V(disabled).
          returned: when reported
          type: str
        contact:
          description: The contact fields that are not empty.
          returned: when any is set
          type: dict
          contains:
            company:
              description: Contact field company.
              returned: when set
              type: str
            phone:
              description: Contact field phone.
              returned: when set
              type: str
            fax:
              description: Contact field fax.
              returned: when set
              type: str
            address:
              description: Contact field address.
              returned: when set
              type: str
            city:
              description: Contact field city.
              returned: when set
              type: str
            state:
              description: Contact field state.
              returned: when set
              type: str
            zip:
              description: Contact field zip.
              returned: when set
              type: str
            country:
              description: Contact field country.
              returned: when set
              type: str
            im:
              description: Contact field im.
              returned: when set
              type: str
            im_type:
              description: Contact field im_type.
              returned: when set
              type: str
            comment:
              description: Contact field comment.
              returned: when set
              type: str
            locale:
              description: Contact field locale.
              returned: when set
              type: str
        external_id:
          description: The external id.
          returned: when set
          type: str
        owner_guid:
          description: The GUID of its owner.
          returned: when reported
          type: str
      sample:
        - {login: jane, name: Jane Doe, email: jane@example.com, role: WebMaster, subscription: example.com}
content:
  description: The text of the file, a YAML document with a header of comments.
  returned: success, unless the data holds the text of a secret option
  type: str
  sample: "# The mail of a plesk panel, ...\n---\nmail_provisioning_panel: plesk\n"
dest:
  description: The file written (or, in check mode, that would be).
  returned: when O(dest) is given
  type: str
  sample: /srv/ansible/inventory/host_vars/plesk-prod/mail.yml
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
    domains:
      description: Domains exported.
      type: int
      sample: 1000
    accounts:
      description: Mail accounts exported.
      type: int
      sample: 10000
    users:
      description: Panel users exported.
      type: int
      sample: 12
notes:
  description: What the panel holds that the data cannot say (for example a quota of 0); also in the file's header.
  returned: success
  type: list
  elements: str
  sample: []
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

from ansible_collections.hosting.mail.plugins.module_utils._export import header, render, without_comments
from ansible_collections.hosting.mail.plugins.module_utils._module import export_argument_spec, finish_export, run_module
from ansible_collections.hosting.mail.plugins.module_utils._plesk_export import INCLUDE, export
from ansible_collections.hosting.mail.plugins.module_utils._plesk_module import plesk_argument_spec, plesk_client


def run(module, result):
    data, notes, counts = export(plesk_client(module), module.params['domains'], users=module.params['users'],
                                 include=module.params['include'])
    result.update(counts=counts, notes=notes)
    content = render(header('Plesk', 'plesk_mail_export', notes), data)
    finish_export(module, result, content, without_comments(data))


def main():
    module = AnsibleModule(
        argument_spec=dict(plesk_argument_spec(), **export_argument_spec(), domains=dict(type='list', elements='str'),
                           users=dict(type='bool', default=True),
                           include=dict(type='list', elements='str', default=list(INCLUDE), choices=list(INCLUDE))),
        supports_check_mode=True,
        add_file_common_args=True,
    )
    run_module(module, lambda result: run(module, result), libraries=('requests', 'lxml'))


if __name__ == '__main__':
    main()
