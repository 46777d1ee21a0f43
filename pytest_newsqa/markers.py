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
    r"actualizado|atualizado|veröffentlicht|publiziert|aktualisiert|stand|edited|uploaded|기사입력|입력|수정|등록|"
    r"опубликовано|обновлено)(?: (?:on|at|le|el|em|am))?"
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
    rf"(?:[·|•-]\s*)?(?:{_BYLINE})?(?:{_DATE_LABEL})?\s*:?\s*\[?\s*(?:{_DATE_TOKEN})(?:[\s,./|@·–—()-]+(?:{_DATE_TOKEN})){{0,13}}"
    r"[\s,./|@·–—()\]-]*(?:\s?by [\w .'-]{1,40})?"
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
    r"follow [\w .@'’]{1,60} on (?:instagram|facebook|twitter|youtube|linkedin|tiktok)(?: \(@\w+\))?"
    r"(?:(?:,| and| &) (?:instagram|facebook|twitter|youtube|linkedin|tiktok)(?: \(@\w+\))?)*\.?|"
    r"also on [\w.]{2,30}(?: .{1,150})?|also: .{1,120}|\[(?:related|see also|read more|more|also read)\s?:.{1,200}\]|"
    r"[←→«»‹›]?\s*(?:previous|next|newer|older) (?:story|article|post)\s*[←→«»‹›]?|"
    r"file photo:.{1,300}|have a (?:news )?tip\?.{0,200}",
    # Image credits and captions leaked as lines.
    r"image copyright(?: .{1,60})?|image caption(?: .{1,300})?|"
    r"(?:photo|photograph|picture|image|credit|crédito|foto|fotografía|bild|titelbild|фото)s?"
    r"(?: credit)?\s?:\s?[^.!?]{1,60}|\((?:photo|image|picture|crédito|foto|bild|фото)s?: .{1,80}\)|getty(?: images)?|"
    r"(?:[\w.'’-]+(?: [\w.'’-]+){0,5} ?[/|,] ?){1,4}"
    r"(?:getty images|afp|ap|reuters|epa|associated press|bloomberg|shutterstock|"
    r"istock|dpa|ap photo|afp via getty images)(?: images)?",
    # Labels after an arrow or bullet ("» Publicidade"), icon-font names before a link ("chevron_left
    # Browse All Posts"), tag and roundup lines, a byline with a handle and an age ("Jane Doe @jane / 2 days").
    r"[»›>•·]\s*(?:advertisement|publicidad|publicité|publicidade|werbung|anzeige|iklan|sponsored)|"
    r"(?:chevron|arrow|keyboard_arrow|expand|navigate)_(?:left|right|up|down|back|forward|before|next|more|less)"
    r"(?: .{1,60})?|tags?: .{1,120}|related \w+(?: \w+)?: .{1,120}|"
    r"[\w.'’-]+(?: [\w.'’-]+){0,3}\s+@\w+\s*[/|·•-]\s*\d{1,2}\s?(?:min(?:ute)?s?|hours?|hrs?|h|days?|d|weeks?|w)",
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
# A caption run into its credit: "Text of the caption. (NASA/JPL-Caltech/ASU)", "... 2019. J. Scott
# Applewhite / AP file". Prose does not end on a slash-separated list of names after a full stop. In a
# body it is a caption leaked as a line; where a reader found it as a caption, it is a caption.
_CAPTION_CREDIT = re.compile(
    r"[^\n]{1,200}?[.!?][\"”’]?\s?\((?-i:[A-Z][^()/\n]{0,40}(?:/\s?[A-Z][^()/\n]{0,40}){1,4})\)|"
    r"[^\n]{1,200}?[.!?][\"”’]?\s(?-i:[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}) ?/ ?"
    r"(?:ap|afp|reuters|epa|getty images|bloomberg|shutterstock|dpa)(?: (?:file|photo|images))?",
    re.IGNORECASE,
)
# Cookie-consent sentences: the site, not the story, talking about cookies.
COOKIES = re.compile(
    r"\b(?:we|this (?:web)?site|our (?:web)?site) uses? cookies\b|you can opt-out if you wish\b|"
    r"\baccept (?:all )?cookies\b|"
    r"\bcookie (?:policy|settings|preferences|consent)\b|\buse of cookies\b",
    re.IGNORECASE,
)
# Newsletter and syndication notices: the site, not the story, talking. (Affiliate disclosures
# are not here: editors keep them in the story.)
_PROMO = re.compile(
    r"\bsign up for (?:our|the)\b.{0,60}\bnewsletter|\b(?:right |delivered )?(?:in|to) your inbox\b|"
    r"\bsubscribe to (?:our|the) .{0,40}(?:newsletter|channel|podcast)|\bclick(?:ing)? here\b|"
    r"\b(?:meet|delivered (?:through|to)) your (?:inbox|letterbox|mailbox|door)\b|\byou (?:may|can) unsubscribe\b|"
    r"\bwe send (?:you )?an? (?:e-?mail|newsletter)\b|"
    # The site about itself: its notices, comment policy and contact footer.
    r"\b(?:the )?contents? of this (?:web ?)?site\b|\bthe information (?:provided )?on this website\b|"
    r"\b(?:comments?|comentários?|comentarios?|commentaires?|kommentare?)\b.{0,160}"
    r"\b(?:will not be|won'?t be|não serão|no serán|ne seront pas|werden nicht) "
    r"(?:approved|published|aprovados|publicados|publiés|freigeschaltet)|"
    r"\d{3}[-. ]\d{3}[-. ]\d{4}\s?(?:tel|fax)\b|\b(?:tel|fax)\.?:?\s?\+?[\d(][\d() .-]{6,}.{0,40}\bfax\b|"
    r"\bthis material may not be published, broadcast, rewritten,? or redistributed\b",
    re.IGNORECASE,
)
# One of these in the lower-cased text before the promo regex runs at all.
_PROMO_WORDS = tuple(
    "newsletter|inbox|subscribe|material may not|click|letterbox|mailbox|delivered|we send|this site|this web"
    "|coment|comment|ommentaire|kommentar|fax".split("|")
)
_MAX_COOKIE_CHARS = 400
# Markers are short; a long paragraph is prose even when it starts with "Share".
_MAX_MARKER_CHARS = 240


