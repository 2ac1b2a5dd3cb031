"""The village table (resources/geo/localities.tsv.gz) and the script that derives it from Who's On First.

The sentences are written for these tests; the villages in them are real, with GeoNames' coordinates."""
from __future__ import annotations

import gzip
import importlib.util
import json
import math
import sys
from pathlib import Path

import pytest

from sitrep.errors import ResourceError
from sitrep.geo import Gazetteer, build

ROOT = Path(__file__).resolve().parents[2]


def _script():
    spec = importlib.util.spec_from_file_location("derive_localities", ROOT / "scripts" / "derive_localities.py")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(ROOT / "scripts"))
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gaz(tmp_path_factory):
    path = tmp_path_factory.mktemp("gaz") / "gaz.sqlite"
    Gazetteer.build(path, progress=False, only_countries={"SY", "IQ", "US"})
    return Gazetteer.open(path)


def _km(a, b, c, d):
    return 111.2 * math.hypot(a - c, (b - d) * math.cos(math.radians(a)))


def test_the_table_records_its_origin_and_licence():
    text = gzip.decompress(build.resource_path(build.LOCALITIES).read_bytes()).decode("utf-8")
    head = [line for line in text.splitlines() if line.startswith("#")]
    assert any("whosonfirst-data-admin-sy" in line for line in head)
    assert any("CC BY" in line for line in head)
    rows = build.read_localities()
    assert len(rows) > 20000
    assert {r[4] for r in rows} == {"SY", "IQ"}


def test_a_village_the_towns_file_lacks_is_found_with_its_governorate(gaz):
    dabiq = [p for p in gaz.lookup("Dabiq") if p.country_code == "SY"]
    assert dabiq and dabiq[0].feature_class == "P" and dabiq[0].admin1 == "Aleppo"
    assert _km(dabiq[0].latitude, dabiq[0].longitude, 36.54, 37.27) < 5


def test_a_town_of_the_towns_file_is_not_loaded_twice(gaz):
    gids = {int(r[0]) for r in build.read_localities()}
    manbij = gaz.lookup("Manbij")[0]
    assert manbij.population > 0 and manbij.geonameid not in gids
    assert [p.geonameid for p in gaz.lookup("Manbij")].count(manbij.geonameid) == 1


def test_a_village_named_in_a_report_about_syria_is_placed(geocoder, nlp):
    text = ("Turkish-backed rebels took the village of Dabiq, north of Aleppo, on Sunday after a week of "
            "fighting, a monitoring group said.")
    found = {m.text: m for m in geocoder.find(text, doc=nlp(text)) if m.place is not None}
    assert found["Dabiq"].place.country_code == "SY"
    assert _km(found["Dabiq"].place.latitude, found["Dabiq"].place.longitude, 36.54, 37.27) < 5


def _wof(folder: Path, gid: int, props: dict) -> None:
    """One record in Who's On First's layout: data/123/456/123456.geojson."""
    wof_id = 100000 + gid
    path = folder / "data" / str(wof_id)[:3] / str(wof_id)[3:] / f"{wof_id}.geojson"
    path.parent.mkdir(parents=True, exist_ok=True)
    base = {"wof:id": wof_id, "wof:placetype": "locality", "wof:country": "SY", "gn:geonameid": gid,
            "gn:latitude": 35.0, "gn:longitude": 37.0, "gn:admin1_code": "9.0", "gn:feature_code": "PPL",
            "gn:population": 0}
    path.write_text(json.dumps({"id": wof_id, "type": "Feature", "properties": base | props,
                                "geometry": {"type": "Point", "coordinates": [37.0, 35.0]}}), encoding="utf-8")


