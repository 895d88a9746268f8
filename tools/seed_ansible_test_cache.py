# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Seed ansible-test's pip bootstrap cache with the offline stand-in, unless a script is there already.

Run with the Python of the virtual environment that has ansible-core installed, once per such environment:
each ansible-core bootstraps its own pip version (2.19: 24.2, 2.21: 25.2), so each needs its own script
name; make compat runs it with each of its virtualenvs.
"""

import os
import re
import shutil
import sys

import ansible_test


def pip_version():
    source = os.path.join(os.path.dirname(ansible_test.__file__), '_internal', 'python_requirements.py')
    with open(source, encoding='utf-8') as handle:
        match = re.search(r"default_packages = dict\(\s*pip='([^']+)'", handle.read())
    if not match:
        sys.exit('Cannot find the pip version ansible-test bootstraps in %s' % source)
    return match.group(1)


def main():
    version = pip_version()
    target = os.path.expanduser('~/.ansible/test/cache/get_pip_%s.py' % version.replace('.', '_'))
    if os.path.exists(target):
        print('ansible-test pip bootstrap already cached: %s' % target)
        return
    os.makedirs(os.path.dirname(target), exist_ok=True)
    shutil.copyfile(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'get_pip_standin.py'), target)
    print('Seeded the ansible-test pip %s bootstrap with the offline stand-in: %s' % (version, target))


if __name__ == '__main__':
    main()
