# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""plesk_mail and plesk_mail_info in real playbooks against the Plesk simulator.

The simulator validates every packet against the Plesk XSDs (when ../shared has them) and keeps its
own state and request log, which the tests read to prove what was, and was not, sent.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from ansible_collections.hosting.mail.tests.integration.conftest import PLESK_PASSWORD, panel_account, plesk_env

TRICKY = 'Ünïcødé & <tags> "double" \'single\' ß€'
TRICKY_PASSWORD = 'Pässwörd & <pw> "dq" \'sq\' €'


def writes(simulator):
    return [operation for entry in simulator.log if entry.write for operation in entry.operations]


def reads(simulator):
    return [operation for entry in simulator.log if not entry.write for operation in entry.operations]


@pytest.fixture
def mail(plesk, run_module):
    """Run plesk_mail with ``args`` against the simulator."""
    def run(check=False, diff=False, env=None, fails=False, **args):
        return run_module('plesk_mail', args, plesk_env(plesk, **(env or {})), check=check, diff=diff, fails=fails)
    return run


def test_schema_validation_is_on(plesk):
    if not plesk.validating:
        pytest.skip('Plesk XSDs not found (%s): packets are not schema-checked in this run' % plesk.schema_status)
    assert plesk.validating


def test_create_then_rerun_changes_nothing(plesk, mail):
    first = mail(name='new@example.com', password='initial-Secret1', quota='512M', aliases=['new.alias'])
    assert first.result['changed'] is True, first.output
    assert first.result['changed_fields'] == ['created']
    assert first.result['account']['quota'] == 512 * 1024 ** 2
    stored = panel_account(plesk, 'example.com', 'new')
    assert stored['mailbox'] == {'enabled': True, 'quota': 512 * 1024 ** 2}
    assert stored['aliases'] == ['new.alias']
    assert stored['password']['value'] == 'initial-Secret1'
    plesk.clear_log()
    second = mail(name='new@example.com', password='initial-Secret1', quota='512M', aliases=['new.alias'])
    assert second.result['changed'] is False
    assert writes(plesk) == []
    assert reads(plesk) == ['site/get', 'webspace/get', 'mail/get_info']
    assert len(plesk.log) == 2  # the site lookup is one packet


CHANGES = [
    ('mailbox', dict(mailbox=False), lambda a: a['mailbox']['enabled'] is False),
    ('quota', dict(quota='2G'), lambda a: a['mailbox']['quota'] == 2 * 1024 ** 3),
    ('quota', dict(quota='100M'), lambda a: a['mailbox']['quota'] == 100 * 1024 ** 2),
    ('aliases', dict(aliases=['contact', 'support']), lambda a: sorted(a['aliases']) == ['contact', 'support']),
    ('aliases', dict(aliases=[]), lambda a: a['aliases'] == []),
    ('forwarding', dict(forwarding=dict(enabled=True, addresses=['boss@example.net'])),
     lambda a: a['forwarding'] == {'enabled': True, 'addresses': ['boss@example.net']}),
    ('autoresponder', dict(autoresponder=dict(enabled=True, subject='Away', text='Back soon', content_type='text/plain',
                                              charset='UTF-8', forward_to='boss@example.net', end_date='2030-01-31')),
     lambda a: a['autoresponder']['enabled'] and a['autoresponder']['end_date'] == '2030-01-31'),
    ('antivirus', dict(antivirus='in'), lambda a: a['antivir'] == 'in'),
    ('outgoing_messages_limit', dict(outgoing_messages_limit='50'), lambda a: a['outgoing_messages_mbox_limit'] == '50'),
    ('description', dict(description='Front desk'), lambda a: a['description'] == 'Front desk'),
    ('password', dict(password='n3w-Secret', update_password='always'), lambda a: a['password']['value'] == 'n3w-Secret'),
    ('cp_access', dict(cp_access=True, update_cp_access='always'), lambda a: a['cp_access'] is True),
]


