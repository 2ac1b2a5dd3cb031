"""How cross-report merging in the store scales: the merge step alone at growing store sizes, and ingest
with merging into a large store.

    .venv/bin/python bench/merge_bench.py step   [--sizes 10000,50000,200000] [--batch 1000] [--out bench-out]
    .venv/bin/python bench/merge_bench.py ingest [--store-events 50000] [--articles 2000] [--out bench-out]

``step``: a synthetic store of N events (tests/serve/synthetic.py, written through ``Store.add``, so
merged as they go; kept in OUT/merge-bench-N.db and reused) over a time span that grows with N (N/50
days: a larger store covers more time at the same density of events, as a growing archive does). Then
``--batch`` new synthetic events over the same span are merged in (stored as mentions, linked to the
stored mentions of the same incident found through the indexes, groups merged again) in one
transaction that is rolled back, so every size is measured on the store as built. Printed per size:
the CPU time per merged event, and that time divided by log2(N): merging N events costs N times the
first, so the total grows no faster than N log N when the second stays flat as N grows.

``ingest``: the real pipeline and ``Store.add`` on ``--articles`` articles of bench/news_corpus.py
into a copy of a synthetic store of ``--store-events`` events over the corpus's dates. Printed:
articles/s (wall and CPU), events merged into stored ones. The target of issue 15 is 4 articles/s.

Not a test: figures depend on the machine and its load (the load average is printed with them).
"""
from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitrep.model import Article  # noqa: E402
from sitrep.store import Store  # noqa: E402
from tests.serve.synthetic import fill  # noqa: E402

DENSITY = 50  # synthetic events per day


def build(path: Path, n: int, start: dt.date, days: int, seed: int = 7) -> Path:
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        tmp.unlink(missing_ok=True)
        started = time.perf_counter()
        with Store(tmp) as store:
            store.conn.execute("PRAGMA synchronous = OFF")
            fill(store, n, seed=seed, start=start, days=days)
        tmp.rename(path)
        print(f"  built {path.name}: {n} events in {time.perf_counter() - started:.0f}s", flush=True)
    return path


def new_events(n: int, seed: int, start: dt.date, days: int) -> list[tuple[Article, list]]:
    """``n`` synthetic events, in articles, that are not in the store: made the way ``fill`` makes them,
    captured instead of stored."""
    captured: list[tuple[Article, list]] = []

    class Capture:
        def add(self, article, events, figures=None):
            captured.append((article, events))
            return "added"

    fill(Capture(), n, seed=seed, start=start, days=days)
    return captured


def step(args) -> None:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    start = dt.date(2020, 1, 1)
    print(f"merge step alone, {args.batch} new events per size; load average {os.getloadavg()[0]:.1f}")
    print(f"{'stored events':>14} {'days':>6} {'ms/event (CPU)':>15} {'ms/event (wall)':>16} {'CPU/log2(N) us':>15} "
          f"{'joined':>7}")
    for n in args.sizes:
        days = max(30, n // DENSITY)
        path = build(out / f"merge-bench-{n}.db", n, start, days)
        batch = new_events(args.batch, seed=1000 + n, start=start, days=days)
        with Store(path) as store:
            store.conn.execute("BEGIN IMMEDIATE")
            try:
                for art, _ in batch:  # the articles first, outside the timing: the merge step is what is timed
                    store.conn.execute("INSERT INTO articles (id, sha256, title, published, source, url, text, "
                                       "ingested_at) VALUES (?, ?, ?, ?, ?, NULL, ?, '')",
                                       (art.id + "-new", art.id, art.title, art.published.isoformat(), art.source,
                                        art.text))
                rows = {r["id"]: r for r in store.conn.execute("SELECT * FROM articles WHERE ingested_at = ''")}
                before = store.conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
                cpu, wall = time.process_time(), time.perf_counter()
                count = 0
                for art, events in batch:
                    records = []
                    for seq, ev in enumerate(events):
                        rec = ev.to_record()
                        rec.update(article_id=art.id + "-new", seq=seq)
                        records.append(rec)
                    store._add_mentions(rows[art.id + "-new"], records)
                    count += len(records)
                cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
                after = store.conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
            finally:
                store.conn.execute("ROLLBACK")
        per = cpu / count
        print(f"{n:>14,} {days:>6} {per * 1e3:>15.3f} {wall / count * 1e3:>16.3f} {per / math.log2(n) * 1e6:>15.2f} "
              f"{count - (after - before):>7}", flush=True)


def _cpu_with_workers() -> float:
    """CPU seconds of this process and of its finished children (the forked workers, reaped when
    their pool closes at the end of the run)."""
    import resource

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def ingest(args) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from news_corpus import news_corpus

    from sitrep.pipeline import default_pipeline
    from sitrep.settings import resolve

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    start, days = dt.date(2023, 1, 1), 700  # news_corpus's dates
    base = build(out / f"merge-bench-news-{args.store_events}.db", args.store_events, start, days)
    work = out / "merge-bench-ingest.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(work) + suffix).unlink(missing_ok=True)
    shutil.copy(base, work)
    articles = [Article.from_dict(a) for a in news_corpus(args.articles, 630, seed=5)]
    pipeline = default_pipeline({"workers": args.workers})
    with Store(work) as store:
        events_before, sources_before = store.counts()["events"], store.source_count()
        cpu, wall = _cpu_with_workers(), time.perf_counter()
        done = extracted = 0
        storing = 0.0
        for doc in pipeline.process(iter(articles), batch_size=resolve()["batch_size"], workers=args.workers):
            if doc.error is None:
                began = time.thread_time()
                store.add(doc.article, doc.events, doc.figures)
                storing += time.thread_time() - began
                extracted += len(doc.events)
            done += 1
        cpu, wall = _cpu_with_workers() - cpu, time.perf_counter() - wall
        events_after, sources_after = store.counts()["events"], store.source_count()
    joined = (sources_after - sources_before) - (events_after - events_before)
    print(f"ingest with merging: {done} articles into a store of {args.store_events:,} events, {args.workers} "
          f"worker(s); load average {os.getloadavg()[0]:.1f}")
    print(f"  {done / wall:.2f} articles/s wall, {done / cpu:.2f} per CPU-second (this process and its workers; "
          f"spaCy and the typer included); {extracted} events, {joined} of them joined an event already stored")
    print(f"  storing and merging: {storing:.1f} CPU-seconds, {storing / max(extracted, 1) * 1e3:.2f} ms per event "
          f"({storing / cpu:.1%} of the CPU time); the rest is extraction")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="what", required=True)
    s = sub.add_parser("step")
    s.add_argument("--sizes", default="10000,50000,200000", type=lambda v: [int(x) for x in v.split(",")])
    s.add_argument("--batch", type=int, default=1000)
    s.add_argument("--out", default="bench-out")
    i = sub.add_parser("ingest")
    i.add_argument("--store-events", type=int, default=50000)
    i.add_argument("--articles", type=int, default=2000)
    i.add_argument("--workers", type=int, default=1, help="extraction processes (sitrep ingest --workers)")
    i.add_argument("--out", default="bench-out")
    args = ap.parse_args()
    step(args) if args.what == "step" else ingest(args)


if __name__ == "__main__":
    main()
