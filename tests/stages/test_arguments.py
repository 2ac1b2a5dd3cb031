import datetime as dt

import pytest

from sitrep.model import Article
from sitrep.stages.arguments import after_dateline


@pytest.mark.parametrize("text, rest", [
    ("KHARTOUM, April 17 (Reuters) - Fighting resumed on Monday.", "Fighting resumed on Monday."),
    ("KIRKUK, Iraq, Nov 8 - Militants attacked a post.", "Militants attacked a post."),
    ("Militants attacked a post on Nov 8 - officials said.", "Militants attacked a post on Nov 8 - officials said."),
])
def test_datelines_are_not_event_dates(text, rest):
    start, end = after_dateline(text, (0, len(text)))
    assert text[start:end] == rest


def test_a_report_codes_date_actors_place_and_deaths(resources):
    from sitrep.pipeline import default_pipeline

    text = ("ADEN, May 4 - Gunmen killed two soldiers at a checkpoint in Aden on Tuesday, a security official said.\n\n"
            "The attackers fled on motorcycles.")
    art = Article("t", text, published=dt.date(2021, 5, 5))
    events = default_pipeline({})(art).events
    assert events, "no event found"
    ev = events[0]
    assert ev.event_date == "2021-05-04" and ev.time_precision == 1
    assert ev.fatalities == 2
    assert ev.country == "Yemen" and ev.location.startswith("Aden")
    assert ev.actor2.startswith("Military Forces of Yemen")
    assert "a security official" in ev.source
    for spans in ev.evidence.values():
        for span in spans:
            assert text[span.start:span.end] == span.text
