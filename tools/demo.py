# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""`make demo`: start the panel simulators and run the demo playbooks against them.

Until the first module lands, the demo only says what it will do; no simulator or playbook exists yet.
"""

import glob
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PLAN = """hosting.mail demo
=================
The demo will:
  1. start the Plesk simulator (XML API on https://127.0.0.1, a throw-away CA) and the BrainyCP simulator;
  2. run playbooks/demo.yml: create, change and list mail accounts on both panels;
  3. run it a second time and show that nothing changes;
  4. print what each panel then holds.
"""


def main():
    playbooks = glob.glob(os.path.join(ROOT, 'playbooks', 'demo*.yml'))
    print(PLAN)
    if not playbooks:
        print('Not yet: no module and no simulator exist in this version; the collection so far is its HTTP core '
              '(plugins/module_utils) and the test pipeline (make test).')
        return 0
    return 0


if __name__ == '__main__':
    sys.exit(main())
