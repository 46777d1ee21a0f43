"""The HTML report in a real headless browser (Debian's ``chromium``): it loads with no console
message and no network request, shows the chart and the heat table, and a screenshot is taken.

Console messages come from chromium's log (``--enable-logging=stderr``); network requests
from its net log, keeping those made for the page (their network isolation key is the
page's ``file://`` origin) apart from the browser's own background traffic. A control page
with a console error and an external image proves both detectors see what they look for.
Skips cleanly where chromium is not installed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine (apt-get install chromium)"),
    pytest.mark.slow,
    pytest.mark.timeout(600),
]

FLAGS = [
    "--headless",
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--enable-logging=stderr",
    "--v=0",
]


def browse(page: Path, work: Path, *extra: str) -> tuple[str, list[str], list[str]]:
    """Load ``page``: (the DOM after scripts ran, console lines, URLs the page requested)."""
    net_log = work / f"{page.stem}.netlog.json"
    done = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={work / 'profile'}", f"--log-net-log={net_log}", *extra, page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    requests = set()
    for event in json.loads(net_log.read_text(encoding="utf-8")).get("events", []):
        params = event.get("params", {})
        if "url" in params and str(params.get("network_isolation_key", "")).startswith("file://"):
            requests.add(params["url"])
    return done.stdout, console, sorted(requests)


@pytest.fixture
def report_page(pytester: pytest.Pytester, fixture_copy) -> Path:
    """A real run with a comparison: yesterday's report, today's HTML."""
    fixture_copy("000_4e2c9feb0530e3ed.txt", "clean/clean_article.txt", into="data")
    pytester.runpytest("--newsqa", "data", "--newsqa-report=yesterday.json")
    fixture_copy("001_e8cc6f06c8c1ee78.txt", "defects/nws301_truncated_body.json", into="data")
    pytester.runpytest("--newsqa", "data", "--newsqa-compare=yesterday.json", "--newsqa-html=report.html")
    return pytester.path / "report.html"


def test_report_loads_offline_without_console_messages(report_page, tmp_path):
    dom, console, requests = browse(report_page, tmp_path, "--dump-dom")
    assert console == []
    assert requests == []
    assert 'id="rule-chart"' in dom and dom.count('class="now"') >= 3
    assert 'class="then"' in dom  # yesterday's bars
    assert 'id="heat"' in dom and "<mark>" in dom
    shot = tmp_path / "report.png"
    browse(report_page, tmp_path, f"--screenshot={shot}", "--window-size=1280,1600")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000


def test_the_detectors_see_a_console_error_and_a_request(tmp_path):
    control = tmp_path / "control.html"
    control.write_text(
        '<!DOCTYPE html><html><body><img src="http://newsqa-control.invalid/x.png">'
        '<script>console.error("control")</script></body></html>',
        encoding="utf-8",
    )
    _, console, requests = browse(control, tmp_path, "--dump-dom")
    assert any('"control"' in line for line in console)
    assert requests == ["http://newsqa-control.invalid/x.png"]
