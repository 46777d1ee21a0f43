"""Aggregating file results into the session's verdict: cross-file duplicates, the rate gate,
the summary table and the JSON report. Used by the pytest controller and by ``merge``, so
serial, xdist and merged-shard runs end in the same place.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pytest_newsqa.index import across_files
from pytest_newsqa.model import FileResult, Finding
from pytest_newsqa.selection import Selector

REPORT_VERSION = 1
DUPLICATE_CODE = "NWS501"
_EXAMPLES = 3


@dataclass
class RuleStats:
    code: str
    name: str
    files: int
    findings: int
    share: float
    examples: list[str]
    limit: float | None
    verdict: str


@dataclass
class Aggregate:
    """Every file's record and findings; the verdict is made in :meth:`finish`."""

    selector: Selector
    files: dict[str, FileResult] = field(default_factory=dict)
    finished: bool = False

    def add(self, result: FileResult) -> None:
        self.files[result.path] = result

    def add_missing(self, paths: list[str], status: str = "not run") -> None:
        """Collected files that produced no result (deselected by -x, a crash, an interrupt)."""
        for path in paths:
            if path not in self.files:
                self.files[path] = FileResult(path, status, 0, "unknown", [])

    def finish(self) -> None:
        """Add cross-file duplicate findings and settle every file's status (idempotent)."""
        if self.finished:
            return
        self.finished = True
        if DUPLICATE_CODE not in self.selector.enabled:
            return
        hits = across_files((r.path, r.fingerprints) for r in self.files.values() if r.fingerprints)
        name = self.selector.names.get(DUPLICATE_CODE, "duplicate-article")
        severity = self.selector.severities.get(DUPLICATE_CODE, "error")
        for path, found in hits.items():
            if not self.selector.applies(DUPLICATE_CODE, path):
                continue
            result = self.files[path]
            result.findings.extend(
                Finding(path, DUPLICATE_CODE, name, severity, hit.line, hit.message, index) for index, hit in found
            )
            result.findings.sort(key=Finding.sort_key)
            if self.selector.fails_file(DUPLICATE_CODE, severity):
                result.status = "failed"

    def cross_file_findings(self) -> list[Finding]:
        """Duplicate findings that no single file's item could know (shown in the summary)."""
        return [
            f
            for r in self.sorted_files()
            for f in r.findings
            if f.code == DUPLICATE_CODE and " is also in " in f.message
        ]

    def sorted_files(self) -> list[FileResult]:
        return [self.files[p] for p in sorted(self.files)]

    def findings(self) -> list[Finding]:
        return [f for r in self.sorted_files() for f in r.findings]

    # -- summary and gate ------------------------------------------------------------------
    def rule_stats(self) -> list[RuleStats]:
        total = max(1, sum(1 for r in self.files.values() if r.status != "not run"))
        by_code: dict[str, list[str]] = defaultdict(list)
        counts: dict[str, int] = defaultdict(int)
        # Findings carry their rule's name and severity, also for rules this process never
        # loaded (an xdist controller does not meet a worker's late conftest.py).
        names, severities = dict(self.selector.names), dict(self.selector.severities)
        for result in self.sorted_files():
            for code in dict.fromkeys(f.code for f in result.findings):
                by_code[code].append(result.path)
            for finding in result.findings:
                counts[finding.code] += 1
                names.setdefault(finding.code, finding.rule)
                severities.setdefault(finding.code, finding.severity)
        stats = []
        for code in sorted(set(by_code) | set(self.selector.gated)):
            paths = by_code.get(code, [])
            share = 100.0 * len(paths) / total
            limit = self.selector.gated.get(code)
            stats.append(
                RuleStats(
                    code,
                    names.get(code, code),
                    len(paths),
                    counts.get(code, 0),
                    share,
                    paths[:_EXAMPLES],
                    limit,
                    self._verdict(severities.get(code), share, limit),
                )
            )
        return stats

    @staticmethod
    def _verdict(severity: str | None, share: float, limit: float | None) -> str:
        if limit is not None:
            return f"FAIL (over {limit:g}%)" if share > limit else f"ok (limit {limit:g}%)"
        if severity == "warning":
            return "warning"
        return "fails files"

    def gate_failures(self) -> list[str]:
        return [
            f"{s.code} {s.name}: {s.share:.2f}% of files, limit {s.limit:g}%"
            for s in self.rule_stats()
            if s.limit is not None and s.share > s.limit
        ]

    def failed_files(self) -> list[str]:
        return [r.path for r in self.sorted_files() if r.status == "failed"]

    def summary(self) -> dict[str, Any]:
        statuses: dict[str, int] = defaultdict(int)
        for result in self.files.values():
            statuses[result.status] += 1
        gate = self.gate_failures()
        return {
            "files": len(self.files),
            "statuses": dict(sorted(statuses.items())),
            "findings": sum(len(r.findings) for r in self.files.values()),
            "rules": {
                s.code: {
                    "name": s.name,
                    "files": s.files,
                    "findings": s.findings,
                    "share": round(s.share, 4),
                    "examples": s.examples,
                    "limit": s.limit,
                    "verdict": s.verdict,
                }
                for s in self.rule_stats()
            },
            "gate": {"passed": not gate, "failures": gate},
            "passed": not gate and not self.failed_files(),
        }

    # -- output ----------------------------------------------------------------------------
    def summary_lines(self) -> list[str]:
        """The end-of-run table: plain text that reads well in a CI log."""
        stats = self.rule_stats()
        checked = sum(1 for r in self.files.values() if r.status != "not run")
        lines = [f"{checked} files checked, {len(self.failed_files())} failed"]
        if not stats:
            return [*lines, "no findings"]
        header = f"{'rule':<27} {'files':>6} {'findings':>8} {'share':>7}  {'verdict':<19} examples"
        lines += [header, "-" * len(header)]
        for s in stats:
            label = f"{s.code} {s.name}"
            lines.append(
                f"{label:<27} {s.files:>6} {s.findings:>8} {s.share:>6.2f}%  {s.verdict:<19} {', '.join(s.examples)}"
            )
        for failure in self.gate_failures():
            lines.append(f"GATE FAILED: {failure}")
        return lines

    def github_annotations(self) -> list[str]:
        lines = []
        for f in self.findings():
            level = "error" if f.severity == "error" else "warning"
            message = f"{f.code} {f.rule}: {f.message}".replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            path = f.path.replace("%", "%25").replace(",", "%2C").replace(":", "%3A")
            line = f",line={f.line}" if f.line else ""
            lines.append(f"::{level} file={path}{line}::{message}")
        return lines

    def to_json(self) -> dict[str, Any]:
        return {
            "version": REPORT_VERSION,
            "files": [r.to_json() for r in self.sorted_files()],
            "findings": [f.to_json() for f in self.findings()],
            "summary": self.summary(),
            "config": self.selector.to_json(),
        }


