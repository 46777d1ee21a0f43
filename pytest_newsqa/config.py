"""The command-line options and ini keys, and reading them into :class:`~pytest_newsqa.settings.Settings`.

Only this module and :mod:`pytest_newsqa.plugin` know about pytest's config object.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import pytest_newsqa.outputs as outputs
from pytest_newsqa.atomic import unwritable
from pytest_newsqa.baseline import Baseline, BaselineError
from pytest_newsqa.compare import CompareError, load_previous, parse_increases
from pytest_newsqa.model import escape_path
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
        "newsqa_follow_symlinks",
        "Symbolic links followed: inside (default: targets inside the checked paths), all, none.",
        "string",
        "",
    ),
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


def add_options(parser: pytest.Parser) -> None:
    """Every ``--newsqa-*`` option and ``newsqa_*`` ini key (README \"Options\")."""
    group = parser.getgroup("newsqa", "news scrape validation (pytest-newsqa)")
    add = group.addoption
    add(
        "--newsqa",
        action="store_true",
        help="Check scraped news files (.txt, .html, .json, .jsonl, .md, .csv, .xml, .warc; compressed too) "
        "in the given paths.",
    )
    add("--newsqa-report", metavar="PATH", help="Write a JSON report of every file and finding to PATH (atomically).")
    add(
        "--newsqa-select",
        metavar="CODES",
        help="Comma list of rule codes, prefixes or names to report (overrides newsqa_select).",
    )
    add(
        "--newsqa-ignore",
        metavar="CODES",
        help="Comma list of rule codes, prefixes or names not to report (overrides newsqa_ignore).",
    )
    add("--newsqa-rules", action="store_true", help="Print the rule catalogue and exit (with -v: each rule's doc).")
    add(
        "--newsqa-max-rate",
        metavar="RATES",
        help="rule:percent pairs, e.g. truncated-body:2%%,stray-marker:0.5%% (overrides newsqa_max_rate).",
    )
    add("--newsqa-shard", metavar="K/N", help="Check only shard K of N (a stable hash of each path).")
    add(
        "--newsqa-format",
        choices=outputs.printed_formats(),
        default=outputs.DEFAULT_FORMAT,
        help="'github' also prints ::error/::warning annotation lines; 'sarif' the SARIF log.",
    )
    add("--newsqa-batch", metavar="N", help="Check N files per test item, for big runs (overrides newsqa_batch).")
    add("--newsqa-html", metavar="PATH", help="Write the HTML report to PATH (atomically).")
    add("--newsqa-sarif", metavar="PATH", help="Write a SARIF 2.1.0 log to PATH (atomically).")
    add("--newsqa-compare", metavar="PREVIOUS", help="Compare rule rates per rule and source with a previous report.")
    add(
        "--newsqa-max-increase",
        metavar="RATES",
        help="rule:percent pairs: fail when a rule's rate on a source rises more than that (with --newsqa-compare).",
    )
    add(
        "--newsqa-baseline",
        metavar="FILE",
        help="Findings recorded in FILE do not fail; new ones do; entries that no longer occur are listed.",
    )
    add("--newsqa-update-baseline", action="store_true", help="Write every finding of this run to --newsqa-baseline.")
    for name, help_text, kind, default in INI_KEYS:
        parser.addini(name, help_text, type=kind, default=default)  # type: ignore[arg-type]


def refuse_report_among_inputs(
    config: pytest.Config,
    roots: list[Path],
    owns: Callable[[Path], bool],
    display: Callable[[Path], str],
) -> None:
    """A report path that is, or is below, a checked path and has a scraped file's suffix
    would overwrite a scraped input (``--newsqa-report data/good.txt``) or be checked as
    one in the next run: a usage error, before any file is read."""
    option = config.getoption("newsqa_report", None)
    if not option:
        return
    report = Path(os.path.realpath(Path(config.invocation_params.dir, option)))
    for root in roots:
        real_root = Path(os.path.realpath(root))
        if (real_root == report or real_root in report.parents) and owns(report):
            raise pytest.UsageError(
                f"pytest-newsqa: --newsqa-report {escape_path(option)} is inside the checked path"
                f" {display(root)}: it would overwrite a scraped file or be checked as one;"
                " write the report elsewhere or give it a suffix that is not collected"
            )
