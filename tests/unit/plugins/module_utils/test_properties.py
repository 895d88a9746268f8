# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Property-based tests (hypothesis) of the Plesk packet builder and the BrainyCP form encoder.

Any Unicode text in a password, a description or an autoresponder text either round-trips exactly
through the panel simulators (stored as given, read back as given, and planned as unchanged on the
next run), or is refused with an ``OptionError`` naming the character (U+XXXX) before anything is
sent. For Plesk the refused texts are exactly those holding a character outside the XML 1.0 ``Char``
production; BrainyCP's form encoding carries every character UTF-8 can carry. Local parts of
addresses are accepted exactly when they are RFC 5322 dot-atoms without the quote, slash and pipe (which
mail servers may read as a file or a program), and then name the account on the panel, in lower case.

One simulator of each panel serves the whole module; each example works on accounts of its own.
"""

from __future__ import annotations

import itertools
import re
import string

import idna

import pytest

from ansible_collections.hosting.mail.plugins.module_utils._brainycp import DONE, BrainyClient
from ansible_collections.hosting.mail.plugins.module_utils._http import HttpClient
from ansible_collections.hosting.mail.plugins.module_utils._errors import OptionError
from ansible_collections.hosting.mail.plugins.module_utils._plesk import PleskClient
from ansible_collections.hosting.mail.plugins.module_utils._plesk_mail import account_change, add_delta, get_info, remove_operation
from ansible_collections.hosting.mail.plugins.module_utils._plesk_module import mail_account_spec
from ansible_collections.hosting.mail.plugins.module_utils._values import check_local_part, split_address
from ansible_collections.hosting.mail.tests.simulators.brainycp.server import BrainySimulator
from ansible_collections.hosting.mail.tests.simulators.plesk.server import PleskSimulator

hypothesis = pytest.importorskip('hypothesis', reason='the property-based tests need hypothesis (tests/requirements/dev.txt)')
st = pytest.importorskip('hypothesis.strategies', reason='the property-based tests need hypothesis (tests/requirements/dev.txt)')

# No example database: the tests write no files, and a run depends on nothing a previous run left.
SETTINGS = dict(deadline=None, database=None, suppress_health_check=[hypothesis.HealthCheck.too_slow])

PLESK_LOGIN = 'admin'
PLESK_PASSWORD = 'Adm1n&<secret> "pässword"'
TEXTS_DOMAIN = 'texts.example'
NAMES_DOMAIN = 'names.example'
PLESK_SEED = {'webspaces': [{'id': 1, 'name': TEXTS_DOMAIN}, {'id': 2, 'name': NAMES_DOMAIN}]}
BRAINY_LOGIN = 'admin'
BRAINY_PASSWORD = 'demo-admin-password'
BRAINY_USER = 'webmaster'
BRAINY_DOMAIN = 'example.com'
SECRET = 'S3cret-Pässwörd-4711'

# --- characters and texts -----------------------------------------------------------------------------


def xml_char(char):
    """Whether ``char`` matches the XML 1.0 production Char."""
    code = ord(char)
    return code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF


def uts46_ok(domain):
    """Whether IDNA 2008 with UTS 46 takes ``domain`` (the oracle of the alias domain check)."""
    try:
        idna.encode(domain.strip(), uts46=True, std3_rules=True)
    except (idna.IDNAError, UnicodeError):
        return False
    return True


def first_non_xml(text):
    return next((char for char in text if not xml_char(char)), None)


def has_surrogate(text):
    return any(0xD800 <= ord(char) <= 0xDFFF for char in text)


NON_XML_BMP = [chr(code) for code in range(0x10000) if not xml_char(chr(code)) and not 0xD800 <= code <= 0xDFFF]
# Every code point, lone surrogates included (st.characters leaves category Cs out unless told otherwise).
ANY_CHAR = st.characters(exclude_categories=())
XML_CHAR = st.characters(exclude_categories=('Cs',), exclude_characters=NON_XML_BMP)
# Pieces that markup, escaping, end-of-line handling or whitespace stripping could get wrong.
SNIPPETS = ('&', '<', '>', '"', "'", ']]>', '<![CDATA[x]]>', '&amp;', '&#13;', '&lt;', '<!-- -->', '<?pi?>',
            '\r\n', '\r', '\n', '\n\r', '\t', ' ', '   ', '\xa0', '\x85', '\u2028', '\u2029', '\ufeff', '\u200b',
            '\ufffd', '\U0010ffff', '\U0001f600', 'e\u0301', '%', '+', '=', '%00', '%2B', ';', '#',
            '\x00', '\x01', '\x08', '\x0b', '\x0c', '\x1f', '\x7f', '\x9f', '\ud800', '\udfff', '\ufffe', '\uffff')
XML_SNIPPETS = tuple(piece for piece in SNIPPETS if first_non_xml(piece) is None)


def texts(chars, snippets, min_size=0):
    """Text made of runs of ``chars`` and of ``snippets``, in any order (so also leading and trailing)."""
    piece = st.one_of(st.text(chars, min_size=1), st.sampled_from(snippets))
    return st.lists(piece, min_size=min_size, max_size=6).map(''.join)


ANY_TEXT = texts(ANY_CHAR, SNIPPETS)
XML_TEXT = texts(XML_CHAR, XML_SNIPPETS)
# The simulators (and Plesk) refuse an empty password.
ANY_PASSWORD = texts(ANY_CHAR, SNIPPETS, min_size=1)
XML_PASSWORD = texts(XML_CHAR, XML_SNIPPETS, min_size=1)

# RFC 5322 atext less ' / |: what a local part is made of (written out here, not taken from _values).
ATEXT = string.ascii_letters + string.digits + "!#$%&*+-=?^_`{}~"
# The atext characters the collection refuses all the same.
REFUSED_ATEXT = "'/|"
# Plesk (and its simulator) take at most 64 characters before the @.
LOCAL_PARTS = st.lists(st.text(ATEXT, min_size=1, max_size=16), min_size=1, max_size=4).map('.'.join).filter(
    lambda local: len(local) <= 64)


def dot_atom(text):
    """Whether ``text`` is a local part: atoms of atext joined by single dots, at most 64 characters."""
    return len(text) <= 64 and all(atom and set(atom) <= set(ATEXT) for atom in text.split('.'))


# --- module-style parameters and the planning round ---------------------------------------------------

_COUNTER = itertools.count(1)


def unique_local(prefix):
    """An account name no other example uses."""
    return '%s%d' % (prefix, next(_COUNTER))


def module_params(**values):
    """An account's parameters as AnsibleModule hands them over: every option present, defaults filled in."""
    params = {}
    for name, option in mail_account_spec().items():
        params[name] = option.get('default')
        if 'options' in option and values.get(name) is not None:
            values[name] = dict(dict.fromkeys(option['options']), **values[name])
    params.update(values)
    return params


