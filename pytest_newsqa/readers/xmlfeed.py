"""XML (``.xml``): Scrapy's XML feed export and trafilatura's XML and XML-TEI output.

- Scrapy: ``<items><item><title>…</title><body>…</body></item>…</items>``; each ``<item>`` is
  a record, its child elements are fields mapped like JSON fields (``newsqa_json_*``), a
  list field is ``<value>`` children. Units carry the line where the field's text starts
  (each body paragraph its own line).
- trafilatura XML: ``<doc title="…"><main><head>…</head><p>…</p>…</main><comments>…</doc>``,
  one article per ``<doc>`` (the root, or its children).
- TEI: ``<TEI><teiHeader>…<titleStmt><title>…</title>…</teiHeader><text><body><p>…``.

In both trafilatura shapes ``<p>``, list ``<item>``, ``<quote>``, ``<cell>`` and ``<ab>`` are body
paragraphs, ``<head>`` a heading, ``<figure>`` text a caption; comments are not the article.

Parsed with the standard library's expat, safely: entity declarations are refused (no
"billion laughs"), no external entity or DTD is ever loaded (nothing is fetched), and
elements nested deeper than :data:`MAX_DEPTH` stop the parse. Each refusal is a problem.
"""

from __future__ import annotations

import xml.parsers.expat
from collections.abc import Iterator
from dataclasses import dataclass, field

from pytest_newsqa.model import Article, Hit, ParsedFile, TextUnit
from pytest_newsqa.readers.jsonfeed import add_record
from pytest_newsqa.settings import JsonFields

MAX_DEPTH = 100
_BLOCKS = frozenset({"p", "head", "item", "quote", "cell", "ab", "code", "figure", "list", "table", "row", "div"})
_PARAGRAPHS = frozenset({"p", "item", "quote", "cell", "ab"})
_SKIPPED = frozenset({"comments", "teiHeader", "note", "fw", "graphic", "code"})


class _Refused(Exception):
    """The document does something a safe parser does not do (the message says what)."""


@dataclass(eq=False)
class _Element:
    tag: str
    attrs: dict[str, str]
    line: int
    content: list[_Element | tuple[str, int]] = field(default_factory=list)

    def children(self, tag: str | None = None) -> list[_Element]:
        return [c for c in self.content if isinstance(c, _Element) and (tag is None or c.tag == tag)]

    def find(self, tag: str) -> _Element | None:
        """The first descendant with this tag, in document order (depth is bounded)."""
        for child in self.children():
            if child.tag == tag:
                return child
            found = child.find(tag)
            if found is not None:
                return found
        return None

    def text(self) -> tuple[str, int]:
        """All text inside, and the line where it starts (the element's line when empty)."""
        parts: list[str] = []
        line = 0
        for piece in self._pieces():
            if not line and piece[0].strip():
                line = piece[1]
            parts.append(piece[0])
        return "".join(parts), line or self.line

    def _pieces(self) -> Iterator[tuple[str, int]]:
        for item in self.content:
            if isinstance(item, _Element):
                yield from item._pieces()
            else:
                yield item


def _parse(text: str) -> _Element:
    parser = xml.parsers.expat.ParserCreate("utf-8")  # the text is decoded already
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    root = _Element("", {}, 1)
    stack = [root]

    def start(name: str, attrs: dict[str, str]) -> None:
        if len(stack) > MAX_DEPTH:
            raise _Refused(f"elements nested deeper than {MAX_DEPTH}: not parsed", parser.CurrentLineNumber)
        element = _Element(name.rpartition(":")[2], attrs, parser.CurrentLineNumber)
        stack[-1].content.append(element)
        stack.append(element)

    def end(name: str) -> None:
        stack.pop()

    def data(chunk: str) -> None:
        stack[-1].content.append((chunk, parser.CurrentLineNumber))

    def entity(*args: object) -> None:
        message = "declares entities (<!ENTITY> in a DOCTYPE): not parsed, expanding them is unsafe"
        raise _Refused(message, parser.CurrentLineNumber)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    parser.EntityDeclHandler = entity
    parser.Parse(text.encode("utf-8", "replace"), True)
    return root


