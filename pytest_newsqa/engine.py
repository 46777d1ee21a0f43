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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import pytest_newsqa.compressed as compressed
from pytest_newsqa.codes import DUPLICATE_ARTICLE, UNREADABLE
from pytest_newsqa.content import record_json, suffix_for
from pytest_newsqa.decode import Decoded, declared_charset, decode
from pytest_newsqa.index import fingerprints
from pytest_newsqa.links import LinkPolicy
from pytest_newsqa.model import (
    FAILED,
    PASSED,
    Article,
    ArticleView,
    FileResult,
    Finding,
    Hit,
    ParsedFile,
    Source,
    escape_text,
    normalize,
    short_repr,
)
from pytest_newsqa.rule import Catalogue, Rule
from pytest_newsqa.selection import Selector
from pytest_newsqa.settings import Settings

__all__ = ["HTML_SUFFIXES", "MAX_HITS_PER_RULE", "CheckResult", "Engine", "Reader", "Scope", "Source"]

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


@dataclass(frozen=True)
class Scope:
    """What applies to some files: which rules may run on them, and which reader reads them.

    The host decides (pytest: from the hook relay of the file's folder, so a ``conftest.py``
    applies below its folder only); the engine only intersects ``codes`` with the selection.
    """

    codes: frozenset[str] | None = None
    """Codes of the rules that may run (None: every rule of the catalogue)."""
    read: Reader | None = None
    """The reader (None: the engine's own)."""


_EVERYWHERE = Scope()


class ReaderError(TypeError):
    """A reader returned something that is not a :class:`ParsedFile` of articles; ``where`` is its code."""

    def __init__(self, message: str, where: str = "unknown place") -> None:
        super().__init__(message)
        self.where = where


class BadHit(TypeError):
    """A rule yielded something that is not a hit."""


_HIT_SHAPE = "a hit must be a (line, message) pair, line an int and message a str, or a Hit"


def _as_hit(raw: object) -> Hit:
    if isinstance(raw, Hit):
        hit = raw
    elif isinstance(raw, tuple) and len(raw) in (2, 3):
        hit = Hit(*raw)
    else:
        raise BadHit(raw)
    if not isinstance(hit.line, int) or isinstance(hit.line, bool) or not isinstance(hit.message, str):
        raise BadHit(raw)
    if hit.article is not None and (not isinstance(hit.article, int) or isinstance(hit.article, bool)):
        raise BadHit(raw)
    return hit


