# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The BrainyCP simulator over real HTTP(S): accounts, every mailclient operation and code, languages, shapes,
hardening switches, faults, keep-alive, the log, the control API, TLS, the seed and the command line."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
import requests

from ansible_collections.hosting.mail.tests.simulators.brainycp.server import API_PATH, BrainySimulator
from ansible_collections.hosting.mail.tests.simulators.brainycp.state import DEMO_SEED, Panel, load_seed

COLLECTION_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
ADMIN = ('admin', 'demo-admin-password')
SHOP = ('shop', 'demo-shop-password')
NOT_PERMITTED = {'code': 1, 'message': 'Not perm2'}
NO_SWITCHES = {'ip_blocked': False, 'http_basic': None, 'fault': None, 'fault_count': None, 'fault_when': 'before', 'fault_on': 'all',
               'slow_seconds': 5}


class ApiClient:
    """Posts api.php forms over one kept-alive requests session."""

    def __init__(self, simulator):
        self.simulator = simulator
        self.session = requests.Session()

    def post(self, data, **kwargs):
        kwargs.setdefault('timeout', 10)
        kwargs.setdefault('verify', self.simulator.ca_cert or True)
        return self.session.post(self.simulator.api_url, data=data, **kwargs)

    @staticmethod
    def form(subdo, account=ADMIN, language='en', module='mailclient', **fields):
        """The fields of a request; a field given as None is left out."""
        data = {'login': account[0], 'pass': account[1], 'module': module, 'subdo': subdo, 'language': language}
        data.update(fields)
        return {name: value for name, value in data.items() if value is not None}

    def call(self, subdo, account=ADMIN, language='en', module='mailclient', **fields):
        """The JSON answer of an operation; every API answer is HTTP 200."""
        response = self.post(self.form(subdo, account, language, module, **fields))
        assert response.status_code == 200, response.text
        return response.json()

    def close(self):
        self.session.close()


@pytest.fixture(scope='module')
def running_brainy():
    simulator = BrainySimulator().start()
    yield simulator
    simulator.stop()


@pytest.fixture
def brainy(running_brainy):
    """The module's simulator, back at the demo seed with default quirks and switches."""
    running_brainy.reset()
    return running_brainy


@pytest.fixture
def api(brainy):
    client = ApiClient(brainy)
    yield client
    client.close()


def user_state(simulator, login):
    return next(user for user in simulator.to_dict()['users'] if user['login'] == login)


def mailbox_addresses(simulator, login):
    return [mailbox['email'] for mailbox in user_state(simulator, login)['mailboxes']]


def forwards(simulator, login):
    return {forward['source']: (forward['targets'], forward['save_local']) for forward in user_state(simulator, login)['forwards']}


def domain_flags(simulator, login, name):
    domain = next(domain for domain in user_state(simulator, login)['domains'] if domain['name'] == name)
    return domain['spf'], domain['dkim']


def control(simulator, name, payload=None):
    """Call the control API the way a playbook in another process would: plain HTTP, JSON."""
    data = None if payload is None else (payload if isinstance(payload, bytes) else json.dumps(payload).encode())
    request = urllib.request.Request(simulator.url + '/__simulator__/' + name, data=data, method='GET' if data is None else 'POST')
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


# --- credentials, accounts and the codes every operation shares ------------------------------------------

@pytest.mark.parametrize('account', [('admin', 'wrong'), ('nobody', 'demo-admin-password'), ('admin', ''), ('', '')],
                         ids=['password', 'login', 'empty-password', 'empty'])
@pytest.mark.parametrize('language', ['en', 'ru', None])
def test_wrong_credentials_are_not_perm2_in_every_language(api, account, language):
    assert api.call('getlistmail', account, language, panel_user='webmaster') == NOT_PERMITTED


def test_missing_credentials_are_not_perm2(api):
    assert api.post({'module': 'mailclient', 'subdo': 'getlistmail'}).json() == NOT_PERMITTED


def test_credentials_in_the_query_string_are_not_accepted(api, brainy):
    query = urllib.parse.urlencode({'login': ADMIN[0], 'pass': ADMIN[1], 'module': 'mailclient', 'subdo': 'getlistmail',
                                    'panel_user': 'webmaster', 'language': 'en'})
    response = api.session.post(brainy.api_url + '?' + query, data={'language': 'en'}, timeout=10)
    assert (response.status_code, response.json()) == (200, NOT_PERMITTED)
    with_body = api.session.post(brainy.api_url + '?login=nobody&pass=x&subdo=bogus', timeout=10,
                                 data=api.form('getlistmail', panel_user='webmaster'))
    assert with_body.json()['code'] == 0, 'the query string is ignored entirely'
    assert brainy.log[0].query == query and brainy.log[0].form == {'language': 'en'}


def test_a_body_that_is_not_form_encoded_carries_no_credentials(api):
    form = api.form('getlistmail', panel_user='webmaster')
    assert api.post(json.dumps(form), headers={'Content-Type': 'application/json'}).json() == NOT_PERMITTED
    encoded = urllib.parse.urlencode(form)
    assert api.post(encoded, headers={'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8'}).json()['code'] == 0


def test_russian_is_the_default_language(api):
    expected_ru = 'Список почтовых ящиков успешно получен для webmaster'
    assert api.call('getlistmail', language=None, panel_user='webmaster')['message'] == expected_ru
    assert api.call('getlistmail', language='ru', panel_user='webmaster')['message'] == expected_ru
    assert api.call('getlistmail', language='de', panel_user='webmaster')['message'] == expected_ru
    assert api.call('getlistmail', language='en', panel_user='webmaster')['message'] == 'The mailbox list was successfully retrieved for: webmaster'


