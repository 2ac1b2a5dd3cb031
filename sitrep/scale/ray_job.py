"""The extraction pipeline over a large JSON Lines corpus, on Ray Data.

The code that turns an article into events is the same as `sitrep extract`'s: each Ray worker
builds ``default_pipeline()`` once and feeds it its share of the articles. Lines are read as text
and parsed by the same function as `sitrep extract --jsonl`, not with ``ray.data.read_json``: its
pandas reader turns an id such as "007" into the number 7 and its Arrow reader refuses a file
whose ids mix numbers and strings, so the events would not carry the ids the articles had. Rows going out have
one column per event field; ``evidence`` and ``claims`` are JSON text, since their keys vary from
event to event and a columnar file wants one schema.
"""
from __future__ import annotations

import json
import logging
import os
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConfigError, InputError, SitrepError
from ..ingest import cannot_read
from ..model import ACLED_FIELDS, Article

_INT_FIELDS = {"time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision", "fatalities"}
_FLOAT_FIELDS = {"latitude", "longitude", "confidence"}
EVENT_COLUMNS: tuple[str, ...] = ("article_id",) + ACLED_FIELDS + ("confidence", "evidence", "claims")
# Articles that could not be read travel in the same table (Ray maps one table to one table) and are
# split off at the end.
ERROR_COLUMN = "error"
FORMATS = ("jsonl", "parquet")


def event_schema():
    import pyarrow as pa

    def kind(name: str):
        return pa.int64() if name in _INT_FIELDS else pa.float64() if name in _FLOAT_FIELDS else pa.string()

    return pa.schema([(c, kind(c)) for c in EVENT_COLUMNS] + [(ERROR_COLUMN, pa.string())])


def event_row(record: dict[str, Any]) -> dict[str, Any]:
    row = {c: record.get(c) for c in EVENT_COLUMNS}
    row["evidence"] = json.dumps(record.get("evidence") or {}, ensure_ascii=False)
    row["claims"] = json.dumps(record.get("claims") or [], ensure_ascii=False)
    row[ERROR_COLUMN] = None
    return row


def row_to_record(row: dict[str, Any]) -> dict[str, Any]:
    """An output row back as the event record `sitrep extract --jsonl` prints."""
    rec = {c: row.get(c) for c in EVENT_COLUMNS}
    for c in _INT_FIELDS:
        if rec[c] is not None:
            rec[c] = int(rec[c])
    rec["evidence"] = json.loads(rec["evidence"])
    rec["claims"] = json.loads(rec["claims"])
    return rec


def failure_row(where: str, error: SitrepError) -> dict[str, Any]:
    row: dict[str, Any] = {c: None for c in EVENT_COLUMNS}
    row["article_id"] = where
    row[ERROR_COLUMN] = str(error)
    return row


def _where(line: str) -> str:
    """Names a line that could not be read: its id when it has one, else its first characters."""
    try:
        record = json.loads(line)
        if isinstance(record, dict) and isinstance(record.get("id"), (str, int, float)):
            return f"article {record['id']}"
    except json.JSONDecodeError:
        pass
    return "line " + json.dumps(line[:40] + ("…" if len(line) > 40 else ""), ensure_ascii=False)


class ExtractBatch:
    """Ray's callable class: built once per worker (loading the models), then called on batches."""

    def __init__(self, settings: dict[str, Any]):
        from ..pipeline import default_pipeline

        self.settings = settings
        self.pipeline = default_pipeline(settings)

    def __call__(self, batch):
        import pyarrow as pa

        from ..ingest import Failure, parse_jsonl

        rows: list[dict[str, Any]] = []
        articles: list[Article] = []
        for line in batch.column("text").to_pylist():
            for item in parse_jsonl("", line, max_bytes=self.settings["max_bytes"]):
                if isinstance(item, Failure):
                    rows.append(failure_row(_where(line), item.error))
                else:
                    articles.append(item)
        for doc in self.pipeline.process(articles, batch_size=self.settings["batch_size"]):
            if doc.error is not None:
                rows.append(failure_row(f"article {doc.article.id}", doc.error))
            else:
                rows.extend(event_row(ev.to_record()) for ev in doc.events)
        return pa.Table.from_pylist(rows, schema=event_schema())


@dataclass
class ScaleResult:
    articles: int
    events: int
    failures: list[dict[str, Any]]
    seconds: float
    output: Path


