# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The Plesk simulator as a server: HTTP, authentication, packet checks, schemas, control API, TLS and CLI."""

from __future__ import annotations

import glob
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest
import requests
from lxml import etree

from ansible_collections.hosting.mail.tests.simulators.plesk.client import AgentClient, ResponseSchemaError, element, packet
from ansible_collections.hosting.mail.tests.simulators.plesk.schema import SchemaError, SchemaSet, find_schemas_dir
from ansible_collections.hosting.mail.tests.simulators.plesk.server import AGENT_PATH, QUIRKS, PleskSimulator
from ansible_collections.hosting.mail.tests.simulators.plesk.state import DEMO_SEED, Panel, load_seed

COLLECTION_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def info_packet(version=None):
    return packet(element('mail', element('get_info', element('filter', element('site-id', 1), element('name', 'info')))),
                  version=version)


def info_packet_bytes():
    return etree.tostring(info_packet())


def system_error(answer):
    errcode = answer.findtext('system/errcode')
    return int(errcode) if errcode else None


def samples(xsd, pattern):
    return sorted(glob.glob(os.path.join(xsd, '..', 'samples', pattern)))


def sample_id(path):
    return os.path.basename(path)


def control(simulator, name, payload=None):
    """Call the control API the way a playbook in another process would: plain HTTP, JSON."""
    data = None if payload is None else (payload if isinstance(payload, bytes) else json.dumps(payload).encode())
    request = urllib.request.Request(simulator.url + '/__simulator__/' + name, data=data,
                                     method='GET' if data is None else 'POST')
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


# --- authentication -------------------------------------------------------------------------------

def test_login_and_password_are_accepted(client):
    answer = client.request(info_packet())
    assert answer.findtext('mail/get_info/result/status') == 'ok'


@pytest.mark.parametrize('credentials', [
    {'HTTP_AUTH_PASSWD': 'wrong'},
    {'HTTP_AUTH_LOGIN': 'nobody'},
    {'HTTP_AUTH_LOGIN': None, 'HTTP_AUTH_PASSWD': None},
], ids=['password', 'login', 'none'])
def test_wrong_credentials_are_system_error_1001(client, credentials):
    assert system_error(client.request(info_packet(), headers=credentials)) == 1001


def test_secret_key_is_accepted_and_a_wrong_one_is_11003(simulator):
    good = AgentClient(simulator, key=simulator.panel.secret_keys[0])
    bad = AgentClient(simulator, key='not-the-key')
    assert good.request(info_packet()).findtext('mail/get_info/result/status') == 'ok'
    assert system_error(bad.request(info_packet())) == 11003
    good.close()
    bad.close()


def test_authentication_is_checked_before_anything_else(client):
    answer = client.request(b'<packet><not xml', headers={'HTTP_AUTH_PASSWD': 'wrong', 'Content-Type': 'text/plain'})
    assert system_error(answer) == 1001
    assert answer.get('version') == '1.6.9.1'


# --- transport --------------------------------------------------------------------------------------

@pytest.mark.parametrize('content_type', ['text/xml', 'text/xml; charset=UTF-8', 'TEXT/XML;charset=utf-8'])
def test_text_xml_content_types_are_accepted(client, content_type):
    assert system_error(client.request(info_packet(), headers={'Content-Type': content_type})) is None


@pytest.mark.parametrize('content_type', ['application/xml', 'text/plain', None])
def test_other_content_types_are_a_system_error(client, content_type):
    assert system_error(client.request(info_packet(), headers={'Content-Type': content_type})) == 1014


def test_keep_alive_serves_several_requests_over_one_connection(client, simulator):
    response, body = client.post(info_packet())
    first_socket = client.connection.sock
    assert first_socket is not None
    for attempt in range(3):
        assert (response.status, response.getheader('Content-Length'), response.will_close) == (200, str(len(body)), False)
        assert client.connection.sock is first_socket, 'request %d used a new connection' % attempt
        response, body = client.post(info_packet())
    response, body = client.post(b'', path='/elsewhere', method='GET')
    assert (response.status, response.getheader('Content-Length')) == (404, str(len(body)))
    response, body = client.post(info_packet())
    assert response.status == 200 and client.connection.sock is first_socket
    assert len(simulator.log) == 6


