# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is PRIVATE to the hosting.mail collection. It may change at any time.

"""Converging many BrainyCP mailboxes or forwards in one task: of one hosting user, or of many at once.

The engine of ``brainy_mailboxes`` (and, for forwards, of ``brainy_forwards``). Each hosting user's mailboxes are listed once (``getlistmail``, the only read
the API has) and planned exactly as ``brainy_mailbox`` plans one; the writes of every user then go out one a
request over the one connection (``Ledger``), each on behalf of its own user, and each user is listed once more to
check them. A user the panel refuses (unknown, or not the API account's) is reported by name and skipped; the
others are converged, and the task fails at the end saying both.
"""

from __future__ import annotations

from ansible_collections.hosting.mail.plugins.module_utils._brainycp import (
    ALREADY, NOTHING, address_domain, domain_key, unconfirmed_forward_domain_warning,
)
from ansible_collections.hosting.mail.plugins.module_utils._brainycp_mail import (
    CREATED, REMOVED, UNCHANGED, domain_warnings, forward_change, mailbox_action, pruned_mailboxes, quota_to_send,
    remove_forward, shown_forward, write_forward,
)
from ansible_collections.hosting.mail.plugins.module_utils._errors import (
    ApiError, AuthenticationError, GarbledAnswerError, HttpStatusError, OptionError, PanelError, TransportError, WriteOutcomeError,
)
from ansible_collections.hosting.mail.plugins.module_utils._outcomes import (
    FAILED, STEP_DONE, STEP_UNCHANGED, UNKNOWN, WRITES_DONE, Item, Ledger, guarded_write,
)
from ansible_collections.hosting.mail.plugins.module_utils._values import format_megabytes, megabytes, split_address

ACTIONS = ('created', 'removed', 'unchanged', 'failed', 'not_done', 'unknown', 'not_attempted')
WRITES = (CREATED, REMOVED)
UPDATED = 'updated'


def quota_shown(quota_mb):
    return {'quota_mb': quota_mb, 'quota_readable': format_megabytes(quota_mb)}


class HostingUser:
    """One hosting user of the task: the client acting for it, its mailboxes asked for, and (once listed) its own."""

    def __init__(self, client, wanted, prune_domains):
        self.client = client
        self.wanted = wanted  # (address, entry, quota in MB)
        self.prune_domains = prune_domains
        self.listed = None  # address -> quota in MB, once listed
        self.error = None  # why it could not be listed; its mailboxes are then not converged
        self.items = []  # its mailboxes or forwards, planned

    def report(self, actions):
        report = dict(panel_user=self.client.panel_user or '', hosting_user=self.client.hosting_user,
                      counts={action: sum(1 for item in self.items if item.action == action) for action in actions})
        if self.error:
            report['error'] = self.error
        return report


class Mailbox(Item):
    """One mailbox's plan (the password and quota to create it with), and (as an ``Item``) what became of it."""

    def __init__(self, user, address, action, password=None, quota=None):
        super().__init__(address, action)
        self.user = user
        self.password = password
        self.quota = quota


def _wanted(entries, option, key, named, details):
    """(address, entry, details) per entry of a list option, ``key`` its address; an address that is not one, or that
    is listed twice, fails before any request. ``named`` says how a message names an entry (``%s`` is its address);
    ``details(address, entry, option)`` checks the rest of it and returns what the task needs of it."""
    wanted, seen = [], set()
    for entry in entries:
        address = '%s@%s' % split_address(entry[key], '%s[].%s' % (option, key))
        if address in seen:
            raise OptionError('%s: %s is listed twice.' % (option, named % address))
        seen.add(address)
        wanted.append((address, entry, details(address, entry, option)))
    return wanted


