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
      - External id of the owner (for example its id in a billing system), instead of O(owner_guid).
      - Mutually exclusive with O(owner_guid).
    type: str
  subscription:
    description:
      - The subscription (main domain name) the user may access, or V(all) for every subscription of the owner.
      - Returned as the subscription's id in RV(user.subscription_id).
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

- name: Panel users, with the connection settings from module_defaults
  module_defaults:
    group/hosting.mail.plesk:
      plesk_url: https://panel.example.com:8443
      plesk_secret_key: "{{ vault_plesk_secret_key }}"
      plesk_api_version: "1.6.9.0"
  delegate_to: localhost
  block:
    - name: Users of a customer, known by the billing system's id
      hosting.mail.plesk_user:
        login: "{{ item.login }}"
        # The items hold no password: with -v Ansible prints each item whole, whatever the label says.
        password: "{{ vault_panel_passwords[item.login] }}"
        name: "{{ item.name }}"
        role: Accountant
        owner_external_id: crm-customer-1042
        external_id: "{{ item.crm_id }}"
      loop:
        - {login: anna@example.com, name: Anna Berg, crm_id: crm-7}
        - {login: ben@example.com, name: Ben Ode, crm_id: crm-8}
      loop_control:
        label: "{{ item.login }}"

    - name: Preview a change of role and subscription, without changing anything
      hosting.mail.plesk_user:
        login: john@example.com
        role: Accountant
        subscription: all
      check_mode: true
      register: john_preview

    - name: Show what would change, for example role and subscription_id
      ansible.builtin.debug:
        msg: "{{ john_preview.changed_fields }}"

    - name: Disable John
      hosting.mail.plesk_user:
        login: john@example.com
        status: disabled

    - name: Delete a user
      hosting.mail.plesk_user:
        login: old.colleague@example.com
        state: absent
      register: deleted

    - name: Say whether there was anyone to delete
      ansible.builtin.debug:
        msg: "{{ 'deleted' if 'deleted' in deleted.changed_fields else 'there was no such user' }}"
'''

RETURN = r'''
user:
  description:
    - The user as it stands after the task (in check mode, as it would stand); empty when O(state=absent).
      Never the password; Plesk does not report it.
  returned: always
  type: dict
  contains:
    login:
      description: The login, as Plesk stores it.
      type: str
      sample: jane@example.com
    id:
      description: The Plesk id of the user; null when it would be added in check mode.
      type: int
      sample: 4
    guid:
      description: The GUID of the user; null when it would be added in check mode.
      type: str
      sample: 3f0b4c1e-9d2a-4f64-8e5b-5a1f0c7d2e11
    name:
      description: The display (contact) name.
      type: str
      sample: Jane Doe
    email:
      description: The e-mail address, or null.
      type: str
      sample: jane@example.com
    status:
      description: V(enabled) or V(disabled).
      type: str
      sample: enabled
    owner_guid:
      description: GUID of the account (customer or administrator) the user belongs to.
      type: str
      sample: 0c7d2e11-5a1f-4f64-8e5b-3f0b4c1e9d2a
    external_id:
      description: The user's external id; empty when none is set.
      type: str
      sample: ''
    subscription_id:
      description: The id of the subscription the user may access; V(0) for all subscriptions of the owner.
      type: int
      sample: 1
    role:
      description: The name of the user's role.
      type: str
      sample: WebMaster
    built_in:
      description: Whether this is the account's own built-in user, which cannot be deleted or given another role.
      type: bool
      sample: false
    contact:
      description: Contact information; every field is present, empty when not set.
      type: dict
      sample: {company: Example Ltd, phone: "+49 30 1234567", fax: '', address: '', city: '', state: '', zip: '',
               country: '', im: '', im_type: '', comment: '', locale: ''}
      contains:
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
          description: Country code.
          type: str
        im:
          description: Instant messenger account.
          type: str
        im_type:
          description: Instant messenger type.
          type: str
        comment:
          description: A free comment.
          type: str
        locale:
          description: Interface language.
          type: str
