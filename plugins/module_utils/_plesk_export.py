# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is PRIVATE to the hosting.mail collection. It may change at any time.

"""A Plesk panel's mail, read in a few packets, as the data of the mail_provisioning role.

Every domain is listed in one request (``webspace/get`` for subscriptions, ``site/get`` for add-on sites: neither lists
the other's); the accounts of up to ``CHUNK`` domains, with their mail settings and DNS records, are read in one more
each; the spam filters of up to ``CHUNK`` mailboxes in one each; the panel users in one. Each entry holds what the panel
reports and the role manages, empty values left out, so that the role run with the export and prune changes nothing.
"""

from __future__ import annotations

from ansible_collections.hosting.mail.plugins.module_utils._errors import OptionError, PanelError
from ansible_collections.hosting.mail.plugins.module_utils._export import password_comment
from ansible_collections.hosting.mail.plugins.module_utils._plesk import (
    AUTORESPONDER_END_DATE_ANSWER,
    child,
    idna_domain,
    listed_domain,
    listed_int,
    supports,
)
from ansible_collections.hosting.mail.plugins.module_utils._plesk_mail import add_get_info, read_get_info
from ansible_collections.hosting.mail.plugins.module_utils import _plesk_domain as domain_settings
from ansible_collections.hosting.mail.plugins.module_utils import _plesk_spamfilter as spam
from ansible_collections.hosting.mail.plugins.module_utils._plesk_user import list_users
from ansible_collections.hosting.mail.plugins.module_utils._values import format_size

# Domains whose accounts one request reads (the bulk module's chunk of the role); mailboxes whose spam filter one reads.
CHUNK = 500
# What an export may read besides the accounts: the domain's mail settings, its SPF/DMARC/DKIM, the spam filters.
INCLUDE = ('settings', 'dns_auth', 'spam_filter')
ANTIVIRUS = ('off', 'inout', 'in', 'out')
USER_STATUSES = ('enabled', 'disabled')
_AUTORESPONDER_ORDER = ('enabled', 'subject', 'text', 'content_type', 'charset', 'forward_to', 'end_date')


class Domain:
    """One domain of the panel: its site id, its name as the role takes it, and whether it is a subscription."""

    def __init__(self, site_id, name, subscription):
        self.site_id = site_id
        self.name = name
        self.subscription = subscription


def list_domains(client):
    """Every domain of the panel, sorted by name: subscriptions' main domains and add-on sites, in one request."""
    packet = client.packet()
    for operator in ('webspace', 'site'):
        get = packet.operation(packet.operator(operator), 'get')
        child(get, 'filter')  # empty: all
        child(child(get, 'dataset'), 'gen_info')
    found = {}
    for operator, results in zip(('webspace', 'site'), client.send(packet, safe_to_repeat=True)):
        for result in results:
            if not result.ok:
                if result.not_found:
                    continue
                raise client.error_for(result, '%s/get' % operator)
            site_id = listed_int(result.element, 'id', 'the id of a %s' % operator)
            name = result.element.findtext('data/gen_info/name') or result.element.findtext('data/gen_info/ascii-name')
            if site_id is None or not name:
                continue  # a result without data (api-php-lib #82) names no domain
            # A server that lists a subscription's main domain under site/get too gives it once, as the subscription.
            found.setdefault(site_id, Domain(site_id, listed_domain(name), operator == 'webspace'))
    return sorted(found.values(), key=lambda domain: domain.name)


def pick_domains(listed, wanted):
    """The listed domains that ``wanted`` names (all without it); an OptionError naming those the panel lacks."""
    if not wanted:
        return listed
    names = {idna_domain(name, 'domains') for name in wanted}
    missing = sorted(names - {domain.name for domain in listed})
    if missing:
        raise OptionError('domains: Plesk has no domain %s (neither a subscription nor an add-on site); nothing was '
                          'exported.' % ', '.join(missing))
    return [domain for domain in listed if domain.name in names]


def _unreadable(what, domain, error):
    return PanelError('The %s of %s (site %d) could not be read, so nothing was exported: %s'
                      % (what, domain.name, domain.site_id, error.message))


