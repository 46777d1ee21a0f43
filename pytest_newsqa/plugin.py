"""The pytest layer: options, collection, items, the session verdict, report and summary.

Roles, as in pytest-mypy: every process collects and checks files; only the controller (a
serial run, or the xdist controller) aggregates results, decides cross-file duplicates and
the rate gate, and writes the report. Results travel on the test reports themselves
(``report.newsqa``), which xdist serializes, so serial and ``-n N`` runs aggregate alike.
"""

from __future__ import annotations

import fnmatch
import functools
import json
import os
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from pytest_newsqa import builtin, hookspecs, review
from pytest_newsqa.baseline import Baseline
from pytest_newsqa.config import INI_KEYS, read_batch, read_review, read_settings, read_shard
from pytest_newsqa.engine import Engine, Source
from pytest_newsqa.model import FileResult, ParsedFile
from pytest_newsqa.outputs import sarif
from pytest_newsqa.report import Aggregate, from_wire, to_wire, write_report
from pytest_newsqa.rule import Catalogue, RuleError
from pytest_newsqa.selection import Selector

MAX_SHOWN = 100


@dataclass
class State:
    """Per-process state, kept in ``config.stash``."""

    engine: Engine
    invocation_dir: Path
    batch: int
    shard: tuple[int, int] | None
    seen: set[str] = field(default_factory=set)
    """Real paths of directories reached through a symlink."""
    files_seen: dict[tuple[int, int], str] = field(default_factory=dict)
    """(device, inode) of each collected file, and the name it was collected under."""
    roots: list[Path] = field(default_factory=list)
    folders: dict[tuple[str, str], str] = field(default_factory=dict)
    """(base, folder) -> the folder relative to base: computed once per folder, not per file."""
    review_options: review.ReviewOptions = field(default_factory=review.ReviewOptions)
    baseline: Baseline | None = None
    """Applied where files are checked, so a finding it accepts does not fail its item."""

    def display(self, path: Path | str) -> str:
        """The path as collected: relative to where pytest was started (``../data/a.txt`` too)."""
        return printable(self.relative(path, self.invocation_dir).replace(os.sep, "/"))

    def relative(self, path: Path | str, base: Path) -> str:
        """``path`` relative to ``base`` (``os.path.relpath``), at the cost of a dict lookup per file."""
        folder, name = os.path.split(os.fspath(path))
        key = (os.fspath(base), folder)
        relative_folder = self.folders.get(key)
        if relative_folder is None:
            try:
                relative_folder = os.path.relpath(folder, key[0])
            except ValueError:  # another drive on Windows
                relative_folder = folder
            self.folders[key] = relative_folder
        return name if relative_folder == os.curdir else os.path.join(relative_folder, name)

    def owns(self, path: Path | str) -> bool:
        name = path.name if isinstance(path, Path) else os.path.basename(path)
        dot = name.rfind(".")  # pathlib's rule for a suffix, without a Path per file
        return 0 < dot < len(name) - 1 and name[dot:].lower() in self.engine.settings.extensions

    def first_visit(self, path: Path | str, identity: tuple[int, int] | None = None) -> bool:
        """False for a file already collected under another name (a symlink, a hard link).

        The same name may be offered again: pytest collects a folder once per argument below it.
        ``identity`` is the file's (device, inode) when the caller knows it without a ``stat``.
        """
        if identity is None:
            try:
                info = os.stat(path)
            except OSError:
                return True  # broken link: collect it, its run reports it as unreadable
            identity = (info.st_dev, info.st_ino)
        name = os.fspath(path)
        return self.files_seen.setdefault(identity, name) == name

    def requested(self, path: Path) -> bool:
        """Whether a file lies below a path the session was asked to collect.

        pytest offers every file of the directories above an argument to collect hooks and
        drops the nodes it did not ask for; batch mode, which makes no node per file,
        must do that filtering itself.
        """
        return any(root == path or root in path.parents for root in self.roots)

    def in_shard(self, path: Path | str, display: str | None = None) -> bool:
        """Whether the file belongs to this shard (its collected path is computed only if needed)."""
        if self.shard is None:
            return True
        k, n = self.shard
        display = display or self.display(path)
        return zlib.crc32(display.encode("utf-8", "surrogateescape")) % n == k - 1


