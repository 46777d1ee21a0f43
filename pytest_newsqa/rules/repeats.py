"""Text printed twice: the headline, a caption, a body paragraph."""

from __future__ import annotations

from collections.abc import Iterator

from pytest_newsqa.model import Article, Hit, TextUnit, normalize, shorten
from pytest_newsqa.rule import rule
from pytest_newsqa.settings import Settings

# Very short paragraphs ("Yes.", "1.", "***") legitimately repeat; only longer text counts.
_MIN_REPEAT_CHARS = 20


@rule("NWS101", "duplicate-headline", "The headline appears again inside the same article.")
def duplicate_headline(article: Article, options: Settings) -> Iterator[Hit]:
    """Finds the headline printed again inside the same article: as a second heading (an
    ``<h2>`` repeating the ``<h1>``), or as a body paragraph. Case, white space and quote
    style (``’`` or ``'``) do not matter. One finding per article.

    Why: page templates print the headline in a hero block and again above the story; the
    copy ends up in the text and in every model trained on it.

    Example: a text file whose line 1 and line 8 both read ``Security, Troops Withdrawal
    Top Syria-Türkiye 'Normalization' Talks``; a JSON record whose body starts with its
    title.

    Options: none.
    """
    if article.headline is None:
        return
    key = normalize(article.headline.text)
    longest = 2 * len(article.headline.text) + 16  # a copy cannot be much longer; skip the rest cheaply
    for unit in article.headings + article.paragraphs + article.captions:
        if len(unit.text) <= longest and normalize(unit.text) == key:
            yield Hit(unit.line, f"headline repeated: {shorten(unit.text)!r}")
            return


@rule("NWS102", "repeated-caption", "A photo caption appears more than once.")
def repeated_caption(article: Article, options: Settings) -> Iterator[Hit]:
    """Finds a caption printed more than once: in the caption block or list, or again as
    body text. One finding per repeated caption, on its first repeat. Case and surrounding
    white space do not matter.

    Why: galleries and lazy-loaded images make scrapers print each caption several times.

    Example: ``Russian Defense Minister Sergei Shoigu (Russian Defense Ministry/AFP)`` four
    times in one article (one copy with a leading space); two identical ``<figcaption>``
    elements; ``"captions": ["The mayor (AP)", "The mayor (AP)"]``.

    Options: none.
    """
    if not article.captions:
        return
    seen: dict[str, TextUnit] = {}
    reported: set[str] = set()
    paragraphs = {normalize(p.text): p for p in article.paragraphs}
    for unit in article.captions:
        key = normalize(unit.text)
        if not key or key in reported:
            continue
        if key in seen:
            count = sum(normalize(c.text) == key for c in article.captions)
            yield Hit(unit.line, f"caption printed {count} times: {shorten(unit.text)!r}")
            reported.add(key)
        elif key in paragraphs:
            yield Hit(paragraphs[key].line, f"caption repeated as body text: {shorten(unit.text)!r}")
            reported.add(key)
        seen[key] = unit


@rule("NWS103", "duplicate-paragraph", "A body paragraph appears twice in one article.")
def duplicate_paragraph(article: Article, options: Settings) -> Iterator[Hit]:
    """Finds a body paragraph printed again later in the same article. Paragraphs under 20
    characters (``Yes.``, ``***``) are not compared.

    Why: pagination and "load more" widgets make scrapers fetch part of a page twice.

    Example: the same 200-character paragraph at lines 12 and 30.

    Options: none.
    """
    seen: dict[str, TextUnit] = {}
    for unit in article.paragraphs:
        key = normalize(unit.text)
        if len(key) < _MIN_REPEAT_CHARS:
            continue
        first = seen.get(key)
        if first is not None:
            yield Hit(unit.line, f"paragraph repeats line {first.line}: {shorten(unit.text)!r}")
        else:
            seen[key] = unit


RULES = [duplicate_headline, repeated_caption, duplicate_paragraph]
