# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""brainy_mailboxes: many mailboxes in one task over one connection, with per-mailbox outcomes."""

from __future__ import annotations

import pytest

from ansible_collections.hosting.mail.tests.integration.conftest import brainy_env


def boxes(simulator, login='webmaster'):
    user = next(entry for entry in simulator.to_dict()['users'] if entry['login'] == login)
    return {box['email']: box for box in user['mailboxes']}


@pytest.fixture
def bulk(brainy, run_module):
    def run(check=False, diff=False, fails=False, **args):
        return run_module('brainy_mailboxes', args, brainy_env(brainy), check=check, diff=diff, fails=fails)
    return run


def many(count):
    return [dict(address='user%04d@example.com' % number, password='Pw-%04d&<x>' % number, quota='50M')
            for number in range(count)]


def test_two_hundred_mailboxes_then_one_listing(brainy, bulk):
    run = bulk(mailboxes=many(200))
    assert run.result['changed'] is True, run.output
    assert run.result['counts']['created'] == 200
    assert [entry.operation for entry in brainy.log].count('getlistmail') == 2  # before, and the check after
    assert boxes(brainy)['user0199@example.com']['password'] == 'Pw-0199&<x>'
    assert 'Pw-0199&<x>' not in run.output
    brainy.clear_log()
    again = bulk(mailboxes=many(200))
    assert again.result['changed'] is False
    assert [entry.operation for entry in brainy.log] == ['getlistmail']


def test_prune_check_mode_and_diff(brainy, bulk):
    before = brainy.to_dict()
    run = bulk(check=True, diff=True, mailboxes=[dict(address='info@example.com')], prune=True)
    assert run.result['counts']['removed'] == 1  # sales@example.com; hello@example.org is in another domain
    assert {entry['address']: entry['action'] for entry in run.result['mailboxes']}['sales@example.com'] == 'removed'
    assert brainy.to_dict() == before and not any(entry.write for entry in brainy.log)
    real = bulk(mailboxes=[dict(address='info@example.com')], prune=True)
    assert real.result['changed'] is True
    assert set(boxes(brainy)) == {'info@example.com', 'hello@example.org'}


def test_a_partial_failure_reports_each_mailbox(brainy, bulk):
    wanted = [dict(address='ok@example.com', password='x-Secret-1'),
              dict(address='stranger@shop.example.net', password='x-Secret-2')]
    run = bulk(mailboxes=wanted, fails=True)
    assert run.result['failed'] is True and run.result['changed'] is True
    outcome = {entry['address']: entry['action'] for entry in run.result['mailboxes']}
    assert outcome == {'ok@example.com': 'created', 'stranger@shop.example.net': 'failed'}
    assert '1 of 2 mailbox changes failed' in run.result['msg']
    assert bulk(mailboxes=wanted[:1]).result['changed'] is False


def test_check_mode_warns_once_per_domain_with_no_mail_of_the_user(brainy, bulk):
    wanted = [dict(address='a@shop.example.net', password='x-Secret-1'), dict(address='b@shop.example.net', password='x-Secret-2'),
              dict(address='c@example.com', password='x-Secret-3')]
    run = bulk(check=True, mailboxes=wanted)
    assert run.result['counts']['created'] == 3
    assert run.text.count('webmaster has no mailbox or forward in shop.example.net, so it cannot be confirmed') == 1
    assert 'forward in example.com' not in run.text
    assert not any(entry.write for entry in brainy.log)


# Many hosting users in one task (users): the demo panel has webmaster (example.com, example.org) and shop
# (shop.example.net, bücher.example); nobody is no hosting user at all.
def test_many_hosting_users_in_one_task_with_one_the_panel_refuses(brainy, run_module):
    users = [dict(panel_user='webmaster', mailboxes=[dict(address='new@example.com', password='New-Secret-1'),
                                                     dict(address='info@example.com')]),
             dict(panel_user='nobody', mailboxes=[dict(address='x@nowhere.example', password='X-Secret-1')]),
             dict(panel_user='shop', mailboxes=[dict(address='orders@shop.example.net'),
                                                dict(address='new@shop.example.net', password='New-Secret-2')],
                  prune_domains=['shop.example.net'])]
    run = run_module('brainy_mailboxes', dict(users=users, prune=True), brainy_env(brainy), fails=True)
    assert run.result['msg'].startswith('1 of 3 hosting users could not be listed, and were not converged: nobody: ')
    assert {entry['address']: entry['action'] for entry in run.result['mailboxes']} == {
        'new@example.com': 'created', 'info@example.com': 'unchanged', 'sales@example.com': 'removed',
        'orders@shop.example.net': 'unchanged', 'new@shop.example.net': 'created', 'x@nowhere.example': 'failed'}
    assert 'new@example.com' in boxes(brainy) and 'new@shop.example.net' in boxes(brainy, 'shop')
    assert 'kontakt@bücher.example' in boxes(brainy, 'shop')  # not in prune_domains: kept
    assert 'New-Secret' not in run.output
    brainy.clear_log()
    again = run_module('brainy_mailboxes', dict(users=[users[0], users[2]], prune=True), brainy_env(brainy))
    assert again.result['changed'] is False
    assert [(entry.operation, entry.form.get('panel_user')) for entry in brainy.log] == [
        ('getlistmail', 'webmaster'), ('getlistmail', 'shop')]


def test_the_forwards_of_many_hosting_users_in_check_mode_then_for_real_then_nothing(brainy, run_module):
    users = [dict(panel_user='webmaster', forwards=[dict(source='sales@example.com', targets=['info@example.com'])],
                  prune_domains=['example.com', 'example.org']),
             dict(panel_user='shop', forwards=[dict(source='help@shop.example.net', targets=['orders@shop.example.net'])])]
    before = brainy.to_dict()
    preview = run_module('brainy_forwards', dict(users=users, prune=True), brainy_env(brainy), check=True, diff=True)
    assert {entry['source']: entry['action'] for entry in preview.result['forwards']} == {
        'sales@example.com': 'updated', 'contact@example.org': 'removed', 'help@shop.example.net': 'created'}
    assert brainy.to_dict() == before and not any(entry.write for entry in brainy.log)
    run = run_module('brainy_forwards', dict(users=users, prune=True), brainy_env(brainy))
    assert run.result['changed'] is True and run.result['counts']['failed'] == 0, run.output
    forwards = {login: {entry['source']: entry['targets'] for entry in user['forwards']}
                for user in brainy.to_dict()['users'] for login in [user['login']]}
    assert forwards['webmaster'] == {'sales@example.com': ['info@example.com']}
    assert forwards['shop'] == {'help@shop.example.net': ['orders@shop.example.net']}
    brainy.clear_log()
    again = run_module('brainy_forwards', dict(users=users, prune=True), brainy_env(brainy))
    assert again.result['changed'] is False
    assert [(entry.operation, entry.form.get('panel_user')) for entry in brainy.log] == [
        ('getforwardmail', 'webmaster'), ('getforwardmail', 'shop')]