def read_domains(client, domains, with_settings=False):
    """``(accounts, auth)``: domain name -> its accounts (dicts of ``_plesk_mail``), and (``with_settings``) -> its mail
    settings and records (``_plesk_domain.read_auth``), ``CHUNK`` domains a request. A site that cannot be read fails
    the export: a domain left out would read as one without mail."""
    accounts, auth = {}, {}
    for start in range(0, len(domains), CHUNK):
        chunk = domains[start:start + CHUNK]
        packet = client.packet()
        for domain in chunk:
            add_get_info(packet, domain.site_id, [])
            if with_settings:
                domain_settings.add_auth_reads(packet, domain.site_id)
        answers = iter(client.send(packet, safe_to_repeat=True))
        for domain in chunk:
            found = next(answers)
            try:
                found = read_get_info(client, found, domain.site_id, [], domain.name)
            except PanelError as error:
                raise _unreadable('accounts', domain, error) from None
            accounts[domain.name] = sorted((account for account in found.values() if account),
                                           key=lambda account: account['address'])
            if with_settings:
                reads = [next(answers) for _read in range(3)]
                try:
                    auth[domain.name] = domain_settings.read_auth(client, reads, domain.name)
                except PanelError as error:
                    raise _unreadable('mail settings', domain, error) from None
    return accounts, auth


def read_spam_filters(client, addresses):
    """address -> its spam filter (``_plesk_spamfilter.read``), ``CHUNK`` mailboxes a request."""
    filters = {}
    for start in range(0, len(addresses), CHUNK):
        chunk = addresses[start:start + CHUNK]
        packet = client.packet()
        for address in chunk:
            spam.add_reads(packet, spam.mailbox(address))
        answers = spam.send(client, packet, safe_to_repeat=True)
        for number, address in enumerate(chunk):
            filters[address] = spam.read(client, answers[3 * number:3 * number + 3], address)
    return filters


def account_entry(account, version, notes):
    """One account as the role's data: name, then what the panel reports and the role manages, empty values left out."""
    local = account['address'].partition('@')[0]
    entry = {'name': local, '#password': password_comment()}
    if not account['mailbox']:
        entry['mailbox'] = False
    elif account['quota'] == 0:
        notes.append('%s: quota 0 (a mailbox that takes no mail) cannot be written as role data; left out, so the '
                     'role leaves it as it is.' % account['address'])
    elif account['quota'] is not None:
        entry['quota'] = format_size(account['quota'])
    if account['aliases']:
        entry['aliases'] = [alias.partition('@')[0] for alias in account['aliases']]
    responder = account['autoresponder']
    if not supports(version, AUTORESPONDER_END_DATE_ANSWER):
        responder = dict(responder, end_date=None)  # not reported before 1.6.8.0: a value here would be a guess
    if responder['enabled'] or any(responder[field] for field in ('subject', 'text', 'forward_to', 'end_date')):
        entry['autoresponder'] = {field: responder[field] for field in _AUTORESPONDER_ORDER
                                  if responder.get(field) not in (None, '')}
    if account['antivirus'] in ANTIVIRUS:
        entry['antivirus'] = account['antivirus']
    if account['outgoing_messages_limit']:
        entry['outgoing_messages_limit'] = account['outgoing_messages_limit']
    if account['description']:
        entry['description'] = account['description']
    return entry


def forward_entry(account):
    """The forward of an account whose forwarding is on (the role makes forwards the forwarding of their source)."""
    forwarding = account['forwarding']
    if not (forwarding['enabled'] and forwarding['addresses']):
        return None
    return {'source': account['address'].partition('@')[0], 'targets': list(forwarding['addresses'])}


def spam_filter_entry(found):
    """A mailbox's spam filter as the role's data, or None for one that is off with empty lists (left alone then)."""
    if not found or not (found['enabled'] or found['allow'] or found['block']):
        return None
    entry = {'enabled': found['enabled']}
    for field in ('required_score', 'action', 'rewrite_header'):
        if found.get(field) not in (None, ''):
            entry[field] = found[field]
    if entry.get('rewrite_header'):
        # The text put before the subject, as the role takes it: a panel may answer SpamAssassin's "subject <text>".
        entry['rewrite_header'] = spam.header_text(entry['rewrite_header'])
    for field in ('allow', 'block'):
        if found[field]:
            entry[field] = list(found[field])
    return entry


