# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is PRIVATE to the hosting.mail collection. It may change at any time.

"""User values both panels share: mail addresses and sizes, checked up front with clear messages."""

from __future__ import annotations

import re

from ansible_collections.hosting.mail.plugins.module_utils._http import OptionError

UNLIMITED = -1
_UNITS = {'': 1024 ** 2, 'B': 1, 'K': 1024, 'M': 1024 ** 2, 'G': 1024 ** 3, 'T': 1024 ** 4}
_SIZE = re.compile(r'^\s*(\d+(?:\.\d+)?)\s*([BKMGT]?)(?:I?B)?\s*$', re.IGNORECASE)
# \Z, not $: $ would also match before a final newline. At most 64 characters (RFC 5321).
_LOCAL_PART = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*\Z")
_LOCAL_PART_MAX = 64


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


def split_address(address, option):
    """('info', 'example.com') for 'info@example.com', after checking its shape."""
    text = (address or '').strip()
    local, at, domain = text.rpartition('@')
    if not at or not local or not domain or not _LOCAL_PART.match(local) or len(local) > _LOCAL_PART_MAX \
            or '.' not in domain.strip('.'):
        raise OptionError('%s must be a mail address such as info@example.com, not %r.' % (option, text))
    return local.lower(), domain.rstrip('.').lower()


def check_local_part(local, option):
    """``local`` if it can stand before the @ of an address; an OptionError naming ``option`` otherwise."""
    if not _LOCAL_PART.match(local or '') or len(local) > _LOCAL_PART_MAX:
        raise OptionError('%s: %r is not a valid local part of a mail address.' % (option, local))
    return local
