# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""brainy_mailboxes over many hosting users (``users``), replayed against exact request sequences."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl

from ansible_collections.hosting.mail.plugins.modules import brainy_mailboxes
from ansible_collections.hosting.mail.tests.support.scripted_server import Reset, Respond
from ansible_collections.hosting.mail.tests.unit.utils import module_failure, module_success

SECRET = 'api&secret-1'
PASSWORD = 'Pw-1&<x>'


def run(server, capsys, users, check_mode=False, fails=False, **args):
    params = dict(brainycp_url=server.url, brainycp_username='admin', brainycp_password=SECRET, users=users)
    params.update(args, _ansible_check_mode=check_mode)
    return (module_failure if fails else module_success)(brainy_mailboxes, params, capsys, secrets=(SECRET, PASSWORD))


def reply(code, **payload):
    return Respond(200, json.dumps(dict(code=code, message='m', **payload)).encode())


def listing(*addresses):
    return reply(0, data=[{'email': address} for address in addresses])


def calls(server):
    """(operation, hosting user acted for, address) of each request."""
    forms = [dict(parse_qsl(request.body.decode())) for request in server.requests]
    return [(form['subdo'], form.get('panel_user', ''), form.get('email', '')) for form in forms]


def test_converged_users_cost_one_listing_each_over_one_connection(http_server, capsys):
    http_server.script = [listing('a@shop.example'), listing('b@web.example'), listing('c@admin.example')]
    result = run(http_server, capsys, [dict(panel_user='shop', mailboxes=[dict(address='a@shop.example')]),
                                       dict(panel_user='web', mailboxes=[dict(address='b@web.example')]),
                                       dict(panel_user='', mailboxes=[dict(address='c@admin.example')])])
    assert result['changed'] is False and result['counts']['unchanged'] == 3
    assert calls(http_server) == [('getlistmail', 'shop', ''), ('getlistmail', 'web', ''), ('getlistmail', '', '')]
    assert http_server.connections == 1
    assert [(user['panel_user'], user['hosting_user'], user['counts']['unchanged']) for user in result['users']] == [
        ('shop', 'shop', 1), ('web', 'web', 1), ('', 'admin', 1)]


def test_each_write_acts_for_its_own_user_and_each_written_user_is_listed_again(http_server, capsys):
    http_server.script = [listing('a@shop.example'), listing('b@web.example'), listing(),
                          reply(0), reply(0), listing('a@shop.example', 'n@shop.example'), listing()]
    result = run(http_server, capsys, prune=True, users=[
        dict(panel_user='shop', mailboxes=[dict(address='a@shop.example'), dict(address='n@shop.example', password=PASSWORD)]),
        dict(panel_user='web', mailboxes=[], prune_domains=['web.example']),
        dict(panel_user='idle', mailboxes=[])])
    assert result['counts']['created'] == 1 and result['counts']['removed'] == 1
    assert calls(http_server) == [
        ('getlistmail', 'shop', ''), ('getlistmail', 'web', ''), ('getlistmail', 'idle', ''),
        ('addmail', 'shop', 'n@shop.example'), ('delmail', 'web', 'b@web.example'),
        ('getlistmail', 'shop', ''), ('getlistmail', 'web', '')]  # idle wrote nothing: not listed again


def test_a_user_the_panel_refuses_is_named_and_the_others_are_converged(http_server, capsys):
    http_server.script = [reply(1001), listing('o@web.example'), reply(0), listing('o@web.example', 'n@web.example')]
    result = run(http_server, capsys, fails=True, users=[
        dict(panel_user='nobody', mailboxes=[dict(address='x@gone.example', password=PASSWORD)]),
        dict(panel_user='web', mailboxes=[dict(address='n@web.example', password=PASSWORD)])])
    assert result['msg'].startswith('1 of 2 hosting users could not be listed, and were not converged: nobody: ')
    assert [(box['address'], box['action']) for box in result['mailboxes']] == [
        ('n@web.example', 'created'), ('x@gone.example', 'failed')]
    assert result['changed'] is True and result['users'][0]['error']
    assert ('addmail', 'nobody', 'x@gone.example') not in calls(http_server)


