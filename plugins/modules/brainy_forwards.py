#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: brainy_forwards
short_description: Converge many mail forwards of a BrainyCP hosting user, or of many users, in one task
version_added: 0.2.0
author:
  - hosting.mail contributors (@hosting-mail)
description:
  - The bulk sibling of M(hosting.mail.brainy_forward). It lists the hosting user's forwards once, plans each forward
    as M(hosting.mail.brainy_forward) does, and writes the forwards that differ one after the other over one
    kept-alive connection, each as M(hosting.mail.brainy_forward) writes it (then lists it again to check it). A
    converged user costs one request.
  - With O(users), one task converges the forwards of many hosting users; each user is listed once.
  - When some forwards fail and others succeed, the task fails and reports each forward's outcome; a rerun finishes
    the job without repeating what was done. A forward whose answer was lost is read back, never sent again.
notes:
  - >-
    Progress: when the module runs on the controller (C(delegate_to: localhost), or panel hosts with
    C(ansible_connection: local)), a run that takes more than two seconds prints lines such as
    C(brainy_forwards [panel1] shop: 30/100 forwards written) while it works, as M(hosting.mail.brainy_mailboxes)
    does.
  - Over any other connection, or with C(async), no progress is shown; the module works the same.
seealso:
  - module: hosting.mail.brainy_forward
  - module: hosting.mail.brainy_mailboxes
  - module: hosting.mail.brainy_mailbox_info
extends_documentation_fragment:
  - hosting.mail.brainycp
  - hosting.mail.attributes
  - hosting.mail.attributes.actiongroup_brainycp
attributes:
  action:
    description: Has an action plugin of the same name, which runs on the controller around the module.
    support: full
    details:
      - It only shows the progress of long runs; see the notes.
  check_mode:
    support: full
  diff_mode:
    support: full
  idempotent:
    support: full
options:
  forwards:
    description:
      - The forwards of the hosting user (O(panel_user)), each with the options of M(hosting.mail.brainy_forward).
        Without it, none (with O(prune) and O(prune_domains), every forward of those domains is removed).
    type: list
    elements: dict
    suboptions:
      source:
        description: The address whose mail is forwarded, in a domain of the hosting user.
        type: str
        required: true
      targets:
        description: The exact list of addresses the mail goes to. Needed with O(forwards[].state=present).
        type: list
        elements: str
      save_local:
        description:
          - Whether a copy stays in the mailbox of O(forwards[].source).
          - Unset, a new forward does not keep a copy and an existing one keeps its setting.
        type: bool
      state:
        description: V(present) makes the forward exist with exactly its targets; V(absent) removes it.
        type: str
        choices: [present, absent]
        default: present
  prune:
    description:
      - Remove the hosting user's forwards in the domains of O(forwards) (or O(prune_domains)) that O(forwards) does not
        list. In check mode they are reported, not removed.
    type: bool
    default: false
  prune_domains:
    description:
      - The domains O(prune) looks at; by default the domains of the listed forwards.
    type: list
    elements: str
  users:
    description:
      - Many hosting users in one task, instead of O(forwards) and O(prune_domains); O(panel_user) is not used.
      - A hosting user the panel refuses is reported by name in RV(users) and the task's message, and its forwards as
        V(failed); the other users are converged all the same, and the task fails at the end.
    type: list
    elements: dict
    suboptions:
      panel_user:
        description: The hosting user, as O(panel_user); V("") for the API account's own.
        type: str
        required: true
      forwards:
        description: Its forwards, as O(forwards).
        type: list
        elements: dict
        default: []
        suboptions:
          source:
            description: The address whose mail is forwarded.
            type: str
            required: true
          targets:
            description: The exact list of addresses the mail goes to.
            type: list
            elements: str
          save_local:
            description: Whether a copy stays in the mailbox of the source, as O(forwards[].save_local).
            type: bool
          state:
            description: V(present) or V(absent).
            type: str
            choices: [present, absent]
            default: present
      prune_domains:
        description: The domains O(prune) looks at for this user, as O(prune_domains).
        type: list
        elements: str
