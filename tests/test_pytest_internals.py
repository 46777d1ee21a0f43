"""Each pytest behaviour that :mod:`pytest_newsqa.pytest_internals` relies on, on its own.

These tests use plain pytest items and plugins, not newsqa's: when one turns red, pytest
changed what the named function of ``pytest_internals`` relies on, and that function (only)
needs another way.
"""

from __future__ import annotations

import functools
import inspect

import pytest

from pytest_newsqa.pytest_internals import (
    attach,
    is_xdist_worker,
    passed_phase_report,
    send_to_controller,
    sendable_keywords,
    take,
    while_configured,
)

# A plugin whose one item per .txt file is returned straight from pytest_collect_file.
FILE_ITEM_PLUGIN = """
import pytest
from pytest_newsqa.pytest_internals import file_item

class TxtItem(pytest.Item):
    def runtest(self):
        pass

    def reportinfo(self):
        return self.path, 0, "txt"

def pytest_collect_file(file_path, parent):
    if file_path.suffix == ".txt":
        return file_item(TxtItem, parent, file_path, file_path.name)
"""


def test_file_item_is_collected_and_named_as_pytest_names_a_file(pytester: pytest.Pytester) -> None:
    """``file_item``: an Item returned from ``pytest_collect_file`` is collected and run."""
    pytester.makeconftest(FILE_ITEM_PLUGIN)
    (pytester.path / "data").mkdir()
    (pytester.path / "data" / "a.txt").write_text("x", encoding="utf-8")
    (pytester.path / "data" / "test_b.py").write_text("def test_b():\n    pass\n", encoding="utf-8")
    (pytester.path / "c.txt").write_text("x", encoding="utf-8")
    (pytester.path / "test_d.py").write_text("def test_d():\n    pass\n", encoding="utf-8")
    items, _ = pytester.inline_genitems("data", "c.txt", "test_d.py")
    by_name = {item.name: item for item in items}
    # Named as pytest names a file node: the modules test_b.py and test_d.py.
    assert by_name["test_b"].parent is not None and by_name["test_b"].parent.nodeid == "data/test_b.py"
    assert by_name["test_d"].parent is not None and by_name["test_d"].parent.nodeid == "test_d.py"
    assert (by_name["a.txt"].nodeid, by_name["c.txt"].nodeid) == ("data/a.txt", "c.txt")
    pytester.runpytest("data", "c.txt", "test_d.py").assert_outcomes(passed=4)


def test_item_location_is_an_overridable_cached_property(pytester: pytest.Pytester) -> None:
    """``LocationWithoutRelpath``: pytest's ``location`` is (rootdir-relative path, line, name)."""
    assert isinstance(pytest.Item.__dict__["location"], functools.cached_property)
    pytester.makeconftest(FILE_ITEM_PLUGIN)
    (pytester.path / "data").mkdir()
    (pytester.path / "data" / "a.txt").write_text("x", encoding="utf-8")
    items, _ = pytester.inline_genitems("data")
    assert pytest.Item.location.func(items[0]) == ("data/a.txt", 0, "txt")  # type: ignore[attr-defined]


def test_configure_and_unconfigure_from_cmdline_main(pytester: pytest.Pytester) -> None:
    """``while_configured``: ``_do_configure`` calls every ``pytest_configure``, ``_ensure_unconfigure`` undoes it."""
    events: list[str] = []

    class Recorder:
        def pytest_configure(self) -> None:
            events.append("configure")

        def pytest_unconfigure(self) -> None:
            events.append("unconfigure")

    config = pytester.parseconfig()
    config.pluginmanager.register(Recorder())
    while_configured(config, lambda: events.append("action"))
    assert events == ["configure", "action", "unconfigure"]


def test_test_report_takes_its_arguments_in_this_order() -> None:
    """``passed_phase_report`` builds ``TestReport`` positionally."""
    names = list(inspect.signature(pytest.TestReport.__init__).parameters)[1:12]
    assert names == [
        "nodeid",
        "location",
        "keywords",
        "outcome",
        "longrepr",
        "when",
        "sections",
        "duration",
        "start",
        "stop",
        "user_properties",
    ]


def _report(when: str = "call") -> pytest.TestReport:
    return pytest.TestReport("a.txt", ("a.txt", 0, "a"), {"a.txt": 1}, "passed", None, when, [], 0.0, 1.0, 2.0, [])


def test_a_payload_survives_xdist_serialization(pytester: pytest.Pytester) -> None:
    """``attach``/``take``: extra report attributes travel through the serialization hooks."""
    config = pytester.parseconfig()
    report = _report()
    attach(report, '[{"path": "a.txt"}]')
    data = config.hook.pytest_report_to_serializable(config=config, report=report)
    back = config.hook.pytest_report_from_serializable(config=config, data=data)
    assert take(back) == '[{"path": "a.txt"}]'
    assert take(back) is None  # taken once: the terminal keeps the report, not the payload
    assert take(_report()) is None


