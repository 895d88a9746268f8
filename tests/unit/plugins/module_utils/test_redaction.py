# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Secrets never appear in any message, exception text or debug line of the HTTP core."""

from __future__ import annotations

import base64
import json
import re
from urllib.parse import quote, quote_plus
from xml.sax.saxutils import escape

import pytest

from ansible_collections.hosting.mail.plugins.module_utils._errors import PanelError
from ansible_collections.hosting.mail.plugins.module_utils._http import HttpClient, RetryPolicy
from ansible_collections.hosting.mail.plugins.module_utils._plesk import PleskClient
from ansible_collections.hosting.mail.plugins.module_utils._redact import MASK, Redactor
from ansible_collections.hosting.mail.tests.support.scripted_server import Delay, Echo, Reset, Respond

PASSWORD = 'S3cr&t <pässwörd> "quoted" \'x\''
KEY = 'a1b2c3d4-secret-key'
BASIC = 'htpasswd+secret/1'


def wire_forms(secret):
    return {secret, quote(secret, safe=''), quote_plus(secret), escape(secret),
            escape(secret, {'"': '&quot;', "'": '&apos;'}), json.dumps(secret)[1:-1]}


def assert_clean(text):
    for secret in (PASSWORD, KEY, BASIC):
        for form in wire_forms(secret):
            assert form not in text, 'secret form %r leaked into %r' % (form, text)


def test_redactor_masks_every_wire_form():
    redact = Redactor([PASSWORD])
    for form in wire_forms(PASSWORD):
        assert redact('before %s after' % form) == 'before %s after' % MASK


def test_redactor_masks_url_credentials_and_ignores_empty_secrets():
    redact = Redactor(['', None])
    assert redact('see https://admin:pw@panel:8443/x') == 'see https://%s@panel:8443/x' % MASK
    assert redact('nothing to hide') == 'nothing to hide'


def test_longer_secret_is_masked_whole():
    assert Redactor(['abc', 'abcdef'])('xabcdefx') == 'x%sx' % MASK


def form_body():
    return ('login=admin&pass=%s&key=%s' % (quote_plus(PASSWORD), KEY)).encode()


def xml_body():
    return ('<packet><mail><password>%s</password><key>%s</key></mail></packet>'
            % (escape(PASSWORD), KEY)).encode('utf-8')


@pytest.mark.parametrize('action', [Echo(500), Echo(400), Respond(301, headers={'Location': 'https://x/?p=' + quote(PASSWORD)}),
                                    Reset(), Delay(2)])
@pytest.mark.parametrize('body', [form_body(), xml_body()])
def test_no_secret_in_errors_or_debug(http_server, action, body):
    http_server.script = [action]
    lines = []
    client = HttpClient(http_server.url, secrets=[PASSWORD, KEY], basic_auth=('web', BASIC), timeout=0.3,
                        retry=RetryPolicy(attempts=1), debug=lines.append)
    with pytest.raises(PanelError) as caught:
        client.post('/api.php', body)
    error = caught.value
    for text in [error.message, str(error), repr(error), json.dumps(error.to_result())] + lines + client.warnings:
        assert_clean(text)
    assert len(http_server.requests) == 1
    # The server really received the secrets: the test would prove nothing otherwise.
    assert quote_plus(PASSWORD).encode() in body or escape(PASSWORD).encode() in body


def test_credentials_in_the_url_never_show(http_server):
    url = http_server.url.replace('://', '://admin:%s@' % quote(PASSWORD, safe=''))
    http_server.script = [Respond(500, b'boom')]
    client = HttpClient(url, secrets=[PASSWORD])
    with pytest.raises(PanelError) as caught:
        client.post('/x', b'')
    assert_clean(caught.value.message)
    assert_clean(' '.join(client.warnings))
    assert MASK + '@127.0.0.1' in caught.value.message


