"""Two parsers, one small representation of a page: :class:`Page`.

lxml (libxml2, in C) is the fast path; BeautifulSoup with the standard library's ``html.parser``
is the fallback and the reference. Each builder only lists the page's elements and its text
pieces in document order; everything after that (blocks, headline, the article on a full page)
is shared code in :mod:`pytest_newsqa.readers.html`, so whichever parser ran, the article is the
same.

Lines are defined so that both parsers can produce them exactly: an element's line is the line
on which its start tag *ends* (where libxml2 reports it), a text piece's line is the line of the
last start tag before it in the source plus the line breaks in the piece before its first visible
character. ``\\r\\n`` and a lone ``\\r`` end a line like ``\\n`` (libxml2 folds them; the text is
normalized before either parser sees it).
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from typing import Any

# Attributes that say what an element is for: kept, lower-cased, in one string per element.
_LABEL_ATTRS = ("class", "id", "itemprop", "role")


class ParserLimit(Exception):
    """The fast parser met one of libxml2's limits (depth, buffer size): use the fallback."""


@dataclass(slots=True)
class Page:
    """A parsed page: parallel lists for its elements, and its text pieces in document order.

    ``pieces`` are ``(element, line, text)`` with ``element`` the index of the text's parent
    element (-1 outside any). Script and style text is kept here (JSON-LD is read from it); the
    shared code decides what is article text.
    """

    tags: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    parents: list[int] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    pieces: list[tuple[int, int, str]] = field(default_factory=list)
    og_title: tuple[str, int] | None = None
    canonical: str = ""
    """The first ``<link rel="canonical" href>``: the page's own address (never fetched)."""
    og_url: str = ""
    """The first ``<meta property="og:url">``: the address when there is no canonical link."""
    jsonld: list[str] = field(default_factory=list)
    """The text of every ``<script type="application/ld+json">``."""

    def add(self, tag: str, label: str, parent: int, line: int) -> int:
        self.tags.append(tag)
        self.labels.append(label)
        self.parents.append(parent)
        self.lines.append(line)
        return len(self.tags) - 1


def normalize_newlines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def piece_line(anchor: int, text: str) -> int:
    """The line of a piece's first visible character, from the line of the tag before it."""
    stripped = text.lstrip()
    if len(stripped) == len(text):
        return anchor
    return anchor + text.count("\n", 0, len(text) - len(stripped))


def _label(pairs: list[tuple[str, str]]) -> str:
    return " ".join([value for key, value in pairs if key in _LABEL_ATTRS]).lower()


def _is_jsonld(kind: object) -> bool:
    return isinstance(kind, str) and kind.strip().lower() == "application/ld+json"


def _og_title(page: Page, attrs: dict[str, str], line: int) -> None:
    """``og:title`` and ``og:url``: the first of each with content."""
    prop = (attrs.get("property") or "").strip().lower()
    if prop == "og:title" and page.og_title is None:
        content = (attrs.get("content") or "").strip()
        if content:
            page.og_title = (content, line)
    elif prop == "og:url" and not page.og_url:
        page.og_url = (attrs.get("content") or "").strip()


def _link(page: Page, attrs: dict[str, str]) -> None:
    if not page.canonical and "canonical" in (attrs.get("rel") or "").lower().split():
        page.canonical = (attrs.get("href") or "").strip()


# -- lxml -----------------------------------------------------------------------------------

# Elements whose content is never read as text (nor searched for a headline): both builders
# leave them and everything inside them out of the page. JSON-LD scripts are read first.
DROPPED = frozenset(
    {"script", "style", "svg", "math", "template", "iframe", "object", "noscript", "select", "textarea"}
)


# Elements whose mismatched end tags both parsers recover from alike (with AUTO_CLOSE below).
_INLINE = frozenset(
    "span b i em strong font small big u s sup sub label abbr code p div figure time cite q mark"
    " li ul ol dl dd dt td tr th tbody".split()
)


# libxml2 repairs an end tag that does not match in two ways. ``</a>`` over an open ``<strong>``
# closes both, as html.parser does. But an end tag may not close an element of higher "end
# priority" (a div, a table part) opened inside it: ``<section><div>text</section>`` keeps the
# section open where html.parser closes both, and the rest of the page lands elsewhere. Such an
# end tag is repaired in the source (``</div></section>``: what html.parser did) and the page
# parsed again, so the fast path reads the pages the reference does. A page that needs more
# rounds, or whose end tag cannot be placed exactly, goes to the reference parser.
_MISMATCH = "opening and ending tag mismatch: "
_REPAIR_ROUNDS = 3


