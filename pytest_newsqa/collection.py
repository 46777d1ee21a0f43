"""Which files a session checks: per-process state (paths as collected, sharding, files
already seen under another name), the paths the session was asked for, and the batch walk.
"""

from __future__ import annotations

import fnmatch
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from pytest_newsqa.engine import Engine
from pytest_newsqa.items import BatchItem, NewsItem, printable
from pytest_newsqa.pytest_internals import file_item
from pytest_newsqa.review import ReviewOptions


@dataclass
class State:
    """Per-process state, kept in ``config.stash``."""

    engine: Engine
    invocation_dir: Path
    batch: int
    shard: tuple[int, int] | None
    seen: set[str] = field(default_factory=set)
    """Real paths of directories reached through a symlink."""
    files_seen: dict[tuple[int, int], str] = field(default_factory=dict)
    """(device, inode) of each collected file, and the name it was collected under."""
    roots: list[Path] = field(default_factory=list)
    folders: dict[tuple[str, str], str] = field(default_factory=dict)
    """(base, folder) -> the folder relative to base: computed once per folder, not per file."""
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
        return 0 < dot < len(name) - 1 and name[dot:].lower() in self.engine.settings.extensions

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


def collect_file(state: State, file_path: Path, parent: pytest.Collector, collected: list[Any]) -> list[Any]:
    """One item per scraped file (see :func:`~pytest_newsqa.pytest_internals.file_item`)."""
    if not state.owns(file_path):
        return collected
    if not state.in_shard(file_path) or not state.first_visit(file_path):
        return []
    name = printable(file_path.name)  # a name that is not valid UTF-8 gets a printable id
    return [file_item(NewsItem, parent, file_path, name, state=state)]


def ignore_collect(state: State, collection_path: Path) -> bool | None:
    """A directory reached again through a symlink (or a loop) is not walked twice."""
    if not collection_path.is_symlink() or not collection_path.is_dir():
        return None
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

    def collect(self) -> Iterator[pytest.Item]:
        """Batches of N files in path order, so every xdist worker builds the same items."""
        state = self.config.stash[STATE]
        files = sorted(self._scraped_files(state), key=lambda file: file[1])
        for start in range(0, len(files), state.batch):
            name = f"newsqa-batch[{start // state.batch:05d}]"
            yield BatchItem.from_parent(self, name=name, files=files[start : start + state.batch], state=state)

    def _scraped_files(self, state: State) -> Iterator[tuple[str, str]]:
        """(path, path as collected) of each scraped file below this folder, in this shard.

        Paths stay strings (a ``Path`` per file is made by the worker that checks it), and a
        file's (device, inode) comes from its directory entry: a walk of 100,000 files costs
        each xdist worker a second, not several.
        """
        norecurse = self.config.getini("norecursedirs")
        pending = [os.fspath(self.path)]
        while pending:
            directory = pending.pop()
            try:
                device = os.stat(directory).st_dev
                with os.scandir(directory) as listing:
                    entries = sorted(listing, key=lambda entry: entry.name)
            except OSError:
                continue
            for entry in entries:
                if entry.is_dir():
                    if not any(fnmatch.fnmatch(entry.name, pattern) for pattern in norecurse) and not (
                        self.ihook.pytest_ignore_collect(collection_path=Path(entry.path), config=self.config)
                    ):
                        pending.append(entry.path)
                elif state.owns(entry.name):
                    display = state.display(entry.path)
                    # A symlink's own inode says nothing about its target: ``stat`` those.
                    identity = None if entry.is_symlink() else (device, entry.inode())
                    if state.in_shard(entry.path, display) and state.first_visit(entry.path, identity):
                        yield entry.path, display
