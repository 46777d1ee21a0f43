"""The HTML report: one self-contained page a CI artifact viewer opens.

Inline CSS, inline SVG charts and a few lines of inline script for the filters; nothing
is fetched (a Content-Security-Policy forbids it). From the top: the verdict and the
gates; a bar chart of rule rates (with the previous run's when comparing); the changes
since the previous run; a source × rule heat table; the worst files, each finding shown
on its line in context with the defect highlighted; then every finding up to a cap, the
rest counted per rule, so a million-file run stays a few megabytes.

Context comes from the checked files themselves, read (never written) when the page is
rendered, if they are still there; otherwise a finding shows its message only.
"""

from __future__ import annotations

import heapq
import os
import re
import stat
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any, TextIO

from pytest_newsqa.aggregate import Aggregate
from pytest_newsqa.outputs.base import OutputFormat
from pytest_newsqa.outputs.json_report import lazy_report as report_document

MAX_CONTEXT_BYTES = 4 * 1024 * 1024
CONTEXT = 2
"""Lines shown above and below a finding's line."""
MAX_LINE = 240
"""Characters of a long line shown around the defect (a JSONL record, a minified page)."""
_QUOTED = re.compile(r"""(?:'((?:[^'\\]|\\.){2,})'|"((?:[^"\\]|\\.){2,})")""")


@dataclass(frozen=True)
class Limits:
    worst_files: int = 50
    findings_per_file: int = 20
    findings: int = 5_000
    sources: int = 200


Reader = Callable[[str], "list[str] | None"]


def file_reader(base: Path) -> Reader:
    """Lines of a checked file (``path`` as in the report, relative to ``base``), or None.

    Only regular files are opened (a FIFO would block, a link could lead anywhere); at most 4 MiB is read; a file
    that is not UTF-8 is shown with replacement characters. Read-only, like the checks.
    """

    def read(path: str) -> list[str] | None:
        target = base / path
        try:
            # lstat: a symbolic link is never followed for context (it may lead out of the
            # checked tree, see newsqa_follow_symlinks); the check already showed its findings.
            if not stat.S_ISREG(os.lstat(target).st_mode):
                return None
            with open(target, "rb") as handle:
                data = handle.read(MAX_CONTEXT_BYTES)
        except (OSError, ValueError):
            return None
        text = data.decode("utf-8-sig", errors="replace")
        return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")

    return read


# -- pieces --------------------------------------------------------------------------------
def _pct(value: float) -> str:
    return f"{value:.2f}%"


def _verdict(document: dict[str, Any]) -> str:
    summary = document["summary"]
    comparison = document.get("comparison") or {}
    failures = list(summary["gate"]["failures"]) + list(comparison.get("failures", []))
    passed = summary["passed"] and not comparison.get("failures")
    statuses = summary.get("statuses", {})
    checked = sum(n for s, n in statuses.items() if s != "not run")
    parts = [
        f'<div class="verdict {"ok" if passed else "bad"}">{"PASSED" if passed else "FAILED"}</div>',
        '<div class="facts">',
        f"<b>{checked:,}</b> files checked · <b>{statuses.get('failed', 0):,}</b> failed · "
        f"<b>{summary['findings']:,}</b> findings",
    ]
    if statuses.get("not run"):
        parts.append(f" · {statuses['not run']:,} not run")
    baseline = document.get("baseline")
    if baseline:
        parts.append(
            f" · baseline {escape(baseline.get('file', ''))}: {baseline.get('accepted', 0):,} accepted, "
            f"{len(baseline.get('stale', [])):,} no longer occur"
        )
    parts.append("</div>")
    gates = summary.get("rules", {})
    limits = [f"{code} ≤ {stats['limit']:g}%" for code, stats in gates.items() if stats.get("limit") is not None]
    if limits or comparison.get("limits"):
        rises = [f"{code} +{limit:g} points" for code, limit in comparison.get("limits", {}).items()]
        parts.append(f'<div class="gate">gate: {escape(", ".join(limits + rises))}</div>')
    if failures:
        parts.append(
            '<ul class="failures">' + "".join(f"<li>GATE FAILED: {escape(f)}</li>" for f in failures) + "</ul>"
        )
    return "\n".join(parts)