def test_answers_are_compact_json_with_non_ascii_escaped_as_php_does(api):
    response = api.post(api.form('getlistmail', language='ru', panel_user='shop'))
    assert response.headers['Content-Type'] == 'text/html; charset=UTF-8'
    assert response.content.startswith(b'{"code":0,"message":"\\u0421') and b'"kontakt@b\\u00fccher.example"' in response.content


def test_a_full_api_account_acts_on_any_hosting_user(api):
    for user in ('webmaster', 'shop', 'newcomer'):
        assert api.call('getlistmail', panel_user=user)['code'] in (0, 1)


def test_a_full_api_account_without_panel_user_acts_on_its_own_login(api):
    assert api.call('getlistmail') == {'code': 1001, 'message': 'There is no such user in the ISP-panel: admin'}
    assert api.call('getlistmail', panel_user='') == {'code': 1001, 'message': 'There is no such user in the ISP-panel: admin'}


def test_unknown_panel_user_is_1001(api):
    assert api.call('addmail', panel_user='ghost', email='a@example.com', password='pw', quota='1') == {
        'code': 1001, 'message': 'There is no such user in the ISP-panel: ghost'}
    assert api.call('getlistmail', language='ru', panel_user='ghost') == {
        'code': 1001, 'message': 'Такой пользователь отсутствует в Brainy: ghost'}


def test_a_non_full_account_acts_on_its_own_hosting_user_only(api, brainy):
    assert api.call('getlistmail', SHOP)['code'] == 0
    assert api.call('getlistmail', SHOP, panel_user='shop')['code'] == 0
    refused = {'code': 1000, 'message': 'You do not have permission to administer this user'}
    assert api.call('getlistmail', SHOP, panel_user='webmaster') == refused
    assert api.call('getlistmail', SHOP, panel_user='ghost') == refused, 'permission is checked before existence'
    assert api.call('delmail', SHOP, panel_user='webmaster', email='info@example.com') == refused
    assert 'info@example.com' in mailbox_addresses(brainy, 'webmaster')
    assert api.call('getlistmail', SHOP, 'ru', panel_user='webmaster')['message'] == 'У вас нет прав для администрирования пользователя'


def test_a_non_full_account_without_a_hosting_user_is_1001():
    seed = {'api_accounts': [{'login': 'reseller', 'password': 'pw', 'full_api': False}], 'users': []}
    with BrainySimulator(seed=seed) as simulator:
        client = ApiClient(simulator)
        assert client.call('getlistmail', ('reseller', 'pw')) == {'code': 1001, 'message': 'There is no such user in the ISP-panel: reseller'}
        client.close()


@pytest.mark.parametrize('module, subdo', [('mailclient', 'nosuchop'), ('hostacc', 'getlistmail'), ('mailclient', ''), ('', 'addmail')])
def test_unknown_module_or_operation_is_1002(api, module, subdo):
    assert api.call(subdo, module=module, panel_user='webmaster') == {'code': 1002, 'message': 'wrong command'}
    assert api.call(subdo, module=module, language='ru', panel_user='webmaster') == {'code': 1002, 'message': 'Ошибочная комманда'}


def test_a_correct_login_with_nothing_to_do_is_a_blank_page(api):
    response = api.post({'login': ADMIN[0], 'pass': ADMIN[1]})
    assert (response.status_code, response.content, response.headers['Content-Length']) == (200, b'', '0')


@pytest.mark.parametrize('subdo, fields', [
    ('addmail', {'password': 'pw', 'quota': '10'}),
    ('addmail', {'email': 'new@example.com', 'quota': '10'}),
    ('addmail', {'email': 'new@example.com', 'password': 'pw'}),
    ('delmail', {}),
    ('addforward', {'target': 'a@example.net', 'save_local': '0'}),
    ('addforward', {'source': 'x@example.com', 'save_local': '0'}),
    ('delforward', {'target': 'a@example.net'}),
    ('delforward', {'source': 'sales@example.com'}),
    ('onspf', {}), ('offspf', {}), ('ondkim', {}), ('offdkim', {}),
], ids=lambda value: value if isinstance(value, str) else '+'.join(sorted(value)) or 'nothing')
def test_a_missing_parameter_is_2(api, brainy, subdo, fields):
    before = brainy.to_dict()
    assert api.call(subdo, panel_user='webmaster', **fields) == {'code': 2, 'message': 'Error in the parameter array'}
    assert api.call(subdo, language='ru', panel_user='webmaster', **fields) == {'code': 2, 'message': 'Ошибка в параметрах!'}
    assert brainy.to_dict() == before


# --- getlistmail and getforwardmail -----------------------------------------------------------------------

def test_getlistmail_lists_the_users_mailboxes(api):
    assert api.call('getlistmail', panel_user='webmaster') == {
        'code': 0, 'message': 'The mailbox list was successfully retrieved for: webmaster',
        'data': [{'email': 'info@example.com', 'quota': 0, 'used': 12}, {'email': 'sales@example.com', 'quota': 500, 'used': 37},
                 {'email': 'hello@example.org', 'quota': 100, 'used': 0}]}


def test_getlistmail_without_mailboxes_is_1_without_payload(api):
    assert api.call('getlistmail', panel_user='newcomer') == {'code': 1, 'message': 'Nothing was found for: newcomer'}
    assert api.call('getlistmail', language='ru', panel_user='newcomer') == {
        'code': 1, 'message': 'Никаких почтовых ящиков не было найдено для newcomer'}


