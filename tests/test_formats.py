"""Markdown, CSV and XML readers, compressed files and WARC archives."""

from __future__ import annotations

import bz2
import csv
import gzip
import importlib.util
import io
import json
import lzma
import re
import subprocess
import sys
import tempfile
import tracemalloc
import zlib
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytest_newsqa.compressed import CompressedError, collected, inner_suffix, read_decompressed
from pytest_newsqa.readers.csvfeed import read_csv
from pytest_newsqa.readers.markdown import read_markdown
from pytest_newsqa.readers.xmlfeed import MAX_DEPTH, read_xml
from pytest_newsqa.settings import DEFAULT_EXTENSIONS, JsonFields, Settings
from pytest_newsqa.standalone import make_engine
from tests.conftest import FIXTURES
from tests.helpers import check_content, codes

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HAS_FASTWARC = importlib.util.find_spec("fastwarc") is not None
HAS_ZSTD = importlib.util.find_spec("zstandard") is not None
needs_warc = pytest.mark.skipif(not HAS_FASTWARC, reason="needs the warc extra (fastwarc); CI installs it")
needs_zstd = pytest.mark.skipif(not HAS_ZSTD, reason="needs the zstd extra (zstandard); CI installs it")


def texts(units) -> list[tuple[str, int]]:
    return [(unit.text, unit.line) for unit in units]


# -- Markdown ----------------------------------------------------------------------------------
def test_markdown_front_matter_headline_and_rendered_paragraphs():
    article = read_markdown((FIXTURES / "clean" / "clean_article.md").read_text(encoding="utf-8")).articles[0]
    assert texts([article.headline]) == [("Library Reopens After Two-Year Renovation", 2)]
    assert article.headings == [article.headings[0]] and article.headings[0].text == "What changed"
    assert texts(article.captions) == [("Readers return to the main hall on Monday (AP Photo)", 9)]
    assert texts(article.paragraphs) == [
        (
            "The central library reopened its doors on Monday after a renovation that took two years and cost "
            "12 million euros, the city said.",
            11,
        ),
        ("Visitors found a new reading room, a children's wing and a café on the ground floor.", 14),
        ("The renovation added:", 19),
        ("a roof terrace with 40 seats;", 21),
        ("a repair workshop open on Saturdays.", 22),
        ('"We wanted a place where people stay all day," the head librarian said.', 24),
        ("Opening hours are 9 a.m. to 8 p.m. on weekdays.", 26),
    ]
    assert article.extras == []


def test_markdown_residue_is_kept_as_furniture_with_its_lines():
    article = read_markdown((FIXTURES / "defects" / "nws201_stray_marker.md").read_text(encoding="utf-8")).articles[0]
    assert texts(article.extras) == [
        ("Home", 6),
        ("World", 7),
        ("Share", 8),
        ("[](https://news.example/ferry#top)", 12),
        ("![](https://news.example/pixel.gif)", 13),
        ("Share on Facebook", 18),
        ("Tweet", 19),
        ("* * *", 23),
    ]
    assert [p.text for p in article.paragraphs][-1] == "Passengers with tickets will be refunded."


def test_existing_rules_flag_markdown_residue(engine):
    result = engine.check(FIXTURES / "defects" / "nws201_stray_marker.md", "page.md").result
    assert [(f.code, f.line) for f in result.findings] == [
        ("NWS201", 6),
        ("NWS201", 7),
        ("NWS201", 8),
        ("NWS201", 18),
        ("NWS201", 19),
        ("NWS201", 23),
        ("NWS201", 25),
    ]


def test_markdown_clean_look_alikes_stay_silent(engine, tmp_path):
    page = (
        "# Council Votes on Budget\n\nThe council voted on Tuesday.\n\n"
        "Related reading is listed below the story, the editor said.\n\n"
        "1. Approve the plan.\n2. Fund the schools.\n\n```\n<br> &nbsp; Share\n```\n\nThe vote was 7 to 2.\n"
    )
    assert codes(check_content(engine, tmp_path, "a.md", page)) == []


