# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The api.php protocol of the simulator: credentials, module/subdo dispatch, messages in two languages, answer shapes.

Requests are form fields (``login``, ``pass``, ``module=mailclient``, ``subdo``, ``language``, ``panel_user``
and the operation's own); answers are JSON objects such as ``{"code":0,"message":"...","data":[...]}``.
The Russian messages are the panel's own (its ru/api.php string table); the English ones are made up
in the wiki's manner, each naming the object it is about.
"""

from __future__ import annotations

import json

from .state import (DELETE_TARGETS, DELETE_WHOLE, FORWARD_APPEND, FORWARD_REPLACE, FORWARDS_DROPPED, FORWARDS_KEPT,
                    NO_PERMISSION, NO_SUCH_USER, OK, PARAMETER_ERROR, WRONG_COMMAND, ApiError)

MODULE = 'mailclient'
# What the panel answers to wrong credentials, in both languages and whatever the shape quirks say.
NOT_PERMITTED = b'{"code":1,"message":"Not perm2"}'
WRITE_PREFIXES = ('add', 'del', 'on', 'off')

# Behaviours no source pins down, switchable per test. The first value is the default.
QUIRKS = {
    'code_key': ('code', 'error'),  # the key of the result code
    'message_key': ('message', 'mess'),  # the key of the text
    'payload_key': ('data', 'detail', 'array'),  # the key of a list operation's items
    # List items as objects, or as strings: "box@example.com", "a@example.com -> b@example.net,c@example.org".
    'items': ('objects', 'strings'),
    # The arrow of a forward as a string: "->", or "=>" as the panel's own messages write a forward.
    'forward_arrow': ('->', '=>'),
    # addforward for a source that has a forward already: add the targets to it, or replace its targets.
    'addforward': (FORWARD_APPEND, FORWARD_REPLACE),
    # delforward: remove the targets named, or the source's whole forward whatever targets are named.
    'delforward': (DELETE_TARGETS, DELETE_WHOLE),
    # delmail: the forward whose source is the deleted address stays, or goes with the mailbox.
    'delmail_forwards': (FORWARDS_KEPT, FORWARDS_DROPPED),
}

# (Russian, English) per code, shared by every operation.
COMMON_MESSAGES = {
    PARAMETER_ERROR: ('Ошибка в параметрах!', 'Error in the parameter array'),
    NO_PERMISSION: ('У вас нет прав для администрирования пользователя', 'You do not have permission to administer this user'),
    NO_SUCH_USER: ('Такой пользователь отсутствует в Brainy: %s', 'There is no such user in the ISP-panel: %s'),
    WRONG_COMMAND: ('Ошибочная комманда', 'wrong command'),
}

# (Russian, English) per operation and code; %s is the object the answer is about.
MESSAGES = {
    ('getlistmail', 0): ('Список почтовых ящиков успешно получен для %s', 'The mailbox list was successfully retrieved for: %s'),
    ('getlistmail', 1): ('Никаких почтовых ящиков не было найдено для %s', 'Nothing was found for: %s'),
    ('getforwardmail', 0): ('Список перенаправлений успешно получен для %s', 'The list of mail forwards was successfully retrieved for: %s'),
    ('getforwardmail', 1): ('Никаких перенаправлений почтовых ящиков не было найдено для %s', 'No mailbox forwards found for: %s'),
    ('addmail', 0): ('Новый почтовый ящик был успешно добавлен: %s', 'Mailbox added successfully: %s'),
    ('addmail', 1): ('Такой почтовый ящик уже существует: %s', 'This mailbox already exists: %s'),
    ('addmail', 4): ('Указанный домен почтового ящика не найден в системе: %s', 'The domain of the mailbox was not found in the system: %s'),
    ('delmail', 0): ('Почтовый ящик был успешно удален: %s', 'Mailbox deleted successfully: %s'),
    ('delmail', 3): ('Нечего удалять, такой почтовый ящик не найден: %s', 'Nothing to delete, no such mailbox found: %s'),
    ('addforward', 0): ('Перенаправление почтового ящика было выполнено успешно: %s', 'Mail forward added successfully: %s'),
    ('addforward', 3): ('Ошибка в адресах почтовых ящиков: %s', 'Error in mailbox addresses: %s'),
    ('delforward', 0): ('Перенаправление почтового ящика было успешно удалено %s', 'Mail forward deleted successfully: %s'),
    ('delforward', 1): ('Произошла ошибка при удалении перенаправления почтового ящика: %s', 'Error deleting forward: %s'),
    ('onspf', 0): ('SPF успешно активирован для домена %s', 'SPF successfully enabled for domain %s'),
    ('onspf', 1): ('Данный домен не найден для пользователя %s', 'This domain not found for the user: %s'),
    ('onspf', 3): ('SPF уже включен для домена %s', 'SPF already enabled for domain %s'),
    ('offspf', 0): ('SPF успешно отключен для домена %s', 'SPF successfully disabled for domain %s'),
    ('offspf', 1): ('Данный домен не найден для пользователя %s', 'This domain not found for the user: %s'),
    ('offspf', 3): ('SPF уже отключен для домена %s', 'SPF already disabled for domain %s'),
    ('ondkim', 0): ('OpenDkim успешно активирован для %s', 'OpenDkim successfully activated for %s'),
    ('ondkim', 1): ('Данный домен не найден для пользователя %s', 'This domain not found for the user: %s'),
    ('ondkim', 3): ('OpenDkim уже запущен для %s', 'OpenDkim already running for %s'),
    ('offdkim', 0): ('OpenDkim успешно отключен для %s', 'OpenDkim successfully disabled for %s'),
    ('offdkim', 1): ('Данный домен не найден для пользователя %s', 'This domain not found for the user: %s'),
}


def mailbox_string(item, quirks):
    return item['email']


def forward_string(item, quirks):
    return '%s %s %s' % (item['source'], quirks['forward_arrow'], item['target'])


class Operation:
    """A ``mailclient`` operation: ``handler(user, form, quirks)`` returns a Result; list items turn to strings by
    ``as_string(item, quirks)``."""

    def __init__(self, handler, as_string=None):
        self.handler = handler
        self.as_string = as_string


OPERATIONS = {
    'getlistmail': Operation(lambda user, form, quirks: user.list_mailboxes(), mailbox_string),
    'getforwardmail': Operation(lambda user, form, quirks: user.list_forwards(), forward_string),
    'addmail': Operation(lambda user, form, quirks: user.add_mailbox(form.get('email'), form.get('password'), form.get('quota'))),
    'delmail': Operation(lambda user, form, quirks: user.delete_mailbox(form.get('email'), quirks['delmail_forwards'])),
    'addforward': Operation(lambda user, form, quirks: user.add_forward(form.get('source'), form.get('target'), form.get('save_local'),
                                                                        quirks['addforward'])),
    'delforward': Operation(lambda user, form, quirks: user.delete_forward(form.get('source'), form.get('target'),
                                                                           quirks['delforward'])),
    'onspf': Operation(lambda user, form, quirks: user.switch('spf', True, form.get('domain'))),
    'offspf': Operation(lambda user, form, quirks: user.switch('spf', False, form.get('domain'))),
    'ondkim': Operation(lambda user, form, quirks: user.switch('dkim', True, form.get('domain'))),
    'offdkim': Operation(lambda user, form, quirks: user.switch('dkim', False, form.get('domain'))),
}


def check_quirks(values):
    """``values`` if every quirk and value is known; ValueError otherwise."""
    if not isinstance(values, dict):
        raise ValueError('quirks must be a JSON object, got %r' % (values,))
    for name, value in values.items():
        if name not in QUIRKS:
            raise ValueError('unknown quirk %r (known: %s)' % (name, ', '.join(sorted(QUIRKS))))
        if value not in QUIRKS[name]:
            raise ValueError('quirk %s takes %s, not %r' % (name, ' or '.join(QUIRKS[name]), value))
    return dict(values)


def is_write(operation):
    """Whether an operation name asks for a change (add*, del*, on*, off*), known to the panel or not."""
    return bool(operation) and operation.startswith(WRITE_PREFIXES)


def message(operation, code, subject, english):
    texts = MESSAGES.get((operation, code)) or COMMON_MESSAGES[code]
    text = texts[1 if english else 0]
    return text % subject if '%s' in text else text


def render(code, text, items, quirks):
    answer = {quirks['code_key']: code, quirks['message_key']: text}
    if items:
        answer[quirks['payload_key']] = items
    # PHP's json_encode: compact, non-ASCII escaped as \\uXXXX.
    return json.dumps(answer, separators=(',', ':')).encode('ascii')


def answer(form, panel, quirks):
    """The body api.php answers to ``form`` (a dict of the POST fields), changing ``panel`` as asked."""
    account = panel.authenticate(form.get('login'), form.get('pass'))
    if account is None:
        return NOT_PERMITTED
    module, operation_name = form.get('module', ''), form.get('subdo', '')
    if not module and not operation_name:
        return b''  # the wiki: a correct login with nothing to do shows "a blank page"
    english = form.get('language', '').strip().lower() == 'en'
    operation = OPERATIONS.get(operation_name) if module == MODULE else None
    if operation is None:
        return render(WRONG_COMMAND, message(operation_name, WRONG_COMMAND, '', english), None, quirks)
    try:
        user = panel.target_user(account, form.get('panel_user', '').strip())
    except ApiError as error:
        return render(error.code, message(operation_name, error.code, error.subject, english), None, quirks)
    result = operation.handler(user, form, quirks)
    items = result.items if result.code == OK else None
    if items and quirks['items'] == 'strings':
        items = [operation.as_string(item, quirks) for item in items]
    return render(result.code, message(operation_name, result.code, result.subject, english), items, quirks)
