"""Merging across reports in the store, on events the real pipeline extracts from reports we wrote
(in the manner of different outlets), in real SQLite files."""
import datetime as dt
import json
import sqlite3

import pytest

from sitrep.errors import StoreError
from sitrep.model import Article
from sitrep.store import SCHEMA_VERSION, Store

from .v1_store import write_v1

DAY = dt.date(2023, 3, 15)
REPORTS = {
    "wire-1": ("Example Wire", "A suicide car bomb exploded at a military checkpoint in Mogadishu on Tuesday, killing "
                               "nine soldiers, police said. Al Shabaab claimed the attack on Somali troops."),
    "daily-1": ("Example Daily", "At least 12 people were killed on Tuesday when a suicide bomber drove an "
                                 "explosives-laden car into an army checkpoint in Mogadishu, a hospital official "
                                 "said. Al Shabaab said it carried out the bombing against Somali soldiers."),
    # Look-alikes: the same day and town, another type (a protest) or other sides (another bomber, a
    # clash of the army with another group).
    "post-1": ("Example Post", "Hundreds of traders marched peacefully through Mogadishu on Tuesday to protest new "
                               "market taxes, witnesses said."),
    "post-3": ("Example Post", "Islamic State fighters set off a suicide car bomb at a police station in Mogadishu on "
                               "Tuesday, killing four police officers, officials said."),
    "post-4": ("Example Post", "Fighting broke out between Somali soldiers and Ahlu Sunna Wal Jamaa fighters in "
                               "Mogadishu on Tuesday, killing three, elders said."),
    "agency-1": ("Example Agency", "Fighting in Lower Shabelle has displaced more than 20,000 people since January, "
                                   "the UN refugee agency said on Tuesday."),
    "radio-1": ("Example Radio", "Somali soldiers fought Al Shabaab fighters for hours in Mogadishu on Tuesday; two "
                                 "soldiers died, an army officer said."),
}


def article(aid, text=None, published=DAY):
    outlet, body = REPORTS[aid]
    return Article(aid, text or body, title=f"report {aid}", published=published, source=outlet, url=f"https://example.org/{aid}")


@pytest.fixture(scope="module")
def pipeline(resources):
    from sitrep.pipeline import Pipeline
    from sitrep.stages import build_stages

    return Pipeline(build_stages(resources))


def extract(pipeline, *articles):
    docs = list(pipeline.process(list(articles)))
    assert all(d.error is None for d in docs), [d.error for d in docs]
    return docs


def add(store, pipeline, *articles):
    for doc in extract(pipeline, *articles):
        store.add(doc.article, doc.events, doc.figures)


def by_sub(store):
    return {e["sub_event_type"]: e for e in store.events()}


def test_two_outlets_on_one_bombing_make_one_event_with_two_sources(tmp_path, pipeline):
    with Store(tmp_path / "s.db") as store:
        add(store, pipeline, article("wire-1"), article("daily-1"))
        bombs = [e for e in store.events() if e["sub_event_type"] == "Suicide bomb"]
        assert len(bombs) == 1
        bomb = bombs[0]
        assert sorted(s["article_id"] for s in bomb["sources"]) == ["daily-1", "wire-1"]
        assert bomb["fatalities"] == 9  # the lowest figure reported
        assert any(c["kind"] == "fatalities" and c["value"] == 12 and c["article_id"] == "daily-1"
                   for c in bomb["claims"])
        assert "Example Wire" in bomb["source"] and "Example Daily" in bomb["source"]
        assert {s["source"] for s in bomb["sources"]} == {"Example Wire", "Example Daily"}
        for src in bomb["sources"]:  # each source's spans index its own article
            text = REPORTS[src["article_id"]][1]
            for spans in src["evidence"].values():
                assert all(text[s["start"]:s["end"]] == s["text"] for s in spans)
        # Linked rows: the sources, their spans and claims can be queried without reading JSON.
        rows = store.conn.execute("SELECT m.article_id, c.value FROM mentions m JOIN claims c ON c.mention_id = m.id "
                                  "WHERE m.event_id = ? AND c.kind = 'fatalities' ORDER BY c.value",
                                  (bomb["event_id"],)).fetchall()
        assert [tuple(r) for r in rows] == [("wire-1", 9), ("daily-1", 12)]
        assert store.conn.execute("SELECT COUNT(*) FROM evidence e JOIN mentions m ON m.id = e.mention_id "
                                  "WHERE m.event_id = ?", (bomb["event_id"],)).fetchone()[0] >= 4
        shown = store.explain(bomb["event_id"])
        assert [s["article_id"] for s in shown["sources"]] == [s["article_id"] for s in bomb["sources"]]
        reasons = shown["sources"][1]["reasons"]
        assert any("same type family" in r for r in reasons) and any("date windows overlap" in r for r in reasons)


