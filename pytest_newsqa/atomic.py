"""Writing an output file atomically: a temporary file in the same folder, then a rename.

An interrupted run leaves the previous file or the complete new one, never half a file.
"""

from __future__ import annotations

import glob
import os
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

# A temporary file this old is left over from a writer that was killed: no write takes a minute.
STALE_SECONDS = 60


def write_atomic(path: str | os.PathLike[str], write: Callable[[TextIO], None]) -> None:
    """Call ``write`` with a UTF-8 text handle, then move what it wrote to ``path``.

    The file gets the mode an ordinary ``open`` would give it (the umask's, or the mode of
    the file it replaces), not the 0600 of a temporary file; temporary files that a killed
    writer left next to it are removed.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(target)
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.chmod(fd, _mode_for(target))
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def unwritable(path: str | os.PathLike[str]) -> str | None:
    """Why ``path`` cannot take a file written by :func:`write_atomic`, or None when it can.

    Asked before a run reads any file, so a typo costs a usage error, not a whole run: a
    folder, a path below a regular file, a folder we may not write in (``/proc``) are
    refused. The folder is probed by creating and removing a temporary file in it (or in
    its nearest existing parent, when :func:`write_atomic` would create the rest).
    """
    target = Path(os.path.abspath(path))
    if target.is_dir():
        return "is a folder"
    folder = target.parent
    while not folder.exists():
        folder = folder.parent
    if not folder.is_dir():
        return f"{folder} is not a folder"
    try:
        fd, probe = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".probe", dir=folder)
    except OSError as exc:
        return f"cannot write in {folder}: {exc.strerror or exc}"
    os.close(fd)
    os.unlink(probe)
    return None


def _mode_for(target: Path) -> int:
    """The existing file's permission bits, else 0666 less the process's umask."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _remove_stale(target: Path) -> None:
    """Remove this file's temporary siblings older than :data:`STALE_SECONDS` (a killed writer's)."""
    now = time.time()
    try:
        candidates = list(target.parent.glob(f".{glob.escape(target.name)}.*.tmp"))
    except OSError:
        return
    for candidate in candidates:
        try:
            if now - candidate.stat().st_mtime > STALE_SECONDS:
                candidate.unlink()
        except OSError:
            pass  # another writer removed it, or it is not ours to remove
