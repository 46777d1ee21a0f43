"""The controller: where results are aggregated, the session is decided and outputs are written.

Roles, as in pytest-mypy: every process collects and checks files; only the controller (a
serial run, or the xdist controller) aggregates results, decides cross-file duplicates and
the rate gate, and writes the report. Results travel on the test reports themselves
(see :mod:`pytest_newsqa.wire`), which xdist serializes, so serial and ``-n N`` runs
aggregate alike.
"""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

import pytest_newsqa.outputs as outputs
import pytest_newsqa.review as review
import pytest_newsqa.spool as spool
from pytest_newsqa.aggregate import Aggregate
from pytest_newsqa.collection import STATE, requested_roots
from pytest_newsqa.items import MAX_SHOWN, CheckItem
from pytest_newsqa.pytest_internals import fail_session, forget_passed_report, received_from_worker, take
from pytest_newsqa.selection import Selector
from pytest_newsqa.settings import settings_json
from pytest_newsqa.wire import from_wire, unpack_paths

CONTROLLER_NAME = "newsqa-controller"
COLLECTED = "newsqa_collected"
"""The key of ``workeroutput`` under which an xdist worker sends the files it collected."""
AGGREGATE = pytest.StashKey[Aggregate]()


class _TerminalReporter:
    """pytest's terminal reporter as an output :class:`~pytest_newsqa.outputs.Terminal`."""

    limit = MAX_SHOWN

    def __init__(self, reporter: Any) -> None:
        self.reporter = reporter

    def section(self, title: str, sep: str = "=") -> None:
        self.reporter.section(title, sep=sep)

    def line(self, text: str, red: bool = False) -> None:
        self.reporter.write_line(text, red=red)


class Controller:
    """Registered only where results are aggregated: a serial run or the xdist controller."""

    def __init__(self, config: pytest.Config, selector: Selector) -> None:
        self.config = config
        state = config.stash.get(STATE, None)
        self.aggregate = Aggregate(selector, spool.store_for(bool(state and state.batch), requested_roots(config)))
        if state is not None:
            self.aggregate.run = {
                "shard": list(state.shard) if state.shard else None,
                "settings": settings_json(state.engine.settings),
            }
        config.stash[AGGREGATE] = self.aggregate
        # The catalogue as configured, before any conftest.py is met: an xdist controller never
        # meets the rules of conftest files, so a later catalogue would differ from a serial run's.
        self.catalogue = review.catalogue_json(state.engine.catalogue) if state is not None else {}
        self.reviewed = False
        self.written: list[str] = []

    def review(self) -> None:
        """Once the verdict is in: baseline, sources, comparison and catalogue (see :mod:`~pytest_newsqa.review`)."""
        if not self.reviewed:
            self.reviewed = True
            review.complete(self.aggregate, self.config.stash[STATE].review, self.catalogue)

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        """Remember which files were collected, so the report lists each of them whatever happens."""
        self.aggregate.add_missing(collected_files(session))

    @pytest.hookimpl(trylast=True)
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        payload = take(report)
        if payload is None:
            return  # not a newsqa item's report
        if report.when == "call":
            for result in from_wire(payload):
                self.aggregate.add(result)
        elif report.passed and not report.sections:
            forget_passed_report(self.config, report)

    @pytest.hookimpl(optionalhook=True)  # an xdist hook: unknown when xdist is not installed
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        """xdist: each worker sends the files it collected (all workers collect the same)."""
        collected = received_from_worker(node, COLLECTED)
        if isinstance(collected, bytes):
            self.aggregate.add_missing(unpack_paths(collected))
        elif collected:  # a worker of an older version
            self.aggregate.add_missing(collected)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtestloop(self, session: pytest.Session) -> Generator[None, object, object]:
        result = yield
        self.review()
        aggregate = self.aggregate
        # A collected file left unchecked (a crashed worker, an item that raised) fails the
        # run as it fails the report; --collect-only checks nothing on purpose.
        unchecked = aggregate.not_run_files() and not session.config.option.collectonly
        failing = aggregate.failing_cross_file_findings() or aggregate.gate_failures() or aggregate.review_failures
        if failing or unchecked:
            fail_session(session)
        return result

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if exitstatus in (pytest.ExitCode.INTERRUPTED, pytest.ExitCode.USAGE_ERROR):
            return
        self.review()
        path = self.config.getoption("newsqa_report")
        # Told after the summary (the terminal prints it after this hook); exit 3, never 1, so a
        # CI step can tell a lost output from a failed check. Disk full or the folder gone:
        # the paths were checked at configure time.
        if path:
            try:
                outputs.write_report(Path(self.config.invocation_params.dir, path), self.aggregate)
            except OSError as exc:
                self.write_error = f"pytest-newsqa: the report could not be written to {path}: {exc.strerror or exc}"
                session.exitstatus = pytest.ExitCode.INTERNAL_ERROR
        try:
            self.written = review.write_outputs(self.aggregate, self.config.stash[STATE].review)
        except OSError as exc:
            where = f" to {exc.filename}" if exc.filename else ""
            self.write_error = f"pytest-newsqa: an output could not be written{where}: {exc.strerror or exc}"
            session.exitstatus = pytest.ExitCode.INTERNAL_ERROR

    write_error = ""

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        """The spool's temporary files go once everything is written (also after Ctrl-C)."""
        self.aggregate.close()

    def pytest_terminal_summary(self, terminalreporter: Any, exitstatus: int) -> None:
        if exitstatus == pytest.ExitCode.USAGE_ERROR:
            return  # a missing path: pytest's own message says it all, an empty summary would not
        self.review()
        terminal = _TerminalReporter(terminalreporter)
        outputs.show(self.config.getoption("newsqa_format"), self.aggregate, terminal)
        for line in self.written:
            terminal.line(line)
        if self.write_error:
            terminalreporter.write_line(f"ERROR: {self.write_error}", red=True, bold=True)


def collected_files(session: pytest.Session) -> list[str]:
    """Every file the session's newsqa items check, as collected."""
    return [display for item in session.items if isinstance(item, CheckItem) for _, display in item.files]