def _chart(document: dict[str, Any]) -> str:
    """Horizontal bars, one per rule: the share of files now, and the previous run's when comparing."""
    rules = document["summary"].get("rules", {})
    previous = {r["code"]: r["then"] for r in (document.get("comparison") or {}).get("rules", [])}
    codes = sorted(set(rules) | set(previous))
    if not codes:
        return '<p class="none">No findings.</p>'
    names = document.get("config", {}).get("names", {})
    top = max([1.0] + [rules.get(c, {}).get("share", 0.0) for c in codes] + list(previous.values()))
    label_w, bar_w, row_h = 260, 420, 30 if previous else 22
    height = row_h * len(codes) + 24
    out = [
        f'<svg id="rule-chart" class="chart" role="img" aria-label="share of files per rule" '
        f'width="{label_w + bar_w + 80}" height="{height}" viewBox="0 0 {label_w + bar_w + 80} {height}">'
    ]
    for i, code in enumerate(codes):
        y = 8 + i * row_h
        now = rules.get(code, {}).get("share", 0.0)
        label = f"{code} {rules.get(code, {}).get('name') or names.get(code, '')}"
        out.append(f'<g class="bar" data-rules="{escape(code)}"><title>{escape(label)}: {_pct(now)}</title>')
        out.append(f'<text x="0" y="{y + 12}">{escape(label)}</text>')
        limit = rules.get(code, {}).get("limit")
        over = limit is not None and now > limit
        out.append(
            f'<rect class="{"over" if over else "now"}" x="{label_w}" y="{y}" '
            f'width="{max(1.0, bar_w * now / top):.1f}" height="12"/>'
        )
        out.append(f'<text x="{label_w + bar_w * now / top + 6:.1f}" y="{y + 11}">{_pct(now)}</text>')
        if code in previous:
            then = previous[code]
            out.append(
                f'<rect class="then" x="{label_w}" y="{y + 14}" width="{max(1.0, bar_w * then / top):.1f}" height="6">'
                f"<title>previous run: {_pct(then)}</title></rect>"
            )
        if limit is not None:
            x = label_w + bar_w * min(limit, top) / top
            out.append(f'<line class="limit" x1="{x:.1f}" x2="{x:.1f}" y1="{y - 2}" y2="{y + 16}"/>')
        out.append("</g>")
    out.append("</svg>")
    legend = '<p class="legend"><span class="k now"></span> this run'
    if previous:
        legend += ' <span class="k then"></span> previous run'
    if any(rules.get(code, {}).get("limit") is not None for code in codes):
        legend += ' <span class="k limit"></span> rate limit'
    legend += "</p>"
    return "\n".join(out) + legend


def _comparison(document: dict[str, Any], limit: int = 100) -> str:
    comparison = document.get("comparison")
    if not comparison:
        return ""
    then, now = comparison["failed_share"]["then"], comparison["failed_share"]["now"]
    out = [
        f"<h2>Since {escape(comparison['previous'])}</h2>",
        f"<p>failed files {_pct(then)} → {_pct(now)} ({now - then:+.2f} points)</p>",
    ]
    moved = sorted(
        (c for c in comparison["sources"] if abs(c["now"] - c["then"]) > 1e-9),
        key=lambda c: (-abs(c["now"] - c["then"]), c["source"]),
    )
    if moved:
        out.append(
            '<table class="changes"><tr><th>source</th><th>rule</th><th>then</th><th>now</th><th>change</th></tr>'
        )
        for c in moved[:limit]:
            delta = c["now"] - c["then"]
            out.append(
                f'<tr data-source="{escape(c["source"])}" data-rules="{escape(c["code"])}">'
                f"<td>{escape(c['source'])}</td><td>{escape(c['code'])} {escape(c['name'])}</td>"
                f"<td>{_pct(c['then'])}</td><td>{_pct(c['now'])}</td>"
                f'<td class="{"up" if delta > 0 else "down"}">{delta:+.2f}</td></tr>'
            )
        out.append("</table>")
        if len(moved) > limit:
            out.append(f"<p>… and {len(moved) - limit:,} more changes (all of them in the JSON report).</p>")
    for key, title in (("new_sources", "New sources"), ("vanished_sources", "Vanished sources")):
        if comparison.get(key):
            out.append(f"<p><b>{title}:</b> {escape(', '.join(comparison[key]))}</p>")
    return "\n".join(out)


