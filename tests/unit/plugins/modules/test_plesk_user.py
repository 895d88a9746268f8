# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""plesk_user replayed against exact request/response sequences over a real socket."""

from __future__ import annotations

import pytest
from lxml import etree

from ansible_collections.hosting.mail.plugins.modules import plesk_user
from ansible_collections.hosting.mail.tests.simulators.plesk.schema import open_schemas
from ansible_collections.hosting.mail.tests.support.scripted_server import Respond
from ansible_collections.hosting.mail.tests.unit.plesk_packets import answer, canonical, error, ok, system_error
from ansible_collections.hosting.mail.tests.unit.utils import module_failure, module_success

ADMIN_PASSWORD = 'adm1n&secret'
USER_PASSWORD = 'Jane&<pw>"ö'
GUID = '3f0b4c1e-9d2a-4f64-8e5b-5a1f0c7d2e11'
OWNER = '0c7d2e11-5a1f-4f64-8e5b-3f0b4c1e9d2a'
SCHEMAS, SCHEMA_STATUS = open_schemas()

GET_ALL = ('<packet version="1.6.9.0"><user><get><filter><all/></filter><dataset><gen-info/><roles/></dataset></get>'
           '</user></packet>')
ROLE_GET = ('<packet version="1.6.9.0"><role><get><filter><name>WebMaster</name></filter></get></role></packet>')


def user_result(login='jane@example.com', status='enabled', role='WebMaster', name='Jane Doe', company=None):
    info = [('login', login), ('name', name), ('owner-guid', OWNER), ('status', status), ('guid', GUID),
            ('is-built-in', 'false')]
    if company:
        info.append(('contact-info', [('company', company)]))
    info.append(('email', login))
    return ok(('id', 4), ('data', [('gen-info', info), ('roles', [('name', role)])]))


def users(*results):
    return answer(('user', 'get', list(results)))


ROLE_FOUND = answer(('role', 'get', [ok(('id', 3), ('data', [('name', 'WebMaster')]))]))


def run(server, capsys, check_mode=False, diff=False, fails=False, **args):
    """Run plesk_user; the test fails unless the module succeeds (or, with ``fails``, fails)."""
    params = dict(plesk_url=server.url, plesk_username='admin', plesk_password=ADMIN_PASSWORD,
                  plesk_api_version='1.6.9.0', login='jane@example.com')
    params.update(args)
    params.update(_ansible_check_mode=check_mode, _ansible_diff=diff)
    runner = module_failure if fails else module_success
    return runner(plesk_user, params, capsys, secrets=(USER_PASSWORD, ADMIN_PASSWORD))


def expect(server, *packets):
    assert [canonical(request.body) for request in server.requests] == [canonical(packet) for packet in packets]
    if SCHEMAS is not None:
        for request in server.requests:
            assert SCHEMAS.validate_request(etree.fromstring(request.body), '1.6.9.0') == [], request.body


WANTED = dict(password=USER_PASSWORD, name='Jane Doe', email='jane@example.com', role='WebMaster',
              contact=dict(company='Example & Söhne'))
