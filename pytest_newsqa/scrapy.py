"""A Scrapy item pipeline: the same rules on every item while the crawl runs.

Enable it in ``ITEM_PIPELINES``; configure it with ``NEWSQA_*`` settings that mirror the ini
keys (README, section "Scrapy"). Needs the ``scrapy`` extra: ``pip install pytest-newsqa[scrapy]``.
"""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from pytest_newsqa.api import (
    RecordStream,
    failure_reason,
    finding_records,
    import_plugins,
    make_engine,
    stat_keys,
)
from pytest_newsqa.model import FileResult
from pytest_newsqa.outputs import write_report
from pytest_newsqa.outputs.text import summary_lines
from pytest_newsqa.rule import RuleError
from pytest_newsqa.settings import OPTION_KEYS, ConfigError

logger = logging.getLogger(__name__)

ACTIONS = ("log", "keep", "drop")
STATS = "newsqa"


class NewsQAConfigError(ValueError):
    """A ``NEWSQA_*`` setting that cannot be used: raised when the crawler starts."""


def setting_label(key: str) -> str:
    return f"NEWSQA_{key.upper()}"


class NewsQAPipeline:
    """Checks each item as a JSON record; counts, logs, attaches or drops; writes the report.

    ``NEWSQA_ACTION``: ``log`` (default: items pass unchanged, failures are logged),
    ``keep`` (findings attached to the ``NEWSQA_FIELD`` field, default ``newsqa``), or
    ``drop`` (items with a finding that fails them are dropped with the reason).
    """

    def __init__(self, crawler: Any) -> None:
        settings = crawler.settings
        self.stats = crawler.stats
        self.action = str(settings.get("NEWSQA_ACTION") or "log").lower()
        if self.action not in ACTIONS:
            raise NewsQAConfigError(
                f"pytest-newsqa configuration: NEWSQA_ACTION: expected one of {', '.join(ACTIONS)}: "
                f"{settings.get('NEWSQA_ACTION')!r}"
            )
        self.field = settings.get("NEWSQA_FIELD") or "newsqa"
        self.name_field = settings.get("NEWSQA_NAME_FIELD") or "url"
        self.report = settings.get("NEWSQA_REPORT")
        options = {key: settings.get(setting_label(key)) for key in OPTION_KEYS}
        options = {key: value for key, value in options.items() if value not in (None, "", [], ())}
        try:
            plugins = import_plugins(settings.getlist("NEWSQA_PLUGINS"), "NEWSQA_PLUGINS")
            engine = make_engine(
                options, *plugins, entry_points=settings.getbool("NEWSQA_ENTRY_POINTS", True), label=setting_label
            )
        except (ConfigError, RuleError) as exc:
            raise NewsQAConfigError(f"pytest-newsqa configuration: {exc}") from None
        self.engine = engine
        self.stream = RecordStream(engine)
        self._unattached = False

    @classmethod
    def from_crawler(cls, crawler: Any) -> NewsQAPipeline:
        return cls(crawler)

    # Scrapy before 2.13 passes the spider; later versions call these without it.
    def open_spider(self, spider: Any = None) -> None:
        self.stats.set_value(f"{STATS}/items_checked", 0)
        self.stats.set_value(f"{STATS}/items_failed", 0)

    def process_item(self, item: Any, spider: Any = None) -> Any:
        adapter = ItemAdapter(item)
        record = adapter.asdict()
        result = self.stream.check_record(record, record.get(self.name_field))
        self._count(result)
        if self.action == "keep":
            self._attach(adapter, result)
        if result.status != "failed":
            return item
        if self.action == "drop":
            self.stats.inc_value(f"{STATS}/items_dropped")
            raise DropItem(failure_reason(result, self.engine))
        if self.action == "log":
            logger.warning("%s", "\n".join(["newsqa: item failed:", *(f.format() for f in result.findings)]))
        return item

    def _count(self, result: FileResult) -> None:
        self.stats.inc_value(f"{STATS}/items_checked")
        if result.status == "failed":
            self.stats.inc_value(f"{STATS}/items_failed")
        if result.findings:
            self.stats.inc_value(f"{STATS}/items_with_findings")
        for key in stat_keys(result, STATS):
            self.stats.inc_value(key)
            self.stats.inc_value(f"{STATS}/findings")

    def _attach(self, adapter: ItemAdapter, result: FileResult) -> None:
        try:
            adapter[self.field] = finding_records(result)
        except KeyError:  # a scrapy.Item, dataclass or attrs item without that field
            self.stats.inc_value(f"{STATS}/findings_not_attached")
            if not self._unattached:
                self._unattached = True
                logger.error(
                    "newsqa: cannot attach findings to %s items: declare a field %r (NEWSQA_FIELD)",
                    type(adapter.item).__name__,
                    self.field,
                )

    def close_spider(self, spider: Any = None) -> None:
        """The verdict of the crawl: duplicates across items, the rate gate, the report."""
        aggregate = self.stream.finish()
        summary = aggregate.summary()
        self.stats.set_value(f"{STATS}/gate_passed", int(summary["gate"]["passed"]))
        self.stats.set_value(f"{STATS}/passed", int(summary["passed"]))
        for line in summary_lines(aggregate):
            log = logger.error if line.startswith("GATE FAILED") else logger.info
            log("newsqa: %s", line)
        if self.report:
            write_report(self.report, aggregate)
            logger.info("newsqa: report written to %s", self.report)