def test_other_paths_are_404_and_get_on_agent_php_is_405(client, simulator):
    assert client.post(b'', path='/index.php')[0].status == 404
    response = client.post(b'', path=AGENT_PATH, method='GET')[0]
    assert (response.status, response.getheader('Allow')) == (405, 'POST')
    assert [(entry.path, entry.status) for entry in simulator.log] == [('/index.php', 404), (AGENT_PATH, 405)]


def test_pretty_print_header_indents_the_answer(client):
    response, body = client.post(info_packet(), headers={'HTTP_PRETTY_PRINT': 'TRUE'})
    assert body.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<packet version="1.6.9.1">\n  <mail>')


def test_tls_with_a_private_ca():
    with PleskSimulator(tls=True, login='root', password='pw') as simulator:
        assert simulator.url.startswith('https://127.0.0.1:') and os.path.isfile(simulator.ca_cert)
        response = requests.post(simulator.agent_url, data=info_packet_bytes(), verify=simulator.ca_cert, timeout=10,
                                 headers={'Content-Type': 'text/xml', 'HTTP_AUTH_LOGIN': 'root', 'HTTP_AUTH_PASSWD': 'pw'})
        assert b'<status>ok</status>' in response.content
        with pytest.raises(requests.exceptions.SSLError):
            requests.post(simulator.agent_url, data=info_packet_bytes(), timeout=10)
        cert_dir = simulator.cert_dir
    assert not os.path.exists(cert_dir), 'a temporary certificate folder is removed on stop'


def test_a_stopped_simulator_answers_nothing(simulator):
    other = PleskSimulator(seed=simulator.seed, schemas_dir=False).start()
    agent = AgentClient(other)
    assert agent.request(info_packet()).findtext('mail/get_info/result/status') == 'ok'
    other.stop()
    with pytest.raises(OSError):
        agent.request(info_packet())
    agent.close()


# --- packet checks ----------------------------------------------------------------------------------

@pytest.mark.parametrize('body', [
    b'<packet><mail>',
    b'',
    b'not xml at all',
    b'<!DOCTYPE packet [<!ENTITY x "site-id">]><packet><mail><get_info><filter><site-id>1</site-id></filter></get_info></mail></packet>',
    b'<other/>',
], ids=['unclosed', 'empty', 'text', 'doctype', 'root'])
def test_malformed_packets_are_system_error_1014(client, body):
    assert system_error(client.request(body)) == 1014


@pytest.mark.parametrize('requested, answered', [
    (None, '1.6.9.1'), ('1.6', '1.6.9.1'), ('1.6.7', '1.6.7.0'), ('1.6.6.0', '1.6.6.0'), ('1.6.9.0', '1.6.9.0'),
])
def test_supported_versions_and_prefixes(client, requested, answered):
    answer = client.request(info_packet(version=requested))
    assert (answer.get('version'), system_error(answer)) == (answered, None)


@pytest.mark.parametrize('version', ['100.0.0', '1.6.5', '1.5.2.0', ''])
def test_unsupported_versions_are_1005(client, version):
    assert system_error(client.request(info_packet(version=version))) == 1005


def test_every_valid_sample_request_is_accepted(client, xsd):
    paths = samples(xsd, 'req-*.xml')
    assert len(paths) >= 10
    for path in paths:
        with open(path, 'rb') as handle:
            answer = client.request(handle.read())
        assert system_error(answer) is None, '%s: %s' % (sample_id(path), answer.findtext('system/errtext'))


def test_every_invalid_sample_request_is_1014_with_the_schema_message(client, xsd):
    paths = samples(xsd, 'invalid-req-*.xml')
    assert len(paths) >= 4
    for path in paths:
        with open(path, 'rb') as handle:
            answer = client.request(handle.read())
        assert system_error(answer) == 1014, sample_id(path)
        assert 'This element is not expected' in answer.findtext('system/errtext') or 'enumeration' in answer.findtext(
            'system/errtext'), sample_id(path)


@pytest.mark.parametrize('version, accepted', [
    ('1.6.6.0', False), ('1.6.7.0', True), ('1.6.8.0', True), ('1.6.9.0', True), ('1.6.9.1', True), (None, True),
])
def test_autoresponder_end_date_needs_protocol_1_6_7_0(client, xsd, version, accepted):
    with open(os.path.join(xsd, '..', 'samples', 'invalid-1660-req-mail-autoresponder-end_date.xml'), 'rb') as handle:
        request = etree.fromstring(handle.read())
    if version:
        request.set('version', version)
    answer = client.request(request)
    assert (system_error(answer) is None) == accepted
    if not accepted:
        assert "'end_date'" in answer.findtext('system/errtext')


