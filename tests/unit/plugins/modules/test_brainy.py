# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The BrainyCP modules replayed against exact request/response sequences over a real socket."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl

import pytest

from ansible_collections.hosting.mail.plugins.modules import brainy_dns_auth, brainy_forward, brainy_mailbox, brainy_mailbox_info
from ansible_collections.hosting.mail.tests.support.scripted_server import Respond
from ansible_collections.hosting.mail.tests.unit.utils import module_failure, module_success

API_PASSWORD = 'api&pass=wörd+1'
BOX_PASSWORD = 'box <p&ss> "x"'
AUTH = [('login', 'admin'), ('pass', API_PASSWORD), ('module', 'mailclient')]


def reply(code, message='', **payload):
    return Respond(200, json.dumps(dict(code=code, message=message, **payload)).encode())


def run(module, server, capsys, check_mode=False, diff=False, fails=False, **args):
    """Run a BrainyCP module; the test fails unless the module succeeds (or, with ``fails``, fails)."""
    params = dict(brainycp_url=server.url, brainycp_username='admin', brainycp_password=API_PASSWORD, panel_user='shop')
    params.update(args)
    params.update(_ansible_check_mode=check_mode, _ansible_diff=diff)
    runner = module_failure if fails else module_success
    return runner(module, params, capsys, secrets=(API_PASSWORD, BOX_PASSWORD))


def warnings(result):
    """The warning texts the module gave."""
    return ' | '.join(result['recorded_warnings'])


def calls(server):
    """Each request's operation and its own fields, after checking the fields every request carries."""
    found = []
    for request in server.requests:
        assert request.path == '/api/api.php'
        assert request.headers['Content-Type'].startswith('application/x-www-form-urlencoded')
        fields = parse_qsl(request.body.decode('utf-8'), keep_blank_values=True)
        assert fields[:3] == AUTH
        assert ('language', 'en') in fields and ('panel_user', 'shop') in fields
        operation = dict(fields)['subdo']
        found.append((operation, [(k, v) for k, v in fields[5:] if k != 'panel_user']))
    return found


LIST = reply(0, 'ok', data=[{'email': 'info@shop.example', 'quota': 100}])
LIST_WITH_NEW = reply(0, 'ok', data=[{'email': 'info@shop.example', 'quota': 100}, {'email': 'new@shop.example', 'quota': 2048}])
NEW = dict(address='New@Shop.example', password=BOX_PASSWORD, quota='2G')


def test_mailbox_create(http_server, capsys):
    http_server.script = [LIST, reply(0, 'Mailbox added successfully: new@shop.example'), LIST_WITH_NEW]
    result = run(brainy_mailbox, http_server, capsys, **NEW)
    assert result['changed'] is True
    assert result['mailbox'] == {'address': 'new@shop.example', 'quota_mb': 2048, 'quota_readable': '2G'}
    assert calls(http_server) == [
        ('getlistmail', []),
        ('addmail', [('email', 'new@shop.example'), ('password', BOX_PASSWORD), ('quota', '2048')]),
        ('getlistmail', [])]
    assert http_server.connections == 1


def test_mailbox_create_is_idempotent(http_server, capsys):
    http_server.script = [LIST_WITH_NEW]
    assert run(brainy_mailbox, http_server, capsys, **NEW)['changed'] is False
    assert [call[0] for call in calls(http_server)] == ['getlistmail']


def test_mailbox_create_in_check_mode(http_server, capsys):
    # No mailbox shows that shop.example is the user's, so the forwards are read too.
    http_server.script = [reply(1, 'Nothing was found for: shop'), FORWARDS]
    result = run(brainy_mailbox, http_server, capsys, check_mode=True, diff=True, **NEW)
    assert result['changed'] is True
    assert result['diff'] == {'before': {}, 'after': {'address': 'new@shop.example', 'quota_mb': 2048, 'quota_readable': '2G'}}
    assert [call[0] for call in calls(http_server)] == ['getlistmail', 'getforwardmail']


