# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Property-based convergence tests (hypothesis): random panels, random desired states, the real simulators.

plesk_mail, plesk_mail_accounts, brainy_mailbox, brainy_mailboxes and brainy_forward run in-process, over
HTTP, against a simulator seeded with a random initial state, with random arguments, under every combination
of the simulator quirks that play what the panels' docs leave open. For each example:

* check mode (with diff) writes nothing, and predicts the real run: the same ``changed`` and ``diff``; and the
  diff shows the accounts, mailboxes and forwards as the panel holds them before and after;
* one real run ends in exactly the state asked for, read from the simulator's own state (never from the
  module's result): the fields asked for hold the values asked for, everything else keeps its value;
* a second run reports ``changed: false`` and sends no write;
* plesk_mail needs one write packet (two on a panel that takes update/set sections whole), and keeps what
  another run adds meanwhile to a list it leaves alone; brainy_forward never leaves a forward without targets;
* what the module must refuse (an alias or name another account keeps, forwarding on without an address, a
  new mailbox without a password) fails in check mode and in the real run alike, before any write. The bulk
  modules refuse the accounts concerned and carry out the rest, as check mode said they would.

Names come from small pools (four local parts, five forwarding targets), so that clashes, overlaps and lists
that empty or swap are frequent. Quotas are never 0, which the modules refuse as ambiguous. The explicit
``@example`` cases are defects these properties found; they fail at once, without a search, until fixed.
"""

from __future__ import annotations

import copy
import itertools

import pytest

from ansible_collections.hosting.mail.plugins.modules import brainy_forward, brainy_mailbox, brainy_mailboxes, plesk_mail, plesk_mail_accounts
from ansible_collections.hosting.mail.tests.simulators.brainycp.api import QUIRKS as BRAINY_QUIRKS
from ansible_collections.hosting.mail.tests.simulators.brainycp.server import BrainySimulator
from ansible_collections.hosting.mail.tests.simulators.plesk.agent import describe
from ansible_collections.hosting.mail.tests.simulators.plesk.server import CONVERGENCE_QUIRKS, QUIRKS as PLESK_QUIRKS, PleskSimulator
from ansible_collections.hosting.mail.tests.simulators.plesk.state import MailAccount
from ansible_collections.hosting.mail.tests.unit.utils import module_failure, module_success

hypothesis = pytest.importorskip('hypothesis', reason='the property-based tests need hypothesis (tests/requirements/dev.txt)')
st = pytest.importorskip('hypothesis.strategies', reason='the property-based tests need hypothesis (tests/requirements/dev.txt)')

# No example database: the tests write no files, and a run depends on nothing a previous run left. The simulators
# are module-scoped and reset by every example; capsys only collects what each module run printed, so the
# function-scoped fixture is safe to share between examples.
SETTINGS = dict(deadline=None, database=None,
                suppress_health_check=[hypothesis.HealthCheck.too_slow, hypothesis.HealthCheck.function_scoped_fixture])
# Examples per quirk combination; each is three or four module runs. Plesk's have more settings to combine.
PLESK_EXAMPLES = 40
BRAINY_EXAMPLES = 20


def quirk_modes(quirks, names):
    """Every combination of the values of the quirks ``names``, as keyword arguments of ``set_quirks``."""
    return [dict(zip(names, values)) for values in itertools.product(*(quirks[name] for name in names))]


def mode_id(mode):
    return ','.join('%s=%s' % item for item in mode.items())


def assert_check_mode_predicts(check, real, keys):
    for key in keys:
        assert check.get(key) == real.get(key), '%s: check mode said %r, the real run %r' % (key, check.get(key), real.get(key))


def assert_predicted(predicted, actual, unknown_ok=False, where='diff'):
    """What the module predicted (a side of its diff, computed before it writes) is what the panel holds: dicts key by
    key, every key there. With ``unknown_ok`` a None (not known beforehand, as the defaults of a new account) passes."""
    if isinstance(actual, dict):
        assert isinstance(predicted, dict), '%s: predicted %r, the panel holds %r' % (where, predicted, actual)
        for key, value in actual.items():
            assert key in predicted, '%s: %s is missing' % (where, key)
            assert_predicted(predicted[key], value, unknown_ok, '%s.%s' % (where, key))
    elif not (unknown_ok and predicted is None):
        assert predicted == actual, '%s: predicted %r, the panel holds %r' % (where, predicted, actual)


class Refused(Exception):
    """The arguments ask for what the module must refuse before any write."""


MB = 1024 ** 2
QUOTAS = {'100M': 100 * MB, '1G': 1024 * MB, '2G': 2048 * MB, 'unlimited': -1}
LOCALS = ('info', 'sales', 'team', 'hello')
STATES = st.sampled_from(('present', 'present', 'present', 'absent'))

# --- Plesk ------------------------------------------------------------------------------------------------

PLESK_PASSWORD = 'Adm1n&<secret> "pässword"'
DOMAIN = 'example.com'
SITE_ID = 1
ALIAS_LOCALS = LOCALS + ('contact',)
TARGETS = ('a@x.example', 'b@x.example', 'c@y.example', 'info@example.net', 'team@example.com')
SUBJECTS = ('Away', 'Back on Monday')
DESCRIPTIONS = ('', 'Front desk', 'Sales team')
SEED_PASSWORD = 'Seed-Secret-1'
NEW_PASSWORD = 'New-Secret-1'
# What another run adds to an account while plesk_mail works on it (names outside the pools, so they clash with none).
LATE_ADDRESS = 'late@x.example'
LATE_ALIAS = 'late'
# Another site of the subscription, with names from the pool: no task may touch it.
NEIGHBOUR_SITE = {'id': 2, 'name': 'shop.example.org', 'mail': [
    {'name': 'info', 'password': SEED_PASSWORD, 'aliases': ['sales'], 'forwarding': {'enabled': True, 'addresses': ['a@x.example']}}]}
PLESK_MODES = quirk_modes(PLESK_QUIRKS, CONVERGENCE_QUIRKS)


def seed_account(name, aliases=(), mailbox=True, quota=-1, forwarding=(), forwarding_on=False, responder=None, description=''):
    """A mail account in the simulator's seed format."""
    return {'name': name, 'password': SEED_PASSWORD, 'mailbox': {'enabled': mailbox, 'quota': quota}, 'aliases': list(aliases),
            'forwarding': {'enabled': forwarding_on, 'addresses': list(forwarding)},
            'autoresponder': responder or {'enabled': False}, 'description': description}


