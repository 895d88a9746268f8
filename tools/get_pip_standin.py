# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Offline stand-in for the get-pip.py that ansible-test downloads to bootstrap its sanity venvs.

ansible-test fetches get-pip.py from a host that is not always reachable; seeded into
~/.ansible/test/cache/get_pip_<version>.py, this script does the same job with the standard
library: ensurepip installs a pip, which then installs the packages ansible-test asked for
(from the package index the machine's pip configuration names).
"""

import ensurepip
import os
import subprocess
import sys


def main():
    # ensurepip blanks the PIP_* variables of os.environ and points PIP_CONFIG_FILE at /dev/null;
    # the install below needs the machine's pip configuration (index, certificates) back.
    environment = dict(os.environ)
    ensurepip.bootstrap(upgrade=True)
    os.environ.clear()
    os.environ.update(environment)
    arguments = [argument for argument in sys.argv[1:] if argument not in ('--no-setuptools', '--no-wheel')]
    subprocess.check_call([sys.executable, '-m', 'pip', 'install'] + arguments)


if __name__ == '__main__':
    main()
