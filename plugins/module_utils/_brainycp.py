# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is PRIVATE to the hosting.mail collection. It may change at any time.

"""The BrainyCP API client. Every wire detail of the API lives in this file.

BrainyCP's public documentation is thin and partly contradictory, so the contract the collection
follows is fixed here and nowhere else: form-encoded POSTs to ``/api/api.php`` carrying ``login``,
``pass``, ``module=mailclient``, ``subdo=<operation>``, ``language=en`` and ``panel_user``; a JSON
answer whose code may be called ``code`` or ``error``, text ``message`` or ``mess``, list payload
``data``, ``detail`` or ``array``, with items as objects or plain strings. Codes mean different
things per operation, so each operation has its own table (``OPERATIONS``).
"""

from __future__ import annotations

import copy
import json
import re
from urllib.parse import urlencode

from ansible_collections.hosting.mail.plugins.module_utils._errors import (
    ApiError,
    AuthenticationError,
    GarbledAnswerError,
    OptionError,
)
from ansible_collections.hosting.mail.plugins.module_utils._values import ascii_domain

PANEL = 'BrainyCP'
API_PATH = '/api/api.php'
DEFAULT_HTTP_PORT = 8002
DEFAULT_HTTPS_PORT = 8000
MODULE = 'mailclient'
NO_PERMISSION = 1000  # the API account may not act for that hosting user
NO_SUCH_USER = 1001
FORM_TYPE = 'application/x-www-form-urlencoded; charset=UTF-8'

# Outcomes of an operation, by code: what the module does with each answer.
DONE, ALREADY, NOTHING, EMPTY = 'done', 'already', 'nothing', 'empty'
# Codes shared by every operation of the module (1000 and 1001, about the hosting user, have their own messages).
_COMMON = {
    2: 'BrainyCP refused the parameters (error 2, "error in the parameter array")',
    1002: 'BrainyCP does not know this command (error 1002)',
}
OPERATIONS = {
    'getlistmail': {0: DONE, 1: EMPTY},
    'getforwardmail': {0: DONE, 1: EMPTY},
    'addmail': {0: DONE, 1: ALREADY},
    'delmail': {0: DONE, 3: NOTHING},
    'addforward': {0: DONE},
    'delforward': {0: DONE},
    'onspf': {0: DONE, 3: ALREADY},
    'offspf': {0: DONE, 3: ALREADY},
    'ondkim': {0: DONE, 3: ALREADY},
    'offdkim': {0: DONE},  # no "already disabled" code exists: 0 either way
}
# Errors with a meaning of their own per operation.
_OPERATION_ERRORS = {
    ('addmail', 4): 'the domain of the mailbox does not belong to this hosting user',
    ('addmail', 3): 'BrainyCP could not add the mailbox',
    ('delmail', 1): 'BrainyCP could not delete the mailbox',
    ('addforward', 3): 'BrainyCP refused the addresses of the forward',
    ('addforward', 1): 'BrainyCP could not add the forward',
    ('delforward', 1): 'BrainyCP could not delete the forward',
}
_OPERATION_ERRORS.update({(operation, 1): 'the domain does not belong to this hosting user'
                          for operation in ('onspf', 'offspf', 'ondkim', 'offdkim')})
READS = ('getlistmail', 'getforwardmail')
_CODE_KEYS = ('code', 'error')
_TEXT_KEYS = ('message', 'mess')
_PAYLOAD_KEYS = ('data', 'detail', 'array')
_ADDRESS_KEYS = ('email', 'mail', 'mailbox', 'name', 'source')
# A forward as a string: "source -> targets" or, as the panel's own messages write it, "source => targets".
FORWARD_ARROW = re.compile(r'\s*(?:->|=>)\s*')


class Answer:
    """An operation's outcome: one of DONE, ALREADY, NOTHING, EMPTY; its code, text and list payload."""

    def __init__(self, outcome, code, text, items):
        self.outcome = outcome
        self.code = code
        self.text = text
        self.items = items


def domain_key(domain):
    """A domain as compared: normalised as IDNA 2008 / UTS 46 does, in its A-label form; as written (lower case,
    without a trailing dot) where that fails."""
    return ascii_domain(domain) or domain.strip().rstrip('.').lower()


def address_domain(address):
    return address.rpartition('@')[2]


# (feature, on): the operation, and whether its answers tell "already so" apart from a change.
SWITCHES = {
    ('spf', True): ('onspf', True),
    ('spf', False): ('offspf', True),
    ('dkim', True): ('ondkim', True),
    ('dkim', False): ('offdkim', False),
}


