# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The BrainyCP modules in real playbooks against the BrainyCP simulator (its state and request log)."""

from __future__ import annotations

import pytest

from ansible_collections.hosting.mail.tests.integration.conftest import BRAINY_PASSWORD, brainy_env

TRICKY_PASSWORD = 'Pä&ss=wörd+<1> "dq" \'sq\' %20'


def hosting_user(simulator, login):
    return next(user for user in simulator.to_dict()['users'] if user['login'] == login)


def mailbox(simulator, login, address):
    return next((box for box in hosting_user(simulator, login)['mailboxes'] if box['email'] == address), None)


def forward(simulator, login, source):
    return next((entry for entry in hosting_user(simulator, login)['forwards'] if entry['source'] == source), None)


def domain(simulator, login, name):
    return next(entry for entry in hosting_user(simulator, login)['domains'] if entry['name'] == name)


def writes(simulator):
    return [entry.operation for entry in simulator.log if entry.write]


@pytest.fixture
def module(brainy, run_module):
    def run(name, check=False, diff=False, env=None, fails=False, **args):
        return run_module(name, args, brainy_env(brainy, **(env or {})), check=check, diff=diff, fails=fails)
    return run


# --- brainy_mailbox ------------------------------------------------------------------------------

def test_mailbox_create_rerun_absent(brainy, module):
    run = module('brainy_mailbox', address='new@example.com', password=TRICKY_PASSWORD, quota='1G')
    assert run.result['changed'] is True, run.output
    stored = mailbox(brainy, 'webmaster', 'new@example.com')
    assert stored['password'] == TRICKY_PASSWORD and stored['quota'] == 1024
    assert TRICKY_PASSWORD not in run.text
    brainy.clear_log()
    assert module('brainy_mailbox', address='new@example.com', password=TRICKY_PASSWORD, quota='1G').result['changed'] is False
    assert writes(brainy) == []
    assert module('brainy_mailbox', address='new@example.com', state='absent').result['changed'] is True
    assert mailbox(brainy, 'webmaster', 'new@example.com') is None
    assert module('brainy_mailbox', address='new@example.com', state='absent').result['changed'] is False


def test_mailbox_quota_drift_warns_and_changes_nothing(brainy, module):
    brainy.set_quirks(items='objects')  # a listing of plain strings shows no quota, so no drift can be seen
    run = module('brainy_mailbox', address='sales@example.com', quota='1G')
    assert run.result['changed'] is False
    assert 'quota of 500M on the panel, not 1G' in run.text
    assert writes(brainy) == [] and mailbox(brainy, 'webmaster', 'sales@example.com')['quota'] == 500


@pytest.mark.parametrize('args', [dict(address='new@example.com', password='x-Secret-1'),
                                  dict(address='info@example.com', state='absent')], ids=['create', 'absent'])
def test_mailbox_check_mode_sends_no_write(brainy, module, args):
    before = brainy.to_dict()
    run = module('brainy_mailbox', check=True, diff=True, **args)
    assert run.result['changed'] is True, run.output
    assert writes(brainy) == [] and brainy.to_dict() == before
    assert 'diff' in run.result


def test_mailbox_in_an_idn_domain_of_another_user(brainy, module):
    run = module('brainy_mailbox', env=dict(BRAINYCP_PANEL_USER='shop'), address='neu@bücher.example',
                 password='idn-Secret-1')
    assert run.result['changed'] is True, run.output
    assert mailbox(brainy, 'shop', 'neu@bücher.example') is not None


def test_a_domain_the_user_does_not_own(brainy, module):
    run = module('brainy_mailbox', address='intruder@shop.example.net', password='x-Secret-1', fails=True)
    assert run.result['failed'] is True
    assert 'does not belong to this hosting user' in run.result['msg']
    assert mailbox(brainy, 'shop', 'intruder@shop.example.net') is None