def _heat(document: dict[str, Any], limits: Limits) -> str:
    sources = document.get("sources") or {}
    if not sources:
        return ""
    codes = sorted({code for s in sources.values() for code in s["rules"]})
    ranked = sorted(sources.items(), key=lambda item: (-item[1]["failed_share"], item[0]))
    top = max([1.0] + [r["share"] for s in sources.values() for r in s["rules"].values()])
    out = [
        "<h2>Sources × rules</h2>",
        '<p class="note">Share of each source\'s files with a finding of the rule.</p>',
        '<div class="scroll"><table id="heat" class="heat"><tr><th>source</th><th>files</th><th>failed</th>',
    ]
    out += [f'<th title="{escape(code)}">{escape(code)}</th>' for code in codes]
    out.append("</tr>")
    for name, stats in ranked[: limits.sources]:
        out.append(
            f'<tr data-source="{escape(name)}" data-rules="{escape(" ".join(stats["rules"]))}">'
            f"<th>{escape(name)}</th><td>{stats['checked']:,}</td><td>{_pct(stats['failed_share'])}</td>"
        )
        for code in codes:
            share = stats["rules"].get(code, {}).get("share", 0.0)
            alpha = 0.0 if not share else 0.12 + 0.88 * min(1.0, share / top)
            style = f' style="background:rgba(200,30,30,{alpha:.2f})"' if share else ""
            text = f"{share:.1f}" if share else ""
            out.append(f'<td class="cell"{style} title="{escape(name)} {escape(code)}: {_pct(share)}">{text}</td>')
        out.append("</tr>")
    out.append("</table></div>")
    if len(ranked) > limits.sources:
        rest = ranked[limits.sources :]
        out.append(
            f"<p>… and {len(rest):,} more sources ({sum(s['checked'] for _, s in rest):,} files, "
            f"{sum(s['failed'] for _, s in rest):,} failed).</p>"
        )
    return "\n".join(out)


def _quote_in(message: str) -> str:
    """The text a message quotes (rules quote the offending text, shortened with ``…``)."""
    found = _QUOTED.search(message)
    if not found:
        return ""
    return (found.group(1) or found.group(2) or "").replace("\\'", "'").replace('\\"', '"').strip()


