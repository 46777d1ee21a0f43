"""Which rules run on which file, and at what severity (flake8-style select/ignore).

A selector is plain data so it can be stored in a report and used again by ``merge``.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pytest_newsqa.model import ERROR, Severity
from pytest_newsqa.rule import Catalogue
from pytest_newsqa.settings import ConfigError, Resolver, Settings


def resolver(catalogue: Catalogue) -> Resolver:
    """Map a code, a code prefix or a rule name to the codes it names; unknown words fail."""

    def resolve(key: str, word: str) -> list[str]:
        found = catalogue.get(word)
        if found is not None:
            return [found.code]
        codes = [code for code in catalogue.codes() if code.startswith(word.upper())]
        if word and word == word.upper() and codes:
            return codes
        raise ConfigError(key, word, "unknown rule code, prefix or name (see pytest --newsqa-rules)")

    return resolve


def _longest_prefix(code: str, prefixes: Iterable[str]) -> int:
    """Length of the longest prefix of ``code`` among ``prefixes``; -1 when none matches."""
    return max((len(p) for p in prefixes if code.startswith(p)), default=-1)


@dataclass
class Selector:
    """Resolved selection: enabled codes, per-file ignores (as codes), severities, names."""

    enabled: set[str]
    names: dict[str, str]
    severities: dict[str, Severity]
    per_file_ignores: list[tuple[str, list[str]]] = field(default_factory=list)
    gated: dict[str, float] = field(default_factory=dict)

    @classmethod
    def build(cls, catalogue: Catalogue, settings: Settings) -> Selector:
        resolve = resolver(catalogue)
        select = [_as_prefix(catalogue, resolve, "newsqa_select", w) for w in settings.select] or [""]
        ignore = [_as_prefix(catalogue, resolve, "newsqa_ignore", w) for w in settings.ignore]
        enabled = {
            code
            for code in catalogue.codes()
            if _longest_prefix(code, select) >= 0 and _longest_prefix(code, select) >= _longest_prefix(code, ignore)
        }
        per_file = [
            (glob, sorted({c for w in words for c in resolve("newsqa_per_file_ignores", w)}))
            for glob, words in settings.per_file_ignores
        ]
        severities = {r.code: settings.severity.get(r.code, r.severity) for r in catalogue}
        names = {r.code: r.name for r in catalogue}
        return cls(enabled, names, severities, per_file, dict(settings.max_rate))

    def refresh(self, catalogue: Catalogue, settings: Settings) -> None:
        """Rebuild in place, for rules a plugin registered late (a conftest.py met during collection)."""
        self.__dict__.update(Selector.build(catalogue, settings).__dict__)

    def applies(self, code: str, path: str) -> bool:
        """Whether ``code`` is reported on the file at ``path`` (as displayed)."""
        if code not in self.enabled:
            return False
        return not any(
            code in codes and (fnmatch.fnmatch(path, glob) or fnmatch.fnmatch(path.rsplit("/", 1)[-1], glob))
            for glob, codes in self.per_file_ignores
        )

    def fails_file(self, code: str, severity: Severity) -> bool:
        """An error fails its file, unless a rate threshold gates that rule session-wide."""
        return severity == ERROR and code not in self.gated

    def to_json(self) -> dict[str, Any]:
        return {
            "enabled": sorted(self.enabled),
            "names": self.names,
            "severities": self.severities,
            "per_file_ignores": [[g, c] for g, c in self.per_file_ignores],
            "max_rate": self.gated,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Selector:
        return cls(
            set(data["enabled"]),
            dict(data["names"]),
            dict(data["severities"]),
            [(g, list(c)) for g, c in data.get("per_file_ignores", [])],
            {k: float(v) for k, v in data.get("max_rate", {}).items()},
        )


def _as_prefix(catalogue: Catalogue, resolve: Resolver, key: str, word: str) -> str:
    """A name stands for its full code; a code or prefix stands for itself (if it names any)."""
    found = catalogue.get(word)
    if found is not None:
        return found.code
    resolve(key, word)
    return word.upper()
