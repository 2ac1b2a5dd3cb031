from sitrep.model import Article, Claim, Event
from sitrep.pipeline import Document, Mention
from sitrep.stages.merge import Merge, mergeable

TEXT = ("Insurgents set off two car bombs in the Example district of Alpha on Saturday. "
        "The bombings were carried out by the Example Front. "
        "Troops destroyed two more car bombs in that area. "
        "The week's fighting killed 300 people across the province, a monitor said.")


def sentence(i):
    parts = TEXT.split(". ")
    start = sum(len(p) + 2 for p in parts[:i])
    return start, start + len(parts[i]) + 1


def event(sub, i, **kw):
    et = {"Suicide bomb": "Explosions/Remote violence", "Disrupted weapons use": "Strategic developments",
          "Armed clash": "Battles"}[sub]
    ev = Event("a", et, sub, event_date="2020-02-01", time_precision=1, confidence=0.9, **kw)
    return Mention(et, sub, 0.9, sentence(i), sentence(i), event=ev)


def located(**kw):
    return dict(location="Alpha - Example", latitude=1.0, longitude=2.0, geo_precision=1, country="X", **kw)


def run(mentions):
    doc = Document(Article("a", TEXT))
    doc.sentences = [sentence(i) for i in range(4)]
    doc.mentions = mentions
    doc.events = [m.event for m in mentions]
    Merge()(doc)
    return doc.events


def test_two_mentions_of_one_event_merge_and_keep_the_named_actor():
    a = event("Suicide bomb", 0, actor1="Unidentified Armed Group (X)", inter1=3, fatalities=4, **located())
    b = event("Suicide bomb", 1, actor1="Example Front", inter1=2, fatalities=3)
    events = run([a, b])
    assert len(events) == 1
    assert events[0].actor1 == "Example Front" and events[0].inter1 == 2
    assert events[0].location == "Alpha - Example"
    assert events[0].fatalities == 3  # the lowest figure reported


def test_a_mention_without_place_takes_the_place_just_before_it():
    a = event("Suicide bomb", 0, actor1="Example Front", inter1=2, **located())
    c = event("Disrupted weapons use", 2, actor1="Military Forces of X", inter1=1)
    events = run([a, c])
    assert [e.location for e in events] == ["Alpha - Example", "Alpha - Example"]


def test_one_named_group_resolves_unnamed_insurgents():
    a = event("Suicide bomb", 0, actor1="Example Front", inter1=2, **located())
    # Three sentences on: not a part of the bombing's incident, so it stays an event of its own.
    c = event("Armed clash", 3, actor1="Military Forces of X", inter1=1,
              actor2="Unidentified Armed Group (X)", inter2=3, **located())
    events = run([a, c])
    assert events[1].actor2 == "Example Front" and events[1].inter2 == 2


def test_vague_totals_are_not_events():
    d = event("Armed clash", 3, location="Province", latitude=1.0, longitude=2.0, geo_precision=3)
    d.event.time_precision = 2
    d.event.claims.append(Claim("fatalities", 300, "a monitor", Article("a", TEXT).span(0, 5), aggregate=True))
    assert run([d]) == []


def test_different_actors_do_not_merge():
    a = event("Suicide bomb", 0, actor1="Example Front", **located()).event
    b = event("Suicide bomb", 1, actor1="Other Front", **located()).event
    assert not mergeable(a, b)


def test_a_clause_naming_one_side_takes_the_other_from_the_same_incident():
    a = event("Suicide bomb", 0, actor1="Example Front", inter1=2, actor2="Military Forces of X", inter2=1, **located())
    c = event("Disrupted weapons use", 2, actor1="Military Forces of X", inter1=1, **located())
    elsewhere = event("Armed clash", 3, actor1="Military Forces of X", inter1=1, location="Beta", latitude=9.0,
                      longitude=9.0, geo_precision=1)
    events = run([a, c, elsewhere])
    assert (events[1].actor2, events[1].inter2) == ("Example Front", 2)
    assert events[2].actor2 == ""  # another place: no counterpart to borrow
