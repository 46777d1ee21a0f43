"""Command line: ``python -m pytest_newsqa merge a.json b.json ... -o merged.json``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import pytest_newsqa.outputs as outputs
import pytest_newsqa.review as review
from pytest_newsqa.aggregate import Aggregate
from pytest_newsqa.atomic import unwritable
from pytest_newsqa.baseline import Baseline, BaselineError
from pytest_newsqa.compare import CompareError, load_previous, name_resolver, parse_increases
from pytest_newsqa.merge import MergeError, load_report, merge_reports
from pytest_newsqa.settings import ConfigError


class _Stdout:
    """The terminal of ``merge``: bare lines on standard output, every finding listed."""

    limit = None

    def section(self, title: str, sep: str = "=") -> None:
        pass  # merge prints the lines only, as it always has

    def line(self, text: str, red: bool = False) -> None:
        print(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pytest_newsqa", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    merge = commands.add_parser("merge", help="Merge --newsqa-report files of shards into one report and gate.")
    merge.add_argument("reports", nargs="+", type=Path, help="shard reports (--newsqa-report)")
    merge.add_argument("-o", "--output", type=Path, help="write the merged report here (atomically)")
    merge.add_argument(
        "--format",
        choices=outputs.printed_formats(),
        default=outputs.DEFAULT_FORMAT,
        help="'github' adds annotations, 'sarif' the SARIF log",
    )
    merge.add_argument("--compare", type=Path, metavar="PREVIOUS", help="compare rule rates with a previous report")
    merge.add_argument("--max-increase", metavar="RATES", help="rule:percent pairs: the largest rise per source")
    merge.add_argument("--baseline", type=Path, metavar="FILE", help="findings recorded in FILE do not fail")
    merge.add_argument("--html", type=Path, metavar="PATH", help="write the HTML report here (atomically)")
    merge.add_argument("--sarif", type=Path, metavar="PATH", help="write a SARIF 2.1.0 log here (atomically)")
    args = parser.parse_args(argv)
    problem = unwritable(args.output) if args.output else None
    if problem:  # before any report is read
        print(f"error: -o {args.output}: {problem}", file=sys.stderr)
        return 2
    try:
        catalogue: dict[str, Any] = {}
        # One report at a time: merge keeps the records in a spool, not the reports.
        aggregate = merge_reports((load_report(path) for path in args.reports), catalogue)
        options = _review_options(args, aggregate.selector.names)
    except (MergeError, CompareError, ConfigError, BaselineError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (KeyError, TypeError, ValueError, AttributeError) as exc:  # a shape the check above missed
        print(f"error: a report is not a valid pytest-newsqa report ({type(exc).__name__}: {exc})", file=sys.stderr)
        return 2
    try:
        return _finish(args, aggregate, options, catalogue)
    finally:
        aggregate.close()


def _finish(
    args: argparse.Namespace, aggregate: Aggregate, options: review.ReviewOptions, catalogue: dict[str, Any]
) -> int:
    review.complete(aggregate, options, catalogue or None)
    write_error = None
    if args.output:
        try:
            outputs.write_report(args.output, aggregate)
        except OSError as exc:
            write_error = f"error: the merged report could not be written to {args.output}: {exc.strerror or exc}"
    written: list[str] = []
    try:
        written = review.write_outputs(aggregate, options)
    except OSError as exc:
        where = f" to {exc.filename}" if exc.filename else ""
        write_error = f"error: an output could not be written{where}: {exc.strerror or exc}"
    outputs.show(args.format, aggregate, _Stdout())
    for line in written:
        print(line)
    passed = aggregate.passed()
    print("newsqa gate: passed" if passed else f"newsqa gate: FAILED ({gate_reason(aggregate)})")
    if write_error:  # after the summary, so the log still says what was found
        print(write_error, file=sys.stderr)
        return 3
    return 0 if passed else 1


def gate_reason(aggregate: Aggregate) -> str:
    """Why the merged run fails: its failed files, each rate over its limit, each rate risen too far."""
    reasons = []
    failed = aggregate.failed_count()
    if failed:
        reasons.append(f"{failed} file{'s' * (failed != 1)} failed")
    reasons += [f"over the rate limit: {failure}" for failure in aggregate.gate_failures()]
    reasons += [f"risen since the previous run: {failure}" for failure in aggregate.review_failures]
    return "; ".join(reasons)


def _review_options(args: argparse.Namespace, names: dict[str, str]) -> review.ReviewOptions:
    options = review.ReviewOptions(
        source_mode=None, html_path=args.html, sarif_path=args.sarif, baseline_path=args.baseline
    )
    if args.compare:
        options.previous, options.previous_label = load_previous(args.compare), str(args.compare)
    if args.max_increase:
        if not args.compare:
            raise ConfigError("--max-increase", args.max_increase, "needs --compare PREVIOUS.json")
        options.max_increase = parse_increases(args.max_increase, name_resolver(names), "--max-increase")
    if args.baseline:
        options.baseline = Baseline.load(args.baseline)
    return options
if __name__ == "__main__":
    sys.exit(main())
