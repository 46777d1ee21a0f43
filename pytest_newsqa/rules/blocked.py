"""A page the site served instead of the article: an error, a bot check, a wall."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pytest_newsqa.literals import Screen, fold, needles, starts
from pytest_newsqa.model import Article, Hit
from pytest_newsqa.rule import rule

# Each kind: the phrases its templates are made of, in English, German, French and Spanish.
# A phrase counts for the page only as far as the template's words go; the judgement is the
# share of the page's words that are template (see _verdict), never one phrase somewhere.
_KINDS: dict[str, str] = {
    "bot check": (
        r"just a moment\W*|checking (?:if the site connection is secure|your browser before accessing[^.\n]*)\W*|"
        r"ray id:? ?\w*|performance & security by cloudflare|attention required!?(?: \| cloudflare)?|"
        r"enable javascript and cookies to continue|are you a robot\??|i'?m not a robot|"
        r"press (?:&|and) hold(?: to confirm you are a (?:human|robot)(?: \(and not a bot\))?)?\.?|"
        r"please verify you are a human\.?|verify you are human(?: by completing the action below)?\.?|"
        r"unusual traffic from your computer network\.?|why did this happen\??|ip address: ?[\d.:a-f]+|"
        r"this page checks to see if it'?s really you sending the requests,? and not a robot\.?|"
        r"our systems have detected unusual traffic[^.\n]*\.?|"
        r"please complete the security check to access[^.\n]*\.?|why (?:do i have to|did this) complete a captcha\??|"
        r"please enable js and disable any ad blocker\.?|"
        r"[^.\n]{0,40}site connection is secure\W*|einen moment(?: bitte)?\W*|un instant\W*|un momento\W*|"
        r"überprüfung,? ob (?:die|ihre) (?:seite|site|verbindung)[^.\n]*\W*|"
        r"vérification (?:de la sécurité de votre connexion|que vous êtes humain)[^.\n]*\W*|"
        r"verificando (?:si la conexión del sitio es segura|que eres humano)[^.\n]*\W*|"
        r"sind sie ein (?:mensch|roboter)\??|êtes-vous un robot\??|¿?eres un robot\??|"
        r"bitte bestätigen sie,? dass sie ein mensch sind\.?|veuillez confirmer que vous êtes (?:un )?humain\.?|"
        r"confirma que eres (?:un )?humano\.?|ungewöhnlichen? (?:datenverkehr|traffic)[^.\n]*\.?|"
        r"trafic inhabituel[^.\n]*\.?|tráfico inusual[^.\n]*\.?"
    ),
    "access denied": (
        r"access denied\W*|you don'?t have permission to access[^.\n]*\.?|reference #[\d.a-f]+|"
        r"403 forbidden|forbidden\W*|error 403|http error 403|you are not authorized to (?:access|view) this page\.?|"
        r"request blocked\.?|the request could not be satisfied\.?|this request was blocked[^.\n]*\.?|"
        r"zugriff verweigert\W*|sie haben keine berechtigung[^.\n]*\.?|accès refusé\W*|"
        r"vous n'?avez pas (?:l'autorisation|la permission)[^.\n]*\.?|acceso denegado\W*|"
        r"no tienes permiso para acceder[^.\n]*\.?|403 verboten|403 interdit"
    ),
    "error page": (
        r"(?:404|410|500)(?: error)?\W*|error (?:404|500)\W*|(?:404 )?not found\W*|page not found\W*|"
        r"(?:sorry, )?(?:the|this) page (?:you (?:were looking|are looking|requested) for )?"
        r"(?:could not be found|cannot be found|can'?t be found|was not found|does not exist|doesn'?t exist|"
        r"is no longer available|has been (?:moved|removed|deleted))[^.\n]*\.?|"
        r"the requested url [^.\n]{0,80} was not found on this server\.?|"
        r"500 internal server error|internal server error\W*|502 bad gateway|bad gateway\W*|"
        r"503 service (?:temporarily )?unavailable|service (?:temporarily )?unavailable\W*|"
        r"504 gateway time-?out|gateway time-?out\W*|"
        r"the server (?:encountered an internal error|is temporarily unable to service your request)[^.\n]*\.?|"
        r"(?:please )?try again later\.?|go (?:back )?to (?:the )?home ?page\.?|return to (?:the )?home ?page\.?|"
        r"oops!?(?: something went wrong)?\W*|something went wrong\W*|"
        r"seite nicht gefunden\W*|die (?:angeforderte )?seite (?:wurde nicht gefunden|existiert nicht)[^.\n]*\.?|"
        r"fehler 404\W*|zur startseite\W*|page introuvable\W*|erreur 404\W*|"
        r"la page (?:que vous (?:recherchez|demandez) )?(?:n'existe pas|est introuvable|n'a pas été trouvée)[^.\n]*\.?|"
        r"retour à l'accueil\W*|página no encontrada\W*|error 404\W*|"
        r"la página (?:que buscas |solicitada )?no (?:existe|se ha encontrado|ha sido encontrada)[^.\n]*\.?|"
        r"volver al inicio\W*|dienst (?:vorübergehend )?nicht verfügbar\W*|service (?:temporairement )?indisponible\W*|"
        r"servicio no disponible\W*"
    ),
    "rate limit": (
        r"429 too many requests|too many requests\W*|rate limit(?:ed| exceeded)?\W*|"
        r"you have sent too many requests[^.\n]*\.?|you(?:'ve| have) been rate limited[^.\n]*\.?|"
        r"zu viele anfragen\W*|trop de requêtes\W*|demasiadas solicitudes\W*"
    ),
    "JavaScript required": (
        r"you need to enable javascript to run this app\.?|(?:please )?enable javascript[^.\n]{0,60}\.?|"
        r"javascript is (?:disabled|required)[^.\n]{0,60}\.?|this (?:site|page|website) requires javascript[^.\n]*\.?|"
        r"your browser does not support javascript[^.\n]*\.?|"
        r"bitte aktivieren sie javascript[^.\n]*\.?|javascript (?:ist deaktiviert|wird benötigt)[^.\n]*\.?|"
        r"veuillez activer javascript[^.\n]*\.?|activa(?:r)? javascript[^.\n]*\.?|"
        r"javascript est désactivé[^.\n]*\.?|javascript está desactivado[^.\n]*\.?"
    ),
    "consent wall": (
        r"before you continue(?: to [\w.]+)?\W*|accept all(?: cookies)?\W*|reject all(?: cookies)?\W*|"
        r"(?:manage|customi[sz]e) (?:options|settings|preferences|cookies)\W*|more options\W*|"
        r"we value your privacy\W*|we and our (?:\d+ )?partners[^.\n]*\.?|our \d+ partners[^.\n]*\.?|"
        r"we use cookies and (?:data|similar technologies)[^.\n]*\.?|"
        r"(?:store and/or )?access information on a device[^.\n]*\.?|"
        r"personali[sz]ed (?:ads|advertising) and content[^.\n]*\.?|i agree\W*|agree and continue\W*|"
        r"bevor sie (?:fortfahren|weiter zu [\w.]+ gehen)\W*|alle akzeptieren\W*|alle ablehnen\W*|"
        r"wir (?:und unsere (?:\d+ )?partner )?(?:verwenden|nutzen) cookies[^.\n]*\.?|"
        r"ihre privatsphäre ist uns wichtig\W*|"
        r"avant de continuer\W*|tout accepter\W*|tout refuser\W*|nous respectons votre vie privée\W*|"
        r"nous et nos (?:\d+ )?partenaires[^.\n]*\.?|antes de continuar\W*|aceptar todo\W*|rechazar todo\W*|"
        r"valoramos tu privacidad\W*|nosotros y nuestros (?:\d+ )?socios[^.\n]*\.?"
    ),
    "paywall": (
        r"subscribe to continue reading\W*|(?:this (?:article|story|content) is )?(?:for|available to|exclusive to) "
        r"subscribers(?: only)?\W*|you have reached your (?:limit|maximum) of free articles[^.\n]*\.?|"
        r"you'?ve (?:reached|used) (?:your|all of your) free articles[^.\n]*\.?|already (?:a subscriber|subscribed)\??"
        r"(?: (?:log|sign) in\.?)?|(?:log|sign) in to (?:continue|read)[^.\n]*\.?|subscribe now\W*|"
        r"to continue reading,? (?:please )?(?:subscribe|log in|sign in)[^.\n]*\.?|"
        r"get unlimited (?:digital )?access[^.\n]*\.?|start your (?:free )?trial[^.\n]*\.?|"
        r"dieser artikel ist (?:nur )?für abonnenten[^.\n]*\.?|(?:jetzt )?abonnieren und weiterlesen\W*|"
        r"sie haben (?:ihr limit|die maximale anzahl)[^.\n]*\.?|bereits abonnent(?:in)?\??|"
        r"cet article est réservé aux abonnés\W*|abonnez-vous pour (?:lire la suite|continuer)[^.\n]*\.?|"
        r"déjà abonné\W*|este artículo es (?:exclusivo )?para suscriptores\W*|"
        r"suscríbete para (?:seguir leyendo|continuar)[^.\n]*\.?|¿?ya eres suscriptor\W*|"
        r"has alcanzado el límite de artículos gratuitos[^.\n]*\.?|réservé aux abonnés\W*|nur für abonnenten\W*"
    ),
}
_PATTERNS = {kind: re.compile(pattern, re.IGNORECASE) for kind, pattern in _KINDS.items()}
# A kind's pattern runs only on a text holding one of the phrases every match needs (exact, and
# a hundredfold cheaper on the texts most files are: re tries each alternative at each position).
_SCREENS = {
    kind: None if found is None else Screen(found)
    for kind, found in ((kind, needles(pattern)) for kind, pattern in _PATTERNS.items())
}
# Titles these pages carry, matched against the whole headline (a site name may follow).
_TITLE = re.compile(
    r"(?:just a moment|attention required|access denied|403 forbidden|forbidden|404(?: not found)?|not found|"
    r"page not found|error(?: 40[34]| 50[0234])?|(?:50[0234]|429) [\w ]+|too many requests|bad gateway|"
    r"service (?:temporarily )?unavailable|are you a robot|before you continue(?: to [\w.]+)?|"
    r"we value your privacy|you need to enable javascript|subscribe to continue reading|"
    r"seite nicht gefunden|zugriff verweigert|einen moment|page introuvable|accès refusé|un instant|"
    r"página no encontrada|acceso denegado|un momento|erreur 404|fehler 404|error 404)"
    r"(?:\W{0,4}|\s+[|–—·-]\s+[^.!?|]{0,60})",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")
# A page of this many words or fewer is all template when template words are a share of it.
_MAX_PAGE_WORDS = 400
_MIN_TEMPLATE_SHARE = 0.3
# Title alone: a body this short after a template title is the template page.
_MAX_TITLED_WORDS = 120
# Scanning the text of a huge page costs time; a blocked page is small.
_MAX_SCAN_CHARS = 6_000
# Challenge pages carry large inline scripts before their few words of text.
_MAX_HTML_CHARS = 100_000
# HTML: the visible text of a page, without tags, scripts and styles.
_INVISIBLE = re.compile(r"<(script|style|noscript|template|svg)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^<>]*>")
_HTML_TITLE = re.compile(r"<title[^>]*>(.*?)</title", re.IGNORECASE | re.DOTALL)


def _template_words(text: str, word_starts: set[str] | None = None) -> dict[str, int]:
    """How many words of the text each kind's template phrases cover (``word_starts``: the
    starts of its words, or of more words, when the caller has them)."""
    covered: dict[str, int] = {}
    folded = fold(text)
    if word_starts is None:
        word_starts = starts(folded)
    for kind, pattern in _PATTERNS.items():
        screen = _SCREENS[kind]
        if screen is not None and not screen(folded, word_starts):
            continue
        words = sum(len(_WORD.findall(m.group())) for m in pattern.finditer(text))
        if words:
            covered[kind] = words
    return covered


def verdict(title: str, text: str) -> str | None:
    """Which kind of blocked page a title and its text are, or None for an article.

    The page is judged by its share of template words: an article that quotes "Just a
    moment..." or "Subscribe to continue reading" once has hundreds of other words.
    """
    tokens = fold(text).split()
    if len(tokens) > _MAX_PAGE_WORDS:
        return None  # an article-length text: no template page is this long (and no scan is needed)
    text = text[:_MAX_SCAN_CHARS]
    # The starts of the whole text's words hold those of the cut one's (a cut word keeps its start).
    word_starts = {token[:3] for token in tokens}
    if title:
        word_starts |= starts(fold(title))
    covered = _template_words(f"{title}\n{text}" if title else text, word_starts)
    titled = bool(title) and _TITLE.fullmatch(title.strip()) is not None
    if not covered and not titled:
        return None  # the common case: no template phrase, and no count of the words is needed
    total = len(_WORD.findall(text))
    if titled and total <= _MAX_TITLED_WORDS:
        return max((_template_words(title) or {"error page": 1}).items(), key=lambda kv: kv[1])[0]
    if not covered:
        return None
    kind, words = max(covered.items(), key=lambda kv: kv[1])
    share = sum(covered.values()) / max(1, total + len(_WORD.findall(title)))
    if share >= _MIN_TEMPLATE_SHARE and words >= 3:
        return kind
    return None


def _article_text(article: Article) -> str:
    return "\n".join(unit.text for unit in article.units())


def _page_text(html: str) -> tuple[str, str] | None:
    """The <title> and the visible text of a saved page, cheaply (no parser); None when that
    text is article-length (taking the title off its start takes at most the title's words)."""
    head = html[:_MAX_HTML_CHARS]
    match = _HTML_TITLE.search(head)
    title = " ".join(_TAG.sub(" ", match.group(1)).split()) if match else ""
    visible = _TAG.sub("\n", _INVISIBLE.sub(" ", head))
    if len(visible.split()) - len(title.split()) > _MAX_PAGE_WORDS:
        return None  # what verdict() would say, without cleaning thousands of lines first
    lines = (" ".join(line.split()) for line in visible.splitlines())
    text = "\n".join(line for line in lines if line)
    if title and text.startswith(title):
        text = text[len(title) :]
    return title, text


_MESSAGES = {
    "bot check": "a bot-check page (CAPTCHA or browser check)",
    "access denied": "an access-denied page",
    "error page": "an error page (not found or server error)",
    "rate limit": "a rate-limit page (too many requests)",
    "JavaScript required": "a JavaScript-required shell",
    "consent wall": "a cookie or privacy consent wall",
    "paywall": "a paywall teaser",
}


@rule("NWS303", "blocked-page", "An error, bot-check, consent or paywall page instead of an article.", scope="file")
def blocked_page(source: object, options: object) -> Iterator[Hit]:
    """Finds what a site served instead of the article: a bot check (``Just a moment...``,
    ``Are you a robot?``, ``Press & Hold``), an access-denied page (``403 Forbidden``,
    ``Access Denied … Reference #18.…``), an error page (``404 Not Found``, ``502 Bad
    Gateway``, ``Service Temporarily Unavailable``), a rate-limit page (``429 Too Many
    Requests``), a JavaScript shell (``You need to enable JavaScript to run this app``), a
    consent wall (``Before you continue … Accept all``) or a paywall teaser (``Subscribe to
    continue reading``), in English, German, French and Spanish. The message says which.

    Why: a blocked scrape is the most common way a run goes wrong, and every other rule
    passes it: the page has a headline and a body, just not the story's.

    The page is judged by how much of it is template: a third or more of its words (a page
    of at most 400 words), or a template title (``Access Denied``, ``Page not found | Site``)
    over a body of at most 120 words. A story *about* a Cloudflare outage that quotes
    ``Just a moment...`` or about paywalls that quotes ``subscribe to continue reading``
    stays silent. On an HTML page the page's own title and visible text are judged too,
    so a bot check the reader finds almost no article in is still found.

    Example: a JSONL record ``{"title": "Just a moment...", "body": "Checking if the site
    connection is secure\\nRay ID: 8a1b2c3d4e5f"}``.

    Options: none.
    """
    articles: list[Article] = list(getattr(source, "articles", []) or [])
    found = False
    for article in articles:
        kind = verdict(article.title, _article_text(article))
        if kind:
            found = True
            yield Hit(article.line, f"the {_where(source)} is {_MESSAGES[kind]}, not an article", article.index)
    if not found and str(getattr(source, "suffix", "")) in (".html", ".htm", ".xhtml"):
        page = _page_text(str(getattr(source, "text", "")))
        kind = verdict(*page) if page else None
        if kind:
            yield Hit(1, f"the page is {_MESSAGES[kind]}, not an article", articles[0].index if articles else None)


def _where(source: object) -> str:
    return "record" if str(getattr(source, "suffix", "")) in (".json", ".jsonl", ".ndjson") else "page"


RULES = [blocked_page]
