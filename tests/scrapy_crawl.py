"""A real Scrapy crawl of the pages in ``tests/site/``, served on 127.0.0.1, for test_scrapy.py.

Run as ``python scrapy_crawl.py SITE OUT SETTINGS_JSON``: serves SITE on an ephemeral
loopback port, crawls it with NewsQAPipeline in ITEM_PIPELINES (plus SETTINGS_JSON), and
writes OUT/stats.json (the crawler's stats), OUT/items.jsonl (the feed) and
OUT/requests.json (the paths the server was asked for). Only loopback traffic.
"""

from __future__ import annotations

import dataclasses
import functools
import http.server
import json
import sys
import threading
from pathlib import Path

import attrs
import scrapy
from scrapy.crawler import CrawlerProcess


class NewsItem(scrapy.Item):
    url = scrapy.Field()
    title = scrapy.Field()
    body = scrapy.Field()
    captions = scrapy.Field()
    newsqa = scrapy.Field()


@dataclasses.dataclass
class NewsRecord:  # no ``newsqa`` field: findings cannot be attached
    url: str
    title: str
    body: list[str]
    captions: list[str]


@attrs.define
class AttrsRecord:
    url: str
    title: str
    body: list[str]
    captions: list[str]
    newsqa: list | None = None


def make_item(kind: str, fields: dict):
    if kind == "marker":
        return NewsItem(**fields)
    if kind == "copy":
        return NewsRecord(**fields)
    if kind == "mojibake":
        return AttrsRecord(**fields)
    return fields


class SiteSpider(scrapy.Spider):
    name = "site"

    def __init__(self, base: str, **kwargs):
        super().__init__(**kwargs)
        self.base = base

    async def start(self):
        yield scrapy.Request(f"{self.base}/index.html")

    def start_requests(self):  # Scrapy before 2.13
        yield scrapy.Request(f"{self.base}/index.html")

    def parse(self, response):
        links = response.css("a.story::attr(href)").getall()
        for number, link in enumerate(links):
            # One request at a time, in link order: which copy of a story comes first is fixed.
            yield response.follow(link, self.parse_article, priority=len(links) - number)

    def parse_article(self, response):
        fields = {
            "url": response.url,
            "title": response.css("h1::text").get(),
            "body": response.css("article p::text").getall(),
            "captions": response.css("figcaption::text").getall(),
        }
        yield make_item(response.url.rsplit("/", 1)[-1].removesuffix(".html"), fields)


def serve(site: Path, requests: list[str]) -> http.server.ThreadingHTTPServer:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            requests.append(self.path)
            super().do_GET()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    site, out, extra = Path(sys.argv[1]), Path(sys.argv[2]), json.loads(sys.argv[3])
    requests: list[str] = []
    server = serve(site, requests)
    settings = {
        "ITEM_PIPELINES": {"pytest_newsqa.scrapy.NewsQAPipeline": 300},
        "FEEDS": {str(out / "items.jsonl"): {"format": "jsonlines"}},
        "ROBOTSTXT_OBEY": False,
        "CONCURRENT_REQUESTS": 1,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "INFO",
        **extra,
    }
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(SiteSpider)
    process.crawl(crawler, base=f"http://127.0.0.1:{server.server_port}")
    process.start()
    server.shutdown()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    (out / "stats.json").write_text(json.dumps(stats, default=str))
    (out / "requests.json").write_text(json.dumps(requests))


if __name__ == "__main__":
    main()
