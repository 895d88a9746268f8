# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""`make compat`: the tests on every ansible-core series the collection claims, from the oldest to the pipeline's.

Each ansible-core series has its own virtualenv, .cache/compat-<series>/, built with the Python that series
runs on here (PYTHON_OF_SERIES, found by tools/find_python.py on PATH or under pyenv) from the full pin set in
tests/requirements/compat-<series>.txt (and rebuilt when that file changes). This script then runs itself
again with that virtualenv's Python (--inside), where it reuses the stages of tools/test_pipeline.py: the
artefact is built and installed with that ansible-core, and ansible-test sanity and units (and, on the oldest,
the integration tests) run on the installed tree. A series whose Python this machine lacks FAILS, saying which
Python to install: a claim is not tested by skipping it. The closing lines sum up every series and stage; the
exit status is non-zero if anything failed.

    python3 tools/compat.py                    # every series
    python3 tools/compat.py 2.19               # just this one
    python3 tools/compat.py 2.20=units         # just these stages of it (make test does this)
"""

import argparse
import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

from find_python import find_python  # tools/ is sys.path[0]

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REQUIREMENTS = os.path.join(ROOT, 'tests', 'requirements')

# Stages of tools/test_pipeline.py to run per ansible-core series, oldest first.
SERIES = {
    # The oldest that meta/runtime.yml claims: everything, so "the modules work" holds there too.
    '2.19': ('build', 'sanity', 'units', 'integration'),
    # Between the two: its sanity checks and units.
    '2.20': ('build', 'sanity', 'units'),
    # The pipeline's own (.venv pins the same ansible-core): make test already runs its integration tests.
    '2.21': ('build', 'sanity', 'units'),
}
# The Python each series runs on: the oldest it accepts (for 2.19, 3.11: what Debian 12 and many hosts still have).
PYTHON_OF_SERIES = {'2.19': '3.11', '2.20': '3.12', '2.21': '3.12'}


class Result:
    """What one stage of one series reported (the fields of test_pipeline.Stage, as JSON carries them)."""

    def __init__(self, name, status='not run', details='', passed=0, failed=0, seconds=0.0):
        self.name = name
        self.status = status
        self.details = details
        self.passed = passed
        self.failed = failed
        self.seconds = seconds


def requirements_file(series):
    return os.path.join(REQUIREMENTS, 'compat-%s.txt' % series)


def venv_dir(series):
    return os.path.join(ROOT, '.cache', 'compat-%s' % series)


def pinned_version(path, package):
    """The version ``path`` pins ``package`` to (``package==X``), or None (also when there is no such file)."""
    if not os.path.exists(path):
        return None
    with open(path, encoding='utf-8') as handle:
        match = re.search(r'^%s==(\S+)' % re.escape(package), handle.read(), re.M | re.I)
    return match.group(1) if match else None


def check_claims(series_names):
    """The series must span the claimed oldest to the pipeline's, with no gap: a bump elsewhere should fail here."""
    result = Result('claims')
    with open(os.path.join(ROOT, 'meta', 'runtime.yml'), encoding='utf-8') as handle:
        match = re.search(r'''^requires_ansible:\s*["']?>=\s*(\d+\.\d+)''', handle.read(), re.M)
    oldest_claimed = match.group(1) if match else None
    pipeline_pinned = series_of(pinned_version(os.path.join(REQUIREMENTS, 'dev.txt'), 'ansible-core'))
    oldest, newest = min(SERIES, key=version_key), max(SERIES, key=version_key)
    problems = []
    if oldest_claimed != oldest:
        problems.append('meta/runtime.yml claims ansible-core >=%s, the oldest here is %s' % (oldest_claimed, oldest))
    if pipeline_pinned != newest:
        problems.append('tests/requirements/dev.txt pins ansible-core %s, the newest here is %s' % (pipeline_pinned, newest))
    major, minor = version_key(oldest)
    missing = ['%d.%d' % (major, number) for number in range(minor, version_key(newest)[1])
               if '%d.%d' % (major, number) not in SERIES]
    if missing:
        problems.append('no series for ansible-core %s, between the oldest claimed and the pipeline\'s' % ', '.join(missing))
    for series in series_names:
        if series_of(pinned_version(requirements_file(series), 'ansible-core')) != series:
            problems.append('%s pins no ansible-core %s.x' % (os.path.relpath(requirements_file(series), ROOT), series))
    if problems:
        result.status, result.details, result.failed = 'FAILED', '; '.join(problems), 1
    else:
        result.status, result.passed = 'ok', 1
        result.details = 'every series from the oldest claimed (%s) to the pipeline\'s (%s) is here' % (
            oldest_claimed, pipeline_pinned)
    return result