'''

EXAMPLES = r'''
---
- name: Every forward of the hosting user "shop"; remove the others of shop.example
  hosting.mail.brainy_forwards:
    brainycp_url: https://panel.example.com:8000
    brainycp_username: admin
    brainycp_password: "{{ vault_brainycp_password }}"
    panel_user: shop
    forwards:
      - {source: sales@shop.example, targets: [anna@shop.example, boss@example.net], save_local: true}
      - {source: info@shop.example, targets: [anna@shop.example]}
    prune: true
  delegate_to: localhost

- name: See first what would change (check mode sends nothing), then say what changed
  delegate_to: localhost
  block:
    - name: Preview the forwards of "shop"
      hosting.mail.brainy_forwards:
        panel_user: shop
        forwards: "{{ shop_forwards }}"
        prune: true
      check_mode: true
      register: preview

    - name: Show what a real run would do
      ansible.builtin.debug:
        msg: >-
          {{ preview.counts.created }} to create, {{ preview.counts.updated }} to change,
          {{ preview.forwards | selectattr('action', 'equalto', 'removed') | map(attribute='source') | list }} to remove

- name: The forwards of two hosting users in one task, with the connection settings from module_defaults
  module_defaults:
    group/hosting.mail.brainycp:
      brainycp_url: https://panel.example.com:8000
      brainycp_username: admin
      brainycp_password: "{{ vault_brainycp_password }}"
  hosting.mail.brainy_forwards:
    users:
      - panel_user: shop
        forwards:
          - {source: sales@shop.example, targets: [anna@shop.example]}
      - panel_user: blog
        forwards:
          - {source: old@blog.example, state: absent}
  delegate_to: localhost
