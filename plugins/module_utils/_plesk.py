# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is PRIVATE to the hosting.mail collection. It may change at any time.

"""The Plesk XML API client: packets out, results in, site ids from domain names.

Packets are lxml trees built in XSD element order. Answers go through the hardened parser; each
``result`` is read on its own (never a document-wide ``//status``), and errors become typed errors
carrying Plesk's code and text. "Does not exist" (1013) is data for the callers, not a failure.
"""

from __future__ import annotations

import re

from ansible_collections.hosting.mail.plugins.module_utils._errors import (
    ApiError,
    AuthenticationError,
    GarbledAnswerError,
    OptionError,
    PanelError,
    XmlParseError,
)
from ansible_collections.hosting.mail.plugins.module_utils._values import ascii_domain, normalize_domain
from ansible_collections.hosting.mail.plugins.module_utils._xml import parse_xml, require_lxml
from ansible_collections.hosting.mail.plugins.module_utils import _xml

PANEL = 'Plesk'
AGENT_PATH = '/enterprise/control/agent.php'
DEFAULT_PORT = 8443

OBJECT_NOT_FOUND = 1013
ALREADY_EXISTS = 1007
PARSE_ERROR = 1014
VERSION_NOT_SUPPORTED = 1005
NOT_SUPPORTED = 1017
_AUTH_ERRORS = {
    1001: 'the login or password was refused',
    11003: 'the secret key was refused (Plesk binds each key to the IP address it was created for)',
}

# Protocol versions and what they add to the elements this collection uses.
AUTORESPONDER_END_DATE_REQUEST = (1, 6, 7, 0)
AUTORESPONDER_END_DATE_ANSWER = (1, 6, 8, 0)


def version_tuple(version):
    """'1.6.7' -> (1, 6, 7); None for an unpinned version (the server's newest)."""
    if not version:
        return None
    try:
        numbers = tuple(int(part) for part in version.split('.'))
    except ValueError:
        raise OptionError('plesk_api_version %r is not a Plesk protocol version such as 1.6.9.0.' % version) from None
    if not 1 <= len(numbers) <= 4:
        raise OptionError('plesk_api_version %r is not a Plesk protocol version such as 1.6.9.0.' % version)
    return numbers


def newest_meant(version):
    """The newest protocol a pin can mean, as a 4-tuple; None when unpinned (the server's newest).

    Plesk answers a prefix such as 1.6 with the newest version it has under it, so the missing parts are
    unbounded: 1.6 means (1, 6, inf, inf), above every 1.6.x.y.
    """
    pinned = version_tuple(version)
    return None if pinned is None else pinned + (float('inf'),) * (4 - len(pinned))


def supports(version, feature):
    """True when the pinned protocol (or the newest, when none is pinned) has ``feature``."""
    meant = newest_meant(version)
    return meant is None or meant >= feature


# --- operators newer servers may drop (<user>, <role>, <spamfilter>) -------------------------------

def send_to_operator(client, packet, operators, last_protocol, safe_to_repeat=False, **wording):
    """``client.send`` with a clear message when the server does not offer ``operators`` (such as ``('user', 'role')``).

    A server without them refuses the whole packet: as a parse error (its schema lacks them) or 1017. A parse error
    that names an element inside them is about a value sent, not about the operators, and is raised as it is.
    ``wording`` goes to ``operator_refused``.
    """
    try:
        return client.send(packet, safe_to_repeat=safe_to_repeat)
    except ApiError as error:
        value_refused = re.search(r"Element '(?!(?:packet|%s)')[^']+'" % '|'.join(operators), error.text or '')
        if error.code == NOT_SUPPORTED or (error.code == PARSE_ERROR and not value_refused):
            raise operator_refused(client, error, operators, last_protocol, **wording) from None
        raise


def operator_refused(client, error, operators, last_protocol, documented=None,
                     pinned='The server refused the packet at the pinned protocol %s.'):
    """The ``ApiError`` that says the server does not accept ``operators``, documented up to ``last_protocol``.

    At a pinned protocol up to ``last_protocol`` it adds ``pinned`` (with the pinned version); otherwise that Plesk
    documents ``documented`` (default: the operators, as ``<user>/<role>``) only up to ``last_protocol`` and how to pin it.
    """
    shown = '/'.join('<%s>' % operator for operator in operators)
    # A prefix (1.6) gets the newest version under it, which may be past the last one with the operators.
    meant = newest_meant(client.version)
    if meant is not None and meant <= version_tuple(last_protocol):
        hint = pinned % client.version
    else:
        hint = ('Plesk documents %s only up to protocol %s and newer servers drop it; pin '
                'plesk_api_version: "%s" (or PLESK_API_VERSION) to use it.' % (documented or shown, last_protocol, last_protocol))
    return ApiError('This Plesk server does not accept the %s operator%s (error %s: %s). %s'
                    % (shown, 's' if len(operators) > 1 else '', error.code, error.text, hint), url=error.url,
                    status=error.status, code=error.code, text=error.text, operation=error.operation)