def plesk_seed(accounts):
    return {'webspaces': [{'id': SITE_ID, 'name': DOMAIN, 'mail': accounts, 'sites': [NEIGHBOUR_SITE]}]}


def given_in(draw, percent):
    """True in about ``percent`` % of the examples (False is what a failure shrinks to)."""
    return draw(st.integers(0, 99)) >= 100 - percent


def sometimes(draw, strategy, percent):
    """A value of ``strategy`` in about ``percent`` % of the examples, else None."""
    return draw(strategy) if given_in(draw, percent) else None


def either_case(text):
    """``text`` as given, or with a capital first letter: the modules compare names in lower case."""
    return st.sampled_from((text, text.capitalize()))


@st.composite
def plesk_seed_accounts(draw):
    """The mail accounts of example.com; no name or alias is held twice (Plesk would refuse the seed)."""
    accounts = []
    for name in draw(st.lists(st.sampled_from(LOCALS), unique=True)):
        forwarding = sometimes(draw, st.lists(st.sampled_from(TARGETS), unique=True, min_size=1, max_size=3), 75) or []
        responder = {'enabled': draw(st.booleans())}
        subject = draw(st.sampled_from((None,) + SUBJECTS))
        if subject is not None:
            responder['subject'] = subject
        accounts.append(seed_account(
            name, mailbox=draw(st.booleans()), quota=draw(st.sampled_from(sorted(QUOTAS.values()))), forwarding=forwarding,
            # Plesk refuses forwarding on without an address.
            forwarding_on=bool(forwarding) and draw(st.sampled_from((True, True, False))), responder=responder,
            description=draw(st.sampled_from(DESCRIPTIONS))))
    names = [account['name'] for account in accounts]
    for alias in ALIAS_LOCALS:
        if alias not in names:
            owner = draw(st.sampled_from([None] + names))
            if owner is not None:
                accounts[names.index(owner)]['aliases'].append(alias)
    return accounts


ALIAS_LISTS = st.lists(st.sampled_from(ALIAS_LOCALS), unique=True, max_size=3).flatmap(
    # Aliases as local parts or as addresses in the domain, the two forms the option takes.
    lambda locals_: st.tuples(*[st.sampled_from((local, '%s@%s' % (local, DOMAIN))) for local in locals_]).map(list))


def forwarding_args(draw, current):
    """The forwarding option, for an account whose forwarding is ``current`` (None: a new account). Half the time it
    switches forwarding (with or without a list), a quarter of the time it replaces the list with addresses all new to
    the account: where the order of the operations matters most. Else anything."""
    forwarding = {}
    change = draw(st.sampled_from(('any', 'switch', 'replace', 'switch')))
    enabled = (not (current or {}).get('enabled')) if change == 'switch' else sometimes(draw, st.booleans(), 50)
    kept = (current or {}).get('addresses', [])
    targets = [target for target in TARGETS if target not in kept] if change == 'replace' or draw(st.booleans()) else TARGETS
    if change == 'switch' and enabled and not kept:  # switched on, with an address to forward to
        addresses = draw(st.lists(st.sampled_from(targets).flatmap(either_case), min_size=1, max_size=3))
    else:
        addresses = sometimes(draw, st.lists(st.sampled_from(targets).flatmap(either_case), max_size=3), 50 if change == 'switch' else 85)
    if enabled is not None:
        forwarding['enabled'] = enabled
    if addresses is not None:
        forwarding['addresses'] = addresses
    return forwarding


# Each setting with how often it is given (%); forwarding most often, as its list and switch are the hardest to converge.
FORWARDING_GIVEN = 90
ACCOUNT_SETTINGS = dict(
    mailbox=(st.booleans(), 30),
    quota=(st.sampled_from(sorted(QUOTAS)), 30),
    aliases=(ALIAS_LISTS, 40),
    autoresponder=(st.fixed_dictionaries({}, optional={'enabled': st.booleans(), 'subject': st.sampled_from(SUBJECTS)}), 60),
    description=(st.sampled_from(DESCRIPTIONS), 30),
)


def account_args(draw, name, current):
    """One account's arguments, as plesk_mail and each item of plesk_mail_accounts take them; any setting may be left out.
    ``current``: the account in the seed, or None."""
    args = {'name': name, 'state': draw(STATES), 'password': NEW_PASSWORD}
    for setting, (strategy, percent) in ACCOUNT_SETTINGS.items():
        if given_in(draw, percent):
            args[setting] = draw(strategy)
    if given_in(draw, FORWARDING_GIVEN):
        args['forwarding'] = forwarding_args(draw, current['forwarding'] if current else None)
    return args


def some_names(draw, existing, max_size):
    """Local parts from the pool, mostly of existing accounts (changes are where the order of operations matters)."""
    names = []
    for _count in range(draw(st.integers(1, max_size))):
        pool = [name for name in (existing if existing and draw(st.integers(0, 3)) else LOCALS) if name not in names]
        if pool:
            names.append(draw(st.sampled_from(pool)))
    return names


