# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Fuzzing of the options that reach the wire: exactly that value in exactly that field, or refused.

brainy_forward (``source``, ``targets``), brainy_mailbox (``address``), brainy_dns_auth (``domain``), plesk_mail
(``name``, ``aliases``, ``forwarding.addresses``) and plesk_user (``login``, ``name``, ``contact.company``, ``email``)
run in-process against the simulators with values drawn from hostile pieces: commas,
pipes, slashes, quotes, white space, control characters, look-alike letters, IDN labels and arbitrary text. The
simulators parse each request as the panels would (the form decoder; the XSD-validated packet). For every example:

* the module fails before any write, with a message, or
* every address it sent is one field value, the given address normalised (local part in lower case, the domain as
  IDNA 2008 / UTS 46 maps it, in its Unicode or ASCII form), one wire item per distinct given address, and no form
  field or packet element the operation does not carry.

Addresses that are plainly valid (atext local parts, plain domains) must never be refused. The oracle is written here,
with the ``idna`` package, not taken from the collection. Passwords, descriptions and autoresponder texts are fuzzed in
tests/unit/plugins/module_utils/test_properties.py. Example counts: 250 per test, five tests; 1,250 in all.
"""

from __future__ import annotations

import os
import string
from urllib.parse import parse_qsl

import idna
import pytest

from ansible_collections.hosting.mail.plugins.modules import brainy_dns_auth, brainy_forward, brainy_mailbox, plesk_mail, plesk_user
from ansible_collections.hosting.mail.tests.simulators.brainycp.server import BrainySimulator
from ansible_collections.hosting.mail.tests.simulators.plesk.server import PleskSimulator
from ansible_collections.hosting.mail.tests.unit.utils import module_outcome

hypothesis = pytest.importorskip('hypothesis', reason='the fuzz tests need hypothesis (tests/requirements/dev.txt)')
st = pytest.importorskip('hypothesis.strategies', reason='the fuzz tests need hypothesis (tests/requirements/dev.txt)')
etree = pytest.importorskip('lxml.etree', reason='the fuzz tests need lxml')

# The same examples on every run (CI must not turn red on a draw); HOSTING_MAIL_FUZZ_EXPLORE=1 draws new ones.
SETTINGS = dict(max_examples=250, deadline=None, database=None, derandomize=not os.environ.get('HOSTING_MAIL_FUZZ_EXPLORE'),
                suppress_health_check=[hypothesis.HealthCheck.too_slow, hypothesis.HealthCheck.function_scoped_fixture])

DOMAIN = 'example.com'
PLESK_PASSWORD = 'Adm1n&<secret> "pässword"'
BRAINY_PASSWORD = 'api&pass=wörd+1'
BOX_PASSWORD = 'Box-Secret-1'

# RFC 5322 atext less ' / | (refused: mail servers may read them as a file or a program), written out here.
ATEXT = string.ascii_letters + string.digits + "!#$%&*+-=?^_`{}~"
PLAIN_DOMAINS = ('example.com', 'x.example', 'other.example', 'Example.COM')
HOSTILE = (',', ', ', ';', '|', '|/usr/bin/evil.sh', '/', ' ', '\t', '\n', '"', "'", '<', '>', '\x00', '\x7f', '@',
           '..', '.', '&subdo=delmail', '%2C', '+', '=', '\u00a0', '\u200b', 'ａ', 'Ｅ', 'ß', 'ü', 'xn--', '-')
HOSTILE_DOMAINS = PLAIN_DOMAINS + ('exａmple.com', 'EXAMPLE.ＣＯＭ', 'münchen.example', 'xn--mnchen-3ya.example',
                                   'x.example,|/bin/sh', 'a b.example', '.example', 'example..com', 'example.com.',
                                   'example.123', '-x.example', 'x' * 64 + '.example', 'ex_ample.com', 'exam\u200bple.com')


def pieces(alphabet, extra):
    return st.lists(st.one_of(st.text(alphabet, min_size=1, max_size=8), st.sampled_from(extra)), min_size=1, max_size=4).map(''.join)


LOCAL_PARTS = st.one_of(st.text(ATEXT, min_size=1, max_size=10), pieces(ATEXT, HOSTILE))
ADDRESSES = st.one_of(
    st.tuples(st.text(ATEXT, min_size=1, max_size=10), st.sampled_from(PLAIN_DOMAINS)).map('@'.join),
    st.tuples(LOCAL_PARTS, st.sampled_from(HOSTILE_DOMAINS) | pieces(string.ascii_lowercase + '.', HOSTILE)).map('@'.join),
    st.text(max_size=30))


def oracle(address):
    """The wire forms of ``address`` normalised, or None when it is not one plain address."""
    local, at, domain = address.strip().rpartition('@')
    if not at or not local or len(local) > 64 or not all(atom and set(atom) <= set(ATEXT) for atom in local.split('.')):
        return None
    try:
        ascii_form = idna.encode(domain[:-1] if domain.endswith('.') else domain, uts46=True, std3_rules=True).decode('ascii')
    except (idna.IDNAError, UnicodeError):
        return None
    return {'%s@%s' % (local.lower(), form) for form in (ascii_form, idna.decode(ascii_form))}


def plainly_valid(address):
    local, at, domain = address.rpartition('@')
    return bool(at) and domain in PLAIN_DOMAINS and local and all(atom and set(atom) <= set(ATEXT) for atom in local.split('.'))


def assert_sent_as_given(given, sent):
    """``sent`` (the wire items) is exactly one normalised item per distinct given address."""
    expected = [oracle(address) for address in given]
    assert None not in expected, 'sent although not one plain address: %r' % [a for a, e in zip(given, expected) if e is None]
    distinct = {min(forms) for forms in expected}
    assert len(sent) == len(set(sent)) == len(distinct), 'given %r, sent %r' % (given, sent)
    for item in sent:
        assert any(item in forms for forms in expected), '%r on the wire is none of %r' % (item, given)


def refused(code, result, writes, after, before):
    """Refused before writing, or the panel refused the write (then it holds what it held)."""
    assert code == 1 and result['failed'] and result['msg'], result
    assert not writes or after == before, 'refused, yet it wrote: %r' % [entry.body for entry in writes]


# --- BrainyCP ----------------------------------------------------------------------------------------

FORM_FIELDS = {'login', 'pass', 'module', 'subdo', 'language', 'panel_user'}


@pytest.fixture(scope='module')
def brainy():
    seed = {'api_accounts': [{'login': 'admin', 'password': BRAINY_PASSWORD, 'full_api': True}],
            'users': [{'login': 'webmaster', 'domains': [DOMAIN]}]}
    with BrainySimulator(seed=seed) as simulator:
        yield simulator


def brainy_run(simulator, capsys, module, **args):
    simulator.reset()
    before = simulator.to_dict()
    params = dict(brainycp_url=simulator.url, brainycp_username='admin', brainycp_password=BRAINY_PASSWORD,
                  panel_user='webmaster', **args)
    code, result = module_outcome(module, params, capsys, secrets=(BRAINY_PASSWORD,))
    writes = [entry for entry in simulator.log if entry.write]
    for entry in writes:  # the form as the simulator decoded it, pair by pair: a smuggled field shows here
        names = [name for name, value in parse_qsl(entry.body.decode('utf-8'), keep_blank_values=True)]
        assert len(names) == len(set(names)), 'a field twice: %r' % names
    if code:
        refused(code, result, writes, simulator.to_dict(), before)
    hypothesis.event('refused' if code else 'sent')
    return code, result, writes


@hypothesis.settings(**SETTINGS)
@hypothesis.given(local=LOCAL_PARTS, targets=st.lists(ADDRESSES, min_size=1, max_size=3))
def test_brainy_forward_sends_each_target_as_given_or_refuses(brainy, capsys, local, targets):
    source = '%s@%s' % (local, DOMAIN)
    code, result, writes = brainy_run(brainy, capsys, brainy_forward, source=source, targets=targets)
    if code:
        assert not (plainly_valid(source) and all(map(plainly_valid, targets))), result['msg']
        return
    assert [entry.form['subdo'] for entry in writes] == ['addforward']
    form = writes[0].form
    assert set(form) <= FORM_FIELDS | {'source', 'target', 'save_local'}
    assert_sent_as_given([source], [form['source']])
    assert_sent_as_given(targets, form['target'].split(','))


@hypothesis.settings(**SETTINGS)
@hypothesis.given(address=ADDRESSES)
def test_brainy_mailbox_sends_the_address_as_given_or_refuses(brainy, capsys, address):
    code, result, writes = brainy_run(brainy, capsys, brainy_mailbox, address=address, password=BOX_PASSWORD, quota='100M')
    if code:
        # A plain address in a domain the hosting user lacks is refused, rightly, before any write.
        assert not (plainly_valid(address) and address.rpartition('@')[2].lower() == DOMAIN), result['msg']
        return
    assert [entry.form['subdo'] for entry in writes] == ['addmail']
    form = writes[0].form
    assert set(form) <= FORM_FIELDS | {'email', 'password', 'quota'}
    assert_sent_as_given([address], [form['email']])
    assert form['password'] == BOX_PASSWORD


# --- Plesk -------------------------------------------------------------------------------------------

@pytest.fixture(scope='module')
def plesk():
    with PleskSimulator(seed={'webspaces': [{'id': 1, 'name': DOMAIN}]}, login='admin', password=PLESK_PASSWORD) as simulator:
        yield simulator


ALIASES = st.lists(st.one_of(LOCAL_PARTS, LOCAL_PARTS.map(lambda local: '%s@%s' % (local, DOMAIN))), max_size=3)


@hypothesis.settings(**SETTINGS)
@hypothesis.given(name=LOCAL_PARTS, aliases=ALIASES, addresses=st.lists(ADDRESSES, min_size=1, max_size=3))
def test_plesk_mail_sends_names_and_addresses_as_given_or_refuses(plesk, capsys, name, aliases, addresses):
    plesk.reset()
    before = plesk.panel.to_dict()
    params = dict(plesk_url=plesk.url, plesk_username='admin', plesk_password=PLESK_PASSWORD, name='%s@%s' % (name, DOMAIN),
                  password=BOX_PASSWORD, aliases=aliases, forwarding=dict(enabled=True, addresses=addresses))
    code, result = module_outcome(plesk_mail, params, capsys, secrets=(PLESK_PASSWORD,))
    writes = [entry for entry in plesk.log if entry.write]
    hypothesis.event('refused' if code else 'sent')
    alias_addresses = [alias.strip() if '@' in alias else '%s@%s' % (alias.strip(), DOMAIN) for alias in aliases]
    if code:
        refused(code, result, writes, plesk.panel.to_dict(), before)
        everything = ['%s@%s' % (name, DOMAIN)] + alias_addresses + addresses
        clash = {address.lower() for address in alias_addresses} & {('%s@%s' % (name, DOMAIN)).lower()}
        assert clash or not all(map(plainly_valid, everything)), result['msg']
        return
    sent_names, sent_aliases, sent_addresses = [], [], []
    for entry in writes:
        packet = etree.fromstring(entry.body)
        sent_names += [element.text for element in packet.iter('mailname') for element in element.findall('name')]
        sent_aliases += [element.text for element in packet.iter('alias')]
        sent_addresses += [element.text for element in packet.iter('forwarding') for element in element.findall('address')]
    assert_sent_as_given(['%s@%s' % (name, DOMAIN)], sorted({'%s@%s' % (sent, DOMAIN) for sent in sent_names}))
    if aliases:
        assert_sent_as_given(alias_addresses, ['%s@%s' % (alias, DOMAIN) for alias in sent_aliases])
    else:
        assert sent_aliases == []
    assert_sent_as_given(addresses, sent_addresses)


OWNED_FORMS = ('example.com', 'Example.COM', 'EXＡMPLE.com', 'example.com.', ' example.com ', 'exam\u00adple.com')
DOMAIN_INPUTS = st.one_of(st.sampled_from(OWNED_FORMS), st.sampled_from(HOSTILE_DOMAINS), pieces(string.ascii_lowercase + '.', HOSTILE), st.text(max_size=20))


@hypothesis.settings(**SETTINGS)
@hypothesis.given(domain=DOMAIN_INPUTS)
def test_brainy_dns_auth_sends_the_domain_as_given_or_refuses(brainy, capsys, domain):
    code, result, writes = brainy_run(brainy, capsys, brainy_dns_auth, domain=domain, spf='enabled', dkim='enabled')
    if code:
        assert domain.strip().lower() != DOMAIN, result['msg']
        return
    assert writes, 'SPF and DKIM start off in the simulator: switching them on is a write'
    for entry in writes:
        assert set(entry.form) <= FORM_FIELDS | {'domain'}
        assert_sent_as_given(['x@' + domain.strip()], ['x@' + entry.form['domain']])


# Texts with the characters markup, escaping or line-end handling could get wrong, and some XML cannot carry.
TEXT_PIECES = ('&', '<', '>', '"', "'", ']]>', '&amp;', '\r\n', '\r', '\n', '\t', ' ', '\xa0', '\u2028', '\ufeff', 'ü',
               '\U0001f600', '\x00', '\x0b', '\x1f', '\ufffe', '</name><role>Admin</role>')
TEXTS = st.lists(st.one_of(st.text(string.ascii_letters, min_size=1, max_size=6), st.sampled_from(TEXT_PIECES)),
                 min_size=1, max_size=5).map(''.join)


def xml_text(text):
    return all(char in '\t\n\r' or 0x20 <= ord(char) <= 0xD7FF or 0xE000 <= ord(char) <= 0xFFFD or ord(char) >= 0x10000
               for char in text)


@pytest.fixture(scope='module')
def plesk_users():
    seed = {'webspaces': [{'id': 1, 'name': DOMAIN}], 'roles': [{'name': 'WebMaster', 'built_in': False}]}
    with PleskSimulator(seed=seed, login='admin', password=PLESK_PASSWORD) as simulator:
        yield simulator


@hypothesis.settings(**SETTINGS)
@hypothesis.given(login=st.one_of(st.text(ATEXT, min_size=1, max_size=10), TEXTS), name=TEXTS, company=TEXTS,
                  email=ADDRESSES)
def test_plesk_user_sends_each_text_as_given_or_refuses(plesk_users, capsys, login, name, company, email):
    plesk_users.reset()
    before = plesk_users.panel.to_dict()
    params = dict(plesk_url=plesk_users.url, plesk_username='admin', plesk_password=PLESK_PASSWORD,
                  plesk_api_version='1.6.9.0', login=login, password=BOX_PASSWORD, name=name, role='WebMaster',
                  email=email, contact=dict(company=company))
    code, result = module_outcome(plesk_user, params, capsys, secrets=(PLESK_PASSWORD, BOX_PASSWORD))
    writes = [entry for entry in plesk_users.log if entry.write]
    hypothesis.event('refused' if code else 'sent')
    if code:
        refused(code, result, writes, plesk_users.panel.to_dict(), before)
        plain_email = plainly_valid(email) and set(email.rpartition('@')[0]) <= set(string.ascii_letters + string.digits + '-+._')
        assert not (set(login) <= set(ATEXT) and plain_email and xml_text(name) and name.strip() and xml_text(company)), result['msg']
        return
    assert len(writes) == 1
    info = etree.fromstring(writes[0].body).find('user/add/gen-info')
    assert [element.tag for element in info] == ['login', 'passwd', 'name', 'contact-info', 'email']
    assert (info.findtext('login'), info.findtext('name'), info.findtext('contact-info/company')) == (login, name, company)
    assert info.findtext('passwd') == BOX_PASSWORD
    # The local part as given (a contact address, not a mail account's name), the domain normalised.
    local = email.strip().rpartition('@')[0]
    forms = oracle(email)
    assert forms is not None, 'sent although not one plain address: %r' % email
    assert info.findtext('email') in {local + form[form.index('@'):] for form in forms}
    assert etree.fromstring(writes[0].body).findtext('user/add/roles/name') == 'WebMaster'
