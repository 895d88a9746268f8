# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Progress lines of the bulk modules: a long run shows them as it goes, a short one shows none.

The simulators answer in milliseconds; a ``slow`` fault on writes stretches a run to the length of one on a real panel.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from ansible_collections.hosting.mail.tests.integration.conftest import PLESK_PASSWORD, brainy_env, panel_account, plesk_env

PLESK_WRITTEN = re.compile(r'^plesk_mail_accounts \[localhost\] example\.com: (\d+)/300 accounts written \(\d+%\), batch (\d+)/15$')
BRAINY_WRITTEN = re.compile(r'^brainy_mailboxes \[localhost\] webmaster: (\d+)/40 mailboxes written \(\d+%\)$')


def progress_lines(output, module):
    return [line.strip() for line in output.splitlines() if line.startswith(module + ' [')]


def test_a_long_plesk_run_shows_its_progress_in_order(plesk, run_module):
    accounts = [dict(name='user%04d' % number, password='Pw-%04d&<x>' % number, quota='100M') for number in range(300)]
    plesk.set_fault('slow', on='writes', slow_seconds=0.5)  # 15 packets of 20: about 8 s
    run = run_module('plesk_mail_accounts', dict(domain='example.com', accounts=accounts, batch_size=20), plesk_env(plesk))
    assert run.result['counts']['created'] == 300, run.output
    assert panel_account(plesk, 'example.com', 'user0299')['mailbox']['quota'] == 100 * 1024 ** 2
    lines = progress_lines(run.output, 'plesk_mail_accounts')
    written = [tuple(int(number) for number in match.groups()) for match in map(PLESK_WRITTEN.match, lines) if match]
    assert len(written) >= 2, run.output  # at 2 s, then every 5 s (and the last state)
    assert written == sorted(set(written)) and written[-1] == (300, 15), lines
    assert lines[-1].startswith('plesk_mail_accounts [localhost] example.com: finished after '), lines
    assert 'Pw-0' not in run.output


def test_a_short_plesk_run_shows_no_progress(plesk, run_module):
    run = run_module('plesk_mail_accounts', dict(domain='example.com', accounts=[dict(name='info', quota='3G')]), plesk_env(plesk))
    assert run.result['counts']['updated'] == 1
    assert progress_lines(run.output, 'plesk_mail_accounts') == [], run.output


def test_check_mode_shows_reading_and_planning_only(plesk, run_module):
    accounts = [dict(name='user%04d' % number, password='Pw-%04d' % number) for number in range(50)]
    plesk.set_fault('slow', count=1, on='reads', slow_seconds=3)  # the site lookup: past the 2 s that stay quiet
    run = run_module('plesk_mail_accounts', dict(domain='example.com', accounts=accounts), plesk_env(plesk), check=True)
    assert run.result['counts']['created'] == 50
    lines = progress_lines(run.output, 'plesk_mail_accounts')
    assert lines[:2] == ['plesk_mail_accounts [localhost] example.com: reading the accounts from the panel',
                         'plesk_mail_accounts [localhost] example.com: planned 50 accounts: 50 would change (check mode)'], run.output
    assert len(lines) == 3 and 'finished after' in lines[2], lines


def test_a_long_brainy_run_shows_its_progress_in_order(brainy, run_module):
    mailboxes = [dict(address='user%04d@example.com' % number, password='Pw-%04d&<x>' % number) for number in range(40)]
    brainy.set_fault('slow', on='writes', slow_seconds=0.15)  # 40 requests: about 6 s
    run = run_module('brainy_mailboxes', dict(mailboxes=mailboxes, panel_user='webmaster'), brainy_env(brainy))
    assert run.result['counts']['created'] == 40, run.output
    lines = progress_lines(run.output, 'brainy_mailboxes')
    written = [int(match.group(1)) for match in map(BRAINY_WRITTEN.match, lines) if match]
    assert len(written) >= 2 and written == sorted(set(written)) and written[-1] == 40, run.output
    assert lines[-2:][0].endswith('reading the mailboxes back to check the changes'), lines
    assert 'Pw-0' not in run.output


