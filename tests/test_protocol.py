"""How newsqa items run: the lean protocol, the fallback to pytest's, and what reporters see."""

from __future__ import annotations

import json
import re

import pytest

from tests.helpers import SEEDS

FILES = [*SEEDS, "clean/clean_article.txt", "clean/clean_article.html", "defects/nws103_duplicate_paragraph.txt"]

# Counts the per-phase hooks that pytest's own protocol calls and the lean one skips, and how
# many passing setup/teardown reports the terminal still holds at the end.
PROBE = """
import json, pytest

calls = {"setup": 0}

def pytest_runtest_setup(item):
    calls["setup"] += 1

@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(terminalreporter):
    calls["kept_phase_reports"] = len(terminalreporter.stats.get("", []))
    with open("probe.json", "w") as handle:
        json.dump(calls, handle)
"""
MARK_ALL = """
def pytest_collection_modifyitems(items):
    for item in items:
        item.add_marker("slow")
"""


def probe(pytester: pytest.Pytester) -> dict:
    return json.loads((pytester.path / "probe.json").read_text(encoding="utf-8"))


def junit_cases(pytester: pytest.Pytester) -> list[str]:
    """Each testcase's attributes (minus its time) and whether it failed, in file order."""
    xml = (pytester.path / "junit.xml").read_text(encoding="utf-8")
    cases = re.findall(r'<testcase classname="([^"]*)" name="([^"]*)" time="[^"]*"( />|>\s*<failure)', xml)
    return [f"{classname}::{name}:{'failed' if 'failure' in end else 'passed'}" for classname, name, end in cases]


@pytest.fixture
def files(fixture_copy):
    return fixture_copy(*FILES)


def test_newsqa_only_session_skips_the_per_phase_hooks(pytester, files):
    pytester.makeconftest(PROBE)
    result = pytester.runpytest("--newsqa", "data")
    result.assert_outcomes(passed=2, failed=3)
    assert probe(pytester) == {"setup": 0, "kept_phase_reports": 0}


@pytest.mark.parametrize("force", ["marker", "--setup-show"])
def test_markers_and_debugging_options_get_pytests_own_protocol(pytester, files, force):
    pytester.makeconftest(PROBE + (MARK_ALL if force == "marker" else ""))
    pytester.makeini("[pytest]\nmarkers = slow: a slow test\n")
    result = pytester.runpytest("--newsqa", "data", *([force] if force.startswith("--") else []))
    result.assert_outcomes(passed=2, failed=3)
    assert probe(pytester)["setup"] == 5


def test_lean_and_full_protocols_report_identically(pytester, files):
    """Outcomes, the JSON report and JUnit XML are the same whichever protocol ran the items."""
    runs = {}
    for name, conftest in (("lean", PROBE), ("full", PROBE + MARK_ALL)):
        pytester.makeconftest(conftest)
        pytester.makeini("[pytest]\nmarkers = slow: a slow test\n")
        result = pytester.runpytest("--newsqa", "data", f"--newsqa-report={name}.json", "--junitxml=junit.xml")
        result.assert_outcomes(passed=2, failed=3)
        report = json.loads((pytester.path / f"{name}.json").read_text(encoding="utf-8"))
        runs[name] = (report, junit_cases(pytester), probe(pytester)["setup"])
    assert runs["lean"][0] == runs["full"][0]
    assert runs["lean"][1] == runs["full"][1]
    assert len(runs["lean"][1]) == 5
    assert (runs["lean"][2], runs["full"][2]) == (0, 5)


def test_failures_still_show_their_findings(pytester, files):
    result = pytester.runpytest("--newsqa", "data")
    result.stdout.fnmatch_lines(
        [
            "*_ newsqa: data/nws103_duplicate_paragraph.txt _*",
            "data/nws103_duplicate_paragraph.txt: * finding*",
            "*NWS103 duplicate-paragraph*",
        ]
    )


def test_exitfirst_stops_after_the_first_failing_file(pytester, files):
    result = pytester.runpytest("--newsqa", "data", "-x", "-p", "no:randomly")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*stopping after 1 failures*"])


def test_mixed_session_runs_python_tests_with_fixtures(pytester, files):
    pytester.makeconftest(PROBE)
    pytester.makepyfile(test_it="def test_uses_a_fixture(tmp_path):\n    assert tmp_path.is_dir()\n")
    result = pytester.runpytest("--newsqa", "data", "test_it.py")
    result.assert_outcomes(passed=3, failed=3)
    assert probe(pytester)["setup"] == 6


@pytest.mark.slow  # starts xdist workers
def test_terminal_keeps_no_empty_phase_reports_under_xdist(pytester, files):
    pytester.makeconftest(PROBE)
    result = pytester.runpytest("--newsqa", "data", "-n", "2")
    result.assert_outcomes(passed=2, failed=3)
    assert probe(pytester)["kept_phase_reports"] == 0


def test_item_location_is_what_pytest_computes(pytester, fixture_copy):
    """The cheap ``location`` equals pytest's own, inside and outside the rootdir."""
    fixture_copy("clean/clean_article.txt", into="data")
    fixture_copy("clean/clean_article.html", into="data/deeper")
    fixture_copy("clean/clean_feed.json", into="outside")
    (pytester.path / "project").mkdir()
    for args in (["data"], ["--rootdir=project", "data", "outside"]):
        items, _ = pytester.inline_genitems("--newsqa", *args)
        assert items
        for item in items:
            assert item.location == pytest.Item.location.func(item)  # type: ignore[attr-defined]
