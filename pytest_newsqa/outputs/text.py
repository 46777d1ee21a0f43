"""The end-of-run summary table and the cross-file duplicates: plain text that reads well in a CI log."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest_newsqa.compare as compare
import pytest_newsqa.sources as sources
from pytest_newsqa.aggregate import Aggregate
from pytest_newsqa.model import WARNING, Finding
from pytest_newsqa.outputs.base import OutputFormat, Terminal

MAX_STALE_SHOWN = 20


def summary_lines(aggregate: Aggregate) -> list[str]:
    stats = aggregate.rule_stats()
    lines = [f"{aggregate.checked()} files checked, {aggregate.failed_count()} failed"]
    not_run = aggregate.not_run_count()
    if not_run:
        shown = aggregate.not_run_examples()[:_NOT_RUN_SHOWN]
        lines[0] += f", {not_run} not run (the run fails: e.g. {', '.join(shown)})"
    only_crossed = aggregate.failed_only_across_files()
    if only_crossed:
        lines.append(
            f"{only_crossed} of them failed only by duplicate articles across files, decided at the end:"
            " their own test items passed"
        )
    if not stats:
        return [*lines, "no findings"]
    header = f"{'rule':<27} {'files':>6} {'findings':>8} {'share':>7}  {'verdict':<19} examples"
    lines += [header, "-" * len(header)]
    for s in stats:
        label = f"{s.code} {s.name}"
        lines.append(
            f"{label:<27} {s.files:>6} {s.findings:>8} {s.share:>6.2f}%  {s.verdict:<19} {', '.join(s.examples)}"
        )
    for failure in aggregate.gate_failures():
        lines.append(f"GATE FAILED: {failure}")
    return lines


def review_lines(sections: dict[str, Any], names: dict[str, str], source_limit: int = 10) -> list[tuple[str, bool]]:
    """After the table: the sources (when more than one), the comparison, the baseline; each with red or not."""
    out: list[tuple[str, bool]] = []
    found = sections.get("sources") or {}
    if len(found) > 1:
        out += [("", False), *((line, False) for line in sources.table_lines(found, names, source_limit))]
    comparison = sections.get("comparison")
    if comparison:
        out += [("", False), *((line, False) for line in compare.lines(compare.from_json(comparison)))]
        out += [(f"GATE FAILED: {failure}", True) for failure in comparison["failures"]]
    report = sections.get("baseline")
    if report:
        stale = report["stale"]
        summary = (
            f"baseline {report['file']}: {report['accepted']} findings accepted, "
            f"{sum(e['count'] for e in stale)} entries no longer occur"
        )
        out += [("", False), (summary + (" (--newsqa-update-baseline drops them)" if stale else ""), False)]
        out += [(f"  no longer occurs: {e['path']} {e['code']} {e['message']}", False) for e in stale[:MAX_STALE_SHOWN]]
        if len(stale) > MAX_STALE_SHOWN:
            out.append((f"  ... and {len(stale) - MAX_STALE_SHOWN} more", False))
    return out


def show(aggregate: Aggregate, terminal: Terminal) -> None:
    aggregate.finish()
    terminal.section("newsqa summary")
    for line in summary_lines(aggregate):
        terminal.line(line, red=line.startswith("GATE FAILED"))
    for line, red in review_lines(aggregate.sections, aggregate.selector.names):
        terminal.line(line, red=red)
    _listing(terminal, "newsqa duplicate articles across files", aggregate.cross_file_findings())
    for code, why in aggregate.gate_failures_by_code():
        behind = (f for f in aggregate.findings() if f.code == code)
        _listing(terminal, f"newsqa rate gate: {why}", behind)
    # A warning never fails its file, so no failure list shows it: here is where it is seen.
    if aggregate.census().warnings:
        _listing(terminal, "newsqa warnings", (f for f in aggregate.findings() if f.severity == WARNING))


def _listing(terminal: Terminal, title: str, findings: Iterable[Finding]) -> None:
    """A titled list of findings, capped at the terminal's limit with a count of the rest
    (read as they come: a million-file run's findings are never listed whole)."""
    shown = 0
    for finding in findings:
        if not shown:
            terminal.section(title, sep="-")
        if terminal.limit is None or shown < terminal.limit:
            terminal.line(finding.format())
        shown += 1
    if terminal.limit is not None and shown > terminal.limit:
        terminal.line(f"... and {shown - terminal.limit} more (all of them in --newsqa-report)")


FORMAT = OutputFormat("text", "the summary table and the duplicate articles across files (always printed)", show=show)


_NOT_RUN_SHOWN = 3
