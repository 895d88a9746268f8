# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The per-account outcomes of the bulk modules, replayed against the scripted server.

What ``plesk_mail_accounts`` and ``brainy_mailboxes`` report for each account and in all (counts, changed, the
failure message, the diff) when the panel answers "already", loses an answer, fails a read back, or holds
something else than it confirmed; and the options they refuse before sending anything.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qsl

import pytest

from ansible_collections.hosting.mail.plugins.modules import brainy_mailboxes, plesk_mail_accounts
from ansible_collections.hosting.mail.tests.support.scripted_server import Respond
from ansible_collections.hosting.mail.tests.unit.plesk_packets import answer, canonical, error, mailname, ok, system_error
from ansible_collections.hosting.mail.tests.unit.utils import module_failure, module_success

SECRET = 'api&secret-1'
BOX = 'Pw-1&<x>'
LOOKUP = answer(('site', 'get', [error(1013, 'Site does not exist')]), ('webspace', 'get', [ok(('id', 7))]))
GET_ALL = ('<packet><mail><get_info><filter><site-id>7</site-id></filter><mailbox/><forwarding/><aliases/>'
           '<autoresponder/></get_info></mail></packet>')
LOST = Respond(500, b'Internal Server Error')  # a write's answer lost: the panel may have done it


def run(module, server, capsys, check_mode=False, diff=False, fails=False, **args):
    if module is plesk_mail_accounts:
        params = dict(plesk_url=server.url, plesk_username='admin', plesk_password=SECRET, domain='example.com')
    else:
        params = dict(brainycp_url=server.url, brainycp_username='admin', brainycp_password=SECRET, panel_user='shop')
    params.update(args, _ansible_check_mode=check_mode, _ansible_diff=diff)
    return (module_failure if fails else module_success)(module, params, capsys, secrets=(SECRET, BOX))


def outcomes(result, key='accounts'):
    return [(entry['address'], entry['action']) for entry in result[key]]


# --- brainy_mailboxes ----------------------------------------------------------------------------------------

def reply(code, **payload):
    return Respond(200, json.dumps(dict(code=code, message='m', **payload)).encode())


def listing(*addresses, quota=None):
    return reply(0, data=[{'email': address, 'quota': quota} for address in addresses])


def calls(server):
    found = []
    for request in server.requests:
        fields = dict(parse_qsl(request.body.decode('utf-8')))
        found.append((fields['subdo'],) + tuple(fields[name] for name in ('email', 'quota') if name in fields))
    return found


def test_brainy_a_quota_that_differs_is_a_warning_only_when_both_are_known(http_server, capsys):
    http_server.script = [reply(0, data=[{'email': 'a@shop.example', 'quota': 100}, {'email': 'b@shop.example', 'quota': 500},
                                         {'email': 'c@shop.example'}, {'email': 'e@shop.example', 'quota': 900}])]
    result = run(brainy_mailboxes, http_server, capsys, mailboxes=[
        dict(address='a@shop.example', quota='500'), dict(address='b@shop.example', quota='500'),
        dict(address='c@shop.example', quota='500'), dict(address='d@shop.example', state='absent'),
        dict(address='e@shop.example', quota='500')])
    assert result['changed'] is False and outcomes(result, 'mailboxes')[3] == ('d@shop.example', 'unchanged')
    # The same words as brainy_mailbox's: one planning for both.
    drift = [text.split('. ')[0] for text in result['recorded_warnings'] if 'cannot change the quota' in text]
    assert drift == ['a@shop.example has a quota of 100M on the panel, not 500M',
                     'e@shop.example has a quota of 900M on the panel, not 500M']
    http_server.requests.clear()
    http_server.script = [reply(0, data=[{'email': 'a@shop.example', 'quota': 100}])]
    result = run(brainy_mailboxes, http_server, capsys, mailboxes=[dict(address='a@shop.example')])
    assert not [text for text in result['recorded_warnings'] if 'quota' in text]


def test_brainy_a_new_mailbox_without_quota_is_created_with_quota_0_and_shown_in_the_diff(http_server, capsys):
    http_server.script = [listing('old@shop.example', quota=300), reply(0), reply(0), reply(0),
                          listing('new@shop.example', 'big@shop.example')]
    result = run(brainy_mailboxes, http_server, capsys, diff=True, prune=True, mailboxes=[
        dict(address='new@shop.example', password=BOX), dict(address='big@shop.example', password=BOX, quota='2G')])
    assert calls(http_server) == [('getlistmail',), ('addmail', 'new@shop.example', '0'), ('addmail', 'big@shop.example', '2048'),
                                  ('delmail', 'old@shop.example'), ('getlistmail',)]
    assert result['diff'] == {
        'before': {'old@shop.example': {'quota_mb': 300, 'quota_readable': '300M'}},
        'after': {'new@shop.example': {'quota_mb': 0, 'quota_readable': 'unlimited'},
                  'big@shop.example': {'quota_mb': 2048, 'quota_readable': '2G'}}}
    assert result['changed'] is True and result['counts']['created'] == 2 and result['counts']['removed'] == 1


