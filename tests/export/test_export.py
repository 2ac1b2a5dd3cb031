import csv
import io
import json

from sitrep.export import CSV_COLUMNS, write
from sitrep.model import Event

RECORDS = [Event("a1", "Battles", "Armed clash", event_date="2021-01-02", time_precision=1,
                 actor1="Military Forces of Somalia (2022-)", actor2="Al Shabaab", location="Bulo Burte",
                 admin1="Hiraan", country="Somalia", fatalities=3).to_record(),
           Event("a2", "Protests", "Peaceful protest", event_date="2021-01-03", time_precision=2,
                 actor1="Protesters (Kenya)", location="Mombasa", country="Kenya").to_record()]


def render(fmt):
    out = io.StringIO()
    n = write(iter(RECORDS), fmt, out)
    assert n == 2
    return out.getvalue()


def test_jsonl_and_json_carry_every_field():
    lines = render("jsonl").splitlines()
    assert [json.loads(l)["article_id"] for l in lines] == ["a1", "a2"]
    assert json.loads(render("json"))[0]["actor2"] == "Al Shabaab"


def test_csv_has_acled_columns():
    rows = list(csv.DictReader(io.StringIO(render("csv"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert rows[0]["fatalities"] == "3" and json.loads(rows[0]["evidence"]) == {}


def test_table_is_readable():
    table = render("table")
    lines = table.splitlines()
    assert lines[0].split()[:3] == ["date", "sub-event", "type"]
    assert "Bulo Burte, Hiraan, Somalia" in table
    assert "2021-01-03~2" in table
    assert lines[-1] == "2 events"
