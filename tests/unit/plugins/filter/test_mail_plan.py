# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The mail_provisioning data model: flattened per module, with every unsupported key named up front."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import textwrap

import pytest
import yaml
from ansible.errors import AnsibleFilterError

from ansible_collections.hosting.mail.plugins.filter import mail_plan as plan_module
from ansible_collections.hosting.mail.plugins.filter.mail_plan import (
    mail_bulk_accounts, mail_bulk_domains, mail_bulk_users, mail_chunks, mail_leftovers, mail_plan, mail_summary,
)
from ansible_collections.hosting.mail.plugins.module_utils import _brainycp_module, _plesk_module

ROLE = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..', 'roles', 'mail_provisioning')

DOMAINS = [{
    'name': 'Example.com',
    'accounts': [{'name': 'info', 'password': 's3cret', 'quota': '2G', 'aliases': ['hello']},
                 {'name': 'old@example.com', 'state': 'absent'}],
    'forwards': [{'source': 'info', 'targets': ['boss@example.net']}, {'source': 'team', 'targets': ['a', 'b']}],
}]


def test_plesk_plan():
    plan = mail_plan(DOMAINS, 'plesk', users=[{'login': 'jane', 'password': 'pw', 'role': 'WebMaster'}])
    assert plan['errors'] == []
    assert plan['secrets'] == {'info@example.com': 's3cret', 'jane': 'pw'}
    assert [(a['address'], a['state']) for a in plan['accounts']] == [
        ('info@example.com', 'present'), ('old@example.com', 'absent'), ('team@example.com', 'present')]
    info = plan['accounts'][0]
    assert info['settings'] == {'quota': '2G', 'aliases': ['hello'],
                                'forwarding': {'enabled': True, 'addresses': ['boss@example.net']}}
    assert plan['accounts'][2]['settings'] == {
        'forwarding': {'enabled': True, 'addresses': ['a@example.com', 'b@example.com']}}
    assert 'password' not in repr(plan['accounts']) + repr(plan['users'])
    assert plan['users'] == [{'login': 'jane', 'state': 'present', 'settings': {'role': 'WebMaster'}}]
    assert plan['forwards'] == [] and plan['dns'] == []


def test_brainycp_plan():
    domains = [{'name': 'shop.example', 'panel_user': 'shop', 'spf': 'enabled',
                'accounts': [{'name': 'orders', 'password': 'pw', 'quota': 500}],
                'forwards': [{'source': 'sales', 'targets': ['x@example.net'], 'save_local': True}]}]
    plan = mail_plan(domains, 'brainycp')
    assert plan['errors'] == []
    assert plan['accounts'] == [{'address': 'orders@shop.example', 'domain': 'shop.example', 'state': 'present',
                                 'settings': {'quota': 500}, 'panel_user': 'shop'}]
    assert plan['forwards'] == [{'source': 'sales@shop.example', 'targets': ['x@example.net'], 'state': 'present',
                                 'save_local': True, 'panel_user': 'shop'}]
    assert plan['dns'] == [{'domain': 'shop.example', 'spf': 'enabled', 'dkim': None, 'panel_user': 'shop'}]


def test_keys_a_panel_cannot_honour_are_errors():
    brainy = mail_plan(DOMAINS, 'brainycp', users=[{'login': 'jane'}])
    assert brainy['errors'] == [
        'account info@example.com: aliases not supported on brainycp (only on plesk).',
        'users: panel users are managed only on plesk.',
    ]
    plesk = mail_plan([{'name': 'x.org', 'spf': 'enabled', 'forwards': [{'source': 'a', 'targets': ['b'], 'save_local': True}],
                        'accounts': [{'name': 'a', 'colour': 'blue'}]}], 'plesk')
    assert plesk['errors'] == [
        'domain x.org: on plesk, spf is the value of the SPF record (starting with v=spf1) or absent, not enabled.',
        'forward a@x.org: save_local not supported on plesk (only on brainycp).',
        'account a@x.org: colour not supported on plesk.',
    ]


