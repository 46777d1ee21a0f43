"""Baselines for a curated dataset, as mypy's and ruff's: known findings stop failing, new ones fail.

An entry is (path, code, digest of the offending text). The digest is of the text, not of
the line number, so an edit above a finding keeps it accepted. Entries count: a file with
one accepted ``TT`` marker fails when a second one appears. A finding a baseline accepts
leaves the file's ``findings`` for its ``baselined`` list, so it fails nothing and counts
in no rate; entries that no longer occur are reported, so the baseline can shrink.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from pytest_newsqa.atomic import write_atomic
from pytest_newsqa.model import FileResult, Finding, escape_text
from pytest_newsqa.selection import Selector

BASELINE_VERSION = 1
Key = tuple[str, str, str]
_DIGITS = re.compile(r"[0-9]+")


class BaselineError(ValueError):
    """A baseline file that cannot be used (unreadable, not a baseline)."""


def digest_of(finding: Finding) -> str:
    """The finding's text digest; a finding made without one (a cross-file duplicate) digests its message."""
    if finding.digest:
        return finding.digest
    text = f"{finding.code}\0{_DIGITS.sub('#', finding.message)}"
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


@dataclass
class Baseline:
    entries: Counter[Key] = field(default_factory=Counter)
    messages: dict[Key, str] = field(default_factory=dict)
    accept_all: bool = False
    """``--newsqa-update-baseline``: every finding is accepted (and written to the new baseline)."""

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Baseline:
        try:
            document = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            hint = "write one with --newsqa-update-baseline"
            raise BaselineError(f"{path}: not a readable baseline ({exc}); {hint}") from None
        if not isinstance(document, dict) or document.get("version") != BASELINE_VERSION:
            raise BaselineError(f"{path}: not a pytest-newsqa version {BASELINE_VERSION} baseline")
        baseline = cls()
        try:
            for entry in document.get("findings", []):
                # Escaped as report paths and messages are: a hand-edited baseline is printed too.
                key = (escape_text(str(entry["path"])), escape_text(str(entry["code"])), str(entry["digest"]))
                baseline.entries[key] += int(entry.get("count", 1))
                baseline.messages[key] = escape_text(str(entry.get("message", "")))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise BaselineError(f"{path}: not a valid pytest-newsqa baseline ({type(exc).__name__}: {exc})") from None
        return baseline

    def apply(self, result: FileResult, selector: Selector) -> None:
        """Move the findings this baseline accepts to ``result.baselined`` and settle the status.

        Idempotent: what the file already had accepted (on a worker) is not accepted twice
        (on the controller, which applies it again for cross-file duplicates).
        """
        if not self.entries and not self.accept_all:
            return
        used = Counter((result.path, code, digest) for code, digest, *_ in result.baselined)
        kept = []
        for finding in result.findings:
            key = (finding.path, finding.code, digest_of(finding))
            if self.accept_all or used[key] < self.entries[key]:
                used[key] += 1
                result.baselined.append((finding.code, key[2], finding.line, finding.message))
            else:
                kept.append(finding)
        if len(kept) != len(result.findings):
            result.findings = kept
            if result.status == "failed" and not any(selector.fails_file(f.code, f.severity) for f in kept):
                result.status = "passed"

    def stale(self, results: Iterable[FileResult]) -> list[dict[str, Any]]:
        """Entries no file matched (fixed findings, files gone): the baseline can drop them."""
        seen = Counter((r.path, code, digest) for r in results for code, digest, *_ in r.baselined)
        return [
            {
                "path": p,
                "code": c,
                "digest": d,
                "count": n - seen[(p, c, d)],
                "message": self.messages.get((p, c, d), ""),
            }
            for (p, c, d), n in sorted(self.entries.items())
            if n > seen[(p, c, d)]
        ]


def document_for(results: Iterable[FileResult]) -> dict[str, Any]:
    """The baseline of a run: every finding, accepted or not."""
    counts: Counter[Key] = Counter()
    messages: dict[Key, str] = {}
    for result in results:
        for finding in result.findings:
            key = (result.path, finding.code, digest_of(finding))
            counts[key] += 1
            messages.setdefault(key, finding.message)
        for code, digest, _line, message in result.baselined:
            key = (result.path, code, digest)
            counts[key] += 1
            messages.setdefault(key, message)
    return {
        "version": BASELINE_VERSION,
        "findings": [
            {"path": p, "code": c, "digest": d, "count": n, "message": messages[(p, c, d)]}
            for (p, c, d), n in sorted(counts.items())
        ],
    }


def write(path: str | os.PathLike[str], document: dict[str, Any]) -> None:
    """Atomically, like the report: a temporary file in the same folder, then a rename."""

    def dump(handle: TextIO) -> None:
        json.dump(document, handle, ensure_ascii=False, indent=1)
        handle.write("\n")

    write_atomic(path, dump)
