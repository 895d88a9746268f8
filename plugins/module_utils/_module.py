# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is PRIVATE to the hosting.mail collection. It may change at any time.

"""Where the clients meet ``AnsibleModule``: shared HTTP options in, typed errors out; the module class of the bulk modules.

Nothing else in ``module_utils`` imports ``AnsibleModule``; modules call ``run_module`` and let it
turn any ``PanelError`` into ``fail_json``.
"""

from __future__ import annotations

import os
import tempfile

from ansible.module_utils.basic import PASSWORD_MATCH, AnsibleModule, env_fallback, heuristic_log_sanitize, missing_required_lib
from ansible.module_utils.common.warnings import get_deprecation_messages, get_warning_messages

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


# Below this many no_log values, Ansible's own masking at exit is quick enough to be left alone.
_MANY_NO_LOG_VALUES = 200
NO_LOG_PLACEHOLDER = 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'
_MASK = '*' * 8


class _NoLogMask:
    """Ansible's masking of no_log values in a module's result, in one pass per string.

    At exit, ``AnsibleModule`` masks every no_log value in every string of the result, the parameters included (the
    ``invocation``), one ``str.replace`` per value per string: for a bulk task holding thousands of passwords (each in
    a dozen encoded forms, see ``http_client``) that is tens of millions of calls, minutes of a task's time. Here a
    string is a placeholder when it is a value, as there; otherwise each stretch of it that is a value (looked up in a
    set, for each length a value has) is masked, longest first, as there. Then only the values that still occur
    anywhere in the result (normally none) are left for Ansible's own pass.
    """

    def __init__(self, values):
        self.values = {value for value in values if value}
        self.lengths = sorted({len(value) for value in self.values}, reverse=True)
        # Every value starts with one of these: a position where none starts is passed with one lookup.
        self.head = min(self.lengths[-1], 4) if self.lengths else 0
        self.heads = {value[:self.head] for value in self.values}
        self.keys, self.masked = [], []  # what still_shown looks at

    def found(self, text):
        """``(start, value)`` of each stretch of ``text`` that is a value, left to right, the longest at each place."""
        index, end = 0, len(text) - self.head
        while self.values and index <= end:
            if text[index:index + self.head] in self.heads:
                value = next((text[index:index + length] for length in self.lengths
                              if text[index:index + length] in self.values), None)
                if value is not None:
                    yield index, value
                    index += len(value)
                    continue
            index += 1

    def text(self, text):
        if text in self.values:
            return NO_LOG_PLACEHOLDER
        out, start = [], 0
        for index, value in self.found(text):
            out += [text[start:index], _MASK]
            start = index + len(value)
        if not out:
            return text
        masked = ''.join(out + [text[start:]])
        self.masked.append(masked)  # a mask next to what was around it could spell a value anew
        return masked

    def __call__(self, value):
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, bytes):
            return self.text(value.decode('utf-8', errors='surrogateescape')).encode('utf-8', errors='surrogateescape')
        if value is True or value is False or value is None:
            return value
        if isinstance(value, (int, float)):
            text = str(value)
            return NO_LOG_PLACEHOLDER if text in self.values or self.text(text) != text else value
        if isinstance(value, dict):
            self.keys += [key for key in value if not isinstance(key, bool)]  # keys are not masked, here or by Ansible
            return {key: self(item) for key, item in value.items()}
        if isinstance(value, (list, tuple)):
            return [self(item) for item in value]
        if isinstance(value, (set, frozenset)):
            return {self(item) for item in value}
        return value

    def still_shown(self, also=()):
        """The values that may still show after masking: in a dict key, in a masked string, or in the texts ``also``.

        Every other string was found to hold none.
        """
        whole = '\0'.join([str(key) for key in self.keys] + self.masked + list(also))
        shown = {value for value in self.values if '\0' in value}
        for index in range(len(whole) - self.head + 1):
            if whole[index:index + self.head] in self.heads:
                shown.update(whole[index:index + length] for length in self.lengths
                             if whole[index:index + length] in self.values)
        return shown


