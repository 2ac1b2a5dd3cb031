"""ACLED-style location strings."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..model import Place

_AYN = re.compile(r"[‘’ʿʾ`]")


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
    """ACLED's `location`: the town's name, or "City - District" for a district of a city (a GeoNames
    PPLX row the importer tied to its city)."""
    gid = place.geonameid
    if place.parent and place.feature_code == "PPLX":
        return f"{plain_name(place.parent)} - {plain_name(place.name)}"
    if place.is_country and place.country:
        return place.country
    if gid is not None and gid in _acled_names():
        return _acled_names()[gid]
    return plain_name(place.name)
