"""An engine outside pytest: the same hooks on a plugin manager of our own.

Used by ``python -m pytest_newsqa`` and the benchmark; handy in scripts and notebooks.
"""

from __future__ import annotations

import pluggy

from pytest_newsqa import builtin, hookspecs
from pytest_newsqa.engine import Engine, Source
from pytest_newsqa.model import ParsedFile
from pytest_newsqa.rule import Catalogue
from pytest_newsqa.settings import Settings


def plugin_manager(*plugins: object) -> pluggy.PluginManager:
    manager = pluggy.PluginManager("pytest")
    manager.add_hookspecs(hookspecs)
    manager.register(builtin, "newsqa-builtin")
    for plugin in plugins:
        manager.register(plugin)
    return manager


def catalogue_from(manager: pluggy.PluginManager) -> Catalogue:
    catalogue = Catalogue()
    manager.hook.pytest_newsqa_add_rules.call_historic(kwargs={}, result_callback=catalogue.add_many)
    return catalogue


def make_engine(settings: Settings | None = None, *plugins: object) -> Engine:
    """An engine with the built-in rules and readers plus ``plugins``."""
    manager = plugin_manager(*plugins)

    def read(source: Source) -> ParsedFile | None:
        return manager.hook.pytest_newsqa_read_file(source=source)

    return Engine(catalogue_from(manager), settings or Settings(), read)
