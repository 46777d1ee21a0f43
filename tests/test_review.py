"""Sources, comparison with a previous run, baselines, HTML and SARIF: real pytest sessions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

jsonschema = pytest.importorskip("jsonschema")

SCHEMA = Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json"
CLEAN = "Mayor opens the new bridge\n\nThe mayor opened the bridge on Monday. Traffic will flow from today.\n"


def clean(n: int) -> str:
    """A distinct clean article (copies would be duplicate articles)."""
    return f"Bridge {n} opens\n\nThe mayor opened bridge number {n} on Monday. Traffic will flow from today.\n"


def truncated(n: int) -> str:
    return f"Council vote {n}\n\nThe council voted on item {n} on Tuesday. Members said the budget would cover the\n"


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def report_of(pytester: pytest.Pytester, name: str) -> dict:
    return json.loads((pytester.path / name).read_text(encoding="utf-8"))


def sarif_errors(log: dict) -> list[str]:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    return [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(log)]


# -- sources ---------------------------------------------------------------------------------
def test_sources_by_folder(pytester):
    write(
        pytester.path,
        {"data/site_a/2024/a.txt": clean(1), "data/site_a/b.txt": truncated(1), "data/site_b/c.txt": clean(2)},
    )
    result = pytester.runpytest("--newsqa", "data", "--newsqa-report=r.json")
    report = report_of(pytester, "r.json")
    assert {f["path"]: f["source"] for f in report["files"]} == {
        "data/site_a/2024/a.txt": "site_a",
        "data/site_a/b.txt": "site_a",
        "data/site_b/c.txt": "site_b",
    }
    site_a = report["sources"]["site_a"]
    assert (site_a["files"], site_a["failed"], site_a["failed_share"]) == (2, 1, 50.0)
    assert site_a["rules"] == {"NWS301": {"files": 1, "share": 50.0}} and site_a["worst"] == ["NWS301"]
    assert report["sources"]["site_b"]["failed"] == 0
    result.stdout.re_match_lines(
        [r"source\s+files\s+failed\s+share\s+worst rules", r"site_a\s+2\s+1\s+50.00%\s+NWS301"]
    )


def test_sources_by_host(pytester):
    pytester.makeini("[pytest]\nnewsqa_source = host\n")
    record = {"title": "Mayor opens the new bridge", "body": "The mayor opened it on Monday.", "url": ""}
    write(
        pytester.path,
        {
            "data/feed.jsonl": json.dumps({**record, "url": "https://www.example.com/news/1"}) + "\n",
            "data/page.html": '<html><head><link rel="canonical" href="https://news.example.org/x"></head>'
            "<body><h1>Mayor opens the bridge</h1><p>The mayor opened it on Monday.</p></body></html>",
            "data/plain.txt": CLEAN,
        },
    )
    pytester.runpytest("--newsqa", "data", "--newsqa-report=r.json")
    report = report_of(pytester, "r.json")
    assert {f["path"]: f["source"] for f in report["files"]} == {
        "data/feed.jsonl": "example.com",
        "data/page.html": "news.example.org",
        "data/plain.txt": "(no url)",
    }
    assert {f["path"]: f.get("url") for f in report["files"]}["data/page.html"] == "https://news.example.org/x"


def test_sources_by_regex(pytester):
    pytester.makeini("[pytest]\nnewsqa_source = /(\\w+)-\\d+\\.txt$\n")
    write(
        pytester.path, {"data/reuters-1.txt": clean(1), "data/reuters-2.txt": truncated(1), "data/misc.txt": clean(2)}
    )
    pytester.runpytest("--newsqa", "data", "--newsqa-report=r.json")
    sources = report_of(pytester, "r.json")["sources"]
    assert set(sources) == {"reuters", "(other)"}
    assert sources["reuters"]["failed"] == 1 and sources["(other)"]["files"] == 1


@pytest.mark.parametrize("value", ["(a)(b)", "no-group", "([unclosed"])
def test_bad_source_setting_is_a_usage_error(pytester, value):
    pytester.makeini(f"[pytest]\nnewsqa_source = {value}\n")
    write(pytester.path, {"data/a.txt": CLEAN})
    result = pytester.runpytest("--newsqa", "data")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*newsqa_source*"])


# -- comparison --------------------------------------------------------------------------------
def two_runs(pytester: pytest.Pytester) -> None:
    """Yesterday: site_a, site_b, site_c. Today: site_c vanished, site_d is new, site_a truncates."""
    write(
        pytester.path,
        {f"data/site_a/{i}.txt": clean(i) for i in range(4)}
        | {"data/site_b/1.txt": clean(11), "data/site_b/2.txt": truncated(12), "data/site_c/1.txt": clean(13)},
    )
    assert pytester.runpytest("--newsqa", "data", "--newsqa-report=yesterday.json").ret == 1
    (pytester.path / "data/site_c/1.txt").unlink()
    (pytester.path / "data/site_c").rmdir()
    write(pytester.path, {"data/site_a/0.txt": truncated(0), "data/site_d/1.txt": clean(14)})


def test_compare_lists_changes_and_max_increase_names_the_source(pytester):
    two_runs(pytester)
    # Truncations gated by rate only (100%): the comparison alone decides the session.
    args = ["--newsqa", "data", "--newsqa-max-rate=truncated-body:100%", "--newsqa-compare=yesterday.json"]
    result = pytester.runpytest(*args, "--newsqa-max-increase=truncated-body:2%", "--newsqa-report=today.json")
    assert result.ret == 1
    result.stdout.fnmatch_lines(
        [
            "compared with yesterday.json: failed files *",
            "NWS301 truncated-body*14.29%*28.57%*+14.29",
            "*site_a*NWS301 truncated-body*0.00%*25.00%*+25.00",
            "new sources: site_d",
            "vanished sources: site_c",
            "GATE FAILED: NWS301 truncated-body on site_a: 0.00% -> 25.00% of files (+25.00 points, limit +2)",
        ]
    )
    report = report_of(pytester, "today.json")
    assert report["summary"]["passed"] is False
    assert report["comparison"]["new_sources"] == ["site_d"]
    assert report["comparison"]["vanished_sources"] == ["site_c"]
    # Under a looser limit the same change passes, and no limit at all only reports.
    assert pytester.runpytest(*args, "--newsqa-max-increase=NWS301:30%").ret == 0
    assert pytester.runpytest(*args).ret == 0


def test_max_increase_from_ini(pytester):
    two_runs(pytester)
    pytester.makeini("[pytest]\nnewsqa_max_increase = truncated-body:2%\n")
    args = ["--newsqa", "data", "--newsqa-max-rate=truncated-body:100%", "--newsqa-compare=yesterday.json"]
    result = pytester.runpytest(*args)
    assert result.ret == 1
    result.stdout.fnmatch_lines(["GATE FAILED: NWS301 truncated-body on site_a*"])


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_compare_and_max_increase_from_merge(pytester):
    two_runs(pytester)
    for k in (1, 2):
        pytester.runpytest(
            "--newsqa",
            "data",
            "--newsqa-max-rate=truncated-body:100%",
            f"--newsqa-shard={k}/2",
            f"--newsqa-report={k}.json",
        )
    command = [sys.executable, "-m", "pytest_newsqa", "merge", "1.json", "2.json", "-o", "m.json"]
    command += ["--compare", "yesterday.json", "--max-increase", "truncated-body:2%", "--html", "m.html"]
    done = subprocess.run(command, cwd=pytester.path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert "GATE FAILED: NWS301 truncated-body on site_a" in done.stdout
    assert "new sources: site_d" in done.stdout and "vanished sources: site_c" in done.stdout
    merged = report_of(pytester, "m.json")
    assert set(merged["sources"]) == {"site_a", "site_b", "site_d"}
    assert merged["sources"]["site_a"]["failed_share"] == 0.0  # gated by rate: the file itself passes
    assert merged["sources"]["site_a"]["rules"]["NWS301"]["share"] == 25.0
    assert "GATE FAILED: NWS301 truncated-body on site_a" in (pytester.path / "m.html").read_text(encoding="utf-8")


def test_compare_with_an_unreadable_report_is_a_usage_error(pytester):
    write(pytester.path, {"data/a.txt": CLEAN, "old.json": "{not json"})
    result = pytester.runpytest("--newsqa", "data", "--newsqa-compare=old.json")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*old.json: not a readable JSON report*"])
    result = pytester.runpytest("--newsqa", "data", "--newsqa-max-increase=truncated-body:2%")
    assert result.ret == pytest.ExitCode.USAGE_ERROR


# -- baseline ------------------------------------------------------------------------------------
STORY = (
    "Mayor opens the new bridge\n\n{above}The mayor opened the bridge on Monday.\n\nTT\n\n{more}Traffic flows today.\n"
)


def test_baseline_survives_an_edit_above_and_catches_a_new_finding(pytester):
    article = pytester.path / "data" / "a.txt"
    write(pytester.path, {"data/a.txt": STORY.format(above="", more=""), "data/b.txt": CLEAN})
    assert pytester.runpytest("--newsqa", "data").ret == 1
    result = pytester.runpytest("--newsqa", "data", "--newsqa-baseline=b.json", "--newsqa-update-baseline")
    assert result.ret == 0
    result.stdout.fnmatch_lines(["newsqa baseline: 1 entries written to b.json"])
    entries = json.loads((pytester.path / "b.json").read_text(encoding="utf-8"))["findings"]
    assert [(e["path"], e["code"], e["count"]) for e in entries] == [("data/a.txt", "NWS201", 1)]

    # An edit above the finding moves it two lines down: still accepted.
    article.write_text(STORY.format(above="A new first paragraph of the story.\n\n", more=""), encoding="utf-8")
    result = pytester.runpytest("--newsqa", "data", "--newsqa-baseline=b.json", "--newsqa-report=r.json")
    assert result.ret == 0
    result.stdout.fnmatch_lines(["baseline b.json: 1 findings accepted, 0 entries no longer occur"])
    assert report_of(pytester, "r.json")["files"][0]["baselined"][0][:3] == ["NWS201", entries[0]["digest"], 7]

    # A new marker fails, and only it is listed.
    article.write_text(STORY.format(above="", more="Advertisement\n\n"), encoding="utf-8")
    result = pytester.runpytest("--newsqa", "data", "--newsqa-baseline=b.json")
    assert result.ret == 1
    result.stdout.fnmatch_lines(["data/a.txt:7: NWS201 stray-marker: page furniture 'Advertisement'*"])
    result.stdout.no_fnmatch_line("data/a.txt:*'TT'")

    # A second copy of the same accepted text is new too: entries count.
    article.write_text(STORY.format(above="", more="TT\n\n"), encoding="utf-8")
    assert pytester.runpytest("--newsqa", "data", "--newsqa-baseline=b.json").ret == 1

    # Fixed: the entry no longer occurs and is reported so the baseline can shrink.
    article.write_text(clean(5), encoding="utf-8")
    result = pytester.runpytest("--newsqa", "data", "--newsqa-baseline=b.json")
    assert result.ret == 0
    result.stdout.fnmatch_lines(
        [
            "baseline b.json: 0 findings accepted, 1 entries no longer occur (--newsqa-update-baseline drops them)",
            "  no longer occurs: data/a.txt NWS201 page furniture 'TT'",
        ]
    )


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_baseline_under_xdist_and_for_cross_file_duplicates(pytester):
    pytest.importorskip("xdist")
    write(pytester.path, {"data/a.txt": STORY.format(above="", more=""), "data/b.txt": STORY.format(above="", more="")})
    assert pytester.runpytest("--newsqa", "data", "--newsqa-baseline=b.json", "--newsqa-update-baseline").ret == 0
    codes = {e["code"] for e in json.loads((pytester.path / "b.json").read_text(encoding="utf-8"))["findings"]}
    assert codes == {"NWS201", "NWS501"}
    result = pytester.runpytest("--newsqa", "data", "-n", "2", "--newsqa-baseline=b.json")
    assert result.ret == 0, result.stdout.str()
    result.stdout.fnmatch_lines(["baseline b.json: 4 findings accepted, 0 entries no longer occur"])


def test_baseline_errors_are_usage_errors(pytester):
    write(pytester.path, {"data/a.txt": CLEAN})
    result = pytester.runpytest("--newsqa", "data", "--newsqa-baseline=missing.json")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*missing.json: not a readable baseline*--newsqa-update-baseline*"])
    result = pytester.runpytest("--newsqa", "data", "--newsqa-update-baseline")
    assert result.ret == pytest.ExitCode.USAGE_ERROR


# -- HTML and SARIF --------------------------------------------------------------------------------
def test_sarif_file_and_format_validate_against_the_schema(pytester, fixture_copy):
    fixture_copy("000_4e2c9feb0530e3ed.txt", "defects/nws901_bad_line.jsonl")
    result = pytester.runpytest("--newsqa", "data", "--newsqa-sarif=out/r.sarif", "--newsqa-format=sarif")
    log = json.loads((pytester.path / "out/r.sarif").read_text(encoding="utf-8"))
    assert sarif_errors(log) == []
    run = log["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert rules["NWS201"]["name"] == "stray-marker"
    assert "widget residue" in rules["NWS201"]["help"]["text"]  # the rule's docstring
    results = {
        (r["ruleId"], r["locations"][0]["physicalLocation"].get("region", {}).get("startLine")) for r in run["results"]
    }
    assert ("NWS201", 5) in results and ("NWS901", 2) in results
    printed = next(line for line in result.outlines if line.startswith('{"$schema"'))
    assert sarif_errors(json.loads(printed)) == []
    # A report path ending .sarif gets the log too (the output registry picks the format by suffix).
    pytester.runpytest("--newsqa", "data", "--newsqa-report=r.sarif")
    assert sarif_errors(json.loads((pytester.path / "r.sarif").read_text(encoding="utf-8"))) == []


def test_html_report_is_self_contained(pytester, fixture_copy):
    fixture_copy("000_4e2c9feb0530e3ed.txt", "clean/clean_article.txt")
    result = pytester.runpytest("--newsqa", "data", "--newsqa-html=out/r.html")
    result.stdout.fnmatch_lines(["newsqa HTML report: *r.html"])
    page = (pytester.path / "out/r.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "FAILED" in page
    assert 'id="rule-chart"' in page and 'id="heat"' in page
    assert "<mark>TT</mark>" in page  # the defect highlighted on its line
    for external in ("http://", "https://", " src=", " href=", "@import", "url("):
        assert external not in page.replace('http-equiv="Content-Security-Policy"', "")
    assert not list((pytester.path / "out").glob(".*.tmp"))


# -- the README walkthrough -------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.timeout(600)
def test_readme_nightly_walkthrough_works_as_written(tmp_path):
    """Run the walkthrough's commands and find every line of the output the README shows."""
    root = Path(__file__).resolve().parent.parent
    section = (root / "README.md").read_text(encoding="utf-8").split("### A nightly scrape, step by step", 1)[1]
    commands = section.split("```console\n", 1)[1].split("```", 1)[0].replace("\\\n", " ")
    shown = section.split("```text\n", 1)[1].split("```", 1)[0]
    output = ""
    for command in (line.removeprefix("$ ") for line in commands.splitlines() if line.startswith("$ ")):
        argv = command.split()
        if argv[0] == "pytest":
            argv = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *argv[1:]]
        else:
            argv = [sys.executable, str(root / argv[1]), *argv[2:]]
        done = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, timeout=300)
        output = done.stdout
    assert done.returncode == 1
    for line in shown.splitlines():
        if line != "...":
            assert line in output.splitlines(), line
    assert (tmp_path / "reports/2026-11-22.html").stat().st_size > 10_000


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_merge_applies_a_baseline_to_duplicates_across_shards(pytester):
    # Two copies of one story, one in each shard: only merge finds them, and its baseline accepts them.
    story = STORY.format(above="", more="")
    # data/a.txt is in shard 1 of 2, data/h.txt in shard 2 (CRC-32 of the path).
    write(pytester.path, {f"data/{n}.txt": story for n in ("a", "h")} | {f"data/x{n}.txt": clean(n) for n in range(6)})
    assert pytester.runpytest("--newsqa", "data", "--newsqa-baseline=b.json", "--newsqa-update-baseline").ret == 0
    for k in (1, 2):
        shard = ["--newsqa", "data", f"--newsqa-shard={k}/2", f"--newsqa-report={k}.json", "--newsqa-baseline=b.json"]
        pytester.runpytest(*shard)
    merge = [sys.executable, "-m", "pytest_newsqa", "merge", "1.json", "2.json"]
    without = subprocess.run(merge, cwd=pytester.path, capture_output=True, text=True, timeout=120)
    accepted = subprocess.run([*merge, "--baseline", "b.json"], cwd=pytester.path, capture_output=True, text=True)
    assert "NWS501 duplicate-article" in without.stdout
    assert (without.returncode, accepted.returncode) == (1, 0), accepted.stdout
