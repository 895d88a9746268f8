# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Find a Python interpreter of a given version: for the Makefile's .venv and the virtualenvs of tools/compat.py.

Looks at pythonX.Y on PATH and at what pyenv installed ($PYENV_ROOT, `pyenv root`, ~/.pyenv), and keeps only
interpreters that run and can make a virtualenv: pyenv's shims fail for a version that is installed but not
selected (and when HOME is fresh), and Debian's python3.X lacks ensurepip without its -venv package.

    python3 tools/find_python.py --at-least 3.12   # 3.12, else 3.13, 3.14; prints nothing, exit 1, if none
    python3 tools/find_python.py 3.11              # a 3.11
"""

import argparse
import glob
import os
import re
import shutil
import subprocess
import sys

# The Pythons of the ansible-core series tested here (2.19: 3.11 up; 2.21: 3.12 to 3.14), oldest first: --at-least
# takes the oldest found, as the pins in tests/requirements/ were frozen on the oldest (3.12 for constraints.txt).
KNOWN_VERSIONS = ('3.11', '3.12', '3.13', '3.14')


def version_key(version):
    return tuple(int(part) for part in version.split('.'))


def pyenv_roots():
    """Where pyenv may keep its interpreters; its shims are no help (see the module docstring)."""
    roots = [os.environ.get('PYENV_ROOT'), os.path.expanduser('~/.pyenv')]
    pyenv = shutil.which('pyenv')
    if pyenv:
        try:
            answer = subprocess.run([pyenv, 'root'], capture_output=True, text=True, timeout=20, check=False)
        except (OSError, subprocess.SubprocessError):
            answer = None
        if answer is not None and answer.returncode == 0:
            roots.append(answer.stdout.strip())
    unique = []
    for root in roots:
        if root and os.path.isdir(root) and root not in unique:
            unique.append(root)
    return unique


def _patch_key(path):
    """(3, 12, 1) for .../versions/3.12.1/bin/python3.12; builds such as 3.12-dev last."""
    match = re.match(r'(\d+)\.(\d+)\.(\d+)', path.split(os.sep)[-3])
    return tuple(int(part) for part in match.groups()) if match else (0, 0, 0)


def candidates(version):
    """Paths that may be Python ``version`` (3.12), best first: this interpreter, PATH, then pyenv's newest patch."""
    found = []
    if '%d.%d' % sys.version_info[:2] == version:
        found.append(sys.executable)
    on_path = shutil.which('python' + version)
    if on_path:
        found.append(on_path)
    for root in pyenv_roots():
        found += sorted(glob.glob(os.path.join(root, 'versions', '%s.*' % version, 'bin', 'python' + version)),
                        key=_patch_key, reverse=True)
    return found


def usable(path, version):
    """True if ``path`` runs, is Python ``version`` and can make a virtualenv (has ensurepip)."""
    check = 'import sys, ensurepip; print("%d.%d" % sys.version_info[:2])'
    try:
        answer = subprocess.run([path, '-c', check], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return answer.returncode == 0 and answer.stdout.strip() == version


def find_python(version):
    """A usable interpreter of ``version`` (3.12), or None."""
    for path in candidates(version):
        if usable(path, version):
            return path
    return None


def find_at_least(minimum):
    """A usable interpreter of ``minimum`` (3.12) or later, the oldest such first; None if none."""
    for version in KNOWN_VERSIONS:
        if version_key(version) >= version_key(minimum):
            found = find_python(version)
            if found:
                return found
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('version', help='a Python version such as 3.12')
    parser.add_argument('--at-least', action='store_true', help='that version or a later one (the oldest found)')
    arguments = parser.parse_args()
    found = find_at_least(arguments.version) if arguments.at_least else find_python(arguments.version)
    if found is None:
        return 1
    print(found)
    return 0


if __name__ == '__main__':
    sys.exit(main())
