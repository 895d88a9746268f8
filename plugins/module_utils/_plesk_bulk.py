# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is PRIVATE to the hosting.mail collection. It may change at any time.

"""Converging many Plesk mail accounts in one task: of one site, or of many sites at once.

The engine of ``plesk_mail_accounts``. One site is looked up and read as ``plesk_mail`` reads it; many sites are
looked up in one request and read in one more, whatever their number. Each account is planned exactly as
``plesk_mail`` plans it; the writes of every site go out together in packets of ``batch_size`` steps (``Ledger``),
each operation naming its own site. A site that cannot be read (not on the panel, a ``site_id`` that is another
domain's) is reported by name and skipped; the others are converged, and the task fails at the end saying both.
"""

from __future__ import annotations

from ansible_collections.hosting.mail.plugins.module_utils._errors import OptionError, PanelError
from ansible_collections.hosting.mail.plugins.module_utils._outcomes import FAILED, STEP_DONE, Item, Ledger
from ansible_collections.hosting.mail.plugins.module_utils._plesk import idna_domain
from ansible_collections.hosting.mail.plugins.module_utils._plesk_mail import (
    PASSWORD_MARKER, RELEASE, REST, WRITE_ONLY, account_change, add_delta, claimed_names, clash_message, comparable,
    delta_parts, expected_account, find_sites, follow_up, not_taken, read_site, read_sites, remove_operation,
)
from ansible_collections.hosting.mail.plugins.module_utils._values import parse_size, split_address

ACTIONS = ('created', 'updated', 'removed', 'unchanged', 'failed', 'not_done', 'unknown', 'not_attempted')
WRITES = ('created', 'updated', 'removed')


class Site:
    """One site of the task: its domain, the accounts asked for it, and (once read) its id and accounts."""

    def __init__(self, domain, site_id, accounts):
        self.domain = domain
        self.site_id = site_id
        self.site_id_given = site_id is not None
        self.accounts = accounts  # (local part, params with the quota in bytes)
        self.current = None  # local part -> account, once read
        self.error = None  # why the site could not be read; its accounts are then not converged
        self.entries = []

    def address(self, local):
        return '%s@%s' % (local, self.domain)

    def report(self):
        report = dict(domain=self.domain, site_id=self.site_id,
                      counts={action: sum(1 for entry in self.entries if entry.action == action) for action in ACTIONS})
        if self.error:
            report['error'] = self.error
        return report


class Entry(Item):
    """One account's delta, and (as an ``Item``) what became of it."""

    def __init__(self, site, local, action, current=None, change=None, password_type=None, params=None):
        super().__init__(site.address(local), action)
        self.site = site
        self.params = params
        self.local = local
        self.current = current
        self.change = change
        self.password_type = password_type

    def report(self):
        report = super().report()
        report['changed_fields'] = self.change.changed_fields if self.change else (['removed'] * (self.action == 'removed'))
        return report


def checked_accounts(domain, accounts, option='accounts'):
    """(local part, params with the quota in bytes) per listed account; bad names and sizes fail before any request."""
    checked, seen = [], set()
    for params in accounts:
        name = params['name']
        local, name_domain = split_address(name if '@' in name else '%s@%s' % (name, domain), '%s[].name' % option)
        if idna_domain(name_domain) != domain:
            raise OptionError('%s: %s is not in the domain %s.' % (option, name, domain))
        if local in seen:
            raise OptionError('%s: %s@%s is listed twice.' % (option, local, domain))
        seen.add(local)
        checked.append((local, dict(params, quota=parse_size(params['quota'], '%s[].quota' % option))))
    return checked


def sites_from(params):
    """The sites a task's options name: ``domain`` (one site), or ``domains`` (many); checked before any request."""
    if params.get('domains') is None:
        domain = idna_domain(params['domain'])
        return [Site(domain, params['site_id'], checked_accounts(domain, params['accounts']))]
    sites, seen = [], set()
    for entry in params['domains']:
        domain = idna_domain(entry['domain'], 'domains[].domain')
        if domain in seen:
            raise OptionError('domains: %s is listed twice.' % domain)
        seen.add(domain)
        sites.append(Site(domain, entry['site_id'], checked_accounts(domain, entry['accounts'], 'domains[].accounts')))
    return sites


