"""Comparing a run with a previous one: per rule and per source, the rate then, now and the change.

Rates are shares of checked files in percent, as in the summary; a change is in percentage
points. ``--newsqa-max-increase truncated-body:2%`` fails the session when a rule's rate
rises by more than 2 points on any source present in both runs. Works on two JSON report
documents, so the pytest controller and ``merge`` compare alike.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pytest_newsqa.settings import ConfigError, Resolver, parse_rates


class CompareError(ValueError):
    """A previous report that cannot be compared with (unreadable, not a report)."""


@dataclass(frozen=True)
class Change:
    code: str
    name: str
    then: float
    now: float
    source: str | None = None

    @property
    def delta(self) -> float:
        return self.now - self.then


@dataclass
class Comparison:
    previous: str
    rules: list[Change] = field(default_factory=list)
    sources: list[Change] = field(default_factory=list)
    new_sources: list[str] = field(default_factory=list)
    vanished_sources: list[str] = field(default_factory=list)
    failed_share: tuple[float, float] = (0.0, 0.0)

    def to_json(self) -> dict[str, Any]:
        def row(change: Change) -> dict[str, Any]:
            data = {
                "code": change.code,
                "name": change.name,
                "then": round(change.then, 4),
                "now": round(change.now, 4),
            }
            return {**({"source": change.source} if change.source is not None else {}), **data}

        return {
            "previous": self.previous,
            "failed_share": {"then": round(self.failed_share[0], 4), "now": round(self.failed_share[1], 4)},
            "rules": [row(c) for c in self.rules],
            "sources": [row(c) for c in self.sources],
            "new_sources": self.new_sources,
            "vanished_sources": self.vanished_sources,
        }


def from_json(data: dict[str, Any]) -> Comparison:
    """The comparison a report's ``comparison`` section holds."""
    return Comparison(
        data["previous"],
        [Change(r["code"], r["name"], r["then"], r["now"]) for r in data["rules"]],
        [Change(r["code"], r["name"], r["then"], r["now"], r["source"]) for r in data["sources"]],
        list(data["new_sources"]),
        list(data["vanished_sources"]),
        (data["failed_share"]["then"], data["failed_share"]["now"]),
    )


def load_previous(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CompareError(f"{path}: not a readable JSON report ({exc})") from None
    if not isinstance(document, dict) or document.get("version") != 1 or "summary" not in document:
        raise CompareError(f"{path}: not a pytest-newsqa version 1 report")
    return document


def name_resolver(names: dict[str, str]) -> Resolver:
    """Resolve rule codes, code prefixes and names against a report's ``config.names``."""
    by_name = {name: code for code, name in names.items()}

    def resolve(key: str, word: str) -> list[str]:
        if word in names:
            return [word]
        if word in by_name:
            return [by_name[word]]
        codes = sorted(code for code in names if word and word == word.upper() and code.startswith(word))
        if codes:
            return codes
        raise ConfigError(key, word, "unknown rule code, prefix or name (see pytest --newsqa-rules)")

    return resolve


def parse_increases(value: Any, resolve: Resolver, key: str = "newsqa_max_increase") -> dict[str, float]:
    """``rule:percent`` pairs, as ``newsqa_max_rate``: the largest rise allowed, in points."""
    return parse_rates(key, value, resolve)


def _rule_shares(document: dict[str, Any]) -> dict[str, float]:
    return {code: float(stats["share"]) for code, stats in document["summary"].get("rules", {}).items()}


def _failed_share(document: dict[str, Any]) -> float:
    statuses = document["summary"].get("statuses", {})
    checked = sum(int(count) for status, count in statuses.items() if status != "not run")
    return 100.0 * int(statuses.get("failed", 0)) / max(1, checked)


def compare(previous: dict[str, Any], current: dict[str, Any], label: str = "previous run") -> Comparison:
    names = {**previous.get("config", {}).get("names", {}), **current.get("config", {}).get("names", {})}
    comparison = Comparison(label, failed_share=(_failed_share(previous), _failed_share(current)))
    then, now = _rule_shares(previous), _rule_shares(current)
    for code in sorted(set(then) | set(now)):
        comparison.rules.append(Change(code, names.get(code, code), then.get(code, 0.0), now.get(code, 0.0)))
    old, new = previous.get("sources", {}), current.get("sources", {})
    comparison.new_sources = sorted(set(new) - set(old))
    comparison.vanished_sources = sorted(set(old) - set(new))
    for source in sorted(set(old) & set(new)):
        before, after = old[source]["rules"], new[source]["rules"]
        for code in sorted(set(before) | set(after)):
            comparison.sources.append(
                Change(
                    code,
                    names.get(code, code),
                    float(before.get(code, {}).get("share", 0.0)),
                    float(after.get(code, {}).get("share", 0.0)),
                    source,
                )
            )
    return comparison


def gate_failures(comparison: Comparison, increases: dict[str, float]) -> list[str]:
    """One line per rule and source whose rate rose by more than its allowed increase."""
    return [
        f"{c.code} {c.name} on {c.source}: {c.then:.2f}% -> {c.now:.2f}% of files "
        f"(+{c.delta:.2f} points, limit +{increases[c.code]:g})"
        for c in comparison.sources
        if c.code in increases and c.delta > increases[c.code] + 1e-9
    ]


def lines(comparison: Comparison, limit: int = 20) -> list[str]:
    """The terminal's comparison: rules, then the largest per-source changes, then source changes."""
    then, now = comparison.failed_share
    out = [f"compared with {comparison.previous}: failed files {then:.2f}% -> {now:.2f}% ({now - then:+.2f} points)"]
    header = f"{'rule':<27} {'then':>7} {'now':>7} {'change':>8}"
    out += [header, "-" * len(header)]
    for c in comparison.rules:
        out.append(f"{c.code + ' ' + c.name:<27} {c.then:>6.2f}% {c.now:>6.2f}% {c.delta:>+8.2f}")
    moved = sorted((c for c in comparison.sources if abs(c.delta) > 1e-9), key=lambda c: (-abs(c.delta), c.source))
    if moved:
        header = f"{'source':<20} {'rule':<27} {'then':>7} {'now':>7} {'change':>8}"
        out += ["", header, "-" * len(header)]
        for c in moved[:limit]:
            out.append(
                f"{c.source or '':<20} {c.code + ' ' + c.name:<27} {c.then:>6.2f}% {c.now:>6.2f}% {c.delta:>+8.2f}"
            )
        if len(moved) > limit:
            out.append(f"... and {len(moved) - limit} more changes (all of them in the HTML report)")
    if comparison.new_sources:
        out.append(f"new sources: {', '.join(comparison.new_sources)}")
    if comparison.vanished_sources:
        out.append(f"vanished sources: {', '.join(comparison.vanished_sources)}")
    return out