def test_malformed_entries():
    plan = mail_plan([{'accounts': []}, {'name': 'a.org', 'accounts': [{'name': 'x'}, {'name': 'X'}, {'quota': 1}],
                                         'forwards': [{'source': 'f'}]}], 'plesk')
    assert plan['errors'] == ['domain number 1 needs a name.', 'forward f@a.org: needs targets.',
                              'account x@a.org: listed twice.', 'domain a.org: account number 3 needs a name.']


@pytest.mark.parametrize('domains, panel', [([], 'cpanel'), ({}, 'plesk')])
def test_bad_calls(domains, panel):
    with pytest.raises(AnsibleFilterError):
        mail_plan(domains, panel)


def test_summary():
    registered = [
        {'results': [{'item': {'address': 'a@x.org'}, 'changed': True, 'changed_fields': ['created']},
                     {'item': {'address': 'b@x.org'}, 'changed': True, 'changed_fields': ['quota']},
                     {'item': {'address': 'c@x.org'}, 'changed': False, 'changed_fields': []},
                     # Failed under ignore_errors, with changed false: a failure, not "unchanged".
                     {'item': {'address': 'f@x.org'}, 'failed': True, 'changed': False, 'changed_fields': []}]},
        {'results': [{'item': {'login': 'jane'}, 'changed': True, 'changed_fields': ['deleted']}]},
        {'skipped': True, 'results': [{'skipped': True, 'item': {'source': 's@x.org'}}]},
        {'results': [{'item': 'stray@x.org', 'changed': True, 'changed_fields': ['removed']}]},
        None,
    ]
    registered.append({'results': [{'item': {'name': 'x.org'}, 'changed': True, 'accounts': [
        {'address': 'd@x.org', 'action': 'updated'}, {'address': 'e@x.org', 'action': 'failed'}]}]})
    summary = mail_summary(registered)
    assert {key: value for key, value in summary.items() if key != 'text'} == {
        'created': ['a@x.org'], 'changed': ['b@x.org', 'd@x.org'], 'removed': ['jane', 'stray@x.org'],
        'unchanged': ['c@x.org'], 'failed': ['f@x.org', 'e@x.org']}
    # Without kinds, the text lists bare names (and counts what was left alone).
    assert summary['text'] == {'created': 'a@x.org', 'changed': 'b@x.org, d@x.org', 'removed': 'jane, stray@x.org',
                               'unchanged': '1', 'failed': 'f@x.org, e@x.org'}


def test_summary_names_the_kind_of_each_item():
    # The same address as a mail account and as a panel user: the text must tell them apart.
    accounts = {'results': [{'item': {'name': 'example.com'}, 'changed': True, 'accounts': [
        {'address': 'office@example.com', 'action': 'created'}, {'address': 'jane@example.com', 'action': 'created'},
        {'address': 'info@example.com', 'action': 'unchanged'}, {'address': 'bad@example.com', 'action': 'not_done'}]}]}
    users = {'results': [{'item': {'login': 'office@example.com'}, 'changed': True, 'changed_fields': ['created']},
                         {'item': {'login': 'old'}, 'changed': True, 'changed_fields': ['deleted']}]}
    forwards = {'results': [{'item': {'source': 'sales@example.com'}, 'changed': True, 'changed_fields': ['targets']},
                            {'item': {'source': 'team@example.com'}, 'changed': False, 'changed_fields': []},
                            {'item': {'source': 'ops@example.com'}, 'changed': False, 'changed_fields': []}]}
    dns = {'results': [{'item': {'domain': 'example.com'}, 'changed': True, 'changed_fields': ['dkim']},
                       {'item': {'domain': 'x.org'}, 'changed': False, 'changed_fields': []}]}
    summary = mail_summary([accounts, None, forwards, dns, users], kinds=['account', 'account', 'forward', 'dns', 'user'])
    assert summary['created'] == ['office@example.com', 'jane@example.com', 'office@example.com']
    assert summary['text'] == {
        'created': 'mail accounts office@example.com, jane@example.com; panel user office@example.com',
        'changed': 'forward sales@example.com; SPF/DKIM of example.com',
        'removed': 'panel user old',
        'unchanged': '1 mail account, 2 forwards, SPF/DKIM of 1 domain',
        'failed': 'mail account bad@example.com',
    }
    assert mail_summary([None], kinds=['user'])['text'] == dict.fromkeys(['created', 'changed', 'removed', 'unchanged', 'failed'], '')


