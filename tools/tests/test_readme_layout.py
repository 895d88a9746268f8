# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The README's "Where each thing happens" table names real places: each file exists, and each name after a file is
defined there (a function, a class, a method or a module-level name), so the table cannot outlive a rename."""

from __future__ import annotations

import ast
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HEADING = 'Where each thing happens'


def where_rows():
    with open(os.path.join(ROOT, 'README.md'), encoding='utf-8') as handle:
        text = handle.read()
    table = text[text.index(HEADING):].split('\n\n')[1]
    return [line.split(' | ')[1] for line in table.splitlines()[2:]]


def defined_names(path):
    with open(path, encoding='utf-8') as handle:
        tree = ast.parse(handle.read())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(target.id for target in node.targets if isinstance(target, ast.Name))
    return names


def places(cell):
    """(file, [names]) for each file the cell names, with the backquoted names that follow it."""
    found = []
    for token in re.findall(r'`([^`]+)`', cell):
        if token.endswith('.py'):
            path = token if '/' in token else os.path.join('plugins', 'module_utils', token)
            found.append((path, []))
        elif found and re.match(r'^[A-Za-z_][A-Za-z0-9_.]*$', token):
            found[-1][1].append(token.split('.')[-1])
    return found


def test_every_file_and_name_of_the_table_exists():
    rows = where_rows()
    assert len(rows) >= 10
    checked = 0
    for cell in rows:
        for path, names in places(cell):
            full = os.path.join(ROOT, path)
            assert os.path.isfile(full), '%s names %s, which does not exist' % (cell, path)
            missing = set(names) - defined_names(full)
            assert not missing, '%s: %s not defined in %s' % (cell, sorted(missing), path)
            checked += len(names)
    assert checked >= 25


def test_a_renamed_function_fails_the_check(tmp_path):
    # The check can fail: a name that is not defined in its file is found.
    assert 'no_such_function' not in defined_names(os.path.join(ROOT, 'plugins', 'module_utils', '_outcomes.py'))
    assert places('`_outcomes.py`: `guarded_write`, `no_such_function`') == [
        (os.path.join('plugins', 'module_utils', '_outcomes.py'), ['guarded_write', 'no_such_function'])]
