# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The test pipeline behind `make test`: build, install, then every check, then a summary.

Run it with the Python of the pipeline's virtualenv (the Makefile does). It builds the collection
artefact, installs it into .build/collections/ansible_collections/hosting/mail, and runs the stages
below on that installed tree (or, for linters, on the repository). Every stage runs even when an
earlier one failed, so one run shows every problem; the exit status is non-zero if any failed.

    python tools/test_pipeline.py               # every stage
    python tools/test_pipeline.py units lint    # just these (build runs first when needed)
"""

import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Outside the checkout: inside it, ansible-test would take git's view and see only ignored files.
BUILD = tempfile.mkdtemp(prefix='hosting.mail-build-')
COLLECTIONS = os.path.join(BUILD, 'collections')
INSTALLED = os.path.join(COLLECTIONS, 'ansible_collections', 'hosting', 'mail')
PYTHON_VERSION = '%d.%d' % sys.version_info[:2]
# The oldest ansible-core meta/runtime.yml claims (tools/compat.py checks the two agree): every stage; the one between
# it and the pipeline's: sanity and units (its integration tests run in `make compat`, to keep CI well under 30 minutes).
OTHER_CORE_SERIES = ('2.19', '2.20=units')
ARTEFACT = {}  # 'path': the artefact stage_build made, for the stages that check the artefact itself


class Stage:
    """One step of the pipeline and what it reported."""

    def __init__(self, name, needs_build, run):
        self.name = name
        self.needs_build = needs_build
        self.run = run
        self.status = 'not run'
        self.details = ''
        self.passed = 0
        self.failed = 0
        self.seconds = 0.0


def environment():
    env = dict(os.environ)
    env['PATH'] = os.path.dirname(sys.executable) + os.pathsep + env.get('PATH', '')
    env['ANSIBLE_COLLECTIONS_PATH'] = COLLECTIONS
    env.setdefault('ANSIBLE_NOCOLOR', '1')
    env.setdefault('PY_COLORS', '0')
    return env


def run(command, cwd=ROOT, env_extra=None):
    """Run a command, echo its output, and return (exit status, output)."""
    print('$ ' + ' '.join(command), flush=True)
    env = environment()
    env.update(env_extra or {})
    process = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True, check=False)
    print(process.stdout, end='', flush=True)
    return process.returncode, process.stdout


def stage_build(stage):
    dist = os.path.join(BUILD, 'dist')
    status, output = run(['ansible-galaxy', 'collection', 'build', '--force', '--output-path', dist])
    if status:
        return fail(stage, 'ansible-galaxy collection build failed')
    artefact = ARTEFACT['path'] = glob.glob(os.path.join(dist, 'hosting-mail-*.tar.gz'))[0]
    status, output = run(['ansible-galaxy', 'collection', 'install', '--force', '-p', COLLECTIONS, artefact])
    if status:
        return fail(stage, 'installing the artefact failed')
    # Tests read the Plesk XSDs from ../shared beside the collection; give the installed tree the same view.
    shared = os.path.join(os.path.dirname(ROOT), 'shared')
    if os.path.isdir(shared):
        os.symlink(shared, os.path.join(os.path.dirname(INSTALLED), 'shared'))
    status, output = run(['ansible-doc', '--list', '--type', 'module', 'hosting.mail', '--json'])
    if status:
        return fail(stage, 'ansible-doc could not list the installed collection')
    modules = len(re.findall(r'"hosting\.mail\.', output))
    return succeed(stage, '%s installed; ansible-doc lists %d modules' % (os.path.basename(artefact), modules), 1)


def stage_changelog(stage):
    status, output = run(['antsibull-changelog', 'lint'])
    fragments = [name for name in os.listdir(os.path.join(ROOT, 'changelogs', 'fragments')) if name.endswith('.yml')]
    if status:
        return fail(stage, 'antsibull-changelog lint failed')
    # CHANGELOG.md must be what antsibull-changelog makes of changelogs/changelog.yaml, not a hand edit.
    with tempfile.TemporaryDirectory() as scratch:
        generated = os.path.join(scratch, 'CHANGELOG.md')
        status, output = run(['antsibull-changelog', 'generate', '--output', generated, '--output-format', 'md'])
        if status:
            return fail(stage, 'antsibull-changelog generate failed', passed=1)
        with open(generated, encoding='utf-8') as new, open(os.path.join(ROOT, 'CHANGELOG.md'), encoding='utf-8') as old:
            if new.read() != old.read():
                return fail(stage, 'CHANGELOG.md is not what `antsibull-changelog generate` makes of changelog.yaml',
                            passed=1)
    return succeed(stage, 'lint clean (%d unreleased fragments); CHANGELOG.md matches changelog.yaml' % len(fragments),
                   2)


# The antsibull-nox sessions (antsibull-nox.toml) the pipeline runs: checks nothing else here makes, each without a
# virtualenv of its own (python=False), so no install at test time. Its docs-check, ansible-lint, build-import-check
# and ansible-test sessions are left to the stages below: see README.md, Development.
NOX_SESSIONS = ('extra-checks', 'antsibull-nox-config')


def stage_nox(stage):
    status, output = run(['nox', '--non-interactive', '-e'] + list(NOX_SESSIONS))
    passed = re.findall(r'^nox > Session (\S+) was successful', output, re.M)
    failed = re.findall(r'^nox > Session (\S+) (?:failed|aborted)', output, re.M)
    details = 'antsibull-nox sessions: %s ok' % (', '.join(passed) or 'none')
    if failed:
        details += '; FAILED: %s' % ', '.join(failed)
    if status or failed or len(passed) != len(NOX_SESSIONS):
        return fail(stage, details, passed=len(passed), failed=max(1, len(failed)))
    return succeed(stage, details, len(passed))


def stage_docs(stage):
    # The blocks several modules share (RETURN's error, the Plesk user's fields) must be what
    # tools/update_return_docs.py writes from tools/return_docs.py: a hand edit of a module's copy fails here.
    drift = run([sys.executable, os.path.join(ROOT, 'tools', 'update_return_docs.py'), '--check'])[0]
    generated = 'generated blocks as tools/return_docs.py makes them' if not drift else (
        'tools/update_return_docs.py --check: %s' % ('a module\'s generated block differs' if drift == 1 else 'marker errors'))
    # What docs.ansible.com's tooling would say of the installed collection's docs, references included.
    status, output = run(['antsibull-docs', 'lint-collection-docs', '--plugin-docs', '--validate-collection-refs',
                          'all', '--check-extra-docs-refs', '.'], cwd=INSTALLED)
    problems = [line for line in output.splitlines() if re.match(r'^\S+:\d+:\d+: ', line)]
    if status or problems:
        return fail(stage, 'antsibull-docs lint-collection-docs: %d problems; %s' % (len(problems), generated),
                    passed=0 if drift else 1, failed=max(1, len(problems)) + (1 if drift else 0))
    if drift:
        return fail(stage, generated + '; antsibull-docs lint-collection-docs clean', passed=1)
    return succeed(stage, 'antsibull-docs lint-collection-docs clean (plugin docs, references, the guides\' references); ' + generated, 2)


def stage_docsite(stage):
    # The docs site as `make docs` builds it (tools/docsite.py): guides' RST in step, Sphinx without warnings.
    sys.path.insert(0, os.path.join(ROOT, 'tools'))
    import docsite  # pylint: disable=import-outside-toplevel
    ok, details = docsite.pipeline_stage(run, COLLECTIONS)
    return succeed(stage, details, 1) if ok else fail(stage, details)


def stage_tools(stage):
    # The tests of the pipeline's own tools (tools/ stays out of the artefact, so they run from the checkout).
    return _pytest_stage(stage, [sys.executable, '-m', 'pytest', '-p', 'no:cacheprovider', '-q', '-rs',
                                 os.path.join(ROOT, 'tools', 'tests')], cwd=ROOT)


def stage_galaxy_import(stage):
    # galaxy-importer as Galaxy runs it on upload, minus its container step (tools/galaxy-importer.cfg).
    status, output = run([sys.executable, '-m', 'galaxy_importer.main', ARTEFACT['path']], cwd=BUILD,
                         env_extra={'GALAXY_IMPORTER_CONFIG': os.path.join(ROOT, 'tools', 'galaxy-importer.cfg')})
    complaints = [line for line in output.splitlines() if re.search(r'\b(WARNING|ERROR)\b', line)]
    if status or complaints or 'Importer processing completed successfully' not in output:
        return fail(stage, 'galaxy-importer: exit %d, %d warnings/errors' % (status, len(complaints)),
                    failed=max(1, len(complaints)))
    return succeed(stage, 'galaxy-importer %s passed the artefact with no warnings' % galaxy_importer_version(), 1)


def galaxy_importer_version():
    with open(os.path.join(ROOT, 'tests', 'requirements', 'constraints.txt'), encoding='utf-8') as handle:
        match = re.search(r'^galaxy[-_]importer==(\S+)$', handle.read(), re.M)
    return match.group(1) if match else '(version unknown)'


def stage_sanity(stage):
    return _sanity(stage, INSTALLED)


def stage_sanity_checkout(stage):
    # As a contributor or a CI workflow runs it: on the checkout, tools/ and docs included, whose files ansible-test
    # lists with git. ansible-test wants the tree at .../ansible_collections/hosting/mail, which a symlink provides;
    # it takes the real path of its working directory, so the symlinked path is named in ANSIBLE_TEST_CONTENT_ROOT.
    with tempfile.TemporaryDirectory(prefix='hosting.mail-checkout-') as scratch:
        checkout = os.path.join(scratch, 'ansible_collections', 'hosting', 'mail')
        os.makedirs(os.path.dirname(checkout))
        os.symlink(ROOT, checkout)
        return _sanity(stage, checkout, {'ANSIBLE_TEST_CONTENT_ROOT': checkout})


def _sanity(stage, tree, env_extra=None):
    status, output = run(['ansible-test', 'sanity', '--python', PYTHON_VERSION, '--color', 'no'], cwd=tree,
                         env_extra=env_extra)
    tests = len(re.findall(r'^Running sanity test ', output, re.M))
    skipped = re.findall(r'^WARNING: Skipping sanity test "([^"]+)"', output, re.M)
    if status or not tests:
        return fail(stage, 'ansible-test sanity reported errors (%d tests ran)' % tests, failed=1)
    details = '%d tests ran clean' % tests
    if skipped:
        details += '; skipped: %s' % ', '.join(skipped)
    return succeed(stage, details, tests)


def _pytest_counts(output):
    """Counts from every pytest summary line (ansible-test units runs one pytest per test group)."""
    counts = {}
    for line in output.splitlines():
        if re.match(r'^=*\s*(\d+ (passed|failed|errors?|skipped|deselected)|no tests ran)\b.* in [\d.]+s', line):
            for number, word in re.findall(r'(\d+) (passed|failed|errors?|skipped)', line):
                key = 'error' if word.startswith('error') else word
                counts[key] = counts.get(key, 0) + int(number)
    return counts


def _pytest_stage(stage, command, env_extra=None, cwd=None):
    """Run a pytest-based command (in the installed tree unless ``cwd``); no test passing counts as a failure."""
    status, output = run(command, cwd=cwd or INSTALLED, env_extra=env_extra)
    counts = _pytest_counts(output)
    passed, failed = counts.get('passed', 0), counts.get('failed', 0) + counts.get('error', 0)
    details = '%d passed, %d failed, %d skipped' % (passed, failed, counts.get('skipped', 0))
    if status or not passed:
        return fail(stage, details, passed=passed, failed=max(failed, 1))
    return succeed(stage, details, passed)


def stage_units(stage):
    return _pytest_stage(stage, ['ansible-test', 'units', '--python', PYTHON_VERSION, '--color', 'no'])


def stage_lint(stage):
    status, output = run(['ansible-lint', '--profile', 'production'])
    match = re.search(r'(\d+) failure\(s\), (\d+) warning\(s\) in (\d+) files', output)
    details = '%s failures, %s warnings in %s files' % match.groups() if match else 'no summary line'
    if status:
        return fail(stage, details)
    return succeed(stage, details + ', production profile', 1)


def _hook(stage, pattern, command_for):
    """Run ``command_for(path)`` for each file matching ``pattern``; a stage with nothing to run says so."""
    found = sorted(glob.glob(os.path.join(ROOT, pattern)))
    if not found:
        stage.status = 'skipped'
        stage.details = 'nothing yet (%s)' % pattern
        return
    failures = []
    for path in found:
        status, output = run(command_for(path))
        if status:
            failures.append(os.path.relpath(path, ROOT))
    if failures:
        return fail(stage, 'failed: ' + ', '.join(failures), passed=len(found) - len(failures), failed=len(failures))
    return succeed(stage, '%d ran clean' % len(found), len(found))


COMPAT_LEG_LEAVES_OUT = ('test_docs_commands.py', 'test_plesk_domain_playbooks.py', 'test_plesk_mail_playbooks.py',
                         'test_plesk_user_playbooks.py', 'test_brainy_playbooks.py', 'test_export_playbooks.py')


def stage_integration(stage):
    # Integration tests run real playbooks against the panel simulators, from the installed tree.
    if not glob.glob(os.path.join(ROOT, 'tests', 'integration', 'test_*.py')):
        stage.status, stage.details = 'skipped', 'nothing yet (tests/integration/test_*.py)'
        return None
    # On the other cores (tools/compat.py), COMPAT_LEG_LEAVES_OUT are left out (and `make test` must stay under 30
    # minutes). The docs' commands run with the checkout's own .venv, the same as in the main stage, whatever
    # ansible-core the leg is on. The suites that walk each module through the simulators' modes one setting at a time
    # test the modules' logic and the simulators', the same whatever ansible-core runs them; on the other cores every
    # module still runs (test_doc_examples.py: changes, check mode, diff, failures, lost answers), and so do the
    # roles, the bulk modules, faults, TLS, secrets and progress.
    other_core = [argument for name in COMPAT_LEG_LEAVES_OUT for argument in ('--ignore', 'tests/integration/' + name)] \
        if os.environ.get('HOSTING_MAIL_COMPAT_LEG') else []
    return _pytest_stage(stage, [sys.executable, '-m', 'pytest', '-p', 'no:cacheprovider', '-q', '-rs', '-n', '2',
                                 'tests/integration'] + other_core,
                         env_extra={'PYTHONPATH': COLLECTIONS, 'HOSTING_MAIL_ARTEFACT': ARTEFACT['path'], 'HOSTING_MAIL_CHECKOUT': ROOT})


# The other reading of every behaviour the panels' docs leave open (see the QUIRKS of the simulators): the tests of
# the mail modules and roles run once more with the simulators started so. The defaults run in stage integration.
OTHER_READING = {
    'plesk': {'forwarding_emptied': 'refuse', 'set_sections': 'replace', 'missing_mail': 'omit', 'missing_site': 'omit',
              'filter_id': 'omit', 'site_listing': 'all',
              # Mail settings, DNS records and spam filters (issue 18). prefs_fields=omit-greylisting is left to the
              # tests that name it: a setting never reported is sent on every run, by design.
              'prefs_fields': 'none-when-off', 'set_prefs_omitted': 'reset', 'mailservice_prefs': 'ignored',
              'dkim_off': 'keep', 'dns_host_format': 'relative', 'dns_duplicate': 'refuse', 'dns_no_zone': 'empty',
              'dns_del_unknown': 'error', 'sf_get_fields': 'empty-when-off', 'sf_pattern_results': 'per-operation',
              'sf_duplicate_pattern': 'refuse', 'sf_score_format': 'decimal', 'sf_rewrite_header': 'subject-prefix',
              'sf_set_omitted': 'reset'},
    'brainycp': {'addforward': 'replace', 'delforward': 'whole', 'items': 'strings', 'forward_arrow': '=>',
                 'delmail_forwards': 'drop',
                 'code_key': 'error', 'message_key': 'mess', 'payload_key': 'detail'},
}
# (test_plesk_domain_playbooks.py is not here: it runs each of its modes by name, alone and together.)
OTHER_READING_TESTS = ('test_plesk_mail_playbooks.py', 'test_plesk_bulk_playbooks.py', 'test_brainy_playbooks.py',
                       'test_brainy_bulk_playbooks.py', 'test_roles_playbooks.py', 'test_brainy_offboarding_playbooks.py',
                       'test_export_playbooks.py')


def stage_integration_quirks(stage):
    return _pytest_stage(stage, [sys.executable, '-m', 'pytest', '-p', 'no:cacheprovider', '-q', '-rs', '-n', '2']
                         + [os.path.join('tests', 'integration', name) for name in OTHER_READING_TESTS],
                         env_extra={'PYTHONPATH': COLLECTIONS, 'HOSTING_MAIL_ARTEFACT': ARTEFACT['path'], 'HOSTING_MAIL_CHECKOUT': ROOT,
                                    'HOSTING_MAIL_SIMULATOR_QUIRKS': json.dumps(OTHER_READING)})


def stage_molecule(stage):
    return _hook(stage, 'extensions/molecule/*/molecule.yml',
                 lambda path: ['molecule', 'test', '-s', os.path.basename(os.path.dirname(path))])


def stage_playbooks(stage):
    return _hook(stage, 'tests/playbooks/*.yml', lambda path: ['ansible-playbook', path])


def stage_other_cores(stage):
    # The stages above run on the pipeline's ansible-core (2.21). The oldest that meta/runtime.yml claims and the
    # one between run in their own virtualenvs (tools/compat.py), which fails a series whose Python is missing.
    status, output = run([sys.executable, os.path.join(ROOT, 'tools', 'compat.py')] + list(OTHER_CORE_SERIES))
    match = re.search(r'^checks: (\d+) passed, (\d+) failed$', output, re.M)
    passed, failed = (int(match.group(1)), int(match.group(2))) if match else (0, 1)
    cores = re.findall(r'^ansible-core (\S+) \(', output, re.M)
    unbuilt = re.findall(r'^  venv +FAILED +[\d.]+ s  (.*)$', output, re.M)
    details = 'ansible-core %s: %d passed, %d failed%s' % (
        ', '.join(cores) or 'none', passed, failed, ''.join('; ' + why for why in unbuilt))
    if status or not match or failed:
        return fail(stage, details, passed=passed, failed=max(failed, 1))
    return succeed(stage, details, passed)


def fail(stage, details, passed=0, failed=1):
    stage.status, stage.details, stage.passed, stage.failed = 'FAILED', details, passed, failed


def succeed(stage, details, passed):
    stage.status, stage.details, stage.passed = 'ok', details, passed


STAGES = [
    Stage('build', False, stage_build),
    Stage('changelog', False, stage_changelog),
    Stage('nox', False, stage_nox),
    Stage('sanity', True, stage_sanity),
    Stage('sanity-checkout', False, stage_sanity_checkout),
    Stage('units', True, stage_units),
    Stage('lint', True, stage_lint),
    Stage('docs', True, stage_docs),
    Stage('docsite', True, stage_docsite),
    Stage('tools', False, stage_tools),
    Stage('import', True, stage_galaxy_import),
    Stage('integration', True, stage_integration),
    Stage('integration-quirks', True, stage_integration_quirks),
    Stage('molecule', True, stage_molecule),
    Stage('playbooks', True, stage_playbooks),
    Stage('other-cores', False, stage_other_cores),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    names = [stage.name for stage in STAGES]
    parser.add_argument('stages', nargs='*', metavar='STAGE', help='stages to run (default: all): ' + ', '.join(names))
    wanted = set(parser.parse_args().stages or names)
    if wanted - set(names):
        parser.error('unknown stage(s): %s' % ', '.join(sorted(wanted - set(names))))
    selected = [stage for stage in STAGES if stage.name in wanted
                or (stage.name == 'build' and any(s.needs_build for s in STAGES if s.name in wanted))]
    started = time.monotonic()
    print('Build tree: %s' % BUILD)
    build_ok = True
    for stage in selected:
        print('\n===== stage: %s =====' % stage.name, flush=True)
        if stage.needs_build and not build_ok:
            stage.status, stage.details = 'skipped', 'the build failed'
            continue
        began = time.monotonic()
        stage.run(stage)
        stage.seconds = time.monotonic() - began
        if stage.name == 'build':
            build_ok = stage.status == 'ok'

    print('\n===== summary (%.0f s) =====' % (time.monotonic() - started))
    for stage in selected:
        print('%-18s %-8s %6.1f s  %s' % (stage.name, stage.status, stage.seconds, stage.details))
    failed = [stage for stage in selected if stage.status == 'FAILED']
    if os.environ.get('KEEP_BUILD'):
        print('Build tree kept: %s' % BUILD)
    else:
        shutil.rmtree(BUILD, ignore_errors=True)
    # One plain closing line: unit tests, sanity tests, scenarios and single checks, added up.
    print('checks: %d passed, %d failed' % (sum(s.passed for s in selected), sum(s.failed for s in selected)))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