@pytest.mark.parametrize('kinds', [['account'], ['account', 'mailbox'], 'account', [['account'], 'user']])
def test_summary_refuses_unknown_kinds(kinds):
    with pytest.raises(AnsibleFilterError, match='kinds must list one of account, dns, forward, mail_auth, mail_settings, spam_filter, user'):
        mail_summary([None, None], kinds=kinds)


def test_bulk_accounts():
    plan = mail_plan(DOMAINS, 'plesk')
    assert mail_bulk_accounts(plan, domain='example.com') == [
        {'quota': '2G', 'aliases': ['hello'], 'forwarding': {'enabled': True, 'addresses': ['boss@example.net']},
         'name': 'info@example.com', 'state': 'present', 'password': 's3cret'},
        {'name': 'old@example.com', 'state': 'absent'},
        {'forwarding': {'enabled': True, 'addresses': ['a@example.com', 'b@example.com']}, 'name': 'team@example.com',
         'state': 'present'}]
    brainy = mail_plan([{'name': 's.org', 'panel_user': 'shop', 'accounts': [{'name': 'm', 'password': 'p', 'quota': 5}]}],
                       'brainycp')
    assert mail_bulk_accounts(brainy, panel_user='shop') == [
        {'address': 'm@s.org', 'state': 'present', 'quota': 5, 'password': 'p'}]
    assert mail_bulk_accounts(brainy, panel_user='other') == []


def test_chunks_cover_every_domain_in_order_and_say_which():
    plan = mail_plan([{'name': 'd%d.example' % number} for number in range(5)], 'plesk')
    chunks = mail_chunks(plan, 2)
    assert [chunk['domains'] for chunk in chunks] == [['d0.example', 'd1.example'], ['d2.example', 'd3.example'],
                                                      ['d4.example']]
    assert [chunk['label'] for chunk in chunks] == [
        'd0.example to d1.example (2 domains), part 1 of 3', 'd2.example to d3.example (2 domains), part 2 of 3',
        'd4.example, part 3 of 3']
    assert [chunk['label'] for chunk in mail_chunks(plan)] == ['d0.example to d4.example (5 domains)']
    assert mail_chunks(mail_plan([], 'plesk')) == []
    for size in (0, '2', True):
        with pytest.raises(AnsibleFilterError, match='size must be a whole number'):
            mail_chunks(plan, size)


def test_bulk_domains_hand_each_domain_its_own_accounts_with_their_passwords():
    plan = mail_plan(DOMAINS + [{'name': 'b.example', 'site_id': 7, 'accounts': [{'name': 'x', 'password': 'pw'}]},
                                {'name': 'empty.example'}], 'plesk')
    entries = mail_bulk_domains(plan, ['b.example', 'empty.example', 'example.com'])
    assert [entry['domain'] for entry in entries] == ['b.example', 'empty.example', 'example.com']
    assert entries[0] == {'domain': 'b.example', 'site_id': 7,
                          'accounts': [{'name': 'x@b.example', 'state': 'present', 'password': 'pw'}]}
    assert entries[1] == {'domain': 'empty.example', 'accounts': []}
    assert entries[2]['accounts'] == mail_bulk_accounts(plan, domain='example.com')


