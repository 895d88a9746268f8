# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A small agent.php client for tests of the simulator: one kept-alive connection, every answer checked.

    client = AgentClient(simulator)
    answer = client.request(packet(element('mail', element('get_info', element('filter', element('site-id', 1))))))

Every answer is validated against agent_output.xsd when the simulator has the XSDs: an answer that
fails is a simulator bug and raises ResponseSchemaError.
"""

from __future__ import annotations

import http.client
import ssl

from lxml import etree

from .protocol import parse_xml
from .server import AGENT_PATH


class ResponseSchemaError(AssertionError):
    """The simulator answered with a packet that agent_output.xsd rejects."""


def element(tag, *content, **attributes):
    """An element with children (elements; lists of them are flattened) and text (str, int, bool); None is skipped."""
    node = etree.Element(tag, {name: str(value) for name, value in attributes.items() if value is not None})
    for item in content:
        for part in item if isinstance(item, (list, tuple)) else [item]:
            if part is None:
                continue
            if isinstance(part, etree._Element):  # pylint: disable=protected-access
                node.append(part)
            elif isinstance(part, bool):
                node.text = 'true' if part else 'false'
            else:
                node.text = str(part)
    return node


def packet(*operators, version=None):
    return element('packet', *operators, version=version)


class AgentClient:
    """Posts packets to a running PleskSimulator; credentials default to the panel's admin."""

    def __init__(self, simulator, login=None, password=None, key=None):
        self.simulator = simulator
        if key is not None:
            self.credentials = {'KEY': key}
        else:
            self.credentials = {'HTTP_AUTH_LOGIN': login if login is not None else simulator.panel.admin['login'],
                                'HTTP_AUTH_PASSWD': password if password is not None else simulator.panel.admin['password']}
        self.connection = None

    def _connection(self):
        if self.connection is None:
            if self.simulator.tls:
                context = ssl.create_default_context(cafile=self.simulator.ca_cert)
                self.connection = http.client.HTTPSConnection('127.0.0.1', self.simulator.port, timeout=10, context=context)
            else:
                self.connection = http.client.HTTPConnection('127.0.0.1', self.simulator.port, timeout=10)
        return self.connection

    def post(self, body, headers=None, path=AGENT_PATH, method='POST'):
        """Send raw bytes (or an element); returns ``(http.client.HTTPResponse, body bytes)``."""
        if isinstance(body, etree._Element):  # pylint: disable=protected-access
            body = etree.tostring(body, encoding='UTF-8')
        all_headers = {'Content-Type': 'text/xml'}
        all_headers.update(self.credentials)
        all_headers.update(headers or {})
        all_headers = {name: value for name, value in all_headers.items() if value is not None}
        connection = self._connection()
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        return response, response.read()

    def request(self, body, headers=None):
        """Post a packet and return the answer's root element, once it passed agent_output.xsd."""
        response, answer = self.post(body, headers)
        if response.status != 200:
            raise ResponseSchemaError('agent.php answered HTTP %d' % response.status)
        self.check(answer)
        return parse_xml(answer)

    def check(self, answer):
        if self.simulator.schemas is not None:
            errors = self.simulator.schemas.validate_response(answer)
            if errors:
                raise ResponseSchemaError('answer fails agent_output.xsd: %s\n%s' % ('; '.join(errors), answer.decode()))

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None
