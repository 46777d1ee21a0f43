"""What page furniture looks like: widget residue that stands alone on a line or paragraph.

Shared by the rules (stray-marker, truncated-body, empty-article) and by the duplicate
index, whose body fingerprints leave furniture out.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pytest_newsqa.settings import match_line

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
