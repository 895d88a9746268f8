# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""No password, secret key or panel password appears anywhere: every module at -vvvv, normal, check, diff, failure."""

from __future__ import annotations

import json

import pytest

from ansible_collections.hosting.mail.tests.integration.conftest import (
    BRAINY_PASSWORD,
    PLESK_PASSWORD,
    brainy_env,
    plesk_env,
)

MAIL_SECRET = 'Mäil&<secret>"1\''
USER_SECRET = 'Üser&<secret>"2'
WRONG = 'Wr0ng&<panel>"pw'

CASES = {
    'plesk_mail': dict(name='secret@example.com', password=MAIL_SECRET, update_password='always', quota='1G'),
    'plesk_mail_accounts': dict(domain='example.com', accounts=[dict(name='bulk', password=MAIL_SECRET,
                                                                     update_password='always')]),
    'plesk_mail_info': dict(domain='example.com'),
    'plesk_user': dict(login='secret.user', password=USER_SECRET, update_password='always', name='S', role='WebMaster'),
    'plesk_user_info': {},
    'brainy_mailbox': dict(address='secret@example.com', password=MAIL_SECRET),
    'brainy_mailboxes': dict(mailboxes=[dict(address='bulk@example.com', password=MAIL_SECRET)]),
    'brainy_forward': dict(source='info@example.com', targets=['x@example.net']),
    'brainy_forwards': dict(forwards=[dict(source='info@example.com', targets=['x@example.net'])]),
    'brainy_dns_auth': dict(domain='example.com', spf='enabled'),
    'brainy_mailbox_info': {},
}


@pytest.mark.parametrize('mode', ['normal', 'check', 'diff', 'failure'])
@pytest.mark.parametrize('module', sorted(CASES))
def test_no_secret_in_any_output(plesk, brainy, run_module, module, mode):
    if module.startswith('plesk'):
        env = plesk_env(plesk, PLESK_API_VERSION='1.6.9.0', PLESK_SECRET_KEY='')
        if mode == 'failure':
            env['PLESK_PASSWORD'] = WRONG
    else:
        env = brainy_env(brainy)
        if mode == 'failure':
            env['BRAINYCP_PASSWORD'] = WRONG
    run = run_module(module, CASES[module], env, check=mode == 'check', diff=mode == 'diff', verbosity=4,
                     fails=mode == 'failure')
    everything = run.output + json.dumps(run.result, ensure_ascii=False)
    for secret in (MAIL_SECRET, USER_SECRET, PLESK_PASSWORD, BRAINY_PASSWORD, WRONG):
        assert secret not in everything, '%s leaked in %s/%s' % (secret, module, mode)
    assert run.result.get('failed', False) is (mode == 'failure'), run.output[-2000:]
    assert 'ESTABLISH LOCAL CONNECTION' in run.output  # -vvvv really was on


def test_no_secret_key_in_any_output(plesk, run_module):
    key = plesk.panel.secret_keys[0]
    for check in (False, True):
        run = run_module('plesk_mail', CASES['plesk_mail'], plesk_env(plesk, PLESK_SECRET_KEY=key, PLESK_PASSWORD=''),
                         check=check, diff=True, verbosity=4)
        assert run.result.get('failed', False) is False, run.output[-2000:]
        assert key not in run.output + json.dumps(run.result) and MAIL_SECRET not in run.output
