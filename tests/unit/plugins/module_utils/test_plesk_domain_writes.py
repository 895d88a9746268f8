# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The writes of _plesk_domain that plesk_mail, plesk_mail_domain and plesk_dns_auth share: send_checked (with its
completed_operations) and write_settings (a guarded settings packet), replayed over a real socket."""

from __future__ import annotations

import pytest

from ansible_collections.hosting.mail.plugins.module_utils._errors import ApiError, WriteOutcomeError
from ansible_collections.hosting.mail.plugins.module_utils._http import HttpClient
from ansible_collections.hosting.mail.plugins.module_utils._plesk import PleskClient
from ansible_collections.hosting.mail.plugins.module_utils import _plesk_domain as domains
from ansible_collections.hosting.mail.tests.support.scripted_server import Reset, Respond
from ansible_collections.hosting.mail.tests.unit.plesk_packets import answer, canonical, error, ok

GET_PREFS = '<packet><mail><get_prefs><filter><site-id>7</site-id></filter></get_prefs></mail></packet>'
# greylisting off and the mail service switched off, in one packet: set_prefs, then disable.
SWITCH_OFF = ('<packet><mail><set_prefs><filter><site-id>7</site-id></filter><prefs><greylisting>false</greylisting></prefs>'
              '</set_prefs></mail><mail><disable><site-id>7</site-id></disable></mail></packet>')
DONE = [ok(('site-id', 7))]


def prefs(greylisting, mail_service):
    return answer(('mail', 'get_prefs', [ok(('site-id', 7), ('prefs', [
        ('webmail', 'roundcube'), ('greylisting', str(greylisting).lower()), ('mailservice', str(mail_service).lower())]))]))


def write(server, sleeps, result, warnings=None, **flags):
    client = PleskClient(HttpClient(server.url, sleep=sleeps), 'admin', 'secret')
    domains.write_settings(client, (warnings if warnings is not None else []).append, result, 7, 'example.com',
                           {'greylisting': False}, False, 'the change', **flags)


def sent(server):
    return [canonical(request.body) for request in server.requests]


@pytest.mark.parametrize('record', [True, False])
def test_a_packet_refused_part_way_names_what_was_done_when_recorded(http_server, sleeps, record):
    http_server.script = [Respond(200, answer(('mail', 'set_prefs', DONE), ('mail', 'disable', [error(1019, 'No')])))]
    result = {}
    with pytest.raises(ApiError) as caught:
        write(http_server, sleeps, result, record=record)
    assert caught.value.code == 1019 and caught.value.operation == 'mail/disable'
    assert result.get('completed_operations') == (['mail/set_prefs'] if record else None)
    assert sent(http_server) == [canonical(SWITCH_OFF)]


def test_a_packet_done_whole_leaves_no_completed_operations(http_server, sleeps):
    # (What an earlier write of the task left is taken away too: the last write's packet was done whole.)
    http_server.script = [Respond(200, answer(('mail', 'set_prefs', DONE), ('mail', 'disable', DONE)))]
    result = {'completed_operations': ['mail/set_prefs']}
    write(http_server, sleeps, result)
    assert 'completed_operations' not in result


@pytest.mark.parametrize('check_switch, outcome', [(True, 'not_done'), (False, 'done')])
def test_a_lost_answer_reads_the_switch_back_only_when_asked(http_server, sleeps, check_switch, outcome):
    # The panel took the setting but not the switch (its mail service is still on).
    http_server.script = [Reset(), Respond(200, prefs(greylisting=False, mail_service=True))]
    result, warnings = {}, []
    if outcome == 'not_done':
        with pytest.raises(WriteOutcomeError):
            write(http_server, sleeps, result, warnings, check_switch=check_switch)
    else:
        write(http_server, sleeps, result, warnings, check_switch=check_switch)
        assert warnings and 'reading the panel back shows it was done' in warnings[0]
    assert result['write_outcome'] == outcome
    assert sent(http_server) == [canonical(SWITCH_OFF), canonical(GET_PREFS)]


def test_a_lost_answer_with_the_setting_not_taken_is_not_done(http_server, sleeps):
    http_server.script = [Reset(), Respond(200, prefs(greylisting=True, mail_service=False))]
    result = {}
    with pytest.raises(WriteOutcomeError):
        write(http_server, sleeps, result, check_switch=False)
    assert result['write_outcome'] == 'not_done'
