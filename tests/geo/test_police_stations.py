"""A town named with its police station ("under Jiribam PS"), as South Asian police reports write the
place of an act, over the real, full gazetteer and spaCy model."""
import pytest

from sitrep.geo import Gazetteer


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.open(progress=False)


def _places(geocoder, nlp, text):
    return {m.text: m for m in geocoder.find(text, doc=nlp(text)) if m.place is not None}


@pytest.mark.parametrize("station", ["PS", "police station"])
def test_a_town_named_with_its_police_station_is_the_town(geocoder, nlp, station):
    """spaCy reads "Jiribam PS" as an organisation; the station bears its town's name, which is the place."""
    text = (f"A grenade was hurled at the house of a trader under Jiribam {station}, Jiribam District, "
            "late on Saturday night.")
    found = _places(geocoder, nlp, text)
    assert found["Jiribam"].place.country_code == "IN" and found["Jiribam"].place.precision == 1
