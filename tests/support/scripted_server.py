# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A real HTTP(S) server on 127.0.0.1 that answers from a script and records what it received.

Tests of the HTTP core use it to produce the faults a panel or its network can produce (5xx,
resets, slow or cut answers) over real sockets, and to count connections and requests.
"""

from __future__ import annotations

import socket
import ssl
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Respond:
    """Answer with a status, body and headers."""

    def __init__(self, status=200, body=b'ok', headers=None):
        self.status = status
        self.body = body if isinstance(body, bytes) else body.encode('utf-8')
        self.headers = headers or {}


class Echo(Respond):
    """Answer with a status and the request body itself, as a careless panel error page might."""

    def __init__(self, status=500):
        super().__init__(status, b'')


class Reset:
    """Read the request, then abort the connection with a TCP reset."""


class Delay:
    """Wait ``seconds`` before performing ``then``."""

    def __init__(self, seconds, then=None):
        self.seconds = seconds
        self.then = then or Respond()


class Truncate:
    """Promise a longer body in Content-Length than is sent, then close."""


class Unexpected(Respond):
    """What a request past the end of the script gets: HTTP 599, so the client under test fails loudly too."""

    def __init__(self):
        super().__init__(599, b'unexpected request: the test script has no answer for it')


class RecordedRequest:
    def __init__(self, method, path, headers, body, connection):
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.connection = connection


class _Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'  # keep-alive, as panels speak it

    def setup(self):
        super().setup()
        self.connection_number = self.server.owner.count_connection()

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        pass  # The tests read the request log; stderr noise helps nobody.

    def do_POST(self):  # pylint: disable=invalid-name
        length = int(self.headers.get('Content-Length') or 0)
        body = self.rfile.read(length)
        owner = self.server.owner
        owner.record(RecordedRequest('POST', self.path, dict(self.headers), body, self.connection_number))
        self._perform(owner.next_action(), body)

    def _perform(self, action, body):
        if isinstance(action, Delay):
            time.sleep(action.seconds)
            self._perform(action.then, body)
        elif isinstance(action, Reset):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
            self.close_connection = True
            self.connection.close()
        elif isinstance(action, Truncate):
            self.send_response(200)
            self.send_header('Content-Length', '1000')
            self.end_headers()
            self.wfile.write(b'<packet>only the start')
            self.wfile.flush()
            self.close_connection = True
        else:
            payload = body if isinstance(action, Echo) else action.body
            self.send_response(action.status)
            for name, value in action.headers.items():
                self.send_header(name, value)
            self.send_header('Content-Length', str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    def finish(self):
        try:
            super().finish()
        except OSError:
            pass  # The connection was reset on purpose.


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request, client_address):
        pass  # Failed handshakes and deliberate resets are part of the tests.


class ScriptedServer:
    """Start with ``start()``; each request takes the next action of ``script``.

    A request the script does not expect (the script is used up) is answered with HTTP 599 and
    counted in ``unexpected``; ``check_script()`` (run after every test by the fixtures) fails the
    test for such a request and for script actions that no request used.
    """

    def __init__(self, certfile=None, keyfile=None):
        self._httpd = _Server(('127.0.0.1', 0), _Handler)
        self._httpd.owner = self
        self.scheme = 'http'
        if certfile:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(certfile, keyfile)
            self._httpd.socket = context.wrap_socket(self._httpd.socket, server_side=True)
            self.scheme = 'https'
        self._lock = threading.Lock()
        self._thread = None
        self.script = []
        self.requests = []
        self.unexpected = []
        self.connections = 0

    @property
    def url(self):
        return '%s://127.0.0.1:%d' % (self.scheme, self._httpd.server_address[1])

    def count_connection(self):
        with self._lock:
            self.connections += 1
            return self.connections

    def record(self, request):
        with self._lock:
            self.requests.append(request)

    def next_action(self):
        with self._lock:
            if self.script:
                return self.script.pop(0)
            self.unexpected.append(self.requests[-1] if self.requests else None)
            return Unexpected()

    def check_script(self):
        """Fail if a request came that the script did not expect, or if the script was not used up."""
        problems = []
        if self.unexpected:
            problems.append('%d request(s) the script did not expect, the first: %r'
                            % (len(self.unexpected), self.unexpected[0].body[:300] if self.unexpected[0] else None))
        if self.script:
            problems.append('%d scripted answer(s) never requested: %r' % (len(self.script), self.script))
        assert not problems, '; '.join(problems)

    def start(self):
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={'poll_interval': 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self):
        self._httpd.shutdown()
        self._httpd.server_close()


def closed_port():
    """A port on 127.0.0.1 where nothing listens: connecting to it is refused."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(('127.0.0.1', 0))
    port = sock.getsockname()[1]
    sock.close()
    return port
