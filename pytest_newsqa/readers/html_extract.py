"""The article inside a full saved page, found on the shared page representation.

A fragment (a body's HTML without page furniture around it) stays all-article: its first
``<article>``, else its ``<main>``, else its ``<body>``. A full page (with text outside its main
content) is cut down to the element that holds the article's prose: the content element a CMS
marks (``itemprop=articleBody``, ``entry-content``, ``article-body``, ...), the element holding
the text of the JSON-LD ``articleBody``, or the element with the most prose and the least link
text, with the lede a CMS prints beside it. Inside it, blocks a page template marks as furniture
(related links, share bars, comments, newsletter and cookie boxes, author boxes, captions and
credits, ...), link lists and lines that are page furniture are dropped.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from pytest_newsqa.markers import is_marker
from pytest_newsqa.readers.html_blocks import text_blocks
from pytest_newsqa.readers.html_tree import Page

# Class, id, itemprop or role words of the element that holds an article's text.
CONTENT_LABEL = re.compile(
    r"articlebody|article[-_]?(?:body|content|text|main|inner|page)|entry[-_]?(?:content|body|text)"
    r"|post[-_]?(?:content|body|text|entry|article)|story[-_]?(?:body|content|text)|content[-_]?(?:body|article)"
    r"|(?:^|\s)(?:main[-_]?content|body[-_]?text|news[-_]?(?:text|body|content)|text[-_]?(?:body|content))"
    r"|field[-_]?(?:name[-_])?body|node[-_]?content|blog[-_]?(?:post|entry)[-_]?(?:content|body)?|rich[-_]?text"
    r"|(?:^|\s)(?:article|story|entry|post)(?:\s|$)"
)
# Class or id words of an article's lede, which CMSs keep apart from the body element ("teaser-text",
# "article-intro", "entry-summary", "texto-bajada"): it joins the body, even where a furniture word
# ("teaser") names it.
LEDE_LABEL = re.compile(
    r"(?:^|[-_\s])(?:intro|introduction|lead|lede|leadtext|summary|excerpt|standfirst|teaser-text|bajada|abstract"
    r"|chapeau|chapo|sapo)(?:[-_\s]|$)"
)
# Class or id tokens of the page template's furniture: what is never article text on a full page.
# A token matches when it is one of these words or starts or ends with one ("related-posts",
# "c-comments"), unless it also names a wrapper ("content-sidebar-wrap", "has-sidebar").
FURNITURE_WORDS = (
    "comment|comments|commentlist|disqus|respond|replies|related|recommended|recommendations|morestories"
    "|share|sharing|shares|sharebar|social|socials|sociable|addthis|sharethis|shariff|followus"
    "|newsletter|subscribe|subscription|signup|cookie|cookies|consent|gdpr|paywall"
    "|sidebar|widget|widgets|breadcrumb|breadcrumbs|pagination|pager|nav|navbar|navigation|menu|footer|masthead"
    "|promo|teaser|teasers|sponsored|outbrain|taboola|advert|advertisement|ads|adslot|banner"
    "|tags|taglist|tagcloud|categories|authorbio|authorbox|byline|postmeta|entrymeta|meta|metadata"
    "|popup|modal|overlay|sronly|screenreader|visuallyhidden|toolbar|rating"
    "|author|authors|disclosure|disclaimer|caption|captions|credit|credits|copyright|toc|likes|sharedaddy"
    "|news-letter|relatedlinks|placeholder|cookiebanner|cookienotice|cookieconsent|cmplz"
)
# Words that mark furniture even inside a longer token ("rp4wp-related-posts", "ez-toc-container",
# "media__caption--source"): none of them names a wrapper around an article.
STRONG_WORDS = "related|share|sharing|social|newsletter|comments?|promo|advert|toc|author|caption|credit|disclosure"
_HEAD = re.compile(rf"^(?:{FURNITURE_WORDS})(?:[-_]|$)")
_TAIL = re.compile(rf"[-_](?:{FURNITURE_WORDS})$")
_MIDDLE = re.compile(rf"[-_](?:{STRONG_WORDS})[-_]")
_WRAPPER = re.compile(
    r"(?:^|[-_])(?:has|no|with|without|content|main|wrap|wrapper|container|layout|page|site)(?:[-_]|$)"
)


@lru_cache(maxsize=4096)
def is_furniture_label(label: str) -> bool:
    """A token headed by a furniture word ("related-posts") or ending in one ("post-share")
    unless it names a wrapper around the article too ("content-sidebar-wrap", "has-sidebar")."""
    for token in label.split():
        if _HEAD.search(token) or ((_TAIL.search(token) or _MIDDLE.search(token)) and not _WRAPPER.search(token)):
            return True
    return False


# Tags whose whole subtree is furniture on a full page.
FURNITURE_TAGS = frozenset({"aside", "form", "button", "dialog", "menu", "fieldset"})
# On a full page an image's caption and credit are the page's, not the article's prose (the
# labelled real pages count them as boilerplate); a fragment keeps its captions.
FIGURE_TAGS = frozenset({"figcaption"})
PAGE_CHROME = frozenset({"nav", "header", "footer"})

MIN_PROSE = 60
SHARE = 0.9
MAX_DEPTH = 400  # libxml2 stops at 256


@dataclass
class Found:
    """The article's scope element (-1: the whole page) and the elements left out of it."""

    scope: int
    dropped: list[bool]
    full: bool = False