def test_a_raid_told_as_killings_and_as_a_fight_with_vigilantes_is_one_event(tmp_path, pipeline):
    """One outlet tells of villagers killed, another of vigilantes fighting the raiders off: a clash with
    nobody organised on the other side and an attack on civilians by the same group, one day and place."""
    killings = Article("raid-wire", "Armed bandits killed at least 15 villagers in an attack on Dansadau in Nigeria's "
                       "Zamfara state on Sunday, police said on Monday.", published=dt.date(2023, 6, 12),
                       source="Example Wire")
    fight = Article("raid-paper", "Bandits on Sunday invaded Dansadau in Zamfara state, where local vigilantes "
                    "engaged them in a fierce gun battle that lasted hours. Residents said 18 people died.",
                    published=dt.date(2023, 6, 12), source="Example Daily")
    with Store(tmp_path / "s.db") as store:
        add(store, pipeline, fight, killings)
        [event] = store.events()
        assert sorted(s["article_id"] for s in event["sources"]) == ["raid-paper", "raid-wire"]
        assert (event["event_type"], event["actor2"]) == ("Violence against civilians", "Civilians (Nigeria)")
        assert event["fatalities"] == 15


def test_a_bomb_and_drones_on_a_city_a_day_apart_stay_two_events(tmp_path, pipeline):
    """Both are air/drone strikes to ACLED, each report dated by its own day ("today", "this evening"):
    within the one-day slack of such dates, yet the weapons make them two strikes."""
    bomb = Article("kh-bomb", "Shortly after noon today an aerial bomb dropped by a Russian warplane hit Kharkiv. It "
                   "hit a warehouse in the Kholodnohirskyi district, killing two workers and injuring nine.",
                   published=dt.date(2025, 11, 3), source="Example Administration")
    drones = Article("kh-drones", "This evening the enemy attacked Kharkiv with attack drones. One of them struck a "
                     "garage cooperative, killing a security guard.", published=dt.date(2025, 11, 4),
                     source="Example Administration")
    with Store(tmp_path / "s.db") as store:
        add(store, pipeline, bomb, drones)
        events = list(store.events())
        assert sorted(e["sub_event_type"] for e in events) == ["Air/drone strike", "Air/drone strike"]
        assert sorted(e["fatalities"] for e in events) == [1, 2]


def test_look_alikes_on_the_same_day_and_town_stay_apart(tmp_path, pipeline):
    with Store(tmp_path / "s.db") as store:
        add(store, pipeline, article("wire-1"), article("post-1"), article("post-3"), article("post-4"),
            article("radio-1"))
        events = list(store.events())
        assert len(events) == store.source_count() == 5
        assert all(len(e["sources"]) == 1 for e in events)


def test_reingesting_changes_nothing(tmp_path, pipeline):
    db = tmp_path / "s.db"
    docs = extract(pipeline, article("wire-1"), article("daily-1"), article("post-1"))
    with Store(db) as store:
        for d in docs:
            store.add(d.article, d.events, d.figures)
        before = list(store.events())
        for d in docs:
            assert store.add(d.article, d.events, d.figures) == "skipped"
        assert list(store.events()) == before


