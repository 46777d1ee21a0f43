"""The data model shared by readers, rules and reports.

Everything here is plain data: no pytest, no I/O. A reader turns decoded text into
:class:`Article` objects; a rule turns one article (or one file) into :class:`Hit` objects;
the engine turns hits into :class:`Finding` records, which serialize to JSON.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, cast

from pytest_newsqa.compressed import inner_suffix

if TYPE_CHECKING:  # plain data: at run time the model imports only the leaf module compressed
    from pytest_newsqa.decode import Decoded
    from pytest_newsqa.settings import Settings

Severity = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"
SEVERITIES: tuple[Severity, ...] = (ERROR, WARNING)

Status = Literal["passed", "failed", "not run"]
PASSED: Status = "passed"
FAILED: Status = "failed"
NOT_RUN: Status = "not run"
"""A collected file that produced no result (deselected by -x, a crash, an interrupt)."""


class TextUnit(NamedTuple):
    """One piece of article text (a headline, caption, heading or paragraph) and its 1-based line."""

    text: str
    line: int


class Origin(NamedTuple):
    """Where an archive's article sits: its findings are reported on ``line`` (a WARC record's
    number) and name ``where`` (``record 7: https://… at offset 72927``) with the line in the page."""

    line: int
    where: str
    cut: bool = False
    """The record was read only up to ``newsqa_max_bytes``: its end is ours, not a truncation."""


@dataclass(slots=True)
class Article:
    """One article as a reader understood it.

    ``headings`` holds any heading after the headline (a repeated headline in a text file,
    an ``<h2>`` in a page); ``extras`` holds lines a reader kept apart from the body because
    they sit among the captions (in the seeds, the ``TT`` and ``20`` widget residue).
    """

    index: int
    line: int
    headline: TextUnit | None = None
    headings: list[TextUnit] = field(default_factory=list)
    captions: list[TextUnit] = field(default_factory=list)
    paragraphs: list[TextUnit] = field(default_factory=list)
    extras: list[TextUnit] = field(default_factory=list)
    cut: bool = False
    """The file was longer than ``newsqa_max_bytes`` and this, its last article, was cut there by us."""
    origin: Origin | None = None
    """Where the article came from inside an archive (a WARC record); None for ordinary files."""
    hints: dict[str, str] = field(default_factory=dict)
    """Where a reader looked for a missing part (``"body"``: the keys tried, the setting to change)."""
    url: str = ""
    """The article's own address when the file names one (a record's ``url``, a page's canonical link)."""

    @property
    def title(self) -> str:
        return self.headline.text.strip() if self.headline else ""

    def units(self) -> list[TextUnit]:
        """Every unit except the headline, in source order."""
        units = self.headings + self.captions + self.paragraphs + self.extras
        return sorted(units, key=lambda unit: unit.line)

    def all_units(self) -> list[TextUnit]:
        """The headline (when there is one), then every other unit in source order."""
        return ([self.headline] if self.headline else []) + self.units()


class ArticleView(NamedTuple):
    """What a rule sees of an article: the same fields as :class:`Article`, read-only.

    A rule that popped a paragraph from a shared list changed what every later rule saw
    (a truncated body then passed); tuples cannot be changed, and neither can this record.
    """

    index: int  # type: ignore[assignment]  # shadows tuple.index, as Article.index reads
    line: int
    headline: TextUnit | None
    headings: tuple[TextUnit, ...]
    captions: tuple[TextUnit, ...]
    paragraphs: tuple[TextUnit, ...]
    extras: tuple[TextUnit, ...]
    cut: bool = False
    origin: Origin | None = None
    url: str = ""
    hints: Mapping[str, str] = MappingProxyType({})
    """A read-only copy of :attr:`Article.hints` (empty-article quotes them)."""

    @classmethod
    def of(cls, article: Article) -> ArticleView:
        return cls(
            article.index,
            article.line,
            article.headline,
            tuple(article.headings),
            tuple(article.captions),
            tuple(article.paragraphs),
            tuple(article.extras),
            article.cut,
            article.origin,
            article.url,
            MappingProxyType(dict(article.hints)) if article.hints else MappingProxyType({}),
        )

    @property
    def title(self) -> str:
        return self.headline.text.strip() if self.headline else ""

    def units(self) -> list[TextUnit]:
        """Every unit except the headline, in source order."""
        return sorted(self.headings + self.captions + self.paragraphs + self.extras, key=lambda unit: unit.line)

    def all_units(self) -> list[TextUnit]:
        """The headline (when there is one), then every other unit in source order."""
        return ([self.headline] if self.headline else []) + self.units()


class Hit(NamedTuple):
    """What a rule's check yields: where (1-based line, 0 when none applies) and what.

    File rules may name the article a hit belongs to; article rules need not.
    """

    line: int
    message: str
    article: int | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """One defect in one file: a plain record that serializes to JSON."""

    path: str
    code: str
    rule: str
    severity: Severity
    line: int
    message: str
    article: int | None = None
    headline: str = ""
    digest: str = ""
    """A digest of the offending text (not of the line number): baselines match findings by it."""

    def to_json(self, *, with_headline: bool = False) -> dict[str, Any]:
        """The report's record; ``with_headline`` adds the article headline for messages."""
        data: dict[str, Any] = {
            "path": self.path,
            "rule": self.rule,
            "code": self.code,
            "severity": self.severity,
            "article": self.article,
            "line": self.line,
            "message": self.message,
            "digest": self.digest,
        }
        if with_headline:
            data["headline"] = self.headline
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Finding:
        # Escaped again: a report given to ``merge`` may have been written by anyone.
        return cls(
            path=escape_text(data["path"]),
            code=escape_text(data["code"]),
            rule=escape_text(data["rule"]),
            severity=cast(Severity, data["severity"]),
            line=data["line"],
            message=escape_text(data["message"]),
            article=data.get("article"),
            headline=escape_text(data.get("headline", "")),
            digest=data.get("digest", ""),
        )

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.path, self.line, self.code, self.message)

    def format(self) -> str:
        """``path:line: CODE name: message``, naming the article in multi-article files."""
        where = ""
        if self.article is not None and self.headline:
            where = f" [article {self.article}: {shorten(self.headline, 50)}]"
        elif self.article is not None:
            where = f" [article {self.article}]"
        return f"{self.path}:{self.line}: {self.code} {self.rule}: {self.message}{where}"