def find_article(page: Page, structure) -> Found:  # type: ignore[no-untyped-def]
    blocks = text_blocks(page, structure)
    fragment_scope = _fragment_scope(page)
    depth = _depths(page)
    # Scoring walks each block's ancestors: a page nested deeper than any real one (only the
    # fallback parser takes those) is read as a fragment, so that the walk stays linear.
    if max(depth, default=0) > MAX_DEPTH or not _is_full_page(page, blocks, fragment_scope):
        return Found(fragment_scope, _outside(page, structure.excluded, [fragment_scope]))
    prose, _ = _tally(page, blocks)
    removed = _furniture(page, structure.excluded, prose)
    blocks = [block for block in blocks if block.element < 0 or not removed[block.element]]
    roots = _choose_scope(page, blocks, removed, depth)
    return Found(roots[0] if roots else -1, _outside(page, removed, roots), full=True)


def is_link_list(block) -> bool:  # type: ignore[no-untyped-def]
    """A block that is mostly link text: a related story, a tag list, a menu inside the article."""
    return bool(block.links >= 0.5 * len(block.text))


def _is_label(block) -> bool:  # type: ignore[no-untyped-def]
    """A short line that is not a sentence: "Related stories", "Mehr zum Thema", "Kontakt:"."""
    text = block.text
    return len(text) < 60 and text[-1] not in ".!?…\"”»“'"


_NUMBER = re.compile(r"[\d\s.,%+\-−–]+")


def prune(blocks: list) -> list:  # type: ignore[type-arg]
    """Blocks of a full page's article without link lists and the labels that head them or trail it."""
    # Page furniture the rules would call stray markers ("Getty Images", "Share", a date line) is
    # the page template's on a full page, not a defect of the scrape. A lone number stays: in a
    # table it is data, not a share counter.
    keep = [
        not is_link_list(block) and (_NUMBER.fullmatch(block.text) is not None or not is_marker(block.text))
        for block in blocks
    ]
    for index in range(1, len(blocks)):
        if not keep[index] and keep[index - 1] and _is_label(blocks[index - 1]):
            keep[index - 1] = False
    last = max((i for i, block in enumerate(blocks) if keep[i] and len(block.text) >= MIN_PROSE), default=-1)
    for index in range(last + 1, len(blocks)):
        if _is_label(blocks[index]):
            keep[index] = False
    return [block for block, kept in zip(blocks, keep, strict=True) if kept]


def _fragment_scope(page: Page) -> int:
    """A fragment's article: its first ``<article>``, else its ``<main>``, else the whole page
    (head, script and the like never count; libxml2 puts stray text outside ``<body>`` inside it,
    so the page is the body)."""
    tags = page.tags
    for tag in ("article", "main"):
        if tag in tags:
            return tags.index(tag)
    return -1


