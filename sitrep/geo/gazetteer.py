"""The gazetteer: an indexed SQLite file, read once into in-memory dictionaries for fast lookups."""
from __future__ import annotations

import gc
import marshal
import math
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import ResourceError
from ..model import Place
from .normalize import fold, loose_key
from .schema import GAZETTEER_VERSION

# How much a kind of place outranks a town of the same name before any context is known:
# "Georgia" the country or the state beats Georgia, Indiana.
CLASS_PRIOR = {"PCLI": 6.0, "PCLH": 3.0, "CONT": 6.0, "ADM1": 3.0, "ADM2": -1.0, "RGN": 5.0, "OCN": 6.0, "SEA": 5.0,
               "GULF": 4.0, "STM": 4.0, "PEN": 4.0, "PLAT": 4.0, "BRDR": 4.0, "RD": 4.0, "LK": 4.0, "PPLX": 3.0, "PPLC": 5.5, "DSRT": 4.0, "BLDG": 4.0}


def default_path() -> Path:
    env = os.environ.get("SITREP_GAZETTEER")
    if env:
        return Path(env)
    return Path.home() / ".cache" / "sitrep" / f"gazetteer-{GAZETTEER_VERSION}.sqlite"


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

    @property
    def prior(self) -> float:
        return 1.3 * math.log10(self.pop + 10) + self.class_prior + (6.0 if self.gid < 0 else 0.0)

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
        return self.gid < 0


