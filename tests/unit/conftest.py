# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Fixtures shared by the unit tests: throw-away certificates and scripted HTTP(S) servers."""

from __future__ import annotations

import pytest

from ansible_collections.hosting.mail.tests.support.scripted_server import ScriptedServer
from ansible_collections.hosting.mail.tests.support.tls import make_ca_signed, make_self_signed


@pytest.fixture(scope='session')
def ca_signed(tmp_path_factory):
    return make_ca_signed(str(tmp_path_factory.mktemp('ca-signed')))


@pytest.fixture(scope='session')
def self_signed(tmp_path_factory):
    return make_self_signed(str(tmp_path_factory.mktemp('self-signed')))


def _serve(request, **kwargs):
    server = ScriptedServer(**kwargs).start()
    request.addfinalizer(server.stop)
    # After the test: every request was expected, every scripted answer was used.
    request.addfinalizer(server.check_script)
    return server


@pytest.fixture
def http_server(request):
    """A plain-HTTP scripted server."""
    return _serve(request)


@pytest.fixture
def https_server(request, ca_signed):
    """An HTTPS scripted server whose certificate a private CA signed (``ca_signed.ca_cert``)."""
    return _serve(request, certfile=ca_signed.server_cert, keyfile=ca_signed.server_key)


@pytest.fixture
def self_signed_server(request, self_signed):
    """An HTTPS scripted server with a self-signed certificate, as many panels have."""
    return _serve(request, certfile=self_signed.server_cert, keyfile=self_signed.server_key)


class SleepRecorder:
    """Stands in for time.sleep: records the delays without waiting."""

    def __init__(self):
        self.calls = []

    def __call__(self, seconds):
        self.calls.append(seconds)


@pytest.fixture
def sleeps():
    return SleepRecorder()
