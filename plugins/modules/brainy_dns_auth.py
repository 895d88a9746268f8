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
'''

RETURN = r'''
changed_fields:
  description: The features that changed (V(spf), V(dkim)).
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
      description: Whether it changed; V(null) when it cannot be known (check mode).
      type: bool
      sample: false
    known:
      description: Whether the panel's answer told if SPF was already in that state.
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
      description: Whether it changed; V(null) when it cannot be known (check mode).
      type: bool
      sample: true
    known:
      description:
        - Whether the panel's answer told if DKIM was already in that state.
        - Always V(false) when switching off, because the panel does not say whether it was already off.
      type: bool
      sample: false
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.hosting.mail.plugins.module_utils._brainycp import ALREADY
from ansible_collections.hosting.mail.plugins.module_utils._brainycp_module import brainycp_argument_spec, brainycp_client
from ansible_collections.hosting.mail.plugins.module_utils._errors import PanelError
from ansible_collections.hosting.mail.plugins.module_utils._module import guarded_write, run_module

# The operations, and whether their answer tells "already in that state" apart from a change.
SWITCHES = {
    ('spf', 'enabled'): ('onspf', True),
    ('spf', 'disabled'): ('offspf', True),
    ('dkim', 'enabled'): ('ondkim', True),
    ('dkim', 'disabled'): ('offdkim', False),
}


def unreadable():
    """After a lost answer there is nothing to read back: BrainyCP cannot report SPF/DKIM state."""
    raise PanelError('BrainyCP cannot report SPF or DKIM state')


def switch(module, result):
    params = module.params
    domain = params['domain'].strip().rstrip('.').lower()
    client = brainycp_client(module)
    result['changed_fields'] = []
    for feature in ('spf', 'dkim'):
        state = params[feature]
        if state is None:
            continue
        operation, tells = SWITCHES[(feature, state)]
        if module.check_mode:
            result[feature] = dict(state=state, changed=None, known=False)
            module.warn('Check mode: BrainyCP cannot report the %s state of %s, so whether %s would change is unknown; '
                        'nothing was sent.' % (feature.upper(), domain, operation))
            continue
        answers = []
        guarded_write(module, result, '%s for %s' % (operation, domain),
                      lambda: answers.append(client.call(operation, domain=domain)), unreadable)
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