def test_brainycp_chunks_and_users_hand_each_user_its_mailboxes_forwards_and_domains():
    plan = mail_plan([{'name': 'a.example', 'panel_user': 'shop', 'accounts': [{'name': 'x', 'password': 'pw'}],
                       'forwards': [{'source': 'f', 'targets': ['x'], 'save_local': True}]},
                      {'name': 'b.example', 'accounts': [{'name': 'y'}]},
                      {'name': 'c.example', 'panel_user': 'shop'}], 'brainycp')
    chunks = mail_chunks(plan, 1, by='panel_users')
    assert chunks == [{'panel_users': ['shop'], 'label': 'shop, part 1 of 2'},
                      {'panel_users': [''], 'label': '(the API account), part 2 of 2'}]
    assert mail_chunks(plan, by='panel_users')[0]['label'] == 'shop to (the API account) (2 hosting users)'
    mailboxes = mail_bulk_users(plan, ['shop', ''])
    assert mailboxes == [
        {'panel_user': 'shop', 'prune_domains': ['a.example', 'c.example'],
         'mailboxes': [{'address': 'x@a.example', 'state': 'present', 'password': 'pw'}]},
        {'panel_user': '', 'prune_domains': ['b.example'], 'mailboxes': [{'address': 'y@b.example', 'state': 'present'}]}]
    forwards = mail_bulk_users(plan, ['shop', ''], kind='forwards')
    assert forwards[0]['forwards'] == [{'source': 'f@a.example', 'targets': ['x@a.example'], 'state': 'present',
                                        'save_local': True}]
    assert forwards[1] == {'panel_user': '', 'prune_domains': ['b.example'], 'forwards': []}
    with pytest.raises(AnsibleFilterError, match='by must be domains or panel_users'):
        mail_chunks(plan, by='users')
    with pytest.raises(AnsibleFilterError, match='kind must be mailboxes or forwards'):
        mail_bulk_users(plan, ['shop'], kind='dns')


class _ReadLog(list):
    """A list that records which of its entries are read, as Ansible's lazy containers template each one read."""

    def __init__(self, entries):
        super().__init__(entries)
        self.read = set()

    def __getitem__(self, key):
        if isinstance(key, slice):
            self.read.update(range(*key.indices(len(self))))
        else:
            self.read.add(key)
        return super().__getitem__(key)

    def __iter__(self):
        self.read.update(range(len(self)))
        return super().__iter__()


def test_a_chunk_reads_only_the_entries_of_its_own_domains_and_hands_them_on_in_plan_order():
    # Domains of one hosting user apart from each other, forwards and forward-only accounts: the chunk's entries are
    # those a scan of the whole plan finds, in the same order, yet only they are read.
    brainy = mail_plan([{'name': 'd%d.example' % number, 'panel_user': 'shop' if number % 2 else 'other',
                         'accounts': [{'name': 'a%d' % box, 'password': 'pw%d' % box} for box in range(number % 3)],
                         'forwards': [{'source': 'f', 'targets': ['a0']}] if number % 3 == 1 else []}
                        for number in range(9)], 'brainycp')
    brainy['accounts'], brainy['forwards'] = _ReadLog(brainy['accounts']), _ReadLog(brainy['forwards'])
    mailboxes = mail_bulk_users(brainy, ['shop'])[0]['mailboxes']
    forwards = mail_bulk_users(brainy, ['shop'], kind='forwards')[0]['forwards']
    shop = [index for index, account in enumerate(brainy['accounts']) if account['panel_user'] == 'shop']
    assert mailboxes == mail_bulk_accounts(brainy, panel_user='shop') != []
    assert forwards == [{'source': 'f@d1.example', 'targets': ['a0@d1.example'], 'state': 'present'},
                        {'source': 'f@d7.example', 'targets': ['a0@d7.example'], 'state': 'present'}]
    brainy['accounts'].read.clear()
    mail_bulk_users(brainy, ['shop'])
    assert brainy['accounts'].read == set(shop)
    plesk = mail_plan([{'name': 'd%d.example' % number, 'accounts': [{'name': 'a'}, {'name': 'b', 'password': 'pw'}],
                        'forwards': [{'source': 'f', 'targets': ['a']}]} for number in range(6)], 'plesk')
    scanned = [mail_bulk_accounts(plesk, domain=name) for name in ('d4.example', 'd1.example')]
    plesk['accounts'] = _ReadLog(plesk['accounts'])
    entries = mail_bulk_domains(plesk, ['d4.example', 'd1.example'])
    assert [entry['accounts'] for entry in entries] == scanned
    assert [len(accounts) for accounts in scanned] == [3, 3]  # a, b and the forward-only f
    assert plesk['accounts'].read == {3, 4, 5, 12, 13, 14}


