"""ACLED's own names and places, from the table ``scripts/derive_acled_places.py`` derives from ACLED's
coordinates (``resources/geo/acled_places.tsv``; its header records the origin).

ACLED spells admin units and towns its own way (Idleb, Al-Hasakeh, Ar-Raqqa, not GeoNames' Idlib, Al
Hasakah, Ar Raqqah), and codes villages the GeoNames towns file lacks (front-line villages of Donbas,
Idleb or Marib). The gazetteer keeps GeoNames; these names and places are laid over it when it opens.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..errors import ResourceError
from .build import resource_path

TABLE = "acled_places.tsv"
# Places of the table take geonameids below this, clear of the curated supplement's (-1 to -9999).
GID_BASE = -10_000_000


@dataclass(frozen=True)
class AcledPlace:
    gid: int
    name: str
    lat: float
    lon: float
    cc: str
    a1: str | None
    a2: str | None
    admin1: str | None = None  # ACLED's names of its units, for villages whose unit codes are unknown
    admin2: str | None = None


@dataclass(frozen=True)
class AcledNames:
    countries: dict[str, str]      # ISO alpha-2 -> ACLED's name of the country
    admin1: dict[str, str]         # gazetteer admin1 code ('SY.12') -> ACLED's name
    admin2: dict[str, str]         # gazetteer admin2 code ('UA.14.1234') -> ACLED's name
    towns: dict[int, str]          # geonameid -> ACLED's location name
    places: tuple[AcledPlace, ...]


@lru_cache(maxsize=1)
def acled_names() -> AcledNames:
    countries: dict[str, str] = {}
    units: dict[str, dict[str, str]] = {"admin1": {}, "admin2": {}}
    towns: dict[int, str] = {}
    places: list[AcledPlace] = []
    path = resource_path(TABLE)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ResourceError("E360", f"ACLED place table {path} is unreadable: {exc}") from None
    for n, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        f = line.split("\t")
        try:
            if f[0] == "country":
                countries[f[1]] = f[2]
            elif f[0] in ("admin1", "admin2"):
                units[f[0]][f[1]] = f[2]
            elif f[0] == "name":
                towns[int(f[1])] = f[2]
            elif f[0] == "place":
                places.append(AcledPlace(GID_BASE - len(places), f[1], float(f[2]), float(f[3]), f[4],
                                         f[5] or None, f[6] or None, *(x or None for x in f[8:10])))
            else:
                raise ValueError(f"unknown kind {f[0]!r}")
        except (IndexError, ValueError) as exc:
            raise ResourceError("E361", f"{path} line {n} is malformed: {exc}") from None
    return AcledNames(countries, units["admin1"], units["admin2"], towns, tuple(places))
