"""The spool (records on disk, for big runs) gives the report, summary and exit status of
records in memory, byte for byte; its temporary files go away and never land among the
checked paths."""

from __future__ import annotations

import dataclasses
import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import pytest_newsqa.outputs as outputs
import pytest_newsqa.review as review
import pytest_newsqa.spool as spool
from pytest_newsqa.aggregate import Aggregate
from pytest_newsqa.model import FileResult, Finding
from pytest_newsqa.outputs import github, html, json_report, sarif
from pytest_newsqa.selection import Selector
from tests.helpers import FIXTURES, SEEDS

NAMES = {"NWS201": "stray-marker", "NWS301": "truncated-body", "NWS501": "duplicate-article", "ACM1": "minor"}


def _results() -> list[FileResult]:
    """Failed, passed, warnings-only files; one body in three files (two of them one shard's);
    a body repeated in one file; paths that sort differently as bytes and as tuples."""

    def finding(path: str, code: str, line: int, severity: str = "error") -> Finding:
        return Finding(path, code, NAMES[code], severity, line, f"{code} at {line} 'é\u2028x'", 0, "Head", f"d{line}")

    return [
        FileResult("data/b/z.txt", "failed", 2, "utf-8", [finding("data/b/z.txt", "NWS201", 4)], [("aa", 0, 1)]),
        FileResult("data/a-b/x.txt", "passed", 1, "utf-8", [], [("aa", 0, 3), ("cc", 1, 9)], url="https://x.example/1"),
        FileResult(
            "data/a/x.txt", "passed", 1, "cp1252", [finding("data/a/x.txt", "ACM1", 2, "warning")], [("aa", 0, 1)]
        ),
        FileResult(
            "data/warn.txt", "passed", 1, "utf-8", [finding("data/warn.txt", "ACM1", 7, "warning")], [("bb", 0, 1)]
        ),
        FileResult("data/cut.json", "failed", 1, "utf-8", [finding("data/cut.json", "NWS301", 1)], [("cc", 0, 2)]),
        FileResult("data/clean.txt", "passed", 1, "utf-8", [], [("dd", 0, 1)], baselined=[("NWS201", "d1", 3, "m")]),
    ]


def _aggregate(store: spool.Store, gate: float | None) -> Aggregate:
    selector = Selector(set(NAMES), dict(NAMES), {c: "error" for c in NAMES} | {"ACM1": "warning"})
    if gate is not None:
        selector.gated = {"NWS301": gate}
    aggregate = Aggregate(selector, store)
    aggregate.run = {"shard": None, "settings": {"a": 1}}
    for result in _results():
        aggregate.add(result)
    aggregate.add_missing(["data/never.txt", "data/a/x.txt", "data/zz/later.txt"])  # two not run, one known
    return aggregate


class _Lines:
    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.lines: list[str] = []

    def section(self, title: str, sep: str = "=") -> None:
        self.lines.append(f"[{title}]")

    def line(self, text: str, red: bool = False) -> None:
        self.lines.append(f"{'!' if red else ''}{text}")


def _everything(aggregate: Aggregate) -> dict[str, object]:
    """Every output of a run, as text, and the verdict."""
    review.complete(aggregate, review.ReviewOptions(roots=["data"]), {"NWS201": {"name": "stray-marker"}})
    out: dict[str, object] = {"passed": aggregate.passed(), "summary": aggregate.summary()}
    for name, write in (
        ("json", json_report.write),
        ("sarif", sarif.FORMAT.document),
        ("html", html.FORMAT.document),
    ):
        handle = io.StringIO()
        assert write is not None
        write(aggregate, handle)
        out[name] = handle.getvalue()
    for name in outputs.printed_formats():
        for limit in (None, 1):
            terminal = _Lines(limit)
            outputs.show(name, aggregate, terminal)
            out[f"{name}-{limit}"] = terminal.lines
    out["github-lines"] = list(github.annotation_lines(aggregate))
    return out


