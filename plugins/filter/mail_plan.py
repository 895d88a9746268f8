# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

# This file holds four filters, so each is documented in its own sidecar file (mail_plan.yml,
# mail_bulk_accounts.yml, mail_summary.yml, mail_leftovers.yml): ansible-doc would otherwise show one
# DOCUMENTATION here for all four.

import functools

from ansible.errors import AnsibleFilterError

from ansible_collections.hosting.mail.plugins.module_utils._errors import PanelError
from ansible_collections.hosting.mail.plugins.module_utils._values import parse_size

PANELS = ('plesk', 'brainycp')
# The keys each panel takes. Those of accounts, BrainyCP forwards and users are the options of the modules the
# role hands them to, read from their argument specs here, so an option added there is known here at once.
DOMAIN_KEYS = {
    'plesk': {'name', 'site_id', 'accounts', 'forwards', 'spf', 'dmarc', 'dkim', 'catch_all', 'unknown_recipient',
              'mail_service', 'greylisting', 'webmail'},
    'brainycp': {'name', 'panel_user', 'accounts', 'forwards', 'spf', 'dkim'},
}
# The mail settings of a Plesk domain (plesk_mail_domain); catch_all is the role's short way to say
# unknown_recipient: {action: forward, address: ...}.
PLESK_MAIL_SETTINGS = ('catch_all', 'unknown_recipient', 'mail_service', 'greylisting', 'webmail')
# Options of a plesk_mail_accounts entry that an account of the data model does not take: forwarding is made from
# the domain's forwards; password_type and update_cp_access are not offered by the mail_provisioning role (its
# meta/argument_specs.yml does not list them). To offer one, drop it here and document it there.
PLESK_ACCOUNT_OPTIONS_LEFT_OUT = frozenset(('forwarding', 'password_type', 'update_cp_access'))


@functools.lru_cache(maxsize=None)
def keys():
    """The keys each kind of entry takes, by panel: {'domain'|'account'|'forward'|'user': {panel: set}}."""
    # Imported here, not with this file: the argument specs bring the panel clients with them (about 30 ms), and
    # every task's worker process that uses any filter of this file would pay for them; only the plan needs them.
    # pylint: disable=import-outside-toplevel
    from ansible_collections.hosting.mail.plugins.module_utils._brainycp_module import brainycp_forward_spec, brainycp_mailbox_spec
    from ansible_collections.hosting.mail.plugins.module_utils._plesk_module import (
        mail_account_entry_spec, spam_filter_spec, user_spec)
    return {
        'domain': DOMAIN_KEYS,
        'account': {
            # spam_filter: the options of plesk_spamfilter, which the role hands to it after the accounts.
            'plesk': set(mail_account_entry_spec()) - PLESK_ACCOUNT_OPTIONS_LEFT_OUT | {'spam_filter'},
            # An account gives its address as name on both panels (brainy_mailbox takes name as an alias of address);
            # mail_bulk_accounts hands it to brainy_mailboxes as address.
            'brainycp': {'name' if key == 'address' else key for key in brainycp_mailbox_spec()},
        },
        'forward': {
            'plesk': {'source', 'targets', 'state'},  # made into the forwarding (enabled, addresses) of the source account
            'brainycp': set(brainycp_forward_spec()),
        },
        'user': {'plesk': set(user_spec()), 'brainycp': set()},
        'spam_filter': {'plesk': set(spam_filter_spec()), 'brainycp': set()},
    }


STATES = ('present', 'absent')


def _address(name, domain):
    name = str(name).strip().lower()
    return name if '@' in name else '%s@%s' % (name, domain)