ADD = ('<packet version="1.6.9.0"><user><add><gen-info><login>jane@example.com</login><passwd>%s</passwd>'
       '<name>Jane Doe</name><contact-info><company>Example &amp; Söhne</company></contact-info>'
       '<email>jane@example.com</email></gen-info><roles><name>WebMaster</name></roles></add></user></packet>'
       % USER_PASSWORD.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;'))


def test_add(http_server, capsys):
    http_server.script = [Respond(200, users()), Respond(200, ROLE_FOUND),
                          Respond(200, answer(('user', 'add', [ok(('id', 4), ('guid', GUID))]))),
                          Respond(200, users(user_result(company='Example & Söhne')))]
    result = run(http_server, capsys, **WANTED)
    assert result['changed'] is True and result['changed_fields'] == ['created']
    assert (result['id'], result['guid']) == (4, GUID)
    assert result['user']['contact']['company'] == 'Example & Söhne'
    expect(http_server, GET_ALL, ROLE_GET, ADD, GET_ALL)


def test_add_is_idempotent_and_matches_login_without_case(http_server, capsys):
    http_server.script = [Respond(200, users(user_result(login='Jane@Example.com', company='Example & Söhne')))]
    result = run(http_server, capsys, **{**WANTED, 'email': 'Jane@Example.com'})
    assert result['changed'] is False
    expect(http_server, GET_ALL)


def test_add_in_check_mode(http_server, capsys):
    http_server.script = [Respond(200, users()), Respond(200, ROLE_FOUND)]
    result = run(http_server, capsys, check_mode=True, diff=True, **WANTED)
    assert result['changed'] is True
    assert result['diff']['before'] == {}
    assert result['diff']['after']['role'] == 'WebMaster'
    assert result['diff']['after']['password'] == '(password changed)'
    expect(http_server, GET_ALL, ROLE_GET)


def test_check_mode_idempotent(http_server, capsys):
    http_server.script = [Respond(200, users(user_result(company='Example & Söhne')))]
    assert run(http_server, capsys, check_mode=True, **WANTED)['changed'] is False
    expect(http_server, GET_ALL)


def test_set_sends_only_what_differs(http_server, capsys):
    http_server.script = [Respond(200, users(user_result())),
                          Respond(200, answer(('user', 'set', [ok(('filter-id', GUID))]))),
                          Respond(200, users(user_result(status='disabled')))]
    result = run(http_server, capsys, diff=True, status='disabled', name='Jane Doe')
    assert result['changed_fields'] == ['status']
    assert (result['diff']['before']['status'], result['diff']['after']['status']) == ('enabled', 'disabled')
    set_status = ('<packet version="1.6.9.0"><user><set><filter><guid>%s</guid></filter><values><gen-info>'
                  '<status>disabled</status></gen-info></values></set></user></packet>' % GUID)
    expect(http_server, GET_ALL, set_status, GET_ALL)


def test_role_change_checks_the_role_first(http_server, capsys):
    http_server.script = [Respond(200, users(user_result(role='Accountant'))), Respond(200, ROLE_FOUND),
                          Respond(200, answer(('user', 'set', [ok()]))), Respond(200, users(user_result()))]
    result = run(http_server, capsys, role='WebMaster')
    assert result['changed_fields'] == ['role']
    set_role = ('<packet version="1.6.9.0"><user><set><filter><guid>%s</guid></filter><values><roles>'
                '<name>WebMaster</name></roles></values></set></user></packet>' % GUID)
    role_get = ROLE_GET.replace('</filter>', '</filter><owner-guid>%s</owner-guid>' % OWNER)
    expect(http_server, GET_ALL, role_get, set_role, GET_ALL)


def test_unknown_role_is_a_clear_error_even_in_check_mode(http_server, capsys):
    http_server.script = [Respond(200, users()), Respond(200, answer(('role', 'get', [error(1013, 'Role not found')])))]
    result = run(http_server, capsys, fails=True, check_mode=True, **WANTED)
    assert result['failed'] is True
    assert "no role named 'WebMaster'" in result['msg']


def test_delete_by_guid(http_server, capsys):
    http_server.script = [Respond(200, users(user_result())), Respond(200, answer(('user', 'del', [ok()])))]
    result = run(http_server, capsys, state='absent')
    assert result['changed_fields'] == ['deleted']
    delete = '<packet version="1.6.9.0"><user><del><filter><guid>%s</guid></filter></del></user></packet>' % GUID
    expect(http_server, GET_ALL, delete)


def test_delete_of_a_missing_user_changes_nothing(http_server, capsys):
    http_server.script = [Respond(200, users(user_result(login='someone.else')))]
    assert run(http_server, capsys, state='absent')['changed'] is False
    expect(http_server, GET_ALL)


def test_creating_needs_name_role_and_password(http_server, capsys):
    http_server.script = [Respond(200, users())]
    result = run(http_server, capsys, fails=True, email='jane@example.com')
    assert result['failed'] is True
    assert result['msg'] == 'Creating a Plesk user needs name, role, password.'


def test_duplicate_login_is_reported_with_its_code(http_server, capsys):
    http_server.script = [Respond(200, users()), Respond(200, ROLE_FOUND),
                          Respond(200, answer(('user', 'add', [error(1002, 'User account already exists')])))]
    result = run(http_server, capsys, fails=True, **WANTED)
    assert result['failed'] is True and result['error']['code'] == 1002
    assert 'Plesk API error 1002 in user/add' in result['msg']


@pytest.mark.parametrize('pinned, hint', [(None, 'pin plesk_api_version: "1.6.9.0"'),
                                          ('1.6.9.0', 'refused the packet at the pinned protocol 1.6.9.0')])
def test_a_server_without_the_user_operator_says_what_to_do(http_server, capsys, pinned, hint):
    http_server.script = [Respond(200, system_error(1014, "Element 'user': This element is not expected."))]
    result = run(http_server, capsys, fails=True, plesk_api_version=pinned, status='disabled')
    assert result['failed'] is True
    assert 'does not accept the <user>/<role> operators (error 1014' in result['msg']
    assert hint in result['msg']


def test_1017_for_the_operator_says_so_too(http_server, capsys):
    http_server.script = [Respond(200, users(error(1017, 'Feature not supported by the current version of XML API')))]
    result = run(http_server, capsys, fails=True, status='disabled')
    assert 'does not accept the <user>/<role> operators (error 1017' in result['msg']


def test_another_owner_is_refused(http_server, capsys):
    http_server.script = [Respond(200, users(user_result()))]
    result = run(http_server, capsys, fails=True, owner_guid='ffffffff-0000-0000-0000-000000000000', status='enabled')
    assert result['failed'] is True
    assert 'cannot move a user between owners' in result['msg']
    expect(http_server, GET_ALL)