NOT_CONFIRMED = ("BrainyCP refuses a mailbox in a domain that is not the hosting user's (addmail error 4); webmaster has no "
                 "mailbox or forward in shop.example.net, so it cannot be confirmed before the change")


def test_check_mode_warns_about_a_domain_of_another_user(brainy, module):
    run = module('brainy_mailbox', check=True, address='intruder@shop.example.net', password='x-Secret-1')
    assert run.result['changed'] is True
    assert NOT_CONFIRMED in run.text
    assert [entry.operation for entry in brainy.log] == ['getlistmail', 'getforwardmail']
    real = module('brainy_mailbox', address='intruder@shop.example.net', password='x-Secret-1', fails=True)
    assert NOT_CONFIRMED in real.text and 'addmail error 4' in real.result['msg']
    assert mailbox(brainy, 'shop', 'intruder@shop.example.net') is None


def test_a_domain_with_only_a_forward_of_the_user_is_confirmed(brainy, module):
    assert module('brainy_mailbox', address='hello@example.org', state='absent').result['changed'] is True
    brainy.clear_log()
    run = module('brainy_mailbox', check=True, address='new@example.org', password='x-Secret-1')
    assert run.result['changed'] is True
    assert 'cannot be confirmed' not in run.text  # contact@example.org forwards: example.org is webmaster's
    assert [entry.operation for entry in brainy.log] == ['getlistmail', 'getforwardmail']


def test_info_warns_about_a_domain_with_nothing_of_the_user(brainy, module):
    run = module('brainy_mailbox_info', domain='shop.example.net')
    assert run.result['mailboxes'] == [] and run.result['forwards'] == []
    assert 'webmaster has no mailbox or forward in shop.example.net: the hosting user may not own the domain' in run.text
    assert 'panel_user names the hosting user whose mail is read' in run.text
    own = module('brainy_mailbox_info', domain='shop.example.net', env=dict(BRAINYCP_PANEL_USER='shop'))
    assert [box['address'] for box in own.result['mailboxes']] == ['orders@shop.example.net']
    assert 'may not own the domain' not in own.text


def test_wrong_login(brainy, module):
    run = module('brainy_mailbox', env=dict(BRAINYCP_PASSWORD='Wr0ng&pass'), address='info@example.com', fails=True)
    assert run.result['failed'] is True
    assert 'refused the login or password' in run.result['msg']
    assert 'Wr0ng&pass' not in run.output and BRAINY_PASSWORD not in run.output


def test_a_one_letter_mailbox_password_does_not_hide_a_wrong_login(brainy, module):
    # Masked before it was read, "Not perm2" became "Not ********erm2" and addmail was sent.
    run = module('brainy_mailbox', env=dict(BRAINYCP_PASSWORD='Wr0ng&pass'), address='new@example.com', password='p',
                 fails=True)
    assert run.result['error']['type'] == 'AuthenticationError' and run.result['error']['code'] == 1
    assert [entry.operation for entry in brainy.log] == ['getlistmail']
    assert mailbox(brainy, 'webmaster', 'new@example.com') is None


def test_unknown_panel_user(brainy, module):
    run = module('brainy_mailbox_info', env=dict(BRAINYCP_PANEL_USER='ghost'), fails=True)
    assert run.result['failed'] is True
    assert "BrainyCP has no hosting user 'ghost', the one panel_user names; set panel_user" in run.result['msg']


def test_unknown_api_login_as_default_panel_user(brainy, module):
    # Without panel_user the calls act for the API login; admin is no hosting user of the seed.
    run = module('brainy_mailbox_info', env=dict(BRAINYCP_PANEL_USER=''), fails=True)
    assert run.result['msg'].startswith("BrainyCP has no hosting user 'admin': panel_user is not set, so it defaulted to "
                                        "the API login 'admin', which is not a hosting user")


