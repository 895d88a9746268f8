# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Run AnsibleModule in-process: give it arguments, catch exit_json and fail_json as exceptions."""

from __future__ import annotations

import contextlib
import json
from unittest import mock

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
