# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Adopting a panel: playbooks/export_mail.yml writes what a panel holds as the role's data, and the role run with that
data and prune changes nothing (no write in the simulator's log), in check mode and for real; a re-export of the
unchanged panel is byte-identical, and a change on the panel shows in the next export."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
import yaml

from ansible_collections.hosting.mail.tests.integration.conftest import (
    BRAINY_PASSWORD,
    BRAINY_SEED,
    COLLECTION_ROOT,
    PLESK_LOGIN,
    PLESK_PASSWORD,
    PLESK_SEED,
)

PLAYBOOKS = os.path.join(COLLECTION_ROOT, 'playbooks')
MANY_TARGETS = ['team%02d@example.net' % number for number in range(12)]


def plesk_seed():
    """The demo panel with more of what an export must carry: IDN names, aliases, forwarding to many addresses,
    autoresponders with end dates, mailboxes switched off, forward-only accounts, odd text, a quota of 0."""
    with open(PLESK_SEED, encoding='utf-8') as handle:
        seed = json.load(handle)
    example, buecher = seed['webspaces']
    example['mail'] += [
        {'name': 'team', 'mailbox': {'enabled': True, 'quota': 2147483648}, 'aliases': ['crew', 'staff'],
         'forwarding': {'enabled': True, 'addresses': MANY_TARGETS}},
        {'name': 'archive', 'mailbox': {'enabled': False, 'quota': 1048576}, 'description': 'Off: "kept" #1 & <old>'},
        {'name': 'redirect', 'forwarding': {'enabled': True, 'addresses': ['info@example.com']}},
        {'name': 'paused', 'mailbox': {'enabled': True, 'quota': -1},
         'forwarding': {'enabled': False, 'addresses': ['kept@example.net']}},
        {'name': 'holiday', 'mailbox': {'enabled': True, 'quota': 52428800},
         'autoresponder': {'enabled': True, 'subject': 'Away: back on 2027-01-04', 'text': 'Line one\nLine "two"\n',
                           'content_type': 'text/plain', 'charset': 'UTF-8', 'forward': 'info@example.com',
                           'end_date': '2027-01-03'}},
        {'name': 'empty', 'mailbox': {'enabled': True, 'quota': 0}},
    ]
    # Domain settings, records and spam filters: a catch-all with DKIM signing, a zone served elsewhere, two SPF records.
    example['mail_prefs'] = {'nonexistent_user': {'action': 'forward', 'value': 'info@example.com'},
                             'spam_protect_sign': True, 'greylisting': False}
    example['mail'][0]['spamfilter'] = {'enabled': True, 'required_score': '5.5', 'action': 'move',
                                        'lists': {'black': ['*@spam.example', 'Bad@Example.net'], 'white': ['boss@example.org']}}
    example['mail'][1]['spamfilter'] = {'enabled': False, 'lists': {'white': ['partner@example.net']}}
    buecher['dns'] = {'zone': 'disabled', 'records': [{'type': 'TXT', 'host': '', 'value': 'v=spf1 -all'}]}
    buecher['mail'][0]['aliases'] = ['post']
    buecher['sites'] = [{'id': 7, 'name': 'пример.example', 'created': '2025-02-01', 'dns': {'records': [
        {'type': 'TXT', 'host': '', 'value': 'v=spf1 +a -all'}, {'type': 'TXT', 'host': '', 'value': 'v=spf1 +mx -all'},
        {'type': 'TXT', 'host': '_dmarc', 'value': 'v=DMARC1; p=reject'}]}, 'mail': [
        {'name': 'pochta', 'mailbox': {'enabled': True, 'quota': 1073741824}, 'antivir': 'in'}]}]
    return seed


def brainy_seed():
    with open(BRAINY_SEED, encoding='utf-8') as handle:
        seed = json.load(handle)
    webmaster = seed['users'][0]
    webmaster['forwards'].append({'source': 'many@example.org', 'targets': MANY_TARGETS, 'save_local': 1})
    return seed


def ansible(collections_path, *arguments):
    command = [os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')] + list(arguments)
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_path, ANSIBLE_NOCOLOR='1',
               ANSIBLE_PYTHON_INTERPRETER=sys.executable)
    process = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    return process.returncode, process.stdout + process.stderr


class Inventory:
    """An inventory directory as the guide lays it out: host_vars/<host>/ holds connection.yml and the export, mail.yml
    (Ansible reads host_vars/<host>.yml only when there is no directory of that name)."""

    def __init__(self, root, host, panel, connection):
        self.root = root
        self.host = host
        (root / 'host_vars' / host).mkdir(parents=True)
        (root / 'inventory.yml').write_text(yaml.safe_dump({'mail_panels': {
            'vars': {'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable},
            'hosts': {host: {'mail_panel': panel}}}}))
        (root / 'host_vars' / host / 'connection.yml').write_text(yaml.safe_dump(connection))
        self.export = root / 'host_vars' / host / 'mail.yml'

    def run(self, collections_path, playbook, *extra):
        return ansible(collections_path, '-i', str(self.root / 'inventory.yml'), os.path.join(PLAYBOOKS, playbook),
                       '-e', 'export_file=%s' % self.export, *extra)


def recap_changed(output):
    line = [line for line in output.splitlines() if 'changed=' in line and ' : ok=' in line][-1]
    return int(line.split('changed=')[1].split()[0])


@pytest.fixture
def plesk_inventory(plesk, tmp_path):
    plesk.reset(seed=plesk_seed())
    return Inventory(tmp_path, 'plesk-prod', 'plesk', dict(
        plesk_url=plesk.url, plesk_username=PLESK_LOGIN, plesk_password=PLESK_PASSWORD, plesk_api_version='1.6.9.0',
        panel_ca_path=plesk.ca_cert))


@pytest.fixture
def brainy_inventory(brainy, tmp_path):
    brainy.reset(seed=brainy_seed())
    return Inventory(tmp_path, 'brainy-prod', 'brainycp', dict(
        brainycp_url=brainy.url, brainycp_username='admin', brainycp_password=BRAINY_PASSWORD,
        panel_ca_path=brainy.ca_cert, export_panel_users=['webmaster', 'shop', 'newcomer']))


def exported(inventory):
    return yaml.safe_load(inventory.export.read_text(encoding='utf-8'))


def plesk_accounts(simulator):
    """address -> the simulator's own record of each account."""
    found = {}
    for webspace in simulator.panel.to_dict()['webspaces']:
        for site in [webspace] + webspace.get('sites', []):
            for account in site.get('mail', []):
                found['%s@%s' % (account['name'], site['name'])] = account
    return found


@pytest.mark.parametrize('site_listing', ['addons', 'all'])
def test_plesk_export_holds_what_the_panel_holds(plesk, plesk_inventory, collections_path, site_listing):
    plesk.set_quirks(site_listing=site_listing)  # whether site/get lists main domains too: each once all the same
    status, output = plesk_inventory.run(collections_path, 'export_mail.yml')
    assert status == 0, output
    assert not any(entry.write for entry in plesk.log)
    assert len(plesk.log) == 4  # the domains; accounts, settings and records of every domain; spam filters; users
    data = exported(plesk_inventory)
    assert data['mail_provisioning_panel'] == 'plesk'
    domains = {domain['name']: domain for domain in data['mail_provisioning_domains']}
    assert list(domains) == sorted(domains)
    assert set(domains) == {'example.com', 'shop.example.org', 'bücher.example', 'пример.example'}
    accounts = {'%s@%s' % (account['name'], name): account for name, domain in domains.items() for account in domain['accounts']}
    assert set(accounts) == set(plesk_accounts(plesk))
    assert accounts['team@example.com']['aliases'] == ['crew', 'staff'] and accounts['team@example.com']['quota'] == '2G'
    assert accounts['archive@example.com']['mailbox'] is False
    assert accounts['archive@example.com']['description'] == 'Off: "kept" #1 & <old>'
    assert accounts['redirect@example.com']['mailbox'] is False
    assert accounts['holiday@example.com']['autoresponder'] == {
        'enabled': True, 'subject': 'Away: back on 2027-01-04', 'text': 'Line one\nLine "two"\n', 'content_type': 'text/plain',
        'charset': 'UTF-8', 'forward_to': 'info@example.com', 'end_date': '2027-01-03'}
    pochta = {'name': 'pochta', 'quota': '1G', 'antivirus': 'in', 'outgoing_messages_limit': 'default'}
    assert accounts['pochta@пример.example'] == pochta
    assert 'quota' not in accounts['empty@example.com']
    assert {forward['source']: forward['targets'] for forward in domains['example.com']['forwards']} == {
        'sales': ['sales-team@example.net'], 'team': MANY_TARGETS, 'redirect': ['info@example.com']}
    assert (domains['example.com']['catch_all'], domains['example.com']['dkim'], domains['example.com']['greylisting']) == (
        'info@example.com', 'enabled', False)
    assert domains['example.com']['dmarc'].startswith('v=DMARC1') and domains['example.com']['spf'].startswith('v=spf1')
    assert 'spf' not in domains['bücher.example'] and domains['bücher.example']['dkim'] == 'disabled'  # zone elsewhere
    assert 'spf' not in domains['пример.example'] and domains['пример.example']['dmarc'] == 'v=DMARC1; p=reject'
    assert accounts['info@example.com']['spam_filter'] == {
        'enabled': True, 'required_score': '5.5', 'action': 'move', 'rewrite_header': '***SPAM***',
        'allow': ['boss@example.org'], 'block': ['*@spam.example', 'Bad@Example.net']}
    # A filter that is off: its preferences where the panel reports them (sf_get_fields), never guessed.
    preferences = {'required_score': '7', 'action': 'mark', 'rewrite_header': '***SPAM***'}
    assert accounts['sales@example.com']['spam_filter'] in (
        dict(preferences, enabled=False, allow=['partner@example.net']), {'enabled': False, 'allow': ['partner@example.net']})
    assert 'spam_filter' not in accounts['team@example.com']
    users = {user['login']: user for user in data['mail_provisioning_users']}
    assert 'admin' not in users and users  # built-in users are never exported
    text = plesk_inventory.export.read_text(encoding='utf-8')
    assert text.count('# password: not exported') == len(accounts) + len(users)
    assert 'empty@example.com: quota 0' in text and 'пример.example: 2 SPF records' in text
    assert 'password' not in json.dumps(data)


def test_plesk_round_trip_with_prune_sends_no_write(plesk, plesk_inventory, collections_path):
    """In check mode, then for real: nothing to create, change or remove, and no write in the simulator's log."""
    status, output = plesk_inventory.run(collections_path, 'export_mail.yml')
    assert status == 0, output
    before = plesk.panel.to_dict()
    for check in (True, False):
        plesk.clear_log()
        status, output = plesk_inventory.run(collections_path, 'provision_mail.yml', '-e', 'mail_provisioning_prune=true',
                                             *(['--check'] if check else []))
        assert status == 0, output
        assert [entry.operations for entry in plesk.log if entry.write] == []
        assert plesk.panel.to_dict() == before
        assert recap_changed(output) == 0, output
        for done, planned in (('Created', 'Would create'), ('Changed', 'Would change'), ('Removed', 'Would remove')):
            assert '"%s: nothing"' % (planned if check else done) in output, output


def test_plesk_reexport_is_identical_and_shows_drift(plesk, plesk_inventory, collections_path):
    status, output = plesk_inventory.run(collections_path, 'export_mail.yml')
    assert status == 0, output
    first = plesk_inventory.export.read_bytes()
    status, output = plesk_inventory.run(collections_path, 'export_mail.yml')
    assert status == 0 and recap_changed(output) == 0, output
    assert plesk_inventory.export.read_bytes() == first
    # A change made on the panel: the next export in check mode shows it as a diff and writes nothing.
    plesk.panel.webspaces[0].mail[0].description = 'Changed by hand'
    status, output = plesk_inventory.run(collections_path, 'export_mail.yml', '--check', '--diff')
    assert status == 0 and recap_changed(output) == 1, output
    assert re.search(r'^-\s+description: General enquiries$', output, re.M), output
    assert re.search(r'^\+\s+description: Changed by hand$', output, re.M), output
    assert plesk_inventory.export.read_bytes() == first


@pytest.mark.parametrize('items', ['objects', 'strings'])
def test_brainy_export_and_round_trip(brainy, brainy_inventory, collections_path, items):
    # Listed as strings, mailboxes carry no quota and forwards no save_local: neither is exported then.
    brainy.set_quirks(items=items)
    listed = items == 'objects'
    status, output = brainy_inventory.run(collections_path, 'export_mail.yml')
    assert status == 0, output
    assert not any(entry.write for entry in brainy.log)
    data = exported(brainy_inventory)
    domains = {domain['name']: domain for domain in data['mail_provisioning_domains']}
    assert set(domains) == {'example.com', 'example.org', 'shop.example.net', 'bücher.example'}
    assert domains['example.com']['panel_user'] == 'webmaster' and domains['bücher.example']['panel_user'] == 'shop'
    assert {account['name']: account.get('quota') for account in domains['example.com']['accounts']} == {
        'info': 'unlimited' if listed else None, 'sales': '500M' if listed else None}
    forwards = {forward['source']: forward for forward in domains['example.org']['forwards']}
    assert forwards['many'] == dict({'source': 'many', 'targets': MANY_TARGETS}, **({'save_local': True} if listed else {}))
    assert forwards['contact'].get('save_local') is (False if listed else None)
    first = brainy_inventory.export.read_bytes()
    before = brainy.to_dict()
    for check in (True, False):
        brainy.clear_log()
        status, output = brainy_inventory.run(collections_path, 'provision_mail.yml', '-e', 'mail_provisioning_prune=true',
                                              *(['--check'] if check else []))
        assert status == 0, output
        assert [entry.operation for entry in brainy.log if entry.write] == []
        assert brainy.to_dict() == before and recap_changed(output) == 0, output
    status, output = brainy_inventory.run(collections_path, 'export_mail.yml')
    assert status == 0 and recap_changed(output) == 0, output
    assert brainy_inventory.export.read_bytes() == first
