# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""plesk_mail_export and brainy_mail_export replayed against exact request/response sequences over a real socket."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl

import pytest
import yaml
from lxml import etree

from ansible_collections.hosting.mail.plugins.module_utils import _plesk_export
from ansible_collections.hosting.mail.plugins.modules import brainy_mail_export, plesk_mail_export
from ansible_collections.hosting.mail.tests.simulators.plesk.schema import open_schemas
from ansible_collections.hosting.mail.tests.support.scripted_server import Respond
from ansible_collections.hosting.mail.tests.unit.plesk_packets import answer, canonical, error, mailname, ok
from ansible_collections.hosting.mail.tests.unit.utils import module_failure, module_success

ADMIN_PASSWORD = 'adm1n&secret'
SCHEMAS, SCHEMA_STATUS = open_schemas()
FLAGS = '<mailbox/><forwarding/><aliases/><autoresponder/>'
LIST = ('<packet version="1.6.9.0"><webspace><get><filter/><dataset><gen_info/></dataset></get></webspace>'
        '<site><get><filter/><dataset><gen_info/></dataset></get></site></packet>')
USERS = ('<packet version="1.6.9.0"><user><get><filter><all/></filter><dataset><gen-info/><roles/></dataset></get>'
         '</user></packet>')


def domain(site_id, name, ascii_name=None):
    return ok(('id', site_id), ('data', [('gen_info', [('name', name), ('ascii-name', ascii_name or name)])]))


def listing(webspaces, sites):
    return answer(('webspace', 'get', webspaces), ('site', 'get', sites))


def get_info(*site_ids):
    return '<packet version="1.6.9.0">%s</packet>' % ''.join(
        '<mail><get_info><filter><site-id>%d</site-id></filter>%s</get_info></mail>' % (site_id, FLAGS)
        for site_id in site_ids)


def accounts(*sites):
    """A get_info answer: one operation per site, each a list of mailname tuples."""
    return answer(*[('mail', 'get_info', [ok(account) for account in site]) for site in sites])


def users(*results):
    return answer(('user', 'get', list(results)))


def user(login, built_in=False, subscription=1, **fields):
    info = [('login', login), ('name', fields.get('name', 'Jane Doe')), ('owner-guid', 'owner-1'),
            ('status', fields.get('status', 'enabled')), ('guid', 'guid-' + login),
            ('is-built-in', 'true' if built_in else 'false'), ('subscription-domain-id', subscription)]
    if fields.get('company'):
        info.append(('contact-info', [('company', fields['company'])]))
    info.append(('email', fields.get('email', '')))
    return ok(('id', 4), ('data', [('gen-info', info), ('roles', [('name', 'WebMaster')])]))


def responder():
    """An autoresponder with every field, as get_info answers it at 1.6.9.0."""
    return ('autoresponder', [('enabled', 'true'), ('subject', 'Away'), ('content_type', 'text/plain'),
                              ('charset', 'UTF-8'), ('text', 'Back "soon"\nBye'), ('forward', 'boss@example.com'),
                              ('end_date', '2027-01-03')])


def with_responder(account):
    tag, children = account
    return (tag, [child if child[0] != 'autoresponder' else responder() for child in children])


PANEL = [
    Respond(200, listing([domain(1, 'example.com'), domain(2, 'bücher.example', 'xn--bcher-kva.example')],
                         [domain(3, 'shop.example.org'), domain(1, 'example.com')])),  # main domain listed twice
    Respond(200, accounts(  # sites in the order of their names: bücher.example, example.com, shop.example.org
        [mailname('kontakt', 21, quota=104857600)],
        [mailname('info', 11, quota=2147483648, aliases=('hello', 'contact'), description='Sales & "Support"'),
         mailname('fwd', 12, enabled=False, forwarding=(True, ['b@example.net', 'a@example.net']), antivir='off'),
         with_responder(mailname('away', 13, quota=-1))],
        [])),
    Respond(200, users(user('admin', built_in=True, subscription=0), user('jane', subscription=1, company='Ex & Co'),
                       user('all.sites', subscription=0, status='disabled', email='all@example.com'))),
]


def run_plesk(server, capsys, check_mode=False, diff=False, fails=False, **args):
    params = dict(plesk_url=server.url, plesk_username='admin', plesk_password=ADMIN_PASSWORD, plesk_api_version='1.6.9.0',
                  include=[])  # the accounts alone; test_plesk_export_includes_settings_records_and_spam_filters adds the rest
    params.update(args)
    params.update(_ansible_check_mode=check_mode, _ansible_diff=diff)
    runner = module_failure if fails else module_success
    return runner(plesk_mail_export, params, capsys, secrets=(ADMIN_PASSWORD,))


