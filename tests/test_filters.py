import sqlite3

import pytest

from sitrep.errors import ConfigError
from sitrep.filters import FILTERS, where


def rows_matching(filters: dict) -> list[str]:
    """The filters run as SQL on a real in-memory events table."""
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE events (article_id, event_date, event_type, sub_event_type, country, admin1, actor1, "
                "actor2, assoc_actor_1, assoc_actor_2, notes, location, source)")
    con.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
        ("a", "2024-01-05", "Battles", "Armed clash", "Sudan", "Khartoum", "Rapid Support Forces", "Military Forces",
         "", "", "Fighting in the capital.", "Khartoum", "Example Wire"),
        ("b", "2024-02-10", "Protests", "Peaceful protest", "Kenya", "Nairobi", "Protesters (Kenya)", "", "",
         "Teachers (Kenya)", "100% turnout claimed.", "Nairobi", "Example Daily"),
        ("c", None, "Riots", "Mob violence", "Kenya", "Mombasa", "Rioters (Kenya)", "", "", "", "", "Mombasa", ""),
    ])
    clause, args = where(filters)
    return [r[0] for r in con.execute("SELECT article_id FROM events" + clause + " ORDER BY article_id", args)]


def test_every_filter_is_one_sql_clause_with_bound_values():
    assert rows_matching({}) == ["a", "b", "c"]
    assert rows_matching({"country": "Kenya"}) == ["b", "c"]
    assert rows_matching({"admin1": "Mombasa"}) == ["c"]
    assert rows_matching({"event_type": "Armed clash"}) == ["a"] == rows_matching({"event_type": "Battles"})
    assert rows_matching({"actor": "TEACHERS"}) == ["b"]  # associated actors too, in any case
    assert rows_matching({"text": "capital"}) == ["a"] and rows_matching({"text": "example"}) == ["a", "b"]
    assert rows_matching({"since": "2024-02-01"}) == ["b"] and rows_matching({"until": "2024-02-01"}) == ["a"]
    assert rows_matching({"article_id": "c"}) == ["c"]
    assert rows_matching({"country": "Kenya", "until": "2024-12-31"}) == ["b"]  # an undated event has no day to pass
    assert rows_matching({"country": "", "actor": None}) == ["a", "b", "c"]  # empty means not given


def test_like_wildcards_in_a_value_are_plain_characters():
    assert rows_matching({"text": "100%"}) == ["b"]
    assert rows_matching({"text": "%"}) == ["b"] and rows_matching({"actor": "_"}) == []
    assert rows_matching({"country": "K%"}) == []  # exact filters never were patterns
    assert rows_matching({"text": "x' OR '1'='1"}) == []


def test_bad_values_are_coded_errors():
    for bad, code in (({"since": "2024-02-30"}, "E605"), ({"until": "yesterday"}, "E605"),
                      ({"since": "2024-03-01", "until": "2024-02-01"}, "E605"), ({"region": "Europe"}, "E604")):
        with pytest.raises(ConfigError) as err:
            where(bad)
        assert err.value.code == code, bad


def test_the_table_names_each_option_once():
    assert len({f.option for f in FILTERS}) == len(FILTERS) == len({f.name for f in FILTERS})
