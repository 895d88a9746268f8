# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""`make demo`: start the panel simulators and run the demo playbooks against them.

The simulators run as their own processes on 127.0.0.1 with TLS from a throw-away CA; the playbooks
get the connection settings from the environment (PLESK_URL, PLESK_CA_PATH, ...), as from AWX.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLESK_LOGIN = 'admin'
PLESK_PASSWORD = 'demo-Secret&1'


def start_plesk(workdir):
    ready = os.path.join(workdir, 'plesk-ready.json')
    process = subprocess.Popen(  # pylint: disable=consider-using-with
        [sys.executable, '-m', 'tests.simulators.plesk', '--seed', 'tests/simulators/plesk/seed-demo.json', '--tls',
         '--cert-dir', workdir, '--login', PLESK_LOGIN, '--password', PLESK_PASSWORD, '--ready-file', ready],
        cwd=ROOT)
    deadline = time.monotonic() + 30
    while not os.path.exists(ready):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise SystemExit('The Plesk simulator did not start.')
        time.sleep(0.1)
    time.sleep(0.1)  # the file is written whole before it is renamed into place, but be gentle
    with open(ready, encoding='utf-8') as handle:
        return process, json.load(handle)


def main():
    workdir = tempfile.mkdtemp(prefix='hosting.mail-demo-')
    # The playbooks find the collection through a link to this checkout.
    collections = os.path.join(workdir, 'collections', 'ansible_collections', 'hosting')
    os.makedirs(collections)
    os.symlink(ROOT, os.path.join(collections, 'mail'))
    plesk, plesk_info = start_plesk(workdir)
    # The modules need requests and lxml: run them with this virtualenv's Python.
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.join(workdir, 'collections'), ANSIBLE_NOCOLOR='1',
               ANSIBLE_PYTHON_INTERPRETER=sys.executable,
               PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get('PATH', ''),
               PLESK_URL=plesk_info['url'], PLESK_USERNAME=PLESK_LOGIN, PLESK_PASSWORD=PLESK_PASSWORD,
               PLESK_CA_PATH=plesk_info['ca_cert'])
    print('Plesk simulator: %s (CA %s)' % (plesk_info['url'], plesk_info['ca_cert']), flush=True)
    try:
        status = subprocess.call(['ansible-playbook', '-i', 'localhost,', os.path.join(ROOT, 'playbooks', 'demo_plesk.yml')],
                                 env=env)
    finally:
        plesk.terminate()
        plesk.wait(10)
        shutil.rmtree(workdir, ignore_errors=True)
    return status


if __name__ == '__main__':
    sys.exit(main())
