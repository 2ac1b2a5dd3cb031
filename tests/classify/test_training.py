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
    assert params["tune_top"] is True and params["tune_blend"] == 0.2 and params["tune_epochs"] == 4


def test_shipped_typer_runs_its_fine_tuned_layers():
    from sitrep.classify import EventTyper

    typer = EventTyper.load()
    assert typer.encoder.tuned is not None and typer.encoder.tuned.blend == 0.2
    assert (T.RESOURCES / T.TUNED_FILE).stat().st_size < 5_000_000
