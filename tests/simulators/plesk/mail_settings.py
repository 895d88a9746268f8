# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The <mail> operations for a domain's mail service: get_prefs, set_prefs, enable, disable (registered in mail.py).

get_prefs and set_prefs take filter{site-id*}: one result per site-id, in filter order; an empty
filter means EVERY domain of the panel (for set_prefs too: the danger of a blank filter). A get_prefs
error result carries no site-id (the output XSD wants prefs with it); a set_prefs one does.
enable and disable take one bare site-id and answer without it.

Quirks: ``prefs_fields`` (what get_prefs answers), ``set_prefs_omitted`` and ``mailservice_prefs``
(see Panel.set_mail_prefs), ``dkim_off``.
"""

from __future__ import annotations

from .protocol import (
    NOT_FOUND,
    NOT_SUPPORTED,
    Operation,
    ResultError,
    add,
    children,
    collapsed_text,
    error_result,
    invalid,
    not_expected,
    ok_result,
    read_bool,
    read_int,
    required_child,
)

# prefs child -> key of a domain's mail_prefs, for the boolean ones.
_FLAGS = {'spam-protect-sign': 'spam_protect_sign', 'greylisting': 'greylisting', 'mailservice': 'mailservice'}


def _site_ids(call, request):
    """The site-ids of the filter; an empty filter names every domain of the panel."""
    ids = [read_int(site_id) for site_id in required_child(request, 'filter').findall('site-id')]
    return ids or [domain.id for domain in call.panel.domains()]


def _site_missing(site_id):
    return ResultError(NOT_FOUND, 'Site with id %s does not exist' % site_id)


def read_prefs(element):
    """The change a <prefs> (MailPreferences) asks for: only the preferences it names. ``<none/>`` is 1019."""
    change = {}
    for child in children(element):
        if child.tag == 'none':
            raise invalid('prefs <none/> sets nothing')
        if child.tag == 'nonexistent-user':
            actions = children(child)
            if len(actions) != 1 or actions[0].tag not in ('bounce', 'forward', 'reject'):
                raise not_expected(actions[1] if len(actions) > 1 else child)  # as the XSD would, when it is not loaded
            action = actions[0]
            value = None if action.tag == 'reject' else collapsed_text(action)
            change['nonexistent_user'] = {'action': action.tag, 'value': value}
        elif child.tag == 'webmail':
            change['webmail'] = collapsed_text(child)
        elif child.tag in _FLAGS:
            change[_FLAGS[child.tag]] = read_bool(child)
        elif child.tag in ('ip_address', 'mail-provider'):
            raise ResultError(NOT_SUPPORTED, '%s is not supported by the simulator' % child.tag)
        else:
            raise not_expected(child)
    return change


def write_prefs(call, result, domain):
    """A domain's preferences in MailPreferences order, as the quirk ``prefs_fields`` says."""
    fields = call.quirks.get('prefs_fields', 'all')
    prefs = add(result, 'prefs')
    stored = domain.mail_prefs
    if fields == 'none-when-off' and not stored['mailservice']:
        add(prefs, 'none')
        return
    nonexistent = add(prefs, 'nonexistent-user')
    action = stored['nonexistent_user']['action']
    add(nonexistent, action, None if action == 'reject' else stored['nonexistent_user']['value'])
    add(prefs, 'webmail', stored['webmail'])
    add(prefs, 'spam-protect-sign', stored['spam_protect_sign'])
    if fields != 'omit-greylisting':
        add(prefs, 'greylisting', stored['greylisting'])
    add(prefs, 'mailservice', stored['mailservice'])


def get_prefs(call, request, response):
    """filter{site-id*}: ok, site-id, prefs per site; 1013 without a site-id for an unknown one."""
    for site_id in _site_ids(call, request):
        domain = call.panel.find_domain(site_id)
        if domain is None:
            error_result(response, _site_missing(site_id))
            continue
        result = ok_result(response)
        add(result, 'site-id', domain.id)
        write_prefs(call, result, domain)
    if not len(response):  # pylint: disable=use-implicit-booleaness-not-len
        ok_result(response)  # a panel without domains: the XSD wants a result


def set_prefs(call, request, response):
    """filter{site-id*}, prefs: one result per site, with its site-id; the values are checked per site (1019)."""
    error = None
    try:
        change = read_prefs(required_child(request, 'prefs'))
    except ResultError as refused:
        change, error = None, refused
    for site_id in _site_ids(call, request):
        try:
            if call.panel.find_domain(site_id) is None:
                raise _site_missing(site_id)
            if change is None:
                raise error
            call.panel.set_mail_prefs(site_id, change, call.quirks)
        except ResultError as refused:
            add(error_result(response, refused), 'site-id', site_id)
        else:
            add(ok_result(response), 'site-id', site_id)
    if not len(response):  # pylint: disable=use-implicit-booleaness-not-len
        ok_result(response)


def _switch(enabled):
    def switch(call, request, response):
        site_id = read_int(required_child(request, 'site-id'))
        try:
            call.panel.set_mail_service(site_id, enabled)
        except ResultError as error:
            error_result(response, error)
        else:
            ok_result(response)
    switch.__name__ = 'enable' if enabled else 'disable'
    switch.__doc__ = 'site-id: the mail service of the site goes %s; one result without site-id.' % ('on' if enabled else 'off')
    return switch


OPERATIONS = {
    'get_prefs': Operation(get_prefs),
    'set_prefs': Operation(set_prefs, writes=True),
    'enable': Operation(_switch(True), writes=True),
    'disable': Operation(_switch(False), writes=True),
}
