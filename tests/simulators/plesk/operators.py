# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The operators the simulator answers: operator element name -> {operation element name: Operation}.

Adding an operator (the <user> operator, say) is a module with its OPERATIONS and one line here;
any operator or operation missing from this table is refused as unsupported.
"""

from __future__ import annotations

from . import domains, mail

OPERATORS = {
    'mail': mail.OPERATIONS,
    'site': domains.SITE_OPERATIONS,
    'webspace': domains.WEBSPACE_OPERATIONS,
}