'''

RETURN = r'''
forwards:
  description:
    - What happened to each forward (listed, then pruned), in the order they were planned; with O(users), user by
      user, those of the users that could not be listed last.
    - Also returned when the task fails part-way, so that it says what was done.
  returned: always, and on failure once the forwards were planned
  type: list
  elements: dict
  contains:
    source:
      description: The forward's source address, lower-cased.
      type: str
      sample: sales@shop.example
    action:
      description:
        - V(created), V(updated), V(removed) or V(unchanged) (in check mode, what would happen).
        - On failure also V(failed) when the panel refused, or does not list the change afterwards; V(not_done) when
          the answer was lost and the listing shows it was not done (not resent); V(unknown) when the listing failed
          too (the run then breaks off); V(not_attempted) when the run broke off before this forward.
      type: str
      sample: updated
    changed_fields:
      description: As RV(hosting.mail.brainy_forward#module:changed_fields); empty for an unchanged forward.
      type: list
      elements: str
      sample: [targets]
    error:
      description: Why the forward's change failed.
      returned: when RV(forwards[].action) is V(failed), V(not_done) or V(unknown)
      type: str
      sample: "BrainyCP accepted the change of the forward for sales@shop.example but now lists ..."
# BEGIN generated by tools/update_return_docs.py: hosting-users (edit tools/return_docs.py, not here)
users:
  description:
    - Each hosting user of O(users), in that order, with what happened to its forwards.
    - Also returned when the task fails part-way.
  returned: when O(users) is given, also on failure once the forwards were planned
  type: list
  elements: dict
  contains:
    panel_user:
      description: The hosting user as given; V("") for the API account's own.
      type: str
      sample: shop
    hosting_user:
      description: The hosting user the requests acted for.
      type: str
      sample: shop
    counts:
      description: How many of its forwards had each action, as RV(counts).
      type: dict
      sample: {created: 0, updated: 1, removed: 0, unchanged: 4, failed: 0, not_done: 0, unknown: 0,
        not_attempted: 0}
      contains:
        created:
          description: As RV(counts.created), for this one.
          type: int
        updated:
          description: As RV(counts.updated), for this one.
          type: int
        removed:
          description: As RV(counts.removed), for this one.
          type: int
        unchanged:
          description: As RV(counts.unchanged), for this one.
          type: int
        failed:
          description: As RV(counts.failed), for this one.
          type: int
        not_done:
          description: As RV(counts.not_done), for this one.
          type: int
        unknown:
          description: As RV(counts.unknown), for this one.
          type: int
        not_attempted:
          description: As RV(counts.not_attempted), for this one.
          type: int
    error:
      description: Why its forwards could not be listed, and were not converged (each of them is then V(failed)).
      returned: when the hosting user could not be listed
      type: str
      sample: BrainyCP has no hosting user nobody ...
# END generated by tools/update_return_docs.py: hosting-users
counts:
  description: How many forwards had each action; every action is present, most often with V(0).
  returned: always, and on failure once the forwards were planned
  type: dict
  contains:
    created:
      description: Forwards created.
      type: int
      sample: 1
    updated:
      description: Forwards whose targets or save_local changed.
      type: int
      sample: 1
    removed:
      description: Forwards removed (listed with O(forwards[].state=absent), or pruned).
      type: int
      sample: 0
    unchanged:
      description: Forwards that were already as asked.
      type: int
      sample: 98
    failed:
      description: Forwards whose change failed.
      type: int
      sample: 0
    not_done:
      description: Forwards whose change was lost and not made.
      type: int
      sample: 0
    unknown:
      description: Forwards whose outcome could not be read back.
      type: int
      sample: 0
    not_attempted:
      description: Forwards not tried because the run broke off.
      type: int
      sample: 0
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
          V(GarbledAnswerError) (an answer that cannot be read), V(WriteOutcomeError) (writes whose answer was lost and
          whose outcome could not be read back), V(OptionError) (an option value that cannot be used), or V(PanelError)
          (anything else, such as a change the panel accepted but does not list afterwards).
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
      description: 'V(unknown): the panel could not be read back after a lost answer; each item''s action says the same.'
      returned: for V(WriteOutcomeError)
      type: str
      sample: unknown
# END generated by tools/update_return_docs.py: error
'''

from ansible_collections.hosting.mail.plugins.module_utils._brainycp_bulk import ForwardsTask, forward_users
from ansible_collections.hosting.mail.plugins.module_utils._brainycp_module import brainycp_argument_spec, brainycp_client, brainycp_forward_spec
from ansible_collections.hosting.mail.plugins.module_utils._module import BulkModule, run_module
from ansible_collections.hosting.mail.plugins.module_utils._progress import Progress


def converge(module, result):
    params = module.params
    task = ForwardsTask(forward_users(brainycp_client(module), params), many=params['users'] is not None,
                        prune=params['prune'], progress=Progress(), warn=module.warn, check_mode=module.check_mode,
                        diff=module._diff)
    task.run(result)


def main():
    spec = brainycp_argument_spec()
    spec.update(
        forwards=dict(type='list', elements='dict', options=brainycp_forward_spec()),
        prune=dict(type='bool', default=False),
        prune_domains=dict(type='list', elements='str'),
        users=dict(type='list', elements='dict', options=dict(
            panel_user=dict(type='str', required=True),
            forwards=dict(type='list', elements='dict', default=[], options=brainycp_forward_spec()),
            prune_domains=dict(type='list', elements='str'),
        )),
    )
    module = BulkModule(argument_spec=spec, supports_check_mode=True,
                        # panel_user may come from module_defaults or BRAINYCP_PANEL_USER: users overrides it.
                        mutually_exclusive=[('users', 'forwards'), ('users', 'prune_domains')])
    if module.params['users'] is None and module.params['forwards'] is None:
        module.params['forwards'] = []
    run_module(module, lambda result: converge(module, result))


if __name__ == '__main__':
    main()