def test_getforwardmail_lists_the_users_forwards(api):
    assert api.call('getforwardmail', panel_user='webmaster') == {
        'code': 0, 'message': 'The list of mail forwards was successfully retrieved for: webmaster',
        'data': [{'source': 'sales@example.com', 'target': 'sales-team@example.net,boss@example.org', 'save_local': 1},
                 {'source': 'contact@example.org', 'target': 'info@example.com', 'save_local': 0}]}


def test_getforwardmail_without_forwards_is_1_without_payload(api):
    assert api.call('getforwardmail', panel_user='shop') == {'code': 1, 'message': 'No mailbox forwards found for: shop'}


# --- addmail and delmail --------------------------------------------------------------------------------

def test_addmail_adds_a_mailbox_with_the_local_part_in_lower_case(api, brainy):
    assert api.call('addmail', panel_user='webmaster', email='New.Box@Example.COM', password='pw', quota='250') == {
        'code': 0, 'message': 'Mailbox added successfully: new.box@example.com'}
    box = user_state(brainy, 'webmaster')['mailboxes'][-1]
    assert box == {'email': 'new.box@example.com', 'password': 'pw', 'quota': 250, 'used': 0}
    listed = api.call('getlistmail', panel_user='webmaster')['data'][-1]
    assert listed == {'email': 'new.box@example.com', 'quota': 250, 'used': 0}, 'the password is never answered'


def test_addmail_quota_0_is_unlimited_and_russian_names_the_box(api, brainy):
    assert api.call('addmail', language='ru', panel_user='shop', email='a@shop.example.net', password='pw', quota='0') == {
        'code': 0, 'message': 'Новый почтовый ящик был успешно добавлен: a@shop.example.net'}
    assert user_state(brainy, 'shop')['mailboxes'][-1]['quota'] == 0


@pytest.mark.parametrize('email', ['box@bücher.example', 'box@xn--bcher-kva.example', 'box@BÜCHER.example'])
def test_addmail_on_an_idn_domain_takes_either_form(api, brainy, email):
    assert api.call('addmail', panel_user='shop', email=email, password='pw', quota='1')['code'] == 0
    assert mailbox_addresses(brainy, 'shop')[-1] == 'box@bücher.example'
    assert api.call('addmail', panel_user='shop', email='box@xn--bcher-kva.example', password='pw', quota='1')['code'] == 1


def test_addmail_for_an_existing_mailbox_is_1(api, brainy):
    assert api.call('addmail', panel_user='webmaster', email='INFO@example.com', password='other', quota='1') == {
        'code': 1, 'message': 'This mailbox already exists: info@example.com'}
    assert user_state(brainy, 'webmaster')['mailboxes'][0]['password'] == 'info-mail-password'


@pytest.mark.parametrize('fields', [
    {'quota': '-1'}, {'quota': '1.5'}, {'quota': 'ten'}, {'quota': ''}, {'quota': ' 5'},
    {'password': ''}, {'email': 'no-at-sign.example.com'}, {'email': 'two@@example.com'}, {'email': 'box@localhost'},
    {'email': ''}, {'email': 'bad local@example.com'},
], ids=lambda fields: '%s=%r' % next(iter(fields.items())))
def test_addmail_bad_parameters_are_2(api, brainy, fields):
    form = dict({'email': 'new@example.com', 'password': 'pw', 'quota': '10'}, **fields)
    assert api.call('addmail', panel_user='webmaster', **form)['code'] == 2
    assert len(mailbox_addresses(brainy, 'webmaster')) == 3


@pytest.mark.parametrize('email', ['box@example.net', 'box@shop.example.net', 'box@sub.example.com'])
def test_addmail_on_a_domain_the_user_does_not_have_is_4(api, brainy, email):
    assert api.call('addmail', panel_user='webmaster', email=email, password='pw', quota='1') == {
        'code': 4, 'message': 'The domain of the mailbox was not found in the system: %s' % email}
    assert email not in mailbox_addresses(brainy, 'webmaster') + mailbox_addresses(brainy, 'shop')


def test_delmail_deletes_a_mailbox_and_leaves_its_forward(api, brainy):
    assert api.call('delmail', panel_user='webmaster', email='Sales@Example.com') == {
        'code': 0, 'message': 'Mailbox deleted successfully: sales@example.com'}
    assert mailbox_addresses(brainy, 'webmaster') == ['info@example.com', 'hello@example.org']
    assert 'sales@example.com' in forwards(brainy, 'webmaster')


def test_delmail_drops_the_forward_of_the_address_with_the_quirk(api, brainy):
    brainy.set_quirks(delmail_forwards='drop')
    assert api.call('delmail', panel_user='webmaster', email='Sales@Example.com')['code'] == 0
    assert mailbox_addresses(brainy, 'webmaster') == ['info@example.com', 'hello@example.org']
    assert 'sales@example.com' not in forwards(brainy, 'webmaster')
    assert 'contact@example.org' in forwards(brainy, 'webmaster'), 'only the forward of the deleted address goes'
    assert api.call('delmail', panel_user='webmaster', email='info@example.com')['code'] == 0, 'a mailbox without a forward'
    assert list(forwards(brainy, 'webmaster')) == ['contact@example.org']


def test_delmail_of_a_missing_mailbox_is_3(api):
    assert api.call('delmail', panel_user='webmaster', email='nobody@example.com') == {
        'code': 3, 'message': 'Nothing to delete, no such mailbox found: nobody@example.com'}
    assert api.call('delmail', panel_user='webmaster', email='orders@shop.example.net')['code'] == 3, "another user's box"
    assert api.call('delmail', language='ru', panel_user='webmaster', email='nobody@example.com')['message'] == (
        'Нечего удалять, такой почтовый ящик не найден: nobody@example.com')


