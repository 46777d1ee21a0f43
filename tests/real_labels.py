"""Labels for the real-data accuracy test: an extractor's output diffed against the human
ground truth of the same page (../shared/corpora/zyte-aeb-train, see its README).

No judgement goes into a label: a body paragraph that is not in the ground truth is residue
the extractor let in; a paragraph printed more often than the ground truth prints it is a
duplicate; the title as a body paragraph where the ground truth has none is a duplicate
headline; a last paragraph that is a cut-off prefix of a ground-truth paragraph is a cut.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pytest_newsqa.model import normalize

_WORD = re.compile(r"\w+")
# The README's one ground truth that really is cut ("All...").
CUT_TRUTHS = frozenset({"042bb7b5fedab6ea"})
# Lines this short are compared with whole ground-truth paragraphs: "Home" or "Share" would
# otherwise match some word of the story.
_SHORT_TOKENS = 3
_MIN_DUPLICATE_CHARS = 20
# A duplicate paragraph is prose printed again: it ends like a sentence. A heading, a table
# row or a menu line printed twice is not one (the definition).
_SENTENCE_END = re.compile(r"""[.!?…。！？]["'”’»)\]]*\s*\Z""")
_BULLET = re.compile(r"^\s*(?:[*#•>-]|\d{1,3}[.)]\s)")
_MIN_PROSE_WORDS = 7


def _is_prose(text: str) -> bool:
    """Seven words or more, ending like a sentence, not a list item (list items repeat by design)."""
    return len(text.split()) >= _MIN_PROSE_WORDS and bool(_SENTENCE_END.search(text)) and not _BULLET.match(text)


_PARAGRAPH = re.compile(r"(?:body )?paragraphs? (\d+)(?:[–-](\d+))?")


def paragraphs(body: str) -> list[str]:
    """The body paragraphs exactly as the JSON reader splits them."""
    return [part.strip() for part in re.split(r"\n+", body) if part.strip()]


_NGRAM = 4
_MIN_COVERED = 0.5


def _covered(words: list[str], stream: str) -> float:
    """The share of a line's words that sit in some run of 4 words found in the ground truth:
    extractors merge or split paragraphs, so a line is compared by its word runs."""
    if f" {' '.join(words)} " in stream:
        return 1.0
    covered = [False] * len(words)
    for start in range(len(words) - _NGRAM + 1):
        if f" {' '.join(words[start : start + _NGRAM])} " in stream:
            covered[start : start + _NGRAM] = [True] * _NGRAM
    return sum(covered) / len(words)


def _tokens(text: str) -> str:
    return " ".join(_WORD.findall(normalize(text)))


@dataclass
class Labels:
    key: str
    paragraphs: list[str]
    residue: set[int] = field(default_factory=set)
    """1-based numbers of body paragraphs that the ground truth does not hold."""
    duplicate: bool = False
    duplicate_headline: bool = False
    truncated: bool = False


def label(output: dict, truth: dict, key: str) -> Labels:
    body = paragraphs(output.get("body") or "")
    true_paragraphs = paragraphs(truth.get("body") or "")
    true_keys = Counter(normalize(p) for p in true_paragraphs)
    true_short = {_tokens(p) for p in true_paragraphs}
    true_stream = " " + " ".join(_tokens(p) for p in true_paragraphs) + " "
    title = normalize(output.get("title") or "")
    labels = Labels(key, body)
    for number, text in enumerate(body, start=1):
        tokens = _tokens(text)
        if not any(c.isalnum() for c in text):
            continue  # punctuation alone ("* * *", "[]"): compared whole below
        words = tokens.split()
        short = len(words) <= _SHORT_TOKENS
        if (tokens not in true_short) if short else _covered(words, true_stream) < _MIN_COVERED:
            if normalize(text) != title:  # the headline again is its own label
                labels.residue.add(number)
    for number, text in enumerate(body, start=1):
        if not any(c.isalnum() for c in text) and normalize(text) not in true_keys:
            labels.residue.add(number)
    counts = Counter(normalize(p) for p in body)
    labels.duplicate = any(
        n > max(1, true_keys.get(k, 0)) and len(k) >= _MIN_DUPLICATE_CHARS and _is_prose(k) for k, n in counts.items()
    )
    labels.duplicate_headline = bool(title) and title in counts and title not in true_keys
    if body:
        last = normalize(body[-1])
        labels.truncated = any(t.startswith(last) and len(t) > len(last) for t in true_keys)
        if key in CUT_TRUTHS and true_paragraphs:  # the page itself is cut; an output ending the same way is too
            labels.truncated |= last.endswith(normalize(true_paragraphs[-1])[-40:])
    return labels


def finding_paragraphs(message: str) -> range | None:
    """The body paragraphs a finding's message names ("body paragraph 4", "paragraphs 4–9")."""
    match = _PARAGRAPH.search(message)
    if not match:
        return None
    first = int(match.group(1))
    return range(first, int(match.group(2) or first) + 1)


def corpus_pairs(corpus: Path) -> list[tuple[str, Path, Path]]:
    """(extractor, output file, ground-truth file) for every output that has a ground truth."""
    truths = corpus / "ground-truth"
    pairs = []
    for output in sorted((corpus / "extractors").glob("*/*.json")):
        truth = truths / output.name
        if truth.is_file():
            pairs.append((output.parent.name, output, truth))
    return pairs


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
