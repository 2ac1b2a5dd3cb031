import csv

import hxl
import pytest

from sitrep.export.acled import ACLED_COLUMNS
from sitrep.export.hxl import HASHTAGS

from .conftest import run_export

LOCAL = hxl.input.InputOptions(allow_local=True)  # libhxl reads only URLs unless told otherwise


@pytest.fixture(scope="module")
def hxl_file(runner, store_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("hxl") / "events.csv"
    result = run_export(runner, store_db, "hxl", out)
    assert result.exit_code == 0, result.output
    return out


def test_one_hashtag_per_acled_column_in_acleds_order():
    assert tuple(HASHTAGS) == ACLED_COLUMNS
    assert all(tag.startswith("#") for tag in HASHTAGS.values())


def test_the_second_row_holds_the_hashtags(hxl_file, stored):
    with open(hxl_file, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert tuple(rows[0]) == ACLED_COLUMNS
    assert rows[1] == [HASHTAGS[c] for c in ACLED_COLUMNS]
    assert {"#date+occurred", "#event+type", "#adm1+name", "#loc+name", "#geo+lat", "#geo+lon", "#affected+killed",
            "#meta+source"} <= set(rows[1])
    assert len(rows) == 2 + len(stored)


def test_libhxl_reads_the_events_by_their_hashtags(hxl_file, stored):
    rows = list(hxl.data(str(hxl_file), LOCAL))
    assert len(rows) == len(stored)
    by_id = {str(r["event_id"]): r for r in stored}
    for row in rows:
        rec = by_id[row.get("#event+id")]
        assert row.get("#date+occurred") == rec["event_date"]
        assert row.get("#event+type+sub") == rec["sub_event_type"]
        assert row.get("#group+name+first") == rec["actor1"]
        assert int(row.get("#affected+killed")) == rec["fatalities"]
    # HXL's tag patterns match attributes: #event+type finds the type, not the sub-type, first
    assert {r.get("#event+type") for r in rows} == {r["event_type"] for r in stored}


def test_libhxls_default_schema_finds_no_error_and_would_find_one(hxl_file, tmp_path):
    report = hxl.validate(hxl.data(str(hxl_file), LOCAL))
    assert report["is_valid"], report["issues"]
    # The same check on a copy where a death toll is a word and a date is not a date must fail.
    lines = hxl_file.read_text(encoding="utf-8").splitlines()
    cells = next(csv.reader([lines[2]]))
    cells[ACLED_COLUMNS.index("fatalities")] = "many"
    cells[ACLED_COLUMNS.index("event_date")] = "the day before"
    broken = tmp_path / "broken.csv"
    with open(broken, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerows(csv.reader(lines[:2]))
        w.writerow(cells)
    bad = hxl.validate(hxl.data(str(broken), LOCAL))
    assert not bad["is_valid"]
    assert {i["tag_pattern"] for i in bad["issues"]} >= {"#date", "#affected"}