def test_delmail_of_an_invalid_address_is_2(api):
    assert api.call('delmail', panel_user='webmaster', email='not-an-address')['code'] == 2


# --- addforward and delforward -----------------------------------------------------------------------------

def test_addforward_adds_a_forward(api, brainy):
    assert api.call('addforward', panel_user='webmaster', source='Team@example.com', target='a@example.net, B@Example.org,',
                    save_local='1') == {'code': 0, 'message': 'Mail forward added successfully: team@example.com'}
    assert forwards(brainy, 'webmaster')['team@example.com'] == (['a@example.net', 'b@example.org'], 1)
    assert api.call('getforwardmail', panel_user='webmaster')['data'][-1] == {
        'source': 'team@example.com', 'target': 'a@example.net,b@example.org', 'save_local': 1}


def test_addforward_without_save_local_keeps_no_local_copy(api, brainy):
    assert api.call('addforward', panel_user='shop', source='orders@shop.example.net', target='x@example.net')['code'] == 0
    assert forwards(brainy, 'shop') == {'orders@shop.example.net': (['x@example.net'], 0)}


def test_addforward_appends_targets_by_default(api, brainy):
    answer = api.call('addforward', panel_user='webmaster', source='sales@example.com', target='boss@example.org,new@example.net',
                      save_local='0')
    assert answer['code'] == 0
    assert forwards(brainy, 'webmaster')['sales@example.com'] == (['sales-team@example.net', 'boss@example.org', 'new@example.net'], 0)


def test_addforward_replaces_targets_with_the_quirk(api, brainy):
    brainy.set_quirks(addforward='replace')
    assert api.call('addforward', panel_user='webmaster', source='sales@example.com', target='new@example.net', save_local='1')['code'] == 0
    assert forwards(brainy, 'webmaster')['sales@example.com'] == (['new@example.net'], 1)


def test_addforward_on_an_idn_source(api, brainy):
    assert api.call('addforward', panel_user='newcomer', source='info@xn--e1afmkfd.xn--p1ai', target='a@bücher.example', save_local='0')['code'] == 0
    assert forwards(brainy, 'newcomer') == {'info@пример.рф': (['a@bücher.example'], 0)}


@pytest.mark.parametrize('source, target, subject', [
    ('not-an-address', 'a@example.net', 'not-an-address'),
    ('team@example.com', 'a@example.net,broken', 'broken'),
    ('team@example.com', ' , ', ','),
    ('team@shop.example.net', 'a@example.net', 'team@shop.example.net'),
], ids=['source', 'target', 'no-target', 'foreign-source-domain'])
def test_addforward_with_a_bad_address_is_3(api, brainy, source, target, subject):
    answer = api.call('addforward', panel_user='webmaster', source=source, target=target, save_local='0')
    assert answer == {'code': 3, 'message': 'Error in mailbox addresses: %s' % subject}
    assert 'team@example.com' not in forwards(brainy, 'webmaster')


@pytest.mark.parametrize('save_local', ['2', 'yes', '-1'])
def test_addforward_with_a_bad_save_local_is_2(api, save_local):
    assert api.call('addforward', panel_user='webmaster', source='team@example.com', target='a@example.net', save_local=save_local)['code'] == 2


def test_delforward_removes_targets_and_then_the_forward(api, brainy):
    assert api.call('delforward', panel_user='webmaster', source='sales@example.com', target='BOSS@example.org') == {
        'code': 0, 'message': 'Mail forward deleted successfully: sales@example.com'}
    assert forwards(brainy, 'webmaster')['sales@example.com'] == (['sales-team@example.net'], 1)
    assert api.call('delforward', panel_user='webmaster', source='sales@example.com', target='sales-team@example.net,other@example.net')['code'] == 0
    assert 'sales@example.com' not in forwards(brainy, 'webmaster')
    assert 'sales@example.com' in mailbox_addresses(brainy, 'webmaster'), 'the mailbox stays'


def test_delforward_drops_the_whole_forward_with_the_quirk(api, brainy):
    brainy.set_quirks(delforward='whole')
    assert api.call('delforward', panel_user='webmaster', source='sales@example.com', target='BOSS@example.org')['code'] == 0
    assert 'sales@example.com' not in forwards(brainy, 'webmaster')
    assert api.call('delforward', panel_user='webmaster', source='sales@example.com', target='BOSS@example.org')['code'] == 1


@pytest.mark.parametrize('source, target', [
    ('nobody@example.com', 'a@example.net'),
    ('sales@example.com', 'absent@example.net'),
    ('not-an-address', 'a@example.net'),
], ids=['no-forward', 'no-such-target', 'invalid-source'])
def test_delforward_with_nothing_to_delete_is_1(api, brainy, source, target):
    before = forwards(brainy, 'webmaster')
    answer = api.call('delforward', panel_user='webmaster', source=source, target=target)
    assert answer == {'code': 1, 'message': 'Error deleting forward: %s' % source}
    assert forwards(brainy, 'webmaster') == before


# --- SPF and DKIM ---------------------------------------------------------------------------------------

def test_spf_on_and_off_with_already_codes(api, brainy):
    assert api.call('onspf', panel_user='webmaster', domain='example.com') == {'code': 3, 'message': 'SPF already enabled for domain example.com'}
    assert api.call('offspf', panel_user='webmaster', domain='example.com') == {'code': 0, 'message': 'SPF successfully disabled for domain example.com'}
    assert domain_flags(brainy, 'webmaster', 'example.com') == (False, False)
    assert api.call('offspf', panel_user='webmaster', domain='example.com') == {'code': 3, 'message': 'SPF already disabled for domain example.com'}
    assert api.call('onspf', panel_user='webmaster', domain='Example.COM.') == {'code': 0, 'message': 'SPF successfully enabled for domain example.com'}
    assert domain_flags(brainy, 'webmaster', 'example.com') == (True, False)


