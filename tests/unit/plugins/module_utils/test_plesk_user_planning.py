# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Plesk panel users (``_plesk_user``) called directly: reading users, planning, the packets, refusal hints.

The reads go over the real HTTP core to the scripted server (and are retried; writes are not); the rest is
planning with small dicts and the XML it produces.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from lxml import etree

from ansible_collections.hosting.mail.plugins.module_utils._errors import ApiError, HttpStatusError
from ansible_collections.hosting.mail.plugins.module_utils._http import HttpClient, OptionError
from ansible_collections.hosting.mail.plugins.module_utils._plesk import Packet, PleskClient, Result
from ansible_collections.hosting.mail.plugins.module_utils._plesk_user import (
    CONTACT_FIELDS,
    _operator_refused,
    add_operation,
    check_result,
    expected_user,
    find_user,
    list_users,
    plan_user,
    role_exists,
    send,
    set_operation,
    user_from_xml,
)
from ansible_collections.hosting.mail.tests.support.scripted_server import Respond
from ansible_collections.hosting.mail.tests.unit.plesk_packets import answer, canonical, error, ok

GUID = '3f0b4c1e-9d2a-4f64-8e5b-5a1f0c7d2e11'
NO_CONTACT = {field: '' for field in CONTACT_FIELDS}


def plesk(server, sleeps=None, version='1.6.9.0'):
    return PleskClient(HttpClient(server.url, sleep=sleeps), 'admin', 'secret', version=version)


def user(login, contact=(), extra=()):
    info = [('login', login), ('name', 'N'), ('guid', GUID)] + list(extra)
    if contact:
        info.append(('contact-info', list(contact)))
    return ok(('id', 4), ('data', [('gen-info', info), ('roles', [('name', 'WebMaster')])]))


def test_a_user_as_read():
    result = Result(etree.fromstring(answer(('user', 'get', [user(
        'jane@example.com', contact=[('imtype', 'ICQ'), ('phone', '123'), ('zip', '9000')],
        extra=[('external-id', 'EXT-1'), ('is-built-in', '1'), ('status', 'enabled')])])))[0][0][0])
    assert user_from_xml(result) == {
        'login': 'jane@example.com', 'id': 4, 'guid': GUID, 'name': 'N', 'email': None, 'status': 'enabled', 'owner_guid': None,
        'external_id': 'EXT-1', 'subscription_id': 0, 'role': 'WebMaster', 'built_in': True,
        'contact': dict(NO_CONTACT, im_type='ICQ', phone='123', zip='9000')}
    plain = Result(etree.fromstring(answer(('user', 'get', [user('x')])))[0][0][0])
    assert (user_from_xml(plain)['external_id'], user_from_xml(plain)['subscription_id']) == ('', 0)


def test_users_are_read_past_a_missing_one_with_a_retry(http_server, sleeps):
    http_server.script = [Respond(503, b'busy'), Respond(200, answer(('user', 'get', [error(1013, 'none'), user('jane@example.com')])))]
    assert [found['login'] for found in list_users(plesk(http_server, sleeps))] == ['jane@example.com']
    assert sleeps.calls == [0.5]


def test_an_unknown_owner_external_id(http_server):
    http_server.script = [Respond(200, answer(('user', 'get', [error(1015, 'Owner not found')])))]
    with pytest.raises(OptionError) as caught:
        list_users(plesk(http_server), owner_external_id='EXT-9')
    assert caught.value.args[0] == "Plesk has no account with the external id 'EXT-9' (owner_external_id)."
    assert b'<owner-external-id>EXT-9</owner-external-id>' in http_server.requests[0].body


def test_a_role_is_looked_up_with_a_retry(http_server, sleeps):
    http_server.script = [Respond(503, b'busy'), Respond(200, answer(('role', 'get', [ok(('id', 3))])))]
    assert role_exists(plesk(http_server, sleeps), 'WebMaster', owner_guid=GUID) is True
    assert canonical(http_server.requests[1].body) == canonical(
        '<packet version="1.6.9.0"><role><get><filter><name>WebMaster</name></filter><owner-guid>%s</owner-guid></get></role>'
        '</packet>' % GUID)


def test_a_write_is_not_retried(http_server, sleeps):
    http_server.script = [Respond(503, b'busy')]
    packet = Packet('1.6.9.0')
    set_operation(packet, GUID, {'name': 'New'})
    with pytest.raises(HttpStatusError):
        send(plesk(http_server, sleeps), packet)
    assert len(http_server.requests) == 1 and sleeps.calls == []


