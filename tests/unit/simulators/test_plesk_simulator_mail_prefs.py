# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The Plesk simulator's <mail> get_prefs, set_prefs, enable and disable, the DKIM records, and their quirks, over real HTTP.

Demo seed: webspace 1 example.com, its add-on site 3 shop.example.org, webspace 2 bücher.example; every
domain has the default mail preferences and Plesk's template DNS records (ids 1-7, 8-14, 15-21).
"""

from __future__ import annotations

import pytest

from ansible_collections.hosting.mail.tests.simulators.plesk.__main__ import parse_arguments
from ansible_collections.hosting.mail.tests.simulators.plesk.client import element, packet
from ansible_collections.hosting.mail.tests.simulators.plesk.server import check_quirks
from ansible_collections.hosting.mail.tests.simulators.plesk.state import MAIL_PREFS_DEFAULTS, Panel, dkim_public_value, load_seed

DEFAULTS = {'mailservice': True, 'nonexistent_user': {'action': 'bounce', 'value': 'This address no longer accepts mail.'},
            'webmail': 'roundcube', 'spam_protect_sign': False, 'greylisting': True}
PREFS_ORDER = ['nonexistent-user', 'webmail', 'spam-protect-sign', 'greylisting', 'mailservice']


# --- packet builders ------------------------------------------------------------------------------

def mail(*operations, version='1.6.6.0'):
    return packet(element('mail', *operations), version=version)


def site_filter(*site_ids):
    return element('filter', [element('site-id', site_id) for site_id in site_ids])


def get_prefs(*site_ids):
    return element('get_prefs', site_filter(*site_ids))


def prefs(bounce=None, forward=None, reject=False, webmail=None, sign=None, greylisting=None, mailservice=None):
    """A <prefs> in MailPreferences order, with only the preferences given."""
    nonexistent = None
    if bounce is not None or forward is not None or reject:
        action = element('reject') if reject else element('bounce', bounce) if bounce is not None else element('forward', forward)
        nonexistent = element('nonexistent-user', action)
    return element('prefs', nonexistent,
                   element('webmail', webmail) if webmail is not None else None,
                   element('spam-protect-sign', sign) if sign is not None else None,
                   element('greylisting', greylisting) if greylisting is not None else None,
                   element('mailservice', mailservice) if mailservice is not None else None)


def set_prefs(site_ids, preferences):
    return element('set_prefs', site_filter(*site_ids), preferences)


def enable(site_id):
    return element('enable', element('site-id', site_id))


def disable(site_id):
    return element('disable', element('site-id', site_id))


def results(answer, path):
    return answer.findall(path + '/result')


def outcome(result):
    """(status, errcode or None, site-id or None) of one result."""
    errcode, site_id = result.findtext('errcode'), result.findtext('site-id')
    return result.findtext('status'), int(errcode) if errcode else None, int(site_id) if site_id else None


def stored(simulator, site_id):
    return simulator.panel.find_domain(site_id).to_dict()['mail_prefs']


def dkim_records(simulator, site_id):
    return [(record['host'], record['value']) for record in simulator.panel.find_domain(site_id).dns['records']
            if record['host'] in ('default._domainkey', '_domainkey')]


def system_error(answer):
    code = answer.findtext('system/errcode')
    return int(code) if code else None


def seed_with(site_changes):
    """The demo seed with some keys of domains changed, by domain id."""
    seed = load_seed()
    for webspace in seed['webspaces']:
        for domain in [webspace] + webspace['sites']:
            domain.update(site_changes.get(domain['id'], {}))
    return seed


DKIM_ON = [('default._domainkey', dkim_public_value('example.com')), ('_domainkey', 'o=-')]


# --- get_prefs ------------------------------------------------------------------------------------

def test_get_prefs_answers_the_defaults_in_schema_order(client):
    result = results(client.request(mail(get_prefs(1))), 'mail/get_prefs')[0]
    assert outcome(result) == ('ok', None, 1)
    assert [child.tag for child in result] == ['status', 'site-id', 'prefs']
    answered = result.find('prefs')
    assert [child.tag for child in answered] == PREFS_ORDER
    assert answered.findtext('nonexistent-user/bounce') == 'This address no longer accepts mail.'
    assert [answered.findtext(tag) for tag in PREFS_ORDER[1:]] == ['roundcube', 'false', 'true', 'true']


def test_get_prefs_answers_in_filter_order_and_an_unknown_site_without_site_id(client):
    answered = results(client.request(mail(get_prefs(3, 99, 1))), 'mail/get_prefs')
    assert [outcome(result) for result in answered] == [('ok', None, 3), ('error', 1013, None), ('ok', None, 1)]
    assert answered[1].find('prefs') is None


def test_get_prefs_with_an_empty_filter_answers_every_domain(client):
    answered = results(client.request(mail(get_prefs())), 'mail/get_prefs')
    assert sorted(outcome(result)[2] for result in answered) == [1, 2, 3]


def test_the_defaults_are_those_of_the_dump(simulator):
    assert MAIL_PREFS_DEFAULTS == DEFAULTS
    assert all(domain['mail_prefs'] == DEFAULTS for domain in simulator.panel.to_dict()['webspaces'])


# --- set_prefs ------------------------------------------------------------------------------------

def test_set_prefs_changes_every_preference_sent(client, simulator):
    answer = client.request(mail(set_prefs([1], prefs(forward='catchall@example.net', webmail='horde', greylisting=False))))
    assert [outcome(result) for result in results(answer, 'mail/set_prefs')] == [('ok', None, 1)]
    assert stored(simulator, 1) == dict(DEFAULTS, nonexistent_user={'action': 'forward', 'value': 'catchall@example.net'},
                                        webmail='horde', greylisting=False)
    answered = results(client.request(mail(get_prefs(1))), 'mail/get_prefs')[0].find('prefs')
    assert (answered.findtext('nonexistent-user/forward'), answered.findtext('webmail'), answered.findtext('greylisting')) == (
        'catchall@example.net', 'horde', 'false')
    assert stored(simulator, 3) == DEFAULTS, 'other sites keep theirs'


def test_set_prefs_reject_and_bounce(client, simulator):
    client.request(mail(set_prefs([1], prefs(reject=True))))
    assert stored(simulator, 1)['nonexistent_user'] == {'action': 'reject', 'value': None}
    answered = results(client.request(mail(get_prefs(1))), 'mail/get_prefs')[0].find('prefs/nonexistent-user')
    assert [child.tag for child in answered] == ['reject'] and not answered.findtext('reject')
    client.request(mail(set_prefs([1], prefs(bounce='Gone & away'))))
    assert stored(simulator, 1)['nonexistent_user'] == {'action': 'bounce', 'value': 'Gone & away'}


def test_set_prefs_answers_one_result_per_site_with_its_site_id(client, simulator):
    answer = client.request(mail(set_prefs([1, 99, 3], prefs(greylisting=False))))
    assert [outcome(result) for result in results(answer, 'mail/set_prefs')] == [
        ('ok', None, 1), ('error', 1013, 99), ('ok', None, 3)]
    assert (stored(simulator, 1)['greylisting'], stored(simulator, 3)['greylisting'], stored(simulator, 2)['greylisting']) == (
        False, False, True)


def test_set_prefs_with_an_empty_filter_changes_every_domain(client, simulator):
    """The danger of a blank filter, simulated: it names every domain of the panel."""
    answer = client.request(mail(set_prefs([], prefs(webmail='none'))))
    assert sorted(outcome(result)[2] for result in results(answer, 'mail/set_prefs')) == [1, 2, 3]
    assert all(stored(simulator, site_id)['webmail'] == 'none' for site_id in (1, 2, 3))


@pytest.mark.parametrize('preferences', [
    prefs(forward='not-an-address'),
    prefs(forward=''),
    prefs(webmail='squirrelmail'),
    prefs(webmail='true'),
    element('prefs', element('none')),
], ids=['forward-word', 'forward-empty', 'webmail-unknown', 'webmail-bool', 'none'])
def test_set_prefs_refuses_invalid_values_with_1019_and_changes_nothing(client, simulator, preferences):
    before = simulator.panel.to_dict()
    answer = client.request(mail(set_prefs([1, 3], preferences)))
    assert [outcome(result) for result in results(answer, 'mail/set_prefs')] == [('error', 1019, 1), ('error', 1019, 3)]
    assert simulator.panel.to_dict() == before


def test_a_refused_value_changes_no_other_preference_of_the_packet(client, simulator):
    client.request(mail(set_prefs([1], prefs(webmail='nope', greylisting=False, sign=True))))
    assert stored(simulator, 1) == DEFAULTS and dkim_records(simulator, 1) == []


def test_set_prefs_forward_to_another_domain_is_fine(client, simulator):
    answer = client.request(mail(set_prefs([3], prefs(forward='postmaster@bücher.example'))))
    assert outcome(results(answer, 'mail/set_prefs')[0]) == ('ok', None, 3)
    assert stored(simulator, 3)['nonexistent_user']['value'] == 'postmaster@bücher.example'


# --- enable and disable ---------------------------------------------------------------------------

def test_enable_and_disable_switch_the_mail_service_and_answer_without_site_id(client, simulator):
    answer = client.request(mail(disable(1), disable(99), get_prefs(1), enable(1), enable(1)))
    assert [[outcome(result) for result in operation] for operation in answer.find('mail')] == [
        [('ok', None, None)], [('error', 1013, None)], [('ok', None, 1)], [('ok', None, None)], [('ok', None, None)]]
    assert answer.findtext('mail/get_prefs/result/prefs/mailservice') == 'false'
    assert stored(simulator, 1)['mailservice'] is True
    assert simulator.log[-1].write


# --- the quirks -----------------------------------------------------------------------------------

@pytest.mark.parametrize('fields, expected', [
    ('all', PREFS_ORDER),
    ('omit-greylisting', ['nonexistent-user', 'webmail', 'spam-protect-sign', 'mailservice']),
    ('none-when-off', PREFS_ORDER),
])
def test_prefs_fields_with_the_mail_service_on(client, simulator, fields, expected):
    simulator.set_quirks(prefs_fields=fields)
    answered = results(client.request(mail(get_prefs(1))), 'mail/get_prefs')[0].find('prefs')
    assert [child.tag for child in answered] == expected


@pytest.mark.parametrize('fields, expected', [
    ('all', PREFS_ORDER),
    ('omit-greylisting', ['nonexistent-user', 'webmail', 'spam-protect-sign', 'mailservice']),
    ('none-when-off', ['none']),
])
def test_prefs_fields_with_the_mail_service_off(client, simulator, fields, expected):
    simulator.set_quirks(prefs_fields=fields)
    client.request(mail(disable(1)))
    answered = results(client.request(mail(get_prefs(1, 3))), 'mail/get_prefs')
    assert [child.tag for child in answered[0].find('prefs')] == expected
    assert [child.tag for child in answered[1].find('prefs')] != ['none'], 'site 3 still has mail on'


def test_set_prefs_omitted_keep_leaves_what_is_not_sent(client, simulator):
    client.request(mail(set_prefs([1], prefs(webmail='horde', greylisting=False))))
    client.request(mail(set_prefs([1], prefs(webmail='none'))))
    assert stored(simulator, 1) == dict(DEFAULTS, webmail='none', greylisting=False)


def test_set_prefs_omitted_reset_puts_what_is_not_sent_back_to_the_default(client, simulator):
    simulator.set_quirks(set_prefs_omitted='reset')
    client.request(mail(set_prefs([1], prefs(reject=True, webmail='horde', greylisting=False))))
    client.request(mail(set_prefs([1], prefs(webmail='none'))))
    assert stored(simulator, 1) == dict(DEFAULTS, webmail='none')


@pytest.mark.parametrize('mode, switched', [('linked', True), ('ignored', False)])
def test_mailservice_in_set_prefs_as_the_quirk_says(client, simulator, mode, switched):
    simulator.set_quirks(mailservice_prefs=mode)
    answer = client.request(mail(set_prefs([1], prefs(greylisting=False, mailservice=False))))
    assert outcome(results(answer, 'mail/set_prefs')[0]) == ('ok', None, 1)
    assert stored(simulator, 1)['mailservice'] is (not switched)
    assert stored(simulator, 1)['greylisting'] is False
    client.request(mail(disable(1)))
    assert stored(simulator, 1)['mailservice'] is False, 'enable/disable switch it either way'


def test_reset_with_mailservice_ignored_keeps_the_service_as_it_is(client, simulator):
    simulator.set_quirks(set_prefs_omitted='reset', mailservice_prefs='ignored')
    client.request(mail(disable(1)))
    client.request(mail(set_prefs([1], prefs(webmail='horde'))))
    assert stored(simulator, 1) == dict(DEFAULTS, webmail='horde', mailservice=False)


# --- DKIM records ---------------------------------------------------------------------------------

def test_signing_on_adds_the_dkim_records_and_off_removes_them(client, simulator):
    before = len(simulator.panel.find_domain(1).dns['records'])
    client.request(mail(set_prefs([1], prefs(sign=True))))
    assert dkim_records(simulator, 1) == DKIM_ON
    assert len(simulator.panel.find_domain(1).dns['records']) == before + 2
    assert dkim_records(simulator, 3) == []
    client.request(mail(set_prefs([1], prefs(sign=True))))
    assert dkim_records(simulator, 1) == DKIM_ON, 'already on: nothing more'
    client.request(mail(set_prefs([1], prefs(sign=False))))
    assert dkim_records(simulator, 1) == []
    assert len(simulator.panel.find_domain(1).dns['records']) == before


def test_the_dkim_value_is_predictable_and_about_200_characters():
    value = dkim_public_value('example.com')
    assert value.startswith('v=DKIM1; p=') and 190 <= len(value) <= 240
    assert value == dkim_public_value('EXAMPLE.com') != dkim_public_value('example.org')
    assert dkim_public_value('bücher.example') == dkim_public_value('xn--bcher-kva.example')


def test_dkim_off_keep_leaves_the_records_and_signing_on_again_adds_no_duplicates(client, simulator):
    simulator.set_quirks(dkim_off='keep')
    client.request(mail(set_prefs([1], prefs(sign=True))))
    client.request(mail(set_prefs([1], prefs(sign=False))))
    assert stored(simulator, 1)['spam_protect_sign'] is False
    assert dkim_records(simulator, 1) == DKIM_ON
    client.request(mail(set_prefs([1], prefs(sign=True))))
    assert dkim_records(simulator, 1) == DKIM_ON


def test_signing_on_a_domain_without_a_zone_adds_no_records_but_a_disabled_zone_gets_them(client, simulator):
    simulator.reset(seed_with({1: {'dns': {'zone': 'none'}}, 3: {'dns': {'zone': 'disabled', 'records': []}}}))
    answer = client.request(mail(set_prefs([1, 3], prefs(sign=True))))
    assert [outcome(result) for result in results(answer, 'mail/set_prefs')] == [('ok', None, 1), ('ok', None, 3)]
    assert stored(simulator, 1)['spam_protect_sign'] is True
    assert simulator.panel.find_domain(1).dns == {'zone': 'none', 'records': []}
    assert [record['host'] for record in simulator.panel.find_domain(3).dns['records']] == ['default._domainkey', '_domainkey']


def test_a_domain_seeded_signing_has_the_dkim_records_among_its_template_records(simulator):
    simulator.reset(seed_with({2: {'mail_prefs': {'spam_protect_sign': True}}}))
    records = simulator.panel.find_domain(2).dns['records']
    assert [(record['type'], record['host']) for record in records][-2:] == [('TXT', 'default._domainkey'), ('TXT', '_domainkey')]
    assert records[-2]['value'] == dkim_public_value('xn--bcher-kva.example')
    assert stored(simulator, 2) == dict(DEFAULTS, spam_protect_sign=True)


def test_reset_quirk_switching_signing_off_by_omission_removes_the_records(client, simulator):
    client.request(mail(set_prefs([1], prefs(sign=True))))
    simulator.set_quirks(set_prefs_omitted='reset')
    client.request(mail(set_prefs([1], prefs(webmail='horde'))))
    assert (stored(simulator, 1)['spam_protect_sign'], dkim_records(simulator, 1)) == (False, [])


# --- requests the schema refuses ------------------------------------------------------------------

@pytest.mark.parametrize('operation', [
    element('enable', element('filter', element('site-id', 1))),
    element('set_prefs', site_filter(1)),
    element('set_prefs', site_filter(1), element('prefs', element('greylisting', 'on'))),
    element('set_prefs', site_filter(1), element('prefs', element('none'), element('webmail', 'horde'))),
    element('set_prefs', site_filter(1), element('prefs', element('greylisting', True), element('webmail', 'horde'))),
    element('get_prefs'),
    element('get_prefs', element('filter', element('name', 'example.com'))),
    element('disable', element('site-id', 0)),
], ids=['enable-in-filter', 'no-prefs', 'greylisting-on', 'none-plus', 'order', 'no-filter', 'name-filter', 'site-id-0'])
def test_requests_invalid_per_xsd_are_1014(client, simulator, xsd, operation):
    before = simulator.panel.to_dict()
    answer = client.request(mail(operation))
    assert system_error(answer) == 1014
    assert simulator.panel.to_dict() == before


# --- seed and dump --------------------------------------------------------------------------------

def test_mail_prefs_round_trip_through_the_dump(client, simulator):
    client.request(mail(set_prefs([3], prefs(reject=True, webmail='horde', sign=True)), disable(2)))
    dump = simulator.panel.to_dict()
    assert dump['webspaces'][0]['sites'][0]['mail_prefs'] == dict(
        DEFAULTS, nonexistent_user={'action': 'reject', 'value': None}, webmail='horde', spam_protect_sign=True)
    assert dump['webspaces'][1]['mail_prefs']['mailservice'] is False
    assert Panel.from_seed(dump).to_dict() == dump


def test_a_partial_seed_is_merged_over_the_defaults(simulator):
    simulator.reset(seed_with({1: {'mail_prefs': {'greylisting': False, 'nonexistent_user': {'action': 'reject'}}}}))
    assert stored(simulator, 1) == dict(DEFAULTS, greylisting=False, nonexistent_user={'action': 'reject', 'value': None})


@pytest.mark.parametrize('mail_prefs, message', [
    ({'webmail': 'squirrelmail'}, 'webmail'),
    ({'nonexistent_user': {'action': 'forward', 'value': 'nobody'}}, 'forward'),
    ({'colour': 'red'}, 'colour'),
])
def test_a_bad_seed_is_refused(mail_prefs, message):
    with pytest.raises(ValueError, match=message):
        Panel.from_seed(seed_with({1: {'mail_prefs': mail_prefs}}))


def test_the_quirks_are_known_to_the_checks_and_the_command_line():
    for name, value in (('prefs_fields', 'none-when-off'), ('set_prefs_omitted', 'reset'), ('mailservice_prefs', 'ignored'),
                        ('dkim_off', 'keep')):
        assert check_quirks({name: value}) == {name: value}
        assert parse_arguments(['--quirk', '%s=%s' % (name, value)])[1] == {name: value}
        with pytest.raises(ValueError, match=name):
            check_quirks({name: 'maybe'})
