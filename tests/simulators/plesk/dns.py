# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The <dns> operator: add_rec, get_rec, del_rec (the records of a domain's zone, or of the server template) and get.

add_rec takes one record (with a site-id, or without: the server template) and answers exactly one
result with the new id. get_rec and del_rec take a filter of one kind: site-id*, id*, site-alias-id*
(aliases are not simulated: nothing matches) or dns-zone-name*; an empty filter means every record of
every zone. del_rec by site-id or with an empty filter DELETES EVERY RECORD of those zones, as the
filter reads: the danger is simulated, not refused. Results come per record, in filter order.

Quirks: ``dns_host_format`` (how get_rec answers hosts), ``dns_duplicate``, ``dns_no_zone``,
``dns_del_unknown``.
"""

from __future__ import annotations

from .protocol import (
    NOT_FOUND,
    Operation,
    ResultError,
    add,
    children,
    collapsed_text,
    error_result,
    ok_result,
    read_int,
    required_child,
)
from .state import TEMPLATE_DOMAIN

XSI_NIL = '{http://www.w3.org/2001/XMLSchema-instance}nil'
# What a zone's SOA answers: Plesk's defaults for a new zone, in seconds.
SOA_DEFAULTS = (('ttl', 86400), ('refresh', 10800), ('retry', 3600), ('expire', 604800), ('minimum', 10800))


def answer_host(host, zone_name, host_format):
    """A stored (relative) host as get_rec answers it: ``fqdn-dot`` (docs), ``fqdn`` or ``relative``."""
    if host_format == 'relative':
        return host
    full = '%s.%s' % (host, zone_name) if host else zone_name
    return full + '.' if host_format == 'fqdn-dot' else full


def _text(element):
    """The text of a nillable string element (xsi:nil or empty: '')."""
    if element is None or element.get(XSI_NIL) in ('true', '1'):
        return ''
    return collapsed_text(element)


def _zone_missing():
    return ResultError(NOT_FOUND, 'DNS zone does not exist')


def _site_missing(site_id):
    return ResultError(NOT_FOUND, 'Site with id %s does not exist' % site_id)


def _record_missing():
    return ResultError(NOT_FOUND, 'DNS record does not exist')


# --- add_rec ------------------------------------------------------------------------------------------

def add_rec(call, request, response):
    """(site-id | site-alias-id)?, type, host, value, opt?: exactly one result, with the new record's id."""
    site_id = request.find('site-id')
    try:
        if request.find('site-alias-id') is not None:
            raise ResultError(NOT_FOUND, 'Site alias with id %s does not exist' % collapsed_text(request.find('site-alias-id')))
        record = {'type': collapsed_text(required_child(request, 'type')), 'host': _text(required_child(request, 'host')),
                  'value': collapsed_text(required_child(request, 'value')), 'opt': _text(request.find('opt'))}
        created = call.panel.add_dns_record(read_int(site_id) if site_id is not None else None, record,
                                            call.quirks.get('dns_duplicate', 'accept'))
    except ResultError as error:
        error_result(response, error)
    else:
        add(ok_result(response), 'id', created['id'])


# --- get_rec and del_rec: what a filter selects ---------------------------------------------------

def _select(call, request, on_missing_zone):
    """What the filter names, in filter order: ``(kind, value, item)``, the item a ``(domain or None, record)``
    pair or a ResultError. An empty filter selects every record of every zone (with <template/>: of the template).

    ``on_missing_zone``: what a site without a zone gives, an error (1013) or nothing.
    """
    selection = children(required_child(request, 'filter'))
    kind = selection[0].tag if selection else None
    panel = call.panel
    template = request.find('template') is not None
    if kind is None or (template and kind != 'id'):
        everything = [(None, record) for record in panel.dns_template] if template else panel.dns_records()
        return [(kind, None, item) for item in everything]
    picked = []
    for value in selection:
        if kind == 'id':
            found = panel.find_dns_record(read_int(value), template)
            picked.append((kind, value, found if found is not None else _record_missing()))
        elif kind in ('site-id', 'dns-zone-name'):
            if kind == 'site-id':
                domain = panel.find_domain(read_int(value))
            else:
                domain = next((known for known in panel.domains() if known.matches_name(collapsed_text(value))), None)
            if domain is None:
                picked.append((kind, value, _site_missing(collapsed_text(value))))
            elif domain.dns['zone'] == 'none':
                if on_missing_zone == 'error':
                    picked.append((kind, value, _zone_missing()))
            else:
                picked.extend((kind, value, (domain, record)) for record in domain.dns['records'])
        # site-alias-id: aliases are not simulated, so nothing matches
    return picked


