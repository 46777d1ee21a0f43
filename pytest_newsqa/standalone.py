"""An engine outside pytest: the same hooks on a plugin manager of our own.

Used by ``python -m pytest_newsqa`` and the benchmark; handy in scripts and notebooks.
"""

from __future__ import annotations

from typing import Any

import pluggy

from pytest_newsqa import builtin, hookspecs
from pytest_newsqa.api import make_engine
from pytest_newsqa.rule import Catalogue

__all__ = ["catalogue_from", "make_engine", "plugin_manager"]


class _Manager(pluggy.PluginManager):
    """Takes ``pytest_newsqa_*`` functions without a ``hookimpl`` marker, as pytest's own plugin
    manager does, so a plugin module written for pytest registers here unchanged."""

    def parse_hookimpl_opts(self, plugin: object, name: str) -> Any:
        opts = super().parse_hookimpl_opts(plugin, name)
        if opts is None and name.startswith("pytest_newsqa_") and callable(getattr(plugin, name, None)):
            return {}
        return opts


def plugin_manager(*plugins: object) -> pluggy.PluginManager:
    manager = _Manager("pytest")
    manager.add_hookspecs(hookspecs)
    manager.register(builtin, "newsqa-builtin")
    for plugin in plugins:
        manager.register(plugin)
    return manager


def catalogue_from(manager: pluggy.PluginManager) -> Catalogue:
    catalogue = Catalogue()
    manager.hook.pytest_newsqa_add_rules.call_historic(kwargs={}, result_callback=catalogue.add_many)
    return catalogue
