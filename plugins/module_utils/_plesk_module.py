# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is PRIVATE to the hosting.mail collection. It may change at any time.

"""The connection options every Plesk module shares, and the client built from them.

Documented once, in the ``hosting.mail.plesk`` doc fragment.
"""

from __future__ import annotations

from ansible.module_utils.basic import env_fallback

from ansible_collections.hosting.mail.plugins.module_utils._http import panel_base_url
from ansible_collections.hosting.mail.plugins.module_utils._errors import OptionError
from ansible_collections.hosting.mail.plugins.module_utils._module import http_argument_spec, http_client
from ansible_collections.hosting.mail.plugins.module_utils._plesk import AGENT_PATH, DEFAULT_PORT, PleskClient
from ansible_collections.hosting.mail.plugins.module_utils._plesk_user import CONTACT_FIELDS


def plesk_argument_spec():
    spec = dict(
        # Not required=True: AnsibleModule's own message would not name PLESK_URL; plesk_client says it instead.
        plesk_url=dict(type='str', fallback=(env_fallback, ['PLESK_URL'])),
        plesk_username=dict(type='str', fallback=(env_fallback, ['PLESK_USERNAME'])),
        plesk_password=dict(type='str', no_log=True, fallback=(env_fallback, ['PLESK_PASSWORD'])),
        plesk_secret_key=dict(type='str', no_log=True, fallback=(env_fallback, ['PLESK_SECRET_KEY'])),
        plesk_api_version=dict(type='str', fallback=(env_fallback, ['PLESK_API_VERSION'])),
    )
    spec.update(http_argument_spec('PLESK'))
    return spec


def base_url(url):
    """https://host:8443 from 'host', 'https://host' or a full agent.php URL (plain http keeps its own port)."""
    return panel_base_url(url, 'https', {'https': DEFAULT_PORT}, AGENT_PATH)


def plesk_client(module, extra_secrets=()):
    """A ``PleskClient`` from the module's connection options; every secret is registered for redaction."""
    params = module.params
    if not params['plesk_url']:
        raise OptionError('No Plesk URL was given: set the plesk_url option or the PLESK_URL environment variable, '
                          'for example to https://plesk.example.com:8443.')
    secrets = [params['plesk_password'], params['plesk_secret_key']] + [s for s in extra_secrets if s]
    http = http_client(module, base_url(params['plesk_url']), secrets=secrets, url_option='plesk_url',
                       url_example='https://plesk.example.com:8443')
    return PleskClient(http, username=params['plesk_username'], password=params['plesk_password'],
                       secret_key=params['plesk_secret_key'], version=params['plesk_api_version'])


def mail_account_spec():
    """The options of one mail account: plesk_mail's own, and (with a name and a state) each entry of plesk_mail_accounts."""
    return dict(
        mailbox=dict(type='bool'),
        quota=dict(type='str'),
        password=dict(type='str', no_log=True),
        password_type=dict(type='str', choices=['plain', 'crypt'], default='plain', no_log=False),
        update_password=dict(type='str', choices=['on_create', 'always'], default='on_create', no_log=False),
        cp_access=dict(type='bool'),
        update_cp_access=dict(type='str', choices=['on_create', 'always'], default='on_create'),
        aliases=dict(type='list', elements='str'),
        forwarding=dict(type='dict', options=dict(
            enabled=dict(type='bool'),
            addresses=dict(type='list', elements='str'),
        )),
        autoresponder=dict(type='dict', options=dict(
            enabled=dict(type='bool'),
            subject=dict(type='str'),
            text=dict(type='str'),
            content_type=dict(type='str', choices=['text/plain', 'text/html']),
            charset=dict(type='str'),
            forward_to=dict(type='str'),
            end_date=dict(type='str'),
        )),
        antivirus=dict(type='str', choices=['off', 'inout', 'in', 'out']),
        outgoing_messages_limit=dict(type='str'),
        description=dict(type='str'),
    )


def mail_account_entry_spec():
    """The options of each entry of plesk_mail_accounts: one mail account, with its name and state.

    The mail_plan filter takes its account keys from here too.
    """
    spec = mail_account_spec()
    spec.update(name=dict(type='str', required=True),
                state=dict(type='str', choices=['present', 'absent'], default='present'))
    return spec


def mail_domain_spec():
    """The settings options of plesk_mail_domain; the mail_plan filter takes its domain setting keys from here too."""
    return dict(
        mail_service=dict(type='bool'),
        unknown_recipient=dict(type='dict', options=dict(
            action=dict(type='str', choices=['bounce', 'forward', 'reject'], required=True),
            text=dict(type='str'),
            address=dict(type='str'),
        )),
        webmail=dict(type='str'),
        greylisting=dict(type='bool'),
        signing=dict(type='bool'),
    )


def dns_auth_spec():
    """The record and signing options of plesk_dns_auth; the mail_plan filter takes its domain keys from here too."""
    def record():
        return dict(type='dict', options=dict(
            state=dict(type='str', choices=['present', 'absent'], default='present'),
            value=dict(type='str'),
        ))
    return dict(spf=record(), dmarc=record(), dkim=dict(type='str', choices=['enabled', 'disabled']))


def spam_filter_spec():
    """The options of plesk_spamfilter (the mailbox apart); the mail_plan filter takes its spam_filter keys from here."""
    return dict(
        enabled=dict(type='bool'),
        required_score=dict(type='str'),
        action=dict(type='str', choices=['mark', 'move', 'delete']),
        rewrite_header=dict(type='str'),
        allow=dict(type='list', elements='str'),
        block=dict(type='list', elements='str'),
        append=dict(type='bool', default=False),
    )


def user_spec():
    """The options of plesk_user (the connection options apart); the mail_plan filter takes its user keys from here."""
    return dict(
        login=dict(type='str', required=True),
        state=dict(type='str', choices=['present', 'absent'], default='present'),
        password=dict(type='str', no_log=True),
        update_password=dict(type='str', choices=['on_create', 'always'], default='on_create', no_log=False),
        name=dict(type='str'),
        email=dict(type='str'),
        contact=dict(type='dict', options={field: dict(type='str') for field in CONTACT_FIELDS}),
        status=dict(type='str', choices=['enabled', 'disabled']),
        role=dict(type='str'),
        owner_guid=dict(type='str'),
        owner_external_id=dict(type='str'),
        subscription=dict(type='str'),
        external_id=dict(type='str'),
    )
