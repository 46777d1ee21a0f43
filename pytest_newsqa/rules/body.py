"""Whether an article has a body at all, and whether the body ends where the story ends."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pytest_newsqa.markers import COOKIES, is_marker
from pytest_newsqa.model import Article, Hit, TextUnit, shorten
from pytest_newsqa.rule import rule
from pytest_newsqa.rules.furniture import furniture_blocks, in_blocks
from pytest_newsqa.settings import MAX_PATTERN_LINE, Settings

# Cut markers a feed or an extractor leaves where it stopped copying the story.
_CUT_MARKER = re.compile(
    r"(?:(?<!\.)\.\.\.|…|\[\s*\+\s*\d+\s*chars?\s*\]|\bread more\b\W*|\bcontinue reading\b\W*|"
    r"\bkeep reading\b\W*|\bread the full (?:story|article)\b\W*|المزيد\s*\.*|…?\s*المزيد)\s*\Z",
    re.IGNORECASE,
)
# A body that stops on these stops cleanly: sentence ends, closing quotes and brackets.
_CLEAN_END = re.compile(r"""(?:[.!?。！？؟۔।॥"'”’»)\]}*_•]|[.!?…][“‘])\s*\Z""")  # „German“ closes with “
# Sentence ends inside a paragraph; "Jan. 27", "U.S. officials", "Mr. Smith" are not.
_SENTENCE_BREAK = re.compile(
    r"""(?<!\b[A-Z])(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z]{2})[.!?。！？؟]['"”’»)\]]*(?:\s+|\Z)"""
    # Paragraphs an extractor glued together: "up 24.5 percent.READ MORE ON FOX BUSINESS".
    r"""|(?<=[a-z]{2}[.!?])(?=[A-Z])"""
)
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
    r"published\b|posted\b|correction\b|note\b|\*|"
    # Calls to action after the story: "Check out our guide", "Click here", "Tell us what you think".
    r"check out\b|click\b|tap\b|tell us\b|sign up\b|subscribe\b|download\b|join\b|shop\b|learn more\b|"
    r"find out\b|visit\b|don'?t (?:forget|miss)\b|be sure\b|never miss\b|want more\b|get (?:the|our|more)\b)",
    re.IGNORECASE,
)
# Copyright and credit lines end articles in every script: not truncations.
_RIGHTS = (
    r"all rights reserved|무단\s?전재|재배포\s?금지|版权所有|版權所有|不得转载|"
    r"все права защищены|جميع الحقوق محفوظة|tous droits réservés|todos los derechos reservados|alle rechte vorbehalten|"
    r"direitos reservados|tutti i diritti riservati|著作権|無断転載"
)
_COPYRIGHT = re.compile(rf"©|ⓒ|\(c\)|\bcopyright\b|{_RIGHTS}", re.IGNORECASE)
# A site's copyright line: it opens with the word, or with the sign and a year, or reserves
# the rights ("Section 230(c)" inside a sentence, a photo credit "© AP Photo" are not one).
_SITE_COPYRIGHT = re.compile(
    rf"^\W*(?:copyright\b|(?:©|ⓒ|\(c\))\s*(?:copyright\b|(?:19|20)\d\d\b))|{_RIGHTS}", re.IGNORECASE
)
_MAX_CREDIT_WORDS = 40
_CREDIT_INSIDE = re.compile(
    r"\b(?:reporting|editing|writing|compiled|translated|edited|produced) by\b|\b(?:image|photo|picture) credit\b", re.I
)


