# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is PRIVATE to the hosting.mail collection. It may change at any time.

"""User values both panels share: mail addresses, domains and sizes, checked up front with clear messages.

Addresses are strict, because a panel may read more into them than one address: BrainyCP splits
forward targets at commas, and a pipe or slash can make a target a program or a file. Domains are
normalised as IDNA 2008 with UTS 46 does (NFKC, lower case), so a look-alike such as a fullwidth
letter names the domain it looks like, and results show that normalised name.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from ansible_collections.hosting.mail.plugins.module_utils._errors import OptionError

try:
    import idna  # requests needs it, so it is there wherever the modules can run
except ImportError:  # pragma: no cover - then requests is missing too, and the module says so
    idna = None

UNLIMITED = -1
_UNITS = {'': 1024 ** 2, 'B': 1, 'K': 1024, 'M': 1024 ** 2, 'G': 1024 ** 3, 'T': 1024 ** 4}
_SIZE = re.compile(r'^\s*(\d+(?:\.\d+)?)\s*([BKMGT]?)(?:I?B)?\s*$', re.IGNORECASE)
# \Z, not $: $ would also match before a final newline. At most 64 characters (RFC 5321). The dot-atom of RFC 5322
# without the quote, the slash and the pipe, which mail servers may read as a file or a program.
_LOCAL_PART = re.compile(r"^[A-Za-z0-9!#$%&*+=?^_`{}~-]+(\.[A-Za-z0-9!#$%&*+=?^_`{}~-]+)*\Z")
_LOCAL_PART_MAX = 64
_LABEL = re.compile(r'^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\Z')
# The IDNA deviations: IDNA 2008 keeps them, IDNA 2003 (and panels built on it) maps them away (ß to ss, ς to σ,
# the joiners to nothing), so the panel may hold another domain than the one sent.
_DEVIATIONS = {'\u00df': 'ß', '\u03c2': 'ς', '\u200c': 'U+200C', '\u200d': 'U+200D'}


def parse_size(value, option):
    """Bytes for '512M', '2G', '1.5G', '1048576B' or a plain number of MiB; -1 for 'unlimited'.

    One language for both panels: a size of 0 is refused, because BrainyCP reads 0 as "no limit" and
    Plesk as "an empty mailbox", and either reading would surprise someone.
    """
    if value is None:
        return None
    text = str(value).strip()
    if text.lower() in ('unlimited', '-1'):
        return UNLIMITED
    match = _SIZE.match(text)
    if not match:
        raise OptionError("%s must be a size such as 512M, 2G or 'unlimited', not %r." % (option, text))
    size = int(float(match.group(1)) * _UNITS[match.group(2).upper()])
    if size == 0:
        raise OptionError("%s: %r is ambiguous: 0 means no limit on BrainyCP but an empty mailbox on Plesk. Write "
                          "'unlimited', or a size such as 512M or 2G." % (option, text))
    return size


def megabytes(value, option):
    """Whole megabytes (rounded up) for panels that count in MB, with 0 for unlimited; None when not given."""
    size = parse_size(value, option)
    if size is None:
        return None
    if size == UNLIMITED:
        return 0
    # Rounded up with divmod, not -(-size // M): pylint 3.0 (ansible-core 2.16 sanity) takes size there for None.
    whole, part = divmod(size, _UNITS['M'])
    return whole + (1 if part else 0)


def format_size(size):
    """A readable form of a size in bytes: 'unlimited', '2G', '512M', '1536K' or bytes."""
    if size is None:
        return None
    if size < 0:
        return 'unlimited'
    for unit in ('T', 'G', 'M', 'K'):
        if size and size % _UNITS[unit] == 0:
            return '%d%s' % (size // _UNITS[unit], unit)
    return '%dB' % size


def format_megabytes(megabytes_):
    """The readable form of a size in whole megabytes, as panels that count in MB report it (0: 'unlimited')."""
    if megabytes_ is None:
        return None
    return 'unlimited' if megabytes_ == 0 else format_size(megabytes_ * _UNITS['M'])


@functools.lru_cache(maxsize=8192)  # a bulk task names the same few domains thousands of times; the codec is slow
def ascii_domain(domain):
    """The IDNA (A-label) form of a domain, as IDNA 2008 with UTS 46 maps it; None when it is no host name.

    Every label must be letters, digits and inner hyphens once encoded; there must be two labels at least.
    """
    text = (domain or '').strip()
    if text.endswith('.'):
        text = text[:-1]
    if not text:
        return None
    try:
        if idna is not None:
            encoded = idna.encode(text, uts46=True, std3_rules=True).decode('ascii')
        else:  # IDNA 2003 from the standard library: also NFKC and case folding, older rules for a few letters
            encoded = unicodedata.normalize('NFKC', text).lower().encode('idna').decode('ascii')
    except (UnicodeError, ValueError):  # idna.IDNAError is a UnicodeError
        return None
    labels = encoded.split('.')
    if len(labels) < 2 or len(encoded) > 253 or not all(_LABEL.match(label) for label in labels) or labels[-1].isdigit():
        return None
    return encoded


def normalize_domain(domain, option):
    """``domain`` as the modules compare, send and show it: normalised (look-alikes mapped), in Unicode (U-labels)."""
    encoded = ascii_domain(domain)
    if encoded is None:
        raise OptionError('%s: %r is not a domain name.' % (option, domain))
    decoded, deviations = _unicode_form(encoded)
    if deviations:
        raise OptionError('%s: %r holds %s, which IDNA 2003 and IDNA 2008 map to different domains (ß: ss or xn--zca); '
                          'a panel may act on the other one, so the collection refuses it.'
                          % (option, domain, ', '.join(deviations)))
    return decoded


@functools.lru_cache(maxsize=8192)
def _unicode_form(encoded):
    """The U-label form of an A-label domain, and the characters in it that IDNA 2003 and 2008 map apart."""
    decoded = idna.decode(encoded) if idna is not None else encoded.encode('ascii').decode('idna')
    return decoded, [shown for char, shown in _DEVIATIONS.items() if char in decoded]


def split_address(address, option):
    """('info', 'example.com') for 'info@example.com', after checking its shape; the domain normalised.

    One address only: no comma, semicolon, white space, quote, slash or pipe, and a real domain name.
    """
    text = (address or '').strip()
    local, at, domain = text.rpartition('@')
    if not at or not local or not _LOCAL_PART.match(local) or len(local) > _LOCAL_PART_MAX or ascii_domain(domain) is None:
        raise OptionError('%s must be one mail address such as info@example.com, not %r.' % (option, text))
    return local.lower(), normalize_domain(domain, '%s (%s)' % (option, text))


def check_local_part(local, option):
    """``local`` if it can stand before the @ of an address; an OptionError naming ``option`` otherwise."""
    if not _LOCAL_PART.match(local or '') or len(local) > _LOCAL_PART_MAX:
        raise OptionError('%s: %r is not a valid local part of a mail address.' % (option, local))
    return local
