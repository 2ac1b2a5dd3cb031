"""The training script's sample weighting, and that the shipped model was trained with the script defaults."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import train_typing as T  # noqa: E402

# ACLED's notes are read from ../shared at run time, never kept in the repository.
needs_acled = pytest.mark.skipif(not T.ACLED_CSV.exists(), reason="ACLED 2020 notes not in ../shared")


def test_full_balance_gives_every_class_the_same_total_weight():
    y = np.array([0, 0, 0, 0, 1, 2, 2])
    w = np.array([1.0, 1.0, 4.0, 4.0, 1.0, 1.0, 4.0])
    out = T.balance(w, y, 1.0)
    totals = np.bincount(y, weights=out)
    assert np.allclose(totals, totals[0])
    # within a class the ratio between samples (our sentence vs dev snippet) is kept
    assert out[2] / out[0] == pytest.approx(4.0)


def test_half_balance_shrinks_but_keeps_the_order_of_class_totals():
    y = np.array([0] * 9 + [1])
    w = np.ones(10)
    totals = np.bincount(y, weights=T.balance(w, y, 0.5))
    assert totals[1] < totals[0] < 9.0
    assert totals[0] / totals[1] == pytest.approx(3.0)
    assert np.array_equal(T.balance(w, y, 0.0), w)


def test_shipped_model_records_the_script_defaults():
    meta = json.loads(str(np.load(T.RESOURCES / "model.npz")["meta"]))
    params = meta["params"]
    assert params["class_balance"] == 0.5 and params["own_weight"] == 1.5 and params["dev_weight"] == 4.0
    assert params["cv"] == 0 and params["holdout"] is None
    assert params["acled_weight"] == 0.5 and params["acled_until"] is None and not params["no_acled"]
    assert params["tune_top"] is False
    if T.ACLED_CSV.exists():  # every note of the development part, and none of the report part, was trained on
        assert meta["acled_notes"] == len(T.load_acled(T.ACLED_CSV))


def test_shipped_typer_runs_without_fine_tuned_layers():
    from sitrep.classify import EventTyper

    typer = EventTyper.load()
    assert typer.encoder.tuned is None
    assert not (T.RESOURCES / T.TUNED_FILE).exists()


@needs_acled
def test_acled_notes_are_read_from_the_development_part_only():
    notes = T.load_acled(T.ACLED_CSV)
    assert notes and max(r["day"] for r in notes) <= "2020-05-04"
    assert {r["label"] for r in notes} <= set(T.LABELS) - {T.NONE}
    early = T.load_acled(T.ACLED_CSV, until=T.dt.date(2020, 5, 1))
    late = T.load_acled(T.ACLED_CSV, after=T.dt.date(2020, 5, 1))
    assert len(early) + len(late) == len(notes)
    assert max(r["day"] for r in early) <= "2020-05-01" < min(r["day"] for r in late)


def test_acled_scores_count_no_event_as_wrong():
    gold = [{"label": "Attack"}, {"label": "Attack"}, {"label": "Armed clash"}, {"label": "Armed clash"}]
    s = T.acled_scores(gold, ["Attack", T.NONE, "Armed clash", "Armed clash"])
    assert s["coded_any"] == 0.75 and s["accuracy"] == 0.75
    # Attack: P 1, R 0.5 -> F1 2/3; Armed clash: F1 1
    assert s["weighted_f1"] == pytest.approx((2 / 3 + 1) / 2)
