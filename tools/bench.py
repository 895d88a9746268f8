# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""`make bench`: how fast and how lean converging many mail accounts is, against the bundled simulators.

For 10, 100 and 1,000 accounts on one site (one BrainyCP hosting user), it times whole ansible-playbook
runs, cold (empty panel) and converged (nothing to change), for the bulk modules and for a per-item loop
of the single-account modules (the loop stops at 100), counts the HTTP requests the simulator received,
and measures the peak memory of the module process. For a whole Plesk panel of 10, 100 and 1,000 domains of
10 accounts each, it times the mail_provisioning role, and one plesk_mail_accounts task per domain (to 100). Every figure is the median of REPEAT runs made in
this same run. It writes docs/benchmarks.md and docs/benchmarks.png.
"""

import json
import os
import shutil
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPEAT = int(os.environ.get('BENCH_REPEAT', '3'))
SIZES = (10, 100, 1000)
LOOP_SIZES = (10, 100)
# A whole panel: this many domains of ACCOUNTS_PER_DOMAIN accounts each, through the mail_provisioning role (one task,
# chunks of 500 domains) and, for comparison, through one plesk_mail_accounts task per domain (as the role did before).
PANEL_SIZES = (10, 100, 1000)
DOMAIN_LOOP_SIZES = (10, 100)
ACCOUNTS_PER_DOMAIN = 10
# BrainyCP: this many hosting users, each with one domain of BRAINY_MAILBOXES_PER_USER mailboxes and one forward,
# through the mail_provisioning role.
BRAINY_USERS = 200
BRAINY_MAILBOXES_PER_USER = 5
PLESK_PASSWORD = 'bench-Secret-1'
BRAINY_PASSWORD = 'bench-Brainy-1'
PLESK_SEED = {'admin': {'login': 'admin', 'password': PLESK_PASSWORD},
              'webspaces': [{'id': 1, 'name': 'example.com', 'mail': [], 'sites': []}]}
BRAINY_SEED = {'api_accounts': [{'login': 'admin', 'password': BRAINY_PASSWORD, 'full_api': True}],
               'users': [{'login': 'webmaster', 'domains': [{'name': 'example.com', 'spf': False, 'dkim': False}],
                          'mailboxes': [], 'forwards': []}]}
NOTES = ('Notes: the per-item loop converged and cold cost the same per account because both are dominated by '
         "Ansible's per-task overhead (about 0.3 s here). The single-task figure has little margin, and moves by a few "
         'hundredths between runs: a module start imports `requests` (about 45 ms, measured with `python -X importtime`) '
         "and compiles the collection's module_utils from the AnsiballZ zip (about 17 ms), most of the difference to "
         '`ansible.builtin.ping`; the two requests cost under 10 ms. Through the role, most of the time beyond the module '
         "is ansible-core's own: it templates every value of `mail_provisioning_domains` when it checks the role's "
         "arguments and again when the plan reads them (about 1.4 s each for 10,000 accounts), and hands each chunk's "
         "accounts to the module and its result back (about 1.3 s for a chunk of 5,000 accounts, beyond the module's "
         '1.2 s).')
TARGETS = [
    'Plesk, 1,000 accounts: cold <= 5 s; converged <= 3 s with at most 2 requests and no write',
    'BrainyCP, 1,000 mailboxes: cold <= 10 s; converged <= 3 s with one listing request',
    'Bulk path at least 40 times faster per account than the per-item loop',
    'A single-account task that changes nothing costs at most 1.5 times an ansible.builtin.ping task',
    'Module peak memory for 1,000 accounts <= 100 MB',
    'Plesk, 100 domains x 10 accounts through the role: converged within 1.5x of one plesk_mail_accounts task with '
    '1,000 accounts on one site, with at most 5 requests and no write; cold within 2x',
    'Plesk, 1,000 domains x 10 accounts through the role: converged in at most 10 s with at most 10 requests and no '
    'write, cold in at most 60 s; module peak memory (every domain in one task) at most 150 MB',
    'BrainyCP, 200 hosting users x 5 mailboxes and a forward each through the role: converged with one mailbox '
    'listing and one forward listing per hosting user and no write, within 2x of the same under one user (role)',
    'Plesk, 1,000 domains through the role: the chunks (progress) cost at most 10% over one chunk, converged',
    'Plesk, 1,000 domains x 10 accounts: an export (plesk_mail_export to a file, settings, records and spam filters '
    'included) takes at most 1.5x one converged run of the role on the same panel, in at most one request per 500 '
    'domains and per 500 mailboxes and two more (24), and a re-export is byte-identical',
]


class Simulator:
    def __init__(self, workdir, name, arguments):
        ready = os.path.join(workdir, name + '.json')
        self.process = subprocess.Popen(  # pylint: disable=consider-using-with
            [sys.executable, '-m', 'tests.simulators.' + name, '--tls', '--cert-dir', os.path.join(workdir, name),
             '--ready-file', ready] + arguments, cwd=ROOT, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while not os.path.exists(ready):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit('The %s simulator did not start.' % name)
            time.sleep(0.1)
        time.sleep(0.1)
        with open(ready, encoding='utf-8') as handle:
            info = json.load(handle)
        self.url, self.ca_cert = info['url'], info['ca_cert']

    def control(self, path, body=None):
        request = urllib.request.Request(self.url + '/__simulator__/' + path,
                                         data=None if body is None else json.dumps(body).encode('utf-8'),
                                         method='GET' if body is None else 'POST')
        with urllib.request.urlopen(request, context=ssl.create_default_context(cafile=self.ca_cert)) as response:
            return json.loads(response.read())

    def requests(self):
        return self.control('log')

    def stop(self):
        self.process.terminate()
        self.process.wait(10)


def write(path, data):
    with open(path, 'w', encoding='utf-8') as handle:
        json.dump(data, handle)
    return path


PLAYBOOKS = {
    'plesk_bulk': [{'hosting.mail.plesk_mail_accounts': {'domain': 'example.com', 'accounts': '{{ accounts }}'}}],
    'plesk_loop': [{'hosting.mail.plesk_mail': {'name': '{{ item.name }}@example.com', 'password': '{{ item.password }}',
                                                'quota': '{{ item.quota }}'}, 'loop': '{{ accounts }}'}],
    'brainy_bulk': [{'hosting.mail.brainy_mailboxes': {'mailboxes': '{{ mailboxes }}'}}],
    'brainy_loop': [{'hosting.mail.brainy_mailbox': {'address': '{{ item.address }}', 'password': '{{ item.password }}',
                                                     'quota': '{{ item.quota }}'}, 'loop': '{{ mailboxes }}'}],
    'plesk_role': [{'ansible.builtin.include_role': {'name': 'hosting.mail.mail_provisioning'},
                    'vars': {'mail_provisioning_panel': 'plesk', 'mail_provisioning_domains': '{{ panel_domains }}',
                             'mail_provisioning_chunk_size': '{{ chunk_size | default(500) }}'}}],
    'brainy_role': [{'ansible.builtin.include_role': {'name': 'hosting.mail.mail_provisioning'},
                     'vars': {'mail_provisioning_panel': 'brainycp', 'mail_provisioning_domains': '{{ panel_domains }}'}}],
    'plesk_domain_loop': [{'hosting.mail.plesk_mail_accounts': {'domain': '{{ item.name }}', 'accounts': '{{ item.accounts }}'},
                           'loop': '{{ panel_domains }}', 'loop_control': {'label': '{{ item.name }}'}}],
    'ping': [{'ansible.builtin.ping': {}}] * 20,
    'single': [{'hosting.mail.plesk_mail': {'name': 'steady@example.com', 'quota': '1G'}}] * 20,
    'plesk_export': [{'hosting.mail.plesk_mail_export': {'dest': '{{ export_file }}'}}],
    'brainy_export': [{'hosting.mail.brainy_mail_export': {'dest': '{{ export_file }}', 'panel_users': '{{ panel_users }}'}}],
    'empty': [{'ansible.builtin.meta': 'noop'}],
}


def write_playbooks(workdir):
    for name, tasks in PLAYBOOKS.items():
        named = [dict(task, name='Task %d' % number) for number, task in enumerate(tasks)]
        write(os.path.join(workdir, name + '.yml'),
              [{'name': name, 'hosts': 'localhost', 'connection': 'local', 'gather_facts': False, 'tasks': named}])


def data(workdir, count):
    accounts = [{'name': 'user%04d' % n, 'password': 'Pw-%04d-secret' % n, 'quota': '100M'} for n in range(count)]
    mailboxes = [{'address': 'user%04d@example.com' % n, 'password': 'Pw-%04d-secret' % n, 'quota': '100M'}
                 for n in range(count)]
    return write(os.path.join(workdir, 'data-%d.json' % count), {'accounts': accounts, 'mailboxes': mailboxes})


def domain_name(number):
    return 'd%04d.example' % number


def panel_seed(domains):
    return dict(PLESK_SEED, webspaces=[{'id': number + 1, 'name': domain_name(number), 'mail': [], 'sites': []}
                                       for number in range(domains)])


def panel_data(workdir, domains, chunk_size=None):
    """The role's data for ``domains`` domains (in chunks of ``chunk_size``, the role's default without); and
    plesk_mail_accounts' ``domains`` option for the same accounts."""
    role = [{'name': domain_name(number), 'accounts': [
        {'name': 'user%02d' % account, 'password': 'Pw-%04d-%02d-secret' % (number, account), 'quota': '100M'}
        for account in range(ACCOUNTS_PER_DOMAIN)]} for number in range(domains)]
    module = [{'domain': entry['name'], 'accounts': entry['accounts']} for entry in role]
    variables = dict(panel_domains=role, **({'chunk_size': chunk_size} if chunk_size else {}))
    return write(os.path.join(workdir, 'panel-%d-%s.json' % (domains, chunk_size)), variables), module


