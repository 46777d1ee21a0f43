"""SARIF 2.1.0: findings as GitHub code scanning and other CI viewers show them on the files.

Built from the JSON report document, so a pytest run and ``merge`` write the same log.
Rule metadata (name, summary, help text from the rule's docstring) comes from the
report's ``catalogue``; a rule the catalogue does not know (a report from an older run)
gets its name from ``config.names``.
"""

from __future__ import annotations

import json
from typing import Any, TextIO
from urllib.parse import quote

from pytest_newsqa.aggregate import Aggregate
from pytest_newsqa.outputs.base import OutputFormat, Terminal
from pytest_newsqa.outputs.json_report import lazy_report as report_document
from pytest_newsqa.outputs.text import show as show_text

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
MAX_RESULTS = 25_000
"""GitHub code scanning ignores results past 25,000 per run; the rest are counted in the run's properties."""
FINGERPRINT = "newsqaDigest/v1"


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("pytest-newsqa")
    except Exception:  # not installed (run from a checkout): the log is still valid
        return "0"


def _rule(code: str, document: dict[str, Any]) -> dict[str, Any]:
    entry = document.get("catalogue", {}).get(code, {})
    name = entry.get("name") or document.get("config", {}).get("names", {}).get(code, code)
    summary = entry.get("summary") or name
    doc = entry.get("doc") or summary
    severity = document.get("config", {}).get("severities", {}).get(code) or entry.get("severity") or "error"
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": doc.split("\n\n", 1)[0].replace("\n", " ")},
        "help": {"text": doc, "markdown": f"**{code} {name}**: {summary}\n\n{doc}"},
        "defaultConfiguration": {"level": "warning" if severity == "warning" else "error"},
        "properties": {"tags": ["news-scrape-quality"]},
    }


def _uri(path: str) -> str:
    """A relative URI reference: each path segment percent-encoded (spaces, ``#``, ``%``)."""
    return "/".join(quote(part, safe="") for part in path.split("/"))


def _result(finding: dict[str, Any], index: int) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": {"uri": _uri(finding["path"]), "uriBaseId": "%SRCROOT%"}}
    if finding.get("line", 0) >= 1:
        location["region"] = {"startLine": finding["line"]}
    result: dict[str, Any] = {
        "ruleId": finding["code"],
        "ruleIndex": index,
        "level": "warning" if finding["severity"] == "warning" else "error",
        "message": {"text": f"{finding['code']} {finding['rule']}: {finding['message']}"},
        "locations": [{"physicalLocation": location}],
    }
    if finding.get("digest"):
        # Line-independent identity: a viewer tracks the finding across edits above it.
        result["partialFingerprints"] = {FINGERPRINT: f"{finding['code']}:{finding['digest']}"}
    return result


def sarif_log(document: dict[str, Any], max_results: int = MAX_RESULTS) -> dict[str, Any]:
    """The log of a report document; its findings are read once, keeping the first ``max_results``."""
    shown: list[dict[str, Any]] = []
    found: set[str] = set()
    total = 0
    for finding in document["findings"]:
        total += 1
        found.add(finding["code"])
        if len(shown) < max_results:
            shown.append(finding)
    codes = sorted(found | set(document.get("config", {}).get("enabled", [])))
    index = {code: i for i, code in enumerate(codes)}
    results = [_result(f, index[f["code"]]) for f in shown]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "pytest-newsqa",
                "version": _version(),
                "rules": [_rule(code, document) for code in codes],
            }
        },
        "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "the directory pytest was started in"}}},
        "results": results,
        "invocations": [{"executionSuccessful": True}],
        "properties": {
            "passed": bool(document.get("summary", {}).get("passed", False)),
            "files": len(document.get("files", [])),
            "findings": total,
            "findingsShown": len(results),
        },
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def write(document: dict[str, Any], handle: TextIO) -> None:
    json.dump(sarif_log(document), handle, ensure_ascii=False, indent=1)
    handle.write("\n")


def _document(aggregate: Aggregate, handle: TextIO) -> None:
    write(report_document(aggregate), handle)


def _show(aggregate: Aggregate, terminal: Terminal) -> None:
    """The text summary, then the SARIF log on one line (``--newsqa-sarif PATH`` writes it to a file)."""
    show_text(aggregate, terminal)
    terminal.line(json.dumps(sarif_log(report_document(aggregate)), ensure_ascii=False))


FORMAT = OutputFormat(
    "sarif",
    "the text summary, then the SARIF 2.1.0 log on one line; a report path ending .sarif gets the log",
    show=_show,
    document=_document,
    suffixes=(".sarif",),
)
