"""The built-in rules and readers, registered through the same hooks a third-party plugin uses."""

from __future__ import annotations

import pluggy

import pytest_newsqa.readers as readers
from pytest_newsqa.engine import HTML_SUFFIXES
from pytest_newsqa.model import ParsedFile, Source
from pytest_newsqa.readers import read_json, read_jsonl, read_text
from pytest_newsqa.rule import Rule
from pytest_newsqa.rules import builtin_rules

hookimpl = pluggy.HookimplMarker("pytest")


@hookimpl
def pytest_newsqa_add_rules() -> list[Rule]:
    return builtin_rules()


@hookimpl(trylast=True)
def pytest_newsqa_read_file(source: Source) -> ParsedFile | None:
    """Readers by suffix; anything else that was collected is read as plain text."""
    suffix = source.suffix
    if suffix in HTML_SUFFIXES:
        return readers.read_html(source.text)
    if suffix == ".json":
        return read_json(source.text, source.settings.json_fields)
    if suffix in (".jsonl", ".ndjson"):
        return read_jsonl(source.text, source.settings.json_fields)
    return read_text(source.text)
