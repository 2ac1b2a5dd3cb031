"""Throughput and memory of `sitrep extract --jsonl` and `sitrep places --jsonl` on a generated corpus.

    python bench/run_bench.py [--corpus news|examples] [--articles 520] [--words 600] [--out bench-out]

Two corpora. ``news`` (the default, bench/news_corpus.py) writes each article from our own templates:
one or two incidents told in a few sentences, then reactions, quotes and background, each article
with its own country, places, actors, figures and days, so about 30% of its sentences hold an event
word and few sentences repeat across articles. ``examples`` (the corpus of the first figures) is
made from the four reports in examples/: each article takes the title and lead of one report, then
body paragraphs from all of them until it is about ``--words`` long, with its own id and
publication date; nearly every sentence reports violence and the whole corpus holds only a few
dozen distinct sentences, so it overstates the typing work per article and rewards any reuse of
work across articles. Each command runs once, in one process, over the whole corpus (and once on
a single article, to tell start-up from steady throughput); its peak memory is the child's maximum
resident set size as the kernel reports it (wait4's ru_maxrss, as getrusage(RUSAGE_CHILDREN) but
for that child alone), or, where higher, the peak of the proportional set size summed over the child
and its forked workers (sampled every 0.25 s), which counts pages they share once. `extract` runs
once per `--workers` value (0, the default of one process per core, and 1), and each run's events must
equal the first's.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from news_corpus import news_corpus  # noqa: E402

from sitrep.settings import worker_count  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SITREP = ROOT / ".venv" / "bin" / "sitrep"
TARGET_RATE = 5.0  # articles per second
TARGET_MEMORY_MB = 1024  # issue 16: extract under 1 GB


@dataclass
class Report:
    title: str
    published: dt.date
    lead: str
    body: list[str]


def read_report(path: Path) -> Report:
    """An example report: a 'Key: value' header, a blank line, then paragraphs separated by blank lines."""
    head, _, rest = path.read_text(encoding="utf-8").partition("\n\n")
    header = dict(line.split(":", 1) for line in head.splitlines() if ":" in line)
    header = {k.strip().lower(): v.strip() for k, v in header.items()}
    paragraphs = [p.strip() for p in rest.split("\n\n") if p.strip()]
    title = header.get("title") or paragraphs[0]
    if paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]  # the headline repeated above the body
    if len(paragraphs) < 2:
        raise SystemExit(f"{path}: needs at least two paragraphs to recombine")
    published = dt.date.fromisoformat(header["published"]) if "published" in header else dt.date(2024, 1, 1)
    return Report(title, published, paragraphs[0], paragraphs[1:])


def make_corpus(reports: list[Report], n: int, words: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    pool = [p for r in reports for p in r.body]
    articles = []
    for i in range(n):
        lead = reports[i % len(reports)]
        paragraphs = [lead.lead] + rng.sample(lead.body, len(lead.body))
        while sum(len(p.split()) for p in paragraphs) < words:
            paragraphs.append(rng.choice(pool))
        published = lead.published + dt.timedelta(days=rng.randrange(-400, 400))
        articles.append({"id": f"bench-{i:05d}", "title": lead.title, "published": published.isoformat(),
                         "source": "Sitrep bench", "text": lead.title + "\n\n" + "\n\n".join(paragraphs)})
    return articles


@dataclass
class Run:
    seconds: float
    cpu_seconds: float  # user + system: what the run costs whatever else the machine is doing
    peak_mb: float
    lines: int
    returncode: int


def _tree_pss_mb(pid: int) -> float:
    """Proportional set size of a process and all its descendants: memory shared between forked
    workers counted once, what the machine really gives the run."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            for line in open(f"/proc/{p}/smaps_rollup"):
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                    break
            for task in os.listdir(f"/proc/{p}/task"):
                stack += [int(c) for c in open(f"/proc/{p}/task/{task}/children").read().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total / 1024


def run_child(args: list[str], stdin: Path, stdout: Path) -> Run:
    with stdin.open("rb") as fin, stdout.open("wb") as fout:
        started = time.perf_counter()
        proc = subprocess.Popen(args, stdin=fin, stdout=fout, stderr=subprocess.PIPE)
        peak_tree = [0.0]

        def sample() -> None:
            while proc.returncode is None and not done.is_set():
                peak_tree[0] = max(peak_tree[0], _tree_pss_mb(proc.pid))
                done.wait(0.25)

        done = threading.Event()
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        # wait4 gives this child's own rusage; RUSAGE_CHILDREN would mix in the runs before it.
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    if proc.returncode != 0:
        print(f"{' '.join(args)} exited with {proc.returncode}:\n{err[-3000:]}", file=sys.stderr)
    lines = sum(1 for line in stdout.open(encoding="utf-8") if line.strip())
    # ru_maxrss (KiB on Linux) is the largest single process; with forked workers the run's memory is
    # the sampled peak of the whole tree's PSS, which is never below it for one process.
    return Run(seconds, usage.ru_utime + usage.ru_stime, max(usage.ru_maxrss / 1024, peak_tree[0]), lines,
               proc.returncode)


def _bare_loop_seconds() -> float:
    started = time.process_time()
    total = 0
    for i in range(30_000_000):
        total += i
    return time.process_time() - started


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", choices=("news", "examples"), default="news")
    ap.add_argument("--examples", type=Path, default=ROOT / "examples")
    ap.add_argument("--articles", type=int, default=520)
    ap.add_argument("--words", type=int, default=600)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--out", type=Path, default=ROOT / "bench-out")
    ap.add_argument("--commands", nargs="+", choices=("extract", "places"), default=["extract", "places"])
    ap.add_argument("--workers", nargs="+", type=int, default=[0, 1],
                    help="run extract once per number of worker processes, 0 being the default setting (one "
                         "per core, at most 4); places runs with the first")
    opts = ap.parse_args(argv)

    if opts.corpus == "news":
        corpus = news_corpus(opts.articles, opts.words, opts.seed)
        origin = "written from the templates of bench/news_corpus.py"
    else:
        files = sorted(p for p in opts.examples.glob("*.txt"))
        if not files:
            raise SystemExit(f"no example reports (*.txt) in {opts.examples}")
        corpus = make_corpus([read_report(p) for p in files], opts.articles, opts.words, opts.seed)
        origin = f"recombined from {len(files)} reports in {opts.examples}"
    opts.out.mkdir(parents=True, exist_ok=True)
    corpus_path = opts.out / "corpus.jsonl"
    corpus_path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in corpus), encoding="utf-8")
    one_path = opts.out / "one.jsonl"
    one_path.write_text(json.dumps(corpus[0], ensure_ascii=False) + "\n", encoding="utf-8")
    n = len(corpus)
    mean_words = sum(len(a["text"].split()) for a in corpus) / n
    print(f"corpus: {n} articles, {mean_words:.0f} words each on average, {origin} -> {corpus_path}")

    print(f"load average before the runs: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; "
          f"a bare Python loop of 30 million additions took {_bare_loop_seconds():.1f} s (this machine's speed "
          f"varies; about 1.5 s on a typical server)")
    failed = False
    runs = [(c, w) for c in opts.commands for w in (opts.workers if c == "extract" else opts.workers[:1])]
    for command, workers in runs:
        args = [str(SITREP), command, "--jsonl", "--workers", str(workers)]
        # One article first: what the command costs before it reads anything (loading models, gazetteer).
        warm = run_child(args, one_path, opts.out / f"{command}-one.jsonl")
        full = run_child(args, corpus_path, opts.out / f"{command}-{workers}.jsonl")
        failed |= bool(warm.returncode or full.returncode)
        rate = n / full.seconds
        steady = (n - 1) / max(full.seconds - warm.seconds, 1e-9)
        what = "events" if command == "extract" else "place mentions"
        default = f" (the default: {worker_count(0)} on this machine)" if workers == 0 else ""
        print(f"\nsitrep {command} --jsonl --workers {workers}{default}" + ("   FAILED: see the errors above" if warm.returncode or full.returncode
                                                else ""))
        print(f"  wall time         {full.seconds:8.1f} s   (start-up with one article: {warm.seconds:.1f} s)")
        print(f"  CPU time          {full.cpu_seconds:8.1f} s   ({n / max(full.cpu_seconds, 1e-9):.2f} articles per "
              f"CPU-second; a busy machine lowers the wall-time figures, not these)")
        print(f"  throughput        {rate:8.2f} articles/s   ({steady:.2f} articles/s after start-up)"
              + (f"   target >= {TARGET_RATE:g}: {verdict(rate >= TARGET_RATE)}" if command == "extract" else ""))
        print(f"  peak memory       {full.peak_mb:8.0f} MB"
              + (f"   target < {TARGET_MEMORY_MB} MB: {verdict(full.peak_mb < TARGET_MEMORY_MB)}"
                 if command == "extract" else ""))
        print(f"  {what + ' per article':<17} {full.lines / n:8.2f}   ({full.lines} in all)")
    outputs = [opts.out / f"extract-{w}.jsonl" for w in opts.workers] if "extract" in opts.commands else []
    for path in outputs[1:]:
        same = path.read_bytes() == outputs[0].read_bytes()
        failed |= not same
        print(f"\n{path.name} equals {outputs[0].name}: {'yes' if same else 'NO: workers changed the events'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
