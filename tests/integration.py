"""Helpers shared by the integration tests (API, Scrapy, datatrove)."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE_PLUGIN = REPO / "examples" / "newsqa-example-rules"


def installed_example_plugin(tmp_path: Path) -> dict[str, str]:
    """An environment in which ``examples/newsqa-example-rules`` looks installed.

    Its distribution metadata (a dist-info folder, as ``pip install`` writes) and its module
    are put on PYTHONPATH, so a fresh interpreter finds its ``pytest11`` entry point without
    installing anything into the virtualenv.
    """
    site = tmp_path / "site-packages"
    info = site / "newsqa_example_rules-0.1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: newsqa-example-rules\nVersion: 0.1.0\nRequires-Dist: pytest-newsqa\n"
    )
    (info / "entry_points.txt").write_text("[pytest11]\nnewsqa_example_rules = newsqa_example_rules\n")
    env = dict(os.environ)
    # The repository too: a run over files below tests/ loads tests/conftest.py, which imports tests.helpers.
    paths = [str(site), str(EXAMPLE_PLUGIN), str(REPO), env.get("PYTHONPATH", "")]
    env["PYTHONPATH"] = os.pathsep.join(paths)
    env.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
    return env

