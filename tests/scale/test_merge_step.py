"""The merge cut into groups of country and month gives exactly what one merge_records over each
country gives, also for incidents whose reports fall either side of a month's end. No Ray here: the
Ray job runs these same functions as tasks."""
from __future__ import annotations

import datetime as dt
import random

from sitrep.scale.merge_step import (group_inputs, join_components, merge_group, merge_partitions, neighbours,
                                     reach_months)
from sitrep.store.merging import merge_records

TOWNS = {"Somalia": [("Mogadishu", 2.037, 45.344), ("Afgooye", 2.139, 45.121), ("Baidoa", 3.114, 43.650)],
         "Kenya": [("Mandera", 3.937, 41.856), ("Garissa", -0.453, 39.646)]}
KINDS = [("Explosions/Remote violence", "Remote explosive/landmine/IED"),
         ("Explosions/Remote violence", "Suicide bomb"), ("Battles", "Armed clash")]
ACTORS = ["Al Shabaab", "Unidentified Armed Group (Somalia)", "Military Forces of Somalia (2022-)", ""]


def _mentions(seed: int, n: int) -> list[dict]:
    """Random mentions dated around the turns of January/February and February/March 2023, some by
    week (time_precision 2, three days either side) or month, so reports of one incident fall in two
    months."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        country = rng.choice(list(TOWNS))
        town, lat, lon = rng.choice(TOWNS[country])
        et, sub = rng.choice(KINDS)
        day = rng.choice([dt.date(2023, 1, 27), dt.date(2023, 2, 26)]) + dt.timedelta(days=rng.randint(0, 8))
        out.append({"article_id": f"a{i // 2 if i % 7 == 0 else i + 1000}", "seq": i % 2 if i % 7 == 0 else 0,
                    "event_type": et, "sub_event_type": sub, "event_date": day.isoformat(),
                    "time_precision": rng.choice([1, 1, 2, 2, 3]), "actor1": rng.choice(ACTORS), "actor2": "",
                    "country": country, "location": town, "latitude": lat, "longitude": lon, "geo_precision": 1,
                    "fatalities": rng.randint(0, 5), "source": f"Outlet {i % 5}", "outlet": f"Outlet {i % 5}",
                    "published": (day + dt.timedelta(days=1)).isoformat(), "evidence": {}, "claims": []})
    return out


def _partitions(mentions):
    parts = {}
    for m in mentions:
        parts.setdefault((m["country"], m["event_date"][:7]), []).append(m)
    return parts


def _key(events):
    return sorted(tuple((s["article_id"], s["seq"]) for s in e["sources"]) for e in events)


def _whole(mentions):
    """One merge_records per country: what the cut must give."""
    out = []
    for country in sorted({m["country"] for m in mentions}):
        out += merge_records([m for m in mentions if m["country"] == country])
    return out


def test_the_cut_by_month_gives_the_merge_of_the_whole_country():
    for seed in range(6):
        mentions = _mentions(seed, 90)
        expected, got = _whole(mentions), merge_partitions(_partitions(mentions))
        assert _key(got) == _key(expected), seed
        assert sorted(got, key=lambda e: _key([e])) == sorted(expected, key=lambda e: _key([e])), seed


def test_incidents_across_a_month_end_are_merged_by_the_boundary_pass():
    mentions = _mentions(3, 90)
    parts = _partitions(mentions)
    crossing = [e for e in _whole(mentions) if len({s["published"] for s in e["sources"]}) > 1
                and len({m["event_date"][:7] for m in mentions
                         if (m["article_id"], m["seq"]) in {(s["article_id"], s["seq"]) for s in e["sources"]}}) > 1]
    assert crossing, "the corpus should hold incidents reported either side of a month's end"
    # Each month merged alone, without the neighbours' mentions and the boundary pass, splits them.
    alone = [e for k, ms in parts.items() for e in merge_records(ms)]
    assert _key(alone) != _key(_whole(mentions))
    opened = []
    for (country, month), reads in group_inputs(parts):
        opened += merge_group([r for k in reads for r in parts[k]], month)[1]
    joined = join_components(opened)
    assert any(len({r["event_date"][:7] for r in comp}) > 1 for comp in joined)
    # Every mention is in exactly one merged event.
    got = merge_partitions(parts)
    keys = [k for e in got for k in ((s["article_id"], s["seq"]) for s in e["sources"])]
    assert len(keys) == len(set(keys)) == len(mentions)


def test_undated_mentions_stay_alone_and_are_kept():
    mentions = _mentions(1, 10)
    for m in mentions[:3]:
        m["event_date"] = None
    parts = {}
    for m in mentions:
        parts.setdefault((m["country"], (m["event_date"] or "")[:7] or None), []).append(m)
    got = merge_partitions(parts)
    undated = [e for e in got if e["event_date"] is None]
    assert len(undated) == 3 and all(len(e["sources"]) == 1 for e in undated)
    assert sum(len(e["sources"]) for e in got) == 10


def test_a_date_the_merge_cannot_read_is_kept_alone_in_its_month():
    mentions = _mentions(2, 12)
    mentions[0]["event_date"] = mentions[0]["event_date"][:7] + "-xx"
    got = merge_partitions(_partitions(mentions))
    assert sum(len(e["sources"]) for e in got) == 12
    assert any(e["event_date"] == mentions[0]["event_date"] and len(e["sources"]) == 1 for e in got)


def test_neighbouring_months_wrap_around_the_year():
    assert neighbours("2023-01") == ("2022-12", "2023-02")
    assert neighbours("2023-12") == ("2023-11", "2024-01")
    assert neighbours("2023-12", 2) == ("2023-10", "2023-11", "2024-01", "2024-02")


def test_a_group_reads_every_month_a_window_can_reach():
    """Every mention whose window touches a month is in that month's group, whatever the store's
    window constants are: checked on mentions dated at every day of a year, at each precision."""
    from sitrep.store.merging import day_range

    k = reach_months()
    for offset in range(366):
        day = dt.date(2023, 1, 1) + dt.timedelta(days=offset)
        for tp in (1, 2, 3):
            lo, hi = day_range({"event_date": day.isoformat(), "time_precision": tp})
            reached = {dt.date.fromordinal(o).isoformat()[:7] for o in range(lo, hi + 1)}
            own = day.isoformat()[:7]
            assert reached <= {own, *neighbours(own, k)}, (day, tp)
    assert group_inputs([("X", "2023-12"), ("X", "2024-01"), ("Y", "2024-01"), ("X", None)]) == [
        (("X", None), [("X", None)]),
        (("X", "2023-12"), [("X", "2023-12"), ("X", "2024-01")]),
        (("X", "2024-01"), [("X", "2024-01"), ("X", "2023-12")]),
        (("Y", "2024-01"), [("Y", "2024-01")]),
    ]
