# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Fuzzing of the answer readers: whatever a panel answers, it is read correctly or ends in a typed error.

A real HTTP server on 127.0.0.1 answers each request with what hypothesis drew: arbitrary bytes under any status,
arbitrary JSON, BrainyCP-shaped JSON with arbitrary values, arbitrary XML-shaped trees of Plesk's element names and
Plesk-shaped packets with arbitrary values. Each reader of the clients (BrainyCP ``mailboxes``, ``forwards`` and a
write; Plesk ``mail/get_info``, the site lookup and ``user/get``) must then either return a reading of the documented
types or raise a ``PanelError`` whose message shows no secret; any other exception fails the test. Answers drawn from
a model of the panel's state (the documented forms, with every variation the readers accept) must be read back as that
model, exactly.

Example counts (settings below): 300 per arbitrary-input strategy and reader (14 pairs), 200 per model (3), 30 per
nesting test (7): 5,010 in all, about 20 seconds.
"""

from __future__ import annotations

import json
import os

import pytest

from ansible_collections.hosting.mail.plugins.module_utils._brainycp import BrainyClient
from ansible_collections.hosting.mail.plugins.module_utils._errors import PanelError
from ansible_collections.hosting.mail.plugins.module_utils._http import HttpClient, RetryPolicy
from ansible_collections.hosting.mail.plugins.module_utils._plesk import PleskClient
from ansible_collections.hosting.mail.plugins.module_utils._plesk_mail import get_info
from ansible_collections.hosting.mail.plugins.module_utils._plesk_user import list_users
from ansible_collections.hosting.mail.plugins.module_utils._redact import Redactor
from ansible_collections.hosting.mail.tests.support.scripted_server import Respond, ScriptedServer

hypothesis = pytest.importorskip('hypothesis', reason='the fuzz tests need hypothesis (tests/requirements/dev.txt)')
st = pytest.importorskip('hypothesis.strategies', reason='the fuzz tests need hypothesis (tests/requirements/dev.txt)')
etree = pytest.importorskip('lxml.etree', reason='the fuzz tests need lxml')

# The same examples on every run (CI must not turn red on a draw); HOSTING_MAIL_FUZZ_EXPLORE=1 draws new ones.
SETTINGS = dict(deadline=None, database=None, derandomize=not os.environ.get('HOSTING_MAIL_FUZZ_EXPLORE'),
                suppress_health_check=[hypothesis.HealthCheck.too_slow])
ARBITRARY = hypothesis.settings(max_examples=300, **SETTINGS)
MODELLED = hypothesis.settings(max_examples=200, **SETTINGS)

BRAINY_SECRET = 'Br&in/PW+1'
PLESK_SECRET = 'Pl&sk<pw>"1'
DOMAIN = 'example.com'
STATUSES = st.sampled_from([200, 200, 200, 200, 400, 401, 403, 404, 500, 502, 503])


@pytest.fixture(scope='module')
def server():
    scripted = ScriptedServer().start()
    yield scripted
    scripted.stop()


def http(server):
    return HttpClient(server.url, retry=RetryPolicy(attempts=1), timeout=5)


def brainy(server):
    return BrainyClient(http(server), 'admin', BRAINY_SECRET, panel_user='webmaster')


def plesk(server):
    return PleskClient(http(server), 'admin', PLESK_SECRET)


BRAINY_READERS = {
    'getlistmail': lambda client: client.mailboxes(),
    'getforwardmail': lambda client: client.forwards(),
    'addmail': lambda client: client.call('addmail', email='new@' + DOMAIN, password='x-Secret-1', quota=100),
}
PLESK_READERS = {
    'mail/get_info (all)': lambda client: get_info(client, 1, [], DOMAIN),
    'mail/get_info (named)': lambda client: get_info(client, 1, ['info', 'sales'], DOMAIN),
    'site/get': lambda client: client.site_id(DOMAIN),
    'user/get': list_users,
}


def read(server, client, reader, status, body):
    """``(reading, None)`` or ``(None, error)``; anything but a PanelError propagates and fails the test."""
    server.script = [Respond(status, body, {'Content-Type': 'text/plain'})]
    try:
        return reader(client), None
    except PanelError as error:
        return None, error
    finally:
        assert not server.script and not server.unexpected, 'one request, one answer'


def assert_typed(error, secret):
    assert error.message and isinstance(error.message, str)
    for form in Redactor([secret]).needles:
        assert form not in error.message, 'a form of the secret in %r' % error.message


# --- BrainyCP --------------------------------------------------------------------------------------

def check_brainy_reading(operation, reading):
    """The documented types of each reader's result."""
    if operation == 'getlistmail':
        assert isinstance(reading, dict)
        for address, quota in reading.items():
            assert isinstance(address, str) and address == address.strip().lower() and '@' in address
            assert quota is None or (isinstance(quota, int) and not isinstance(quota, bool))
    elif operation == 'getforwardmail':
        assert isinstance(reading, dict)
        for source, entry in reading.items():
            assert isinstance(source, str) and source and source == source.strip().lower()
            assert entry['targets'] and all(isinstance(target, str) and target == target.strip().lower()
                                            for target in entry['targets'])
            assert entry['save_local'] in (None, True, False)
    else:
        assert reading.outcome in ('done', 'already', 'nothing', 'empty') and isinstance(reading.code, int)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=25)