def test_mailbox_check_mode_idempotent(http_server, capsys):
    http_server.script = [LIST_WITH_NEW]
    assert run(brainy_mailbox, http_server, capsys, check_mode=True, **NEW)['changed'] is False


def test_quota_drift_is_a_warning_not_a_recreate(http_server, capsys):
    http_server.script = [LIST]
    result = run(brainy_mailbox, http_server, capsys, address='info@shop.example', quota='500')
    assert result['changed'] is False
    assert 'quota of 100M on the panel, not 500M' in warnings(result)
    assert [call[0] for call in calls(http_server)] == ['getlistmail']


def test_mailbox_absent(http_server, capsys):
    http_server.script = [LIST, reply(0, 'deleted')]
    result = run(brainy_mailbox, http_server, capsys, address='info@shop.example', state='absent')
    assert result['changed'] is True
    assert calls(http_server)[1] == ('delmail', [('email', 'info@shop.example')])


def test_mailbox_gone_meanwhile_is_not_a_change(http_server, capsys):
    http_server.script = [LIST, reply(3, 'Nothing to delete, no such mailbox found')]
    assert run(brainy_mailbox, http_server, capsys, address='info@shop.example', state='absent')['changed'] is False


@pytest.mark.parametrize('answer, words', [
    (Respond(200, b'{"code": 1, "message": "Not perm2"}'), 'refused the login or password'),
    (Respond(401, b'<html>401</html>'), 'brainycp_http_user and brainycp_http_password'),
    (Respond(403, b'<html>403</html>'), "IP address"),
    (Respond(200, b''), 'empty body'),
    (Respond(200, b'<html><form>Login</form></html>'), 'did not answer JSON'),
    (reply(1000, 'You do not have permission'), 'full API rights'),
    (reply(1001, 'There is no such user'), "BrainyCP has no hosting user 'shop', the one panel_user names; set panel_user"),
], ids=['login', '401', '403', 'empty', 'html', '1000', '1001'])
def test_errors_are_clear(http_server, capsys, answer, words):
    http_server.script = [answer]
    result = run(brainy_mailbox, http_server, capsys, fails=True, **NEW)
    assert result['failed'] is True
    assert words in result['msg']


NOT_OWNED = ("BrainyCP refuses a mailbox in a domain that is not the hosting user's (addmail error 4); shop has no "
             "mailbox or forward in other.example, so it cannot be confirmed before the change")


def test_check_mode_warns_about_a_domain_with_no_mail_of_the_user(http_server, capsys):
    # The API lists no domains: only the user's mailboxes and forwards show which domains are the user's.
    http_server.script = [LIST, reply(0, 'ok', data=[{'source': 'sales@shop.example', 'target': 'x@example.net'}])]
    result = run(brainy_mailbox, http_server, capsys, check_mode=True, address='new@other.example', password=BOX_PASSWORD)
    assert result['changed'] is True
    assert NOT_OWNED in warnings(result)
    assert [call[0] for call in calls(http_server)] == ['getlistmail', 'getforwardmail']


def test_the_real_run_warns_too_before_the_panel_refuses(http_server, capsys):
    http_server.script = [LIST, reply(1, 'No mailbox forwards found for: shop'),
                          reply(4, 'The domain of the mailbox was not found in the system: new@other.example')]
    result = run(brainy_mailbox, http_server, capsys, fails=True, address='new@other.example', password=BOX_PASSWORD)
    assert NOT_OWNED in warnings(result)
    assert 'addmail error 4' in result['msg']


def test_a_forward_of_the_user_confirms_the_domain(http_server, capsys):
    http_server.script = [reply(1, 'Nothing was found for: shop'),
                          reply(0, 'ok', data=['sales@Shop.example => x@example.net'])]
    result = run(brainy_mailbox, http_server, capsys, check_mode=True, **NEW)
    assert result['changed'] is True
    assert 'cannot be confirmed' not in warnings(result)


