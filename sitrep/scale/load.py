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


def _table(fs, out: str, rel_paths: list[str], base: str, parts: tuple[str, ...], columns: list[str] | None = None):
    import pyarrow.dataset as ds

    return ds.dataset([f"{out}/{p}" for p in rel_paths], filesystem=fs, format="parquet",
                      partitioning=partitioning(*parts) if parts else None,
                      partition_base_dir=f"{out}/{base}").to_table(columns=columns)


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


def _in_selection(rel: str, countries: set[str], since: str | None, until: str | None) -> bool:
    """Whether a merged-events file (``merged/country=C/event_month=M/...``) may hold events of the selection."""
    from .ray_job import _partition_of

    country, month = _partition_of(rel)
    if countries and country not in countries:
        return False
    if since or until:
        if month is None:
            return False
        if (since and month < since[:7]) or (until and month > until[:7]):
            return False
    return True


def selected_articles(fs, out: str, countries: set[str], since: str | None, until: str | None) -> set[str]:
    """Ids of the articles that are sources of the merged events of the selection. Only the
    partitions of the selection's countries and months are read."""
    import pyarrow.dataset as ds

    done = storage.read_json(fs, f"{out}/merged/_SUCCESS") or {}
    files = [p for p in done.get("files", []) if _in_selection(p, countries, since, until)]
    if not files:
        return set()
    rows = ds.dataset([f"{out}/{p}" for p in files], filesystem=fs, format="parquet").to_table(
        columns=["event_date", "sources"]).to_pylist()
    ids: set[str] = set()
    for row in rows:
        day = row["event_date"] or ""
        if (since and day < since) or (until and day > until):
            continue
        ids.update(str(s["article_id"]) for s in json.loads(row["sources"]))
    return ids


def load_output(output_uri: str, db: str, *, lock_timeout: float = 30.0, countries: tuple[str, ...] = (),
                since: str | None = None, until: str | None = None) -> dict[str, int]:
    """Add the articles of a finished run to the store; with ``countries``, ``since`` or ``until``, only
    the articles that are sources of the merged events so selected (each with all its events)."""
    from ..store import Store
    from .ray_job import _manifests

    fs, out = storage.resolve(output_uri)
    manifests = _manifests(fs, out)  # refuses an unfinished run
    wanted = selected_articles(fs, out, set(countries), since, until) if (countries or since or until) else None
    stats = {"added": 0, "replaced": 0, "skipped": 0}
    with Store(db, lock_timeout=lock_timeout) as store:
        for manifest in manifests:
            if wanted is not None:
                files = manifest["files"].get("articles") or []
                ids = set(_table(fs, out, files, "articles", (), ["id"]).column("id").to_pylist()) if files else set()
                if not ids & wanted:
                    continue  # nothing of the selection in this shard: its texts are not read
            articles, events, figures = read_shard(fs, out, manifest)
            for art in articles:
                if wanted is not None and art.id not in wanted:
                    continue
                outcome = store.add(art, [_event(r) for r in events.get(art.id, [])],
                                    [_claim(d) for d in figures.get(art.id, [])])
                stats[outcome] += 1
        stats["store_events"] = store.counts()["events"]
    return stats