def test_brainy_no_diff_unless_asked(http_server, capsys):
    http_server.script = [listing('old@shop.example')]
    result = run(brainy_mailboxes, http_server, capsys, check_mode=True, mailboxes=[dict(address='old@shop.example', state='absent')])
    assert 'diff' not in result and result['changed'] is True and result['counts']['removed'] == 1


@pytest.mark.parametrize('wanted, says', [
    ([dict(address='new@shop.example')], 'Creating the mailbox new@shop.example needs a password.'),
    ([dict(address='a@shop.example'), dict(address='A@Shop.example')], 'mailboxes: a@shop.example is listed twice.'),
], ids=['no-password', 'twice'])
def test_brainy_refusals_before_any_write(http_server, capsys, wanted, says):
    http_server.script = [listing('a@shop.example')] if 'password' in says else []
    result = run(brainy_mailboxes, http_server, capsys, fails=True, mailboxes=wanted)
    assert result['msg'] == says
    assert [call[0] for call in calls(http_server)] == (['getlistmail'] if 'password' in says else [])


def test_brainy_already_there_and_already_gone_are_no_change(http_server, capsys):
    # Between the listing and the writes another run created one mailbox and removed the other.
    http_server.script = [listing('gone@shop.example'), reply(1), reply(3), listing('new@shop.example')]
    result = run(brainy_mailboxes, http_server, capsys, mailboxes=[
        dict(address='new@shop.example', password=BOX), dict(address='gone@shop.example', state='absent')])
    assert outcomes(result, 'mailboxes') == [('new@shop.example', 'unchanged'), ('gone@shop.example', 'unchanged')]
    assert result['changed'] is False and result['counts']['unchanged'] == 2


def test_brainy_one_created_and_one_removed_is_a_change(http_server, capsys):
    http_server.script = [listing('old@shop.example'), reply(0), reply(0), listing('new@shop.example')]
    result = run(brainy_mailboxes, http_server, capsys, mailboxes=[
        dict(address='new@shop.example', password=BOX), dict(address='old@shop.example', state='absent')])
    assert result['changed'] is True and (result['counts']['created'], result['counts']['removed']) == (1, 1)


@pytest.mark.parametrize('after, outcome', [
    (['old@shop.example', 'new@shop.example'], [('new@shop.example', 'created'), ('old@shop.example', 'not_done')]),
    ([], [('new@shop.example', 'not_done'), ('old@shop.example', 'removed')]),
], ids=['create-done-removal-not', 'create-not-removal-done'])
def test_brainy_lost_answers_are_read_back(http_server, capsys, after, outcome):
    later = listing(*after)
    http_server.script = [listing('old@shop.example'), LOST, later, LOST, later, later]
    result = run(brainy_mailboxes, http_server, capsys, fails=True, mailboxes=[
        dict(address='new@shop.example', password=BOX), dict(address='old@shop.example', state='absent')])
    assert outcomes(result, 'mailboxes') == outcome
    failed = [address for address, action in outcome if action == 'not_done']
    assert result['msg'].startswith('1 of 2 mailbox changes failed: %s: the answer was lost (' % failed[0])
    assert result['msg'].endswith(') and reading back shows it was not done')
    assert [call[0] for call in calls(http_server)] == [
        'getlistmail', 'addmail', 'getlistmail', 'delmail', 'getlistmail', 'getlistmail']


def test_brainy_a_lost_answer_is_warned_about_by_its_mailbox(http_server, capsys):
    both = listing('old@shop.example', 'new@shop.example')
    http_server.script = [listing('old@shop.example'), LOST, both, both]
    result = run(brainy_mailboxes, http_server, capsys, mailboxes=[dict(address='new@shop.example', password=BOX)])
    assert outcomes(result, 'mailboxes') == [('new@shop.example', 'created')] and result['changed'] is True
    lost = [text for text in result['recorded_warnings'] if 'was lost' in text]
    assert len(lost) == 1 and lost[0].startswith('The answer to the change of new@shop.example was lost (')
    assert lost[0].endswith('; the panel was read back: 1 done, 0 not done (not resent).')


def test_brainy_a_change_the_listing_does_not_show_failed_and_changed_nothing(http_server, capsys):
    http_server.script = [listing('old@shop.example'), reply(0), listing('old@shop.example')]
    result = run(brainy_mailboxes, http_server, capsys, fails=True, mailboxes=[dict(address='new@shop.example', password=BOX)])
    assert outcomes(result, 'mailboxes') == [('new@shop.example', 'failed')]
    assert result['changed'] is False
    assert result['msg'] == ('1 of 1 mailbox changes failed: new@shop.example: the panel reported success, but its '
                             'listing disagrees')


