"""Annotate: spaCy tokens, sentences, tags and dependency parse (and entities, unless disabled)."""
from __future__ import annotations

import re

from ..pipeline import Document
from ..spans import trim_span

_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
# "On 3 May, gunmen raided X, killing four; on 5 May, a convoy was ambushed near Y": an update or a
# chronicle that tells its acts day by day in one sentence. A clause after a semicolon that opens with a
# day of its own is told as a sentence of its own, so each act is typed, placed and counted apart.
_DATED_CLAUSE = re.compile(rf";\s+(?=(?:(?:late|early)\s+)?on\s+(?:\d{{1,2}}\s+{_MONTHS}|{_MONTHS}\s+\d{{1,2}}|"
                           r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\b)")


def split_dated_clauses(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for s, e in sentences:
        for m in _DATED_CLAUSE.finditer(text, s, e):
            out.append((s, m.start() + 1))
            s = m.end()
        out.append((s, e))
    return out


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
                doc.sentences = split_dated_clauses(doc.text, [trim_span(doc.text, s.start_char, s.end_char)
                                                               for s in sdoc.sents if s.text.strip()])
            else:
                doc.sentences = []
