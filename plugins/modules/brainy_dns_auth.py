#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: brainy_dns_auth
short_description: Switch SPF and DKIM on or off for a domain on a BrainyCP panel
version_added: 0.1.0
author:
  - hosting.mail contributors (@hosting-mail)
description:
  - Turn the SPF record and OpenDKIM signing of a hosting user's domain on or off.
  - B(What can be known.) BrainyCP has no operation that reads the SPF or DKIM state. The module therefore sends the
    switch and decides C(changed) from the panel's answer, which says "already enabled" or "already disabled" for
    V(onspf), V(offspf) and V(ondkim). Switching DKIM B(off) has no such answer, so the module cannot tell whether it
    was already off; it then reports a change and a warning.
  - B(Check mode) cannot read the state either. It sends nothing, reports no change, and says in a warning and in
    RV(spf) / RV(dkim) that the state could not be read.
seealso:
  - module: hosting.mail.brainy_mailbox
extends_documentation_fragment:
  - hosting.mail.brainycp
  - hosting.mail.attributes
  - hosting.mail.attributes.actiongroup_brainycp
attributes:
  check_mode:
    support: partial
    details:
      - Nothing is sent, and whether a change would happen is reported as unknown, because the API cannot read the state.
  diff_mode:
    support: none
  idempotent:
    support: partial
    details:
      - Idempotent for SPF on and off and for DKIM on. Switching DKIM off reports a change on every run, because the
        panel's answer does not say whether it was already off.
options:
  domain:
    description:
      - A domain of the hosting user.
    type: str
    required: true
  spf:
    description:
      - Whether the domain publishes the panel's SPF record. Unset, SPF is left alone.
    type: str
    choices: [enabled, disabled]
  dkim:
    description:
      - Whether OpenDKIM signs the domain's mail. Unset, DKIM is left alone.
    type: str
    choices: [enabled, disabled]
'''

EXAMPLES = r'''
---
- name: SPF and DKIM on for a shop domain
  hosting.mail.brainy_dns_auth:
    brainycp_url: https://panel.example.com:8000
    brainycp_username: admin
    brainycp_password: "{{ vault_brainycp_password }}"
    panel_user: shop
    domain: shop.example
    spf: enabled
    dkim: enabled
  delegate_to: localhost

- name: Several domains, with the connection settings from module_defaults
  module_defaults:
    group/hosting.mail.brainycp:
      brainycp_url: https://panel.example.com:8000
      brainycp_username: admin
      brainycp_password: "{{ vault_brainycp_password }}"
  delegate_to: localhost
  block:
    - name: SPF on for every domain of its hosting user; DKIM left alone
      hosting.mail.brainy_dns_auth:
        panel_user: "{{ item.panel_user }}"
        domain: "{{ item.domain }}"
        spf: enabled
      loop:
        - {panel_user: shop, domain: shop.example}
        - {panel_user: blog, domain: blog.example}
      loop_control:
        label: "{{ item.domain }}"
      register: spf_switched

    - name: Show the domains where SPF was switched on just now
      ansible.builtin.debug:
        msg: "{{ spf_switched.results | selectattr('spf.changed') | map(attribute='item.domain') | list }}"

    - name: DKIM off for a domain that sends through another provider
      hosting.mail.brainy_dns_auth:
        panel_user: shop
        domain: newsletter.shop.example
        dkim: disabled
      register: dkim_off

    - name: Say that switching DKIM off cannot be told apart from "already off"
      ansible.builtin.debug:
        msg: "DKIM is off; whether it was on before is {{ 'known' if dkim_off.dkim.known else 'unknown' }}."
'''

RETURN = r'''
changed_fields:
  description: The features that changed (V(spf), V(dkim)); always empty in check mode, which cannot know.
  returned: always
  type: list
  elements: str
  sample: [dkim]
spf:
  description: What happened to SPF.
  returned: when O(spf) is given
  type: dict
  contains:
    state:
      description: The state asked for.
      type: str
      sample: enabled
    changed:
      description: Whether it changed; null when it cannot be known (check mode).
      type: bool
      sample: false
    known:
      description: Whether the panel's answer told if SPF was already in that state; V(false) in check mode.
      type: bool
      sample: true
dkim:
  description: What happened to DKIM.
  returned: when O(dkim) is given
  type: dict
  contains:
    state:
      description: The state asked for.
      type: str
      sample: disabled
    changed:
      description: Whether it changed; null when it cannot be known (check mode).
      type: bool
      sample: true
    known:
      description:
        - Whether the panel's answer told if DKIM was already in that state; V(false) in check mode.
        - Always V(false) when switching off, because the panel does not say whether it was already off.
      type: bool
      sample: false
