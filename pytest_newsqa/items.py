"""The test items: one scraped file (:class:`NewsItem`) or N of them (:class:`BatchItem`),
and the failure text that lists a failed file's findings."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from pytest_newsqa.model import ERROR, FAILED, FileResult
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
    files: list[tuple[Path, str]] | list[tuple[str, str]]
    """Each file to check, with its path as collected (computed once, at collection)."""

    def runtest(self) -> None:
        engine = self.state.engine
        self.results: list[FileResult] = []
        self.tracebacks: list[str] = []
        baseline = self.state.review.baseline  # applied here, so an accepted finding fails no item
        for path, display in self.files:
            checked = engine.check(Path(path), display)
            if baseline is not None:
                baseline.apply(checked.result, engine.selector)
            self.results.append(checked.result)
            self.tracebacks.extend(checked.tracebacks)
        if any(r.status == FAILED for r in self.results):
            raise NewsqaFailure()

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if not isinstance(excinfo.value, NewsqaFailure):
            return super().repr_failure(excinfo, style)  # a bug in the plugin: show it
        lines: list[str] = []
        for result in self.results:
            if result.status == FAILED:
                lines += failure_lines(result)
        if self.config.get_verbosity() > 0 and self.tracebacks:
            lines += ["", "tracebacks of rules or readers that crashed:", *self.tracebacks]
        return "\n".join(lines)

    def newsqa_payload(self) -> str:
        """The results of :meth:`runtest`, for the call report (see :mod:`pytest_newsqa.wire`)."""
        return to_wire(getattr(self, "results", []))


class NewsItem(LocationWithoutRelpath, CheckItem):
    """One scraped file."""

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

    def __init__(self, *, files: list[tuple[str, str]], state: State, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.state = state
        self.files = files

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"newsqa: {len(self.files)} files from {self.files[0][1]}"


def printable(text: str) -> str:
    """A file name that is not valid UTF-8 (its bytes kept as surrogates) shown as ``caf\\xe9.txt``.

    Reports are UTF-8 JSON and xdist sends node ids as UTF-8: neither can carry surrogates.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace")
    return text


def failure_lines(result: FileResult) -> list[str]:
    errors = sum(f.severity == ERROR for f in result.findings)
    warnings = len(result.findings) - errors
    counts = f"{errors} error{'s' * (errors != 1)}" + (
        f", {warnings} warning{'s' * (warnings != 1)}" if warnings else ""
    )
    lines = [f"{result.path}: {len(result.findings)} finding{'s' * (len(result.findings) != 1)} ({counts})"]
    lines += [f.format() for f in result.findings[:MAX_SHOWN]]
    if len(result.findings) > MAX_SHOWN:
        lines.append(f"... and {len(result.findings) - MAX_SHOWN} more (all of them in --newsqa-report)")
    return lines