def test_brainy_a_removal_alone_is_a_change(http_server, capsys):
    http_server.script = [listing('old@shop.example', 'keep@shop.example'), reply(0), listing('keep@shop.example')]
    result = run(brainy_mailboxes, http_server, capsys, mailboxes=[dict(address='old@shop.example', state='absent')])
    assert result['changed'] is True and (result['counts']['created'], result['counts']['removed']) == (0, 1)


def test_brainy_the_first_answer_lost_and_the_read_back_failed(http_server, capsys):
    http_server.script = [listing('old@shop.example'), LOST, Respond(500, b'down')]
    result = run(brainy_mailboxes, http_server, capsys, fails=True, mailboxes=[
        dict(address='a@shop.example', password=BOX), dict(address='b@shop.example', password=BOX)])
    assert outcomes(result, 'mailboxes') == [('a@shop.example', 'unknown'), ('b@shop.example', 'not_attempted')]
    assert result['changed'] is False


def test_brainy_a_lost_answer_and_a_failed_read_back(http_server, capsys):
    http_server.script = [listing('old@shop.example'), reply(0), LOST, Respond(500, b'down')]
    result = run(brainy_mailboxes, http_server, capsys, fails=True, mailboxes=[
        dict(address='a@shop.example', password=BOX), dict(address='b@shop.example', password=BOX),
        dict(address='c@shop.example', password=BOX), dict(address='old@shop.example', state='absent')])
    assert outcomes(result, 'mailboxes') == [('a@shop.example', 'created'), ('b@shop.example', 'unknown'),
                                             ('c@shop.example', 'not_attempted'), ('old@shop.example', 'not_attempted')]
    error_text = result['mailboxes'][1]['error']
    assert error_text.startswith('%s/api/api.php answered HTTP 500' % http_server.url) and '; reading back failed too: ' in error_text
    assert result['changed'] is True  # a was created before the run broke off


def test_brainy_a_panel_that_confirms_a_removal_but_still_lists_it(http_server, capsys):
    http_server.script = [listing('old@shop.example', 'keep@shop.example'), reply(0), listing('old@shop.example', 'keep@shop.example')]
    result = run(brainy_mailboxes, http_server, capsys, fails=True, mailboxes=[
        dict(address='old@shop.example', state='absent'), dict(address='keep@shop.example')])
    assert outcomes(result, 'mailboxes') == [('old@shop.example', 'failed'), ('keep@shop.example', 'unchanged')]
    assert result['msg'] == '1 of 1 mailbox changes failed: old@shop.example: the panel reported success, but its listing disagrees'


def test_brainy_the_failure_message_names_ten_mailboxes(http_server, capsys):
    addresses = ['m%02d@shop.example' % number for number in range(11)]
    http_server.script = [listing('x@shop.example')] + [reply(3)] * 11 + [listing('x@shop.example')]
    result = run(brainy_mailboxes, http_server, capsys, fails=True,
                 mailboxes=[dict(address=address, password=BOX) for address in addresses])
    assert result['msg'].startswith('11 of 11 mailbox changes failed: m00@shop.example: BrainyCP could not add the mailbox')
    assert 'm09@shop.example' in result['msg'] and 'm10@shop.example' not in result['msg']
    assert result['counts']['failed'] == 11 and result['changed'] is False


# --- plesk_mail_accounts -------------------------------------------------------------------------------------

def site(*accounts):
    """A get_info answer listing ``accounts``: names, or (name, kwargs of plesk_packets.mailname)."""
    results = []
    for number, entry in enumerate(accounts):
        name, kwargs = (entry, {}) if isinstance(entry, str) else entry
        results.append(ok(mailname(name, number + 1, **kwargs)))
    return Respond(200, answer(('mail', 'get_info', results)))


def sent(server):
    return [canonical(request.body) for request in server.requests]


def update(kind, name, children):
    return ('<mail><update><%s><filter><site-id>7</site-id><mailname><name>%s</name>%s</mailname></filter></%s></update>'
            '</mail>' % (kind, name, children, kind))


@pytest.mark.parametrize('name, says', [
    ('info@a.example', 'accounts: info@a.example is not in the domain example.com.'),
    ('info@z.example', 'accounts: info@z.example is not in the domain example.com.'),
    ('twice', 'accounts: twice@example.com is listed twice.'),
])
def test_plesk_refusals_before_any_request(http_server, capsys, name, says):
    accounts = [dict(name=name)] + ([dict(name='Twice@example.com')] if name == 'twice' else [])
    result = run(plesk_mail_accounts, http_server, capsys, fails=True, accounts=accounts)
    assert result['msg'] == says and http_server.requests == []


def test_plesk_an_address_in_the_domain_written_otherwise_is_in_the_domain(http_server, capsys):
    # Compared as the same domain, not as the same text: upper case, a trailing dot.
    http_server.script = [Respond(200, LOOKUP), site('info', 'sales')]
    result = run(plesk_mail_accounts, http_server, capsys, check_mode=True, accounts=[
        dict(name='info@EXAMPLE.Com', description='New'), dict(name='sales@example.com.', description='New')])
    assert outcomes(result) == [('info@example.com', 'updated'), ('sales@example.com', 'updated')]


