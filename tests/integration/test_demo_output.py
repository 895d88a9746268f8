# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""`make demo` as a person reads it: labelled summaries, no bare URL lines, no skipping noise, changed=0 on the rerun.

tools/demo.py lives in the checkout only: under `make test` HOSTING_MAIL_CHECKOUT names it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

COLLECTION_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHECKOUT = os.environ.get('HOSTING_MAIL_CHECKOUT', COLLECTION_ROOT)
DEMO = os.path.join(CHECKOUT, 'tools', 'demo.py')
# What a summary line may name: the kinds of tools/../plugins/filter/mail_plan.py SUMMARY_KINDS.
KIND = r'(mail accounts?|panel users?|forwards?|SPF/DKIM of) '
COUNT = r'(\d+ (mail accounts?|panel users?|forwards?)|SPF/DKIM of \d+ domains?)$'
SUMMARY = re.compile(r'"(Would create|Would change|Would remove|Created|Changed|Removed|Left alone|Failed): (.*)",?$')


@pytest.fixture(scope='module')
def demo_output():
    if not os.path.exists(DEMO):
        pytest.skip('tools/demo.py is in the checkout only: set HOSTING_MAIL_CHECKOUT')
    env = {key: value for key, value in os.environ.items() if key != 'ANSIBLE_DISPLAY_SKIPPED_HOSTS'}
    process = subprocess.run([sys.executable, DEMO], cwd=CHECKOUT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True, timeout=600, check=False)
    assert process.returncode == 0, process.stdout[-3000:]
    return process.stdout


def steps(output):
    """{step title: its output}, from the '##### title' lines the demo prints."""
    parts = re.split(r'^##### (.*)$', output, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))


def test_no_bare_url_lines_and_one_labelled_line_of_addresses(demo_output):
    assert [line for line in demo_output.splitlines() if re.match(r'^\s*https?://\S+\s*$', line)] == []
    assert re.search(r'^Plesk simulator: https://127\.0\.0\.1:\d+; BrainyCP simulator: https://127\.0\.0\.1:\d+$',
                     demo_output, re.M)


def test_no_skipping_lines(demo_output):
    assert [line for line in demo_output.splitlines() if line.startswith('skipping:')] == []


def test_every_summary_names_the_kind_of_each_object(demo_output):
    summaries = [SUMMARY.search(line.strip()) for line in demo_output.splitlines()]
    summaries = [match for match in summaries if match]
    assert len(summaries) >= 10, demo_output
    for match in summaries:
        outcome, text = match.groups()
        if text in ('nothing', 'none'):
            continue
        for part in text.split('; ' if outcome != 'Left alone' else ', '):
            pattern = COUNT if outcome == 'Left alone' else KIND
            assert re.match(pattern, part), match.group(0)
    first = steps(demo_output)['Provision both panels from playbooks/demo/host_vars']
    assert 'Created: mail accounts office@example.com, john@example.com; panel user office.manager' in first
    assert 'Changed: forward sales@example.com; SPF/DKIM of example.com' in first


def test_the_rerun_changes_nothing(demo_output):
    rerun = steps(demo_output)['Provision again: nothing changes (changed=0)']
    recap = re.findall(r'^(\S+)\s+: ok=\d+\s+changed=(\d+)', rerun, re.M)
    assert sorted(host for host, changed in recap if changed is not None) == ['brainy-demo', 'plesk-demo']
    assert [changed for host, changed in recap if host] == ['0', '0']
