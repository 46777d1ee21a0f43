"""Differential tests: lxml (the fast path) and BeautifulSoup (the reference) give the same
articles and the same findings, on the fixtures, the shared real pages and generated pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytest_newsqa.decode import declared_charset, decode
from pytest_newsqa.readers import html as html_reader
from pytest_newsqa.readers.html import parse, read_html
from pytest_newsqa.readers.html_tree import ParserLimit, parse_lxml
from pytest_newsqa.standalone import make_engine
from tests.conftest import FIXTURES

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpora"
REAL = [SHARED / "newspaper3k" / "html", SHARED / "trafilatura-eval-part" / "pages"]
REAL_PAGES = sorted(path for folder in REAL if folder.is_dir() for path in folder.glob("*.html"))
# Plain pages only: a compressed page (.html.gz) is the same page, tested in test_formats.py.
HTML_FIXTURES = sorted(p for p in FIXTURES.rglob("*.htm*") if p.suffix in (".html", ".htm"))


def both(text: str) -> tuple[object, object]:
    return read_html(text, "lxml"), read_html(text, "bs4")


def page_text(path: Path) -> str:
    data = path.read_bytes()
    return decode(data, declared=declared_charset(data)).text


@pytest.mark.parametrize("path", HTML_FIXTURES, ids=lambda p: p.name)
def test_fixture_findings_are_the_same_with_either_parser(path: Path, monkeypatch: pytest.MonkeyPatch):
    fast = make_engine().check(path).result
    monkeypatch.setattr(html_reader, "PARSER", "bs4")
    reference = make_engine().check(path).result
    assert fast.findings == reference.findings
    lxml_article, soup_article = both(path.read_text(encoding="utf-8"))
    assert lxml_article == soup_article


@pytest.mark.skipif(not REAL_PAGES, reason="the shared real pages are not beside this checkout")
@pytest.mark.parametrize("chunk", range(8))
def test_real_pages_give_the_same_article_with_either_parser(chunk: int):
    for path in REAL_PAGES[chunk::8]:
        lxml_file, soup_file = both(page_text(path))
        assert lxml_file == soup_file, path.name


@pytest.mark.skipif(not REAL_PAGES, reason="the shared real pages are not beside this checkout")
def test_real_pages_give_the_same_findings_with_either_parser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    paths = REAL_PAGES[::25]
    fast = [make_engine().check(path).result.findings for path in paths]
    monkeypatch.setattr(html_reader, "PARSER", "bs4")
    reference = [make_engine().check(path).result.findings for path in paths]
    assert fast == reference


# -- generated pages ------------------------------------------------------------------------

WORDS = st.sampled_from(
    [
        "The",
        "council",
        "met",
        "on",
        "Monday.",
        "Share",
        "Related",
        "AT&amp;T",
        "&copy;",
        "caf&eacute;",
        "&nbsp;",
        "&lt;b&gt;",
        "&#8217;",
        "&unknown;",
        "x",
        "said",
        "Résumé",
        "—",
        "2020",
    ]
)
SPACE = st.sampled_from([" ", "\n", "\r\n", "\r", "\n\n  ", "\t", ""])
TEXT = st.lists(st.tuples(WORDS, SPACE), max_size=8).map(lambda parts: "".join(w + s for w, s in parts))
CLASSES = st.sampled_from(
    ["", "entry-content", "related-posts", "share", "sidebar", "article-body", "comments", "nav", "x y", "footer"]
)
# Valid nesting only (phrasing content in paragraphs and headings): how libxml2 and html.parser
# repair broken nesting differs, and the real pages test covers what real pages do.
INLINE_TAGS = st.sampled_from(["span", "a", "em", "b", "small", "time"])
TEXT_BLOCK_TAGS = st.sampled_from(["p", "h1", "h2", "h3", "figcaption", "blockquote", "pre"])
FLOW_TAGS = st.sampled_from(["div", "article", "main", "section", "aside", "nav", "header", "footer", "figure"])
LEAVES = TEXT | st.sampled_from(["<br>", "<!-- a\ncomment -->", "<img src=x.jpg>", "\n", "<script>a<b\n</script>"])


def _wrap(tags: st.SearchStrategy[str], inner: st.SearchStrategy[list[str]]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda tag, cls, newline, children, tail: (
            f"<{tag}{f' class={chr(34)}{cls}{chr(34)}' if cls else ''}{newline}>{''.join(children)}</{tag}>{tail}"
        ),
        tags,
        CLASSES,
        st.sampled_from(["", "\n", " "]),
        inner,
        TEXT,
    )


PHRASING = st.recursive(LEAVES, lambda inner: _wrap(INLINE_TAGS, st.lists(inner, max_size=4)), max_leaves=8)
TEXT_BLOCKS = _wrap(TEXT_BLOCK_TAGS, st.lists(PHRASING, max_size=4))
LISTS = _wrap(st.just("ul"), st.lists(_wrap(st.just("li"), st.lists(PHRASING, max_size=3)), max_size=4))
NODES = st.recursive(
    TEXT_BLOCKS | LISTS | PHRASING, lambda inner: _wrap(FLOW_TAGS, st.lists(inner, max_size=5)), max_leaves=30
)
PAGES = st.builds(
    lambda head, nodes, full: (
        f"<!DOCTYPE html>\n<html><head><title>{head}</title></head>\n<body>\n{''.join(nodes)}\n</body></html>"
        if full
        else "".join(nodes)
    ),
    TEXT,
    st.lists(NODES, max_size=6),
    st.booleans(),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PAGES)
def test_generated_pages_give_the_same_article_with_either_parser(page: str):
    try:
        parse_lxml(page)
    except ParserLimit:
        return  # such a page is read by the reference parser on the fast path too
    lxml_file, soup_file = both(page)
    assert lxml_file == soup_file


# -- the fallback ---------------------------------------------------------------------------


def test_lxml_missing_falls_back_to_beautifulsoup(monkeypatch: pytest.MonkeyPatch):
    import builtins

    real_import = builtins.__import__

    def no_lxml(name: str, *args: object, **kwargs: object) -> object:
        if name.startswith("lxml"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_lxml)
    assert read_html("<h1>T</h1><p>Body text.</p>").articles[0].paragraphs[0].text == "Body text."


def test_page_past_libxml2_limits_goes_to_the_reference_parser():
    page = "<div>" * 300 + "deep text" + "</div>" * 300
    with pytest.raises(ParserLimit):
        parse_lxml(page)
    assert read_html(page).articles[0].paragraphs[0].text == "deep text"


# -- lines ----------------------------------------------------------------------------------


@pytest.mark.parametrize("parser", ["lxml", "bs4"])
def test_lines_are_where_the_start_tag_ends_plus_breaks_before_the_text(parser: str):
    page = (
        "<html><body>\n"  # 1
        '<p class="a"\n'  # 2
        '   id="b">One line.</p>\n'  # 3: the start tag ends here
        "<div>\n\n  Two lines.</div>\r\n"  # 4, text on 6
        "<p>a<!-- x\n -->b</p>\r"  # 7-8: a comment is not a break between pieces of text
        "<script>\nvar x;\n</script>\nAfter script.\n"  # 9-12
        "</body></html>\n"
    )
    units = [(u.text, u.line) for u in read_html(page, parser).articles[0].paragraphs]
    assert units == [("One line.", 3), ("Two lines.", 6), ("ab", 7), ("After script.", 12)]
    assert parse(page, parser).tags == parse(page, "lxml").tags


def test_deep_page_with_furniture_is_read_in_linear_time():
    """Scoring walks each block's ancestors; a page deeper than any real one is a fragment."""
    page = "<nav>Menu</nav><aside>Related</aside>" + "<div>Some text here." * 30_000 + "</div>" * 30_000
    article = read_html(page).articles[0]  # a quadratic walk would not finish in the suite's lifetime
    assert len(article.paragraphs) == 30_001