class PleskRig:
    """The Plesk simulator and a client of it, as plesk_mail builds one (minus AnsibleModule)."""

    def __init__(self, simulator, client):
        self.simulator = simulator
        self.client = client
        self.site_ids = {domain: client.site_id(domain) for domain in (TEXTS_DOMAIN, NAMES_DOMAIN)}

    def read(self, local, domain=TEXTS_DOMAIN):
        """The account as get_info reads it (None when absent)."""
        return get_info(self.client, self.site_ids[domain], [local], domain)[local]

    def write(self, local, params, current, domain=TEXTS_DOMAIN):
        """Plan with account_change, build with add_delta, send, and fail on any refused operation."""
        change = account_change(params, '%s@%s' % (local, domain), domain, current, self.client.version)
        packet = self.client.packet()
        labels = add_delta(packet, self.site_ids[domain], local, change.delta, change.desired, current,
                           password_type=params['password_type'])
        for label, results in zip(labels, self.client.send(packet)):
            self.client.single(results, label)
        return change

    def remove(self, local, domain):
        packet = self.client.packet()
        remove_operation(packet, self.site_ids[domain], local)
        self.client.single(self.client.send(packet)[0], 'mail/remove')

    def stored(self, local, domain=TEXTS_DOMAIN):
        """The account as the simulated panel holds it, password included (None when absent)."""
        for webspace in self.simulator.panel.to_dict()['webspaces']:
            if webspace['name'] == domain:
                return next((account for account in webspace['mail'] if account['name'] == local), None)
        raise AssertionError('the seed has no webspace %s' % domain)

    @property
    def requests(self):
        return len(self.simulator.log)


