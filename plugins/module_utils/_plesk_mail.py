# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is PRIVATE to the hosting.mail collection. It may change at any time.

"""Plesk mail accounts: read them as plain dicts, plan the smallest change (an ``AccountDelta``), write it as packets.

An account dict holds only the fields Plesk reports back (the password and panel access are
write-only and never appear). A desired dict holds only the fields the user gave. ``account_delta``
compares the two; ``add_delta`` turns the delta into ``<mail>`` operations that send only what
changed, in an order that never leaves an account in a state nobody asked for, whatever a panel
does where the docs leave it open:

1. ``update/remove`` of aliases: names are released before another account (or this one) takes them;
2. ``update/add`` of aliases and forwarding addresses, stating ``enabled`` when forwarding goes on;
3. ``update/set`` of scalars and of whole mailbox and autoresponder sections, and of forwarding only to
   switch it off (never with the address list, which another run may have changed since the read);
4. ``update/remove`` of forwarding addresses, last, so the list is never empty in between.

After a write the modules read the account back; ``follow_up`` says what still differs (a panel may
take a section whole, or drop forwarding when its list empties) for one more round of deltas.
"""

from __future__ import annotations

from ansible_collections.hosting.mail.plugins.module_utils._errors import GarbledAnswerError, OptionError, PanelError
from ansible_collections.hosting.mail.plugins.module_utils._values import check_local_part, format_size, split_address
from ansible_collections.hosting.mail.plugins.module_utils._plesk import (
    AUTORESPONDER_END_DATE_ANSWER,
    AUTORESPONDER_END_DATE_REQUEST,
    child,
    listed_int,
    idna_domain,
    listed_domain,
    supports,
    xml_text,
)
from ansible_collections.hosting.mail.plugins.module_utils._plesk_domain import read_domain

PASSWORD_MARKER = '(password changed)'
# Fields of update/set, in the order the schema demands.
_SCALAR_FIELDS = ('antivirus', 'outgoing_messages_limit', 'description')
_AUTORESPONDER_FIELDS = ('enabled', 'subject', 'content_type', 'charset', 'text', 'forward_to', 'end_date')
_AUTORESPONDER_TAGS = {'enabled': 'enabled', 'subject': 'subject', 'content_type': 'content_type',
                       'charset': 'charset', 'text': 'text', 'forward_to': 'forward', 'end_date': 'end_date'}
ALL_FLAGS = ('mailbox', 'forwarding', 'aliases', 'autoresponder')
# Settings Plesk never reports: written when asked, never compared.
WRITE_ONLY = ('password', 'cp_access')


def _bool(text):
    return None if text is None else text.strip() in ('true', '1')


def _listed_name(text, what, site_id):
    """A name read from the panel, lower case; a blank one is a garbled answer (it must never reach a remove)."""
    name = (text or '').strip().lower()
    if not name or any(char.isspace() for char in name):
        raise GarbledAnswerError('Plesk listed a mail %s %r on site %s, which no account can have; nothing was changed. '
                                 'Check the site in the panel.' % (what, text, site_id))
    return name


def account_from_xml(mailname, domain, site_id):
    """The account dict of a ``get_info`` ``mailname`` element (all flags requested)."""
    local = _listed_name(mailname.findtext('name'), 'account name', site_id)
    account = {
        'address': '%s@%s' % (local, domain),
        'id': listed_int(mailname, 'id', 'the id of mail account %s' % local),
        'site_id': site_id,
        'aliases': sorted('%s@%s' % (_listed_name(alias.text, 'alias', site_id), domain)
                          for alias in mailname.findall('alias')),
        'antivirus': mailname.findtext('antivir'),
        'outgoing_messages_limit': mailname.findtext('outgoing-messages-mbox-limit'),
        'description': mailname.findtext('description') or '',
    }
    mailbox = mailname.find('mailbox')
    if mailbox is not None:
        account['mailbox'] = _bool(mailbox.findtext('enabled', 'true'))
        account['quota'] = listed_int(mailbox, 'quota', 'the quota of mail account %s' % local)
    else:
        account['mailbox'], account['quota'] = False, None
    forwarding = mailname.find('forwarding')
    account['forwarding'] = {
        'enabled': bool(forwarding is not None and _bool(forwarding.findtext('enabled', 'false'))),
        'addresses': sorted(a.text.strip().lower() for a in (forwarding.findall('address') if forwarding is not None else [])
                            if a.text and a.text.strip()),
    }
    responder = mailname.find('autoresponder')
    account['autoresponder'] = {
        field: (_bool(responder.findtext(tag)) if field == 'enabled' else responder.findtext(tag))
        for field, tag in _AUTORESPONDER_TAGS.items()
    } if responder is not None else {field: None for field in _AUTORESPONDER_FIELDS}
    if account['autoresponder']['enabled'] is None:
        account['autoresponder']['enabled'] = False
    return account


