"""Derive sitrep/resources/geo/acled_regions.tsv: the region and ISO 3166 alpha-3 code ACLED gives each
country, for the `region` and `iso3` columns of `sitrep export --format acled-csv`.

ACLED assigns every country to one of its regions (its own list, close to the UN M49 sub-regions but with
a "Middle East"); Sitrep cannot infer that, so it is read from ACLED's coding. Reads the DEVELOPMENT part
only (``bench/acled/split.py`` ``read_part("dev")``: events up to 2020-05-04 of
``../shared/bench/acled/acled_2020_notes.csv``) and keeps only the columns country, iso, iso3 and region,
one line per country, never an event.

    .venv/bin/python scripts/derive_acled_regions.py           # rewrites the table
    .venv/bin/python scripts/derive_acled_regions.py --check   # exits 1 if the table would change
"""
from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench" / "acled"))

from split import read_part  # noqa: E402

import table_script  # noqa: E402  (scripts/, this script's folder)

OUT = ROOT / "sitrep" / "resources" / "geo" / "acled_regions.tsv"
HEADER = (
    "# ACLED's region and ISO codes of each country, as ACLED codes them (e.g. Romania's iso3 is ROM).\n"
    "# origin: ACLED 2020 export ../shared/bench/acled/acled_2020_notes.csv, development part only (events up to "
    "2020-05-04, bench/acled/split.py read_part('dev')), columns country, iso, iso3 and region, derived by "
    "scripts/derive_acled_regions.py (the most frequent reading per country); no ACLED row is kept.\n"
    "# iso\tiso3\tregion\tcountry\n"
)


def derive() -> str:
    seen: dict[str, Counter] = defaultdict(Counter)
    for row in read_part("dev"):
        if not (row["country"] and row["iso"] and row["iso3"] and row["region"]):
            continue  # one row of the file lacks its country columns
        seen[row["iso"]][(row["iso3"], row["region"], row["country"])] += 1
    lines = [HEADER]
    for iso in sorted(seen, key=int):
        iso3, region, country = seen[iso].most_common(1)[0][0]
        lines.append(f"{int(iso)}\t{iso3}\t{region}\t{country}\n")
    return "".join(lines)


def main() -> int:
    return table_script.run(derive, OUT, __doc__.splitlines()[0])


if __name__ == "__main__":
    sys.exit(main())
