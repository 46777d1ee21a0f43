"""What an output format is, and the terminal it prints on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TextIO

from pytest_newsqa.aggregate import Aggregate


class Terminal(Protocol):
    """Where end-of-run lines go: pytest's terminal reporter, or standard output in ``merge``."""

    @property
    def limit(self) -> int | None:
        """How many findings a list shows before it says how many more there are (None: all)."""

    def section(self, title: str, sep: str = "=") -> None: ...

    def line(self, text: str, red: bool = False) -> None: ...


@dataclass(frozen=True)
class OutputFormat:
    """One output: lines printed at the end of a run, a document written to a file, or both.

    ``show`` makes it a choice of ``--newsqa-format`` and ``merge --format``; ``document``
    makes it a format of ``--newsqa-report`` and ``merge -o``, chosen by the path's suffix.
    """

    name: str
    help: str
    show: Callable[[Aggregate, Terminal], None] | None = None
    document: Callable[[Aggregate, TextIO], None] | None = None
    suffixes: tuple[str, ...] = ()