write_outcome:
  description:
    - V(unknown) when the answer to a switch was lost. BrainyCP cannot report the SPF or DKIM state, so the task
      fails and says so rather than send the switch again; check the panel, then run the task again.
  returned: on failure, when the answer to a switch was lost
  type: str
  sample: unknown
# BEGIN generated by tools/update_return_docs.py: error (edit tools/return_docs.py, not here)
error:
  description:
    - What went wrong, for playbooks that test it (after C(ignore_errors), or in a C(rescue) as
      C(ansible_failed_result.error)). C(msg) says the same in words; neither ever holds a secret.
  returned: failure
  type: dict
  contains:
    type:
      description:
        - The kind of error. V(ApiError) (the panel refused an operation), V(AuthenticationError) (credentials or
          address refused), V(TransportError) (no usable answer), V(CertificateError), V(HttpStatusError),
          V(GarbledAnswerError) (an answer that cannot be read), V(WriteOutcomeError) (a write whose answer was lost,
          see RV(error.write_outcome)), V(OptionError) (an option value that cannot be used), or V(PanelError) (anything
          else, such as a change the panel accepted but does not list afterwards).
      type: str
      sample: ApiError
    url:
      description: The API URL of the failed request; null when the error is not about a request.
      type: str
      sample: https://panel.example.com:8000/api/api.php
    http_status:
      description: The HTTP status of the panel's answer.
      returned: when an answer arrived
      type: int
      sample: 200
    code:
      description: The BrainyCP result code.
      returned: for V(ApiError), and for V(AuthenticationError) when BrainyCP gave a code
      type: int
      sample: 4
    text:
      description: The panel's error text.
      returned: for V(ApiError)
      type: str
      sample: 'The domain of the mailbox was not found in the system: orders@other.example'
    operation:
      description: The operation the panel refused.
      returned: for V(ApiError)
      type: str
      sample: addmail
    request_sent:
      description: Whether the panel may have received the request; V(false) when no connection was made.
      returned: for V(TransportError) and V(CertificateError)
      type: bool
      sample: false
    attempts:
      description: How often the request was tried.
      returned: for V(TransportError) and V(CertificateError)
      type: int
      sample: 3
    write_outcome:
      description: V(not_done) or V(unknown), as in RV(write_outcome).
      returned: for V(WriteOutcomeError)
      type: str
      sample: not_done
# END generated by tools/update_return_docs.py: error
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.hosting.mail.plugins.module_utils._brainycp import ALREADY, switch_operation, switch_tells_already
from ansible_collections.hosting.mail.plugins.module_utils._brainycp_module import brainycp_argument_spec, brainycp_client
from ansible_collections.hosting.mail.plugins.module_utils._errors import PanelError
from ansible_collections.hosting.mail.plugins.module_utils._module import run_module
from ansible_collections.hosting.mail.plugins.module_utils._outcomes import guarded_write
from ansible_collections.hosting.mail.plugins.module_utils._values import normalize_domain


def unreadable():
    """After a lost answer there is nothing to read back: BrainyCP cannot report SPF/DKIM state."""
    raise PanelError('BrainyCP cannot report SPF or DKIM state')


def switch(module, result):
    params = module.params
    domain = normalize_domain(params['domain'], 'domain')
    client = brainycp_client(module)
    result['changed_fields'] = []
    for feature in ('spf', 'dkim'):
        state = params[feature]
        if state is None:
            continue
        on = state == 'enabled'
        operation = switch_operation(feature, on)
        if module.check_mode:
            result[feature] = dict(state=state, changed=None, known=False)
            module.warn('Check mode: BrainyCP cannot report the %s state of %s, so whether %s would change is unknown; '
                        'nothing was sent.' % (feature.upper(), domain, operation))
            continue
        answers = []
        guarded_write(module.warn, result, '%s for %s' % (operation, domain),
                      lambda: answers.append(client.switch(feature, on, domain)), unreadable)
        tells = switch_tells_already(feature, on)
        changed = answers[0].outcome != ALREADY if answers else True
        result[feature] = dict(state=state, changed=changed, known=tells)
        result['changed'] = result['changed'] or changed
        if changed:
            result['changed_fields'].append(feature)
        if not tells:
            module.warn('BrainyCP does not say whether DKIM was already off for %s; the task reports a change.' % domain)


def main():
    spec = brainycp_argument_spec()
    spec.update(
        domain=dict(type='str', required=True),
        spf=dict(type='str', choices=['enabled', 'disabled']),
        dkim=dict(type='str', choices=['enabled', 'disabled']),
    )
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True, required_one_of=[('spf', 'dkim')])
    run_module(module, lambda result: switch(module, result))


if __name__ == '__main__':
    main()
