"""Page furniture scraped as if it were prose: widget residue and markup."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.entities import html5

from pytest_newsqa.markers import is_marker
from pytest_newsqa.model import Article, Hit, shorten
from pytest_newsqa.rule import rule
from pytest_newsqa.settings import Settings


@rule("NWS201", "stray-marker", "A line or paragraph is page furniture, not prose.")
def stray_marker(article: Article, options: Settings) -> Iterator[Hit]:
    """Finds widget residue scraped as text, each on a line or paragraph of its own:
    font-size toggles (``TT``, ``A A``, ``A+ A-``), share/like/comment counters (a lone
    ``20``, ``1.2K``, ``16 shares``), share/print/email/tweet buttons (``Share``,
    ``Share Tweet Email``, ``Facebook | Twitter``,
    ``Click to share on Twitter (Opens in new window)``), ``Advertisement``,
    ``Sponsored Content``, ``Skip Ad``, ``Loading...``, ``Follow us on …``,
    ``Read more``/``Continue reading``/``Related``/``ALSO READ: …`` links, page navigation
    (``Skip to content``, ``Back to top``, ``Load more``, ``Next Article``, ``5 min read``,
    ``Subscribe``), cookie-consent sentences (``We use cookies …``). A lone ``Read more``
    is a marker; ``… Read more`` ending a paragraph is a truncation. Not markers: short
    paragraphs, list items (``1. Approve the plan.``), datelines (``WASHINGTON —``), years
    (``2024``), times (``07.13``), numbers inside sentences.

    Why: ``TT`` (font-size toggle), ``20`` (share counter), ``Advertisement`` or ``Share``
    between paragraphs poison search snippets, summaries and training data.

    Example: lines 5 and 6 of a seed file, ``TT`` and ``20``.

    Options: ``newsqa_markers``, extra regexes (one per line), each matched against a whole
    line.
    """
    for unit in article.units():
        if is_marker(unit.text, options.markers):
            yield Hit(unit.line, f"page furniture {shorten(unit.text, 40)!r}")


_TAG_NAMES = (
    "a|abbr|article|aside|b|blockquote|body|br|button|caption|center|cite|code|dd|div|dl|dt|em|"
    "embed|figcaption|figure|font|footer|form|h[1-6]|head|header|hr|html|i|iframe|img|input|ins|"
    "label|li|link|main|meta|nav|noscript|ol|p|picture|pre|q|s|script|section|small|source|"
    "span|strong|style|sub|sup|svg|table|tbody|td|th|thead|time|tr|u|ul|video"
)
_TAG = re.compile(rf"</?(?:{_TAG_NAMES})(?:\s[^<>]{{0,300}})?\s*/?>", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


# Prose about HTML names tags ("a simple <script> tag"); code samples carry braces or comments.
_MENTION_BEFORE = re.compile(r"(?:\b(?:a|an|the|your|each|every|simple|empty)|[\"'“‘`])\s*\Z", re.IGNORECASE)
_MENTION_AFTER = re.compile(r"\A\s*(?:tags?|elements?|[\"'”’`])", re.IGNORECASE)
_CODE_SAMPLE = re.compile(r"<!--|\{\{|\{[^{}]*:[^{}]*;")


def _tags(text: str) -> list[str]:
    if _CODE_SAMPLE.search(text):
        return []
    return [
        m.group()
        for m in _TAG.finditer(text)
        if not (_MENTION_BEFORE.search(text, max(0, m.start() - 12), m.start()) or _MENTION_AFTER.match(text, m.end()))
    ]


def _entities(text: str) -> list[str]:
    return [m.group() for m in _ENTITY.finditer(text) if m.group()[1] == "#" or m.group()[1:] in html5]


@rule("NWS202", "markup-leftover", "HTML tags or entities are left in the extracted text.")
def markup_leftover(article: Article, options: Settings) -> Iterator[Hit]:
    """Finds HTML that survived extraction: tags (``<br>``, ``</p><p>``) and character
    references (``&nbsp;``, ``&amp;``, ``&#8220;``) in headline, captions or body. Only real
    tag names and defined entity names count: ``AT&T``, ``R&D;`` and ``a < b > c`` are text,
    as is prose that names a tag (``a simple <script> tag``) and code samples.

    Why: readers see ``&amp;`` and ``<br>`` verbatim; models learn to emit them.

    Example: ``Profits rose&nbsp;5% in the quarter.<br>``; in an HTML page, text escaped
    twice (``&amp;nbsp;`` in the source).

    Options: none.
    """
    units = article.all_units()
    for unit in units:
        if "<" not in unit.text and "&" not in unit.text:
            continue  # nearly every paragraph: skip the regexes
        found = _tags(unit.text) + _entities(unit.text)
        if found:
            shown = ", ".join(dict.fromkeys(shorten(f, 20) for f in found[:5]))
            yield Hit(unit.line, f"markup in text: {shown}")


RULES = [stray_marker, markup_leftover]
