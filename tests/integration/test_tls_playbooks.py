# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Certificate checks from a playbook: on by default, a panel CA via ca_path, plain HTTP works but warns.

(The HTTP core's unit tests cover a self-signed certificate by name; here the panels use a private CA.)
"""

from __future__ import annotations

from ansible_collections.hosting.mail.tests.integration.conftest import PLESK_SEED, brainy_env, plesk_env
from ansible_collections.hosting.mail.tests.simulators.brainycp.server import BrainySimulator
from ansible_collections.hosting.mail.tests.simulators.plesk.server import PleskSimulator


def test_plesk_certificate_checks(plesk, run_module):
    refused = run_module('plesk_mail_info', dict(domain='example.com'), plesk_env(plesk, PLESK_CA_PATH=''), fails=True)
    assert refused.result['failed'] is True
    assert 'TLS certificate of %s/enterprise/control/agent.php could not be verified' % plesk.url in refused.result['msg']
    assert 'ca_path' in refused.result['msg'] and 'validate_certs' in refused.result['msg']
    assert plesk.log == []  # nothing was sent
    trusted = run_module('plesk_mail_info', dict(domain='example.com'), plesk_env(plesk))
    assert trusted.result['failed'] is False and 'plain HTTP' not in trusted.text
    unchecked = run_module('plesk_mail_info', dict(domain='example.com'),
                           plesk_env(plesk, PLESK_CA_PATH='', PLESK_VALIDATE_CERTS='false'))
    assert unchecked.result['failed'] is False
    assert 'Certificate checks are off' in unchecked.text


def test_plain_http_works_but_warns(run_module):
    with PleskSimulator(seed=PLESK_SEED, tls=False, login='admin', password='plain-Http-1') as simulator:
        run = run_module('plesk_mail_info', dict(domain='example.com'),
                         dict(PLESK_URL=simulator.url, PLESK_USERNAME='admin', PLESK_PASSWORD='plain-Http-1'))
    assert run.result['failed'] is False, run.output
    assert 'uses plain HTTP: the credentials and all data cross the network unencrypted' in run.text


def test_brainycp_certificate_checks(brainy, run_module):
    refused = run_module('brainy_mailbox_info', {}, brainy_env(brainy, BRAINYCP_CA_PATH=''), fails=True)
    assert refused.result['failed'] is True and 'could not be verified' in refused.result['msg']
    with BrainySimulator(tls=False) as simulator:
        plain = run_module('brainy_mailbox_info', {}, brainy_env(simulator, BRAINYCP_CA_PATH=''))
    assert plain.result['failed'] is False and 'plain HTTP' in plain.text
