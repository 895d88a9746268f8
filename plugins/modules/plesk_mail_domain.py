#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: plesk_mail_domain
short_description: Manage the mail settings of a Plesk domain
version_added: 0.2.0
author:
  - hosting.mail contributors (@hosting-mail)
description:
  - Switch the mail service of a Plesk domain on or off, and set what happens to mail for addresses that do not exist
    (bounce with a message, forward to one address (a catch-all), or reject), the webmail, greylisting and the signing
    of outgoing mail, through the XML API's C(<mail>) operations C(get_prefs), C(set_prefs), C(enable) and C(disable).
  - Each setting is managed only when it is given. The module reads the settings, sends only those that differ, then
    reads them back. If the panel did not keep the settings it was not sent (some panels reset them), the module sends
    the whole set once more, and fails naming what still differs.
  - A setting the panel does not report (some servers leave C(greylisting) out of their answer) cannot be compared, so it
    is sent on every run, reported as changed, with a warning.
  - B(Signing) is the C(spam-protect-sign) preference, which Plesk's docs call DomainKeys signing of outgoing mail. On
    current Plesk it is taken to be the DKIM switch of the domain's mail settings, which is how the simulator and
    M(hosting.mail.plesk_dns_auth) treat it; Plesk's docs do not confirm this.
seealso:
  - module: hosting.mail.plesk_dns_auth
  - module: hosting.mail.plesk_mail_info
extends_documentation_fragment:
  - hosting.mail.plesk
  - hosting.mail.attributes
  - hosting.mail.attributes.actiongroup_plesk
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
  idempotent:
    support: partial
    details:
      - Idempotent for every setting the panel reports. A setting it does not report is sent on every run.
