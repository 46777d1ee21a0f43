"""Writing an output file atomically: a temporary file in the same folder, then a rename.

An interrupted run leaves the previous file or the complete new one, never half a file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO


def write_atomic(path: str | os.PathLike[str], write: Callable[[TextIO], None]) -> None:
    """Call ``write`` with a UTF-8 text handle, then move what it wrote to ``path``."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
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