def brainy_users_seed(users):
    return dict(BRAINY_SEED, users=[{'login': 'u%03d' % number, 'domains': [{'name': 'u%03d.example' % number}],
                                     'mailboxes': [], 'forwards': []} for number in range(users)])


def brainy_users_data(workdir, users, one_user=False):
    """The role's data: ``users`` hosting users of one domain each, or (``one_user``) the same domains, mailboxes and
    forwards under one hosting user, u000."""
    domains = [{'name': 'u%03d.example' % number, 'panel_user': 'u000' if one_user else 'u%03d' % number,
                'accounts': [{'name': 'box%d' % box, 'password': 'Pw-%03d-%d-secret' % (number, box), 'quota': '100M'}
                             for box in range(BRAINY_MAILBOXES_PER_USER)],
                'forwards': [{'source': 'team', 'targets': ['box0', 'box1']}]} for number in range(users)]
    return write(os.path.join(workdir, 'brainy-users-%d-%s.json' % (users, one_user)), {'panel_domains': domains})


def brainy_one_user_seed(users):
    return dict(BRAINY_SEED, users=[{'login': 'u000', 'domains': [{'name': 'u%03d.example' % number} for number in range(users)],
                                     'mailboxes': [], 'forwards': []}])


def playbook(env, workdir, name, variables=None):
    command = ['ansible-playbook', '-i', 'localhost,', os.path.join(workdir, name + '.yml')]
    if variables:
        command += ['-e', '@' + variables]
    started = time.monotonic()
    process = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    elapsed = time.monotonic() - started
    if process.returncode:
        raise SystemExit('%s failed:\n%s%s' % (name, process.stdout[-3000:], process.stderr[-3000:]))
    return elapsed


