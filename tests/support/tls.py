# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Throw-away certificates for the test servers and simulators: a private CA, or a self-signed one."""

from __future__ import annotations

import datetime
import ipaddress
import os

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


class CertFiles:
    """Paths of a server certificate, its key, and the CA certificate a client should trust."""

    def __init__(self, ca_cert, server_cert, server_key):
        self.ca_cert = ca_cert
        self.server_cert = server_cert
        self.server_key = server_key


def _name(common_name):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _write(path, data):
    with open(path, 'wb') as handle:
        handle.write(data)
    return path


def _key_pem(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _builder(subject, issuer, public_key, days=2):
    now = datetime.datetime.now(datetime.timezone.utc)
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=days)))


def _server_extensions(builder, hostnames):
    names = []
    for host in hostnames:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    return (builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False))


def make_ca_signed(directory, hostnames=('127.0.0.1', 'localhost')):
    """A private CA and a server certificate it signed for ``hostnames``."""
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name('hosting.mail throw-away test CA')
    ca_cert = (_builder(ca_name, ca_name, ca_key.public_key())
               .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                            content_commitment=False, key_encipherment=False,
                                            data_encipherment=False, key_agreement=False,
                                            encipher_only=False, decipher_only=False), critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
               .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (_server_extensions(_builder(_name(hostnames[0]), ca_name, key.public_key()), hostnames)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    return CertFiles(
        ca_cert=_write(os.path.join(directory, 'ca.pem'), ca_cert.public_bytes(serialization.Encoding.PEM)),
        server_cert=_write(os.path.join(directory, 'server.pem'), cert.public_bytes(serialization.Encoding.PEM)),
        server_key=_write(os.path.join(directory, 'server.key'), _key_pem(key)),
    )


def make_self_signed(directory, hostnames=('127.0.0.1', 'localhost')):
    """A self-signed server certificate, as many panels ship; it is its own CA."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(hostnames[0])
    cert = (_server_extensions(_builder(name, name, key.public_key()), hostnames)
            .sign(key, hashes.SHA256()))
    cert_path = _write(os.path.join(directory, 'self-signed.pem'), cert.public_bytes(serialization.Encoding.PEM))
    return CertFiles(ca_cert=cert_path, server_cert=cert_path,
                     server_key=_write(os.path.join(directory, 'self-signed.key'), _key_pem(key)))
