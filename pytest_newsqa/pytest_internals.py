"""Every place pytest-newsqa relies on pytest internals or on behaviour pytest does not promise.

Each function or class below names the pytest behaviour it relies on; each has a test in
``tests/test_pytest_internals.py`` that turns red when pytest changes it. Nothing else in
the package touches a private attribute of pytest, builds a report by hand or edits the
terminal's bookkeeping.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal, TypeVar, cast

import pytest

from pytest_newsqa.model import escape_path
from pytest_newsqa.wire import NO_RESULTS

PAYLOAD = "newsqa"
"""The attribute of a test report that carries a newsqa item's results."""

_Node = TypeVar("_Node", bound=pytest.Item)


# -- collection ------------------------------------------------------------------------------
def file_item(cls: type[_Node], parent: pytest.Collector, path: Any, name: str, **kwargs: Any) -> _Node:
    """An item for one file, to return from ``pytest_collect_file`` without a ``pytest.File``
    (or from ``pytest_collect_directory``, to stand for a folder that is not walked).

    Relies on: pytest collects whatever nodes ``pytest_collect_file`` and
    ``pytest_collect_directory`` return (the hooks are documented as returning collectors),
    and names a file node ``<parent nodeid>/<name>``
    (``<name>`` for a file in the rootdir itself). A collector per file would cost each file
    another node, collect call and collect report (a tenth of a millisecond).
    """
    # The rootdir's own Dir node is "" in pytest 8 and "." in pytest 9; a file in it is "<name>".
    # A folder name that is not UTF-8 is escaped too: xdist sends node ids as UTF-8.
    nodeid = f"{escape_path(parent.nodeid)}/{name}" if parent.nodeid not in ("", ".") else name
    return cls.from_parent(parent, path=path, name=name, nodeid=nodeid, **kwargs)


class LocationWithoutRelpath(pytest.Item):
    """``Item.location`` computed without pytest's per-item ``bestrelpath``.

    Relies on: ``Item.location`` is a ``cached_property`` that subclasses may override,
    equal to ``(path relative to config.rootpath, reportinfo()[1], reportinfo()[2])``.
    pytest's computation costs a tenth of a millisecond per item in a big run.
    """

    def relative_to_rootdir(self) -> str:
        raise NotImplementedError

    @functools.cached_property
    def location(self) -> tuple[str, int | None, str]:  # type: ignore[override]
        return self.relative_to_rootdir(), 0, self.reportinfo()[2]


# -- configuration ---------------------------------------------------------------------------
def while_configured(config: pytest.Config, action: Callable[[], None]) -> None:
    """Run ``action`` from ``pytest_cmdline_main`` with every plugin configured, like ``--markers``.

    Relies on: ``Config._do_configure()`` calls ``pytest_configure`` of every plugin (so a
    plugin registered there adds its rules) and ``Config._ensure_unconfigure()`` undoes it;
    pytest's own ``--markers`` and ``--fixtures`` do the same.
    """
    config._do_configure()
    try:
        action()
    finally:
        config._ensure_unconfigure()


def default_args(config: pytest.Config, paths: list[str]) -> bool:
    """Collect ``paths`` when the command line names none (as ``testpaths`` does); False if it names some.

    Relies on: ``Config.args`` and ``Config.args_source`` are set before ``pytest_configure``
    and ``Session.perform_collect`` collects ``config.args`` as they are after it.
    """
    if config.args_source == pytest.Config.ArgsSource.ARGS:
        return False
    config.args = list(paths)
    config.args_source = pytest.Config.ArgsSource.TESTPATHS
    return True


# -- running items ---------------------------------------------------------------------------
def run_lean(item: pytest.Item) -> None:
    """Run an item with the same reports as pytest, minus the machinery it cannot use.

    pytest's protocol spends most of a small item's time around its three phases:
    ``pytest_runtest_setup/call/teardown`` hooks that set up fixtures and capture output
    and log records per phase, the ``PYTEST_CURRENT_TEST`` variable, and a report built
    through ``pytest_runtest_makereport`` for each phase. A newsqa item has no fixtures and
    runs no user code, so: ``logstart``; a passed setup report; the check, timed and
    reported through ``pytest_runtest_makereport``; a passed teardown report; ``logfinish``.
    Every report goes through ``pytest_runtest_logreport``, so terminal, JUnit XML,
    ``--lf``, ``-x``, ``--durations`` and xdist see what they see for any item.

    Relies on: the hook sequence and arguments of ``_pytest.runner.runtestprotocol`` and
    ``CallInfo.from_call(func, when, reraise)``.
    """
    ihook = item.ihook  # a lookup per call in pytest; once per item here
    ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
    keywords: dict[str, Literal[1]] = sendable_keywords(dict.fromkeys(item.keywords, 1))
    ihook.pytest_runtest_logreport(report=passed_phase_report(item, keywords, "setup"))
    call = pytest.CallInfo.from_call(item.runtest, when="call", reraise=(pytest.exit.Exception, KeyboardInterrupt))
    report = ihook.pytest_runtest_makereport(item=item, call=call)
    ihook.pytest_runtest_logreport(report=report)
    if call.excinfo is not None:
        ihook.pytest_exception_interact(node=item, call=call, report=report)
    ihook.pytest_runtest_logreport(report=passed_phase_report(item, keywords, "teardown"))
    ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)


