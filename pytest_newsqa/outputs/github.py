"""GitHub Actions workflow commands: one ``::error``/``::warning`` annotation line per finding."""

from __future__ import annotations

from collections.abc import Iterator

from pytest_newsqa.aggregate import Aggregate
from pytest_newsqa.outputs.base import OutputFormat, Terminal
from pytest_newsqa.outputs.text import show as show_text


def annotation_lines(aggregate: Aggregate) -> Iterator[str]:
    """One line per finding, made as the findings are read (never all at once)."""
    for f in aggregate.findings():
        level = f.severity  # GitHub's ::error and ::warning commands have our severities' names
        message = f"{f.code} {f.rule}: {f.message}".replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        path = f.path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(",", "%2C")
        path = path.replace(":", "%3A")
        line = f",line={f.line}" if f.line else ""
        yield f"::{level} file={path}{line}::{message}"


def show(aggregate: Aggregate, terminal: Terminal) -> None:
    show_text(aggregate, terminal)
    for line in annotation_lines(aggregate):
        terminal.line(line)


FORMAT = OutputFormat("github", "the text summary, then one ::error/::warning annotation line per finding", show=show)
