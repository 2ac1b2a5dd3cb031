import sqlite3

import pytest

from sitrep.errors import StoreError
from sitrep.model import Article, Claim, Event
from sitrep.store import Store

TEXT = "Troops shelled the village of Example on Monday, killing two civilians, the monitor said."


def make_event(article_id="a1", **kw):
    art = Article(article_id, TEXT)
    ev = Event(article_id, "Explosions/Remote violence", "Shelling/artillery/missile attack",
               event_date="2022-03-07", time_precision=1, actor1="Military Forces of X", inter1=1,
               actor2="Civilians (X)", inter2=7, interaction=17, country="X", location="Example",
               latitude=1.5, longitude=2.5, geo_precision=1, fatalities=2, **kw)
    ev.add_evidence("sub_event_type", art.span(7, 14))
    ev.claims.append(Claim("fatalities", 2, "the monitor", art.span(50, 70)))
    return art, ev


def test_ingesting_twice_adds_nothing(tmp_path):
    db = tmp_path / "s.db"
    art, ev = make_event()
    with Store(db) as store:
        assert store.add(art, [ev]) == "added"
        assert store.add(art, [ev]) == "skipped"
        assert store.add(Article("copy", TEXT), [ev]) == "skipped"  # same text under another id
        assert store.counts() == {"articles": 1, "events": 1, "figures": 0}
    with Store(db) as store:  # reopened from disk
        rows = list(store.events())
    assert rows[0]["sub_event_type"] == "Shelling/artillery/missile attack"
    assert rows[0]["evidence"]["sub_event_type"][0]["text"] == "shelled"
    assert rows[0]["claims"][0]["claimed_by"] == "the monitor"
    assert rows[0]["fatalities"] == 2 and isinstance(rows[0]["inter1"], int)


def test_changed_text_replaces_the_article_and_its_events(tmp_path):
    art, ev = make_event()
    with Store(tmp_path / "s.db") as store:
        store.add(art, [ev, ev])
        newer = Article("a1", TEXT + " A later update.")
        assert store.add(newer, [ev]) == "replaced"
        assert store.counts()["events"] == 1 and store.counts()["articles"] == 1


def test_a_failure_mid_article_stores_nothing_of_it(tmp_path):
    art, ev = make_event()
    bad = Event("a2", "Battles", "Armed clash", notes=object())  # sqlite cannot bind an object
    with Store(tmp_path / "s.db") as store:
        store.add(art, [ev])
        with pytest.raises(Exception):
            store.add(Article("a2", "Another report of fighting."), [ev, bad])
        assert store.counts() == {"articles": 1, "events": 1, "figures": 0}


def test_filters(tmp_path):
    art, ev = make_event()
    with Store(tmp_path / "s.db") as store:
        store.add(art, [ev])
        assert len(list(store.events(country="X", since="2022-03-01", until="2022-03-31"))) == 1
        assert len(list(store.events(event_type="Shelling/artillery/missile attack"))) == 1
        assert list(store.events(country="Y")) == []
        assert list(store.events(since="2022-04-01")) == []


