"""Issue #12: no wrong verdict, no lost input, no injection, no hang.

Each test names the item of the issue it guards. Tests that guard against a hang run the
work in a child process with a timeout, so a regression fails instead of hanging the suite.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from pytest_newsqa.settings import ConfigError, parse_patterns


def run_within(seconds: float, code: str) -> str:
    """Run ``code`` in a fresh interpreter; fail the test if it takes longer than ``seconds``."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=seconds
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"did not finish within {seconds} s")
    assert done.returncode == 0, done.stderr
    return done.stdout


# -- 9. user regexes run in bounded time ------------------------------------------------------
SLOW_PATTERNS = [
    r"(a|aa)*b",
    r"(a|a)*b",
    r"(a{1,100}){1,100}b",
    r".*.*.*.*.*.*.*.*=",
    r"(a?){30}a{30}",
    r"(Share|Shares|\w)*!",
    r"\w+\s*\w+!",
    r"(?=.*x).*y",
    r"(\w+) \1!",
]


@pytest.mark.parametrize("key", ["newsqa_markers", "newsqa_truncation_markers"])
@pytest.mark.parametrize("pattern", SLOW_PATTERNS)
def test_patterns_that_backtrack_are_refused(pattern, key):
    with pytest.raises(ConfigError, match="time; rewrite it"):
        parse_patterns(key, pattern)


ACCEPTED = [
    r"Live updates?",
    r"\d{1,2}:\d{2} (?:BST|GMT)",
    r"Subscribe to continue reading\.?",
    r"\w+ \w+",
    r"\d+(?:\.\d+)?%",
    r"(?i)share( this)?",
    r"\[\+\d+ chars\]",
    r"Photo: .*",
    r"(?:Mr|Mrs|Ms)\.? \w+",
    r".*=",
    r"(?:ab)+c",
]


@pytest.mark.parametrize("pattern", ACCEPTED)
def test_accepted_patterns_match_hostile_lines_in_linear_time(pattern):
    assert parse_patterns("newsqa_markers", pattern)
    out = run_within(
        60,
        f"""
        import time
        from pytest_newsqa.rules.body import _suffix_patterns, _truncation
        from pytest_newsqa.settings import Settings, match_line, parse_patterns
        markers = parse_patterns("k", {pattern!r})
        worst = 0.0
        for line in ("a" * 999, "ab" * 499, "a " * 499, "1" * 999, "Shares" * 166, "=" * 999, "Mr " * 333):
            start = time.perf_counter()
            match_line(markers[0], line)
            _truncation(line, _suffix_patterns(Settings(truncation_markers=markers)))
            worst = max(worst, time.perf_counter() - start)
        print(worst)
        """,
    )
    assert float(out) < 1.0


def test_a_slow_truncation_marker_is_a_usage_error(pytester):
    (pytester.path / "data").mkdir()
    (pytester.path / "data" / "a.txt").write_text("Headline\n\nBody " + "a" * 999 + "\n")
    result = pytester.runpytest("--newsqa", "data", "-o", "newsqa_truncation_markers=(a|aa)*b")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*newsqa_truncation_markers: a repeat inside a repeat, or an alternation*"])


_ = json  # used by later sections


# -- 10. linear time in records and files -----------------------------------------------------
def test_a_json_array_of_100000_records_is_read_in_linear_time():
    """62 s before (each record's line counted from the start); about a second now."""
    out = run_within(
        30,
        """
        from pytest_newsqa.readers import read_json
        text = "[\\n" + ",\\n".join('{"title": "T", "body": "B."}' for _ in range(100_000)) + "\\n]"
        parsed = read_json(text)
        print(len(parsed.articles), parsed.articles[-1].line)
        """,
    )
    assert out.split() == ["100000", "100001"]


def test_ten_thousand_copies_of_one_body_are_named_in_linear_time():
    """62 s before (each copy named the others by a pass over all of them)."""
    out = run_within(
        30,
        """
        from pytest_newsqa.index import across_files
        hits = across_files((f"d/{n:05d}.txt", [("same", 0, 1)]) for n in range(10_000))
        print(len(hits), hits["d/00000.txt"][0][1].message)
        """,
    )
    assert out.strip() == (
        "10000 article 0 is also in d/00001.txt (article 0), d/00002.txt (article 0), d/00003.txt (article 0),"
        " d/00004.txt (article 0), d/00005.txt (article 0) and 9994 more"
    )