def test_dkim_on_with_already_code(api, brainy):
    assert api.call('ondkim', panel_user='webmaster', domain='example.com') == {'code': 0, 'message': 'OpenDkim successfully activated for example.com'}
    assert domain_flags(brainy, 'webmaster', 'example.com') == (True, True)
    assert api.call('ondkim', panel_user='webmaster', domain='example.com') == {'code': 3, 'message': 'OpenDkim already running for example.com'}
    assert api.call('ondkim', language='ru', panel_user='webmaster', domain='example.com')['message'] == 'OpenDkim уже запущен для example.com'


def test_offdkim_is_always_0(api, brainy):
    assert domain_flags(brainy, 'webmaster', 'example.org') == (False, True)
    for attempt in range(2):
        assert api.call('offdkim', panel_user='webmaster', domain='example.org') == {
            'code': 0, 'message': 'OpenDkim successfully disabled for example.org'}, 'attempt %d' % attempt
        assert domain_flags(brainy, 'webmaster', 'example.org') == (False, False)


@pytest.mark.parametrize('subdo', ['onspf', 'offspf', 'ondkim', 'offdkim'])
@pytest.mark.parametrize('domain', ['example.net', 'shop.example.net', 'not a domain'])
def test_spf_and_dkim_on_a_domain_the_user_does_not_have_is_1(api, subdo, domain):
    assert api.call(subdo, panel_user='webmaster', domain=domain) == {'code': 1, 'message': 'This domain not found for the user: %s' % domain}


def test_spf_and_dkim_on_an_idn_domain(api, brainy):
    assert api.call('onspf', panel_user='newcomer', domain='xn--e1afmkfd.xn--p1ai')['code'] == 0
    assert api.call('ondkim', panel_user='newcomer', domain='ПРИМЕР.РФ') == {'code': 0, 'message': 'OpenDkim successfully activated for пример.рф'}
    assert domain_flags(brainy, 'newcomer', 'пример.рф') == (True, True)


# --- answer shapes ----------------------------------------------------------------------------------------

@pytest.mark.parametrize('quirks, code_key, message_key, payload_key', [
    ({}, 'code', 'message', 'data'),
    ({'code_key': 'error', 'message_key': 'mess'}, 'error', 'mess', 'data'),
    ({'payload_key': 'detail'}, 'code', 'message', 'detail'),
    ({'payload_key': 'array', 'code_key': 'error'}, 'error', 'message', 'array'),
], ids=['default', 'error-mess', 'detail', 'array'])
def test_shape_quirks_name_the_keys(api, brainy, quirks, code_key, message_key, payload_key):
    brainy.set_quirks(**quirks)
    listed = api.call('getlistmail', panel_user='webmaster')
    assert list(listed) == [code_key, message_key, payload_key] and listed[code_key] == 0 and len(listed[payload_key]) == 3
    assert list(api.call('getlistmail', panel_user='newcomer')) == [code_key, message_key]
    assert api.call('delmail', panel_user='webmaster', email='x@example.com') == {
        code_key: 3, message_key: 'Nothing to delete, no such mailbox found: x@example.com'}
    assert list(api.call('nosuchop', panel_user='webmaster')) == [code_key, message_key]
    assert api.call('getlistmail', ('admin', 'wrong')) == NOT_PERMITTED, 'the login check answers in its one documented shape'


def test_string_items_quirk(api, brainy):
    brainy.set_quirks(items='strings', payload_key='detail')
    assert api.call('getlistmail', panel_user='webmaster')['detail'] == ['info@example.com', 'sales@example.com', 'hello@example.org']
    assert api.call('getforwardmail', panel_user='webmaster')['detail'] == [
        'sales@example.com -> sales-team@example.net,boss@example.org', 'contact@example.org -> info@example.com']


def test_forward_arrow_quirk_writes_forwards_as_the_panel_messages_do(api, brainy):
    brainy.set_quirks(forward_arrow='=>')
    assert api.call('getforwardmail', panel_user='webmaster')['data'][1] == {
        'source': 'contact@example.org', 'target': 'info@example.com', 'save_local': 0}, 'objects have no arrow'
    brainy.set_quirks(items='strings')
    assert api.call('getforwardmail', panel_user='webmaster')['data'] == [
        'sales@example.com => sales-team@example.net,boss@example.org', 'contact@example.org => info@example.com']


def test_unknown_quirks_are_refused():
    with pytest.raises(ValueError, match='unknown quirk'):
        BrainySimulator(quirks={'colour': 'blue'})
    with pytest.raises(ValueError, match='items takes objects or strings'):
        BrainySimulator(quirks={'items': 'tuples'})
    with pytest.raises(ValueError, match='forward_arrow takes -> or =>'):
        BrainySimulator(quirks={'forward_arrow': '-->'})
    with pytest.raises(ValueError, match='delmail_forwards takes keep or drop'):
        BrainySimulator(quirks={'delmail_forwards': 'sometimes'})


# --- hardening, faults, transport -----------------------------------------------------------------------

