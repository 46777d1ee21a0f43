"""Which files a session checks: per-process state (paths as collected, sharding, files
already seen under another name), the paths the session was asked for, and the batch walk.
"""

from __future__ import annotations

import fnmatch
import os
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, overload

import pytest

from pytest_newsqa.build import RuleBook
from pytest_newsqa.compressed import COMPRESSED_SUFFIXES, collected
from pytest_newsqa.engine import Engine, Scope
from pytest_newsqa.items import BatchItem, NewsItem, printable
from pytest_newsqa.pytest_internals import file_item
from pytest_newsqa.review import ReviewOptions
from pytest_newsqa.settings import DEFAULT_EXTENSIONS


@dataclass
class State:
    """Per-process state, kept in ``config.stash``."""

    engine: Engine
    book: RuleBook
    invocation_dir: Path
    batch: int
    shard: tuple[int, int] | None
    seen: set[str] = field(default_factory=set)
    """Real paths of directories reached through a symlink."""
    files_seen: dict[tuple[int, int], str] = field(default_factory=dict)
    """(device, inode) of each collected file, and the name it was collected under (batch
    mode: only of files that may have another name, see ``BatchDirectory._first_visit``)."""
    folders_seen: dict[tuple[int, int], str] = field(default_factory=dict)
    """(device, inode) of each folder the batch walk listed, and its name."""
    roots: list[Path] = field(default_factory=list)
    folders: dict[tuple[str, str], str] = field(default_factory=dict)
    """(base, folder) -> the folder relative to base: computed once per folder, not per file."""
    scraped: tuple[str, ...] = ()
    """``newsqa_paths``, absolute, each ending in a separator: files outside are never checked."""
    doctest_globs: tuple[str, ...] = ()
    """``--doctest-glob`` patterns given: a file found below a folder that matches one stays a doctest."""
    scopes: dict[pytest.Collector, Scope] = field(default_factory=dict)
    """The rules and reader of each folder node's files, from the folder's hook relay."""

    def scope(self, item: pytest.Item) -> Scope:
        """What applies to an item's files: what pytest's hook relay of their folder sees.

        pytest scopes every conftest.py hook with the relay of a path (``node.ihook``); the
        rules a conftest adds and the reader it implements follow the same relay, in every
        mode. An item's files share their folder node's conftest files (batch mode gives a
        folder with a conftest.py a node of its own), so the scope is computed once per folder.
        """
        folder = item.parent
        assert folder is not None
        scope = self.scopes.get(folder)
        if scope is None:
            scope = self.scopes[folder] = self.book.scope(folder.ihook)
        return scope
    review: ReviewOptions = field(default_factory=ReviewOptions)
    """Sources, comparison, baseline and output paths (see :mod:`pytest_newsqa.review`)."""

    def display(self, path: Path | str) -> str:
        """The path as collected: relative to where pytest was started (``../data/a.txt`` too)."""
        return printable(self.relative(path, self.invocation_dir).replace(os.sep, "/"))

    def relative(self, path: Path | str, base: Path) -> str:
        """``path`` relative to ``base`` (``os.path.relpath``), at the cost of a dict lookup per file."""
        folder, name = os.path.split(os.fspath(path))
        key = (os.fspath(base), folder)
        relative_folder = self.folders.get(key)
        if relative_folder is None:
            try:
                relative_folder = os.path.relpath(folder, key[0])
            except ValueError:  # another drive on Windows
                relative_folder = folder
            self.folders[key] = relative_folder
        return name if relative_folder == os.curdir else os.path.join(relative_folder, name)

    def owns(self, path: Path | str) -> bool:
        name = path.name if isinstance(path, Path) else os.path.basename(path)
        dot = name.rfind(".")  # pathlib's rule for a suffix, without a Path per file
        extensions = self.engine.settings.extensions
        if not (0 < dot < len(name) - 1 and name[dot:].lower() in extensions):
            return False
        # feed.jsonl.gz is collected when .jsonl is too; backup.tar.gz is not.
        return name[dot:].lower() not in COMPRESSED_SUFFIXES or collected(name, extensions)

    def within_scraped(self, path: Path | str) -> bool:
        """Whether a file lies in ``newsqa_paths`` (always, when it is not set)."""
        return not self.scraped or os.path.abspath(path).startswith(self.scraped)

    def may_hold_scraped(self, folder: Path) -> bool:
        """Whether a folder is in ``newsqa_paths`` or holds one of them."""
        where = os.path.join(os.path.abspath(folder), "")
        return not self.scraped or any(where.startswith(p) or p.startswith(where) for p in self.scraped)

    def is_doctest(self, path: Path) -> bool:
        """A text file found in a folder that matches a ``--doctest-glob`` given: it stays a doctest."""
        return any(fnmatch.fnmatch(path.name, glob) for glob in self.doctest_globs) and path not in self.roots

    def first_visit(self, path: Path | str, identity: tuple[int, int] | None = None) -> bool:
        """False for a file already collected under another name (a symlink, a hard link).

        The same name may be offered again: pytest collects a folder once per argument below it.
        ``identity`` is the file's (device, inode) when the caller knows it without a ``stat``.
        """
        if identity is None:
            try:
                info = os.stat(path)
            except OSError:
                return True  # broken link: collect it, its run reports it as unreadable
            identity = (info.st_dev, info.st_ino)
        name = os.fspath(path)
        return self.files_seen.setdefault(identity, name) == name

    def unfollowed(self, path: str | os.PathLike[str]) -> tuple[int, int] | None:
        """The link's own (device, inode) when ``path`` is a symbolic link that is not followed.

        Such a link is collected as itself (its target is never read): two links to one
        target are two entries, and neither hides the target's own file.
        """
        if not os.path.islink(path) or not self.engine.links.refuses(path):
            return None
        info = os.lstat(path)
        return info.st_dev, info.st_ino

    def below_roots(self, path: Path | str) -> bool:
        """:meth:`requested` for a file, by string prefix: a file pytest offers from a folder
        above the paths given must not take the name of a file below them (a link's target)."""
        if self._root_prefixes is None:
            self._root_prefixes = tuple(os.path.join(os.fspath(root), "") for root in self.roots)
        where = os.fspath(path)
        return where.startswith(self._root_prefixes) or any(where == os.fspath(root) for root in self.roots)

    _root_prefixes: tuple[str, ...] | None = None

    def requested(self, path: Path) -> bool:
        """Whether a file lies below a path the session was asked to collect.

        pytest offers every file of the directories above an argument to collect hooks and
        drops the nodes it did not ask for; batch mode, which makes no node per file,
        must do that filtering itself.
        """
        return any(root == path or root in path.parents for root in self.roots)

    def in_shard(self, path: Path | str, display: str | None = None) -> bool:
        """Whether the file belongs to this shard (its collected path is computed only if needed)."""
        if self.shard is None:
            return True
        k, n = self.shard
        display = display or self.display(path)
        return zlib.crc32(display.encode("utf-8", "surrogateescape")) % n == k - 1