def series_of(version):
    """'2.16' for '2.16.19'; None for None."""
    return '.'.join(version.split('.')[:2]) if version else None


def version_key(series):
    return tuple(int(part) for part in series.split('.'))


def missing_python(series):
    version = PYTHON_OF_SERIES[series]
    return ('ansible-core %s runs on Python %s, which is not here (not on PATH as python%s, nor under pyenv): '
            'install it (pyenv install %s)' % (series, version, version, version))


def create_venv_command(interpreter, venv):
    """virtualenv where the running Python has it (the pipeline's .venv: nox brings it), else the venv module.

    virtualenv copies a cached pip into the new environment in about a second; `python -m venv` runs ensurepip, 3 to 6
    seconds on the CI machine, for each series. `make compat` from a bare python3 takes the venv module.
    """
    if importlib.util.find_spec('virtualenv') is not None:
        return [sys.executable, '-m', 'virtualenv', '--quiet', '--python', interpreter, venv]
    return [interpreter, '-m', 'venv', venv]


def ensure_venv(series):
    """Build .cache/compat-<series>/ from its pin file unless it is built from this very file already."""
    began = time.monotonic()
    result = _ensure_venv(series)
    result.seconds = time.monotonic() - began
    return result


def _ensure_venv(series):
    result = Result('venv')
    requirements = requirements_file(series)
    venv = venv_dir(series)
    python = os.path.join(venv, 'bin', 'python')
    with open(requirements, 'rb') as handle:
        stamp = os.path.join(venv, '.installed-' + hashlib.sha256(handle.read()).hexdigest()[:16])
    if os.path.exists(stamp):
        result.details = 'reused %s' % os.path.relpath(venv, ROOT)
    else:
        interpreter = find_python(PYTHON_OF_SERIES[series])
        if interpreter is None:
            # Not something pip can install, but a skip would let a run pass that never tried this ansible-core.
            result.status, result.failed = 'FAILED', 1
            result.details = missing_python(series)
            return result
        print('Building %s from %s' % (os.path.relpath(venv, ROOT), os.path.relpath(requirements, ROOT)), flush=True)
        shutil.rmtree(venv, ignore_errors=True)
        for command in (create_venv_command(interpreter, venv),
                        [python, '-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', requirements]):
            if subprocess.run(command, cwd=ROOT, check=False).returncode:
                result.status, result.failed = 'FAILED', 1
                result.details = 'could not build %s (%s failed)' % (os.path.relpath(venv, ROOT), ' '.join(command[1:4]))
                return result
        with open(stamp, 'w', encoding='utf-8') as handle:
            handle.write(os.path.relpath(requirements, ROOT) + '\n')
        result.details = 'built %s' % os.path.relpath(venv, ROOT)
    # Every time, not only after a build: the cache lives in ~/.ansible and may have been cleared since.
    if subprocess.run([python, os.path.join(ROOT, 'tools', 'seed_ansible_test_cache.py')], cwd=ROOT,
                      check=False).returncode:
        result.status, result.failed, result.details = 'FAILED', 1, 'seeding the ansible-test pip bootstrap failed'
        return result
    result.status, result.passed = 'ok', 1
    return result


