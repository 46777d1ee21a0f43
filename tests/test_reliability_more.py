"""Issue #12, the rest of item 6 (and items 2 and 8 where they meet it): the report, the exit
status and ``--lf`` agree on every file whatever stopped the run, and every file is named
uniquely in every mode.

Tests that start xdist workers are marked slow and carry a timeout: a worker that hangs
fails the test instead of the suite.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

XDIST = pytest.mark.slow
TRUNCATED = "Headline {n}\n\nStory {n} is cut in the middle of the\n"
COMPLETE = "Headline {n}\n\nStory {n}, told in full from start to end.\n"
DUPLICATE = "Twin Headline\n\nThe same story is printed in two files, with every word the same.\n"


def _report(pytester: pytest.Pytester, name: str = "r.json") -> dict:
    return json.loads((pytester.path / name).read_text(encoding="utf-8"))


def _lastfailed(pytester: pytest.Pytester) -> dict:
    path = pytester.path / ".pytest_cache" / "v" / "cache" / "lastfailed"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


MODES = [
    pytest.param([], id="serial"),
    pytest.param(["-n", "2"], id="xdist", marks=XDIST),
    pytest.param(["--newsqa-batch", "2"], id="batch"),
    pytest.param(["--newsqa-batch", "2", "-n", "2"], id="batch-xdist", marks=XDIST),
]


# -- --lf reruns what the controller failed ------------------------------------------------------
@pytest.mark.timeout(300)
@pytest.mark.parametrize("args", MODES)
def test_last_failed_reruns_files_that_are_duplicates_across_files(pytester, args):
    """Two files hold one article (NWS501, decided at the session's end: both items passed)
    and a third is truncated. Fixing the third must not make ``--lf`` pass."""
    data = pytester.mkdir("data")
    (data / "a.txt").write_text(DUPLICATE)
    (data / "b.txt").write_text(DUPLICATE)
    (data / "c.txt").write_text(TRUNCATED.format(n=3))
    first = pytester.runpytest("--newsqa", "data", *args)
    assert first.ret == pytest.ExitCode.TESTS_FAILED
    (data / "c.txt").write_text(COMPLETE.format(n=3))
    again = pytester.runpytest("--newsqa", "data", "--lf", "--newsqa-report=r.json", *args)
    assert again.ret == pytest.ExitCode.TESTS_FAILED, again.stdout.str()[-2000:]
    report = _report(pytester)
    statuses = {f["path"]: f["status"] for f in report["files"]}
    assert statuses == {"data/a.txt": "failed", "data/b.txt": "failed", "data/c.txt": "passed"}
    assert [f["code"] for f in report["findings"]] == ["NWS501", "NWS501"]


def test_last_failed_is_left_alone_without_the_cache_provider(pytester):
    data = pytester.mkdir("data")
    (data / "a.txt").write_text(DUPLICATE)
    (data / "b.txt").write_text(DUPLICATE)
    result = pytester.runpytest("--newsqa", "data", "-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert not (pytester.path / ".pytest_cache").exists()


# -- a stopped run still writes a report that agrees with the exit status ----------------------
STOPPED = [
    pytest.param(["-x"], id="x-serial"),
    pytest.param(["--maxfail=2"], id="maxfail-serial"),
    pytest.param(["-x", "-n", "2"], id="x-xdist", marks=XDIST),
    pytest.param(["--maxfail=2", "-n", "2"], id="maxfail-xdist", marks=XDIST),
    pytest.param(["-x", "-n", "2", "--newsqa-batch", "3"], id="x-batch-xdist", marks=XDIST),
]


@pytest.mark.timeout(300)
@pytest.mark.parametrize("args", STOPPED)
def test_a_run_stopped_on_failures_writes_a_failing_report(pytester, args):
    data = pytester.mkdir("data")
    for n in range(3):
        (data / f"a{n}.txt").write_text(TRUNCATED.format(n=n))
    for n in range(24):
        (data / f"b{n:02d}.txt").write_text(COMPLETE.format(n=n))
    (pytester.path / "r.json").write_text('{"previous": "run"}')
    result = pytester.runpytest("--newsqa", "data", "--newsqa-report=r.json", "-p", "no:randomly", *args)
    # Serial runs exit 1; xdist ends a run stopped by -x as "interrupted" (2). Never 0.
    assert result.ret in (pytest.ExitCode.TESTS_FAILED, pytest.ExitCode.INTERRUPTED)
    report = _report(pytester)
    assert report["summary"]["passed"] is False
    statuses = {f["path"]: f["status"] for f in report["files"]}
    assert len(statuses) == 27  # every collected file, each with what happened to it
    assert statuses["data/a0.txt"] == "failed"
    not_run = {path for path, status in statuses.items() if status == "not run"}
    if "-n" not in args:
        assert not_run  # a serial run stops right there
    # --lf reruns every file that failed or was not checked.
    failed_or_not_run = {path for path, status in statuses.items() if status != "passed"}
    if "--newsqa-batch" not in args:
        assert failed_or_not_run <= set(_lastfailed(pytester))


@pytest.mark.timeout(120)
def test_ctrl_c_keeps_the_previous_report(pytester):
    pytester.makeconftest(
        "import pytest\n\n@pytest.hookimpl(tryfirst=True)\n"
        "def pytest_runtest_protocol(item, nextitem):\n    raise KeyboardInterrupt\n"
    )
    data = pytester.mkdir("data")
    (data / "a.txt").write_text(COMPLETE.format(n=1))
    (pytester.path / "r.json").write_text('{"previous": "run"}')
    # In a child process: an in-process run would pass the interrupt on to this one.
    result = pytester.runpytest_subprocess("--newsqa", "data", "--newsqa-report=r.json")
    assert result.ret == pytest.ExitCode.INTERRUPTED
    assert _report(pytester) == {"previous": "run"}


# -- --collect-only checks nothing and writes nothing --------------------------------------------
def test_collect_only_writes_no_report_and_says_so(pytester):
    data = pytester.mkdir("data")
    (data / "a.txt").write_text(TRUNCATED.format(n=1))
    (pytester.path / "r.json").write_text('{"previous": "run"}')
    result = pytester.runpytest(
        "--newsqa",
        "data",
        "--collect-only",
        "--newsqa-report=r.json",
        "--newsqa-html=r.html",
        "--newsqa-baseline=base.json",
        "--newsqa-update-baseline",
    )
    assert result.ret == pytest.ExitCode.OK
    assert _report(pytester) == {"previous": "run"}
    assert not (pytester.path / "r.html").exists() and not (pytester.path / "base.json").exists()
    result.stdout.fnmatch_lines(
        ["newsqa: --collect-only: 1 file collected, none checked; no report or other output written*"]
    )
    result.stdout.no_fnmatch_line("*not run*")
    assert _lastfailed(pytester) == {}


# -- a worker that dies: its files are "not run", the run goes on and fails ----------------------
DYING_RULE = """
import os

from pytest_newsqa import rule


@rule("AAA005", "dies", "Ends its process on one file.")
def dies(article, options):
    if article.title == "Die here":
        os._exit(7)
    return ()


def pytest_newsqa_add_rules():
    return [dies]
"""


@XDIST
@pytest.mark.timeout(300)
@pytest.mark.parametrize("args", [[], ["--newsqa-batch", "2"]], ids=["per-file", "batch"])
def test_a_worker_that_exits_loses_only_files_not_run(pytester, args):
    pytester.makeconftest(DYING_RULE)
    data = pytester.mkdir("data")
    (data / "a.txt").write_text("Die here\n\nA complete story.\n")
    for n in range(5):
        (data / f"b{n}.txt").write_text(COMPLETE.format(n=n))
    result = pytester.runpytest("--newsqa", "data", "-n", "2", "--newsqa-report=r.json", "-p", "no:randomly", *args)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert "INTERNALERROR" not in result.stdout.str()
    report = _report(pytester)
    statuses = {f["path"]: f["status"] for f in report["files"]}
    lost = {path for path, status in statuses.items() if status == "not run"}
    assert "data/a.txt" in lost
    # Per file, only the file whose check killed the worker; in batch mode, its batch.
    assert lost == ({"data/a.txt"} if not args else {"data/a.txt", "data/b0.txt"})
    assert all(status == "passed" for path, status in statuses.items() if path not in lost)
    assert report["summary"]["passed"] is False
    result.stdout.fnmatch_lines(["*files checked, 0 failed, * not run (the run fails: e.g. data/a.txt*"])


# -- names that are not UTF-8: checked, unique and escaped, the same in every mode ---------------
needs_any_bytes = pytest.mark.skipif(
    sys.platform in ("win32", "darwin"), reason="needs a file system that takes any bytes in a name"
)


def _undecodable_tree(root: Path) -> None:
    data = os.path.join(os.fsencode(root), b"data")
    os.makedirs(os.path.join(data, b"caf\xe9"))
    files = {
        b"caf\xe9/a.txt": TRUNCATED.format(n=1),  # in a folder whose name is not UTF-8
        b"caf\xe9.txt": TRUNCATED.format(n=2),  # a file whose name is not UTF-8
        b"caf\\xe9.txt": COMPLETE.format(n=3),  # a literal backslash: must not collide with it
        b"ok.txt": COMPLETE.format(n=4),
    }
    for name, text in files.items():
        with open(os.path.join(data, name), "w", encoding="utf-8") as handle:
            handle.write(text)


@needs_any_bytes
@pytest.mark.timeout(300)
@pytest.mark.parametrize("args", MODES[1:])
def test_a_folder_name_that_is_not_utf8_is_checked_alike_in_every_mode(pytester, args):
    _undecodable_tree(pytester.path)
    serial = pytester.runpytest("--newsqa", "data", "--newsqa-report=serial.json", "-p", "no:cacheprovider")
    other = pytester.runpytest("--newsqa", "data", "--newsqa-report=other.json", "-p", "no:cacheprovider", *args)
    for result in (serial, other):
        assert result.ret == pytest.ExitCode.TESTS_FAILED
        out = result.stdout.str()
        assert "INTERNALERROR" not in out and "\udce9" not in out
    report = _report(pytester, "serial.json")
    assert {f["path"]: f["status"] for f in report["files"]} == {
        "data/caf\\xe9/a.txt": "failed",
        "data/caf\\xe9.txt": "failed",
        "data/caf\\\\xe9.txt": "passed",
        "data/ok.txt": "passed",
    }
    assert _report(pytester, "other.json") == report
    other.stdout.fnmatch_lines(["*data/caf\\xe9/a.txt:3: NWS301 truncated-body*"])


# -- symbolic links: only those that stay inside the checked paths are followed ----------------
SECRET = "SECRET-TOKEN-8f2a do not quote me"
LINK_MESSAGE = (
    "a symbolic link to a path outside the checked paths: not followed, not read"
    " (newsqa_follow_symlinks = inside; 'all' follows every link)"
)


def _linked_tree(root: Path) -> Path:
    """data/ with a link inside the tree, a file link and a folder link leaving it, and a loop."""
    (root / "secret.txt").write_text(f"{SECRET}\n\n{SECRET}, cut in the middle of the\n")
    outside = root / "outside"
    outside.mkdir()
    (outside / "private.txt").write_text(f"Private\n\n{SECRET} in a folder outside.\n")
    data = root / "data"
    (data / "notes").mkdir(parents=True)
    (data / "notes" / "story.text").write_text(COMPLETE.format(n=1))  # not collected by its suffix
    (data / "inside.txt").symlink_to(Path("notes", "story.text"))
    (data / "memo.txt").symlink_to(Path("..", "secret.txt"))
    (data / "elsewhere").symlink_to(Path("..", "outside"), target_is_directory=True)
    (data / "loop").symlink_to(Path("."), target_is_directory=True)
    (data / "ok.txt").write_text(COMPLETE.format(n=2))
    return data


LINK_MODES = [
    pytest.param([], id="serial"),
    pytest.param(["--newsqa-batch", "10"], id="batch"),
    pytest.param(["-n", "2"], id="xdist", marks=XDIST),
    pytest.param(["--newsqa-batch", "2", "-n", "2"], id="batch-xdist", marks=XDIST),
]


@pytest.mark.timeout(300)
@pytest.mark.parametrize("args", LINK_MODES)
def test_a_link_leaving_the_tree_is_reported_and_never_read(pytester, args):
    _linked_tree(pytester.path)
    result = pytester.runpytest(
        "--newsqa", "data", "--newsqa-report=r.json", "--newsqa-html=r.html", "--newsqa-format", "github", *args
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    report = _report(pytester)
    assert {f["path"]: f["status"] for f in report["files"]} == {
        "data/elsewhere": "failed",
        "data/inside.txt": "passed",
        "data/memo.txt": "failed",
        "data/ok.txt": "passed",
    }
    assert [(f["path"], f["code"], f["line"], f["message"]) for f in report["findings"]] == [
        ("data/elsewhere", "NWS901", 0, LINK_MESSAGE),
        ("data/memo.txt", "NWS901", 0, LINK_MESSAGE),
    ]
    for text in (result.stdout.str(), (pytester.path / "r.json").read_text(), (pytester.path / "r.html").read_text()):
        assert "SECRET-TOKEN" not in text


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        (
            "none",
            {
                "data/elsewhere": "failed",
                "data/inside.txt": "failed",
                "data/loop": "failed",
                "data/memo.txt": "failed",
                "data/ok.txt": "passed",
            },
        ),
        (
            "all",
            {
                "data/elsewhere/private.txt": "passed",
                "data/inside.txt": "passed",
                "data/memo.txt": "failed",
                "data/ok.txt": "passed",
            },
        ),
    ],
)
@pytest.mark.parametrize("args", [[], ["--newsqa-batch", "10"]], ids=["per-file", "batch"])
def test_follow_symlinks_none_and_all(pytester, mode, expected, args):
    _linked_tree(pytester.path)
    pytester.runpytest("--newsqa", "data", "--newsqa-report=r.json", "-o", f"newsqa_follow_symlinks={mode}", *args)
    report = _report(pytester)
    assert {f["path"]: f["status"] for f in report["files"]} == expected
    assert report["run"]["settings"]["follow_symlinks"] == mode
    if mode == "none":
        assert {f["message"] for f in report["findings"]} == {
            "a symbolic link: not followed, not read (newsqa_follow_symlinks = none)"
        }


def test_a_bad_follow_symlinks_value_is_a_usage_error(pytester):
    pytester.makeconftest("def pytest_newsqa_read_file(source):\n    open('read.flag', 'w').close()\n    return None\n")
    data = pytester.mkdir("data")
    (data / "a.txt").write_text(COMPLETE.format(n=1))
    result = pytester.runpytest("--newsqa", "data", "-o", "newsqa_follow_symlinks=sometimes")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    error = "ERROR: pytest-newsqa configuration: newsqa_follow_symlinks: expected one of inside, all, none: 'sometimes'"
    assert [line for line in result.stderr.lines if line.strip()] == [error]
    assert not (pytester.path / "read.flag").exists()


def test_a_link_named_on_the_command_line_stays_in_its_folder(pytester):
    """``pytest --newsqa data/*.txt``: the shell names the link; its folder is the checked path."""
    data = _linked_tree(pytester.path)
    result = pytester.runpytest("--newsqa", str(data / "memo.txt"), str(data / "ok.txt"), "--newsqa-report=r.json")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert [f["message"] for f in _report(pytester)["findings"]] == [LINK_MESSAGE]


def test_a_folder_given_through_a_link_is_followed(pytester):
    """``data`` -> the real scrape folder: the user chose it; links inside it are judged from there."""
    real = pytester.mkdir("scrape")
    (real / "a.txt").write_text(COMPLETE.format(n=1))
    (real / "b.txt").symlink_to("a.txt")
    (pytester.path / "data").symlink_to("scrape", target_is_directory=True)
    result = pytester.runpytest("--newsqa", "data", "--newsqa-report=r.json")
    assert result.ret == pytest.ExitCode.OK
    assert [f["path"] for f in _report(pytester)["files"]] == ["data/a.txt"]  # b.txt is the same file


def test_the_library_does_not_follow_a_link_out_of_its_folder(tmp_path):
    from pytest_newsqa.settings import Settings
    from pytest_newsqa.standalone import make_engine

    data = _linked_tree(tmp_path)
    refused = make_engine(Settings()).check(data / "memo.txt").result
    assert [f.message for f in refused.findings] == [LINK_MESSAGE]
    assert make_engine(Settings()).check(data / "ok.txt").result.status == "passed"
    followed = make_engine({"follow_symlinks": "all"}).check(data / "memo.txt").result
    assert SECRET in " ".join(f.message for f in followed.findings)  # read, as asked


# -- property test: generated hostile names and text through xdist and the report ----------------
NAME_PIECES = [
    b"\xe9",
    b"\xff",
    "\u2028".encode(),
    "\u0085".encode(),
    b"\x1b[2J",
    b"\n",
    b"\r",
    b"\x07",
    b"\\",
    b"\\xe9",
]
TEXT_PIECES = ["\ud800", "\udfff", "\u2028", "\u2029", "\u0085", "\x1b[31m", "\x00", "\x07", "\r", "\x0c", "\t"]


def _printable_everywhere(text: str) -> bool:
    text.encode("utf-8")  # no lone surrogate
    return not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F or c in "\u2028\u2029" for c in text)


@XDIST
@needs_any_bytes
@pytest.mark.timeout(900)
def test_generated_hostile_names_and_text_through_xdist_and_the_report(pytester):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    name = st.lists(st.sampled_from(NAME_PIECES) | st.binary(min_size=1, max_size=3), min_size=1, max_size=5).map(
        b"".join
    )
    text = st.lists(st.sampled_from(TEXT_PIECES) | st.text(max_size=5), max_size=8).map("".join)
    entry = st.tuples(name, st.sampled_from([b".txt", b".jsonl"]), text, text)
    runs = iter(range(1000))

    @settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(name, st.lists(entry, min_size=1, max_size=6, unique_by=lambda e: e[0] + e[1]))
    def check(subfolder, entries):
        folder = f"data{next(runs)}"
        root = os.path.join(os.fsencode(pytester.path), folder.encode())
        inner = os.path.join(root, subfolder.replace(b"/", b"_").replace(b"\0", b"_").lstrip(b".") + b"_d")
        os.makedirs(inner)  # a folder named by the same pieces (pytest skips folders named .*)
        for raw, suffix, title, body in entries:
            raw = raw.replace(b"/", b"_").replace(b"\0", b"_")
            if suffix == b".txt":
                content = f"Headline {title}\n\n{body} and a story told to its end.\n".encode("utf-8", "surrogatepass")
            else:
                content = (json.dumps({"title": f"Headline {title}", "body": f"{body} and a story."}) + "\n").encode()
            with open(os.path.join(root if len(raw) % 2 else inner, raw + suffix), "wb") as handle:
                handle.write(content)
        reports = []
        for args in ([], ["-n", "2"], ["-n", "2", "--newsqa-batch", "2"]):
            name = f"{folder}-{len(reports)}.json"
            result = pytester.runpytest(
                "--newsqa",
                folder,
                f"--newsqa-report={name}",
                "--newsqa-format",
                "github",
                "-p",
                "no:cacheprovider",
                *args,
            )
            out = result.stdout.str()
            assert result.ret in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED), out[-3000:]
            assert "INTERNALERROR" not in out
            assert all(_printable_everywhere(line) for line in out.splitlines())
            reports.append(_report(pytester, name))
        files = reports[0]["files"]
        on_disk = sum(len(names) for _, _, names in os.walk(root))
        assert len({f["path"] for f in files}) == on_disk  # each file once, none merged
        assert all(_printable_everywhere(f["path"]) for f in files)
        assert "not run" not in {f["status"] for f in files}
        assert reports[1] == reports[0] and reports[2] == reports[0]

    check()
