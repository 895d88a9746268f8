# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is PRIVATE to the hosting.mail collection. It may change at any time.

"""A Plesk domain's mail settings (``<mail>`` get_prefs, set_prefs, enable, disable) and its mail-authentication
DNS records (``<dns>`` get, get_rec, add_rec, del_rec): read as dicts, planned, written.

Open points of the docs this code is written to survive (each a mode of the simulator):

- get_prefs may leave fields out (a 1.6.9.1 server was seen without ``greylisting``) or answer ``<none/>``; a field
  not reported is ``None``, never guessed.
- set_prefs with some fields may keep the others or reset them to defaults: the module sends what differs, reads
  back, and sends the whole set once more if the panel did not keep the rest.
- ``mailservice`` in set_prefs may not switch the service: ``enable``/``disable`` are the documented switches.
- Record hosts come back absolute (with or without the trailing dot) or relative, in any case.
- A get_prefs error result carries no site-id, enable/disable results never do: one site per operation.
"""

from __future__ import annotations

from ansible_collections.hosting.mail.plugins.module_utils._errors import GarbledAnswerError, OptionError, PanelError
from ansible_collections.hosting.mail.plugins.module_utils._outcomes import guarded_write
from ansible_collections.hosting.mail.plugins.module_utils._plesk import PANEL, child, listed_int
from ansible_collections.hosting.mail.plugins.module_utils._values import ascii_domain, split_address

# The module's names of the MailPreferences fields, in the XSD's element order (mailservice apart: see below).
SETTINGS = ('unknown_recipient', 'webmail', 'signing', 'greylisting', 'mail_service')
_TAGS = {'webmail': 'webmail', 'signing': 'spam-protect-sign', 'greylisting': 'greylisting', 'mail_service': 'mailservice'}
_BOOLEANS = ('signing', 'greylisting', 'mail_service')
UNKNOWN_RECIPIENT_ACTIONS = ('bounce', 'forward', 'reject')

SPF_PREFIX = 'v=spf1'
DMARC_PREFIX = 'v=DMARC1'
DMARC_HOST = '_dmarc'
DKIM_HOST = 'default._domainkey'
ZONE_NONE = 'none'


# --- reading a domain ------------------------------------------------------------------------------

def read_domain(client, domain, site_id, add_reads):
    """``(site_id, answers)``: the answers of the reads ``add_reads(packet, site_id)`` adds, for the site of ``domain``.

    Without ``site_id`` the site is looked up by name first. With one, the id is checked to be the site of ``domain``
    in the same packet as the reads, and the task fails before any write if it is not.
    """
    if site_id is None:
        site_id = client.site_id(domain)
        if site_id is None:
            raise PanelError('Plesk has no site or subscription named %s (looked up with site/get and webspace/get).'
                             % domain)
        packet = client.packet()
        add_reads(packet, site_id)
        return site_id, client.send(packet, safe_to_repeat=True)
    packet = client.packet()
    client.add_site_check(packet, site_id)
    add_reads(packet, site_id)
    answers = client.send(packet, safe_to_repeat=True)
    client.require_site(answers[:2], site_id, domain)
    return site_id, answers[2:]


def send_checked(client, packet, result=None):
    """Send a write packet; raise on the first refused operation, ``result['completed_operations']`` (if a ``result``
    is given) naming those done before it."""
    answers = client.send(packet)
    done = []
    for label, results in zip(packet.operations, answers):
        if result is not None:
            result['completed_operations'] = done
        client.single(results, label)
        done.append(label)
    if result is not None:
        result.pop('completed_operations', None)


# --- mail settings ---------------------------------------------------------------------------------

def add_get_prefs(packet, site_id):
    get = packet.operation(packet.operator('mail'), 'get_prefs')
    child(child(get, 'filter'), 'site-id', site_id)


def _answered_bool(text, what):
    value = (text or '').strip().lower()
    if value in ('true', '1'):
        return True
    if value in ('false', '0'):
        return False
    raise GarbledAnswerError('%s answered %s %r, which is not a boolean; nothing was changed.' % (PANEL, what, (text or '')[:40]))