def test_summary_names_a_hosting_user_that_could_not_be_listed_once():
    refused = {'failed': True, 'users': [{'panel_user': 'nobody', 'error': 'no such user'}, {'panel_user': 'shop'}]}
    mailboxes = {'results': [dict(refused, mailboxes=[{'address': 'x@nowhere.example', 'action': 'failed'}])]}
    forwards = {'results': [dict(refused, forwards=[])]}
    summary = mail_summary([mailboxes, forwards], kinds=['account', 'forward'])
    assert summary['text']['failed'] == 'hosting user nobody; mail account x@nowhere.example'


def test_summary_reads_bulk_forwards_and_names_a_failed_task_that_lists_nothing():
    forwards = {'results': [{'changed': True, 'forwards': [{'source': 'f@a.example', 'action': 'updated'}]},
                            {'failed': True, 'forwards': [], 'item': {'panel_users': ['x'], 'label': 'x'}},
                            {'changed': False, 'accounts': [], 'item': {'domains': ['e.example'], 'label': 'e.example'}}]}
    summary = mail_summary([forwards], kinds=['forward'])
    assert summary['changed'] == ['f@a.example'] and summary['failed'] == ['x'] and summary['unchanged'] == []


def test_a_domain_listed_twice_stops_the_plan():
    # Two tasks for one domain, each pruning what the other lists, would remove each other's accounts.
    plan = mail_plan([{'name': 'example.com'}, {'name': 'Example.com.'}], 'plesk')
    assert plan['errors'] == ['domain example.com: listed twice.']


def test_summary_names_the_domains_a_task_could_not_read():
    result = {'results': [{'failed': True, 'accounts': [
        {'address': 'a@ok.example', 'action': 'created'}, {'address': 'b@gone.example', 'action': 'failed'}],
        'domains': [{'domain': 'ok.example', 'site_id': 3}, {'domain': 'gone.example', 'site_id': None, 'error': 'no'},
                    {'domain': 'empty.example', 'site_id': None, 'error': 'no'}]}]}
    summary = mail_summary([result], kinds=['account'])
    assert summary['failed'] == ['gone.example', 'empty.example', 'b@gone.example']
    assert summary['text']['failed'] == 'domains gone.example, empty.example; mail account b@gone.example'
    assert summary['created'] == ['a@ok.example']


