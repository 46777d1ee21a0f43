"""Page furniture scraped as if it were prose: widget residue and markup."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from html.entities import html5

from pytest_newsqa.model import Article, Hit, shorten
from pytest_newsqa.rule import rule
from pytest_newsqa.settings import Settings, match_line

_BUTTON_WORDS = (
    r"share(?: this(?: article| story| page)?)?(?: via \w+)?|share on (?:facebook|twitter|x|whatsapp|linkedin|reddit)"
    r"|print(?: this(?: article| story| page)?| friendly)?|e-?mail(?: this(?: article| story| page)?)?|"
    r"tweet(?: this)?|facebook|twitter|whatsapp|telegram|linkedin|pinterest|reddit|messenger|copy link|"
    r"copy|save|comments?|like|flipboard|x|"
    r"click to (?:share|email|print)(?: on \w+)?(?: \(opens in new window\))?|\(?opens in new window\)?"
)
_SEPARATOR = r"(?:\s*[|•·/,]\s*|\s+)"
# Each pattern is matched against a whole line or paragraph, case-insensitively.
_MARKERS = [
    # Font-size toggles.
    r"TT|T T|A ?A|A ?A ?A|aA|Aa|A\+ ?A-|A- ?A\+|A- ?A ?A\+|A\+|A-|(?:font|text) size:?(?: ?A[+-]?)*",
    # Share/like/comment counters: a lone number, optionally 1.2K-style or with its word.
    # ("07.13" has a leading zero: a live-blog time, not a counter.)
    r"(?:[1-9]\d{0,2}|0)(?:[.,]\d{1,3})?\s?[KkMm]?(?:\s(?:shares?|comments?|likes?|views?|reads?))?",
    r"(?:shares?|comments?|likes?|views?)\s?:?\s?\(?\d[\d.,]*[KkMm]?\)?",
    # Share/print/email/tweet buttons, alone or in a row.
    rf"(?:{_BUTTON_WORDS}):?(?:{_SEPARATOR}(?:{_BUTTON_WORDS}):?)*",
    r"advertisement|advertisment|ad|ads|sponsored(?: content)?|skip ad|skip advertisement|"
    r"advertisement\s?[-–—:]\s?scroll to continue(?: with content)?|"
    r"(?:story|article) continues below(?: this)? advertisement|scroll to continue(?: with content)?",
    r"loading(?: \w+){0,2}(?:\.\.\.|…)?|please wait(?:\.\.\.|…)?",
    r"follow us(?: on .{1,60})?|follow @\w+(?: on .{1,40})?|like us on facebook",
    r"(?:read more|read also|also read|see also|related|continue reading|keep reading|"
    r"related (?:articles?|stories|news|content|coverage|links?|topics|posts|reading)|"
    r"more on this(?: story)?|recommended(?: for you)?|most read|most popular|trending(?: now)?|you may also like)"
    r"(?:\s?[:>»›\-–—]\s?.{0,200}|\s?(?:\.\.\.|…))?",
    # Page navigation and widgets.
    r"skip to (?:main )?content|back to top|(?:next|previous) (?:article|story|post)|"
    r"(?:load|show|see|view) more(?: \w+)?|view (?:all )?comments|listen to (?:this )?(?:article|story)|"
    r"\d{1,2} min(?:ute)?s? read|subscribe(?: now| today)?|sign up(?: now)?",
    r"click here to .{1,80}|sign up for (?:our|the) .{1,60}newsletter\.?",
]
# One alternation, so a paragraph costs one regex call however many marker families there are.
_MARKER = re.compile("|".join(f"(?:{p})" for p in _MARKERS), re.IGNORECASE)
# Cookie-consent sentences: the site, not the story, talking about cookies.
_COOKIES = re.compile(
    r"\b(?:we|this (?:web)?site|our (?:web)?site) uses? cookies\b|\baccept (?:all )?cookies\b|"
    r"\bcookie (?:policy|settings|preferences|consent)\b|\buse of cookies\b",
    re.IGNORECASE,
)
_MAX_COOKIE_CHARS = 400
# Markers are short; a long paragraph is prose even when it starts with "Share".
_MAX_MARKER_CHARS = 240


def is_marker(text: str, extra: list[re.Pattern[str]] | tuple[re.Pattern[str], ...] = ()) -> bool:
    """Whether one whole line or paragraph is page furniture rather than prose."""
    if len(text) > _MAX_COOKIE_CHARS and not extra and not text[:1].isspace() and not text[-1:].isspace():
        return False  # the common case, a paragraph of prose: nothing below could match
    stripped = text.strip()
    return _is_builtin_marker(stripped) or any(match_line(p, stripped) for p in extra)


@lru_cache(maxsize=4096)
def _is_builtin_marker(stripped: str) -> bool:
    """Several rules ask about the same paragraphs: each is matched once."""
    if not stripped or len(stripped) > _MAX_COOKIE_CHARS:
        return False
    if len(stripped) <= _MAX_MARKER_CHARS and _MARKER.fullmatch(stripped):
        return True
    return ("ookie" in stripped or "OOKIE" in stripped) and _COOKIES.search(stripped) is not None


@rule("NWS201", "stray-marker", "A line or paragraph is page furniture, not prose.")
def stray_marker(article: Article, options: Settings) -> Iterator[Hit]:
    """Finds widget residue scraped as text, each on a line or paragraph of its own.

    Why: ``TT`` (font-size toggle), ``20`` (share counter), ``Advertisement`` or ``Share``
    between paragraphs poison search snippets, summaries and training data.

    Recognised: font-size toggles (``TT``, ``A A``, ``A+ A-``), share/like/comment counters
    (a lone ``20``, ``1.2K``), share/print/email/tweet buttons, ``Advertisement``, ``Skip Ad``,
    ``Loading...``, ``Follow us on ...``, ``Read more``/``Related`` links, cookie-consent
    sentences. Short paragraphs, list items, datelines and numbers inside sentences are prose.

    Example: a text file whose lines 5 and 6 read ``TT`` and ``20``.

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
    references (``&nbsp;``, ``&amp;``, ``&#8220;``) in headline, captions or body.

    Why: readers see ``&amp;`` and ``<br>`` verbatim; models learn to emit them.

    Example: ``Profits rose&nbsp;5% in the quarter.<br>``. In an HTML page this means text
    that was escaped twice (``&amp;nbsp;`` in the source).

    Only real tag names and defined entity names count: ``AT&T``, ``R&D;`` and ``a < b``
    are text.

    Options: none.
    """
    units = ([article.headline] if article.headline else []) + article.units()
    for unit in units:
        if "<" not in unit.text and "&" not in unit.text:
            continue  # nearly every paragraph: skip the regexes
        found = _tags(unit.text) + _entities(unit.text)
        if found:
            shown = ", ".join(dict.fromkeys(shorten(f, 20) for f in found[:5]))
            yield Hit(unit.line, f"markup in text: {shown}")


RULES = [stray_marker, markup_leftover]