CODES = (st.integers(-3, 12) | st.sampled_from(['0', ' 1 ', '08', '-1', '1e3', '0.0', 'ok', '', '0x1']) | st.booleans()
         | st.floats() | st.none() | st.lists(st.integers(0, 2), max_size=2))
ITEMS = (st.sampled_from(['info@example.com', 'a@b', 'x -> y@z.example', 'a@b.example => c@d.example,e@f.example',
                          'a => b => c', '@', ' ', 'no-at-sign', 'Sales@Example.COM'])
         | st.dictionaries(st.sampled_from(['email', 'mail', 'name', 'source', 'target', 'targets', 'quota', 'save_local']),
                           JSON_VALUES | st.sampled_from(['info@example.com', 'a@b.example,c@d.example', '1', 'true']),
                           max_size=4)
         | JSON_VALUES)
BRAINY_SHAPED = st.fixed_dictionaries(
    {}, optional={'code': CODES, 'error': CODES, 'message': JSON_VALUES, 'mess': JSON_VALUES,
                  'data': st.lists(ITEMS, max_size=6) | st.dictionaries(st.text(max_size=5), ITEMS, max_size=4) | ITEMS,
                  'detail': st.lists(ITEMS, max_size=3), 'array': ITEMS})


@pytest.mark.parametrize('operation', sorted(BRAINY_READERS))
@ARBITRARY
@hypothesis.given(status=STATUSES, body=st.binary(max_size=2048))
def test_brainycp_any_bytes_are_read_or_refused(server, operation, status, body):
    reading, error = read(server, brainy(server), BRAINY_READERS[operation], status, body)
    if error is None:
        check_brainy_reading(operation, reading)
    else:
        assert_typed(error, BRAINY_SECRET)


def documented_code(answer):
    """The result code the docs allow: a whole number or a string of digits, under "code" (or else "error")."""
    for key in ('code', 'error'):
        if key in answer:
            value = answer[key]
            if isinstance(value, int) and not isinstance(value, bool):
                return value
            if isinstance(value, str) and value.strip().lstrip('-').isdecimal() and value.strip().lstrip('-').isascii():
                return int(value)
            return None
    return None


def listed_items(answer):
    """The items under the first payload key the answer has (null: none)."""
    for key in ('data', 'detail', 'array'):
        if key in answer:
            payload = answer[key]
            if payload is None:
                return []
            return list(payload.values()) if isinstance(payload, dict) else payload if isinstance(payload, list) else [payload]
    return []


@pytest.mark.parametrize('operation', sorted(BRAINY_READERS))
@ARBITRARY
@hypothesis.given(answer=JSON_VALUES | BRAINY_SHAPED)
def test_brainycp_any_json_is_read_or_refused(server, operation, answer):
    reading, error = read(server, brainy(server), BRAINY_READERS[operation], 200, json.dumps(answer).encode())
    if error is not None:
        assert_typed(error, BRAINY_SECRET)
        return
    check_brainy_reading(operation, reading)
    # Taken as an answer only with a code the docs allow (false, 0.9 or "1e3" are no code) ...
    assert isinstance(answer, dict) and documented_code(answer) is not None
    # ... and, for a listing, items of the documented forms only (a number, a bool or a list is no mailbox).
    if operation != 'addmail':
        assert all(isinstance(item, (str, dict)) for item in listed_items(answer))


