# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""How the BrainyCP client reads answers: each operation's codes, the errors and their messages, odd listings.

The client (``_brainycp.BrainyClient``) talks over the real HTTP core to the scripted server; the expected
codes and texts are written out here, not taken from the client's own tables.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qsl

import pytest

from ansible_collections.hosting.mail.plugins.module_utils._brainycp import ALREADY, DONE, EMPTY, NOTHING, BrainyClient, domain_key
from ansible_collections.hosting.mail.plugins.module_utils._brainycp_module import base_url
from ansible_collections.hosting.mail.plugins.module_utils._errors import (
    ApiError,
    AuthenticationError,
    GarbledAnswerError,
    OptionError,
    PanelError,
)
from ansible_collections.hosting.mail.plugins.module_utils._http import HttpClient
from ansible_collections.hosting.mail.tests.support.scripted_server import Respond

PASSWORD = 'api-Secret-1'


def reply(body):
    return Respond(200, json.dumps(body).encode())


def client_for(server, panel_user='shop'):
    return BrainyClient(HttpClient(server.url, secrets=[PASSWORD]), 'admin', PASSWORD, panel_user=panel_user)


def sent(server):
    """The fields of each request, without the credentials."""
    return [[(name, value) for name, value in parse_qsl(request.body.decode('utf-8')) if name not in ('login', 'pass')]
            for request in server.requests]


def test_the_default_ports():
    assert base_url('panel.example.com') == 'http://panel.example.com:8002'
    assert base_url('https://panel.example.com') == 'https://panel.example.com:8000'
    assert base_url('https://panel.example.com/api/api.php') == 'https://panel.example.com:8000'


@pytest.mark.parametrize('username, password', [('admin', ''), ('', PASSWORD), (None, PASSWORD), ('admin', None)])
def test_both_credentials_are_needed(username, password):
    with pytest.raises(PanelError, match='needs brainycp_username and brainycp_password'):
        BrainyClient(None, username, password)


def test_without_panel_user_the_calls_act_for_the_api_account(http_server):
    client = client_for(http_server, panel_user=None)
    assert client.hosting_user == 'admin'
    assert client_for(http_server).hosting_user == 'shop'
    http_server.script = [reply({'code': 0, 'data': []})]
    client.call('getlistmail')
    assert sent(http_server) == [[('module', 'mailclient'), ('subdo', 'getlistmail'), ('language', 'en')]]


# Each operation's codes as the collection reads them (docs/brainycp.md): outcome, or the error's words.
OUTCOMES = [
    ('getlistmail', 0, DONE), ('getlistmail', 1, EMPTY),
    ('getforwardmail', 0, DONE), ('getforwardmail', 1, EMPTY),
    ('addmail', 0, DONE), ('addmail', 1, ALREADY),
    ('delmail', 0, DONE), ('delmail', 3, NOTHING),
    ('addforward', 0, DONE), ('delforward', 0, DONE),
    ('onspf', 0, DONE), ('onspf', 3, ALREADY),
    ('offspf', 0, DONE), ('offspf', 3, ALREADY),
    ('ondkim', 0, DONE), ('ondkim', 3, ALREADY),
    ('offdkim', 0, DONE),
]


@pytest.mark.parametrize('operation, code, outcome', OUTCOMES, ids=['%s-%d' % case[:2] for case in OUTCOMES])
def test_each_operation_reads_its_codes(http_server, operation, code, outcome):
    http_server.script = [reply({'code': code, 'message': 'the panel text'})]
    answer = client_for(http_server).call(operation, email='box@shop.example')
    assert (answer.outcome, answer.code, answer.text) == (outcome, code, 'the panel text')