@pytest.mark.parametrize('args', [dict(NEW), dict(address='info@shop.example', state='absent'), dict(address='info@shop.example')],
                         ids=['new-in-a-known-domain', 'absent', 'present'])
def test_no_forward_listing_when_the_mailboxes_tell(http_server, capsys, args):
    http_server.script = [LIST]
    result = run(brainy_mailbox, http_server, capsys, check_mode=True, **args)
    assert 'cannot be confirmed' not in warnings(result)
    assert [call[0] for call in calls(http_server)] == ['getlistmail']


def test_info_warns_when_a_domain_has_nothing_of_the_user(http_server, capsys):
    http_server.script = [LIST, FORWARDS]
    result = run(brainy_mailbox_info, http_server, capsys, domain='Other.example')
    assert result['mailboxes'] == [] and result['forwards'] == []
    assert ('shop has no mailbox or forward in other.example: the hosting user may not own the domain (the BrainyCP API '
            'lists no domains), or has no mail there yet. panel_user names the hosting user whose mail is read.') in warnings(result)


@pytest.mark.parametrize('domain', [None, 'shop.example', 'SHOP.example.'])
def test_info_does_not_warn_when_something_is_found(http_server, capsys, domain):
    http_server.script = [LIST, FORWARDS]
    result = run(brainy_mailbox_info, http_server, capsys, domain=domain)
    assert [box['address'] for box in result['mailboxes']] == ['info@shop.example']
    assert 'may not own' not in warnings(result)


def test_a_short_secret_does_not_hide_a_refused_login(http_server, capsys):
    # Masked first, "Not perm2" read "Not ********erm2" with the mailbox password "p": the refusal went unseen.
    http_server.script = [Respond(200, b'{"code":1,"message":"Not perm2"}')]
    result = run(brainy_mailbox, http_server, capsys, fails=True, address='new@shop.example', password='p')
    # Ansible masks the no_log value "p" in every text it prints, so the message reads "login or ********assword".
    assert result['error']['type'] == 'AuthenticationError' and result['error']['code'] == 1
    assert 'refused the login or' in result['msg']
    assert [call[0] for call in calls(http_server)] == ['getlistmail']


def test_a_panel_text_is_masked_where_it_is_shown(http_server, capsys):
    http_server.script = [LIST, reply(3, 'could not add %s with password %s' % ('new@shop.example', BOX_PASSWORD))]
    result = run(brainy_mailbox, http_server, capsys, fails=True, **NEW)
    assert result['error']['code'] == 3 and 'with password ********' in result['error']['text']
    assert BOX_PASSWORD not in result['msg']


def test_a_domain_of_someone_else(http_server, capsys):
    http_server.script = [LIST, reply(4, 'Domain not found')]
    result = run(brainy_mailbox, http_server, capsys, fails=True, **NEW)
    assert 'does not belong to this hosting user: new@shop.example (addmail error 4' in result['msg']
    assert result['changed'] is False  # the panel refused the only write: nothing changed


@pytest.mark.parametrize('payload', [
    {'error': 0, 'mess': 'ok', 'detail': ['info@shop.example', 'new@shop.example']},
    {'code': 0, 'message': 'ok', 'array': [{'email': 'new@shop.example'}]},
], ids=['error-mess-detail-strings', 'array-objects'])
def test_other_answer_shapes_are_read(http_server, capsys, payload):
    http_server.script = [Respond(200, json.dumps(payload).encode())]
    assert run(brainy_mailbox, http_server, capsys, **NEW)['changed'] is False


FORWARDS = reply(0, 'ok', data=[{'source': 'sales@shop.example', 'target': 'a@shop.example,b@example.net', 'save_local': 0}])


def forward(targets, save_local=0):
    return reply(0, 'ok', data=[{'source': 'sales@shop.example', 'target': targets, 'save_local': save_local}])