def settings_from_prefs(prefs, domain):
    """The settings a ``prefs`` element reports; a field it leaves out is None (not reported, never guessed)."""
    settings = dict.fromkeys(SETTINGS)
    if prefs.find('none') is not None:
        # No preferences at all: read as a site whose mail service is off (the one state in which a site has none);
        # the other settings are not reported.
        settings['mail_service'] = False
        return settings
    policy = prefs.find('nonexistent-user')
    if policy is not None:
        if policy.find('bounce') is not None:
            settings['unknown_recipient'] = {'action': 'bounce', 'text': ' '.join((policy.findtext('bounce') or '').split())}
        elif policy.find('forward') is not None:
            settings['unknown_recipient'] = {'action': 'forward', 'address': (policy.findtext('forward') or '').strip()}
        elif policy.find('reject') is not None:
            settings['unknown_recipient'] = {'action': 'reject'}
    if prefs.find('webmail') is not None:
        settings['webmail'] = (prefs.findtext('webmail') or '').strip()
    for field in _BOOLEANS:
        element = prefs.find(_TAGS[field])
        if element is not None:
            settings[field] = _answered_bool(element.text, 'the %s of %s' % (_TAGS[field], domain))
    return settings


def read_prefs(client, results, domain):
    """The settings of the one site a get_prefs operation asked for."""
    result = client.single(results, 'mail/get_prefs', allow_missing=True)
    if result is None:
        raise PanelError('Plesk reports no mail settings for %s (mail/get_prefs: the site does not exist).' % domain)
    prefs = result.element.find('prefs')
    if prefs is None:
        raise GarbledAnswerError('%s answered mail/get_prefs for %s without <prefs>; nothing was changed.' % (PANEL, domain))
    return settings_from_prefs(prefs, domain)


def get_prefs(client, site_id, domain):
    packet = client.packet()
    add_get_prefs(packet, site_id)
    return read_prefs(client, client.send(packet, safe_to_repeat=True)[0], domain)


def desired_settings(params):
    """The settings the user gave, checked, in the shape ``settings_from_prefs`` reads."""
    desired = {}
    policy = params.get('unknown_recipient')
    if policy is not None:
        action = policy['action']
        wanted = {'action': action}
        if action == 'bounce':
            if policy.get('address'):
                raise OptionError('unknown_recipient.address goes with action=forward, not bounce.')
            wanted['text'] = ' '.join((policy.get('text') or '').split())
            if not wanted['text']:
                raise OptionError('unknown_recipient.text: action=bounce needs the text of the bounce message.')
        elif action == 'forward':
            if policy.get('text'):
                raise OptionError('unknown_recipient.text goes with action=bounce, not forward.')
            local, domain = split_address(policy.get('address'), 'unknown_recipient.address')
            wanted['address'] = '%s@%s' % (local, domain)
        elif policy.get('text') or policy.get('address'):
            raise OptionError('unknown_recipient: action=reject takes neither a text nor an address.')
        desired['unknown_recipient'] = wanted
    if params.get('webmail') is not None:
        if not params['webmail'].strip():
            raise OptionError('webmail: name a webmail (such as roundcube or horde), or none.')
        desired['webmail'] = params['webmail'].strip()
    for field in _BOOLEANS:
        if params.get(field) is not None:
            desired[field] = params[field]
    return desired


def _address_key(address):
    local, _at, domain = (address or '').strip().rpartition('@')
    return '%s@%s' % (local.lower(), ascii_domain(domain) or domain.lower())


def same_setting(field, current, wanted):
    """Whether the panel's ``current`` value is the ``wanted`` one, compared as Plesk compares them."""
    if current is None:
        return False
    if field == 'unknown_recipient':
        if current['action'] != wanted['action']:
            return False
        if wanted['action'] == 'forward':
            return _address_key(current['address']) == _address_key(wanted['address'])
        return current.get('text') == wanted.get('text')
    if field == 'webmail':
        return current.lower() == wanted.lower()
    return current == wanted


