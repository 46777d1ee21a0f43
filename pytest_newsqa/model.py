"""The data model shared by readers, rules and reports.

Everything here is plain data: no pytest, no I/O. A reader turns decoded text into
:class:`Article` objects; a rule turns one article (or one file) into :class:`Hit` objects;
the engine turns hits into :class:`Finding` records, which serialize to JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, cast

if TYPE_CHECKING:  # plain data: the model imports no other module of the package at run time
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
        return cls(
            path=data["path"],
            code=data["code"],
            rule=data["rule"],
            severity=cast(Severity, data["severity"]),
            line=data["line"],
            message=data["message"],
            article=data.get("article"),
            headline=data.get("headline", ""),
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

    The argument of the ``pytest_newsqa_read_file`` hook and of file-scope rules.
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

    @property
    def text(self) -> str:
        return self.decoded.text

    @property
    def suffix(self) -> str:
        return self.path.suffix.lower()


@dataclass
class ParsedFile:
    """What a reader returns: the articles, plus problems it met (each becomes an NWS901)."""

    articles: list[Article]
    problems: list[Hit] = field(default_factory=list)


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
            path=data["path"],
            status=cast(Status, data["status"]),
            articles=data.get("articles", 0),
            encoding=data.get("encoding", "unknown"),
            findings=findings,
            fingerprints=[(str(digest), int(index), int(line)) for digest, index, line in data.get("fingerprints", [])],
            url=data.get("url", ""),
            source=data.get("source", ""),
            baselined=[(str(c), str(d), int(n), str(m)) for c, d, n, m in data.get("baselined", [])],
        )


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
