"""Each stage declares the Document fields it reads (``requires``) and sets (``provides``): checked
here against what the stages really read and set on real articles."""
from collections import defaultdict
from dataclasses import fields

import pytest

from sitrep.ingest import parse_text
from sitrep.pipeline import Document
from sitrep.stages import build_stages, place_stages

from ..conftest import ROOT

FIELDS = {f.name for f in fields(Document)} - {"error", "seconds"}  # those two are the Pipeline's


class Recording(Document):
    """A Document that notes, for the stage running now, each field read before the stage set it
    (a need) and each field set."""

    stage = None
    needs: dict = defaultdict(set)
    sets: dict = defaultdict(set)

    def __getattribute__(self, name):
        if name in FIELDS and Recording.stage is not None:
            if name not in Recording.sets[Recording.stage, id(self)]:
                Recording.needs[Recording.stage].add(name)
        return super().__getattribute__(name)

    def __setattr__(self, name, value):
        if name in FIELDS and Recording.stage is not None:
            Recording.sets[Recording.stage, id(self)].add(name)
            Recording.sets[Recording.stage].add(name)
        super().__setattr__(name, value)


def record(stages, articles):
    Recording.needs.clear()
    Recording.sets.clear()
    docs = [Recording(a) for a in articles]
    try:
        for stage in stages:
            Recording.stage = stage.name
            if hasattr(stage, "run_many"):
                stage.run_many(docs)
            else:
                for doc in docs:
                    stage(doc)
    finally:
        Recording.stage = None
    return docs


@pytest.fixture(scope="module")
def articles():
    found = [parse_text(p.read_text(encoding="utf-8"), article_id=p.stem) for p in sorted((ROOT / "examples").glob("*.txt"))]
    assert len(found) >= 4
    return found


@pytest.mark.parametrize("which", ["extract", "places", "places with parse"])
def test_stages_declare_what_they_read_and_set(resources, articles, which):
    stages = {"extract": lambda: build_stages(resources), "places": lambda: place_stages(resources),
              "places with parse": lambda: place_stages(resources, parse=True)}[which]()
    docs = record(stages, articles)
    assert sum(len(d.events) for d in docs) >= 4 or which != "extract"
    # Every field a stage read before setting it is declared; a stage may declare more that it reads
    # only when the text calls for it (a strike list, a condemned attack).
    unread = {s.name: sorted(set(Recording.needs[s.name]) - set(s.requires)) for s in stages}
    assert {k: v for k, v in unread.items() if v} == {}
    # A stage may set a field only when the text calls for it (a strike list, a condemned attack):
    # what it set on these reports must be declared, and what it declares must be a Document field.
    undeclared = {s.name: sorted(set(Recording.sets[s.name]) - set(s.provides)) for s in stages}
    assert {k: v for k, v in undeclared.items() if v} == {}
    assert all(set(s.provides) <= FIELDS for s in stages)