def test_forward_targets_change_in_four_requests(http_server, capsys):
    # Delete the surplus, then add the whole list: right whether addforward appends or replaces, and whether
    # delforward takes the targets named or the whole forward; one listing before, one after.
    http_server.script = [FORWARDS, reply(0, 'deleted'), reply(0, 'added'), forward('a@shop.example,c@example.org')]
    result = run(brainy_forward, http_server, capsys, diff=True, source='sales@shop.example',
                 targets=['a@shop.example', 'C@example.org'])
    assert result['changed'] is True
    assert result['forward'] == {'source': 'sales@shop.example', 'targets': ['a@shop.example', 'c@example.org'],
                                 'save_local': False}
    assert result['diff']['before']['targets'] == ['a@shop.example', 'b@example.net']
    assert calls(http_server) == [
        ('getforwardmail', []),
        ('delforward', [('source', 'sales@shop.example'), ('target', 'b@example.net')]),
        ('addforward', [('source', 'sales@shop.example'), ('target', 'a@shop.example,c@example.org'), ('save_local', '0')]),
        ('getforwardmail', [])]


def test_forward_targets_added_in_three_requests(http_server, capsys):
    # The whole list goes: an appending panel takes the new target, a replacing one the list.
    http_server.script = [FORWARDS, reply(0, 'added'), forward('a@shop.example,b@example.net,c@example.org')]
    result = run(brainy_forward, http_server, capsys, source='sales@shop.example',
                 targets=['a@shop.example', 'b@example.net', 'c@example.org'])
    assert result['changed'] is True and result['changed_fields'] == ['targets']
    assert calls(http_server) == [
        ('getforwardmail', []),
        ('addforward', [('source', 'sales@shop.example'), ('target', 'a@shop.example,b@example.net,c@example.org'),
                        ('save_local', '0')]),
        ('getforwardmail', [])]


def test_forward_target_removed_in_three_requests(http_server, capsys):
    http_server.script = [FORWARDS, reply(0, 'deleted'), forward('a@shop.example')]
    result = run(brainy_forward, http_server, capsys, source='sales@shop.example', targets=['a@shop.example'])
    assert result['changed'] is True and result['forward']['targets'] == ['a@shop.example']
    assert calls(http_server) == [
        ('getforwardmail', []),
        ('delforward', [('source', 'sales@shop.example'), ('target', 'b@example.net')]),
        ('getforwardmail', [])]


def test_forward_target_removed_on_a_panel_whose_delete_drops_the_whole_forward(http_server, capsys):
    http_server.script = [FORWARDS, reply(0, 'deleted'), reply(1, 'No mailbox forwards found'), reply(0, 'added'),
                          forward('a@shop.example')]
    result = run(brainy_forward, http_server, capsys, source='sales@shop.example', targets=['a@shop.example'])
    assert result['changed'] is True and result['forward']['targets'] == ['a@shop.example']
    assert calls(http_server)[2:] == [
        ('getforwardmail', []),
        ('addforward', [('source', 'sales@shop.example'), ('target', 'a@shop.example'), ('save_local', '0')]),
        ('getforwardmail', [])]


def test_every_target_changed_on_a_replacing_panel_in_three_requests(http_server, capsys):
    # Add first, so the forward never goes without targets; the listing after shows nothing left to delete.
    http_server.script = [FORWARDS, reply(0, 'added'), forward('new@example.org')]
    result = run(brainy_forward, http_server, capsys, source='sales@shop.example', targets=['new@example.org'])
    assert result['changed'] is True and result['forward']['targets'] == ['new@example.org']
    assert calls(http_server) == [
        ('getforwardmail', []),
        ('addforward', [('source', 'sales@shop.example'), ('target', 'new@example.org'), ('save_local', '0')]),
        ('getforwardmail', [])]


