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
        r"trafic inhabituel[^.\n]*\.?|tráfico inusual[^.\n]*\.?|"
        r"verif(?:y|ying)(?: that)? you(?:'re| are)(?: a)? human[^.\n]*\.?|this may take a few seconds\.?|"
        r"[^.\n]{0,60}needs to review the security of your connection[^.\n]*\.?|before we continue\W*|"
        r"(?:sorry, )?we just need to make sure you'?re not a robot[^.\n]*\.?|robot check|captcha|"
        r"enter the characters (?:you see|shown)[^.\n]*\.?|type the characters[^.\n]*\.?|try (?:a )?different image|"
        r"we believe you are using automation tools[^.\n]*\.?|checking your browser[^.\n]*\.?|one more step\W*|"
        r"ddos protection by [\w ]{0,20}|reference id:? ?#?[\w-]+|request unsuccessful\.?|"
        r"incapsula incident id:? ?[\w-]+|"
        r"security check\W*|human verification\W*|bitte warten\W*|veuillez patienter\W*|por favor,? espere\W*|"
        r"(?:please )?(?:stand by|wait),? while we (?:are )?(?:checking|verify(?:ing)?) your browser[^.\n]*\.?|"
        r"redirecting\W*|"
        r"verifying your browser\W*|you will be redirected[^.\n]*\.?|let us know you'?re not a robot\.?|"
        r"we'?ve detected unusual activity[^.\n]*|(?:block )?reference id:? ?[\w-]+|"
        r"please click the box below[^.\n]*\.?"
    ),
    "access denied": (
        r"access denied\W*|you don'?t have permission to access[^.\n]*\.?|reference #[\d.a-f]+|"
        r"403 forbidden|forbidden\W*|error 403|http error 403|you are not authorized to (?:access|view) this page\.?|"
        r"request blocked\.?|the request could not be satisfied\.?|this request was blocked[^.\n]*\.?|"
        r"zugriff verweigert\W*|sie haben keine berechtigung[^.\n]*\.?|accès refusé\W*|"
        r"vous n'?avez pas (?:l'autorisation|la permission)[^.\n]*\.?|acceso denegado\W*|"
        r"no tienes permiso para acceder[^.\n]*\.?|403 verboten|403 interdit|"
        r"access (?:to this (?:page|resource|site|website) )?(?:has been |is )?denied[^.\n]*\.?|"
        r"(?:sorry, )?you have been blocked\W*|you are unable to access[^.\n]*|why have i been blocked\??|"
        r"this website is using a security service[^.\n]*\.?|what can i do to resolve this\??|"
        r"the action you just performed triggered the security solution\.?|you can email the site owner[^.\n]*\.?|"
        r"(?:cloudflare )?ray id:? ?\w*|block (?:id|reason|details):?|website firewall|"
        r"your ip(?: address)?:? ?[\d.:a-f]*|"
        r"if you (?:are|think) (?:the site owner|this block is an error)[^.\n]*\.?|401 unauthorized|unauthorized\W*|"
        r"your request has been blocked[^.\n]*\.?|(?:this (?:content|video|page) is )?not available in your "
        r"(?:region|country)[^.\n]*\.?|unavailable (?:due to|for) legal reasons\W*|access cannot be granted[^.\n]*\.?|"
        r"(?:we recognize )?you are attempting to access this website from[^.\n]*\.?"
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
        r"servicio no disponible\W*|"
        r"(?:sorry,? |oops!? )?(?:we|i) (?:couldn'?t|could not|can'?t|cannot) find (?:that|the|this|what)"
        r" (?:page|article|story|content|you)[^.\n]*\.?|"
        r"(?:the|this|that) (?:page|article|story|content|video|link|url|item)(?: you(?:'re| are| were) "
        r"(?:looking for|trying to reach|requesting))? "
        # Each ending written out whole: the pattern screen keys on these (not on "page", "url").
        r"(?:is no longer available|is not available|is currently unavailable|is temporarily unavailable|is unavailable"
        r"|has been moved|has been removed|has been deleted|has been archived|has moved|has expired"
        r"|may have been moved|may have been removed|may have been deleted|could not be found|couldn't be found"
        r"|couldnt be found|cannot be found|can not be found|can't be found|cant be found|was not found"
        r"|does not exist|doesn't exist|doesnt exist)[^.\n]*\.?|(?:is )?(?:currently|"
        r"temporarily) unavailable[^.\n]*\.?|"
        r"nothing (?:was )?found (?:at|on) this (?:location|page|address)[^.\n]*\.?|maybe try [^.\n?]{0,40}search\??|"
        r"the link you (?:followed|clicked) (?:may be|is) (?:broken|outdated)[^.\n]*\.?|"
        r"(?:the page )?may have been (?:moved|removed|deleted)[^.\n]*\.?|"
        r"(?:try searching|search) for what you (?:were|are) looking for[^.\n]*\.?|"
        r"(?:head|go) back to (?:our|the) home ?page[^.\n]*\.?|(?:please )?visit our home ?page[^.\n]*\.?|"
        r"backend fetch failed|guru meditation:?|xid:? ?\d+|varnish cache server|error (?:40\d|50\d)\W*|"
        r"diese seite gibt es (?:leider )?nicht[^.\n]*|hoppla\W*|"
        r"die (?:von ihnen )?(?:aufgerufene|angeforderte|gesuchte) seite (?:konnte (?:leider )?nicht gefunden werden"
        r"|wurde nicht gefunden|existiert nicht|gibt es nicht)[^.\n]*\.?|(?:möglicherweise|"
        r"vielleicht) wurde sie[^.\n]*\.?|"
        r"oups\W*|nous ne (?:trouvons|parvenons pas à trouver) (?:pas )?(?:la|cette) page[^.\n]*|"
        r"cette page n'existe (?:pas|plus)[^.\n]*|(?:retour|revenir) à la page d'accueil\W*|"
        r"¡?vaya!?\W*|lo sentimos\W*|no (?:encontramos|hemos encontrado|pudimos encontrar) la página[^.\n]*|"
        r"es posible que la (?:dirección|página)[^.\n]*\.?|(?:ir|volver) a la portada\W*|"
        r"this site can['’]?t be reached\W*|[\w.-]+ took too long to respond\.?|err_[a-z_]+|"
        r"checking the (?:connection|proxy and the firewall)|server error in '/' application\.?|"
        r"the resource (?:you are looking for[^.\n]*|cannot be found\.?)|"
        r"http (?:status|error) (?!403)\d{3}\W*[\w ]{0,30}|"
        r"the origin server did not find[^.\n]*\.?|error establishing a database connection|application error\W*|"
        r"an error occurred in the application[^.\n]*\.?|(?:is|are) no longer (?:available|online)[^.\n]*\.?|"
        r"(?:has|have) been archived[^.\n]*\.?|no longer exists?\W*"
    ),
    "rate limit": (
        r"429 too many requests|too many requests\W*|rate limit(?:ed| exceeded)?\W*|"
        r"you have sent too many requests[^.\n]*\.?|you(?:'ve| have) been rate limited[^.\n]*\.?|"
        r"zu viele anfragen\W*|trop de requêtes\W*|demasiadas solicitudes\W*|"
        r"you are being rate limited\W*|(?:you have )?exceeded the rate limit[^.\n]*\.?|"
        r"please wait (?:a (?:few )?(?:minutes?|moments?|seconds?)"
        r"|\d+ \w+)[^.\n]*\.?|slow down\W*"
    ),
    "JavaScript required": (
        r"you need to enable javascript to run this app\.?|(?:please )?enable javascript[^.\n]{0,60}\.?|"
        r"javascript is (?:disabled|required)[^.\n]{0,60}\.?|this (?:site|page|website) requires javascript[^.\n]*\.?|"
        r"your browser does not support javascript[^.\n]*\.?|"
        r"bitte aktivieren sie javascript[^.\n]*\.?|javascript (?:ist deaktiviert|wird benötigt)[^.\n]*\.?|"
        r"veuillez activer javascript[^.\n]*\.?|activa(?:r)? javascript[^.\n]*\.?|"
        r"javascript est désactivé[^.\n]*\.?|javascript está desactivado[^.\n]*\.?|"
        r"(?:javascript|js) (?:is|seems to be) (?:disabled|turned off|blocked)[^.\n]*\.?|"
        r"please (?:turn on|enable) javascript[^.\n]*|we are having trouble retrieving the (?:article )?content\.?|"
        r"(?:please )?make sure (?:that )?javascript (?:and cookies )?(?:is|are) enabled[^.\n]*\.?|"
        r"(?:your|this) browser (?:does not|doesn'?t) support (?:javascript|cookies)[^.\n]*\.?"
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
        r"valoramos tu privacidad\W*|nosotros y nuestros (?:\d+ )?socios[^.\n]*\.?|"
        r"(?:with your (?:consent|agreement),? )?(?:we|our partners) and (?:our|selected|\d+) "
        r"(?:partners|vendors|third parties)[^.\n]*\.?|"
        r"(?:manage )?(?:privacy|cookie) (?:settings|preferences|choices)\W*|"
        r"privacy (?:&|and) cookie settings|privacy dashboard|legitimate interest[^.\n]*|"
        r"iab transparency (?:&|and) consent framework|precise geolocation data[^.\n]*|"
        r"accept (?:&|and) (?:close|continue)\W*|"
        r"(?:continue|proceed) without accepting\W*|we use cookies[^.\n]*\.?|"
        r"(?:le respect de )?votre vie privée(?: est notre priorité)?\W*|"
        r"(?:avec votre accord, )?nos partenaires et nous[^.\n]*\.?|accepter (?:&|et) fermer\W*|"
        r"continuer sans accepter\W*|"
        r"en savoir plus\W*|paramètres de (?:confidentialité|cookies)\W*|politique de confidentialité|"
        r"intérêt légitime[^.\n]*|"
        r"stocker et/ou accéder à des informations[^.\n]*|zustimmen und weiter\W*|einwilligung[^.\n]{0,60}|"
        r"datenschutzeinstellungen\W*|berechtigte[sn]? interesse[^.\n]*|akzeptieren und (?:schließen|weiter)\W*|"
        r"informationen auf einem gerät speichern und/oder abrufen[^.\n]*|aceptar y (?:cerrar|continuar)\W*|"
        r"continuar sin aceptar\W*|(?:con tu consentimiento, )?(?:nosotros y )?nuestros socios[^.\n]*\.?|"
        r"interés legítimo[^.\n]*|almacenar (?:la )?información en un dispositivo[^.\n]*|política de privacidad|"
        r"configuración de (?:privacidad|cookies)"
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
        r"has alcanzado el límite de artículos gratuitos[^.\n]*\.?|réservé aux abonnés\W*|nur für abonnenten\W*|"
        r"(?:continue|keep) reading (?:your|this|the) (?:article|story)[^.\n]*\.?|"
        r"(?:view|see) (?:membership|subscription) (?:options|plans)\W*|"
        r"(?:thank you for your patience )?while we verify access\.?|"
        r"log ?in(?:to)? (?:to )?your [\w ]{0,25}account[^.\n]*\.?|want all of [\w ]{0,30}\? ?subscribe\.?|"
        r"subscribe for (?:all of|unlimited)[^.\n]*\.?|already a (?:subscriber|member)\?(?: (?:sign|log) in\.?)?|"
        r"become a (?:member|subscriber)[^.\n]*|to read the full (?:story|article)[^.\n]*|"
        r"this (?:article|story|content) is (?:only )?(?:available|reserved) (?:to|for) (?:subscribers|members)[^.\n]*|"
        r"sign in\W*|log in\W*|subscribe\W*|"
        r"member-only story|create (?:a new |an )?account to read[^.\n]*\.?|read the full story\.?|"
        r"the author made this story available to [\w ]+ members only\.?|continue in (?:app|mobile web)\W*|"
        r"sign up with (?:google|facebook|apple|email)\W*|already have an account\?(?: (?:sign|log) in\.?)?|"
        r"il vous reste [\d.,]+ ?% de cet article à lire\.?|la suite est réservée aux abonnés\.?|"
        r"se connecter\W*|s'abonner\W*|"
        r"(?:diesen )?artikel weiterlesen mit [\w+]+|sie haben bereits ein [\w-]*abo(?:nnement)?\??|hier anmelden\W*|"
        r"jetzt (?:für [^\n]{0,10} )?testen\W*|jederzeit kündbar\W*|"
        r"(?:please )?log in or subscribe[^.\n]*\.?|subscribe today[^.\n]*\.?|unlimited access[^.\n]*\.?"
    ),
}
# Matches start where a word starts: three times cheaper than trying every phrase at every character.
_PATTERNS = {kind: re.compile(rf"(?<!\w)(?:{pattern})", re.IGNORECASE) for kind, pattern in _KINDS.items()}
# A kind's pattern runs only on a text holding one of the phrases every match needs (exact, and
# a hundredfold cheaper on the texts most files are: re tries each alternative at each position).
_SCREENS = {
    kind: None if found is None else Screen(found)
    for kind, found in ((kind, needles(pattern)) for kind, pattern in _PATTERNS.items())
}
_KIND_WEIGHT = {"JavaScript required": 0.5, "rate limit": 2.0}
# The words of each kind's trade, in the four languages, for templates no phrase above knows.
_TRADE: dict[str, str] = {
    "bot check": "robot robots bot bots captcha human humans verify verifying verification verified browser automated "
    "automation unusual activity traffic security check checking redirect redirected redirecting moment wait ray "
    "mensch roboter humain humano navigateur navegador sicherheit sécurité seguridad",
    "access denied": "access denied forbidden permission blocked block unauthorized authorized firewall ip owner "
    "restricted region country verweigert zugriff refusé accès denegado acceso gesperrt bloqué bloquée bloqueado",
    "error page": "error errors found exist exists unavailable removed moved deleted expired server application "
    "database connection resource url link broken homepage oops sorry requested respond reached status gefunden "
    "fehler startseite introuvable erreur accueil encontrada página portada existe hoppla vaya maintenance",
    "rate limit": "requests rate limit limited exceeded anfragen requêtes solicitudes",
    "JavaScript required": "javascript js enable enabled disabled app activer aktivieren activa",
    "consent wall": "cookies cookie consent partners privacy personal data personalised personalized personalise "
    "personalize advertising ads accept reject agree disagree settings preferences purposes device geolocation "
    "legitimate einwilligung zustimmung datenschutz akzeptieren zustimmen consentement partenaires accepter refuser "
    "confidentialité socios aceptar rechazar privacidad consentimiento",
    "paywall": "subscribe subscriber subscribers subscription member members membership sign log login account "
    "register registered unlimited trial abonnent abonnement abonnieren weiterlesen anmelden abonné abonnés abonner "
    "connecter suscriptor suscribirse suscríbete suscripción",
}
_TRADE_WORDS: dict[str, tuple[str, ...]] = {}
for _kind, _words in _TRADE.items():
    for _word in _words.split():
        _TRADE_WORDS[_word] = (*_TRADE_WORDS.get(_word, ()), _kind)
