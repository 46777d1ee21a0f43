"""The article the HTML reader finds on full real pages, scored on labelled snippets.

``../shared/corpora/trafilatura-eval-part/evaldata.json`` marks, for each saved page, snippets of
its main text (``with``) and of its boilerplate (``without``). The score is the share of main-text
snippets the article holds and the share of boilerplate snippets it lets in, white space
normalized (trafilatura 2.3 itself keeps 0.93 and lets in 0.10 on the whole set). The tests after
it need no corpus: what a full page's article leaves out, kind by kind, and what it keeps.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pytest_newsqa.decode import declared_charset, decode
from pytest_newsqa.readers.html import read_html
from pytest_newsqa.readers.html_extract import is_furniture_label

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "trafilatura-eval-part"
needs_corpus = pytest.mark.skipif(
    not (CORPUS / "evaldata.json").is_file(),
    reason="the shared trafilatura-eval-part corpus is not beside this checkout",
)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _scores() -> tuple[float, float, int]:
    labels = json.loads((CORPUS / "evaldata.json").read_text(encoding="utf-8"))
    kept = main = let_in = boilerplate = pages = 0
    for record in labels.values():
        path = CORPUS / "pages" / record["file"]
        if not path.is_file():
            continue
        data = path.read_bytes()
        article = read_html(decode(data, declared=declared_charset(data)).text).articles[0]
        units = ([article.headline] if article.headline else []) + article.units()
        text = _flat("\n".join(unit.text for unit in units))
        kept += sum(_flat(snippet) in text for snippet in record["with"])
        let_in += sum(_flat(snippet) in text for snippet in record["without"])
        main += len(record["with"])
        boilerplate += len(record["without"])
        pages += 1
    return kept / main, let_in / boilerplate, pages


@needs_corpus
def test_full_pages_keep_the_main_text_and_leave_out_most_boilerplate():
    keep, let_in, pages = _scores()
    assert pages >= 100
    # Measured 0.938 and 0.093 (README); the issue asks for >= 0.93 and <= 0.10.
    assert keep >= 0.935, f"keeps {keep:.3f} of main-text snippets"
    assert let_in <= 0.095, f"lets in {let_in:.3f} of boilerplate snippets"


# -- what a full page's article leaves out, by kind (no corpus needed) ---------------------------

PROSE = [
    "The council met on Monday and approved the plan after a long debate about the budget for next year.",
    "Residents welcomed the decision, which had been delayed for months by legal challenges in two courts.",
    "The mayor said construction would begin in the spring and take about two years to finish in all.",
]


def _full_page(article: str, before: str = "") -> str:
    """A saved page: menus, a sidebar of teasers and a footer around one article."""
    menu = "".join(f"<li><a href='/s{i}'>Section {i}</a></li>" for i in range(20))
    teasers = "".join(f"<li><a href='/t{i}'>Other story number {i} in the news today</a></li>" for i in range(10))
    footer = "".join(f"<a href='/f{i}'>Footer link {i}</a>" for i in range(15))
    return (
        f"<html><head><title>Council Approves Plan</title></head><body><header><nav><ul>{menu}</ul></nav></header>"
        f"<div class='wrapper'><main>{before}<article><h1>Council Approves Plan</h1>{article}</article></main>"
        f"<aside class='sidebar'><ul>{teasers}</ul></aside></div><footer>{footer}</footer></body></html>"
    )


def _body(page: str) -> list[str]:
    return [unit.text for unit in read_html(page).articles[0].units()]


def _prose(extra: str = "") -> str:
    return "<div class='entry-content'>" + "".join(f"<p>{p}</p>" for p in PROSE) + extra + "</div>"


CAPTION = "The mayor at the town hall on Monday, where the council met for the vote."


def test_a_full_pages_captions_and_credits_are_left_out():
    figure = f"<figure><img src='a.jpg'><figcaption>{CAPTION}</figcaption></figure>"
    extra = "<p class='media__caption'>Jane Doe, Example Press</p><div class='image-credit'>© Jane Doe</div>"
    assert _body(_full_page(_prose(figure + extra))) == PROSE


def test_a_fragment_keeps_its_captions():
    figure = f"<figure><img src='a.jpg'><figcaption>{CAPTION}</figcaption></figure>"
    fragment = f"<article><p>{PROSE[0]}</p>{figure}</article>"
    article = read_html(fragment).articles[0]
    assert [unit.text for unit in article.captions] == [CAPTION]


@pytest.mark.parametrize(
    "box",
    [
        "<div class='author-box'><p>Jane Doe writes about cities and the people who run them for us.</p></div>",
        "<section class='editorial-disclosure'><p>This post contains references to advertisers.</p></section>",
        "<div class='rp4wp-related-posts'><p>Another story about the council and its many budget debates.</p></div>",
        "<div class='ez-toc-container'><p>Contents</p><p>The vote, the budget and what happens next year</p></div>",
        "<p>Getty Images</p><p>Share</p>",
    ],
)
def test_template_boxes_and_furniture_lines_inside_the_article_are_left_out(box):
    assert _body(_full_page(_prose(box))) == PROSE


@pytest.mark.parametrize("label", ["authority-note", "leaderboard-results", "content-wrap", "entry-content"])
def test_look_alike_labels_are_not_furniture(label):
    assert not is_furniture_label(label)


@pytest.mark.parametrize("label", ["post-author", "herald-author", "rp4wp-related-posts", "media__caption--source"])
def test_furniture_words_inside_a_token_are_furniture(label):
    assert is_furniture_label(label)


LEDE = "Work on the new bridge will start in spring, the council decided after a debate that took all night."


def test_a_lede_the_cms_keeps_beside_the_body_is_kept():
    lede = f"<div class='article-header'><div class='teaser-text description'><p>{LEDE}</p></div></div>"
    assert _body(_full_page(lede + _prose())) == [LEDE, *PROSE]


def test_teasers_outside_the_article_stay_out():
    teaser = f"<div class='teaser'><p>{LEDE}</p></div>"
    assert _body(_full_page(_prose(), before=teaser)) == PROSE


def test_a_number_in_a_table_of_the_article_is_kept():
    table = "<table><tr><td>Total cost in millions</td><td>72</td></tr></table>"
    body = f"<div class='entry-content'><p>{PROSE[0]}</p>{table}<p>{PROSE[1]}</p><p>{PROSE[2]}</p></div>"
    assert _body(_full_page(body)) == [PROSE[0], "Total cost in millions", "72", *PROSE[1:]]


def test_a_fragment_keeps_its_furniture_lines_for_the_rules():
    fragment = "<article>" + "".join(f"<p>{p}</p>" for p in PROSE) + "<p>Getty Images</p></article>"
    assert _body(fragment) == [*PROSE, "Getty Images"]


def test_a_cookie_banner_with_more_text_than_the_article_is_left_out():
    notice = " ".join(["We and our partners use cookies to store and read information on your device."] * 12)
    banner = f"<div class='cmplz-cookiebanner-container'><div class='cmplz-body'><p>{notice}</p></div></div>"
    page = _full_page(_prose()).replace("<footer>", banner + "<footer>")
    assert _body(page) == PROSE


def test_a_consent_word_in_the_articles_own_content_class_does_not_drop_it():
    body = "<div class='entry-content consent-decree'>" + "".join(f"<p>{p}</p>" for p in PROSE) + "</div>"
    assert _body(_full_page(body)) == PROSE
