"""WARC benchmark: generate a ~1 GB ``.warc.gz``, compare warcio and fastwarc, time the plugin.

    python bench/warc.py generate /tmp/crawl.warc.gz --size-mb 1024
    python bench/warc.py libraries /tmp/crawl.warc.gz      # raw iteration speed and robustness
    python bench/warc.py check /tmp/crawl.warc.gz          # pytest --newsqa --newsqa-batch, wall and peak RSS

The archive looks like what ``wget --warc`` or Browsertrix write for a news site: a
``warcinfo`` record, then for each URL a ``request`` and a ``response`` record, one gzip
member per record. Responses are article pages (about 25 KB of HTML with inline script,
navigation and a 4-6 KB story), images (incompressible bytes), scripts, style sheets,
``robots.txt``, and a few 404/503 pages. Nothing is committed: the archive goes to /tmp.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import WORDS, sentence

SCRIPT = "function t(a){var b=document.querySelectorAll(a);for(var i=0;i<b.length;i++){b[i].classList.add('x')}}\n"
NAV = "".join(f'<li><a href="/section/{w}">{w.title()}</a></li>' for w in WORDS[:30])


def _page(rng: random.Random, number: int, pool: list[str]) -> bytes:
    headline = " ".join(rng.choice(WORDS) for _ in range(8)).title() + f" {number}"
    paragraphs = [*rng.sample(pool, rng.randint(5, 9)), sentence(rng)]
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    script = SCRIPT * rng.randint(60, 120)
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{headline} | Example News</title>"
        f"<script>{script}</script></head><body><header><nav><ul>{NAV}</ul></nav></header>"
        f"<main><article><h1>{headline}</h1>\n{body}\n</article></main>"
        f"<footer><ul>{NAV}</ul><p>(c) Example News</p></footer></body></html>"
    ).encode()


def generate(target: Path, size_mb: int, seed: int = 11) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rng = random.Random(seed)
    pool = [" ".join(sentence(rng) for _ in range(rng.randint(2, 4))) for _ in range(5000)]
    images = [os.urandom(rng.randint(20_000, 120_000)) for _ in range(50)]  # reused: bytes are bytes
    limit = size_mb * 1024 * 1024
    with open(target, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        writer.write_record(writer.create_warcinfo_record(target.name, {"software": "bench/warc.py"}))
        number = 0
        while handle.tell() < limit:
            number += 1
            kind = rng.choices(["page", "image", "script", "css", "robots", "404", "503"], [60, 25, 6, 4, 1, 3, 1])[0]
            status, ctype, payload, url = "200 OK", "text/html; charset=utf-8", b"", f"https://news.example/{number}"
            if kind == "page":
                payload = _page(rng, number, pool)
            elif kind == "image":
                ctype, payload, url = "image/jpeg", rng.choice(images), url + ".jpg"
            elif kind == "script":
                ctype, payload, url = "application/javascript", SCRIPT.encode() * 200, url + ".js"
            elif kind == "css":
                ctype, payload, url = "text/css", b"body{margin:0}\n" * 500, url + ".css"
            elif kind == "robots":
                ctype, payload, url = (
                    "text/plain",
                    b"User-agent: *\nDisallow: /private\n",
                    "https://news.example/robots.txt",
                )
            else:
                status = "404 Not Found" if kind == "404" else "503 Service Unavailable"
                payload = b"<html><body><h1>Not found</h1></body></html>"
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "news.example")], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=headers)
            )
    print(f"{target}: {target.stat().st_size / 2**20:.0f} MiB, {number} URLs")


def _iterate(library: str, path: str) -> tuple[int, int]:
    """Every response record's payload read in full, as a checker must."""
    records = payload = 0
    if library == "warcio":
        from warcio.archiveiterator import ArchiveIterator

        with open(path, "rb") as handle:
            for record in ArchiveIterator(handle):
                if record.rec_type == "response":
                    records += 1
                    payload += len(record.content_stream().read())
    else:
        from fastwarc.warc import ArchiveIterator, WarcRecordType

        with open(path, "rb") as handle:
            for record in ArchiveIterator(handle, record_types=WarcRecordType.response, parse_http=True):
                records += 1
                payload += len(record.reader.read())
    return records, payload


