"""Where the controller keeps every file's record: in memory, or spooled to disk.

A record (status, findings, body fingerprints) costs about 0.9 KB in memory; a million
files would hold 900 MB in the controller. :class:`SpoolStore` keeps them in SQLite (the
standard library's, no new dependency) in a private temporary folder, and answers the
questions the aggregate asks (each record by path, all of them in path or arrival order,
bodies found in more than one file) without loading them all. :class:`MemoryStore` is the
same interface over a dict. Both give the same records in the same order, so the report
is the same byte for byte (a test compares them).

Records read from a spool are fresh objects: whoever changes one writes it back with
``store[path] = result``. Iteration reads in pages, so writing back while iterating is safe.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import weakref
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol, cast

from pytest_newsqa.index import across_files
from pytest_newsqa.model import FileResult, Finding, Hit, Severity, Status

_PAGE = 2000
"""Records read per query: enough to amortize the query, few enough to keep memory flat."""
_COMMIT_EVERY = 5000


class Store(Protocol):
    """Every file's :class:`FileResult`, by path."""

    def __contains__(self, path: object) -> bool: ...

    def __getitem__(self, path: str) -> FileResult: ...

    def __setitem__(self, path: str, result: FileResult) -> None: ...

    def __len__(self) -> int: ...

    def values(self) -> Iterator[FileResult]:
        """Every record, in the order paths were first added."""

    def in_path_order(self) -> Iterator[FileResult]:
        """Every record, sorted by path (the report's order)."""

    def status_counts(self) -> dict[str, int]: ...

    def replace(self, result: FileResult) -> None:
        """Store a changed record whose fingerprints did not change (after the verdict)."""

    def duplicates(self) -> dict[str, list[tuple[int, Hit]]]:
        """What :func:`~pytest_newsqa.index.across_files` says of every record's fingerprints."""

    def close(self) -> None: ...


class MemoryStore:
    """Records in a dict: per-file mode, where pytest's own items cost more than they do."""

    def __init__(self) -> None:
        self.files: dict[str, FileResult] = {}

    def __contains__(self, path: object) -> bool:
        return path in self.files

    def __getitem__(self, path: str) -> FileResult:
        return self.files[path]

    def __setitem__(self, path: str, result: FileResult) -> None:
        self.files[path] = result

    def __len__(self) -> int:
        return len(self.files)

    def values(self) -> Iterator[FileResult]:
        return iter(list(self.files.values()))

    def in_path_order(self) -> Iterator[FileResult]:
        return (self.files[path] for path in sorted(self.files))

    def replace(self, result: FileResult) -> None:
        self.files[result.path] = result

    def status_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for result in self.files.values():
            counts[result.status] = counts.get(result.status, 0) + 1
        return counts

    def duplicates(self) -> dict[str, list[tuple[int, Hit]]]:
        return across_files((r.path, r.fingerprints) for r in self.files.values() if r.fingerprints)

    def close(self) -> None:
        self.files.clear()