def test_a_lost_answer_is_settled_from_the_listing_of_its_own_user(http_server, capsys):
    http_server.script = [listing('o@shop.example'), listing('o@web.example'), Reset(), listing('o@shop.example', 'n@shop.example'),
                          reply(0), listing('o@shop.example', 'n@shop.example'), listing('o@web.example', 'm@web.example')]
    result = run(http_server, capsys, users=[
        dict(panel_user='shop', mailboxes=[dict(address='n@shop.example', password=PASSWORD)]),
        dict(panel_user='web', mailboxes=[dict(address='m@web.example', password=PASSWORD)])])
    assert result['counts']['created'] == 2
    assert calls(http_server)[2:5] == [('addmail', 'shop', 'n@shop.example'), ('getlistmail', 'shop', ''),
                                       ('addmail', 'web', 'm@web.example')]


def test_check_mode_lists_only(http_server, capsys):
    http_server.script = [listing('old@shop.example'), listing(), reply(1)]  # web: no mail yet, so its forwards are read
    result = run(http_server, capsys, check_mode=True, prune=True, _ansible_diff=True, users=[
        dict(panel_user='shop', mailboxes=[], prune_domains=['shop.example']),
        dict(panel_user='web', mailboxes=[dict(address='n@web.example', password=PASSWORD)])])
    assert {box['address']: box['action'] for box in result['mailboxes']} == {
        'old@shop.example': 'removed', 'n@web.example': 'created'}
    assert sorted(result['diff']['before']) == ['old@shop.example'] and sorted(result['diff']['after']) == ['n@web.example']
    assert calls(http_server) == [('getlistmail', 'shop', ''), ('getlistmail', 'web', ''), ('getforwardmail', 'web', '')]
    assert "web has no mailbox or forward in web.example" in ' '.join(result['recorded_warnings'])


def test_bad_options_fail_before_any_request(http_server, capsys):
    twice = run(http_server, capsys, fails=True, users=[dict(panel_user='shop'), dict(panel_user=' shop ')])
    assert 'the hosting user shop is listed twice' in twice['msg']
    two_users = run(http_server, capsys, fails=True, users=[dict(panel_user='a', mailboxes=[dict(address='x@a.example')]),
                                                            dict(panel_user='b', mailboxes=[dict(address='X@a.example')])])
    assert 'x@a.example is listed under two hosting users' in two_users['msg']
    both = run(http_server, capsys, fails=True, users=[dict(panel_user='a')], mailboxes=[])
    assert 'mutually exclusive' in both['msg']
    assert not http_server.requests


def test_each_user_counts_its_own_and_options_are_named(http_server, capsys):
    http_server.script = [reply(1001), listing('a@shop.example')]
    result = run(http_server, capsys, fails=True, users=[
        dict(panel_user='nobody', mailboxes=[dict(address='x@gone.example', password=PASSWORD)]),
        dict(panel_user='shop', mailboxes=[dict(address='a@shop.example')])])
    assert [user['counts'] for user in result['users']] == [
        dict(created=0, removed=0, unchanged=0, failed=1, not_done=0, unknown=0, not_attempted=0),
        dict(created=0, removed=0, unchanged=1, failed=0, not_done=0, unknown=0, not_attempted=0)]
    assert 'its mailboxes were not converged' in result['mailboxes'][-1]['error']
    http_server.requests.clear()
    address = run(http_server, capsys, fails=True, users=[dict(panel_user='a', mailboxes=[dict(address='nope')])])
    assert 'users[].mailboxes[].address' in address['msg']
    quota = run(http_server, capsys, fails=True, users=[dict(panel_user='a', mailboxes=[dict(address='x@a.example',
                                                                                             quota='lots')])])
    assert 'users[].mailboxes[].quota' in quota['msg']
    assert not http_server.requests
