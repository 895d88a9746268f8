# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The playbooks and roles as users run them: inventory with Vault, refusals up front, no secret in -vvv output."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from ansible_collections.hosting.mail.tests.integration.conftest import (
    BRAINY_PASSWORD,
    COLLECTION_ROOT,
    PLESK_LOGIN,
    PLESK_PASSWORD,
)

PLAYBOOKS = os.path.join(COLLECTION_ROOT, 'playbooks')
EXAMPLE = os.path.join(PLAYBOOKS, 'inventory', 'example.yml')
VAULT_PASSWORD = os.path.join(PLAYBOOKS, 'inventory', 'example.vault-password')
OFFICE_PASSWORD = 'Öffice&<pw>"1\''


def ansible(collections_path, *arguments, tool='ansible-playbook'):
    command = [os.path.join(os.path.dirname(sys.executable), tool)] + list(arguments)
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_path, ANSIBLE_NOCOLOR='1',
               ANSIBLE_PYTHON_INTERPRETER=sys.executable)
    process = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    return process.returncode, process.stdout + process.stderr


def test_the_example_inventory_reads_its_vault(collections_path):
    status, output = ansible(collections_path, '-i', EXAMPLE, '--vault-password-file', VAULT_PASSWORD, '--host',
                             'plesk-prod', tool='ansible-inventory')
    assert status == 0, output
    assert json.loads(output)['vault_plesk_password'] == 'demo-admin-password'


@pytest.mark.parametrize('playbook', ['provision_mail.yml', 'offboard_mailbox.yml', 'show_mail.yml', 'export_mail.yml'])
def test_the_playbooks_pass_a_syntax_check(collections_path, playbook):
    status, output = ansible(collections_path, '-i', EXAMPLE, '--vault-password-file', VAULT_PASSWORD,
                             '--syntax-check', os.path.join(PLAYBOOKS, playbook))
    assert status == 0, output


def inventory(tmp_path, hosts):
    path = tmp_path / 'inventory.json'
    path.write_text(json.dumps({'mail_panels': {'vars': {'ansible_connection': 'local'}, 'hosts': hosts}}))
    return str(path)


def test_a_key_the_panel_cannot_honour_stops_before_any_request(brainy, collections_path, tmp_path):
    hosts = {'brainy': dict(mail_panel='brainycp', brainycp_url=brainy.url, brainycp_username='admin',
                            brainycp_password=BRAINY_PASSWORD, panel_ca_path=brainy.ca_cert,
                            mail_provisioning_domains=[{'name': 'example.com', 'panel_user': 'webmaster', 'accounts': [
                                {'name': 'info', 'aliases': ['hello']}]}])}
    status, output = ansible(collections_path, '-i', inventory(tmp_path, hosts),
                             os.path.join(PLAYBOOKS, 'provision_mail.yml'))
    assert status != 0
    assert 'account info@example.com: aliases not supported on brainycp (only on plesk).' in output
    assert brainy.log == []


def test_no_password_in_verbose_output(plesk, collections_path, tmp_path):
    hosts = {'plesk': dict(mail_panel='plesk', plesk_url=plesk.url, plesk_username=PLESK_LOGIN,
                           plesk_password=PLESK_PASSWORD, plesk_api_version='1.6.9.0', panel_ca_path=plesk.ca_cert,
                           mail_provisioning_domains=[{'name': 'example.com', 'accounts': [
                               {'name': 'office', 'password': OFFICE_PASSWORD, 'quota': '1G'}]}],
                           mail_provisioning_users=[{'login': 'office.manager', 'password': OFFICE_PASSWORD + 'u',
                                                     'name': 'Office', 'role': 'WebMaster'}])}
    for extra in ([], ['--check'], ['--diff']):
        status, output = ansible(collections_path, '-vvv', '-i', inventory(tmp_path, hosts),
                                 os.path.join(PLAYBOOKS, 'provision_mail.yml'), *extra)
        assert status == 0, output
        for secret in (OFFICE_PASSWORD, PLESK_PASSWORD):
            assert secret not in output
    stored = [account for webspace in plesk.panel.to_dict()['webspaces'] for account in webspace['mail']
              if account['name'] == 'office']
    assert stored[0]['password']['value'] == OFFICE_PASSWORD


