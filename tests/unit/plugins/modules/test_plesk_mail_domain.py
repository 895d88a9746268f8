# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""plesk_mail_domain replayed against exact request/response sequences over a real socket."""

from __future__ import annotations

import pytest
from lxml import etree

from ansible_collections.hosting.mail.plugins.modules import plesk_mail_domain
from ansible_collections.hosting.mail.tests.simulators.plesk.schema import open_schemas
from ansible_collections.hosting.mail.tests.support.scripted_server import Reset, Respond
from ansible_collections.hosting.mail.tests.unit.plesk_packets import answer, canonical, error, ok
from ansible_collections.hosting.mail.tests.unit.utils import module_failure, module_success

ADMIN_PASSWORD = 'adm1n&secret'
SCHEMAS, SCHEMA_STATUS = open_schemas()

LOOKUP = ('<packet><site><get><filter><name>example.com</name></filter><dataset><gen_info/></dataset></get></site>'
          '<webspace><get><filter><name>example.com</name></filter><dataset><gen_info/></dataset></get>'
          '</webspace></packet>')
FOUND = answer(('site', 'get', [error(1013, 'Site does not exist')]),
               ('webspace', 'get', [ok(('filter-id', 'example.com'), ('id', 7))]))
GET_PREFS = '<packet><mail><get_prefs><filter><site-id>7</site-id></filter></get_prefs></mail></packet>'
CHECKED_GET_PREFS = ('<packet><site><get><filter><id>7</id></filter><dataset><gen_info/></dataset></get></site>'
                     '<webspace><get><filter><id>7</id></filter><dataset><gen_info/></dataset></get></webspace>'
                     + GET_PREFS[len('<packet>'):])
BOUNCE = 'This address no longer accepts mail.'


def prefs(policy=('bounce', BOUNCE), webmail='roundcube', signing=False, greylisting=True, mail_service=True, omit=()):
    """A get_prefs answer for site 7; ``omit`` leaves fields out, as some servers do."""
    fields = []
    if 'nonexistent-user' not in omit:
        fields.append(('nonexistent-user', [policy]))
    for tag, value in (('webmail', webmail), ('spam-protect-sign', signing), ('greylisting', greylisting),
                       ('mailservice', mail_service)):
        if tag not in omit:
            fields.append((tag, str(value).lower() if isinstance(value, bool) else value))
    return answer(('mail', 'get_prefs', [ok(('site-id', 7), ('prefs', fields))]))


NO_PREFS = answer(('mail', 'get_prefs', [ok(('site-id', 7), ('prefs', [('none', None)]))]))


def set_prefs(*fields):
    body = ''.join('<%s>%s</%s>' % (tag, value, tag) for tag, value in fields)
    return '<mail><set_prefs><filter><site-id>7</site-id></filter><prefs>%s</prefs></set_prefs></mail>' % body


def packet(*operators):
    return '<packet>%s</packet>' % ''.join(operators)


SET_OK = [ok(('site-id', 7))]


def run(server, capsys, check_mode=False, diff=False, fails=False, **args):
    params = dict(plesk_url=server.url, plesk_username='admin', plesk_password=ADMIN_PASSWORD, domain='example.com')
    params.update(args)
    params.update(_ansible_check_mode=check_mode, _ansible_diff=diff)
    runner = module_failure if fails else module_success
    return runner(plesk_mail_domain, params, capsys, secrets=(ADMIN_PASSWORD,))


def expect(server, *packets):
    assert [canonical(request.body) for request in server.requests] == [canonical(p) for p in packets]
    if SCHEMAS is not None:
        for request in server.requests:
            assert SCHEMAS.validate_request(etree.fromstring(request.body), '1.6.6.0') == [], request.body


CATCH_ALL = dict(unknown_recipient=dict(action='forward', address='Orders@Example.org'), greylisting=False)
SET_CATCH_ALL = packet(set_prefs(('nonexistent-user', '<forward>orders@example.org</forward>'), ('greylisting', 'false')))


def test_change_sends_only_what_differs(http_server, capsys):
    http_server.script = [Respond(200, FOUND), Respond(200, prefs(webmail='horde')),
                          Respond(200, answer(('mail', 'set_prefs', SET_OK))),
                          Respond(200, prefs(('forward', 'orders@example.org'), webmail='horde', greylisting=False))]
    result = run(http_server, capsys, webmail='horde', **CATCH_ALL)
    assert result['changed'] is True
    assert result['changed_fields'] == ['unknown_recipient', 'greylisting']
    assert result['site_id'] == 7
    assert result['settings'] == dict(unknown_recipient=dict(action='forward', address='orders@example.org'),
                                      webmail='horde', signing=False, greylisting=False, mail_service=True)
    expect(http_server, LOOKUP, GET_PREFS, SET_CATCH_ALL, GET_PREFS)


