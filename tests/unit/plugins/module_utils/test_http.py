# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The HTTP core against real HTTP(S) servers on 127.0.0.1: TLS, keep-alive, retries, timeouts, errors."""

from __future__ import annotations

import base64
import time

import pytest

from ansible_collections.hosting.mail.plugins.module_utils._errors import (
    AuthenticationError,
    CertificateError,
    HttpStatusError,
    OptionError,
    TransportError,
)
from ansible_collections.hosting.mail.plugins.module_utils._http import HttpClient, RetryPolicy
from ansible_collections.hosting.mail.tests.support.scripted_server import (
    Delay,
    Reset,
    Respond,
    Truncate,
    closed_port,
)

PATH = '/enterprise/control/agent.php'
FAST = RetryPolicy(attempts=4, backoff=0.5, max_delay=4.0, max_total_wait=10.0)


def client_for(server, sleeps=None, **kwargs):
    kwargs.setdefault('retry', FAST)
    if sleeps is not None:
        kwargs['sleep'] = sleeps
    return HttpClient(server.url, **kwargs)


# --- certificates -------------------------------------------------------------------------------

def test_certificates_are_checked_by_default(https_server):
    client = HttpClient(https_server.url)
    with pytest.raises(CertificateError) as caught:
        client.post(PATH, b'<packet/>')
    message = caught.value.message
    assert https_server.url + PATH in message
    assert 'ca_path' in message and 'validate_certs' in message
    assert https_server.requests == []
    assert caught.value.request_sent is False


def test_self_signed_certificate_is_named_and_refused(self_signed_server):
    with pytest.raises(CertificateError) as caught:
        HttpClient(self_signed_server.url).post(PATH, b'x')
    assert 'self-signed certificate' in caught.value.message
    assert 'ca_path' in caught.value.message


def test_ca_path_makes_a_private_ca_trusted(https_server, ca_signed, monkeypatch):
    # requests lets REQUESTS_CA_BUNDLE override a session-wide CA; ca_path must win over it.
    monkeypatch.setenv('REQUESTS_CA_BUNDLE', ca_signed.server_cert)
    https_server.script = [Respond(200, b'<packet/>')]
    client = HttpClient(https_server.url, ca_path=ca_signed.ca_cert)
    response = client.post(PATH, b'<packet/>')
    assert (response.status, response.body) == (200, b'<packet/>')
    assert client.warnings == []


def test_ca_path_trusts_a_self_signed_certificate(self_signed_server, self_signed):
    self_signed_server.script = [Respond()]
    assert HttpClient(self_signed_server.url, ca_path=self_signed.ca_cert).post(PATH, b'x').status == 200


def test_ca_path_does_not_trust_another_ca(self_signed_server, ca_signed):
    with pytest.raises(CertificateError):
        HttpClient(self_signed_server.url, ca_path=ca_signed.ca_cert).post(PATH, b'x')


def test_validate_certs_false_connects_and_warns(self_signed_server):
    self_signed_server.script = [Respond()]
    client = HttpClient(self_signed_server.url, validate_certs=False)
    assert client.post(PATH, b'x').status == 200
    assert len(client.warnings) == 1
    assert 'validate_certs=false' in client.warnings[0]


def test_missing_ca_file_is_an_option_error(https_server, tmp_path):
    with pytest.raises(OptionError, match='ca_path'):
        HttpClient(https_server.url, ca_path=str(tmp_path / 'nope.pem'))


def test_plain_http_works_and_warns(http_server):
    http_server.script = [Respond()]
    client = HttpClient(http_server.url)
    assert client.post(PATH, b'x').status == 200
    assert len(client.warnings) == 1
    assert 'plain HTTP' in client.warnings[0]


@pytest.mark.parametrize('url', ['', 'panel.example.com:8443', 'ftp://panel.example.com', 'https://', 'https://h:99999'])
def test_unusable_urls_are_refused_up_front(url):
    with pytest.raises(OptionError):
        HttpClient(url)


@pytest.mark.parametrize('timeout', [0, -1, None])
def test_timeout_must_be_positive(timeout):
    with pytest.raises(OptionError, match='timeout'):
        HttpClient('https://panel.example.com:8443', timeout=timeout)


# --- keep-alive --------------------------------------------------------------------------------

def test_requests_of_one_run_share_one_connection(https_server, ca_signed):
    https_server.script = [Respond()] * 5
    with HttpClient(https_server.url, ca_path=ca_signed.ca_cert) as client:
        for number in range(5):
            client.post(PATH, b'request %d' % number)
    assert [request.body for request in https_server.requests] == [b'request %d' % n for n in range(5)]
    assert https_server.connections == 1


