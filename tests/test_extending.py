"""Rules and readers from conftest.py files and from an installed (or -p loaded) package."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "newsqa-example-rules"
SHOUTING = (
    '{"title": "MARKETS RALLY AS RATES FALL", "body": "Stocks rose on Monday after the central bank cut rates."}\n'
)
QUIET = '{"title": "Markets Rally as Rates Fall", "body": "Bond yields fell on Monday after the rate cut."}\n'


@pytest.fixture
def example_plugin(pytester: pytest.Pytester) -> None:
    pytester.syspathinsert(EXAMPLE)
    data = pytester.path / "data"
    data.mkdir()
    (data / "shouting.jsonl").write_text(SHOUTING, encoding="utf-8")
    (data / "quiet.jsonl").write_text(QUIET, encoding="utf-8")


def test_example_package_rule_fires_and_is_reported(pytester, example_plugin):
    result = pytester.runpytest("-p", "newsqa_example_rules", "--newsqa", "data", "--newsqa-report=r.json")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["data/shouting.jsonl:1: EXA001 all-caps-headline: headline in capitals*"])
    report = json.loads((pytester.path / "r.json").read_text())
    assert [(f["path"], f["code"]) for f in report["findings"]] == [("data/shouting.jsonl", "EXA001")]


def test_example_package_in_the_catalogue(pytester, example_plugin):
    result = pytester.runpytest("-p", "newsqa_example_rules", "--newsqa-rules")
    result.stdout.fnmatch_lines(
        ["EXA001 all-caps-headline [[]error[]] The headline is written in capitals. (from newsqa_example_rules)"]
    )


def test_example_package_can_be_switched_off(pytester, example_plugin):
    result = pytester.runpytest("-p", "newsqa_example_rules", "-p", "no:newsqa_example_rules", "--newsqa", "data")
    result.assert_outcomes(passed=2)


def test_example_package_can_be_ignored_and_made_a_warning(pytester, example_plugin):
    pytester.runpytest("-p", "newsqa_example_rules", "--newsqa", "data", "--newsqa-ignore=EXA").assert_outcomes(
        passed=2
    )
    pytester.makeini("[pytest]\nnewsqa_severity = all-caps-headline:warning\n")
    pytester.runpytest("-p", "newsqa_example_rules", "--newsqa", "data").assert_outcomes(passed=2)


def test_conftest_rule_and_reader(pytester):
    pytester.makeconftest(
        '''
        import xml.etree.ElementTree as ET
        from pytest_newsqa import Article, ParsedFile, TextUnit, rule

        @rule("ACM001", "paywall-teaser", "The body ends on a paywall teaser.", severity="warning")
        def paywall_teaser(article, options):
            """Finds 'Subscribe to continue' at the end of a body."""
            if article.paragraphs and "subscribe to continue" in article.paragraphs[-1].text.lower():
                yield article.paragraphs[-1].line, "paywall teaser"

        def pytest_newsqa_add_rules():
            return [paywall_teaser]

        def pytest_newsqa_read_file(source):
            if source.suffix != ".xml":
                return None
            root = ET.fromstring(source.text)
            article = Article(index=0, line=1, headline=TextUnit(root.findtext("title"), 2))
            article.paragraphs = [TextUnit(p.text, 3 + i) for i, p in enumerate(root.iter("p"))]
            return ParsedFile([article])
        '''
    )
    pytester.makeini("[pytest]\nnewsqa_extensions = .xml .txt\n")
    data = pytester.path / "data"
    data.mkdir()
    (data / "story.xml").write_text(
        "<story>\n<title>Council Votes</title>\n<p>The council voted on Monday.</p>\n"
        "<p>Subscribe to continue.</p>\n</story>\n"
    )
    result = pytester.runpytest("--newsqa", "data", "--newsqa-report=r.json")
    result.assert_outcomes(passed=1)
    findings = json.loads((pytester.path / "r.json").read_text())["findings"]
    assert [(f["code"], f["severity"], f["line"]) for f in findings] == [("ACM001", "warning", 4)]


@pytest.mark.parametrize(
    ("code", "name", "message"),
    [
        ("NWS101", "my-rule", "*rule NWS101 is registered twice: by pytest-newsqa (built-in) and by conftest*"),
        ("acme1", "my-rule", "*rule code 'acme1' from conftest* must match*"),
        ("ACM001", "Not Kebab", "*rule name 'Not Kebab' * must be kebab-case*"),
    ],
)
def test_bad_rule_registration_is_a_usage_error(pytester, code, name, message):
    pytester.makeconftest(
        f"""
        from pytest_newsqa import rule

        @rule({code!r}, {name!r}, "Summary.")
        def check(article, options):
            return []

        def pytest_newsqa_add_rules():
            return [check]
        """
    )
    (pytester.path / "a.txt").write_text("Headline\n\nBody text.\n")
    result = pytester.runpytest("--newsqa", "a.txt")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([message])


def test_rule_from_a_conftest_met_during_collection(pytester):
    sub = pytester.path / "data" / "sub"
    sub.mkdir(parents=True)
    (sub / "conftest.py").write_text(
        "from pytest_newsqa import rule\n\n"
        "@rule('ACM003', 'late-rule', 'Registered by a conftest found during collection.')\n"
        "def late(article, options):\n"
        "    yield article.line, 'late rule ran'\n\n"
        "def pytest_newsqa_add_rules():\n"
        "    return [late]\n"
    )
    (sub / "a.txt").write_text("Headline\n\nBody text of the story.\n")
    (sub.parent / "b.txt").write_text("Other Headline\n\nAnother body text.\n")
    result = pytester.runpytest("--newsqa", "data")
    result.assert_outcomes(failed=1, passed=1)  # like any conftest.py, it applies below its folder
    result.stdout.fnmatch_lines(["data/sub/a.txt:1: ACM003 late-rule: late rule ran*", "ACM003 late-rule *"])
