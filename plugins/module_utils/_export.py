# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is PRIVATE to the hosting.mail collection. It may change at any time.

"""What a panel holds, as the data of the mail_provisioning role, written out as a YAML file.

The file must be byte-identical for an unchanged panel, so that a diff of two exports is a drift report, and must
load back to exactly the data exported. So it is written here, not by a YAML library whose output varies between
versions: keys in a fixed order, lists in the order the caller sorted them, a string plain only where no YAML
loader could read it as anything but that string, quoted (JSON escapes, which YAML's double quotes take) otherwise.
"""

from __future__ import annotations

import json
import re

# A plain scalar that YAML 1.1 and 1.2 loaders both read as this very string, in a block and in a flow list: it starts
# with a letter or _, holds letters, digits, _ . @ + / - and inner spaces only (no : # , or quote), and is none of
# the words read as a boolean or null.
_PLAIN = re.compile(r'^[^\W\d][\w.@+/ -]*(?<! )\Z')
_WORDS = frozenset(('y', 'yes', 'n', 'no', 'true', 'false', 'on', 'off', 'null'))
# Lists of strings up to this width go on one line ([a, b]); longer ones one item a line.
_FLOW_WIDTH = 100


class Comment:
    """A comment line in a mapping, after the key it follows (``Comment('password: ...')``)."""

    def __init__(self, text):
        self.text = text


def _escaped(char):
    code = ord(char)
    # YAML takes these raw in no string (C0/C1 controls, surrogates, BOM, non-characters), or reads them as a line break.
    if code < 0x20 or 0x7F <= code <= 0x9F or code in (0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF:
        return '\\u%04x' % code
    return char


def scalar(value):
    """One value as YAML text."""
    if value is None:
        return 'null'
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if _PLAIN.match(text) and text.lower() not in _WORDS:
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    # json leaves DEL, C1 controls and the Unicode line separators raw: escape them (\" and \\ stay as json wrote them).
    return ''.join(_escaped(char) for char in quoted)


def _is_scalar(value):
    return not isinstance(value, (dict, list))


def _lines(value, indent):
    """The block lines of a dict or list at ``indent`` spaces."""
    pad = ' ' * indent
    lines = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, Comment):
                lines.append('%s# %s' % (pad, item.text))
            else:
                lines.extend(_entry('%s%s:' % (pad, scalar(key)), item, indent + 2))
        return lines
    for item in value:
        if isinstance(item, dict) and item:
            inner = _lines(item, indent + 2)
            lines.append('%s- %s' % (pad, inner[0][indent + 2:]))
            lines.extend(inner[1:])
        else:
            lines.extend(_entry('%s-' % pad, item, indent + 2))
    return lines


def _entry(lead, item, indent):
    """``lead`` (``key:`` or ``-``) with its value: on the line, or as a block below it."""
    if _is_scalar(item):
        return ['%s %s' % (lead, scalar(item))]
    if not item:
        return ['%s %s' % (lead, '{}' if isinstance(item, dict) else '[]')]
    if isinstance(item, list) and all(_is_scalar(each) for each in item):
        flow = '[%s]' % ', '.join(scalar(each) for each in item)
        if len(lead) + len(flow) < _FLOW_WIDTH:
            return ['%s %s' % (lead, flow)]
    return [lead] + _lines(item, indent)


def render(header, data):
    """The YAML document: the ``header`` lines as comments, ``---``, then ``data`` (a dict)."""
    lines = ['# %s' % line if line else '#' for line in header]
    lines.append('---')
    lines.extend(_lines(data, 0))
    return '\n'.join(lines) + '\n'


def without_comments(value):
    """``value`` with its ``Comment``s left out: the data as a YAML loader reads the rendered file."""
    if isinstance(value, dict):
        return {key: without_comments(item) for key, item in value.items() if not isinstance(item, Comment)}
    if isinstance(value, list):
        return [without_comments(item) for item in value]
    return value


def password_comment():
    """Where the password of an account or user would go: none is exported, and the role then keeps the panel's."""
    return Comment('password: not exported (no API reads it); the role leaves it as it is')


def header(panel, module, notes=()):
    """The comment lines at the top of an exported file."""
    lines = [
        'The mail of a %s panel, as the data of the hosting.mail.mail_provisioning role.' % panel,
        'Exported by hosting.mail.%s; a re-export of an unchanged panel gives this file byte for byte,' % module,
        'so a diff of two exports shows what changed on the panel.',
        '',
        'Passwords: neither panel\'s API reads them back, so none is exported. An account or user without a password',
        'keeps the one it has: the role sets a password only when it creates the account (update_password: on_create)',
        'or when the data gives one with update_password: always. Give one (from a vault) only to change it.',
        'Keys left out of an entry are left alone by the role; add one to manage it.',
        '',
        'Review it, commit it (for example as host_vars/<panel>/mail.yml), then run the role in check mode with',
        'mail_provisioning_prune: true: it must report nothing to create, change or remove.',
    ]
    if notes:
        lines.append('')
        lines.extend(notes)
    return lines
