"""conftest.py rules and readers apply below their folder only, in every mode (pytest's hook relays)."""

from __future__ import annotations

import json

import pytest

MODES = [[], ["--newsqa-batch", "10"], ["--newsqa-batch", "1", "-n", "2"], ["-n", "2"]]

READER_CONFTEST = '''
from pytest_newsqa import Article, ParsedFile, TextUnit

def pytest_newsqa_read_file(source):
    if source.suffix != ".txt":
        return None
    body = [TextUnit("Body by A.", 2)]
    return ParsedFile([Article(i, 1, TextUnit(f"Read By A {i}", 1), paragraphs=body) for i in range(3)])
'''

SHARED_RULE = '''
from pytest_newsqa import rule

@rule("ACM010", "shared-rule", "A rule defined in a shared module.")
def shared(article, options):
    yield article.line, "shared rule ran"
'''


@pytest.fixture
def tree(pytester: pytest.Pytester):
    """data/a has a conftest with a reader and a rule from a shared module; data/b has none."""
    pytester.makepyfile(sharedrules=SHARED_RULE)
    for name in ("a", "b"):
        (pytester.path / "data" / name).mkdir(parents=True)
        (pytester.path / "data" / name / "y.txt").write_text("Own Headline\n\nOwn body text of the story.\n")
    (pytester.path / "data" / "top.txt").write_text("Top Headline\n\nTop body text of the story.\n")
    (pytester.path / "data" / "a" / "conftest.py").write_text(
        READER_CONFTEST + "\nfrom sharedrules import shared\n\ndef pytest_newsqa_add_rules():\n    return [shared]\n"
    )
    return pytester


def findings(pytester: pytest.Pytester, *args: str) -> tuple[list[tuple[str, str]], dict[str, int]]:
    pytester.syspathinsert()
    pytester.runpytest_subprocess("--newsqa", "data", "--newsqa-report=r.json", "-p", "no:cacheprovider", *args)
    report = json.loads((pytester.path / "r.json").read_text())
    articles = {f["path"]: f["articles"] for f in report["files"]}
    return [(f["path"], f["code"]) for f in report["findings"]], articles


@pytest.mark.parametrize("args", MODES, ids=["serial", "batch", "batch-xdist", "xdist"])
def test_conftest_rule_from_a_shared_module_applies_below_its_folder_only(tree, args):
    found, _ = findings(tree, *args)
    assert {f for f in found if f[1] == "ACM010"} == {("data/a/y.txt", "ACM010")}, args


@pytest.mark.parametrize("args", MODES, ids=["serial", "batch", "batch-xdist", "xdist"])
def test_conftest_reader_reads_below_its_folder_only(tree, args):
    (tree.path / "data" / "b" / "y.txt").write_text("Headline\n\nBody one.\n\n\nSecond Headline\n\nBody two.\n")
    _, articles = findings(tree, *args)
    assert articles == {"data/a/y.txt": 3, "data/b/y.txt": 2, "data/top.txt": 1}, args


def test_batch_mode_applies_a_nested_conftest_in_a_folder_given_above_it(pytester):
    site = pytester.path / "data" / "site_a" / "deeper"
    site.mkdir(parents=True)
    (site / "conftest.py").write_text(
        "from pytest_newsqa import rule\n\n"
        "@rule('ACM011', 'site-rule', 'Site A rule.')\n"
        "def site(article, options):\n    yield article.line, 'site rule ran'\n\n"
        "def pytest_newsqa_add_rules():\n    return [site]\n"
    )
    (site / "x.txt").write_text("Headline\n\nBody text of the story.\n")
    (pytester.path / "data" / "z.txt").write_text("Other Headline\n\nOther body text.\n")
    result = pytester.runpytest("--newsqa", "data", "--newsqa-batch=10")
    result.assert_outcomes(failed=1, passed=1)
    result.stdout.fnmatch_lines(["data/site_a/deeper/x.txt:1: ACM011 site-rule: site rule ran*"])
