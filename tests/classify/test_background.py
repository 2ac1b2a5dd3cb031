"""Background sentences of long reports: the light model's "no event" spares MiniLM sooner."""
import numpy as np
import pytest

from sitrep.classify import EventTyper
from sitrep.classify.typer import BACKGROUND_NONE_MIN

# The light model calls this no event, but not surely enough to skip MiniLM for a text typed whole.
QUIET = "The governor visited the wounded in hospital on Tuesday, his office said."


@pytest.fixture(scope="module")
def typer():
    return EventTyper.load()


def _light_none(typer, text):
    ngr = typer.vec.transform([text])
    cue_m, _ = typer.cues.transform([text])
    return typer.light.probs(np.hstack([ngr, typer.beta * cue_m]), typer.none_idx, typer.none_bias)[0]


def test_a_background_sentence_the_light_model_calls_quiet_skips_minilm(typer, monkeypatch):
    p = _light_none(typer, QUIET)
    assert p.argmax() == typer.none_idx and BACKGROUND_NONE_MIN <= p[typer.none_idx] < typer.light_min
    encoded = []
    real = typer.encoder._encode  # both branches' one way into MiniLM
    monkeypatch.setattr(typer.encoder, "_encode", lambda texts, outputs: encoded.append(list(texts)) or real(texts, outputs))
    assert typer.detect([QUIET], [False]) == [[]] and encoded == [[QUIET]]
    encoded.clear()
    assert typer.detect([QUIET], [True]) == [[]] and encoded == []
    # An event sentence still goes through the whole cascade.
    shelled = "Rebels shelled the market in the old town on Monday, killing four people."
    assert typer.detect([shelled], [True])[0][0].event_type == "Explosions/Remote violence"
