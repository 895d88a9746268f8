# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is PRIVATE to the hosting.mail collection. It may change at any time.

"""What became of each write: lost answers settled by reading the panel back; outcomes counted and summed up.

The one engine for both panels, single and bulk modules alike. A write whose answer was lost (a reset, a
timeout, an HTTP 5xx, a garbled answer: ``outcome_unknown``) is never sent again: the panel is read back,
and the write counts as done, not done, or, when that read fails too, unknown.

- ``guarded_write``: one write of a single-item module; ``settle_failed_writes`` then makes a failed task's
  ``changed`` say what was done (``run_module`` calls it).
- ``Ledger``: the items of a bulk module; sends their steps in batches, matches answers to items, settles
  lost batches, checks the panel's word against a read back, counts the outcomes and sums up the failures.
"""

from __future__ import annotations

import bisect

from ansible_collections.hosting.mail.plugins.module_utils._errors import PanelError, WriteOutcomeError, outcome_unknown

DONE, NOT_DONE, UNKNOWN = 'done', 'not_done', 'unknown'

# Key in ``result`` under which guarded_write counts the writes done; settle_failed_writes removes it.
WRITES_DONE = _WRITES = '_writes_done'


def read_back(read):
    """``(what read() returns, None)`` after a write whose answer was lost; ``(None, its message)`` when the read (retried
    as reads are) fails too, and the write's outcome is unknown."""
    try:
        return read(), None
    except PanelError as again:
        return None, again.message


def guarded_write(warn, result, what, write, holds):
    """Run ``write()``; if its answer is lost, read back with ``holds()`` and say what happened.

    If the panel holds the change, the task goes on with a warning (through ``warn``); if not, or if that cannot be
    read either, it fails with a ``WriteOutcomeError`` saying which, and ``result['write_outcome']`` says it too.
    Writes done are counted, so that a task failing on a refused write reports ``changed`` from what happened,
    not from what was planned (``settle_failed_writes``).
    """
    result.setdefault(_WRITES, 0)
    try:
        outcome = write()
    except PanelError as error:
        if not outcome_unknown(error):
            raise
        lost = error.message
    else:
        result[_WRITES] += 1
        return outcome
    done, reading_error = read_back(holds)
    settled = UNKNOWN if reading_error is not None else (DONE if done else NOT_DONE)
    result['write_outcome'] = settled
    if settled == UNKNOWN:
        raise WriteOutcomeError('The answer to %s was lost (%s), and reading the panel back failed too (%s). Whether it '
                                'was done is unknown: check the panel, then run the task again.'
                                % (what, lost, reading_error), UNKNOWN) from None
    if settled == NOT_DONE:
        raise WriteOutcomeError('The answer to %s was lost (%s). Reading the panel back shows it was NOT done; nothing '
                                'was repeated. Run the task again.' % (what, lost), NOT_DONE)
    result[_WRITES] += 1
    warn('The answer to %s was lost (%s), but reading the panel back shows it was done.' % (what, lost))
    return None


def settle_failed_writes(result):
    """On failure, make ``changed`` say what happened: planned writes that were refused changed nothing.

    Only tasks that got as far as ``guarded_write`` are touched (a ``Ledger`` keeps ``changed`` itself); an outcome
    that is unknown keeps the plan's ``changed`` (the panel may have done it). ``completed_operations`` lists the
    parts of a packet done.
    """
    writes_done = result.pop(_WRITES, None)
    if writes_done is None or result.get('write_outcome') == UNKNOWN:
        return
    if writes_done or result.get('completed_operations'):
        result['changed'] = True
    else:
        result['changed'] = False
        if 'changed_fields' in result:
            result['changed_fields'] = []


def forget_write_count(result):
    result.pop(_WRITES, None)


# What a bulk step's answer says, besides the panel's refusal (its text).
STEP_DONE, STEP_UNCHANGED = 'done', 'unchanged'
FAILED, NOT_ATTEMPTED, UNCHANGED = 'failed', 'not_attempted', 'unchanged'


class Item:
    """One address of a bulk task: the action planned for it, and what became of it."""

    def __init__(self, address, action):
        self.address = address
        self.action = self.planned = action
        self.error = None
        self.sent = False  # a batch with a step of its write went out
        self.pending = 0  # steps of its write not sent yet
        self.step_done_once = False  # a step the panel confirmed (or a read back showed), whatever came after

    def fail(self, action, error):
        self.action, self.error = action, error

    def report(self):
        report = dict(address=self.address, action=self.action)
        if self.error:
            report['error'] = self.error
        return report