def test_the_store_gives_what_merge_records_gives_in_any_order(tmp_path, pipeline):
    from sitrep.store.merging import merge_records

    docs = extract(pipeline, *(article(a) for a in REPORTS))
    results = []
    for order in (docs, docs[::-1]):
        with Store(tmp_path / f"s{len(results)}.db") as store:
            for d in order:
                store.add(d.article, d.events, d.figures)
            results.append(sorted((e["sub_event_type"], tuple(s["article_id"] for s in e["sources"]), e["fatalities"])
                                  for e in store.events()))
    assert results[0] == results[1]
    records = []
    for d in docs:
        for seq, ev in enumerate(d.events):
            rec = ev.to_record()
            rec.update(seq=seq, outlet=d.article.source, published=d.article.published.isoformat())
            records.append(rec)
    batch = sorted((e["sub_event_type"], tuple(s["article_id"] for s in e["sources"]), e["fatalities"])
                   for e in merge_records(records))
    assert batch == results[0]


def test_removing_or_replacing_an_article_takes_its_contribution_away(tmp_path, pipeline):
    with Store(tmp_path / "s.db") as store:
        add(store, pipeline, article("daily-1"), article("wire-1"))
        [bomb] = [e for e in store.events() if e["sub_event_type"] == "Suicide bomb"]
        assert bomb["fatalities"] == 9
        # wire-1 (9 dead) leaves: the event stays, with daily-1 alone and its toll of 12.
        assert store.remove("wire-1")
        [left] = [e for e in store.events() if e["sub_event_type"] == "Suicide bomb"]
        assert left["event_id"] == bomb["event_id"]
        assert [s["article_id"] for s in left["sources"]] == ["daily-1"]
        assert left["fatalities"] == 12 and left["source"] == "Example Daily; a hospital official"
        assert not any(c.get("article_id") == "wire-1" for c in left["claims"])
        assert store.conn.execute("SELECT COUNT(*) FROM mentions WHERE article_id = 'wire-1'").fetchone()[0] == 0
        assert not store.remove("wire-1")
        # daily-1 replaced by a text about something else: the bombing has no source left and goes.
        add(store, pipeline, article("daily-1", text=REPORTS["post-1"][1]))
        assert [e["sub_event_type"] for e in store.events()] == ["Peaceful protest"]
        assert store.conn.execute("SELECT COUNT(*) FROM links").fetchone()[0] == 0
        assert store.remove("daily-1") and store.counts() == {"articles": 0, "events": 0, "figures": 0}


def test_a_version_1_file_is_upgraded_keeping_every_row(tmp_path, pipeline):
    db = tmp_path / "old.db"
    docs = extract(pipeline, *(article(a) for a in REPORTS))
    write_v1(db, docs)
    con = sqlite3.connect(str(db))
    old_events = {(r[0], r[1]): r for r in con.execute("SELECT article_id, seq, sub_event_type, event_date, location, "
                                                           "fatalities, evidence, claims FROM events")}
    old_figures = con.execute("SELECT article_id, seq, record FROM figures ORDER BY article_id, seq").fetchall()
    old_articles = con.execute("SELECT * FROM articles ORDER BY id").fetchall()
    con.close()
    assert len(old_events) >= 5 and old_figures

    with Store(db) as store:
        assert store.version() == SCHEMA_VERSION
        rows = store.conn.execute("SELECT article_id, seq, sub_event_type, event_date, location, fatalities, record "
                                  "FROM mentions").fetchall()
        assert {(r[0], r[1]) for r in rows} == set(old_events)
        for r in rows:
            old = old_events[(r[0], r[1])]
            rec = json.loads(r["record"])
            assert (r[2], r[3], r[4], r[5]) == old[2:6]
            assert rec["evidence"] == json.loads(old[6]) and rec["claims"] == json.loads(old[7])
        assert [tuple(r) for r in store.conn.execute("SELECT article_id, seq, record FROM figures ORDER BY article_id, "
                                                     "seq")] == old_figures
        assert [tuple(r) for r in store.conn.execute("SELECT * FROM articles ORDER BY id")] == old_articles
        # The two reports of the bombing are now one event; nothing else merged.
        assert store.counts()["events"] == len(old_events) - 1
        assert sorted(len(e["sources"]) for e in store.events()) == [1] * (len(old_events) - 2) + [2]
        assert not store.conn.execute("SELECT 1 FROM sqlite_master WHERE name LIKE '%_v1'").fetchone()
    with Store(db) as store:  # opening again migrates nothing more
        assert store.counts()["events"] == len(old_events) - 1


