"""Annotate: spaCy tokens, sentences, entities and dependency parse."""
from __future__ import annotations

from ..pipeline import Document


class Annotate:
    name = "annotate"
    requires = ("article",)
    provides = ("spacy_doc", "sentences")

    def __init__(self, nlp, batch_size: int = 32):
        self.nlp = nlp
        self.batch_size = batch_size

    def __call__(self, doc: Document) -> None:
        self.run_many([doc])

    def run_many(self, docs: list[Document]) -> None:
        for doc, sdoc in zip(docs, self.nlp.pipe((d.text for d in docs), batch_size=self.batch_size)):
            doc.spacy_doc = sdoc
            doc.sentences = [trimmed(s.start_char, s.end_char, doc.text) for s in sdoc.sents if s.text.strip()]


def trimmed(start: int, end: int, text: str) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