def plesk_host(plesk, domains):
    return {'plesk': dict(mail_panel='plesk', plesk_url=plesk.url, plesk_username=PLESK_LOGIN, plesk_password=PLESK_PASSWORD,
                          panel_ca_path=plesk.ca_cert, mail_provisioning_domains=domains, mail_provisioning_prune=True)}


def plesk_mail(plesk, domain):
    for webspace in plesk.panel.to_dict()['webspaces']:
        for site in [webspace] + webspace.get('sites', []):
            if site['name'] == domain:
                return sorted(account['name'] for account in site['mail'])
    return None


def test_a_site_id_of_another_domain_changes_nothing(plesk, collections_path, tmp_path):
    # site_id 1 is example.com: pruning shop.example.org with it must not remove example.com's accounts.
    before = plesk.panel.to_dict()
    hosts = plesk_host(plesk, [{'name': 'shop.example.org', 'site_id': 1, 'accounts': []}])
    status, output = ansible(collections_path, '-i', inventory(tmp_path, hosts), os.path.join(PLAYBOOKS, 'provision_mail.yml'))
    assert status != 0
    assert 'site_id 1 is the site example.com, not shop.example.org' in ' '.join(output.split())
    assert plesk.panel.to_dict() == before
    assert not [entry for entry in plesk.log if entry.write]


def summary(output):
    """The lines of the role's last summary, by their first words ('Would create', 'Created', 'Left alone', ...)."""
    lines = re.findall(r'^\s*"((?:Would create|Created|Would change|Changed|Would remove|Removed|Left alone|Failed): .*)",?$',
                       output, re.MULTILINE)
    return dict(line.split(': ', 1) for line in lines)


def test_the_summary_names_the_kind_of_each_item_on_plesk(plesk, collections_path, tmp_path):
    # office@example.com becomes a mail account and a panel user: each line must say which is which, in check mode
    # as in a real run. Prune removes the other accounts of example.com and the panel users the data does not list.
    domains = [{'name': 'example.com', 'accounts': [{'name': 'info'}, {'name': 'office', 'password': 'Office-Secret-1'}]}]
    hosts = plesk_host(plesk, domains)
    hosts['plesk']['mail_provisioning_users'] = [{'login': 'office@example.com', 'password': 'Office-User-Secret-1',
                                                  'name': 'Office', 'role': 'WebMaster'}]
    others = sorted(user['login'] for user in plesk.panel.to_dict()['users'] if not user.get('built_in'))
    removed = 'mail accounts noreply@example.com, sales@example.com; panel user%s %s' % ('s' * (len(others) > 1), ', '.join(others))
    path = inventory(tmp_path, hosts)
    status, output = ansible(collections_path, '-i', path, os.path.join(PLAYBOOKS, 'provision_mail.yml'), '--check')
    assert status == 0, output
    assert summary(output) == {'Would create': 'mail account office@example.com; panel user office@example.com',
                               'Would change': 'nothing', 'Would remove': removed, 'Left alone': '1 mail account',
                               'Failed': 'none'}
    status, output = ansible(collections_path, '-i', path, os.path.join(PLAYBOOKS, 'provision_mail.yml'))
    assert status == 0, output
    assert summary(output) == {'Created': 'mail account office@example.com; panel user office@example.com',
                               'Changed': 'nothing', 'Removed': removed, 'Left alone': '1 mail account', 'Failed': 'none'}
    assert plesk_mail(plesk, 'example.com') == ['info', 'office']
    assert [user['login'] for user in plesk.panel.to_dict()['users'] if not user.get('built_in')] == ['office@example.com']
    status, output = ansible(collections_path, '-i', path, os.path.join(PLAYBOOKS, 'provision_mail.yml'))
    assert status == 0, output
    assert summary(output)['Left alone'] == '2 mail accounts, 1 panel user'
    assert summary(output)['Created'] == 'nothing'


