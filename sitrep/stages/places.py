"""Places: every toponym of the article, resolved, and the country the report is about."""
from __future__ import annotations

from collections import Counter

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
