# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The <site> and <webspace> operators, ``get`` only: how clients find the site-id of a domain.

Their difference matters to clients and is kept: ``site get`` knows only add-on sites (an empty
filter lists only those, and the name of a subscription's main domain is "Site does not exist"),
while ``webspace get`` knows only subscriptions, whose id is also their main domain's site-id.
"""

from __future__ import annotations

from .protocol import NOT_FOUND, Operation, ResultError, add, children, collapsed_text, error_result, ok_result, required_child


def _as_int(value):
    try:
        return int(value)
    except ValueError:
        return None


class Lookup:
    """How one filter element finds domains; ``names_one`` filters (id, name, guid) answer 1013 on a miss."""

    def __init__(self, find, names_one=False):
        self.find = find
        self.names_one = names_one


NO_MATCH = Lookup(lambda panel, value: [])


def _site_gen_info(data, site):
    gen_info = add(data, 'gen_info')
    add(gen_info, 'cr_date', site.created)
    add(gen_info, 'name', site.name)
    add(gen_info, 'ascii-name', site.ascii_name)
    add(gen_info, 'status', site.status)
    add(gen_info, 'real_size', 0)
    if site.dns_ip_address:
        add(gen_info, 'dns_ip_address', site.dns_ip_address)
    add(gen_info, 'htype', site.htype)
    add(gen_info, 'guid', site.guid)
    add(gen_info, 'webspace-guid', site.webspace.guid)
    add(gen_info, 'webspace-id', site.webspace.id)
    if site.description:
        add(gen_info, 'description', site.description)


def _main_domain_gen_info(data, webspace):
    """A subscription's main domain as <site><get> lists it under site_listing=all: its own site."""
    gen_info = add(data, 'gen_info')
    add(gen_info, 'cr_date', webspace.created)
    add(gen_info, 'name', webspace.name)
    add(gen_info, 'ascii-name', webspace.ascii_name)
    add(gen_info, 'status', webspace.status)
    add(gen_info, 'real_size', 0)
    if webspace.dns_ip_address:
        add(gen_info, 'dns_ip_address', webspace.dns_ip_address)
    add(gen_info, 'htype', webspace.htype)
    add(gen_info, 'guid', webspace.guid)
    add(gen_info, 'webspace-guid', webspace.guid)
    add(gen_info, 'webspace-id', webspace.id)


def _webspace_gen_info(data, webspace):
    gen_info = add(data, 'gen_info')
    add(gen_info, 'cr_date', webspace.created)
    add(gen_info, 'name', webspace.name)
    add(gen_info, 'ascii-name', webspace.ascii_name)
    add(gen_info, 'status', webspace.status)
    add(gen_info, 'real_size', 0)
    add(gen_info, 'owner-id', webspace.owner_id)
    add(gen_info, 'owner-login', webspace.owner_login)
    if webspace.dns_ip_address:
        add(gen_info, 'dns_ip_address', webspace.dns_ip_address)
    add(gen_info, 'htype', webspace.htype)
    add(gen_info, 'guid', webspace.guid)
    add(gen_info, 'vendor-guid', webspace.vendor_guid)
    add(gen_info, 'external-id', webspace.external_id)
    if webspace.description:
        add(gen_info, 'description', webspace.description)


def _found(response, domain, filter_value, dataset, write_gen_info):
    result = ok_result(response)
    if filter_value is not None:
        add(result, 'filter-id', filter_value)
    add(result, 'id', domain.id)
    data = add(result, 'data')
    # Only gen_info is simulated; other datasets (hosting, stat, prefs, ...) are left out of <data>.
    if 'gen_info' in dataset:
        write_gen_info(data, domain)


def _missing(response, criterion, value, text, echoed):
    result = error_result(response, ResultError(NOT_FOUND, text))
    if echoed is not None:
        add(result, 'filter-id', echoed)
    if criterion == 'id' and (_as_int(value) or 0) > 0:
        add(result, 'id', value)


def _answer_get(call, request, response, lookups, everything, gen_info, missing_text, omit_missing=False):
    """Answer a get: filter (one kind of element, repeated; empty means all) and dataset, both required.

    ``everything(call)`` lists (domain, gen_info writer) pairs for an empty filter.
    """
    dataset = {child.tag for child in children(required_child(request, 'dataset'))}
    criteria = children(required_child(request, 'filter'))
    if not criteria:
        for domain, write_gen_info in everything(call):
            _found(response, domain, None, dataset, write_gen_info)
        return
    for criterion in criteria:
        value = collapsed_text(criterion)
        lookup = lookups.get(criterion.tag, NO_MATCH)
        matches = lookup.find(call.panel, value)
        echoed = value if call.quirks.get('filter_id', 'echo') == 'echo' else None
        for domain in matches:
            _found(response, domain, echoed, dataset, gen_info)
        if not matches and lookup.names_one and not omit_missing:
            _missing(response, criterion.tag, value, missing_text, echoed)


SITE_LOOKUPS = {
    'id': Lookup(lambda panel, value: [site for site in panel.sites() if site.id == _as_int(value)], names_one=True),
    'name': Lookup(lambda panel, value: [site for site in panel.sites() if site.matches_name(value)], names_one=True),
    'guid': Lookup(lambda panel, value: [site for site in panel.sites() if site.guid.lower() == value.lower()], names_one=True),
    'parent-id': Lookup(lambda panel, value: [site for site in panel.sites() if site.webspace.id == _as_int(value)]),
    'parent-name': Lookup(lambda panel, value: [site for site in panel.sites() if site.webspace.matches_name(value)]),
    'parent-guid': Lookup(lambda panel, value: [site for site in panel.sites() if site.webspace.guid.lower() == value.lower()]),
    # parent-site-*: subdomains are not simulated, so nothing ever matches.
}

WEBSPACE_LOOKUPS = {
    'id': Lookup(lambda panel, value: [space for space in panel.webspaces if space.id == _as_int(value)], names_one=True),
    'name': Lookup(lambda panel, value: [space for space in panel.webspaces if space.matches_name(value)], names_one=True),
    'guid': Lookup(lambda panel, value: [space for space in panel.webspaces if space.guid.lower() == value.lower()], names_one=True),
    'external-id': Lookup(lambda panel, value: [space for space in panel.webspaces if space.external_id == value],
                          names_one=True),
    'owner-id': Lookup(lambda panel, value: [space for space in panel.webspaces if space.owner_id == _as_int(value)]),
    'owner-login': Lookup(lambda panel, value: [space for space in panel.webspaces if space.owner_login == value]),
    # owner-guid, owner-external-id: owners are not simulated, so nothing ever matches.
}


def _all_sites(call):
    listed = [(site, _site_gen_info) for site in call.panel.sites()]
    if call.quirks.get('site_listing', 'addons') == 'all':
        listed = [(webspace, _main_domain_gen_info) for webspace in call.panel.webspaces] + listed
    return listed


def site_get(call, request, response):
    _answer_get(call, request, response, SITE_LOOKUPS, _all_sites, _site_gen_info,
                'Site does not exist', omit_missing=call.quirks.get('missing_site', 'error') == 'omit')


def webspace_get(call, request, response):
    _answer_get(call, request, response, WEBSPACE_LOOKUPS,
                lambda call: [(webspace, _webspace_gen_info) for webspace in call.panel.webspaces], _webspace_gen_info,
                'Object not found.')


SITE_OPERATIONS = {'get': Operation(site_get)}
WEBSPACE_OPERATIONS = {'get': Operation(webspace_get)}
