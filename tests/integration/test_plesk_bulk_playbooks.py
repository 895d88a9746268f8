# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""plesk_mail_accounts: many accounts in one task, few packets, per-account outcomes."""

from __future__ import annotations

import pytest

from ansible_collections.hosting.mail.tests.integration.conftest import panel_account, plesk_env


@pytest.fixture
def bulk(plesk, run_module):
    def run(check=False, diff=False, fails=False, **args):
        args = {name: value for name, value in dict(dict(domain='example.com'), **args).items() if value is not None}
        return run_module('plesk_mail_accounts', args, plesk_env(plesk),
                          check=check, diff=diff, fails=fails)
    return run


def many(count, **settings):
    return [dict(name='user%04d' % number, password='Pw-%04d&<x>' % number, **settings) for number in range(count)]


def test_two_hundred_accounts_in_few_packets_then_nothing(plesk, bulk):
    run = bulk(accounts=many(200, quota='100M'))
    assert run.result['changed'] is True, run.output
    assert run.result['counts']['created'] == 200
    assert len(plesk.log) == 5  # lookup, one get_info, two packets of 100, one get_info to check them
    assert panel_account(plesk, 'example.com', 'user0199')['password']['value'] == 'Pw-0199&<x>'
    assert 'Pw-0199&<x>' not in run.output
    plesk.clear_log()
    again = bulk(accounts=many(200, quota='100M'))
    assert again.result['changed'] is False
    assert again.result['counts']['unchanged'] == 200
    assert len(plesk.log) == 2 and not any(entry.write for entry in plesk.log)


def test_mixed_changes_prune_and_batch_size(plesk, bulk):
    accounts = [dict(name='info', quota='3G'), dict(name='sales', state='absent'), dict(name='brand.new', password='x-Secret-1')]
    run = bulk(accounts=accounts, prune=True, batch_size=1, diff=True)
    assert run.result['changed'] is True, run.output
    outcome = {entry['address']: entry['action'] for entry in run.result['accounts']}
    assert outcome == {'info@example.com': 'updated', 'sales@example.com': 'removed',
                       'brand.new@example.com': 'created', 'noreply@example.com': 'removed'}
    assert [entry.write for entry in plesk.log].count(True) == 4  # batch_size 1: one packet per account
    assert panel_account(plesk, 'example.com', 'noreply') is None
    assert panel_account(plesk, 'example.com', 'info')['mailbox']['quota'] == 3 * 1024 ** 3
    assert run.result['diff']['after']['info@example.com']['quota'] == 3 * 1024 ** 3
    assert 'noreply@example.com' in run.result['diff']['before']


def test_check_mode_plans_everything_and_writes_nothing(plesk, bulk):
    before = plesk.panel.to_dict()
    run = bulk(check=True, accounts=many(5) + [dict(name='info', aliases=[])], prune=True)
    assert run.result['changed'] is True
    assert run.result['counts'] == {'created': 5, 'updated': 1, 'removed': 2, 'unchanged': 0, 'failed': 0,
                                    'not_done': 0, 'unknown': 0, 'not_attempted': 0}
    assert not any(entry.write for entry in plesk.log)
    assert plesk.panel.to_dict() == before


def test_a_partial_failure_reports_each_account_and_a_rerun_finishes(plesk, bulk):
    # 'hello' is an alias of info@: creating it as an account would clash (1007); the others go through.
    accounts = [dict(name='first', password='x-Secret-1'), dict(name='hello', password='x-Secret-2'),
                dict(name='last', password='x-Secret-3')]
    run = bulk(accounts=accounts, fails=True)
    assert run.result['failed'] is True and run.result['changed'] is True
    outcome = {entry['address']: entry['action'] for entry in run.result['accounts']}
    assert outcome == {'first@example.com': 'created', 'hello@example.com': 'failed', 'last@example.com': 'created'}
    assert ('1 of 3 account changes failed: hello@example.com: hello@example.com is already the name or an alias of '
            'info@example.com') in run.result['msg']
    assert not [entry for entry in plesk.log if entry.write and b'<name>hello</name>' in entry.body]  # refused up front
    assert panel_account(plesk, 'example.com', 'first') and panel_account(plesk, 'example.com', 'last')
    again = bulk(accounts=[accounts[0], accounts[2]])
    assert again.result['changed'] is False


