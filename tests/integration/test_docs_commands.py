# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Every command and playbook in README.md and docs/*.md runs as written.

Each fenced block is one test, named file:line. Shell blocks (sh, bash, shell, console: the lines after a ``$``
or ``#`` prompt) run; yaml blocks run as playbooks (a task list inside a play on localhost), inventories load with
ansible-inventory, variables files parse; text blocks are output and are not collected. A Markdown comment on
the line before a block says what else to do with it, always with a reason where it is not run:

    <!-- docs-test: skip: REASON -->      not run at all (needs podman, a real panel, AWX...)
    <!-- docs-test: check: REASON -->     yaml: only checked (parsed; plays and tasks through --syntax-check)
    <!-- docs-test: file: NAME -->        yaml: the reader saves it as NAME, and a later command uses it
    <!-- docs-test: editor -->            yaml: what the reader types into the editor a later command opens
    <!-- docs-test: background -->        shell: a server that runs until Ctrl-C; it runs while the rest of the
                                           file does, must print the line the block shows first, and exit 0 on SIGINT

A file whose shell blocks run is a session, as a reader follows it: one shell after another in a copy of the
checkout (exports and ``cd`` carry over), with a home of its own (``~/.ansible`` included) and a terminal that
answers every password prompt. A file that installs the collection starts without it; the others find it
installed. Files without a session run their yaml blocks against the simulators of conftest.py.
"""

from __future__ import annotations

import fcntl
import glob
import json
import os
import re
import select
import shlex
import shutil
import signal
import subprocess
import sys
import termios
import time

import pytest
import yaml

from ansible_collections.hosting.mail.tests.integration.conftest import COLLECTION_ROOT, brainy_env, plesk_env

BIN = os.path.dirname(sys.executable)
# README.md and the guides; docs/docsite/ (the docs site's sources) is not a guide of its own.
MARKDOWN = [os.path.join(COLLECTION_ROOT, 'README.md')] + sorted(glob.glob(os.path.join(COLLECTION_ROOT, 'docs', '*.md')))
FENCE = re.compile(r'^(?P<indent>[ \t]*)```(?P<language>[\w+-]*)[ \t]*$')
MARKER = re.compile(r'^\s*<!--\s*docs-test:\s*(?P<kind>[\w-]+)\s*(?::\s*(?P<argument>.*?))?\s*-->\s*$')
MARKERS = {'skip': True, 'check': True, 'file': True, 'editor': False, 'background': False}  # kind: needs an argument
SHELL = ('sh', 'bash', 'shell', 'console')
YAML = ('yaml', 'yml')
OUTPUT = ('text',)
PROMPT = re.compile(r'^(?:\$|#) (?P<command>.*)$')
PASSWORD_PROMPT = re.compile(r'(?i)password:\s*$')
VAULT_PASSWORD = 'docs-test-vault-password'  # what the "reader" types at every password prompt
BLOCK_TIMEOUT = 300
READY_TIMEOUT = 30


class Block:
    """One fenced block of a Markdown file, with its marker."""

    def __init__(self, path, line, language, text, marker, argument, problem=None):
        self.path = path
        self.line = line
        self.language = language
        self.text = text
        self.marker = marker
        self.argument = argument
        self.problem = problem

    @property
    def where(self):
        return '%s:%d' % (os.path.relpath(self.path, COLLECTION_ROOT), self.line)

    @property
    def shell(self):
        return self.language in SHELL

    def commands(self):
        """The commands of a shell block: a console block's prompted lines (with their continuations), or an sh
        block whole."""
        if self.language != 'console':
            return [self.text]
        commands, lines = [], self.text.splitlines()
        index = 0
        while index < len(lines):
            match = PROMPT.match(lines[index])
            index += 1
            if not match:
                continue
            command = [match.group('command')]
            while command[-1].endswith('\\') and index < len(lines):
                command.append(lines[index])
                index += 1
            commands.append('\n'.join(command))
        return commands

    def shown_output(self):
        """The lines a console block shows after its first command: what it prints."""
        lines = self.text.splitlines()
        for index, line in enumerate(lines):
            if not PROMPT.match(line) and not (index and lines[index - 1].endswith('\\')):
                return lines[index:]
        return []


def read_blocks(path):
    blocks, current, previous = [], None, ''
    with open(path, encoding='utf-8') as handle:
        lines = handle.read().splitlines()
    for number, line in enumerate(lines, 1):
        match = FENCE.match(line)
        if current is None:
            if match:
                language = match.group('language').lower()
                marker = MARKER.match(previous)
                kind, argument = (marker.group('kind'), marker.group('argument')) if marker else (None, None)
                current = dict(line=number, language=language, indent=match.group('indent'), text=[], marker=kind,
                               argument=argument)
            elif line.strip():
                previous = line
            continue
        if match and not match.group('language'):
            text = '\n'.join(current.pop('text')) + '\n'
            current.pop('indent')
            blocks.append(Block(path, text=text, problem=block_problem(current), **current))
            current, previous = None, ''
        else:
            current['text'].append(line[len(current['indent']):] if line.startswith(current['indent']) else line)
    return [block for block in blocks if block.language not in OUTPUT or block.marker]


def block_problem(block):
    """What is wrong with a block's marker or language, or None."""
    kind, language = block['marker'], block['language']
    if kind is not None and kind not in MARKERS:
        return 'unknown docs-test marker %r (known: %s)' % (kind, ', '.join(sorted(MARKERS)))
    if kind is not None and MARKERS[kind] and not block['argument']:
        return 'the docs-test marker %r needs a reason or name after a colon' % kind
    if kind == 'skip':
        return None
    if language not in SHELL + YAML:
        return ('a ```%s block is neither shell (%s) nor yaml: give it a language, or mark it '
                '<!-- docs-test: skip: REASON -->' % (language, ', '.join(SHELL)))
    if kind in ('check', 'file', 'editor') and language not in YAML:
        return 'the docs-test marker %r is for yaml blocks' % kind
    if kind == 'background' and language not in SHELL:
        return 'the docs-test marker background is for shell blocks'
    return None


BLOCKS = [block for path in MARKDOWN if os.path.exists(path) for block in read_blocks(path)]


def is_session(path):
    """A file is a session when one of its shell blocks runs."""
    return any(block.path == path and block.shell and block.marker != 'skip' and not block.problem for block in BLOCKS)


def installs_the_collection(path):
    return any(block.path == path and block.shell and block.marker != 'skip' and 'ansible-galaxy collection install'
               in block.text for block in BLOCKS)


# --- finding the checkout ---------------------------------------------------------------------------------------

def is_checkout(path):
    return all(os.path.exists(os.path.join(path, name)) for name in ('Makefile', 'galaxy.yml', 'tools'))


def find_checkout():
    """The repository the commands need (Makefile, tools/, .venv). `make test` runs this test from the installed
    artefact, which has none of them, with the Python of the checkout's .venv: that names the checkout."""
    candidates = [os.environ.get('HOSTING_MAIL_CHECKOUT'), COLLECTION_ROOT,
                  os.path.dirname(os.path.dirname(BIN)) if os.path.basename(os.path.dirname(BIN)) == '.venv' else None]
    for candidate in candidates:
        if candidate and is_checkout(candidate):
            return candidate
    return None


def stamp_of(checkout):
    """The stamp `make venv` leaves in .venv for the current pins (see the Makefile's STAMP)."""
    requirements = [os.path.join(checkout, 'tests', 'requirements', name) for name in ('dev.txt', 'constraints.txt')]
    process = subprocess.run('cat %s | cksum' % ' '.join(shlex.quote(path) for path in requirements), shell=True,
                             capture_output=True, text=True, check=True)
    return os.path.join(checkout, '.venv', '.installed-' + process.stdout.split()[0]), requirements


def checkout_copy(destination):
    """A copy of the checkout whose .venv is the checkout's (so `make venv` has nothing to do), or a skip."""
    checkout = find_checkout()
    if checkout is None:
        pytest.skip('no checkout of the collection (Makefile, tools/) found: set HOSTING_MAIL_CHECKOUT, or run from '
                    'a checkout or with its .venv')
    stamp, requirements = stamp_of(checkout)
    if not os.path.exists(stamp):
        pytest.skip('the .venv of %s is missing or out of date: run `make venv` there first' % checkout)
    shutil.copytree(checkout, destination, symlinks=True, ignore=shutil.ignore_patterns(
        '.git', '.venv', '.cache', '.build', '.nox', '__pycache__', '.hypothesis', '*.tar.gz', '.pytest_cache'))
    os.symlink(os.path.realpath(os.path.join(checkout, '.venv')), os.path.join(destination, '.venv'))
    # A fresh copy's requirement files are newer than the stamp; make must see the venv as built from them.
    older = os.stat(stamp).st_mtime - 1
    for path in requirements:
        os.utime(os.path.join(destination, os.path.relpath(path, checkout)), (older, older))
    return destination


# --- running a session ------------------------------------------------------------------------------------------

def become_terminal_owner():
    """In the child: a session of its own with the pseudo-terminal as controlling terminal, so that getpass and
    ansible-vault's editor find a terminal, as for a reader."""
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def run_in_terminal(arguments, env, cwd, timeout=BLOCK_TIMEOUT):
    """Run ``arguments`` on a pseudo-terminal, answering password prompts; return (exit status, output)."""
    master, slave = os.openpty()
    process = subprocess.Popen(arguments, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd,  # pylint: disable=consider-using-with
                               preexec_fn=become_terminal_owner)  # pylint: disable=subprocess-popen-preexec-fn
    os.close(slave)
    output, answered, deadline = b'', 0, time.monotonic() + timeout
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                os.killpg(process.pid, signal.SIGKILL)
                output += b'\n[docs-test: killed after %d s]' % timeout
                break
            ready = select.select([master], [], [], min(remaining, 1.0))[0]
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: every process on the terminal has gone
                chunk = b''
            if not chunk:
                break
            output += chunk
            if PASSWORD_PROMPT.search(output[answered:].decode('utf-8', 'replace')):
                os.write(master, VAULT_PASSWORD.encode() + b'\n')
                answered = len(output)
    finally:
        os.close(master)
    return process.wait(), output.decode('utf-8', 'replace').replace('\r\n', '\n')


class Session:
    """A reader following one Markdown file: shells in a checkout copy, sharing exports and the directory."""

    def __init__(self, path, work, env):
        self.path = path
        self.work = work
        self.state = os.path.join(work, 'state')
        os.makedirs(self.state)
        self.editor_text = None
        self.background = []  # (block, process)
        self.cwd = checkout_copy(os.path.join(work, 'checkout'))
        self.env = env
        with open(os.path.join(self.state, 'env.sh'), 'w', encoding='utf-8') as handle:
            handle.writelines('export %s=%s\n' % (name, shlex.quote(value)) for name, value in sorted(env.items())
                              if re.match(r'^[A-Za-z_][A-Za-z0-9_]*$', name))
        with open(os.path.join(self.state, 'cwd'), 'w', encoding='utf-8') as handle:
            handle.write(self.cwd)

    def script(self, commands, background=False):
        lines = ['set -e', '. %s' % shlex.quote(os.path.join(self.state, 'env.sh')),
                 'cd "$(cat %s)"' % shlex.quote(os.path.join(self.state, 'cwd'))]
        if background:
            return '\n'.join(lines + ['exec ' + commands[0]]) + '\n'
        lines += commands
        lines += ['export -p > %s' % shlex.quote(os.path.join(self.state, 'env.sh')),
                  'pwd > %s' % shlex.quote(os.path.join(self.state, 'cwd'))]
        return '\n'.join(lines) + '\n'

    def current_dir(self):
        with open(os.path.join(self.state, 'cwd'), encoding='utf-8') as handle:
            return handle.read().strip()

    def run(self, block):
        if block.problem:
            return 'failed', block.problem
        if block.marker == 'skip':
            return 'skipped', block.argument
        if block.shell:
            return self.run_shell(block)
        text = block.text
        if block.marker == 'editor':
            return check_yaml(block, self.env, self.work, run=False)
        if block.marker == 'file':
            with open(os.path.join(self.current_dir(), block.argument), 'w', encoding='utf-8') as handle:
                handle.write(text)
            return check_yaml(block, self.env, self.work, run=False)
        env = dict(self.env)
        return check_yaml(block, env, self.current_dir(), run=block.marker != 'check', terminal=True)

    def run_shell(self, block):
        commands = block.commands()
        if not commands:
            return 'failed', 'a console block without a command ($ or # prompt); mark output as ```text'
        if block.marker == 'background':
            return self.start_background(block, commands)
        script = os.path.join(self.work, 'block-%d.sh' % block.line)
        with open(script, 'w', encoding='utf-8') as handle:
            handle.write(self.script(commands))
        # The guide shows what to type into an editor after the command that opens it: the next editor block.
        editors = [other for other in BLOCKS if other.path == block.path and other.marker == 'editor']
        typed = next((other for other in editors if other.line > block.line), editors[-1] if editors else None)
        with open(os.path.join(self.work, 'editor-text'), 'w', encoding='utf-8') as handle:
            handle.write(typed.text if typed else '')
        status, output = run_in_terminal(['bash', script], self.env, self.cwd)
        if status:
            return 'failed', 'exit status %d of\n%s\n--- output ---\n%s' % (status, '\n'.join(commands), output[-6000:])
        return 'passed', output

    def start_background(self, block, commands):
        if len(commands) != 1:
            return 'failed', 'a background block holds exactly one command'
        script = os.path.join(self.work, 'block-%d.sh' % block.line)
        with open(script, 'w', encoding='utf-8') as handle:
            handle.write(self.script(commands, background=True))
        log = open(os.path.join(self.work, 'block-%d.err' % block.line), 'w+', encoding='utf-8')  # pylint: disable=consider-using-with
        process = subprocess.Popen(['bash', script], env=self.env, stdout=subprocess.PIPE, stderr=log,  # pylint: disable=consider-using-with
                                   stdin=subprocess.DEVNULL, text=True, start_new_session=True)
        self.background.append((block, process, log))
        ready = select.select([process.stdout], [], [], READY_TIMEOUT)[0]
        first = process.stdout.readline().rstrip('\n') if ready else None
        shown = block.shown_output()
        if first is None or (not first and process.poll() is not None):
            log.seek(0)
            return 'failed', 'it printed nothing within %d s (exit status %s):\n%s' % (READY_TIMEOUT, process.poll(), log.read())
        if shown and first != shown[0]:
            return 'failed', 'it printed %r first, the block shows %r' % (first, shown[0])
        return 'passed', first

    def stop(self, results):
        """Ctrl-C for every background command, as the reader ends; each must exit 0."""
        for block, process, log in self.background:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGINT)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
            log.seek(0)
            if process.returncode != 0 and results.get(block.line, ('passed',))[0] == 'passed':
                results[block.line] = ('failed', 'exit status %d after Ctrl-C:\n%s' % (process.returncode, log.read()))
            log.close()
            process.stdout.close()


