#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: plesk_user
short_description: Manage an additional Plesk panel user
version_added: 0.1.0
author:
  - hosting.mail contributors (@hosting-mail)
description:
  - Add, change and delete an additional panel user of a Plesk account (the people who log in to Plesk, often with
    their mail address as login), through the XML API's C(<user>) operator.
  - Each setting is managed only when it is given. The module reads every user once, matches the login without
    regard to case, sends only what differs, and then reads the user back.
  - Plesk documents C(<user>) for protocols 1.6.3.0 to 1.6.9.0. A newer server that refuses it makes the module fail
    with a message that says so; set O(plesk_api_version=1.6.9.0) for such servers.
seealso:
  - module: hosting.mail.plesk_user_info
  - module: hosting.mail.plesk_mail
extends_documentation_fragment:
  - hosting.mail.plesk
  - hosting.mail.attributes
  - hosting.mail.attributes.actiongroup_plesk
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
  idempotent:
    support: partial
    details:
      - Idempotent unless O(update_password=always), which sends the password on every run because Plesk never
        reports it.
options:
  login:
    description:
      - The user's login. Plesk compares logins without regard to case.
    type: str
    required: true
  state:
    description:
      - V(present) adds or changes the user, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  password:
    description:
      - The user's password; needed to add a user. Plesk never reports it, see O(update_password).
    type: str
  update_password:
    description:
      - V(on_create) sets O(password) only when the user is added.
      - V(always) sends it on every run and so always reports a change.
    type: str
    choices: [on_create, always]
    default: on_create
  name:
    description:
      - The display name (contact name); needed to add a user.
    type: str
  email:
    description:
      - The user's e-mail address.
    type: str
  contact:
    description:
      - Contact information. Fields left out keep their value.
    type: dict
    suboptions:
      company:
        description: Company name.
        type: str
      phone:
        description: Phone number.
        type: str
      fax:
        description: Fax number.
        type: str
      address:
        description: Postal address.
        type: str
      city:
        description: City.
        type: str
      state:
        description: State or province.
        type: str
      zip:
        description: Postal code.
        type: str
      country:
        description: Country as a two-letter code, for example V(DE).
        type: str
      im:
        description: Instant messenger account.
        type: str
      im_type:
        description: Instant messenger type, for example V(Skype).
        type: str
      comment:
        description: A free comment.
        type: str
      locale:
        description: Interface language, for example V(en-US).
        type: str
  status:
    description:
      - Whether the user may log in.
    type: str
    choices: [enabled, disabled]
  role:
    description:
      - The name of the user's role, for example V(WebMaster) or the built-in V(Accountant). Needed to add a user.
      - A role the owner does not have is a clear error, also in check mode.
    type: str
  owner_guid:
    description:
      - GUID of the account (customer or administrator) the user belongs to. Default is the authenticated account.
      - Plesk cannot move a user to another owner; a different owner for an existing user is an error.
    type: str
  owner_external_id:
    description:
      - External id of the owner, instead of O(owner_guid).
    type: str
  subscription:
    description:
      - The subscription (main domain name) the user may access, or V(all) for every subscription of the owner.
    type: str
  external_id:
    description:
      - An external id for the user, for example the id in a billing system.
    type: str
'''

EXAMPLES = r'''
---
- name: A web master for one subscription, who logs in with the mail address
  hosting.mail.plesk_user:
    plesk_url: https://panel.example.com:8443
    plesk_username: admin
    plesk_password: "{{ vault_plesk_password }}"
    plesk_api_version: "1.6.9.0"
    login: jane@example.com
    password: "{{ vault_jane_password }}"
    name: Jane Doe
    email: jane@example.com
    role: WebMaster
    subscription: example.com
    contact:
      company: Example Ltd
      phone: "+49 30 1234567"
  delegate_to: localhost

- name: Disable a user
  hosting.mail.plesk_user:
    login: john@example.com
    status: disabled
  delegate_to: localhost

- name: Delete a user
  hosting.mail.plesk_user:
    login: old.colleague@example.com
    state: absent
  delegate_to: localhost
'''

RETURN = r'''
user:
  description:
    - The user as it stands after the task (in check mode, as it would stand); empty when absent. Never the password.
  returned: always
  type: dict
  sample:
    login: jane@example.com
    id: 4
    guid: 3f0b4c1e-9d2a-4f64-8e5b-5a1f0c7d2e11
    name: Jane Doe
    email: jane@example.com
    status: enabled
    owner_guid: 0c7d2e11-5a1f-4f64-8e5b-3f0b4c1e9d2a
    external_id: ''
    subscription_id: 1
    role: WebMaster
    built_in: false
    contact: {company: Example Ltd, phone: "+49 30 1234567", fax: '', address: '', city: '', state: '', zip: '',
              country: '', im: '', im_type: '', comment: '', locale: ''}
id:
  description: The Plesk id of the user; null when absent or not yet created.
  returned: always
  type: int
  sample: 4
guid:
  description: The GUID of the user; null when absent or not yet created.
  returned: always
  type: str
  sample: 3f0b4c1e-9d2a-4f64-8e5b-5a1f0c7d2e11
changed_fields:
  description: The settings that changed (or would change in check mode); V(created) or V(deleted) for those actions.
  returned: always
  type: list
  elements: str
  sample: [status]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.hosting.mail.plugins.module_utils._errors import PanelError
from ansible_collections.hosting.mail.plugins.module_utils._module import guarded_write, run_module
from ansible_collections.hosting.mail.plugins.module_utils._plesk import idna_domain
from ansible_collections.hosting.mail.plugins.module_utils._plesk_module import plesk_argument_spec, plesk_client
from ansible_collections.hosting.mail.plugins.module_utils import _plesk_user as users
from ansible_collections.hosting.mail.plugins.module_utils._values import split_address


