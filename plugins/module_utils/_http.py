# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is PRIVATE to the hosting.mail collection. It may change at any time.

"""The HTTP core shared by the Plesk and BrainyCP clients.

One ``HttpClient`` per module run holds one ``requests.Session``, so every request of the run
reuses one keep-alive connection. It verifies certificates unless told not to, retries only what is
safe to repeat, bounds the time it spends waiting between attempts, and raises the typed errors of
``_errors`` with messages that name the URL and status and never carry a secret.

It never touches ``AnsibleModule``: ``_module`` translates options and errors for the modules.
"""

from __future__ import annotations

import html
import os
import re
import socket
import ssl
import time
import traceback
import warnings
from collections import namedtuple
from urllib.parse import urlsplit, urlunsplit

from ansible_collections.hosting.mail.plugins.module_utils._errors import (
    ApiError,
    AuthenticationError,
    CertificateError,
    HttpStatusError,
    MissingLibraryError,
    OptionError,
    TransportError,
)
from ansible_collections.hosting.mail.plugins.module_utils._redact import Redactor

# requests is imported on first use, not with this file: it costs about 40 ms, which the role's filters (they read
# the argument specs that import this file) would otherwise pay in every task's worker process. HAS_REQUESTS and
# REQUESTS_IMPORT_ERROR are still module attributes (see __getattr__); the three names below are set by
# _load_requests(), which every user of them calls first.
requests = requests_errors = urllib3_errors = None


def _load_requests():
    """Import requests once; True when it is there (or as a test has set ``HAS_REQUESTS``)."""
    state = globals()
    if 'HAS_REQUESTS' not in state:
        try:
            import requests as requests_module  # pylint: disable=import-outside-toplevel
            from requests import exceptions as requests_exceptions  # pylint: disable=import-outside-toplevel
            from urllib3 import exceptions as urllib3_exceptions  # pylint: disable=import-outside-toplevel
        except ImportError:
            state.update(HAS_REQUESTS=False, REQUESTS_IMPORT_ERROR=traceback.format_exc())
        else:
            state.update(requests=requests_module, requests_errors=requests_exceptions,
                         urllib3_errors=urllib3_exceptions, HAS_REQUESTS=True, REQUESTS_IMPORT_ERROR=None)
    return state['HAS_REQUESTS']


def __getattr__(name):
    if name in ('HAS_REQUESTS', 'REQUESTS_IMPORT_ERROR'):
        _load_requests()
        return globals()[name]
    raise AttributeError('module %r has no attribute %r' % (__name__, name))


USER_AGENT = 'hosting.mail (Ansible collection)'
DEFAULT_TIMEOUT = 30
# A panel answer larger than this is refused rather than read into memory.
DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024
_CHUNK_BYTES = 64 * 1024


def has_valid_port(parts):
    """Whether a ``urlsplit`` result's port (if any) is a number; ``parts.port`` raises when it is not."""
    try:
        parts.port  # pylint: disable=pointless-statement
    except ValueError:
        return False
    return True


def panel_base_url(url, default_scheme, default_ports, api_path):
    """The panel's base URL from what a user wrote: 'host', 'https://host', or the full API URL.

    ``default_scheme`` goes in front of a bare host; ``default_ports`` (scheme -> port) fills a missing port;
    a trailing ``api_path`` is dropped. A URL that cannot be mended is returned as given, for ``HttpClient``
    to refuse with a message naming the option.
    """
    url = (url or '').strip()
    if '://' not in url:
        url = '%s://%s' % (default_scheme, url)
    parts = urlsplit(url)
    if not has_valid_port(parts):
        return url
    netloc = parts.netloc
    if parts.port is None and parts.hostname and parts.scheme in default_ports:
        netloc = '%s:%d' % (netloc, default_ports[parts.scheme])
    path = parts.path.rstrip('/')
    if path.endswith(api_path):
        path = path[:-len(api_path)]
    return urlunsplit((parts.scheme, netloc, path.rstrip('/'), '', ''))


