# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The provisioning playbook through ansible-runner (AWX's engine), with credentials injected as AWX does.

The custom credential types in extensions/awx/credential_types are rendered like AWX renders injectors: the
`file` templates are written to files named by `tower.filename`, the `env` templates become the job's environment.
"""

from __future__ import annotations

import json
import os
import sys

import pytest
import yaml
from jinja2.sandbox import SandboxedEnvironment

from ansible_collections.hosting.mail.tests.integration.conftest import (
    BRAINY_PASSWORD,
    COLLECTION_ROOT,
    PLESK_LOGIN,
    PLESK_PASSWORD,
    panel_account,
)

ansible_runner = pytest.importorskip('ansible_runner')

CREDENTIAL_TYPES = os.path.join(COLLECTION_ROOT, 'extensions', 'awx', 'credential_types')
MAIL_SECRET = 'Awx&<mail>"secret1'


def inject(credential_type, inputs, directory):
    """The environment a job gets from one credential of ``credential_type`` with ``inputs``."""
    with open(os.path.join(CREDENTIAL_TYPES, credential_type + '.yml'), encoding='utf-8') as handle:
        definition = yaml.safe_load(handle)
    field_ids = [field['id'] for field in definition['inputs']['fields']]
    assert set(inputs) <= set(field_ids)
    context = dict({field: '' for field in field_ids}, **inputs)
    jinja = SandboxedEnvironment()
    filenames = {}
    for name, template in definition['injectors'].get('file', {}).items():
        path = os.path.join(directory, '%s-%s' % (credential_type, name.split('.', 1)[1]))
        with open(path, 'w', encoding='utf-8') as handle:
            handle.write(jinja.from_string(template).render(**context))
        filenames[name.split('.', 1)[1]] = path
    context['tower'] = {'filename': filenames}
    return {name: jinja.from_string(template).render(**context) for name, template in definition['injectors']['env'].items()}


def test_provisioning_through_ansible_runner_with_awx_credentials(plesk, brainy, collections_path, tmp_path, monkeypatch):
    # ansible-runner finds ansible-playbook on PATH, as in an execution environment.
    monkeypatch.setenv('PATH', os.path.dirname(sys.executable) + os.pathsep + os.environ.get('PATH', ''))
    with open(plesk.ca_cert, encoding='utf-8') as handle:
        plesk_ca = handle.read()
    with open(brainy.ca_cert, encoding='utf-8') as handle:
        brainy_ca = handle.read()
    env = dict(ANSIBLE_COLLECTIONS_PATH=collections_path, ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_NOCOLOR='1')
    env.update(inject('plesk', dict(plesk_url=plesk.url, plesk_username=PLESK_LOGIN, plesk_password=PLESK_PASSWORD,
                                    plesk_api_version='1.6.9.0', plesk_ca_certificate=plesk_ca), str(tmp_path)))
    env.update(inject('brainycp', dict(brainycp_url=brainy.url, brainycp_username='admin',
                                       brainycp_password=BRAINY_PASSWORD, brainycp_panel_user='webmaster',
                                       brainycp_ca_certificate=brainy_ca), str(tmp_path)))
    inventory = {'mail_panels': {'vars': {'ansible_connection': 'local'}, 'hosts': {
        'plesk-awx': {'mail_panel': 'plesk', 'mail_provisioning_domains': [
            {'name': 'example.com', 'accounts': [{'name': 'awx', 'password': MAIL_SECRET, 'quota': '1G'}]}]},
        'brainy-awx': {'mail_panel': 'brainycp', 'mail_provisioning_domains': [
            {'name': 'example.com', 'panel_user': 'webmaster', 'accounts': [{'name': 'awx', 'password': MAIL_SECRET}]}]},
    }}}
    private = tmp_path / 'runner'
    (private / 'inventory').mkdir(parents=True)
    (private / 'inventory' / 'hosts.json').write_text(json.dumps(inventory))
    run = ansible_runner.run(private_data_dir=str(private), playbook=os.path.join(COLLECTION_ROOT, 'playbooks', 'provision_mail.yml'),
                             envvars=env, quiet=True)
    output = run.stdout.read()
    assert (run.status, run.rc) == ('successful', 0), output[-3000:]
    assert panel_account(plesk, 'example.com', 'awx')['password']['value'] == MAIL_SECRET
    user = next(entry for entry in brainy.to_dict()['users'] if entry['login'] == 'webmaster')
    assert any(box['email'] == 'awx@example.com' for box in user['mailboxes'])
    for secret in (MAIL_SECRET, PLESK_PASSWORD, BRAINY_PASSWORD):
        assert secret not in output