@pytest.mark.parametrize('operation', sorted(BRAINY_READERS))
@hypothesis.settings(max_examples=30, **SETTINGS)
@hypothesis.given(depth=st.integers(100, 100000), opener=st.sampled_from(['[', '{"data":', '{"code":0,"data":[']))
def test_brainycp_deeply_nested_json_is_refused(server, operation, depth, opener):
    body = (opener * depth).encode()
    reading, error = read(server, brainy(server), BRAINY_READERS[operation], 200, body)
    assert reading is None and error is not None
    assert_typed(error, BRAINY_SECRET)


@pytest.mark.parametrize('name', sorted(PLESK_READERS))
@hypothesis.settings(max_examples=30, **SETTINGS)
@hypothesis.given(depth=st.integers(100, 100000))
def test_plesk_deeply_nested_xml_is_refused_or_read(server, name, depth):
    body = b'<packet>' + b'<result>' * depth + b'</result>' * depth + b'</packet>'
    plesk_read(server, name, 200, body)


LOCALS = st.text(alphabet='abcdefghijklmnopqrstuvwxyz0123456789._-', min_size=1, max_size=12).filter(
    lambda local: not local.startswith('.') and not local.endswith('.') and '..' not in local)
CASED = st.sampled_from([str, str.upper, str.title])


@MODELLED
@hypothesis.given(boxes=st.dictionaries(LOCALS, st.none() | st.integers(1, 10 ** 6), max_size=8),
                  forms=st.lists(st.sampled_from(['string', 'email', 'mail', 'name']), min_size=8, max_size=8),
                  quota_as_text=st.booleans(), payload=st.sampled_from(['data', 'detail', 'array']),
                  keyed=st.booleans(), code=st.sampled_from([0, '0', ' 0 ']), case=CASED)
def test_brainycp_listed_mailboxes_are_read_as_listed(server, boxes, forms, quota_as_text, payload, keyed, code, case):
    items = []
    for (local, quota), form in zip(sorted(boxes.items()), forms):
        address = case('%s@%s' % (local, DOMAIN))
        if form == 'string' or (quota is None and form == 'email'):
            items.append(address)
        else:
            item = {form: ' %s ' % address}
            if quota is not None:
                item['quota'] = str(quota) if quota_as_text else quota
            items.append(item)
    listing = {str(number): item for number, item in enumerate(items)} if keyed else items
    reading, error = read(server, brainy(server), BRAINY_READERS['getlistmail'], 200,
                          json.dumps({'code': code, payload: listing}).encode())
    assert error is None, error.message
    expected = {}
    for (local, quota), form in zip(sorted(boxes.items()), forms):
        expected['%s@%s' % (local, DOMAIN)] = None if form == 'string' or quota is None else quota
    assert reading == expected


@MODELLED
@hypothesis.given(forwards=st.dictionaries(LOCALS, st.tuples(st.sets(LOCALS, min_size=1, max_size=4), st.none() | st.booleans()),
                                           max_size=6),
                  forms=st.lists(st.sampled_from(['->', '=>', ' -> ', ' =>  ', 'object', 'object-list']), min_size=6, max_size=6),
                  case=CASED)
def test_brainycp_listed_forwards_are_read_as_listed(server, forwards, forms, case):
    items, expected = [], {}
    for (local, (targets, save_local)), form in zip(sorted(forwards.items()), forms):
        source = '%s@%s' % (local, DOMAIN)
        addresses = sorted('%s@other.example' % target for target in targets)
        if form.startswith('object'):
            item = {'source': case(source), 'target': [case(a) for a in addresses] if form == 'object-list' else ','.join(addresses)}
            if save_local is not None:
                item['save_local'] = '1' if save_local else '0'
            items.append(item)
        else:
            items.append(case(source) + form + ', '.join(case(a) for a in addresses))
            save_local = None
        expected[source] = {'targets': addresses, 'save_local': save_local}
    reading, error = read(server, brainy(server), BRAINY_READERS['getforwardmail'], 200,
                          json.dumps({'code': 0, 'data': items}).encode())
    assert error is None, error.message
    assert reading == expected


# --- Plesk -----------------------------------------------------------------------------------------

TAGS = ['packet', 'mail', 'get_info', 'result', 'status', 'errcode', 'errtext', 'mailname', 'id', 'name', 'mailbox',
        'enabled', 'quota', 'alias', 'forwarding', 'address', 'autoresponder', 'text', 'site', 'webspace', 'get',
        'data', 'gen_info', 'gen-info', 'user', 'login', 'roles', 'system', 'ascii-name', 'description', 'antivir',
        'filter-id', 'guid', 'subscription-domain-id', 'contact-info']
