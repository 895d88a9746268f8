# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    """The connection options of every Plesk module (plugins/module_utils/_plesk_module.py)."""

    DOCUMENTATION = r'''
options:
  plesk_url:
    description:
      - URL of the Plesk server, for example V(https://panel.example.com:8443).
      - Without a scheme, V(https://) is used; without a port, V(8443). A path ending in
        C(/enterprise/control/agent.php) is accepted and ignored.
      - A plain V(http://) URL works but warns, because the credentials then cross the network unencrypted.
      - If not set, the environment variable E(PLESK_URL) is used. One of the two must be set; the module fails
        naming both when neither is.
    type: str
  plesk_username:
    description:
      - Plesk login (the administrator, a reseller with XML API access, or a customer).
      - Needed, with O(plesk_password), unless O(plesk_secret_key) is set.
      - If not set, the environment variable E(PLESK_USERNAME) is used.
    type: str
  plesk_password:
    description:
      - Password of O(plesk_username).
      - If not set, the environment variable E(PLESK_PASSWORD) is used.
    type: str
  plesk_secret_key:
    description:
      - A Plesk secret key (C(plesk bin secret_key -c -ip-address IP)), used instead of login and password.
      - Plesk binds each key to the IP address it was created for; requests from other addresses fail with error 11003.
      - Takes precedence over O(plesk_username) and O(plesk_password) when both are set.
      - If not set, the environment variable E(PLESK_SECRET_KEY) is used.
    type: str
  plesk_api_version:
    description:
      - Pin the XML API protocol version, for example V(1.6.9.0). Unset, the server uses its newest.
      - Pinning helps with servers that refuse an operator at their newest protocol.
      - An autoresponder end date needs 1.6.7.0 or later to be written, and 1.6.8.0 or later to be read back.
      - If not set, the environment variable E(PLESK_API_VERSION) is used.
    type: str
  validate_certs:
    description:
      - Check the server's TLS certificate. Keep this on; for a self-signed certificate or a private CA, set O(ca_path).
        V(false) works but warns.
      - If not set, the environment variable E(PLESK_VALIDATE_CERTS) is used.
    type: bool
    default: true
  ca_path:
    description:
      - PEM file with the CA certificate(s) to trust for the server, for example its self-signed certificate.
      - If not set, the environment variable E(PLESK_CA_PATH) is used.
    type: path
  timeout:
    description:
      - Seconds to wait for a connection and for each answer.
      - If not set, the environment variable E(PLESK_TIMEOUT) is used.
    type: int
    default: 30
notes:
  - The modules talk to the Plesk XML API (C(POST /enterprise/control/agent.php)) from the host they run on,
    usually the controller; they need the Python libraries C(requests) and C(lxml) there.
  - Reads are retried on HTTP 502/503/504 and broken connections; writes only when no connection could be made.
requirements:
  - requests
  - lxml
'''
