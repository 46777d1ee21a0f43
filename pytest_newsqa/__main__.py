"""Command line: ``python -m pytest_newsqa merge a.json b.json ... -o merged.json``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pytest_newsqa import outputs
from pytest_newsqa.aggregate import Aggregate
from pytest_newsqa.atomic import unwritable
from pytest_newsqa.merge import MergeError, load_report, merge_reports


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
        "--format", choices=outputs.printed_formats(), default=outputs.DEFAULT_FORMAT, help="'github' adds annotations"
    )
    args = parser.parse_args(argv)
    problem = unwritable(args.output) if args.output else None
    if problem:  # before any report is read
        print(f"error: -o {args.output}: {problem}", file=sys.stderr)
        return 2
    try:
        aggregate = merge_reports(load_report(path) for path in args.reports)
    except MergeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (KeyError, TypeError, ValueError, AttributeError) as exc:  # a shape the check above missed
        print(f"error: a report is not a valid pytest-newsqa report ({type(exc).__name__}: {exc})", file=sys.stderr)
        return 2
    write_error = None
    if args.output:
        try:
            outputs.write_report(args.output, aggregate)
        except OSError as exc:
            write_error = f"error: the merged report could not be written to {args.output}: {exc.strerror or exc}"
    outputs.show(args.format, aggregate, _Stdout())
    passed = aggregate.passed()
    print("newsqa gate: passed" if passed else f"newsqa gate: FAILED ({gate_reason(aggregate)})")
    if write_error:  # after the summary, so the log still says what was found
        print(write_error, file=sys.stderr)
        return 3
    return 0 if passed else 1


def gate_reason(aggregate: Aggregate) -> str:
    """Why the merged run fails: its failed files, and each rate over its limit."""
    reasons = []
    failed = aggregate.failed_files()
    if failed:
        reasons.append(f"{len(failed)} file{'s' * (len(failed) != 1)} failed")
    reasons += [f"over the rate limit: {failure}" for failure in aggregate.gate_failures()]
    return "; ".join(reasons)


if __name__ == "__main__":
    sys.exit(main())
