"""How file results travel from an xdist worker to the controller, on the test report.

A string, not nested lists and dicts: xdist sends reports with execnet, whose serializer
is pure Python and walks every element, while ``json`` is C. A batch of 500 files costs
the controller milliseconds, not a share of a core.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Iterator

from pytest_newsqa.model import FileResult, Finding


def to_wire(results: list[FileResult]) -> str:
    """File results as one JSON string (headlines kept, for the failure text)."""
    records = []
    for result in results:
        data = result.to_json()
        data["findings"] = [f.to_json(with_headline=True) for f in result.findings]
        records.append(data)
    return json.dumps(records, ensure_ascii=False, separators=(",", ":"))


def from_wire(payload: str) -> list[FileResult]:
    records = json.loads(payload)
    return [FileResult.from_json(data, [Finding.from_json(f) for f in data["findings"]]) for data in records]


NO_RESULTS = to_wire([])
"""The payload of a newsqa item's setup and teardown reports: it marks them as ours."""


def pack_paths(paths: Iterable[str]) -> bytes:
    """Many paths as one compressed string: the files an xdist worker collected.

    A million paths as a list cost the controller some 80 MB to receive and as much again
    as strings; compressed, a few MB, unpacked one at a time (paths are escaped by
    :func:`~pytest_newsqa.model.escape_path`, so none holds a newline).
    """
    packer = zlib.compressobj(6)
    chunks = []
    batch: list[str] = []
    for path in paths:
        batch.append(path)
        if len(batch) >= 4096:
            chunks.append(packer.compress(("\n".join(batch) + "\n").encode("utf-8")))
            batch = []
    if batch:
        chunks.append(packer.compress(("\n".join(batch) + "\n").encode("utf-8")))
    chunks.append(packer.flush())
    return b"".join(chunks)


def unpack_paths(packed: bytes) -> Iterator[str]:
    """The paths :func:`pack_paths` packed, in order, decompressed a piece at a time."""
    unpacker = zlib.decompressobj()
    rest = b""
    for start in range(0, len(packed), 1 << 16):
        rest += unpacker.decompress(packed[start : start + (1 << 16)])
        *lines, rest = rest.split(b"\n")
        yield from (line.decode("utf-8") for line in lines)
    rest += unpacker.flush()
    yield from (line.decode("utf-8") for line in rest.split(b"\n") if line)


def pack_pairs(pairs: Iterable[tuple[str, str]]) -> bytes:
    """(node id, file) pairs packed as :func:`pack_paths` packs paths, one JSON array a line
    (a node id is not escaped: JSON keeps its newlines and lone surrogates off the line)."""
    return pack_paths(json.dumps(list(pair)) for pair in pairs)


def unpack_pairs(packed: bytes) -> Iterator[tuple[str, str]]:
    """The pairs :func:`pack_pairs` packed, in order."""
    for line in unpack_paths(packed):
        nodeid, path = json.loads(line)
        yield nodeid, path
