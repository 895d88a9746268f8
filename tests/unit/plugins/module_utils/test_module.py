# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The module glue: shared options, missing libraries and the one place errors become fail_json."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from ansible_collections.hosting.mail.plugins.module_utils import _http, _module, _outcomes, _xml
from ansible_collections.hosting.mail.plugins.module_utils._errors import ApiError, TransportError
from ansible_collections.hosting.mail.tests.support.scripted_server import Respond
from ansible_collections.hosting.mail.tests.unit.utils import ModuleExit, ModuleFailure, make_module, patch_module_args, recorded_warnings

PASSWORD = 'p&ss<wörd>'


def spec():
    argument_spec = _module.http_argument_spec('PANEL')
    argument_spec.update(url=dict(type='str', required=True), password=dict(type='str', no_log=True))
    return argument_spec


def test_shared_options_default_to_safe_values():
    module = make_module(spec(), url='https://panel:8443')
    assert module.params['validate_certs'] is True
    assert module.params['ca_path'] is None
    assert module.params['timeout'] == 30


def test_shared_options_fall_back_to_the_environment(monkeypatch):
    monkeypatch.setenv('PANEL_VALIDATE_CERTS', 'no')
    monkeypatch.setenv('PANEL_TIMEOUT', '7')
    monkeypatch.setenv('PANEL_CA_PATH', '/etc/panel-ca.pem')
    module = make_module(spec(), url='https://panel:8443')
    assert (module.params['validate_certs'], module.params['timeout'], module.params['ca_path']) == \
        (False, 7, '/etc/panel-ca.pem')


@pytest.mark.parametrize('library, flags', [('requests', ('HAS_REQUESTS', _http)), ('lxml', ('HAS_LXML', _xml))])
def test_missing_library_fails_with_install_hint(monkeypatch, library, flags):
    name, owner = flags
    monkeypatch.setattr(owner, name, False)
    module = make_module(spec(), url='https://panel:8443')
    with pytest.raises(ModuleFailure) as caught:
        _module.run_module(module, lambda result: None, libraries=('requests', 'lxml'))
    message = caught.value.result['msg']
    assert 'Failed to import the required Python library (%s)' % library in message
    assert 'pip install %s' % library in message


def test_client_construction_without_requests_fails_cleanly(monkeypatch):
    monkeypatch.setattr(_http, 'HAS_REQUESTS', False)
    module = make_module(spec(), url='https://panel:8443')

    def work(result):
        _module.http_client(module, module.params['url'])

    with pytest.raises(ModuleFailure) as caught:
        _module.run_module(module, work, libraries=())
    assert 'required Python library (requests)' in caught.value.result['msg']


def test_importing_the_core_without_requests_or_lxml_does_not_raise():
    # A real interpreter in which both libraries are absent: the guarded imports must hold.
    code = textwrap.dedent('''
        import sys
        sys.modules['requests'] = None
        sys.modules['lxml'] = None
        from ansible_collections.hosting.mail.plugins.module_utils import _http, _xml
        print(_http.HAS_REQUESTS, _xml.HAS_LXML, 'requests' in _http.REQUESTS_IMPORT_ERROR)
    ''')
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    output = subprocess.run([sys.executable, '-c', code], env=env, capture_output=True, text=True, check=True).stdout
    assert output.split() == ['False', 'False', 'True']


def test_panel_errors_become_fail_json_with_the_partial_result():
    module = make_module(spec(), url='https://panel:8443', password=PASSWORD)

    def work(result):
        result['changed'] = True
        result['done'] = ['info@example.com']
        raise ApiError('Plesk API error 1013 at https://panel:8443: Object not found.', url='https://panel:8443',
                       status=200, code=1013, text='Object not found.', operation='mail/update')

    with pytest.raises(ModuleFailure) as caught:
        _module.run_module(module, work)
    result = caught.value.result
    assert result['msg'] == 'Plesk API error 1013 at https://panel:8443: Object not found.'
    assert result['changed'] is True
    assert result['done'] == ['info@example.com']
    assert result['error'] == {'type': 'ApiError', 'url': 'https://panel:8443', 'http_status': 200, 'code': 1013,
                               'text': 'Object not found.', 'operation': 'mail/update'}
    assert 'exception' not in result


