"""Sentences that continue an event's story (its toll in the next sentence), on text written for these tests."""
import datetime as dt

import pytest

from sitrep.model import Article, Event
from sitrep.pipeline import Pipeline
from sitrep.resources_loader import Resources
from sitrep.stages import Annotate, Clean, Places
from sitrep.stages.arguments import continuation


@pytest.fixture(scope="module")
def run():
    res = Resources.load({})
    pipe = Pipeline([Clean(), Annotate(res.nlp), Places(res.geocoder)])
    return lambda text: pipe(Article("t", text, published=dt.date(2024, 5, 3)))


def event_at(doc, name):
    pm = next(p for p in doc.places if p.text == name)
    return Event(article_id="t", event_type="Battles", sub_event_type="Armed clash",
                 latitude=pm.place.latitude, longitude=pm.place.longitude)


def test_the_next_sentences_continue_until_a_new_place_or_date(run):
    doc = run("On 3 May 2024, militants attacked an army post in Maiduguri. Four soldiers were killed. "
              "The army said reinforcements had arrived. In Kano, police arrested two men.")
    first = doc.sentences[0]
    got = [doc.text[s:e] for s, e in continuation(doc, first, event_at(doc, "Maiduguri"))]
    assert got == ["Four soldiers were killed.", "The army said reinforcements had arrived."]


def test_a_new_date_ends_the_story(run):
    doc = run("On 3 May 2024, gunmen raided a village near Gusau. On 5 May 2024, six people were killed nearby.")
    assert continuation(doc, doc.sentences[0], event_at(doc, "Gusau")) == []