def test_leftovers():
    plan = mail_plan(DOMAINS, 'plesk', users=[{'login': 'jane'}])
    accounts = {'results': [{'item': {'name': 'example.com', 'site_id': 7},
                             'accounts': [{'address': 'info@example.com'}, {'address': 'stray@example.com'}]}]}
    assert mail_leftovers(accounts, plan, 'accounts') == [{'address': 'stray@example.com', 'site_id': 7}]
    users = [{'users': [{'login': 'Jane'}, {'login': 'bob'}, {'login': 'owner', 'built_in': True}]}]
    assert mail_leftovers(users, plan, 'users') == [{'login': 'bob'}]
    brainy = mail_plan([{'name': 's.org', 'panel_user': 'shop', 'forwards': [{'source': 'a', 'targets': ['b']}]}],
                       'brainycp')
    listing = {'results': [{'item': {'name': 's.org', 'panel_user': 'shop'},
                            'forwards': [{'source': 'a@s.org'}, {'source': 'z@s.org'}], 'mailboxes': [{'address': 'm@s.org'}]}]}
    assert mail_leftovers(listing, brainy, 'forwards') == [{'source': 'z@s.org', 'panel_user': 'shop'}]
    assert mail_leftovers(listing, brainy, 'mailboxes') == [{'address': 'm@s.org', 'panel_user': 'shop'}]
    with pytest.raises(AnsibleFilterError):
        mail_leftovers(listing, brainy, 'aliases')


@pytest.mark.parametrize('panel', ['plesk', 'brainycp'])
def test_a_quota_of_zero_stops_the_plan_on_both_panels(panel):
    domain = {'name': 'example.com', 'accounts': [{'name': 'info', 'quota': '0'}, {'name': 'sales', 'quota': 'unlimited'},
                                                  {'name': 'team', 'quota': 'lots'}]}
    errors = mail_plan([domain], panel)['errors']
    assert len(errors) == 2
    assert errors[0].startswith("account info@example.com: quota: '0' is ambiguous")
    assert errors[1].startswith('account team@example.com: quota must be a size')


@pytest.fixture
def option_added(monkeypatch):
    """Give one argument spec of module_utils a new option, colour, and load the filter again, as a release would."""
    def add(module, spec_function):
        original = getattr(module, spec_function)
        monkeypatch.setattr(module, spec_function, lambda: dict(original(), colour=dict(type='str')))
        return importlib.reload(plan_module)
    yield add
    monkeypatch.undo()
    importlib.reload(plan_module)
    assert not any('colour' in keys for kind in plan_module.keys().values() for keys in kind.values())


def test_an_option_added_to_a_plesk_mail_account_is_taken_and_handed_on(option_added):
    plan_filter = option_added(_plesk_module, 'mail_account_spec')
    domains = [{'name': 'x.org', 'accounts': [{'name': 'a', 'colour': 'blue'}]}]
    plan = plan_filter.mail_plan(domains, 'plesk')
    assert plan['errors'] == []
    assert plan_filter.mail_bulk_accounts(plan, domain='x.org') == [{'colour': 'blue', 'name': 'a@x.org', 'state': 'present'}]
    assert plan_filter.mail_plan(domains, 'brainycp')['errors'] == [
        'account a@x.org: colour not supported on brainycp (only on plesk).']


def test_an_option_added_to_a_brainycp_mailbox_is_taken_and_handed_on(option_added):
    plan_filter = option_added(_brainycp_module, 'brainycp_mailbox_spec')
    domains = [{'name': 'x.org', 'panel_user': 'shop', 'accounts': [{'name': 'a', 'colour': 'blue', 'quota': '1G'}]}]
    plan = plan_filter.mail_plan(domains, 'brainycp')
    assert plan['errors'] == []
    assert plan_filter.mail_bulk_accounts(plan, panel_user='shop') == [
        {'address': 'a@x.org', 'state': 'present', 'colour': 'blue', 'quota': '1G'}]
    assert plan_filter.mail_plan([{'name': 'x.org', 'accounts': domains[0]['accounts']}], 'plesk')['errors'] == [
        'account a@x.org: colour not supported on plesk (only on brainycp).']


