# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    """The connection options of every BrainyCP module (plugins/module_utils/_brainycp_module.py)."""

    DOCUMENTATION = r'''
options:
  brainycp_url:
    description:
      - URL of the BrainyCP panel, for example V(https://panel.example.com:8000) or V(http://panel.example.com:8002).
      - Without a scheme, V(http://) is used. Without a port, V(8002) for http and V(8000) for https.
        A path ending in C(/api/api.php) is accepted and ignored.
      - A plain V(http://) URL works but warns, because the credentials then cross the network unencrypted.
      - If not set, the environment variable E(BRAINYCP_URL) is used. One of the two must be set; the module fails
        naming both when neither is.
    type: str
  brainycp_username:
    description:
      - Login of the panel account that uses the API. Its group needs API access; to act for other hosting users
        (O(panel_user)) it needs full API rights.
      - Needed, here or in the environment, together with O(brainycp_password).
      - If not set, the environment variable E(BRAINYCP_USERNAME) is used.
    type: str
  brainycp_password:
    description:
      - Password of O(brainycp_username). It is sent in the POST body of every request, never in the URL.
      - If not set, the environment variable E(BRAINYCP_PASSWORD) is used.
    type: str
  brainycp_http_user:
    description:
      - User for the panel's extra HTTP password (htpasswd protection), if it has one.
      - If not set, the environment variable E(BRAINYCP_HTTP_USER) is used.
    type: str
  brainycp_http_password:
    description:
      - Password for O(brainycp_http_user).
      - If not set, the environment variable E(BRAINYCP_HTTP_PASSWORD) is used.
    type: str
  panel_user:
    description:
      - The hosting user whose mail to manage. Unset, the API account's own hosting user.
      - Acting for another hosting user needs an API account with full API rights (BrainyCP error 1000 otherwise).
      - If not set, the environment variable E(BRAINYCP_PANEL_USER) is used.
    type: str
  validate_certs:
    description:
      - Check the panel's TLS certificate. Keep this on; for a self-signed certificate or a private CA, set O(ca_path).
        V(false) works but warns.
      - If not set, the environment variable E(BRAINYCP_VALIDATE_CERTS) is used.
    type: bool
    default: true
  ca_path:
    description:
      - PEM file with the CA certificate(s) to trust for the panel, for example its self-signed certificate.
      - If not set, the environment variable E(BRAINYCP_CA_PATH) is used.
    type: path
  timeout:
    description:
      - Seconds to wait for a connection and for each answer.
      - If not set, the environment variable E(BRAINYCP_TIMEOUT) is used.
    type: int
    default: 30
notes:
  - The modules talk to the BrainyCP API (C(POST /api/api.php), module C(mailclient)) from the host they run on,
    usually the controller, and need the Python library C(requests) there. They always ask for English answers and
    decide on the numeric codes, never on texts.
  - Reads are retried on HTTP 502/503/504 and broken connections; writes only when no connection could be made.
requirements:
  - requests
'''
