"""Rule options and format options set through ini keys, end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pytest_newsqa.config import INI_KEYS


def findings(pytester: pytest.Pytester, *args: str) -> list[tuple[str, int]]:
    pytester.runpytest("--newsqa", "data", "--newsqa-report=r.json", *args)
    return [(f["code"], f["line"]) for f in json.loads((pytester.path / "r.json").read_text())["findings"]]


@pytest.fixture
def data(pytester: pytest.Pytester):
    folder = pytester.path / "data"
    folder.mkdir()
    return folder


def test_extra_markers_match_whole_lines(pytester, data):
    (data / "a.txt").write_text("Headline\n\nLive updates\n\nThe story goes on with live updates below.\n")
    assert findings(pytester) == []
    pytester.makeini("[pytest]\nnewsqa_markers =\n    Live updates?\n")
    assert findings(pytester) == [("NWS201", 3)]


def test_extra_truncation_markers(pytester, data):
    (data / "a.txt").write_text("Headline\n\nThe story begins here. Subscribers see the rest.\n")
    assert findings(pytester) == []
    pytester.makeini("[pytest]\nnewsqa_truncation_markers =\n    Subscribers see the rest\\.\n")
    assert findings(pytester) == [("NWS301", 3)]


def test_min_body_chars(pytester, data):
    (data / "a.jsonl").write_text('{"title": "Short", "body": "Only a short body."}\n')
    assert findings(pytester) == []
    pytester.makeini("[pytest]\nnewsqa_min_body_chars = 200\n")
    assert findings(pytester) == [("NWS302", 1)]


def test_json_field_names(pytester, data):
    (data / "a.json").write_text('{"name": "Headline", "story": "A body in a custom field."}')
    assert ("NWS302", 1) in findings(pytester)
    pytester.makeini("[pytest]\nnewsqa_json_headline_fields = name\nnewsqa_json_body_fields = story\n")
    assert findings(pytester) == []


def test_extensions(pytester, data):
    (data / "a.text").write_text("Headline\n\nTT\n\nBody text here.\n")
    result = pytester.runpytest("--newsqa", "data")
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED
    pytester.makeini("[pytest]\nnewsqa_extensions = .text\n")
    result = pytester.runpytest("--newsqa", "data")
    result.assert_outcomes(failed=1)


def test_max_bytes(pytester, data):
    (data / "a.txt").write_text("Headline\n\n" + "A full sentence of body text. " * 100 + "\n")
    assert findings(pytester) == []
    assert findings(pytester, "-o", "newsqa_max_bytes=500") == [("NWS901", 0)]


def test_stopped_session_lists_files_not_run(pytester, data):
    for name in ("a.txt", "b.txt"):
        (data / name).write_text("Headline\n\nTT\n\nBody text here.\n" if name == "a.txt" else "Other\n\nBody.\n")
    pytester.runpytest("--newsqa", "data", "-x", "--newsqa-report=r.json")
    files = json.loads((pytester.path / "r.json").read_text())["files"]
    assert [(f["path"], f["status"]) for f in files] == [("data/a.txt", "failed"), ("data/b.txt", "not run")]


def test_readme_configuration_example_is_valid(pytester, data):
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Configuration", 1)[1]
    example = section.split("```toml\n", 1)[1].split("```", 1)[0]
    assert all(key in example for key, *_ in INI_KEYS)  # every key is shown
    pytester.makepyprojecttoml(example)
    (data / "a.txt").write_text(
        "Headline\n\nLive updates\n\nThe story goes on, then ends here. And more of it follows.\n"
    )
    result = pytester.runpytest("--newsqa", "data", "--newsqa-report=r.json")
    assert result.ret in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED), result.stderr.str()
    codes = {f["code"] for f in json.loads((pytester.path / "r.json").read_text())["findings"]}
    assert "NWS201" in codes  # the example's extra marker