def _is_shouted(text: str) -> bool:
    """A line in capitals ("READ MORE ON FOX BUSINESS BY CLICKING HERE") is a label, not prose."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


# Credits that end on a lower-case word ("Staff and agencies", "with wires").
_LOWER_CREDIT = re.compile(
    r"\b(?:staff|agencies|wires?|contributed|contributors?|reports?|files|dpa|afp|apa)\s*\Z", re.IGNORECASE
)
# The site talking to its reader after the story: "Tell us what YOU think", "Get Motor Cycle
# Monthly delivered through your door", "Never fear—check out our buying guide".
_CALL_TO_ACTION = re.compile(
    r"(?:check out|click|tap|tell us|sign up|subscribe|download|join|shop|learn more|find out|visit)\b", re.IGNORECASE
)
_READER_CALL = re.compile(r"(?:get|follow|never miss|don'?t miss|want more|watch|listen|try|order)\b", re.IGNORECASE)
_TO_THE_READER = re.compile(r"\b(?:you|your|our|us|here)\b", re.IGNORECASE)
_PROMO_INSIDE = re.compile(
    r"\bclick here\b|\b(?:check out|sign up for|subscribe to|follow|join|visit|download)\s+(?:our|us)\b", re.IGNORECASE
)
_MAX_CALL_WORDS = 12
_MAX_PROMO_WORDS = 20
# No call to action (20 words) or copyright line (40 words) is longer than this.
_MAX_LINE_CHARS = 600
# A link standing for the rest of the story, alone on its line: "To Read the Full Story".
_STORY_LINK = re.compile(
    r"(?:(?:to|click here to|tap here to)\s+)?(?:read (?:the )?(?:full|whole|complete|rest of the) (?:story|article)|"
    r"read more|continue reading|keep reading)\W*",
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


def _is_call_to_action(text: str, anywhere: bool = True) -> bool:
    """A short line or last sentence in which the site addresses its reader, not the story's:
    one that opens with the call, or (``anywhere``) holds "click here", "check out our"."""
    if len(text) > _MAX_LINE_CHARS:
        return False  # the common case, a paragraph of prose: longer than any call
    size = _size(text)
    if size > _MAX_PROMO_WORDS:
        return False
    text = text.lstrip(" \t—–-•*>»")
    if size <= _MAX_CALL_WORDS and _CALL_TO_ACTION.match(text):
        return True
    if _READER_CALL.match(text) and _TO_THE_READER.search(text):
        return True
    return anywhere and _PROMO_INSIDE.search(text) is not None


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
    if COOKIES.search(text[-300:]) or (_size(text) <= _MAX_CALL_WORDS and _CALL_TO_ACTION.match(text)):
        return None  # a cookie banner's buttons, "Tell us what YOU think...": the page, not the story
    tail = text[-40:]  # every built-in cut marker is shorter
    marker = _CUT_MARKER.search(tail) or next((m for p in extra if (m := p.search(text[-MAX_PATTERN_LINE:]))), None)
    if marker:
        return f"ends with a cut marker {marker.group().strip()!r}"
    if _CLEAN_END.search(text) or text.endswith((":", "：")):
        return None  # after a colon came a list, a table or an embed the extractor left out
    plain = _LINKS.sub("LINK", text).strip()
    if plain.endswith("LINK"):
        return None
    breaks = list(_SENTENCE_BREAK.finditer(plain))
    fragment = plain[breaks[-1].end() :] if breaks else plain
    if not fragment or _CREDIT.match(fragment) or _CREDIT_INSIDE.search(fragment) or _COPYRIGHT.search(text[-120:]):
        return None
    if is_marker(fragment) or _is_shouted(fragment) or "|" in fragment or COOKIES.search(text[-400:]):
        return None  # a date line, a label or a call to action in capitals after the story
    if _CUT_PUNCTUATION.search(fragment) and _size(fragment) >= 2:
        return "stops mid-sentence (on punctuation that continues a sentence)"
    if _FUNCTION_WORD_END.search(fragment) and _size(fragment) >= 3:
        return "stops mid-sentence (on a word that cannot end one)"
    if _is_call_to_action(fragment) or _opens_with_furniture(fragment):
        return None  # a promo or a related list glued to the story's last sentence
    if breaks and _size(fragment) >= _MIN_FRAGMENT_WORDS:
        return "stops mid-sentence (the last sentence has no end)"
    if breaks and _is_word_stub(fragment):
        return "stops mid-word (a few letters after the last sentence)"
    if not breaks and _size(fragment) >= _MIN_UNTERMINATED_WORDS:
        return "stops mid-sentence (a long paragraph with no sentence end)"
    if not breaks and _reads_as_cut_prose(fragment):
        return "stops mid-sentence (prose that ends on a lower-case word)"
    return None


# "You may also like...Who will make the Rock Hall in 2020?Dave Matthews Band takes over":
# an extractor that glues blocks together leaves a related list's header at a fragment's start.
_FIRST_PIECE = re.compile(r".{2,40}?(?:\.\.\.|…|:|\s[-–—|»›>]\s)")


def _opens_with_furniture(fragment: str) -> bool:
    piece = _FIRST_PIECE.match(fragment)
    return piece is not None and is_marker(piece.group().rstrip(" -–—|»›>"))


def _is_copyright(text: str) -> bool:
    """A copyright or rights line: ``ⓒ … 무단전재 및 재배포금지``, ``© 2019 CBS``, ``All rights reserved``."""
    return _size(text) <= _MAX_CREDIT_WORDS and _COPYRIGHT.search(text) is not None


# A short last paragraph that stops on a lower-case word after a body of finished
# sentences is a cut sentence ("The currency was little", "Das Ergebnis wird").
_MIN_SHORT_CUT_WORDS = 2
_MAX_SHORT_CUT_WORDS = 5


def _short_cut(text: str, previous: str | None) -> bool:
    words = text.split()
    if previous is None or not _CLEAN_END.search(previous):
        return False
    if not _MIN_SHORT_CUT_WORDS <= len(words) <= _MAX_SHORT_CUT_WORDS:
        return False
    last, first = words[-1], words[0]
    if not (last.isalpha() and last.islower() and first[:1].isupper()) or _CREDIT.match(text):
        return False
    return not (_LOWER_CREDIT.search(text) or _is_copyright(text) or _LINKS.search(text))


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


_UNENDED = (
    "stops mid-sentence (the last sentence has no end)",
    "stops mid-sentence (prose that ends on a lower-case",
    "stops mid-word",
)
_MAX_LIST_ITEM_WORDS = 20


def _is_list_item(text: str) -> bool:
    """A short line without a sentence end: the item of a list, like the one after it."""
    return _size(text) <= _MAX_LIST_ITEM_WORDS and not _CLEAN_END.search(text.rstrip())


def _suffix_patterns(options: Settings) -> tuple[re.Pattern[str], ...]:
    # The text is stripped before the search: a trailing ``\s*`` here would compete with a
    # pattern's own last repeat (``Photo: .*``) and make the search cubic.
    # Global flags such as ``(?i)`` may only open a pattern: ``p.flags`` carries them instead.
    return tuple(re.compile(rf"(?:{_GLOBAL_FLAGS.sub('', p.pattern)})\Z", p.flags) for p in options.truncation_markers)


_GLOBAL_FLAGS = re.compile(r"\A(?:\(\?[aiLmsux]+\))+")


@rule("NWS301", "truncated-body", "The body stops mid-sentence or ends with a cut marker.")
def truncated_body(article: Article, options: Settings) -> Iterator[Hit]:
    """Finds a body whose last paragraph stops mid-sentence (a last sentence with no end
    after earlier ones that have one, a comma, a dash, a word such as ``the`` or ``and``, a
    sentence of running prose of six words or more that ends on a lower-case word, or a
    long paragraph with no sentence end at all) or mid-word, or ends with a cut marker
    (``...``, ``…``, ``[+1234 chars]``, ``Read more``, ``Continue reading``, ``...المزيد``).
    A body may end on a byline, a photo credit, ``(Reporting by …)``, ``© Reuters``, a URL,
    a handle, ``___``, a closing quote (``„…“`` too), a colon before a dropped list or embed,
    or a short line: those are not truncations, in any script (``다.``, ``。``, ``؟`` end
    sentences too). The story's end is the last line that is not residue: page furniture,
    a call to action (``Get … delivered to your door``, ``Click here``) and a lone ``To Read
    the Full Story`` after the story are skipped, so a cut right before them is still found;
    a copyright line ends the article, and the page footer after it is not judged. A promo
    or a related list glued to the last sentence (``Never fear—check out our buying guide``,
    ``You may also like...``), or a teaser of another post after the footer menu, is not a
    cut. The end of a file cut at ``newsqa_max_bytes`` is not judged either.

    Why: feeds and paywalls hand out teasers; a truncated story is not fit to publish or to
    train on.

    Example: ``Diplomats said … the remaining issues, including the`` as the last paragraph.

    Options: ``newsqa_truncation_markers``, extra regexes matched at the very end of the
    body.
    """
    if article.cut:
        return  # we cut this article ourselves, at newsqa_max_bytes (reported as unreadable)
    blocked = in_blocks(furniture_blocks(article, options.markers))
    kept = _story([p for p in article.paragraphs if id(p) not in blocked and not is_marker(p.text, options.markers)])
    if not kept:
        return
    last = kept[-1]
    reason = _truncation(last.text, _suffix_patterns(options))
    previous = kept[-2].text if len(kept) > 1 else None
    after_block, story_above = _after_block(article, last, blocked)
    if reason and reason.startswith(_UNENDED) and (after_block or (previous and _is_list_item(previous))):
        reason = None  # the body ends on a list (of headlines, of items), not on a cut sentence
    if reason and story_above:
        reason = None  # a teaser in the page's footer, after the story and a menu
    if reason is None and _short_cut(last.text, previous):
        reason = "stops mid-sentence (a short last line that ends on a lower-case word)"
    if reason:
        yield Hit(last.line, f"body {reason}: {shorten(last.text[-60:], 60)!r}")


# A page's footer starts at its copyright line: what follows it near the end (a cookie notice
# and its buttons, "Data also provided by", a logo's caption) is the site's, not the story's.
_FOOTER_PARAGRAPHS = 8
_MAX_FOOTER_CHARS = 800


def _is_site_copyright(text: str) -> bool:
    # Most paragraphs are longer than any copyright line: the length check spares them the regex.
    return (
        len(text) <= _MAX_LINE_CHARS and _size(text) <= _MAX_CREDIT_WORDS and _SITE_COPYRIGHT.search(text) is not None
    )


def _story(kept: list[TextUnit]) -> list[TextUnit]:
    """The body's paragraphs up to the story's end: without the footer after a copyright line,
    calls to action after the story, or a lone link to the rest of it ("To Read the Full Story")."""
    after = 0
    for i in range(len(kept) - 1, max(0, len(kept) - _FOOTER_PARAGRAPHS), -1):
        text = kept[i].text
        if _is_site_copyright(text):
            kept = kept[: i + 1]  # the copyright line ends the article
            break
        after += len(text)
        if after > _MAX_FOOTER_CHARS:
            break
    end = len(kept)
    while end > 1 and _is_after_the_story(kept[end - 1].text):
        end -= 1
    return kept[:end]


def _is_after_the_story(text: str) -> bool:
    # A line that only holds a call somewhere may be the end of a wrapped sentence and the call
    # ("AutoIndustriya.com. Visit our affiliate website"): only lines that open with it go.
    # "Follow the money, and you will find the" is a cut sentence, not a call.
    if _STORY_LINK.fullmatch(text.strip()):
        return True
    return _is_call_to_action(text, anywhere=False) and not (
        _CUT_PUNCTUATION.search(text) or _FUNCTION_WORD_END.search(text)
    )


_MAX_ISLAND_LINES = 3
# A sentence's end (the markdown closers "_" and "*" that _CLEAN_END allows end a social-links line too).
_SENTENCE_END = re.compile(r"""[.!?。！？؟۔।॥"'”’»)\]]\s*\Z""")
_MAX_ISLAND_CHARS = 400


