"""The one split of ACLED's 2020 coder notes into a development part and a report part.

Chosen once, before any tuning for issue 13, by time, because real use meets new weeks: events dated
up to and including 2020-05-04 are the development part (every table, cue, threshold and weight is
chosen on it), events dated 2020-05-05 or later are the report part (scored once, for the figure we
give). ACLED's terms allow measuring, training and deriving tables, not shipping rows, so the parts
are written at run time from ``../shared`` into ``bench-out/acled/`` (ignored by git), never
committed.

    python3 bench/acled/split.py            # writes bench-out/acled/{dev,report}.csv, prints counts
    python3 ../shared/bench/referee.py acled --cmd ".venv/bin/sitrep extract --jsonl" \
        --data bench-out/acled/dev.csv
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT.parent / "shared" / "bench" / "acled" / "acled_2020_notes.csv"
OUT = ROOT / "bench-out" / "acled"
LAST_DEV_DAY = dt.date(2020, 5, 4)


def event_day(value: str) -> dt.date:
    for fmt in ("%d-%b-%y", "%Y-%m-%d", "%d %B %Y"):
        try:
            return dt.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            pass
    raise ValueError(f"unreadable ACLED event_date {value!r}")


def part_of(row: dict) -> str:
    return "dev" if event_day(row["event_date"]) <= LAST_DEV_DAY else "report"


def read_part(part: str, source: Path = SOURCE) -> list[dict]:
    """Rows of one part, read straight from the shared file (for scripts that train or derive tables)."""
    with open(source, encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f) if part_of(r) == part]


def write_parts(source: Path = SOURCE, out: Path = OUT) -> dict[str, int]:
    with open(source, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
        fields = reader.fieldnames or []
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for part in ("dev", "report"):
        chosen = [r for r in rows if part_of(r) == part]
        with open(out / f"{part}.csv", "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=fields)
            w.writeheader()
            w.writerows(chosen)
        counts[part] = len(chosen)
    return counts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", type=Path, default=SOURCE)
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args()
    if not a.source.exists():
        print(f"split: {a.source} not found (the benchmark data lives in ../shared)", file=sys.stderr)
        return 1
    for part, n in write_parts(a.source, a.out).items():
        print(f"{part}: {n} events -> {a.out / (part + '.csv')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
