from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pytest_newsqa.settings import Settings
from pytest_newsqa.standalone import make_engine

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEEDS = ("000_4e2c9feb0530e3ed.txt", "001_e8cc6f06c8c1ee78.txt")


def missing_extra(name: str) -> str | None:
    """The optional extra a fixture needs and this environment lacks (``warc``, ``zstd``), if any.

    CI installs ``.[test,warc,zstd]``, so these tests run there; elsewhere they skip or expect
    the NWS901 finding that names the extra.
    """
    import importlib.util

    lowered = name.lower()
    if (lowered.endswith((".warc", ".warc.gz"))) and importlib.util.find_spec("fastwarc") is None:
        return "warc"
    if lowered.endswith(".zst") and importlib.util.find_spec("zstandard") is None:
        return "zstd"
    return None


@pytest.fixture
def engine():
    return make_engine(Settings())


@pytest.fixture
def fixture_copy(pytester: pytest.Pytester):
    """Copy named fixture files (relative to fixtures/) into the pytester directory."""

    def copy(*names: str, into: str = "data") -> Path:
        target = pytester.path / into
        target.mkdir(exist_ok=True)
        for name in names:
            shutil.copy(FIXTURES / name, target / Path(name).name)
        return target

    return copy


def fresh_interpreter_lines(code: str) -> list[str]:
    """What ``code`` prints in a new Python process (which modules a fresh import loads)."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.splitlines()
