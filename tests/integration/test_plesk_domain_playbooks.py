# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""plesk_mail_domain and plesk_dns_auth in real playbooks against the Plesk simulator, under each reading of the docs.

Every assertion on what the task did reads the simulator's state or its request log, never only the module's word.
Demo seed: webspace 1 example.com (add-on site 3 shop.example.org), webspace 2 bücher.example.
"""

from __future__ import annotations

import pytest

from ansible_collections.hosting.mail.tests.integration.conftest import plesk_env
from ansible_collections.hosting.mail.tests.simulators.plesk.state import dkim_public_value

SPF = 'v=spf1 +a +mx include:_spf.example.net -all'
DMARC = 'v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com'


def domain_state(simulator, name):
    for webspace in simulator.panel.to_dict()['webspaces']:
        for domain in [webspace] + webspace.get('sites', []):
            if name in (domain['name'], domain.get('ascii_name')):
                return domain
    raise AssertionError('no domain %s in the simulator' % name)


def writes(simulator):
    return [operation for entry in simulator.log if entry.write for operation in entry.operations]


def txt(simulator, name, host, prefix):
    return [record['value'] for record in domain_state(simulator, name)['dns']['records']
            if record['type'] == 'TXT' and record['host'] == host and record['value'].lower().startswith(prefix.lower())]


def other_records(simulator, name):
    """The records plesk_dns_auth must never touch: all but SPF, DMARC and DKIM ones."""
    return sorted((record['id'], record['type'], record['host'], record['value'])
                  for record in domain_state(simulator, name)['dns']['records']
                  if not (record['type'] == 'TXT' and (record['host'] in ('_dmarc', 'default._domainkey', '_domainkey')
                                                       or record['value'].lower().startswith('v=spf1'))))


@pytest.fixture
def mail_domain(plesk, run_module):
    def run(check=False, diff=False, fails=False, **args):
        return run_module('plesk_mail_domain', args, plesk_env(plesk), check=check, diff=diff, fails=fails)
    return run


@pytest.fixture
def dns_auth(plesk, run_module):
    def run(check=False, diff=False, fails=False, **args):
        return run_module('plesk_dns_auth', args, plesk_env(plesk), check=check, diff=diff, fails=fails)
    return run


# --- plesk_mail_domain --------------------------------------------------------------------------------

SETTINGS = dict(unknown_recipient=dict(action='forward', address='catchall@shop.example.org'), webmail='horde',
                greylisting=False, signing=True)
HELD = dict(nonexistent_user=dict(action='forward', value='catchall@shop.example.org'), webmail='horde',
            greylisting=False, spam_protect_sign=True, mailservice=True)

# Each reading of the docs the simulator has for get_prefs and set_prefs, alone and all together.
PREFS_READINGS = [
    {},
    dict(prefs_fields='omit-greylisting'),
    dict(prefs_fields='none-when-off'),
    dict(set_prefs_omitted='reset'),
    dict(mailservice_prefs='ignored'),
    dict(prefs_fields='none-when-off', set_prefs_omitted='reset', mailservice_prefs='ignored'),
]


def reading(quirks):
    return ','.join('%s=%s' % item for item in quirks.items()) or 'defaults'


@pytest.mark.parametrize('quirks', PREFS_READINGS, ids=reading)
def test_settings_converge_rerun_writes_nothing_and_one_change_keeps_the_rest(plesk, mail_domain, quirks):
    plesk.set_quirks(**quirks)
    first = mail_domain(domain='example.com', **SETTINGS)
    assert first.result['changed'] is True
    prefs = domain_state(plesk, 'example.com')['mail_prefs']
    unreported = quirks.get('prefs_fields') == 'omit-greylisting'
    resets = plesk.quirks['set_prefs_omitted'] == 'reset'
    assert {key: value for key, value in prefs.items() if key in HELD} == HELD
    plesk.clear_log()
    again = mail_domain(domain='example.com', **SETTINGS)
    if unreported:
        # The panel never reports greylisting: sent again, and said so; a panel that also resets what set_prefs is
        # not sent gets the whole set once more.
        assert again.result['changed_fields'] == ['greylisting'], again.result
        assert 'does not report greylisting' in again.text
        assert writes(plesk) == ['mail/set_prefs'] * (2 if resets else 1)
    else:
        assert again.result['changed'] is False, again.result
        assert writes(plesk) == []
    assert domain_state(plesk, 'example.com')['mail_prefs'] == prefs
    plesk.clear_log()
    one = mail_domain(domain='example.com', webmail='roundcube')
    assert one.result['changed_fields'] == ['webmail']
    assert writes(plesk)[0] == 'mail/set_prefs'
    prefs = domain_state(plesk, 'example.com')['mail_prefs']
    if unreported and resets:
        # A panel that resets what it is not sent, and never reports greylisting: no client can keep it. Said so.
        assert 'which it may have reset too: give greylisting in the task' in one.text
        prefs = dict(prefs, greylisting=HELD['greylisting'])
    assert {key: value for key, value in prefs.items() if key in HELD} == dict(HELD, webmail='roundcube')


# The readings that bear on switching the mail service (a reset of what set_prefs is not sent, or greylisting never
# reported, do not: the test above has them).
SERVICE_READINGS = [quirks for quirks in PREFS_READINGS
                    if quirks.get('prefs_fields') != 'omit-greylisting' and quirks != dict(set_prefs_omitted='reset')]


@pytest.mark.parametrize('quirks', SERVICE_READINGS, ids=reading)
def test_mail_service_off_and_on_again_keeps_the_other_settings(plesk, mail_domain, quirks):
    plesk.set_quirks(**quirks)
    mail_domain(domain='shop.example.org', **SETTINGS)
    before = dict(domain_state(plesk, 'shop.example.org')['mail_prefs'])
    off = mail_domain(domain='shop.example.org', mail_service=False, greylisting=False)
    assert off.result['changed_fields'] == ['mail_service']
    assert domain_state(plesk, 'shop.example.org')['mail_prefs'] == dict(before, mailservice=False)
    plesk.clear_log()
    assert mail_domain(domain='shop.example.org', mail_service=False).result['changed'] is False
    assert writes(plesk) == []
    on = mail_domain(domain='shop.example.org', mail_service=True, **SETTINGS)
    assert on.result['changed_fields'] == ['mail_service']
    assert domain_state(plesk, 'shop.example.org')['mail_prefs'] == before


def test_check_mode_and_diff_write_nothing(plesk, mail_domain):
    before = domain_state(plesk, 'example.com')['mail_prefs']
    plesk.clear_log()
    run = mail_domain(check=True, diff=True, domain='example.com', mail_service=False, **SETTINGS)
    assert run.result['changed'] is True
    assert set(run.result['changed_fields']) == {'unknown_recipient', 'webmail', 'greylisting', 'signing', 'mail_service'}
    assert run.result['diff']['after']['unknown_recipient'] == SETTINGS['unknown_recipient']
    assert writes(plesk) == []
    assert domain_state(plesk, 'example.com')['mail_prefs'] == before


def test_a_site_id_of_another_domain_writes_nothing(plesk, mail_domain):
    plesk.clear_log()
    run = mail_domain(fails=True, domain='example.com', site_id=3, greylisting=False)
    assert 'site_id 3 is the site shop.example.org, not example.com' in run.result['msg']
    assert writes(plesk) == []


def test_idn_domain_and_bounce_message(plesk, mail_domain):
    message = 'Diese Adresse gibt es nicht mehr & <nie> "wieder"'
    run = mail_domain(domain='xn--bcher-kva.example', unknown_recipient=dict(action='bounce', text=message))
    assert run.result['changed'] is True
    assert domain_state(plesk, 'bücher.example')['mail_prefs']['nonexistent_user'] == dict(action='bounce', value=message)
    plesk.clear_log()
    assert mail_domain(domain='bücher.example', unknown_recipient=dict(action='bounce', text=message)).result['changed'] is False
    assert writes(plesk) == []


def test_bad_catch_all_is_refused_naming_the_option(plesk, mail_domain):
    plesk.clear_log()
    run = mail_domain(fails=True, domain='example.com', unknown_recipient=dict(action='forward', address='no address'))
    assert 'unknown_recipient.address' in run.result['msg']
    assert plesk.log == []


# --- plesk_dns_auth -----------------------------------------------------------------------------------

# Each mode of the simulator runs at least once: alone where it changes what the others do, all together otherwise.
DNS_READINGS = [
    {},
    dict(dns_host_format='fqdn'),
    dict(dns_host_format='relative', dns_duplicate='refuse', dns_del_unknown='error', dkim_off='keep',
         set_prefs_omitted='reset', prefs_fields='omit-greylisting'),
]


@pytest.mark.parametrize('quirks', DNS_READINGS, ids=reading)
def test_records_converge_then_rerun_writes_nothing(plesk, dns_auth, quirks):
    plesk.set_quirks(**quirks)
    untouched = other_records(plesk, 'example.com')
    first = dns_auth(domain='example.com', spf=dict(value=SPF), dmarc=dict(value=DMARC), dkim='enabled')
    assert sorted(first.result['changed_fields']) == ['dkim', 'dmarc', 'spf']
    assert txt(plesk, 'example.com', '', 'v=spf1') == [SPF]
    assert txt(plesk, 'example.com', '_dmarc', 'v=DMARC1') == [DMARC]
    assert other_records(plesk, 'example.com') == untouched
    assert domain_state(plesk, 'example.com')['mail_prefs']['spam_protect_sign'] is True
    assert first.result['dkim_record'] == dict(name='default._domainkey.example.com', type='TXT',
                                               value=dkim_public_value('example.com'))
    assert txt(plesk, 'example.com', 'default._domainkey', 'v=DKIM1') == [dkim_public_value('example.com')]
    plesk.clear_log()
    again = dns_auth(domain='example.com', spf=dict(value=SPF), dmarc=dict(value=DMARC), dkim='enabled')
    assert again.result['changed'] is False, again.result
    assert writes(plesk) == []
    off = dns_auth(domain='example.com', dkim='disabled', dmarc=dict(state='absent'))
    assert sorted(off.result['changed_fields']) == ['dkim', 'dmarc']
    assert off.result['dkim_record'] is None
    assert txt(plesk, 'example.com', '_dmarc', 'v=DMARC1') == []
    assert txt(plesk, 'example.com', '', 'v=spf1') == [SPF]
    assert other_records(plesk, 'example.com') == untouched


def test_two_spf_records_end_as_one(plesk, dns_auth):
    plesk.set_quirks(dns_duplicate='accept')
    first = dns_auth(domain='shop.example.org', spf=dict(value=SPF))
    assert first.result['changed'] is True
    # Someone adds a second SPF record by hand; the next run leaves one.
    plesk.panel.add_dns_record(3, dict(type='TXT', host='', value='v=spf1 -all'))
    assert len(txt(plesk, 'shop.example.org', '', 'v=spf1')) == 2
    again = dns_auth(domain='shop.example.org', spf=dict(value=SPF))
    assert again.result['changed_fields'] == ['spf']
    assert txt(plesk, 'shop.example.org', '', 'v=spf1') == [SPF]


def test_check_mode_writes_nothing(plesk, dns_auth):
    before = domain_state(plesk, 'example.com')
    plesk.clear_log()
    run = dns_auth(check=True, diff=True, domain='example.com', spf=dict(value=SPF), dmarc=dict(state='absent'), dkim='enabled')
    assert run.result['changed'] is True and run.result['diff']['after']['spf'] == [SPF]
    assert writes(plesk) == []
    assert domain_state(plesk, 'example.com') == before


@pytest.mark.parametrize('zone', ['none', 'disabled'])
@pytest.mark.parametrize('no_zone', ['error', 'empty'])
def test_external_dns_is_reported_and_nothing_written(plesk, dns_auth, zone, no_zone):
    plesk.set_quirks(dns_no_zone=no_zone)
    domain = plesk.panel.find_domain(2)
    # The zone switched off (records kept) or gone: the state of a domain with external DNS.
    domain.dns = dict(zone=zone, records=domain.dns['records'] if zone == 'disabled' else [])
    plesk.clear_log()
    run = dns_auth(fails=True, domain='bücher.example', spf=dict(value=SPF), dkim='enabled')
    assert 'DNS is served elsewhere' in run.result['msg'] and run.result['dns_zone'] == zone
    assert writes(plesk) == []
    signed = dns_auth(domain='bücher.example', dkim='enabled')
    assert signed.result['changed'] is True and domain_state(plesk, 'bücher.example')['mail_prefs']['spam_protect_sign']
    if zone == 'disabled':  # a zone switched off still holds Plesk's DKIM record, to copy to the real DNS
        assert signed.result['dkim_record']['value'] == dkim_public_value('xn--bcher-kva.example')
    else:
        assert signed.result['dkim_record'] is None


def test_bad_records_are_refused_before_anything_is_sent(plesk, dns_auth):
    plesk.clear_log()
    for args in (dict(spf=dict(value='v=spf1 a -all v=spf1 mx -all')), dict(spf=dict(value='a mx -all')),
                 dict(dmarc=dict(value='p=none'))):
        dns_auth(fails=True, domain='example.com', **args)
    assert plesk.log == []


# --- plesk_spamfilter ---------------------------------------------------------------------------------

@pytest.fixture
def spam_filter(plesk, run_module):
    def run(check=False, diff=False, fails=False, env=None, **args):
        env = dict(dict(PLESK_API_VERSION='1.6.9.0'), **(env or {}))
        return run_module('plesk_spamfilter', args, plesk_env(plesk, **env), check=check, diff=diff, fails=fails)
    return run


def stored_filter(simulator, domain, local):
    for account in domain_state(simulator, domain)['mail']:
        if account['name'] == local:
            return account['spamfilter']
    raise AssertionError('no account %s@%s' % (local, domain))


FILTER = dict(enabled=True, required_score='5.5', action='move', rewrite_header='[SPAM _SCORE_]',
              allow=['*@partner.example', 'Boss@Example.org'], block=['*@spam.example'])
STORED = dict(enabled=True, required_score='5.5', action='move', rewrite_header='[SPAM _SCORE_]')

SPAM_READINGS = [
    {},
    dict(sf_set_omitted='reset'),
    dict(sf_get_fields='empty-when-off', sf_pattern_results='per-operation', sf_duplicate_pattern='refuse',
         sf_score_format='decimal', sf_rewrite_header='subject-prefix', sf_set_omitted='reset'),
]


@pytest.mark.parametrize('quirks', SPAM_READINGS, ids=reading)
def test_spam_filter_converges_then_rerun_writes_nothing(plesk, spam_filter, quirks):
    plesk.set_quirks(**quirks)
    plesk.panel.get_mail(1, 'info').spamfilter['lists']['black'] = ['old@spam.example']
    first = spam_filter(name='info@example.com', **FILTER)
    assert first.result['changed'] is True
    stored = stored_filter(plesk, 'example.com', 'info')
    assert float(stored['required_score']) == 5.5 and stored['action'] == 'move' and stored['enabled'] is True
    assert stored['rewrite_header'] in ('[SPAM _SCORE_]', 'subject [SPAM _SCORE_]')
    assert sorted(p.lower() for p in stored['lists']['white']) == ['*@partner.example', 'boss@example.org']
    assert stored['lists']['black'] == ['*@spam.example']
    plesk.clear_log()
    again = spam_filter(name='info@example.com', **FILTER)
    assert again.result['changed'] is False, again.result
    assert writes(plesk) == []
    # One setting alone: the others stay as they are, whatever the panel does with settings it is not sent.
    score = spam_filter(name='info@example.com', required_score='4')
    assert score.result['changed_fields'] == ['required_score']
    stored = stored_filter(plesk, 'example.com', 'info')
    assert float(stored['required_score']) == 4 and stored['action'] == 'move' and stored['enabled'] is True
    assert stored['rewrite_header'] in ('[SPAM _SCORE_]', 'subject [SPAM _SCORE_]')


def test_spam_filter_append_keeps_what_is_there(plesk, spam_filter):
    plesk.panel.get_mail(1, 'info').spamfilter['lists']['black'] = ['old@spam.example']
    run = spam_filter(name='info@example.com', block=['new@spam.example'], append=True)
    assert run.result['changed_fields'] == ['block']
    assert sorted(stored_filter(plesk, 'example.com', 'info')['lists']['black']) == ['new@spam.example', 'old@spam.example']
    plesk.clear_log()
    assert spam_filter(name='info@example.com', block=['new@spam.example'], append=True).result['changed'] is False
    assert writes(plesk) == []


def test_spam_filter_check_mode_writes_nothing(plesk, spam_filter):
    before = stored_filter(plesk, 'example.com', 'info')
    plesk.clear_log()
    run = spam_filter(check=True, diff=True, name='info@example.com', **FILTER)
    assert run.result['changed'] is True and run.result['diff']['after']['block'] == ['*@spam.example']
    assert writes(plesk) == []
    assert stored_filter(plesk, 'example.com', 'info') == before


@pytest.mark.parametrize('operator', ['versioned', 'unsupported'])
def test_spam_filter_on_a_server_without_it_says_what_to_do(plesk, spam_filter, operator):
    plesk.set_quirks(spamfilter_operator=operator)
    run = spam_filter(fails=True, env=dict(PLESK_API_VERSION=''), name='info@example.com', enabled=True)
    assert 'does not accept the <spamfilter> operator' in run.result['msg']
    if operator == 'versioned':
        assert spam_filter(name='info@example.com', enabled=True).result['changed'] is True  # pinned to 1.6.9.0


def test_spam_filter_of_a_missing_mailbox(plesk, spam_filter):
    plesk.clear_log()
    run = spam_filter(fails=True, name='nobody@example.com', enabled=True)
    assert 'Plesk has no mail account nobody@example.com' in run.result['msg']
    assert writes(plesk) == []


# --- plesk_mail_info reports them ----------------------------------------------------------------------

def test_info_reports_what_the_panel_holds(plesk, run_module, mail_domain, dns_auth, spam_filter):
    mail_domain(domain='example.com', **SETTINGS)
    dns_auth(domain='example.com', spf=dict(value=SPF), dkim='enabled')
    spam_filter(name='info@example.com', **FILTER)
    plesk.clear_log()
    info = run_module('plesk_mail_info', dict(domain='example.com', include=['settings', 'dns_auth', 'spam_filter'],
                                              plesk_api_version='1.6.9.0'), plesk_env(plesk)).result
    assert len(plesk.log) == 3 and writes(plesk) == []
    prefs = domain_state(plesk, 'example.com')['mail_prefs']
    assert info['settings'] == dict(mail_service=prefs['mailservice'], webmail=prefs['webmail'], greylisting=prefs['greylisting'],
                                    signing=prefs['spam_protect_sign'],
                                    unknown_recipient=dict(action='forward', address=prefs['nonexistent_user']['value']))
    assert info['dns_auth']['spf'] == txt(plesk, 'example.com', '', 'v=spf1') == [SPF]
    assert info['dns_auth']['dmarc'] == txt(plesk, 'example.com', '_dmarc', 'v=DMARC1')
    assert info['dns_auth']['dkim_record']['value'] == dkim_public_value('example.com')
    stored = {account['name']: account['spamfilter'] for account in domain_state(plesk, 'example.com')['mail']}
    for account in info['accounts']:
        local = account['address'].split('@')[0]
        assert account['spam_filter']['enabled'] == stored[local]['enabled']
        assert account['spam_filter']['block'] == sorted(stored[local]['lists']['black'])
