#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: plesk_dns_auth
short_description: Manage the SPF and DMARC records and DKIM signing of a Plesk domain
version_added: 0.2.0
author:
  - hosting.mail contributors (@hosting-mail)
description:
  - The mail-authentication DNS of one domain on Plesk, the counterpart of M(hosting.mail.brainy_dns_auth). The SPF
    record (a TXT record at the zone apex whose value starts with C(v=spf1)) and the DMARC record (a TXT record at
    C(_dmarc) whose value starts with C(v=DMARC1)) get exactly the values given, or are removed; DKIM signing is
    switched on or off, and the DKIM public-key record Plesk publishes is returned (RV(dkim_record)), so that a
    domain whose DNS is served elsewhere can publish it there.
  - The module reads the domain's mail settings, its DNS zone and the zone's records in one request, and changes
    only what differs. Other records of the zone are never touched, and records are deleted only by their id.
  - B(One SPF record, never two.) A domain must publish one SPF record; with O(spf.state=present), the module adds the
    record if no SPF record has the value given, then deletes every other SPF record of the apex (for a moment
    between the two requests the zone holds both). The same holds for DMARC at C(_dmarc).
  - B(DKIM) is the C(spam-protect-sign) mail preference, see M(hosting.mail.plesk_mail_domain) on what is not
    confirmed about it. With signing on, Plesk publishes the public key as a TXT record at C(default._domainkey).
  - B(External DNS.) When the domain has no DNS zone on Plesk, or its zone is switched off (the domain's DNS is
    served elsewhere), the module does not write SPF or DMARC records (they would be published nowhere); it fails
    before any write if they are asked for, saying so, and returns RV(dns_zone) and, if Plesk has one, RV(dkim_record).
    O(dkim) alone works for such a domain.
seealso:
  - module: hosting.mail.plesk_mail_domain
  - module: hosting.mail.brainy_dns_auth
extends_documentation_fragment:
  - hosting.mail.plesk
  - hosting.mail.attributes
  - hosting.mail.attributes.actiongroup_plesk
attributes:
  check_mode:
    support: full
    details:
      - In check mode a DKIM record that switching signing on would create is not known yet; RV(dkim_record) is then
        null.
  diff_mode:
    support: full
  idempotent:
    support: full
