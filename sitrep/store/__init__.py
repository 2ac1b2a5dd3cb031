"""The embedded store: one SQLite file with articles, their events and their figures.

Each article is written with its events in one transaction, so a crash mid-run leaves every
article either stored whole or not at all. An article already stored with the same text is
skipped; the same id with new text replaces the old version and its events.

Another process may be writing to the same file: a write that finds the file locked is tried
again, waiting longer each time, for up to ``lock_timeout`` seconds, and then fails with E420.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..model import ACLED_FIELDS, Article, Event

SCHEMA_VERSION = 1
_EVENT_COLUMNS = ACLED_FIELDS + ("confidence",)
_NUMERIC = {"time_precision", "inter1", "inter2", "interaction", "iso", "latitude", "longitude", "geo_precision",
            "fatalities", "confidence"}

SCHEMA = f"""
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


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# SQLite's own busy wait, per try; between tries Sitrep sleeps, doubling the pause up to this.
_BUSY_WAIT = 0.5
_MAX_PAUSE = 2.0


def _locked(exc: sqlite3.Error) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc))


class Store:
    """``with Store(path) as store: store.add(article, events, figures)``."""

    def __init__(self, path: str | Path, lock_timeout: float = 30.0):
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        try:
            self.conn = sqlite3.connect(str(self.path), isolation_level=None, timeout=_BUSY_WAIT)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA foreign_keys = ON")
            self._retry("open the store", lambda: self.conn.execute("PRAGMA journal_mode = WAL"))
            self._retry("open the store", self._create)
        except sqlite3.DatabaseError as exc:
            raise StoreError("E501", f"{self.path} is not a usable Sitrep store: {exc}") from None

    def _create(self) -> None:
        # Every statement here may be run again after a locked try: each leaves the file as it found it
        # or as the next one expects.
        self.conn.executescript(SCHEMA)
        self.conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))

    def _retry(self, what: str, action: Callable[[], object]):
        """``action`` again and again while another writer holds the file, pausing 0.1 s, 0.2 s, ...
        (at most 2 s) between tries, for up to ``lock_timeout`` seconds in all."""
        deadline = time.monotonic() + self.lock_timeout
        pause = 0.1
        while True:
            try:
                return action()
            except sqlite3.OperationalError as exc:
                if not _locked(exc):
                    raise
                left = deadline - time.monotonic()
                if left <= 0:
                    raise StoreError("E420", f"cannot {what}: {self.path} is locked by another writer for more "
                                             f"than {self.lock_timeout:g}s (set --lock-timeout to wait longer)"
                                     ) from None
                time.sleep(min(pause, left))
                pause = min(pause * 2, _MAX_PAUSE)

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    def status(self, article: Article) -> str:
        """'new', 'same' (already stored with this text) or 'changed' (stored with other text)."""
        digest = text_hash(article.text)
        row = self.conn.execute("SELECT sha256 FROM articles WHERE id = ?", (article.id,)).fetchone()
        if row is None:
            dup = self.conn.execute("SELECT 1 FROM articles WHERE sha256 = ?", (digest,)).fetchone()
            return "same" if dup else "new"
        return "same" if row["sha256"] == digest else "changed"

    def add(self, article: Article, events: list[Event], figures: list | None = None) -> str:
        """Store an article with its events atomically. Returns 'added', 'replaced' or 'skipped'."""
        state = self.status(article)
        if state == "same":
            return "skipped"
        # The write lock is taken first, so no statement inside the transaction can find the file busy.
        self._retry(f"store article {article.id!r}", lambda: self.conn.execute("BEGIN IMMEDIATE"))
        try:
            self.conn.execute("DELETE FROM articles WHERE id = ?", (article.id,))
            self.conn.execute(
                "INSERT INTO articles (id, sha256, title, published, source, url, text, ingested_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (article.id, text_hash(article.text), article.title,
                 article.published.isoformat() if article.published else None, article.source, article.url,
                 article.text, dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")),
            )
            for seq, ev in enumerate(events):
                rec = ev.to_record()
                cols = ("article_id", "seq") + _EVENT_COLUMNS + ("evidence", "claims")
                vals = [article.id, seq] + [rec[c] for c in _EVENT_COLUMNS] + [
                    json.dumps(rec["evidence"], ensure_ascii=False), json.dumps(rec["claims"], ensure_ascii=False)]
                self.conn.execute(f"INSERT INTO events ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", vals)
            for seq, fig in enumerate(figures or []):
                self.conn.execute("INSERT INTO figures (article_id, seq, record) VALUES (?, ?, ?)",
                                  (article.id, seq, json.dumps(fig.to_dict(), ensure_ascii=False)))
            self.conn.execute("COMMIT")
        except BaseException as exc:
            # Whatever went wrong (an SQLite error, a bad value, Ctrl-C), nothing of this article stays.
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise StoreError("E502", f"cannot store article {article.id!r}: {exc}") from None
            raise
        return "replaced" if state == "changed" else "added"

    def events(self, *, country: str | None = None, event_type: str | None = None, since: str | None = None,
               until: str | None = None, article_id: str | None = None, admin1: str | None = None,
               actor: str | None = None, text: str | None = None, limit: int | None = None) -> Iterator[dict]:
        """Event records, newest first, narrowed by the filters of ``sitrep.filters`` (each one SQL clause)."""
        from ..filters import where

        clause, args = where({"country": country, "event_type": event_type, "since": since, "until": until,
                              "article_id": article_id, "admin1": admin1, "actor": actor, "text": text})
        sql = "SELECT * FROM events" + clause + " ORDER BY event_date DESC, article_id, seq"
        if limit:
            sql += f" LIMIT {int(limit)}"
        for row in self.conn.execute(sql, args):
            yield {"event_id": row["id"], **row_to_record(row)}

    def figures(self, article_id: str | None = None) -> Iterator[dict]:
        sql, args = "SELECT article_id, record FROM figures", []
        if article_id:
            sql, args = sql + " WHERE article_id = ?", [article_id]
        for row in self.conn.execute(sql + " ORDER BY article_id, seq", args):
            yield {"article_id": row["article_id"], **json.loads(row["record"])}

    def counts(self) -> dict[str, int]:
        return {t: self.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("articles", "events", "figures")}


def row_to_record(row: sqlite3.Row) -> dict[str, Any]:
    rec: dict[str, Any] = {"article_id": row["article_id"]}
    for c in _EVENT_COLUMNS:
        value = row[c]
        if c in _NUMERIC and value is not None and c not in ("latitude", "longitude", "confidence"):
            value = int(value)
        rec[c] = value
    rec["evidence"] = json.loads(row["evidence"])
    rec["claims"] = json.loads(row["claims"])
    return rec
