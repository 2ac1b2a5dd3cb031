"""Event records as a Parquet file with typed columns, through pyarrow (the `export` extra).

Columns: ``event_id`` int64, ``article_id`` string, then ACLED's fields (``event_date`` date32; codes,
ISO number and fatalities int64; latitude and longitude float64; the rest strings), ``confidence``
float64, and:

- ``sources``: list<struct<article_id, seq, source, url, published, evidence>>, one entry per report
  behind the event, so a reader can count or unnest them without parsing text;
- ``evidence``, ``claims`` and each source's ``evidence``: JSON text. Their shape (a field name to a list
  of spans; claims whose value is a number or a name) grows with the extractor, and a nested Arrow type
  would change the file's schema whenever it does.

A record without ``sources`` is written with the one source it stands for (its own article).
``read_records`` reads a file back into the records it was written from.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from ..errors import ConfigError
from ..model import ACLED_FIELDS
from .acled import sources_of

INT_FIELDS = frozenset({"event_id", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision",
                        "fatalities"})
FLOAT_FIELDS = frozenset({"latitude", "longitude", "confidence"})
SCALAR_FIELDS: tuple[str, ...] = ("event_id", "article_id") + ACLED_FIELDS + ("confidence",)
JSON_FIELDS = ("evidence", "claims")
SOURCE_FIELDS = ("article_id", "seq", "source", "url", "published", "evidence")
BATCH = 5000


def require_pyarrow():
    """pyarrow and its Parquet module, or a clear error saying how to get them."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as exc:
        raise ConfigError("E600", f"--format parquet needs pyarrow, which is not installed ({exc}); install it with "
                                  "pip install 'sitrep[export]'") from None
    return pyarrow


def schema():
    pa = require_pyarrow()

    def kind(name: str):
        if name == "event_date":
            return pa.date32()
        if name in INT_FIELDS:
            return pa.int64()
        if name in FLOAT_FIELDS:
            return pa.float64()
        return pa.string()

    source = pa.struct([("seq", pa.int64()) if f == "seq" else (f, pa.string()) for f in SOURCE_FIELDS])
    return pa.schema([(f, kind(f)) for f in SCALAR_FIELDS] + [("sources", pa.list_(source))]
                     + [(f, pa.string()) for f in JSON_FIELDS],
                     metadata={"sitrep": "event records; evidence, claims and sources[].evidence are JSON text"})


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    return dt.date.fromisoformat(str(value)[:10])


def _int(value: Any) -> int | None:
    return None if value in (None, "") else int(value)


def _float(value: Any) -> float | None:
    return None if value in (None, "") else float(value)


def to_row(rec: dict) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for f in SCALAR_FIELDS:
        value = rec.get(f)
        if f == "event_date":
            row[f] = _date(value)
        elif f in INT_FIELDS:
            row[f] = _int(value)
        elif f in FLOAT_FIELDS:
            row[f] = _float(value)
        else:
            row[f] = None if value is None else str(value)
    row["sources"] = [{"article_id": None if s.get("article_id") is None else str(s["article_id"]),
                       "seq": _int(s.get("seq")), "source": s.get("source"), "url": s.get("url"),
                       "published": None if s.get("published") is None else str(s["published"]),
                       "evidence": json.dumps(s.get("evidence") or {}, ensure_ascii=False)}
                      for s in sources_of(rec)]
    for f in JSON_FIELDS:
        row[f] = json.dumps(rec.get(f) if rec.get(f) is not None else ({} if f == "evidence" else []),
                            ensure_ascii=False)
    return row


def from_row(row: dict[str, Any]) -> dict[str, Any]:
    """The record a row was written from (dates back to YYYY-MM-DD, JSON text back to objects)."""
    rec = {f: row[f] for f in SCALAR_FIELDS}
    if isinstance(rec["event_date"], dt.date):
        rec["event_date"] = rec["event_date"].isoformat()
    rec["sources"] = [{**s, "evidence": json.loads(s["evidence"])} for s in row["sources"]]
    for f in JSON_FIELDS:
        rec[f] = json.loads(row[f])
    return rec


def write_parquet(records: Iterable[dict], path) -> int:
    """Writes in batches of ``BATCH`` rows (one row group each), so memory stays flat on a large store."""
    pa = require_pyarrow()
    import pyarrow.parquet as pq

    sch = schema()
    n = 0
    with pq.ParquetWriter(str(path), sch, compression="zstd") as writer:
        batch: list[dict] = []
        for rec in records:
            batch.append(to_row(rec))
            if len(batch) >= BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=sch))
                n += len(batch)
                batch = []
        if batch or n == 0:
            # An export that matched nothing still gets a file with the schema, so readers see the columns.
            writer.write_table(pa.Table.from_pylist(batch, schema=sch))
            n += len(batch)
    return n


def read_records(path) -> list[dict[str, Any]]:
    require_pyarrow()
    import pyarrow.parquet as pq

    return [from_row(r) for r in pq.read_table(str(path)).to_pylist()]
