"""Page furniture scraped as if it were prose: widget residue and markup."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.entities import html5

from pytest_newsqa.markers import is_marker
from pytest_newsqa.model import Article, Hit, TextUnit, normalize, shorten
from pytest_newsqa.rule import rule
from pytest_newsqa.rules.place import span, where
from pytest_newsqa.settings import Settings

# A header that opens a list of other stories' headlines.
_RELATED_HEADER = re.compile(
    r"(?:related(?: \w+){0,2}|more:?|more (?:from|on|in|about) .{1,40}|"
    r"most (?:read|popular|viewed|shared)(?: .{1,30})?|"
    r"popular on .{1,30}|read (?:more|also|next)|also read|see also|you (?:may|might) also (?:like|enjoy)|"
    r"recommended(?: for you| stories| reading)?|don'?t miss|also on .{1,30}|more (?:great )?.{0,20}stories|"
    r"top stories|latest(?: news| stories| videos)?|trending(?: now| stories)?|what to read next|further reading|"
    r"editor'?s picks?|weitere (?:beiträge|artikel|nachrichten).{0,30}|mehr zum thema|lesen sie auch|"
    r"(?:à )?lire aussi|sur le même sujet|le más|te puede interesar|(?:leia|veja) também|baca juga|"
    r"berita terkait|읽을거리|관련 ?기사|(?:\S+ )?(?:주요 ?뉴스|많이 본 ?뉴스|인기 ?기사)|"
    r"читайте также|相关阅读|相關新聞)\s?[:…»›>]*",
    re.IGNORECASE,
)
_MAX_HEADLINE_CHARS = 160
_MAX_HEADLINE_WORDS = 16
_MAX_MENU_WORDS = 5
_MAX_MENU_CHARS = 40
_MAX_MENU_LINE_CHARS = 120
_MIN_BLOCK = 3


def _reads_as_headline(text: str) -> bool:
    """A teaser headline in a list: short, starting like a title, not a finished sentence."""
    text = text.strip().lstrip("*•-–—·>» ")
    if not 0 < len(text) <= _MAX_HEADLINE_CHARS or text[-1:] in ".!;,:" or len(text.split()) > _MAX_HEADLINE_WORDS:
        return False
    return not text[:1].islower()


def _reads_as_menu_item(text: str, extra: tuple[re.Pattern[str], ...] | list[re.Pattern[str]]) -> tuple[bool, bool]:
    """(whether a line can sit in a menu or link list, whether it is known furniture)."""
    if len(text) > _MAX_MENU_LINE_CHARS and not extra:
        return False, False  # a long line is neither a menu item nor worth a regex call here
    if is_marker(text, extra):
        return True, True
    text = text.strip()
    short = len(text) <= _MAX_MENU_CHARS and len(text.split()) <= _MAX_MENU_WORDS
    return short and text[-1:] not in ".!?:;," and any(c.isalpha() for c in text), False


# An author's bio the page prints after the story: "Phil Helsel is a reporter for NBC News.",
# "Jane Doe is a freelance writer living in Minneapolis". Only at the very end of a body, and only
# with a newsroom role, so a story about a person ("Ms Doe is a teacher ...") stays prose.
_BIO = re.compile(
    r"(?:[A-Z][\w.'’-]+ ){1,3}(?:is|was) (?:a|an|the|our|[A-Z][\w.&'’-]*['’]s?) (?:[\w&'’-]+ ){0,5}?"
    r"(?:reporter|writer|editor|correspondent|journalist|columnist|contributor|curator|producer|author|blogger|"
    r"critic|photographer|intern|anchor|host|freelancer)s?\b"
)
_MAX_BIO_CHARS = 300
_BIO_TAIL = 2
# The page's headline block printed as the first paragraph in another form than the title the
# record carries: run into its byline ("<headline> Tom Davies", "<headline> By Jane Doe, AP"),
# longer than a cut title ("<title>'s Stadia Gaming Platform Are Here"), or without the site or
# section the title adds ("Opinion | <headline>", "<headline> - VG247"). The exact copy is NWS101's.
_MIN_HEADLINE_CHARS = 20
_MAX_HEADLINE_BLOCK_CHARS = 200
_TITLE_AFFIX = re.compile(r"\s+[|–—:-]\s+|\s+::\s+")
_DASHES = str.maketrans({"–": "-", "—": "-"})


def _comparable(text: str) -> str:
    return normalize(text).translate(_DASHES)


def trailing_bio(article: Article) -> TextUnit | None:
    """The author's bio in the last two paragraphs of the body, when there is one."""
    for unit in article.paragraphs[-_BIO_TAIL:]:
        text = unit.text.strip()
        if len(text) <= _MAX_BIO_CHARS and _BIO.match(text):
            return unit
    return None


