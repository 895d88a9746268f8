# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The ``error.type`` each module documents is a class of _errors.py, and each case gets the type the docs promise.

The RETURN docs say V(OptionError) for "an option value that cannot be used" and V(PanelError) for anything else
the panel's data refuses; before, several option mistakes came back as PanelError.
"""

from __future__ import annotations

import importlib
import os
import re

import pytest
import yaml

from ansible_collections.hosting.mail.plugins.module_utils import _errors
from ansible_collections.hosting.mail.plugins.modules import (
    brainy_forward,
    brainy_mailbox,
    brainy_mailboxes,
    plesk_mail_accounts,
)
from ansible_collections.hosting.mail.tests.unit.plugins.modules.test_brainy import FORWARDS, LIST
from ansible_collections.hosting.mail.tests.unit.plugins.modules.test_brainy import run as run_brainy
from ansible_collections.hosting.mail.tests.unit.plugins.modules.test_bulk import run as run_bulk
from ansible_collections.hosting.mail.tests.unit.plugins.modules.test_plesk_mail import run as run_plesk_mail

MODULES = os.path.join(os.path.dirname(os.path.abspath(_errors.__file__)), '..', 'modules')
NAMES = sorted(name[:-3] for name in os.listdir(MODULES) if name.endswith('.py') and not name.startswith('_'))


def documented_types(name):
    module = importlib.import_module('ansible_collections.hosting.mail.plugins.modules.' + name)
    error = yaml.safe_load(module.RETURN)['error']
    return re.findall(r'V\((\w+)\)', ' '.join(error['contains']['type']['description']))


@pytest.mark.parametrize('name', NAMES)
def test_every_documented_type_is_an_error_class_of_errors_py(name):
    types = documented_types(name)
    assert 'OptionError' in types and 'PanelError' in types
    for type_name in types:
        assert issubclass(getattr(_errors, type_name, type(None)), _errors.PanelError), type_name


def test_every_error_class_lives_in_errors_py():
    # The clients and modules raise only what _errors.py defines: none defines an error class of its own.
    root = os.path.dirname(MODULES)
    defined = []
    for folder in ('module_utils', 'modules', 'action', 'plugin_utils'):
        for name in sorted(os.listdir(os.path.join(root, folder))):
            if name.endswith('.py') and name != '_errors.py':
                with open(os.path.join(root, folder, name), encoding='utf-8') as handle:
                    defined += ['%s/%s: %s' % (folder, name, found)
                                for found in re.findall(r'^class (\w+(?:Error|Exception))\b', handle.read(), re.M)]
    assert defined == []


def failed_type(result):
    return result['error']['type']


def test_option_mistakes_are_option_errors_on_plesk(http_server, capsys):
    # Each is found before anything is sent.
    assert failed_type(run_plesk_mail(http_server, capsys, fails=True, old_name='sales@other.example')) == 'OptionError'
    assert failed_type(run_plesk_mail(http_server, capsys, fails=True, plesk_url=None)) == 'OptionError'
    twice = [{'name': 'sales'}, {'name': 'Sales@example.com'}]
    assert failed_type(run_bulk(plesk_mail_accounts, http_server, capsys, fails=True, accounts=twice)) == 'OptionError'
    elsewhere = [{'name': 'sales@other.example'}]
    assert failed_type(run_bulk(plesk_mail_accounts, http_server, capsys, fails=True, accounts=elsewhere)) == 'OptionError'
    assert http_server.requests == []


def test_option_mistakes_are_option_errors_on_brainycp(http_server, capsys):
    assert failed_type(run_brainy(brainy_mailbox, http_server, capsys, fails=True, brainycp_username=None,
                                  address='new@shop.example', password='Pw-1')) == 'OptionError'
    assert http_server.requests == []
    twice = [{'address': 'a@shop.example', 'password': 'Pw-1'}, {'address': 'A@shop.example', 'password': 'Pw-1'}]
    assert failed_type(run_bulk(brainy_mailboxes, http_server, capsys, fails=True, mailboxes=twice)) == 'OptionError'
    http_server.script = [LIST]
    assert failed_type(run_brainy(brainy_mailbox, http_server, capsys, fails=True, address='new@shop.example')) == 'OptionError'
    http_server.script = [FORWARDS]
    assert failed_type(run_brainy(brainy_forward, http_server, capsys, fails=True, source='sales@shop.example',
                                  targets=[])) == 'OptionError'
