# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The hardened XML parser: no entities, no DTD, no network."""

from __future__ import annotations

import pytest

from ansible_collections.hosting.mail.plugins.module_utils._xml import parse_xml
from ansible_collections.hosting.mail.plugins.module_utils._errors import XmlParseError

XXE = b'''<?xml version="1.0"?>
<!DOCTYPE packet [<!ENTITY leak SYSTEM "file:///etc/passwd">]>
<packet><system><errtext>&leak;</errtext></system></packet>'''

LAUGHS = b'''<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<packet>&lol4;</packet>'''


def test_plain_packets_parse():
    root = parse_xml('<packet version="1.6.6.0"><x>a &amp; b ä</x></packet>'.encode('utf-8'))
    assert root.get('version') == '1.6.6.0'
    assert root.findtext('x') == 'a & b ä'


@pytest.mark.parametrize('payload', [XXE, LAUGHS], ids=['xxe', 'billion-laughs'])
def test_documents_with_a_dtd_are_refused(payload):
    with pytest.raises(XmlParseError, match='DOCTYPE'):
        parse_xml(payload, url='https://panel:8443/enterprise/control/agent.php')


def test_garbage_is_a_clear_error():
    with pytest.raises(XmlParseError, match='not well-formed XML'):
        parse_xml(b'<html><body>Login</body>', url='https://panel:8443/x')