def base_environment(home):
    env = {name: value for name, value in os.environ.items()
           if name not in ('ANSIBLE_COLLECTIONS_PATH', 'ANSIBLE_COLLECTIONS_PATHS', 'PYTHONPATH', 'ANSIBLE_CONFIG')
           and not name.startswith(('PLESK_', 'BRAINYCP_', 'PYTEST_', 'HOSTING_MAIL_'))}
    os.makedirs(home, exist_ok=True)
    env.update(HOME=home, PATH=BIN + os.pathsep + env.get('PATH', ''), ANSIBLE_NOCOLOR='1', TERM='dumb', PAGER='cat',
               PIP_NO_INDEX='1', PIP_DISABLE_PIP_VERSION_CHECK='1')
    return env


def link_collection(home):
    namespace = os.path.join(home, '.ansible', 'collections', 'ansible_collections', 'hosting')
    os.makedirs(namespace, exist_ok=True)
    os.symlink(COLLECTION_ROOT, os.path.join(namespace, 'mail'))


def run_session(path, work, simulators_env):
    home = os.path.join(work, 'home')
    env = base_environment(home)
    if not installs_the_collection(path):
        link_collection(home)
    blocks = [block for block in BLOCKS if block.path == path]
    if not any(block.marker == 'background' for block in blocks):
        env.update(simulators_env())
    editor = os.path.join(work, 'editor')
    with open(editor, 'w', encoding='utf-8') as handle:
        handle.write('#!/bin/sh\ncat %s > "$1"\n' % shlex.quote(os.path.join(work, 'editor-text')))
    os.chmod(editor, 0o755)
    env.update(EDITOR=editor, VISUAL=editor)
    session = Session(path, work, env)
    results, failed = {}, None
    try:
        for block in blocks:
            if failed is not None and block.marker != 'skip':
                results[block.line] = ('not run', 'an earlier block failed: %s' % failed)
                continue
            results[block.line] = session.run(block)
            if results[block.line][0] == 'failed':
                failed = block.where
    finally:
        session.stop(results)
    return results