def expect(server, *packets):
    assert [canonical(request.body) for request in server.requests] == [canonical(packet) for packet in packets]
    if SCHEMAS is not None:
        for request in server.requests:
            assert SCHEMAS.validate_request(etree.fromstring(request.body), '1.6.9.0') == [], request.body


def test_schemas_are_there_or_the_skip_says_why():
    if SCHEMAS is None:
        pytest.skip('the Plesk XSDs are not at hand (%s): packets are compared, not validated' % SCHEMA_STATUS)


def test_plesk_export_reads_the_panel_in_three_requests(http_server, capsys):
    http_server.script = list(PANEL)
    result = run_plesk(http_server, capsys)
    expect(http_server, LIST, get_info(2, 1, 3), USERS)
    assert result['changed'] is False and 'dest' not in result
    assert result['counts'] == {'domains': 3, 'accounts': 4, 'users': 2}
    data = result['data']
    assert yaml.safe_load(result['content']) == data
    assert data['mail_provisioning_panel'] == 'plesk'
    names = ['bücher.example', 'example.com', 'shop.example.org']
    assert [entry['name'] for entry in data['mail_provisioning_domains']] == names
    example = data['mail_provisioning_domains'][1]
    assert example['accounts'] == [
        {'name': 'away', 'quota': 'unlimited', 'antivirus': 'inout',
         'autoresponder': {'enabled': True, 'subject': 'Away', 'text': 'Back "soon"\nBye', 'content_type': 'text/plain',
                           'charset': 'UTF-8', 'forward_to': 'boss@example.com', 'end_date': '2027-01-03'}},
        {'name': 'fwd', 'mailbox': False, 'antivirus': 'off'},
        {'name': 'info', 'quota': '2G', 'aliases': ['contact', 'hello'], 'antivirus': 'inout',
         'description': 'Sales & "Support"'},
    ]
    assert example['forwards'] == [{'source': 'fwd', 'targets': ['a@example.net', 'b@example.net']}]
    assert data['mail_provisioning_domains'][2] == {'name': 'shop.example.org', 'accounts': []}
    assert data['mail_provisioning_users'] == [
        {'login': 'all.sites', 'name': 'Jane Doe', 'email': 'all@example.com', 'role': 'WebMaster', 'subscription': 'all',
         'status': 'disabled', 'owner_guid': 'owner-1'},
        {'login': 'jane', 'name': 'Jane Doe', 'role': 'WebMaster', 'subscription': 'example.com', 'status': 'enabled',
         'contact': {'company': 'Ex & Co'}, 'owner_guid': 'owner-1'},
    ]
    assert result['content'].count('# password: not exported') == 6
    assert result['notes'] == []


def test_plesk_export_without_users_and_for_named_domains(http_server, capsys):
    http_server.script = PANEL[:1] + [Respond(200, accounts([mailname('kontakt', 21, quota=104857600)]))]
    result = run_plesk(http_server, capsys, users=False, domains=['XN--BCHER-KVA.example'])
    expect(http_server, LIST, get_info(2))
    assert 'mail_provisioning_users' not in result['data']
    assert [entry['name'] for entry in result['data']['mail_provisioning_domains']] == ['bücher.example']


def test_plesk_export_of_a_domain_the_panel_lacks_fails_before_reading_accounts(http_server, capsys):
    http_server.script = PANEL[:1]
    result = run_plesk(http_server, capsys, fails=True, domains=['example.com', 'missing.example'])
    assert 'Plesk has no domain missing.example' in result['msg']
    expect(http_server, LIST)


def test_plesk_export_fails_when_a_site_cannot_be_read(http_server, capsys, tmp_path):
    http_server.script = PANEL[:1] + [Respond(200, answer(('mail', 'get_info', [error(1013, 'Site does not exist')]),
                                                          ('mail', 'get_info', [ok(mailname('a', 1))]),
                                                          ('mail', 'get_info', [])))]
    dest = tmp_path / 'mail.yml'
    result = run_plesk(http_server, capsys, fails=True, dest=str(dest))
    assert 'The accounts of bücher.example (site 2) could not be read, so nothing was exported' in result['msg']
    assert not dest.exists()