def test_a_failed_upgrade_leaves_the_version_1_file_as_it_was(tmp_path, pipeline):
    db = tmp_path / "old.db"
    write_v1(db, extract(pipeline, article("wire-1")))
    # A version-1 row the upgrade cannot read (its evidence is no JSON): the upgrade stops, nothing changes.
    _assert_upgrade_fails_leaving(db, "1", "UPDATE events SET evidence = 'not json'", "SELECT * FROM events")


def _assert_upgrade_fails_leaving(db, version, spoil, rows):
    """After ``spoil`` (SQL making a row unreadable), opening the file fails with E541 and leaves its
    version and the ``rows`` query's rows as they were."""
    con = sqlite3.connect(str(db), isolation_level=None)
    con.execute(spoil)
    before = con.execute(rows).fetchall()
    con.close()
    with pytest.raises(StoreError) as info:
        Store(db)
    assert info.value.code == "E541" and "left as it was" in str(info.value)
    assert f"version {version}" in str(info.value)
    con = sqlite3.connect(str(db))
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == version
    assert con.execute(rows).fetchall() == before
    con.close()


def test_a_store_from_a_newer_sitrep_is_refused(tmp_path):
    db = tmp_path / "new.db"
    Store(db).close()
    con = sqlite3.connect(str(db), isolation_level=None)
    con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(StoreError) as info:
        Store(db)
    assert info.value.code == "E540"


def _random_reports(rng, n_articles, civilians=False):
    """Articles of one to three event mentions around three towns and four days, with named, unnamed and
    conflicting sides: many candidate pairs, chains through vague mentions and look-alikes. With
    ``civilians``, also attacks on civilians, abductions and clashes with nobody on the other side: the
    families that fit across (``merging.families_fit``)."""
    from sitrep.model import Event

    towns = [("Mogadishu", "Banadir", 2.0371, 45.3438), ("Afgooye", "Lower Shabelle", 2.1381, 45.1212),
             ("Baidoa", "Bay", 3.1138, 43.6498)]
    subs = [("Explosions/Remote violence", "Suicide bomb"), ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
            ("Battles", "Armed clash")]
    if civilians:
        subs = [("Violence against civilians", "Attack"), ("Violence against civilians", "Abduction/forced disappearance"),
                ("Battles", "Armed clash"), ("Explosions/Remote violence", "Air/drone strike")]
    sides = ["Al Shabaab", "ISIS-Somalia", "Unidentified Armed Group (Somalia)", ""]
    out = []
    for i in range(n_articles):
        aid = f"r{i:03d}"
        text = f"Report {i}: " + "x" * 40
        art = Article(aid, text, published=dt.date(2023, 3, 14 + rng.randrange(4)), source=f"Outlet {i % 5}")
        events = []
        for _ in range(rng.choice((1, 1, 2, 3))):
            town, admin1, lat, lon = rng.choice(towns)
            et, sub = rng.choice(subs)
            other = "Military Forces of Somalia (2022-)"
            if civilians and et == "Violence against civilians":
                other = "Civilians (Somalia)"
            elif civilians and et == "Battles":
                other = rng.choice((other, "", "Civilians (Somalia)"))
            ev = Event(aid, et, sub, event_date=str(dt.date(2023, 3, 13 + rng.randrange(4))), time_precision=1,
                       actor1=rng.choice(sides), actor2=other, country="Somalia",
                       admin1=admin1, location=town, latitude=lat + rng.uniform(-0.02, 0.02), longitude=lon,
                       geo_precision=1, source=art.source, fatalities=rng.randrange(0, 6), confidence=0.5)
            if ev.fatalities:
                ev.add_evidence("fatalities", art.span(0, 6))
            events.append(ev)
        out.append((art, events))
    return out


def _summary(events):
    return sorted((tuple((s["article_id"], s["seq"]) for s in e["sources"]), e["fatalities"], e["event_date"],
                   e["location"], e["actor1"]) for e in events)


