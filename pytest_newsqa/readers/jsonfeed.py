"""JSON feeds: ``.json`` (an object or a list of objects) and ``.jsonl``/``.ndjson`` (Scrapy feed
exports, one object per line). Each record is an article; its units carry the record's line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from pytest_newsqa.model import Article, Hit, ParsedFile, TextUnit, physical_lines
from pytest_newsqa.settings import JsonFields

_PARAGRAPH = re.compile(r"[^\n]+")
_DECODER = json.JSONDecoder()


def read_json(text: str, fields: JsonFields | None = None) -> ParsedFile:
    """A single record or a list of records; each record's line is where its object starts."""
    fields = fields or JsonFields()
    try:
        records = list(_top_level_records(text))
    except (ValueError, RecursionError) as exc:
        return ParsedFile([], [Hit(_error_line(exc, text), f"JSON does not parse: {_reason(exc)}")])
    parsed = ParsedFile([])
    for line, record in records:
        _add_records(parsed, record, line, fields)
    return parsed


def read_jsonl(text: str, fields: JsonFields | None = None) -> ParsedFile:
    """One record per line; a line that does not parse is a problem, the others are still read."""
    fields = fields or JsonFields()
    parsed = ParsedFile([])
    for number, line in enumerate(physical_lines(text), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (ValueError, RecursionError) as exc:
            parsed.problems.append(Hit(number, f"JSONL line does not parse: {_reason(exc)}"))
            continue
        _add_records(parsed, record, number, fields)
    return parsed


def _top_level_records(text: str) -> Iterator[tuple[int, Any]]:
    """Yield (line, value) for the document, or for each element of a top-level array."""
    start = len(text) - len(text.lstrip())
    lines = _LineCounter(text)
    if not text[start:].startswith("["):
        value, end = _DECODER.raw_decode(text, start)
        _expect_end(text, end)
        yield lines.at(start), value
        return
    position = _skip_space(text, start + 1)
    if text.startswith("]", position):
        _expect_end(text, position + 1)
        return
    while True:
        value, end = _DECODER.raw_decode(text, position)
        yield lines.at(position), value
        position = _skip_space(text, end)
        if text.startswith("]", position):
            _expect_end(text, position + 1)
            return
        if not text.startswith(",", position):
            raise json.JSONDecodeError("expected ',' or ']'", text, position)
        position = _skip_space(text, position + 1)


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _expect_end(text: str, position: int) -> None:
    end = _skip_space(text, position)
    if end != len(text):
        raise json.JSONDecodeError("extra data after the JSON value", text, end)


class _LineCounter:
    """The 1-based line of increasing positions, counting each stretch of text once: counting
    from the start for every record made a 100,000-record array take a minute."""

    def __init__(self, text: str) -> None:
        self.text, self.position, self.line = text, 0, 1

    def at(self, position: int) -> int:
        self.line += self.text.count("\n", self.position, position)
        self.position = position
        return self.line


def _error_line(exc: BaseException, text: str) -> int:
    return exc.lineno if isinstance(exc, json.JSONDecodeError) else 1


def _reason(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} (line {exc.lineno}, column {exc.colno})"
    return str(exc)


# Records beyond this many in one file are not read (memory stays bounded; a finding says so).
MAX_RECORDS = 100_000


def _add_records(parsed: ParsedFile, document: Any, line: int, fields: JsonFields) -> None:
    """The records at ``newsqa_json_records`` in a document (the document itself when unset)."""
    if not fields.records:
        add_record(parsed, document, line, fields)
        return
    value = document
    for key in fields.records:
        value = value.get(key) if isinstance(value, dict) else None
    if not isinstance(value, list):
        path = ".".join(fields.records)
        parsed.problems.append(Hit(line, f"no list of records at newsqa_json_records = {path} in this document"))
        return
    for record in value:  # nested records carry the line of their document
        add_record(parsed, record, line, fields)


def _hints(record: dict[str, Any], fields: JsonFields) -> dict[str, str]:
    """What an empty-article finding should say about where this reader looked."""
    hints = {}
    for part, names, key in (
        ("headline", fields.headline, "newsqa_json_headline_fields"),
        ("body", fields.body, "newsqa_json_body_fields"),
    ):
        hints[part] = f"{part} keys tried: {', '.join(names)}; set {key} to the record's key"
    lists = [k for k, v in record.items() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)]
    if lists and not fields.records:
        hints["records"] = f"the records may be the list under {lists[0]!r}: set newsqa_json_records = {lists[0]}"
    return hints


def add_record(
    parsed: ParsedFile, record: Any, line: int, fields: JsonFields, field_lines: Mapping[str, int] | None = None
) -> None:
    """Append one feed record as an article (shared by the JSON, JSONL, CSV and XML readers).

    Every unit carries the record's ``line``, unless ``field_lines`` gives the line where a
    field's text starts (XML elements): then each body paragraph is on its own line.
    """
    if len(parsed.articles) >= MAX_RECORDS:
        if len(parsed.articles) == MAX_RECORDS and not any("records" in p.message for p in parsed.problems):
            parsed.problems.append(Hit(line, f"more than {MAX_RECORDS:,} records: the rest of the file is not read"))
        return
    if not isinstance(record, dict):
        kind = type(record).__name__ if record is not None else "null"
        parsed.problems.append(Hit(line, f"record is a JSON {kind}, not an object"))
        return
    lines = field_lines or {}
    article = Article(index=len(parsed.articles), line=line)
    url = record.get("url")
    if isinstance(url, str):
        article.url = url.strip()
    name, value = _first_field(record, fields.headline)
    headline = _strings(value)
    if headline:
        article.headline = TextUnit(" ".join(headline), lines.get(name, line))
    name, value = _first_field(record, fields.body)
    start = lines.get(name)
    for paragraph in _strings(value):
        article.paragraphs.extend(_paragraphs(paragraph, line if start is None else start, follow=start is not None))
    name, value = _first_field(record, fields.captions)
    for caption in _strings(value):
        article.captions.append(TextUnit(" ".join(caption.split()), lines.get(name, line)))
    if article.headline is None or not article.paragraphs:
        article.hints = _hints(record, fields)
    parsed.articles.append(article)


def _paragraphs(text: str, line: int, *, follow: bool) -> list[TextUnit]:
    """A body string split into paragraphs on newlines; with ``follow``, each on its own line
    (``line`` plus the newlines before it), else all on ``line``."""
    units = []
    seen = position = 0
    for match in _PARAGRAPH.finditer(text):
        part = match.group().strip()
        if not part:
            continue
        if follow:
            seen += text.count("\n", position, match.start())
            position = match.start()
        units.append(TextUnit(part, line + seen))
    return units


def _first_field(record: dict[str, Any], names: Sequence[str]) -> tuple[str, Any]:
    for name in names:
        if record.get(name) not in (None, "", []):
            return name, record[name]
    return "", None


def _strings(value: Any, depth: int = 0) -> list[str]:
    """Text out of a field: a string, a number, a list of them, or objects with a text key."""
    if value is None or isinstance(value, bool) or depth > 3:
        return []
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, (int, float)):
        return [str(value)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item, depth + 1)]
    if isinstance(value, dict):
        for key in ("text", "caption", "value", "content"):
            if key in value:
                return _strings(value[key], depth + 1)
    return []