def test_the_summary_names_the_kind_of_each_item_on_brainycp(brainy, collections_path, tmp_path):
    # The seed holds info@ and sales@ (with a forward) for webmaster, SPF on and DKIM off for example.com.
    hosts = {'brainy': dict(mail_panel='brainycp', brainycp_url=brainy.url, brainycp_username='admin',
                            brainycp_password=BRAINY_PASSWORD, panel_ca_path=brainy.ca_cert,
                            mail_provisioning_domains=[{'name': 'example.com', 'panel_user': 'webmaster', 'dkim': 'enabled',
                                                        'accounts': [{'name': 'info'}, {'name': 'team', 'password': 'Team-Secret-1'}],
                                                        'forwards': [{'source': 'sales', 'targets': ['info']},
                                                                     {'source': 'help', 'targets': ['team']}]}])}
    status, output = ansible(collections_path, '-i', inventory(tmp_path, hosts), os.path.join(PLAYBOOKS, 'provision_mail.yml'))
    assert status == 0, output
    assert summary(output) == {'Created': 'mail account team@example.com; forward help@example.com',
                               'Changed': 'forward sales@example.com; SPF/DKIM of example.com', 'Removed': 'nothing',
                               'Left alone': '1 mail account', 'Failed': 'none'}
    user = next(entry for entry in brainy.to_dict()['users'] if entry['login'] == 'webmaster')
    assert 'team@example.com' in {box['email'] for box in user['mailboxes']}
    assert {entry['source']: entry['targets'] for entry in user['forwards']}['help@example.com'] == ['team@example.com']
    assert next(domain for domain in user['domains'] if domain['name'] == 'example.com')['dkim'] is True


def test_the_offboarding_summary_names_the_kind_of_each_item(plesk, collections_path, tmp_path):
    hosts = {'plesk': dict(mail_panel='plesk', plesk_url=plesk.url, plesk_username=PLESK_LOGIN, plesk_password=PLESK_PASSWORD,
                           panel_ca_path=plesk.ca_cert, mail_offboarding_address='info@example.com',
                           mail_offboarding_successor='sales@example.com', mail_offboarding_mailbox='disable',
                           mail_offboarding_panel_login='jane.webmaster', mail_offboarding_panel_login_action='disable')}
    path = inventory(tmp_path, hosts)
    said = ['Mail account info@example.com: mailbox off, mail only forwarded', 'Forward to: sales@example.com',
            'Out of office: none', 'Panel user jane.webmaster: disabled']
    for extra, first in ((['--check'], ['Check mode: nothing was changed; a real run leaves what follows.']), ([], [])):
        status, output = ansible(collections_path, '-i', path, os.path.join(PLAYBOOKS, 'offboard_mailbox.yml'), *extra)
        assert status == 0, output
        shown = re.search(r'"msg": \[\s*(.*?)\s*\]', output.split('Say what was done')[-1], re.DOTALL).group(1)
        assert json.loads('[%s]' % shown) == first + said
    users = {user['login']: user for user in plesk.panel.to_dict()['users']}
    assert users['jane.webmaster']['status'] == 'disabled'


def test_a_failed_account_still_shows_the_summary_and_counts_what_was_done(plesk, collections_path, tmp_path):
    # hello@ is an alias of info@: that account cannot be created; fresh@ can, and the run says so.
    accounts = [{'name': 'info'}, {'name': 'sales'}, {'name': 'noreply'}, {'name': 'fresh', 'password': 'Fresh-Secret-1'},
                {'name': 'hello', 'password': 'Hello-Secret-1'}]
    hosts = plesk_host(plesk, [{'name': 'example.com', 'accounts': accounts}])
    status, output = ansible(collections_path, '-i', inventory(tmp_path, hosts), os.path.join(PLAYBOOKS, 'provision_mail.yml'))
    text = ' '.join(output.split())
    assert status != 0
    assert summary(output)['Created'] == 'mail account fresh@example.com'
    assert summary(output)['Failed'] == 'mail account hello@example.com'
    assert 'change(s) failed: mail account hello@example.com.' in text
    assert re.search(r'plesk\s*: ok=\d+\s+changed=[1-9]', output), output[-1500:]
    assert 'fresh' in plesk_mail(plesk, 'example.com') and 'hello' not in plesk_mail(plesk, 'example.com')


