import copy
import hashlib
import json

import jsonschema
import pytest

from .conftest import DATA, run_export

SCHEMA = json.loads((DATA / "geojson-FeatureCollection.schema.json").read_text(encoding="utf-8"))


def test_the_vendored_schema_is_the_published_one_unchanged():
    raw = (DATA / "geojson-FeatureCollection.schema.json").read_bytes()
    assert hashlib.sha256(raw).hexdigest() == "83e781f1513e447be9287b2180c300621f8b4c65245d7822a22fcf39431e0471"
    assert SCHEMA["$id"] == "https://geojson.org/schema/FeatureCollection.json"


def errors_of(doc) -> list[str]:
    validator = jsonschema.Draft7Validator(SCHEMA)
    return [e.message for e in validator.iter_errors(doc)]


@pytest.fixture(scope="module")
def exported(runner, store_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("geojson") / "events.geojson"
    result = run_export(runner, store_db, "geojson", out)
    assert result.exit_code == 0, result.output
    return out, result


def test_the_geojson_validates_against_the_official_schema(exported):
    out, _ = exported
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert errors_of(doc) == []
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) >= 10
    assert "crs" not in doc  # RFC 7946 removed it: WGS 84 is the only datum


def test_a_broken_collection_does_not_validate(exported):
    doc = json.loads(exported[0].read_text(encoding="utf-8"))
    for breakage in ("point-as-number", "no-properties", "string-coordinates"):
        bad = copy.deepcopy(doc)
        feature = bad["features"][0]
        if breakage == "point-as-number":
            feature["geometry"]["coordinates"] = feature["geometry"]["coordinates"][0]
        elif breakage == "no-properties":
            del feature["properties"]
        else:
            feature["geometry"]["coordinates"] = [str(c) for c in feature["geometry"]["coordinates"]]
        assert errors_of(bad), breakage


def test_points_are_longitude_then_latitude_and_unlocated_events_are_counted_out(exported, stored):
    out, result = exported
    doc = json.loads(out.read_text(encoding="utf-8"))
    located = {r["event_id"]: r for r in stored if r["latitude"] is not None}
    unlocated = len(stored) - len(located)
    assert unlocated >= 1  # the report that names no place
    assert f"{unlocated} event(s) without coordinates left out" in result.stderr
    assert {f["id"] for f in doc["features"]} == set(located)
    for f in doc["features"]:
        rec = located[f["id"]]
        assert f["geometry"] == {"type": "Point", "coordinates": [rec["longitude"], rec["latitude"]]}
        lon, lat = f["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert f["properties"]["event_date"] == rec["event_date"]
        assert [s["article_id"] for s in f["properties"]["sources"]] == [rec["article_id"]]
    kenya = [f for f in doc["features"] if f["properties"]["country"] == "Kenya"]
    assert kenya and all(33 < f["geometry"]["coordinates"][0] < 42 for f in kenya)  # east of Greenwich: lon first


def test_geojson_pydantic_reads_it_as_a_feature_collection_of_points(exported):
    from geojson_pydantic import FeatureCollection
    from pydantic import ValidationError

    text = exported[0].read_text(encoding="utf-8")
    fc = FeatureCollection.model_validate_json(text)
    assert {f.geometry.type for f in fc.features} == {"Point"}
    bad = json.loads(text)
    bad["features"][0]["geometry"]["type"] = "Pointe"
    with pytest.raises(ValidationError):
        FeatureCollection.model_validate(bad)


def test_gdal_opens_it_as_qgis_would(exported, stored):
    # QGIS opens vector files through GDAL/OGR; pyogrio carries the same GDAL and its GeoJSON driver.
    import pyogrio

    out, _ = exported
    info = pyogrio.read_info(out)
    located = [r for r in stored if r["latitude"] is not None]
    assert info["features"] == len(located)
    assert info["geometry_type"] == "Point" and info["crs"] == "EPSG:4326"
    assert {"event_date", "sub_event_type", "fatalities", "sources", "source"} <= set(info["fields"])
    _, _, geometry, fields = pyogrio.raw.read(out)
    names = list(info["fields"])
    dead = fields[names.index("fatalities")]
    assert sorted(int(x) for x in dead) == sorted(r["fatalities"] for r in located)
    sources = fields[names.index("sources")]
    assert all(json.loads(s)[0]["article_id"] for s in sources)  # nested arrays arrive as JSON text
    assert len(geometry) == len(located)