def test_the_script_keeps_living_villages_and_their_latin_names(tmp_path):
    repo = tmp_path / "whosonfirst-data-admin-sy"
    _wof(repo, 1, {"wof:name": "Tall Abyad Saghir", "gn:name": "Tall Abyaḑ Şaghīr", "gn:asciiname": "Tall Abyad Saghir",
                   "name:und_x_variant": ["Tell Abiad Saghir", "تل ابيض"], "name:kur_x_variant": ["Girê Spî"]})
    _wof(repo, 2, {"wof:name": "Khirbat Qadimah", "gn:feature_code": "PPLQ"})          # abandoned
    _wof(repo, 3, {"wof:name": "Old Record", "edtf:deprecated": "2019-01-01"})
    _wof(repo, 4, {"wof:name": "Jabal Hill", "wof:placetype": "county"})
    rows = _script().rows_of(repo)
    assert len(rows) == 1
    gid, name, lat, lon, cc, a1, fcode, pop, alternates = rows[0]
    assert (gid, name, cc, a1, fcode) == (1, "Tall Abyad Saghir", "SY", "SY.09", "PPL")
    # The accented name folds to the ASCII one; the Arabic spelling is no Latin name; a Kurdish spelling
    # would turn personal names into villages.
    assert alternates.split("|") == ["Tell Abiad Saghir"]


def test_the_script_output_is_what_the_gazetteer_reads(tmp_path):
    repo = tmp_path / "whosonfirst-data-admin-sy"
    _wof(repo, 7, {"wof:name": "Ayn Dara", "gn:asciiname": "Ayn Dara"})
    data = _script().derive([repo])
    assert data == _script().derive([repo])  # the same input gives the same bytes (--check relies on it)
    text = gzip.decompress(data).decode("utf-8")
    rows = [line.split("\t") for line in text.splitlines() if not line.startswith("#")]
    assert rows == [["7", "Ayn Dara", "35.00000", "37.00000", "SY", "SY.09", "PPL", "0", ""]]


def test_a_malformed_table_is_a_clear_error(tmp_path, monkeypatch):
    bad = tmp_path / "localities.tsv.gz"
    bad.write_bytes(gzip.compress(b"# header\n1\tOnly two fields\n"))
    monkeypatch.setattr(build, "resource_path", lambda name: bad)
    with pytest.raises(ResourceError) as err:
        build.read_localities()
    assert err.value.code == "E363"
    bad.write_bytes(b"not gzip at all")
    with pytest.raises(ResourceError) as err:
        build.read_localities()
    assert err.value.code == "E362"


def test_a_village_yields_to_a_town_of_the_same_name(gaz):
    # The town of Al Mahmudiyah (Baghdad governorate), not a hamlet spelt exactly "Mahmudiyah".
    gids, _ = gaz.candidates("Mahmudiyah")
    rows = gaz.rows_for(gids)
    assert rows and not any(r.village for r in rows if r.cc == "IQ")
    # A name that is a town elsewhere, spelt exactly so, is not a village here.
    assert not any(r.village for r in gaz.rows_for(gaz.candidates("Omar")[0]))


@pytest.mark.parametrize("text,name", [
    ("Mortar rounds landed in the Midan district of Aleppo on Tuesday, according to state media.", "Midan"),
    ("Omar said the library was the only place in Darayya where students still met.", "Omar"),
])
def test_a_city_district_or_a_personal_name_is_no_village(geocoder, nlp, text, name):
    found = {m.text: m for m in geocoder.find(text, doc=nlp(text))}
    assert name not in found or found[name].place is None or not gaz_is_village(geocoder, found[name].place.geonameid)


def gaz_is_village(geocoder, gid) -> bool:
    row = geocoder.gaz.row(gid)
    return bool(row and row.village)


def test_a_village_the_words_place_once_is_that_village_at_every_mention(geocoder, nlp):
    # The entity recogniser takes "Dabiq" for an organisation here; "the Syrian town of" says it is a place.
    text = ("The minister welcomed word that rebel fighters had entered the Syrian town of Dabiq after a short "
            "battle on Sunday. Dabiq carried great weight for the group, which had named its magazine after it.")
    found = [m for m in geocoder.find(text, doc=nlp(text)) if m.text == "Dabiq" and m.place is not None]
    assert [m.start for m in found][:1] == [text.index("Dabiq")]
    assert all(m.place.country_code == "SY" for m in found)
