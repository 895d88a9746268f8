# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The <user> operator (add, get, set, del panel users) and the <role> operator (get).

A user filter holds one kind of element, repeated: guid, owner-guid, external-id, owner-external-id,
or all. Each value gets its results in filter order: one per user it finds, or one error (1013 for
a guid or external id nobody has, 1015 for an unknown owner).

The ``user_operator`` quirk plays servers that dropped the operators: ``versioned`` refuses them at
protocol 1.6.9.1 and later with the schema's parse error (see ``unknown_element``), ``unsupported``
answers every operation with 1017, ``unsupported_packet`` the whole packet (a system error 1017).
"""

from __future__ import annotations

import functools

from .accounts import CONTACT_FIELDS, STATUS_WORDS
from .protocol import (
    NOT_FOUND,
    NOT_SUPPORTED,
    PARSE_ERROR,
    Operation,
    PacketError,
    ResultError,
    add,
    children,
    collapsed_text,
    error_result,
    not_expected,
    ok_result,
    raw_text,
    read_int,
    required_child,
    version_key,
)

QUIRK = 'user_operator'
# user and role are missing from Plesk's 1.6.9.1 schemas; the *-billing operations from 1.6.8.0 on.
OPERATORS_WITHDRAWN_IN = '1.6.9.1'
BILLING_WITHDRAWN_IN = '1.6.8.0'
BILLING_OPERATIONS = ('add-billing', 'set-billing', 'del-billing')

# The gen-info children of UserAddGenInfo and of UserSetGenInfo.
ADD_GEN_INFO = ('login', 'passwd', 'owner-guid', 'owner-external-id', 'name', 'contact-info', 'status', 'external-id',
                'subscription-domain-id', 'email')
SET_GEN_INFO = ('passwd', 'name', 'contact-info', 'status', 'external-id', 'login', 'subscription-domain-id', 'email')


# --- the operators switched off -----------------------------------------------------------------------

def unknown_element(operator, version, quirks):
    """The element of a <user> or <role> operator the server's schema at ``version`` lacks, or None."""
    if quirks.get(QUIRK) == 'unsupported_packet':
        raise PacketError(NOT_SUPPORTED, 'Feature not supported by the current version of XML API')
    if quirks.get(QUIRK) == 'versioned' and version_key(version) >= version_key(OPERATORS_WITHDRAWN_IN):
        return operator
    if operator.tag == 'user' and version_key(version) >= version_key(BILLING_WITHDRAWN_IN):
        for element in children(operator):
            if element.tag in BILLING_OPERATIONS:
                return element
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


# --- reading requests -------------------------------------------------------------------------------

def _read_status(element):
    value = collapsed_text(element)
    return STATUS_WORDS.get(value, value)  # any other word stays, for the panel's check to refuse (1019)


def _read_contact(element):
    contact = {}
    for child in children(element):
        if child.tag not in CONTACT_FIELDS:
            raise not_expected(child)
        contact[child.tag] = raw_text(child)
    return contact


# gen-info child -> (key in the change, reader). Free text is read as sent, identifiers collapsed as the XSD reads them.
_GEN_INFO_READERS = {
    'login': ('login', collapsed_text),
    'passwd': ('password', raw_text),
    'owner-guid': ('owner_guid', collapsed_text),
    'owner-external-id': ('owner_external_id', collapsed_text),
    'name': ('name', raw_text),
    'contact-info': ('contact', _read_contact),
    'status': ('status', _read_status),
    'external-id': ('external_id', collapsed_text),
    'subscription-domain-id': ('subscription_domain_id', read_int),
    'email': ('email', collapsed_text),
}


def read_gen_info(element, allowed):
    """The change a gen-info element asks for; ``allowed`` names the children its type has."""
    change = {}
    for child in children(element):
        key, reader = _GEN_INFO_READERS.get(child.tag, ('', None))
        owner_named = 'owner_guid' in change or 'owner_external_id' in change  # the two are a choice: one at most
        if child.tag not in allowed or key in change or (key.startswith('owner_') and owner_named):
            raise not_expected(child)
        change[key] = reader(child)
    return change


