# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""One quota language on both panels, checked against the simulators' stored state.

``unlimited`` means no limit on both (Plesk stores -1 bytes, BrainyCP 0 MB); a quota of 0 is refused
before anything is sent, because the panels read it in opposite ways; results and diffs show the size
as a person reads it (``quota_readable``) beside the panel's own figure.
"""

from __future__ import annotations

import pytest

from ansible_collections.hosting.mail.plugins.modules import (
    brainy_mailbox,
    brainy_mailbox_info,
    brainy_mailboxes,
    plesk_mail,
    plesk_mail_accounts,
    plesk_mail_info,
)
from ansible_collections.hosting.mail.tests.simulators.brainycp.server import BrainySimulator
from ansible_collections.hosting.mail.tests.simulators.plesk.server import PleskSimulator
from ansible_collections.hosting.mail.tests.unit.utils import module_failure, module_success

PLESK_PASSWORD = 'Adm1n&<secret> "pässword"'
BRAINY_PASSWORD = 'Br&in-admin-1'
PLESK_SEED = {'webspaces': [{'id': 1, 'name': 'example.com', 'mail': [
    {'name': 'info', 'password': 'info-Secret-1', 'mailbox': {'enabled': True, 'quota': 1073741824}}]}]}
BRAINY_SEED = {'api_accounts': [{'login': 'admin', 'password': BRAINY_PASSWORD, 'full_api': True}],
               'users': [{'login': 'shop', 'domains': ['shop.example'],
                          'mailboxes': [{'email': 'info@shop.example', 'password': 'box-Secret-1', 'quota': 1024}]}]}


@pytest.fixture(scope='module')
def plesk_server():
    with PleskSimulator(seed=PLESK_SEED, login='admin', password=PLESK_PASSWORD) as simulator:
        yield simulator


@pytest.fixture(scope='module')
def brainy_server():
    with BrainySimulator(seed=BRAINY_SEED) as simulator:
        yield simulator


@pytest.fixture
def plesk(plesk_server):
    plesk_server.reset()
    return plesk_server


@pytest.fixture
def brainy(brainy_server):
    brainy_server.reset()
    return brainy_server


def run_plesk(module, simulator, capsys, fails=False, **args):
    params = dict(plesk_url=simulator.url, plesk_username='admin', plesk_password=PLESK_PASSWORD, _ansible_diff=True, **args)
    return (module_failure if fails else module_success)(module, params, capsys, secrets=(PLESK_PASSWORD,))


def run_brainy(module, simulator, capsys, fails=False, **args):
    params = dict(brainycp_url=simulator.url, brainycp_username='admin', brainycp_password=BRAINY_PASSWORD, panel_user='shop',
                  _ansible_diff=True, **args)
    return (module_failure if fails else module_success)(module, params, capsys, secrets=(BRAINY_PASSWORD,))


def plesk_quota(simulator, local):
    accounts = simulator.panel.to_dict()['webspaces'][0]['mail']
    return next(account['mailbox']['quota'] for account in accounts if account['name'] == local)


def brainy_quota(simulator, address):
    mailboxes = simulator.to_dict()['users'][0]['mailboxes']
    return next((mailbox['quota'] for mailbox in mailboxes if mailbox['email'] == address), None)


ZERO = "is ambiguous: 0 means no limit on BrainyCP but an empty mailbox on Plesk. Write 'unlimited'"


@pytest.mark.parametrize('zero', ['0', '0M', 0])
def test_zero_is_refused_on_plesk_before_any_request(plesk, capsys, zero):
    result = run_plesk(plesk_mail, plesk, capsys, fails=True, name='new@example.com', password='new-Secret-1', quota=zero)
    assert ZERO in result['msg'] and plesk.log == []
    result = run_plesk(plesk_mail_accounts, plesk, capsys, fails=True, domain='example.com',
                       accounts=[dict(name='info', quota=zero)])
    assert ZERO in result['msg'] and plesk.log == []


@pytest.mark.parametrize('zero', ['0', '0G', 0])
def test_zero_is_refused_on_brainycp_before_any_request(brainy, capsys, zero):
    result = run_brainy(brainy_mailbox, brainy, capsys, fails=True, address='new@shop.example', password='x-Secret-1', quota=zero)
    assert ZERO in result['msg'] and brainy.log == []
    result = run_brainy(brainy_mailboxes, brainy, capsys, fails=True,
                        mailboxes=[dict(address='new@shop.example', password='x-Secret-1', quota=zero)])
    assert ZERO in result['msg'] and brainy.log == []


def test_unlimited_means_no_limit_on_plesk_and_reads_so(plesk, capsys):
    result = run_plesk(plesk_mail, plesk, capsys, name='info@example.com', quota='unlimited')
    assert plesk_quota(plesk, 'info') == -1
    assert (result['account']['quota'], result['account']['quota_readable']) == (-1, 'unlimited')
    assert (result['diff']['before']['quota_readable'], result['diff']['after']['quota_readable']) == ('1G', 'unlimited')
    listed = run_plesk(plesk_mail_info, plesk, capsys, domain='example.com')['accounts'][0]
    assert (listed['quota'], listed['quota_readable']) == (-1, 'unlimited')


def test_unlimited_means_no_limit_on_brainycp_and_reads_so(brainy, capsys):
    result = run_brainy(brainy_mailbox, brainy, capsys, address='new@shop.example', password='x-Secret-1', quota='unlimited')
    assert brainy_quota(brainy, 'new@shop.example') == 0  # BrainyCP's own "no limit"
    assert result['mailbox'] == {'address': 'new@shop.example', 'quota_mb': 0, 'quota_readable': 'unlimited'}
    assert result['diff']['after']['quota_readable'] == 'unlimited'
    listed = {box['address']: box for box in run_brainy(brainy_mailbox_info, brainy, capsys)['mailboxes']}
    assert listed['info@shop.example']['quota_readable'] == '1G' and listed['new@shop.example']['quota_readable'] == 'unlimited'


def test_a_size_means_the_same_on_both_panels(plesk, brainy, capsys):
    run_plesk(plesk_mail, plesk, capsys, name='big@example.com', password='big-Secret-1', quota='2G')
    run_brainy(brainy_mailbox, brainy, capsys, address='big@shop.example', password='big-Secret-1', quota='2G')
    assert plesk_quota(plesk, 'big') == 2 * 1024 ** 3 and brainy_quota(brainy, 'big@shop.example') == 2048


def test_quota_drift_on_brainycp_is_told_in_readable_sizes(brainy, capsys):
    result = run_brainy(brainy_mailbox, brainy, capsys, address='info@shop.example', quota='unlimited')
    assert 'has a quota of 1G on the panel, not unlimited' in ' '.join(result['recorded_warnings'])
    assert brainy_quota(brainy, 'info@shop.example') == 1024