_WHOLE_NUMBER = re.compile(r'-?[0-9]{1,18}')


def listed_int(element, path, what):
    """The whole number at ``path`` below ``element``: None when absent or empty, a GarbledAnswerError when not a number."""
    text = element.findtext(path)
    if text is None or not text.strip():
        return None
    if not _WHOLE_NUMBER.fullmatch(text.strip()):
        raise GarbledAnswerError('%s answered %s %r, which is not a whole number; nothing was changed.'
                                 % (PANEL, what, text[:60]))
    return int(text.strip())


def listed_element(element, path, what):
    """The element at ``path`` below ``element``; a GarbledAnswerError when the answer lacks it."""
    found = element.find(path)
    if found is None:
        raise GarbledAnswerError('%s answered %s without <%s>; nothing was changed.' % (PANEL, what, path))
    return found


class Result:
    """One ``result`` element: its status, error code and text, and the element itself."""

    def __init__(self, element):
        self.element = element
        self.ok = element.findtext('status') == 'ok'
        code = (element.findtext('errcode') or '').strip()
        self.code = int(code) if _WHOLE_NUMBER.fullmatch(code) else None
        self.text = element.findtext('errtext')

    @property
    def not_found(self):
        return not self.ok and self.code == OBJECT_NOT_FOUND


def child(parent, tag, text=None, what=None):
    """Append an element; text goes in as a text node, so & < > and quotes need no escaping.

    ``what`` names the value in a refusal when the tag alone would not tell the user which option it is.
    """
    element = _xml.etree.SubElement(parent, tag)
    if text is not None:
        element.text = xml_text(text, what or tag)
    return element


def xml_text(value, what):
    if isinstance(value, bool):
        return 'true' if value else 'false'
    text = str(value)
    # XML 1.0 cannot carry most control characters; say so before anything is sent.
    for char in text:
        code = ord(char)
        if (code < 0x20 and char not in '\t\n\r') or 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF):
            raise OptionError('The value for %s contains the character U+%04X, which XML cannot carry.' % (what, code))
    return text


class Packet:
    """A request packet: add operators with ``operator()``, then ``to_bytes()``."""

    def __init__(self, version=None):
        require_lxml()
        self.root = _xml.etree.Element('packet')
        self.version = version
        if version:
            self.root.set('version', version)
        self.operations = []

    def operator(self, name):
        return child(self.root, name)

    def operation(self, operator, name, label=None):
        """Add one operation element; ``label`` names it in errors (default operator/name)."""
        element = child(operator, name)
        self.operations.append(label or '%s/%s' % (operator.tag, name))
        return element

    def to_bytes(self):
        return _xml.etree.tostring(self.root, xml_declaration=True, encoding='UTF-8')


