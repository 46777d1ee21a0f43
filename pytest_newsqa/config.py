"""Reading pytest options and ini keys into :class:`~pytest_newsqa.settings.Settings`.

Only this module and :mod:`pytest_newsqa.plugin` know about pytest's config object.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pytest_newsqa.baseline import Baseline, BaselineError
from pytest_newsqa.compare import CompareError, load_previous, parse_increases
from pytest_newsqa.review import ReviewOptions
from pytest_newsqa.rule import Catalogue
from pytest_newsqa.selection import resolver
from pytest_newsqa.settings import (
    DEFAULT_MAX_BYTES,
    ConfigError,
    JsonFields,
    Settings,
    parse_extensions,
    parse_int,
    parse_patterns,
    parse_per_file_ignores,
    parse_rates,
    parse_severity,
    split_words,
)
from pytest_newsqa.sources import parse_mode

# (ini key, help, type, default): every ini key, documented in README "Configuration".
INI_KEYS: list[tuple[str, str, str | None, Any]] = [
    ("newsqa_select", "Rule codes, prefixes or names to report (default: all).", "args", []),
    ("newsqa_ignore", "Rule codes, prefixes or names not to report.", "args", []),
    ("newsqa_per_file_ignores", "Lines of 'glob = codes' not reported on matching files.", "linelist", []),
    ("newsqa_severity", "name-or-code:warning|error pairs overriding default severities.", "args", []),
    ("newsqa_markers", "Extra stray-marker regexes, one per line, each matched against a whole line.", "linelist", []),
    (
        "newsqa_truncation_markers",
        "Extra cut-marker regexes, one per line, matched at the end of a body.",
        "linelist",
        [],
    ),
    ("newsqa_min_body_chars", "Bodies shorter than this (page furniture aside) are empty-article.", "string", "1"),
    ("newsqa_extensions", "File suffixes collected with --newsqa.", "args", []),
    ("newsqa_json_headline_fields", "JSON keys holding the headline (first present wins).", "args", []),
    ("newsqa_json_body_fields", "JSON keys holding the body.", "args", []),
    ("newsqa_json_caption_fields", "JSON keys holding captions (a string or a list).", "args", []),
    (
        "newsqa_max_bytes",
        "Read at most this many bytes of a file; the rest is reported unread.",
        "string",
        str(DEFAULT_MAX_BYTES),
    ),
    ("newsqa_max_rate", "rule:percent pairs; listed rules fail the session above the share, not files.", "args", []),
    ("newsqa_batch", "Check this many files per test item (0: one item per file).", "string", "0"),
    ("newsqa_source", "How a file's source is found: folder (default), host, or a regex with one group.", "string", ""),
    (
        "newsqa_max_increase",
        "rule:percent pairs; with --newsqa-compare, the session fails when a rule's rate on a source rises more.",
        "args",
        [],
    ),
]

INI_NAMES = frozenset(name for name, *_ in INI_KEYS)


def _value(config: pytest.Config, option: str, ini: str) -> Any:
    """The command-line value if given, else the ini value."""
    given = config.getoption(option, None)
    return given if given not in (None, "", []) else config.getini(ini)


def read_settings(config: pytest.Config, catalogue: Catalogue) -> Settings:
    """Settings from options and ini keys; a bad value is a usage error naming key and value."""
    resolve = resolver(catalogue)
    try:
        settings = Settings(
            select=tuple(split_words(_value(config, "newsqa_select", "newsqa_select"))),
            ignore=tuple(split_words(_value(config, "newsqa_ignore", "newsqa_ignore"))),
            per_file_ignores=parse_per_file_ignores(
                "newsqa_per_file_ignores", config.getini("newsqa_per_file_ignores"), resolve
            ),
            severity=parse_severity("newsqa_severity", config.getini("newsqa_severity"), resolve),
            markers=parse_patterns("newsqa_markers", config.getini("newsqa_markers")),
            truncation_markers=parse_patterns("newsqa_truncation_markers", config.getini("newsqa_truncation_markers")),
            min_body_chars=parse_int("newsqa_min_body_chars", config.getini("newsqa_min_body_chars"), 1),
            extensions=parse_extensions("newsqa_extensions", config.getini("newsqa_extensions")),
            json_fields=_json_fields(config),
            max_bytes=parse_int("newsqa_max_bytes", config.getini("newsqa_max_bytes"), DEFAULT_MAX_BYTES, minimum=1),
            max_rate=parse_rates("newsqa_max_rate", _value(config, "newsqa_max_rate", "newsqa_max_rate"), resolve),
        )
        for key, words in (("newsqa_select", settings.select), ("newsqa_ignore", settings.ignore)):
            for word in words:
                resolve(key, word)
    except ConfigError as exc:
        raise pytest.UsageError(f"pytest-newsqa configuration: {exc}") from None
    return settings


def _json_fields(config: pytest.Config) -> JsonFields:
    default = JsonFields()
    return JsonFields(
        headline=tuple(config.getini("newsqa_json_headline_fields")) or default.headline,
        body=tuple(config.getini("newsqa_json_body_fields")) or default.body,
        captions=tuple(config.getini("newsqa_json_caption_fields")) or default.captions,
    )


def read_review(
    config: pytest.Config, catalogue: Catalogue, roots: list[str], controller: bool = True
) -> ReviewOptions:
    """Sources, comparison, baseline and output paths; a bad value is a usage error before any file is read."""
    here = config.invocation_params.dir

    def path_of(option: str) -> Path | None:
        value = config.getoption(option, None)
        return Path(here, value) if value else None

    try:
        options = ReviewOptions(
            source_mode=parse_mode(config.getini("newsqa_source")),
            roots=roots,
            max_increase=parse_increases(
                _value(config, "newsqa_max_increase", "newsqa_max_increase"), resolver(catalogue)
            ),
            baseline_path=path_of("newsqa_baseline"),
            update_baseline=bool(config.getoption("newsqa_update_baseline", False)),
            html_path=path_of("newsqa_html"),
            sarif_path=path_of("newsqa_sarif"),
            base_dir=here,
        )
        previous = path_of("newsqa_compare")
        if previous is not None and controller:
            options.previous = load_previous(previous)
            options.previous_label = config.getoption("newsqa_compare")
        elif config.getoption("newsqa_max_increase", None) and previous is None:
            # The ini key may stay set for runs that do not compare; the option alone is a mistake.
            raise ConfigError("--newsqa-max-increase", "", "needs --newsqa-compare PREVIOUS.json to compare with")
        if options.update_baseline:
            if options.baseline_path is None:
                raise ConfigError("--newsqa-update-baseline", "", "needs --newsqa-baseline FILE to write")
            options.baseline = Baseline(accept_all=True)
        elif options.baseline_path is not None:
            options.baseline = Baseline.load(options.baseline_path)
    except (ConfigError, CompareError, BaselineError) as exc:
        raise pytest.UsageError(f"pytest-newsqa configuration: {exc}") from None
    return options


def read_batch(config: pytest.Config) -> int:
    try:
        return parse_int("newsqa_batch", _value(config, "newsqa_batch", "newsqa_batch"), 0)
    except ConfigError as exc:
        raise pytest.UsageError(f"pytest-newsqa configuration: {exc}") from None


def read_shard(config: pytest.Config) -> tuple[int, int] | None:
    """``--newsqa-shard K/N`` as (K, N), 1 ≤ K ≤ N."""
    value = config.getoption("newsqa_shard", None)
    if not value:
        return None
    try:
        k, n = (int(part) for part in value.split("/"))
    except ValueError:
        k = n = 0
    if not 1 <= k <= n:
        raise pytest.UsageError(
            f"pytest-newsqa configuration: --newsqa-shard: expected K/N with 1 <= K <= N: {value!r}"
        )
    return k, n
