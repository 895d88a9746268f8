# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""One agent.php request: the checks Plesk makes, in its order, then the operations in packet order.

Every failed check is a system error (no operator element in the answer): the credentials (1001,
or 11003 for a secret key), the Content-Type, the XML syntax (1014), the protocol version (1005),
elements the server's schema at that version lacks (1014), the schema (1014). A packet that passes runs whole: operations the simulator does not simulate
answer a result with 1017, or, where the output XSD allows no such result, fail the packet (1014).
"""

from __future__ import annotations

from .operators import OPERATORS, VERSION_GATES
from .protocol import (
    AUTHENTICATION_FAILED,
    NEWEST_VERSION,
    NOT_SUPPORTED,
    PARSE_ERROR,
    SECRET_KEY_INVALID,
    VERSION_NOT_SUPPORTED,
    Call,
    PacketError,
    ResultError,
    add,
    children,
    error_result,
    new_packet,
    not_expected,
    parse_xml,
    select_version,
    serialize,
    system_error_packet,
)


class Step:
    """One operation element of a packet, the Operation that answers it (None: unsupported), its log label."""

    def __init__(self, element, operation, label):
        self.element = element
        self.operation = operation
        self.label = label


class Outcome:
    """The answer to one request, and what the request log keeps of it."""

    def __init__(self, body, operations, write, response_errors):
        self.body = body
        self.operations = operations
        self.write = write
        self.response_errors = response_errors


def header(headers, name):
    """A request header by name, in any case (``headers`` may be a plain dict)."""
    for key, value in headers.items():
        if key.lower() == name.lower():
            return value
    return None


def _authenticate(headers, panel):
    key = header(headers, 'KEY')
    if key is not None:  # a secret key replaces login and password
        if not panel.secret_key_matches(key):
            raise PacketError(SECRET_KEY_INVALID, 'Secret key validation failed.')
        return
    if not panel.password_matches(header(headers, 'HTTP_AUTH_LOGIN'), header(headers, 'HTTP_AUTH_PASSWD')):
        raise PacketError(AUTHENTICATION_FAILED, 'Authentication failed - wrong password.')


def _check_content_type(headers):
    content_type = header(headers, 'Content-Type') or ''
    if content_type.split(';')[0].strip().lower() != 'text/xml':
        raise PacketError(PARSE_ERROR, 'Request is invalid. The Content-Type must be text/xml, not %r.' % content_type)


def plan(root):
    """The operator elements of a packet, each with its Steps, in packet order."""
    operators = []
    for operator in children(root):
        if operator.tag == 'request-settings':
            continue
        operations = OPERATORS.get(operator.tag, {})
        steps = []
        for element in children(operator):
            operation = operations.get(element.tag)
            label = '%s/%s' % (operator.tag, element.tag)
            if operation is not None and operation.by_child and children(element):
                label += '/' + children(element)[0].tag
            steps.append(Step(element, operation, label))
        operators.append((operator, steps))
    return operators


def _check_known(operators, version, quirks):
    """1014 for an element the server's own schema at ``version`` lacks, though the 1.6.6.0 XSDs have it."""
    for operator, _steps in operators:
        gate = VERSION_GATES.get(operator.tag)
        unknown = gate(operator, version, quirks) if gate is not None else None
        if unknown is not None:
            raise not_expected(unknown)


def _answer_unsupported(operator_response, step):
    error = ResultError(NOT_SUPPORTED, '%s is not supported by the simulator' % step.label)
    error_result(add(operator_response, step.element.tag), error)


def _check_unsupported(operators, version, schemas):
    """Fail the packet for an unsupported operation whose output type has no room for a 1017 result."""
    if schemas is None:
        return
    for operator, steps in operators:
        for step in steps:
            if step.operation is None:
                probe = new_packet(version)
                _answer_unsupported(add(probe, operator.tag), step)
                if schemas.validate_response(probe):
                    raise PacketError(PARSE_ERROR, 'Request is invalid. %s is not supported by the simulator.' % step.label)


def _run(operators, call):
    packet = new_packet(call.version)
    for operator, steps in operators:
        operator_response = add(packet, operator.tag)
        for step in steps:
            if step.operation is None:
                _answer_unsupported(operator_response, step)
            else:
                step.operation.handler(call, step.element, add(operator_response, step.element.tag))
    return packet


def _summary(operators):
    """The log labels of a packet's operations, and whether any of them asks for a change."""
    steps = [step for _operator, operator_steps in operators for step in operator_steps]
    return [step.label for step in steps], any(step.operation is not None and step.operation.writes for step in steps)


def describe(body):
    """``(operation labels, write)`` of a request without running it, as ``answer`` would log them."""
    try:
        root = parse_xml(body)
    except PacketError:
        return [], False
    return _summary(plan(root))


def answer(headers, body, panel, schemas, quirks):
    """Answer one agent.php request: ``headers`` (mapping), ``body`` (bytes) -> Outcome."""
    version = NEWEST_VERSION  # what system errors report until the packet has chosen
    operators = []
    try:
        root = parse_xml(body)
    except PacketError as error:
        root, parse_error = None, error
    else:
        parse_error, operators = None, plan(root)
    try:
        _authenticate(headers, panel)
        _check_content_type(headers)
        if parse_error is not None:
            raise parse_error
        if root.tag != 'packet':
            raise PacketError(PARSE_ERROR, "Parser error: Request is invalid. The root element must be 'packet'.")
        requested = select_version(root.get('version'))
        if requested is None:
            raise PacketError(VERSION_NOT_SUPPORTED, 'XML API protocol version %s is not supported.' % root.get('version'))
        version = requested
        _check_known(operators, version, quirks)
        errors = schemas.validate_request(root, version) if schemas is not None else []
        if errors:
            raise PacketError(PARSE_ERROR, 'Parser error: Request is invalid. Error in %s' % errors[0])
        _check_unsupported(operators, version, schemas)
        packet = _run(operators, Call(panel, version, quirks))
    except PacketError as error:
        packet = system_error_packet(version, error)
    pretty = (header(headers, 'HTTP_PRETTY_PRINT') or '').strip().upper() == 'TRUE'
    operations, write = _summary(operators)
    return Outcome(
        body=serialize(packet, pretty),
        operations=operations,
        write=write,
        response_errors=schemas.validate_response(packet) if schemas is not None else [],
    )
