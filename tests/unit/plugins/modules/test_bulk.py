# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The bulk modules replayed against exact request/response sequences over a real socket."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl

import pytest

from ansible_collections.hosting.mail.plugins.modules import brainy_mailboxes, plesk_mail_accounts
from ansible_collections.hosting.mail.tests.support.scripted_server import Reset, Respond
from ansible_collections.hosting.mail.tests.unit.plesk_packets import answer, canonical, error, mailname, ok, system_error
from ansible_collections.hosting.mail.tests.unit.utils import module_failure, module_success

SECRET = 'api&secret-1'
LOOKUP = answer(('site', 'get', [error(1013, 'Site does not exist')]), ('webspace', 'get', [ok(('id', 7))]))
GET_ALL = ('<packet><mail><get_info><filter><site-id>7</site-id></filter><mailbox/><forwarding/><aliases/>'
           '<autoresponder/></get_info></mail></packet>')


def run(module, server, capsys, check_mode=False, fails=False, **args):
    """Run a bulk module; the test fails unless the module succeeds (or, with ``fails``, fails)."""
    if module is plesk_mail_accounts:
        params = dict(plesk_url=server.url, plesk_username='admin', plesk_password=SECRET, domain='example.com')
    else:
        params = dict(brainycp_url=server.url, brainycp_username='admin', brainycp_password=SECRET, panel_user='shop')
    params.update(args, _ansible_check_mode=check_mode)
    runner = module_failure if fails else module_success
    return runner(module, params, capsys, secrets=(SECRET, 'Pw-1&<x>'))


def existing(*names):
    return answer(('mail', 'get_info', [ok(mailname(name, number + 1)) for number, name in enumerate(names)]))


def create(name):
    return ('<mail><create><filter><site-id>7</site-id><mailname><name>%s</name><mailbox><enabled>true</enabled>'
            '</mailbox><password><value>Pw-1&amp;&lt;x&gt;</value><type>plain</type></password></mailname></filter>'
            '</create></mail>' % name)


def created(name, number):
    return ('mail', 'create', [ok(('mailname', [('id', number), ('name', name)]))])


def test_plesk_converged_costs_two_requests(http_server, capsys):
    http_server.script = [Respond(200, LOOKUP), Respond(200, existing('a', 'b'))]
    result = run(plesk_mail_accounts, http_server, capsys, accounts=[dict(name='a'), dict(name='b@example.com')])
    assert result['changed'] is False
    assert result['counts']['unchanged'] == 2
    assert len(http_server.requests) == 2 and canonical(http_server.requests[1].body) == canonical(GET_ALL)


def test_plesk_creates_in_batches(http_server, capsys):
    http_server.script = [Respond(200, LOOKUP), Respond(200, existing()),
                          Respond(200, answer(created('a', 1), created('b', 2))), Respond(200, answer(created('c', 3))),
                          Respond(200, existing('a', 'b', 'c'))]
    accounts = [dict(name=name, password='Pw-1&<x>') for name in 'abc']
    result = run(plesk_mail_accounts, http_server, capsys, accounts=accounts, batch_size=2)
    assert result['changed'] is True and result['counts']['created'] == 3
    bodies = [canonical(request.body) for request in http_server.requests]
    assert bodies[2] == canonical('<packet>%s%s</packet>' % (create('a'), create('b')))
    assert bodies[3] == canonical('<packet>%s</packet>' % create('c'))
    assert bodies[4] == canonical(GET_ALL)  # the site read back once, to check every change was taken


def test_plesk_check_mode_reads_only(http_server, capsys):
    http_server.script = [Respond(200, LOOKUP), Respond(200, existing('stale'))]
    result = run(plesk_mail_accounts, http_server, capsys, check_mode=True, prune=True,
                 accounts=[dict(name='new', password='Pw-1&<x>')])
    assert result['changed'] is True
    assert {entry['address']: entry['action'] for entry in result['accounts']} == {
        'new@example.com': 'created', 'stale@example.com': 'removed'}
    assert len(http_server.requests) == 2


