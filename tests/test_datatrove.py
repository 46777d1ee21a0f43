"""The datatrove filter on datatrove's local executor, several tasks, against pytest --newsqa."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration import installed_example_plugin

pytest.importorskip("datatrove", reason="datatrove is not installed (pip install -e '.[datatrove]')")
pytest.importorskip("orjson", reason="orjson is not installed (pip install -e '.[datatrove]')")

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
# Starting worker processes (forkserver) takes seconds on a busy machine; a hang fails the test.
RUN_TIMEOUT = 240


def run_datatrove(out: Path, options: dict, env: dict, tasks: int = 3, workers: int = 2, action: str = "drop"):
    command = [sys.executable, str(HERE / "datatrove_run.py"), str(CORPUS), str(out), json.dumps(options)]
    run = subprocess.run(
        [*command, str(tasks), str(workers), action], capture_output=True, text=True, timeout=RUN_TIMEOUT, env=env
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return run


def record_places() -> dict[str, tuple[str, int]]:
    """Each record's id -> (file name, line), to compare datatrove's documents with pytest's files."""
    places = {}
    for path in sorted(CORPUS.glob("*.jsonl")):
        for line, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            places[json.loads(text)["id"]] = (path.name, line)
    return places


def keyed(findings: list[dict], place) -> tuple[set, set]:
    """(findings other than duplicates, records flagged as duplicates), keyed by (file, line).

    A document is checked as a file holding its one record, so a message that points to
    another line of the record (``paragraph repeats line 1``) counts from the record, not
    from the top of the JSONL file: those numbers are left out of the comparison.
    """
    others = {
        (*place(f["path"], f["line"]), f["code"], f["rule"], f["severity"], re.sub(r"line \d+", "line N", f["message"]))
        for f in findings
    }
    duplicates = {(file, line) for file, line, code, *_ in others if code == "NWS501"}
    return {f for f in others if f[2] != "NWS501"}, duplicates


def test_same_findings_as_pytest_on_the_same_files(tmp_path):
    env = installed_example_plugin(tmp_path)  # the entry-point plugin's rule runs on both sides
    out = tmp_path / "dt"
    run_datatrove(out, {"severity": "NWS103:warning"}, env)
    reports = sorted((out / "reports").glob("newsqa-*.json"))
    assert [p.name for p in reports] == ["newsqa-00000.json", "newsqa-00001.json", "newsqa-00002.json"]
    merged = subprocess.run(
        [sys.executable, "-m", "pytest_newsqa", "merge", *map(str, reports), "-o", str(tmp_path / "merged.json")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert merged.returncode == 1, merged.stderr  # the corpus has defects: the gate fails
    datatrove_report = json.loads((tmp_path / "merged.json").read_text())

    (tmp_path / "ini").mkdir()  # an empty rootdir: none of this repository's pytest settings
    (tmp_path / "ini" / "pytest.ini").write_text("[pytest]\nnewsqa_severity = NWS103:warning\n")
    report = f"--newsqa-report={tmp_path / 'pytest.json'}"
    pytest_run = subprocess.run(
        [sys.executable, "-m", "pytest", "-c", str(tmp_path / "ini" / "pytest.ini"), "--newsqa", str(CORPUS), report],
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        env=env,
        cwd=tmp_path,
    )
    assert pytest_run.returncode == 1, pytest_run.stdout[-3000:]
    pytest_report = json.loads((tmp_path / "pytest.json").read_text())

    places = record_places()
    ours, our_duplicates = keyed(datatrove_report["findings"], lambda path, line: places[path])
    theirs, their_duplicates = keyed(pytest_report["findings"], lambda path, line: (Path(path).name, line))
    assert ours == theirs
    assert our_duplicates == their_duplicates == {("a.jsonl", 1), ("c.jsonl", 1)}
    codes = {f[2] for f in ours}
    assert codes == {"NWS101", "NWS102", "NWS103", "NWS201", "NWS202", "NWS301", "NWS402", "EXA001"}

    # Per-rule counts through datatrove's stats, summed over the tasks.
    stats = json.loads((out / "logs" / "stats.json").read_text())
    step = next(s for s in stats if "newsqa" in s["name"])["stats"]
    assert step["newsqa/NWS201/stray-marker"] == 1
    assert step["newsqa/EXA001/all-caps-headline"] == 1
    assert step["dropped"] == step["newsqa/failed"] == 6  # the NWS103 warning fails no document
    kept = [json.loads(line) for path in (out / "kept").glob("*.jsonl") for line in path.read_text().splitlines()]
    assert sorted(doc["id"] for doc in kept) == ["a-1", "b-4", "c-1", "c-2", "c-3"]
    assert next(doc for doc in kept if doc["id"] == "c-2")["metadata"]["newsqa"][0]["code"] == "NWS103"


def test_keep_mode_and_duplicates_within_a_task(tmp_path):
    out = tmp_path / "dt"
    env = installed_example_plugin(tmp_path)
    run_datatrove(out, {"select": "NWS5,NWS2"}, env, tasks=1, workers=1, action="keep")
    kept = {}
    for path in (out / "kept").glob("*.jsonl"):
        for line in path.read_text().splitlines():
            doc = json.loads(line)
            kept[doc["id"]] = [(f["code"], f["message"]) for f in doc["metadata"]["newsqa"]]
    assert len(kept) == 11
    # One task reads all three files: the second copy is flagged as it passes.
    assert kept["c-1"] == [("NWS501", "article 0 is also in a-1 (article 0)")]
    assert kept["a-1"] == []
    assert [code for code, _ in kept["a-2"]] == ["NWS201"]
    assert kept["b-3"] == []  # EXA001 not selected


def test_a_bad_option_fails_when_the_pipeline_is_built():
    from pytest_newsqa import ConfigError
    from pytest_newsqa.datatrove import NewsQAFilter

    with pytest.raises(ConfigError, match="newsqa_max_rate: expected rule:percent"):
        NewsQAFilter({"max_rate": "stray-marker"})
    with pytest.raises(ValueError, match="action must be one of drop, keep: 'delete'"):
        NewsQAFilter(action="delete")


def test_the_filter_comparison_runs_end_to_end(tmp_path):
    """bench/compare_filters.py on three articles (its numbers are never asserted). Without
    spaCy, datatrove's filters cannot tokenize and are listed as skipped, with the reason."""
    articles = tmp_path / "articles"
    articles.mkdir()
    for number, line in enumerate(CORPUS.joinpath("a.jsonl").read_text(encoding="utf-8").splitlines()[:3]):
        record = json.loads(line)
        (articles / f"{number}.json").write_text(json.dumps({"url": f"u{number}", **record}), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(HERE.parent / "bench" / "compare_filters.py"), "--corpus", str(articles), "--repeat", "1"],
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert "3 human-judged clean articles" in run.stdout
    rows = [line for line in run.stdout.splitlines() if line.startswith(("datatrove ", "skipped ", "pytest-newsqa"))]
    assert any(line.startswith("pytest-newsqa engine (fails)") for line in rows)
    for name in ("C4QualityFilter", "GopherQualityFilter", "GopherRepetitionFilter", "FineWebQualityFilter"):
        assert any(name in line for line in rows), run.stdout
