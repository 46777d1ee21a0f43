"""The controller's memory alone: N file results aggregated and reported, no checking.

    python bench/controller.py --files 1000000            # this checkout (spooled)
    PYTHONPATH=/path/to/old/checkout python bench/controller.py --files 100000

feeds N results shaped like batch mode's (one body fingerprint each, 3% with a finding, one
body shared by 0.5% of files) through the aggregate as the controller does (arrival, the
duplicate index, the review, the JSON report written to a temporary file) and prints the
peak RSS of the process and the time taken. Runs the checkout first on ``PYTHONPATH``.
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import os
import resource
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=100_000)
    args = parser.parse_args()
    from pytest_newsqa.aggregate import Aggregate
    from pytest_newsqa.model import FileResult, Finding
    from pytest_newsqa.outputs import write_report
    from pytest_newsqa.review import ReviewOptions, complete
    from pytest_newsqa.selection import Selector

    selector = Selector(
        {"NWS201", "NWS501"}, {"NWS201": "stray-marker", "NWS501": "duplicate-article"}, {"NWS201": "error"}
    )
    spooled = "files" in inspect.signature(Aggregate).parameters and hasattr(Aggregate, "census")
    if spooled:
        import pytest_newsqa.spool as spool

        aggregate = Aggregate(selector, spool.store_for(True))
    else:
        aggregate = Aggregate(selector)
    start = time.perf_counter()
    for n in range(args.files):
        path = f"data/{n // 1000:03d}/article_{n:07d}.txt"
        digest = "shared" if n % 200 == 7 else hashlib.blake2b(path.encode(), digest_size=12).hexdigest()
        findings = []
        if n % 33 == 0:
            findings = [Finding(path, "NWS201", "stray-marker", "error", 5, "page furniture 'Advertisement'", 0, "")]
        status = "failed" if findings else "passed"
        aggregate.add(FileResult(path, status, 1, "utf-8", findings, [(digest, 0, 1)]))
    complete(aggregate, ReviewOptions(roots=["data"]))
    with tempfile.TemporaryDirectory() as folder:
        write_report(os.path.join(folder, "r.json"), aggregate)
        size = os.path.getsize(os.path.join(folder, "r.json"))
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kind = "spooled" if spooled else "in memory"
    print(f"{args.files} files, {kind}: peak RSS {peak:.0f} MB, {wall:.0f} s, report {size / 1e6:.0f} MB")
    if spooled:
        aggregate.close()


if __name__ == "__main__":
    main()