def test_plesk_partial_failure_names_each_account(http_server, capsys):
    http_server.script = [Respond(200, LOOKUP), Respond(200, existing()),
                          Respond(200, answer(created('a', 1), ('mail', 'create', [error(1007, 'exists')]))),
                          Respond(200, existing('a'))]
    result = run(plesk_mail_accounts, http_server, capsys, fails=True, accounts=[dict(name=n, password='Pw-1&<x>') for n in 'ab'])
    assert result['failed'] is True and result['changed'] is True
    assert [(entry['address'], entry['action']) for entry in result['accounts']] == [
        ('a@example.com', 'created'), ('b@example.com', 'failed')]
    assert 'Plesk API error 1007 in mail/create' in result['accounts'][1]['error']


def test_plesk_a_lost_answer_is_read_back_never_resent(http_server, capsys):
    # Batch 1's answer is lost; the read back shows 'a' was created; batch 2 goes on.
    http_server.script = [Respond(200, LOOKUP), Respond(200, existing()), Reset(), Respond(200, existing('a')),
                          Respond(200, answer(created('b', 2))), Respond(200, existing('a', 'b'))]
    result = run(plesk_mail_accounts, http_server, capsys, batch_size=1,
                 accounts=[dict(name=n, password='Pw-1&<x>') for n in 'ab'])
    assert result['changed'] is True and 'failed' not in result
    assert [entry['action'] for entry in result['accounts']] == ['created', 'created']
    bodies = [canonical(request.body) for request in http_server.requests]
    assert bodies.count(canonical('<packet>%s</packet>' % create('a'))) == 1  # never resent


def test_plesk_a_lost_answer_for_a_write_not_done(http_server, capsys):
    http_server.script = [Respond(200, LOOKUP), Respond(200, existing()), Reset(), Respond(200, existing())]
    result = run(plesk_mail_accounts, http_server, capsys, fails=True, batch_size=2,
                 accounts=[dict(name=n, password='Pw-1&<x>') for n in 'ab'])
    assert result['failed'] is True
    assert [entry['action'] for entry in result['accounts']] == ['not_done', 'not_done']
    assert 'reading back shows it was not done' in result['accounts'][0]['error']
    assert len(http_server.requests) == 4


def test_plesk_a_lost_answer_and_a_failed_read_back_is_unknown(http_server, capsys):
    http_server.script = [Respond(200, LOOKUP), Respond(200, existing()), Reset(), Reset(), Reset(), Reset(), Reset()]
    result = run(plesk_mail_accounts, http_server, capsys, fails=True, batch_size=1,
                 accounts=[dict(name=n, password='Pw-1&<x>') for n in 'ab'])
    assert result['failed'] is True
    assert [entry['action'] for entry in result['accounts']] == ['unknown', 'not_attempted']
    assert 'the outcome is unknown' in result['msg']


def reply(code, **payload):
    return Respond(200, json.dumps(dict(code=code, message='m', **payload)).encode())


def operations(server):
    return [dict(parse_qsl(request.body.decode()))['subdo'] for request in server.requests]


def test_brainy_converged_costs_one_listing(http_server, capsys):
    http_server.script = [reply(0, data=[{'email': 'a@shop.example', 'quota': 10}])]
    result = run(brainy_mailboxes, http_server, capsys, mailboxes=[dict(address='a@shop.example')])
    assert result['changed'] is False
    assert operations(http_server) == ['getlistmail']


def test_brainy_creates_over_one_connection_and_checks(http_server, capsys):
    listed = reply(0, data=[{'email': 'a@shop.example'}, {'email': 'b@shop.example'}])
    forward = reply(0, data=['info@shop.example -> x@example.net'])
    http_server.script = [reply(1), forward, reply(0), reply(0), listed]
    result = run(brainy_mailboxes, http_server, capsys,
                 mailboxes=[dict(address=a, password='Pw-1&<x>', quota='1G') for a in ('a@shop.example', 'b@shop.example')])
    assert result['counts']['created'] == 2
    assert operations(http_server) == ['getlistmail', 'getforwardmail', 'addmail', 'addmail', 'getlistmail']
    assert http_server.connections == 1
    assert 'cannot be confirmed' not in ' '.join(result['recorded_warnings'])


