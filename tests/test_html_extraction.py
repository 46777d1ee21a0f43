"""The article the HTML reader finds on full real pages, scored on labelled snippets.

``../shared/corpora/trafilatura-eval-part/evaldata.json`` marks, for each saved page, snippets of
its main text (``with``) and of its boilerplate (``without``). The score is the share of main-text
snippets the article holds and the share of boilerplate snippets it lets in, white space
normalized (trafilatura 2.3 itself keeps 0.93 and lets in 0.10 on the whole set).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pytest_newsqa.decode import declared_charset, decode
from pytest_newsqa.readers.html import read_html

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "trafilatura-eval-part"
pytestmark = pytest.mark.skipif(
    not (CORPUS / "evaldata.json").is_file(),
    reason="the shared trafilatura-eval-part corpus is not beside this checkout",
)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _scores() -> tuple[float, float, int]:
    labels = json.loads((CORPUS / "evaldata.json").read_text(encoding="utf-8"))
    kept = main = let_in = boilerplate = pages = 0
    for record in labels.values():
        path = CORPUS / "pages" / record["file"]
        if not path.is_file():
            continue
        data = path.read_bytes()
        article = read_html(decode(data, declared=declared_charset(data)).text).articles[0]
        units = ([article.headline] if article.headline else []) + article.units()
        text = _flat("\n".join(unit.text for unit in units))
        kept += sum(_flat(snippet) in text for snippet in record["with"])
        let_in += sum(_flat(snippet) in text for snippet in record["without"])
        main += len(record["with"])
        boilerplate += len(record["without"])
        pages += 1
    return kept / main, let_in / boilerplate, pages


def test_full_pages_keep_the_main_text_and_leave_out_most_boilerplate():
    keep, let_in, pages = _scores()
    assert pages >= 100
    assert keep >= 0.92, f"keeps {keep:.3f} of main-text snippets"
    assert let_in <= 0.15, f"lets in {let_in:.3f} of boilerplate snippets"
