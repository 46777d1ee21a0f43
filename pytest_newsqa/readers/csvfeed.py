"""CSV feeds (``.csv``), as Scrapy's CSV feed export writes them: a header row, one record per row.

Columns are mapped like JSON fields (the same ``newsqa_json_*`` keys), and each row becomes
an article through the JSON reader's mapping: a body cell is split into paragraphs on
newlines (quoted multi-line cells), a captions cell into one caption per line (Scrapy joins
a list with commas, which cannot be told from a comma inside a caption, so a one-line cell
is one caption). Every finding of a row is on the row's first line in the file.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from pytest_newsqa.model import Hit, ParsedFile
from pytest_newsqa.readers.jsonfeed import add_record
from pytest_newsqa.settings import JsonFields

if TYPE_CHECKING:
    import _csv


def read_csv(text: str, fields: JsonFields | None = None) -> ParsedFile:
    """One article per row; a row that does not parse or does not fit the header is a problem."""
    fields = fields or JsonFields()
    if csv.field_size_limit() < len(text) + 1:  # a long body is one field: allow the whole file
        csv.field_size_limit(len(text) + 1)
    rows = csv.reader(io.StringIO(text, newline=""), strict=True)
    parsed = ParsedFile([])
    header = _header(rows, parsed)
    if header is None:
        return parsed
    known = {*fields.headline, *fields.body}
    if not known.intersection(header):
        names = ", ".join(name for name in header if name)[:200] or "(empty)"
        parsed.problems.append(Hit(1, f"CSV header has no headline or body column (newsqa_json_* fields): {names}"))
        return parsed
    while True:  # add_record stops keeping rows past MAX_RECORDS
        first = rows.line_num + 1
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as exc:
            parsed.problems.append(Hit(first, f"CSV row does not parse: {exc}"))
            continue
        if not any(cell.strip() for cell in row):
            continue
        first = _first_line(first, rows.line_num, row)
        if len(row) != len(header):
            parsed.problems.append(Hit(first, f"CSV row has {len(row)} fields, the header has {len(header)}: not read"))
            continue
        record = {name: _cell(name, value, fields) for name, value in zip(header, row, strict=True)}
        add_record(parsed, record, first, fields)
    return parsed


def _header(rows: _csv.Reader, parsed: ParsedFile) -> list[str] | None:
    try:
        for row in rows:
            if any(cell.strip() for cell in row):
                return [cell.strip() for cell in row]
    except csv.Error as exc:
        parsed.problems.append(Hit(rows.line_num, f"CSV header does not parse: {exc}"))
    return None


def _first_line(expected: int, last: int, row: list[str]) -> int:
    """The row's first line: blank lines before it are read in the same ``next`` call."""
    newlines = sum(cell.count("\n") for cell in row)
    return max(expected, last - newlines)


def _cell(name: str, value: str, fields: JsonFields) -> str | list[str]:
    if name in fields.captions:
        return [line for line in value.splitlines() if line.strip()]
    return value