def test_a_limited_account_acting_for_someone_else(brainy, module):
    run = module('brainy_mailbox_info', env=dict(BRAINYCP_USERNAME='shop', BRAINYCP_PASSWORD='demo-shop-password'),
                 fails=True)
    assert 'error 1000' in run.result['msg']
    own = module('brainy_mailbox_info', env=dict(BRAINYCP_USERNAME='shop', BRAINYCP_PASSWORD='demo-shop-password',
                                                 BRAINYCP_PANEL_USER='shop'))
    assert [box['address'] for box in own.result['mailboxes']] == ['kontakt@bücher.example', 'orders@shop.example.net']


# --- brainy_forward ------------------------------------------------------------------------------

@pytest.mark.parametrize('mode', ['append', 'replace'])
def test_forward_ends_the_same_whether_the_panel_appends_or_replaces(brainy, module, mode):
    brainy.set_quirks(addforward=mode)
    targets = ['boss@example.org', 'new.person@example.net']
    run = module('brainy_forward', source='sales@example.com', targets=targets, diff=True)
    assert run.result['changed'] is True, run.output
    assert sorted(forward(brainy, 'webmaster', 'sales@example.com')['targets']) == targets
    assert run.result['diff']['before']['targets'] == ['boss@example.org', 'sales-team@example.net']
    brainy.clear_log()
    assert module('brainy_forward', source='sales@example.com', targets=targets).result['changed'] is False
    assert writes(brainy) == []


@pytest.mark.parametrize('arrow', ['->', '=>'])
def test_forwards_listed_as_strings_with_either_arrow(brainy, module, arrow):
    brainy.set_quirks(items='strings', forward_arrow=arrow)
    info = module('brainy_mailbox_info', domain='example.com')
    assert info.result['forwards'] == [
        {'source': 'sales@example.com', 'targets': ['boss@example.org', 'sales-team@example.net'], 'save_local': None}]
    targets = ['boss@example.org', 'new.person@example.net']
    run = module('brainy_forward', source='sales@example.com', targets=targets)
    assert run.result['changed'] is True, run.output
    assert sorted(forward(brainy, 'webmaster', 'sales@example.com')['targets']) == targets
    created = module('brainy_forward', source='hello@example.org', targets=['x@example.net', 'y@example.net'])
    assert created.result['changed'] is True, created.output
    assert forward(brainy, 'webmaster', 'hello@example.org')['targets'] == ['x@example.net', 'y@example.net']
    brainy.clear_log()
    assert module('brainy_forward', source='sales@example.com', targets=targets).result['changed'] is False
    assert module('brainy_forward', source='hello@example.org', targets=['y@example.net', 'x@example.net']).result['changed'] is False
    assert writes(brainy) == []


def test_forward_create_save_local_and_absent(brainy, module):
    brainy.set_quirks(items='objects')  # a listing of plain strings does not show save_local, so it cannot be compared
    run = module('brainy_forward', source='hello@example.org', targets=['x@example.net'], save_local=True)
    assert run.result['changed'] is True, run.output
    assert forward(brainy, 'webmaster', 'hello@example.org')['save_local'] in (1, True)
    flipped = module('brainy_forward', source='hello@example.org', targets=['x@example.net'], save_local=False)
    assert flipped.result['changed'] is True
    assert forward(brainy, 'webmaster', 'hello@example.org')['save_local'] in (0, False)
    assert module('brainy_forward', source='hello@example.org', state='absent').result['changed'] is True
    assert forward(brainy, 'webmaster', 'hello@example.org') is None
    assert module('brainy_forward', source='hello@example.org', state='absent').result['changed'] is False


def test_forward_check_mode_sends_no_write(brainy, module):
    before = brainy.to_dict()
    run = module('brainy_forward', check=True, source='sales@example.com', targets=['only@example.net'])
    assert run.result['changed'] is True
    assert writes(brainy) == [] and brainy.to_dict() == before


