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
