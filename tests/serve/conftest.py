"""A real store file and a real `sitrep serve` process on a free localhost port, shared by the serve tests."""
from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from sitrep.model import Article, Claim, Event
from sitrep.store import Store

SITREP = str(Path(sys.executable).parent / "sitrep")

# Reports written for these tests; places and numbers are made up to exercise the API.
ARTICLES = {
    "north-clash": Article(
        id="north-clash", title="Clashes near Kassala", published=dt.date(2024, 3, 6), source="Test Wire",
        text=("Army units and rebel fighters clashed on Tuesday outside Kassala, killing four fighters, "
              "a local official said. A mortar round later hit a market in the same town, wounding two traders."),
    ),
    "capital-march": Article(
        id="capital-march", title="Teachers march in Nairobi", published=dt.date(2024, 5, 11), source="Test Daily",
        text=("Several hundred teachers marched through central Nairobi on Friday to demand unpaid wages. "
              "Police later detained three union organisers at their office."),
    ),
    "quiet-day": Article(id="quiet-day", text="Markets reopened and schools held exams as usual this week."),
}


def span_of(article: Article, words: str):
    start = article.text.index(words)
    return article.span(start, start + len(words))


def build_events() -> dict[str, list[Event]]:
    clash, march = ARTICLES["north-clash"], ARTICLES["capital-march"]
    kassala = dict(country="Sudan", iso=729, admin1="Kassala", location="Kassala", latitude=15.451,
                   longitude=36.4, geo_precision=1)
    nairobi = dict(country="Kenya", iso=404, admin1="Nairobi", location="Nairobi", latitude=-1.2833,
                   longitude=36.8167, geo_precision=1)
    e1 = Event(article_id=clash.id, event_type="Battles", sub_event_type="Armed clash", event_date="2024-03-05",
               time_precision=1, actor1="Military Forces of Sudan", actor2="Rebel fighters", fatalities=4,
               notes="Army and rebels clashed outside Kassala; four fighters killed.", source="Test Wire",
               confidence=0.9, **kassala)
    e1.add_evidence("event_type", span_of(clash, "clashed"))
    e1.add_evidence("location", span_of(clash, "Kassala"))
    e1.add_evidence("fatalities", span_of(clash, "killing four fighters"))
    e1.add_evidence("actor1", span_of(clash, "Army units"))
    e1.claims.append(Claim("fatalities", 4, "a local official", span_of(clash, "killing four fighters")))
    e2 = Event(article_id=clash.id, event_type="Explosions/Remote violence",
               sub_event_type="Shelling/artillery/missile attack", event_date="2024-03-05", time_precision=1,
               notes="A mortar round hit a market in Kassala.", source="Test Wire", confidence=0.7, **kassala)
    e2.add_evidence("event_type", span_of(clash, "mortar round"))
    e3 = Event(article_id=march.id, event_type="Protests", sub_event_type="Peaceful protest",
               event_date="2024-05-10", time_precision=1, actor1="Protesters (Kenya)", notes="Teachers marched.",
               source="Test Daily", confidence=0.8, **nairobi)
    e3.add_evidence("event_type", span_of(march, "marched"))
    e3.add_evidence("location", span_of(march, "Nairobi"))
    # No coordinates: listed by /api/events, left out of the GeoJSON.
    e4 = Event(article_id=march.id, event_type="Strategic developments", sub_event_type="Arrests",
               event_date="2024-05-10", actor1="Police Forces of Kenya", country="Kenya", source="Test Daily",
               confidence=0.6)
    e4.add_evidence("event_type", span_of(march, "detained"))
    return {clash.id: [e1, e2], march.id: [e3, e4], "quiet-day": []}


