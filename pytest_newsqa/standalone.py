"""An engine outside pytest: the same hooks on a plugin manager of our own.

Used by the benchmark, ``merge``, Scrapy's pipeline and datatrove's filter; handy in scripts.
"""

from __future__ import annotations

from pytest_newsqa.api import make_engine
from pytest_newsqa.build import catalogue_from, plugin_manager

__all__ = ["catalogue_from", "make_engine", "plugin_manager"]