def _libxml_root(text: str) -> tuple[Any, str]:
    """The libxml2 tree of a page (with mismatched end tags repaired), and the text it was parsed from."""
    from lxml import etree

    for _ in range(_REPAIR_ROUNDS + 1):
        # An HTML parser never loads a DTD or an external entity; no_network also keeps any
        # other URL it might meet off the network. huge_tree stays off: libxml2's depth and size
        # limits apply, and a page over them goes to the fallback instead.
        parser = etree.HTMLParser(
            no_network=True, remove_comments=True, remove_pis=True, huge_tree=False, encoding="utf-8", recover=True
        )
        root = etree.fromstring(text.encode("utf-8", "surrogatepass"), parser)
        repairs: dict[tuple[int, str], str] = {}
        for error in parser.error_log:
            message = error.message.lower()
            if "depth" in message or "limit" in message or "huge" in message:
                raise ParserLimit(error.message)
            if message.startswith(_MISMATCH):
                closing, _, opened = message[len(_MISMATCH) :].strip().partition(" and ")
                if closing == "a":  # html.parser's tree and ours differ around links: not repaired
                    raise ParserLimit(error.message)
                if closing not in _INLINE:
                    repairs.setdefault((error.line, closing), opened)
        if not repairs:
            return root, text
        text = _repaired(text, repairs)
    raise ParserLimit("end tags that do not match, past the rounds of repair")


def _repaired(text: str, repairs: dict[tuple[int, str], str]) -> str:
    """``text`` with ``</opened>`` before the one ``</closing`` on each line; ParserLimit when not one."""
    starts = _line_starts(text)
    inserts: list[tuple[int, str]] = []
    for (line, closing), opened in repairs.items():
        if not 0 < line <= len(starts) or not re.fullmatch(r"[a-z][a-z0-9:_-]*", opened + closing):
            raise ParserLimit(f"cannot repair </{closing}> on line {line}")
        end = starts[line] - 1 if line < len(starts) else len(text)
        found = [
            m.start() for m in re.finditer(f"</{re.escape(closing)}(?![a-z0-9:_-])", text[starts[line - 1] : end], re.I)
        ]
        if len(found) != 1:
            raise ParserLimit(f"cannot place the repair of </{closing}> on line {line}")
        inserts.append((starts[line - 1] + found[0], f"</{opened}>"))
    for offset, closer in sorted(inserts, reverse=True):
        text = text[:offset] + closer + text[offset:]
    return text


def parse_lxml(text: str) -> Page:
    """The fast path; raises :class:`ParserLimit` where libxml2 would drop part of the page."""
    from lxml import etree

    root, text = _libxml_root(text)
    page = Page()
    if root is None:
        return page
    tags, labels, parents, lines, pieces = page.tags, page.labels, page.parents, page.lines, page.pieces
    add_tag, add_label, add_parent, add_line, add_piece = (
        tags.append,
        labels.append,
        parents.append,
        lines.append,
        pieces.append,
    )
    label_attrs = _LABEL_ATTRS
    stack = [-1]
    push, pop = stack.append, stack.pop
    anchor = 1
    walk = etree.iterwalk(root, events=("start", "end"))
    for event, element in walk:
        tag = element.tag
        if not isinstance(tag, str):  # an entity reference or similar: not an element
            continue
        if tag in DROPPED:
            if event == "start":
                walk.skip_subtree()
                anchor = element.sourceline or anchor
                if tag == "script" or tag == "style":
                    content = element.text or ""
                    anchor += content.count("\n")
                    if tag == "script" and _is_jsonld(element.get("type")):
                        page.jsonld.append(content)
                continue
            push(-2)  # popped right below, like any element's
        elif tag in TRANSPARENT:
            if event == "start":
                push(stack[-1])
                text = element.text
                if text:
                    add_piece((stack[-1], piece_line(anchor, text), text))
                continue
        if event == "end":
            pop()
            tail = element.tail
            if tail:
                if not tail[0].isspace():
                    add_piece((stack[-1], anchor, tail))
                elif tail.isspace():
                    add_piece((stack[-1], anchor, " "))
                else:
                    add_piece((stack[-1], piece_line(anchor, tail), tail))
            continue
        index = len(tags)
        anchor = element.sourceline or anchor
        pairs = element.items()
        add_tag(tag)
        add_label(" ".join([value for key, value in pairs if key in label_attrs]).lower() if pairs else "")
        add_parent(stack[-1])
        add_line(anchor)
        push(index)
        if tag == "meta" and pairs:
            _og_title(page, dict(pairs), anchor)
        elif tag == "link" and pairs:
            _link(page, dict(pairs))
        elif tag == "br" or tag == "hr":
            add_piece((index, anchor, " "))
        text = element.text
        if text:
            if not text[0].isspace():
                add_piece((index, anchor, text))
            elif text.isspace():
                add_piece((index, anchor, " "))
            else:
                add_piece((index, piece_line(anchor, text), text))
    return page


# -- BeautifulSoup (html.parser) ----------------------------------------------------------

