"""Precision and recall of every rule on a labelled corpus of planted defects, in every format.

Each file is a distinct synthetic article with at most one planted defect (or none); a rule
must find its defect and stay silent on every other file.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from pytest_newsqa.aggregate import Aggregate
from pytest_newsqa.settings import Settings
from pytest_newsqa.standalone import make_engine

WORDS = (
    "council government minister officials city police report market prices rose fell talks agreement "
    "security forces president election vote parliament budget plan year week people country region border "
    "refugees aid workers company shares investors bank rate inflation economy growth hospital school"
).split()
CAPTION = "Officials at the meeting on Monday (AFP)"
SUFFIXES = (".txt", ".html", ".json", ".jsonl")
Article = tuple[str, list[str], list[str]]  # headline, paragraphs, captions


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 16))]
    return " ".join(words).capitalize() + rng.choice([".", ".", ".", "?", ", officials said.", '," he said.'])


def article(rng: random.Random) -> Article:
    headline = " ".join(rng.choice(WORDS) for _ in range(6)).title() + f" {rng.randint(1, 10**9)}"
    paragraphs = [" ".join(sentence(rng) for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(3, 8))]
    return headline, paragraphs, [CAPTION] if rng.random() < 0.5 else []


def cut(rng: random.Random, headline: str, paragraphs: list[str], captions: list[str]) -> Article:
    last = paragraphs[-1]
    end = rng.randint(len(last) // 3, len(last) - 4)
    while last[end - 1] in '.?!," ':  # a cut right after a sentence end leaves no trace
        end -= 1
    return headline, [*paragraphs[:-1], last[:end] + rng.choice(["", "", "...", "…", " [+1234 chars]"])], captions


def insert(text: str) -> Callable[[random.Random, str, list[str], list[str]], Article]:
    return lambda rng, h, ps, caps: (h, [*ps[:2], text, *ps[2:]], caps)


DEFECTS: dict[str, Callable[[random.Random, str, list[str], list[str]], Article]] = {
    "NWS101": lambda rng, h, ps, caps: (h, [h, *ps], caps),
    "NWS102": lambda rng, h, ps, caps: (h, ps, [CAPTION] * rng.randint(2, 4)),
    "NWS103": lambda rng, h, ps, caps: (h, [*ps, ps[0]], caps),
    "NWS201": lambda rng, h, ps, caps: insert(rng.choice(["TT", "20", "Advertisement", "Share", "1.2K"]))(
        rng, h, ps, caps
    ),
    "NWS202": lambda rng, h, ps, caps: (h, [ps[0] + rng.choice(["&lt;br&gt;", " &amp;nbsp;"]), *ps[1:]], caps),
    "NWS301": cut,
    "NWS302": lambda rng, h, ps, caps: (h, [], caps),
    "NWS402": lambda rng, h, ps, caps: (h, [ps[0] + " in TÃ¼rkiye, â€œquotedâ€\x9d.", *ps[1:]], caps),
}


def render(suffix: str, headline: str, paragraphs: list[str], captions: list[str]) -> str:
    if suffix == ".txt":
        lead = "\n" + "\n".join((" " if i % 2 else "") + c for i, c in enumerate(captions)) + "\n" if captions else ""
        return f"{headline}\n{lead}\n" + "\n\n".join(paragraphs) + "\n"
    if suffix == ".html":
        figures = "".join(f"<figure><figcaption>{c}</figcaption></figure>" for c in captions)
        body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
        return f"<html><body><nav>Home</nav><article><h1>{headline}</h1>\n{figures}\n{body}</article></body></html>"
    record = json.dumps({"title": headline, "body": "\n\n".join(paragraphs), "captions": captions})
    return record if suffix == ".json" else record + "\n"


def build(directory: Path, count: int, seed: int = 3) -> dict[str, set[str]]:
    """Write the corpus; return the codes each file should get."""
    rng = random.Random(seed)
    labels: dict[str, set[str]] = {}
    original = article(rng)
    for number in range(count):
        headline, paragraphs, captions = article(rng)
        suffix = SUFFIXES[number % len(SUFFIXES)]
        name = f"f{number:04d}{suffix}"
        kind = rng.choice([None, None, *DEFECTS, "NWS401", "NWS501"])
        if kind in DEFECTS:
            headline, paragraphs, captions = DEFECTS[kind](rng, headline, paragraphs, captions)
        if kind == "NWS501":
            paragraphs = original[1]
        text = render(suffix, headline, paragraphs, captions)
        if kind == "NWS401":
            (directory / name).write_bytes(text.replace("officials", "officiæls").encode("cp1252"))
        else:
            (directory / name).write_text(text, encoding="utf-8")
        labels[name] = {kind} if kind else set()
    duplicates = [name for name, codes in labels.items() if codes == {"NWS501"}]
    if len(duplicates) == 1:  # a lone copy has no twin in the corpus: not a duplicate
        labels[duplicates[0]] = set()
    return labels


def test_every_rule_is_precise_and_complete(tmp_path):
    labels = build(tmp_path, 400)
    engine = make_engine(Settings())
    aggregate = Aggregate(engine.selector)
    for name in labels:
        aggregate.add(engine.check(tmp_path / name, name).result)
    aggregate.finish()
    hits, false_alarms, misses = Counter(), Counter(), Counter()
    for name, wanted in labels.items():
        found = {f.code for f in aggregate.files[name].findings}
        hits.update(found & wanted)
        false_alarms.update(found - wanted)
        misses.update(wanted - found)
    for code in [*DEFECTS, "NWS401", "NWS501"]:
        precision = hits[code] / max(1, hits[code] + false_alarms[code])
        recall = hits[code] / max(1, hits[code] + misses[code])
        assert hits[code] >= 10, code
        assert precision >= 0.95 and recall >= 0.95, (code, precision, recall)
    clean = [name for name, wanted in labels.items() if not wanted]
    assert all(not aggregate.files[name].findings for name in clean)


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_captions_only_article_is_empty(tmp_path, suffix):
    path = tmp_path / f"a{suffix}"
    path.write_text(render(suffix, "Headline Of The Story", [], [CAPTION]), encoding="utf-8")
    codes = [f.code for f in make_engine(Settings()).check(path).result.findings]
    assert codes == ["NWS302"]
