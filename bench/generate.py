"""Generate a realistic scrape run: N files of about 5 KB in every format, a few percent defective.

Every article is distinct (seeded random text), so duplicate-article fires only where a
duplicate is planted on purpose.

    python bench/generate.py /tmp/newsqa-1m --files 1000000 --size 1500 --pool

writes a million files in a few minutes with flat memory: files are written one at a time,
and ``--pool`` draws sentences from a fixed pool (each with its own number, so articles
stay distinct) instead of word by word, which is what makes it fast.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable
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


def pooled(rng: random.Random, size: int = 2048) -> Callable[[random.Random], str]:
    """A sentence maker drawing from ``size`` sentences made once; each gets a fresh number."""
    pool = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 24))).capitalize() for _ in range(size)]

    def make(rng: random.Random) -> str:
        return f"{pool[int(rng.random() * size)]} {int(rng.random() * 99_999) + 1}."

    return make


def article(
    rng: random.Random, size: int = 5000, make: Callable[[random.Random], str] = sentence
) -> tuple[str, list[str]]:
    headline = " ".join(rng.choice(WORDS) for _ in range(8)).title() + f" {rng.randint(1, 10**9)}"
    paragraphs: list[str] = []
    while sum(len(p) for p in paragraphs) < size - 400:
        paragraphs.append(" ".join(make(rng) for _ in range(rng.randint(2, 4))))
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


def generate(
    directory: Path, count: int, defect_rate: float = 0.03, seed: int = 7, size: int = 5000, pool: bool = False
) -> None:
    """Write ``count`` files into ``directory`` (1,000 per subfolder), one at a time: memory
    stays flat whatever the count. The default (word by word, 5 KB) is the corpus the
    README's tables were measured on; ``pool`` is about ten times faster."""
    rng = random.Random(seed)
    make = pooled(rng) if pool else sentence
    directory.mkdir(parents=True, exist_ok=True)
    suffixes = [".txt"] * 5 + [".html"] * 2 + [".json"] * 1 + [".jsonl"] * 2
    shared: list[str] = []
    width = max(6, len(str(count - 1)))
    sub = directory
    for number in range(count):
        headline, paragraphs = article(rng, size, make)
        if rng.random() < defect_rate and shared:
            paragraphs = damage(rng.choice(DEFECTS), headline, paragraphs, shared)
        if number == 0:
            shared = paragraphs
        suffix = suffixes[number % len(suffixes)]
        if number % 1000 == 0:
            sub = directory / f"{number // 1000:03d}"
            sub.mkdir(exist_ok=True)
        (sub / f"article_{number:0{width}d}{suffix}").write_text(render(suffix, headline, paragraphs), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory", type=Path, help="where to write (a new folder, outside the repository)")
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--size", type=int, default=5000, help="about how many bytes of body text per file")
    parser.add_argument("--pool", action="store_true", help="draw sentences from a fixed pool (fast)")
    parser.add_argument("--defect-rate", type=float, default=0.03)
    args = parser.parse_args()
    start = time.perf_counter()
    generate(args.directory, args.files, args.defect_rate, size=args.size, pool=args.pool)
    print(f"{args.files} files in {time.perf_counter() - start:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
