# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""brainy_forwards, for one hosting user and for many, replayed against exact request sequences."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl

from ansible_collections.hosting.mail.plugins.modules import brainy_forwards
from ansible_collections.hosting.mail.tests.support.scripted_server import Reset, Respond
from ansible_collections.hosting.mail.tests.unit.utils import module_failure, module_success

SECRET = 'api&secret-1'


def run(server, capsys, check_mode=False, fails=False, **args):
    params = dict(brainycp_url=server.url, brainycp_username='admin', brainycp_password=SECRET)
    params.update(args, _ansible_check_mode=check_mode)
    return (module_failure if fails else module_success)(brainy_forwards, params, capsys, secrets=(SECRET,))


def reply(code, **payload):
    return Respond(200, json.dumps(dict(code=code, message='m', **payload)).encode())


def forwards(*lines):
    return reply(0, data=list(lines)) if lines else reply(1)


def calls(server):
    """(operation, hosting user acted for, source, target) of each request."""
    forms = [dict(parse_qsl(request.body.decode())) for request in server.requests]
    return [(form['subdo'], form.get('panel_user', ''), form.get('source', ''), form.get('target', '')) for form in forms]


def test_converged_costs_one_listing(http_server, capsys):
    http_server.script = [forwards('a@shop.example -> x@example.net', 'b@shop.example -> y@example.net')]
    result = run(http_server, capsys, panel_user='shop', forwards=[
        dict(source='a@shop.example', targets=['x@example.net']), dict(source='B@shop.example', targets=['y@example.net'])])
    assert result['changed'] is False and result['counts']['unchanged'] == 2
    assert calls(http_server) == [('getforwardmail', 'shop', '', '')]


def test_changes_are_written_as_brainy_forward_writes_them_and_prune_removes_the_rest(http_server, capsys):
    http_server.script = [
        forwards('a@shop.example -> x@example.net', 'old@shop.example -> z@example.net'),
        reply(0), forwards('a@shop.example -> x@example.net,y@example.net', 'old@shop.example -> z@example.net'),
        reply(0), forwards('a@shop.example -> x@example.net,y@example.net', 'old@shop.example -> z@example.net',
                           'n@shop.example -> x@example.net'),
        reply(0), forwards('a@shop.example -> x@example.net,y@example.net', 'n@shop.example -> x@example.net'),
    ]
    result = run(http_server, capsys, panel_user='shop', prune=True, _ansible_diff=True, forwards=[
        dict(source='a@shop.example', targets=['x@example.net', 'y@example.net']),
        dict(source='n@shop.example', targets=['x@example.net'])])
    assert {entry['source']: (entry['action'], entry['changed_fields']) for entry in result['forwards']} == {
        'a@shop.example': ('updated', ['targets']), 'n@shop.example': ('created', ['created']),
        'old@shop.example': ('removed', ['removed'])}
    assert calls(http_server) == [
        ('getforwardmail', 'shop', '', ''),
        ('addforward', 'shop', 'a@shop.example', 'x@example.net,y@example.net'), ('getforwardmail', 'shop', '', ''),
        ('addforward', 'shop', 'n@shop.example', 'x@example.net'), ('getforwardmail', 'shop', '', ''),
        ('delforward', 'shop', 'old@shop.example', 'z@example.net'), ('getforwardmail', 'shop', '', '')]
    assert result['diff']['before']['old@shop.example'] == {
        'source': 'old@shop.example', 'targets': ['z@example.net'], 'save_local': None}
    assert 'old@shop.example' not in result['diff']['after']
    assert set(result['diff']['after']) == {'a@shop.example', 'n@shop.example'}


def test_many_users_one_refused_the_others_converged(http_server, capsys):
    http_server.script = [reply(1001), forwards('a@web.example -> x@example.net'),
                          reply(0), forwards('a@web.example -> x@example.net', 'n@web.example -> x@example.net')]
    result = run(http_server, capsys, fails=True, users=[
        dict(panel_user='nobody', forwards=[dict(source='f@gone.example', targets=['x@example.net'])]),
        dict(panel_user='web', forwards=[dict(source='n@web.example', targets=['x@example.net'])])])
    assert result['msg'].startswith('1 of 2 hosting users could not be listed, and were not converged: nobody: ')
    assert [(entry['source'], entry['action']) for entry in result['forwards']] == [
        ('n@web.example', 'created'), ('f@gone.example', 'failed')]
    assert [(user['panel_user'], user['counts']['created'], 'error' in user) for user in result['users']] == [
        ('nobody', 0, True), ('web', 1, False)]
    assert result['changed'] is True
    assert [call[:2] for call in calls(http_server)] == [('getforwardmail', 'nobody'), ('getforwardmail', 'web'),
                                                         ('addforward', 'web'), ('getforwardmail', 'web')]


