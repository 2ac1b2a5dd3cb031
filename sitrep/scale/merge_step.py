"""The cross-report merge of `sitrep scale`, cut into groups of one country and one month.

The merge itself is the store's (``sitrep.store.merging.merge_records``). What is decided here is
only how to cut the mentions into groups that can be merged apart and still give exactly what one
``merge_records`` over all of a country's mentions gives.

``merge_records`` links two mentions only when their date windows (``merging.day_range``: a day, a
week, a month, widened by the slack) overlap, and clusters each connected set of links on its own.
So the result over everything is the union of the results over each connected set ("component").
The groups overlap to find every component whole:

- group (country, M) holds every mention of the country whose window touches month M: those of
  month M and those of months M-1 and M+1 whose windows reach into M;
- a mention whose window lies inside M alone ("own") has all its links inside the group, since
  whatever it links to has a window overlapping its own. A component of own mentions only is
  therefore complete here, and merged here;
- a component holding a mention whose window crosses a month boundary ("shared") may go on in
  the next group. Such components are sent back; the boundary pass joins those that share a
  mention (every link between two mentions is seen by the group of a month both windows touch) and
  merges each joined component once.

Windows are at most a month wide (plus the slack), so with the store's window constants months M-1
and M+1 are all a group reads (``reach_months`` widens that if the constants grow).
Undated mentions link to nothing: each is its own event. Mentions of different countries are never
compared: an incident on a border reported with places in two countries stays two events (the store,
which compares across countries, can merge it).
"""
from __future__ import annotations

import calendar
import datetime as dt
import json
from typing import Any

from ..model import ACLED_FIELDS

MERGED_COLUMNS: tuple[str, ...] = (("article_id",) + ACLED_FIELDS
                                   + ("confidence", "n_sources", "evidence", "claims", "sources"))
_JSON = {"evidence", "claims", "sources"}


def month_range(month: str) -> tuple[int, int]:
    """First and last day of "YYYY-MM" as ordinals."""
    y, m = int(month[:4]), int(month[5:7])
    return dt.date(y, m, 1).toordinal(), dt.date(y, m, calendar.monthrange(y, m)[1]).toordinal()


def neighbours(month: str, k: int = 1) -> tuple[str, ...]:
    """The ``k`` months before ``month`` and the ``k`` after it."""
    y, m = int(month[:4]), int(month[5:7])
    out = []
    for d in [*range(-k, 0), *range(1, k + 1)]:
        yy, mm = divmod((y * 12 + m - 1) + d, 12)
        out.append(f"{yy}-{mm + 1:02d}")
    return tuple(out)


def reach_months() -> int:
    """How many months either side a mention's date window can reach beyond its date's month: a week
    reaches ``WEEK_HALF_DAYS`` days out, a day read from no words ``UNDATED_BACK_DAYS`` back, every
    window ``DATE_SLACK_DAYS`` more; with the store's values (3, 6 and 1) that is the next and the
    previous month only."""
    from ..store import merging

    return 1 + (max(merging.WEEK_HALF_DAYS, merging.UNDATED_BACK_DAYS) + merging.DATE_SLACK_DAYS) // 28


def merge_group(records: list[dict], month: str | None) -> tuple[list[dict], list[list[dict]]]:
    """(merged events complete in this group, components to finish in the boundary pass) for the
    mentions of one country read from the partitions of ``month`` and its two neighbours. ``month``
    None: the undated mentions."""
    from ..store.merging import DisjointSets, day_range, find_links, merge_records

    if month is None:
        return merge_records(records), []
    lo, hi = month_range(month)
    inside, shared, alone = [], [], []
    for rec in records:
        r = day_range(rec)
        if r is None:
            # A date the merge cannot read links to nothing; its own month's group keeps it.
            if (rec.get("event_date") or "")[:7] == month:
                alone.append(rec)
            continue
        if r[1] < lo or r[0] > hi:
            continue  # a neighbour's mention whose window does not reach into this month
        inside.append(rec)
        shared.append(r[0] < lo or r[1] > hi)
    linked = DisjointSets(range(len(inside)))
    for link in find_links(inside):
        linked.join(link.a, link.b)
    comps = linked.sets()
    done, open_ = list(alone), []
    for idx in comps.values():
        if any(shared[i] for i in idx):
            open_.append([inside[i] for i in idx])
        else:
            done.extend(inside[i] for i in idx)
    return merge_records(done), open_


def join_components(components: list[list[dict]]) -> list[list[dict]]:
    """Components from many groups joined where they share a mention, each mention kept once."""
    from ..store.merging import DisjointSets, mention_key

    shared = DisjointSets()
    record: dict[tuple, dict] = {}
    for comp in components:
        keys = [mention_key(r) for r in comp]
        for k, r in zip(keys, comp):
            shared.root(k)
            record.setdefault(k, r)
        for k in keys[1:]:
            shared.join(keys[0], k)
    joined: dict[tuple, list[dict]] = {}
    for k in sorted(record):
        joined.setdefault(shared.root(k), []).append(record[k])
    return list(joined.values())


Key = tuple  # (country or None, "YYYY-MM" or None): a partition of the events


def group_inputs(keys) -> list[tuple[Key, list[Key]]]:
    """For each partition (country, month), the partitions its group reads: its own and the
    neighbouring months' of the same country that exist. Undated partitions are read alone."""
    present = set(keys)
    k = reach_months()
    out = []
    for country, month in sorted(present, key=lambda k: (k[0] or "", k[1] or "")):
        reads = [(country, month)]
        if month is not None:
            reads += [(country, m) for m in neighbours(month, k) if (country, m) in present]
        out.append(((country, month), reads))
    return out


def merge_partitions(partitions: dict[Key, list[dict]]) -> list[dict]:
    """The whole merge in this process, cut as the Ray job cuts it: each group, then the boundary pass."""
    from ..store.merging import merge_records

    merged, open_ = [], []
    for (country, month), reads in group_inputs(partitions):
        done, more = merge_group([r for k in reads for r in partitions[k]], month)
        merged += done
        open_ += more
    joined = join_components(open_)
    return merged + merge_records([r for comp in joined for r in comp])


def merged_schema():
    import pyarrow as pa

    from .extract import FLOAT_FIELDS, INT_FIELDS

    def kind(c):
        return pa.int64() if c in INT_FIELDS or c == "n_sources" else pa.float64() if c in FLOAT_FIELDS else pa.string()

    return pa.schema([(c, kind(c)) for c in MERGED_COLUMNS + ("event_month",)])


def merged_row(rec: dict[str, Any]) -> dict[str, Any]:
    row = {c: rec.get(c) for c in MERGED_COLUMNS}
    row["n_sources"] = len(rec.get("sources") or [])
    for c in _JSON:
        row[c] = json.dumps(rec.get(c) if rec.get(c) is not None else ({} if c == "evidence" else []),
                            ensure_ascii=False)
    row["country"] = rec.get("country") or None
    row["event_month"] = (rec.get("event_date") or "")[:7] or None
    return row


def merged_row_to_record(row: dict[str, Any]) -> dict[str, Any]:
    """A merged-events row back as the record ``merge_records`` gave."""
    from .extract import INT_FIELDS

    rec = {c: row.get(c) for c in ("article_id",) + ACLED_FIELDS + ("confidence", "evidence", "claims", "sources")}
    for c in INT_FIELDS:
        if rec[c] is not None:
            rec[c] = int(rec[c])
    for c in _JSON:
        rec[c] = json.loads(row[c]) if row.get(c) else ({} if c == "evidence" else [])
    rec["country"] = rec["country"] or ""
    return rec
