# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The simulated BrainyCP panel: API accounts, and hosting users with their domains, mailboxes, forwards and SPF/DKIM flags.

A seed and a state dump share one JSON format, so a dump can seed another simulator:

    {"api_accounts": [{"login": "admin", "password": "...", "full_api": true}],
     "users": [{"login": "webmaster",
                "domains": [{"name": "example.com", "spf": true, "dkim": false}],
                "mailboxes": [{"email": "info@example.com", "password": "...", "quota": 0, "used": 12}],
                "forwards": [{"source": "sales@example.com", "targets": ["team@example.net"], "save_local": 1}]}]}

A domain may also be seeded as a plain name. The rules the panel enforces live here; every
operation takes the raw form values, as the panel's PHP does, and returns a Result whose code
means what it means for that operation (the codes differ from one operation to the next).
"""

from __future__ import annotations

import copy
import json
import os
import re

DEMO_SEED = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'seed-demo.json')

# Codes every operation shares.
OK = 0
PARAMETER_ERROR = 2
NO_PERMISSION = 1000
NO_SUCH_USER = 1001
WRONG_COMMAND = 1002

FORWARD_APPEND = 'append'
FORWARD_REPLACE = 'replace'
FORWARDS_KEPT = 'keep'
DELETE_TARGETS = 'targets'
DELETE_WHOLE = 'whole'
FORWARDS_DROPPED = 'drop'

_LOCAL_PART = re.compile(r"^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
_LABEL = re.compile(r'^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$')
_QUOTA = re.compile(r'^[0-9]+$')


class Result:
    """An operation's outcome: its code, the object its message names, and (list operations) the items."""

    def __init__(self, code, subject='', items=None):
        self.code = code
        self.subject = subject
        self.items = items

    def __repr__(self):
        return 'Result(%r, %r, %r)' % (self.code, self.subject, self.items)


class ApiError(Exception):
    """A failure before the operation runs (1000, 1001): answered with the code and the subject."""

    def __init__(self, code, subject=''):
        super().__init__('%d: %s' % (code, subject))
        self.code = code
        self.subject = subject


# --- names -------------------------------------------------------------------------------------------

def to_ascii(name):
    """The IDNA (punycode) form of a domain name, lower case; None when it is not a valid host name."""
    name = (name or '').strip().rstrip('.').lower()
    try:
        ascii_name = name.encode('idna').decode('ascii')
    except UnicodeError:
        return None
    labels = ascii_name.split('.')
    if len(labels) < 2 or len(ascii_name) > 253 or not all(_LABEL.match(label) for label in labels):
        return None
    return ascii_name


def to_unicode(ascii_name):
    return ascii_name.encode('ascii').decode('idna')


def normalize_address(text):
    """``local@domain`` in lower case with the domain in Unicode, or None when ``text`` is no e-mail address."""
    local, separator, domain = (text or '').strip().rpartition('@')
    local = local.lower()
    if not separator or len(local) > 64 or not _LOCAL_PART.match(local):
        return None
    ascii_domain = to_ascii(domain)
    if ascii_domain is None:
        return None
    return '%s@%s' % (local, to_unicode(ascii_domain))


def address_domain(address):
    """The ASCII domain of a normalized address."""
    return to_ascii(address.rpartition('@')[2])


def split_addresses(text):
    """The comma-separated items of ``text``, stripped, empty ones dropped."""
    return [item.strip() for item in (text or '').split(',') if item.strip()]


def _unique(items):
    seen = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


# --- objects -----------------------------------------------------------------------------------------

class ApiAccount:
    """A panel login whose group has API access; ``full_api`` is the group's "Full API access (administrator)"."""

    def __init__(self, login, password, full_api=False):
        self.login = login
        self.password = password
        self.full_api = bool(full_api)

    def to_dict(self):
        return {'login': self.login, 'password': self.password, 'full_api': self.full_api}


class Domain:
    def __init__(self, name, spf=False, dkim=False):
        self.ascii_name = to_ascii(name)
        if self.ascii_name is None:
            raise ValueError('%r is not a valid domain name' % (name,))
        self.name = to_unicode(self.ascii_name)
        self.spf = bool(spf)
        self.dkim = bool(dkim)

    def to_dict(self):
        return {'name': self.name, 'spf': self.spf, 'dkim': self.dkim}


class Mailbox:
    def __init__(self, email, password, quota, used=0):
        self.email = email
        self.password = password  # stored, never answered
        self.quota = quota  # MB, 0 = unlimited
        self.used = used  # MB

    def to_dict(self):
        return {'email': self.email, 'password': self.password, 'quota': self.quota, 'used': self.used}


