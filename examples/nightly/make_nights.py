"""Two nights of a made-up scrape, for the README walkthrough (``python examples/nightly/make_nights.py``).

``scrape/2026-11-21/<spider>/`` and ``scrape/2026-11-22/<spider>/``, 60 articles per spider and
night in every format, a few percent defective. On the second night ``metro_times`` starts
cutting a quarter of its bodies short, ``biz_journal`` is gone and ``culture_beat`` is new.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the checkout, for bench.generate

from bench.generate import DEFECTS, article, damage, render

NIGHTS = {
    "2026-11-21": ["biz_journal", "city_wire", "daily_post", "metro_times", "sports_desk"],
    "2026-11-22": ["city_wire", "culture_beat", "daily_post", "metro_times", "sports_desk"],
}
SUFFIXES = [".txt", ".txt", ".html", ".json", ".jsonl"]


def night(root: Path, date: str, spiders: list[str], rng: random.Random, per_spider: int = 60) -> None:
    for spider in spiders:
        folder = root / date / spider
        folder.mkdir(parents=True, exist_ok=True)
        broken = 0.25 if (spider, date) == ("metro_times", "2026-11-22") else 0.0
        for number in range(per_spider):
            headline, paragraphs = article(rng, size=1500)
            if rng.random() < broken:
                paragraphs = damage("truncated", headline, paragraphs, [])
            elif rng.random() < 0.04:
                paragraphs = damage(rng.choice(DEFECTS[:-1]), headline, paragraphs, [])
            suffix = SUFFIXES[number % len(SUFFIXES)]
            (folder / f"{number:04d}{suffix}").write_text(render(suffix, headline, paragraphs), encoding="utf-8")


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "scrape")
    rng = random.Random(2026)
    for date, spiders in NIGHTS.items():
        night(root, date, spiders, rng)
    print(f"wrote {root}/2026-11-21 and {root}/2026-11-22")


if __name__ == "__main__":
    main()
