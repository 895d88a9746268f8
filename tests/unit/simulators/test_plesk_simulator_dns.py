# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The Plesk simulator's <dns> operator (add_rec, get_rec, del_rec, get), the DNS state and its quirks, over real HTTP.

Demo seed: webspace 1 example.com (192.0.2.10), its add-on site 3 shop.example.org, webspace 2
bücher.example (192.0.2.20); each has Plesk's template records: ids 1-7, 8-14 and 15-21 in that
order; the server template has ids 22-28.
"""

from __future__ import annotations

import pytest

from ansible_collections.hosting.mail.tests.simulators.plesk.client import element, packet
from ansible_collections.hosting.mail.tests.simulators.plesk.server import check_quirks
from ansible_collections.hosting.mail.tests.simulators.plesk.state import Panel, load_seed

TEMPLATE = [('A', '', '192.0.2.10', ''), ('CNAME', 'www', 'example.com.', ''), ('A', 'mail', '192.0.2.10', ''),
            ('MX', '', 'mail.example.com.', '10'), ('NS', '', 'ns1.example.com.', ''), ('TXT', '', 'v=spf1 +a +mx -all', ''),
            ('TXT', '_dmarc', 'v=DMARC1; p=none', '')]


# --- packet builders ------------------------------------------------------------------------------

def dns(*operations, version='1.6.6.0'):
    return packet(element('dns', *operations), version=version)


def add_rec(site_id, record_type, host, value, opt=None, by='site-id'):
    return element('add_rec', element(by, site_id) if site_id is not None else None, element('type', record_type),
                   element('host', host), element('value', value), element('opt', opt) if opt is not None else None)


def a_filter(kind=None, *values):
    return element('filter', [element(kind, value) for value in values])


def get_rec(kind=None, *values, template=False):
    return element('get_rec', a_filter(kind, *values), element('template') if template else None)


def del_rec(kind=None, *values, template=False):
    return element('del_rec', a_filter(kind, *values), element('template') if template else None)


def zone_get(*site_ids, soa=False):
    return element('get', a_filter('site-id', *site_ids) if site_ids else None, element('soa') if soa else None)


def results(answer, path):
    return answer.findall(path + '/result')


def outcome(result):
    errcode = result.findtext('errcode')
    return result.findtext('status'), int(errcode) if errcode else None


def answered(result):
    """(id, site-id, type, host, value, opt) of a get_rec result."""
    data = result.find('data')
    site_id = data.findtext('site-id')
    return (int(result.findtext('id')), int(site_id) if site_id else None, data.findtext('type'), data.findtext('host'),
            data.findtext('value'), data.findtext('opt'))


def zone(simulator, site_id):
    return simulator.panel.find_domain(site_id).to_dict()['dns']


def records(simulator, site_id):
    return [(record['type'], record['host'], record['value'], record['opt']) for record in zone(simulator, site_id)['records']]


def system_error(answer):
    code = answer.findtext('system/errcode')
    return int(code) if code else None


def seed_with(site_changes, **top):
    seed = load_seed()
    seed.update(top)
    for webspace in seed['webspaces']:
        for domain in [webspace] + webspace['sites']:
            domain.update(site_changes.get(domain['id'], {}))
    return seed


NO_ZONE = {1: {'dns': {'zone': 'none'}}}


# --- the state --------------------------------------------------------------------------------------

def test_a_domain_seeded_without_dns_has_plesks_template_records(simulator):
    assert zone(simulator, 1)['zone'] == 'enabled'
    assert records(simulator, 1) == TEMPLATE
    assert [record['id'] for record in zone(simulator, 1)['records']] == [1, 2, 3, 4, 5, 6, 7]
    assert records(simulator, 2)[1] == ('CNAME', 'www', 'xn--bcher-kva.example.', '')
    assert records(simulator, 2)[0][2] == '192.0.2.20'
    assert [record['id'] for record in simulator.panel.to_dict()['dns_template']] == [22, 23, 24, 25, 26, 27, 28]


def test_a_seeded_zone_replaces_the_template_and_its_ids_are_reserved(simulator):
    simulator.reset(seed_with({1: {'dns': {'records': [{'id': 1, 'type': 'TXT', 'host': '_dmarc', 'value': 'v=DMARC1; p=reject'}]}},
                               3: {'dns': {'zone': 'disabled', 'records': [{'type': 'A', 'host': 'www', 'value': '192.0.2.99'}]}}}))
    assert zone(simulator, 1) == {'zone': 'enabled', 'records': [
        {'id': 1, 'type': 'TXT', 'host': '_dmarc', 'value': 'v=DMARC1; p=reject', 'opt': ''}]}
    assert zone(simulator, 3)['zone'] == 'disabled' and zone(simulator, 3)['records'][0]['id'] == 2
    every_id = [record['id'] for domain in simulator.panel.domains() for record in domain.dns['records']]
    every_id += [record['id'] for record in simulator.panel.dns_template]
    assert len(every_id) == len(set(every_id)) == 1 + 1 + 7 + 7


@pytest.mark.parametrize('dns, message', [
    ({'zone': 'off'}, 'zone'),
    ({'zone': 'none', 'records': [{'type': 'A', 'host': '', 'value': '192.0.2.1'}]}, 'zone none'),
    ({'records': [{'type': 'CAA', 'host': '', 'value': '0 issue "x"'}]}, 'type'),
    ({'records': [{'id': 22, 'type': 'A', 'host': '', 'value': '192.0.2.1'}, {'id': 22, 'type': 'A', 'host': 'x', 'value': '192.0.2.1'}]},
     'twice'),
])
def test_a_bad_dns_seed_is_refused(dns, message):
    with pytest.raises(ValueError, match=message):
        Panel.from_seed(seed_with({1: {'dns': dns}}))


def test_the_dns_state_round_trips_through_the_dump(client, simulator):
    simulator.reset(seed_with({2: {'dns': {'zone': 'none'}}}))
    client.request(dns(add_rec(3, 'MX', '', 'mx2.example.net.', '20'), add_rec(None, 'TXT', 'x', 'template too'), del_rec('id', 2)))
    dump = simulator.panel.to_dict()
    assert dump['webspaces'][1]['dns'] == {'zone': 'none', 'records': []}
    assert dump['webspaces'][0]['sites'][0]['dns']['records'][-1]['value'] == 'mx2.example.net.'
    assert dump['dns_template'][-1]['value'] == 'template too'
    again = Panel.from_seed(dump)
    assert again.to_dict() == dump
    kept = [record['id'] for record in dump['dns_template']] + [
        record['id'] for webspace in dump['webspaces'] for domain in [webspace] + webspace['sites'] for record in domain['dns']['records']]
    assert again.dns_ids.take() not in kept


# --- add_rec ---------------------------------------------------------------------------------------

def test_add_rec_answers_one_result_with_the_new_id_and_stores_the_record(client, simulator):
    answer = client.request(dns(add_rec(1, 'TXT', '_acme-challenge', 'token-1'), add_rec(3, 'MX', '', 'mx.example.net.', '20')))
    added = results(answer, 'dns/add_rec')
    assert [outcome(result) for result in added] == [('ok', None), ('ok', None)]
    first, second = (int(result.findtext('id')) for result in added)
    assert second == first + 1 and first > 28
    assert zone(simulator, 1)['records'][-1] == {'id': first, 'type': 'TXT', 'host': '_acme-challenge', 'value': 'token-1', 'opt': ''}
    assert records(simulator, 3)[-1] == ('MX', '', 'mx.example.net.', '20')


@pytest.mark.parametrize('host, stored', [
    ('', ''), ('_dmarc', '_dmarc'), ('default._domainkey', 'default._domainkey'),
    ('_dmarc.example.com.', '_dmarc'), ('example.com.', ''), ('Mail.EXAMPLE.com.', 'Mail'),
])
def test_add_rec_stores_hosts_relative(client, simulator, host, stored):
    answer = client.request(dns(add_rec(1, 'TXT', host, 'v=x')))
    assert outcome(results(answer, 'dns/add_rec')[0]) == ('ok', None)
    assert records(simulator, 1)[-1] == ('TXT', stored, 'v=x', '')


def test_add_rec_of_an_idn_domain_takes_its_absolute_name_in_either_form(client, simulator):
    client.request(dns(add_rec(2, 'TXT', 'a.xn--bcher-kva.example.', 'one'), add_rec(2, 'TXT', 'b.bücher.example.', 'two')))
    assert [record[1] for record in records(simulator, 2)[-2:]] == ['a', 'b']


def test_add_rec_with_a_nil_host_is_the_apex(client, simulator):
    body = (b'<packet version="1.6.6.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dns><add_rec><site-id>1</site-id>'
            b'<type>TXT</type><host xsi:nil="true"/><value>v=spf1 a mx -all</value></add_rec></dns></packet>')
    assert outcome(results(client.request(body), 'dns/add_rec')[0]) == ('ok', None)
    assert records(simulator, 1)[-1] == ('TXT', '', 'v=spf1 a mx -all', '')


def test_add_rec_without_site_id_goes_to_the_server_template(client, simulator):
    before = [zone(simulator, site_id) for site_id in (1, 2, 3)]
    answer = client.request(dns(add_rec(None, 'TXT', '_dmarc', 'v=DMARC1; p=quarantine')))
    new_id = int(results(answer, 'dns/add_rec')[0].findtext('id'))
    assert simulator.panel.to_dict()['dns_template'][-1] == {'id': new_id, 'type': 'TXT', 'host': '_dmarc',
                                                             'value': 'v=DMARC1; p=quarantine', 'opt': ''}
    assert [zone(simulator, site_id) for site_id in (1, 2, 3)] == before
    template = results(client.request(dns(get_rec(template=True))), 'dns/get_rec')
    assert answered(template[-1]) == (new_id, None, 'TXT', '_dmarc.<domain>.', 'v=DMARC1; p=quarantine', '')
    assert new_id not in [answered(result)[0] for result in results(client.request(dns(get_rec())), 'dns/get_rec')]


@pytest.mark.parametrize('operation, code', [
    (add_rec(99, 'TXT', '', 'x'), 1013),
    (add_rec(7, 'TXT', '', 'x', by='site-alias-id'), 1013),
    (add_rec(1, 'TXT', 'www.example.org.', 'x'), 1019),
    (add_rec(1, 'TXT', '', ''), 1019),
], ids=['unknown-site', 'site-alias', 'outside-the-zone', 'empty-value'])
def test_add_rec_errors(client, simulator, operation, code):
    before = simulator.panel.to_dict()
    result = results(client.request(dns(operation)), 'dns/add_rec')
    assert [outcome(item) for item in result] == [('error', code)]
    assert result[0].find('id') is None
    assert simulator.panel.to_dict() == before


def test_add_rec_to_a_domain_without_a_zone_is_1013(client, simulator):
    simulator.reset(seed_with(NO_ZONE))
    result = results(client.request(dns(add_rec(1, 'TXT', '', 'x'))), 'dns/add_rec')[0]
    assert (outcome(result), result.findtext('errtext')) == (('error', 1013), 'DNS zone does not exist')
    assert zone(simulator, 1) == {'zone': 'none', 'records': []}


def test_a_disabled_zone_is_readable_and_editable(client, simulator):
    simulator.reset(seed_with({1: {'dns': {'zone': 'disabled', 'records': [{'id': 50, 'type': 'A', 'host': '', 'value': '192.0.2.5'}]}}}))
    answer = client.request(dns(add_rec(1, 'TXT', '', 'x'), get_rec('site-id', 1), del_rec('id', 50)))
    assert outcome(answer.find('dns/add_rec/result')) == ('ok', None)
    assert [answered(result)[2:4] for result in results(answer, 'dns/get_rec')] == [('A', 'example.com.'), ('TXT', 'example.com.')]
    assert [record[0] for record in records(simulator, 1)] == ['TXT']


@pytest.mark.parametrize('mode, second', [('accept', ('ok', None)), ('refuse', ('error', 1007))])
def test_dns_duplicate_quirk(client, simulator, mode, second):
    simulator.set_quirks(dns_duplicate=mode)
    answer = client.request(dns(add_rec(1, 'TXT', '_dmarc', 'v=DMARC1; p=none'), add_rec(1, 'TXT', '_DMARC.example.com.', 'v=DMARC1; p=none'),
                                add_rec(1, 'TXT', '_dmarc', 'v=DMARC1; p=reject')))
    assert [outcome(result) for result in results(answer, 'dns/add_rec')] == [second, second, ('ok', None)]
    dmarc = [record for record in records(simulator, 1) if record[1].lower() == '_dmarc']
    assert len(dmarc) == (4 if mode == 'accept' else 2)


# --- get_rec -----------------------------------------------------------------------------------------

def test_get_rec_by_site_answers_every_record_with_absolute_hosts(client):
    answer = results(client.request(dns(get_rec('site-id', 1))), 'dns/get_rec')
    assert [answered(result) for result in answer] == [
        (record_id, 1, record_type, (host + '.' if host else '') + 'example.com.', value, opt)
        for record_id, (record_type, host, value, opt) in zip(range(1, 8), TEMPLATE)]
    assert [child.tag for child in answer[0]] == ['status', 'id', 'data']
    assert [child.tag for child in answer[0].find('data')] == ['site-id', 'type', 'host', 'value', 'opt']


@pytest.mark.parametrize('host_format, apex, dmarc', [
    ('fqdn-dot', 'example.com.', '_dmarc.example.com.'),
    ('fqdn', 'example.com', '_dmarc.example.com'),
    ('relative', '', '_dmarc'),
])
def test_dns_host_format_quirk(client, simulator, host_format, apex, dmarc):
    simulator.set_quirks(dns_host_format=host_format)
    answer = results(client.request(dns(get_rec('id', 1, 7))), 'dns/get_rec')
    assert [answered(result)[3] for result in answer] == [apex, dmarc]


def test_get_rec_of_an_idn_domain_answers_the_ascii_name(client):
    answer = results(client.request(dns(get_rec('site-id', 2))), 'dns/get_rec')
    assert answered(answer[1])[3:5] == ('www.xn--bcher-kva.example.', 'xn--bcher-kva.example.')


def test_get_rec_by_id_in_filter_order_and_an_unknown_id_gives_nothing(client):
    answer = results(client.request(dns(get_rec('id', 9, 999, 1))), 'dns/get_rec')
    assert [(answered(result)[:2]) for result in answer] == [(9, 3), (1, 1)]
    empty = client.request(dns(get_rec('id', 999)))
    assert empty.find('dns/get_rec') is not None and len(empty.find('dns/get_rec')) == 0


def test_get_rec_unknown_site_is_1013_and_a_site_alias_gives_nothing(client):
    answer = client.request(dns(get_rec('site-id', 99, 3), get_rec('site-alias-id', 1)))
    operations = answer.findall('dns/get_rec')
    assert [outcome(result) for result in operations[0]][:2] == [('error', 1013), ('ok', None)]
    assert operations[0][0].find('id') is None
    assert len(operations[1]) == 0


def test_get_rec_by_zone_name_in_any_form(client):
    for name in ('bücher.example', 'XN--BCHER-KVA.example'):
        answer = results(client.request(dns(get_rec('dns-zone-name', name))), 'dns/get_rec')
        assert {answered(result)[1] for result in answer} == {2} and len(answer) == 7


def test_get_rec_with_an_empty_filter_answers_every_record_of_every_zone(client, simulator):
    simulator.reset(seed_with(NO_ZONE))
    answer = results(client.request(dns(get_rec())), 'dns/get_rec')
    assert [answered(result)[1] for result in answer] == [2] * 7 + [3] * 7, 'webspaces, then add-on sites'


@pytest.mark.parametrize('mode, expected', [('error', [('error', 1013)]), ('empty', [])])
def test_dns_no_zone_quirk(client, simulator, mode, expected):
    simulator.reset(seed_with(NO_ZONE))
    simulator.set_quirks(dns_no_zone=mode)
    answer = client.request(dns(get_rec('site-id', 1)))
    assert [outcome(result) for result in results(answer, 'dns/get_rec')] == expected
    if expected:
        assert answer.findtext('dns/get_rec/result/errtext') == 'DNS zone does not exist'


def test_get_rec_template_by_id(client):
    answer = results(client.request(dns(get_rec('id', 25, 1, template=True))), 'dns/get_rec')
    assert [answered(result) for result in answer] == [(25, None, 'MX', '<domain>.', 'mail.<domain>.', '10')]


# --- del_rec -----------------------------------------------------------------------------------------

def test_del_rec_by_id_deletes_those_records(client, simulator):
    answer = client.request(dns(del_rec('id', 7, 9, 7)))
    assert [(outcome(result), result.findtext('id')) for result in results(answer, 'dns/del_rec')] == [
        (('ok', None), '7'), (('ok', None), '9')]
    assert len(records(simulator, 1)) == 6 and len(records(simulator, 3)) == 6
    assert ('TXT', '_dmarc', 'v=DMARC1; p=none', '') not in records(simulator, 1)


@pytest.mark.parametrize('mode', ['empty', 'error'])
def test_dns_del_unknown_quirk(client, simulator, mode):
    simulator.set_quirks(dns_del_unknown=mode)
    answer = results(client.request(dns(del_rec('id', 999, 1))), 'dns/del_rec')
    expected = [(('ok', None), '1')]
    if mode == 'error':
        expected.insert(0, (('error', 1013), '999'))
    assert [(outcome(result), result.findtext('id')) for result in answer] == expected


def test_del_rec_by_site_id_wipes_the_whole_zone(client, simulator):
    """The documented danger: a site-id filter selects EVERY record of the zone, and del_rec deletes them all."""
    answer = results(client.request(dns(del_rec('site-id', 1))), 'dns/del_rec')
    assert [result.findtext('id') for result in answer] == [str(record_id) for record_id in range(1, 8)]
    assert zone(simulator, 1) == {'zone': 'enabled', 'records': []}
    assert len(records(simulator, 3)) == 7 and len(records(simulator, 2)) == 7
    assert outcome(results(client.request(dns(add_rec(1, 'A', '', '192.0.2.10'))), 'dns/add_rec')[0]) == ('ok', None)


def test_del_rec_with_an_empty_filter_wipes_every_zone_but_not_the_template(client, simulator):
    answer = results(client.request(dns(del_rec())), 'dns/del_rec')
    assert len(answer) == 21
    assert all(zone(simulator, site_id)['records'] == [] for site_id in (1, 2, 3))
    assert len(simulator.panel.dns_template) == 7


def test_del_rec_errors_for_unknown_sites_and_zones(client, simulator):
    simulator.reset(seed_with(NO_ZONE))
    answer = results(client.request(dns(del_rec('site-id', 99, 1))), 'dns/del_rec')
    assert [outcome(result) for result in answer] == [('error', 1013), ('error', 1013)]
    assert all(result.find('id') is None for result in answer)


def test_del_rec_in_the_template(client, simulator):
    answer = results(client.request(dns(del_rec('id', 28, 1, template=True))), 'dns/del_rec')
    assert [result.findtext('id') for result in answer] == ['28']
    assert [record['id'] for record in simulator.panel.dns_template] == [22, 23, 24, 25, 26, 27]
    assert len(records(simulator, 1)) == 7


# --- get ---------------------------------------------------------------------------------------------

def test_get_answers_the_zones_with_soa_when_asked(client, simulator):
    simulator.reset(seed_with({3: {'dns': {'zone': 'disabled'}}}))
    answer = results(client.request(dns(zone_get(1, 3, soa=True), zone_get(1))), 'dns/get')
    first, second, third = answer
    assert [child.tag for child in first] == ['status', 'site-id', 'soa', 'zone_type', 'zone_status']
    assert {child.tag for child in first.find('soa')} == {'ttl', 'refresh', 'retry', 'expire', 'minimum'}
    assert (first.findtext('zone_type'), first.findtext('zone_status'), second.findtext('zone_status')) == ('master', 'enabled', 'disabled')
    assert third.find('soa') is None


def test_get_without_a_filter_answers_every_zone_and_a_missing_zone_is_1013(client, simulator):
    simulator.reset(seed_with(NO_ZONE))
    everything = results(client.request(dns(zone_get())), 'dns/get')
    assert sorted(result.findtext('site-id') for result in everything) == ['2', '3']
    answer = results(client.request(dns(zone_get(1, 99))), 'dns/get')
    assert [outcome(result) for result in answer] == [('error', 1013), ('error', 1013)]
    assert answer[0].findtext('errtext') == 'DNS zone does not exist' and answer[0].find('site-id') is None


# --- requests the schema refuses, unsupported operations, quirks -----------------------------------

@pytest.mark.parametrize('operation', [
    add_rec(1, 'txt', '', 'x'),
    add_rec(1, 'CAA', '', '0 issue "x"'),
    element('add_rec', element('site-id', 1), element('type', 'TXT'), element('value', 'x')),
    element('add_rec', element('filter', element('site-id', 1)), element('type', 'TXT'), element('host'), element('value', 'x')),
    element('get_rec', element('filter', element('site-id', 1), element('id', 1))),
    element('del_rec'),
    element('get_rec', a_filter(), element('template'), element('include-subdomains')),
], ids=['lower-case-type', 'caa', 'no-host', 'filter-wrapper', 'mixed-filter', 'del-no-filter', 'template-and-subdomains'])
def test_requests_invalid_per_xsd_are_1014(client, simulator, xsd, operation):
    before = simulator.panel.to_dict()
    assert system_error(client.request(dns(operation))) == 1014
    assert simulator.panel.to_dict() == before


def test_other_dns_operations_answer_1017(client):
    answer = client.request(dns(element('get_acl'), get_rec('id', 1)))
    assert outcome(answer.find('dns/get_acl/result')) == ('error', 1017)
    assert outcome(answer.find('dns/get_rec/result')) == ('ok', None)


def test_the_log_marks_dns_writes(client, simulator):
    client.request(dns(get_rec('id', 1)))
    client.request(dns(del_rec('id', 1)))
    assert [(entry.operations, entry.write) for entry in simulator.log] == [(['dns/get_rec'], False), (['dns/del_rec'], True)]


def test_the_dns_quirks_are_checked():
    for name, values in (('dns_host_format', ('fqdn-dot', 'fqdn', 'relative')), ('dns_duplicate', ('accept', 'refuse')),
                         ('dns_no_zone', ('error', 'empty')), ('dns_del_unknown', ('empty', 'error'))):
        for value in values:
            assert check_quirks({name: value}) == {name: value}
        with pytest.raises(ValueError, match=name):
            check_quirks({name: 'sometimes'})


def test_get_by_site_alias_is_1013_and_a_panel_without_zones_answers_one_bare_ok(client, simulator):
    answer = client.request(dns(element('get', a_filter('site-alias-id', 1))))
    assert [outcome(result) for result in results(answer, 'dns/get')] == [('error', 1013)]
    simulator.reset(seed_with({site_id: {'dns': {'zone': 'none'}} for site_id in (1, 2, 3)}))
    bare = results(client.request(dns(zone_get())), 'dns/get')
    assert [(outcome(result), len(result)) for result in bare] == [(('ok', None), 1)]


def test_mail_dns_and_spamfilter_in_one_unpinned_packet(client, simulator):
    answer = client.request(packet(
        element('mail', element('get_prefs', element('filter', element('site-id', 1)))),
        element('dns', get_rec('site-id', 1)),
        element('spamfilter', element('get', element('filter', element('username', 'info@example.com'))))))
    assert [operator.tag for operator in answer] == ['mail', 'dns', 'spamfilter']
    assert answer.get('version') == '1.6.9.1'
    assert [outcome(operation.find('result')) for operation in answer.iter('get_prefs', 'get_rec', 'get')] == [('ok', None)] * 3
    assert simulator.log[-1].operations == ['mail/get_prefs', 'dns/get_rec', 'spamfilter/get']