def module_memory(env, workdir, module, args):
    """Peak RSS (MB) of one module process, run the way AnsiballZ runs it: python, the module, its args."""
    path = os.path.join(ROOT, 'plugins', 'modules', module + '.py')
    args_file = write(os.path.join(workdir, 'args-%s.json' % module), {'ANSIBLE_MODULE_ARGS': args})
    process = subprocess.Popen([sys.executable, path, args_file], env=env,  # pylint: disable=consider-using-with
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.read()
    process.stderr.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    if status:
        raise SystemExit('%s exited with %s' % (module, status))
    return usage.ru_maxrss / 1024.0


def measure(env, workdir, simulator, seed, playbook_name, variables):
    """Median cold and converged wall time, and the requests and writes of the last of each."""
    cold, converged = [], []
    for _repeat in range(REPEAT):
        simulator.control('reset', seed)
        cold.append(playbook(env, workdir, playbook_name, variables))
        cold_log = simulator.requests()
        simulator.control('reset', simulator.control('state'))  # same panel, empty log
        converged.append(playbook(env, workdir, playbook_name, variables))
        converged_log = simulator.requests()
    listings = {}
    for entry in converged_log:
        operation = entry.get('operation')
        if operation in ('getlistmail', 'getforwardmail'):
            listings[operation] = listings.get(operation, 0) + 1
    return dict(cold=statistics.median(cold), converged=statistics.median(converged), cold_requests=len(cold_log),
                converged_requests=len(converged_log),
                converged_writes=sum(1 for entry in converged_log if entry.get('write')), converged_listings=listings)


def measure_export(env, workdir, plesk, brainy):
    """Export a Plesk panel of 1,000 domains x 10 accounts (and BrainyCP, 200 hosting users), against one converged run
    of the role on the same panel: median times, requests, and whether a re-export gave the same bytes."""
    rows = []
    domains = max(PANEL_SIZES)
    cases = (('Plesk', plesk, panel_seed(domains), 'plesk_role', panel_data(workdir, domains)[0], 'plesk_export', {}),
             ('BrainyCP', brainy, brainy_users_seed(BRAINY_USERS), 'brainy_role', brainy_users_data(workdir, BRAINY_USERS),
              'brainy_export', {'panel_users': ['u%03d' % number for number in range(BRAINY_USERS)]}))
    for panel, simulator, seed, role, role_vars, export, extra in cases:
        print('%s export ...' % panel, flush=True)
        simulator.control('reset', seed)
        playbook(env, workdir, role, role_vars)  # the panel, populated
        state = simulator.control('state')
        converged, exported, outputs = [], [], []
        for repeat in range(REPEAT):
            simulator.control('reset', state)
            converged.append(playbook(env, workdir, role, role_vars))
            simulator.control('reset', state)
            target = os.path.join(workdir, '%s-export-%d.yml' % (panel, repeat))
            exported.append(playbook(env, workdir, export, write(os.path.join(workdir, export + '-vars.json'),
                                                                 dict(extra, export_file=target))))
            requests = len(simulator.requests())
            with open(target, 'rb') as handle:
                outputs.append(handle.read())
        rows.append(dict(panel=panel, export=statistics.median(exported), converged=statistics.median(converged),
                         requests=requests, identical=len(set(outputs)) == 1, size=len(outputs[0])))
    return rows


def main():
    workdir = tempfile.mkdtemp(prefix='hosting.mail-bench-')
    collections = os.path.join(workdir, 'collections', 'ansible_collections', 'hosting')
    os.makedirs(collections)
    os.symlink(ROOT, os.path.join(collections, 'mail'))
    write_playbooks(workdir)
    plesk = Simulator(workdir, 'plesk', ['--login', 'admin', '--password', PLESK_PASSWORD])
    brainy = Simulator(workdir, 'brainycp', [])
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.join(workdir, 'collections'), ANSIBLE_NOCOLOR='1',
               ANSIBLE_PYTHON_INTERPRETER=sys.executable, PYTHONPATH=os.path.join(workdir, 'collections'),
               PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get('PATH', ''),
               PLESK_URL=plesk.url, PLESK_USERNAME='admin', PLESK_PASSWORD=PLESK_PASSWORD, PLESK_CA_PATH=plesk.ca_cert,
               BRAINYCP_URL=brainy.url, BRAINYCP_USERNAME='admin', BRAINYCP_PASSWORD=BRAINY_PASSWORD,
               BRAINYCP_CA_PATH=brainy.ca_cert, BRAINYCP_PANEL_USER='webmaster')
    rows = []
    try:
        if os.environ.get('BENCH_ONLY') == 'export':  # a quick look at the export rows alone; docs/ is not written
            print('\n'.join(export_lines(measure_export(env, workdir, plesk, brainy))))
            return 0
        for count in SIZES:
            variables = data(workdir, count)
            for panel, simulator, seed in (('Plesk', plesk, PLESK_SEED), ('BrainyCP', brainy, BRAINY_SEED)):
                prefix = 'plesk' if panel == 'Plesk' else 'brainy'
                for method in ('bulk', 'loop'):
                    if method == 'loop' and count not in LOOP_SIZES:
                        continue
                    print('%s %s %d ...' % (panel, method, count), flush=True)
                    figures = measure(env, workdir, simulator, seed, '%s_%s' % (prefix, method), variables)
                    rows.append(dict(figures, panel=panel, method=method, count=count))
            with open(variables, encoding='utf-8') as handle:
                memory_args = json.load(handle)
            for row in rows:
                if row['count'] != count or row['method'] != 'bulk':
                    continue
                module = 'plesk_mail_accounts' if row['panel'] == 'Plesk' else 'brainy_mailboxes'
                simulator, seed = (plesk, PLESK_SEED) if row['panel'] == 'Plesk' else (brainy, BRAINY_SEED)
                args = dict(domain='example.com', accounts=memory_args['accounts']) if module == 'plesk_mail_accounts' \
                    else dict(mailboxes=memory_args['mailboxes'])
                simulator.control('reset', seed)
                row['memory_cold'] = module_memory(env, workdir, module, args)
                row['memory_converged'] = module_memory(env, workdir, module, args)
        for domains in PANEL_SIZES:
            variables, module_domains = panel_data(workdir, domains)
            for method in ('role', 'domain_loop'):
                if method == 'domain_loop' and domains not in DOMAIN_LOOP_SIZES:
                    continue
                print('Plesk panel %s %d domains ...' % (method, domains), flush=True)
                figures = measure(env, workdir, plesk, panel_seed(domains), 'plesk_' + method, variables)
                rows.append(dict(figures, panel='Plesk', method=method, count=domains * ACCOUNTS_PER_DOMAIN, domains=domains))
            if domains == max(PANEL_SIZES):
                # The same work in one chunk: what the chunks (the progress a person can follow) cost.
                print('Plesk panel role %d domains in one chunk ...' % domains, flush=True)
                figures = measure(env, workdir, plesk, panel_seed(domains), 'plesk_role', panel_data(workdir, domains, domains)[0])
                rows.append(dict(figures, panel='Plesk', method='role_one_chunk', count=domains * ACCOUNTS_PER_DOMAIN,
                                 domains=domains))
                plesk.control('reset', panel_seed(domains))
                row = next(row for row in reversed(rows) if (row['method'], row.get('domains')) == ('role', domains))
                # Every domain in one task: the most a chunk could hold, so an upper bound of the role's chunks.
                row['memory_cold'] = module_memory(env, workdir, 'plesk_mail_accounts', dict(domains=module_domains))
                row['memory_converged'] = module_memory(env, workdir, 'plesk_mail_accounts', dict(domains=module_domains))
        print('BrainyCP role, %d hosting users ...' % BRAINY_USERS, flush=True)
        figures = measure(env, workdir, brainy, brainy_users_seed(BRAINY_USERS), 'brainy_role',
                          brainy_users_data(workdir, BRAINY_USERS))
        rows.append(dict(figures, panel='BrainyCP', method='role', count=BRAINY_USERS * BRAINY_MAILBOXES_PER_USER,
                         users=BRAINY_USERS))
        print('BrainyCP role, the same under one hosting user ...', flush=True)
        figures = measure(env, workdir, brainy, brainy_one_user_seed(BRAINY_USERS), 'brainy_role',
                          brainy_users_data(workdir, BRAINY_USERS, one_user=True))
        rows.append(dict(figures, panel='BrainyCP', method='role', count=BRAINY_USERS * BRAINY_MAILBOXES_PER_USER, users=1))
        print('ping vs a single unchanged task ...', flush=True)
        plesk.control('reset', dict(PLESK_SEED, webspaces=[dict(PLESK_SEED['webspaces'][0], mail=[
            {'name': 'steady', 'password': 'x', 'mailbox': {'enabled': True, 'quota': 1073741824}}])]))
        # Interleaved, so that a drift of the machine's speed during the runs touches the three alike; more runs
        # than the other rows, as the figure is a small difference of two play times.
        runs = {'empty': [], 'ping': [], 'single': []}
        for _repeat in range(max(REPEAT, 5)):
            for name, times in runs.items():
                times.append(playbook(env, workdir, name))
        timing = {name: statistics.median(times) for name, times in runs.items()}
        exports = measure_export(env, workdir, plesk, brainy)
    finally:
        plesk.stop()
        brainy.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    report(rows, timing, exports)
    return 0