def argument_spec():
    spec = plesk_argument_spec()
    spec.update(
        login=dict(type='str', required=True),
        state=dict(type='str', choices=['present', 'absent'], default='present'),
        password=dict(type='str', no_log=True),
        update_password=dict(type='str', choices=['on_create', 'always'], default='on_create', no_log=False),
        name=dict(type='str'),
        email=dict(type='str'),
        contact=dict(type='dict', options={field: dict(type='str') for field in users.CONTACT_FIELDS}),
        status=dict(type='str', choices=['enabled', 'disabled']),
        role=dict(type='str'),
        owner_guid=dict(type='str'),
        owner_external_id=dict(type='str'),
        subscription=dict(type='str'),
        external_id=dict(type='str'),
    )
    return spec


class UserTask:
    """Read every user once, plan, then (unless check mode) write."""

    def __init__(self, module):
        self.module = module
        self.params = module.params
        self.client = plesk_client(module, extra_secrets=[module.params['password']])

    def run(self, result):
        params = self.params
        everyone = users.list_users(self.client)
        current = users.find_user(everyone, params['login'])
        result.update(user={}, id=None, guid=None, changed_fields=[])
        if params['state'] == 'absent':
            self.delete(result, current)
            return
        self.check_owner(current)
        if current and current['built_in'] and params['role'] not in (None, current['role']):
            raise PanelError('%s is a built-in Plesk user; its role cannot change.' % current['login'])
        if params['email'] is not None:
            split_address(params['email'], 'email')
        desired = users.desired_user(params, self.subscription_id())
        write_password = params['password'] is not None and (current is None or params['update_password'] == 'always')
        changed, values = users.plan_user(current, desired, params['password'] if write_password else None)
        # A customer named only by external id has an owner GUID we do not know; the server checks the role then.
        known_owner = not (params['owner_external_id'] and current is None)
        if 'role' in values and known_owner and not users.role_exists(self.client, values['role'], self.owner_guid(current)):
            raise PanelError('Plesk has no role named %r for this owner; create it in Plesk or pick an existing one.'
                             % values['role'])
        result.update(changed=bool(changed), changed_fields=changed)
        after = users.expected_user(current, desired, params['login'])
        self.set_diff(result, current, after, password_changed='password' in values)
        if changed and not self.module.check_mode:
            def write():
                packet = self.client.packet()
                if current is None:
                    users.add_operation(packet, params['login'], values, owner=self.owner_element())
                else:
                    users.set_operation(packet, current['guid'], values)
                users.check_result(self.client, users.send(self.client, packet)[0][0], packet.operations[0])

            def holds():
                now = users.find_user(users.list_users(self.client), params['login'])
                return now is not None and not [field for field in users.plan_user(now, desired)[0] if field != 'password']

            guarded_write(self.module, result, 'the change of the user %s' % params['login'], write, holds)
            after = users.find_user(users.list_users(self.client), params['login'])
        result.update(user=after, id=after['id'], guid=after['guid'])

    def delete(self, result, current):
        self.set_diff(result, current, None)
        if current is None:
            return
        if current['built_in']:
            raise PanelError('%s is a built-in Plesk user (the account\'s own login); it cannot be deleted.' % current['login'])
        result.update(changed=True, changed_fields=['deleted'])
        if not self.module.check_mode:
            def write():
                packet = self.client.packet()
                users.del_operation(packet, current['guid'])
                users.check_result(self.client, users.send(self.client, packet)[0][0], 'user/del')

            guarded_write(self.module, result, 'the deletion of the user %s' % current['login'], write,
                          lambda: users.find_user(users.list_users(self.client), current['login']) is None)

    def subscription_id(self):
        subscription = self.params['subscription']
        if subscription is None:
            return None
        if subscription.strip().lower() == 'all':
            return 0
        found = self.client.site_id(idna_domain(subscription), operators=('webspace',))
        if found is None:
            raise PanelError('Plesk has no subscription named %s.' % subscription)
        return found

    def owner_element(self):
        if self.params['owner_guid']:
            return ('owner-guid', self.params['owner_guid'])
        if self.params['owner_external_id']:
            return ('owner-external-id', self.params['owner_external_id'])
        return None

    def owner_guid(self, current):
        return self.params['owner_guid'] or (current or {}).get('owner_guid')

    def check_owner(self, current):
        """Plesk cannot move a user to another owner: say so rather than pretend."""
        if current is None:
            return
        params = self.params
        moved = params['owner_guid'] and params['owner_guid'].lower() != (current['owner_guid'] or '').lower()
        if params['owner_external_id'] and not moved:
            owned = users.list_users(self.client, owner_external_id=params['owner_external_id'])
            moved = current['guid'] not in [user['guid'] for user in owned]
        if moved:
            raise PanelError('The user %s belongs to another owner (%s); Plesk cannot move a user between owners. '
                             'Delete it and add it again under the new owner.' % (current['login'], current['owner_guid']))

    def set_diff(self, result, before, after, password_changed=False):
        if self.module._diff:
            shown_after = dict(after or {})
            if password_changed:
                shown_after['password'] = users.PASSWORD_MARKER
            result['diff'] = dict(before=before or {}, after=shown_after)


def main():
    module = AnsibleModule(argument_spec=argument_spec(), supports_check_mode=True,
                           mutually_exclusive=[('owner_guid', 'owner_external_id')])
    run_module(module, lambda result: UserTask(module).run(result), libraries=('requests', 'lxml'))


if __name__ == '__main__':
    main()
