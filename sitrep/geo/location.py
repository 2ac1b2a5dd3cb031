"""ACLED-style location strings."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..model import Place

_AYN = re.compile(r"[‘’ʿʾ`]")


@lru_cache(maxsize=1)
def _district_parents() -> dict[int, str]:
    from .build import load_supplement

    return {p["id"]: p["parent"] for p in load_supplement()["places"] if p.get("parent")}


@lru_cache(maxsize=1)
def _acled_names() -> dict[int, str]:
    from .acled import acled_names
    from .build import tsv_rows

    # ACLED's spellings derived from its coordinates; the hand-written list, checked name by name, overrides.
    return acled_names().towns | {int(row[0]): row[1] for row in tsv_rows("acled_names.tsv")}


def plain_name(name: str) -> str:
    """GeoNames' scholarly transliteration in plain letters: 'Ma‘arrat an Nu‘mān' -> "Ma'arrat an Nu'man"."""
    s = _AYN.sub("'", name)
    s = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in s if not unicodedata.combining(ch)).lstrip("'")


def location_name(place: Place) -> str:
    """ACLED's `location`: the town's name, or "City - District" for a curated district of a city."""
    gid = place.geonameid
    parent = _district_parents().get(gid) if gid is not None else None
    if parent and place.feature_code == "PPLX":
        return f"{parent} - {place.name}"
    if place.feature_code in ("PCLI", "PCLH") and place.country:
        return place.country
    if gid is not None and gid in _acled_names():
        return _acled_names()[gid]
    return plain_name(place.name)
