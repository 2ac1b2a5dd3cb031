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
