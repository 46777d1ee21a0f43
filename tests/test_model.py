"""Text normalization (what duplicate comparisons see) and bounded reads."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pytest_newsqa.engine import read_up_to
from pytest_newsqa.model import normalize

_QUOTES = str.maketrans({**dict.fromkeys("‘’‚‛", "'"), **dict.fromkeys("“”„‟«»", '"')})


def reference(text: str) -> str:
    """The definition: white space collapsed, case folded, quotes made straight."""
    return " ".join(text.split()).casefold().translate(_QUOTES)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Moscow   Talks ", "moscow talks"),
        ("Line\tone\nline two", "line one line two"),
        ("No\u00a0break\u2003em space", "no break em space"),
        ("“Curly” and ‘single’ «angle» „low“", '"curly" and \'single\' "angle" "low"'),
        ("STRASSE Straße", "strasse strasse"),
        ("already tidy", "already tidy"),
        ("", ""),
    ],
)
def test_normalize(text, expected):
    assert normalize(text) == expected


@given(st.text(alphabet=st.sampled_from("aZß “”‘’«»\t\n\r\u00a0\u2003\x1c\x1f\x85xé")))
def test_normalize_matches_its_definition(text):
    assert normalize(text) == reference(text)


@pytest.mark.parametrize(
    ("content", "limit", "stat_size", "expected"),
    [
        (b"x" * 10, 100, 10, b"x" * 10),  # the usual case: the size stat gave
        (b"x" * 10, 5, 10, b"x" * 5),  # larger than the limit: cut there
        (b"x" * 50, 100, 10, b"x" * 50),  # grew after stat: read on
        (b"x" * 500, 100, 10, b"x" * 100),  # grew past the limit: still cut there
        (b"x" * 5, 100, 10, b"x" * 5),  # shrank after stat
    ],
)
def test_bounded_read(content, limit, stat_size, expected):
    assert read_up_to(io.BytesIO(content), limit, stat_size) == expected
