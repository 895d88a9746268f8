# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""plesk_mail replayed against exact request/response sequences over a real socket.

Each test scripts the answers a Plesk server gives and asserts the exact packets the module sent,
in order: change, idempotent, check mode, check mode idempotent, diff, and the error paths.
"""

from __future__ import annotations

import pytest

from lxml import etree

from ansible_collections.hosting.mail.plugins.modules import plesk_mail
from ansible_collections.hosting.mail.tests.simulators.plesk.schema import open_schemas
from ansible_collections.hosting.mail.tests.support.scripted_server import Reset, Respond
from ansible_collections.hosting.mail.tests.unit.plesk_packets import answer, canonical, error, mailname, ok, system_error
from ansible_collections.hosting.mail.tests.unit.utils import module_failure, module_success

PASSWORD = 'Pa&ss <wörd> "x"'
ADMIN_PASSWORD = 'adm1n&secret'

SITE_LOOKUP = ('<packet><site><get><filter><name>example.com</name></filter><dataset><gen_info/></dataset></get></site>'
               '<webspace><get><filter><name>example.com</name></filter><dataset><gen_info/></dataset></get>'
               '</webspace></packet>')
GET_INFO = ('<packet><mail><get_info><filter><site-id>7</site-id><name>info</name></filter><mailbox/><forwarding/>'
            '<aliases/><autoresponder/></get_info></mail></packet>')

# With site_id the module checks, in the packet of its read, that the id is the site of the domain named.
CHECKED_GET_INFO = ('<packet><site><get><filter><id>7</id></filter><dataset><gen_info/></dataset></get></site>'
                    '<webspace><get><filter><id>7</id></filter><dataset><gen_info/></dataset></get></webspace>'
                    + GET_INFO[len('<packet>'):])
SITE_7 = [('site', 'get', [error(1013, 'Site does not exist')]),
          ('webspace', 'get', [ok(('filter-id', 7), ('id', 7), ('data', [('gen_info', [('name', 'example.com')])]))])]
# Before a change that gives the account a name, every name and alias of the site is read.
NAMES = ('<packet><mail><get_info><filter><site-id>7</site-id></filter><aliases/></get_info></mail></packet>')
NAMES_FREE = answer(('mail', 'get_info', [ok(('mailname', [('id', 3), ('name', 'sales')]))]))


def checked(*results):
    """The answer to CHECKED_GET_INFO: site 7 is example.com, then the get_info results."""
    return answer(*SITE_7, ('mail', 'get_info', list(results)))


WEBSPACE_FOUND = answer(('site', 'get', [error(1013, 'Site does not exist')]),
                        ('webspace', 'get', [ok(('filter-id', 'example.com'), ('id', 7))]))
ACCOUNT_MISSING = answer(('mail', 'get_info', [error(1013, 'Mail name does not exist')]))


def account(**kwargs):
    return answer(('mail', 'get_info', [ok(mailname('info', 12, **kwargs))]))


def run(server, capsys, check_mode=False, diff=False, fails=False, **args):
    """Run plesk_mail; the test fails unless the module succeeds (or, with ``fails``, fails)."""
    params = dict(plesk_url=server.url, plesk_username='admin', plesk_password=ADMIN_PASSWORD, name='info@example.com')
    params.update(args)
    params.update(_ansible_check_mode=check_mode, _ansible_diff=diff)
    runner = module_failure if fails else module_success
    return runner(plesk_mail, params, capsys, secrets=(PASSWORD, ADMIN_PASSWORD))


def sent(server):
    return [canonical(request.body) for request in server.requests]


SCHEMAS, SCHEMA_STATUS = open_schemas()


def expect(server, *packets):
    assert sent(server) == [canonical(packet) for packet in packets]
    # The expected packets are written by hand; the XSDs check that they are what Plesk accepts.
    if SCHEMAS is not None:
        for request in server.requests:
            assert SCHEMAS.validate_request(etree.fromstring(request.body), '1.6.9.1') == [], request.body


def test_packets_are_checked_against_the_plesk_xsds():
    if SCHEMAS is None:
        pytest.skip(SCHEMA_STATUS)
    broken = etree.fromstring(canonical(CREATE).replace('<alias>hello</alias>', '').replace(
        '<mailbox>', '<alias>hello</alias><mailbox>'))  # alias before mailbox: wrong order
    assert SCHEMAS.validate_request(broken, '1.6.9.1') != []


LOOKUP = (SITE_LOOKUP,)
LOOKUP_ANSWERS = [Respond(200, WEBSPACE_FOUND)]

CREATE = ('<packet><mail><create><filter><site-id>7</site-id><mailname><name>info</name>'
          '<mailbox><enabled>true</enabled><quota>2147483648</quota></mailbox><alias>hello</alias>'
          '<password><value>%s</value><type>plain</type></password></mailname></filter></create></mail></packet>'
          % PASSWORD.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;'))
CREATED = answer(('mail', 'create', [ok(('mailname', [('id', 12), ('name', 'info')]))]))
WANTED = dict(quota='2G', aliases=['hello@example.com'], password=PASSWORD)


def test_create(http_server, capsys):
    http_server.script = LOOKUP_ANSWERS + [Respond(200, ACCOUNT_MISSING), Respond(200, NAMES_FREE), Respond(200, CREATED),
                                           Respond(200, account(quota=2147483648, aliases=['hello']))]
    result = run(http_server, capsys, **WANTED)
    assert result['changed'] is True
    assert result['changed_fields'] == ['created']
    assert result['id'] == 12 and result['site_id'] == 7
    assert result['account']['aliases'] == ['hello@example.com']
    assert result['account']['quota'] == 2147483648
    expect(http_server, *LOOKUP, GET_INFO, NAMES, CREATE, GET_INFO)
    headers = http_server.requests[0].headers
    assert (headers['HTTP_AUTH_LOGIN'], headers['HTTP_AUTH_PASSWD']) == ('admin', ADMIN_PASSWORD)
    assert headers['Content-Type'].startswith('text/xml')
    assert http_server.connections == 1


def test_create_is_idempotent(http_server, capsys):
    http_server.script = LOOKUP_ANSWERS + [Respond(200, account(quota=2147483648, aliases=['hello']))]
    result = run(http_server, capsys, **WANTED)
    assert result['changed'] is False
    assert result['changed_fields'] == []
    expect(http_server, *LOOKUP, GET_INFO)


def test_create_in_check_mode_writes_nothing(http_server, capsys):
    http_server.script = LOOKUP_ANSWERS + [Respond(200, ACCOUNT_MISSING), Respond(200, NAMES_FREE)]
    result = run(http_server, capsys, check_mode=True, diff=True, **WANTED)
    assert result['changed'] is True
    assert result['diff']['before'] == {}
    assert result['diff']['after']['quota'] == 2147483648
    assert result['diff']['after']['password'] == '(password changed)'
    expect(http_server, *LOOKUP, GET_INFO, NAMES)


def test_check_mode_idempotent(http_server, capsys):
    http_server.script = LOOKUP_ANSWERS + [Respond(200, account(quota=2147483648, aliases=['hello']))]
    result = run(http_server, capsys, check_mode=True, **WANTED)
    assert result['changed'] is False
    expect(http_server, *LOOKUP, GET_INFO)


def test_update_sends_only_what_differs(http_server, capsys):
    http_server.script = [Respond(200, checked(ok(mailname('info', 12, quota=1048576, aliases=['old', 'keep'])))),
                          Respond(200, NAMES_FREE),
                          Respond(200, answer(('mail', 'update/remove', [ok(('mailname', [('name', 'info')]))]),
                                              ('mail', 'update/add', [ok(('mailname', [('name', 'info')]))]),
                                              ('mail', 'update/set', [ok(('mailname', [('name', 'info')]))]))),
                          Respond(200, account(quota=2147483648, aliases=['keep', 'new']))]
    result = run(http_server, capsys, diff=True, site_id=7, quota='2G', aliases=['keep', 'new@example.com'],
                 description=None)
    assert result['changed_fields'] == ['quota', 'aliases']
    assert result['diff']['before']['aliases'] == ['keep@example.com', 'old@example.com']
    assert result['diff']['after']['aliases'] == ['keep@example.com', 'new@example.com']
    update = ('<packet><mail>'
              '<update><remove><filter><site-id>7</site-id><mailname><name>info</name><alias>old</alias></mailname>'
              '</filter></remove></update>'
              '<update><add><filter><site-id>7</site-id><mailname><name>info</name><alias>new</alias></mailname>'
              '</filter></add></update>'
              '<update><set><filter><site-id>7</site-id><mailname><name>info</name><mailbox><enabled>true</enabled>'
              '<quota>2147483648</quota></mailbox></mailname></filter></set></update>'
              '</mail></packet>')
    expect(http_server, CHECKED_GET_INFO, NAMES, update, GET_INFO)


def test_remove(http_server, capsys):
    http_server.script = [Respond(200, checked(ok(mailname('info', 12)))), Respond(200, answer(('mail', 'remove', [ok()])))]
    result = run(http_server, capsys, site_id=7, state='absent')
    assert result['changed'] is True
    remove = ('<packet><mail><remove><filter><site-id>7</site-id><name>info</name></filter></remove></mail>'
              '</packet>')
    expect(http_server, CHECKED_GET_INFO, remove)


@pytest.mark.parametrize('missing', [[error(1013, 'Mail name does not exist')], []], ids=['1013', 'no-result'])
def test_remove_of_a_missing_account_changes_nothing(http_server, capsys, missing):
    http_server.script = [Respond(200, checked(*missing))]
    result = run(http_server, capsys, site_id=7, state='absent')
    assert result['changed'] is False
    expect(http_server, CHECKED_GET_INFO)


def test_wrong_password_is_a_clear_error_without_secrets(http_server, capsys):
    http_server.script = [Respond(200, system_error(1001, 'Authentication failed - wrong password.'))]
    result = run(http_server, capsys, fails=True, site_id=7, password=PASSWORD)
    assert result['failed'] is True
    assert 'login or password was refused' in result['msg']
    assert '1001' in result['msg']
    assert result['error']['type'] == 'AuthenticationError'


def test_a_missing_site_is_a_clear_error(http_server, capsys):
    http_server.script = [Respond(200, answer(('site', 'get', [error(1013, 'Site does not exist')]), ('webspace', 'get', [])))]
    result = run(http_server, capsys, fails=True)
    assert result['failed'] is True
    assert result['msg'].startswith('Plesk has no site or subscription named example.com')


def test_a_failed_write_reports_code_and_what_was_done(http_server, capsys):
    http_server.script = [Respond(200, checked(ok(mailname('info', 12, aliases=['old'])))), Respond(200, NAMES_FREE),
                          Respond(200, answer(('mail', 'update/remove', [ok()]),
                                              ('mail', 'update/add', [error(1007, 'Alias already exists')])))]
    result = run(http_server, capsys, fails=True, site_id=7, aliases=['taken'])
    assert result['failed'] is True and result['changed'] is True
    assert result['completed_operations'] == ['mail/update/remove']
    assert 'Plesk API error 1007 in mail/update/add' in result['msg']
    assert result['error']['code'] == 1007


def test_rename_then_nothing_more(http_server, capsys):
    get_both = CHECKED_GET_INFO.replace('<name>info</name>', '<name>info</name><name>sales</name>')
    old = checked(error(1013, 'not found'), ok(mailname('sales', 5)))
    http_server.script = [Respond(200, old), Respond(200, NAMES_FREE), Respond(200, answer(('mail', 'rename', [ok()]))),
                          Respond(200, account())]
    result = run(http_server, capsys, site_id=7, old_name='sales@example.com')
    assert result['changed_fields'] == ['renamed']
    rename = ('<packet><mail><rename><site-id>7</site-id><name>sales</name><new-name>info</new-name></rename>'
              '</mail></packet>')
    expect(http_server, get_both, NAMES, rename, GET_INFO)


def test_rename_fails_when_both_exist(http_server, capsys):
    both = checked(ok(mailname('info', 12)), ok(mailname('sales', 5)))
    http_server.script = [Respond(200, both)]
    result = run(http_server, capsys, fails=True, site_id=7, old_name='sales@example.com')
    assert result['failed'] is True
    assert 'both accounts exist' in result['msg']
    assert len(http_server.requests) == 1


def test_update_password_always_reports_a_change(http_server, capsys):
    http_server.script = [Respond(200, checked(ok(mailname('info', 12)))),
                          Respond(200, answer(('mail', 'update/set', [ok(('mailname', [('name', 'info')]))]))),
                          Respond(200, account())]
    result = run(http_server, capsys, site_id=7, password=PASSWORD, update_password='always', diff=True)
    assert result['changed_fields'] == ['password']
    assert result['diff']['after']['password'] == '(password changed)'
    assert PASSWORD.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;') in sent(http_server)[1]


def test_control_characters_are_refused_before_sending(http_server, capsys):
    http_server.script = [Respond(200, checked(error(1013, 'Mail name does not exist')))]
    result = run(http_server, capsys, fails=True, site_id=7, description='bell\x07')
    assert result['failed'] is True
    assert 'U+0007' in result['msg']
    assert len(http_server.requests) == 1  # only the read


def test_bad_quota_is_refused_up_front(http_server, capsys):
    result = run(http_server, capsys, fails=True, site_id=7, quota='lots')
    assert result['failed'] is True
    assert "quota must be a size such as 512M" in result['msg']
    assert http_server.requests == []


def test_a_lost_answer_to_a_write_is_read_back_done(http_server, capsys):
    http_server.script = LOOKUP_ANSWERS + [Respond(200, ACCOUNT_MISSING), Respond(200, NAMES_FREE), Reset(),
                                           Respond(200, account(quota=2147483648, aliases=['hello'])),
                                           Respond(200, account(quota=2147483648, aliases=['hello']))]
    result = run(http_server, capsys, **WANTED)
    assert result['changed'] is True and result['write_outcome'] == 'done'
    assert 'shows it was done' in ' '.join(result['recorded_warnings'])
    expect(http_server, *LOOKUP, GET_INFO, NAMES, CREATE, GET_INFO, GET_INFO)  # the create was sent once


@pytest.mark.parametrize('lost', [Reset(), Respond(200, b'<html>Login</html>'), Respond(502, b'gateway')],
                         ids=['reset', 'garbled', '502'])
def test_a_lost_answer_to_a_write_not_done_fails_without_resending(http_server, capsys, lost):
    http_server.script = LOOKUP_ANSWERS + [Respond(200, ACCOUNT_MISSING), Respond(200, NAMES_FREE), lost,
                                           Respond(200, ACCOUNT_MISSING)]
    result = run(http_server, capsys, fails=True, **WANTED)
    assert result['failed'] is True and result['changed'] is False
    assert result['error']['write_outcome'] == 'not_done'
    assert 'shows it was NOT done; nothing was repeated' in result['msg']
    expect(http_server, *LOOKUP, GET_INFO, NAMES, CREATE, GET_INFO)


def test_a_lost_answer_and_a_failed_read_back_is_unknown(http_server, capsys):
    http_server.script = LOOKUP_ANSWERS + [Respond(200, ACCOUNT_MISSING), Respond(200, NAMES_FREE)] + [Reset()] * 5
    result = run(http_server, capsys, fails=True, **WANTED)
    assert result['failed'] is True
    assert result['error']['write_outcome'] == 'unknown'
    assert 'Whether it was done is unknown' in result['msg']
    assert sum(canonical(request.body) == canonical(CREATE) for request in http_server.requests) == 1


# --- forwarding: the order of the operations, and the read back -------------------------------------------

def with_forwarding(enabled, addresses, site_check=True):
    info = ok(mailname('info', 12, forwarding=(enabled, addresses)))
    return checked(info) if site_check else answer(('mail', 'get_info', [info]))


def updated(*kinds):
    return answer(*[('mail', 'update/%s' % kind, [ok(('mailname', [('name', 'info')]))]) for kind in kinds])


def update_packet(*operations):
    """A request packet of mail/update operations, each (kind, mailname children as XML)."""
    return '<packet><mail>%s</mail></packet>' % ''.join(
        '<update><%s><filter><site-id>7</site-id><mailname><name>info</name>%s</mailname></filter></%s></update>'
        % (kind, children, kind) for kind, children in operations)


def test_a_forwarding_list_is_replaced_by_adding_before_removing(http_server, capsys):
    http_server.script = [Respond(200, with_forwarding(True, ['a@x.example'])), Respond(200, updated('add', 'remove')),
                          Respond(200, with_forwarding(True, ['b@x.example'], site_check=False))]
    result = run(http_server, capsys, site_id=7, forwarding=dict(addresses=['b@x.example']))
    assert result['changed_fields'] == ['forwarding.addresses']
    expect(http_server, CHECKED_GET_INFO, update_packet(
        ('add', '<forwarding><address>b@x.example</address></forwarding>'),
        ('remove', '<forwarding><address>a@x.example</address></forwarding>')), GET_INFO)


def test_forwarding_goes_on_in_the_add_that_carries_its_addresses(http_server, capsys):
    http_server.script = [Respond(200, with_forwarding(False, ['a@x.example'])), Respond(200, updated('add')),
                          Respond(200, with_forwarding(True, ['a@x.example'], site_check=False))]
    run(http_server, capsys, site_id=7, forwarding=dict(enabled=True))
    expect(http_server, CHECKED_GET_INFO, update_packet(
        ('add', '<forwarding><enabled>true</enabled><address>a@x.example</address></forwarding>')), GET_INFO)


def test_forwarding_goes_off_by_set_before_its_addresses_are_removed(http_server, capsys):
    http_server.script = [Respond(200, with_forwarding(True, ['a@x.example'])), Respond(200, updated('set', 'remove')),
                          Respond(200, with_forwarding(False, [], site_check=False))]
    run(http_server, capsys, site_id=7, forwarding=dict(enabled=False, addresses=[]))
    expect(http_server, CHECKED_GET_INFO, update_packet(
        ('set', '<forwarding><enabled>false</enabled></forwarding>'),
        ('remove', '<forwarding><address>a@x.example</address></forwarding>')), GET_INFO)


def test_a_panel_that_switched_forwarding_off_gets_a_second_round(http_server, capsys):
    http_server.script = [Respond(200, with_forwarding(True, ['a@x.example'])), Respond(200, updated('add', 'remove')),
                          Respond(200, with_forwarding(False, ['b@x.example'], site_check=False)), Respond(200, updated('add')),
                          Respond(200, with_forwarding(True, ['b@x.example'], site_check=False))]
    result = run(http_server, capsys, site_id=7, forwarding=dict(enabled=True, addresses=['b@x.example']))
    assert result['account']['forwarding'] == {'enabled': True, 'addresses': ['b@x.example']}
    assert sent(http_server)[3] == canonical(update_packet(
        ('add', '<forwarding><enabled>true</enabled><address>b@x.example</address></forwarding>')))


def test_a_panel_that_does_not_take_the_change_fails_saying_what_differs(http_server, capsys):
    http_server.script = [Respond(200, with_forwarding(True, ['a@x.example'])), Respond(200, updated('add', 'remove')),
                          Respond(200, with_forwarding(False, ['b@x.example'], site_check=False)), Respond(200, updated('add')),
                          Respond(200, with_forwarding(False, ['b@x.example'], site_check=False))]
    result = run(http_server, capsys, fails=True, site_id=7, forwarding=dict(enabled=True, addresses=['b@x.example']))
    assert 'does not hold it as asked: forwarding.enabled still differs' in result['msg']
    assert result['changed'] is True


def test_addresses_a_set_dropped_are_put_back(http_server, capsys):
    # A panel that takes the set's forwarding section whole drops the list the task did not manage: put it back.
    http_server.script = [Respond(200, with_forwarding(True, ['a@x.example'])), Respond(200, updated('set')),
                          Respond(200, with_forwarding(False, [], site_check=False)), Respond(200, updated('add')),
                          Respond(200, with_forwarding(False, ['a@x.example'], site_check=False))]
    result = run(http_server, capsys, site_id=7, forwarding=dict(enabled=False))
    assert result['account']['forwarding'] == {'enabled': False, 'addresses': ['a@x.example']}
    assert sent(http_server)[3] == canonical(update_packet(('add', '<forwarding><address>a@x.example</address></forwarding>')))
