"""The pytest plugin: options, hooks, and the wiring between pytest and the modules that do the work.

========================  ==============================================================
module                    job
========================  ==============================================================
``collection.py``         per-process state, which files a session checks, the batch walk
``items.py``              the test items and their failure text
``controller.py``         aggregate results, decide the session, write and print outputs
``pytest_internals.py``   every use of pytest internals, each with its test
``config.py``             options and ini keys into :class:`~pytest_newsqa.settings.Settings`
========================  ==============================================================
"""

from __future__ import annotations

import os
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from pytest_newsqa import hookspecs
from pytest_newsqa.build import RuleBook, engine_from
from pytest_newsqa.collection import (
    STATE,
    BatchDirectory,
    State,
    collect_file,
    holds_scraped,
    ignore_collect,
    requested_roots,
    unfollowed_folder,
)
from pytest_newsqa.config import (
    INI_NAMES,
    add_options,
    check_report_path,
    read_batch,
    read_review,
    read_settings,
    read_shard,
    refuse_options_without_newsqa,
    refuse_report_among_inputs,
)
from pytest_newsqa.controller import COLLECTED, CONTROLLER_NAME, Controller, collected_files
from pytest_newsqa.items import CheckItem
from pytest_newsqa.links import LinkPolicy
from pytest_newsqa.pytest_internals import (
    attach,
    default_args,
    is_xdist_worker,
    run_lean,
    send_to_controller,
    sendable_keywords,
    while_configured,
)
from pytest_newsqa.rule import Catalogue
from pytest_newsqa.ruledocs import doc_problems, terminal_lines
from pytest_newsqa.selection import Selector
from pytest_newsqa.wire import NO_RESULTS, pack_pairs

LEAN = pytest.StashKey[bool]()
"""Whether this session's items run through :func:`~pytest_newsqa.pytest_internals.run_lean`."""
_DEBUG_OPTIONS = ("usepdb", "trace", "setuponly", "setupplan", "setupshow")


# -- options ---------------------------------------------------------------------------------
def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    pluginmanager.add_hookspecs(hookspecs)


# -- configuration ---------------------------------------------------------------------------
def _rule_book(config: pytest.Config) -> RuleBook:
    book = RuleBook(config.pluginmanager, lambda exc: pytest.UsageError(f"pytest-newsqa: {exc}"))
    book.refresh()
    return book


def _catalogue(config: pytest.Config) -> Catalogue:
    return _rule_book(config).catalogue


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> int | None:
    """``--newsqa-rules`` prints the catalogue and exits, like ``--markers``."""
    if not config.getoption("newsqa_rules"):
        return None

    def print_catalogue() -> None:
        writer = config.get_terminal_writer()
        for rule in _catalogue(config):
            writer.line(f"{rule.code} {rule.name} [{rule.severity}] {rule.summary} (from {rule.origin or 'unknown'})")
            if config.get_verbosity() > 0:  # -v: each rule's whole doc, as ruff's rule pages
                for problem in doc_problems(rule, INI_NAMES):
                    writer.line(f"    warning: the docstring has {problem}", yellow=True)
                for line in terminal_lines(rule):
                    writer.line(line)

    while_configured(config, print_catalogue)
    return 0


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("newsqa_rules"):
        return
    if not config.getoption("newsqa"):
        refuse_options_without_newsqa(config)
        return
    scraped_paths = [str(p) for p in config.getini("newsqa_paths")]
    if scraped_paths:
        default_args(config, scraped_paths)
    if not is_xdist_worker(config):
        check_report_path(config)  # before any file is read
    book = _rule_book(config)
    catalogue = book.catalogue
    settings = read_settings(config, catalogue)
    engine = engine_from(config.pluginmanager, catalogue, settings, Selector.build(catalogue, settings))
    state = State(engine, book, config.invocation_params.dir, read_batch(config), read_shard(config))
    state.roots = requested_roots(config)
    engine.links = LinkPolicy(settings.follow_symlinks, state.roots)
    state.scraped = tuple(os.path.join(os.path.abspath(p), "") for p in scraped_paths)
    state.doctest_globs = tuple(config.getoption("doctestglob", None) or ())
    refuse_report_among_inputs(config, state.roots, state.owns, state.display)
    # Only the process that aggregates compares: a worker needs the baseline alone.
    roots = [state.display(root) for root in state.roots]
    state.review = read_review(config, catalogue, roots, controller=not is_xdist_worker(config))
    config.stash[STATE] = state
    if not is_xdist_worker(config):
        # A selector of its own: the engine's learns the rules of conftest files met while
        # checking, which an xdist controller never meets; the report's config must not differ.
        config.pluginmanager.register(Controller(config, Selector.build(catalogue, settings)), CONTROLLER_NAME)


# -- collection ------------------------------------------------------------------------------
@pytest.hookimpl(wrapper=True)
def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> Generator[None, list[Any], list[Any]]:
    """One item per scraped file, checked by us only (not also as a doctest by pytest's plugin)."""
    collected = yield
    state = parent.config.stash.get(STATE, None)
    return collected if state is None else collect_file(state, file_path, parent, collected)


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    state = config.stash.get(STATE, None)
    return None if state is None else ignore_collect(state, collection_path)


def pytest_collect_directory(path: Path, parent: pytest.Collector) -> pytest.Collector | pytest.Item | None:
    """Batch mode: a requested directory is walked by :class:`BatchDirectory`, not node by node.

    A link to a folder that is not followed (``newsqa_follow_symlinks``) is one item instead.
    """
    state = parent.config.stash.get(STATE, None)
    if state is None:
        return None
    if path.is_symlink():
        item = unfollowed_folder(state, path, parent)
        if item is not None:
            return item
    if not state.batch or not state.requested(path) or not state.may_hold_scraped(path):
        return None
    return BatchDirectory.from_parent(parent, path=path)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The lean protocol runs when every item is ours and nothing asks for pytest's own."""
    if STATE in config.stash:
        config.stash[LEAN] = not any(config.getoption(name, False) for name in _DEBUG_OPTIONS) and all(
            isinstance(item, CheckItem) and next(item.iter_markers(), None) is None for item in items
        )


def pytest_collection_finish(session: pytest.Session) -> None:
    state = session.config.stash.get(STATE, None)
    if state is None:
        return
    state.files_seen.clear()  # only collection needs it: 30 MB at 100,000 files
    state.book.refresh()  # the rules of every conftest.py met during collection (a clash is a usage error)
    if is_xdist_worker(session.config):
        send_to_controller(session.config, COLLECTED, pack_pairs(collected_files(session)))


# -- running items ---------------------------------------------------------------------------
@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> bool | None:
    if not item.config.stash.get(LEAN, False) or not isinstance(item, CheckItem):
        return None
    run_lean(item)
    return True


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if isinstance(item, CheckItem):
        report.keywords = sendable_keywords(report.keywords)
        # Marks the report as ours (also on an xdist controller, which has no items).
        attach(report, item.newsqa_payload() if call.when == "call" else NO_RESULTS)
        if call.when == "call":
            item.results = []  # the report carries them now; items live until the session ends
    return report


# -- without --newsqa ------------------------------------------------------------------------
def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    """``pytest data/`` that collected nothing in a folder of scraped files: one line says what to add."""
    if STATE in config.stash or exitstatus != pytest.ExitCode.NO_TESTS_COLLECTED:
        return
    if any(holds_scraped(root) for root in requested_roots(config)):
        terminalreporter.write_line("hint: these paths hold scraped files; add --newsqa to check them (pytest-newsqa)")
