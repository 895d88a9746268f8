# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Certificate checks from a playbook: on by default, a panel CA via ca_path, plain HTTP works but warns.

(The HTTP core's unit tests cover a self-signed certificate by name; here the panels use a private CA.)
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from ansible_collections.hosting.mail.tests.integration.conftest import PLESK_SEED, brainy_env, plesk_env
from ansible_collections.hosting.mail.tests.simulators.brainycp.server import BrainySimulator
from ansible_collections.hosting.mail.tests.simulators.plesk.server import PleskSimulator
from ansible_collections.hosting.mail.tests.support.tls import make_ca_signed


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


# --- messages that name the cause (issue 15, item 3) ----------------------------------------------

def test_a_wrong_ca_in_ca_path_is_named(plesk, run_module, tmp_path):
    other = make_ca_signed(str(tmp_path))
    run = run_module('plesk_mail_info', dict(domain='example.com'), plesk_env(plesk, PLESK_CA_PATH=other.ca_cert), fails=True)
    assert ('is not signed by the CA in ca_path %s (unable to get local issuer certificate)' % other.ca_cert
            in run.result['msg']), run.result['msg']
    assert plesk.log == []


def test_plain_http_to_the_https_port_says_use_https(plesk, run_module):
    started = time.monotonic()
    run = run_module('plesk_mail_info', dict(domain='example.com'),
                     plesk_env(plesk, PLESK_URL=plesk.url.replace('https://', 'http://')), fails=True)
    assert 'is an HTTPS port. Use https:// in plesk_url: %s.' % plesk.url in run.result['msg'], run.result['msg']
    assert run.result['error']['attempts'] == 1 and 'gave up after' not in run.result['msg']
    assert time.monotonic() - started < 30  # no retry sleeps (the run itself takes a few seconds)


class _NotFound(BaseHTTPRequestHandler):
    """An nginx that is not Plesk: 404 with an HTML page for every request."""

    def do_POST(self):  # pylint: disable=invalid-name
        self.rfile.read(int(self.headers.get('Content-Length') or 0))
        body = (b'<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1>'
                b'</center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n')
        self.send_response(404)
        self.send_header('Content-Type', 'text/html')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        pass


def test_a_url_that_is_not_plesk_says_so_without_html(run_module):
    server = ThreadingHTTPServer(('127.0.0.1', 0), _NotFound)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = 'http://127.0.0.1:%d' % server.server_address[1]
    try:
        run = run_module('plesk_mail_info', dict(domain='example.com'),
                         dict(PLESK_URL=url, PLESK_USERNAME='admin', PLESK_PASSWORD='x-Password-1'), fails=True)
    finally:
        server.shutdown()
        server.server_close()
    assert run.result['msg'].startswith(
        'plesk_url %s does not answer as the Plesk XML API (HTTP 404 from %s/enterprise/control/agent.php; expected '
        '.../enterprise/control/agent.php)' % (url, url)), run.result['msg']
    assert '<' not in run.result['msg'] and run.result['error']['http_status'] == 404


def test_a_missing_url_names_the_environment_variable(run_module):
    run = run_module('plesk_mail_info', dict(domain='example.com'), dict(PLESK_USERNAME='admin', PLESK_PASSWORD='x'),
                     fails=True)
    assert run.result['msg'].startswith('No Plesk URL was given: set the plesk_url option or the PLESK_URL environment '
                                        'variable'), run.result['msg']
