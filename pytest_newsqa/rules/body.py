"""Whether an article has a body at all, and whether the body ends where the story ends."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pytest_newsqa.markers import is_marker
from pytest_newsqa.model import Article, Hit, shorten
from pytest_newsqa.rule import rule
from pytest_newsqa.settings import MAX_PATTERN_LINE, Settings

# Cut markers a feed or an extractor leaves where it stopped copying the story.
_CUT_MARKER = re.compile(
    r"(?:\.\.\.|…|\[\s*\+\s*\d+\s*chars?\s*\]|\bread more\b\W*|\bcontinue reading\b\W*|"
    r"\bkeep reading\b\W*|\bread the full (?:story|article)\b\W*|المزيد\s*\.*|…?\s*المزيد)\s*\Z",
    re.IGNORECASE,
)
# A body that stops on these stops cleanly: sentence ends, closing quotes and brackets.
_CLEAN_END = re.compile(r"""[.!?。！？؟۔।॥"'”’»)\]}*_]\s*\Z""")
# Sentence ends inside a paragraph; "Jan. 27", "U.S. officials", "Mr. Smith" are not.
_SENTENCE_BREAK = re.compile(r"""(?<!\b[A-Z])(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z]{2})[.!?。！？؟]['"”’»)\]]*(?:\s+|\Z)""")
# Ends that always mean the text was cut: a comma, a dash, an opening bracket or quote.
_CUT_PUNCTUATION = re.compile(r"""[,(\[{“‘«\-–—/&+]\s*\Z""")
_FUNCTION_WORD_END = re.compile(
    r"\b(?:the|a|an|and|or|but|of|to|in|on|at|by|for|from|with|that|which|who|as|its|their|"
    r"his|her|our|is|are|was|were|be|been|has|have|had|will|would|than|into|about|after|before)\s*\Z",
    re.IGNORECASE,
)
# Real articles end on bylines, credits, links and embeds: not truncations.
_LINKS = re.compile(r"(?:https?://|www\.)\S+|[^\s@]+@[^\s@]+\.\S+|[@#]\w+|pic\.twitter\.com/\S+")
_CREDIT = re.compile(
    r"^(?:[-–—~]+\s*|\(|©|copyright\b|by\b|photos?\b|image\b|pictures?\b|credit\b|source\b|"
    r"reporting\b|writing\b|editing\b|additional reporting\b|via\b|follow\b|contact\b|"
    r"email\b|read\b|watch\b|listen\b|see\b|topics?\b|tags?\b|filed under\b|updated\b|"
    r"published\b|posted\b|correction\b|note\b|\*)",
    re.IGNORECASE,
)
_MIN_FRAGMENT_WORDS = 3
_TAIL_CHARS = 2000
_MIN_UNTERMINATED_WORDS = 20
_MIN_PROSE_WORDS = 6
_WORD_STUB = re.compile(r"[A-Z][a-z]{0,3}|[a-z]{1,12}")
_MAX_CAPITALIZED_SHARE = 0.5
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _size(text: str) -> int:
    """Words, counting CJK text (written without spaces) as one word per two characters."""
    return len(text.split()) + len(_CJK.findall(text)) // 2


# A closing quote garbled upstream ("â€\x9d", "â€�") still closes the sentence; mojibake
# is its own rule's business, not a truncation.
_GARBLED_CLOSING_QUOTE = re.compile(r'(?:â[€\x80][\x80-\x9f\ufffd"™œ]?|\ufffd)+\s*\Z')


# Tags or entities left at the very end ("…story.</p><p>") are markup-leftover's business.
_TRAILING_MARKUP = re.compile(r"(?:</?[A-Za-z][^<>]{0,60}>|&lt;/?[A-Za-z][^&<>]{0,60}&gt;|&#?\w{1,10};|\s)+\Z")


def _truncation(text: str, extra: tuple[re.Pattern[str], ...]) -> str | None:
    """Why a last paragraph looks cut, or None when it ends like a real article can."""
    # Only the end of a paragraph tells whether it was cut; scanning all of a huge one
    # would cost quadratic time in the link pattern below.
    text = text[-_TAIL_CHARS:].rstrip()
    if "â" in text[-4:] or "\ufffd" in text[-4:]:
        text = _GARBLED_CLOSING_QUOTE.sub("”", text)
    if text.endswith((">", ";")):
        text = _TRAILING_MARKUP.sub("", text)
    tail = text[-40:]  # every built-in cut marker is shorter
    marker = _CUT_MARKER.search(tail) or next((m for p in extra if (m := p.search(text[-MAX_PATTERN_LINE:]))), None)
    if marker:
        return f"ends with a cut marker {marker.group().strip()!r}"
    if _CLEAN_END.search(text):
        return None
    plain = _LINKS.sub("LINK", text).strip()
    if plain.endswith("LINK"):
        return None
    breaks = list(_SENTENCE_BREAK.finditer(plain))
    fragment = plain[breaks[-1].end() :] if breaks else plain
    if _CREDIT.match(fragment) or not fragment:
        return None
    if _CUT_PUNCTUATION.search(fragment) and _size(fragment) >= 2:
        return "stops mid-sentence (on punctuation that continues a sentence)"
    if _FUNCTION_WORD_END.search(fragment) and _size(fragment) >= 3:
        return "stops mid-sentence (on a word that cannot end one)"
    if breaks and _size(fragment) >= _MIN_FRAGMENT_WORDS:
        return "stops mid-sentence (the last sentence has no end)"
    if breaks and _is_word_stub(fragment):
        return "stops mid-word (a few letters after the last sentence)"
    if not breaks and _size(fragment) >= _MIN_UNTERMINATED_WORDS:
        return "stops mid-sentence (a long paragraph with no sentence end)"
    if not breaks and _reads_as_cut_prose(fragment):
        return "stops mid-sentence (prose that ends on a lower-case word)"
    return None