def test_success_exits_with_the_result():
    module = make_module(spec(), url='https://panel:8443')
    with pytest.raises(ModuleExit) as caught:
        _module.run_module(module, lambda result: result.update(changed=True, id=7))
    assert caught.value.result['changed'] is True
    assert caught.value.result['id'] == 7


def test_client_warnings_reach_the_user(http_server):
    http_server.script = [Respond()]
    module = make_module(spec(), url=http_server.url, password=PASSWORD)

    def work(result):
        result['status'] = _module.http_client(module, module.params['url'], secrets=[PASSWORD]).post('/x', b'').status

    with pytest.raises(ModuleExit) as caught:
        _module.run_module(module, work)
    assert caught.value.result['status'] == 200
    assert any('plain HTTP' in warning for warning in caught.value.result['warnings'])


def test_a_bad_option_is_a_clean_failure():
    module = make_module(spec(), url='panel.example.com')
    with pytest.raises(ModuleFailure) as caught:
        _module.run_module(module, lambda result: _module.http_client(module, module.params['url']))
    assert 'must look like https://panel.example.com:8443' in caught.value.result['msg']


def refused(operation):
    return ApiError('Plesk API error 1007 at https://panel:8443: Object already exists.', url='https://panel:8443',
                    status=200, code=1007, text='Object already exists.', operation=operation)


def lost():
    return TransportError('Connection reset after sending to https://panel:8443.', url='https://panel:8443',
                          request_sent=True)


def raising(error):
    def call():
        raise error
    return call


def failed_result(work):
    module = make_module(spec(), url='https://panel:8443')
    with pytest.raises(ModuleFailure) as caught:
        _module.run_module(module, work)
    return caught.value.result


def test_a_refused_first_write_changes_nothing():
    def work(result):
        result.update(changed=True, changed_fields=['created'])
        _outcomes.guarded_write(None, result, 'the creation', raising(refused('mail/create')),
                                lambda: pytest.fail('a refused write is not read back'))

    result = failed_result(work)
    assert result['changed'] is False
    assert result['changed_fields'] == []
    assert '_writes_done' not in result


def test_a_refused_second_write_keeps_changed_for_the_first():
    def work(result):
        result.update(changed=True, changed_fields=['targets'])
        _outcomes.guarded_write(None, result, 'the first write', lambda: None, None)
        _outcomes.guarded_write(None, result, 'the second write', raising(refused('addforward')),
                                None)

    result = failed_result(work)
    assert result['changed'] is True
    assert result['changed_fields'] == ['targets']


def test_a_packet_done_in_part_is_a_change():
    def work(result):
        result.update(changed=True, changed_fields=['aliases', 'quota'])

        def write():
            result['completed_operations'] = ['mail/update add']
            raise refused('mail/update set')
        _outcomes.guarded_write(None, result, 'the change', write, None)

    result = failed_result(work)
    assert result['changed'] is True
    assert result['completed_operations'] == ['mail/update add']


@pytest.mark.parametrize('holds, changed, outcome', [(lambda: False, False, 'not_done'),
                                                     (raising(lost()), True, 'unknown')])
def test_a_lost_answer_reports_what_the_read_back_says(holds, changed, outcome):
    def work(result):
        result.update(changed=True, changed_fields=['created'])
        _outcomes.guarded_write(None, result, 'the creation', raising(lost()), holds)

    result = failed_result(work)
    assert result['write_outcome'] == outcome
    # Unknown keeps the plan's answer: the panel may well have done it.
    assert result['changed'] is changed


def test_tasks_that_never_reached_guarded_write_keep_their_own_account():
    # The bulk modules write outside guarded_write and keep changed themselves: run_module must not overrule them.
    def work(result):
        result.update(changed=True, changed_fields=['quota'])
        raise refused('mail/get_info')

    result = failed_result(work)
    assert result['changed'] is True
    assert result['changed_fields'] == ['quota']


# --- the no_log masking of results with many secrets ---------------------------------------------------------------

from hypothesis import given, settings, strategies as st  # noqa: E402  pylint: disable=wrong-import-position
from ansible.module_utils.common.parameters import remove_values  # noqa: E402  pylint: disable=wrong-import-position

SECRETS = ['Pw-%04d-secret' % number for number in range(300)]