def test_a_refused_forward_does_not_stop_the_others(http_server, capsys):
    http_server.script = [forwards('k@shop.example -> x@example.net'), reply(3), reply(0),
                          forwards('k@shop.example -> x@example.net', 'b@shop.example -> x@example.net')]
    result = run(http_server, capsys, fails=True, panel_user='shop', forwards=[
        dict(source='a@shop.example', targets=['bad@example.net']), dict(source='b@shop.example', targets=['x@example.net']),
        dict(source='k@shop.example', targets=['x@example.net'])])
    assert {entry['source']: entry['action'] for entry in result['forwards']} == {
        'a@shop.example': 'failed', 'b@shop.example': 'created', 'k@shop.example': 'unchanged'}
    assert '1 of 2 forward changes failed: a@shop.example: ' in result['msg']
    assert result['changed'] is True


def test_a_lost_answer_not_done_is_never_resent_and_the_others_go_on(http_server, capsys):
    http_server.script = [forwards('k@shop.example -> x@example.net'), Reset(), forwards('k@shop.example -> x@example.net'),
                          reply(0), forwards('k@shop.example -> x@example.net', 'b@shop.example -> x@example.net')]
    result = run(http_server, capsys, fails=True, panel_user='shop', forwards=[
        dict(source='a@shop.example', targets=['x@example.net']), dict(source='b@shop.example', targets=['x@example.net'])])
    assert [(entry['source'], entry['action']) for entry in result['forwards']] == [
        ('a@shop.example', 'not_done'), ('b@shop.example', 'created')]
    assert [call[2] for call in calls(http_server) if call[0] == 'addforward'] == ['a@shop.example', 'b@shop.example']


def test_an_unknown_outcome_breaks_the_run_off(http_server, capsys):
    http_server.script = [forwards('k@shop.example -> x@example.net')] + [Reset()] * 5
    result = run(http_server, capsys, fails=True, panel_user='shop', forwards=[
        dict(source='a@shop.example', targets=['x@example.net']), dict(source='b@shop.example', targets=['x@example.net'])])
    assert result['error']['type'] == 'WriteOutcomeError' and result['error']['write_outcome'] == 'unknown'
    assert [(entry['source'], entry['action']) for entry in result['forwards']] == [
        ('a@shop.example', 'unknown'), ('b@shop.example', 'not_attempted')]


def test_check_mode_lists_only_and_warns_for_a_domain_nothing_shows(http_server, capsys):
    http_server.script = [forwards('a@shop.example -> x@example.net'), reply(0, data=[{'email': 'm@shop.example'}])]
    result = run(http_server, capsys, check_mode=True, panel_user='shop', forwards=[
        dict(source='n@shop.example', targets=['x@example.net']), dict(source='o@other.example', targets=['x@example.net'])])
    assert result['counts']['created'] == 2
    assert [call[0] for call in calls(http_server)] == ['getforwardmail', 'getlistmail']
    warned = [text for text in result['recorded_warnings'] if 'cannot confirm' in text]
    assert len(warned) == 1 and 'other.example' in warned[0]


def test_bad_options_fail_before_any_request(http_server, capsys):
    no_targets = run(http_server, capsys, fails=True, forwards=[dict(source='a@shop.example')])
    assert 'forwards: the forward for a@shop.example needs targets' in no_targets['msg']
    # The same with state given (a value the module reads from its arguments, not the default of its spec).
    no_targets = run(http_server, capsys, fails=True, forwards=[dict(source='a@shop.example', targets=[], state='present')])
    assert 'forwards: the forward for a@shop.example needs targets' in no_targets['msg']
    twice = run(http_server, capsys, fails=True, forwards=[dict(source='a@shop.example', state='absent'),
                                                           dict(source='A@shop.example', state='absent')])
    assert 'forwards: the forward for a@shop.example is listed twice' in twice['msg']
    two_users = run(http_server, capsys, fails=True, users=[
        dict(panel_user='a', forwards=[dict(source='x@a.example', state='absent')]),
        dict(panel_user='b', forwards=[dict(source='x@a.example', state='absent')])])
    assert 'the forward for x@a.example is listed under two hosting users' in two_users['msg']
    assert not http_server.requests


