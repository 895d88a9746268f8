# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is PRIVATE to the hosting.mail collection. It may change at any time.

"""Plesk panel users (the ``<user>`` operator): read them as dicts, plan, write.

The API has no login filter, so users are read once with ``<all/>`` and matched by login, without
regard to case as Plesk does. ``<user>`` is documented for protocols 1.6.3.0 to 1.6.9.0; newer
servers refuse it with a parse error (1014) or 1017, for one operation or the whole packet, which
``send`` and ``check_result`` turn into a message that says so and suggests pinning the protocol.
"""

from __future__ import annotations

import re
import unicodedata

from ansible_collections.hosting.mail.plugins.module_utils._errors import OptionError
from ansible_collections.hosting.mail.plugins.module_utils._plesk import (
    NOT_SUPPORTED,
    child,
    listed_domain,
    listed_element,
    listed_int,
    operator_refused,
    send_to_operator,
)
from ansible_collections.hosting.mail.plugins.module_utils._values import split_address

LAST_USER_PROTOCOL = '1.6.9.0'
OPERATORS = ('user', 'role')
# How the message of a server without them words its hint (see _plesk.operator_refused).
_REFUSED_WORDING = dict(documented='the <user> operator')
OWNER_NOT_FOUND = 1015
CONTACT_FIELDS = ('company', 'phone', 'fax', 'address', 'city', 'state', 'zip', 'country', 'im', 'im_type', 'comment',
                  'locale')
_CONTACT_TAGS = {field: 'imtype' if field == 'im_type' else field for field in CONTACT_FIELDS}
PASSWORD_MARKER = '(password changed)'


def send(client, packet, safe_to_repeat=False):
    """``client.send`` with a clear message when the server does not offer ``<user>``/``<role>``."""
    return send_to_operator(client, packet, OPERATORS, LAST_USER_PROTOCOL, safe_to_repeat, **_REFUSED_WORDING)


# What Plesk's schema takes before the @ of a user's e-mail (its pattern: [-+\p{L}\p{N}._]*).
_USER_EMAIL_LOCAL = re.compile(r'^[-+.\w]+\Z')


def _comparable(field, value):
    """An e-mail compares by its local part as written and its domain normalised (Plesk keeps the case it was given)."""
    if field != 'email' or not value or '@' not in value:
        return value
    local, domain = value.rsplit('@', 1)
    return '%s@%s' % (local, listed_domain(domain))


def check_login(login):
    """Refuse a login no Plesk user can have: empty, or with white space or control characters (a panel may trim them,
    and the user would then be found under no login the task names)."""
    if not login or len(login) > 255 or any(char.isspace() or unicodedata.category(char) in ('Cc', 'Cf', 'Cs') for char in login):
        raise OptionError('login: %r is no Plesk login (1 to 255 characters, no white space or control characters).' % login)


def user_email(address):
    """A user's e-mail as sent: one address, the local part as given, the domain normalised; an OptionError if not."""
    domain = split_address(address, 'email')[1]
    local = address.strip().rpartition('@')[0]
    if not _USER_EMAIL_LOCAL.match(local):
        raise OptionError("email: Plesk takes only letters, digits and - + . _ before the @ of a user's e-mail, not %r."
                          % address)
    return '%s@%s' % (local, domain)


def _operator_refused(client, error):
    return operator_refused(client, error, OPERATORS, LAST_USER_PROTOCOL, **_REFUSED_WORDING)


def check_result(client, result, operation):
    """Raise for a failed result; 1017 on a user operation means the operator is unavailable."""
    if result.ok:
        return
    error = client.error_for(result, operation)
    if result.code == NOT_SUPPORTED:
        raise _operator_refused(client, error)
    raise error


def _text(element, tag):
    return element.findtext(tag) if element is not None else None


def user_from_xml(result):
    """The user dict of a ``get`` result with gen-info and roles."""
    info = listed_element(result.element, 'data/gen-info', 'a user')
    data = result.element.find('data')
    contact = info.find('contact-info')
    subscription = listed_int(info, 'subscription-domain-id', 'the subscription of a user')
    return {
        'login': info.findtext('login'),
        'id': listed_int(result.element, 'id', 'the id of a user'),
        'guid': info.findtext('guid'),
        'name': info.findtext('name'),
        'email': info.findtext('email'),
        'status': info.findtext('status'),
        'owner_guid': info.findtext('owner-guid'),
        'external_id': info.findtext('external-id') or '',
        'subscription_id': subscription or 0,
        'role': _text(data.find('roles'), 'name'),
        'built_in': info.findtext('is-built-in') in ('true', '1'),
        'contact': {field: _text(contact, tag) or '' for field, tag in _CONTACT_TAGS.items()},
    }