@st.composite
def plesk_mail_cases(draw):
    """The accounts of example.com, and plesk_mail's arguments."""
    accounts = draw(plesk_seed_accounts())
    existing = {account['name']: account for account in accounts}
    name = some_names(draw, list(existing), 1)[0]
    return accounts, account_args(draw, '%s@%s' % (draw(either_case(name)), DOMAIN), existing.get(name))


@st.composite
def plesk_mail_accounts_cases(draw):
    """The accounts of example.com, and plesk_mail_accounts' arguments (names as local parts or addresses)."""
    accounts = draw(plesk_seed_accounts())
    existing = {account['name']: account for account in accounts}
    listed = [account_args(draw, draw(st.sampled_from((name, '%s@%s' % (name, DOMAIN)))), existing.get(name))
              for name in some_names(draw, list(existing), 3)]
    return accounts, {'accounts': listed, 'prune': draw(st.booleans())}


@pytest.fixture(scope='module')
def plesk():
    """The simulator; ``simulator.meanwhile(panel)``, when set, runs once just before the first write reaches the panel:
    another run's change, made between the module's read and its write."""
    with PleskSimulator(seed=plesk_seed([]), login='admin', password=PLESK_PASSWORD) as simulator:
        answer_agent = simulator.answer_agent

        def answer_after_another_run(method, path, headers, body):
            if simulator.meanwhile is not None and describe(body)[1]:
                change, simulator.meanwhile = simulator.meanwhile, None
                change(simulator.panel)
            return answer_agent(method, path, headers, body)

        simulator.answer_agent = answer_after_another_run
        simulator.meanwhile = None
        yield simulator


def start_plesk(simulator, seed_accounts, quirks):
    """The simulator at a new seed and quirks; the whole panel and example.com's accounts, as they start."""
    simulator.reset(plesk_seed(seed_accounts))
    simulator.set_quirks(**quirks)
    simulator.meanwhile = None
    return simulator.panel.to_dict(), {name: comparable_account(account) for name, account in plesk_accounts(simulator).items()}


def run_plesk(module, simulator, capsys, fails=False, check_mode=False, **args):
    params = dict(plesk_url=simulator.url, plesk_username='admin', plesk_password=PLESK_PASSWORD,
                  _ansible_check_mode=check_mode, _ansible_diff=True, **args)
    runner = module_failure if fails else module_success
    return runner(module, params, capsys, secrets=(PLESK_PASSWORD,))


def plesk_accounts(simulator):
    """example.com's accounts as the simulator holds them, by name."""
    webspace = next(webspace for webspace in simulator.panel.to_dict()['webspaces'] if webspace['name'] == DOMAIN)
    return {account['name']: account for account in webspace['mail']}


def plesk_writes(simulator):
    return [operation for entry in simulator.log if entry.write for operation in entry.operations]


def local_of(name):
    return name.partition('@')[0].strip().lower()


def comparable_account(account):
    """A stored account without its id, lists sorted (the panel keeps them in the order they were added)."""
    account = copy.deepcopy(account)
    account['aliases'] = sorted(account['aliases'])
    account['forwarding']['addresses'] = sorted(account['forwarding']['addresses'])
    account.pop('id', None)
    return account


def expected_plesk_account(current, args):
    """The account as the panel must hold it after a run with ``args``; ``current``: as it was (None: absent).

    Raises Refused for forwarding on without an address; names that clash are found by ``clashes``.
    """
    if current is None:
        account = comparable_account(dict(MailAccount(0, local_of(args['name'])).to_dict(),
                                          password={'value': args['password'], 'type': 'plain'}))
        account['mailbox']['enabled'] = True  # a new account gets a mailbox unless told otherwise
    else:
        account = copy.deepcopy(current)  # the password is set only on creation (update_password: on_create)
    if 'mailbox' in args:
        account['mailbox']['enabled'] = args['mailbox']
    if 'quota' in args:
        account['mailbox']['quota'] = QUOTAS[args['quota']]
    if 'aliases' in args:
        account['aliases'] = sorted({local_of(alias) for alias in args['aliases']})
    forwarding = args.get('forwarding')
    if forwarding is not None:
        account['forwarding'].update(forwarding)
        account['forwarding']['addresses'] = sorted({address.lower() for address in account['forwarding']['addresses']})
        if forwarding and account['forwarding']['enabled'] and not account['forwarding']['addresses']:
            raise Refused('forwarding.enabled needs at least one address')
    account['autoresponder'].update(args.get('autoresponder') or {})
    if 'description' in args:
        account['description'] = args['description']
    return account


def clashes(accounts):
    """The names that ``accounts`` (name -> account, None for none) cannot all hold: a name or alias held twice, or an
    alias that is the account's own name; Plesk refuses both with 1007."""
    seen, clashing = set(), set()
    for name, account in accounts.items():
        if account is not None:
            names = [name] + account['aliases']
            clashing.update(alias for alias in names if alias in seen or names.count(alias) > 1)
            seen.update(names)
    return clashing


def shown_account(account):
    """A stored account as the modules show it (in results and diffs)."""
    responder = account['autoresponder']
    return {
        'address': '%s@%s' % (account['name'], DOMAIN), 'mailbox': account['mailbox']['enabled'], 'quota': account['mailbox']['quota'],
        'aliases': sorted('%s@%s' % (alias, DOMAIN) for alias in account['aliases']),
        'forwarding': {'enabled': account['forwarding']['enabled'], 'addresses': sorted(account['forwarding']['addresses'])},
        'autoresponder': dict({field: responder[field] for field in ('enabled', 'subject', 'content_type', 'charset', 'text', 'end_date')},
                              forward_to=responder['forward']),
        'antivirus': account['antivir'], 'outgoing_messages_limit': account['outgoing_messages_mbox_limit'],
        'description': account['description'],
    }