SESSIONS = {}


@pytest.fixture(scope='session')
def session_results(tmp_path_factory, request):
    """Results of each session file, run once per test run; pytest-xdist workers share them through a file."""
    shared = None
    run_id = os.environ.get('PYTEST_XDIST_TESTRUNUID')
    if run_id:
        shared = tmp_path_factory.getbasetemp().parent / ('docs-sessions-%s' % run_id)
        shared.mkdir(exist_ok=True)

    def simulators_env():
        plesk, brainy = request.getfixturevalue('plesk_server'), request.getfixturevalue('brainy_server')
        plesk.reset()
        brainy.reset()
        env = plesk_env(plesk)
        env.update(brainy_env(brainy))
        return env

    def results(path):
        name = os.path.relpath(path, COLLECTION_ROOT).replace(os.sep, '_')
        if path in SESSIONS:
            return SESSIONS[path]
        if shared is None:
            SESSIONS[path] = run_session(path, str(tmp_path_factory.mktemp('session')), simulators_env)
            return SESSIONS[path]
        with open(shared / (name + '.lock'), 'w', encoding='utf-8') as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            stored = shared / (name + '.json')
            if not stored.exists():
                found = run_session(path, str(tmp_path_factory.mktemp('session')), simulators_env)
                stored.write_text(json.dumps({str(line): list(result) for line, result in found.items()}))
            SESSIONS[path] = {int(line): tuple(result) for line, result in json.loads(stored.read_text()).items()}
        return SESSIONS[path]

    return results


