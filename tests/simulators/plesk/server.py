# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The HTTP(S) side of the Plesk simulator: agent.php, faults, a control API, and PleskSimulator for Python tests.

    with PleskSimulator(tls=True) as simulator:
        requests.post(simulator.agent_url, data=packet, verify=simulator.ca_cert,
                      headers={'Content-Type': 'text/xml', 'HTTP_AUTH_LOGIN': 'admin', 'HTTP_AUTH_PASSWD': '...'})

The control API needs no Plesk credentials; the server listens on 127.0.0.1 only.

    GET  /__simulator__/log     the request log, a JSON list
    GET  /__simulator__/state   the panel in the seed format, passwords included
    GET  /__simulator__/quirks  the quirks in force
    GET  /__simulator__/faults  the fault in force: {"fault", "fault_count", "fault_when", "fault_on", "slow_seconds"}
    POST /__simulator__/reset   back to the seed (or to a seed sent as the JSON body); log cleared, quirks reset, no fault
    POST /__simulator__/quirks  change quirks with a JSON object, e.g. {"missing_mail": "omit"}
    POST /__simulator__/faults  set a fault, e.g. {"fault": "reset", "fault_count": 1, "fault_when": "after",
                                "fault_on": "writes"}, or end it with {"fault": null}; see faults.py for the kinds
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import ssl
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

from ...support.tls import make_ca_signed
from ..serving import SimulatorServer
from ..faults import DEFAULT_SLOW_SECONDS, DROPPED, FAULT_FIELDS, FAULT_KINDS, XML_TYPE, FaultProfile, FaultSwitch, Reply, deliver, fault_arguments
from .agent import answer, describe
from .schema import open_schemas
from .state import Panel, load_seed

AGENT_PATH = '/enterprise/control/agent.php'
CONTROL_PREFIX = '/__simulator__/'
MAX_BODY_BYTES = 16 * 1024 * 1024
IDLE_TIMEOUT = 120  # seconds a kept-alive connection may wait for its next request

