from __future__ import annotations

import numpy as np
import pytest

from sitrep.classify import EventTyper
from sitrep.classify.tuned import FROZEN_OUTPUT

# Lengths from 3 to about 40 tokens, two of one length, and an empty text.
TEXTS = [
    "Shelling hit the market.",
    "Gunmen on motorbikes attacked a convoy of fuel tankers on the road north of the town on Monday, "
    "killing four drivers, a local official said.",
    "",
    "Protesters blocked the highway.",
    "Soldiers returned fire.",
    "The ministry said the drone struck a vehicle carrying two commanders near the border crossing.",
]


@pytest.fixture(scope="module")
def encoder():
    return EventTyper.load().encoder


def _padded_reference(encoder, texts: list[str]) -> np.ndarray:
    """Mean pooling over the real tokens of one padded batch, as sentence-transformers computes it."""
    feeds = encoder.feeds([t or " " for t in texts])
    session = encoder._session(False)
    hidden = session.run([FROZEN_OUTPUT], feeds)[0]
    mask = feeds["attention_mask"][:, :, None].astype(np.float32)
    pooled = (hidden * mask).sum(axis=1) / mask.sum(axis=1)
    return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


def test_embeddings_batched_by_length_equal_one_padded_batch(encoder):
    got = encoder.encode(TEXTS)
    want = _padded_reference(encoder, TEXTS)
    assert got.shape == (len(TEXTS), encoder.dim)
    # Padding to the longest text and masking gives the same vectors as batches with no padding.
    assert np.allclose(got[:, :384], want, atol=1e-4)


def test_embeddings_do_not_depend_on_the_other_texts_of_a_call(encoder):
    together = encoder.encode(TEXTS)
    alone = np.vstack([encoder.encode([t]) for t in TEXTS])
    assert np.allclose(together, alone, atol=1e-4)
    assert not np.allclose(together[0], together[1], atol=1e-2)


def test_long_texts_are_cut_at_the_token_limit(encoder):
    long = " ".join(["The convoy was attacked near the bridge."] * 60)
    cut = encoder.tokenizer.decode(encoder.feeds([long])["input_ids"][0].tolist(), skip_special_tokens=True)
    assert np.allclose(encoder.encode([long]), encoder.encode([cut]), atol=1e-3)
