# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Fault injection in both panel simulators, over real HTTP and raw sockets: every kind on the wire, count,
before/after (the state dump proves whether a write was carried out), reads/writes, the log, the control API
and the command line."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import tracemalloc
import urllib.parse
import xml.parsers.expat

import pytest
import requests
from lxml import etree

from ansible_collections.hosting.mail.tests.simulators.brainycp.server import BrainySimulator
from ansible_collections.hosting.mail.tests.simulators.faults import HUGE_GARBAGE_BYTES
from ansible_collections.hosting.mail.tests.simulators.plesk.client import element, packet
from ansible_collections.hosting.mail.tests.simulators.plesk.protocol import PacketError, parse_xml
from ansible_collections.hosting.mail.tests.simulators.plesk.server import PleskSimulator

COLLECTION_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
DEFAULT_FAULTS = {'fault': None, 'fault_count': None, 'fault_when': 'before', 'fault_on': 'all', 'slow_seconds': 5}
QUICK = 0.3  # slow_seconds in these tests


class PleskPanel:
    """Reads and writes of agent.php: <mail><get_info> on example.com, <mail><create> of a new mail name there."""

    name = 'plesk'

    def __init__(self, simulator):
        self.simulator = simulator

    @property
    def url(self):
        return self.simulator.agent_url

    def request(self, write=False, box='newbox'):
        """``(body, headers)`` of a read or a write."""
        if write:
            operation = element('create', element('filter', element('site-id', 1), element('mailname', element('name', box))))
        else:
            operation = element('get_info', element('filter', element('site-id', 1)), element('mailbox'))
        headers = {'Content-Type': 'text/xml', 'HTTP_AUTH_LOGIN': 'admin', 'HTTP_AUTH_PASSWD': 'demo-admin-password'}
        return etree.tostring(packet(element('mail', operation)), encoding='UTF-8'), headers

    def boxes(self):
        """The mail names of example.com, from the control API's state dump."""
        return [mail['name'] for mail in control(self.simulator, 'state')[1]['webspaces'][0]['mail']]

    @staticmethod
    def answered_normally(response):
        return response.status_code == 200 and b'<status>ok</status>' in response.content and b'<system>' not in response.content


class BrainyPanel:
    """Reads and writes of api.php: getlistmail and addmail for the hosting user webmaster."""

    name = 'brainycp'

    def __init__(self, simulator):
        self.simulator = simulator

    @property
    def url(self):
        return self.simulator.api_url

    def request(self, write=False, box='newbox'):
        form = {'login': 'admin', 'pass': 'demo-admin-password', 'module': 'mailclient', 'language': 'en', 'panel_user': 'webmaster'}
        if write:
            form.update(subdo='addmail', email=box + '@example.com', password='x-Secret-1', quota='1')
        else:
            form.update(subdo='getlistmail')
        return urllib.parse.urlencode(form).encode('ascii'), {'Content-Type': 'application/x-www-form-urlencoded'}

    def boxes(self):
        state = control(self.simulator, 'state')[1]
        return [box['email'].split('@')[0] for box in state['users'][0]['mailboxes']]

    @staticmethod
    def answered_normally(response):
        return response.status_code == 200 and response.json()['code'] == 0


def control(simulator, name, payload=None):
    """The control API over plain HTTP, as another process would call it: ``(status, JSON)``."""
    if payload is None:
        response = requests.get(simulator.url + '/__simulator__/' + name, timeout=10)
    else:
        response = requests.post(simulator.url + '/__simulator__/' + name, data=json.dumps(payload), timeout=10)
    return response.status_code, response.json()


@pytest.fixture(scope='module')
def running():
    simulators = {'plesk': PleskSimulator().start(), 'brainycp': BrainySimulator().start()}
    yield simulators
    for simulator in simulators.values():
        simulator.stop()