def test_plesk_export_reads_many_domains_in_chunks(http_server, capsys, monkeypatch):
    monkeypatch.setattr(_plesk_export, 'CHUNK', 2)
    http_server.script = [PANEL[0], Respond(200, accounts([], [])), Respond(200, accounts([]))]
    result = run_plesk(http_server, capsys, users=False)
    expect(http_server, LIST, get_info(2, 1), get_info(3))
    assert result['counts']['domains'] == 3


def test_plesk_quota_zero_is_a_note_not_a_value(http_server, capsys):
    http_server.script = PANEL[:1] + [Respond(200, accounts([], [mailname('empty', 11, quota=0)], []))]
    result = run_plesk(http_server, capsys, users=False)
    assert result['data']['mail_provisioning_domains'][1]['accounts'] == [{'name': 'empty', 'antivirus': 'inout'}]
    assert result['notes'] == ['empty@example.com: quota 0 (a mailbox that takes no mail) cannot be written as role data; '
                               'left out, so the role leaves it as it is.']
    assert '# empty@example.com: quota 0' in result['content']


def test_plesk_end_date_is_left_out_below_the_protocol_that_reports_it(http_server, capsys):
    http_server.script = [Respond(200, listing([domain(1, 'example.com')], [])),
                          Respond(200, accounts([with_responder(mailname('away', 13))]))]
    result = run_plesk(http_server, capsys, users=False, plesk_api_version='1.6.7.0')
    assert 'end_date' not in result['data']['mail_provisioning_domains'][0]['accounts'][0]['autoresponder']


def test_dest_is_written_when_it_differs_only_and_never_in_check_mode(http_server, capsys, tmp_path):
    dest = tmp_path / 'mail.yml'
    http_server.script = list(PANEL)
    result = run_plesk(http_server, capsys, check_mode=True, diff=True, dest=str(dest))
    assert result['changed'] is True and not dest.exists()
    assert result['diff']['before'] == '' and result['diff']['after'] == result['content']
    http_server.script = list(PANEL)
    result = run_plesk(http_server, capsys, dest=str(dest), mode='0640')
    assert result['changed'] is True and dest.read_text(encoding='utf-8') == result['content']
    assert oct(dest.stat().st_mode & 0o777) == '0o640'
    first = dest.read_bytes()
    for check_mode in (True, False):
        http_server.script = list(PANEL)
        again = run_plesk(http_server, capsys, check_mode=check_mode, diff=True, dest=str(dest), mode='0640')
        assert again['changed'] is False and 'diff' not in again
        assert dest.read_bytes() == first


def test_a_secret_in_the_data_is_never_returned_masked(http_server, capsys, tmp_path):
    """Ansible masks the text of a secret option wherever it shows: an export holding it must not come back garbled."""
    script = [PANEL[0], Respond(200, accounts([], [mailname('info', 11, description='pw ' + ADMIN_PASSWORD)], []))]
    http_server.script = list(script)
    result = run_plesk(http_server, capsys, fails=True, users=False)
    assert 'Give dest' in result['msg']
    dest = tmp_path / 'mail.yml'
    http_server.script = list(script)
    result = run_plesk(http_server, capsys, users=False, dest=str(dest))
    assert 'data' not in result and 'content' not in result
    assert 'description: "pw %s"' % ADMIN_PASSWORD in dest.read_text(encoding='utf-8')
    assert 'the file %s holds them as read' % dest in ' '.join(result['recorded_warnings'])


# --- BrainyCP --------------------------------------------------------------------------------------

API_PASSWORD = 'api&pass=wörd+1'


def reply(code, message='', **payload):
    return Respond(200, json.dumps(dict(code=code, message=message, **payload)).encode())


def run_brainy(server, capsys, check_mode=False, fails=False, **args):
    params = dict(brainycp_url=server.url, brainycp_username='admin', brainycp_password=API_PASSWORD)
    params.update(args)
    params.update(_ansible_check_mode=check_mode)
    runner = module_failure if fails else module_success
    return runner(brainy_mail_export, params, capsys, secrets=(API_PASSWORD,))


def calls(server):
    found = []
    for request in server.requests:
        fields = dict(parse_qsl(request.body.decode('utf-8'), keep_blank_values=True))
        found.append((fields['subdo'], fields.get('panel_user')))
    return found


