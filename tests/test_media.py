"""Media types declared once (model/media.py): the crawler's guess, the link finder and the reader
take a name the same way; the fetch outcomes are declared once too (model/fetch.py)."""

from __future__ import annotations

import pytest

from gknb.extract.discover.links import is_attachment
from gknb.extract.http.bodies import media_hint
from gknb.extract.read import media_type_for_name
from gknb.model import fetch, media


def test_every_format_read_is_a_declared_type_read_as_itself():
    for m in media.MEDIA_TYPES:
        if m.read_as is not None:
            assert media.BY_KEY[m.read_as].read_as == m.read_as, m.key
    assert len(media.BY_SUFFIX) == sum(len(m.suffixes) for m in media.MEDIA_TYPES), "a suffix declared twice"


@pytest.mark.parametrize("suffix", sorted(media.BY_SUFFIX))
def test_a_file_name_means_the_same_to_crawler_link_finder_and_reader(suffix):
    declared = media.BY_SUFFIX[suffix]
    name = "2023年报告" + suffix.upper()
    url = "https://www.example.gov.cn/files/report" + suffix
    assert media_type_for_name(name) == declared.read_as
    assert is_attachment(url) == declared.attachment
    # A page name (.html, .jsp) gives way to the header; any other name says what the file is.
    assert media_hint("application/pdf", name, url) == (media.PDF if declared.key == media.HTML else declared.key)
    assert media_hint("application/octet-stream", name, url) == declared.key


@pytest.mark.parametrize(("content_type", "key"), [
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),  # not "xml"
    ("application/xhtml+xml; charset=utf-8", "html"),
    ("Text/HTML; charset=GBK", "html"),
    ("application/rss+xml", "xml"),
    ("image/jpeg", "image"),
])
def test_a_content_type_names_the_first_declared_type_it_holds(content_type, key):
    assert media.of_content_type(content_type).key == key
    assert media_hint(content_type, None, "https://www.example.gov.cn/download?id=7") == key


def test_fetch_outcomes_are_declared_once():
    codes = [o.code for o in fetch.OUTCOMES]
    assert len(codes) == len(set(codes))
    assert set(fetch.CONTENT_OUTCOMES).isdisjoint(fetch.BLOCKED_OUTCOMES)
    assert all(o.held_in == "fetch_log.outcome" for o in fetch.OUTCOMES if o.blocked or o.content or o.source_status)