def test_the_first_user_whose_login_matches_without_case():
    users = [{'login': 'alice@example.com'}, {'login': None}, {'login': 'Jane@Example.com'}]
    assert find_user(users, 'jane@example.COM') is users[2]
    assert find_user(users, 'bob@example.com') is None
    twice = [{'login': 'Jane@example.com'}, {'login': 'jane@example.com'}]
    assert find_user(twice, 'jane@example.com') is twice[0]


@pytest.mark.parametrize('version, pinned', [('1.6.3.0', True), ('1.6.9.0', True), ('1.6.9.1', False), ('1.6', False),
                                             ('1.7', False), (None, False)])
def test_the_hint_when_the_user_operator_is_refused(version, pinned):
    refused = _operator_refused(SimpleNamespace(version=version), ApiError('x', code=1017, text='Unsupported'))
    assert refused.message.startswith('This Plesk server does not accept the <user>/<role> operators (error 1017: Unsupported). ')
    if pinned:
        assert refused.message.endswith('The server refused the packet at the pinned protocol %s.' % version)
    else:
        assert refused.message.endswith('pin plesk_api_version: "1.6.9.0" (or PLESK_API_VERSION) to use it.')


@pytest.mark.parametrize('code, refused', [(1017, True), (1023, False), (1013, False)])
def test_only_1017_on_a_user_operation_means_the_operator_is_missing(code, refused):
    client = PleskClient(HttpClient('https://panel.example.com:8443'), 'admin', 'secret', version='1.7')
    result = Result(etree.fromstring('<result><status>error</status><errcode>%d</errcode><errtext>t</errtext></result>' % code))
    with pytest.raises(ApiError) as caught:
        check_result(client, result, 'user/get')
    assert ('does not accept the <user>/<role> operators' in caught.value.message) is refused
    assert caught.value.code == code


def current_user(**contact):
    return {'login': 'jane@example.com', 'name': 'Jane', 'email': None, 'status': 'enabled', 'role': 'WebMaster',
            'external_id': '', 'subscription_id': 0, 'contact': dict(NO_CONTACT, **contact)}


@pytest.mark.parametrize('wanted', ['a', 'c'])
def test_a_contact_field_that_differs_either_way(wanted):
    changed, values = plan_user(current_user(phone='b', city='Rome'), {'contact': {'phone': wanted, 'city': 'Rome'}})
    assert changed == ['contact.phone']
    assert values == {'contact': dict(NO_CONTACT, phone=wanted, city='Rome'), 'cleared_contact': []}


def test_a_cleared_contact_field_is_sent_empty():
    changed, values = plan_user(current_user(phone='b', city='Rome'), {'contact': {'phone': ''}})
    assert changed == ['contact.phone'] and values['cleared_contact'] == ['phone']
    packet = Packet('1.6.9.0')
    set_operation(packet, GUID, values)
    assert canonical(packet.to_bytes()) == canonical(
        '<packet version="1.6.9.0"><user><set><filter><guid>%s</guid></filter><values><gen-info><contact-info><phone/>'
        '<city>Rome</city></contact-info></gen-info></values></set></user></packet>' % GUID)


def test_a_new_user_with_an_owner_and_no_contact_values():
    packet = Packet('1.6.9.0')
    add_operation(packet, 'jane@example.com', {'password': 'pw', 'name': 'Jane', 'role': 'WebMaster', 'contact': {'phone': ''}},
                  owner=('owner-guid', GUID))
    assert canonical(packet.to_bytes()) == canonical(
        '<packet version="1.6.9.0"><user><add><gen-info><login>jane@example.com</login><passwd>pw</passwd>'
        '<owner-guid>%s</owner-guid><name>Jane</name></gen-info><roles><name>WebMaster</name></roles></add></user></packet>' % GUID)


def test_a_role_change_alone_sends_no_gen_info():
    packet = Packet('1.6.9.0')
    set_operation(packet, GUID, {'role': 'Accountant'})
    assert b'gen-info' not in packet.to_bytes()


def test_the_expected_state_of_a_new_user():
    assert expected_user(None, {'name': 'Jane', 'contact': {'phone': '1'}}, 'jane@example.com') == {
        'login': 'jane@example.com', 'id': None, 'guid': None, 'name': 'Jane', 'email': None, 'status': 'enabled',
        'owner_guid': None, 'external_id': '', 'subscription_id': 0, 'role': None, 'built_in': False,
        'contact': dict(NO_CONTACT, phone='1')}
