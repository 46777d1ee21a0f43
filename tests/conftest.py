from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pytest_newsqa.settings import Settings
from pytest_newsqa.standalone import make_engine
from tests.helpers import FIXTURES


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