def is_marker(
    text: str, extra: list[re.Pattern[str]] | tuple[re.Pattern[str], ...] = (), *, caption: bool = False
) -> bool:
    """Whether one whole line or paragraph is page furniture rather than prose. With ``caption``
    the text is one a reader found as a photo caption, where a credit belongs."""
    if len(text) > _MAX_COOKIE_CHARS and not extra and not text[:1].isspace() and not text[-1:].isspace():
        return False  # the common case, a paragraph of prose: nothing below could match
    stripped = text.strip()
    return _is_builtin_marker(stripped, caption) or any(match_line(p, stripped) for p in extra)


@lru_cache(maxsize=4096)
def _is_builtin_marker(stripped: str, caption: bool = False) -> bool:
    """Several rules ask about the same paragraphs: each is matched once."""
    if not stripped or len(stripped) > _MAX_COOKIE_CHARS:
        return False
    if len(stripped) <= _MAX_MARKER_CHARS and _MARKER.fullmatch(stripped):
        return True
    if not caption and "/" in stripped and len(stripped) <= _MAX_MARKER_CHARS and _CAPTION_CREDIT.fullmatch(stripped):
        return True
    if ("ookie" in stripped or "OOKIE" in stripped) and COOKIES.search(stripped) is not None:
        return True
    low = stripped.lower()  # one cheap pass before the regex, which few paragraphs need
    return any(word in low for word in _PROMO_WORDS) and _PROMO.search(stripped) is not None
