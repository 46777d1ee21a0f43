"""Real pytest sessions (pytester) with the plugin: collection, outcomes, output and report."""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, SEEDS, missing_extra

CLEAN = ["clean/clean_article.txt", "clean/clean_article.html", "clean/clean_feed.json", "clean/clean_feed.jsonl"]


def report_of(pytester: pytest.Pytester, name: str = "report.json") -> dict:
    return json.loads((pytester.path / name).read_text(encoding="utf-8"))


def test_seed_files_fail_with_exactly_the_expected_findings(pytester, fixture_copy):
    fixture_copy(*SEEDS)
    result = pytester.runpytest("--newsqa", "data", "--newsqa-report=report.json")
    result.assert_outcomes(failed=2)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    findings = report_of(pytester)["findings"]
    by_file = {name: [(f["code"], f["line"]) for f in findings if f["path"] == f"data/{name}"] for name in SEEDS}
    assert Counter(code for code, _ in by_file[SEEDS[0]]) == {"NWS101": 2, "NWS102": 2, "NWS201": 4, "NWS501": 1}
    assert Counter(code for code, _ in by_file[SEEDS[1]]) == {"NWS101": 2, "NWS102": 2, "NWS201": 2, "NWS501": 1}
    assert sorted(line for code, line in by_file[SEEDS[0]] if code == "NWS201") == [5, 6, 43, 44]
    assert sorted(line for code, line in by_file[SEEDS[1]] if code == "NWS201") == [5, 42]
    assert {f["article"] for f in findings if f["code"] == "NWS102"} == {0, 1}
    result.stdout.fnmatch_lines(
        [
            "data/000_4e2c9feb0530e3ed.txt:5: NWS201 stray-marker: page furniture 'TT' [[]article 0: Security*",
            "data/000_4e2c9feb0530e3ed.txt:1: NWS501 duplicate-article: article 0 is also in "
            "data/001_e8cc6f06c8c1ee78.txt (article 0)*",
        ]
    )
    assert "Traceback" not in result.stdout.str()


@pytest.mark.slow  # a subprocess run
def test_works_without_xdist(pytester, fixture_copy):
    fixture_copy(*SEEDS)
    result = pytester.runpytest_subprocess("--newsqa", "data", "-p", "no:xdist")
    result.assert_outcomes(failed=2)
    assert "INTERNALERROR" not in result.stdout.str() + result.stderr.str()


def test_clean_files_pass(pytester, fixture_copy):
    fixture_copy(*CLEAN, "clean/crlf_article.txt", "clean/utf8_bom.txt")
    result = pytester.runpytest("--newsqa", "data", "--newsqa-report=report.json")
    result.assert_outcomes(passed=6)
    assert report_of(pytester)["findings"] == []


def test_every_defect_fixture_fails_for_its_rule(pytester, fixture_copy):
    names = sorted(p.name for p in (FIXTURES / "defects").iterdir())
    fixture_copy(*[f"defects/{n}" for n in names])
    pytester.runpytest("--newsqa", "data", "--newsqa-report=report.json")
    found = {(Path(f["path"]).name, f["code"]) for f in report_of(pytester)["findings"]}
    for name in names:
        # Without its optional package, a file is unreadable, naming the extra to install.
        expected = "NWS901" if missing_extra(name) else name[:6].upper()
        assert (name, expected) in found, name


def test_without_the_option_nothing_is_collected(pytester, fixture_copy):
    fixture_copy(*SEEDS, "defects/nws901_bad_line.jsonl", into=".")
    pytester.makepyfile(test_plain="def test_ok():\n    assert True\n")
    result = pytester.runpytest()
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["collected 1 item"])
    result.stdout.no_fnmatch_line("*newsqa summary*")


def test_explicit_txt_is_not_also_a_doctest(pytester):
    path = pytester.path / "legacy.txt"
    path.write_bytes("Café Owners Protest\n\nOwners of cafés protested on Monday.\n".encode("cp1252"))
    result = pytester.runpytest("--newsqa", "legacy.txt", "--doctest-glob=*.txt", "-v")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*legacy.txt:0: NWS401 encoding: not UTF-8: detected *confidence*"])
    result.stdout.no_fnmatch_line("*DoctestTextfile*")