def test_plesk_an_absent_account_does_not_stop_the_plan(http_server, capsys):
    http_server.script = [Respond(200, LOOKUP), site('gone', 'info')]
    result = run(plesk_mail_accounts, http_server, capsys, check_mode=True, accounts=[
        dict(name='never', state='absent'), dict(name='gone', state='absent'), dict(name='info', description='New')])
    assert outcomes(result) == [('never@example.com', 'unchanged'), ('gone@example.com', 'removed'),
                                ('info@example.com', 'updated')]
    assert [entry['changed_fields'] for entry in result['accounts']] == [[], ['removed'], ['description']]


def test_plesk_a_batch_size_of_0_sends_one_account_per_packet(http_server, capsys):
    created = [Respond(200, answer(('mail', 'create', [ok(('mailname', [('id', n), ('name', name)]))])))
               for n, name in ((1, 'a'), (2, 'b'))]
    http_server.script = [Respond(200, LOOKUP), site()] + created + [site('a', 'b')]
    result = run(plesk_mail_accounts, http_server, capsys, batch_size=0, accounts=[dict(name=n, password=BOX) for n in 'ab'])
    assert result['counts']['created'] == 2 and len(http_server.requests) == 5


def test_plesk_diff_of_a_create_an_update_and_a_removal(http_server, capsys):
    http_server.script = [Respond(200, LOOKUP), site('info', 'old')]
    result = run(plesk_mail_accounts, http_server, capsys, check_mode=True, diff=True, prune=True, accounts=[
        dict(name='new', password=BOX, quota='1G'), dict(name='info', description='Desk', password=BOX, update_password='always')])
    before, after = result['diff']['before'], result['diff']['after']
    assert sorted(before) == ['info@example.com', 'old@example.com'] and sorted(after) == ['info@example.com', 'new@example.com']
    assert before['info@example.com']['description'] == '' and after['info@example.com']['description'] == 'Desk'
    assert after['info@example.com']['password'] == '(password changed)' and after['new@example.com']['password'] == '(password changed)'
    assert after['new@example.com']['quota'] == 1073741824 and after['new@example.com']['quota_readable'] == '1G'
    assert 'password' not in before['info@example.com'] and 'id' not in before['old@example.com']
    http_server.requests.clear()
    http_server.script = [Respond(200, LOOKUP), site('info')]
    result = run(plesk_mail_accounts, http_server, capsys, check_mode=True, diff=True, accounts=[dict(name='info', description='Desk')])
    assert 'password' not in result['diff']['after']['info@example.com']
    http_server.requests.clear()
    http_server.script = [Respond(200, LOOKUP), site('info')]
    assert 'diff' not in run(plesk_mail_accounts, http_server, capsys, check_mode=True, accounts=[dict(name='info', description='D')])


def test_plesk_an_operation_answered_without_result(http_server, capsys):
    http_server.script = [Respond(200, LOOKUP), site(), Respond(200, answer(('mail', 'create', [])))]
    result = run(plesk_mail_accounts, http_server, capsys, fails=True, accounts=[dict(name='a', password=BOX)])
    assert result['accounts'][0] == {'address': 'a@example.com', 'action': 'failed', 'changed_fields': ['created'],
                                     'error': 'Plesk answered no result for mail/create.'}


def test_plesk_the_first_failed_operation_of_an_account_is_its_error(http_server, capsys):
    # An alias moved out and a forwarding address added: update/remove, then update/add; both refused.
    http_server.script = [Respond(200, LOOKUP), site(('info', dict(aliases=['old']))),
                          Respond(200, answer(('mail', 'update/remove', [error(1023, 'first refusal')]),
                                              ('mail', 'update/add', [error(1024, 'second refusal')])))]
    result = run(plesk_mail_accounts, http_server, capsys, fails=True, accounts=[
        dict(name='info', aliases=[], forwarding=dict(addresses=['x@example.net']))])
    assert 'first refusal' in result['accounts'][0]['error'] and 'second' not in result['accounts'][0]['error']
    assert result['msg'].startswith('1 of 1 account changes failed: info@example.com: ')


def test_plesk_the_failure_message_counts_the_planned_changes_and_names_ten(http_server, capsys):
    names = ['m%02d' % number for number in range(11)]
    http_server.script = [Respond(200, LOOKUP), site('same'),
                          Respond(200, answer(*[('mail', 'create', [error(1007, 'exists')])] * len(names)))]
    result = run(plesk_mail_accounts, http_server, capsys, fails=True,
                 accounts=[dict(name='same')] + [dict(name=name, password=BOX) for name in names])
    assert result['msg'].startswith('11 of 11 account changes failed: m00@example.com: ')
    assert 'm09@example.com' in result['msg'] and 'm10@example.com' not in result['msg']


