"""Building the catalogue and the engine from the hooks: one build for every host.

The pytest plugin passes pytest's plugin manager, :mod:`pytest_newsqa.standalone` a
pluggy manager of its own; either way the built-in rules and readers are registered
through the same hooks a third-party plugin uses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import pluggy

import pytest_newsqa.builtin as builtin
import pytest_newsqa.hookspecs as hookspecs
from pytest_newsqa.engine import Engine, Reader, ReaderError, Scope
from pytest_newsqa.model import Article, ParsedFile, Source, TextUnit, short_repr
from pytest_newsqa.rule import Catalogue, Rule, RuleError
from pytest_newsqa.selection import Selector
from pytest_newsqa.settings import Settings

BUILTIN_NAME = "newsqa-builtin"


def register_builtins(manager: pluggy.PluginManager) -> None:
    if not manager.is_registered(builtin):
        manager.register(builtin, BUILTIN_NAME)


class RuleBook:
    """The catalogue, and which plugin added which rules.

    Each ``pytest_newsqa_add_rules`` implementation is called once, when its plugin is first
    met, and its codes are kept by plugin: a host that scopes plugins (pytest hides a
    ``conftest.py`` from files outside its folder) asks for the codes of the implementations
    a file's hook caller sees. A plugin registered late (a deep ``conftest.py``) is met
    through :meth:`refresh` or a scope, which is what the historic hook promises.
    """

    def __init__(self, manager: pluggy.PluginManager, on_error: Callable[[RuleError], Exception] | None = None):
        register_builtins(manager)
        self.manager = manager
        self.catalogue = Catalogue()
        self.on_error = on_error
        self._codes: dict[Any, frozenset[str]] = {}

    def refresh(self) -> None:
        """Add the rules of every plugin registered so far."""
        self.codes(self.manager.hook.pytest_newsqa_add_rules.get_hookimpls())

    def codes(self, impls: Sequence[pluggy.HookImpl]) -> frozenset[str]:
        """The codes the given implementations add (pluggy calls the last registered first)."""
        found: set[str] = set()
        for impl in reversed(impls):
            codes = self._codes.get(impl.plugin)
            if codes is None:
                codes = self._codes[impl.plugin] = self._add(impl.function())  # type: ignore[arg-type]
            found |= codes
        return frozenset(found)

    def _add(self, rules: Iterable[Rule] | Rule | None) -> frozenset[str]:
        try:
            self.catalogue.add_many(rules)
        except RuleError as exc:
            if self.on_error is None:
                raise
            raise self.on_error(exc) from None
        listed = [] if rules is None else [rules] if isinstance(rules, Rule) else list(rules)
        return frozenset(r.code for r in listed)

    def scope(self, hook: Any) -> Scope:
        """The rules and reader that apply where ``hook`` (a path-scoped hook relay) applies."""
        return Scope(self.codes(hook.pytest_newsqa_add_rules.get_hookimpls()), reader(hook.pytest_newsqa_read_file))


def catalogue_from(
    manager: pluggy.PluginManager, on_error: Callable[[RuleError], Exception] | None = None
) -> Catalogue:
    """Every registered plugin's rules. ``on_error`` turns a bad registration into the host's error."""
    book = RuleBook(manager, on_error)
    book.refresh()
    return book.catalogue


def reader(caller: Callable[..., Any]) -> Reader:
    """The ``pytest_newsqa_read_file`` hook as a reader: first result wins; a wrong type is an error."""

    def read(source: Source) -> ParsedFile | None:
        parsed = caller(source=source)
        if parsed is not None:
            check_parsed(parsed, lambda: _culprit(caller, source))
        return parsed  # type: ignore[no-any-return]

    return read


_HOW = "a pytest_newsqa_read_file hook returns None or ParsedFile([Article(...), ...])"


def check_parsed(parsed: object, culprit: Callable[[], tuple[str, str]] = lambda: ("a reader", "unknown")) -> None:
    """Raise :class:`ReaderError` naming the reader and what it returned, when it is not a parsed file."""
    problem = _parsed_problem(parsed)
    if problem:
        name, where = culprit()
        raise ReaderError(f"{name} returned {problem}: {_HOW}", where)


def _parsed_problem(parsed: object) -> str:
    if not isinstance(parsed, ParsedFile):
        return f"{short_repr(parsed)} ({type(parsed).__name__})"
    if not isinstance(parsed.articles, list):
        return f"ParsedFile whose articles are {type(parsed.articles).__name__}, not a list"
    for article in parsed.articles:
        if not isinstance(article, Article):
            return f"an article {short_repr(article)} ({type(article).__name__}), not an Article"
        if article.headline is not None and not isinstance(article.headline, TextUnit):
            return f"a headline {short_repr(article.headline)}, not a TextUnit(text, line)"
        for kind in ("headings", "captions", "paragraphs", "extras"):
            units = getattr(article, kind)
            # The ends of each list only: a check per unit would cost every file a few percent.
            if not isinstance(units, list) or (units and not isinstance(units[0], TextUnit)):
                return f"Article.{kind} = {short_repr(units)}, not a list of TextUnit(text, line)"
            if units and not isinstance(units[-1], TextUnit):
                return f"Article.{kind} = {short_repr(units)}, not a list of TextUnit(text, line)"
    return ""


def _culprit(caller: Any, source: Source) -> tuple[str, str]:
    """Which implementation gave the first result, and where it is (asked again, on this error path only)."""
    for impl in reversed(getattr(caller, "get_hookimpls", list)()):
        try:
            if impl.function(source=source) is None:
                continue
        except Exception:
            continue  # only naming the culprit here
        code = getattr(impl.function, "__code__", None)
        where = f"{code.co_filename}:{code.co_firstlineno}" if code else "unknown place"
        return f"reader {getattr(impl.function, '__qualname__', impl.function)} from {impl.plugin_name}", where
    return "a reader", "unknown place"


def engine_from(
    manager: pluggy.PluginManager, catalogue: Catalogue, settings: Settings, selector: Selector | None = None
) -> Engine:
    """An engine whose reader is the ``pytest_newsqa_read_file`` hook (first result wins)."""
    return Engine(catalogue, settings, reader(manager.hook.pytest_newsqa_read_file), selector)


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
