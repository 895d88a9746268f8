# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Fixtures for the simulator tests: one running Plesk simulator per module, re-seeded for every test."""

from __future__ import annotations

import pytest

from ansible_collections.hosting.mail.tests.simulators.plesk.client import AgentClient
from ansible_collections.hosting.mail.tests.simulators.plesk.schema import find_schemas_dir
from ansible_collections.hosting.mail.tests.simulators.plesk.server import PleskSimulator

SCHEMAS_DIR, SCHEMAS_REASON = find_schemas_dir()


@pytest.fixture
def xsd():
    """The Plesk XSD folder; tests that need it are skipped where it is absent."""
    if SCHEMAS_DIR is None:
        pytest.skip('Plesk XSDs not found: %s' % SCHEMAS_REASON)
    return SCHEMAS_DIR


@pytest.fixture(scope='module')
def running_simulator():
    simulator = PleskSimulator().start()
    yield simulator
    simulator.stop()


@pytest.fixture
def simulator(running_simulator):
    """The module's simulator, back at the demo seed; afterwards no answer may have failed agent_output.xsd."""
    running_simulator.reset()
    yield running_simulator
    bad = [(entry.operations, entry.response_errors) for entry in running_simulator.log if entry.response_errors]
    assert not bad, 'answers that fail agent_output.xsd (simulator bugs): %r' % bad


@pytest.fixture
def client(simulator):
    agent = AgentClient(simulator)
    yield agent
    agent.close()