def test_markdown_headline_fallbacks_and_setext_headings():
    article = read_markdown("Intro line\n\nStorm Hits Coast\n================\n\nWinds reached 120 km/h.\n").articles[0]
    assert texts([article.headline]) == [("Storm Hits Coast", 3)]
    article = read_markdown("## Only a Subheading\n\nBody text here.\n\nNext\n----\n").articles[0]
    assert article.headline.text == "Only a Subheading" and texts(article.headings) == [("Next", 5)]
    assert read_markdown("Just a paragraph.\n").articles[0].headline is None


def test_markdown_front_matter_title_and_a_different_h1():
    article = read_markdown("---\ntitle: 'One'\n---\n# Two\n\nBody.\n# One\n").articles[0]
    assert article.headline.text == "One"
    assert texts(article.headings) == [("Two", 4)]  # the matching "# One" is the same headline


def test_markdown_jina_reader_header():
    page = "Title: Dam Project Delayed\n\nURL Source: https://x/y\n\nMarkdown Content:\nThe dam project was delayed.\n"
    article = read_markdown(page).articles[0]
    assert texts([article.headline]) == [("Dam Project Delayed", 1)]
    assert texts(article.paragraphs) == [("The dam project was delayed.", 6)]


def test_markdown_duplicate_headline_fixture(engine):
    result = engine.check(FIXTURES / "defects" / "nws101_duplicate_headline.md").result
    assert [(f.code, f.line) for f in result.findings] == [("NWS101", 6)]


# -- CSV ---------------------------------------------------------------------------------------
def test_csv_rows_are_records_on_their_first_line():
    parsed = read_csv((FIXTURES / "clean" / "clean_feed.csv").read_text(encoding="utf-8"))
    assert [(a.line, a.headline.text) for a in parsed.articles] == [
        (2, "Tram Line Extension Approved"),
        (5, "Harvest Festival Draws Record Crowd"),
    ]
    first = parsed.articles[0]
    assert texts(first.paragraphs) == [
        ("The city council approved a 4 km extension of the tram line on Tuesday.", 2),
        ("Construction will start next spring and take two years.", 2),
    ]
    assert texts(first.captions) == [("Council members vote on the plan (AP)", 2)]
    assert parsed.problems == []


def test_csv_uses_the_json_field_keys():
    fields = JsonFields(headline=("name",), body=("story",), captions=())
    parsed = read_csv("id,name,story\n1,Dock Reopens,The dock reopened on Monday.\n", fields)
    assert (parsed.articles[0].headline.text, parsed.articles[0].paragraphs[0].text) == (
        "Dock Reopens",
        "The dock reopened on Monday.",
    )
    parsed = read_csv("id,name\n1,x\n")
    assert parsed.articles == [] and "no headline or body column" in parsed.problems[0].message


def test_csv_bad_rows_are_problems_and_the_rest_is_read():
    text = 'title,body\nA,"One body."\n\nB,two,extra\nC,"unterminated\nbody\n'
    parsed = read_csv(text)
    assert [a.headline.text for a in parsed.articles] == ["A"]
    assert [(p.line, p.message.split(":")[0]) for p in parsed.problems] == [
        (4, "CSV row has 3 fields, the header has 2"),
        (5, "CSV row does not parse"),
    ]


def test_csv_long_body_is_one_field():
    body = "word " * 60_000 + "end."
    parsed = read_csv(f'title,body\nLong,"{body}"\n')
    assert parsed.problems == [] and parsed.articles[0].paragraphs[0].text.endswith("end.")


# -- XML ---------------------------------------------------------------------------------------
def test_scrapy_xml_feed_fields_and_lines():
    parsed = read_xml((FIXTURES / "clean" / "clean_feed.xml").read_text(encoding="utf-8"))
    first, second = parsed.articles
    assert (first.line, texts([first.headline])) == (3, [("Water Prices to Rise in April", 4)])
    assert texts(first.paragraphs) == [
        ("Household water prices will rise by 3% in April, the utility said on Monday.", 5),
        ("The increase will pay for new pipes in the old town.", 7),
    ]
    assert texts(first.captions) == [("A water treatment plant outside the city (AFP)", 8)]
    assert second.headline.text == "Marathon Route Announced"


