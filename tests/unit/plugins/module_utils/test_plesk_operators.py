# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The message of a server without <user>/<role> or <spamfilter> (_plesk.operator_refused), word for word for each."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from ansible_collections.hosting.mail.plugins.module_utils._errors import ApiError
from ansible_collections.hosting.mail.plugins.module_utils import _plesk_spamfilter, _plesk_user

PIN = 'pin plesk_api_version: "1.6.9.0" (or PLESK_API_VERSION) to use it.'
USER = 'This Plesk server does not accept the <user>/<role> operators (error 1017: Unsupported). '
SPAM = 'This Plesk server does not accept the <spamfilter> operator (error 1017: Unsupported). '


@pytest.mark.parametrize('refused, version, message', [
    (_plesk_user._operator_refused, None,
     USER + 'Plesk documents the <user> operator only up to protocol 1.6.9.0 and newer servers drop it; ' + PIN),
    (_plesk_user._operator_refused, '1.6.9.0', USER + 'The server refused the packet at the pinned protocol 1.6.9.0.'),
    (_plesk_spamfilter.operator_refused, '1.6',
     SPAM + 'Plesk documents <spamfilter> only up to protocol 1.6.9.0 and newer servers drop it; ' + PIN),
    (_plesk_spamfilter.operator_refused, '1.6.3.0',
     SPAM + 'The server refused it at the pinned protocol 1.6.3.0; its spam filter may not be installed.'),
], ids=['user', 'user pinned', 'spamfilter', 'spamfilter pinned'])
def test_each_operator_keeps_its_wording(refused, version, message):
    error = ApiError('x', url='https://panel.example.com:8443/enterprise/control/agent.php', status=200, code=1017,
                     text='Unsupported', operation='user/get')
    said = refused(SimpleNamespace(version=version), error)
    assert said.message == message
    assert (said.url, said.status, said.code, said.text, said.operation) == (error.url, 200, 1017, 'Unsupported', 'user/get')
