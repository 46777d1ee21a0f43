"""Checking an archive record by record: a 1 GB WARC never sits in memory.

The archive's reader yields one article at a time (:attr:`ParsedFile.stream`). Each is
checked by the article rules as it comes, its body fingerprint is kept for duplicate
detection, and only a stub (index, line, headline, origin) stays for the file rules and
the report. Each finding names the record it came from (``Article.origin``).
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from typing import TYPE_CHECKING

from pytest_newsqa.codes import DUPLICATE_ARTICLE, UNREADABLE
from pytest_newsqa.index import body_fingerprint
from pytest_newsqa.model import Article, Hit, Source

WHOLE_ARCHIVE = frozenset({DUPLICATE_ARTICLE, UNREADABLE})
"""Rules that run once on an archive; every other rule runs on each record."""

if TYPE_CHECKING:
    from pytest_newsqa.engine import Engine
    from pytest_newsqa.rule import Rule


def check_stream(engine: Engine, source: Source, rules: list[Rule], tracebacks: list[str]) -> list[tuple[Rule, Hit]]:
    """Run the article rules on each streamed article; keep stubs and fingerprints in ``source``."""
    # Each record is checked as a file of its own would be; only what needs the whole archive
    # (its unreadable parts, duplicates across its records) runs once, on the archive.
    article_rules = [r for r in rules if r.code not in WHOLE_ARCHIVE]
    hits: list[tuple[Rule, Hit]] = []
    source.fingerprints = []
    try:
        for article in _articles(source):
            # NWS301 is skipped on what we cut.
            article.cut = article.cut or (article.origin is not None and article.origin.cut)
            single = Source(source.path, source.display, b"", source.decoded, source.settings, articles=[article])
            single.seal()  # rules see a read-only view, as on a file
            for rule in article_rules:
                hits.extend((rule, _located(hit, article)) for hit in engine._run(rule, single, tracebacks))
            line = article.origin.line if article.origin else article.line
            digest = body_fingerprint(article, source.settings)
            if digest is not None:
                source.fingerprints.append((digest, article.index, line))
            source.articles.append(Article(article.index, line, article.headline, origin=article.origin))
    except Exception as exc:  # a reader bug must not stop the run
        tracebacks.append(traceback.format_exc())
        source.problems.append(Hit(0, f"reader crashed: {type(exc).__name__}: {exc}"))
    source.stream = None
    return hits


def _articles(source: Source) -> Iterator[Article]:
    """The streamed articles; an archive with none (and nothing wrong) is one empty article, as
    a JSON feed holding ``[]`` is."""
    assert source.stream is not None
    count = 0
    for article in source.stream:
        count += 1
        yield article
    if not count and not source.problems:
        yield Article(index=0, line=1)


def _located(hit: Hit, article: Article) -> Hit:
    """A hit on its article's origin line (a record's number), with the record and the line in
    the record's page in the message: ``… (record 7: https://… at offset 72927, line 12)``."""
    if article.origin is None:
        return hit
    where = f"{article.origin.where}, line {hit.line}" if hit.line else article.origin.where
    return hit._replace(line=article.origin.line, message=f"{hit.message} ({where})")
