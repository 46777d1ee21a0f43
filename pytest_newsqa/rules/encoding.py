"""Character-level damage: files that are not UTF-8, and text garbled before it reached us."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pytest_newsqa.model import Article, Hit, Source
from pytest_newsqa.rule import rule
from pytest_newsqa.settings import Settings


@rule("NWS401", "encoding", "The file is not valid UTF-8, or declares another charset.", scope="file")
def encoding(source: Source, options: Settings) -> Iterator[Hit]:
    """Finds a file that is not UTF-8 (a legacy charset such as windows-1252, or UTF-16
    with or without a byte-order mark), or an HTML page whose ``<meta charset>`` disagrees
    with its bytes. The message names the charset detected by chardet and its confidence,
    and the file is still checked as decoded. A UTF-8 byte-order mark is accepted.
    Reported on line 0.

    Why: a pipeline that assumes UTF-8 will garble or drop these files downstream.

    Example: a Latin-1 file with ``Café`` written as the single byte ``0xE9``.

    Options: none.
    """
    if source.decoded.problem:
        yield Hit(0, source.decoded.problem)


def _byte_chars(first: int, last: int) -> str:
    """The characters windows-1252 shows for a byte range (Latin-1 for its five holes)."""
    chars = []
    for byte in range(first, last + 1):
        try:
            chars.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            chars.append(bytes([byte]).decode("latin-1"))
    return "".join(chars)


_TO_BYTE = {char: byte for byte, char in zip(range(0x80, 0x100), _byte_chars(0x80, 0xFF), strict=True)}
# Decoded as Latin-1 instead of windows-1252, bytes 0x80-0x9F become C1 control characters.
_TO_BYTE.update({chr(byte): byte for byte in range(0x80, 0xA0)})
_CONT = re.escape(_byte_chars(0x80, 0xBF) + "".join(chr(b) for b in range(0x80, 0xA0)))
_LEAD2 = re.escape(_byte_chars(0xC2, 0xDF))
_LEAD3 = re.escape(_byte_chars(0xE0, 0xEF))
_LEAD4 = re.escape(_byte_chars(0xF0, 0xF4))
# UTF-8 byte sequences shown as windows-1252/Latin-1 characters: "Ã¼" for "ü", "â€œ" for "“".
_CANDIDATE = re.compile(rf"[{_LEAD4}][{_CONT}]{{3}}|[{_LEAD3}][{_CONT}]{{2}}|â€|[{_LEAD2}][{_CONT}]")
# Real text puts an accented capital before a quote or dash ("CAFÉ’S"): weak evidence alone.
_QUOTELIKE = set("’”“‘‚„–—…«»‹›")


def _is_mojibake(candidate: str) -> bool:
    data = bytes(_TO_BYTE.get(char, 0) for char in candidate)
    if candidate == "â€":
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not (len(candidate) == 2 and candidate[1] in _QUOTELIKE)


def find_mojibake(text: str) -> list[str]:
    """The garbled sequences in a text (empty for clean text in any script)."""
    if text.isascii():  # the common case, and a fast one: mojibake is never ASCII
        return []
    return [m.group() for m in _CANDIDATE.finditer(text) if _is_mojibake(m.group())]


@rule("NWS402", "mojibake", "Text was garbled upstream by decoding UTF-8 with the wrong charset.")
def mojibake(article: Article, options: Settings) -> Iterator[Hit]:
    """Finds UTF-8 text that was decoded as windows-1252 or Latin-1 somewhere upstream and
    stored garbled: ``TÃ¼rkiye`` for ``Türkiye``, ``â€œ`` for ``“``, ``Ø§Ù„`` for ``ال``,
    ``ÐŸÑ€Ð¸`` for ``При``. Only sequences that decode back to valid UTF-8 count, so Korean,
    Japanese, Cyrillic, Arabic, Greek, Turkish and accented Latin text stays silent. The
    message shows what was meant. One finding per line.

    Why: the damage is invisible to byte-level checks (the file is valid UTF-8) but ruins
    every name and quote it touches.

    Example: ``Security talks in TÃ¼rkiye``.

    Options: none.
    """
    units = article.all_units()
    for unit in units:
        found = find_mojibake(unit.text)
        if found:
            repaired = _repair(found[0])
            yield Hit(unit.line, f"garbled text {found[0]!r} (UTF-8 read as windows-1252; meant {repaired!r})")


def _repair(candidate: str) -> str:
    data = bytes(_TO_BYTE.get(char, 0) for char in candidate)
    return data.decode("utf-8", errors="replace")


RULES = [encoding, mojibake]
