# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Input crafted to smuggle a second value or to pass for another name, against the simulators.

A forward target is one address: a comma would make BrainyCP read two targets, and a pipe or slash can
make one a program or a file. A look-alike domain (a fullwidth letter) names the domain it looks like,
as IDNA 2008 with UTS 46 maps it, and results show that name.
"""

from __future__ import annotations

import pytest

from ansible_collections.hosting.mail.plugins.modules import brainy_forward, brainy_mailbox, plesk_mail
from ansible_collections.hosting.mail.tests.simulators.brainycp.server import BrainySimulator
from ansible_collections.hosting.mail.tests.simulators.plesk.server import PleskSimulator
from ansible_collections.hosting.mail.tests.unit.utils import module_failure, module_success

PLESK_PASSWORD = 'Adm1n&<secret> "pässword"'
BRAINY_PASSWORD = 'Br&in-admin-1'
PLESK_SEED = {'webspaces': [{'id': 1, 'name': 'example.com', 'mail': [
    {'name': 'info', 'password': 'info-Secret-1', 'mailbox': {'enabled': True, 'quota': -1}}]}]}
BRAINY_SEED = {'api_accounts': [{'login': 'admin', 'password': BRAINY_PASSWORD, 'full_api': True}],
               'users': [{'login': 'shop', 'domains': ['shop.example', 'a.example']}]}
LOOK_ALIKE = 'ex\uff41mple.com'  # "example.com" with a fullwidth a


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


def run_brainy(module, simulator, capsys, fails=False, **args):
    params = dict(brainycp_url=simulator.url, brainycp_username='admin', brainycp_password=BRAINY_PASSWORD, panel_user='shop', **args)
    return (module_failure if fails else module_success)(module, params, capsys, secrets=(BRAINY_PASSWORD,))


@pytest.mark.parametrize('target', ['x@a.example,|/usr/bin/evil.sh', 'x@a.example, y@a.example', '|/usr/bin/evil.sh@a.example',
                                    '/var/mail/x@a.example', 'x@a.example;y@a.example'])
def test_a_forward_target_is_one_address_and_nothing_else(brainy, capsys, target):
    result = run_brainy(brainy_forward, brainy, capsys, fails=True, source='sales@shop.example', targets=['ok@a.example', target])
    assert result['msg'] == 'targets must be one mail address such as info@example.com, not %r.' % target
    assert brainy.log == []  # refused before anything was sent


def test_a_look_alike_domain_names_the_domain_it_looks_like_on_plesk(plesk, capsys):
    params = dict(plesk_url=plesk.url, plesk_username='admin', plesk_password=PLESK_PASSWORD, name='info@' + LOOK_ALIKE,
                  description='Reached by its look-alike')
    result = module_success(plesk_mail, params, capsys, secrets=(PLESK_PASSWORD,))
    assert result['account']['address'] == 'info@example.com'
    stored = plesk.panel.to_dict()['webspaces'][0]['mail'][0]
    assert (stored['name'], stored['description']) == ('info', 'Reached by its look-alike')
    shown = dict(result, invocation=None)  # the invocation repeats the arguments as given
    assert LOOK_ALIKE not in repr(shown) and all(LOOK_ALIKE.encode('utf-8') not in entry.body for entry in plesk.log)


def test_a_look_alike_domain_names_the_domain_it_looks_like_on_brainycp(brainy, capsys):
    result = run_brainy(brainy_mailbox, brainy, capsys, address='new@sh\uff4fp.example', password='new-Secret-1')
    assert result['mailbox']['address'] == 'new@shop.example'
    assert [box['email'] for box in brainy.to_dict()['users'][0]['mailboxes']] == ['new@shop.example']
