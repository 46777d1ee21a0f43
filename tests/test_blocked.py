"""NWS303 blocked-page: every blocked page in every format fires with its kind; articles about
blocked pages stay silent. The pages are written as plain text in fixtures/blocked/ (first line
the title, one paragraph a line) and rendered here as a full HTML page, JSON, JSONL and text."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from pytest_newsqa.rules.blocked import verdict
from tests.helpers import check_content

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "blocked"
PAGES = sorted((FIXTURES / "pages").glob("*.txt"))
LOOKALIKES = sorted((FIXTURES / "lookalikes").glob("*.txt"))
FORMATS = (".html", ".json", ".jsonl", ".txt")
KINDS = {
    "bot_check": "bot-check",
    "access_denied": "access-denied",
    "error_page": "error page",
    "rate_limit": "rate-limit",
    "javascript": "JavaScript-required",
    "consent": "consent wall",
    "paywall": "paywall",
}


def title_and_body(path: Path) -> tuple[str, list[str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines[0], lines[1:]


def render(path: Path, suffix: str) -> str:
    title, body = title_and_body(path)
    if suffix == ".json":
        return json.dumps({"url": "https://example.com/a", "title": title, "body": "\n".join(body)}, ensure_ascii=False)
    if suffix == ".jsonl":
        return json.dumps({"title": title, "body": "\n".join(body)}, ensure_ascii=False) + "\n"
    if suffix == ".txt":
        return "\n\n".join([title, *body]) + "\n"
    # A full saved page: the template text sits in divs, not in an <article>, beside scripts.
    paragraphs = "".join(f"<div class='cf-text'><p>{html.escape(line)}</p></div>" for line in body)
    return (
        f"<!DOCTYPE html><html><head><title>{html.escape(title)}</title>"
        "<script>window._cf_chl_opt={cvId:'3'};</script><style>body{font:16px sans-serif}</style></head>"
        f"<body><div id='main-wrapper'><h1>{html.escape(title)}</h1>{paragraphs}</div>"
        "<noscript>Please turn JavaScript on and reload the page.</noscript></body></html>"
    )


def kind_of(path: Path) -> str:
    return next(words for prefix, words in KINDS.items() if path.stem.startswith(prefix))


def test_fixtures_cover_every_kind_and_language():
    stems = {p.stem for p in PAGES}
    assert {kind_of(p) for p in PAGES} == set(KINDS.values())
    for language in ("en", "de", "fr", "es"):
        assert sum(f"_{language}" in s for s in stems) >= 3, language
    assert len(LOOKALIKES) >= 6


@pytest.mark.parametrize("suffix", FORMATS)
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_blocked_page_fires_with_its_kind(engine, tmp_path, page, suffix):
    result = check_content(engine, tmp_path, page.stem + suffix, render(page, suffix))
    found = [f for f in result.findings if f.code == "NWS303"]
    assert len(found) == 1, result.findings
    assert kind_of(page) in found[0].message
    assert result.status == "failed"


@pytest.mark.parametrize("suffix", FORMATS)
@pytest.mark.parametrize("page", LOOKALIKES, ids=lambda p: p.stem)
def test_articles_about_blocked_pages_stay_silent(engine, tmp_path, page, suffix):
    result = check_content(engine, tmp_path, page.stem + suffix, render(page, suffix))
    assert [f.message for f in result.findings if f.code == "NWS303"] == []


def test_each_blocked_record_of_a_feed_is_reported(engine, tmp_path):
    good = LOOKALIKES[0]
    content = "".join(render(p, ".jsonl") for p in (PAGES[0], good, PAGES[-1]))
    result = check_content(engine, tmp_path, "feed.jsonl", content)
    assert sorted(f.line for f in result.findings if f.code == "NWS303") == [1, 3]


def test_a_bot_check_page_the_reader_finds_no_article_in(engine, tmp_path):
    """All the text in elements a main-content reader drops: the page's own text still tells."""
    page = (
        "<html><head><title>Just a moment...</title></head><body><header><div>Checking if the site connection "
        "is secure</div></header><footer><div>Ray ID: 8a1b2c3d4e5f</div><div>Performance &amp; security by "
        "Cloudflare</div></footer></body></html>"
    )
    result = check_content(engine, tmp_path, "cf.html", page)
    assert [f.code for f in result.findings if f.code == "NWS303"] == ["NWS303"]


@pytest.mark.parametrize(
    ("title", "text", "kind"),
    [
        ("Just a moment...", "", "bot check"),
        ("Page not found · Example", "Go to the homepage.", "error page"),
        ("", "Access Denied\nYou don't have permission to access this page.\nReference #18.4f", "access denied"),
        ("Error 404: the missing ministry pages", "Citizens could not reach the forms. " * 30, None),
        ("Markets", "Subscribe to continue reading " + "the markets rose on Monday as investors cheered. " * 60, None),
    ],
)
def test_verdict(title, text, kind):
    assert verdict(title, text) == kind