def assert_diff_shows(diff, before, after):
    """The diff's sides (address -> account, for the accounts that change) are the accounts as they were and are now."""
    assert sorted(diff['before']) == sorted(before) and sorted(diff['after']) == sorted(after)
    for address, account in before.items():
        assert_predicted(diff['before'][address], shown_account(account), where='diff.before[%s]' % address)
    for address, (account, new) in after.items():
        assert_predicted(diff['after'][address], shown_account(account), unknown_ok=new, where='diff.after[%s]' % address)


def note_forwarding_change(current, expected):
    """Count the forwarding changes whose order of operations matters (see --hypothesis-show-statistics)."""
    if current and expected:
        was, now = current['forwarding'], expected['forwarding']
        if was['enabled'] != now['enabled']:
            hypothesis.event('forwarding switched %s' % ('on' if now['enabled'] else 'off'))
        elif now['enabled'] and not set(was['addresses']) & set(now['addresses']):
            hypothesis.event('forwarding list replaced while on')


def assert_plesk_holds(simulator, before, expected):
    """example.com's accounts named in ``expected`` are as it says (None: absent); the rest of the panel as ``before``."""
    after = {name: comparable_account(account) for name, account in plesk_accounts(simulator).items()}
    assert {name: after.get(name) for name in expected} == expected
    before, after = copy.deepcopy(before), simulator.panel.to_dict()
    for state in (before, after):
        webspace = next(webspace for webspace in state['webspaces'] if webspace['name'] == DOMAIN)
        webspace['mail'] = [account for account in webspace['mail'] if account['name'] not in expected]
    assert after == before


def assert_refused_before_any_write(module, simulator, capsys, before, **args):
    for check_mode in (True, False):
        run_plesk(module, simulator, capsys, fails=True, check_mode=check_mode, **args)
    assert plesk_writes(simulator) == [] and simulator.panel.to_dict() == before


def assert_plesk_second_run_writes_nothing(module, simulator, capsys, **args):
    simulator.clear_log()
    again = run_plesk(module, simulator, capsys, **args)
    assert again['changed'] is False and plesk_writes(simulator) == []


@hypothesis.settings(max_examples=PLESK_EXAMPLES, **SETTINGS)
@hypothesis.given(case=plesk_mail_cases())
# An alias that is the account's own name: check mode is clean; the real run removes hello, then Plesk refuses the add.
@hypothesis.example(case=([seed_account('info', aliases=['hello'])],
                          {'name': 'info@example.com', 'state': 'present', 'password': NEW_PASSWORD, 'aliases': ['info', 'contact']}))
@pytest.mark.parametrize('quirks', PLESK_MODES, ids=mode_id)
def test_plesk_mail_converges_in_one_run(plesk, capsys, quirks, case):
    seed_accounts, args = case
    before, accounts = start_plesk(plesk, seed_accounts, quirks)
    name = local_of(args['name'])
    current = accounts.get(name)
    try:
        expected = None if args['state'] == 'absent' else expected_plesk_account(current, args)
        if clashes(dict(accounts, **{name: expected})):
            raise Refused('a name or alias is taken')
    except Refused:
        hypothesis.event('refused')
        assert_refused_before_any_write(plesk_mail, plesk, capsys, before, **args)
        return

    check = run_plesk(plesk_mail, plesk, capsys, check_mode=True, **args)
    assert plesk_writes(plesk) == [] and plesk.panel.to_dict() == before
    # Another run adds to a list this task leaves alone, between this run's read and its write: it must stay (only
    # changes are sent, never a list read before). Not an address when forwarding goes off on a panel that takes the
    # forwarding section of update/set whole: that drops every address, and the module cannot know the late one.
    late = {}
    if current and expected:
        switched_off = current['forwarding']['enabled'] and not expected['forwarding']['enabled']
        if 'addresses' not in args.get('forwarding', {}) and not (switched_off and quirks['set_sections'] == 'replace'):
            late['forwarding'] = {'addresses': [LATE_ADDRESS]}
        if 'aliases' not in args:
            late['aliases'] = [LATE_ALIAS]
        plesk.meanwhile = lambda panel: panel.update_mail(SITE_ID, name, 'add', late)
    real = run_plesk(plesk_mail, plesk, capsys, **args)
    assert_check_mode_predicts(check, real, ('changed', 'diff', 'changed_fields'))
    hypothesis.event('changed' if real['changed'] else 'unchanged')
    note_forwarding_change(current, expected)
    assert real['changed'] == (expected != current)
    address = '%s@%s' % (name, DOMAIN)
    assert_diff_shows({side: {address: shown} if shown else {} for side, shown in real['diff'].items()},
                      {address: current} if current else {}, {address: (expected, current is None)} if expected else {})
    if late and plesk.meanwhile is None:
        hypothesis.event('another run added to a list meanwhile')
        expected = copy.deepcopy(expected)
        expected['forwarding']['addresses'] = sorted(expected['forwarding']['addresses'] + late.get('forwarding', {}).get('addresses', []))
        expected['aliases'] = sorted(expected['aliases'] + late.get('aliases', []))
    assert_plesk_holds(plesk, before, {name: expected})
    # One packet does it, in an order no panel's reading of the docs can spoil; only a panel that takes a section of
    # update/set whole (and so drops the addresses of a forwarding switched off) needs the follow-up round.
    packets = sum(entry.write for entry in plesk.log)
    assert packets == real['changed'] if quirks['set_sections'] == 'merge' else packets <= 2 * real['changed']
    assert_plesk_second_run_writes_nothing(plesk_mail, plesk, capsys, **args)


