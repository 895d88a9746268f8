#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: plesk_mail_accounts
short_description: Converge many mail accounts of one Plesk site in one task
version_added: 0.1.0
author:
  - hosting.mail contributors (@hosting-mail)
description:
  - The bulk sibling of M(hosting.mail.plesk_mail), for hundreds or thousands of accounts of one domain.
  - It looks the site up once, reads every account of the site with one C(get_info), plans each account exactly as
    M(hosting.mail.plesk_mail) does, and sends the creates, updates and removals in a few packets of O(batch_size)
    accounts each. A converged site costs two requests and no write.
  - When some accounts fail and others succeed, the task fails and reports each account's outcome; the ones that
    succeeded count as changed, and running the task again finishes the job without repeating them.
  - Renaming is not offered here; use M(hosting.mail.plesk_mail) with O(hosting.mail.plesk_mail#module:old_name).
notes:
  - >-
    Progress: when the module runs on the controller (C(delegate_to: localhost), or panel hosts with
    C(ansible_connection: local)), a run that takes more than two seconds prints lines such as
    C(plesk_mail_accounts [panel1] example.com: 300/1000 accounts written), with the share and the batch, while it works: at each
    new phase (reading, planning, writing, reading back) and otherwise at most every five seconds, or after every
    packet with C(-vv); then how long it took. Shorter runs print none. In check mode they show reading and planning
    only. They hold counts and the domain, never a password or a panel's text.
  - Over any other connection, or with C(async), no progress is shown; the module works the same.
seealso:
  - module: hosting.mail.plesk_mail
  - module: hosting.mail.plesk_mail_info
extends_documentation_fragment:
  - hosting.mail.plesk
  - hosting.mail.attributes
  - hosting.mail.attributes.actiongroup_plesk
attributes:
  action:
    description: Has an action plugin of the same name, which runs on the controller around the module.
    support: full
    details:
      - It only shows the progress of long runs; see the notes.
  check_mode:
    support: full
  diff_mode:
    support: full
  idempotent:
    support: partial
    details:
      - Idempotent unless an account asks for V(always) in C(update_password) or C(update_cp_access).
options:
  domain:
    description:
      - The domain (an add-on site or a subscription's main domain) whose accounts to converge. Internationalised
        domains may be given in Unicode or in their C(xn--) form.
    type: str
    required: true
  site_id:
    description:
      - The Plesk site id of O(domain), to skip the lookup.
    type: int
  accounts:
    description:
      - The accounts. Each takes the options of M(hosting.mail.plesk_mail) listed here, with the same meaning;
        settings left out keep their current value.
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description: Local part, or full address in O(domain).
        type: str
        required: true
      state:
        description: V(present) or V(absent).
        type: str
        choices: [present, absent]
        default: present
      mailbox:
        description: Whether the account has a mailbox; a new account gets one unless this is V(false).
        type: bool
      quota:
        description:
          - Mailbox size limit, such as V(512M), V(2G) or V(unlimited); a plain number means megabytes.
          - "V(0) is refused: it means no limit on BrainyCP but an empty mailbox on Plesk; write V(unlimited)."
        type: str
      password:
        description: The password; see O(accounts[].update_password).
        type: str
      password_type:
        description: V(plain) or V(crypt) (a crypt hash, for migrations).
        type: str
        choices: [plain, crypt]
        default: plain
      update_password:
        description: V(on_create) sets the password only on creation; V(always) on every run (reported as a change).
        type: str
        choices: [on_create, always]
        default: on_create
      cp_access:
        description: Whether the mail user may log in to Plesk.
        type: bool
      update_cp_access:
        description: V(on_create) or V(always), as O(accounts[].update_password).
        type: str
        choices: [on_create, always]
        default: on_create
      aliases:
        description: The exact list of aliases (local parts or addresses in O(domain)).
        type: list
        elements: str
      forwarding:
        description: Forwarding, as O(hosting.mail.plesk_mail#module:forwarding).
        type: dict
        suboptions:
          enabled:
            description: Whether mail is forwarded.
            type: bool
          addresses:
            description: The exact list of target addresses.
            type: list
            elements: str
      autoresponder:
        description: The automatic reply, as O(hosting.mail.plesk_mail#module:autoresponder).
        type: dict
        suboptions:
          enabled:
            description: Whether it answers.
            type: bool
          subject:
            description: Subject.
            type: str
          text:
            description: Body.
            type: str
          content_type:
            description: Format of the body.
            type: str
            choices: [text/plain, text/html]
          charset:
            description: Character set.
            type: str
          forward_to:
            description: Address that receives a copy.
            type: str
          end_date:
            description: Last day, V(YYYY-MM-DD); needs protocol 1.6.7.0 or later.
            type: str
      antivirus:
        description: Which mail the antivirus checks.
        type: str
        choices: ['off', inout, in, out]
      outgoing_messages_limit:
        description: Outgoing messages per hour.
        type: str
      description:
        description: A description.
        type: str
  prune:
    description:
      - Remove the accounts of O(domain) that O(accounts) does not list, with their mail. In check mode they are
        reported, not removed.
      - With an empty O(accounts), that is every account of the domain.
    type: bool
    default: false
  batch_size:
    description:
      - How many accounts' operations go in one packet. Lower it for servers that limit the size of a request.
    type: int
    default: 100
'''

EXAMPLES = r'''
---
- name: Every mailbox of example.com in one task; remove the ones not listed
  hosting.mail.plesk_mail_accounts:
    plesk_url: https://panel.example.com:8443
    plesk_username: admin
    plesk_password: "{{ vault_plesk_password }}"
    domain: example.com
    accounts:
      - {name: info, quota: 2G, aliases: [hello, contact]}
      - {name: jane, password: "{{ vault_jane_password }}", quota: 1G}
      - {name: sales, forwarding: {enabled: true, addresses: [jane@example.com]}}
      - {name: old, state: absent}
    prune: true
  delegate_to: localhost

- name: Several domains, with the connection settings from module_defaults
  module_defaults:
    group/hosting.mail.plesk:
      plesk_url: https://panel.example.com:8443
      plesk_secret_key: "{{ vault_plesk_secret_key }}"
  delegate_to: localhost
  block:
    - name: See first what a prune would remove, without changing anything
      hosting.mail.plesk_mail_accounts:
        domain: example.com
        accounts: "{{ example_com_accounts }}"
        prune: true
      check_mode: true
      register: preview

    - name: Show what would be created and removed
      ansible.builtin.debug:
        msg:
          - "Create: {{ preview.accounts | selectattr('action', 'equalto', 'created') | map(attribute='address') | list }}"
          - "Remove: {{ preview.accounts | selectattr('action', 'equalto', 'removed') | map(attribute='address') | list }}"

    - name: Converge each domain; the accounts hold passwords, so label the loop with the domain only
      hosting.mail.plesk_mail_accounts:
        domain: "{{ item.domain }}"
        accounts: "{{ item.accounts }}"
        batch_size: 50
      loop: "{{ mail_domains }}"
      loop_control:
        label: "{{ item.domain }}"
      register: converged

    - name: Count the changes over all domains
      ansible.builtin.debug:
        msg: "{{ converged.results | map(attribute='counts') | map(attribute='created') | sum }} accounts created"

    - name: When some accounts fail, list them and carry on
      block:
        - name: Converge example.com
          hosting.mail.plesk_mail_accounts:
            domain: example.com
            accounts: "{{ example_com_accounts }}"
      rescue:
        - name: Show each account that failed, and why
          ansible.builtin.debug:
            msg: "{{ item.address }}: {{ item.action }} ({{ item.error | default('') }})"
          loop: >-
            {{ ansible_failed_result.accounts | default([])
               | rejectattr('action', 'in', ['created', 'updated', 'removed', 'unchanged']) | list }}
          loop_control:
            label: "{{ item.address }}"
'''

RETURN = r'''
site_id:
  description: The site id of O(domain).
  returned: always
  type: int
  sample: 3
accounts:
  description:
    - What happened to each account (listed, then pruned), in the order they were planned.
    - Also returned when the task fails part-way, so that it says what was done.
  returned: always, and on failure once the accounts were planned
  type: list
  elements: dict
  contains:
    address:
      description: The account's full address.
      type: str
      sample: info@example.com
    action:
      description:
        - V(created), V(updated), V(removed) or V(unchanged) (in check mode, what would happen).
        - On failure also V(failed) when Plesk refused an operation; V(not_done) when the answer was lost and reading
          the site back shows the change was not made (it is not resent); V(unknown) when the site could not be read
          back either; V(not_attempted) when the run broke off before this account.
      type: str
      sample: updated
    changed_fields:
      description:
        - The settings that changed or would change, named as in RV(hosting.mail.plesk_mail#module:changed_fields);
          V([created]) or V([removed]) for those actions; empty for an unchanged account.
      type: list
      elements: str
      sample: [quota]
    error:
      description: Why the account's change failed.
      returned: when RV(accounts[].action) is V(failed), V(not_done) or V(unknown)
      type: str
      sample: "Plesk API error 1007 in mail/create at https://panel.example.com:8443/enterprise/control/agent.php: ..."
counts:
  description: How many accounts had each action; every action is present, most often with V(0).
  returned: always, and on failure once the accounts were planned
  type: dict
  contains:
    created:
      description: Accounts created.
      type: int
      sample: 2
    updated:
      description: Accounts changed.
      type: int
      sample: 1
    removed:
      description: Accounts removed (listed with O(accounts[].state=absent), or pruned).
      type: int
      sample: 0
    unchanged:
      description: Accounts that were already as asked.
      type: int
      sample: 997
    failed:
      description: Accounts whose change Plesk refused.
      type: int
      sample: 0
    not_done:
      description: Accounts whose change was lost and not made.
      type: int
      sample: 0
    unknown:
      description: Accounts whose outcome could not be read back.
      type: int
      sample: 0
    not_attempted:
      description: Accounts not tried because the run broke off.
      type: int
      sample: 0
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
          or V(XmlParseError) (an answer that cannot be read), V(WriteOutcomeError) (writes whose answer was lost and
          whose outcome could not be read back), V(OptionError) (an option value that cannot be used), or V(PanelError)
          (anything else, such as a site that does not exist).
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
      description: 'V(unknown): the panel could not be read back after a lost answer; each item''s action says the same.'
      returned: for V(WriteOutcomeError)
      type: str
      sample: unknown
# END generated by tools/update_return_docs.py: error
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.hosting.mail.plugins.module_utils._errors import OptionError
from ansible_collections.hosting.mail.plugins.module_utils._module import run_module
from ansible_collections.hosting.mail.plugins.module_utils._outcomes import STEP_DONE, Item, Ledger
from ansible_collections.hosting.mail.plugins.module_utils._plesk import idna_domain
from ansible_collections.hosting.mail.plugins.module_utils._plesk_mail import (
    PASSWORD_MARKER, RELEASE, REST, WRITE_ONLY, account_change, add_delta, claimed_names, clash_message, comparable,
    expected_account, follow_up, get_info, not_taken, delta_parts, read_site, remove_operation,
)
from ansible_collections.hosting.mail.plugins.module_utils._plesk_module import mail_account_entry_spec, plesk_argument_spec, plesk_client
from ansible_collections.hosting.mail.plugins.module_utils._progress import Progress
from ansible_collections.hosting.mail.plugins.module_utils._values import parse_size, split_address

ACTIONS = ('created', 'updated', 'removed', 'unchanged', 'failed', 'not_done', 'unknown', 'not_attempted')
WRITES = ('created', 'updated', 'removed')


class Entry(Item):
    """One account's delta, and (as an ``Item``) what became of it."""

    def __init__(self, local, address, action, current=None, change=None, password_type=None, params=None):
        super().__init__(address, action)
        self.params = params
        self.local = local
        self.current = current
        self.change = change
        self.password_type = password_type

    def report(self):
        report = super().report()
        report['changed_fields'] = self.change.changed_fields if self.change else (['removed'] * (self.action == 'removed'))
        return report


class BulkTask:
    def __init__(self, module):
        self.module = module
        self.params = module.params
        self.domain = idna_domain(self.params['domain'])
        secrets = [entry.get('password') for entry in self.params['accounts']]
        self.client = plesk_client(module, extra_secrets=secrets)
        self.accounts = self.checked_accounts()
        self.progress = Progress()

    def local_part(self, name):
        local, domain = split_address(name if '@' in name else '%s@%s' % (name, self.domain), 'accounts[].name')
        if idna_domain(domain) != self.domain:
            raise OptionError('accounts: %s is not in the domain %s.' % (name, self.domain))
        return local

    def checked_accounts(self):
        """(local part, params with the quota in bytes) per listed account; bad names and sizes fail before any request."""
        checked, seen = [], set()
        for params in self.params['accounts']:
            local = self.local_part(params['name'])
            if local in seen:
                raise OptionError('accounts: %s@%s is listed twice.' % (local, self.domain))
            seen.add(local)
            checked.append((local, dict(params, quota=parse_size(params['quota'], 'accounts[].quota'))))
        return checked

    def plan_entries(self, current):
        entries = []
        version = self.client.version
        for local, params in self.accounts:
            address = '%s@%s' % (local, self.domain)
            if params['state'] == 'absent':
                entries.append(Entry(local, address, 'removed' if local in current else 'unchanged', current.get(local)))
                continue
            change = account_change(params, address, self.domain, current.get(local), version)
            action = 'created' if change.delta.create else ('updated' if change.changed_fields else 'unchanged')
            entries.append(Entry(local, address, action, current.get(local), change, params['password_type'], params))
        if self.params['prune']:
            listed = {local for local, params in self.accounts}
            entries += [Entry(local, '%s@%s' % (local, self.domain), 'removed', current[local])
                        for local in sorted(current) if local not in listed]
        self.refuse_clashes(entries, current)
        return entries

    def refuse_clashes(self, entries, current):
        """Fail, before anything is sent (check mode too), each change that gives an account a name another keeps.

        The whole site was read, so Plesk's 1007 can be foreseen: a name or alias is free when no account keeps
        it (a removal or an alias removal of this task frees it), and goes to the first entry that claims it.
        A refused entry keeps its names, which may refuse others in turn: repeated until nothing changes.
        """
        refused = {}
        by_local = {entry.local: entry for entry in entries}
        while True:
            holders = {}
            for local, account in current.items():
                entry = by_local.get(local)
                changing = entry is not None and entry.address not in refused
                if changing and entry.action == 'removed':
                    continue
                names = {account['address']} | set(account['aliases'])
                if changing and entry.change:
                    names -= set(entry.change.delta.remove['aliases'])
                holders.update((name, account['address']) for name in names)
            new = {}
            for entry in entries:
                if entry.action not in ('created', 'updated') or entry.address in refused:
                    continue
                claimed = claimed_names(entry.change.delta, entry.address)
                clash = next((name for name in claimed if holders.get(name, entry.address) != entry.address), None)
                if clash:
                    new[entry.address] = clash_message(clash, holders[clash])
                else:
                    holders.update((name, entry.address) for name in claimed)
            if not new:
                break
            refused.update(new)
        for entry in entries:
            if entry.address in refused:
                entry.fail('failed', refused[entry.address])

    def run(self, result):
        self.progress('read')
        site_id, current = read_site(self.client, self.domain, self.params['site_id'], [])
        entries = self.plan_entries(current)
        ledger = Ledger(entries, WRITES, ACTIONS, 'account changes', self.progress, self.module.warn)
        writes = ledger.to_write()
        self.progress('planned', accounts=len(entries), writes=len(writes))
        result.update(site_id=site_id, changed=bool(writes))
        if self.module._diff:
            self.set_diff(result, entries, site_id)
        try:
            if writes and not self.module.check_mode:
                self.write(ledger, writes, site_id)
                self.converge(ledger, writes, site_id)
            ledger.raise_failures()
        finally:
            ledger.report(result, 'accounts', self.module.check_mode)

    def write(self, ledger, writes, site_id, changes=None):
        """Send the writes in packets of ``batch_size`` steps; ``changes`` (address -> AccountChange) overrides plans.

        Every name the task frees (account removals, alias removals) is freed first, in the first packets; then
        the rest of each account's change follows. So an alias can move from one account to another, or two
        accounts can swap names, in one run. An account that fails a step is not sent its later steps.
        """
        changes = changes or {}

        def send(batch):
            packet = self.client.packet()
            spans = []
            for entry, part in batch:
                first = len(packet.operations)
                if entry.action == 'removed':
                    remove_operation(packet, site_id, entry.local)
                else:
                    change = changes.get(entry.address, entry.change)
                    add_delta(packet, site_id, entry.local, change.delta, change.desired, change.current,
                              password_type=entry.password_type, parts=(part,))
                spans.append((first, len(packet.operations)))
            answers = self.client.send(packet)
            return [self.step_answer(packet.operations[first:end], answers[first:end]) for first, end in spans]

        steps = [(entry, part) for part in (RELEASE, REST) for entry in writes if part in self.parts(entry, changes)]
        ledger.write(steps, send, lambda: get_info(self.client, site_id, [], self.domain),
                     lambda entry, part, now: self.step_done(entry, part, now, changes),
                     batch_size=max(1, self.params['batch_size']), phase='retry' if changes else 'write')

    def step_answer(self, labels, answers):
        """STEP_DONE, or the text of the first operation of a step that Plesk refused."""
        for label, results in zip(labels, answers):
            failed = [result for result in results if not result.ok] or ([] if results else [None])
            if failed:
                return (self.client.error_for(failed[0], label).message if failed[0] is not None
                        else 'Plesk answered no result for %s.' % label)
        return STEP_DONE

    @staticmethod
    def parts(entry, changes):
        """The steps an entry's write takes: a removal frees names only; a change may free and then do the rest."""
        if entry.action == 'removed':
            return (RELEASE,)
        return delta_parts(changes.get(entry.address, entry.change).delta)

    def converge(self, ledger, writes, site_id):
        """Read the site back once; accounts the panel does not hold as asked get one more round of deltas.

        A removal or creation that the panel confirmed but does not show fails at once: nothing to retry.
        """
        done = [entry for entry in writes if entry.action in WRITES]
        if not done:
            return
        self.progress('verify')
        retry = self.differing(done, get_info(self.client, site_id, [], self.domain))
        if not retry:
            return
        self.write(ledger, [entry for entry in done if entry.address in retry], site_id, changes=retry)
        self.progress('verify')
        now = get_info(self.client, site_id, [], self.domain)
        for entry in done:
            if entry.address in retry and entry.action in WRITES:
                change = follow_up(entry.params, entry.change, now[entry.local], self.client.version) \
                    if now.get(entry.local) else None
                if change is None or change.changed_fields:
                    entry.fail('failed', not_taken(change, now.get(entry.local)) if change else
                               'Plesk accepted the change of %s but does not list the account afterwards.' % entry.address)

    def differing(self, entries, now):
        """address -> the follow-up change of each entry the panel does not hold as asked.

        Entries whose account is not where it should be at all fail here (they cannot be retried).
        """
        differing = {}
        for entry in entries:
            after = now.get(entry.local)
            if entry.action == 'removed':
                if after is not None:
                    entry.fail('failed', 'Plesk confirmed the removal of %s but still lists the account.' % entry.address)
            elif after is None:
                entry.fail('failed', 'Plesk accepted the change of %s but does not list the account afterwards.'
                           % entry.address)
            else:
                change = follow_up(entry.params, entry.change, after, self.client.version)
                if change.changed_fields:
                    differing[entry.address] = change
        return differing

    def step_done(self, entry, part, now, changes):
        """Whether the panel (``now``, a fresh read of the site) shows the step as done."""
        if entry.action == 'removed':
            return entry.local not in now
        if entry.local not in now:
            return False
        change = changes.get(entry.address, entry.change)
        if part == RELEASE:
            return not set(change.delta.remove['aliases']) & set(now[entry.local]['aliases'])
        again = account_change(entry.params, entry.address, self.domain, now[entry.local], self.client.version)
        return not [field for field in again.delta.changed_fields if field not in WRITE_ONLY]

    def set_diff(self, result, entries, site_id):
        """before/after of the accounts that change, by address; a password change shows as a marker."""
        version = self.client.version
        before, after = {}, {}
        for entry in entries:
            if entry.action not in WRITES:
                continue
            if entry.current:
                before[entry.address] = comparable(entry.current, version)
            if entry.action != 'removed':
                shown = comparable(expected_account(entry.current, entry.change.desired, entry.address, site_id), version)
                if entry.change.password_written:
                    shown['password'] = PASSWORD_MARKER
                after[entry.address] = shown
        result['diff'] = dict(before=before, after=after)


def main():
    spec = plesk_argument_spec()
    spec.update(
        domain=dict(type='str', required=True),
        site_id=dict(type='int'),
        accounts=dict(type='list', elements='dict', default=[], options=mail_account_entry_spec()),
        prune=dict(type='bool', default=False),
        batch_size=dict(type='int', default=100),
    )
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True)
    run_module(module, lambda result: BulkTask(module).run(result), libraries=('requests', 'lxml'))


if __name__ == '__main__':
    main()