DELEGATED = '''
- name: Bulk task of an inventory host, delegated to the controller, settings from module_defaults
  hosts: panel1
  gather_facts: false
  module_defaults:
    group/hosting.mail.plesk:
      plesk_url: "{{ panel_url }}"
      plesk_username: admin
      plesk_password: "{{ panel_password }}"
      ca_path: "{{ panel_ca }}"
  tasks:
    - name: Converge example.com
      hosting.mail.plesk_mail_accounts:
        domain: example.com
        accounts: "{{ accounts }}"
        batch_size: 10
      delegate_to: localhost
'''


def command_output(command, collections_path):
    process = subprocess.run(command, capture_output=True, text=True, check=False, env=dict(
        os.environ, ANSIBLE_COLLECTIONS_PATH=collections_path, ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_NOCOLOR='1'))
    assert process.returncode == 0, process.stdout + process.stderr
    return process.stdout + process.stderr


def test_delegated_to_localhost_with_module_defaults(plesk, collections_path, tmp_path):
    """The way the docs show the bulk modules: a remote inventory host, the task delegated to the controller."""
    (tmp_path / 'playbook.yml').write_text(DELEGATED)
    (tmp_path / 'vars.json').write_text(json.dumps(dict(
        panel_url=plesk.url, panel_password=PLESK_PASSWORD, panel_ca=plesk.ca_cert,
        accounts=[dict(name='user%04d' % number, password='Pw-%04d' % number) for number in range(100)])))
    plesk.set_fault('slow', on='writes', slow_seconds=0.4)  # 10 packets: about 4 s
    (tmp_path / 'inventory.ini').write_text('panel1 ansible_connection=ssh ansible_host=192.0.2.1\n')  # never connected to
    output = command_output([os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'), '-i', str(tmp_path / 'inventory.ini'),
                             str(tmp_path / 'playbook.yml'), '-e', '@%s' % (tmp_path / 'vars.json')], collections_path)
    lines = progress_lines(output, 'plesk_mail_accounts')
    assert lines and all(line.startswith('plesk_mail_accounts [panel1] example.com: ') for line in lines), output
    assert 'plesk_mail_accounts [panel1] example.com: 100/100 accounts written (100%), batch 10/10' in lines
    assert panel_account(plesk, 'example.com', 'user0099') is not None


def test_ad_hoc(brainy, collections_path, tmp_path):
    (tmp_path / 'vars.json').write_text(json.dumps(dict(mailboxes=[
        dict(address='user%04d@example.com' % number, password='Pw-%04d' % number) for number in range(20)])))
    brainy.set_fault('slow', on='writes', slow_seconds=0.2)  # 20 requests: about 4 s
    output = command_output([os.path.join(os.path.dirname(sys.executable), 'ansible'), 'localhost', '-i', 'localhost,', '-c', 'local',
                             '-m', 'hosting.mail.brainy_mailboxes', '-e', '@%s' % (tmp_path / 'vars.json'),
                             '-e', json.dumps(brainy_env(brainy)),  # the connection settings, as variables for the args below
                             '-a', 'mailboxes={{ mailboxes }} panel_user=webmaster brainycp_url={{ BRAINYCP_URL }} '
                                   'brainycp_username=admin brainycp_password={{ BRAINYCP_PASSWORD }} ca_path={{ BRAINYCP_CA_PATH }}'],
                            collections_path)
    assert 'brainy_mailboxes [localhost] webmaster: 20/20 mailboxes written (100%)' in progress_lines(output, 'brainy_mailboxes'), output
    assert len(boxes_of(brainy)) >= 20


def boxes_of(simulator, login='webmaster'):
    user = next(entry for entry in simulator.to_dict()['users'] if entry['login'] == login)
    return [box['email'] for box in user['mailboxes'] if box['email'].startswith('user')]