def test_naming_the_other_copies_skips_the_files_own_articles():
    from pytest_newsqa.index import across_files

    places = [("a", [("x", 0, 1), ("x", 1, 5), ("x", 2, 9)]), ("b", [("x", 0, 1)])]
    assert [hit.message for _, hit in across_files(places)["a"]] == ["article 0 is also in b (article 0)"] * 1 + [
        "article 1 is also in b (article 0)",
        "article 2 is also in b (article 0)",
    ]
    assert [hit.message for _, hit in across_files(places)["b"]] == [
        "article 0 is also in a (article 0), a (article 1), a (article 2)"
    ]


def test_a_4_mb_hard_wrapped_text_is_unwrapped_in_linear_time():
    """48 s before (each joined line copied the paragraph so far)."""
    out = run_within(
        30,
        """
        from pytest_newsqa.readers import read_text
        text = "Headline\\n\\nThe story\\n" + "goes on and on without a full stop\\n" * 120_000
        parsed = read_text(text)
        print(len(parsed.articles[0].paragraphs), len(parsed.articles[0].paragraphs[0].text))
        """,
    )
    assert out.split() == ["1", str(len("The story") + 120_000 * len(" goes on and on without a full stop"))]


# -- 11. lines split on \n, \r\n and \r only ---------------------------------------------------
@pytest.mark.parametrize("separator", ["\u2028", "\u0085", "\u2029"])  # valid raw in JSON strings
def test_a_jsonl_record_with_a_raw_line_separator_in_a_string_parses(separator):
    from pytest_newsqa.readers import read_jsonl

    text = (
        f'{{"title": "One", "body": "First{separator}story."}}\n'
        '{"title": "Two", "body": "Second story."}\n'
        '{"title": "Three", "body": "Third story.\n'
    )
    parsed = read_jsonl(text)
    assert [a.line for a in parsed.articles] == [1, 2]
    assert parsed.articles[0].paragraphs[0].text == f"First{separator}story."
    assert [p.line for p in parsed.problems] == [3]


@pytest.mark.parametrize("separator", ["\u2028", "\u0085", "\x0c", "\x0b"])
def test_text_lines_after_a_separator_keep_their_numbers(separator):
    from pytest_newsqa.readers import read_text

    text = f"Headline\n\nFirst paragraph{separator}goes on here.\n\nTT\n\nLast paragraph of the story.\n"
    article = read_text(text).articles[0]
    assert [(u.text, u.line) for u in article.units()] == [
        (f"First paragraph{separator}goes on here.", 3),
        ("TT", 5),
        ("Last paragraph of the story.", 7),
    ]


def test_old_mac_line_ends_still_split():
    from pytest_newsqa.readers import read_text

    article = read_text("Headline\r\rFirst paragraph.\r\n\r\nSecond paragraph.\r").articles[0]
    assert [(u.text, u.line) for u in article.paragraphs] == [("First paragraph.", 3), ("Second paragraph.", 5)]


# -- 12. decoding ------------------------------------------------------------------------------
RUSSIAN = "".join(f"Абзац {n}: Москва — столица России, крупнейший по населению город страны.\n\n" for n in range(40))


def test_one_bad_byte_in_utf8_is_utf8_with_its_position():
    from pytest_newsqa.decode import decode

    data = RUSSIAN.encode()
    at = data.index(b" ", 1000)  # between two characters
    data = data[:at] + b"\xff" + data[at:]
    decoded = decode(data)
    assert decoded.encoding == "utf-8"
    assert decoded.text.replace("\ufffd", "", 1) == RUSSIAN
    line = data.count(b"\n", 0, at) + 1
    assert decoded.problem == (
        f"not valid UTF-8: 1 invalid byte sequence (b'\\xff' at byte {at}, line {line}) shown as U+FFFD;"
        " the rest is UTF-8"
    )


def test_one_bad_byte_gives_one_finding_not_garbage(tmp_path, engine):
    from tests.helpers import check_content

    data = ("Заголовок\n\n" + RUSSIAN).encode()
    result = check_content(engine, tmp_path, "ru.txt", data[:301] + b"\xfe" + data[301:])
    assert [(f.code, f.line) for f in result.findings] == [("NWS401", 0)]
    assert result.encoding == "utf-8"


