"""Places: every toponym of the article, resolved, and the country the report is about."""
from __future__ import annotations

from collections import Counter

from ..nlp import ENTITY_PIPES
from ..pipeline import Document


def main_country(doc: Document) -> str | None:
    """The country most places of the body belong to (ties go to the first named)."""
    counts: Counter[str] = Counter()
    for pm in doc.places:
        if pm.place and pm.place.country_code and not doc.is_excluded(pm.start, pm.end):
            counts[pm.place.country_code] += 1
    return counts.most_common(1)[0][0] if counts else None


class Places:
    name = "places"
    requires = ("spacy_doc", "excluded")
    provides = ("places", "country")

    def __init__(self, geocoder, country_hint: str | None = None):
        self.geocoder = geocoder
        self.country_hint = country_hint or None

    def __call__(self, doc: Document) -> None:
        doc.places = self.geocoder.find(doc.text, doc=doc.spacy_doc, country_hint=self.country_hint)
        doc.country = self.country_hint or main_country(doc)


class FindPlaces:
    """Places without the rest of the analysis (``sitrep places``): the entity recogniser reads only
    the stretches around gazetteer matches (``Geocoder.ner_windows``), not the whole article, and
    no tagger or parser runs. ``Places`` after ``Annotate`` gives the same places in a full run."""

    name = "places"
    requires = ("excluded",)
    provides = ("places", "country")

    def __init__(self, geocoder, nlp, country_hint: str | None = None, batch_size: int = 32):
        self.geocoder = geocoder
        self.nlp = nlp
        self.country_hint = country_hint or None
        self.batch_size = batch_size
        self.disable = [n for n in nlp.pipe_names if n not in ENTITY_PIPES]

    def __call__(self, doc: Document) -> None:
        self.run_many([doc])

    def run_many(self, docs: list[Document]) -> None:
        detector = self.geocoder.detector
        matches = [detector.gazetteer_matches(d.text) for d in docs]
        # The windows of one article go to spaCy as one text, joined by blank lines: thousands of
        # tiny documents cost more in per-document overhead than the words they hold.
        pieces = [self.geocoder.ner_windows(d.text, m) for d, m in zip(docs, matches)]
        texts = [_WINDOW_GAP.join(d.text[a:b] for a, b in w) for d, w in zip(docs, pieces)]
        ents: list[list[tuple[int, int, str]]] = [[] for _ in docs]
        for i, sdoc in enumerate(self.nlp.pipe(texts, batch_size=self.batch_size, disable=self.disable)):
            starts, offset = [], 0
            for a, b in pieces[i]:
                starts.append((offset, offset + b - a, a))
                offset += b - a + len(_WINDOW_GAP)
            for e in sdoc.ents:
                for j0, j1, a in starts:
                    if j0 <= e.start_char and e.end_char <= j1:
                        ents[i].append((a + e.start_char - j0, a + e.end_char - j0, e.label_))
                        break
        for doc, found, doc_ents in zip(docs, matches, ents):
            doc.places = self.geocoder.find(doc.text, ents=doc_ents, matches=found, country_hint=self.country_hint)
            doc.country = self.country_hint or main_country(doc)


_WINDOW_GAP = "\n\n"