def test_idempotent(http_server, capsys):
    http_server.script = [Respond(200, FOUND),
                          Respond(200, prefs(('forward', 'orders@EXAMPLE.org'), greylisting=False))]
    result = run(http_server, capsys, **CATCH_ALL)
    assert result['changed'] is False and result['changed_fields'] == []
    expect(http_server, LOOKUP, GET_PREFS)


def test_check_mode_writes_nothing_and_shows_the_diff(http_server, capsys):
    http_server.script = [Respond(200, FOUND), Respond(200, prefs())]
    result = run(http_server, capsys, check_mode=True, diff=True, **CATCH_ALL)
    assert result['changed'] is True and result['changed_fields'] == ['unknown_recipient', 'greylisting']
    assert result['diff']['before']['unknown_recipient'] == dict(action='bounce', text=BOUNCE)
    assert result['diff']['after']['unknown_recipient'] == dict(action='forward', address='orders@example.org')
    assert (result['diff']['before']['greylisting'], result['diff']['after']['greylisting']) == (True, False)
    assert result['settings']['greylisting'] is False
    expect(http_server, LOOKUP, GET_PREFS)


def test_check_mode_idempotent(http_server, capsys):
    http_server.script = [Respond(200, FOUND), Respond(200, prefs(('forward', 'orders@example.org'), greylisting=False))]
    assert run(http_server, capsys, check_mode=True, **CATCH_ALL)['changed'] is False
    expect(http_server, LOOKUP, GET_PREFS)


def test_site_id_is_checked_in_the_read(http_server, capsys):
    other = answer(('site', 'get', [error(1013, 'Site does not exist')]),
                   ('webspace', 'get', [ok(('id', 7), ('data', [('gen_info', [('name', 'other.example')])]))]),
                   ('mail', 'get_prefs', [ok(('site-id', 7), ('prefs', [('greylisting', 'true')]))]))
    http_server.script = [Respond(200, other)]
    result = run(http_server, capsys, fails=True, site_id=7, greylisting=False)
    assert 'site_id 7 is the site other.example, not example.com' in result['msg']
    assert result['changed'] is False
    expect(http_server, CHECKED_GET_PREFS)


def test_switching_mail_on_comes_first_and_the_rest_is_planned_from_a_new_read(http_server, capsys):
    # A site without mail reports no preferences (<none/>); once mail is on, it reports them.
    http_server.script = [Respond(200, FOUND), Respond(200, NO_PREFS), Respond(200, answer(('mail', 'enable', [ok()]))),
                          Respond(200, prefs()), Respond(200, answer(('mail', 'set_prefs', SET_OK))),
                          Respond(200, prefs(greylisting=False))]
    result = run(http_server, capsys, mail_service=True, greylisting=False)
    assert result['changed_fields'] == ['greylisting', 'mail_service']
    assert result['settings']['mail_service'] is True and result['settings']['greylisting'] is False
    enable = packet('<mail><enable><site-id>7</site-id></enable></mail>')
    expect(http_server, LOOKUP, GET_PREFS, enable, GET_PREFS, packet(set_prefs(('greylisting', 'false'))), GET_PREFS)


def test_switching_mail_off_comes_after_the_other_settings(http_server, capsys):
    http_server.script = [Respond(200, FOUND), Respond(200, prefs()),
                          Respond(200, answer(('mail', 'set_prefs', SET_OK), ('mail', 'disable', [ok()]))),
                          Respond(200, prefs(('reject', None), mail_service=False))]
    result = run(http_server, capsys, mail_service=False, unknown_recipient=dict(action='reject'))
    assert result['changed_fields'] == ['unknown_recipient', 'mail_service']
    both = ('<packet><mail><set_prefs><filter><site-id>7</site-id></filter><prefs><nonexistent-user><reject/>'
            '</nonexistent-user></prefs></set_prefs></mail><mail><disable><site-id>7</site-id></disable></mail></packet>')
    expect(http_server, LOOKUP, GET_PREFS, both, GET_PREFS)


def test_a_refused_switch_after_the_settings_reports_them_done(http_server, capsys):
    http_server.script = [Respond(200, FOUND), Respond(200, prefs()),
                          Respond(200, answer(('mail', 'set_prefs', SET_OK), ('mail', 'disable', [error(1023, 'Operation failed')])))]
    result = run(http_server, capsys, fails=True, mail_service=False, unknown_recipient=dict(action='reject'))
    assert result['error']['code'] == 1023 and result['error']['operation'] == 'mail/disable'
    assert result['completed_operations'] == ['mail/set_prefs'] and result['changed'] is True
    both = ('<packet><mail><set_prefs><filter><site-id>7</site-id></filter><prefs><nonexistent-user><reject/>'
            '</nonexistent-user></prefs></set_prefs></mail><mail><disable><site-id>7</site-id></disable></mail></packet>')
    expect(http_server, LOOKUP, GET_PREFS, both)