def test_every_target_changed_on_an_appending_panel_in_five_requests(http_server, capsys):
    http_server.script = [FORWARDS, reply(0, 'added'), forward('a@shop.example,b@example.net,new@example.org'),
                          reply(0, 'deleted'), forward('new@example.org')]
    result = run(brainy_forward, http_server, capsys, source='sales@shop.example', targets=['new@example.org'])
    assert result['changed'] is True and result['forward']['targets'] == ['new@example.org']
    assert calls(http_server)[3:] == [
        ('delforward', [('source', 'sales@shop.example'), ('target', 'a@shop.example,b@example.net')]),
        ('getforwardmail', [])]


def test_every_target_changed_keeps_the_forward_if_the_delete_fails(http_server, capsys):
    http_server.script = [FORWARDS, reply(0, 'added'), forward('a@shop.example,b@example.net,new@example.org'),
                          reply(1, 'delete failed')]
    result = run(brainy_forward, http_server, capsys, fails=True, source='sales@shop.example', targets=['new@example.org'])
    assert result['changed'] is True  # the add was done
    assert [call[0] for call in calls(http_server)] == ['getforwardmail', 'addforward', 'getforwardmail', 'delforward']


def test_a_refused_add_after_the_delete_says_what_the_forward_lacks(http_server, capsys):
    http_server.script = [FORWARDS, reply(0, 'deleted'), reply(1, 'add failed')]
    result = run(brainy_forward, http_server, capsys, fails=True, source='sales@shop.example',
                 targets=['a@shop.example', 'new@example.org'])
    assert result['changed'] is True  # the delete was done
    assert [call[0] for call in calls(http_server)] == ['getforwardmail', 'delforward', 'addforward']
    assert result['msg'].endswith('The targets b@example.net had been deleted first, so the forward for '
                                  'sales@shop.example may now lack some of the targets asked for; run the task again '
                                  'once the cause is fixed.')
    assert result['error']['type'] == 'ApiError' and result['error']['operation'] == 'addforward'


LOST = Respond(500, b'Internal Server Error')  # a write's answer lost: the panel may have done it


def test_a_lost_add_that_the_listing_shows_done_goes_on_with_a_warning(http_server, capsys):
    done = forward('a@shop.example,b@example.net,c@example.org')
    http_server.script = [FORWARDS, LOST, done, done]
    result = run(brainy_forward, http_server, capsys, source='sales@shop.example',
                 targets=['a@shop.example', 'b@example.net', 'c@example.org'])
    assert result['changed'] is True and result['forward']['targets'] == ['a@shop.example', 'b@example.net', 'c@example.org']
    assert [call[0] for call in calls(http_server)] == ['getforwardmail', 'addforward', 'getforwardmail', 'getforwardmail']
    assert 'The answer to the change of the forward for sales@shop.example was lost (' in warnings(result)
    assert 'but reading the panel back shows it was done' in warnings(result)


def test_a_lost_delete_that_the_listing_shows_not_done_fails_and_is_not_resent(http_server, capsys):
    http_server.script = [FORWARDS, LOST, FORWARDS]
    result = run(brainy_forward, http_server, capsys, fails=True, source='sales@shop.example', targets=['a@shop.example'])
    assert result['error']['type'] == 'WriteOutcomeError' and result['error']['write_outcome'] == 'not_done'
    assert result['changed'] is False
    assert [call[0] for call in calls(http_server)] == ['getforwardmail', 'delforward', 'getforwardmail']


@pytest.mark.parametrize('listed', [forward('a@shop.example,b@example.net'),
                                    forward('a@shop.example,b@example.net,c@example.org', save_local=1)],
                         ids=['a-target-missing', 'another-save_local'])
def test_a_forward_the_panel_does_not_hold_as_confirmed_fails(http_server, capsys, listed):
    http_server.script = [FORWARDS, reply(0, 'added'), listed]
    result = run(brainy_forward, http_server, capsys, fails=True, source='sales@shop.example',
                 targets=['a@shop.example', 'b@example.net', 'c@example.org'])
    assert 'BrainyCP accepted the change of the forward for sales@shop.example but now lists' in result['msg']


