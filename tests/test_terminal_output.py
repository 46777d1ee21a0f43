"""What the terminal shows: warnings, what is behind a failed gate, which lines are warnings."""

from __future__ import annotations

from tests.conftest import FIXTURES

PARAGRAPH = (FIXTURES / "defects" / "nws103_duplicate_paragraph.txt").read_text()


def test_warnings_of_a_passing_file_are_shown_in_their_own_section(pytester):
    pytester.makeini("[pytest]\nnewsqa_severity = duplicate-paragraph:warning\n")
    (pytester.path / "data").mkdir()
    (pytester.path / "data" / "a.txt").write_text(PARAGRAPH)
    result = pytester.runpytest("--newsqa", "data")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*- newsqa warnings -*", "data/a.txt:*: NWS103 duplicate-paragraph: *"])


def test_the_warnings_section_is_capped_with_a_count(pytester):
    pytester.makeini("[pytest]\nnewsqa_severity = duplicate-paragraph:warning\n")
    (pytester.path / "data").mkdir()
    for i in range(105):
        (pytester.path / "data" / f"a{i:03d}.txt").write_text(PARAGRAPH.replace("Parliament", f"Parliament {i}"))
    result = pytester.runpytest("--newsqa", "data", "-p", "no:randomly", "-q")
    result.stdout.fnmatch_lines(["data/a099.txt:*NWS103*", "... and 5 more (all of them in --newsqa-report)"])
    result.stdout.no_fnmatch_line("data/a100.txt:*NWS103*")


def test_a_failed_gate_lists_the_files_and_findings_behind_it(pytester, fixture_copy):
    fixture_copy("clean/clean_article.txt", "defects/nws301_truncated_body.json")
    result = pytester.runpytest("--newsqa", "data", "--newsqa-max-rate=truncated-body:10%")
    assert result.ret == 1
    result.stdout.fnmatch_lines(
        [
            "GATE FAILED: NWS301 truncated-body: 50.00% of files, limit 10%",
            "*- newsqa rate gate: NWS301 truncated-body: 50.00% of files, limit 10% -*",
            "data/nws301_truncated_body.json:*: NWS301 truncated-body: *",
        ]
    )


def test_warnings_are_marked_in_a_failing_files_list(pytester):
    pytester.makeini("[pytest]\nnewsqa_severity = duplicate-paragraph:warning\n")
    (pytester.path / "a.txt").write_text(PARAGRAPH + "\nAdvertisement\n")
    result = pytester.runpytest("--newsqa", "a.txt")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["a.txt:*: NWS103 duplicate-paragraph: * (warning)", "a.txt:*: NWS201 stray-marker: *"])
    result.stdout.no_fnmatch_line("a.txt:*: NWS201 stray-marker: * (warning)")


def test_the_short_summary_does_not_repeat_the_path(pytester):
    (pytester.path / "a.txt").write_text("Council Approves Budget\n\nAdvertisement\n\nThe council approved it.\n")
    result = pytester.runpytest("--newsqa", "a.txt", "-rf")
    result.stdout.fnmatch_lines(["FAILED a.txt - 1 finding (1 error): NWS201 stray-marker"])


def test_the_summary_says_why_its_counts_differ_from_pytests(pytester, fixture_copy):
    fixture_copy("defects/nws501_duplicate_a.txt", "defects/nws501_duplicate_b.json", "clean/clean_article.txt")
    result = pytester.runpytest("--newsqa", "data")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(
        [
            "3 files checked, 2 failed",
            "2 of them failed only by duplicate articles across files, decided at the end: their own test items passed",
        ]
    )
