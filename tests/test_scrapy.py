"""The Scrapy pipeline in real crawls: a spider against pages served on 127.0.0.1."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration import installed_example_plugin

pytest.importorskip("scrapy", reason="scrapy is not installed (pip install -e '.[scrapy]')")

HERE = Path(__file__).resolve().parent
SITE = HERE / "site"
# A crawl takes a few seconds; a minute and a half covers a busy CI machine, and a hang fails.
CRAWL_TIMEOUT = 90


def crawl(tmp_path: Path, settings: dict, env: dict | None = None) -> subprocess.CompletedProcess:
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    return subprocess.run(
        [sys.executable, str(HERE / "scrapy_crawl.py"), str(SITE), str(out), json.dumps(settings)],
        capture_output=True,
        text=True,
        timeout=CRAWL_TIMEOUT,
        env=env,
    )


def outputs(tmp_path: Path) -> tuple[dict, list[dict], list[str]]:
    out = tmp_path / "out"
    stats = json.loads((out / "stats.json").read_text())
    items = [json.loads(line) for line in (out / "items.jsonl").read_text().splitlines() if line.strip()]
    return stats, items, json.loads((out / "requests.json").read_text())


def page(url: str) -> str:
    return url.rsplit("/", 1)[-1]


def test_drop_mode_counts_drops_and_reports(tmp_path):
    report = tmp_path / "newsqa.json"
    run = crawl(tmp_path, {"NEWSQA_ACTION": "drop", "NEWSQA_REPORT": str(report)})
    assert run.returncode == 0, run.stderr
    stats, items, requests = outputs(tmp_path)
    pages = ["caps.html", "clean.html", "copy.html", "index.html", "marker.html", "mojibake.html"]
    assert sorted(requests) == [f"/{name}" for name in pages]
    assert stats["newsqa/items_checked"] == 5
    assert stats["newsqa/items_failed"] == 3
    assert stats["newsqa/items_dropped"] == stats["item_dropped_count"] == 3
    assert stats["newsqa/NWS201/stray-marker"] == 1
    assert stats["newsqa/NWS402/mojibake"] == 1
    assert stats["newsqa/NWS501/duplicate-article"] == 1  # the later copy, when it arrives
    assert stats["newsqa/passed"] == 0
    assert sorted(page(i["url"]) for i in items) == ["caps.html", "clean.html"]
    assert "Dropped: newsqa: http://127.0.0.1:" in run.stderr
    assert "marker.html: NWS201 stray-marker: page furniture 'TT'" in run.stderr
    assert "copy.html: NWS501 duplicate-article: article 0 is also in http://127.0.0.1:" in run.stderr

    document = json.loads(report.read_text())
    assert {page(f["path"]): f["status"] for f in document["files"]} == {
        "caps.html": "passed",
        "clean.html": "failed",  # the report names both copies, as for files
        "copy.html": "failed",
        "marker.html": "failed",
        "mojibake.html": "failed",
    }
    assert sorted((page(f["path"]), f["code"]) for f in document["findings"]) == [
        ("clean.html", "NWS501"),
        ("copy.html", "NWS501"),
        ("marker.html", "NWS201"),
        ("mojibake.html", "NWS402"),
    ]
    merged = subprocess.run(
        [sys.executable, "-m", "pytest_newsqa", "merge", str(report), "-o", str(tmp_path / "merged.json")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert merged.returncode == 1, merged.stderr
    assert "5 files checked, 4 failed" in merged.stdout
    assert json.loads((tmp_path / "merged.json").read_text()) == document


def test_keep_mode_attaches_findings_and_gates_by_rate(tmp_path):
    settings = {
        "NEWSQA_ACTION": "keep",
        "NEWSQA_MAX_RATE": "stray-marker:30%",
        "NEWSQA_SEVERITY": ["mojibake:warning"],
        "NEWSQA_IGNORE": "NWS501",
    }
    run = crawl(tmp_path, settings, env=installed_example_plugin(tmp_path))
    assert run.returncode == 0, run.stderr
    stats, items, _ = outputs(tmp_path)
    assert stats["item_scraped_count"] == 5
    assert stats.get("item_dropped_count", 0) == 0
    # Gated and warning-level findings do not fail an item; the plugin's rule (entry point) does.
    assert stats["newsqa/items_failed"] == 1
    assert stats["newsqa/EXA001/all-caps-headline"] == 1
    assert "newsqa/NWS501/duplicate-article" not in stats
    assert stats["newsqa/gate_passed"] == 1  # 1 item of 5 is 20%, under 30%
    attached = {page(i["url"]): [(f["code"], f["severity"]) for f in i.get("newsqa", ())] for i in items}
    assert attached["clean.html"] == []
    assert attached["marker.html"] == [("NWS201", "error")]
    assert attached["mojibake.html"] == [("NWS402", "warning")]
    assert attached["caps.html"] == [("EXA001", "error")]
    assert attached["copy.html"] == []  # a dataclass without the field: counted, not attached
    assert stats["newsqa/findings_not_attached"] == 1
    assert "cannot attach findings to NewsRecord items: declare a field 'newsqa'" in run.stderr


def test_log_mode_and_a_failed_rate_gate(tmp_path):
    run = crawl(tmp_path, {"NEWSQA_MAX_RATE": "stray-marker:10%", "NEWSQA_SELECT": "NWS2"})
    assert run.returncode == 0, run.stderr
    stats, items, _ = outputs(tmp_path)
    assert stats["item_scraped_count"] == 5  # log is the default action: items pass unchanged
    assert all(item.get("newsqa") is None for item in items)
    assert stats["newsqa/gate_passed"] == 0
    assert "GATE FAILED: NWS201 stray-marker: 20.00% of files, limit 10%" in run.stderr


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"NEWSQA_SELECT": "NWS999"}, "NEWSQA_SELECT: unknown rule code, prefix or name"),
        ({"NEWSQA_MAX_RATE": "stray-marker"}, "NEWSQA_MAX_RATE: expected rule:percent"),
        ({"NEWSQA_MARKERS": ["(a+)+$"]}, "NEWSQA_MARKERS: a repeat inside a repeat"),
        ({"NEWSQA_ACTION": "delete"}, "NEWSQA_ACTION: expected one of log, keep, drop: 'delete'"),
    ],
)
def test_a_bad_setting_stops_the_crawl_before_any_request(tmp_path, settings, message):
    run = crawl(tmp_path, settings)
    assert f"pytest-newsqa configuration: {message}" in run.stderr
    assert json.loads((tmp_path / "out" / "requests.json").read_text()) == []
