# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""plesk_dns_auth replayed against exact request/response sequences over a real socket."""

from __future__ import annotations

import pytest
from lxml import etree

from ansible_collections.hosting.mail.plugins.modules import plesk_dns_auth
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
READS = ('<mail><get_prefs><filter><site-id>7</site-id></filter></get_prefs></mail><dns><get><filter><site-id>7</site-id>'
         '</filter></get><get_rec><filter><site-id>7</site-id></filter></get_rec></dns>')
READ = '<packet>%s</packet>' % READS
OLD_SPF = 'v=spf1 +a +mx -all'
NEW_SPF = 'v=spf1 +a +mx include:_spf.example.net -all'
DMARC = 'v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com'
DKIM_VALUE = 'v=DKIM1; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC7'


def record(record_id, host, value, record_type='TXT', opt=''):
    return ok(('id', record_id), ('data', [('site-id', 7), ('type', record_type), ('host', host), ('value', value),
                                           ('opt', opt)]))


BASE = [record(101, 'example.com.', 'mail.example.com.', 'MX', '10'), record(102, 'example.com.', OLD_SPF),
        record(103, '_dmarc.example.com.', 'v=DMARC1; p=none')]
DKIM = [record(104, 'default._domainkey.example.com.', DKIM_VALUE), record(105, '_domainkey.example.com.', 'o=-')]


def state(records=tuple(BASE), signing=False, zone='enabled'):
    """The answer to READ: the mail settings, the zone and its records."""
    prefs = ok(('site-id', 7), ('prefs', [('spam-protect-sign', 'true' if signing else 'false'), ('mailservice', 'true')]))
    if zone == 'none':
        dns = [('dns', 'get', [error(1013, 'DNS zone does not exist')]), ('dns', 'get_rec', [])]
    else:
        dns = [('dns', 'get', [ok(('site-id', 7), ('zone_type', 'master'), ('zone_status', zone))]),
               ('dns', 'get_rec', list(records))]
    return answer(('mail', 'get_prefs', [prefs]), *dns)


def add_rec(host, value):
    return ('<dns><add_rec><site-id>7</site-id><type>TXT</type><host>%s</host><value>%s</value></add_rec></dns>'
            % (host, value))


def del_rec(*ids):
    return ''.join('<dns><del_rec><filter><id>%d</id></filter></del_rec></dns>' % record_id for record_id in ids)


def packet(*operators):
    return '<packet>%s</packet>' % ''.join(operators)


def added(*ids):
    return answer(*[('dns', 'add_rec', [ok(('id', record_id))]) for record_id in ids])


def deleted(*ids):
    return answer(*[('dns', 'del_rec', [ok(('id', record_id))]) for record_id in ids])


def run(server, capsys, check_mode=False, diff=False, fails=False, **args):
    params = dict(plesk_url=server.url, plesk_username='admin', plesk_password=ADMIN_PASSWORD, domain='example.com')
    params.update(args)
    params.update(_ansible_check_mode=check_mode, _ansible_diff=diff)
    runner = module_failure if fails else module_success
    return runner(plesk_dns_auth, params, capsys, secrets=(ADMIN_PASSWORD,))


def expect(server, *packets):
    assert [canonical(request.body) for request in server.requests] == [canonical(p) for p in packets]
    if SCHEMAS is not None:
        for request in server.requests:
            assert SCHEMAS.validate_request(etree.fromstring(request.body), '1.6.6.0') == [], request.body


def test_change_adds_the_new_record_then_deletes_the_old_one(http_server, capsys):
    after = [BASE[0], record(106, 'example.com.', NEW_SPF), record(107, '_dmarc.example.com.', DMARC)]
    http_server.script = [Respond(200, FOUND), Respond(200, state()), Respond(200, added(106, 107)),
                          Respond(200, deleted(102, 103)), Respond(200, state(after))]
    result = run(http_server, capsys, spf=dict(value=NEW_SPF), dmarc=dict(value=DMARC))
    assert result['changed'] is True and result['changed_fields'] == ['spf', 'dmarc']
    assert result['spf'] == [NEW_SPF] and result['dmarc'] == [DMARC]
    assert result['dns_zone'] == 'enabled' and result['dkim_record'] is None
    expect(http_server, LOOKUP, READ, packet(add_rec('', NEW_SPF), add_rec('_dmarc', DMARC)), packet(del_rec(102, 103)), READ)