class BulkModule(AnsibleModule):
    """``AnsibleModule`` for the bulk modules, whose parameters may hold thousands of accounts and passwords.

    ``AnsibleModule`` logs every parameter to the target's syslog (or journal) as one line, masked against every no_log
    value one ``str.replace`` at a time, twice: for a task of ten thousand accounts that is seconds of work for a log
    line no one can read. Here a list is logged as its length; the other parameters as Ansible logs them.
    """

    def _log_invocation(self):
        mask = _NoLogMask(self.no_log_values)
        logged = {}
        for name, value in self.params.items():
            no_log = self.argument_spec.get(self.aliases.get(name, name), {}).get('no_log')
            if no_log is None and PASSWORD_MATCH.search(name):
                # As AnsibleModule does: a password-like option without no_log is neither logged nor let pass quietly.
                logged[name] = 'NOT_LOGGING_PASSWORD'
                self.warn('Module did not set no_log for %s' % name)
            elif self.boolean(no_log):
                logged[name] = 'NOT_LOGGING_PARAMETER'
            elif isinstance(value, list):
                logged[name] = '(a list of %d)' % len(value)
            else:
                logged[name] = mask.text(heuristic_log_sanitize(str(value)))
        self.log('Invoked with %s' % ' '.join('%s=%s' % item for item in logged.items()), log_args=logged)


def lighten_no_log(module, result):
    """Mask ``result`` (with the ``invocation`` Ansible would add) here, and leave Ansible only what still shows."""
    if len(module.no_log_values) < _MANY_NO_LOG_VALUES:
        return result
    mask = _NoLogMask(module.no_log_values)
    result = mask(dict(result, invocation=result.get('invocation', {'module_args': module.params})))
    messages = list(get_warning_messages()) + [str(entry) for entry in get_deprecation_messages()]
    module.no_log_values = mask.still_shown(messages)
    return result


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
        module.fail_json(**lighten_no_log(module, dict(result, msg=error.message, error=error.to_result())))
    forget_write_count(result)
    module.exit_json(**lighten_no_log(module, result))


def export_argument_spec():
    """The options of the export modules that say where the file goes (with the file attributes of add_file_common_args)."""
    return dict(dest=dict(type='path'))


def finish_export(module, result, content, data):
    """Return the export, and write it to ``dest`` if given: only when it differs (``changed``), never in check mode.

    Ansible masks the text of every secret option in what a module returns; an export holding such a text (an address
    or description that contains the API password) would come back garbled, so it is written to ``dest`` only, and
    without ``dest`` the module fails rather than hand out garbled data.
    """
    dest = module.params['dest']
    clashes = [value for value in module.no_log_values if value and value in content]
    if clashes and not dest:
        raise PanelError('The exported data contains the text of a secret option (a password of the connection), which '
                         'Ansible masks in what a module returns, so the data returned would not be what the panel holds. '
                         'Give dest: the file is written as read.')
    if not clashes:
        result['data'] = data
        result['content'] = content
    else:
        module.warn('The exported data contains the text of a secret option, which Ansible masks in what a module '
                    'returns: data and content are left out of the result; the file %s holds them as read.' % dest)
    if not dest:
        return
    result['dest'] = dest
    try:
        with open(dest, 'rb') as handle:
            before = handle.read().decode('utf-8', errors='replace')
    except FileNotFoundError:
        before = None
    except OSError as error:
        raise PanelError('Cannot read %s: %s' % (dest, error.strerror or error)) from None
    if before != content:
        result['changed'] = True
        if module._diff:
            result['diff'] = dict(before=before or '', after=content, before_header=dest, after_header=dest)
        if not module.check_mode:
            directory = os.path.dirname(os.path.abspath(dest))
            if not os.path.isdir(directory):
                raise PanelError('The directory of dest (%s) does not exist; create it first.' % directory)
            handle, temporary = tempfile.mkstemp(dir=directory, prefix='.export-')
            with os.fdopen(handle, 'wb') as out:
                out.write(content.encode('utf-8'))
            module.atomic_move(temporary, dest)
    file_args = module.load_file_common_arguments(module.params, path=dest)
    if not module.check_mode or os.path.exists(dest):
        result['changed'] = module.set_fs_attributes_if_different(file_args, result['changed'])