def write_report(path: str | os.PathLike[str], document: dict[str, Any]) -> None:
    """Write JSON atomically: a temporary file in the same folder, then a rename.

    An interrupted run leaves the previous report or the complete new one, never half a file.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(document, handle, ensure_ascii=False, indent=1)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def result_from_json(file: dict[str, Any], findings: list[Finding]) -> FileResult:
    return FileResult(
        path=file["path"],
        status=file["status"],
        articles=file.get("articles", 0),
        encoding=file.get("encoding", "unknown"),
        findings=findings,
        fingerprints=[tuple(fp) for fp in file.get("fingerprints", [])],
        url=file.get("url", ""),
        source=file.get("source", ""),
        baselined=[tuple(key) for key in file.get("baselined", [])],
    )


def to_wire(results: list[FileResult]) -> str:
    """File results as one JSON string, to ride on a test report (headlines kept for failure text).

    A string, not nested lists and dicts: xdist sends reports with execnet, whose serializer
    is pure Python and walks every element, while ``json`` is C. A batch of 500 files costs
    the controller milliseconds, not a share of a core.
    """
    records = []
    for result in results:
        data = result.to_json()
        data["findings"] = [f.to_json(with_headline=True) for f in result.findings]
        records.append(data)
    return json.dumps(records, ensure_ascii=False, separators=(",", ":"))


def from_wire(payload: str) -> list[FileResult]:
    return [result_from_json(data, [Finding.from_json(f) for f in data["findings"]]) for data in json.loads(payload)]
