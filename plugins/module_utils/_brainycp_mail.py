# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is PRIVATE to the hosting.mail collection. It may change at any time.

"""BrainyCP mailboxes and forwards: what to send to reach the state asked, for the single and the bulk modules.

The API adds and deletes mailboxes but cannot change one (quota, password); it adds and deletes forward targets.
Planning returns what to do and what to warn about; the modules send it through the client's verbs
(``_brainycp.BrainyClient``) and ``_outcomes`` settles what became of each write.
"""

from __future__ import annotations

from collections import namedtuple

from ansible_collections.hosting.mail.plugins.module_utils._brainycp import (
    address_domain,
    domain_key,
    unconfirmed_domain_warning,
    unconfirmed_forward_domain_warning,
)
from ansible_collections.hosting.mail.plugins.module_utils._errors import OptionError, PanelError
from ansible_collections.hosting.mail.plugins.module_utils._values import format_megabytes

CREATED, REMOVED, UNCHANGED = 'created', 'removed', 'unchanged'
NO_LIMIT = 0  # the quota BrainyCP takes for "no limit"


# --- mailboxes -------------------------------------------------------------------------------------------------

def mailbox_action(address, state, password, quota_mb, listed):
    """``(action, warnings)`` for one mailbox, against ``listed`` (address -> quota in MB, None when not reported)."""
    if state == 'absent':
        return (REMOVED if address in listed else UNCHANGED), []
    if address in listed:
        have = listed[address]
        if quota_mb is not None and have is not None and have != quota_mb:
            return UNCHANGED, [
                '%s has a quota of %s on the panel, not %s. The BrainyCP API cannot change the quota of an existing '
                'mailbox (only delete and re-create it, which loses its mail); change it in the panel.'
                % (address, format_megabytes(have), format_megabytes(quota_mb))]
        return UNCHANGED, []
    if not password:
        raise OptionError('Creating the mailbox %s needs a password.' % address)
    return CREATED, []


def quota_to_send(quota_mb):
    return NO_LIMIT if quota_mb is None else quota_mb


def pruned_mailboxes(listed, kept, domains=None):
    """The listed mailboxes to remove: in ``domains`` (by default those of ``kept``) and not in ``kept``."""
    domains = {domain_key(domain) for domain in domains or []} or {domain_key(address_domain(address)) for address in kept}
    return [address for address in sorted(listed) if address not in kept and domain_key(address_domain(address)) in domains]


def domain_warnings(client, new_addresses, listed):
    """Only addmail itself tells whether a domain is the hosting user's: a warning for each domain of
    ``new_addresses`` that the listings cannot confirm (the forwards are read only when the mailboxes do not tell)."""
    return [unconfirmed_domain_warning(client.hosting_user, domain)
            for domain in client.unconfirmed_domains([address_domain(address) for address in new_addresses], listed)]


# --- forwards --------------------------------------------------------------------------------------------------

_FORWARD_CHANGE_FIELDS = 'source current targets save_local changed_fields shown_flag warnings save_local_option'


class ForwardChange(namedtuple('ForwardChange', _FORWARD_CHANGE_FIELDS)):
    """What a forward task changes: ``changed_fields``, the ``save_local`` to send (``save_local_option`` is the
    user's), the flag to show after (``shown_flag``) and the warnings for the user."""

    __slots__ = ()

    @property
    def flag_differs(self):
        return 'save_local' in self.changed_fields


def forward_change(source, current, targets, save_local):
    """The change that gives the forward of ``source`` (``current``: as listed, or None) the ``targets`` (sorted)
    and ``save_local`` (None: keep the panel's, false where the panel does not report it)."""
    if not targets:
        raise OptionError('targets must name at least one address; use state=absent to remove the forward.')
    have = current['targets'] if current else []
    listed_flag = current['save_local'] if current else None
    sent_flag = save_local if save_local is not None else bool(listed_flag)
    flag_differs = listed_flag is not None and listed_flag != sent_flag
    # addforward always carries save_local: after one, the flag is the one sent, whatever the listing shows.
    adds = not current or flag_differs or bool(set(targets) - set(have))
    warnings = []
    if current and listed_flag is None and save_local is not None and not adds:
        warnings.append('The panel does not report save_local for %s, so it could not be compared; it is sent only '
                        'when targets change.' % source)
    if current and listed_flag is None and save_local is None and adds:
        warnings.append('The panel does not report save_local for %s, so its setting could not be kept: the targets go '
                        'with save_local %s. Give save_local to choose it.' % (source, 'true' if sent_flag else 'false'))
    if not current:
        fields = [CREATED]
    else:
        fields = ['targets'] * (targets != have) + ['save_local'] * flag_differs
    shown_flag = sent_flag if adds or listed_flag is not None else None
    return ForwardChange(source, current, targets, sent_flag, fields, shown_flag, warnings, save_local)