@pytest.mark.parametrize('field, args, holds', CHANGES, ids=['%s-%d' % (c[0], i) for i, c in enumerate(CHANGES)])
def test_each_field_changes_alone(plesk, mail, field, args, holds):
    before = panel_account(plesk, 'example.com', 'info')
    run = mail(name='info@example.com', **args)
    assert run.result['changed'] is True, run.output
    assert {name.split('.')[0] for name in run.result['changed_fields']} == {field}
    after = panel_account(plesk, 'example.com', 'info')
    assert holds(after)
    # Nothing else moved: every other setting is as before.
    untouched = {'mailbox': 'mailbox', 'quota': 'mailbox', 'aliases': 'aliases', 'forwarding': 'forwarding',
                 'autoresponder': 'autoresponder', 'antivirus': 'antivir', 'password': 'password',
                 'outgoing_messages_limit': 'outgoing_messages_mbox_limit', 'description': 'description',
                 'cp_access': 'cp_access'}
    for name, key in untouched.items():
        if untouched[field] != key:
            assert after[key] == before[key], key
    if field not in ('password', 'cp_access'):
        plesk.clear_log()
        again = mail(name='info@example.com', **args)
        assert again.result['changed'] is False, again.output
        assert writes(plesk) == []


def test_unlimited_quota(plesk, mail):
    assert mail(name='sales@example.com', quota='unlimited').result['changed_fields'] == ['quota']
    assert panel_account(plesk, 'example.com', 'sales')['mailbox']['quota'] == -1


def test_write_only_settings_follow_update_password(plesk, mail):
    run = mail(name='info@example.com', password='ignored-Secret', cp_access=True)
    assert run.result['changed'] is False
    assert panel_account(plesk, 'example.com', 'info')['password']['value'] == 'info-mail-password'


def test_rename(plesk, mail):
    run = mail(name='welcome@example.com', old_name='info@example.com')
    assert run.result['changed_fields'] == ['renamed']
    assert panel_account(plesk, 'example.com', 'info') is None
    assert panel_account(plesk, 'example.com', 'welcome')['aliases'] == ['contact', 'hello']
    again = mail(name='welcome@example.com', old_name='info@example.com')
    assert again.result['changed'] is False


def test_rename_with_both_present_fails_clearly(plesk, mail):
    run = mail(name='sales@example.com', old_name='info@example.com', fails=True)
    assert run.result['failed'] is True
    assert 'both accounts exist' in run.result['msg']
    assert writes(plesk) == []


def test_a_refused_create_reports_no_change(plesk, mail):
    # Plesk refuses an outgoing limit it does not know (1019): the whole create is refused.
    run = mail(name='new@example.com', password='initial-Secret1', outgoing_messages_limit='lots', fails=True)
    assert run.result['failed'] is True, run.output
    assert run.result['error']['code'] == 1019
    assert run.result['changed'] is False and run.result['changed_fields'] == []
    assert panel_account(plesk, 'example.com', 'new') is None


@pytest.mark.parametrize('check', [True, False], ids=['check', 'real'])
def test_a_name_another_account_keeps_is_refused_before_sending(plesk, mail, check):
    # 'contact' is an alias of info@example.com: Plesk would refuse the create with 1007.
    run = mail(check=check, name='new@example.com', password='initial-Secret1', aliases=['contact'], fails=True)
    assert 'contact@example.com is already the name or an alias of info@example.com' in run.result['msg']
    assert run.result['changed'] is False
    assert panel_account(plesk, 'example.com', 'new') is None and writes(plesk) == []


def test_absent(plesk, mail):
    run = mail(name='sales@example.com', state='absent')
    assert run.result['changed'] is True
    assert panel_account(plesk, 'example.com', 'sales') is None
    assert panel_account(plesk, 'example.com', 'info') is not None
    removal = [entry for entry in plesk.log if entry.write]
    assert len(removal) == 1 and b'<name>sales</name>' in removal[0].body
    again = mail(name='sales@example.com', state='absent')
    assert again.result['changed'] is False


@pytest.mark.parametrize('quirk', ['error', 'omit'])
def test_a_missing_account_is_data_both_ways(plesk, mail, quirk):
    plesk.set_quirks(missing_mail=quirk)
    assert mail(name='nobody@example.com', state='absent').result['changed'] is False
    created = mail(name='nobody@example.com', password='some-Secret1')
    assert created.result['changed'] is True