def test_request_carries_body_headers_and_basic_auth(http_server):
    http_server.script = [Respond()]
    client = HttpClient(http_server.url, basic_auth=('web', 'htpass'), headers={'HTTP_AUTH_LOGIN': 'admin'})
    client.post('/api/api.php', b'a=1', headers={'Content-Type': 'application/x-www-form-urlencoded'})
    request = http_server.requests[0]
    assert request.path == '/api/api.php'
    assert request.body == b'a=1'
    assert request.headers['Content-Type'] == 'application/x-www-form-urlencoded'
    assert request.headers['HTTP_AUTH_LOGIN'] == 'admin'
    assert request.headers['Authorization'] == 'Basic d2ViOmh0cGFzcw=='


def test_basic_auth_credentials_are_sent_as_utf8(http_server):
    http_server.script = [Respond()]
    HttpClient(http_server.url, basic_auth=('wëb', 'pässwörd')).post('/x', b'')
    assert http_server.requests[0].headers['Authorization'] == 'Basic ' + base64.b64encode(
        'wëb:pässwörd'.encode('utf-8')).decode('ascii')


# --- retries -------------------------------------------------------------------------------------

@pytest.mark.parametrize('status', [502, 503, 504])
def test_reads_are_retried_on_gateway_errors(http_server, sleeps, status):
    http_server.script = [Respond(status), Respond(status), Respond(200, b'done')]
    response = client_for(http_server, sleeps).post(PATH, b'read', safe_to_repeat=True)
    assert response.body == b'done'
    assert len(http_server.requests) == 3
    assert sleeps.calls == [0.5, 1.0]


@pytest.mark.parametrize('status', [502, 503, 504])
def test_writes_are_not_retried_on_gateway_errors(http_server, sleeps, status):
    http_server.script = [Respond(status, b'gateway trouble')]
    with pytest.raises(HttpStatusError) as caught:
        client_for(http_server, sleeps).post(PATH, b'write')
    assert caught.value.status == status
    assert 'HTTP %d' % status in caught.value.message
    assert http_server.url + PATH in caught.value.message
    assert len(http_server.requests) == 1
    assert sleeps.calls == []


def test_retries_stop_at_the_attempt_bound(http_server, sleeps):
    http_server.script = [Respond(502)] * 4
    with pytest.raises(HttpStatusError) as caught:
        client_for(http_server, sleeps).post(PATH, b'read', safe_to_repeat=True)
    assert len(http_server.requests) == 4
    assert sleeps.calls == [0.5, 1.0, 2.0]
    assert 'gave up after 4 attempts' in caught.value.message


def test_total_wait_is_bounded(http_server, sleeps):
    http_server.script = [Respond(503)] * 3
    policy = RetryPolicy(attempts=20, backoff=1.0, max_delay=4.0, max_total_wait=5.0)
    with pytest.raises(HttpStatusError):
        client_for(http_server, sleeps, retry=policy).post(PATH, b'read', safe_to_repeat=True)
    # 1 + 2 = 3 s slept; the next 4 s would pass the 5 s bound, so the client stops there.
    assert sleeps.calls == [1.0, 2.0]
    assert len(http_server.requests) == 3


def test_retry_after_is_honoured_within_the_cap(http_server, sleeps):
    http_server.script = [Respond(503, headers={'Retry-After': '1'}), Respond(503, headers={'Retry-After': '3600'}),
                          Respond(200)]
    client_for(http_server, sleeps).post(PATH, b'read', safe_to_repeat=True)
    assert sleeps.calls == [1.0, 4.0]


def test_refused_connections_are_retried_even_for_writes(sleeps):
    url = 'http://127.0.0.1:%d' % closed_port()
    with pytest.raises(TransportError) as caught:
        HttpClient(url, retry=FAST, sleep=sleeps).post(PATH, b'write')
    error = caught.value
    assert error.request_sent is False
    assert error.attempts == 4
    assert sleeps.calls == [0.5, 1.0, 2.0]
    assert 'Connection refused' in error.message
    assert url + PATH in error.message
    assert 'gave up after 4 attempts' in error.message


def test_a_reset_write_is_not_repeated(http_server, sleeps):
    http_server.script = [Reset()]
    with pytest.raises(TransportError) as caught:
        client_for(http_server, sleeps).post(PATH, b'write')
    assert caught.value.request_sent is True
    assert len(http_server.requests) == 1
    assert sleeps.calls == []


