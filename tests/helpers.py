"""Small helpers shared by the unit tests."""

from __future__ import annotations

from pathlib import Path

from pytest_newsqa.engine import Engine
from pytest_newsqa.model import FileResult


def check_content(engine: Engine, directory: Path, name: str, content: str | bytes) -> FileResult:
    path = directory / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return engine.check(path, name).result


def codes(result: FileResult) -> list[str]:
    return [f.code for f in result.findings]