id:
  description: The Plesk id of the user; null when absent, or when it would be added in check mode.
  returned: always
  type: int
  sample: 4
guid:
  description: The GUID of the user; null when absent, or when it would be added in check mode.
  returned: always
  type: str
  sample: 3f0b4c1e-9d2a-4f64-8e5b-5a1f0c7d2e11
changed_fields:
  description:
    - What changed, or would change in check mode; empty when nothing did.
    - V(created) or V(deleted) for those actions. Otherwise the settings (V(name), V(email), V(status), V(role),
      V(external_id), V(subscription_id) for O(subscription), V(password)), and V(contact.<field>) for each contact
      field.
  returned: always
  type: list
  elements: str
  sample: [status]
write_outcome:
  description:
    - The answer to the write was lost (connection reset, timeout, garbled answer) and the users were read back.
      V(done) means the panel holds the change, and the task goes on with a warning; V(not_done) (the change was
      not made and was not repeated) and V(unknown) (the read back failed too) come with a failed task.
  returned: when the answer to a write was lost
  type: str
  sample: done
error:
  description:
    - What went wrong, for playbooks that test it (after C(ignore_errors), or in a C(rescue) as
      C(ansible_failed_result.error)). C(msg) says the same in words; neither ever holds a secret.
  returned: failure
  type: dict
  contains:
    type:
      description:
        - The kind of error. V(ApiError) (Plesk refused an operation), V(AuthenticationError) (credentials or address
          refused), V(TransportError) (no usable answer), V(CertificateError), V(HttpStatusError),
          V(GarbledAnswerError) or V(XmlParseError) (an answer that cannot be read), V(WriteOutcomeError) (a write
          whose answer was lost, see RV(error.write_outcome)), V(OptionError) (an option value that cannot be used),
          or V(PanelError) (anything else, such as a site that does not exist).
      type: str
      sample: ApiError
    url:
      description: The API URL of the failed request; null when the error is not about a request.
      type: str
      sample: https://panel.example.com:8443/enterprise/control/agent.php
    http_status:
      description: The HTTP status of the panel's answer.
      returned: when an answer arrived
      type: int
      sample: 200
    code:
      description: The Plesk error code.
      returned: for V(ApiError), and for V(AuthenticationError) when Plesk gave a code
      type: int
      sample: 1007
    text:
      description: Plesk's error text.
      returned: for V(ApiError)
      type: str
      sample: Mail name or alias hello@example.com already exists
    operation:
      description: The operation Plesk refused.
      returned: for V(ApiError)
      type: str
      sample: mail/update/add
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
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.hosting.mail.plugins.module_utils._errors import PanelError
from ansible_collections.hosting.mail.plugins.module_utils._module import run_module
from ansible_collections.hosting.mail.plugins.module_utils._outcomes import guarded_write
from ansible_collections.hosting.mail.plugins.module_utils._plesk import idna_domain
from ansible_collections.hosting.mail.plugins.module_utils._plesk_module import plesk_argument_spec, plesk_client
from ansible_collections.hosting.mail.plugins.module_utils import _plesk_user as users


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
        users.check_login(params['login'])
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
            params = dict(params, email=users.user_email(params['email']))
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

            guarded_write(self.module.warn, result, 'the change of the user %s' % params['login'], write, holds)
            after = users.find_user(users.list_users(self.client), params['login'])
            if after is None:
                raise PanelError('Plesk accepted the user %s but lists no user with that login now; check the panel.'
                                 % params['login'])
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

            guarded_write(self.module.warn, result, 'the deletion of the user %s' % current['login'], write,
                          lambda: users.find_user(users.list_users(self.client), current['login']) is None)

    def subscription_id(self):
        subscription = self.params['subscription']
        if subscription is None:
            return None
        if subscription.strip().lower() == 'all':
            return 0
        found = self.client.site_id(idna_domain(subscription, 'subscription'), operators=('webspace',))
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