def test_a_legacy_charset_is_still_detected():
    from pytest_newsqa.decode import decode

    decoded = decode(RUSSIAN.replace("—", "-").encode("cp1251"))
    assert decoded.encoding != "utf-8" and decoded.problem.startswith("not UTF-8: detected ")


@pytest.mark.parametrize("codec", ["utf-32-le", "utf-32-be"])
def test_utf32_without_a_bom_is_text(codec, tmp_path, engine):
    from tests.helpers import check_content

    text = "Заголовок\n\nThe story in UTF-32, with a few words.\n"
    result = check_content(engine, tmp_path, "a.txt", text.encode(codec))
    assert [(f.code, f.message) for f in result.findings] == [
        ("NWS401", f"file is {codec.upper()} without a byte-order mark, not UTF-8")
    ]


def test_a_directory_is_reported_as_a_directory(tmp_path, engine):
    folder = tmp_path / "feed.json"
    folder.mkdir()
    assert [(f.code, f.message) for f in engine.check(folder).result.findings] == [
        ("NWS901", "a directory, not a file: not read")
    ]


# -- 5. rules get read-only views --------------------------------------------------------------
MUTATING_RULES = """
from pytest_newsqa import rule


@rule("AAA001", "greedy-pop", "Pops a paragraph.", severity="warning")
def greedy_pop(article, options):
    try:
        article.paragraphs.pop()
    except AttributeError as exc:
        yield 0, f"refused: {exc}"


@rule("AAA002", "settings-writer", "Changes the settings.", severity="warning")
def settings_writer(article, options):
    for change in (
        lambda: setattr(options, "min_body_chars", 10**6),
        lambda: options.severity.__setitem__("NWS301", "warning"),
    ):
        try:
            change()
        except (AttributeError, TypeError) as exc:
            yield 0, f"refused: {type(exc).__name__}"


def pytest_newsqa_add_rules():
    return [greedy_pop, settings_writer]
"""


def test_a_rule_cannot_change_what_other_rules_or_files_see(pytester):
    pytester.makeconftest(MUTATING_RULES)
    data = pytester.mkdir("data")
    # A body cut mid-sentence: popping its last paragraph would leave a complete one.
    (data / "a.txt").write_text("Headline\n\nA complete first paragraph.\n\nThe minister said that the\n")
    (data / "b.txt").write_text("Other headline\n\nA second story that is complete.\n")
    result = pytester.runpytest("--newsqa", "data", "--newsqa-report=r.json")
    report = json.loads((pytester.path / "r.json").read_text())
    by_file = {f["path"]: f["status"] for f in report["files"]}
    assert by_file == {"data/a.txt": "failed", "data/b.txt": "passed"}
    assert [(f["path"], f["code"], f["line"]) for f in report["findings"] if f["code"] == "NWS301"] == [
        ("data/a.txt", "NWS301", 5)
    ]
    assert [f["message"][:8] for f in report["findings"] if f["code"].startswith("AAA")] == ["refused:"] * 6
    assert not any(f["code"] == "NWS302" for f in report["findings"])  # min_body_chars unchanged
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_settings_are_read_only():
    from dataclasses import FrozenInstanceError

    from pytest_newsqa.settings import Settings

    settings = Settings(severity={"NWS301": "warning"})
    with pytest.raises(FrozenInstanceError):
        settings.min_body_chars = 5  # type: ignore[misc]
    with pytest.raises(TypeError):
        settings.severity["NWS301"] = "error"  # type: ignore[index]