def test_unsupported_operations_answer_1017_and_the_rest_still_runs(client):
    answer = client.request(packet(
        element('dns', element('get_acl')),
        element('role', element('add', element('name', 'Auditor'))),
        element('mail', element('get_info', element('filter', element('site-id', 1), element('name', 'info')))),
    ))
    assert [(operator.tag, operator.findtext('*/result/errcode')) for operator in answer] == [
        ('dns', '1017'), ('role', '1017'), ('mail', None)]


def test_unsupported_operations_whose_output_has_no_result_fail_the_packet(client, xsd):
    answer = client.request(packet(element('mail', element('get-available-mail-providers'))))
    assert system_error(answer) == 1014
    assert 'not supported by the simulator' in answer.findtext('system/errtext')


def test_the_log_records_requests_and_answers(client, simulator):
    client.request(info_packet(), headers={'X-Trace': 'abc'})
    client.request(b'<packet>')
    first, second = simulator.log
    assert (first.method, first.path, first.status) == ('POST', AGENT_PATH, 200)
    assert (first.operations, first.write) == (['mail/get_info'], False)
    assert first.headers['X-Trace'] == 'abc' and first.body.startswith(b'<packet>')
    assert b'<name>info</name>' in first.response
    assert second.operations == [] and b'<errcode>1014</errcode>' in second.response
    assert first.time <= second.time


# --- schemas ----------------------------------------------------------------------------------------

def test_responses_that_break_the_output_xsd_are_caught(xsd, simulator):
    schemas = SchemaSet(xsd)
    assert schemas.validate_response(b'<packet version="1.6.9.1"><mail><get_info/></mail></packet>')
    agent = AgentClient(simulator)
    with pytest.raises(ResponseSchemaError):
        agent.check(b'<packet version="1.6.6.0"><site><get><result><status>maybe</status></result></get></site></packet>')


def test_without_xsds_the_simulator_runs_and_says_so():
    with PleskSimulator(schemas_dir=False) as simulator:
        assert not simulator.validating and 'validation is off' in simulator.schema_status
        agent = AgentClient(simulator)
        wrong_order = (b'<packet><mail><create><filter><site-id>1</site-id><mailname><name>x</name><password><value>p</value>'
                       b'</password><mailbox><enabled>true</enabled></mailbox></mailname></filter></create></mail></packet>')
        assert agent.request(wrong_order).findtext('mail/create/result/status') == 'ok'
        assert agent.request(b'<packet><mail><create><filter/></create></mail></packet>').findtext('system/errcode') == '1014'
        agent.close()


def test_schema_folder_lookup(tmp_path, monkeypatch):
    monkeypatch.setenv('PLESK_SCHEMAS_DIR', str(tmp_path))
    with pytest.raises(SchemaError, match='PLESK_SCHEMAS_DIR'):
        find_schemas_dir()
    with pytest.raises(SchemaError, match='schemas_dir'):
        find_schemas_dir(str(tmp_path / 'missing'))
    monkeypatch.delenv('PLESK_SCHEMAS_DIR')
    directory, reason = find_schemas_dir()
    assert directory is None or directory.endswith(os.path.join('plesk-api-schemas', '1.6.6.0')), reason


# --- seed, state and control API --------------------------------------------------------------------

def test_a_state_dump_seeds_an_identical_panel():
    dump = Panel.from_seed(load_seed(DEMO_SEED)).to_dict()
    assert Panel.from_seed(dump).to_dict() == dump
    assert [(space['id'], space['name']) for space in dump['webspaces']] == [(1, 'example.com'), (2, 'bücher.example')]
    assert dump['webspaces'][0]['sites'][0]['id'] == 3


def test_seed_ids_are_assigned_from_one_sequence():
    panel = Panel.from_seed({'webspaces': [{'name': 'a.example', 'sites': [{'name': 'b.example'}]},
                                           {'name': 'c.example', 'id': 2, 'mail': [{'name': 'x', 'password': 'pw'}]}]})
    assert [(domain.name, domain.id) for domain in panel.domains()] == [('a.example', 1), ('c.example', 2), ('b.example', 3)]
    assert panel.find_domain(2).find_mail('x').password == {'value': 'pw', 'type': 'plain'}


