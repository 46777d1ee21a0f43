"""Compressed files (``.gz``, ``.bz2``, ``.xz``, ``.zst``) and archives read record by record (WARC).

A compressed file is read as the file inside it: ``feed.jsonl.gz`` is a JSONL feed,
``page.html.gz`` a page. Decompression is streamed and stops at ``newsqa_max_bytes`` of
*decompressed* data, so a decompression bomb costs that much memory and no more, and
becomes a finding. ``.zst`` needs the optional ``zstandard`` package
(``pip install pytest-newsqa[zstd]``).

A WARC archive (``.warc``, ``.warc.gz``) is never read whole: its reader streams the
records from the path (see :mod:`pytest_newsqa.readers.warc`).
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import os
import zlib
from typing import IO, Any

COMPRESSED_SUFFIXES = (".gz", ".bz2", ".xz", ".zst")
ARCHIVE_FORMATS = (".warc",)
_CHUNK = 1 << 16


class CompressedError(Exception):
    """A compressed file that cannot be opened or decompressed; the message says why."""


def _suffix(name: str) -> str:
    """pathlib's suffix rule (a dot neither first nor last), without a Path per file."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def inner_suffix(name: str) -> str:
    """The suffix that names the format: ``.jsonl`` for ``feed.jsonl.gz``, ``.html`` for ``a.html``.

    A compressed file without an inner suffix (``data.gz``) has none (``""``).
    """
    base = os.path.basename(name).lower()
    suffix = _suffix(base)
    if suffix not in COMPRESSED_SUFFIXES:
        return suffix
    return _suffix(base[: -len(suffix)])


def compression(name: str) -> str | None:
    """The compression suffix of a file name (``.gz``), or None for a plain file."""
    base = name.lower()
    return next((suffix for suffix in COMPRESSED_SUFFIXES if base.endswith(suffix)), None)


def collected(name: str, extensions: tuple[str, ...]) -> bool:
    """Whether collection takes a compressed file: its own suffix and its inner one are listed
    (``feed.jsonl.gz`` with ``.gz`` and ``.jsonl``; never ``backup.tar.gz``)."""
    inner = inner_suffix(name)
    return bool(inner) and inner in extensions


def is_archive(name: str) -> bool:
    """A file read record by record by its reader, never loaded whole (``.warc``, ``.warc.gz``)."""
    return inner_suffix(name) in ARCHIVE_FORMATS


def _zstd_reader(handle: IO[bytes]) -> Any:  # a zstandard stream reader
    try:
        import zstandard
    except ImportError:
        raise CompressedError(
            "zstd-compressed file, and the zstandard package is not installed: pip install pytest-newsqa[zstd]"
        ) from None
    return zstandard.ZstdDecompressor().stream_reader(handle, read_across_frames=True)


def open_decompressed(path: str | os.PathLike[str], kind: str) -> Any:  # a GzipFile, BZ2File, LZMAFile or _closing
    """A streaming reader of the decompressed bytes (gzip, bzip2, xz or zstd)."""
    if kind == ".gz":
        return gzip.open(path, "rb")
    if kind == ".bz2":
        return bz2.open(path, "rb")
    if kind == ".xz":
        return lzma.open(path, "rb")
    handle = open(path, "rb")
    try:
        return _closing(_zstd_reader(handle), handle)
    except BaseException:
        handle.close()
        raise


class _closing:
    """A zstd stream reader that also closes the file under it."""

    def __init__(self, reader: Any, handle: IO[bytes]) -> None:
        self.reader, self.handle = reader, handle

    def read(self, size: int = -1) -> bytes:
        return bytes(self.reader.read(size))

    def __enter__(self) -> _closing:
        return self

    def __exit__(self, *exc: object) -> None:
        self.reader.close()
        self.handle.close()


# Exceptions a damaged stream raises: gzip.BadGzipFile and zlib.error, EOFError on a cut
# stream, OSError from bz2 and lzma, lzma.LZMAError, and zstandard.ZstdError (a subclass
# of Exception only, caught by name below).
_DAMAGE = (OSError, EOFError, zlib.error, lzma.LZMAError, ValueError)


def read_decompressed(path: str | os.PathLike[str], kind: str, limit: int) -> bytes:
    """At most ``limit`` decompressed bytes, read in chunks (never more than ``limit`` + a chunk).

    Raises :class:`CompressedError` with the reason when the file cannot be opened or its
    data are damaged (a corrupt or truncated stream).
    """
    name = {".gz": "gzip", ".bz2": "bzip2", ".xz": "xz", ".zst": "zstd"}[kind]
    chunks: list[bytes] = []
    size = 0
    try:
        with open_decompressed(path, kind) as stream:
            while size < limit:
                chunk = stream.read(min(_CHUNK, limit - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
    except CompressedError:
        raise
    except Exception as exc:
        if not isinstance(exc, _DAMAGE) and type(exc).__name__ != "ZstdError":
            raise
        reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        if isinstance(exc, EOFError):
            reason = "the compressed stream is truncated (ends before its end marker)"
        raise CompressedError(f"{name} data cannot be decompressed: {reason}") from None
    return b"".join(chunks)
