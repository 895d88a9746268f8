# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Plesk XML API basics the simulator shares: protocol versions, error codes, packet parsing and building.

Packets are always built as lxml element trees, never from strings, so values are escaped by lxml.
"""

from __future__ import annotations

from lxml import etree

SUPPORTED_VERSIONS = ('1.6.6.0', '1.6.7.0', '1.6.8.0', '1.6.9.0', '1.6.9.1')
NEWEST_VERSION = SUPPORTED_VERSIONS[-1]

# Error codes from the Plesk docs "Reduced List of Error Codes".
AUTHENTICATION_FAILED = 1001
USER_EXISTS = 1002
VERSION_NOT_SUPPORTED = 1005
PERMISSION_DENIED = 1006
ALREADY_EXISTS = 1007
NOT_FOUND = 1013
PARSE_ERROR = 1014
OWNER_NOT_FOUND = 1015
NOT_SUPPORTED = 1017
INVALID_VALUE = 1019
SECRET_KEY_INVALID = 11003


class PleskError(Exception):
    """An error Plesk reports as an errcode and an errtext."""

    def __init__(self, code, text):
        super().__init__('%d: %s' % (code, text))
        self.code = code
        self.text = text


class PacketError(PleskError):
    """Fails the whole packet: answered as a system error, without any operator element."""


class ResultError(PleskError):
    """Fails one item of an operation: answered as a <result> with status error."""


def invalid(text):
    """The 1019 a panel answers for a value it refuses."""
    return ResultError(INVALID_VALUE, 'Invalid value: %s' % text)


def not_expected(element):
    """The 1014 of a schema that does not know ``element`` there, worded as lxml words it."""
    return PacketError(PARSE_ERROR, "Parser error: Request is invalid. Error in line %d: Element '%s': This element is not expected."
                       % (element.sourceline or 1, element.tag))


class Call:
    """What an operation handler works with: the panel, the packet's protocol version and the quirks."""

    def __init__(self, panel, version, quirks):
        self.panel = panel
        self.version = version
        self.quirks = quirks

    def at_least(self, version):
        return version_key(self.version) >= version_key(version)


class Operation:
    """An operation the simulator supports; ``handler(call, request_element, response_element)`` answers it.

    ``writes`` marks operations that change the panel (for the request log). With ``by_child`` the
    operation is named after its child too, as in ``mail/update/set``.
    """

    def __init__(self, handler, writes=False, by_child=False):
        self.handler = handler
        self.writes = writes
        self.by_child = by_child


def version_key(version):
    return tuple(int(part) for part in version.split('.'))


def select_version(requested):
    """The protocol version that answers a packet, or None when it is not supported.

    No version means the newest; a prefix such as ``1.6`` or ``1.6.7`` picks the newest that matches.
    """
    if requested is None:
        return NEWEST_VERSION
    requested = requested.strip()
    for version in reversed(SUPPORTED_VERSIONS):
        if version == requested or version.startswith(requested + '.'):
            return version
    return None


def _hardened_parser():
    # A new parser per call: lxml parsers must not be shared between threads.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False)


def parse_xml(body):
    """Parse a packet without entities, DTDs or network access; a PacketError (1014) when it is not plain XML."""
    try:
        root = etree.fromstring(body, _hardened_parser())
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise PacketError(PARSE_ERROR, 'Parser error: Request is invalid. %s' % exc) from None
    if root is None:
        raise PacketError(PARSE_ERROR, 'Parser error: Request is invalid. The document is empty.')
    if root.getroottree().docinfo.internalDTD is not None:
        raise PacketError(PARSE_ERROR, 'Parser error: Request is invalid. A DOCTYPE is not allowed.')
    return root


def children(element):
    """The child elements, skipping comments and processing instructions."""
    return [child for child in element if isinstance(child.tag, str)]


def required_child(element, tag):
    """The child ``tag``; its absence fails the packet, as the schema would."""
    child = element.find(tag) if element is not None else None
    if child is None:
        raise PacketError(PARSE_ERROR, "Parser error: Request is invalid. Element '%s' is missing." % tag)
    return child


def collapsed_text(element):
    """The element's text with whitespace collapsed, as the XSD type ``string`` reads it."""
    return ' '.join((element.text or '').split())


def raw_text(element):
    """The element's text as sent, for free text (passwords, names) that must round-trip exactly."""
    return element.text or ''


def read_int(element):
    try:
        return int(collapsed_text(element))
    except ValueError:
        raise PacketError(PARSE_ERROR, "Parser error: Request is invalid. Element '%s': '%s' is not an integer."
                          % (element.tag, element.text)) from None


def read_bool(element):
    value = collapsed_text(element)
    if value in ('true', '1'):
        return True
    if value in ('false', '0'):
        return False
    raise PacketError(PARSE_ERROR, "Parser error: Request is invalid. Element '%s': '%s' is not a boolean."
                      % (element.tag, element.text))


def add(parent, tag, value=None):
    """Append the element ``tag`` to ``parent``; booleans become true/false, other values text."""
    element = etree.SubElement(parent, tag)
    if isinstance(value, bool):
        element.text = 'true' if value else 'false'
    elif value is not None:
        element.text = str(value)
    return element


def new_packet(version):
    return etree.Element('packet', version=version)


def ok_result(parent):
    result = add(parent, 'result')
    add(result, 'status', 'ok')
    return result


def error_result(parent, error):
    result = add(parent, 'result')
    add(result, 'status', 'error')
    add(result, 'errcode', error.code)
    add(result, 'errtext', error.text)
    return result


def system_error_packet(version, error):
    packet = new_packet(version)
    system = add(packet, 'system')
    add(system, 'status', 'error')
    add(system, 'errcode', error.code)
    add(system, 'errtext', error.text)
    return packet


XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'  # with double quotes, as Plesk writes it


def serialize(packet, pretty=False):
    return XML_DECLARATION + etree.tostring(packet, encoding='UTF-8', pretty_print=pretty)