def make_panel(simulators, name):
    simulator = simulators[name]
    simulator.reset()
    return (PleskPanel if name == 'plesk' else BrainyPanel)(simulator)


@pytest.fixture(params=['plesk', 'brainycp'])
def panel(request, running):
    """Each simulator in turn, back at its seed; reset afterwards too, so no slow request outlives the test."""
    chosen = make_panel(running, request.param)
    yield chosen
    chosen.simulator.reset()


@pytest.fixture
def plesk(running):
    chosen = make_panel(running, 'plesk')
    yield chosen
    chosen.simulator.reset()


@pytest.fixture
def brainy(running):
    chosen = make_panel(running, 'brainycp')
    yield chosen
    chosen.simulator.reset()


@pytest.fixture
def session():
    with requests.Session() as kept_alive:
        yield kept_alive


def post(session, panel, write=False, box='newbox', **kwargs):
    body, headers = panel.request(write, box)
    kwargs.setdefault('timeout', 10)
    return session.post(panel.url, data=body, headers=headers, **kwargs)


def raw_request(panel, write=False, box='newbox'):
    """The bytes of one HTTP/1.1 request, for tests that read the wire themselves."""
    body, headers = panel.request(write, box)
    lines = ['POST %s HTTP/1.1' % urllib.parse.urlsplit(panel.url).path, 'Host: 127.0.0.1', 'Content-Length: %d' % len(body)]
    lines += ['%s: %s' % item for item in headers.items()]
    return ('\r\n'.join(lines) + '\r\n\r\n').encode('ascii') + body


def read_until_closed(sock):
    received = b''
    while True:
        data = sock.recv(65536)
        if not data:
            return received
        received += data


def fault_settings(simulator):
    """The fault fields of the switches (BrainyCP's have ip_blocked and http_basic too)."""
    return {name: value for name, value in simulator.faults.items() if name in DEFAULT_FAULTS}


def faults_logged(panel):
    return [(entry.fault, entry.carried_out, entry.write, entry.status) for entry in panel.simulator.log]


# --- every kind on the wire ---------------------------------------------------------------------------------

@pytest.mark.parametrize('kind, status, title', [('status_502', 502, b'502 Bad Gateway'),
                                                 ('status_503', 503, b'503 Service Temporarily Unavailable')])
def test_status_faults_answer_the_count_then_normally(panel, session, kind, status, title):
    panel.simulator.set_fault(kind, 2)
    for attempt in range(2):
        response = post(session, panel)
        assert response.status_code == status and title in response.content, attempt
        assert response.headers['Content-Type'].startswith('text/html')
        assert response.headers.get('Retry-After') == ('1' if status == 503 else None)
    assert panel.answered_normally(post(session, panel)), 'the keep-alive connection serves on after the faults'
    assert faults_logged(panel) == [(kind, False, False, status)] * 2 + [(None, True, False, 200)]
    assert fault_settings(panel.simulator) == DEFAULT_FAULTS


@pytest.mark.parametrize('kind, status', [('echo_200', 200), ('echo_403', 403), ('echo_500', 500)])
def test_echo_faults_answer_with_the_request_itself(panel, session, kind, status):
    panel.simulator.set_fault(kind, 1, on='writes')
    body, headers = panel.request(True, 'echoed')
    response = session.post(panel.url, data=body, headers=dict(headers, Authorization='Basic dXNlcjpwYXNz'), timeout=10)
    assert response.status_code == status and response.headers['Content-Type'].startswith('text/plain')
    # Credentials and body first: a message that quotes only the start of an answer still meets them.
    head, echoed = response.content.split(b'\r\n\r\n', 1)
    request_line, *credentials = head.split(b'\r\n')
    sent = [b'%s: %s' % (name.encode(), value.encode()) for name, value in headers.items() if name.startswith('HTTP_AUTH')]
    assert request_line.startswith(b'POST ') and credentials == sent + [b'Authorization: Basic dXNlcjpwYXNz']
    assert echoed.startswith(body + b'\r\n\r\n') and b'Content-Type: ' in echoed
    assert faults_logged(panel) == [(kind, False, True, status)]


