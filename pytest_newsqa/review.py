"""The run review: what a report document gets after the verdict, for the pytest controller and ``merge``.

Sources, the comparison with a previous run and its gate, the baseline's bookkeeping, the
rule catalogue (for SARIF's rule metadata), and the files they are written to (HTML,
SARIF, the updated baseline). No pytest here: options arrive as a :class:`ReviewOptions`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pytest_newsqa import baseline as baselines
from pytest_newsqa import compare, sources
from pytest_newsqa.atomic import write_atomic
from pytest_newsqa.outputs import html, sarif
from pytest_newsqa.rule import Catalogue

MAX_STALE_SHOWN = 20


@dataclass
class ReviewOptions:
    source_mode: sources.SourceMode = field(default_factory=lambda: sources.SourceMode("folder"))
    roots: list[str] = field(default_factory=list)
    """The paths the run was given, as collected paths are written (for sources by folder)."""
    previous: dict[str, Any] | None = None
    previous_label: str = ""
    max_increase: dict[str, float] = field(default_factory=dict)
    baseline: baselines.Baseline | None = None
    baseline_path: Path | None = None
    update_baseline: bool = False
    html_path: Path | None = None
    sarif_path: Path | None = None
    base_dir: Path = field(default_factory=Path.cwd)
    """Where the report's paths start: checked files are read from here for the HTML context."""


def catalogue_json(catalogue: Catalogue) -> dict[str, Any]:
    """Every rule's metadata, for SARIF's rule descriptions and the HTML report."""
    return {
        rule.code: {"name": rule.name, "summary": rule.summary, "severity": rule.severity, "doc": rule.doc}
        for rule in catalogue
    }


def complete(document: dict[str, Any], options: ReviewOptions, catalogue: dict[str, Any] | None = None) -> None:
    """Add ``catalogue``, ``sources``, ``comparison`` and ``baseline`` sections to a report document."""
    if catalogue is not None:
        document["catalogue"] = catalogue
    sources.annotate(document, options.source_mode, options.roots)
    if options.previous is not None:
        comparison = compare.compare(options.previous, document, options.previous_label or "the previous run")
        data = comparison.to_json()
        data["limits"] = dict(options.max_increase)
        data["failures"] = compare.gate_failures(comparison, options.max_increase)
        document["comparison"] = data
        if data["failures"]:
            document["summary"]["passed"] = False
    if options.baseline is not None:
        document["baseline"] = {
            "file": _shown(options.baseline_path, options.base_dir),
            "accepted": sum(len(f.get("baselined", [])) for f in document["files"]),
            "stale": [] if options.update_baseline else options.baseline.stale(document["files"]),
        }


def comparison_failures(document: dict[str, Any]) -> list[str]:
    return list((document.get("comparison") or {}).get("failures", []))


def lines(document: dict[str, Any], source_limit: int = 10) -> list[tuple[str, bool]]:
    """Terminal lines after the summary table, each with whether it is shown in red."""
    out: list[tuple[str, bool]] = []
    names = document.get("config", {}).get("names", {})
    table = sources.table_lines(document.get("sources") or {}, names, source_limit)
    if len(document.get("sources") or {}) > 1:
        out += [("", False), *((line, False) for line in table)]
    comparison = document.get("comparison")
    if comparison:
        rebuilt = compare.Comparison(
            comparison["previous"],
            [compare.Change(r["code"], r["name"], r["then"], r["now"]) for r in comparison["rules"]],
            [compare.Change(r["code"], r["name"], r["then"], r["now"], r["source"]) for r in comparison["sources"]],
            comparison["new_sources"],
            comparison["vanished_sources"],
            (comparison["failed_share"]["then"], comparison["failed_share"]["now"]),
        )
        out += [("", False), *((line, False) for line in compare.lines(rebuilt))]
        out += [(f"GATE FAILED: {failure}", True) for failure in comparison["failures"]]
    report = document.get("baseline")
    if report:
        stale = report["stale"]
        out.append(("", False))
        out.append(
            (
                f"baseline {report['file']}: {report['accepted']} findings accepted, "
                f"{sum(e['count'] for e in stale)} entries no longer occur"
                + (" (--newsqa-update-baseline drops them)" if stale else ""),
                False,
            )
        )
        for entry in stale[:MAX_STALE_SHOWN]:
            out.append((f"  no longer occurs: {entry['path']} {entry['code']} {entry['message']}", False))
        if len(stale) > MAX_STALE_SHOWN:
            out.append((f"  ... and {len(stale) - MAX_STALE_SHOWN} more", False))
    return out


def write_outputs(document: dict[str, Any], options: ReviewOptions) -> list[str]:
    """Write the HTML report, the SARIF log and the updated baseline that were asked for; say where."""
    written = []
    if options.html_path is not None:
        base = options.base_dir
        write_atomic(options.html_path, lambda handle: html.write(document, handle, base))
        written.append(f"newsqa HTML report: {_shown(options.html_path, options.base_dir)}")
    if options.sarif_path is not None:
        write_atomic(options.sarif_path, lambda handle: sarif.write(document, handle))
        written.append(f"newsqa SARIF log: {_shown(options.sarif_path, options.base_dir)}")
    if options.update_baseline and options.baseline_path is not None:
        new = baselines.document_for(document)
        baselines.write(options.baseline_path, new)
        shown = _shown(options.baseline_path, options.base_dir)
        written.append(f"newsqa baseline: {len(new['findings'])} entries written to {shown}")
    return written


def _shown(path: Path | None, base: Path) -> str:
    """A path as the user gave it: relative to where the run started when it lies below."""
    if path is None:
        return ""
    try:
        return Path(path).relative_to(base).as_posix()
    except ValueError:
        return str(path)
