# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The execution environment definition: `ansible-builder create` gives a context that yields the
collection and its Python requirements.

No container engine runs here, so the image is not built. Instead the test replays, on this machine,
the two build steps that decide the image's content: the galaxy stage (`ansible-galaxy collection
install -r requirements.yml` inside the context's _build directory) and the builder stage (the
context's own introspect.py over the installed collections), and checks what they produce.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile

import pytest
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
COLLECTION_ROOT = os.path.dirname(os.path.dirname(HERE))
# The definition works only in a checkout (it names .build/ee/hosting-mail.tar.gz), so the artefact leaves it out:
# under make test the tests run from the installed artefact and HOSTING_MAIL_CHECKOUT names the checkout.
CHECKOUT = os.environ.get('HOSTING_MAIL_CHECKOUT', COLLECTION_ROOT)
EE_FILE = os.path.join(CHECKOUT, 'execution-environment.yml')
BIN = os.path.dirname(sys.executable)

pytest.importorskip('ansible_builder', reason='ansible-builder is not installed (tests/requirements/dev.txt pins it)')
if not os.path.exists(EE_FILE):
    pytest.skip('no execution-environment.yml: it lives in the checkout only; set HOSTING_MAIL_CHECKOUT to one',
                allow_module_level=True)


def requirement_names(lines):
    """Distribution names of pip requirement lines, without comments, versions or markers."""
    names = set()
    for line in lines:
        line = line.split('#', 1)[0].strip()
        if line:
            names.add(re.match(r'[A-Za-z0-9._-]+', line).group(0).lower())
    return names


def collection_requirements():
    with open(os.path.join(COLLECTION_ROOT, 'meta', 'execution-environment.yml'), encoding='utf-8') as handle:
        declared = yaml.safe_load(handle)['dependencies']['python']
    with open(os.path.join(COLLECTION_ROOT, declared), encoding='utf-8') as handle:
        return requirement_names(handle)


@pytest.fixture(scope='module')
def artefact(tmp_path_factory):
    """The collection artefact: the pipeline's (HOSTING_MAIL_ARTEFACT) or one built from a checkout."""
    given = os.environ.get('HOSTING_MAIL_ARTEFACT')
    if given:
        return given
    if not os.path.exists(os.path.join(COLLECTION_ROOT, 'galaxy.yml')):
        pytest.skip('no artefact: set HOSTING_MAIL_ARTEFACT, or run from a checkout that has galaxy.yml')
    out = tmp_path_factory.mktemp('dist')
    subprocess.run([os.path.join(BIN, 'ansible-galaxy'), 'collection', 'build', '--output-path', str(out),
                    COLLECTION_ROOT], check=True, stdout=subprocess.PIPE)
    return str(next(out.glob('hosting-mail-*.tar.gz')))


@pytest.fixture(scope='module')
def context(artefact, tmp_path_factory):
    """Run `ansible-builder create` the way `make ee` does: the artefact under its fixed name beside the definition."""
    work = tmp_path_factory.mktemp('ee')
    shutil.copy(EE_FILE, work / 'execution-environment.yml')
    (work / '.build' / 'ee').mkdir(parents=True)
    shutil.copy(artefact, work / '.build' / 'ee' / 'hosting-mail.tar.gz')
    process = subprocess.run([os.path.join(BIN, 'ansible-builder'), 'create', '--file', 'execution-environment.yml',
                              '--context', 'context'], cwd=str(work), stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True, check=False)
    assert process.returncode == 0, process.stdout
    assert 'No matches' not in process.stdout, process.stdout
    return work / 'context'


def test_definition_is_version_3_with_tested_core_and_runner():
    with open(EE_FILE, encoding='utf-8') as handle:
        definition = yaml.safe_load(handle)
    assert definition['version'] == 3
    dependencies = definition['dependencies']
    # The pins must be ones the pipeline tests with, or the image runs an untested ansible-core.
    with open(os.path.join(CHECKOUT, 'tests', 'requirements', 'dev.txt'), encoding='utf-8') as handle:
        pins = set(line.strip() for line in handle if '==' in line)
    assert dependencies['ansible_core']['package_pip'] in pins
    assert dependencies['ansible_runner']['package_pip'] in pins


def test_context_carries_the_artefact_and_installs_it(context, artefact):
    build = context / '_build'
    assert (context / 'Containerfile').exists() or (context / 'Dockerfile').exists()
    with tarfile.open(str(build / 'collections' / 'hosting-mail.tar.gz')) as packed:
        manifest = json.load(packed.extractfile('MANIFEST.json'))
    assert manifest['collection_info']['namespace'] == 'hosting'
    assert manifest['collection_info']['name'] == 'mail'
    with open(build / 'requirements.yml', encoding='utf-8') as handle:
        galaxy = yaml.safe_load(handle)
    assert galaxy['collections'] == [{'name': 'collections/hosting-mail.tar.gz', 'type': 'file'}]


def test_build_stages_yield_the_collection_and_its_python_requirements(context, tmp_path):
    build = context / '_build'
    installed = tmp_path / 'share'
    # Galaxy stage, as the generated build file runs it: from the _build directory, requirements.yml.
    env = dict(os.environ, ANSIBLE_GALAXY_DISABLE_GPG_VERIFY='1')
    # As in the image: no hosting.mail visible yet (else ansible-galaxy says "already installed").
    env.pop('ANSIBLE_COLLECTIONS_PATH', None)
    env.pop('PYTHONPATH', None)
    subprocess.run([os.path.join(BIN, 'ansible-galaxy'), 'collection', 'install', '-r', 'requirements.yml',
                    '--collections-path', str(installed)], cwd=str(build), env=env, check=True,
                   stdout=subprocess.PIPE)
    assert (installed / 'ansible_collections' / 'hosting' / 'mail' / 'MANIFEST.json').exists()
    # Builder stage: the context's introspect.py collects every installed collection's Python requirements.
    written = tmp_path / 'requirements.txt'
    system = tmp_path / 'bindep.txt'
    process = subprocess.run([sys.executable, str(build / 'scripts' / 'introspect.py'), 'introspect', str(installed),
                              '--write-pip', str(written), '--write-bindep', str(system)],
                             stdout=subprocess.PIPE, text=True, check=True)
    # bindep.txt (meta/execution-environment.yml names it) asks for no system package: introspect writes no file.
    assert not system.exists(), system.read_text(encoding='utf-8')
    with open(written, encoding='utf-8') as handle:
        lines = handle.read().splitlines()
    expected = collection_requirements()
    assert {'requests', 'lxml'} <= expected, 'the collection declares only %s' % sorted(expected)
    assert requirement_names(lines) == expected, process.stdout
    assert all(line.endswith('# from collection hosting.mail') for line in lines if line), lines
