# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The dependency floors stay above the releases with published advisories, and every pin the pipeline uses meets them.

pip-audit cannot reach its database from the build machines (docs/reliability.md says how to run it elsewhere), so the
advisories that set the floors are written down here: each with the first release that fixes it.
"""

from __future__ import annotations

import os
import re

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXED_IN = {
    'requests': {'CVE-2023-32681': '2.31.0', 'CVE-2024-35195': '2.32.0', 'CVE-2024-47081': '2.32.4'},
    'lxml': {'CVE-2021-28957': '4.6.3', 'CVE-2021-43818': '4.6.5', 'CVE-2022-2309': '4.9.1'},
}
PIN_FILES = ['tests/requirements/%s' % name for name in sorted(os.listdir(os.path.join(ROOT, 'tests', 'requirements')))
             if name.endswith('.txt')]


def version(text):
    return tuple(int(part) for part in re.findall(r'\d+', text)[:3])


def requirements(path, operator):
    found = {}
    with open(os.path.join(ROOT, path), encoding='utf-8') as handle:
        for line in handle:
            match = re.match(r'^\s*([A-Za-z0-9_.-]+)\s*%s\s*([0-9][0-9.]*)' % re.escape(operator), line)
            if match:
                found[match.group(1).lower()] = match.group(2)
    return found


@pytest.mark.parametrize('package', sorted(FIXED_IN))
def test_the_floor_is_above_every_advisory_and_named_beside_it(package):
    floors = requirements('requirements.txt', '>=')
    assert package in floors, 'requirements.txt sets no floor for %s' % package
    with open(os.path.join(ROOT, 'requirements.txt'), encoding='utf-8') as handle:
        text = handle.read()
    for advisory, fixed in FIXED_IN[package].items():
        assert version(floors[package]) >= version(fixed), '%s %s allows %s' % (package, floors[package], advisory)
        assert advisory in text, 'requirements.txt does not say why: %s' % advisory


@pytest.mark.parametrize('path', PIN_FILES)
def test_every_pin_of_the_pipeline_meets_the_floors(path):
    floors = requirements('requirements.txt', '>=')
    for package, pinned in requirements(path, '==').items():
        if package in floors:
            assert version(pinned) >= version(floors[package]), '%s pins %s %s, below the floor' % (path, package, pinned)
