"""An engine outside pytest: the same hooks on a plugin manager of our own.

Used by the benchmark; handy in scripts and notebooks.
"""

from __future__ import annotations

import pluggy

from pytest_newsqa import hookspecs
from pytest_newsqa.build import catalogue_from, engine_from, register_builtins
from pytest_newsqa.engine import Engine
from pytest_newsqa.settings import Settings

__all__ = ["catalogue_from", "make_engine", "plugin_manager"]


def plugin_manager(*plugins: object) -> pluggy.PluginManager:
    manager = pluggy.PluginManager("pytest")
    manager.add_hookspecs(hookspecs)
    register_builtins(manager)
    for plugin in plugins:
        manager.register(plugin)
    return manager


def make_engine(settings: Settings | None = None, *plugins: object) -> Engine:
    """An engine with the built-in rules and readers plus ``plugins``."""
    manager = plugin_manager(*plugins)
    return engine_from(manager, catalogue_from(manager), settings or Settings())
