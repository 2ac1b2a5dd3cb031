"""Write event records as a terminal table, JSON, JSON Lines or ACLED-style CSV."""
from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterable
from typing import TextIO

from ..model import ACLED_FIELDS

FORMATS = ("table", "json", "jsonl", "csv")
CSV_COLUMNS = ("article_id",) + ACLED_FIELDS + ("confidence", "evidence", "claims")


def write(records: Iterable[dict], fmt: str, out: TextIO) -> int:
    """Write records in ``fmt``; returns how many were written."""
    writer = {"table": write_table, "json": write_json, "jsonl": write_jsonl, "csv": write_csv}[fmt]
    return writer(records, out)


def write_jsonl(records: Iterable[dict], out: TextIO) -> int:
    n = 0
    for rec in records:
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_json(records: Iterable[dict], out: TextIO) -> int:
    items = list(records)
    json.dump(items, out, ensure_ascii=False, indent=2)
    out.write("\n")
    return len(items)


def write_csv(records: Iterable[dict], out: TextIO) -> int:
    w = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    w.writeheader()
    n = 0
    for rec in records:
        row = dict(rec)
        for key in ("evidence", "claims"):
            row[key] = json.dumps(rec.get(key, {}), ensure_ascii=False)
        w.writerow(row)
        n += 1
    return n


TABLE_COLUMNS = (
    ("date", lambda r: (r.get("event_date") or "?") + ("" if r.get("time_precision") in (1, None) else f"~{r['time_precision']}")),
    ("sub-event type", lambda r: r.get("sub_event_type") or ""),
    ("actor1", lambda r: r.get("actor1") or ""),
    ("actor2", lambda r: r.get("actor2") or ""),
    ("location", lambda r: ", ".join(x for x in (r.get("location"), r.get("admin1"), r.get("country")) if x)),
    ("dead", lambda r: str(r.get("fatalities") or 0)),
    ("article", lambda r: str(r.get("article_id") or "")),
)


def write_table(records: Iterable[dict], out: TextIO) -> int:
    """A fixed-width table that fits the terminal: long cells are cut with an ellipsis."""
    rows = [[fn(r) for _, fn in TABLE_COLUMNS] for r in records]
    if not rows:
        out.write("no events\n")
        return 0
    width = max(80, shutil.get_terminal_size((140, 24)).columns)
    caps = [12, 32, 30, 30, 40, 4, 20]
    widths = [min(cap, max(len(h), *(len(row[i]) for row in rows))) for i, ((h, _), cap) in
              enumerate(zip(TABLE_COLUMNS, caps))]
    while sum(widths) + 2 * len(widths) > width and max(widths) > 10:
        widths[widths.index(max(widths))] -= 1

    def fmt(cells: list[str]) -> str:
        out_cells = []
        for cell, w in zip(cells, widths):
            cell = cell if len(cell) <= w else cell[: w - 1] + "…"
            out_cells.append(cell.ljust(w))
        return "  ".join(out_cells).rstrip() + "\n"

    out.write(fmt([h for h, _ in TABLE_COLUMNS]))
    out.write(fmt(["-" * w for w in widths]))
    for row in rows:
        out.write(fmt(row))
    out.write(f"{len(rows)} event{'s' if len(rows) != 1 else ''}\n")
    return len(rows)