# -- 13. merge validation, report permissions, stale temporary files ---------------------------
def _a_report(pytester: pytest.Pytester) -> dict:
    data = pytester.mkdir("data")
    (data / "a.txt").write_text("Headline\n\nA complete story.\n")
    pytester.runpytest("--newsqa", "data", "--newsqa-report=r.json")
    return json.loads((pytester.path / "r.json").read_text())


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d.pop("findings"), "'findings' is not a list"),
        (lambda d: d.__setitem__("files", "abc"), "'files' is not a list"),
        (lambda d: d["files"][0].__setitem__("fingerprints", [["x", "y"]]), "files[0]['fingerprints']"),
        (lambda d: d["config"].__setitem__("max_rate", {"NWS301": "abc"}), "config['max_rate']"),
        (lambda d: d["files"].append(7), "files[1] is not an object"),
        (lambda d: d["config"].__setitem__("enabled", None), "config['enabled']"),
    ],
)
def test_merge_of_a_wrongly_shaped_report_is_a_clean_error(pytester, change, problem):
    from pytest_newsqa.__main__ import main

    document = _a_report(pytester)
    change(document)
    (pytester.path / "bad.json").write_text(json.dumps(document))
    result = subprocess.run(
        [sys.executable, "-m", "pytest_newsqa", "merge", "bad.json"], cwd=pytester.path, capture_output=True, text=True
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert problem in result.stderr
    assert main  # the command above is this module's


def test_the_report_gets_the_umask_mode_and_keeps_an_existing_mode(pytester):
    import os
    import stat

    old = os.umask(0o022)
    try:
        _a_report(pytester)
        report = pytester.path / "r.json"
        assert stat.S_IMODE(report.stat().st_mode) == 0o644
        report.chmod(0o640)
        pytester.runpytest("--newsqa", "data", "--newsqa-report=r.json")
        assert stat.S_IMODE(report.stat().st_mode) == 0o640
    finally:
        os.umask(old)


def test_a_killed_writers_temporary_file_is_removed_on_the_next_write(tmp_path):
    import os
    import time

    from pytest_newsqa.atomic import write_atomic

    stale = tmp_path / ".r.json.abc123.tmp"
    stale.write_text("")
    os.utime(stale, (time.time() - 3600, time.time() - 3600))
    fresh = tmp_path / ".r.json.def456.tmp"  # another writer's, still being written
    fresh.write_text("")
    write_atomic(tmp_path / "r.json", lambda handle: handle.write("{}"))
    assert sorted(p.name for p in tmp_path.iterdir()) == [".r.json.def456.tmp", "r.json"]


# -- 1. text UTF-8 cannot carry is escaped; 8. control characters are never printed raw ------
SURROGATE_FEED = (
    '{"title": "Lone \\ud800 surrogate", "body": ""}\n'  # valid JSON; empty body: must fail
    '{"title": "Fine", "body": "A complete story."}\n'
)


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["-n", "2"],
        ["--newsqa-batch", "500", "-n", "2"],  # the README's CI command
        ["--newsqa-batch", "500"],
    ],
    ids=["serial", "per-file-xdist", "batch-xdist", "batch-serial"],
)
def test_a_lone_surrogate_in_a_record_is_checked_and_fails_correctly(pytester, args):
    data = pytester.mkdir("data")
    (data / "feed.jsonl").write_text(SURROGATE_FEED, encoding="utf-8")
    (data / "good.txt").write_text("Headline\n\nAnother story, told in full.\n", encoding="utf-8")
    result = pytester.runpytest("--newsqa", "data", "--newsqa-report=r.json", *args)
    assert result.ret == pytest.ExitCode.TESTS_FAILED, result.stdout.str()[-2000:]
    assert "INTERNALERROR" not in result.stdout.str()
    report = json.loads((pytester.path / "r.json").read_text(encoding="utf-8"))
    assert {f["path"]: f["status"] for f in report["files"]} == {"data/feed.jsonl": "failed", "data/good.txt": "passed"}
    assert report["summary"]["passed"] is False
    messages = [f["message"] for f in report["findings"]]
    assert len(messages) == 1 and messages[0].startswith("article has no body text (body keys tried: ")
    result.stdout.fnmatch_lines(["*data/feed.jsonl:1: NWS302 empty-article: article has no body text*Lone \\ud800*"])


INJECTED = "a\n::error file=README.md,line=1,title=INJECTED::forged\x1b[2J.txt"


@pytest.mark.parametrize("args", [[], ["-n", "2"], ["--newsqa-format", "github"]], ids=["serial", "xdist", "github"])
def test_control_characters_in_names_and_text_are_never_printed_raw(pytester, args):
    data = pytester.mkdir("data")
    (data / INJECTED).write_text("\x1b[31mRed headline\x1b[0m\n\nA story cut in the middle of the\n")
    result = pytester.runpytest("--newsqa", "data", "--newsqa-report=r.json", *args)
    out = result.stdout.str()
    assert "\x1b" not in out
    assert not any(line.startswith("::error file=README.md") for line in out.splitlines())
    assert "::error file=" not in out or all(
        line.startswith("::error file=data/a\\x0a") for line in out.splitlines() if line.startswith("::")
    )
    report = json.loads((pytester.path / "r.json").read_text())
    escaped = "data/a\\x0a::error file=README.md,line=1,title=INJECTED::forged\\x1b[2J.txt"
    assert [f["path"] for f in report["files"]] == [escaped]


