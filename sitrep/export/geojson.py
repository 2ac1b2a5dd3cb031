"""Event records as an RFC 7946 GeoJSON FeatureCollection: one Point feature per located event.

Coordinates are [longitude, latitude] in WGS 84, the only order and datum RFC 7946 allows (so no
``crs`` member). An event without coordinates, or with coordinates outside the globe, has no place on a
map and is left out; the writer counts them for the command to report. Properties are the record's flat
fields (ACLED's names) plus ``event_id``, ``sources`` (article, outlet, URL and publication date of each
report behind the event) and ``claims``; the evidence spans, offsets into article texts a map has no use
for, are in the JSON Lines and Parquet exports. GDAL (and so QGIS) reads the nested ``sources`` and
``claims`` as JSON text fields.
"""
from __future__ import annotations

import json
import math
from collections.abc import Iterable
from typing import Any, TextIO

from ..model import ACLED_FIELDS
from .acled import acled_source, sources_of

PROPERTY_FIELDS: tuple[str, ...] = ("event_id", "article_id") + ACLED_FIELDS + ("confidence",)
SOURCE_FIELDS = ("article_id", "source", "url", "published")


def _coordinate(value: Any, limit: float) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    value = float(value)
    return value if math.isfinite(value) and -limit <= value <= limit else None


def feature(rec: dict) -> dict | None:
    """The GeoJSON Feature of ``rec``, or None when it has no usable coordinates."""
    lat, lon = _coordinate(rec.get("latitude"), 90.0), _coordinate(rec.get("longitude"), 180.0)
    if lat is None or lon is None:
        return None
    props = {k: rec.get(k) for k in PROPERTY_FIELDS}
    props["source"] = acled_source(rec)
    props["sources"] = [{k: s.get(k) for k in SOURCE_FIELDS} for s in sources_of(rec)]
    props["claims"] = rec.get("claims") or []
    out: dict[str, Any] = {"type": "Feature"}
    if rec.get("event_id") is not None:
        out["id"] = rec["event_id"]
    out["geometry"] = {"type": "Point", "coordinates": [lon, lat]}
    out["properties"] = props
    return out


def write_geojson(records: Iterable[dict], out: TextIO) -> tuple[int, int]:
    """Streams the collection, one feature per line; returns (features written, events left out)."""
    written = skipped = 0
    out.write('{"type": "FeatureCollection", "features": [')
    for rec in records:
        f = feature(rec)
        if f is None:
            skipped += 1
            continue
        # allow_nan=False: NaN or Infinity in a property would make the file invalid JSON.
        out.write(("," if written else "") + "\n" + json.dumps(f, ensure_ascii=False, allow_nan=False))
        written += 1
    out.write("\n]}\n")
    return written, skipped