def test_a_reset_read_is_repeated(http_server, sleeps):
    http_server.script = [Reset(), Respond(200, b'second time')]
    assert client_for(http_server, sleeps).post(PATH, b'read', safe_to_repeat=True).body == b'second time'
    assert len(http_server.requests) == 2


def test_a_cut_answer_is_a_transport_error(http_server, sleeps):
    http_server.script = [Truncate()]
    with pytest.raises(TransportError) as caught:
        client_for(http_server, sleeps).post(PATH, b'write')
    assert 'cut off' in caught.value.message
    assert caught.value.request_sent is True
    assert len(http_server.requests) == 1


# --- timeouts ------------------------------------------------------------------------------------

def test_a_slow_write_times_out_once(http_server, sleeps):
    http_server.script = [Delay(3)]
    client = client_for(http_server, sleeps, timeout=0.3)
    started = time.monotonic()
    with pytest.raises(TransportError) as caught:
        client.post(PATH, b'write')
    assert time.monotonic() - started < 2
    assert 'within 0.3 seconds' in caught.value.message
    assert 'timeout option' in caught.value.message
    assert caught.value.request_sent is True
    assert len(http_server.requests) == 1


def test_a_slow_read_is_retried_within_the_bound(http_server, sleeps):
    http_server.script = [Delay(3), Delay(3)]
    policy = RetryPolicy(attempts=2, backoff=0.1)
    with pytest.raises(TransportError) as caught:
        client_for(http_server, sleeps, timeout=0.3, retry=policy).post(PATH, b'read', safe_to_repeat=True)
    assert len(http_server.requests) == 2
    assert 'gave up after 2 attempts' in caught.value.message


# --- status codes --------------------------------------------------------------------------------

@pytest.mark.parametrize('status, words', [(401, 'HTTP authentication'), (403, 'IP address')])
def test_401_and_403_are_authentication_errors(http_server, status, words):
    http_server.script = [Respond(status)]
    with pytest.raises(AuthenticationError) as caught:
        HttpClient(http_server.url).post(PATH, b'x')
    assert caught.value.status == status
    assert words in caught.value.message
    assert 'HTTP %d' % status in caught.value.message


def test_accepted_statuses_are_returned_to_the_caller(http_server):
    http_server.script = [Respond(401, b'htpasswd')]
    assert HttpClient(http_server.url).post(PATH, b'x', accept_statuses=(401,)).status == 401


def test_server_error_names_url_status_and_body(http_server):
    http_server.script = [Respond(500, b'<html>\n  Internal   trouble </html>')]
    with pytest.raises(HttpStatusError) as caught:
        HttpClient(http_server.url).post(PATH, b'x')
    message = caught.value.message
    assert message.startswith(http_server.url + PATH + ' answered HTTP 500')
    # An HTML error page shows its words, not its markup.
    assert message.endswith(': Internal trouble') and '<' not in message


@pytest.mark.parametrize('before', [190, 197, 199])
def test_a_secret_cut_by_the_excerpt_leaves_no_part_shown(http_server, before):
    secret = 'Cut-Secret  with spaces'  # two spaces: the excerpt folds whitespace, so it must mask first
    http_server.script = [Respond(500, b'x' * before + secret.encode() + b' tail')]
    with pytest.raises(HttpStatusError) as caught:
        HttpClient(http_server.url, secrets=[secret]).post(PATH, b'x')
    message = caught.value.message
    assert 'Cut' not in message and 'with' not in message and '*' in message


def test_redirect_names_the_target(http_server):
    http_server.script = [Respond(301, headers={'Location': 'https://panel.example.com:8443/'})]
    with pytest.raises(HttpStatusError) as caught:
        HttpClient(http_server.url).post(PATH, b'x')
    assert 'https://panel.example.com:8443/' in caught.value.message
    assert len(http_server.requests) == 1


def test_an_oversized_answer_is_refused(http_server):
    http_server.script = [Respond(200, b'x' * 5000)]
    with pytest.raises(TransportError, match='larger than 1000 bytes'):
        HttpClient(http_server.url, max_response_bytes=1000).post(PATH, b'x')


def test_debug_lines_describe_each_attempt(http_server, sleeps):
    lines = []
    http_server.script = [Respond(503), Respond(200)]
    client_for(http_server, sleeps, debug=lines.append).post(PATH, b'read', safe_to_repeat=True)
    assert len(lines) == 3
    assert 'attempt 1 of 4 failed (HTTP 503); retrying in 0.5 s' in lines[1]
    assert lines[2].startswith('POST %s%s: HTTP 200' % (http_server.url, PATH))
