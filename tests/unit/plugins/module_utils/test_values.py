# -*- coding: utf-8 -*-
# Copyright (c) 2026, hosting.mail contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Sizes and addresses given by users: parsed exactly, refused with a message naming the option."""

from __future__ import annotations

import pytest

from ansible_collections.hosting.mail.plugins.module_utils._errors import OptionError
from ansible_collections.hosting.mail.plugins.module_utils._plesk import idna_domain, supports, version_tuple
from ansible_collections.hosting.mail.plugins.module_utils._brainycp_module import base_url as brainy_base_url
from ansible_collections.hosting.mail.plugins.module_utils._plesk_module import base_url
from ansible_collections.hosting.mail.plugins.module_utils._values import (
    format_megabytes,
    format_size,
    megabytes,
    normalize_domain,
    parse_size,
    split_address,
)


@pytest.mark.parametrize('text, size', [
    ('512M', 512 * 1024 ** 2), ('2G', 2 * 1024 ** 3), ('1.5G', 3 * 1024 ** 3 // 2), ('100', 100 * 1024 ** 2),
    ('1048576B', 1048576), ('10 MB', 10 * 1024 ** 2), ('1t', 1024 ** 4), ('unlimited', -1), ('-1', -1),
    ('64KiB', 64 * 1024),
])
def test_sizes(text, size):
    assert parse_size(text, 'quota') == size


@pytest.mark.parametrize('text', ['lots', '1X', '', '-5M', '1.2.3G'])
def test_bad_sizes_name_the_option_and_value(text):
    with pytest.raises(OptionError) as caught:
        parse_size(text, 'quota')
    assert caught.value.message.startswith('quota must be a size') and repr(text.strip()) in caught.value.message


@pytest.mark.parametrize('text', ['0', '0M', ' 0G ', '0B', '0.0', 0])
def test_zero_is_refused_as_ambiguous_between_the_panels(text):
    with pytest.raises(OptionError) as caught:
        parse_size(text, 'quota')
    assert "is ambiguous: 0 means no limit on BrainyCP but an empty mailbox on Plesk. Write 'unlimited'" in caught.value.message
    with pytest.raises(OptionError):
        megabytes(text, 'quota')


def test_unlimited_means_no_limit_on_both_panels():
    assert parse_size('unlimited', 'quota') == -1  # Plesk's bytes
    assert megabytes('Unlimited', 'quota') == 0  # BrainyCP's megabytes


@pytest.mark.parametrize('megabytes_, text', [(0, 'unlimited'), (2048, '2G'), (500, '500M'), (None, None)])
def test_format_megabytes(megabytes_, text):
    assert format_megabytes(megabytes_) == text


@pytest.mark.parametrize('size, text', [(-1, 'unlimited'), (2 * 1024 ** 3, '2G'), (512 * 1024 ** 2, '512M'),
                                        (1536, '1536B'), (3072, '3K'), (None, None)])
def test_format_size(size, text):
    assert format_size(size) == text


def test_addresses():
    assert split_address(' Info@Example.COM ', 'name') == ('info', 'example.com')
    assert split_address('a.b+c@bücher.example', 'name') == ('a.b+c', 'bücher.example')


@pytest.mark.parametrize('address', ['info', '@example.com', 'info@', 'a b@example.com', 'x@localhost', 'a..b@x.org'])
def test_bad_addresses(address):
    with pytest.raises(OptionError, match='^name must be one mail address'):
        split_address(address, 'name')


def test_idn_domains_are_compared_in_unicode():
    assert idna_domain('XN--BCHER-KVA.example.') == 'bücher.example'
    assert idna_domain('Bücher.Example') == 'bücher.example'


@pytest.mark.parametrize('given, url', [
    ('panel.example.com', 'https://panel.example.com:8443'),
    ('https://panel.example.com', 'https://panel.example.com:8443'),
    ('https://panel.example.com:9443/', 'https://panel.example.com:9443'),
    ('https://panel.example.com:8443/enterprise/control/agent.php', 'https://panel.example.com:8443'),
    ('http://panel.example.com:8880', 'http://panel.example.com:8880'),
    ('http://panel.example.com', 'http://panel.example.com'),  # no default port for plain HTTP on Plesk
    ('https://panel.example.com:84x3', 'https://panel.example.com:84x3'),  # left for HttpClient to refuse
])
def test_plesk_base_url(given, url):
    assert base_url(given) == url


@pytest.mark.parametrize('given, url', [
    ('panel.example.com', 'http://panel.example.com:8002'),
    ('https://panel.example.com/', 'https://panel.example.com:8000'),
    ('https://panel.example.com:9000/api/api.php', 'https://panel.example.com:9000'),
    ('ftp://panel.example.com', 'ftp://panel.example.com'),
])
def test_brainycp_base_url(given, url):
    assert brainy_base_url(given) == url


@pytest.mark.parametrize('version, feature, expected', [
    (None, (1, 6, 8, 0), True),
    ('1.6.7.0', (1, 6, 7, 0), True),
    ('1.6.7.0', (1, 6, 8, 0), False),
    ('1.6.6.0', (1, 6, 7, 0), False),
    # Prefixes get the newest version under them from Plesk.
    ('1.6', (1, 6, 8, 0), True),
    ('1.6.7', (1, 6, 7, 0), True),
    ('1.6.7', (1, 6, 8, 0), False),
    ('1.5', (1, 6, 7, 0), False),
])
def test_protocol_features_follow_the_pinned_version(version, feature, expected):
    assert supports(version, feature) is expected


@pytest.mark.parametrize('version', ['1.6.x', '1.6.9.0.1', '.'])
def test_malformed_versions_are_refused_by_name(version):
    with pytest.raises(OptionError, match='plesk_api_version'):
        version_tuple(version)


@pytest.mark.parametrize('address', [
    'x@a.example,|/usr/bin/evil.sh', 'a@example.com,b@example.org', 'a@example.com;b@example.org', '|/usr/bin/evil@x.example',
    'a/b@example.com', "o'brien@example.com", '"quoted"@example.com', 'a b@example.com', 'a@exa mple.com', 'a@exa_mple.com',
    'a@example.com/x', 'a@-example.com', 'a@example.123', 'a\n@example.com', 'a@@example.com', 'a@[192.0.2.1]',
])
def test_one_address_per_item_and_nothing_a_server_could_run(address):
    with pytest.raises(OptionError) as caught:
        split_address(address, 'targets')
    assert caught.value.message == 'targets must be one mail address such as info@example.com, not %r.' % address.strip()


@pytest.mark.parametrize('address, parts', [
    ('info@ex\uff41mple.com', ('info', 'example.com')),  # a fullwidth a: the domain it looks like
    ('Info@EXAMPLE.com.', ('info', 'example.com')),
    ('kontakt@xn--bcher-kva.example', ('kontakt', 'b\u00fccher.example')),
    ('kontakt@B\u00dcCHER.example', ('kontakt', 'b\u00fccher.example')),
])
def test_domains_are_normalised_as_uts46_does(address, parts):
    assert split_address(address, 'name') == parts


@pytest.mark.parametrize('address, shown', [
    ('info@fa\u00df.de', '\u00df'), ('info@xn--fa-hia.de', '\u00df'), ('info@FA\u00df.de', '\u00df'),
    ('info@\u03c4\u03bf\u03c5\u03c2.example', '\u03c2'),
])
def test_a_domain_that_idna_2003_and_2008_read_apart_is_refused(address, shown):
    # IDNA 2008 keeps a sharp s, IDNA 2003 makes it ss: a panel on either could act on a domain not meant.
    with pytest.raises(OptionError) as caught:
        split_address(address, 'targets')
    assert shown in caught.value.message and 'targets (%s)' % address in caught.value.message


def test_a_domain_that_is_no_host_name_is_refused_naming_the_option():
    with pytest.raises(OptionError, match="^domain: 'a..example' is not a domain name.$"):
        normalize_domain('a..example', 'domain')
    assert normalize_domain(' Ex\uff41mple.COM. ', 'domain') == 'example.com'
