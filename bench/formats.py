"""Every speed target of issue #14, side by side in one run.

    python bench/formats.py --files 20000

1. The engine (read, decode, parse, rules; one process, no pytest) per file, in CPU time: each
   format of a generated corpus of small files (1-2 KB, the mixed corpus of the issue) and all
   of them together (target: 150 µs a file at most), and the real saved pages of
   ``../shared/corpora/newspaper3k/html/`` and ``../shared/corpora/trafilatura-eval-part/pages/``
   (target: 2.5 ms a page at most; skipped when absent; ``NEWSQA_SHARED=/path/to/shared`` names
   the folder when the checkout has no ``../shared``, as in a git worktree). ``--bs4`` adds rows with BeautifulSoup
   alone.
2. pytest on the same small files, each mode a process of its own (wall time, and the CPU time
   of the process and its children): a plain loop of read, decode, split and a few regex checks
   (no pytest, no engine), an empty one-item-per-file plugin, the plugin per file, and batch
   mode in one and two processes. Targets: batch mode within 2x the plain loop, ``-n 2`` 1.8x
   faster than one process (the issue measures it at 100,000 files), per-file mode within 1.2x
   the empty plugin. ``--no-modes`` skips this part.

Each row is the median of ``--repeat`` rounds, the modes taking turns. Numbers are measured,
never asserted (machines are shared and noisy): CPU time is what to compare on a busy machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))

from bench.generate import DEFECTS, article, damage, render  # noqa: E402
from pytest_newsqa.readers import html as html_reader  # noqa: E402
from pytest_newsqa.standalone import make_engine  # noqa: E402

SHARED = Path(os.environ.get("NEWSQA_SHARED") or BENCH.parent.parent / "shared") / "corpora"
REAL = {
    "newspaper3k": SHARED / "newspaper3k" / "html",
    "trafilatura": SHARED / "trafilatura-eval-part" / "pages",
}
FORMATS = {".txt": "text", ".json": "JSON", ".jsonl": "JSONL", ".html": "HTML"}
SMALL = 150e-6
REAL_PAGE = 2.5e-3

# The plain loop: read, decode, split into paragraphs, a few regex checks per paragraph.
PLAIN_LOOP = r"""
import os, re, sys
checks = [re.compile(p) for p in (r"\bAdvertisement\b", r"Ã.|â€", r"<[a-zA-Z/][^>]*>", r"[^.!?\"')\]]$")]
found = 0
for folder, _, names in os.walk(sys.argv[1]):
    for name in names:
        with open(os.path.join(folder, name), "rb") as handle:
            text = handle.read().decode("utf-8", "replace")
        for paragraph in text.split("\n\n"):
            found += sum(1 for check in checks if check.search(paragraph))
