"""``python -m pytest_newsqa merge``: join shard reports into the report of one whole run.

Duplicate articles are decided again from every shard's fingerprints (a story in shard 1
and shard 3 is only visible here), statuses and the rate gate are settled the same way
the pytest controller settles them, so a merged report equals a serial run's report.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest_newsqa.spool as spool
from pytest_newsqa.aggregate import Aggregate, duplicate_findings
from pytest_newsqa.codes import DUPLICATE_ARTICLE
from pytest_newsqa.index import within_file
from pytest_newsqa.model import FAILED, NOT_RUN, PASSED, SEVERITIES, FileResult, Finding, escape_text
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
    problem = report_shape_problem(document)
    if problem:
        raise MergeError(f"{path}: not a valid pytest-newsqa report: {problem}")
    return document


def _is_str(value: object) -> bool:
    return isinstance(value, str)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _list_of(value: object, check: Callable[[Any], bool]) -> bool:
    return isinstance(value, list) and all(check(item) for item in value)


def _mapping_of(value: object, check: Callable[[Any], bool]) -> bool:
    return isinstance(value, dict) and all(_is_str(k) and check(v) for k, v in value.items())


def _fingerprint(value: object) -> bool:
    return isinstance(value, list) and len(value) == 3 and _is_str(value[0]) and _is_int(value[1]) and _is_int(value[2])


_FILE_FIELDS: dict[str, Callable[[Any], bool]] = {
    "path": _is_str,
    "status": lambda v: v in (PASSED, FAILED, NOT_RUN),
    "articles": _is_int,
    "encoding": _is_str,
    "fingerprints": lambda v: _list_of(v, _fingerprint),
}
_FINDING_FIELDS: dict[str, Callable[[Any], bool]] = {
    "path": _is_str,
    "code": _is_str,
    "rule": _is_str,
    "severity": lambda v: v in SEVERITIES,
    "line": _is_int,
    "message": _is_str,
    "article": lambda v: v is None or _is_int(v),
    "headline": _is_str,
}
_CONFIG_FIELDS: dict[str, Callable[[Any], bool]] = {
    "enabled": lambda v: _list_of(v, _is_str),
    "names": lambda v: _mapping_of(v, _is_str),
    "severities": lambda v: _mapping_of(v, lambda s: s in SEVERITIES),
    "per_file_ignores": lambda v: _list_of(
        v, lambda e: isinstance(e, list) and len(e) == 2 and _is_str(e[0]) and _list_of(e[1], _is_str)
    ),
    "max_rate": lambda v: _mapping_of(v, _is_number),
}
_REQUIRED = {
    "files": ("path", "status"),
    "findings": tuple(_FINDING_FIELDS)[:6],
    "config": ("enabled", "names", "severities"),
}


def report_shape_problem(document: dict[str, Any]) -> str | None:
    """What is wrong with the shape of a report's JSON (merge reads these fields), or None."""
    for key in ("files", "findings"):
        if not isinstance(document.get(key), list):
            return f"{key!r} is not a list"
    config = document["config"]
    if not isinstance(config, dict):
        return "'config' is not an object"
    problem = _record_problem("config", config, _CONFIG_FIELDS, _REQUIRED["config"])
    if problem:
        return problem
    for key, fields in (("files", _FILE_FIELDS), ("findings", _FINDING_FIELDS)):
        for number, record in enumerate(document[key]):
            if not isinstance(record, dict):
                return f"{key}[{number}] is not an object"
            problem = _record_problem(f"{key}[{number}]", record, fields, _REQUIRED[key])
            if problem:
                return problem
    return None


def _record_problem(
    where: str, record: dict[str, Any], fields: dict[str, Callable[[Any], bool]], required: tuple[str, ...]
) -> str | None:
    for name in required:
        if name not in record:
            return f"{where} has no {name!r}"
    for name, check in fields.items():
        if name in record and not check(record[name]):
            return f"{where}[{name!r}] has the wrong type or value: {record[name]!r:.60}"
    return None