class Forward:
    def __init__(self, source, targets, save_local=0):
        self.source = source
        self.targets = list(targets)
        self.save_local = save_local

    def to_dict(self):
        return {'source': self.source, 'targets': list(self.targets), 'save_local': self.save_local}


class HostingUser:
    """A hosting account ("ISP user") and the mail operations of module ``mailclient`` on it."""

    def __init__(self, login):
        self.login = login
        self.domains = []
        self.mailboxes = []
        self.forwards = []

    def find_domain(self, name):
        ascii_name = to_ascii(name)
        return next((domain for domain in self.domains if ascii_name and domain.ascii_name == ascii_name), None)

    def owns_address(self, address):
        return self.find_domain(address_domain(address)) is not None

    def find_mailbox(self, address):
        return next((mailbox for mailbox in self.mailboxes if mailbox.email == address), None)

    def find_forward(self, source):
        return next((forward for forward in self.forwards if forward.source == source), None)

    # --- read operations -------------------------------------------------------------------------

    def list_mailboxes(self):
        if not self.mailboxes:
            return Result(1, self.login)
        return Result(OK, self.login, [{'email': box.email, 'quota': box.quota, 'used': box.used} for box in self.mailboxes])

    def list_forwards(self):
        if not self.forwards:
            return Result(1, self.login)
        return Result(OK, self.login, [{'source': forward.source, 'target': ','.join(forward.targets),
                                        'save_local': forward.save_local} for forward in self.forwards])

    # --- mailboxes -------------------------------------------------------------------------------

    def add_mailbox(self, email, password, quota, used=0):
        """addmail: 0 added, 1 exists, 2 bad parameters, 4 the domain is not the user's."""
        address = normalize_address(email)
        if address is None or not password or quota is None or not _QUOTA.match(quota):
            return Result(PARAMETER_ERROR, email or '')
        if not self.owns_address(address):
            return Result(4, address)
        if self.find_mailbox(address) is not None:
            return Result(1, address)
        self.mailboxes.append(Mailbox(address, password, int(quota), used))
        return Result(OK, address)

    def delete_mailbox(self, email, forwards=FORWARDS_KEPT):
        """delmail: 0 deleted, 2 bad parameters, 3 no such mailbox.

        The address's forward stays (``forwards`` FORWARDS_KEPT) or goes with the mailbox (FORWARDS_DROPPED): no source
        says which.
        """
        address = normalize_address(email)
        if address is None:
            return Result(PARAMETER_ERROR, email or '')
        mailbox = self.find_mailbox(address)
        if mailbox is None:
            return Result(3, address)
        self.mailboxes.remove(mailbox)
        forward = self.find_forward(address)
        if forwards == FORWARDS_DROPPED and forward is not None:
            self.forwards.remove(forward)
        return Result(OK, address)

    # --- forwards --------------------------------------------------------------------------------

    def add_forward(self, source, target, save_local, mode=FORWARD_APPEND):
        """addforward: 0 added, 2 missing parameters, 3 an invalid address or a source outside the user's domains."""
        if not source or not target or save_local not in (None, '', '0', '1'):
            return Result(PARAMETER_ERROR, source or '')
        address = normalize_address(source)
        if address is None or not self.owns_address(address):
            return Result(3, source.strip())
        targets = []
        for item in split_addresses(target):
            normalized = normalize_address(item)
            if normalized is None:
                return Result(3, item)
            targets.append(normalized)
        if not targets:
            return Result(3, target.strip())
        save_local = int(save_local or 0)
        forward = self.find_forward(address)
        if forward is None:
            self.forwards.append(Forward(address, _unique(targets), save_local))
        else:
            forward.targets = _unique(targets if mode == FORWARD_REPLACE else forward.targets + targets)
            forward.save_local = save_local  # the last value sent wins
        return Result(OK, address)

    def delete_forward(self, source, target, mode=DELETE_TARGETS):
        """delforward: 0 deleted, 1 no forward for the source or none of the targets on it, 2 missing parameters.

        ``mode`` DELETE_TARGETS removes the targets named; DELETE_WHOLE removes the source's whole forward, whatever
        targets are named (the docs do not say which).
        """
        if not source or not target:
            return Result(PARAMETER_ERROR, source or '')
        address = normalize_address(source)
        forward = self.find_forward(address) if address else None
        if forward is None:
            return Result(1, source.strip())
        if mode == DELETE_WHOLE:
            self.forwards.remove(forward)
            return Result(OK, address)
        removed = {normalize_address(item) for item in split_addresses(target)}
        kept = [item for item in forward.targets if item not in removed]
        if len(kept) == len(forward.targets):
            return Result(1, address)
        forward.targets = kept
        if not kept:
            self.forwards.remove(forward)  # a forward left without targets is gone
        return Result(OK, address)

    # --- SPF and DKIM ----------------------------------------------------------------------------

    def switch(self, flag, enable, domain_name):
        """onspf/offspf/ondkim/offdkim: 0 done, 1 not the user's domain, 2 no domain, 3 already so.

        ``offdkim`` has no "already disabled" answer: it says 0 whether DKIM was on or off.
        """
        if not domain_name:
            return Result(PARAMETER_ERROR)
        domain = self.find_domain(domain_name)
        if domain is None:
            return Result(1, domain_name.strip())
        if getattr(domain, flag) == enable and (flag, enable) != ('dkim', False):
            return Result(3, domain.name)
        setattr(domain, flag, enable)
        return Result(OK, domain.name)

    def to_dict(self):
        return {
            'login': self.login,
            'domains': [domain.to_dict() for domain in self.domains],
            'mailboxes': [mailbox.to_dict() for mailbox in self.mailboxes],
            'forwards': [forward.to_dict() for forward in self.forwards],
        }


