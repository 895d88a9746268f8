# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is PRIVATE to the hosting.mail collection. It may change at any time.

"""Where the clients meet ``AnsibleModule``: shared HTTP options in, typed errors out.

Nothing else in ``module_utils`` imports ``AnsibleModule``; modules call ``run_module`` and let it
turn any ``PanelError`` into ``fail_json``.
"""

from __future__ import annotations

from ansible.module_utils.basic import env_fallback, missing_required_lib

from ansible_collections.hosting.mail.plugins.module_utils import _http, _xml
from ansible_collections.hosting.mail.plugins.module_utils._errors import MissingLibraryError, PanelError
from ansible_collections.hosting.mail.plugins.module_utils._outcomes import forget_write_count, settle_failed_writes

# Looked up at call time, so that tests can take a library away.
_LIBRARIES = {
    'requests': lambda: (_http.HAS_REQUESTS, _http.REQUESTS_IMPORT_ERROR),
    'lxml': lambda: (_xml.HAS_LXML, _xml.LXML_IMPORT_ERROR),
}


def http_argument_spec(env_prefix):
    """The transport options every module of a panel API shares, with ``<PREFIX>_*`` environment fallbacks."""
    return dict(
        validate_certs=dict(type='bool', default=True, fallback=(env_fallback, [env_prefix + '_VALIDATE_CERTS'])),
        ca_path=dict(type='path', fallback=(env_fallback, [env_prefix + '_CA_PATH'])),
        timeout=dict(type='int', default=_http.DEFAULT_TIMEOUT, fallback=(env_fallback, [env_prefix + '_TIMEOUT'])),
    )


_PURPOSES = {
    'requests': 'to talk to the panel over HTTP',
    'lxml': 'to build and read Plesk XML packets',
}


def fail_missing_library(module, library, import_error):
    reason = '%s; install it with: pip install %s' % (_PURPOSES.get(library, 'by this module'), library)
    module.fail_json(msg=missing_required_lib(library, reason=reason), exception=import_error)


def require_libraries(module, libraries):
    for library in libraries:
        present, import_error = _LIBRARIES[library]()
        if not present:
            fail_missing_library(module, library, import_error)


def http_client(module, base_url, secrets=(), basic_auth=None, **kwargs):
    """An ``HttpClient`` built from the module's shared HTTP options; its warnings go to the user."""
    client = _http.HttpClient(
        base_url,
        validate_certs=module.params['validate_certs'],
        ca_path=module.params['ca_path'],
        timeout=module.params['timeout'],
        secrets=secrets,
        basic_auth=basic_auth,
        debug=module.debug,
        **kwargs
    )
    # A safety net behind the clients' own redaction: Ansible masks these in everything the module returns, so a
    # text from the network that a message quotes unredacted still shows no secret in any of its wire forms.
    # Forms of three characters or fewer are left out: masked everywhere they would garble every message.
    module.no_log_values.update(needle for needle in client.redact.needles if len(needle) > 3)
    for warning in client.warnings:
        module.warn(warning)
    return client


def run_module(module, work, libraries=('requests',)):
    """Call ``work(result)`` and exit with ``result``; the one place errors become ``fail_json``.

    ``work`` fills the ``result`` dict as it goes (``changed`` first of all), so a failure half-way
    still tells the user what was already done.
    """
    require_libraries(module, libraries)
    result = dict(changed=False)
    try:
        work(result)
    except MissingLibraryError as error:
        fail_missing_library(module, error.library, error.import_error)
    except PanelError as error:
        settle_failed_writes(result)
        # No traceback: the message says all, and a chained exception could quote a URL or a body.
        module.fail_json(msg=error.message, error=error.to_result(), **result)
    forget_write_count(result)
    module.exit_json(**result)