class RetryPolicy:
    """How often and how long to try again.

    ``attempts`` counts the first try. Between attempts the client sleeps ``backoff``, doubled each
    time and capped at ``max_delay`` (a ``Retry-After`` header counts, within the same cap); it stops
    early rather than let the sleeps add up to more than ``max_total_wait`` seconds.
    """

    def __init__(self, attempts=4, backoff=0.5, max_delay=4.0, max_total_wait=10.0, statuses=(502, 503, 504)):
        if attempts < 1:
            raise OptionError('A retry policy needs at least one attempt.')
        self.attempts = attempts
        self.backoff = backoff
        self.max_delay = max_delay
        self.max_total_wait = max_total_wait
        self.statuses = frozenset(statuses)

    def delay(self, retry_number, retry_after=None):
        """Seconds to sleep before retry number ``retry_number`` (1 for the first retry)."""
        if retry_after is not None:
            return min(self.max_delay, max(0.0, retry_after))
        return min(self.max_delay, self.backoff * (2 ** (retry_number - 1)))


class HttpResponse(namedtuple('HttpResponse', 'status reason headers body url')):
    """An HTTP answer, read in full."""

    __slots__ = ()

    @property
    def text(self):
        return self.body.decode('utf-8', errors='replace')


class _Attempt:
    """What one try produced: a response, or a transport error and whether it may be retried."""

    def __init__(self, response=None, error=None, retryable=False):
        self.response = response
        self.error = error
        self.retryable = retryable


def _retry_after_seconds(headers):
    value = headers.get('Retry-After') if headers is not None else None
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        return None  # An HTTP date: use the normal backoff instead.


def _excerpt(text, limit=200):
    """The start of ``text`` on one line; redact before, never after: a cut through a secret leaves an unmatched prefix."""
    text = ' '.join(text.split())
    return text if len(text) <= limit else text[:limit] + '...'


_TAG = re.compile(r'<[^>]*>')


def html_text(text):
    """The words of an HTML page (tags dropped, entities decoded): an error page's point without its markup."""
    return html.unescape(_TAG.sub(' ', text))


def _looks_like_html(response):
    start = response.body[:200].lstrip().lower()
    return 'html' in (response.headers.get('Content-Type') or '').lower() or start.startswith((b'<!doctype html', b'<html'))


_ERRNO_TEXT = re.compile(r'\[Errno -?\d+\] ([^\'")\]]+)')
# OpenSSL's reason runs to " (_ssl.c:NNN)" and may quote the host name ("not valid for 'panel'."), so it
# ends there and not at the first quote, which cut the host name off.
_CERT_TEXT = re.compile(r'certificate verify failed: (.+?)\s*(?:\(_ssl\.c:\d+\)|["\']?\)+$|$)')
# X509_V_ERR_* codes that mean "not signed by a CA you trust", as opposed to expired, revoked or a name mismatch.
_UNTRUSTED_ISSUER = frozenset((2, 18, 19, 20, 21))
_NAME_MISMATCH = frozenset((62, 64))  # hostname, IP address


def _cert_verify_error(exc):
    """The ``ssl.SSLCertVerificationError`` somewhere inside a requests/urllib3 exception, or None."""
    seen = set()
    pending = [exc]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ssl.SSLCertVerificationError):
            return current
        if isinstance(current, BaseException):
            pending.extend(arg for arg in current.args if isinstance(arg, BaseException))
            pending.extend((getattr(current, 'reason', None), current.__cause__, current.__context__))
    return None


def _describe(exc, redact=str):
    """A short human reason for a requests/urllib3 exception, without object reprs or URLs."""
    _load_requests()
    verify_error = _cert_verify_error(exc)
    if verify_error is not None and getattr(verify_error, 'verify_message', None):
        return 'certificate verify failed: ' + redact(verify_error.verify_message).strip().rstrip('.')
    text = redact(str(exc))
    match = _CERT_TEXT.search(text)
    if match:
        return 'certificate verify failed: ' + match.group(1).strip().rstrip('.')
    if isinstance(exc, requests_errors.ConnectTimeout):
        return 'connecting timed out'
    if isinstance(exc, requests_errors.ReadTimeout):
        return 'no answer within the timeout'
    if 'RemoteDisconnected' in text:
        return 'the panel closed the connection without answering'
    if 'IncompleteRead' in text or isinstance(exc, requests_errors.ChunkedEncodingError):
        return 'the answer was cut off before its end'
    match = _ERRNO_TEXT.search(text)
    if match:
        return match.group(1).strip()
    if 'ConnectionResetError' in text or 'Connection reset' in text:
        return 'connection reset by peer'
    return '%s: %s' % (type(exc).__name__, _excerpt(text))