def test_merge_of_a_crafted_report_prints_no_raw_control_characters(pytester):
    document = _a_report(pytester)
    document["findings"] = [
        {
            "path": "data/a.txt\n::error file=README.md::INJECTED",
            "rule": "stray-marker",
            "code": "NWS201",
            "severity": "error",
            "article": 0,
            "line": 3,
            "message": "page furniture \x1b[2J\n::error::forged",
        }
    ]
    document["files"][0]["path"] = "data/a.txt\n::error file=README.md::INJECTED"
    (pytester.path / "crafted.json").write_text(json.dumps(document))
    result = subprocess.run(
        [sys.executable, "-m", "pytest_newsqa", "merge", "crafted.json", "--format", "github"],
        cwd=pytester.path,
        capture_output=True,
        text=True,
    )
    assert "\x1b" not in result.stdout
    assert [line for line in result.stdout.splitlines() if line.startswith("::")] == [
        "::error file=data/a.txt\\x0a%3A%3Aerror file=README.md%3A%3AINJECTED,line=3::NWS201 stray-marker:"
        " page furniture \\x1b[2J\\x0a::error::forged"
    ]


def test_names_that_escape_alike_stay_apart():
    import os

    from pytest_newsqa.items import printable

    assert printable(os.fsdecode(b"caf\xe9.txt")) != printable("caf\\xe9.txt")


# -- 7. the report never overwrites an input ---------------------------------------------------
@pytest.mark.parametrize("report", ["data/good.txt", "data/new.json", "data"])
def test_a_report_among_the_inputs_is_a_usage_error(pytester, report):
    data = pytester.mkdir("data")
    (data / "good.txt").write_text("Headline\n\nA complete story.\n")
    result = pytester.runpytest("--newsqa", "data", f"--newsqa-report={report}")
    if report == "data":  # a folder: writing fails later, but no input is touched either way
        assert (data / "good.txt").read_text() == "Headline\n\nA complete story.\n"
        return
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*--newsqa-report {report} is inside the checked path data*"])
    assert (data / "good.txt").read_text() == "Headline\n\nA complete story.\n"


def test_a_report_with_a_suffix_that_is_not_collected_may_sit_among_the_inputs(pytester):
    data = pytester.mkdir("data")
    (data / "good.txt").write_text("Headline\n\nA complete story.\n")
    result = pytester.runpytest("--newsqa", "data", "--newsqa-report=data/newsqa.report")
    assert result.ret == pytest.ExitCode.OK
    assert json.loads((data / "newsqa.report").read_text())["summary"]["files"] == 1


# -- 2. a file that was not run fails the report and the gate ----------------------------------
EXITING_RULE = """
import sys

from pytest_newsqa import rule


@rule("AAA003", "exits", "Exits on one file.")
def exits(article, options):
    if article.title == "Exit here":
        sys.exit(3)
    return ()


def pytest_newsqa_add_rules():
    return [exits]
"""


@pytest.mark.parametrize("args", [[], ["--newsqa-batch", "10"]], ids=["per-file", "batch"])
def test_a_rule_that_exits_costs_only_its_file(pytester, args):
    pytester.makeconftest(EXITING_RULE)
    data = pytester.mkdir("data")
    (data / "a.txt").write_text("Exit here\n\nA complete story.\n")
    (data / "b.txt").write_text("Headline\n\nAnother story, told in full.\n")
    result = pytester.runpytest("--newsqa", "data", "--newsqa-report=r.json", *args)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    report = json.loads((pytester.path / "r.json").read_text())
    assert {f["path"]: f["status"] for f in report["files"]} == {"data/a.txt": "failed", "data/b.txt": "passed"}
    assert [f["message"][:31] for f in report["findings"]] == ["rule crashed: SystemExit: 3 (ru"]


