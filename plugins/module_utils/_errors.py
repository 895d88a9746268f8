# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is PRIVATE to the hosting.mail collection. It may change at any time.

"""Typed errors of the panel clients.

The clients build every message with their redactor, so the texts here never carry a secret.
Modules turn these errors into ``fail_json`` in one place (``_module.run_module``).
"""

from __future__ import annotations


class PanelError(Exception):
    """Base of every error a panel client raises."""

    def __init__(self, message, url=None, status=None):
        super().__init__(message)
        self.message = message
        self.url = url
        self.status = status

    def to_result(self):
        """The facts a playbook may test, as returned in the failed task's ``error``."""
        result = {'type': type(self).__name__, 'url': self.url}
        if self.status is not None:
            result['http_status'] = self.status
        return result


class TransportError(PanelError):
    """No usable HTTP answer arrived: connection refused or reset, timeout, broken response.

    ``request_sent`` tells whether the panel may have received the request: ``False`` when the
    connection was never made (safe to repeat anything), ``True`` when it may have been processed
    (a write's outcome is then unknown and must be read back, not repeated).
    """

    def __init__(self, message, url=None, request_sent=True, attempts=1):
        super().__init__(message, url=url)
        self.request_sent = request_sent
        self.attempts = attempts

    def to_result(self):
        result = super().to_result()
        result.update(request_sent=self.request_sent, attempts=self.attempts)
        return result


class CertificateError(TransportError):
    """The panel's TLS certificate could not be verified."""

    def __init__(self, message, url=None):
        super().__init__(message, url=url, request_sent=False)


class GarbledAnswerError(PanelError):
    """An answer arrived but cannot be read: empty, cut, not the expected format, or hostile."""


class XmlParseError(GarbledAnswerError):
    """An answer that is not well-formed XML, or that tries to use a DTD or entities."""


class OptionError(PanelError):
    """An option value (or a pair of them) that cannot be used: found before anything is sent, or by comparing it
    with what the panel holds (a site_id of another domain)."""


class HttpStatusError(PanelError):
    """The panel answered with an HTTP status the client does not accept."""

    def __init__(self, message, url=None, status=None, attempts=1):
        super().__init__(message, url=url, status=status)
        self.attempts = attempts


class AuthenticationError(PanelError):
    """The panel refused the credentials, or the caller's address (HTTP 401/403 or a panel code)."""

    def __init__(self, message, url=None, status=None, code=None):
        super().__init__(message, url=url, status=status)
        self.code = code

    def to_result(self):
        result = super().to_result()
        if self.code is not None:
            result['code'] = self.code
        return result


class ApiError(PanelError):
    """The panel processed the request and answered with an error code of its own."""

    def __init__(self, message, url=None, status=None, code=None, text=None, operation=None):
        super().__init__(message, url=url, status=status)
        self.code = code
        self.text = text
        self.operation = operation

    @classmethod
    def from_answer(cls, panel, url, code, text, operation=None, status=None):
        """The standard message: panel, code, operation, URL, HTTP status and the panel's own text.

        ``url`` and ``text`` must already be redacted; ``HttpClient.api_error`` does that.
        """
        where = ' in %s' % operation if operation else ''
        http = ' (HTTP %s)' % status if status is not None else ''
        message = '%s API error %s%s at %s%s: %s' % (panel, code, where, url, http, text or '(no error text)')
        return cls(message, url=url, status=status, code=code, text=text, operation=operation)

    def to_result(self):
        result = super().to_result()
        result.update(code=self.code, text=self.text, operation=self.operation)
        return result


class MissingLibraryError(PanelError):
    """A Python library the client needs is not installed on the host that runs the module."""

    def __init__(self, library, import_error=None):
        super().__init__('The Python library %s is required but could not be imported.' % library)
        self.library = library
        self.import_error = import_error


class WriteOutcomeError(PanelError):
    """A write whose answer was lost, after reading the panel back: ``outcome`` is ``not_done`` or ``unknown``."""

    def __init__(self, message, outcome):
        super().__init__(message)
        self.outcome = outcome

    def to_result(self):
        result = super().to_result()
        result['write_outcome'] = self.outcome
        return result


def outcome_unknown(error):
    """True when a failed write may still have been carried out by the panel (its answer was lost)."""
    if isinstance(error, TransportError):
        return error.request_sent is not False
    if isinstance(error, HttpStatusError):
        # A gateway or server error may come after the panel did the work.
        return error.status is not None and error.status >= 500
    return isinstance(error, GarbledAnswerError)
