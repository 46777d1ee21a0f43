"""A report path that cannot be written is a usage error up front; a late failure loses no output."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from pytest_newsqa import __main__ as cli
from pytest_newsqa import outputs
from tests.conftest import FIXTURES

NEVER_READ = "def pytest_newsqa_read_file(source):\n    raise AssertionError('a file was read')\n"


@pytest.mark.parametrize(
    ("report", "message"),
    [
        ("data", "*--newsqa-report data: is a folder*"),
        ("afile/r.json", "*--newsqa-report afile/r.json: */afile is not a folder*"),
        ("/proc/r.json", "*--newsqa-report /proc/r.json: cannot write in /proc*"),
    ],
)
def test_an_unwritable_report_path_is_a_usage_error_before_any_file_is_read(pytester, report, message):
    pytester.makeconftest(NEVER_READ)
    (pytester.path / "data").mkdir()
    (pytester.path / "data" / "a.txt").write_text("Headline\n\nBody text.\n")
    (pytester.path / "afile").write_text("a regular file")
    result = pytester.runpytest("--newsqa", "data", f"--newsqa-report={report}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([message])
    assert "a file was read" not in result.stdout.str()


def test_a_report_that_fails_at_the_end_prints_the_summary_then_one_error_and_exits_3(pytester):
    out = pytester.path / "out"
    out.mkdir()
    pytester.makeconftest(  # after the check at configure time, the folder becomes a file
        "import os\n\ndef pytest_collection_finish(session):\n"
        f"    os.rmdir({str(out)!r})\n    open({str(out)!r}, 'w').close()\n"
    )
    (pytester.path / "data").mkdir()
    (pytester.path / "data" / "a.txt").write_text((FIXTURES / "defects" / "nws103_duplicate_paragraph.txt").read_text())
    result = pytester.runpytest("--newsqa", "data", "--newsqa-report=out/r.json")
    assert result.ret == pytest.ExitCode.INTERNAL_ERROR
    lines = result.stdout.lines
    summary = next(i for i, line in enumerate(lines) if "1 files checked, 1 failed" in line)
    error = next(i for i, line in enumerate(lines) if "report could not be written to out/r.json" in line)
    assert summary < error
    assert "Traceback" not in result.stdout.str() + result.stderr.str()


def test_merge_refuses_an_unwritable_output_before_reading_reports(pytester):
    (pytester.path / "out").mkdir()
    merged = subprocess.run(
        [sys.executable, "-m", "pytest_newsqa", "merge", "missing.json", "-o", "out"],
        cwd=pytester.path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert merged.returncode == 2
    assert "error: -o out: is a folder" in merged.stderr
    assert "missing.json" not in merged.stderr


def test_merge_that_cannot_write_at_the_end_prints_the_summary_and_exits_3(pytester, monkeypatch, capsys):
    (pytester.path / "data").mkdir()
    (pytester.path / "data" / "a.txt").write_text("Headline\n\nA body that ends properly.\n")
    assert pytester.runpytest_subprocess("--newsqa", "data", "--newsqa-report=r.json").ret == 0

    def fail(path, aggregate):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(outputs, "write_report", fail)
    code = cli.main(["merge", str(pytester.path / "r.json"), "-o", str(pytester.path / "m.json")])
    captured = capsys.readouterr()
    assert code == 3
    assert "1 files checked, 0 failed" in captured.out
    assert "newsqa gate: passed" in captured.out
    assert captured.err.strip().splitlines() == [
        f"error: the merged report could not be written to {pytester.path / 'm.json'}: No space left on device"
    ]


def test_merge_says_why_the_gate_failed(pytester):
    (pytester.path / "data").mkdir()
    (pytester.path / "data" / "a.txt").write_text((FIXTURES / "defects" / "nws103_duplicate_paragraph.txt").read_text())
    pytester.runpytest_subprocess("--newsqa", "data", "--newsqa-report=r.json")
    assert json.loads((pytester.path / "r.json").read_text())["summary"]["passed"] is False
    merged = subprocess.run(
        [sys.executable, "-m", "pytest_newsqa", "merge", "r.json"], cwd=pytester.path, capture_output=True, text=True
    )
    assert merged.returncode == 1
    assert "newsqa gate: FAILED (1 file failed)" in merged.stdout
