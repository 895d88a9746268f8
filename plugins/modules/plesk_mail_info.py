#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: plesk_mail_info
short_description: List the mail accounts of a Plesk site, and its mail settings, SPF/DMARC/DKIM and spam filters
version_added: 0.1.0
author:
  - hosting.mail contributors (@hosting-mail)
description:
  - Read the mail accounts of one domain (an add-on site or a subscription's main domain) with their settings,
    or a single account, for audits and for C(when:) conditions.
  - With O(include), also the domain's mail settings (as M(hosting.mail.plesk_mail_domain) manages them), its SPF,
    DMARC and DKIM (as M(hosting.mail.plesk_dns_auth) does) and each account's spam filter (as
    M(hosting.mail.plesk_spamfilter) does), all read in at most three requests whatever the number of accounts.
seealso:
  - module: hosting.mail.plesk_mail
  - module: hosting.mail.plesk_mail_domain
  - module: hosting.mail.plesk_dns_auth
  - module: hosting.mail.plesk_spamfilter
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
  include:
    description:
      - What to read. V(accounts) the mail accounts (RV(accounts)); V(settings) the domain's mail settings
        (RV(settings)); V(dns_auth) its SPF, DMARC and DKIM (RV(dns_auth)); V(spam_filter) each account's spam filter
        (RV(accounts[].spam_filter), which reads the accounts too).
      - Plesk offers the spam filter through its API up to protocol 1.6.9.0; on newer servers set
        O(plesk_api_version=1.6.9.0) to read it.
    type: list
    elements: str
    choices: [accounts, settings, dns_auth, spam_filter]
    default: [accounts]
    version_added: 0.2.0
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

- name: Audit a domain - its mail settings, SPF/DMARC/DKIM and every spam filter
  hosting.mail.plesk_mail_info:
    plesk_url: https://panel.example.com:8443
    plesk_username: admin
    plesk_password: "{{ vault_plesk_password }}"
    plesk_api_version: "1.6.9.0"
    domain: example.com
    include: [accounts, settings, dns_auth, spam_filter]
  register: example_audit
  delegate_to: localhost

- name: Say what is missing
  ansible.builtin.debug:
    msg:
      - "Catch-all: {{ example_audit.settings.unknown_recipient }}"
      - "SPF records: {{ example_audit.dns_auth.spf | length }}, DMARC records: {{ example_audit.dns_auth.dmarc | length }}"
      - "Mailboxes without a spam filter: {{ example_audit.accounts | rejectattr('spam_filter.enabled') | map(attribute='address') | list }}"
'''

RETURN = r'''
accounts:
  description:
    - The accounts, sorted by address; empty when the domain has none, or when O(name) does not exist, or when
      O(include) has neither V(accounts) nor V(spam_filter).
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
    # BEGIN generated by tools/update_return_docs.py: spam-filter (edit tools/return_docs.py, not here)
    spam_filter:
      description: The mailbox's spam filter, as M(hosting.mail.plesk_spamfilter) returns it.
      returned: when O(include) has V(spam_filter)
      type: dict
      contains:
        enabled:
          description: Whether the filter is on.
          type: bool
          sample: true
        required_score:
          description: The score from which a mail is spam, as the panel writes it.
          type: str
          sample: '5.5'
        action:
          description: What happens to spam (V(mark), V(move), V(delete)).
          type: str
          sample: move
        rewrite_header:
          description: The text put before the subject of spam, as the panel reports it.
          type: str
          sample: '***SPAM***'
        allow:
          description: The allow list, sorted without regard to case, as the panel spells the patterns.
          type: list
          elements: str
          sample:
            - '*@partner.example'
        block:
          description: The block list, sorted without regard to case, as the panel spells the patterns.
          type: list
          elements: str
          sample:
            - '*@spam.example'
    # END generated by tools/update_return_docs.py: spam-filter
# BEGIN generated by tools/update_return_docs.py: mail-settings (edit tools/return_docs.py, not here)
settings:
  description:
    - The domain's mail settings, as M(hosting.mail.plesk_mail_domain) returns them.
    - A setting the panel does not report is null.
  returned: when O(include) has V(settings)
  type: dict
  contains:
    mail_service:
      description: Whether the mail service is on.
      type: bool
      sample: true
    unknown_recipient:
      description: What happens to mail for unknown addresses.
      type: dict
      contains:
        action:
          description: V(bounce), V(forward) or V(reject).
          type: str
          sample: bounce
        text:
          description: The bounce message.
          returned: with V(bounce)
          type: str
          sample: This address no longer accepts mail.
        address:
          description: The address that receives the mail.
          returned: with V(forward)
          type: str
          sample: postmaster@example.com
    webmail:
      description: The webmail.
      type: str
      sample: roundcube
    greylisting:
      description: Whether greylisting is on.
      type: bool
      sample: true
    signing:
      description: Whether outgoing mail is signed (C(spam-protect-sign)).
      type: bool
      sample: false
