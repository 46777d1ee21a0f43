"""Mistakes that are usage errors, hints for a plain pytest run, and which files --newsqa checks."""

from __future__ import annotations

import json

import pytest

from tests.conftest import FIXTURES

CLEAN = "Council Approves Budget\n\nThe council approved the budget on Monday.\n"


def test_a_rate_without_its_percent_sign_is_a_usage_error(pytester):
    (pytester.path / "a.txt").write_text(CLEAN)
    result = pytester.runpytest("--newsqa", "a.txt", "--newsqa-max-rate=stray-marker:0.02")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*newsqa_max_rate: a rate needs its % sign (0.02% of files? *'stray-marker:0.02'"])


@pytest.mark.parametrize(
    "option",
    [
        "--newsqa-report=r.json",
        "--newsqa-batch=10",
        "--newsqa-select=NWS1",
        "--newsqa-shard=1/2",
        "--newsqa-format=github",
    ],
)
def test_a_newsqa_option_without_newsqa_is_a_usage_error(pytester, option):
    (pytester.path / "data").mkdir()
    (pytester.path / "data" / "a.txt").write_text(CLEAN)
    result = pytester.runpytest("data", option)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*pytest-newsqa: {option.split('=')[0]} needs --newsqa*"])


def test_a_plain_run_on_scraped_files_hints_at_newsqa(pytester):
    (pytester.path / "data").mkdir()
    (pytester.path / "data" / "a.json").write_text('{"title": "T", "body": "B."}')
    result = pytester.runpytest("data")
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED
    result.stdout.fnmatch_lines(["hint: these paths hold scraped files; add --newsqa to check them (pytest-newsqa)"])
    (pytester.path / "empty").mkdir()
    pytester.runpytest("empty").stdout.no_fnmatch_line("hint:*")


def test_files_matching_a_doctest_glob_stay_doctests(pytester):
    (pytester.path / "data").mkdir()
    (pytester.path / "data" / "a.txt").write_text(CLEAN)
    (pytester.path / "tests").mkdir()
    (pytester.path / "tests" / "test_usage.txt").write_text(">>> 1 + 1\n2\n")
    result = pytester.runpytest("--newsqa", "data", "tests", "--doctest-glob=test*.txt", "-v")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*tests/test_usage.txt::test_usage.txt PASSED*"])


def test_newsqa_paths_are_checked_by_default_and_nothing_outside(pytester):
    pytester.makeini("[pytest]\nnewsqa_paths = data\n")
    (pytester.path / "data").mkdir()
    (pytester.path / "data" / "a.txt").write_text(CLEAN)
    (pytester.path / "tests" / "fixtures").mkdir(parents=True)
    (pytester.path / "tests" / "fixtures" / "f.json").write_text("[]")
    for args in ([], ["."], ["tests", "data"], [".", "--newsqa-batch=5"]):
        pytester.runpytest("--newsqa", "--newsqa-report=r.json", *args)
        files = [f["path"] for f in json.loads((pytester.path / "r.json").read_text())["files"]]
        assert files == ["data/a.txt"], args


def test_a_missing_path_prints_no_empty_summary(pytester):
    result = pytester.runpytest("--newsqa", "dat")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*file or directory not found: dat*"])
    result.stdout.no_fnmatch_line("*newsqa summary*")
    assert FIXTURES.is_dir()
