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
from pytest_newsqa.readers.html_blocks import BLOCKS, EXCLUDED, HEADINGS, Block, Structure, text_blocks
from pytest_newsqa.readers.html_tree import Page, ParserLimit, normalize_newlines, parse_lxml, parse_soup

__all__ = ["BLOCKS", "EXCLUDED", "HEADINGS", "Block", "Structure", "parse", "read_html", "text_blocks"]

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
    url = page.canonical or page.og_url  # the page's own address, for sources by host
    article = Article(index=0, line=headline.line if headline else 1, headline=headline, url=url)
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