# --- yaml blocks ------------------------------------------------------------------------------------------------

def yaml_kind(data):
    if isinstance(data, list) and data and all(isinstance(item, dict) for item in data):
        if all('hosts' in item or 'import_playbook' in item or 'ansible.builtin.import_playbook' in item for item in data):
            return 'playbook'
        return 'tasks'
    if isinstance(data, dict) and ('all' in data or any(
            isinstance(value, dict) and ({'hosts', 'children'} & set(value)) for value in data.values())):
        return 'inventory'
    return 'vars'


def check_yaml(block, env, cwd, run=True, terminal=False):
    """Run a yaml block (``run``), or check it for what it is; return (status, details)."""
    try:
        data = yaml.safe_load(block.text)
    except yaml.YAMLError as exc:
        return 'failed', 'not YAML: %s' % exc
    kind = yaml_kind(data)
    if kind == 'vars':
        return 'passed', 'variables: parsed'
    scratch = os.path.join(cwd, '.docs-test-%d.yml' % block.line)
    if kind == 'tasks':
        data = [{'name': 'Tasks of %s' % block.where, 'hosts': 'localhost', 'gather_facts': False, 'tasks': data}]
    with open(scratch, 'w', encoding='utf-8') as handle:
        handle.write(yaml.safe_dump(data) if kind == 'tasks' else block.text)
    if kind == 'inventory':
        command = [os.path.join(BIN, 'ansible-inventory'), '-i', scratch, '--list']
    else:
        # No inventory, as a reader runs a play on localhost: the implicit localhost, on the local connection.
        command = [os.path.join(BIN, 'ansible-playbook'), scratch] + ([] if run else ['--syntax-check'])
    if terminal:
        status, output = run_in_terminal(command, env, cwd)
    else:
        process = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, check=False)
        status, output = process.returncode, process.stdout + process.stderr
    os.remove(scratch)
    if status:
        return 'failed', '%s exited %d:\n%s' % (' '.join(command[:1] + command[-2:]), status, output[-6000:])
    return 'passed', output


