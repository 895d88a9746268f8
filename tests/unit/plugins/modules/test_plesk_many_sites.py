# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""plesk_mail_accounts over many sites (``domains``), replayed against exact request/response sequences."""

from __future__ import annotations

from ansible_collections.hosting.mail.plugins.modules import plesk_mail_accounts
from ansible_collections.hosting.mail.tests.support.scripted_server import Reset, Respond
from ansible_collections.hosting.mail.tests.unit.plesk_packets import answer, canonical, error, mailname, ok
from ansible_collections.hosting.mail.tests.unit.utils import module_failure, module_success

SECRET = 'api&secret-1'
PASSWORD = 'Pw-1&<x>'
FLAGS = '<mailbox/><forwarding/><aliases/><autoresponder/>'


def run(server, capsys, domains, check_mode=False, fails=False, **args):
    params = dict(plesk_url=server.url, plesk_username='admin', plesk_password=SECRET, domains=domains)
    params.update(args, _ansible_check_mode=check_mode)
    return (module_failure if fails else module_success)(plesk_mail_accounts, params, capsys, secrets=(SECRET, PASSWORD))


def gets(operator, criterion, values):
    return '<%s>%s</%s>' % (operator, ''.join(
        '<get><filter><%s>%s</%s></filter><dataset><gen_info/></dataset></get>' % (criterion, value, criterion)
        for value in values), operator)


def lookup_request(*domains):
    """One site/get and one webspace/get per domain, each filtering its one name."""
    return '<packet>%s%s</packet>' % (gets('site', 'name', domains), gets('webspace', 'name', domains))


def found(site_id, name):
    return ok(('filter-id', name), ('id', site_id), ('data', [('gen_info', [('name', name), ('ascii-name', name)])]))


MISSING = error(1013, 'Site does not exist')


def lookup_answer(*sites):
    """``sites``: (domain, id of its webspace or None); add-on sites are not used here, so site/get misses each."""
    return answer(*([('site', 'get', [MISSING]) for _domain, _site_id in sites]
                    + [('webspace', 'get', [found(site_id, domain)] if site_id else [error(1013, 'Object not found.')])
                       for domain, site_id in sites]))


def get_info(site_id):
    return '<mail><get_info><filter><site-id>%d</site-id></filter>%s</get_info></mail>' % (site_id, FLAGS)


def site_check(site_id):
    return gets('site', 'id', [site_id]) + gets('webspace', 'id', [site_id])


def accounts(site_id, *names):
    return ('mail', 'get_info', [ok(mailname(name, site_id * 100 + number)) for number, name in enumerate(names)])


def create(site_id, name):
    return ('<mail><create><filter><site-id>%d</site-id><mailname><name>%s</name><mailbox><enabled>true</enabled>'
            '</mailbox><password><value>Pw-1&amp;&lt;x&gt;</value><type>plain</type></password></mailname></filter>'
            '</create></mail>' % (site_id, name))


def created(name, number):
    return ('mail', 'create', [ok(('mailname', [('id', number), ('name', name)]))])


def bodies(server):
    return [canonical(request.body) for request in server.requests]


def test_a_converged_panel_costs_two_requests_whatever_its_size(http_server, capsys):
    # Two domains looked up, one given by id (checked in the read), all read in one packet.
    http_server.script = [
        Respond(200, lookup_answer(('a.example', 3), ('b.example', 4))),
        Respond(200, answer(accounts(3, 'info'), accounts(4, 'info', 'sales'),
                            ('site', 'get', [MISSING]), ('webspace', 'get', [found(9, 'c.example')]),
                            accounts(9))),
    ]
    result = run(http_server, capsys, [dict(domain='A.example', accounts=[dict(name='info')]),
                                       dict(domain='b.example', accounts=[dict(name='info'), dict(name='sales')]),
                                       dict(domain='c.example', site_id=9)])
    assert result['changed'] is False and result['counts']['unchanged'] == 3
    assert [(site['domain'], site['site_id'], site['counts']['unchanged']) for site in result['domains']] == [
        ('a.example', 3, 1), ('b.example', 4, 2), ('c.example', 9, 0)]
    assert 'site_id' not in result
    assert bodies(http_server) == [
        canonical(lookup_request('a.example', 'b.example')),
        canonical('<packet>%s%s%s%s</packet>' % (get_info(3), get_info(4), site_check(9), get_info(9))),
    ]