def _hosting_users(client, params, key, wanted_of, named):
    """The hosting users a task's options name: the client's own (one, with the list ``params[key]``), or ``users``
    (many, each with its own); every list is checked by ``wanted_of`` before any request, and an address under two
    users fails too."""
    if params.get('users') is None:
        return [HostingUser(client, wanted_of(params[key]), params['prune_domains'])]
    users, seen, addresses = [], set(), set()
    for entry in params['users']:
        name = (entry['panel_user'] or '').strip()
        if name in seen:
            raise OptionError('users: the hosting user %s is listed twice.' % (name or '(the API account)'))
        seen.add(name)
        wanted = wanted_of(entry[key], 'users[].%s' % key)
        for address, _entry, _details in wanted:
            if address in addresses:
                raise OptionError('users: %s is listed under two hosting users.' % (named % address))
            addresses.add(address)
        users.append(HostingUser(client.acting_for(name), wanted, entry['prune_domains']))
    return users


def wanted_mailboxes(entries, option='mailboxes'):
    """(address, entry, quota in MB) per listed mailbox; bad addresses and sizes fail before any request."""
    return _wanted(entries, option, 'address', '%s',
                   lambda _address, entry, listed_as: megabytes(entry['quota'], '%s[].quota' % listed_as))


def hosting_users(client, params):
    """The hosting users of a mailboxes task (see ``_hosting_users``)."""
    return _hosting_users(client, params, 'mailboxes', wanted_mailboxes, '%s')


class UsersTask:
    """What the mailbox and forward tasks share: each hosting user listed once, a user the panel refuses set aside.

    ``many``: the task names its users in a list (``users``), so that a user the panel refuses is reported and
    skipped rather than failing the task at once. Subclasses name what they converge (``NOUN``, the result's key;
    ``CHANGES``, its writes in messages),
    its item class, actions and writes, and how they list (``listing``), plan, show a diff and write.
    """

    NOUN = CHANGES = ITEM = ACTIONS = WRITES = None

    def __init__(self, users, many, prune, progress, warn, check_mode, diff):
        self.users, self.many, self.prune = users, many, prune
        self.progress, self.warn, self.check_mode, self.diff = progress, warn, check_mode, diff

    @staticmethod
    def listing(client):
        raise NotImplementedError

    def read(self):
        for user in self.users:
            try:
                user.listed = self.listing(user.client)
            except ApiError as error:
                # Refused for this user (unknown, not the API account's): data when there are many, others go on.
                if not self.many:
                    raise
                user.error = '%s; its %s were not converged.' % (error.message.rstrip('.'), self.NOUN)

    def run(self, result):
        self.progress('read')
        self.read()
        for user in self.users:
            user.items = self.plan(user) if user.error is None else self.not_converged(user)
        items = [item for user in self.users for item in user.items]
        ledger = Ledger([item for item in items if item.user.error is None], self.WRITES, self.ACTIONS,
                        self.CHANGES, self.progress, self.warn, batched=False)
        writes = ledger.to_write()
        self.progress('planned', accounts=len(items), writes=len(writes))
        result['changed'] = bool(writes)
        if self.diff:
            result['diff'] = self.diff_of(writes)
        failure = None
        try:
            if writes and not self.check_mode:
                self.write(ledger, writes)
            ledger.raise_failures()
        except PanelError as error:
            failure = error  # raised below, after the users that could not be listed (one user: there are none)
        finally:
            ledger.report(result, self.NOUN, self.check_mode)
            if self.many:
                self.report_users(result, items)
        self.raise_user_failures(failure)

    def not_converged(self, user):
        """The items of a user that could not be listed, each failed with the user's error."""
        items = [self.ITEM(user, name, FAILED) for name, entry, detail in user.wanted]
        for item in items:
            item.fail(FAILED, user.error)
        return items

    def report_users(self, result, items):
        """Add the items of users that could not be listed to the outcome; ``users``: each user's own."""
        skipped = [item for item in items if item.user.error is not None]
        result[self.NOUN] += [item.report() for item in skipped]
        result['counts'][FAILED] += len(skipped)
        result['users'] = [user.report(self.ACTIONS) for user in self.users]

    def raise_user_failures(self, failure):
        """Fail naming each hosting user that could not be listed, then what failed for the others (``failure``)."""
        unread = [user for user in self.users if user.error is not None]
        if not unread:
            if failure is not None:
                raise failure
            return
        message = '%d of %d hosting users could not be listed, and were not converged: %s.' % (
            len(unread), len(self.users), '; '.join('%s: %s' % (user.client.hosting_user, user.error) for user in unread[:10]))
        if failure is not None:
            message += ' For the others, ' + failure.message
        raise PanelError(message)


