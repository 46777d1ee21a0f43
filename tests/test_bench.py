"""The benchmark script still runs end to end (its numbers are never asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench.generate import generate

ROOT = Path(__file__).resolve().parent.parent
MODES = [
    "floor: plain loop (read+decode+check)",
    "empty one-item-per-file plugin",
    "newsqa per-file mode",
    "newsqa batch mode (10), 1 process",
    "newsqa batch mode (10), -n 2",
]


def test_generated_corpus_has_every_format_and_planted_defects(tmp_path):
    generate(tmp_path / "data", 200, defect_rate=0.2)
    files = sorted((tmp_path / "data").rglob("*.*"))
    assert len(files) == 200
    assert {f.suffix for f in files} == {".txt", ".html", ".json", ".jsonl"}
    again = tmp_path / "again"
    generate(again, 200, defect_rate=0.2)
    assert [f.read_bytes() for f in files] == [f.read_bytes() for f in sorted(again.rglob("*.*"))]


@pytest.mark.slow
def test_bench_prints_one_row_per_mode(tmp_path):
    out = subprocess.run(
        [
            sys.executable,
            *("bench/run.py", "--files", "60", "--batch", "10", "--repeat", "1", "--defect-rate", "0.3"),
            *("--keep", str(tmp_path)),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout
    rows = {line[:42].rstrip(): line[42:].split() for line in out.splitlines()[2:]}
    assert list(rows) == MODES
    exits = {name: int(cells[-1]) for name, cells in rows.items()}
    assert exits["floor: plain loop (read+decode+check)"] == 0
    assert exits["empty one-item-per-file plugin"] == 0
    # The three newsqa modes judge the same corpus alike (60 files hold a planted defect).
    assert {exits[name] for name in MODES[2:]} == {1}


def test_format_bench_prints_one_row_per_format(tmp_path):
    out = subprocess.run(
        [
            sys.executable,
            "bench/formats.py",
            "--files",
            "40",
            "--repeat",
            "1",
            "--real",
            str(tmp_path / "none"),
            "--no-modes",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout
    lines = out.splitlines()[2:]
    assert [line[:44].rstrip() for line in lines[:5]] == [
        "generated text",
        "generated JSON",
        "generated JSONL",
        "generated HTML",
        "generated, all formats (target <= 150)",
    ]
    assert lines[5].startswith("real saved pages: skipped")
    assert any(line.startswith("engine, small files (µs/file, CPU)") for line in lines)