def test_the_json_echo_answers_the_request_as_php_would_encode_it(panel, session):
    panel.simulator.set_fault('echo_json', 1)
    body, headers = panel.request(False)
    response = session.post(panel.url, data=body, headers=headers, timeout=10)
    assert response.status_code == 200 and response.headers['Content-Type'] == 'application/json'
    assert b'\\/api\\/' in response.content or b'\\/enterprise\\/' in response.content  # PHP escapes the slash
    echoed = response.json()['echo']
    assert echoed.startswith('POST /') and body.decode() in echoed
    assert faults_logged(panel) == [('echo_json', False, False, 200)]


def test_reset_aborts_the_connection_with_a_rst(panel, session):
    panel.simulator.set_fault('reset', 2)
    with socket.create_connection(('127.0.0.1', panel.simulator.port), timeout=5) as sock:
        sock.sendall(raw_request(panel))
        with pytest.raises(ConnectionResetError):  # a FIN would read as b'' instead
            sock.recv(1024)
    with pytest.raises(requests.exceptions.ConnectionError):
        post(session, panel)
    assert panel.answered_normally(post(session, panel))
    assert faults_logged(panel) == [('reset', False, False, None)] * 2 + [(None, True, False, 200)]
    assert panel.simulator.log[0].response == b''


