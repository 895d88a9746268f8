# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Who owns what on the panel: owners (the admin, customers), their roles and their additional (panel) users.

These are the objects of the <user> and <role> operators. Each class reads its seed record and
dumps itself back in the same format (see state.py); the rules that span objects (unique logins,
roles of the owner, existing subscriptions) live in the Panel.
"""

from __future__ import annotations

import re

from .protocol import invalid

CONTACT_FIELDS = ('company', 'phone', 'fax', 'address', 'city', 'state', 'zip', 'country', 'im', 'imtype', 'comment',
                  'locale')
USER_STATUSES = ('enabled', 'disabled')
# What user.xsd's status values mean. That 1 is enabled and 0 disabled is a guess: no source says.
STATUS_WORDS = {'enabled': 'enabled', 'disabled': 'disabled', '1': 'enabled', '0': 'disabled'}
BUILT_IN_ROLES = ('Admin', 'Accountant')
# Role permissions, named after the options of Plesk's `role` command line utility (the docs confirm
# webSitesAndDomainsManagement and applicationsManagement); RoleGetOutputData needs at least one.
PERMISSIONS = (
    'userManagement', 'webSitesAndDomainsManagement', 'logRotationManagement', 'anonymousFtpManagement',
    'scheduledTasksManagement', 'spamfilterManagement', 'antivirusManagement', 'databasesManagement',
    'backupRestoreManagement', 'browseStats', 'applicationsManagement', 'filesManagement', 'ftpAccountsManagement',
    'dnsManagement', 'mailManagement', 'mailListsManagement',
)
MAX_LOGIN_LENGTH = 255

# A user's e-mail: what emailType allows ([^\W_] is a letter or digit), less what a panel would not take:
# an empty local part, a domain without a dot.
_EMAIL_LABEL = r'[^\W_](?:[^\W_]|-)*'
_EMAIL = re.compile(r'^(?:[^\W_]|[-+._])+@(?:%s\.)+%s\.?$' % (_EMAIL_LABEL, _EMAIL_LABEL))
MAX_EMAIL_LENGTH = 255
_LOGIN = re.compile(r'^\S+$')


class Owner:
    """An account that owns roles and users: the admin, or a customer."""

    def __init__(self, login, guid, name='', external_id='', email=None):
        self.login = login
        self.guid = guid
        self.name = name
        self.external_id = external_id
        self.email = email

    def to_dict(self):
        return {'login': self.login, 'guid': self.guid, 'external_id': self.external_id, 'name': self.name,
                'email': self.email}


class Role:
    """A role of one owner; users of that owner name it. Built-in roles (Admin, Accountant) cannot be changed."""

    def __init__(self, role_id, data, owner_guid):
        self.id = role_id
        self.name = data['name']
        self.owner_guid = owner_guid
        self.built_in = bool(data.get('built_in', False))
        everything = self.name == 'Admin' and self.built_in  # the built-in Admin may do anything
        self.permissions = {permission: everything for permission in PERMISSIONS}
        self.permissions.update(data.get('permissions', {}))

    def to_dict(self):
        return {'id': self.id, 'name': self.name, 'owner_guid': self.owner_guid, 'built_in': self.built_in,
                'permissions': dict(self.permissions)}


class PanelUser:
    """An additional panel user: a login with a role, owned by the admin or a customer.

    The password is stored as sent and never answered. ``contact`` holds only the contact-info
    fields that have a value; ``subscription_domain_id`` 0 means every subscription of the owner.
    """

    def __init__(self, user_id, guid, owner_guid, built_in=False):
        self.id = user_id
        self.guid = guid
        self.owner_guid = owner_guid
        self.built_in = built_in
        self.login = ''
        self.password = None
        self.name = ''
        self.contact = {}
        self.status = 'enabled'
        self.external_id = ''
        self.subscription_domain_id = 0
        self.email = None
        self.role = None

    def apply(self, change):
        """Take every setting ``change`` names (seed keys); contact fields given replace those stored, '' clears one."""
        for key in ('login', 'password', 'name', 'status', 'external_id', 'subscription_domain_id', 'email', 'role'):
            if key in change:
                setattr(self, key, change[key])
        for field, value in change.get('contact', {}).items():
            if value:
                self.contact[field] = value
            else:
                self.contact.pop(field, None)

    def check_values(self):
        """Raise 1019 for the first value a panel would refuse."""
        if not _LOGIN.match(self.login or '') or len(self.login) > MAX_LOGIN_LENGTH:
            raise invalid('login %r (1 to %d characters, no spaces)' % (self.login, MAX_LOGIN_LENGTH))
        if not self.password:
            raise invalid('the password is empty')
        if not (self.name or '').strip():
            raise invalid('the contact name is empty')
        if self.status not in USER_STATUSES:
            raise invalid('status %r (enabled, disabled, 1 or 0)' % (self.status,))
        if self.email is not None and (not _EMAIL.match(self.email) or len(self.email) > MAX_EMAIL_LENGTH):
            raise invalid('email %r is not an e-mail address' % self.email)
        subscription = self.subscription_domain_id
        if isinstance(subscription, bool) or not isinstance(subscription, int) or subscription < 0:
            raise invalid('subscription-domain-id %r (a webspace id, or 0 for all)' % (subscription,))
        for field, value in self.contact.items():
            if field not in CONTACT_FIELDS or not isinstance(value, str):
                raise invalid('contact-info %s=%r' % (field, value))

    def to_dict(self):
        return {
            'id': self.id, 'guid': self.guid, 'login': self.login, 'password': self.password, 'name': self.name,
            'owner_guid': self.owner_guid, 'contact': dict(self.contact), 'status': self.status,
            'external_id': self.external_id, 'subscription_domain_id': self.subscription_domain_id, 'email': self.email,
            'role': self.role, 'built_in': self.built_in,
        }
