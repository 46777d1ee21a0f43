"""A datatrove filter: the same rules on every document of a corpus, on any executor.

Put :class:`NewsQAFilter` in a pipeline after a reader (README, section "datatrove").
Needs the ``datatrove`` extra: ``pip install pytest-newsqa[datatrove]``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from datatrove.data import Document, DocumentsPipeline
from datatrove.io import DataFolderLike, get_datafolder
from datatrove.pipeline.filters.base_filter import BaseFilter
from datatrove.pipeline.writers.disk_base import DiskWriter

from pytest_newsqa.aggregate import Aggregate
from pytest_newsqa.api import RecordStream, finding_records, import_plugins, make_engine, stat_keys
from pytest_newsqa.engine import Engine
from pytest_newsqa.outputs import json_report, write_report

ACTIONS = ("drop", "keep")


class NewsQAFilter(BaseFilter):
    """Checks each document as a JSON record: its text is the body, its metadata gives the
    headline and captions (by the ``json_*_fields`` names, ``title`` by default).

    Args:
        options: settings keyed like the ini keys (``{"select": "NWS2", "max_rate":
            "stray-marker:1%"}``); a bad value raises ``ConfigError`` here, before any task.
        action: ``drop`` (default) drops documents with a finding that fails them;
            ``keep`` keeps every document. Either way the findings go into
            ``doc.metadata[metadata_key]``.
        metadata_key: where findings are written (default ``newsqa``).
        report_folder: if given, each task writes the JSON report of its documents there as
            ``newsqa-RANK.json`` (any datatrove folder: local, ``s3://``, ``hf://``); join
            them with ``python -m pytest_newsqa merge``.
        plugins: rule plugin modules (names or modules), as ``-p NAME`` under pytest.
        entry_points: also load rule plugins installed by entry point (default true).
        exclusion_writer: a datatrove writer for the dropped documents.
    """

    name = "📰 newsqa"

    def __init__(
        self,
        options: Mapping[str, Any] | None = None,
        *,
        action: str = "drop",
        metadata_key: str = "newsqa",
        report_folder: DataFolderLike | None = None,
        plugins: Iterable[str | object] = (),
        entry_points: bool = True,
        exclusion_writer: DiskWriter | None = None,
    ) -> None:
        super().__init__(exclusion_writer)
        if action not in ACTIONS:
            raise ValueError(f"NewsQAFilter: action must be one of {', '.join(ACTIONS)}: {action!r}")
        self.options = dict(options or {})
        self.action = action
        self.metadata_key = metadata_key
        self.report_folder = report_folder
        self.plugins = list(plugins)
        self.entry_points = entry_points
        self._build()  # a configuration mistake fails here, before any task starts
        self._stream: RecordStream | None = None

    def _build(self) -> Engine:
        """Built again in each task's process: an engine holds plugin modules, which do not pickle."""
        plugins = import_plugins(self.plugins, "plugins")
        return make_engine(self.options, *plugins, entry_points=self.entry_points)

    def record(self, doc: Document, engine: Engine) -> dict[str, Any]:
        """The document as the JSON record the rules see: text as body, headline and captions from metadata."""
        fields = engine.settings.json_fields
        record = {key: doc.metadata[key] for key in (*fields.headline, *fields.captions) if key in doc.metadata}
        record[fields.body[0]] = doc.text
        return record

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        stream = self._stream
        if stream is None:  # filter() called directly, outside run()
            stream = self._stream = RecordStream(self._build())
        result = stream.check_record(self.record(doc, stream.engine), doc.id)
        doc.metadata[self.metadata_key] = finding_records(result)
        for key in stat_keys(result):
            self.stat_update(key)
        if result.status == "failed":
            self.stat_update("newsqa/failed")
            if self.action == "drop":
                return False, "newsqa"
        return True

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        self._stream = RecordStream(self._build())
        yield from super().run(data, rank, world_size)
        aggregate = self._stream.finish()
        if not aggregate.summary()["gate"]["passed"]:
            self.stat_update("newsqa/gate_failed")
        if self.report_folder is not None:
            self._write_report(aggregate, rank)

    def _write_report(self, aggregate: Aggregate, rank: int) -> None:
        folder = get_datafolder(self.report_folder)
        name = f"newsqa-{rank:05d}.json"
        if folder.is_local():  # atomically, as --newsqa-report does
            write_report(Path(folder.path, name), aggregate)
            return
        with folder.open(name, "w") as handle:
            json_report.write(aggregate, handle)
