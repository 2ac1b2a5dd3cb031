"""Throughput of `sitrep scale` with 1 and 2 workers on the news corpus, and peak memory per worker.

Writes ``--articles`` articles (default 5,000, about 600 words each) with bench/news_corpus.py, then
runs `sitrep scale` on them once per worker count, each on a local Ray of that many CPUs, into a
fresh output folder. Throughput is measured over the extraction phase (first shard started to last
shard finished, from the shard manifests), so Ray's start and the models' loading, paid once per
worker whatever the corpus, are not counted; the whole command's wall time is printed beside it.
Peak memory is each worker process's maximum resident set (ru_maxrss) as its last shard reports it.
Target: 2 workers >= 1.7 x the throughput of 1. Last, `sitrep load` of the output into a new SQLite
store is timed.

    python bench/scale_bench.py                      # 5,000 articles, 1 and 2 workers (run it on an idle machine)
    python bench/scale_bench.py --articles 50        # a quick check that it works

Not a test: the figures mean something only on a machine with nothing else running.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from news_corpus import news_corpus  # noqa: E402

SITREP = Path(sys.executable).parent / "sitrep"


def run(corpus: Path, out: Path, workers: int, shard_mb: float) -> dict:
    if out.exists():
        shutil.rmtree(out)
    started = time.perf_counter()
    proc = subprocess.run([str(SITREP), "scale", str(corpus), str(out), "--num-cpus", str(workers),
                           "--workers", str(workers), "--shard-mb", str(shard_mb)],
                          capture_output=True, text=True)
    wall = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"sitrep scale failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    manifests = [json.loads(p.read_text()) for p in sorted((out / "_shards").glob("*.json"))]
    merged = json.loads((out / "merged" / "_SUCCESS").read_text())
    articles = sum(m["articles"] for m in manifests)
    window = max(m["finished_at"] for m in manifests) - min(m["started_at"] for m in manifests)
    peak: dict[tuple, float] = {}
    for m in manifests:
        key = (m["worker"]["host"], m["worker"]["pid"])
        peak[key] = max(peak.get(key, 0.0), m["peak_rss_mb"])
    return {"workers": workers, "articles": articles, "shards": len(manifests), "wall_s": wall,
            "extract_s": window, "rate": articles / window if window > 0 else float("nan"),
            "shard_cpu_s": sum(m["seconds"] for m in manifests), "merge_s": merged.get("seconds"),
            "events": sum(m["events"] for m in manifests), "merged": merged["events"],
            "peak_mb": max(peak.values()), "processes": len(peak)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--words", type=int, default=600)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--shards-per-worker", type=int, default=16,
                    help="Shards per worker of the largest count, so the last shards do not leave a worker idle long.")
    ap.add_argument("--out", type=Path, default=ROOT / "bench-out" / "scale")
    opts = ap.parse_args(argv)

    opts.out.mkdir(parents=True, exist_ok=True)
    corpus = opts.out / "corpus.jsonl"
    articles = news_corpus(opts.articles, opts.words, opts.seed)
    corpus.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
    size = corpus.stat().st_size
    shard_mb = max(size / (opts.shards_per_worker * max(opts.workers)) / (1 << 20), 0.001)
    print(f"corpus: {len(articles)} articles of ~{opts.words} words from bench/news_corpus.py, {size / 1e6:.1f} MB, "
          f"shards of {shard_mb:.3f} MB -> {corpus}")
    print(f"load average before the runs: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    results = []
    for w in opts.workers:
        r = run(corpus, opts.out / f"out-{w}", w, shard_mb)
        results.append(r)
        print(f"{w} worker(s): {r['articles']} articles in {r['extract_s']:.1f}s of extraction "
              f"({r['rate']:.2f} articles/s, {r['rate'] / w:.2f} per worker), whole command {r['wall_s']:.1f}s, "
              f"merge {r['merge_s']}s; {r['events']} mentions -> {r['merged']} merged events; "
              f"peak memory per worker {r['peak_mb']:.0f} MB ({r['processes']} worker process(es))")
    base = next((r for r in results if r["workers"] == 1), None)
    ok = True
    for r in results:
        if base is not None and r is not base:
            ratio = r["rate"] / base["rate"]
            verdict = "ok" if ratio >= 1.7 or r["workers"] != 2 else "MISSED"
            ok &= verdict == "ok"
            print(f"throughput {r['workers']} workers / 1 worker: {ratio:.2f} (target for 2: >= 1.7) {verdict}")
    # `sitrep load` of the last output into a new store: its speed bounds what one SQLite file can take in.
    db = opts.out / "load.db"
    for f in opts.out.glob("load.db*"):
        f.unlink()
    started = time.perf_counter()
    proc = subprocess.run([str(SITREP), "load", str(opts.out / f"out-{opts.workers[-1]}"), "--db", str(db)],
                          capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"sitrep load failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    print(f"sitrep load: {results[-1]['articles']} articles into a new store in {seconds:.1f}s "
          f"({results[-1]['articles'] / seconds:.1f} articles/s, start-up included): {proc.stderr.strip()}")
    print(f"load average after the runs: {os.getloadavg()[0]:.1f}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