def _is_full_page(page: Page, blocks: list, scope: int) -> bool:  # type: ignore[type-arg]
    """A full page has text outside its first article or main element, or page furniture."""
    tags = page.tags
    if len(tags) < 60:
        return False
    inside = _inside(page, scope) if scope >= 0 else [True] * len(tags)
    total = sum(len(b.text) for b in blocks)
    outside = sum(len(b.text) for b in blocks if b.element < 0 or not inside[b.element])
    if outside > 200 and outside > 0.1 * total:
        return True
    labels = page.labels
    return any(
        tags[i] in FURNITURE_TAGS or tags[i] in PAGE_CHROME or (labels[i] and is_furniture_label(labels[i]))
        for i in range(len(tags))
    )


def _inside(page: Page, scope: int) -> list[bool]:
    inside = [False] * len(page.tags)
    for index, parent in enumerate(page.parents):
        inside[index] = index == scope or (parent >= 0 and inside[parent])
    return inside


def _outside(page: Page, excluded: list[bool], roots: list[int]) -> list[bool]:
    if not roots or roots[0] < 0:
        return list(excluded)
    inside = [False] * len(page.tags)
    chosen = set(roots)
    for index, parent in enumerate(page.parents):
        inside[index] = index in chosen or (parent >= 0 and inside[parent])
    return [skip or not within for skip, within in zip(excluded, inside, strict=True)]


def _tally(page: Page, blocks: list) -> tuple[list[int], list[float]]:  # type: ignore[type-arg]
    """Per element: characters of prose inside it, and its score (prose minus other text)."""
    parents = page.parents
    prose = [0] * len(parents)
    score = [0.0] * len(parents)
    for block in blocks:
        length = len(block.text)
        own = length - block.links
        is_prose = own >= MIN_PROSE and block.links < 0.3 * length
        value = own if is_prose else -0.2 * own - 1.0 * block.links
        element = block.element
        while element >= 0:
            score[element] += value
            if is_prose:
                prose[element] += own
            element = parents[element]
    return prose, score


def _furniture(page: Page, excluded: list[bool], prose: list[int]) -> list[bool]:
    """Elements the template marks as furniture, unless one holds most of the page's prose
    (then the mark names a wrapper around the article: "layout-sidebar", "page-with-comments")."""
    removed = list(excluded)
    most = max(prose, default=0)
    tags, labels = page.tags, page.labels
    for index, parent in enumerate(page.parents):
        if parent >= 0 and removed[parent]:
            removed[index] = True
            continue
        label = labels[index]
        if tags[index] in ("body", "html", "article", "main"):
            continue
        if prose[index] > 0.5 * most and not (label and _is_consent_label(label)):
            continue
        if (
            tags[index] in FURNITURE_TAGS
            or tags[index] in FIGURE_TAGS
            or (label and is_furniture_label(label) and not _is_content_label(label) and not _is_lede(label))
        ):
            removed[index] = True
    return removed


# A cookie or consent box is never a wrapper around the article, however much text it holds.
_CONSENT = re.compile(r"(?:^|[\s_-])(?:cookie\w*|consent|gdpr|cmplz)(?:[\s_-]|$)")


@lru_cache(maxsize=4096)
def _is_consent_label(label: str) -> bool:
    return _CONSENT.search(label) is not None and not _is_content_label(label)


@lru_cache(maxsize=4096)
def _is_lede(label: str) -> bool:
    return LEDE_LABEL.search(label) is not None


@lru_cache(maxsize=4096)
def _is_content_label(label: str) -> bool:
    return CONTENT_LABEL.search(label) is not None