def add_get_info(packet, site_id, locals_, flags=ALL_FLAGS):
    """``mail/get_info`` of the named accounts (all of the site without names) to ``packet``."""
    operation = packet.operation(packet.operator('mail'), 'get_info')
    query = child(operation, 'filter')
    child(query, 'site-id', site_id)
    for local in locals_:
        child(query, 'name', local)
    for flag in flags:
        child(operation, flag)


def read_get_info(client, results, site_id, locals_, domain):
    """The accounts in the results of ``add_get_info``: a dict local -> account, None for each that does not exist.

    Both ways a server reports a missing name are understood: an error result 1013 for it, or no
    result at all. With no local parts, every account of the site is read; a 1013 then means the
    site itself is missing, which is an error, not an empty list.
    """
    found = dict.fromkeys(locals_)
    for result in results:
        if result.not_found and locals_:
            continue
        if not result.ok:
            raise client.error_for(result, 'mail/get_info')
        mailname = result.element.find('mailname')
        if mailname is None:
            continue
        account = account_from_xml(mailname, domain, site_id)
        local = account['address'].rpartition('@')[0]
        if local in found or not locals_:
            found[local] = account
    return found


def get_info(client, site_id, locals_, domain):
    """Read accounts by local part (every account of the site without any); see ``read_get_info``."""
    packet = client.packet()
    add_get_info(packet, site_id, locals_)
    return read_get_info(client, client.send(packet, safe_to_repeat=True)[0], site_id, locals_, domain)


def read_site(client, domain, site_id, locals_):
    """``(site_id, accounts)`` of ``domain``: the accounts as ``get_info`` reads them.

    Without ``site_id`` the site is looked up by name first. With one, the id is checked to be the
    site of ``domain`` in the same packet as the read, and the task fails before any write if it is
    not: a wrong id must never let a task act on another domain's mail (see ``_plesk_domain.read_domain``).
    """
    site_id, answers = read_domain(client, domain, site_id, lambda packet, site: add_get_info(packet, site, locals_))
    return site_id, read_get_info(client, answers[0], site_id, locals_, domain)


def find_sites(client, domains):
    """domain -> its site id, or None where Plesk has no such site: many domains looked up in one request.

    Each domain gets its own ``site/get`` and ``webspace/get``, each filtering that one name (as ``site_id`` does
    for one): an answer then belongs to one name, whatever a server does with ``filter-id`` or with several names
    in one filter (api-php-lib #163 saw a listing come back short). A site is taken only if its answer names the
    domain asked for; an answer that names another is an error, never a site to act on.
    """
    packet = client.packet()
    for operator in ('site', 'webspace'):
        element = packet.operator(operator)
        for domain in domains:
            get = packet.operation(element, 'get')
            child(child(get, 'filter'), 'name', domain)
            child(child(get, 'dataset'), 'gen_info')
    answers = client.send(packet, safe_to_repeat=True)
    found = {}
    for index, domain in enumerate(domains):
        found[domain] = None
        for operator, results in (('site', answers[index]), ('webspace', answers[len(domains) + index])):
            found[domain] = _site_in(client, results, operator, domain)
            if found[domain] is not None:
                break
    return found


