"""Duplicate articles from body fingerprints, within one file and across files.

Only fingerprints travel (from xdist workers, or in shard reports), never texts, and the
verdict is made once all of them are known, so it is the same whatever the collection
order, the worker count or the sharding.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable

from pytest_newsqa.markers import is_marker
from pytest_newsqa.model import Article, Fingerprint, Hit, normalize
from pytest_newsqa.settings import Settings

_MAX_NAMED = 5


def body_fingerprint(article: Article, options: Settings) -> str | None:
    """A digest of the article's body, blind to case, white space and page furniture.

    Captions, headline copies and widget residue differ between two scrapes of one story;
    the body paragraphs do not.
    """
    paragraphs = [normalize(p.text) for p in article.paragraphs if not is_marker(p.text, options.markers)]
    body = "\n".join(p for p in paragraphs if p)
    if not body:
        return None
    return hashlib.blake2b(body.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


def fingerprints(articles: Iterable[Article], options: Settings) -> list[Fingerprint]:
    """(body digest, article index, line) for each article that has a body."""
    found = []
    for article in articles:
        digest = body_fingerprint(article, options)
        if digest is not None:
            found.append((digest, article.index, article.line))
    return found


def within_file(fingerprints: Iterable[Fingerprint]) -> list[tuple[int, Hit]]:
    """(article index, hit) for each article whose body already appeared earlier in the file."""
    first: dict[str, tuple[int, int]] = {}
    hits = []
    for digest, index, line in fingerprints:
        if digest in first:
            other, other_line = first[digest]
            hits.append((index, Hit(line, f"article {index} repeats article {other} of this file (line {other_line})")))
        else:
            first[digest] = (index, line)
    return hits


def across_files(files: Iterable[tuple[str, Iterable[Fingerprint]]]) -> dict[str, list[tuple[int, Hit]]]:
    """For each path, (article index, hit) for each article whose body is also in another file."""
    where: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for path, fingerprints in files:
        for digest, index, line in fingerprints:
            where[digest].append((path, index, line))
    result: dict[str, list[tuple[int, Hit]]] = defaultdict(list)
    for places in where.values():
        if len({path for path, _, _ in places}) < 2:
            continue
        for path, index, line in places:
            others = sorted({(p, i) for p, i, _ in places if p != path})
            named = ", ".join(f"{p} (article {i})" for p, i in others[:_MAX_NAMED])
            more = f" and {len(others) - _MAX_NAMED} more" if len(others) > _MAX_NAMED else ""
            result[path].append((index, Hit(line, f"article {index} is also in {named}{more}")))
    return result
