"""Serial, xdist, batch and merged-shard runs give identical results; the rate gate."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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


SITE_CONFTEST = """
from pytest_newsqa import Article, ParsedFile, TextUnit, rule

@rule("ACM020", "minor-headline", "A headline that says Minor.", severity="warning")
def minor(article, options):
    if article.headline and "Minor" in article.headline.text:
        yield article.headline.line, "minor headline"

def pytest_newsqa_add_rules():
    return [minor]

def pytest_newsqa_read_file(source):
    if not source.text.startswith("SITE"):
        return None
    lines = source.text.splitlines()
    return ParsedFile([Article(0, 2, TextUnit(lines[1], 2), paragraphs=[TextUnit(lines[2], 3)])])
"""


@pytest.fixture
def corpus(pytester, fixture_copy):
    """The fixtures, plus a folder whose conftest.py adds a warning rule and a reader."""
    data = fixture_copy(*ALL)
    site = data / "site" / "deep"
    site.mkdir(parents=True)
    (site / "conftest.py").write_text(SITE_CONFTEST)
    (site / "warned.txt").write_text("Minor Council Meeting Ends\n\nThe council met on Monday and agreed.\n")
    (site / "custom.txt").write_text("SITE\nMinor Headline From The Reader\nThe body the reader found, in full.\n")
    (data / "outside.txt").write_text("SITE\nMinor Headline Outside\nA plain text file, read by the built-in reader.\n")
    # A link that stays inside the tree (followed: its target's suffix is not collected), a
    # file link and a folder link that leave it (each reported on its own path, never read).
    (data / "notes").mkdir()
    (data / "notes" / "story.text").write_text("Linked Story\n\nA story reached through a link, cut in the\n")
    (data / "linked.txt").symlink_to(Path("notes", "story.text"))
    (pytester.path / "secret.txt").write_text("SECRET-TOKEN-MODES\n\nNot to be read.\n")
    (data / "leak.txt").symlink_to(Path("..", "secret.txt"))
    (pytester.path / "private").mkdir()
    (pytester.path / "private" / "p.txt").write_text("SECRET-TOKEN-MODES\n\nNot to be read either.\n")
    (data / "private").symlink_to(Path("..", "private"), target_is_directory=True)
    return data


@pytest.mark.slow
def test_xdist_batch_and_serial_are_identical(pytester, corpus):
    serial_code, serial = run_report(pytester, "serial.json")
    assert serial_code == 1
    site = [(f["path"], f["code"], f["severity"], f["line"]) for f in serial["findings"] if f["code"] == "ACM020"]
    assert site == [
        ("data/site/deep/custom.txt", "ACM020", "warning", 2),
        ("data/site/deep/warned.txt", "ACM020", "warning", 1),
    ]
    statuses = {f["path"]: f["status"] for f in serial["files"]}
    assert statuses["data/site/deep/warned.txt"] == statuses["data/site/deep/custom.txt"] == "passed"
    links = [
        (f["path"], f["code"])
        for f in serial["findings"]
        if f["path"] in ("data/linked.txt", "data/leak.txt", "data/private")
    ]
    assert links == [("data/leak.txt", "NWS901"), ("data/linked.txt", "NWS301"), ("data/private", "NWS901")]
    assert "SECRET-TOKEN" not in json.dumps(serial)
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
    # Six clean files and one truncated body: 1 of 7 files (14.29%) is over a 10% rate.
    clean = ["clean_article.html", "clean_article.txt", "clean_feed.json", "clean_feed.jsonl", "crlf_article.txt"]
    fixture_copy(*[f"clean/{name}" for name in [*clean, "utf8_bom.txt"]], "defects/nws301_truncated_body.json")
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
            "*newsqa: 3 files, data/000_4e2c9feb0530e3ed.txt … data/clean_article.txt*",
            "2 of 3 files failed",
            "data/000_4e2c9feb0530e3ed.txt: 8 findings (8 errors): NWS1*",
            "data/000_4e2c9feb0530e3ed.txt:4: NWS102 repeated-caption*",
            "data/001_e8cc6f06c8c1ee78.txt: 6 findings (6 errors): *",
        ]
    )
    result.stdout.no_fnmatch_line("data/clean_article.txt: *")
