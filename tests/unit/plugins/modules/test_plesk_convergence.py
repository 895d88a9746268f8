# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The Plesk modules run in-process against the Plesk simulator, under every reading of the docs it offers.

Each test asserts what the panel holds afterwards (the simulator's own state) and what was sent (its
request log), never only what the module said. The quirks ``forwarding_emptied`` and ``set_sections``
play the behaviours the docs leave open; the ``plesk`` fixture runs each test under every combination.
"""

from __future__ import annotations

import itertools

import pytest

from ansible_collections.hosting.mail.plugins.modules import plesk_mail, plesk_mail_accounts, plesk_mail_info, plesk_user
from ansible_collections.hosting.mail.tests.simulators.plesk.agent import describe
from ansible_collections.hosting.mail.tests.simulators.plesk.server import CONVERGENCE_QUIRKS, QUIRKS, PleskSimulator
from ansible_collections.hosting.mail.tests.unit.utils import module_failure, module_success

PASSWORD = 'Adm1n&<secret> "pässword"'
SEED = {
    'webspaces': [
        {'id': 1, 'name': 'example.com', 'mail': [
            {'name': 'info', 'password': 'info-Secret-1', 'mailbox': {'enabled': True, 'quota': -1},
             'aliases': ['hello', 'contact']},
            {'name': 'sales', 'password': 'sales-Secret-1', 'mailbox': {'enabled': True, 'quota': 1073741824},
             'forwarding': {'enabled': True, 'addresses': ['a@x.example']}},
            {'name': 'paused', 'forwarding': {'enabled': False, 'addresses': ['a@x.example']}},
        ], 'sites': [
            {'id': 3, 'name': 'shop.example.org', 'mail': [
                {'name': 'info', 'password': 'shop-Secret-1', 'mailbox': {'enabled': True, 'quota': -1}},
                {'name': 'orders', 'password': 'orders-Secret-1', 'mailbox': {'enabled': True, 'quota': -1}},
            ]},
        ]},
    ],
}
MODES = [dict(zip(CONVERGENCE_QUIRKS, values)) for values in itertools.product(*(QUIRKS[name] for name in CONVERGENCE_QUIRKS))]


@pytest.fixture(scope='module')
def simulator():
    with PleskSimulator(seed=SEED, login='admin', password=PASSWORD) as running:
        yield running


@pytest.fixture(params=MODES, ids=lambda mode: ','.join('%s=%s' % item for item in mode.items()))
def plesk(simulator, request):
    """The simulator at its seed, under one combination of the convergence quirks."""
    simulator.reset()
    simulator.set_quirks(**request.param)
    return simulator


@pytest.fixture
def plain(simulator):
    """The simulator at its seed, with the default quirks (for tests that do not depend on them)."""
    simulator.reset()
    return simulator


def run(module, simulator, capsys, fails=False, check_mode=False, diff=False, **args):
    params = dict(plesk_url=simulator.url, plesk_username='admin', plesk_password=PASSWORD,
                  _ansible_check_mode=check_mode, _ansible_diff=diff, **args)
    runner = module_failure if fails else module_success
    return runner(module, params, capsys, secrets=(PASSWORD,))


def stored(simulator, domain, local):
    for webspace in simulator.panel.to_dict()['webspaces']:
        for site in [webspace] + webspace.get('sites', []):
            if site['name'] == domain:
                return next((account for account in site['mail'] if account['name'] == local), None)
    raise AssertionError('no domain %s' % domain)


def writes(simulator):
    return [operation for entry in simulator.log if entry.write for operation in entry.operations]


# --- 1. a site_id must belong to the domain named --------------------------------------------------------

def test_plesk_mail_refuses_a_site_id_of_another_domain_before_any_write(plain, capsys):
    result = run(plesk_mail, plain, capsys, fails=True, name='info@shop.example.org', site_id=1, state='absent')
    assert 'site_id 1 is the site example.com, not shop.example.org' in result['msg']
    assert result['error']['type'] == 'OptionError'
    assert stored(plain, 'example.com', 'info') is not None and stored(plain, 'shop.example.org', 'info') is not None
    assert writes(plain) == []


def test_plesk_mail_accounts_refuses_a_site_id_of_another_domain_before_any_write(plain, capsys):
    before = plain.panel.to_dict()
    result = run(plesk_mail_accounts, plain, capsys, fails=True, domain='shop.example.org', site_id=1, prune=True)
    assert 'site_id 1 is the site example.com, not shop.example.org' in result['msg']
    assert result['error']['type'] == 'OptionError'
    assert plain.panel.to_dict() == before and writes(plain) == []


def test_plesk_mail_info_refuses_a_site_id_of_another_domain(plain, capsys):
    result = run(plesk_mail_info, plain, capsys, fails=True, domain='shop.example.org', site_id=1)
    assert 'site_id 1 is the site example.com, not shop.example.org' in result['msg']
    assert result['error']['type'] == 'OptionError'
    assert 'accounts' not in result


@pytest.mark.parametrize('domain, site_id', [('shop.example.org', 3), ('example.com', 1)])
def test_a_right_site_id_is_checked_in_the_same_packet_as_the_read(plain, capsys, domain, site_id):
    result = run(plesk_mail, plain, capsys, name='info@%s' % domain, site_id=site_id, description='Checked')
    assert result['changed'] is True and stored(plain, domain, 'info')['description'] == 'Checked'
    assert plain.log[0].operations == ['site/get', 'webspace/get', 'mail/get_info']


def test_an_unknown_site_id_is_refused(plain, capsys):
    result = run(plesk_mail, plain, capsys, fails=True, name='info@example.com', site_id=99, state='absent')
    assert 'Plesk has no site with site_id 99' in result['msg']
    assert writes(plain) == []


# --- 2. replacing the forwarding list keeps forwarding on --------------------------------------------------

def test_plesk_mail_replaces_a_forwarding_list_in_one_run(plesk, capsys):
    wanted = dict(name='sales@example.com', forwarding=dict(addresses=['b@x.example']))
    result = run(plesk_mail, plesk, capsys, **wanted)
    assert result['changed'] is True
    assert stored(plesk, 'example.com', 'sales')['forwarding'] == {'enabled': True, 'addresses': ['b@x.example']}
    plesk.clear_log()
    assert run(plesk_mail, plesk, capsys, **wanted)['changed'] is False
    assert writes(plesk) == []


def test_plesk_mail_accounts_replaces_a_forwarding_list_in_one_run(plesk, capsys):
    wanted = dict(domain='example.com', accounts=[dict(name='sales', forwarding=dict(enabled=True, addresses=['b@x.example']))])
    assert run(plesk_mail_accounts, plesk, capsys, **wanted)['changed'] is True
    assert stored(plesk, 'example.com', 'sales')['forwarding'] == {'enabled': True, 'addresses': ['b@x.example']}
    plesk.clear_log()
    assert run(plesk_mail_accounts, plesk, capsys, **wanted)['changed'] is False
    assert writes(plesk) == []


@pytest.mark.parametrize('bulk', [False, True], ids=['plesk_mail', 'plesk_mail_accounts'])
@pytest.mark.parametrize('forwarding', [dict(enabled=False, addresses=[]), dict(enabled=False), dict(enabled=True)])
def test_switching_forwarding_with_or_without_its_list(plesk, capsys, forwarding, bulk):
    name = 'paused' if forwarding.get('enabled') else 'sales'
    before = stored(plesk, 'example.com', name)['forwarding']
    if bulk:
        module, args = plesk_mail_accounts, dict(domain='example.com', accounts=[dict(name=name, forwarding=forwarding)])
    else:
        module, args = plesk_mail, dict(name='%s@example.com' % name, forwarding=forwarding)
    assert run(module, plesk, capsys, **args)['changed'] is True
    expected = dict(before, **forwarding)
    assert stored(plesk, 'example.com', name)['forwarding'] == expected
    plesk.clear_log()
    assert run(module, plesk, capsys, **args)['changed'] is False
    assert writes(plesk) == []


# --- 5. no lost update: only what changed is sent -----------------------------------------------------------

def concurrently(monkeypatch, simulator, change):
    """Run ``change(panel)`` just before the first write reaches the panel: another run's write in between."""
    original = simulator.answer_agent
    done = []

    def answer_agent(method, path, headers, body):
        if not done and describe(body)[1]:
            done.append(True)
            change(simulator.panel)
        return original(method, path, headers, body)

    monkeypatch.setattr(simulator, 'answer_agent', answer_agent)


