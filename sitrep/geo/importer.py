"""Import the official GeoNames dump files into a gazetteer.

Reads the tab-separated files described in the GeoNames readme: the geoname table
(allCountries.txt, country files such as SY.txt, cities500/1000/5000/15000.txt),
admin1CodesASCII.txt, admin2Codes.txt, countryInfo.txt and alternateNamesV2.txt (or
alternateNames.txt). Re-importing a file replaces its places instead of adding copies.
"""
from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from ..errors import InputError, ResourceError
from .build import apply_supplement_aliases, is_latin_name
from .normalize import fold, loose_key
from .schema import GAZETTEER_VERSION, connect_for_writing

BATCH = 50000
GEONAME_COLUMNS = 19
# Language codes in alternateNames that are not names (links, postal and airport codes).
_NOT_NAMES = {"link", "post", "iata", "icao", "faac", "fr_1793", "unlc", "wkdt", "phon", "piny"}


def _precision(fclass: str, fcode: str) -> int:
    if fclass in ("P", "S"):
        return 1
    if fclass == "A" and (fcode.startswith("PCL") or fcode == "ADM1"):
        return 3
    return 2


def _kind(path: Path) -> str:
    name = path.name.lower()
    if name.startswith("admin1codes"):
        return "admin1"
    if name.startswith("admin2codes"):
        return "admin2"
    if name.startswith("alternatenames"):
        return "alternate"
    if name.startswith("countryinfo"):
        return "country"
    return "geoname"


def import_geonames(gaz_path: str | Path, paths: list[str | Path], progress: bool = True,
                    feature_classes: str | None = None) -> dict:
    """Import GeoNames dump files into the gazetteer at ``gaz_path`` (created if missing).

    ``feature_classes`` keeps only rows of those GeoNames classes from geoname files, e.g. "APL"
    for units, towns and areas (allCountries.txt is mostly streams, hills and buildings).
    Returns counts of rows imported per kind of file. Raises ``InputError`` on a malformed file.
    """
    from tqdm import tqdm

    gaz_path = Path(gaz_path)
    files = [Path(p) for p in paths]
    for f in files:
        if not f.exists():
            raise InputError("E137", f"GeoNames file {f} does not exist")
    order = {"country": 0, "admin1": 1, "admin2": 2, "geoname": 3, "alternate": 4}
    files.sort(key=lambda f: order[_kind(f)])
    con = connect_for_writing(gaz_path, fresh=not gaz_path.exists())
    # Names are staged unindexed and merged once, sorted, at the end: millions of random B-tree
    # inserts are what makes a naive import slow. Staging lives in a temporary file, not in memory.
    con.execute("PRAGMA temp_store=FILE")
    con.execute("CREATE TEMP TABLE stage_names(key TEXT, fold TEXT, geonameid INTEGER, name TEXT)")
    con.execute("CREATE TEMP TABLE stage_gids(geonameid INTEGER)")
    counts: dict[str, int] = {}
    try:
        con.execute("BEGIN")
        for f in files:
            kind = _kind(f)
            total = f.stat().st_size
            with tqdm(total=total, desc=f"importing {f.name}", unit="B", unit_scale=True, file=sys.stderr,
                      disable=not progress) as bar:
                reader = {"admin1": _import_admin, "admin2": _import_admin, "country": _import_countries,
                          "geoname": _import_geonames, "alternate": _import_alternates}[kind]
                n = reader(con, f, bar, kind, feature_classes) if kind == "geoname" else reader(con, f, bar, kind)
            counts[kind] = counts.get(kind, 0) + n
        _merge_names(con)
        _link_districts(con)
        apply_supplement_aliases(con, strict=False)
        con.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (GAZETTEER_VERSION,))
        con.commit()
    except sqlite3.DatabaseError as exc:
        con.rollback()
        raise ResourceError("E220", f"import into {gaz_path} failed: {exc}") from None
    except Exception:
        con.rollback()
        raise
    finally:
        con.close()
    return counts


def _lines(path: Path, bar):
    done = 0
    with path.open(encoding="utf-8", newline="\n") as fh:
        for lineno, line in enumerate(fh, start=1):
            done += len(line)
            if lineno % 10000 == 0:  # a progress update per line would cost more than the parsing
                bar.update(done)
                done = 0
            if not line.strip() or line.startswith("#"):
                continue
            yield lineno, line.rstrip("\n").rstrip("\r").split("\t")
    # Characters, not bytes, were counted on the way (encoding every line costs): end the bar full.
    bar.update(max(0, (bar.total or 0) - bar.n))


def _bad(path: Path, lineno: int, why: str) -> InputError:
    return InputError("E138", f"{path.name} line {lineno}: {why}")


def _import_admin(con, path: Path, bar, kind: str) -> int:
    table = "admin1" if kind == "admin1" else "admin2"
    rows = []
    for lineno, cols in _lines(path, bar):
        if len(cols) < 4 or not cols[3].isdigit():
            raise _bad(path, lineno, f"expected code, name, asciiname, geonameid; got {len(cols)} columns")
        rows.append((cols[0], cols[2] or cols[1], int(cols[3])))
    con.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?,?,?)", rows)
    return len(rows)


def _import_countries(con, path: Path, bar, kind: str) -> int:
    rows = []
    for lineno, cols in _lines(path, bar):
        if len(cols) < 17:
            raise _bad(path, lineno, f"countryInfo needs 19 columns, got {len(cols)}")
        iso_num = int(cols[2]) if cols[2].isdigit() else None
        gid = int(cols[16]) if cols[16].isdigit() else None
        rows.append((cols[0], cols[4], iso_num, gid, cols[5] or None))
    con.executemany("INSERT OR REPLACE INTO countries VALUES (?,?,?,?,?)", rows)
    return len(rows)