def test_a_dropped_forward_goes_back_saying_its_save_local_could_not_be_kept(http_server, capsys):
    strings = reply(0, 'ok', data=['sales@shop.example -> a@shop.example,b@example.net'])
    http_server.script = [strings, reply(0, 'deleted'), reply(1, 'No mailbox forwards found'), reply(0, 'added'),
                          reply(0, 'ok', data=['sales@shop.example -> a@shop.example'])]
    result = run(brainy_forward, http_server, capsys, source='sales@shop.example', targets=['a@shop.example'])
    assert result['forward'] == {'source': 'sales@shop.example', 'targets': ['a@shop.example'], 'save_local': False}
    assert ('The panel dropped the whole forward for sales@shop.example to delete b@example.net, and does not report '
            'save_local, so its setting could not be kept: the targets go back with save_local false.') in warnings(result)
    assert calls(http_server)[3] == ('addforward', [('source', 'sales@shop.example'), ('target', 'a@shop.example'),
                                                    ('save_local', '0')])


def test_forward_idempotent_and_check_mode(http_server, capsys):
    http_server.script = [FORWARDS, FORWARDS]
    wanted = dict(source='sales@shop.example', targets=['b@example.net', 'a@shop.example'])
    assert run(brainy_forward, http_server, capsys, **wanted)['changed'] is False
    http_server.requests.clear()
    result = run(brainy_forward, http_server, capsys, check_mode=True, source='sales@shop.example', targets=['z@x.org'])
    assert result['changed'] is True
    assert [call[0] for call in calls(http_server)] == ['getforwardmail']


FORWARD_NOT_OWNED = ("BrainyCP refuses a forward from a domain that is not the hosting user's (addforward error 3); shop "
                     "has no mailbox or forward in other.example, so check mode cannot confirm")


def test_forward_check_mode_warns_about_a_domain_with_no_mail_of_the_user(http_server, capsys):
    # Check mode does not send addforward, the only request that would tell (error 3): the listings must.
    http_server.script = [FORWARDS, LIST]
    result = run(brainy_forward, http_server, capsys, check_mode=True, source='new@other.example', targets=['z@x.org'])
    assert result['changed'] is True
    assert FORWARD_NOT_OWNED in warnings(result)
    assert [call[0] for call in calls(http_server)] == ['getforwardmail', 'getlistmail']


@pytest.mark.parametrize('source, script, operations', [
    ('new@shop.example', [FORWARDS], ['getforwardmail']),  # a forward of the domain shows it
    ('new@shop.example', [reply(0, 'ok', data=[]), LIST], ['getforwardmail', 'getlistmail']),  # a mailbox does
])
def test_forward_check_mode_is_quiet_where_the_listings_show_the_domain(http_server, capsys, source, script, operations):
    http_server.script = script
    result = run(brainy_forward, http_server, capsys, check_mode=True, source=source, targets=['z@x.org'])
    assert result['changed'] is True
    assert 'addforward error 3' not in warnings(result)
    assert [call[0] for call in calls(http_server)] == operations


def test_forward_save_local_change_resends_every_target(http_server, capsys):
    kept = reply(0, 'ok', data=[{'source': 'sales@shop.example', 'target': 'a@shop.example,b@example.net', 'save_local': 1}])
    http_server.script = [FORWARDS, reply(0, 'added'), kept]
    result = run(brainy_forward, http_server, capsys, source='sales@shop.example',
                 targets=['a@shop.example', 'b@example.net'], save_local=True)
    assert result['changed'] is True and result['changed_fields'] == ['save_local']
    assert calls(http_server) == [('getforwardmail', []), ('addforward', [
        ('source', 'sales@shop.example'), ('target', 'a@shop.example,b@example.net'), ('save_local', '1')]),
        ('getforwardmail', [])]


def test_forward_absent_and_a_lying_panel(http_server, capsys):
    http_server.script = [FORWARDS, reply(0, 'deleted'), FORWARDS]
    result = run(brainy_forward, http_server, capsys, fails=True, source='sales@shop.example', state='absent')
    assert result['failed'] is True and result['changed'] is True
    assert 'accepted the change of the forward for sales@shop.example but now lists' in result['msg']