def test_plesk_a_change_the_panel_does_not_take_fails_after_one_more_round(http_server, capsys):
    set_description = '<packet>%s</packet>' % update('set', 'info', '<description>Desk</description>')
    http_server.script = [Respond(200, LOOKUP), site('info', 'keep'), Respond(200, answer(('mail', 'update/set', [ok()]))),
                          site('info', 'keep'), Respond(200, answer(('mail', 'update/set', [ok()]))), site('info', 'keep')]
    result = run(plesk_mail_accounts, http_server, capsys, fails=True, accounts=[
        dict(name='keep'), dict(name='info', description='Desk')])
    assert sent(http_server)[2:] == [canonical(set_description), canonical(GET_ALL), canonical(set_description), canonical(GET_ALL)]
    assert outcomes(result) == [('keep@example.com', 'unchanged'), ('info@example.com', 'failed')]
    assert result['accounts'][1]['error'] == (
        'Plesk accepted the change of info@example.com but does not hold it as asked: description still differs after a '
        'second round of changes. The panel may handle these settings in its own way; check the account in the panel.')


def test_plesk_an_account_gone_after_the_second_round(http_server, capsys):
    http_server.script = [Respond(200, LOOKUP), site('info'), Respond(200, answer(('mail', 'update/set', [ok()]))),
                          site('info'), Respond(200, answer(('mail', 'update/set', [ok()]))), site()]
    result = run(plesk_mail_accounts, http_server, capsys, fails=True, accounts=[dict(name='info', description='Desk')])
    assert result['accounts'][0]['error'] == 'Plesk accepted the change of info@example.com but does not list the account afterwards.'


@pytest.mark.parametrize('after, address, error_text', [
    (('new', 'old'), 'old@example.com', 'Plesk confirmed the removal of old@example.com but still lists the account.'),
    ((), 'new@example.com', 'Plesk accepted the change of new@example.com but does not list the account afterwards.'),
], ids=['removal-still-listed', 'creation-not-listed'])
def test_plesk_a_read_back_that_contradicts_the_answer(http_server, capsys, after, address, error_text):
    http_server.script = [Respond(200, LOOKUP), site('old'),
                          Respond(200, answer(('mail', 'create', [ok(('mailname', [('id', 5), ('name', 'new')]))]),
                                              ('mail', 'remove', [ok()]))),
                          site(*after)]
    result = run(plesk_mail_accounts, http_server, capsys, fails=True, prune=True, accounts=[dict(name='new', password=BOX)])
    failed = [entry for entry in result['accounts'] if entry['action'] == 'failed']
    assert [(entry['address'], entry['error']) for entry in failed] == [(address, error_text)]
    assert result['msg'].startswith('1 of 2 account changes failed: ')


def test_plesk_a_lost_batch_is_settled_account_by_account(http_server, capsys):
    # The read back settles the batch; the done changes are then checked like any others (a second read).
    http_server.script = [Respond(200, LOOKUP), site('old', 'gone'), LOST, site('new', 'old'), site('new', 'old')]
    result = run(plesk_mail_accounts, http_server, capsys, fails=True, accounts=[
        dict(name='new', password=BOX), dict(name='old', state='absent'), dict(name='gone', state='absent')])
    assert outcomes(result) == [('new@example.com', 'created'), ('old@example.com', 'not_done'), ('gone@example.com', 'removed')]
    assert result['accounts'][1]['error'].startswith('the answer was lost (') and result['accounts'][1]['error'].endswith(
        ') and reading back shows it was not done')
    assert [text for text in result['recorded_warnings'] if 'was lost' in text][0].endswith(
        'the panel was read back: 2 done, 1 not done (not resent).')


def test_plesk_a_lost_batch_whose_read_back_fails(http_server, capsys):
    http_server.script = [Respond(200, LOOKUP), site(), LOST, Respond(500, b'down')]
    result = run(plesk_mail_accounts, http_server, capsys, fails=True, batch_size=2,
                 accounts=[dict(name=name, password=BOX) for name in 'abcde'])
    assert [action for address, action in outcomes(result)] == ['unknown', 'unknown', 'not_attempted', 'not_attempted',
                                                                'not_attempted']
    assert result['msg'].startswith('The answer to a batch of 2 account changes was lost (')
    assert result['msg'].endswith('and reading the panel back failed too (%s/enterprise/control/agent.php answered HTTP 500 '
                                  'Internal Server Error: down): the outcome is unknown; check the panel and run the task '
                                  'again.' % http_server.url)
    assert result['error']['type'] == 'WriteOutcomeError' and result['error']['write_outcome'] == 'unknown'
    assert '; reading back failed too: ' in result['accounts'][0]['error']


def responder_account(name, number):
    return ok(('mailname', [('id', number), ('name', name), ('mailbox', [('enabled', 'true')]),
                            ('forwarding', [('enabled', 'false')]), ('autoresponder', [('enabled', 'true'), ('subject', 'Away')])]))


