"""Cost per file through the engine, by format, and on real saved pages.

    python bench/formats.py --files 2000

prints one row per format of a generated corpus (text, JSON, JSONL, HTML: what one file costs
the engine, read to findings, in one process), and rows for the real saved pages in
``../shared/corpora/newspaper3k/html/`` (skipped when absent) with the default parser (lxml,
falling back to BeautifulSoup where libxml2 and html.parser would build different trees) and with
BeautifulSoup alone. Each row is the median of ``--repeat`` rounds. Numbers are measured, never
asserted (machines are shared and noisy).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))

from bench.generate import generate  # noqa: E402
from pytest_newsqa.readers import html as html_reader  # noqa: E402
from pytest_newsqa.standalone import make_engine  # noqa: E402

REAL_PAGES = BENCH.parent.parent / "shared" / "corpora" / "newspaper3k" / "html"
FORMATS = {".txt": "text", ".json": "JSON", ".jsonl": "JSONL", ".html": "HTML"}


def per_file(paths: list[Path], repeat: int, parser: str = "lxml") -> list[float]:
    """Seconds per file of each round, checking every path once per round."""
    html_reader.PARSER = parser
    engine = make_engine()
    for path in paths[:20]:  # warm-up: imports, caches
        engine.check(path)
    rounds = []
    for _ in range(repeat):
        start = time.perf_counter()
        for path in paths:
            engine.check(path)
        rounds.append((time.perf_counter() - start) / len(paths))
    html_reader.PARSER = "lxml"
    return rounds


def row(name: str, paths: list[Path], measure: Callable[[], list[float]]) -> None:
    rounds = measure()
    size = sum(p.stat().st_size for p in paths) / len(paths) / 1024
    low, high = min(rounds), max(rounds)
    print(
        f"{name:<44} {len(paths):>6} {size:>8.1f} {statistics.median(rounds) * 1e6:>10.0f} "
        f"{low * 1e6:>7.0f}-{high * 1e6:<7.0f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=2000, help="generated files (all four formats)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds; each row is the median")
    parser.add_argument("--real", type=Path, default=REAL_PAGES, help="folder of real saved pages")
    args = parser.parse_args()
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"{'set':<44} {'files':>6} {'KB/file':>8} {'µs/file':>10} {'min-max':>15}")
    work = Path(tempfile.mkdtemp(prefix="newsqa-formats-"))
    try:
        generate(work / "data", args.files, defect_rate=0.03)
        files = sorted(p for p in (work / "data").rglob("*") if p.is_file())
        for suffix, name in FORMATS.items():
            paths = [p for p in files if p.suffix == suffix]
            if paths:
                row(f"generated {name}", paths, lambda paths=paths: per_file(paths, args.repeat))
    finally:
        shutil.rmtree(work)
    pages = sorted(args.real.glob("*.htm*")) if args.real.is_dir() else []
    if not pages:
        print(f"real saved pages: skipped ({args.real} is absent)")
        return
    row("real saved pages, lxml (default)", pages, lambda: per_file(pages, args.repeat))
    row("real saved pages, BeautifulSoup only", pages, lambda: per_file(pages, args.repeat, "bs4"))


if __name__ == "__main__":
    main()
