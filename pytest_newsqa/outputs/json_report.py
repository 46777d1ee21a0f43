"""The JSON report: every file, every finding, the summary and the settings that made them.

``merge`` reads it back, so its shape is versioned (README "The JSON report").

Written as it is read: the file and finding lists are streamed from the aggregate's
records, one record at a time, in exactly the bytes ``json.dump(..., indent=1)`` of the
whole document would give (a test compares them), so a million-file report never sits in
memory.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO

from pytest_newsqa.aggregate import Aggregate
from pytest_newsqa.outputs.base import OutputFormat

REPORT_VERSION = 1


class Rows:
    """A report's ``files`` or ``findings``: iterable as often as needed, never held whole."""

    def __init__(self, rows: Callable[[], Iterator[dict[str, Any]]], count: Callable[[], int]) -> None:
        self._rows = rows
        self._count = count

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return self._rows()

    def __len__(self) -> int:
        return self._count()

    def __bool__(self) -> bool:
        return len(self) > 0


def lazy_report(aggregate: Aggregate) -> dict[str, Any]:
    """The report document, its ``files`` and ``findings`` as :class:`Rows` read from the records."""
    aggregate.finish()
    return {
        "version": REPORT_VERSION,
        "files": Rows(lambda: (r.to_json() for r in aggregate.sorted_files()), lambda: len(aggregate.files)),
        "findings": Rows(lambda: (f.to_json() for f in aggregate.findings()), lambda: aggregate.census().findings),
        "summary": aggregate.summary(),
        "config": aggregate.selector.to_json(),
        "run": aggregate.run or {"shard": None, "settings": None},
        **aggregate.sections,
    }


def report(aggregate: Aggregate) -> dict[str, Any]:
    """The whole report document in memory (for small runs and tests; writers stream :func:`lazy_report`)."""
    document = lazy_report(aggregate)
    document["files"] = list(document["files"])
    document["findings"] = list(document["findings"])
    return document


def dump(document: dict[str, Any], handle: TextIO) -> None:
    """``json.dump(document, handle, ensure_ascii=False, indent=1)`` and a newline, byte for
    byte, with any :class:`Rows` streamed."""
    handle.write("{")
    for number, (key, value) in enumerate(document.items()):
        handle.write(",\n " if number else "\n ")
        handle.write(json.dumps(key, ensure_ascii=False) + ": ")
        if isinstance(value, Rows):
            _dump_rows(value, handle)
        else:
            handle.write(_nested(value, "\n "))
    handle.write("\n}\n" if document else "}\n")


def _dump_rows(rows: Iterable[Any], handle: TextIO) -> None:
    empty = True
    for row in rows:
        handle.write("[\n  " if empty else ",\n  ")
        handle.write(_nested(row, "\n  "))
        empty = False
    handle.write("[]" if empty else "\n ]")


def _nested(value: Any, indent: str) -> str:
    # With indent=1 a value nested at depth d is the top-level dump with d spaces after
    # each newline (JSON escapes newlines inside strings, so every newline is layout).
    return json.dumps(value, ensure_ascii=False, indent=1).replace("\n", indent)


def write(aggregate: Aggregate, handle: TextIO) -> None:
    dump(lazy_report(aggregate), handle)


FORMAT = OutputFormat("json", "the JSON report (--newsqa-report, merge -o)", document=write, suffixes=(".json",))