def _is_word_stub(fragment: str) -> bool:
    """One or two words after a finished sentence that cannot be a credit: "Pla", "Witness p".

    Credits after a last sentence ("Reuters", "AFP", "Getty Images") are whole words,
    capitalized or in capitals; a cut leaves a short capitalized stub or a lower-case tail.
    """
    words = fragment.split()
    if "&" in fragment or "<" in fragment:
        return False  # markup after the last sentence: markup-leftover reports it
    if len(words) == 2:
        return words[1].isalpha() and words[1].islower()
    return len(words) == 1 and _WORD_STUB.fullmatch(words[0]) is not None


def _reads_as_cut_prose(fragment: str) -> bool:
    """A sentence of running prose cut short: not a heading, list item, credit or name.

    Headings and lists are mostly capitalized or end on a name, a number or a symbol; a
    sentence cut in the middle ends on an ordinary lower-case word.
    """
    words = fragment.split()
    if len(words) < _MIN_PROSE_WORDS or not (words[-1].isalpha() and words[-1].islower()):
        return False
    capitalized = sum(1 for word in words if word[:1].isupper())
    return capitalized / len(words) < _MAX_CAPITALIZED_SHARE


def _suffix_patterns(options: Settings) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(rf"(?:{p.pattern})\s*\Z", p.flags) for p in options.truncation_markers)


@rule("NWS301", "truncated-body", "The body stops mid-sentence or ends with a cut marker.")
def truncated_body(article: Article, options: Settings) -> Iterator[Hit]:
    """Finds a body whose last paragraph stops mid-sentence (a last sentence with no end
    after earlier ones that have one, a comma, a dash, a word such as ``the`` or ``and``, a
    sentence of running prose of six words or more that ends on a lower-case word, or a
    long paragraph with no sentence end at all) or mid-word, or ends with a cut marker
    (``...``, ``…``, ``[+1234 chars]``, ``Read more``, ``Continue reading``, ``...المزيد``).
    A body may end on a byline, a photo credit, ``(Reporting by …)``, ``© Reuters``, a URL,
    a handle, ``___``, a closing quote or a short line: those are not truncations, in any
    script (``다.``, ``。``, ``؟`` end sentences too). Page furniture after the story is
    skipped, and so is the end of a file cut at ``newsqa_max_bytes``.

    Why: feeds and paywalls hand out teasers; a truncated story is not fit to publish or to
    train on.

    Example: ``Diplomats said … the remaining issues, including the`` as the last paragraph.

    Options: ``newsqa_truncation_markers``, extra regexes matched at the very end of the
    body.
    """
    if article.cut:
        return  # we cut this article ourselves, at newsqa_max_bytes (reported as unreadable)
    last = next((p for p in reversed(article.paragraphs) if not is_marker(p.text, options.markers)), None)
    if last is None:
        return
    reason = _truncation(last.text, _suffix_patterns(options))
    if reason:
        yield Hit(last.line, f"body {reason}: {shorten(last.text[-60:], 60)!r}")


def _body_size(article: Article, options: Settings) -> int:
    """Characters of body text, page furniture aside; counting stops once the minimum is met."""
    size = 0
    for paragraph in article.paragraphs:
        if not is_marker(paragraph.text, options.markers):
            size += len(paragraph.text)
            if size >= options.min_body_chars:
                break
    return size


@rule("NWS302", "empty-article", "The article has no headline or no body.")
def empty_article(article: Article, options: Settings) -> Iterator[Hit]:
    """Finds an article with no headline, or whose body (page furniture aside) is shorter
    than ``newsqa_min_body_chars``: an empty file, a headline alone, a record without text,
    a JSON file holding ``[]``.

    Why: an empty record in a feed is a failed scrape that would otherwise pass silently.

    Example: a JSON record ``{"title": "Markets rally", "body": ""}``.

    Options: ``newsqa_min_body_chars`` (default 1).
    """
    has_headline = article.headline is not None and bool(article.headline.text.strip())
    size = _body_size(article, options)
    if not has_headline and size == 0:
        yield Hit(article.line, "article is empty: no headline and no body")
        return
    if not has_headline:
        yield Hit(article.line, "article has no headline")
    if size == 0:
        yield Hit(article.line, "article has no body text")
    elif size < options.min_body_chars:
        yield Hit(
            article.line,
            f"body has {size} characters, fewer than newsqa_min_body_chars = {options.min_body_chars}",
        )


RULES = [truncated_body, empty_article]
