# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is PRIVATE to the hosting.mail collection. It may change at any time.

"""The connection options every BrainyCP module shares, and the client built from them.

Documented once, in the ``hosting.mail.brainycp`` doc fragment.
"""

from __future__ import annotations

from ansible.module_utils.basic import env_fallback

from ansible_collections.hosting.mail.plugins.module_utils._brainycp import (
    API_PATH,
    DEFAULT_HTTP_PORT,
    DEFAULT_HTTPS_PORT,
    BrainyClient,
)
from ansible_collections.hosting.mail.plugins.module_utils._http import panel_base_url
from ansible_collections.hosting.mail.plugins.module_utils._errors import OptionError
from ansible_collections.hosting.mail.plugins.module_utils._module import http_argument_spec, http_client


def brainycp_argument_spec():
    spec = dict(
        # Not required=True: AnsibleModule's own message would not name BRAINYCP_URL; brainycp_client says it instead.
        brainycp_url=dict(type='str', fallback=(env_fallback, ['BRAINYCP_URL'])),
        brainycp_username=dict(type='str', fallback=(env_fallback, ['BRAINYCP_USERNAME'])),
        brainycp_password=dict(type='str', no_log=True, fallback=(env_fallback, ['BRAINYCP_PASSWORD'])),
        brainycp_http_user=dict(type='str', fallback=(env_fallback, ['BRAINYCP_HTTP_USER'])),
        brainycp_http_password=dict(type='str', no_log=True, fallback=(env_fallback, ['BRAINYCP_HTTP_PASSWORD'])),
        panel_user=dict(type='str', fallback=(env_fallback, ['BRAINYCP_PANEL_USER'])),
    )
    spec.update(http_argument_spec('BRAINYCP'))
    return spec


def brainycp_mailbox_spec():
    """The options of one mailbox: brainy_mailbox's own, and each entry of brainy_mailboxes.

    brainy_mailbox adds the aliases email and name to address; the mail_plan filter takes its BrainyCP account keys
    from here (its accounts name the address name, as on Plesk).
    """
    return dict(
        address=dict(type='str', required=True),
        password=dict(type='str', no_log=True),
        quota=dict(type='str'),
        state=dict(type='str', choices=['present', 'absent'], default='present'),
    )


def brainycp_forward_spec():
    """The options of brainy_forward (the connection options apart); the mail_plan filter takes its BrainyCP forward
    keys from here."""
    return dict(
        source=dict(type='str', required=True),
        targets=dict(type='list', elements='str'),
        save_local=dict(type='bool'),
        state=dict(type='str', choices=['present', 'absent'], default='present'),
    )


def base_url(url):
    """http://host:8002 from 'host'; https://host:8000 from 'https://host'; a trailing /api/api.php is dropped."""
    return panel_base_url(url, 'http', {'http': DEFAULT_HTTP_PORT, 'https': DEFAULT_HTTPS_PORT}, API_PATH)


def brainycp_client(module, extra_secrets=()):
    """A ``BrainyClient`` from the module's connection options; every secret is registered for redaction."""
    params = module.params
    if not params['brainycp_url']:
        raise OptionError('No BrainyCP URL was given: set the brainycp_url option or the BRAINYCP_URL environment '
                          'variable, for example to https://panel.example.com:8000.')
    basic_auth = None
    if params['brainycp_http_user']:
        basic_auth = (params['brainycp_http_user'], params['brainycp_http_password'] or '')
    secrets = [params['brainycp_password'], params['brainycp_http_password']] + [s for s in extra_secrets if s]
    http = http_client(module, base_url(params['brainycp_url']), secrets=secrets, basic_auth=basic_auth,
                       url_option='brainycp_url', url_example='https://panel.example.com:8000')
    return BrainyClient(http, params['brainycp_username'], params['brainycp_password'], panel_user=params['panel_user'])