TEXTS = (st.none() | st.sampled_from(['ok', 'error', '1013', '1007', '1', '-1', '0', 'true', 'false', '', ' ', 'info',
                                      'example.com', '1e9', '²', '١٢', '9' * 30, 'a b'])
         | st.text(alphabet=st.characters(exclude_categories=['Cs', 'Cc'], exclude_characters='\ufffe\uffff'), max_size=20))


def build(tree):
    tag, text, children = tree
    element = etree.Element(tag)
    element.text = text
    for node in children:
        element.append(build(node))
    return element


NODES = st.recursive(st.tuples(st.sampled_from(TAGS), TEXTS, st.just([])),
                     lambda children: st.tuples(st.sampled_from(TAGS), TEXTS, st.lists(children, max_size=4)),
                     max_leaves=30)


def operation(operator, name):
    """A packet with one ``operator/name`` whose results hold trees drawn from NODES: Plesk's shape, arbitrary inside."""
    result = st.tuples(st.just('result'), st.none(), st.lists(NODES, max_size=6))
    return st.lists(result, max_size=3).map(lambda results: ('packet', None, [(operator, None, [(name, None, results)])]))


# Plesk's documented shape of each answer read, with every element optional or repeated and every text arbitrary.
NUMBERS = st.sampled_from(['1', '42', ' 7\n', '-1', '0', '', 'abc', '1.5', '1e9', '²', '١٢', '9' * 30, '0x10'])
LEAF_TEXTS = {'status': st.sampled_from(['ok', 'ok', 'ok', 'error']) | TEXTS, 'errcode': NUMBERS | TEXTS,
              'id': NUMBERS | TEXTS, 'quota': NUMBERS | TEXTS, 'subscription-domain-id': NUMBERS | TEXTS}
MAILNAME = {'id': None, 'name': None, 'mailbox': {'enabled': None, 'quota': None}, 'alias': None,
            'forwarding': {'enabled': None, 'address': None}, 'autoresponder': {'enabled': None, 'subject': None, 'text': None},
            'description': None, 'antivir': None}
GEN_INFO = {'name': None, 'ascii-name': None}
USER_INFO = {'login': None, 'name': None, 'guid': None, 'status': None, 'subscription-domain-id': None,
             'is-built-in': None, 'contact-info': {'phone': None}}
RESULTS = {
    ('mail', 'get_info'): {'status': None, 'errcode': None, 'errtext': None, 'mailname': MAILNAME},
    ('site', 'get'): {'status': None, 'errcode': None, 'id': None, 'data': {'gen_info': GEN_INFO}},
    ('webspace', 'get'): {'status': None, 'errcode': None, 'id': None, 'data': {'gen_info': GEN_INFO}},
    ('user', 'get'): {'status': None, 'errcode': None, 'id': None, 'data': {'gen-info': USER_INFO, 'roles': {'name': None}}},
}


def shaped(tag, spec):
    """Trees of ``spec`` (tag -> spec of its children, None for a text leaf) rooted at ``tag``."""
    if spec is None:
        return st.tuples(st.just(tag), LEAF_TEXTS.get(tag, TEXTS), st.just([]))
    children = st.tuples(*[st.lists(shaped(name, sub), max_size=2) for name, sub in spec.items()]).map(
        lambda groups: [node for group in groups for node in group])
    return st.tuples(st.just(tag), st.none(), children)


def packet_of(operators):
    """A packet answering each of ``operators`` (operator, operation) with up to three shaped results."""
    operations = [st.lists(shaped('result', RESULTS[key]), max_size=3).map(
        lambda results, key=key: (key[0], None, [(key[1], None, results)])) for key in operators]
    return st.tuples(*operations).map(lambda parts: ('packet', None, list(parts)))


PLESK_TREES = (NODES | operation('mail', 'get_info') | operation('user', 'get')
               | packet_of([('mail', 'get_info')]) | packet_of([('site', 'get'), ('webspace', 'get')])
               | packet_of([('user', 'get')]))


def whole(value):
    return isinstance(value, int) and not isinstance(value, bool)


