"""Content that is not a file: a format name as a suffix, a record as the JSON reader reads it.

Used by :meth:`Engine.check_text` and :meth:`Engine.check_record`, which check a crawled
item or a corpus document exactly as a file holding it would be checked.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

__all__ = ["FORMATS", "record_json", "suffix_for"]

FORMATS = {"txt": ".txt", "text": ".txt", "html": ".html", "htm": ".html", "json": ".json", "jsonl": ".jsonl"}


def suffix_for(format: str) -> str:
    """A format name (``txt``, ``html``, ``json``, ``jsonl``) or a suffix (``.xml``) as a suffix."""
    name = format.lower().lstrip(".")
    if not re.fullmatch(r"[a-z0-9_+-]+", name):
        raise ValueError(f"not a format name or file suffix: {format!r}")
    return FORMATS.get(name, f".{name}")


def record_json(record: Any) -> str:
    """A record as the JSON reader reads it: dates, decimals and such become strings."""
    if isinstance(record, Mapping) and not isinstance(record, dict):
        record = dict(record)
    return json.dumps(record, ensure_ascii=False, default=str, skipkeys=True)
