"""Untrusted input: the only possible outcome is findings, never an exception or a hang."""

from __future__ import annotations

import json
import os
import resource
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytest_newsqa.decode import decode
from pytest_newsqa.model import Article, TextUnit
from pytest_newsqa.readers import read_html, read_json, read_jsonl, read_text
from pytest_newsqa.settings import Settings
from pytest_newsqa.standalone import make_engine

ENGINE = make_engine(Settings())
SUFFIXES = [".txt", ".html", ".json", ".jsonl"]
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["title", "headline", "body", "text", "captions", "caption", "x"]) | st.text(),
            children,
            max_size=5,
        )
    ),
    max_leaves=20,
)


@FAST
@given(st.binary(max_size=2000), st.none() | st.sampled_from(["utf-8", "iso-8859-1", "bogus-charset", "utf-16"]))
def test_decode_never_raises(data, declared):
    decoded = decode(data, declared=declared)
    assert isinstance(decoded.text, str)


@FAST
@given(st.text(max_size=2000))
def test_readers_never_raise(text):
    for read in (read_text, read_html, read_json, read_jsonl):
        parsed = read(text)
        assert all(isinstance(a, Article) for a in parsed.articles)


@FAST
@given(json_values)
def test_json_readers_take_any_json_value(value):
    text = json.dumps(value)
    read_json(text)
    read_jsonl(text)


@FAST
@given(st.lists(st.text(max_size=200), min_size=0, max_size=8), st.text(max_size=100))
def test_rules_never_raise_on_any_article(paragraphs, headline):
    article = Article(index=0, line=1, headline=TextUnit(headline, 1))
    article.paragraphs = [TextUnit(p, i + 2) for i, p in enumerate(paragraphs)]
    article.captions = [TextUnit(p, 1) for p in paragraphs[:2]]
    for rule in ENGINE.catalogue:
        if rule.scope == "article":
            list(rule.check(article, ENGINE.settings))


@FAST
@given(st.binary(max_size=3000), st.sampled_from(SUFFIXES))
def test_engine_gives_only_findings_for_any_bytes(data, suffix):
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"input{suffix}"
        path.write_bytes(data)
        checked = ENGINE.check(path)
    assert checked.tracebacks == []
    assert not any("crashed" in f.message for f in checked.result.findings)


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_empty_file_is_an_empty_article(tmp_path, suffix):
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"")
    assert [f.code for f in ENGINE.check(path).result.findings] == ["NWS302"]


def test_binary_file_is_unreadable(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20)
    result = ENGINE.check(path).result
    assert [(f.code, f.message) for f in result.findings] == [("NWS901", "binary data, not text")]


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
@pytest.mark.timeout(120)
def test_json_nested_100000_levels(tmp_path, suffix):
    path = tmp_path / f"deep{suffix}"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    result = ENGINE.check(path).result
    assert [f.code for f in result.findings] == ["NWS901"]
    assert "nested too deeply" in result.findings[0].message


def test_html_never_resolves_external_entities(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    page = (
        f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        "<html><body><article><h1>Title</h1><p>Text &xxe; here.</p>"
        "<script>document.write('SCRIPT-TEXT')</script><style>p{}</style></article></body></html>"
    )
    article = read_html(page).articles[0]
    text = " ".join(u.text for u in article.units())
    assert "TOP-SECRET-CONTENT" not in text and "SCRIPT-TEXT" not in text and "p{}" not in text


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_200_mb_file_is_cut_at_max_bytes_with_flat_memory(pytester):
    data = pytester.path / "data"
    data.mkdir()
    chunk = (
        "Headline\n\n" + "The council met on Monday and approved the plan after a long debate. " * 15 + "\n\n"
    ) * 1000
    with open(data / "huge.txt", "w", encoding="utf-8") as handle:
        written = 0
        while written < 200 * 1024 * 1024:
            written += handle.write(chunk)
    result = pytester.runpytest_subprocess(
        "--newsqa", "data", "-p", "no:cacheprovider", "-o", "newsqa_max_bytes=4000000"
    )
    result.stdout.fnmatch_lines(
        ["*huge.txt:0: NWS901 unreadable: file is larger than newsqa_max_bytes (4000000 bytes)*"]
    )
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert peak_kib < 1024 * 1024  # well under 1 GiB


def test_an_engine_bug_is_still_a_finding(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_text("Headline\n\nBody text.\n", encoding="utf-8")
    engine = make_engine(Settings())

    def broken(*args, **kwargs):
        raise RuntimeError("decoder bug")

    monkeypatch.setattr("pytest_newsqa.engine.decode", broken)
    checked = engine.check(path)
    assert [(f.code, f.message) for f in checked.result.findings] == [
        ("NWS901", "could not be checked: RuntimeError: decoder bug")
    ]
    assert checked.result.status == "failed" and "RuntimeError" in checked.tracebacks[0]


@pytest.mark.timeout(60)  # opening the pipe would block forever
def test_named_pipe_is_not_opened(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result = ENGINE.check(fifo).result  # would block forever if it were opened
    assert [(f.code, f.message) for f in result.findings] == [
        ("NWS901", "not a regular file (a pipe, socket or device): not read")
    ]


@pytest.mark.timeout(300)  # a quadratic pattern would not finish in the suite's lifetime
@pytest.mark.parametrize(
    ("name", "content", "codes"),
    [
        ("token.txt", "Headline\n\n" + "&" * 4_000_000, []),  # one huge token: link patterns must stay linear
        ("tags.txt", "Headline\n\n" + "<br>" * 500_000, ["NWS202"]),  # many tags: each in a bounded window
        ("words.txt", "Headline\n\n" + "word " * 800_000, ["NWS301"]),  # one huge paragraph with no sentence end
    ],
)
def test_huge_paragraphs_finish(tmp_path, name, content, codes):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = ENGINE.check(path).result
    assert [f.code for f in result.findings] == codes
    assert result.status == ("failed" if codes else "passed")


def test_page_with_too_many_tags_is_not_parsed(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text("<div>" * 300_000, encoding="utf-8")
    assert [f.message for f in ENGINE.check(path).result.findings] == [
        "page has about 300,000 tags, more than 200,000: not parsed"
    ]


def test_records_beyond_the_limit_are_not_read(tmp_path, monkeypatch):
    monkeypatch.setattr("pytest_newsqa.readers.jsonfeed.MAX_RECORDS", 3)
    path = tmp_path / "feed.jsonl"
    path.write_text("".join(f'{{"title": "T{i}", "body": "Body number {i} of the feed."}}\n' for i in range(5)))
    result = ENGINE.check(path).result
    assert result.articles == 3
    assert [(f.code, f.line, f.message) for f in result.findings] == [
        ("NWS901", 4, "more than 3 records: the rest of the file is not read")
    ]


def test_findings_per_rule_are_capped(tmp_path):
    path = tmp_path / "markers.txt"
    path.write_text("Headline\n\nThe story.\n\n" + "TT\n\n" * 1500, encoding="utf-8")
    findings = [f for f in ENGINE.check(path).result.findings if f.code == "NWS201"]
    assert len(findings) == 1001
    assert findings[0].message == "and 500 more stray-marker findings in this file, not listed"
