# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Integration tests: real ansible-playbook runs against the panel simulators.

`make test` runs them from the installed collection with ANSIBLE_COLLECTIONS_PATH pointing at it.
Run from a checkout, they link the checkout into a temporary collections tree instead.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from ansible_collections.hosting.mail.tests.simulators.brainycp.server import BrainySimulator
from ansible_collections.hosting.mail.tests.simulators.plesk.server import PleskSimulator

HERE = os.path.dirname(os.path.abspath(__file__))
COLLECTION_ROOT = os.path.dirname(os.path.dirname(HERE))
PLESK_SEED = os.path.join(COLLECTION_ROOT, 'tests', 'simulators', 'plesk', 'seed-demo.json')
PLESK_LOGIN = 'admin'
PLESK_PASSWORD = 'Adm1n&<secret> "pässword"'
BRAINY_SEED = os.path.join(COLLECTION_ROOT, 'tests', 'simulators', 'brainycp', 'seed-demo.json')
BRAINY_PASSWORD = 'demo-admin-password'


@pytest.fixture(scope='session')
def collections_path(tmp_path_factory):
    if os.environ.get('ANSIBLE_COLLECTIONS_PATH'):
        return os.environ['ANSIBLE_COLLECTIONS_PATH']
    root = tmp_path_factory.mktemp('collections')
    namespace = root / 'ansible_collections' / 'hosting'
    namespace.mkdir(parents=True)
    (namespace / 'mail').symlink_to(COLLECTION_ROOT)
    return str(root)


def simulator_quirks(panel):
    """The quirks the simulators start (and reset) with: HOSTING_MAIL_SIMULATOR_QUIRKS, a JSON object such as
    {"plesk": {"forwarding_emptied": "refuse"}, "brainycp": {"addforward": "replace"}}, so the whole suite can run
    under another reading of the panels' docs (tools/test_pipeline.py's stage integration-quirks does)."""
    return json.loads(os.environ.get('HOSTING_MAIL_SIMULATOR_QUIRKS') or '{}').get(panel, {})


@pytest.fixture(scope='session')
def plesk_server():
    with PleskSimulator(seed=PLESK_SEED, tls=True, login=PLESK_LOGIN, password=PLESK_PASSWORD,
                        quirks=simulator_quirks('plesk')) as simulator:
        yield simulator


@pytest.fixture
def plesk(plesk_server):
    """The Plesk simulator, back at its seed for each test."""
    plesk_server.reset()
    return plesk_server


@pytest.fixture(scope='session')
def brainy_server():
    with BrainySimulator(seed=BRAINY_SEED, tls=True, quirks=simulator_quirks('brainycp')) as simulator:
        yield simulator


@pytest.fixture
def brainy(brainy_server):
    """The BrainyCP simulator, back at its seed (and default quirks and switches) for each test."""
    brainy_server.reset()
    return brainy_server


class PlaybookRun:
    """What one ansible-playbook run gave: the task's result and everything it printed."""

    def __init__(self, result, output, returncode):
        self.result = result
        self.output = output
        self.returncode = returncode

    @property
    def text(self):
        """The output with each run of whitespace as one space: ansible-core up to 2.18 wraps warnings at 79
        columns, so a phrase (or a leaked secret) may be split over two lines there."""
        return ' '.join(self.output.split())


@pytest.fixture
def run_module(collections_path, tmp_path):
    """Run tests/integration/playbooks/<module>.yml once with ``args``; return a ``PlaybookRun``."""
    counter = []

    def run(module, args, env, check=False, diff=False, verbosity=0, fails=False):
        """``fails``: whether the task must fail (False: it must succeed; None: either, the test decides)."""
        counter.append(1)
        result_file = tmp_path / ('result-%d.json' % len(counter))
        extra_vars = tmp_path / ('vars-%d.json' % len(counter))
        extra_vars.write_text(json.dumps({'module_args': args, 'result_file': str(result_file)}))
        command = [os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'), '-i', 'localhost,',
                   os.path.join(HERE, 'playbooks', '%s.yml' % module), '-e', '@%s' % extra_vars]
        command += ['--check'] * check + ['--diff'] * diff + (['-' + 'v' * verbosity] if verbosity else [])
        full_env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_path, ANSIBLE_NOCOLOR='1',
                        ANSIBLE_PYTHON_INTERPRETER=sys.executable, **env)
        process = subprocess.run(command, env=full_env, capture_output=True, text=True, check=False)
        output = process.stdout + process.stderr
        assert result_file.exists(), 'the playbook did not finish:\n' + output
        run = PlaybookRun(json.loads(result_file.read_text()), output, process.returncode)
        if fails is not None:
            assert bool(run.result.get('failed')) == fails, (
                'the task %s: %s' % ('succeeded' if fails else 'failed', run.result.get('msg')))
        return run

    return run


def plesk_env(simulator, **overrides):
    env = dict(PLESK_URL=simulator.url, PLESK_USERNAME=PLESK_LOGIN, PLESK_PASSWORD=PLESK_PASSWORD,
               PLESK_CA_PATH=simulator.ca_cert)
    env.update(overrides)
    return env


def panel_account(simulator, domain, local):
    """The simulator's own record of an account (passwords included), or None."""
    for webspace in simulator.panel.to_dict()['webspaces']:
        for site in [webspace] + webspace.get('sites', []):
            if domain in (site['name'], site.get('ascii_name')):
                for account in site.get('mail', []):
                    if account['name'] == local:
                        return account
    return None


def brainy_env(simulator, **overrides):
    env = dict(BRAINYCP_URL=simulator.url, BRAINYCP_USERNAME='admin', BRAINYCP_PASSWORD=BRAINY_PASSWORD,
               BRAINYCP_CA_PATH=simulator.ca_cert, BRAINYCP_PANEL_USER='webmaster')
    env.update(overrides)
    return env