def _where(iterator: object) -> str:
    """``file:line`` of a generator's frame (the ``yield`` that produced the bad value)."""
    frame = getattr(iterator, "gi_frame", None)
    return f"{frame.f_code.co_filename}:{frame.f_lineno}" if frame is not None else "unknown place"


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
        self._scoped: dict[frozenset[str], list[Rule]] = {}
        self.links = LinkPolicy(settings.follow_symlinks)
        """Which symbolic links :meth:`check` follows; the host sets the checked paths (pytest: the paths given)."""

    def _refresh(self) -> None:
        """Pick up rules added since (pytest's historic hook calls late plugins too)."""
        if len(self.catalogue) != self._known:
            self.selector.refresh(self.catalogue, self.settings)
            self._rules = [r for r in self.catalogue if r.code in self.selector.enabled]
            self._known = len(self.catalogue)
            self._scoped.clear()

    def check(self, path: Path, display: str | None = None, scope: Scope | None = None) -> CheckResult:
        """Every outcome is findings: even a bug in the engine becomes an unreadable finding.

        ``scope`` limits the rules and picks the reader (see :class:`Scope`).
        """
        display = display or path.as_posix()
        where = scope or _EVERYWHERE
        return self._guarded(display, lambda: self._check(path, display, where))

    def check_data(self, data: bytes, display: str, suffix: str = ".txt", scope: Scope | None = None) -> CheckResult:
        """Content that is not in a file (a crawled item, a corpus document), checked exactly
        as a file named ``display`` holding ``data`` would be; ``suffix`` picks the reader."""
        name = display.rstrip("/").rsplit("/", 1)[-1] or "content"
        path = Path(name if name.lower().endswith(suffix) else f"{name}{suffix}")
        where = scope or _EVERYWHERE

        def check() -> CheckResult:
            tracebacks: list[str] = []
            source, problems = self._from_bytes(path, display, data, [], tracebacks, where.read or self.read)
            return self._verdict(display, source, problems, tracebacks, where)

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

    def _check(self, path: Path, display: str, scope: Scope) -> CheckResult:
        tracebacks: list[str] = []
        source, problems = self._load(path, display, tracebacks, scope.read or self.read)
        return self._verdict(display, source, problems, tracebacks, scope)

    def _verdict(
        self, display: str, source: Source | None, problems: list[Hit], tracebacks: list[str], scope: Scope
    ) -> CheckResult:
        hits: list[tuple[Rule, Hit]] = []
        if source is not None:
            rules = self._applicable(display, scope.codes)
            if source.stream is not None:  # an archive: article rules run record by record
                from pytest_newsqa.archive import WHOLE_ARCHIVE, check_stream

                hits.extend(check_stream(self, source, rules, tracebacks))
                source.seal()
                rules = [r for r in rules if r.code in WHOLE_ARCHIVE]
            for rule in rules:
                hits.extend((rule, hit) for hit in self._run(rule, source, tracebacks))
        elif self._unreadable is not None and self.selector.applies(UNREADABLE, display):
            hits.extend((self._unreadable, hit) for hit in problems)
        return CheckResult(self._result(display, source, hits), tracebacks)

    # -- loading ---------------------------------------------------------------------------
    def _load(
        self, path: Path, display: str, tracebacks: list[str], read: Reader
    ) -> tuple[Source | None, list[Hit]]:
        """Read, decode and parse; no source when nothing could be read (the hits say why)."""
        limit = self.settings.max_bytes
        try:
            refused = self.links.refuses(path)  # before anything opens or stats the target
            if refused:
                return None, [Hit(0, refused)]
            info = os.stat(path)
            if stat.S_ISDIR(
                info.st_mode
            ):  # a folder named like a file (data/feed.json/), or one batch mode cannot list
                return None, [Hit(0, _directory_problem(path))]
            if not stat.S_ISREG(info.st_mode):  # a FIFO would block open() forever
                return None, [Hit(0, "not a regular file (a pipe, socket or device): not read")]
            if compressed.is_archive(path.name):  # streamed record by record by its reader
                source = Source(path, display, b"", Decoded("", "per-record"), self.settings)
                self._parse(source, tracebacks, read)
                return source, []
            kind = compressed.compression(path.name)
            if kind:
                data = compressed.read_decompressed(path, kind, limit + 1)
            else:
                with open(path, "rb") as handle:
                    data = read_up_to(handle, limit + 1, info.st_size)
        except compressed.CompressedError as exc:
            return None, [Hit(0, str(exc))]
        except OSError as exc:
            return None, [Hit(0, f"cannot be read: {exc.strerror or exc}")]
        return self._from_bytes(path, display, data, [], tracebacks, read)

    def _from_bytes(
        self, path: Path, display: str, data: bytes, problems: list[Hit], tracebacks: list[str], read: Reader
    ) -> tuple[Source | None, list[Hit]]:
        """Cut at ``newsqa_max_bytes``, decode and parse: the same for a file and for content."""
        limit = self.settings.max_bytes
        cut = len(data) > limit
        if cut:
            data = data[:limit]
            what = "decompressed data" if compressed.compression(path.name) else "file"
            problems.append(
                Hit(0, f"{what} is larger than newsqa_max_bytes ({limit} bytes): only the beginning was checked")
            )
        is_html = compressed.inner_suffix(path.name) in HTML_SUFFIXES
        decoded = decode(data, declared=declared_charset(data) if is_html else None, cut=cut)
        if decoded.binary:
            return None, [Hit(0, "binary data, not text")]
        source = Source(path, display, data, decoded, self.settings, cut=cut, problems=problems)
        self._parse(source, tracebacks, read)
        if cut and source.articles:
            source.articles[-1].cut = True  # its end is ours, not the scraper's: truncated-body skips it
        if DUPLICATE_ARTICLE in self.selector.enabled:
            source.fingerprints = fingerprints(source.articles, self.settings)
        source.seal()
        return source, []

    def _parse(self, source: Source, tracebacks: list[str], read: Reader) -> None:
        if not source.text.strip() and not compressed.is_archive(source.path.name):
            source.articles = [Article(index=0, line=1)]
            return
        try:
            parsed = read(source)
        except RecursionError:
            source.problems.append(Hit(0, "too deeply nested to parse"))
            return
        except ReaderError as exc:  # the reader's mistake, named: our own traceback would be noise
            tracebacks.append(f"{exc} [{exc.where}]")
            source.problems.append(Hit(0, f"{exc} (run with -v for where it is)"))
            return
        except (Exception, SystemExit) as exc:  # a reader bug (even sys.exit) must not stop the run
            tracebacks.append(traceback.format_exc())
            crashed = f"reader crashed: {type(exc).__name__}: {exc}"
            source.problems.append(Hit(0, f"{crashed} (run with -v for the traceback)"))
            return
        if parsed is None:
            source.problems.append(Hit(0, f"no reader for {source.suffix or 'files without a suffix'}"))
            return
        source.articles = parsed.articles
        source.problems.extend(parsed.problems)
        source.stream = parsed.stream
        if not parsed.articles and not parsed.problems and parsed.stream is None:
            source.articles = [Article(index=0, line=1)]

    # -- rules -----------------------------------------------------------------------------
    def _applicable(self, display: str, codes: frozenset[str] | None) -> list[Rule]:
        if codes is None:
            rules = self._rules
        else:
            scoped = self._scoped.get(codes)  # a frozenset caches its hash
            if scoped is None:
                scoped = self._scoped[codes] = [r for r in self._rules if r.code in codes]
            rules = scoped
        if self.selector.per_file_ignores:
            rules = [r for r in rules if self.selector.applies(r.code, display)]
        return rules

    def _run(self, rule: Rule, source: Source, tracebacks: list[str]) -> Iterable[Hit]:
        targets: list[Article | ArticleView | Source] = list(source.articles) if rule.scope == "article" else [source]
        hits: list[Hit] = []
        found = 0  # all of them are counted; only the first MAX_HITS_PER_RULE are kept
        for target in targets:
            article = target.index if isinstance(target, (Article, ArticleView)) else None
            iterator = None
            try:
                iterator = iter(rule.check(target, self.settings) or ())
                for raw in iterator:
                    found += 1
                    if found <= MAX_HITS_PER_RULE:
                        hit = _as_hit(raw)
                        hits.append(
                            hit if hit.article is not None or article is None else hit._replace(article=article)
                        )
            except BadHit as bad:  # the rule's mistake: named, with what it yielded and what it should
                where = _where(iterator)
                tracebacks.append(f"{rule.code} {rule.name}: yielded {bad.args[0]!r} at {where}")
                message = f"rule yielded {short_repr(bad.args[0])}: {_HIT_SHAPE} (run with -v for where)"
                hits.append(Hit(0, message, article))
                break  # once per file is enough to say what to fix
            except (Exception, SystemExit) as exc:  # a rule bug (even sys.exit) is that rule's failure
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
                    message=escape_text(str(hit.message)),
                    article=hit.article,
                    headline=escape_text(titles.get(hit.article, ""))
                    if hit.article is not None and len(articles) > 1
                    else "",
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
            url=escape_text(next((a.url for a in articles if a.url), "")),
        )