def _after_block(article: Article, last: TextUnit, blocked: set[int]) -> tuple[bool, bool]:
    """(whether the last text comes right after a block of page furniture, whether a story
    ended above that block).

    The last text may be wrapped over a few lines ("My6sense has been shortlisted for" /
    "a ‘Native Advertising Platform/Network of..."): the lines before it that end no sentence
    belong to it. After the story, a menu and then an excerpt cut with "..." is a teaser of
    another post in the page's footer, not the end of this story.
    """
    paragraphs = article.paragraphs
    position = next(i for i, p in enumerate(paragraphs) if p is last)
    start, size = position, len(last.text)
    while start > 0 and position - start < _MAX_ISLAND_LINES and id(paragraphs[start - 1]) not in blocked:
        text = paragraphs[start - 1].text
        size += len(text)
        if _SENTENCE_END.search(text) or size > _MAX_ISLAND_CHARS:
            return False, False
        start -= 1
    if start == 0 or id(paragraphs[start - 1]) not in blocked:
        return False, False
    before = next((i for i in range(start - 1, -1, -1) if id(paragraphs[i]) not in blocked), None)
    story = before is not None and any(_SENTENCE_END.search(p.text) for p in paragraphs[: before + 1])
    return True, story


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
    hints = article.hints
    if not has_headline and size == 0:
        parts = ("records",) if "records" in hints else ("headline", "body")
        why = "; ".join(hints[part] for part in parts if part in hints)
        yield Hit(article.line, "article is empty: no headline and no body" + (f" ({why})" if why else ""))
        return
    if not has_headline:
        yield Hit(article.line, "article has no headline" + (f" ({hints['headline']})" if "headline" in hints else ""))
    if size == 0:
        yield Hit(article.line, "article has no body text" + (f" ({hints['body']})" if "body" in hints else ""))
    elif size < options.min_body_chars:
        yield Hit(
            article.line,
            f"body has {size} characters, fewer than newsqa_min_body_chars = {options.min_body_chars}",
        )


RULES = [truncated_body, empty_article]