def passed_phase_report(
    item: pytest.Item, keywords: dict[str, Literal[1]], when: Literal["setup", "teardown"]
) -> pytest.TestReport:
    """The passed setup or teardown report of an item that has nothing to set up.

    Relies on: ``TestReport(nodeid, location, keywords, outcome, longrepr, when, sections,
    duration, start, stop, user_properties)`` in that order (positional: keywords cost a
    dict per report). It carries an empty payload, which marks it as a newsqa report.
    """
    now = time.time()
    report = pytest.TestReport(
        item.nodeid, item.location, keywords, "passed", None, when, [], 0.0, now, now, item.user_properties
    )
    attach(report, NO_RESULTS)
    return report


_Keywords = TypeVar("_Keywords", bound=Mapping[str, Any])


def sendable_keywords(keywords: _Keywords) -> _Keywords:
    """A report's keywords that xdist can send: a folder name that is not UTF-8 escaped.

    Relies on: ``TestReport.keywords`` holds the names of the item and of every node above
    it (pytest's ``NodeKeywords`` chain, so a ``Dir`` named ``caf\\udce9`` from
    ``os.fsdecode``), and xdist sends them as UTF-8 strings; a surrogate there is an
    INTERNALERROR in the worker and the file is never reported. Only the keys change, so
    ``-k`` (which matches the item's own keywords, not the report's) is unaffected.
    """
    try:
        "".join(keywords).encode("utf-8")  # the usual case: a microsecond, no copy
    except UnicodeEncodeError:
        return cast(_Keywords, {escape_path(name): value for name, value in keywords.items()})
    return keywords


def attach(report: pytest.TestReport, payload: str) -> None:
    """Put a payload on a report.

    Relies on: xdist serializes a report with ``pytest_report_to_serializable``, which keeps
    every attribute in the report's ``__dict__``, so the controller receives it.
    """
    setattr(report, PAYLOAD, payload)


def take(report: pytest.TestReport) -> str | None:
    """The payload of a newsqa report (None for any other), removed: the terminal keeps every report."""
    payload = report.__dict__.pop(PAYLOAD, None)
    return payload if isinstance(payload, str) else None


def forget_passed_report(config: pytest.Config, report: pytest.TestReport) -> None:
    """Drop a passed, output-less setup or teardown report from the terminal's stats.

    The terminal keeps every passing setup and teardown report (two per file) only to
    print their captured output, and at the end scans all of them once per failure
    (pytest-dev/pytest#13360): minutes for 100,000 files with a few percent failing.

    Relies on: ``TerminalReporter.stats[""]`` is the list of those reports, appended by its
    ``pytest_runtest_logreport``, which runs before a ``trylast`` implementation of the
    same hook, so the report is the last of the list.
    """
    terminal = config.pluginmanager.get_plugin("terminalreporter")
    kept = getattr(terminal, "stats", {}).get("")
    if kept and kept[-1] is report:
        kept.pop()


def fail_session(session: pytest.Session) -> None:
    """Make the session exit 1 although every item passed (a session-wide verdict).

    Relies on: ``pytest_runtestloop``'s caller turns ``session.testsfailed > 0`` into
    ``ExitCode.TESTS_FAILED``, as pytest-cov does for ``--cov-fail-under``.
    """
    session.testsfailed += 1


def stopped_on_failures(session: pytest.Session) -> bool:
    """Whether the session stopped because ``-x`` or ``--maxfail`` was reached.

    Relies on: ``Session.pytest_runtest_logreport`` sets ``session.shouldfail`` to
    ``"stopping after N failures"`` when the count of failed reports reaches ``maxfail``, also
    on an xdist controller (workers' reports go through that hook there), where xdist then
    ends the run with its ``Interrupted`` (exit status 2) instead of exit status 1.
    """
    return bool(session.shouldfail)


LASTFAILED = "cache/lastfailed"


def record_as_failed(config: pytest.Config, nodeids: Iterable[str]) -> None:
    """Record node ids as failed for the next ``--lf``/``--ff`` (a verdict made after their items passed).

    Relies on: the cache provider keeps ``--lf``'s failures in ``config.cache`` under the key
    ``cache/lastfailed`` as ``{node id: true}``, reads it at the next start, and writes it from
    its own (not ``trylast``) ``pytest_sessionfinish``: called from a ``trylast``
    ``pytest_sessionfinish``, this adds to what that session recorded. Without the cache
    provider (``-p no:cacheprovider``) there is nothing to record.
    """
    cache = getattr(config, "cache", None)
    if cache is None or is_xdist_worker(config):
        return
    recorded = cache.get(LASTFAILED, {})
    if not isinstance(recorded, dict):
        recorded = {}
    added = {nodeid: True for nodeid in nodeids if nodeid not in recorded}
    if added:
        cache.set(LASTFAILED, {**recorded, **added})


# -- xdist -----------------------------------------------------------------------------------
def is_xdist_worker(config: pytest.Config) -> bool:
    """Relies on: xdist gives a worker's config a ``workerinput`` attribute (documented by xdist)."""
    return hasattr(config, "workerinput")


def send_to_controller(config: pytest.Config, key: str, value: Any) -> bool:
    """Put ``value`` in the worker's ``workeroutput``; False outside an xdist worker.

    Relies on: xdist sends ``config.workeroutput`` to the controller, where it is the
    ``workeroutput`` of the node passed to ``pytest_testnodedown``.
    """
    output = getattr(config, "workeroutput", None)
    if output is None:
        return False
    output[key] = value
    return True


def received_from_worker(node: Any, key: str) -> Any:
    return getattr(node, "workeroutput", {}).get(key)
