"""The test items: one scraped file (:class:`NewsItem`) or N of them (:class:`BatchItem`),
and the failure text that lists a failed file's findings."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from pytest_newsqa.model import ERROR, FAILED, WARNING, FileResult, escape_path
from pytest_newsqa.pytest_internals import LocationWithoutRelpath
from pytest_newsqa.wire import to_wire

if TYPE_CHECKING:
    from pytest_newsqa.collection import State

MAX_SHOWN = 100
"""Findings listed per failed file (and cross-file duplicates in the summary); the report has all."""


class NewsqaFailure(Exception):
    """Raised by an item whose files have findings that fail them."""


class CheckItem(pytest.Item):
    """Shared by per-file and batch items: check files, keep results for the report."""

    state: State
    files: Sequence[tuple[Path, str]] | Sequence[tuple[str, str]]
    named_by_its_file = False
    """One file, whose path is the item's name (so its failure text need not repeat it)."""
    """Each file to check, with its path as collected (computed once, at collection)."""

    def runtest(self) -> None:
        engine = self.state.engine
        scope = self.state.scope(self)
        self.results: list[FileResult] = []
        self.tracebacks: list[str] = []
        baseline = self.state.review.baseline  # applied here, so an accepted finding fails no item
        for path, display in self.files:
            checked = engine.check(Path(path), display, scope)
            if baseline is not None:
                baseline.apply(checked.result, engine.selector)
            self.results.append(checked.result)
            self.tracebacks.extend(checked.tracebacks)
        if any(r.status == FAILED for r in self.results):
            raise NewsqaFailure()

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if not isinstance(excinfo.value, NewsqaFailure):
            return super().repr_failure(excinfo, style)  # a bug in the plugin: show it
        failed = [result for result in self.results if result.status == FAILED]
        lines: list[str] = []
        if self.named_by_its_file:
            # The path is already the item's name: the short summary reads "FAILED a.txt - 2 findings …".
            lines += failure_lines(failed[0], with_path=False)
        else:
            lines.append(f"{len(failed)} of {len(self.results)} files failed")
            for result in failed:
                lines += failure_lines(result)
        if self.config.get_verbosity() > 0 and self.tracebacks:
            lines += ["", "tracebacks of rules or readers that crashed:", *self.tracebacks]
        return "\n".join(lines)

    def newsqa_payload(self) -> str:
        """The results of :meth:`runtest`, for the call report (see :mod:`pytest_newsqa.wire`)."""
        return to_wire(getattr(self, "results", []))


class NewsItem(LocationWithoutRelpath, CheckItem):
    """One scraped file."""

    named_by_its_file = True

    def __init__(self, *, state: State, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.state = state
        self.files = [(self.path, state.display(self.path))]

    def reportinfo(self) -> tuple[Path | str, int, str]:
        display = self.files[0][1]
        where = self.path if printable(str(self.path)) == str(self.path) else display
        return where, 0, f"newsqa: {display}"

    def relative_to_rootdir(self) -> str:
        return printable(self.state.relative(self.path, self.config.rootpath))


class BatchItem(CheckItem):
    """N scraped files, in path order (batch mode)."""

    def __init__(self, *, files: Sequence[tuple[str, str]], state: State, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.state = state
        self.files = files

    def reportinfo(self) -> tuple[Path, int, str]:
        first, last = self.files[0][1], self.files[-1][1]
        return self.path, 0, f"newsqa: {len(self.files)} files, {first} … {last}"


def printable(text: str) -> str:
    """A file name safe to print and to send, and unique (see :func:`escape_path`): a name that
    is not valid UTF-8 shown as ``caf\\xe9.txt``, control characters escaped.

    Reports are UTF-8 JSON and xdist sends node ids as UTF-8: neither can carry surrogates;
    a newline or ESC in a name would forge CI annotations or terminal escape sequences.
    """
    return escape_path(text)


def failure_lines(result: FileResult, with_path: bool = True) -> list[str]:
    errors = sum(f.severity == ERROR for f in result.findings)
    warnings = len(result.findings) - errors
    counts = f"{errors} error{'s' * (errors != 1)}" + (
        f", {warnings} warning{'s' * (warnings != 1)}" if warnings else ""
    )
    rules = list(dict.fromkeys(f"{f.code} {f.rule}" for f in result.findings if f.severity != WARNING))
    which = ", ".join(rules[:3]) + (", …" if len(rules) > 3 else "")
    header = f"{len(result.findings)} finding{'s' * (len(result.findings) != 1)} ({counts}): {which}"
    lines = [f"{result.path}: {header}" if with_path else header]
    # Marked, so a reader of the list knows which lines did not fail the file.
    lines += [f.format() + (" (warning)" if f.severity == WARNING else "") for f in result.findings[:MAX_SHOWN]]
    if len(result.findings) > MAX_SHOWN:
        lines.append(f"... and {len(result.findings) - MAX_SHOWN} more (all of them in --newsqa-report)")
    return lines
