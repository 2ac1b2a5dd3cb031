"""One shard of input through the pipeline, its outputs written as partitioned Parquet.

A worker builds the pipeline once (the models load in seconds) and is then given shard
after shard. For each shard it writes, under the output folder:

    events/country=C/event_month=YYYY-MM/<shard>-0.parquet     one row per event mention
    places/country=C/<shard>-0.parquet                         one row per place mention
    figures/kind=K/<shard>-0.parquet                           one row per figure (totals, displacement)
    articles/<shard>-0.parquet                                 the articles read (id, metadata, text)
    errors/<shard>.jsonl                                       one line per record that failed, with its reason
    _shards/<shard>.json                                       the manifest, written last

The manifest names every file the shard wrote; readers read only files named in a manifest, so
what a worker that died half-way left behind is never read, and the next run writes it again
under the same names. ``evidence``, ``claims`` and the like are JSON text: their keys vary from
record to record and a columnar file wants one schema.
"""
from __future__ import annotations

import io
import json
import os
import posixpath
import resource
import socket
import time
from typing import Any

from ..model import ACLED_FIELDS
from . import storage

INT_FIELDS = {"time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision", "fatalities"}
FLOAT_FIELDS = {"latitude", "longitude", "confidence"}
# Beside the fields `sitrep extract --jsonl` prints: the mention's place among its article's events
# (`seq`, as the store numbers them) and the article's outlet, URL and day, which a merged event's
# `sources` carry.
EVENT_COLUMNS: tuple[str, ...] = (("article_id", "seq") + ACLED_FIELDS
                                  + ("confidence", "evidence", "claims", "outlet", "url", "published"))
JSON_COLUMNS = {"evidence", "claims"}
PLACE_COLUMNS = ("article_id", "start", "end", "text", "latitude", "longitude", "name", "geonameid", "country",
                 "country_code", "admin1", "admin2", "feature_class", "confidence")
ARTICLE_COLUMNS = ("id", "title", "published", "source", "url", "sha256", "text")
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"  # pyarrow's name for a missing partition value
# Set in a test to make the first shard's worker die (os._exit) once, so the retry can be seen.
CRASH_ONCE_ENV = "SITREP_SCALE_TEST_CRASH_ONCE"


def _kind(name: str):
    import pyarrow as pa

    if name in INT_FIELDS or name in ("seq", "start", "end", "geonameid"):
        return pa.int64()
    if name in FLOAT_FIELDS:
        return pa.float64()
    return pa.string()


def event_schema(extra: tuple[str, ...] = ("event_month",)):
    import pyarrow as pa

    return pa.schema([(c, _kind(c)) for c in EVENT_COLUMNS + extra])


def partitioning(*names: str):
    import pyarrow as pa
    import pyarrow.dataset as ds

    return ds.partitioning(pa.schema([(n, pa.string()) for n in names]), flavor="hive")


def event_row(rec: dict[str, Any], seq: int, article) -> dict[str, Any]:
    row = {c: rec.get(c) for c in EVENT_COLUMNS}
    row["seq"] = seq
    for c in JSON_COLUMNS:
        row[c] = json.dumps(rec.get(c) or ({} if c == "evidence" else []), ensure_ascii=False)
    row["outlet"] = article.source
    row["url"] = article.url
    row["published"] = article.published.isoformat() if article.published else None
    row["event_month"] = (rec.get("event_date") or "")[:7] or None
    row["country"] = rec.get("country") or None  # "" would be a partition named ""
    return row


def row_to_record(row: dict[str, Any]) -> dict[str, Any]:
    """An events row back as the record `sitrep extract --jsonl` prints, plus seq, outlet, url, published."""
    rec = {c: row.get(c) for c in EVENT_COLUMNS}
    for c in INT_FIELDS | {"seq"}:
        if rec[c] is not None:
            rec[c] = int(rec[c])
    for c in JSON_COLUMNS:
        rec[c] = json.loads(rec[c]) if rec[c] else ({} if c == "evidence" else [])
    rec["country"] = rec["country"] or ""
    return rec


