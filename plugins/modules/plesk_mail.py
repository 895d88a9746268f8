#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: plesk_mail
short_description: Manage a mail account on a Plesk server
version_added: 0.1.0
author:
  - hosting.mail contributors (@hosting-mail)
description:
  - Create, change, rename and remove one mail account on a Plesk server through the XML API.
  - Each setting is managed only when it is given; settings left out keep their current value.
  - The module reads the account first, sends only what differs, and then reads it back.
seealso:
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
      - Idempotent unless O(update_password=always) or O(update_cp_access=always), which write those settings on
        every run because Plesk never reports them.
options:
  name:
    description:
      - The full mail address of the account, for example V(info@example.com).
      - The domain picks the site (an add-on domain or a subscription's main domain) unless O(site_id) is given.
      - Internationalised domains may be given in Unicode or in their C(xn--) form.
    type: str
    required: true
    aliases: [address]
  old_name:
    description:
      - Rename the account from this address (in the same domain) to O(name).
      - If only O(old_name) exists it is renamed; if only O(name) exists nothing is renamed; if both exist the module
        fails; if neither exists O(name) is created.
      - Only with O(state=present).
    type: str
  site_id:
    description:
      - The Plesk site id of the domain, to skip the lookup by domain name.
    type: int
  state:
    description:
      - V(present) creates or updates the account, V(absent) removes it (with its mail).
    type: str
    choices: [present, absent]
    default: present
  mailbox:
    description:
      - Whether the account has a mailbox. Without one it can only forward.
      - A new account gets a mailbox unless this is V(false).
    type: bool
  quota:
    description:
      - Mailbox size limit, such as V(512M), V(2G) or V(unlimited). A plain number means megabytes (MiB);
        K, M, G and T are powers of 1024.
      - "V(0) is refused: it means no limit on BrainyCP but an empty mailbox on Plesk; write V(unlimited)."
    type: str
  password:
    description:
      - The account's password. Plesk never reports it, see O(update_password).
      - Characters such as C(& < > " ') and non-ASCII letters are sent exactly as given.
    type: str
  password_type:
    description:
      - V(plain) sends O(password) as it is; V(crypt) sends a crypt hash, for migrations.
    type: str
    choices: [plain, crypt]
    default: plain
  update_password:
    description:
      - V(on_create) sets O(password) only when the account is created.
      - V(always) sends it on every run and so always reports a change, because Plesk cannot say whether it differs.
    type: str
    choices: [on_create, always]
    default: on_create
  cp_access:
    description:
      - Whether the mail user may log in to the Plesk panel with the address and mail password.
      - Plesk does not report this setting; see O(update_cp_access).
    type: bool
  update_cp_access:
    description:
      - V(on_create) applies O(cp_access) only when the account is created; V(always) on every run (reported as a change).
    type: str
    choices: [on_create, always]
    default: on_create
  aliases:
    description:
      - The exact list of alias addresses (or local parts) of the account, all in its domain. V([]) removes all.
    type: list
    elements: str
  forwarding:
    description:
      - Forwarding of incoming mail.
    type: dict
    suboptions:
      enabled:
        description: Whether mail is forwarded. Needs at least one address.
        type: bool
      addresses:
        description: The exact list of addresses mail is forwarded to.
        type: list
        elements: str
  autoresponder:
    description:
      - The automatic reply.
    type: dict
    suboptions:
      enabled:
        description: Whether the autoresponder answers.
        type: bool
      subject:
        description: Subject of the reply.
        type: str
      text:
        description: Body of the reply.
        type: str
      content_type:
        description: Format of O(autoresponder.text).
        type: str
        choices: [text/plain, text/html]
      charset:
        description: Character set of the reply, for example V(UTF-8).
        type: str
      forward_to:
        description: An address that receives a copy of each incoming mail while the autoresponder is on.
        type: str
      end_date:
        description:
          - Last day the autoresponder answers, as V(YYYY-MM-DD).
          - Needs Plesk protocol 1.6.7.0 or later (see O(plesk_api_version)).
        type: str
  antivirus:
    description:
      - Which mail the antivirus checks.
    type: str
    choices: ['off', inout, in, out]
  outgoing_messages_limit:
    description:
      - Limit on outgoing messages per hour for this mailbox, as Plesk takes it (a number, V(default) or V(unlimited)).
    type: str
  description:
    description:
      - A free text description of the account.
    type: str
notes:
  - Removing an account removes its mailbox and the mail in it.
'''

EXAMPLES = r'''
---
- name: Mail account with mailbox, quota and aliases
  hosting.mail.plesk_mail:
    plesk_url: https://panel.example.com:8443
    plesk_username: admin
    plesk_password: "{{ vault_plesk_password }}"
    name: info@example.com
    password: "{{ vault_info_password }}"
    quota: 2G
    aliases:
      - hello@example.com
      - contact
  delegate_to: localhost

- name: Connection settings once, for every Plesk task of the block
  module_defaults:
    group/hosting.mail.plesk:
      plesk_url: https://panel.example.com:8443
      plesk_secret_key: "{{ vault_plesk_secret_key }}"
      ca_path: /etc/ssl/certs/panel-ca.pem
  delegate_to: localhost
  block:
    - name: Accounts for the new team, passwords from the vault
      hosting.mail.plesk_mail:
        name: "{{ item.address }}"
        # The items hold no password: with -v Ansible prints each item whole, whatever the label says.
        password: "{{ vault_mail_passwords[item.address] }}"
        quota: "{{ item.quota | default(omit) }}"
      loop:
        - {address: anna@example.com, quota: 1G}
        - {address: ben@example.com}
      loop_control:
        label: "{{ item.address }}"

    - name: Out of office until the end of the month
      hosting.mail.plesk_mail:
        name: jane@example.com
        autoresponder:
          enabled: true
          subject: Away
          text: I am back on 1 December.
          end_date: "2026-11-30"

    - name: Forward a leaver's mail to a successor and turn the mailbox off
      hosting.mail.plesk_mail:
        name: john@example.com
        mailbox: false
        forwarding:
          enabled: true
          addresses: [jane@example.com]

    - name: Set a new password (Plesk cannot tell whether it differs, so this always reports a change)
      hosting.mail.plesk_mail:
        name: jane@example.com
        password: "{{ vault_jane_new_password }}"
        update_password: always

    - name: Move an account from an old server with its crypt hash
      hosting.mail.plesk_mail:
        name: legacy@example.com
        password: "{{ vault_legacy_password_hash }}"
        password_type: crypt

    - name: Rename an account; its mailbox and settings stay
      hosting.mail.plesk_mail:
        old_name: sales@example.com
        name: orders@example.com

    - name: See what a quota change would do, without changing anything
      hosting.mail.plesk_mail:
        name: info@example.com
        quota: 5G
      check_mode: true
      diff: true
      register: quota_preview

    - name: Show the settings that would change
      ansible.builtin.debug:
        msg: "Would change {{ quota_preview.changed_fields | join(', ') or 'nothing' }} of {{ quota_preview.account.address }}"

    - name: Remove an account and its mail
      hosting.mail.plesk_mail:
        name: old@example.com
        state: absent
'''

RETURN = r'''
account:
  description:
    - The account as it stands after the task (in check mode, as it would stand). Empty when O(state=absent).
    - Passwords and panel access are never included; Plesk does not report them.
  returned: always
  type: dict
  contains:
    address:
      description: The full address, lower-cased; an internationalised domain in its Unicode form.
      type: str
      sample: info@example.com
    id:
      description: The Plesk id of the account; null when it would be created in check mode.
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
      sample: 2147483648
    quota_readable:
      description: The same limit as a person reads it, as O(quota) takes it (V(2G), V(512M), V(unlimited)); null when Plesk reports none.
      type: str
      sample: 2G
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
          sample: false
        addresses:
          description: The target addresses, sorted.
          type: list
          elements: str
          sample: []
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
          sample: Away
        text:
          description: Body of the reply.
          type: str
          sample: I am back on 1 December.
        content_type:
          description: Format of the body.
          type: str
          sample: text/plain
        charset:
          description: Character set of the reply.
          type: str
          sample: UTF-8
        forward_to:
          description: The address that receives a copy of each incoming mail.
          type: str
          sample: null
        end_date:
          description: The last day the autoresponder answers, V(YYYY-MM-DD), or null.
          returned: unless O(plesk_api_version) pins a protocol older than 1.6.8.0, which cannot report it
          type: str
          sample: "2026-11-30"
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
      sample: Front desk
id:
  description: The Plesk id of the account; null when it is absent, or would be created in check mode.
  returned: always
  type: int
  sample: 12
site_id:
  description: The site id of the account's domain.
  returned: always
  type: int
  sample: 3
changed_fields:
  description:
    - What changed, or would change in check mode; empty when nothing did.
    - V(created), V(renamed) or V(removed) for those actions. Otherwise the settings, by option name
      (V(mailbox), V(quota), V(password), V(cp_access), V(aliases), V(antivirus), V(outgoing_messages_limit),
      V(description)), with the part of a section (V(forwarding.enabled), V(forwarding.addresses),
      V(autoresponder.subject), ...).
  returned: always
  type: list
  elements: str
  sample: [quota, aliases]
# BEGIN generated by tools/update_return_docs.py: write-outcome (edit tools/return_docs.py, not here)
write_outcome:
  description:
    - The answer to the write was lost (connection reset, timeout, garbled answer) and the account was read back.
      V(done) means the panel holds the change, and the task goes on with a warning; V(not_done) (the change was not
      made and was not repeated) and V(unknown) (the read back failed too) come with a failed task.
  returned: when the answer to a write was lost
  type: str
  sample: done
# END generated by tools/update_return_docs.py: write-outcome
completed_operations:
  description:
    - The operations that Plesk carried out before it refused one, for a change that needs several (for example
      V(mail/update/remove) done, V(mail/update/add) refused). Running the task again finishes the change.
  returned: when Plesk refused an operation of a change that was sent
  type: list
  elements: str
  sample: [mail/update/remove]
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

from ansible_collections.hosting.mail.plugins.module_utils._errors import OptionError, PanelError
from ansible_collections.hosting.mail.plugins.module_utils._module import run_module
from ansible_collections.hosting.mail.plugins.module_utils._outcomes import guarded_write
from ansible_collections.hosting.mail.plugins.module_utils._plesk import idna_domain
from ansible_collections.hosting.mail.plugins.module_utils._plesk_domain import send_checked
from ansible_collections.hosting.mail.plugins.module_utils._plesk_mail import (
    PASSWORD_MARKER, WRITE_ONLY, account_change, add_delta, claimed_names, clash_message, comparable,
    expected_account, follow_up, get_info, name_holders, not_taken, read_site, remove_operation,
)
from ansible_collections.hosting.mail.plugins.module_utils._plesk_module import mail_account_spec, plesk_argument_spec, plesk_client
from ansible_collections.hosting.mail.plugins.module_utils._values import parse_size, split_address


def argument_spec():
    spec = plesk_argument_spec()
    spec.update(
        name=dict(type='str', required=True, aliases=['address']),
        old_name=dict(type='str'),
        site_id=dict(type='int'),
        state=dict(type='str', choices=['present', 'absent'], default='present'),
    )
    spec.update(mail_account_spec())
    return spec


class MailAccountTask:
    """Read, delta, then (unless check mode) write one account."""

    def __init__(self, module):
        self.module = module
        params = module.params
        self.local, domain = split_address(params['name'], 'name')
        self.domain = idna_domain(domain)
        self.old_local = None
        if params['old_name']:
            self.old_local, old_domain = split_address(params['old_name'], 'old_name')
            if idna_domain(old_domain) != self.domain:
                raise OptionError('old_name %s is not in the domain of name %s; Plesk renames within a domain.'
                                  % (params['old_name'], params['name']))
        self.client = plesk_client(module, extra_secrets=[params['password']])
        self.params = dict(params, quota=parse_size(params['quota'], 'quota'))

    def address(self, local):
        return '%s@%s' % (local, self.domain)

    def run(self, result):
        names = [self.local] + ([self.old_local] if self.old_local and self.old_local != self.local else [])
        site_id, accounts = read_site(self.client, self.domain, self.params['site_id'], names)
        result['site_id'] = site_id
        current = accounts[self.local]
        if self.params['state'] == 'absent':
            self.remove(result, site_id, current)
        else:
            self.present(result, site_id, current, accounts.get(self.old_local))

    def remove(self, result, site_id, current):
        result.update(account={}, id=None, changed_fields=[])
        if current is None:
            self.set_diff(result, None, None)
            return
        result.update(changed=True, changed_fields=['removed'])
        self.set_diff(result, current, None)
        if not self.module.check_mode:
            def write():
                packet = self.client.packet()
                remove_operation(packet, site_id, self.local)
                self.client.single(self.client.send(packet)[0], 'mail/remove')

            guarded_write(self.module.warn, result, 'the removal of %s' % self.address(self.local), write,
                          lambda: get_info(self.client, site_id, [self.local], self.domain)[self.local] is None)

    def present(self, result, site_id, current, old):
        params = self.params
        rename_from = None
        if self.old_local and old is not None:
            if current is not None:
                raise PanelError('Cannot rename %s to %s: both accounts exist.'
                                 % (self.address(self.old_local), self.address(self.local)))
            rename_from, current = self.old_local, dict(old, address=self.address(self.local))
        change = account_change(params, self.address(self.local), self.domain, current, self.client.version)
        delta, desired, write_password = change.delta, change.desired, change.password_written
        self.check_names(site_id, claimed_names(delta, self.address(self.local), rename_from), rename_from)
        changed_fields = (['created'] if delta.create else []) + (['renamed'] if rename_from else [])
        changed_fields += [field for field in delta.changed_fields if not delta.create]
        after = expected_account(current, desired, self.address(self.local), site_id)
        result.update(changed=bool(changed_fields), changed_fields=changed_fields)
        self.set_diff(result, None if delta.create else (old if rename_from else current), after,
                      password_changed=write_password)
        if changed_fields and not self.module.check_mode:
            self.write(result, site_id, change, rename_from)
            after = self.converge(result, site_id, change)
        result['account'] = comparable(after, self.client.version) if after else {}
        result['account']['id'] = after.get('id') if after else None
        result['id'] = after.get('id') if after else None

    def check_names(self, site_id, claimed, rename_from):
        """Fail before any write (check mode too) when a name the delta gives is another account's name or alias."""
        if not claimed:
            return
        holders = name_holders(self.client, site_id, self.domain)
        mine = {self.address(self.local)} | ({self.address(rename_from)} if rename_from else set())
        for name in claimed:
            if holders.get(name) not in (None,) + tuple(mine):
                raise PanelError(clash_message(name, holders[name]))

    def write(self, result, site_id, change, rename_from=None):
        def send():
            packet = self.client.packet()
            add_delta(packet, site_id, self.local, change.delta, change.desired, change.current,
                      password_type=self.params['password_type'], rename_from=rename_from)
            # Raises on the first failed operation; the ones before it are reported as done (completed_operations).
            send_checked(self.client, packet, result)

        guarded_write(self.module.warn, result, 'the change of %s' % self.address(self.local), send,
                      lambda: self.holds(site_id, rename_from))

    def converge(self, result, site_id, change):
        """Read the account back; if the panel does not hold it as asked, one more round of deltas, then read again.

        A panel may do what the docs leave open in its own way (take a section whole, switch forwarding off
        when its list empties): the task ends in the state asked for, or fails saying what differs.
        """
        after = get_info(self.client, site_id, [self.local], self.domain)[self.local]
        if after is None:
            raise PanelError('Plesk accepted the change of %s but does not list the account afterwards.'
                             % self.address(self.local))
        again = follow_up(self.params, change, after, self.client.version)
        if not again.changed_fields:
            return after
        self.write(result, site_id, again)
        after = get_info(self.client, site_id, [self.local], self.domain)[self.local]
        still = follow_up(self.params, change, after, self.client.version) if after else again
        if after is None or still.changed_fields:
            raise PanelError(not_taken(still, after))
        return after

    def holds(self, site_id, rename_from=None):
        """After a lost answer: does the panel now hold the account as asked (write-only settings aside)?"""
        names = [self.local] + ([rename_from] if rename_from else [])
        now = get_info(self.client, site_id, names, self.domain)
        if now[self.local] is None or (rename_from and now[rename_from] is not None):
            return False
        again = account_change(self.params, self.address(self.local), self.domain, now[self.local], self.client.version)
        return not [field for field in again.delta.changed_fields if field not in WRITE_ONLY]

    def set_diff(self, result, before, after, password_changed=False):
        if not self.module._diff:
            return
        version = self.client.version
        shown_before, shown_after = comparable(before, version), comparable(after, version)
        if password_changed:
            shown_after['password'] = PASSWORD_MARKER
        result['diff'] = dict(before=shown_before, after=shown_after)


def main():
    module = AnsibleModule(argument_spec=argument_spec(), supports_check_mode=True)
    if module.params['old_name'] and module.params['state'] == 'absent':
        module.fail_json(msg='old_name renames an account and goes only with state=present.')
    run_module(module, lambda result: MailAccountTask(module).run(result), libraries=('requests', 'lxml'))


if __name__ == '__main__':
    main()