def test_names_outside_the_domain_are_refused_up_front(plesk, bulk):
    run = bulk(accounts=[dict(name='someone@other.example')], fails=True)
    assert run.result['failed'] is True
    assert 'is not in the domain example.com' in run.result['msg']
    assert plesk.log == []


# Many domains in one task (domains): the demo panel has example.com (webspace 1), its add-on site shop.example.org
# (site 3) and bücher.example (webspace 2).
def many_domains(plesk, bulk, **args):
    return bulk(**dict(dict(domain=None, domains=[
        dict(domain='example.com', accounts=[dict(name='info'), dict(name='new1', password='New-Secret-1')]),
        dict(domain='shop.example.org', accounts=[dict(name='new2', password='New-Secret-2', quota='1G')]),
        dict(domain='xn--bcher-kva.example', accounts=[dict(name='kontakt', quota='2G')]),
    ]), **args))


def test_many_domains_converge_in_one_task_then_cost_two_requests(plesk, bulk):
    run = many_domains(plesk, bulk, prune=True)
    assert run.result['changed'] is True, run.output
    assert [(site['domain'], site['site_id']) for site in run.result['domains']] == [
        ('example.com', 1), ('shop.example.org', 3), ('bücher.example', 2)]
    assert panel_account(plesk, 'example.com', 'new1')['password']['value'] == 'New-Secret-1'
    assert panel_account(plesk, 'shop.example.org', 'new2')['mailbox']['quota'] == 1024 ** 3
    assert panel_account(plesk, 'bücher.example', 'kontakt')['mailbox']['quota'] == 2 * 1024 ** 3
    assert panel_account(plesk, 'example.com', 'sales') is None and panel_account(plesk, 'shop.example.org', 'orders') is None
    # lookup, read, one packet of writes for the three sites, one read back of the sites written
    assert len(plesk.log) == 4 and [entry.write for entry in plesk.log] == [False, False, True, False]
    assert 'New-Secret' not in run.output
    plesk.clear_log()
    again = many_domains(plesk, bulk, prune=True)
    assert again.result['changed'] is False and again.result['counts']['unchanged'] == 4
    assert len(plesk.log) == 2 and not any(entry.write for entry in plesk.log)


def test_many_domains_in_check_mode_write_nothing(plesk, bulk):
    before = plesk.panel.to_dict()
    run = many_domains(plesk, bulk, prune=True, check=True, diff=True)
    assert run.result['changed'] is True
    assert {site['domain']: site['counts']['removed'] for site in run.result['domains']} == {
        'example.com': 2, 'shop.example.org': 1, 'bücher.example': 0}
    assert sorted(run.result['diff']['after']) == ['kontakt@bücher.example', 'new1@example.com', 'new2@shop.example.org']
    assert not any(entry.write for entry in plesk.log) and plesk.panel.to_dict() == before


def test_a_missing_domain_and_a_refused_write_hide_nothing_done_elsewhere(plesk, bulk):
    # gone.example is not on the panel; Plesk refuses the outgoing-messages limit 'lots' (1019), which it alone checks.
    run = bulk(domain=None, fails=True, domains=[
        dict(domain='gone.example', accounts=[dict(name='info', password='Gone-Secret-1')]),
        dict(domain='example.com', accounts=[dict(name='fresh', password='Fresh-Secret-1')]),
        dict(domain='shop.example.org', accounts=[dict(name='orders', outgoing_messages_limit='lots'),
                                                  dict(name='more', password='More-Secret-1')])])
    message = ' '.join(run.result['msg'].split())
    assert message.startswith('1 of 3 domains could not be read, and were not converged: gone.example: Plesk has no site')
    assert 'In the others, 1 of 3 account changes failed: orders@shop.example.org: ' in message
    assert {entry['address']: entry['action'] for entry in run.result['accounts']} == {
        'fresh@example.com': 'created', 'orders@shop.example.org': 'failed', 'more@shop.example.org': 'created',
        'info@gone.example': 'failed'}
    assert run.result['changed'] is True
    assert panel_account(plesk, 'example.com', 'fresh') and panel_account(plesk, 'shop.example.org', 'more')
    assert panel_account(plesk, 'shop.example.org', 'orders').get('outgoing_messages_limit') != 'lots'
    assert [site.get('error', '')[:40] for site in run.result['domains']] == [
        'Plesk has no site or subscription named ', '', '']