options:
  domain:
    description:
      - The domain (an add-on site or a subscription's main domain), in Unicode or IDNA form.
    type: str
    required: true
  site_id:
    description:
      - The site id of O(domain), to save the lookup by name. It is checked to be the site of O(domain) before
        anything is written; a task whose O(site_id) is another domain's fails and changes nothing.
    type: int
  mail_service:
    description:
      - Whether the domain's mail service is on (C(<mail><enable>) / C(<disable>)). Switching it off stops mail for
        every account of the domain; the accounts are kept.
    type: bool
  unknown_recipient:
    description:
      - What happens to mail for an address of the domain that does not exist.
    type: dict
    suboptions:
      action:
        description:
          - V(bounce) sends the sender O(unknown_recipient.text); V(forward) delivers the mail to
            O(unknown_recipient.address) (a catch-all, which may be on another domain); V(reject) refuses it
            during the SMTP dialogue.
        type: str
        choices: [bounce, forward, reject]
        required: true
      text:
        description:
          - The bounce message; needed for V(bounce). Runs of white space count as one space, as Plesk stores it.
        type: str
      address:
        description:
          - The address that receives the mail; needed for V(forward).
        type: str
  webmail:
    description:
      - The webmail of the domain, by the name Plesk gives it, such as V(roundcube) or V(horde), or V(none). Which
        names a panel takes depends on what is installed on it; it refuses others.
    type: str
  greylisting:
    description:
      - Whether greylisting is on for the domain (the server-wide greylisting must be on for it to act).
    type: bool
  signing:
    description:
      - Whether outgoing mail of the domain is signed (C(spam-protect-sign), see the description). Switching it on
        makes Plesk publish the DKIM public key in the domain's DNS zone; see M(hosting.mail.plesk_dns_auth), which
        also returns that record.
    type: bool
notes:
  - The mail service is switched on before the other settings are written and off after them, so that a panel which
    does not report the settings of a domain without mail still gets them.
'''

EXAMPLES = r'''
---
- name: Catch-all for a shop domain, greylisting on
  hosting.mail.plesk_mail_domain:
    plesk_url: https://plesk.example.com:8443
    plesk_username: admin
    plesk_password: "{{ vault_plesk_password }}"
    domain: shop.example
    unknown_recipient:
      action: forward
      address: orders@shop.example
    greylisting: true
  delegate_to: localhost

- name: Several domains, with the connection settings from module_defaults
  module_defaults:
    group/hosting.mail.plesk:
      plesk_url: https://plesk.example.com:8443
      plesk_username: admin
      plesk_password: "{{ vault_plesk_password }}"
  delegate_to: localhost
  block:
    - name: Reject mail for unknown addresses, sign outgoing mail
      hosting.mail.plesk_mail_domain:
        domain: "{{ item }}"
        unknown_recipient:
          action: reject
        signing: true
      loop:
        - example.com
        - example.org

    - name: No mail at all for a parked domain
      hosting.mail.plesk_mail_domain:
        domain: parked.example
        mail_service: false
      register: parked

    - name: Show what the panel holds now
      ansible.builtin.debug:
        var: parked.settings

    - name: Would a catch-all change anything? Ask without writing
      hosting.mail.plesk_mail_domain:
        domain: example.com
        unknown_recipient:
          action: forward
          address: postmaster@example.com
      check_mode: true
      register: catch_all_plan

    - name: Show what would change
      ansible.builtin.debug:
        msg: "Would change {{ catch_all_plan.changed_fields | join(', ') }}"
      when: catch_all_plan is changed
'''

RETURN = r'''
site_id:
  description: The site id of the domain.
  returned: when the domain was found
  type: int
  sample: 12
# BEGIN generated by tools/update_return_docs.py: mail-settings (edit tools/return_docs.py, not here)
settings:
  description:
    - The domain's mail settings as the panel reports them after the task (in check mode, as it would hold them).
    - A setting the panel does not report is null.
  returned: when the domain was found
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
changed_fields:
  description: The settings that changed (or would change, in check mode).
  returned: always
  type: list
  elements: str
  sample: [unknown_recipient, greylisting]
completed_operations:
  description: The operations of the failed write that Plesk carried out before the one it refused.
  returned: when Plesk refused one operation of a write
  type: list
  elements: str
  sample: [mail/enable]
# BEGIN generated by tools/update_return_docs.py: write-outcome (edit tools/return_docs.py, not here)
write_outcome:
  description:
    - The answer to the write was lost (connection reset, timeout, garbled answer) and the settings were read back.
      V(done) means the panel holds the change, and the task goes on with a warning; V(not_done) (the change was not
      made and was not repeated) and V(unknown) (the read back failed too) come with a failed task.
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

from ansible_collections.hosting.mail.plugins.module_utils._module import run_module
from ansible_collections.hosting.mail.plugins.module_utils._plesk import idna_domain
from ansible_collections.hosting.mail.plugins.module_utils._plesk_module import mail_domain_spec, plesk_argument_spec, plesk_client
from ansible_collections.hosting.mail.plugins.module_utils import _plesk_domain as domains


def argument_spec():
    spec = plesk_argument_spec()
    spec.update(domain=dict(type='str', required=True), site_id=dict(type='int'))
    spec.update(mail_domain_spec())
    return spec


class MailDomainTask:
    """Read the settings, plan, then (unless check mode) write what differs and read back."""

    def __init__(self, module):
        self.module = module
        self.domain = idna_domain(module.params['domain'])
        self.desired = domains.desired_settings(module.params)
        self.client = plesk_client(module)

    def run(self, result):
        result.update(changed_fields=[])
        site_id, answers = domains.read_domain(self.client, self.domain, self.module.params['site_id'], domains.add_get_prefs)
        result['site_id'] = site_id
        current = domains.read_prefs(self.client, answers[0], self.domain)
        plan = domains.SettingsPlan(current, self.desired)
        result.update(changed=bool(plan.changed), changed_fields=plan.changed)
        if not (plan.switch_on and not self.module.check_mode):
            # (A site whose mail is off may report no settings: once it is on, the rest is planned from a new read.)
            self.warn_unreported([field for field in plan.unreported if field != 'mail_service'])
        if self.module._diff:
            result['diff'] = dict(before=current, after=plan.expected())
        if not plan.changed or self.module.check_mode:
            result['settings'] = plan.expected()
            return
        result['settings'] = self.write(result, site_id, plan)

    def write(self, result, site_id, plan):
        """Switch on, set what differs, switch off; read back; send the whole set once more if the panel lost some."""
        before = plan.current
        if plan.switch_on:
            self.send(result, site_id, {}, True, 'switching on the mail service of %s' % self.domain)
            # A panel that reported no settings while mail was off reports them now: plan the rest from them.
            before = domains.get_prefs(self.client, site_id, self.domain)
            plan = domains.SettingsPlan(before, self.desired)
            self.warn_unreported([field for field in plan.unreported if field != 'mail_service'])
            result['changed_fields'] = [field for field in domains.SETTINGS if field in plan.changed or field == 'mail_service']
        if plan.prefs or plan.switch_off:
            self.send(result, site_id, plan.prefs, False if plan.switch_off else None,
                      'the change of the mail settings of %s' % self.domain)
        after, reset = domains.keep_the_rest(
            self.client, site_id, self.domain, before, self.desired,
            lambda values, switch: self.send(result, site_id, values, switch, 'the mail settings of %s, sent whole' % self.domain))
        warning = domains.reset_warning(self.domain, reset, after)
        if warning:
            self.module.warn(warning)
        return after

    def send(self, result, site_id, values, switch, what):
        domains.write_settings(self.client, self.module.warn, result, site_id, self.domain, values, switch, what)

    def warn_unreported(self, fields):
        if fields:
            self.module.warn('Plesk does not report %s of %s, so the module cannot tell whether it differs; it is sent on '
                             'every run and reported as changed.' % (' and '.join(fields), self.domain))


def main():
    module = AnsibleModule(argument_spec=argument_spec(), supports_check_mode=True)
    run_module(module, lambda result: MailDomainTask(module).run(result), libraries=('requests', 'lxml'))


if __name__ == '__main__':
    main()