@pytest.mark.parametrize("gate", [None, 10.0])
def test_a_spool_gives_what_memory_gives_byte_for_byte(tmp_path, gate):
    in_memory = _everything(_aggregate(spool.MemoryStore(), gate))
    store = spool.SpoolStore(tmp_path)
    spooled = _everything(_aggregate(store, gate))
    store.close()
    assert spooled == in_memory
    assert in_memory["passed"] is False
    document = in_memory["summary"]
    assert isinstance(document, dict)
    assert document["statuses"] == {"failed": 4, "not run": 2, "passed": 2}  # three files share a body
    assert document["gate"]["passed"] is (gate is None)
    assert "article 0 is also in data/a-b/x.txt (article 0)" in str(in_memory["json"])
    assert list(tmp_path.iterdir()) == []


def test_the_streamed_json_is_json_dump_of_the_whole_document():
    import json

    aggregate = _aggregate(spool.MemoryStore(), 10.0)
    handle = io.StringIO()
    json_report.write(aggregate, handle)
    whole = io.StringIO()
    json.dump(json_report.report(aggregate), whole, ensure_ascii=False, indent=1)
    assert handle.getvalue() == whole.getvalue() + "\n"
    empty = Aggregate(Selector(set(), {}, {}))
    handle = io.StringIO()
    json_report.write(empty, handle)
    whole = io.StringIO()
    json.dump(json_report.report(empty), whole, ensure_ascii=False, indent=1)
    assert handle.getvalue() == whole.getvalue() + "\n"


def test_a_record_keeps_every_field_through_the_spool():
    finding = Finding("p", "NWS201", "stray-marker", "warning", 3, "m\n'x'", None, "H", "dg")
    values = {
        "path": "data/é.txt",
        "status": "failed",
        "articles": 2,
        "encoding": "cp1252",
        "findings": [finding],
        "fingerprints": [("abc", 0, 1), ("abd", 1, 7)],
        "url": "https://example.com/a",
        "source": "example.com",
        "baselined": [("NWS201", "dg", 3, "m")],
    }
    # A field added to FileResult must be added to the spool's encoding (and here).
    assert {f.name for f in dataclasses.fields(FileResult)} == set(values)
    result = FileResult(**values)  # type: ignore[arg-type]
    assert spool.decode(spool.encode(result)) == result


def test_a_spool_keeps_arrival_order_and_replaces_in_place(tmp_path):
    store = spool.SpoolStore(tmp_path)
    try:
        for path in ("b", "a", "c"):
            store[path] = FileResult(path, "passed", 1, "utf-8", [], [("same", 0, 1)])
        store["a"] = FileResult("a", "failed", 1, "utf-8", [], [])  # its body is gone with it
        assert [r.path for r in store.values()] == ["b", "a", "c"]
        assert [r.path for r in store.in_path_order()] == ["a", "b", "c"]
        assert len(store) == 3 and "a" in store and "x" not in store
        assert store.status_counts() == {"failed": 1, "passed": 2}
        assert sorted(store.duplicates()) == ["b", "c"]
    finally:
        store.close()
    assert not any(tmp_path.iterdir())


def test_big_runs_spool_except_in_a_checked_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "data" / "tmp"))
    assert isinstance(spool.store_for(False, [tmp_path]), spool.MemoryStore)
    assert isinstance(spool.store_for(True, [tmp_path / "data"]), spool.MemoryStore)  # never among checked files
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    store = spool.store_for(True, [tmp_path / "data"])
    assert isinstance(store, spool.SpoolStore)
    store.close()


