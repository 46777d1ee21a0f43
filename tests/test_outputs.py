"""The output registry: one table serves the plugin and ``merge``; a new format is one entry."""

from __future__ import annotations

import json
from typing import TextIO

import pytest

from pytest_newsqa import outputs
from pytest_newsqa.__main__ import main
from pytest_newsqa.aggregate import Aggregate
from pytest_newsqa.model import FileResult, Finding
from pytest_newsqa.outputs import FORMATS, OutputFormat, document_format, printed_formats
from pytest_newsqa.selection import Selector


def aggregate() -> Aggregate:
    selector = Selector({"NWS201"}, {"NWS201": "stray-marker"}, {"NWS201": "error"})
    finding = Finding("data/a.txt", "NWS201", "stray-marker", "error", 5, "page furniture 'TT'", 0)
    result = FileResult("data/a.txt", "failed", 1, "utf-8", [finding])
    found = Aggregate(selector)
    found.add(result)
    return found


class Lines:
    limit = None

    def __init__(self) -> None:
        self.lines: list[str] = []

    def section(self, title: str, sep: str = "=") -> None:
        self.lines.append(f"[{title}]")

    def line(self, text: str, red: bool = False) -> None:
        self.lines.append(text)


def test_printed_formats_are_the_choices() -> None:
    assert printed_formats() == ["text", "github", "sarif"]
    assert outputs.DEFAULT_FORMAT == "text"


def test_github_is_the_text_summary_plus_annotations() -> None:
    text, github = Lines(), Lines()
    outputs.show("text", aggregate(), text)
    outputs.show("github", aggregate(), github)
    assert github.lines[: len(text.lines)] == text.lines
    annotation = "::error file=data/a.txt,line=5::NWS201 stray-marker: page furniture 'TT'"
    assert github.lines[len(text.lines) :] == [annotation]


def test_a_report_path_gets_the_format_of_its_ending(monkeypatch: pytest.MonkeyPatch) -> None:
    assert document_format("r.json").name == "json"
    assert document_format("report").name == "json"  # JSON unless a format claims the ending
    assert (document_format("r.sarif").name, document_format("r.HTML").name) == ("sarif", "html")

    def write(found: Aggregate, handle: TextIO) -> None:
        handle.write("fake\n")

    fake = OutputFormat("fake", "a test format", document=write, suffixes=(".fake.json",))
    monkeypatch.setitem(FORMATS, "fake", fake)
    assert document_format("out/R.FAKE.json") is fake
    assert document_format("r.json").name == "json"


def test_a_new_format_is_a_choice_of_merge(tmp_path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    report = tmp_path / "r.json"
    outputs.write_report(report, aggregate())
    assert json.loads(report.read_text(encoding="utf-8"))["summary"]["files"] == 1

    def show(found: Aggregate, terminal: outputs.Terminal) -> None:
        terminal.line(f"fake: {len(found.files)} files")

    monkeypatch.setitem(FORMATS, "fake", OutputFormat("fake", "a test format", show=show))
    assert main(["merge", str(report), "--format", "fake"]) == 1
    assert "fake: 1 files" in capsys.readouterr().out
