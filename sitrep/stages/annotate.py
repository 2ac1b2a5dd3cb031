"""Annotate: spaCy tokens, sentences, entities and dependency parse."""
from __future__ import annotations

from collections.abc import Callable

from ..pipeline import Document
from ..spans import trim_span

# Components whose work only some sentences need: the attribute ruler turns tags into the coarse
# parts of speech the role finder reads around an event's trigger. Over a whole article it cost
# more than the parser (a Matcher and a Span per token), yet only the sentences that may hold an
# event are ever read.
DEFERRABLE = ("attribute_ruler",)


class Annotate:
    name = "annotate"
    requires = ("article",)
    provides = ("spacy_doc", "sentences")

    def __init__(self, nlp, batch_size: int = 32, defer: tuple[str, ...] = (),
                 select: Callable[[Document], list[tuple[int, int]]] | None = None):
        """``defer``: components (of DEFERRABLE) to run only over the sentences that ``select`` picks
        from each annotated document (none without ``select``; ``complete`` adds more later)."""
        self.nlp = nlp
        self.batch_size = batch_size
        unknown = [name for name in defer if name not in DEFERRABLE]
        if unknown:
            raise ValueError(f"only {DEFERRABLE} can be deferred, not {unknown}")
        self.deferred = [name for name in defer if name in nlp.pipe_names]
        self.select = select
        if select is not None:
            self.requires = ("article", "excluded", "headings")  # what the selection reads

    def __call__(self, doc: Document) -> None:
        self.run_many([doc])

    def run_many(self, docs: list[Document]) -> None:
        texts = (d.text for d in docs)
        for doc, sdoc in zip(docs, self.nlp.pipe(texts, batch_size=self.batch_size, disable=self.deferred)):
            doc.spacy_doc = sdoc
            if sdoc.has_annotation("SENT_START"):
                doc.sentences = [trim_span(doc.text, s.start_char, s.end_char) for s in sdoc.sents if s.text.strip()]
            else:
                doc.sentences = []
            if self.deferred and self.select is not None:
                self.complete(doc, self.select(doc))

    def complete(self, doc: Document, ranges: list[tuple[int, int]]) -> None:
        """Run the deferred components over the sentences that overlap these character ranges, each
        sentence once: afterwards their tokens are annotated as a full run would have left them."""
        if not self.deferred or doc.spacy_doc is None:
            return
        sdoc = doc.spacy_doc
        done = sdoc.user_data.setdefault("sitrep_completed", set())
        sents = list(sdoc.sents) if sdoc.has_annotation("SENT_START") else [sdoc[:]]
        todo = []
        for start, end in ranges:
            span = sdoc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            for sent in sents:
                if sent.start < span.end and span.start < sent.end and (sent.start, sent.end) not in done:
                    done.add((sent.start, sent.end))
                    todo.append(sent)
        for name in self.deferred:
            ruler = self.nlp.get_pipe(name)
            for sent in sorted(todo, key=lambda s: s.start):
                # The ruler's matcher reports offsets within the span; its rules touch single tokens
                # (a few two-word ones), so a sentence alone gets what the whole article would.
                matches = [(a, m, s + sent.start, e + sent.start) for a, m, s, e in ruler.match(sent)]
                ruler.set_annotations(sdoc, matches)