# Behaviours no source pins down, switchable per test. The first value is the default.
QUIRKS = {
    # <mail><get_info> for a name that does not exist: a result with 1013, or no result at all.
    'missing_mail': ('error', 'omit'),
    # <site><get> by id, name or guid of no add-on site: a result with 1013, or no result at all.
    'missing_site': ('error', 'omit'),
    # <site><get> with an empty filter: add-on sites only (addons, as api-php-lib's testGetAllWithoutSites sees it), or
    # every domain, a subscription's main domain too (all). Which a panel lists is not documented (acme.sh #4710
    # merges both lists).
    'site_listing': ('addons', 'all'),
    # The results of <site><get> and <webspace><get>: with the filter-id of the criterion they answer, or without
    # (resultFilterType makes it optional, and no sample shows it for a name filter).
    'filter_id': ('echo', 'omit'),
    # <user> and <role>: served at every version; gone from protocol 1.6.9.1 on (a schema error, 1014, as the
    # 1.6.9.1 schemas lack them), while packets pinned to 1.6.9.0 or lower still work; or answered 1017 always,
    # per operation (unsupported) or for the whole packet, as a system error (unsupported_packet).
    'user_operator': ('available', 'versioned', 'unsupported', 'unsupported_packet'),
    # update/remove of the last forwarding address of an account whose forwarding is on: forwarding goes off
    # ("nothing left to forward to"), stays on with no address, or the removal is refused (1019). The docs
    # leave it open (shared/docs/plesk-xml-api.md, section 9).
    'forwarding_emptied': ('disable', 'keep', 'refuse'),
    # update/set with a <mailbox>, <forwarding> or <autoresponder> section: only the elements it holds change
    # (merge), or the section replaces the stored one whole, omitted elements taking their XSD defaults and an
    # omitted address list becoming empty (replace). "All settings specified in the packet will replace all the
    # settings already existing" reads either way.
    'set_sections': ('merge', 'replace'),
    # <mail><get_prefs>: every preference (all); never greylisting, as a real 1.6.9.1 answer lacked it
    # (omit-greylisting); or <prefs><none/></prefs> for a domain whose mail service is off (none-when-off). The
    # output XSD makes every preference optional and allows <none/>; which a panel answers is undocumented.
    'prefs_fields': ('all', 'omit-greylisting', 'none-when-off'),
    # <mail><set_prefs>: preferences not sent stay as they are (keep), or go back to their defaults (reset: the
    # docs' "replace all settings" reading). The XSD allows partial prefs; their meaning is undocumented.
    'set_prefs_omitted': ('keep', 'reset'),
    # prefs/mailservice in set_prefs: switches the mail service as enable/disable do (linked), or is accepted and
    # changes nothing, only enable/disable switching it (ignored). The docs name both and do not relate them.
    'mailservice_prefs': ('linked', 'ignored'),
    # Switching spam-protect-sign (DKIM signing) off: the DKIM TXT records leave the zone (remove), or stay
    # (keep). Undocumented; Plesk adds them when signing goes on.
    'dkim_off': ('remove', 'keep'),
    # <dns><get_rec> hosts: absolute with a trailing dot, apex "example.com." (fqdn-dot, as the docs sample shows),
    # absolute without the dot (fqdn), or as stored, relative to the zone with the apex "" (relative). The docs
    # show one sample; acme.sh copes with the first only.
    'dns_host_format': ('fqdn-dot', 'fqdn', 'relative'),
    # <dns><add_rec> of an exact duplicate (type, host in any case, value): a second record with a new id (accept),
    # or 1007 (refuse; one third-party hook treats 1007 as "already exists", unconfirmed).
    'dns_duplicate': ('accept', 'refuse'),
    # <dns><get_rec> by the site-id of a domain without a DNS zone: one error result 1013 (error), or nothing
    # (empty). Undocumented.
    'dns_no_zone': ('error', 'empty'),
    # <dns><del_rec> of an id no record has: nothing (empty, as get_rec answers an unknown id in the docs), or an
    # error result 1013 carrying that id (error; the output XSD allows an id in it). Undocumented.
    'dns_del_unknown': ('empty', 'error'),
    # <spamfilter>: served at every version (available); gone from protocol 1.6.9.1 on, a schema error 1014, while
    # packets pinned to 1.6.9.0 or lower still work (versioned: the docs list it up to 1.6.9.0 only); or every
    # operation answered 1017 (unsupported).
    'spamfilter_operator': ('available', 'versioned', 'unsupported'),
    # <spamfilter><get> preferences: required-score, rewrite-header and action (all; admin adds personal and
    # max-children-process), or <preferences/> for a filter that is off (empty-when-off). The XSD makes all optional.
    'sf_get_fields': ('all', 'empty-when-off'),
    # add-pattern/del-pattern results: one per pattern with the pattern as filter-id (per-pattern), or one for the
    # operation (per-operation). resultFilterType allows either; no sample exists.
    'sf_pattern_results': ('per-pattern', 'per-operation'),
    # add-pattern of a pattern already in the list (any case): ok, or 1007 for it while the others are still added
    # (refuse). Undocumented.
    'sf_duplicate_pattern': ('ok', 'refuse'),
    # required-score (xs:anySimpleType) as stored and answered: as sent (as-sent), or a number with one decimal
    # ("5" -> "5.0", decimal). Undocumented.
    'sf_score_format': ('as-sent', 'decimal'),
    # rewrite-header as answered: as sent (as-sent), or with "subject " before the text when it lacks it
    # (subject-prefix: SpamAssassin's own form is "rewrite_header Subject <text>"). Undocumented.
    'sf_rewrite_header': ('as-sent', 'subject-prefix'),
    # <spamfilter><set>: preferences not sent stay (keep), or go back to their defaults (reset). enabled/disabled
    # left out leaves the state alone either way. Undocumented.
    'sf_set_omitted': ('keep', 'reset'),
}
# The quirks whose values the convergence tests run under, every combination (tests/unit/plugins/modules/
# test_convergence.py): each is a reading of the docs a real panel may have.
CONVERGENCE_QUIRKS = ('forwarding_emptied', 'set_sections')

