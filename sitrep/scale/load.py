"""`sitrep load`: a finished `sitrep scale` output into the SQLite store.

Articles go in through the store's public API (``Store.add``), each with its event mentions and
figures, so the store does what it does for `sitrep ingest`: an article already stored with the
same text is skipped (loading twice adds nothing), a changed one replaced, and the store's own
cross-report merge joins the mentions into events with the same code the scale merge ran
(``sitrep.store.merging``). Place mentions stay in the Parquet output: the store keeps none.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import fields
from typing import Any

from ..model import Article, Claim, Event, Span
from . import storage
from .extract import partitioning


def _table(fs, out: str, rel_paths: list[str], base: str, parts: tuple[str, ...]):
    import pyarrow.dataset as ds

    return ds.dataset([f"{out}/{p}" for p in rel_paths], filesystem=fs, format="parquet",
                      partitioning=partitioning(*parts) if parts else None,
                      partition_base_dir=f"{out}/{base}").to_table()


def read_shard(fs, out: str, manifest: dict[str, Any]):
    """(articles, {article id: [event records]}, {article id: [figure records]}) of one shard."""
    from .ray_job import read_events

    files = manifest["files"]
    articles = []
    if files.get("articles"):
        for row in _table(fs, out, files["articles"], "articles", ()).to_pylist():
            articles.append(Article(id=row["id"], text=row["text"], title=row["title"],
                                    published=dt.date.fromisoformat(row["published"]) if row["published"] else None,
                                    source=row["source"], url=row["url"]))
    events: dict[str, list[dict]] = {}
    for rec in sorted(read_events(fs, out, files.get("events") or []), key=lambda r: r["seq"]):
        events.setdefault(rec["article_id"], []).append(rec)
    figures: dict[str, list[dict]] = {}
    if files.get("figures"):
        rows = _table(fs, out, files["figures"], "figures", ("kind",)).to_pylist()
        for row in sorted(rows, key=lambda r: (r["article_id"], r["seq"])):
            figures.setdefault(row["article_id"], []).append(json.loads(row["record"]))
    return articles, events, figures


_CLAIM_FIELDS = {f.name for f in fields(Claim)}


def _event(rec: dict[str, Any]) -> Event:
    ev = Event.from_record({k: v for k, v in rec.items() if k not in ("seq", "outlet", "url", "published", "claims")})
    ev.claims = [_claim(c) for c in rec.get("claims") or []]
    return ev


def _claim(d: dict[str, Any]) -> Claim:
    """A claim from its record, which leaves out empty fields (an unattributed figure has no ``claimed_by``)."""
    return Claim(**{"value": None, "claimed_by": None, **{k: v for k, v in d.items() if k in _CLAIM_FIELDS},
                    "span": Span(**d["span"])})


def load_output(output_uri: str, db: str, *, lock_timeout: float = 30.0) -> dict[str, int]:
    from ..store import Store
    from .ray_job import _manifests

    fs, out = storage.resolve(output_uri)
    manifests = _manifests(fs, out)  # refuses an unfinished run
    stats = {"added": 0, "replaced": 0, "skipped": 0}
    with Store(db, lock_timeout=lock_timeout) as store:
        for manifest in manifests:
            articles, events, figures = read_shard(fs, out, manifest)
            for art in articles:
                outcome = store.add(art, [_event(r) for r in events.get(art.id, [])],
                                    [_claim(d) for d in figures.get(art.id, [])])
                stats[outcome] += 1
        stats["store_events"] = store.counts()["events"]
    return stats