def _site_in(client, results, operator, domain):
    """The id of ``domain`` in the results of a ``get`` by its name; None when not found."""
    for result in results:
        if not result.ok:
            if result.not_found:
                continue
            raise client.error_for(result, '%s/get' % operator)
        site_id = listed_int(result.element, 'id', 'the id of %s' % domain)
        if site_id is None:
            continue
        names = {listed_domain(result.element.findtext('data/gen_info/%s' % tag) or '') for tag in ('name', 'ascii-name')}
        if domain not in names - {''}:
            raise GarbledAnswerError('Plesk answered a %s/get for %s with the site %d, which is named %s; nothing was '
                                     'changed.' % (operator, domain, site_id, ' / '.join(sorted(names - {''})) or 'nothing'))
        return site_id
    return None


def read_sites(client, sites):
    """Read every account of many sites in one request; ``sites`` holds ``(domain, site_id, check)`` tuples.

    Returns one ``(accounts, error)`` per site, in order: the accounts as ``get_info`` reads them, or the
    ``PanelError`` that says why they could not be read (a site id that is not the domain's, when ``check``; a site Plesk does not know). A problem of one
    site is data, so that the others go on; a packet-level error raises.
    """
    packet = client.packet()
    for domain, site_id, check in sites:
        if check:
            client.add_site_check(packet, site_id)
        add_get_info(packet, site_id, [])
    answers = iter(client.send(packet, safe_to_repeat=True))
    read = []
    for domain, site_id, check in sites:
        site_check = [next(answers), next(answers)] if check else None
        accounts = next(answers)
        try:
            if check:
                client.require_site(site_check, site_id, domain)
            read.append((read_get_info(client, accounts, site_id, [], domain), None))
        except PanelError as error:
            read.append((None, error))
    return read


def name_holders(client, site_id, domain):
    """Every name and alias of the site's accounts: a dict address -> the address of the account that has it.

    Read (aliases only) before a change that gives an account a new name, so that a clash fails
    before anything is sent, in check mode too, instead of as Plesk's 1007 half-way.
    """
    packet = client.packet()
    add_get_info(packet, site_id, [], flags=('aliases',))
    holders = {}
    for result in client.send(packet, safe_to_repeat=True)[0]:
        if not result.ok:
            raise client.error_for(result, 'mail/get_info')
        mailname = result.element.find('mailname')
        if mailname is not None:
            owner = '%s@%s' % (_listed_name(mailname.findtext('name'), 'account name', site_id), domain)
            holders[owner] = owner
            for alias in mailname.findall('alias'):
                holders['%s@%s' % (_listed_name(alias.text, 'alias', site_id), domain)] = owner
    return holders


def clash_message(name, holder):
    return ('%s is already the name or an alias of %s; Plesk would refuse it (error 1007). Free it first, in the same '
            'task or before.' % (name, holder))


class AccountDelta:
    """What must change on one account: which fields, and the set/add/remove contents.

    ``set_fields`` holds what ``update/set`` writes (scalars; ``mailbox`` and ``autoresponder`` for those
    sections; ``forwarding`` only to switch forwarding off). ``forwarding_on`` makes ``update/add`` state
    ``<enabled>true</enabled>``, with the addresses it adds or, when none are added, the final ones.
    """

    def __init__(self, create=False):
        self.create = create
        self.changed_fields = []
        self.set_fields = {}
        self.add = {'aliases': [], 'forwarding': []}
        self.remove = {'aliases': [], 'forwarding': []}
        self.forwarding_on = False
        self.final_addresses = []

    @property
    def changed(self):
        return bool(self.changed_fields)


