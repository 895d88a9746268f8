# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The Plesk simulator's <mail>, <site> and <webspace> operators, over real HTTP, against the demo seed.

Demo seed: webspace 1 example.com (info with aliases contact+hello, sales, noreply), its add-on
site 3 shop.example.org (orders), webspace 2 bücher.example (kontakt).
"""

from __future__ import annotations

import pytest

from ansible_collections.hosting.mail.tests.simulators.plesk.client import AgentClient, element, packet
from ansible_collections.hosting.mail.tests.simulators.plesk.server import PleskSimulator, check_quirks

GET_INFO_FLAGS = ('mailbox', 'mailbox-usage', 'forwarding', 'aliases', 'autoresponder')


# --- packet builders ------------------------------------------------------------------------------

def mailname(name, *settings):
    return element('mailname', element('name', name), *settings)


def create(site_id, *mailnames):
    return element('create', element('filter', element('site-id', site_id), *mailnames))


def update(mode, site_id, *mailnames):
    return element('update', element(mode, element('filter', element('site-id', site_id), *mailnames)))


def get_info(site_id, *names, flags=GET_INFO_FLAGS):
    return element('get_info', element('filter', element('site-id', site_id), [element('name', name) for name in names]),
                   [element(flag) for flag in flags])


def remove(site_id, *names):
    return element('remove', element('filter', element('site-id', site_id), [element('name', name) for name in names]))


def rename(site_id, name, new_name):
    return element('rename', element('site-id', site_id), element('name', name), element('new-name', new_name))


def domain_get(operator, criterion=None, *values):
    criteria = [element(criterion, value) for value in values] if criterion else []
    return packet(element(operator, element('get', element('filter', criteria), element('dataset', element('gen_info')))))


def mail(*operations, version=None):
    return packet(element('mail', *operations), version=version)


def results(answer, path):
    return answer.findall(path + '/result')


def outcome(result):
    """(status, errcode or None, mailname/name or None) of one result."""
    errcode = result.findtext('errcode')
    return result.findtext('status'), int(errcode) if errcode else None, result.findtext('mailname/name')


def account(simulator, site_id, name):
    found = simulator.panel.find_domain(site_id).find_mail(name)
    return found.to_dict() if found else None


FULL_ACCOUNT = mailname(
    'Support',
    element('cp-access', True),
    element('mailbox', element('enabled', True), element('quota', 2048000)),
    element('forwarding', element('enabled', True), element('address', 'ops@example.net'), element('address', 'desk@example.net')),
    element('alias', 'help'),
    element('alias', 'helpdesk'),
    element('autoresponder', element('enabled', True), element('subject', 'Away'), element('content_type', 'text/plain'),
            element('charset', 'UTF-8'), element('text', 'Back on Monday & later'), element('forward', 'boss@example.net')),
    element('password', element('value', 's3cret&<pw>'), element('type', 'plain')),
    element('antivir', 'in'),
    element('outgoing-messages-mbox-limit', '50'),
    element('description', 'Support desk'),
)


# --- create and get_info --------------------------------------------------------------------------

def test_create_stores_every_setting_and_get_info_answers_them_without_the_password(client, simulator):
    created = results(client.request(mail(create(1, FULL_ACCOUNT))), 'mail/create')
    assert [outcome(result) for result in created] == [('ok', None, 'support')]
    new_id = int(created[0].findtext('mailname/id'))
    assert account(simulator, 1, 'support') == {
        'id': new_id, 'name': 'support', 'cp_access': True,
        'mailbox': {'enabled': True, 'quota': 2048000},
        'forwarding': {'enabled': True, 'addresses': ['ops@example.net', 'desk@example.net']},
        'aliases': ['help', 'helpdesk'],
        'autoresponder': {'enabled': True, 'subject': 'Away', 'content_type': 'text/plain', 'charset': 'UTF-8',
                          'text': 'Back on Monday & later', 'forward': 'boss@example.net', 'end_date': None},
        'password': {'value': 's3cret&<pw>', 'type': 'plain'},
        'antivir': 'in', 'outgoing_messages_mbox_limit': '50', 'description': 'Support desk',
        'spamfilter': {'enabled': False, 'required_score': '7', 'rewrite_header': '***SPAM***', 'action': 'text',
                       'lists': {'white': [], 'black': [], 'unwhite': [], 'unblack': []}},
    }
    info = results(client.request(mail(get_info(1, 'support'))), 'mail/get_info')[0].find('mailname')
    assert int(info.findtext('id')) == new_id
    assert info.findtext('mailbox/quota') == '2048000'
    assert info.findtext('mailbox/usage') == '0'
    assert [address.text for address in info.findall('forwarding/address')] == ['ops@example.net', 'desk@example.net']
    assert [alias.text for alias in info.findall('alias')] == ['help', 'helpdesk']
    assert info.findtext('autoresponder/text') == 'Back on Monday & later'
    assert info.find('password') is not None and len(info.find('password')) == 0 and not info.find('password').text
    assert b's3cret' not in simulator.log[-1].response
    assert (info.findtext('antivir'), info.findtext('outgoing-messages-mbox-limit'), info.findtext('description')) == (
        'in', '50', 'Support desk')


def test_get_info_answers_sections_only_for_the_flags_given(client):
    info = results(client.request(mail(get_info(1, 'info', flags=('mailbox',)))), 'mail/get_info')[0].find('mailname')
    assert [child.tag for child in info] == ['id', 'name', 'mailbox', 'password', 'antivir',
                                             'outgoing-messages-mbox-limit', 'description']
    assert info.find('mailbox/usage') is None
    bare = results(client.request(mail(get_info(1, 'info', flags=()))), 'mail/get_info')[0].find('mailname')
    assert bare.find('mailbox') is None and bare.find('alias') is None and bare.find('forwarding') is None


def test_get_info_without_names_answers_every_account_of_the_site(client):
    answered = results(client.request(mail(get_info(1))), 'mail/get_info')
    assert [outcome(result) for result in answered] == [('ok', None, 'info'), ('ok', None, 'sales'), ('ok', None, 'noreply')]


def test_get_info_on_a_site_without_accounts_answers_one_bare_ok_result(client, simulator):
    simulator.panel.remove_all_mail(2)
    answered = results(client.request(mail(get_info(2))), 'mail/get_info')
    assert [outcome(result) for result in answered] == [('ok', None, None)]


def test_create_answers_one_result_per_mailname_and_keeps_the_good_ones(client, simulator):
    answer = client.request(mail(create(1, mailname('alpha'), mailname('info'), mailname('beta'))))
    assert [outcome(result) for result in results(answer, 'mail/create')] == [
        ('ok', None, 'alpha'), ('error', 1007, 'info'), ('ok', None, 'beta')]
    assert account(simulator, 1, 'alpha') and account(simulator, 1, 'beta')


def test_create_without_mailbox_makes_a_forward_only_account(client, simulator):
    forwarding = element('forwarding', element('enabled', True), element('address', 'x@example.net'))
    client.request(mail(create(1, mailname('fwd', forwarding))))
    assert account(simulator, 1, 'fwd')['mailbox'] == {'enabled': False, 'quota': -1}
    assert account(simulator, 1, 'fwd')['password'] is None


@pytest.mark.parametrize('name, reason', [
    ('contact', 'an alias of info'),
    ('SALES', 'an existing name, in another case'),
])
def test_create_clashing_with_a_name_or_alias_is_1007(client, name, reason):
    answer = client.request(mail(create(1, mailname(name))))
    assert outcome(results(answer, 'mail/create')[0])[:2] == ('error', 1007), reason


def test_create_with_an_alias_clashing_with_another_account_is_1007(client, simulator):
    answer = client.request(mail(create(1, mailname('newbie', element('alias', 'hello')))))
    assert outcome(results(answer, 'mail/create')[0])[:2] == ('error', 1007)
    assert account(simulator, 1, 'newbie') is None


@pytest.mark.parametrize('settings', [
    [element('forwarding', element('enabled', True), element('address', 'not-an-address'))],
    [element('mailbox', element('enabled', True), element('quota', -2))],
    [element('password', element('value', ''))],
    [element('alias', 'bad alias')],
    [element('outgoing-messages-mbox-limit', 'lots')],
    [element('autoresponder', element('forward', 'nobody'))],
], ids=['forwarding-address', 'quota', 'empty-password', 'alias', 'outgoing-limit', 'autoresponder-forward'])
def test_create_with_an_invalid_value_is_1019(client, simulator, settings):
    answer = client.request(mail(create(1, mailname('valid', *settings))))
    assert outcome(results(answer, 'mail/create')[0])[:2] == ('error', 1019)
    assert account(simulator, 1, 'valid') is None


@pytest.mark.parametrize('name', ['two words', 'info@example.com', '.dot', ''])
def test_create_with_an_invalid_local_part_is_1019(client, name):
    answer = client.request(mail(create(1, mailname(name))))
    assert outcome(results(answer, 'mail/create')[0])[:2] == ('error', 1019)


def test_unknown_site_id_is_1013_for_every_mail_operation(client):
    answer = client.request(mail(create(99, mailname('a'), mailname('b')), get_info(99, 'a'), get_info(99),
                                 update('set', 99, mailname('a')), remove(99, 'a'), remove(99), rename(99, 'a', 'b')))
    codes = [(result.getparent().tag, outcome(result)[1]) for result in answer.iter('result')]
    assert codes == [('create', 1013), ('create', 1013), ('get_info', 1013), ('get_info', 1013),
                     ('set', 1013), ('remove', 1013), ('remove', 1013), ('rename', 1013)]


# --- the missing_mail quirk -----------------------------------------------------------------------

def test_get_info_for_a_missing_name_is_1013_by_default(client):
    answer = client.request(mail(get_info(1, 'info', 'ghost', 'sales')))
    assert [outcome(result) for result in results(answer, 'mail/get_info')] == [
        ('ok', None, 'info'), ('error', 1013, 'ghost'), ('ok', None, 'sales')]


def test_get_info_for_a_missing_name_answers_nothing_with_the_omit_quirk(client, simulator):
    simulator.set_quirks(missing_mail='omit')
    answer = client.request(mail(get_info(1, 'info', 'ghost', 'sales')))
    assert [outcome(result) for result in results(answer, 'mail/get_info')] == [('ok', None, 'info'), ('ok', None, 'sales')]
    only_missing = client.request(mail(get_info(1, 'ghost')))
    assert [outcome(result) for result in results(only_missing, 'mail/get_info')] == [('ok', None, None)]


def test_quirks_are_checked():
    with pytest.raises(ValueError, match='missing_mail'):
        check_quirks({'missing_mail': 'maybe'})


# --- update ---------------------------------------------------------------------------------------

def test_update_add_appends_aliases_and_forwarding_addresses(client, simulator):
    additions = [element('forwarding', element('address', 'b@example.net')), element('alias', 'shop'), element('alias', 'orders')]
    answer = client.request(mail(update('add', 1, mailname('sales', *additions))))
    assert [outcome(result) for result in results(answer, 'mail/update/add')] == [('ok', None, 'sales')]
    sales = account(simulator, 1, 'sales')
    assert sales['forwarding'] == {'enabled': True, 'addresses': ['sales-team@example.net', 'b@example.net']}
    assert sales['aliases'] == ['shop', 'orders']


def test_update_remove_deletes_listed_items_only(client, simulator):
    client.request(mail(update('remove', 1, mailname('info', element('alias', 'hello')))))
    assert account(simulator, 1, 'info')['aliases'] == ['contact']
    client.request(mail(update('remove', 1, mailname('sales', element('forwarding', element('address', 'sales-team@example.net'))))))
    assert account(simulator, 1, 'sales')['forwarding'] == {'enabled': False, 'addresses': []}


def test_update_set_replaces_named_settings_and_lists_and_keeps_the_rest(client, simulator):
    before = account(simulator, 1, 'info')
    answer = client.request(mail(update('set', 1, mailname(
        'info',
        element('mailbox', element('quota', 4096)),
        element('alias', 'one'), element('alias', 'two'),
        element('password', element('value', 'new-password')),
        element('antivir', 'inout'),
    ))))
    assert [outcome(result) for result in results(answer, 'mail/update/set')] == [('ok', None, 'info')]
    after = account(simulator, 1, 'info')
    assert after['aliases'] == ['one', 'two']
    assert after['mailbox'] == {'enabled': True, 'quota': 4096}
    assert after['password'] == {'value': 'new-password', 'type': 'plain'}
    assert after['antivir'] == 'inout'
    assert (after['description'], after['forwarding'], after['autoresponder']) == (
        before['description'], before['forwarding'], before['autoresponder'])


def test_update_set_can_switch_forwarding_off_without_touching_the_addresses(client, simulator):
    client.request(mail(update('set', 1, mailname('sales', element('forwarding', element('enabled', False))))))
    assert account(simulator, 1, 'sales')['forwarding'] == {'enabled': False, 'addresses': ['sales-team@example.net']}


# --- the quirks for what the docs leave open --------------------------------------------------------

REMOVE_LAST_ADDRESS = mail(update('remove', 1, mailname('sales', element('forwarding', element('address', 'sales-team@example.net')))))


@pytest.mark.parametrize('emptied, code, forwarding', [
    ('disable', None, {'enabled': False, 'addresses': []}),
    ('keep', None, {'enabled': True, 'addresses': []}),
    ('refuse', 1019, {'enabled': True, 'addresses': ['sales-team@example.net']}),
])
def test_removing_the_last_forwarding_address_as_each_quirk_says(client, simulator, emptied, code, forwarding):
    simulator.set_quirks(forwarding_emptied=emptied)
    answer = client.request(REMOVE_LAST_ADDRESS)
    assert [outcome(result)[:2] for result in results(answer, 'mail/update/remove')] == [('ok' if code is None else 'error', code)]
    assert account(simulator, 1, 'sales')['forwarding'] == forwarding


def test_forwarding_left_on_without_an_address_is_answered_so_and_can_be_switched_off(client, simulator):
    simulator.set_quirks(forwarding_emptied='keep')
    client.request(REMOVE_LAST_ADDRESS)
    info = results(client.request(mail(get_info(1, 'sales'))), 'mail/get_info')[0].find('mailname/forwarding')
    assert (info.findtext('enabled'), info.findall('address')) == ('true', [])
    client.request(mail(update('set', 1, mailname('sales', element('description', 'still forwarding nowhere')))))
    assert account(simulator, 1, 'sales')['description'] == 'still forwarding nowhere'
    client.request(mail(update('set', 1, mailname('sales', element('forwarding', element('enabled', False))))))
    assert account(simulator, 1, 'sales')['forwarding'] == {'enabled': False, 'addresses': []}


def test_set_sections_replace_takes_a_section_whole(client, simulator):
    simulator.set_quirks(set_sections='replace')
    before = account(simulator, 1, 'sales')
    client.request(mail(update('set', 1, mailname('sales', element('forwarding', element('enabled', False))))))
    after = account(simulator, 1, 'sales')
    assert after['forwarding'] == {'enabled': False, 'addresses': []}  # the omitted addresses are gone
    assert (after['mailbox'], after['aliases']) == (before['mailbox'], before['aliases'])
    client.request(mail(update('set', 1, mailname('info', element('mailbox', element('quota', 4096))))))
    assert account(simulator, 1, 'info')['mailbox'] == {'enabled': True, 'quota': 4096}
    answer = client.request(mail(update('set', 1, mailname('info', element('autoresponder', element('subject', 'Away'))))))
    assert [outcome(result)[:2] for result in results(answer, 'mail/update/set')] == [('ok', None)]
    assert account(simulator, 1, 'info')['autoresponder']['enabled'] is False


def test_set_sections_merge_keeps_what_a_section_leaves_out(client, simulator):
    before = account(simulator, 1, 'info')
    client.request(mail(update('set', 1, mailname('info', element('autoresponder', element('subject', 'Away'))))))
    after = account(simulator, 1, 'info')['autoresponder']
    assert after == dict(before['autoresponder'], subject='Away')


def test_update_errors_are_per_mailname_and_change_nothing(client, simulator):
    before = simulator.panel.to_dict()
    answer = client.request(mail(
        update('set', 1, mailname('ghost', element('description', 'x')),
               mailname('sales', element('alias', 'contact')),
               mailname('info', element('mailbox', element('quota', -5)))),
        update('add', 1, mailname('sales', element('alias', 'hello'))),
        update('set', 1, mailname('sales', element('forwarding', element('enabled', True), element('address', 'nope')))),
    ))
    assert [outcome(result) for result in results(answer, 'mail/update/set')] == [
        ('error', 1013, 'ghost'), ('error', 1007, 'sales'), ('error', 1019, 'info'), ('error', 1019, 'sales')]
    assert [outcome(result) for result in results(answer, 'mail/update/add')] == [('error', 1007, 'sales')]
    assert simulator.panel.to_dict() == before


def test_update_set_enabling_forwarding_without_addresses_is_1019(client):
    answer = client.request(mail(update('set', 1, mailname('info', element('forwarding', element('enabled', True))))))
    assert outcome(results(answer, 'mail/update/set')[0])[:2] == ('error', 1019)


# --- remove and rename ----------------------------------------------------------------------------

def test_remove_with_names_removes_those_and_reports_missing_ones(client, simulator):
    answer = client.request(mail(remove(1, 'sales', 'ghost')))
    assert [outcome(result) for result in results(answer, 'mail/remove')] == [('ok', None, 'sales'), ('error', 1013, 'ghost')]
    assert [entry['name'] for entry in simulator.panel.to_dict()['webspaces'][0]['mail']] == ['info', 'noreply']


def test_remove_without_names_removes_every_account_of_the_site(client, simulator):
    answer = client.request(mail(remove(1)))
    assert [outcome(result) for result in results(answer, 'mail/remove')] == [
        ('ok', None, 'info'), ('ok', None, 'sales'), ('ok', None, 'noreply')]
    assert simulator.panel.find_domain(1).mail == []
    assert simulator.panel.find_domain(3).mail, 'other sites keep their accounts'
    assert simulator.log[-1].write and simulator.log[-1].operations == ['mail/remove']
    again = client.request(mail(remove(1)))
    assert [outcome(result) for result in results(again, 'mail/remove')] == [('ok', None, None)]


def test_rename_moves_the_account_and_keeps_its_id(client, simulator):
    old_id = account(simulator, 1, 'sales')['id']
    answer = client.request(mail(rename(1, 'sales', 'vertrieb')))
    assert outcome(results(answer, 'mail/rename')[0]) == ('ok', None, None)
    assert account(simulator, 1, 'sales') is None
    assert account(simulator, 1, 'vertrieb')['id'] == old_id


@pytest.mark.parametrize('name, new_name, code', [
    ('ghost', 'anything', 1013),
    ('sales', 'info', 1007),
    ('sales', 'hello', 1007),
    ('sales', 'no way', 1019),
])
def test_rename_errors(client, name, new_name, code):
    answer = client.request(mail(rename(1, name, new_name)))
    assert outcome(results(answer, 'mail/rename')[0])[:2] == ('error', code)


# --- several operations in one packet -------------------------------------------------------------

def test_operations_run_in_order_with_one_operator_element_per_request_element(client, simulator):
    answer = client.request(packet(
        element('mail', create(3, mailname('first')), get_info(3, 'first', flags=()),
                update('set', 3, mailname('first', element('description', 'changed'))), get_info(3, 'first', flags=())),
        element('site', element('get', element('filter', element('name', 'shop.example.org')), element('dataset'))),
        element('mail', remove(3, 'first'), get_info(3, 'first', flags=())),
    ))
    assert [operator.tag for operator in answer] == ['mail', 'site', 'mail']
    assert [operation.tag for operation in answer[0]] == ['create', 'get_info', 'update', 'get_info']
    assert answer[0][1].findtext('result/mailname/description') == ''
    assert answer[0][3].findtext('result/mailname/description') == 'changed'
    assert answer[1].findtext('get/result/id') == '3'
    assert outcome(answer[2][1].find('result')) == ('error', 1013, 'first')
    entry = simulator.log[-1]
    assert entry.operations == ['mail/create', 'mail/get_info', 'mail/update/set', 'mail/get_info', 'site/get',
                                'mail/remove', 'mail/get_info']
    assert entry.write


# --- autoresponder end_date across protocol versions ----------------------------------------------

def test_end_date_is_answered_from_protocol_1_6_8_0_only(client, simulator):
    end_date = element('autoresponder', element('enabled', True), element('text', 'away'), element('end_date', '2031-02-03'))
    client.request(mail(create(1, mailname('later', end_date)), version='1.6.7.0'))
    assert account(simulator, 1, 'later')['autoresponder']['end_date'] == '2031-02-03'
    for version, expected in (('1.6.7.0', None), ('1.6.8.0', '2031-02-03'), ('1.6.9.1', '2031-02-03')):
        answer = client.request(mail(get_info(1, 'later', flags=('autoresponder',)), version=version))
        assert answer.findtext('mail/get_info/result/mailname/autoresponder/end_date') == expected, version


def test_end_date_before_1_6_7_0_is_refused_even_without_the_xsds():
    with PleskSimulator(schemas_dir=False) as unvalidated:
        agent = AgentClient(unvalidated)
        end_date = element('autoresponder', element('end_date', '2031-02-03'))
        answer = agent.request(mail(create(1, mailname('later', end_date)), version='1.6.6.0'))
        agent.close()
    assert answer.findtext('system/errcode') == '1014'


# --- site get and webspace get --------------------------------------------------------------------

def test_site_get_with_an_empty_filter_lists_only_add_on_sites(client):
    answer = client.request(domain_get('site'))
    assert [result.findtext('id') for result in results(answer, 'site/get')] == ['3']
    gen_info = answer.find('site/get/result/data/gen_info')
    assert (gen_info.findtext('name'), gen_info.findtext('webspace-id')) == ('shop.example.org', '1')


def test_site_get_with_an_empty_filter_lists_main_domains_too_with_the_all_quirk(client, simulator):
    simulator.set_quirks(site_listing='all')
    listed = [(r.findtext('id'), r.findtext('data/gen_info/name'), r.findtext('data/gen_info/webspace-id'))
              for r in results(client.request(domain_get('site')), 'site/get')]
    assert listed == [('1', 'example.com', '1'), ('2', 'bücher.example', '2'), ('3', 'shop.example.org', '1')]
    # Only the empty filter: by name, a main domain is still no site.
    assert outcome(results(client.request(domain_get('site', 'name', 'example.com')), 'site/get')[0])[:2] == ('error', 1013)


def test_site_get_by_name_of_a_main_domain_is_1013(client):
    result = results(client.request(domain_get('site', 'name', 'example.com')), 'site/get')[0]
    assert outcome(result)[:2] == ('error', 1013)
    assert result.findtext('errtext') == 'Site does not exist'
    assert result.findtext('filter-id') == 'example.com'


def test_site_get_by_name_id_and_parent_id(client):
    by_name = results(client.request(domain_get('site', 'name', 'SHOP.example.org')), 'site/get')
    assert [(r.findtext('filter-id'), r.findtext('id')) for r in by_name] == [('SHOP.example.org', '3')]
    by_id = results(client.request(domain_get('site', 'id', 3, 1)), 'site/get')
    assert [outcome(result)[:2] for result in by_id] == [('ok', None), ('error', 1013)]
    assert [r.findtext('id') for r in results(client.request(domain_get('site', 'parent-id', 1)), 'site/get')] == ['3']
    assert results(client.request(domain_get('site', 'parent-id', 2)), 'site/get') == []


def test_site_get_misses_answer_nothing_with_the_omit_quirk(client, simulator):
    simulator.set_quirks(missing_site='omit')
    assert results(client.request(domain_get('site', 'name', 'example.com')), 'site/get') == []


def test_site_and_webspace_get_leave_filter_id_out_with_the_omit_quirk(client, simulator):
    simulator.set_quirks(filter_id='omit')
    found, missing = results(client.request(domain_get('webspace', 'name', 'example.com', 'nowhere.example')), 'webspace/get')
    assert (found.findtext('id'), found.find('filter-id'), outcome(missing)[:2]) == ('1', None, ('error', 1013))
    assert missing.find('filter-id') is None


def test_many_gets_in_one_operator_answer_each_in_order(client):
    """Several <get> operations in one <site> (choice maxOccurs=unbounded): one answer each, in their order."""
    operator = element('site', [element('get', element('filter', element('name', name)), element('dataset', element('gen_info')))
                                for name in ('example.com', 'shop.example.org')])
    answers = client.request(packet(operator)).findall('site/get')
    assert [[outcome(result)[:2] for result in answer.findall('result')] for answer in answers] == [
        [('error', 1013)], [('ok', None)]]


def test_webspace_get_finds_subscriptions_whose_id_is_the_site_id(client):
    answer = client.request(domain_get('webspace', 'name', 'example.com', 'nowhere.example'))
    found, missing = results(answer, 'webspace/get')
    assert (found.findtext('status'), found.findtext('id')) == ('ok', '1')
    gen_info = found.find('data/gen_info')
    assert [child.tag for child in gen_info][:5] == ['cr_date', 'name', 'ascii-name', 'status', 'real_size']
    assert outcome(missing)[:2] == ('error', 1013)
    everything = results(client.request(domain_get('webspace')), 'webspace/get')
    assert [result.findtext('id') for result in everything] == ['1', '2']


@pytest.mark.parametrize('name', ['bücher.example', 'xn--bcher-kva.example', 'BÜCHER.example', 'bücher.example.'])
def test_idn_domains_are_found_by_unicode_and_ascii_name(client, name):
    result = results(client.request(domain_get('webspace', 'name', name)), 'webspace/get')[0]
    assert result.findtext('id') == '2'
    assert result.findtext('data/gen_info/name') == 'bücher.example'
    assert result.findtext('data/gen_info/ascii-name') == 'xn--bcher-kva.example'


def test_site_get_with_an_empty_dataset_answers_empty_data(client):
    answer = client.request(packet(element('site', element('get', element('filter', element('id', 3)), element('dataset')))))
    data = answer.find('site/get/result/data')
    assert data is not None and len(data) == 0
