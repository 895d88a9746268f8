# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What the packaged collection says of itself and carries: contacts, links, system needs, checkout-only files.

Runs in a checkout (galaxy.yml) and in the installed artefact (MANIFEST.json), where it also checks what the
build left out.
"""

from __future__ import annotations

import json
import os
import re

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
INSTALLED = os.path.exists(os.path.join(ROOT, 'MANIFEST.json'))


def metadata():
    """The collection's metadata: galaxy.yml in a checkout, MANIFEST.json's collection_info in an artefact."""
    if INSTALLED:
        with open(os.path.join(ROOT, 'MANIFEST.json'), encoding='utf-8') as handle:
            return json.load(handle)['collection_info']
    with open(os.path.join(ROOT, 'galaxy.yml'), encoding='utf-8') as handle:
        return yaml.safe_load(handle)


def test_every_author_can_be_reached():
    authors = metadata()['authors']
    assert authors
    for author in authors:
        assert re.search(r'<[^@<>\s]+@[^@<>\s]+\.[a-z]+>|\(@[\w-]+\)', author), author


def test_project_links_are_https_and_agree():
    info = metadata()
    for key in ('repository', 'issues', 'homepage', 'documentation'):
        assert re.match(r'https://[^\s/]+/\S+$', info[key] or ''), (key, info[key])
    assert info['issues'].startswith(info['repository'])


def test_docs_site_links_lead_to_the_repository():
    links_file = os.path.join(ROOT, 'docs', 'docsite', 'links.yml')
    with open(links_file, encoding='utf-8') as handle:
        links = yaml.safe_load(handle)
    repository = metadata()['repository']
    assert repository.endswith('/' + links['edit_on_github']['repository'])
    urls = [entry['url'] for entry in links.get('extra_links', [])]
    urls += [entry['url'] for entries in links.get('communication', {}).values() for entry in entries]
    assert urls and [url for url in urls if not url.startswith(repository + '/')] == []


def test_bindep_asks_for_no_system_package():
    # Execution environments read bindep.txt; an empty one says "nothing beyond Python" rather than "unknown".
    with open(os.path.join(ROOT, 'bindep.txt'), encoding='utf-8') as handle:
        entries = [line for line in handle if line.strip() and not line.lstrip().startswith('#')]
    assert entries == []
    with open(os.path.join(ROOT, 'meta', 'execution-environment.yml'), encoding='utf-8') as handle:
        assert yaml.safe_load(handle)['dependencies']['system'] == 'bindep.txt'


def test_checkout_only_files_stay_out_of_the_artefact():
    # execution-environment.yml names .build/ee/hosting-mail.tar.gz, which exists only in a checkout after `make ee`.
    checkout_only = ['execution-environment.yml', 'Makefile', 'tools', 'noxfile.py', 'antsibull-nox.toml']
    if INSTALLED:
        assert [name for name in checkout_only if os.path.exists(os.path.join(ROOT, name))] == []
    else:
        ignored = metadata()['build_ignore']
        assert [name for name in checkout_only if name not in ignored] == []