def _never_sent(exc):
    """True when the request certainly did not reach the panel (no connection was made)."""
    _load_requests()
    if isinstance(exc, requests_errors.ConnectTimeout):
        return True
    if isinstance(exc, requests_errors.ConnectionError) and exc.args:
        reason = getattr(exc.args[0], 'reason', exc.args[0])
        # NewConnectionError (refused, unreachable, name resolution) subclasses ConnectTimeoutError.
        return isinstance(reason, urllib3_errors.ConnectTimeoutError)
    return False


class HttpClient:
    """POSTs to one panel over one keep-alive session; see the module docstring."""

    def __init__(self, base_url, validate_certs=True, ca_path=None, timeout=DEFAULT_TIMEOUT, retry=None,
                 secrets=(), basic_auth=None, headers=None, debug=None, sleep=time.sleep, clock=time.monotonic,
                 max_response_bytes=DEFAULT_MAX_RESPONSE_BYTES, url_option='The panel URL',
                 url_example='https://panel.example.com:8443'):
        if not _load_requests():
            raise MissingLibraryError('requests', globals()['REQUESTS_IMPORT_ERROR'])
        self.redact = Redactor(secrets)
        if basic_auth:
            self.redact.add(basic_auth[1])
            # The Authorization header carries base64 of user:password: an echo of it must be masked too.
            if basic_auth[1]:
                self.redact.add('%s:%s' % (basic_auth[0], basic_auth[1]))
        # Messages about the URL name the module option it came from, with an example for that panel.
        self.url_option, self.url_example = url_option, url_example
        self.base_url = self._check_url(base_url)
        if timeout is None or timeout <= 0:
            raise OptionError('timeout must be a positive number of seconds, not %r.' % (timeout,))
        if validate_certs and ca_path and not os.path.isfile(ca_path):
            raise OptionError('ca_path %s is not a file: give the PEM file of the CA that signed the panel certificate.'
                              % self.redact(ca_path))
        self.validate_certs = bool(validate_certs)
        self.ca_path = ca_path if validate_certs else None
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.basic_auth = tuple(basic_auth) if basic_auth else None
        self.headers = dict(headers or {})
        self.max_response_bytes = max_response_bytes
        self._debug = debug
        self._sleep = sleep
        self._clock = clock
        self._session = None
        self._tls_port = None  # whether an http:// base URL's port speaks TLS; probed once, on the first dropped request
        self.warnings = []
        if urlsplit(self.base_url).scheme == 'http':
            self.warnings.append(
                '%s uses plain HTTP: the credentials and all data cross the network unencrypted. '
                'Use an https:// URL if the panel offers one.' % self.redact(self.base_url))
        elif not self.validate_certs:
            self.warnings.append(
                'Certificate checks are off (validate_certs=false) for %s: anyone on the network path can '
                'pose as the panel and read the credentials. Prefer ca_path with the panel\'s CA certificate.'
                % self.redact(self.base_url))

    def _check_url(self, url):
        parts = urlsplit(url or '')
        if parts.scheme not in ('http', 'https') or not parts.hostname:
            raise OptionError('%s %r must look like %s.' % (self.url_option, self.redact(url or ''), self.url_example))
        if not has_valid_port(parts):
            raise OptionError('%s %r has a port that is not a number; it must look like %s.'
                              % (self.url_option, self.redact(url), self.url_example))
        return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip('/'), '', ''))

    def url_for(self, path):
        return self.base_url + '/' + path.lstrip('/')

    def api_error(self, panel, code, text, operation=None, status=None, path=''):
        """An ``ApiError`` for an error the panel reported inside a valid answer, redacted."""
        return ApiError.from_answer(panel, self.redact(self.url_for(path) if path else self.base_url), code,
                                    self.redact(text), operation=operation, status=status)

    def log(self, message):
        """Send one redacted debug line to the caller's sink, if any."""
        if self._debug is not None:
            self._debug(self.redact(message))

    def _get_session(self):
        if self._session is None:
            session = requests.Session()
            session.headers['User-Agent'] = USER_AGENT
            session.headers.update(self.headers)
            if self.basic_auth:
                # As UTF-8 bytes: requests would send str credentials as Latin-1, which an htpasswd file made in a
                # UTF-8 terminal does not match.
                session.auth = tuple(part.encode('utf-8') for part in self.basic_auth)
            self._session = session
        return self._session

    def close(self):
        if self._session is not None:
            self._session.close()
            self._session = None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def post(self, path, body, headers=None, safe_to_repeat=False, accept_statuses=()):
        """POST ``body`` to ``path`` under the base URL and return the ``HttpResponse``.

        ``safe_to_repeat`` marks a request whose repetition changes nothing (a read). Only such
        requests are retried after the panel may have seen them (reset, timeout, HTTP 502/503/504);
        any request is retried when no connection could be made at all.
        Statuses in ``accept_statuses`` are returned for the caller to interpret instead of raised.
        """
        url = self.url_for(path)
        waited = 0.0
        attempt = 0
        while True:
            attempt += 1
            outcome = self._attempt(url, body, headers, safe_to_repeat, attempt)
            response = outcome.response
            if response is not None and not (response.status in self.retry.statuses and safe_to_repeat):
                return self._check_status(response, attempt, accept_statuses)
            if response is None and not outcome.retryable:
                raise outcome.error
            retry_after = _retry_after_seconds(response.headers) if response is not None else None
            delay = self.retry.delay(attempt, retry_after)
            if attempt >= self.retry.attempts or waited + delay > self.retry.max_total_wait:
                if response is not None:
                    return self._check_status(response, attempt, accept_statuses)
                raise outcome.error
            self.log('POST %s: attempt %d of %d failed (%s); retrying in %.1f s'
                     % (url, attempt, self.retry.attempts,
                        'HTTP %d' % response.status if response is not None else outcome.error.message, delay))
            self._sleep(delay)
            waited += delay

    def _attempt(self, url, body, headers, safe_to_repeat, attempt):
        started = self._clock()
        try:
            with warnings.catch_warnings():
                if not self.validate_certs:
                    # The user chose this and has been warned once; urllib3 would warn per request on stderr.
                    warnings.simplefilter('ignore', urllib3_errors.InsecureRequestWarning)
                raw = self._get_session().post(url, data=body, headers=headers, timeout=(self.timeout, self.timeout),
                                               allow_redirects=False, stream=True,
                                               # Per request: a session-level value loses to REQUESTS_CA_BUNDLE.
                                               verify=self.ca_path or self.validate_certs)
                try:
                    content = self._read_body(raw, url)
                finally:
                    raw.close()
        except requests_errors.RequestException as exc:
            error = self._transport_error(exc, url, attempt)
            if (urlsplit(url).scheme == 'http' and isinstance(exc, requests_errors.ConnectionError) and not _never_sent(exc)
                    and not isinstance(exc, requests_errors.Timeout) and self._speaks_tls()):
                # A TLS port drops a plain HTTP request every time: not transient, so it is not retried.
                error = self._plain_http_to_tls_port(url, attempt, 'the server dropped the plain HTTP request (%s)' % _describe(exc, self.redact))
                self.log('POST %s: attempt %d: %s' % (url, attempt, error.message))
                return _Attempt(error=error, retryable=False)
            retryable = not isinstance(error, CertificateError) and (not error.request_sent or safe_to_repeat)
            if isinstance(exc, (requests_errors.InvalidURL, requests_errors.InvalidHeader)):
                retryable = False
            self.log('POST %s: attempt %d: %s' % (url, attempt, error.message))
            return _Attempt(error=error, retryable=retryable)
        except (OSError, ValueError) as exc:
            # For example an unreadable CA bundle: a local problem that a retry cannot fix.
            return _Attempt(error=TransportError(
                self.redact('Could not send the request to %s: %s' % (url, _describe(exc, self.redact))),
                url=self.redact(url), request_sent=False, attempts=attempt))
        response = HttpResponse(raw.status_code, raw.reason, raw.headers, content, url)
        self.log('POST %s: HTTP %d, %d bytes in %.3f s (attempt %d)'
                 % (url, response.status, len(content), self._clock() - started, attempt))
        return _Attempt(response=response)

    def _read_body(self, raw, url):
        chunks = []
        size = 0
        for chunk in raw.iter_content(_CHUNK_BYTES):
            size += len(chunk)
            if size > self.max_response_bytes:
                raise TransportError(
                    self.redact('The answer of %s is larger than %d bytes; refusing to read it.'
                                % (url, self.max_response_bytes)),
                    url=self.redact(url))
            chunks.append(chunk)
        return b''.join(chunks)

    def _transport_error(self, exc, url, attempt):
        reason = _describe(exc, self.redact)
        shown_url = self.redact(url)
        tries = ' (gave up after %d attempts)' % attempt if attempt > 1 else ''
        if isinstance(exc, requests_errors.SSLError):
            if 'certificate verify failed' in reason:
                return self._certificate_error(exc, shown_url, reason.split(': ', 1)[1])
            return TransportError(self.redact('The TLS handshake with %s failed: %s' % (shown_url, reason)),
                                  url=shown_url, request_sent=False, attempts=attempt)
        if _never_sent(exc):
            return TransportError(self.redact(
                'Could not connect to %s: %s%s. Check the URL, the port and that the panel is reachable '
                'from this host.' % (shown_url, reason, tries)), url=shown_url, request_sent=False, attempts=attempt)
        if isinstance(exc, requests_errors.ReadTimeout):
            return TransportError(self.redact(
                'No answer from %s within %s seconds%s. Raise the timeout option if the panel is slow.'
                % (shown_url, self.timeout, tries)), url=shown_url, request_sent=True, attempts=attempt)
        return TransportError(self.redact('The exchange with %s failed: %s%s.' % (shown_url, reason, tries)),
                              url=shown_url, request_sent=True, attempts=attempt)

    def _certificate_error(self, exc, shown_url, reason):
        """Say which check failed: the host name, the CA given in ca_path, or anything else."""
        verify_error = _cert_verify_error(exc)
        code = getattr(verify_error, 'verify_code', None)
        if code in _NAME_MISMATCH or 'mismatch' in reason:
            host = urlsplit(self.base_url).hostname
            names = self._certificate_names()
            valid_for = ('it is valid for %s' % ', '.join(names)) if names else 'the names it is valid for could not be read'
            return CertificateError(self.redact(
                'The TLS certificate of %s is not valid for the host name %s in %s (%s); %s. Use a name the certificate '
                'is valid for in %s, or have the panel certificate issued for %s.'
                % (shown_url, host, self._option, reason, valid_for, self._option, host)), url=shown_url)
        if self.ca_path and (code in _UNTRUSTED_ISSUER or 'issuer' in reason or 'self-signed' in reason or 'self signed' in reason):
            # The advice "set ca_path" is no help to someone who did: the file holds the wrong CA.
            return CertificateError(self.redact(
                'The TLS certificate of %s is not signed by the CA in ca_path %s (%s). Put the PEM certificate of the '
                'CA that signed the panel certificate (or the panel\'s self-signed certificate itself) in that file.'
                % (shown_url, self.ca_path, reason)), url=shown_url)
        return CertificateError(self.redact(
            'The TLS certificate of %s could not be verified: %s. If the panel uses a self-signed '
            'certificate or a private CA, give that CA certificate (PEM) in the ca_path option; only if '
            'you accept the risk, set validate_certs to false.' % (shown_url, reason)), url=shown_url)

    def _probe_timeout(self):
        return min(self.timeout, 5)

    def _certificate_names(self):
        """The DNS names and IP addresses the panel certificate is valid for; [] when they cannot be read.

        The certificate is read over a second connection that checks the chain but not the name, so only a
        certificate the CA vouches for is quoted.
        """
        parts = urlsplit(self.base_url)
        try:
            context = ssl.create_default_context(cafile=self._trusted_cas())
            context.check_hostname = False
            with socket.create_connection((parts.hostname, parts.port or 443), self._probe_timeout()) as sock:
                with context.wrap_socket(sock, server_hostname=parts.hostname) as tls:
                    cert = tls.getpeercert() or {}
        except (OSError, ValueError):
            return []
        names = [value for kind, value in cert.get('subjectAltName', ()) if kind in ('DNS', 'IP Address')]
        if not names:
            names = [value for rdn in cert.get('subject', ()) for key, value in rdn if key == 'commonName']
        return names

    def _trusted_cas(self):
        """The CA file requests verifies against: ca_path, else its environment override, else certifi's bundle."""
        return self.ca_path or os.environ.get('REQUESTS_CA_BUNDLE') or os.environ.get('CURL_CA_BUNDLE') or requests.certs.where()

    @property
    def _option(self):
        """``url_option`` inside a sentence ('plesk_url', or 'the panel URL')."""
        return self.url_option[:1].lower() + self.url_option[1:]

    def _speaks_tls(self):
        """Whether the host and port of an http:// base URL complete a TLS handshake: an HTTPS port."""
        if self._tls_port is None:
            self._tls_port = self._probe_tls()
        return self._tls_port

    def _probe_tls(self):
        parts = urlsplit(self.base_url)
        context = ssl.create_default_context()
        # Only "does it speak TLS" is asked; nothing is sent over this connection.
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        try:
            with socket.create_connection((parts.hostname, parts.port or 80), self._probe_timeout()) as sock:
                with context.wrap_socket(sock, server_hostname=parts.hostname):
                    return True
        except (OSError, ValueError):
            return False

    def _https_url(self):
        parts = urlsplit(self.base_url)
        return urlunsplit(('https', parts.netloc, parts.path, '', ''))

    def _plain_http_to_tls_port(self, url, attempt, what):
        return TransportError(self.redact(
            '%s: %s; %s is an HTTPS port. Use https:// in %s: %s.'
            % (url, what, urlsplit(self.base_url).netloc, self._option, self._https_url())),
            url=self.redact(url), request_sent=False, attempts=attempt)

    def _check_status(self, response, attempt, accept_statuses):
        status = response.status
        if 200 <= status < 300 or status in accept_statuses:
            return response
        url = self.redact(response.url)
        tries = ' (gave up after %d attempts)' % attempt if attempt > 1 else ''
        if status == 400 and urlsplit(response.url).scheme == 'http' and b'plain HTTP request was sent to HTTPS port' in response.body:
            raise self._plain_http_to_tls_port(response.url, attempt, 'the server answered HTTP 400 to a plain HTTP request')
        if status == 401:
            raise AuthenticationError(self.redact(
                '%s answered HTTP 401 Unauthorized: the panel asks for HTTP authentication, or refused the '
                'credentials sent.' % url), url=url, status=status)
        if status == 403:
            raise AuthenticationError(self.redact(
                '%s answered HTTP 403 Forbidden: the panel refuses these credentials or requests from this '
                'host\'s IP address.' % url), url=url, status=status)
        if 300 <= status < 400:
            raise HttpStatusError(self.redact(
                '%s answered HTTP %d %s and redirects to %s; use the final URL in %s.'
                % (url, status, response.reason, response.headers.get('Location', '(no location)'), self._option)),
                url=url, status=status, attempts=attempt)
        raise HttpStatusError(self.redact('%s answered HTTP %d %s%s: %s' % (
            url, status, response.reason, tries, self.body_excerpt(response) or '(empty body)')),
            url=url, status=status, attempts=attempt)

    def not_the_api(self, response, option, api, path, hint):
        """The error for an HTTP 404 from a panel API that always serves ``path``: another web server (or site) answers
        at the URL the user gave in ``option``. ``hint`` says what the URL should name."""
        url = self.redact(response.url)
        return HttpStatusError(self.redact(
            '%s %s does not answer as the %s (HTTP 404 from %s; expected ...%s). %s The server answered: %s'
            % (option, self.base_url, api, url, path, hint, self.body_excerpt(response, 120) or '(empty body)')),
            url=url, status=404)

    def body_excerpt(self, response, limit=200):
        """A short, redacted, one-line excerpt of an answer for a message; an HTML page's words, not its markup."""
        text = self.redact(response.text)
        if _looks_like_html(response):
            # Again after stripping: tags or entities inside a secret's echo must not rebuild it unmasked.
            text = self.redact(html_text(text))
        return _excerpt(text, limit)
