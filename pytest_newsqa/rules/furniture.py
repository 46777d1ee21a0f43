"""Page furniture scraped as if it were prose: widget residue and markup."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from html.entities import html5

from pytest_newsqa.model import Article, Hit, TextUnit, shorten
from pytest_newsqa.rule import rule
from pytest_newsqa.rules.place import span, where
from pytest_newsqa.settings import Settings, match_line

_BUTTON_WORDS = (
    r"share(?: this(?: article| story| page)?)?(?: via \w+)?|share on (?:facebook|twitter|x|whatsapp|linkedin|reddit)"
    r"|print(?: this(?: article| story| page)?| friendly)?|e-?mail(?: this(?: article| story| page)?)?|"
    r"tweet(?: this)?|facebook|twitter|whatsapp|telegram|linkedin|pinterest|reddit|messenger|copy link|"
    r"copy|save|comments?|like|flipboard|x|"
    r"click to (?:share|email|print)(?: on \w+)?(?: \(opens in new window\))?|\(?opens in new window\)?"
)
_NAV_WORDS = (
    r"home|homepage|news|latest news|breaking news|sports?|business|jobs|cars|autos?|close|search|menu|world|"
    r"politics|opinion|entertainment|technology|tech|science|health|lifestyle|living|travel|weather|culture|"
    r"arts?|money|markets|real estate|classifieds|obituaries|podcasts?|newsletters?|sections|contact(?: us)?|"
    r"about(?: us)?|privacy(?: policy| notice)?|terms(?: of (?:use|service)| (?:&|and) conditions)?|"
    r"cookie (?:policy|settings)|careers|advertise(?: with us)?|rss|log ?in|sign ?in|log ?out|register|"
    r"my account|e-?edition|photos|gallery|features|reviews|shop|top stories|local|national|international|"
    r"community guidelines|help|faq|site ?map|accessibility(?: help)?|all|topics|more"
)
_MONTH = (
    r"jan(?:uary|vier|uar|eiro)?|feb(?:ruary|ruar|rero)?|f[ée]v(?:rier|ereiro)?|mar(?:ch|s|zo|ço)?|märz|"
    r"apr(?:il)?|avr(?:il)?|abr(?:il)?|may|mai(?:o)?|mayo|june?|juni|juin|junio|junho|july?|juli|juillet|julio|"
    r"julho|aug(?:ust)?|ao[uû]t|agosto|sep(?:t(?:ember|embre|iembre)?)?|setembro|oct(?:ober|obre|ubre)?|okt(?:ober)?|"
    r"outubro|nov(?:ember|embre|iembre|embro)?|dec(?:ember)?|d[ée]c(?:embre)?|dez(?:ember|embro)?|dic(?:iembre)?|"
    r"maret|oktober|desember|agustus"
)
_WEEKDAY = (
    r"mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?|"
    r"montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|"
    r"dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo|[\w-]{4,7}-feira"
)
_DATE_TOKEN = (
    rf"(?:{_MONTH})\.?|(?:{_WEEKDAY})\.?,?|\d{{1,2}}[:.h]\d{{2}}(?::\d{{2}})?\s?(?:[ap]\.?m\.?)?|\d{{1,4}}(?:st|nd|rd|th)?|"
    r"[ap]\.?m\.?|(?:[ecmp][sd]?t|gmt|utc|ist|cet|cest|bst|msk|kst|jst|hkt|sgt|aest|wib)|at|on|de|às|um|à|le|el|"
    r"the|of|ago|an?|hours?|hrs?|minutes?|mins?|days?|weeks?|months?|seconds?|"
    r"\d{4}-\d{2}-\d{2}(?:[t ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?"
)
_DATE_LABEL = (
    r"(?:first |last )?(?:published|updated|posted|modified|created|date|datum|publié|mis à jour|publicado|"
    r"actualizado|atualizado|veröffentlicht|aktualisiert|stand|edited|uploaded)(?: (?:on|at|le|el|em|am))?"
)
# "By Jane Doe - ", "Von Moritz Bachmann publiziert am ", "Jane Doe @jane / " before a date.
_BYLINE = (
    r"(?:(?:by|von|par|por|door|di)\s+)?[\w.'’-]+(?: [\w.'’-]+){0,3}(?: @\w+)?\s*(?:[,|/–—-]\s*|\s+"
    r"(?=publiziert|veröffentlicht|publié|publicado))"
)
# A line that is a date or time and nothing else (a label, a byline "by Admin" after it at most).
_DATE_LINE = (
    r"(?![^\n]*\b\d{4}\b[^\n]*\b\d{4}\b)"  # two years: a date range ("1 May 2018 | 2 June 2019") is content
    r"(?=\D{0,240}\d|[^\n]*\bago\b)"  # cheap first: every date line has a digit (or says "ago")
    rf"(?=[^\n]*(?:\b(?:{_MONTH})\b|^(?:first |last )?(?:published|updated|posted)\b|"
    r"\d{1,4}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}|\bago\b))"
    rf"(?:[·|•-]\s*)?(?:{_BYLINE})?(?:{_DATE_LABEL})?\s*:?\s*(?:{_DATE_TOKEN})(?:[\s,./|@·–—()-]+(?:{_DATE_TOKEN})){{0,13}}"
    r"[\s,./|@·–—()-]*(?:\s?by [\w .'-]{1,40})?"
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
    r"skip to (?:main )?content|back to top|scroll to top|(?:next|previous) (?:article|story|post)|"
    r"(?:load|show|see|view) more(?: \w+)?|view (?:all )?comments|listen to (?:this )?(?:article|story)|"
    r"\d{1,2} min(?:ute)?s? read|subscribe(?: now| today)?|sign up(?: now)?",
    r"click here to .{1,80}|sign up for (?:our|the) .{1,60}newsletter\.?",
    # Navigation: a menu item on a line of its own (html2text prints them as "* Home").
    rf"(?:[*•·>»]\s*)?(?:{_NAV_WORDS})(?:\s*[»›>|])?",
    # Labels and widget text a page prints around the story.
    r"updated|published|posted|video|videos|advert|more:?|don'?t miss|deals|back to gallery|view (?:the )?"
    r"author(?:'s)? archive|e-?mail the author|tags?:|related tags:?|topics:|filed under:?(?: .{1,80})?|"
    r"like this:|like loading(?:\.\.\.|…)?|sharing is caring!?|this slideshow requires javascript\.?|"
    r"continue reading (?:the main story|below)|share (?:this|the) (?:story|article|post|page)(?: on)?:?|share this:?|"
    r"share via|share on:?(?: \w+){0,5}|(?:most|more) popular(?: on \w+)?|popular on \w+(?: \w+)?|"
    r"you may also like\W*|you might also like\W*|more (?:from|on) [\w ]{1,30}|also on [\w.]{2,30}|"
    r"more (?:great )?[\w ]{0,20}stories|(?:top|latest|more) stories|comments? comments?|rating: \d+ votes?|"
    r"(?:reading time|lesezeit|temps de lecture|tiempo de lectura|tempo de leitura):?(?: \d+ \w+)?|"
    r"\d+ (?:minutos?|minuten|minutes) (?:de lecture|de lectura|de leitura|lesezeit)|"
    r"(?:tap|click) (?:here )?to (?:view|see|expand|enlarge)(?: \w+){0,3}|caption close|close share panel|"
    r"(?:previous|next)(?: slide| image| photo)?|view (?:gallery|slideshow|photos)|\d+ of \d+|\d+ ?/ ?\d+ photos?|"
    r"these are external links and will open in a new window|sorry!|thanks for signing up!?|"
    r"(?:get|receive) (?:the|our) .{1,60}newsletter\.?|iklan|anzeige|publicidad|publicité|publicidade|werbung|"
    r"like this (?:story|article)\? share it with a friend!?|top rated comments|(?:view|show|read) all comments|"
    r"follow [\w .@]{1,30} on (?:instagram|facebook|twitter|youtube|linkedin|tiktok)"
    r"(?:(?:,| and) (?:instagram|facebook|twitter|youtube|linkedin|tiktok))*\.?|"
    r"also on [\w.]{2,30}(?: .{1,150})?|also: .{1,120}|\[(?:related|see also|read more|more|also read)\s?:.{1,200}\]|"
    r"[←→«»‹›]?\s*(?:previous|next|newer|older) (?:story|article|post)\s*[←→«»‹›]?|"
    r"file photo:.{1,300}|have a (?:news )?tip\?.{0,200}",
    # Image credits and captions leaked as lines.
    r"image copyright(?: .{1,60})?|image caption(?: .{1,300})?|(?:photo|photograph|picture|image|credit|foto|bild)s?"
    r"(?: credit)?\s?:\s?[^.!?]{1,60}|\((?:photo|image|picture|foto|bild)s?: .{1,80}\)|getty(?: images)?|"
    r"(?:[\w.'’-]+(?: [\w.'’-]+){0,5} ?[/|,] ?){1,4}"
    r"(?:getty images|afp|ap|reuters|epa|associated press|bloomberg|shutterstock|"
    r"istock|dpa|ap photo|afp via getty images)(?: images)?",
    # Bare URLs of images and links (html2text prints links as "(https://...)").
    r"\(?(?:https?:)?//\S+\.(?:jpe?g|png|gif|webp|svg|avif)(?:\?\S*)?\)?|\((?:https?://|www\.)\S+\)",
    # Machine and display timestamps on a line of their own.
    rf"{_DATE_LINE}",
    # Markup residue: empty link brackets, rules, lone punctuation, HTML fragments.
    r"(?:\[\s*\]\s*)+|(?:\*\s*){3,}|-{3,}|={3,}|~{3,}|[|•·/\\()<>{}\[\]#~=+*%.…-]{1,3}|"
    r"</?[a-z][a-z0-9]*(?:\s[^<>]{0,300})?|(?:[\w:-]+=(?:\"[^\"]*\"|'[^']*')\s*)+/?>?"
    r"(?:</\w+>)?",
]
# One alternation, so a paragraph costs one regex call however many marker families there are.
_MARKER = re.compile("|".join(f"(?:{p})" for p in _MARKERS), re.IGNORECASE)
# Cookie-consent sentences: the site, not the story, talking about cookies.
_COOKIES = re.compile(
    r"\b(?:we|this (?:web)?site|our (?:web)?site) uses? cookies\b|you can opt-out if you wish\b|"
    r"\baccept (?:all )?cookies\b|"
    r"\bcookie (?:policy|settings|preferences|consent)\b|\buse of cookies\b",
    re.IGNORECASE,
)
# Newsletter and syndication notices: the site, not the story, talking. (Affiliate disclosures
# are not here: editors keep them in the story.)
_PROMO = re.compile(
    r"\bsign up for (?:our|the)\b.{0,60}\bnewsletter|\b(?:right |delivered )?(?:in|to) your inbox\b|"
    r"\bsubscribe to (?:our|the) .{0,40}(?:newsletter|channel|podcast)|"
    r"\bthis material may not be published, broadcast, rewritten,? or redistributed\b",
    re.IGNORECASE,
)
_PROMO_WORDS = ("newsletter", "inbox", "subscribe", "material may not")
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
    if ("ookie" in stripped or "OOKIE" in stripped) and _COOKIES.search(stripped) is not None:
        return True
    low = stripped.lower()  # one cheap pass before the regex, which few paragraphs need
    return any(word in low for word in _PROMO_WORDS) and _PROMO.search(stripped) is not None


# A header that opens a list of other stories' headlines.
_RELATED_HEADER = re.compile(
    r"(?:related(?: \w+){0,2}|more:?|more (?:from|on|in|about) .{1,40}|"
    r"most (?:read|popular|viewed|shared)(?: .{1,30})?|"
    r"popular on .{1,30}|read (?:more|also|next)|also read|see also|you (?:may|might) also (?:like|enjoy)|"
    r"recommended(?: for you| stories| reading)?|don'?t miss|also on .{1,30}|more (?:great )?.{0,20}stories|"
    r"top stories|latest(?: news| stories| videos)?|trending(?: now| stories)?|what to read next|further reading|"
    r"editor'?s picks?|weitere (?:beiträge|artikel|nachrichten).{0,30}|mehr zum thema|lesen sie auch|"
    r"(?:à )?lire aussi|sur le même sujet|le más|te puede interesar|(?:leia|veja) também|baca juga|"
    r"berita terkait|읽을거리|관련 ?기사|читайте также|相关阅读|相關新聞)\s?[:…»›>]*",
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
    residue (``[]``, ``* * *``, ``__``, ``---``, a lone ``|``, ``<img``). Short paragraphs,
    list items, datelines and numbers inside sentences are prose. Lines inside a block that
    NWS203 reports are not reported again one by one.

    Example: a text file whose lines 5 and 6 read ``TT`` and ``20``. In JSON the message
    names the paragraph: ``page furniture 'Advert' (body paragraph 4)``.

    Options: ``newsqa_markers``, extra regexes (one per line), each matched against a whole
    line.
    """
    blocked = in_blocks(furniture_blocks(article, options.markers))
    for unit in article.units():
        if id(unit) not in blocked and is_marker(unit.text, options.markers):
            yield Hit(unit.line, f"page furniture {shorten(unit.text, 40)!r}{where(article, unit)}")


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
