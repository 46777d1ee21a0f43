"""Generate a realistic scrape run: N files of about 5 KB in every format, a few percent defective.

Every article is distinct (seeded random text), so duplicate-article fires only where a
duplicate is planted on purpose.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

WORDS = (
    "the council government minister said on monday tuesday officials city police report market prices rose fell "
    "according to statement talks agreement security forces president election vote parliament budget plan new "
    "year week people country region border refugees aid workers company shares investors bank rate inflation "
    "economy growth health hospital school students water energy oil gas power climate storm rain weather team "
    "match season players coach fans museum film music festival court judge law case trial witness prison"
).split()
DEFECTS = ["marker", "headline", "caption", "truncated", "mojibake", "markup", "duplicate"]


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 24))]
    return " ".join(words).capitalize() + f" {rng.randint(1, 99_999)}."


def article(rng: random.Random, size: int = 5000) -> tuple[str, list[str]]:
    headline = " ".join(rng.choice(WORDS) for _ in range(8)).title() + f" {rng.randint(1, 10**9)}"
    paragraphs: list[str] = []
    while sum(len(p) for p in paragraphs) < size - 400:
        paragraphs.append(" ".join(sentence(rng) for _ in range(rng.randint(2, 4))))
    return headline, paragraphs


def damage(kind: str, headline: str, paragraphs: list[str], shared: list[str]) -> list[str]:
    if kind == "marker":
        return [*paragraphs[:2], "Advertisement", *paragraphs[2:]]
    if kind == "headline":
        return [headline, *paragraphs]
    if kind == "caption":
        return [*paragraphs, "Officials at the meeting (AFP)", "Officials at the meeting (AFP)"]
    if kind == "truncated":
        return [*paragraphs[:-1], paragraphs[-1][: len(paragraphs[-1]) // 2].rstrip(" .")]
    if kind == "mojibake":
        return [paragraphs[0] + " in TÃ¼rkiye", *paragraphs[1:]]
    if kind == "markup":
        return [paragraphs[0] + "<br>", *paragraphs[1:]]
    return shared  # duplicate: the body of another file


def render(suffix: str, headline: str, paragraphs: list[str]) -> str:
    if suffix == ".txt":
        return "\n\n".join([headline, *paragraphs]) + "\n"
    if suffix == ".html":
        body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
        return (
            f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{headline}</title></head><body>"
            f"<nav>Home | World</nav><article><h1>{headline}</h1>\n{body}\n</article><footer>(c)</footer></body></html>"
        )
    record = {"title": headline, "body": "\n\n".join(paragraphs), "url": "https://example.com/x"}
    if suffix == ".json":
        return json.dumps(record, ensure_ascii=False, indent=1)
    return json.dumps(record, ensure_ascii=False) + "\n"


def generate(directory: Path, count: int, defect_rate: float = 0.03, seed: int = 7) -> None:
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    suffixes = [".txt"] * 5 + [".html"] * 2 + [".json"] * 1 + [".jsonl"] * 2
    shared: list[str] = []
    for number in range(count):
        headline, paragraphs = article(rng)
        if rng.random() < defect_rate and shared:
            paragraphs = damage(rng.choice(DEFECTS), headline, paragraphs, shared)
        if number == 0:
            shared = paragraphs
        suffix = suffixes[number % len(suffixes)]
        sub = directory / f"{number // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"article_{number:06d}{suffix}").write_text(render(suffix, headline, paragraphs), encoding="utf-8")