def test_switching_forwarding_on_keeps_an_address_added_meanwhile(plesk, capsys, monkeypatch):
    concurrently(monkeypatch, plesk, lambda panel: panel.update_mail(1, 'paused', 'add', {'forwarding': {'addresses': ['late@x.example']}}))
    run(plesk_mail, plesk, capsys, name='paused@example.com', forwarding=dict(enabled=True))
    assert stored(plesk, 'example.com', 'paused')['forwarding'] == {'enabled': True, 'addresses': ['a@x.example', 'late@x.example']}


def test_a_quota_change_keeps_an_alias_added_meanwhile(plesk, capsys, monkeypatch):
    concurrently(monkeypatch, plesk, lambda panel: panel.update_mail(1, 'info', 'add', {'aliases': ['late']}))
    run(plesk_mail, plesk, capsys, name='info@example.com', quota='2G')
    account = stored(plesk, 'example.com', 'info')
    assert account['mailbox']['quota'] == 2 * 1024 ** 3 and sorted(account['aliases']) == ['contact', 'hello', 'late']


# --- 6a. check mode fails where the real run would ---------------------------------------------------------

def test_an_alias_taken_by_another_account_fails_in_check_mode_too(plain, capsys):
    for check in (True, False):
        result = run(plesk_mail, plain, capsys, fails=True, check_mode=check, name='new@example.com', password='new-Secret-1',
                     aliases=['hello'])
        assert 'hello@example.com is already the name or an alias of info@example.com' in result['msg']
    assert writes(plain) == [] and stored(plain, 'example.com', 'new') is None


