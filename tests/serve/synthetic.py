"""Synthetic stores for the serve tests and `bench/serve_bench.py`: many events, written through ``Store.add``.

Articles and events are made up from templates (no benchmark text); the places are real towns with their
real admin1 and approximate coordinates, jittered so that markers spread and cluster as real ones do.
"""
from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from sitrep.model import EVENT_TYPES, Article, Event
from sitrep.store import Store

# (town, admin1, country, ISO 3166 numeric, latitude, longitude)
PLACES = (
    ("Kassala", "Kassala", "Sudan", 729, 15.45, 36.40), ("El Fasher", "North Darfur", "Sudan", 729, 13.63, 25.35),
    ("Khartoum", "Khartoum", "Sudan", 729, 15.50, 32.56), ("Nairobi", "Nairobi", "Kenya", 404, -1.28, 36.82),
    ("Mombasa", "Mombasa", "Kenya", 404, -4.04, 39.67), ("Mogadishu", "Banadir", "Somalia", 706, 2.04, 45.34),
    ("Kismayo", "Lower Juba", "Somalia", 706, -0.36, 42.55), ("Maiduguri", "Borno", "Nigeria", 566, 11.85, 13.16),
    ("Kano", "Kano", "Nigeria", 566, 12.00, 8.52), ("Goma", "Nord-Kivu", "Democratic Republic of Congo", 180,
                                                    -1.68, 29.22),
    ("Bunia", "Ituri", "Democratic Republic of Congo", 180, 1.56, 30.25), ("Aleppo", "Aleppo", "Syria", 760, 36.20, 37.16),
    ("Idlib", "Idlib", "Syria", 760, 35.93, 36.63), ("Mosul", "Nineveh", "Iraq", 368, 36.34, 43.13),
    ("Kharkiv", "Kharkivska", "Ukraine", 804, 49.99, 36.23), ("Gao", "Gao", "Mali", 466, 16.27, -0.04),
)
ACTORS = ("Military Forces", "Police Forces", "Rebel fighters", "Unidentified Armed Group", "Protesters", "Rioters",
          "Civilians", "Militia")
WEIGHTS = {"Battles": 5, "Explosions/Remote violence": 4, "Violence against civilians": 3, "Protests": 4, "Riots": 2,
           "Strategic developments": 2}


def fill(store: Store, n_events: int, seed: int = 7, start: dt.date = dt.date(2024, 1, 1), days: int = 365,
         unlocated_share: float = 0.05) -> int:
    """Adds about ``n_events`` events (1 to 3 per article) to ``store``; returns how many were added."""
    rng = random.Random(seed)
    types = list(WEIGHTS)
    weights = [WEIGHTS[t] for t in types]
    added = 0
    serial = 0
    while added < n_events:
        serial += 1
        place = rng.choice(PLACES)
        town, admin1, country, iso, lat, lon = place
        published = start + dt.timedelta(days=rng.randrange(days))
        k = min(rng.choice((1, 1, 2, 3)), n_events - added)
        events = []
        lines = []
        for i in range(k):
            et = rng.choices(types, weights)[0]
            sub = rng.choice(EVENT_TYPES[et])
            a1, a2 = rng.sample(ACTORS, 2)
            dead = 0 if et in ("Protests", "Strategic developments") else int(rng.paretovariate(1.3)) - 1
            when = published - dt.timedelta(days=rng.randrange(3))
            line = f"Report {serial}.{i}: {a1} and {a2} near {town}; {sub.lower()}; {dead} dead."
            offset = sum(len(x) + 1 for x in lines)
            lines.append(line)
            located = rng.random() >= unlocated_share
            events.append((Event(
                article_id=f"synthetic-{seed}-{serial}", event_type=et, sub_event_type=sub,
                event_date=when.isoformat(), time_precision=1, actor1=f"{a1} ({country})", actor2=f"{a2} ({country})",
                iso=iso, country=country, admin1=admin1, location=town,
                latitude=round(lat + rng.uniform(-0.4, 0.4), 4) if located else None,
                longitude=round(lon + rng.uniform(-0.4, 0.4), 4) if located else None,
                geo_precision=1 if located else None, source="Synthetic Wire", fatalities=max(dead, 0),
                notes=f"{sub} near {town} involving {a1} and {a2}.", confidence=round(rng.uniform(0.4, 1.0), 3)),
                offset, line))
        text = "\n".join(lines)
        art = Article(id=f"synthetic-{seed}-{serial}", text=text, title=f"Synthetic report {serial}",
                      published=published, source="Synthetic Wire")
        evs = []
        for ev, offset, line in events:
            start_of_town = offset + line.index(ev.location)
            ev.add_evidence("location", art.span(start_of_town, start_of_town + len(ev.location)))
            evs.append(ev)
        store.add(art, evs, [])
        added += k
    return added


def synthetic_store(path: Path, n_events: int, seed: int = 7) -> Path:
    """A store holding at least ``n_events`` events after merging (reports of one incident become one event, so
    it takes more reports than events); each further round of reports has its own seed, hence its own ids."""
    with Store(path) as store:
        # A throwaway file: no need to wait for the disk on each of thousands of commits.
        store.conn.execute("PRAGMA synchronous = OFF")
        held = 0
        while held < n_events:
            fill(store, n_events - held, seed)
            seed += 1
            held = store.conn.execute("SELECT count(*) FROM events").fetchone()[0]
    return path
