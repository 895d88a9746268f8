# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The HTTP(S) side of the BrainyCP simulator: api.php, panel hardening, faults, a control API, and BrainySimulator.

    with BrainySimulator(tls=True) as simulator:
        requests.post(simulator.api_url, verify=simulator.ca_cert, data={
            'login': 'admin', 'pass': '...', 'module': 'mailclient', 'subdo': 'getlistmail',
            'panel_user': 'webmaster', 'language': 'en'})

The control API needs neither panel credentials nor HTTP Basic, and ignores the IP block; the
server listens on 127.0.0.1 only.

    GET  /__simulator__/log     the request log, a JSON list
    GET  /__simulator__/state   the panel in the seed format, passwords included
    GET  /__simulator__/quirks  the quirks in force
    GET  /__simulator__/faults  the switches: {"ip_blocked", "http_basic", "fault", "fault_count", "fault_when",
                                "fault_on", "slow_seconds"}
    POST /__simulator__/reset   back to the seed (or to a seed sent as the JSON body); log cleared, quirks and switches reset
    POST /__simulator__/quirks  change quirks with a JSON object, e.g. {"items": "strings"}
    POST /__simulator__/faults  change switches with a JSON object, e.g. {"fault": "empty", "fault_count": 2},
                                {"fault": "reset", "fault_when": "after", "fault_on": "writes"}, {"fault": null},
                                {"ip_blocked": true}, {"http_basic": "user:password"} or {"http_basic": null};
                                see faults.py for the kinds
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import logging
import os
import shutil
import ssl
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qsl, urlsplit

from ...support.tls import make_ca_signed
from ..serving import SimulatorServer
from ..faults import (DEFAULT_SLOW_SECONDS, DROPPED, FAULT_FIELDS, FAULT_KINDS, HTML_TYPE, XML_FAULT_KINDS, FaultProfile, FaultSwitch, Reply,
                      deliver, fault_arguments, nginx_page)
from .api import QUIRKS, answer, check_quirks, is_write
from .state import Panel, load_seed

API_PATH = '/api/api.php'
CONTROL_PREFIX = '/__simulator__/'
MAX_BODY_BYTES = 16 * 1024 * 1024
IDLE_TIMEOUT = 120  # seconds a kept-alive connection may wait for its next request
FORM_TYPE = 'application/x-www-form-urlencoded'
# api.php's answers go out as HTML_TYPE: what PHP sends when a script sets no Content-Type, as api.php seems not to.

# The fault kinds of an API that answers JSON (see faults.py).
FAULTS = tuple(kind for kind in FAULT_KINDS if kind not in XML_FAULT_KINDS)

LOG = logging.getLogger(__name__)

UNAUTHORIZED_PAGE = nginx_page(401, 'Authorization Required')
IP_BLOCKED_PAGE = nginx_page(403, 'Forbidden', 'Remote access to the panel api is closed for your IP address. Please contact the administrator.')
NOT_FOUND_PAGE = nginx_page(404, 'Not Found')
NOT_ALLOWED_PAGE = nginx_page(405, 'Not Allowed')
LOGIN_PAGE = '''<!DOCTYPE html>
<html lang="ru">
<head><meta charset="utf-8"><title>BrainyCP</title></head>
<body>
<form class="login-form" method="post" action="/index.php">
<input type="text" name="login" placeholder="Логин">
<input type="password" name="pass" placeholder="Пароль">
<button type="submit">Войти</button>
</form>
</body>
</html>
'''.encode('utf-8')
# What truncate cuts when the panel did not carry the request out.
STAND_IN_ANSWER = b'{"code":0,"message":"The mailbox list was successfully retrieved for: webmaster","data":[]}'
FAULT_PROFILE = FaultProfile(FAULTS, LOGIN_PAGE, HTML_TYPE, STAND_IN_ANSWER)


def parse_form(headers, body):
    """The POST fields as PHP's $_POST sees them: only a form-encoded body counts; a repeated field keeps its last value."""
    content_type = (headers.get('Content-Type') or '').split(';')[0].strip().lower()
    if content_type != FORM_TYPE:
        return {}
    return dict(parse_qsl(body.decode('utf-8', 'replace'), keep_blank_values=True))


def parse_basic(header):
    """``(user, password)`` from an Authorization header, or None."""
    scheme, separator, token = (header or '').strip().partition(' ')
    if not separator or scheme.lower() != 'basic':
        return None
    try:
        decoded = base64.b64decode(token.strip(), validate=True).decode('utf-8')
    except (binascii.Error, UnicodeDecodeError):
        return None
    user, separator, password = decoded.partition(':')
    return (user, password) if separator else None


