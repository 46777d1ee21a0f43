"""Aggregating file results into the session's verdict: cross-file duplicates, per-rule
statistics and the rate gate. Used by the pytest controller and by ``merge``, so serial,
xdist and merged-shard runs end in the same place. Rendering lives in :mod:`pytest_newsqa.outputs`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pytest_newsqa.codes import DUPLICATE_ARTICLE, DUPLICATE_ARTICLE_NAME
from pytest_newsqa.index import across_files
from pytest_newsqa.model import ERROR, FAILED, NOT_RUN, WARNING, FileResult, Finding, Hit, Severity, Status
from pytest_newsqa.selection import Selector

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


def duplicate_findings(selector: Selector, path: str, hits: Iterable[tuple[int, Hit]]) -> list[Finding]:
    """The duplicate-article findings of one file, from the duplicate index's hits."""
    name = selector.names.get(DUPLICATE_ARTICLE, DUPLICATE_ARTICLE_NAME)
    severity = selector.severities.get(DUPLICATE_ARTICLE, ERROR)
    return [Finding(path, DUPLICATE_ARTICLE, name, severity, hit.line, hit.message, index) for index, hit in hits]


@dataclass
class Aggregate:
    """Every file's record and findings; the verdict is made in :meth:`finish`."""

    selector: Selector
    files: dict[str, FileResult] = field(default_factory=dict)
    finished: bool = False
    crossed: list[Finding] = field(default_factory=list)
    """The cross-file duplicate findings :meth:`finish` added: no single file's item could know them."""
    run: dict[str, Any] = field(default_factory=dict)
    """How the run was made: its shard ``[K, N]`` (or None) and its full settings; ``merge``
    refuses shards that leave gaps, overlap, or were made with other settings."""
    sections: dict[str, Any] = field(default_factory=dict)
    """Report sections added after the verdict (sources, comparison, baseline, catalogue): see ``review``."""
    review_failures: list[str] = field(default_factory=list)
    """Gates decided after the verdict (a rule's rate rising on a source): they fail the session too."""

    def add(self, result: FileResult) -> None:
        self.files[result.path] = result

    def add_missing(self, paths: list[str], status: Status = NOT_RUN) -> None:
        """Collected files that produced no result (deselected by -x, a crash, an interrupt)."""
        for path in paths:
            if path not in self.files:
                self.files[path] = FileResult(path, status, 0, "unknown", [])

    def finish(self) -> None:
        """Add cross-file duplicate findings and settle every file's status (idempotent)."""
        if self.finished:
            return
        self.finished = True
        if DUPLICATE_ARTICLE not in self.selector.enabled:
            return
        hits = across_files((r.path, r.fingerprints) for r in self.files.values() if r.fingerprints)
        for path, found in hits.items():
            if not self.selector.applies(DUPLICATE_ARTICLE, path):
                continue
            result = self.files[path]
            added = duplicate_findings(self.selector, path, found)
            self.crossed.extend(added)
            result.findings.extend(added)
            result.findings.sort(key=Finding.sort_key)
            if any(self.selector.fails_file(f.code, f.severity) for f in added):
                result.status = FAILED
        self.crossed.sort(key=Finding.sort_key)

    def cross_file_findings(self) -> list[Finding]:
        """Duplicate findings that no single file's item could know (shown in the summary)."""
        return list(self.crossed)

    def failing_cross_file_findings(self) -> list[Finding]:
        """Cross-file findings that fail their file: they fail the session, whose items all passed."""
        return [f for f in self.crossed if self.selector.fails_file(f.code, f.severity)]

    def sorted_files(self) -> list[FileResult]:
        return [self.files[p] for p in sorted(self.files)]

    def findings(self) -> list[Finding]:
        return [f for r in self.sorted_files() for f in r.findings]

    # -- statistics and gate ---------------------------------------------------------------
    def checked(self) -> int:
        """Files that were checked (collected files that never ran are not)."""
        return sum(1 for r in self.files.values() if r.status != NOT_RUN)

    def rule_stats(self) -> list[RuleStats]:
        total = max(1, self.checked())
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
    def _verdict(severity: Severity | None, share: float, limit: float | None) -> str:
        if limit is not None:
            return f"FAIL (over {limit:g}%)" if share > limit else f"ok (limit {limit:g}%)"
        if severity == WARNING:
            return "warning"
        return "fails files"

    def gate_failures(self) -> list[str]:
        return [why for _, why in self.gate_failures_by_code()]

    def gate_failures_by_code(self) -> list[tuple[str, str]]:
        """(code, why) of each rule whose share of files is over its limit."""
        return [
            (s.code, f"{s.code} {s.name}: {s.share:.2f}% of files, limit {s.limit:g}%")
            for s in self.rule_stats()
            if s.limit is not None and s.share > s.limit
        ]

    def failed_only_across_files(self) -> int:
        """Failed files that no finding of their own failed: why pytest counts them as passed."""
        crossed = {id(f) for f in self.crossed}
        return sum(
            1
            for r in self.files.values()
            if r.status == "failed"
            and not any(id(f) not in crossed and self.selector.fails_file(f.code, f.severity) for f in r.findings)
        )

    def failed_files(self) -> list[str]:
        return [r.path for r in self.sorted_files() if r.status == FAILED]

    def not_run_files(self) -> list[str]:
        return [r.path for r in self.sorted_files() if r.status == NOT_RUN]

    def passed(self) -> bool:
        """The session's verdict: no failed file, no file left unchecked, no rate over its limit,
        no rate risen past its allowance.

        A collected file that was not run (a crash, ``-x``, ``--collect-only``, an interrupt)
        was not shown to be fit: it fails the report and the ``merge`` gate.
        """
        return (
            not self.gate_failures()
            and not self.failed_files()
            and not self.not_run_files()
            and not self.review_failures
        )

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
            "passed": self.passed(),
        }
