# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The Plesk simulator's <user> and <role> operators and the user_operator quirk, over real HTTP, against the demo seed.

Demo seed: the admin (guid ADMIN) with roles Admin, Accountant, WebMaster; the customer jdoe (guid
CUSTOMER, external id crm-customer-1001) with roles WebMaster, Admin, Accountant; users
jane.webmaster (WebMaster, subscription 1), books (Accountant, disabled) and jdoe (jdoe's built-in user).
"""

from __future__ import annotations

import glob
import os

import pytest
from lxml import etree

from ansible_collections.hosting.mail.tests.simulators.plesk.__main__ import parse_arguments
from ansible_collections.hosting.mail.tests.simulators.plesk.accounts import CONTACT_FIELDS
from ansible_collections.hosting.mail.tests.simulators.plesk.client import AgentClient, element, packet
from ansible_collections.hosting.mail.tests.simulators.plesk.server import PleskSimulator, check_quirks
from ansible_collections.hosting.mail.tests.simulators.plesk.state import Panel, load_seed

ADMIN = 'bda12321-5a35-59e7-a372-14d321a3ffc9'
CUSTOMER = '1a8e468b-6a92-5b09-8fdf-0c5c7ea11da8'
JANE = 'fafcca3c-cd15-5a8a-9bbe-fca304302891'
BOOKS = '55fcce5a-86e0-5845-b22d-b71f11bcfbe8'
JDOE = 'c90b16c9-1209-559e-8900-bd12e4eb2a64'
MISSING = '00000000-0000-0000-0000-000000000000'
TRICKY = 'Pä$$ & <wörd> "dq" \'sq\' € 𝄞  two  spaces '
GEN_INFO_ORDER = ['login', 'name', 'owner-guid', 'status', 'guid', 'is-built-in', 'contact-info', 'external-id',
                  'subscription-domain-id', 'email', 'mailname-id']


# --- packet builders ------------------------------------------------------------------------------

def user(*operations, version=None):
    return packet(element('user', *operations), version=version)


def gen_info(login=None, password=None, name=None, owner=None, contact=None, status=None, external_id=None,
             subscription=None, email=None, set_login=None):
    """gen-info in XSD order: UserAddGenInfo, or UserSetGenInfo when ``set_login`` is used instead of ``login``."""
    owner_element = element(owner[0], owner[1]) if owner else None
    contact_element = None
    if contact is not None:
        contact_element = element('contact-info', [element(field, contact[field]) for field in CONTACT_FIELDS if field in contact])
    return element(
        'gen-info',
        element('login', login) if login is not None else None,
        element('passwd', password) if password is not None else None,
        owner_element,
        element('name', name) if name is not None else None,
        contact_element,
        element('status', status) if status is not None else None,
        element('external-id', external_id) if external_id is not None else None,
        element('login', set_login) if set_login is not None else None,
        element('subscription-domain-id', subscription) if subscription is not None else None,
        element('email', email) if email is not None else None,
    )


def add_user(login='new.user', password='new-Secret-1', name='New User', role='WebMaster', **settings):
    return element('add', gen_info(login, password, name, **settings), element('roles', element('name', role)))


def user_filter(criterion, values):
    if criterion == 'all':
        return element('filter', element('all'))
    return element('filter', [element(criterion, value) for value in values])


def get_users(criterion='all', *values, dataset=('gen-info', 'roles')):
    return element('get', user_filter(criterion, values), element('dataset', [element(part) for part in dataset]))


def set_users(criterion, values, info=None, role=None):
    return element('set', user_filter(criterion, values),
                   element('values', info, element('roles', element('name', role)) if role is not None else None))


def del_users(criterion, *values):
    return element('del', user_filter(criterion, values))


def role_get(criterion='all', *values, owner_guid=None):
    criteria = element('all') if criterion == 'all' else [element(criterion, value) for value in values]
    return packet(element('role', element('get', element('filter', criteria),
                                          element('owner-guid', owner_guid) if owner_guid else None)))


# --- reading answers ------------------------------------------------------------------------------

def results(answer, path):
    return answer.findall(path + '/result')


def outcome(result):
    """(status, errcode or None, filter-id or None) of one result."""
    errcode = result.findtext('errcode')
    return result.findtext('status'), int(errcode) if errcode else None, result.findtext('filter-id')


def system_error(answer):
    errcode = answer.findtext('system/errcode')
    return int(errcode) if errcode else None


def info_of(result):
    """A user's gen-info as a dict (contact-info as a dict of its own), and its role."""
    info = {child.tag: child.text for child in result.find('data/gen-info') if child.tag != 'contact-info'}
    contact = result.find('data/gen-info/contact-info')
    info['contact-info'] = {child.tag: child.text for child in contact} if contact is not None else None
    info['role'] = result.findtext('data/roles/name')
    return info


def stored(simulator, login):
    """The simulator's own record of a user (password included), or None."""
    for record in simulator.panel.to_dict()['users']:
        if record['login'].lower() == login.lower():
            return record
    return None


def added(client, **settings):
    """Add a user and return the guid of the new user."""
    result = results(client.request(user(add_user(**settings))), 'user/add')[0]
    assert outcome(result)[:2] == ('ok', None), result.findtext('errtext')
    return result.findtext('guid')


def add_error(client, **settings):
    result = results(client.request(user(add_user(**settings))), 'user/add')[0]
    return outcome(result)[1]


# --- the seed -------------------------------------------------------------------------------------

def test_get_all_answers_every_user_of_every_owner(client):
    answered = results(client.request(user(get_users())), 'user/get')
    assert [outcome(result) for result in answered] == [('ok', None, None)] * 3
    infos = [info_of(result) for result in answered]
    assert [(info['login'], info['owner-guid'], info['role'], info['is-built-in']) for info in infos] == [
        ('jane.webmaster', ADMIN, 'WebMaster', 'false'), ('books', ADMIN, 'Accountant', 'false'), ('jdoe', CUSTOMER, 'Admin', 'true')]
    jane, books, _jdoe = infos
    assert [child.tag for child in answered[0].find('data/gen-info')] == [
        'login', 'name', 'owner-guid', 'status', 'guid', 'is-built-in', 'contact-info', 'external-id', 'subscription-domain-id', 'email']
    assert jane['contact-info'] == {'company': 'Example & Partners', 'phone': '+49 30 1234567', 'city': 'Berlin', 'country': 'DE',
                                    'locale': 'en-US'}
    assert (jane['subscription-domain-id'], jane['external-id'], jane['guid']) == ('1', 'crm-user-17', JANE)
    assert (books['status'], books['contact-info'], books['name']) == ('disabled', None, "Olivia O'Books")
    assert books['mailname-id'] == str(client.simulator.panel.find_domain(1).find_mail('info').id), 'info@example.com is a mail account'
    assert 'subscription-domain-id' not in books and 'external-id' not in books


def test_the_state_dump_holds_users_with_passwords_and_roles_and_seeds_an_identical_panel(client, simulator):
    added(client, contact={'company': 'A & B'})
    dump = simulator.panel.to_dict()
    assert [customer['guid'] for customer in dump['customers']] == [CUSTOMER]
    assert stored(simulator, 'new.user')['password'] == 'new-Secret-1'
    assert stored(simulator, 'new.user')['contact'] == {'company': 'A & B'}
    assert [(role['name'], role['owner_guid'], role['built_in']) for role in dump['roles']] == [
        ('Admin', ADMIN, True), ('Accountant', ADMIN, True), ('WebMaster', ADMIN, False), ('WebMaster', CUSTOMER, False),
        ('Admin', CUSTOMER, True), ('Accountant', CUSTOMER, True)]
    assert Panel.from_seed(dump).to_dict() == dump


@pytest.mark.parametrize('seed, message', [
    ({'users': [{'login': 'a', 'password': 'p', 'name': 'A', 'role': 'Admin'},
                {'login': 'A', 'password': 'p', 'name': 'B', 'role': 'Admin'}]}, 'taken'),
    ({'users': [{'login': 'a', 'password': 'p', 'name': 'A', 'role': 'Pilot'}]}, 'Pilot'),
    ({'users': [{'login': 'a', 'password': 'p', 'name': 'A', 'role': 'Admin', 'owner_guid': MISSING}]}, 'owner'),
    ({'roles': [{'name': 'Pilot', 'owner_guid': MISSING}]}, 'no owner'),
    ({'roles': [{'name': 'Pilot'}, {'name': 'Pilot'}]}, 'twice'),
], ids=['duplicate-login', 'unknown-role', 'unknown-owner', 'role-owner', 'duplicate-role'])
def test_a_bad_seed_is_refused(seed, message):
    with pytest.raises(ValueError, match=message):
        Panel.from_seed(seed)


def test_every_owner_has_the_built_in_roles_even_when_the_seed_lists_none():
    panel = Panel.from_seed({'customers': [{'login': 'c'}]})
    assert sorted((role.name, role.owner_guid == panel.admin['guid'], role.built_in) for role in panel.roles) == [
        ('Accountant', False, True), ('Accountant', True, True), ('Admin', False, True), ('Admin', True, True)]


# --- add and get ----------------------------------------------------------------------------------

def test_add_answers_one_result_with_id_and_guid(client, simulator):
    answer = client.request(user(add_user()))
    result, = results(answer, 'user/add')
    assert [child.tag for child in result] == ['status', 'id', 'guid']
    assert result.findtext('guid') == stored(simulator, 'new.user')['guid']
    assert int(result.findtext('id')) == stored(simulator, 'new.user')['id']
    assert (simulator.log[-1].operations, simulator.log[-1].write) == (['user/add'], True)


def test_add_then_get_round_trips_every_field_and_any_text(client, simulator):
    contact = {field: '%s & <%s> "q" \'s\' ü€𝄞' % (field, field) for field in CONTACT_FIELDS}
    name = 'Zoë "Z" O\'Neil & <Partners>'
    guid = added(client, login='Zoë.O\'Neil&<co>', password=TRICKY, name=name, contact=contact, status='0',
                 external_id='ext & <1> "x"', subscription=2, email='zoë+test@bücher.example', role='Accountant')
    answer = client.request(user(get_users('guid', guid)))
    result, = results(answer, 'user/get')
    assert outcome(result) == ('ok', None, guid)
    assert [child.tag for child in result.find('data/gen-info')] == [tag for tag in GEN_INFO_ORDER if tag != 'mailname-id']
    assert info_of(result) == {
        'login': 'Zoë.O\'Neil&<co>', 'name': name, 'owner-guid': ADMIN, 'status': 'disabled', 'guid': guid,
        'is-built-in': 'false', 'contact-info': contact, 'external-id': 'ext & <1> "x"', 'subscription-domain-id': '2',
        'email': 'zoë+test@bücher.example', 'role': 'Accountant',
    }
    record = stored(simulator, 'ZOË.o\'neil&<co>')
    assert (result.findtext('id'), record['guid']) == (str(record['id']), guid)
    assert record['password'] == TRICKY, 'the password is stored exactly as sent'
    assert TRICKY.encode() not in simulator.log[-1].response and b'passwd' not in simulator.log[-1].response
    everyone = results(client.request(user(get_users())), 'user/get')
    assert [info_of(result)['guid'] for result in everyone] == [JANE, BOOKS, JDOE, guid]


def test_get_answers_only_the_dataset_parts_asked_for(client):
    roles_only, = results(client.request(user(get_users('guid', JANE, dataset=('roles',)))), 'user/get')
    assert [child.tag for child in roles_only.find('data')] == ['roles']
    bare, = results(client.request(user(get_users('guid', JANE, dataset=()))), 'user/get')
    assert (bare.findtext('id'), len(bare.find('data'))) == ('1', 0)


@pytest.mark.parametrize('status, stored_as', [('1', 'enabled'), ('0', 'disabled'), ('enabled', 'enabled'), ('disabled', 'disabled')])
def test_status_takes_words_and_digits_and_answers_words(client, simulator, status, stored_as):
    guid = added(client, status=status)
    assert info_of(results(client.request(user(get_users('guid', guid))), 'user/get')[0])['status'] == stored_as
    assert stored(simulator, 'new.user')['status'] == stored_as


def test_a_user_added_without_email_answers_its_owners_email(client):
    admins = added(client)
    customers = added(client, login='helper', owner=('owner-guid', CUSTOMER))
    answered = results(client.request(user(get_users('guid', admins, customers))), 'user/get')
    assert [info_of(result)['email'] for result in answered] == ['admin@example.com', 'john.doe@example.net']


def test_owner_by_guid_or_external_id(client, simulator):
    added(client, login='by-guid', owner=('owner-guid', CUSTOMER.upper()))
    added(client, login='by-external-id', owner=('owner-external-id', 'crm-customer-1001'))
    assert stored(simulator, 'by-guid')['owner_guid'] == stored(simulator, 'by-external-id')['owner_guid'] == CUSTOMER
    answered = results(client.request(user(get_users('owner-guid', CUSTOMER))), 'user/get')
    assert [(outcome(result)[2], info_of(result)['login']) for result in answered] == [
        (CUSTOMER, 'jdoe'), (CUSTOMER, 'by-guid'), (CUSTOMER, 'by-external-id')]
    by_external_id = results(client.request(user(get_users('owner-external-id', 'crm-customer-1001'))), 'user/get')
    assert len(by_external_id) == 3


@pytest.mark.parametrize('login', ['JANE.Webmaster', 'jane.webmaster', 'Admin', 'JDOE'], ids=['case', 'same', 'admin', 'customer'])
def test_add_with_a_taken_login_is_1002(client, simulator, login):
    before = simulator.panel.to_dict()
    assert add_error(client, login=login) == 1002
    assert simulator.panel.to_dict() == before


def test_add_with_an_unknown_role_is_1013_naming_the_role(client, simulator):
    result = results(client.request(user(add_user(role='Astronaut'))), 'user/add')[0]
    assert outcome(result)[:2] == ('error', 1013)
    assert 'Astronaut' in result.findtext('errtext')
    assert stored(simulator, 'new.user') is None


@pytest.mark.parametrize('owner', [('owner-guid', MISSING), ('owner-external-id', 'crm-nobody')])
def test_add_with_an_unknown_owner_is_1015(client, simulator, owner):
    assert add_error(client, owner=owner) == 1015
    assert stored(simulator, 'new.user') is None


@pytest.mark.parametrize('subscription, code', [(99, 1013), (3, 1013), (2, None), (0, None)], ids=['missing', 'add-on-site', 'webspace', 'all'])
def test_subscription_domain_id_must_name_a_webspace(client, simulator, subscription, code):
    assert add_error(client, subscription=subscription) == code
    if code is None:
        assert stored(simulator, 'new.user')['subscription_domain_id'] == subscription


@pytest.mark.parametrize('settings', [
    {'email': '@example.com'}, {'email': 'a@b'}, {'password': ''}, {'name': '   '}, {'login': 'two words'},
], ids=['email-without-local-part', 'email-without-dot', 'empty-password', 'blank-name', 'login-with-space'])
def test_add_with_an_invalid_value_is_1019(client, simulator, settings):
    before = simulator.panel.to_dict()
    assert add_error(client, **settings) == 1019
    assert simulator.panel.to_dict() == before


def test_without_the_xsds_values_the_schema_would_refuse_are_checked_by_the_panel():
    with PleskSimulator(schemas_dir=False) as unvalidated:
        agent = AgentClient(unvalidated)
        codes = [outcome(results(agent.request(user(add_user(**settings))), 'user/add')[0])[1]
                 for settings in ({'status': 'maybe'}, {'email': 'nobody'}, {'subscription': -1})]
        two_roles = agent.request(user(element('add', gen_info('x', 'p', 'X'), element('roles', element('name', 'Admin'),
                                                                                       element('name', 'Accountant')))))
        login_filter = agent.request(user(element('get', element('filter', element('login', 'jdoe')), element('dataset'))))
        agent.close()
    assert codes == [1019, 1019, 1019]
    assert system_error(two_roles) == system_error(login_filter) == 1014


# --- get, set and del by filter -------------------------------------------------------------------

def test_get_by_several_guids_answers_in_filter_order_with_1013_for_a_missing_one(client):
    answered = results(client.request(user(get_users('guid', BOOKS, MISSING, JANE.upper()))), 'user/get')
    assert [outcome(result) for result in answered] == [('ok', None, BOOKS), ('error', 1013, MISSING), ('ok', None, JANE.upper())]
    assert answered[1].find('data') is None


def test_get_by_external_id_and_unknown_owners(client):
    answer = client.request(user(get_users('external-id', 'crm-user-17', 'crm-nobody'),
                                 get_users('owner-guid', MISSING), get_users('owner-external-id', 'crm-nobody')))
    by_external_id, by_owner_guid, by_owner_external_id = [get.findall('result') for get in answer.findall('user/get')]
    assert [outcome(result) for result in by_external_id] == [('ok', None, 'crm-user-17'), ('error', 1013, 'crm-nobody')]
    assert by_external_id[0].findtext('data/gen-info/guid') == JANE
    assert [outcome(result) for result in by_owner_guid] == [('error', 1015, MISSING)]
    assert [outcome(result) for result in by_owner_external_id] == [('error', 1015, 'crm-nobody')]


def test_a_filter_that_finds_nobody_answers_one_bare_ok_result(client, simulator):
    simulator.reset(dict(load_seed(), users=[]))
    for operation in (get_users(), get_users('owner-guid', CUSTOMER), set_users('all', (), gen_info(name='X')), del_users('all')):
        assert [outcome(result) for result in results(client.request(user(operation)), 'user/' + operation.tag)] == [
            ('ok', None, None)]


def test_get_with_the_login_filter_of_the_sample_is_1014(client, xsd):
    with open(os.path.join(xsd, '..', 'samples', 'invalid-req-user-get-filter-login.xml'), 'rb') as handle:
        answer = client.request(handle.read())
    assert system_error(answer) == 1014
    assert "'login'" in answer.findtext('system/errtext')


SETS = [
    ('passwd', gen_info(password=TRICKY), 'password', TRICKY),
    ('name', gen_info(name='Jane & <Doe> "J" \'W\''), 'name', 'Jane & <Doe> "J" \'W\''),
    ('status', gen_info(status='disabled'), 'status', 'disabled'),
    ('status-digit', gen_info(status='0'), 'status', 'disabled'),
    ('external-id', gen_info(external_id='crm & <18>'), 'external_id', 'crm & <18>'),
    ('external-id-cleared', gen_info(external_id=''), 'external_id', ''),
    ('login', gen_info(set_login='Jane.W@example.com'), 'login', 'Jane.W@example.com'),
    ('login-case', gen_info(set_login='JANE.webmaster'), 'login', 'JANE.webmaster'),
    ('subscription', gen_info(subscription=2), 'subscription_domain_id', 2),
    ('subscription-all', gen_info(subscription=0), 'subscription_domain_id', 0),
    ('email', gen_info(email='jane.w@example.net'), 'email', 'jane.w@example.net'),
    ('contact', gen_info(contact={'phone': '+1 & 2', 'zip': '<10115>', 'locale': ''}), 'contact',
     {'company': 'Example & Partners', 'phone': '+1 & 2', 'city': 'Berlin', 'country': 'DE', 'zip': '<10115>'}),
    ('role', None, 'role', 'Accountant'),
]


@pytest.mark.parametrize('info, key, expected', [change[1:] for change in SETS], ids=[change[0] for change in SETS])
def test_set_changes_each_field_alone(client, simulator, info, key, expected):
    before = stored(simulator, 'jane.webmaster')
    answer = client.request(user(set_users('guid', [JANE], info, role='Accountant' if key == 'role' else None)))
    result, = results(answer, 'user/set')
    assert (outcome(result), result.findtext('id')) == (('ok', None, JANE), str(before['id']))
    after = simulator.panel.user_by_guid(JANE).to_dict()
    assert after[key] == expected
    assert {field for field in after if after[field] != before[field]} == {key}
    assert (simulator.log[-1].operations, simulator.log[-1].write) == (['user/set'], True)


def test_set_of_several_users_by_owner_answers_one_result_each(client, simulator):
    added(client, login='helper', owner=('owner-guid', CUSTOMER))
    answer = client.request(user(set_users('owner-guid', [CUSTOMER], gen_info(status='disabled'))))
    assert [outcome(result) for result in results(answer, 'user/set')] == [('ok', None, CUSTOMER)] * 2
    assert [stored(simulator, login)['status'] for login in ('jdoe', 'helper')] == ['disabled', 'disabled']


@pytest.mark.parametrize('info, role, code', [
    (gen_info(set_login='BOOKS'), None, 1002),
    (gen_info(set_login='admin'), None, 1002),
    (None, 'Astronaut', 1013),
    (gen_info(subscription=3), None, 1013),
    (gen_info(email='a@b'), None, 1019),
    (gen_info(password=''), None, 1019),
    (gen_info(name='Changed', email='@example.com'), None, 1019),
], ids=['taken-login', 'admin-login', 'unknown-role', 'add-on-site', 'email', 'empty-password', 'partly-valid'])
def test_a_refused_set_is_an_error_result_and_changes_nothing(client, simulator, info, role, code):
    before = simulator.panel.to_dict()
    answer = client.request(user(set_users('guid', [JANE, MISSING], info, role)))
    assert [outcome(result) for result in results(answer, 'user/set')] == [('error', code, JANE), ('error', 1013, MISSING)]
    assert simulator.panel.to_dict() == before


def test_a_customers_user_takes_the_customers_roles(client, simulator):
    guid = added(client, login='helper', owner=('owner-guid', CUSTOMER), role='Accountant')
    answer = client.request(user(set_users('guid', [guid], role='WebMaster')))
    assert outcome(results(answer, 'user/set')[0])[:2] == ('ok', None)
    assert stored(simulator, 'helper')['role'] == 'WebMaster'


def test_del_by_guid_then_again_is_1013(client, simulator):
    answer = client.request(user(del_users('guid', BOOKS, MISSING)))
    assert [outcome(result) for result in results(answer, 'user/del')] == [('ok', None, BOOKS), ('error', 1013, MISSING)]
    assert results(answer, 'user/del')[0].findtext('id') == '2'
    assert stored(simulator, 'books') is None
    again = client.request(user(del_users('guid', BOOKS)))
    assert [outcome(result) for result in results(again, 'user/del')] == [('error', 1013, BOOKS)]
    assert added(client, login='books'), 'a deleted login is free again'


def test_del_by_external_id_and_the_built_in_user_stays(client, simulator):
    answer = client.request(user(del_users('external-id', 'crm-user-17'), del_users('owner-guid', CUSTOMER),
                                 set_users('guid', [JDOE], role='WebMaster')))
    by_external_id, by_owner, role_change = [operation.findall('result') for operation in answer.find('user')]
    assert [outcome(result) for result in by_external_id] == [('ok', None, 'crm-user-17')]
    assert [outcome(result)[:2] for result in by_owner + role_change] == [('error', 1006), ('error', 1006)]
    assert stored(simulator, 'jane.webmaster') is None
    assert stored(simulator, 'jdoe')['role'] == 'Admin'


# --- roles ----------------------------------------------------------------------------------------

def role_outcomes(answer):
    return [(outcome(result), result.findtext('data/name'), result.findtext('data/owner-guid'), result.findtext('data/is-build-in'))
            for result in results(answer, 'role/get')]


def test_role_get_all_lists_the_admins_roles_by_default(client):
    assert role_outcomes(client.request(role_get())) == [
        (('ok', None, None), 'Admin', ADMIN, 'true'), (('ok', None, None), 'Accountant', ADMIN, 'true'),
        (('ok', None, None), 'WebMaster', ADMIN, 'false')]


def test_role_get_by_name_answers_the_role_with_its_permissions(client):
    result, = results(client.request(role_get('name', 'WebMaster')), 'role/get')
    assert outcome(result) == ('ok', None, 'WebMaster')
    assert [child.tag for child in result.find('data')] == ['name', 'owner-guid', 'is-build-in', 'permissions']
    permissions = {permission.findtext('name'): permission.findtext('value') for permission in result.findall('data/permissions/permission')}
    assert permissions['webSitesAndDomainsManagement'] == 'true' and permissions['userManagement'] == 'false'
    admin, = results(client.request(role_get('name', 'Admin')), 'role/get')
    assert {permission.findtext('value') for permission in admin.findall('data/permissions/permission')} == {'true'}


def test_role_get_unknown_names_and_ids_are_1013(client):
    answered = results(client.request(role_get('name', 'Astronaut', 'Admin', 'webmaster')), 'role/get')
    assert [outcome(result) for result in answered] == [
        ('error', 1013, 'Astronaut'), ('ok', None, 'Admin'), ('error', 1013, 'webmaster')]
    assert 'Astronaut' in answered[0].findtext('errtext')
    by_id = results(client.request(role_get('id', 3, 99, 4)), 'role/get')
    assert [(outcome(result), result.findtext('id')) for result in by_id] == [
        (('ok', None, '3'), '3'), (('error', 1013, '99'), '99'), (('error', 1013, '4'), '4')], "role 4 is the customer's"


def test_role_get_for_a_customer_and_an_unknown_owner(client):
    answered = role_outcomes(client.request(role_get(owner_guid=CUSTOMER)))
    assert [(name, owner) for _outcome, name, owner, _built_in in answered] == [
        ('WebMaster', CUSTOMER), ('Admin', CUSTOMER), ('Accountant', CUSTOMER)]
    unknown = results(client.request(role_get('name', 'Admin', 'WebMaster', owner_guid=MISSING)), 'role/get')
    assert [outcome(result) for result in unknown] == [('error', 1015, 'Admin'), ('error', 1015, 'WebMaster')]


def test_unsimulated_role_and_billing_operations_answer_1017(client, simulator):
    billing = element('add-billing', gen_info('x', 'p', 'X'), element('roles', element('name', 'Admin')))
    answer = client.request(packet(element('role', element('del', element('filter', element('name', 'WebMaster')))),
                                   element('user', billing), version='1.6.7.0'))
    assert [operator.findtext('*/result/errcode') for operator in answer] == ['1017', '1017']
    assert stored(simulator, 'x') is None


@pytest.mark.parametrize('version', ['1.6.8.0', '1.6.9.0', None])
def test_billing_operations_are_unknown_from_protocol_1_6_8_0(client, version):
    answer = client.request(user(element('del-billing', element('filter', element('all'))), version=version))
    assert system_error(answer) == 1014
    assert "Element 'del-billing': This element is not expected" in answer.findtext('system/errtext')


# --- the user_operator quirk ----------------------------------------------------------------------

ALL_VERSIONS = ['1.6.6.0', '1.6.7.0', '1.6.8.0', '1.6.9.0', '1.6.9.1', None]


@pytest.mark.parametrize('version', ALL_VERSIONS)
def test_available_serves_user_and_role_at_every_version(client, version):
    answer = client.request(packet(element('user', get_users('guid', JANE)), element('role', element('get', element('filter', element('all')))),
                                   version=version))
    assert system_error(answer) is None
    assert answer.findtext('user/get/result/data/gen-info/login') == 'jane.webmaster'
    assert answer.findtext('role/get/result/data/name') == 'Admin'


@pytest.mark.parametrize('version, served', [
    ('1.6.6.0', True), ('1.6.8.0', True), ('1.6.9.0', True), ('1.6.9', False), ('1.6.9.1', False), (None, False), ('1.6', False),
])
@pytest.mark.parametrize('operator', ['user', 'role'])
def test_versioned_refuses_user_and_role_from_protocol_1_6_9_1(client, simulator, operator, version, served):
    simulator.set_quirks(user_operator='versioned')
    operation = add_user() if operator == 'user' else element('get', element('filter', element('all')))
    answer = client.request(packet(element(operator, operation), version=version))
    if served:
        assert system_error(answer) is None
        assert answer.findtext('%s/%s/result/status' % (operator, operation.tag)) == 'ok'
        return
    assert system_error(answer) == 1014
    assert answer.get('version') == '1.6.9.1'
    assert "Element '%s': This element is not expected" % operator in answer.findtext('system/errtext')
    assert stored(simulator, 'new.user') is None


def test_versioned_fails_the_whole_packet_so_other_operators_do_not_run(client, simulator):
    simulator.set_quirks(user_operator='versioned')
    answer = client.request(packet(element('mail', element('remove', element('filter', element('site-id', 1), element('name', 'sales')))),
                                   element('user', get_users())))
    assert system_error(answer) == 1014
    assert simulator.panel.find_domain(1).find_mail('sales') is not None
    assert simulator.log[-1].operations == ['mail/remove', 'user/get']


@pytest.mark.parametrize('version', ALL_VERSIONS)
def test_unsupported_answers_1017_for_every_user_and_role_operation(client, simulator, version):
    simulator.set_quirks(user_operator='unsupported')
    before = simulator.panel.to_dict()
    answer = client.request(packet(
        element('user', add_user(), get_users(), set_users('guid', [JANE], gen_info(name='X')), del_users('guid', JANE)),
        element('role', element('get', element('filter', element('all')))),
        version=version))
    assert system_error(answer) is None
    answered = [(operation.getparent().tag, operation.tag, [outcome(result)[:2] for result in operation]) for operation in answer.iter(
        'add', 'get', 'set', 'del')]
    assert answered == [('user', 'add', [('error', 1017)]), ('user', 'get', [('error', 1017)]), ('user', 'set', [('error', 1017)]),
                        ('user', 'del', [('error', 1017)]), ('role', 'get', [('error', 1017)])]
    assert answer.findtext('user/add/result/errtext') == 'Feature not supported by the current version of XML API'
    assert simulator.panel.to_dict() == before


@pytest.mark.parametrize('operator', ['user', 'role'])
def test_unsupported_packet_answers_a_system_error_1017(client, simulator, operator):
    simulator.set_quirks(user_operator='unsupported_packet')
    before = simulator.panel.to_dict()
    request = get_users() if operator == 'user' else element('get', element('filter', element('all')))
    answer = client.request(packet(element(operator, request)))
    assert system_error(answer) == 1017
    assert simulator.panel.to_dict() == before


def test_the_quirk_through_the_control_api_and_the_command_line(simulator):
    assert check_quirks({'user_operator': 'versioned'}) == {'user_operator': 'versioned'}
    with pytest.raises(ValueError, match='user_operator'):
        check_quirks({'user_operator': 'gone'})
    _arguments, quirks = parse_arguments(['--quirk', 'user_operator=unsupported'])
    assert quirks == {'user_operator': 'unsupported'}
    with PleskSimulator(schemas_dir=False, quirks=quirks) as configured:
        assert configured.quirks['user_operator'] == 'unsupported'
        configured.reset()
        assert configured.quirks['user_operator'] == 'unsupported', 'a reset returns to the quirks the simulator started with'
    status, payload = simulator.control('POST', 'quirks', b'{"user_operator": "versioned"}')
    assert (status, payload['user_operator']) == (200, 'versioned')
    assert simulator.control('POST', 'quirks', b'{"user_operator": "sometimes"}')[0] == 400
    simulator.reset()
    assert simulator.quirks['user_operator'] == 'available'


# --- the sample packets ---------------------------------------------------------------------------

def test_the_user_sample_requests_are_accepted(client, xsd):
    paths = sorted(glob.glob(os.path.join(xsd, '..', 'samples', 'req-user-*.xml')))
    assert [os.path.basename(path) for path in paths] == ['req-user-add.xml', 'req-user-del.xml', 'req-user-get-all.xml',
                                                          'req-user-set.xml']
    answered = {}
    for path in paths:
        with open(path, 'rb') as handle:
            answer = client.request(handle.read())
        assert system_error(answer) is None, '%s: %s' % (os.path.basename(path), answer.findtext('system/errtext'))
        answered[os.path.basename(path)] = [outcome(result)[:2] for result in answer.iter('result')]
    assert answered == {
        'req-user-add.xml': [('ok', None)],
        'req-user-del.xml': [('error', 1013)],  # the samples name the all-zero GUID, which nobody has
        'req-user-get-all.xml': [('ok', None)] * 4,
        'req-user-set.xml': [('error', 1013)],
    }


def test_the_user_add_sample_answer_has_the_shape_of_resp_user_add(client, xsd):
    with open(os.path.join(xsd, '..', 'samples', 'req-user-add.xml'), 'rb') as handle:
        answer = client.request(handle.read())
    with open(os.path.join(xsd, '..', 'samples', 'resp-user-add.xml'), 'rb') as handle:
        sample = etree.fromstring(handle.read())
    assert [child.tag for child in answer.find('user/add/result')] == [child.tag for child in sample.find('user/add/result')]


def test_the_demo_seed_file_lists_the_users_and_customers():
    seed = load_seed()
    assert [(record['login'], record['guid']) for record in seed['users']] == [('jane.webmaster', JANE), ('books', BOOKS), ('jdoe', JDOE)]
    assert (seed['admin']['guid'], seed['customers'][0]['guid']) == (ADMIN, CUSTOMER)
