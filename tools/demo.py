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
BRAINY_PASSWORD = 'demo-admin-password'  # from tests/simulators/brainycp/seed-demo.json


def start_simulator(workdir, name, arguments):
    """Start ``python -m tests.simulators.<name>`` and return (process, its ready-file data)."""
    ready = os.path.join(workdir, '%s-ready.json' % name)
    process = subprocess.Popen(  # pylint: disable=consider-using-with
        [sys.executable, '-m', 'tests.simulators.%s' % name, '--tls', '--cert-dir', os.path.join(workdir, name),
         '--ready-file', ready] + arguments, cwd=ROOT)
    deadline = time.monotonic() + 30
    while not os.path.exists(ready):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise SystemExit('The %s simulator did not start.' % name)
        time.sleep(0.1)
    time.sleep(0.1)  # let the writer finish the file
    with open(ready, encoding='utf-8') as handle:
        return process, json.load(handle)


def main():
    workdir = tempfile.mkdtemp(prefix='hosting.mail-demo-')
    # The playbooks find the collection through a link to this checkout.
    collections = os.path.join(workdir, 'collections', 'ansible_collections', 'hosting')
    os.makedirs(collections)
    os.symlink(ROOT, os.path.join(collections, 'mail'))
    plesk, plesk_info = start_simulator(workdir, 'plesk', [
        '--seed', 'tests/simulators/plesk/seed-demo.json', '--login', PLESK_LOGIN, '--password', PLESK_PASSWORD])
    brainy, brainy_info = start_simulator(workdir, 'brainycp', ['--seed', 'tests/simulators/brainycp/seed-demo.json'])
    # The modules need requests and lxml: run them with this virtualenv's Python.
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.join(workdir, 'collections'), ANSIBLE_NOCOLOR='1',
               ANSIBLE_PYTHON_INTERPRETER=sys.executable,
               PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get('PATH', ''),
               PLESK_URL=plesk_info['url'], PLESK_USERNAME=PLESK_LOGIN, PLESK_PASSWORD=PLESK_PASSWORD,
               PLESK_CA_PATH=plesk_info['ca_cert'],
               BRAINYCP_URL=brainy_info['url'], BRAINYCP_USERNAME='admin', BRAINYCP_PASSWORD=BRAINY_PASSWORD,
               BRAINYCP_CA_PATH=brainy_info['ca_cert'], BRAINYCP_PANEL_USER='webmaster')
    print('Plesk simulator: %s; BrainyCP simulator: %s' % (plesk_info['url'], brainy_info['url']), flush=True)
    status = 0
    try:
        for playbook in ('demo_plesk.yml', 'demo_brainycp.yml'):
            status = status or subprocess.call(
                ['ansible-playbook', '-i', 'localhost,', os.path.join(ROOT, 'playbooks', playbook)], env=env)
    finally:
        for process in (plesk, brainy):
            process.terminate()
            process.wait(10)
        shutil.rmtree(workdir, ignore_errors=True)
    return status


if __name__ == '__main__':
    sys.exit(main())