Fingerprint = tuple[str, int, int]
"""(body digest, article index, line) of an article with a body: what duplicate detection compares."""


@dataclass
class Source:
    """One file as rules and readers see it: where it is, its bytes, its text, its articles.

    The argument of the ``pytest_newsqa_read_file`` hook and of file-scope rules. Once
    parsed it is sealed: rules see its articles as read-only :class:`ArticleView` records
    and cannot set its attributes, so one rule cannot change what the next one sees.
    """

    path: Path
    display: str
    data: bytes
    decoded: Decoded
    settings: Settings
    cut: bool = False
    articles: list[Article] = field(default_factory=list)
    problems: list[Hit] = field(default_factory=list)
    fingerprints: list[Fingerprint] = field(default_factory=list)
    """Filled by the engine after parsing when duplicate detection is on."""
    stream: Iterator[Article] | None = None
    """Articles of an archive, checked one at a time as its reader yields them (see archive.py)."""
    sealed: bool = False

    def __setattr__(self, name: str, value: object) -> None:
        if name != "sealed" and self.sealed:
            raise AttributeError(f"rules see a read-only view of the file: cannot set {name!r}")
        object.__setattr__(self, name, value)

    def seal(self) -> None:
        """Make the articles, problems and fingerprints read-only, before any rule runs.

        Rules read them as sequences; tuples (and :class:`ArticleView` records) cannot change.
        """
        views = tuple(ArticleView.of(a) if isinstance(a, Article) else a for a in self.articles)
        object.__setattr__(self, "articles", views)
        object.__setattr__(self, "problems", tuple(self.problems))
        object.__setattr__(self, "fingerprints", tuple(tuple(fp) for fp in self.fingerprints))
        self.sealed = True

    @property
    def text(self) -> str:
        return self.decoded.text

    @property
    def suffix(self) -> str:
        return self.path.suffix.lower()

    @property
    def format(self) -> str:
        """The suffix that names the format: ``.jsonl`` for ``feed.jsonl.gz``, else :attr:`suffix`."""
        return inner_suffix(self.path.name)


@dataclass
class ParsedFile:
    """What a reader returns: the articles, plus problems it met (each becomes an NWS901)."""

    articles: list[Article]
    problems: list[Hit] = field(default_factory=list)
    stream: Iterator[Article] | None = None
    """An archive's articles, yielded one at a time and checked as they come, so a 1 GB WARC
    never sits in memory; the reader may append to ``source.problems`` while it streams."""


