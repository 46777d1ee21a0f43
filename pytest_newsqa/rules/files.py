"""File-level rules: the same story twice, and files that cannot be read at all."""

from __future__ import annotations

from collections.abc import Iterator

from pytest_newsqa.codes import DUPLICATE_ARTICLE, DUPLICATE_ARTICLE_NAME, UNREADABLE
from pytest_newsqa.index import within_file
from pytest_newsqa.model import Hit, Source
from pytest_newsqa.rule import rule
from pytest_newsqa.settings import Settings


@rule(
    DUPLICATE_ARTICLE, DUPLICATE_ARTICLE_NAME, "The same article body is in two files, or twice in one.", scope="file"
)
def duplicate_article(source: Source, options: Settings) -> Iterator[Hit]:
    """Finds an article whose body (ignoring case, white space and page furniture) is also
    in another collected file, or twice in this one. Reported on every file involved, naming
    the others, the same whatever the collection order (or xdist worker, or shard).

    Why: duplicates inflate counts, skew training data and double-publish stories.

    Example: the Moscow talks story as the first article of both seed files.

    Options: none. Within a file this rule runs with the others; across files the verdict is
    made once every file has been fingerprinted (end of the session, or ``merge``).
    """
    for index, hit in within_file(source.fingerprints):
        yield hit._replace(article=index)


@rule(UNREADABLE, "unreadable", "The file, or part of it, cannot be read.", scope="file")
def unreadable(source: Source, options: Settings) -> Iterator[Hit]:
    """Finds input the readers cannot use: binary data, a JSON document or JSONL line that
    does not parse (with its line; the other records are still checked), a record that is
    not an object, a file that cannot be opened, a file larger than ``newsqa_max_bytes``
    (only its beginning is checked).

    Why: an unreadable file in a scrape run is a failed scrape, not a pass.

    Example: ``{"title": "Markets", "body": "Stocks rose`` on line 3 of a JSONL feed.

    Options: ``newsqa_max_bytes`` (default 4 MiB).
    """
    yield from source.problems


RULES = [duplicate_article, unreadable]