def _records(reports):
    from sitrep.store.merging import merge_records

    records = []
    for art, events in reports:
        for seq, ev in enumerate(events):
            rec = ev.to_record()
            rec.update(seq=seq, outlet=art.source, url=art.url, published=art.published.isoformat())
            records.append(rec)
    return merge_records(records)


def _incremental_against_batch(path, seed, n_articles, n_removed, has_something_to_get_wrong, civilians=False):
    """Articles added to a store in shuffled order, then some removed: after each phase the store must
    hold what one batch merge of the same articles gives, and no event without a source."""
    import random

    rng = random.Random(seed)
    reports = _random_reports(rng, n_articles, civilians)
    with Store(path) as store:
        shuffled = reports[:]
        rng.shuffle(shuffled)
        for art, events in shuffled:
            store.add(art, events)
        assert has_something_to_get_wrong(store)
        assert _summary(store.events()) == _summary(_records(reports))
        gone = rng.sample(range(len(reports)), n_removed)
        for i in gone:
            assert store.remove(reports[i][0].id)
        kept = [r for i, r in enumerate(reports) if i not in gone]
        assert _summary(store.events()) == _summary(_records(kept))
        orphans = store.conn.execute("SELECT COUNT(*) FROM events e WHERE NOT EXISTS "
                                     "(SELECT 1 FROM mentions m WHERE m.event_id = e.id)").fetchone()[0]
        assert orphans == 0


def test_incremental_merging_equals_the_batch_merge_after_adds_and_removals(tmp_path):
    _incremental_against_batch(tmp_path / "s.db", 11, 60, 15,
                               lambda store: any(len(e["sources"]) > 2 for e in store.events()))


def test_the_store_joins_across_families_as_the_batch_merge_does(tmp_path):
    """The store looks candidates up by family (``merging.fitting_families``), the batch merge sweeps
    them (``merging.candidate_pairs``): both must meet the same pairs, also where families fit across (an
    attack on civilians, an abduction, explosions and clashes with nobody on the other side)."""
    mixes = set()

    def note_mixes(store):
        for e in store.events():
            subs = frozenset(m["sub_event_type"] for m in store_members(store, e["event_id"]))
            if len(subs) > 1:
                mixes.add(subs)
        return True

    # Small corpora: in a dense one complete linkage keeps each sub-type to itself.
    for seed in range(8):
        _incremental_against_batch(tmp_path / f"s{seed}.db", seed, 10, 3, note_mixes, civilians=True)
    assert {frozenset({"Armed clash", "Attack"}), frozenset({"Abduction/forced disappearance", "Attack"}),
            frozenset({"Air/drone strike", "Attack"})} <= mixes


def store_members(store, event_id):
    return [json.loads(r[0]) for r in store.conn.execute("SELECT record FROM mentions WHERE event_id = ?",
                                                        (event_id,))]


def _dense_store(path, added_later: int, rewrite_all: bool, monkeypatch):
    """A store of synthetic events dense enough that links chain them into large components, then
    ``added_later`` more merged in; returns the store's events and its mentions' grouping, and how many
    events were written while merging the later ones."""
    from tests.serve.synthetic import fill

    with Store(path) as store:
        fill(store, 400, seed=3, start=dt.date(2020, 1, 1), days=8)
    if rewrite_all:
        monkeypatch.setattr(Store, "_written_as", staticmethod(lambda *args: False))
    writes = []
    real_write = Store._write_event
    monkeypatch.setattr(Store, "_write_event", lambda self, eid, rec: writes.append(eid) or real_write(self, eid, rec))
    with Store(path) as store:
        fill(store, added_later, seed=4, start=dt.date(2020, 1, 1), days=8)
    monkeypatch.undo()
    con = sqlite3.connect(path)
    events = con.execute("SELECT * FROM events ORDER BY id").fetchall()
    mentions = con.execute("SELECT id, event_id, joined_with, reasons FROM mentions ORDER BY id").fetchall()
    con.close()
    return events, mentions, len(writes)