def test_idempotent_whatever_form_the_hosts_come_back_in(http_server, capsys):
    for spf_host, dmarc_host in (('example.com.', '_dmarc.example.com.'), ('EXAMPLE.COM', '_DMARC.Example.Com'), ('', '_dmarc')):
        http_server.requests.clear()
        records = [record(102, spf_host, NEW_SPF), record(103, dmarc_host, DMARC)]
        http_server.script = [Respond(200, FOUND), Respond(200, state(records))]
        result = run(http_server, capsys, spf=dict(value=NEW_SPF), dmarc=dict(value=DMARC))
        assert result['changed'] is False, (spf_host, result['changed_fields'])
        expect(http_server, LOOKUP, READ)


def test_a_value_the_panel_answers_in_quotes_is_the_same_value(http_server, capsys):
    records = [record(102, 'example.com.', '"%s"' % NEW_SPF), record(103, '_dmarc.example.com.', ' %s ' % DMARC)]
    http_server.script = [Respond(200, FOUND), Respond(200, state(records))]
    assert run(http_server, capsys, spf=dict(value=NEW_SPF), dmarc=dict(value=DMARC))['changed'] is False
    expect(http_server, LOOKUP, READ)


def test_check_mode_writes_nothing_and_shows_the_diff(http_server, capsys):
    http_server.script = [Respond(200, FOUND), Respond(200, state())]
    result = run(http_server, capsys, check_mode=True, diff=True, spf=dict(value=NEW_SPF), dkim='enabled')
    assert result['changed'] is True and result['changed_fields'] == ['spf', 'dkim']
    assert result['diff']['before'] == dict(spf=[OLD_SPF], dmarc=['v=DMARC1; p=none'], dkim=False)
    assert result['diff']['after'] == dict(spf=[NEW_SPF], dmarc=['v=DMARC1; p=none'], dkim=True)
    assert result['dkim_record'] is None  # not created yet
    expect(http_server, LOOKUP, READ)


def test_check_mode_idempotent(http_server, capsys):
    http_server.script = [Respond(200, FOUND), Respond(200, state(BASE + DKIM, signing=True))]
    result = run(http_server, capsys, check_mode=True, spf=dict(value=OLD_SPF), dkim='enabled')
    assert result['changed'] is False
    assert result['dkim_record'] == dict(name='default._domainkey.example.com', type='TXT', value=DKIM_VALUE)
    expect(http_server, LOOKUP, READ)


def test_two_spf_records_become_one(http_server, capsys):
    records = BASE + [record(108, 'example.com.', NEW_SPF)]
    http_server.script = [Respond(200, FOUND), Respond(200, state(records)), Respond(200, deleted(102)),
                          Respond(200, state([BASE[0], BASE[2], records[-1]]))]
    result = run(http_server, capsys, spf=dict(value=NEW_SPF))
    assert result['changed_fields'] == ['spf'] and result['spf'] == [NEW_SPF]
    expect(http_server, LOOKUP, READ, packet(del_rec(102)), READ)


def test_absent_deletes_by_id_only(http_server, capsys):
    http_server.script = [Respond(200, FOUND), Respond(200, state()), Respond(200, deleted(103)),
                          Respond(200, state(BASE[:2]))]
    result = run(http_server, capsys, dmarc=dict(state='absent'))
    assert result['changed_fields'] == ['dmarc'] and result['dmarc'] == []
    expect(http_server, LOOKUP, READ, packet(del_rec(103)), READ)


GET_PREFS = '<packet><mail><get_prefs><filter><site-id>7</site-id></filter></get_prefs></mail></packet>'
SIGN = ('<packet><mail><set_prefs><filter><site-id>7</site-id></filter><prefs><spam-protect-sign>true'
        '</spam-protect-sign></prefs></set_prefs></mail></packet>')


def prefs(signing, greylisting=None):
    fields = [('spam-protect-sign', 'true' if signing else 'false'), ('mailservice', 'true')]
    if greylisting is not None:
        fields.insert(1, ('greylisting', 'true' if greylisting else 'false'))
    return answer(('mail', 'get_prefs', [ok(('site-id', 7), ('prefs', fields))]))


def test_switching_dkim_on_returns_the_record_plesk_publishes(http_server, capsys):
    http_server.script = [Respond(200, FOUND), Respond(200, state()),
                          Respond(200, answer(('mail', 'set_prefs', [ok(('site-id', 7))]))), Respond(200, prefs(True)),
                          Respond(200, state(BASE + DKIM, signing=True))]
    result = run(http_server, capsys, dkim='enabled')
    assert result['changed_fields'] == ['dkim'] and result['dkim'] is True
    assert result['dkim_record'] == dict(name='default._domainkey.example.com', type='TXT', value=DKIM_VALUE)
    # Signing is a mail setting: read back, to see that the panel kept the others.
    expect(http_server, LOOKUP, READ, SIGN, GET_PREFS, READ)


