# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The mail_provisioning data model: flattened per module, with every unsupported key named up front."""

from __future__ import annotations

import importlib
import os

import pytest
import yaml
from ansible.errors import AnsibleFilterError

from ansible_collections.hosting.mail.plugins.filter import mail_plan as plan_module
from ansible_collections.hosting.mail.plugins.filter.mail_plan import mail_bulk_accounts, mail_leftovers, mail_plan, mail_summary
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
        'domain x.org: spf not supported on plesk (only on brainycp).',
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
    with pytest.raises(AnsibleFilterError, match='kinds must list one of account, dns, forward, user'):
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
    assert not any('colour' in keys for kind in plan_module.KEYS.values() for keys in kind.values())


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
    keys = plan_module.KEYS
    assert set(domains) == keys['domain']['plesk'] | keys['domain']['brainycp']
    assert set(domains['accounts']['options']) == keys['account']['plesk'] | keys['account']['brainycp']
    assert set(domains['forwards']['options']) == keys['forward']['plesk'] | keys['forward']['brainycp']
    assert set(options['mail_provisioning_users']['options']) == keys['user']['plesk']
    assert plan_module.PLESK_ACCOUNT_OPTIONS_LEFT_OUT <= set(_plesk_module.mail_account_entry_spec())
    # Accounts reach their modules whole, through mail_bulk_accounts; users and BrainyCP forwards key by key.
    for tasks, module, kind, panel, scope in (('users.yml', 'plesk_user', 'user', 'plesk', set()),
                                              ('brainycp.yml', 'brainy_forward', 'forward', 'brainycp', {'panel_user'})):
        with open(os.path.join(ROLE, 'tasks', tasks)) as stream:
            task = [task for task in yaml.safe_load(stream) if 'hosting.mail.' + module in task]
        assert len(task) == 1
        assert set(task[0]['hosting.mail.' + module]) == keys[kind][panel] | scope
