"""The run review: what a run's aggregate gets after the verdict, for the pytest controller and ``merge``.

A baseline applied to cross-file duplicates, each file's source and the ``sources``
section, the comparison with a previous run and its gate, the baseline's bookkeeping, the
rule catalogue (for SARIF's rule metadata), and the files they are written to (HTML,
SARIF, the updated baseline). No pytest here: options arrive as a :class:`ReviewOptions`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest_newsqa.baseline as baselines
import pytest_newsqa.compare as compare
import pytest_newsqa.sources as sources
from pytest_newsqa.aggregate import Aggregate
from pytest_newsqa.atomic import write_atomic
from pytest_newsqa.model import Finding
from pytest_newsqa.outputs import html, sarif
from pytest_newsqa.outputs.json_report import lazy_report as report_document
from pytest_newsqa.rule import Catalogue


@dataclass
class ReviewOptions:
    source_mode: sources.SourceMode | None = field(default_factory=lambda: sources.SourceMode("folder"))
    """How files get their source; None in ``merge``, which keeps the sources the shards gave."""
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
    """Every rule's metadata, for SARIF's rule descriptions."""
    return {
        rule.code: {"name": rule.name, "summary": rule.summary, "severity": rule.severity, "doc": rule.doc}
        for rule in catalogue
    }


def complete(aggregate: Aggregate, options: ReviewOptions, catalogue: dict[str, Any] | None = None) -> None:
    """Settle the verdict, then add sources, comparison, baseline and catalogue to the aggregate's report."""
    aggregate.finish()
    if catalogue:
        aggregate.sections["catalogue"] = catalogue
    section = _settle_records(aggregate, options)
    if section:
        aggregate.sections["sources"] = section
    if options.previous is not None:
        current = {"summary": aggregate.summary(), "sources": section, "config": {"names": aggregate.selector.names}}
        comparison = compare.compare(options.previous, current, options.previous_label or "the previous run")
        data = comparison.to_json()
        data["limits"] = dict(options.max_increase)
        data["failures"] = compare.gate_failures(comparison, options.max_increase)
        aggregate.sections["comparison"] = data
        aggregate.review_failures = list(data["failures"])
    if options.baseline is not None:
        aggregate.sections["baseline"] = {
            "file": _shown(options.baseline_path, options.base_dir),
            "accepted": sum(len(r.baselined) for r in aggregate.files.values()),
            "stale": [] if options.update_baseline else options.baseline.stale(aggregate.files.values()),
        }


def _settle_records(aggregate: Aggregate, options: ReviewOptions) -> dict[str, Any]:
    """In one pass over the records: the baseline applied to cross-file duplicates (only
    known now) and each file's source; returns the ``sources`` section (empty when no file
    has a source: reports of the Scrapy pipeline and datatrove merge without them)."""
    baseline = options.baseline
    crossed = set(aggregate.crossed)
    kept: set[Finding] = set()
    roots = list(options.roots)
    any_source = False

    def rows() -> Iterator[tuple[str, str, set[str]]]:
        nonlocal any_source
        for result in aggregate.files.values():
            before = (len(result.findings), len(result.baselined), result.status, result.source)
            if baseline is not None:
                baseline.apply(result, aggregate.selector)
                kept.update(f for f in result.findings if f in crossed)
            if options.source_mode is not None and not result.source:
                result.source = sources.source_of(result.path, result.url, options.source_mode, roots)
            if before != (len(result.findings), len(result.baselined), result.status, result.source):
                aggregate.replace(result)  # a spooled record is a copy: write it back
            any_source = any_source or bool(result.source)
            yield result.source or sources.OTHER, result.status, {f.code for f in result.findings}

    section = sources.section_of(rows())
    if baseline is not None:
        aggregate.crossed = [f for f in aggregate.crossed if f in kept]
    return section if any_source else {}


def write_outputs(aggregate: Aggregate, options: ReviewOptions) -> list[str]:
    """Write the HTML report, the SARIF log and the updated baseline that were asked for; say where."""
    if options.html_path is None and options.sarif_path is None and not options.update_baseline:
        return []
    document = report_document(aggregate)
    written = []
    if options.html_path is not None:
        base = options.base_dir
        write_atomic(options.html_path, lambda handle: html.write(document, handle, base))
        written.append(f"newsqa HTML report: {_shown(options.html_path, options.base_dir)}")
    if options.sarif_path is not None:
        write_atomic(options.sarif_path, lambda handle: sarif.write(document, handle))
        written.append(f"newsqa SARIF log: {_shown(options.sarif_path, options.base_dir)}")
    if options.update_baseline and options.baseline_path is not None:
        new = baselines.document_for(aggregate.sorted_files())
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
