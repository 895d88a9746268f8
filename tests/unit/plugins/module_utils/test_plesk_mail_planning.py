# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Planning and answer reading of Plesk mail accounts (``_plesk_mail``), called directly with small inputs.

How a ``get_info`` answer becomes an account dict, what a plan holds for a given current and desired state,
the packets it turns into at older protocols (autoresponder end_date), the write-only settings, the follow-up
round, and that the reads (and only they) are retried; the reads go over the real HTTP core to the scripted
server.
"""

from __future__ import annotations

import pytest
from lxml import etree

from ansible_collections.hosting.mail.plugins.module_utils._errors import GarbledAnswerError, OptionError
from ansible_collections.hosting.mail.plugins.module_utils._http import HttpClient
from ansible_collections.hosting.mail.plugins.module_utils._plesk import Packet, PleskClient
from ansible_collections.hosting.mail.plugins.module_utils._plesk_mail import (
    account_change,
    account_from_xml,
    add_delta,
    comparable,
    desired_account,
    expected_account,
    follow_up,
    get_info,
    name_holders,
    not_taken,
    account_delta,
    read_site,
)
from ansible_collections.hosting.mail.tests.support.scripted_server import Respond
from ansible_collections.hosting.mail.tests.unit.plesk_packets import answer, canonical, error, mailname, ok

RESPONDER_OFF = {'enabled': False, 'subject': None, 'content_type': None, 'charset': None, 'text': None, 'forward_to': None,
                 'end_date': None}


def element(xml):
    return etree.fromstring(xml)


def test_an_account_without_mailbox_and_autoresponder_elements():
    account = account_from_xml(element('<mailname><id>5</id><name>Info</name><forwarding><enabled>true</enabled>'
                                       '<address> </address><address/><address> A@X.example </address></forwarding>'
                                       '<alias>Hello</alias></mailname>'), 'example.com', 7)
    assert account == {'address': 'info@example.com', 'id': 5, 'site_id': 7, 'aliases': ['hello@example.com'], 'antivirus': None,
                       'outgoing_messages_limit': None, 'description': '', 'mailbox': False, 'quota': None,
                       'forwarding': {'enabled': True, 'addresses': ['a@x.example']}, 'autoresponder': RESPONDER_OFF}


@pytest.mark.parametrize('xml, says', [
    ('<mailname><id>5a</id><name>info</name></mailname>', "the id of mail account info '5a'"),
    ('<mailname><id>5</id><name>info</name><mailbox><quota>1.5</quota></mailbox></mailname>',
     "the quota of mail account info '1.5'"),
])
def test_a_listed_number_that_is_no_whole_number_is_garbled_naming_the_account(xml, says):
    with pytest.raises(GarbledAnswerError) as caught:
        account_from_xml(element(xml), 'example.com', 7)
    assert caught.value.message == 'Plesk answered %s, which is not a whole number; nothing was changed.' % says


@pytest.mark.parametrize('alias', ['desk@a.example', 'desk@z.example', 'desk@example.com.evil'])
def test_an_alias_in_another_domain_is_refused(alias):
    with pytest.raises(OptionError) as caught:
        desired_account(dict(aliases=[alias]), 'example.com', None)
    assert caught.value.message == ("aliases: %s is not in the domain example.com; Plesk aliases share the account's "
                                    "domain." % alias)
    assert desired_account(dict(aliases=['Desk@EXAMPLE.com']), 'example.com', None) == {'aliases': ['desk@example.com']}


def test_an_autoresponder_is_read_field_by_field():
    account = account_from_xml(element(
        '<mailname><name>info</name><mailbox><enabled>false</enabled><quota></quota></mailbox><autoresponder>'
        '<enabled>1</enabled><subject>Away</subject><charset>utf-8</charset><content_type>text/plain</content_type>'
        '<forward>desk@example.com</forward><end_date>2030-01-31</end_date></autoresponder></mailname>'), 'example.com', 7)
    assert (account['id'], account['mailbox'], account['quota'], account['forwarding']) == (
        None, False, None, {'enabled': False, 'addresses': []})
    assert account['autoresponder'] == {'enabled': True, 'subject': 'Away', 'content_type': 'text/plain', 'charset': 'utf-8',
                                        'text': None, 'forward_to': 'desk@example.com', 'end_date': '2030-01-31'}
    responder = account_from_xml(element('<mailname><name>info</name><autoresponder><subject>x</subject></autoresponder>'
                                         '</mailname>'), 'example.com', 7)['autoresponder']
    assert responder['enabled'] is False and responder['subject'] == 'x'


def plesk(server, sleeps, version=None):
    return PleskClient(HttpClient(server.url, sleep=sleeps), 'admin', 'secret', version=version)


ACCOUNTS = answer(('mail', 'get_info', [ok(), ok(mailname('info', 1)), ok(mailname('sales', 2, aliases=['desk']))]))


def test_every_account_of_a_site_is_read_past_a_result_without_one(http_server, sleeps):
    http_server.script = [Respond(503, b'busy'), Respond(200, ACCOUNTS)]  # a read is retried
    found = get_info(plesk(http_server, sleeps), 7, [], 'example.com')
    assert sorted(found) == ['info', 'sales'] and found['sales']['aliases'] == ['desk@example.com']
    assert sleeps.calls == [0.5] and len(http_server.requests) == 2


def test_the_names_of_a_site_are_read_with_a_retry(http_server, sleeps):
    http_server.script = [Respond(503, b'busy'), Respond(200, ACCOUNTS)]
    assert name_holders(plesk(http_server, sleeps), 7, 'example.com') == {
        'info@example.com': 'info@example.com', 'sales@example.com': 'sales@example.com', 'desk@example.com': 'sales@example.com'}
    assert canonical(http_server.requests[1].body) == canonical(
        '<packet><mail><get_info><filter><site-id>7</site-id></filter><aliases/></get_info></mail></packet>')


def test_a_site_checked_by_id_is_read_with_a_retry(http_server, sleeps):
    site = [('site', 'get', [error(1013, 'Site does not exist')]),
            ('webspace', 'get', [ok(('id', 7), ('data', [('gen_info', [('name', 'example.com')])]))])]
    http_server.script = [Respond(503, b'busy'), Respond(200, answer(*site, ('mail', 'get_info', [ok(mailname('info', 1))])))]
    site_id, found = read_site(plesk(http_server, sleeps), 'example.com', 7, ['info'])
    assert site_id == 7 and found['info']['address'] == 'info@example.com'
    assert sleeps.calls == [0.5]


@pytest.mark.parametrize('version, refused', [('1.6.6.0', True), ('1.6.7.0', False), (None, False)])
def test_an_autoresponder_end_date_needs_protocol_1_6_7(version, refused):
    params = dict(autoresponder=dict(enabled=True, end_date='2030-01-31'))
    if refused:
        with pytest.raises(OptionError) as caught:
            desired_account(params, 'example.com', version)
        assert caught.value.args[0] == 'autoresponder.end_date needs Plesk protocol 1.6.7.0 or later; plesk_api_version is 1.6.6.0.'
    else:
        assert desired_account(params, 'example.com', version)['autoresponder'] == {'enabled': True, 'end_date': '2030-01-31'}
    assert desired_account(dict(autoresponder=dict(enabled=True)), 'example.com', '1.6.6.0') == {'autoresponder': {'enabled': True}}


def test_a_password_xml_cannot_carry_is_refused_while_planning():
    with pytest.raises(OptionError, match='The value for password contains the character U\\+0001'):
        desired_account(dict(password='a\x01b'), 'example.com', None)
    assert desired_account(dict(password='fine', description='x'), 'example.com', None) == {'description': 'x'}


def current_account(**changes):
    account = {'address': 'info@example.com', 'id': 5, 'site_id': 7, 'aliases': [], 'antivirus': None,
               'outgoing_messages_limit': None, 'description': '', 'mailbox': True, 'quota': None,
               'forwarding': {'enabled': True, 'addresses': ['a@x.example']}, 'autoresponder': dict(RESPONDER_OFF)}
    account.update(changes)
    return account


@pytest.mark.parametrize('addresses, added, removed', [
    (['a@x.example', 'b@x.example'], ['b@x.example'], []),
    ([], [], ['a@x.example']),
])
def test_a_forwarding_list_that_only_grows_or_only_shrinks_is_a_change(addresses, added, removed):
    plan = account_delta(current_account(), {'forwarding': {'addresses': addresses}})
    assert plan.changed_fields == ['forwarding.addresses']
    assert (plan.add['forwarding'], plan.remove['forwarding']) == (added, removed)


def test_the_expected_state_of_a_new_account():
    assert expected_account(None, {'quota': 1024}, 'new@example.com', 7) == {
        'address': 'new@example.com', 'id': None, 'site_id': 7, 'aliases': [], 'antivirus': None,
        'outgoing_messages_limit': None, 'description': '', 'mailbox': True, 'quota': 1024,
        'forwarding': {'enabled': False, 'addresses': []}, 'autoresponder': RESPONDER_OFF}


def test_the_expected_state_merges_a_section_into_what_is_there():
    after = expected_account(current_account(), {'forwarding': {'enabled': False}, 'description': 'Desk'}, 'info@example.com', 7)
    assert after['forwarding'] == {'enabled': False, 'addresses': ['a@x.example']} and after['description'] == 'Desk'


def packet_of(change, version=None, password_type=None):
    packet = Packet(version)
    add_delta(packet, 7, 'info', change.delta, change.desired, change.current, password_type=password_type)
    return canonical(packet.to_bytes())


def mail_set(children, version=None):
    attributes = ' version="%s"' % version if version else ''
    return canonical('<packet%s><mail><update><set><filter><site-id>7</site-id><mailname><name>info</name>%s</mailname>'
                     '</filter></set></update></mail></packet>' % (attributes, children))


@pytest.mark.parametrize('password_type, shown', [(None, 'plain'), ('crypt', 'crypt')])
def test_a_password_goes_with_its_type(password_type, shown):
    change = account_change(dict(password='pw', update_password='always'), 'info@example.com', 'example.com', current_account(), None)
    assert packet_of(change, password_type=password_type) == mail_set(
        '<password><value>pw</value><type>%s</type></password>' % shown)


@pytest.mark.parametrize('version, end_date', [('1.6.6.0', ''), ('1.6.7.0', '<end_date>2030-01-31</end_date>')])
def test_an_end_date_read_from_the_panel_is_written_back_only_where_the_protocol_takes_it(version, end_date):
    current = current_account(autoresponder=dict(RESPONDER_OFF, subject='Old', end_date='2030-01-31'))
    change = account_change(dict(autoresponder=dict(subject='New')), 'info@example.com', 'example.com', current, version)
    assert change.changed_fields == ['autoresponder.subject']
    assert packet_of(change, version) == mail_set(
        '<autoresponder><enabled>false</enabled><subject>New</subject>%s</autoresponder>' % end_date, version)


@pytest.mark.parametrize('version, changed', [('1.6.7.0', []), ('1.6.8.0', ['autoresponder.end_date']),
                                              (None, ['autoresponder.end_date'])])
def test_an_end_date_is_compared_only_where_the_panel_reports_it(version, changed):
    params = dict(autoresponder=dict(end_date='2030-01-31'))
    assert account_change(params, 'info@example.com', 'example.com', current_account(), version).changed_fields == changed
    both = dict(autoresponder=dict(subject='Away', end_date='2030-01-31'))
    assert account_change(both, 'info@example.com', 'example.com', current_account(), version).changed_fields == (
        ['autoresponder.subject'] + changed)
    every = dict(autoresponder=dict(enabled=True, content_type='text/html', charset='utf-8', text='t', forward_to='f@x.example',
                                    end_date='2030-01-31'))
    assert account_change(every, 'info@example.com', 'example.com', current_account(), version).changed_fields == [
        'autoresponder.' + field for field in ('enabled', 'content_type', 'charset', 'text', 'forward_to')] + changed


def test_a_new_account_at_an_old_protocol_gets_its_end_date():
    change = account_change(dict(autoresponder=dict(enabled=True, end_date='2030-01-31')), 'new@example.com', 'example.com', None,
                            '1.6.7.0')
    assert change.changed_fields == ['created'] and change.delta.set_fields['autoresponder'] == {
        'enabled': True, 'end_date': '2030-01-31'}


@pytest.mark.parametrize('version, shown', [('1.6.7.0', False), ('1.6.8.0', True), (None, True)])
def test_results_show_the_end_date_only_where_the_panel_reports_it(version, shown):
    account = current_account(quota=2147483648)
    assert comparable(account, version) == dict(
        {key: value for key, value in account.items() if key != 'id'}, quota_readable='2G',
        autoresponder={key: value for key, value in RESPONDER_OFF.items() if shown or key != 'end_date'})
    assert comparable(None, version) == {}


@pytest.mark.parametrize('current, update, write_only, written', [
    (None, 'on_create', True, True),
    ('there', 'on_create', True, False),
    ('there', 'always', True, True),
    ('there', 'always', False, False),
])
def test_panel_access_is_written_when_the_rules_say_so(current, update, write_only, written):
    params = dict(cp_access=True, update_cp_access=update)
    change = account_change(params, 'info@example.com', 'example.com', current_account() if current else None, None,
                            write_only=write_only)
    assert ('cp_access' in change.delta.set_fields) is written
    if written:
        assert change.delta.set_fields['cp_access'] is True
    if current:
        assert change.changed_fields == (['cp_access'] if written else [])
    assert account_change(dict(update_cp_access='always'), 'info@example.com', 'example.com', current_account(), None).changed_fields == []


def test_a_follow_up_puts_back_only_the_addresses_this_write_dropped():
    # Forwarding switched off by update/set; the panel took the section whole and dropped a@; another run added c@.
    params = dict(forwarding=dict(enabled=False))
    before = current_account(forwarding={'enabled': True, 'addresses': ['a@x.example', 'b@x.example']})
    change = account_change(params, 'info@example.com', 'example.com', before, None)
    assert 'forwarding' in change.delta.set_fields
    after = current_account(forwarding={'enabled': False, 'addresses': ['b@x.example', 'c@x.example']})
    again = follow_up(params, change, after, None)
    assert again.delta.add['forwarding'] == ['a@x.example'] and again.changed_fields == ['forwarding.addresses']


@pytest.mark.parametrize('fields, verb', [(['description'], 'differs'), (['description', 'quota'], 'differ')])
def test_what_still_differs_is_named(fields, verb):
    change = account_change(dict(description='x'), 'info@example.com', 'example.com', current_account(), None)
    change.changed_fields = fields
    assert not_taken(change, None).startswith(
        'Plesk accepted the change of info@example.com but does not hold it as asked: %s still %s after a second round'
        % (', '.join(fields), verb))


def test_a_mailbox_switched_off_is_sent_off():
    change = account_change(dict(mailbox=False), 'info@example.com', 'example.com', current_account(), None)
    assert change.changed_fields == ['mailbox']
    assert packet_of(change) == mail_set('<mailbox><enabled>false</enabled></mailbox>')


@pytest.mark.parametrize('params, addresses, refused', [
    (dict(forwarding=dict(enabled=True)), [], True),
    (dict(forwarding=dict(enabled=True)), ['a@x.example'], False),
    (dict(forwarding=dict(enabled=True, addresses=[])), ['a@x.example'], True),
    (dict(description='x'), [], False),  # forwarding not managed: the panel's own state is not judged
])
def test_forwarding_on_needs_an_address_in_the_end_state(params, addresses, refused):
    current = current_account(forwarding={'enabled': True, 'addresses': addresses})
    if refused:
        with pytest.raises(OptionError, match='forwarding.enabled needs at least one address in forwarding.addresses.'):
            account_change(params, 'info@example.com', 'example.com', current, None)
    else:
        account_change(params, 'info@example.com', 'example.com', current, None)


@pytest.mark.parametrize('alias', ['info', 'INFO', 'info@example.com'])
def test_an_alias_that_is_the_account_itself_is_refused_before_planning(alias):
    with pytest.raises(OptionError) as caught:
        account_change(dict(aliases=['hello', alias]), 'info@example.com', 'example.com', current_account(), None)
    assert caught.value.message == ('aliases: info@example.com is the account itself; an alias is another name for it '
                                    '(Plesk would refuse it with error 1007).')