@hypothesis.settings(max_examples=PLESK_EXAMPLES, **SETTINGS)
@hypothesis.given(case=plesk_mail_accounts_cases())
# sales drops contact and takes info, whose account goes in the same task: sales is sent first, and Plesk refuses it.
@hypothesis.example(case=([seed_account('info'), seed_account('sales', aliases=['contact'])],
                          {'accounts': [{'name': 'sales', 'state': 'present', 'password': NEW_PASSWORD, 'aliases': ['info']},
                                        {'name': 'info', 'state': 'absent', 'password': NEW_PASSWORD}], 'prune': False}))
# Two accounts swap their aliases: the first one sent takes an alias the second still holds.
@hypothesis.example(case=([seed_account('info', aliases=['contact']), seed_account('sales', aliases=['hello'])],
                          {'accounts': [{'name': 'info', 'state': 'present', 'password': NEW_PASSWORD, 'aliases': ['hello']},
                                        {'name': 'sales', 'state': 'present', 'password': NEW_PASSWORD, 'aliases': ['contact']}],
                           'prune': False}))
@pytest.mark.parametrize('quirks', PLESK_MODES, ids=mode_id)
def test_plesk_mail_accounts_converges_in_one_run(plesk, capsys, quirks, case):
    seed_accounts, args = case
    args = dict(args, domain=DOMAIN)
    before, current = start_plesk(plesk, seed_accounts, quirks)
    listed = {local_of(entry['name']): entry for entry in args['accounts']}
    touched = set(listed) | (set(current) if args['prune'] else set())
    try:
        wanted = {name: None if listed.get(name, {'state': 'absent'})['state'] == 'absent' else
                  expected_plesk_account(current.get(name), listed[name]) for name in touched}
    except Refused:
        hypothesis.event('refused: forwarding')
        assert_refused_before_any_write(plesk_mail_accounts, plesk, capsys, before, **args)
        return

    clashing = clashes(dict(current, **wanted))
    check = run_plesk(plesk_mail_accounts, plesk, capsys, fails=bool(clashing), check_mode=True, **args)
    assert plesk_writes(plesk) == [] and plesk.panel.to_dict() == before
    if clashing and 'accounts' not in check:
        # Refused as a whole while planning, as for forwarding without an address: the real run too, before any write.
        hypothesis.event('refused: name clash, whole task')
        assert_refused_before_any_write(plesk_mail_accounts, plesk, capsys, before, **args)
        return
    real = run_plesk(plesk_mail_accounts, plesk, capsys, fails=bool(clashing), **args)
    assert_check_mode_predicts(check, real, ('changed', 'diff', 'accounts'))
    refused = {local_of(entry['address']) for entry in check['accounts'] if entry['action'] == 'failed'}
    assert bool(refused) == bool(clashing)
    hypothesis.event('refused: name clash' if refused else 'changed' if real['changed'] else 'unchanged')
    # A refused account keeps what it had; every other one ends as asked.
    expected = dict(wanted, **{name: current.get(name) for name in refused})
    for name in touched:
        note_forwarding_change(current.get(name), expected[name])
    assert_plesk_holds(plesk, before, expected)
    changing = [name for name in touched if expected[name] != current.get(name)]
    after = plesk_accounts(plesk)
    assert_diff_shows(real['diff'], {'%s@%s' % (name, DOMAIN): current[name] for name in changing if name in current},
                      {'%s@%s' % (name, DOMAIN): (after[name], name not in current) for name in changing if name in after})
    # Each refusal had a reason: as asked, the account claims a name that another one asks for or ended with.
    for name in refused:
        claimed = {name} | set(wanted[name]['aliases'])
        assert claimed & (clashing | clashes(dict(current, **dict(expected, **{name: wanted[name]}))))
    assert real['changed'] == any(expected[name] != current.get(name) for name in touched)
    if not refused:
        assert_plesk_second_run_writes_nothing(plesk_mail_accounts, plesk, capsys, **args)


# --- BrainyCP ---------------------------------------------------------------------------------------------

