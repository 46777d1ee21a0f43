"""Serial, xdist, batch and merged-shard runs give identical results; the rate gate."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.helpers import FIXTURES, SEEDS

ALL = [
    *SEEDS,
    *[f"clean/{p.name}" for p in (FIXTURES / "clean").iterdir()],
    *[f"defects/{p.name}" for p in (FIXTURES / "defects").iterdir()],
]


def run_report(pytester: pytest.Pytester, name: str, *args: str) -> tuple[int, dict]:
    result = pytester.runpytest_subprocess(
        "--newsqa", "data", f"--newsqa-report={name}", "-p", "no:cacheprovider", *args
    )
    return result.ret, json.loads((pytester.path / name).read_text(encoding="utf-8"))


@pytest.fixture
def corpus(fixture_copy):
    return fixture_copy(*ALL)


@pytest.mark.slow
def test_xdist_batch_and_serial_are_identical(pytester, corpus):
    serial_code, serial = run_report(pytester, "serial.json")
    assert serial_code == 1
    for args in (["-n", "2"], ["--newsqa-batch", "4"], ["--newsqa-batch", "1"], ["--newsqa-batch", "3", "-n", "2"]):
        code, other = run_report(pytester, "other.json", *args)
        assert code == serial_code, args
        assert other == serial, args


@pytest.mark.slow
def test_shards_partition_the_files_and_merge_to_the_serial_report(pytester, corpus):
    _, serial = run_report(pytester, "serial.json")
    shards = []
    for k in (1, 2, 3):
        run_report(pytester, f"shard{k}.json", f"--newsqa-shard={k}/3")
        shards.append(pytester.path / f"shard{k}.json")
    paths = [f["path"] for s in shards for f in json.loads(s.read_text())["files"]]
    assert sorted(paths) == sorted(f["path"] for f in serial["files"])  # no overlap, nothing lost
    merged = subprocess.run(
        [sys.executable, "-m", "pytest_newsqa", "merge", *map(str, shards), "-o", "merged.json"],
        cwd=pytester.path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert merged.returncode == 1, merged.stderr
    assert "NWS501 duplicate-article" in merged.stdout
    assert json.loads((pytester.path / "merged.json").read_text()) == serial


def test_rate_gate(pytester, fixture_copy):
    fixture_copy(*[f"clean/{p.name}" for p in (FIXTURES / "clean").iterdir()], "defects/nws301_truncated_body.json")
    under = pytester.runpytest("--newsqa", "data", "--newsqa-max-rate=truncated-body:20%")
    assert under.ret == 0
    under.assert_outcomes(passed=7)
    under.stdout.fnmatch_lines(["NWS301 truncated-body * 1 * 1 * 14.29%  ok (limit 20%) *"])
    over = pytester.runpytest("--newsqa", "data", "--newsqa-max-rate=truncated-body:10%")
    assert over.ret == 1
    over.stdout.fnmatch_lines(["GATE FAILED: NWS301 truncated-body: 14.29% of files, limit 10%"])
    other = pytester.runpytest("--newsqa", "data", "--newsqa-max-rate=stray-marker:1%")
    other.assert_outcomes(passed=6, failed=1)


def test_merge_refuses_a_non_report(pytester):
    (pytester.path / "bad.json").write_text("[]")
    merged = subprocess.run(
        [sys.executable, "-m", "pytest_newsqa", "merge", "bad.json"],
        cwd=pytester.path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert merged.returncode == 2
    assert "not a pytest-newsqa version 1 report" in merged.stderr


def test_batch_mode_walks_each_real_directory_once(pytester, fixture_copy):
    data = fixture_copy("clean/clean_article.txt", "clean/clean_feed.jsonl")
    (data / "loop").symlink_to(data, target_is_directory=True)
    (data / "node_modules").mkdir()  # norecursedirs still applies
    (data / "node_modules" / "x.txt").write_text("Headline\n\nBody.\n")
    (pytester.path / "outside.json").write_text("{}")  # beside the requested folder: not collected
    result = pytester.runpytest("--newsqa", "data", "--newsqa-batch=10", "--newsqa-report=r.json")
    result.assert_outcomes(passed=1)
    files = [f["path"] for f in json.loads((pytester.path / "r.json").read_text())["files"]]
    assert files == ["data/clean_article.txt", "data/clean_feed.jsonl"]


def test_batch_failure_lists_findings_per_file(pytester, fixture_copy):
    fixture_copy(*SEEDS, "clean/clean_article.txt")
    result = pytester.runpytest("--newsqa", "data", "--newsqa-batch=10")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "collected 1 item",
            "data/000_4e2c9feb0530e3ed.txt: 8 findings (8 errors)",
            "data/000_4e2c9feb0530e3ed.txt:4: NWS102 repeated-caption*",
            "data/001_e8cc6f06c8c1ee78.txt: 6 findings (6 errors)",
        ]
    )
    result.stdout.no_fnmatch_line("data/clean_article.txt: *")