def switch_operation(feature, on):
    return SWITCHES[(feature, bool(on))][0]


def switch_tells_already(feature, on):
    """Whether the switch's answers tell "already so" apart from a change (offdkim's do not)."""
    return SWITCHES[(feature, bool(on))][1]


def unconfirmed_forward_domain_warning(user, domain):
    return ("BrainyCP refuses a forward from a domain that is not the hosting user's (addforward error 3); %s has no mailbox "
            "or forward in %s, so check mode cannot confirm that the change would be made. If the domain is another hosting "
            "user's, set panel_user to that user." % (user, domain))


def unconfirmed_domain_warning(user, domain):
    return ("BrainyCP refuses a mailbox in a domain that is not the hosting user's (addmail error 4); %s has no mailbox or "
            "forward in %s, so it cannot be confirmed before the change. If the domain is another hosting user's, set "
            "panel_user to that user." % (user, domain))


def _first(mapping, keys):
    for key in keys:
        if key in mapping:
            return mapping[key]
    return None


_INTEGER = re.compile(r'^\s*-?[0-9]{1,9}\s*$')
# A listed address: one @, something on both sides, no white space, comma or other list separator.
_LISTED_ADDRESS = re.compile(r'^[^@\s,;|<>"]+@[^@\s,;|<>"/]+$')


