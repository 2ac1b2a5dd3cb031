"""Joins our hand coding of the re3d dev texts to the texts themselves, for the `events` referee.

The gold (``bench/events/re3d_gold.jsonl``, one object per text: ``id``, ``published``, ``events``,
optionally ``not_events`` and ``merge_groups``, in the format of the seed gold) is ours and lives in
the project; the texts are Dstl's and stay in ``../shared``. This writes the joined file to
``bench-out/events/re3d_dev_gold.jsonl`` (ignored by git):

    python3 bench/events/re3d.py --part tune
    python3 ../shared/bench/referee.py events --cmd ".venv/bin/sitrep extract --jsonl" \
        --data bench-out/events/re3d_tune.jsonl

The texts are split once, fixed before any tuning for issue 14: a text whose id starts with a hex
digit 0-7 is in the tuning part (47 texts, 19 with events), 8-F in the report part (43 texts, 11
with events). Every rule, cue and threshold is chosen on the tuning part; the report part is scored
to report a figure, never to choose.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEXTS = ROOT.parent / "shared" / "bench" / "events" / "re3d_dev.jsonl"
GOLD = Path(__file__).with_name("re3d_gold.jsonl")
OUT_DIR = ROOT / "bench-out" / "events"
TEXT_FIELDS = ("id", "text", "title", "source", "url")


def part_of(text_id: str) -> str:
    return "tune" if text_id[:1].upper() in "01234567" else "report"


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def join(texts: list[dict], gold: list[dict]) -> list[dict]:
    """The coded texts only, each with its text fields and its gold; a gold id with no text is an error."""
    by_id = {t["id"]: t for t in texts}
    missing = [g["id"] for g in gold if g["id"] not in by_id]
    if missing:
        raise ValueError(f"gold ids with no text: {', '.join(missing)}")
    joined = []
    for g in gold:
        t = by_id[g["id"]]
        row = {k: t[k] for k in TEXT_FIELDS if k in t}
        row.update({k: v for k, v in g.items() if k not in TEXT_FIELDS})
        joined.append(row)
    return joined


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--texts", type=Path, default=TEXTS)
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--part", choices=("tune", "report", "all"), default="tune")
    ap.add_argument("--out", type=Path, default=None, help="default bench-out/events/re3d_<part>.jsonl")
    a = ap.parse_args()
    for p in (a.texts, a.gold):
        if not p.exists():
            print(f"re3d: {p} not found", file=sys.stderr)
            return 1
    rows = join(read_jsonl(a.texts), read_jsonl(a.gold))
    rows = [r for r in rows if a.part == "all" or part_of(r["id"]) == a.part]
    a.out = a.out or OUT_DIR / f"re3d_{a.part}.jsonl"
    a.out.parent.mkdir(parents=True, exist_ok=True)
    with open(a.out, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    n_events = sum(len(r.get("events", [])) for r in rows)
    n_empty = sum(not r.get("events") for r in rows)
    print(f"{len(rows)} coded texts ({n_empty} with no event, {n_events} gold events) -> {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
