"""Configuration as plain data, and the parsers that turn option strings into it.

Every parser raises :class:`ConfigError` naming the key and the value, so the pytest layer
can turn it into a usage error before any file is read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

try:  # Python 3.11+ keeps the regex parser here; 3.10 and earlier at sre_parse.
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

from pytest_newsqa.model import SEVERITIES, Severity

DEFAULT_EXTENSIONS = (".txt", ".html", ".htm", ".json", ".jsonl", ".ndjson")
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
    body: Sequence[str] = ("body", "text", "content", "article_body", "articleBody")
    captions: Sequence[str] = ("captions", "image_captions", "caption")


@dataclass
class Settings:
    """Everything that tunes a run: selection, severities, rule options, formats and limits."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    markers: tuple[re.Pattern[str], ...] = ()
    truncation_markers: tuple[re.Pattern[str], ...] = ()
    min_body_chars: int = 1
    extensions: tuple[str, ...] = DEFAULT_EXTENSIONS
    json_fields: JsonFields = field(default_factory=JsonFields)
    max_bytes: int = DEFAULT_MAX_BYTES
    max_rate: dict[str, float] = field(default_factory=dict)


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
    """One regex per line, refused when invalid or prone to catastrophic backtracking."""
    patterns = []
    for line in split_lines(value):
        try:
            compiled = re.compile(line)
        except re.error as exc:
            raise ConfigError(key, line, f"invalid regular expression ({exc})") from None
        if _has_nested_repeat(sre_parse.parse(line)):
            raise ConfigError(key, line, "a repeat inside a repeat can take exponential time; rewrite it")
        patterns.append(compiled)
    return tuple(patterns)


_REPEATS = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT}
_POSSESSIVE = getattr(sre_constants, "POSSESSIVE_REPEAT", None)


def _has_nested_repeat(parsed: object, inside_repeat: bool = False) -> bool:
    """Whether an unbounded repeat contains another repeat: ``(a+)+``, ``(a*b?)*``, ``(.*)*``."""
    for op, arg in parsed:  # type: ignore[attr-defined]
        if op in _REPEATS:
            _low, high, body = arg
            unbounded = high is sre_constants.MAXREPEAT or high > 100
            if inside_repeat and high > 1:
                return True
            if _has_nested_repeat(body, inside_repeat or unbounded):
                return True
        elif op == sre_constants.SUBPATTERN:
            if _has_nested_repeat(arg[-1], inside_repeat):
                return True
        elif op == sre_constants.BRANCH:
            if any(_has_nested_repeat(branch, inside_repeat) for branch in arg[1]):
                return True
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            if _has_nested_repeat(arg[1], inside_repeat):
                return True
    return False


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
        match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*%?", rate.strip())
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
    "max_bytes",
    "max_rate",
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
        ),
        max_bytes=parse_int(label("max_bytes"), given.get("max_bytes"), DEFAULT_MAX_BYTES, minimum=1),
        max_rate=parse_rates(label("max_rate"), given.get("max_rate"), resolve),
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
