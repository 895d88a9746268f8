#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: brainy_mailboxes
short_description: Converge many mailboxes of a BrainyCP hosting user, or of many users, in one task
version_added: 0.1.0
author:
  - hosting.mail contributors (@hosting-mail)
description:
  - The bulk sibling of M(hosting.mail.brainy_mailbox). It lists the hosting user's mailboxes once, plans each
    mailbox as M(hosting.mail.brainy_mailbox) does, and sends the needed C(addmail) and C(delmail) requests one
    after the other over one kept-alive connection (the API takes one operation per request). A converged user costs
    one request.
  - After writing, it lists the mailboxes once more and checks that each change the panel reported really happened.
  - When some mailboxes fail and others succeed, the task fails and reports each mailbox's outcome; a rerun finishes
    the job without repeating what was done.
  - As with M(hosting.mail.brainy_mailbox), the API cannot change the password or quota of an existing mailbox; a
    different quota is reported as a warning.
  - With O(users), one task converges the mailboxes of many hosting users over the same connection; each user is
    listed once (the API has no listing of several users), and the writes go out one after the other, each on
    behalf of its own user.
notes:
  - >-
    Progress: when the module runs on the controller (C(delegate_to: localhost), or panel hosts with
    C(ansible_connection: local)), a run that takes more than two seconds prints lines such as
    C(brainy_mailboxes [panel1] webmaster: 300/1000 mailboxes written) while it works (the label is
    O(panel_user) when the task sets it): at each new phase (reading, planning, writing, reading back) and otherwise
    at most every five seconds, or after every request with C(-vv); then how long it took. Shorter runs print none.
    In check mode they show reading and planning only. They hold counts, never a password or a panel's text.
  - Over any other connection, or with C(async), no progress is shown; the module works the same.
seealso:
  - module: hosting.mail.brainy_mailbox
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
  mailboxes:
    description:
      - The mailboxes of the hosting user (O(panel_user)). Without it, none (with O(prune) and O(prune_domains), every
        mailbox of those domains is deleted).
    type: list
    elements: dict
    suboptions:
      address:
        description:
          - The mailbox address; its domain must belong to the hosting user.
          - As in M(hosting.mail.brainy_mailbox), a new mailbox's domain with none of the user's mailboxes or forwards
            gets a warning (one per domain).
        type: str
        required: true
      password:
        description: The password, needed to create the mailbox.
        type: str
      quota:
        description:
          - Size limit when created, such as V(500) (megabytes), V(2G) or V(unlimited); unset, no limit.
          - "V(0) is refused: it means no limit on BrainyCP but an empty mailbox on Plesk; write V(unlimited)."
          - For an existing mailbox a different quota is reported as a warning, as M(hosting.mail.brainy_mailbox) does.
        type: str
      state:
        description: V(present) or V(absent).
        type: str
        choices: [present, absent]
        default: present
  prune:
    description:
      - Delete the hosting user's mailboxes in the domains of O(mailboxes) (or O(prune_domains)) that O(mailboxes) does
        not list, with their mail. In check mode they are reported, not deleted.
    type: bool
    default: false
  prune_domains:
    description:
      - The domains O(prune) looks at; by default the domains of the listed mailboxes.
      - With an empty O(mailboxes) and O(prune=true), give the domains here; otherwise nothing is pruned.
    type: list
    elements: str
  users:
    description:
      - Many hosting users in one task, instead of O(mailboxes) and O(prune_domains); O(panel_user) is not used.
      - A hosting user the panel refuses (unknown, or not one the API account may act for) is reported by name in
        RV(users) and the task's message, and its mailboxes as V(failed); the other users are converged all the same,
        and the task fails at the end.
    type: list
    elements: dict
    version_added: 0.2.0
    suboptions:
      panel_user:
        description: The hosting user, as O(panel_user); V("") for the API account's own.
        type: str
        required: true
      mailboxes:
        description: Its mailboxes, as O(mailboxes).
        type: list
        elements: dict
        default: []
        suboptions:
          address:
            description: The mailbox address, as O(mailboxes[].address).
            type: str
            required: true
          password:
            description: The password, needed to create the mailbox.
            type: str
          quota:
            description: Size limit when created, as O(mailboxes[].quota).
            type: str
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
- name: Every mailbox of the hosting user "shop"
  hosting.mail.brainy_mailboxes:
    brainycp_url: https://panel.example.com:8000
    brainycp_username: admin
    brainycp_password: "{{ vault_brainycp_password }}"
    panel_user: shop
    mailboxes:
      - {address: orders@shop.example, password: "{{ vault_orders_password }}", quota: 1G}
      - {address: info@shop.example, password: "{{ vault_info_password }}"}
      - {address: old@shop.example, state: absent}
  delegate_to: localhost

- name: Prune, with the connection settings from module_defaults
  module_defaults:
    group/hosting.mail.brainycp:
      brainycp_url: https://panel.example.com:8000
      brainycp_username: admin
      brainycp_password: "{{ vault_brainycp_password }}"
      panel_user: shop
  delegate_to: localhost
  block:
    - name: See first which mailboxes a prune would delete (check mode sends nothing)
      hosting.mail.brainy_mailboxes:
        mailboxes: "{{ shop_mailboxes }}"
        prune: true
        prune_domains: [shop.example, shop.example.net]
      check_mode: true
      register: preview

    - name: Show them
      ansible.builtin.debug:
        msg: "Would delete: {{ preview.mailboxes | selectattr('action', 'equalto', 'removed') | map(attribute='address') | list }}"

    - name: Converge and prune
      hosting.mail.brainy_mailboxes:
        mailboxes: "{{ shop_mailboxes }}"
        prune: true
        prune_domains: [shop.example, shop.example.net]
      register: converged

    - name: Show the counts
      ansible.builtin.debug:
        msg: "{{ converged.counts.created }} created, {{ converged.counts.removed }} deleted, {{ converged.counts.unchanged }} unchanged"

