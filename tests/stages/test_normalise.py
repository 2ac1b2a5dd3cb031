from sitrep.model import Article, Event
from sitrep.pipeline import Document, Mention
from sitrep.stages.normalise import most_salient_first

TEXT = ("Crowds marched through Alpha on Monday and guards held two of them at the gate. "
        "Rebels shelled Beta on Tuesday.")
UNIT_A = (0, 81)
UNIT_B = (82, len(TEXT))


def mention(sub, unit, confidence, **kw):
    et = {"Protest with intervention": "Protests", "Arrests": "Strategic developments",
          "Shelling/artillery/missile attack": "Explosions/Remote violence"}[sub]
    ev = Event("a", et, sub, confidence=confidence, **kw)
    return Mention(et, sub, confidence, unit, unit, event=ev)


def order(mentions):
    doc = Document(Article("a", TEXT))
    doc.mentions = mentions
    doc.events = [m.event for m in mentions]
    return [e.sub_event_type for e in most_salient_first(doc)]


def test_a_clause_event_never_precedes_the_type_of_its_whole_unit():
    primary = mention("Protest with intervention", UNIT_A, 0.45)
    clause = mention("Arrests", UNIT_A, 0.75, geo_precision=1)
    assert order([primary, clause]) == ["Protest with intervention", "Arrests"]


def test_events_of_different_units_go_by_salience():
    first = mention("Protest with intervention", UNIT_A, 0.45)
    other = mention("Shelling/artillery/missile attack", UNIT_B, 0.8)
    assert order([first, other]) == ["Shelling/artillery/missile attack", "Protest with intervention"]


def test_a_clause_event_still_outranks_weaker_events_of_other_units():
    primary = mention("Protest with intervention", UNIT_A, 0.9)
    clause = mention("Arrests", UNIT_A, 0.85)
    other = mention("Shelling/artillery/missile attack", UNIT_B, 0.5)
    assert order([other, primary, clause]) == [
        "Protest with intervention", "Arrests", "Shelling/artillery/missile attack"]


def test_the_pipeline_puts_the_whole_snippet_type_first(resources):
    from sitrep.pipeline import default_pipeline

    text = ("Residents of Gulu held a peaceful sit-in outside the district offices over land evictions, "
            "while soldiers detained two organisers near the gate.")
    detections = resources.typer.detect([text])[0]
    # The premise: the clause re-scored alone is more confident than the text read whole.
    assert len(detections) == 2 and detections[1].confidence > detections[0].confidence
    events = default_pipeline()(Article("g", text)).events
    # The whole text's type comes first; the arrests at the sit-in are its intervention (ACLED codes
    # arrests at a demonstration inside the demonstration), so they add no second event.
    assert events[0].sub_event_type == detections[0].sub_event_type
    assert [e.sub_event_type for e in events] in ([detections[0].sub_event_type],
                                                  [d.sub_event_type for d in detections])