def printable(text: str) -> str:
    """A file name that is not valid UTF-8 (its bytes kept as surrogates) shown as ``caf\\xe9.txt``.

    Reports are UTF-8 JSON and xdist sends node ids as UTF-8: neither can carry surrogates.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace")
    return text


STATE = pytest.StashKey[State]()
AGGREGATE = pytest.StashKey[Aggregate]()


# -- options ---------------------------------------------------------------------------------
def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("newsqa", "news scrape validation (pytest-newsqa)")
    group.addoption(
        "--newsqa",
        action="store_true",
        help="Check scraped news files (.txt, .html, .json, .jsonl) in the given paths.",
    )
    group.addoption(
        "--newsqa-report", metavar="PATH", help="Write a JSON report of every file and finding to PATH (atomically)."
    )
    group.addoption(
        "--newsqa-select",
        metavar="CODES",
        help="Comma list of rule codes, prefixes or names to report (overrides newsqa_select).",
    )
    group.addoption(
        "--newsqa-ignore",
        metavar="CODES",
        help="Comma list of rule codes, prefixes or names not to report (overrides newsqa_ignore).",
    )
    group.addoption("--newsqa-rules", action="store_true", help="Print the rule catalogue and exit.")
    group.addoption(
        "--newsqa-max-rate",
        metavar="RATES",
        help="rule:percent pairs, e.g. truncated-body:2%%,stray-marker:0.5%% (overrides newsqa_max_rate).",
    )
    group.addoption("--newsqa-shard", metavar="K/N", help="Check only shard K of N (a stable hash of each path).")
    group.addoption(
        "--newsqa-format",
        choices=("text", "github", "sarif"),
        default="text",
        help="'github' also prints ::error/::warning annotation lines; 'sarif' prints the SARIF log at the end.",
    )
    group.addoption("--newsqa-html", metavar="PATH", help="Write the HTML report to PATH (atomically).")
    group.addoption("--newsqa-sarif", metavar="PATH", help="Write a SARIF 2.1.0 log to PATH (atomically).")
    group.addoption(
        "--newsqa-compare", metavar="PREVIOUS", help="Compare rule rates per rule and source with a previous report."
    )
    group.addoption(
        "--newsqa-max-increase",
        metavar="RATES",
        help="rule:percent pairs: fail when a rule's rate on a source rises more than that (with --newsqa-compare).",
    )
    group.addoption(
        "--newsqa-baseline",
        metavar="FILE",
        help="Findings recorded in FILE do not fail; new ones do; entries that no longer occur are listed.",
    )
    group.addoption(
        "--newsqa-update-baseline", action="store_true", help="Write every finding of this run to --newsqa-baseline."
    )
    group.addoption(
        "--newsqa-batch", metavar="N", help="Check N files per test item, for big runs (overrides newsqa_batch)."
    )
    for name, help_text, kind, default in INI_KEYS:
        parser.addini(name, help_text, type=kind, default=default)  # type: ignore[arg-type]


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    pluginmanager.add_hookspecs(hookspecs)


# -- configuration ---------------------------------------------------------------------------
def _catalogue(config: pytest.Config) -> Catalogue:
    catalogue = Catalogue()

    def add(rules: Any) -> None:
        try:
            catalogue.add_many(rules)
        except RuleError as exc:
            raise pytest.UsageError(f"pytest-newsqa: {exc}") from None

    if not config.pluginmanager.is_registered(builtin):
        config.pluginmanager.register(builtin, "newsqa-builtin")
    config.hook.pytest_newsqa_add_rules.call_historic(kwargs={}, result_callback=add)
    return catalogue


def _make_engine(config: pytest.Config, catalogue: Catalogue) -> Engine:
    settings = read_settings(config, catalogue)

    def read(source: Source) -> ParsedFile | None:
        return config.hook.pytest_newsqa_read_file(source=source)

    return Engine(catalogue, settings, read, Selector.build(catalogue, settings))


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> int | None:
    """``--newsqa-rules`` prints the catalogue and exits, like ``--markers``."""
    if not config.getoption("newsqa_rules"):
        return None
    config._do_configure()
    catalogue = _catalogue(config)
    writer = config.get_terminal_writer()
    for rule in catalogue:
        writer.line(f"{rule.code} {rule.name} [{rule.severity}] {rule.summary} (from {rule.origin or 'unknown'})")
    config._ensure_unconfigure()
    return 0


def pytest_configure(config: pytest.Config) -> None:
    if not config.getoption("newsqa") or config.getoption("newsqa_rules"):
        return
    catalogue = _catalogue(config)
    engine = _make_engine(config, catalogue)
    state = State(engine, config.invocation_params.dir, read_batch(config), read_shard(config))
    state.roots = _requested_roots(config)
    roots = [state.display(root) for root in state.roots]
    # Only the process that aggregates compares: a worker needs the baseline alone.
    state.review_options = read_review(config, catalogue, roots, controller=not hasattr(config, "workerinput"))
    state.baseline = state.review_options.baseline
    config.stash[STATE] = state
    if not hasattr(config, "workerinput"):
        config.stash[AGGREGATE] = Aggregate(engine.selector)
        config.pluginmanager.register(Controller(config), "newsqa-controller")


def _requested_roots(config: pytest.Config) -> list[Path]:
    """The paths given to pytest (or its testpaths), absolute, without ``::`` node parts."""
    from_testpaths = getattr(config, "args_source", None) == pytest.Config.ArgsSource.TESTPATHS
    base = config.rootpath if from_testpaths else config.invocation_params.dir
    return [Path(os.path.abspath(base / arg.split("::")[0])) for arg in config.args]


# -- collection ------------------------------------------------------------------------------
@pytest.hookimpl(wrapper=True)
def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> Iterator[None] | list[Any]:
    """One item per scraped file, checked by us only (not also as a doctest by pytest's plugin).

    The item is returned directly, without a ``pytest.File`` collector around it: pytest
    collects whatever nodes this hook returns, and a collector per file would cost each
    file another node, collect call and collect report (a tenth of a millisecond).
    """
    collected = yield
    state = parent.config.stash.get(STATE, None)
    if state is None or not state.owns(file_path):
        return collected
    if not state.in_shard(file_path) or not state.first_visit(file_path):
        return []
    name = printable(file_path.name)  # a name that is not valid UTF-8 gets a printable id
    nodeid = f"{parent.nodeid}/{name}" if parent.nodeid else name  # as pytest names a file node
    return [NewsItem.from_parent(parent, path=file_path, name=name, nodeid=nodeid)]


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """A directory reached again through a symlink (or a loop) is not walked twice."""
    state = config.stash.get(STATE, None)
    if state is None or not collection_path.is_symlink() or not collection_path.is_dir():
        return None
    real = os.path.realpath(collection_path)
    if real in state.seen or any(real == os.path.realpath(p) for p in collection_path.parents):
        return True
    state.seen.add(real)
    return None


def pytest_collect_directory(path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """Batch mode: a requested directory is walked by :class:`BatchDirectory`, not node by node."""
    state = parent.config.stash.get(STATE, None)
    if state is None or not state.batch or not state.requested(path):
        return None
    return BatchDirectory.from_parent(parent, path=path)


class BatchDirectory(pytest.Directory):
    """A requested directory in batch mode: one item per N scraped files below it, no node per file.

    pytest's own walk costs ~0.2 ms a file in hooks and nodes, paid again by every xdist
    worker; this walk costs a ``scandir`` entry. Only scraped files are collected below it
    (``norecursedirs``, ``--ignore`` and ``collect_ignore`` still apply to its folders).
    """

    def collect(self) -> Iterator[pytest.Item]:
        """Batches of N files in path order, so every xdist worker builds the same items."""
        state = self.config.stash[STATE]
        files = sorted(self._scraped_files(state), key=lambda file: file[1])
        for start in range(0, len(files), state.batch):
            name = f"newsqa-batch[{start // state.batch:05d}]"
            yield BatchItem.from_parent(self, name=name, files=files[start : start + state.batch])

    def _scraped_files(self, state: State) -> Iterator[tuple[str, str]]:
        """(path, path as collected) of each scraped file below this folder, in this shard.

        Paths stay strings (a ``Path`` per file is made by the worker that checks it), and a
        file's (device, inode) comes from its directory entry: a walk of 100,000 files costs
        each xdist worker a second, not several.
        """
        norecurse = self.config.getini("norecursedirs")
        pending = [os.fspath(self.path)]
        while pending:
            directory = pending.pop()
            try:
                device = os.stat(directory).st_dev
                with os.scandir(directory) as listing:
                    entries = sorted(listing, key=lambda entry: entry.name)
            except OSError:
                continue
            for entry in entries:
                if entry.is_dir():
                    if not any(fnmatch.fnmatch(entry.name, pattern) for pattern in norecurse) and not (
                        self.ihook.pytest_ignore_collect(collection_path=Path(entry.path), config=self.config)
                    ):
                        pending.append(entry.path)
                elif state.owns(entry.name):
                    display = state.display(entry.path)
                    # A symlink's own inode says nothing about its target: ``stat`` those.
                    identity = None if entry.is_symlink() else (device, entry.inode())
                    if state.in_shard(entry.path, display) and state.first_visit(entry.path, identity):
                        yield entry.path, display


class NewsqaFailure(Exception):
    """Raised by an item whose files have findings that fail them."""


class _CheckItem(pytest.Item):
    """Shared by per-file and batch items: check files, keep results for the report."""

    files: list[tuple[Path, str]] | list[tuple[str, str]]
    """Each file to check, with its path as collected (computed once, at collection)."""

    def runtest(self) -> None:
        state = self.config.stash[STATE]
        self.results: list[FileResult] = []
        self.tracebacks: list[str] = []
        for path, display in self.files:
            checked = state.engine.check(Path(path), display)
            if state.baseline is not None:
                state.baseline.apply(checked.result, state.engine.selector)
            self.results.append(checked.result)
            self.tracebacks.extend(checked.tracebacks)
        if any(r.status == "failed" for r in self.results):
            raise NewsqaFailure()

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if not isinstance(excinfo.value, NewsqaFailure):
            return super().repr_failure(excinfo, style)  # a bug in the plugin: show it
        lines: list[str] = []
        for result in self.results:
            if result.status == "failed":
                lines += _failure_lines(result)
        if self.config.get_verbosity() > 0 and self.tracebacks:
            lines += ["", "tracebacks of rules or readers that crashed:", *self.tracebacks]
        return "\n".join(lines)

    def newsqa_payload(self) -> str:
        return to_wire(getattr(self, "results", []))


class NewsItem(_CheckItem):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.files = [(self.path, self.config.stash[STATE].display(self.path))]

    def reportinfo(self) -> tuple[Path | str, int, str]:
        display = self.files[0][1]
        where = self.path if printable(str(self.path)) == str(self.path) else display
        return where, 0, f"newsqa: {display}"

    @functools.cached_property
    def location(self) -> tuple[str, int | None, str]:
        """What pytest's ``Item.location`` gives (the path relative to the rootdir), without its
        per-file ``bestrelpath``: a tenth of a millisecond per item in a big run."""
        relative = self.config.stash[STATE].relative(self.path, self.config.rootpath)
        return printable(relative), 0, self.reportinfo()[2]


class BatchItem(_CheckItem):
    def __init__(self, *, files: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.files = files

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"newsqa: {len(self.files)} files from {self.files[0][1]}"


def _failure_lines(result: FileResult) -> list[str]:
    errors = sum(f.severity == "error" for f in result.findings)
    warnings = len(result.findings) - errors
    counts = f"{errors} error{'s' * (errors != 1)}" + (
        f", {warnings} warning{'s' * (warnings != 1)}" if warnings else ""
    )
    lines = [f"{result.path}: {len(result.findings)} finding{'s' * (len(result.findings) != 1)} ({counts})"]
    lines += [f.format() for f in result.findings[:MAX_SHOWN]]
    if len(result.findings) > MAX_SHOWN:
        lines.append(f"... and {len(result.findings) - MAX_SHOWN} more (all of them in --newsqa-report)")
    return lines


# -- running items ---------------------------------------------------------------------------
LEAN = pytest.StashKey[bool]()
"""Whether this session's items run through :func:`pytest_runtest_protocol` below."""
_DEBUG_OPTIONS = ("usepdb", "trace", "setuponly", "setupplan", "setupshow")
NO_RESULTS = to_wire([])
"""The payload of a newsqa item's setup and teardown reports: it marks them as ours."""


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if STATE in config.stash:
        config.stash[LEAN] = not any(config.getoption(name, False) for name in _DEBUG_OPTIONS) and all(
            isinstance(item, _CheckItem) and next(item.iter_markers(), None) is None for item in items
        )


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> bool | None:
    """Run a newsqa item with the same reports as pytest, minus the machinery it cannot use.

    pytest's protocol spends most of a small item's time around its three phases:
    ``pytest_runtest_setup/call/teardown`` hooks that set up fixtures and capture output
    and log records per phase, the ``PYTEST_CURRENT_TEST`` variable, and a report built
    through ``pytest_runtest_makereport`` for each phase. A newsqa item has no fixtures and
    runs no user code, so when every item of the session is one (and no marker or debugging
    option asks for those hooks): ``logstart``; a passed setup report; the check, timed and
    reported through ``pytest_runtest_makereport``; a passed teardown report; ``logfinish``.
    Every report goes through ``pytest_runtest_logreport``, so terminal, JUnit XML,
    ``--lf``, ``-x``, ``--durations`` and xdist see what they see for any item.
    """
    if not item.config.stash.get(LEAN, False) or not isinstance(item, _CheckItem):
        return None
    ihook = item.ihook  # a lookup per call in pytest; once per item here
    ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
    keywords = dict.fromkeys(item.keywords, 1)
    ihook.pytest_runtest_logreport(report=_phase_report(item, keywords, "setup"))
    call = pytest.CallInfo.from_call(item.runtest, when="call", reraise=(pytest.exit.Exception, KeyboardInterrupt))
    report = ihook.pytest_runtest_makereport(item=item, call=call)
    ihook.pytest_runtest_logreport(report=report)
    if call.excinfo is not None:
        ihook.pytest_exception_interact(node=item, call=call, report=report)
    ihook.pytest_runtest_logreport(report=_phase_report(item, keywords, "teardown"))
    ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)
    return True


