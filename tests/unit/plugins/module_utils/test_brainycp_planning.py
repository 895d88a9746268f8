# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""BrainyCP planning (``_brainycp_mail``), called directly: what brainy_mailbox, brainy_mailboxes and brainy_forward
decide for a given listing and the options given, and what they warn about."""

from __future__ import annotations

import pytest

from ansible_collections.hosting.mail.plugins.module_utils._brainycp_mail import (
    forward_change,
    mailbox_action,
    pruned_mailboxes,
    quota_to_send,
)
from ansible_collections.hosting.mail.plugins.module_utils._errors import OptionError

LISTED = {'a@shop.example': 100, 'b@shop.example': None}


@pytest.mark.parametrize('address, state, password, quota, action, warned', [
    ('a@shop.example', 'absent', None, None, 'removed', False),
    ('new@shop.example', 'absent', None, None, 'unchanged', False),
    ('a@shop.example', 'present', None, 500, 'unchanged', True),  # a quota the API cannot change: said, not done
    ('a@shop.example', 'present', None, 100, 'unchanged', False),
    ('a@shop.example', 'present', None, None, 'unchanged', False),
    ('b@shop.example', 'present', None, 500, 'unchanged', False),  # the listing shows no quota: nothing to compare
    ('new@shop.example', 'present', 'pw', None, 'created', False),
])
def test_mailbox_action(address, state, password, quota, action, warned):
    got, warnings = mailbox_action(address, state, password, quota, LISTED)
    assert got == action
    assert [text.split('. ')[0] for text in warnings] == (
        ['a@shop.example has a quota of 100M on the panel, not 500M'] if warned else [])


def test_a_mailbox_to_create_needs_a_password():
    with pytest.raises(OptionError, match='Creating the mailbox new@shop.example needs a password'):
        mailbox_action('new@shop.example', 'present', None, None, LISTED)


def test_no_quota_is_sent_as_no_limit():
    assert (quota_to_send(None), quota_to_send(0), quota_to_send(250)) == (0, 0, 250)


@pytest.mark.parametrize('kept, domains, removed', [
    ({'a@shop.example'}, None, ['b@shop.example']),  # the domains of the listed mailboxes
    ({'a@shop.example'}, ['other.example'], ['c@other.example']),
    (set(), ['SHOP.example.'], ['a@shop.example', 'b@shop.example']),
    ({'x@other.example'}, None, ['c@other.example']),
    ({'c@other.example'}, None, []),
])
def test_pruned_mailboxes(kept, domains, removed):
    assert pruned_mailboxes(dict(LISTED, **{'c@other.example': 1}), kept, domains) == removed


def forward(targets, save_local):
    return {'targets': targets, 'save_local': save_local}


@pytest.mark.parametrize('current, targets, save_local, fields, sent, shown, warning', [
    (None, ['a@x.example'], None, ['created'], False, False, None),
    (None, ['a@x.example'], True, ['created'], True, True, None),
    (forward(['a@x.example'], True), ['a@x.example'], None, [], True, True, None),
    (forward(['a@x.example'], True), ['a@x.example'], False, ['save_local'], False, False, None),
    (forward(['a@x.example', 'b@x.example'], False), ['a@x.example'], None, ['targets'], False, False, None),
    (forward(['a@x.example'], False), ['a@x.example', 'b@x.example'], True, ['targets', 'save_local'], True, True, None),
    # A listing that does not show save_local: the flag cannot be compared, and goes only with targets that change.
    (forward(['a@x.example'], None), ['a@x.example'], True, [], True, None, 'so it could not be compared'),
    (forward(['a@x.example'], None), ['a@x.example', 'b@x.example'], None, ['targets'], False, False,
     'so its setting could not be kept: the targets go with save_local false'),
    (forward(['a@x.example'], None), ['a@x.example', 'b@x.example'], True, ['targets'], True, True, None),
    (forward(['a@x.example', 'b@x.example'], None), ['a@x.example'], None, ['targets'], False, None, None),
])
def test_forward_change(current, targets, save_local, fields, sent, shown, warning):
    change = forward_change('s@shop.example', current, targets, save_local)
    assert (change.changed_fields, change.save_local, change.shown_flag) == (fields, sent, shown)
    assert change.flag_differs == ('save_local' in fields)
    assert [text for text in change.warnings if warning and warning in text] == change.warnings
    assert bool(change.warnings) == bool(warning)


def test_a_forward_needs_a_target():
    with pytest.raises(OptionError, match='targets must name at least one address'):
        forward_change('s@shop.example', None, [], None)
