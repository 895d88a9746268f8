# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The export's YAML writer: every string loads back as itself, with PyYAML and with Ansible's own loader (the one that
reads host_vars), and the same data gives the same bytes."""

from __future__ import annotations

import pytest
import yaml

from ansible_collections.hosting.mail.plugins.module_utils._export import Comment, header, render, scalar, without_comments

hypothesis = pytest.importorskip('hypothesis', reason='the property-based tests need hypothesis (tests/requirements/dev.txt)')
from hypothesis import given, settings, strategies as st  # noqa: E402  pylint: disable=wrong-import-position

try:
    from ansible.parsing.utils.yaml import from_yaml
except ImportError:  # pragma: no cover - every supported ansible-core has it
    from_yaml = None

TRICKY = ['yes', 'No', 'ON', 'off', 'y', 'n', 'null', 'Null', '~', '', ' lead', 'trail ', 'a: b', 'a:b', 'a #b', '#x', '-x',
          '- x', '2G', '1e3', '0x1F', '0o17', '017', '1_000', '12:30', '2026-12-31', '2026-12-31 10:00:00', '.inf', '.NaN',
          '@at', '`tick', '!tag', '&anchor', '*alias', '%pct', '|pipe', '>fold', '{brace', '[brack', ']', '}', "'q'",
          '"dq"', 'a,b', 'a, b', 'tab\there', 'line\nbreak', 'cr\rlf', '\x00nul', '\x07bell', '\x1besc', '\x7fdel',
          '\x85nel', '\xa0nbsp', '\u2028ls', '\u2029ps', '\ufeffbom', 'ü@bücher.de', 'пример.рф', '日本語', 'emoji 😀',
          'back\\slash', '=', '<<', '?', '? x', 'x?', 'a  b', 'text/plain', 'UTF-8', 'info@example.com', 'v=spf1 -all',
          'Off: "kept" #1 & <old>', '\\u0041', '\\n', 'true', 'FALSE', '+1', '-1', '0', '3.14', 'x' * 300]


def loads(text):
    data = yaml.safe_load(text)
    if from_yaml is not None:
        assert from_yaml(text) == data  # Ansible reads host_vars with its own loader: it must agree
    return data


@pytest.mark.parametrize('text', TRICKY)
def test_each_string_loads_back_as_itself(text):
    data = {'value': text, 'listed': [text, 'x'], 'nested': [{'name': text}]}
    assert loads(render([], data)) == data


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_any_string_loads_back_as_itself(text):
    data = {'mail_provisioning_domains': [{'name': text, 'accounts': [{'name': text, 'aliases': [text, text]}]}]}
    assert loads(render([], data)) == data


@pytest.mark.parametrize('value, shown', [
    (True, 'true'), (False, 'false'), (None, 'null'), (5, '5'), ('info@example.com', 'info@example.com'),
    ('General enquiries', 'General enquiries'), ('yes', '"yes"'), ('2G', '"2G"'), ('2027-01-03', '"2027-01-03"'),
    ('a: b', '"a: b"'), ('\x7f', '"\\u007f"'), ('\u2028', '"\\u2028"'), ('ü', 'ü'),
])
def test_scalars_are_plain_only_where_safe(value, shown):
    assert scalar(value) == shown


def test_layout_is_block_style_with_short_lists_on_one_line():
    data = {'domains': [{'name': 'example.com', 'note': Comment('password: here'), 'aliases': ['a', 'b'], 'none': [],
                         'nothing': {}, 'long': ['team%02d@example.net' % n for n in range(12)], 'deep': {'key': [1, 2]}}]}
    text = render(['first', '', 'second'], data)
    assert text.startswith('# first\n#\n# second\n---\n')
    assert '\n  - name: example.com\n    # password: here\n    aliases: [a, b]\n    none: []\n    nothing: {}\n' in text
    assert '\n    long:\n      - team00@example.net\n' in text
    assert '\n    deep:\n      key: [1, 2]\n' in text
    assert loads(text) == without_comments(data)
    assert 'note' not in loads(text)['domains'][0]


def test_the_same_data_gives_the_same_bytes():
    data = {'b': [{'name': 'x', 'z': 1, 'a': 2}], 'a': 'last'}
    assert render(header('Plesk', 'plesk_mail_export'), data) == render(header('Plesk', 'plesk_mail_export'), dict(data))
    # The order is the caller's (sorted there), never reshuffled here.
    assert render([], data).index('b:') < render([], data).index('a: last')


def test_the_header_says_how_passwords_are_treated():
    text = '\n'.join(header('BrainyCP', 'brainy_mail_export', ['a note']))
    assert 'none is exported' in text and 'update_password: on_create' in text
    assert 'a note' in text
