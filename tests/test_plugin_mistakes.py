"""A custom rule's or reader's mistake is that rule's or reader's finding, named, with the rest kept."""

from __future__ import annotations

import json

import pytest

from tests.conftest import FIXTURES


def _rule_conftest(pytester: pytest.Pytester, body: str) -> None:
    pytester.makeconftest(
        "from pytest_newsqa import rule\n\n"
        "@rule('ACM030', 'sloppy-rule', 'Yields the wrong thing.')\n"
        "def sloppy(article, options):\n"
        f"    {body}\n\n"
        "def pytest_newsqa_add_rules():\n    return [sloppy]\n"
    )


@pytest.mark.parametrize(
    ("body", "shown"),
    [
        ("yield article.headline, 'msg'", "(TextUnit(text="),
        ("yield 'oops'", "'oops'"),
        ("yield 3, 4", "(3, 4)"),
    ],
)
def test_a_rule_yielding_a_wrong_value_is_its_own_finding(pytester, body, shown):
    _rule_conftest(pytester, body)
    (pytester.path / "data").mkdir()
    (pytester.path / "data" / "p.txt").write_text((FIXTURES / "defects" / "nws103_duplicate_paragraph.txt").read_text())
    result = pytester.runpytest("--newsqa", "data", "--newsqa-report=r.json", "-v")
    found = json.loads((pytester.path / "r.json").read_text())["findings"]
    codes = sorted({f["code"] for f in found})
    assert codes == ["ACM030", "NWS103"]  # the built-in finding stays; nothing is "unreadable"
    mine = [f["message"] for f in found if f["code"] == "ACM030"]
    assert len(mine) == 1
    assert mine[0].startswith(f"rule yielded {shown}")
    assert "a hit must be a (line, message) pair, line an int and message a str, or a Hit" in mine[0]
    result.stdout.fnmatch_lines(["*ACM030 sloppy-rule: yielded * at *conftest.py:5*"])  # -v: where


def test_a_reader_returning_the_wrong_type_is_named(pytester):
    pytester.makeconftest(
        "def pytest_newsqa_read_file(source):\n"
        "    return {'title': 'not a ParsedFile'}\n"
    )
    (pytester.path / "a.txt").write_text("Headline\n\nBody of the story.\n")
    result = pytester.runpytest("--newsqa", "a.txt", "-v")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "a.txt:0: NWS901 unreadable: reader pytest_newsqa_read_file from *conftest.py returned {'title': 'not a "
            "ParsedFile'} (dict): a pytest_newsqa_read_file hook returns None or ParsedFile(*Article(...), ...*)*",
            "reader pytest_newsqa_read_file from *conftest.py:1?",
        ]
    )
    result.stdout.no_fnmatch_line("*reader crashed*")


def test_a_reader_returning_articles_of_the_wrong_shape_is_named(pytester):
    pytester.makeconftest(
        "from pytest_newsqa import Article, ParsedFile\n\n"
        "def pytest_newsqa_read_file(source):\n"
        "    return ParsedFile([Article(0, 1, headline='a plain string')])\n"
    )
    (pytester.path / "a.txt").write_text("Headline\n\nBody of the story.\n")
    result = pytester.runpytest("--newsqa", "a.txt")
    result.stdout.fnmatch_lines(["*NWS901 unreadable: reader * returned a headline 'a plain string', not a TextUnit*"])