def parse_http_basic(value):
    """``"user:password"`` (or a pair, or None) as ``(user, password)`` or None."""
    if value is None:
        return None
    if isinstance(value, str):
        user, separator, password = value.partition(':')
        if not separator or not user:
            raise ValueError('http_basic takes USER:PASSWORD, not %r' % value)
        return user, password
    if isinstance(value, (tuple, list)) and len(value) == 2 and value[0]:
        return str(value[0]), str(value[1])
    raise ValueError('http_basic takes USER:PASSWORD or a (user, password) pair, not %r' % (value,))


class LogEntry:
    """One request the simulator received, and what it answered.

    ``form`` holds the POST fields as the panel parsed them (an empty dict for a body that is not
    form-encoded); ``operation`` is the ``subdo`` field; ``write`` says whether it asks for a change
    (add*, del*, on*, off*), carried out or not. ``query`` is the URL's query string, which the panel ignores.
    ``fault`` names the fault the request got (None: none); ``carried_out`` is False only when a fault
    kept the request from the panel; ``panel_response`` is the panel's own answer that a fault replaced
    or delayed. ``status`` and ``response`` are what went on the wire (None and b'' for a reset; the
    half sent for truncate; b'' for streamed junk).
    """

    def __init__(self, method, path, query, headers, body, form, status, response,
                 fault=None, carried_out=True, panel_response=None):
        self.time = time.time()
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.form = form
        self.operation = form.get('subdo') or None
        self.write = is_write(self.operation)
        self.status = status
        self.response = response
        self.fault = fault
        self.carried_out = carried_out
        self.panel_response = panel_response

    def to_json(self):
        return {
            'time': self.time, 'method': self.method, 'path': self.path, 'query': self.query, 'headers': self.headers,
            'body': self.body.decode('utf-8', 'replace'), 'form': self.form, 'operation': self.operation, 'write': self.write,
            'status': self.status, 'response': self.response.decode('utf-8', 'replace'), 'fault': self.fault,
            'carried_out': self.carried_out,
            'panel_response': None if self.panel_response is None else self.panel_response.decode('utf-8', 'replace'),
        }