def read_role(element):
    """The one role name of a roles element (UserAddRoles has room for exactly one)."""
    names = children(element)
    if not names:
        raise PacketError(PARSE_ERROR, "Parser error: Request is invalid. Element 'roles': Missing child element(s).")
    if names[0].tag != 'name':
        raise not_expected(names[0])
    if len(names) > 1:
        raise not_expected(names[1])
    return collapsed_text(names[0])


def _criteria(filter_element):
    criteria = children(filter_element)
    if not criteria:
        raise PacketError(PARSE_ERROR, "Parser error: Request is invalid. Element 'filter': Missing child element(s).")
    return criteria


def select_users(panel, filter_element):
    """``(filter value or None, users, error or None)`` per filter element, each looked up only when its turn comes.

    Lazily, so that in a set or del a later value sees what an earlier one changed.
    """
    for criterion in _criteria(filter_element):
        if criterion.tag == 'all':
            yield None, list(panel.users), None
            continue
        value = collapsed_text(criterion)
        if criterion.tag == 'guid':
            user = panel.user_by_guid(value)
            found = [user] if user is not None else []
        elif criterion.tag == 'external-id':
            found = panel.users_with_external_id(value)
        elif criterion.tag in ('owner-guid', 'owner-external-id'):
            try:
                owner = panel.find_owner(value, None) if criterion.tag == 'owner-guid' else panel.find_owner(None, value)
            except ResultError as error:
                yield value, [], error
                continue
            yield value, panel.users_of(owner), None  # an owner without users: nothing for this value
            continue
        else:
            raise not_expected(criterion)  # there is no login or id filter
        missing = None if found else ResultError(NOT_FOUND, 'User with %s %s does not exist' % (criterion.tag, value))
        yield value, found, missing


# --- writing responses ------------------------------------------------------------------------------

def _ensure_a_result(response):
    # The output XSD wants at least one <result>; where nothing matched the simulator answers a bare ok.
    if not len(response):  # pylint: disable=use-implicit-booleaness-not-len
        ok_result(response)


def _filter_result(result, filter_value, object_id):
    if filter_value is not None:
        add(result, 'filter-id', filter_value)
    if object_id is not None:
        add(result, 'id', object_id)
    return result


def _user_gen_info(panel, data, user):
    """UserGetGenInfo, in XSD order: contact-info only when it holds something, the password never."""
    gen_info = add(data, 'gen-info')
    add(gen_info, 'login', user.login)
    add(gen_info, 'name', user.name)
    add(gen_info, 'owner-guid', user.owner_guid)
    add(gen_info, 'status', user.status)
    add(gen_info, 'guid', user.guid)
    add(gen_info, 'is-built-in', user.built_in)
    if user.contact:
        contact = add(gen_info, 'contact-info')
        for field in CONTACT_FIELDS:
            if field in user.contact:
                add(contact, field, user.contact[field])
    if user.external_id:
        add(gen_info, 'external-id', user.external_id)
    if user.subscription_domain_id:
        add(gen_info, 'subscription-domain-id', user.subscription_domain_id)
    add(gen_info, 'email', panel.user_email(user))
    # An e-mail that is a mail account of the panel links the two, as the panel's "existing mail account" does (inferred).
    mailname_id = panel.mail_account_id(user.email) if user.email else None
    if mailname_id is not None:
        add(gen_info, 'mailname-id', mailname_id)


def _role_data(result, role):
    """RoleGetOutputData; note the XSD's spelling is-build-in."""
    data = add(result, 'data')
    add(data, 'name', role.name)
    add(data, 'owner-guid', role.owner_guid)
    add(data, 'is-build-in', role.built_in)
    permissions = add(data, 'permissions')
    for name, value in role.permissions.items():
        permission = add(permissions, 'permission')
        add(permission, 'name', name)
        add(permission, 'value', bool(value))


# --- user operations --------------------------------------------------------------------------------

@offered
def user_add(call, request, response):
    """gen-info and roles{name}: one result, with the new id and guid."""
    gen_info = required_child(request, 'gen-info')
    for tag in ('login', 'passwd', 'name'):
        required_child(gen_info, tag)
    change = read_gen_info(gen_info, ADD_GEN_INFO)
    change['role'] = read_role(required_child(request, 'roles'))
    try:
        user = call.panel.create_user(change)
    except ResultError as error:
        error_result(response, error)
    else:
        result = ok_result(response)
        add(result, 'id', user.id)
        add(result, 'guid', user.guid)