@pytest.fixture(scope='module')
def plesk():
    with PleskSimulator(seed=PLESK_SEED, tls=False, login=PLESK_LOGIN, password=PLESK_PASSWORD) as simulator:
        with HttpClient(simulator.url) as http:
            yield PleskRig(simulator, PleskClient(http, username=PLESK_LOGIN, password=PLESK_PASSWORD))


@pytest.fixture(scope='module')
def brainy():
    with BrainySimulator() as simulator:
        with HttpClient(simulator.url) as http:
            yield simulator, BrainyClient(http, BRAINY_LOGIN, BRAINY_PASSWORD, panel_user=BRAINY_USER)


# The fields a refusal may name, as the builder names them (tag) or as the user does (option).
REFUSAL = re.compile(r'The value for (?P<field>\S+) contains the character U\+(?P<code>[0-9A-F]{4,6}), which XML cannot carry\.')
FIELD_NAMES = {'password': ('value', 'password'), 'description': ('description',),
               'subject': ('subject', 'autoresponder.subject'), 'text': ('text', 'autoresponder.text')}


def assert_refused(rig, fields, write):
    """``write()`` raises an OptionError naming a character XML cannot carry, of the field it names; nothing is sent."""
    sent = rig.requests
    with pytest.raises(OptionError) as caught:
        write()
    assert rig.requests == sent, 'a packet left although a value cannot be carried: %s' % caught.value.message
    match = REFUSAL.fullmatch(caught.value.message)
    assert match, caught.value.message
    named = [field for field, names in FIELD_NAMES.items() if match.group('field') in names and field in fields]
    # The character named is the first one XML cannot carry in the value of the field named.
    assert chr(int(match.group('code'), 16)) in {first_non_xml(fields[field]) for field in named}, caught.value.message
    return caught.value.message


def note_event(text):
    """Count outcomes in hypothesis's statistics (--hypothesis-show-statistics); no-op outside a hypothesis test."""
    if hypothesis.currently_in_test_context():
        hypothesis.event(text)


def responder_params(subject=None, text=None):
    values = {'enabled': True}
    if subject is not None:
        values['subject'] = subject
    if text is not None:
        values['text'] = text
    return values


# --- Plesk: free text ---------------------------------------------------------------------------------

def create_and_check(rig, local, fields):
    """Create ``local`` with ``fields`` (password, description, text, subject: any of them) and check the round trip."""
    params = module_params(password=fields.get('password', 'initial-password'), description=fields.get('description'),
                           autoresponder=responder_params(fields.get('subject'), fields.get('text')))
    if any(first_non_xml(value) for value in fields.values()):
        note_event('refused before sending')
        assert_refused(rig, fields, lambda: rig.write(local, params, None))
        assert rig.stored(local) is None
        return
    note_event('round trip')
    rig.write(local, params, None)
    check_round_trip(rig, local, params, fields)


def check_round_trip(rig, local, params, fields):
    stored = rig.stored(local)
    read = rig.read(local)
    if 'password' in fields:
        assert stored['password'] == {'value': fields['password'], 'type': 'plain'}
    if 'description' in fields:
        assert (stored['description'], read['description']) == (fields['description'],) * 2
    for field in ('subject', 'text'):
        if field in fields:
            assert (stored['autoresponder'][field], read['autoresponder'][field]) == (fields[field],) * 2
    # What was read back is what was asked for, so the next run has nothing to do.
    again = account_change(dict(params, update_password='on_create'), read['address'], TEXTS_DOMAIN, read, rig.client.version)
    assert again.delta.changed_fields == []


@hypothesis.settings(max_examples=300, **SETTINGS)
@hypothesis.given(password=ANY_PASSWORD, description=ANY_TEXT, text=ANY_TEXT)
def test_plesk_create_round_trips_or_refuses_before_sending(plesk, password, description, text):
    create_and_check(plesk, unique_local('create'), {'password': password, 'description': description, 'text': text})


@hypothesis.settings(max_examples=150, **SETTINGS)
@hypothesis.given(password=XML_PASSWORD, description=XML_TEXT, text=XML_TEXT)
def test_plesk_create_round_trips_every_xml_text(plesk, password, description, text):
    create_and_check(plesk, unique_local('xml'), {'password': password, 'description': description, 'text': text})