def _phase_report(item: _CheckItem, keywords: dict[str, int], when: str) -> pytest.TestReport:
    """The passed setup or teardown report of a newsqa item (which has nothing to set up)."""
    now = time.time()
    report = pytest.TestReport(
        item.nodeid, item.location, keywords, "passed", None, when, [], 0.0, now, now, item.user_properties
    )
    report.newsqa = NO_RESULTS  # type: ignore[attr-defined]
    return report


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None] | pytest.TestReport:
    report = yield
    if isinstance(item, _CheckItem):
        # Marks the report as ours (also on an xdist controller, which has no items).
        report.newsqa = item.newsqa_payload() if call.when == "call" else NO_RESULTS  # type: ignore[attr-defined]
        if call.when == "call":
            item.results = []  # the report carries them now; items live until the session ends
    return report


def pytest_collection_finish(session: pytest.Session) -> None:
    """Remember which files were collected, so the report lists each of them whatever happens."""
    state = session.config.stash.get(STATE, None)
    if state is None:
        return
    state.files_seen.clear()  # only collection needs it: 30 MB at 100,000 files
    files = [display for item in session.items if isinstance(item, _CheckItem) for _, display in item.files]
    if hasattr(session.config, "workeroutput"):
        session.config.workeroutput["newsqa_collected"] = files  # type: ignore[attr-defined]
    else:
        session.config.stash[AGGREGATE].add_missing(files)


