# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""plesk_user and plesk_user_info in real playbooks against the Plesk simulator."""

from __future__ import annotations

import pytest

from ansible_collections.hosting.mail.tests.integration.conftest import PLESK_PASSWORD, plesk_env

TRICKY_PASSWORD = 'Pässwörd & <pw> "dq" \'sq\' €'
NEW_USER = dict(login='new.user@example.com', password='first-Secret-1', name='New User', email='new.user@example.com',
                role='WebMaster')


def panel_user(simulator, login):
    for user in simulator.panel.to_dict()['users']:
        if user['login'].lower() == login.lower():
            return user
    return None


def writes(simulator):
    return [operation for entry in simulator.log if entry.write for operation in entry.operations]


@pytest.fixture
def user(plesk, run_module):
    def run(check=False, diff=False, env=None, fails=False, **args):
        env = dict(dict(PLESK_API_VERSION='1.6.9.0'), **(env or {}))
        return run_module('plesk_user', args, plesk_env(plesk, **env), check=check, diff=diff, fails=fails)
    return run


def test_add_then_rerun_changes_nothing(plesk, user):
    first = user(**NEW_USER)
    assert first.result['changed'] is True, first.output
    assert first.result['changed_fields'] == ['created']
    stored = panel_user(plesk, NEW_USER['login'])
    assert stored['password'] == 'first-Secret-1'
    assert stored['role'] == 'WebMaster'
    assert first.result['guid'] == stored['guid']
    plesk.clear_log()
    again = user(**NEW_USER)
    assert again.result['changed'] is False, again.output
    assert writes(plesk) == []


CHANGES = [
    ('name', dict(name='Renamed Person'), lambda u: u['name'] == 'Renamed Person'),
    ('email', dict(email='other@example.net'), lambda u: u['email'] == 'other@example.net'),
    ('status', dict(status='disabled'), lambda u: u['status'] == 'disabled'),
    ('role', dict(role='Accountant'), lambda u: u['role'] == 'Accountant'),
    ('contact', dict(contact=dict(company='Ex & Co <GmbH>', phone='+49 30 1', city='Zürich')),
     lambda u: u['contact']['company'] == 'Ex & Co <GmbH>' and u['contact']['city'] == 'Zürich'),
    ('external_id', dict(external_id='crm-42'), lambda u: u['external_id'] == 'crm-42'),
    ('subscription_id', dict(subscription='bücher.example'), lambda u: u['subscription_domain_id'] == 2),
    ('password', dict(password=TRICKY_PASSWORD, update_password='always'), lambda u: u['password'] == TRICKY_PASSWORD),
]


@pytest.mark.parametrize('field, args, holds', CHANGES, ids=[change[0] for change in CHANGES])
def test_each_field_changes_alone(plesk, user, field, args, holds):
    assert user(**NEW_USER).result['changed'] is True
    before = panel_user(plesk, NEW_USER['login'])
    run = user(login=NEW_USER['login'], **args)
    assert run.result['changed'] is True, run.output
    assert {name.split('.')[0] for name in run.result['changed_fields']} == {field}
    after = panel_user(plesk, NEW_USER['login'])
    assert holds(after)
    moved = {key for key in after if after[key] != before[key]}
    assert len(moved) == 1, moved
    if field != 'password':
        plesk.clear_log()
        assert user(login=NEW_USER['login'], **args).result['changed'] is False
        assert writes(plesk) == []
    assert TRICKY_PASSWORD not in run.text


def test_subscription_all(plesk, user):
    user(**dict(NEW_USER, subscription='example.com'))
    assert panel_user(plesk, NEW_USER['login'])['subscription_domain_id'] == 1
    assert user(login=NEW_USER['login'], subscription='all').result['changed_fields'] == ['subscription_id']
    assert panel_user(plesk, NEW_USER['login'])['subscription_domain_id'] in (0, None)


def test_delete(plesk, user):
    user(**NEW_USER)
    run = user(login=NEW_USER['login'], state='absent')
    assert run.result['changed'] is True
    assert panel_user(plesk, NEW_USER['login']) is None
    assert user(login=NEW_USER['login'], state='absent').result['changed'] is False


@pytest.mark.parametrize('args', [NEW_USER, dict(login='NEW.USER@example.com', status='disabled'),
                                  dict(login=NEW_USER['login'], state='absent')], ids=['add', 'set', 'delete'])
