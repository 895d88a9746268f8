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

from ansible_collections.hosting.mail.plugins.module_utils._errors import ApiError, HttpStatusError, OptionError
from ansible_collections.hosting.mail.plugins.module_utils._http import HttpClient
from ansible_collections.hosting.mail.plugins.module_utils._plesk import Packet, PleskClient, Result
from ansible_collections.hosting.mail.plugins.module_utils._plesk_user import (
    CONTACT_FIELDS,
    _operator_refused,
    add_operation,
    check_login,
    check_result,
    expected_user,
    find_user,
    list_users,
    plan_user,
    role_exists,
    send,
    set_operation,
    user_email,
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


SYSTEM_PARSE_ERROR = '<packet version="1.6.9.0"><system><status>error</status><errcode>%d</errcode><errtext>%s</errtext></system></packet>'


@pytest.mark.parametrize('code, text, operator_refused', [
    (1014, "Element 'user': This element is not expected.", True),
    (1014, "Element 'role': This element is not expected.", True),
    (1014, 'Parser error: Request is invalid.', True),
    (1017, "Element 'email': unsupported", True),  # 1017 is about the operator whatever the text says
    (1014, "Element 'email': [facet 'pattern'] The value 'a=b@example.com' is not accepted.", False),
    (1014, "Element 'login': [facet 'maxLength'] too long.", False),
    (1019, "Element 'user': invalid", False),
    (1013, 'Parser error: no such object', False),
])
def test_a_refused_packet_means_a_missing_operator_only_when_no_value_is_named(http_server, code, text, operator_refused):
    http_server.script = [Respond(200, (SYSTEM_PARSE_ERROR % (code, text)).encode())]
    packet = Packet('1.6.9.0')
    set_operation(packet, GUID, {'name': 'New'})
    with pytest.raises(ApiError) as caught:
        send(plesk(http_server), packet)
    assert ('does not accept the <user>/<role> operators' in caught.value.message) is operator_refused
    assert caught.value.code == code and text in caught.value.message


@pytest.mark.parametrize('login', ['', 'a b', ' jane', 'jane\n', 'ja\tne', 'ja\u200bne', 'ja\x00ne', 'ja\u2028ne', 'x' * 256])
def test_a_login_no_plesk_user_can_have_is_refused(login):
    with pytest.raises(OptionError) as caught:
        check_login(login)
    assert caught.value.message == ('login: %r is no Plesk login (1 to 255 characters, no white space or control '
                                    'characters).' % login)


@pytest.mark.parametrize('login', ['jane', 'jane@example.com', 'Jäne.Dœ-1', 'x' * 255])
def test_a_login_a_plesk_user_can_have_passes(login):
    check_login(login)


@pytest.mark.parametrize('given, sent', [
    ('Jane.Doe+x@EXAMPLE.com', 'Jane.Doe+x@example.com'), (' jane_d@ex\uff41mple.com ', 'jane_d@example.com'),
    ('j-1@b\u00fccher.example', 'j-1@b\u00fccher.example'),
])
def test_a_user_email_keeps_its_local_part_and_normalises_its_domain(given, sent):
    assert user_email(given) == sent


@pytest.mark.parametrize('given', ['a=b@example.com', 'a!b@example.com', 'a#b@example.com', "a{b}@example.com"])
def test_a_user_email_plesk_schema_refuses_is_refused_before_sending(given):
    with pytest.raises(OptionError) as caught:
        user_email(given)
    assert caught.value.message == ("email: Plesk takes only letters, digits and - + . _ before the @ of a user's "
                                    "e-mail, not %r." % given)


@pytest.mark.parametrize('current, wanted, changed', [
    ('Jane@example.com', 'Jane@example.com', False),
    ('Jane@EXAMPLE.com', 'Jane@example.com', False),  # the panel keeps the case given: the domain compares normalised
    ('jane@example.com', 'Jane@example.com', True),  # a local part may be case-sensitive
    (None, 'jane@example.com', True),
    ('jane@example.org', 'jane@example.com', True),
    ('jane@x@example.com', 'jane@example.com', True),  # whatever the panel holds, read without a crash
])
def test_a_user_email_compares_by_its_local_part_and_normalised_domain(current, wanted, changed):
    now = dict(current_user(), email=current)
    assert (plan_user(now, {'email': wanted})[0] == ['email']) is changed


def test_a_name_that_looks_like_an_address_compares_as_written():
    assert plan_user(dict(current_user(), name='Jane@EXAMPLE.com'), {'name': 'Jane@example.com'})[0] == ['name']
