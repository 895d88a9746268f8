# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is PRIVATE to the hosting.mail collection. It may change at any time.

"""Progress of the bulk modules, for the action plugins of the same name to show while the module runs.

When the module runs on the controller (connection ``local``), the action plugin creates an empty file and names it
in the module's environment (``PROGRESS_ENV``); ``Progress`` appends one JSON line per event to it. Anywhere else
(another host, a unit test, an older action plugin) the variable is unset and ``Progress`` does nothing.

A line holds a phase name from ``PHASES`` and whole numbers only: never a name, a panel's text or a secret. The
numbers the action plugin shows: ``accounts`` and ``writes`` (planned), ``done``/``total`` and ``batch``/``batches``
(write, retry), and ``domain``/``domains`` for a task over many domains.
"""

from __future__ import annotations

import json
import os

PROGRESS_ENV = 'HOSTING_MAIL_PROGRESS_FILE'

# read: reading the panel's accounts; planned: accounts planned, writes to do; write: writes done so far;
# retry: a second round for changes the panel did not take; verify: reading back after the writes.
PHASES = ('read', 'planned', 'write', 'retry', 'verify')


class Progress:
    def __init__(self, environ=None):
        self.path = (os.environ if environ is None else environ).get(PROGRESS_ENV) or None

    def __call__(self, phase, **counts):
        if phase not in PHASES:
            raise ValueError('unknown progress phase %r' % (phase,))
        if self.path is None:
            return
        event = dict(phase=phase)
        for key, value in counts.items():
            event[key] = int(value)  # numbers only, so nothing else can ever reach the output
        try:
            # No O_CREAT: once the action plugin has removed the file (the run is over for it), nothing is left behind.
            descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND)
        except OSError:
            self.path = None  # progress is a courtesy: it never fails a task
            return
        try:
            os.write(descriptor, (json.dumps(event, sort_keys=True) + '\n').encode('ascii'))
        except OSError:
            self.path = None
        finally:
            os.close(descriptor)