# -- the controller: aggregate, decide, report ----------------------------------------------
class Controller:
    """Registered only where results are aggregated: a serial run or the xdist controller."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.aggregate = config.stash[AGGREGATE]
        self._document: dict[str, Any] | None = None
        self.written: list[str] = []

    def document(self) -> dict[str, Any]:
        """The report document, made once the verdict is in: sources, comparison and baseline added."""
        if self._document is None:
            state = self.config.stash[STATE]
            self.aggregate.finish()
            if state.baseline is not None:  # duplicates across files are only known now
                for result in self.aggregate.files.values():
                    state.baseline.apply(result, self.aggregate.selector)
            self._document = self.aggregate.to_json()
            review.complete(self._document, state.review_options, review.catalogue_json(state.engine.catalogue))
        return self._document

    @pytest.hookimpl(trylast=True)
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        payload = getattr(report, "newsqa", None)
        if payload is None:
            return  # not a newsqa item's report
        del report.newsqa  # type: ignore[attr-defined]  # the terminal keeps every report: keep it small
        if report.when == "call":
            for result in from_wire(payload):
                self.aggregate.add(result)
        elif report.passed and not report.sections:
            self._forget(report)

    def _forget(self, report: pytest.TestReport) -> None:
        """Drop a newsqa item's empty setup or teardown report from the terminal's stats.

        The terminal keeps every passing setup and teardown report (two per file) only to
        print their captured output, and at the end scans all of them once per failure
        (pytest-dev/pytest#13360): minutes for 100,000 files with a few percent failing.
        Ours never hold output. This hook runs after the terminal's, so the report is last.
        """
        terminal = self.config.pluginmanager.get_plugin("terminalreporter")
        kept = getattr(terminal, "stats", {}).get("")
        if kept and kept[-1] is report:
            kept.pop()

    @pytest.hookimpl(optionalhook=True)  # an xdist hook: unknown when xdist is not installed
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        """xdist: each worker sends the files it collected (all workers collect the same)."""
        collected = getattr(node, "workeroutput", {}).get("newsqa_collected")
        if collected:
            self.aggregate.add_missing(collected)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtestloop(self, session: pytest.Session) -> Iterator[None] | Any:
        result = yield
        document = self.document()
        crossed = [
            f for f in self.aggregate.cross_file_findings() if self.aggregate.selector.fails_file(f.code, f.severity)
        ]
        if crossed or self.aggregate.gate_failures() or review.comparison_failures(document):
            session.testsfailed += 1  # as pytest-cov does for --cov-fail-under
        return result

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if exitstatus == pytest.ExitCode.INTERRUPTED:
            return
        document = self.document()
        path = self.config.getoption("newsqa_report")
        if path:
            write_report(Path(self.config.invocation_params.dir, path), document)
        self.written = review.write_outputs(document, self.config.stash[STATE].review_options)

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        aggregate = self.aggregate
        aggregate.finish()
        terminalreporter.section("newsqa summary")
        for line in aggregate.summary_lines():
            terminalreporter.write_line(line, red=line.startswith("GATE FAILED"))
        document = self.document()
        for line, red in review.lines(document):
            terminalreporter.write_line(line, red=red)
        for line in self.written:
            terminalreporter.write_line(line)
        crossed = aggregate.cross_file_findings()
        if crossed:
            terminalreporter.section("newsqa duplicate articles across files", sep="-")
            for finding in crossed[:MAX_SHOWN]:
                terminalreporter.write_line(finding.format())
            if len(crossed) > MAX_SHOWN:
                terminalreporter.write_line(f"... and {len(crossed) - MAX_SHOWN} more (all of them in --newsqa-report)")
        if self.config.getoption("newsqa_format") == "github":
            for line in aggregate.github_annotations():
                terminalreporter.write_line(line)
        if self.config.getoption("newsqa_format") == "sarif":
            terminalreporter.write_line(json.dumps(sarif.sarif_log(document), ensure_ascii=False))