class _Planner:
    def __init__(self, panel):
        self.panel = panel
        self.errors = []  # never quote an entry: it may hold a password
        self.domain_number = 0
        self.domain_names = set()
        self.plan = dict(accounts=[], forwards=[], dns=[], users=[], secrets={}, domains=[], mail_settings=[],
                         spam_filters=[])

    def unknown(self, where, given, kind):
        """Report keys the panel cannot honour; say when the other panel would take them."""
        extra = sorted(set(given) - keys()[kind][self.panel])
        if extra:
            other = 'brainycp' if self.panel == 'plesk' else 'plesk'
            hint = ' (only on %s)' % other if set(extra) <= keys()[kind][other] else ''
            self.errors.append('%s: %s not supported on %s%s.' % (where, ', '.join(extra), self.panel, hint))

    def state(self, where, entry):
        state = entry.get('state', 'present')
        if state not in STATES:
            self.errors.append('%s: state must be present or absent, not %r.' % (where, state))
        return state

    def domain(self, entry):
        self.domain_number += 1
        if not isinstance(entry, dict) or not entry.get('name'):
            self.errors.append('domain number %d needs a name.' % self.domain_number)
            return
        domain = str(entry['name']).strip().lower().rstrip('.')
        self.unknown('domain %s' % domain, entry, 'domain')
        if domain in self.domain_names:
            # Two bulk tasks for one domain, each pruning what the other lists, would remove each other's accounts.
            self.errors.append('domain %s: listed twice.' % domain)
        self.domain_names.add(domain)
        scope = {'panel_user': entry.get('panel_user')} if self.panel == 'brainycp' else {'site_id': entry.get('site_id')}
        record = dict(name=domain, **scope)
        self.plan['domains'].append(record)
        if self.panel == 'plesk':
            self.plesk_domain(domain, entry, scope)
        first_account, first_forward = len(self.plan['accounts']), len(self.plan['forwards'])
        forwarding = self.forwards(domain, entry.get('forwards') or [], scope)
        self.accounts(domain, entry.get('accounts') or [], scope, forwarding)
        # Where its entries are, so that a chunk of domains takes them without a scan of the whole plan (each entry
        # read costs Ansible a template check: a scan per chunk would cost chunks x accounts).
        record.update(accounts=[first_account, len(self.plan['accounts'])],
                      forwards=[first_forward, len(self.plan['forwards'])])
        if self.panel == 'brainycp' and (entry.get('spf') or entry.get('dkim')):
            for feature in ('spf', 'dkim'):
                if entry.get(feature) not in (None, 'enabled', 'disabled'):
                    self.errors.append('domain %s: %s must be enabled or disabled.' % (domain, feature))
            self.plan['dns'].append(dict(domain=domain, spf=entry.get('spf'), dkim=entry.get('dkim'), **scope))

    def plesk_domain(self, domain, entry, scope):
        """The mail settings (plesk_mail_domain) and the SPF, DMARC and DKIM (plesk_dns_auth) of a Plesk domain."""
        # pylint: disable=import-outside-toplevel
        from ansible_collections.hosting.mail.plugins.module_utils._plesk_domain import DMARC_PREFIX, SPF_PREFIX, check_record_value
        from ansible_collections.hosting.mail.plugins.module_utils._values import split_address
        where = 'domain %s' % domain
        records = {}
        for kind, prefix in (('spf', SPF_PREFIX), ('dmarc', DMARC_PREFIX)):
            value = entry.get(kind)
            if value is None:
                continue
            if isinstance(value, list):
                self.errors.append('%s: %s lists %d values; a domain publishes one %s record, never two: give one value.'
                                   % (where, kind, len(value), kind.upper()))
            elif str(value).strip().lower() == 'absent':
                records[kind] = dict(state='absent')
            elif str(value).strip().lower() in ('enabled', 'disabled'):
                self.errors.append('%s: on plesk, %s is the value of the %s record (starting with %s) or absent, not %s.'
                                   % (where, kind, kind.upper(), prefix, str(value).strip()))
            else:
                try:
                    records[kind] = dict(state='present', value=check_record_value(kind, str(value), prefix))
                except PanelError as error:
                    # Without the value it quotes: the plan's errors name keys, never values.
                    message = error.message.replace('%s.value' % kind, kind).split(', not ')[0].rstrip('.')
                    self.errors.append('%s: %s.' % (where, message))
        if entry.get('dkim') not in (None, 'enabled', 'disabled'):
            self.errors.append('%s: dkim must be enabled or disabled.' % where)
        if records or entry.get('dkim'):
            self.plan['dns'].append(dict(domain=domain, spf=records.get('spf'), dmarc=records.get('dmarc'),
                                         dkim=entry.get('dkim'), **scope))
        settings = {key: entry[key] for key in PLESK_MAIL_SETTINGS if entry.get(key) is not None}
        if 'catch_all' in settings:
            if 'unknown_recipient' in settings:
                self.errors.append('%s: give catch_all or unknown_recipient, not both.' % where)
            try:
                split_address(str(settings['catch_all']), '%s: catch_all' % where)
            except PanelError as error:
                self.errors.append(error.message)
            settings['unknown_recipient'] = dict(action='forward', address=str(settings.pop('catch_all')))
        if settings:
            self.plan['mail_settings'].append(dict(domain=domain, **settings, **scope))

    def forwards(self, domain, entries, scope):
        """BrainyCP forwards go to the plan; on Plesk they become the forwarding of the source account."""
        forwarding = {}
        for entry in entries:
            source = _address(entry.get('source', ''), domain)
            where = 'forward %s' % source
            self.unknown(where, entry, 'forward')
            state = self.state(where, entry)
            targets = sorted(_address(target, domain) for target in entry.get('targets') or [])
            if state == 'present' and not targets:
                self.errors.append('%s: needs targets.' % where)
            if self.panel == 'brainycp':
                other = {key: value for key, value in entry.items()  # brainy_forward options added since
                         if key in keys()['forward']['brainycp'] and key not in ('source', 'targets', 'state', 'save_local')}
                self.plan['forwards'].append(dict(source=source, targets=targets, state=state,
                                                  save_local=entry.get('save_local'), **other, **scope))
            else:
                forwarding[source] = {'enabled': state == 'present', 'addresses': targets if state == 'present' else []}
        return forwarding

    def accounts(self, domain, entries, scope, forwarding):
        seen = set()
        for entry in entries:
            if not isinstance(entry, dict) or not entry.get('name'):
                self.errors.append('domain %s: account number %d needs a name.' % (domain, entries.index(entry) + 1))
                continue
            address = _address(entry['name'], domain)
            where = 'account %s' % address
            self.unknown(where, entry, 'account')
            if address in seen:
                self.errors.append('%s: listed twice.' % where)
            seen.add(address)
            try:
                parse_size(entry.get('quota'), '%s: quota' % where)  # one size language for both panels
            except PanelError as error:
                self.errors.append(error.message)
            settings = {key: value for key, value in entry.items() if key not in ('name', 'password', 'state', 'spam_filter')}
            self.spam_filter(where, address, entry)
            if address in forwarding:
                settings['forwarding'] = forwarding.pop(address)
            if entry.get('password') is not None:
                self.plan['secrets'][address] = entry['password']
            self.plan['accounts'].append(dict(address=address, domain=domain, state=self.state(where, entry),
                                              settings=settings, **scope))
        for address, settings in sorted(forwarding.items()):
            # A Plesk forward whose source is not listed as an account sets only the forwarding: an existing
            # account keeps its mailbox (and its mail); list it with mailbox: false for a forward-only address.
            self.plan['accounts'].append(dict(address=address, domain=domain, state='present',
                                              settings=dict(forwarding=settings), **scope))

    def spam_filter(self, where, address, entry):
        """A Plesk account's spam filter, for plesk_spamfilter once the accounts are converged."""
        spam_filter = entry.get('spam_filter')
        if spam_filter is None or self.panel != 'plesk':
            return
        if not isinstance(spam_filter, dict):
            self.errors.append('%s: spam_filter must be a dict of the options of hosting.mail.plesk_spamfilter.' % where)
            return
        self.unknown('%s: spam_filter' % where, spam_filter, 'spam_filter')
        if entry.get('state', 'present') == 'absent':
            self.errors.append('%s: spam_filter goes with an account that is present, not absent.' % where)
            return
        self.plan['spam_filters'].append(dict(spam_filter, address=address))

    def user(self, entry):
        if self.panel != 'plesk':
            self.errors.append('users: panel users are managed only on plesk.')
            return
        if not isinstance(entry, dict) or not entry.get('login'):
            self.errors.append('user number %d needs a login.' % (len(self.plan['users']) + 1))
            return
        where = 'user %s' % entry['login']
        self.unknown(where, entry, 'user')
        if entry.get('password') is not None:
            self.plan['secrets'][entry['login']] = entry['password']
        self.plan['users'].append(dict(login=entry['login'], state=self.state(where, entry),
                                       settings={k: v for k, v in entry.items() if k not in ('login', 'password', 'state')}))


