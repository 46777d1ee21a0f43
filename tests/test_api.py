"""The engine as a library: make_engine from plain values, check_text, check_record, plugins
from entry points, a stream of records. Scrapy's pipeline and datatrove's filter use these."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pytest_newsqa
from pytest_newsqa import ConfigError, make_engine
from pytest_newsqa.api import RecordStream
from pytest_newsqa.content import suffix_for
from pytest_newsqa.outputs import json_report
from pytest_newsqa.settings import OPTION_KEYS
from tests.helpers import FIXTURES, fresh_interpreter_lines
from tests.integration import installed_example_plugin

ALL_FIXTURES = sorted(p for p in FIXTURES.rglob("*") if p.is_file())


def as_json(result) -> dict:
    data = result.to_json()
    data["findings"] = [f.to_json(with_headline=True) for f in result.findings]
    return data


@pytest.mark.parametrize("path", ALL_FIXTURES, ids=lambda p: p.name)
def test_content_is_checked_as_the_file_holding_it(path: Path):
    engine = make_engine()
    name = path.relative_to(FIXTURES).as_posix()
    expected = as_json(engine.check(path, name).result)
    assert as_json(engine.check_data(path.read_bytes(), name, path.suffix).result) == expected
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return  # check_text takes text: a file that is not UTF-8 has no text to give it
    if not text.startswith("\ufeff"):
        assert as_json(engine.check_text(text, name, path.suffix)) == expected


def test_check_text_formats_and_names():
    engine = make_engine()
    page = "<h1>Markets</h1><article><p>Profits rose&amp;nbsp;5% in the quarter.</p></article>"
    result = engine.check_text(page, "https://news.example/markets", "html")
    assert result.path == "https://news.example/markets"
    assert [(f.code, f.line) for f in result.findings] == [("NWS202", 1)]
    # The same markup read as plain text is a one-line headline (full of tags) with no body.
    assert [f.code for f in engine.check_text(page, "page", "txt").findings] == ["NWS202", "NWS302"]
    assert suffix_for("JSONL") == ".jsonl" and suffix_for(".xml") == ".xml" and suffix_for("text") == ".txt"
    with pytest.raises(ValueError, match="not a format name or file suffix"):
        engine.check_text("x", "a", "../etc")


def test_check_record_maps_fields_like_a_json_file(tmp_path):
    engine = make_engine({"json_body_fields": "story", "json_headline_fields": ["name"]})
    record = {"name": "Rail strike ends", "story": ["TT", "Rail workers ended the strike on Monday."], "at": 3}
    path = tmp_path / "r.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    assert as_json(engine.check_record(record, "r.json")) == as_json(engine.check(path, "r.json").result)
    assert [f.code for f in engine.check_record(record, "r.json").findings] == ["NWS201"]


def test_check_record_takes_values_json_cannot_hold():
    engine = make_engine()
    record = {"title": "Markets", "body": "Shares rose on Friday.", "date": datetime.date(2024, 5, 1), 1.5j: "x"}
    assert engine.check_record(record, "item").findings == []
    looped: dict = {"title": "Loop"}
    looped["self"] = looped
    assert [f.code for f in engine.check_record(looped, "item").findings] == ["NWS901"]


def test_settings_from_plain_values():
    engine = make_engine(
        {
            "select": "NWS2,NWS3",
            "newsqa_ignore": ["NWS302"],
            "severity": "stray-marker:warning",
            "max_rate": "truncated-body:2%",
            "markers": ["Live updates?"],
            "min_body_chars": 10,
        }
    )
    assert engine.selector.enabled == {"NWS201", "NWS202", "NWS301"}
    assert engine.selector.severities["NWS201"] == "warning"
    assert engine.selector.gated == {"NWS301": 2.0}
    result = engine.check_text("Headline\n\nLive updates\n\nThe story goes on here and ends.\n", "a.txt")
    assert [(f.code, f.severity) for f in result.findings] == [("NWS201", "warning")]
    assert result.status == "passed"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("newsqa_select", "NWS999"),
        ("newsqa_severity", "stray-marker:fatal"),
        ("newsqa_max_rate", "stray-marker:200%"),
        ("newsqa_markers", "(a+)+$"),
        ("newsqa_min_body_chars", "many"),
    ],
)
def test_a_bad_value_reads_as_under_pytest(pytester: pytest.Pytester, key: str, value: str):
    with pytest.raises(ConfigError) as raised:
        make_engine({key: value})
    (pytester.path / "data").mkdir()
    pytester.makeini(f"[pytest]\n{key} = {value}\n")
    result = pytester.runpytest("--newsqa", "data")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert f"pytest-newsqa configuration: {raised.value}" in result.stderr.str()


def test_a_bad_value_names_the_key_as_the_caller_does():
    with pytest.raises(ConfigError, match=r"^NEWSQA_SELECT: unknown rule code, prefix or name .*'NWS999'$"):
        make_engine({"select": "NWS999"}, label=lambda key: f"NEWSQA_{key.upper()}")
    with pytest.raises(ConfigError, match=r"unknown setting; known: select, ignore,.*: 'slect'"):
        make_engine({"slect": "NWS1"})


def test_rule_plugins_load_from_entry_points(tmp_path):
    code = (
        "import os\n"
        "from pytest_newsqa import make_engine\n"
        "from pytest_newsqa.api import entry_point_plugins\n"
        "record = {'title': 'MARKETS RALLY AS RATES FALL', 'body': 'Shares rose on Friday.'}\n"
        "print([f.code for f in make_engine(entry_points=True).check_record(record, 'a').findings])\n"
        "print([f.code for f in make_engine().check_record(record, 'a').findings])\n"
        "import newsqa_example_rules\n"  # given by name and found by entry point: registered once
        "print(len(make_engine({}, newsqa_example_rules, entry_points=True).catalogue))\n"
        "print(len(entry_point_plugins(disabled=['newsqa_example_rules'])))\n"
        "os.environ['PYTEST_DISABLE_PLUGIN_AUTOLOAD'] = '1'\n"
        "print(len(entry_point_plugins()))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=installed_example_plugin(tmp_path), timeout=60
    )
    assert run.stdout.splitlines() == ["['EXA001']", "[]", "12", "0", "0"], run.stderr


def test_only_plugins_that_depend_on_newsqa_are_imported():
    # pytest-xdist and hypothesis register pytest11 entry points too; none is imported here.
    code = (
        "import sys\nfrom pytest_newsqa.api import entry_point_plugins\n"
        "entry_point_plugins()\nprint('xdist' in sys.modules, 'pytest' in sys.modules)"
    )
    assert fresh_interpreter_lines(code) == ["False False"]


def test_the_library_does_not_import_pytest():
    code = (
        "import sys, pytest_newsqa\n"
        "pytest_newsqa.make_engine().check_text('Headline\\n\\nBody text.', 'a')\n"
        "print('pytest' in sys.modules)"
    )
    assert fresh_interpreter_lines(code) == ["False"]


def test_a_stream_finds_the_same_article_twice():
    stream = RecordStream(make_engine())
    body = "The council approved the harbour budget on Tuesday after a long debate."
    first = stream.check_record({"title": "Budget approved", "body": body}, "https://a.example/1")
    other = stream.check_record({"title": "Other news", "body": "Something else happened today."}, None)
    second = stream.check_record({"title": "Budget passes", "body": body}, "https://a.example/1")
    assert first.findings == [] and other.findings == [] and other.path == "record 1"
    assert second.path == "https://a.example/1 [2]"
    assert [(f.code, f.message) for f in second.findings] == [
        ("NWS501", "article 0 is also in https://a.example/1 (article 0)")
    ]
    assert second.status == "failed"
    aggregate = stream.finish()
    report = json_report.report(aggregate)
    assert [(f["path"], f["code"]) for f in report["findings"]] == [
        ("https://a.example/1", "NWS501"),
        ("https://a.example/1 [2]", "NWS501"),
    ]
    assert report["summary"]["statuses"] == {"failed": 2, "passed": 1}


def test_public_names():
    assert {"make_engine", "ConfigError", "FileResult", "Settings"} <= set(pytest_newsqa.__all__)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(OPTION_KEYS),
        st.one_of(st.text(max_size=30), st.lists(st.text(max_size=20), max_size=3), st.integers()),
        max_size=4,
    )
)
def test_any_plain_values_give_settings_or_a_config_error(values):
    """Whatever a Scrapy settings file or a pipeline passes, the answer is settings or a
    ConfigError naming the key, never another exception."""
    try:
        make_engine(values)
    except ConfigError as exc:
        assert str(exc).startswith("newsqa_")