def _code(value):
    """A result code or a number the panel lists: an int, or a string of digits; None for anything else.

    A bool (``false`` is not 0), a float (``0.9``, ``1e999``) or a list is no code: the answer is garbled.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and _INTEGER.match(value):
        return int(value)
    return None


class BrainyClient:
    """Calls ``mailclient`` operations for one API account, on behalf of ``panel_user`` if given."""

    def __init__(self, http, username, password, panel_user=None):
        if not username or not password:
            raise OptionError('BrainyCP needs brainycp_username and brainycp_password (options, or the '
                              'BRAINYCP_USERNAME / BRAINYCP_PASSWORD environment variables).')
        self.http = http
        self._credentials = [('login', username), ('pass', password)]
        self.panel_user = panel_user

    def acting_for(self, panel_user):
        """A client for another hosting user (none: the API account's own), over the same connection."""
        other = copy.copy(self)
        other.panel_user = panel_user or None
        return other

    @property
    def hosting_user(self):
        """The hosting user the calls act for: panel_user, or else the API account's own login."""
        return self.panel_user or self._credentials[0][1]

    # The writes, by what they do: the modules never name an operation or build a form field.
    def add_mailbox(self, address, password, quota_mb):
        """addmail; ``quota_mb`` 0 is BrainyCP's "no limit"."""
        return self.call('addmail', email=address, password=password, quota=quota_mb)

    def delete_mailbox(self, address):
        return self.call('delmail', email=address)

    def add_forward(self, source, targets, save_local):
        """addforward: the targets as one comma-separated field, save_local as 1 or 0 (always sent: the panel keeps the
        last value sent, so leaving it out would not keep the current one)."""
        return self.call('addforward', source=source, target=','.join(targets), save_local=1 if save_local else 0)

    def delete_forward(self, source, targets):
        return self.call('delforward', source=source, target=','.join(targets))

    def switch(self, feature, on, domain):
        """SPF or DKIM (``feature``) of ``domain`` on or off."""
        return self.call(switch_operation(feature, on), domain=domain)

    def call(self, operation, **fields):
        """Run ``operation``; return an ``Answer`` or raise a typed error with a clear message."""
        form = self._credentials + [('module', MODULE), ('subdo', operation), ('language', 'en')]
        if self.panel_user:
            form.append(('panel_user', self.panel_user))
        form += [(name, value) for name, value in fields.items() if value is not None]
        for name, value in form:
            _check_utf8(name, value)
        response = self.http.post(API_PATH, urlencode(form).encode('utf-8'), headers={'Content-Type': FORM_TYPE},
                                  safe_to_repeat=operation in READS, accept_statuses=(401, 403, 404))
        url = self.http.redact(self.http.url_for(API_PATH))
        answer = self._decode(response, url)
        # The answer is read as sent; only what is shown is masked: a masked one-letter secret would garble the text.
        code = _code(_first(answer, _CODE_KEYS))
        raw_text = str(_first(answer, _TEXT_KEYS) or '')
        text = self.http.redact(raw_text)
        if code is None:
            raise GarbledAnswerError('%s answered %s without a result code: %s'
                                     % (url, operation, _excerpt(self.http.redact(response.text))), url=url, status=response.status)
        if code == 1 and raw_text.strip().lower().startswith('not perm'):
            raise AuthenticationError('%s refused the login or password of the API account (%r).' % (url, text),
                                      url=url, status=response.status, code=code)
        if code in (NO_PERMISSION, NO_SUCH_USER):
            raise ApiError(self.http.redact(self._hosting_user_problem(code, operation, text)), url=url, status=response.status, code=code,
                           text=text, operation=operation)
        outcome = OPERATIONS[operation].get(code)
        if outcome is None:
            reason = _OPERATION_ERRORS.get((operation, code)) or _COMMON.get(code) or 'BrainyCP reported an error'
            raise ApiError('%s: %s (%s error %s: %s)' % (reason, _subject(fields), operation, code, text or 'no text'),
                           url=url, status=response.status, code=code, text=text, operation=operation)
        return Answer(outcome, code, text, _items(answer))

    def _hosting_user_problem(self, code, operation, text):
        """Error 1000 or 1001 as a sentence: which hosting user, and whether panel_user named it or it was the default."""
        login = self._credentials[0][1]
        if code == NO_SUCH_USER and self.panel_user:
            problem = ('BrainyCP has no hosting user %r, the one panel_user names; set panel_user to an existing hosting '
                       'user of the panel' % self.panel_user)
        elif code == NO_SUCH_USER:
            problem = ('BrainyCP has no hosting user %r: panel_user is not set, so it defaulted to the API login %r, which '
                       'is not a hosting user; set panel_user (or BRAINYCP_PANEL_USER) to the hosting user whose mail '
                       'this is' % (login, login))
        elif self.panel_user:
            problem = ('The API account %r may not act for the hosting user %r that panel_user names; give the account '
                       'full API rights, or set panel_user to its own login' % (login, self.panel_user))
        else:
            problem = ('The API account %r may not act for its own hosting user (panel_user is not set, so it defaulted '
                       'to the API login); check the API rights of the account\'s group in the panel' % login)
        return '%s (%s error %s: %s)' % (problem, operation, code, text or 'no text')

    def _decode(self, response, url):
        if response.status == 401:
            raise AuthenticationError(
                '%s answered HTTP 401: the panel is protected by an extra HTTP password (htpasswd). Give it in '
                'brainycp_http_user and brainycp_http_password, or disable the htpasswd protection of the panel.'
                % url, url=url, status=401)
        if response.status == 403:
            raise AuthenticationError(
                '%s answered HTTP 403: the panel does not allow API requests from this host\'s IP address. Add the '
                'address to the panel\'s allowed list.' % url, url=url, status=403)
        if response.status == 404:
            raise self.http.not_the_api(response, 'brainycp_url', 'BrainyCP API', API_PATH,
                                        'Check that brainycp_url names the panel and its port (8002 for HTTP, 8000 for HTTPS).')
        if not response.body.strip():
            raise GarbledAnswerError('%s answered with an empty body (HTTP %d). BrainyCP does that when it received no '
                                     'operation it knows; check the URL and the credentials.' % (url, response.status),
                                     url=url, status=response.status)
        try:
            answer = json.loads(response.body.decode('utf-8', errors='replace'))
        except RecursionError:
            raise GarbledAnswerError('%s answered JSON nested too deeply to be a BrainyCP answer (HTTP %d).'
                                     % (url, response.status), url=url, status=response.status) from None
        except ValueError:
            raise GarbledAnswerError('%s did not answer JSON (HTTP %d): %s. Is this the BrainyCP API URL (port 8002 for '
                                     'HTTP, 8000 for HTTPS)?' % (url, response.status, self.http.body_excerpt(response)),
                                     url=url, status=response.status) from None
        if not isinstance(answer, dict):
            raise GarbledAnswerError('%s answered JSON that is not an object: %s' % (url, _excerpt(self.http.redact(response.text))),
                                     url=url, status=response.status)
        return answer

    def mailboxes(self):
        """The hosting user's mailboxes: a dict address -> quota in MB (None when not reported).

        An item is an address, or an object with an address and maybe a quota; anything else (a number, a
        bool, a list, an object without an address) is a garbled answer, never read as a mailbox.
        """
        boxes = {}
        for item in self.call('getlistmail').items:
            if isinstance(item, dict):
                # The quota only feeds a warning: one that is not a whole number of MB counts as not reported.
                address, quota = _first(item, _ADDRESS_KEYS), _code(item.get('quota'))
            elif isinstance(item, str):
                address, quota = item, None
            else:
                raise self._garbled_item('getlistmail', 'a mailbox', item, 'neither a string nor an object')
            if not isinstance(address, str) or not _LISTED_ADDRESS.match(address.strip()):
                raise self._garbled_item('getlistmail', 'a mailbox', item, 'no mail address')
            boxes[address.strip().lower()] = quota
        return boxes

    def unconfirmed_domains(self, domains, mailboxes):
        """Of ``domains``, those in which the hosting user has neither a mailbox (``mailboxes``, as listed) nor a forward.

        The API lists no domains, so a user's mailboxes and forwards are all that shows which domains are the user's;
        the forwards are read only when the mailboxes do not tell.
        """
        def unseen(addresses):
            seen = {domain_key(address_domain(address)) for address in addresses}
            left = {}
            for domain in domains:
                if domain_key(domain) not in seen:
                    left.setdefault(domain_key(domain), domain)
            return sorted(left.values())

        left = unseen(mailboxes)
        return unseen(list(mailboxes) + list(self.forwards())) if left else left

    def forwards(self):
        """The hosting user's forwards: a dict source -> {'targets': sorted list, 'save_local': bool or None}."""
        found = {}
        for item in self.call('getforwardmail').items:
            source, targets, save_local = self._forward(item)
            entry = found.setdefault(source, {'targets': [], 'save_local': save_local})
            entry['targets'] = sorted(set(entry['targets']) | set(targets))
        return found

    def _forward(self, item):
        """``(source, targets, save_local)`` of one listed forward; a GarbledAnswerError for an item that cannot be read.

        Read wrongly, a forward would be "repaired" on every run, so an odd item fails the task rather than being skipped.
        """
        if isinstance(item, dict):
            source, targets = _first(item, _ADDRESS_KEYS), _first(item, ('target', 'targets'))
            save_local = item.get('save_local')
            save_local = None if save_local is None else str(save_local).strip().lower() in ('1', 'true', 'yes')
        elif isinstance(item, str):
            parts = FORWARD_ARROW.split(item)  # exactly one arrow: "a -> b -> c" is not a forward
            if len(parts) != 2:
                raise self._garbled_forward(item, 'not exactly one -> or => between source and targets')
            source, targets = parts
            save_local = None
        else:
            raise self._garbled_forward(item, 'neither a string nor an object')
        if source is not None and not isinstance(source, str):
            raise self._garbled_forward(item, 'the source is not a string')
        if not (source or '').strip():
            raise self._garbled_forward(item, 'no source')
        if isinstance(targets, str):
            targets = targets.split(',')
        elif targets is not None and not isinstance(targets, list):
            raise self._garbled_forward(item, 'the targets are not a string or a list of strings')
        if any(not isinstance(target, str) for target in targets or []):
            raise self._garbled_forward(item, 'a target is not a string')
        targets = {target.strip().lower() for target in targets or [] if target.strip()}
        if not targets:
            raise self._garbled_forward(item, 'no targets')
        return source.strip().lower(), targets, save_local

    def _garbled_forward(self, item, why):
        return self._garbled_item('getforwardmail', 'a forward', item, why, '"source -> targets", "source => targets" or '
                                  'an object with source and target')

    def _garbled_item(self, operation, what, item, why, forms='an address or an object with an address'):
        """A GarbledAnswerError for a listed item the collection cannot read; never a guess at what it meant."""
        shown = item if isinstance(item, str) else json.dumps(item, ensure_ascii=False, sort_keys=True, default=repr)
        url = self.http.redact(self.http.url_for(API_PATH))
        return GarbledAnswerError(
            '%s answered %s with %s that cannot be read (%s): %s. The collection reads %s; check it in the panel, '
            'and report the form to the hosting.mail maintainers if the panel lists it so.'
            % (url, operation, what, why, _excerpt(self.http.redact(shown)), forms), url=url)


def _check_utf8(name, value):
    """A lone surrogate cannot be sent as UTF-8: refuse it with the field's name, before anything is sent."""
    if isinstance(value, str):
        for char in value:
            if 0xD800 <= ord(char) <= 0xDFFF:
                raise OptionError('The value for %s contains the character U+%04X, which UTF-8 cannot carry.'
                                  % (name, ord(char)))


def _items(answer):
    payload = _first(answer, _PAYLOAD_KEYS)
    if payload is None:
        return []
    if isinstance(payload, dict):
        return list(payload.values())
    return payload if isinstance(payload, list) else [payload]


def _subject(fields):
    for name in ('email', 'source', 'domain'):
        if fields.get(name):
            return fields[name]
    return 'the request'


def _excerpt(text, limit=200):
    text = ' '.join((text or '').split())
    return text if len(text) <= limit else text[:limit] + '...'
