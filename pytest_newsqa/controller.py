"""The controller: where results are aggregated, the session is decided and outputs are written.

Roles, as in pytest-mypy: every process collects and checks files; only the controller (a
serial run, or the xdist controller) aggregates results, decides cross-file duplicates and
the rate gate, and writes the report. Results travel on the test reports themselves
(see :mod:`pytest_newsqa.wire`), which xdist serializes, so serial and ``-n N`` runs
aggregate alike.
"""

from __future__ import annotations

import itertools
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest

import pytest_newsqa.outputs as outputs
import pytest_newsqa.review as review
import pytest_newsqa.spool as spool
from pytest_newsqa.aggregate import Aggregate
from pytest_newsqa.collection import STATE, requested_roots
from pytest_newsqa.items import MAX_SHOWN, CheckItem
from pytest_newsqa.model import FAILED, NOT_RUN
from pytest_newsqa.pytest_internals import (
    fail_session,
    forget_passed_report,
    received_from_worker,
    record_as_failed,
    stopped_on_failures,
    take,
)
from pytest_newsqa.selection import Selector
from pytest_newsqa.settings import settings_json
from pytest_newsqa.wire import from_wire, unpack_pairs

CONTROLLER_NAME = "newsqa-controller"
COLLECTED = "newsqa_collected"
"""The key of ``workeroutput`` under which an xdist worker sends the files it collected,
as ``{node id: [path as collected, ...]}`` (see :func:`collected_files`)."""
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
        self.session: pytest.Session | None = None
        self.packs: list[bytes] = []
        """What xdist workers collected, packed: (node id, file) pairs, unpacked only to find the
        node ids of files the controller failed (a dict of a million of them would cost 150 MB)."""

    def review(self) -> None:
        """Once the verdict is in: baseline, sources, comparison and catalogue (see :mod:`~pytest_newsqa.review`)."""
        if not self.reviewed:
            self.reviewed = True
            review.complete(self.aggregate, self.config.stash[STATE].review, self.catalogue)

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        """Remember which files were collected, so the report lists each of them whatever happens."""
        self.session = session
        self.aggregate.add_missing(path for _, path in collected_files(session))

    def nodeids_of(self, paths: set[str]) -> Iterator[str]:
        """The node ids of the items that check these files (serial: this session's items;
        xdist: the pairs the workers sent)."""
        pairs = itertools.chain(
            collected_files(self.session) if self.session is not None else (),
            *(unpack_pairs(pack) for pack in self.packs),
        )
        return (nodeid for nodeid, path in pairs if path in paths)

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
            self.packs.append(collected)
            self.aggregate.add_missing(path for _, path in unpack_pairs(collected))

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

    @pytest.hookimpl(trylast=True)  # after the cache provider has written --lf's failures
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if exitstatus == pytest.ExitCode.USAGE_ERROR:
            return
        # -x under xdist ends as "interrupted" (exit 2) where a serial run exits 1: both stopped
        # on a failure and are reported, with the files not run; Ctrl-C keeps the previous report.
        if exitstatus == pytest.ExitCode.INTERRUPTED and not stopped_on_failures(session):
            return
        if session.config.option.collectonly:
            # Nothing was checked: a report of files "not run" would say the run failed while
            # pytest exits 0, and an empty baseline would drop every accepted finding.
            self.skipped_outputs = True
            return
        self.review()
        self.aggregate.finish()
        # A file the controller failed (a duplicate across files) or that never ran passed no
        # item of its own: without this, --lf would skip it and pass.
        failed = {r.path for r in self.aggregate.files.values() if r.status in (FAILED, NOT_RUN)}
        if failed:
            record_as_failed(self.config, self.nodeids_of(failed))
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
    skipped_outputs = False

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        """The spool's temporary files go once everything is written (also after Ctrl-C)."""
        self.aggregate.close()

    def pytest_terminal_summary(self, terminalreporter: Any, exitstatus: int) -> None:
        if exitstatus == pytest.ExitCode.USAGE_ERROR:
            return  # a missing path: pytest's own message says it all, an empty summary would not
        terminal = _TerminalReporter(terminalreporter)
        if self.skipped_outputs:
            files = len(self.aggregate.files)
            terminal.line(
                f"newsqa: --collect-only: {files} file{'s' * (files != 1)} collected, none checked;"
                " no report or other output written (an earlier one is left as it was)"
            )
            return
        self.review()
        outputs.show(self.config.getoption("newsqa_format"), self.aggregate, terminal)
        for line in self.written:
            terminal.line(line)
        if self.write_error:
            terminalreporter.write_line(f"ERROR: {self.write_error}", red=True, bold=True)


def collected_files(session: pytest.Session) -> Iterator[tuple[str, str]]:
    """(node id of its item, file as collected) for every file the session's newsqa items check."""
    for item in session.items:
        if isinstance(item, CheckItem):
            for _, display in item.files:
                yield item.nodeid, display
