"""Rule documentation as data: each rule's docstring says what it finds, then ``Why:``,
``Example:`` and ``Options:`` paragraphs (as ruff's rules do).

``pytest --newsqa-rules -v`` prints it, and the README's rule section is generated from it
(``python -m pytest_newsqa.ruledocs README.md`` rewrites that section; a test keeps them equal).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from pathlib import Path

from pytest_newsqa.rule import Rule

SECTIONS = ("Why", "Example", "Options")
_OPTION = re.compile(r"\bnewsqa_[a-z_]+\b")
BEGIN = "<!-- rules: generated from the rules' docstrings by python -m pytest_newsqa.ruledocs README.md -->"
END = "<!-- rules: end -->"


def paragraphs(doc: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", doc) if p.strip()]


def doc_problems(rule: Rule, ini_keys: Iterable[str]) -> list[str]:
    """What a rule's docstring lacks: a ``Why:``/``Example:``/``Options:`` paragraph, or a real
    ini key for each ``newsqa_*`` option it names."""
    found = paragraphs(rule.doc)
    problems = [f"no '{name}:' paragraph" for name in SECTIONS if not any(p.startswith(f"{name}:") for p in found)]
    if not found or found[0].split(":", 1)[0] in SECTIONS:
        problems.insert(0, "no paragraph that says what it finds")
    keys = set(ini_keys)
    problems += [f"names {name}, which is not an ini key" for name in _OPTION.findall(rule.doc) if name not in keys]
    return problems


def terminal_lines(rule: Rule) -> list[str]:
    """The rule's docstring, indented under its catalogue line."""
    return [f"    {line}" if line else "" for line in rule.doc.splitlines()] + [""]


def markdown(rules: Iterable[Rule]) -> str:
    """The README's rule section: a table of summaries, then each rule's docstring
    (``literal`` as `literal`)."""
    rules = list(rules)
    table = ["| code | name | finds |", "|---|---|---|"]
    table += [f"| {rule.code} | {rule.name} | {_cell(rule.summary)} |" for rule in rules]
    blocks = ["\n".join(table)]
    for rule in rules:
        text = rule.doc.replace("``", "`")
        blocks.append(f"**{rule.code} {rule.name}.** {text}")
    return "\n\n".join(blocks) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def replace_section(readme: str, generated: str) -> str:
    """``readme`` with the text between the markers replaced by ``generated``."""
    start = readme.index(BEGIN) + len(BEGIN)
    end = readme.index(END)
    return f"{readme[:start]}\n\n{generated}\n{readme[end:]}"


def main(argv: list[str]) -> int:
    from pytest_newsqa.rules import builtin_rules

    path = Path(argv[0]) if argv else Path("README.md")
    text = path.read_text(encoding="utf-8")
    path.write_text(replace_section(text, markdown(builtin_rules())), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