# END generated by tools/update_return_docs.py: mail-settings
# BEGIN generated by tools/update_return_docs.py: dns-auth (edit tools/return_docs.py, not here)
dns_auth:
  description: The SPF, DMARC and DKIM of the domain, as M(hosting.mail.plesk_dns_auth) returns them.
  returned: when O(include) has V(dns_auth)
  type: dict
  contains:
    dns_zone:
      description:
        - The domain's DNS zone on Plesk. V(enabled) (Plesk serves it), V(disabled) (switched off, the domain's DNS is
          served elsewhere), or V(none) (the domain has no zone on Plesk).
      type: str
      sample: enabled
    spf:
      description: The values of the SPF records of the zone apex.
      type: list
      elements: str
      sample:
        - v=spf1 +a +mx -all
    dmarc:
      description: The values of the DMARC records at C(_dmarc).
      type: list
      elements: str
      sample:
        - v=DMARC1; p=none
    dkim:
      description: Whether Plesk signs the domain's mail; null if the panel does not report it.
      type: bool
      sample: true
    dkim_record:
      description:
        - The DKIM public-key record Plesk publishes for the domain while signing is on, for a DNS served elsewhere.
          Null when signing is off, or when the zone holds no such record.
      type: dict
      contains:
        name:
          description: The record's full name.
          type: str
          sample: default._domainkey.example.com
        type:
          description: The record type.
          type: str
          sample: TXT
        value:
          description: The record's value.
          type: str
          sample: v=DKIM1; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC...
# END generated by tools/update_return_docs.py: dns-auth
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

from ansible_collections.hosting.mail.plugins.module_utils._errors import OptionError
from ansible_collections.hosting.mail.plugins.module_utils._module import run_module
from ansible_collections.hosting.mail.plugins.module_utils._plesk import idna_domain
from ansible_collections.hosting.mail.plugins.module_utils._plesk_mail import add_get_info, comparable, read_get_info
from ansible_collections.hosting.mail.plugins.module_utils._plesk_module import plesk_argument_spec, plesk_client
from ansible_collections.hosting.mail.plugins.module_utils._values import split_address
from ansible_collections.hosting.mail.plugins.module_utils import _plesk_domain as domains
from ansible_collections.hosting.mail.plugins.module_utils import _plesk_spamfilter as spam


def list_accounts(module, result):
    params = module.params
    local = None
    domain = params['domain']
    if params['name']:
        local, name_domain = split_address(params['name'], 'name')
        domain = domain or name_domain
    domain = idna_domain(domain)
    include = set(params['include'])
    if not include:
        raise OptionError('include must name at least one of accounts, settings, dns_auth and spam_filter.')
    read_accounts = bool(include & {'accounts', 'spam_filter'})
    read_domain = bool(include & {'settings', 'dns_auth'})
    locals_ = [local] if local else []
    client = plesk_client(module)

    def add_reads(packet, site_id):
        if read_domain:
            domains.add_auth_reads(packet, site_id)
        if read_accounts:
            add_get_info(packet, site_id, locals_)

    # One request for the site (unless site_id is given), one for the accounts and the domain's settings and records.
    site_id, answers = domains.read_domain(client, domain, params['site_id'], add_reads)
    result['site_id'] = site_id
    result['accounts'] = []
    if read_domain:
        state = domains.read_auth(client, answers[:3], domain)
        if 'settings' in include:
            result['settings'] = domains.read_prefs(client, answers[0], domain)
        if 'dns_auth' in include:
            result['dns_auth'] = dict(
                dns_zone=state['zone'], dkim=state['signing'],
                spf=domains.record_values(state['records'], '', domains.SPF_PREFIX),
                dmarc=domains.record_values(state['records'], domains.DMARC_HOST, domains.DMARC_PREFIX),
                dkim_record=domains.dkim_record(state['records'], domain) if state['signing'] else None)
        answers = answers[3:]
    if read_accounts:
        found = read_get_info(client, answers[0], site_id, locals_, domain)
        accounts = sorted((account for account in found.values() if account), key=lambda account: account['address'])
        result['accounts'] = [dict(comparable(account, client.version), id=account['id']) for account in accounts]
        if 'spam_filter' in include and accounts:
            read_spam_filters(client, result['accounts'])


def read_spam_filters(client, accounts):
    """Each account's spam filter, all in one request."""
    packet = client.packet()
    for account in accounts:
        spam.add_reads(packet, spam.mailbox(account['address']))
    answers = spam.send(client, packet, safe_to_repeat=True)
    for number, account in enumerate(accounts):
        account['spam_filter'] = spam.read(client, answers[3 * number:3 * number + 3], account['address'])


def main():
    module = AnsibleModule(
        argument_spec=dict(plesk_argument_spec(), domain=dict(type='str'), name=dict(type='str'), site_id=dict(type='int'),
                           include=dict(type='list', elements='str', default=['accounts'],
                                        choices=['accounts', 'settings', 'dns_auth', 'spam_filter'])),
        required_one_of=[('domain', 'name')],
        supports_check_mode=True,
    )
    run_module(module, lambda result: list_accounts(module, result), libraries=('requests', 'lxml'))


if __name__ == '__main__':
    main()
