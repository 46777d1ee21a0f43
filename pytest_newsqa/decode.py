"""bytes → text: BOM first, then strict UTF-8, then the declared charset (HTML), then chardet.

The result says how the text was obtained, so the encoding rule can report it without
decoding again.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Any

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Bytes that never occur in text: C0 controls other than tab, newline, form feed, carriage return.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
_BINARY_CONTROL_SHARE = 0.05

_META_CHARSET = re.compile(rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class Decoded:
    """Decoded text and how it was obtained.

    ``problem`` is set when the bytes are not plain UTF-8 (or disagree with a declared
    charset); ``binary`` when they are not text at all.
    """

    text: str
    encoding: str
    problem: str | None = None
    binary: bool = False


def canonical_charset(name: str) -> str | None:
    """Python's canonical codec name for a charset label, or None when it is unknown."""
    try:
        return codecs.lookup(name.strip()).name
    except (LookupError, ValueError):
        return None


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML document declares in a ``<meta>`` in its first 4 KB."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "replace") if match else None


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control bytes: not a text file (UTF-16/32 are caught by BOM first)."""
    sample = data[:8192]
    if not sample:
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return b"\x00" in sample or controls / len(sample) > _BINARY_CONTROL_SHARE


def _strict_utf8(data: bytes, cut: bool) -> str:
    """Strict UTF-8; with ``cut``, a character split by the byte limit at the end is dropped."""
    if not cut:
        return data.decode("utf-8")
    return codecs.getincrementaldecoder("utf-8")().decode(data, final=False)


def decode(data: bytes, *, declared: str | None = None, cut: bool = False) -> Decoded:
    """Decode scraped bytes. Never raises: undecodable input comes back ``binary``.

    ``declared`` is a charset the document names itself (HTML ``<meta charset>``);
    ``cut`` says the bytes were read only up to a limit, so a trailing partial
    character is expected and dropped.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _decode_bom(data[len(bom) :], name)
    if looks_binary(data):  # NUL is valid UTF-8, so test before decoding
        return _decode_nul_text(data)
    try:
        text = _strict_utf8(data, cut)
    except UnicodeDecodeError:
        return _decode_legacy(data, declared)
    return Decoded(text, "utf-8", problem=_declared_mismatch(declared, data))


def _decode_bom(body: bytes, name: str) -> Decoded:
    text = body.decode(name, errors="replace")
    if name == "utf-8":
        return Decoded(text, "utf-8-sig")
    return Decoded(text, name, problem=f"file is {name.upper()} (byte-order mark), not UTF-8")


def _declared_mismatch(declared: str | None, data: bytes) -> str | None:
    """A UTF-8 document that declares another charset, where the difference can matter."""
    if declared is None:
        return None
    canonical = canonical_charset(declared)
    if canonical in ("utf-8", "utf-8-sig"):
        return None
    if canonical is not None and data.isascii() and canonical not in ("utf-16", "utf-32"):
        return None  # ASCII bytes read the same in every ASCII-compatible charset.
    return f"declares charset={declared} but the bytes are UTF-8"


def _detect(sample: bytes) -> dict[str, Any]:
    """chardet's guess. Imported here, on the first file that is not UTF-8: most runs never
    meet one, and the import costs every pytest process (and xdist worker) 65 ms."""
    import chardet

    return dict(chardet.detect(sample))


def _nuls_aligned(sample: bytes) -> bool:
    """UTF-16 text puts its NUL bytes on one parity (the high bytes of ASCII characters)."""
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    return max(even, odd) >= 0.9 * (even + odd) and (even + odd) >= len(sample) // 8


def _decode_nul_text(data: bytes) -> Decoded:
    """UTF-16/32 without a byte-order mark is text with NULs; anything else with them is binary."""
    guess = _detect(data[:65536])
    encoding = (guess.get("encoding") or "").lower()
    if not encoding.startswith(("utf-16", "utf-32")) or not _nuls_aligned(data[:65536]):
        return Decoded("", "binary", binary=True)
    text = data.decode(encoding, errors="replace")
    confidence = float(guess.get("confidence") or 0.0)
    return Decoded(
        text,
        encoding,
        problem=f"file is {encoding.upper()} without a byte-order mark, not UTF-8"
        f" (chardet confidence {confidence:.2f})",
    )


def _decode_legacy(data: bytes, declared: str | None) -> Decoded:
    canonical = canonical_charset(declared) if declared else None
    if canonical and canonical not in ("utf-8", "utf-8-sig"):
        try:
            text = data.decode(canonical)
        except (UnicodeDecodeError, LookupError):
            pass
        else:
            return Decoded(text, canonical, problem=f"not UTF-8: decoded as its declared charset {declared}")
    return _decode_with_chardet(data, declared)


def _decode_with_chardet(data: bytes, declared: str | None) -> Decoded:
    guess = _detect(data[:65536])
    encoding = guess.get("encoding") or "windows-1252"
    confidence = float(guess.get("confidence") or 0.0)
    canonical = canonical_charset(encoding) or "cp1252"
    text = data.decode(canonical, errors="replace")
    problem = f"not UTF-8: detected {encoding} (chardet confidence {confidence:.2f})"
    if declared and canonical_charset(declared) in ("utf-8", "utf-8-sig"):
        problem = f"declares charset={declared} but the bytes are {problem}"
    return Decoded(text, encoding.lower(), problem=problem)
