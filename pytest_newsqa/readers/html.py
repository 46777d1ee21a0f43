"""Saved article pages and fragments, parsed with BeautifulSoup's built-in ``html.parser``.

``html.parser`` never fetches anything and never expands external entities, so a hostile
page cannot reach the network or the file system through the parser.
"""

from __future__ import annotations

import warnings

from bs4 import BeautifulSoup, Comment, Declaration, Doctype, MarkupResemblesLocatorWarning, NavigableString, Tag
from bs4.element import CData, ProcessingInstruction

from pytest_newsqa.model import Article, Hit, ParsedFile, TextUnit

# Never article text: page chrome and things that are not shown as text.
_EXCLUDED = frozenset(
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
    }
)
# Text inside these starts a new unit; inline elements (a, span, em, ...) continue one.
_BLOCKS = frozenset(
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
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_NOT_TEXT = (Comment, Declaration, Doctype, CData, ProcessingInstruction)


# bs4 keeps ~1 KB per element: a page of a million tags would take a gigabyte. Real article
# pages have a few thousand.
MAX_TAGS = 200_000


def read_html(text: str) -> ParsedFile:
    """One article per page: headline, captions and body text blocks with their lines."""
    tags = text.count("<")
    if tags > MAX_TAGS:
        return ParsedFile([], [Hit(0, f"page has about {tags:,} tags, more than {MAX_TAGS:,}: not parsed")])
    if "<" in text:
        soup = BeautifulSoup(text, "html.parser")
    else:
        with warnings.catch_warnings():
            # A page that is a single word "looks like a filename" to bs4: it is still a page.
            warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
            soup = BeautifulSoup(text, "html.parser")
    scope = soup.find("article") or soup.find("main") or soup.find("body") or soup
    headline_tag = _find_headline_tag(soup, scope)
    article = Article(index=0, line=1, headline=_headline(soup, headline_tag), url=_canonical_url(soup))
    if article.headline:
        article.line = article.headline.line
    for unit, kind in _text_blocks(scope, headline_tag):
        if kind == "figcaption":
            article.captions.append(unit)
        elif kind in _HEADINGS:
            article.headings.append(unit)
        else:
            article.paragraphs.append(unit)
    return ParsedFile([article])


def _find_headline_tag(soup: BeautifulSoup, scope: Tag) -> Tag | None:
    found = scope.find("h1") if scope is not soup else None
    return found or soup.find("h1")  # type: ignore[return-value]


def _headline(soup: BeautifulSoup, h1: Tag | None) -> TextUnit | None:
    if h1 is not None and h1.get_text(strip=True):
        return TextUnit(_clean(h1.get_text(" ")), h1.sourceline or 1)
    og = soup.find("meta", attrs={"property": "og:title"})
    if isinstance(og, Tag) and str(og.get("content") or "").strip():
        return TextUnit(_clean(str(og["content"])), og.sourceline or 1)
    title = soup.find("title")
    if isinstance(title, Tag) and title.get_text(strip=True):
        return TextUnit(_clean(title.get_text(" ")), title.sourceline or 1)
    return None


def _canonical_url(soup: BeautifulSoup) -> str:
    """The page's own address: ``<link rel="canonical">``, else ``og:url`` (never fetched)."""
    for link in soup.find_all("link", href=True):
        if "canonical" in (link.get("rel") or []):
            return str(link["href"]).strip()
    og = soup.find("meta", attrs={"property": "og:url"})
    return str(og.get("content") or "").strip() if isinstance(og, Tag) else ""


def _clean(text: str) -> str:
    return " ".join(text.split())


def _text_blocks(scope: Tag, headline_tag: Tag | None) -> list[tuple[TextUnit, str]]:
    """Text blocks in document order, each tagged with its kind (figcaption, h2, ..., p).

    Walks ``descendants`` (an iterative traversal) and remembers each tag's block, kind and
    exclusion in a dict filled parent-first, so deep or huge pages stay linear.
    """
    root = _Context(scope, "p", excluded=False)
    contexts: dict[int, _Context] = {id(scope): root}
    blocks: list[tuple[TextUnit, str]] = []
    parts: list[str] = []
    current: _Context | None = None

    def flush() -> None:
        text = _clean("".join(parts))
        if text and current is not None:
            blocks.append((TextUnit(text, current.line), current.kind))
        parts.clear()

    for node in scope.descendants:
        parent = contexts.get(id(node.parent), root)
        if isinstance(node, Tag):
            contexts[id(node)] = parent.child(node, headline_tag)
            if node.name in ("br", "hr"):
                parts.append(" ")
            continue
        if parent.excluded or isinstance(node, _NOT_TEXT) or not isinstance(node, NavigableString):
            continue
        if not node.strip():
            parts.append(" ")
            continue
        if current is None or parent.block is not current.block:
            flush()
            current = _Context(parent.block, parent.kind, False, _line(node))
        parts.append(str(node))
    flush()
    return blocks


class _Context:
    """Where a node sits: its nearest block element, that block's kind, and exclusion."""

    __slots__ = ("block", "excluded", "kind", "line")

    def __init__(self, block: Tag, kind: str, excluded: bool, line: int = 1) -> None:
        self.block, self.kind, self.excluded, self.line = block, kind, excluded, line

    def child(self, node: Tag, headline_tag: Tag | None) -> _Context:
        excluded = self.excluded or node.name in _EXCLUDED or node is headline_tag
        if node.name not in _BLOCKS and node.name != "figcaption":
            return _Context(self.block, self.kind, excluded)
        if self.kind == "figcaption" or node.name == "figcaption":
            kind = "figcaption"
        else:
            kind = node.name if node.name in _HEADINGS else "p"
        return _Context(node, kind, excluded)


def _line(node: NavigableString) -> int:
    """The source line of a text node: its parent's line plus the newlines before it inside."""
    parent = node.parent
    return (parent.sourceline if parent is not None else None) or 1