def build_store(path: Path) -> Path:
    events = build_events()
    with Store(path) as store:
        for art_id, art in ARTICLES.items():
            figures = [c for ev in events[art_id] for c in ev.claims]
            assert store.add(art, events[art_id], figures) == "added"
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, db: Path, log: Path, *args: str):
        self.db = db
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.proc = subprocess.Popen([SITREP, "serve", "--db", str(db), "--port", str(self.port), *args],
                                     stdout=subprocess.DEVNULL, stderr=log.open("wb"),
                                     env={**os.environ, "PYTHONUNBUFFERED": "1"})
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"sitrep serve exited with {self.proc.returncode}: {log.read_text()}")
            try:
                if httpx.get(self.url + "/api/stats", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"sitrep serve did not answer within 30 s: {log.read_text()}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture(scope="session")
def store_file(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("serve") / "events.db")


def running(store: Path, tmp_path_factory, name: str, *options: str):
    """A server on ``store`` (with ``sitrep serve`` options) for the session, stopped at its end."""
    srv = Server(store, tmp_path_factory.mktemp(name) / "serve.log", *options)
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def server(store_file, tmp_path_factory):
    yield from running(store_file, tmp_path_factory, "serve-log")


# A feed item whose guid is a URL, and an article that carries stored XSS and SQL payloads in every text field.
URL_ID = "https://news.example.org/2024/06/02/clash-near-goma?ref=feed&id=7"
PAYLOAD_TITLE = "<img src=x onerror=\"document.body.dataset.pwned='title'\">Raid'; DROP TABLE events; --"
PAYLOAD_SOURCE = "\"><script>document.body.dataset.pwned='source'</script>"
PAYLOAD_TEXT = ("Gunmen raided <b>Bunia</b> <script>document.body.dataset.pwned='text'</script> on Monday; "
                "1 OR 1=1; -- ' UNION SELECT * FROM articles; two people died.")
SPECIAL = {
    URL_ID: Article(id=URL_ID, title="Clash near Goma", published=dt.date(2024, 6, 2), source="Feed Wire",
                    url=URL_ID, text="Soldiers and militia fighters clashed near Goma on Saturday, killing three."),
    "payload": Article(id="payload", title=PAYLOAD_TITLE, published=dt.date(2024, 6, 4), source=PAYLOAD_SOURCE,
                       url="javascript:document.body.dataset.pwned='url'", text=PAYLOAD_TEXT),
}


def special_events() -> list[tuple[Article, list[Event]]]:
    goma, bad = SPECIAL[URL_ID], SPECIAL["payload"]
    e1 = Event(article_id=URL_ID, event_type="Battles", sub_event_type="Armed clash", event_date="2024-06-01",
               time_precision=1, actor1="Military Forces of Democratic Republic of Congo", actor2="Militia",
               country="Democratic Republic of Congo", iso=180, admin1="Nord-Kivu", location="Goma",
               latitude=-1.6792, longitude=29.2228, geo_precision=1, fatalities=3, source="Feed Wire",
               notes="Soldiers and militia clashed near Goma.", confidence=0.9)
    e1.add_evidence("event_type", span_of(goma, "clashed"))
    e1.add_evidence("location", span_of(goma, "Goma"))
    e2 = Event(article_id="payload", event_type="Violence against civilians", sub_event_type="Attack",
               event_date="2024-06-03", time_precision=1, actor1="<svg onload=alert(1)>", actor2="Civilians",
               country="Democratic Republic of Congo", iso=180, admin1="Ituri", location="Bunia <i>town</i>",
               latitude=1.5594, longitude=30.2522, geo_precision=1, fatalities=2, source=PAYLOAD_SOURCE,
               notes="<script>document.body.dataset.pwned='notes'</script>'; DELETE FROM events; --",
               confidence=0.8)
    e2.add_evidence("event_type", span_of(bad, "raided"))
    e2.add_evidence("location", span_of(bad, "<b>Bunia</b>"))
    e2.add_evidence("fatalities", span_of(bad, "two people died"))
    return [(goma, [e1]), (bad, [e2])]


RICH_SYNTHETIC = 1500


def stored_events(db: Path) -> int:
    """How many merged events the store holds, checked to hold every reported event as a source: the
    synthetic reports of one day, place, type family and compatible sides are one incident."""
    import sqlite3

    con = sqlite3.connect(str(db))
    try:
        assert con.execute("SELECT COUNT(*) FROM mentions").fetchone()[0] == RICH_SYNTHETIC + 6
        return con.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    finally:
        con.close()


def build_rich_store(path: Path) -> Path:
    """The test articles, the two special ones and 1,500 synthetic events: more than one page of 1,000."""
    from .synthetic import fill

    build_store(path)
    with Store(path) as store:
        for art, evs in special_events():
            assert store.add(art, evs, []) == "added"
        store.conn.execute("PRAGMA synchronous = OFF")
        fill(store, RICH_SYNTHETIC, seed=11)
    return path


@pytest.fixture(scope="session")
def rich_store(tmp_path_factory) -> Path:
    return build_rich_store(tmp_path_factory.mktemp("serve-rich") / "rich.db")


@pytest.fixture(scope="session")
def rich_server(rich_store, tmp_path_factory):
    yield from running(rich_store, tmp_path_factory, "serve-rich-log")


@pytest.fixture(scope="session")
def extract_server(store_file, tmp_path_factory):
    """A server that accepts POST /api/extract, with a short budget so a slow article is stopped quickly."""
    yield from running(store_file, tmp_path_factory, "serve-extract-log", "--allow-extract",
                       "--extract-timeout", "8", "--max-body-bytes", "300000")
