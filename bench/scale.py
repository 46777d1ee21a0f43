"""A million files in flat memory: batch mode with ``-n 2``, then 10 shards and ``merge``.

    python bench/scale.py --files 1000000 --dir /tmp/newsqa-1m

generates the corpus into ``DIR/data`` when it is not there yet (``bench/generate.py
--pool``: small files, a few minutes for a million), then runs, one after another:

1. ``pytest --newsqa --newsqa-batch B -n 2 --newsqa-report whole.json`` over all of it;
2. the same with ``--newsqa-shard K/10`` for K = 1..10, each writing ``shardK.json``;
3. ``python -m pytest_newsqa merge shard*.json -o merged.json``;

and says, for each step, the wall time, the CPU time of all its processes, and the peak
RSS of every process it started (controller and each xdist worker, read from
``/proc/PID/status`` ``VmHWM`` every half second, the kernel's own high-water mark), and
whether ``merged.json`` is byte for byte ``whole.json``. Reports stay in DIR; nothing is
written to the repository.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))

from bench.generate import generate  # noqa: E402


def _children(pid: int) -> list[int]:
    """Every descendant of ``pid`` (Linux ``/proc``)."""
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{parent}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{parent}/task/{task}/children") as handle:
                    kids = [int(k) for k in handle.read().split()]
            except OSError:
                continue
            found += kids
            todo += kids
    return found


def _status(pid: int) -> tuple[str, int] | None:
    """(command line, VmHWM in KiB) of a live process."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            command = handle.read().replace(b"\0", b" ").decode(errors="replace").strip()
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return command, int(line.split()[1])
    except OSError:
        return None
    return None


def run(command: list[str], cwd: Path, log: Path) -> dict[str, object]:
    """Run ``command``; its wall time, CPU time (all processes) and peak RSS per process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with open(log, "w") as out:
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        peaks: dict[int, tuple[str, int]] = {}
        while process.poll() is None:
            for pid in [process.pid, *_children(process.pid)]:
                seen = _status(pid)
                if seen is not None and seen[1] >= peaks.get(pid, ("", 0))[1]:
                    peaks[pid] = seen
            time.sleep(0.5)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    processes = [
        {"pid": pid, "role": "main" if pid == process.pid else "worker", "peak_mb": round(kib / 1024, 1)}
        for pid, (_command, kib) in sorted(peaks.items())
    ]
    return {
        "exit": process.returncode,
        "wall_s": round(wall, 1),
        "cpu_s": round(cpu, 1),
        # The kernel's peak of the largest child waited for: a check on the sampling above.
        "max_child_rss_mb": round(after.ru_maxrss / 1024, 1),
        "processes": processes,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, required=True, help="work folder (outside the repository)")
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--shards", type=int, default=10)
    parser.add_argument("--size", type=int, default=1500, help="body bytes per generated file")
    parser.add_argument("--skip-whole", action="store_true", help="reuse whole.json from an earlier run")
    parser.add_argument(
        "--repo", type=Path, default=BENCH.parent, help="the checkout whose plugin runs (e.g. main, for a before row)"
    )
    parser.add_argument("--python", default=sys.executable, help="the interpreter of that checkout's venv")
    args = parser.parse_args()
    work = args.dir.resolve()
    data = work / "data"
    os.environ["PYTHONPATH"] = os.pathsep.join([str(args.repo.resolve()), os.environ.get("PYTHONPATH", "")])
    print(
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.1f} at start",
        flush=True,
    )
    if not data.exists():
        start = time.perf_counter()
        generate(data, args.files, size=args.size, pool=True)
        print(f"generated {args.files} files in {time.perf_counter() - start:.0f} s", flush=True)
    pytest = [args.python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:hypothesispytest"]
    pytest += ["--rootdir", str(work), "data", "--newsqa", f"--newsqa-batch={args.batch}", "-n", "2"]
    steps: dict[str, dict[str, object]] = {}

    def step(name: str, command: list[str]) -> None:
        steps[name] = run(command, work, work / f"{name}.log")
        print(json.dumps({name: steps[name]}), f"load average {os.getloadavg()[0]:.1f}", flush=True)

    if not args.skip_whole:
        step("whole", [*pytest, "--newsqa-report", "whole.json"])
    if not args.shards:
        return
    for k in range(1, args.shards + 1):
        step(f"shard{k}", [*pytest, f"--newsqa-shard={k}/{args.shards}", "--newsqa-report", f"shard{k}.json"])
    shards = [f"shard{k}.json" for k in range(1, args.shards + 1)]
    step("merge", [args.python, "-m", "pytest_newsqa", "merge", *shards, "-o", "merged.json"])
    same = filecmp.cmp(work / "whole.json", work / "merged.json", shallow=False)
    peak = max(p["peak_mb"] for s in steps.values() for p in s["processes"])  # type: ignore[attr-defined]
    print(f"merged.json identical to whole.json: {same}; peak RSS of any process: {peak} MB", flush=True)
    (work / "scale.json").write_text(json.dumps({"steps": steps, "identical": same, "peak_mb": peak}, indent=1))


if __name__ == "__main__":
    main()
