"""The HTTP API over a Sitrep store, and the map page that reads it.

Each request opens its own ``Store``: SQLite connections cannot be shared between the server's
worker threads, and opening one is cheap next to a request. The extraction pipeline is heavy,
so ``POST /api/extract`` builds it on first use and keeps it for the life of the app.
"""
from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import Body, FastAPI, HTTPException, Query
from fastapi.responses import HTMLResponse

from ..errors import InputError, SitrepError, StoreError
from ..model import EVENT_TYPES, SUB_EVENT_TYPES, Article
from ..store import Store, row_to_record

MAX_LIMIT = 1000
DEFAULT_LIMIT = 100


class LazyPipeline:
    """Builds the pipeline once, on the first article, however many requests ask at the same time."""

    def __init__(self, factory: Callable[[], Any]):
        self._factory = factory
        self._pipeline = None
        self._lock = threading.Lock()

    def get(self):
        with self._lock:
            if self._pipeline is None:
                self._pipeline = self._factory()
            return self._pipeline

    def run(self, article: Article):
        pipeline = self.get()
        # Stages keep per-call state in the Document only, but spaCy models are not documented as
        # thread-safe, so one article at a time goes through.
        with self._lock:
            return pipeline(article)


def check_store(path: str | Path) -> Path:
    """The store file, or ``StoreError`` when there is none (Store() would quietly create an empty one)."""
    path = Path(path)
    if not path.is_file():
        raise StoreError("E503", f"no store at {path}; run `sitrep ingest PATH... --db {path}` first (or give --db)")
    with Store(path):
        pass  # fails with E501 when the file is not a Sitrep store
    return path


def _date_param(name: str, value: str | None) -> str | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise HTTPException(422, f"'{name}' must be a date as YYYY-MM-DD, got {value!r}") from None


def _type_param(value: str | None) -> str | None:
    if value in (None, ""):
        return None
    if value not in EVENT_TYPES and value not in SUB_EVENT_TYPES:
        raise HTTPException(422, f"unknown event type {value!r}; use an ACLED event type ({', '.join(EVENT_TYPES)}) "
                                 "or sub-event type")
    return value


def _located(rec: dict[str, Any]) -> bool:
    return rec.get("latitude") is not None and rec.get("longitude") is not None


def to_feature(rec: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [rec["longitude"], rec["latitude"]]},
            "properties": rec}


def create_app(db: str | Path, pipeline_factory: Callable[[], Any] | None = None) -> FastAPI:
    """The app over the store file ``db``; ``pipeline_factory`` builds the extraction pipeline on demand."""
    db_path = check_store(db)
    if pipeline_factory is None:
        from ..pipeline import default_pipeline

        pipeline_factory = default_pipeline
    pipeline = LazyPipeline(pipeline_factory)
    app = FastAPI(title="Sitrep", description="ACLED-style events read from news reports, with their evidence.")

    @contextmanager
    def store() -> Iterator[Store]:
        if not db_path.is_file():
            raise HTTPException(503, f"the store {db_path} has gone away")
        with Store(db_path) as st:
            yield st

    def query_events(country, event_type, since, until, article, limit, located_only=False) -> list[dict]:
        filters = dict(country=country or None, event_type=_type_param(event_type), since=_date_param("since", since),
                       until=_date_param("until", until), article_id=article or None)
        with store() as st:
            if not located_only:
                return list(st.events(limit=limit, **filters))
            out = []
            for rec in st.events(**filters):
                if _located(rec):
                    out.append(rec)
                    if len(out) >= limit:
                        break
            return out

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index() -> str:
        return resources.files(__package__).joinpath("static", "index.html").read_text(encoding="utf-8")

    @app.get("/api/events")
    def events(country: str | None = None, event_type: str | None = Query(None, alias="type"), since: str | None = None,
               until: str | None = None, article: str | None = None,
               limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)) -> list[dict]:
        """Stored event records, newest first. ``type`` is an event type or a sub-event type."""
        return query_events(country, event_type, since, until, article, limit)

    @app.get("/api/events.geojson")
    def events_geojson(country: str | None = None, event_type: str | None = Query(None, alias="type"), since: str | None = None,
                       until: str | None = None, article: str | None = None,
                       limit: int = Query(MAX_LIMIT, ge=1, le=MAX_LIMIT)) -> dict:
        """Located events as a GeoJSON FeatureCollection; each feature's properties are the event record."""
        recs = query_events(country, event_type, since, until, article, limit, located_only=True)
        return {"type": "FeatureCollection", "features": [to_feature(r) for r in recs]}

    @app.get("/api/figures")
    def figures(article: str | None = None) -> list[dict]:
        """Figure records (casualty totals, displacement, people in need) with who claimed them."""
        with store() as st:
            return list(st.figures(article or None))

    @app.get("/api/stats")
    def stats() -> dict:
        """How many articles, events and figures the store holds, and events by type and by country."""
        with store() as st:
            counts = st.counts()
            by = {}
            for column in ("event_type", "country"):
                rows = st.conn.execute(
                    f"SELECT COALESCE({column}, '') AS k, COUNT(*) AS n FROM events GROUP BY k ORDER BY n DESC, k")
                by[column] = {row["k"]: row["n"] for row in rows}
        return {**counts, "by_event_type": by["event_type"], "by_country": by["country"]}

    @app.get("/api/articles/{article_id}")
    def article(article_id: str) -> dict:
        """One stored article with its text and its events in extraction order; evidence offsets index the text."""
        with store() as st:
            row = st.conn.execute("SELECT id, title, published, source, url, text, ingested_at FROM articles "
                                  "WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                raise HTTPException(404, f"no article with id {article_id!r} in the store")
            evs = [row_to_record(r) for r in
                   st.conn.execute("SELECT * FROM events WHERE article_id = ? ORDER BY seq", (article_id,))]
            figs = list(st.figures(article_id))
        return {**dict(row), "events": evs, "figures": figs}

    @app.post("/api/extract")
    def extract(article: dict = Body(..., examples=[{"id": "a1", "text": "...", "published": "2024-05-01"}])) -> dict:
        """Extract the events of one article (``{"id", "text", "published", ...}``) without storing it."""
        try:
            art = Article.from_dict(article)
        except InputError as exc:
            raise HTTPException(422, exc.message) from None
        try:
            doc = pipeline.run(art)
        except InputError as exc:
            raise HTTPException(422, exc.message) from None
        except SitrepError as exc:
            # The store is fine but extraction cannot run (a model or gazetteer is missing): say which.
            raise HTTPException(503, f"extraction is unavailable: {exc}") from None
        return {"article_id": art.id, "events": [ev.to_record() for ev in doc.events],
                "figures": [c.to_dict() for c in doc.figures]}

    return app
