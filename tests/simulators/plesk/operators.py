# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The operators the simulator answers: operator element name -> {operation element name: Operation}.

Adding an operator is a module with its OPERATIONS and one line here; any operator or operation
missing from this table is refused as unsupported. VERSION_GATES name, per operator, a function
``(operator element, protocol version, quirks) -> element or None`` that finds an element the
server's own schema at that version would not know: the packet then fails with a parse error.
"""

from __future__ import annotations

from . import dns, domains, mail, spamfilter, users

OPERATORS = {
    'dns': dns.OPERATIONS,
    'mail': mail.OPERATIONS,
    'role': users.ROLE_OPERATIONS,
    'site': domains.SITE_OPERATIONS,
    'spamfilter': spamfilter.OPERATIONS,
    'user': users.USER_OPERATIONS,
    'webspace': domains.WEBSPACE_OPERATIONS,
}

VERSION_GATES = {
    'role': users.unknown_element,
    'spamfilter': spamfilter.unknown_element,
    'user': users.unknown_element,
}