def list_users(client, owner_external_id=None):
    """Every panel user (or those of one owner, by external id), read once."""
    packet = client.packet()
    get = packet.operation(packet.operator('user'), 'get')
    query = child(get, 'filter')
    if owner_external_id:
        child(query, 'owner-external-id', owner_external_id)
    else:
        child(query, 'all')
    dataset = child(get, 'dataset')
    child(dataset, 'gen-info')
    child(dataset, 'roles')
    users = []
    for result in send(client, packet, safe_to_repeat=True)[0]:
        if result.not_found:
            continue
        if result.code == OWNER_NOT_FOUND:
            raise OptionError('Plesk has no account with the external id %r (owner_external_id).' % owner_external_id)
        check_result(client, result, 'user/get')
        if result.element.find('data') is not None:
            users.append(user_from_xml(result))
    return users


def find_user(users, login):
    wanted = login.lower()
    matches = [user for user in users if (user['login'] or '').lower() == wanted]
    return matches[0] if matches else None


def role_exists(client, role, owner_guid=None):
    packet = client.packet()
    get = packet.operation(packet.operator('role'), 'get')
    child(child(get, 'filter'), 'name', role)
    if owner_guid:
        child(get, 'owner-guid', owner_guid)
    for result in send(client, packet, safe_to_repeat=True)[0]:
        if result.ok:
            return True
        if not result.not_found:
            check_result(client, result, 'role/get')
    return False


def desired_user(params, subscription_id):
    """The managed fields the user gave, in the shape of a user dict."""
    desired = {}
    for field in ('name', 'email', 'status', 'role', 'external_id'):
        if params.get(field) is not None:
            desired[field] = params[field]
    if subscription_id is not None:
        desired['subscription_id'] = subscription_id
    if params.get('contact') is not None:
        desired['contact'] = {field: value for field, value in params['contact'].items() if value is not None}
    return desired


def plan_user(current, desired, password=None):
    """The changed field names, and the values a set (or add) must carry."""
    if current is None:
        missing = [field for field in ('name', 'role') if field not in desired] + ([] if password else ['password'])
        if missing:
            raise OptionError('Creating a Plesk user needs %s.' % ', '.join(missing))
        return ['created'], dict(desired, password=password)
    changed = []
    values = {}
    for field in ('name', 'email', 'status', 'role', 'external_id', 'subscription_id'):
        if field in desired and _comparable(field, desired[field]) != _comparable(field, current.get(field)):
            changed.append(field)
            values[field] = desired[field]
    differing = [field for field, value in desired.get('contact', {}).items() if value != current['contact'].get(field)]
    if differing:
        changed.extend('contact.' + field for field in differing)
        values['contact'] = dict(current['contact'], **desired['contact'])
        values['cleared_contact'] = [field for field in differing if not desired['contact'][field]]
    if password is not None:
        changed.append('password')
        values['password'] = password
    return changed, values


def _gen_info(parent, values, creating, owner=None):
    """gen-info in the order of UserAddGenInfo (add) or UserSetGenInfo (set)."""
    info = child(parent, 'gen-info')
    if creating:
        child(info, 'login', values['login'])
        child(info, 'passwd', values['password'])
        if owner:
            child(info, owner[0], owner[1])
    elif 'password' in values:
        child(info, 'passwd', values['password'])
    if 'name' in values:
        child(info, 'name', values['name'])
    contact = values.get('contact')
    if contact and (any(contact.values()) or not creating):
        element = child(info, 'contact-info')
        for field, tag in _CONTACT_TAGS.items():
            if contact.get(field):
                child(element, tag, contact[field])
            elif field in values.get('cleared_contact', ()):
                child(element, tag)  # an empty element clears the field
    if 'status' in values:
        child(info, 'status', values['status'])
    if 'external_id' in values:
        child(info, 'external-id', values['external_id'])
    if 'subscription_id' in values:
        child(info, 'subscription-domain-id', values['subscription_id'])
    if 'email' in values:
        child(info, 'email', values['email'])
    return info


def add_operation(packet, login, values, owner=None):
    add = packet.operation(packet.operator('user'), 'add')
    _gen_info(add, dict(values, login=login), creating=True, owner=owner)
    child(child(add, 'roles'), 'name', values['role'])


def set_operation(packet, guid, values):
    operation = packet.operation(packet.operator('user'), 'set')
    child(child(operation, 'filter'), 'guid', guid)
    settings = child(operation, 'values')
    if set(values) - {'role'}:
        _gen_info(settings, values, creating=False)
    if 'role' in values:
        child(child(settings, 'roles'), 'name', values['role'])


def del_operation(packet, guid):
    if not guid:
        raise OptionError('Refusing to send user/del without a guid.')
    operation = packet.operation(packet.operator('user'), 'del')
    child(child(operation, 'filter'), 'guid', guid)


def expected_user(current, desired, login):
    after = dict(current) if current else {
        'login': login, 'id': None, 'guid': None, 'name': None, 'email': None, 'status': 'enabled',
        'owner_guid': None, 'external_id': '', 'subscription_id': 0, 'role': None, 'built_in': False,
        'contact': {field: '' for field in CONTACT_FIELDS},
    }
    for field, value in desired.items():
        after[field] = dict(after['contact'], **value) if field == 'contact' else value
    return after
