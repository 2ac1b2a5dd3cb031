import datetime as dt
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sitrep.errors import ConfigError
from sitrep.export.acled import sources_of
from sitrep.export.files import export
from sitrep.export.parquet import read_records

from .conftest import run_export


@pytest.fixture(scope="module")
def parquet_file(runner, store_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("parquet") / "events.parquet"
    result = run_export(runner, store_db, "parquet", out)
    assert result.exit_code == 0, result.output
    return out


def test_columns_are_typed(parquet_file):
    schema = pq.read_schema(parquet_file)
    assert schema.field("event_date").type == pa.date32()
    for name in ("event_id", "fatalities", "inter1", "interaction", "iso", "geo_precision", "time_precision"):
        assert schema.field(name).type == pa.int64(), name
    for name in ("latitude", "longitude", "confidence"):
        assert schema.field(name).type == pa.float64(), name
    for name in ("actor1", "country", "notes", "source", "evidence", "claims"):
        assert schema.field(name).type == pa.string(), name
    source = schema.field("sources").type
    assert pa.types.is_list(source) and source.value_type.field("seq").type == pa.int64()
    assert [f.name for f in source.value_type] == ["article_id", "seq", "source", "url", "published", "evidence"]


def test_the_file_round_trips_to_the_stored_records(parquet_file, stored):
    table = pq.read_table(parquet_file)
    assert table.num_rows == len(stored)
    assert isinstance(table.column("event_date")[0].as_py(), dt.date)
    expected = [{**r, "sources": sources_of(r)} for r in stored]
    assert read_records(parquet_file) == expected
    # pandas, as an analyst would read it: dates as dates, counts as integers
    df = table.to_pandas()
    assert df["fatalities"].dtype == "int64" and df["fatalities"].sum() == sum(r["fatalities"] for r in stored)


def test_records_with_several_sources_round_trip(tmp_path):
    merged = {"event_id": 3, "article_id": "a1", "event_date": "2023-03-13", "fatalities": 9, "latitude": 2.04,
              "longitude": 45.34, "source": "Example Wire; Example Radio",
              "evidence": {"location": [{"start": 1, "end": 9, "text": "Mogadishu"}]},
              "claims": [{"field": "fatalities", "value": 11, "claimed_by": "Example Radio"}],
              "sources": [{"article_id": "a1", "seq": 0, "source": "Example Wire", "url": "https://example.org/1",
                           "published": "2023-03-14", "evidence": {"location": [{"start": 1, "end": 9,
                                                                                 "text": "Mogadishu"}]}},
                          {"article_id": "a2", "seq": 2, "source": "Example Radio", "url": None,
                           "published": None, "evidence": {}}]}
    out = tmp_path / "m.parquet"
    assert export([merged], "parquet", str(out)).written == 1
    back = read_records(out)[0]
    assert back["sources"] == merged["sources"] and back["claims"] == merged["claims"]
    assert back["event_date"] == "2023-03-13" and back["fatalities"] == 9 and back["actor1"] is None


def test_an_empty_selection_still_writes_the_schema(runner, store_db, tmp_path):
    out = tmp_path / "none.parquet"
    result = run_export(runner, store_db, "parquet", out, "--country", "Atlantis")
    assert result.exit_code == 0, result.output
    assert pq.read_table(out).num_rows == 0 and pq.read_schema(out).field("event_date").type == pa.date32()


def test_without_pyarrow_parquet_is_a_clear_error_and_writes_nothing(monkeypatch, tmp_path):
    # None in sys.modules makes `import pyarrow` raise ImportError, as on an install without the extra.
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    out = tmp_path / "x.parquet"
    with pytest.raises(ConfigError) as err:
        export(iter([{"article_id": "a"}]), "parquet", str(out))
    assert err.value.code == "E600" and "sitrep[export]" in str(err.value)
    assert list(tmp_path.iterdir()) == []