def test_a_bad_seed_is_refused():
    with pytest.raises(ValueError, match='quota'):
        Panel.from_seed({'webspaces': [{'name': 'a.example', 'mail': [{'name': 'x', 'mailbox': {'quota': -9}}]}]})


def test_control_api_state_log_quirks_and_reset(client, simulator):
    client.request(packet(element('mail', element('remove', element('filter', element('site-id', 1))))))
    status, state = control(simulator, 'state')
    assert status == 200 and state['webspaces'][0]['mail'] == []
    assert state['webspaces'][1]['mail'][0]['password'] == {'value': 'kontakt-mail-password', 'type': 'plain'}
    status, log = control(simulator, 'log')
    assert status == 200 and [(entry['operations'], entry['write'], entry['status']) for entry in log] == [
        (['mail/remove'], True, 200)]
    assert '<site-id>1</site-id>' in log[0]['body'] and '<status>ok</status>' in log[0]['response']

    assert control(simulator, 'quirks', {'missing_mail': 'omit'}) == (
        200, dict({name: values[0] for name, values in QUIRKS.items()}, missing_mail='omit'))
    defaults = ('missing_site', 'user_operator', 'forwarding_emptied', 'set_sections', 'filter_id')
    assert {name: QUIRKS[name][0] for name in defaults} == {
        'missing_site': 'error', 'user_operator': 'available', 'forwarding_emptied': 'disable', 'set_sections': 'merge',
        'filter_id': 'echo'}
    assert simulator.quirks['missing_mail'] == 'omit'
    assert control(simulator, 'quirks', {'missing_mail': 'sometimes'})[0] == 400
    assert control(simulator, 'quirks', {'no_such_quirk': 'x'})[0] == 400
    assert control(simulator, 'quirks', b'not json')[0] == 400

    assert control(simulator, 'reset', b'') == (200, {'status': 'ok'})
    assert [entry['name'] for entry in control(simulator, 'state')[1]['webspaces'][0]['mail']] == ['info', 'sales', 'noreply']
    assert control(simulator, 'log') == (200, [])
    assert control(simulator, 'quirks')[1]['missing_mail'] == 'error'


def test_control_api_reset_to_a_given_seed(simulator):
    assert control(simulator, 'reset', {'webspaces': [{'name': 'only.example'}]}) == (200, {'status': 'ok'})
    assert [space['name'] for space in simulator.panel.to_dict()['webspaces']] == ['only.example']
    assert control(simulator, 'reset', [1, 2])[0] == 400


def test_control_api_unknown_paths_and_methods(simulator):
    assert control(simulator, 'nothing-here')[0] == 404
    assert control(simulator, 'log', {'x': 1})[0] == 405
    assert simulator.log == [], 'control calls are not part of the request log'


# --- command line -----------------------------------------------------------------------------------

def test_command_line_serves_until_sigterm(tmp_path):
    ready_file = tmp_path / 'ready.json'
    process = subprocess.Popen(  # pylint: disable=consider-using-with
        [sys.executable, '-m', 'tests.simulators.plesk', '--seed', DEMO_SEED, '--tls', '--cert-dir', str(tmp_path / 'certs'),
         '--login', 'ops', '--password', 'pw', '--secret-key', 'k1', '--quirk', 'missing_mail=omit',
         '--ready-file', str(ready_file)],
        cwd=COLLECTION_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 20
        while not ready_file.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ready_file.exists(), process.stderr.read() if process.poll() is not None else 'no ready file'
        ready = json.loads(ready_file.read_text())
        assert ready['pid'] == process.pid and ready['agent_url'] == ready['url'] + AGENT_PATH
        assert process.stdout.readline().strip() == ready['url']
        response = requests.post(ready['agent_url'], data=info_packet_bytes(), verify=ready['ca_cert'], timeout=10,
                                 headers={'Content-Type': 'text/xml', 'KEY': 'k1'})
        assert b'<status>ok</status>' in response.content
        quirks = requests.get(ready['url'] + '/__simulator__/quirks', verify=ready['ca_cert'], timeout=10).json()
        assert quirks['missing_mail'] == 'omit'
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=10)
    assert process.returncode == 0
    assert not ready_file.exists()