def test_many_secrets_are_masked_here_as_ansible_masks_them_and_ansible_is_left_none():
    module = make_module(spec(), url='http://panel.example', password=SECRETS[0])
    module.no_log_values.update(SECRETS)
    result = dict(changed=True, accounts=[dict(address='a@example.com', note='was %s, now %s' % (SECRETS[1], SECRETS[2])),
                                          dict(address=SECRETS[3], count=42)], nested={SECRETS[4]: [SECRETS[5] + '!']})
    masked = _module.lighten_no_log(module, result)
    assert masked == remove_values(dict(result, invocation={'module_args': module.params}), set(SECRETS))
    assert masked['accounts'][0]['note'] == 'was ********, now ********'
    assert masked['accounts'][1]['address'] == 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'
    assert masked['invocation']['module_args']['password'] == 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'
    # Left for Ansible's own pass: only the secret used as a key (which neither pass masks).
    assert module.no_log_values == {SECRETS[4]}


def test_a_secret_still_shown_in_a_warning_is_left_for_ansible(monkeypatch):
    module = make_module(spec(), url='http://panel.example')
    module.no_log_values.update(SECRETS)
    # The module's warnings, as a module process keeps them (a test process hands them to the controller's display).
    monkeypatch.setattr(_module, 'get_warning_messages', lambda: ('a warning that quotes %s' % SECRETS[7],))
    _module.lighten_no_log(module, dict(changed=False))
    assert module.no_log_values == {SECRETS[7]}


def test_few_secrets_are_left_to_ansible():
    module = make_module(spec(), url='http://panel.example', password='short-list')
    result = dict(changed=False, note='short-list')
    assert _module.lighten_no_log(module, result) is result and module.no_log_values == {'short-list'}


def test_the_bulk_module_logs_no_secret_and_warns_of_a_password_option_without_no_log_as_ansible_does(monkeypatch):
    logged = []
    monkeypatch.setattr(_module.BulkModule, 'log', lambda self, message, log_args=None: logged.append(log_args))
    argument_spec = dict(secret=dict(type='str', no_log=True, aliases=['token']), admin_pass=dict(type='str'),
                         accounts=dict(type='list', elements='dict'), note=dict(type='str'))
    with recorded_warnings() as warned, patch_module_args(dict(token='hidden-1', admin_pass='hidden-2',
                                                               accounts=[{'password': 'hidden-3'}], note='hidden-1!')):
        _module.BulkModule(argument_spec=argument_spec, supports_check_mode=True)
    assert logged[0]['token'] == logged[0]['secret'] == 'NOT_LOGGING_PARAMETER'
    assert logged[0]['admin_pass'] == 'NOT_LOGGING_PASSWORD'
    assert logged[0]['accounts'] == '(a list of 1)'
    assert 'hidden' not in str(logged) and '********' in logged[0]['note']
    assert warned == ['Module did not set no_log for admin_pass']


texts = st.text(alphabet='abcxyz-*0123456789', max_size=40)


def strings_of(value):
    if isinstance(value, dict):
        return [str(key) for key in value] + [text for item in value.values() for text in strings_of(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings_of(item)]
    return [] if value is None or isinstance(value, bool) else [str(value)]


@settings(max_examples=300, deadline=None)
@given(secrets=st.sets(st.text(alphabet='abcxyz-0123456789', min_size=1, max_size=6), min_size=1, max_size=8),
       value=st.recursive(st.one_of(texts, st.integers(), st.booleans(), st.none()),
                          lambda children: st.one_of(st.lists(children, max_size=4),
                                                     st.dictionaries(texts, children, max_size=4)), max_leaves=20))
def test_the_mask_leaves_no_secret_and_agrees_with_ansible_where_secrets_do_not_overlap(secrets, value):
    mask = _module._NoLogMask(secrets)  # pylint: disable=protected-access
    masked = mask(value)
    # Whatever still shows anywhere (a key, a mask next to its neighbours) is left for Ansible's own pass.
    shown = {secret for text in strings_of(masked) for secret in secrets if secret in text}
    assert shown <= mask.still_shown()
    if not any(a != b and (a in b or any(a.endswith(b[:n]) for n in range(1, len(b)))) for a in secrets for b in secrets):
        assert masked == remove_values(value, secrets)