options:
  domain:
    description:
      - The domain (an add-on site or a subscription's main domain), in Unicode or IDNA form.
    type: str
    required: true
  site_id:
    description:
      - The site id of O(domain), to save the lookup by name. It is checked to be the site of O(domain) before
        anything is written.
    type: int
  spf:
    description:
      - The SPF record of the domain. Unset, SPF records are left alone.
    type: dict
    suboptions:
      state:
        description:
          - V(present) makes the record's value O(spf.value) and leaves no other SPF record at the apex; V(absent)
            removes every SPF record of the apex.
        type: str
        choices: [present, absent]
        default: present
      value:
        description:
          - The whole record value, starting with C(v=spf1), for example C(v=spf1 +a +mx include:_spf.example.net -all).
            Needed with V(present). A value holding C(v=spf1) twice (two records in one) is refused.
        type: str
  dmarc:
    description:
      - The DMARC record of the domain (host C(_dmarc)). Unset, DMARC records are left alone.
    type: dict
    suboptions:
      state:
        description:
          - V(present) makes the record's value O(dmarc.value) and leaves no other DMARC record; V(absent) removes
            every DMARC record at C(_dmarc).
        type: str
        choices: [present, absent]
        default: present
      value:
        description:
          - The whole record value, starting with C(v=DMARC1) (exactly so, as RFC 7489 wants), for example
            C(v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com). Needed with V(present).
        type: str
  dkim:
    description:
      - Whether Plesk signs the domain's outgoing mail with DKIM (C(spam-protect-sign)). Unset, signing is left alone;
        RV(dkim_record) is returned either way.
    type: str
    choices: [enabled, disabled]
'''

EXAMPLES = r'''
---
- name: SPF, DMARC and DKIM for a domain whose DNS Plesk serves
  hosting.mail.plesk_dns_auth:
    plesk_url: https://plesk.example.com:8443
    plesk_username: admin
    plesk_password: "{{ vault_plesk_password }}"
    domain: example.com
    spf:
      value: v=spf1 +a +mx include:_spf.example.net -all
    dmarc:
      value: "v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com"
    dkim: enabled
  delegate_to: localhost

- name: A domain with external DNS - sign on Plesk, publish the key at the DNS provider
  delegate_to: localhost
  block:
    - name: Switch DKIM signing on and read the record to publish
      hosting.mail.plesk_dns_auth:
        plesk_url: https://plesk.example.com:8443
        plesk_username: admin
        plesk_password: "{{ vault_plesk_password }}"
        domain: shop.example
        dkim: enabled
      register: shop_auth

    - name: Show the record to publish at the DNS provider
      ansible.builtin.debug:
        msg: "{{ shop_auth.dkim_record.name }} TXT {{ shop_auth.dkim_record.value }}"
      when: shop_auth.dkim_record is not none

- name: Would a stricter DMARC policy change the zone? Ask without writing
  hosting.mail.plesk_dns_auth:
    plesk_url: https://plesk.example.com:8443
    plesk_username: admin
    plesk_password: "{{ vault_plesk_password }}"
    domain: example.com
    dmarc:
      value: "v=DMARC1; p=reject"
  check_mode: true
  diff: true
  register: dmarc_plan
  delegate_to: localhost

- name: Show the DMARC records now and as they would be
  ansible.builtin.debug:
    msg: "{{ dmarc_plan.diff.before.dmarc }} -> {{ dmarc_plan.diff.after.dmarc }}"
  when: dmarc_plan is changed

- name: No DMARC record at all
  hosting.mail.plesk_dns_auth:
    plesk_url: https://plesk.example.com:8443
    plesk_username: admin
    plesk_password: "{{ vault_plesk_password }}"
    domain: example.org
    dmarc:
      state: absent
  delegate_to: localhost
'''

RETURN = r'''
site_id:
  description: The site id of the domain.
  returned: when the domain was found
  type: int
  sample: 12
# BEGIN generated by tools/update_return_docs.py: dns-auth (edit tools/return_docs.py, not here)
dns_zone:
  description:
    - The domain's DNS zone on Plesk. V(enabled) (Plesk serves it), V(disabled) (switched off, the domain's DNS is
      served elsewhere), or V(none) (the domain has no zone on Plesk).
  returned: when the domain was found
  type: str
  sample: enabled
spf:
  description: The values of the SPF records of the zone apex after the task (in check mode, as they would be).
  returned: when the domain was found
  type: list
  elements: str
  sample:
    - v=spf1 +a +mx -all
dmarc:
  description: The values of the DMARC records at C(_dmarc) after the task (in check mode, as they would be).
  returned: when the domain was found
  type: list
  elements: str
  sample:
    - v=DMARC1; p=none
dkim:
  description: Whether Plesk signs the domain's mail; null if the panel does not report it.
  returned: when the domain was found
  type: bool
  sample: true
dkim_record:
  description:
    - The DKIM public-key record Plesk publishes for the domain while signing is on, for a DNS served elsewhere. Null
      when signing is off, or when the zone holds no such record.
  returned: when the domain was found
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
changed_fields:
  description: What changed (or would change, in check mode), of V(spf), V(dmarc) and V(dkim).
  returned: always
  type: list
  elements: str
  sample: [spf, dkim]
# BEGIN generated by tools/update_return_docs.py: write-outcome (edit tools/return_docs.py, not here)
write_outcome:
  description:
    - The answer to a write was lost (connection reset, timeout, garbled answer) and the domain was read back. V(done)
      means the panel holds the change, and the task goes on with a warning; V(not_done) (the change was not made and
      was not repeated) and V(unknown) (the read back failed too) come with a failed task.
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
        - The kind of error. V(ApiError) (Plesk refused an operation), V(AuthenticationError) (credentials or address
          refused), V(TransportError) (no usable answer), V(CertificateError), V(HttpStatusError), V(GarbledAnswerError)
          or V(XmlParseError) (an answer that cannot be read), V(WriteOutcomeError) (a write whose answer was lost, see
          RV(error.write_outcome)), V(OptionError) (an option value that cannot be used), or V(PanelError) (anything
          else, such as a site that does not exist).
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
    write_outcome:
      description: V(not_done) or V(unknown), as in RV(write_outcome).
      returned: for V(WriteOutcomeError)
      type: str
      sample: not_done