# Checks, from a trylast logreport hook, that the terminal's "" list ends with the report,
# then forgets it: at the end nothing is kept.
FORGET_PLUGIN = """
import json, pytest
from pytest_newsqa.pytest_internals import forget_passed_report

seen = {"last": 0, "kept": None}

@pytest.hookimpl(trylast=True)
def pytest_runtest_logreport(report):
    if report.when in ("setup", "teardown") and report.passed:
        terminal = CONFIG.pluginmanager.get_plugin("terminalreporter")
        seen["last"] += terminal.stats[""][-1] is report
        forget_passed_report(CONFIG, report)

def pytest_configure(config):
    global CONFIG
    CONFIG = config

@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(terminalreporter):
    seen["kept"] = len(terminalreporter.stats.get("", []))
    with open("seen.json", "w") as handle:
        json.dump(seen, handle)
"""


def test_terminal_keeps_passed_phase_reports_last_under_the_empty_key(pytester: pytest.Pytester) -> None:
    """``forget_passed_report``: ``TerminalReporter.stats[""]`` holds them; a trylast hook sees each last."""
    import json

    pytester.makeconftest(FORGET_PLUGIN)
    pytester.makepyfile(test_a="def test_one():\n    pass\n\ndef test_two():\n    pass\n")
    pytester.runpytest("test_a.py").assert_outcomes(passed=2)
    seen = json.loads((pytester.path / "seen.json").read_text(encoding="utf-8"))
    assert seen == {"last": 4, "kept": 0}


def test_testsfailed_fails_a_session_whose_tests_passed(pytester: pytest.Pytester) -> None:
    """``fail_session``: ``session.testsfailed`` set in ``pytest_runtestloop`` makes the exit code 1."""
    pytester.makeconftest(
        "import pytest\n"
        "from pytest_newsqa.pytest_internals import fail_session\n\n"
        "@pytest.hookimpl(wrapper=True)\n"
        "def pytest_runtestloop(session):\n"
        "    result = yield\n"
        "    fail_session(session)\n"
        "    return result\n"
    )
    pytester.makepyfile(test_a="def test_one():\n    pass\n")
    result = pytester.runpytest("test_a.py")
    result.assert_outcomes(passed=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_lean_protocol_calls_hooks_pytest_declares() -> None:
    """``run_lean``: the hooks it calls take these arguments; ``CallInfo.from_call`` takes these."""
    from _pytest import hookspec  # the hook specifications, for their argument names only

    expected = {
        "pytest_runtest_logstart": ["nodeid", "location"],
        "pytest_runtest_logfinish": ["nodeid", "location"],
        "pytest_runtest_makereport": ["item", "call"],
        "pytest_runtest_logreport": ["report"],
        "pytest_exception_interact": ["node", "call", "report"],
    }
    for name, arguments in expected.items():
        assert list(inspect.signature(getattr(hookspec, name)).parameters) == arguments, name
    assert {"func", "when", "reraise"} <= set(inspect.signature(pytest.CallInfo.from_call).parameters)


LEAN_PLUGIN = """
import pytest
from pytest_newsqa.pytest_internals import run_lean

@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item, nextitem):
    if item.name.startswith("test_lean"):
        run_lean(item)
        return True
"""


def test_lean_protocol_reports_like_pytests_own(pytester: pytest.Pytester) -> None:
    """``run_lean`` and ``passed_phase_report``: pass, fail, -x and JUnit XML see what they see for any test."""
    pytester.makeconftest(LEAN_PLUGIN)
    pytester.makepyfile(
        test_a="def test_lean_passes():\n    pass\n\n"
        "def test_lean_fails():\n    assert 1 == 2\n\n"
        "def test_full_passes():\n    pass\n"
    )
    result = pytester.runpytest("test_a.py", "--junitxml=junit.xml", "-rA")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*assert 1 == 2*", "PASSED test_a.py::test_lean_passes"])
    xml = (pytester.path / "junit.xml").read_text(encoding="utf-8")
    assert xml.count("<testcase") == 3 and xml.count("<failure") == 1


def test_phase_report_is_a_passed_report_of_the_item(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(FILE_ITEM_PLUGIN)
    (pytester.path / "a.txt").write_text("x", encoding="utf-8")
    items, _ = pytester.inline_genitems("a.txt")
    report = passed_phase_report(items[0], {"a.txt": 1}, "setup")
    assert (report.nodeid, report.location) == (items[0].nodeid, items[0].location)
    assert (report.when, report.outcome) == ("setup", "passed")
    assert report.passed and not report.sections and take(report) == "[]"


def test_xdist_worker_attributes(pytester: pytest.Pytester) -> None:
    """``is_xdist_worker``/``send_to_controller``: outside a worker there is no ``workerinput``/``workeroutput``."""
    config = pytester.parseconfig()
    assert not is_xdist_worker(config)
    assert send_to_controller(config, "key", [1]) is False


DEFAULT_ARGS_PLUGIN = """
from pytest_newsqa.pytest_internals import default_args

def pytest_configure(config):
    config.default_args_taken = default_args(config, ["only"])
"""


def test_default_args_are_collected_when_no_path_is_given(pytester):
    pytester.makeconftest(DEFAULT_ARGS_PLUGIN)
    pytester.makepyfile(test_outside="def test_outside(): pass")
    (pytester.path / "only").mkdir()
    (pytester.path / "only" / "test_inside.py").write_text("def test_inside(): pass\n")
    result = pytester.runpytest("-v")
    result.stdout.fnmatch_lines(["*only/test_inside.py::test_inside PASSED*"])
    result.stdout.no_fnmatch_line("*test_outside*")
    given = pytester.runpytest("-v", "test_outside.py")  # a path on the command line wins
    given.stdout.fnmatch_lines(["*test_outside.py::test_outside PASSED*"])


def test_report_keywords_hold_the_names_of_the_folders_above(pytester: pytest.Pytester) -> None:
    """``sendable_keywords``: a report's keywords hold each parent node's name, surrogates included."""
    import os

    folder = os.path.join(os.fsencode(pytester.path), b"caf\xe9")
    os.mkdir(folder)
    with open(os.path.join(folder, b"test_a.py"), "w", encoding="utf-8") as handle:
        handle.write("def test_one():\n    pass\n")
    recorded = pytester.inline_run("-p", "no:cacheprovider")  # its cache cannot hold such a node id
    (report,) = [r for r in recorded.getreports("pytest_runtest_logreport") if r.when == "call"]
    assert "caf\udce9" in report.keywords
    sendable = sendable_keywords(report.keywords)
    assert "caf\\xe9" in sendable and "".join(sendable).encode("utf-8")
    plain = {"a.txt": 1}
    assert sendable_keywords(plain) is plain


SHOULDFAIL_PLUGIN = """
import pytest

@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    from pytest_newsqa.pytest_internals import stopped_on_failures
    with open("stopped.txt", "w") as handle:
        handle.write(f"{stopped_on_failures(session)} {int(exitstatus)}")
"""


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], "False 1"),
        (["-x"], "True 1"),
        (["--maxfail=2"], "True 1"),
        pytest.param(["-x", "-n", "2"], "True 2", marks=pytest.mark.slow),  # xdist: "interrupted"
    ],
)
def test_shouldfail_tells_a_run_stopped_by_maxfail(pytester: pytest.Pytester, args: list[str], expected: str) -> None:
    """``stopped_on_failures``: ``session.shouldfail`` is set when ``-x``/``--maxfail`` stops the run."""
    pytester.makeconftest(SHOULDFAIL_PLUGIN)
    pytester.makepyfile(test_a="\n".join(f"def test_{n}():\n    assert False\n" for n in range(6)))
    pytester.runpytest("test_a.py", "-p", "no:randomly", *args)
    assert (pytester.path / "stopped.txt").read_text() == expected