def standalone(block, request, tmp_path):
    """A yaml block of a file without a session: against the simulators of conftest.py."""
    if block.problem:
        return 'failed', block.problem
    run = block.marker not in ('check', 'file', 'editor')
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=request.getfixturevalue('collections_path'), ANSIBLE_NOCOLOR='1',
               ANSIBLE_PYTHON_INTERPRETER=sys.executable)
    if run:
        env.update(plesk_env(request.getfixturevalue('plesk')))
        env.update(brainy_env(request.getfixturevalue('brainy')))
    return check_yaml(block, env, str(tmp_path), run=run)


@pytest.mark.parametrize('block', [pytest.param(block, id=block.where) for block in BLOCKS])
def test_block_runs_as_written(block, request, tmp_path, session_results):
    if block.marker == 'skip' and not block.problem:
        pytest.skip('%s: %s' % (block.where, block.argument))
    if is_session(block.path):
        status, details = session_results(block.path)[block.line]
    elif block.shell:
        status, details = 'failed', block.problem
    else:
        status, details = standalone(block, request, tmp_path)
    if status == 'not run':
        pytest.skip('%s: %s' % (block.where, details))
    assert status == 'passed', '%s: %s' % (block.where, details)


def test_every_guide_has_its_blocks_found():
    """The extraction itself: the getting-started guide has runnable blocks, and no marker is left dangling."""
    guide = os.path.join(COLLECTION_ROOT, 'docs', 'getting-started.md')
    assert any(block.path == guide and block.shell and block.marker != 'skip' for block in BLOCKS)
    for path in MARKDOWN:
        with open(path, encoding='utf-8') as handle:
            lines = handle.read().splitlines()
        for number, line in enumerate(lines, 1):
            if MARKER.match(line):
                following = next((text for text in lines[number:] if text.strip()), '')
                assert FENCE.match(following), '%s:%d: a docs-test marker not followed by a fenced block' % (
                    os.path.relpath(path, COLLECTION_ROOT), number)