def test_report_schema(pytester, fixture_copy):
    fixture_copy(SEEDS[0], "clean/clean_feed.jsonl", "defects/nws901_bad_line.jsonl")
    pytester.runpytest("--newsqa", "data", "--newsqa-report=out/report.json")
    report = report_of(pytester, "out/report.json")
    assert report["version"] == 1
    assert [f["path"] for f in report["files"]] == sorted(f["path"] for f in report["files"])
    assert {f["path"] for f in report["files"]} == {
        "data/000_4e2c9feb0530e3ed.txt",
        "data/clean_feed.jsonl",
        "data/nws901_bad_line.jsonl",
    }
    for file in report["files"]:
        assert set(file) >= {"path", "status", "articles", "encoding"}
    for finding in report["findings"]:
        assert set(finding) == {"path", "rule", "code", "severity", "article", "line", "message", "digest"}
        assert len(finding["digest"]) == 16
        assert finding["severity"] in ("error", "warning") and finding["line"] >= 0
    bad = next(f for f in report["findings"] if f["code"] == "NWS901")
    assert (bad["path"], bad["line"], bad["rule"]) == ("data/nws901_bad_line.jsonl", 2, "unreadable")
    assert report["summary"]["files"] == 3
    assert not list((pytester.path / "out").glob(".*.tmp"))


def test_rule_crash_is_a_finding_and_the_run_goes_on(pytester, fixture_copy):
    fixture_copy("clean/clean_article.txt", "clean/crlf_article.txt")
    pytester.makeconftest(
        """
        from pytest_newsqa import rule

        @rule("ACM001", "always-crashes", "Crashes on purpose.")
        def crashes(article, options):
            raise ValueError("boom")

        def pytest_newsqa_add_rules():
            return [crashes]
        """
    )
    result = pytester.runpytest("--newsqa", "data", "-v")
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(
        ["*clean_article.txt:0: ACM001 always-crashes: rule crashed: ValueError: boom*", "*Traceback*"]
    )
    quiet = pytester.runpytest("--newsqa", "data")
    quiet.stdout.no_fnmatch_line("*Traceback*")


def test_file_vanishing_before_its_run(pytester, fixture_copy):
    data = fixture_copy("clean/clean_article.txt", "clean/crlf_article.txt")
    pytester.makeconftest(
        f"""
        import os
        def pytest_collection_finish(session):
            os.remove({str(data / "crlf_article.txt")!r})
        """
    )
    result = pytester.runpytest("--newsqa", "data")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*crlf_article.txt:0: NWS901 unreadable: cannot be read: No such file or directory*"])


def test_symlink_loop_checks_each_file_once(pytester, fixture_copy):
    data = fixture_copy("clean/clean_article.txt")
    (data / "loop").symlink_to(data, target_is_directory=True)
    (pytester.path / "again").symlink_to(data, target_is_directory=True)
    result = pytester.runpytest("--newsqa", "data", "again")
    result.assert_outcomes(passed=1)


def test_file_beside_a_requested_folder_is_still_collected_when_named(pytester, fixture_copy):
    data = fixture_copy("clean/clean_article.txt")
    sub = data / "sub"
    sub.mkdir()
    (sub / "inner.txt").write_text("Inner Headline\n\nA complete sentence of body text.\n")
    result = pytester.runpytest("--newsqa", "data/sub", "data/clean_article.txt")
    result.assert_outcomes(passed=2)


def test_paths_are_relative_to_the_invocation_directory(pytester, fixture_copy, monkeypatch):
    fixture_copy(SEEDS[0])
    (pytester.path / "work").mkdir()
    monkeypatch.chdir(pytester.path / "work")
    result = pytester.runpytest("--newsqa", "../data", "--newsqa-report=r.json")
    result.stdout.fnmatch_lines(["../data/000_4e2c9feb0530e3ed.txt:5: NWS201 stray-marker*"])
    report = json.loads((pytester.path / "work" / "r.json").read_text())
    assert [f["path"] for f in report["files"]] == ["../data/000_4e2c9feb0530e3ed.txt"]