class MailboxesTask(UsersTask):
    """List, plan, then (unless check mode) write and verify the mailboxes of ``users``."""

    NOUN, CHANGES, ITEM, ACTIONS, WRITES = 'mailboxes', 'mailbox changes', Mailbox, ACTIONS, WRITES

    @staticmethod
    def listing(client):
        return client.mailboxes()

    def plan(self, user):
        mailboxes = []
        for address, entry, quota in user.wanted:
            action, warnings = mailbox_action(address, entry['state'], entry['password'], quota, user.listed)
            for warning in warnings:
                self.warn(warning)
            mailboxes.append(Mailbox(user, address, action, entry['password'], quota_to_send(quota)))
        if self.prune:
            kept = {address for address, entry, quota in user.wanted}
            mailboxes += [Mailbox(user, address, REMOVED) for address in pruned_mailboxes(user.listed, kept, user.prune_domains)]
        for warning in domain_warnings(user.client, [box.address for box in mailboxes if box.action == CREATED], user.listed):
            self.warn(warning)
        return mailboxes

    @staticmethod
    def diff_of(writes):
        return dict(before={box.address: quota_shown(box.user.listed[box.address]) for box in writes
                            if box.address in box.user.listed},
                    after={box.address: quota_shown(box.quota) for box in writes if box.action == CREATED})

    def write(self, ledger, writes):
        # One operation a request: batches of one; a lost answer is settled from a fresh listing of its user.
        ledger.write([(box, None) for box in writes], self.send, lambda batch: batch[0][0].user.client.mailboxes(),
                     lambda box, part, listed: (box.address in listed) == (box.action == CREATED))
        # Success codes are not always to be trusted: list each user written once more and check every change.
        self.progress('verify')
        listed = {}
        for box in writes:
            if id(box.user) not in listed:
                listed[id(box.user)] = box.user.client.mailboxes()
        ledger.verify(lambda box: (box.address in listed[id(box.user)]) == (box.action == CREATED),
                      'the panel reported success, but its listing disagrees')

    @staticmethod
    def send(batch):
        (box, part), = batch
        try:
            if box.action == CREATED:
                answer = box.user.client.add_mailbox(box.address, box.password, box.quota)
            else:
                answer = box.user.client.delete_mailbox(box.address)
        except ApiError as error:
            return [error.message]
        return [STEP_UNCHANGED if answer.outcome in (ALREADY, NOTHING) else STEP_DONE]


# --- forwards --------------------------------------------------------------------------------------------------

FORWARD_ACTIONS = ('created', 'updated', 'removed', 'unchanged', 'failed', 'not_done', 'unknown', 'not_attempted')
FORWARD_WRITES = (CREATED, UPDATED, REMOVED)
# Errors of a forward's write after which the others are not tried; a refusal (ApiError), or a listing that disagrees
# afterwards, fails that forward only.
RUN_BREAKERS = (TransportError, AuthenticationError, HttpStatusError, GarbledAnswerError)


class Forward(Item):
    """One forward's change, and (as an ``Item``) what became of it; reported by its source."""

    def __init__(self, user, source, action, change=None, current=None):
        super().__init__(source, action)
        self.user = user
        self.change = change
        self.current = current

    def report(self):
        report = super().report()
        report['source'] = report.pop('address')
        report['changed_fields'] = self.change.changed_fields if self.change else (['removed'] * (self.action == REMOVED))
        return report


def _forward_targets(source, entry, option):
    targets = sorted({'%s@%s' % split_address(target, '%s[].targets' % option) for target in entry['targets'] or []})
    if entry['state'] == 'present' and not targets:
        raise OptionError('%s: the forward for %s needs targets; use state=absent to remove it.' % (option, source))
    return targets


