"""WARC archives (``.warc``, ``.warc.gz``): each HTML or text ``response`` record is an article.

What crawlers and web archives write (Heritrix, ``wget --warc``, Browsertrix, Common Crawl).
Read with FastWARC (the optional extra ``pytest-newsqa[warc]``; bench/README.md says why
that library), streamed record by record: the archive is never in memory, each payload is
read up to ``newsqa_max_bytes`` (a per-record bound: the archive itself may be any size),
decoded with its own charset (the HTTP ``Content-Type``, else the page's ``<meta>``) and
parsed by the HTML or text reader.

Each article's ``origin`` is the record's number in the archive (1 = the first record,
every record type counted), which its findings are reported on, and ``record 7: https://…
at offset 72927`` (the byte offset of the record in the file as stored, compressed or not),
which ends their messages with the line in the page. Responses that are not articles are skipped: images,
scripts, style sheets, JSON, ``robots.txt``, redirects and other non-HTML payloads. An HTML
or text response with an HTTP error status (4xx, 5xx) is an NWS901 problem: the archive
holds an error page where an article should be.
"""

from __future__ import annotations

import os
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from pytest_newsqa.decode import declared_charset, decode
from pytest_newsqa.model import Article, Hit, Origin, ParsedFile

if TYPE_CHECKING:
    from pytest_newsqa.model import Source

MISSING = "WARC archive, and the fastwarc package is not installed: pip install pytest-newsqa[warc]"
_ARTICLE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


def read_warc(source: Source) -> ParsedFile:
    """A stream of articles, one or more per response record (see the module docstring)."""
    name = source.path.name.lower()
    if not name.endswith((".warc", ".warc.gz")):
        return ParsedFile([], [Hit(0, "WARC archives are read as .warc or .warc.gz (recompress with gzip)")])
    try:
        import fastwarc  # noqa: F401
    except ImportError:
        return ParsedFile([], [Hit(0, MISSING)])
    return ParsedFile([], stream=_articles(source))


def _articles(source: Source) -> Iterator[Article]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    index = 0
    number = 0
    offset = 0
    with open(source.path, "rb") as handle:
        # Content and transfer coding are undone per record (_http_decoded): FastWARC's own
        # decoding stops the whole archive at one record whose coding is wrong.
        records = ArchiveIterator(handle, parse_http=True)
        try:
            for number, record in enumerate(records, start=1):
                offset = record.stream_pos
                if record.record_type != WarcRecordType.response:
                    continue
                for article in _record_articles(source, record, number):
                    article.index = index
                    index += 1
                    yield article
        except Exception as exc:  # fastwarc raises OSError (or ValueError) on damaged data
            where = f"after record {number} (offset {offset})" if number else "at its start"
            reason = str(exc) or type(exc).__name__
            what = "not a WARC archive" if not number else "archive cannot be read"
            source.problems.append(Hit(number, f"{what} {where}: {reason}"))
            return
    if source.problems and "the archive ends inside it" in source.problems[-1].message:
        return  # already said
    problem = _tail_problem(source.path, offset, number)
    if problem:
        source.problems.append(Hit(number, problem))


def _tail_problem(path: Path, offset: int, number: int) -> str | None:
    """Whether the archive goes on, damaged, after its last readable record.

    FastWARC stops quietly at a gzip member cut short (a crawl killed mid-write): the bytes
    from the last record it read to the end of the file must be exactly that one record.
    Only the last record is read again.
    """
    where = f"after record {number} (offset {offset})" if number else "at its start"
    with open(path, "rb") as handle:
        handle.seek(offset)
        if not number:
            return "not a WARC archive: no record found" if handle.read(1).strip() else None
        if path.name.lower().endswith(".gz"):
            return _gzip_tail(handle, where)
        return _plain_tail(handle, offset, where)


def _gzip_tail(handle: BinaryIO, where: str) -> str | None:
    members = 0
    decompressor = zlib.decompressobj(wbits=31)
    while chunk := handle.read(1 << 16):
        while chunk:
            if decompressor.eof:
                members += 1
                decompressor = zlib.decompressobj(wbits=31)
            try:
                decompressor.decompress(chunk, 1 << 16)  # output dropped: only the framing matters
            except zlib.error as exc:
                return f"archive cannot be read {where}: gzip data error ({exc})"
            chunk = decompressor.unconsumed_tail or decompressor.unused_data
    if not decompressor.eof:
        return f"archive is truncated {where}: its last gzip member ends early"
    return f"archive has {members} unreadable gzip members {where}" if members else None