def test_plesk_an_end_date_the_protocol_never_reports_is_no_change(http_server, capsys):
    # Protocol 1.6.7.0 takes an autoresponder end_date but never reports it back: compared, it would differ every run.
    http_server.script = [Respond(200, LOOKUP), Respond(200, answer(('mail', 'get_info', [responder_account('info', 1)])))]
    result = run(plesk_mail_accounts, http_server, capsys, plesk_api_version='1.6.7.0', accounts=[
        dict(name='info', autoresponder=dict(enabled=True, subject='Away', end_date='2030-01-31'))])
    assert result['changed'] is False and outcomes(result) == [('info@example.com', 'unchanged')]
    assert b'version="1.6.7.0"' in http_server.requests[1].body


def test_plesk_panel_access_is_written_to_an_existing_account_when_always(http_server, capsys):
    http_server.script = [Respond(200, LOOKUP), site('info'), Respond(200, answer(('mail', 'update/set', [ok()]))), site('info')]
    result = run(plesk_mail_accounts, http_server, capsys, accounts=[dict(name='info', cp_access=True, update_cp_access='always')])
    assert result['accounts'][0]['changed_fields'] == ['cp_access']
    assert sent(http_server)[2] == canonical('<packet>%s</packet>' % update('set', 'info', '<cp-access>true</cp-access>'))


def test_plesk_an_alias_moves_to_a_new_account_in_one_packet_freed_first(http_server, capsys):
    http_server.script = [Respond(200, LOOKUP), site(('info', dict(aliases=['desk'])), 'same'),
                          Respond(200, answer(('mail', 'update/remove', [ok()]),
                                              ('mail', 'create', [ok(('mailname', [('id', 3), ('name', 'new')]))]))),
                          site('info', 'same', ('new', dict(aliases=['desk'])))]
    result = run(plesk_mail_accounts, http_server, capsys, accounts=[
        dict(name='same'), dict(name='new', password=BOX, aliases=['desk']), dict(name='info', aliases=[])])
    assert outcomes(result) == [('same@example.com', 'unchanged'), ('new@example.com', 'created'), ('info@example.com', 'updated')]
    packet = sent(http_server)[2]
    assert packet.index('<update><remove>') < packet.index('<create>')  # the alias is freed before it is taken


@pytest.mark.parametrize('wanted, refused', [
    ([dict(name='new', password=BOX, aliases=['desk'])], 'new@example.com'),
    ([dict(name='keep'), dict(name='zz', password=BOX, aliases=['desk'])], 'zz@example.com'),
    ([dict(name='old', state='absent'), dict(name='new', password=BOX, aliases=['gone'])], None),
    ([dict(name='old', state='absent'), dict(name='new', password=BOX, aliases=['desk'])], 'new@example.com'),
], ids=['held-by-another', 'after-an-unchanged-entry', 'freed-by-a-removal', 'held-beside-a-removal'])
def test_plesk_names_another_account_keeps_are_refused_before_sending(http_server, capsys, wanted, refused):
    http_server.script = [Respond(200, LOOKUP), site(('old', dict(aliases=['gone'])), ('keep', dict(aliases=['desk'])))]
    result = run(plesk_mail_accounts, http_server, capsys, check_mode=True, fails=bool(refused), accounts=wanted)
    failed = [(entry['address'], entry['error']) for entry in result['accounts'] if entry['action'] == 'failed']
    if refused:
        assert failed == [(refused, 'desk@example.com is already the name or an alias of keep@example.com; Plesk would refuse it '
                                    '(error 1007). Free it first, in the same task or before.')]
    else:
        assert failed == [] and result['changed'] is True
    assert len(http_server.requests) == 2


def test_plesk_a_failed_removal_reports_no_changed_field(http_server, capsys):
    http_server.script = [Respond(200, LOOKUP), site('old'), Respond(200, answer(('mail', 'remove', [error(1023, 'refused')])))]
    result = run(plesk_mail_accounts, http_server, capsys, fails=True, accounts=[dict(name='old', state='absent')])
    assert result['accounts'][0]['action'] == 'failed' and result['accounts'][0]['changed_fields'] == []


def test_plesk_a_second_round_for_one_account_leaves_a_removal_alone(http_server, capsys):
    http_server.script = [Respond(200, LOOKUP), site('info', 'old'),
                          Respond(200, answer(('mail', 'update/set', [ok()]), ('mail', 'remove', [ok()]))), site('info'),
                          Respond(200, answer(('mail', 'update/set', [ok()]))), site(('info', dict(description='Desk')))]
    result = run(plesk_mail_accounts, http_server, capsys, prune=True, accounts=[dict(name='info', description='Desk')])
    assert outcomes(result) == [('info@example.com', 'updated'), ('old@example.com', 'removed')]