def test_forward_bad_address_is_refused_up_front(brainy, module):
    run = module('brainy_forward', source='sales@example.com', targets=['not an address'], fails=True)
    assert run.result['failed'] is True
    assert "targets must be one mail address such as info@example.com, not 'not an address'" in run.result['msg']
    assert brainy.log == []


# --- brainy_dns_auth -----------------------------------------------------------------------------

def test_dns_auth_switches_and_knows_what_it_can(brainy, module):
    run = module('brainy_dns_auth', domain='example.com', spf='enabled', dkim='enabled')
    assert run.result['changed'] is True, run.output
    assert run.result['spf']['changed'] is False and run.result['dkim']['changed'] is True
    assert domain(brainy, 'webmaster', 'example.com') == {'name': 'example.com', 'spf': True, 'dkim': True}
    again = module('brainy_dns_auth', domain='example.com', spf='enabled', dkim='enabled')
    assert again.result['changed'] is False
    off = module('brainy_dns_auth', domain='example.com', spf='disabled', dkim='disabled')
    assert off.result['changed'] is True and domain(brainy, 'webmaster', 'example.com')['dkim'] is False
    off_again = module('brainy_dns_auth', domain='example.com', dkim='disabled')
    assert off_again.result['changed'] is True and off_again.result['dkim']['known'] is False
    assert 'does not say whether DKIM was already off' in off_again.text


def test_dns_auth_check_mode_writes_nothing_and_says_so(brainy, module):
    run = module('brainy_dns_auth', check=True, domain='example.com', spf='disabled')
    assert run.result['changed'] is False and run.result['spf']['changed'] is None
    assert 'cannot report the SPF state' in run.text
    assert brainy.log == []


def test_dns_auth_domain_of_another_user(brainy, module):
    run = module('brainy_dns_auth', domain='shop.example.net', spf='enabled', fails=True)
    assert 'does not belong to this hosting user' in run.result['msg']


# --- brainy_mailbox_info, answer shapes, panel protection ----------------------------------------

@pytest.mark.parametrize('quirks', [{}, dict(code_key='error', message_key='mess', payload_key='detail', items='strings'),
                                    dict(payload_key='array')], ids=['default', 'error-mess-detail-strings', 'array'])
def test_info_reads_every_answer_shape(brainy, module, quirks):
    brainy.set_quirks(**quirks)
    run = module('brainy_mailbox_info')
    assert [box['address'] for box in run.result['mailboxes']] == ['hello@example.org', 'info@example.com',
                                                                   'sales@example.com']
    assert [entry['source'] for entry in run.result['forwards']] == ['contact@example.org', 'sales@example.com']
    assert run.result['forwards'][1]['targets'] == ['boss@example.org', 'sales-team@example.net']
    assert module('brainy_mailbox', address='info@example.com').result['changed'] is False


def test_htpasswd(brainy, module):
    brainy.http_basic = ('wëb', 'pässwörd')
    refused = module('brainy_mailbox_info', fails=True)
    assert 'brainycp_http_user and brainycp_http_password' in refused.result['msg']
    allowed = module('brainy_mailbox_info', env=dict(BRAINYCP_HTTP_USER='wëb', BRAINYCP_HTTP_PASSWORD='pässwörd'))
    assert allowed.result['failed'] is False, allowed.output
    assert 'pässwörd' not in allowed.output


@pytest.mark.parametrize('switch, words', [('ip_blocked', "IP address"), ('empty', 'empty body'),
                                           ('non_json', 'did not answer JSON')])
def test_a_refusing_or_broken_panel_gives_clear_errors(brainy, module, switch, words):
    if switch == 'ip_blocked':
        brainy.ip_blocked = True
    else:
        brainy.set_fault(switch)
    run = module('brainy_mailbox', address='new@example.com', password='x-Secret-1', fails=True)
    assert run.result['failed'] is True
    assert words in run.result['msg']
    assert mailbox(brainy, 'webmaster', 'new@example.com') is None