class Panel:
    """Everything the simulator holds; ``from_seed`` checks a seed with the rules the API enforces."""

    def __init__(self):
        self.api_accounts = []
        self.users = []

    @classmethod
    def from_seed(cls, seed):
        if not isinstance(seed, dict):
            raise ValueError('seed: a JSON object is expected')
        panel = cls()
        for data in seed.get('api_accounts', []):
            if panel.find_account(data['login']) is not None:
                raise ValueError('seed: API account %r is listed twice' % data['login'])
            panel.api_accounts.append(ApiAccount(data['login'], data['password'], data.get('full_api', False)))
        for data in seed.get('users', []):
            if panel.find_user(data['login']) is not None:
                raise ValueError('seed: hosting user %r is listed twice' % data['login'])
            user = HostingUser(data['login'])
            panel.users.append(user)
            panel._seed_domains(user, data.get('domains', []))
            panel._seed_mail(user, data)
        return panel

    def _seed_domains(self, user, domains):
        for data in domains:
            data = {'name': data} if isinstance(data, str) else data
            domain = Domain(data['name'], data.get('spf', False), data.get('dkim', False))
            owner = self.domain_owner(domain.ascii_name)
            if owner is not None:
                raise ValueError('seed: domain %s belongs to %s already' % (domain.name, owner.login))
            user.domains.append(domain)

    @staticmethod
    def _seed_mail(user, data):
        for mailbox in data.get('mailboxes', []):
            used = mailbox.get('used', 0)
            if isinstance(used, bool) or not isinstance(used, int) or used < 0:
                raise ValueError('seed: mailbox %r: used must be a whole number of MB' % mailbox.get('email'))
            result = user.add_mailbox(mailbox.get('email'), mailbox.get('password'), str(mailbox.get('quota', 0)), used)
            if result.code != OK:
                raise ValueError('seed: mailbox %r of %s: addmail would answer %d' % (mailbox.get('email'), user.login, result.code))
        for forward in data.get('forwards', []):
            targets = forward.get('targets', [])
            result = user.add_forward(forward.get('source'), ','.join(targets), str(int(forward.get('save_local', 0))))
            if result.code != OK:
                raise ValueError('seed: forward %r of %s: addforward would answer %d' % (forward.get('source'), user.login, result.code))

    def to_dict(self):
        return {
            'api_accounts': [account.to_dict() for account in self.api_accounts],
            'users': [user.to_dict() for user in self.users],
        }

    def find_account(self, login):
        return next((account for account in self.api_accounts if account.login == login), None)

    def find_user(self, login):
        return next((user for user in self.users if user.login == login), None)

    def domain_owner(self, ascii_name):
        return next((user for user in self.users if user.find_domain(ascii_name) is not None), None)

    def authenticate(self, login, password):
        """The API account these credentials open, or None."""
        account = self.find_account(login) if login else None
        if account is None or not password or account.password != password:
            return None
        return account

    def target_user(self, account, panel_user):
        """The hosting user a request acts on: ``panel_user`` or the account's own; ApiError 1000 or 1001 otherwise."""
        wanted = panel_user or account.login
        if not account.full_api and wanted != account.login:
            raise ApiError(NO_PERMISSION, wanted)
        user = self.find_user(wanted)
        if user is None:
            raise ApiError(NO_SUCH_USER, wanted)
        return user


def load_seed(source=None):
    """A seed as a dict: from a dict, a JSON file path, or (None) the bundled demo seed."""
    if isinstance(source, dict):
        return copy.deepcopy(source)
    with open(os.fspath(source or DEMO_SEED), encoding='utf-8') as handle:
        return json.load(handle)