def desired_account(params, domain, version):
    """The managed fields the user gave, normalised to the shape of an account dict."""
    desired = {}
    for field in ('mailbox', 'quota', 'antivirus', 'outgoing_messages_limit', 'description'):
        if params.get(field) is not None:
            desired[field] = params[field]
    if params.get('aliases') is not None:
        aliases = set()
        for alias in params['aliases']:
            local, at_sign, alias_domain = alias.strip().rpartition('@')
            local = check_local_part(local if at_sign else alias_domain, 'aliases').lower()  # checked before lowering
            if at_sign and idna_domain(alias_domain, 'aliases') != domain:
                raise OptionError('aliases: %s is not in the domain %s; Plesk aliases share the account\'s domain.'
                                  % (alias, domain))
            aliases.add('%s@%s' % (local, domain))
        desired['aliases'] = sorted(aliases)
    forwarding = params.get('forwarding')
    if forwarding is not None:
        desired['forwarding'] = {key: value for key, value in forwarding.items() if value is not None}
        if 'addresses' in desired['forwarding']:
            desired['forwarding']['addresses'] = sorted({
                '%s@%s' % split_address(address, 'forwarding.addresses') for address in desired['forwarding']['addresses']})
    responder = params.get('autoresponder')
    if responder is not None:
        desired['autoresponder'] = {key: value for key, value in responder.items() if value is not None}
        if 'end_date' in desired['autoresponder'] and not supports(version, AUTORESPONDER_END_DATE_REQUEST):
            raise OptionError('autoresponder.end_date needs Plesk protocol 1.6.7.0 or later; plesk_api_version is %s.' % version)
    _check_xml_values(desired)
    if params.get('password') is not None:
        xml_text(params['password'], 'password')
    return desired


def _check_xml_values(values, prefix=''):
    """Refuse characters XML cannot carry now, so check mode fails where the real run would."""
    for key, value in values.items():
        if isinstance(value, dict):
            _check_xml_values(value, prefix + key + '.')
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                xml_text(item, prefix + key)


def account_delta(current, desired, password=None, cp_access=None):
    """The ``AccountDelta`` that takes ``current`` (None: absent) to ``desired``.

    ``password`` and ``cp_access`` are given only when they are to be written (write-only fields).
    """
    if current is None:
        delta = AccountDelta(create=True)
        delta.set_fields = dict(desired)
        if password is not None:
            delta.set_fields['password'] = password
        if cp_access is not None:
            delta.set_fields['cp_access'] = cp_access
        delta.changed_fields = sorted(delta.set_fields)
        return delta
    delta = AccountDelta()
    for field in ('mailbox', 'quota'):
        if field in desired and desired[field] != current.get(field):
            delta.set_fields['mailbox'] = True
            delta.changed_fields.append(field)
    for field in _SCALAR_FIELDS:
        if field in desired and desired[field] != current.get(field):
            delta.set_fields[field] = desired[field]
            delta.changed_fields.append(field)
    if 'aliases' in desired:
        delta.add['aliases'] = sorted(set(desired['aliases']) - set(current['aliases']))
        delta.remove['aliases'] = sorted(set(current['aliases']) - set(desired['aliases']))
        if delta.add['aliases'] or delta.remove['aliases']:
            delta.changed_fields.append('aliases')
    forwarding = desired.get('forwarding', {})
    delta.final_addresses = sorted(forwarding.get('addresses', current['forwarding']['addresses']))
    if 'addresses' in forwarding:
        delta.add['forwarding'] = sorted(set(forwarding['addresses']) - set(current['forwarding']['addresses']))
        delta.remove['forwarding'] = sorted(set(current['forwarding']['addresses']) - set(forwarding['addresses']))
        if delta.add['forwarding'] or delta.remove['forwarding']:
            delta.changed_fields.append('forwarding.addresses')
    if 'enabled' in forwarding and forwarding['enabled'] != current['forwarding']['enabled']:
        if forwarding['enabled']:
            delta.forwarding_on = True  # update/add, with addresses: a set naming none might drop them
        else:
            delta.set_fields['forwarding'] = False
        delta.changed_fields.append('forwarding.enabled')
    responder = desired.get('autoresponder', {})
    differing = [field for field in _AUTORESPONDER_FIELDS
                 if field in responder and responder[field] != current['autoresponder'].get(field)]
    if differing:
        delta.set_fields['autoresponder'] = True
        delta.changed_fields.extend('autoresponder.' + field for field in differing)
    if password is not None:
        delta.set_fields['password'] = password
        delta.changed_fields.append('password')
    if cp_access is not None:
        delta.set_fields['cp_access'] = cp_access
        delta.changed_fields.append('cp_access')
    return delta


