# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The controller side of the progress lines: what is shown when, and the action plugins that set it up."""

from __future__ import annotations

import json
import os
import time
from unittest import mock

import pytest

from ansible_collections.hosting.mail.plugins.action.brainy_mailboxes import ActionModule as BrainyAction
from ansible_collections.hosting.mail.plugins.action.plesk_mail_accounts import ActionModule as PleskAction
from ansible_collections.hosting.mail.plugins.module_utils._progress import PROGRESS_ENV, Progress
from ansible_collections.hosting.mail.plugins.plugin_utils import _progress
from ansible_collections.hosting.mail.plugins.plugin_utils._progress import EVERY, HOLD, ProgressLines, environment_with

PREFIX = 'plesk_mail_accounts [panel1] example.com'


def event(phase, **counts):
    return (json.dumps(dict(counts, phase=phase)) + '\n').encode()


def lines(**kwargs):
    shown = []
    return ProgressLines(shown.append, PREFIX, ('account', 'accounts'), **kwargs), shown


def write(done, total=1000, batch=None):
    return event('write', done=done, total=total, batch=batch or done // 100, batches=10)


def test_a_short_run_shows_nothing():
    progress, shown = lines(begun=0)
    progress.feed(event('read') + event('planned', accounts=3, writes=3) + write(3, 3, 1) + event('verify'), 0.5)
    progress.tick(HOLD - 0.1)
    progress.finish(HOLD - 0.1)
    assert shown == []


def test_a_long_run_shows_the_state_at_once_then_phase_changes_and_one_line_every_few_seconds():
    progress, shown = lines(begun=0)
    progress.feed(event('read'), 1)  # the module's first event: HOLD counts from here
    progress.feed(event('planned', accounts=1000, writes=1000) + write(100), 1.5)
    progress.tick(1 + HOLD - 0.1)
    assert shown == []
    progress.tick(1 + HOLD)
    assert shown == [PREFIX + ': 100/1000 accounts written (10%), batch 1/10']
    progress.feed(write(200), 1 + HOLD + 1)
    progress.tick(1 + HOLD + EVERY - 0.1)
    assert len(shown) == 1
    progress.tick(1 + HOLD + EVERY)
    assert shown[-1] == PREFIX + ': 200/1000 accounts written (20%), batch 2/10'
    progress.feed(write(300) + write(1000) + event('verify'), 1 + HOLD + EVERY + 1)  # the end of a phase, then the next
    assert shown[-2:] == [PREFIX + ': 1000/1000 accounts written (100%), batch 10/10',
                          PREFIX + ': reading the accounts back to check the changes']
    progress.finish(20.4)
    assert shown[-1] == PREFIX + ': finished after 20 s' and len(shown) == 5


def test_every_event_after_the_hold_with_vv():
    progress, shown = lines(every_event=True, begun=0)
    progress.feed(event('read'), 0)
    progress.feed(write(100), HOLD + 1)
    progress.feed(write(200) + write(300), HOLD + 1.1)
    assert [line.split(': ')[1] for line in shown] == [
        'reading the accounts from the panel', '100/1000 accounts written (10%), batch 1/10', '200/1000 accounts written (20%), batch 2/10',
        '300/1000 accounts written (30%), batch 3/10']


@pytest.mark.parametrize('check_mode, planned, expected', [
    (False, dict(accounts=1, writes=1), 'planned 1 account: 1 to change'),
    (True, dict(accounts=50, writes=7), 'planned 50 accounts: 7 would change (check mode)'),
    (False, dict(accounts=50, writes=0), 'planned 50 accounts: nothing to change'),
])
def test_planning_lines(check_mode, planned, expected):
    progress, shown = lines(check_mode=check_mode)
    progress.feed(event('read'), 0)
    progress.feed(event('planned', **planned), HOLD + 1)
    assert shown == [PREFIX + ': reading the accounts from the panel', PREFIX + ': ' + expected]


def test_retry_and_brainy_lines():
    progress, shown = lines()
    assert progress.describe(dict(phase='retry', done=1, total=2, batch=1, batches=1)) == (
        'second round for changes the panel did not take: 1/2 accounts written (50%), batch 1/1')
    assert progress.describe(dict(phase='read', domain=3, domains=40)) == 'domain 3/40, reading the accounts from the panel'
    brainy = ProgressLines(shown.append, 'brainy_mailboxes [panel2] shop', ('mailbox', 'mailboxes'))
    assert brainy.describe(dict(phase='write', done=1, total=3)) == '1/3 mailboxes written (33%)'


def test_only_whole_lines_of_known_phases_and_numbers_count():
    progress, shown = lines()
    progress.feed(b'not json\n' + event('secret') + b'[1]\n' + b'{"phase": "write", "done": "Pw-1", "total": 4, "batches": 2', 0)
    assert progress.latest is None
    progress.started = 0
    progress.feed(b', "batch": 1}\n', HOLD + 1)  # the rest of the line arrives
    assert shown[-1] == PREFIX + ': 0/4 accounts written (0%), batch 1/2'


def test_environment_with_puts_the_variable_last():
    variables = {PROGRESS_ENV: '/tmp/x'}
    assert environment_with(None, variables) == [variables]
    assert environment_with({'A': '1'}, variables) == [{'A': '1'}, variables]
    assert environment_with([{'A': '1'}], variables) == [{'A': '1'}, variables]


class FakeDisplay:
    verbosity = 0

    def __init__(self):
        self.shown = []

    def display(self, text):
        self.shown.append(text)

    def vvv(self, text):
        pass


@pytest.fixture
def fake_display(monkeypatch):
    fake = FakeDisplay()
    monkeypatch.setattr(_progress, 'display', fake)
    monkeypatch.setattr(_progress, 'HOLD', 0.0)
    monkeypatch.setattr(_progress, 'POLL', 0.01)
    return fake


def action(plugin=PleskAction, transport='local', async_val=0, args=None, environment=None):
    task = mock.MagicMock(async_val=async_val, check_mode=False, environment=environment, action='hosting.mail.' + (
        'plesk_mail_accounts' if plugin is PleskAction else 'brainy_mailboxes'))
    task.args = args if args is not None else dict(domain='example.com')
    connection = mock.MagicMock(transport=transport, has_native_async=False)
    connection._shell.tmpdir = None
    instance = plugin(task, connection, mock.MagicMock(), mock.MagicMock(), mock.MagicMock(), mock.MagicMock())
    instance._early_needs_tmp_path = lambda: False
    instance._remove_tmp_path = mock.MagicMock()
    return instance


def module_writing(instance, seen, failure=None):
    """A stand-in for _execute_module: the module as it runs, with the environment the task gives it."""
    def execute(task_vars=None, wrap_async=False):
        environment = {}
        for entry in environment_with(instance._task.environment, {}):
            environment.update(entry or {})
        seen.append(environment.get(PROGRESS_ENV))
        progress = Progress(environment)
        progress('read')
        progress('planned', accounts=2, writes=2)
        time.sleep(0.1)
        progress('write', done=2, total=2, batch=1, batches=1)
        if failure:
            raise failure
        return dict(changed=True)
    return execute


def test_a_local_module_gets_a_file_whose_events_are_shown_then_removed(fake_display):
    instance, seen = action(environment={'LANG': 'C'}), []
    fake_display.verbosity = 2  # -vv: every event
    instance._execute_module = module_writing(instance, seen)
    result = instance.run(task_vars=dict(inventory_hostname='panel1'))
    assert result['changed'] is True
    assert seen[0] and not os.path.exists(seen[0])
    assert instance._task.environment == {'LANG': 'C'}  # the task's own environment, as it was
    assert fake_display.shown[:3] == [PREFIX + ': reading the accounts from the panel', PREFIX + ': planned 2 accounts: 2 to change',
                                      PREFIX + ': 2/2 accounts written (100%), batch 1/1']
    assert len(fake_display.shown) == 4 and fake_display.shown[-1].startswith(PREFIX + ': finished after ')


def test_a_display_that_fails_never_fails_the_task(fake_display):
    instance, seen = action(), []
    instance._execute_module = module_writing(instance, seen)
    fake_display.display = mock.MagicMock(side_effect=OSError('stdout is gone'))
    assert instance.run(task_vars={})['changed'] is True
    assert not os.path.exists(seen[0])


def test_brainy_lines_are_labelled_with_the_hosting_user(fake_display):
    instance, seen = action(BrainyAction, args=dict(panel_user='shop')), []
    instance._execute_module = module_writing(instance, seen)
    instance.run(task_vars=dict(inventory_hostname='panel2'))
    assert fake_display.shown[0] == 'brainy_mailboxes [panel2] shop: reading the mailboxes from the panel'


@pytest.mark.parametrize('domains, label', [
    ([dict(domain='a.example'), dict(domain='b.example'), dict(domain='c.example')], 'a.example to c.example (3 domains)'),
    ([dict(domain='a.example')], 'a.example'),
])
def test_a_task_over_many_domains_is_labelled_with_the_first_and_last(fake_display, domains, label):
    instance, seen = action(args=dict(domains=domains)), []
    instance._execute_module = module_writing(instance, seen)
    instance.run(task_vars=dict(inventory_hostname='panel1'))
    assert fake_display.shown[0] == 'plesk_mail_accounts [panel1] %s: reading the accounts from the panel' % label


@pytest.mark.parametrize('transport, async_val', [('ssh', 0), ('local', 30)])
def test_no_progress_where_the_module_cannot_write_to_us(fake_display, transport, async_val):
    instance, seen = action(transport=transport, async_val=async_val), []
    instance._execute_module = module_writing(instance, seen)
    assert instance.run(task_vars={})['changed'] is True
    assert seen == [None] and fake_display.shown == [] and instance._task.environment is None


def test_a_failing_module_still_restores_the_environment_and_removes_the_file(fake_display):
    instance, seen = action(), []
    instance._execute_module = module_writing(instance, seen, failure=RuntimeError('boom'))
    with pytest.raises(RuntimeError):
        instance.run(task_vars={})
    assert instance._task.environment is None and not os.path.exists(seen[0])