def test_check_mode_sends_no_write(plesk, user, args):
    if args is not NEW_USER:
        user(**NEW_USER)
    plesk.clear_log()
    before = plesk.panel.to_dict()
    run = user(check=True, **args)
    assert run.result['changed'] is True, run.output
    assert writes(plesk) == []
    assert plesk.panel.to_dict() == before


def test_diff(plesk, user):
    user(**NEW_USER)
    run = user(diff=True, login=NEW_USER['login'], status='disabled', password='x-Secret-2', update_password='always')
    assert run.result['diff']['before']['status'] == 'enabled'
    assert run.result['diff']['after']['status'] == 'disabled'
    assert run.result['diff']['after']['password'] == '(password changed)'
    assert 'x-Secret-2' not in run.output


def test_unknown_role_is_a_clear_error(plesk, user):
    run = user(fails=True, **dict(NEW_USER, role='Astronaut'))
    assert run.result['failed'] is True
    assert "no role named 'Astronaut'" in run.result['msg']
    assert writes(plesk) == []


@pytest.mark.parametrize('quirk, pinned, works', [
    ('versioned', None, False), ('versioned', '1.6.9.0', True), ('unsupported', '1.6.9.0', False),
])
def test_an_unavailable_operator_gives_a_clear_message(plesk, user, quirk, pinned, works):
    plesk.set_quirks(user_operator=quirk)
    run = user(env=dict(PLESK_API_VERSION=pinned or ''), fails=not works, **NEW_USER)
    if works:
        assert run.result['changed'] is True, run.output
        return
    assert run.result['failed'] is True
    assert 'does not accept the <user>/<role> operators' in run.result['msg']
    if pinned is None:
        assert 'plesk_api_version: "1.6.9.0"' in run.result['msg']
    assert PLESK_PASSWORD not in run.text


def test_info_lists_users_and_one_login(plesk, user, run_module):
    user(**NEW_USER)
    env = plesk_env(plesk, PLESK_API_VERSION='1.6.9.0')
    listing = run_module('plesk_user_info', {}, env).result
    logins = [entry['login'] for entry in listing['users']]
    assert NEW_USER['login'] in logins and logins == sorted(logins, key=str.lower)
    one = run_module('plesk_user_info', dict(login='NEW.user@example.com'), env).result
    assert [entry['role'] for entry in one['users']] == ['WebMaster']
    assert run_module('plesk_user_info', dict(login='nobody'), env).result['users'] == []


def test_a_contact_field_can_be_cleared(plesk, user):
    user(**dict(NEW_USER, contact=dict(phone='+49 30 1', city='Berlin')))
    run = user(login=NEW_USER['login'], contact=dict(phone=''))
    assert run.result['changed_fields'] == ['contact.phone']
    stored = panel_user(plesk, NEW_USER['login'])['contact']
    assert not stored.get('phone') and stored['city'] == 'Berlin'
    assert user(login=NEW_USER['login'], contact=dict(phone='')).result['changed'] is False


def test_seed_users_are_read_as_they_are(plesk, user):
    run = user(login='BOOKS', status='disabled')
    assert run.result['changed'] is False, run.output
    assert run.result['user']['name'] == "Olivia O'Books"
    assert run.result['user']['role'] == 'Accountant'


def test_a_built_in_user_is_protected(plesk, user):
    run = user(login='jdoe', state='absent', fails=True)
    assert run.result['failed'] is True
    assert 'built-in Plesk user' in run.result['msg']
    assert writes(plesk) == []


def test_a_user_of_a_customer_by_external_id(plesk, user):
    run = user(**dict(NEW_USER, owner_external_id='crm-customer-1001'))
    assert run.result['changed'] is True, run.output
    assert run.result['user']['owner_guid'] == '1a8e468b-6a92-5b09-8fdf-0c5c7ea11da8'
    assert user(**dict(NEW_USER, owner_external_id='crm-customer-1001')).result['changed'] is False
    moved = user(fails=True, **dict(NEW_USER, owner_guid='bda12321-5a35-59e7-a372-14d321a3ffc9'))
    assert 'cannot move a user between owners' in moved.result['msg']
    unknown = user(fails=True, **dict(NEW_USER, owner_external_id='no-such-owner'))
    assert "no account with the external id 'no-such-owner'" in unknown.result['msg']