def _write_record(call, result, domain, record):
    add(result, 'id', record['id'])
    data = add(result, 'data')
    if domain is not None:
        add(data, 'site-id', domain.id)
    add(data, 'type', record['type'])
    zone_name = domain.ascii_name if domain is not None else TEMPLATE_DOMAIN
    add(data, 'host', answer_host(record['host'], zone_name, call.quirks.get('dns_host_format', 'fqdn-dot')))
    add(data, 'value', record['value'])
    add(data, 'opt', record['opt'])


def get_rec(call, request, response):
    """filter (one kind), then template? or include-subdomains?: one result per record; an unknown id gives nothing."""
    for kind, _value, item in _select(call, request, call.quirks.get('dns_no_zone', 'error')):
        if isinstance(item, ResultError):
            if kind != 'id':  # an unknown id: nothing at all, as the docs show
                error_result(response, item)
        else:
            _write_record(call, ok_result(response), *item)


def del_rec(call, request, response):
    """filter (one kind), template?: deletes what the filter selects (by site-id: the whole zone); one result each.

    An unknown id answers nothing, or (quirk ``dns_del_unknown`` error) a 1013 result carrying that id.
    """
    doomed = []
    for kind, value, item in _select(call, request, 'error'):
        if isinstance(item, ResultError):
            if kind != 'id':
                error_result(response, item)
            elif call.quirks.get('dns_del_unknown', 'empty') == 'error':
                add(error_result(response, item), 'id', read_int(value))
        elif all(record['id'] != item[1]['id'] for _domain, record in doomed):  # an id named twice goes once
            doomed.append(item)
            add(ok_result(response), 'id', item[1]['id'])
    call.panel.delete_dns_records(doomed)


# --- get: the zones --------------------------------------------------------------------------------

def get(call, request, response):
    """filter{site-id+ | site-alias-id+}?, soa?: per site ok, site-id, soa (if asked), zone_type, zone_status.

    Without a filter: every domain that has a zone. A site without a zone: 1013 "DNS zone does not exist", no site-id.
    """
    filter_element = request.find('filter')
    with_soa = request.find('soa') is not None
    if filter_element is None:
        wanted = [('site-id', domain.id) for domain in call.panel.domains() if domain.dns['zone'] != 'none']
    else:
        wanted = [(child.tag, read_int(child)) for child in children(filter_element)]
    for kind, object_id in wanted:
        domain = call.panel.find_domain(object_id) if kind == 'site-id' else None
        if kind == 'site-alias-id':
            error_result(response, ResultError(NOT_FOUND, 'Site alias with id %s does not exist' % object_id))
        elif domain is None:
            error_result(response, _site_missing(object_id))
        elif domain.dns['zone'] == 'none':
            error_result(response, _zone_missing())
        else:
            result = ok_result(response)
            add(result, 'site-id', domain.id)
            if with_soa:
                soa = add(result, 'soa')
                for name, value in SOA_DEFAULTS:
                    add(soa, name, value)
            add(result, 'zone_type', 'master')
            add(result, 'zone_status', domain.dns['zone'])
    if not len(response):  # pylint: disable=use-implicit-booleaness-not-len
        ok_result(response)  # no zone at all: the XSD wants a result


OPERATIONS = {
    'add_rec': Operation(add_rec, writes=True),
    'get_rec': Operation(get_rec),
    'del_rec': Operation(del_rec, writes=True),
    'get': Operation(get),
}
