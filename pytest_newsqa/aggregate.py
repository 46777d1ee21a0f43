"""Aggregating file results into the session's verdict: cross-file duplicates, per-rule
statistics and the rate gate. Used by the pytest controller and by ``merge``, so serial,
xdist and merged-shard runs end in the same place. Rendering lives in :mod:`pytest_newsqa.outputs`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pytest_newsqa.codes import DUPLICATE_ARTICLE, DUPLICATE_ARTICLE_NAME
from pytest_newsqa.model import ERROR, FAILED, NOT_RUN, WARNING, FileResult, Finding, Hit, Severity, Status
from pytest_newsqa.selection import Selector
from pytest_newsqa.spool import MemoryStore, Store

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
class _Census:
    """What one pass over every record says: counts, per-rule statistics, a few examples.

    Bounded by the number of rules, not of files, so a million-file run keeps it in a few KB.
    """

    statuses: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    findings: int = 0
    rule_files: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    rule_findings: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    names: dict[str, str] = field(default_factory=dict)
    severities: dict[str, Severity] = field(default_factory=dict)
    not_run_examples: list[str] = field(default_factory=list)
    failed_only_across: int = 0
    warnings: int = 0


@dataclass
class Aggregate:
    """Every file's record and findings; the verdict is made in :meth:`finish`.

    Records live in a :class:`~pytest_newsqa.spool.Store`: a dict, or an SQLite spool on
    disk for big runs. Everything here reads them in one pass at a time, never all at once.
    """

    selector: Selector
    files: Store = field(default_factory=MemoryStore)
    finished: bool = False
    crossed: list[Finding] = field(default_factory=list)
    """The cross-file duplicate findings :meth:`finish` added: no single file's item could know them.
    Kept in memory: as many as there are articles found in more than one file."""
    run: dict[str, Any] = field(default_factory=dict)
    """How the run was made: its shard ``[K, N]`` (or None) and its full settings; ``merge``
    refuses shards that leave gaps, overlap, or were made with other settings."""
    sections: dict[str, Any] = field(default_factory=dict)
    """Report sections added after the verdict (sources, comparison, baseline, catalogue): see ``review``."""
    review_failures: list[str] = field(default_factory=list)
    """Gates decided after the verdict (a rule's rate rising on a source): they fail the session too."""
    _census: _Census | None = field(default=None, repr=False)

    def add(self, result: FileResult) -> None:
        self.update(result)

    def update(self, result: FileResult) -> None:
        """Store a file's record (new, or a new result for a path)."""
        self.files[result.path] = result
        self._census = None

    def replace(self, result: FileResult) -> None:
        """Store a record changed after the verdict (findings, status, source; never its
        fingerprints): a spooled record is a copy, so whoever changes one writes it back."""
        self.files.replace(result)
        self._census = None

    def add_missing(self, paths: Iterable[str], status: Status = NOT_RUN) -> None:
        """Collected files that produced no result (deselected by -x, a crash, an interrupt)."""
        for path in paths:
            if path not in self.files:
                self.update(FileResult(path, status, 0, "unknown", []))

    def close(self) -> None:
        """Let go of the records (a spool's temporary files are removed)."""
        self.files.close()

    def finish(self) -> None:
        """Add cross-file duplicate findings and settle every file's status (idempotent)."""
        if self.finished:
            return
        self.finished = True
        if DUPLICATE_ARTICLE not in self.selector.enabled:
            return
        hits = self.files.duplicates()
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
            self.replace(result)
        self.crossed.sort(key=Finding.sort_key)

    def cross_file_findings(self) -> list[Finding]:
        """Duplicate findings that no single file's item could know (shown in the summary)."""
        return list(self.crossed)

    def failing_cross_file_findings(self) -> list[Finding]:
        """Cross-file findings that fail their file: they fail the session, whose items all passed."""
        return [f for f in self.crossed if self.selector.fails_file(f.code, f.severity)]

    def sorted_files(self) -> Iterator[FileResult]:
        """Every record in path order, read one page at a time."""
        return self.files.in_path_order()

    def findings(self) -> Iterator[Finding]:
        """Every finding in report order (by path, then by line)."""
        return (f for r in self.sorted_files() for f in r.findings)

    # -- statistics and gate ---------------------------------------------------------------
    def census(self) -> _Census:
        """One pass over every record, in path order, remembered until a record changes."""
        if self._census is not None:
            return self._census
        census = _Census()
        crossed = set(self.crossed)
        fails = self.selector.fails_file
        for result in self.sorted_files():
            census.statuses[result.status] += 1
            census.findings += len(result.findings)
            if result.status == NOT_RUN and len(census.not_run_examples) < _EXAMPLES:
                census.not_run_examples.append(result.path)
            for code in dict.fromkeys(f.code for f in result.findings):
                census.rule_files[code] += 1
                if len(census.examples[code]) < _EXAMPLES:
                    census.examples[code].append(result.path)
            for finding in result.findings:
                census.rule_findings[finding.code] += 1
                census.names.setdefault(finding.code, finding.rule)
                census.severities.setdefault(finding.code, finding.severity)
                census.warnings += finding.severity == WARNING
            if result.status == FAILED and not any(
                f not in crossed and fails(f.code, f.severity) for f in result.findings
            ):
                census.failed_only_across += 1
        self._census = census
        return census

    def checked(self) -> int:
        """Files that were checked (collected files that never ran are not)."""
        return len(self.files) - self.census().statuses.get(NOT_RUN, 0)

    def rule_stats(self) -> list[RuleStats]:
        census = self.census()
        total = max(1, self.checked())
        # Findings carry their rule's name and severity, also for rules this process never
        # loaded (an xdist controller does not meet a worker's late conftest.py).
        names = {**census.names, **self.selector.names}
        severities = {**census.severities, **self.selector.severities}
        stats = []
        for code in sorted(set(census.rule_files) | set(self.selector.gated)):
            files = census.rule_files.get(code, 0)
            share = 100.0 * files / total
            limit = self.selector.gated.get(code)
            stats.append(
                RuleStats(
                    code,
                    names.get(code, code),
                    files,
                    census.rule_findings.get(code, 0),
                    share,
                    list(census.examples.get(code, [])),
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
        return self.census().failed_only_across

    def failed_count(self) -> int:
        return self.census().statuses.get(FAILED, 0)

    def not_run_count(self) -> int:
        return self.census().statuses.get(NOT_RUN, 0)

    def not_run_examples(self) -> list[str]:
        """The first few files (in path order) that were collected and never checked."""
        return list(self.census().not_run_examples)

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
            and not self.failed_count()
            and not self.not_run_count()
            and not self.review_failures
        )

    def summary(self) -> dict[str, Any]:
        census = self.census()
        gate = self.gate_failures()
        return {
            "files": len(self.files),
            "statuses": dict(sorted(census.statuses.items())),
            "findings": census.findings,
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