def test_an_option_added_to_a_brainycp_forward_is_taken_and_handed_on(option_added):
    plan_filter = option_added(_brainycp_module, 'brainycp_forward_spec')
    forwards = [{'source': 'f', 'targets': ['t'], 'colour': 'blue'}]
    plan = plan_filter.mail_plan([{'name': 'x.org', 'panel_user': 'shop', 'forwards': forwards}], 'brainycp')
    assert plan['errors'] == []
    assert plan['forwards'] == [{'source': 'f@x.org', 'targets': ['t@x.org'], 'state': 'present', 'save_local': None,
                                 'colour': 'blue', 'panel_user': 'shop'}]
    assert plan_filter.mail_plan([{'name': 'x.org', 'forwards': forwards}], 'plesk')['errors'] == [
        'forward f@x.org: colour not supported on plesk (only on brainycp).']


def test_an_option_added_to_a_plesk_user_is_taken_and_handed_on(option_added):
    plan_filter = option_added(_plesk_module, 'user_spec')
    plan = plan_filter.mail_plan([], 'plesk', users=[{'login': 'jane', 'colour': 'blue'}])
    assert plan['errors'] == []
    assert plan['users'] == [{'login': 'jane', 'state': 'present', 'settings': {'colour': 'blue'}}]


def test_the_role_takes_and_hands_on_every_key_the_plan_takes():
    """The role's argument specs and its tasks list the keys by hand: they must follow the modules' options."""
    with open(os.path.join(ROLE, 'meta', 'argument_specs.yml')) as stream:
        options = yaml.safe_load(stream)['argument_specs']['main']['options']
    domains = options['mail_provisioning_domains']['options']
    keys = plan_module.keys()
    assert set(domains) == keys['domain']['plesk'] | keys['domain']['brainycp']
    assert set(domains['accounts']['options']) == keys['account']['plesk'] | keys['account']['brainycp']
    assert set(domains['forwards']['options']) == keys['forward']['plesk'] | keys['forward']['brainycp']
    assert set(options['mail_provisioning_users']['options']) == keys['user']['plesk']
    assert plan_module.PLESK_ACCOUNT_OPTIONS_LEFT_OUT <= set(_plesk_module.mail_account_entry_spec())
    # Accounts and BrainyCP forwards reach their modules whole (mail_bulk_domains, mail_bulk_users); users key by key.
    with open(os.path.join(ROLE, 'tasks', 'brainycp.yml')) as stream:
        forwards = [task for task in yaml.safe_load(stream) if 'hosting.mail.brainy_forwards' in task]
    assert "mail_bulk_users(item.panel_users, kind='forwards')" in forwards[0]['hosting.mail.brainy_forwards']['users']
    for tasks, module, kind, panel, scope in (('users.yml', 'plesk_user', 'user', 'plesk', set()),):
        with open(os.path.join(ROLE, 'tasks', tasks)) as stream:
            task = [task for task in yaml.safe_load(stream) if 'hosting.mail.' + module in task]
        assert len(task) == 1
        assert set(task[0]['hosting.mail.' + module]) == keys[kind][panel] | scope


def test_the_role_filters_load_without_requests_or_the_panel_clients():
    # Every task's worker process that uses a filter of the role imports its file: requests (about 40 ms) and the
    # clients behind the argument specs are left until a client is made, or the plan needs the specs. (Here, not with
    # the module_utils tests: ansible-test runs those where ansible has only its module_utils.)
    code = textwrap.dedent('''
        import sys
        from ansible_collections.hosting.mail.plugins.filter import mail_plan
        before = set(sys.modules)
        mail_plan.mail_chunks(mail_plan.mail_plan([{'name': 'example.com'}], 'plesk'), 10)
        from ansible_collections.hosting.mail.plugins.module_utils import _http
        print('requests' in sys.modules, 'lxml' in before, _http.HAS_REQUESTS, 'requests' in sys.modules)
    ''')
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    process = subprocess.run([sys.executable, '-c', code], env=env, capture_output=True, text=True, check=False)
    assert process.returncode == 0, process.stderr
    assert process.stdout.split() == ['False', 'False', 'True', 'True']


