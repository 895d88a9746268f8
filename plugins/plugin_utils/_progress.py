# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This plugin_utils is PRIVATE to the hosting.mail collection. It may change at any time.

"""Progress lines for the bulk modules, shown on the controller while the module runs.

The action plugins of the bulk modules (same names as the modules) run the module as the normal action does. When the
connection is ``local`` (``delegate_to: localhost``, or panels as hosts with ``ansible_connection: local``), the
module runs on this machine: the plugin creates an empty file, names it in the module's environment, and a thread
reads the JSON lines the module appends (module_utils/_progress.py) and shows them with Display. Elsewhere the module
would write nowhere we can read: no progress, nothing else changes.

What is shown: nothing for a run shorter than ``HOLD`` seconds; then the latest state at once, at every change of
phase, and otherwise at most one line every ``EVERY`` seconds; with -vv every event after ``HOLD``; and, if anything
was shown, a last line when the module is done. Lines carry counts only, never the module's arguments beyond the
label (the domain, the hosting user).
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
import time

from ansible.plugins.action import ActionBase
from ansible.utils.display import Display
from ansible.utils.vars import merge_hash

from ansible_collections.hosting.mail.plugins.module_utils._progress import PHASES, PROGRESS_ENV

display = Display()

HOLD = 2.0  # a run shorter than this prints nothing extra
EVERY = 5.0  # at most one line this often within a phase, at default verbosity
POLL = 0.25  # how often the file is read


class ProgressLines:
    """Turns the module's events into lines; ``show`` prints one. Time comes in as ``now`` (seconds, monotonic)."""

    def __init__(self, show, prefix, nouns, check_mode=False, every_event=False, begun=0.0):
        self.show = show
        self.prefix = prefix
        self.nouns = nouns  # (singular, plural)
        self.check_mode = check_mode
        self.every_event = every_event
        self.begun = begun  # when the task began
        # When the module's first event came: ``HOLD`` counts from there, as starting Python and the module takes
        # long on a busy controller and is no part of the work.
        self.started = None
        self.latest = None  # the latest event
        self.shown = None  # the latest event shown
        self.shown_at = None
        self.pending = b''  # the start of a line not complete yet

    def feed(self, data, now):
        """Take bytes read from the file; show what is due."""
        self.pending += data
        *lines, self.pending = self.pending.split(b'\n')
        for line in lines:
            event = self.parse(line)
            if event is None:
                continue
            if self.started is None:
                self.started = now
            if self.due(now) and self.latest != self.shown and self.latest['phase'] != event['phase']:
                self.show_event(self.latest, now)  # the end of a phase (300/300 written) before the next one
            self.latest = event
            self.tick(now)

    @staticmethod
    def parse(line):
        """The event of one line, or None: the module writes a phase name and numbers; anything else is dropped."""
        try:
            event = json.loads(line.decode('ascii'))
        except ValueError:
            return None
        if not isinstance(event, dict) or event.get('phase') not in PHASES:
            return None
        numbers = {key: value for key, value in event.items()
                   if key != 'phase' and isinstance(value, int) and not isinstance(value, bool)}
        return dict(numbers, phase=event['phase'])

    def due(self, now):
        """Whether there is an event and the run is long enough to show it."""
        return self.started is not None and now - self.started >= HOLD

    def tick(self, now):
        """Show the latest event if it is due."""
        if not self.due(now) or self.latest == self.shown:
            return
        if (self.every_event or self.shown is None or self.latest['phase'] != self.shown['phase']
                or now - self.shown_at >= EVERY):
            self.show_event(self.latest, now)

    def finish(self, now):
        """The module is done: if anything was shown, show the last state and how long it took."""
        if self.shown is None:
            return
        if self.latest != self.shown:
            self.show_event(self.latest, now)
        self.show('%s: finished after %d s' % (self.prefix, round(now - self.begun)))

    def show_event(self, event, now):
        self.shown, self.shown_at = event, now
        self.show('%s: %s' % (self.prefix, self.describe(event)))

    def count(self, number):
        return '%d %s' % (number, self.nouns[number != 1])

    def describe(self, event):
        # A task over many domains (or hosting users) numbers them: its events carry domain and domains.
        text = self.describe_phase(event)
        if 'domains' in event:
            text = 'domain %d/%d, %s' % (event.get('domain', 0), event['domains'], text)
        return text

    def describe_phase(self, event):
        phase, noun = event['phase'], self.nouns[1]
        if phase == 'read':
            return 'reading the %s from the panel' % noun
        if phase == 'planned':
            accounts, writes = event.get('accounts', 0), event.get('writes', 0)
            if not writes:
                return 'planned %s: nothing to change' % self.count(accounts)
            return 'planned %s: %d %s' % (self.count(accounts), writes, 'would change (check mode)' if self.check_mode else 'to change')
        if phase == 'verify':
            return 'reading the %s back to check the changes' % noun
        done, total = event.get('done', 0), event.get('total', 0)
        text = '%d/%d %s written (%d%%)' % (done, total, noun, 100 * done // total if total else 100)
        if 'batches' in event:
            text += ', batch %d/%d' % (event.get('batch', 0), event['batches'])
        if phase == 'retry':
            text = 'second round for changes the panel did not take: ' + text
        return text


class ProgressWatcher(threading.Thread):
    """Reads the progress file every ``POLL`` seconds until stopped, feeding ``ProgressLines``."""

    def __init__(self, path, lines, clock=time.monotonic):
        super().__init__(name='hosting.mail progress', daemon=True)
        self.path = path
        self.lines = lines
        self.clock = clock
        self.stopping = threading.Event()

    def run(self):
        try:
            with open(self.path, 'rb') as progress:
                while not self.stopping.wait(POLL):
                    self.lines.feed(progress.read(), self.clock())
                    self.lines.tick(self.clock())
                self.lines.feed(progress.read(), self.clock())
        except Exception as error:  # pylint: disable=broad-exception-caught
            # Progress is a courtesy: whatever goes wrong here must not touch the task.
            display.vvv('hosting.mail: no more progress lines: %s' % error)

    def stop(self):
        self.stopping.set()
        self.join()
        try:
            self.lines.finish(self.clock())
        except Exception as error:  # pylint: disable=broad-exception-caught
            display.vvv('hosting.mail: no last progress line: %s' % error)


def environment_with(environment, variables):
    """The task's ``environment`` (None, a dict or a list of them) with ``variables`` last, so that they win."""
    if environment is None:
        return [variables]
    if isinstance(environment, list):
        return environment + [variables]
    return [environment, variables]


class ProgressActionModule(ActionBase):
    """The normal action, plus progress lines when the module runs on the controller.

    Subclasses set ``NOUNS`` (singular, plural), ``LABEL_OPTION`` (the option whose value names the run in the lines)
    and, for a module that takes many domains or users, ``MANY``.
    """

    _supports_check_mode = True
    _supports_async = True

    NOUNS = ('account', 'accounts')
    LABEL_OPTION = None
    MANY = None  # (list option, key of each entry that names it, what they are): a task over many names the first and last
    _task_environment = None

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        del tmp  # tmp no longer has any effect
        wrap_async = self._task.async_val and not self._connection.has_native_async
        watcher = self.start_watching(task_vars or {})
        try:
            result = merge_hash(result, self._execute_module(task_vars=task_vars, wrap_async=wrap_async))
        finally:
            if watcher:
                self.stop_watching(watcher)
        if not wrap_async:
            self._remove_tmp_path(self._connection._shell.tmpdir)
        return result

    def wants_progress(self):
        # Only a local module can write a file we read; an async one outlives this call (and the file).
        return getattr(self._connection, 'transport', None) == 'local' and not self._task.async_val

    def label(self, args):
        """What the lines call the run: the value of ``LABEL_OPTION``; for a task over many (``MANY``), the first and
        last of them and how many, as the mail_provisioning role labels its loop items; or None."""
        option, key, plural = self.MANY or (None, None, None)
        entries = args.get(option) if option else None
        if isinstance(entries, list) and entries and all(isinstance(entry, dict) for entry in entries):
            first, last = (str(entries[index].get(key) or '') or '(the API account)' for index in (0, -1))
            return first if len(entries) == 1 else '%s to %s (%d %s)' % (first, last, len(entries), plural)
        return args.get(self.LABEL_OPTION) if self.LABEL_OPTION else None

    def prefix(self, task_vars):
        name = self._task.action.rpartition('.')[2]
        label = self.label(self._task.args)
        host = task_vars.get('inventory_hostname')
        return ' '.join(str(part) for part in (name, '[%s]' % host if host else None, label) if part)

    def start_watching(self, task_vars):
        if not self.wants_progress():
            return None
        try:
            descriptor, path = tempfile.mkstemp(prefix='hosting-mail-progress-', suffix='.jsonl')
            os.close(descriptor)
        except OSError as error:
            display.vvv('hosting.mail: no progress lines, no temporary file: %s' % error)
            return None
        lines = ProgressLines(display.display, self.prefix(task_vars), self.NOUNS, check_mode=bool(self._task.check_mode),
                              every_event=display.verbosity >= 2, begun=time.monotonic())
        watcher = ProgressWatcher(path, lines)
        # Through the task's environment, as `environment:` would: the module is not given an option users could see.
        self._task_environment = self._task.environment
        self._task.environment = environment_with(self._task_environment, {PROGRESS_ENV: path})
        watcher.start()
        return watcher

    def stop_watching(self, watcher):
        self._task.environment = self._task_environment
        try:
            watcher.stop()
        finally:
            try:
                os.unlink(watcher.path)
            except OSError:
                pass
