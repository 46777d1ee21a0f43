"""Benchmark: pytest-newsqa against the plain-loop floor and an empty one-item-per-file plugin.

    python bench/run.py --files 20000

prints one table: wall time (the median of ``--repeat`` rounds, modes taking turns), cost per
file and peak RSS of each mode, on one generated corpus. Numbers are measured, never
asserted (machines are shared and noisy).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))

from bench.generate import generate  # noqa: E402

FLOOR = """
import sys, time
from pathlib import Path
from pytest_newsqa.standalone import make_engine
engine = make_engine()
paths = sorted(p for p in Path(sys.argv[1]).rglob("*") if p.is_file())
failed = sum(engine.check(p).result.status == "failed" for p in paths)
print(f"{len(paths)} files, {failed} failed", file=sys.stderr)
"""
# Runs a command and reports the peak RSS of the largest process it started (KiB).
MEASURE = """
import resource, subprocess, sys
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def measure(command: list[str], cwd: Path) -> tuple[float, int, int]:
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", MEASURE, *command], cwd=cwd, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    code, rss = (int(x) for x in out.stdout.split())
    return wall, rss, code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--keep", type=Path, help="generate into (and keep) this folder")
    parser.add_argument("--skip", action="append", default=[], help="skip the mode with this exact name")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of all modes; each row is the median")
    parser.add_argument("--defect-rate", type=float, default=0.03, help="share of files with a planted defect")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="newsqa-bench-"))
    data = work / "data"
    if not data.exists():
        generate(data, args.files, defect_rate=args.defect_rate)
    size = sum(p.stat().st_size for p in data.rglob("*") if p.is_file())
    # The test extras install hypothesis, whose pytest plugin imports it in every process
    # (about 1.5 s each); a production gate does not have it, so no mode loads it here.
    pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:hypothesispytest"]
    pytest += ["--rootdir", str(work), "data"]
    modes = [
        ("floor: plain loop (read+decode+check)", [sys.executable, "-c", FLOOR, "data"]),
        ("empty one-item-per-file plugin", [*pytest, "-p", "bench.empty_plugin", "--empty-news"]),
        ("newsqa per-file mode", [*pytest, "--newsqa"]),
        (f"newsqa batch mode ({args.batch}), 1 process", [*pytest, "--newsqa", f"--newsqa-batch={args.batch}"]),
        (f"newsqa batch mode ({args.batch}), -n 2", [*pytest, "--newsqa", f"--newsqa-batch={args.batch}", "-n", "2"]),
    ]
    env_path = os.pathsep.join([str(BENCH.parent), os.environ.get("PYTHONPATH", "")])
    os.environ["PYTHONPATH"] = env_path
    print(
        f"{args.files} files, {size / args.files / 1024:.1f} KB each on average; "
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    modes = [(name, command) for name, command in modes if name not in args.skip]
    # Shared machines drift: modes take turns in every round, and each row is the median round.
    runs: dict[str, list[tuple[float, int, int]]] = {name: [] for name, _ in modes}
    for _ in range(args.repeat):
        for name, command in modes:
            runs[name].append(measure(command, work))
    print(f"{'mode':<42} {'wall s':>8} {'min-max s':>12} {'µs/file':>9} {'× floor':>8} {'peak RSS MB':>12} {'exit':>5}")
    floor = None
    for name, _ in modes:
        walls = sorted(wall for wall, _, _ in runs[name])
        wall = statistics.median(walls)
        rss = max(rss for _, rss, _ in runs[name])
        code = runs[name][-1][2]
        floor = floor or wall
        spread = f"{walls[0]:.1f}-{walls[-1]:.1f}"
        print(
            f"{name:<42} {wall:>8.2f} {spread:>12} {wall / args.files * 1e6:>9.0f} {wall / floor:>8.2f} "
            f"{rss / 1024:>12.0f} {code:>5}"
        )
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
