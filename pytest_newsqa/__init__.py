"""pytest-newsqa: validate the output of news scrapers with pytest.

The public API for rule authors: :func:`rule`, :class:`Rule`, :class:`Article`,
:class:`TextUnit`, :class:`Hit`, :class:`ParsedFile`, :class:`Source` (the argument of
``pytest_newsqa_read_file`` and of file rules), :class:`Settings`.
"""

from __future__ import annotations

from pytest_newsqa.model import Article, Finding, Hit, ParsedFile, Source, TextUnit
from pytest_newsqa.rule import Rule, rule
from pytest_newsqa.settings import Settings

__version__ = "0.1.0"

__all__ = ["Article", "Finding", "Hit", "ParsedFile", "Rule", "Settings", "Source", "TextUnit", "rule"]