def test_truncate_sends_half_the_promised_body_then_closes(panel, session):
    panel.simulator.set_fault('truncate', 2, when='after')
    with socket.create_connection(('127.0.0.1', panel.simulator.port), timeout=5) as sock:
        sock.sendall(raw_request(panel))
        head, _separator, body = read_until_closed(sock).partition(b'\r\n\r\n')
    assert head.startswith(b'HTTP/1.1 200 ') and b'Connection: close' not in head
    promised = int([line for line in head.split(b'\r\n') if line.lower().startswith(b'content-length:')][0].split(b':')[1])
    entry = panel.simulator.log[0]
    assert promised == len(entry.panel_response) > 1 and body == entry.panel_response[:promised // 2] == entry.response
    with pytest.raises(requests.exceptions.ChunkedEncodingError):  # urllib3: IncompleteRead
        post(session, panel)
    assert panel.answered_normally(post(session, panel))
    assert faults_logged(panel) == [('truncate', True, False, 200)] * 2 + [(None, True, False, 200)]


@pytest.mark.parametrize('kind', ['html_login', 'non_json'])
def test_login_page_faults(panel, session, kind):
    panel.simulator.set_fault(kind, 1)
    response = post(session, panel)
    assert response.status_code == 200 and response.headers['Content-Type'].startswith('text/html')
    assert response.content.startswith(b'<!DOCTYPE html>') and b'type="password"' in response.content
    assert panel.answered_normally(post(session, panel))
    assert faults_logged(panel) == [(kind, False, False, 200), (None, True, False, 200)]


def test_empty_answers_200_without_a_body(panel, session):
    panel.simulator.set_fault('empty', 1)
    response = post(session, panel)
    assert response.status_code == 200 and response.content == b'' and response.headers['Content-Length'] == '0'
    assert panel.answered_normally(post(session, panel))


def test_slow_before_waits_then_carries_out(panel, session):
    panel.simulator.set_fault('slow', 1, slow_seconds=QUICK)
    started = time.monotonic()
    response = post(session, panel, write=True)
    assert time.monotonic() - started >= QUICK and panel.answered_normally(response)
    assert 'newbox' in panel.boxes()
    assert faults_logged(panel) == [('slow', True, True, 200)]


def test_slow_after_loses_the_answer_of_a_done_write(panel, session):
    panel.simulator.set_fault('slow', 1, when='after', slow_seconds=QUICK)
    with pytest.raises(requests.exceptions.ReadTimeout):
        post(session, panel, write=True, timeout=QUICK / 3)
    assert 'newbox' in panel.boxes(), 'carried out before the wait'
    entry = panel.simulator.log[0]
    assert (entry.fault, entry.carried_out, entry.response) == ('slow', True, entry.panel_response)


def test_reset_cancels_a_slow_request_still_waiting(panel, session):
    panel.simulator.set_fault('slow', slow_seconds=QUICK)
    with pytest.raises(requests.exceptions.ReadTimeout):
        post(session, panel, write=True, timeout=QUICK / 3)
    panel.simulator.reset()
    time.sleep(QUICK)
    assert 'newbox' not in panel.boxes() and panel.simulator.log == [], 'the wait ended unanswered, the write never came'


def entities_and_references(body):
    """The entity declarations of a document and the references in its content, read without expanding any."""
    parser = xml.parsers.expat.ParserCreate()
    declared, referenced = {}, []
    parser.EntityDeclHandler = lambda name, is_parameter, value, base, system_id, public_id, notation: declared.update({name: value or system_id})
    parser.DefaultHandler = lambda data: referenced.append(data) if data.startswith('&') else None  # DefaultHandler: no expansion
    parser.Parse(body, True)
    return declared, referenced


@pytest.mark.parametrize('kind, entity, definition', [('malicious_xml', 'leak', 'file:///etc/passwd'), ('billion_laughs', 'lol9', '&lol8;' * 10)])
def test_plesk_answers_hostile_xml(plesk, session, kind, entity, definition):
    plesk.simulator.set_fault(kind, 1)
    response = post(session, plesk)
    assert response.status_code == 200 and response.headers['Content-Type'].startswith('text/xml') and len(response.content) < 2048
    declared, referenced = entities_and_references(response.content)
    assert declared[entity] == definition and referenced == ['&%s;' % entity]
    if kind == 'billion_laughs':
        assert declared['lol'] == 'lol' and all(declared['lol%d' % level] for level in range(1, 10))
    with pytest.raises(PacketError):  # a hardened parser refuses it whole
        parse_xml(response.content)
    assert plesk.answered_normally(post(session, plesk))


@pytest.mark.parametrize('kind', ['malicious_xml', 'billion_laughs'])
def test_hostile_xml_is_plesk_only(brainy, kind):
    with pytest.raises(ValueError, match='fault takes'):
        brainy.simulator.set_fault(kind)


def test_huge_garbage_streams_80_mib_without_holding_it(plesk, session):
    plesk.simulator.set_fault('huge_garbage', 1, when='after')
    tracemalloc.start()
    try:
        with post(session, plesk, write=True, stream=True) as response:
            assert response.status_code == 200 and int(response.headers['Content-Length']) == HUGE_GARBAGE_BYTES
            received = sum(len(chunk) for chunk in response.iter_content(1024 * 1024))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert received == HUGE_GARBAGE_BYTES
    assert peak < 16 * 1024 * 1024, 'simulator and client together never held more than a few chunks'
    assert 'newbox' in plesk.boxes()
    assert faults_logged(plesk) == [('huge_garbage', True, True, 200)] and plesk.simulator.log[0].response == b''


def test_huge_garbage_ends_when_the_client_stops_reading(brainy, session):
    brainy.simulator.set_fault('huge_garbage', 1)
    with post(session, brainy, stream=True) as response:
        assert int(response.headers['Content-Length']) == HUGE_GARBAGE_BYTES
        start = response.raw.read(4 * 1024 * 1024)
        assert len(start) == 4 * 1024 * 1024 and start[:4] == b'\x00\x01\x02\x03'
    assert brainy.answered_normally(post(session, brainy)), 'the panel serves on once the client hung up'


@pytest.mark.parametrize('make_panel_class', [(PleskSimulator, PleskPanel), (BrainySimulator, BrainyPanel)], ids=['plesk', 'brainycp'])
def test_reset_and_truncate_over_tls(make_panel_class, session):
    simulator_class, panel_class = make_panel_class
    with simulator_class(tls=True) as simulator:
        panel = panel_class(simulator)
        simulator.set_fault('reset', 1)
        with pytest.raises(requests.exceptions.ConnectionError):
            post(session, panel, verify=simulator.ca_cert)
        simulator.set_fault('truncate', 1, when='after')
        with pytest.raises(requests.exceptions.ChunkedEncodingError):
            post(session, panel, verify=simulator.ca_cert)
        assert panel.answered_normally(post(session, panel, verify=simulator.ca_cert))
        assert [entry.fault for entry in simulator.log] == ['reset', 'truncate', None]


# --- before and after, reads and writes, count --------------------------------------------------------------

@pytest.mark.parametrize('kind', ['status_502', 'status_503', 'reset', 'truncate', 'html_login', 'empty'])
def test_before_leaves_the_state_and_after_changes_it(panel, session, kind):
    broken_off = kind in ('reset', 'truncate')
    panel.simulator.set_fault(kind, 1)
    with pytest.raises(requests.exceptions.RequestException) if broken_off else contextlib.nullcontext():
        post(session, panel, write=True, box='before')
    assert 'before' not in panel.boxes()
    panel.simulator.set_fault(kind, 1, when='after')
    with pytest.raises(requests.exceptions.RequestException) if broken_off else contextlib.nullcontext():
        post(session, panel, write=True, box='after')
    assert 'after' in panel.boxes(), 'carried out, though the client never learnt it'
    before, after = control(panel.simulator, 'log')[1]
    assert (before['fault'], before['carried_out'], before['panel_response']) == (kind, False, None)
    assert (after['fault'], after['carried_out']) == (kind, True) and after['panel_response']
    retried = post(session, panel, write=True, box='after')
    assert not panel.answered_normally(retried), 'the retry of a write that was done meets "already exists"'


@pytest.mark.parametrize('picked', ['writes', 'reads'])
def test_on_picks_reads_or_writes(panel, session, picked):
    panel.simulator.set_fault('status_503', 1, on=picked)
    first, second = (False, True) if picked == 'writes' else (True, False)
    assert panel.answered_normally(post(session, panel, write=first, box='one')), 'not picked, and not counted'
    assert post(session, panel, write=second, box='two').status_code == 503
    assert panel.answered_normally(post(session, panel, write=second, box='three'))
    assert faults_logged(panel) == [(None, True, first, 200), ('status_503', False, second, 503), (None, True, second, 200)]


def test_without_a_count_the_fault_stays_until_cleared(panel, session):
    panel.simulator.set_fault('empty')
    for attempt in range(3):
        assert post(session, panel).content == b'', attempt
    assert fault_settings(panel.simulator) == dict(DEFAULT_FAULTS, fault='empty')
    panel.simulator.set_fault(None)
    assert panel.answered_normally(post(session, panel))


def test_set_fault_refuses_bad_settings(panel):
    for arguments in ({'kind': 'nope'}, {'kind': 'empty', 'count': 0}, {'kind': 'empty', 'count': True}, {'kind': 'empty', 'when': 'later'},
                      {'kind': 'empty', 'on': 'some'}, {'kind': 'slow', 'slow_seconds': -1}, {'kind': 'slow', 'slow_seconds': '1'}):
        with pytest.raises(ValueError):
            panel.simulator.set_fault(**arguments)
    assert fault_settings(panel.simulator) == DEFAULT_FAULTS


# --- control API and command line ---------------------------------------------------------------------------

def test_control_api_sets_shows_and_clears_faults(panel, session):
    settings = {'fault': 'status_503', 'fault_count': 2, 'fault_when': 'after', 'fault_on': 'writes', 'slow_seconds': 0.5}
    status, shown = control(panel.simulator, 'faults', settings)
    assert status == 200 and {name: shown[name] for name in settings} == settings
    assert control(panel.simulator, 'faults')[1]['fault'] == 'status_503'
    assert post(session, panel, write=True).status_code == 503 and 'newbox' in panel.boxes()
    assert control(panel.simulator, 'faults')[1]['fault_count'] == 1
    assert control(panel.simulator, 'faults', {'fault': None})[1]['fault'] is None
    assert panel.answered_normally(post(session, panel, write=True, box='next'))
    entry = control(panel.simulator, 'log')[1][0]
    assert (entry['fault'], entry['carried_out'], entry['write'], entry['status']) == ('status_503', True, True, 503)
    for bad in ({'fault': 'nope'}, {'fault_when': 'after'}, {'fault': 'empty', 'fault_on': 'some'}, {'fault': 'empty', 'fault_when': 'later'},
                {'fault': 'slow', 'slow_seconds': -1}, {'fault': 'empty', 'fault_count': 0}, {'colour': 'blue'}, [1]):
        assert control(panel.simulator, 'faults', bad)[0] == 400, bad
    hostile = control(panel.simulator, 'faults', {'fault': 'malicious_xml'})[0]
    assert hostile == (200 if panel.name == 'plesk' else 400)
    control(panel.simulator, 'faults', {'fault': 'empty', 'fault_when': None, 'fault_on': None})
    assert fault_settings(panel.simulator) == dict(DEFAULT_FAULTS, fault='empty'), 'null is the default'
    panel.simulator.set_fault('status_502')
    assert requests.post(panel.simulator.url + '/__simulator__/reset', timeout=10).status_code == 200
    assert fault_settings(panel.simulator) == DEFAULT_FAULTS, 'reset ends the fault'


def test_control_api_is_never_faulted(panel, session):
    panel.simulator.set_fault('reset')
    for name in ('log', 'state', 'quirks', 'faults'):
        assert control(panel.simulator, name)[0] == 200, name
    with pytest.raises(requests.exceptions.ConnectionError):
        post(session, panel)
    assert len(panel.simulator.log) == 1


def test_command_line_starts_with_a_fault(tmp_path):
    ready_file = tmp_path / 'ready.json'
    process = subprocess.Popen(  # pylint: disable=consider-using-with
        [sys.executable, '-m', 'tests.simulators.plesk', '--fault', 'status_503', '--fault-count', '1',
         '--fault-on', 'reads', '--fault-when', 'after', '--slow-seconds', '2', '--ready-file', str(ready_file)],
        cwd=COLLECTION_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 20
        while not ready_file.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ready_file.exists(), process.stderr.read() if process.poll() is not None else 'no ready file'
        url = json.loads(ready_file.read_text())['url']
        assert requests.get(url + '/__simulator__/faults', timeout=10).json() == {
            'fault': 'status_503', 'fault_count': 1, 'fault_when': 'after', 'fault_on': 'reads', 'slow_seconds': 2}
        body, headers = PleskPanel(None).request()
        assert requests.post(url + '/enterprise/control/agent.php', data=body, headers=headers, timeout=10).status_code == 503
        assert requests.post(url + '/enterprise/control/agent.php', data=body, headers=headers, timeout=10).status_code == 200
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=10)
    assert process.returncode == 0


@pytest.mark.parametrize('arguments, words', [(['--fault', 'malicious_xml'], 'fault takes'), (['--fault', 'empty', '--fault-count', '0'], 'fault_count')])
def test_command_line_refuses_bad_faults(arguments, words):
    refused = subprocess.run([sys.executable, '-m', 'tests.simulators.brainycp'] + arguments, cwd=COLLECTION_ROOT,
                             capture_output=True, text=True, timeout=20, check=False)
    assert refused.returncode == 2 and words in refused.stderr
