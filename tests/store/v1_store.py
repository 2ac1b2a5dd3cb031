"""The store as it was at schema version 1 (before cross-report merging), kept to write real version-1
files for the migration tests: its SQL and its writer, unchanged but for being cut to what writes."""
import datetime as dt
import hashlib
import json
import sqlite3

from sitrep.model import ACLED_FIELDS

_EVENT_COLUMNS = ACLED_FIELDS + ("confidence",)
_NUMERIC = {"time_precision", "inter1", "inter2", "interaction", "iso", "latitude", "longitude", "geo_precision",
            "fatalities", "confidence"}

SCHEMA_V1 = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    title TEXT, published TEXT, source TEXT, url TEXT,
    text TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_sha ON articles(sha256);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    {", ".join(f"{c} {'REAL' if c in _NUMERIC else 'TEXT'}" for c in _EVENT_COLUMNS)},
    evidence TEXT NOT NULL,
    claims TEXT NOT NULL,
    UNIQUE (article_id, seq)
);
CREATE INDEX IF NOT EXISTS events_date ON events(event_date);
CREATE INDEX IF NOT EXISTS events_type ON events(event_type, sub_event_type);
CREATE INDEX IF NOT EXISTS events_country ON events(country, admin1);
CREATE TABLE IF NOT EXISTS figures (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    record TEXT NOT NULL,
    UNIQUE (article_id, seq)
);
"""
# What `sitrep serve` of version 1 added to the file.
SERVE_INDEX_V1 = ("CREATE INDEX IF NOT EXISTS events_serve ON events(event_date DESC, article_id, seq, event_type, "
                  "sub_event_type, country, admin1, latitude, longitude, fatalities)")


def write_v1(path, docs) -> None:
    """A version-1 store at ``path`` holding ``docs`` (pipeline Documents), written as version 1 wrote."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.executescript(SCHEMA_V1)
    conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', '1')")
    conn.execute(SERVE_INDEX_V1)
    for doc in docs:
        article = doc.article
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO articles (id, sha256, title, published, source, url, text, ingested_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (article.id, hashlib.sha256(article.text.encode("utf-8")).hexdigest(), article.title,
             article.published.isoformat() if article.published else None, article.source, article.url,
             article.text, dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")),
        )
        for seq, ev in enumerate(doc.events):
            rec = ev.to_record()
            cols = ("article_id", "seq") + _EVENT_COLUMNS + ("evidence", "claims")
            vals = [article.id, seq] + [rec[c] for c in _EVENT_COLUMNS] + [
                json.dumps(rec["evidence"], ensure_ascii=False), json.dumps(rec["claims"], ensure_ascii=False)]
            conn.execute(f"INSERT INTO events ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", vals)
        for seq, fig in enumerate(doc.figures or []):
            conn.execute("INSERT INTO figures (article_id, seq, record) VALUES (?, ?, ?)",
                         (article.id, seq, json.dumps(fig.to_dict(), ensure_ascii=False)))
        conn.execute("COMMIT")
    conn.close()
