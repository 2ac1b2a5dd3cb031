"""A river named after a place, or a place after a river, over the real, full gazetteer."""
import pytest

from sitrep.geo import Gazetteer


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.open(progress=False)


def _places(geocoder, nlp, text):
    return {m.text: m for m in geocoder.find(text, doc=nlp(text)) if m.place is not None}


def test_a_name_followed_by_river_is_the_river_not_the_town(geocoder, nlp):
    text = "Ferries stopped crossing the Dnipro river at Nikopol after shells fell on the landing on Tuesday."
    found = _places(geocoder, nlp, text)
    assert "Dnipro" not in found
    assert found["Nikopol"].place.country_code == "UA"


def test_the_town_itself_is_still_found_without_the_river(geocoder, nlp):
    text = "Shells fell on a bus depot in Dnipro on Tuesday, the regional governor said."
    assert _places(geocoder, nlp, text)["Dnipro"].place.country_code == "UA"
