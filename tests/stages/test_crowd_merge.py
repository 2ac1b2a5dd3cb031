"""One demonstration told over several sentences merges into one event coded by its most serious moment."""
from sitrep.model import Article, Event
from sitrep.pipeline import Document, Mention
from sitrep.stages.merge import Merge

TEXT = ("Hundreds of traders marched through Kumasi on Monday. Police fired tear gas to disperse them. "
        "Some of the marchers then burned tyres. In Accra, students held a vigil.")
TYPES = {"Peaceful protest": "Protests", "Protest with intervention": "Protests", "Violent demonstration": "Riots"}


def sentence(i):
    parts = TEXT.split(". ")
    start = sum(len(p) + 2 for p in parts[:i])
    return start, start + len(parts[i]) + 1


def mention(sub, i, place, actor1, inter1, **kw):
    ev = Event("a", TYPES[sub], sub, event_date="2024-05-06", time_precision=1, confidence=0.8, actor1=actor1,
               inter1=inter1, location=place, latitude=len(place), longitude=1.0, geo_precision=1, **kw)
    return Mention(TYPES[sub], sub, 0.8, sentence(i), sentence(i), event=ev)


def run(mentions):
    doc = Document(Article("a", TEXT))
    doc.sentences = [sentence(i) for i in range(4)]
    doc.mentions = mentions
    doc.events = [m.event for m in sorted(mentions, key=lambda m: m.sentence)]  # as Arguments sets them
    Merge()(doc)
    return doc.events


def test_a_dispersed_march_is_one_protest_with_intervention():
    events = run([mention("Peaceful protest", 0, "Kumasi", "Protesters (Ghana)", 6),
                  mention("Protest with intervention", 1, "Kumasi", "Protesters (Ghana)", 6,
                          actor2="Police Forces of Ghana", inter2=1)])
    assert [(e.sub_event_type, e.actor2) for e in events] == [("Protest with intervention", "Police Forces of Ghana")]


def test_a_march_that_turns_violent_is_a_riot_and_other_places_stay_apart():
    events = run([mention("Peaceful protest", 0, "Kumasi", "Protesters (Ghana)", 6),
                  mention("Protest with intervention", 1, "Kumasi", "Protesters (Ghana)", 6),
                  mention("Violent demonstration", 2, "Kumasi", "Rioters (Ghana)", 5),
                  mention("Peaceful protest", 3, "Accra", "Protesters (Ghana)", 6)])
    assert [(e.sub_event_type, e.actor1, e.location) for e in events] == [
        ("Violent demonstration", "Rioters (Ghana)", "Kumasi"), ("Peaceful protest", "Protesters (Ghana)", "Accra")]
