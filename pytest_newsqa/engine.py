"""The pipeline for one file: bytes → decode → parse → rules → findings.

No pytest here: the engine runs the same under pytest, in ``merge``, in the benchmark, or
in any script. A file never breaks the engine: every failure becomes a finding.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import traceback
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from pytest_newsqa.codes import DUPLICATE_ARTICLE, UNREADABLE
from pytest_newsqa.content import record_json, suffix_for
from pytest_newsqa.decode import declared_charset, decode
from pytest_newsqa.index import fingerprints
from pytest_newsqa.model import FAILED, PASSED, Article, FileResult, Finding, Hit, ParsedFile, Source, normalize
from pytest_newsqa.rule import Catalogue, Rule
from pytest_newsqa.selection import Selector
from pytest_newsqa.settings import Settings

__all__ = ["HTML_SUFFIXES", "MAX_HITS_PER_RULE", "CheckResult", "Engine", "Reader", "Source"]

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
MAX_HITS_PER_RULE = 1000
Reader = Callable[[Source], "ParsedFile | None"]


def read_up_to(handle: BinaryIO, limit: int, expected: int) -> bytes:
    """At most ``limit`` bytes. ``read(limit)`` would allocate ``limit`` bytes for every file
    (4 MiB for a 5 KB article, a tenth of its check time); the size from ``stat`` is a
    hint, and a file that grew since is read on up to the limit."""
    data = handle.read(min(expected + 1, limit))
    if len(data) > expected and len(data) < limit:
        data += handle.read(limit - len(data))
    return data


@dataclass
class CheckResult:
    """A :class:`FileResult` plus tracebacks of rules or readers that crashed (shown with -v)."""

    result: FileResult
    tracebacks: list[str] = field(default_factory=list)


class Engine:
    """Checks files with a catalogue of rules, a reader, settings and a selector."""

    def __init__(
        self, catalogue: Catalogue, settings: Settings, read: Reader, selector: Selector | None = None
    ) -> None:
        self.catalogue = catalogue
        self.settings = settings
        self.read = read
        self.selector = selector or Selector.build(catalogue, settings)
        self._rules = [r for r in catalogue if r.code in self.selector.enabled]
        self._known = len(catalogue)
        self._unreadable = catalogue.get(UNREADABLE)

    def _refresh(self) -> None:
        """Pick up rules added since (pytest's historic hook calls late plugins too)."""
        if len(self.catalogue) != self._known:
            self.selector.refresh(self.catalogue, self.settings)
            self._rules = [r for r in self.catalogue if r.code in self.selector.enabled]
            self._known = len(self.catalogue)

    def check(self, path: Path, display: str | None = None) -> CheckResult:
        """Every outcome is findings: even a bug in the engine becomes an unreadable finding."""
        display = display or path.as_posix()
        return self._guarded(display, lambda: self._check(path, display))

    def check_data(self, data: bytes, display: str, suffix: str = ".txt") -> CheckResult:
        """Content that is not in a file (a crawled item, a corpus document), checked exactly
        as a file named ``display`` holding ``data`` would be; ``suffix`` picks the reader."""
        name = display.rstrip("/").rsplit("/", 1)[-1] or "content"
        path = Path(name if name.lower().endswith(suffix) else f"{name}{suffix}")

        def check() -> CheckResult:
            tracebacks: list[str] = []
            source, problems = self._from_bytes(path, display, data, [], tracebacks)
            return self._verdict(path, display, source, problems, tracebacks)

        return self._guarded(display, check)

    def check_text(self, text: str, name: str, format: str = "txt") -> FileResult:
        """``text`` checked as a file ``name`` in ``format`` (txt, html, json, jsonl) would be."""
        data = text.encode("utf-8", "surrogatepass")
        return self.check_data(data, name, suffix_for(format)).result

    def check_record(self, record: Mapping[str, Any], name: str) -> FileResult:
        """One record mapped to an article by the JSON field names, as in a ``.json`` file."""
        try:
            text = record_json(record)
        except (TypeError, ValueError, RecursionError) as exc:
            # The reader reports what it cannot parse as NWS901, so the record still gets a verdict.
            text = f"record cannot be written as JSON: {type(exc).__name__}"
        return self.check_text(text, name, "json")

    def _guarded(self, display: str, check: Callable[[], CheckResult]) -> CheckResult:
        try:
            self._refresh()
            return check()
        except Exception as exc:
            hits: list[tuple[Rule, Hit]] = []
            if self._unreadable is not None:
                hits.append((self._unreadable, Hit(0, f"could not be checked: {type(exc).__name__}: {exc}")))
            result = self._result(display, None, hits)
            return CheckResult(result, [traceback.format_exc()])

    def _check(self, path: Path, display: str) -> CheckResult:
        tracebacks: list[str] = []
        source, problems = self._load(path, display, tracebacks)
        return self._verdict(path, display, source, problems, tracebacks)

    def _verdict(
        self, path: Path, display: str, source: Source | None, problems: list[Hit], tracebacks: list[str]
    ) -> CheckResult:
        hits: list[tuple[Rule, Hit]] = []
        if source is not None:
            for rule in self._applicable(path, display):
                hits.extend((rule, hit) for hit in self._run(rule, source, tracebacks))
        elif self._unreadable is not None and self.selector.applies(UNREADABLE, display):
            hits.extend((self._unreadable, hit) for hit in problems)
        return CheckResult(self._result(display, source, hits), tracebacks)

    # -- loading ---------------------------------------------------------------------------
    def _load(self, path: Path, display: str, tracebacks: list[str]) -> tuple[Source | None, list[Hit]]:
        """Read, decode and parse; no source when nothing could be read (the hits say why)."""
        limit = self.settings.max_bytes
        try:
            info = os.stat(path)
            if not stat.S_ISREG(info.st_mode):  # a FIFO would block open() forever
                return None, [Hit(0, "not a regular file (a pipe, socket or device): not read")]
            with open(path, "rb") as handle:
                data = read_up_to(handle, limit + 1, info.st_size)
        except OSError as exc:
            return None, [Hit(0, f"cannot be read: {exc.strerror or exc}")]
        return self._from_bytes(path, display, data, [], tracebacks)

    def _from_bytes(
        self, path: Path, display: str, data: bytes, problems: list[Hit], tracebacks: list[str]
    ) -> tuple[Source | None, list[Hit]]:
        """Cut at ``newsqa_max_bytes``, decode and parse: the same for a file and for content."""
        limit = self.settings.max_bytes
        cut = len(data) > limit
        if cut:
            data = data[:limit]
            problems.append(
                Hit(0, f"file is larger than newsqa_max_bytes ({limit} bytes): only the beginning was checked")
            )
        is_html = path.suffix.lower() in HTML_SUFFIXES
        decoded = decode(data, declared=declared_charset(data) if is_html else None, cut=cut)
        if decoded.binary:
            return None, [Hit(0, "binary data, not text")]
        source = Source(path, display, data, decoded, self.settings, cut=cut, problems=problems)
        self._parse(source, tracebacks)
        if cut and source.articles:
            source.articles[-1].cut = True  # its end is ours, not the scraper's: truncated-body skips it
        if DUPLICATE_ARTICLE in self.selector.enabled:
            source.fingerprints = fingerprints(source.articles, self.settings)
        return source, []

    def _parse(self, source: Source, tracebacks: list[str]) -> None:
        if not source.text.strip():
            source.articles = [Article(index=0, line=1)]
            return
        try:
            parsed = self.read(source)
        except RecursionError:
            source.problems.append(Hit(0, "too deeply nested to parse"))
            return
        except Exception as exc:  # a reader bug must not stop the run
            tracebacks.append(traceback.format_exc())
            source.problems.append(Hit(0, f"reader crashed: {type(exc).__name__}: {exc}"))
            return
        if parsed is None:
            source.problems.append(Hit(0, f"no reader for {source.suffix or 'files without a suffix'}"))
            return
        source.articles = parsed.articles
        source.problems.extend(parsed.problems)
        if not parsed.articles and not parsed.problems:
            source.articles = [Article(index=0, line=1)]

    # -- rules -----------------------------------------------------------------------------
    def _applicable(self, path: Path, display: str) -> list[Rule]:
        rules = self._rules
        if self.selector.per_file_ignores:
            rules = [r for r in rules if self.selector.applies(r.code, display)]
        if any(r.directory for r in rules):
            where = os.path.abspath(path)
            rules = [r for r in rules if not r.directory or where.startswith(r.directory + os.sep)]
        return rules

    def _run(self, rule: Rule, source: Source, tracebacks: list[str]) -> Iterable[Hit]:
        targets: list[Article | Source] = list(source.articles) if rule.scope == "article" else [source]
        hits: list[Hit] = []
        found = 0  # all of them are counted; only the first MAX_HITS_PER_RULE are kept
        for target in targets:
            article = target.index if isinstance(target, Article) else None
            try:
                for raw in rule.check(target, self.settings) or ():
                    found += 1
                    if found <= MAX_HITS_PER_RULE:
                        hit = raw if isinstance(raw, Hit) else Hit(*raw)
                        hits.append(
                            hit if hit.article is not None or article is None else hit._replace(article=article)
                        )
            except Exception as exc:  # a rule bug is that rule's failure, not the run's
                tracebacks.append(f"{rule.code} {rule.name}:\n{traceback.format_exc()}")
                found += 1
                message = f"rule crashed: {type(exc).__name__}: {exc} (run with -v for the traceback)"
                hits.append(Hit(0, message, article))
        if found > len(hits):
            hits.append(Hit(0, f"and {found - len(hits)} more {rule.name} findings in this file, not listed"))
        return hits

    def _result(self, display: str, source: Source | None, hits: list[tuple[Rule, Hit]]) -> FileResult:
        articles = source.articles if source else []
        titles = {a.index: a.title for a in articles}
        digest = _Digests(articles)
        findings = sorted(
            (
                Finding(
                    path=display,
                    code=rule.code,
                    rule=rule.name,
                    severity=self.selector.severities.get(rule.code, rule.severity),
                    line=int(hit.line or 0),
                    message=str(hit.message),
                    article=hit.article,
                    headline=titles.get(hit.article, "") if hit.article is not None and len(articles) > 1 else "",
                    digest=digest(rule.code, hit),
                )
                for rule, hit in hits
            ),
            key=Finding.sort_key,
        )
        fails = any(self.selector.fails_file(f.code, f.severity) for f in findings)
        return FileResult(
            path=display,
            status=FAILED if fails else PASSED,
            articles=len([a for a in articles if a.headline or a.paragraphs]),
            encoding=source.decoded.encoding if source else "unknown",
            findings=findings,
            fingerprints=source.fingerprints if source else [],
            url=next((a.url for a in articles if a.url), ""),
        )


_DIGITS = re.compile(r"[0-9]+")


class _Digests:
    """The digest of a finding's offending text, for baselines: an edit above it must not change it.

    The text is the article unit(s) on the finding's line (of its article), narrowed to the
    one its message quotes when several share the line (a JSON record's units all do); a
    finding with no unit there (line 0, a file-level problem) digests its message with the
    numbers taken out. Built only for files with findings, so a clean file pays nothing.
    """

    def __init__(self, articles: list[Article]) -> None:
        self.articles = articles
        self._by_line: dict[tuple[int | None, int], list[str]] | None = None

    def __call__(self, code: str, hit: Hit) -> str:
        if self._by_line is None:
            self._by_line = {}
            for article in self.articles:
                units = [article.headline, *article.units()] if article.headline else article.units()
                for unit in units:
                    self._by_line.setdefault((article.index, unit.line), []).append(unit.text)
                    self._by_line.setdefault((None, unit.line), []).append(unit.text)
        texts = self._by_line.get((hit.article, hit.line), []) if hit.line else []
        quoted = [t for t in texts if _quoted(t, hit.message)]
        text = "\n".join(quoted or texts) or _DIGITS.sub("#", hit.message)
        data = f"{code}\0{normalize(text)}".encode("utf-8", "surrogatepass")
        return hashlib.blake2b(data, digest_size=8).hexdigest()


def _quoted(text: str, message: str) -> bool:
    """Whether a message quotes the start or the end of ``text`` (rules quote shortened text)."""
    flat = " ".join(text.split())
    return bool(flat) and (flat[:12] in message or flat[-12:] in message)