def test_a_panel_converges_in_chunks_naming_a_missing_domain(plesk, collections_path, tmp_path):
    # Four domains, two a chunk: one task, two loop items labelled with the domains they cover. gone.example is not
    # on the panel: it is named, and the other domains are converged all the same.
    domains = [{'name': 'example.com', 'accounts': [{'name': 'info'}, {'name': 'fresh', 'password': 'Fresh-Secret-1'}]},
               {'name': 'shop.example.org', 'accounts': [{'name': 'orders'}]},
               {'name': 'bücher.example', 'accounts': [{'name': 'kontakt', 'quota': '2G'}]},
               {'name': 'gone.example', 'accounts': [{'name': 'info', 'password': 'Gone-Secret-1'}]}]
    hosts = plesk_host(plesk, domains)
    hosts['plesk']['mail_provisioning_chunk_size'] = 2
    path = inventory(tmp_path, hosts)
    before = plesk.panel.to_dict()
    status, output = ansible(collections_path, '-i', path, os.path.join(PLAYBOOKS, 'provision_mail.yml'), '--check')
    assert status != 0 and plesk.panel.to_dict() == before
    assert '(item=example.com to shop.example.org (2 domains), part 1 of 2)' in output
    assert '(item=bücher.example to gone.example (2 domains), part 2 of 2)' in output
    assert summary(output) == {'Would create': 'mail account fresh@example.com',
                               'Would change': 'mail account kontakt@bücher.example',
                               'Would remove': 'mail accounts noreply@example.com, sales@example.com',
                               'Left alone': '2 mail accounts', 'Failed': 'domain gone.example; mail account info@gone.example'}
    status, output = ansible(collections_path, '-i', path, os.path.join(PLAYBOOKS, 'provision_mail.yml'))
    assert status != 0
    assert summary(output)['Failed'] == 'domain gone.example; mail account info@gone.example'
    assert 'Gone-Secret-1' not in output and 'Fresh-Secret-1' not in output
    assert plesk_mail(plesk, 'example.com') == ['fresh', 'info'] and plesk_mail(plesk, 'shop.example.org') == ['orders']
    hosts['plesk']['mail_provisioning_domains'] = domains[:3]
    plesk.clear_log()
    status, output = ansible(collections_path, '-i', inventory(tmp_path, hosts), os.path.join(PLAYBOOKS, 'provision_mail.yml'))
    assert status == 0, output
    assert summary(output)['Left alone'] == '4 mail accounts'
    assert len(plesk.log) == 4 and not any(entry.write for entry in plesk.log)  # per chunk: a lookup and a read


def test_a_brainycp_panel_converges_in_chunks_of_hosting_users_naming_one_refused(brainy, collections_path, tmp_path):
    # webmaster and shop exist, nobody does not: one chunk a user, labelled with it; nobody is named, the others done.
    domains = [{'name': 'example.com', 'panel_user': 'webmaster', 'accounts': [{'name': 'info'}, {'name': 'sales'}],
                'forwards': [{'source': 'sales', 'targets': ['info']}]},
               {'name': 'shop.example.net', 'panel_user': 'shop',
                'accounts': [{'name': 'orders'}, {'name': 'fresh', 'password': 'Fresh-Secret-1'}]},
               {'name': 'nowhere.example', 'panel_user': 'nobody', 'accounts': [{'name': 'x', 'password': 'X-Secret-1'}]}]
    hosts = {'brainy': dict(mail_panel='brainycp', brainycp_url=brainy.url, brainycp_username='admin',
                            brainycp_password=BRAINY_PASSWORD, panel_ca_path=brainy.ca_cert, mail_provisioning_chunk_size=1,
                            mail_provisioning_domains=domains)}
    status, output = ansible(collections_path, '-i', inventory(tmp_path, hosts), os.path.join(PLAYBOOKS, 'provision_mail.yml'))
    assert status != 0
    assert '(item=webmaster, part 1 of 3)' in output and '(item=nobody, part 3 of 3)' in output
    assert summary(output)['Created'] == 'mail account fresh@shop.example.net'
    assert summary(output)['Changed'] == 'forward sales@example.com'
    assert summary(output)['Failed'] == 'hosting user nobody; mail account x@nowhere.example'
    assert 'Fresh-Secret-1' not in output and 'X-Secret-1' not in output
    user = next(entry for entry in brainy.to_dict()['users'] if entry['login'] == 'shop')
    assert 'fresh@shop.example.net' in {box['email'] for box in user['mailboxes']}


