# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Faults on each API, from a playbook, with the final panel state checked.

Reads are retried within the bound; a write is never repeated; after a write whose answer is lost the module
reads back and says done or not done; hostile and huge answers are refused.
"""

from __future__ import annotations

import pytest

from ansible_collections.hosting.mail.tests.integration.conftest import brainy_env, panel_account, plesk_env

TRANSIENT = ['status_502', 'status_503', 'reset', 'truncate']
LOST = ['reset', 'truncate', 'html_login', 'empty', 'status_502', 'slow']
NOT_DONE = ['reset', 'html_login', 'status_503']


def brainy_box(simulator, address):
    user = next(entry for entry in simulator.to_dict()['users'] if entry['login'] == 'webmaster')
    return next((box for box in user['mailboxes'] if box['email'] == address), None)


def writes_sent(simulator):
    return sum(1 for entry in simulator.log if entry.write)


@pytest.fixture
def plesk_create(plesk, run_module):
    def run(fails=False, **env):
        return run_module('plesk_mail', dict(name='fault@example.com', password='Fault-Secret-1', quota='1G'),
                          plesk_env(plesk, **env), fails=fails)
    return run


@pytest.fixture
def brainy_create(brainy, run_module):
    def run(fails=False, **env):
        return run_module('brainy_mailbox', dict(address='fault@example.com', password='Fault-Secret-1'),
                          brainy_env(brainy, **env), fails=fails)
    return run


# --- reads are retried ---------------------------------------------------------------------------

@pytest.mark.parametrize('kind', TRANSIENT)
def test_plesk_reads_survive_transient_faults(plesk, plesk_create, kind):
    plesk.set_fault(kind, count=2, on='reads')
    run = plesk_create()
    assert run.result['changed'] is True, run.output
    assert panel_account(plesk, 'example.com', 'fault') is not None
    assert writes_sent(plesk) == 1


@pytest.mark.parametrize('kind', TRANSIENT)
def test_brainycp_reads_survive_transient_faults(brainy, brainy_create, kind):
    brainy.set_fault(kind, count=2, on='reads')
    run = brainy_create()
    assert run.result['changed'] is True, run.output
    assert brainy_box(brainy, 'fault@example.com') is not None
    assert writes_sent(brainy) == 1


def test_reads_give_up_within_the_bound(plesk, plesk_create):
    plesk.set_fault('status_503', on='reads')
    run = plesk_create(fails=True)
    assert run.result['failed'] is True
    assert 'gave up after 4 attempts' in run.result['msg']
    assert len(plesk.log) == 4 and writes_sent(plesk) == 0


# --- a write whose answer is lost ----------------------------------------------------------------

@pytest.mark.parametrize('kind', LOST)
def test_plesk_a_done_write_with_a_lost_answer(plesk, plesk_create, kind):
    plesk.set_fault(kind, count=1, when='after', on='writes', **({'slow_seconds': 3} if kind == 'slow' else {}))
    run = plesk_create(PLESK_TIMEOUT='1')
    assert run.result['changed'] is True and run.result.get('write_outcome') == 'done', run.output
    assert 'shows it was done' in run.text
    assert panel_account(plesk, 'example.com', 'fault') is not None
    assert writes_sent(plesk) == 1  # never resent


@pytest.mark.parametrize('kind', LOST)
def test_brainycp_a_done_write_with_a_lost_answer(brainy, brainy_create, kind):
    brainy.set_fault(kind, count=1, when='after', on='writes', **({'slow_seconds': 3} if kind == 'slow' else {}))
    run = brainy_create(BRAINYCP_TIMEOUT='1')
    assert run.result['changed'] is True and run.result.get('write_outcome') == 'done', run.output
    assert brainy_box(brainy, 'fault@example.com') is not None
    assert writes_sent(brainy) == 1


@pytest.mark.parametrize('kind', NOT_DONE)
def test_plesk_a_write_not_done_is_said_and_not_resent(plesk, plesk_create, kind):
    plesk.set_fault(kind, count=1, when='before', on='writes')
    run = plesk_create(fails=True)
    assert run.result['failed'] is True and run.result['error']['write_outcome'] == 'not_done'
    assert panel_account(plesk, 'example.com', 'fault') is None
    assert writes_sent(plesk) == 1
    assert plesk_create().result['changed'] is True  # the rerun finishes the job
    assert panel_account(plesk, 'example.com', 'fault') is not None


@pytest.mark.parametrize('kind', NOT_DONE)
def test_brainycp_a_write_not_done_is_said_and_not_resent(brainy, brainy_create, kind):
    brainy.set_fault(kind, count=1, when='before', on='writes')
    run = brainy_create(fails=True)
    assert run.result['failed'] is True and run.result['error']['write_outcome'] == 'not_done'
    assert brainy_box(brainy, 'fault@example.com') is None
    assert writes_sent(brainy) == 1
    assert brainy_create().result['changed'] is True


def test_a_bulk_run_interrupted_part_way_finishes_on_rerun(plesk, run_module):
    accounts = [dict(name='bulk%02d' % number, password='Bulk-Secret-1') for number in range(6)]
    plesk.set_fault('reset', count=1, when='before', on='writes')
    first = run_module('plesk_mail_accounts', dict(domain='example.com', accounts=accounts, batch_size=2), plesk_env(plesk),
                       fails=True)
    outcome = {entry['address']: entry['action'] for entry in first.result['accounts']}
    assert first.result['failed'] is True and first.result['changed'] is True
    assert list(outcome.values()) == ['not_done', 'not_done', 'created', 'created', 'created', 'created']
    second = run_module('plesk_mail_accounts', dict(domain='example.com', accounts=accounts, batch_size=2), plesk_env(plesk))
    assert second.result['counts']['created'] == 2 and second.result['counts']['unchanged'] == 4
    assert all(panel_account(plesk, 'example.com', 'bulk%02d' % number) for number in range(6))


# --- hostile and broken answers ------------------------------------------------------------------

@pytest.mark.parametrize('kind', ['malicious_xml', 'billion_laughs'])
def test_hostile_xml_is_refused(plesk, plesk_create, kind):
    plesk.set_fault(kind, on='reads')
    run = plesk_create(fails=True)
    assert run.result['failed'] is True
    # Refused either by our DOCTYPE rule or, for the entity bomb, already by libxml2's amplification guard.
    assert 'DOCTYPE' in run.result['msg'] or 'entity amplification' in run.result['msg']
    assert 'root:' not in run.output and 'lollollol' not in run.output
    assert writes_sent(plesk) == 0


def test_huge_garbage_is_refused_without_running_out_of_memory(plesk, plesk_create):
    plesk.set_fault('huge_garbage', on='reads')
    run = plesk_create(fails=True)
    assert run.result['failed'] is True
    assert 'larger than' in run.result['msg']


@pytest.mark.parametrize('kind, words', [('html_login', 'not well-formed XML'), ('empty', 'not well-formed XML')])
def test_a_login_page_or_nothing_instead_of_the_plesk_api(plesk, plesk_create, kind, words):
    plesk.set_fault(kind, on='reads')
    run = plesk_create(fails=True)
    assert run.result['failed'] is True and words in run.result['msg']


@pytest.mark.parametrize('kind, words', [('html_login', 'did not answer JSON'), ('empty', 'empty body')])
def test_a_login_page_or_nothing_instead_of_the_brainycp_api(brainy, brainy_create, kind, words):
    brainy.set_fault(kind, on='reads')
    run = brainy_create(fails=True)
    assert run.result['failed'] is True and words in run.result['msg']


def test_brainycp_huge_garbage_is_refused(brainy, brainy_create):
    brainy.set_fault('huge_garbage', on='reads')
    run = brainy_create(fails=True)
    assert run.result['failed'] is True and 'larger than' in run.result['msg']
    assert writes_sent(brainy) == 0


def test_a_brainycp_bulk_run_interrupted_part_way_finishes_on_rerun(brainy, run_module):
    mailboxes = [dict(address='bulk%02d@example.com' % number, password='Bulk-Secret-1') for number in range(4)]
    brainy.set_fault('reset', count=1, when='before', on='writes')
    first = run_module('brainy_mailboxes', dict(mailboxes=mailboxes), brainy_env(brainy), fails=True)
    assert first.result['failed'] is True and first.result['changed'] is True
    assert [entry['action'] for entry in first.result['mailboxes']] == ['not_done', 'created', 'created', 'created']
    second = run_module('brainy_mailboxes', dict(mailboxes=mailboxes), brainy_env(brainy))
    assert second.result['counts']['created'] == 1 and second.result['counts']['unchanged'] == 3
    assert all(brainy_box(brainy, entry['address']) for entry in mailboxes)
