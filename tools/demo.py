# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""`make demo`: start the panel simulators and run the demo playbooks against them.

The simulators run as their own processes on 127.0.0.1 with TLS from a throw-away CA; the playbooks
get the connection settings from an inventory file the script writes (see playbooks/demo/ for the data).
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
    # The simulator prints its bare URL on stdout; the demo reads it from the ready file and prints it labelled.
    process = subprocess.Popen(  # pylint: disable=consider-using-with
        [sys.executable, '-m', 'tests.simulators.%s' % name, '--tls', '--cert-dir', os.path.join(workdir, name),
         '--ready-file', ready] + arguments, cwd=ROOT, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while not os.path.exists(ready):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise SystemExit('The %s simulator did not start.' % name)
        time.sleep(0.1)
    time.sleep(0.1)  # let the writer finish the file
    with open(ready, encoding='utf-8') as handle:
        return process, json.load(handle)


def write_connections(workdir, plesk_info, brainy_info):
    """A second inventory with how to reach each simulator; the demo data lives in playbooks/demo/host_vars."""
    path = os.path.join(workdir, 'connections.json')
    hosts = {
        'plesk-demo': dict(plesk_url=plesk_info['url'], plesk_username=PLESK_LOGIN, plesk_password=PLESK_PASSWORD,
                           panel_ca_path=plesk_info['ca_cert']),
        'brainy-demo': dict(brainycp_url=brainy_info['url'], brainycp_username='admin',
                            brainycp_password=BRAINY_PASSWORD, panel_ca_path=brainy_info['ca_cert']),
    }
    with open(path, 'w', encoding='utf-8') as handle:
        json.dump({'mail_panels': {'hosts': hosts}}, handle)
    return path


STEPS = [
    ('Provision both panels from playbooks/demo/host_vars', 'provision_mail.yml', []),
    ('Provision again: nothing changes (changed=0)', 'provision_mail.yml', []),
    ('Offboard john@example.com on Plesk: forward to office@, out of office, no aliases, mailbox off',
     'offboard_mailbox.yml',
     ['--limit', 'plesk-demo', '-e', json.dumps(dict(
         mail_offboarding_address='john@example.com', mail_offboarding_successor='office@example.com',
         mail_offboarding_out_of_office=dict(subject='John has left', text='Please write to office@example.com.',
                                             end_date='2030-12-31'),
         mail_offboarding_remove_aliases=True, mail_offboarding_mailbox='disable'))]),
    ('Offboard john@example.com on BrainyCP: forward to support@, delete the mailbox (grace period over)',
     'offboard_mailbox.yml',
     ['--limit', 'brainy-demo', '-e', json.dumps(dict(
         mail_offboarding_address='john@example.com', mail_offboarding_successor='support@example.com',
         mail_offboarding_mailbox='delete', mail_offboarding_delete_after='2026-01-01',
         mail_offboarding_panel_user='webmaster'))]),
    ('What each panel now holds', 'show_mail.yml', []),
]


def main():
    workdir = tempfile.mkdtemp(prefix='hosting.mail-demo-')
    # The playbooks find the collection through a link to this checkout.
    collections = os.path.join(workdir, 'collections', 'ansible_collections', 'hosting')
    os.makedirs(collections)
    os.symlink(ROOT, os.path.join(collections, 'mail'))
    plesk, plesk_info = start_simulator(workdir, 'plesk', [
        '--seed', 'tests/simulators/plesk/seed-demo.json', '--login', PLESK_LOGIN, '--password', PLESK_PASSWORD])
    brainy, brainy_info = start_simulator(workdir, 'brainycp', ['--seed', 'tests/simulators/brainycp/seed-demo.json'])
    connections = write_connections(workdir, plesk_info, brainy_info)
    # Each demo host is one panel, so every task of the other panel's kind is skipped: the demo leaves those lines out
    # (the summaries say what happened); a run of the playbooks outside the demo shows them as usual.
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.join(workdir, 'collections'), ANSIBLE_NOCOLOR='1',
               ANSIBLE_DISPLAY_SKIPPED_HOSTS=os.environ.get('ANSIBLE_DISPLAY_SKIPPED_HOSTS', 'false'),
               PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get('PATH', ''))
    print('Plesk simulator: %s; BrainyCP simulator: %s' % (plesk_info['url'], brainy_info['url']), flush=True)
    status = 0
    try:
        for title, playbook, extra in STEPS:
            print('\n##### %s' % title, flush=True)
            status = status or subprocess.call(
                ['ansible-playbook', '-i', os.path.join(ROOT, 'playbooks', 'demo', 'inventory.yml'), '-i', connections,
                 os.path.join(ROOT, 'playbooks', playbook)] + extra, env=env)
    finally:
        for process in (plesk, brainy):
            process.terminate()
            process.wait(10)
        shutil.rmtree(workdir, ignore_errors=True)
    return status


if __name__ == '__main__':
    sys.exit(main())