def test_not_run_fails_the_report_and_the_merge_gate(pytester):
    data = pytester.mkdir("data")
    (data / "a.txt").write_text("Headline\n\nA story cut in the middle of the\n")
    (data / "b.txt").write_text("Headline\n\nA complete story.\n")
    pytester.runpytest("--newsqa", "data", "--newsqa-report=r.json", "-x", "-p", "no:randomly")
    report = json.loads((pytester.path / "r.json").read_text())
    assert [f["status"] for f in report["files"]] == ["failed", "not run"]
    assert report["summary"]["passed"] is False
    merged = subprocess.run(
        [sys.executable, "-m", "pytest_newsqa", "merge", "r.json"], cwd=pytester.path, capture_output=True, text=True
    )
    assert merged.returncode == 1
    assert "newsqa gate: FAILED" in merged.stdout
    assert "1 not run" in merged.stdout


# -- 4. batch mode reports a folder it cannot read ---------------------------------------------
def test_batch_mode_reports_a_folder_it_cannot_read(pytester, monkeypatch):
    import os

    data = pytester.mkdir("data")
    (data / "a.txt").write_text("Headline\n\nA complete story.\n")
    locked = data / "locked"
    locked.mkdir()
    (locked / "bad.txt").write_text("")
    scandir = os.scandir

    def refuse_locked(path="."):  # as chmod 0 does, also for root, who could read it anyway
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse_locked)
    result = pytester.runpytest("--newsqa", "data", "--newsqa-batch", "10", "--newsqa-report=r.json")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    report = json.loads((pytester.path / "r.json").read_text())
    assert [(f["path"], f["code"], f["message"]) for f in report["findings"]] == [
        ("data/locked", "NWS901", "a folder that cannot be read (Permission denied): the files in it are not checked")
    ]


def test_an_unreadable_folder_is_reported_by_the_engine(tmp_path, engine, monkeypatch):
    import os as real_os

    folder = tmp_path / "locked"
    folder.mkdir()

    def refuse(path):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(real_os, "scandir", refuse)
    assert [f.message for f in engine.check(folder).result.findings] == [
        "a folder that cannot be read (Permission denied): the files in it are not checked"
    ]


# -- 3. merge refuses gaps, overlaps, mixed splits and other settings ----------------------------
def _shard_reports(pytester: pytest.Pytester, *specs: tuple[str, list[str]]) -> list[str]:
    data = pytester.path / "data"
    if not data.exists():
        data.mkdir()
        for n in range(12):
            (data / f"f{n:02d}.txt").write_text(f"Headline {n}\n\nStory number {n}, told in full.\n")
    names = []
    for shard, extra in specs:
        name = f"r{len(names)}-{shard.replace('/', 'of')}.json"
        pytester.runpytest("--newsqa", "data", f"--newsqa-report={name}", f"--newsqa-shard={shard}", *extra)
        names.append(name)
    return names


def _merge(pytester: pytest.Pytester, names: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest_newsqa", "merge", *names], cwd=pytester.path, capture_output=True, text=True
    )


@pytest.mark.parametrize(
    ("specs", "error"),
    [
        ([("2/3", []), ("3/3", [])], "shard 1/3 missing"),
        ([("1/2", []), ("1/3", [])], "shards of different splits (N=2, N=3)"),
        ([("1/2", []), ("1/2", []), ("2/2", [])], "shard 1/2 given more than once"),
        ([("1/2", []), ("2/2", ["-o", "newsqa_min_body_chars=50"])], "different settings"),
        ([("1/2", []), ("2/2", ["-o", "newsqa_extensions=.txt .md"])], "different settings"),
    ],
    ids=["gap", "mixed-n", "overlap", "min-body", "extensions"],
)
def test_merge_refuses_shards_that_do_not_make_one_run(pytester, specs, error):
    result = _merge(pytester, _shard_reports(pytester, *specs))
    assert result.returncode == 2, result.stdout
    assert error in result.stderr


def test_merge_of_all_shards_still_passes(pytester):
    result = _merge(pytester, _shard_reports(pytester, ("1/2", []), ("2/2", [])))
    assert result.returncode == 0, result.stderr
    assert "newsqa gate: passed" in result.stdout


def test_merge_refuses_two_whole_runs_that_overlap(pytester):
    names = _shard_reports(pytester)
    for name in ("a.json", "b.json"):
        pytester.runpytest("--newsqa", "data", f"--newsqa-report={name}")
    assert not names
    result = _merge(pytester, ["a.json", "b.json"])
    assert result.returncode == 2
    assert "they overlap" in result.stderr