def test_writes_of_many_sites_share_packets_and_only_written_sites_are_read_back(http_server, capsys):
    http_server.script = [
        Respond(200, lookup_answer(('a.example', 3), ('b.example', 4), ('c.example', 5))),
        Respond(200, answer(accounts(3), accounts(4), accounts(5, 'x'))),
        Respond(200, answer(created('x', 1), created('y', 2))),
        Respond(200, answer(created('z', 3))),
        Respond(200, answer(accounts(3, 'x', 'y'), accounts(4, 'z'))),
    ]
    result = run(http_server, capsys, batch_size=2, domains=[
        dict(domain='a.example', accounts=[dict(name='x', password=PASSWORD), dict(name='y', password=PASSWORD)]),
        dict(domain='b.example', accounts=[dict(name='z', password=PASSWORD)]),
        dict(domain='c.example', accounts=[dict(name='x')])])
    assert result['changed'] is True and result['counts']['created'] == 3 and result['counts']['unchanged'] == 1
    sent = bodies(http_server)
    assert sent[2] == canonical('<packet>%s%s</packet>' % (create(3, 'x'), create(3, 'y')))
    assert sent[3] == canonical('<packet>%s</packet>' % create(4, 'z'))
    assert sent[4] == canonical('<packet>%s%s</packet>' % (get_info(3), get_info(4)))  # c.example was not written
    assert len(sent) == 5


def test_a_missing_domain_is_named_and_the_others_are_converged(http_server, capsys):
    http_server.script = [
        Respond(200, lookup_answer(('a.example', 3), ('gone.example', None))),
        Respond(200, answer(accounts(3))),
        Respond(200, answer(created('x', 1))),
        Respond(200, answer(accounts(3, 'x'))),
    ]
    result = run(http_server, capsys, fails=True, prune=True, domains=[
        dict(domain='a.example', accounts=[dict(name='x', password=PASSWORD)]),
        dict(domain='gone.example', accounts=[dict(name='info', password=PASSWORD)])])
    assert result['failed'] is True and result['changed'] is True
    assert '1 of 2 domains could not be read' in result['msg'] and 'gone.example' in result['msg']
    assert [(entry['address'], entry['action']) for entry in result['accounts']] == [
        ('x@a.example', 'created'), ('info@gone.example', 'failed')]
    assert 'no site or subscription named gone.example' in result['accounts'][1]['error']
    assert result['counts']['created'] == 1 and result['counts']['failed'] == 1
    assert result['domains'][1]['site_id'] is None and 'gone.example' in result['domains'][1]['error']
    # Nothing was ever sent for gone.example: no site id, no read, no write.
    assert bodies(http_server)[1] == canonical('<packet>%s</packet>' % get_info(3))
    assert len(http_server.requests) == 4


def test_a_site_id_of_another_domain_is_never_written(http_server, capsys):
    http_server.script = [
        Respond(200, answer(('site', 'get', [MISSING]), ('webspace', 'get', [found(3, 'other.example')]), accounts(3, 'info'),
                            ('site', 'get', [MISSING]), ('webspace', 'get', [found(4, 'b.example')]), accounts(4))),
        Respond(200, answer(created('x', 1))),
        Respond(200, answer(accounts(4, 'x'))),
    ]
    result = run(http_server, capsys, fails=True, prune=True, domains=[
        dict(domain='a.example', site_id=3, accounts=[]),
        dict(domain='b.example', site_id=4, accounts=[dict(name='x', password=PASSWORD)])])
    assert 'site_id 3 is the site other.example, not a.example' in result['msg']
    assert result['domains'][0]['error'] and result['domains'][1]['counts']['created'] == 1
    sent = bodies(http_server)
    assert sent[1] == canonical('<packet>%s</packet>' % create(4, 'x'))
    assert not any('<remove>' in body for body in sent)  # prune never reached other.example's info


def test_a_lookup_answer_naming_another_domain_stops_before_any_write(http_server, capsys):
    http_server.script = [Respond(200, answer(('site', 'get', [found(3, 'other.example')]), ('webspace', 'get', [])))]
    result = run(http_server, capsys, fails=True, prune=True, domains=[dict(domain='a.example')])
    assert result['error']['type'] == 'GarbledAnswerError'
    assert 'site/get for a.example with the site 3, which is named other.example' in result['msg']
    assert len(http_server.requests) == 1


def test_a_lost_batch_is_read_back_for_its_sites_and_never_resent(http_server, capsys):
    http_server.script = [
        Respond(200, lookup_answer(('a.example', 3), ('b.example', 4))),
        Respond(200, answer(accounts(3), accounts(4))),
        Reset(),
        Respond(200, answer(accounts(3, 'x'), accounts(4))),  # x was created, z was not
        Respond(200, answer(accounts(3, 'x'), accounts(4))),
    ]
    result = run(http_server, capsys, fails=True, domains=[
        dict(domain='a.example', accounts=[dict(name='x', password=PASSWORD)]),
        dict(domain='b.example', accounts=[dict(name='z', password=PASSWORD)])])
    assert [(entry['address'], entry['action']) for entry in result['accounts']] == [
        ('x@a.example', 'created'), ('z@b.example', 'not_done')]
    sent = bodies(http_server)
    assert sent.count(canonical('<packet>%s%s</packet>' % (create(3, 'x'), create(4, 'z')))) == 1
    assert sent[3] == canonical('<packet>%s%s</packet>' % (get_info(3), get_info(4)))
    assert result['domains'][1]['counts']['not_done'] == 1