def read_xml(text: str, fields: JsonFields | None = None) -> ParsedFile:
    """Articles of a Scrapy XML feed, a trafilatura XML document or a TEI document."""
    try:
        document = _parse(text)
    except _Refused as exc:
        return ParsedFile([], [Hit(exc.args[1], f"XML {exc.args[0]}")])
    except xml.parsers.expat.ExpatError as exc:
        reason = xml.parsers.expat.ErrorString(exc.code) if exc.code else str(exc)
        where = f"line {exc.lineno}, column {exc.offset}"
        return ParsedFile([], [Hit(exc.lineno or 0, f"XML does not parse: {reason} ({where})")])
    roots = document.children()
    if not roots:
        return ParsedFile([], [Hit(1, "XML document has no root element")])
    root = roots[0]
    if root.tag == "TEI":
        return ParsedFile([_tei_article(root)])
    docs = [root] if root.tag == "doc" else root.children("doc")
    if docs:
        return ParsedFile([_doc_article(i, doc) for i, doc in enumerate(docs)])
    items = root.children("item")
    if root.tag == "items" or items:
        parsed = ParsedFile([])
        for item in items:
            record, lines = _record(item)
            add_record(parsed, record, item.line, fields or JsonFields(), lines)
        return parsed
    message = f"XML root <{root.tag}> is neither a Scrapy feed (<items><item>), trafilatura XML (<doc>) nor TEI (<TEI>)"
    return ParsedFile([], [Hit(root.line, message)])


def _record(item: _Element) -> tuple[dict[str, object], dict[str, int]]:
    """An ``<item>``'s fields: text, or a list for ``<value>`` children; and each field's line."""
    record: dict[str, object] = {}
    lines: dict[str, int] = {}
    for child in item.children():
        values = child.children("value")
        if values:
            record[child.tag] = [value.text()[0] for value in values]
            lines[child.tag] = values[0].text()[1]
        else:
            record[child.tag], lines[child.tag] = child.text()
    return record, lines


def _doc_article(index: int, doc: _Element) -> Article:
    article = Article(index=index, line=doc.line)
    title = " ".join(doc.attrs.get("title", "").split())
    if title:
        article.headline = TextUnit(title, doc.line)
    _fill(article, doc.find("main") or doc)
    return article


def _tei_article(tei: _Element) -> Article:
    article = Article(index=0, line=tei.line)
    header = tei.find("titleStmt")
    title = header.find("title") if header is not None else None
    if title is not None:
        text, line = title.text()
        if text.strip():
            article.headline = TextUnit(" ".join(text.split()), line)
    body = tei.find("body")
    if body is not None:
        _fill(article, body)
    return article


def _fill(article: Article, scope: _Element) -> None:
    """Units from the blocks below ``scope``: text belongs to its nearest block element."""
    for text, line, kind in _blocks(scope, "p"):
        unit = TextUnit(text, line)
        if kind == "head":
            article.headings.append(unit)
        elif kind == "figure":
            article.captions.append(unit)
        else:
            article.paragraphs.append(unit)


def _blocks(element: _Element, kind: str) -> list[tuple[str, int, str]]:
    """(text, line, kind) of each run of text, split where a block element starts or ends."""
    found: list[tuple[str, int, str]] = []
    parts: list[str] = []
    line = 0

    def flush() -> None:
        nonlocal line
        text = " ".join("".join(parts).split())
        if text:
            found.append((text, line or element.line, kind))
        parts.clear()
        line = 0

    for item in element.content:
        if isinstance(item, _Element):
            if item.tag in _SKIPPED or (item.tag == "div" and item.attrs.get("type") == "comments"):
                continue
            if item.tag in _BLOCKS:
                flush()
                inner = kind if kind == "figure" else ("head" if item.tag == "head" else item.tag)
                found.extend(_blocks(item, "figure" if item.tag == "figure" else inner))
                continue
            text, item_line = item.text()
            if text.strip() and not line:
                line = item_line
            parts.append(text)
        else:
            if item[0].strip() and not line:
                line = item[1]
            parts.append(item[0])
    flush()
    return found
