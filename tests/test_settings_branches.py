"""``settings.py`` finds the regex parser at ``re._parser`` (3.11+) or ``sre_parse`` (3.10).

The machines run 3.11, so the 3.10 branch is run here by hiding ``re._parser``: both
branches must refuse a repeat inside a repeat and accept an ordinary pattern.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import warnings
from types import ModuleType

import pytest

import pytest_newsqa.settings
from pytest_newsqa.settings import ConfigError


def _fresh_settings(monkeypatch: pytest.MonkeyPatch, name: str) -> ModuleType:
    """A new copy of settings.py, imported under another name (the package's own is untouched)."""
    spec = importlib.util.spec_from_file_location(name, pytest_newsqa.settings.__file__)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, name, module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _check(module: ModuleType) -> None:
    assert len(module.parse_patterns("newsqa_markers", ["Live updates?", r"\d{1,2}:\d{2} (?:BST|GMT)"])) == 2
    with pytest.raises(ConfigError if module is pytest_newsqa.settings else module.ConfigError, match="repeat"):
        module.parse_patterns("newsqa_markers", ["(a+)+$"])


def test_the_branch_this_python_takes(monkeypatch: pytest.MonkeyPatch) -> None:
    _check(pytest_newsqa.settings)
    _check(_fresh_settings(monkeypatch, "settings_311"))


def test_the_python_310_branch(monkeypatch: pytest.MonkeyPatch) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # 3.11 keeps them as deprecated shims
        import sre_constants  # noqa: F401
        import sre_parse  # noqa: F401
    monkeypatch.delattr(re, "_parser", raising=False)
    monkeypatch.delattr(re, "_constants", raising=False)
    monkeypatch.setitem(sys.modules, "re._parser", None)
    monkeypatch.setitem(sys.modules, "re._constants", None)
    module = _fresh_settings(monkeypatch, "settings_310")
    assert module.sre_parse.__name__ == "sre_parse"
    _check(module)