class PleskClient:
    """Sends packets to one Plesk server over an ``HttpClient``."""

    def __init__(self, http, username=None, password=None, secret_key=None, version=None):
        self.http = http
        self.version = version
        version_tuple(version)  # refuse a malformed pin up front
        headers = {'Content-Type': 'text/xml; charset=UTF-8'}
        if secret_key:
            headers['KEY'] = secret_key
        elif username and password:
            headers['HTTP_AUTH_LOGIN'] = username
            headers['HTTP_AUTH_PASSWD'] = password
        else:
            raise OptionError('Plesk needs either plesk_secret_key, or plesk_username and plesk_password '
                              '(options, or the PLESK_SECRET_KEY / PLESK_USERNAME / PLESK_PASSWORD environment variables).')
        self._headers = headers

    def packet(self):
        return Packet(self.version)

    def send(self, packet, safe_to_repeat=False):
        """Send ``packet``; return, per operation in order, the list of its ``Result``s.

        Raises ``AuthenticationError`` or ``ApiError`` for a packet-level (system) error.
        """
        response = self.http.post(AGENT_PATH, packet.to_bytes(), headers=self._headers, safe_to_repeat=safe_to_repeat,
                                  accept_statuses=(404,))
        url = self.http.redact(self.http.url_for(AGENT_PATH))
        if response.status == 404:
            # Plesk always serves agent.php: a 404 means another web server (or site) answers at this URL.
            raise self.http.not_the_api(response, 'plesk_url', 'Plesk XML API', AGENT_PATH,
                                        'Check that plesk_url names the Plesk server and its panel port (8443 by default).')
        try:
            root = parse_xml(response.body, url=url)
        except XmlParseError as exc:
            # lxml's message may quote names from the answer, and an answer may echo the request.
            raise XmlParseError(self.http.redact(exc.message), url=url) from None
        if root.tag != 'packet':
            raise GarbledAnswerError(self.http.redact('The answer of %s is not a Plesk packet (root element <%.60s>).'
                                                      % (url, root.tag)), url=url)
        system = root.find('system')
        if system is not None:
            self._raise_system_error(Result(system), url, response.status, packet)
        answers = []
        operations = [op for operator in root for op in operator]
        if len(operations) != len(packet.operations):
            raise GarbledAnswerError('%s answered %d operations to a packet of %d (%s).'
                                     % (url, len(operations), len(packet.operations), ', '.join(packet.operations)), url=url)
        for operation in operations:
            # update answers one level deeper: update/add|remove|set/result.
            results = operation.findall('result') or operation.findall('*/result')
            answers.append([Result(element) for element in results])
        return answers

    def _raise_system_error(self, result, url, status, packet):
        text = self.http.redact(result.text)
        if result.code in _AUTH_ERRORS:
            raise AuthenticationError('%s refused the request: %s (Plesk error %s: %s).'
                                      % (url, _AUTH_ERRORS[result.code], result.code, text), url=url, status=status,
                                      code=result.code)
        hint = ''
        if result.code == VERSION_NOT_SUPPORTED:
            hint = ' The server does not support protocol %s; pin another plesk_api_version or leave it unset.' % self.version
        elif result.code == PARSE_ERROR:
            hint = (' The server could not parse the packet (%s); it may not know these elements at protocol %s.'
                    % (', '.join(packet.operations), self.version or 'its newest'))
        error = self.http.api_error(PANEL, result.code, result.text, operation=', '.join(packet.operations),
                                    status=status, path=AGENT_PATH)
        raise ApiError(error.message + hint, url=error.url, status=status, code=result.code, text=error.text,
                       operation=error.operation)

    def error_for(self, result, operation):
        """An ``ApiError`` for a failed ``result`` of ``operation``."""
        return self.http.api_error(PANEL, result.code, result.text, operation=operation, status=200, path=AGENT_PATH)

    def single(self, results, operation, allow_missing=False):
        """The one result of an operation that must have one; None for a missing object if allowed."""
        if not results:
            if allow_missing:
                return None
            raise GarbledAnswerError('%s answered no result for %s.' % (PANEL, operation))
        result = results[0]
        if result.ok:
            return result
        if allow_missing and result.not_found:
            return None
        raise self.error_for(result, operation)

    def add_site_check(self, packet, site_id):
        """Add ``site/get`` and ``webspace/get`` by id to ``packet``: which domain ``site_id`` is, read with the rest.

        An add-on site answers the first, a subscription's main domain the second (its webspace id is its site id).
        Pass their two answers to ``require_site``.
        """
        for operator in ('site', 'webspace'):
            get = packet.operation(packet.operator(operator), 'get')
            child(child(get, 'filter'), 'id', site_id)
            child(child(get, 'dataset'), 'gen_info')

    def require_site(self, answers, site_id, domain):
        """Raise unless the answers of ``add_site_check`` show that ``site_id`` is the site of ``domain``.

        This guards every write that names a site by id: a wrong id would act on another domain's mail.
        """
        names = []
        for operator, results in zip(('site', 'webspace'), answers):
            for result in results:
                if result.ok:
                    names += [result.element.findtext('data/gen_info/%s' % tag) for tag in ('name', 'ascii-name')]
                elif not result.not_found:
                    raise self.error_for(result, '%s/get' % operator)
        names = [name for name in names if name]
        if not names:
            raise PanelError('Plesk has no site with site_id %d (looked up with site/get and webspace/get); nothing was '
                             'changed. Leave site_id out to look %s up by its name.' % (site_id, domain))
        if domain not in {listed_domain(name) for name in names}:
            raise OptionError('site_id %d is the site %s, not %s; nothing was changed. Leave site_id out to look %s up by '
                              'its name, or give its own id.' % (site_id, listed_domain(names[0]), domain, domain))

    def site_id(self, domain, operators=('site', 'webspace')):
        """The site id of ``domain`` (an add-on site or a subscription's main domain), or None.

        ``<site><get>`` finds add-on sites; a subscription's main domain answers 1013 there, or no
        result at all on some servers, and is found by ``<webspace><get>``. Both go in one packet.
        ``operators=('webspace',)`` finds subscriptions only.
        """
        packet = self.packet()
        for operator in operators:
            get = packet.operation(packet.operator(operator), 'get')
            child(child(get, 'filter'), 'name', domain)
            child(child(get, 'dataset'), 'gen_info')
        for operator, results in zip(operators, self.send(packet, safe_to_repeat=True)):
            for result in results:
                site_id = listed_int(result.element, 'id', 'the id of %s' % domain) if result.ok else None
                if site_id is not None:
                    return site_id
                if not result.ok and not result.not_found:
                    raise self.error_for(result, '%s/get' % operator)
        return None


def idna_domain(domain, option='domain'):
    """The normalised Unicode form (Plesk filters take the UTF-8 name); see ``_values.normalize_domain``."""
    return normalize_domain(domain, option)


def listed_domain(name):
    """A domain name Plesk answered, normalised for comparing where it can be; as written otherwise."""
    encoded = ascii_domain(name)
    return normalize_domain(encoded, 'name') if encoded else (name or '').strip().rstrip('.').lower()