@hypothesis.settings(max_examples=150, **SETTINGS)
@hypothesis.given(subject=ANY_TEXT)
def test_plesk_autoresponder_subject_round_trips_or_refuses_before_sending(plesk, subject):
    create_and_check(plesk, unique_local('subject'), {'subject': subject})


@hypothesis.settings(max_examples=150, **SETTINGS)
@hypothesis.given(password=ANY_PASSWORD, description=ANY_TEXT, text=ANY_TEXT)
def test_plesk_update_set_round_trips_or_refuses_before_sending(plesk, password, description, text):
    local = unique_local('update')
    plesk.write(local, module_params(password='initial-password', description='initial description',
                                     autoresponder=responder_params(text='initial text')), None)
    fields = {'password': password, 'description': description, 'text': text}
    params = module_params(password=password, update_password='always', description=description,
                           autoresponder=responder_params(text=text))
    current = plesk.read(local)
    if any(first_non_xml(value) for value in fields.values()):
        note_event('refused before sending')
        assert_refused(plesk, fields, lambda: plesk.write(local, params, current))
        stored = plesk.stored(local)
        assert (stored['password']['value'], stored['description']) == ('initial-password', 'initial description')
        return
    note_event('round trip')
    change = plesk.write(local, params, current)
    assert 'password' in change.delta.changed_fields
    check_round_trip(plesk, local, params, fields)


@pytest.mark.parametrize('text', ['\r', 'a\r\nb', ' \r ', '\r\r\n\n', '&#13;\r', ' ', '\n', '\t', ' \n\t ', ' a  b '])
def test_plesk_carries_white_space_and_carriage_returns(plesk, text):
    """XML parsers turn a raw CR into LF, so the builder writes it as &#13;; white space alone is not dropped as blank."""
    create_and_check(plesk, unique_local('cr'), {'password': text, 'description': text, 'text': text})


def test_plesk_refusal_of_a_password_names_the_password_option(plesk):
    params = module_params(password='pass\x00word')
    with pytest.raises(OptionError) as caught:
        plesk.write(unique_local('named'), params, None)
    assert 'U+0000' in caught.value.message and 'password' in caught.value.message


def test_plesk_password_with_a_lone_surrogate_is_refused_when_registered_as_a_secret(plesk):
    """plesk_mail registers the account password as a secret of its HttpClient, as here."""
    password = 'pass\udc80word'
    sent = plesk.requests
    with pytest.raises(OptionError) as caught:
        with HttpClient(plesk.simulator.url, secrets=[PLESK_PASSWORD, password]) as http:
            client = PleskClient(http, username=PLESK_LOGIN, password=PLESK_PASSWORD)
            change = account_change(module_params(password=password), 'x@' + TEXTS_DOMAIN, TEXTS_DOMAIN, None, None)
            add_delta(client.packet(), plesk.site_ids[TEXTS_DOMAIN], 'x', change.delta, change.desired, None)
    assert 'U+DC80' in caught.value.message
    assert plesk.requests == sent


# --- Plesk: names -------------------------------------------------------------------------------------

@hypothesis.settings(max_examples=150, **SETTINGS)
@hypothesis.given(local=LOCAL_PARTS)
def test_plesk_account_names_round_trip_in_lower_case(plesk, local):
    name, domain = split_address('%s@%s' % (local, NAMES_DOMAIN.upper()), 'name')
    assert (name, domain) == (local.lower(), NAMES_DOMAIN)
    plesk.write(name, module_params(password=SECRET), None, domain=NAMES_DOMAIN)
    try:
        read = plesk.read(name, domain=NAMES_DOMAIN)
        assert read is not None and read['address'] == '%s@%s' % (local.lower(), NAMES_DOMAIN)
        assert plesk.stored(name, domain=NAMES_DOMAIN)['password']['value'] == SECRET
    finally:
        plesk.remove(name, NAMES_DOMAIN)
    assert plesk.read(name, domain=NAMES_DOMAIN) is None