def claimed_names(delta, address, rename_from=None):
    """The addresses (names and aliases) that ``delta`` gives the account and it does not have yet."""
    claimed = list(delta.add['aliases'])
    if delta.create:
        claimed = [address] + ['%s@%s' % (alias.partition('@')[0], address.partition('@')[2])
                               for alias in delta.set_fields.get('aliases', [])]
    elif rename_from:
        claimed.append(address)
    return claimed


def expected_account(current, desired, address, site_id):
    """The account as it will stand after the delta: for check mode and for --diff."""
    after = dict(current) if current else {
        'address': address, 'id': None, 'site_id': site_id, 'aliases': [], 'antivirus': None,
        'outgoing_messages_limit': None, 'description': '', 'mailbox': True, 'quota': None,
        'forwarding': {'enabled': False, 'addresses': []},
        'autoresponder': {field: (False if field == 'enabled' else None) for field in _AUTORESPONDER_FIELDS},
    }
    after['address'] = address
    for key, value in desired.items():
        if isinstance(value, dict):
            merged = dict(after.get(key) or {})
            merged.update(value)
            after[key] = merged
        else:
            after[key] = value
    return after


def _final(section, desired, current):
    """A section (mailbox, forwarding, autoresponder) as it must stand: desired over current."""
    merged = dict(current.get(section) or {}) if current else {}
    merged.update(desired.get(section) or {})
    return merged


def _add_mailbox(mailname, delta, desired, current):
    """The whole mailbox section (desired over current): a panel may take a section whole."""
    if not (delta.create or 'mailbox' in delta.set_fields):
        return
    # A new account gets a mailbox unless told otherwise: without one it could only forward.
    mailbox = child(mailname, 'mailbox')
    child(mailbox, 'enabled', desired.get('mailbox', current.get('mailbox') if current else True) is not False)
    quota = desired.get('quota', current.get('quota') if current else None)
    if quota is not None:
        child(mailbox, 'quota', quota)


def _add_forwarding(mailname, enabled, addresses):
    forwarding = child(mailname, 'forwarding')
    if enabled is not None:
        child(forwarding, 'enabled', enabled)
    for address in addresses:
        child(forwarding, 'address', address)


def _add_aliases(mailname, aliases):
    for alias in aliases:
        child(mailname, 'alias', alias.partition('@')[0])


def _mailname(operation, site_id, local):
    """filter{site-id, mailname{name}} under ``operation``; returns the mailname element."""
    query = child(operation, 'filter')
    child(query, 'site-id', site_id)
    mailname = child(query, 'mailname')
    child(mailname, 'name', local)
    return mailname


def _add_autoresponder(mailname, delta, desired, current, version):
    """The whole autoresponder section (desired over current), as for the mailbox."""
    if 'autoresponder' not in delta.set_fields and not (delta.create and desired.get('autoresponder')):
        return
    final = _final('autoresponder', desired, current)
    responder = child(mailname, 'autoresponder')
    for field in _AUTORESPONDER_FIELDS:
        value = final.get(field)
        if value is None:
            continue
        if field == 'end_date' and not supports(version, AUTORESPONDER_END_DATE_REQUEST):
            continue
        child(responder, _AUTORESPONDER_TAGS[field], value, what='autoresponder.' + field)


def _add_tail(mailname, delta, password_type):
    fields = delta.set_fields
    if 'password' in fields:
        password = child(mailname, 'password')
        child(password, 'value', fields['password'], what='password')
        child(password, 'type', password_type or 'plain')
    for field, tag in (('antivirus', 'antivir'), ('outgoing_messages_limit', 'outgoing-messages-mbox-limit'),
                       ('description', 'description')):
        if field in fields:
            child(mailname, tag, fields[field])