def test_merging_rewrites_only_the_events_a_new_report_changes(tmp_path, monkeypatch):
    every = _dense_store(tmp_path / "every.db", 40, rewrite_all=True, monkeypatch=monkeypatch)
    changed = _dense_store(tmp_path / "changed.db", 40, rewrite_all=False, monkeypatch=monkeypatch)
    assert changed[:2] == every[:2]
    assert changed[2] < every[2] / 2


def _linked(store):
    ids = [r[0] for r in store.conn.execute("SELECT id FROM mentions ORDER BY id")]
    index = {m: i for i, m in enumerate(ids)}
    rows = store.conn.execute("SELECT a, b, score FROM links").fetchall()
    return ids, index, rows


def _largest_component(store):
    from collections import Counter

    ids, index, rows = _linked(store)
    parent = list(range(len(ids)))

    def root(i):
        while parent[i] != i:
            i = parent[i]
        return i

    for a, b, _score in rows:
        parent[root(index[a])] = root(index[b])
    return max(Counter(root(i) for i in range(len(ids))).values())


def _largest_block(store):
    from collections import Counter

    from sitrep.store import merging

    ids, index, rows = _linked(store)
    keys = {r[0]: (r[1], r[2]) for r in store.conn.execute("SELECT id, article_id, seq FROM mentions")}
    links = [merging.Link(index[a], index[b], merging.Decision(True, [], tuple(json.loads(score))))
             for a, b, score in rows]
    return max(Counter(merging.blocks(len(ids), links, [keys[m] for m in ids])).values())


def test_a_dense_store_merged_block_by_block_equals_the_batch_merge(tmp_path):
    """Hundreds of reports of three towns in four days: links chain them into components far larger than
    any block, and each mention's best link moves as reports come in and go, which moves mentions from
    one block to another; the store, which merges only the blocks touched, must still give what one
    batch merge gives."""
    _incremental_against_batch(tmp_path / "s.db", 5, 140, 40,
                               lambda store: _largest_component(store) > 5 * _largest_block(store))


def _as_version_2(db):
    """The file as version 2 wrote it: no best links, and events clustered over whole linked components,
    here two linked events glued into one as such a clustering could."""
    con = sqlite3.connect(str(db), isolation_level=None)
    con.execute("DROP INDEX mentions_best")
    con.execute("ALTER TABLE mentions DROP COLUMN best")
    con.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    keep, gone = con.execute("SELECT ma.event_id, mb.event_id FROM links l JOIN mentions ma ON ma.id = l.a "
                             "JOIN mentions mb ON mb.id = l.b WHERE ma.event_id != mb.event_id ORDER BY l.a, l.b"
                             ).fetchone()
    con.execute("UPDATE mentions SET event_id = ? WHERE event_id = ?", (keep, gone))
    con.execute("DELETE FROM events WHERE id = ?", (gone,))
    con.close()


def test_a_version_2_file_is_upgraded_to_blocks(tmp_path):
    import random

    reports = _random_reports(random.Random(8), 40)
    db = tmp_path / "v2.db"
    with Store(db) as store:
        for art, events in reports:
            store.add(art, events)
        mentions = store.conn.execute("SELECT id, best FROM mentions ORDER BY id").fetchall()
    _as_version_2(db)
    con = sqlite3.connect(str(db))
    glued = con.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    con.close()
    with Store(db) as store:
        assert store.version() == SCHEMA_VERSION == 3
        assert store.conn.execute("SELECT id, best FROM mentions ORDER BY id").fetchall() == mentions
        assert store.counts()["events"] == glued + 1
        assert _summary(store.events()) == _summary(_records(reports))


def test_a_failed_upgrade_leaves_the_version_2_file_as_it_was(tmp_path):
    import random

    db = tmp_path / "v2.db"
    with Store(db) as store:
        for art, events in _random_reports(random.Random(8), 10):
            store.add(art, events)
    _as_version_2(db)
    _assert_upgrade_fails_leaving(db, "2", "UPDATE mentions SET record = 'not json' WHERE id = (SELECT MIN(a) FROM links)",
                                  "SELECT * FROM mentions ORDER BY id")
