"""``python -m pytest_newsqa merge``: join shard reports into the report of one whole run.

Duplicate articles are decided again from every shard's fingerprints (a story in shard 1
and shard 3 is only visible here), statuses and the rate gate are settled the same way
the pytest controller settles them, so a merged report equals a serial run's report.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pytest_newsqa.aggregate import Aggregate, duplicate_findings
from pytest_newsqa.codes import DUPLICATE_ARTICLE
from pytest_newsqa.index import within_file
from pytest_newsqa.model import FAILED, NOT_RUN, PASSED, FileResult, Finding
from pytest_newsqa.outputs.json_report import REPORT_VERSION
from pytest_newsqa.selection import Selector


class MergeError(ValueError):
    """Reports that cannot be merged (unreadable, another version, other settings)."""


def load_report(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise MergeError(f"{path}: not a readable JSON report ({exc})") from None
    if not isinstance(document, dict) or document.get("version") != REPORT_VERSION or "config" not in document:
        raise MergeError(f"{path}: not a pytest-newsqa version {REPORT_VERSION} report")
    return document


def merge_reports(documents: Iterable[dict[str, Any]]) -> Aggregate:
    documents = list(documents)
    if not documents:
        raise MergeError("no reports to merge")
    configs = {json.dumps(d["config"], sort_keys=True) for d in documents}
    if len(configs) > 1:
        raise MergeError("the reports were made with different rule settings; merge only shards of one run")
    selector = Selector.from_json(documents[0]["config"])
    aggregate = Aggregate(selector)
    for document in documents:
        findings: dict[str, list[Finding]] = {}
        for data in document["findings"]:
            if data["code"] != DUPLICATE_ARTICLE:  # decided again below, across all shards
                findings.setdefault(data["path"], []).append(Finding.from_json(data))
        for file in document["files"]:
            result = FileResult.from_json(file, findings.get(file["path"], []))
            # Duplicates are decided again below, so is whether a baseline accepts them.
            result.baselined = [entry for entry in result.baselined if entry[0] != DUPLICATE_ARTICLE]
            _add_within_file_duplicates(result, selector)
            _settle_status(result, selector)
            aggregate.add(result)
    aggregate.finish()
    return aggregate


def _add_within_file_duplicates(result: FileResult, selector: Selector) -> None:
    if not selector.applies(DUPLICATE_ARTICLE, result.path):
        return
    result.findings.extend(duplicate_findings(selector, result.path, within_file(result.fingerprints)))
    result.findings.sort(key=Finding.sort_key)


def _settle_status(result: FileResult, selector: Selector) -> None:
    if result.status == NOT_RUN:
        return
    fails = any(selector.fails_file(f.code, f.severity) for f in result.findings)
    result.status = FAILED if fails else PASSED
