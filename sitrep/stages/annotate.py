"""Annotate: spaCy tokens, sentences, tags and dependency parse (and entities, unless disabled)."""
from __future__ import annotations

from ..pipeline import Document
from ..spans import trim_span


class Annotate:
    """spaCy over whole articles. Coarse parts of speech are not set here: ``sitrep.pos`` gives
    them for the few tokens the role finder reads."""

    name = "annotate"
    requires = ("article",)
    provides = ("spacy_doc", "sentences")

    def __init__(self, nlp, batch_size: int = 32, disable: tuple[str, ...] = ()):
        """``disable``: components of ``nlp`` not to run (the entity pipes, when ``PlaceNames`` runs
        them on its own windows)."""
        self.nlp = nlp
        self.batch_size = batch_size
        self.disable = [name for name in disable if name in nlp.pipe_names]

    def __call__(self, doc: Document) -> None:
        self.run_many([doc])

    def run_many(self, docs: list[Document]) -> None:
        texts = (d.text for d in docs)
        for doc, sdoc in zip(docs, self.nlp.pipe(texts, batch_size=self.batch_size, disable=self.disable)):
            doc.spacy_doc = sdoc
            if sdoc.has_annotation("SENT_START"):
                doc.sentences = [trim_span(doc.text, s.start_char, s.end_char) for s in sdoc.sents if s.text.strip()]
            else:
                doc.sentences = []
