# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Run AnsibleModule in-process: give it arguments, catch exit_json and fail_json as exceptions.

``module_success`` and ``module_failure`` run a module's ``main()`` as Ansible would and read what it
printed; each fails the test when the module ended the other way (as community.hrobot's runners do),
so a test that expects success can never pass on a failed module whose result happens to say
``changed: false``.
"""

from __future__ import annotations

import contextlib
import json
from unittest import mock

import pytest

from ansible.module_utils import basic

try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core before 2.19
    @contextlib.contextmanager
    def patch_module_args(args):
        with mock.patch.object(basic, '_ANSIBLE_ARGS', json.dumps({'ANSIBLE_MODULE_ARGS': args}).encode()):
            yield


class ModuleExit(Exception):
    def __init__(self, result):
        super().__init__(result)
        self.result = result


class ModuleFailure(ModuleExit):
    pass


class _TestModule(basic.AnsibleModule):
    def __init__(self, *args, **kwargs):
        self.collected_warnings = []
        super().__init__(*args, **kwargs)

    def exit_json(self, **kwargs):
        raise ModuleExit(self._result(kwargs))

    def fail_json(self, msg, **kwargs):
        kwargs['msg'] = msg
        raise ModuleFailure(self._result(kwargs))

    def warn(self, warning):
        self.collected_warnings.append(warning)
        super().warn(warning)

    def _result(self, kwargs):
        # The same clean-up Ansible applies before printing: no_log values masked, warnings attached.
        kwargs = basic.remove_values(kwargs, self.no_log_values)
        if self.collected_warnings:
            kwargs['warnings'] = list(self.collected_warnings)
        return kwargs


def make_module(argument_spec, **args):
    with patch_module_args(args):
        return _TestModule(argument_spec=argument_spec, supports_check_mode=True)


@contextlib.contextmanager
def recorded_warnings():
    """Record every AnsibleModule.warn text: once a test process has loaded the controller side of ansible,
    module warnings may no longer reach the printed result, so tests read them from here."""
    warned = []
    original_warn = basic.AnsibleModule.warn

    def warn(self, warning, *more, **kwargs):
        warned.append(warning)
        return original_warn(self, warning, *more, **kwargs)

    with mock.patch.object(basic.AnsibleModule, 'warn', warn):
        yield warned


def module_outcome(module, params, capsys, secrets=()):
    """Run ``module.main()``; ``(exit code, result)``, for tests where either outcome can be right."""
    return _run_main(module, params, capsys, secrets)


def _run_main(module, params, capsys, secrets):
    with patch_module_args(params), recorded_warnings() as warned:
        with pytest.raises(SystemExit) as exited:
            module.main()
    output = capsys.readouterr().out
    for secret in secrets:
        assert secret not in output + ' '.join(warned), 'a secret was printed'
    result = json.loads(output)
    result['recorded_warnings'] = warned
    return exited.value.code, result


def module_success(module, params, capsys, secrets=()):
    """Run ``module.main()``; the result, after checking that the module succeeded (exit 0, no ``failed``)."""
    code, result = _run_main(module, params, capsys, secrets)
    assert code == 0 and not result.get('failed'), 'the module failed: %s' % result.get('msg')
    return result


def module_failure(module, params, capsys, secrets=()):
    """Run ``module.main()``; the result, after checking that the module failed (exit 1, ``failed: true``)."""
    code, result = _run_main(module, params, capsys, secrets)
    assert code == 1 and result.get('failed') is True, 'the module did not fail: %s' % result
    return result
