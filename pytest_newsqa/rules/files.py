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
    """Finds an article whose body (case, white space and page furniture aside) is also in
    another collected file, or earlier in the same file. Reported on every file involved,
    naming the others, the same whatever the collection order, the number of xdist workers
    or the sharding. Within one file the finding fails that file's item. Across files the
    verdict needs every file's fingerprint, so it is made at the end of the session (or by
    ``merge``): the summary lists these findings under "newsqa duplicate articles across
    files", the report marks the files as failed, and the session exits 1, even though
    each file's own item already passed.

    Why: duplicates inflate counts, skew training data and double-publish stories.

    Example: the Moscow talks story opens both seed files.

    Options: none.
    """
    for index, hit in within_file(source.fingerprints):
        yield hit._replace(article=index)


@rule(UNREADABLE, "unreadable", "The file, or part of it, cannot be read.", scope="file")
def unreadable(source: Source, options: Settings) -> Iterator[Hit]:
    """Finds input the readers cannot use: binary data; a JSON document that does not parse
    (with its line), a JSONL line that does not parse (the other records are still
    checked); a record that is not an object; JSON nested too deeply; a file that vanished
    or cannot be opened; a pipe, socket or device (never opened, so it cannot hang the
    run); a file larger than ``newsqa_max_bytes`` (its beginning is still checked); a page
    with more than 200,000 tags (not parsed: its tree would take gigabytes); a feed with
    more than 100,000 records or a text file with more than 100,000 articles (the rest is
    not read). A reader that crashes is reported under this code, naming it (``-v`` shows
    the traceback).

    Why: an unreadable file in a scrape run is a failed scrape, not a pass.

    Example: ``{"title": "Markets", "body": "Stocks rose`` on line 3 of a JSONL feed.

    Options: ``newsqa_max_bytes`` (default 4 MiB).
    """
    yield from source.problems


RULES = [duplicate_article, unreadable]
