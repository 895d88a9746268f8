# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""`make docs` / `make docs-check`: the collection's HTML docs site, guides included.

The guides are Markdown (docs/*.md, what GitHub and README show); antsibull-docs takes extra docs only as RST
under docs/docsite/rst/. So:

    python tools/docsite.py convert          # docs/*.md -> docs/docsite/rst/*.rst (pandoc from pypandoc-binary)
    python tools/docsite.py convert --check  # fail when the checked-in RST is not a fresh conversion
    python tools/docsite.py build            # convert, then artefact -> install -> antsibull-docs -> sphinx-build -W
    python tools/docsite.py check            # headless Chromium reads the built pages as a reader would

The build writes .build/docs/html (index.html is the collection's page); warnings fail it. The check writes
DOM dumps and screenshots to .build/docs/. The test pipeline calls pipeline_stage().
Needs tests/requirements/docs.txt (`make docs` installs it).
"""

import argparse
import glob
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GUIDES = os.path.join(ROOT, 'docs')
RST_DIR = os.path.join(ROOT, 'docs', 'docsite', 'rst')
OUT = os.path.join(ROOT, '.build', 'docs')
HTML = os.path.join(OUT, 'html')
COLLECTION = 'hosting.mail'
LABEL_PREFIX = 'ansible_collections.%s.docsite.' % COLLECTION
# Where the guides' links to repository files (not guides) point in the docs site: the Markdown's own view.
BRANCH = 'main'
REQUIREMENTS = os.path.join('tests', 'requirements', 'docs.txt')

# Labels of the Ansible docs that antsibull-docs' generated pages link to. The build is offline, so Sphinx gets a
# local inventory of just these (same target URLs as docs.ansible.com's); an unknown one still fails the build.
ANSIBLE_DOCS = 'https://docs.ansible.com/projects/ansible/devel/'
ANSIBLE_LABELS = {
    'action_plugins': ('plugins/action.html#action-plugins', 'Action plugins'),
    'common_return_values': ('reference_appendices/common_return_values.html#common-return-values', 'Return Values'),
    'ansible_configuration_settings': ('reference_appendices/config.html#ansible-configuration-settings',
                                       'Ansible Configuration Settings'),
}

# What `check` must find rendered: option rows of the plesk_mail page, and the guides in the navigation.
CHECK_OPTIONS = ('plesk_url', 'plesk_username', 'plesk_password', 'name', 'password', 'quota', 'aliases', 'state')
INSTALL_CHROMIUM = 'apt-get install -y chromium   (Debian/Ubuntu; then run `make docs-check` again)'


class DocsiteError(Exception):
    """A failure with a message for the person running the tool."""


def _repository():
    with open(os.path.join(ROOT, 'galaxy.yml'), encoding='utf-8') as handle:
        match = re.search(r'^repository:\s*(\S+)\s*$', handle.read(), re.M)
    return match.group(1).rstrip('/')


# ---------------------------------------------------------------------------------------------------------------
# Markdown -> RST


def _guide_stems():
    return sorted(os.path.splitext(os.path.basename(path))[0] for path in glob.glob(os.path.join(GUIDES, '*.md')))


def page_label(stem):
    return LABEL_PREFIX + stem.replace('-', '_')


def _section_label(stem, anchor):
    return '%s.%s' % (page_label(stem), anchor)


def _pandoc():
    try:
        import pypandoc  # pylint: disable=import-outside-toplevel
    except ImportError as error:
        raise DocsiteError('pypandoc is missing: run `make docs`, or `.venv/bin/python -m pip install -r %s '
                           '-c tests/requirements/constraints.txt`' % REQUIREMENTS) from error
    return pypandoc


def _to_ast(pypandoc, markdown):
    # Raw HTML off: the guides write things like `<user>` in prose, which must stay text, not vanish.
    return json.loads(pypandoc.convert_text(markdown, 'json', format='gfm-raw_html'))


def _walk(node, visit):
    """Call visit(list, index) for every AST element (a dict with 't') in every list, depth first."""
    if isinstance(node, list):
        for index, item in enumerate(node):
            if isinstance(item, dict) and 't' in item:
                visit(node, index)
            _walk(node[index], visit)  # visit may have replaced the item
    elif isinstance(node, dict):
        for value in node.values():
            _walk(value, visit)


def _plain(inlines):
    """The text of some inlines (a :ref: title cannot hold markup)."""
    parts = []

    def visit(container, index):
        item = container[index]
        if item['t'] in ('Str', 'Code', 'Math', 'RawInline'):
            parts.append(item['c'] if item['t'] == 'Str' else item['c'][-1])
        elif item['t'] in ('Space', 'SoftBreak', 'LineBreak'):
            parts.append(' ')
    _walk(inlines, visit)
    return ''.join(parts)


def _flatten_code_in_emphasis(container, index):
    # RST cannot nest inline markup: **`name`** would show its backticks. Bold (or italic) plain text reads right.
    item = container[index]
    if item['t'] not in ('Strong', 'Emph'):
        return

    def plain_code(inner, position):
        if inner[position]['t'] == 'Code':
            inner[position] = {'t': 'Str', 'c': inner[position]['c'][1]}
    _walk(item['c'], plain_code)


def _ref(title, label):
    if title is None:
        return {'t': 'RawInline', 'c': ['rst', ':ref:`%s`' % label]}
    title = title.replace('\\', '\\\\').replace('`', '\\`').replace('<', '\\<')
    return {'t': 'RawInline', 'c': ['rst', ':ref:`%s <%s>`' % (title, label)]}


# The markers tests/integration/test_docs_commands.py reads (<!-- docs-test: ... -->) are for the test, not readers;
# with raw HTML off, pandoc would show them as text.
_DOCS_TEST_MARKER = re.compile(r'^[ \t]*<!-- docs-test:.*?-->[ \t]*\n', re.M | re.S)


def convert_all():
    """Return {rst file name: RST text} for every guide, or raise DocsiteError on a broken internal link."""
    pypandoc = _pandoc()
    repository = _repository()
    stems = _guide_stems()
    asts, anchors = {}, {}
    for stem in stems:
        with open(os.path.join(GUIDES, stem + '.md'), encoding='utf-8') as handle:
            asts[stem] = _to_ast(pypandoc, _DOCS_TEST_MARKER.sub('', handle.read()))
        found = anchors[stem] = []
        _walk(asts[stem]['blocks'], lambda c, i, found=found: c[i]['t'] == 'Header' and found.append(c[i]['c'][1][0]))

    for stem in stems:
        _walk(asts[stem]['blocks'], _flatten_code_in_emphasis)

    targets = set()
    problems = []
    for stem in stems:
        def visit(container, index, stem=stem):
            item = container[index]
            if item['t'] not in ('Link', 'Image'):
                return
            url = item['c'][2][0]
            if re.match(r'^[a-z][a-z0-9+.-]*:', url, re.I):
                return  # https:, mailto:, ...: as written
            path, _sep, anchor = url.partition('#')
            target = posixpath.normpath(posixpath.join('docs', path)) if path else 'docs/%s.md' % stem
            guide = re.match(r'^docs/([^/]+)\.md$', target)
            if item['t'] == 'Link' and guide and guide.group(1) in anchors:
                other = guide.group(1)
                if anchor and anchor not in anchors[other]:
                    problems.append('docs/%s.md: link %s: no heading with that anchor in docs/%s.md'
                                    % (stem, url, other))
                    return
                targets.add((other, anchor))
                # A link to a guide's title is a link to the guide.
                label = _section_label(other, anchor) if anchor and anchor != anchors[other][0] else page_label(other)
                text = _plain(item['c'][1])
                # A link written as its file name ("see connection.md") reads as the guide's (or section's) title.
                if text in ('', url, path, target, posixpath.basename(path)):
                    text = None
                container[index] = _ref(text, label)
            else:
                # Any other file of the checkout: the docs site does not carry it, the repository does.
                kind = 'raw' if item['t'] == 'Image' else 'blob'
                item['c'][2][0] = '%s/%s/%s/%s%s' % (repository, kind, BRANCH, target, '#' + anchor if anchor else '')
        _walk(asts[stem]['blocks'], visit)
    if problems:
        raise DocsiteError('broken links between the guides:\n  ' + '\n  '.join(problems))

    result = {}
    for stem in stems:
        # Sphinx cannot link to an implicit section target of another page: the first heading (the title) and
        # every heading a link points to get a label, which pandoc writes from the id; the other ids are dropped,
        # or pandoc would write labels that antsibull-docs rejects (no collection prefix).
        headers = []
        _walk(asts[stem]['blocks'], lambda c, i, found=headers: c[i]['t'] == 'Header' and found.append(c[i]))
        for number, header in enumerate(headers):
            anchor = header['c'][1][0]
            header['c'][1][0] = (page_label(stem) if number == 0 else
                                 _section_label(stem, anchor) if (stem, anchor) in targets else '')
        body = pypandoc.convert_text(json.dumps(asts[stem]), 'rst', format='json',
                                     extra_args=['--wrap=preserve', '--columns=120'])
        header = ('..\n'
                  '  Generated from docs/{stem}.md by tools/docsite.py: edit the Markdown, then run\n'
                  '  `python tools/docsite.py convert` (`make docs` does). `make test` fails while they differ.\n\n'
                  ).format(stem=stem)
        result[stem + '.rst'] = header + body.replace('\r\n', '\n').rstrip('\n') + '\n'
    return result


def convert(check_only=False):
    """Write (or with check_only, compare) docs/docsite/rst/*.rst; return a list of problems (empty: in step)."""
    fresh = convert_all()
    existing = {os.path.basename(path) for path in glob.glob(os.path.join(RST_DIR, '*.rst'))}
    problems = []
    for name, text in sorted(fresh.items()):
        path = os.path.join(RST_DIR, name)
        current = None
        if os.path.exists(path):
            with open(path, encoding='utf-8') as handle:
                current = handle.read()
        if current == text:
            continue
        if check_only:
            problems.append('docs/docsite/rst/%s %s docs/%s.md' % (
                name, 'is missing for' if current is None else 'is not a fresh conversion of', name[:-4]))
        else:
            os.makedirs(RST_DIR, exist_ok=True)
            with open(path, 'w', encoding='utf-8') as handle:
                handle.write(text)
    for name in sorted(existing - set(fresh)):
        if check_only:
            problems.append('docs/docsite/rst/%s has no docs/%s.md any more' % (name, name[:-4]))
        else:
            os.remove(os.path.join(RST_DIR, name))
    return problems


# ---------------------------------------------------------------------------------------------------------------
# Build


def _run(command, cwd=ROOT, env=None):
    print('$ ' + ' '.join(command), flush=True)
    process = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                             check=False)
    print(process.stdout, end='', flush=True)
    return process.returncode, process.stdout


def _tool(name):
    # The virtualenv's tools, also when the venv is not activated (the Makefile calls .venv/bin/python).
    candidate = os.path.join(os.path.dirname(sys.executable), name)
    return candidate if os.path.exists(candidate) else name


def _write_inventory(path):
    """A Sphinx objects.inv (version 2) naming the Ansible docs labels in ANSIBLE_LABELS."""
    lines = ''.join('%s std:label -1 %s %s\n' % (label, uri, title)
                    for label, (uri, title) in sorted(ANSIBLE_LABELS.items()))
    with open(path, 'wb') as handle:
        handle.write(b'# Sphinx inventory version 2\n# Project: Ansible\n# Version: devel\n'
                     b'# The remainder of this file is compressed using zlib.\n')
        handle.write(zlib.compress(lines.encode('utf-8')))


def _listed_guides():
    import yaml  # pylint: disable=import-outside-toplevel

    with open(os.path.join(ROOT, 'docs', 'docsite', 'extra-docs.yml'), encoding='utf-8') as handle:
        index = yaml.safe_load(handle) or {}
    return {entry for section in index.get('sections') or [] for entry in section.get('toctree') or []
            if isinstance(entry, str)}


def _install_collection(collections):
    """Build the artefact from this checkout and install it: the site shows what users would install."""
    dist = tempfile.mkdtemp(prefix='hosting.mail-docs-dist-')
    try:
        status, output = _run([_tool('ansible-galaxy'), 'collection', 'build', '--force', '--output-path', dist])
        if status:
            raise DocsiteError('ansible-galaxy collection build failed')
        artefact = glob.glob(os.path.join(dist, 'hosting-mail-*.tar.gz'))[0]
        status, output = _run([_tool('ansible-galaxy'), 'collection', 'install', '--force', '-p', collections,
                               artefact])
        if status:
            raise DocsiteError('installing the artefact failed')
    finally:
        shutil.rmtree(dist, ignore_errors=True)
    del output


def build(collections=None):
    """Build .build/docs/html; return a one-line summary, or raise DocsiteError."""
    if os.path.isdir(HTML):
        shutil.rmtree(HTML)  # a failed build leaves no site for `check` to pass on
    problems = convert(check_only=True)
    if problems:
        raise DocsiteError('the RST guides are out of step with the Markdown (run `python tools/docsite.py convert`):'
                           '\n  ' + '\n  '.join(problems))
    listed = _listed_guides()
    unlisted = [stem for stem in _guide_stems() if stem not in listed]
    if unlisted:
        raise DocsiteError('docs/docsite/extra-docs.yml does not list %s: add each guide to a section\'s toctree'
                           % ', '.join('docs/%s.md' % stem for stem in unlisted))
    started = time.monotonic()
    work = tempfile.mkdtemp(prefix='hosting.mail-docs-')
    try:
        if collections is None:
            collections = os.path.join(work, 'collections')
            _install_collection(collections)
        env = dict(os.environ)
        env['PATH'] = os.path.dirname(sys.executable) + os.pathsep + env.get('PATH', '')
        env['ANSIBLE_COLLECTIONS_PATH'] = collections
        env.setdefault('ANSIBLE_NOCOLOR', '1')
        src = os.path.join(work, 'src')
        rst = os.path.join(src, 'rst')
        os.makedirs(rst)
        inventory = os.path.join(src, 'ansible_devel.inv')
        _write_inventory(inventory)
        # The Sphinx configuration antsibull-docs recommends, with the intersphinx sources replaced by the local
        # inventory: the build must not need the network, and a missing inventory is a warning, so a failure.
        status, output = _run([_tool('antsibull-docs'), 'sphinx-init', '--use-current', '--squash-hierarchy',
                               '--fail-on-error', '--dest-dir', src, '--project', COLLECTION,
                               '--copyright', 'hosting.mail contributors', '--title', '%s documentation' % COLLECTION,
                               COLLECTION], cwd=work, env=env)
        if status:
            raise DocsiteError('antsibull-docs sphinx-init failed')
        with open(os.path.join(src, 'conf.py'), 'a', encoding='utf-8') as handle:
            handle.write('\n# tools/docsite.py: offline build\nintersphinx_mapping = {%r: (%r, %r)}\n'
                         % ('ansible_devel', ANSIBLE_DOCS, inventory))
        os.chmod(rst, 0o755)  # antsibull-docs refuses a destination others may write to
        status, output = _run([_tool('antsibull-docs'), '--config-file', os.path.join(src, 'antsibull-docs.cfg'),
                               'collection', '--cleanup', 'everything', '--fail-on-error', '--use-current',
                               '--squash-hierarchy', '--dest-dir', rst, COLLECTION], cwd=src, env=env)
        if status:
            raise DocsiteError('antsibull-docs collection failed')
        guides = sorted(glob.glob(os.path.join(rst, 'docsite', '*.rst')))
        if len(guides) != len(_guide_stems()):
            raise DocsiteError('antsibull-docs took %d of the %d guides into the site (labels? extra-docs.yml?)'
                               % (len(guides), len(_guide_stems())))
        # Built beside, moved in only when clean.
        html = os.path.join(work, 'html')
        status, output = _run([_tool('sphinx-build'), '-b', 'html', '-W', '--keep-going', '-n', '-q',
                               '-d', os.path.join(work, 'doctrees'), '-c', src, rst, html], cwd=src, env=env)
        warnings = [line for line in output.splitlines() if 'WARNING' in line or 'ERROR' in line]
        if status or warnings:
            raise DocsiteError('sphinx-build: exit %d, %d warnings/errors (warnings fail the build)'
                               % (status, len(warnings)))
        os.makedirs(OUT, exist_ok=True)
        shutil.move(html, HTML)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    pages = len(glob.glob(os.path.join(HTML, '**', '*.html'), recursive=True))
    return ('%s: %d pages (%d guides) built without warnings in %.0f s'
            % (os.path.relpath(HTML, ROOT), pages, len(guides), time.monotonic() - started))


# ---------------------------------------------------------------------------------------------------------------
# Check: the built site as a reader's browser shows it


def _chromium():
    for name in ('chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'):
        path = shutil.which(name)
        if path:
            return path
    raise DocsiteError('no Chromium to look at the site with; install it: ' + INSTALL_CHROMIUM)


def _browse(browser, page, name):
    """Let headless Chromium load a page: its rendered DOM (scripts run) and a screenshot under .build/docs/."""
    url = 'file://' + page
    common = [browser, '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--hide-scrollbars',
              '--virtual-time-budget=3000', '--window-size=1280,1600']
    profile = tempfile.mkdtemp(prefix='hosting.mail-chromium-')
    try:
        common.append('--user-data-dir=' + profile)
        dom = subprocess.run(common + ['--dump-dom', url], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             timeout=120, check=False)
        if dom.returncode or '<html' not in dom.stdout:
            raise DocsiteError('Chromium could not load %s (exit %d): %s' % (url, dom.returncode, dom.stderr[-500:]))
        screenshot = os.path.join(OUT, name + '.png')
        shot = subprocess.run(common + ['--screenshot=' + screenshot, url], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, timeout=120, check=False)
        if shot.returncode or not os.path.exists(screenshot):
            raise DocsiteError('Chromium took no screenshot of %s: %s' % (url, shot.stderr[-500:]))
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    with open(os.path.join(OUT, name + '.dom.html'), 'w', encoding='utf-8') as handle:
        handle.write(dom.stdout)
    return dom.stdout, screenshot


def _table_option_names(dom):
    """Option names in the rows of the page's Parameters table, as antsibull-docs marks them up."""
    match = re.search(r'<section id="parameters">.*?(<table\b.*?</table>)', dom, re.S)
    if not match:
        return set()
    names = set()
    for row in re.findall(r'<tr\b.*?</tr>', match.group(1), re.S):
        names.update(re.findall(r'<p class="ansible-option-title"[^>]*>(?:<span[^>]*></span>)*<strong>([A-Za-z0-9_]+)</strong>', row))
    return names


def _navigation_titles(dom):
    """Link texts of the page's navigation sidebar (the theme's wy-menu)."""
    match = re.search(r'<div[^>]*class="[^"]*wy-menu[^"]*"[^>]*>(.*?)</nav>', dom, re.S)
    if not match:
        return []
    return [re.sub(r'<[^>]+>', '', text).strip() for text in re.findall(r'<a\b[^>]*>(.*?)</a>', match.group(1), re.S)]


def _guide_titles():
    titles = {}
    for stem in _guide_stems():
        with open(os.path.join(GUIDES, stem + '.md'), encoding='utf-8') as handle:
            match = re.search(r'^# (.+)$', handle.read(), re.M)
        titles[stem] = match.group(1).strip() if match else stem
    return titles


def check():
    """Look at the built site in headless Chromium; return a list of findings, or raise DocsiteError."""
    module_page = os.path.join(HTML, 'plesk_mail_module.html')
    guide_page = os.path.join(HTML, 'docsite', 'getting-started.html')
    for page in (module_page, guide_page):
        if not os.path.exists(page):
            raise DocsiteError('%s is missing: run `make docs` first' % os.path.relpath(page, ROOT))
    browser = _chromium()
    version = subprocess.run([browser, '--version'], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                             check=False).stdout.strip()
    problems, findings = [], ['browser: %s' % version]

    dom, shot = _browse(browser, module_page, 'plesk_mail_module')
    options = _table_option_names(dom)
    missing = [name for name in CHECK_OPTIONS if name not in options]
    if missing:
        problems.append('plesk_mail page: no option table row for %s (rows seen: %d)'
                        % (', '.join(missing), len(options)))
    findings.append('plesk_mail page: %d option rows in its Parameters table, %d of the %d looked for; screenshot %s'
                    % (len(options), len(CHECK_OPTIONS) - len(missing), len(CHECK_OPTIONS), os.path.relpath(shot, ROOT)))

    titles = _guide_titles()
    dom, shot = _browse(browser, guide_page, 'guide_getting_started')
    navigation = _navigation_titles(dom)
    absent = [title for title in titles.values() if title not in navigation]
    if absent:
        problems.append('getting-started page: navigation lacks the guides %s' % ', '.join(absent))
    if 'What you need' not in dom or '<pre' not in dom:
        problems.append('getting-started page: its body (headings, code blocks) did not render')
    findings.append('getting-started page: navigation lists %d of %d guides; screenshot %s'
                    % (len(titles) - len(absent), len(titles), os.path.relpath(shot, ROOT)))
    if problems:
        raise DocsiteError('\n'.join(problems + findings))
    return findings


# ---------------------------------------------------------------------------------------------------------------
# Entry points


def pipeline_stage(run, collections=None):
    """For tools/test_pipeline.py: the guides' RST is in step and the site builds without warnings.

    run is the pipeline's run(command) -> (status, output); collections an installed collections tree
    (ansible_collections/hosting/mail in it) to document, or None to build and install one. Returns (ok, details).
    """
    status, output = run([sys.executable, '-c', 'import pypandoc, sphinx_ansible_theme'])
    if status:
        status, output = run([sys.executable, '-m', 'pip', 'install', '--quiet', '--disable-pip-version-check',
                              '-r', os.path.join(ROOT, REQUIREMENTS),
                              '-c', os.path.join(ROOT, 'tests', 'requirements', 'constraints.txt')])
        if status:
            return False, 'could not install %s' % REQUIREMENTS
    del output
    try:
        return True, build(collections)
    except DocsiteError as error:
        return False, str(error).splitlines()[0]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest='command', required=True)
    converting = commands.add_parser('convert', help='docs/*.md -> docs/docsite/rst/*.rst')
    converting.add_argument('--check', action='store_true', help='only report RST that differs from a fresh conversion')
    commands.add_parser('build', help='build .build/docs/html (warnings fail)')
    commands.add_parser('check', help='look at the built site in headless Chromium')
    args = parser.parse_args(argv)
    try:
        if args.command == 'convert':
            problems = convert(check_only=args.check)
            if problems:
                print('The RST guides are out of step with the Markdown; run `python tools/docsite.py convert`:')
                print('\n'.join('  ' + problem for problem in problems))
                return 1
            print('docs/docsite/rst: %d guides %s' % (len(_guide_stems()), 'in step' if args.check else 'converted'))
        elif args.command == 'build':
            convert()
            print(build())
        else:
            print('\n'.join(check()))
    except DocsiteError as error:
        print('ERROR: %s' % error, file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