def _add_create(packet, mail, site_id, local, delta, desired, password_type):
    mailname = _mailname(packet.operation(mail, 'create'), site_id, local)
    if 'cp_access' in delta.set_fields:
        child(mailname, 'cp-access', delta.set_fields['cp_access'])
    _add_mailbox(mailname, delta, desired, None)
    forwarding = desired.get('forwarding') or {}
    if forwarding.get('addresses'):  # create demands an address; without one forwarding is off anyway
        _add_forwarding(mailname, bool(forwarding.get('enabled')), forwarding['addresses'])
    _add_aliases(mailname, desired.get('aliases', []))
    _add_autoresponder(mailname, delta, desired, None, packet.version)
    _add_tail(mailname, delta, password_type)
    return ['mail/create']


RELEASE, REST = 'release', 'rest'


def add_delta(packet, site_id, local, delta, desired, current, password_type=None, rename_from=None, parts=(RELEASE, REST)):
    """Add the operations of ``delta`` for account ``local`` to ``packet``, in the order of the module docstring.

    ``parts`` picks the alias removals (``release``: names freed) and the rest (``rest``), so that a bulk run
    can free every name of the task before any account takes one. Returns the labels of the operations added.
    """
    operators = []

    def mail():
        if not operators:  # made only when an operation goes in: an empty <mail/> is a parse error
            operators.append(packet.operator('mail'))
        return operators[0]

    labels = []
    if RELEASE in parts and delta.remove['aliases'] and not delta.create:
        # Before a rename, the account still has its old name.
        _add_aliases(_mailname(child(packet.operation(mail(), 'update', 'mail/update/remove'), 'remove'), site_id,
                               rename_from or local), delta.remove['aliases'])
        labels.append('mail/update/remove')
    if REST not in parts:
        return labels
    if rename_from:
        rename = packet.operation(mail(), 'rename')
        child(rename, 'site-id', site_id)
        child(rename, 'name', rename_from)
        child(rename, 'new-name', local)
        labels.append('mail/rename')
    if delta.create:
        return labels + _add_create(packet, mail(), site_id, local, delta, desired, password_type)
    if delta.add['aliases'] or delta.add['forwarding'] or delta.forwarding_on:
        mailname = _mailname(child(packet.operation(mail(), 'update', 'mail/update/add'), 'add'), site_id, local)
        if delta.add['forwarding'] or delta.forwarding_on:
            # Forwarding goes on with addresses in the same operation: add carries at least one, and adding
            # one already there changes no list (add appends, the docs say).
            _add_forwarding(mailname, True if delta.forwarding_on else None, delta.add['forwarding'] or delta.final_addresses)
        _add_aliases(mailname, delta.add['aliases'])
        labels.append('mail/update/add')
    if delta.set_fields:
        mailname = _mailname(child(packet.operation(mail(), 'update', 'mail/update/set'), 'set'), site_id, local)
        if 'cp_access' in delta.set_fields:
            child(mailname, 'cp-access', delta.set_fields['cp_access'])
        _add_mailbox(mailname, delta, desired, current)
        if 'forwarding' in delta.set_fields:
            _add_forwarding(mailname, False, [])  # off, and no list: the list stays as another run may have left it
        _add_autoresponder(mailname, delta, desired, current, packet.version)
        _add_tail(mailname, delta, password_type)
        labels.append('mail/update/set')
    if delta.remove['forwarding']:
        mailname = _mailname(child(packet.operation(mail(), 'update', 'mail/update/remove'), 'remove'), site_id, local)
        _add_forwarding(mailname, None, delta.remove['forwarding'])
        labels.append('mail/update/remove')
    return labels


def delta_parts(delta):
    """The parts of ``add_delta`` that ``delta`` has operations in: ``release`` (alias removals), ``rest``."""
    parts = ()
    if delta.remove['aliases'] and not delta.create:
        parts += (RELEASE,)
    if delta.create or delta.add['aliases'] or delta.add['forwarding'] or delta.forwarding_on or delta.set_fields \
            or delta.remove['forwarding']:
        parts += (REST,)
    return parts


def remove_operation(packet, site_id, local):
    """``mail/remove`` for exactly one named account (a filter without a name removes them all)."""
    if not local:
        raise OptionError('Refusing to send mail/remove without a name: Plesk would remove every account of the site.')
    operation = packet.operation(packet.operator('mail'), 'remove')
    query = child(operation, 'filter')
    child(query, 'site-id', site_id)
    child(query, 'name', local)