ERRORS = [
    ('addmail', 4, 'the domain of the mailbox does not belong to this hosting user: box@shop.example (addmail error 4'),
    ('addmail', 3, 'BrainyCP could not add the mailbox: box@shop.example (addmail error 3'),
    ('addmail', 2, 'BrainyCP refused the parameters (error 2, "error in the parameter array"): box@shop.example'),
    ('delmail', 1, 'BrainyCP could not delete the mailbox: box@shop.example (delmail error 1'),
    ('delmail', 4, 'BrainyCP reported an error: box@shop.example (delmail error 4'),
    ('addforward', 3, 'BrainyCP refused the addresses of the forward: box@shop.example (addforward error 3'),
    ('addforward', 1, 'BrainyCP could not add the forward: box@shop.example (addforward error 1'),
    ('addforward', 2, 'BrainyCP refused the parameters (error 2'),
    ('delforward', 1, 'BrainyCP could not delete the forward: box@shop.example (delforward error 1'),
    ('delforward', 3, 'BrainyCP reported an error: box@shop.example (delforward error 3'),
    ('onspf', 1, 'the domain does not belong to this hosting user: box@shop.example (onspf error 1'),
    ('offspf', 1, 'the domain does not belong to this hosting user'),
    ('offspf', 2, 'BrainyCP refused the parameters (error 2'),
    ('ondkim', 1, 'the domain does not belong to this hosting user'),
    ('ondkim', 2, 'BrainyCP refused the parameters (error 2'),
    ('offdkim', 1, 'the domain does not belong to this hosting user'),
    ('offdkim', 3, 'BrainyCP reported an error'),
    ('getlistmail', 1000, "The API account 'admin' may not act for the hosting user 'shop' that panel_user names; give the "
                          "account full API rights"),
    ('getlistmail', 1001, "BrainyCP has no hosting user 'shop', the one panel_user names; set panel_user to an existing"),
    ('getlistmail', 1002, 'BrainyCP does not know this command (error 1002)'),
    ('getlistmail', 1003, 'BrainyCP reported an error'),
    ('getlistmail', 2, 'BrainyCP refused the parameters (error 2'),
]


@pytest.mark.parametrize('operation, code, words', ERRORS, ids=['%s-%d' % case[:2] for case in ERRORS])
def test_each_error_code_says_what_it_means(http_server, operation, code, words):
    http_server.script = [reply({'code': code, 'message': 'the panel text'})]
    with pytest.raises(ApiError) as caught:
        client_for(http_server).call(operation, email='box@shop.example')
    assert words in caught.value.message
    assert caught.value.message.endswith('(%s error %d: the panel text)' % (operation, code))
    assert (caught.value.code, caught.value.operation, caught.value.text) == (code, operation, 'the panel text')


def test_an_error_without_text_says_so(http_server):
    http_server.script = [reply({'code': 3, 'message': ''})]
    with pytest.raises(ApiError) as caught:
        client_for(http_server).call('addmail', email='box@shop.example')
    assert caught.value.message.endswith('(addmail error 3: no text)')


def test_the_subject_of_an_error_is_the_address_the_source_or_the_domain(http_server):
    http_server.script = [reply({'code': 9})] * 3
    subjects = []
    for fields in (dict(source='sales@shop.example', target='a@example.net'), dict(domain='shop.example'), {}):
        with pytest.raises(ApiError) as caught:
            client_for(http_server).call('addforward', **fields)
        subjects.append(caught.value.message.partition(': ')[2].partition(' (')[0])
    assert subjects == ['sales@shop.example', 'shop.example', 'the request']


@pytest.mark.parametrize('body', [{'code': 1, 'message': 'Not perm2'}, {'error': '1', 'mess': '  not PERMITTED '}])
def test_a_refused_login_is_an_authentication_error(http_server, body):
    http_server.script = [reply(body)]
    with pytest.raises(AuthenticationError) as caught:
        client_for(http_server).call('addmail', email='box@shop.example')
    assert caught.value.code == 1 and 'refused the login or password of the API account' in caught.value.message


@pytest.mark.parametrize('code, outcome', [(0, DONE), (3, NOTHING)])
def test_not_perm_in_the_text_of_another_code_is_no_login_failure(http_server, code, outcome):
    http_server.script = [reply({'code': code, 'message': 'Not permanent: deleted'})]
    assert client_for(http_server).call('delmail', email='box@shop.example').outcome == outcome