def differing(current, desired):
    """The fields of ``desired`` the panel does not hold (or does not report), in SETTINGS order."""
    return [field for field in SETTINGS if field in desired and not same_setting(field, current[field], desired[field])]


def add_set_prefs(packet, site_id, values):
    """set_prefs for one site with ``values`` (settings by module name), in the XSD's order."""
    operation = packet.operation(packet.operator('mail'), 'set_prefs')
    child(child(operation, 'filter'), 'site-id', site_id)
    prefs = child(operation, 'prefs')
    policy = values.get('unknown_recipient')
    if policy is not None:
        element = child(prefs, 'nonexistent-user')
        if policy['action'] == 'bounce':
            child(element, 'bounce', policy['text'], what='unknown_recipient.text')
        elif policy['action'] == 'forward':
            child(element, 'forward', policy['address'], what='unknown_recipient.address')
        else:
            child(element, 'reject')
    for field in ('webmail', 'signing', 'greylisting', 'mail_service'):
        if values.get(field) is not None:
            child(prefs, _TAGS[field], values[field], what=field)


def add_switch(packet, site_id, on):
    """``<mail><enable>`` or ``<disable>``: the documented switch of a site's mail service (a bare site-id)."""
    child(packet.operation(packet.operator('mail'), 'enable' if on else 'disable'), 'site-id', site_id)


class SettingsPlan:
    """What to write for a domain: the service switch before (on) or after (off) the prefs, and the prefs."""

    def __init__(self, current, desired):
        self.current = current
        self.desired = desired
        self.changed = differing(current, desired)
        self.unreported = [field for field in self.changed if current[field] is None]
        self.switch_on = 'mail_service' in self.changed and desired['mail_service']
        self.switch_off = 'mail_service' in self.changed and not desired['mail_service']
        self.prefs = {field: desired[field] for field in self.changed if field != 'mail_service'}

    def expected(self):
        """The settings the panel should hold afterwards."""
        return dict(self.current, **self.desired)


def lost_settings(before, desired, after):
    """``(field, value now, value meant)`` for each setting the panel does not hold as meant: the given ones as given,
    the others as before the write. A setting it does not report (before or after) cannot be checked and is left out."""
    meant = dict(before, **desired)
    return [(field, after[field], meant[field]) for field in SETTINGS
            if meant[field] is not None and after[field] is not None and not same_setting(field, after[field], meant[field])]


def keep_the_rest(client, site_id, domain, before, desired, send):
    """After a write of some settings: read back and, if the panel did not keep the settings it was not sent (it reset
    them), send the whole set once with ``send(values, switch)``; fail naming what still differs.

    Returns ``(settings after, the fields the panel reset, or [])``.
    """
    after = get_prefs(client, site_id, domain)
    lost = lost_settings(before, desired, after)
    if not lost:
        return after, []
    meant = dict(before, **desired)
    whole = {field: value for field, value in meant.items() if value is not None and field != 'mail_service'}
    send(whole, meant['mail_service'] if 'mail_service' in [field for field, _now, _meant in lost] else None)
    after = get_prefs(client, site_id, domain)
    still = lost_settings(before, desired, after)
    if still:
        raise PanelError('Plesk accepted the mail settings of %s but holds other values afterwards: %s.'
                         % (domain, ', '.join('%s is %r, not %r' % item for item in still)))
    return after, [field for field, _now, _meant in lost]


def reset_warning(domain, reset, settings):
    """What to tell the user when the panel reset settings it was not sent and does not report some others."""
    unreported = [field for field in SETTINGS if settings[field] is None]
    if not reset or not unreported:
        return None
    return ('Plesk reset the mail settings of %s that it was not sent (%s; sent again). It does not report %s, which it '
            'may have reset too: give %s in the task to keep it as wanted.'
            % (domain, ', '.join(reset), ' and '.join(unreported), ' and '.join(unreported)))