PLESK_LOGIN_PAGE = b'''<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Plesk Obsidian</title></head>
<body>
<form id="form-login" method="post" action="/login_up.php">
<input type="text" name="login_name" placeholder="Username">
<input type="password" name="passwd" placeholder="Password">
<button type="submit">Log in</button>
</form>
</body>
</html>
'''
# What truncate cuts when the panel did not carry the request out.
STAND_IN_ANSWER = (b'<?xml version="1.0" encoding="UTF-8"?>\n<packet version="1.6.9.1"><server><get><result><status>ok</status>'
                   b'</result></get></server></packet>\n')
# Every kind; non_json is html_login, as Plesk answers XML and a login page is its "not JSON".
FAULT_PROFILE = FaultProfile(FAULT_KINDS, PLESK_LOGIN_PAGE, XML_TYPE, STAND_IN_ANSWER)

LOG = logging.getLogger(__name__)


def check_quirks(values):
    """``values`` if every quirk and value is known; ValueError otherwise."""
    if not isinstance(values, dict):
        raise ValueError('quirks must be a JSON object, got %r' % (values,))
    for name, value in values.items():
        if name not in QUIRKS:
            raise ValueError('unknown quirk %r (known: %s)' % (name, ', '.join(sorted(QUIRKS))))
        if value not in QUIRKS[name]:
            raise ValueError('quirk %s takes %s, not %r' % (name, ' or '.join(QUIRKS[name]), value))
    return dict(values)


class LogEntry:
    """One request the simulator received, and what it answered.

    ``operations`` lists the packet's operations (``mail/update/set``, ``site/get``, ...) even when a
    check refused the packet; ``write`` says whether any of them asks for a change, carried out or not.
    ``fault`` names the fault the request got (None: none); ``carried_out`` is False only when a fault
    kept the request from the panel; ``panel_response`` is the panel's own answer that a fault replaced
    or delayed. ``status`` and ``response`` are what went on the wire (None and b'' for a reset; the
    half sent for truncate; b'' for streamed junk).
    """

    def __init__(self, method, path, headers, body, status, response, operations=(), write=False, response_errors=(),
                 fault=None, carried_out=True, panel_response=None):
        self.time = time.time()
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.operations = list(operations)
        self.write = write
        self.status = status
        self.response = response
        self.response_errors = list(response_errors)  # schema errors of the answer: simulator bugs
        self.fault = fault
        self.carried_out = carried_out
        self.panel_response = panel_response

    def to_json(self):
        return {
            'time': self.time, 'method': self.method, 'path': self.path, 'headers': self.headers,
            'body': self.body.decode('utf-8', 'replace'), 'operations': self.operations, 'write': self.write,
            'status': self.status, 'response': self.response.decode('utf-8', 'replace'),
            'response_errors': self.response_errors, 'fault': self.fault, 'carried_out': self.carried_out,
            'panel_response': None if self.panel_response is None else self.panel_response.decode('utf-8', 'replace'),
        }