def test_trafilatura_xml_and_tei():
    doc = read_xml((FIXTURES / "clean" / "clean_trafilatura.xml").read_text(encoding="utf-8")).articles[0]
    assert doc.headline.text == "Snow Closes Mountain Pass"
    assert texts(doc.headings) == [("Roads reopen", 4)]
    assert [p.text for p in doc.paragraphs] == [
        "Heavy snow closed the mountain pass on Tuesday, stranding dozens of lorries.",
        "Ploughs cleared the road overnight and it reopened on Wednesday morning.",
        "Chains are required above 1,200 metres.",
        "Lorries must wait at the border until noon.",
    ]  # comments are not the article
    tei = read_xml((FIXTURES / "clean" / "clean_tei.xml").read_text(encoding="utf-8")).articles[0]
    assert texts([tei.headline]) == [("Orchestra Names New Conductor", 4)]
    assert texts(tei.paragraphs)[0] == ("The city orchestra named a new principal conductor on Thursday.", 11)
    figure = read_xml("<TEI><text><body><figure><head>A dam at dawn (AP)</head></figure><p>x.</p></body></text></TEI>")
    assert [c.text for c in figure.articles[0].captions] == ["A dam at dawn (AP)"]


def test_xml_is_parsed_safely(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    external = f'<!DOCTYPE items [<!ENTITY x SYSTEM "file://{secret}">]><items><item><title>&x;</title></item></items>'
    parsed = read_xml(external)
    assert parsed.articles == [] and "declares entities" in parsed.problems[0].message
    bomb = read_xml((FIXTURES / "defects" / "nws901_entity_bomb.xml").read_text(encoding="utf-8"))
    assert bomb.articles == [] and bomb.problems[0].line == 3
    deep = read_xml("<a>" * (MAX_DEPTH + 5) + "</a>" * (MAX_DEPTH + 5))
    assert f"nested deeper than {MAX_DEPTH}" in deep.problems[0].message
    remote = read_xml('<!DOCTYPE items SYSTEM "http://127.0.0.1:9/x.dtd"><items><item><title>T</title></item></items>')
    assert remote.articles[0].headline.text == "T"  # the DTD is never fetched


def test_xml_errors_are_problems_with_their_line():
    parsed = read_xml("<items>\n<item><title>A</title>\n</items>")
    assert parsed.problems[0].line == 3 and parsed.problems[0].message.startswith("XML does not parse: mismatched tag")
    parsed = read_xml("<rss><channel/></rss>")
    assert "neither a Scrapy feed" in parsed.problems[0].message


# -- compressed files --------------------------------------------------------------------------
def test_inner_suffix_and_collection():
    assert [inner_suffix(n) for n in ("a.jsonl.gz", "P.HTML.BZ2", "x.gz", ".gz", "a.warc.gz", "b.txt")] == [
        ".jsonl",
        ".html",
        "",
        "",
        ".warc",
        ".txt",
    ]
    assert collected("feed.jsonl.gz", DEFAULT_EXTENSIONS) and not collected("backup.tar.gz", DEFAULT_EXTENSIONS)
    assert not collected("data.gz", DEFAULT_EXTENSIONS)


def _compress(data: bytes, kind: str) -> bytes:
    if kind == ".gz":
        return gzip.compress(data)
    if kind == ".bz2":
        return bz2.compress(data)
    if kind == ".xz":
        return lzma.compress(data)
    import zstandard

    return zstandard.ZstdCompressor().compress(data)


TEXT_FIXTURES = sorted(
    p.relative_to(FIXTURES).as_posix()
    for p in [*(FIXTURES / "clean").iterdir(), *(FIXTURES / "defects").iterdir(), *FIXTURES.glob("*.txt")]
    if inner_suffix(p.name) == p.suffix and p.suffix != ".warc"
)


@pytest.mark.parametrize("kind", [".gz", ".bz2", ".xz", pytest.param(".zst", marks=needs_zstd)])
def test_compressed_files_give_the_findings_of_the_plain_file(kind, tmp_path):
    engine = make_engine(Settings())
    for name in TEXT_FIXTURES:
        plain = FIXTURES / name
        packed = tmp_path / (plain.name + kind)
        packed.write_bytes(_compress(plain.read_bytes(), kind))
        expected = engine.check(plain, "f").result
        got = engine.check(packed, "f").result
        assert [f.to_json() for f in got.findings] == [f.to_json() for f in expected.findings], name
        assert (got.articles, got.encoding, got.fingerprints) == (
            expected.articles,
            expected.encoding,
            expected.fingerprints,
        ), name


def test_decompression_bomb_is_a_finding_with_bounded_memory(tmp_path):
    bomb = tmp_path / "bomb.txt.gz"
    with gzip.open(bomb, "wb") as handle:  # 64 MiB of text in about 64 KB
        for _ in range(1024):
            handle.write(b"All work and no play makes Jack a dull boy. " * 1490)
    tracemalloc.start()
    data = read_decompressed(bomb, ".gz", 1_000_001)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(data) == 1_000_001 and peak < 4_000_000
    result = make_engine(Settings(max_bytes=1_000_000)).check(bomb, "bomb.txt.gz").result
    assert [(f.code, f.message) for f in result.findings if f.code == "NWS901"] == [
        ("NWS901", "decompressed data is larger than newsqa_max_bytes (1000000 bytes): only the beginning was checked")
    ]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("a.json.gz", b"not gzip at all", "gzip data cannot be decompressed: BadGzipFile: Not a gzipped file"),
        (
            "a.json.gz",
            gzip.compress(b'{"title": "x", "body": "y."}', mtime=0)[:-10],
            "the compressed stream is truncated",
        ),
        ("a.json.bz2", bz2.compress(b"x" * 1000)[:-20], "bzip2 data cannot be decompressed"),
        ("a.json.xz", b"\xfd7zXZ\x00garbage", "xz data cannot be decompressed"),
    ],
    ids=["not-gzip", "gzip-cut", "bzip2-cut", "xz-garbage"],
)
def test_damaged_compressed_file_is_unreadable_with_the_reason(engine, tmp_path, name, content, reason):
    result = check_content(engine, tmp_path, name, content)
    assert codes(result) == ["NWS901"] and reason in result.findings[0].message


