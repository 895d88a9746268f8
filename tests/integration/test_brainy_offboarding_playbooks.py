# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The mail_offboarding role on BrainyCP, through the offboard_mailbox.yml playbook, under each delmail behaviour."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from ansible_collections.hosting.mail.tests.integration.conftest import BRAINY_PASSWORD, COLLECTION_ROOT

PLAYBOOK = os.path.join(COLLECTION_ROOT, 'playbooks', 'offboard_mailbox.yml')


def offboard(collections_path, tmp_path, simulator, **role_vars):
    """Run the playbook for one BrainyCP host; the exit status, the output and the host's recap counts."""
    inventory = tmp_path / 'inventory.json'
    host = dict(mail_panel='brainycp', brainycp_url=simulator.url, brainycp_username='admin', brainycp_password=BRAINY_PASSWORD,
                panel_ca_path=simulator.ca_cert, **role_vars)
    inventory.write_text(json.dumps({'mail_panels': {'vars': {'ansible_connection': 'local'}, 'hosts': {'brainy': host}}}))
    command = [os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'), '-i', str(inventory), PLAYBOOK]
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_path, ANSIBLE_NOCOLOR='1', ANSIBLE_PYTHON_INTERPRETER=sys.executable)
    process = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    output = process.stdout + process.stderr
    recap = re.search(r'^brainy\s*:\s*(.*)$', output.split('PLAY RECAP')[-1], re.MULTILINE)
    counts = {name: int(value) for name, value in re.findall(r'(\w+)=(\d+)', recap.group(1))} if recap else {}
    return process.returncode, output, counts


def user_mail(simulator, login='webmaster'):
    user = next(entry for entry in simulator.to_dict()['users'] if entry['login'] == login)
    return {box['email'] for box in user['mailboxes']}, {entry['source']: entry for entry in user['forwards']}


@pytest.mark.parametrize('address', ['hello@example.org', 'sales@example.com'], ids=['without-forward', 'with-forward'])
@pytest.mark.parametrize('delmail_forwards', ['keep', 'drop'])
def test_delete_and_forward_hold_and_a_rerun_changes_nothing(brainy, collections_path, tmp_path, delmail_forwards, address):
    # A panel may drop a mailbox's forwards with it (delmail_forwards=drop): the forward must still be there after the run.
    brainy.set_quirks(delmail_forwards=delmail_forwards)
    role_vars = dict(mail_offboarding_panel_user='webmaster', mail_offboarding_address=address,
                     mail_offboarding_successor='info@example.com', mail_offboarding_mailbox='delete')
    status, output, counts = offboard(collections_path, tmp_path, brainy, **role_vars)
    assert status == 0 and counts.get('failed') == 0, output
    assert counts['changed'] >= 1
    assert '"Mail account %s: deleted",' % address in output and '"Forward to: info@example.com",' in output
    mailboxes, forwards = user_mail(brainy)
    assert address not in mailboxes
    assert forwards.get(address, {}).get('targets') == ['info@example.com'], forwards
    assert forwards[address]['save_local'] == 0, 'no mailbox is left to keep a copy in'
    brainy.clear_log()
    status, output, counts = offboard(collections_path, tmp_path, brainy, **role_vars)
    assert status == 0 and counts.get('changed') == 0, output
    assert [entry.operation for entry in brainy.log if entry.write] == []
    assert user_mail(brainy) == (mailboxes, forwards)


@pytest.mark.parametrize('delmail_forwards', ['keep', 'drop'])
def test_the_grace_period_then_the_deletion(brainy, collections_path, tmp_path, delmail_forwards):
    brainy.set_quirks(delmail_forwards=delmail_forwards)
    role_vars = dict(mail_offboarding_panel_user='webmaster', mail_offboarding_address='hello@example.org',
                     mail_offboarding_successor='info@example.com', mail_offboarding_mailbox='delete')
    status, output, _counts = offboard(collections_path, tmp_path, brainy, mail_offboarding_delete_after='2999-01-01', **role_vars)
    assert status == 0, output
    assert '"Mail account hello@example.org: kept until 2999-01-01, then deleted",' in output
    mailboxes, forwards = user_mail(brainy)
    assert 'hello@example.org' in mailboxes and forwards['hello@example.org']['save_local'] == 1, 'kept, with a copy'
    # The deletion run deletes the mailbox and sets the forward anew (dropping the grace period's first where the
    # panel kept it); the run after it changes nothing.
    for delete_after, changes in (('2000-01-01', {2, 3}), ('2000-01-01', {0})):
        status, output, counts = offboard(collections_path, tmp_path, brainy, mail_offboarding_delete_after=delete_after, **role_vars)
        assert status == 0 and counts.get('changed') in changes, output
        mailboxes, forwards = user_mail(brainy)
        assert 'hello@example.org' not in mailboxes
        assert forwards['hello@example.org']['targets'] == ['info@example.com'] and forwards['hello@example.org']['save_local'] == 0
