"""An example rule plugin for pytest-newsqa, registered through the ``pytest11`` entry point."""

from __future__ import annotations

from collections.abc import Iterator

from pytest_newsqa import Article, Hit, Rule, Settings, rule

# Headlines this short ("NATO", "UK VOTES") are often acronyms, not shouting.
MIN_LETTERS = 8


@rule("EXA001", "all-caps-headline", "The headline is written in capitals.")
def all_caps_headline(article: Article, options: Settings) -> Iterator[Hit]:
    """Finds a headline written entirely in capital letters.

    Why: some CMS templates upper-case headlines with CSS, and scrapers that read the
    rendered text store the shouting version.

    Example: ``MARKETS RALLY AS RATES FALL``. Scripts without case (Arabic, Korean,
    Japanese) are never flagged.

    Options: none.
    """
    if article.headline is None:
        return
    letters = [c for c in article.headline.text if c.isalpha() and (c.isupper() or c.islower())]
    if len(letters) >= MIN_LETTERS and all(c.isupper() for c in letters):
        yield Hit(article.headline.line, f"headline in capitals: {article.headline.text[:60]!r}")


def pytest_newsqa_add_rules() -> list[Rule]:
    return [all_caps_headline]
