"""A datatrove pipeline over ``tests/corpus/`` with NewsQAFilter, for test_datatrove.py.

Run as ``python datatrove_run.py CORPUS OUT OPTIONS_JSON TASKS WORKERS ACTION``: reads every
JSONL file with datatrove's JsonlReader (body in ``body``), filters with NewsQAFilter (one
JSON report per task in OUT/reports), writes the documents kept to OUT/kept, logs and
stats to OUT/logs, on datatrove's LocalPipelineExecutor.
"""

from __future__ import annotations

import json
import sys

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

from pytest_newsqa.datatrove import NewsQAFilter


def main() -> None:
    corpus, out, options = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    tasks, workers, action = int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
    executor = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(corpus, text_key="body", glob_pattern="*.jsonl"),
            NewsQAFilter(options, action=action, report_folder=f"{out}/reports"),
            JsonlWriter(f"{out}/kept", compression=None),
        ],
        tasks=tasks,
        workers=workers,
        logging_dir=f"{out}/logs",
    )
    executor.run()


if __name__ == "__main__":
    main()
