# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The simulated panel: webspaces (subscriptions), add-on sites, their mail accounts, owners, roles and panel users.

A seed and a state dump share one JSON format, so a dump can seed another simulator. Mail settings
and user settings travel as "changes": dicts in that same format holding only the settings a
request names.

The rules Plesk enforces live here. Mail accounts: invalid values fail with 1019, names and
aliases that clash on a site with 1007, missing objects with 1013. Panel users: invalid values
fail with 1019, a taken login with 1002, an unknown owner with 1015, an unknown role or
subscription with 1013.

Every domain also has its mail service preferences (``mail_prefs``) and its DNS zone (``dns``: the
zone's state and its records, hosts stored relative to the domain); every mail account its spam
filter (``spamfilter``). The panel has a server-wide spam filter (``spamfilter_admin``) and a DNS
template (``dns_template``). DNS record ids come from one panel-wide sequence, template included.
Switching DKIM signing (``spam_protect_sign``) on adds the DKIM records to the zone.
"""

from __future__ import annotations

import base64
import copy
import datetime
import functools
import hashlib
import json
import os
import re
import uuid

from .accounts import BUILT_IN_ROLES, Owner, PanelUser, Role
from .protocol import ALREADY_EXISTS, NOT_FOUND, OWNER_NOT_FOUND, PERMISSION_DENIED, USER_EXISTS, ResultError, invalid

DEMO_SEED = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'seed-demo.json')
DEFAULT_CREATED = '2024-01-01'
DEFAULT_IP_ADDRESS = '192.0.2.1'
# GUIDs derive from names in this namespace, so they stay the same from run to run.
GUID_NAMESPACE = uuid.UUID('6f1d2c1e-5a0b-4c1e-9a53-0c5d8b7e2a10')

ANTIVIR_MODES = ('off', 'inout', 'in', 'out')
PASSWORD_TYPES = ('plain', 'crypt')
CONTENT_TYPES = ('text/plain', 'text/html')
AUTORESPONDER_FIELDS = ('subject', 'content_type', 'charset', 'text', 'forward', 'end_date')

_ATOM = r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LOCAL_PART = re.compile(r'^%s(\.%s)*$' % (_ATOM, _ATOM))
_EMAIL = re.compile(r'^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$')
_OUTGOING_LIMIT = re.compile(r'^(default|unlimited|[0-9]+)$')
_SCORE = re.compile(r'^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$')

# Mail service preferences of a domain (<mail><get_prefs>), as a new domain has them.
WEBMAIL_NAMES = ('roundcube', 'horde', 'none')
NONEXISTENT_USER_ACTIONS = ('bounce', 'forward', 'reject')
DEFAULT_BOUNCE_MESSAGE = 'This address no longer accepts mail.'
MAIL_PREFS_DEFAULTS = {
    'mailservice': True,
    'nonexistent_user': {'action': 'bounce', 'value': DEFAULT_BOUNCE_MESSAGE},
    'webmail': 'roundcube',
    'spam_protect_sign': False,
    'greylisting': True,
}

# DNS: the record types of plesk_dns.xsd; a zone is enabled, disabled (switched off, records kept) or none (no zone).
DNS_TYPES = ('A', 'CNAME', 'PTR', 'MX', 'NS', 'TXT', 'SOA', 'AXFR', 'SRV', 'AAAA')
ZONE_STATES = ('enabled', 'disabled', 'none')
DKIM_KEY_HOST = 'default._domainkey'
DKIM_POLICY_HOST = '_domainkey'
DKIM_POLICY_VALUE = 'o=-'
TEMPLATE_DOMAIN = '<domain>'
TEMPLATE_IP = '<ip>'
# Plesk's default zone template: hosts relative, <domain> and <ip> stand for the domain's name and address.
DEFAULT_DNS_TEMPLATE = (
    {'type': 'A', 'host': '', 'value': TEMPLATE_IP, 'opt': ''},
    {'type': 'CNAME', 'host': 'www', 'value': TEMPLATE_DOMAIN + '.', 'opt': ''},
    {'type': 'A', 'host': 'mail', 'value': TEMPLATE_IP, 'opt': ''},
    {'type': 'MX', 'host': '', 'value': 'mail.%s.' % TEMPLATE_DOMAIN, 'opt': '10'},
    {'type': 'NS', 'host': '', 'value': 'ns1.%s.' % TEMPLATE_DOMAIN, 'opt': ''},
    {'type': 'TXT', 'host': '', 'value': 'v=spf1 +a +mx -all', 'opt': ''},
    {'type': 'TXT', 'host': '_dmarc', 'value': 'v=DMARC1; p=none', 'opt': ''},
)

# Spam filter (SpamAssassin) settings of a mailbox; the server-wide ones (username admin) add two of their own.
SPAM_LISTS = ('white', 'black', 'unwhite', 'unblack')
SPAM_ACTIONS = ('text', 'delete', 'move')
SPAMFILTER_DEFAULTS = {
    'enabled': False,
    'required_score': '7',
    'rewrite_header': '***SPAM***',
    'action': 'text',
    'lists': {name: [] for name in SPAM_LISTS},
}
ADMIN_SPAMFILTER_DEFAULTS = dict(SPAMFILTER_DEFAULTS, personal=True, max_children_process=5)
SPAMFILTER_ADMIN = 'admin'


def normalize_domain(name):
    return name.strip().rstrip('.').lower()


@functools.lru_cache(maxsize=65536)  # a panel of thousands of domains compares names often; the codec is slow
def to_ascii(name):
    """The IDNA (punycode) form of a domain name; names the codec refuses stay as they are."""
    try:
        return normalize_domain(name).encode('idna').decode('ascii')
    except UnicodeError:
        return normalize_domain(name)


def to_unicode(name):
    try:
        return to_ascii(name).encode('ascii').decode('idna')
    except UnicodeError:
        return normalize_domain(name)


def normalize_local_part(name):
    # Plesk keeps mail names in lower case and compares them without regard to case.
    return name.strip().lower()


def stable_guid(*parts):
    return str(uuid.uuid5(GUID_NAMESPACE, '/'.join(str(part) for part in parts)))


def dkim_public_value(ascii_name):
    """The value of the ``default._domainkey`` TXT record Plesk adds for the domain: predictable from its name.

    ``v=DKIM1; p=`` and the base64 of the name's SHA-256 digest repeated five times (216 characters).
    """
    digest = hashlib.sha256(to_ascii(ascii_name).encode('ascii')).digest()
    return 'v=DKIM1; p=' + base64.b64encode(digest * 5).decode('ascii')


def dkim_records(ascii_name):
    """The two TXT records (without ids) that signing adds to a zone."""
    return [{'type': 'TXT', 'host': DKIM_KEY_HOST, 'value': dkim_public_value(ascii_name), 'opt': ''},
            {'type': 'TXT', 'host': DKIM_POLICY_HOST, 'value': DKIM_POLICY_VALUE, 'opt': ''}]


def is_dkim_record(record):
    return record['type'] == 'TXT' and record['host'].lower() in (DKIM_KEY_HOST, DKIM_POLICY_HOST)


def default_mail_prefs():
    return copy.deepcopy(MAIL_PREFS_DEFAULTS)


def check_mail_prefs(prefs):
    """Raise 1019 for the first preference Plesk would refuse."""
    action = prefs['nonexistent_user'].get('action')
    value = prefs['nonexistent_user'].get('value')
    if action not in NONEXISTENT_USER_ACTIONS:
        raise invalid('nonexistent-user action %r (bounce, forward or reject)' % (action,))
    if action == 'forward' and not (isinstance(value, str) and _EMAIL.match(value)):
        raise invalid('nonexistent-user forward %r is not an e-mail address' % (value,))
    if action == 'bounce' and not isinstance(value, str):
        raise invalid('nonexistent-user bounce needs a message')
    if prefs['webmail'] not in WEBMAIL_NAMES:
        raise invalid('webmail %r (%s)' % (prefs['webmail'], ', '.join(WEBMAIL_NAMES)))
    for flag in ('mailservice', 'spam_protect_sign', 'greylisting'):
        if not isinstance(prefs[flag], bool):
            raise invalid('%s %r is not a boolean' % (flag, prefs[flag]))


def seeded_mail_prefs(data):
    """A seed's partial ``mail_prefs`` over the defaults (``nonexistent_user`` is taken whole); ValueError if invalid."""
    prefs = default_mail_prefs()
    given = dict(data or {})
    unknown = set(given) - set(prefs)
    if unknown:
        raise ValueError('seed: unknown mail_prefs key(s) %s' % ', '.join(sorted(unknown)))
    prefs.update(copy.deepcopy(given))
    if prefs['nonexistent_user'].get('action') == 'reject':
        prefs['nonexistent_user'] = {'action': 'reject', 'value': None}
    try:
        check_mail_prefs(prefs)
    except ResultError as error:
        raise ValueError('seed: mail_prefs: %s' % error.text) from None
    return prefs


def is_score(text):
    """Whether a spam filter required-score parses as a (finite) number."""
    return bool(_SCORE.match(text.strip()))


def spamfilter_settings(data=None, admin=False):
    """Spam filter settings: a partial dict (a seed's, lists partial too) over the defaults; ValueError if invalid."""
    settings = copy.deepcopy(ADMIN_SPAMFILTER_DEFAULTS if admin else SPAMFILTER_DEFAULTS)
    given = copy.deepcopy(dict(data or {}))
    unknown = set(given) - set(settings)
    if unknown:
        raise ValueError('seed: unknown spamfilter key(s) %s' % ', '.join(sorted(unknown)))
    lists = given.pop('lists', {})
    if set(lists) - set(SPAM_LISTS):
        raise ValueError('seed: unknown spam list(s) %s' % ', '.join(sorted(set(lists) - set(SPAM_LISTS))))
    settings.update(given)
    settings['lists'].update((name, list(patterns)) for name, patterns in lists.items())
    settings['required_score'] = str(settings['required_score'])
    if not is_score(settings['required_score']) or settings['action'] not in SPAM_ACTIONS:
        raise ValueError('seed: spamfilter required_score %r or action %r' % (settings['required_score'], settings['action']))
    return settings


def relative_host(host, zone_names):
    """A record host relative to its zone: an absolute name (trailing dot) in one of ``zone_names`` loses the zone.

    An absolute name outside the zone is refused (1019); a name without a trailing dot is relative already.
    """
    text = host.strip()
    if not text.endswith('.'):
        return text
    absolute = text[:-1]
    for zone in zone_names:
        zone = zone.lower()
        if absolute.lower() == zone:
            return ''
        if absolute.lower().endswith('.' + zone):
            return absolute[:-len(zone) - 1]
    raise invalid('host %r is not in the zone %s' % (host, zone_names[0]))


# The admin's GUID is also the vendor GUID of every webspace, as the admin sells them all.
DEFAULT_ADMIN = {'login': 'admin', 'password': 'simulator', 'guid': stable_guid('vendor', 'admin'),
                 'email': 'admin@example.com'}


class IdSequence:
    """Hands out ids: those a seed names are taken as they are, new ones never reuse a taken id."""

    def __init__(self):
        self.taken = set()
        self._last = 0

    def reserve(self, ids):
        for object_id in ids:
            if object_id in self.taken:
                raise ValueError('seed: id %d is used twice' % object_id)
            self.taken.add(object_id)

    def take(self, object_id=None):
        if object_id is not None:
            return object_id
        self._last += 1
        while self._last in self.taken:
            self._last += 1
        self.taken.add(self._last)
        return self._last


class MailAccount:
    """A mail name on a site, with every setting the XML API knows."""

    def __init__(self, account_id, name):
        self.id = account_id
        self.name = name
        self.cp_access = False
        self.mailbox = {'enabled': False, 'quota': -1}
        self.forwarding = {'enabled': False, 'addresses': []}
        self.aliases = []
        self.autoresponder = self.default_autoresponder()
        self.password = None  # {'value': ..., 'type': 'plain'|'crypt'}; stored, never answered
        self.antivir = 'off'
        self.outgoing_messages_mbox_limit = 'default'
        self.description = ''
        self.spamfilter = spamfilter_settings()

    @staticmethod
    def default_autoresponder():
        autoresponder = {'enabled': False}
        autoresponder.update((field, None) for field in AUTORESPONDER_FIELDS)
        return autoresponder

    def names(self):
        return {self.name, *self.aliases}

    def apply_set(self, change, sections='merge'):
        """``update/set``: every named setting replaces the stored one; a list given replaces the list.

        ``sections`` is the quirk ``set_sections``: with ``replace`` a mailbox, forwarding or autoresponder
        section replaces the stored one whole, what it leaves out taking the XSD default (no address: none).
        """
        if 'cp_access' in change:
            self.cp_access = change['cp_access']
        if sections == 'replace':
            for section, defaults in (('mailbox', {'enabled': True, 'quota': -1}),
                                      ('forwarding', {'enabled': False, 'addresses': []}),
                                      ('autoresponder', self.default_autoresponder())):
                if section in change:
                    setattr(self, section, dict(defaults))
        self.mailbox.update(change.get('mailbox', {}))
        forwarding = change.get('forwarding', {})
        if 'enabled' in forwarding:
            self.forwarding['enabled'] = forwarding['enabled']
        if 'addresses' in forwarding:
            self.forwarding['addresses'] = _unique(forwarding['addresses'])
        if 'aliases' in change:
            self.aliases = _unique(normalize_local_part(alias) for alias in change['aliases'])
        self.autoresponder.update(change.get('autoresponder', {}))
        if 'password' in change:
            self.password = {'value': change['password'].get('value'), 'type': change['password'].get('type', 'plain')}
        for setting in ('antivir', 'outgoing_messages_mbox_limit', 'description'):
            if setting in change:
                setattr(self, setting, change[setting])

    def apply_add(self, change):
        """``update/add``: list items are appended; the autoresponder takes the fields given."""
        forwarding = change.get('forwarding', {})
        if 'enabled' in forwarding:
            self.forwarding['enabled'] = forwarding['enabled']
        self.forwarding['addresses'] = _unique(self.forwarding['addresses'] + list(forwarding.get('addresses', ())))
        self.aliases = _unique(self.aliases + [normalize_local_part(alias) for alias in change.get('aliases', ())])
        self.autoresponder.update(change.get('autoresponder', {}))

    def apply_remove(self, change, emptied='disable'):
        """``update/remove``: listed items are deleted; an autoresponder element switches it off and clears it.

        ``emptied`` is the quirk ``forwarding_emptied``: what removing the last address of a forwarding that is on
        does (``disable``: forwarding goes off; ``keep``: it stays on, forwarding nowhere; ``refuse``: 1019).
        """
        removed = set(change.get('forwarding', {}).get('addresses', ()))
        had_addresses = bool(self.forwarding['addresses'])
        self.forwarding['addresses'] = [address for address in self.forwarding['addresses'] if address not in removed]
        if had_addresses and not self.forwarding['addresses'] and self.forwarding['enabled']:
            if emptied == 'refuse':
                raise invalid('the last forwarding address cannot be removed while forwarding is on')
            if emptied == 'disable':
                self.forwarding['enabled'] = False  # nothing left to forward to
        removed = {normalize_local_part(alias) for alias in change.get('aliases', ())}
        self.aliases = [alias for alias in self.aliases if alias not in removed]
        if 'autoresponder' in change:
            self.autoresponder = self.default_autoresponder()

    def check_values(self, forwarding_to_nowhere=False):
        """Raise 1019 for the first setting Plesk would refuse; ``forwarding_to_nowhere`` allows forwarding on without
        an address (a panel with the quirk ``forwarding_emptied=keep`` leaves accounts so)."""
        if not _LOCAL_PART.match(self.name) or len(self.name) > 64:
            raise invalid('mail name %r is not a valid local part' % self.name)
        for alias in self.aliases:
            if not _LOCAL_PART.match(alias) or len(alias) > 64:
                raise invalid('alias %r is not a valid local part' % alias)
        quota = self.mailbox['quota']
        if isinstance(quota, bool) or not isinstance(quota, int) or quota < -1:
            raise invalid('mailbox quota %r (bytes, or -1 for unlimited)' % (quota,))
        for address in self.forwarding['addresses']:
            if not _EMAIL.match(address):
                raise invalid('forwarding address %r is not an e-mail address' % address)
        if self.forwarding['enabled'] and not self.forwarding['addresses'] and not forwarding_to_nowhere:
            raise invalid('forwarding is enabled without an address')
        self._check_autoresponder()
        if self.password is not None:
            if not self.password['value']:
                raise invalid('the password is empty')
            if self.password['type'] not in PASSWORD_TYPES:
                raise invalid('password type %r is not supported' % self.password['type'])
        if self.antivir not in ANTIVIR_MODES:
            raise invalid('antivir %r' % self.antivir)
        if not _OUTGOING_LIMIT.match(str(self.outgoing_messages_mbox_limit)):
            raise invalid('outgoing-messages-mbox-limit %r (default, unlimited or a number)'
                          % self.outgoing_messages_mbox_limit)

    def _check_autoresponder(self):
        autoresponder = self.autoresponder
        if autoresponder['content_type'] not in (None,) + CONTENT_TYPES:
            raise invalid('autoresponder content_type %r' % autoresponder['content_type'])
        if autoresponder['forward'] and not _EMAIL.match(autoresponder['forward']):
            raise invalid('autoresponder forward %r is not an e-mail address' % autoresponder['forward'])
        if autoresponder['end_date'] is not None:
            try:
                datetime.date.fromisoformat(autoresponder['end_date'])
            except (TypeError, ValueError):
                raise invalid('autoresponder end_date %r (YYYY-MM-DD)' % autoresponder['end_date']) from None

    def to_dict(self):
        return {
            'id': self.id,
            'name': self.name,
            'cp_access': self.cp_access,
            'mailbox': dict(self.mailbox),
            'forwarding': {'enabled': self.forwarding['enabled'], 'addresses': list(self.forwarding['addresses'])},
            'aliases': list(self.aliases),
            'autoresponder': dict(self.autoresponder),
            'password': dict(self.password) if self.password else None,
            'antivir': self.antivir,
            'outgoing_messages_mbox_limit': self.outgoing_messages_mbox_limit,
            'description': self.description,
            'spamfilter': copy.deepcopy(self.spamfilter),
        }


def _unique(items):
    seen = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


class Domain:
    """A domain that holds mail: a webspace's main domain or an add-on site."""

    def __init__(self, domain_id, data):
        self.id = domain_id
        self.name = to_unicode(data['name'])
        self.ascii_name = to_ascii(data['name'])
        self.guid = data.get('guid') or stable_guid('domain', self.ascii_name)
        self.created = data.get('created', DEFAULT_CREATED)
        self.status = data.get('status', 0)
        self.htype = data.get('htype', 'vrt_hst')
        self.dns_ip_address = data.get('dns_ip_address', DEFAULT_IP_ADDRESS)
        self.description = data.get('description', '')
        self.mail = []
        self.mail_prefs = seeded_mail_prefs(data.get('mail_prefs'))
        self.dns = {'zone': 'enabled', 'records': []}  # filled by Panel, which hands out the record ids

    def matches_name(self, name):
        """Whether ``name`` names this domain, in its Unicode or its ASCII (IDNA) form, in any case."""
        return to_ascii(name) == self.ascii_name

    def find_mail(self, name):
        name = normalize_local_part(name)
        for account in self.mail:
            if account.name == name:
                return account
        return None

    def _domain_dict(self):
        return {
            'id': self.id, 'name': self.name, 'ascii_name': self.ascii_name, 'guid': self.guid,
            'created': self.created, 'status': self.status, 'htype': self.htype,
            'dns_ip_address': self.dns_ip_address, 'description': self.description,
            'mail': [account.to_dict() for account in self.mail],
            'mail_prefs': copy.deepcopy(self.mail_prefs),
            'dns': {'zone': self.dns['zone'], 'records': [dict(record) for record in self.dns['records']]},
        }


class Webspace(Domain):
    """A subscription; it is its own main domain, so the webspace id is also that domain's site-id."""

    def __init__(self, domain_id, data):
        super().__init__(domain_id, data)
        self.owner_id = data.get('owner_id', 1)
        self.owner_login = data.get('owner_login', 'admin')
        self.external_id = data.get('external_id', '')
        self.vendor_guid = data.get('vendor_guid') or stable_guid('vendor', 'admin')
        self.sites = []

    def to_dict(self):
        data = self._domain_dict()
        data.update(owner_id=self.owner_id, owner_login=self.owner_login, external_id=self.external_id,
                    vendor_guid=self.vendor_guid, sites=[site.to_dict() for site in self.sites])
        return data


class Site(Domain):
    """An add-on domain of a webspace, with its own id from the same sequence."""

    def __init__(self, domain_id, data, webspace):
        super().__init__(domain_id, data)
        self.webspace = webspace

    def to_dict(self):
        return self._domain_dict()


class Panel:
    """The whole simulated panel. Build it with ``Panel.from_seed``; ``to_dict`` dumps it in the seed format."""

    def __init__(self):
        self.admin = dict(DEFAULT_ADMIN)
        self.secret_keys = []
        self.webspaces = []
        self.customers = []
        self.roles = []
        self.users = []
        self.domain_ids = IdSequence()
        self.mail_ids = IdSequence()
        self.role_ids = IdSequence()
        self.user_ids = IdSequence()
        self.dns_ids = IdSequence()
        self.dns_template = []
        self.spamfilter_admin = spamfilter_settings(admin=True)

    # --- seed and dump ------------------------------------------------------------------------

    @classmethod
    def from_seed(cls, seed):
        seed = copy.deepcopy(seed)
        panel = cls()
        panel.admin.update(seed.get('admin', {}))
        panel.secret_keys = list(seed.get('secret_keys', []))
        webspaces = seed.get('webspaces', [])
        domains = [domain for webspace in webspaces for domain in [webspace] + webspace.get('sites', [])]
        panel.domain_ids.reserve(domain['id'] for domain in domains if 'id' in domain)
        panel.mail_ids.reserve(account['id'] for domain in domains for account in domain.get('mail', [])
                               if 'id' in account)
        template = seed.get('dns_template')
        seeded_records = [record for domain in domains for record in (domain.get('dns') or {}).get('records', [])]
        panel.dns_ids.reserve(record['id'] for record in seeded_records + list(template or []) if 'id' in record)
        for data in webspaces:
            data.setdefault('vendor_guid', panel.admin['guid'])
            webspace = Webspace(panel.domain_ids.take(data.get('id')), data)
            panel.webspaces.append(webspace)
            panel._seed_dns(webspace, data)
            panel._seed_mail(webspace, data)
            for site_data in data.get('sites', []):
                site = Site(panel.domain_ids.take(site_data.get('id')), site_data, webspace)
                webspace.sites.append(site)
                panel._seed_dns(site, site_data)
                panel._seed_mail(site, site_data)
        panel.dns_template = [panel._new_record(record) for record in (DEFAULT_DNS_TEMPLATE if template is None else template)]
        panel.spamfilter_admin = spamfilter_settings(seed.get('spamfilter_admin'), admin=True)
        panel._seed_accounts(seed)
        return panel

    def _new_record(self, data):
        """A DNS record from seed data, checked, with its seeded id or a new one."""
        if data.get('type') not in DNS_TYPES or not isinstance(data.get('value'), str):
            raise ValueError('seed: DNS record %r: type must be one of %s, value a string' % (data, ', '.join(DNS_TYPES)))
        return {'id': self.dns_ids.take(data.get('id')), 'type': data['type'], 'host': data.get('host') or '',
                'value': data['value'], 'opt': data.get('opt') or ''}

    def _seed_dns(self, domain, data):
        """The seed's zone, or the template's records for the domain (with the DKIM records when it signs)."""
        dns = data.get('dns')
        if dns is None:
            records = [dict(record, value=record['value'].replace(TEMPLATE_IP, domain.dns_ip_address or DEFAULT_IP_ADDRESS)
                            .replace(TEMPLATE_DOMAIN, domain.ascii_name)) for record in DEFAULT_DNS_TEMPLATE]
            if domain.mail_prefs['spam_protect_sign']:
                records += dkim_records(domain.ascii_name)
            zone = 'enabled'
        else:
            zone = dns.get('zone', 'enabled')
            records = dns.get('records', [])
            if zone not in ZONE_STATES:
                raise ValueError('seed: dns zone of %s is %r, not one of %s' % (domain.name, zone, ', '.join(ZONE_STATES)))
            if zone == 'none' and records:
                raise ValueError('seed: %s has no DNS zone (zone none) but lists records' % domain.name)
        domain.dns = {'zone': zone, 'records': [self._new_record(record) for record in records]}

    def _seed_mail(self, domain, data):
        for account in data.get('mail', []):
            change = dict(account)
            spamfilter = spamfilter_settings(change.pop('spamfilter', None))
            if isinstance(change.get('password'), str):
                change['password'] = {'value': change['password']}
            elif change.get('password') is None:
                change.pop('password', None)
            try:
                created = self.create_mail(domain, change, account_id=account.get('id'))
            except ResultError as error:
                raise ValueError('seed: mail %r on %s: %s' % (account.get('name'), domain.name, error.text)) from None
            created.spamfilter = spamfilter

    def _seed_accounts(self, seed):
        """Customers, then roles (each owner gets the built-in ones it lacks), then users, all checked."""
        for data in seed.get('customers', []):
            self.customers.append(Owner(data['login'], data.get('guid') or stable_guid('customer', data['login']),
                                        data.get('name', ''), data.get('external_id', ''), data.get('email')))
        roles = seed.get('roles', [])
        users = seed.get('users', [])
        self.role_ids.reserve(role['id'] for role in roles if 'id' in role)
        self.user_ids.reserve(user['id'] for user in users if 'id' in user)
        for data in roles:
            try:
                owner = self.find_owner(guid=data.get('owner_guid') or self.admin['guid'])
            except ResultError:
                raise ValueError('seed: role %r: no owner with guid %s' % (data.get('name'), data.get('owner_guid'))) from None
            if self.role_named(owner.guid, data['name']) is not None:
                raise ValueError('seed: role %r is listed twice for %s' % (data['name'], owner.login))
            self.roles.append(Role(self.role_ids.take(data.get('id')), data, owner.guid))
        for owner in self.owners():
            for name in BUILT_IN_ROLES:
                if self.role_named(owner.guid, name) is None:
                    self.roles.append(Role(self.role_ids.take(), {'name': name, 'built_in': True}, owner.guid))
        for data in users:
            change = dict(data)
            change.setdefault('owner_guid', self.admin['guid'])
            try:
                self.create_user(change, user_id=data.get('id'), guid=data.get('guid'), built_in=data.get('built_in', False))
            except ResultError as error:
                raise ValueError('seed: user %r: %s' % (data.get('login'), error.text)) from None

    def to_dict(self):
        return {
            'admin': dict(self.admin),
            'secret_keys': list(self.secret_keys),
            'webspaces': [webspace.to_dict() for webspace in self.webspaces],
            'customers': [customer.to_dict() for customer in self.customers],
            'roles': [role.to_dict() for role in self.roles],
            'users': [user.to_dict() for user in self.users],
            'spamfilter_admin': copy.deepcopy(self.spamfilter_admin),
            'dns_template': [dict(record) for record in self.dns_template],
        }

    # --- authentication ------------------------------------------------------------------------

    def password_matches(self, login, password):
        return login == self.admin['login'] and password == self.admin['password']

    def secret_key_matches(self, key):
        return key in self.secret_keys

    # --- domains ---------------------------------------------------------------------------------

    def sites(self):
        """The add-on sites, by id."""
        return sorted((site for webspace in self.webspaces for site in webspace.sites), key=lambda site: site.id)

    def domains(self):
        """Every domain that can hold mail: webspace main domains and add-on sites."""
        return list(self.webspaces) + self.sites()

    def find_domain(self, domain_id):
        for domain in self.domains():
            if domain.id == domain_id:
                return domain
        return None

    # --- mail ------------------------------------------------------------------------------------

    def _domain_for_mail(self, domain_id):
        domain = domain_id if isinstance(domain_id, Domain) else self.find_domain(domain_id)
        if domain is None:
            raise ResultError(NOT_FOUND, 'Domain with id %s does not exist' % domain_id)
        return domain

    def _account(self, domain, name):
        account = domain.find_mail(name)
        if account is None:
            raise ResultError(NOT_FOUND, 'Mail name %s@%s does not exist' % (normalize_local_part(name), domain.name))
        return account

    @staticmethod
    def _check_clashes(domain, account):
        """1007 when a name or alias of ``account`` is already a name or alias of another account on the site."""
        if account.name in account.aliases:
            raise ResultError(ALREADY_EXISTS, 'Alias %s is the mail name itself' % account.name)
        for other in domain.mail:
            if other.id == account.id:
                continue
            taken = other.names() & account.names()
            if taken:
                raise ResultError(ALREADY_EXISTS, 'Mail name or alias %s@%s already exists'
                                  % (sorted(taken)[0], domain.name))

    def _check(self, domain, candidate, forwarding_to_nowhere=False):
        candidate.check_values(forwarding_to_nowhere)
        self._check_clashes(domain, candidate)

    def _replace(self, domain, candidate, forwarding_to_nowhere=False):
        """Store an account changed on a copy, once the copy passed every check: a failed update changes nothing."""
        self._check(domain, candidate, forwarding_to_nowhere)
        index = next(index for index, account in enumerate(domain.mail) if account.id == candidate.id)
        domain.mail[index] = candidate
        return candidate

    def create_mail(self, domain_id, change, account_id=None):
        """Create a mail account from a change; settings it does not name take Plesk's defaults."""
        domain = self._domain_for_mail(domain_id)
        candidate = MailAccount(0, normalize_local_part(change.get('name', '')))
        change = dict(change)
        if 'mailbox' in change:
            change['mailbox'] = dict({'enabled': True}, **change['mailbox'])  # the XSD default
        candidate.apply_set(change)
        self._check(domain, candidate)
        candidate.id = self.mail_ids.take(account_id)  # only now, so a refused create uses up no id
        domain.mail.append(candidate)
        return candidate

    def update_mail(self, domain_id, name, mode, change, quirks=None):
        """``mode`` is add, remove or set, as in ``<mail><update>``; ``quirks`` those of the request."""
        quirks = quirks or {}
        domain = self._domain_for_mail(domain_id)
        candidate = copy.deepcopy(self._account(domain, name))
        if mode == 'add':
            candidate.apply_add(change)
        elif mode == 'remove':
            candidate.apply_remove(change, quirks.get('forwarding_emptied', 'disable'))
        else:
            candidate.apply_set(change, quirks.get('set_sections', 'merge'))
        return self._replace(domain, candidate, forwarding_to_nowhere=quirks.get('forwarding_emptied') == 'keep')

    def rename_mail(self, domain_id, name, new_name):
        domain = self._domain_for_mail(domain_id)
        candidate = copy.deepcopy(self._account(domain, name))
        candidate.name = normalize_local_part(new_name)
        return self._replace(domain, candidate)

    def get_mail(self, domain_id, name):
        domain = self._domain_for_mail(domain_id)
        return self._account(domain, name)

    def mail_of(self, domain_id):
        return list(self._domain_for_mail(domain_id).mail)

    def remove_mail(self, domain_id, name):
        domain = self._domain_for_mail(domain_id)
        account = self._account(domain, name)
        domain.mail.remove(account)
        return account

    def remove_all_mail(self, domain_id):
        """What ``<mail><remove>`` without names does on a real panel: every account of the site goes."""
        domain = self._domain_for_mail(domain_id)
        removed, domain.mail = domain.mail, []
        return removed

    # --- mail service preferences ---------------------------------------------------------------

    def set_mail_prefs(self, domain_id, change, quirks=None):
        """``<mail><set_prefs>``: ``change`` holds the preferences sent (keys of MAIL_PREFS_DEFAULTS).

        Quirks: ``set_prefs_omitted`` (keep: what is not sent stays; reset: it goes back to the default),
        ``mailservice_prefs`` (linked: mailservice switches the service; ignored: it changes nothing),
        ``dkim_off`` (what switching signing off does to the DKIM records). Nothing changes when a value is refused.
        """
        quirks = quirks or {}
        domain = self._domain_for_mail(domain_id)
        change = copy.deepcopy(change)
        if quirks.get('mailservice_prefs', 'linked') == 'ignored':
            change['mailservice'] = domain.mail_prefs['mailservice']
        prefs = default_mail_prefs() if quirks.get('set_prefs_omitted', 'keep') == 'reset' else copy.deepcopy(domain.mail_prefs)
        prefs.update(change)
        check_mail_prefs(prefs)
        self._switch_signing(domain, prefs['spam_protect_sign'], quirks.get('dkim_off', 'remove'))
        domain.mail_prefs = prefs
        return domain

    def set_mail_service(self, domain_id, enabled):
        """``<mail><enable>`` and ``<mail><disable>``."""
        domain = self._domain_for_mail(domain_id)
        domain.mail_prefs['mailservice'] = enabled
        return domain

    def _switch_signing(self, domain, signing, dkim_off='remove'):
        """DKIM signing on: the DKIM records join the zone (if it has one); off: they go (``dkim_off`` remove)."""
        was_signing = domain.mail_prefs['spam_protect_sign']
        records = domain.dns['records']
        if signing and not was_signing and domain.dns['zone'] != 'none':
            for record in dkim_records(domain.ascii_name):
                if not self._duplicate(records, record):
                    records.append(dict(record, id=self.dns_ids.take()))
        elif was_signing and not signing and dkim_off == 'remove':
            domain.dns['records'] = [record for record in records if not is_dkim_record(record)]

    # --- DNS ---------------------------------------------------------------------------------------

    @staticmethod
    def _duplicate(records, record):
        """The stored record with the same type, host (any case) and value, or None."""
        for stored in records:
            if (stored['type'], stored['host'].lower(), stored['value']) == (record['type'], record['host'].lower(), record['value']):
                return stored
        return None

    def zone_of(self, domain_id):
        """The domain, which must exist (1013) and have a DNS zone (1013 "DNS zone does not exist")."""
        domain = self._domain_for_mail(domain_id)
        if domain.dns['zone'] == 'none':
            raise ResultError(NOT_FOUND, 'DNS zone does not exist')
        return domain

    def add_dns_record(self, domain_id, record, duplicate='accept'):
        """``<dns><add_rec>``: to the zone of the site ``domain_id``, or (None) to the server template.

        The host may be relative or absolute in the zone (trailing dot); it is stored relative. ``duplicate`` is the
        quirk ``dns_duplicate``: an exact duplicate is accepted as a second record or refused with 1007.
        """
        if domain_id is None:
            records, names = self.dns_template, [TEMPLATE_DOMAIN]
        else:
            domain = self.zone_of(domain_id)
            records, names = domain.dns['records'], [domain.ascii_name, domain.name]
        if record['type'] not in DNS_TYPES:
            raise invalid('DNS record type %r' % record['type'])
        if not record['value'].strip():
            raise invalid('a DNS record needs a value')
        new = {'type': record['type'], 'host': relative_host(record['host'], names), 'value': record['value'],
               'opt': record.get('opt') or ''}
        if duplicate == 'refuse' and self._duplicate(records, new) is not None:
            raise ResultError(ALREADY_EXISTS, 'DNS record already exists')
        new = dict({'id': self.dns_ids.take()}, **new)
        records.append(new)
        return new

    def dns_records(self):
        """Every record of every zone (zones of no domain have none), as ``(domain, record)``, domain by domain."""
        return [(domain, record) for domain in self.domains() for record in domain.dns['records']]

    def find_dns_record(self, record_id, template=False):
        """``(domain, record)`` of a zone's record, or ``(None, record)`` of a template record (``template``); or None."""
        found = [(None, record) for record in self.dns_template] if template else self.dns_records()
        for domain, record in found:
            if record['id'] == record_id:
                return domain, record
        return None

    def delete_dns_records(self, doomed):
        """Delete the records ``doomed`` (``(domain or None, record)`` pairs) from their zones or the template."""
        ids = {record['id'] for _domain, record in doomed}
        self.dns_template = [record for record in self.dns_template if record['id'] not in ids]
        for domain in self.domains():
            domain.dns['records'] = [record for record in domain.dns['records'] if record['id'] not in ids]

    # --- spam filter -------------------------------------------------------------------------------

    def spamfilter_user(self, username=None, spamfilter_id=None):
        """The spam filter of ``admin`` or of the mail account at ``username`` (domain in any form and case), or of the
        account whose mail id is ``spamfilter_id``: a SpamFilterUser, or None."""
        if username is not None:
            if username.strip().lower() == SPAMFILTER_ADMIN:
                return SpamFilterUser(SPAMFILTER_ADMIN, None, self.spamfilter_admin, admin=True)
            local, _at, domain_name = username.strip().rpartition('@')
            for domain in self.domains():
                if local and domain.matches_name(domain_name):
                    account = domain.find_mail(local)
                    if account is not None:
                        return SpamFilterUser('%s@%s' % (account.name, domain.name), account.id, account.spamfilter)
            return None
        for domain in self.domains():
            for account in domain.mail:
                if account.id == spamfilter_id:
                    return SpamFilterUser('%s@%s' % (account.name, domain.name), account.id, account.spamfilter)
        return None

    # --- owners, roles and panel users -----------------------------------------------------------

    def admin_owner(self):
        return Owner(self.admin['login'], self.admin['guid'], 'Administrator', '', self.admin.get('email'))

    def owners(self):
        """The admin, then the customers."""
        return [self.admin_owner()] + list(self.customers)

    def find_owner(self, guid=None, external_id=None):
        """The owner with this GUID (any case) or non-empty external id; 1015 when there is none."""
        for owner in self.owners():
            if guid is not None and owner.guid.lower() == guid.lower():
                return owner
            if external_id and owner.external_id == external_id:
                return owner
        raise ResultError(OWNER_NOT_FOUND, 'Object owner not found: %s' % (guid if guid is not None else external_id))

    def roles_of(self, owner_guid):
        return [role for role in self.roles if role.owner_guid == owner_guid]

    def role_named(self, owner_guid, name):
        """The owner's role of exactly this name, or None."""
        for role in self.roles_of(owner_guid):
            if role.name == name:
                return role
        return None

    def user_by_guid(self, guid):
        for user in self.users:
            if user.guid.lower() == guid.lower():
                return user
        return None

    def users_with_external_id(self, external_id):
        return [user for user in self.users if external_id and user.external_id == external_id]

    def users_of(self, owner):
        return [user for user in self.users if user.owner_guid == owner.guid]

    def user_email(self, user):
        """The user's e-mail; one created without answers its owner's, as the output XSD needs one (a guess)."""
        if user.email:
            return user.email
        owner = next((owner for owner in self.owners() if owner.guid == user.owner_guid), None)
        return (owner.email if owner is not None else None) or self.admin.get('email') or DEFAULT_ADMIN['email']

    def mail_account_id(self, address):
        """The id of the mail account at ``address`` anywhere on the panel, or None."""
        local, _at, domain_name = address.rpartition('@')
        for domain in self.domains():
            if domain.matches_name(domain_name):
                account = domain.find_mail(local)
                return account.id if account is not None else None
        return None

    def _check_user(self, candidate):
        """The rules that span objects, after the user's own values passed."""
        candidate.check_values()
        wanted = candidate.login.lower()
        for owner in self.owners():
            # An owner's login is a panel login too; only its own built-in user may carry it.
            if owner.login.lower() == wanted and not (candidate.built_in and candidate.owner_guid == owner.guid):
                raise ResultError(USER_EXISTS, 'User account already exists: the login %s is taken' % candidate.login)
        for user in self.users:
            if user.id != candidate.id and user.login.lower() == wanted:
                raise ResultError(USER_EXISTS, 'User account already exists: the login %s is taken' % candidate.login)
        if self.role_named(candidate.owner_guid, candidate.role) is None:
            # No source names the code for an unknown role; 1013 (object does not exist) is a guess.
            raise ResultError(NOT_FOUND, "Role '%s' does not exist for the owner %s" % (candidate.role, candidate.owner_guid))
        subscription = candidate.subscription_domain_id
        if subscription and not any(webspace.id == subscription for webspace in self.webspaces):
            raise ResultError(NOT_FOUND, 'Subscription with id %d does not exist' % subscription)

    def create_user(self, change, user_id=None, guid=None, built_in=False):
        """Create a panel user; ``change`` may name its owner by ``owner_guid`` or ``owner_external_id`` (default: the admin)."""
        if change.get('owner_guid') is not None or change.get('owner_external_id') is not None:
            owner = self.find_owner(change.get('owner_guid'), change.get('owner_external_id'))
        else:
            owner = self.admin_owner()
        candidate = PanelUser(0, None, owner.guid, built_in=bool(built_in))
        candidate.apply(change)
        self._check_user(candidate)
        candidate.id = self.user_ids.take(user_id)  # only now, so a refused create uses up no id
        candidate.guid = guid or stable_guid('user', candidate.id)
        self.users.append(candidate)
        return candidate

    def update_user(self, user, change):
        """Apply a change to a copy and store it once every check passed: a failed set changes nothing."""
        if user.built_in and 'role' in change and change['role'] != user.role:
            # Which code a panel answers here is a guess: the built-in user of an owner keeps its role.
            raise ResultError(PERMISSION_DENIED, 'The role of the built-in user %s cannot be changed' % user.login)
        candidate = copy.deepcopy(user)
        candidate.apply(change)
        self._check_user(candidate)
        self.users[self.users.index(user)] = candidate
        return candidate

    def remove_user(self, user):
        if user.built_in:
            # The built-in user is its owner's own login; which code a panel answers is a guess.
            raise ResultError(PERMISSION_DENIED, 'The built-in user %s cannot be deleted' % user.login)
        self.users.remove(user)
        return user


class SpamFilterUser:
    """Whose spam filter a request names: the answered username, the mail id (None for admin), the live settings."""

    def __init__(self, username, account_id, settings, admin=False):
        self.username = username
        self.id = account_id
        self.settings = settings
        self.admin = admin

    def set(self, preferences, enabled=None, quirks=None):
        """``<spamfilter><set>``: ``preferences`` holds what was sent (required_score, rewrite_header, action, and for
        admin personal and max_children_process); ``enabled`` True, False or None (unchanged).

        Quirks: ``sf_set_omitted`` (keep | reset to the defaults), ``sf_score_format`` (as-sent | decimal).
        Values are checked first (1019): nothing changes when one is refused.
        """
        quirks = quirks or {}
        for admin_only in ('personal', 'max_children_process'):
            if admin_only in preferences and not self.admin:
                raise invalid('%s is a server-wide setting (username admin only)' % admin_only.replace('_', '-'))
        score = preferences.get('required_score')
        if score is not None and not is_score(score):
            raise invalid('required-score %r is not a number' % score)
        children = preferences.get('max_children_process')
        if children is not None and not 1 <= children <= 5:
            raise invalid('max-children-process %r (1 to 5)' % children)
        if preferences.get('action', 'text') not in SPAM_ACTIONS:
            raise invalid('action %r' % preferences['action'])
        if quirks.get('sf_set_omitted', 'keep') == 'reset':
            defaults = spamfilter_settings(admin=self.admin)
            for key in defaults:
                if key not in ('enabled', 'lists'):
                    self.settings[key] = defaults[key]
        self.settings.update(preferences)
        if score is not None:
            self.settings['required_score'] = format_score(score, quirks.get('sf_score_format', 'as-sent'))
        if enabled is not None:
            self.settings['enabled'] = enabled

    def add_patterns(self, list_name, patterns, duplicate='ok'):
        """Add ``patterns`` to a list (compared without regard to case); per pattern None (added or there) or the
        1007 of the quirk ``sf_duplicate_pattern`` refuse."""
        stored = self.settings['lists'][list_name]
        outcomes = []
        for pattern in patterns:
            if any(known.lower() == pattern.lower() for known in stored):
                outcomes.append(ResultError(ALREADY_EXISTS, 'Pattern %s is already in the %s list' % (pattern, list_name))
                                if duplicate == 'refuse' else None)
            else:
                stored.append(pattern)
                outcomes.append(None)
        return outcomes

    def delete_patterns(self, list_name, patterns=None):
        """Remove ``patterns`` (any case; absent ones are no error) or, with None, EVERY pattern of the list: the
        patterns removed (for None) or those asked for."""
        stored = self.settings['lists'][list_name]
        if patterns is None:
            removed, self.settings['lists'][list_name] = list(stored), []
            return removed
        wanted = {pattern.lower() for pattern in patterns}
        self.settings['lists'][list_name] = [known for known in stored if known.lower() not in wanted]
        return list(patterns)


def format_score(score, score_format='as-sent'):
    """A required-score as stored and answered: as sent, or (``decimal``) as a number with one decimal."""
    text = score.strip()
    return '%.1f' % float(text) if score_format == 'decimal' else text


def load_seed(source=None):
    """A seed as a dict: from a dict, a JSON file path, or (None) the bundled demo seed."""
    if isinstance(source, dict):
        return copy.deepcopy(source)
    with open(os.fspath(source or DEMO_SEED), encoding='utf-8') as handle:
        return json.load(handle)
