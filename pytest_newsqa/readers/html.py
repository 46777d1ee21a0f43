"""Saved article pages and fragments: one article per page, with its lines.

A page is parsed by lxml (libxml2, fast) or, when lxml is missing or meets one of its limits, by
BeautifulSoup's ``html.parser`` (the reference); both produce the same small representation
(:mod:`~pytest_newsqa.readers.html_tree`), and everything from there on is shared: text blocks,
the headline, and on a full page the article found among the page's furniture
(:mod:`~pytest_newsqa.readers.html_extract`). Neither parser fetches anything or expands
external entities, so a hostile page cannot reach the network or the file system.
"""

from __future__ import annotations

from pytest_newsqa.model import Article, Hit, ParsedFile, TextUnit
from pytest_newsqa.readers.html_tree import Page, ParserLimit, normalize_newlines, parse_lxml, parse_soup

# Never article text: page chrome and things that are not shown as text.
EXCLUDED = frozenset(
    {
        "nav",
        "header",
        "footer",
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "title",
        "svg",
        "math",
        "iframe",
        "object",
        "select",
        "option",
        "textarea",
    }
)
# Text inside these starts a new unit; inline elements (a, span, em, ...) continue one.
BLOCKS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figure",
        "figcaption",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "button",
        "caption",
        "center",
        "dialog",
        "menu",
    }
)
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

# bs4 keeps ~1 KB per element: a page of a million tags would take a gigabyte. Real article
# pages have a few thousand.
MAX_TAGS = 200_000

# Which parser read_html uses: "lxml" (fast, falls back to bs4 at its limits) or "bs4".
PARSER = "lxml"


def read_html(text: str, parser: str | None = None) -> ParsedFile:
    """One article per page: headline, captions and body text blocks with their lines."""
    tags = text.count("<")
    if tags > MAX_TAGS:
        return ParsedFile([], [Hit(0, f"page has about {tags:,} tags, more than {MAX_TAGS:,}: not parsed")])
    return ParsedFile([build_article(parse(text, parser or PARSER))])


def parse(text: str, parser: str = "lxml") -> Page:
    """The page's representation from lxml, or from BeautifulSoup where lxml cannot read it whole."""
    text = normalize_newlines(text)
    if parser == "lxml":
        try:
            return parse_lxml(text)
        except (ImportError, ParserLimit):
            pass
    return parse_soup(text)


class Structure:
    """What every element is, from the tags alone: its block, the block's kind, exclusion, links."""

    __slots__ = ("block", "excluded", "kind", "link")

    def __init__(self, page: Page) -> None:
        count = len(page.tags)
        self.block = block = [-1] * count
        self.kind = kind = ["p"] * count
        self.excluded = excluded = [False] * count
        self.link = link = [False] * count
        for index, (tag, parent) in enumerate(zip(page.tags, page.parents, strict=True)):
            if parent >= 0:
                block[index], kind[index] = block[parent], kind[parent]
                excluded[index], link[index] = excluded[parent], link[parent]
            if tag in EXCLUDED:
                excluded[index] = True
            elif tag == "a":
                link[index] = True
            if tag in BLOCKS:
                block[index] = index
                if kind[index] != "figcaption":
                    kind[index] = tag if tag in HEADINGS or tag == "figcaption" else "p"


class Block:
    """A run of text inside one block element: the unit the rules see as a paragraph."""

    __slots__ = ("element", "kind", "line", "links", "text")

    def __init__(self, text: str, line: int, kind: str, element: int, links: int) -> None:
        self.text, self.line, self.kind, self.element, self.links = text, line, kind, element, links


def text_blocks(page: Page, structure: Structure, dropped: list[bool] | None = None) -> list[Block]:
    """Text blocks in document order; pieces of excluded (or ``dropped``) elements are skipped."""
    blocks: list[Block] = []
    parts: list[str] = []
    skip = structure.excluded if dropped is None else dropped
    current = -2
    line = 1
    links = 0

    def flush() -> None:
        text = " ".join("".join(parts).split())
        if text and current != -2:
            blocks.append(Block(text, line, structure.kind[current] if current >= 0 else "p", current, links))
        parts.clear()

    for element, piece_line, piece in page.pieces:
        if element >= 0 and skip[element]:
            continue
        if piece.isspace():
            parts.append(" ")
            continue
        block = structure.block[element] if element >= 0 else -1
        if block != current:
            flush()
            current, line, links = block, piece_line, 0
        parts.append(piece)
        if element >= 0 and structure.link[element]:
            links += len(piece.strip())
    flush()
    return blocks


def element_text(page: Page, element: int) -> str:
    """All text inside one element (its descendants'), on one line."""
    inside = _descendants(page, element)
    return " ".join("".join(piece for owner, _, piece in page.pieces if owner in inside).split())


def _descendants(page: Page, root: int) -> set[int]:
    inside = {root}
    for index in range(root + 1, len(page.tags)):
        if page.parents[index] in inside:
            inside.add(index)
        elif page.parents[index] < root:
            break
    return inside


def build_article(page: Page) -> Article:
    """The article of a parsed page; identical whichever parser built ``page``."""
    from pytest_newsqa.readers.html_extract import find_article, prune

    structure = Structure(page)
    found = find_article(page, structure)
    headline_element = _headline_element(page, found.scope)
    headline = _headline(page, headline_element)
    article = Article(index=0, line=headline.line if headline else 1, headline=headline)
    dropped = found.dropped
    if headline_element >= 0:
        for index in _descendants(page, headline_element):
            dropped[index] = True
    blocks = text_blocks(page, structure, dropped)
    for block in prune(blocks) if found.full else blocks:
        unit = TextUnit(block.text, block.line)
        if block.kind == "figcaption":
            article.captions.append(unit)
        elif block.kind in HEADINGS:
            article.headings.append(unit)
        else:
            article.paragraphs.append(unit)
    return article


def _headline_element(page: Page, scope: int) -> int:
    """The first ``<h1>`` inside the article, else the first on the page (-1: none)."""
    tags = page.tags
    if "h1" not in tags:
        return -1
    first = tags.index("h1")
    if scope < 0:
        return first
    inside = [False] * len(tags)
    for index, parent in enumerate(page.parents):
        inside[index] = index == scope or (parent >= 0 and inside[parent])
        if inside[index] and tags[index] == "h1":
            return index
    return first


def _headline(page: Page, h1: int) -> TextUnit | None:
    if h1 >= 0:
        text = element_text(page, h1)
        if text:
            return TextUnit(text, page.lines[h1])
    if page.og_title:
        return TextUnit(" ".join(page.og_title[0].split()), page.og_title[1])
    if "title" in page.tags:
        title = page.tags.index("title")
        text = element_text(page, title)
        if text:
            return TextUnit(text, page.lines[title])
    return None
