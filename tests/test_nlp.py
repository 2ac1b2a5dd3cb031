"""The spaCy set-up: our two entity rulers in front of the small English model's NER."""
from __future__ import annotations


def test_rulers_tag_our_names_and_respect_case(resources):
    nlp = resources.nlp
    assert nlp.pipe_names.index("entity_ruler") < nlp.pipe_names.index("ner")
    assert nlp.pipe_names.index("exact_entity_ruler") < nlp.pipe_names.index("ner")
    doc = nlp("Fighters of hayat tahrir al-sham and IS clashed in Jamiyat al-Zahraa. This is what residents said.")
    ents = {(e.text, e.label_, e.ent_id_) for e in doc.ents}
    assert ("hayat tahrir al-sham", "ORG", "Hayat Tahrir al-Sham") in ents
    assert ("IS", "ORG", "Islamic State") in ents
    assert ("Jamiyat al-Zahraa", "GPE", "") in ents  # a curated district: spaCy alone misses it
    assert not [e for e in doc.ents if e.text == "is"]
