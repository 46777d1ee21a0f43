"""Every output format, in one table: adding a format is one module and one line here.

Used by the pytest controller and by ``merge``: the choices of ``--newsqa-format`` and
``merge --format`` are the formats that print (``show``), and the report a path gets
(``--newsqa-report``, ``merge -o``) is the format that writes documents with that
suffix, JSON otherwise.
"""

from __future__ import annotations

import os
from pathlib import Path

from pytest_newsqa.aggregate import Aggregate
from pytest_newsqa.atomic import write_atomic
from pytest_newsqa.outputs import github, html, json_report, sarif, text
from pytest_newsqa.outputs.base import OutputFormat, Terminal

__all__ = ["DEFAULT_FORMAT", "FORMATS", "OutputFormat", "Terminal", "printed_formats", "show", "write_report"]

FORMATS: dict[str, OutputFormat] = {
    f.name: f for f in (text.FORMAT, github.FORMAT, json_report.FORMAT, sarif.FORMAT, html.FORMAT)
}
DEFAULT_FORMAT = text.FORMAT.name
DEFAULT_DOCUMENT = json_report.FORMAT.name


def printed_formats() -> list[str]:
    """The choices of ``--newsqa-format`` and ``merge --format``."""
    return [name for name, f in FORMATS.items() if f.show is not None]


def show(name: str, aggregate: Aggregate, terminal: Terminal) -> None:
    shown = FORMATS[name].show
    assert shown is not None, f"{name} is not a printed format"
    shown(aggregate, terminal)


def document_format(path: str | os.PathLike[str]) -> OutputFormat:
    """The format written to ``path``: the one that claims the longest ending of its name
    (``.sarif.json`` before ``.json``), JSON otherwise."""
    name = Path(path).name.lower()
    claims = [(len(s), f) for f in FORMATS.values() if f.document is not None for s in f.suffixes if name.endswith(s)]
    return max(claims, key=lambda claim: claim[0])[1] if claims else FORMATS[DEFAULT_DOCUMENT]


def write_report(path: str | os.PathLike[str], aggregate: Aggregate) -> None:
    """Write the report ``path`` asks for, atomically."""
    document = document_format(path).document
    assert document is not None
    aggregate.finish()
    write_atomic(path, lambda handle: document(aggregate, handle))
