"""Derive sitrep/resources/geo/acled_places.tsv: ACLED's spellings of admin units and towns, and the
places ACLED codes that the gazetteer lacks, from the coordinates of ACLED's 2020 export matched
against the gazetteer.

Reads the DEVELOPMENT part only (``bench/acled/split.py`` ``read_part("dev")``, events up to
2020-05-04 of ``../shared/bench/acled/acled_2020_notes.csv``); no ACLED row is written, only the
names and coordinates of places and units, each the majority reading over the events at that place.

    .venv/bin/python scripts/derive_acled_places.py            # rewrites the table
    .venv/bin/python scripts/derive_acled_places.py --check    # prints what it would change
    .venv/bin/python scripts/derive_acled_places.py --until 2020-04-30 --out /tmp/early.tsv
        # a table from the first half of the development part, to measure it on the second half

Rows (tab-separated, first column the kind):
  country  <ISO alpha-2>            <ACLED country name>  <events>
  admin1   <gazetteer admin1 code>  <ACLED admin1 name>   <events>
  admin2   <gazetteer admin2 code>  <ACLED admin2 name>   <events>
  name     <geonameid>              <ACLED location name> <events>
  place    <ACLED location name>    <lat> <lon> <ISO2> <admin1 code> <admin2 code> <events> <admin1> <admin2>
"""
from __future__ import annotations

import argparse
import difflib
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench" / "acled"))

from split import SOURCE, read_part  # noqa: E402

from sitrep.geo.gazetteer import Gazetteer  # noqa: E402
from sitrep.geo.normalize import fold, loose_key  # noqa: E402

OUT = ROOT / "sitrep" / "resources" / "geo" / "acled_places.tsv"
# A town of the gazetteer is ACLED's place when it lies this close and its name is alike.
SAME_PLACE_KM = 5.0
# The gazetteer's admin unit of an ACLED event is that of the nearest town within this distance.
UNIT_KM = 15.0
# A unit takes ACLED's spelling when this share of its events agree on it (borders blur the rest).
UNIT_AGREEMENT = 0.6
# ...and, for a state or province whose ACLED name is the gazetteer's name of another one of the country ("Odisha"
# for Chhattisgarh, whose towns lie nearest to an event across the border), at least this many events: one or two
# near a border say nothing of the unit's own name.
MIN_RENAME_EVENTS = 3


def km(a: float, b: float, c: float, d: float) -> float:
    p = math.pi / 180
    h = math.sin((c - a) * p / 2) ** 2 + math.cos(a * p) * math.cos(c * p) * math.sin((d - b) * p / 2) ** 2
    return 12742 * math.asin(math.sqrt(min(1.0, h)))


def alike(a: str, b: str) -> bool:
    ka, kb = loose_key(a), loose_key(b)
    if not ka or not kb:
        return False
    return ka == kb or ka in kb or kb in ka or difflib.SequenceMatcher(None, ka, kb).ratio() >= 0.75


class Towns:
    """The gazetteer's towns in a grid of one-degree cells, for nearest-town queries."""

    def __init__(self, gaz: Gazetteer, ccs: set[str]):
        self.cells: dict[tuple[int, int], list[tuple]] = defaultdict(list)
        q = ("SELECT geonameid, name, latitude, longitude, country_code, admin1_code, admin2_code FROM places"
             " WHERE feature_class='P' AND geonameid > 0 AND country_code IN (%s)" % ",".join("?" * len(ccs)))
        for row in gaz.query(q, tuple(sorted(ccs))):
            self.cells[(math.floor(row[2]), math.floor(row[3]))].append(row)

    def near(self, lat: float, lon: float, within: float, cc: str) -> list[tuple[float, tuple]]:
        """Towns of country ``cc`` within ``within`` km, nearest first (events on a border belong to ACLED's country)."""
        out = []
        ci, cj = math.floor(lat), math.floor(lon)
        for i in (ci - 1, ci, ci + 1):
            for j in (cj - 1, cj, cj + 1):
                for row in self.cells.get((i, j), ()):
                    if row[4] != cc:
                        continue
                    d = km(lat, lon, row[2], row[3])
                    if d <= within:
                        out.append((d, row))
        return sorted(out, key=lambda x: x[0])


def country_codes(gaz: Gazetteer, rows: list[dict]) -> dict[str, str]:
    """ACLED country name -> ISO alpha-2, by the ISO numeric code both carry."""
    by_iso = {str(v[1]): k for k, v in gaz.countries.items() if v[1] is not None}
    out = {}
    for r in rows:
        cc = by_iso.get(str(int(r["iso"]))) if r.get("iso", "").strip().isdigit() else None
        if cc:
            out[r["country"]] = cc
    return out


def _another_units_name(name: str, code: str, names: dict) -> bool:
    """Whether ``name`` is the gazetteer's name of another first-level unit of the country of ``code`` (the same
    loose key), and no spelling of the unit's own."""
    own = names.get(code, (None,))[0]
    if own and alike(name, own):
        return False
    parent = code.split(".", 1)[0] + "."
    key = loose_key(name)
    return any(other != code and other.startswith(parent) and other_name and loose_key(other_name) == key
               for other, (other_name, *_) in names.items())


