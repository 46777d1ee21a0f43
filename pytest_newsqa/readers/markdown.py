"""Markdown (``.md``, ``.markdown``): what LLM-era crawlers write (Firecrawl, crawl4ai, Jina
Reader, trafilatura's and html2text's markdown output).

- Front matter: a ``---`` block of ``key: value`` lines at the top (the simple subset of
  YAML: no PyYAML needed), or Jina Reader's ``Title: …`` lines before ``Markdown Content:``.
- Headline: the front matter's ``title``, else the first level-1 heading (``# …`` or a line
  underlined with ``===``), else the first heading. A level-1 heading that repeats the front
  matter title is the same headline, not a duplicate; any other heading is a heading.
- Paragraphs as rendered: soft-wrapped lines joined, emphasis, code spans, links and
  images reduced to their text, each list item a paragraph of its own, code blocks skipped.
  Every unit keeps the line where it starts in the file.
- Markdown residue is kept as page furniture (``extras``) the rules can see: a list item or
  paragraph made only of links (a menu, ``* [Home](/)``; its link text), an empty link
  ``[](…)``, an image with no caption ``![](…)``, a thematic break ``* * *``, table rows.
  An image whose alt text has three words or more is a caption.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from pytest_newsqa.model import Article, ParsedFile, TextUnit, normalize

_FRONT_KEY = re.compile(r"([A-Za-z_][\w-]*)\s*:\s*(.*)")
_JINA_KEY = re.compile(r"(Title|URL Source|Published Time|Description)\s*:\s*(.*)")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*")
_SETEXT = re.compile(r" {0,3}(=+|-+)[ \t]*")
_BREAK = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*")
_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+(.*)|[ \t]*)")
_QUOTE = re.compile(r" {0,3}>[ \t]?")
_TABLE_RULE = re.compile(r"[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*")
_REFERENCE = re.compile(r" {0,3}\[[^\]]+\]:[ \t]*\S+.*")
_URL = r"(?:[^()\s]|\([^()\s]{0,200}\)){0,2000}(?:[ \t]+\"[^\"]{0,200}\")?"
_IMAGE = re.compile(rf"!\[([^\]]*)\]\({_URL}\)")
_LINKED_IMAGE = re.compile(rf"\[\s*!\[([^\]]*)\]\({_URL}\)\s*\]\({_URL}\)")
_LINK = re.compile(rf"\[([^\]]*)\]\({_URL}\)")
_EMPTY_LINK = re.compile(rf"(?<!!)\[\s*\]\({_URL}\)")
_RESIDUE_LINE = re.compile(rf"(?:{_LINKED_IMAGE.pattern}|{_IMAGE.pattern}|{_EMPTY_LINK.pattern})")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^<>\s]+)>")
_CODE = re.compile(r"(`{1,3})([^`]{1,300})\1")
_STRONG = re.compile(r"\*\*(?=[^\s*])([^*]{1,300}?)(?<=\S)\*\*|__(?=[^\s_])([^_]{1,300}?)(?<=\S)__")
_EMPHASIS = re.compile(r"(?<![\w*])(?:\*(?=[^\s*])([^*]{1,300}?)(?<=\S)\*|_(?=[^\s_])([^_]{1,300}?)(?<=\S)_)(?![\w*])")
_STRIKE = re.compile(r"~~(?=[^\s~])([^~]{1,300}?)(?<=\S)~~")
# Inline spans stop at their own delimiter and are bounded (300 characters; URLs 2,000): an
# unclosed "_" or "~~" in a long paragraph would otherwise cost a scan to its end from every
# opener, quadratic time.
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_MENU_SEPARATORS = re.compile(r"[\s|•·/,*-]*")
_MIN_CAPTION_WORDS = 3


@dataclass
class _Page:
    title: TextUnit | None = None
    h1: list[TextUnit] = field(default_factory=list)
    headings: list[TextUnit] = field(default_factory=list)
    captions: list[TextUnit] = field(default_factory=list)
    paragraphs: list[TextUnit] = field(default_factory=list)
    extras: list[TextUnit] = field(default_factory=list)


def read_markdown(text: str) -> ParsedFile:
    """One article per file (see the module docstring)."""
    lines = text.splitlines()
    page = _Page()
    start = _front_matter(lines, page)
    _blocks(lines, start, page)
    return ParsedFile([_article(page)])


def _front_matter(lines: list[str], page: _Page) -> int:
    """Read front matter into ``page.title``; the index of the first line after it."""
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, min(len(lines), 200)) if lines[i].strip() in ("---", "...")), None)
        if end is not None:
            for number in range(1, end):
                match = _FRONT_KEY.fullmatch(lines[number].strip())
                if match and match.group(1).lower() in ("title", "headline") and page.title is None:
                    value = _unquote(match.group(2))
                    if value:
                        page.title = TextUnit(value, number + 1)
            return end + 1
    if lines and _JINA_KEY.fullmatch(lines[0].strip()):
        end = next((i for i in range(min(len(lines), 50)) if lines[i].strip() == "Markdown Content:"), None)
        if end is not None:
            match = _JINA_KEY.fullmatch(lines[0].strip())
            if match and match.group(1) == "Title" and match.group(2).strip():
                page.title = TextUnit(match.group(2).strip(), 1)
            return end + 1
    return 0


def _unquote(value: str) -> str:
    """A YAML scalar's text: double quotes take JSON's escapes (``\\u2019``, ``\\"``), single
    quotes double themselves (``''``)."""
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        try:
            value = json.loads(value)
        except ValueError:
            value = value[1:-1]
    elif len(value) >= 2 and value[0] == value[-1] == "'":
        value = value[1:-1].replace("''", "'")
    return " ".join(value.split())


class _Builder:
    """Collects the lines of the block being read and turns each finished block into units."""

    def __init__(self, page: _Page) -> None:
        self.page = page
        self.lines: list[str] = []
        self.first = 0
        self.item = False

    def add(self, text: str, number: int, *, item: bool = False) -> None:
        if not self.lines:
            self.first, self.item = number, item
        self.lines.append(text.strip())

    def flush(self) -> None:
        if self.lines:
            _paragraph(self.page, " ".join(self.lines), self.first)
        self.lines = []

    def to_heading(self, level: int) -> bool:
        """A setext underline: the paragraph above is a heading (not a list item)."""
        if not self.lines or self.item:
            return False
        _heading(self.page, " ".join(self.lines), self.first, level)
        self.lines = []
        return True


def _blocks(lines: list[str], start: int, page: _Page) -> None:
    block = _Builder(page)
    fence = ""
    for index in range(start, len(lines)):
        number, raw = index + 1, lines[index]
        if fence:  # inside a code block: code is not prose
            if raw.strip().startswith(fence):
                fence = ""
            continue
        line = raw
        while _QUOTE.match(line):  # a quote is rendered as its text
            line = line[_QUOTE.match(line).end() :]  # type: ignore[union-attr]
        stripped = line.strip()
        fenced = _FENCE.match(line)
        if fenced:
            block.flush()
            fence = fenced.group(1)[0] * 3
        elif not stripped:
            block.flush()
        elif _SETEXT.fullmatch(line) and block.to_heading(1 if stripped[0] == "=" else 2):
            pass
        elif _BREAK.fullmatch(line):
            block.flush()
            page.extras.append(TextUnit(stripped, number))
        elif (atx := _ATX.fullmatch(line)) is not None:
            block.flush()
            _heading(page, atx.group(2) or "", number, len(atx.group(1)))
        elif _REFERENCE.fullmatch(line):
            block.flush()
        elif stripped.startswith("|") or ("|" in stripped and _TABLE_RULE.fullmatch(line)):
            block.flush()
            if not _TABLE_RULE.fullmatch(line):
                cells = [_render(cell, page, number) for cell in stripped.strip("|").split("|")]
                if any(cells):
                    page.extras.append(TextUnit(" | ".join(c for c in cells if c), number))
        elif _RESIDUE_LINE.fullmatch(stripped):  # an image or an empty link alone on its line
            block.flush()
            _paragraph(page, stripped, number)
        elif (item := _ITEM.fullmatch(line)) is not None and (item.group(1) or not block.lines):
            block.flush()
            block.add(item.group(1) or "", number, item=True)
        else:
            block.add(stripped, number)  # a new paragraph, or the next line of one (or of an item)
    block.flush()


def _heading(page: _Page, text: str, number: int, level: int) -> None:
    rendered = _render(text, page, number)
    if rendered:
        (page.h1 if level == 1 else page.headings).append(TextUnit(rendered, number))


def _paragraph(page: _Page, text: str, number: int) -> None:
    """A paragraph or list item: an image alone, links alone (a menu), or prose."""
    image = _LINKED_IMAGE.fullmatch(text) or _IMAGE.fullmatch(text)
    if image is not None:
        alt = _render(image.group(1), page, number)
        if len(alt.split()) >= _MIN_CAPTION_WORDS:
            page.captions.append(TextUnit(alt, number))
        else:
            page.extras.append(TextUnit(text, number))
        return
    rendered = _render(text, page, number)
    if not rendered:
        return
    if "](" in text and not _MENU_SEPARATORS.fullmatch(_LINK.sub("", _IMAGE.sub("", text))):
        page.paragraphs.append(TextUnit(rendered, number))
    elif "](" in text:
        page.extras.append(TextUnit(rendered, number))  # only links: a menu or a "Read more"
    else:
        page.paragraphs.append(TextUnit(rendered, number))


def _render(text: str, page: _Page, number: int) -> str:
    """Markdown inline markup reduced to its text; empty links are kept as residue."""
    if "[" in text and "]" in text:
        for empty in _EMPTY_LINK.finditer(text):
            page.extras.append(TextUnit(empty.group(), number))
        text = _LINKED_IMAGE.sub("", text)
        text = _IMAGE.sub("", text)
        text = _LINK.sub(lambda m: m.group(1), text)
        text = _REF_LINK.sub(lambda m: m.group(1), text)
    if "<" in text:
        text = _AUTOLINK.sub(lambda m: m.group(1), text)
    if "`" in text:
        text = _CODE.sub(lambda m: m.group(2).strip(), text)
    if "*" in text or "_" in text:
        text = _STRONG.sub(lambda m: m.group(1) or m.group(2), text)
        text = _EMPHASIS.sub(lambda m: m.group(1) or m.group(2), text)
    if "~~" in text:
        text = _STRIKE.sub(lambda m: m.group(1), text)
    if "\\" in text:
        text = _ESCAPE.sub(lambda m: m.group(1), text)
    return " ".join(text.split())


def _article(page: _Page) -> Article:
    article = Article(index=0, line=1, captions=page.captions, paragraphs=page.paragraphs, extras=page.extras)
    headings = sorted(page.h1 + page.headings, key=lambda unit: unit.line)
    if page.title is not None:
        article.headline = page.title
        key = normalize(page.title.text)
        same = next((unit for unit in page.h1 if normalize(unit.text) == key), None)
        article.headings = [unit for unit in headings if unit is not same]
    elif headings:
        article.headline = page.h1[0] if page.h1 else headings[0]
        article.headings = [unit for unit in headings if unit is not article.headline]
    if article.headline is not None:
        article.line = article.headline.line
    return article
