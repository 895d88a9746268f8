# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The Plesk simulator's <spamfilter> operator (get, set, add-pattern, del-pattern, get-patterns) and its quirks, over real HTTP.

Demo seed: info@example.com (mail id 1), sales@example.com (2), noreply@example.com (3),
orders@shop.example.org (4), kontakt@bücher.example (5); every spam filter has the defaults, the
server-wide one (username admin) too.
"""

from __future__ import annotations

import pytest

from ansible_collections.hosting.mail.tests.simulators.plesk.client import element, packet
from ansible_collections.hosting.mail.tests.simulators.plesk.server import check_quirks
from ansible_collections.hosting.mail.tests.simulators.plesk.state import Panel, load_seed

DEFAULTS = {'enabled': False, 'required_score': '7', 'rewrite_header': '***SPAM***', 'action': 'text',
            'lists': {'white': [], 'black': [], 'unwhite': [], 'unblack': []}}


# --- packet builders ------------------------------------------------------------------------------

def spamfilter(*operations, version='1.6.6.0'):
    return packet(element('spamfilter', *operations), version=version)


def users(*names, by='username'):
    return element('filter', [element(by, name) for name in names])


def get(*names, by='username'):
    return element('get', users(*names, by=by))


def preferences(score=None, header=None, action=None, personal=None, children=None):
    return element('preferences',
                   element('personal', personal) if personal is not None else None,
                   element('max-children-process', children) if children is not None else None,
                   element('required-score', score) if score is not None else None,
                   element('rewrite-header', header) if header is not None else None,
                   element('action', action) if action is not None else None)


def set_filter(names, prefs=None, state=None, by='username'):
    return element('set', users(*names, by=by), prefs if prefs is not None else preferences(),
                   element(state) if state else None)


def pattern_operation(operation, list_name, user, *patterns, by='username'):
    return element(operation, element('filter', [element('pattern', pattern) for pattern in patterns]), element('list', list_name),
                   element(by, user))


def add_pattern(list_name, user, *patterns, by='username'):
    return pattern_operation('add-pattern', list_name, user, *patterns, by=by)


def del_pattern(list_name, user, *patterns, by='username'):
    return pattern_operation('del-pattern', list_name, user, *patterns, by=by)


def get_patterns(list_name, *names):
    return element('get-patterns', users(*names) if names else None, element('list', list_name))


def results(answer, path):
    return answer.findall(path + '/result')


def outcome(result):
    """(status, errcode or None, filter-id or None)."""
    errcode = result.findtext('errcode')
    return result.findtext('status'), int(errcode) if errcode else None, result.findtext('filter-id')


def stored(simulator, site_id, name):
    return simulator.panel.find_domain(site_id).find_mail(name).to_dict()['spamfilter']


def admin(simulator):
    return simulator.panel.to_dict()['spamfilter_admin']


def answered_preferences(result):
    return [(child.tag, child.text) for child in result.find('preferences')]


def system_error(answer):
    code = answer.findtext('system/errcode')
    return int(code) if code else None


# --- get ---------------------------------------------------------------------------------------------

def test_get_answers_a_mailboxs_filter(client, simulator):
    result = results(client.request(spamfilter(get('info@example.com'))), 'spamfilter/get')[0]
    assert [child.tag for child in result] == ['status', 'filter-id', 'id', 'username', 'disabled', 'preferences']
    assert (outcome(result), result.findtext('id'), result.findtext('username')) == (
        ('ok', None, 'info@example.com'), '1', 'info@example.com')
    assert answered_preferences(result) == [('required-score', '7'), ('rewrite-header', '***SPAM***'), ('action', 'text')]
    assert stored(simulator, 1, 'info') == DEFAULTS


def test_get_of_admin_answers_the_server_wide_filter_with_its_own_preferences(client):
    result = results(client.request(spamfilter(get('admin'))), 'spamfilter/get')[0]
    assert (outcome(result), result.find('id'), result.findtext('username')) == (('ok', None, 'admin'), None, 'admin')
    assert [tag for tag, _text in answered_preferences(result)] == ['personal', 'max-children-process', 'required-score',
                                                                    'rewrite-header', 'action']


@pytest.mark.parametrize('username', ['kontakt@bücher.example', 'KONTAKT@xn--bcher-kva.EXAMPLE', 'Kontakt@BÜCHER.example'])
def test_a_username_matches_in_unicode_or_punycode_in_any_case(client, username):
    result = results(client.request(spamfilter(get(username))), 'spamfilter/get')[0]
    assert (outcome(result), result.findtext('id'), result.findtext('username')) == (
        ('ok', None, username), '5', 'kontakt@bücher.example')


def test_get_answers_per_user_in_filter_order_with_1013_and_the_filter_id_for_an_unknown_one(client):
    answer = results(client.request(spamfilter(get('sales@example.com', 'ghost@example.com', 'info@nowhere.example', 'admin'))),
                     'spamfilter/get')
    assert [outcome(result) for result in answer] == [('ok', None, 'sales@example.com'), ('error', 1013, 'ghost@example.com'),
                                                      ('error', 1013, 'info@nowhere.example'), ('ok', None, 'admin')]
    assert answer[1].find('username') is None


def test_get_by_spamfilter_id_is_by_mail_id(client):
    answer = results(client.request(spamfilter(get('4', '99', 'x', by='spamfilter-id'))), 'spamfilter/get')
    assert [outcome(result) for result in answer] == [('ok', None, '4'), ('error', 1013, '99'), ('error', 1013, 'x')]
    assert answer[0].findtext('username') == 'orders@shop.example.org'


# --- set -----------------------------------------------------------------------------------------------

def test_set_changes_what_is_sent_and_switches_the_filter(client, simulator):
    answer = client.request(spamfilter(set_filter(['info@example.com', 'ghost@example.com'], preferences('5.5', 'subject ***SPAM***', 'move'),
                                                  'enabled')))
    assert [outcome(result) for result in results(answer, 'spamfilter/set')] == [
        ('ok', None, 'info@example.com'), ('error', 1013, 'ghost@example.com')]
    assert results(answer, 'spamfilter/set')[0].findtext('id') == '1'
    assert stored(simulator, 1, 'info') == dict(DEFAULTS, enabled=True, required_score='5.5', rewrite_header='subject ***SPAM***',
                                                action='move')
    result = results(client.request(spamfilter(get('info@example.com'))), 'spamfilter/get')[0]
    assert result.find('enabled') is not None and result.find('disabled') is None
    assert answered_preferences(result) == [('required-score', '5.5'), ('rewrite-header', 'subject ***SPAM***'), ('action', 'move')]


def test_set_without_enabled_or_disabled_leaves_the_state_and_disabled_switches_it_off(client, simulator):
    client.request(spamfilter(set_filter(['info@example.com'], state='enabled')))
    client.request(spamfilter(set_filter(['info@example.com'], preferences(action='delete'))))
    assert stored(simulator, 1, 'info') == dict(DEFAULTS, enabled=True, action='delete')
    client.request(spamfilter(set_filter(['info@example.com'], state='disabled')))
    assert stored(simulator, 1, 'info') == dict(DEFAULTS, action='delete')


@pytest.mark.parametrize('prefs, code', [
    (preferences('lots'), 1019),
    (preferences('nan'), 1019),
    (preferences(''), 1019),
    (preferences(personal=False), 1019),
    (preferences(children=3), 1019),
    (element('preferences', element('use-server-wide-settings', True)), 1017),
], ids=['score-word', 'score-nan', 'score-empty', 'personal', 'children', 'server-wide'])
def test_set_refusals_change_nothing(client, simulator, prefs, code):
    before = simulator.panel.to_dict()
    answer = client.request(spamfilter(set_filter(['info@example.com'], prefs, 'enabled')))
    assert [outcome(result) for result in results(answer, 'spamfilter/set')] == [('error', code, 'info@example.com')]
    assert simulator.panel.to_dict() == before


def test_set_of_admin_takes_the_server_wide_preferences(client, simulator):
    answer = client.request(spamfilter(set_filter(['admin'], preferences('6', personal=False, children=2), 'enabled')))
    assert [outcome(result) for result in results(answer, 'spamfilter/set')] == [('ok', None, 'admin')]
    assert admin(simulator) == dict(DEFAULTS, enabled=True, required_score='6', personal=False, max_children_process=2)
    refused = client.request(spamfilter(set_filter(['admin'], preferences(children=9))))
    assert outcome(results(refused, 'spamfilter/set')[0])[:2] == ('error', 1019)


def test_set_omitted_reset_puts_what_is_not_sent_back(client, simulator):
    client.request(spamfilter(set_filter(['info@example.com'], preferences('3', 'JUNK', 'move'), 'enabled')))
    simulator.set_quirks(sf_set_omitted='reset')
    client.request(spamfilter(set_filter(['info@example.com'], preferences(action='delete'))))
    assert stored(simulator, 1, 'info') == dict(DEFAULTS, enabled=True, action='delete')


@pytest.mark.parametrize('sent, as_sent, decimal', [('5', '5', '5.0'), ('5.25', '5.25', '5.2'), (' 4.0 ', '4.0', '4.0'), ('-1', '-1', '-1.0')])
def test_score_format_quirk(client, simulator, sent, as_sent, decimal):
    client.request(spamfilter(set_filter(['info@example.com'], preferences(sent))))
    assert stored(simulator, 1, 'info')['required_score'] == as_sent
    simulator.set_quirks(sf_score_format='decimal')
    result = results(client.request(spamfilter(get('info@example.com'))), 'spamfilter/get')[0]
    assert result.findtext('preferences/required-score') == decimal
    client.request(spamfilter(set_filter(['sales@example.com'], preferences(sent))))
    assert stored(simulator, 1, 'sales')['required_score'] == decimal


@pytest.mark.parametrize('mode, stored_header, answered', [
    ('as-sent', '[SPAM]', '[SPAM]'), ('subject-prefix', '[SPAM]', 'subject [SPAM]'), ('subject-prefix', 'Subject [SPAM]', 'Subject [SPAM]'),
])
def test_rewrite_header_quirk(client, simulator, mode, stored_header, answered):
    simulator.set_quirks(sf_rewrite_header=mode)
    client.request(spamfilter(set_filter(['info@example.com'], preferences(header=stored_header))))
    assert stored(simulator, 1, 'info')['rewrite_header'] == stored_header
    result = results(client.request(spamfilter(get('info@example.com'))), 'spamfilter/get')[0]
    assert result.findtext('preferences/rewrite-header') == answered


def test_get_fields_empty_when_off(client, simulator):
    simulator.set_quirks(sf_get_fields='empty-when-off')
    client.request(spamfilter(set_filter(['sales@example.com'], state='enabled')))
    answer = results(client.request(spamfilter(get('info@example.com', 'sales@example.com'))), 'spamfilter/get')
    assert answered_preferences(answer[0]) == []
    assert [tag for tag, _text in answered_preferences(answer[1])] == ['required-score', 'rewrite-header', 'action']


# --- patterns ----------------------------------------------------------------------------------------

def test_add_pattern_answers_per_pattern_and_get_patterns_lists_them(client, simulator):
    answer = client.request(spamfilter(add_pattern('white', 'info@example.com', '*@partner.example', 'boss@example.org'),
                                       add_pattern('black', 'info@example.com', '*@spam.example'),
                                       get_patterns('white', 'info@example.com', 'ghost@example.com'),
                                       get_patterns('black', 'info@example.com')))
    assert [outcome(result) for result in results(answer, 'spamfilter/add-pattern')] == [
        ('ok', None, '*@partner.example'), ('ok', None, 'boss@example.org'), ('ok', None, '*@spam.example')]
    white, black = answer.findall('spamfilter/get-patterns')
    assert [(outcome(result), [pattern.text for pattern in result.findall('pattern')]) for result in white] == [
        (('ok', None, 'info@example.com'), ['*@partner.example', 'boss@example.org']), (('error', 1013, 'ghost@example.com'), [])]
    assert [pattern.text for pattern in black.findall('result/pattern')] == ['*@spam.example']
    assert white.find('result/list') is None
    assert stored(simulator, 1, 'info')['lists'] == {'white': ['*@partner.example', 'boss@example.org'], 'black': ['*@spam.example'],
                                                     'unwhite': [], 'unblack': []}


def test_patterns_by_spamfilter_id_and_for_admin(client, simulator):
    client.request(spamfilter(add_pattern('unblack', 4, 'ok@x.example', by='spamfilter-id'), add_pattern('black', 'admin', '*@bad.example')))
    assert stored(simulator, 3, 'orders')['lists']['unblack'] == ['ok@x.example']
    assert admin(simulator)['lists']['black'] == ['*@bad.example']
    answer = client.request(spamfilter(get_patterns('black')))
    assert [(outcome(result), [pattern.text for pattern in result.findall('pattern')]) for result in results(answer, 'spamfilter/get-patterns')] == [
        (('ok', None, 'admin'), ['*@bad.example'])]


@pytest.mark.parametrize('mode, second', [('ok', ('ok', None, '*@PARTNER.example')), ('refuse', ('error', 1007, '*@PARTNER.example'))])
def test_duplicate_pattern_quirk(client, simulator, mode, second):
    simulator.set_quirks(sf_duplicate_pattern=mode)
    client.request(spamfilter(add_pattern('white', 'info@example.com', '*@partner.example')))
    answer = client.request(spamfilter(add_pattern('white', 'info@example.com', '*@PARTNER.example', 'new@x.example')))
    assert [outcome(result) for result in results(answer, 'spamfilter/add-pattern')] == [second, ('ok', None, 'new@x.example')]
    assert stored(simulator, 1, 'info')['lists']['white'] == ['*@partner.example', 'new@x.example']


def test_pattern_results_per_operation(client, simulator):
    simulator.set_quirks(sf_pattern_results='per-operation')
    answer = client.request(spamfilter(add_pattern('black', 'info@example.com', 'a@x.example', 'b@x.example'),
                                       del_pattern('black', 'info@example.com', 'a@x.example', 'zzz@x.example')))
    assert [outcome(result) for result in results(answer, 'spamfilter/add-pattern')] == [('ok', None, 'info@example.com')]
    assert [outcome(result) for result in results(answer, 'spamfilter/del-pattern')] == [('ok', None, 'info@example.com')]
    assert stored(simulator, 1, 'info')['lists']['black'] == ['b@x.example']
    simulator.set_quirks(sf_duplicate_pattern='refuse')
    refused = client.request(spamfilter(add_pattern('black', 'info@example.com', 'B@x.example', 'c@x.example')))
    assert [outcome(result)[:2] for result in results(refused, 'spamfilter/add-pattern')] == [('error', 1007)]
    assert stored(simulator, 1, 'info')['lists']['black'] == ['b@x.example', 'c@x.example']


def test_del_pattern_is_idempotent_and_case_blind(client, simulator):
    client.request(spamfilter(add_pattern('black', 'info@example.com', 'a@x.example', 'b@x.example')))
    answer = client.request(spamfilter(del_pattern('black', 'info@example.com', 'A@X.example', 'gone@x.example')))
    assert [outcome(result) for result in results(answer, 'spamfilter/del-pattern')] == [
        ('ok', None, 'A@X.example'), ('ok', None, 'gone@x.example')]
    assert stored(simulator, 1, 'info')['lists']['black'] == ['b@x.example']


def test_del_pattern_with_an_empty_filter_empties_the_list(client, simulator):
    """The documented danger: a blank filter matches every pattern of the list."""
    client.request(spamfilter(add_pattern('black', 'info@example.com', 'a@x.example', 'b@x.example'),
                              add_pattern('white', 'info@example.com', 'w@x.example')))
    answer = client.request(spamfilter(del_pattern('black', 'info@example.com')))
    assert [outcome(result) for result in results(answer, 'spamfilter/del-pattern')] == [
        ('ok', None, 'a@x.example'), ('ok', None, 'b@x.example')]
    assert stored(simulator, 1, 'info')['lists'] == dict(DEFAULTS['lists'], white=['w@x.example'])
    again = client.request(spamfilter(del_pattern('black', 'info@example.com')))
    assert [outcome(result) for result in results(again, 'spamfilter/del-pattern')] == [('ok', None, 'info@example.com')]


def test_patterns_of_an_unknown_user_are_1013(client, simulator):
    before = simulator.panel.to_dict()
    answer = client.request(spamfilter(add_pattern('black', 'ghost@example.com', 'a@x.example'),
                                       del_pattern('black', 99, 'a@x.example', by='spamfilter-id')))
    assert [outcome(result) for result in answer.iter('result')] == [('error', 1013, 'ghost@example.com'), ('error', 1013, '99')]
    assert simulator.panel.to_dict() == before


# --- the state -----------------------------------------------------------------------------------------

def test_spam_filters_round_trip_through_the_dump_and_seed_partially(client, simulator):
    client.request(spamfilter(set_filter(['orders@shop.example.org'], preferences('4'), 'enabled'),
                              add_pattern('white', 'orders@shop.example.org', 'a@x.example'), set_filter(['admin'], preferences(action='move'))))
    dump = simulator.panel.to_dict()
    assert dump['webspaces'][0]['sites'][0]['mail'][0]['spamfilter'] == dict(
        DEFAULTS, enabled=True, required_score='4', lists=dict(DEFAULTS['lists'], white=['a@x.example']))
    assert dump['spamfilter_admin'] == dict(DEFAULTS, action='move', personal=True, max_children_process=5)
    assert Panel.from_seed(dump).to_dict() == dump
    seed = load_seed()
    seed['webspaces'][0]['mail'][0]['spamfilter'] = {'enabled': True, 'lists': {'black': ['*@x.example']}}
    seed['spamfilter_admin'] = {'required_score': 5}
    panel = Panel.from_seed(seed)
    assert panel.find_domain(1).find_mail('info').spamfilter == dict(DEFAULTS, enabled=True, lists=dict(DEFAULTS['lists'], black=['*@x.example']))
    assert panel.spamfilter_admin['required_score'] == '5'


@pytest.mark.parametrize('spam, message', [({'action': 'mark'}, 'action'), ({'lists': {'allow': []}}, 'allow'), ({'colour': 1}, 'colour')])
def test_a_bad_spamfilter_seed_is_refused(spam, message):
    seed = load_seed()
    seed['webspaces'][0]['mail'][0]['spamfilter'] = spam
    with pytest.raises(ValueError, match=message):
        Panel.from_seed(seed)


def test_a_renamed_or_changed_account_keeps_its_spam_filter(client, simulator):
    client.request(spamfilter(set_filter(['sales@example.com'], state='enabled')))
    client.request(packet(element('mail', element('rename', element('site-id', 1), element('name', 'sales'), element('new-name', 'vertrieb')))))
    result = results(client.request(spamfilter(get('vertrieb@example.com'))), 'spamfilter/get')[0]
    assert (outcome(result)[:2], result.findtext('id'), result.find('enabled') is not None) == (('ok', None), '2', True)


# --- availability and requests the schema refuses --------------------------------------------------

@pytest.mark.parametrize('version, served', [('1.6.6.0', True), ('1.6.9.0', True), ('1.6.9.1', False), (None, False)])
def test_spamfilter_operator_versioned(client, simulator, version, served):
    simulator.set_quirks(spamfilter_operator='versioned')
    answer = client.request(spamfilter(get('admin'), version=version))
    if served:
        assert outcome(results(answer, 'spamfilter/get')[0])[:2] == ('ok', None)
    else:
        assert system_error(answer) == 1014
        assert "Element 'spamfilter': This element is not expected" in answer.findtext('system/errtext')


def test_spamfilter_operator_unsupported_answers_1017_for_every_operation(client, simulator):
    simulator.set_quirks(spamfilter_operator='unsupported')
    before = simulator.panel.to_dict()
    answer = client.request(spamfilter(get('admin'), set_filter(['admin'], state='enabled'), add_pattern('black', 'admin', 'a@x.example'),
                                       del_pattern('black', 'admin'), get_patterns('black'), element('check')))
    assert [(operation.tag, [outcome(result)[:2] for result in operation]) for operation in answer.find('spamfilter')] == [
        (tag, [('error', 1017)]) for tag in ('get', 'set', 'add-pattern', 'del-pattern', 'get-patterns', 'check')]
    assert simulator.panel.to_dict() == before


def test_check_and_get_allowed_operations_answer_1017_by_default(client):
    answer = client.request(spamfilter(element('check'), element('get-allowed-lists', users('admin')), get('admin')))
    assert [outcome(operation.find('result'))[:2] for operation in answer.find('spamfilter')] == [('error', 1017), ('error', 1017), ('ok', None)]


@pytest.mark.parametrize('operation', [
    set_filter(['info@example.com'], preferences(action='mark')),
    element('set', users('info@example.com'), element('enabled')),
    element('set', users('info@example.com'), element('enabled'), preferences()),
    element('get', element('filter')),
    element('get-patterns', users('info@example.com'), element('list', 'black'), element('list', 'white')),
    add_pattern('allow', 'info@example.com', 'a@x.example'),
    element('add-pattern', element('filter', element('username', 'info@example.com')), element('list', 'black'), element('pattern', 'x')),
    element('get', element('filter', element('username', 'info@example.com'), element('spamfilter-id', 1))),
], ids=['action-mark', 'no-preferences', 'enabled-first', 'empty-get-filter', 'two-lists', 'list-allow', 'username-in-filter', 'mixed-filter'])
def test_requests_invalid_per_xsd_are_1014(client, simulator, xsd, operation):
    before = simulator.panel.to_dict()
    assert system_error(client.request(spamfilter(operation))) == 1014
    assert simulator.panel.to_dict() == before


def test_the_spamfilter_quirks_are_checked():
    for name, values in (('spamfilter_operator', ('available', 'versioned', 'unsupported')), ('sf_get_fields', ('all', 'empty-when-off')),
                         ('sf_pattern_results', ('per-pattern', 'per-operation')), ('sf_duplicate_pattern', ('ok', 'refuse')),
                         ('sf_score_format', ('as-sent', 'decimal')), ('sf_rewrite_header', ('as-sent', 'subject-prefix')),
                         ('sf_set_omitted', ('keep', 'reset'))):
        for value in values:
            assert check_quirks({name: value}) == {name: value}
        with pytest.raises(ValueError, match=name):
            check_quirks({name: 'sometimes'})