def _plain_tail(handle: BinaryIO, offset: int, where: str) -> str | None:
    size = os.fstat(handle.fileno()).st_size
    head = handle.read(1 << 16)
    end = head.find(b"\r\n\r\n")
    length = re.search(rb"(?im)^content-length:[ \t]*(\d+)", head[:end]) if end >= 0 else None
    record_end = offset + end + 4 + int(length.group(1)) if length else size + 1
    if record_end > size:
        return f"archive is truncated {where}: that record is incomplete"
    handle.seek(record_end)
    if handle.read(1 << 16).strip():  # FastWARC skips a last record cut short: say so
        return f"archive is truncated {where}: it ends with an incomplete record"
    return None


def _record_articles(source: Source, record: Any, number: int) -> list[Article]:
    uri = record.headers.get("WARC-Target-URI") or "(no WARC-Target-URI)"
    origin = f"record {number}: {uri} at offset {record.stream_pos}"
    if not record.is_http or record.http_headers is None:
        return []
    content_type = (record.http_content_type or "text/html").lower()
    if not content_type.startswith(_ARTICLE_TYPES) or uri.split("?")[0].endswith("/robots.txt"):
        return []  # images, scripts, style sheets, feeds: not articles
    status = record.http_headers.status_code or 0
    if status >= 400:
        reason = record.http_headers.reason_phrase or ""
        status_line = f"HTTP {status} {reason}".rstrip()
        source.problems.append(Hit(number, f"{status_line}: an error page, not an article ({origin})"))
        return []
    if status < 200 or status >= 300 or status == 204:
        return []  # redirects and empty answers carry no article
    limit = source.settings.max_bytes
    raw = record.reader.read(limit + 1)
    if len(raw) <= limit and _truncated(record, raw):
        source.problems.append(Hit(number, f"record is truncated: the archive ends inside it ({origin})"))
    payload = _http_decoded(raw[:limit], record.http_headers, limit + 1)
    cut = len(raw) > limit or len(payload) > limit
    if cut:
        payload = payload[:limit]
        message = f"payload is larger than newsqa_max_bytes ({limit} bytes): only its beginning was checked"
        source.problems.append(Hit(number, f"{message} ({origin})"))
    return _parse_payload(source, payload, content_type, record.http_charset, number, origin, cut)


def _truncated(record: Any, raw: bytes) -> bool:
    """Fewer payload bytes in the archive than the record announces."""
    return len(raw) < (record.content_length or 0)


def _http_decoded(payload: bytes, headers: Any, limit: int) -> bytes:
    """The payload with HTTP transfer and content coding undone, at most ``limit`` bytes.

    Crawlers store the bytes as sent (chunked, gzip, brotli), but some store them decoded and
    keep the header: when a coding cannot be undone, the bytes are used as they are.
    """
    if "chunked" in (headers.get("Transfer-Encoding") or "").lower():
        payload = _dechunk(payload) or payload
    coding = (headers.get("Content-Encoding") or "").strip().lower()
    try:
        if coding in ("gzip", "x-gzip", "deflate"):
            return _inflate(payload, limit)
        if coding == "br":
            import brotli

            return bytes(brotli.Decompressor().process(payload, output_buffer_limit=limit)[:limit])
    except Exception:  # wrong or unknown coding (or an old brotli): the bytes as stored
        return payload
    return payload


def _inflate(payload: bytes, limit: int) -> bytes:
    try:
        return zlib.decompressobj(47).decompress(payload, limit)  # gzip or zlib, by its header
    except zlib.error:
        return zlib.decompressobj(-15).decompress(payload, limit)  # raw deflate


def _dechunk(payload: bytes) -> bytes | None:
    """HTTP/1.1 chunked transfer coding undone; None when the bytes are not chunked."""
    parts: list[bytes] = []
    position = 0
    while position < len(payload):
        end = payload.find(b"\r\n", position)
        if end < 0:
            return None
        try:
            size = int(payload[position:end].split(b";")[0].strip(), 16)
        except ValueError:
            return None
        if size == 0:
            break
        parts.append(payload[end + 2 : end + 2 + size])
        position = end + 2 + size + 2
    return b"".join(parts)


def _parse_payload(
    source: Source, payload: bytes, content_type: str, charset: str | None, number: int, origin: str, cut: bool
) -> list[Article]:
    from pytest_newsqa.readers import read_html, read_text

    is_html = not content_type.startswith("text/plain")
    declared = charset or (declared_charset(payload) if is_html else None)
    decoded = decode(payload, declared=declared, cut=cut)
    if decoded.binary:
        source.problems.append(Hit(number, f"payload is binary data, not {content_type.split(';')[0]} ({origin})"))
        return []
    if not decoded.text.strip():
        parsed = ParsedFile([Article(index=0, line=1)])
    else:
        parsed = read_html(decoded.text) if is_html else read_text(decoded.text)
    for problem in parsed.problems:
        source.problems.append(Hit(number, f"{problem.message} ({origin})"))
    for article in parsed.articles:
        article.origin = Origin(number, origin, cut)
    return parsed.articles