def run(input_path: str | Path, output_dir: str | Path, settings: dict[str, Any], *, num_cpus: int | None = None,
        batch_size: int = 16, fmt: str = "jsonl", address: str | None = None) -> ScaleResult:
    """Extract the events of every article in ``input_path`` (JSON Lines) into files under ``output_dir``.

    Runs ``num_cpus`` pipeline workers (one per CPU by default) on a local Ray, started here unless
    Ray is already running in this process, or on the running cluster at ``address``. Output order
    follows input order. Ray's own start-up failures come out as ConfigError E411.
    """
    try:
        import ray
        import ray.data
    except ImportError:
        raise ConfigError("E402", "`sitrep scale` needs Ray: pip install 'sitrep[scale]'") from None
    if fmt not in FORMATS:
        raise ConfigError("E403", f"output format must be one of {FORMATS}, got {fmt!r}")
    input_path, output_dir = Path(input_path), Path(output_dir)
    if not input_path.is_file():
        raise cannot_read(f"{input_path}: no such file")
    if output_dir.exists() and any(output_dir.iterdir()):
        raise ConfigError("E404", f"{output_dir} is not empty; give a new or empty folder")
    num_cpus = num_cpus or os.cpu_count() or 1
    started = time.perf_counter()
    owns_ray = not ray.is_initialized()
    if owns_ray:
        # One logical CPU more than workers: reading and writing tasks need one too, and with every CPU
        # held by a pipeline worker Ray Data would wait for ever for the reader.
        try:
            ray.init(address=address, num_cpus=None if address else num_cpus + 1, include_dashboard=False,
                     logging_level="WARNING", log_to_driver=True)
        except Exception as exc:  # Ray raises ConnectionError, ValueError, RuntimeError, ...: one error for the user
            raise ConfigError("E411", f"Ray could not start{f' at {address}' if address else ''}: "
                                      f"{type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:300]}") from None
    try:
        ctx = ray.data.DataContext.get_current()
        ctx.execution_options.preserve_order = True
        ctx.enable_progress_bars = False
        logging.getLogger("ray.data").setLevel(logging.WARNING)
        try:
            ds = ray.data.read_text(str(input_path), encoding="utf-8-sig", drop_empty_lines=True)
            n_articles = ds.count()
        except Exception as exc:  # Ray wraps the reader's error; the message is what the user needs
            raise InputError("E105", f"cannot read {input_path} as JSON Lines articles: {exc}") from None
        out = ds.map_batches(ExtractBatch, fn_constructor_kwargs={"settings": settings}, batch_size=batch_size,
                             batch_format="pyarrow", compute=ray.data.ActorPoolStrategy(size=num_cpus),
                             num_cpus=1).materialize()
        with warnings.catch_warnings():
            # Ray suggests expression filters; row functions keep older Ray versions working.
            warnings.simplefilter("ignore", UserWarning)
            failed = out.filter(lambda r: r[ERROR_COLUMN] is not None).select_columns(
                ["article_id", ERROR_COLUMN]).take_all()
            events = out.filter(lambda r: r[ERROR_COLUMN] is None).drop_columns([ERROR_COLUMN])
            n_events = events.count()
        output_dir.mkdir(parents=True, exist_ok=True)
        if fmt == "parquet":
            events.write_parquet(str(output_dir))
        else:
            # 15 digits, pandas' most, so coordinates come out as the pipeline computed them.
            events.write_json(str(output_dir), force_ascii=False, double_precision=15)
    finally:
        if owns_ray:
            ray.shutdown()
    return ScaleResult(n_articles, n_events, failed, time.perf_counter() - started, output_dir)


def read_output(output_dir: str | Path) -> list[dict[str, Any]]:
    """Event records from a `sitrep scale` output folder, in input order."""
    output_dir = Path(output_dir)
    rows: list[dict[str, Any]] = []
    files = sorted(output_dir.glob("*.json")) + sorted(output_dir.glob("*.parquet"))
    for f in files:
        if f.suffix == ".parquet":
            import pyarrow.parquet as pq

            rows.extend(pq.read_table(f).to_pylist())
        else:
            with f.open(encoding="utf-8") as fh:
                rows.extend(json.loads(line) for line in fh if line.strip())
    return [row_to_record(r) for r in rows]