def _import_geonames(con, path: Path, bar, kind: str, feature_classes: str | None = None) -> int:
    places, names, gids = [], [], []
    n = 0

    def flush():
        con.executemany("INSERT INTO stage_gids VALUES (?)", [(g,) for g in gids])
        con.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", places)
        con.executemany("INSERT INTO stage_names VALUES (?,?,?,?)", names)
        places.clear()
        names.clear()
        gids.clear()

    for lineno, cols in _lines(path, bar):
        if len(cols) != GEONAME_COLUMNS:
            raise _bad(path, lineno, f"expected {GEONAME_COLUMNS} columns, got {len(cols)}")
        try:
            gid, lat, lon = int(cols[0]), float(cols[4]), float(cols[5])
            pop = int(cols[14]) if cols[14] else 0
        except ValueError as exc:
            raise _bad(path, lineno, str(exc)) from None
        fclass, fcode, cc = cols[6], cols[7], cols[8] or None
        if feature_classes and fclass not in feature_classes:
            continue
        a1 = f"{cc}.{cols[10]}" if cc and cols[10] else None
        a2 = f"{a1}.{cols[11]}" if a1 and cols[11] else None
        places.append((gid, cols[1], lat, lon, cc, a1, a2, fclass, fcode, pop, _precision(fclass, fcode), None,
                       f"geonames:{path.name}"))
        gids.append(gid)
        spellings = {cols[1], cols[2]}
        spellings.update(a for a in cols[3].split(",") if a and is_latin_name(a))
        for s in spellings:
            f = fold(s)
            if f:
                names.append((loose_key(s, f), f, gid, s))
        n += 1
        if len(places) >= BATCH:
            flush()
    flush()
    return n


# A district (GeoNames PPLX, "section of populated place") belongs to the most populous town within
# this distance: the centre of a city of millions lies 10 to 15 km from its outer quarters.
DISTRICT_KM = 15.0
_GRID = 0.25  # degrees: 28 km of latitude, so the cells either side of a district's reach past DISTRICT_KM


def _link_districts(con) -> None:
    """Tie each district without a parent to its city, for ACLED's "City - District" location."""
    import math

    orphans = con.execute("SELECT geonameid, latitude, longitude, country_code FROM places"
                          " WHERE feature_code = 'PPLX' AND parent IS NULL").fetchall()
    if not orphans:
        return
    towns: dict[tuple[int, int], list[tuple[float, float, str, int, str]]] = {}
    for lat, lon, cc, pop, name in con.execute(
            "SELECT latitude, longitude, country_code, population, name FROM places"
            " WHERE feature_class = 'P' AND feature_code != 'PPLX' AND population > 0"):
        towns.setdefault((int(lat // _GRID), int(lon // _GRID)), []).append((lat, lon, cc, pop, name))
    links = []
    for gid, lat, lon, cc in orphans:
        # Longitude cells narrow towards the poles: look as many cells east and west as 15 km spans.
        reach = 1 + int(DISTRICT_KM / (111.0 * _GRID * max(0.1, math.cos(math.radians(lat)))))
        ci, cj = int(lat // _GRID), int(lon // _GRID)
        best = None
        for i in (ci - 1, ci, ci + 1):
            for j in range(cj - reach, cj + reach + 1):
                for tlat, tlon, tcc, pop, name in towns.get((i, j), ()):
                    if tcc != cc:
                        continue
                    km = 111.0 * math.hypot(tlat - lat, (tlon - lon) * math.cos(math.radians(lat)))
                    if km <= DISTRICT_KM and (best is None or pop > best[0]):
                        best = (pop, name)
        if best is not None:
            links.append((best[1], gid))
    con.executemany("UPDATE places SET parent = ? WHERE geonameid = ?", links)


def _import_alternates(con, path: Path, bar, kind: str) -> int:
    names = []
    n = 0
    for lineno, cols in _lines(path, bar):
        if len(cols) < 4 or not cols[1].isdigit():
            raise _bad(path, lineno, "expected alternateNameId, geonameid, isolanguage, alternate name, ...")
        lang, name = cols[2], cols[3]
        if lang in _NOT_NAMES or (len(cols) > 7 and cols[7] == "1") or not is_latin_name(name):
            continue
        f = fold(name)
        if f:
            names.append((loose_key(name, f), f, int(cols[1]), name))
            n += 1
        if len(names) >= BATCH:
            con.executemany("INSERT INTO stage_names VALUES (?,?,?,?)", names)
            names.clear()
    con.executemany("INSERT INTO stage_names VALUES (?,?,?,?)", names)
    return n


def _merge_names(con) -> None:
    """Replace the names of re-imported places, then add all staged names in key order."""
    con.execute("DELETE FROM names WHERE geonameid IN (SELECT geonameid FROM stage_gids)")
    con.execute("DROP INDEX IF EXISTS names_fold")
    con.execute("DROP INDEX IF EXISTS names_gid")
    con.execute("INSERT OR IGNORE INTO names SELECT key, fold, geonameid, name, 0 FROM stage_names"
                " ORDER BY key, fold, geonameid")
    con.execute("CREATE INDEX names_fold ON names(fold)")
    con.execute("CREATE INDEX names_gid ON names(geonameid)")
    con.execute("DELETE FROM stage_names")
    con.execute("DELETE FROM stage_gids")
