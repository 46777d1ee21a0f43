"""Command line: ``python -m pytest_newsqa merge a.json b.json ... -o merged.json``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pytest_newsqa import review
from pytest_newsqa.compare import CompareError, load_previous, name_resolver, parse_increases
from pytest_newsqa.merge import MergeError, load_report, merge_reports
from pytest_newsqa.outputs import sarif
from pytest_newsqa.report import write_report
from pytest_newsqa.settings import ConfigError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pytest_newsqa", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    merge = commands.add_parser("merge", help="Merge --newsqa-report files of shards into one report and gate.")
    merge.add_argument("reports", nargs="+", type=Path, help="shard reports (--newsqa-report)")
    merge.add_argument("-o", "--output", type=Path, help="write the merged report here (atomically)")
    merge.add_argument(
        "--format",
        choices=("text", "github", "sarif"),
        default="text",
        help="'github' adds annotations; 'sarif' prints the SARIF log instead of the summary",
    )
    merge.add_argument("--compare", type=Path, metavar="PREVIOUS", help="compare rule rates with a previous report")
    merge.add_argument(
        "--max-increase", metavar="RATES", help="rule:percent pairs: the largest rise allowed per source"
    )
    merge.add_argument("--html", type=Path, metavar="PATH", help="write the HTML report here (atomically)")
    merge.add_argument("--sarif", type=Path, metavar="PATH", help="write a SARIF 2.1.0 log here (atomically)")
    args = parser.parse_args(argv)
    try:
        documents = [load_report(path) for path in args.reports]
        aggregate = merge_reports(documents)
        document = aggregate.to_json()
        options = review.ReviewOptions(html_path=args.html, sarif_path=args.sarif)
        if args.compare:
            options.previous, options.previous_label = load_previous(args.compare), str(args.compare)
        if args.max_increase:
            if not args.compare:
                raise ConfigError("--max-increase", args.max_increase, "needs --compare PREVIOUS.json")
            options.max_increase = parse_increases(args.max_increase, name_resolver(document["config"]["names"]))
        review.complete(document, options, documents[0].get("catalogue"))
    except (MergeError, CompareError, ConfigError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.output:
        write_report(args.output, document)
    written = review.write_outputs(document, options)
    if args.format == "sarif":
        print(json.dumps(sarif.sarif_log(document), ensure_ascii=False, indent=1))
    else:
        _print_text(aggregate, document, args.format == "github")
        for line in written:
            print(line)
    passed = document["summary"]["passed"]
    print(
        "newsqa gate: passed" if passed else "newsqa gate: FAILED", file=sys.stderr if args.format == "sarif" else None
    )
    return 0 if passed else 1


def _print_text(aggregate, document, github: bool) -> None:
    for line in aggregate.summary_lines():
        print(line)
    for line, _red in review.lines(document):
        print(line)
    for finding in aggregate.cross_file_findings():
        print(finding.format())
    if github:
        for line in aggregate.github_annotations():
            print(line)


if __name__ == "__main__":
    sys.exit(main())