def test_check_mode_reads_only(http_server, capsys):
    http_server.script = [Respond(200, lookup_answer(('a.example', 3), ('b.example', 4))),
                          Respond(200, answer(accounts(3, 'stale'), accounts(4)))]
    result = run(http_server, capsys, check_mode=True, prune=True, _ansible_diff=True, domains=[
        dict(domain='a.example'), dict(domain='b.example', accounts=[dict(name='new', password=PASSWORD)])])
    assert {entry['address']: entry['action'] for entry in result['accounts']} == {
        'stale@a.example': 'removed', 'new@b.example': 'created'}
    assert sorted(result['diff']['before']) == ['stale@a.example'] and sorted(result['diff']['after']) == ['new@b.example']
    assert len(http_server.requests) == 2


def test_bad_options_fail_before_any_request(http_server, capsys):
    listed_twice = run(http_server, capsys, fails=True, domains=[dict(domain='a.example'), dict(domain='A.example.')])
    assert 'domains: a.example is listed twice' in listed_twice['msg']
    elsewhere = run(http_server, capsys, fails=True, domains=[dict(domain='a.example', accounts=[dict(name='x@b.example')])])
    assert 'domains[].accounts: x@b.example is not in the domain a.example' in elsewhere['msg']
    both = run(http_server, capsys, fails=True, domain='a.example', domains=[dict(domain='a.example')])
    assert 'mutually exclusive' in both['msg']
    assert not http_server.requests


def test_a_lost_packet_is_read_back_for_its_own_sites_only(http_server, capsys):
    http_server.script = [
        Respond(200, lookup_answer(('a.example', 3), ('b.example', 4))),
        Respond(200, answer(accounts(3), accounts(4))),
        Reset(),  # the packet for a.example
        Respond(200, answer(accounts(3, 'x'))),
        Respond(200, answer(created('z', 2))),
        Respond(200, answer(accounts(3, 'x'), accounts(4, 'z'))),
    ]
    result = run(http_server, capsys, batch_size=1, domains=[
        dict(domain='a.example', accounts=[dict(name='x', password=PASSWORD)]),
        dict(domain='b.example', accounts=[dict(name='z', password=PASSWORD)])])
    assert result['counts']['created'] == 2
    sent = bodies(http_server)
    assert sent[3] == canonical('<packet>%s</packet>' % get_info(3))
    assert sent[4] == canonical('<packet>%s</packet>' % create(4, 'z'))


def test_missing_domains_and_a_refused_write_are_both_told_with_each_domain_counted(http_server, capsys):
    missing = ['gone%02d.example' % number for number in range(11)]
    http_server.script = [
        Respond(200, lookup_answer(('a.example', 3), *[(domain, None) for domain in missing])),
        Respond(200, answer(accounts(3, 'keep'))),
        Respond(200, answer(created('x', 1), ('mail', 'create', [error(1019, 'bad value')]))),
        Respond(200, answer(accounts(3, 'keep', 'x'))),
    ]
    result = run(http_server, capsys, fails=True, domains=[
        dict(domain='a.example', accounts=[dict(name='keep'), dict(name='x', password=PASSWORD), dict(name='y', password=PASSWORD)])]
        + [dict(domain=domain) for domain in missing])
    message = result['msg']
    assert message.startswith('11 of 12 domains could not be read, and were not converged: gone00.example: ')
    assert 'gone09.example' in message and 'gone10.example' not in message  # the first ten are named
    assert message.endswith('In the others, 1 of 2 account changes failed: y@a.example: Plesk API error 1019 in mail/create at '
                            '%s/enterprise/control/agent.php (HTTP 200): bad value' % http_server.url)
    assert result['domains'][0]['counts'] == {'created': 1, 'updated': 0, 'removed': 0, 'unchanged': 1, 'failed': 1,
                                              'not_done': 0, 'unknown': 0, 'not_attempted': 0}
    assert result['domains'][1]['counts'] == dict.fromkeys(result['domains'][0]['counts'], 0)


def test_a_site_that_cannot_be_read_back_fails_the_task_with_its_error(http_server, capsys):
    http_server.script = [
        Respond(200, lookup_answer(('a.example', 3))),
        Respond(200, answer(accounts(3))),
        Respond(200, answer(created('x', 1))),
        Respond(200, answer(('mail', 'get_info', [error(1013, 'Site does not exist')]))),
    ]
    result = run(http_server, capsys, fails=True, domains=[dict(domain='a.example', accounts=[dict(name='x', password=PASSWORD)])])
    assert result['error']['type'] == 'ApiError' and result['error']['code'] == 1013
    assert result['changed'] is True and result['accounts'][0]['action'] == 'created'


def test_bad_values_in_domains_are_named_by_their_option(http_server, capsys):
    quota = run(http_server, capsys, fails=True, domains=[dict(domain='a.example', accounts=[dict(name='x', quota='lots')])])
    assert 'domains[].accounts[].quota' in quota['msg']
    name = run(http_server, capsys, fails=True, domains=[dict(domain='a.example', accounts=[dict(name='a b')])])
    assert 'domains[].accounts[].name' in name['msg']
    assert not http_server.requests