def encode(result: FileResult) -> str:
    """A record as one compact JSON array (every field, findings with their headlines)."""
    findings = [
        [f.path, f.code, f.rule, f.severity, f.line, f.message, f.article, f.headline, f.digest]
        for f in result.findings
    ]
    return json.dumps(
        [
            result.path,
            result.status,
            result.articles,
            result.encoding,
            result.fingerprints,
            result.url,
            result.source,
            result.baselined,
            findings,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def decode(text: str) -> FileResult:
    """The record :func:`encode` wrote, exactly (no escaping again: it was ours)."""
    path, status, articles, encoding, fingerprints, url, source, baselined, findings = json.loads(text)
    return FileResult(
        path=path,
        status=cast(Status, status),
        articles=articles,
        encoding=encoding,
        findings=[
            Finding(p, code, rule, cast(Severity, severity), line, message, article, headline, digest)
            for p, code, rule, severity, line, message, article, headline, digest in findings
        ],
        fingerprints=[(d, i, n) for d, i, n in fingerprints],
        url=url,
        source=source,
        baselined=[(c, d, n, m) for c, d, n, m in baselined],
    )


class SpoolStore:
    """Records in an SQLite file in a private temporary folder, removed by :meth:`close`.

    The folder is made with ``mkdtemp`` (mode 0700) under ``directory``, or the system's
    temporary folder; the caller makes sure that is not among the checked paths.
    """

    def __init__(self, directory: str | os.PathLike[str] | None = None) -> None:
        _remove_orphans(directory)
        self.folder = Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-", dir=directory))
        try:
            self.db = sqlite3.connect(self.folder / "records.sqlite3", isolation_level=None)
            # A scratch file: nothing to recover after a crash, so no journal and no fsync.
            self.db.execute("PRAGMA journal_mode=OFF")
            self.db.execute("PRAGMA synchronous=OFF")
            self.db.execute("PRAGMA temp_store=FILE")
            self.db.execute("PRAGMA cache_size=-16000")  # 16 MB of pages, whatever the run's size
            self.db.execute("CREATE TABLE files (path TEXT PRIMARY KEY, status TEXT NOT NULL, record TEXT NOT NULL)")
            self.db.execute("CREATE TABLE bodies (digest TEXT NOT NULL, path TEXT NOT NULL, article INT, line INT)")
            # A path given a new result drops its old bodies: without an index, a scan each time.
            self.db.execute("CREATE INDEX bodies_by_path ON bodies (path)")
            self.db.execute("BEGIN")
        except BaseException:
            _remove_folder(self.folder)
            raise
        self.pending = 0
        self.count = 0
        # Removed at exit even if no one calls close() (an interrupt before unconfigure).
        self._remove = weakref.finalize(self, _remove_folder, self.folder)

    def _write(self) -> None:
        self.pending += 1
        if self.pending >= _COMMIT_EVERY:
            self._commit()

    def _commit(self) -> None:
        if self.db.in_transaction:
            self.db.execute("COMMIT")
        self.db.execute("BEGIN")
        self.pending = 0

    def __contains__(self, path: object) -> bool:
        return self.db.execute("SELECT 1 FROM files WHERE path = ?", (path,)).fetchone() is not None

    def __getitem__(self, path: str) -> FileResult:
        row = self.db.execute("SELECT record FROM files WHERE path = ?", (path,)).fetchone()
        if row is None:
            raise KeyError(path)
        return decode(row[0])

    def __setitem__(self, path: str, result: FileResult) -> None:
        existed = path in self
        # An upsert keeps the row (and its place in arrival order), as a dict keeps a key's.
        self.db.execute(
            "INSERT INTO files (path, status, record) VALUES (?, ?, ?)"
            " ON CONFLICT (path) DO UPDATE SET status = excluded.status, record = excluded.record",
            (path, result.status, encode(result)),
        )
        if existed:
            self.db.execute("DELETE FROM bodies WHERE path = ?", (path,))
        else:
            self.count += 1
        if result.fingerprints:
            self.db.executemany(
                "INSERT INTO bodies VALUES (?, ?, ?, ?)", [(d, path, i, n) for d, i, n in result.fingerprints]
            )
        self._write()

    def __len__(self) -> int:
        return self.count

    def replace(self, result: FileResult) -> None:
        # One statement: the fingerprints (and the bodies table) stay as they were.
        updated = self.db.execute(
            "UPDATE files SET status = ?, record = ? WHERE path = ?", (result.status, encode(result), result.path)
        )
        if updated.rowcount == 0:
            self[result.path] = result
            return
        self._write()

    def _pages(self, order: str, start: Any) -> Iterator[FileResult]:
        """Every record by ``order`` (rowid or path), a page per query: no cursor stays open
        while the caller writes back."""
        last = start
        while True:
            rows = self.db.execute(
                f"SELECT {order}, record FROM files WHERE {order} > ? ORDER BY {order} LIMIT {_PAGE}", (last,)
            ).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            for _, record in rows:
                yield decode(record)

    def values(self) -> Iterator[FileResult]:
        return self._pages("rowid", 0)

    def in_path_order(self) -> Iterator[FileResult]:
        # SQLite's BINARY collation compares UTF-8 bytes: the order of Python's ``sorted`` on str.
        return self._pages("path", "")

    def status_counts(self) -> dict[str, int]:
        rows = self.db.execute("SELECT status, COUNT(*) FROM files GROUP BY status").fetchall()
        return {status: count for status, count in rows}

    def duplicates(self) -> dict[str, list[tuple[int, Hit]]]:
        self._commit()
        self.db.execute("CREATE INDEX IF NOT EXISTS bodies_by_digest ON bodies (digest, path)")
        shared = (
            "SELECT digest, path, article, line FROM bodies WHERE digest IN"
            " (SELECT digest FROM bodies GROUP BY digest HAVING COUNT(DISTINCT path) > 1)"
            " ORDER BY digest, rowid"
        )
        hits: dict[str, list[tuple[int, Hit]]] = {}
        for group in _groups(self.db.execute(shared)):
            for path, found in across_files(group).items():
                hits.setdefault(path, []).extend(found)
        return hits

    def close(self) -> None:
        try:
            self.db.close()
        finally:
            self._remove()


def _groups(rows: Iterable[tuple[str, str, int, int]]) -> Iterator[list[tuple[str, list[tuple[str, int, int]]]]]:
    """The rows of one digest at a time, as (path, fingerprints) for ``across_files``."""
    current: str | None = None
    group: list[tuple[str, list[tuple[str, int, int]]]] = []
    for digest, path, article, line in rows:
        if digest != current and group:
            yield group
            group = []
        current = digest
        group.append((path, [(digest, article, line)]))
    if group:
        yield group


_PREFIX = "newsqa-spool-"


def _remove_orphans(directory: str | os.PathLike[str] | None) -> None:
    """Remove spools whose process is gone (killed with SIGKILL or SIGTERM, which skip
    every cleanup): their folder names carry the pid."""
    folder = Path(directory or tempfile.gettempdir())
    try:
        candidates = list(folder.glob(f"{_PREFIX}*-*"))
    except OSError:
        return
    for candidate in candidates:
        pid = candidate.name[len(_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)) and candidate.is_dir() and not candidate.is_symlink():
            _remove_folder(candidate)


def _remove_folder(folder: Path) -> None:
    """Remove a spool folder (flat: the database and SQLite's side files). Not ``shutil.rmtree``,
    whose walk by file descriptor a test's stand-in ``os.scandir`` may not take."""
    try:
        for name in os.listdir(folder):
            os.unlink(folder / name)
        os.rmdir(folder)
    except OSError:
        pass  # gone already, or not ours to remove


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process: alive, not ours to judge
    return True


def store_for(big: bool, checked: Iterable[str | os.PathLike[str]] = ()) -> Store:
    """A spool for a big run (batch mode, ``merge``), else a dict.

    The spool goes in the system's temporary folder (``TMPDIR``), never among the checked
    paths: when that folder is, or lies below, one of them, the records stay in memory.
    """
    if not big:
        return MemoryStore()
    folder = os.path.realpath(tempfile.gettempdir())
    for root in checked:
        real = os.path.realpath(root)
        if folder == real or folder.startswith(real.rstrip(os.sep) + os.sep):
            return MemoryStore()
    return SpoolStore(folder)