STATE = pytest.StashKey[State]()


def requested_roots(config: pytest.Config) -> list[Path]:
    """The paths given to pytest (or its testpaths), absolute, without ``::`` node parts."""
    from_testpaths = getattr(config, "args_source", None) == pytest.Config.ArgsSource.TESTPATHS
    base = config.rootpath if from_testpaths else config.invocation_params.dir
    return [Path(os.path.abspath(base / arg.split("::")[0])) for arg in config.args]


def holds_scraped(path: Path, limit: int = 1000) -> bool:
    """Whether a path is, or a folder holds, a file with a default scraped suffix (a bounded look)."""
    if path.is_file():
        return path.suffix.lower() in DEFAULT_EXTENSIONS
    seen = 0
    for _folder, _dirs, names in os.walk(path):
        for name in names:
            if os.path.splitext(name)[1].lower() in DEFAULT_EXTENSIONS:
                return True
            seen += 1
        if seen > limit:
            return False
    return False


def collect_file(state: State, file_path: Path, parent: pytest.Collector, collected: list[Any]) -> list[Any]:
    """One item per scraped file (see :func:`~pytest_newsqa.pytest_internals.file_item`)."""
    if not state.owns(file_path) or not state.within_scraped(file_path) or state.is_doctest(file_path):
        return collected
    if not state.below_roots(file_path):
        return collected  # a file beside a folder above the paths given: pytest drops it
    # Which name a file is collected under is decided before sharding, so every shard (and
    # every mode) agrees on it; a shard that decided alone would check a linked file twice.
    if not state.first_visit(file_path, state.unfollowed(file_path)) or not state.in_shard(file_path):
        return []
    name = printable(file_path.name)  # a name that is not valid UTF-8 gets a printable id
    return [file_item(NewsItem, parent, file_path, name, state=state)]