def test_zst_without_zstandard_names_the_extra(engine, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "zstandard", None)
    result = check_content(engine, tmp_path, "a.txt.zst", b"\x28\xb5\x2f\xfd")
    assert [(f.code, f.message) for f in result.findings] == [
        ("NWS901", "zstd-compressed file, and the zstandard package is not installed: pip install pytest-newsqa[zstd]")
    ]
    with pytest.raises(CompressedError):
        read_decompressed(tmp_path / "a.txt.zst", ".zst", 100)


def test_collection_takes_compressed_files_by_their_inner_suffix(pytester):
    data = pytester.path / "data"
    data.mkdir()
    (data / "feed.jsonl.gz").write_bytes(gzip.compress(b'{"title": "Dock Reopens", "body": "It reopened."}\n'))
    (data / "backup.tar.gz").write_bytes(gzip.compress(b"not scraped"))
    (data / "data.gz").write_bytes(gzip.compress(b"no inner suffix"))
    (data / "page.html.bz2").write_bytes(bz2.compress(b"<h1>Fair Opens</h1><p>The fair opened.</p>"))
    for batch in ("0", "10"):
        result = pytester.runpytest("--newsqa", "data", f"--newsqa-batch={batch}", "--newsqa-report=r.json", "-v")
        assert result.ret == 0
        report = (pytester.path / "r.json").read_text(encoding="utf-8")
        assert '"data/feed.jsonl.gz"' in report and '"data/page.html.bz2"' in report
        assert "backup.tar.gz" not in report and "data.gz" not in report


# -- WARC --------------------------------------------------------------------------------------
def _record(kind: str, uri: str, block: bytes) -> bytes:
    head = f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nContent-Length: {len(block)}\r\n"
    head += f"Content-Type: application/http; msgtype={kind}\r\n\r\n"
    return head.encode() + block + b"\r\n\r\n"


def _response(uri: str, payload: bytes, content_type: str = "text/html", status: str = "200 OK", extra: str = ""):
    head = f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n{extra}Content-Length: {len(payload)}\r\n\r\n"
    return _record("response", uri, head.encode() + payload)


def _page(number: int, words: int = 30) -> bytes:
    body = " ".join(f"word{number}x{i}" for i in range(words))
    return f"<html><body><article><h1>Story {number}</h1><p>{body} ends here.</p></article></body></html>".encode()