LASTFAILED_PLUGIN = """
import pytest

@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session):
    from pytest_newsqa.pytest_internals import record_as_failed
    record_as_failed(session.config, ["test_a.py::test_passes"])
"""


def test_lastfailed_is_the_cache_key_last_failed_reruns(pytester: pytest.Pytester) -> None:
    """``record_as_failed``: a trylast ``pytest_sessionfinish`` adds to ``cache/lastfailed``,
    after this session's own failures are written, and ``--lf`` reruns what it added."""
    pytester.makeconftest(LASTFAILED_PLUGIN)
    pytester.makepyfile(
        test_a="def test_passes():\n    pass\n\ndef test_fails():\n    assert False\n\ndef test_other():\n    pass\n"
    )
    pytester.runpytest("test_a.py").assert_outcomes(passed=2, failed=1)
    assert pytester.runpytest("--cache-show", "cache/lastfailed").ret == 0
    config = pytester.parseconfigure()
    assert config.cache is not None
    assert config.cache.get("cache/lastfailed", {}) == {"test_a.py::test_fails": True, "test_a.py::test_passes": True}
    rerun = pytester.runpytest("test_a.py", "--lf")
    rerun.assert_outcomes(passed=1, failed=1, deselected=1)


DIRECTORY_ITEM_PLUGIN = (
    FILE_ITEM_PLUGIN
    + """

def pytest_collect_directory(path, parent):
    if path.name.endswith(".link"):
        return file_item(TxtItem, parent, path, path.name)
"""
)


def test_an_item_returned_for_a_directory_is_collected_in_its_place(pytester: pytest.Pytester) -> None:
    """``file_item`` from ``pytest_collect_directory``: the item stands for the folder, which is not walked."""
    pytester.makeconftest(DIRECTORY_ITEM_PLUGIN)
    (pytester.path / "data" / "x.link").mkdir(parents=True)
    (pytester.path / "data" / "x.link" / "inner.txt").write_text("x", encoding="utf-8")
    (pytester.path / "data" / "a.txt").write_text("x", encoding="utf-8")
    items, _ = pytester.inline_genitems("data")
    assert sorted(item.nodeid for item in items) == ["data/a.txt", "data/x.link"]
    pytester.runpytest("data").assert_outcomes(passed=2)