def wanted_forwards(entries, option='forwards'):
    """(source, entry, sorted targets) per listed forward; bad addresses fail before any request."""
    return _wanted(entries, option, 'source', 'the forward for %s', _forward_targets)


def forward_users(client, params):
    """The hosting users of a forwards task (see ``_hosting_users``)."""
    return _hosting_users(client, params, 'forwards', wanted_forwards, 'the forward for %s')


class ForwardsTask(UsersTask):
    """List, plan, then (unless check mode) write the forwards of ``users``, one forward after the other.

    Each forward is written as ``brainy_forward`` writes it (``write_forward``: the fewest requests that end right
    whatever the panel's reading of addforward and delforward, a listing after to check it). A forward that fails
    does not stop the others; a lost answer is read back, never resent.
    """

    NOUN, CHANGES, ITEM, ACTIONS, WRITES = 'forwards', 'forward changes', Forward, FORWARD_ACTIONS, FORWARD_WRITES

    @staticmethod
    def listing(client):
        return client.forwards()

    def plan(self, user):
        forwards = []
        for source, entry, targets in user.wanted:
            current = user.listed.get(source)
            if entry['state'] == 'absent':
                forwards.append(Forward(user, source, REMOVED if current else UNCHANGED, current=current))
                continue
            change = forward_change(source, current, targets, entry['save_local'])
            for warning in change.warnings:
                self.warn(warning)
            action = CREATED if not current else (UPDATED if change.changed_fields else UNCHANGED)
            forwards.append(Forward(user, source, action, change, current))
        if self.prune:
            kept = {source for source, entry, targets in user.wanted}
            forwards += [Forward(user, source, REMOVED, current=user.listed[source])
                         for source in pruned_mailboxes(user.listed, kept, user.prune_domains)]
        if self.check_mode:
            self.warn_unconfirmed_domains(user, [forward.address for forward in forwards if forward.action == CREATED])
        return forwards

    def warn_unconfirmed_domains(self, user, sources):
        """Check mode: only addforward tells (error 3) whether a new forward's domain is the user's; warn for each
        domain nothing listed shows as the user's (the mailboxes are read only when the forwards do not tell)."""
        domains = {domain_key(address_domain(source)): address_domain(source) for source in sources}
        shown = {domain_key(address_domain(source)) for source in user.listed}
        unseen = [key for key in sorted(domains) if key not in shown]
        if unseen:
            shown |= {domain_key(address_domain(address)) for address in user.client.mailboxes()}
        for key in unseen:
            if key not in shown:
                self.warn(unconfirmed_forward_domain_warning(user.client.hosting_user, domains[key]))

    @staticmethod
    def diff_of(writes):
        return dict(before={forward.address: shown_forward(forward.address, forward.current) for forward in writes
                            if forward.current},
                    after={forward.address: shown_forward(forward.address, dict(
                        targets=forward.change.targets, save_local=forward.change.shown_flag))
                        for forward in writes if forward.action != REMOVED})

    def write(self, ledger, writes):
        for number, forward in enumerate(writes):
            self.write_forward(forward)
            self.progress('write', done=number + 1, total=len(writes))

    def write_forward(self, forward):
        """Write one forward; what became of it goes on the forward, never stops the others."""
        forward.sent = True
        scratch = {}

        def guard(what, write, holds):
            return guarded_write(self.warn, scratch, what, write, holds)

        client = forward.user.client
        try:
            if forward.action == REMOVED:
                remove_forward(client, guard, forward.address, forward.current)
            else:
                write_forward(client, guard, forward.change, self.warn)
        except WriteOutcomeError as error:
            forward.fail(error.outcome, error.message)
            if error.outcome == UNKNOWN:
                raise  # the panel cannot even be read: the run breaks off, as a bulk run does
        except PanelError as error:
            forward.fail(FAILED, error.message)
            if isinstance(error, RUN_BREAKERS):
                raise  # the panel cannot be reached, read or logged in to: the others would fail the same way
        finally:
            forward.step_done_once = bool(scratch.get(WRITES_DONE))
