#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: brainy_forward
short_description: Manage a mail forward on a BrainyCP panel
version_added: 0.1.0
author:
  - hosting.mail contributors (@hosting-mail)
description:
  - Make the mail for one address of a BrainyCP hosting user go to an exact list of targets, or remove the forward.
  - The module lists the user's forwards first (C(getforwardmail)), so check mode and C(--diff) are exact.
  - BrainyCP does not document whether adding targets to an existing forward appends them or replaces the list. The
    module deletes the targets that must go, adds the missing ones, reads the forward back, and, if the panel
    replaced the list, adds the full list once more; the forward ends the same either way and is never left without
    targets in between.
seealso:
  - module: hosting.mail.brainy_mailbox
  - module: hosting.mail.brainy_mailbox_info
extends_documentation_fragment:
  - hosting.mail.brainycp
  - hosting.mail.attributes
  - hosting.mail.attributes.actiongroup_brainycp
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
  idempotent:
    support: full
options:
  source:
    description:
      - The address whose mail is forwarded, in a domain of the hosting user.
    type: str
    required: true
  targets:
    description:
      - The exact list of addresses the mail goes to. Needed with O(state=present).
    type: list
    elements: str
  save_local:
    description:
      - Whether a copy stays in the mailbox of O(source) (which must exist as a mailbox).
      - Unset, a new forward does not keep a copy and an existing one keeps its setting.
    type: bool
  state:
    description:
      - V(present) makes the forward exist with exactly O(targets); V(absent) removes it.
    type: str
    choices: [present, absent]
    default: present
'''

EXAMPLES = r'''
---
- name: Send sales@ to two people and keep a copy
  hosting.mail.brainy_forward:
    brainycp_url: https://panel.example.com:8000
    brainycp_username: admin
    brainycp_password: "{{ vault_brainycp_password }}"
    panel_user: shop
    source: sales@shop.example
    targets:
      - anna@shop.example
      - boss@example.net
    save_local: true
  delegate_to: localhost

- name: Stop forwarding
  hosting.mail.brainy_forward:
    source: sales@shop.example
    state: absent
  delegate_to: localhost
'''

RETURN = r'''
changed_fields:
  description: V(created), V(removed), or the settings that changed (V(targets), V(save_local)); also in check mode.
  returned: always
  type: list
  elements: str
  sample: [targets]
forward:
  description: The forward as the panel lists it after the task (in check mode, as it would); empty when absent.
  returned: always
  type: dict
  sample:
    source: sales@shop.example
    targets: [anna@shop.example, boss@example.net]
    save_local: true
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.hosting.mail.plugins.module_utils._brainycp_module import brainycp_argument_spec, brainycp_client
from ansible_collections.hosting.mail.plugins.module_utils._errors import PanelError
from ansible_collections.hosting.mail.plugins.module_utils._module import guarded_write, run_module
from ansible_collections.hosting.mail.plugins.module_utils._values import split_address


def address(text, option):
    return '%s@%s' % split_address(text, option)


def shown(source, entry):
    return {'source': source, 'targets': entry['targets'], 'save_local': entry['save_local']} if entry else {}


class ForwardTask:
    def __init__(self, module):
        self.module = module
        self.client = brainycp_client(module)
        self.source = address(module.params['source'], 'source')
        # Checked before anything is sent.
        self.wanted = sorted({address(target, 'targets') for target in module.params['targets'] or []})

    def run(self, result):
        params = self.module.params
        current = self.client.forwards().get(self.source)
        result['forward'] = before = shown(self.source, current)
        result['changed_fields'] = []
        if params['state'] == 'absent':
            if current:
                result.update(changed=True, forward={}, changed_fields=['removed'])
                if not self.module.check_mode:
                    guarded_write(self.module, result, 'the removal of the forward for %s' % self.source,
                                  lambda: self.client.call('delforward', source=self.source, target=','.join(current['targets'])),
                                  lambda: self.source not in self.client.forwards())
                    self.expect(None)
        else:
            wanted = self.wanted
            if not wanted:
                raise PanelError('targets must name at least one address; use state=absent to remove the forward.')
            have = current['targets'] if current else []
            save_local = params['save_local']
            if save_local is None:
                save_local = current['save_local'] if current and current['save_local'] is not None else False
            flag_differs = bool(current) and current['save_local'] is not None and current['save_local'] != save_local
            if current and current['save_local'] is None and params['save_local'] is not None:
                self.module.warn('The panel does not report save_local for %s, so it could not be compared; it is sent '
                                 'only when targets change.' % self.source)
            if wanted != have or flag_differs:
                fields = ['created'] if not current else (['targets'] * (wanted != have) + ['save_local'] * flag_differs)
                result.update(changed=True, changed_fields=fields,
                              forward=shown(self.source, {'targets': wanted, 'save_local': save_local}))
                if not self.module.check_mode:
                    guarded_write(self.module, result, 'the change of the forward for %s' % self.source,
                                  lambda: self.write(have, wanted, save_local, flag_differs),
                                  lambda: (self.client.forwards().get(self.source) or {}).get('targets') == wanted)
                    result['forward'] = shown(self.source, self.expect({'targets': wanted, 'save_local': save_local}))
        if self.module._diff:
            result['diff'] = dict(before=before, after=result['forward'])

    def write(self, have, wanted, save_local, flag_differs):
        flag = 1 if save_local else 0
        surplus = sorted(set(have) - set(wanted))
        missing = sorted(set(wanted) - set(have))
        if surplus:
            self.client.call('delforward', source=self.source, target=','.join(surplus))
        if flag_differs:
            # Re-adding every target carries the new flag, whether the panel appends or replaces.
            self.client.call('addforward', source=self.source, target=','.join(wanted), save_local=flag)
        elif missing:
            self.client.call('addforward', source=self.source, target=','.join(missing), save_local=flag)
            now = self.client.forwards().get(self.source)
            if not now or now['targets'] != wanted:
                # This panel replaces the targets on addforward: send the whole list.
                self.client.call('addforward', source=self.source, target=','.join(wanted), save_local=flag)

    def expect(self, wanted):
        """Read the forward back; fail clearly if the panel does not hold what it said it did."""
        now = self.client.forwards().get(self.source)
        if wanted is None:
            holds = now is None
        else:
            holds = now is not None and now['targets'] == wanted['targets'] and now['save_local'] in (None, wanted['save_local'])
        if not holds:
            raise PanelError('BrainyCP accepted the change of the forward for %s but now lists %s.'
                             % (self.source, shown(self.source, now) or 'no forward'))
        return now


def main():
    spec = brainycp_argument_spec()
    spec.update(
        source=dict(type='str', required=True),
        targets=dict(type='list', elements='str'),
        save_local=dict(type='bool'),
        state=dict(type='str', choices=['present', 'absent'], default='present'),
    )
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True, required_if=[('state', 'present', ['targets'])])
    run_module(module, lambda result: ForwardTask(module).run(result))


if __name__ == '__main__':
    main()