@pytest.mark.parametrize('item', [
    'sales@shop.example -> a@shop.example, b@example.net',
    'sales@shop.example->a@shop.example,b@example.net',
    'sales@shop.example => a@shop.example,b@example.net',
    'sales@shop.example=>a@shop.example, b@example.net',
    ' Sales@Shop.example  =>  B@example.net , a@shop.example ',
], ids=['arrow-spaces', 'arrow-bare', 'fat-arrow-spaces', 'fat-arrow-bare', 'fat-arrow-padded-mixed-case'])
def test_forward_strings(http_server, capsys, item):
    http_server.script = [Respond(200, json.dumps({'error': 0, 'mess': 'ok', 'detail': [item]}).encode())]
    result = run(brainy_forward, http_server, capsys, source='sales@shop.example',
                 targets=['a@shop.example', 'b@example.net'])
    assert result['changed'] is False
    assert result['forward']['targets'] == ['a@shop.example', 'b@example.net']
    assert [call[0] for call in calls(http_server)] == ['getforwardmail']


@pytest.mark.parametrize('item, why', [
    ('sales@shop.example a@shop.example', 'not exactly one -> or => between source and targets'),
    ('sales@shop.example -> a@shop.example -> b@example.net', 'not exactly one -> or => between source and targets'),
    (' -> a@shop.example', 'no source'),
    ('sales@shop.example => ', 'no targets'),
    ('sales@shop.example -> , ,', 'no targets'),
    ({'target': 'a@shop.example'}, 'no source'),
    ({'source': 'sales@shop.example'}, 'no targets'),
    ({'source': 'sales@shop.example', 'target': ''}, 'no targets'),
    ({'source': ['sales@shop.example'], 'target': 'a@shop.example'}, 'the source is not a string'),
    ({'source': 'sales@shop.example', 'target': 7}, 'the targets are not a string or a list of strings'),
    ({'source': 'sales@shop.example', 'targets': ['a@shop.example', None]}, 'a target is not a string'),
    (42, 'neither a string nor an object'),
    (None, 'neither a string nor an object'),
], ids=['no-arrow', 'two-arrows', 'no-source', 'no-target', 'only-commas', 'object-no-source', 'object-no-target', 'object-empty-target',
        'object-source-list', 'object-target-number', 'object-target-none', 'number', 'null'])
def test_an_unreadable_forward_item_fails_as_garbled(http_server, capsys, item, why):
    http_server.script = [LIST, reply(0, 'ok', data=[{'source': 'info@shop.example', 'target': 'x@example.net'}, item])]
    result = run(brainy_mailbox_info, http_server, capsys, fails=True)
    assert result['error']['type'] == 'GarbledAnswerError'
    assert 'getforwardmail' in result['msg'] and why in result['msg']
    shown = item if isinstance(item, str) else json.dumps(item, sort_keys=True)
    assert ' '.join(shown.split()) in result['msg']  # the item, as it was listed


def test_an_unreadable_forward_item_is_masked(http_server, capsys):
    http_server.script = [reply(0, 'ok', data=['sales@shop.example %s' % API_PASSWORD])]
    result = run(brainy_forward, http_server, capsys, fails=True, source='sales@shop.example', targets=['a@shop.example'])
    assert result['error']['type'] == 'GarbledAnswerError' and '********' in result['msg']
    assert [call[0] for call in calls(http_server)] == ['getforwardmail']


def test_dns_auth_uses_the_already_codes(http_server, capsys):
    http_server.script = [reply(3, 'SPF already enabled'), reply(0, 'OpenDkim successfully activated')]
    result = run(brainy_dns_auth, http_server, capsys, domain='Shop.example', spf='enabled', dkim='enabled')
    assert result['changed'] is True
    assert result['spf'] == {'state': 'enabled', 'changed': False, 'known': True}
    assert result['dkim'] == {'state': 'enabled', 'changed': True, 'known': True}
    assert calls(http_server) == [('onspf', [('domain', 'shop.example')]), ('ondkim', [('domain', 'shop.example')])]