# END generated by tools/update_return_docs.py: error
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.hosting.mail.plugins.module_utils._errors import PanelError
from ansible_collections.hosting.mail.plugins.module_utils._module import run_module
from ansible_collections.hosting.mail.plugins.module_utils._outcomes import guarded_write
from ansible_collections.hosting.mail.plugins.module_utils._plesk import idna_domain
from ansible_collections.hosting.mail.plugins.module_utils._plesk_module import dns_auth_spec, plesk_argument_spec, plesk_client
from ansible_collections.hosting.mail.plugins.module_utils import _plesk_domain as domains


def argument_spec():
    spec = plesk_argument_spec()
    spec.update(domain=dict(type='str', required=True), site_id=dict(type='int'))
    spec.update(dns_auth_spec())
    return spec


class DnsAuthTask:
    """Read prefs, zone and records in one request; plan; then (unless check mode) write and read back."""

    def __init__(self, module):
        self.module = module
        params = module.params
        self.domain = idna_domain(params['domain'])
        self.kinds = domains.record_kinds(params)
        self.signing = None if params['dkim'] is None else params['dkim'] == 'enabled'
        self.client = plesk_client(module)

    def run(self, result):
        result.update(changed_fields=[])
        site_id, answers = domains.read_domain(self.client, self.domain, self.module.params['site_id'], domains.add_auth_reads)
        result['site_id'] = site_id
        current = domains.read_auth(self.client, answers, self.domain)
        self.report(result, current)
        if self.kinds and current['zone'] != 'enabled':
            raise PanelError('%s has %s on Plesk, so its DNS is served elsewhere: publish the SPF and DMARC records at '
                             'that DNS provider; nothing was changed.%s'
                             % (self.domain, 'no DNS zone' if current['zone'] == domains.ZONE_NONE else
                                'its DNS zone switched off', self.dkim_hint(current)))
        plans = [domains.RecordPlan(kind, host, prefix, current['records'], wanted) for kind, host, prefix, wanted in self.kinds]
        switch_signing = self.signing is not None and current['signing'] is not self.signing
        if switch_signing and current['signing'] is None:
            self.module.warn('Plesk does not report whether it signs the mail of %s; the switch is sent on every run.'
                             % self.domain)
        changed = [plan.kind for plan in plans if plan.changed] + (['dkim'] if switch_signing else [])
        result.update(changed=bool(changed), changed_fields=changed)
        expected = self.expected(current, plans)
        if self.module._diff:
            result['diff'] = dict(before=self.shown(current), after=self.shown(expected))
        if not changed or self.module.check_mode:
            self.report(result, expected)
            return
        try:
            self.write(result, site_id, plans, switch_signing, current['settings'])
        except PanelError:
            self.report_after_failure(result, site_id)
            raise
        after = domains.get_auth(self.client, site_id, self.domain)
        self.report(result, after)
        self.check(after, plans)

    def write(self, result, site_id, plans, switch_signing, settings):
        if switch_signing:
            self.sign(result, site_id, {'signing': self.signing}, None, 'switching DKIM signing of %s' % self.domain)
            # Signing is one of the domain's mail settings: a panel that resets the settings set_prefs is not sent
            # gets them back, as plesk_mail_domain does it.
            after, reset = domains.keep_the_rest(
                self.client, site_id, self.domain, settings, {'signing': self.signing},
                lambda values, switch: self.sign(result, site_id, values, switch,
                                                 'the mail settings of %s, sent whole' % self.domain))
            warning = domains.reset_warning(self.domain, reset, after)
            if warning:
                self.module.warn(warning)
        additions = [plan for plan in plans if plan.add is not None]
        if additions:
            def add():
                packet = self.client.packet()
                for plan in additions:
                    domains.add_record_operation(packet, site_id, plan.host, plan.add)
                domains.send_checked(self.client, packet)

            # Added first, deleted after: a refused addition leaves the old record in place.
            guarded_write(self.module.warn, result, 'adding the %s record of %s' % (' and '.join(p.kind.upper() for p in additions),
                                                                                    self.domain), add,
                          lambda: all(plan.add in self.values(site_id, plan) for plan in additions))
        deletions = [record['id'] for plan in plans for record in plan.delete]
        if deletions:
            def delete():
                packet = self.client.packet()
                for record_id in deletions:
                    domains.delete_record_operation(packet, record_id)
                domains.send_checked(self.client, packet)

            guarded_write(self.module.warn, result, 'deleting %d old record(s) of %s' % (len(deletions), self.domain), delete,
                          lambda: not set(deletions) & {record['id'] for record in domains.get_auth(
                              self.client, site_id, self.domain)['records']})

    def report_after_failure(self, result, site_id):
        """After a refused write, report what the panel holds (the writes before the refused one were done)."""
        try:
            self.report(result, domains.get_auth(self.client, site_id, self.domain))
        except PanelError:
            pass

    def sign(self, result, site_id, values, switch, what):
        # As plesk_mail_domain writes them, but with no completed_operations, and the switch not read back.
        domains.write_settings(self.client, self.module.warn, result, site_id, self.domain, values, switch, what,
                               record=False, check_switch=False)

    def values(self, site_id, plan):
        return domains.record_values(domains.get_auth(self.client, site_id, self.domain)['records'], plan.host,
                                     domains.SPF_PREFIX if plan.kind == 'spf' else domains.DMARC_PREFIX)

    def check(self, after, plans):
        """Fail, naming it, when the panel does not hold what it accepted."""
        wrong = []
        for plan in plans:
            prefix = domains.SPF_PREFIX if plan.kind == 'spf' else domains.DMARC_PREFIX
            values = [domains.txt_value(value) for value in domains.record_values(after['records'], plan.host, prefix)]
            if values != ([plan.wanted] if plan.wanted is not None else []):
                wrong.append('%s records %s' % (plan.kind.upper(), values))
        if self.signing is not None and after['signing'] is not None and after['signing'] is not self.signing:
            wrong.append('DKIM signing %s' % ('on' if after['signing'] else 'off'))
        if wrong:
            raise PanelError('Plesk accepted the changes of %s but holds %s afterwards.' % (self.domain, ', '.join(wrong)))
        if self.signing and after['zone'] != domains.ZONE_NONE and domains.dkim_record(after['records'], self.domain) is None:
            self.module.warn('Plesk signs the mail of %s, but its DNS zone holds no %s record.'
                             % (self.domain, domains.DKIM_HOST))

    def expected(self, current, plans):
        records = [record for record in current['records']
                   if all(record not in plan.delete for plan in plans)]
        records += [dict(id=None, type='TXT', host=plan.host, value=plan.add, opt='') for plan in plans if plan.add]
        signing = current['signing'] if self.signing is None else self.signing
        if signing is False:
            records = [record for record in records if record['host'] != domains.DKIM_HOST]
        return dict(current, records=records, signing=signing)

    def shown(self, state):
        return dict(spf=domains.record_values(state['records'], '', domains.SPF_PREFIX),
                    dmarc=domains.record_values(state['records'], domains.DMARC_HOST, domains.DMARC_PREFIX),
                    dkim=state['signing'])

    def report(self, result, state):
        result.update(self.shown(state), dns_zone=state['zone'],
                      dkim_record=domains.dkim_record(state['records'], self.domain) if state['signing'] else None)

    def dkim_hint(self, current):
        record = domains.dkim_record(current['records'], self.domain) if current['signing'] else None
        return ' The DKIM record to publish is in dkim_record.' if record else ''


def main():
    module = AnsibleModule(argument_spec=argument_spec(), supports_check_mode=True)
    run_module(module, lambda result: DnsAuthTask(module).run(result), libraries=('requests', 'lxml'))


if __name__ == '__main__':
    main()
