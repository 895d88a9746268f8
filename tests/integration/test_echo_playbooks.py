# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A server that echoes each request (a proxy, a debug page, a misconfigured panel) never gets a secret shown.

The simulators' echo faults answer with the request itself, its headers (Authorization included) and its body, on
HTTP 200, 403 and 500, and as a JSON object on HTTP 200. Every module runs against that at -vvvv, for its reads and for its writes; its whole
output, Ansible's log file and the registered result are searched for every form a secret takes on the wire,
computed here independently of the collection's redaction.
"""

from __future__ import annotations

import base64
import html
import json
import re
from urllib.parse import quote, quote_plus

import pytest

from ansible_collections.hosting.mail.tests.integration.conftest import PLESK_PASSWORD, brainy_env, plesk_env
from ansible_collections.hosting.mail.tests.integration.test_secrets_playbooks import CASES, MAIL_SECRET, USER_SECRET

BASIC_USER, BASIC_PASSWORD = 'webuser', 'Bäsic&<pw>/2"'  # 'webuser:' is 8 bytes: the password sits off the base64 groups
BRAINY_API_PASSWORD = 'Br&in/PW+1 ü'  # the password of the report: each of its characters has its own URL form
WRITERS = ('plesk_mail', 'plesk_mail_accounts', 'plesk_user', 'brainy_mailbox', 'brainy_mailboxes', 'brainy_forward', 'brainy_forwards',
           'brainy_dns_auth')


def wire_forms(secret):
    """Every form of ``secret`` on the wire or in an echo of it."""
    raw = secret.encode('utf-8')
    forms = {secret, html.escape(secret), html.escape(secret, quote=False),
             ''.join('&#%d;' % ord(char) if char in '&<>"\'' else char for char in secret),
             json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1],
             json.dumps(secret)[1:-1].replace('/', '\\/')}
    for url_form in (quote(secret, safe=''), quote_plus(secret)):
        forms.update((url_form, re.sub('%[0-9A-F]{2}', lambda match: match.group(0).lower(), url_form)))
    for encoded in (base64.b64encode(raw), base64.urlsafe_b64encode(raw)):
        forms.update((encoded.decode('ascii'), encoded.decode('ascii').rstrip('=')))
    return forms


SECRETS = (PLESK_PASSWORD, BRAINY_API_PASSWORD, MAIL_SECRET, USER_SECRET, BASIC_PASSWORD, '%s:%s' % (BASIC_USER, BASIC_PASSWORD))


# Every module with the echo on all its requests; the writers again with the reads answered honestly.
ECHOES = [(module, kind, 'all') for module in sorted(CASES) for kind in ('echo_200', 'echo_403', 'echo_500', 'echo_json')]
ECHOES += [(module, kind, 'writes') for module in WRITERS for kind in ('echo_200', 'echo_500', 'echo_json')]


@pytest.mark.parametrize('module, kind, on', ECHOES)
def test_an_echoing_server_never_gets_a_secret_shown(plesk, brainy, run_module, tmp_path, module, kind, on):
    log_file = tmp_path / 'ansible.log'
    if module.startswith('plesk'):
        simulator, env = plesk, plesk_env(plesk, PLESK_API_VERSION='1.6.9.0', PLESK_SECRET_KEY='')
    else:
        brainy.state.find_account('admin').password = BRAINY_API_PASSWORD
        brainy.http_basic = (BASIC_USER, BASIC_PASSWORD)
        simulator, env = brainy, brainy_env(brainy, BRAINYCP_PASSWORD=BRAINY_API_PASSWORD, BRAINYCP_HTTP_USER=BASIC_USER, BRAINYCP_HTTP_PASSWORD=BASIC_PASSWORD)
    simulator.set_fault(kind, on=on)
    env['ANSIBLE_LOG_PATH'] = str(log_file)
    run = run_module(module, CASES[module], env, verbosity=4, fails=None)
    assert any(entry.fault == kind for entry in simulator.log), 'no request got the echo'
    everything = run.output + log_file.read_text(encoding='utf-8') + json.dumps(run.result, ensure_ascii=False)
    for secret in SECRETS:
        for form in wire_forms(secret):
            assert form not in everything, '%r (a form of a secret) shown by %s with %s on %s' % (form, module, kind, on)
    assert 'ESTABLISH LOCAL CONNECTION' in run.output  # -vvvv really was on
