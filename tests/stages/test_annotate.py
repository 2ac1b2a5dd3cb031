from sitrep.model import Article
from sitrep.pipeline import Document
from sitrep.stages.annotate import Annotate


def test_real_spacy_splits_headline_and_body_sentences(nlp):
    text = "Clashes erupt near the port\n\nFighting broke out on Monday. Two soldiers died on Tuesday."
    doc = Document(Article("a", text))
    Annotate(nlp)(doc)
    sentences = [text[s:e] for s, e in doc.sentences]
    assert sentences == ["Clashes erupt near the port", "Fighting broke out on Monday.", "Two soldiers died on Tuesday."]
    assert doc.spacy_doc.text == text


def test_batch_annotation_keeps_documents_apart(nlp):
    docs = [Document(Article(str(i), f"Soldiers reached the town number {i}.")) for i in range(5)]
    Annotate(nlp, batch_size=2).run_many(docs)
    assert [d.spacy_doc.text for d in docs] == [d.text for d in docs]


REPORT = ("Clashes erupt near the port\n\n"
          "Militants attacked an army post near the port on Monday, killing three soldiers. "
          "The port handles most of the country's grain. "
          "Residents said the town was quiet by evening.")


def test_deferred_parts_of_speech_only_on_selected_sentences_and_as_a_full_run_sets_them(nlp):
    from sitrep.stages.annotate import DEFERRABLE

    full = Document(Article("f", REPORT))
    Annotate(nlp)(full)
    picked = full.sentences[1]
    doc = Document(Article("d", REPORT))
    Annotate(nlp, defer=DEFERRABLE, select=lambda d: [picked])(doc)
    assert doc.sentences == full.sentences
    inside = [t for t in doc.spacy_doc if picked[0] <= t.idx < picked[1]]
    assert inside and [t.pos_ for t in inside] == [full.spacy_doc[t.i].pos_ for t in inside]
    assert any(t.pos_ == "VERB" for t in inside)
    # The other sentences were parsed but not given parts of speech: the saving is real.
    later = [t for t in doc.spacy_doc if t.idx >= picked[1] and not t.is_space]
    assert later and all(t.pos_ == "" for t in later)
    assert [(t.dep_, t.head.i) for t in doc.spacy_doc] == [(t.dep_, t.head.i) for t in full.spacy_doc]
    # Asking again for a sentence already done, or for the next one, fills in only what is missing.
    Annotate(nlp, defer=DEFERRABLE).complete(doc, [full.sentences[2]])
    assert [t.pos_ for t in doc.spacy_doc if full.sentences[2][0] <= t.idx < full.sentences[2][1]] == \
        [t.pos_ for t in full.spacy_doc if full.sentences[2][0] <= t.idx < full.sentences[2][1]]


def test_only_the_attribute_ruler_can_be_deferred(nlp):
    import pytest

    with pytest.raises(ValueError):
        Annotate(nlp, defer=("parser",))