BRAINY_LOGIN = 'admin'
BRAINY_PASSWORD = 'api&pass=wörd+1'
HOSTING_USER = 'webmaster'
NEIGHBOUR = 'neighbour'
BRAINY_DOMAINS = ('example.com', 'example.org')
BRAINY_ADDRESSES = tuple('%s@%s' % (local, domain) for domain in BRAINY_DOMAINS for local in LOCALS)
BRAINY_TARGETS = ('a@x.example', 'b@x.example', 'c@y.example', 'info@example.com', 'sales@example.org')
BOX_QUOTAS_MB = (0, 100, 1024, 2048)  # 0: no limit
QUOTAS_MB = {text: 0 if size < 0 else size // MB for text, size in QUOTAS.items()}
BOX_PASSWORD = 'box <p&ss> "x"'


def brainy_modes(names):
    """The combinations of the quirks ``names``; the arrow of a forward shows only in listings of strings."""
    return [mode for mode in quirk_modes(BRAINY_QUIRKS, names) if mode.get('items') == 'strings' or mode.get('forward_arrow') == '->']


# Mailboxes: how listings read (and with them the forwards read to confirm a domain), and what delmail does to a forward.
MAILBOX_MODES = brainy_modes(('items', 'forward_arrow', 'delmail_forwards'))
# Forwards: how listings read, whether addforward appends or replaces, and what delforward deletes.
FORWARD_MODES = brainy_modes(('addforward', 'delforward', 'items', 'forward_arrow'))


def brainy_seed(owned, mailboxes=(), forwards=()):
    """A panel whose hosting user owns the domains ``owned`` (the neighbour owns the others, and example.net) and has
    ``mailboxes`` (address -> quota in MB) and ``forwards`` (source -> (targets, save_local)); the neighbour has mail of
    its own, which no task may touch."""
    neighbour_domains = ['example.net'] + [domain for domain in BRAINY_DOMAINS if domain not in owned]
    return {
        'api_accounts': [{'login': BRAINY_LOGIN, 'password': BRAINY_PASSWORD, 'full_api': True}],
        'users': [
            {'login': HOSTING_USER, 'domains': list(owned),
             'mailboxes': [{'email': address, 'password': 'seed-box', 'quota': quota, 'used': 1} for address, quota in dict(mailboxes).items()],
             'forwards': [{'source': source, 'targets': list(targets), 'save_local': save_local}
                          for source, (targets, save_local) in dict(forwards).items()]},
            {'login': NEIGHBOUR, 'domains': neighbour_domains,
             'mailboxes': [{'email': 'info@%s' % domain, 'password': 'neighbour-box', 'quota': 100} for domain in neighbour_domains],
             'forwards': [{'source': 'info@%s' % domain, 'targets': ['a@x.example'], 'save_local': 1} for domain in neighbour_domains]},
        ],
    }


def owned_addresses(owned):
    return [address for address in BRAINY_ADDRESSES if address.partition('@')[2] in owned]


@st.composite
def brainy_seeds(draw):
    """The hosting user owns example.com and maybe example.org, with mailboxes and forwards in them."""
    owned = ['example.com'] + (['example.org'] if draw(st.booleans()) else [])
    addresses = owned_addresses(owned)
    mailboxes = {address: draw(st.sampled_from(BOX_QUOTAS_MB)) for address in draw(st.lists(st.sampled_from(addresses), unique=True))}
    forwards = {source: (draw(st.lists(st.sampled_from(BRAINY_TARGETS), unique=True, min_size=1, max_size=3)), int(draw(st.booleans())))
                for source in draw(st.lists(st.sampled_from(addresses), unique=True, max_size=4))}
    return brainy_seed(owned, mailboxes, forwards)


@st.composite
def mailbox_settings(draw):
    """A mailbox's state, password (needed to create it, so nearly always given) and quota."""
    settings = {'state': draw(STATES)}
    if draw(st.integers(0, 9)) < 9:  # the simplest example has a password: leaving it out only refuses a creation
        settings['password'] = BOX_PASSWORD
    if given_in(draw, 50):
        settings['quota'] = draw(st.sampled_from(sorted(QUOTAS)))
    return settings


MAILBOX_SETTINGS = mailbox_settings()
BRAINY_ADDRESS = st.sampled_from(BRAINY_ADDRESSES).flatmap(either_case)
BRAINY_MAILBOX_ARGS = st.tuples(BRAINY_ADDRESS, MAILBOX_SETTINGS).map(lambda pair: dict(pair[1], address=pair[0]))
BRAINY_MAILBOXES_ARGS = st.fixed_dictionaries(
    {'mailboxes': st.lists(st.tuples(BRAINY_ADDRESS, MAILBOX_SETTINGS), min_size=1, max_size=4, unique_by=lambda pair: pair[0].lower()).map(
        lambda pairs: [dict(settings, address=address) for address, settings in pairs]),
     'prune': st.booleans()},
    optional={'prune_domains': st.lists(st.sampled_from(BRAINY_DOMAINS), unique=True, min_size=1)})
FORWARD_SETTINGS = st.fixed_dictionaries(
    {'state': STATES, 'targets': st.lists(st.sampled_from(BRAINY_TARGETS).flatmap(either_case), min_size=1, max_size=3)},
    optional={'save_local': st.booleans()})


@st.composite
def brainy_forward_cases(draw):
    """A seed and brainy_forward's arguments; the source is in a domain of the hosting user, as it must be (the API lists
    no domains, so neither check mode nor the module could tell)."""
    seed = draw(brainy_seeds())
    source = draw(st.sampled_from(owned_addresses(seed['users'][0]['domains'])).flatmap(either_case))
    return seed, dict(draw(FORWARD_SETTINGS), source=source)


@pytest.fixture(scope='module')
def brainy():
    """The simulator; ``sources_seen`` records, after each request, the sources the hosting user has forwards for."""
    with BrainySimulator(seed=brainy_seed(BRAINY_DOMAINS)) as simulator:
        answer_panel = simulator.answer_panel

        def answer_and_look(*request):
            reply = answer_panel(*request)
            simulator.sources_seen.append({forward['source'] for forward in hosting_user(simulator.to_dict())['forwards']})
            return reply

        simulator.answer_panel = answer_and_look
        simulator.sources_seen = []
        yield simulator


def start_brainy(simulator, seed, quirks):
    simulator.reset(seed)
    simulator.set_quirks(**quirks)
    return simulator.to_dict()


def run_brainy(module, simulator, capsys, fails=False, check_mode=False, **args):
    params = dict(brainycp_url=simulator.url, brainycp_username=BRAINY_LOGIN, brainycp_password=BRAINY_PASSWORD,
                  panel_user=HOSTING_USER, _ansible_check_mode=check_mode, _ansible_diff=True, **args)
    runner = module_failure if fails else module_success
    return runner(module, params, capsys, secrets=(BRAINY_PASSWORD, BOX_PASSWORD))


def brainy_writes(simulator):
    return [entry.operation for entry in simulator.log if entry.write]


def hosting_user(state):
    return next(user for user in state['users'] if user['login'] == HOSTING_USER)


def user_mail(state):
    """The hosting user's mailboxes (address -> mailbox) and forwards (source -> forward, targets sorted)."""
    user = hosting_user(state)
    return ({box['email']: box for box in user['mailboxes']},
            {forward['source']: dict(forward, targets=sorted(forward['targets'])) for forward in user['forwards']})


def with_user_mail(state, mailboxes, forwards):
    """``state`` with the hosting user's mailboxes and forwards replaced, in a fixed order (to compare)."""
    state = copy.deepcopy(state)
    user = hosting_user(state)
    user['mailboxes'] = sorted(mailboxes.values(), key=lambda box: box['email'])
    user['forwards'] = sorted(forwards.values(), key=lambda forward: forward['source'])
    return state


def assert_brainy_holds(simulator, before, mailboxes, forwards):
    """The hosting user has exactly ``mailboxes`` and ``forwards``; everything else is as ``before``."""
    now = simulator.to_dict()
    assert with_user_mail(now, *user_mail(now)) == with_user_mail(before, mailboxes, forwards)


def assert_brainy_refused_before_any_write(module, simulator, capsys, before, **args):
    for check_mode in (True, False):
        run_brainy(module, simulator, capsys, fails=True, check_mode=check_mode, **args)
    assert brainy_writes(simulator) == [] and simulator.to_dict() == before


def assert_brainy_second_run_writes_nothing(module, simulator, capsys, **args):
    simulator.clear_log()
    again = run_brainy(module, simulator, capsys, **args)
    assert again['changed'] is False and brainy_writes(simulator) == []


def assert_diff_side(predicted, actual):
    """A side of a BrainyCP module's diff shows ``actual`` (None: nothing); a None in it is what a listing cannot show."""
    if actual is None:
        assert predicted == {}
    else:
        assert_predicted(predicted, actual, unknown_ok=True)


def shown_box(address, box):
    return None if box is None else {'address': address, 'quota_mb': box['quota']}


def shown_forward(forward):
    return None if forward is None else dict(forward, save_local=bool(forward['save_local']))


def warned_about(result, words):
    return any(words in warning for warning in result['recorded_warnings'])


def expected_mailboxes(state, wanted, quirks, prune=False, prune_domains=None):
    """The hosting user's mail after brainy_mailbox(es) with ``wanted`` (address -> settings): ``(mailboxes, forwards,
    refused)``, ``refused`` listing the new mailboxes in a domain the user does not own (addmail error 4).

    Raises Refused for a new mailbox without a password. The API cannot change an existing mailbox: it stays as it is.
    """
    mailboxes, forwards = user_mail(state)
    refused = []
    gone = [address for address, settings in wanted.items() if settings['state'] == 'absent' and address in mailboxes]
    if prune:
        domains = set(prune_domains or [address.partition('@')[2] for address in wanted])
        gone += [address for address in mailboxes if address not in wanted and address.partition('@')[2] in domains]
    owned = [domain['name'] for domain in hosting_user(state)['domains']]
    for address, settings in wanted.items():
        if settings['state'] == 'present' and address not in mailboxes:
            if 'password' not in settings:
                raise Refused('a new mailbox needs a password')
            if address.partition('@')[2] in owned:
                mailboxes[address] = {'email': address, 'password': settings['password'], 'quota': QUOTAS_MB.get(settings.get('quota'), 0),
                                      'used': 0}
            else:
                refused.append(address)
    for address in gone:
        del mailboxes[address]
        if quirks['delmail_forwards'] == 'drop':
            forwards.pop(address, None)  # this panel drops the forward of a deleted mailbox with it
    return mailboxes, forwards, refused


@hypothesis.settings(max_examples=BRAINY_EXAMPLES, **SETTINGS)
@hypothesis.given(seed=brainy_seeds(), args=BRAINY_MAILBOX_ARGS)
# A listing of strings shows no quota: check mode's diff says quota_mb 0, the real run's null.
@hypothesis.example(seed=brainy_seed(['example.com']), args={'address': 'info@example.com', 'state': 'present', 'password': BOX_PASSWORD})
@pytest.mark.parametrize('quirks', MAILBOX_MODES, ids=mode_id)
def test_brainy_mailbox_converges_in_one_run(brainy, capsys, quirks, seed, args):
    before = start_brainy(brainy, seed, quirks)
    address = args['address'].lower()
    try:
        mailboxes, forwards, refused = expected_mailboxes(before, {address: args}, quirks)
    except Refused:
        hypothesis.event('refused: no password')
        assert_brainy_refused_before_any_write(brainy_mailbox, brainy, capsys, before, **args)
        return

    check = run_brainy(brainy_mailbox, brainy, capsys, check_mode=True, **args)
    assert brainy_writes(brainy) == [] and brainy.to_dict() == before
    if refused:
        # The API lists no domains: check mode cannot know, but warns; the real run fails before any change.
        hypothesis.event('refused: not the user\'s domain')
        assert warned_about(check, 'cannot be confirmed before the change')
        run_brainy(brainy_mailbox, brainy, capsys, fails=True, **args)
        assert brainy.to_dict() == before
        return
    real = run_brainy(brainy_mailbox, brainy, capsys, **args)
    assert_check_mode_predicts(check, real, ('changed', 'diff', 'changed_fields'))
    hypothesis.event('changed' if real['changed'] else 'unchanged')
    assert_brainy_holds(brainy, before, mailboxes, forwards)
    was = user_mail(before)[0].get(address)
    assert real['changed'] == ((address in mailboxes) != (was is not None))
    assert_diff_side(real['diff']['before'], shown_box(address, was))
    assert_diff_side(real['diff']['after'], shown_box(address, mailboxes.get(address)))
    if was and args['state'] == 'present' and 'quota' in args and quirks['items'] == 'objects':
        assert warned_about(real, 'cannot change the quota') == (was['quota'] != QUOTAS_MB[args['quota']])
    assert_brainy_second_run_writes_nothing(brainy_mailbox, brainy, capsys, **args)


@hypothesis.settings(max_examples=BRAINY_EXAMPLES, **SETTINGS)
@hypothesis.given(seed=brainy_seeds(), args=BRAINY_MAILBOXES_ARGS)
@pytest.mark.parametrize('quirks', MAILBOX_MODES, ids=mode_id)
def test_brainy_mailboxes_converges_in_one_run(brainy, capsys, quirks, seed, args):
    before = start_brainy(brainy, seed, quirks)
    wanted = {entry['address'].lower(): entry for entry in args['mailboxes']}
    try:
        mailboxes, forwards, refused = expected_mailboxes(before, wanted, quirks, args['prune'], args.get('prune_domains'))
    except Refused:
        hypothesis.event('refused: no password')
        assert_brainy_refused_before_any_write(brainy_mailboxes, brainy, capsys, before, **args)
        return

    check = run_brainy(brainy_mailboxes, brainy, capsys, check_mode=True, **args)
    assert brainy_writes(brainy) == [] and brainy.to_dict() == before
    real = run_brainy(brainy_mailboxes, brainy, capsys, fails=bool(refused), **args)
    # Every change but the refused ones is made; those are reported as failed, and check mode warned about their domains.
    assert_brainy_holds(brainy, before, mailboxes, forwards)
    assert sorted(entry['address'] for entry in real['mailboxes'] if entry['action'] == 'failed') == sorted(refused)
    if refused:
        hypothesis.event('refused: not the user\'s domain')
        for address in refused:
            assert warned_about(check, 'has no mailbox or forward in %s' % address.partition('@')[2])
        return
    assert_check_mode_predicts(check, real, ('changed', 'diff', 'mailboxes'))
    hypothesis.event('changed' if real['changed'] else 'unchanged')
    boxes_before = user_mail(before)[0]
    assert real['changed'] == (mailboxes != boxes_before)
    # The diff names the mailboxes deleted (before) and created (after), with their quotas.
    assert sorted(real['diff']['before']) == sorted(set(boxes_before) - set(mailboxes))
    assert sorted(real['diff']['after']) == sorted(set(mailboxes) - set(boxes_before))
    for side, boxes in (('before', boxes_before), ('after', mailboxes)):
        for address, shown in real['diff'][side].items():
            assert_diff_side(shown, {'quota_mb': boxes[address]['quota']})
    assert_brainy_second_run_writes_nothing(brainy_mailboxes, brainy, capsys, **args)


@hypothesis.settings(max_examples=BRAINY_EXAMPLES, **SETTINGS)
@hypothesis.given(case=brainy_forward_cases())
# A listing of strings shows no save_local: a target change without save_local resets a kept copy to 0.
@hypothesis.example(case=(brainy_seed(['example.com'], forwards={'info@example.com': (['b@x.example'], 1)}),
                          {'source': 'info@example.com', 'state': 'present', 'targets': ['a@x.example', 'b@x.example']}))
@pytest.mark.parametrize('quirks', FORWARD_MODES, ids=mode_id)
def test_brainy_forward_converges_in_one_run(brainy, capsys, quirks, case):
    seed, args = case
    before = start_brainy(brainy, seed, quirks)
    source = args['source'].lower()
    mailboxes, forwards = user_mail(before)
    current = forwards.get(source)
    if args['state'] == 'absent':
        forwards.pop(source, None)
    else:
        targets = sorted({target.lower() for target in args['targets']})
        added = current is None or not set(targets) <= set(current['targets'])
        # A panel whose delforward drops the whole forward gets it back from an addforward.
        readded = current is not None and bool(set(current['targets']) - set(targets)) and quirks['delforward'] == 'whole'
        save_local = current['save_local'] if current else 0  # unset, an existing forward keeps its setting
        # A listing of strings does not show save_local: the module warns, and sends it with the targets it adds.
        if 'save_local' in args and (added or readded or quirks['items'] == 'objects'):
            save_local = int(args['save_local'])
        forwards[source] = {'source': source, 'targets': targets, 'save_local': save_local}

    check = run_brainy(brainy_forward, brainy, capsys, check_mode=True, **args)
    assert brainy_writes(brainy) == [] and brainy.to_dict() == before
    del brainy.sources_seen[:]
    real = run_brainy(brainy_forward, brainy, capsys, **args)
    if current and args['state'] == 'present' and quirks['delforward'] == 'targets':
        # The forward never disappears, not even for a moment (the panel drops one left without targets), unless the
        # panel's only way to remove a target is to drop the whole forward.
        assert all(source in sources for sources in brainy.sources_seen)
    if args['state'] == 'present' and readded and check['diff']['after'] and check['diff']['after']['save_local'] is None:
        # Check mode cannot know that this panel will drop the whole forward: it shows a save_local the listing does not
        # report as null; the real run shows the one its addforward then sent.
        check['diff']['after']['save_local'] = real['diff']['after']['save_local']
    assert_check_mode_predicts(check, real, ('changed', 'diff', 'changed_fields'))
    hypothesis.event('changed' if real['changed'] else 'unchanged')
    if quirks['items'] == 'strings' and args['state'] == 'present' and 'save_local' not in args and current \
            and (added or quirks['delforward'] == 'whole') and warned_about(real, 'so its setting could not be kept'):
        # The panel may reset a save_local it never showed when targets are added: allowed only with a warning saying so.
        forwards[source]['save_local'] = user_mail(brainy.to_dict())[1][source]['save_local']
    assert_brainy_holds(brainy, before, mailboxes, forwards)
    assert real['changed'] == (forwards.get(source) != current)
    assert_diff_side(real['diff']['before'], shown_forward(current))
    assert_diff_side(real['diff']['after'], shown_forward(forwards.get(source)))
    assert_brainy_second_run_writes_nothing(brainy_forward, brainy, capsys, **args)