def test_dns_auth_offdkim_cannot_know(http_server, capsys):
    http_server.script = [reply(0, 'OpenDkim successfully disabled')]
    result = run(brainy_dns_auth, http_server, capsys, domain='shop.example', dkim='disabled')
    assert result['changed'] is True
    assert result['dkim']['known'] is False
    assert 'does not say whether DKIM was already off' in warnings(result)


def test_dns_auth_check_mode_sends_nothing_and_says_so(http_server, capsys):
    result = run(brainy_dns_auth, http_server, capsys, check_mode=True, domain='shop.example', spf='disabled')
    assert result['changed'] is False
    assert result['spf'] == {'state': 'disabled', 'changed': None, 'known': False}
    assert 'cannot report the SPF state' in warnings(result)
    assert http_server.requests == []


def test_dns_auth_domain_not_owned(http_server, capsys):
    http_server.script = [reply(1, 'this domain not found for the user')]
    result = run(brainy_dns_auth, http_server, capsys, fails=True, domain='other.example', spf='enabled')
    assert 'the domain does not belong to this hosting user: other.example (onspf error 1' in result['msg']


@pytest.mark.parametrize('listing, outcome', [(LIST_WITH_NEW, 'done'), (LIST, 'not_done')])
def test_a_garbled_answer_to_addmail_is_read_back(http_server, capsys, listing, outcome):
    # Done: the read back, then the listing of the result; not done: the read back only (the task fails).
    http_server.script = [LIST, Respond(200, b''), listing] + [listing] * (outcome == 'done')
    result = run(brainy_mailbox, http_server, capsys, fails=outcome == 'not_done', **NEW)
    assert result.get('write_outcome', result.get('error', {}).get('write_outcome')) == outcome
    assert [call[0] for call in calls(http_server)].count('addmail') == 1
    if outcome == 'done':
        assert result['changed'] is True and 'shows it was done' in warnings(result)
    else:
        assert result['failed'] is True and 'NOT done' in result['msg']


def test_dns_auth_with_a_lost_answer_says_it_cannot_know(http_server, capsys):
    http_server.script = [Respond(200, b'')]
    result = run(brainy_dns_auth, http_server, capsys, fails=True, domain='shop.example', spf='enabled')
    assert result['failed'] is True and result['error']['write_outcome'] == 'unknown'
    assert 'BrainyCP cannot report SPF or DKIM state' in result['msg']


@pytest.mark.parametrize('url, says', [
    ('https://panel.example.com:80x0', "brainycp_url 'https://panel.example.com:80x0' has a port that is not a number"),
    ('ftp://panel.example.com', "brainycp_url 'ftp://panel.example.com' must look like https://panel.example.com:8000"),
])
def test_a_malformed_url_fails_naming_the_option(http_server, capsys, url, says):
    result = run(brainy_mailbox, http_server, capsys, fails=True, brainycp_url=url, **NEW)
    assert result['failed'] is True
    assert says in result['msg']
    assert http_server.requests == []


@pytest.mark.parametrize('listed', [{'source': 'sales@shop.example', 'target': ''}, 'sales@shop.example -> ',
                                    {'source': 'sales@shop.example', 'targets': []}], ids=['empty', 'string', 'list'])
def test_a_forward_listed_without_targets_is_never_deleted_with_an_empty_target(http_server, capsys, listed):
    http_server.script = [reply(0, 'ok', data=[listed])]
    result = run(brainy_forward, http_server, capsys, fails=True, source='sales@shop.example', state='absent')
    assert 'a forward that cannot be read (no targets)' in result['msg']
    assert [call[0] for call in calls(http_server)] == ['getforwardmail']  # no delforward, let alone one with target=''
