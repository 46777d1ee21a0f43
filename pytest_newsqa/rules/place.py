"""Where a unit is, in words a reader can follow: its line, or its paragraph in a record.

In JSON and JSONL every unit of a record carries the record's line, so "repeats line 1"
says nothing; there a message names the body paragraph ("body paragraph 4") instead.
"""

from __future__ import annotations

from pytest_newsqa.model import Article, TextUnit


def shares_one_line(article: Article) -> bool:
    """Whether the body paragraphs all sit on one line (a JSON or JSONL record)."""
    paragraphs = article.paragraphs
    return len(paragraphs) > 1 and paragraphs[0].line == paragraphs[-1].line


def paragraph_number(article: Article, unit: TextUnit) -> int | None:
    """The 1-based number of a body paragraph (by identity, so equal texts stay apart)."""
    return next((i for i, p in enumerate(article.paragraphs, start=1) if p is unit), None)


def where(article: Article, unit: TextUnit) -> str:
    """`` (body paragraph 4)`` in a record whose units share a line, else nothing."""
    if not shares_one_line(article):
        return ""
    number = paragraph_number(article, unit)
    return f" (body paragraph {number})" if number else ""


def span(article: Article, units: list[TextUnit]) -> str:
    """``lines 12–18``, or ``body paragraphs 4–10`` in a record whose units share a line."""
    if shares_one_line(article):
        numbers = [n for n in (paragraph_number(article, u) for u in (units[0], units[-1])) if n]
        if len(numbers) == 2:
            return f"body paragraphs {numbers[0]}–{numbers[1]}"
    return f"lines {units[0].line}–{units[-1].line}"