PLESK_DOMAIN = {
    'name': 'Example.com', 'site_id': 7, 'spf': 'v=spf1 +a +mx -all', 'dmarc': 'absent', 'dkim': 'enabled',
    'catch_all': 'Postmaster@Example.com', 'greylisting': False,
    'accounts': [{'name': 'info', 'spam_filter': {'enabled': True, 'block': ['*@spam.example']}}, {'name': 'sales'}],
}


def test_plesk_domain_settings_dns_and_spam_filters_are_planned():
    plan = mail_plan([PLESK_DOMAIN], 'plesk')
    assert plan['errors'] == []
    assert plan['dns'] == [dict(domain='example.com', site_id=7, spf=dict(state='present', value='v=spf1 +a +mx -all'),
                                dmarc=dict(state='absent'), dkim='enabled')]
    assert plan['mail_settings'] == [dict(domain='example.com', site_id=7, greylisting=False,
                                          unknown_recipient=dict(action='forward', address='Postmaster@Example.com'))]
    assert plan['spam_filters'] == [dict(address='info@example.com', enabled=True, block=['*@spam.example'])]
    # The spam filter is plesk_spamfilter's, not an option of the account handed to plesk_mail_accounts.
    assert 'spam_filter' not in plan['accounts'][0]['settings']
    assert mail_bulk_domains(plan, ['example.com'])[0]['accounts'][0] == dict(name='info@example.com', state='present')


def test_a_domain_without_these_keys_plans_none_of_them():
    plan = mail_plan([{'name': 'example.com', 'accounts': [{'name': 'info'}]}], 'plesk')
    assert (plan['dns'], plan['mail_settings'], plan['spam_filters']) == ([], [], [])


@pytest.mark.parametrize('domain, error', [
    (dict(spf=['v=spf1 a -all', 'v=spf1 mx -all']), 'domain a.org: spf lists 2 values; a domain publishes one SPF record, never two'),
    (dict(spf='v=spf1 a -all v=spf1 mx -all'), 'domain a.org: spf holds v=spf1 twice'),
    (dict(spf='a mx -all'), 'domain a.org: spf must start with v=spf1'),
    (dict(dmarc='v=dmarc1; p=none'), 'domain a.org: dmarc must start with v=DMARC1'),
    (dict(dkim='on'), 'domain a.org: dkim must be enabled or disabled.'),
    (dict(catch_all='not an address'), 'domain a.org: catch_all must be one mail address'),
    (dict(catch_all='x@a.org', unknown_recipient={'action': 'reject'}), 'domain a.org: give catch_all or unknown_recipient, not both.'),
    (dict(accounts=[{'name': 'x', 'spam_filter': {'colour': 'red'}}]), 'account x@a.org: spam_filter: colour not supported on plesk.'),
    (dict(accounts=[{'name': 'x', 'state': 'absent', 'spam_filter': {'enabled': True}}]),
     'account x@a.org: spam_filter goes with an account that is present, not absent.'),
    (dict(accounts=[{'name': 'x', 'spam_filter': 'on'}]), 'account x@a.org: spam_filter must be a dict'),
])
def test_plesk_domain_keys_are_checked_before_anything_is_sent(domain, error):
    plan = mail_plan([dict(domain, name='a.org')], 'plesk')
    assert len(plan['errors']) == 1 and plan['errors'][0].startswith(error), plan['errors']
    assert ' mx' not in plan['errors'][0] and 'p=none' not in plan['errors'][0]  # values are not quoted back


def test_brainycp_refuses_what_only_plesk_does():
    plan = mail_plan([{'name': 'a.org', 'panel_user': 'u', 'dmarc': 'v=DMARC1; p=none', 'catch_all': 'x@a.org',
                       'accounts': [{'name': 'x', 'spam_filter': {'enabled': True}}]}], 'brainycp')
    assert plan['errors'] == ['domain a.org: catch_all, dmarc not supported on brainycp (only on plesk).',
                              'account x@a.org: spam_filter not supported on brainycp (only on plesk).']
