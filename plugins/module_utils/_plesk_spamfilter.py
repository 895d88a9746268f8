# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is PRIVATE to the hosting.mail collection. It may change at any time.

"""The spam filter of a Plesk mailbox (``<spamfilter>``): read as a dict, planned, written.

The filter of a mailbox is named by its full address. Its settings are read with ``get``, the allow list (``white``)
and the block list (``black``) with one ``get-patterns`` each, all in one packet. Open points this code survives (each
a mode of the simulator): a disabled filter may report no preferences; ``set`` may reset the preferences it is not
sent; the score may come back reformatted (5 -> 5.0) and the header with a ``subject`` prefix; ``add-pattern`` may
answer one result per pattern or one per operation. ``<spamfilter>`` is documented up to protocol 1.6.9.0, so a newer
server may refuse it as it refuses ``<user>``: the message then says to pin the protocol.
"""

from __future__ import annotations

import math
import re

from ansible_collections.hosting.mail.plugins.module_utils._errors import GarbledAnswerError, OptionError, PanelError
from ansible_collections.hosting.mail.plugins.module_utils._plesk import NOT_SUPPORTED, PANEL, child, send_to_operator
from ansible_collections.hosting.mail.plugins.module_utils import _plesk
from ansible_collections.hosting.mail.plugins.module_utils._values import split_address

LAST_PROTOCOL = '1.6.9.0'
OPERATORS = ('spamfilter',)
PREFERENCES = ('required_score', 'rewrite_header', 'action')
_TAGS = {'required_score': 'required-score', 'rewrite_header': 'rewrite-header', 'action': 'action'}
# The module's names of the lists, and the panel's.
LISTS = {'allow': 'white', 'block': 'black'}
# What the module calls an action, and what the panel does: text marks the mail (the header) and delivers it.
ACTIONS = {'mark': 'text', 'move': 'move', 'delete': 'delete'}
_ANSWERED_ACTIONS = {wire: name for name, wire in ACTIONS.items()}
FIELDS = ('enabled',) + PREFERENCES + tuple(LISTS)
_SUBJECT_PREFIX = re.compile(r'^subject\s+', re.IGNORECASE)
# How the message of a server without <spamfilter> words its hint (see _plesk.operator_refused).
_REFUSED_WORDING = dict(pinned='The server refused it at the pinned protocol %s; its spam filter may not be installed.')


def send(client, packet, safe_to_repeat=False):
    """``client.send`` with a clear message when the server does not offer ``<spamfilter>``."""
    return send_to_operator(client, packet, OPERATORS, LAST_PROTOCOL, safe_to_repeat, **_REFUSED_WORDING)


def operator_refused(client, error):
    return _plesk.operator_refused(client, error, OPERATORS, LAST_PROTOCOL, **_REFUSED_WORDING)


def check_results(client, results, operation):
    """Raise for the first failed result of an operation (one per pattern or one for all); 1017: no spam filter."""
    if not results:
        raise GarbledAnswerError('%s answered no result for %s.' % (PANEL, operation))
    for result in results:
        if not result.ok:
            error = client.error_for(result, operation)
            raise operator_refused(client, error) if result.code == NOT_SUPPORTED else error


def mailbox(address):
    """The full address the filter is named by: the local part in lower case, the domain normalised."""
    local, domain = split_address(address, 'name')
    return '%s@%s' % (local, domain)


def add_reads(packet, username):
    """get, then get-patterns of the allow and the block list, for one mailbox."""
    operator = packet.operator('spamfilter')
    child(child(packet.operation(operator, 'get'), 'filter'), 'username', username)
    for wire in LISTS.values():
        patterns = packet.operation(operator, 'get-patterns', label='spamfilter/get-patterns/%s' % wire)
        child(child(patterns, 'filter'), 'username', username)
        child(patterns, 'list', wire)


def read(client, answers, username):
    """The filter as a dict (see FIELDS); None when Plesk has no mail account ``username``."""
    settings, *lists = answers
    if settings and not settings[0].ok and settings[0].not_found:
        return None
    check_results(client, settings, 'spamfilter/get')
    element = settings[0].element
    if element.find('enabled') is not None:
        enabled = True
    elif element.find('disabled') is not None:
        enabled = False
    else:
        raise GarbledAnswerError('%s answered spamfilter/get for %s without <enabled/> or <disabled/>; nothing was '
                                 'changed.' % (PANEL, username))
    preferences = element.find('preferences')
    found = {'enabled': enabled}
    for field in PREFERENCES:
        value = preferences.findtext(_TAGS[field]) if preferences is not None else None
        found[field] = None if value is None else ' '.join(value.split())
    if found['action'] is not None:
        found['action'] = _ANSWERED_ACTIONS.get(found['action'], found['action'])
    for (name, wire), results in zip(LISTS.items(), lists):
        check_results(client, results, 'spamfilter/get-patterns/%s' % wire)
        # As the panel spells them (a deletion names a pattern so), one of each without regard to case.
        spelled = {}
        for pattern in (pattern for result in results for pattern in result.element.findall('pattern')):
            if pattern.text and pattern.text.strip():
                spelled.setdefault(pattern.text.strip().lower(), pattern.text.strip())
        found[name] = sorted(spelled.values(), key=str.lower)
    return found


def get(client, username):
    packet = client.packet()
    add_reads(packet, username)
    return read(client, send(client, packet, safe_to_repeat=True), username)


