import csv
import subprocess
import sys

import pandas as pd
import pytest

from sitrep.export.acled import ACLED_COLUMNS, acled_row, acled_source, iso3_and_region

from ..conftest import ROOT, SHARED
from .conftest import run_export

ACLED_2020 = SHARED / "bench" / "acled" / "acled_2020_notes.csv"


def test_the_column_list_is_the_header_of_acleds_own_export():
    if not ACLED_2020.exists():
        pytest.fail(f"ACLED's 2020 export is missing at {ACLED_2020}; the test reads its header from ../shared")
    with open(ACLED_2020, encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    assert tuple(header) == ACLED_COLUMNS


def test_the_region_table_is_what_the_script_derives_from_acleds_rows():
    done = subprocess.run([sys.executable, "scripts/derive_acled_regions.py", "--check"], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_acled_csv_of_the_examples_loads_with_pandas_with_acleds_columns(runner, ingested, stored, tmp_path):
    db, (first, last) = ingested
    out = tmp_path / "events.csv"
    result = run_export(runner, db, "acled-csv", out)
    assert result.exit_code == 0, result.output
    assert f"{len(stored)} event(s) written" in result.output
    df = pd.read_csv(out, keep_default_na=False, dtype=str)
    assert list(df.columns) == list(ACLED_COLUMNS)
    assert len(df) == len(stored) >= 10  # one row per stored event, the one without a place too
    by_id = {str(r["event_id"]): r for r in stored}
    for row in df.to_dict("records"):
        rec = by_id[row["event_id_no_cnty"]]
        assert row["event_date"] == rec["event_date"] and row["year"] == rec["event_date"][:4]
        assert row["data_id"] == "" and row["admin3"] == ""
        if rec["country"]:
            assert row["event_id_cnty"] == row["iso3"] + row["event_id_no_cnty"]
        assert first <= int(row["timestamp"]) <= last
        outlets = row["source"].split("; ")
        assert len(outlets) == len(set(outlets)) and outlets[0]
    regions = {r["country"]: (r["iso3"], r["region"]) for r in df.to_dict("records") if r["country"]}
    assert regions["Kenya"] == ("KEN", "Eastern Africa") and regions["Somalia"] == ("SOM", "Eastern Africa")
    assert regions["Iraq"] == ("IRQ", "Middle East") and regions["Sudan"] == ("SDN", "Northern Africa")
    numbers = pd.read_csv(out)  # pandas' own types: codes and counts come back as numbers
    assert numbers["fatalities"].dtype.kind == "i" and numbers["latitude"].dtype.kind == "f"


def test_standard_output_takes_the_same_rows(runner, store_db, tmp_path):
    to_file = tmp_path / "a.csv"
    assert run_export(runner, store_db, "acled-csv", to_file).exit_code == 0
    result = run_export(runner, store_db, "acled-csv", "-")
    assert result.exit_code == 0
    assert result.stdout.replace("\r\n", "\n") == to_file.read_text(encoding="utf-8").replace("\r\n", "\n")


def test_a_merged_event_lists_each_outlet_once_in_first_seen_order():
    merged = {"event_id": 7, "article_id": "a1", "iso": 706, "country": "Somalia", "event_date": "2023-03-13",
              "source": "Example Wire; Example Radio",
              "sources": [{"article_id": "a1", "seq": 0, "source": "Example Wire", "url": None, "published": None,
                           "evidence": {}},
                          {"article_id": "a2", "seq": 1, "source": "Example Radio", "url": None, "published": None,
                           "evidence": {}},
                          {"article_id": "a3", "seq": 0, "source": "example wire", "url": None, "published": None,
                           "evidence": {}},
                          {"article_id": "a4", "seq": 0, "source": "Coast Daily", "url": None, "published": None,
                           "evidence": {}}]}
    assert acled_source(merged) == "Example Wire; Example Radio; Coast Daily"
    seen = []
    row = acled_row(merged, lambda ids: seen.append(ids) or 1_700_000_000)
    assert seen == [["a1", "a2", "a3", "a4"]] and row["timestamp"] == 1_700_000_000
    assert (row["event_id_cnty"], row["region"], row["year"]) == ("SOM7", "Eastern Africa", "2023")


def test_a_record_without_sources_is_its_own_one_source():
    rec = {"article_id": "x", "source": "Example Wire; a local official", "iso": None, "event_date": None}
    assert acled_source(rec) == "Example Wire; a local official"
    row = acled_row(rec)
    assert row["event_id_cnty"] == "" and row["year"] == "" and row["timestamp"] == ""


def test_countries_acled_did_not_code_in_2020_get_geonames_iso3_and_no_region():
    assert iso3_and_region(642) == ("ROM", "Europe")  # ACLED's own code for Romania
    assert iso3_and_region(36) == ("AUS", "")  # Australia: no event in the 2020 rows the table comes from
    assert iso3_and_region(None) == ("", "")
