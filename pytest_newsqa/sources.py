"""Sources: which site or spider each file came from, and per-source statistics.

``newsqa_source`` says how a file's source is found: ``folder`` (the first path component
below the path it was collected from, the default), ``host`` (the host of the URL the file
names: a record's ``url`` field, a page's canonical link) or a regular expression with one
group, searched in the path. Everything here works on the JSON report document, so the
pytest controller and ``merge`` produce the same ``sources`` section.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from pytest_newsqa.model import FileResult
from pytest_newsqa.settings import ConfigError, UnsafePattern, check_linear

NO_URL = "(no url)"
OTHER = "(other)"
_WORST = 3


@dataclass(frozen=True)
class SourceMode:
    kind: str  # "folder", "host" or "regex"
    pattern: re.Pattern[str] | None = None

    def __str__(self) -> str:
        return self.pattern.pattern if self.pattern is not None else self.kind


def parse_mode(value: str | None, key: str = "newsqa_source") -> SourceMode:
    """``folder`` | ``host`` | a regex with exactly one group; anything else is a usage error."""
    value = (value or "folder").strip()
    if value in ("folder", "host"):
        return SourceMode(value)
    try:
        pattern = re.compile(value)
    except re.error as exc:
        raise ConfigError(key, value, f"expected folder, host or a regular expression ({exc})") from None
    if pattern.groups != 1:
        raise ConfigError(key, value, "a source regex needs exactly one group, such as ^data/([^/]+)/")
    try:  # searched in every path: refused, as the other user regexes are, when not linear time
        check_linear(value)
    except UnsafePattern as exc:
        raise ConfigError(key, value, f"{exc}; rewrite it") from None
    return SourceMode("regex", pattern)


def source_of(path: str, url: str, mode: SourceMode, roots: Iterable[str] = ()) -> str:
    """The source of the file at ``path`` (as collected, ``/``-separated)."""
    if mode.kind == "host":
        host = (urlsplit(url).hostname or "") if url else ""
        return host.removeprefix("www.") or NO_URL
    if mode.kind == "regex":
        assert mode.pattern is not None
        found = mode.pattern.search(path)
        return found.group(1) if found and found.group(1) else OTHER
    return _folder(path, roots)


def _folder(path: str, roots: Iterable[str]) -> str:
    """The first component below the deepest given path that holds the file.

    ``data/site_a/2024/x.txt`` collected from ``data`` is ``site_a``; a file directly in a
    given folder belongs to that folder (``data``); with no given path known, the first
    component of the path.
    """
    best = ""
    for root in roots:
        root = root.strip("/")
        if root in ("", "."):
            best = best or "."
        elif (path.startswith(root + "/") or path == root) and len(root) > len(best):
            best = root
    rest = path if best in ("", ".") else path[len(best) + 1 :]
    head, sep, _ = rest.partition("/")
    if sep:
        return head
    if best in ("", ".") or path == best:  # a file given by name, or directly in the run's folder
        parent = path.rpartition("/")[0]
        return parent.rsplit("/", 1)[-1] if parent else "."
    return best.rsplit("/", 1)[-1]


def annotate(document: dict[str, Any], mode: SourceMode, roots: Iterable[str] = ()) -> None:
    """Give every file record without one its ``source``, and the document its ``sources`` section."""
    roots = list(roots)
    for file in document["files"]:
        if not file.get("source"):
            file["source"] = source_of(file["path"], file.get("url", ""), mode, roots)
    document["sources"] = section(document)


def assign(results: Iterable[FileResult], mode: SourceMode, roots: Iterable[str] = ()) -> None:
    """Give every file result without one its source (a merged shard's files keep theirs)."""
    roots = list(roots)
    for result in results:
        if not result.source:
            result.source = source_of(result.path, result.url, mode, roots)


def section(document: dict[str, Any]) -> dict[str, Any]:
    """The ``sources`` section of a report document (see :func:`section_of`)."""
    codes_of: dict[str, set[str]] = defaultdict(set)
    for finding in document["findings"]:
        codes_of[finding["path"]].add(finding["code"])
    return section_of(
        (f.get("source") or OTHER, f["status"], codes_of.get(f["path"], set())) for f in document["files"]
    )


def section_of_results(results: Iterable[FileResult]) -> dict[str, Any]:
    return section_of((r.source or OTHER, r.status, {f.code for f in r.findings}) for r in results)


def section_of(files: Iterable[tuple[str, str, set[str]]]) -> dict[str, Any]:
    """Per source: files checked, failed, the failed share, per-rule file counts and shares, worst rules.

    ``files`` gives each file's (source, status, codes found). Shares are of the source's
    checked files (``not run`` files count in ``files`` only), as the summary's rule shares
    are of the run's.
    """
    files_of: dict[str, int] = defaultdict(int)
    checked: dict[str, int] = defaultdict(int)
    failed: dict[str, int] = defaultdict(int)
    per_rule: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for name, status, codes in files:
        files_of[name] += 1
        if status == "not run":
            continue
        checked[name] += 1
        failed[name] += status == "failed"
        for code in codes:
            per_rule[name][code] += 1
    result = {}
    for name in sorted(files_of):
        total = max(1, checked[name])
        rules = {
            code: {"files": count, "share": round(100.0 * count / total, 4)}
            for code, count in sorted(per_rule[name].items())
        }
        worst = sorted(rules, key=lambda code: (-rules[code]["files"], code))[:_WORST]
        result[name] = {
            "files": files_of[name],
            "checked": checked[name],
            "failed": failed[name],
            "failed_share": round(100.0 * failed[name] / total, 4),
            "rules": rules,
            "worst": worst,
        }
    return result


def table_lines(sources: dict[str, Any], names: dict[str, str], limit: int = 10) -> list[str]:
    """The terminal's per-source table: the ``limit`` sources with the highest failed share."""
    if not sources:
        return []
    ranked = sorted(sources.items(), key=lambda item: (-item[1]["failed_share"], -item[1]["failed"], item[0]))
    width = max(12, *(len(name) for name, _ in ranked[:limit]))
    header = f"{'source':<{width}} {'files':>6} {'failed':>6} {'share':>7}  worst rules"
    lines = [header, "-" * len(header)]
    for name, stats in ranked[:limit]:
        worst = ", ".join(
            f"{code} {names.get(code, '')} {stats['rules'][code]['share']:.1f}%".replace("  ", " ")
            for code in stats["worst"]
        )
        lines.append(
            f"{name:<{width}} {stats['checked']:>6} {stats['failed']:>6} {stats['failed_share']:>6.2f}%  {worst or '-'}"
        )
    if len(ranked) > limit:
        rest = ranked[limit:]
        lines.append(
            f"... and {len(rest)} more sources ({sum(s['checked'] for _, s in rest)} files, "
            f"{sum(s['failed'] for _, s in rest)} failed)"
        )
    return lines
