"""A place a distance is measured from ("some 30 kilometres from X"), over the real, full gazetteer
and spaCy model."""
import pytest

from sitrep.geo import Gazetteer


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.open(progress=False)


def test_a_town_a_distance_is_measured_from_is_a_place_though_read_as_a_person(geocoder, nlp):
    """spaCy reads "Ansongo" as a person; "30 kilometres from" says it is a place, with no other place
    in the text to vouch for its country."""
    text = "Rebels shelled an army post some 30 kilometres from Ansongo overnight."
    found = {m.text: m for m in geocoder.find(text, doc=nlp(text)) if m.place is not None}
    assert found["Ansongo"].place.country_code == "ML"


def test_a_person_with_no_distance_before_the_name_stays_a_person(geocoder, nlp):
    text = "Officials said Kelly met the governor on Monday."
    assert "Kelly" not in {m.text for m in geocoder.find(text, doc=nlp(text)) if m.place is not None}
