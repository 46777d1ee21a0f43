"""The HTML report and the SARIF log as pure functions of a report document."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from pytest_newsqa import compare, sources
from pytest_newsqa.outputs import html, sarif

jsonschema = pytest.importorskip("jsonschema")
SCHEMA = Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json"
RULES = {
    "NWS101": "duplicate-headline",
    "NWS201": "stray-marker",
    "NWS301": "truncated-body",
    "NWS402": "mojibake",
    "NWS901": "unreadable",
}
MESSAGES = {
    "NWS101": "headline repeated: 'Council votes on the budget'",
    "NWS201": "page furniture 'Advertisement'",
    "NWS301": "body stops mid-sentence: 'the budget would cover the'",
    "NWS402": "garbled text 'TÃ¼rkiye' (UTF-8 read as windows-1252; meant 'Türkiye')",
    "NWS901": "JSONL line does not parse: Expecting value",
}


def synthetic(files: int, failing: float = 0.03, n_sources: int = 40, seed: int = 1) -> dict:
    """A report document of ``files`` files, a share failing with one to four findings each."""
    rng = random.Random(seed)
    document: dict = {"version": 1, "files": [], "findings": []}
    for i in range(files):
        path = f"data/site{i % n_sources:03d}/{i:07d}.jsonl"
        bad = rng.random() < failing
        document["files"].append({"path": path, "status": "failed" if bad else "passed", "articles": 1})
        for code in rng.sample(sorted(RULES), rng.randint(1, 4)) if bad else []:
            document["findings"].append(
                {
                    "path": path,
                    "rule": RULES[code],
                    "code": code,
                    "severity": "error",
                    "article": 0,
                    "line": rng.randint(0, 40),
                    "message": MESSAGES[code],
                    "digest": f"{rng.getrandbits(64):016x}",
                }
            )
    failed = sum(f["status"] == "failed" for f in document["files"])
    rules = {}
    for code, name in RULES.items():
        hit = {f["path"] for f in document["findings"] if f["code"] == code}
        share = 100.0 * len(hit) / files
        rules[code] = {"name": name, "files": len(hit), "share": share, "limit": None, "verdict": "fails files"}
    document["summary"] = {
        "files": files,
        "statuses": {"failed": failed, "passed": files - failed},
        "findings": len(document["findings"]),
        "rules": rules,
        "gate": {"passed": True, "failures": []},
        "passed": failed == 0,
    }
    document["config"] = {"enabled": sorted(RULES), "names": RULES, "severities": {c: "error" for c in RULES}}
    sources.annotate(document, sources.SourceMode("folder"), ["data"])
    return document


@pytest.mark.timeout(300)
def test_html_of_a_20000_file_run_stays_small():
    document = synthetic(20_000)
    previous = synthetic(20_000, failing=0.02, seed=2)
    data = compare.compare(previous, document, "yesterday.json").to_json()
    document["comparison"] = {**data, "limits": {}, "failures": []}
    page = html.render(document, read=None)
    size = len(page.encode("utf-8"))
    assert len(document["findings"]) > 1_000
    assert size < 3_000_000, size
    assert page.count('<tr data-source="site') >= 40  # every source in the heat table
    assert page.count('class="then"') == len(RULES)  # yesterday's bars


def test_html_caps_findings_and_counts_the_rest():
    document = synthetic(2_000, failing=0.5)
    limits = html.Limits(worst_files=5, findings_per_file=2, findings=100, sources=10)
    page = html.render(document, read=None, limits=limits)
    total = len(document["findings"])
    assert page.count('<details class="file"') == 5
    assert f"… and {total - 100:,} more findings, not listed here" in page
    assert "… and 30 more sources" in page
    # Twice the findings, same page size give or take: the cap holds.
    bigger = html.render(synthetic(4_000, failing=0.5), read=None, limits=limits)
    assert len(bigger) < 1.2 * len(page)


def test_html_escapes_what_the_scrape_contains():
    document = synthetic(10, failing=1.0)
    document["findings"][0]["message"] = "markup in text: '<script>alert(1)</script>'"
    lines = ["<img src=x onerror=alert(1)>", "second", "third"]
    document["findings"][0]["line"] = 1
    page = html.render(document, read=lambda path: lines)
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_context_marks_the_quoted_defect_and_cuts_long_lines():
    finding = {
        "code": "NWS201",
        "rule": "stray-marker",
        "severity": "error",
        "line": 2,
        "message": "page furniture 'Advertisement'",
    }
    block = html._finding_block(finding, ["Para one.", "Advertisement", "Para two."])
    assert "<mark>Advertisement</mark>" in block and 'class="hit"' in block
    long_line = "x" * 5_000 + " TÃ¼rkiye " + "y" * 5_000
    finding = {**finding, "line": 1, "message": "garbled text 'TÃ¼rkiye' (meant 'Türkiye')"}
    block = html._finding_block(finding, [long_line])
    assert "<mark>TÃ¼rkiye</mark>" in block and len(block) < 1_000


def test_file_reader_reads_regular_files_only(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"one\r\ntwo\n")
    read = html.file_reader(tmp_path)
    assert read("a.txt")[:2] == ["one", "two"]
    assert read("missing.txt") is None
    assert read(".") is None  # a directory


def test_sarif_caps_results_and_stays_valid():
    document = synthetic(500, failing=0.5)
    log = sarif.sarif_log(document, max_results=50)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert list(jsonschema.Draft4Validator(schema).iter_errors(log)) == []
    run = log["runs"][0]
    assert len(run["results"]) == 50 and run["properties"]["findings"] == len(document["findings"])
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} == set(RULES)


def test_sarif_paths_are_uri_references():
    document = synthetic(1, failing=1.0)
    document["findings"][0]["path"] = "data/a file #1 100%.txt"
    uri = sarif.sarif_log(document)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri["uri"] == "data/a%20file%20%231%20100%25.txt"