def settings_entry(settings):
    """The role's keys for a domain's mail settings (catch_all for a forward to one address); unreported ones left out."""
    entry = {}
    policy = settings.get('unknown_recipient')
    if policy and policy['action'] == 'forward' and policy.get('address'):
        entry['catch_all'] = policy['address']
    elif policy and policy['action'] in ('bounce', 'reject'):
        entry['unknown_recipient'] = dict(policy)
    for field in ('mail_service', 'greylisting', 'webmail'):
        if settings.get(field) not in (None, ''):
            entry[field] = settings[field]
    return entry


def auth_entry(domain, auth, notes):
    """The role's spf, dmarc and dkim of a domain. SPF and DMARC only in a zone the panel serves (the role refuses them
    elsewhere); a record kind with two values cannot be written as one, and is left out with a note."""
    entry = {}
    if auth['zone'] == 'enabled':
        for kind, host, prefix in (('spf', '', domain_settings.SPF_PREFIX),
                                   ('dmarc', domain_settings.DMARC_HOST, domain_settings.DMARC_PREFIX)):
            values = [domain_settings.txt_value(value) for value in domain_settings.record_values(auth['records'], host, prefix)]
            if len(values) > 1:
                notes.append('%s: %d %s records; the role keeps one, so none is exported (the role leaves them alone).'
                             % (domain.name, len(values), kind.upper()))
            else:
                entry[kind] = values[0] if values else 'absent'
    if auth['signing'] is not None:
        entry['dkim'] = 'enabled' if auth['signing'] else 'disabled'
    return entry


def domain_entry(domain, accounts, version, notes, auth=None, include=(), filters=None):
    entry = {'name': domain.name}
    if auth is not None and 'dns_auth' in include:
        entry.update(auth_entry(domain, auth, notes))
    if auth is not None and 'settings' in include:
        entry.update(settings_entry(auth['settings']))
    entry['accounts'] = []
    for account in accounts:
        exported = account_entry(account, version, notes)
        spam_filter = spam_filter_entry((filters or {}).get(account['address']))
        if spam_filter:
            exported['spam_filter'] = spam_filter
        entry['accounts'].append(exported)
    forwards = [forward for forward in (forward_entry(account) for account in accounts) if forward]
    if forwards:
        entry['forwards'] = forwards
    return entry


def user_entry(user, subscriptions, notes):
    """One panel user as the role's data; built-in users are never exported (the role never removes them)."""
    entry = {'login': user['login'], '#password': password_comment()}
    for field in ('name', 'email', 'role'):
        if user.get(field):
            entry[field] = user[field]
    if user['subscription_id'] == 0:
        entry['subscription'] = 'all'
    elif user['subscription_id'] in subscriptions:
        entry['subscription'] = subscriptions[user['subscription_id']]
    else:
        notes.append('user %s: its subscription (id %d) is not among the subscriptions listed; left out.'
                     % (user['login'], user['subscription_id']))
    if user.get('status') in USER_STATUSES:
        entry['status'] = user['status']
    contact = {field: value for field, value in sorted(user['contact'].items()) if value}
    if contact:
        entry['contact'] = contact
    for field in ('external_id', 'owner_guid'):
        if user.get(field):
            entry[field] = user[field]
    return entry


def export(client, wanted_domains=None, users=True, include=INCLUDE):
    """``(data, notes, counts)``: the role's variables for the panel, what could not be exported, and how much was."""
    listed = list_domains(client)
    domains = pick_domains(listed, wanted_domains)
    notes = []
    accounts, auth = read_domains(client, domains, with_settings=bool({'settings', 'dns_auth'} & set(include)))
    filters = None
    if 'spam_filter' in include:
        filters = read_spam_filters(client, [account['address'] for domain in domains for account in accounts[domain.name]
                                             if account['mailbox']])
    data = {'mail_provisioning_panel': 'plesk',
            'mail_provisioning_domains': [domain_entry(domain, accounts[domain.name], client.version, notes,
                                                       auth.get(domain.name), include, filters)
                                          for domain in domains]}
    counts = {'domains': len(domains), 'accounts': sum(len(found) for found in accounts.values()), 'users': 0}
    if users:
        subscriptions = {domain.site_id: domain.name for domain in listed if domain.subscription}
        panel_users = sorted((user for user in list_users(client) if not user['built_in'] and user['login']),
                             key=lambda user: user['login'].lower())
        data['mail_provisioning_users'] = [user_entry(user, subscriptions, notes) for user in panel_users]
        counts['users'] = len(panel_users)
    return data, notes, counts