def test_brainy_warns_once_per_domain_with_no_mail_of_the_user(http_server, capsys):
    http_server.script = [reply(0, data=[{'email': 'a@shop.example'}]), reply(1)]
    wanted = [dict(address=a, password='Pw-1&<x>') for a in ('x@other.example', 'y@Other.example', 'b@shop.example')]
    result = run(brainy_mailboxes, http_server, capsys, check_mode=True, mailboxes=wanted)
    assert result['changed'] is True and result['counts']['created'] == 3
    warned = [text for text in result['recorded_warnings'] if 'cannot be confirmed' in text]
    assert warned == ["BrainyCP refuses a mailbox in a domain that is not the hosting user's (addmail error 4); shop has no "
                      "mailbox or forward in other.example, so it cannot be confirmed before the change. If the domain is "
                      "another hosting user's, set panel_user to that user."]
    assert operations(http_server) == ['getlistmail', 'getforwardmail']


@pytest.mark.parametrize('wanted, created', [
    ([dict(address='b@shop.example', password='Pw-1&<x>'), dict(address='gone@other.example', state='absent')], 1),
    ([dict(address='a@shop.example'), dict(address='gone@other.example', state='absent')], 0),
], ids=['new-in-a-known-domain', 'nothing-to-create'])
def test_brainy_reads_no_forwards_when_the_mailboxes_tell(http_server, capsys, wanted, created):
    http_server.script = [reply(0, data=[{'email': 'a@shop.example'}])]
    result = run(brainy_mailboxes, http_server, capsys, check_mode=True, mailboxes=wanted)
    assert result['counts']['created'] == created and operations(http_server) == ['getlistmail']
    assert 'cannot be confirmed' not in ' '.join(result['recorded_warnings'])


def test_brainy_failures_and_a_listing_that_disagrees(http_server, capsys):
    http_server.script = [reply(1), reply(1), reply(4), reply(0), reply(1)]
    result = run(brainy_mailboxes, http_server, capsys, fails=True,
                 mailboxes=[dict(address=a, password='Pw-1&<x>') for a in ('x@other.example', 'y@shop.example')])
    assert result['failed'] is True
    outcome = {entry['address']: (entry['action'], entry.get('error', '')) for entry in result['mailboxes']}
    assert outcome['x@other.example'][0] == 'failed' and 'addmail error 4' in outcome['x@other.example'][1]
    assert outcome['y@shop.example'] == ('failed', 'the panel reported success, but its listing disagrees')


def test_plesk_a_blank_name_in_the_listing_is_a_garbled_answer_and_nothing_is_removed(http_server, capsys):
    listing = answer(('mail', 'get_info', [ok(mailname('keep', 1)), ok(mailname(' ', 2))]))
    http_server.script = [Respond(200, LOOKUP), Respond(200, listing)]
    result = run(plesk_mail_accounts, http_server, capsys, fails=True, prune=True, accounts=[dict(name='keep')])
    assert "Plesk listed a mail account name ' ' on site 7" in result['msg']
    assert result['changed'] is False and 'accounts' not in result
    assert len(http_server.requests) == 2  # the lookup and the read: no remove


def test_plesk_accounts_never_sent_are_not_claimed(http_server, capsys):
    # The second packet is refused whole (a system error): its account failed, the third was never sent.
    http_server.script = [Respond(200, LOOKUP), Respond(200, existing()), Respond(200, answer(created('a', 1))),
                          Respond(200, system_error(1014, 'Parser error'))]
    result = run(plesk_mail_accounts, http_server, capsys, fails=True, batch_size=1,
                 accounts=[dict(name=n, password='Pw-1&<x>') for n in 'abc'])
    assert [entry['action'] for entry in result['accounts']] == ['created', 'failed', 'not_attempted']
    assert result['counts']['created'] == 1 and result['changed'] is True
    assert len(http_server.requests) == 4