def derive(rows: list[dict], gaz: Gazetteer) -> list[list[str]]:
    ccs = country_codes(gaz, rows)
    towns = Towns(gaz, set(ccs.values()))
    unit_votes = {"admin1": defaultdict(Counter), "admin2": defaultdict(Counter)}
    name_votes: dict[int, Counter] = defaultdict(Counter)
    missing: dict[tuple[str, str], list[tuple[float, float, str | None, str | None]]] = defaultdict(list)
    for r in rows:
        cc = ccs.get(r["country"])
        try:
            lat, lon = float(r["latitude"]), float(r["longitude"])
        except ValueError:
            continue
        if cc is None:
            continue
        near = towns.near(lat, lon, UNIT_KM, cc)
        if near:
            _, town = near[0]
            if r["admin1"] and town[5]:
                unit_votes["admin1"][town[5]][r["admin1"]] += 1
            if r["admin2"] and town[6] and town[6].count(".") >= 2:  # some towns give their admin1 as admin2
                unit_votes["admin2"][town[6]][r["admin2"]] += 1
        loc = r["location"].strip()
        if not loc:
            continue
        same = [t for d, t in near if d <= SAME_PLACE_KM and alike(t[1], loc)]
        if same:
            # "Hama - Airbase" is a part of Hama near its point, not ACLED's name for the city.
            if fold(same[0][1]) != fold(loc) and " - " not in loc:
                name_votes[same[0][0]][loc] += 1
            continue
        # ACLED names a district of a city "City - District": a name no report writes.
        if " - " in loc or len(fold(loc)) < 4:
            continue
        a1 = near[0][1][5] if near else None
        a2 = near[0][1][6] if near else None
        missing[(cc, loc)].append((lat, lon, a1, a2, r["admin1"], r["admin2"]))

    out: list[list[str]] = []
    for name, cc in sorted(ccs.items(), key=lambda x: x[1]):
        if name and gaz.countries.get(cc, (None,))[0] != name:
            out.append(["country", cc, name, str(sum(r["country"] == name for r in rows))])
    for kind in ("admin1", "admin2"):
        names = gaz.admin1 if kind == "admin1" else gaz.admin2
        for code, votes in sorted(unit_votes[kind].items()):
            name, n = votes.most_common(1)[0]
            total = sum(votes.values())
            current = names.get(code, (None,))[0]
            if n / total >= UNIT_AGREEMENT and name != current \
                    and (kind == "admin2" or n >= MIN_RENAME_EVENTS or not _another_units_name(name, code, names)):
                out.append([kind, code, name, str(total)])
    for gid, votes in sorted(name_votes.items()):
        name, n = votes.most_common(1)[0]
        if n / sum(votes.values()) >= UNIT_AGREEMENT:
            out.append(["name", str(gid), name, str(sum(votes.values()))])
    # A village takes the units ACLED names (by each unit's most common code), else its nearest town's:
    # near a border the nearest town may lie in the next province.
    code_of: dict[tuple[str, str, str], Counter] = defaultdict(Counter)
    for kind in ("admin1", "admin2"):
        for code, votes in unit_votes[kind].items():
            for name, n in votes.items():
                code_of[(kind, code.split(".")[0], name)][code] += n
    for (cc, loc), pts in sorted(missing.items()):
        # The most common coordinates of the place (ACLED codes one point per place).
        (lat, lon, a1, a2, acled_a1, acled_a2), _ = Counter(pts).most_common(1)[0]
        if code_of.get(("admin1", cc, acled_a1)):
            known = code_of[("admin1", cc, acled_a1)].most_common(1)[0][0]
            if known != a1:
                a1, a2 = known, None
        if code_of.get(("admin2", cc, acled_a2)):
            known = code_of[("admin2", cc, acled_a2)].most_common(1)[0][0]
            if known.startswith((a1 or "") + "."):
                a2 = known
        out.append(["place", loc, f"{lat:.4f}", f"{lon:.4f}", cc, a1 or "", a2 or "", str(len(pts)),
                    acled_a1, acled_a2])
    return out


HEADER = [
    "# ACLED's spellings of admin units and towns, and the places ACLED codes that the gazetteer lacks.",
    "# origin: ACLED 2020 export ../shared/bench/acled/acled_2020_notes.csv, development part only (events up to"
    " 2020-05-04, bench/acled/split.py read_part('dev')), derived by scripts/derive_acled_places.py from each event's"
    " coordinates matched against the gazetteer (nearest town); no ACLED row is kept.",
    "# kind\tkey\tvalue...\t(events)",
]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="print counts, write nothing")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--until", default="", help="only events up to this day (YYYY-MM-DD): to measure the table on"
                    " later development notes it has not seen")
    a = ap.parse_args()
    if not SOURCE.exists():
        print(f"derive_acled_places: {SOURCE} not found (the benchmark data lives in ../shared)", file=sys.stderr)
        return 1
    rows = read_part("dev")
    if a.until:
        from split import event_day

        rows = [r for r in rows if event_day(r["event_date"]).isoformat() <= a.until]
    table = derive(rows, Gazetteer.open())
    print(Counter(r[0] for r in table))
    if not a.check:
        a.out.write_text("\n".join(HEADER + ["\t".join(r) for r in table]) + "\n", encoding="utf-8")
        print(f"wrote {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