def test_http_basic_protection():
    with BrainySimulator(http_basic=('guard', 'Pässword')) as simulator:
        client = ApiClient(simulator)
        form = client.form('getlistmail', panel_user='webmaster')
        for auth in (None, ('guard', 'wrong'), ('other', 'Pässword')):
            response = client.post(form, auth=auth)
            assert response.status_code == 401 and response.headers['WWW-Authenticate'] == 'Basic realm="BrainyCP"'
            assert b'401 Authorization Required' in response.content and response.headers['Content-Type'].startswith('text/html')
        assert client.post(form, headers={'Authorization': 'Basic !!!'}).status_code == 401
        # As nginx checks the bytes against an htpasswd made in a UTF-8 terminal: UTF-8 passes, Latin-1 does not.
        assert client.post(form, auth=('guard'.encode(), 'Pässword'.encode('utf-8'))).json()['code'] == 0
        assert client.post(form, auth=('guard'.encode(), 'Pässword'.encode('latin-1'))).status_code == 401
        assert client.session.post(simulator.url + '/other', auth=('guard', 'wrong'), timeout=10).status_code == 401
        assert control(simulator, 'faults')[1]['http_basic'] == 'guard:Pässword', 'the control API needs no Basic'
        simulator.http_basic = None
        assert client.post(form).json()['code'] == 0
        simulator.reset()
        assert client.post(form).status_code == 401, 'reset restores the initial protection'
        assert [entry.status for entry in simulator.log] == [401]
        assert client.post(form, auth=('guard'.encode(), 'Pässword'.encode('utf-8'))).json()['code'] == 0
        client.close()


def test_ip_block_is_403_for_every_api_request(api, brainy):
    brainy.ip_blocked = True
    add_form = api.form('addmail', panel_user='webmaster', email='n@example.com', password='pw', quota='1')
    for form in (api.form('getlistmail', panel_user='webmaster'), add_form, {}):
        response = api.post(form)
        assert response.status_code == 403 and response.headers['Content-Type'].startswith('text/html')
        assert b'Remote access to the panel api is closed for your IP address' in response.content
    assert len(mailbox_addresses(brainy, 'webmaster')) == 3
    assert control(brainy, 'state')[0] == 200, 'the control API is not blocked'
    brainy.ip_blocked = False
    assert api.call('getlistmail', panel_user='webmaster')['code'] == 0


@pytest.mark.parametrize('kind, body', [('empty', b''), ('non_json', b'<!DOCTYPE html>')])
def test_body_faults_for_the_next_requests(api, brainy, kind, body):
    brainy.set_fault(kind, count=2)
    form = api.form('addmail', panel_user='webmaster', email='n@example.com', password='pw', quota='1')
    for attempt in range(2):
        response = api.post(form)
        assert response.status_code == 200 and response.content.startswith(body), 'attempt %d' % attempt
        assert response.headers['Content-Length'] == str(len(response.content))
    if kind == 'empty':
        assert response.content == b''
    else:
        assert b'name="pass"' in response.content
        with pytest.raises(ValueError):
            response.json()
    assert 'n@example.com' not in mailbox_addresses(brainy, 'webmaster'), 'a faulted request is not carried out'
    assert api.post(form).json()['code'] == 0
    assert brainy.faults['fault'] is None


def test_body_fault_until_ended(api, brainy):
    brainy.set_fault('empty')
    for attempt in range(4):
        assert api.post(api.form('getlistmail', panel_user='webmaster')).content == b'', 'attempt %d' % attempt
    brainy.set_fault(None)
    assert api.call('getlistmail', panel_user='webmaster')['code'] == 0
    with pytest.raises(ValueError):
        brainy.set_fault('malicious_xml')  # an XML answer: Plesk's, not a JSON panel's
    with pytest.raises(ValueError):
        brainy.set_fault('empty', count=0)


def test_keep_alive_serves_several_requests_over_one_connection(brainy):
    connection = http.client.HTTPConnection('127.0.0.1', brainy.port, timeout=10)
    headers = {'Content-Type': 'application/x-www-form-urlencoded'}
    body = urllib.parse.urlencode(ApiClient.form('getlistmail', panel_user='webmaster'))
    requests_sent = [('POST', API_PATH, body), ('POST', API_PATH, 'login=x&pass=y'), ('GET', '/elsewhere', None),
                     ('GET', API_PATH, None), ('POST', API_PATH, body)]
    first_socket = None
    for method, path, data in requests_sent:
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        content = response.read()
        assert response.getheader('Content-Length') == str(len(content)) and not response.will_close
        first_socket = first_socket or connection.sock
        assert connection.sock is first_socket
    connection.close()
    assert [(entry.method, entry.path, entry.status) for entry in brainy.log] == [
        ('POST', API_PATH, 200), ('POST', API_PATH, 200), ('GET', '/elsewhere', 404), ('GET', API_PATH, 405), ('POST', API_PATH, 200)]


def test_other_paths_are_404_and_other_methods_405(api, brainy):
    assert api.session.post(brainy.url + '/api/other.php', data={}, timeout=10).status_code == 404
    response = api.session.get(brainy.api_url, timeout=10)
    assert (response.status_code, response.headers['Allow']) == (405, 'POST')
    assert api.session.put(brainy.api_url, data={}, timeout=10).status_code == 405


def test_chunked_bodies_are_refused(brainy):
    # The whole request goes out in one write: the server answers before reading a chunked body, and a client
    # still writing chunks then could meet a closed connection.
    request = (b'POST ' + API_PATH.encode() + b' HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n'
               b'Content-Type: application/x-www-form-urlencoded\r\n\r\nb\r\nlogin=admin\r\n0\r\n\r\n')
    with socket.create_connection(('127.0.0.1', brainy.port), timeout=10) as connection:
        connection.sendall(request)
        assert connection.recv(64).startswith(b'HTTP/1.1 411 ')