def unfollowed_folder(state: State, path: Path, parent: pytest.Collector) -> NewsItem | None:
    """A link to a folder that is not followed, below a requested path: one item that reports
    it (see :class:`~pytest_newsqa.links.LinkPolicy`), instead of a walk of its target."""
    if path in state.roots or not state.requested(path) or not state.within_scraped(path):
        return None
    identity = state.unfollowed(path)
    if identity is None or not state.first_visit(path, identity) or not state.in_shard(path):
        return None
    return file_item(NewsItem, parent, path, printable(path.name), state=state)


def ignore_collect(state: State, collection_path: Path) -> bool | None:
    """A directory reached again through a symlink (or a loop) is not walked twice."""
    if not collection_path.is_symlink() or not collection_path.is_dir():
        return None
    if state.engine.links.refuses(collection_path):
        return None  # not walked either: reported as one item (see unfollowed_folder)
    real = os.path.realpath(collection_path)
    if real in state.seen or any(real == os.path.realpath(p) for p in collection_path.parents):
        return True
    state.seen.add(real)
    return None


class BatchDirectory(pytest.Directory):
    """A requested directory in batch mode: one item per N scraped files below it, no node per file.

    pytest's own walk costs ~0.2 ms a file in hooks and nodes, paid again by every xdist
    worker; this walk costs a ``scandir`` entry. Only scraped files are collected below it
    (``norecursedirs``, ``--ignore`` and ``collect_ignore`` still apply to its folders).
    """

    def collect(self) -> Iterator[pytest.Item | pytest.Collector]:
        """Batches of N files in path order, so every xdist worker builds the same items.

        A folder below holding a ``conftest.py`` becomes a node of its own, collected by
        pytest, which loads that conftest.py there: its rules and reader apply to its files
        exactly as in per-file mode, and every batch's files share one set of conftests.
        """
        state = self.config.stash[STATE]
        nested: list[str] = []
        base = os.fspath(state.invocation_dir)
        odd: dict[str, str] = {}
        # Only the paths as collected are kept (a million files: 80 MB, not 250 MB of
        # tuples); a file's path is the invocation folder joined with it, or kept in ``odd``.
        displays = []
        for path, display in self._scraped_files(state, nested):
            displays.append(display)
            if os.path.join(base, display) != path:
                odd[display] = path
        displays.sort()
        for start in range(0, len(displays), state.batch):
            # No brackets: pytest 9.2 reads ``name[...]`` in a cached node id as parameters,
            # and --lf would then match no batch.
            name = f"newsqa-batch-{start // state.batch:05d}"
            files = BatchFiles(displays[start : start + state.batch], base, odd)
            yield BatchItem.from_parent(self, name=name, files=files, state=state)
        for folder in sorted(nested):
            yield BatchDirectory.from_parent(self, path=Path(folder))

    def _scraped_files(self, state: State, nested: list[str]) -> Iterator[tuple[str, str]]:
        """(path, path as collected) of each scraped file below this folder, in this shard.

        Paths stay strings (a ``Path`` per file is made by the worker that checks it), and a
        file's (device, inode) comes from its directory entry: a walk of 100,000 files costs
        each xdist worker a second, not several.
        """
        norecurse = self.config.getini("norecursedirs")
        top = os.fspath(self.path)
        real_top = os.path.realpath(top)
        pending = [top]
        while pending:
            directory = pending.pop()
            try:
                info = os.stat(directory)
                device = info.st_dev
                with os.scandir(directory) as listing:
                    entries = sorted(listing, key=lambda entry: entry.name)
            except OSError:
                # A folder that cannot be listed is checked as one entry: the engine reports
                # it unreadable, so the files inside do not go unchecked with a passing run.
                yield directory, state.display(directory)
                continue
            alias = state.folders_seen.setdefault((device, info.st_ino), directory) != directory
            if directory != top and any(entry.name == "conftest.py" for entry in entries):
                nested.append(directory)  # collected as a node of its own (see collect)
                continue
            for entry in entries:
                # A symlink's own inode says nothing about its target: ``stat`` those, unless
                # the link is not followed: then the link itself is collected (and reported).
                identity: tuple[int, int] | None = (device, entry.inode())
                if entry.is_symlink():
                    identity = state.unfollowed(entry.path)
                if entry.is_dir():
                    if any(fnmatch.fnmatch(entry.name, pattern) for pattern in norecurse) or (
                        self.ihook.pytest_ignore_collect(collection_path=Path(entry.path), config=self.config)
                    ):
                        continue
                    if not entry.is_symlink() or identity is None:
                        pending.append(entry.path)
                        continue
                    # A folder link that is not followed is one entry, as in per-file mode.
                elif not state.owns(entry.name):
                    continue
                if not state.scraped or state.within_scraped(entry.path):
                    display = state.display(entry.path)
                    # First visit before shard: a file's other names are then skipped in every shard.
                    if self._first_visit(state, entry, device, alias, real_top, identity) and state.in_shard(
                        entry.path, display
                    ):
                        yield entry.path, display

    @staticmethod
    def _first_visit(
        state: State, entry: os.DirEntry[str], device: int, alias: bool, top: str, identity: tuple[int, int] | None
    ) -> bool:
        """:meth:`State.first_visit`, remembering only the files that can have another name.

        A million (device, inode) keys cost a worker 300 MB. A regular file with one link,
        in a folder first reached under this name, has no other name to be collected under:
        it is not remembered. In a folder reached again under another name (a bind mount, a
        symlink pytest did not see), such files were collected under the first name.
        """
        if entry.is_symlink():
            if identity is not None:  # a link that is not followed: collected as itself
                return state.first_visit(entry.path, identity)
            # Its own inode says nothing about its target. A link to a scraped file below this
            # walk is that file, collected under its own name (whose inode is not remembered).
            target = os.path.realpath(entry.path)
            if target.startswith(os.path.join(top, "")) and state.owns(target) and os.path.isfile(target):
                return False
            return state.first_visit(entry.path)
        try:
            links = entry.stat(follow_symlinks=False).st_nlink
        except OSError:
            return True  # gone since the listing: its run reports it unreadable
        if links > 1:
            return state.first_visit(entry.path, (device, entry.inode()))
        return not alias


class BatchFiles(Sequence[tuple[str, str]]):
    """A batch's files as (path, path as collected), stored as the collected paths only."""

    __slots__ = ("base", "displays", "odd")

    def __init__(self, displays: list[str], base: str, odd: dict[str, str]) -> None:
        self.displays = displays
        self.base = base
        self.odd = odd
        """Files whose path is not the invocation folder joined with the collected path."""

    def __len__(self) -> int:
        return len(self.displays)

    @overload
    def __getitem__(self, index: int) -> tuple[str, str]: ...

    @overload
    def __getitem__(self, index: slice) -> list[tuple[str, str]]: ...

    def __getitem__(self, index: int | slice) -> tuple[str, str] | list[tuple[str, str]]:
        if isinstance(index, slice):
            return [self._pair(display) for display in self.displays[index]]
        return self._pair(self.displays[index])

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return (self._pair(display) for display in self.displays)

    def _pair(self, display: str) -> tuple[str, str]:
        return self.odd.get(display) or os.path.join(self.base, display), display
