"""Configuration as plain data, and the parsers that turn option strings into it.

Every parser raises :class:`ConfigError` naming the key and the value, so the pytest layer
can turn it into a usage error before any file is read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

try:  # Python 3.11+ keeps the regex parser here; 3.10 and earlier at sre_parse.
    from re import _compiler as sre_compile  # type: ignore[attr-defined]
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older Pythons
    import sre_compile  # type: ignore[no-redef]
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

from pytest_newsqa.links import DEFAULT_FOLLOW, FOLLOW_MODES
from pytest_newsqa.model import SEVERITIES, Severity

DEFAULT_EXTENSIONS = (
    ".txt",
    ".html",
    ".htm",
    ".json",
    ".jsonl",
    ".ndjson",
    ".md",
    ".markdown",
    ".csv",
    ".xml",
    ".warc",
    ".gz",
    ".bz2",
    ".xz",
    ".zst",
)
DEFAULT_MAX_BYTES = 4 * 1024 * 1024
# User patterns are applied to lines up to this length; longer lines are never markers.
MAX_PATTERN_LINE = 1000


Resolver = Callable[[str, str], list[str]]
"""Maps (config key, rule code, prefix or name) to the codes it selects, or raises ConfigError."""


class ConfigError(ValueError):
    """A configuration value that cannot be used; the message names the key and the value."""

    def __init__(self, key: str, value: str, reason: str) -> None:
        super().__init__(f"{key}: {reason}: {value!r}")
        self.key, self.value, self.reason = key, value, reason


@dataclass(frozen=True)
class JsonFields:
    """Which record keys hold the headline, the body and the captions (first present wins)."""

    headline: Sequence[str] = ("title", "headline")
    body: Sequence[str] = ("body", "text", "content", "article_body", "articleBody", "maintext")
    captions: Sequence[str] = ("captions", "image_captions", "caption")
    records: Sequence[str] = ()
    """Dotted path to the list of records inside each document (``articles`` for NewsAPI); empty: the top level."""


@dataclass(frozen=True)
class Settings:
    """Everything that tunes a run: selection, severities, rule options, formats and limits.

    Read-only (a frozen record, its mappings behind ``MappingProxyType``): every rule gets
    this object for every file, so a rule that changed it would change the run.
    """

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    markers: tuple[re.Pattern[str], ...] = ()
    truncation_markers: tuple[re.Pattern[str], ...] = ()
    min_body_chars: int = 1
    extensions: tuple[str, ...] = DEFAULT_EXTENSIONS
    json_fields: JsonFields = field(default_factory=JsonFields)
    max_bytes: int = DEFAULT_MAX_BYTES
    max_rate: Mapping[str, float] = field(default_factory=dict)
    follow_symlinks: str = DEFAULT_FOLLOW
    """Which symbolic links are followed: ``inside`` the checked paths, ``all`` or ``none``."""

    def __post_init__(self) -> None:
        for name in ("severity", "max_rate"):
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))


def split_list(value: str | Iterable[str] | None) -> list[str]:
    """Comma- or newline-separated words (ini linelist values arrive as lists)."""
    if value is None:
        return []
    if not isinstance(value, str):
        value = "\n".join(value)
    return [part.strip() for part in re.split(r"[,\n]", value) if part.strip()]


def split_words(value: str | Iterable[str] | None) -> list[str]:
    """Words separated by commas, newlines or spaces (``"NWS1, NWS2 NWS3"``)."""
    return [word for chunk in split_list(value) for word in chunk.split()]


def split_lines(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return []
    lines = value.splitlines() if isinstance(value, str) else list(value)
    return [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]


def parse_int(key: str, value: str | int | None, default: int, minimum: int = 0) -> int:
    if value in (None, ""):
        return default
    try:
        number = int(str(value).strip().replace("_", ""))
    except ValueError:
        raise ConfigError(key, str(value), "expected a whole number") from None
    if number < minimum:
        raise ConfigError(key, str(value), f"must be at least {minimum}")
    return number


def parse_choice(key: str, value: str | Iterable[str] | None, choices: Sequence[str]) -> str:
    """One word out of ``choices`` (the first is the default)."""
    words = split_words(value)
    if not words:
        return choices[0]
    if len(words) > 1 or words[0].lower() not in choices:
        raise ConfigError(key, " ".join(words), f"expected one of {', '.join(choices)}")
    return words[0].lower()


def parse_extensions(key: str, value: str | Iterable[str] | None) -> tuple[str, ...]:
    words = split_words(value)
    if not words:
        return DEFAULT_EXTENSIONS
    found = []
    for word in words:
        suffix = word.lower() if word.startswith(".") else f".{word.lower()}"
        if not re.fullmatch(r"\.[a-z0-9_.+-]+", suffix):
            raise ConfigError(key, word, "not a file extension")
        found.append(suffix)
    return tuple(dict.fromkeys(found))


def parse_patterns(key: str, value: str | Iterable[str] | None) -> tuple[re.Pattern[str], ...]:
    """One regex per line, refused when invalid or when matching it could take more than linear time."""
    patterns = []
    for line in split_lines(value):
        try:
            compiled = re.compile(line)
        except re.error as exc:
            raise ConfigError(key, line, f"invalid regular expression ({exc})") from None
        try:
            check_linear(line)
        except UnsafePattern as exc:
            raise ConfigError(key, line, f"{exc}; rewrite it") from None
        patterns.append(compiled)
    return tuple(patterns)


class UnsafePattern(ValueError):
    """A regex whose backtracking can take more than linear time on some line."""


_REPEATS = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT}
_POSSESSIVE = getattr(sre_constants, "POSSESSIVE_REPEAT", None)
_ATOMIC = getattr(sre_constants, "ATOMIC_GROUP", None)
_ONE_CHAR = {sre_constants.LITERAL, sre_constants.NOT_LITERAL, sre_constants.IN, sre_constants.ANY}
# Characters a repeat is tested against, to learn whether two repeats compete for input.
_PROBES = "".join(chr(c) for c in range(32, 127)) + "\t\n\r\x0b\x0c\xa0\u2028\u0085éÉßЖж中٣…—“’"
_MAX_PATHS = 256
Open = tuple[frozenset[str], ...]


def check_linear(pattern: str) -> None:
    """Refuse a pattern that Python's backtracking matcher can run in more than linear time.

    Stricter than "no repeat inside a repeat": under a repeat there may be neither another
    repeat (``(a{1,100}){1,100}``, ``(a?){30}``) nor an alternation (``(a|aa)*``,
    ``(Share|Shares|\\w)*``), and two repeats may not compete for the same characters with
    nothing in between that only one of them can match (``.*.*=`` is cubic, ``\\w+\\s*\\w+$``
    quadratic; ``\\w+ \\w+`` is fine: the space ends the first). Lookarounds may not
    hold a repeat, and backreferences are refused. What passes matches a line in time
    linear in its length (a search, in quadratic time at worst over the 1,000 characters
    a user pattern sees).
    """
    parsed = sre_parse.parse(pattern)
    _walk(list(parsed), [()], _Probe(parsed.state))


class _Probe:
    """Which probe characters a piece of a pattern matches (its flags, such as (?i), apply)."""

    def __init__(self, state: Any) -> None:
        self.state = state
        self.cache: dict[str, frozenset[str]] = {}

    def chars(self, items: list) -> frozenset[str]:
        found: set[str] = set()
        for op, av in items:
            if op in _ONE_CHAR:
                found |= self._one(op, av)
            elif op in _REPEATS or op == _POSSESSIVE:
                found |= self.chars(list(av[2]))
            elif op == sre_constants.SUBPATTERN:
                found |= self.chars(list(av[-1]))
            elif op == _ATOMIC:
                found |= self.chars(list(av))
            elif op == sre_constants.BRANCH:
                for branch in av[1]:
                    found |= self.chars(list(branch))
        return frozenset(found)

    def _one(self, op: object, av: object) -> frozenset[str]:
        key = repr((op, av))
        if key not in self.cache:
            sub = sre_parse.SubPattern(self.state, [(op, av)])
            compiled = sre_compile.compile(sub, self.state.flags)
            self.cache[key] = frozenset(c for c in _PROBES if compiled.fullmatch(c))
        return self.cache[key]


def _has_choice(items: list) -> bool:
    """Whether a sequence holds a repeat or an alternation anywhere inside."""
    for op, av in items:
        if op in _REPEATS or op == _POSSESSIVE or op == sre_constants.BRANCH:
            return True
        if op == sre_constants.SUBPATTERN and _has_choice(list(av[-1])):
            return True
        if op == _ATOMIC and _has_choice(list(av)):
            return True
        if op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT) and _has_choice(list(av[1])):
            return True
    return False


def _walk(items: list, paths: list[Open], probe: _Probe) -> list[Open]:
    """Follow a sequence along every path through it, tracking the repeats whose end is still
    undecided ("open"); a new repeat that can match a character an open one can is refused."""
    for op, av in items:
        if op in _ONE_CHAR:
            chars = probe.chars([(op, av)])  # an open repeat that cannot match this character ends here
            paths = [tuple(o for o in path if o & chars) for path in paths]
        elif op in _REPEATS:
            paths = _repeat(av, paths, probe)
        elif op == sre_constants.SUBPATTERN:
            paths = _walk(list(av[-1]), paths, probe)
        elif op == sre_constants.BRANCH:
            paths = [p for branch in av[1] for p in _walk(list(branch), paths, probe)]
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            if _has_choice(list(av[1])):
                raise UnsafePattern("a repeat or an alternation inside a lookaround can take more than linear time")
        elif op in (_POSSESSIVE, _ATOMIC):
            body = list(av[2] if op == _POSSESSIVE else av)
            _walk(body, [()], probe)  # never backtracked into: checked on its own
            if op == _ATOMIC or av[0] > 0:
                chars = probe.chars(body)
                paths = [tuple(o for o in path if o & chars) for path in paths]
        elif op in (sre_constants.GROUPREF, sre_constants.GROUPREF_EXISTS):
            raise UnsafePattern("a backreference can take more than linear time")
        paths = list(dict.fromkeys(paths))
        if len(paths) > _MAX_PATHS:
            raise UnsafePattern("too many optional parts to check that it runs in linear time")
    return paths


def _repeat(av: tuple, paths: list[Open], probe: _Probe) -> list[Open]:
    low, high, body = av[0], av[1], list(av[2])
    if high <= 1:  # optional: both paths go on
        taken = _walk(body, paths, probe)
        return taken if low == 1 else paths + taken
    if _has_choice(body):
        raise UnsafePattern("a repeat inside a repeat, or an alternation inside a repeat, can take exponential time")
    if low == high:  # a fixed count decides nothing
        return _walk(body, paths, probe)
    chars = probe.chars(body)
    if any(o & chars for path in paths for o in path):
        raise UnsafePattern("two repeats that can match the same characters can take polynomial time")
    if low > 0:
        paths = _walk(body, paths, probe)
    return [(*path, chars) for path in paths]


def match_line(pattern: re.Pattern[str], line: str) -> bool:
    """A user pattern against one whole line, bounded by :data:`MAX_PATTERN_LINE`."""
    return len(line) <= MAX_PATTERN_LINE and pattern.fullmatch(line) is not None


def parse_severity(key: str, value: str | Iterable[str] | None, resolve: Resolver) -> dict[str, Severity]:
    """``name-or-code:warning|error`` pairs; ``resolve`` maps a name or code to a code."""
    result: dict[str, Severity] = {}
    for pair in split_words(value):
        rule_key, _, level = pair.rpartition(":")
        severity = next((s for s in SEVERITIES if s == level.strip().lower()), None)
        if not rule_key or severity is None:
            raise ConfigError(key, pair, "expected name-or-code:warning or name-or-code:error")
        for code in resolve(key, rule_key.strip()):
            result[code] = severity
    return result


def parse_rates(key: str, value: str | Iterable[str] | None, resolve: Resolver) -> dict[str, float]:
    """``rule:percent`` pairs such as ``truncated-body:2%,stray-marker:0.5%``."""
    result = {}
    for pair in split_words(value):
        rule_key, _, rate = pair.rpartition(":")
        if rule_key and re.fullmatch(r"\d+(?:\.\d+)?", rate.strip()):
            # 0.02 could mean 2% or 0.02%: the unit is required, never guessed.
            raise ConfigError(key, pair, f"a rate needs its % sign ({rate.strip()}% of files? then write it so)")
        match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*%", rate.strip())
        if not rule_key or not match or float(match.group(1)) > 100:
            raise ConfigError(key, pair, "expected rule:percent, such as truncated-body:2%")
        for code in resolve(key, rule_key.strip()):
            result[code] = float(match.group(1))
    return result


def parse_per_file_ignores(
    key: str, value: str | Iterable[str] | None, resolve: Resolver
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Lines of ``glob = codes`` (codes, prefixes or names, comma separated)."""
    entries = []
    for line in split_lines(value):
        glob, sep, codes = line.partition("=")
        if not sep or not glob.strip() or not codes.strip():
            raise ConfigError(key, line, "expected a line of the form 'glob = codes'")
        words = tuple(split_words(codes))
        for word in words:
            resolve(key, word)
        entries.append((glob.strip(), words))
    return tuple(entries)


