"""Which symbolic links a run follows (``newsqa_follow_symlinks``).

A scrape folder is written by a scraper, not by the person who runs the check: a link in it
(``data/memo.txt`` -> ``~/.ssh/id_rsa``) would have its target read, and quoted in findings
and CI annotations. So by default only links whose target stays inside the checked paths are
followed; a link that is not followed is never opened and is reported on its own path.

No pytest here: the engine asks before it opens a file, so every mode and the library alike
refuse the same links.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

__all__ = ["DEFAULT_FOLLOW", "FOLLOW_MODES", "LinkPolicy"]

FOLLOW_MODES = ("inside", "all", "none")
"""``inside``: links whose target is inside the checked paths; ``all``: every link; ``none``: no link."""
DEFAULT_FOLLOW = "inside"


class LinkPolicy:
    """Decides, for a path about to be read, whether a symbolic link on the way is followed.

    ``roots`` are the checked paths (absolute, as given: a folder, or a file, which stands
    for its folder); None means each file's own folder (the library checking one file).
    The real path of each folder is computed once, so a file that is not a link costs one
    ``lstat``.
    """

    def __init__(self, mode: str = DEFAULT_FOLLOW, roots: Iterable[str | os.PathLike[str]] | None = None) -> None:
        self.mode = mode
        self.roots: list[tuple[str, str]] | None = None
        """(folder as given, its real path), longest first."""
        if roots is not None:
            folders = {self._folder_of(os.path.abspath(root)) for root in roots}
            self.roots = sorted(((f, os.path.realpath(f)) for f in folders), key=lambda r: -len(r[0]))
        self._real_roots: tuple[str, ...] | None = None
        """Each root's real path, ending in a separator (for ``startswith``)."""
        if self.roots is not None:
            self._real_roots = tuple(os.path.join(real, "") for _, real in self.roots)
        self._folders: dict[str, tuple[str, str, bool]] = {}

    @staticmethod
    def _folder_of(root: str) -> str:
        # A file given by name stands for its folder: `pytest --newsqa data/*.txt` must not
        # follow data/memo.txt out of data/ because the shell named it.
        # A folder given by a link to it (`data` -> /mnt/scrape) is a folder the user chose.
        return root if os.path.isdir(root) else os.path.dirname(root)

    def refuses(self, path: str | os.PathLike[str]) -> str | None:
        """Why ``path`` is not read (a message for its finding), or None when it may be."""
        if self.mode == "all":
            return None
        where = os.fspath(path)
        if not os.path.isabs(where):
            where = os.path.abspath(where)
        folder, name = os.path.split(where)
        is_link = os.path.islink(where)
        real_folder, real_root, through_link = self._folder(folder)
        if not is_link and not through_link:
            return None  # the usual case: one lstat
        if self.mode == "none":
            what = "a symbolic link" if is_link else "in a folder reached through a symbolic link"
            return f"{what}: not followed, not read (newsqa_follow_symlinks = none)"
        real = os.path.realpath(where) if is_link else os.path.join(real_folder, name)
        inside = self._real_roots if self._real_roots is not None else (os.path.join(real_root, ""),)
        if os.path.join(real, "").startswith(inside):  # the root itself, or below it
            return None
        return (
            "a symbolic link to a path outside the checked paths: not followed, not read"
            " (newsqa_follow_symlinks = inside; 'all' follows every link)"
        )

    def _folder(self, folder: str) -> tuple[str, str, bool]:
        """(real path, real path of its checked folder, reached through a link below that), once per folder."""
        known = self._folders.get(folder)
        if known is None:
            real = os.path.realpath(folder)
            root, real_root = folder, real  # a folder outside every checked path is its own
            for given, resolved in self.roots or ():
                if folder == given or folder.startswith(os.path.join(given, "")):
                    root, real_root = given, resolved
                    break
            # Where the folder would be if nothing between its checked folder and it were a link.
            known = self._folders[folder] = (real, real_root, real != real_root + folder[len(root) :])
        return known