def comparable(account, version):
    """The account as shown in results and diffs: only the fields that can be read back, end_date only when reported,
    and the quota also as a person reads it (V(2G), V(unlimited)) beside the bytes."""
    if account is None:
        return {}
    shown = dict(account)
    shown.pop('id', None)
    shown['quota_readable'] = format_size(shown.get('quota'))
    if not supports(version, AUTORESPONDER_END_DATE_ANSWER):
        shown['autoresponder'] = {k: v for k, v in shown['autoresponder'].items() if k != 'end_date'}
    return shown


class AccountChange:
    """The delta for one account and what it means for the user: changed fields, diff sides, password marker."""

    def __init__(self, address, current, desired, delta, password_written):
        self.address = address
        self.current = current
        self.desired = desired
        self.delta = delta
        self.password_written = password_written
        self.changed_fields = ['created'] if delta.create else list(delta.changed_fields)


def account_change(params, address, domain, current, version, write_only=True):
    """Plan one account from module-style ``params`` (quota already in bytes): the single and bulk modules' core.

    ``write_only=False`` leaves the password and panel access out (to compare a read back, which cannot show them).
    """
    desired = desired_account(params, domain, version)
    write_password = write_only and params.get('password') is not None and (
        current is None or params.get('update_password') == 'always')
    write_cp_access = write_only and params.get('cp_access') is not None and (
        current is None or params.get('update_cp_access') == 'always')
    if address in desired.get('aliases', []):
        raise OptionError('aliases: %s is the account itself; an alias is another name for it (Plesk would refuse it '
                          'with error 1007).' % address)
    if desired.get('forwarding'):
        # Checked against what the panel holds, before planning, so check mode fails as the real run would.
        final = _final('forwarding', desired, current)
        if final.get('enabled') and not final.get('addresses'):
            raise OptionError('forwarding.enabled needs at least one address in forwarding.addresses.')
    compared = desired
    if current is not None and not supports(version, AUTORESPONDER_END_DATE_ANSWER):
        # Protocols before 1.6.8.0 take end_date but never report it: compared, it would differ on every run.
        # It is written with the rest of the autoresponder when that changes, like a write-only setting.
        compared = dict(desired, autoresponder={key: value for key, value in desired.get('autoresponder', {}).items()
                                                if key != 'end_date'})
        if not compared['autoresponder']:
            del compared['autoresponder']
    delta = account_delta(current, compared, password=params['password'] if write_password else None,
                          cp_access=params['cp_access'] if write_cp_access else None)
    return AccountChange(address, current, desired, delta, write_password)


def follow_up(params, change, after, version):
    """What still differs once ``change`` was written and the account read back as ``after``: an ``AccountChange``.

    Empty (``changed_fields == []``) when the panel holds what was asked; write-only settings are not
    compared. A panel may also take a set's forwarding section whole and drop the addresses it did not
    list: those the task did not manage are put back (only those that were there before, so an address
    another run added meanwhile stays, and one it removed is not revived unless this write dropped it).
    """
    again = account_change(params, change.address, after['address'].partition('@')[2], after, version, write_only=False)
    managed = (change.desired.get('forwarding') or {}).get('addresses') is not None
    if 'forwarding' in change.delta.set_fields and not managed and change.current:
        dropped = sorted(set(change.current['forwarding']['addresses']) - set(after['forwarding']['addresses']))
        if dropped:
            again.delta.add['forwarding'] = sorted(set(again.delta.add['forwarding']) | set(dropped))
            again.delta.changed_fields.append('forwarding.addresses')
            again.changed_fields.append('forwarding.addresses')
    return again


def not_taken(change, after):
    """The message for an account the panel still does not hold as asked after a follow-up round."""
    return ('Plesk accepted the change of %s but does not hold it as asked: %s still differ%s after a second round of '
            'changes. The panel may handle these settings in its own way; check the account in the panel.'
            % (change.address, ', '.join(change.changed_fields), 's' if len(change.changed_fields) == 1 else ''))