def test_the_report_records_the_shard_and_the_settings(pytester):
    (name,) = _shard_reports(pytester, ("2/3", ["-o", "newsqa_markers=Live updates?"]))
    run = json.loads((pytester.path / name).read_text())["run"]
    assert run["shard"] == [2, 3]
    assert run["settings"]["markers"] == ["Live updates?"]
    assert run["settings"]["max_bytes"] == 4 * 1024 * 1024


# -- property tests: hostile characters anywhere ---------------------------------------------
HOSTILE = ["\ud800", "\udfff", "\u2028", "\u2029", "\u0085", "\x1b[2J", "\x00", "\x07", "\n", "\r", "\x0c", "\t"]


def _hostile_text():
    from hypothesis import strategies as st

    return st.lists(st.sampled_from(HOSTILE) | st.text(max_size=4), max_size=12).map("".join)


def _safe(text: str) -> bool:
    text.encode("utf-8")  # no lone surrogate left
    return not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F or c in "\u2028\u2029" for c in text)


def test_findings_never_carry_raw_hostile_characters(tmp_path):
    from hypothesis import HealthCheck, given, settings

    from pytest_newsqa.settings import Settings
    from pytest_newsqa.standalone import make_engine
    from pytest_newsqa.wire import from_wire, to_wire

    engine = make_engine(Settings())

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(_hostile_text(), _hostile_text())
    def check(title: str, body: str) -> None:
        feed = tmp_path / "feed.jsonl"
        record = json.dumps({"title": title, "body": body, "captions": [title, title]})  # \ud800 escaped
        feed.write_text(record + "\n" + record.replace("\\n", "\u2028") + "\n", encoding="utf-8")
        text = tmp_path / "page.txt"
        text.write_bytes(f"{title}\n\n{body}\n\n{body}\n".encode("utf-8", "surrogatepass"))
        for path in (feed, text):
            result = engine.check(path).result
            for finding in result.findings:
                assert _safe(finding.message) and _safe(finding.headline) and _safe(finding.format())
            assert from_wire(to_wire([result]))[0].findings == result.findings

    check()


HOSTILE_NAMES = [
    "a\u2028b.txt",
    "c\u0085d.jsonl",
    "e\x1b[31mf.txt",
    "g\nh.txt",
    "i\\xe9.txt",
    os.fsdecode(b"i\xe9.txt"),  # not UTF-8: must not collide with the literal name above
    "j\rk.json",
]


def test_hostile_names_and_text_through_xdist_and_the_report(pytester):
    data = pytester.mkdir("data")
    for number, name in enumerate(HOSTILE_NAMES):
        body = f"Story {number} {HOSTILE[number % len(HOSTILE)]} has a body that is cut in the middle of the"
        if name.endswith(".txt"):
            content = f"Headline {number}\u2028\n\n{body}\n"
        else:
            content = json.dumps({"title": f"Headline {number} \ud800", "body": body}) + "\n"
        (data / name).write_bytes(content.encode("utf-8", "surrogatepass"))
    result = pytester.runpytest("--newsqa", "data", "-n", "2", "--newsqa-report=r.json", "--newsqa-format", "github")
    out = result.stdout.str()
    assert result.ret == pytest.ExitCode.TESTS_FAILED, out[-3000:]
    assert "INTERNALERROR" not in out
    assert all(_safe(line) for line in out.splitlines())
    report = json.loads((pytester.path / "r.json").read_bytes().decode("utf-8"))
    paths = [f["path"] for f in report["files"]]
    assert len(set(paths)) == len(HOSTILE_NAMES) and all(_safe(p) for p in paths)
    assert {f["status"] for f in report["files"]} == {"failed"}


# -- 6. (part) a folder name that is not UTF-8 under -n 2 no longer passes -----------------------
@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="needs a file system that takes any bytes")
def test_a_folder_name_that_is_not_utf8_under_xdist_never_passes(pytester):
    folder = os.path.join(os.fsencode(pytester.path), b"data", b"caf\xe9")
    os.makedirs(folder)
    with open(os.path.join(folder, b"a.txt"), "w") as handle:
        handle.write("Headline\n\nA story cut in the middle of the\n")
    result = pytester.runpytest("--newsqa", "data", "-n", "2", "--newsqa-report=r.json")
    assert result.ret != pytest.ExitCode.OK
    report = json.loads((pytester.path / "r.json").read_text())
    assert [f["path"] for f in report["files"]] == ["data/caf\\xe9/a.txt"]
    assert report["summary"]["passed"] is False