def test_a_name_that_is_another_accounts_alias_fails_in_check_mode_in_bulk(plain, capsys):
    accounts = [dict(name='hello', password='new-Secret-1'), dict(name='fresh', password='new-Secret-2')]
    for check in (True, False):
        result = run(plesk_mail_accounts, plain, capsys, fails=True, check_mode=check, domain='example.com', accounts=accounts)
        outcome = {entry['address']: entry['action'] for entry in result['accounts']}
        assert outcome == {'hello@example.com': 'failed', 'fresh@example.com': 'created'}
        assert 'hello@example.com is already the name or an alias of info@example.com' in result['msg']
    assert writes(plain) == ['mail/create'] and stored(plain, 'example.com', 'fresh') is not None


def test_an_alias_moved_between_accounts_in_one_task(plesk, capsys):
    accounts = [dict(name='sales', aliases=['hello']), dict(name='info', aliases=['contact'])]
    result = run(plesk_mail_accounts, plesk, capsys, domain='example.com', accounts=accounts)
    assert result['counts']['updated'] == 2
    assert stored(plesk, 'example.com', 'sales')['aliases'] == ['hello']
    assert stored(plesk, 'example.com', 'info')['aliases'] == ['contact']


# --- 9. <user> refused for the whole packet ---------------------------------------------------------------

def test_plesk_user_on_a_panel_refusing_the_whole_packet_says_to_pin(plain, capsys):
    plain.set_quirks(user_operator='unsupported_packet')
    result = run(plesk_user, plain, capsys, fails=True, login='new.user', password='user-Secret-1', name='New', role='WebMaster')
    assert 'does not accept the <user>/<role> operators' in result['msg']
    assert 'plesk_api_version: "1.6.9.0"' in result['msg']