def run_series(series, stage_names):
    """The stages of one series: the virtualenv here, the rest in a child process on that virtualenv."""
    results = [ensure_venv(series)]
    if results[0].status != 'ok':
        return results + [Result(name, 'skipped', 'no virtualenv') for name in stage_names]
    handle, report = tempfile.mkstemp(prefix='hosting.mail-compat-', suffix='.json')
    os.close(handle)
    try:
        # The child must find that virtualenv's tools, not those of whatever venv started make.
        env = {key: value for key, value in os.environ.items()
               if key not in ('VIRTUAL_ENV', 'PYTHONPATH', 'PYTHONHOME')}
        env['HOSTING_MAIL_COMPAT_LEG'] = series
        command = [os.path.join(venv_dir(series), 'bin', 'python'), os.path.abspath(__file__), '--inside',
                   '--report', report] + list(stage_names)
        status = subprocess.run(command, cwd=ROOT, env=env, check=False).returncode
        with open(report, encoding='utf-8') as handle:
            text = handle.read()
        reported = [Result(**fields) for fields in json.loads(text)] if text else []
    finally:
        os.remove(report)
    if not reported:
        reported = [Result('stages', 'FAILED', 'the run in the virtualenv died (exit %d) before it reported' % status,
                           failed=1)]
    return results + reported


def run_inside(stage_names, report):
    """In the series' virtualenv: the named stages of tools/test_pipeline.py, results to ``report`` as JSON."""
    import ansible  # pylint: disable=import-outside-toplevel
    import test_pipeline as pipeline  # pylint: disable=import-outside-toplevel  # tools/ is sys.path[0]

    by_name = {stage.name: stage for stage in pipeline.STAGES}
    stages = [by_name[name] for name in stage_names]
    build_ok = True
    for stage in stages:
        print('\n===== ansible-core %s, stage: %s =====' % (ansible.__version__, stage.name), flush=True)
        if stage.needs_build and not build_ok:
            stage.status, stage.details = 'skipped', 'the build failed'
            continue
        began = time.monotonic()
        stage.run(stage)
        stage.seconds = time.monotonic() - began
        if stage.name == 'build':
            build_ok = stage.status == 'ok'
    if os.environ.get('KEEP_BUILD'):
        print('Build tree kept: %s' % pipeline.BUILD)
    else:
        shutil.rmtree(pipeline.BUILD, ignore_errors=True)
    with open(report, 'w', encoding='utf-8') as handle:
        json.dump([dict(name=stage.name, status=stage.status, details=stage.details, passed=stage.passed,
                        failed=stage.failed, seconds=stage.seconds) for stage in stages], handle)
    return 1 if any(stage.status == 'FAILED' for stage in stages) else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('series', nargs='*', metavar='SERIES[=STAGE,...]',
                        help='ansible-core series to test (default: all): %s; with =sanity,units (say) only those '
                             'stages of it' % ', '.join(SERIES))
    parser.add_argument('--inside', action='store_true', help=argparse.SUPPRESS)
    parser.add_argument('--report', help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.inside:
        return run_inside(arguments.series, arguments.report)
    stages_of = {}
    for spec in arguments.series or list(SERIES):
        series, names = spec.partition('=')[::2]  # (before, after) the '='
        if series not in SERIES:
            parser.error('unknown series: %s' % series)
        # The build always comes first: the other stages run on the installed artefact.
        stages_of[series] = ('build',) + tuple(name for name in names.split(',') if name and name != 'build') \
            if names else SERIES[series]
    wanted = list(stages_of)

    started = time.monotonic()
    claims = check_claims(wanted)
    outcomes = []
    for series in sorted(wanted, key=version_key):
        core = pinned_version(requirements_file(series), 'ansible-core')
        print('\n########## ansible-core %s (%s) ##########' % (core, os.path.relpath(requirements_file(series), ROOT)),
              flush=True)
        began = time.monotonic()
        results = run_series(series, stages_of[series])
        outcomes.append((core, time.monotonic() - began, results))

    print('\n===== compat summary (%.0f s) =====' % (time.monotonic() - started))
    print('%-12s %-8s %s' % (claims.name, claims.status, claims.details))
    everything = [claims]
    for core, seconds, results in outcomes:
        print('ansible-core %s (%.0f s)' % (core, seconds))
        for result in results:
            print('  %-12s %-8s %6.1f s  %s' % (result.name, result.status, result.seconds, result.details))
        everything += results
    print('checks: %d passed, %d failed' % (sum(r.passed for r in everything), sum(r.failed for r in everything)))
    return 1 if any(result.status == 'FAILED' for result in everything) else 0


if __name__ == '__main__':
    sys.exit(main())
