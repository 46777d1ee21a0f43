"""Command line: ``python -m pytest_newsqa merge a.json b.json ... -o merged.json``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pytest_newsqa.merge import MergeError, load_report, merge_reports
from pytest_newsqa.report import write_report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pytest_newsqa", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    merge = commands.add_parser("merge", help="Merge --newsqa-report files of shards into one report and gate.")
    merge.add_argument("reports", nargs="+", type=Path, help="shard reports (--newsqa-report)")
    merge.add_argument("-o", "--output", type=Path, help="write the merged report here (atomically)")
    merge.add_argument("--format", choices=("text", "github"), default="text", help="'github' adds annotations")
    args = parser.parse_args(argv)
    try:
        aggregate = merge_reports(load_report(path) for path in args.reports)
    except MergeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.output:
        write_report(args.output, aggregate.to_json())
    for line in aggregate.summary_lines():
        print(line)
    for finding in aggregate.cross_file_findings():
        print(finding.format())
    if args.format == "github":
        for line in aggregate.github_annotations():
            print(line)
    passed = aggregate.summary()["passed"]
    print("newsqa gate: passed" if passed else "newsqa gate: FAILED")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