def mail_plan(domains, panel, users=None):
    """See mail_plan.yml."""
    if panel not in PANELS:
        raise AnsibleFilterError('mail_plan: panel must be plesk or brainycp, not %r' % (panel,))
    if not isinstance(domains, list):
        raise AnsibleFilterError('mail_plan: the domains must be a list')
    planner = _Planner(panel)
    for entry in domains:
        planner.domain(entry)
    for entry in users or []:
        planner.user(entry)
    return dict(planner.plan, errors=planner.errors)


_BULK_ACTIONS = {'created': 'created', 'updated': 'changed', 'removed': 'removed', 'unchanged': 'unchanged'}


def _bulk_entry(plan, account, brainycp):
    """One account of the plan as the bulk module of its panel takes it, password included."""
    password = plan.get('secrets', {}).get(account['address'])
    if not brainycp:
        entry = dict(account['settings'], name=account['address'], state=account['state'])
    else:
        entry = dict(address=account['address'], state=account['state'])
        entry.update((key, value) for key, value in account['settings'].items() if key in keys()['account']['brainycp'])
        entry = {key: value for key, value in entry.items() if value is not None}
    if password is not None:
        entry['password'] = password
    return entry


def mail_bulk_accounts(plan, domain=None, panel_user=None):
    """The entries for plesk_mail_accounts (one domain) or brainy_mailboxes (one hosting user), passwords included."""
    entries = []
    for account in plan.get('accounts', []):
        if domain is not None and account['domain'] != domain:
            continue
        if panel_user is not None and (account.get('panel_user') or '') != panel_user:
            continue
        entries.append(_bulk_entry(plan, account, panel_user is not None))
    return entries


