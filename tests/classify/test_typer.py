"""The shipped event typer on sentences written for these tests (not from any benchmark)."""
from __future__ import annotations

import shutil

import pytest

from sitrep.classify import Detection, EventTyper
from sitrep.classify.features import CueLexicon, NgramVectorizer, grams
from sitrep.classify.typer import RESOURCES, segments
from sitrep.errors import ResourceError
from sitrep.model import SUB_EVENT_TYPES


@pytest.fixture(scope="module")
def typer() -> EventTyper:
    return EventTyper.load()


CLEAR = [
    ("A suicide car bomb rammed into the gate of the army barracks in Gedo, killing eleven soldiers.", "Suicide bomb"),
    ("Army engineers defused a bomb found under a bridge outside Kismayo on Sunday.", "Disrupted weapons use"),
    ("Government troops recaptured the town of Ouro Sogui from the jihadists after a two-day battle.",
     "Government regains territory"),
    ("Unidentified men hurled a hand grenade into a bus stop in Mombasa, wounding four commuters.", "Grenade"),
    ("Doctors said dozens of patients were choking after chlorine gas was dropped on the suburb.", "Chemical weapon"),
    ("Riot police fired tear gas and water cannon to break up a student march in the capital.",
     "Protest with intervention"),
    ("Gunmen kidnapped fourteen farmers from their fields near Katsina and are demanding a ransom.",
     "Abduction/forced disappearance"),
    ("Artillery shells fired by the rebels landed on a market in Hajjah, killing three traders.",
     "Shelling/artillery/missile attack"),
]
NON_EVENTS = [
    "A strong earthquake shook the coastal province early on Tuesday, destroying hundreds of homes.",
    "The foreign ministers of both countries met in Doha to discuss trade and visas.",
    "Customs officers seized two tonnes of cannabis hidden in a lorry at the border post.",
]


def test_clear_sentences_get_their_acled_type(typer):
    results = typer.detect([t for t, _ in CLEAR])
    got = [dets[0].sub_event_type if dets else None for dets in results]
    assert got == [label for _, label in CLEAR]


def test_non_events_yield_nothing(typer):
    assert typer.detect(NON_EVENTS) == [[] for _ in NON_EVENTS]


# Acts told inside a statement or reported speech, and statements that tell no act.
REPORTED_ACTS = [
    ("The mayor said he was sickened by reports that the rebels have killed 19 members of a fishing community "
     "on the lake shore.", "Attack"),
    ("Federal police retook the market town of Example after a day of clashes with the insurgents, a ministry "
     "statement said.", "Government regains territory"),
]
STATEMENTS_WITHOUT_ACT = [
    "The insurgents have warned that they will kill anyone who votes in next month's election.",
    "We remain committed to the people of the region and will keep working with our partners for a lasting peace.",
]


def test_acts_told_in_reported_speech_get_their_type(typer):
    got = [dets[0].sub_event_type if dets else None for dets in typer.detect([t for t, _ in REPORTED_ACTS])]
    assert got == [label for _, label in REPORTED_ACTS]


def test_statements_and_threats_tell_no_act(typer):
    assert typer.detect(STATEMENTS_WITHOUT_ACT) == [[] for _ in STATEMENTS_WITHOUT_ACT]


def test_detection_fields_point_into_the_text(typer):
    text = CLEAR[3][0]
    det = typer.detect([text])[0][0]
    assert isinstance(det, Detection)
    assert det.event_type == SUB_EVENT_TYPES[det.sub_event_type] == "Explosions/Remote violence"
    assert 0.5 < det.confidence <= 1.0
    assert "grenade" in text[det.start:det.end].lower()
    assert any("grenade" in c.lower() for c in det.cues)


def test_two_separate_events_give_two_detections(typer):
    text = ("A suicide bomber blew himself up at a checkpoint in the north of the city. "
            "Separately, riot police fired tear gas to disperse hundreds of teachers protesting in the capital.")
    dets = typer.detect([text])[0]
    assert [d.sub_event_type for d in dets] == ["Suicide bomb", "Protest with intervention"]
    assert dets[0].end <= dets[1].start
    assert "tear gas" in text[dets[1].start:dets[1].end] or "disperse" in text[dets[1].start:dets[1].end]


def test_one_event_gives_one_detection(typer):
    text = "Protesters burned tyres and threw stones at the police, who fired tear gas to disperse them."
    assert len(typer.detect([text])[0]) == 1


def test_batch_keeps_order_and_handles_empty_input(typer):
    texts = [CLEAR[0][0], NON_EVENTS[0], CLEAR[1][0]]
    batch = typer.detect(texts)
    single = [typer.detect([t])[0] for t in texts]
    assert [[d.sub_event_type for d in ds] for ds in batch] == [[d.sub_event_type for d in ds] for ds in single]
    assert typer.detect([]) == []
    assert typer.detect([""]) == [[]]


def test_explain_names_top_class_and_cues(typer):
    out = typer.explain(CLEAR[2][0])
    first = out.splitlines()[0]
    assert "Government regains territory" in first and "recaptured" in first
    assert "no event" in typer.explain(NON_EVENTS[0]).lower()


def test_missing_model_raises_resource_error(tmp_path):
    shutil.copy(RESOURCES / "cues.json", tmp_path / "cues.json")
    with pytest.raises(ResourceError) as err:
        EventTyper.load(tmp_path)
    assert err.value.code == "E320"


def test_grams_and_cues_carry_character_spans():
    text = "Rebels overran the base; 12 soldiers died."
    gs = grams(text)
    assert all(text[g.start:g.end].lower().replace("12", "0") == g.feature.split(" ")[0] for g in gs if " " not in g.feature)
    assert any(g.feature == "overran the" for g in gs)
    lex = CueLexicon.load(RESOURCES / "cues.json")
    hits = [h for h in lex.hits(text) if h.label == "Non-state actor overtakes territory"]
    assert hits and text[hits[0].start:hits[0].end] == "overran"


def test_vectorizer_is_l2_normalised_and_ignores_unknown_words():
    vec = NgramVectorizer.fit(["rebels shelled the town", "rebels shelled the port", "army shelled the town"])
    m = vec.transform(["rebels shelled the town", "zzz qqq"])
    assert abs(float((m[0] ** 2).sum()) - 1.0) < 1e-5
    assert float(abs(m[1]).sum()) == 0.0


def test_segments_split_sentences_and_clauses():
    text = "Jets bombed the depot. Militants then attacked a police post, and kidnapped two officers."
    segs = segments(text)
    assert [s for s, _ in segs][0] == "Jets bombed the depot."
    assert all(text[o:o + len(s)] == s for s, o in segs)
    assert len(segs) == 3


def test_cascade_skips_the_transformer_only_when_the_light_model_is_sure(typer, monkeypatch):
    calls = []
    real = typer.encoder._encode  # both branches' one way into MiniLM
    monkeypatch.setattr(typer.encoder, "_encode", lambda texts, outputs: calls.append(list(texts)) or real(texts, outputs))
    texts = [t for t, _ in CLEAR] + NON_EVENTS
    scored = typer._score(texts)
    encoded = [t for batch in calls for t in batch]
    for text, s in zip(texts, scored):
        assert s.light == (text not in encoded)
        if s.light:
            assert s.probs.max() >= typer.light_min
    assert 0 < len(encoded) < len(texts)
