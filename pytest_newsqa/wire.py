"""How file results travel from an xdist worker to the controller, on the test report.

A string, not nested lists and dicts: xdist sends reports with execnet, whose serializer
is pure Python and walks every element, while ``json`` is C. A batch of 500 files costs
the controller milliseconds, not a share of a core.
"""

from __future__ import annotations

import json

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