def test_plesk_the_failure_message_counts_updates_as_planned(http_server, capsys):
    http_server.script = [Respond(200, LOOKUP), site('info'),
                          Respond(200, answer(('mail', 'update/set', [ok()]), ('mail', 'create', [error(1023, 'refused')]))),
                          site(('info', dict(description='Desk')))]
    result = run(plesk_mail_accounts, http_server, capsys, fails=True, accounts=[
        dict(name='info', description='Desk'), dict(name='new', password=BOX)])
    assert result['msg'].startswith('1 of 2 account changes failed: new@example.com: ')


def test_plesk_a_lost_batch_of_every_kind_of_change(http_server, capsys):
    after = site('new1', 'new2', ('info', dict(description='Desk')), 'old')
    http_server.script = [Respond(200, LOOKUP), site('info', 'old', 'gone'), LOST, after, after]
    result = run(plesk_mail_accounts, http_server, capsys, fails=True, accounts=[
        dict(name='new1', password=BOX), dict(name='new2', password=BOX), dict(name='info', description='Desk'),
        dict(name='old', state='absent'), dict(name='gone', state='absent')])
    assert [action for address, action in outcomes(result)] == ['created', 'created', 'updated', 'not_done', 'removed']
    assert [text for text in result['recorded_warnings'] if 'was lost' in text][0].endswith(
        'the panel was read back: 4 done, 1 not done (not resent).')


def test_plesk_a_second_lost_batch_whose_read_back_fails(http_server, capsys):
    created = answer(*[('mail', 'create', [ok(('mailname', [('id', n), ('name', name)]))]) for n, name in ((1, 'a'), (2, 'b'))])
    http_server.script = [Respond(200, LOOKUP), site(), Respond(200, created), LOST, Respond(500, b'down')]
    result = run(plesk_mail_accounts, http_server, capsys, fails=True, batch_size=2,
                 accounts=[dict(name=name, password=BOX) for name in 'abcde'])
    assert [action for address, action in outcomes(result)] == ['created', 'created', 'unknown', 'unknown', 'not_attempted']


def test_plesk_a_lost_first_batch_of_three_whose_read_back_fails(http_server, capsys):
    http_server.script = [Respond(200, LOOKUP), site(), LOST, Respond(500, b'down')]
    result = run(plesk_mail_accounts, http_server, capsys, fails=True, batch_size=2,
                 accounts=[dict(name=name, password=BOX) for name in 'abc'])
    assert [action for address, action in outcomes(result)] == ['unknown', 'unknown', 'not_attempted']


def test_plesk_the_diff_lists_changes_after_an_unchanged_account(http_server, capsys):
    http_server.script = [Respond(200, LOOKUP), site('same')]
    result = run(plesk_mail_accounts, http_server, capsys, check_mode=True, diff=True, accounts=[
        dict(name='same'), dict(name='new', password=BOX)])
    assert sorted(result['diff']['after']) == ['new@example.com'] and result['diff']['before'] == {}


# --- freeing names first: the steps of a write -----------------------------------------------------------------

def removed_aliases(name, *aliases):
    return update('remove', name, ''.join('<alias>%s</alias>' % alias for alias in aliases))


def added(name, children):
    return update('add', name, children)


def test_plesk_a_batch_left_empty_by_an_earlier_failure_does_not_stop_the_next(http_server, capsys):
    # batch_size 1: a's alias removal is refused, so a's addition is not sent; b's still is.
    http_server.script = [Respond(200, LOOKUP), site(('a', dict(aliases=['old']))),
                          Respond(200, answer(('mail', 'update/remove', [error(1019, 'refused')]))),
                          Respond(200, answer(('mail', 'update/add', [ok()]))), site(('a', dict(aliases=['old'])), ('b', dict(aliases=['x'])))]
    result = run(plesk_mail_accounts, http_server, capsys, fails=True, batch_size=1, accounts=[
        dict(name='a', aliases=['new']), dict(name='b', aliases=['x'], password=BOX)])
    assert outcomes(result) == [('a@example.com', 'failed'), ('b@example.com', 'created')]
    assert sent(http_server)[2] == canonical('<packet>%s</packet>' % removed_aliases('a', 'old'))
    assert '<create>' in sent(http_server)[3] and len(http_server.requests) == 5


def test_plesk_an_account_whose_change_broke_off_part_way_is_not_claimed_done(http_server, capsys):
    # batch_size 1: a's and b's alias removals go first; b's is refused as a whole packet: a's addition is never sent.
    http_server.script = [Respond(200, LOOKUP), site(('a', dict(aliases=['old1'])), ('b', dict(aliases=['old2']))),
                          Respond(200, answer(('mail', 'update/remove', [ok()]))), Respond(200, system_error(1014, 'Parser error'))]
    result = run(plesk_mail_accounts, http_server, capsys, fails=True, batch_size=1, accounts=[
        dict(name='a', aliases=['new1']), dict(name='b', aliases=['new2'])])
    assert outcomes(result) == [('a@example.com', 'failed'), ('b@example.com', 'failed')]
    assert 'the run broke off before the rest of this change was sent' in result['accounts'][0]['error']
    assert result['changed'] is True  # a's alias removal was done