@needs_warc
def test_warc_records_are_articles_named_by_uri_and_offset(engine):
    clean = engine.check(FIXTURES / "clean" / "clean_crawl.warc", "crawl.warc").result
    assert (clean.status, clean.articles, clean.findings) == ("passed", 2, [])  # windows-1252 page included
    result = engine.check(FIXTURES / "defects" / "nws201_stray_marker.warc.gz", "crawl.warc.gz").result
    assert [(f.code, f.line, f.message) for f in result.findings] == [
        ("NWS201", 3, "page furniture 'Advertisement' (record 3: https://news.example/ferry at offset 420, line 8)"),
        (
            "NWS901",
            7,
            "HTTP 404 Not Found: an error page, not an article (record 7: https://news.example/missing at offset 1559)",
        ),
    ]


@needs_warc
def test_warc_skips_what_is_not_an_article_and_decodes_content_coding(engine, tmp_path):
    page = _page(1)
    archive = b"".join(
        [
            _response("https://x/a", gzip.compress(page), extra="Content-Encoding: gzip\r\n"),
            _response("https://x/i.png", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
            _response("https://x/s.css", b"body{}", "text/css"),
            _response("https://x/robots.txt", b"User-agent: *\n", "text/plain"),
            _response("https://x/old", b"", "text/html", "301 Moved Permanently"),
            _response("https://x/gone", b"<h1>Error</h1>", "text/html", "503 Service Unavailable"),
        ]
    )
    result = check_content(engine, tmp_path, "c.warc", archive)
    assert result.articles == 1
    assert [(f.code, f.line) for f in result.findings] == [("NWS901", 6)]


@needs_warc
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<html>not an archive</html>", "not a WARC archive at its start"),
        (None, "archive is truncated after record 9 (offset 2290)"),
    ],
)
def test_damaged_warc_is_unreadable(engine, tmp_path, content, message):
    content = content if content is not None else (FIXTURES / "defects" / "nws901_truncated.warc.gz").read_bytes()
    result = check_content(engine, tmp_path, "d.warc.gz", gzip.compress(content) if b"html" in content else content)
    assert "NWS901" in codes(result) and message in result.findings[-1].message


def _chunked(data: bytes) -> bytes:
    return b"%x\r\n%s\r\n%x;ext=1\r\n%s\r\n0\r\n\r\n" % (100, data[:100], len(data) - 100, data[100:])


@needs_warc
@pytest.mark.parametrize(
    ("headers", "encode"),
    [
        ("Content-Encoding: gzip\r\n", gzip.compress),
        ("Content-Encoding: gzip\r\n", lambda data: data),  # stored decoded, header kept
        ("Content-Encoding: deflate\r\n", lambda data: zlib.compress(data)),
        ("Content-Encoding: br\r\n", lambda data: __import__("brotli").compress(data)),
        ("Content-Encoding: br\r\n", lambda data: data),
        ("Transfer-Encoding: chunked\r\n", _chunked),
        ("Transfer-Encoding: chunked\r\n", lambda data: data),
        ("Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n", lambda data: _chunked(gzip.compress(data))),
        ("Content-Encoding: bogus\r\n", lambda data: data),
    ],
    ids=[
        "gzip",
        "gzip-label-only",
        "deflate",
        "br",
        "br-label-only",
        "chunked",
        "chunked-label-only",
        "chunked-gzip",
        "unknown",
    ],
)
def test_warc_undoes_http_coding_and_survives_a_wrong_one(engine, tmp_path, headers, encode):
    """Each record's coding is undone on its own: a wrong label never stops the archive."""
    first = encode(_page(1))
    archive = _response("https://x/1", first, extra=headers) + _response("https://x/2", _page(2))
    result = check_content(engine, tmp_path, "c.warc", archive)
    assert (result.articles, result.findings) == (2, [])


@needs_warc
def test_warc_bounds_each_record_not_the_archive(tmp_path):
    """newsqa_max_bytes bounds a record's payload; an archive far larger than it is read whole."""
    engine = make_engine(Settings(max_bytes=5_000))
    big = _page(1, words=2_000)  # about 20 KB
    archive = b"".join(
        [_response("https://x/big", big), *(_response(f"https://x/{n}", _page(n)) for n in range(2, 100))]
    )
    result = check_content(engine, tmp_path, "c.warc", archive)
    assert len(archive) > 10 * 5_000 and result.articles == 99
    assert [(f.code, f.line, f.message) for f in result.findings] == [
        (
            "NWS901",
            1,
            "payload is larger than newsqa_max_bytes (5000 bytes): only its beginning was checked "
            "(record 1: https://x/big at offset 0)",
        )
    ]