def _hosting_user(name):
    return name or '(the API account)'


def mail_chunks(plan, size=500, by='domains'):
    """See mail_chunks.yml."""
    if not isinstance(size, int) or isinstance(size, bool) or size < 1:
        raise AnsibleFilterError('mail_chunks: size must be a whole number of %s, 1 or more, not %r' % (by, size))
    if by == 'domains':
        names, shown, plural = [domain['name'] for domain in plan.get('domains', [])], str, 'domains'
    elif by == 'panel_users':
        names, shown, plural = _panel_users(plan), _hosting_user, 'hosting users'
    else:
        raise AnsibleFilterError('mail_chunks: by must be domains or panel_users, not %r' % (by,))
    count = -(-len(names) // size)
    chunks = []
    for number, start in enumerate(range(0, len(names), size)):
        chunk = names[start:start + size]
        label = shown(chunk[0]) if len(chunk) == 1 else '%s to %s (%d %s)' % (shown(chunk[0]), shown(chunk[-1]), len(chunk), plural)
        if count > 1:
            label += ', part %d of %d' % (number + 1, count)
        chunks.append({by: chunk, 'label': label})
    return chunks


def _panel_users(plan):
    """The hosting users of a BrainyCP plan, in the order their domains come; '' for domains without one."""
    return list(dict.fromkeys(domain.get('panel_user') or '' for domain in plan.get('domains', [])))


def _entries_of(plan, kind, domains):
    """The entries of ``plan[kind]`` (accounts or forwards) of the plan's ``domains`` entries, in the plan's order."""
    entries = plan.get(kind, [])
    for domain in domains:
        first, end = domain[kind]
        yield from entries[first:end]


def mail_bulk_users(plan, panel_users, kind='mailboxes'):
    """See mail_bulk_users.yml."""
    if kind not in ('mailboxes', 'forwards'):
        raise AnsibleFilterError('mail_bulk_users: kind must be mailboxes or forwards, not %r' % (kind,))
    domains_of = {}
    for domain in plan.get('domains', []):
        domains_of.setdefault(domain.get('panel_user') or '', []).append(domain)
    entries = []
    for name in panel_users:
        name = name or ''
        domains = domains_of.get(name, [])
        entry = dict(panel_user=name, prune_domains=[domain['name'] for domain in domains])
        if kind == 'mailboxes':
            entry['mailboxes'] = [_bulk_entry(plan, account, True) for account in _entries_of(plan, 'accounts', domains)]
        else:
            entry['forwards'] = [{key: value for key, value in forward.items() if key != 'panel_user' and value is not None}
                                 for forward in _entries_of(plan, 'forwards', domains)]
        entries.append(entry)
    return entries


def mail_bulk_domains(plan, domains):
    """See mail_bulk_domains.yml."""
    wanted = {str(name): None for name in domains}
    for domain in plan.get('domains', []):
        if domain['name'] in wanted:
            wanted[domain['name']] = domain
    entries = []
    for name, domain in wanted.items():
        entry = dict(domain=name, accounts=[] if domain is None else
                     [_bulk_entry(plan, account, False) for account in _entries_of(plan, 'accounts', [domain])])
        if domain is not None and domain.get('site_id'):
            entry['site_id'] = domain['site_id']
        entries.append(entry)
    return entries


# How a summary names each kind of object: (one, several, a count of one, a count of several).
SUMMARY_KINDS = {
    'account': ('mail account', 'mail accounts', '1 mail account', '%d mail accounts'),
    'user': ('panel user', 'panel users', '1 panel user', '%d panel users'),
    'forward': ('forward', 'forwards', '1 forward', '%d forwards'),
    'dns': ('SPF/DKIM of', 'SPF/DKIM of', 'SPF/DKIM of 1 domain', 'SPF/DKIM of %d domains'),
    'mail_auth': ('SPF/DMARC/DKIM of', 'SPF/DMARC/DKIM of', 'SPF/DMARC/DKIM of 1 domain', 'SPF/DMARC/DKIM of %d domains'),
    'mail_settings': ('mail settings of', 'mail settings of', 'mail settings of 1 domain', 'mail settings of %d domains'),
    'spam_filter': ('spam filter of', 'spam filters of', 'spam filter of 1 mailbox', 'spam filters of %d mailboxes'),
}
# Domains that a task over many could not read; the summary names them whatever kinds it was given.
_LABELS = dict(SUMMARY_KINDS, domain=('domain', 'domains', '1 domain', '%d domains'),
               hosting_user=('hosting user', 'hosting users', '1 hosting user', '%d hosting users'))
_OUTCOMES = ('created', 'changed', 'removed', 'unchanged', 'failed')


def _summary_text(groups, outcome):
    """One outcome as text, grouped by kind in the order the kinds came: 'mail accounts a, b; panel user c'."""
    parts = []
    for kind, names in groups:
        labels = _LABELS.get(kind)
        if outcome == 'unchanged':
            parts.append((labels[2] if len(names) == 1 else labels[3] % len(names)) if labels else str(len(names)))
        else:
            label = (labels[0] if len(names) == 1 else labels[1]) + ' ' if labels else ''
            parts.append(label + ', '.join(names))
    return ('; ' if outcome != 'unchanged' else ', ').join(parts)


def mail_summary(registered, kinds=None):
    """What registered results did: created, changed, removed, unchanged (and failed) names, and a text of each.

    Takes loop results of the single-object modules and the per-object reports of the bulk modules.
    """
    if kinds is not None and (not isinstance(kinds, list) or len(kinds) != len(registered)
                              or not all(isinstance(kind, str) and kind in SUMMARY_KINDS for kind in kinds)):
        raise AnsibleFilterError('mail_summary: kinds must list one of %s for each registered result'
                                 % ', '.join(sorted(SUMMARY_KINDS)))
    summary = {outcome: [] for outcome in _OUTCOMES}
    groups = {outcome: {} for outcome in _OUTCOMES}  # outcome: {kind: names}, in the order the kinds came

    def add(outcome, kind, name):
        if kind in ('domain', 'hosting_user') and name in groups[outcome].get(kind, []):
            return  # one that could not be read is named once, though several tasks tried it
        summary[outcome].append(name)
        groups[outcome].setdefault(kind, []).append(name)

    for number, outcome in enumerate(registered):
        kind = kinds[number] if kinds else None
        for result in (outcome or {}).get('results', []):
            if result.get('skipped'):
                continue
            bulk = next((result[key] for key in ('accounts', 'mailboxes', 'forwards') if isinstance(result.get(key), list)), None)
            item = result.get('item') or {}
            if isinstance(item, dict):
                name = (item.get('address') or item.get('login') or item.get('source') or item.get('domain')
                        or item.get('name') or item.get('label') or str(item))
            else:
                name = str(item)
            if isinstance(bulk, list) and all(isinstance(entry, dict) and 'action' in entry for entry in bulk):
                # A task over many domains (hosting users) names each it could not read, with or without entries listed.
                unread = [('domain', site['domain']) for site in result.get('domains') or []
                          if isinstance(site, dict) and site.get('error')]
                unread += [('hosting_user', user.get('panel_user') or '(the API account)') for user in result.get('users') or []
                           if isinstance(user, dict) and user.get('error')]
                for unread_kind, unread_name in unread:
                    add('failed', unread_kind, unread_name)
                outcomes = [_BULK_ACTIONS.get(entry['action'], 'failed') for entry in bulk]
                for entry, entry_outcome in zip(bulk, outcomes):
                    add(entry_outcome, kind, entry.get('address') or entry.get('source'))
                if result.get('failed') and not unread and 'failed' not in outcomes:
                    add('failed', kind, name)  # failed, yet nothing it lists says what: the task (loop item) is named
                continue
            fields = result.get('changed_fields') or []
            if result.get('failed'):  # an item that failed under ignore_errors
                add('failed', kind, name)
            elif not result.get('changed'):
                add('unchanged', kind, name)
            elif 'created' in fields:
                add('created', kind, name)
            elif 'removed' in fields or 'deleted' in fields:
                add('removed', kind, name)
            else:
                add('changed', kind, name)
    summary['text'] = {outcome: _summary_text(groups[outcome].items(), outcome) for outcome in _OUTCOMES}
    return summary


_LISTED = {
    # kind: (key of the info module's list, key of each entry, key of the plan entries, plan list)
    'accounts': ('accounts', 'address', 'address', 'accounts'),
    'mailboxes': ('mailboxes', 'address', 'address', 'accounts'),
    'forwards': ('forwards', 'source', 'source', 'forwards'),
    'users': ('users', 'login', 'login', 'users'),
}


def mail_leftovers(listings, plan, kind):
    """What the panel holds (registered info module results) that the plan does not list, to prune.

    Each leftover carries what identifies it to the module that removes it (site_id, panel_user).
    Built-in Plesk users are never leftovers.
    """
    if kind not in _LISTED:
        raise AnsibleFilterError('mail_leftovers: kind must be one of %s' % ', '.join(sorted(_LISTED)))
    found_key, entry_key, plan_key, plan_list = _LISTED[kind]
    listed = {str(entry[plan_key]).lower() for entry in plan.get(plan_list, [])}
    leftovers = []
    for result in listings.get('results', []) if isinstance(listings, dict) else listings:
        scope = result.get('item') or {}
        scope = {key: scope[key] for key in ('site_id', 'panel_user') if isinstance(scope, dict) and scope.get(key)}
        for entry in result.get(found_key) or []:
            name = str(entry[entry_key]).lower()
            if name not in listed and not entry.get('built_in'):
                leftovers.append(dict({entry_key: entry[entry_key]}, **scope))
    return leftovers


class FilterModule:
    def filters(self):
        return {'mail_plan': mail_plan, 'mail_summary': mail_summary, 'mail_leftovers': mail_leftovers,
                'mail_bulk_accounts': mail_bulk_accounts, 'mail_chunks': mail_chunks, 'mail_bulk_domains': mail_bulk_domains,
                'mail_bulk_users': mail_bulk_users}