@pytest.mark.parametrize("workers", [[], pytest.param(["-n", "2"], marks=pytest.mark.slow)])
def test_file_name_that_is_not_utf8(pytester, workers):
    data = pytester.path / "data"
    data.mkdir()
    (data / os.fsdecode(b"caf\xe9.txt")).write_bytes(b"Headline\n\nTT\n\nBody text of the story.\n")
    result = pytester.runpytest_subprocess("--newsqa", "data", "--newsqa-report=r.json", *workers)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["data/caf\\xe9.txt:3: NWS201 stray-marker: page furniture 'TT'*"])
    assert [f["path"] for f in report_of(pytester, "r.json")["files"]] == ["data/caf\\xe9.txt"]


def test_odd_file_names(pytester):
    data = pytester.path / "data"
    data.mkdir()
    for name in ["with space.txt", "ünïcödé.txt", "new\nline.txt"]:
        (data / name).write_text("Headline Here\n\nA complete sentence of body text.\n", encoding="utf-8")
    result = pytester.runpytest("--newsqa", "data", "--newsqa-report=report.json")
    result.assert_outcomes(passed=3)
    assert len(report_of(pytester)["files"]) == 3


def test_select_ignore_and_per_file_ignores(pytester, fixture_copy):
    fixture_copy(*SEEDS)
    only = pytester.runpytest("--newsqa", "data", "--newsqa-select=NWS2", "--newsqa-report=report.json")
    assert {f["code"] for f in report_of(pytester)["findings"]} == {"NWS201"}
    only.assert_outcomes(failed=2)
    pytester.runpytest("--newsqa", "data", "--newsqa-ignore=NWS2,duplicate-headline", "--newsqa-report=report.json")
    assert {f["code"] for f in report_of(pytester)["findings"]} == {"NWS102", "NWS501"}
    pytester.runpytest(
        "--newsqa",
        "data",
        "--newsqa-select=NWS",
        "--newsqa-ignore=NWS2",
        "-o",
        "newsqa_select=NWS201",
        "--newsqa-report=report.json",
    )
    assert "NWS201" not in {f["code"] for f in report_of(pytester)["findings"]}
    pytester.makeini("[pytest]\nnewsqa_per_file_ignores =\n    data/000_*.txt = NWS201, repeated-caption\n")
    pytester.runpytest("--newsqa", "data", "--newsqa-report=report.json")
    codes = {(Path(f["path"]).name[:3], f["code"]) for f in report_of(pytester)["findings"]}
    assert ("000", "NWS201") not in codes and ("000", "NWS102") not in codes and ("001", "NWS201") in codes