def test_warc_without_fastwarc_names_the_extra(engine, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "fastwarc", None)
    result = check_content(engine, tmp_path, "c.warc", _response("https://x/a", _page(1)))
    assert [(f.code, f.message) for f in result.findings] == [
        ("NWS901", "WARC archive, and the fastwarc package is not installed: pip install pytest-newsqa[warc]")
    ]


@needs_warc
def test_warc_is_streamed_memory_does_not_grow_with_the_archive(tmp_path):
    """Records are checked one at a time: five times the pages, about the same peak memory.

    Every page has the same 20 KB body (a distinct one would fill the bounded cache of
    normalized paragraphs, which is not what is measured): kept in memory, 1,500 pages would
    take 24 MB more than 300; streamed, only a small stub and a fingerprint per page stay.
    """
    engine = make_engine(Settings())
    body = " ".join(f"word{i}" for i in range(2500)) + " ends here."

    def peak(pages: int) -> int:
        path = tmp_path / f"{pages}.warc"
        page = "<html><body><h1>Story {}</h1><p>{}</p></body></html>"
        path.write_bytes(b"".join(_response(f"https://x/{n}", page.format(n, body).encode()) for n in range(pages)))
        tracemalloc.start()
        result = engine.check(path).result
        used = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert result.articles == pages and set(codes(result)) == {"NWS501"}  # the same body: duplicates
        return used

    # Warm up imports and caches; the rules' bounded per-article caches (furniture blocks hold
    # up to 256 articles) reach their size in either run, so the difference is what streaming keeps.
    peak(2)
    small, large = peak(300), peak(1500)
    # Each record keeps a stub, a fingerprint and its duplicate-article finding (about 2 KB);
    # keeping its text would add the 20 KB page: what grows must be far below that.
    added_text = (1500 - 300) * len(body)
    assert large - small < added_text / 8, (small, large, added_text)


# -- fuzzing -----------------------------------------------------------------------------------
@FAST
@given(st.text(max_size=2000))
def test_new_readers_never_raise(text):
    for parsed in (read_markdown(text), read_csv(text), read_xml(text)):
        assert all(a.index >= 0 for a in parsed.articles)


markdownish = st.lists(
    st.sampled_from(
        [
            "# T",
            "---",
            "title: x",
            "* [a](b)",
            "![](c)",
            "[](d)",
            "* * *",
            "```",
            "> q",
            "|a|b|",
            "|-|-|",
            "===",
            "1. item",
            "",
            "text *em* **b** `c`",
            "[r]: http://x",
            "Title: J",
            "Markdown Content:",
            "\\*",
            "    code",
        ]
    ),
    max_size=30,
).map("\n".join)


@FAST
@given(markdownish)
def test_markdown_reader_takes_any_mix_of_markup(text):
    article = read_markdown(text).articles[0]
    for unit in article.units():
        assert 1 <= unit.line <= text.count("\n") + 1


xmlish = st.recursive(
    st.text(alphabet="ab <>&;\n\"'", max_size=10),
    lambda inner: st.builds(
        lambda tag, attrs, children: f"<{tag}{attrs}>{''.join(children)}</{tag}>",
        st.sampled_from(
            [
                "items",
                "item",
                "title",
                "body",
                "value",
                "doc",
                "main",
                "p",
                "head",
                "TEI",
                "text",
                "figure",
                "hi",
                "comments",
                "x:p",
            ]
        ),
        st.sampled_from(["", ' title="T"', ' type="comments"']),
        st.lists(inner, max_size=4),
    ),
    max_leaves=25,
)


@FAST
@given(xmlish)
def test_xml_reader_takes_any_tree(text):
    read_xml(text)


@FAST
@given(st.binary(max_size=3000), st.sampled_from([".jsonl.gz", ".html.bz2", ".md.xz", ".warc", ".warc.gz", ".csv"]))
def test_engine_gives_only_findings_for_any_bytes_in_the_new_formats(data, suffix):
    engine = make_engine(Settings())
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"input{suffix}"
        path.write_bytes(data)
        checked = engine.check(path)
    assert checked.tracebacks == []
    assert not any("crashed" in f.message for f in checked.result.findings)


