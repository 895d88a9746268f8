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
from ansible_collections.hosting.mail.plugins.module_utils._errors import (
    MissingLibraryError,
    PanelError,
    WriteOutcomeError,
    outcome_unknown,
)

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


# Key in ``result`` under which guarded_write counts the writes done; run_module removes it before exiting.
_WRITES = '_writes_done'

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


def guarded_write(module, result, what, write, holds):
    """Run ``write()``; if its answer is lost, read back with ``holds()`` and say what happened.

    Writes are never repeated blindly. After a reset, a timeout or a garbled answer to a write, ``holds()``
    (a read, retried as reads are) tells whether the panel now holds the change: if so the task goes on with
    a warning; if not, or if that cannot be read either, it fails with a message saying which.

    It also counts the writes that were done, so that a task failing on a refused write reports
    ``changed`` from what happened, not from what was planned (see ``run_module``).
    """
    result.setdefault(_WRITES, 0)
    try:
        outcome = write()
    except PanelError as error:
        if not outcome_unknown(error):
            raise
        lost = error.message
    else:
        result[_WRITES] += 1
        return outcome
    try:
        done = holds()
    except PanelError as again:
        result['write_outcome'] = 'unknown'
        raise WriteOutcomeError('The answer to %s was lost (%s), and reading the panel back failed too (%s). Whether it '
                                'was done is unknown: check the panel, then run the task again.'
                                % (what, lost, again.message), 'unknown') from None
    if not done:
        result['write_outcome'] = 'not_done'
        raise WriteOutcomeError('The answer to %s was lost (%s). Reading the panel back shows it was NOT done; nothing '
                                'was repeated. Run the task again.' % (what, lost), 'not_done')
    result['write_outcome'] = 'done'
    result[_WRITES] += 1
    module.warn('The answer to %s was lost (%s), but reading the panel back shows it was done.' % (what, lost))
    return None


def _settle_failed_writes(result):
    """On failure, make ``changed`` say what happened: planned writes that were refused changed nothing.

    Only tasks that got as far as writing are touched; an outcome that is unknown keeps the plan's
    ``changed`` (the panel may have done it). ``completed_operations`` lists the parts of a packet done.
    """
    writes_done = result.pop(_WRITES, None)
    if writes_done is None or result.get('write_outcome') == 'unknown':
        return
    if writes_done or result.get('completed_operations'):
        result['changed'] = True
    else:
        result['changed'] = False
        if 'changed_fields' in result:
            result['changed_fields'] = []


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
        _settle_failed_writes(result)
        # No traceback: the message says all, and a chained exception could quote a URL or a body.
        module.fail_json(msg=error.message, error=error.to_result(), **result)
    result.pop(_WRITES, None)
    module.exit_json(**result)
