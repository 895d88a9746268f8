# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Find the Plesk 1.6.6.0 XSDs and validate packets against them, per protocol version.

Only 1.6.6.0 XSDs exist publicly. The later versions differ, for what the simulator answers, only in
``autoresponder/end_date``: requests carry it from 1.6.7.0, the get_info output from 1.6.8.0. Those
variants are derived in memory by adding the element to plesk_mailname.xsd while the schema loads;
the files on disk are never changed.
"""

from __future__ import annotations

import os
import threading

from lxml import etree

from .protocol import SUPPORTED_VERSIONS, parse_xml, select_version, version_key

ENVIRONMENT_VARIABLE = 'PLESK_SCHEMAS_DIR'
BASE_VERSION = '1.6.6.0'
XS_NAMESPACE = 'http://www.w3.org/2001/XMLSchema'

END_DATE_REQUEST_TYPES = ('mailnameAddType', 'mailnameUpdateType', 'mailnameUpdateAddType')
END_DATE_RESPONSE_TYPES = ('mailnameGetInfoType',)

# Loaded schemas by (directory, input|output, patched types): loading takes a while, sharing is safe.
_LOADED = {}
_LOADING = threading.Lock()


class SchemaError(ValueError):
    """The XSDs cannot be found where they were said to be, or do not load."""


def end_date_types(kind, version):
    """The mailname types whose autoresponder carries end_date in ``kind`` packets of ``version``."""
    if kind == 'input' and version_key(version) >= (1, 6, 7, 0):
        return END_DATE_REQUEST_TYPES
    if kind == 'output' and version_key(version) >= (1, 6, 8, 0):
        return END_DATE_RESPONSE_TYPES
    return ()


def collection_root(start):
    """The nearest folder above the file ``start`` that holds galaxy.yml or MANIFEST.json (a collection), or None."""
    folder = os.path.dirname(start)
    while True:
        if any(os.path.isfile(os.path.join(folder, name)) for name in ('galaxy.yml', 'MANIFEST.json')):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def find_schemas_dir(explicit=None):
    """Where the 1.6.6.0 XSDs are, and how that was decided: ``(directory or None, reason)``.

    ``explicit``, then $PLESK_SCHEMAS_DIR, then ``<collection root>/../shared/plesk-api-schemas/1.6.6.0``.
    A folder that was named explicitly but holds no agent_input.xsd raises SchemaError: that is a
    mistake to report, not a reason to run without validation.
    """
    for named, origin in ((explicit, 'schemas_dir'), (os.environ.get(ENVIRONMENT_VARIABLE), ENVIRONMENT_VARIABLE)):
        if named:
            if not os.path.isfile(os.path.join(named, 'agent_input.xsd')):
                raise SchemaError('%s=%s holds no agent_input.xsd' % (origin, named))
            return os.path.abspath(named), 'from %s' % origin
    # The collection may be a symlink into an ansible_collections tree: look beside both ends of it.
    candidates = []
    for start in (os.path.abspath(__file__), os.path.realpath(__file__)):
        root = collection_root(start)
        if root is not None:
            candidate = os.path.normpath(os.path.join(root, '..', 'shared', 'plesk-api-schemas', BASE_VERSION))
            if os.path.isfile(os.path.join(candidate, 'agent_input.xsd')):
                return candidate, 'next to the collection'
            candidates.append(candidate)
    if not candidates:
        return None, 'no collection root (galaxy.yml or MANIFEST.json) above %s' % os.path.dirname(__file__)
    return None, 'not in $%s and not at %s' % (ENVIRONMENT_VARIABLE, ' or '.join(sorted(set(candidates))))


class _PatchedMailnameResolver(etree.Resolver):
    """Serves a patched plesk_mailname.xsd whenever a schema file includes it."""

    def __init__(self, patched):
        super().__init__()
        self.patched = patched

    def resolve(self, system_url, public_id, context):
        if os.path.basename(system_url or '') == 'plesk_mailname.xsd':
            return self.resolve_string(self.patched, context, base_url=system_url)
        return None


def _patched_mailname(directory, type_names):
    """plesk_mailname.xsd with end_date appended to the autoresponder of each of ``type_names``."""
    tree = etree.parse(os.path.join(directory, 'plesk_mailname.xsd'))
    for type_name in type_names:
        sequences = tree.xpath('/xs:schema/xs:complexType[@name=$type_name]//xs:element[@name="autoresponder"]'
                               '/xs:complexType/xs:sequence', namespaces={'xs': XS_NAMESPACE}, type_name=type_name)
        if len(sequences) != 1:
            raise SchemaError('plesk_mailname.xsd: no autoresponder sequence in %s to add end_date to' % type_name)
        etree.SubElement(sequences[0], '{%s}element' % XS_NAMESPACE, name='end_date', type='xs:date', minOccurs='0')
    return etree.tostring(tree)


def _load(directory, kind, patched_types):
    key = (directory, kind, patched_types)
    with _LOADING:
        if key not in _LOADED:
            parser = etree.XMLParser(no_network=True)
            if patched_types:
                parser.resolvers.add(_PatchedMailnameResolver(_patched_mailname(directory, patched_types)))
            try:
                _LOADED[key] = etree.XMLSchema(etree.parse(os.path.join(directory, 'agent_%s.xsd' % kind), parser))
            except (etree.XMLSchemaParseError, etree.XMLSyntaxError, OSError) as exc:
                raise SchemaError('cannot load %s/agent_%s.xsd: %s' % (directory, kind, exc)) from None
        return _LOADED[key]


class SchemaSet:
    """The request and response schemas of every supported protocol version, from one XSD folder."""

    def __init__(self, directory):
        self.directory = directory
        # lxml records each validation's errors on the schema object, so validations take turns.
        self._lock = threading.Lock()
        self._schemas = {}
        for version in SUPPORTED_VERSIONS:  # load now: a broken XSD set should fail at start
            for kind in ('input', 'output'):
                self._schemas[kind, version] = _load(directory, kind, end_date_types(kind, version))

    def _errors(self, kind, version, root):
        schema = self._schemas[kind, version]
        with self._lock:
            if schema.validate(root):
                return []
            return ['line %d: %s' % (error.line, error.message) for error in schema.error_log]

    def validate_request(self, root, version):
        """The schema errors of a request packet (an element) at ``version``; empty when it is valid."""
        return self._errors('input', version, root)

    def validate_response(self, packet):
        """The schema errors of a response (bytes or an element), at the version its packet names."""
        root = parse_xml(packet) if isinstance(packet, bytes) else packet
        version = select_version(root.get('version'))
        if version is None:
            return ['the response names an unsupported version %r' % root.get('version')]
        return self._errors('output', version, root)


def open_schemas(schemas_dir=None):
    """``(SchemaSet or None, a sentence saying what is validated)``; ``schemas_dir=False`` turns validation off."""
    if schemas_dir is False:
        return None, 'schema validation is off (schemas_dir=False)'
    directory, reason = find_schemas_dir(schemas_dir)
    if directory is None:
        return None, 'Plesk XSDs not found (%s): packets are NOT validated' % reason
    return SchemaSet(directory), 'validating packets against %s (%s), with the 1.6.7.0+ deltas derived' % (
        directory, reason)
