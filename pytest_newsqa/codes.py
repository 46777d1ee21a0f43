"""Codes of the built-in rules that the machinery itself handles, by name.

The engine reports files it cannot read under ``UNREADABLE`` and computes body fingerprints
when ``DUPLICATE_ARTICLE`` is on; the aggregate and ``merge`` decide that rule's cross-file
findings. Codes are never reused, so these never change.
"""

from __future__ import annotations

DUPLICATE_ARTICLE = "NWS501"
DUPLICATE_ARTICLE_NAME = "duplicate-article"
UNREADABLE = "NWS901"