def test_a_spool_left_by_a_killed_run_is_removed(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    orphan = tmp_path / f"newsqa-spool-{dead.stdout.strip()}-abc"
    orphan.mkdir()
    (orphan / "records.sqlite3").write_text("x")
    alive = tmp_path / f"newsqa-spool-{os.getpid()}-def"
    alive.mkdir()
    spool.SpoolStore(tmp_path).close()
    assert sorted(p.name for p in tmp_path.iterdir()) == [alive.name]


# -- whole runs ------------------------------------------------------------------------------
WARNED = "Minor Council Meeting Ends\n\nThe council met on Monday and agreed on the budget for the year.\n"


@pytest.fixture
def corpus(fixture_copy):
    """Seeds (findings), cross-file duplicates, a warnings-only file (NWS301 made a warning)."""
    data = fixture_copy(
        *SEEDS,
        "clean/clean_article.txt",
        "clean/clean_feed.jsonl",
        "defects/nws501_duplicate_a.txt",
        "defects/nws501_duplicate_b.json",
        "defects/nws301_truncated_body.json",
    )
    (data / "sub").mkdir()
    (data / "sub" / "copy.txt").write_bytes((FIXTURES / "defects" / "nws501_duplicate_a.txt").read_bytes())
    return data


def _run(pytester: pytest.Pytester, tmp: Path, name: str, *args: str) -> tuple[int, bytes, bytes, bytes]:
    env = {**os.environ, "TMPDIR": str(tmp)}
    command = [sys.executable, "-m", "pytest", "--newsqa", "data", "-p", "no:cacheprovider", "-p", "no:randomly"]
    command += [f"--newsqa-report={name}.json", f"--newsqa-sarif={name}.sarif", f"--newsqa-html={name}.html"]
    command += ["-o", "newsqa_severity=truncated-body:warning", "--newsqa-max-rate=stray-marker:1%", *args]
    done = subprocess.run(command, cwd=pytester.path, env=env, capture_output=True, check=False)
    read = [(pytester.path / f"{name}{suffix}").read_bytes() for suffix in (".json", ".sarif", ".html")]
    return done.returncode, read[0], read[1], read[2]


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_every_mode_writes_the_same_bytes_spooled_or_not(pytester, corpus, tmp_path):
    spools = tmp_path / "spools"
    spools.mkdir()
    serial = _run(pytester, spools, "serial")  # per-file mode: records in memory
    assert serial[0] == 1
    assert b'"NWS501"' in serial[1] and b'"warning"' in serial[1] and b"GATE" not in serial[1]
    assert b'"passed": false' in serial[1]
    for args in (["-n", "2"], ["--newsqa-batch", "2"], ["--newsqa-batch", "2", "-n", "2"]):
        assert _run(pytester, spools, "other", *args) == serial, args
    # Batch mode with the temporary folder among the checked paths keeps records in memory.
    inside = corpus / "tmp-not-checked"
    inside.mkdir()
    assert _run(pytester, inside, "memory", "--newsqa-batch", "2") == serial
    assert list(inside.iterdir()) == []
    shards = []
    for k in (1, 2, 3):
        _run(pytester, spools, f"shard{k}", "--newsqa-batch", "2", f"--newsqa-shard={k}/3")
        shards.append(f"shard{k}.json")
    merged = subprocess.run(
        [sys.executable, "-m", "pytest_newsqa", "merge", *shards, "-o", "merged.json"],
        cwd=pytester.path,
        env={**os.environ, "TMPDIR": str(spools)},
        capture_output=True,
        check=False,
    )
    assert merged.returncode == 1
    assert (pytester.path / "merged.json").read_bytes() == serial[1]
    assert list(spools.iterdir()) == []  # every spool removed


INTERRUPT = """
import pytest

@pytest.hookimpl(trylast=True)
def pytest_runtest_logreport(report):
    if report.when == "call":
        raise KeyboardInterrupt
"""


@pytest.mark.timeout(300)
def test_an_interrupted_batch_run_removes_its_spool(pytester, corpus, tmp_path):
    pytester.makeconftest(INTERRUPT)
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--newsqa", "data", "--newsqa-batch", "2", "-p", "no:cacheprovider"],
        cwd=pytester.path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == pytest.ExitCode.INTERRUPTED, done.stdout
    assert list(tmp_path.iterdir()) == []