def desired_filter(params):
    """The settings the user gave, checked, in the shape ``read`` gives."""
    desired = {}
    if params.get('enabled') is not None:
        desired['enabled'] = params['enabled']
    if params.get('required_score') is not None:
        desired['required_score'] = score_text(params['required_score'])
    if params.get('rewrite_header') is not None:
        desired['rewrite_header'] = ' '.join(params['rewrite_header'].split())
        if not desired['rewrite_header']:
            raise OptionError('rewrite_header: give the text put before the subject of spam, such as ***SPAM***.')
    if params.get('action') is not None:
        desired['action'] = params['action']
    for name in LISTS:
        if params.get(name) is not None:
            patterns = []
            for pattern in params[name]:
                text = (pattern or '').strip().lower()
                if not text or any(char.isspace() for char in text):
                    raise OptionError('%s: %r is no address pattern (such as *@example.com or boss@example.org).'
                                      % (name, pattern))
                patterns.append(text)
            desired[name] = sorted(set(patterns))
    return desired


def score_text(value):
    """A score as sent: a finite number, written without a needless .0."""
    try:
        number = float(str(value).strip())
    except ValueError:
        number = float('nan')
    if not math.isfinite(number) or not -1000 <= number <= 1000:
        raise OptionError('required_score must be a number such as 5 or 6.5, not %r.' % (value,))
    return ('%.4f' % number).rstrip('0').rstrip('.')


def header_text(value):
    """The text put before the subject of spam: Plesk may store the header as SpamAssassin writes it, "subject <text>"."""
    return _SUBJECT_PREFIX.sub('', value)


def same(field, current, wanted, append=False):
    if current is None:
        return False
    if field == 'required_score':
        try:
            return math.isclose(float(current), float(wanted), abs_tol=1e-9)
        except ValueError:
            return False
    if field == 'rewrite_header':
        return header_text(current) == header_text(wanted)
    if field in LISTS:
        wanted, current = {pattern.lower() for pattern in wanted}, {pattern.lower() for pattern in current}
        return wanted <= current if append else wanted == current
    return current == wanted


class FilterPlan:
    """What to write: the preferences and the on/off switch that differ, and the patterns to add and delete."""

    def __init__(self, current, desired, append=False):
        self.current = current
        self.desired = desired
        self.append = append
        self.changed = [field for field in FIELDS if field in desired and not same(field, current[field], desired[field], append)]
        self.unreported = [field for field in self.changed if current[field] is None]
        self.preferences = {field: desired[field] for field in PREFERENCES if field in self.changed}
        self.enabled = desired['enabled'] if 'enabled' in self.changed else None
        known = {name: {pattern.lower() for pattern in current[name] or ()} for name in LISTS}
        self.add = {name: [pattern for pattern in desired[name] if pattern not in known[name]]
                    for name in LISTS if name in self.changed}
        # Deleted as the panel spells them.
        self.delete = {} if append else {name: [pattern for pattern in current[name] if pattern.lower() not in desired[name]]
                                         for name in LISTS if name in self.changed}

    def expected(self):
        after = dict(self.current, **{field: self.desired[field] for field in FIELDS if field in self.desired})
        if self.append:
            for name in LISTS:
                if name in self.desired:
                    after[name] = sorted(self.current[name] + self.add.get(name, []), key=str.lower)
        return after


def add_set(packet, username, preferences, enabled=None):
    """``set``: the preferences (required, even empty) in the XSD's order, then the switch if it changes."""
    operation = packet.operation(packet.operator('spamfilter'), 'set')
    child(child(operation, 'filter'), 'username', username)
    element = child(operation, 'preferences')
    for field in PREFERENCES:
        if preferences.get(field) is not None:
            value = ACTIONS[preferences[field]] if field == 'action' else preferences[field]
            child(element, _TAGS[field], value, what=field)
    if enabled is not None:
        child(operation, 'enabled' if enabled else 'disabled')


def add_patterns(packet, username, name, patterns, delete=False):
    """add-pattern or del-pattern of some patterns of one list; never with no pattern (an empty filter is every one)."""
    if not patterns:
        raise OptionError('Refusing to send spamfilter/%s without a pattern: it would act on the whole list.'
                          % ('del-pattern' if delete else 'add-pattern'))
    wire = LISTS[name]
    operation = packet.operation(packet.operator('spamfilter'), 'del-pattern' if delete else 'add-pattern',
                                 label='spamfilter/%s/%s' % ('del-pattern' if delete else 'add-pattern', wire))
    query = child(operation, 'filter')
    for pattern in patterns:
        child(query, 'pattern', pattern, what=name)
    child(operation, 'list', wire)
    child(operation, 'username', username)


def write_packet(client, username, plan, preferences=None):
    """One packet: set (if preferences or the switch change), then the additions, then the deletions."""
    packet = client.packet()
    preferences = plan.preferences if preferences is None else preferences
    if preferences or plan.enabled is not None:
        add_set(packet, username, preferences, plan.enabled)
    for name, patterns in plan.add.items():
        if patterns:
            add_patterns(packet, username, name, patterns)
    for name, patterns in plan.delete.items():
        if patterns:
            add_patterns(packet, username, name, patterns, delete=True)
    return packet


def send_checked(client, packet):
    """Send a write packet; raise on the first refused operation."""
    for label, results in zip(packet.operations, send(client, packet)):
        check_results(client, results, label)


def missing_account(username):
    return PanelError('Plesk has no mail account %s, so it has no spam filter (spamfilter/get answered 1013).' % username)
