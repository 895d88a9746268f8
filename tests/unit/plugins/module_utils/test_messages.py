# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Messages that name the cause (issue 15, item 3): each mistake a newcomer makes gets its own advice."""

from __future__ import annotations

import json

import pytest
from requests import exceptions as requests_errors

from ansible_collections.hosting.mail.plugins.module_utils._brainycp import BrainyClient
from ansible_collections.hosting.mail.plugins.module_utils._errors import (
    ApiError,
    CertificateError,
    HttpStatusError,
    TransportError,
)
from ansible_collections.hosting.mail.plugins.module_utils._http import HttpClient, RetryPolicy, _describe
from ansible_collections.hosting.mail.plugins.module_utils._plesk import PleskClient
from ansible_collections.hosting.mail.plugins.modules import brainy_mailbox_info, plesk_mail_info
from ansible_collections.hosting.mail.tests.support.scripted_server import Reset, Respond, ScriptedServer
from ansible_collections.hosting.mail.tests.support.tls import make_ca_signed
from ansible_collections.hosting.mail.tests.unit.utils import module_failure

PATH = '/enterprise/control/agent.php'
NGINX_404 = (b'<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n'
             b'<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n')
NGINX_400 = (b'<html>\r\n<head><title>400 The plain HTTP request was sent to HTTPS port</title></head>\r\n<body>\r\n'
             b'<center><h1>400 Bad Request</h1></center>\r\n<center>The plain HTTP request was sent to HTTPS port</center>\r\n'
             b'</body>\r\n</html>\r\n')


@pytest.fixture(scope='module')
def other_names(tmp_path_factory):
    """A CA-signed certificate for names that are not 127.0.0.1."""
    return make_ca_signed(str(tmp_path_factory.mktemp('other-names')), hostnames=('panel.example.com', 'mail.example.com'))


@pytest.fixture
def other_names_server(request, other_names):
    server = ScriptedServer(certfile=other_names.server_cert, keyfile=other_names.server_key).start()
    request.addfinalizer(server.stop)
    return server


def test_a_wrong_ca_in_ca_path_is_named(https_server, self_signed):
    with pytest.raises(CertificateError) as caught:
        HttpClient(https_server.url, ca_path=self_signed.ca_cert).post(PATH, b'x')
    message = caught.value.message
    assert 'is not signed by the CA in ca_path %s (unable to get local issuer certificate)' % self_signed.ca_cert in message
    assert 'give that CA certificate (PEM) in the ca_path option' not in message  # the advice the user already followed


def test_without_ca_path_the_advice_is_to_set_it(https_server):
    with pytest.raises(CertificateError) as caught:
        HttpClient(https_server.url).post(PATH, b'x')
    assert 'in the ca_path option' in caught.value.message and 'not signed by the CA in ca_path' not in caught.value.message


def test_a_name_mismatch_is_a_whole_sentence_with_both_names(other_names_server, other_names):
    with pytest.raises(CertificateError) as caught:
        HttpClient(other_names_server.url, ca_path=other_names.ca_cert, url_option='plesk_url').post(PATH, b'x')
    message = caught.value.message
    assert "is not valid for the host name 127.0.0.1 in plesk_url (IP address mismatch, certificate is not valid for '127.0.0.1')" in message
    assert 'it is valid for panel.example.com, mail.example.com' in message
    assert 'Use a name the certificate is valid for in plesk_url' in message
    assert other_names_server.requests == []


def test_plain_http_to_an_https_port_fails_at_once(https_server, sleeps):
    url = https_server.url.replace('https://', 'http://')
    client = HttpClient(url, url_option='plesk_url', retry=RetryPolicy(attempts=4), sleep=sleeps)
    with pytest.raises(TransportError) as caught:
        client.post(PATH, b'x', safe_to_repeat=True)
    message = caught.value.message
    assert message.startswith(url + PATH + ': the server dropped the plain HTTP request')
    assert 'is an HTTPS port. Use https:// in plesk_url: %s.' % https_server.url in message
    assert sleeps.calls == [] and caught.value.attempts == 1  # not retried: it is not transient
    assert caught.value.request_sent is False


def test_nginx_answer_to_plain_http_on_its_https_port(http_server, sleeps):
    http_server.script = [Respond(400, NGINX_400, {'Content-Type': 'text/html'})]
    with pytest.raises(TransportError) as caught:
        HttpClient(http_server.url, sleep=sleeps).post(PATH, b'x')
    assert 'the server answered HTTP 400 to a plain HTTP request' in caught.value.message
    assert 'Use https:// in the panel URL: %s.' % http_server.url.replace('http://', 'https://') in caught.value.message


def test_a_reset_on_a_real_plain_http_port_is_still_retried(http_server, sleeps):
    # The TLS probe must not turn an ordinary reset into the "use https" message.
    http_server.script = [Reset(), Respond(200, b'ok')]
    assert HttpClient(http_server.url, sleep=sleeps).post(PATH, b'x', safe_to_repeat=True).status == 200
    assert sleeps.calls == [0.5]