def test_brainy_export_reads_two_lists_per_hosting_user(http_server, capsys):
    http_server.script = [
        reply(0, 'ok', data=[{'email': 'Info@Shop.example', 'quota': 0}, {'email': 'sales@shop.example', 'quota': 500}]),
        reply(0, 'ok', data=[{'source': 'sales@shop.example', 'target': 'b@example.net,a@example.net', 'save_local': 1},
                             {'source': 'hello@other.example', 'target': 'info@shop.example', 'save_local': 0}]),
        reply(0, 'ok', data=['x@blog.example']),
        reply(1, 'No mailbox forwards found for: blog'),
    ]
    result = run_brainy(http_server, capsys, panel_users=['shop', 'blog', 'shop'])
    assert calls(http_server) == [('getlistmail', 'shop'), ('getforwardmail', 'shop'), ('getlistmail', 'blog'),
                                  ('getforwardmail', 'blog')]
    assert result['counts'] == {'hosting_users': 2, 'domains': 3, 'accounts': 3, 'forwards': 2}
    assert result['data'] == {'mail_provisioning_panel': 'brainycp', 'mail_provisioning_domains': [
        {'name': 'blog.example', 'panel_user': 'blog', 'accounts': [{'name': 'x'}]},
        {'name': 'other.example', 'panel_user': 'shop', 'accounts': [],
         'forwards': [{'source': 'hello', 'targets': ['info@shop.example'], 'save_local': False}]},
        {'name': 'shop.example', 'panel_user': 'shop', 'accounts': [{'name': 'info', 'quota': 'unlimited'},
                                                                    {'name': 'sales', 'quota': '500M'}],
         'forwards': [{'source': 'sales', 'targets': ['a@example.net', 'b@example.net'], 'save_local': True}]},
    ]}
    assert yaml.safe_load(result['content']) == result['data']
    assert 'SPF and DKIM cannot be read' in result['content']


def test_brainy_export_of_the_api_accounts_own_mail_names_no_panel_user(http_server, capsys):
    http_server.script = [reply(0, 'ok', data=['a@own.example']), reply(1, 'none')]
    result = run_brainy(http_server, capsys)
    assert calls(http_server) == [('getlistmail', None), ('getforwardmail', None)]
    assert result['data']['mail_provisioning_domains'] == [{'name': 'own.example', 'accounts': [{'name': 'a'}]}]


def test_brainy_domain_under_two_hosting_users_fails(http_server, capsys):
    http_server.script = [reply(0, 'ok', data=['a@shared.example']), reply(1, 'none'),
                          reply(0, 'ok', data=['b@SHARED.example']), reply(1, 'none')]
    result = run_brainy(http_server, capsys, fails=True, panel_users=['one', 'two'])
    assert 'The domain shared.example has addresses under two hosting users (one and two)' in result['msg']


# --- Plesk: the domain's settings, records and spam filters -----------------------------------------------------------

AUTH_READS = ('<mail><get_prefs><filter><site-id>1</site-id></filter></get_prefs></mail><dns><get><filter><site-id>1</site-id>'
              '</filter></get><get_rec><filter><site-id>1</site-id></filter></get_rec></dns>')
SPAM_READ = ('<packet version="1.6.9.0"><spamfilter><get><filter><username>info@example.com</username></filter></get>'
             '<get-patterns><filter><username>info@example.com</username></filter><list>white</list></get-patterns>'
             '<get-patterns><filter><username>info@example.com</username></filter><list>black</list></get-patterns>'
             '</spamfilter></packet>')
SPF = 'v=spf1 +a +mx -all'


def txt(record_id, host, value):
    return ok(('id', record_id), ('data', [('site-id', 1), ('type', 'TXT'), ('host', host), ('value', value), ('opt', '')]))


def domain_state(zone='enabled', records=(), policy=('forward', 'office@example.com')):
    prefs = ok(('site-id', 1), ('prefs', [('nonexistent-user', [policy]), ('webmail', 'roundcube'),
                                          ('spam-protect-sign', 'true'), ('greylisting', 'false'), ('mailservice', 'true')]))
    return [('mail', 'get_prefs', [prefs]), ('dns', 'get', [ok(('site-id', 1), ('zone_type', 'master'), ('zone_status', zone))]),
            ('dns', 'get_rec', list(records))]


