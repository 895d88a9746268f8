# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Fault injection shared by the panel simulators: which requests get a fault, and what each fault puts on the wire.

    simulator.set_fault('status_503', count=2, when='after', on='writes')

Kinds (``malicious_xml`` and ``billion_laughs`` only where the panel speaks XML):

    status_502      HTTP 502 with nginx's HTML page
    status_503      HTTP 503 with nginx's HTML page and ``Retry-After: 1``
    reset           no answer: the connection is closed with a TCP RST (SO_LINGER 0)
    truncate        HTTP 200, headers with the full Content-Length, the first half of the body, then the connection closes
    html_login      HTTP 200, the panel's HTML login page (text/html)
    non_json        the same as html_login
    empty           HTTP 200 with an empty body
    slow            the normal answer, ``slow_seconds`` late
    malicious_xml   HTTP 200, an XML answer with an external entity for file:///etc/passwd (XXE)
    billion_laughs  HTTP 200, an XML answer whose entities expand to 10^9 "lol"s
    huge_garbage    HTTP 200 with 80 MiB of junk, streamed from one small chunk
    echo_200        HTTP 200 whose body is the request itself, headers and body, as a proxy or debug page may show it
    echo_403        the same with HTTP 403
    echo_500        the same with HTTP 500
    echo_json       HTTP 200, a JSON object {"echo": <the request as text>} (a debug endpoint; the issue's report)

``when``: ``before`` -- the panel never sees the request; ``after`` -- the panel carries it out, then the
fault replaces the answer, so the client cannot know the outcome. ``slow`` always reaches the panel:
``before`` waits and then carries the request out, ``after`` carries it out and then waits.
``on``: ``all``, ``reads`` (requests that ask for no change) or ``writes``. ``count``: how many matching
requests get the fault (None: every one); later ones are served normally.
"""

from __future__ import annotations

import json
import math
import socket
import struct
import threading

ECHO_KINDS = {'echo_200': 200, 'echo_403': 403, 'echo_500': 500, 'echo_json': 200}
FAULT_KINDS = ('status_502', 'status_503', 'reset', 'truncate', 'html_login', 'non_json', 'empty', 'slow',
               'malicious_xml', 'billion_laughs', 'huge_garbage') + tuple(ECHO_KINDS)
XML_FAULT_KINDS = ('malicious_xml', 'billion_laughs')
FAULT_WHEN = ('before', 'after')
FAULT_ON = ('all', 'reads', 'writes')
FAULT_FIELDS = ('fault', 'fault_count', 'fault_when', 'fault_on', 'slow_seconds')
DEFAULT_SLOW_SECONDS = 5

HTML_TYPE = 'text/html; charset=UTF-8'  # what PHP and nginx send for a page
XML_TYPE = 'text/xml; charset=UTF-8'
HUGE_GARBAGE_BYTES = 80 * 1024 * 1024
GARBAGE_CHUNK = bytes(range(256)) * 256  # 64 KiB of junk, sent again and again: the simulator never holds more

# How a Reply goes on the wire.
WHOLE, RESET, TRUNCATE, GARBAGE = 'whole', 'reset', 'truncate', 'garbage'

XXE_ANSWER = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
              b'<!DOCTYPE packet [<!ENTITY leak SYSTEM "file:///etc/passwd">]>\n'
              b'<packet version="1.6.9.1"><system><status>error</status><errcode>1014</errcode>'
              b'<errtext>&leak;</errtext></system></packet>\n')


def _billion_laughs():
    names = ['lol'] + ['lol%d' % level for level in range(1, 10)]
    entities = ['<!ENTITY lol "lol">'] + ['<!ENTITY %s "%s">' % (name, '&%s;' % smaller * 10) for smaller, name in zip(names, names[1:])]
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE packet [\n %s\n]>\n'
            '<packet version="1.6.9.1"><system><status>error</status><errcode>1014</errcode>'
            '<errtext>&lol9;</errtext></system></packet>\n' % '\n '.join(entities)).encode('ascii')


BILLION_LAUGHS_ANSWER = _billion_laughs()


def nginx_page(status, title, text=''):
    """An nginx error page, as the panels' front servers send them."""
    paragraph = '<p>%s</p>\r\n' % text if text else ''
    return ('<html>\r\n<head><meta charset="utf-8"><title>%d %s</title></head>\r\n<body>\r\n<center><h1>%d %s</h1></center>\r\n'
            '%s<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n' % (status, title, status, title, paragraph)).encode('utf-8')


class Reply:
    """An HTTP answer and how it goes on the wire: ``delivery`` (whole, reset, truncate, garbage), after ``delay`` seconds.

    A delayed reply whose ``cancelled`` event fires during the wait (the simulator was reset or stopped) is
    dropped with a reset instead.
    """

    def __init__(self, status, body, content_type=HTML_TYPE, headers=None, delivery=WHOLE, delay=0, cancelled=None):
        self.status = status
        self.body = body
        self.content_type = content_type
        self.headers = headers or {}
        self.delivery = delivery
        self.delay = delay
        self.cancelled = cancelled

    @property
    def sent_body(self):
        """The body bytes that reach the client, for the request log (streamed junk is not kept)."""
        if self.delivery == TRUNCATE:
            return self.body[:len(self.body) // 2]
        if self.delivery in (RESET, GARBAGE):
            return b''
        return self.body


DROPPED = Reply(None, b'', None, delivery=RESET)


def deliver(handler, reply):
    """Put ``reply`` on the wire of ``handler``, a BaseHTTPRequestHandler."""
    if reply.delay and reply.cancelled is not None and reply.cancelled.wait(reply.delay):
        reply = DROPPED
    if reply.delivery == RESET:
        # A zero linger time makes close() abort the connection with a RST instead of a FIN.
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
        handler.close_connection = True
        handler.connection.close()  # the real close (and the RST) follows once the handler's files are closed
        return
    handler.send_response(reply.status)
    handler.send_header('Content-Type', reply.content_type)
    handler.send_header('Content-Length', str(HUGE_GARBAGE_BYTES if reply.delivery == GARBAGE else len(reply.body)))
    for name, value in reply.headers.items():
        handler.send_header(name, value)
    if handler.close_connection:
        handler.send_header('Connection', 'close')
    handler.end_headers()
    if reply.delivery == GARBAGE:
        _stream_garbage(handler)
    else:
        handler.wfile.write(reply.sent_body)
    if reply.delivery == TRUNCATE:
        handler.close_connection = True  # the promised rest never comes


def _stream_garbage(handler):
    chunk = memoryview(GARBAGE_CHUNK)
    sent = 0
    try:
        while sent < HUGE_GARBAGE_BYTES:
            piece = chunk[:HUGE_GARBAGE_BYTES - sent]
            handler.wfile.write(piece)
            sent += len(piece)
    except OSError:  # the client gave up reading, as a careful client should
        handler.close_connection = True


class FaultProfile:
    """What differs between the simulators' faults: the kinds offered, the login page, the answers' type, a stand-in answer.

    The stand-in is what ``truncate`` cuts when the request was not carried out (or its answer was empty).
    """

    def __init__(self, kinds, login_page, content_type, stand_in):
        self.kinds = kinds
        self.login_page = login_page
        self.content_type = content_type
        self.stand_in = stand_in


class Fault:
    """A fault taken by one request: the settings, and the event that reset() fires to end its waits."""

    def __init__(self, kind, when, on, slow_seconds, cancelled):
        self.kind = kind
        self.when = when
        self.on = on
        self.slow_seconds = slow_seconds
        self.cancelled = cancelled

    @property
    def carries_out(self):
        """Whether the panel carries the request out."""
        return self.when == 'after' or self.kind == 'slow'

    @property
    def delays_panel(self):
        """Whether the request reaches the panel only after a wait (``slow`` before)."""
        return self.kind == 'slow' and self.when == 'before'

    def wait(self):
        """Wait ``slow_seconds``; False when the simulator was reset or stopped meanwhile."""
        return not self.cancelled.wait(self.slow_seconds)

    def reply(self, profile, answered, request=None):
        """What goes back instead of ``answered``, the panel's Reply (None when the panel did not carry the request out).

        ``request`` is ``(method, path, headers, body)``, which the echo kinds answer with.
        """
        kind = self.kind
        if kind == 'echo_json':
            text = echo(request).decode('utf-8', errors='replace')
            # As PHP's json_encode writes it: non-ASCII as \uXXXX and the slash escaped.
            return Reply(200, json.dumps({'echo': text}).replace('/', '\\/').encode('ascii'), 'application/json')
        if kind in ECHO_KINDS:
            return Reply(ECHO_KINDS[kind], echo(request), 'text/plain; charset=UTF-8')
        if kind == 'slow':
            if self.when == 'before':
                return answered  # the wait came before the panel
            return Reply(answered.status, answered.body, answered.content_type, answered.headers,
                         delay=self.slow_seconds, cancelled=self.cancelled)
        if kind == 'status_502':
            return Reply(502, nginx_page(502, 'Bad Gateway'))
        if kind == 'status_503':
            return Reply(503, nginx_page(503, 'Service Temporarily Unavailable'), headers={'Retry-After': '1'})
        if kind == 'reset':
            return DROPPED
        if kind == 'truncate':
            body = answered.body if answered is not None and len(answered.body) > 1 else profile.stand_in
            return Reply(200, body, profile.content_type, delivery=TRUNCATE)
        if kind in ('html_login', 'non_json'):
            return Reply(200, profile.login_page)
        if kind == 'empty':
            return Reply(200, b'', profile.content_type)
        if kind == 'malicious_xml':
            return Reply(200, XXE_ANSWER, XML_TYPE)
        if kind == 'billion_laughs':
            return Reply(200, BILLION_LAUGHS_ANSWER, XML_TYPE)
        return Reply(200, b'', profile.content_type, delivery=GARBAGE)  # huge_garbage


# Headers that carry credentials; an echo shows them first, then the body, so that the start of the answer (all a
# message quotes) holds every secret the request carried.
CREDENTIAL_HEADERS = ('authorization', 'http_auth_login', 'http_auth_passwd', 'key')


def echo(request):
    """The request as text: the request line, the credential headers, the body, then the other headers."""
    method, path, headers, body = request
    items = list(headers.items())
    credentials = ['%s: %s' % (name, value) for name, value in items if name.lower() in CREDENTIAL_HEADERS]
    others = ['%s: %s' % (name, value) for name, value in items if name.lower() not in CREDENTIAL_HEADERS]
    head = '\r\n'.join(['%s %s HTTP/1.1' % (method, path)] + credentials) + '\r\n\r\n'
    return head.encode('utf-8') + body + ('\r\n\r\n' + '\r\n'.join(others)).encode('utf-8')


def _check_settings(kinds, kind, count, when, on, slow_seconds):
    if kind not in kinds:
        raise ValueError('fault takes %s or null, not %r' % (', '.join(kinds), kind))
    if count is not None and (isinstance(count, bool) or not isinstance(count, int) or count < 1):
        raise ValueError('fault_count takes a positive whole number or null, not %r' % (count,))
    if when not in FAULT_WHEN:
        raise ValueError('fault_when takes %s, not %r' % (' or '.join(FAULT_WHEN), when))
    if on not in FAULT_ON:
        raise ValueError('fault_on takes %s, not %r' % (', '.join(FAULT_ON), on))
    if isinstance(slow_seconds, bool) or not isinstance(slow_seconds, (int, float)) or not 0 <= slow_seconds < math.inf:
        raise ValueError('slow_seconds takes a number of seconds, 0 or more, not %r' % (slow_seconds,))


class FaultSwitch:
    """The fault in force and how many more matching requests it takes; thread-safe."""

    def __init__(self, kinds):
        self.kinds = kinds
        self._lock = threading.Lock()
        self._settings = None  # (kind, when, on, slow_seconds)
        self._remaining = None
        self._cancelled = threading.Event()

    def set(self, kind, count=None, when='before', on='all', slow_seconds=DEFAULT_SLOW_SECONDS):
        """Give the next ``count`` matching requests (None: all of them) the fault ``kind``; ``kind`` None ends it."""
        if kind is not None:
            _check_settings(self.kinds, kind, count, when, on, slow_seconds)
        with self._lock:
            self._settings = (kind, when, on, slow_seconds) if kind is not None else None
            self._remaining = count if kind is not None else None

    def reset(self):
        """No fault, and no request left waiting in a ``slow`` one."""
        self.set(None)
        self.cancel_waits()

    def cancel_waits(self):
        """End the waits of ``slow`` faults: those requests end unanswered, with a reset (and, before, not carried out)."""
        with self._lock:
            self._cancelled.set()
            self._cancelled = threading.Event()

    def take(self, is_write):
        """The Fault this request gets, counting it down, or None; ``is_write()`` is asked only when the fault picks."""
        with self._lock:
            if self._settings is None:
                return None
            kind, when, on, slow_seconds = self._settings
            if on != 'all' and (on == 'writes') != bool(is_write()):
                return None
            if self._remaining is not None:
                self._remaining -= 1
                if not self._remaining:
                    self._settings = self._remaining = None
            return Fault(kind, when, on, slow_seconds, self._cancelled)

    def to_json(self):
        with self._lock:
            kind, when, on, slow_seconds = self._settings or (None, 'before', 'all', DEFAULT_SLOW_SECONDS)
            return {'fault': kind, 'fault_count': self._remaining, 'fault_when': when, 'fault_on': on, 'slow_seconds': slow_seconds}


def fault_arguments(values):
    """The set_fault arguments in a control API object (None when it names no fault field); ValueError for a field without fault."""
    named = [name for name in FAULT_FIELDS if name in values]
    if not named:
        return None
    if 'fault' not in values:
        raise ValueError('%s goes with fault' % ', '.join(named))
    defaults = {'fault_when': 'before', 'fault_on': 'all', 'slow_seconds': DEFAULT_SLOW_SECONDS}
    chosen = {name: defaults[name] if values.get(name) is None else values[name] for name in defaults}  # null: the default
    return {'kind': values['fault'], 'count': values.get('fault_count'), 'when': chosen['fault_when'], 'on': chosen['fault_on'],
            'slow_seconds': chosen['slow_seconds']}
