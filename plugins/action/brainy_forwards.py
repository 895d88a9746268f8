# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""hosting.mail.brainy_forwards: the module, with progress lines while it runs on the controller (see plugin_utils/_progress.py)."""

from __future__ import annotations

from ansible_collections.hosting.mail.plugins.plugin_utils._progress import ProgressActionModule


class ActionModule(ProgressActionModule):
    NOUNS = ('forward', 'forwards')
    LABEL_OPTION = 'panel_user'
    MANY = ('users', 'panel_user', 'hosting users')
