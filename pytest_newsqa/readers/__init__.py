"""One reader per input format: decoded text in, :class:`~pytest_newsqa.model.ParsedFile` out.

Readers know nothing about pytest or rules; they only decide what is a headline, a caption,
a heading and a body paragraph, and on which line each one stands.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pytest_newsqa.readers.jsonfeed import read_json, read_jsonl
from pytest_newsqa.readers.text import read_text
from pytest_newsqa.settings import JsonFields

if TYPE_CHECKING:
    from pytest_newsqa.readers.html import read_html

__all__ = ["JsonFields", "read_html", "read_json", "read_jsonl", "read_text"]


def __getattr__(name: str) -> Any:
    """``read_html`` is imported on first use: BeautifulSoup (with soupsieve) takes a tenth of
    a second to import, which an xdist controller, ``merge`` or a run without pages never needs."""
    if name == "read_html":
        from pytest_newsqa.readers.html import read_html

        return read_html
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