def test_switching_dkim_on_a_panel_that_resets_the_other_settings_sends_them_again(http_server, capsys):
    reads = state().replace(b'<mailservice>', b'<greylisting>false</greylisting><mailservice>')
    http_server.script = [Respond(200, FOUND), Respond(200, reads),
                          Respond(200, answer(('mail', 'set_prefs', [ok(('site-id', 7))]))),
                          Respond(200, prefs(True, greylisting=True)),  # greylisting went back to its default
                          Respond(200, answer(('mail', 'set_prefs', [ok(('site-id', 7))]))),
                          Respond(200, prefs(True, greylisting=False)), Respond(200, state(BASE + DKIM, signing=True))]
    result = run(http_server, capsys, dkim='enabled')
    assert result['changed_fields'] == ['dkim']
    whole = ('<packet><mail><set_prefs><filter><site-id>7</site-id></filter><prefs><spam-protect-sign>true'
             '</spam-protect-sign><greylisting>false</greylisting></prefs></set_prefs></mail></packet>')
    expect(http_server, LOOKUP, READ, SIGN, GET_PREFS, whole, GET_PREFS, READ)


@pytest.mark.parametrize('zone', ['none', 'disabled'])
def test_external_dns_refuses_records_before_any_write(http_server, capsys, zone):
    http_server.script = [Respond(200, FOUND), Respond(200, state(BASE + DKIM, signing=True, zone=zone))]
    result = run(http_server, capsys, fails=True, spf=dict(value=NEW_SPF))
    assert 'DNS is served elsewhere' in result['msg'] and result['changed'] is False
    assert result['dns_zone'] == zone
    if zone == 'disabled':  # the records of a zone switched off are still there to read
        assert result['dkim_record']['value'] == DKIM_VALUE and 'dkim_record' in result['msg']
    else:
        assert result['dkim_record'] is None
    expect(http_server, LOOKUP, READ)


def test_external_dns_still_switches_dkim(http_server, capsys):
    http_server.script = [Respond(200, FOUND), Respond(200, state(BASE + DKIM, signing=True, zone='disabled'))]
    result = run(http_server, capsys, dkim='enabled')
    assert result['changed'] is False and result['dns_zone'] == 'disabled'
    assert result['dkim_record']['name'] == 'default._domainkey.example.com'
    expect(http_server, LOOKUP, READ)


def test_a_refused_addition_deletes_nothing(http_server, capsys):
    http_server.script = [Respond(200, FOUND), Respond(200, state()),
                          Respond(200, answer(('dns', 'add_rec', [error(1019, 'Invalid value')]))), Respond(200, state())]
    result = run(http_server, capsys, fails=True, spf=dict(value=NEW_SPF))
    assert result['error']['code'] == 1019 and result['changed'] is False
    assert result['spf'] == [OLD_SPF]  # what the panel holds, read after the refusal
    expect(http_server, LOOKUP, READ, packet(add_rec('', NEW_SPF)), READ)


def test_a_lost_addition_is_read_back_not_repeated(http_server, capsys):
    with_both = BASE + [record(106, 'example.com.', NEW_SPF)]
    http_server.script = [Respond(200, FOUND), Respond(200, state()), Reset(), Respond(200, state(with_both)),
                          Respond(200, deleted(102)), Respond(200, state([BASE[0], BASE[2], with_both[-1]]))]
    result = run(http_server, capsys, spf=dict(value=NEW_SPF))
    assert result['write_outcome'] == 'done' and result['spf'] == [NEW_SPF]
    expect(http_server, LOOKUP, READ, packet(add_rec('', NEW_SPF)), READ, packet(del_rec(102)), READ)


def test_a_panel_that_does_not_hold_the_record_fails(http_server, capsys):
    http_server.script = [Respond(200, FOUND), Respond(200, state()), Respond(200, added(106)),
                          Respond(200, deleted(102)), Respond(200, state())]
    result = run(http_server, capsys, fails=True, spf=dict(value=NEW_SPF))
    assert 'holds SPF records' in result['msg']