# The ini keys without their ``newsqa_`` prefix: what a mapping given to
# :func:`settings_from_mapping` may hold (``newsqa_batch`` is about pytest items, not settings).
OPTION_KEYS = (
    "select",
    "ignore",
    "per_file_ignores",
    "severity",
    "markers",
    "truncation_markers",
    "min_body_chars",
    "extensions",
    "json_headline_fields",
    "json_body_fields",
    "json_caption_fields",
    "json_records",
    "max_bytes",
    "max_rate",
    "follow_symlinks",
)


def ini_label(key: str) -> str:
    """How a key is named in messages under pytest: its ini key."""
    return f"newsqa_{key}"


def settings_from_mapping(
    values: Mapping[str, Any], resolve: Resolver, label: Callable[[str], str] = ini_label
) -> Settings:
    """Settings from plain values keyed like the ini keys (``select`` or ``newsqa_select``).

    Values are what an ini file or a Python config holds: a string (comma or newline
    separated) or a list of strings; numbers may be ints. The same parsers and messages as
    under pytest; ``label`` names a key in a message (``NEWSQA_SELECT`` for Scrapy).
    """
    given: dict[str, Any] = {}
    for raw, value in values.items():
        key = raw.lower().removeprefix("newsqa_")
        if key not in OPTION_KEYS:
            raise ConfigError(label(key), raw, f"unknown setting; known: {', '.join(OPTION_KEYS)}")
        given[key] = _plain(label(key), value)
    select = tuple(split_words(given.get("select")))
    ignore = tuple(split_words(given.get("ignore")))
    for key, words in (("select", select), ("ignore", ignore)):
        for word in words:
            resolve(label(key), word)
    default_fields = JsonFields()
    return Settings(
        select=select,
        ignore=ignore,
        per_file_ignores=parse_per_file_ignores(label("per_file_ignores"), given.get("per_file_ignores"), resolve),
        severity=parse_severity(label("severity"), given.get("severity"), resolve),
        markers=parse_patterns(label("markers"), given.get("markers")),
        truncation_markers=parse_patterns(label("truncation_markers"), given.get("truncation_markers")),
        min_body_chars=parse_int(label("min_body_chars"), given.get("min_body_chars"), 1),
        extensions=parse_extensions(label("extensions"), given.get("extensions")),
        json_fields=JsonFields(
            headline=tuple(split_words(given.get("json_headline_fields"))) or default_fields.headline,
            body=tuple(split_words(given.get("json_body_fields"))) or default_fields.body,
            captions=tuple(split_words(given.get("json_caption_fields"))) or default_fields.captions,
            records=tuple(part for part in str(given.get("json_records") or "").strip().split(".") if part),
        ),
        max_bytes=parse_int(label("max_bytes"), given.get("max_bytes"), DEFAULT_MAX_BYTES, minimum=1),
        max_rate=parse_rates(label("max_rate"), given.get("max_rate"), resolve),
        follow_symlinks=parse_choice(label("follow_symlinks"), given.get("follow_symlinks"), FOLLOW_MODES),
    )


def _plain(key: str, value: Any) -> str | list[str] | None:
    """A value as an ini file holds it: a string or a list of strings (numbers are spelled out)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, (list, tuple)) and all(isinstance(v, (str, int, float)) for v in value):
        return [str(v) for v in value]
    raise ConfigError(key, repr(value), "expected a string or a list of strings")



def settings_json(settings: Settings) -> dict[str, Any]:
    """Every setting that changes a file's findings, as JSON: shards of one run must agree."""
    return {
        "select": list(settings.select),
        "ignore": list(settings.ignore),
        "per_file_ignores": [[glob, list(codes)] for glob, codes in settings.per_file_ignores],
        "severity": dict(settings.severity),
        "markers": [p.pattern for p in settings.markers],
        "truncation_markers": [p.pattern for p in settings.truncation_markers],
        "min_body_chars": settings.min_body_chars,
        "extensions": list(settings.extensions),
        "json_fields": {
            "headline": list(settings.json_fields.headline),
            "body": list(settings.json_fields.body),
            "captions": list(settings.json_fields.captions),
            "records": list(settings.json_fields.records),
        },
        "max_bytes": settings.max_bytes,
        "max_rate": dict(settings.max_rate),
        "follow_symlinks": settings.follow_symlinks,
    }