def test_absent_removes_a_listed_forward_and_leaves_a_missing_one(http_server, capsys):
    http_server.script = [forwards('a@shop.example -> x@example.net,y@example.net'), reply(0), forwards()]
    result = run(http_server, capsys, panel_user='shop', forwards=[
        dict(source='a@shop.example', state='absent'), dict(source='gone@shop.example', state='absent')])
    assert {entry['source']: (entry['action'], entry['changed_fields']) for entry in result['forwards']} == {
        'a@shop.example': ('removed', ['removed']), 'gone@shop.example': ('unchanged', [])}
    assert calls(http_server) == [('getforwardmail', 'shop', '', ''),
                                  ('delforward', 'shop', 'a@shop.example', 'x@example.net,y@example.net'),
                                  ('getforwardmail', 'shop', '', '')]


def test_each_user_counts_its_own_and_both_failures_are_told(http_server, capsys):
    http_server.script = [reply(1001), forwards('k@web.example -> x@example.net'), reply(3)]
    result = run(http_server, capsys, fails=True, users=[
        dict(panel_user='nobody', forwards=[dict(source='f@gone.example', targets=['x@example.net'])]),
        dict(panel_user='web', forwards=[dict(source='k@web.example', targets=['x@example.net']),
                                         dict(source='n@web.example', targets=['bad@example.net'])])])
    assert result['msg'].startswith('1 of 2 hosting users could not be listed')
    assert ' For the others, 1 of 1 forward changes failed: n@web.example: ' in result['msg']
    failed = next(entry for entry in result['forwards'] if entry['source'] == 'f@gone.example')
    assert failed['action'] == 'failed' and 'its forwards were not converged' in failed['error']
    assert [user['counts'] for user in result['users']] == [
        dict(created=0, updated=0, removed=0, unchanged=0, failed=1, not_done=0, unknown=0, not_attempted=0),
        dict(created=0, updated=0, removed=0, unchanged=1, failed=1, not_done=0, unknown=0, not_attempted=0)]


def test_options_are_named_in_messages_of_many_users(http_server, capsys):
    twice = run(http_server, capsys, fails=True, users=[dict(panel_user=''), dict(panel_user=' ')])
    assert 'the hosting user (the API account) is listed twice' in twice['msg']
    bad = run(http_server, capsys, fails=True, users=[dict(panel_user='a', forwards=[dict(source='not an address')])])
    assert 'users[].forwards[].source' in bad['msg']
    target = run(http_server, capsys, fails=True, users=[dict(panel_user='a', forwards=[
        dict(source='x@a.example', targets=['nope'])])])
    assert 'users[].forwards[].targets' in target['msg']
    assert not http_server.requests


def test_a_refused_removal_is_failed_and_changed_nothing(http_server, capsys):
    http_server.script = [forwards('a@shop.example -> x@example.net'), reply(3)]
    result = run(http_server, capsys, fails=True, panel_user='shop', forwards=[dict(source='a@shop.example', state='absent')])
    assert [(entry['action'], entry['changed_fields']) for entry in result['forwards']] == [('failed', [])]
    assert calls(http_server)[1][0] == 'delforward'


def test_a_listing_without_save_local_is_said_when_save_local_cannot_be_compared(http_server, capsys):
    http_server.script = [forwards('a@shop.example -> x@example.net')]
    result = run(http_server, capsys, panel_user='shop', forwards=[
        dict(source='a@shop.example', targets=['x@example.net'], save_local=True)])
    assert result['counts']['unchanged'] == 1 and calls(http_server) == [('getforwardmail', 'shop', '', '')]
    assert any('does not report save_local for a@shop.example' in text for text in result['recorded_warnings'])


def test_check_mode_asks_nothing_more_for_a_forward_that_stays_absent(http_server, capsys):
    http_server.script = [forwards('a@shop.example -> x@example.net')]
    result = run(http_server, capsys, check_mode=True, panel_user='shop', forwards=[
        dict(source='o@other.example', state='absent')])
    assert result['counts']['unchanged'] == 1 and calls(http_server) == [('getforwardmail', 'shop', '', '')]
    assert not any('cannot confirm' in text for text in result['recorded_warnings'])


def test_at_most_ten_hosting_users_that_could_not_be_listed_are_named(http_server, capsys):
    http_server.script = [reply(1001) for _user in range(11)]
    result = run(http_server, capsys, fails=True, users=[
        dict(panel_user='u%02d' % number, forwards=[dict(source='f@u%02d.example' % number, targets=['x@example.net'])])
        for number in range(11)])
    assert result['msg'].startswith('11 of 11 hosting users could not be listed, and were not converged: u00: ')
    assert 'u09: ' in result['msg'] and 'u10' not in result['msg']
    assert len(result['users']) == 11 and all('error' in user for user in result['users'])