def test_site_id_of_another_domain_writes_nothing(http_server, capsys):
    reads = state()
    other = answer(('site', 'get', [ok(('id', 7), ('data', [('gen_info', [('name', 'other.example')])]))]),
                   ('webspace', 'get', [error(1013, 'Webspace does not exist')]))
    # The site check and the reads share one packet: splice the two answers into one.
    both = other.replace(b'</packet>', reads[reads.index(b'<mail>'):])
    http_server.script = [Respond(200, both)]
    result = run(http_server, capsys, fails=True, site_id=7, spf=dict(state='absent'))
    assert 'site_id 7 is the site other.example, not example.com' in result['msg']
    assert result['changed'] is False
    checked = ('<packet><site><get><filter><id>7</id></filter><dataset><gen_info/></dataset></get></site>'
               '<webspace><get><filter><id>7</id></filter><dataset><gen_info/></dataset></get></webspace>%s</packet>' % READS)
    expect(http_server, checked)


@pytest.mark.parametrize('args, named', [
    (dict(spf=dict(value='v=spf1 a -all v=spf1 mx -all')), 'twice'),
    (dict(spf=dict(value='include:_spf.example.net -all')), 'must start with v=spf1'),
    (dict(spf=dict(value='v=spf10 a')), 'must start with v=spf1'),
    (dict(spf=dict(state='present')), 'spf.value is needed'),
    (dict(dmarc=dict(value='v=dmarc1; p=none')), 'must start with v=DMARC1'),
])
def test_bad_records_are_refused_before_anything_is_sent(http_server, capsys, args, named):
    result = run(http_server, capsys, fails=True, **args)
    assert named in result['msg']
    assert http_server.requests == []


# --- plesk_mail_info reports what plesk_dns_auth, plesk_mail_domain and plesk_spamfilter manage ---------------------

def test_info_reads_settings_records_accounts_and_spam_filters_in_three_requests(http_server, capsys):
    from ansible_collections.hosting.mail.plugins.modules import plesk_mail_info
    from ansible_collections.hosting.mail.tests.unit.plesk_packets import mailname

    get_info = ('<mail><get_info><filter><site-id>7</site-id></filter><mailbox/><forwarding/><aliases/><autoresponder/>'
                '</get_info></mail>')
    reads = state(BASE + DKIM, signing=True)
    accounts = answer(('mail', 'get_info', [ok(mailname('info', 12))]))
    both = reads.replace(b'</packet>', accounts[accounts.index(b'<mail>'):])
    sf = ('<spamfilter><get><filter><username>info@example.com</username></filter></get><get-patterns><filter><username>'
          'info@example.com</username></filter><list>white</list></get-patterns><get-patterns><filter><username>'
          'info@example.com</username></filter><list>black</list></get-patterns></spamfilter>')
    sf_answer = answer(('spamfilter', 'get', [ok(('username', 'info@example.com'), ('enabled', None), ('preferences', [
        ('required-score', '5'), ('action', 'move')]))]),
        ('spamfilter', 'get-patterns', [ok(('pattern', '*@spam.example'))]), ('spamfilter', 'get-patterns', [ok()]))
    http_server.script = [Respond(200, FOUND), Respond(200, both), Respond(200, sf_answer)]
    params = dict(plesk_url=http_server.url, plesk_username='admin', plesk_password=ADMIN_PASSWORD, domain='example.com',
                  include=['settings', 'dns_auth', 'spam_filter'])
    result = module_success(plesk_mail_info, params, capsys, secrets=(ADMIN_PASSWORD,))
    assert result['settings']['signing'] is True and result['settings']['mail_service'] is True
    assert result['dns_auth'] == dict(dns_zone='enabled', spf=[OLD_SPF], dmarc=['v=DMARC1; p=none'], dkim=True,
                                      dkim_record=dict(name='default._domainkey.example.com', type='TXT', value=DKIM_VALUE))
    assert [account['address'] for account in result['accounts']] == ['info@example.com']
    assert result['accounts'][0]['spam_filter'] == dict(enabled=True, required_score='5', rewrite_header=None,
                                                        action='move', allow=['*@spam.example'], block=[])
    expect(http_server, LOOKUP, '<packet>%s%s</packet>' % (READS, get_info), '<packet>%s</packet>' % sf)


def test_packets_are_checked_against_the_plesk_xsds():
    """The expected packets above are validated against the 1.6.6.0 XSDs (from ../shared); this proves the check bites."""
    if SCHEMAS is None:
        pytest.skip(SCHEMA_STATUS)
    bad = ('<packet><dns><add_rec><site-id>7</site-id><type>txt</type><host>'
           '</host><value>v=spf1 -all</value></add_rec></dns></packet>')
    assert SCHEMAS.validate_request(etree.fromstring(bad), '1.6.6.0') != [], 'a record type in lower case'