def settings_packet(client, site_id, values, switch=None):
    """One packet: the service switched on first, then the prefs, or the prefs and then the service switched off."""
    packet = client.packet()
    if switch is True:
        add_switch(packet, site_id, True)
    if values:
        add_set_prefs(packet, site_id, values)
    if switch is False:
        add_switch(packet, site_id, False)
    return packet


def write_settings(client, warn, result, site_id, domain, values, switch, what, record=True, check_switch=True):
    """Send ``settings_packet(values, switch)`` through ``guarded_write``: if its answer is lost, the settings are read
    back and hold when every setting sent that the panel reports is as sent (and, with ``check_switch``, the switch).

    ``warn`` is the module's ``warn``; ``what`` names the write in the messages. With ``record``, ``result`` gets the
    ``completed_operations`` of a packet refused part-way (see ``send_checked``).
    """
    def write():
        send_checked(client, settings_packet(client, site_id, values, switch), result if record else None)

    def holds():
        now = get_prefs(client, site_id, domain)
        wanted = dict(values, **({'mail_service': switch} if check_switch and switch is not None else {}))
        # A setting the panel does not report cannot be checked; the others must hold.
        return not [field for field in differing(now, wanted) if now[field] is not None]

    guarded_write(warn, result, what, write, holds)


# --- DNS records -----------------------------------------------------------------------------------

def add_dns_reads(packet, site_id):
    """dns/get (is there a zone, is it switched on) and dns/get_rec (every record of the zone) for one site."""
    operator = packet.operator('dns')
    get = packet.operation(operator, 'get')
    child(child(get, 'filter'), 'site-id', site_id)
    records = packet.operation(operator, 'get_rec')
    child(child(records, 'filter'), 'site-id', site_id)


def zone_status(client, results, domain):
    """enabled, disabled or none (no zone on the panel) from the dns/get answer."""
    result = client.single(results, 'dns/get', allow_missing=True)
    if result is None:
        return ZONE_NONE
    status = (result.element.findtext('zone_status') or 'enabled').strip()
    if status not in ('enabled', 'disabled'):
        raise GarbledAnswerError('%s answered the DNS zone of %s with the status %r; nothing was changed.'
                                 % (PANEL, domain, status[:40]))
    return status


def relative_host(host, domain):
    """'' for the zone apex, '_dmarc' for _dmarc.example.com. (with or without the dot, any case, either IDN form)."""
    name = (host or '').strip().rstrip('.').lower()
    encoded = ascii_domain(domain) or domain
    names = {encoded.lower(), domain.lower()}
    if name in names:
        return ''
    for zone in names:
        if name.endswith('.' + zone):
            return name[:-len(zone) - 1]
    return name


def records_from(client, results, domain, zone):
    """The records a dns/get_rec answer lists: dicts with id, type, host (relative), value, opt."""
    records = []
    for result in results:
        if not result.ok:
            if result.not_found and zone == ZONE_NONE:
                continue  # no zone, no records
            raise client.error_for(result, 'dns/get_rec')
        data = result.element.find('data')
        if data is None:
            continue
        records.append({
            'id': listed_int(result.element, 'id', 'the id of a DNS record of %s' % domain),
            'type': (data.findtext('type') or '').strip().upper(),
            'host': relative_host(data.findtext('host'), domain),
            'value': data.findtext('value') or '',
            'opt': data.findtext('opt') or '',
        })
    return records


def txt_value(value):
    """A TXT value as compared: without surrounding white space, and without the quotes a zone file would write."""
    text = (value or '').strip()
    return text[1:-1].strip() if len(text) > 1 and text[0] == text[-1] == '"' else text


def txt_records(records, host, prefix):
    """The TXT records at ``host`` whose value starts with ``prefix`` (without regard to case, as SPF and DMARC do)."""
    return [record for record in records if record['type'] == 'TXT' and record['host'] == host
            and txt_value(record['value']).lower().startswith(prefix.lower())]


