"""Reading pytest options and ini keys into :class:`~pytest_newsqa.settings.Settings`.

Only this module and :mod:`pytest_newsqa.plugin` know about pytest's config object.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pytest_newsqa.atomic import unwritable
from pytest_newsqa.baseline import Baseline, BaselineError
from pytest_newsqa.compare import CompareError, load_previous, parse_increases
from pytest_newsqa.review import ReviewOptions
from pytest_newsqa.rule import Catalogue
from pytest_newsqa.selection import resolver
from pytest_newsqa.settings import (
    DEFAULT_MAX_BYTES,
    OPTION_KEYS,
    ConfigError,
    Settings,
    ini_label,
    parse_int,
    settings_from_mapping,
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
    ("newsqa_json_records", "Dotted path to the list of records in each JSON document (e.g. articles).", "string", ""),
    (
        "newsqa_max_bytes",
        "Read at most this many bytes of a file; the rest is reported unread.",
        "string",
        str(DEFAULT_MAX_BYTES),
    ),
    ("newsqa_max_rate", "rule:percent pairs; listed rules fail the session above the share, not files.", "args", []),
    ("newsqa_batch", "Check this many files per test item (0: one item per file).", "string", "0"),
    (
        "newsqa_paths",
        "Folders holding scraped data: checked when no path is given; files outside are never checked.",
        "paths",
        [],
    ),
    ("newsqa_source", "How a file's source is found: folder (default), host, or a regex with one group.", "string", ""),
    (
        "newsqa_max_increase",
        "rule:percent pairs; with --newsqa-compare, the session fails when a rule's rate on a source rises more.",
        "args",
        [],
    ),
]

INI_NAMES = frozenset(name for name, *_ in INI_KEYS)

# Options that do something only with --newsqa (and their defaults).
NEEDS_NEWSQA = {
    "newsqa_report": "--newsqa-report",
    "newsqa_select": "--newsqa-select",
    "newsqa_ignore": "--newsqa-ignore",
    "newsqa_max_rate": "--newsqa-max-rate",
    "newsqa_shard": "--newsqa-shard",
    "newsqa_batch": "--newsqa-batch",
    "newsqa_html": "--newsqa-html",
    "newsqa_sarif": "--newsqa-sarif",
    "newsqa_compare": "--newsqa-compare",
    "newsqa_max_increase": "--newsqa-max-increase",
    "newsqa_baseline": "--newsqa-baseline",
    "newsqa_update_baseline": "--newsqa-update-baseline",
}


def refuse_options_without_newsqa(config: pytest.Config) -> None:
    """A ``--newsqa-*`` option without ``--newsqa`` would do nothing and exit 5: say so instead."""
    given = [flag for name, flag in NEEDS_NEWSQA.items() if config.getoption(name, None)]
    if config.getoption("newsqa_format", "text") != "text":
        given.append("--newsqa-format")
    if given:
        flags = ", ".join(given)
        raise pytest.UsageError(f"pytest-newsqa: {flags} needs --newsqa (add --newsqa to check scraped files)")
def _value(config: pytest.Config, option: str, ini: str) -> Any:
    """The command-line value if given, else the ini value."""
    given = config.getoption(option, None)
    return given if given not in (None, "", []) else config.getini(ini)


def read_settings(config: pytest.Config, catalogue: Catalogue) -> Settings:
    """Settings from options and ini keys; a bad value is a usage error naming key and value.

    The values go through :func:`settings_from_mapping`, as Scrapy's and datatrove's do.
    """
    values = {key: config.getini(ini_label(key)) for key in OPTION_KEYS}
    for key in ("select", "ignore", "max_rate"):  # these three also have a command-line option
        values[key] = _value(config, ini_label(key), ini_label(key))
    try:
        return settings_from_mapping(values, resolver(catalogue))
    except ConfigError as exc:
        raise pytest.UsageError(f"pytest-newsqa configuration: {exc}") from None


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
        if controller:  # an output that cannot be written is a usage error before any file is read
            for option, path in (("--newsqa-html", options.html_path), ("--newsqa-sarif", options.sarif_path)):
                problem = unwritable(path) if path is not None else None
                if problem:
                    raise ConfigError(option, str(config.getoption(option[2:].replace("-", "_"))), problem)
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


def check_report_path(config: pytest.Config) -> Path | None:
    """The ``--newsqa-report`` path, refused with a usage error when it cannot be written."""
    value = config.getoption("newsqa_report", None)
    if not value:
        return None
    path = Path(config.invocation_params.dir, value)
    problem = unwritable(path)
    if problem:
        raise pytest.UsageError(f"pytest-newsqa configuration: --newsqa-report {value}: {problem}")
    return path