@offered
def user_get(call, request, response):
    """filter and dataset{gen-info?, roles?}: one result per user found, data only for the parts asked for."""
    dataset = {child.tag for child in children(required_child(request, 'dataset'))}
    for filter_value, users, error in select_users(call.panel, required_child(request, 'filter')):
        if error is not None:
            _filter_result(error_result(response, error), filter_value, None)
        for user in users:
            data = add(_filter_result(ok_result(response), filter_value, user.id), 'data')
            if 'gen-info' in dataset:
                _user_gen_info(call.panel, data, user)
            if 'roles' in dataset:
                add(add(data, 'roles'), 'name', user.role)
    _ensure_a_result(response)


@offered
def user_set(call, request, response):
    """filter and values{gen-info?, roles?}: one result per user found; a failed one changes nothing."""
    filter_element = required_child(request, 'filter')
    change = {}
    for part in children(required_child(request, 'values')):
        if part.tag == 'gen-info':
            change.update(read_gen_info(part, SET_GEN_INFO))
        elif part.tag == 'roles':
            change['role'] = read_role(part)
        else:
            raise not_expected(part)
    for filter_value, users, error in select_users(call.panel, filter_element):
        if error is not None:
            _filter_result(error_result(response, error), filter_value, None)
        for user in users:
            try:
                call.panel.update_user(user, change)
            except ResultError as failure:
                _filter_result(error_result(response, failure), filter_value, user.id)
            else:
                _filter_result(ok_result(response), filter_value, user.id)
    _ensure_a_result(response)


@offered
def user_del(call, request, response):
    """filter: one result per user found."""
    for filter_value, users, error in select_users(call.panel, required_child(request, 'filter')):
        if error is not None:
            _filter_result(error_result(response, error), filter_value, None)
        for user in users:
            try:
                call.panel.remove_user(user)
            except ResultError as failure:
                _filter_result(error_result(response, failure), filter_value, user.id)
            else:
                _filter_result(ok_result(response), filter_value, user.id)
    _ensure_a_result(response)


# --- role operations --------------------------------------------------------------------------------

def _as_int(value):
    try:
        return int(value)
    except ValueError:
        return None


@offered
def role_get(call, request, response):
    """filter{id+ | name+ | all} and owner-guid? (default: the admin): one result per role found."""
    criteria = _criteria(required_child(request, 'filter'))
    owner_element = request.find('owner-guid')
    panel = call.panel
    try:
        owner = panel.find_owner(collapsed_text(owner_element)) if owner_element is not None else panel.admin_owner()
    except ResultError as error:
        for criterion in criteria:
            _filter_result(error_result(response, error), None if criterion.tag == 'all' else collapsed_text(criterion), None)
        return
    for criterion in criteria:
        if criterion.tag == 'all':
            for role in panel.roles_of(owner.guid):
                _role_data(_filter_result(ok_result(response), None, role.id), role)
            continue
        value = collapsed_text(criterion)
        if criterion.tag == 'name':
            role = panel.role_named(owner.guid, value)
        elif criterion.tag == 'id':
            role = next((role for role in panel.roles_of(owner.guid) if role.id == _as_int(value)), None)
        else:
            raise not_expected(criterion)
        if role is not None:
            _role_data(_filter_result(ok_result(response), value, role.id), role)
        else:
            missing = ResultError(NOT_FOUND, "Role '%s' does not exist for the owner %s" % (value, owner.login))
            wrong_id = _as_int(value) if criterion.tag == 'id' and (_as_int(value) or 0) > 0 else None
            _filter_result(error_result(response, missing), value, wrong_id)
    _ensure_a_result(response)


USER_OPERATIONS = {
    'add': Operation(user_add, writes=True),
    'get': Operation(user_get),
    'set': Operation(user_set, writes=True),
    'del': Operation(user_del, writes=True),
}
ROLE_OPERATIONS = {'get': Operation(role_get)}
