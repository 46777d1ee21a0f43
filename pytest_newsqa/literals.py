"""A cheap, exact test that a case-insensitive regex cannot match a text: it needs a word the text lacks.

Python's ``re`` tries every alternative of a pattern at every position of the text: a rule's
pattern of a hundred phrases costs about a millisecond on a 1.5 KB text that holds none of them.
:func:`needles` reads from a pattern which literal strings every match must contain (for each
alternative the longest run of letters it cannot do without); :func:`fold` puts a text and those
strings in the form in which ``re.IGNORECASE`` compares characters, so ``needle in fold(text)``
is a few microseconds, and a text that holds none of the needles has no match: the pattern
need not run. Exact by construction: where a pattern has an alternative without such a run,
:func:`needles` says None and the pattern always runs.
"""

from __future__ import annotations

import re
from typing import Any

try:  # Python 3.11+: the parser lives in re; before, in sre_parse
    import re._parser as _sre  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover (3.10)
    import sre_parse as _sre  # type: ignore[no-redef,unused-ignore]

try:
    from re._casefix import _EXTRA_CASES as _EXTRA  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover (3.10)
    from sre_compile import _ignorecase_fixes as _EXTRA  # type: ignore[attr-defined,no-redef,unused-ignore]

__all__ = ["Screen", "fold", "needles", "starts"]

# re.IGNORECASE compares characters by their simple lower case, and also holds a few lower-case
# letters equal (i and dotless ı, s and long ſ, σ and ς, ...): each such class folds to one member.
# str.lower maps one character to two (İ to i + a combining dot) where the simple mapping is i.
_BEFORE = {0x130: "i"}
_AFTER = {code: chr(min(code, *others)) for code, others in _EXTRA.items() if min(code, *others) != code}
# Shorter runs (a digit, "a") would be in most texts, and the pattern would run anyway.
_MIN_NEEDLE = 3


def fold(text: str) -> str:
    """``text`` as re.IGNORECASE compares it, character for character (the same length)."""
    if text.isascii():
        return text.lower()
    return text.translate(_BEFORE).lower().translate(_AFTER)


def starts(folded: str) -> set[str]:
    """The first three characters of every white-space-separated word of a folded text."""
    return {word[:3] for word in folded.split()}


class Screen:
    """Whether a folded text may match: it holds every needle of one of the alternatives.

    A needle with a space in it starts a word of the text after that space: only when a word
    of the text starts with those three characters can the needle be there (a set lookup).
    An alternative with no such needle is searched for outright.
    """

    __slots__ = ("anywhere", "keyed")

    def __init__(self, alternatives: tuple[tuple[str, ...], ...]) -> None:
        self.anywhere: list[tuple[str, ...]] = []
        self.keyed: dict[str, list[tuple[str, ...]]] = {}
        for needed in alternatives:
            words = [
                part for needle in needed for part in needle.split(" ")[1:] if len(part) >= 3 and part.split() == [part]
            ]
            if words:
                self.keyed.setdefault(max(words, key=len)[:3], []).append(needed)
            else:
                self.anywhere.append(tuple(sorted(needed, key=len, reverse=True)))

    def __call__(self, folded: str, word_starts: set[str]) -> bool:
        for needed in self.anywhere:
            if all(needle in folded for needle in needed):
                return True
        for key in self.keyed.keys() & word_starts:
            for needed in self.keyed[key]:
                if all(needle in folded for needle in needed):
                    return True
        return False


def needles(pattern: re.Pattern[str]) -> tuple[tuple[str, ...], ...] | None:
    """Alternatives of folded strings: every match of ``pattern`` holds all strings of one of
    them. None when there are none to say (an alternative of the pattern needs no string)."""
    if not pattern.flags & re.IGNORECASE or pattern.flags & re.VERBOSE:
        return None
    found = _alternatives(_sre.parse(pattern.pattern, pattern.flags).data)
    return None if found is None else tuple(sorted(set(found)))


def _alternatives(items: Any) -> list[tuple[str, ...]] | None:
    """What a match of this sequence holds: all of its literal runs (of ``_MIN_NEEDLE`` or more
    characters, in groups it cannot skip too); without any, one of its alternations' alternatives."""
    needed: list[str] = []
    inner: list[list[tuple[str, ...]]] = []
    run: list[str] = []

    def close_run() -> None:
        if len(run) >= _MIN_NEEDLE:
            needed.append(fold("".join(run)))
        run.clear()

    for op, arg in items:
        if op is _sre.LITERAL:
            run.append(chr(arg))
            continue
        close_run()
        found: list[tuple[str, ...]] | None = None
        if op is _sre.BRANCH:
            options = [_alternatives(alternative.data) for alternative in arg[1]]
            if all(options):
                found = [needs for option in options for needs in option or ()]
        elif op is _sre.SUBPATTERN:
            found = _alternatives(arg[-1].data)
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and arg[0] >= 1:
            found = _alternatives(arg[2].data)
        if found and len(found) == 1:
            needed.extend(found[0])
        elif found:
            inner.append(found)
    close_run()
    if needed:
        return [tuple(needed)]
    if inner:
        return max(inner, key=lambda option: min(sum(map(len, needs)) for needs in option))
    return None