@hypothesis.settings(max_examples=1000, **SETTINGS)
@hypothesis.given(text=st.one_of(ANY_TEXT, LOCAL_PARTS, texts(st.sampled_from(ATEXT + REFUSED_ATEXT + '.@ \n'), SNIPPETS)))
def test_local_parts_are_checked_up_front(text):
    """check_local_part and split_address accept exactly the dot-atoms; a refusal names the option, never a secret."""
    hypothesis.assume(SECRET not in text)
    if dot_atom(text):
        assert check_local_part(text, 'aliases') == text
    else:
        with pytest.raises(OptionError) as caught:
            check_local_part(text, 'aliases')
        assert caught.value.message.startswith('aliases: ')
    # The aliases option takes 'local' or 'local@domain', stripped, checked, then lower-cased.
    alias_local, at_sign, alias_domain = text.strip().rpartition('@')
    alias_local = alias_local if at_sign else alias_domain
    params = module_params(password=SECRET, aliases=[text])
    same_domain = not at_sign or (uts46_ok(alias_domain) and
                                  idna.encode(alias_domain.strip(), uts46=True).decode('ascii').rstrip('.') == TEXTS_DOMAIN)
    if dot_atom(alias_local) and same_domain and alias_local.lower() != 'info':
        desired = account_change(params, 'info@' + TEXTS_DOMAIN, TEXTS_DOMAIN, None, None).desired
        assert desired['aliases'] == ['%s@%s' % (alias_local.lower(), TEXTS_DOMAIN)]
    else:
        with pytest.raises(OptionError) as caught:
            account_change(params, 'info@' + TEXTS_DOMAIN, TEXTS_DOMAIN, None, None)
        assert caught.value.message.startswith('aliases: ') and SECRET not in caught.value.message
    # split_address strips the whole address first, so leading white space of the local part goes.
    local = text.lstrip()
    if dot_atom(local):
        assert split_address('%s@%s' % (text, TEXTS_DOMAIN), 'name') == (local.lower(), TEXTS_DOMAIN)
    else:
        with pytest.raises(OptionError) as caught:
            split_address('%s@%s' % (text, TEXTS_DOMAIN), 'name')
        assert caught.value.message.startswith('name must be one mail address') and SECRET not in caught.value.message


@pytest.mark.parametrize('local', ['info\n', 'a.b\n'])
def test_local_part_with_a_trailing_newline_is_refused(local):
    with pytest.raises(OptionError):
        check_local_part(local, 'aliases')


# --- BrainyCP: the form encoding ----------------------------------------------------------------------

def stored_mailbox(simulator, address):
    for user in simulator.to_dict()['users']:
        for mailbox in user['mailboxes']:
            if mailbox['email'] == address:
                return mailbox
    return None


@hypothesis.settings(max_examples=400, **SETTINGS)
@hypothesis.given(password=ANY_PASSWORD)
def test_brainycp_password_round_trips_through_the_form(brainy, password):
    simulator, client = brainy
    address = '%s@%s' % (unique_local('box'), BRAINY_DOMAIN)
    sent = len(simulator.log)
    note_event('lone surrogate' if has_surrogate(password) else 'round trip')
    if has_surrogate(password):
        # UTF-8 cannot carry a lone surrogate: it must be refused before sending.
        with pytest.raises(OptionError):
            client.call('addmail', email=address, password=password, quota='0')
        assert len(simulator.log) == sent
        assert stored_mailbox(simulator, address) is None
        return
    answer = client.call('addmail', email=address, password=password, quota='0')
    assert answer.outcome == DONE
    assert stored_mailbox(simulator, address)['password'] == password
    assert simulator.log[-1].form['password'] == password


@pytest.mark.parametrize('password', ['\x00', 'a\x00b', '\r\n', ' lead and trail ', '+%2B&=;#', '\x7f\x85\u2028', '\ufffe\uffff'])
def test_brainycp_carries_control_characters(brainy, password):
    simulator, client = brainy
    address = '%s@%s' % (unique_local('ctl'), BRAINY_DOMAIN)
    assert client.call('addmail', email=address, password=password, quota='0').outcome == DONE
    assert stored_mailbox(simulator, address)['password'] == password


def test_brainycp_refuses_a_lone_surrogate_with_a_clear_message(brainy):
    simulator, client = brainy
    sent = len(simulator.log)
    with pytest.raises(OptionError) as caught:
        client.call('addmail', email='%s@%s' % (unique_local('sur'), BRAINY_DOMAIN), password='pass\udc80word', quota='0')
    assert 'U+DC80' in caught.value.message and 'password' in caught.value.message
    assert len(simulator.log) == sent
