# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The documentation does not drift from the code.

Every module's EXAMPLES, and every YAML block of the Markdown documentation, is read as Ansible reads it:
each task that calls a module of this collection must give only real options (with valid choices), use FQCNs,
and never hold a secret in clear text; module_defaults groups must suit every module of the group; role vars
must be options of the role. The modules' options come from ``ansible-doc --json``, as users see them.

RETURN is checked against the modules themselves: each module runs against the simulators (changes, check
mode, info, failures, lost answers) and every key it returns must be documented, with the documented type
(dicts inside, too), and every documented top-level key must turn up in some run.
"""

from __future__ import annotations

import glob
import json
import os
import re
import subprocess
import sys
import tempfile

import pytest
import yaml
from ansible.playbook.block import Block
from ansible.playbook.handler import Handler
from ansible.playbook.play import Play
from ansible.playbook.task import Task
from ansible.plugins.loader import action_loader, module_loader

from ansible_collections.hosting.mail.tests.integration.conftest import COLLECTION_ROOT, brainy_env, plesk_env

COLLECTION = 'hosting.mail'
MODULES = sorted(os.path.basename(path)[:-3] for path in glob.glob(os.path.join(COLLECTION_ROOT, 'plugins', 'modules', '*.py')))
ROLES = sorted(os.path.basename(os.path.dirname(os.path.dirname(path)))
               for path in glob.glob(os.path.join(COLLECTION_ROOT, 'roles', '*', 'meta', 'argument_specs.yml')))
# Where users read examples; new guides in docs/ are picked up without a change here.
MARKDOWN = sorted(set(
    [os.path.join(COLLECTION_ROOT, 'README.md')]
    + glob.glob(os.path.join(COLLECTION_ROOT, 'docs', '**', '*.md'), recursive=True)
    + glob.glob(os.path.join(COLLECTION_ROOT, 'roles', '*', 'README.md'))))
FENCE = re.compile(r'^(?P<indent>[ \t]*)```(?P<language>[\w+-]*)[ \t]*$')

TASK_KEYWORDS = set(Task.fattributes) | set(Handler.fattributes) | {'local_action'}
BLOCK_KEYWORDS = set(Block.fattributes)
PLAY_KEYWORDS = set(Play.fattributes) | {'import_playbook', 'ansible.builtin.import_playbook'}
ROLE_ENTRY_KEYWORDS = {'role', 'name', 'vars', 'tags', 'when', 'become', 'become_user', 'delegate_to', 'environment',
                       'tasks_from', 'vars_from', 'defaults_from', 'handlers_from', 'public', 'allow_duplicates',
                       'apply', 'rolespec_validate'}
INCLUDE_ROLE = {'ansible.builtin.include_role', 'ansible.builtin.import_role'}
# Option names whose values are secrets: they must come templated (Vault, a lookup), never in clear text.
SECRET_KEY = re.compile(r'(?:^|_)(?:password|passwd|secret|secret_key|token|api_key)$')
# What Ansible itself adds to a result; RETURN does not document these.
STANDARD_KEYS = {'changed', 'failed', 'msg', 'diff', 'invocation', 'warnings', 'deprecations', 'skipped', 'skip_reason',
                 'exception', 'failed_when_result', 'changed_when_result', 'attempts', '_ansible_no_log',
                 '_ansible_verbose_always', '_ansible_verbose_override'}
PYTHON_TYPES = {'str': str, 'int': int, 'bool': bool, 'list': list, 'dict': dict, 'float': (int, float)}


# --- reading the documentation ------------------------------------------------------------------------------------

class Vaulted(str):
    """A ``!vault`` value: encrypted, so never a clear-text secret."""


class DocsLoader(yaml.SafeLoader):
    """YAML as Ansible reads it, including its ``!vault`` and ``!unsafe`` tags."""


DocsLoader.add_constructor('!vault', lambda loader, node: Vaulted(loader.construct_scalar(node)))
DocsLoader.add_constructor('!unsafe', lambda loader, node: loader.construct_scalar(node))


def fenced_yaml_blocks(path):
    """(line number, text) of each ```yaml (or yml, yaml+jinja) block of a Markdown file, de-indented as written."""
    blocks, current, start, indent = [], None, 0, ''
    with open(path, encoding='utf-8') as handle:
        for number, line in enumerate(handle, 1):
            match = FENCE.match(line.rstrip('\n'))
            if current is None:
                if match and match.group('language').lower() in ('yaml', 'yml', 'yaml+jinja'):
                    current, start, indent = [], number + 1, match.group('indent')
            elif match and not match.group('language'):
                blocks.append((start, ''.join(current)))
                current = None
            else:
                current.append(line[len(indent):] if line.startswith(indent) else line)
    return blocks


def markdown_sources():
    sources = []
    for path in MARKDOWN:
        for line, text in fenced_yaml_blocks(path) if os.path.exists(path) else []:
            sources.append(pytest.param(path, line, text, id='%s:%d' % (os.path.relpath(path, COLLECTION_ROOT), line)))
    return sources


def ansible_doc(collections_path, plugin_type, names):
    command = [os.path.join(os.path.dirname(sys.executable), 'ansible-doc'), '--json', '-t', plugin_type]
    command += ['%s.%s' % (COLLECTION, name) for name in names]
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_path, ANSIBLE_NOCOLOR='1')
    process = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert process.returncode == 0, process.stdout + process.stderr
    return {name.split('.', 2)[2]: entry for name, entry in json.loads(process.stdout).items()}


@pytest.fixture(scope='session')
def module_docs(collections_path):
    """What ansible-doc shows for every module: doc (options...), examples, return."""
    docs = ansible_doc(collections_path, 'module', MODULES)
    assert sorted(docs) == MODULES, 'ansible-doc does not know every module in plugins/modules'
    return docs


@pytest.fixture(scope='session')
def role_docs(collections_path):
    return ansible_doc(collections_path, 'role', ROLES) if ROLES else {}


@pytest.fixture(scope='session')
def action_groups():
    with open(os.path.join(COLLECTION_ROOT, 'meta', 'runtime.yml'), encoding='utf-8') as handle:
        return yaml.safe_load(handle).get('action_groups', {})


# --- checking plays, tasks and options ----------------------------------------------------------------------------

def templated(value):
    return isinstance(value, str) and ('{{' in value or '{%' in value)


def is_action(key):
    """A module or action plugin: an FQCN, or a short name (which the FQCN check then refuses)."""
    return key.count('.') >= 2 or key in MODULES or module_loader.has_plugin(key) or action_loader.has_plugin(key)


def task_action(item):
    """The action a task calls, or None when the dict is not a task."""
    if not isinstance(item, dict):
        return None
    for keyword in ('action', 'local_action'):
        if keyword in item:
            value = item[keyword]
            return (value.get('module') if isinstance(value, dict) else str(value).split()[0]) or keyword
    actions = [key for key in item if key not in TASK_KEYWORDS and not key.startswith('with_') and is_action(key)]
    return actions[0] if actions else None


def is_task(item):
    return isinstance(item, dict) and ('block' in item or task_action(item) is not None)


def is_play(item):
    return isinstance(item, dict) and ('hosts' in item or 'import_playbook' in item
                                       or 'ansible.builtin.import_playbook' in item)


LOOKUP_BY_ITEM = re.compile(r'\[\s*item\b[^\]]*\]')


def is_secret_key(key):
    """password, plesk_secret_key, brainycp_http_password, ...; not update_password (its value is a mode)."""
    return isinstance(key, str) and bool(SECRET_KEY.search(key)) and not key.startswith('update_')


def option_names(options):
    """Every name an option may be given by: its own and its aliases."""
    names = {}
    for name, spec in (options or {}).items():
        names[name] = spec
        for alias in spec.get('aliases') or []:
            names[alias] = spec
    return names


def has_environment_fallback(spec):
    return any('E(' in line for line in spec.get('description') or [])


class DocsChecker:
    """Walks plays, blocks and tasks of one document and collects what is wrong, with where."""

    def __init__(self, modules, roles, groups):
        self.modules = modules
        self.roles = roles
        self.groups = groups
        self.problems = []
        self.calls = []  # (module, task, where) of every task that calls a module of this collection

    def problem(self, where, text):
        self.problems.append('%s: %s' % (where, text))

    # documents

    def document(self, document, where, examples=False):
        """Check a parsed document; returns what it is: playbook, tasks, roles, or None (not Ansible content)."""
        kind = None
        if isinstance(document, list) and document and all(isinstance(item, dict) for item in document):
            if any(is_play(item) for item in document):
                kind = 'playbook'
            elif any(is_task(item) for item in document):
                kind = 'tasks'
            elif all('role' in item for item in document):
                kind = 'roles'
        if examples and kind != 'tasks':
            self.problem(where, 'EXAMPLES must be a list of tasks')
            return kind
        if kind is not None:
            self.secrets(document, where)
        if kind == 'playbook':
            for number, play in enumerate(document, 1):
                self.play(play, '%s play %d' % (where, number))
        elif kind == 'tasks':
            self.tasks(document, where, {})
        elif kind == 'roles':
            for entry in document:
                self.role_entry(entry, where)
        return kind

    def play(self, play, where):
        if not is_play(play):
            self.problem(where, 'not a play (no hosts)')
            return
        where = '%s (%s)' % (where, play.get('name', 'unnamed'))
        for key in play:
            if key not in PLAY_KEYWORDS:
                self.problem(where, '%r is not a play keyword' % key)
        defaults = self.module_defaults(play.get('module_defaults'), where, {})
        for section in ('pre_tasks', 'roles', 'tasks', 'post_tasks', 'handlers'):
            if section == 'roles':
                for entry in play.get('roles') or []:
                    self.role_entry(entry, where)
            elif isinstance(play.get(section), list):
                self.tasks(play[section], '%s %s' % (where, section), defaults)

    def tasks(self, tasks, where, defaults):
        for number, task in enumerate(tasks, 1):
            name = task.get('name', 'task %d' % number) if isinstance(task, dict) else 'task %d' % number
            self.task(task, '%s > %s' % (where, name), defaults)

    def task(self, task, where, defaults):
        if not is_task(task):
            self.problem(where, 'not a task: no module or action in %s' % (sorted(task) if isinstance(task, dict) else task))
            return
        scope = self.module_defaults(task.get('module_defaults'), where, defaults)
        if 'block' in task:
            for key in task:
                if key not in BLOCK_KEYWORDS:
                    self.problem(where, '%r is not a block keyword' % key)
            for section in ('block', 'rescue', 'always'):
                self.tasks(task.get(section) or [], where, scope)
            return
        action = task_action(task)
        for key in task:
            if key not in TASK_KEYWORDS and not key.startswith('with_') and key != action:
                self.problem(where, '%r is not a task keyword (a second action, or a typo?)' % key)
        if action.count('.') < 2:
            namespace = COLLECTION if action in MODULES else 'ansible.builtin'
            self.problem(where, 'use the FQCN of %r (%s.%s)' % (action, namespace, action))
        args = task.get(action)
        for keyword in ('action', 'local_action'):
            if isinstance(task.get(keyword), dict):
                args = {key: value for key, value in task[keyword].items() if key != 'module'}
        if isinstance(task.get('args'), dict):
            args = dict(task['args'], **(args if isinstance(args, dict) else {}))
        self.loop_label(task, args, where)
        if action in INCLUDE_ROLE and isinstance(args, dict):
            self.role_entry(dict(args, role=args.get('name'), vars=task.get('vars') or {}), where)
        if action.startswith(COLLECTION + '.'):
            self.module_call(action, args, task, where, scope)
        elif action.split('.')[-1] in self.modules and action.count('.') < 2:
            self.module_call('%s.%s' % (COLLECTION, action), args, task, where, scope)

    # modules and their options

    def module_call(self, action, args, task, where, defaults):
        module = action[len(COLLECTION) + 1:]
        if module not in self.modules:
            self.problem(where, '%s is not a module of this collection' % action)
            return
        self.calls.append((module, task, where))
        if templated(args):
            return  # all options from one template: nothing to see before run time
        if not isinstance(args, dict):
            self.problem(where, '%s: give the options as a YAML dict, not %r' % (action, args))
            return
        options = self.modules[module]['doc'].get('options') or {}
        self.options(args, options, '%s %s' % (where, action))
        given = set(args) | defaults.get(action, set())
        for name, spec in options.items():
            if spec.get('required') and not has_environment_fallback(spec) \
                    and not given & ({name} | set(spec.get('aliases') or [])):
                self.problem(where, '%s needs the option %s' % (action, name))

    def options(self, values, options, where):
        """Every key a real option (or alias), every literal choice valid; suboptions too."""
        known = option_names(options)
        for key, value in values.items():
            spec = known.get(key)
            if spec is None:
                self.problem(where, '%r is not an option (known: %s)' % (key, ', '.join(sorted(options))))
                continue
            self.value(value, spec, '%s.%s' % (where, key))

    def value(self, value, spec, where):
        if value is None or templated(value):
            return
        choices = spec.get('choices')
        items = value if spec.get('type') == 'list' and isinstance(value, list) else [value]
        for item in items:
            if choices and not templated(item) and item not in choices and not (
                    not isinstance(item, bool) and isinstance(item, (int, float)) and str(item) in choices):
                self.problem(where, '%r is not one of %s (quote YAML words such as off)' % (item, choices))
        suboptions = spec.get('suboptions') or spec.get('options')
        if not suboptions:
            return
        entries = value if spec.get('type') == 'list' and isinstance(value, list) else [value]
        for number, entry in enumerate(entries):
            if isinstance(entry, dict):
                self.options(entry, suboptions, where + ('[%d]' % number if spec.get('type') == 'list' else ''))
            elif not templated(entry):
                self.problem(where, 'expected a dict, not %r' % (entry,))

    def module_defaults(self, value, where, inherited):
        """Check module_defaults; return {module FQCN: option names it sets}, inherited ones included."""
        scope = {module: set(names) for module, names in inherited.items()}
        for entry in (value if isinstance(value, list) else [value] if value else []):
            if not isinstance(entry, dict):
                continue
            for key, options in entry.items():
                targets = self.defaults_targets(key, '%s module_defaults' % where)
                if not targets or not isinstance(options, dict):
                    continue
                for module in targets:
                    self.options(options, self.modules[module]['doc'].get('options') or {},
                                 '%s module_defaults %s (for %s)' % (where, key, module))
                    scope.setdefault('%s.%s' % (COLLECTION, module), set()).update(options)
        return scope

    def defaults_targets(self, key, where):
        """The modules of this collection a module_defaults key applies to."""
        if key.startswith('group/'):
            group = key[len('group/'):]
            if group in self.groups:
                self.problem(where, 'use the FQCN group/%s.%s' % (COLLECTION, group))
                return []
            if not group.startswith(COLLECTION + '.'):
                return []
            members = self.groups.get(group[len(COLLECTION) + 1:])
            if members is None:
                self.problem(where, '%s is not an action group of meta/runtime.yml' % key)
                return []
            return [module for module in members if module in self.modules]
        if key.startswith(COLLECTION + '.'):
            module = key[len(COLLECTION) + 1:]
            if module not in self.modules:
                self.problem(where, '%s is not a module of this collection' % key)
                return []
            return [module]
        if key in self.modules:
            self.problem(where, 'use the FQCN %s.%s' % (COLLECTION, key))
        return []

    # roles

    def role_entry(self, entry, where):
        if isinstance(entry, str):
            entry = {'role': entry}
        name = entry.get('role') or entry.get('name') or ''
        if name in self.roles:
            self.problem(where, 'use the FQCN %s.%s' % (COLLECTION, name))
            return
        if not name.startswith(COLLECTION + '.'):
            return
        role = name[len(COLLECTION) + 1:]
        if role not in self.roles:
            self.problem(where, '%s is not a role of this collection' % name)
            return
        entry_point = entry.get('tasks_from') or 'main'
        spec = self.roles[role]['entry_points'].get(entry_point)
        if spec is None:
            self.problem(where, '%s has no entry point %s' % (name, entry_point))
            return
        given = {key: value for key, value in entry.items() if key not in ROLE_ENTRY_KEYWORDS}
        if isinstance(entry.get('vars'), dict):
            given.update(entry['vars'])
        # Other variables may pass through a role; those named after it must be its options.
        ours = {key: value for key, value in given.items() if key.startswith(role + '_')}
        self.options(ours, spec.get('options') or {}, '%s role %s' % (where, name))

    # secrets and loops

    def secrets(self, value, where, key=None, path=''):
        """Anywhere in the document (args, vars, module_defaults, loop items), a secret must be templated or vaulted."""
        if isinstance(value, dict):
            for child, item in value.items():
                self.secrets(item, where, child, '%s.%s' % (path, child) if path else str(child))
        elif isinstance(value, list):
            for number, item in enumerate(value):
                self.secrets(item, where, key, '%s[%d]' % (path, number))
        elif is_secret_key(key) and value is not None and not templated(value) and not isinstance(value, Vaulted):
            self.problem(where, 'clear-text secret at %s: template it, for example from Vault as "{{ vault_%s }}"'
                         % (path, key))

    def loop_label(self, task, args, where):
        """Loop items must not carry secrets: with -v Ansible prints every item whole, whatever the label says."""
        loop = task.get('loop', next((task[key] for key in task if key.startswith('with_')), None))
        if loop is None:
            return
        control = task.get('loop_control') or {}
        loop_var = control.get('loop_var', 'item')
        uses = re.compile(r'\b%s\b' % re.escape(loop_var))

        def secret_from_item(value, key=None):
            if isinstance(value, dict):
                return any(secret_from_item(item, child) for child, item in value.items())
            if isinstance(value, list):
                return any(secret_from_item(item, key) for item in value)
            # vault_passwords[item.address] looks the secret up by the item; the item itself holds none.
            return bool(is_secret_key(key) and templated(value) and uses.search(LOOKUP_BY_ITEM.sub('', value)))

        listed = [item for item in loop if isinstance(item, dict)] if isinstance(loop, list) else []
        carries = secret_from_item(args) or any(is_secret_key(key) for item in listed for key in item)
        if carries:
            self.problem(where, 'the loop items hold secrets, which -v prints whatever loop_control.label says: keep '
                                'them out of the items, e.g. password: "{{ vault_passwords[item.address] }}"')


def check_text(text, where, modules, roles, groups, examples=False):
    """The checker after reading ``text``, what the text is (playbook, tasks, roles or None), and the parsed text."""
    checker = DocsChecker(modules, roles, groups)
    try:
        document = yaml.load(text, Loader=DocsLoader)  # a SafeLoader that also knows !vault and !unsafe
    except yaml.YAMLError as error:
        checker.problem(where, 'not valid YAML: %s' % error)
        return checker, None, None
    return checker, checker.document(document, where, examples=examples), document


def report(problems):
    return '\n' + '\n'.join(problems)


# --- the examples ------------------------------------------------------------------------------------------------

def flat_tasks(tasks):
    for task in tasks or []:
        if isinstance(task, dict) and 'block' in task:
            yield task
            for section in ('block', 'rescue', 'always'):
                yield from flat_tasks(task.get(section))
        else:
            yield task


@pytest.mark.parametrize('module', MODULES)
def test_examples_use_real_options(module, module_docs, role_docs, action_groups):
    checker, kind, _document = check_text(module_docs[module]['examples'], 'EXAMPLES of %s' % module, module_docs,
                                          role_docs, action_groups, examples=True)
    assert not checker.problems, report(checker.problems)
    assert kind == 'tasks'


@pytest.mark.parametrize('module', MODULES)
def test_examples_show_the_main_uses(module, module_docs, role_docs, action_groups):
    """Each module's EXAMPLES call it, register its result and use it; modules that change things show check mode."""
    checker, _kind, document = check_text(module_docs[module]['examples'], module, module_docs, role_docs, action_groups)
    tasks = list(flat_tasks(document))
    calls = [task for called, task, _where in checker.calls if called == module]
    assert calls, 'the EXAMPLES of %s never call it' % module
    used = []
    for position, task in enumerate(tasks):
        if task in calls and task.get('register'):
            later = yaml.safe_dump(tasks[position + 1:])
            used += [task['register']] if re.search(r'\b%s\b' % re.escape(task['register']), later) else []
    assert used, 'the EXAMPLES of %s never register its result and use it in a later task' % module
    attributes = module_docs[module]['doc'].get('attributes') or {}
    changes_things = attributes.get('diff_mode', {}).get('support') != 'N/A'
    if changes_things and attributes.get('check_mode', {}).get('support') == 'full':
        assert any(task.get('check_mode') is True for task in calls), \
            'the EXAMPLES of %s never show check mode (check_mode: true)' % module


def test_examples_cover_the_collection(module_docs, role_docs, action_groups):
    """Across all modules: module_defaults with each action group, Vault secrets, loops with labels."""
    texts = [module_docs[module]['examples'] for module in MODULES]
    calls = []
    for module, text in zip(MODULES, texts):
        calls += check_text(text, module, module_docs, role_docs, action_groups)[0].calls
    for group in action_groups:
        assert any('group/%s.%s:' % (COLLECTION, group) in text for text in texts), \
            'no EXAMPLES show module_defaults for group/%s.%s' % (COLLECTION, group)
    assert any(re.search(r'(password|secret_key): "\{\{ vault_', text) for text in texts), 'no EXAMPLES use Vault'
    assert any(task.get('loop') is not None and 'label' in (task.get('loop_control') or {})
               for _module, task, _where in calls), 'no EXAMPLES loop over a module with loop_control.label'


def test_examples_pass_a_syntax_check(module_docs, collections_path, tmp_path):
    """ansible-playbook itself accepts the EXAMPLES: keywords, blocks, module names."""
    plays = [dict(name='EXAMPLES of %s' % module, hosts='localhost', gather_facts=False,
                  tasks=yaml.safe_load(module_docs[module]['examples'])) for module in MODULES]
    playbook = tmp_path / 'examples.yml'
    playbook.write_text(yaml.safe_dump(plays, sort_keys=False))
    command = [os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'), '--syntax-check', '-i', 'localhost,',
               str(playbook)]
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_path, ANSIBLE_NOCOLOR='1')
    process = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert process.returncode == 0, process.stdout + process.stderr


# --- the Markdown documentation ----------------------------------------------------------------------------------

@pytest.mark.parametrize('path, line, text', markdown_sources())
def test_markdown_yaml_blocks_use_real_options(path, line, text, module_docs, role_docs, action_groups):
    """Blocks that are playbooks, task lists or role lists are checked; inventories and vars files are not."""
    where = '%s:%d' % (os.path.relpath(path, COLLECTION_ROOT), line)
    checker = check_text(text, where, module_docs, role_docs, action_groups)[0]
    assert not checker.problems, report(checker.problems)


# --- the roles -------------------------------------------------------------------------------------------------

def undescribed(options, prefix=''):
    for name, spec in (options or {}).items():
        if not spec.get('description'):
            yield prefix + name
        yield from undescribed(spec.get('options'), '%s%s.' % (prefix, name))


@pytest.mark.parametrize('role', ROLES)
def test_role_options_are_described_and_match_the_defaults(role, role_docs):
    """ansible-doc -t role shows every option with a description, and the defaults it shows are the real ones."""
    with open(os.path.join(COLLECTION_ROOT, 'roles', role, 'defaults', 'main.yml'), encoding='utf-8') as handle:
        defaults = yaml.safe_load(handle) or {}
    options = role_docs[role]['entry_points']['main'].get('options') or {}
    problems = ['%s has no description' % name for entry in role_docs[role]['entry_points'].values()
                for name in undescribed(entry.get('options'))]
    problems += ['defaults/main.yml sets %s, which is not an option' % name for name in sorted(set(defaults) - set(options))]
    problems += ['%s: the documented default %r is not the one in defaults/main.yml (%r)'
                 % (name, spec.get('default'), defaults.get(name))
                 for name, spec in sorted(options.items()) if not spec.get('required') and spec.get('default') != defaults.get(name)]
    assert not problems, report(problems)


@pytest.mark.parametrize('role', ROLES)
def test_role_readme_names_every_option(role, role_docs):
    with open(os.path.join(COLLECTION_ROOT, 'roles', role, 'README.md'), encoding='utf-8') as handle:
        readme = handle.read()
    missing = [name for entry in role_docs[role]['entry_points'].values() for name in entry.get('options') or {}
               if '`%s`' % name not in readme]
    assert not missing, 'roles/%s/README.md does not mention %s' % (role, ', '.join(missing))


# --- the checker itself ------------------------------------------------------------------------------------------

BROKEN = [
    ('an unknown option', '- hosting.mail.plesk_mail: {name: a@example.com, colour: blue}', "'colour' is not an option"),
    ('an unknown suboption', '- hosting.mail.plesk_mail: {name: a@example.com, forwarding: {enable: true}}',
     "'enable' is not an option"),
    ('a bare YAML off', '- hosting.mail.plesk_mail: {name: a@example.com, antivirus: off}', 'False is not one of'),
    ('a module that does not exist', '- hosting.mail.plesk_mailbox: {name: a@example.com}', 'not a module'),
    ('a short module name', '- plesk_mail: {name: a@example.com}', 'FQCN'),
    ('a short builtin name', '- debug: {msg: hi}', 'FQCN'),
    ('a clear-text password', '- hosting.mail.plesk_mail: {name: a@example.com, password: hunter2}', 'clear-text secret'),
    ('a clear-text secret in vars', '- hosting.mail.plesk_mail: {name: a@example.com}\n  vars: {vault_x_password: pw}',
     'clear-text secret'),
    ('a secret taken from the loop item',
     '- hosting.mail.plesk_mail: {name: "{{ item.n }}", password: "{{ item.pw }}"}\n  loop: "{{ people }}"\n'
     '  loop_control: {label: "{{ item.n }}"}', 'loop items hold secrets'),
    ('a secret listed in the loop items',
     '- hosting.mail.plesk_mail: {name: "{{ item.n }}"}\n  loop: [{n: a@example.com, password: "{{ vault_a }}"}]\n'
     '  loop_control: {label: "{{ item.n }}"}', 'loop items hold secrets'),
    ('a group option one member lacks',
     '- module_defaults: {group/hosting.mail.plesk: {domain: example.com}}\n  block:\n'
     '    - hosting.mail.plesk_mail: {name: a@example.com}', "'domain' is not an option"),
    ('a group that does not exist', '- module_defaults: {group/hosting.mail.cpanel: {}}\n  block: []', 'not an action group'),
    ('a short group name', '- module_defaults: {group/plesk: {}}\n  block: []', 'FQCN'),
    ('a required option left out', '- hosting.mail.brainy_forward: {targets: [a@example.com]}', 'needs the option source'),
    ('a typo in a task keyword', '- hosting.mail.plesk_mail: {name: a@example.com}\n  registr: x', 'not a task keyword'),
    ('an unknown role option', '- hosts: all\n  roles:\n    - role: hosting.mail.mail_offboarding\n'
     '      vars: {mail_offboarding_adress: a@example.com}', "'mail_offboarding_adress' is not an option"),
]


@pytest.mark.parametrize('text, expected', [pytest.param(text, expected, id=name) for name, text, expected in BROKEN])
def test_the_checker_finds_broken_examples(text, expected, module_docs, role_docs, action_groups):
    checker = check_text(text, 'broken', module_docs, role_docs, action_groups)[0]
    assert any(expected in problem for problem in checker.problems), checker.problems


@pytest.mark.parametrize('text', [
    pytest.param('plesk_url: https://panel.example.com:8443\nvault_plesk_password: change-me\n', id='a vars file'),
    pytest.param('all:\n  hosts:\n    plesk-prod:\n      plesk_password: "{{ vault_plesk_password }}"\n', id='an inventory'),
    pytest.param('- {name: info, quota: 2G}\n- {name: old, state: absent}\n', id='a data list'),
])
def test_the_checker_leaves_other_yaml_alone(text, module_docs, role_docs, action_groups):
    checker, kind, _document = check_text(text, 'data', module_docs, role_docs, action_groups)
    assert kind is None and checker.problems == []


# --- RETURN, as documented -------------------------------------------------------------------------------------

def return_problems(entries, where, top=True):
    problems = []
    for name, entry in (entries or {}).items():
        here = '%s.%s' % (where, name) if where else name
        for field in ('description', 'type') + (('returned',) if top else ()):
            if not entry.get(field):
                problems.append('%s has no %s' % (here, field))
        if entry.get('type') == 'list' and not entry.get('elements'):
            problems.append('%s: a list needs elements' % here)
        holds_dicts = entry.get('type') == 'dict' or entry.get('elements') == 'dict'
        if holds_dicts and not entry.get('contains'):
            problems.append('%s: a dict (or list of dicts) needs contains' % here)
        sample = entry.get('sample')
        for item in (sample if isinstance(sample, list) else [sample]) if entry.get('contains') else []:
            if isinstance(item, dict) and set(item) - set(entry['contains']):
                problems.append('%s: the sample has keys contains does not: %s' % (here, sorted(set(item) - set(entry['contains']))))
        problems += return_problems(entry.get('contains'), here, top=False)
    return problems


@pytest.mark.parametrize('module', MODULES)
def test_return_is_well_formed(module, module_docs):
    problems = return_problems(module_docs[module]['return'], '')
    assert not problems, report(problems)


# Each module runs against the simulators in the ways that give it different results. Every module's runs
# must, between them, return every key its RETURN documents.
# Where the export runs write their files (a fresh name per test session).
DOC_EXPORT = os.path.join(tempfile.mkdtemp(prefix='hosting-mail-doc-export-'), '%s.yml')
NEW_USER = dict(login='doc.user@example.com', password='Doc-User-Secret-1', name='Doc User', role='WebMaster',
                plesk_api_version='1.6.9.0')
PLESK_RUNS = [
    ('plesk_mail', dict(name='doc.new@example.com', password='Doc-Secret-1', quota='1G', aliases=['doc.alias']),
     dict(diff=True)),
    ('plesk_mail', dict(name='info@example.com', quota='2G', autoresponder=dict(enabled=True, subject='Away')),
     dict(check=True, diff=True)),
    ('plesk_mail', dict(old_name='doc.new@example.com', name='doc.renamed@example.com'), {}),
    ('plesk_mail', dict(name='doc.renamed@example.com', state='absent'), {}),
    # update/add is done, then update/set refused (a limit Plesk does not take, 1019): completed_operations.
    ('plesk_mail', dict(name='sales@example.com', forwarding=dict(addresses=['boss@example.net']),
                        outgoing_messages_limit='lots'), dict(fails=True)),
    ('plesk_mail', dict(name='nobody@nowhere.example'), dict(fails=True)),
    ('plesk_mail_info', dict(domain='example.com'), {}),
    ('plesk_mail_info', dict(name='info@example.com'), {}),
    ('plesk_mail_info', dict(domain='nowhere.example'), dict(fails=True)),
    ('plesk_mail_info', dict(domain='example.com', include=['settings', 'dns_auth', 'spam_filter'],
                             plesk_api_version='1.6.9.0'), {}),
    ('plesk_mail_accounts', dict(domain='example.com', accounts=[
        dict(name='bulk.new', password='Bulk-Secret-1'), dict(name='sales', quota='2G'),
        dict(name='noreply', state='absent')]), dict(diff=True)),
    ('plesk_mail_accounts', dict(domain='example.com', accounts=[], prune=True), dict(check=True)),
    ('plesk_mail_accounts', dict(domain='example.com', accounts=[dict(name='clash', aliases=['hello'])]),
     dict(fails=True)),
    ('plesk_mail_accounts', dict(domains=[dict(domain='shop.example.org', accounts=[dict(name='doc.many', password='Doc-Secret-1')]),
                                          dict(domain='nowhere.example')]), dict(fails=True, diff=True)),
    ('plesk_mail_domain', dict(domain='example.com', greylisting=False,
                               unknown_recipient=dict(action='forward', address='catchall@example.com')), dict(diff=True)),
    ('plesk_mail_domain', dict(domain='shop.example.org', mail_service=False), dict(check=True)),
    ('plesk_mail_domain', dict(domain='example.com', webmail='no-such-webmail'), dict(fails=True)),
    ('plesk_dns_auth', dict(domain='example.com', spf=dict(value='v=spf1 +a +mx include:_spf.example.net -all'),
                            dmarc=dict(value='v=DMARC1; p=reject'), dkim='enabled'), dict(diff=True)),
    ('plesk_dns_auth', dict(domain='shop.example.org', dmarc=dict(state='absent')), dict(check=True)),
    ('plesk_dns_auth', dict(domain='nowhere.example', dkim='enabled'), dict(fails=True)),
    ('plesk_spamfilter', dict(name='info@example.com', enabled=True, block=['*@spam.example'], plesk_api_version='1.6.9.0'),
     dict(diff=True)),
    ('plesk_spamfilter', dict(name='sales@example.com', required_score='5', plesk_api_version='1.6.9.0'), dict(check=True)),
    ('plesk_spamfilter', dict(name='nobody@example.com', enabled=True, plesk_api_version='1.6.9.0'), dict(fails=True)),
    ('plesk_user', NEW_USER, dict(check=True)),
    ('plesk_user', NEW_USER, {}),
    ('plesk_user', dict(login=NEW_USER['login'], status='disabled', contact=dict(company='Doc Ltd'),
                        plesk_api_version='1.6.9.0'), dict(diff=True)),
    ('plesk_user', dict(login=NEW_USER['login'], state='absent', plesk_api_version='1.6.9.0'), {}),
    ('plesk_user', dict(NEW_USER, login='doc.other@example.com', role='NoSuchRole'), dict(fails=True)),
    ('plesk_user_info', dict(plesk_api_version='1.6.9.0'), {}),
    ('plesk_user_info', dict(login='nobody@example.com', plesk_api_version='1.6.9.0'), {}),
    ('plesk_user_info', dict(plesk_api_version='not-a-version'), dict(fails=True)),
    ('plesk_mail_export', dict(plesk_api_version='1.6.9.0', dest=DOC_EXPORT % 'plesk'), dict(check=True, diff=True)),
    ('plesk_mail_export', dict(plesk_api_version='1.6.9.0', dest=DOC_EXPORT % 'plesk'), {}),
    ('plesk_mail_export', dict(domains=['example.com'], users=False), {}),
    ('plesk_mail_export', dict(domains=['nowhere.example']), dict(fails=True)),
]
# Every write carried out, every answer to it lost: the modules read back and say so.
PLESK_LOST_ANSWER_RUNS = [
    ('plesk_mail', dict(name='doc.lost@example.com', password='Doc-Secret-1'), {}),
    ('plesk_user', dict(NEW_USER, login='doc.lost@example.com'), {}),
    ('plesk_mail_domain', dict(domain='example.com', greylisting=False), {}),
    ('plesk_dns_auth', dict(domain='example.com', dmarc=dict(value='v=DMARC1; p=reject')), {}),
    ('plesk_spamfilter', dict(name='info@example.com', enabled=True, plesk_api_version='1.6.9.0'), {}),
    ('plesk_mail_accounts', dict(domain='example.com', accounts=[dict(name='doc.bulk.lost', password='Doc-Secret-1')]),
     {}),
]
BRAINY_RUNS = [
    ('brainy_mailbox', dict(address='doc.new@example.com', password='Doc-Secret-1', quota='500'), dict(diff=True)),
    ('brainy_mailbox', dict(address='doc.check@example.com', password='Doc-Secret-1'), dict(check=True)),
    ('brainy_mailbox', dict(address='sales@example.com', quota='2G'), {}),  # exists, other quota: a warning
    ('brainy_mailbox', dict(address='doc.new@example.com', state='absent'), {}),
    ('brainy_mailbox', dict(address='doc.nopassword@example.com'), dict(fails=True)),
    ('brainy_mailboxes', dict(mailboxes=[dict(address='doc.bulk@example.com', password='Doc-Secret-1'),
                                         dict(address='hello@example.org', state='absent')]), dict(diff=True)),
    ('brainy_mailboxes', dict(mailboxes=[], prune=True, prune_domains=['example.com']), dict(check=True)),
    ('brainy_mailboxes', dict(mailboxes=[dict(address='doc@not-theirs.example', password='Doc-Secret-1')]),
     dict(fails=True)),
    ('brainy_forward', dict(source='doc.fwd@example.com', targets=['info@example.com']), dict(diff=True)),
    ('brainy_forward', dict(source='sales@example.com', targets=['info@example.com'], save_local=False),
     dict(check=True, diff=True)),
    ('brainy_forward', dict(source='doc.fwd@example.com', state='absent'), {}),
    ('brainy_forwards', dict(forwards=[dict(source='doc.fwds@example.com', targets=['info@example.com'])], prune=True),
     dict(diff=True)),
    ('brainy_forwards', dict(users=[
        dict(panel_user='webmaster', forwards=[dict(source='doc.fwds@example.com', state='absent')]),
        dict(panel_user='nobody', forwards=[])]), dict(fails=True)),
    ('brainy_mailboxes', dict(users=[
        dict(panel_user='webmaster', mailboxes=[dict(address='doc.users@example.com', password='Doc-Secret-1')]),
        dict(panel_user='nobody', mailboxes=[])]), dict(fails=True)),
    ('brainy_forward', dict(source='doc.fwd@example.com', targets=[]), dict(fails=True)),
    ('brainy_dns_auth', dict(domain='example.com', spf='enabled', dkim='disabled'), {}),
    ('brainy_dns_auth', dict(domain='example.org', spf='disabled', dkim='enabled'), dict(check=True)),
    ('brainy_dns_auth', dict(domain='not-theirs.example', spf='enabled'), dict(fails=True)),
    ('brainy_mailbox_info', {}, {}),
    ('brainy_mailbox_info', dict(domain='example.org'), {}),
    ('brainy_mailbox_info', dict(panel_user='nobody'), dict(fails=True)),
    ('brainy_mail_export', dict(panel_users=['webmaster', 'shop'], dest=DOC_EXPORT % 'brainycp'), dict(diff=True)),
    ('brainy_mail_export', {}, {}),
    ('brainy_mail_export', dict(panel_users=['nobody']), dict(fails=True)),
]
BRAINY_LOST_ANSWER_RUNS = [
    ('brainy_mailbox', dict(address='doc.lost@example.com', password='Doc-Secret-1'), {}),
    ('brainy_forward', dict(source='doc.lost@example.com', targets=['info@example.com']), {}),
    ('brainy_dns_auth', dict(domain='example.org', dkim='disabled'), dict(fails=True)),
    ('brainy_mailboxes', dict(mailboxes=[dict(address='doc.bulk.lost@example.com', password='Doc-Secret-1')]), {}),
    ('brainy_forwards', dict(forwards=[dict(source='doc.fwds.lost@example.com', targets=['info@example.com'])]), {}),
]
PLAYBOOK_TASK = '''
    - name: "Run {number}: {module}"
      {collection}.{module}: "{{{{ doc_runs[{number}] }}}}"
      check_mode: {check}
      diff: {diff}
      register: doc_result_{number}
      ignore_errors: true
'''


def run_playbook(collections_path, directory, runs, env, name):
    """Run ``runs`` as the tasks of one playbook (ignoring errors); return their registered results, in order."""
    tasks = ''.join(PLAYBOOK_TASK.format(number=number, module=module, collection=COLLECTION,
                                         check=str(how.get('check', False)).lower(), diff=str(how.get('diff', False)).lower())
                    for number, (module, _args, how) in enumerate(runs))
    results = os.path.join(directory, '%s-results.json' % name)
    playbook = os.path.join(directory, '%s.yml' % name)
    with open(playbook, 'w', encoding='utf-8') as handle:
        handle.write('- name: Every module, as RETURN documents it\n  hosts: localhost\n  connection: local\n'
                     '  gather_facts: false\n  tasks:%s\n' % tasks)
        handle.write('    - name: Keep the results\n      ansible.builtin.copy:\n        dest: %s\n        mode: "0600"\n'
                     '        content: "{{ [%s] | to_json }}"\n      check_mode: false\n      diff: false\n'
                     % (json.dumps(results), ', '.join('doc_result_%d' % number for number in range(len(runs)))))
    extra_vars = os.path.join(directory, '%s-vars.json' % name)
    with open(extra_vars, 'w', encoding='utf-8') as handle:
        json.dump({'doc_runs': [args for _module, args, _how in runs]}, handle)
    command = [os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'), '-i', 'localhost,', playbook,
               '-e', '@' + extra_vars]
    full_env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_path, ANSIBLE_NOCOLOR='1',
                    ANSIBLE_PYTHON_INTERPRETER=sys.executable, **env)
    process = subprocess.run(command, env=full_env, capture_output=True, text=True, check=False)
    assert os.path.exists(results), 'the playbook did not finish:\n' + process.stdout + process.stderr
    with open(results, encoding='utf-8') as handle:
        return json.load(handle)


def run_against(server, env, directory, collections_path, runs, lost_runs):
    """{module: [(args, how, result)]} from ``runs``, then ``lost_runs`` with every answer to a write lost."""
    found = {}
    for name, these, lost in (('runs', runs, False), ('lost-answers', lost_runs, True)):
        server.reset()
        if lost:
            # Every write is carried out, and the answer to it lost (a connection reset).
            server.set_fault('reset', count=None, when='after', on='writes')
        try:
            results = run_playbook(collections_path, directory, these, env, name)
        finally:
            server.reset()
        for (module, args, how), result in zip(these, results):
            found.setdefault(module, []).append((args, how, result))
    return found


@pytest.fixture(scope='module')
def plesk_results(plesk_server, collections_path, tmp_path_factory):
    return run_against(plesk_server, plesk_env(plesk_server), str(tmp_path_factory.mktemp('plesk-returns')),
                       collections_path, PLESK_RUNS, PLESK_LOST_ANSWER_RUNS)


@pytest.fixture(scope='module')
def brainy_results(brainy_server, collections_path, tmp_path_factory):
    return run_against(brainy_server, brainy_env(brainy_server), str(tmp_path_factory.mktemp('brainy-returns')),
                       collections_path, BRAINY_RUNS, BRAINY_LOST_ANSWER_RUNS)


def type_problems(value, entry, where):
    """The documented type (null is always allowed) and, through contains, every key of dicts inside it."""
    problems = []
    expected = PYTHON_TYPES.get(entry.get('type'))
    if value is None or expected is None:
        return problems
    if not isinstance(value, expected) or (isinstance(value, bool) and entry.get('type') == 'int'):
        return ['%s is %r, not of the documented type %s' % (where, value, entry.get('type'))]
    if entry.get('type') == 'list':
        element = dict(entry, type=entry.get('elements'))
        for item in value:
            problems += type_problems(item, element, where + '[]')
    elif entry.get('type') == 'dict' and entry.get('contains') and value:
        contains = entry['contains']
        for key, item in value.items():
            if key not in contains:
                problems.append('%s.%s is returned but not documented' % (where, key))
            else:
                problems += type_problems(item, contains[key], '%s.%s' % (where, key))
        for key, child in contains.items():
            if key not in value and not child.get('returned'):
                problems.append('%s.%s is documented without a returned condition but was not returned' % (where, key))
    return problems


@pytest.mark.parametrize('module', MODULES)
def test_return_documents_what_the_module_returns(module, module_docs, request):
    """Every key returned is documented, with its type; every documented key is returned by some run."""
    documented = module_docs[module]['return'] or {}
    panel = 'plesk' if module in {name for name, _args, _how in PLESK_RUNS} else 'brainy'
    runs = request.getfixturevalue(panel + '_results').get(module)
    assert runs, 'no run of %s against the simulators: add some to PLESK_RUNS or BRAINY_RUNS' % module
    problems, seen = [], set()
    for args, how, result in runs:
        where = '%s %s%s' % (module, json.dumps(args, sort_keys=True), ' (check mode)' if how.get('check') else '')
        if bool(result.get('failed')) != bool(how.get('fails')):
            problems.append('%s: expected to %s, but: %s' % (where, 'fail' if how.get('fails') else 'succeed',
                                                             result.get('msg', 'it did not')))
            continue
        keys = set(result) - STANDARD_KEYS
        seen.update(keys)
        problems += ['%s returned %r, which RETURN does not document' % (where, key) for key in sorted(keys - set(documented))]
        if not result.get('failed'):
            problems += ['%s did not return %r, documented as returned always' % (where, key)
                         for key, entry in documented.items() if entry.get('returned') == 'always' and key not in result]
        for key in sorted(keys & set(documented)):
            problems += type_problems(result[key], documented[key], '%s: %s' % (where, key))
    problems += ['RETURN documents %r, but no run returned it (a stale entry, or a run is missing)' % key
                 for key in sorted(set(documented) - seen)]
    assert not problems, report(problems)
