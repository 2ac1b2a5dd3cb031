"""Places stages: the quick `sitrep places` path against the full annotate-then-geocode path."""
from __future__ import annotations

from sitrep.model import Article
from sitrep.pipeline import Pipeline
from sitrep.stages import place_stages

REPORT = (
    "Shelling hit two villages outside Kirkuk on Monday, local officials said.\n"
    "The governor of Kirkuk province told reporters in the city that families had fled towards Erbil "
    "and Sulaymaniyah overnight. A spokesman for the ministry in Baghdad would not comment on the "
    "number of people hurt, and said a committee would look into what had happened and report back "
    "to parliament within the month. Aid convoys left Mosul for the area on Tuesday. Counting the damaged "
    "homes would take several weeks, because engineers had to inspect each building before the families "
    "who lived there could be allowed to return to it for good."
)


def _places(stages, text):
    doc = next(iter(Pipeline(stages).process([Article.from_dict({"id": "r", "text": text})])))
    return [(m.start, m.end, m.text, m.place.geonameid if m.place else None) for m in doc.places], doc.country


def test_quick_places_match_the_full_analysis(resources):
    quick, quick_country = _places(place_stages(resources), REPORT)
    full, full_country = _places(place_stages(resources, parse=True), REPORT)
    assert [t for _, _, t, _ in quick] == ["Kirkuk", "Kirkuk province", "Erbil", "Sulaymaniyah", "Baghdad", "Mosul"]
    assert quick == full and quick_country == full_country == "IQ"


def test_ner_windows_cover_each_match_and_skip_text_far_from_any(resources):
    geocoder = resources.geocoder
    matches = geocoder.detector.gazetteer_matches(REPORT)
    windows = geocoder.ner_windows(REPORT, matches)
    for m in matches:
        assert any(a <= m.start and m.end <= b for a, b in windows), m.text
    assert all(a < b for a, b in windows) and all(b1 < a2 for (_, b1), (a2, _) in zip(windows, windows[1:]))
    # Windows hold whole words.
    for a, b in windows:
        assert a == 0 or REPORT[a - 1].isspace()
        assert b == len(REPORT) or REPORT[b].isspace()
    covered = sum(b - a for a, b in windows)
    assert covered < 0.8 * len(REPORT)
    assert "engineers" not in " ".join(REPORT[a:b] for a, b in windows)  # far from any name
