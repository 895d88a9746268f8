# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    """Attribute texts shared by every module, and one action group fragment per panel API."""

    DOCUMENTATION = r'''
options: {}
attributes:
  check_mode:
    description: Can run in check mode and return a changed status prediction without modifying the panel.
  diff_mode:
    description: Will return details on what has changed (or would change in check mode), when in diff mode.
  idempotent:
    description: Running the module twice with the same options changes nothing the second time.
'''

    # For *_info modules: they only read.
    INFO_MODULE = r'''
options: {}
attributes:
  check_mode:
    support: full
    details:
      - This module only reads, so it works the same in check mode.
  diff_mode:
    support: N/A
    details:
      - This module only reads.
  idempotent:
    support: full
'''

    ACTIONGROUP_PLESK = r'''
options: {}
attributes:
  action_group:
    description: Use C(group/hosting.mail.plesk) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - hosting.mail.plesk
'''

    ACTIONGROUP_BRAINYCP = r'''
options: {}
attributes:
  action_group:
    description: Use C(group/hosting.mail.brainycp) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - hosting.mail.brainycp
'''
