"""How `sitrep serve` holds with 50,000 events: API latency (p50, p95) and the map page's time to interactive.

    .venv/bin/python bench/serve_bench.py [--events 50000] [--requests 40] [--page-loads 5] [--out bench-out]

The store is synthetic (tests/serve/synthetic.py: templates, real towns, written through ``Store.add``, no
NLP), kept in OUT/serve-bench-N.db and reused. The server is the real `sitrep serve` process on a free
localhost port. Each API query is timed over ``--requests`` calls, one at a time, from a client in
this process (httpx, keep-alive), so a figure is the server's answer time plus local transfer. The
page's time is from navigation to the page's first "ready" (data loaded, markers clustered, timeline
drawn, list filled), as ``performance.now()`` in the page, in Debian's headless Chromium. Targets: API
p95 < 300 ms on filtered lists and aggregates, page interactive < 2 s. Not a test: the figures depend on
the machine and its load, so the load average is printed with them.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.serve.conftest import Server  # noqa: E402  (the same server harness as the tests)
from tests.serve.synthetic import synthetic_store  # noqa: E402

QUERIES = [
    ("events, newest page", "/api/events", {}),
    ("events, page at offset 40,000", "/api/events", {"offset": 40000, "limit": 100}),
    ("events, country + type + dates", "/api/events", {"country": "Sudan", "type": "Battles", "since": "2024-03-01",
                                                       "until": "2024-09-30"}),
    ("events, actor text", "/api/events", {"actor": "militia"}),
    ("events, free text", "/api/events", {"q": "kassala"}),
    ("stats, all", "/api/stats", {}),
    ("stats, country + dates", "/api/stats", {"country": "Somalia", "since": "2024-05-01", "until": "2024-07-31"}),
    ("stats, text", "/api/stats", {"q": "shelling"}),
    ("timeline, all (weeks)", "/api/timeline", {}),
    ("timeline, type, per day", "/api/timeline", {"type": "Protests", "interval": "day"}),
    ("facets, country", "/api/facets", {"field": "country"}),
    ("points, country", "/api/points", {"country": "Nigeria"}),
    ("points, all (map's first load)", "/api/points", {}),
]


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q * (len(values) - 1))))]


def cpu_ms(pid: int) -> float:
    """User + system CPU of a process so far, from /proc: unlike wall time, it does not grow with the machine's load."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def bench_api(url: str, requests: int, pid: int) -> list[tuple[str, float, float, float, int]]:
    out = []
    with httpx.Client(base_url=url, timeout=60) as client:
        for name, path, params in QUERIES:
            client.get(path, params=params).raise_for_status()  # warm the page cache
            times, size = [], 0
            cpu0 = cpu_ms(pid)
            for _ in range(requests):
                t0 = time.perf_counter()
                resp = client.get(path, params=params)
                times.append((time.perf_counter() - t0) * 1000)
                resp.raise_for_status()
                size = len(resp.content)
            cpu = (cpu_ms(pid) - cpu0) / requests
            out.append((name, statistics.median(times), percentile(times, 0.95), cpu, size))
    return out


def bench_page(url: str, loads: int) -> list[tuple[float, float]]:
    from playwright.sync_api import sync_playwright

    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        raise SystemExit("Chromium is needed: apt-get install -y chromium")
    times = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"])
        for _ in range(loads):
            ctx = browser.new_context(viewport={"width": 1300, "height": 850})
            page = ctx.new_page()
            page.goto(url + "/")
            deadline = time.monotonic() + 60
            while not page.evaluate("document.body.dataset.readyMs || ''"):
                if time.monotonic() > deadline:
                    raise SystemExit("the page did not become ready within 60 s")
                page.wait_for_timeout(50)
            ready = float(page.evaluate("document.body.dataset.readyMs"))
            while not page.evaluate("document.body.dataset.clusteredMs || ''"):
                if time.monotonic() > deadline:
                    raise SystemExit("the markers were not all clustered within 60 s")
                page.wait_for_timeout(50)
            times.append((ready, float(page.evaluate("document.body.dataset.clusteredMs"))))
            ctx.close()
        browser.close()
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=50_000)
    ap.add_argument("--requests", type=int, default=40)
    ap.add_argument("--page-loads", type=int, default=5)
    ap.add_argument("--out", type=Path, default=ROOT / "bench-out")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    db = args.out / f"serve-bench-{args.events}.db"
    if not db.exists():
        t0 = time.perf_counter()
        synthetic_store(db.with_suffix(".tmp"), args.events)
        db.with_suffix(".tmp").rename(db)
        print(f"built {db} in {time.perf_counter() - t0:.1f} s")
    with sqlite3.connect(db) as conn:
        held, reports = (conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("events", "mentions"))
    server = Server(db, args.out / "serve-bench.log")
    try:
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
        rows = bench_api(server.url, args.requests, server.proc.pid)
        print(f"\nAPI, {args.requests} requests each, {held} events ({reports} reports merged) in the store "
              "(server CPU: mean CPU time of the server process per request)")
        print(f"{'query':40} {'p50 ms':>8} {'p95 ms':>8} {'CPU ms':>8} {'bytes':>10}")
        for name, p50, p95, cpu, size in rows:
            print(f"{name:40} {p50:8.1f} {p95:8.1f} {cpu:8.1f} {size:10d}")
        worst = max(rows, key=lambda r: r[2])
        print(f"worst p95: {worst[2]:.1f} ms ({worst[0]}); target < 300 ms")
        page = bench_page(server.url, args.page_loads)
        ready = [r for r, _ in page]
        clustered = [c for _, c in page]
        print(f"\npage interactive (navigation to first ready), {args.page_loads} loads: "
              + ", ".join(f"{t:.0f}" for t in ready) + f" ms; median {statistics.median(ready):.0f} ms; target < 2000 ms")
        print("every marker clustered (markercluster works in slices, the page stays responsive meanwhile): "
              + ", ".join(f"{t:.0f}" for t in clustered) + f" ms; median {statistics.median(clustered):.0f} ms")
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
