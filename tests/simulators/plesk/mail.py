# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The <mail> operator: create, get_info, update (add, remove, set), remove and rename mail accounts.

The operations on a domain's mail service (get_prefs, set_prefs, enable, disable) live in mail_settings.py.

Requests are read into "changes" (see state.py) and applied by the panel model; every mailname or
name of a request gets its own <result>, in request order.
"""

from __future__ import annotations

from .protocol import (
    NOT_SUPPORTED,
    PARSE_ERROR,
    Operation,
    PacketError,
    ResultError,
    add,
    children,
    collapsed_text,
    error_result,
    ok_result,
    read_bool,
    read_int,
    required_child,
)
from .mail_settings import OPERATIONS as SETTINGS_OPERATIONS
from .state import AUTORESPONDER_FIELDS

GET_INFO_FLAGS = ('mailbox', 'mailbox-usage', 'forwarding', 'aliases', 'autoresponder')
UPDATE_MODES = ('add', 'remove', 'set')


# --- reading requests -------------------------------------------------------------------------------

def _raw_text(element):
    return element.text or ''


def _unexpected(element):
    return PacketError(PARSE_ERROR, "Parser error: Request is invalid. Element '%s': This element is not expected."
                       % element.tag)


def _read_mailbox(element):
    mailbox = {}
    for child in children(element):
        if child.tag == 'enabled':
            mailbox['enabled'] = read_bool(child)
        elif child.tag == 'quota':
            mailbox['quota'] = read_int(child)
        else:
            raise _unexpected(child)
    return mailbox


def _read_forwarding(element):
    forwarding = {}
    for child in children(element):
        if child.tag == 'enabled':
            forwarding['enabled'] = read_bool(child)
        elif child.tag == 'address':
            forwarding.setdefault('addresses', []).append(collapsed_text(child))
        else:
            raise _unexpected(child)
    return forwarding


def _read_autoresponder(call, element):
    autoresponder = {}
    for child in children(element):
        if child.tag == 'enabled':
            autoresponder['enabled'] = read_bool(child)
        elif child.tag in ('text', 'subject'):
            autoresponder[child.tag] = _raw_text(child)  # xs:string: white space is kept
        elif child.tag == 'end_date' and not call.at_least('1.6.7.0'):
            raise _unexpected(child)  # end_date came with protocol 1.6.7.0, as the schema variants say
        elif child.tag in AUTORESPONDER_FIELDS:
            autoresponder[child.tag] = collapsed_text(child)
        elif child.tag != 'attachment':  # attachments name uploaded files, which the simulator has none of
            raise _unexpected(child)
    return autoresponder


def _read_password(element):
    password = {}
    for child in children(element):
        if child.tag in ('value', 'type'):
            password[child.tag] = _raw_text(child) if child.tag == 'value' else collapsed_text(child)
        else:
            raise _unexpected(child)
    return password


# Child of <mailname> -> (key in the change, reader); alias, autoresponder and user-guid are read apart.
_MAILNAME_READERS = {
    'name': ('name', collapsed_text),
    'cp-access': ('cp_access', read_bool),
    'mailbox': ('mailbox', _read_mailbox),
    'forwarding': ('forwarding', _read_forwarding),
    'password': ('password', _read_password),
    'antivir': ('antivir', collapsed_text),
    'outgoing-messages-mbox-limit': ('outgoing_messages_mbox_limit', collapsed_text),
    'description': ('description', _raw_text),
}


def read_mailname(call, element):
    """The change a <mailname> element asks for: only the settings it names."""
    change = {}
    for child in children(element):
        if child.tag == 'id':
            continue  # update/set may carry the id; the name identifies the account all the same
        if child.tag == 'alias':
            change.setdefault('aliases', []).append(collapsed_text(child))
        elif child.tag == 'autoresponder':
            change['autoresponder'] = _read_autoresponder(call, child)
        elif child.tag == 'user-guid':
            raise ResultError(NOT_SUPPORTED, 'user-guid instead of a password is not supported by the simulator')
        elif child.tag in _MAILNAME_READERS:
            key, reader = _MAILNAME_READERS[child.tag]
            change[key] = reader(child)
        else:
            raise _unexpected(child)
    return change


def _site_id(element):
    return read_int(required_child(element, 'site-id'))


def _names(filter_element):
    return [collapsed_text(name) for name in filter_element.findall('name')]


# --- writing responses ------------------------------------------------------------------------------

def _mailname(result, name, account_id=None):
    mailname = add(result, 'mailname')
    if account_id is not None:
        add(mailname, 'id', account_id)
    add(mailname, 'name', name)


def _ensure_a_result(response):
    # The output XSD wants at least one <result>; where nothing is found the simulator answers a bare ok.
    if not len(response):  # pylint: disable=use-implicit-booleaness-not-len
        ok_result(response)


def _mailname_info(call, result, account, flags):
    """A mailnameGetInfoType: sections and lists only for the flags asked for, the password never."""
    mailname = add(result, 'mailname')
    add(mailname, 'id', account.id)
    add(mailname, 'name', account.name)
    if 'mailbox' in flags or 'mailbox-usage' in flags:
        mailbox = add(mailname, 'mailbox')
        add(mailbox, 'enabled', account.mailbox['enabled'])
        add(mailbox, 'quota', account.mailbox['quota'])
        if 'mailbox-usage' in flags:
            add(mailbox, 'usage', 0)  # nothing is ever delivered to a simulated mailbox
    if 'forwarding' in flags:
        forwarding = add(mailname, 'forwarding')
        add(forwarding, 'enabled', account.forwarding['enabled'])
        for address in account.forwarding['addresses']:
            add(forwarding, 'address', address)
    if 'aliases' in flags:
        for alias in account.aliases:
            add(mailname, 'alias', alias)
    if 'autoresponder' in flags:
        autoresponder = add(mailname, 'autoresponder')
        add(autoresponder, 'enabled', account.autoresponder['enabled'])
        for field in AUTORESPONDER_FIELDS:
            value = account.autoresponder[field]
            if value is not None and (field != 'end_date' or call.at_least('1.6.8.0')):
                add(autoresponder, field, value)
    add(mailname, 'password')  # write-only: always answered empty, as Plesk does
    add(mailname, 'antivir', account.antivir)
    add(mailname, 'outgoing-messages-mbox-limit', account.outgoing_messages_mbox_limit)
    add(mailname, 'description', account.description)


# --- operations -------------------------------------------------------------------------------------

def create(call, request, response):
    """filter{site-id, mailname+}: one result per mailname, with the new id."""
    filter_element = required_child(request, 'filter')
    site_id = _site_id(filter_element)
    for element in filter_element.findall('mailname'):
        name = collapsed_text(required_child(element, 'name'))
        try:
            account = call.panel.create_mail(site_id, read_mailname(call, element))
        except ResultError as error:
            _mailname(error_result(response, error), name)
        else:
            _mailname(ok_result(response), account.name, account.id)


def update(call, request, response):
    """Exactly one of add, remove, set; each holds filter{site-id, mailname+}."""
    modes = children(request)
    if len(modes) != 1 or modes[0].tag not in UPDATE_MODES:
        raise PacketError(PARSE_ERROR, 'Parser error: Request is invalid. <update> needs exactly one of add, remove, set.')
    mode = modes[0].tag
    mode_response = add(response, mode)
    filter_element = required_child(modes[0], 'filter')
    site_id = _site_id(filter_element)
    for element in filter_element.findall('mailname'):
        name = collapsed_text(required_child(element, 'name'))
        try:
            account = call.panel.update_mail(site_id, name, mode, read_mailname(call, element), call.quirks)
        except ResultError as error:
            _mailname(error_result(mode_response, error), name)
        else:
            _mailname(ok_result(mode_response), account.name)


def get_info(call, request, response):
    """filter{site-id, name*} and flags: one result per account; no names means every account of the site."""
    filter_element = required_child(request, 'filter')
    site_id = _site_id(filter_element)
    names = _names(filter_element)
    flags = {child.tag for child in children(request)} & set(GET_INFO_FLAGS)
    try:
        accounts = call.panel.mail_of(site_id)
    except ResultError as error:
        for name in names or [None]:
            result = error_result(response, error)
            if name is not None:
                _mailname(result, name)
        return
    for name in names:
        try:
            account = call.panel.get_mail(site_id, name)
        except ResultError as error:
            if call.quirks.get('missing_mail', 'error') == 'error':  # quirk 'omit': no result at all
                _mailname(error_result(response, error), name)
        else:
            _mailname_info(call, ok_result(response), account, flags)
    if not names:
        for account in accounts:
            _mailname_info(call, ok_result(response), account, flags)
    _ensure_a_result(response)


def remove(call, request, response):
    """filter{site-id, name*}. Without names EVERY account of the site is removed, as on a real panel."""
    filter_element = required_child(request, 'filter')
    site_id = _site_id(filter_element)
    names = _names(filter_element)
    if not names:
        try:
            removed = call.panel.remove_all_mail(site_id)
        except ResultError as error:
            error_result(response, error)
            return
        for account in removed:
            _mailname(ok_result(response), account.name)
        _ensure_a_result(response)
        return
    for name in names:
        try:
            account = call.panel.remove_mail(site_id, name)
        except ResultError as error:
            _mailname(error_result(response, error), name)
        else:
            _mailname(ok_result(response), account.name)


def rename(call, request, response):
    """site-id, name, new-name: exactly one result."""
    site_id = read_int(required_child(request, 'site-id'))
    name = collapsed_text(required_child(request, 'name'))
    new_name = collapsed_text(required_child(request, 'new-name'))
    try:
        call.panel.rename_mail(site_id, name, new_name)
    except ResultError as error:
        error_result(response, error)
    else:
        ok_result(response)


OPERATIONS = {
    'create': Operation(create, writes=True),
    'get_info': Operation(get_info),
    'update': Operation(update, writes=True, by_child=True),
    'remove': Operation(remove, writes=True),
    'rename': Operation(rename, writes=True),
    **SETTINGS_OPERATIONS,  # get_prefs, set_prefs, enable, disable
}
