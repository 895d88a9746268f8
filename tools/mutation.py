# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""`make mutation`: mutation testing (cosmic-ray) of the planning and answer-reading code; on demand, not in make test.

cosmic-ray (pinned in tests/requirements/mutation.txt, installed into its own virtualenv .cache/mutation-venv,
rebuilt when that file changes) makes the mutants: each changes one operator, comparison, boolean, number, loop
or exception clause in one of TARGETS. cosmic-ray does not mutate strings, so docstrings, DOCUMENTATION/RETURN
and message wording never become mutants. Skipped before running, and counted apart: the modules' main() (the
argument spec) and `if __name__ == '__main__'`; and, for an operator with a string literal beside it (`'...' % x`,
`text + '...'`), the replacements by `/`, `//`, `**`, `<<`, `>>`, `&`, `|`, `^`: str has none of them, so each
raises the same TypeError as the replacement by `-`, which is kept (as are `+`, `%` and `*`, which a str has).

Nothing is mutated in the checkout: the files git knows (tracked and untracked-not-ignored) are copied to
.cache/mutation/tree-N/ansible_collections/hosting/mail (one tree per job). The unit tests (tests/unit/plugins)
run once there with a line tracer: that baseline gives each test's duration, which tests fail already (they
are left out and named), and which statements of the targets each test executes. Each mutant then runs only
the tests that execute the mutated statement (for module-level code, which runs at import, every test that
runs code of the file or of a plugin file importing it), fastest first, with the pipeline's Python (.venv),
`pytest -x -q -p no:cacheprovider --hypothesis-seed=0`, and a timeout of 15 s plus three times their baseline
time (a timeout counts as killed). A mutant no test reaches survives without a run; one that is not valid
Python is counted incompetent.

    python3 tools/mutation.py                                      # every target (make mutation)
    python3 tools/mutation.py plugins/module_utils/_brainycp.py    # just this one (make mutation FILES=...)
    python3 tools/mutation.py --jobs 2 --show-survivors            # two trees at once; print each survivor's diff
    python3 tools/mutation.py --survivors-only FILE                # re-test only the last run's survivors of FILE
    python3 tools/mutation.py --report                             # the last run's table again

