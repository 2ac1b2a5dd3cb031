import pytest

from sitrep.errors import ConfigError
from sitrep.filters import FILTERS, where


ROWS = [
    ("a", "2024-01-05", "Battles", "Armed clash", "Sudan", "Khartoum", "Rapid Support Forces", "Military Forces", "",
     "Fighting in the capital.", "Example Wire", 15.5, 32.5),
    ("b", "2024-02-10", "Protests", "Peaceful protest", "Kenya", "Nairobi", "Protesters (Kenya)", "",
     "Teachers (Kenya)", "100% turnout claimed.", "Example Daily", -1.3, 36.8),
    ("c", None, "Riots", "Mob violence", "Kenya", "Mombasa", "Rioters (Kenya)", "", "", "", "", -4.0, 39.7),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A real store of three events of three articles, unlike in type, place and actors."""
    from sitrep.model import Article, Event
    from sitrep.store import Store

    st = Store(tmp_path_factory.mktemp("filters") / "s.db")
    for aid, date, etype, sub, country, admin1, actor1, actor2, assoc2, notes, source, lat, lon in ROWS:
        ev = Event(aid, etype, sub, event_date=date, time_precision=1 if date else None, actor1=actor1,
                   actor2=actor2, assoc_actor_2=assoc2, country=country, admin1=admin1, location=admin1,
                   latitude=lat, longitude=lon, geo_precision=1, notes=notes, source=source)
        st.add(Article(aid, f"Report {aid}: {notes or 'no notes'}"), [ev])
    yield st
    st.close()


@pytest.fixture()
def rows_matching(store):
    """The article ids of the events the filters select, run as SQL by the store."""
    def run(filters: dict) -> list[str]:
        return sorted(r["article_id"] for r in store.events(**filters))

    return run


def test_every_filter_is_one_sql_clause_with_bound_values(rows_matching):
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


def test_like_wildcards_in_a_value_are_plain_characters(rows_matching):
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