# How a template speaks to its reader: second person, apology, request, "try again later".
_VOICE_WORDS = frozenset(
    "you your you're you've you'll yours we we're we've we'll our us please sorry click tap try refresh reload "
    "continue here below again later shortly soon sie ihre ihr bitte erneut später leider vous votre veuillez "
    "merci réessayer désolé tu usted por favor inténtalo más tarde lo sentimos".split()
)
# A notice is this short, this much trade and voice, with this many different such words.
_MIN_NOTICE_WORDS = 8
_MAX_NOTICE_WORDS = 80
_MIN_NOTICE_SHARE = 0.25
_MIN_NOTICE_DISTINCT = 5
# Titles these pages carry, matched against the whole headline (a site name may follow).
_TITLE = re.compile(
    r"(?:just a moment|attention required|access denied|403 forbidden|forbidden|404(?: not found)?|not found|"
    r"page not found|error(?: 40[34]| 50[0234])?|(?:50[0234]|429) [\w ]+|too many requests|bad gateway|"
    r"service (?:temporarily )?unavailable|are you a robot|before you continue(?: to [\w.]+)?|"
    r"we value your privacy|you need to enable javascript|subscribe to continue reading|"
    r"seite nicht gefunden|zugriff verweigert|einen moment|page introuvable|accès refusé|un instant|"
    r"página no encontrada|acceso denegado|un momento|erreur 404|fehler 404|error 404|robot check|blocked|"
    r"(?:application|database|server) error|verifying your browser|please wait|page unavailable|video unavailable|"
    r"this site can['’]?t be reached|access to this page has been denied|"
    r"(?:http (?:status|error) )?[45]\d\d\W{0,3}(?:not found|forbidden|unauthorized|bad request|gone|too many requests|"
    r"internal server error|bad gateway|service (?:temporarily )?unavailable|gateway time-?out|backend fetch failed|"
    r"unavailable (?:due to|for) legal reasons))"
    r"(?:\W{0,4}|\s+[|–—·-]\s+[^.!?|]{0,60})",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")
# A page of this many words or fewer is all template when template words are a share of it.
_MAX_PAGE_WORDS = 400
_MIN_TEMPLATE_SHARE = 0.3
# Title alone: a body this short after a template title is the template page.
_MAX_TITLED_WORDS = 120
# ... or a longer body (at most 400 words) when this share of it is template too.
_MIN_TITLED_SHARE = 0.1
# On a saved page, an article of fewer words than this is judged with the page around it.
_MIN_ARTICLE_WORDS = 8
# Scanning the text of a huge page costs time; a blocked page is small.
_MAX_SCAN_CHARS = 6_000
# Challenge pages carry large inline scripts before their few words of text.
_MAX_HTML_CHARS = 100_000
# HTML: the visible text of a page, without tags, scripts and styles.
# (A <noscript> is kept: "You need to enable JavaScript" there is what a JavaScript shell shows.)
_INVISIBLE = re.compile(r"<(script|style|template|svg)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
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
        return _notice_kind(title, text, len(tokens))  # the common case: no template phrase
    total = len(_WORD.findall(text))
    share = sum(covered.values()) / max(1, total + len(_WORD.findall(title)))
    if titled:
        # A template title over a short body, or over a body that is itself partly template.
        if total <= _MAX_TITLED_WORDS or share >= _MIN_TITLED_SHARE:
            kinds = covered or _template_words(title) or {"error page": 1}
            return _main_kind(kinds)
    if not covered:
        return _notice_kind(title, text, len(tokens))
    kind = _main_kind(covered)
    words = covered[kind]
    if share >= _MIN_TEMPLATE_SHARE and words >= 3:
        return kind
    return _notice_kind(title, text, len(tokens))


def _main_kind(words: dict[str, int]) -> str:
    """The kind most of the template's words belong to.

    Every kind of template asks for JavaScript and cookies, so those words count half; a
    rate limit is worded like the access-denied page it is shown on, so its words count double.
    """
    return max(words.items(), key=lambda kv: kv[1] * _KIND_WEIGHT.get(kv[0], 1.0))[0]


def _notice_kind(title: str, text: str, text_words: int) -> str | None:
    """The kind of a short text written to the reader rather than about the world.

    Templates are worded in many ways no phrase list knows; what they share is their voice
    ("Sorry, we ...", "Please ... your browser") and a few words of their trade (error,
    cookies, subscribe, robot). A news brief of the same length speaks of someone else.
    """
    if text_words > _MAX_NOTICE_WORDS:
        return None  # most texts: longer than any notice (counted by white space; cheaper than words)
    words = [word.lower() for word in _WORD.findall(f"{title}\n{text}")]
    if not _MIN_NOTICE_WORDS <= len(words) <= _MAX_NOTICE_WORDS:
        return None
    cues = [word for word in words if word in _TRADE_WORDS]
    voiced = [word for word in words if word in _VOICE_WORDS]
    if not cues or len(set(cues + voiced)) < _MIN_NOTICE_DISTINCT:
        return None
    if (len(cues) + len(voiced)) / len(words) < _MIN_NOTICE_SHARE:
        return None
    votes: dict[str, int] = {}
    for word in cues:
        for kind in _TRADE_WORDS[word]:
            votes[kind] = votes.get(kind, 0) + 1
    return _main_kind(votes)


def _page_title(html: str) -> str:
    match = _HTML_TITLE.search(html, 0, _MAX_HTML_CHARS)
    return " ".join(_TAG.sub(" ", match.group(1)).split()) if match else ""


def _page_text(html: str) -> tuple[str, str] | None:
    """The <title> and the visible text of a saved page, cheaply (no parser); None when that
    text is article-length (taking the title off its start takes at most the title's words)."""
    head = html[:_MAX_HTML_CHARS]
    title = _page_title(head)
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
    so a bot check the reader finds almost no article in is still found. A short text (8 to
    80 words) in no known wording is still a template page when it speaks to its reader
    (``Sorry, we ...``, ``Please ... try again later``) in the words of a template's trade
    (error, cookies, subscribe, robot, access): a quarter of its words, five different ones.

    Example: a JSONL record ``{"title": "Just a moment...", "body": "Checking if the site
    connection is secure\\nRay ID: 8a1b2c3d4e5f"}``.

    Options: none.
    """
    articles: list[Article] = list(getattr(source, "articles", []) or [])
    is_page = str(getattr(source, "suffix", "")) in (".html", ".htm", ".xhtml")
    html = str(getattr(source, "text", "")) if is_page else ""
    page_title = _page_title(html) if is_page else ""
    found = False
    words = 0  # of every article, as the units' words (white-space separated) add up
    for article in articles:
        units = [unit.text for unit in article.units()]
        words += sum(text.count(" ") + 1 for text in units)
        text = "\n".join(units)
        kind = verdict(article.title, text)
        if not kind and is_page:
            # The page's own <title> ("Blocked", "Access Denied") over the text the reader found.
            kind = verdict(page_title, text)
        if kind and is_page and _is_scrap(article.title, text):
            # The reader found only a scrap (a cookie bar, a teaser) on a page it could not read
            # well: the page as a whole decides, so a long page with a cookie bar is no wall.
            kind = None
        if kind:
            found = True
            yield Hit(article.line, f"the {_where(source)} is {_MESSAGES[kind]}, not an article", article.index)
    # The reader found more than a scrap, and judging that was enough: reading the page again
    # costs more than the rest of the rules on a saved page (tags, scripts, 100 KB of text).
    if not found and is_page and words <= _MAX_TITLED_WORDS:
        page = _page_text(html)
        kind = verdict(*page) if page else None
        if kind:
            yield Hit(1, f"the page is {_MESSAGES[kind]}, not an article", articles[0].index if articles else None)


def _is_scrap(title: str, text: str) -> bool:
    """A few words under a title that is no template title."""
    return len(_WORD.findall(text)) < _MIN_ARTICLE_WORDS and not _TITLE.fullmatch(title.strip())


def _where(source: object) -> str:
    return "record" if str(getattr(source, "suffix", "")) in (".json", ".jsonl", ".ndjson") else "page"


RULES = [blocked_page]