def test_a_non_plesk_server_is_named_without_its_html(http_server):
    http_server.script = [Respond(404, NGINX_404, {'Content-Type': 'text/html'})]
    client = PleskClient(HttpClient(http_server.url), username='admin', password='pw')
    with pytest.raises(HttpStatusError) as caught:
        client.site_id('example.com')
    message = caught.value.message
    assert message.startswith('plesk_url %s does not answer as the Plesk XML API (HTTP 404 from %s%s; expected '
                              '.../enterprise/control/agent.php)' % (http_server.url, http_server.url, PATH))
    assert '<' not in message and 'The server answered: 404 Not Found' in message and 'nginx/1.18.0' in message
    assert caught.value.status == 404


def test_a_non_brainycp_server_is_named_without_its_html(http_server):
    http_server.script = [Respond(404, NGINX_404, {'Content-Type': 'text/html'})]
    with pytest.raises(HttpStatusError) as caught:
        BrainyClient(HttpClient(http_server.url), 'admin', 'pw').call('getlistmail')
    assert 'does not answer as the BrainyCP API (HTTP 404 from %s/api/api.php; expected .../api/api.php)' % http_server.url \
        in caught.value.message
    assert '<' not in caught.value.message


def test_an_html_error_page_shows_its_words_and_hides_secrets(http_server):
    # &#83; is "S": decoding the entity rebuilds the secret, which must be masked before the excerpt cuts it.
    http_server.script = [Respond(500, b'<html><body><p>' + b'x' * 190 + b'&#83;ecret-Value-1</p></body></html>',
                                  {'Content-Type': 'text/html; charset=utf-8'})]
    with pytest.raises(HttpStatusError) as caught:
        HttpClient(http_server.url, secrets=['Secret-Value-1']).post(PATH, b'x')
    message = caught.value.message
    assert 'answered HTTP 500 Internal Server Error: ' + 'x' * 190 in message
    assert 'Secret' not in message and '<' not in message and '*' in message


def test_the_certificate_reason_is_read_to_its_end():
    # ssl quotes the host name; the reason used to end at that quote: "certificate is not valid for."
    exc = requests_errors.SSLError("HTTPSConnectionPool(host='localhost', port=8443): Max retries exceeded (Caused by "
                                   "SSLError(SSLCertVerificationError(1, \"[SSL: CERTIFICATE_VERIFY_FAILED] certificate "
                                   "verify failed: Hostname mismatch, certificate is not valid for 'localhost'. "
                                   "(_ssl.c:1006)\")))")
    assert _describe(exc) == "certificate verify failed: Hostname mismatch, certificate is not valid for 'localhost'"


def brainy_reply(code, message):
    return Respond(200, json.dumps({'code': code, 'message': message}).encode())


def test_unknown_panel_user_given(http_server):
    http_server.script = [brainy_reply(1001, 'There is no such user')]
    with pytest.raises(ApiError) as caught:
        BrainyClient(HttpClient(http_server.url), 'admin', 'pw', panel_user='ghost').call('getlistmail')
    assert caught.value.message == (
        "BrainyCP has no hosting user 'ghost', the one panel_user names; set panel_user to an existing hosting user of "
        "the panel (getlistmail error 1001: There is no such user)")


def test_unknown_panel_user_by_default_says_it_defaulted_to_the_api_login(http_server):
    http_server.script = [brainy_reply(1001, 'There is no such user')]
    with pytest.raises(ApiError) as caught:
        BrainyClient(HttpClient(http_server.url), 'admin', 'pw').call('getlistmail')
    assert caught.value.message == (
        "BrainyCP has no hosting user 'admin': panel_user is not set, so it defaulted to the API login 'admin', which is "
        "not a hosting user; set panel_user (or BRAINYCP_PANEL_USER) to the hosting user whose mail this is "
        "(getlistmail error 1001: There is no such user)")
    assert caught.value.code == 1001


@pytest.mark.parametrize('panel_user, words', [
    ('webmaster', "The API account 'shop' may not act for the hosting user 'webmaster' that panel_user names; give the "
                  "account full API rights, or set panel_user to its own login (getlistmail error 1000: no)"),
    (None, "The API account 'shop' may not act for its own hosting user (panel_user is not set, so it defaulted to the "
           "API login); check the API rights of the account's group in the panel (getlistmail error 1000: no)"),
])
def test_no_permission_for_the_hosting_user(http_server, panel_user, words):
    http_server.script = [brainy_reply(1000, 'no')]
    with pytest.raises(ApiError) as caught:
        BrainyClient(HttpClient(http_server.url), 'shop', 'pw', panel_user=panel_user).call('getlistmail')
    assert caught.value.message == words


@pytest.mark.parametrize('module, params, words', [
    (plesk_mail_info, dict(plesk_username='admin', plesk_password='pw', domain='example.com'),
     'No Plesk URL was given: set the plesk_url option or the PLESK_URL environment variable'),
    (brainy_mailbox_info, dict(brainycp_username='admin', brainycp_password='pw'),
     'No BrainyCP URL was given: set the brainycp_url option or the BRAINYCP_URL environment variable'),
])
def test_a_missing_url_names_the_option_and_the_environment_variable(module, params, words, capsys, monkeypatch):
    monkeypatch.delenv('PLESK_URL', raising=False)
    monkeypatch.delenv('BRAINYCP_URL', raising=False)
    result = module_failure(module, params, capsys)
    assert result['msg'].startswith(words)
