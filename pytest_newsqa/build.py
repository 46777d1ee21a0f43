"""Building the catalogue and the engine from the hooks: one build for every host.

The pytest plugin passes pytest's plugin manager, :mod:`pytest_newsqa.standalone` a
pluggy manager of its own; either way the built-in rules and readers are registered
through the same hooks a third-party plugin uses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pluggy

import pytest_newsqa.builtin as builtin
import pytest_newsqa.hookspecs as hookspecs
from pytest_newsqa.engine import Engine
from pytest_newsqa.model import ParsedFile, Source
from pytest_newsqa.rule import Catalogue, Rule, RuleError
from pytest_newsqa.selection import Selector
from pytest_newsqa.settings import Settings

BUILTIN_NAME = "newsqa-builtin"


def register_builtins(manager: pluggy.PluginManager) -> None:
    if not manager.is_registered(builtin):
        manager.register(builtin, BUILTIN_NAME)


def catalogue_from(
    manager: pluggy.PluginManager, on_error: Callable[[RuleError], Exception] | None = None
) -> Catalogue:
    """Every plugin's rules; a plugin registered later (a deep conftest.py) adds its rules then.

    ``on_error`` turns a bad registration into the host's error (pytest: a usage error).
    """
    register_builtins(manager)
    catalogue = Catalogue()

    def add(rules: Iterable[Rule] | Rule | None) -> None:
        try:
            catalogue.add_many(rules)
        except RuleError as exc:
            if on_error is None:
                raise
            raise on_error(exc) from None

    manager.hook.pytest_newsqa_add_rules.call_historic(kwargs={}, result_callback=add)
    return catalogue


def engine_from(
    manager: pluggy.PluginManager, catalogue: Catalogue, settings: Settings, selector: Selector | None = None
) -> Engine:
    """An engine whose reader is the ``pytest_newsqa_read_file`` hook (first result wins)."""

    def read(source: Source) -> ParsedFile | None:
        parsed: ParsedFile | None = manager.hook.pytest_newsqa_read_file(source=source)
        return parsed

    return Engine(catalogue, settings, read, selector)


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
    register_builtins(manager)
    for plugin in plugins:
        manager.register(plugin)
    return manager