def plesk_domain(plesk, name):
    for webspace in plesk.panel.to_dict()['webspaces']:
        for site in [webspace] + webspace.get('sites', []):
            if site['name'] == name:
                return site
    return None


def test_the_mail_settings_spf_dmarc_dkim_and_spam_filters_of_plesk_domains_converge(plesk, collections_path, tmp_path):
    spf = 'v=spf1 +a +mx include:_spf.example.net -all'
    domains = [
        {'name': 'example.com', 'spf': spf, 'dmarc': 'v=DMARC1; p=quarantine', 'dkim': 'enabled',
         'catch_all': 'info@example.com', 'greylisting': False,
         'accounts': [{'name': 'info', 'spam_filter': {'enabled': True, 'action': 'move', 'block': ['*@spam.example']}},
                      {'name': 'sales'}, {'name': 'noreply'}]},
        {'name': 'shop.example.org', 'mail_service': False, 'dmarc': 'absent'},
    ]
    hosts = plesk_host(plesk, domains)
    hosts['plesk']['mail_provisioning_prune'] = False
    path = inventory(tmp_path, hosts)
    before = plesk.panel.to_dict()
    status, output = ansible(collections_path, '-i', path, os.path.join(PLAYBOOKS, 'provision_mail.yml'), '--check')
    assert status == 0, output
    assert summary(output)['Would change'] == ('mail settings of example.com, shop.example.org; SPF/DMARC/DKIM of '
                                               'example.com, shop.example.org; spam filter of info@example.com')
    assert plesk.panel.to_dict() == before
    status, output = ansible(collections_path, '-i', path, os.path.join(PLAYBOOKS, 'provision_mail.yml'))
    assert status == 0, output
    assert summary(output)['Changed'] == ('mail settings of example.com, shop.example.org; SPF/DMARC/DKIM of '
                                          'example.com, shop.example.org; spam filter of info@example.com')
    example = plesk_domain(plesk, 'example.com')
    records = [(record['host'], record['value']) for record in example['dns']['records'] if record['type'] == 'TXT']
    assert [value for host, value in records if host == '' and value.startswith('v=spf1')] == [spf]
    assert [value for host, value in records if host == '_dmarc'] == ['v=DMARC1; p=quarantine']
    assert any(host == 'default._domainkey' for host, _value in records)
    assert example['mail_prefs']['nonexistent_user'] == {'action': 'forward', 'value': 'info@example.com'}
    assert example['mail_prefs']['greylisting'] is False and example['mail_prefs']['spam_protect_sign'] is True
    info = next(account for account in example['mail'] if account['name'] == 'info')
    assert info['spamfilter']['enabled'] is True and info['spamfilter']['lists']['black'] == ['*@spam.example']
    shop = plesk_domain(plesk, 'shop.example.org')
    assert shop['mail_prefs']['mailservice'] is False
    assert not [record for record in shop['dns']['records'] if record['host'] == '_dmarc']
    plesk.clear_log()
    status, output = ansible(collections_path, '-i', path, os.path.join(PLAYBOOKS, 'provision_mail.yml'))
    assert status == 0, output
    assert summary(output)['Changed'] == 'nothing'
    assert re.search(r'changed=0\b', output), output
    assert not [entry for entry in plesk.log if entry.write]