def test_a_code_two_with_not_perm_text_is_the_parameter_error(http_server):
    http_server.script = [reply({'code': 2, 'message': 'Not perm'})]
    with pytest.raises(ApiError) as caught:
        client_for(http_server).call('delmail', email='box@shop.example')
    assert not isinstance(caught.value, AuthenticationError) and caught.value.code == 2


def test_an_answer_without_a_code_is_garbled(http_server):
    http_server.script = [reply({'message': 'done'})]
    with pytest.raises(GarbledAnswerError) as caught:
        client_for(http_server).call('delmail', email='box@shop.example')
    assert caught.value.message == '%s/api/api.php answered delmail without a result code: {"message": "done"}' % http_server.url


def test_json_that_is_not_an_object_is_garbled(http_server):
    http_server.script = [Respond(200, b'[0, "ok"]')]
    with pytest.raises(GarbledAnswerError) as caught:
        client_for(http_server).call('getlistmail')
    assert caught.value.message == '%s/api/api.php answered JSON that is not an object: [0, "ok"]' % http_server.url


def test_a_long_answer_is_shown_cut(http_server):
    body = 'x' * 150 + ' ' + 'y' * 60
    http_server.script = [Respond(200, body.encode())]
    with pytest.raises(GarbledAnswerError) as caught:
        client_for(http_server).call('getlistmail')
    assert '): %s.... Is this the BrainyCP API URL' % body[:200] in caught.value.message  # cut, then the sentence's stop
    http_server.script = [Respond(200, body[:200].encode())]
    with pytest.raises(GarbledAnswerError) as caught:
        client_for(http_server).call('getlistmail')
    assert '): %s. Is this the BrainyCP API URL' % body[:200] in caught.value.message


@pytest.mark.parametrize('status, words', [
    (401, 'answered HTTP 401: the panel is protected by an extra HTTP password (htpasswd). Give it in brainycp_http_user '
          'and brainycp_http_password, or disable the htpasswd protection of the panel.'),
    (403, "answered HTTP 403: the panel does not allow API requests from this host's IP address. Add the address to the "
          "panel's allowed list."),
])
def test_http_401_and_403_say_what_to_do(http_server, status, words):
    http_server.script = [Respond(status, b'<html>no</html>')]
    with pytest.raises(AuthenticationError) as caught:
        client_for(http_server).call('getlistmail')
    assert caught.value.message == '%s/api/api.php %s' % (http_server.url, words)
    assert caught.value.status == status


@pytest.mark.parametrize('character', ['\ud800', '\udfff', '\udc00'])
def test_a_lone_surrogate_is_refused_before_sending(http_server, character):
    with pytest.raises(OptionError) as caught:
        client_for(http_server).call('addmail', email='box@shop.example', password='a%sb' % character)
    assert caught.value.args[0] == ('The value for password contains the character U+%04X, which UTF-8 cannot carry.'
                                    % ord(character))
    assert http_server.requests == []


@pytest.mark.parametrize('character', ['\ud7ff', '\ue000'])
def test_characters_beside_the_surrogates_are_sent(http_server, character):
    http_server.script = [reply({'code': 0})]
    client_for(http_server).call('addmail', email='box@shop.example', password='a%sb' % character)
    assert ('password', 'a%sb' % character) in sent(http_server)[0]


def test_a_domain_idna_cannot_encode_is_compared_as_written():
    assert domain_key(' Shop.Example. ') == 'shop.example'
    assert domain_key('Bücher.example') == 'xn--bcher-kva.example'
    assert domain_key('A..Example') == 'a..example'  # an empty label: idna refuses it


def test_mailbox_listings_in_every_shape(http_server):
    http_server.script = [reply({'code': 0, 'data': {'1': {'mail': ' A@Shop.example ', 'quota': '100'},
                                                     '2': {'mailbox': 'b@shop.example', 'quota': 'unlimited'},
                                                     '3': 'C@shop.example', '4': {'email': 'd@shop.example', 'quota': 1.5}}})]
    assert client_for(http_server).mailboxes() == {'a@shop.example': 100, 'b@shop.example': None, 'c@shop.example': None,
                                                   'd@shop.example': None}


