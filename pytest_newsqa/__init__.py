"""pytest-newsqa: validate the output of news scrapers with pytest.

The public API for rule authors: :func:`rule`, :class:`Rule`, :class:`Article`,
:class:`TextUnit`, :class:`Hit`, :class:`ParsedFile`, :class:`Source` (the argument of
``pytest_newsqa_read_file`` and of file rules), :class:`Settings`; for running the engine
without pytest: :func:`make_engine` (an engine's ``check``, ``check_text`` and
``check_record``), :class:`FileResult`, :class:`ConfigError`.
"""

from __future__ import annotations

from pytest_newsqa.api import make_engine
from pytest_newsqa.model import Article, FileResult, Finding, Hit, ParsedFile, Source, TextUnit
from pytest_newsqa.rule import Rule, rule
from pytest_newsqa.settings import ConfigError, Settings

__version__ = "0.1.0"

__all__ = [
    "Article",
    "ConfigError",
    "FileResult",
    "Finding",
    "Hit",
    "ParsedFile",
    "Rule",
    "Settings",
    "Source",
    "TextUnit",
    "make_engine",
    "rule",
]
