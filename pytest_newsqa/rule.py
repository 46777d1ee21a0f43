"""What a rule is, and the catalogue that holds every registered rule.

A rule is a code (``NWS201``), a kebab-case name (``stray-marker``), a one-line summary, a
default severity and a check function. Article rules are called once per parsed article as
``check(article, options)``; file rules once per file as ``check(source, options)``. Both
yield :class:`~pytest_newsqa.model.Hit` objects or plain ``(line, message)`` tuples.
"""

from __future__ import annotations

import inspect
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from pytest_newsqa.model import ERROR, SEVERITIES, Severity

CODE_PATTERN = re.compile(r"^[A-Z]{2,4}[0-9]{3}$")
NAME_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

Scope = Literal["article", "file"]
CheckFunction = Callable[[Any, Any], Iterable[Any]]


class RuleError(ValueError):
    """A rule that cannot be registered: malformed code or name, or a clash with another rule."""


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    summary: str
    check: CheckFunction = field(compare=False)
    severity: Severity = ERROR
    scope: Scope = "article"
    origin: str = ""
    directory: str | None = None
    """For a rule defined in a conftest.py: it applies only to files below that folder."""

    @property
    def doc(self) -> str:
        """What it finds, why it matters, an example, its options: the check's docstring."""
        return inspect.cleandoc(self.check.__doc__ or "")


def rule(
    code: str, name: str, summary: str, *, severity: Severity = ERROR, scope: Scope = "article"
) -> Callable[[CheckFunction], Rule]:
    """Decorator that turns a check function into a :class:`Rule`.

    Example (in a ``conftest.py``)::

        @rule("ACM001", "paywall-teaser", "The body ends on a paywall teaser.")
        def paywall_teaser(article, options):
            last = article.paragraphs[-1] if article.paragraphs else None
            if last and "subscribe to continue" in last.text.lower():
                yield last.line, "body ends on a paywall teaser"
    """

    def wrap(check: CheckFunction) -> Rule:
        return Rule(code, name, summary, check, severity, scope, _origin_of(check), _conftest_dir(check))

    return wrap


def _from_conftest(module: str) -> bool:
    return module == "conftest" or module.endswith(".conftest")


def _conftest_dir(check: CheckFunction) -> str | None:
    """A conftest.py is a per-directory plugin in pytest; so are the rules it defines."""
    module = getattr(check, "__module__", "") or ""
    if not _from_conftest(module):
        return None
    source = inspect.getsourcefile(check)
    return os.path.dirname(os.path.abspath(source)) if source else None


def _origin_of(check: CheckFunction) -> str:
    module = getattr(check, "__module__", "") or ""
    if module.startswith("pytest_newsqa."):
        return "pytest-newsqa (built-in)"
    if _from_conftest(module):
        return f"conftest ({inspect.getsourcefile(check) or module})"
    return module


class Catalogue:
    """Every registered rule, by code, with the checks a registration must pass."""

    def __init__(self) -> None:
        self._by_code: dict[str, Rule] = {}
        self._by_name: dict[str, Rule] = {}

    def add(self, new: Rule) -> None:
        if not isinstance(new, Rule):
            raise RuleError(f"not a rule: {new!r} (use the pytest_newsqa.rule decorator)")
        where = new.origin or "unknown origin"
        if not CODE_PATTERN.match(new.code):
            raise RuleError(f"rule code {new.code!r} from {where} must match {CODE_PATTERN.pattern}")
        if not NAME_PATTERN.match(new.name):
            raise RuleError(f"rule name {new.name!r} from {where} must be kebab-case")
        if new.severity not in SEVERITIES:
            raise RuleError(f"rule {new.code} from {where}: severity must be error or warning")
        for key, table in ((new.code, self._by_code), (new.name, self._by_name)):
            old = table.get(key)
            if old is not None and old.check is not new.check:
                raise RuleError(f"rule {key} is registered twice: by {old.origin or 'unknown origin'} and by {where}")
        self._by_code[new.code] = new
        self._by_name[new.name] = new

    def add_many(self, rules: Iterable[Rule] | Rule | None) -> None:
        if rules is None:
            return
        for item in [rules] if isinstance(rules, Rule) else rules:
            self.add(item)

    def __iter__(self) -> Iterator[Rule]:
        return iter(sorted(self._by_code.values(), key=lambda r: r.code))

    def __len__(self) -> int:
        return len(self._by_code)

    def get(self, code_or_name: str) -> Rule | None:
        return self._by_code.get(code_or_name) or self._by_name.get(code_or_name)

    def codes(self) -> list[str]:
        return sorted(self._by_code)