def headline_again(article: Article) -> TextUnit | None:
    """The first paragraph when it is the page's headline block rather than the story's first sentence."""
    if article.headline is None or not article.paragraphs:
        return None
    first = article.paragraphs[0]
    text = _comparable(first.text)
    title = _comparable(article.headline.text)
    if text == title or len(text) > _MAX_HEADLINE_BLOCK_CHARS or text.endswith("."):
        return None  # the exact copy is NWS101's; a lede ends on a full stop
    if len(title) >= _MIN_HEADLINE_CHARS and text.startswith(title):
        return first
    separators = list(_TITLE_AFFIX.finditer(title))
    if not separators:
        return None
    # The title without the site name after its last separator, or the section before its first.
    bare = (title[: separators[-1].start()], title[separators[0].end() :])
    return first if any(len(b) >= _MIN_HEADLINE_CHARS and text == b for b in bare) else None


def _body_units(article: Article) -> list[TextUnit]:
    return sorted(article.headings + article.paragraphs, key=lambda unit: unit.line)


def furniture_blocks(
    article: Article, extra: tuple[re.Pattern[str], ...] | list[re.Pattern[str]] = ()
) -> list[tuple[str, list[TextUnit]]]:
    """Runs of page furniture in the body: (kind, units), kind ``menu`` or ``related``.

    A menu is three or more short lines in a row, at least two of them (and a third of
    them) known furniture: ``Home``, ``News``, ``Share``, ``Facebook``. A related list is a
    header (``Related``, ``More:``, ``Most popular``) and the headlines after it: two or
    more, or one at the very end of the body. Short lines of prose lists (ingredients, a
    list of names) have no furniture among them and stay out.
    """
    key = (id(article), id(extra))
    cached = _BLOCKS_CACHE.get(key)
    if cached is not None and cached[0] is article:
        return cached[1]  # NWS201, NWS203 and NWS301 all ask about the same article
    blocks = _find_blocks(article, extra)
    if len(_BLOCKS_CACHE) >= _BLOCKS_CACHE_SIZE:
        _BLOCKS_CACHE.clear()
    _BLOCKS_CACHE[key] = (article, blocks)
    return blocks


_BLOCKS_CACHE: dict[tuple[int, int], tuple[Article, list[tuple[str, list[TextUnit]]]]] = {}
_BLOCKS_CACHE_SIZE = 256


def _find_blocks(
    article: Article, extra: tuple[re.Pattern[str], ...] | list[re.Pattern[str]]
) -> list[tuple[str, list[TextUnit]]]:
    units = _body_units(article)
    blocks: list[tuple[str, list[TextUnit]]] = []
    i = 0
    while i < len(units):
        text = units[i].text.strip()
        if len(text) <= 80 and _RELATED_HEADER.fullmatch(text):
            j = i + 1
            while j < len(units) and _reads_as_headline(units[j].text):
                j += 1
            if j - i >= _MIN_BLOCK or (j - i >= 2 and j == len(units)):
                blocks.append(("related", units[i:j]))
                i = j
                continue
        j, known = i, 0
        while j < len(units):
            fits, is_known = _reads_as_menu_item(units[j].text, extra)
            if not fits:
                break
            known += is_known
            j += 1
        if j - i >= _MIN_BLOCK and known >= 2 and 3 * known >= j - i:
            blocks.append(("menu", units[i:j]))
        i = max(j, i + 1)
    return blocks


def in_blocks(blocks: list[tuple[str, list[TextUnit]]]) -> set[int]:
    """Identities of the units inside furniture blocks."""
    return {id(unit) for _, units in blocks for unit in units}