@pytest.mark.parametrize('args', [
    dict(name='brand.new@example.com', password='x-Secret-1', quota='1G'),
    dict(name='info@example.com', quota='3G', aliases=['only'], description='changed'),
    dict(name='sales@example.com', state='absent'),
    dict(name='renamed@example.com', old_name='info@example.com'),
], ids=['create', 'update', 'absent', 'rename'])
def test_check_mode_sends_no_write(plesk, mail, args):
    before = plesk.panel.to_dict()
    run = mail(check=True, **args)
    assert run.result['changed'] is True, run.output
    assert writes(plesk) == []
    assert plesk.panel.to_dict() == before


@pytest.mark.parametrize('args, says', [
    (dict(forwarding=dict(enabled=True)), 'forwarding.enabled needs at least one address'),
    (dict(description='bell \x07 inside'), 'The value for description contains the character U+0007'),
], ids=['forwarding-without-addresses', 'control-character'])
@pytest.mark.parametrize('check', [True, False], ids=['check', 'real'])
def test_values_the_panel_cannot_take_fail_in_check_mode_too(plesk, mail, args, says, check):
    # noreply@ forwards nowhere, so enabling forwarding without addresses cannot work.
    run = mail(check=check, name='noreply@example.com', fails=True, **args)
    assert run.result['failed'] is True, run.output
    assert says in run.result['msg']
    assert writes(plesk) == []


def test_diff_shows_before_and_after_without_the_password(plesk, mail):
    run = mail(diff=True, name='info@example.com', quota='1G', password='diff-Secret-9', update_password='always')
    diff = run.result['diff']
    assert diff['before']['quota'] == -1 and diff['after']['quota'] == 1024 ** 3
    assert diff['after']['password'] == '(password changed)'
    assert 'diff-Secret-9' not in run.output
    assert 'diff-Secret-9' not in str(run.result)


def test_special_characters_round_trip(plesk, mail, run_module):
    responder = dict(enabled=True, subject=TRICKY, text=TRICKY + '\nsecond line')
    run = mail(name='tricky@example.com', password=TRICKY_PASSWORD, description=TRICKY, autoresponder=responder)
    assert run.result['changed'] is True, run.output
    assert TRICKY_PASSWORD not in run.text
    stored = panel_account(plesk, 'example.com', 'tricky')
    assert stored['password']['value'] == TRICKY_PASSWORD
    assert stored['description'] == TRICKY
    assert stored['autoresponder']['subject'] == TRICKY
    assert stored['autoresponder']['text'] == TRICKY + '\nsecond line'
    assert run.result['account']['description'] == TRICKY
    assert mail(name='tricky@example.com', description=TRICKY, autoresponder=responder).result['changed'] is False


@pytest.mark.parametrize('domain', ['bücher.example', 'xn--bcher-kva.example'])
def test_idn_domain(plesk, mail, domain):
    run = mail(name='post@%s' % domain, password='idn-Secret-1')
    assert run.result['changed'] is True, run.output
    assert run.result['site_id'] == 2
    assert panel_account(plesk, 'bücher.example', 'post') is not None


def test_mailbox_on_an_addon_domain(plesk, mail):
    run = mail(name='support@shop.example.org', password='addon-Secret-1')
    assert run.result['changed'] is True, run.output
    assert run.result['site_id'] == 3
    assert panel_account(plesk, 'shop.example.org', 'support') is not None


def test_wrong_password_is_a_clear_error_without_the_secret(plesk, mail):
    wrong = 'Wr0ng&<password>"'
    run = mail(name='info@example.com', env=dict(PLESK_PASSWORD=wrong), fails=True)
    assert run.result['failed'] is True
    assert 'login or password was refused' in run.result['msg']
    for secret in (wrong, PLESK_PASSWORD):
        assert secret not in run.text


def test_secret_key_authentication(plesk, mail):
    plesk_key = plesk.panel.secret_keys[0]
    run = mail(name='info@example.com', quota='5G', env=dict(PLESK_SECRET_KEY=plesk_key, PLESK_PASSWORD=''))
    assert run.result['changed'] is True, run.output
    assert all(entry.headers.get('KEY') == plesk_key for entry in plesk.log)


