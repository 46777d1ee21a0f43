"""The JSON report: every file, every finding, the summary and the settings that made them.

``merge`` reads it back, so its shape is versioned (README "The JSON report").
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from pytest_newsqa.aggregate import Aggregate
from pytest_newsqa.outputs.base import OutputFormat

REPORT_VERSION = 1


def report(aggregate: Aggregate) -> dict[str, Any]:
    aggregate.finish()
    return {
        "version": REPORT_VERSION,
        "files": [r.to_json() for r in aggregate.sorted_files()],
        "findings": [f.to_json() for f in aggregate.findings()],
        "summary": aggregate.summary(),
        "config": aggregate.selector.to_json(),
        "run": aggregate.run or {"shard": None, "settings": None},
        **aggregate.sections,
    }


def write(aggregate: Aggregate, handle: TextIO) -> None:
    json.dump(report(aggregate), handle, ensure_ascii=False, indent=1)
    handle.write("\n")


FORMAT = OutputFormat("json", "the JSON report (--newsqa-report, merge -o)", document=write, suffixes=(".json",))
