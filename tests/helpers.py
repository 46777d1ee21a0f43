"""Small helpers shared by the tests (conftest.py holds only fixtures)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pytest_newsqa.engine import Engine
from pytest_newsqa.model import FileResult

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEEDS = ("000_4e2c9feb0530e3ed.txt", "001_e8cc6f06c8c1ee78.txt")


def check_content(engine: Engine, directory: Path, name: str, content: str | bytes) -> FileResult:
    path = directory / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return engine.check(path, name).result


def codes(result: FileResult) -> list[str]:
    return [f.code for f in result.findings]


def fresh_interpreter_lines(code: str) -> list[str]:
    """What ``code`` prints in a new Python process (which modules a fresh import loads)."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.splitlines()