def test_warning_severity_does_not_fail_the_file(pytester, fixture_copy):
    fixture_copy("defects/nws201_stray_marker.html")
    pytester.makeini("[pytest]\nnewsqa_severity = stray-marker:warning\n")
    result = pytester.runpytest("--newsqa", "data", "--newsqa-report=report.json")
    result.assert_outcomes(passed=1)
    assert result.ret == 0
    assert {f["severity"] for f in report_of(pytester)["findings"]} == {"warning"}
    result.stdout.fnmatch_lines(["NWS201 stray-marker * warning *"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--newsqa-select=NWS999"], "*newsqa_select: unknown rule code, prefix or name*'NWS999'*"),
        (["--newsqa-ignore=no-such-rule"], "*newsqa_ignore: unknown rule code, prefix or name*'no-such-rule'*"),
        (["-o", "newsqa_markers=[unclosed"], "*newsqa_markers: invalid regular expression*'[unclosed'*"),
        (["-o", "newsqa_markers=(a+)+$"], "*newsqa_markers: a repeat inside a repeat*'(a+)+$'*"),
        (["-o", "newsqa_severity=stray-marker:fatal"], "*newsqa_severity: expected name-or-code:warning*"),
        (["-o", "newsqa_min_body_chars=lots"], "*newsqa_min_body_chars: expected a whole number*'lots'*"),
        (["--newsqa-max-rate=truncated-body:lots"], "*newsqa_max_rate: expected rule:percent*"),
        (["--newsqa-shard=3/2"], "*--newsqa-shard: expected K/N*"),
    ],
)
def test_bad_configuration_is_a_usage_error(pytester, fixture_copy, args, message):
    fixture_copy(SEEDS[0])
    result = pytester.runpytest("--newsqa", "data", *args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([message])
    assert "Traceback" not in result.stderr.str() + result.stdout.str()


def test_rules_catalogue(pytester):
    result = pytester.runpytest("--newsqa-rules")
    assert result.ret == 0
    result.stdout.fnmatch_lines(
        [
            "NWS101 duplicate-headline [[]error[]] The headline appears again * (from pytest-newsqa (built-in))",
            "NWS901 unreadable *",
        ]
    )


@pytest.mark.timeout(300)
def test_max_user_pattern_cannot_hang(pytester):
    data = pytester.path / "data"
    data.mkdir()
    (data / "long.txt").write_text("Headline\n\n" + "a" * 50_000 + "b.\n", encoding="utf-8")
    pytester.makeini("[pytest]\nnewsqa_markers =\n    a+b?c\n")
    result = pytester.runpytest("--newsqa", "data", "--durations=1")
    result.assert_outcomes(passed=1)


def test_inputs_are_never_modified(pytester, fixture_copy):
    data = fixture_copy(*SEEDS, *CLEAN, *[f"defects/{p.name}" for p in (FIXTURES / "defects").iterdir()])

    def digest() -> str:
        h = hashlib.sha256()
        for path in sorted(data.rglob("*")):
            h.update(path.name.encode() + path.read_bytes() + str(path.stat().st_mtime_ns).encode())
        return h.hexdigest()

    before = digest()
    pytester.runpytest("--newsqa", "data", "--newsqa-report=report.json", "--newsqa-format=github")
    assert digest() == before


@pytest.mark.slow  # a subprocess run, interrupted
def test_interrupted_run_keeps_the_previous_report(pytester, fixture_copy):
    fixture_copy(*SEEDS)
    (pytester.path / "report.json").write_text('{"previous": true}', encoding="utf-8")
    pytester.makeconftest(
        """
        from pytest_newsqa import rule

        @rule("ACM002", "interrupts", "Simulates Ctrl-C in the middle of a run.")
        def interrupts(article, options):
            if article.index == 1:
                raise KeyboardInterrupt

        def pytest_newsqa_add_rules():
            return [interrupts]
        """
    )
    # A subprocess: a KeyboardInterrupt in-process would also stop an xdist worker running this test.
    result = pytester.runpytest_subprocess("--newsqa", "data", "--newsqa-report=report.json")
    assert result.ret == pytest.ExitCode.INTERRUPTED
    assert report_of(pytester) == {"previous": True}


def test_github_annotations(pytester, fixture_copy):
    fixture_copy(SEEDS[1])
    result = pytester.runpytest("--newsqa", "data", "--newsqa-format=github")
    result.stdout.fnmatch_lines(
        ["::error file=data/001_e8cc6f06c8c1ee78.txt,line=5::NWS201 stray-marker: page furniture 'TT'"]
    )


def test_junitxml_has_one_testcase_per_file(pytester, fixture_copy):
    fixture_copy(*SEEDS, "clean/clean_article.txt")
    pytester.runpytest("--newsqa", "data", "--junitxml=junit.xml")
    xml = (pytester.path / "junit.xml").read_text(encoding="utf-8")
    assert xml.count("<testcase") == 3
    assert xml.count("<failure") == 2
    assert "NWS201 stray-marker" in xml


def test_each_file_is_one_item_named_by_its_path(pytester, fixture_copy):
    """No collector node per file: the item is the file, and pytest's selection works on it."""
    fixture_copy(*SEEDS, "clean/clean_article.txt", "clean/clean_feed.json")
    listed = pytester.runpytest("--newsqa", "data", "--co", "-q").stdout.lines
    assert sorted(line for line in listed if line.startswith("data/")) == sorted(
        f"data/{name}" for name in (*SEEDS, "clean_article.txt", "clean_feed.json")
    )
    pytester.runpytest("--newsqa", "data/clean_article.txt").assert_outcomes(passed=1)
    pytester.runpytest("--newsqa", "data", "--deselect", f"data/{SEEDS[0]}").assert_outcomes(passed=2, failed=1)
    pytester.runpytest("--newsqa", "data", "-k", "clean_feed").assert_outcomes(passed=1)


def test_last_failed_reruns_only_the_failing_files(pytester, fixture_copy):
    fixture_copy(*SEEDS, "clean/clean_article.txt", "clean/clean_feed.json")
    pytester.runpytest("--newsqa", "data").assert_outcomes(passed=2, failed=2)
    result = pytester.runpytest("--newsqa", "data", "--lf")
    result.assert_outcomes(failed=2, deselected=2)