@dataclass(slots=True)
class FileResult:
    """Everything the engine learned about one file; small enough to cross process boundaries."""

    path: str
    status: Status
    articles: int
    encoding: str
    findings: list[Finding]
    fingerprints: list[Fingerprint] = field(default_factory=list)
    """(body digest, article index, line) for each article with a body."""
    url: str = ""
    """The first article URL the file names (a record's ``url``, a page's canonical link); sources by host use it."""
    source: str = ""
    """The source (site, spider) the file belongs to, set where results are aggregated."""
    baselined: list[tuple[str, str, int, str]] = field(default_factory=list)
    """(code, digest, line, message) of findings a baseline accepted: not in ``findings``, they fail nothing."""

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "path": self.path,
            "status": self.status,
            "articles": self.articles,
            "encoding": self.encoding,
            "fingerprints": [list(fp) for fp in self.fingerprints],
        }
        # Optional keys only when set, so reports of runs that use none of them stay as they were.
        if self.url:
            data["url"] = self.url
        if self.source:
            data["source"] = self.source
        if self.baselined:
            data["baselined"] = [list(key) for key in self.baselined]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any], findings: list[Finding]) -> FileResult:
        """The record :meth:`to_json` wrote, with its findings (a report stores them apart)."""
        return cls(
            path=escape_text(data["path"]),  # a report given to ``merge`` may have been written by anyone
            status=cast(Status, data["status"]),
            articles=data.get("articles", 0),
            encoding=data.get("encoding", "unknown"),
            findings=findings,
            fingerprints=[(str(digest), int(index), int(line)) for digest, index, line in data.get("fingerprints", [])],
            url=escape_text(str(data.get("url", ""))),
            source=escape_text(str(data.get("source", ""))),
            baselined=[(str(c), str(d), int(n), str(m)) for c, d, n, m in data.get("baselined", [])],
        )


def physical_lines(text: str) -> list[str]:
    """The lines of a file as editors and ``grep -n`` count them: split on ``\n``, ``\r\n``
    and ``\r`` only. ``str.splitlines`` also splits on form feeds, U+0085 and U+2028, which
    JSON allows raw inside strings and which scraped text holds: the lines after one would
    be numbered one too high, and a JSONL record holding one would not parse."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


# Never printed raw: C0 and C1 controls (newlines forge CI workflow commands, ESC starts
# terminal escape sequences), line and paragraph separators, and lone surrogates (valid in
# JSON as "\ud800", but UTF-8, xdist and the report cannot carry them).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _escape_char(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_text(text: str) -> str:
    """Scraped text safe to print and to send: unsafe characters written as ``\\x1b``, ``\\ud800``."""
    if text.isprintable():  # the common case: nothing to escape
        return text
    return _UNSAFE.sub(_escape_char, text)


def escape_path(text: str) -> str:
    """A file name safe to print, and unique: a byte that is not UTF-8 (kept by Python as a
    surrogate) as ``caf\\xe9.txt``, a control character as ``\\x1b``, and a literal backslash
    doubled, so that a file really named ``caf\\xe9.txt`` gets another name."""
    if text.isprintable() and "\\" not in text:
        return text
    out = []
    for char in text:
        if char == "\\":
            out.append("\\\\")
        elif "\udc80" <= char <= "\udcff":  # os.fsdecode's surrogateescape of one byte
            out.append(f"\\x{ord(char) - 0xDC00:02x}")
        else:
            out.append(_UNSAFE.sub(_escape_char, char))
    return "".join(out)


def short_repr(value: object, width: int = 60) -> str:
    """A value's ``repr`` cut to ``width`` characters, to show what a plugin returned by mistake."""
    text = repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def shorten(text: str, width: int = 60) -> str:
    """Quote text briefly on one line for a message."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


# Curly, low and angle quotes compare equal to straight ones.
_QUOTES = tuple((quote, "'") for quote in "‘’‚‛") + tuple((quote, '"') for quote in "“”„‟«»")


@lru_cache(maxsize=8192)
def normalize(text: str) -> str:
    """The comparison form of a text: case, white space and the style of quotes do not matter.

    Called for every headline, caption and paragraph, so the common cases are cut short:
    text that is already on one line with single spaces (every white space character but
    the space is unprintable) is not split and joined again, ASCII text cannot hold curly
    quotes, and ``str.replace`` beats ``str.translate``, which looks up every character.
    """
    if "  " in text or not text.isprintable() or text[:1] == " " or text[-1:] == " ":
        text = " ".join(text.split())
    if text.isascii():
        return text.lower()
    text = text.casefold()
    for quote, straight in _QUOTES:
        if quote in text:
            text = text.replace(quote, straight)
    return text
