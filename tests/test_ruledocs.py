"""Rule docs are data: every built-in rule documents what, Why, Example and Options, the
options it names are real ini keys, ``--newsqa-rules -v`` prints them, and the README's rule
section is generated from them."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_newsqa import rule
from pytest_newsqa.config import INI_NAMES
from pytest_newsqa.ruledocs import BEGIN, END, doc_problems, markdown, replace_section
from pytest_newsqa.rules import builtin_rules

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.mark.parametrize("built_in", builtin_rules(), ids=lambda r: r.code)
def test_every_built_in_rule_documents_why_example_and_options(built_in) -> None:
    assert doc_problems(built_in, INI_NAMES) == []


def test_a_doc_that_lacks_sections_or_names_an_unknown_key_is_found() -> None:
    @rule("ACM001", "no-docs", "Nothing.")
    def no_docs(article, options):
        """Options: ``newsqa_no_such_key``."""
        return ()

    assert doc_problems(no_docs, INI_NAMES) == [
        "no paragraph that says what it finds",
        "no 'Why:' paragraph",
        "no 'Example:' paragraph",
        "names newsqa_no_such_key, which is not an ini key",
    ]


def test_readme_rule_section_is_generated_from_the_docstrings() -> None:
    """If this fails, run ``python -m pytest_newsqa.ruledocs README.md`` and commit the result."""
    text = README.read_text(encoding="utf-8")
    assert BEGIN in text and END in text
    assert replace_section(text, markdown(builtin_rules())) == text


def test_rules_verbose_prints_each_rules_doc_and_warns_about_a_plugins(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        "from pytest_newsqa import rule\n\n"
        '@rule("ACM001", "terse", "A plugin rule with a one-line doc.")\n'
        "def terse(article, options):\n"
        '    """Finds nothing."""\n'
        "    return ()\n\n"
        "def pytest_newsqa_add_rules():\n"
        "    return [terse]\n"
    )
    result = pytester.runpytest("--newsqa-rules", "-v")
    assert result.ret == 0
    result.stdout.fnmatch_lines(
        [
            "ACM001 terse [[]error[]] A plugin rule with a one-line doc. (from conftest*",
            "    warning: the docstring has no 'Why:' paragraph",
            "*Finds nothing.",
            "NWS101 duplicate-headline *",
            "    Finds the headline printed again*",
            "    Why: page templates*",
        ]
    )
    assert "warning: the docstring" not in result.stdout.str().split("NWS101", 1)[1]
    plain = pytester.runpytest("--newsqa-rules")
    assert "Why:" not in plain.stdout.str()