class Gazetteer:
    """Read access to a gazetteer file. ``Gazetteer.open()`` builds the default file on first use."""

    def __init__(self, path: Path):
        self.path = Path(path)
        if not self.path.exists():
            raise ResourceError("E310", f"gazetteer {self.path} does not exist")
        try:
            self._con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._load(self._con)
        except sqlite3.DatabaseError as exc:
            raise ResourceError("E311", f"gazetteer {self.path} is unreadable: {exc}") from None

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
        # Place rows are read on demand; only the name index is held in memory.
        self._rows: dict[int, Row | None] = {}
        gc_was_enabled = gc.isenabled()
        gc.disable()  # building ~1M small containers; the cycle collector would only slow this down
        try:
            self._load_names(con)
        finally:
            if gc_was_enabled:
                gc.enable()
        self._load_units(con)

    def index_path(self) -> Path:
        """The name-index cache kept beside the SQLite file."""
        return self.path.with_name(self.path.name + ".names")

    def _index_stamp(self) -> str:
        st = self.path.stat()
        return f"{GAZETTEER_VERSION}:{st.st_size}:{st.st_mtime_ns}"

    def _load_names(self, con: sqlite3.Connection) -> None:
        # Reading ~1M name rows out of SQLite takes seconds; the same index as a marshal file
        # loads several times faster. The stamp ties the cache to this exact SQLite file.
        stamp = self._index_stamp()
        cached = self._read_index(stamp)
        if cached is not None:
            self.exact, self.loose, self.surface = cached
            return
        self._names_from_sqlite(con)
        self._write_index(stamp)

    def _read_index(self, stamp: str):
        try:
            with open(self.index_path(), "rb") as fh:
                data = marshal.load(fh)
        except (OSError, EOFError, ValueError, TypeError):
            return None  # no cache or a damaged one: the SQLite file is the source of truth
        if not isinstance(data, tuple) or len(data) != 4 or data[0] != stamp:
            return None
        return data[1], data[2], data[3]

    def _write_index(self, stamp: str) -> None:
        target = self.index_path()
        try:
            fd, tmp = tempfile.mkstemp(prefix=target.name + ".", suffix=".part", dir=target.parent)
        except OSError:
            return  # a read-only folder: the gazetteer still works, it only opens slower
        try:
            with os.fdopen(fd, "wb") as fh:
                marshal.dump((stamp, self.exact, self.loose, self.surface), fh)
            os.replace(tmp, target)
        except OSError:
            pass  # disk full or similar: same as above, the cache is only a speed-up
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)

    def _names_from_sqlite(self, con: sqlite3.Connection) -> None:
        exact: dict[str, list[int]] = {}
        loose: dict[str, list[int]] = {}
        surface: dict[str, list[int]] = {}
        for key, f, gid in con.execute("SELECT key, fold, geonameid FROM names WHERE case_sensitive=0"):
            exact.setdefault(f, []).append(gid)
            loose.setdefault(key, []).append(gid)
        for name, gid in con.execute("SELECT name, geonameid FROM names WHERE case_sensitive=1"):
            surface.setdefault(name, []).append(gid)
        self.exact = {k: tuple(dict.fromkeys(v)) for k, v in exact.items()}
        self.loose = {k: tuple(dict.fromkeys(v)) for k, v in loose.items()}
        self.surface = {k: tuple(dict.fromkeys(v)) for k, v in surface.items()}

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
        exact = set(self.exact.get(fold(name), ()))
        exact.update(self.surface.get(name.strip(), ()))
        gids = list(exact)
        if loose:
            gids.extend(g for g in self.loose.get(loose_key(name), ()) if g not in exact)
        return gids, exact

    def lookup(self, name: str, country_code: str | None = None, limit: int = 10) -> list[Place]:
        """Places called ``name``, best first: exact spellings, then bigger and higher-ranking places."""
        gids, exact = self.candidates(name)
        rows = self.rows_for(gids)
        if country_code:
            rows = [r for r in rows if r.cc == country_code.upper()]
        # A unit named like its own big town ranks after it: "Aleppo" is the city, "Aleppo province" the unit.
        units = {r.a1: r.pop for r in rows if r.fcode == "ADM1"}
        towns = {r.a1 for r in rows if r.fclass == "P" and r.a1 in units and r.pop >= 0.05 * units[r.a1]}
        rows.sort(key=lambda r: (r.gid in exact, r.prior - (5.0 if r.is_admin and r.a1 in towns else 0.0)),
                  reverse=True)
        return [self.place(r.gid) for r in rows[:limit]]

    _SELECT = ("SELECT geonameid, name, latitude, longitude, country_code, admin1_code, admin2_code,"
               " feature_class, feature_code, population, precision, parent FROM places")

    def rows_for(self, gids) -> list[Row]:
        missing = [g for g in gids if g not in self._rows]
        for i in range(0, len(missing), 500):
            chunk = missing[i:i + 500]
            for g in chunk:
                self._rows[g] = None
            q = f"{self._SELECT} WHERE geonameid IN ({','.join('?' * len(chunk))})"
            for r in self._con.execute(q, chunk):
                self._rows[r[0]] = Row(*r)
        return [r for r in (self._rows[g] for g in gids) if r is not None]

    def row(self, gid: int) -> Row | None:
        if gid not in self._rows:
            self.rows_for([gid])
        return self._rows[gid]

    def place(self, gid: int) -> Place:
        r = self.row(gid)
        if r is None:
            raise ResourceError("E312", f"no place with geonameid {gid} in {self.path}")
        country = self.countries.get(r.cc or "")
        a1 = self.admin1.get(r.a1 or "")
        a2 = self.admin2.get(r.a2 or "")
        a1_name, a2_name = (a1[0] if a1 else None), (a2[0] if a2 else None)
        if gid in self.labels:
            a1_name = self.labels[gid][0] or a1_name
            a2_name = self.labels[gid][1] or a2_name
        return Place(
            name=r.name, latitude=r.lat, longitude=r.lon, geonameid=r.gid, country_code=r.cc,
            country=country[0] if country else None, iso=country[1] if country else None,
            admin1=a1_name, admin2=a2_name, feature_class=r.fclass, feature_code=r.fcode,
            population=r.pop, precision=r.precision,
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

    def admin1_row(self, code: str | None) -> Row | None:
        unit = self.admin1.get(code or "")
        return self.row(unit[1]) if unit else None

    def country_row(self, cc: str | None) -> Row | None:
        c = self.countries.get(cc or "")
        return self.row(c[2]) if c else None