print(found, file=sys.stderr)
"""
# Runs a command; prints its exit code and its CPU time (user + system of all its processes).
MEASURE = """
import resource, subprocess, sys
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(code, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)
"""


def generate_small(directory: Path, count: int, defect_rate: float = 0.03, seed: int = 7) -> None:
    """``count`` files of 1-2 KB in the four formats (as bench/generate.py writes 5 KB ones)."""
    rng = random.Random(seed)
    suffixes = [".txt"] * 5 + [".html"] * 2 + [".json"] * 1 + [".jsonl"] * 2
    shared: list[str] = []
    for number in range(count):
        headline, paragraphs = article(rng, rng.randint(1000, 2000))
        if rng.random() < defect_rate and shared:
            paragraphs = damage(rng.choice(DEFECTS), headline, paragraphs, shared)
        if number == 0:
            shared = paragraphs
        sub = directory / f"{number // 1000:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        suffix = suffixes[number % len(suffixes)]
        (sub / f"article_{number:06d}{suffix}").write_text(render(suffix, headline, paragraphs), encoding="utf-8")


def per_file(paths: list[Path], repeat: int, parser: str = "lxml") -> list[float]:
    """CPU seconds per file of each round, checking every path once per round."""
    html_reader.PARSER = parser
    engine = make_engine()
    for path in paths[:20]:  # warm-up: imports, caches
        engine.check(path)
    rounds = []
    for _ in range(repeat):
        start = time.process_time()
        for path in paths:
            engine.check(path)
        rounds.append((time.process_time() - start) / len(paths))
    html_reader.PARSER = "lxml"
    return rounds


def row(name: str, paths: list[Path], measure: Callable[[], list[float]]) -> float:
    rounds = measure()
    size = sum(p.stat().st_size for p in paths) / len(paths) / 1024
    low, high = min(rounds), max(rounds)
    median = statistics.median(rounds)
    print(f"{name:<44} {len(paths):>6} {size:>8.1f} {median * 1e6:>10.0f} {low * 1e6:>7.0f}-{high * 1e6:<7.0f}")
    return median


def engine_rows(files: list[Path], args: argparse.Namespace) -> dict[str, float]:
    print(f"{'engine, CPU time per file':<44} {'files':>6} {'KB/file':>8} {'µs/file':>10} {'min-max':>15}")
    results: dict[str, float] = {}
    for suffix, name in FORMATS.items():
        paths = [p for p in files if p.suffix == suffix]
        if paths:
            row(f"generated {name}", paths, lambda paths=paths: per_file(paths, args.repeat))
    results["small"] = row("generated, all formats (target <= 150)", files, lambda: per_file(files, args.repeat))
    present = {name: sorted(folder.glob("*.htm*")) for name, folder in REAL.items() if folder.is_dir()}
    pages = [page for found in present.values() for page in found]
    if not pages:
        print(f"real saved pages: skipped ({', '.join(map(str, REAL.values()))} absent)")
        return results
    for name, found in present.items():
        row(f"real saved pages, {name}", found, lambda found=found: per_file(found, args.repeat))
        if args.bs4:
            row(f"real saved pages, {name}, BeautifulSoup only", found, lambda found=found: per_file(found, 1, "bs4"))
    results["real"] = row("real saved pages, all (target <= 2,500)", pages, lambda: per_file(pages, args.repeat))
    return results


def measure(command: list[str], cwd: Path) -> tuple[float, float, int]:
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", MEASURE, *command], cwd=cwd, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    code, cpu, _ = out.stdout.split()
    return wall, float(cpu), int(code)


def mode_rows(work: Path, count: int, args: argparse.Namespace) -> dict[str, tuple[float, float]]:
    pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:hypothesispytest"]
    pytest += ["--rootdir", str(work), "data"]
    batch = f"--newsqa-batch={args.batch}"
    modes = {
        "plain loop (read, decode, split, regex)": [sys.executable, "-c", PLAIN_LOOP, "data"],
        "empty one-item-per-file plugin": [*pytest, "-p", "bench.empty_plugin", "--empty-news"],
        "newsqa per-file mode": [*pytest, "--newsqa"],
        f"newsqa batch mode ({args.batch}), 1 process": [*pytest, "--newsqa", batch],
        f"newsqa batch mode ({args.batch}), -n 2": [*pytest, "--newsqa", batch, "-n", "2"],
    }
    os.environ["PYTHONPATH"] = os.pathsep.join([str(BENCH.parent), os.environ.get("PYTHONPATH", "")])
    runs: dict[str, list[tuple[float, float, int]]] = {name: [] for name in modes}
    for _ in range(args.repeat):  # shared machines drift: modes take turns in every round
        for name, command in modes.items():
            runs[name].append(measure(command, work))
    print(f"\n{'pytest, ' + str(count) + ' files':<44} {'wall s':>8} {'CPU s':>8} {'µs/file':>9} {'exit':>5}")
    results: dict[str, tuple[float, float]] = {}
    for name in modes:
        wall = statistics.median(w for w, _, _ in runs[name])
        cpu = statistics.median(c for _, c, _ in runs[name])
        results[name] = (wall, cpu)
        print(f"{name:<44} {wall:>8.2f} {cpu:>8.2f} {cpu / count * 1e6:>9.0f} {runs[name][-1][2]:>5}")
    return results


def targets(engine: dict[str, float], modes: dict[str, tuple[float, float]], batch: int) -> None:
    print("\ntarget                                         measured   wanted")
    if "small" in engine:
        print(f"{'engine, small files (µs/file, CPU)':<44} {engine['small'] * 1e6:>10.0f}   <= {SMALL * 1e6:.0f}")
    if "real" in engine:
        print(f"{'engine, real pages (µs/page, CPU)':<44} {engine['real'] * 1e6:>10.0f}   <= {REAL_PAGE * 1e6:,.0f}")
    if not modes:
        return
    plain = modes["plain loop (read, decode, split, regex)"]
    one, two = modes[f"newsqa batch mode ({batch}), 1 process"], modes[f"newsqa batch mode ({batch}), -n 2"]
    per_file_mode, empty = modes["newsqa per-file mode"], modes["empty one-item-per-file plugin"]
    print(f"{'batch mode / plain loop (CPU; wall)':<44} {one[1] / plain[1]:>10.2f}   <= 2   ({one[0] / plain[0]:.2f})")
    print(f"{'-n 2 speed-up over 1 process (wall)':<44} {one[0] / two[0]:>10.2f}   >= 1.8")
    print(
        f"{'per-file mode / empty plugin (CPU; wall)':<44} {per_file_mode[1] / empty[1]:>10.2f}   <= 1.2 "
        f"({per_file_mode[0] / empty[0]:.2f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=2000, help="generated small files (all four formats)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds; each row is the median")
    parser.add_argument("--batch", type=int, default=500, help="files per item in batch mode")
    parser.add_argument("--real", type=Path, help="one folder of real saved pages instead of the shared ones")
    parser.add_argument("--bs4", action="store_true", help="add rows for the real pages with BeautifulSoup alone")
    parser.add_argument("--no-modes", action="store_true", help="skip the pytest runs")
    args = parser.parse_args()
    if args.real is not None:
        REAL.clear()
        REAL[args.real.name] = args.real
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, load {os.getloadavg()}")
    work = Path(tempfile.mkdtemp(prefix="newsqa-formats-"))
    try:
        generate_small(work / "data", args.files)
        files = sorted(p for p in (work / "data").rglob("*") if p.is_file())
        engine = engine_rows(files, args)
        modes = {} if args.no_modes else mode_rows(work, len(files), args)
    finally:
        shutil.rmtree(work)
    targets(engine, modes, args.batch)


if __name__ == "__main__":
    main()