def _child(library: str, path: str) -> None:
    start = time.perf_counter()
    try:
        records, payload = _iterate(library, path)
        outcome = f"{records} responses, {payload / 2**20:.0f} MiB payload"
    except Exception as exc:
        outcome = f"raised {type(exc).__name__}: {str(exc)[:80]}"
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"{library}\t{time.perf_counter() - start:.1f}\t{rss}\t{outcome}")


def _run_child(library: str, path: Path, timeout: int = 1800) -> str:
    try:
        done = subprocess.run(
            [sys.executable, __file__, "_child", library, str(path)], capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return f"{library}\t-\t-\thung (killed after {timeout} s)"
    return (done.stdout.strip() or f"{library}\t-\t-\tcrashed: {done.stderr.strip()[-200:]}").strip()


def _damaged(path: Path, directory: Path) -> dict[str, Path]:
    """Small archives damaged the ways real crawls are: cut short, a corrupt member, garbage."""
    with open(path, "rb") as handle:
        head = handle.read(8 * 2**20)
    cases = {
        "truncated": head[: len(head) - 12345],
        "corrupt member": head[: 2**20] + bytes(b ^ 0x5A for b in head[2**20 : 2**20 + 4096]) + head[2**20 + 4096 :],
        "not a WARC": b"<html><body>not an archive</body></html>\n" * 100,
    }
    out = {}
    for name, data in cases.items():
        target = directory / (name.replace(" ", "_") + ".warc.gz")
        target.write_bytes(data)
        out[name] = target
    return out


def libraries(path: Path) -> None:
    print("library\tseconds\tpeak RSS MB\toutcome")
    for library in ("warcio", "fastwarc"):
        print(_run_child(library, path))
    with tempfile.TemporaryDirectory() as directory:
        for name, damaged in _damaged(path, Path(directory)).items():
            for library in ("warcio", "fastwarc"):
                print(f"[{name}] " + _run_child(library, damaged, timeout=120))


def check(path: Path, batch: int = 10) -> None:
    """The plugin on the archive, batch mode (one item per file), wall time and peak RSS."""
    with tempfile.TemporaryDirectory() as directory:
        data = Path(directory, "data")
        data.mkdir()
        (data / path.name).symlink_to(path)
        Path(directory, "pytest.ini").write_text("[pytest]\n")
        start = time.perf_counter()
        command = [sys.executable, "-m", "pytest", "--newsqa", "data", f"--newsqa-batch={batch}"]
        command += ["-p", "no:cacheprovider", "-q", "--newsqa-report=report.json"]
        done = subprocess.run(command, cwd=directory, capture_output=True, text=True)
        wall = time.perf_counter() - start
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        rss, cpu = usage.ru_maxrss // 1024, usage.ru_utime + usage.ru_stime
        report = Path(directory, "report.json").read_text() if Path(directory, "report.json").exists() else "{}"
    size = path.stat().st_size / 2**20
    print(
        f"{path.name}: {size:.0f} MiB in {wall:.1f} s ({size / wall:.1f} MiB/s),"
        f" {cpu:.0f} s of CPU, peak RSS {rss} MB, exit {done.returncode}"
    )
    print(done.stdout[-1500:])
    import json

    summary = json.loads(report).get("summary", {})
    print("summary:", summary)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["generate", "libraries", "check", "_child"])
    parser.add_argument("args", nargs="+")
    parser.add_argument("--size-mb", type=int, default=1024)
    options = parser.parse_args()
    if options.command == "generate":
        generate(Path(options.args[0]), options.size_mb)
    elif options.command == "libraries":
        libraries(Path(options.args[0]))
    elif options.command == "check":
        check(Path(options.args[0]))
    else:
        _child(options.args[0], options.args[1])


if __name__ == "__main__":
    main()