class BulkTask:
    """Read, plan, then (unless check mode) write and verify the accounts of ``sites``.

    ``many``: the task names its sites in a list (``domains``), so that a site that cannot be read is reported and
    skipped rather than failing the task at once.
    """

    def __init__(self, client, sites, many, prune, batch_size, progress, warn, check_mode, diff):
        self.client, self.sites, self.many, self.prune = client, sites, many, prune
        self.batch_size = max(1, batch_size)
        self.progress, self.warn, self.check_mode, self.diff = progress, warn, check_mode, diff

    def read(self):
        """Find and read every site. One site: as ``plesk_mail`` does, and a missing one fails the task at once."""
        if not self.many:
            site = self.sites[0]
            site.site_id, site.current = read_site(self.client, site.domain, site.site_id, [])
            return
        unknown = [site for site in self.sites if site.site_id is None]
        found = find_sites(self.client, [site.domain for site in unknown]) if unknown else {}
        for site in unknown:
            site.site_id = found[site.domain]
            if site.site_id is None:
                site.error = ('Plesk has no site or subscription named %s (looked up with site/get and webspace/get); '
                              'its accounts were not converged.' % site.domain)
        known = [site for site in self.sites if site.site_id is not None]
        if known:
            read = read_sites(self.client, [(site.domain, site.site_id, site.site_id_given) for site in known])
            for site, (current, error) in zip(known, read):
                site.current, site.error = current, error.message if error else None

    def reread(self, sites):
        """site id -> local part -> account, for the sites written: what a lost answer or a verification reads."""
        read = read_sites(self.client, [(site.domain, site.site_id, False) for site in sites])
        for site, (current, error) in zip(sites, read):
            if error:
                raise error
        return {site.site_id: current for site, (current, error) in zip(sites, read)}

    def run(self, result):
        self.progress('read')
        self.read()
        entries = []
        for site in self.sites:
            site.entries = self.plan_entries(site) if site.error is None else [
                Entry(site, local, FAILED) for local, params in site.accounts]
            for entry in site.entries:
                if site.error is not None:
                    entry.fail(FAILED, site.error)
            entries += site.entries
        ledger = Ledger([entry for entry in entries if entry.site.error is None], WRITES, ACTIONS, 'account changes',
                        self.progress, self.warn)
        writes = ledger.to_write()
        self.progress('planned', accounts=len(entries), writes=len(writes))
        result.update(changed=bool(writes))
        if not self.many:
            result['site_id'] = self.sites[0].site_id
        if self.diff:
            self.set_diff(result, entries)
        failure = None
        try:
            if writes and not self.check_mode:
                self.write(ledger, writes)
                self.converge(ledger, writes)
            ledger.raise_failures()
        except PanelError as error:
            failure = error  # raised below, after the sites that could not be read (one site: there are none)
        finally:
            ledger.report(result, 'accounts', self.check_mode)
            if self.many:
                self.report_sites(result, entries)
        self.raise_site_failures(failure)

    def report_sites(self, result, entries):
        """Add the accounts of sites that could not be read to the outcome; ``domains``: each site's own."""
        skipped = [entry for entry in entries if entry.site.error is not None]
        result['accounts'] += [entry.report() for entry in skipped]
        result['counts'][FAILED] += len(skipped)
        result['domains'] = [site.report() for site in self.sites]

    def raise_site_failures(self, failure):
        """Fail naming each site that could not be read, then what failed in the others (``failure``)."""
        unread = [site for site in self.sites if site.error is not None]
        if not unread:
            if failure is not None:
                raise failure
            return
        message = '%d of %d domains could not be read, and were not converged: %s.' % (
            len(unread), len(self.sites), '; '.join('%s: %s' % (site.domain, site.error) for site in unread[:10]))
        if failure is not None:
            message += ' In the others, ' + failure.message
        raise PanelError(message)

    def plan_entries(self, site):
        current = site.current
        entries = []
        version = self.client.version
        for local, params in site.accounts:
            address = site.address(local)
            if params['state'] == 'absent':
                entries.append(Entry(site, local, 'removed' if local in current else 'unchanged', current.get(local)))
                continue
            change = account_change(params, address, site.domain, current.get(local), version)
            action = 'created' if change.delta.create else ('updated' if change.changed_fields else 'unchanged')
            entries.append(Entry(site, local, action, current.get(local), change, params['password_type'], params))
        if self.prune:
            listed = {local for local, params in site.accounts}
            entries += [Entry(site, local, 'removed', current[local]) for local in sorted(current) if local not in listed]
        self.refuse_clashes(entries, current)
        return entries

    @staticmethod
    def refuse_clashes(entries, current):
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

    @staticmethod
    def written_sites(entries):
        return list({id(entry.site): entry.site for entry in entries}.values())

    def write(self, ledger, writes, changes=None):
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
                    remove_operation(packet, entry.site.site_id, entry.local)
                else:
                    change = changes.get(entry.address, entry.change)
                    add_delta(packet, entry.site.site_id, entry.local, change.delta, change.desired, change.current,
                              password_type=entry.password_type, parts=(part,))
                spans.append((first, len(packet.operations)))
            answers = self.client.send(packet)
            return [self.step_answer(packet.operations[first:end], answers[first:end]) for first, end in spans]

        steps = [(entry, part) for part in (RELEASE, REST) for entry in writes if part in self.parts(entry, changes)]
        ledger.write(steps, send, lambda batch: self.reread(self.written_sites([entry for entry, part in batch])),
                     lambda entry, part, now: self.step_done(entry, part, now[entry.site.site_id], changes),
                     batch_size=self.batch_size, phase='retry' if changes else 'write')

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

    def converge(self, ledger, writes):
        """Read the sites back once; accounts the panel does not hold as asked get one more round of deltas.

        A removal or creation that the panel confirmed but does not show fails at once: nothing to retry.
        """
        done = [entry for entry in writes if entry.action in WRITES]
        if not done:
            return
        self.progress('verify')
        retry = self.differing(done, self.reread(self.written_sites(done)))
        if not retry:
            return
        again = [entry for entry in done if entry.address in retry]
        self.write(ledger, again, changes=retry)
        self.progress('verify')
        now = self.reread(self.written_sites(again))
        for entry in again:
            if entry.action in WRITES:
                after = now[entry.site.site_id].get(entry.local)
                change = follow_up(entry.params, entry.change, after, self.client.version) if after else None
                if change is None or change.changed_fields:
                    entry.fail('failed', not_taken(change, after) if change else
                               'Plesk accepted the change of %s but does not list the account afterwards.' % entry.address)

    def differing(self, entries, now):
        """address -> the follow-up change of each entry the panel does not hold as asked.

        Entries whose account is not where it should be at all fail here (they cannot be retried).
        """
        differing = {}
        for entry in entries:
            after = now[entry.site.site_id].get(entry.local)
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
        """Whether the panel (``now``, a fresh read of the entry's site) shows the step as done."""
        if entry.action == 'removed':
            return entry.local not in now
        if entry.local not in now:
            return False
        change = changes.get(entry.address, entry.change)
        if part == RELEASE:
            return not set(change.delta.remove['aliases']) & set(now[entry.local]['aliases'])
        again = account_change(entry.params, entry.address, entry.site.domain, now[entry.local], self.client.version)
        return not [field for field in again.delta.changed_fields if field not in WRITE_ONLY]

    def set_diff(self, result, entries):
        """before/after of the accounts that change, by address; a password change shows as a marker."""
        version = self.client.version
        before, after = {}, {}
        for entry in entries:
            if entry.action not in WRITES:
                continue
            if entry.current:
                before[entry.address] = comparable(entry.current, version)
            if entry.action != 'removed':
                shown = comparable(expected_account(entry.current, entry.change.desired, entry.address,
                                                    entry.site.site_id), version)
                if entry.change.password_written:
                    shown['password'] = PASSWORD_MARKER
                after[entry.address] = shown
        result['diff'] = dict(before=before, after=after)
