"""The embedded store: one SQLite file with articles, the incidents they report and their figures.

Each event an article reports is a source (a row of ``mentions``) of a merged event: reports of one
incident by different articles become one event with several sources (``merging.py`` decides which,
and the reasons are kept). Each article is written, with its sources and the merge they cause, in one
transaction, so a crash mid-run leaves every article either stored whole or not at all. An article
already stored with the same text is skipped; the same id with new text replaces the old version, and
its old sources leave their events first.

Another process may be writing to the same file: a write that finds the file locked is tried
again, waiting longer each time, for up to ``lock_timeout`` seconds, and then fails with E420.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..model import ACLED_FIELDS, Article, Event
from . import merging

SCHEMA_VERSION = 3
_EVENT_COLUMNS = ACLED_FIELDS + ("confidence",)
_NUMERIC = {"time_precision", "inter1", "inter2", "interaction", "iso", "latitude", "longitude", "geo_precision",
            "fatalities", "confidence"}
# The fields of a mention kept as columns, so sources can be queried without reading their JSON.
_MENTION_COLUMNS = ("event_type", "sub_event_type", "event_date", "time_precision", "actor1", "actor2", "country",
                    "admin1", "location", "latitude", "longitude", "geo_precision", "fatalities", "source")
_FIGURE_COLUMNS = ("kind", "value", "claimed_by", "unit", "qualifier", "place", "period", "aggregate")


def _col(c: str) -> str:
    return f"{c} {'REAL' if c in _NUMERIC else 'TEXT'}"


# Version 2. ``events`` are the merged incidents (one row each, the columns of the merged record; evidence,
# claims and sources also as JSON for readers that want the whole record at once). ``mentions`` are the
# sources: one row per event an article reported (event -> article -> seq), with its evidence spans and
# claims as rows of their own. ``links`` are the pairs of mentions found to be one incident, with why; the
# merge reads them again when an article leaves. ``mention_box`` indexes mentions by days and coordinates.
SCHEMA = [
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS articles (
        id TEXT PRIMARY KEY,
        sha256 TEXT NOT NULL,
        title TEXT, published TEXT, source TEXT, url TEXT,
        text TEXT NOT NULL,
        ingested_at TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS articles_sha ON articles(sha256)",
    f"""CREATE TABLE IF NOT EXISTS events (
        id INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        {", ".join(_col(c) for c in _EVENT_COLUMNS)},
        evidence TEXT NOT NULL,
        claims TEXT NOT NULL,
        sources TEXT NOT NULL,
        n_sources INTEGER NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS events_date ON events(event_date)",
    "CREATE INDEX IF NOT EXISTS events_type ON events(event_type, sub_event_type)",
    "CREATE INDEX IF NOT EXISTS events_country ON events(country, admin1)",
    "CREATE INDEX IF NOT EXISTS events_first ON events(article_id, seq)",
    f"""CREATE TABLE IF NOT EXISTS mentions (
        id INTEGER PRIMARY KEY,
        event_id INTEGER REFERENCES events(id) DEFERRABLE INITIALLY DEFERRED,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        family TEXT, day_lo INTEGER, day_hi INTEGER,
        {", ".join(_col(c) for c in _MENTION_COLUMNS)},
        record TEXT NOT NULL,
        joined_with INTEGER,
        reasons TEXT,
        best INTEGER,
        UNIQUE (article_id, seq)
    )""",
    "CREATE INDEX IF NOT EXISTS mentions_event ON mentions(event_id)",
    "CREATE INDEX IF NOT EXISTS mentions_best ON mentions(best)",
    "CREATE INDEX IF NOT EXISTS mentions_find ON mentions(family, country, day_lo)",
    "CREATE VIRTUAL TABLE IF NOT EXISTS mention_box USING rtree(id, day_lo, day_hi, lat_lo, lat_hi, lon_lo, lon_hi)",
    """CREATE TRIGGER IF NOT EXISTS mentions_unbox AFTER DELETE ON mentions
        BEGIN DELETE FROM mention_box WHERE id = old.id; END""",
    """CREATE TABLE IF NOT EXISTS evidence (
        mention_id INTEGER NOT NULL REFERENCES mentions(id) ON DELETE CASCADE,
        field TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS evidence_mention ON evidence(mention_id)",
    f"""CREATE TABLE IF NOT EXISTS claims (
        id INTEGER PRIMARY KEY,
        mention_id INTEGER NOT NULL REFERENCES mentions(id) ON DELETE CASCADE,
        {", ".join(f"{c} {'INTEGER' if c in ('value', 'aggregate') else 'TEXT'}" for c in _FIGURE_COLUMNS)},
        start INTEGER, end INTEGER, text TEXT,
        record TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS claims_mention ON claims(mention_id)",
    """CREATE TABLE IF NOT EXISTS links (
        a INTEGER NOT NULL REFERENCES mentions(id) ON DELETE CASCADE,
        b INTEGER NOT NULL REFERENCES mentions(id) ON DELETE CASCADE,
        score TEXT NOT NULL,
        reasons TEXT NOT NULL,
        PRIMARY KEY (a, b)
    ) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS links_b ON links(b)",
    f"""CREATE TABLE IF NOT EXISTS figures (
        id INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        {", ".join(f"{c} {'INTEGER' if c in ('value', 'aggregate') else 'TEXT'}" for c in _FIGURE_COLUMNS)},
        start INTEGER, end INTEGER, text TEXT,
        record TEXT NOT NULL,
        UNIQUE (article_id, seq)
    )""",
]
# Indexes of version 1 that name columns or tables version 2 rebuilds; dropped before migrating so the
# new tables get their own (serve's is re-made by `sitrep serve`).
_V1_INDEXES = ("events_date", "events_type", "events_country", "events_serve")


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# SQLite's own busy wait, per try; between tries Sitrep sleeps, doubling the pause up to this.
_BUSY_WAIT = 0.5
_MAX_PAUSE = 2.0


def _locked(exc: sqlite3.Error) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc))


def _join_of(rows: list[sqlite3.Row], i: int, why: dict) -> tuple[int | None, str | None]:
    """The ``joined_with`` and ``reasons`` columns of mention ``i`` of a clustered component, as stored."""
    anchor, reasons = why.get(i, (None, None))
    return (rows[anchor]["id"] if anchor is not None else None,
            json.dumps(reasons, ensure_ascii=False) if reasons else None)


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

    def version(self) -> int | None:
        """The schema version of the file: None for a new (empty) file."""
        has_meta = self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone()
        if not has_meta:
            has_events = self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'events'").fetchone()
            if has_events:
                raise StoreError("E501", f"{self.path} is not a usable Sitrep store: it has events but no version")
            return None
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else None

    def _create(self) -> None:
        if self.version() == SCHEMA_VERSION:
            return  # the usual case, and the only one a reader (or a read-only file) meets: no lock taken
        # The version is read again and the tables made under the write lock, so two processes opening
        # one old file do not both migrate it.
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            version = self.version()
            if version is not None and version > SCHEMA_VERSION:
                raise StoreError("E540", f"{self.path} has schema version {version}, newer than this Sitrep "
                                         f"({SCHEMA_VERSION}); upgrade Sitrep to read it")
            if version == 1:
                self._migrate_from_1()
            elif version == 2:
                self._migrate_from_2()
            else:
                for statement in SCHEMA:
                    self.conn.execute(statement)
                self.conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    def _migrate_from_1(self) -> None:
        """Version 1 kept each article's events apart, with evidence and claims as JSON. Every one of them
        becomes a mention (source) of a merged event, with its spans and claims as rows; figures get
        columns. Runs inside the caller's transaction: a failure leaves the version-1 file as it was."""
        try:
            for index in _V1_INDEXES:
                self.conn.execute(f"DROP INDEX IF EXISTS {index}")
            self.conn.execute("ALTER TABLE events RENAME TO events_v1")
            self.conn.execute("ALTER TABLE figures RENAME TO figures_v1")
            for statement in SCHEMA:
                self.conn.execute(statement)
            articles = self.conn.execute("SELECT * FROM articles ORDER BY ingested_at, id").fetchall()
            for art in articles:
                rows = self.conn.execute("SELECT * FROM events_v1 WHERE article_id = ? ORDER BY seq",
                                         (art["id"],)).fetchall()
                records = []
                for row in rows:
                    rec = row_to_record(row)
                    rec["seq"] = row["seq"]
                    records.append(rec)
                self._add_mentions(art, records)
            for row in self.conn.execute("SELECT article_id, seq, record FROM figures_v1 ORDER BY id").fetchall():
                self._insert_figure(row["article_id"], row["seq"], json.loads(row["record"]))
            self.conn.execute("DROP TABLE events_v1")
            self.conn.execute("DROP TABLE figures_v1")
            self.conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))
        except (sqlite3.Error, ValueError, KeyError, TypeError) as exc:
            raise StoreError("E541", f"cannot upgrade {self.path} from schema version 1 to {SCHEMA_VERSION} "
                                     f"(the file is left as it was): {exc}") from None

    def _migrate_from_2(self) -> None:
        """Version 2 clustered each whole linked component; version 3 clusters within blocks (each
        mention's best link, ``merging.blocks``, kept in the new column ``best``), so a version-2 event
        may span two blocks. Every linked component is merged again (an event never spans two
        components); events that come out the same are left as written. Runs inside the caller's
        transaction: a failure leaves the file as it was."""
        try:
            self.conn.execute("ALTER TABLE mentions ADD COLUMN best INTEGER")
            self.conn.execute("CREATE INDEX mentions_best ON mentions(best)")
            with_links = sorted({r[0] for r in self.conn.execute("SELECT a FROM links UNION SELECT b FROM links")})
            for chunk in range(0, len(with_links), 2000):
                self._set_best(with_links[chunk:chunk + 2000])
            linked = merging.DisjointSets()
            for a, b in self.conn.execute("SELECT a, b FROM links"):
                linked.join(a, b)
            for _first, members in sorted(linked.sets().items()):
                self._recluster(set(members))
            self.conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))
        except (sqlite3.Error, ValueError, KeyError, TypeError) as exc:
            raise StoreError("E541", f"cannot upgrade {self.path} from schema version 2 to {SCHEMA_VERSION} "
                                     f"(the file is left as it was): {exc}") from None

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

    # ---- writing ------------------------------------------------------------------------------------

    def _write(self, what: str, action: Callable[[], Any], code: str = "E502") -> Any:
        """``action`` in one transaction under the write lock: all of it is stored, or nothing."""
        # The write lock is taken first, so no statement inside the transaction can find the file busy.
        self._retry(what, lambda: self.conn.execute("BEGIN IMMEDIATE"))
        try:
            out = action()
            self.conn.execute("COMMIT")
        except BaseException as exc:
            # Whatever went wrong (an SQLite error, a bad value, Ctrl-C), nothing of this write stays.
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise StoreError(code, f"cannot {what}: {exc}") from None
            raise
        return out

    def add(self, article: Article, events: list[Event], figures: list | None = None) -> str:
        """Store an article with its events atomically, merging each event into the stored incident it
        reports, if any. Returns 'added', 'replaced' or 'skipped'."""
        state = self.status(article)
        if state == "same":
            return "skipped"

        def write():
            affected = self._drop_article(article.id)
            self.conn.execute(
                "INSERT INTO articles (id, sha256, title, published, source, url, text, ingested_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (article.id, text_hash(article.text), article.title,
                 article.published.isoformat() if article.published else None, article.source, article.url,
                 article.text, dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")),
            )
            art = self.conn.execute("SELECT * FROM articles WHERE id = ?", (article.id,)).fetchone()
            records = []
            for seq, ev in enumerate(events):
                rec = ev.to_record()
                rec["seq"] = seq
                records.append(rec)
            self._add_mentions(art, records, affected)
            for seq, fig in enumerate(figures or []):
                self._insert_figure(article.id, seq, fig.to_dict())

        self._write(f"store article {article.id!r}", write)
        return "replaced" if state == "changed" else "added"

    def remove(self, article_id: str) -> bool:
        """Take an article and its contribution out of the store: its sources leave their events, events
        left with none are deleted and the others are merged again without it. False if not stored."""
        if not self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone():
            return False

        def write():
            self._recluster(self._drop_article(article_id))

        self._write(f"remove article {article_id!r}", write, "E544")
        return True

    def _drop_article(self, article_id: str) -> set[int]:
        """Deletes the article (its mentions, spans, claims, links and figures go with it); returns the
        ids of the other mentions of the events it contributed to and of those linked to its mentions, whose
        blocks must be merged again."""
        rest = {r[0] for r in self.conn.execute(
            "SELECT o.id FROM mentions m JOIN mentions o ON o.event_id = m.event_id "
            "WHERE m.article_id = ? AND o.article_id != ?", (article_id, article_id))}
        mine = [r[0] for r in self.conn.execute("SELECT id FROM mentions WHERE article_id = ?", (article_id,))]
        # The article's mentions leave their blocks: each piece of such a block holds a mention whose best
        # link went to one of them, or the best partner of one of them.
        orphans = [r["id"] for r in self._rows_in("SELECT id, article_id FROM mentions WHERE best IN ({})", mine)
                   if r["article_id"] != article_id]
        rest.update(orphans)
        rest.update(r[0] for r in self._rows_in("SELECT m.best FROM mentions m JOIN mentions o ON o.id = m.best "
                                                "WHERE m.id IN ({}) AND o.article_id != m.article_id", mine))
        events = [r[0] for r in self.conn.execute("SELECT DISTINCT event_id FROM mentions WHERE article_id = ?",
                                                  (article_id,))]
        self.conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        self._set_best(orphans)
        for eid in events:
            if not self.conn.execute("SELECT 1 FROM mentions WHERE event_id = ?", (eid,)).fetchone():
                self.conn.execute("DELETE FROM events WHERE id = ?", (eid,))
        return rest

    def _add_mentions(self, art: sqlite3.Row, records: list[dict], also: Iterable[int] = ()) -> None:
        """Store the article's event records as mentions, link each to the stored mentions of the same
        incident, and merge again every block the new links (or ``also``) touch."""
        new_ids, linked = [], set()
        for rec in records:
            rec = {**rec, "outlet": art["source"], "url": art["url"], "published": art["published"]}
            mid = self._insert_mention(art["id"], rec)
            new_ids.append(mid)
            for other, decision in self._matches(mid, rec):
                self.conn.execute("INSERT OR REPLACE INTO links (a, b, score, reasons) VALUES (?, ?, ?, ?)",
                                  (min(mid, other), max(mid, other), json.dumps(decision.score),
                                   json.dumps(decision.reasons, ensure_ascii=False)))
                linked.add(other)
        # A stored mention whose best link is now one to a new mention leaves its old block.
        left = self._set_best(sorted(set(new_ids) | linked))
        self._recluster(set(new_ids) | set(also) | left)

    def _keys(self, ids: Iterable[int]) -> dict[int, tuple[str, int]]:
        return {r["id"]: (str(r["article_id"]), int(r["seq"])) for r in self._rows_in(
            "SELECT id, article_id, seq FROM mentions WHERE id IN ({})", sorted(set(ids)))}

    def _ranked_links(self, ids: list[int]) -> dict[int, list[tuple[tuple, int]]]:
        """Each mention's links as (``merging.link_rank``, the mention at the other end)."""
        ends = self._rows_in("SELECT a, b, score FROM links WHERE a IN ({})", ids) + \
            self._rows_in("SELECT b, a, score FROM links WHERE b IN ({})", ids)
        keys = self._keys(e[1] for e in ends)
        ranked: dict[int, list[tuple[tuple, int]]] = {i: [] for i in ids}
        for this, other, score in ends:
            ranked[this].append((merging.link_rank(json.loads(score), keys[other]), other))
        return ranked

    def _set_best(self, ids: list[int]) -> set[int]:
        """Write the best link (``merging.best_partner``) of each of ``ids`` as the links now stand.
        Returns the mentions that lost one of them as best partner: the blocks they are in lost a
        mention and are merged again."""
        olds = {r["id"]: r["best"] for r in self._rows_in("SELECT id, best FROM mentions WHERE id IN ({})", ids)}
        left = set()
        for mid, best in self._best_of(ids).items():
            old = olds.get(mid)
            if best != old:
                self.conn.execute("UPDATE mentions SET best = ? WHERE id = ?", (best, mid))
                if old is not None:
                    left.add(old)
        return left

    def _best_of(self, ids: list[int]) -> dict[int, int | None]:
        """Each mention's best link as the links now stand."""
        return {i: merging.best_partner(ranked) for i, ranked in self._ranked_links(ids).items()}

    def _insert_mention(self, article_id: str, rec: dict) -> int:
        rng = merging.day_range(rec)
        cols = ("article_id", "seq", "family", "day_lo", "day_hi") + _MENTION_COLUMNS + ("record",)
        vals = [article_id, rec["seq"], merging.family(rec), rng[0] if rng else None, rng[1] if rng else None,
                *(rec.get(c) for c in _MENTION_COLUMNS), json.dumps(rec, ensure_ascii=False)]
        mid = self.conn.execute(f"INSERT INTO mentions ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                                vals).lastrowid
        if rng and rec.get("latitude") is not None and rec.get("longitude") is not None:
            lat, lon = float(rec["latitude"]), float(rec["longitude"])
            self.conn.execute("INSERT INTO mention_box VALUES (?, ?, ?, ?, ?, ?, ?)", (mid, rng[0], rng[1], lat, lat, lon, lon))
        for field, spans in (rec.get("evidence") or {}).items():
            for sp in spans:
                self.conn.execute("INSERT INTO evidence VALUES (?, ?, ?, ?, ?)",
                                  (mid, field, sp["start"], sp["end"], sp["text"]))
        for claim in rec.get("claims") or []:
            self._insert_claim(mid, claim)
        return mid

    def _insert_claim(self, mention_id: int, claim: dict) -> None:
        span = claim.get("span") or {}
        self.conn.execute(
            f"INSERT INTO claims (mention_id, {', '.join(_FIGURE_COLUMNS)}, start, end, text, record) "
            f"VALUES ({', '.join('?' * (len(_FIGURE_COLUMNS) + 5))})",
            (mention_id, *(_figure_value(claim, c) for c in _FIGURE_COLUMNS), span.get("start"), span.get("end"),
             span.get("text"), json.dumps(claim, ensure_ascii=False)))

    def _insert_figure(self, article_id: str, seq: int, fig: dict) -> None:
        span = fig.get("span") or {}
        self.conn.execute(
            f"INSERT INTO figures (article_id, seq, {', '.join(_FIGURE_COLUMNS)}, start, end, text, record) "
            f"VALUES ({', '.join('?' * (len(_FIGURE_COLUMNS) + 6))})",
            (article_id, seq, *(_figure_value(fig, c) for c in _FIGURE_COLUMNS), span.get("start"), span.get("end"),
             span.get("text"), json.dumps(fig, ensure_ascii=False)))

    def _candidates(self, mid: int, rec: dict) -> set[int]:
        """Stored mentions that could be the same incident as ``rec``: a fitting family, a date window that
        can overlap, and the same country or coordinates within the merge distance. Both look-ups are
        index ranges (B-tree on family, country, first day; R*-tree on days and coordinates), so the cost
        follows the number of nearby mentions, not the size of the store."""
        fams, rng = merging.fitting_families(rec), merging.day_range(rec)
        if not fams or rng is None:
            return set()
        lo, hi = rng
        found: set[int] = set()
        for fam in fams:
            self._candidates_of_family(fam, rec, lo, hi, found)
        found.discard(mid)
        return found

    def _candidates_of_family(self, fam: str, rec: dict, lo: int, hi: int, found: set[int]) -> None:
        if rec.get("country"):
            found.update(r[0] for r in self.conn.execute(
                "SELECT id FROM mentions WHERE family = ? AND country = ? AND day_lo BETWEEN ? AND ? AND day_hi >= ?",
                (fam, rec["country"], lo - merging.MAX_WINDOW_DAYS, hi, lo)))
        if rec.get("latitude") is not None and rec.get("longitude") is not None:
            lat, lon = float(rec["latitude"]), float(rec["longitude"])
            dlat = merging.PLACE_KM / 110.0
            dlon = min(180.0, merging.PLACE_KM / (110.0 * max(0.01, math.cos(math.radians(lat)))))
            found.update(r[0] for r in self.conn.execute(
                # CROSS JOIN keeps the R*-tree first: joined the other way, SQLite walked every mention of the
                # family (all of the store's battles, say) and looked each up in the tree.
                "SELECT b.id FROM mention_box b CROSS JOIN mentions m ON m.id = b.id WHERE b.day_lo <= ? AND b.day_hi >= ? "
                "AND b.lat_lo <= ? AND b.lat_hi >= ? AND b.lon_lo <= ? AND b.lon_hi >= ? AND m.family = ?",
                (hi, lo, lat + dlat, lat - dlat, lon + dlon, lon - dlon, fam)))

    def _matches(self, mid: int, rec: dict) -> Iterator[tuple[int, merging.Decision]]:
        ids = self._candidates(mid, rec)
        if not ids:
            return
        for row in self.conn.execute(f"SELECT id, article_id, record FROM mentions WHERE id IN "
                                     f"({', '.join('?' * len(ids))}) AND article_id != ?",
                                     [*ids, rec["article_id"]]):
            decision = merging.same_incident(rec, json.loads(row["record"]))
            if decision.same:
                yield row["id"], decision

    def _recluster(self, seeds: set[int]) -> None:
        """Merge again the blocks (``merging.blocks``) of ``seeds``: the same complete-linkage clustering
        as ``merging.merge_records`` over the same links, so the store's events do not depend on the order
        articles came in. Event ids are kept: a group keeps the id of the stored event most of its
        mentions were in."""
        if not seeds:
            return
        component = self._blocks_of(seeds)
        ids = sorted(component)
        rows = self._rows_in("SELECT id, event_id, joined_with, reasons, record FROM mentions WHERE id IN ({})", ids)
        links = self._rows_in("SELECT a, b, score, reasons FROM links WHERE a IN ({})", ids)
        records = [json.loads(r["record"]) for r in rows]
        index = {r["id"]: i for i, r in enumerate(rows)}
        found = [merging.Link(index[l["a"]], index[l["b"]],
                              merging.Decision(True, json.loads(l["reasons"]), tuple(json.loads(l["score"]))))
                 for l in links if l["a"] in index and l["b"] in index]
        groups = merging.cluster(records, found)
        old = [r["event_id"] for r in rows]
        # How many mentions each stored event was written from (one source each): a removal takes mentions
        # away without touching the event, so the component alone cannot tell that it shrank.
        written_from = dict(self._rows_in("SELECT id, n_sources FROM events WHERE id IN ({})",
                                          [e for e in set(old) if e is not None]))
        taken: set[int] = set()
        for members, why in groups:
            counts = Counter(old[i] for i in members if old[i] is not None and old[i] not in taken)
            keep = min(counts, key=lambda e: (-counts[e], e)) if counts else None
            if self._written_as(keep, members, rows, why, written_from):
                # Rewriting it would write the same row. A linked component can hold hundreds of events;
                # most are untouched by one article.
                taken.add(keep)
                continue
            merged = merging.combine([records[i] for i in members])
            eid = self._write_event(keep, merged)
            taken.add(eid)
            for i in members:
                self.conn.execute("UPDATE mentions SET event_id = ?, joined_with = ?, reasons = ? WHERE id = ?",
                                  (eid, *_join_of(rows, i, why), rows[i]["id"]))
        for eid in set(old) - taken - {None}:
            self.conn.execute("DELETE FROM events WHERE id = ?", (eid,))

    def _blocks_of(self, seeds: set[int]) -> set[int]:
        """The mentions of the blocks (``merging.blocks``) holding ``seeds``: joined to them by the best
        links stored with each mention. A block stays small whatever the store's size, so merging an
        article costs the same in a store of any size."""
        block, todo = set(seeds), sorted(seeds)
        while todo:
            reach = [r[0] for r in self._rows_in("SELECT best FROM mentions WHERE id IN ({}) AND best IS NOT NULL",
                                                 todo)]
            reach += [r[0] for r in self._rows_in("SELECT id FROM mentions WHERE best IN ({})", todo)]
            todo = sorted(set(reach) - block)
            block.update(todo)
        return block

    @staticmethod
    def _written_as(event_id: int | None, members: list[int], rows: list[sqlite3.Row], why: dict,
                    written_from: dict[int, int]) -> bool:
        """Whether stored event ``event_id`` already is this group: written from exactly these mentions,
        each joined the same way."""
        return len(members) == written_from.get(event_id) and all(
            rows[i]["event_id"] == event_id and (rows[i]["joined_with"], rows[i]["reasons"]) == _join_of(rows, i, why)
            for i in members)

    def _rows_in(self, sql: str, ids: list[int]) -> list[sqlite3.Row]:
        """``sql`` (with ``{}`` for the placeholders of ``IN``) over ``ids``, 500 at a time: SQLite limits
        the variables of one statement."""
        out: list[sqlite3.Row] = []
        for chunk in range(0, len(ids), 500):
            part = ids[chunk:chunk + 500]
            out += self.conn.execute(sql.format(", ".join("?" * len(part))), part).fetchall()
        return out

    def _write_event(self, event_id: int | None, rec: dict) -> int:
        first = rec["sources"][0]
        cols = ("article_id", "seq") + _EVENT_COLUMNS + ("evidence", "claims", "sources", "n_sources")
        vals = [first["article_id"], first["seq"], *(rec.get(c) for c in _EVENT_COLUMNS),
                json.dumps(rec["evidence"], ensure_ascii=False), json.dumps(rec["claims"], ensure_ascii=False),
                json.dumps(rec["sources"], ensure_ascii=False), len(rec["sources"])]
        if event_id is None:
            return self.conn.execute(f"INSERT INTO events ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                                     vals).lastrowid
        self.conn.execute(f"UPDATE events SET {', '.join(c + ' = ?' for c in cols)} WHERE id = ?", [*vals, event_id])
        return event_id

    # ---- reading ------------------------------------------------------------------------------------

    def events(self, *, country: str | None = None, event_type: str | None = None, since: str | None = None,
               until: str | None = None, article_id: str | None = None, admin1: str | None = None,
               actor: str | None = None, text: str | None = None, limit: int | None = None) -> Iterator[dict]:
        """Merged event records, newest first, narrowed by the filters of ``sitrep.filters`` (each one SQL
        clause); ``article_id`` selects the events an article is one of the sources of."""
        from ..filters import where

        clause, args = where({"country": country, "event_type": event_type, "since": since, "until": until,
                              "article_id": article_id, "admin1": admin1, "actor": actor, "text": text})
        sql = "SELECT * FROM events" + clause + " ORDER BY event_date DESC, article_id, seq"
        if limit:
            sql += f" LIMIT {int(limit)}"
        for row in self.conn.execute(sql, args):
            yield row_to_record(row)

    def event(self, event_id: int) -> dict | None:
        row = self.conn.execute("SELECT * FROM events WHERE id = ?", (event_id,)).fetchone()
        return row_to_record(row) if row else None

    def explain(self, event_id: int) -> dict | None:
        """The event, its sources (article, outlet, date, title) and, for each source after the first of
        its group, the source it was found to match and why."""
        rec = self.event(event_id)
        if rec is None:
            return None
        rows = self.conn.execute(
            "SELECT m.id, m.article_id, m.seq, m.joined_with, m.reasons, m.event_type, m.sub_event_type, "
            "m.event_date, m.location, m.actor1, m.actor2, m.fatalities, a.title, a.source, a.published, a.url, "
            "j.article_id AS with_article, j.seq AS with_seq "
            "FROM mentions m JOIN articles a ON a.id = m.article_id LEFT JOIN mentions j ON j.id = m.joined_with "
            "WHERE m.event_id = ? ORDER BY a.published IS NULL, a.published, m.article_id, m.seq", (event_id,))
        sources = []
        for r in rows:
            src = {k: r[k] for k in ("article_id", "seq", "title", "source", "published", "url", "event_type",
                                     "sub_event_type", "event_date", "location", "actor1", "actor2")}
            src["fatalities"] = int(r["fatalities"] or 0)
            if r["joined_with"] is not None:
                src["matched"] = {"article_id": r["with_article"], "seq": r["with_seq"]}
                src["reasons"] = json.loads(r["reasons"] or "[]")
            sources.append(src)
        return {"event": rec, "sources": sources}

    def figures(self, article_id: str | None = None) -> Iterator[dict]:
        sql, args = "SELECT article_id, record FROM figures", []
        if article_id:
            sql, args = sql + " WHERE article_id = ?", [article_id]
        for row in self.conn.execute(sql + " ORDER BY article_id, seq", args):
            yield {"article_id": row["article_id"], **json.loads(row["record"])}

    def counts(self) -> dict[str, int]:
        return {t: self.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("articles", "events", "figures")}

    def source_count(self) -> int:
        """How many event mentions (sources) the merged events hold."""
        return self.conn.execute("SELECT COUNT(*) FROM mentions").fetchone()[0]


def _figure_value(fig: dict, column: str) -> Any:
    value = fig.get(column)
    if column == "aggregate":
        return int(bool(value))
    if column == "value":
        return value if isinstance(value, int) and not isinstance(value, bool) else None
    return None if value is None else str(value)


def row_to_record(row: sqlite3.Row) -> dict[str, Any]:
    """The record of an ``events`` row: a merged event with ``event_id`` and ``sources`` (both absent for
    a row of a version-1 file, read while migrating)."""
    keys = row.keys()
    rec: dict[str, Any] = {}
    if "sources" in keys:
        rec["event_id"] = row["id"]
    rec["article_id"] = row["article_id"]
    for c in _EVENT_COLUMNS:
        value = row[c]
        if c in _NUMERIC and value is not None and c not in ("latitude", "longitude", "confidence"):
            value = int(value)
        rec[c] = value
    rec["evidence"] = json.loads(row["evidence"])
    rec["claims"] = json.loads(row["claims"])
    if "sources" in keys:
        rec["sources"] = json.loads(row["sources"])
    return rec