class _Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'  # keep-alive, as Plesk's sw-cp-server speaks it
    server_version = 'sw-cp-server'
    sys_version = ''
    timeout = IDLE_TIMEOUT
    # Headers and body leave in separate writes; without TCP_NODELAY each answer waits ~40 ms for a delayed ACK.
    disable_nagle_algorithm = True

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        pass  # the request log records everything; stderr noise helps nobody

    def do_GET(self):  # pylint: disable=invalid-name
        self._route('GET')

    def do_POST(self):  # pylint: disable=invalid-name
        self._route('POST')

    def _route(self, method):
        body = self._read_body()
        if body is None:
            return
        path = urlsplit(self.path).path
        simulator = self.server.simulator
        headers = dict(self.headers.items())
        if path.startswith(CONTROL_PREFIX):
            status, payload = simulator.control(method, path[len(CONTROL_PREFIX):], body)
            self._send(status, json.dumps(payload, ensure_ascii=False, indent=1).encode('utf-8'), 'application/json')
        elif path == AGENT_PATH and method == 'POST':
            deliver(self, simulator.answer_agent(method, path, headers, body))
        else:
            status = 405 if path == AGENT_PATH else 404
            response = ('%d %s\n' % (status, self.responses[status][0])).encode('ascii')
            simulator.record(LogEntry(method, path, headers, body, status, response))
            self._send(status, response, 'text/plain', {'Allow': 'POST'} if status == 405 else None)

    def _read_body(self):
        if 'chunked' in (self.headers.get('Transfer-Encoding') or '').lower():
            self.close_connection = True  # the body was not read, so the connection cannot be reused
            self._send(411, b'411 Length Required\n', 'text/plain')
            return None
        try:
            length = int(self.headers.get('Content-Length') or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY_BYTES:
            self.close_connection = True
            self._send(400, b'400 Bad Content-Length\n', 'text/plain')
            return None
        return self.rfile.read(length)

    def _send(self, status, body, content_type, extra_headers=None):
        deliver(self, Reply(status, body, content_type, extra_headers))


class PleskSimulator:
    """A Plesk agent.php on 127.0.0.1 with a seeded panel; ``start()``/``stop()`` or use it in ``with``.

    ``seed``: a dict, a JSON file path, or None for the bundled seed-demo.json. ``login``/``password``
    replace the seed's admin credentials, ``secret_keys`` are added to the seed's. ``schemas_dir``:
    the 1.6.6.0 XSD folder (None: look for it, see schema.py; False: no validation). ``port`` 0 picks
    a free port. With ``tls`` a private CA signs a certificate, written to ``cert_dir`` (default: a
    temporary folder); clients trust ``ca_cert``. ``panel`` is the live model; ``reset()`` replaces it.

    ``set_fault(kind, count, when, on, slow_seconds)`` breaks agent.php answers on purpose (see
    faults.py); ``reset()`` ends it.
    """

    def __init__(self, seed=None, tls=False, login=None, password=None, secret_keys=(), schemas_dir=None,
                 port=0, cert_dir=None, quirks=None):
        self.seed = load_seed(seed)
        self.tls = tls
        self.port = port
        self.cert_dir = cert_dir
        self.ca_cert = None
        self._credentials = (login, password, list(secret_keys))
        self._initial_quirks = dict({name: values[0] for name, values in QUIRKS.items()}, **check_quirks(quirks or {}))
        self.quirks = dict(self._initial_quirks)
        self.schemas, self.schema_status = open_schemas(schemas_dir)
        self._lock = threading.Lock()  # one request at a time changes the panel and the log
        self._log = []
        self._faults = FaultSwitch(FAULT_KINDS)
        self.panel = self._seeded_panel(self.seed)
        self._server = None
        self._thread = None
        self._temporary_cert_dir = None

    def _seeded_panel(self, seed):
        panel = Panel.from_seed(seed)
        login, password, secret_keys = self._credentials
        if login is not None:
            panel.admin['login'] = login
        if password is not None:
            panel.admin['password'] = password
        panel.secret_keys.extend(secret_keys)
        return panel

    # --- life cycle ----------------------------------------------------------------------------

    def start(self):
        ssl_context = None
        if self.tls:
            if self.cert_dir is None:
                self._temporary_cert_dir = self.cert_dir = tempfile.mkdtemp(prefix='plesk-simulator-')
            os.makedirs(self.cert_dir, exist_ok=True)
            certificates = make_ca_signed(self.cert_dir)
            ssl_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ssl_context.load_cert_chain(certificates.server_cert, certificates.server_key)
            self.ca_cert = certificates.ca_cert
        self._server = SimulatorServer(('127.0.0.1', self.port), _Handler, self, ssl_context)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={'poll_interval': 0.05},
                                        name='plesk-simulator', daemon=True)
        self._thread.start()
        LOG.info('Plesk simulator at %s; %s', self.url, self.schema_status)
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
    def agent_url(self):
        return self.url + AGENT_PATH

    @property
    def validating(self):
        """Whether requests are validated against the Plesk XSDs (see ``schema_status`` for why not)."""
        return self.schemas is not None

    # --- state, log, quirks --------------------------------------------------------------------

    @property
    def log(self):
        """The requests received so far (LogEntry objects), oldest first."""
        with self._lock:
            return list(self._log)

    def record(self, entry):
        with self._lock:
            self._log.append(entry)

    def clear_log(self):
        with self._lock:
            self._log = []

    def reset(self, seed=None):
        """Back to the seed (or to ``seed``): a fresh panel, an empty log, the initial quirks, no fault."""
        panel = self._seeded_panel(load_seed(seed) if seed is not None else self.seed)
        self._faults.reset()
        with self._lock:
            self.panel = panel
            self._log = []
            self.quirks.clear()
            self.quirks.update(self._initial_quirks)

    def set_quirks(self, **values):
        values = check_quirks(values)
        with self._lock:
            self.quirks.update(values)

    def set_fault(self, kind, count=None, when='before', on='all', slow_seconds=DEFAULT_SLOW_SECONDS):
        """Give the next ``count`` agent.php requests (None: all) that ``on`` picks the fault ``kind``; None ends it.

        ``when`` is ``before`` (the panel never sees the request) or ``after`` (the panel carries it out, then the
        fault replaces the answer); ``on`` is ``all``, ``reads`` (packets without a write operation) or ``writes``.
        """
        self._faults.set(kind, count, when, on, slow_seconds)

    @property
    def faults(self):
        """The fault in force, as the control API shows it; ``fault_count`` is the number of faults left."""
        return self._faults.to_json()

    # --- requests --------------------------------------------------------------------------------

    def answer_agent(self, method, path, headers, body):
        """Answer an agent.php request and record it; returns the Reply, which a fault may have replaced."""
        fault = self._faults.take(lambda: describe(body)[1])
        if fault is not None and fault.delays_panel and not fault.wait():
            return DROPPED  # reset() ended the wait: the request never reaches the new panel, nor its log
        with self._lock:
            if fault is None or fault.carries_out:
                outcome = answer(headers, body, self.panel, self.schemas, self.quirks)
                answered = Reply(200, outcome.body, XML_TYPE)
                operations, write, response_errors = outcome.operations, outcome.write, outcome.response_errors
            else:
                answered = None
                (operations, write), response_errors = describe(body), []
            reply = answered if fault is None else fault.reply(FAULT_PROFILE, answered, (method, path, headers, body))
            self._log.append(LogEntry(method, path, headers, body, reply.status, reply.sent_body, operations, write,
                                      response_errors, fault=fault.kind if fault else None, carried_out=answered is not None,
                                      panel_response=answered.body if fault is not None and answered is not None else None))
        if response_errors:
            LOG.error('simulator bug: the answer fails agent_output.xsd: %s', '; '.join(response_errors))
        return reply

    def control(self, method, name, body):
        """Answer a control API request for ``/__simulator__/<name>``: ``(HTTP status, JSON-able payload)``."""
        routes = {
            ('GET', 'log'): lambda: [entry.to_json() for entry in self.log],
            ('GET', 'state'): self._state,
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

    def _state(self):
        with self._lock:
            return self.panel.to_dict()

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
        unknown = set(values) - set(FAULT_FIELDS)
        if unknown:
            raise ValueError('unknown field(s) %s (known: %s)' % (', '.join(sorted(unknown)), ', '.join(FAULT_FIELDS)))
        arguments = fault_arguments(values)
        if arguments is not None:
            self.set_fault(**arguments)
        return self.faults