def test_plesk_a_failure_of_one_account_in_a_packet_does_not_hide_the_next_ones(http_server, capsys):
    http_server.script = [Respond(200, LOOKUP), site(('a', dict(aliases=['old'])), 'b'),
                          Respond(200, answer(('mail', 'update/remove', [error(1019, 'first')]),
                                              ('mail', 'update/add', [ok()]),
                                              ('mail', 'update/set', [error(1019, 'second')])))]
    result = run(plesk_mail_accounts, http_server, capsys, fails=True, accounts=[
        dict(name='a', aliases=['new']), dict(name='b', description='Desk')])
    assert outcomes(result) == [('a@example.com', 'failed'), ('b@example.com', 'failed')]
    assert 'first' in result['accounts'][0]['error'] and 'second' in result['accounts'][1]['error']


def test_plesk_the_first_refused_operation_of_a_step_is_its_error(http_server, capsys):
    # One step, two operations (update/add, then update/set), both refused: the first one says why.
    http_server.script = [Respond(200, LOOKUP), site('a'),
                          Respond(200, answer(('mail', 'update/add', [error(1007, 'first refusal')]),
                                              ('mail', 'update/set', [error(1019, 'second refusal')])))]
    result = run(plesk_mail_accounts, http_server, capsys, fails=True, accounts=[
        dict(name='a', aliases=['new'], description='Desk')])
    assert 'first refusal' in result['accounts'][0]['error'] and 'second' not in result['accounts'][0]['error']


@pytest.mark.parametrize('still_there, outcome', [(False, 'updated'), (True, 'not_done')])
def test_plesk_a_lost_alias_removal_is_settled_by_the_aliases_read_back(http_server, capsys, still_there, outcome):
    # a frees 'desk' (first packet, answer lost), then takes 'new' (second packet): the read back decides the first.
    before = site(('a', dict(aliases=['desk'])))
    after_release = site(('a', dict(aliases=['desk'] if still_there else [])))
    script = [Respond(200, LOOKUP), before, LOST, after_release]
    if not still_there:
        script += [Respond(200, answer(('mail', 'update/add', [ok()]))), site(('a', dict(aliases=['new'])))]
    http_server.script = script
    result = run(plesk_mail_accounts, http_server, capsys, fails=still_there, batch_size=1,
                 accounts=[dict(name='a', aliases=['new'])])
    assert outcomes(result) == [('a@example.com', outcome)]


def test_plesk_an_account_created_with_no_setting_at_all_is_created(http_server, capsys):
    http_server.script = [Respond(200, LOOKUP), site(), Respond(200, answer(('mail', 'create', [ok(('mailname', [('id', 1), ('name', 'bare')]))]))),
                          site('bare')]
    result = run(plesk_mail_accounts, http_server, capsys, accounts=[dict(name='bare')])
    assert outcomes(result) == [('bare@example.com', 'created')]
    assert '<create>' in sent(http_server)[2]


def test_plesk_a_lost_update_that_the_read_back_shows_undone_is_not_done(http_server, capsys):
    # One step (no alias to free): the read back must compare the settings, not the aliases.
    http_server.script = [Respond(200, LOOKUP), site(('a', dict(description='old'))), LOST, site(('a', dict(description='old')))]
    result = run(plesk_mail_accounts, http_server, capsys, fails=True, accounts=[dict(name='a', description='new')])
    assert outcomes(result) == [('a@example.com', 'not_done')]
    assert result['changed'] is False


def test_plesk_an_alias_freed_by_a_settled_step_is_a_change_when_the_next_step_fails(http_server, capsys):
    # The first packet (free 'desk') is lost and the read back shows it done; the second is refused: the panel changed.
    http_server.script = [Respond(200, LOOKUP), site(('a', dict(aliases=['desk']))), LOST, site(('a', dict(aliases=[]))),
                          Respond(200, answer(('mail', 'update/add', [error(1019, 'refused')])))]
    result = run(plesk_mail_accounts, http_server, capsys, fails=True, batch_size=1, accounts=[dict(name='a', aliases=['new'])])
    assert outcomes(result) == [('a@example.com', 'failed')]
    assert result['changed'] is True


def test_plesk_a_secret_a_panel_echoes_in_a_listed_name_is_masked_in_the_message(http_server, capsys):
    # The garbled-name message quotes the listed text as is; the module's no_log masking still hides every form of a
    # secret there (here the API password URL-encoded, as an echo of the request would carry it).
    http_server.script = [Respond(200, LOOKUP), site('x api%26secret-1')]
    result = run(plesk_mail_accounts, http_server, capsys, fails=True, accounts=[dict(name='a', password=BOX)])
    assert 'which no account can have' in result['msg']
    assert 'api%26secret-1' not in json.dumps(result) and '********' in result['msg']