def test_a_file_that_is_not_a_store_is_a_clear_error(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database " * 100)
    with pytest.raises(StoreError) as info:
        Store(path)
    assert info.value.code == "E501" and "notes.db" in str(info.value)


def _hold_write_lock(path, seconds):
    """A second writer (another process's connection, as far as SQLite knows) that takes the write
    lock and keeps it for ``seconds``."""
    import threading
    import time

    con = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    con.execute("BEGIN IMMEDIATE")
    con.execute("INSERT OR REPLACE INTO meta VALUES ('holder', 'x')")
    holding = threading.Event()

    def release():
        holding.set()
        time.sleep(seconds)
        con.execute("ROLLBACK")
        con.close()

    t = threading.Thread(target=release)
    t.start()
    holding.wait()
    return t


def test_a_writer_holding_the_lock_briefly_is_waited_for(tmp_path):
    db = tmp_path / "s.db"
    art, ev = make_event()
    with Store(db, lock_timeout=20) as store:
        holder = _hold_write_lock(db, 6.0)  # longer than sqlite3's own 5 s wait
        assert store.add(art, [ev]) == "added"
        holder.join()
        assert store.counts() == {"articles": 1, "events": 1, "figures": 0}


def test_a_lock_held_past_the_timeout_is_a_coded_error_and_stores_nothing(tmp_path):
    db = tmp_path / "s.db"
    art, ev = make_event()
    with Store(db, lock_timeout=1.0) as store:
        holder = _hold_write_lock(db, 3.0)
        with pytest.raises(StoreError) as info:
            store.add(art, [ev])
        assert info.value.code == "E420" and "locked" in str(info.value)
        holder.join()
        assert store.counts() == {"articles": 0, "events": 0, "figures": 0}
        # The connection is still usable: the next try stores the article once.
        assert store.add(art, [ev]) == "added"
        assert store.counts() == {"articles": 1, "events": 1, "figures": 0}


def test_opening_a_store_waits_for_a_writer_too(tmp_path):
    db = tmp_path / "s.db"
    Store(db).close()
    holder = _hold_write_lock(db, 1.5)
    with Store(db, lock_timeout=10) as store:
        assert store.counts()["articles"] == 0
    holder.join()


class Boom(Exception):
    pass


class BadFigure:
    def to_dict(self):
        raise Boom("not an SQLite error")


def test_any_exception_mid_article_rolls_back_and_the_store_goes_on(tmp_path):
    art, ev = make_event()
    with Store(tmp_path / "s.db") as store:
        with pytest.raises(Boom):
            store.add(art, [ev], [BadFigure()])
        assert not store.conn.in_transaction
        assert store.counts() == {"articles": 0, "events": 0, "figures": 0}
        assert store.add(art, [ev]) == "added"
        assert store.counts() == {"articles": 1, "events": 1, "figures": 0}


def test_a_process_killed_mid_article_leaves_the_store_whole(tmp_path):
    """kill -9 between two inserts of one article: the store keeps the articles before it, whole,
    and running again stores the lost one once."""
    import subprocess
    import sys
    import textwrap

    db = tmp_path / "s.db"
    script = textwrap.dedent(f"""
        import os, signal
        from tests.store.test_store import make_event
        from sitrep.model import Article
        from sitrep.store import Store

        class KillFigure:
            def to_dict(self):
                os.kill(os.getpid(), signal.SIGKILL)

        art, ev = make_event()
        with Store({str(db)!r}) as store:
            store.add(art, [ev])
            store.add(Article("a2", "Another report of fighting."), [ev, ev], [KillFigure()])
    """)
    from ..conftest import ROOT

    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT)
    assert proc.returncode == -9
    con = sqlite3.connect(str(db))
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    with Store(db) as store:
        assert store.counts() == {"articles": 1, "events": 1, "figures": 0}
        assert store.add(Article("a2", "Another report of fighting."), [make_event("a2")[1]]) == "added"
        assert store.add(Article("a2", "Another report of fighting."), [make_event("a2")[1]]) == "skipped"
        # The second article reports the same shelling: one event with two sources.
        assert store.counts() == {"articles": 2, "events": 1, "figures": 0} and store.source_count() == 2


def test_opening_a_current_store_takes_no_write_lock(tmp_path):
    """`sitrep serve` opens the store for every request: it must not wait for an ingest's transaction."""
    db = tmp_path / "s.db"
    art, ev = make_event()
    with Store(db) as store:
        store.add(art, [ev])
    holder = _hold_write_lock(db, 3.0)
    import time

    started = time.monotonic()
    with Store(db, lock_timeout=10) as store:
        assert store.counts()["events"] == 1
    assert time.monotonic() - started < 1.0
    holder.join()


def test_actor_admin1_and_text_filters(tmp_path):
    art, ev = make_event(admin1="North")
    art2, ev2 = make_event("a2", admin1="South")
    art2 = Article("a2", TEXT + " Elsewhere.")
    ev2.actor1, ev2.notes, ev2.location, ev2.latitude = "Rebels_of_X", "A raid at 100% strength.", "Other", 30.0
    with Store(tmp_path / "s.db") as store:
        store.add(art, [ev])
        store.add(art2, [ev2])
        assert [e["article_id"] for e in store.events(admin1="South")] == ["a2"]
        assert [e["article_id"] for e in store.events(actor="military forces")] == ["a1"]
        assert [e["article_id"] for e in store.events(actor="rebels_of")] == ["a2"]
        assert list(store.events(actor="rebels%x")) == []  # LIKE wildcards are literal
        assert [e["article_id"] for e in store.events(text="100%")] == ["a2"]
        assert [e["article_id"] for e in store.events(text="example", admin1="North")] == ["a1"]
        assert [e["article_id"] for e in store.events(article_id="a2")] == ["a2"]
