"""ACLED-style location strings."""
from __future__ import annotations

from functools import lru_cache

from ..model import Place


@lru_cache(maxsize=1)
def _district_parents() -> dict[int, str]:
    from .build import load_supplement

    return {p["id"]: p["parent"] for p in load_supplement()["places"] if p.get("parent")}


def location_name(place: Place) -> str:
    """ACLED's `location`: the town's name, or "City - District" for a curated district of a city."""
    parent = _district_parents().get(place.geonameid) if place.geonameid is not None else None
    if parent and place.feature_code == "PPLX":
        return f"{parent} - {place.name}"
    if place.feature_code in ("PCLI", "PCLH") and place.country:
        return place.country
    return place.name
