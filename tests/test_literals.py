"""The screen before a costly regex (pytest_newsqa.literals): a text the screen turns away has no
match, so a rule that skips the regex there finds exactly what it found by running it."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pytest_newsqa.rules.blocked as blocked
from pytest_newsqa.literals import Screen, fold, needles, starts


def matches_screened(pattern: re.Pattern[str], text: str) -> bool:
    found = needles(pattern)
    if found is None:
        return True
    folded = fold(text)
    return Screen(found)(folded, starts(folded))


def test_every_blocked_page_kind_is_screened():
    """A kind whose pattern gained an alternative with no literal in it would run on every text."""
    assert all(screen is not None for screen in blocked._SCREENS.values())


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"just a moment\W*", (("just a moment",),)),
        (r"(?:404|500)(?: error)?", (("404",), ("500",))),
        (r"go (?:back )?to (?:the )?home ?page", (("go ", "to ", "home", "page"),)),
        (r"\w+|moment", None),  # an alternative that needs no literal: the pattern always runs
        (r"[^.\n]{0,40}site connection", (("site connection",),)),
    ],
)
def test_needles_are_what_every_match_holds(pattern: str, expected: object):
    assert needles(re.compile(pattern, re.IGNORECASE)) == expected


def test_folding_is_what_ignorecase_compares():
    """İ, ı and ſ match i and s under re.IGNORECASE: the folded text says so too, at the same length."""
    for text in ("JUST A MOMENT", "just a moment", "JUST A MOMENT".replace("S", "ſ"), "İ and ı", "ΣΑΣ"):
        assert len(fold(text)) == len(text)
    pattern = re.compile("just a moment", re.IGNORECASE)
    for text in ("JUſT A MOMENT", "juſt a moment", "Just a Moment"):
        assert pattern.search(text) and matches_screened(pattern, text)
    dotted = re.compile("limit", re.IGNORECASE)
    assert dotted.search("lİmit") and matches_screened(dotted, "lİmit")


PHRASES = st.sampled_from(
    [
        "Just a moment...",
        "Checking if the site connection is secure",
        "Ray ID: 8a1b2c",
        "403 Forbidden",
        "Access Denied",
        "404 Not Found",
        "the page you were looking for could not be found.",
        "Go back to the HOME PAGE.",
        "Too Many Requests",
        "You need to enable JavaScript to run this app.",
        "Accept all cookies",
        "We and our 842 partners store data.",
        "Subscribe to continue reading",
        "already a subscriber? Log in.",
        "Über­prüfung, ob die Verbindung sicher ist",
        "JUſT A MOMENT",
        "The council met on Monday.",
        "500 people",
        "home",
        "page",
    ]
)
SEPARATORS = st.sampled_from([" ", "\n", ". ", "", "  ", "\t", " İ "])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(PHRASES, SEPARATORS), max_size=12))
def test_screened_template_words_are_the_regexes_own(parts: list[tuple[str, str]]):
    text = "".join(phrase + separator for phrase, separator in parts)
    plain = {}
    for kind, pattern in blocked._PATTERNS.items():
        words = sum(len(blocked._WORD.findall(m.group())) for m in pattern.finditer(text))
        if words:
            plain[kind] = words
    assert blocked._template_words(text) == plain
    for pattern in blocked._PATTERNS.values():
        if pattern.search(text):
            assert matches_screened(pattern, text)