def _marked(line: str, quote: str) -> str:
    """The line, escaped, with the quoted defect in ``<mark>``; a long line cut around it."""
    shortened = quote.endswith("…")  # the rule shortened its quote: the defect runs on to the line's end
    quote = quote.rstrip("…").strip()
    at = line.find(quote) if quote else -1
    start = 0
    if len(line) > MAX_LINE:
        start = max(0, (at if at >= 0 else 0) - MAX_LINE // 3)
    shown = line[start : start + MAX_LINE]
    prefix = "…" if start else ""
    suffix = "…" if start + MAX_LINE < len(line) else ""
    at = shown.find(quote) if quote else -1
    if at < 0:
        return prefix + escape(shown) + suffix
    end = len(shown) if shortened else at + len(quote)
    return prefix + escape(shown[:at]) + "<mark>" + escape(shown[at:end]) + "</mark>" + escape(shown[end:]) + suffix


def _finding_block(finding: dict[str, Any], lines: list[str] | None) -> str:
    head = (
        f'<div class="finding" data-rules="{escape(finding["code"])}">'
        f'<div class="msg"><span class="code {escape(finding["severity"])}">{escape(finding["code"])}</span> '
        f"{escape(finding['rule'])} · line {finding['line']}: {escape(finding['message'])}</div>"
    )
    line = finding["line"]
    if not lines or not 1 <= line <= len(lines):
        return head + "</div>"
    quote = _quote_in(finding["message"])
    rows = []
    for number in range(max(1, line - CONTEXT), min(len(lines), line + CONTEXT) + 1):
        text = lines[number - 1]
        body = (
            _marked(text, quote) if number == line else escape(text[:MAX_LINE]) + ("…" if len(text) > MAX_LINE else "")
        )
        rows.append(f'<tr class="{"hit" if number == line else ""}"><td class="ln">{number}</td><td>{body}</td></tr>')
    return head + '<table class="ctx">' + "".join(rows) + "</table></div>"


def _sources_of(document: dict[str, Any], paths: set[str]) -> dict[str, str]:
    """The source of each file the page shows (not of every file: a million-file run has many)."""
    return {f["path"]: f.get("source", "") for f in document["files"] if f["path"] in paths}


@dataclass
class _Shown:
    """A file the worst-files list may show: its first findings, how many it has, its codes."""

    key: tuple[int, int, int, str]
    path: str
    findings: list[dict[str, Any]]
    count: int
    codes: set[str]


def _by_file(document: dict[str, Any], limits: Limits) -> Iterator[_Shown]:
    """Each file with findings, from one pass over the findings (sorted by path, as a report's
    are) joined with the files for their status; only a file's first findings are kept."""
    statuses = ((f["path"], f["status"]) for f in document["files"])
    status_path, status = "", ""

    def shown(path: str, found: list[dict[str, Any]], count: int, codes: set[str]) -> _Shown:
        nonlocal status_path, status
        while status_path < path:
            status_path, status = next(statuses, ("\U0010ffff", ""))
        failed = status_path == path and status == "failed"
        return _Shown((-failed, -len(codes), -count, path), path, found, count, codes)

    path: str | None = None
    found: list[dict[str, Any]] = []
    count = 0
    codes: set[str] = set()
    for finding in document["findings"]:
        if finding["path"] != path:
            if path is not None:
                yield shown(path, found, count, codes)
            path, found, count, codes = finding["path"], [], 0, set()
        count += 1
        codes.add(finding["code"])
        if len(found) < limits.findings_per_file:
            found.append(finding)
    if path is not None:
        yield shown(path, found, count, codes)


def _worst_files(document: dict[str, Any], limits: Limits) -> list[_Shown]:
    """The files with the most kinds of defect (failed first), at most ``limits.worst_files``."""
    return heapq.nsmallest(limits.worst_files, _by_file(document, limits), key=lambda shown: shown.key)


def _worst(worst: list[_Shown], read: Reader | None, limits: Limits, source_of: dict[str, str]) -> str:
    if not worst:
        return ""
    out = [f'<h2>Worst files</h2><p class="note">The {len(worst):,} files with the most kinds of defect.</p>']
    for file in worst:
        path = file.path
        lines = read(path) if read else None
        codes = " ".join(sorted(file.codes))
        source = source_of.get(path, "")
        out.append(
            f'<details class="file" open data-source="{escape(source)}" data-rules="{escape(codes)}">'
            f"<summary><b>{escape(path)}</b> · {escape(source)} · {file.count:,} findings"
            f"{'' if lines is not None else ' · file not available: messages only'}</summary>"
        )
        out += [_finding_block(f, lines) for f in file.findings]
        if file.count > limits.findings_per_file:
            out.append(f"<p>… and {file.count - limits.findings_per_file:,} more findings in this file.</p>")
        out.append("</details>")
    return "\n".join(out)


def _listed(document: dict[str, Any], limits: Limits) -> tuple[list[dict[str, Any]], int, Counter[str]]:
    """The first ``limits.findings`` findings, how many there are, and the rest counted per rule."""
    listed: list[dict[str, Any]] = []
    total = 0
    rest: Counter[str] = Counter()
    for f in document["findings"]:
        total += 1
        if len(listed) < limits.findings:
            listed.append(f)
        else:
            rest[f"{f['code']} {f['rule']}"] += 1
    return listed, total, rest


def _all_findings(listed: list[dict[str, Any]], total: int, rest: Counter[str], source_of: dict[str, str]) -> str:
    if not total:
        return ""
    out = [
        f"<h2>All findings ({total:,})</h2>",
        '<table id="findings" class="list"><tr><th>file:line</th><th>source</th><th>rule</th><th>message</th></tr>',
    ]
    for f in listed:
        source = source_of.get(f["path"], "")
        out.append(
            f'<tr data-source="{escape(source)}" data-rules="{escape(f["code"])}">'
            f"<td>{escape(f['path'])}:{f['line']}</td><td>{escape(source)}</td>"
            f"<td>{escape(f['code'])} {escape(f['rule'])}</td><td>{escape(f['message'])}</td></tr>"
        )
    out.append("</table>")
    if rest:
        listed_rules = ", ".join(f"{escape(rule)}: {n:,}" for rule, n in rest.most_common())
        out.append(
            f'<p class="rest">… and {total - len(listed):,} more findings, not listed here (all of them are in the'
            f" JSON report): {listed_rules}.</p>"
        )
    return "\n".join(out)


def _filters(document: dict[str, Any], found: set[str]) -> str:
    codes = sorted(found | set(document["summary"].get("rules", {})))
    names = document.get("config", {}).get("names", {})
    sources = sorted(document.get("sources") or {})
    rule_options = "".join(
        f'<option value="{escape(c)}">{escape(c)} {escape(names.get(c, ""))}</option>' for c in codes
    )
    source_options = "".join(f'<option value="{escape(s)}">{escape(s)}</option>' for s in sources[:5000])
    return (
        '<form class="filters" id="filters">'
        f'<label>rule <select id="filter-rule"><option value="">all rules</option>{rule_options}</select></label> '
        '<label>source <select id="filter-source"><option value="">all sources</option>'
        f"{source_options}</select></label>"
        "</form>"
    )


_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1200px;
padding:0 16px;color:#1d1d1f;background:#fff}
h1{font-size:22px;margin:0 0 8px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.verdict{display:inline-block;font-weight:700;font-size:18px;padding:4px 14px;border-radius:6px;color:#fff}
.verdict.ok{background:#1a7f37}.verdict.bad{background:#c62828}
.facts{margin:8px 0}.gate{color:#555}.failures{color:#c62828;font-weight:600}
.chart text{font-size:12px;fill:#333}.chart rect.now{fill:#3b6fd4}.chart rect.over{fill:#c62828}
.chart rect.then{fill:#b8b8b8}.chart line.limit{stroke:#c62828;stroke-width:2;stroke-dasharray:3 2}
.legend .k{display:inline-block;width:12px;height:10px;margin:0 4px 0 12px}.legend .k.now{background:#3b6fd4}
.legend .k.then{background:#b8b8b8}.legend .k.limit{border-left:2px dashed #c62828;width:4px}
table{border-collapse:collapse}td,th{padding:3px 8px;text-align:left;vertical-align:top}
.heat td.cell{text-align:right;min-width:44px;border:1px solid #eee;font-variant-numeric:tabular-nums}
.heat th{font-weight:600;white-space:nowrap}.scroll{overflow-x:auto}
.changes td.up{color:#c62828;font-weight:600}.changes td.down{color:#1a7f37}
details.file{border:1px solid #ddd;border-radius:6px;margin:10px 0;padding:6px 10px}
details.file summary{cursor:pointer}.finding{margin:8px 0}.msg{margin:2px 0}
.code{font-family:ui-monospace,monospace;font-weight:700;padding:0 4px;border-radius:3px;color:#fff;background:#c62828}
.code.warning{background:#b26a00}
table.ctx{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px;background:#f6f8fa;width:100%}
table.ctx td{white-space:pre-wrap;word-break:break-word;padding:0 6px}
table.ctx td.ln{color:#888;text-align:right;width:3em}
table.ctx tr.hit{background:#ffebe9}mark{background:#ffb3a7;padding:0 1px}
table.list td{border-top:1px solid #eee}.note,.rest{color:#555}[hidden]{display:none!important}
.filters{position:sticky;top:0;background:#fff;padding:8px 0;border-bottom:1px solid #ddd;z-index:1}
"""

_SCRIPT = """
(function(){
  var rule=document.getElementById('filter-rule'),source=document.getElementById('filter-source');
  function apply(){
    var r=rule.value,s=source.value;
    document.querySelectorAll('[data-rules],[data-source]').forEach(function(e){
      var rules=' '+(e.getAttribute('data-rules')||'')+' ',from=e.getAttribute('data-source');
      var okRule=!r||!e.hasAttribute('data-rules')||rules.indexOf(' '+r+' ')>=0;
      var okSource=!s||from===null||from===s;
      if(e.tagName.toLowerCase()==='g'){e.style.opacity=okRule?'':'0.25';return;}
      e.hidden=!(okRule&&okSource);
    });
  }
  rule.addEventListener('change',apply);source.addEventListener('change',apply);
})();
"""

_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"


def render(document: dict[str, Any], read: Reader | None = None, limits: Limits | None = None) -> str:
    """The page for a report document; ``read`` gives a checked file's lines for context."""
    limits = limits or Limits()
    # A few passes over the findings, each keeping only what the page shows: a million-file
    # report is read, never held.
    worst = _worst_files(document, limits)
    listed, total, rest = _listed(document, limits)
    found = {f["code"] for f in listed} | {code.split(" ", 1)[0] for code in rest}
    for file in worst:
        found |= file.codes
    source_of = _sources_of(document, {f.path for f in worst} | {f["path"] for f in listed})
    body = [
        "<h1>pytest-newsqa report</h1>",
        _verdict(document),
        _filters(document, found),
        "<h2>Rule rates</h2>",
        '<p class="note">Share of checked files with a finding of each rule.</p>',
        _chart(document),
        _comparison(document),
        _heat(document, limits),
        _worst(worst, read, limits, source_of),
        _all_findings(listed, total, rest, source_of),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>pytest-newsqa report</title><style>{_CSS}</style></head><body>\n"
        + "\n".join(part for part in body if part)
        + f"\n<script>{_SCRIPT}</script>\n</body></html>\n"
    )


def write(document: dict[str, Any], handle: TextIO, base: Path | None = None, limits: Limits | None = None) -> None:
    handle.write(render(document, file_reader(base or Path.cwd()), limits))


def _document(aggregate: Aggregate, handle: TextIO) -> None:
    write(report_document(aggregate), handle)


FORMAT = OutputFormat(
    "html",
    "the self-contained HTML report (a report path ending .html)",
    document=_document,
    suffixes=(".html", ".htm"),
)
