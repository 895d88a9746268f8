# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Run the BrainyCP simulator until SIGTERM or SIGINT, for playbooks, the demo and Molecule.

    python -m tests.simulators.brainycp --seed FILE [--port N] [--tls] [--cert-dir DIR]
        [--http-basic USER:PASSWORD] [--quirk NAME=VALUE ...] [--ready-file FILE]
        [--fault KIND [--fault-count N] [--fault-when before|after] [--fault-on all|reads|writes] [--slow-seconds S]]

It prints the panel URL on stdout once it listens, and writes the ready file, a JSON object
{url, api_url, ca_cert, pid}; the ready file is removed again on exit.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading

from ..faults import DEFAULT_SLOW_SECONDS, FAULT_ON, FAULT_WHEN
from .server import BrainySimulator


def parse_arguments(argv):
    parser = argparse.ArgumentParser(prog='python -m tests.simulators.brainycp', description=__doc__.splitlines()[0])
    parser.add_argument('--seed', help='seed JSON file (default: the bundled seed-demo.json)')
    parser.add_argument('--port', type=int, default=0, help='port on 127.0.0.1 (default: any free port)')
    parser.add_argument('--tls', action='store_true', help='serve HTTPS with a certificate from a private CA')
    parser.add_argument('--cert-dir', help='where to write ca.pem, server.pem and server.key (default: a temporary folder)')
    parser.add_argument('--http-basic', metavar='USER:PASSWORD', help="turn on the panel's htpasswd protection")
    parser.add_argument('--quirk', action='append', default=[], metavar='NAME=VALUE', help='e.g. items=strings (repeatable)')
    parser.add_argument('--ready-file', help='write {url, api_url, ca_cert, pid} here once listening')
    add_fault_arguments(parser)
    arguments = parser.parse_args(argv)
    quirks = {}
    for quirk in arguments.quirk:
        name, separator, value = quirk.partition('=')
        if not separator:
            parser.error('--quirk takes NAME=VALUE, not %r' % quirk)
        quirks[name] = value
    return arguments, quirks


def add_fault_arguments(parser):
    parser.add_argument('--fault', metavar='KIND', help='break API answers on purpose from the start, e.g. status_503 (see faults.py); '
                                                        'a reset ends it')
    parser.add_argument('--fault-count', type=int, metavar='N', help='how many matching requests get the fault (default: all)')
    parser.add_argument('--fault-when', choices=FAULT_WHEN, default='before', help='before or after the panel carries a request out')
    parser.add_argument('--fault-on', choices=FAULT_ON, default='all', help='which requests the fault picks')
    parser.add_argument('--slow-seconds', type=float, default=DEFAULT_SLOW_SECONDS, help='the wait of the slow fault')


def set_fault(simulator, arguments):
    if arguments.fault is not None:
        simulator.set_fault(arguments.fault, arguments.fault_count, arguments.fault_when, arguments.fault_on, arguments.slow_seconds)


def write_atomically(path, data):
    # Write then rename, so whoever waits for the file never reads half of it.
    temporary = '%s.%d.tmp' % (path, os.getpid())
    with open(temporary, 'w', encoding='utf-8') as handle:
        json.dump(data, handle, indent=1)
    os.replace(temporary, path)


def main(argv=None):
    arguments, quirks = parse_arguments(argv)
    try:
        simulator = BrainySimulator(seed=arguments.seed, tls=arguments.tls, http_basic=arguments.http_basic, quirks=quirks,
                                    port=arguments.port, cert_dir=arguments.cert_dir)
        set_fault(simulator, arguments)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print('brainycp simulator: %s' % exc, file=sys.stderr)
        return 2
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *args: stop.set())
    signal.signal(signal.SIGINT, lambda *args: stop.set())
    try:
        simulator.start()
    except OSError as exc:  # e.g. the port is taken
        print('brainycp simulator: %s' % exc, file=sys.stderr)
        return 2
    try:
        if arguments.ready_file:
            write_atomically(arguments.ready_file, {'url': simulator.url, 'api_url': simulator.api_url,
                                                    'ca_cert': simulator.ca_cert, 'pid': os.getpid()})
        print(simulator.url, flush=True)
        while not stop.wait(0.2):  # a timed wait lets the signal handlers run promptly
            pass
    finally:
        simulator.stop()
        if arguments.ready_file and os.path.exists(arguments.ready_file):
            os.remove(arguments.ready_file)
    return 0


if __name__ == '__main__':
    sys.exit(main())