def forward_domain_warnings(client, source, forwards):
    """Check mode: a warning when nothing listed shows the source's domain as the hosting user's.

    Only addforward itself tells (error 3), and check mode does not send it; the mailboxes are read only when
    the forwards do not tell.
    """
    domain = address_domain(source)

    def shown_in(addresses):
        return domain_key(domain) in {domain_key(address_domain(address)) for address in addresses}

    if shown_in(forwards) or shown_in(client.mailboxes()):
        return []
    return [unconfirmed_forward_domain_warning(client.hosting_user, domain)]


def listed_targets(client, source):
    return (client.forwards().get(source) or {}).get('targets') or []


def write_forward(client, guard, change, warn):
    """Send ``change`` and read the forward back; return it as listed, or fail saying what the panel holds.

    The docs leave open whether addforward adds to a forward's targets or replaces them, and whether delforward
    removes the targets named or the whole forward. The order here ends right under all four readings, never
    leaves the forward without targets where the panel can avoid it, and spends as few requests as that allows:

    - a change that keeps some targets deletes the surplus first, then sends the whole wanted list (an appending
      panel takes the missing targets, a replacing one the list; a target named again is no news to either): one
      listing before, two writes, one listing after, where adding first would need a listing in between to learn
      which reading the panel follows (5 requests, 3 of them listings);
    - a change of every target adds first, so that the forward is never empty, and the listing after it tells
      whether the old targets are still there to delete (3 requests on a replacing panel, 5 on an appending one);
    - a panel whose delforward dropped the whole forward gets the wanted list added again.

    Each write is a ``guard`` (``guarded_write``): a lost answer is read back, never resent; ``warn`` says what the
    user should know.
    """
    source, wanted = change.source, change.targets
    have = change.current['targets'] if change.current else []
    surplus = sorted(set(have) - set(wanted))
    what = 'the change of the forward for %s' % source

    def add():
        guard(what, lambda: client.add_forward(source, wanted, change.save_local),
              lambda: set(wanted) <= set(listed_targets(client, source)))

    def delete(targets):
        guard(what, lambda: client.delete_forward(source, targets),
              lambda: not set(targets) & set(listed_targets(client, source)))

    if surplus and not set(have) & set(wanted):
        add()
        now = client.forwards().get(source)
        surplus = sorted(set(now['targets']) - set(wanted)) if now else []
        if not surplus:
            return expect_forward(source, now, wanted, change.save_local)
        delete(surplus)
    else:
        if surplus:
            delete(surplus)
        if not surplus or set(wanted) - set(have) or change.flag_differs:
            try:
                add()
            except PanelError as error:
                if surplus:
                    error.message += (' The targets %s had been deleted first, so the forward for %s may now lack some '
                                      'of the targets asked for; run the task again once the cause is fixed.'
                                      % (', '.join(surplus), source))
                raise
    now = client.forwards().get(source)
    if surplus and now is None:
        # This panel's delforward dropped the whole forward: it goes back with the targets asked for.
        if change.current['save_local'] is None and change.save_local_option is None:
            warn('The panel dropped the whole forward for %s to delete %s, and does not report save_local, so its setting '
                 'could not be kept: the targets go back with save_local %s. Give save_local to choose it.'
                 % (source, ', '.join(surplus), 'true' if change.save_local else 'false'))
        add()
        now = client.forwards().get(source)
        if now is not None and now['save_local'] is None:
            now = dict(now, save_local=change.save_local)  # the flag is the one just sent
    return expect_forward(source, now, wanted, change.save_local)


def remove_forward(client, guard, source, current):
    guard('the removal of the forward for %s' % source, lambda: client.delete_forward(source, current['targets']),
          lambda: source not in client.forwards())
    return expect_forward(source, client.forwards().get(source), None, None)


def expect_forward(source, now, targets, save_local):
    """``now`` when it is the forward asked for (``targets`` None: no forward); a PanelError saying what the panel lists."""
    if targets is None:
        holds = now is None
    else:
        holds = now is not None and now['targets'] == targets and now['save_local'] in (None, save_local)
    if not holds:
        raise PanelError('BrainyCP accepted the change of the forward for %s but now lists %s.'
                         % (source, shown_forward(source, now) or 'no forward'))
    return now


def shown_forward(source, entry):
    return {'source': source, 'targets': entry['targets'], 'save_local': entry['save_local']} if entry else {}