def test_api_errors_name_code_operation_url_status_and_hide_secrets():
    client = HttpClient('https://panel.example.com:8443', secrets=[PASSWORD])
    error = client.api_error('Plesk', 1019, 'Invalid password "%s"' % escape(PASSWORD), operation='mail/update',
                             status=200, path='/enterprise/control/agent.php')
    assert error.message == ('Plesk API error 1019 in mail/update at '
                             'https://panel.example.com:8443/enterprise/control/agent.php (HTTP 200): '
                             'Invalid password "%s"' % MASK)
    assert (error.code, error.operation, error.status) == (1019, 'mail/update', 200)
    assert_clean(json.dumps(error.to_result()))


def php_json(secret):
    return json.dumps(secret)[1:-1].replace('/', '\\/')


@pytest.mark.parametrize('form', [
    lambda s: re.sub('%[0-9A-F]{2}', lambda match: match.group(0).lower(), quote(s, safe='')),  # lower-case hex digits
    quote_plus,
    lambda s: ''.join({'&': '&#38;', '<': '&#60;', '>': '&#62;', '"': '&#34;', "'": '&#39;'}.get(c, c) for c in s),
    php_json,
    lambda s: base64.b64encode(s.encode('utf-8')).decode('ascii'),
    lambda s: base64.b64encode(s.encode('utf-8')).decode('ascii').rstrip('='),
    lambda s: base64.urlsafe_b64encode(s.encode('utf-8')).decode('ascii'),
], ids=['url-lower-hex', 'url-plus', 'xml-numeric', 'php-json', 'base64', 'base64-unpadded', 'base64-urlsafe'])
def test_every_form_of_a_secret_on_the_wire_is_masked(form):
    secret = 'Br&in/PW+1 "\u00e4"'
    shown = form(secret)
    assert Redactor([secret])('echo: %s.' % shown) == 'echo: %s.' % MASK


def test_the_basic_auth_header_of_an_echo_is_masked(http_server):
    # A proxy or debug page that echoes the request shows "Authorization: Basic base64(user:password)".
    http_server.script = [Echo(502)]
    client = HttpClient(http_server.url, basic_auth=('htuser', 'HT&pw/2'))
    header = 'Basic ' + base64.b64encode(b'htuser:HT&pw/2').decode('ascii')
    assert client.redact('headers: Authorization: %s' % header) == 'headers: Authorization: Basic %s' % MASK
    with pytest.raises(PanelError) as caught:
        client.post('/api/api.php', ('echo %s' % header).encode('ascii'))
    assert 'aHR1c2VyOkhUJnB3LzI' not in caught.value.message and 'HT&pw/2' not in caught.value.message


@pytest.mark.parametrize('prefix', [b'', b'a', b'ab', b'abc', b'user:', b'webuser:'])
def test_a_secret_inside_base64_is_masked_at_any_offset(prefix):
    # base64 of prefix + secret: all but the one or two bytes that share a 3-byte group with the prefix or the end.
    secret = 'Off&set/Secret-9'
    shown = base64.b64encode(prefix + secret.encode() + b'!').decode('ascii')
    masked = Redactor([secret])(shown)
    assert MASK in masked
    visible = masked.split(MASK)
    assert len(visible) == 2 and all(len(part) <= len(base64.b64encode(prefix)) + 4 for part in visible)


def test_a_plesk_answer_that_names_a_secret_in_its_markup_is_masked(http_server):
    # lxml's message quotes element names: a server that echoes the request as markup would show the secret.
    http_server.script = [Respond(200, b'<packet><AdminSecret9>'), Respond(200, b'<AdminSecret9/>')]
    client = PleskClient(HttpClient(http_server.url, secrets=['AdminSecret9']), 'admin', 'AdminSecret9')
    for unused in range(2):
        with pytest.raises(PanelError) as caught:
            client.send(client.packet())
        assert 'AdminSecret9' not in caught.value.message and MASK in caught.value.message