class Ledger:
    """The items of a bulk task, their writes sent in batches, and the account of what became of them.

    ``writes``: the actions that are writes (``created``, ...); ``actions``: every action ``counts`` reports;
    ``noun``: what a write is called in messages (``account changes``); ``batched``: whether the progress shows
    batches (a panel that takes one write a request has none).
    """

    def __init__(self, items, writes, actions, noun, progress, warn, batched=True):
        self.items, self.writes, self.actions, self.noun = items, writes, actions, noun
        self.progress, self.warn, self.batched = progress, warn, batched

    def to_write(self):
        return [item for item in self.items if item.action in self.writes]

    def write(self, steps, send, read, step_done, batch_size=1, phase='write'):
        """Send ``steps`` (``(item, part)`` pairs, in order) in batches of ``batch_size``; an item that failed a step
        is not sent its later steps.

        ``send(batch)`` returns, per step, STEP_DONE, STEP_UNCHANGED or the text of the panel's refusal; it raises a
        ``PanelError`` for the batch as a whole. When the answer was lost, ``read(batch)`` reads what the batch wrote
        once, and ``step_done(item, part, now)`` tells each step's outcome from that read; nothing is sent again.
        """
        for item in {id(item): item for item, part in steps}.values():
            item.pending = sum(1 for step in steps if step[0] is item)
        last = sorted({id(item): index for index, (item, part) in enumerate(steps)}.values())
        count = -(-len(steps) // batch_size)
        for number, start in enumerate(range(0, len(steps), batch_size)):
            batch = [(item, part) for item, part in steps[start:start + batch_size] if item.action in self.writes]
            if batch:
                self._send(batch, send, read, step_done)
            counts = dict(done=bisect.bisect_left(last, start + batch_size), total=len(last))
            if self.batched:
                counts.update(batch=number + 1, batches=count)
            self.progress(phase, **counts)

    def _send(self, batch, send, read, step_done):
        for item, part in batch:
            item.sent, item.pending = True, item.pending - 1
        try:
            answers = send(batch)
        except PanelError as error:
            if not outcome_unknown(error):
                for item, part in batch:
                    item.fail(FAILED, error.message)
                raise
            self._settle(batch, error, read, step_done)
            return
        for (item, part), answer in zip(batch, answers):
            if item.action not in self.writes:
                continue  # its first failure in this batch is its error
            if answer == STEP_DONE:
                item.step_done_once = True
            elif answer == STEP_UNCHANGED:
                item.action = UNCHANGED
            else:
                item.fail(FAILED, answer)

    def _settle(self, batch, error, read, step_done):
        """The steps of a batch whose answer was lost: done or not done, from one fresh read; never resent."""
        what = 'the change of %s' % batch[0][0].address if len(batch) == 1 else 'a batch of %d %s' % (len(batch), self.noun)
        now, reading_error = read_back(lambda: read(batch))
        if reading_error is not None:
            for item, part in batch:
                item.fail(UNKNOWN, '%s; reading back failed too: %s' % (error.message, reading_error))
            raise WriteOutcomeError('The answer to %s was lost (%s), and reading the panel back failed too (%s): the '
                                    'outcome is unknown; check the panel and run the task again.'
                                    % (what, error.message, reading_error), UNKNOWN)
        for item, part in batch:
            if step_done(item, part, now):
                item.step_done_once = True
            else:
                item.fail(NOT_DONE, 'the answer was lost (%s) and reading back shows it was not done' % error.message)
        self.warn('The answer to %s was lost (%s); the panel was read back: %d done, %d not done (not resent).'
                  % (what, error.message, sum(item.action != NOT_DONE for item, part in batch),
                     sum(item.action == NOT_DONE for item, part in batch)))

    def verify(self, holds, why):
        """Fail each written item the panel does not hold as confirmed (``holds(item)``): its listing is the truth."""
        for item in self.to_write():
            if not holds(item):
                item.fail(FAILED, why)
                item.step_done_once = False

    def raise_failures(self):
        """One error naming the first ten failed items, when any failed."""
        failures = [item for item in self.items if item.action in (FAILED, NOT_DONE, UNKNOWN)]
        if failures:
            planned = [item for item in self.items if item.planned in self.writes]
            raise PanelError('%d of %d %s failed: %s' % (
                len(failures), len(planned), self.noun,
                '; '.join('%s: %s' % (item.address, item.error) for item in failures[:10])))

    def report(self, result, key, check_mode):
        """Each item's outcome under ``key``, ``counts`` per action, and ``changed`` from what was done."""
        if not check_mode:
            # Never claim a write that was not sent, nor one sent in part.
            for item in self.items:
                if item.action in self.writes and not item.sent:
                    item.action = NOT_ATTEMPTED
                elif item.action in self.writes and item.pending:
                    item.fail(FAILED, 'the run broke off before the rest of this change was sent; run the task again')
        result[key] = [item.report() for item in self.items]
        result['counts'] = {action: sum(1 for item in self.items if item.action == action) for action in self.actions}
        # A failed item may have had part of its change done (a Plesk name freed): that changed the panel too.
        result['changed'] = (bool(sum(result['counts'][action] for action in self.writes))
                             or any(item.step_done_once for item in self.items))