def write_partitioned(fs, base: str, rows: list[dict[str, Any]], schema, parts: tuple[str, ...], stem: str) -> list[str]:
    """Rows as Parquet under ``base``, hive-partitioned by ``parts``; the paths written."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    if not rows:
        return []
    written: list[str] = []
    table = pa.Table.from_pylist(rows, schema=schema)
    ds.write_dataset(table, base, filesystem=fs, format="parquet", partitioning=partitioning(*parts) if parts else None,
                     basename_template=f"{stem}-{{i}}.parquet", existing_data_behavior="overwrite_or_ignore",
                     file_visitor=lambda f: written.append(f.path), create_dir=True)
    return sorted(written)


class ShardWorker:
    """Built once per worker process (loading the models), then run on shard after shard."""

    def __init__(self, settings: dict[str, Any], out_fs, out_path: str, in_fs):
        from ..pipeline import Pipeline
        from ..resources_loader import Resources
        from ..stages import build_stages

        self.settings = settings
        self.out_fs, self.out = out_fs, out_path
        self.in_fs = in_fs
        res = Resources.load(settings)
        # `sitrep extract`'s pipeline in one thread: a worker is given one CPU, and the overlap of
        # spaCy's stages with the others (`default_pipeline`) would have it take a share of its
        # neighbours' too. The stages and their order are the same, so the events are too.
        self.pipeline = Pipeline(build_stages(res), max_chars=res.settings["max_chars"],
                                 time_budget=res.settings["time_budget"])

    def run(self, shard: storage.Shard) -> dict[str, Any]:
        started, wall_start = time.perf_counter(), time.time()
        self._maybe_crash(shard)
        sid = shard.id
        articles, errors = self._read(shard)
        events, places, figures, kept = [], [], [], []
        offsets = {id(a): o for o, a in articles}
        for doc in self.pipeline.process([a for _, a in articles], batch_size=self.settings["batch_size"]):
            art = doc.article
            if doc.error is not None:
                errors.append(_error(shard, offsets.get(id(art), -1), art.id, doc.error))
                continue
            kept.append(art)
            for seq, ev in enumerate(doc.events):
                events.append(event_row(ev.to_record(), seq, art))
            for pm in doc.places:
                rec = pm.to_record(art.id)
                places.append({c: rec.get(c) for c in PLACE_COLUMNS} | {"country": rec.get("country") or None})
            for seq, fig in enumerate(doc.figures):
                d = fig.to_dict()
                figures.append({"article_id": art.id, "seq": seq, "kind": d.get("kind") or None, "value": d.get("value"),
                                "claimed_by": d.get("claimed_by"), "record": json.dumps(d, ensure_ascii=False)})
        files = {
            "events": write_partitioned(self.out_fs, f"{self.out}/events", events, event_schema(),
                                        ("country", "event_month"), sid),
            "places": write_partitioned(self.out_fs, f"{self.out}/places", places, _place_schema(), ("country",), sid),
            "figures": write_partitioned(self.out_fs, f"{self.out}/figures", figures, _figure_schema(), ("kind",), sid),
            "articles": write_partitioned(self.out_fs, f"{self.out}/articles", [_article_row(a) for a in kept],
                                          _article_schema(), (), sid),
        }
        if errors:
            path = f"{self.out}/errors/{sid}.jsonl"
            storage.write_bytes_atomic(self.out_fs, path, "".join(
                json.dumps(e, ensure_ascii=False) + "\n" for e in errors).encode("utf-8"))
            files["errors"] = [path]
        # Paths relative to the output folder, so a copied folder (s3:// to a laptop) still reads.
        files = {k: [posixpath.relpath(p, self.out) for p in v] for k, v in files.items()}
        manifest = {"shard": sid, "input": shard.to_dict(), "articles": len(kept) + len(errors),
                    "events": len(events), "places": len(places), "figures": len(figures), "errors": len(errors),
                    "files": files, "worker": {"host": socket.gethostname(), "pid": os.getpid()},
                    "seconds": round(time.perf_counter() - started, 3), "started_at": wall_start,
                    "finished_at": time.time(),
                    # The worker's peak resident memory so far (Linux gives KiB).
                    "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}
        storage.write_json_atomic(self.out_fs, f"{self.out}/_shards/{sid}.json", manifest)
        return manifest

    def _read(self, shard: storage.Shard):
        """(offset, Article) for each readable line; an error record for each other one."""
        from ..ingest import Failure, read_jsonl_stream, too_large

        max_bytes = self.settings["max_bytes"]
        articles, errors = [], []
        for offset, raw, size in storage.shard_lines(self.in_fs, shard, max_bytes):
            if raw is None:
                errors.append(_error(shard, offset, None, too_large(size, max_bytes, "line")))
                continue
            # One line at a time through `sitrep extract --jsonl`'s reader: the same checks, the same errors.
            for item in read_jsonl_stream("", io.BytesIO(raw), max_bytes=max_bytes):
                if isinstance(item, Failure):
                    line = raw.decode("utf-8", "replace")
                    errors.append(_error(shard, offset, _id_of(line), item.error, line))
                else:
                    articles.append((offset, item))
        return articles, errors

    @staticmethod
    def _maybe_crash(shard: storage.Shard) -> None:
        flag = os.environ.get(CRASH_ONCE_ENV)
        if not flag or os.path.exists(flag):
            return
        with open(flag, "w", encoding="utf-8") as fh:
            json.dump({"pid": os.getpid(), "shard": shard.id}, fh)
        os._exit(17)  # dies as a killed worker would: no exception, no clean-up


def _error(shard: storage.Shard, offset: int, article_id, error, line: str | None = None) -> dict[str, Any]:
    return {"input": shard.path, "offset": offset, "article_id": None if article_id is None else str(article_id),
            "code": getattr(error, "code", None), "error": getattr(error, "message", str(error)), "line": line}


def _id_of(line: str):
    try:
        rec = json.loads(line)
    except (json.JSONDecodeError, RecursionError):
        return None
    value = rec.get("id") if isinstance(rec, dict) else None
    return value if isinstance(value, (str, int)) and not isinstance(value, bool) else None


def _article_row(a) -> dict[str, Any]:
    from ..store import text_hash

    return {"id": a.id, "title": a.title, "published": a.published.isoformat() if a.published else None,
            "source": a.source, "url": a.url, "sha256": text_hash(a.text), "text": a.text}


def _place_schema():
    import pyarrow as pa

    return pa.schema([(c, _kind(c)) for c in PLACE_COLUMNS])


def _figure_schema():
    import pyarrow as pa

    return pa.schema([("article_id", pa.string()), ("seq", pa.int64()), ("kind", pa.string()), ("value", pa.int64()),
                      ("claimed_by", pa.string()), ("record", pa.string())])


def _article_schema():
    import pyarrow as pa

    return pa.schema([(c, pa.string()) for c in ARTICLE_COLUMNS])
