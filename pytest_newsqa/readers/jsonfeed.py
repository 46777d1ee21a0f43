"""JSON feeds: ``.json`` (an object or a list of objects) and ``.jsonl``/``.ndjson`` (Scrapy feed
exports, one object per line). Each record is an article; its units carry the record's line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from typing import Any

from pytest_newsqa.model import Article, Hit, ParsedFile, TextUnit
from pytest_newsqa.settings import JsonFields

_PARAGRAPH_BREAK = re.compile(r"\n+")
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
        _add_record(parsed, record, line, fields)
    return parsed


def read_jsonl(text: str, fields: JsonFields | None = None) -> ParsedFile:
    """One record per line; a line that does not parse is a problem, the others are still read."""
    fields = fields or JsonFields()
    parsed = ParsedFile([])
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (ValueError, RecursionError) as exc:
            parsed.problems.append(Hit(number, f"JSONL line does not parse: {_reason(exc)}"))
            continue
        _add_record(parsed, record, number, fields)
    return parsed


def _top_level_records(text: str) -> Iterator[tuple[int, Any]]:
    """Yield (line, value) for the document, or for each element of a top-level array."""
    start = len(text) - len(text.lstrip())
    if not text[start:].startswith("["):
        value, end = _DECODER.raw_decode(text, start)
        _expect_end(text, end)
        yield _line_at(text, start), value
        return
    position = _skip_space(text, start + 1)
    if text.startswith("]", position):
        _expect_end(text, position + 1)
        return
    while True:
        value, end = _DECODER.raw_decode(text, position)
        yield _line_at(text, position), value
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


def _line_at(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


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


def _add_record(parsed: ParsedFile, record: Any, line: int, fields: JsonFields) -> None:
    if len(parsed.articles) >= MAX_RECORDS:
        if len(parsed.articles) == MAX_RECORDS and not any("records" in p.message for p in parsed.problems):
            parsed.problems.append(Hit(line, f"more than {MAX_RECORDS:,} records: the rest of the file is not read"))
        return
    if not isinstance(record, dict):
        kind = type(record).__name__ if record is not None else "null"
        parsed.problems.append(Hit(line, f"record is a JSON {kind}, not an object"))
        return
    article = Article(index=len(parsed.articles), line=line)
    url = record.get("url")
    if isinstance(url, str):
        article.url = url.strip()
    headline = _strings(_first_field(record, fields.headline))
    if headline:
        article.headline = TextUnit(" ".join(headline), line)
    for paragraph in _strings(_first_field(record, fields.body)):
        article.paragraphs.extend(
            TextUnit(part.strip(), line) for part in _PARAGRAPH_BREAK.split(paragraph) if part.strip()
        )
    for caption in _strings(_first_field(record, fields.captions)):
        article.captions.append(TextUnit(" ".join(caption.split()), line))
    parsed.articles.append(article)


def _first_field(record: dict[str, Any], names: Sequence[str]) -> Any:
    for name in names:
        if record.get(name) not in (None, "", []):
            return record[name]
    return None


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
