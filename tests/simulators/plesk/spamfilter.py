# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The <spamfilter> operator: get, set, add-pattern, del-pattern, get-patterns (SpamAssassin of a mailbox or the server).

A user is named by username (the full address of a mail account, its domain in Unicode or punycode,
any case; or ``admin`` for the server-wide filter) or by spamfilter-id (the account's mail id). An
unknown user answers 1013 with the filter-id it was named by. del-pattern with an empty filter
EMPTIES the whole list, as the docs say a blank filter matches every pattern.

Quirks: ``spamfilter_operator`` (available | versioned: unknown from protocol 1.6.9.1 on, see
``unknown_element`` | unsupported: 1017 for every operation), ``sf_get_fields``, ``sf_pattern_results``,
``sf_duplicate_pattern``, ``sf_score_format``, ``sf_rewrite_header``, ``sf_set_omitted``.
check, get-allowed-preferences and get-allowed-lists are not simulated (1017, see agent.py).
"""

from __future__ import annotations

import functools

from .protocol import (
    NOT_FOUND,
    NOT_SUPPORTED,
    Operation,
    ResultError,
    add,
    children,
    collapsed_text,
    error_result,
    not_expected,
    ok_result,
    read_bool,
    read_int,
    required_child,
    version_key,
)
from .state import format_score

QUIRK = 'spamfilter_operator'
# The docs give the spamfilter operator for protocols up to 1.6.9.0.
OPERATOR_WITHDRAWN_IN = '1.6.9.1'


def unknown_element(operator, version, quirks):
    """The <spamfilter> operator itself when the quirk ``versioned`` plays a server whose schema at ``version`` lacks it."""
    if quirks.get(QUIRK) == 'versioned' and version_key(version) >= version_key(OPERATOR_WITHDRAWN_IN):
        return operator
    return None


def offered(handler):
    """The handler, except that with the quirk ``unsupported`` it answers 1017 instead."""
    @functools.wraps(handler)
    def answer(call, request, response):
        if call.quirks.get(QUIRK) == 'unsupported':
            error_result(response, ResultError(NOT_SUPPORTED, 'Feature not supported by the current version of XML API'))
        else:
            handler(call, request, response)
    return answer


# --- users -------------------------------------------------------------------------------------------

def _user_missing(name):
    return ResultError(NOT_FOUND, 'Spam filter of %s does not exist' % name)


def _lookup(call, element):
    """``(name as sent, SpamFilterUser or None)`` for a username or spamfilter-id element."""
    name = collapsed_text(element)
    if element.tag == 'username':
        return name, call.panel.spamfilter_user(username=name)
    try:
        spamfilter_id = int(name)
    except ValueError:
        return name, None
    return name, call.panel.spamfilter_user(spamfilter_id=spamfilter_id)


def _users(call, filter_element):
    return [_lookup(call, child) for child in children(filter_element)]


def _refused(response, error, name):
    add(error_result(response, error), 'filter-id', name)


def _found(response, name, user):
    result = ok_result(response)
    add(result, 'filter-id', name)
    if user.id is not None:
        add(result, 'id', user.id)
    return result


# --- get and set -----------------------------------------------------------------------------------

def _rewrite_header(call, text):
    if call.quirks.get('sf_rewrite_header', 'as-sent') == 'subject-prefix' and not text.lower().startswith('subject '):
        return 'subject ' + text
    return text


def _write_preferences(call, result, user):
    settings = user.settings
    preferences = add(result, 'preferences')
    if call.quirks.get('sf_get_fields', 'all') == 'empty-when-off' and not settings['enabled']:
        return
    if user.admin:
        add(preferences, 'personal', settings['personal'])
        add(preferences, 'max-children-process', settings['max_children_process'])
    add(preferences, 'required-score', format_score(settings['required_score'], call.quirks.get('sf_score_format', 'as-sent')))
    add(preferences, 'rewrite-header', _rewrite_header(call, settings['rewrite_header']))
    add(preferences, 'action', settings['action'])


def get(call, request, response):
    """filter{username+ | spamfilter-id+}: per user ok, filter-id, id, username, enabled|disabled, preferences."""
    for name, user in _users(call, required_child(request, 'filter')):
        if user is None:
            _refused(response, _user_missing(name), name)
            continue
        result = _found(response, name, user)
        add(result, 'username', user.username)
        add(result, 'enabled' if user.settings['enabled'] else 'disabled')
        _write_preferences(call, result, user)


# preferences child -> (settings key, reader)
_PREFERENCE_READERS = {
    'personal': ('personal', read_bool),
    'max-children-process': ('max_children_process', read_int),
    'required-score': ('required_score', collapsed_text),
    'rewrite-header': ('rewrite_header', collapsed_text),
    'action': ('action', collapsed_text),
}


def set_filter(call, request, response):
    """filter, preferences, (enabled | disabled)?: what is sent changes; per user ok (filter-id, id) or an error."""
    preferences = {}
    unsupported = None
    for child in children(required_child(request, 'preferences')):
        if child.tag == 'use-server-wide-settings':
            unsupported = ResultError(NOT_SUPPORTED, 'use-server-wide-settings is not supported by Plesk for Unix')
        elif child.tag not in _PREFERENCE_READERS:
            raise not_expected(child)  # as the XSD would, when it is not loaded
        else:
            key, reader = _PREFERENCE_READERS[child.tag]
            preferences[key] = reader(child)
    enabled = True if request.find('enabled') is not None else False if request.find('disabled') is not None else None
    for name, user in _users(call, required_child(request, 'filter')):
        try:
            if user is None:
                raise _user_missing(name)
            if unsupported is not None:
                raise unsupported
            user.set(preferences, enabled, call.quirks)
        except ResultError as error:
            _refused(response, error, name)
        else:
            _found(response, name, user)


# --- patterns --------------------------------------------------------------------------------------

def _pattern_user(call, request):
    return _lookup(call, request.find('username') if request.find('username') is not None else request.find('spamfilter-id'))


def _patterns(request):
    return [collapsed_text(pattern) for pattern in required_child(request, 'filter').findall('pattern')]


def _answer_patterns(call, response, name, outcomes):
    """``outcomes``: (pattern, ResultError or None) pairs; one result each, or one for the operation (quirk)."""
    if call.quirks.get('sf_pattern_results', 'per-pattern') == 'per-operation' or not outcomes:
        errors = [error for _pattern, error in outcomes if error is not None]
        if errors:
            _refused(response, errors[0], name)
        else:
            add(ok_result(response), 'filter-id', name)
        return
    for pattern, error in outcomes:
        if error is None:
            add(ok_result(response), 'filter-id', pattern)
        else:
            _refused(response, error, pattern)


def add_pattern(call, request, response):
    """filter{pattern*}, list, username | spamfilter-id: the patterns join the list (compared without regard to case)."""
    name, user = _pattern_user(call, request)
    if user is None:
        _refused(response, _user_missing(name), name)
        return
    patterns = _patterns(request)
    outcomes = user.add_patterns(collapsed_text(request.find('list')), patterns,
                                 call.quirks.get('sf_duplicate_pattern', 'ok'))
    _answer_patterns(call, response, name, list(zip(patterns, outcomes)))


def del_pattern(call, request, response):
    """filter{pattern*}, list, user: the patterns leave the list (absent ones too: ok); an EMPTY filter empties it."""
    name, user = _pattern_user(call, request)
    if user is None:
        _refused(response, _user_missing(name), name)
        return
    patterns = _patterns(request)
    removed = user.delete_patterns(collapsed_text(request.find('list')), patterns or None)
    _answer_patterns(call, response, name, [(pattern, None) for pattern in removed])


def get_patterns(call, request, response):
    """filter?, list: per user ok, filter-id, pattern* (no list element). Without a filter: the server-wide list."""
    list_name = collapsed_text(request.find('list'))
    filter_element = request.find('filter')
    users = _users(call, filter_element) if filter_element is not None else [('admin', call.panel.spamfilter_user('admin'))]
    for name, user in users:
        if user is None:
            _refused(response, _user_missing(name), name)
            continue
        result = ok_result(response)
        add(result, 'filter-id', name)
        for pattern in user.settings['lists'][list_name]:
            add(result, 'pattern', pattern)


OPERATIONS = {
    'get': Operation(offered(get)),
    'set': Operation(offered(set_filter), writes=True),
    'add-pattern': Operation(offered(add_pattern), writes=True),
    'del-pattern': Operation(offered(del_pattern), writes=True),
    'get-patterns': Operation(offered(get_patterns)),
}