def check_plesk_reading(name, reading):
    if name.startswith('mail/get_info'):
        assert isinstance(reading, dict)
        for local, account in reading.items():
            if account is None:
                continue
            assert account['address'] == '%s@%s' % (local, DOMAIN) and local and not any(c.isspace() for c in local)
            assert account['id'] is None or whole(account['id'])
            assert account['quota'] is None or whole(account['quota'])
            assert all(isinstance(alias, str) for alias in account['aliases'])
            assert account['forwarding']['enabled'] in (True, False)
    elif name == 'site/get':
        assert reading is None or whole(reading)
    else:
        assert isinstance(reading, list)
        for user in reading:
            assert user['id'] is None or whole(user['id'])
            assert whole(user['subscription_id'])


def plesk_read(server, name, status, body):
    reading, error = read(server, plesk(server), PLESK_READERS[name], status, body)
    if error is None:
        check_plesk_reading(name, reading)
    else:
        assert_typed(error, PLESK_SECRET)


@pytest.mark.parametrize('name', sorted(PLESK_READERS))
@ARBITRARY
@hypothesis.given(status=STATUSES, body=st.binary(max_size=2048))
def test_plesk_any_bytes_are_read_or_refused(server, name, status, body):
    plesk_read(server, name, status, body)


@pytest.mark.parametrize('name', sorted(PLESK_READERS))
@ARBITRARY
@hypothesis.given(tree=PLESK_TREES)
def test_plesk_any_xml_shaped_answer_is_read_or_refused(server, name, tree):
    plesk_read(server, name, 200, etree.tostring(build(tree), encoding='UTF-8', xml_declaration=True))


ACCOUNTS = st.dictionaries(LOCALS, st.fixed_dictionaries({
    'id': st.integers(1, 10 ** 9), 'quota': st.none() | st.integers(-1, 10 ** 12),
    'aliases': st.sets(LOCALS, max_size=3), 'forwarding': st.none() | st.sets(LOCALS, max_size=3),
    'description': st.text(alphabet='abc &<>"\'ü', max_size=10)}), max_size=6)


@MODELLED
@hypothesis.given(accounts=ACCOUNTS, case=CASED, padded=st.booleans())
def test_plesk_listed_accounts_are_read_as_listed(server, accounts, case, padded):
    pad = (lambda text: ' %s\n' % text) if padded else str
    packet = etree.Element('packet', version='1.6.6.0')
    operation_element = etree.SubElement(etree.SubElement(packet, 'mail'), 'get_info')
    for local, account in sorted(accounts.items()):
        result = etree.SubElement(operation_element, 'result')
        etree.SubElement(result, 'status').text = 'ok'
        mailname = etree.SubElement(result, 'mailname')
        etree.SubElement(mailname, 'id').text = pad(str(account['id']))
        etree.SubElement(mailname, 'name').text = pad(case(local))
        mailbox = etree.SubElement(mailname, 'mailbox')
        etree.SubElement(mailbox, 'enabled').text = 'true'
        if account['quota'] is not None:
            etree.SubElement(mailbox, 'quota').text = pad(str(account['quota']))
        for alias in sorted(account['aliases']):
            etree.SubElement(mailname, 'alias').text = pad(case(alias))
        if account['forwarding'] is not None:
            forwarding = etree.SubElement(mailname, 'forwarding')
            etree.SubElement(forwarding, 'enabled').text = 'true'
            for target in sorted(account['forwarding']):
                etree.SubElement(forwarding, 'address').text = pad(case('%s@other.example' % target))
        etree.SubElement(mailname, 'description').text = account['description']
    reading, error = read(server, plesk(server), PLESK_READERS['mail/get_info (all)'], 200,
                          etree.tostring(packet, encoding='UTF-8', xml_declaration=True))
    assert error is None, error.message
    assert sorted(reading) == sorted(accounts)
    for local, account in accounts.items():
        read_back = reading[local]
        assert (read_back['address'], read_back['id'], read_back['quota']) == ('%s@%s' % (local, DOMAIN), account['id'],
                                                                               account['quota'])
        assert read_back['aliases'] == sorted('%s@%s' % (alias, DOMAIN) for alias in account['aliases'])
        assert read_back['forwarding'] == {'enabled': account['forwarding'] is not None,
                                           'addresses': sorted('%s@other.example' % t for t in account['forwarding'] or ())}
        assert read_back['description'] == account['description'] and read_back['mailbox'] is True