_TAG_END = re.compile(r"""(?:[^>"']|"[^"]*"|'[^']*')*>""")


# libxml2 always has an <html> and a <body> (it implies them, and puts stray text before <html>
# or after </body> inside); html.parser has them only where the page does. Neither is kept as an
# element, nor moves the line of the text after it: their children belong to the page.
TRANSPARENT = frozenset({"html", "body"})

# Start tags that close an open element when they appear directly inside it: libxml2 does this
# (HTML 4's rules), html.parser does not; the reference path applies the same rules so that both
# parsers put text in the same elements ("<p>a<div>b</div>c</p>": "c" is not in the paragraph).
_P_CLOSERS = frozenset(
    "address blockquote center dd dir div dl dt fieldset form h1 h2 h3 h4 h5 h6 hr li listing menu ol p pre"
    " table ul xmp caption tr td th tbody".split()
)
_HEADING_CLOSERS = frozenset({"p"})
AUTO_CLOSE: dict[str, frozenset[str]] = {
    "p": _P_CLOSERS,
    "li": frozenset({"li"}),
    "dt": frozenset({"dd"}),
    "dd": frozenset({"dt"}),
    "td": frozenset({"td", "th", "tr"}),
    "th": frozenset({"td", "th", "tr"}),
    "tr": frozenset({"tr"}),
    "option": frozenset({"option"}),
    "a": frozenset({"a"}),
    **{heading: _HEADING_CLOSERS for heading in ("h1", "h2", "h3", "h4", "h5", "h6")},
}


def parse_soup(text: str) -> Page:
    """The reference path: BeautifulSoup with ``html.parser``, character references decoded
    as HTML5 says (what libxml2 does too; bs4's own decoding drops the ``;`` of an unknown one)."""
    from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, NavigableString, Tag
    from bs4.builder import HTMLParserTreeBuilder  # type: ignore[attr-defined]

    builder = HTMLParserTreeBuilder()
    builder.parser_args[1]["convert_charrefs"] = True
    with warnings.catch_warnings():
        # A page that is a single word "looks like a filename" to bs4: it is still a page.
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(text, builder=builder)
    line_starts = _line_starts(text)
    page = Page()
    tags, parents, pieces = page.tags, page.parents, page.pieces
    closed: set[int] = set()
    anchor = 1
    glue = False  # the last piece may go on: only a comment (which libxml2 removes) came since
    # An explicit walk (no recursion: pages nest deeply) that can leave a subtree out.
    stack: list[tuple[int, object]] = [(-1, child) for child in reversed(soup.contents)]
    while stack:
        parent, node = stack.pop()
        while parent in closed:
            parent = parents[parent]
        if isinstance(node, Tag):
            glue = False
            name = node.name.lower()
            while parent >= 0 and name in AUTO_CLOSE.get(tags[parent], ()):
                closed.add(parent)
                parent = parents[parent]
            if name in TRANSPARENT:
                stack.extend((parent, child) for child in reversed(node.contents))
                continue
            anchor = _start_tag_end_line(text, line_starts, node.sourceline, node.sourcepos)
            if name in DROPPED:
                if name == "script" or name == "style":
                    content = "".join(str(s) for s in node.contents if isinstance(s, NavigableString))
                    anchor += content.count("\n")
                    if name == "script" and _is_jsonld(node.get("type")):
                        page.jsonld.append(content)
                continue
            attrs = {key: " ".join(value) if isinstance(value, list) else value for key, value in node.attrs.items()}
            index = page.add(name, _label(list(attrs.items())), parent, anchor)
            if name == "meta" and attrs:
                _og_title(page, attrs, anchor)
            elif name == "link" and attrs:
                _link(page, attrs)
            elif name in ("br", "hr"):
                pieces.append((index, anchor, " "))
            stack.extend((index, child) for child in reversed(node.contents))
        elif type(node) is NavigableString:  # not a comment, CDATA, doctype or declaration
            string = str(node)
            if glue and pieces[-1][0] == parent:
                string = pieces.pop()[2] + string
            if string:
                pieces.append((parent, piece_line(anchor, string), string))
                glue = True
    return page


def _line_starts(text: str) -> list[int]:
    starts = [0]
    position = text.find("\n")
    while position >= 0:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    return starts


def _start_tag_end_line(text: str, line_starts: list[int], line: int | None, column: int | None) -> int:
    """html.parser gives where a start tag begins; libxml2, where it ends. Count the breaks."""
    if line is None or column is None or line > len(line_starts):
        return line or 1
    start = line_starts[line - 1] + column
    close = text.find(">", start)
    newline = text.find("\n", start)
    if newline < 0 or close < 0 or close < newline:
        return line
    match = _TAG_END.match(text, start + 1)
    end = match.end() if match else close
    return line + text.count("\n", start, end)
