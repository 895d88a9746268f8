# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The events the bulk modules write for the progress lines, replayed against scripted panels."""

from __future__ import annotations

import json

import pytest

from ansible_collections.hosting.mail.plugins.module_utils._progress import PROGRESS_ENV
from ansible_collections.hosting.mail.plugins.modules import brainy_forwards, brainy_mailboxes, plesk_mail_accounts
from ansible_collections.hosting.mail.tests.support.scripted_server import Respond
from ansible_collections.hosting.mail.tests.unit.plesk_packets import answer
from ansible_collections.hosting.mail.tests.unit.plugins.modules.test_bulk import LOOKUP, created, existing, reply, run


@pytest.fixture
def progress_file(tmp_path, monkeypatch):
    path = tmp_path / 'progress.jsonl'
    path.write_text('')
    monkeypatch.setenv(PROGRESS_ENV, str(path))
    return path


def events(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_plesk_reports_reading_planning_each_batch_and_the_check(http_server, capsys, progress_file):
    http_server.script = [Respond(200, LOOKUP), Respond(200, existing('z')),
                          Respond(200, answer(created('a', 1), created('b', 2))), Respond(200, answer(created('c', 3))),
                          Respond(200, existing('a', 'b', 'c', 'z'))]
    accounts = [dict(name=name, password='Pw-1&<x>') for name in 'abcz']
    result = run(plesk_mail_accounts, http_server, capsys, accounts=accounts, batch_size=2)
    assert result['counts']['created'] == 3
    assert events(progress_file) == [
        {'phase': 'read'},
        {'phase': 'planned', 'accounts': 4, 'writes': 3},
        {'phase': 'write', 'done': 2, 'total': 3, 'batch': 1, 'batches': 2},
        {'phase': 'write', 'done': 3, 'total': 3, 'batch': 2, 'batches': 2},
        {'phase': 'verify'},
    ]
    assert 'Pw-1' not in progress_file.read_text() and 'example.com' not in progress_file.read_text()


def test_plesk_check_mode_reports_reading_and_planning_only(http_server, capsys, progress_file):
    http_server.script = [Respond(200, LOOKUP), Respond(200, existing('stale'))]
    run(plesk_mail_accounts, http_server, capsys, check_mode=True, prune=True, accounts=[dict(name='new', password='Pw-1&<x>')])
    assert events(progress_file) == [{'phase': 'read'}, {'phase': 'planned', 'accounts': 2, 'writes': 2}]


def test_brainy_reports_each_request(http_server, capsys, progress_file):
    listed = reply(0, data=[{'email': 'a@shop.example'}, {'email': 'b@shop.example'}])
    http_server.script = [reply(1), reply(0, data=['info@shop.example -> x@example.net']), reply(0), reply(0), listed]
    run(brainy_mailboxes, http_server, capsys,
        mailboxes=[dict(address=address, password='Pw-1&<x>') for address in ('a@shop.example', 'b@shop.example')])
    assert events(progress_file) == [
        {'phase': 'read'},
        {'phase': 'planned', 'accounts': 2, 'writes': 2},
        {'phase': 'write', 'done': 1, 'total': 2},
        {'phase': 'write', 'done': 2, 'total': 2},
        {'phase': 'verify'},
    ]


def test_brainy_forwards_reports_each_forward_written(http_server, capsys, progress_file):
    http_server.script = [reply(0, data=['k@shop.example -> x@example.net']), reply(0),
                          reply(0, data=['k@shop.example -> x@example.net', 'a@shop.example -> x@example.net']), reply(0),
                          reply(0, data=['k@shop.example -> x@example.net', 'a@shop.example -> x@example.net',
                                         'b@shop.example -> x@example.net'])]
    run(brainy_forwards, http_server, capsys, panel_user='shop', forwards=[
        dict(source=source, targets=['x@example.net']) for source in ('a@shop.example', 'b@shop.example', 'k@shop.example')])
    assert [event for event in events(progress_file) if event['phase'] == 'write'] == [
        {'phase': 'write', 'done': 1, 'total': 2}, {'phase': 'write', 'done': 2, 'total': 2}]


def test_without_the_variable_nothing_is_written(http_server, capsys, tmp_path, monkeypatch):
    monkeypatch.delenv(PROGRESS_ENV, raising=False)
    http_server.script = [Respond(200, LOOKUP), Respond(200, existing('a'))]
    run(plesk_mail_accounts, http_server, capsys, accounts=[dict(name='a')])
    assert list(tmp_path.iterdir()) == []
