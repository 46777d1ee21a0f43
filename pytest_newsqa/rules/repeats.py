"""Text printed twice: the headline, a caption, a body paragraph."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from pytest_newsqa.model import Article, Hit, TextUnit, normalize, shorten
from pytest_newsqa.rule import rule
from pytest_newsqa.rules.place import paragraph_number, shares_one_line
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


# A duplicate paragraph is prose printed again. Lists, table rows, recipe and product lines,
# Q&A prompts and captions repeat by design: short, unterminated, a question, or a list item.
_MIN_PROSE_WORDS = 7
_PROSE_END = re.compile(r"""[.!。！…]["'”’»)\]]*\s*\Z""")
_LIST_ITEM = re.compile(r"^\s*(?:[*#•·\-–—>]|\d{1,3}[.)]\s|\(?[a-z]\)\s)")
# "Portion Fix Containers: 1 Purple, 1 Yellow" is a field of a product or recipe box.
_FIELD = re.compile(r"^[^\s:]+(?: [^\s:]+){0,3}:\W*\s[\d½¼¾⅓]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


_STEM_WORDS = 3


_MAX_TEMPLATE_WORDS = 15
_MIN_FAMILY = 3
# Pagination prints a part twice or three times; a section template repeats once per section.
_MIN_TEMPLATE_COPIES = 4


def _stem(text: str, words: int = _STEM_WORDS) -> str:
    """The first words of a line: list items made from one template share them."""
    return " ".join(normalize(text).split()[:words])


def _stem_families(article: Article, repeated: dict[str, list[TextUnit]]) -> dict[str, set[str]]:
    """The distinct paragraphs that open like a repeated paragraph, by its first words."""
    wanted = {_stem(key) for key in repeated}
    families: dict[str, set[str]] = {}
    for unit in article.paragraphs:
        stem = _stem(unit.text)
        if stem in wanted:
            families.setdefault(stem, set()).add(normalize(unit.text))
    return families


def _same_text(key: str, other: str) -> bool:
    """Whether a paragraph is the repeated one or a copy of it cut short.

    A gallery prints each caption whole and again collapsed ("… concept vehicle at" with a
    "more" link): the cut copy is the same caption, not a sibling line from a pattern. A
    much shorter line it starts with ("In the Museum." before "In the Museum. Vincent
    joins her …") is a sibling.
    """
    short, long = sorted((key, other), key=len)
    return 2 * len(short) >= len(long) and long.startswith(short)


def _is_prose(text: str) -> bool:
    words = len(text.split()) + len(_CJK.findall(text)) // 2
    ends = _PROSE_END.search(text) is not None or text.rstrip().endswith(("?", "？"))
    return (
        words >= _MIN_PROSE_WORDS and ends and "|" not in text and not _LIST_ITEM.match(text) and not _FIELD.match(text)
    )


@rule("NWS103", "duplicate-paragraph", "A body paragraph appears twice in one article.")
def duplicate_paragraph(article: Article, options: Settings) -> Iterator[Hit]:
    """Finds a body paragraph of prose that is printed again later in the same article,
    reported once with its count and the lines (in JSON, the paragraphs) of all its copies.

    Why: pagination and "load more" widgets make scrapers fetch part of a page twice.

    Example: the same 200-character paragraph at lines 12 and 30:
    ``paragraph printed 2 times (lines 12, 30): '…'``.

    Repeated list items, table rows, recipe and product lines and Q&A prompts are content,
    not duplicates: only prose counts, a paragraph of seven words or more that ends like a
    sentence, is not a list item, a ``Label: value`` field or a table row. A short line
    printed four times or more, or one of three or more lines cut from one pattern
    (``Vote for Olga …``, ``Vote for Daria …``), is a section template, not a duplicate; a
    gallery caption printed whole and again collapsed (``… concept vehicle at``) is still
    one caption, so printed twice it is a duplicate.

    Options: none.
    """
    copies: dict[str, list[TextUnit]] = {}
    for unit in article.paragraphs:
        if len(unit.text) >= _MIN_REPEAT_CHARS:
            copies.setdefault(normalize(unit.text), []).append(unit)
    if all(len(units) < 2 for units in copies.values()):
        return  # nearly every article: nothing repeats, so nothing needs a closer look
    copies = {key: units for key, units in copies.items() if _is_prose(units[0].text)}
    numbered = shares_one_line(article)
    repeated = {key: units for key, units in copies.items() if len(units) > 1}
    if not repeated:
        return
    stems = _stem_families(article, repeated)
    families = Counter(_stem(key, 2) for key in copies)
    for key, units in repeated.items():
        if any(not _same_text(key, other) for other in stems.get(_stem(key), ())):
            continue  # one of a family of lines cut from one pattern: recipe steps, product boxes, prompts
        templated = families[_stem(key, 2)] >= _MIN_FAMILY or len(units) >= _MIN_TEMPLATE_COPIES
        if len(key.split()) <= _MAX_TEMPLATE_WORDS and templated:
            continue  # a prompt repeated per section: "Vote for Olga on the last page!", an interview question
        if numbered:
            numbers = ", ".join(str(paragraph_number(article, u)) for u in units)
            where = f"body paragraphs {numbers}"
        else:
            where = "lines " + ", ".join(str(u.line) for u in units)
        yield Hit(units[1].line, f"paragraph printed {len(units)} times ({where}): {shorten(units[0].text)!r}")


RULES = [duplicate_headline, repeated_caption, duplicate_paragraph]
