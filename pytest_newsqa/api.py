"""The engine as a library: settings from plain values, rule plugins from entry points, and
one record or one text checked without a file. Scrapy's pipeline and datatrove's filter are
built on these, so a crawl, a corpus and ``pytest --newsqa`` apply the same rules alike.

No pytest here (a rule plugin's module may import it; that is the plugin's business).
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable, Iterable, Mapping
from importlib import metadata
from typing import TYPE_CHECKING, Any

from pytest_newsqa.model import FileResult
from pytest_newsqa.settings import ConfigError, Settings, ini_label, settings_from_mapping

if TYPE_CHECKING:
    from pytest_newsqa.aggregate import Aggregate
    from pytest_newsqa.engine import Engine

HOOK_NAMES = ("pytest_newsqa_add_rules", "pytest_newsqa_read_file")
ENTRY_POINT_GROUP = "pytest11"
_OWN_DISTRIBUTION = "pytest-newsqa"


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requires_us(dist: metadata.Distribution | None) -> bool:
    """Whether a distribution depends on pytest-newsqa: only those can hold rule plugins, and
    only their entry points are imported (importing every pytest plugin installed would cost
    seconds and import pytest)."""
    if dist is None:
        return False
    for requirement in dist.requires or ():
        name = re.match(r"[A-Za-z0-9_.-]+", requirement)
        if name and _canonical(name.group()) == _OWN_DISTRIBUTION and "extra ==" not in requirement:
            return True
    return False


def entry_point_plugins(disabled: Iterable[str] = ()) -> list[object]:
    """Rule plugins installed by entry point, loaded outside pytest as pytest loads them.

    Entry points of group ``pytest11`` from distributions that depend on pytest-newsqa, whose
    module defines a ``pytest_newsqa_*`` hook. ``disabled`` names entry points not to load
    (what ``-p no:NAME`` does under pytest); ``PYTEST_DISABLE_PLUGIN_AUTOLOAD`` disables all.
    """
    if os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD"):
        return []
    skip = set(disabled)
    plugins: list[object] = []
    for entry in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        dist = getattr(entry, "dist", None)
        if entry.name in skip or (dist is not None and _canonical(dist.name) == _OWN_DISTRIBUTION):
            continue
        if not _requires_us(dist):
            continue
        module = entry.load()
        # The same module can be installed twice on sys.path (an editable install and a copy).
        if any(hasattr(module, hook) for hook in HOOK_NAMES) and all(p is not module for p in plugins):
            plugins.append(module)
    return plugins


def import_plugins(names: Iterable[str | object], label: str = "plugins") -> list[object]:
    """Plugins given by module name (what ``-p NAME`` does under pytest) or as objects."""
    plugins = []
    for name in names:
        if not isinstance(name, str):
            plugins.append(name)
            continue
        try:
            plugins.append(importlib.import_module(name))
        except ImportError as exc:
            raise ConfigError(label, name, f"cannot import the plugin module ({exc})") from None
    return plugins


def make_engine(
    settings: Settings | Mapping[str, Any] | None = None,
    *plugins: object,
    entry_points: bool = False,
    label: Callable[[str], str] = ini_label,
) -> Engine:
    """An engine with the built-in rules and readers plus ``plugins``.

    ``settings`` is a :class:`Settings`, or plain values keyed like the ini keys
    (``{"select": "NWS2", "severity": ["NWS402:warning"], "max_rate": "stray-marker:1%"}``),
    parsed by the same parsers as under pytest: a bad value raises :class:`ConfigError`
    naming the key (as ``label`` names it) and the value. ``entry_points=True`` also loads
    the rule plugins installed by entry point, as pytest does.
    """
    from pytest_newsqa.build import catalogue_from, engine_from, plugin_manager
    from pytest_newsqa.selection import resolver

    if entry_points:  # a plugin also given by name is registered once
        plugins = (*plugins, *(p for p in entry_point_plugins() if all(p is not q for q in plugins)))
    manager = plugin_manager(*plugins)
    catalogue = catalogue_from(manager)
    if not isinstance(settings, Settings):
        settings = settings_from_mapping(settings or {}, resolver(catalogue), label)
    return engine_from(manager, catalogue, settings)


# -- content without a file ------------------------------------------------------------------
def check_text(engine: Engine, text: str, name: str, format: str = "txt") -> FileResult:
    """``text`` checked as a file named ``name`` in ``format`` holding it (UTF-8) would be."""
    return engine.check_text(text, name, format)


def check_record(engine: Engine, record: Any, name: str) -> FileResult:
    """One record (a mapping) checked as a ``.json`` file holding it."""
    return engine.check_record(record, name)


# -- a stream of records (crawl items, corpus documents) ---------------------------------------
class RecordStream:
    """Checks records one at a time, as they flow through a crawl or a corpus pipeline.

    Each record is checked as its own file would be. The same article twice in the stream
    is found as the moment its second copy arrives (what a pipeline can still act on), by the
    fingerprints NWS501 uses; the report, made at the end, names every copy, as for files.
    ``keep`` keeps each record's result for that report (a few hundred bytes per record).
    """

    def __init__(self, engine: Engine, keep: bool = True) -> None:
        from pytest_newsqa.aggregate import Aggregate
        from pytest_newsqa.codes import DUPLICATE_ARTICLE as DUPLICATE_CODE

        self.engine = engine
        self.keep = keep
        self.aggregate = Aggregate(engine.selector)
        self.checked = 0
        self._first: dict[str, tuple[str, int]] = {}  # body digest -> (name, article index)
        self._names: set[str] = set()
        self._duplicate = DUPLICATE_CODE

    def unique_name(self, name: str | None) -> str:
        """The record's name, made unique (the report keys records by name)."""
        base = str(name) if name not in (None, "") else f"record {self.checked}"
        unique, copy = base, 1
        while unique in self._names:
            copy += 1
            unique = f"{base} [{copy}]"
        return unique

    def check_record(self, record: Any, name: str | None = None) -> FileResult:
        name = self.unique_name(name)
        self.checked += 1
        result = check_record(self.engine, record, name)
        if self.keep:
            self._names.add(name)
            self.aggregate.add(result)
        return self._with_duplicates(result)

    def _with_duplicates(self, result: FileResult) -> FileResult:
        """The result plus a duplicate-article finding for each article seen earlier in the stream."""
        from dataclasses import replace

        from pytest_newsqa.model import Finding

        selector = self.engine.selector
        found = []
        for digest, index, line, *_ in result.fingerprints:
            first = self._first.setdefault(digest, (result.path, index))
            if first[0] != result.path and selector.applies(self._duplicate, result.path):
                message = f"article {index} is also in {first[0]} (article {first[1]})"
                severity = selector.severities.get(self._duplicate, "error")
                name = selector.names.get(self._duplicate, "duplicate-article")
                found.append(Finding(result.path, self._duplicate, name, severity, line, message, index))
        if not found:
            return result
        findings = sorted([*result.findings, *found], key=Finding.sort_key)
        fails = any(selector.fails_file(f.code, f.severity) for f in findings)
        return replace(result, findings=findings, status="failed" if fails else "passed")

    def finish(self) -> Aggregate:
        """The verdict of the whole stream: duplicates across records, statuses, the rate gate."""
        self.aggregate.finish()
        return self.aggregate


def stat_keys(result: FileResult, prefix: str = "newsqa") -> list[str]:
    """One stats key per finding, ``newsqa/NWS201/stray-marker`` (Scrapy's and datatrove's)."""
    return [f"{prefix}/{f.code}/{f.rule}" for f in result.findings]


def finding_records(result: FileResult) -> list[dict[str, Any]]:
    """The findings of one record as plain data, to attach to an item or a document."""
    return [{k: v for k, v in f.to_json().items() if k != "path"} for f in result.findings]


def failure_reason(result: FileResult, engine: Engine, shown: int = 3) -> str:
    """A one-line reason for dropping a record: its first findings that fail it."""
    failing = [f for f in result.findings if engine.selector.fails_file(f.code, f.severity)] or result.findings
    text = "; ".join(f"{f.code} {f.rule}: {f.message}" for f in failing[:shown])
    more = f" (and {len(failing) - shown} more)" if len(failing) > shown else ""
    return f"newsqa: {result.path}: {text}{more}"