def _choose_scope(page: Page, blocks: list, removed: list[bool], depth: list[int]) -> list[int]:  # type: ignore[type-arg]
    """The element with the most prose for the least other text; a marked content element wins
    when it holds nearly all of that prose; prose siblings of the choice join it."""
    parents = page.parents
    count = len(parents)
    prose, score = _tally(page, blocks)
    if not count:
        return []
    best = max(range(count), key=score.__getitem__)
    if score[best] <= 0:
        return []
    # Stray prose elsewhere (a footer note, a teaser) must not lift the choice to <body>: the
    # deepest element with nearly the same prose and score wins.
    close = [
        index for index in range(count) if prose[index] >= SHARE * prose[best] and score[index] >= SHARE * score[best]
    ]
    best = max(close, key=depth.__getitem__)
    target = _jsonld_element(page, blocks, depth)
    if target >= 0 and prose[target] >= 0.5 * prose[best]:
        best = target
    else:
        marked = [
            index
            for index in range(count)
            if not removed[index]
            and (page.tags[index] == "article" or (page.labels[index] and _is_content_label(page.labels[index])))
            and prose[index] >= 0.85 * prose[best]
        ]
        if marked:
            best = max(marked, key=depth.__getitem__)
    parent = parents[best]
    if parent < 0:
        return [best]
    # Siblings with prose and more prose than other text: a lead or a body split by an ad box.
    siblings = [
        index
        for index in range(count)
        if parents[index] == parent
        and index != best
        and not removed[index]
        and prose[index] >= MIN_PROSE
        and score[index] > 0.5 * prose[index]
    ]
    return [best, *siblings, *_ledes(page, best, removed, prose)]


LEDE_REACH = 4  # how far above the body element the lede's and the body's common ancestor may be


def _ledes(page: Page, best: int, removed: list[bool], prose: list[int]) -> list[int]:
    """Lede elements before the chosen body, close to it in the tree: the article's intro the CMS
    prints in its header, outside the body element."""
    parents, labels = page.parents, page.labels
    above: set[int] = set()
    element = parents[best]
    for _ in range(LEDE_REACH):
        if element < 0:
            break
        above.add(element)
        element = parents[element]
    found: list[int] = []
    for index in range(best):
        label = labels[index]
        if not label or removed[index] or prose[index] < MIN_PROSE or not _is_lede(label):
            continue
        if found and _within(page, index, found[-1]):
            continue  # inside a lede already taken
        element = parents[index]
        for _ in range(LEDE_REACH + 2):
            if element < 0 or element in above:
                break
            element = parents[element]
        if element >= 0 and element in above:
            found.append(index)
    return found


def _within(page: Page, index: int, root: int) -> bool:
    element = page.parents[index]
    while element > root:
        element = page.parents[element]
    return element == root


def _depths(page: Page) -> list[int]:
    depth = [0] * len(page.parents)
    for index, parent in enumerate(page.parents):
        depth[index] = depth[parent] + 1 if parent >= 0 else 1
    return depth


def _jsonld_element(page: Page, blocks: list, depth: list[int]) -> int:  # type: ignore[type-arg]
    """The smallest element holding most blocks whose text is in the JSON-LD ``articleBody``."""
    parents = page.parents
    body = _jsonld_body(page)
    if len(body) < 200:
        return -1
    hits: dict[int, int] = {}
    total = 0
    for block in blocks:
        if block.element >= 0 and len(block.text) >= 40 and " ".join(block.text.split())[:80] in body:
            total += len(block.text)
            element = block.element
            while element >= 0:
                hits[element] = hits.get(element, 0) + len(block.text)
                element = parents[element]
    if not total:
        return -1
    holding = [element for element, size in hits.items() if size >= 0.8 * total]
    return max(holding, key=depth.__getitem__) if holding else -1


def _jsonld_body(page: Page) -> str:
    bodies = []
    for raw in page.jsonld:
        if "articleBody" not in raw:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        bodies.extend(_find_key(data, "articleBody"))
    return " ".join(" ".join(bodies).split())


def _find_key(data: object, key: str, depth: int = 0) -> list[str]:
    if depth > 20:
        return []
    if isinstance(data, dict):
        found = [data[key]] if isinstance(data.get(key), str) else []
        for value in data.values():
            found.extend(_find_key(value, key, depth + 1))
        return found
    if isinstance(data, list):
        return [text for item in data for text in _find_key(item, key, depth + 1)]
    return []