# -- real text ---------------------------------------------------------------------------------
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "newspaper3k"
needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason="the shared newspaper3k corpus is not beside this checkout"
)
_PARAGRAPH_REFERENCE = re.compile(r" \((?:body paragraphs?|lines) [\d–, -]+\)")
_LINE_REFERENCE = re.compile(r"line \d+")


def _findings(engine, path: Path) -> set[tuple[str, str]]:
    """(code, message) with line references blanked (each format puts the text on other lines) and
    paragraph references dropped (named where a record is one line: JSON, JSONL, CSV)."""
    findings = engine.check(path, "x").result.findings
    return {(f.code, _PARAGRAPH_REFERENCE.sub("", _LINE_REFERENCE.sub("line N", f.message))) for f in findings}


@needs_corpus
def test_real_articles_read_the_same_in_every_feed_format(engine, tmp_path):
    """123 real extracted articles written as Markdown, CSV, Scrapy XML and gzip'd JSONL: the
    same findings as the JSON file, so the new readers neither add nor hide defects."""
    files = sorted(CORPUS.glob("*.json"))
    assert len(files) > 100
    for path in files:
        record = json.loads(path.read_text(encoding="utf-8"))
        title, body = record.get("title", ""), record.get("text") or record.get("body") or ""
        expected = _findings(engine, path)
        paragraphs = "\n\n".join(line for line in body.split("\n") if line.strip())
        table = io.StringIO()
        csv.writer(table).writerows([["title", "body"], [title, body]])
        shapes = {
            "a.md": f"---\ntitle: {json.dumps(title)}\n---\n\n{paragraphs}\n",
            "a.csv": table.getvalue(),
            "a.xml": f"<items><item><title>{escape(title)}</title><body>{escape(body)}</body></item></items>",
        }
        for name, text in shapes.items():
            (tmp_path / name).write_text(text, encoding="utf-8")
            assert _findings(engine, tmp_path / name) == expected, (path.name, name)
        (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(json.dumps(record).encode() + b"\n"))
        assert _findings(engine, tmp_path / "a.jsonl.gz") == expected, path.name


@needs_corpus
@needs_warc
def test_real_pages_in_a_warc_read_as_the_saved_pages(engine, tmp_path):
    """157 real saved pages as the records of one .warc.gz: each record has the findings of its
    page checked as a file, on the record's number, naming the record (NWS401 aside: a page's
    own charset is no defect inside an archive; NWS501 compares across records instead)."""
    pages = sorted((CORPUS / "html").glob("*.html"))
    archive = tmp_path / "pages.warc.gz"
    archive.write_bytes(b"".join(gzip.compress(_response(f"https://{p.stem}/", p.read_bytes())) for p in pages))
    records: dict[int, set[tuple[str, str, int]]] = {}
    for finding in engine.check(archive, "a").result.findings:
        match = re.search(r" \(record (\d+): \S+ at offset \d+(?:, line (\d+))?\)$", finding.message)
        if finding.code != "NWS501":
            assert match is not None and finding.line == int(match.group(1)), finding
            found = (finding.code, finding.message[: match.start()], int(match.group(2) or 0))
            records.setdefault(finding.line, set()).add(found)
    for number, page in enumerate(pages, start=1):
        result = engine.check(page, "x").result
        expected = {(f.code, f.message, f.line) for f in result.findings if f.code not in ("NWS401", "NWS501")}
        assert records.get(number, set()) == expected, page.name


def test_pathological_markup_takes_linear_time():
    """Unclosed emphasis, code, strike-through and link openers repeated in one long paragraph:
    each inline pattern stops at its own delimiter, so this is linear, not quadratic (it took
    minutes before). Run in a subprocess with a timeout, so a regression fails, not hangs."""
    code = (
        "from pytest_newsqa.readers.markdown import read_markdown\n"
        "from pytest_newsqa.readers.xmlfeed import read_xml\n"
        "for unit in ['_a ', '*a ', '~~a ', '** a ', '` ', '[a](', '![a](', '[a][', '[_*~`']:\n"
        "    read_markdown(unit * 50000)\n"
        "read_xml('<items>' + '<item><title>t</title></item>' * 20000 + '</items>')\n"
        "print('done')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip() == "done"
