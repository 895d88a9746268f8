# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""How tools/find_python.py finds interpreters, and that tools/compat.py fails (never skips) a series without one.

tools/ is not part of the artefact: these tests run from the checkout (stage tools of tools/test_pipeline.py).
"""

from __future__ import annotations

import importlib
import os
import stat
import sys

import pytest

TOOLS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OTHER = '3.98'  # a version no machine has, so that only the fakes below can provide it


@pytest.fixture
def tools(monkeypatch, tmp_path):
    """The two modules, in a world where PATH, PYENV_ROOT and HOME lead nowhere."""
    monkeypatch.syspath_prepend(TOOLS)
    nowhere = tmp_path / 'nowhere'
    nowhere.mkdir()
    monkeypatch.setenv('PATH', str(nowhere))
    monkeypatch.setenv('HOME', str(nowhere))
    monkeypatch.delenv('PYENV_ROOT', raising=False)
    finder = importlib.import_module('find_python')
    compat = importlib.import_module('compat')
    return finder, compat


def fake_python(path, version, status=0):
    """A script that answers the probe as Python ``version`` would (or fails, as a pyenv shim does)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', encoding='utf-8') as handle:
        handle.write('#!/bin/sh\necho %s\nexit %d\n' % (version, status))
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
    return str(path)


def test_nothing_found_when_path_pyenv_and_home_lead_nowhere(tools):
    finder, compat = tools
    assert finder.find_python(OTHER) is None
    assert finder.find_at_least(OTHER) is None
    assert compat.find_python(OTHER) is None


def test_pyenv_root_newest_patch_wins_and_a_failing_shim_is_passed_over(tools, tmp_path, monkeypatch):
    finder = tools[0]
    shims = tmp_path / 'shims'
    fake_python(shims / ('python' + OTHER), OTHER, status=127)
    monkeypatch.setenv('PATH', str(shims))
    root = tmp_path / 'pyenv'
    for patch in ('9', '10'):
        fake_python(root / 'versions' / ('%s.%s' % (OTHER, patch)) / 'bin' / ('python' + OTHER), OTHER)
    monkeypatch.setenv('PYENV_ROOT', str(root))
    assert finder.find_python(OTHER) == str(root / 'versions' / (OTHER + '.10') / 'bin' / ('python' + OTHER))


def test_home_pyenv_and_path_are_looked_at(tools, tmp_path, monkeypatch):
    finder = tools[0]
    home = tmp_path / 'home'
    found = fake_python(home / '.pyenv' / 'versions' / (OTHER + '.1') / 'bin' / ('python' + OTHER), OTHER)
    monkeypatch.setenv('HOME', str(home))
    assert finder.find_python(OTHER) == found
    on_path = fake_python(tmp_path / 'bin' / ('python' + OTHER), OTHER)
    monkeypatch.setenv('PATH', str(tmp_path / 'bin'))
    assert finder.find_python(OTHER) == on_path


def test_a_python_of_another_version_is_not_taken(tools, tmp_path, monkeypatch):
    finder = tools[0]
    fake_python(tmp_path / 'bin' / ('python' + OTHER), '3.97')
    monkeypatch.setenv('PATH', str(tmp_path / 'bin'))
    assert finder.find_python(OTHER) is None


def test_the_running_python_is_found_for_its_own_version(tools):
    finder = tools[0]
    assert finder.find_python('%d.%d' % sys.version_info[:2]) == sys.executable


def test_a_series_without_its_python_fails_naming_the_python_to_install(tools, tmp_path, monkeypatch):
    compat = tools[1]
    venv = tmp_path / 'venv'
    venv.mkdir()
    (venv / 'keep').write_text('a previous build')
    monkeypatch.setitem(compat.PYTHON_OF_SERIES, '2.20', OTHER)
    monkeypatch.setattr(compat, 'venv_dir', lambda series: str(venv))
    result = compat.ensure_venv('2.20')
    assert (result.status, result.failed) == ('FAILED', 1)
    assert 'ansible-core 2.20 runs on Python %s' % OTHER in result.details
    assert 'pyenv install %s' % OTHER in result.details
    # Nothing is removed when nothing can replace it.
    assert (venv / 'keep').exists()