def merge_reports(documents: Iterable[dict[str, Any]], catalogue: dict[str, Any] | None = None) -> Aggregate:
    """The aggregate of one whole run from its shard reports, read one at a time.

    Each report's records go to a spool (see :mod:`~pytest_newsqa.spool`) and the report is
    dropped before the next is read, so merging many big shards needs the memory of one.
    ``catalogue``, when given, receives the first report's rule catalogue.
    """
    aggregate: Aggregate | None = None
    first: dict[str, Any] = {}
    shards: list[Any] = []
    seen: dict[str, int] = {}
    overlap = ""
    try:
        for number, document in enumerate(documents, start=1):
            if aggregate is None:
                first = {key: document.get(key) for key in ("config", "run", "catalogue")}
                if catalogue is not None and document.get("catalogue") is not None:
                    catalogue.update(document["catalogue"])
                selector = Selector.from_json(document["config"])
                aggregate = Aggregate(selector, spool.store_for(True))
                aggregate.run = {"shard": None, "settings": _same_settings([document])}
            _same_run(first, document)
            shards.append((document.get("run") or {}).get("shard"))
            overlap = overlap or _add_document(aggregate, document, number, seen)
    except BaseException:
        if aggregate is not None:
            aggregate.close()
        raise
    if aggregate is None:
        raise MergeError("no reports to merge")
    try:
        # Told after the shards' numbers are (a shard given twice overlaps, too).
        _check_shards([{"run": {"shard": shard}} for shard in shards])
        if overlap:
            raise MergeError(overlap)
    except MergeError:
        aggregate.close()
        raise
    aggregate.finish()
    return aggregate


def _same_run(first: dict[str, Any], document: dict[str, Any]) -> None:
    """The same rule settings and run settings as the first report (shards of one run)."""
    if json.dumps(document["config"], sort_keys=True) != json.dumps(first["config"], sort_keys=True):
        raise MergeError("the reports were made with different rule settings; merge only shards of one run")
    _same_settings([{"run": first["run"]}, document])


def _add_document(aggregate: Aggregate, document: dict[str, Any], number: int, seen: dict[str, int]) -> str:
    """Add a report's records; what overlaps an earlier report (or "")."""
    findings: dict[str, list[Finding]] = {}
    for data in document["findings"]:
        if data["code"] != DUPLICATE_ARTICLE:  # decided again below, across all shards
            findings.setdefault(data["path"], []).append(Finding.from_json(data))
    selector = aggregate.selector
    for file in document["files"]:
        if seen.setdefault(file["path"], number) != number:
            return (
                f"reports {seen[file['path']]} and {number} both hold {escape_text(file['path'])}:"
                " they overlap; merge each shard of one run once"
            )
        result = FileResult.from_json(file, findings.get(file["path"], []))
        # Duplicates are decided again below, so is whether a baseline accepts them.
        result.baselined = [entry for entry in result.baselined if entry[0] != DUPLICATE_ARTICLE]
        _add_within_file_duplicates(result, selector)
        _settle_status(result, selector)
        aggregate.add(result)
    return ""


def _same_settings(documents: list[dict[str, Any]]) -> Any:
    """The settings all reports were made with (null in reports older than this check)."""
    found = {json.dumps((d.get("run") or {}).get("settings"), sort_keys=True) for d in documents}
    if len(found) > 1:
        raise MergeError(
            "the reports were made with different settings (markers, extensions, min-body, max-bytes …);"
            " merge only shards of one run"
        )
    return (documents[0].get("run") or {}).get("settings")


def _check_shards(documents: list[dict[str, Any]]) -> None:
    """Shards K/N of one N, each once, none missing; or one report of a whole run."""
    shards = [(d.get("run") or {}).get("shard") for d in documents]
    if all(shard is None for shard in shards):
        return
    if any(not (isinstance(s, list) and len(s) == 2 and all(isinstance(x, int) for x in s)) for s in shards):
        raise MergeError("some reports are shards (--newsqa-shard) and some are not; merge the shards of one run")
    pairs: list[tuple[int, int]] = [(s[0], s[1]) for s in shards if s is not None]
    counts = {n for _, n in pairs}
    if len(counts) > 1:
        raise MergeError(f"the reports are shards of different splits ({', '.join(f'N={n}' for n in sorted(counts))})")
    total = counts.pop()
    numbers = [k for k, _ in pairs]
    twice = sorted({k for k in numbers if numbers.count(k) > 1})
    if twice:
        raise MergeError(f"shard {', '.join(f'{k}/{total}' for k in twice)} given more than once")
    missing = sorted(set(range(1, total + 1)) - set(numbers))
    if missing:
        raise MergeError(
            f"shard {', '.join(f'{k}/{total}' for k in missing)} missing: the merged run would skip its files"
        )


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