def test_the_log_records_requests_and_answers(api, brainy):
    api.call('addmail', panel_user='webmaster', email='n@example.com', password='pw', quota='1')
    api.call('getlistmail', panel_user='webmaster')
    api.call('ondkim', ('admin', 'wrong'), domain='example.com')
    write, read, refused = brainy.log
    assert (write.method, write.path, write.status, write.operation, write.write) == ('POST', API_PATH, 200, 'addmail', True)
    assert write.form == {'login': 'admin', 'pass': 'demo-admin-password', 'module': 'mailclient', 'subdo': 'addmail',
                          'language': 'en', 'panel_user': 'webmaster', 'email': 'n@example.com', 'password': 'pw', 'quota': '1'}
    assert write.headers['Content-Type'] == 'application/x-www-form-urlencoded' and b'email=n%40example.com' in write.body
    assert json.loads(write.response) == {'code': 0, 'message': 'Mailbox added successfully: n@example.com'}
    assert (read.operation, read.write) == ('getlistmail', False)
    assert (refused.operation, refused.write, json.loads(refused.response)) == ('ondkim', True, NOT_PERMITTED)
    assert write.time <= read.time <= refused.time
    brainy.clear_log()
    assert brainy.log == []


def test_tls_with_a_private_ca():
    with BrainySimulator(tls=True) as simulator:
        assert simulator.url.startswith('https://127.0.0.1:') and os.path.isfile(simulator.ca_cert)
        client = ApiClient(simulator)
        assert client.call('getlistmail', panel_user='webmaster')['code'] == 0
        with pytest.raises(requests.exceptions.SSLError):
            client.post(client.form('getlistmail', panel_user='webmaster'), verify=True)
        client.close()
        cert_dir = simulator.cert_dir
    assert not os.path.exists(cert_dir), 'a temporary certificate folder is removed on stop'


def test_a_stopped_simulator_answers_nothing():
    simulator = BrainySimulator().start()
    client = ApiClient(simulator)
    assert client.call('getlistmail', panel_user='webmaster')['code'] == 0
    simulator.stop()
    with pytest.raises(requests.exceptions.ConnectionError):
        client.post(client.form('getlistmail', panel_user='webmaster'))
    client.close()


# --- seed, state and control API ----------------------------------------------------------------------------

def test_a_state_dump_seeds_an_identical_panel():
    dump = Panel.from_seed(load_seed(DEMO_SEED)).to_dict()
    assert Panel.from_seed(dump).to_dict() == dump
    assert [(account['login'], account['full_api']) for account in dump['api_accounts']] == [('admin', True), ('shop', False)]
    assert [user['login'] for user in dump['users']] == ['webmaster', 'shop', 'newcomer']
    assert dump['users'][1]['mailboxes'][1] == {'email': 'kontakt@bücher.example', 'password': 'kontakt-mail-password', 'quota': 250, 'used': 3}


def test_seed_domains_may_be_plain_names_in_either_form():
    panel = Panel.from_seed({'users': [{'login': 'u', 'domains': ['xn--e1afmkfd.xn--p1ai', 'A.Example']}]})
    assert panel.to_dict()['users'][0]['domains'] == [{'name': 'пример.рф', 'spf': False, 'dkim': False},
                                                      {'name': 'a.example', 'spf': False, 'dkim': False}]


@pytest.mark.parametrize('seed, match', [
    ({'users': [{'login': 'u', 'domains': ['a.example'], 'mailboxes': [{'email': 'x@b.example', 'password': 'pw'}]}]}, 'addmail would answer 4'),
    ({'users': [{'login': 'u', 'domains': ['a.example'], 'mailboxes': [{'email': 'x@a.example', 'password': 'pw', 'quota': -1}]}]}, 'answer 2'),
    ({'users': [{'login': 'u', 'domains': ['a.example'], 'mailboxes': [{'email': 'x@a.example', 'password': 'pw', 'used': -3}]}]}, 'used'),
    ({'users': [{'login': 'u', 'domains': ['a.example'], 'forwards': [{'source': 'x@a.example', 'targets': ['bad']}]}]}, 'addforward'),
    ({'users': [{'login': 'u', 'domains': ['a.example']}, {'login': 'v', 'domains': ['A.example']}]}, 'belongs to u'),
    ({'users': [{'login': 'u'}, {'login': 'u'}]}, 'twice'),
    ({'api_accounts': [{'login': 'a', 'password': 'p'}, {'login': 'a', 'password': 'q'}]}, 'twice'),
    ({'users': [{'login': 'u', 'domains': ['no_such domain']}]}, 'not a valid domain'),
], ids=['foreign-domain', 'quota', 'used', 'forward', 'shared-domain', 'user-twice', 'account-twice', 'domain-name'])
def test_a_bad_seed_is_refused(seed, match):
    with pytest.raises(ValueError, match=match):
        Panel.from_seed(seed)


