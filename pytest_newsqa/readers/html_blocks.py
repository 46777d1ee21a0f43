"""A parsed page as text blocks: which elements are blocks, which never hold article text,
and the runs of text the rules see as paragraphs. Shared by the reader and the extractor."""

from __future__ import annotations

from pytest_newsqa.readers.html_tree import Page

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