def spam_state(enabled=True, white=(), black=('*@spam.example',)):
    user = 'info@example.com'
    get = ok(('filter-id', user), ('id', 12), ('username', user), ('enabled' if enabled else 'disabled', None),
             ('preferences', [('required-score', '5'), ('rewrite-header', '***SPAM***'), ('action', 'move')]))
    return answer(('spamfilter', 'get', [get]),
                  ('spamfilter', 'get-patterns', [ok(('filter-id', user), *[('pattern', p) for p in white])]),
                  ('spamfilter', 'get-patterns', [ok(('filter-id', user), *[('pattern', p) for p in black])]))


ONE_DOMAIN = Respond(200, listing([domain(1, 'example.com')], []))
TWO_ACCOUNTS = ('mail', 'get_info', [ok(mailname('info', 11)), ok(mailname('fwd', 12, enabled=False))])


def test_plesk_export_includes_settings_records_and_spam_filters(http_server, capsys):
    records = [txt(101, 'example.com.', SPF), txt(102, '_dmarc.example.com.', 'v=DMARC1; p=none')]
    http_server.script = [ONE_DOMAIN, Respond(200, answer(TWO_ACCOUNTS, *domain_state(records=records))),
                          Respond(200, spam_state())]
    result = run_plesk(http_server, capsys, users=False, include=['settings', 'dns_auth', 'spam_filter'])
    # The spam filter of the mailbox only: the account without one has no filter to read.
    expect(http_server, LIST, '<packet version="1.6.9.0"><mail><get_info><filter><site-id>1</site-id></filter>%s'
                              '</get_info></mail>%s</packet>' % (FLAGS, AUTH_READS), SPAM_READ)
    entry = result['data']['mail_provisioning_domains'][0]
    assert list(entry) == ['name', 'spf', 'dmarc', 'dkim', 'catch_all', 'mail_service', 'greylisting', 'webmail',
                           'accounts']
    assert (entry['spf'], entry['dmarc'], entry['dkim']) == (SPF, 'v=DMARC1; p=none', 'enabled')
    assert (entry['catch_all'], entry['mail_service'], entry['greylisting'], entry['webmail']) == (
        'office@example.com', True, False, 'roundcube')
    assert entry['accounts'][1]['spam_filter'] == {'enabled': True, 'required_score': '5', 'action': 'move',
                                                   'rewrite_header': '***SPAM***', 'block': ['*@spam.example']}
    assert 'spam_filter' not in entry['accounts'][0]


def test_plesk_export_of_records_it_cannot_say_as_one_value(http_server, capsys):
    """Two SPF records: left out with a note; no DMARC record: absent; a bounce policy is unknown_recipient."""
    records = [txt(101, 'example.com.', SPF), txt(102, 'example.com', 'v=spf1 -all')]
    http_server.script = [ONE_DOMAIN, Respond(200, answer(TWO_ACCOUNTS, *domain_state(records=records,
                                                                                      policy=('bounce', 'Gone.'))))]
    result = run_plesk(http_server, capsys, users=False, include=['settings', 'dns_auth'])
    entry = result['data']['mail_provisioning_domains'][0]
    assert 'spf' not in entry and entry['dmarc'] == 'absent'
    assert entry['unknown_recipient'] == {'action': 'bounce', 'text': 'Gone.'} and 'catch_all' not in entry
    assert result['notes'] == ['example.com: 2 SPF records; the role keeps one, so none is exported (the role leaves '
                               'them alone).']


def test_plesk_export_leaves_spf_and_dmarc_out_where_the_zone_is_served_elsewhere(http_server, capsys):
    http_server.script = [ONE_DOMAIN, Respond(200, answer(TWO_ACCOUNTS, *domain_state(zone='disabled')))]
    entry = run_plesk(http_server, capsys, users=False, include=['dns_auth'])['data']['mail_provisioning_domains'][0]
    assert 'spf' not in entry and 'dmarc' not in entry and entry['dkim'] == 'enabled'
    assert 'mail_service' not in entry  # settings not asked for


def test_plesk_export_of_spam_filters_on_a_server_without_them_says_what_to_do(http_server, capsys):
    http_server.script = [ONE_DOMAIN, Respond(200, answer(TWO_ACCOUNTS)),
                          Respond(200, answer(('spamfilter', 'get', [error(1017, 'Operation is not supported')]),
                                              ('spamfilter', 'get-patterns', [error(1017, 'Operation is not supported')]),
                                              ('spamfilter', 'get-patterns', [error(1017, 'Operation is not supported')])))]
    result = run_plesk(http_server, capsys, fails=True, users=False, include=['spam_filter'], plesk_api_version=None)
    assert 'does not accept the <spamfilter> operator' in result['msg']