@rule("NWS201", "stray-marker", "A line or paragraph is page furniture, not prose.")
def stray_marker(article: Article, options: Settings) -> Iterator[Hit]:
    """Finds widget residue scraped as text, each on a line or paragraph of its own.

    Why: ``TT`` (font-size toggle), ``20`` (share counter), ``Advertisement`` or ``Share``
    between paragraphs poison search snippets, summaries and training data.

    Recognised: font-size toggles (``TT``, ``A A``, ``A+ A-``), share/like/comment counters
    (a lone ``20``, ``1.2K``), share/print/email/tweet buttons, ``Advertisement``, ``Skip Ad``,
    ``Loading...``, ``Follow us on ...``, ``Read more``/``Related`` links, cookie-consent
    sentences; navigation items (``Home``, ``News``, ``Sports``, ``Search``, ``Close``);
    labels (``Updated``, ``Published``, ``Video``, ``Advert``, ``More:``, ``Don't miss``,
    ``Back to gallery``, ``View author archive``); widget text (``Like this:``, ``Like
    Loading...``, ``Sharing is caring!``, ``This slideshow requires JavaScript.``); image
    credits and captions leaked as lines (``Image copyright Getty Images``, ``Photo: Jane
    Doe, AP``, ``Name/Agency/Getty Images``); bare image URLs; dates and timestamps alone on
    a line (``2019-11-19T08:57:40+01:00``, ``Published 11:34 PM EST Nov 19, 2019``); markup
    residue (``[]``, ``* * *``, ``__``, ``---``, a lone ``|``, ``<img``); a caption run into its
    credit (``... of Titan. (NASA/JPL-Caltech/ASU)``, ``... 2019. J. Scott Applewhite / AP
    file``); tag and roundup lines (``Tags: ...``, ``Related Roundup: ...``); the site talking
    about itself (``click here``, newsletter and inbox promos, ``The contents of this site``,
    comment policies, a ``tel``/``fax`` footer). By position: an author's bio in the last two
    paragraphs (``Phil Helsel is a reporter for NBC News.``), and the page's headline block as
    the first paragraph when it is not the record's title verbatim (run into its byline,
    longer than a cut title, or without the ``Opinion |`` or ``- Site`` the title adds; the
    exact copy is NWS101's). Short paragraphs, list items, datelines and numbers inside
    sentences are prose; a person the story describes (``Jane Doe is a teacher ...``) and a
    lede that starts with the headline's words and ends on a full stop are not residue.
    Lines inside a block that NWS203 reports are not reported again one by one.

    Example: a text file whose lines 5 and 6 read ``TT`` and ``20``. In JSON the message
    names the paragraph: ``page furniture 'Advert' (body paragraph 4)``.

    Options: ``newsqa_markers``, extra regexes (one per line), each matched against a whole
    line.
    """
    blocked = in_blocks(furniture_blocks(article, options.markers))
    captions = {id(unit) for unit in article.captions}
    for unit in article.units():
        if id(unit) not in blocked and is_marker(unit.text, options.markers, caption=id(unit) in captions):
            yield Hit(unit.line, f"page furniture {shorten(unit.text, 40)!r}{where(article, unit)}")
    again = headline_again(article)
    if again is not None and id(again) not in blocked and not is_marker(again.text, options.markers):
        yield Hit(
            again.line,
            f"the page's headline block as the first paragraph {shorten(again.text, 60)!r}{where(article, again)}",
        )
    bio = trailing_bio(article)
    if bio is not None and id(bio) not in blocked and not is_marker(bio.text, options.markers):
        yield Hit(bio.line, f"author bio after the story {shorten(bio.text, 40)!r}{where(article, bio)}")


@rule("NWS203", "boilerplate-block", "A run of menu, link or related-article lines sits in the body.")
def boilerplate_block(article: Article, options: Settings) -> Iterator[Hit]:
    """Finds a block of page furniture in the body: a menu, a footer or social link list
    (three or more short lines in a row, known furniture among them), or a related-articles
    list (a ``Related``/``More:``/``Most popular`` header and the headlines after it). One
    finding per block, with its line range.

    Why: a menu or a list of other stories' headlines inside the body is not the story;
    flagged line by line it would bury the report, and a related list at the end would be
    mistaken for the story's last paragraph.

    Example: ``Home``, ``News``, ``Sport``, ``Business``, ``Contact us`` on lines 3–7, or in
    JSON ``5 lines of page furniture (body paragraphs 3–7): 'Home' | 'News' | …``.

    Options: ``newsqa_markers`` lines count as known furniture too.
    """
    for kind, units in furniture_blocks(article, options.markers):
        preview = " | ".join(repr(shorten(u.text, 30)) for u in units[:4]) + (" | …" if len(units) > 4 else "")
        what = "a related-articles list" if kind == "related" else "page furniture"
        yield Hit(units[0].line, f"{what}, {len(units)} lines ({span(article, units)}): {preview}")


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


RULES = [stray_marker, markup_leftover, boilerplate_block]
