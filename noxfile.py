# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""nox sessions from antsibull-nox.toml: `.venv/bin/nox -l` lists them, `.venv/bin/nox -e extra-checks` runs one."""

from __future__ import annotations

import sys

import nox

try:
    import antsibull_nox
except ImportError:
    sys.exit('antsibull-nox is not installed next to nox: run the .venv/bin/nox of `make venv`')

antsibull_nox.load_antsibull_nox_toml()

if __name__ == '__main__':
    nox.main()
