"""Event records as HXL: the ACLED columns, with a second row of HXL hashtags for humanitarian tools.

The Humanitarian Exchange Language tags each column with a hashtag from its core list and free
attributes (hxlstandard.org). The tags are those of HDX's HXL-tagged ACLED data where it has one, so a tool built
for that data reads this file the same way: #date+occurred, #event+type and #event+type+sub, the sides as
#group+name+first and #group+name+second (HXL has no #actor hashtag; #group is its hashtag for a named
group of people), #adm1+name, #loc+name, #geo+lat and #geo+lon, #affected+killed, #meta+source,
#description for the notes. Every value is written as in the ACLED CSV, except ``timestamp``, which is
tagged #meta (not #date: HXL reads #date columns as dates, and it is a Unix time).
"""
from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from .acled import ACLED_COLUMNS, acled_row

HASHTAGS: dict[str, str] = {
    "data_id": "#meta+id",
    "iso": "#country+code+num",
    "event_id_cnty": "#event+code",
    "event_id_no_cnty": "#event+id",
    "event_date": "#date+occurred",
    "year": "#date+year",
    "time_precision": "#meta+time_precision",
    "event_type": "#event+type",
    "sub_event_type": "#event+type+sub",
    "actor1": "#group+name+first",
    "assoc_actor_1": "#group+name+first+assoc",
    "inter1": "#group+code+first",
    "actor2": "#group+name+second",
    "assoc_actor_2": "#group+name+second+assoc",
    "inter2": "#group+code+second",
    "interaction": "#event+code+interaction",
    "region": "#region+name",
    "country": "#country+name",
    "admin1": "#adm1+name",
    "admin2": "#adm2+name",
    "admin3": "#adm3+name",
    "location": "#loc+name",
    "latitude": "#geo+lat",
    "longitude": "#geo+lon",
    "geo_precision": "#meta+geo_precision",
    "source": "#meta+source",
    "source_scale": "#meta+source+scale",
    "notes": "#description",
    "fatalities": "#affected+killed",
    "timestamp": "#meta+timestamp",
    "iso3": "#country+code",
}


def write_hxl(records: Iterable[dict], out: TextIO, ingested=None) -> int:
    w = csv.writer(out)
    w.writerow(ACLED_COLUMNS)
    w.writerow(HASHTAGS[c] for c in ACLED_COLUMNS)
    n = 0
    for rec in records:
        row = acled_row(rec, ingested)
        w.writerow(row[c] for c in ACLED_COLUMNS)
        n += 1
    return n
