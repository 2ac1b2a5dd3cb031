"""Whole reports (issue 14): an incident's place found from the words a sentence uses for a town or a
region, and one event for the parts of one act told across sentences.

Every report runs through the whole real pipeline (spaCy, the typer, the gazetteer). The texts are our
own; each is long enough to be read sentence by sentence."""
import datetime as dt

import pytest

from sitrep.model import Article

PUBLISHED = dt.date(2023, 5, 20)  # a Saturday
PADDING = "Officials gave no further details. Residents said shops had reopened in the afternoon."


@pytest.fixture(scope="module")
def pipeline():
    from sitrep.pipeline import default_pipeline

    return default_pipeline({})


def run(pipeline, body: str, source="Example Wire"):
    article = Article("t", body + "\n\n" + PADDING, published=PUBLISHED, source=source)
    doc = next(iter(pipeline.process([article])))
    assert doc.error is None
    return doc


def test_strikes_told_in_a_region_then_near_a_town_are_one_event_at_the_town(pipeline):
    # "Makhmour" is a spelling the gazetteer knows only by its loose key; "near" says it is a place.
    doc = run(pipeline, "Turkish warplanes bombed militant hideouts in the mountains of northern Iraq on Thursday, "
                        "killing nine fighters, the defence ministry said.\n\nThe strikes hit caves and ammunition "
                        "stores near Makhmour, the ministry said. The group did not comment.")
    assert [(e.sub_event_type, e.event_date, e.geo_precision, e.fatalities) for e in doc.events] == \
        [("Air/drone strike", "2023-05-18", 2, 9)]
    assert doc.events[0].admin1 and abs(doc.events[0].latitude - 35.78) < 0.1


def test_a_district_the_gazetteer_lacks_is_in_the_town_the_report_named(pipeline):
    doc = run(pipeline, "Government forces and rebels have fought over Homs for months.\n\nOn Thursday, a barrel "
                        "bomb hit a busy street in the Al-Qusour district, killing seven people, activists said. "
                        "Rescue workers searched the rubble into the night.\n\nToday, much of the city lies in "
                        "ruins after three years of fighting.")
    # The barrel bomb is dropped from the air; the years of fighting are a campaign, not an act of today.
    assert [(e.sub_event_type, e.location, e.event_date, e.fatalities) for e in doc.events] == \
        [("Air/drone strike", "Homs", "2023-05-18", 7)]


def test_a_condemned_assault_and_the_bomb_that_opened_it_are_one_battle_with_one_toll(pipeline):
    doc = run(pipeline, "The Foreign Minister has condemned the attack on an army post in Kandahar, in which at "
                        "least nine soldiers were killed.\n\nSpeaking on Saturday, the Minister said: \"I condemn "
                        "yesterday's attack in Kandahar, in which militants detonated a truck bomb at the gate of "
                        "the army base before storming it. My thoughts are with the families of the soldiers.\"",
              source="Example Government")
    assert [(e.sub_event_type, e.location, e.event_date, e.fatalities) for e in doc.events] == \
        [("Armed clash", "Kandahar", "2023-05-19", 9)]
