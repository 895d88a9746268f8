# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is PRIVATE to the hosting.mail collection. It may change at any time.

"""A BrainyCP panel's mail, as the data of the mail_provisioning role.

The API lists neither hosting users (``hostacc`` answers in a shape no source shows) nor domains, nor the state of SPF
and DKIM: the hosting users are named by the caller, each user's mailboxes and forwards are read with one
``getlistmail`` and one ``getforwardmail``, and a user's domains are those its addresses are in.
"""

from __future__ import annotations

from ansible_collections.hosting.mail.plugins.module_utils._brainycp import address_domain, domain_key
from ansible_collections.hosting.mail.plugins.module_utils._errors import PanelError
from ansible_collections.hosting.mail.plugins.module_utils._export import password_comment
from ansible_collections.hosting.mail.plugins.module_utils._values import format_megabytes

NOTES = ('BrainyCP: SPF and DKIM cannot be read through the API, so no spf or dkim is exported (the role then leaves',
         'them alone). A domain in which the hosting users have no mailbox and no forward is not seen.')


def read_user(client, panel_user):
    """``(mailboxes, forwards)`` of one hosting user (None: the API account's own), as ``BrainyClient`` lists them."""
    acting = client.acting_for(panel_user)
    return acting.mailboxes(), acting.forwards()


def _local(address):
    return address.rpartition('@')[0]


def user_domains(panel_user, mailboxes, forwards):
    """domain -> entry of the role's data for one hosting user's addresses, mailboxes and forwards sorted by name."""
    domains = {}

    def domain(address):
        name = address_domain(address)
        entry = domains.setdefault(domain_key(name), {'name': name})
        if panel_user:
            entry['panel_user'] = panel_user
        return entry

    for address in sorted(mailboxes):
        account = {'name': _local(address), '#password': password_comment()}
        if mailboxes[address] is not None:
            account['quota'] = format_megabytes(mailboxes[address])
        domain(address).setdefault('accounts', []).append(account)
    for source in sorted(forwards):
        forward = {'source': _local(source), 'targets': sorted(forwards[source]['targets'])}
        if forwards[source]['save_local'] is not None:
            forward['save_local'] = forwards[source]['save_local']
        domain(source).setdefault('forwards', []).append(forward)
    for entry in domains.values():
        entry.setdefault('accounts', [])
        # accounts before forwards, as a person writes them
        if 'forwards' in entry:
            entry['forwards'] = entry.pop('forwards')
    return domains


def export(client, panel_users, progress=None):
    """``(data, counts)``: the role's variables for the hosting users ``panel_users`` (None: the API account's own)."""
    domains = {}
    counts = {'hosting_users': 0, 'domains': 0, 'accounts': 0, 'forwards': 0}
    for panel_user in panel_users:
        if progress:
            progress(panel_user)
        mailboxes, forwards = read_user(client, panel_user)
        counts['hosting_users'] += 1
        counts['accounts'] += len(mailboxes)
        counts['forwards'] += len(forwards)
        for key, entry in user_domains(panel_user, mailboxes, forwards).items():
            if key in domains:
                raise PanelError('The domain %s has addresses under two hosting users (%s and %s); the role takes a '
                                 'domain once, under one user. Nothing was exported.'
                                 % (entry['name'], domains[key].get('panel_user') or '(the API account)',
                                    panel_user or '(the API account)'))
            domains[key] = entry
    counts['domains'] = len(domains)
    data = {'mail_provisioning_panel': 'brainycp',
            'mail_provisioning_domains': [domains[key] for key in sorted(domains)]}
    return data, counts