def check_record_value(option, value, prefix):
    """Refuse, before anything is sent, a value that is not one record of its kind."""
    text = (value or '').strip()
    # SPF's version tag is read without regard to case (RFC 7208, 4.5); DMARC's must match exactly (RFC 7489, 6.3).
    head = text[:len(prefix)] if prefix == DMARC_PREFIX else text[:len(prefix)].lower()
    if head != (prefix if prefix == DMARC_PREFIX else prefix.lower()) or text[len(prefix):len(prefix) + 1] not in ('', ' ', ';'):
        raise OptionError('%s.value must start with %s, not %r.' % (option, prefix, text[:60]))
    if text.lower().count(prefix.lower()) > 1:
        raise OptionError('%s.value holds %s twice: a domain must publish one %s record, never two.'
                          % (option, prefix, option.upper()))
    return text


class RecordPlan:
    """For one record kind (SPF at the apex, DMARC at _dmarc): the record to add and the records to delete."""

    def __init__(self, kind, host, prefix, records, wanted):
        self.kind = kind
        self.host = host
        found = txt_records(records, host, prefix)
        self.add = None
        self.delete = []
        if wanted is None:  # absent
            self.delete = found
        else:
            keep = next((record for record in found if txt_value(record['value']) == wanted), None)
            self.add = None if keep is not None else wanted
            self.delete = [record for record in found if record is not keep]
        self.current = [record['value'] for record in found]
        self.wanted = wanted

    @property
    def changed(self):
        return self.add is not None or bool(self.delete)


def add_record_operation(packet, site_id, host, value):
    operation = packet.operation(packet.operator('dns'), 'add_rec')
    child(operation, 'site-id', site_id)
    child(operation, 'type', 'TXT')
    child(operation, 'host', host)
    child(operation, 'value', value, what='record value')


def delete_record_operation(packet, record_id):
    """del_rec by record id, and only so: a site-id filter (or an empty one) deletes whole zones."""
    if not isinstance(record_id, int) or isinstance(record_id, bool) or record_id < 1:
        raise OptionError('Refusing to send dns/del_rec without the id of one record (got %r).' % (record_id,))
    child(child(packet.operation(packet.operator('dns'), 'del_rec'), 'filter'), 'id', record_id)


def dkim_record(records, domain):
    """The DKIM public-key record Plesk publishes for ``domain`` (name, type, value), or None."""
    for record in records:
        if record['type'] == 'TXT' and record['host'] == DKIM_HOST:
            return {'name': '%s.%s' % (DKIM_HOST, ascii_domain(domain) or domain), 'type': 'TXT', 'value': record['value']}
    return None


def add_auth_reads(packet, site_id):
    """What plesk_dns_auth reads of a site, in one packet: the mail settings (signing), the zone and its records."""
    add_get_prefs(packet, site_id)
    add_dns_reads(packet, site_id)


def read_auth(client, answers, domain):
    """``{'signing', 'zone', 'records'}`` from the answers of ``add_auth_reads``."""
    zone = zone_status(client, answers[1], domain)
    settings = read_prefs(client, answers[0], domain)
    return {
        'settings': settings,
        'signing': settings['signing'],
        'zone': zone,
        'records': records_from(client, answers[2], domain, zone),
    }


def get_auth(client, site_id, domain):
    packet = client.packet()
    add_auth_reads(packet, site_id)
    return read_auth(client, client.send(packet, safe_to_repeat=True), domain)


def record_kinds(params):
    """``(kind, host, prefix, wanted value or None for absent)`` for each record the user manages, checked."""
    kinds = []
    for kind, host, prefix in (('spf', '', SPF_PREFIX), ('dmarc', DMARC_HOST, DMARC_PREFIX)):
        option = params.get(kind)
        if option is None:
            continue
        if option['state'] == 'absent':
            kinds.append((kind, host, prefix, None))
        elif option.get('value') is None:
            raise OptionError('%s.value is needed with state=present.' % kind)
        else:
            kinds.append((kind, host, prefix, check_record_value(kind, option['value'], prefix)))
    return kinds


def record_values(records, host, prefix):
    return [record['value'] for record in txt_records(records, host, prefix)]
