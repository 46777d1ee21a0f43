"""One reader per input format: decoded text in, :class:`~pytest_newsqa.model.ParsedFile` out.

Readers know nothing about pytest or rules; they only decide what is a headline, a caption,
a heading and a body paragraph, and on which line each one stands.
"""

from __future__ import annotations

from pytest_newsqa.readers.html import read_html
from pytest_newsqa.readers.jsonfeed import JsonFields, read_json, read_jsonl
from pytest_newsqa.readers.text import read_text

__all__ = ["JsonFields", "read_html", "read_json", "read_jsonl", "read_text"]