def per_account(rows, panel, method, count):
    row = next(row for row in rows if (row['panel'], row['method'], row['count']) == (panel, method, count))
    return row['cold'] / count


def export_lines(exports):
    lines = ['## Exporting a whole panel', '',
             'The panels of the rows above, populated through the role, exported to a file (`plesk_mail_export`, '
             '`brainy_mail_export`), against one converged run of the role on the same panel. "Identical": every '
             're-export of the unchanged panel gave the same bytes.', '',
             '| Panel | Export (s) | Converged role run (s) | Ratio | Requests | Identical | File (KB) |',
             '|---|---:|---:|---:|---:|---|---:|']
    for row in exports:
        lines.append('| %s | %.2f | %.2f | %.2f | %d | %s | %.0f |' % (
            row['panel'], row['export'], row['converged'], row['export'] / row['converged'], row['requests'],
            'yes' if row['identical'] else '**no**', row['size'] / 1024.0))
    return lines


def report(rows, timing, exports):
    ping = (timing['ping'] - timing['empty']) / 20
    single = (timing['single'] - timing['empty']) / 20
    lines = ['# Benchmarks', '',
             'Made by `make bench` (tools/bench.py) on this machine (%d cores), against the bundled simulators over '
             'TLS on 127.0.0.1. Each time is the median of %d whole `ansible-playbook` runs made in the same bench run; '
             '"cold" starts from an empty site, "converged" finds nothing to change. Requests are those the simulator '
             'received in the last run of each kind. Memory is the peak RSS of the module process (run directly with '
             'its arguments, as AnsiballZ runs it).' % (os.cpu_count(), REPEAT), '',
             '| Panel | Method | Accounts | Cold (s) | Converged (s) | Requests cold | Requests converged | Writes converged '
             '| Module memory cold / converged (MB) |',
             '|---|---|---:|---:|---:|---:|---:|---:|---:|']
    for row in rows:
        if 'domains' in row or 'users' in row:
            continue
        memory = ('%.0f / %.0f' % (row['memory_cold'], row['memory_converged'])) if 'memory_cold' in row else ''
        lines.append('| %s | %s | %d | %.2f | %.2f | %d | %d | %d | %s |' % (
            row['panel'], 'bulk module' if row['method'] == 'bulk' else 'per-item loop', row['count'], row['cold'],
            row['converged'], row['cold_requests'], row['converged_requests'], row['converged_writes'], memory))
    lines += ['', '## A whole Plesk panel', '',
              'Domains of %d accounts each, from an empty panel (cold) and again (converged): through the '
              '`mail_provisioning` role, which converges every domain in one task, a loop item per chunk of 500 domains '
              '(and once with every domain in one chunk, to show what the chunks cost); '
              'and through one `plesk_mail_accounts` task per domain, as the role did before. The one-site row above with '
              '1,000 accounts is the yardstick. Memory: one `plesk_mail_accounts` task holding every domain (more than '
              'a chunk of the role holds).' % ACCOUNTS_PER_DOMAIN, '',
              '| Method | Domains x accounts | Cold (s) | Converged (s) | Requests cold | Requests converged '
              '| Writes converged | Module memory cold / converged (MB) |',
              '|---|---|---:|---:|---:|---:|---:|---:|']
    for row in rows:
        if 'domains' not in row:
            continue
        memory = ('%.0f / %.0f' % (row['memory_cold'], row['memory_converged'])) if 'memory_cold' in row else ''
        lines.append('| %s | %d x %d | %.2f | %.2f | %d | %d | %d | %s |' % (
            {'role': 'mail_provisioning role', 'role_one_chunk': 'mail_provisioning role, one chunk',
             'domain_loop': 'a task per domain'}[row['method']], row['domains'],
            ACCOUNTS_PER_DOMAIN, row['cold'], row['converged'], row['cold_requests'], row['converged_requests'],
            row['converged_writes'], memory))
    brainy_role = next(row for row in rows if row.get('users') == BRAINY_USERS)
    brainy_one_user = next(row for row in rows if row.get('users') == 1)
    one_chunk = next(row for row in rows if row['method'] == 'role_one_chunk')
    brainy_1000 = next(row for row in rows if (row['panel'], row['method'], row['count']) == ('BrainyCP', 'bulk', 1000))
    lines += ['', '## A whole BrainyCP panel', '',
              '%d hosting users, each with one domain of %d mailboxes and one forward, through the `mail_provisioning` '
              'role (one task for the mailboxes, one for the forwards, a loop item per chunk of 500 users), against the '
              'same domains, mailboxes and forwards under one hosting user through the role, and against the same '
              'number of mailboxes in one `brainy_mailboxes` task (the 1,000-mailbox row above). The API lists one '
              'hosting user at a time, and its mailboxes and its forwards with two operations, so a converged user '
              'costs two listings.' % (BRAINY_USERS, BRAINY_MAILBOXES_PER_USER), '',
              '| Work | Cold (s) | Converged (s) | Requests converged | Listings converged | Writes converged |',
              '|---|---:|---:|---:|---|---:|']
    for label, row in (('role, %d users x %d mailboxes and a forward' % (BRAINY_USERS, BRAINY_MAILBOXES_PER_USER),
                        brainy_role),
                       ('role, the same under 1 user', brainy_one_user),
                       ('brainy_mailboxes, 1 user x 1,000 mailboxes', brainy_1000)):
        listed = ', '.join('%d %s' % (count, operation) for operation, count in sorted(row['converged_listings'].items()))
        lines.append('| %s | %.2f | %.2f | %d | %s | %d |' % (label, row['cold'], row['converged'],
                                                              row['converged_requests'], listed, row['converged_writes']))
    speedups = {panel: per_account(rows, panel, 'loop', 100) / per_account(rows, panel, 'bulk', 1000)
                for panel in ('Plesk', 'BrainyCP')}
    lines += ['', '## Per account and per task', '',
              '| Figure | Value |', '|---|---:|']
    for panel in ('Plesk', 'BrainyCP'):
        lines.append('| %s: per-item loop, 100 accounts, cold, per account | %.3f s |' % (panel, per_account(rows, panel, 'loop', 100)))
        lines.append('| %s: bulk, 1,000 accounts, cold, per account | %.4f s |' % (panel, per_account(rows, panel, 'bulk', 1000)))
        lines.append('| %s: bulk speed-up per account | %.0fx |' % (panel, speedups[panel]))
    lines += ['| ansible.builtin.ping task (20 in a play, minus an empty play; median of %d runs, interleaved with the next) '
              '| %.3f s |' % (max(REPEAT, 5), ping),
              '| plesk_mail task that changes nothing (same way) | %.3f s |' % single,
              '| ratio | %.2f |' % (single / ping if ping > 0 else float('nan')), '']
    plesk_1000 = next(row for row in rows if (row['panel'], row['method'], row['count']) == ('Plesk', 'bulk', 1000))
    memory = max(max(row.get('memory_cold', 0), row.get('memory_converged', 0)) for row in rows
                 if row['count'] == 1000 and row['method'] == 'bulk')
    role_100 = next(row for row in rows if (row['method'], row.get('domains')) == ('role', 100))
    role_1000 = next(row for row in rows if (row['method'], row.get('domains')) == ('role', 1000))
    verdicts = [
        plesk_1000['cold'] <= 5 and plesk_1000['converged'] <= 3 and plesk_1000['converged_requests'] <= 2
        and plesk_1000['converged_writes'] == 0,
        brainy_1000['cold'] <= 10 and brainy_1000['converged'] <= 3 and brainy_1000['converged_requests'] == 1,
        min(speedups.values()) >= 40,
        single <= 1.5 * ping,
        memory <= 100,
        role_100['converged'] <= 1.5 * plesk_1000['converged'] and role_100['converged_requests'] <= 5
        and role_100['converged_writes'] == 0 and role_100['cold'] <= 2 * plesk_1000['cold'],
        role_1000['converged'] <= 10 and role_1000['converged_requests'] <= 10 and role_1000['converged_writes'] == 0
        and role_1000['cold'] <= 60 and max(role_1000['memory_cold'], role_1000['memory_converged']) <= 150,
        brainy_role['converged_writes'] == 0 and brainy_role['converged_listings'] == {
            'getlistmail': BRAINY_USERS, 'getforwardmail': BRAINY_USERS}
        and brainy_role['converged'] <= 2 * brainy_one_user['converged'],
        role_1000['converged'] <= 1.1 * one_chunk['converged'],
        all(row['identical'] for row in exports) and next(row for row in exports if row['panel'] == 'Plesk')['requests']
        <= 2 + -(-max(PANEL_SIZES) // 500) + -(-max(PANEL_SIZES) * ACCOUNTS_PER_DOMAIN // 500)
        and next(row for row in exports if row['panel'] == 'Plesk')['export']
        <= 1.5 * next(row for row in exports if row['panel'] == 'Plesk')['converged'],
    ]
    lines += export_lines(exports) + ['']
    lines += ['## Targets', '', '| Target | Met |', '|---|---|']
    lines += ['| %s | %s |' % (target, 'yes' if met else '**no**') for target, met in zip(TARGETS, verdicts)]
    lines += ['', NOTES, '', '![Wall time per run](benchmarks.png)', '']
    with open(os.path.join(ROOT, 'docs', 'benchmarks.md'), 'w', encoding='utf-8') as handle:
        handle.write('\n'.join(lines))
    plot(rows)
    print('\n'.join(lines))


def plot(rows):
    import matplotlib  # pylint: disable=import-outside-toplevel
    matplotlib.use('Agg')
    from matplotlib import pyplot  # pylint: disable=import-outside-toplevel
    figure, axes = pyplot.subplots(1, 3, figsize=(16, 4.5))
    for axis, panel in zip(axes, ('Plesk', 'BrainyCP')):
        for method, style in (('bulk', '-o'), ('loop', '--s')):
            for phase in ('cold', 'converged'):
                points = [(row['count'], row[phase]) for row in rows if row['panel'] == panel and row['method'] == method]
                if points:
                    axis.plot(*zip(*points), style, label='%s, %s' % ('bulk module' if method == 'bulk' else 'per-item loop', phase))
        axis.set_xscale('log')
        axis.set_yscale('log')
        axis.set_title(panel)
        axis.set_xlabel('accounts on one site')
        axis.set_ylabel('whole playbook, seconds (median)')
        axis.grid(True, which='both', alpha=0.3)
        axis.legend(fontsize=8)
    axis = axes[2]
    for method, style, label in (('role', '-o', 'mail_provisioning role'), ('domain_loop', '--s', 'a task per domain')):
        for phase in ('cold', 'converged'):
            points = [(row['domains'], row[phase]) for row in rows if row['method'] == method and 'domains' in row]
            if points:
                axis.plot(*zip(*points), style, label='%s, %s' % (label, phase))
    one_site = next((row for row in rows if (row['panel'], row['method'], row['count']) == ('Plesk', 'bulk', 1000)), None)
    if one_site:
        axis.axhline(one_site['converged'], color='grey', linestyle=':', label='one site, 1,000 accounts, converged')
    axis.set_xscale('log')
    axis.set_yscale('log')
    axis.set_title('A whole Plesk panel (%d accounts a domain)' % ACCOUNTS_PER_DOMAIN)
    axis.set_xlabel('domains')
    axis.set_ylabel('whole playbook, seconds (median)')
    axis.grid(True, which='both', alpha=0.3)
    axis.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(os.path.join(ROOT, 'docs', 'benchmarks.png'), dpi=110)


if __name__ == '__main__':
    sys.exit(main())
