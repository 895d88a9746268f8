# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is PRIVATE to the hosting.mail collection. It may change at any time.

"""Masks secrets in any text the clients produce: messages, exception texts and debug lines."""

from __future__ import annotations

import base64
import json
import re

from urllib.parse import quote, quote_plus

MASK = '********'

# Credentials written into a URL (https://user:password@host) never reach a message.
_URL_USERINFO = re.compile(r'(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\s]+@')


_PERCENT = re.compile(r'%[0-9A-F]{2}')
# Numeric character references a server may write instead of the named ones.
_XML_NUMERIC = {'&': '&#38;', '<': '&#60;', '>': '&#62;', '"': '&#34;', "'": '&#39;'}


def _encoded_forms(secret):
    """The ways a secret can appear on the wire or in an echo of it.

    Plain; URL-encoded (space as %20 or +, hex digits in either case); XML-escaped (named or numeric
    references); JSON-escaped (ASCII or not, and with PHP's escaped slash); base64 (standard or URL-safe,
    with or without padding), as in an ``Authorization: Basic`` header of ``user:password``.
    """
    forms = {secret}
    try:
        for url_form in (quote(secret, safe=''), quote_plus(secret, safe='')):
            forms.update((url_form, _PERCENT.sub(lambda match: match.group(0).lower(), url_form)))
    except UnicodeEncodeError:
        pass  # a lone surrogate has no URL form; such a value is refused before anything is sent
    xml_escaped = (secret.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;'))
    forms.add(xml_escaped)
    forms.add(xml_escaped.replace('"', '&quot;').replace("'", '&apos;'))
    forms.add(xml_escaped.replace('"', '&quot;').replace("'", '&#39;'))
    forms.add(''.join(_XML_NUMERIC.get(char, char) for char in secret))
    for json_form in (json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1]):
        forms.update((json_form, json_form.replace('/', '\\/')))
    try:
        raw = secret.encode('utf-8')
    except UnicodeEncodeError:
        raw = None
    if raw is not None and len(raw) >= 3:  # shorter ones encode to 4 characters that any base64 text may hold
        for encoded in (base64.b64encode(raw), base64.urlsafe_b64encode(raw)):
            text = encoded.decode('ascii')
            forms.update((text, text.rstrip('=')))
        forms.update(_shifted_base64(raw))
    return {form for form in forms if form}


def _shifted_base64(raw):
    """The base64 characters ``raw`` alone decides, wherever it starts in a 3-byte group and whatever follows it.

    Base64 of ``user:password`` holds the password at such an offset; the one or two bytes at either end that
    share a group with their neighbours stay unmasked, the rest of the secret does not.
    """
    forms = set()
    for offset in (0, 1, 2):
        whole_groups = (len(raw) - (3 - offset) % 3) // 3
        if whole_groups < 1:
            continue
        first = 4 if offset else 0  # the group shared with what comes before
        for encode in (base64.b64encode, base64.urlsafe_b64encode):
            forms.add(encode(b'\0' * offset + raw).decode('ascii')[first:first + 4 * whole_groups])
    return forms


class Redactor:
    """Replaces every registered secret, in each of its encoded forms, with a mask."""

    def __init__(self, secrets=()):
        self._needles = []
        self.add(*secrets)

    def add(self, *secrets):
        """Register more secrets; None and empty strings are ignored."""
        needles = set(self._needles)
        for secret in secrets:
            if secret is not None and str(secret):
                needles |= _encoded_forms(str(secret))
        # Longest first, so a secret that contains another is masked whole. Sorted once for all of them: a bulk task
        # registers thousands of passwords.
        self._needles = sorted(needles, key=len, reverse=True)

    @property
    def needles(self):
        """Every form of every registered secret, longest first."""
        return tuple(self._needles)

    def __call__(self, text):
        if text is None:
            return None
        if isinstance(text, bytes):
            text = text.decode('utf-8', errors='replace')
        text = _URL_USERINFO.sub(r'\g<scheme>' + MASK + '@', str(text))
        for needle in self._needles:
            text = text.replace(needle, MASK)
        return text
