"""The baseline the issue measures against: one item per file, the item only reads the file.

Loaded with ``-p bench.empty_plugin --empty-news``; it owns the same suffixes as pytest-newsqa.
"""

from __future__ import annotations

from pathlib import Path

import pytest

SUFFIXES = {".txt", ".html", ".htm", ".json", ".jsonl", ".ndjson"}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--empty-news", action="store_true", help="collect one reading item per scraped file")


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if parent.config.getoption("empty_news") and file_path.suffix in SUFFIXES:
        return EmptyFile.from_parent(parent, path=file_path)
    return None


class EmptyFile(pytest.File):
    def collect(self):
        yield EmptyItem.from_parent(self, name="read")


class EmptyItem(pytest.Item):
    def runtest(self) -> None:
        self.path.read_bytes()