def test_a_panel_that_resets_what_it_was_not_sent_gets_the_whole_set(http_server, capsys):
    http_server.script = [Respond(200, FOUND), Respond(200, prefs(webmail='horde', signing=True)),
                          Respond(200, answer(('mail', 'set_prefs', SET_OK))),
                          Respond(200, prefs(greylisting=False)),  # webmail and signing went back to the defaults
                          Respond(200, answer(('mail', 'set_prefs', SET_OK))),
                          Respond(200, prefs(webmail='horde', signing=True, greylisting=False))]
    result = run(http_server, capsys, greylisting=False)
    assert result['changed_fields'] == ['greylisting']
    assert result['settings']['webmail'] == 'horde' and result['settings']['signing'] is True
    whole = packet(set_prefs(('nonexistent-user', '<bounce>%s</bounce>' % BOUNCE), ('webmail', 'horde'),
                             ('spam-protect-sign', 'true'), ('greylisting', 'false')))
    expect(http_server, LOOKUP, GET_PREFS, packet(set_prefs(('greylisting', 'false'))), GET_PREFS, whole, GET_PREFS)


def test_a_panel_that_still_differs_fails_naming_it(http_server, capsys):
    http_server.script = [Respond(200, FOUND), Respond(200, prefs()), Respond(200, answer(('mail', 'set_prefs', SET_OK))),
                          Respond(200, prefs()), Respond(200, answer(('mail', 'set_prefs', SET_OK))), Respond(200, prefs())]
    result = run(http_server, capsys, fails=True, greylisting=False)
    assert "greylisting is True, not False" in result['msg']
    assert result['changed'] is True  # two writes were sent and accepted


def test_an_unreported_setting_is_sent_and_warned_about(http_server, capsys):
    http_server.script = [Respond(200, FOUND), Respond(200, prefs(omit=('greylisting',))),
                          Respond(200, answer(('mail', 'set_prefs', SET_OK))), Respond(200, prefs(omit=('greylisting',)))]
    result = run(http_server, capsys, greylisting=True)
    assert result['changed'] is True and result['changed_fields'] == ['greylisting']
    assert any('does not report greylisting' in warning for warning in result['recorded_warnings'])
    assert result['settings']['greylisting'] is None
    expect(http_server, LOOKUP, GET_PREFS, packet(set_prefs(('greylisting', 'true'))), GET_PREFS)


def test_a_refused_setting_fails_with_the_panel_error(http_server, capsys):
    http_server.script = [Respond(200, FOUND), Respond(200, prefs()),
                          Respond(200, answer(('mail', 'set_prefs', [error(1019, 'Invalid value: webmail')])))]
    result = run(http_server, capsys, fails=True, webmail='squirrelmail')
    assert result['error']['type'] == 'ApiError' and result['error']['code'] == 1019
    assert result['changed'] is False
    expect(http_server, LOOKUP, GET_PREFS, packet(set_prefs(('webmail', 'squirrelmail'))))


def test_a_lost_answer_is_read_back_not_repeated(http_server, capsys):
    http_server.script = [Respond(200, FOUND), Respond(200, prefs()), Reset(),
                          Respond(200, prefs(greylisting=False)), Respond(200, prefs(greylisting=False))]
    result = run(http_server, capsys, greylisting=False)
    assert result['changed'] is True and result['write_outcome'] == 'done'
    assert any('was done' in warning for warning in result['recorded_warnings'])
    expect(http_server, LOOKUP, GET_PREFS, packet(set_prefs(('greylisting', 'false'))), GET_PREFS, GET_PREFS)


def test_unknown_domain(http_server, capsys):
    http_server.script = [Respond(200, answer(('site', 'get', [error(1013, 'Site does not exist')]),
                                              ('webspace', 'get', [error(1013, 'Webspace does not exist')])))]
    result = run(http_server, capsys, fails=True, greylisting=True)
    assert 'Plesk has no site or subscription named example.com' in result['msg']
    expect(http_server, LOOKUP)


def test_bad_input_is_refused_before_anything_is_sent(http_server, capsys):
    cases = [
        (dict(unknown_recipient=dict(action='forward', address='not an address')), 'unknown_recipient.address'),
        (dict(unknown_recipient=dict(action='forward')), 'unknown_recipient.address'),
        (dict(unknown_recipient=dict(action='bounce')), 'unknown_recipient.text'),
        (dict(unknown_recipient=dict(action='reject', address='a@example.com')), 'action=reject'),
        (dict(webmail=' '), 'webmail'),
    ]
    for args, named in cases:
        result = run(http_server, capsys, fails=True, **args)
        assert named in result['msg'], result['msg']
    assert http_server.requests == []


def test_packets_are_checked_against_the_plesk_xsds():
    """The expected packets above are validated against the 1.6.6.0 XSDs (from ../shared); this proves the check bites."""
    if SCHEMAS is None:
        pytest.skip(SCHEMA_STATUS)
    bad = ('<packet><mail><enable><filter><site-id>7</site-id>'
           '</filter></enable></mail></packet>')
    assert SCHEMAS.validate_request(etree.fromstring(bad), '1.6.6.0') != [], 'an enable wrapped in a filter'