def _directory_problem(path: Path) -> str:
    try:
        os.scandir(path).close()
    except OSError as exc:
        return f"a folder that cannot be read ({exc.strerror or exc}): the files in it are not checked"
    return "a directory, not a file: not read"


_DIGITS = re.compile(r"[0-9]+")


class _Digests:
    """The digest of a finding's offending text, for baselines: an edit above it must not change it.

    The text is the article unit(s) on the finding's line (of its article), narrowed to the
    one its message quotes when several share the line (a JSON record's units all do); a
    finding with no unit there (line 0, a file-level problem) digests its message with the
    numbers taken out. Built only for files with findings, so a clean file pays nothing.
    """

    def __init__(self, articles: Sequence[Article | ArticleView]) -> None:
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
        message = str(hit.message)
        texts = self._by_line.get((hit.article, hit.line), []) if hit.line else []
        quoted = [t for t in texts if _quoted(t, message)]
        text = "\n".join(quoted or texts) or _DIGITS.sub("#", message)
        data = f"{code}\0{normalize(text)}".encode("utf-8", "surrogatepass")
        return hashlib.blake2b(data, digest_size=8).hexdigest()


def _quoted(text: str, message: str) -> bool:
    """Whether a message quotes the start or the end of ``text`` (rules quote shortened text)."""
    flat = " ".join(text.split())
    return bool(flat) and (flat[:12] in message or flat[-12:] in message)
