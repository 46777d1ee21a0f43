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
