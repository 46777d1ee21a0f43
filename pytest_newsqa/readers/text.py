"""Plain-text scrapes: articles separated by two or more blank lines, paragraphs by one.

The first non-blank line of an article is its headline. Scrapers of article pages print
what sits between the headline and the story (photo captions, widget residue, the headline
again) as blocks of several lines; the story itself starts at the first one-line block that
is not a copy of the headline. Those lead blocks become captions (three words or more) or
extras (shorter residue such as ``TT``); later lines are body paragraphs, one per line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pytest_newsqa.model import Article, Hit, ParsedFile, TextUnit, normalize, physical_lines

_SENTENCE_END = frozenset(""".!?:;…"'”’»)]""")
_MIN_CAPTION_WORDS = 3
# A line that ends on a photo credit is a caption, even alone: "… in Moscow (Russian Defense Ministry/AFP)".
_PHOTO_CREDIT = re.compile(
    r"\([^()]*\b(?:AFP|AP|Reuters|Getty|EPA|Pool|File|Photo|Photos|Images?|dpa|Xinhua|SANA|AAP|ANP|Anadolu)\b[^()]*\)\s*$"
)

Block = list[TextUnit]
MAX_ARTICLES = 100_000  # as many as a feed's records (readers/jsonfeed.py)


def read_text(text: str) -> ParsedFile:
    """Split a text scrape into articles."""
    parsed = ParsedFile([])
    for index, blocks in enumerate(_split_articles(text)):
        if index == MAX_ARTICLES:
            parsed.problems.append(Hit(blocks[0][0].line, f"more than {MAX_ARTICLES:,} articles: the rest is not read"))
            break
        parsed.articles.append(_article(index, blocks))
    return parsed


def _split_articles(text: str) -> Iterator[list[Block]]:
    """Yield each article as its list of blocks (runs of non-blank lines)."""
    blocks: list[Block] = []
    block: Block = []
    blank_run = 0
    for number, raw in enumerate(physical_lines(text), start=1):
        line = raw.strip()
        if not line:
            blank_run += 1
            if block:
                blocks.append(_unwrap(block))
                block = []
            continue
        if blank_run >= 2 and blocks:
            yield blocks
            blocks = []
        blank_run = 0
        block.append(TextUnit(line, number))
    if block:
        blocks.append(_unwrap(block))
    if blocks:
        yield blocks


def _unwrap(block: Block) -> Block:
    """Join hard-wrapped prose: a line that stops mid-sentence followed by one in lower case.

    The lines of a paragraph are collected and joined once: adding each line to a growing
    string made a 4 MB hard-wrapped text take most of a minute.
    """
    joined: Block = []
    parts: list[str] = []
    line = 0
    for unit in block:
        if parts and parts[-1][-1:] not in _SENTENCE_END and unit.text[:1].islower():
            parts.append(unit.text)
            continue
        if parts:
            joined.append(TextUnit(" ".join(parts), line))
        parts, line = [unit.text], unit.line
    joined.append(TextUnit(" ".join(parts), line))
    return joined


def _article(index: int, blocks: list[Block]) -> Article:
    first = blocks[0]
    article = Article(index=index, line=first[0].line, headline=first[0])
    headline_key = normalize(first[0].text)
    lead: list[Block] = [first[1:]] if len(first) > 1 else []
    rest = blocks[1:]
    body_start = next(
        (
            i
            for i, b in enumerate(rest)
            if len(b) == 1 and normalize(b[0].text) != headline_key and not _PHOTO_CREDIT.search(b[0].text)
        ),
        None,
    )
    if body_start is None:
        # No one-line block: story text written without blank lines, unless a block reads
        # as caption residue (a line printed twice, or widget leftovers of a word or two).
        lead += [b for b in rest if _reads_as_lead(b)]
        body = [u for b in rest if not _reads_as_lead(b) for u in b]
    else:
        lead += rest[:body_start]
        body = [u for b in rest[body_start:] for u in b]
    for block in lead:
        _sort_lead_block(article, block, headline_key)
    for unit in body:
        if normalize(unit.text) == headline_key and not article.paragraphs:
            article.headings.append(unit)
        else:
            article.paragraphs.append(unit)
    return article


def _reads_as_lead(block: Block) -> bool:
    keys = [normalize(unit.text) for unit in block]
    if len(set(keys)) < len(keys) or all(_PHOTO_CREDIT.search(unit.text) for unit in block):
        return True
    return any(len(unit.text.split()) < _MIN_CAPTION_WORDS for unit in block)


def _sort_lead_block(article: Article, block: Block, headline_key: str) -> None:
    for unit in block:
        if normalize(unit.text) == headline_key:
            article.headings.append(unit)
        elif len(unit.text.split()) >= _MIN_CAPTION_WORDS and (len(block) > 1 or _PHOTO_CREDIT.search(unit.text)):
            article.captions.append(unit)
        else:
            article.extras.append(unit)
