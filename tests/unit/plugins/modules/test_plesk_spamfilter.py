# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""plesk_spamfilter replayed against exact request/response sequences over a real socket."""

from __future__ import annotations

import pytest
from lxml import etree

from ansible_collections.hosting.mail.plugins.modules import plesk_spamfilter
from ansible_collections.hosting.mail.tests.simulators.plesk.schema import open_schemas
from ansible_collections.hosting.mail.tests.support.scripted_server import Reset, Respond
from ansible_collections.hosting.mail.tests.unit.plesk_packets import answer, canonical, error, ok, system_error
from ansible_collections.hosting.mail.tests.unit.utils import module_failure, module_success

ADMIN_PASSWORD = 'adm1n&secret'
USER = 'info@example.com'
SCHEMAS, SCHEMA_STATUS = open_schemas()

READ = ('<packet version="1.6.9.0"><spamfilter><get><filter><username>info@example.com</username></filter></get>'
        '<get-patterns><filter><username>info@example.com</username></filter><list>white</list></get-patterns>'
        '<get-patterns><filter><username>info@example.com</username></filter><list>black</list></get-patterns>'
        '</spamfilter></packet>')


def state(enabled=False, score='7', header='***SPAM***', action='text', white=(), black=(), preferences=True):
    prefs = [('required-score', score), ('rewrite-header', header), ('action', action)] if preferences else []
    get = ok(('filter-id', USER), ('id', 12), ('username', USER), ('enabled' if enabled else 'disabled', None),
             ('preferences', prefs))
    return answer(('spamfilter', 'get', [get]),
                  ('spamfilter', 'get-patterns', [ok(('filter-id', USER), *[('pattern', p) for p in white])]),
                  ('spamfilter', 'get-patterns', [ok(('filter-id', USER), *[('pattern', p) for p in black])]))


def write(*operations):
    return '<packet version="1.6.9.0">%s</packet>' % ''.join('<spamfilter>%s</spamfilter>' % op for op in operations)


def set_op(preferences='', switch=''):
    return ('<set><filter><username>info@example.com</username></filter><preferences>%s</preferences>%s</set>'
            % (preferences, switch))


def pattern_op(kind, wire, *patterns):
    return ('<%s><filter>%s</filter><list>%s</list><username>info@example.com</username></%s>'
            % (kind, ''.join('<pattern>%s</pattern>' % p for p in patterns), wire, kind))


def done(*operations):
    return answer(*[('spamfilter', operation, [ok()]) for operation in operations])


def run(server, capsys, check_mode=False, diff=False, fails=False, **args):
    params = dict(plesk_url=server.url, plesk_username='admin', plesk_password=ADMIN_PASSWORD, name='Info@Example.com',
                  plesk_api_version='1.6.9.0')
    params.update(args)
    params.update(_ansible_check_mode=check_mode, _ansible_diff=diff)
    runner = module_failure if fails else module_success
    return runner(plesk_spamfilter, params, capsys, secrets=(ADMIN_PASSWORD,))


def expect(server, *packets):
    assert [canonical(request.body) for request in server.requests] == [canonical(p) for p in packets]
    if SCHEMAS is not None:
        for request in server.requests:
            assert SCHEMAS.validate_request(etree.fromstring(request.body), '1.6.6.0') == [], request.body


WANTED = dict(enabled=True, required_score='5.5', action='move', allow=['*@Partner.example'], block=['*@spam.example'])


def test_change_sends_one_packet_of_what_differs(http_server, capsys):
    http_server.script = [Respond(200, state(black=['old@spam.example'])),
                          Respond(200, done('set', 'add-pattern', 'add-pattern', 'del-pattern')),
                          Respond(200, state(True, '5.5', action='move', white=['*@partner.example'], black=['*@spam.example']))]
    result = run(http_server, capsys, **WANTED)
    assert result['changed_fields'] == ['enabled', 'required_score', 'action', 'allow', 'block']
    assert result['spam_filter'] == dict(enabled=True, required_score='5.5', rewrite_header='***SPAM***', action='move',
                                         allow=['*@partner.example'], block=['*@spam.example'])
    expect(http_server, READ, write(set_op('<required-score>5.5</required-score><action>move</action>', '<enabled/>'),
                                    pattern_op('add-pattern', 'white', '*@partner.example'),
                                    pattern_op('add-pattern', 'black', '*@spam.example'),
                                    pattern_op('del-pattern', 'black', 'old@spam.example')), READ)


def test_idempotent_with_the_panel_s_own_forms(http_server, capsys):
    # 5.5 as 5.50, the header with SpamAssassin's "subject" prefix, patterns in another case and order.
    http_server.script = [Respond(200, state(True, '5.50', 'subject ***SPAM***', 'move', white=['*@PARTNER.example'],
                                             black=['*@spam.example']))]
    result = run(http_server, capsys, rewrite_header='***SPAM***', **WANTED)
    assert result['changed'] is False, result['changed_fields']
    expect(http_server, READ)


def test_check_mode_and_diff(http_server, capsys):
    http_server.script = [Respond(200, state(black=['old@spam.example']))]
    result = run(http_server, capsys, check_mode=True, diff=True, **WANTED)
    assert result['changed'] is True
    assert result['diff']['before']['block'] == ['old@spam.example']
    assert result['diff']['after']['block'] == ['*@spam.example']
    assert result['spam_filter']['enabled'] is True
    expect(http_server, READ)


def test_check_mode_idempotent(http_server, capsys):
    http_server.script = [Respond(200, state(True, '5.5', action='move', white=['*@partner.example'], black=['*@spam.example']))]
    assert run(http_server, capsys, check_mode=True, **WANTED)['changed'] is False
    expect(http_server, READ)


