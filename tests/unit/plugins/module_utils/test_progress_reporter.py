# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The module side of the progress lines: JSON lines of numbers, written only where the action plugin asked."""

from __future__ import annotations

import json

import pytest

from ansible_collections.hosting.mail.plugins.module_utils._progress import PROGRESS_ENV, Progress


def test_appends_one_line_of_numbers_per_event(tmp_path):
    path = tmp_path / 'progress'
    path.write_text('')
    progress = Progress({PROGRESS_ENV: str(path)})
    progress('read')
    progress('write', done=2, total=True + 2)
    assert [json.loads(line) for line in path.read_text().splitlines()] == [
        {'phase': 'read'}, {'phase': 'write', 'done': 2, 'total': 3}]


def test_does_nothing_without_the_variable(tmp_path, monkeypatch):
    monkeypatch.delenv(PROGRESS_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    Progress()('read')
    Progress({PROGRESS_ENV: ''})('read')
    assert list(tmp_path.iterdir()) == []


def test_never_creates_the_file_and_never_fails(tmp_path):
    path = tmp_path / 'gone'  # the action plugin removed it: an async task, or the run is over
    progress = Progress({PROGRESS_ENV: str(path)})
    progress('read')
    assert not path.exists() and progress.path is None
    progress('verify')
    assert not path.exists()


def test_refuses_anything_but_a_phase_and_numbers(tmp_path):
    path = tmp_path / 'progress'
    path.write_text('')
    progress = Progress({PROGRESS_ENV: str(path)})
    with pytest.raises(ValueError):
        progress('info@example.com')
    with pytest.raises(ValueError):
        progress('write', done='Pw-1&<x>')
    assert path.read_text() == ''