@pytest.mark.parametrize('item', [{'quota': 5}, 5, True, ['a@shop.example', 'b@shop.example'], None, '', 'no-address',
                                  'a@shop.example,b@shop.example', {'email': 7}, {'email': ['a@shop.example']}],
                         ids=['object-without-address', 'number', 'bool', 'list', 'null', 'empty', 'no-at',
                              'two-addresses', 'address-number', 'address-list'])
def test_a_mailbox_item_of_another_shape_is_a_garbled_answer(http_server, item):
    http_server.script = [reply({'code': 0, 'data': ['ok@shop.example', item]})]
    with pytest.raises(GarbledAnswerError, match='answered getlistmail with a mailbox that cannot be read'):
        client_for(http_server).mailboxes()


@pytest.mark.parametrize('code', [False, True, 0.9, 0.0, 1e308, '0.9', '', None, [0], {'0': 0}, '1 0'])
def test_a_code_that_is_not_a_whole_number_is_a_garbled_answer(http_server, code):
    http_server.script = [reply({'code': code, 'message': 'ok', 'data': ['a@shop.example']})]
    with pytest.raises(GarbledAnswerError, match='without a result code'):
        client_for(http_server).call('getlistmail')


@pytest.mark.parametrize('body', [b'{"code":1e999,"message":"x"}', b'[' * 100000 + b']' * 100000,
                                  b'{"code":0,"data":' + b'[' * 100000 + b']' * 100000 + b'}'],
                         ids=['overflowing-number', 'nested-arrays', 'nested-payload'])
def test_malformed_json_ends_in_a_typed_error(http_server, body):
    http_server.script = [Respond(200, body)]
    with pytest.raises(GarbledAnswerError):
        client_for(http_server).call('getlistmail')


def test_a_single_listed_item_is_read(http_server):
    http_server.script = [reply({'code': 0, 'array': 'solo@shop.example'})]
    assert client_for(http_server).mailboxes() == {'solo@shop.example': None}


def test_a_source_listed_twice_has_every_target_of_both(http_server):
    http_server.script = [reply({'code': 0, 'data': [
        {'source': 'sales@shop.example', 'target': 'a@example.net,b@example.net', 'save_local': 'yes'},
        'Sales@shop.example => b@example.net, C@example.net']})]
    assert client_for(http_server).forwards() == {
        'sales@shop.example': {'targets': ['a@example.net', 'b@example.net', 'c@example.net'], 'save_local': True}}


@pytest.mark.parametrize('value, save_local', [(1, True), ('true', True), (' Yes ', True), (0, False), ('no', False),
                                               (None, None)])
def test_save_local_as_listed(http_server, value, save_local):
    http_server.script = [reply({'code': 0, 'data': [{'source': 'sales@shop.example', 'targets': ['a@example.net'],
                                                      'save_local': value}]})]
    assert client_for(http_server).forwards()['sales@shop.example']['save_local'] is save_local


def test_a_garbled_forward_object_is_shown_as_listed(http_server):
    http_server.script = [reply({'code': 0, 'data': [{'target': 'ä@example.net', 'email': ''}]})]
    with pytest.raises(GarbledAnswerError) as caught:
        client_for(http_server).forwards()
    assert caught.value.message.startswith(
        '%s/api/api.php answered getforwardmail with a forward that cannot be read (no source): '
        '{"email": "", "target": "ä@example.net"}. The collection reads' % http_server.url)


def test_the_forwards_confirm_a_domain_only_when_the_mailboxes_do_not(http_server):
    client = client_for(http_server)
    assert client.unconfirmed_domains(['Shop.example', 'shop.example.'], {'info@shop.example': 1}) == []
    assert http_server.requests == []
    http_server.script = [reply({'code': 0, 'data': ['sales@other.example -> a@example.net']})]
    assert client.unconfirmed_domains(['other.example', 'third.example', 'Third.example'], {'info@shop.example': 1}) == [
        'third.example']
    assert [dict(fields)['subdo'] for fields in sent(http_server)] == ['getforwardmail']