class _Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'  # keep-alive, as the panel's nginx speaks it
    server_version = 'nginx'
    timeout = IDLE_TIMEOUT
    # Headers and body leave in separate writes; without TCP_NODELAY each answer waits ~40 ms for a delayed ACK.
    disable_nagle_algorithm = True

    def version_string(self):
        return self.server_version

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        pass  # the request log records everything; stderr noise helps nobody

    def do_GET(self):  # pylint: disable=invalid-name
        self._route('GET')

    def do_POST(self):  # pylint: disable=invalid-name
        self._route('POST')

    def do_PUT(self):  # pylint: disable=invalid-name
        self._route('PUT')

    def do_DELETE(self):  # pylint: disable=invalid-name
        self._route('DELETE')

    def _route(self, method):
        body = self._read_body()
        if body is None:
            return
        url = urlsplit(self.path)
        simulator = self.server.simulator
        if url.path.startswith(CONTROL_PREFIX):
            status, payload = simulator.control(method, url.path[len(CONTROL_PREFIX):], body)
            reply = Reply(status, json.dumps(payload, ensure_ascii=False, indent=1).encode('utf-8'), 'application/json')
        else:
            reply = simulator.answer_panel(method, url.path, url.query, dict(self.headers.items()), body)
        self._send(reply)

    def _read_body(self):
        if 'chunked' in (self.headers.get('Transfer-Encoding') or '').lower():
            self.close_connection = True  # the body was not read, so the connection cannot be reused
            self._send(Reply(411, b'411 Length Required\n', 'text/plain'))
            return None
        try:
            length = int(self.headers.get('Content-Length') or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY_BYTES:
            self.close_connection = True
            self._send(Reply(400, b'400 Bad Content-Length\n', 'text/plain'))
            return None
        return self.rfile.read(length)

    def _send(self, reply):
        deliver(self, reply)


class BrainySimulator:
    """A BrainyCP api.php on 127.0.0.1 with a seeded panel; ``start()``/``stop()`` or use it in ``with``.

    ``seed``: a dict, a JSON file path, or None for the bundled seed-demo.json. ``http_basic``:
    ``(user, password)`` (or ``"user:password"``) turns on the panel's htpasswd protection. ``port``
    0 picks a free port. With ``tls`` a private CA signs a certificate, written to ``cert_dir``
    (default: a temporary folder); clients trust ``ca_cert``. ``state`` is the live panel model;
    ``reset()`` replaces it.

    Switches, all back to their initial values on ``reset()``: ``ip_blocked`` (every API request
    gets 403), ``http_basic`` (None: off), and ``set_fault(kind, count, when, on, slow_seconds)``,
    which breaks the next ``count`` API answers (None: every one) on purpose (see faults.py).
    """

    def __init__(self, seed=None, tls=False, http_basic=None, quirks=None, port=0, cert_dir=None):
        self.seed = load_seed(seed)
        self.tls = tls
        self.port = port
        self.cert_dir = cert_dir
        self.ca_cert = None
        self._initial_http_basic = parse_http_basic(http_basic)
        self._initial_quirks = dict({name: values[0] for name, values in QUIRKS.items()}, **check_quirks(quirks or {}))
        self.quirks = dict(self._initial_quirks)
        self.http_basic = self._initial_http_basic
        self.ip_blocked = False
        self._faults = FaultSwitch(FAULTS)
        self._lock = threading.Lock()  # one request at a time changes the panel and the log
        self._log = []
        self.state = Panel.from_seed(self.seed)
        self._server = None
        self._thread = None
        self._temporary_cert_dir = None

    # --- life cycle ----------------------------------------------------------------------------

    def start(self):
        ssl_context = None
        if self.tls:
            if self.cert_dir is None:
                self._temporary_cert_dir = self.cert_dir = tempfile.mkdtemp(prefix='brainycp-simulator-')
            os.makedirs(self.cert_dir, exist_ok=True)
            certificates = make_ca_signed(self.cert_dir)
            ssl_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ssl_context.load_cert_chain(certificates.server_cert, certificates.server_key)
            self.ca_cert = certificates.ca_cert
        self._server = SimulatorServer(('127.0.0.1', self.port), _Handler, self, ssl_context)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={'poll_interval': 0.05},
                                        name='brainycp-simulator', daemon=True)
        self._thread.start()
        LOG.info('BrainyCP simulator at %s', self.url)
        return self

    def stop(self):
        self._faults.cancel_waits()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server.close_connections()
            self._thread.join(5)
            self._server = None
        if self._temporary_cert_dir:
            shutil.rmtree(self._temporary_cert_dir, ignore_errors=True)
            self._temporary_cert_dir = self.cert_dir = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    @property
    def url(self):
        """The panel's base URL, e.g. https://127.0.0.1:41234."""
        return '%s://127.0.0.1:%d' % ('https' if self.tls else 'http', self.port)

    @property
    def api_url(self):
        return self.url + API_PATH

    # --- state, log, quirks, switches ----------------------------------------------------------

    def to_dict(self):
        """The panel in the seed format, passwords included."""
        with self._lock:
            return self.state.to_dict()

    @property
    def log(self):
        """The requests received so far (LogEntry objects), oldest first."""
        with self._lock:
            return list(self._log)

    def clear_log(self):
        with self._lock:
            self._log = []

    def reset(self, seed=None):
        """Back to the seed (or to ``seed``): a fresh panel, an empty log, the initial quirks and switches."""
        state = Panel.from_seed(load_seed(seed) if seed is not None else self.seed)
        self._faults.reset()
        with self._lock:
            self.state = state
            self._log = []
            self.quirks.clear()
            self.quirks.update(self._initial_quirks)
            self.http_basic = self._initial_http_basic
            self.ip_blocked = False

    def set_quirks(self, **values):
        values = check_quirks(values)
        with self._lock:
            self.quirks.update(values)

    def set_fault(self, kind, count=None, when='before', on='all', slow_seconds=DEFAULT_SLOW_SECONDS):
        """Give the next ``count`` API requests (None: all) that ``on`` picks the fault ``kind``; None ends it.

        ``when`` is ``before`` (the panel never sees the request) or ``after`` (the panel carries it out, then the
        fault replaces the answer); ``on`` is ``all``, ``reads`` (operations that ask no change, such as
        getlistmail and getforwardmail) or ``writes`` (add*, del*, on*, off*).
        """
        self._faults.set(kind, count, when, on, slow_seconds)

    @property
    def faults(self):
        """The switches as the control API shows them; ``fault_count`` is the number of faults left."""
        with self._lock:
            switches = {'ip_blocked': self.ip_blocked, 'http_basic': ':'.join(self.http_basic) if self.http_basic else None}
        switches.update(self._faults.to_json())
        return switches

    # --- requests --------------------------------------------------------------------------------

    def answer_panel(self, method, path, query, headers, body):
        """Answer a request to the panel (anything but the control API) and record it."""
        form = parse_form(headers, body) if path == API_PATH else {}
        with self._lock:
            refusal = self._refusal(method, path, headers)
            if refusal is not None:
                self._log.append(LogEntry(method, path, query, headers, body, form, refusal.status, refusal.body))
                return refusal
            # Faults come after the panel's own refusals, as a broken api.php sits behind nginx and the IP check.
            fault = self._faults.take(lambda: is_write(form.get('subdo')))
        if fault is not None and fault.delays_panel and not fault.wait():
            return DROPPED  # reset() ended the wait: the request never reaches the new panel, nor its log
        with self._lock:
            answered = Reply(200, answer(form, self.state, self.quirks)) if fault is None or fault.carries_out else None
            reply = answered if fault is None else fault.reply(FAULT_PROFILE, answered, (method, path, headers, body))
            self._log.append(LogEntry(method, path, query, headers, body, form, reply.status, reply.sent_body,
                                      fault=fault.kind if fault else None, carried_out=answered is not None,
                                      panel_response=answered.body if fault is not None and answered is not None else None))
        return reply

    def _refusal(self, method, path, headers):
        """The answer of a layer in front of api.php's work, or None. Call with the lock held."""
        # The order a request meets the panel's layers: nginx's htpasswd, routing, then api.php's own IP check.
        if self.http_basic is not None and not self._basic_matches(headers.get('Authorization')):
            return Reply(401, UNAUTHORIZED_PAGE, headers={'WWW-Authenticate': 'Basic realm="BrainyCP"'})
        if path != API_PATH:
            return Reply(404, NOT_FOUND_PAGE)
        if method != 'POST':
            return Reply(405, NOT_ALLOWED_PAGE, headers={'Allow': 'POST'})
        if self.ip_blocked:
            return Reply(403, IP_BLOCKED_PAGE)
        return None

    def _basic_matches(self, header):
        credentials = parse_basic(header)
        if credentials is None:
            return False
        # Both compared every time, in constant time, as a password check should be.
        user_matches = hmac.compare_digest(credentials[0].encode('utf-8'), self.http_basic[0].encode('utf-8'))
        password_matches = hmac.compare_digest(credentials[1].encode('utf-8'), self.http_basic[1].encode('utf-8'))
        return user_matches and password_matches

    def control(self, method, name, body):
        """Answer a control API request for ``/__simulator__/<name>``: ``(HTTP status, JSON-able payload)``."""
        routes = {
            ('GET', 'log'): lambda: [entry.to_json() for entry in self.log],
            ('GET', 'state'): self.to_dict,
            ('GET', 'quirks'): lambda: dict(self.quirks),
            ('GET', 'faults'): lambda: self.faults,
            ('POST', 'reset'): lambda: self._control_reset(body),
            ('POST', 'quirks'): lambda: self._control_quirks(body),
            ('POST', 'faults'): lambda: self._control_faults(body),
        }
        route = routes.get((method, name))
        if route is None:
            known = any(path == name for _method, path in routes)
            return (405, {'error': 'method not allowed'}) if known else (404, {'error': 'no such control path'})
        try:
            return 200, route()
        except ValueError as exc:
            return 400, {'error': str(exc)}

    def _control_reset(self, body):
        seed = json.loads(body) if body.strip() else None
        if seed is not None and not isinstance(seed, dict):
            raise ValueError('a seed must be a JSON object')
        try:
            self.reset(seed)
        except (KeyError, TypeError) as exc:
            raise ValueError('invalid seed: %r' % (exc,)) from None
        return {'status': 'ok'}

    def _control_quirks(self, body):
        self.set_quirks(**check_quirks(json.loads(body or b'{}')))
        return dict(self.quirks)

    def _control_faults(self, body):
        values = json.loads(body or b'{}')
        if not isinstance(values, dict):
            raise ValueError('faults must be a JSON object, got %r' % (values,))
        known = ('ip_blocked', 'http_basic') + FAULT_FIELDS
        unknown = set(values) - set(known)
        if unknown:
            raise ValueError('unknown switch(es) %s (known: %s)' % (', '.join(sorted(unknown)), ', '.join(known)))
        arguments = fault_arguments(values)
        if 'ip_blocked' in values and not isinstance(values['ip_blocked'], bool):
            raise ValueError('ip_blocked takes true or false, not %r' % (values['ip_blocked'],))
        http_basic = parse_http_basic(values['http_basic']) if 'http_basic' in values else None
        if arguments is not None:
            self.set_fault(**arguments)
        with self._lock:
            if 'ip_blocked' in values:
                self.ip_blocked = values['ip_blocked']
            if 'http_basic' in values:
                self.http_basic = http_basic
        return self.faults
