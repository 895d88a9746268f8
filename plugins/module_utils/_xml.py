# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is PRIVATE to the hosting.mail collection. It may change at any time.

"""lxml, imported guarded, and the one hardened parser every XML answer goes through."""

from __future__ import annotations

import traceback

from ansible_collections.hosting.mail.plugins.module_utils._errors import MissingLibraryError, XmlParseError

try:
    from lxml import etree
except ImportError:
    HAS_LXML = False
    LXML_IMPORT_ERROR = traceback.format_exc()
    etree = None
else:
    HAS_LXML = True
    LXML_IMPORT_ERROR = None


def require_lxml():
    if not HAS_LXML:
        raise MissingLibraryError('lxml', LXML_IMPORT_ERROR)


def hardened_parser():
    """A parser that resolves no entities, loads no DTD and never touches the network."""
    require_lxml()
    return etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, dtd_validation=False,
                           huge_tree=False, remove_blank_text=True)


def parse_xml(data, url=None):
    """Parse ``data`` (bytes) with the hardened parser; a document with a DOCTYPE is refused outright."""
    try:
        root = etree.fromstring(data, hardened_parser())
    except etree.XMLSyntaxError as exc:
        raise XmlParseError('The answer of %s is not well-formed XML: %s' % (url or 'the panel', exc), url=url) from None
    if root.getroottree().docinfo.doctype:
        # Entity declarations live in the DTD; a panel has no reason to send one.
        raise XmlParseError('The answer of %s carries a DOCTYPE declaration; refusing it.' % (url or 'the panel'), url=url)
    return root