def test_control_api_state_log_quirks_faults_and_reset(api, brainy):
    api.call('delmail', panel_user='webmaster', email='info@example.com')
    status, state = control(brainy, 'state')
    assert status == 200 and [box['email'] for box in state['users'][0]['mailboxes']] == ['sales@example.com', 'hello@example.org']
    assert state['api_accounts'][0]['password'] == 'demo-admin-password' and state['users'][0]['mailboxes'][0]['password']
    status, log = control(brainy, 'log')
    assert status == 200 and [(entry['operation'], entry['write'], entry['status'], entry['query']) for entry in log] == [
        ('delmail', True, 200, '')]
    assert log[0]['form']['email'] == 'info@example.com' and json.loads(log[0]['response'])['code'] == 0

    assert control(brainy, 'quirks', {'items': 'strings', 'addforward': 'replace', 'forward_arrow': '=>'}) == (
        200, {'code_key': 'code', 'message_key': 'message', 'payload_key': 'data', 'items': 'strings', 'forward_arrow': '=>',
              'addforward': 'replace', 'delforward': 'targets', 'delmail_forwards': 'keep'})
    assert control(brainy, 'quirks', {'items': 'sometimes'})[0] == 400
    assert control(brainy, 'quirks', {'no_such_quirk': 'x'})[0] == 400
    assert control(brainy, 'quirks', b'not json')[0] == 400

    assert control(brainy, 'faults') == (200, dict(NO_SWITCHES))
    assert control(brainy, 'faults', {'fault': 'non_json', 'fault_count': 1, 'ip_blocked': True}) == (
        200, dict(NO_SWITCHES, ip_blocked=True, fault='non_json', fault_count=1))
    assert api.post(api.form('getlistmail', panel_user='webmaster')).status_code == 403
    assert control(brainy, 'faults', {'ip_blocked': False})[1]['fault'] == 'non_json'
    assert api.post(api.form('getlistmail', panel_user='webmaster')).content.startswith(b'<!DOCTYPE html>')
    assert control(brainy, 'faults', {'http_basic': 'ops:pw'})[1]['http_basic'] == 'ops:pw'
    assert api.post(api.form('getlistmail', panel_user='webmaster')).status_code == 401
    for bad in ({'fault': 'billion_laughs'}, {'fault_count': 2}, {'fault': 'empty', 'fault_count': -1}, {'ip_blocked': 'yes'},
                {'http_basic': 'no-colon'}, {'http_basic': 5}, {'colour': 'blue'}, [1]):
        assert control(brainy, 'faults', bad)[0] == 400, bad

    assert control(brainy, 'reset', b'') == (200, {'status': 'ok'})
    assert control(brainy, 'log') == (200, [])
    assert control(brainy, 'quirks')[1]['items'] == 'objects'
    assert control(brainy, 'quirks')[1]['forward_arrow'] == '->'
    assert control(brainy, 'faults')[1] == NO_SWITCHES
    assert 'info@example.com' in mailbox_addresses(brainy, 'webmaster')


def test_control_api_reset_to_a_given_seed(brainy):
    seed = {'api_accounts': [{'login': 'root', 'password': 'pw', 'full_api': True}], 'users': [{'login': 'only', 'domains': ['only.example']}]}
    assert control(brainy, 'reset', seed) == (200, {'status': 'ok'})
    assert brainy.to_dict() == {'api_accounts': [{'login': 'root', 'password': 'pw', 'full_api': True}],
                                'users': [{'login': 'only', 'domains': [{'name': 'only.example', 'spf': False, 'dkim': False}],
                                           'mailboxes': [], 'forwards': []}]}
    assert control(brainy, 'reset', [1, 2])[0] == 400
    assert control(brainy, 'reset', {'users': [{'domains': []}]})[0] == 400
    assert control(brainy, 'reset', {'users': [{'login': 'u', 'domains': ['bad domain']}]})[0] == 400


def test_control_api_unknown_paths_and_methods(brainy):
    assert control(brainy, 'nothing-here')[0] == 404
    assert control(brainy, 'log', {'x': 1})[0] == 405
    assert brainy.log == [], 'control calls are not part of the request log'


# --- command line ---------------------------------------------------------------------------------------------

def test_command_line_serves_until_sigterm(tmp_path):
    ready_file = tmp_path / 'ready.json'
    process = subprocess.Popen(  # pylint: disable=consider-using-with
        [sys.executable, '-m', 'tests.simulators.brainycp', '--seed', DEMO_SEED, '--tls', '--cert-dir', str(tmp_path / 'certs'),
         '--http-basic', 'guard:secret', '--quirk', 'items=strings', '--quirk', 'code_key=error', '--ready-file', str(ready_file)],
        cwd=COLLECTION_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 20
        while not ready_file.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ready_file.exists(), process.stderr.read() if process.poll() is not None else 'no ready file'
        ready = json.loads(ready_file.read_text())
        assert ready['pid'] == process.pid and ready['api_url'] == ready['url'] + API_PATH
        assert ready['ca_cert'] == str(tmp_path / 'certs' / 'ca.pem')
        assert process.stdout.readline().strip() == ready['url']
        form = ApiClient.form('getlistmail', panel_user='shop')
        response = requests.post(ready['api_url'], data=form, verify=ready['ca_cert'], auth=('guard', 'secret'), timeout=10)
        assert response.json() == {'error': 0, 'message': 'The mailbox list was successfully retrieved for: shop',
                                   'data': ['orders@shop.example.net', 'kontakt@bücher.example']}
        assert requests.post(ready['api_url'], data=form, verify=ready['ca_cert'], timeout=10).status_code == 401
        quirks = requests.get(ready['url'] + '/__simulator__/quirks', verify=ready['ca_cert'], timeout=10).json()
        assert quirks['items'] == 'strings'
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=10)
    assert process.returncode == 0
    assert not ready_file.exists()


def test_command_line_refuses_bad_arguments():
    def run(*arguments):
        return subprocess.run([sys.executable, '-m', 'tests.simulators.brainycp'] + list(arguments), cwd=COLLECTION_ROOT,
                              capture_output=True, text=True, timeout=20, check=False)
    refused = run('--quirk', 'items=tuples')
    assert refused.returncode == 2 and 'items takes objects or strings' in refused.stderr
    assert run('--http-basic', 'nocolon').returncode == 2
    assert run('--quirk', 'items').returncode == 2