- name: The mailboxes of two hosting users in one task
  hosting.mail.brainy_mailboxes:
    users:
      - panel_user: shop
        mailboxes:
          - {address: orders@shop.example, password: "{{ vault_orders_password }}"}
      - panel_user: blog
        mailboxes:
          - {address: editor@blog.example, password: "{{ vault_editor_password }}", quota: 2G}
        prune_domains: [blog.example]
    prune: true
  delegate_to: localhost
'''

RETURN = r'''
mailboxes:
  description:
    - What happened to each mailbox (listed, then pruned), in the order they were planned; with O(users), user by
      user, those of the users that could not be listed last.
    - Also returned when the task fails part-way, so that it says what was done.
  returned: always, and on failure once the mailboxes were planned
  type: list
  elements: dict
  contains:
    address:
      description: The mailbox address, lower-cased.
      type: str
      sample: orders@shop.example
    action:
      description:
        - V(created), V(removed) or V(unchanged) (in check mode, what would happen).
        - On failure also V(failed) when the panel refused, or reported success but does not list the change;
          V(not_done) when the answer was lost and the listing shows it was not done (not resent); V(unknown) when the
          listing failed too; V(not_attempted) when the run broke off before this mailbox.
      type: str
      sample: created
    error:
      description: Why the mailbox's change failed.
      returned: when RV(mailboxes[].action) is V(failed), V(not_done) or V(unknown)
      type: str
      sample: "the domain of the mailbox does not belong to this hosting user: orders@other.example (addmail error 4: ...)"
# BEGIN generated by tools/update_return_docs.py: hosting-users (edit tools/return_docs.py, not here)
users:
  description:
    - Each hosting user of O(users), in that order, with what happened to its mailboxes.
    - Also returned when the task fails part-way.
  returned: when O(users) is given, also on failure once the mailboxes were planned
  type: list
  elements: dict
  version_added: 0.2.0
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
      description: How many of its mailboxes had each action, as RV(counts).
      type: dict
      sample: {created: 0, removed: 0, unchanged: 5, failed: 0, not_done: 0, unknown: 0, not_attempted: 0}
      contains:
        created:
          description: As RV(counts.created), for this one.
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
      description: Why its mailboxes could not be listed, and were not converged (each of them is then V(failed)).
      returned: when the hosting user could not be listed
      type: str
      sample: BrainyCP has no hosting user nobody ...
# END generated by tools/update_return_docs.py: hosting-users
counts:
  description: How many mailboxes had each action; every action is present, most often with V(0).
  returned: always, and on failure once the mailboxes were planned
  type: dict
  contains:
    created:
      description: Mailboxes created.
      type: int
      sample: 3
    removed:
      description: Mailboxes deleted (listed with O(mailboxes[].state=absent), or pruned).
      type: int
      sample: 0
    unchanged:
      description: Mailboxes that were already as asked.
      type: int
      sample: 997
    failed:
      description: Mailboxes whose change failed.
      type: int
      sample: 0
    not_done:
      description: Mailboxes whose change was lost and not made.
      type: int
      sample: 0
    unknown:
      description: Mailboxes whose outcome could not be read back.
      type: int
      sample: 0
    not_attempted:
      description: Mailboxes not tried because the run broke off.
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

from ansible_collections.hosting.mail.plugins.module_utils._brainycp_bulk import MailboxesTask, hosting_users
from ansible_collections.hosting.mail.plugins.module_utils._brainycp_module import brainycp_argument_spec, brainycp_client, brainycp_mailbox_spec
from ansible_collections.hosting.mail.plugins.module_utils._module import BulkModule, run_module
from ansible_collections.hosting.mail.plugins.module_utils._progress import Progress


def converge(module, result):
    params = module.params
    entries = params['mailboxes'] if params['users'] is None else [box for user in params['users'] for box in user['mailboxes']]
    client = brainycp_client(module, extra_secrets=[entry.get('password') for entry in entries])
    task = MailboxesTask(hosting_users(client, params), many=params['users'] is not None, prune=params['prune'],
                         progress=Progress(), warn=module.warn, check_mode=module.check_mode, diff=module._diff)
    task.run(result)


def main():
    spec = brainycp_argument_spec()
    spec.update(
        mailboxes=dict(type='list', elements='dict', options=brainycp_mailbox_spec()),
        prune=dict(type='bool', default=False),
        prune_domains=dict(type='list', elements='str'),
        users=dict(type='list', elements='dict', options=dict(
            panel_user=dict(type='str', required=True),
            mailboxes=dict(type='list', elements='dict', default=[], options=brainycp_mailbox_spec()),
            prune_domains=dict(type='list', elements='str'),
        )),
    )
    module = BulkModule(argument_spec=spec, supports_check_mode=True,
                        # panel_user may come from module_defaults or BRAINYCP_PANEL_USER: users overrides it.
                        mutually_exclusive=[('users', 'mailboxes'), ('users', 'prune_domains')])
    if module.params['users'] is None and module.params['mailboxes'] is None:
        module.params['mailboxes'] = []
    run_module(module, lambda result: converge(module, result))


if __name__ == '__main__':
    main()
