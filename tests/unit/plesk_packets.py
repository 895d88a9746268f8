# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Plesk answer packets for replayed exchanges, and a canonical form to compare request packets."""

from __future__ import annotations

from lxml import etree


def canonical(xml):
    """The C14N form of a packet given as bytes or str, without the whitespace between elements."""
    if isinstance(xml, str):
        xml = xml.encode('utf-8')
    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)
    return etree.tostring(etree.fromstring(xml, parser), method='c14n').decode('utf-8')


def _add(parent, spec):
    """Build children from nested (tag, text_or_children) tuples."""
    for tag, value in spec:
        element = etree.SubElement(parent, tag)
        if isinstance(value, (list, tuple)):
            _add(element, value)
        elif value is not None:
            element.text = str(value)


def answer(*operators):
    """A response packet: answer(('mail', 'get_info', [result, ...]), ...) with results from ok()/error()."""
    packet = etree.Element('packet', version='1.6.9.1')
    for operator, operation, results in operators:
        # 'update/set' answers as <update><set><result>..., like Plesk does.
        op = etree.SubElement(packet, operator)
        for step in operation.split('/'):
            op = etree.SubElement(op, step)
        for result in results:
            _add(op, [('result', result)])
    return etree.tostring(packet, xml_declaration=True, encoding='UTF-8')


def ok(*children):
    return [('status', 'ok')] + list(children)


def error(code, text):
    return [('status', 'error'), ('errcode', code), ('errtext', text)]


def system_error(code, text):
    packet = etree.Element('packet', version='1.6.9.1')
    _add(packet, [('system', error(code, text))])
    return etree.tostring(packet, xml_declaration=True, encoding='UTF-8')


def mailname(local, mail_id, quota=-1, enabled=True, aliases=(), forwarding=None, description=None, antivir='inout'):
    """A get_info mailname as Plesk answers it with every flag set."""
    children = [('id', mail_id), ('name', local), ('mailbox', [('enabled', 'true' if enabled else 'false'),
                                                               ('quota', quota)])]
    forwarding_enabled, addresses = forwarding or (False, [])
    children.append(('forwarding', [('enabled', 'true' if forwarding_enabled else 'false')]
                     + [('address', a) for a in addresses]))
    children += [('alias', alias) for alias in aliases]
    children.append(('autoresponder', [('enabled', 'false')]))
    children += [('password', []), ('antivir', antivir)]
    if description is not None:
        children.append(('description', description))
    return ('mailname', children)
