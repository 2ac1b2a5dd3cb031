"""Places: every toponym of the article, resolved, and the country the report is about."""
from __future__ import annotations

from collections import Counter

from ..nlp import ENTITY_PIPES
from ..pipeline import Document


def actor_countries(actors, text: str, published=None) -> Counter:
    """The countries of the armed groups and state forces a text names, where each belongs to one only:
    a short report often names its groups but not its country, and they say which Tripoli or Al Bayda
    it means. Each country counts once, as a country named once would."""
    if actors is None:
        return Counter()
    return Counter(actors.home_countries(text, published.year if published is not None else None))


def main_country(doc: Document) -> str | None:
    """The country most places of the body belong to (ties go to the first named). The nationality of
    an armed force ("Russian artillery", "Turkish drones") counts half: forces also fight abroad; the
    dateline's town counts only where nothing else does."""
    from ..geo.geocoder import BASED_AFTER
    from .arguments import dateline_span

    counts: Counter[str] = Counter()
    filed: Counter[str] = Counter()
    # The dateline's town is where the story was filed, often a bureau abroad ("BEIRUT" for a story
    # about Syria, "NAIROBI" for one about Somalia): it counts only when no other place names a country.
    dateline = dateline_span(doc.text) or (0, 0)
    for pm in doc.places:
        # "Rwanda-backed rebels", "the US-led coalition": the backer named is not where the story is.
        if pm.place and pm.place.country_code and not doc.is_excluded(pm.start, pm.end) \
                and getattr(pm, "kind", "") != "currency" and not BASED_AFTER.match(doc.text, pm.end):
            tally = filed if dateline[0] <= pm.start < dateline[1] else counts
            tally[pm.place.country_code] += 0.5 if getattr(pm, "of_force", False) else 1
    counts = counts or filed
    return counts.most_common(1)[0][0] if counts else None


class Places:
    name = "places"
    requires = ("article", "spacy_doc", "excluded")
    provides = ("places", "country")

    def __init__(self, geocoder, country_hint: str | None = None):
        self.geocoder = geocoder
        self.country_hint = country_hint or None

    def __call__(self, doc: Document) -> None:
        doc.places = self.geocoder.find(doc.text, doc=doc.spacy_doc, country_hint=self.country_hint)
        doc.country = self.country_hint or main_country(doc)


class PlaceNames:
    """The names that may be places, found without analysing the whole article: gazetteer matches,
    and the entity recogniser run only on the stretches around them (``Geocoder.ner_windows``).
    ``ResolvePlaces`` then picks the places; together they give what ``Places`` after a full
    ``Annotate`` gives. The spaCy half of finding places, split off so that a pipeline can keep
    every use of the model on one thread."""

    name = "place_names"
    requires = ("article",)
    provides = ("place_matches", "entities")

    def __init__(self, geocoder, nlp, batch_size: int = 32):
        self.geocoder = geocoder
        self.nlp = nlp
        self.batch_size = batch_size
        self.disable = [n for n in nlp.pipe_names if n not in ENTITY_PIPES]

    def __call__(self, doc: Document) -> None:
        self.run_many([doc])

    def run_many(self, docs: list[Document]) -> None:
        detector = self.geocoder.detector
        for d in docs:
            d.place_matches = detector.gazetteer_matches(d.text)
        # The windows of one article go to spaCy as one text, joined by blank lines: thousands of
        # tiny documents cost more in per-document overhead than the words they hold.
        pieces = [self.geocoder.ner_windows(d.text, d.place_matches) for d in docs]
        texts = [_WINDOW_GAP.join(d.text[a:b] for a, b in w) for d, w in zip(docs, pieces)]
        for doc, windows, sdoc in zip(docs, pieces, self.nlp.pipe(texts, batch_size=self.batch_size,
                                                                  disable=self.disable)):
            starts, offset = [], 0
            for a, b in windows:
                starts.append((offset, offset + b - a, a))
                offset += b - a + len(_WINDOW_GAP)
            doc.entities = []
            for e in sdoc.ents:
                for j0, j1, a in starts:
                    if j0 <= e.start_char and e.end_char <= j1:
                        doc.entities.append((a + e.start_char - j0, a + e.end_char - j0, e.label_))
                        break


class ResolvePlaces:
    """Places from ``PlaceNames``' matches and entities, and the country the report is about."""

    name = "places"
    requires = ("article", "place_matches", "entities", "excluded")
    provides = ("places", "country")

    def __init__(self, geocoder, country_hint: str | None = None, actors=None):
        self.geocoder = geocoder
        self.country_hint = country_hint or None
        self.actors = actors

    def __call__(self, doc: Document) -> None:
        year = doc.article.published.year if doc.article.published is not None else None
        found = self.geocoder.find(doc.text, ents=doc.entities, matches=doc.place_matches,
                                   country_hint=self.country_hint,
                                   context_countries=actor_countries(self.actors, doc.text, doc.article.published))
        doc.places = _not_group_names(found, self.actors.group_names(doc.text, year) if self.actors else [])
        doc.country = self.country_hint or main_country(doc)


def _not_group_names(places: list, groups: list[tuple[int, int, tuple[str, ...]]]) -> list:
    """The places that are not words of a group's name. "Fano militiamen" fought in an Ethiopian town:
    the name is the Amhara militia's, not the Italian town's. A place in a country the group is coded
    in stays ("Kachin" of the Kachin Independence Army is the state it fights in), and so do nationalities
    ("Kurdish" of the People's Protection Units), which other rules read."""
    if not groups:
        return places
    return [pm for pm in places if pm.place is None or getattr(pm, "kind", "toponym") != "toponym" or not any(
        s <= pm.start and pm.end <= e and pm.place.country_code not in countries for s, e, countries in groups)]


_WINDOW_GAP = "\n\n"