def test_missing_site_is_a_clear_error(plesk, mail):
    run = mail(name='info@no-such-domain.example', fails=True)
    assert run.result['failed'] is True
    assert 'no site or subscription named no-such-domain.example' in run.result['msg']


def test_info_lists_a_site_and_one_account(plesk, run_module):
    listing = run_module('plesk_mail_info', dict(domain='example.com'), plesk_env(plesk)).result
    assert [account['address'] for account in listing['accounts']] == [
        'info@example.com', 'noreply@example.com', 'sales@example.com']
    sales = listing['accounts'][2]
    assert sales['forwarding'] == {'enabled': True, 'addresses': ['sales-team@example.net']}
    assert sales['quota'] == 1024 ** 3
    one = run_module('plesk_mail_info', dict(name='info@example.com'), plesk_env(plesk)).result
    assert [account['address'] for account in one['accounts']] == ['info@example.com']
    assert one['accounts'][0]['aliases'] == ['contact@example.com', 'hello@example.com']
    none = run_module('plesk_mail_info', dict(name='ghost@example.com'), plesk_env(plesk)).result
    assert none['accounts'] == []
    assert writes(plesk) == []


def test_info_for_a_site_id_that_does_not_exist_fails(plesk, run_module):
    run = run_module('plesk_mail_info', dict(domain='example.com', site_id=999), plesk_env(plesk), fails=True)
    assert run.result['failed'] is True, run.output
    assert 'Plesk has no site with site_id 999' in run.result['msg'] and 'accounts' not in run.result


def test_module_defaults_group(plesk, collections_path, tmp_path):
    variables = tmp_path / 'vars.json'
    variables.write_text(json.dumps(dict(panel_url=plesk.url, panel_login='admin', panel_password=PLESK_PASSWORD,
                                         panel_ca=plesk.ca_cert)))
    playbook = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'playbooks', 'plesk_module_defaults.yml')
    process = subprocess.run([os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'), '-i', 'localhost,',
                              playbook, '-e', '@%s' % variables], capture_output=True, text=True, check=False,
                             env=dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_path,
                                      ANSIBLE_PYTHON_INTERPRETER=sys.executable))
    assert process.returncode == 0, process.stdout + process.stderr
    assert panel_account(plesk, 'example.com', 'grouped') is not None


@pytest.mark.parametrize('version', ['1.6.7.0', '1.6.9.0', '1.6'])
def test_a_pinned_version_is_sent_and_end_date_works(plesk, mail, version):
    args = dict(name='info@example.com', env=dict(PLESK_API_VERSION=version),
                autoresponder=dict(enabled=True, end_date='2031-05-01'))
    run = mail(**args)
    assert run.result['changed'] is True, run.output
    assert all(('version="%s"' % version).encode() in entry.body for entry in plesk.log)
    assert panel_account(plesk, 'example.com', 'info')['autoresponder']['end_date'] == '2031-05-01'
    # 1.6.7.0 takes end_date but does not report it back; the rerun must still be quiet.
    plesk.clear_log()
    again = mail(**args)
    assert again.result['changed'] is False, again.output
    assert writes(plesk) == []


def test_end_date_needs_1_6_7_0(plesk, mail):
    run = mail(name='info@example.com', env=dict(PLESK_API_VERSION='1.6.6.0'), autoresponder=dict(end_date='2031-05-01'),
               fails=True)
    assert run.result['failed'] is True
    assert 'end_date needs Plesk protocol 1.6.7.0' in run.result['msg']
    assert writes(plesk) == []


def test_an_unsupported_version_says_what_to_do(plesk, mail):
    run = mail(name='info@example.com', env=dict(PLESK_API_VERSION='9.9.9.9'), fails=True)
    assert run.result['failed'] is True
    assert 'error 1005' in run.result['msg']
    assert 'pin another plesk_api_version' in run.result['msg']


def test_a_crypt_password_is_sent_as_a_hash(plesk, mail):
    hashed = '$6$salt$' + 'x' * 86
    run = mail(name='migrated@example.com', password=hashed, password_type='crypt')
    assert run.result['changed'] is True, run.output
    assert panel_account(plesk, 'example.com', 'migrated')['password'] == {'value': hashed, 'type': 'crypt'}