It prints a table per file (mutants run, killed, survived, timeouts/incompetent, score = killed and timed out
over those that ran and were competent; survivors listed in EQUIVALENT are shown apart) and writes every
survivor with its diff to .cache/mutation/survivors.txt. The exit status is 0 whatever the score.
"""

import argparse
import ast
import difflib
import hashlib
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import warnings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REQUIREMENTS = os.path.join(ROOT, 'tests', 'requirements', 'mutation.txt')
VENV = os.path.join(ROOT, '.cache', 'mutation-venv')
WORK = os.path.join(ROOT, '.cache', 'mutation')
TREE_SUFFIX = os.path.join('ansible_collections', 'hosting', 'mail')
TARGETS = (
    'plugins/module_utils/_plesk_mail.py',
    'plugins/module_utils/_plesk_user.py',
    'plugins/module_utils/_brainycp.py',
    'plugins/module_utils/_plesk_bulk.py',
    'plugins/module_utils/_brainycp_bulk.py',
)
TEST_PATHS = ('tests/unit/plugins',)
# Every pytest run: no cache in the tree, and the property tests (hypothesis) drawing the same examples each time.
PYTEST_ARGS = ('-q', '-p', 'no:cacheprovider', '--hypothesis-seed=0')
# Functions whose mutants are not run: the argument spec and the entry point of a module.
SKIPPED_FUNCTIONS = ('main',)
# Replacements of an operator with a string literal beside it that are skipped: str has none of these operators, so
# each raises the same TypeError as the replacement by - (kept, with + % * which a str has).
REDUNDANT_ON_STR = ('Div', 'FloorDiv', 'Pow', 'RShift', 'LShift', 'BitOr', 'BitAnd', 'BitXor')
# Survivors judged equivalent (no input can tell them from the original), with why: (file, operator, the mutated line
# as it reads in the original, stripped, reason). Shown apart in the table; a changed line simply stops matching.
PLESK_MAIL = 'plugins/module_utils/_plesk_mail.py'
PLESK_USER = 'plugins/module_utils/_plesk_user.py'
BRAINYCP = 'plugins/module_utils/_brainycp.py'
PLESK_BULK = 'plugins/module_utils/_plesk_bulk.py'
BRAINY_BULK = 'plugins/module_utils/_brainycp_bulk.py'
INTERN = ('CPython interns identifier-like string literals and this value is always such a literal of the code, '
          'so `is` agrees with `==`')
ONEOP = 'the packet holds one operation, so send() returns one answer list and [0] is [-1]'
DEADPROP = 'AccountDelta.changed is never read (callers use changed_fields)'
SETVALUE = 'only the presence of this key in set_fields is read, never its value'
BOOLS = 'both sides are always bool (singletons), so `is not` agrees with `!=`'
MAILBOXBOOL = 'the value is always a bool, for which `!= False` and `> False` agree with `is not False`'
LASTFIELD = 'end_date is the last autoresponder field: break after it ends the loop as continue does'
KEYS = ("the autoresponder dict's keys are the module's literal field names (dict.update keeps existing key "
        'objects), interned by CPython')
CHOICES = "the option's choices are 'always' and 'on_create' ('on_create' > 'always'), so `<=` agrees with `==`"
XOREMPTY = "the addresses are not managed here, so again.delta.add['forwarding'] is empty and ^ gives what | gives"
NOTTAKEN = 'not_taken is only called with at least one differing field, so `<= 1` agrees with `== 1`'
NONEMPTY = ("set_operation is only called with a change, so values is never empty and ^ {'role'} is empty exactly "
            "when - {'role'} is")
CONTACTFIRST = ("no user field sorts before 'contact' (name, email, status, role, external_id, subscription_id), so "
                '`<=` agrees with `==`')
STATUS403 = ('only 2xx, 401 and 403 reach this line (post() raises for any other status; 401 is handled above), so '
             '`>=` agrees with `==`')
ONEOPERATOR = 'add_delta makes at most one <mail> operator per call, so [0] is [-1]'
PENDING = "write() sets every written entry's pending count before anything reads it; report() reads it only for those"
IDENTITY = 'Entry defines no __eq__, so == is identity as is'
EMAILLAST = ("the fields compared are name, email, status, role, external_id and subscription_id: every one but email "
             "sorts after 'email', so `>` agrees with `!=`")
TWOSTEPS = 'an account has one or two steps (release, rest), so pending is 1 or 2, where >> 1 agrees with - 1'
RELEASEFIRST = "a part is 'release' or 'rest' ('release' < 'rest'), so `<=` agrees with `==`"
STATECHOICES = "state is 'present' or 'absent' ('present' > 'absent'), so `<=` agrees with `==`"
OWNALIAS = "Plesk never lists an account's own name among its aliases, so ^ gives what | gives"
SELFHOLDER = ('a name is either held by another account (another string) or defaults to entry.address itself, so '
              '`is not` agrees with `!=`')
ONRESULT = 'every operation of these packets names one account, so Plesk answers one result and [0] is [-1]'
CREATEDFIRST = "'created' sorts before every other action of an entry, so `<=` agrees with `==`"
NONNEG = 'counts are never negative, and for those bool(a | b) is bool(a + b)'
ALREADYFIRST = "'already' sorts before every other outcome ('done', 'empty', 'nothing'), so `<=` agrees with `==`"
OUTCOMECONST = 'outcomes are the module constants of _brainycp themselves, so `is` agrees with `==`'
DELMAIL = "delmail answers only 'done' or 'nothing' ('done' < 'nothing'), so `>=` agrees with `==`"
SITE_ENTRY = ("an entry of an account the site has is 'removed', 'updated' or 'unchanged' here (failures are set later), and "
              "only 'removed' sorts <= 'removed'")
SAMEDOMAIN = ("both sides are _values._unicode_form's cached answer for the same A-label (the site's domain was "
              'normalised by the same call), so `is not` agrees with `!=` while its 8,192 entries keep it')
ONESITE = 'without the domains option a task has exactly one site, so [0] is [-1]'
ACTIONCONST = ('actions and outcomes are only ever set from the constants of _outcomes (or these literals, interned), so '
               '`is` agrees with `==`')
ABSTRACT = 'UsersTask.listing is never called: every task overrides it (the other removals of @staticmethod are killed)'
ONEBOX = 'the mailboxes are written one operation a request, so each batch holds one mailbox and [0] is [-1]'
PRESENTLAST = "state is 'present' or 'absent' ('absent' < 'present'), so `>= 'present'` agrees with `== 'present'`"
LOSTOUTCOME = "a WriteOutcomeError's outcome is 'not_done' or 'unknown' ('not_done' < 'unknown'), so `>=` agrees with `==`"
_EQUIVALENT = (
    (PLESK_MAIL, 'ReplaceComparisonOperator_Eq_Is',
     "field: (_bool(responder.findtext(tag)) if field == 'enabled' else responder.findtext(tag))", INTERN),
    (PLESK_MAIL, 'NumberReplacer',
     'return read_get_info(client, client.send(packet, safe_to_repeat=True)[0], site_id, locals_, domain)', ONEOP),
    (PLESK_MAIL, 'NumberReplacer',
     'for result in client.send(packet, safe_to_repeat=True)[0]:', ONEOP),
    (PLESK_MAIL, 'RemoveDecorator',
     '@property', DEADPROP),
    (PLESK_MAIL, 'ReplaceTrueWithFalse',
     "plan.set_fields['mailbox'] = True", SETVALUE),
    (PLESK_MAIL, 'ReplaceComparisonOperator_NotEq_IsNot',
     "if 'enabled' in forwarding and forwarding['enabled'] != current['forwarding']['enabled']:", BOOLS),
    (PLESK_MAIL, 'ReplaceFalseWithTrue',
     "plan.set_fields['forwarding'] = False", SETVALUE),
    (PLESK_MAIL, 'ReplaceTrueWithFalse',
     "plan.set_fields['autoresponder'] = True", SETVALUE),
    (PLESK_MAIL, 'ReplaceComparisonOperator_Eq_Is',
     "'autoresponder': {field: (False if field == 'enabled' else None) for field in _AUTORESPONDER_FIELDS},", INTERN),
    (PLESK_MAIL, 'ReplaceComparisonOperator_IsNot_NotEq',
     "child(mailbox, 'enabled', desired.get('mailbox', current.get('mailbox') if current else True) is not False)", MAILBOXBOOL),
    (PLESK_MAIL, 'ReplaceComparisonOperator_IsNot_Gt',
     "child(mailbox, 'enabled', desired.get('mailbox', current.get('mailbox') if current else True) is not False)", MAILBOXBOOL),
    (PLESK_MAIL, 'ReplaceComparisonOperator_Eq_Is',
     "if field == 'end_date' and not supports(version, AUTORESPONDER_END_DATE_REQUEST):", INTERN),
    (PLESK_MAIL, 'ReplaceContinueWithBreak',
     'continue', LASTFIELD),
    (PLESK_MAIL, 'ReplaceComparisonOperator_NotEq_IsNot',
     "shown['autoresponder'] = {k: v for k, v in shown['autoresponder'].items() if k != 'end_date'}", KEYS),
    (PLESK_MAIL, 'ReplaceComparisonOperator_Eq_LtE',
     "current is None or params.get('update_password') == 'always')", CHOICES),
    (PLESK_MAIL, 'ReplaceComparisonOperator_Eq_LtE',
     "current is None or params.get('update_cp_access') == 'always')", CHOICES),
    (PLESK_MAIL, 'ReplaceBinaryOperator_BitOr_BitXor',
     "again.delta.add['forwarding'] = sorted(set(again.delta.add['forwarding']) | set(dropped))", XOREMPTY),
    (PLESK_MAIL, 'ReplaceComparisonOperator_Eq_LtE',
     "% (change.address, ', '.join(change.changed_fields), 's' if len(change.changed_fields) == 1 else ''))", NOTTAKEN),
    (PLESK_USER, 'ReplaceComparisonOperator_Eq_Is',
     "_CONTACT_TAGS = {field: 'imtype' if field == 'im_type' else field for field in CONTACT_FIELDS}", INTERN),
    (PLESK_USER, 'NumberReplacer',
     'for result in send(client, packet, safe_to_repeat=True)[0]:', ONEOP),
    (PLESK_USER, 'ReplaceBinaryOperator_Sub_BitXor',
     "if set(values) - {'role'}:", NONEMPTY),
    (PLESK_USER, 'ReplaceComparisonOperator_Eq_LtE',
     "after[field] = dict(after['contact'], **value) if field == 'contact' else value", CONTACTFIRST),
    (PLESK_USER, 'ReplaceComparisonOperator_Eq_Is',
     "after[field] = dict(after['contact'], **value) if field == 'contact' else value", INTERN),
    (BRAINYCP, 'ReplaceComparisonOperator_Eq_GtE',
     'if response.status == 403:', STATUS403),
    (PLESK_BULK, 'ReplaceComparisonOperator_Eq_Is',
     "changed_fields=self.change.changed_fields if self.change else (['removed'] * (self.action == 'removed')))", INTERN),
    (PLESK_BULK, 'ReplaceComparisonOperator_Eq_LtE',
     "if params['state'] == 'absent':", STATECHOICES),
    (PLESK_BULK, 'ReplaceComparisonOperator_Eq_Is',
     "if changing and entry.action == 'removed':", INTERN),
    (PLESK_BULK, 'ReplaceComparisonOperator_Eq_LtE',
     "if changing and entry.action == 'removed':", SITE_ENTRY),
    (PLESK_BULK, 'ReplaceBinaryOperator_BitOr_BitXor',
     "names = {account['address']} | set(account['aliases'])", OWNALIAS),
    (PLESK_BULK, 'ReplaceComparisonOperator_NotEq_IsNot',
     'clash = next((name for name in claimed if holders.get(name, entry.address) != entry.address), None)', SELFHOLDER),
    (PLESK_BULK, 'ReplaceComparisonOperator_Eq_Is',
     "if entry.action == 'removed':", INTERN),
    (PLESK_BULK, 'NumberReplacer',
     "entry.fail('failed', self.client.error_for(failed[0], label).message if failed[0] is not None", ONRESULT),
    (PLESK_BULK, 'ReplaceComparisonOperator_NotEq_IsNot',
     "planned = [entry for entry in entries if entry.action != 'unchanged']", INTERN),
    (PLESK_BULK, 'ReplaceComparisonOperator_NotEq_IsNot',
     "sum(entry.action != 'not_done' for entry, part in batch),", INTERN),
    (PLESK_BULK, 'ReplaceComparisonOperator_Eq_Is',
     "sum(entry.action == 'not_done' for entry, part in batch)))", INTERN),
    (PLESK_BULK, 'NumberReplacer',
     'self.pending = 0  # steps of its write not sent yet', PENDING),
    (PLESK_BULK, 'ReplaceComparisonOperator_Is_Eq',
     'entry.pending = sum(1 for step in steps if step[0] is entry)', IDENTITY),
    (PLESK_MAIL, 'NumberReplacer',
     'return operators[0]', ONEOPERATOR),
    (PLESK_BULK, 'ReplaceComparisonOperator_Eq_Is',
     "result['counts'] = {action: sum(1 for entry in entries if entry.action == action) for action in ACTIONS}", INTERN),
    (PLESK_BULK, 'ReplaceComparisonOperator_NotEq_IsNot',
     "if entry.action != 'removed':", INTERN),
    (PLESK_USER, 'ReplaceComparisonOperator_NotEq_Gt', "if field != 'email' or not value or '@' not in value:", EMAILLAST),
    (PLESK_USER, 'ReplaceComparisonOperator_NotEq_IsNot', "if field != 'email' or not value or '@' not in value:", INTERN),
    (PLESK_BULK, 'ReplaceBinaryOperator_Sub_RShift',
     'entry.sent, entry.pending = True, entry.pending - 1', TWOSTEPS),
    (PLESK_BULK, 'ReplaceComparisonOperator_Eq_LtE', 'if part == RELEASE:', RELEASEFIRST),
    (PLESK_BULK, 'ReplaceComparisonOperator_Eq_Is', 'if part == RELEASE:', INTERN),
    (PLESK_BULK, 'ReplaceComparisonOperator_Eq_Is',
     'counts={action: sum(1 for entry in self.entries if entry.action == action) for action in ACTIONS})', INTERN),
    (PLESK_BULK, 'ReplaceComparisonOperator_Eq_Is',
     "report['changed_fields'] = self.change.changed_fields if self.change else (['removed'] * (self.action == 'removed'))",
     INTERN),
    (PLESK_BULK, 'ReplaceComparisonOperator_NotEq_IsNot', 'if idna_domain(name_domain) != domain:', SAMEDOMAIN),
    (PLESK_BULK, 'NumberReplacer', 'site = self.sites[0]', ONESITE),
    (PLESK_BULK, 'NumberReplacer', "result['site_id'] = self.sites[0].site_id", ONESITE),
    (PLESK_BULK, 'NumberReplacer',
     'return (self.client.error_for(failed[0], label).message if failed[0] is not None', ONRESULT),
    (BRAINY_BULK, 'ReplaceComparisonOperator_Eq_LtE',
     "if entry['state'] == 'absent':", STATECHOICES),
    (BRAINY_BULK, 'ReplaceComparisonOperator_Eq_LtE',
     "new_domains = [address_domain(entry.address) for entry in entries if entry.action == 'created']", CREATEDFIRST),
    (BRAINY_BULK, 'ReplaceComparisonOperator_Eq_Is',
     "new_domains = [address_domain(entry.address) for entry in entries if entry.action == 'created']", INTERN),
    (BRAINY_BULK, 'ReplaceComparisonOperator_Eq_LtE',
     "after={entry.address: quota_shown(entry.quota) for entry in writes if entry.action == 'created'})", CREATEDFIRST),
    (BRAINY_BULK, 'ReplaceComparisonOperator_Eq_Is',
     "after={entry.address: quota_shown(entry.quota) for entry in writes if entry.action == 'created'})", INTERN),
    (BRAINY_BULK, 'ReplaceComparisonOperator_Eq_Is',
     "result['counts'] = {action: sum(1 for entry in entries if entry.action == action) for action in ACTIONS}", INTERN),
    (BRAINY_BULK, 'ReplaceBinaryOperator_Add_BitOr',
     "result['changed'] = bool(result['counts']['created'] + result['counts']['removed'])", NONNEG),
    (BRAINY_BULK, 'ReplaceComparisonOperator_Eq_LtE',
     "if entry.action == 'created':", CREATEDFIRST),
    (BRAINY_BULK, 'ReplaceComparisonOperator_Eq_Is',
     "if entry.action == 'created':", INTERN),
    (BRAINY_BULK, 'ReplaceComparisonOperator_Eq_LtE',
     'if answer.outcome == ALREADY:', ALREADYFIRST),
    (BRAINY_BULK, 'ReplaceComparisonOperator_Eq_Is',
     'if answer.outcome == ALREADY:', OUTCOMECONST),
    (BRAINY_BULK, 'ReplaceComparisonOperator_Eq_GtE',
     "if self.client.call('delmail', email=entry.address).outcome == NOTHING:", DELMAIL),
    (BRAINY_BULK, 'ReplaceComparisonOperator_Eq_Is',
     "if self.client.call('delmail', email=entry.address).outcome == NOTHING:", OUTCOMECONST),
    (BRAINY_BULK, 'ReplaceComparisonOperator_NotEq_IsNot',
     "if (entry.address in listed) != (entry.action == 'created'):", BOOLS),
    (BRAINY_BULK, 'ReplaceComparisonOperator_Eq_LtE',
     "if (entry.address in listed) != (entry.action == 'created'):", CREATEDFIRST),
    (BRAINY_BULK, 'ReplaceComparisonOperator_Eq_Is',
     "if (entry.address in listed) != (entry.action == 'created'):", INTERN),
    (BRAINY_BULK, 'ReplaceComparisonOperator_Eq_LtE',
     "if (entry.action == 'created') != (entry.address in listed) and entry.action in ('created', 'removed'):", CREATEDFIRST),
    (BRAINY_BULK, 'ReplaceComparisonOperator_Eq_Is',
     "if (entry.action == 'created') != (entry.address in listed) and entry.action in ('created', 'removed'):", INTERN),
    (BRAINY_BULK, 'ReplaceComparisonOperator_NotEq_IsNot',
     "if (entry.action == 'created') != (entry.address in listed) and entry.action in ('created', 'removed'):", BOOLS),
    (BRAINY_BULK, 'ReplaceComparisonOperator_Eq_Is',
     'counts={action: sum(1 for item in self.items if item.action == action) for action in actions})', ACTIONCONST),
    (BRAINY_BULK, 'RemoveDecorator', '@staticmethod', ABSTRACT),
    (BRAINY_BULK, 'ReplaceComparisonOperator_Eq_Is',
     'for warning in domain_warnings(user.client, [box.address for box in mailboxes if box.action == CREATED], user.listed):',
     ACTIONCONST),
    (BRAINY_BULK, 'ReplaceComparisonOperator_Eq_LtE',
     'for warning in domain_warnings(user.client, [box.address for box in mailboxes if box.action == CREATED], user.listed):',
     CREATEDFIRST),
    (BRAINY_BULK, 'ReplaceComparisonOperator_Eq_Is',
     'after={box.address: quota_shown(box.quota) for box in writes if box.action == CREATED})', ACTIONCONST),
    (BRAINY_BULK, 'ReplaceComparisonOperator_Eq_LtE',
     'after={box.address: quota_shown(box.quota) for box in writes if box.action == CREATED})', CREATEDFIRST),
    (BRAINY_BULK, 'NumberReplacer',
     'ledger.write([(box, None) for box in writes], self.send, lambda batch: batch[0][0].user.client.mailboxes(),', ONEBOX),
    # Two == on each of the next two lines: the outer one between bools (`is` agrees), the inner one with CREATED (`is`
    # and `<=` agree); the outer `<=` is not equivalent, and is killed.
    (BRAINY_BULK, 'ReplaceComparisonOperator_Eq_Is',
     'lambda box, part, listed: (box.address in listed) == (box.action == CREATED))', ACTIONCONST),
    (BRAINY_BULK, 'ReplaceComparisonOperator_Eq_LtE',
     'lambda box, part, listed: (box.address in listed) == (box.action == CREATED))', CREATEDFIRST),
    (BRAINY_BULK, 'ReplaceComparisonOperator_Eq_Is',
     'ledger.verify(lambda box: (box.address in listed[id(box.user)]) == (box.action == CREATED),', ACTIONCONST),
    (BRAINY_BULK, 'ReplaceComparisonOperator_Eq_LtE',
     'ledger.verify(lambda box: (box.address in listed[id(box.user)]) == (box.action == CREATED),', CREATEDFIRST),
    (BRAINY_BULK, 'ReplaceComparisonOperator_Eq_Is', 'if box.action == CREATED:', ACTIONCONST),
    (BRAINY_BULK, 'ReplaceComparisonOperator_Eq_LtE', 'if box.action == CREATED:', CREATEDFIRST),
    (BRAINY_BULK, 'ReplaceComparisonOperator_Eq_Is',
     "report['changed_fields'] = self.change.changed_fields if self.change else (['removed'] * (self.action == REMOVED))",
     ACTIONCONST),
    (BRAINY_BULK, 'ReplaceComparisonOperator_Eq_GtE', "if entry['state'] == 'present' and not targets:", PRESENTLAST),
    (BRAINY_BULK, 'ReplaceComparisonOperator_Eq_Is',
     "self.warn_unconfirmed_domains(user, [forward.address for forward in forwards if forward.action == CREATED])",
     ACTIONCONST),
    (BRAINY_BULK, 'ReplaceComparisonOperator_Eq_LtE',
     "self.warn_unconfirmed_domains(user, [forward.address for forward in forwards if forward.action == CREATED])",
     CREATEDFIRST),
    (BRAINY_BULK, 'ReplaceComparisonOperator_NotEq_IsNot', 'for forward in writes if forward.action != REMOVED})',
     ACTIONCONST),
    (BRAINY_BULK, 'ReplaceComparisonOperator_Eq_Is', 'if forward.action == REMOVED:', ACTIONCONST),
    (BRAINY_BULK, 'ReplaceComparisonOperator_Eq_Is', 'if error.outcome == UNKNOWN:', ACTIONCONST),
    (BRAINY_BULK, 'ReplaceComparisonOperator_Eq_GtE', 'if error.outcome == UNKNOWN:', LOSTOUTCOME),
)
EQUIVALENT = {(path, operator, text): why for path, operator, text, why in _EQUIVALENT}
FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
COPY_IGNORED = ('.git', '.venv', '.cache', '.build', '.nox', '.hypothesis', '.pytest_cache', 'tests/output')


# ---------------------------------------------------------------------------------------------------------------
# The line tracer: loaded into the baseline pytest run with `-p mutation` (stdlib only: it runs in the test venv).

class LineTracer:
    """Records, per test, the lines of the traced files it executes (setup and teardown included)."""

    def __init__(self, files, out):
        self.files = set(files)
        self.out = out
        self.lines = {}
        self.durations = {}
        self.failed = set()
        self.current = None

    def _global(self, frame, event, arg):  # pylint: disable=unused-argument
        return self._local if frame.f_code.co_filename in self.files else None

    def _local(self, frame, event, arg):  # pylint: disable=unused-argument
        if event == 'line' and self.current is not None:
            self.current.add((frame.f_code.co_filename, frame.f_lineno))
        return self._local

    def pytest_runtest_logstart(self, nodeid, location):  # pylint: disable=unused-argument
        self.current = self.lines.setdefault(nodeid, set())
        threading.settrace(self._global)
        sys.settrace(self._global)

    def pytest_runtest_logfinish(self, nodeid, location):  # pylint: disable=unused-argument
        sys.settrace(None)
        threading.settrace(None)
        self.current = None

    def pytest_runtest_logreport(self, report):
        self.durations[report.nodeid] = self.durations.get(report.nodeid, 0.0) + report.duration
        if report.failed:
            self.failed.add(report.nodeid)

    def pytest_sessionfinish(self, session):  # pylint: disable=unused-argument
        by_file = {}
        for nodeid, lines in self.lines.items():
            for filename, line in lines:
                by_file.setdefault(filename, {}).setdefault(nodeid, []).append(line)
        with open(self.out, 'w', encoding='utf-8') as handle:
            json.dump({'durations': self.durations, 'failed': sorted(self.failed), 'lines': by_file}, handle)


def pytest_configure(config):
    if os.environ.get('MUTATION_TRACE_OUT'):
        config.pluginmanager.register(LineTracer(os.environ['MUTATION_TRACE_FILES'].split(os.pathsep),
                                                 os.environ['MUTATION_TRACE_OUT']), 'mutation-line-tracer')


# ---------------------------------------------------------------------------------------------------------------
# Outside: the virtualenv with cosmic-ray, then this script again inside it.

def ensure_venv():
    with open(REQUIREMENTS, 'rb') as handle:
        stamp = os.path.join(VENV, '.installed-' + hashlib.sha256(handle.read()).hexdigest()[:16])
    if os.path.exists(stamp):
        return
    print('Building %s from %s' % (os.path.relpath(VENV, ROOT), os.path.relpath(REQUIREMENTS, ROOT)), flush=True)
    shutil.rmtree(VENV, ignore_errors=True)
    subprocess.run([sys.executable, '-m', 'venv', VENV], check=True)
    subprocess.run([venv_python(), '-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', REQUIREMENTS],
                   check=True)
    with open(stamp, 'w', encoding='utf-8'):
        pass


def venv_python():
    return os.path.join(VENV, 'bin', 'python')


# ---------------------------------------------------------------------------------------------------------------
# Inside: the scratch trees, the baseline, the sessions, the runs, the report.

def checkout_files():
    """The files of the checkout as git sees them (tracked and untracked-not-ignored), or all but COPY_IGNORED."""
    try:
        listed = subprocess.run(['git', 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], cwd=ROOT,
                                check=True, capture_output=True).stdout.decode('utf-8').split('\0')
    except (OSError, subprocess.CalledProcessError):
        listed = []
        for folder, subfolders, files in os.walk(ROOT):
            relative = os.path.relpath(folder, ROOT)
            subfolders[:] = [name for name in subfolders if name != '__pycache__'
                             and os.path.normpath(os.path.join(relative, name)) not in COPY_IGNORED]
            listed += [os.path.normpath(os.path.join(relative, name)) for name in files]
    return sorted(path for path in listed if path and os.path.isfile(os.path.join(ROOT, path))
                  and not path.endswith('.pyc') and not any(path == top or path.startswith(top + '/') for top in COPY_IGNORED))


def make_tree(number):
    """A fresh copy of the checkout; returns its ansible_collections/hosting/mail directory."""
    top = os.path.join(WORK, 'tree-%d' % number)
    shutil.rmtree(top, ignore_errors=True)
    tree = os.path.join(top, TREE_SUFFIX)
    for path in checkout_files():
        os.makedirs(os.path.dirname(os.path.join(tree, path)), exist_ok=True)
        shutil.copy2(os.path.join(ROOT, path), os.path.join(tree, path), follow_symlinks=False)
    return tree


def test_environment(tree, extra=None):
    env = dict(os.environ)
    # Never a stale .pyc: a mutant may keep the file's size and modification second.
    env.update(PYTHONPATH=os.path.dirname(os.path.dirname(os.path.dirname(tree))), PYTHONDONTWRITEBYTECODE='1',
               PY_COLORS='0', **(extra or {}))
    return env


def importers(tree, target):
    """The plugin files that import ``target`` (its module-level values reach tests through them too)."""
    package, _dot, base = ('ansible_collections.hosting.mail.' + target[:-3].replace('/', '.')).rpartition('.')
    name = re.compile(r'\b%s\.%s\b|from\s+%s\s+import\s[^\n]*\b%s\b' % (re.escape(package), base, re.escape(package), base))
    found = []
    for folder, _subfolders, files in os.walk(os.path.join(tree, 'plugins')):
        for filename in files:
            path = os.path.join(folder, filename)
            if filename.endswith('.py') and os.path.relpath(path, tree) != target:
                with open(path, encoding='utf-8') as handle:
                    if name.search(handle.read()):
                        found.append(os.path.relpath(path, tree))
    return sorted(found)


def baseline(tree, test_python, targets):
    """Run the tests once, traced: durations, failing tests, per target {test: lines of it executed}, and per target the
    tests that execute any line of it or of a plugin file that imports it."""
    out = os.path.join(WORK, 'baseline.json')
    related = {target: [target] + importers(tree, target) for target in targets}
    files = sorted({os.path.join(tree, path) for paths in related.values() for path in paths})
    env = test_environment(tree, {'MUTATION_TRACE_OUT': out, 'MUTATION_TRACE_FILES': os.pathsep.join(files)})
    env['PYTHONPATH'] += os.pathsep + os.path.join(tree, 'tools')
    started = time.monotonic()
    process = subprocess.run([test_python, '-m', 'pytest', '-p', 'mutation'] + list(PYTEST_ARGS + TEST_PATHS),
                             cwd=tree, env=env, capture_output=True, text=True, check=False)
    if process.returncode not in (0, 1) or not os.path.exists(out):
        raise SystemExit('The baseline test run failed (exit %d):\n%s%s'
                         % (process.returncode, process.stdout[-5000:], process.stderr[-3000:]))
    with open(out, encoding='utf-8') as handle:
        data = json.load(handle)
    lines = {target: {nodeid: set(found) for nodeid, found in data['lines'].get(os.path.join(tree, target), {}).items()}
             for target in targets}
    reach = {target: {nodeid for path in related[target] for nodeid in data['lines'].get(os.path.join(tree, path), {})}
             for target in targets}
    return data['durations'], set(data['failed']), lines, reach, time.monotonic() - started


class Regions:
    """Where a line of a target sits: the lines of its statement that run when it runs, and whether that happens at
    import (module or class level, decorators, default values) or only when a function is called."""

    def __init__(self, source):
        self.tree = ast.parse(source)

    @staticmethod
    def _header(node):
        body = getattr(node, 'body', None)
        if isinstance(body, list) and body and isinstance(body[0], ast.AST):
            return node.lineno, max(node.lineno, body[0].lineno - 1)
        return node.lineno, node.end_lineno

    def locate(self, line):
        """``(first, last, at_import, function)``: the lines of the innermost statement at ``line`` that run with it
        (a compound statement's header only), whether they run at import, and the innermost function around it."""
        node, in_function, function = self.tree, False, None
        while True:
            inner = next((child for child in ast.iter_child_nodes(node) if isinstance(child, (ast.stmt, ast.excepthandler))
                          and child.lineno <= line <= child.end_lineno), None)
            if inner is None:
                break
            if isinstance(node, FUNCTIONS):
                in_function = True  # a statement of a function's body runs when it is called
            node = inner
            if isinstance(node, FUNCTIONS):
                function = node.name
            first, last = self._header(node)
            if first <= line <= last:
                break
        if node is self.tree:
            return line, line, True, None
        first, last = self._header(node)
        if not first <= line <= last:
            first, last = node.lineno, node.end_lineno
        return first, last, not in_function, function

    def in_main_guard(self, line):
        for node in self.tree.body:
            if isinstance(node, ast.If) and node.lineno <= line <= node.end_lineno and '__name__' in ast.dump(node.test):
                return True
        return False


def skip_reason(spec, source_ast, regions):
    """Why a mutation is skipped before running (None: it runs)."""
    line = spec.start_pos[0]
    _first, _last, _at_import, function = regions.locate(line)
    if function in SKIPPED_FUNCTIONS or regions.in_main_guard(line):
        return 'argument spec or entry point'
    operator = spec.operator_name.rpartition('/')[2]
    if operator.startswith('ReplaceBinaryOperator_') and operator.rpartition('_')[2] in REDUNDANT_ON_STR:
        leaf = source_ast.get_leaf_for_position(tuple(spec.start_pos))
        if leaf is not None and leaf.type == 'operator' and (_is_string(leaf.get_previous_sibling())
                                                             or _is_string(leaf.get_next_sibling())):
            return 'an operator str lacks, on a string literal: the same TypeError as the kept -'
    return None


def _is_string(node):
    if node is None:
        return False
    if node.type in ('string', 'strings', 'fstring'):
        return True
    return node.type == 'atom' and node.children[0].type == 'operator' and node.children[0].value == '(' \
        and _is_string(node.children[1])


def select_tests(spec, regions, lines, reach, durations, failed):
    """The tests (fastest first) that execute the mutated statement; for import-time code, every test that executes a
    line of the file or of a plugin file importing it."""
    first, last, at_import, _function = regions.locate(spec.start_pos[0])
    wanted = set(range(first, last + 1))
    chosen = [nodeid for nodeid in reach if nodeid not in failed] if at_import else [
        nodeid for nodeid, executed in lines.items() if nodeid not in failed and executed & wanted]
    return sorted(chosen, key=lambda nodeid: (durations.get(nodeid, 0.0), nodeid))


def run_tests(test_python, tree, nodeids, timeout):
    """``(outcome, output)``: 'killed', 'survived' or 'timeout', as cosmic-ray's own test runner decides."""
    process = subprocess.Popen(  # pylint: disable=consider-using-with
        [test_python, '-m', 'pytest', '-x'] + list(PYTEST_ARGS) + nodeids, cwd=tree,
        env=test_environment(tree), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        output = process.communicate(timeout=timeout)[0].decode('utf-8', 'replace')
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except OSError:
            process.kill()
        process.communicate()
        return 'timeout', 'timeout after %.0f s' % timeout
    return ('survived' if process.returncode == 0 else 'killed'), output[-4000:]


class Job:
    """One mutant: its session, work item and the tests to run."""

    def __init__(self, target, item, nodeids, timeout, reason=None):
        self.target = target
        self.item = item
        self.nodeids = nodeids
        self.timeout = timeout
        self.reason = reason


def mutate_and_run(job, tree, test_python):
    """Apply the job's mutation in ``tree`` with cosmic-ray, run its tests, restore: a cosmic-ray WorkResult."""
    import attr  # pylint: disable=import-outside-toplevel
    from cosmic_ray.mutating import use_mutation  # pylint: disable=import-outside-toplevel
    from cosmic_ray.plugins import get_operator  # pylint: disable=import-outside-toplevel
    from cosmic_ray.work_item import TestOutcome, WorkerOutcome, WorkResult  # pylint: disable=import-outside-toplevel
    from pathlib import Path  # pylint: disable=import-outside-toplevel

    spec = job.item.mutations[0]
    spec = attr.evolve(spec, module_path=Path(tree) / spec.module_path)
    operator = get_operator(spec.operator_name)(**spec.operator_args)
    with use_mutation(spec.module_path, operator, spec.occurrence) as (original, mutated):
        if mutated is None:
            return WorkResult(worker_outcome=WorkerOutcome.NO_TEST)
        diff = '\n'.join(difflib.unified_diff(original.split('\n'), mutated.split('\n'), job.target, job.target, n=1,
                                              lineterm=''))
        try:
            with warnings.catch_warnings():
                warnings.simplefilter('ignore')  # "is" with a literal, and the like: the mutant is still run
                compile(mutated, job.target, 'exec')
        except SyntaxError as error:
            return WorkResult(worker_outcome=WorkerOutcome.NORMAL, test_outcome=TestOutcome.INCOMPETENT,
                              output='not valid Python: %s' % error, diff=diff)
        if not job.nodeids:
            return WorkResult(worker_outcome=WorkerOutcome.NORMAL, test_outcome=TestOutcome.SURVIVED,
                              output='no test executes this statement', diff=diff)
        outcome, output = run_tests(test_python, tree, job.nodeids, job.timeout)
    test_outcome = TestOutcome.SURVIVED if outcome == 'survived' else TestOutcome.KILLED
    return WorkResult(worker_outcome=WorkerOutcome.NORMAL, test_outcome=test_outcome,
                      output=('TIMEOUT ' if outcome == 'timeout' else '') + output, diff=diff)


def session_path(target):
    return os.path.join(WORK, 'sessions', target.replace('/', '__') + '.sqlite')


def source_hash(path):
    with open(path, 'rb') as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def prepare(target, tree, lines, reach, durations, failed, survivors_only):
    """Create (or, with ``survivors_only``, reopen) the cosmic-ray session of ``target``; its jobs to run."""
    import parso  # pylint: disable=import-outside-toplevel
    from pathlib import Path  # pylint: disable=import-outside-toplevel
    from cosmic_ray.commands.init import init  # pylint: disable=import-outside-toplevel
    from cosmic_ray.work_db import WorkDB, use_db  # pylint: disable=import-outside-toplevel
    from cosmic_ray.work_item import TestOutcome, WorkerOutcome, WorkResult  # pylint: disable=import-outside-toplevel

    path = os.path.join(tree, target)
    with open(path, encoding='utf-8') as handle:
        source = handle.read()
    regions, source_ast = Regions(source), parso.parse(source)
    database = session_path(target)
    stamp = database + '.sha256'
    os.makedirs(os.path.dirname(database), exist_ok=True)
    cwd = os.getcwd()
    if survivors_only:
        if not os.path.exists(stamp) or open(stamp, encoding='utf-8').read() != source_hash(path):  # pylint: disable=consider-using-with
            raise SystemExit('%s changed since its last run (or never ran): run it without --survivors-only.' % target)
        with use_db(database, WorkDB.Mode.open) as db:
            items = [item for item, result in db.completed_work_items if result.test_outcome == TestOutcome.SURVIVED]
    else:
        if os.path.exists(database):
            os.remove(database)
        os.chdir(tree)  # work items name the file relative to the tree, so any tree can apply them
        try:
            with use_db(database, WorkDB.Mode.create) as db:
                init([Path(target)], db, {})
                items = list(db.work_items)
        finally:
            os.chdir(cwd)
        with open(stamp, 'w', encoding='utf-8') as handle:
            handle.write(source_hash(path))
    jobs, skipped = [], []
    for item in sorted(items, key=lambda item: (item.mutations[0].start_pos, item.mutations[0].operator_name)):
        spec = item.mutations[0]
        reason = skip_reason(spec, source_ast, regions)
        if reason:
            skipped.append((item, WorkResult(worker_outcome=WorkerOutcome.SKIPPED, output=reason)))
            continue
        nodeids = select_tests(spec, regions, lines, reach, durations, failed)
        timeout = 15 + 3 * sum(durations.get(nodeid, 0.0) for nodeid in nodeids)
        jobs.append(Job(target, item, nodeids, timeout))
    with use_db(database, WorkDB.Mode.open) as db:
        for item, result in skipped:
            db.set_result(item.job_id, result)
    return jobs


def run_jobs(jobs, trees, test_python):
    """Run every job, one tree per worker thread; results stored in each target's session as they come."""
    from cosmic_ray.work_db import WorkDB, use_db  # pylint: disable=import-outside-toplevel

    pending = queue.Queue()
    for job in jobs:
        pending.put(job)
    results = queue.Queue()

    def worker(tree):
        while True:
            try:
                job = pending.get_nowait()
            except queue.Empty:
                return
            try:
                result = mutate_and_run(job, tree, test_python)
            except Exception as error:  # pylint: disable=broad-except
                from cosmic_ray.work_item import TestOutcome, WorkerOutcome, WorkResult  # pylint: disable=import-outside-toplevel
                result = WorkResult(worker_outcome=WorkerOutcome.EXCEPTION, test_outcome=TestOutcome.INCOMPETENT,
                                    output=repr(error))
            results.put((job, result))

    threads = [threading.Thread(target=worker, args=(tree,), daemon=True) for tree in trees]
    for thread in threads:
        thread.start()
    started, done, killed = time.monotonic(), 0, 0
    while done < len(jobs):
        job, result = results.get()
        with use_db(session_path(job.target), WorkDB.Mode.open) as db:
            db.set_result(job.item.job_id, result)
        done += 1
        killed += result.is_killed
        if done % 25 == 0 or done == len(jobs):
            elapsed = time.monotonic() - started
            print('  %d/%d mutants, %d killed, %.0f s (about %.0f s left)'
                  % (done, len(jobs), killed, elapsed, elapsed / done * (len(jobs) - done)), flush=True)
    for thread in threads:
        thread.join()


def line_text(tree, target, line):
    with open(os.path.join(tree, target), encoding='utf-8') as handle:
        lines = handle.read().split('\n')
    return lines[line - 1].strip() if 0 < line <= len(lines) else ''


def report(targets, tree, show_survivors):
    """Print the table, write survivors.txt and results.json; the per-file figures."""
    from cosmic_ray.work_db import WorkDB, use_db  # pylint: disable=import-outside-toplevel
    from cosmic_ray.work_item import TestOutcome, WorkerOutcome  # pylint: disable=import-outside-toplevel

    rows, survivors_text, figures = [], [], {}
    for target in targets:
        # Not dict.fromkeys(..., 0): the pylint of ansible-core 2.21 sanity takes its values for None ('%d' below).
        counts = {key: 0 for key in ('mutants', 'skipped', 'killed', 'timeout', 'incompetent', 'survived', 'equivalent')}
        survivors = []
        with use_db(session_path(target), WorkDB.Mode.open) as db:
            completed = db.completed_work_items
        for item, result in completed:
            spec = item.mutations[0]
            counts['mutants'] += 1
            if result.worker_outcome in (WorkerOutcome.SKIPPED, WorkerOutcome.NO_TEST):
                counts['skipped'] += 1
            elif result.test_outcome == TestOutcome.INCOMPETENT:
                counts['incompetent'] += 1
            elif result.test_outcome == TestOutcome.KILLED:
                counts['timeout' if (result.output or '').startswith('TIMEOUT') else 'killed'] += 1
            else:
                text = line_text(tree, target, spec.start_pos[0])
                operator = spec.operator_name.rpartition('/')[2]
                why = EQUIVALENT.get((target, operator, text))
                counts['equivalent' if why else 'survived'] += 1
                survivors.append((spec.start_pos, operator, text, why, result))
        run = counts['killed'] + counts['timeout'] + counts['survived'] + counts['equivalent']
        score = 100.0 * (counts['killed'] + counts['timeout']) / run if run else 100.0
        without = 100.0 * (counts['killed'] + counts['timeout']) / (run - counts['equivalent']) \
            if run - counts['equivalent'] else 100.0
        figures[target] = dict(counts, run=run, score=round(score, 1), score_without_equivalent=round(without, 1))
        rows.append((target, run, counts['killed'], counts['survived'], counts['equivalent'],
                     '%d/%d' % (counts['timeout'], counts['incompetent']), counts['skipped'], score, without))
        for position, operator, text, why, result in sorted(survivors, key=lambda entry: entry[0]):
            survivors_text.append('%s:%d %s%s\n    %s\n%s\n' % (
                target, position[0], operator, (' [equivalent: %s]' % why) if why else '', text,
                '\n'.join('    ' + line for line in (result.diff or result.output or '').split('\n'))))
    total = [sum(row[index] for row in rows) for index in (1, 2, 3, 4)]
    header = ('file', 'mutants', 'killed', 'survived', 'equivalent', 'timeout/incompetent', 'skipped', 'score', 'w/o equiv.')
    print('\n%-40s %7s %7s %8s %10s %19s %7s %7s %10s' % header)
    for row in rows:
        print('%-40s %7d %7d %8d %10d %19s %7d %6.1f%% %9.1f%%' % row)
    killed_all = sum(figures[target]['killed'] + figures[target]['timeout'] for target in targets)
    print('%-40s %7d %7d %8d %10d %19s %7s %6.1f%% %9.1f%%' % (
        'all', total[0], total[1], total[2], total[3], '', '', 100.0 * killed_all / total[0] if total[0] else 100.0,
        100.0 * killed_all / (total[0] - total[3]) if total[0] - total[3] else 100.0))
    with open(os.path.join(WORK, 'survivors.txt'), 'w', encoding='utf-8') as handle:
        handle.write('\n'.join(survivors_text))
    with open(os.path.join(WORK, 'results.json'), 'w', encoding='utf-8') as handle:
        json.dump(figures, handle, indent=1, sort_keys=True)
    if show_survivors and survivors_text:
        print('\nSurvivors:\n' + '\n'.join(survivors_text))
    print('Survivors with their diffs: %s' % os.path.relpath(os.path.join(WORK, 'survivors.txt'), ROOT))
    return figures


def run_inside(arguments):
    started = time.monotonic()
    targets = [os.path.relpath(os.path.abspath(target), ROOT) if os.path.exists(target) else target
               for target in arguments.files] or list(TARGETS)
    for target in targets:
        if not os.path.isfile(os.path.join(ROOT, target)):
            raise SystemExit('No such file: %s' % target)
    if arguments.report:
        report(targets, os.path.join(WORK, 'tree-1', TREE_SUFFIX), arguments.show_survivors)
        return 0
    if not os.path.exists(arguments.test_python):
        raise SystemExit('No test Python at %s: run `make venv` first (or give --test-python).' % arguments.test_python)
    os.makedirs(WORK, exist_ok=True)
    trees = [make_tree(number) for number in range(1, max(1, arguments.jobs) + 1)]
    print('Baseline: %s, traced, in %s' % (' '.join(TEST_PATHS), os.path.relpath(trees[0], ROOT)), flush=True)
    durations, failed, lines, reach, seconds = baseline(trees[0], arguments.test_python, targets)
    print('  %d tests in %.0f s' % (len(durations), seconds))
    if failed:
        print('  FAILING BEFORE ANY MUTATION, left out of every mutant\'s tests: %s' % ', '.join(sorted(failed)))
    jobs = []
    for target in targets:
        found = prepare(target, trees[0], lines[target], reach[target], durations, failed, arguments.survivors_only)
        reached = sum(1 for job in found if job.nodeids)
        print('%s: %d mutants to run (%d reached by a test); %d tests run its code, %d that of its importers too'
              % (target, len(found), reached, len(lines[target]), len(reach[target])), flush=True)
        jobs += found
    run_jobs(jobs, trees, arguments.test_python)
    report(targets, trees[0], arguments.show_survivors)
    print('\nmutation: %d mutants in %.0f s (%d job%s)' % (len(jobs), time.monotonic() - started, len(trees),
                                                           '' if len(trees) == 1 else 's'))
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('files', nargs='*', metavar='FILE', help='files to mutate (default: %s)' % ', '.join(TARGETS))
    parser.add_argument('--jobs', type=int, default=int(os.environ.get('MUTATION_JOBS', '1')),
                        help='mutants run at once, each in its own tree (default 1, or MUTATION_JOBS)')
    parser.add_argument('--show-survivors', action='store_true', help='print each survivor with its diff')
    parser.add_argument('--survivors-only', action='store_true',
                        help="re-test only the survivors of each file's last run (the file must be unchanged)")
    parser.add_argument('--report', action='store_true',
                        help="only print the table of each file's last run again (after editing EQUIVALENT, say)")
    parser.add_argument('--test-python', default=os.path.join(ROOT, '.venv', 'bin', 'python'),
                        help='the Python that runs the tests (default: the pipeline virtualenv, .venv)')
    parser.add_argument('--inside', action='store_true', help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.inside:
        return run_inside(arguments)
    ensure_venv()
    os.execv(venv_python(), [venv_python(), os.path.abspath(__file__), '--inside'] + sys.argv[1:])
    return 1  # not reached


if __name__ == '__main__':
    sys.exit(main())