def test_append_only_adds(http_server, capsys):
    http_server.script = [Respond(200, state(black=['old@spam.example'])), Respond(200, done('add-pattern')),
                          Respond(200, state(black=['*@spam.example', 'old@spam.example']))]
    result = run(http_server, capsys, block=['*@spam.example'], append=True)
    assert result['changed_fields'] == ['block']
    assert result['spam_filter']['block'] == ['*@spam.example', 'old@spam.example']
    expect(http_server, READ, write(pattern_op('add-pattern', 'black', '*@spam.example')), READ)


def test_an_empty_list_deletes_each_pattern_by_name(http_server, capsys):
    http_server.script = [Respond(200, state(white=['a@x.example', 'b@x.example'])), Respond(200, done('del-pattern')),
                          Respond(200, state())]
    result = run(http_server, capsys, allow=[])
    assert result['changed_fields'] == ['allow']
    expect(http_server, READ, write(pattern_op('del-pattern', 'white', 'a@x.example', 'b@x.example')), READ)


def test_a_pattern_is_deleted_as_the_panel_spells_it(http_server, capsys):
    http_server.script = [Respond(200, state(black=['Old@Spam.Example', '*@spam.example'])), Respond(200, done('del-pattern')),
                          Respond(200, state(black=['*@spam.example']))]
    result = run(http_server, capsys, block=['*@SPAM.example'])
    assert result['changed_fields'] == ['block']
    expect(http_server, READ, write(pattern_op('del-pattern', 'black', 'Old@Spam.Example')), READ)


def test_a_panel_that_resets_unsent_preferences_gets_them_all(http_server, capsys):
    http_server.script = [Respond(200, state(score='5', header='[spam]')), Respond(200, done('set')),
                          Respond(200, state(enabled=True)),  # score and header back to the defaults
                          Respond(200, done('set')), Respond(200, state(True, '5', '[spam]'))]
    result = run(http_server, capsys, enabled=True)
    assert result['changed_fields'] == ['enabled']
    assert result['spam_filter']['required_score'] == '5' and result['spam_filter']['rewrite_header'] == '[spam]'
    whole = set_op('<required-score>5</required-score><rewrite-header>[spam]</rewrite-header><action>text</action>')
    expect(http_server, READ, write(set_op('', '<enabled/>')), READ, write(whole), READ)


def test_unreported_preferences_are_sent_with_a_warning(http_server, capsys):
    http_server.script = [Respond(200, state(preferences=False)), Respond(200, done('set')), Respond(200, state(preferences=False))]
    result = run(http_server, capsys, required_score='6')
    assert result['changed_fields'] == ['required_score']
    assert any('does not report required_score' in text for text in result['recorded_warnings'])
    expect(http_server, READ, write(set_op('<required-score>6</required-score>')), READ)


def test_no_such_mailbox(http_server, capsys):
    missing = answer(('spamfilter', 'get', [error(1013, 'Spam filter does not exist')]),
                     ('spamfilter', 'get-patterns', [error(1013, 'x')]), ('spamfilter', 'get-patterns', [error(1013, 'x')]))
    http_server.script = [Respond(200, missing)]
    result = run(http_server, capsys, fails=True, enabled=True)
    assert 'Plesk has no mail account info@example.com' in result['msg']
    expect(http_server, READ)


@pytest.mark.parametrize('refusal', [system_error(1014, "Parser error: Request is invalid. Element 'spamfilter': This element is not expected."),
                                     system_error(1017, 'Feature not supported')])
def test_a_server_without_the_operator_says_to_pin(http_server, capsys, refusal):
    http_server.script = [Respond(200, refusal)]
    result = run(http_server, capsys, fails=True, plesk_api_version=None, enabled=True)
    assert 'does not accept the <spamfilter> operator' in result['msg'] and 'plesk_api_version: "1.6.9.0"' in result['msg']


def test_a_refused_value_fails_with_the_panel_error(http_server, capsys):
    http_server.script = [Respond(200, state()),
                          Respond(200, answer(('spamfilter', 'set', [error(1019, 'Invalid value')]))), Respond(200, state())]
    result = run(http_server, capsys, fails=True, rewrite_header='[x]')
    assert result['error']['code'] == 1019 and result['changed'] is False
    assert result['spam_filter']['rewrite_header'] == '***SPAM***'  # what the panel holds, read after the refusal
    expect(http_server, READ, write(set_op('<rewrite-header>[x]</rewrite-header>')), READ)


def test_a_lost_answer_is_read_back(http_server, capsys):
    http_server.script = [Respond(200, state()), Reset(), Respond(200, state(enabled=True)), Respond(200, state(enabled=True))]
    result = run(http_server, capsys, enabled=True)
    assert result['write_outcome'] == 'done'
    expect(http_server, READ, write(set_op('', '<enabled/>')), READ, READ)


@pytest.mark.parametrize('args, named', [
    (dict(required_score='lots'), 'required_score'),
    (dict(block=['two words@x.example']), 'block'),
    (dict(rewrite_header='  '), 'rewrite_header'),
    (dict(name='not-an-address'), 'name'),
])
def test_bad_input_is_refused_before_anything_is_sent(http_server, capsys, args, named):
    result = run(http_server, capsys, fails=True, **args)
    assert named in result['msg']
    assert http_server.requests == []


def test_packets_are_checked_against_the_plesk_xsds():
    """The expected packets above are validated against the 1.6.6.0 XSDs (from ../shared); this proves the check bites."""
    if SCHEMAS is None:
        pytest.skip(SCHEMA_STATUS)
    bad = ('<packet><spamfilter><set><filter><username>a@example.com</username></filter><preferences>'
           '<action>mark</action></preferences></set></spamfilter></packet>')
    assert SCHEMAS.validate_request(etree.fromstring(bad), '1.6.6.0') != [], 'the action mark'
