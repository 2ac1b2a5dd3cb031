"""`sitrep export`: the stored events, filtered, written to a file in one of the formats analysts open.

A file is written beside OUT under a temporary name and renamed over OUT only once it is complete, so
a crash, a full disk or Ctrl-C leaves no half file (and an existing OUT is only replaced with --force).
"""
from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from ..errors import ConfigError, StoreError
from .acled import iso_to_unix, write_acled_csv
from .geojson import write_geojson
from .hxl import write_hxl
from .parquet import require_pyarrow, write_parquet


@dataclass(frozen=True)
class Format:
    name: str
    suffix: str
    text: bool
    help: str


EXPORT_FORMATS: tuple[Format, ...] = (
    Format("acled-csv", ".csv", True, "ACLED's 31 columns in ACLED's order, one row per event"),
    Format("geojson", ".geojson", True, "RFC 7946 FeatureCollection of the located events"),
    Format("parquet", ".parquet", False, "typed columns through pyarrow (needs the `export` extra)"),
    Format("hxl", ".csv", True, "the ACLED columns with a second row of HXL hashtags"),
)
BY_NAME = {f.name: f for f in EXPORT_FORMATS}


@dataclass
class ExportResult:
    written: int
    skipped: int  # events left out (GeoJSON: no coordinates)
    path: str


def ingest_times(store) -> Callable[[list[str]], int | None]:
    """``f(article_ids)``: the Unix time the latest of these articles was stored (ACLED's ``timestamp``)."""
    def latest(ids: list[str]) -> int | None:
        try:
            row = store.conn.execute(f"SELECT MAX(ingested_at) FROM articles WHERE id IN ({', '.join('?' * len(ids))})",
                                     ids).fetchone()
        except sqlite3.Error:
            return None  # a store without ingest times: the column stays empty
        return iso_to_unix(row[0]) if row else None

    return latest


def _write(fmt: str, records: Iterable[dict], out: TextIO | Path, ingested) -> tuple[int, int]:
    if fmt == "acled-csv":
        return write_acled_csv(records, out, ingested), 0
    if fmt == "hxl":
        return write_hxl(records, out, ingested), 0
    if fmt == "geojson":
        return write_geojson(records, out)
    return write_parquet(records, out), 0


def check_target(fmt: str, out: str, force: bool) -> Path | None:
    """What OUT will be (None: standard output), refused before any event is read if it cannot be."""
    if fmt not in BY_NAME:
        raise ConfigError("E606", f"unknown export format {fmt!r}; use one of {', '.join(BY_NAME)}")
    if fmt == "parquet":
        require_pyarrow()
    if out == "-":
        if not BY_NAME[fmt].text:
            raise ConfigError("E602", f"{fmt} is binary and is not written to standard output; give a file name")
        return None
    path = Path(out)
    if path.is_dir():
        raise ConfigError("E603", f"cannot write {out}: it is a folder")
    if not path.parent.is_dir():
        raise ConfigError("E603", f"cannot write {out}: there is no folder {path.parent}")
    if path.exists() and not force:
        raise ConfigError("E601", f"{out} exists; give --force to replace it")
    return path


def export(records: Iterable[dict], fmt: str, out: str, *, force: bool = False, ingested=None,
           stdout: TextIO | None = None) -> ExportResult:
    """Writes ``records`` to ``out`` (a path, or "-" for ``stdout``) in ``fmt``."""
    path = check_target(fmt, out, force)
    if path is None:
        stream = stdout or sys.stdout
        written, skipped = _write(fmt, records, stream, ingested)
        stream.flush()
        return ExportResult(written, skipped, "-")
    try:
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as exc:
        raise ConfigError("E603", f"cannot write {out}: {exc.strerror or exc}") from None
    tmp = Path(tmp_name)
    try:
        if BY_NAME[fmt].text:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                written, skipped = _write(fmt, records, fh, ingested)
                fh.flush()
                os.fsync(fh.fileno())
        else:
            os.close(fd)
            written, skipped = _write(fmt, records, tmp, ingested)
        # mkstemp makes the file readable by its owner only; the export gets the usual mode.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ConfigError("E603", f"cannot write {out}: {exc.strerror or exc}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return ExportResult(written, skipped, str(path))


def export_store(db: str | Path, fmt: str, out: str, filters: dict[str, Any], *, force: bool = False,
                 stdout: TextIO | None = None) -> ExportResult:
    """The events of the store at ``db`` that pass ``filters`` (``sitrep.filters``), exported."""
    from ..store import Store

    from ..filters import where

    check_target(fmt, out, force)  # a bad OUT or filter is reported before the store is even opened
    where(filters)
    if not Path(db).exists():
        raise StoreError("E607", f"no store at {db}; run `sitrep ingest PATH...` first (or give --db)")
    with Store(db) as store:
        records: Iterator[dict] = store.events(**{k: v for k, v in filters.items() if v not in (None, "")})
        return export(records, fmt, out, force=force, ingested=ingest_times(store), stdout=stdout)
