"""Features of the event typer: word n-grams, cue patterns (kept as data) and sentence embeddings.

The same code builds the features at training and at run time, so the two cannot drift apart.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import ResourceError

TOKEN_RE = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
# Digits carry no type information but make every casualty figure its own feature.
DIGITS_RE = re.compile(r"\d+")


@dataclass(frozen=True)
class Gram:
    feature: str
    start: int
    end: int


def grams(text: str) -> list[Gram]:
    """Unigrams and bigrams of the lower-cased text, with the character span of each."""
    low = text.lower()
    toks = [(DIGITS_RE.sub("0", m.group()), m.start(), m.end()) for m in TOKEN_RE.finditer(low)]
    out = [Gram(t, s, e) for t, s, e in toks]
    out += [Gram(f"{a[0]} {b[0]}", a[1], b[2]) for a, b in zip(toks, toks[1:])]
    return out


class NgramVectorizer:
    """Sublinear tf-idf over a fixed vocabulary, L2-normalised per text."""

    def __init__(self, vocab: list[str], idf: np.ndarray):
        self.vocab = list(vocab)
        self.index = {g: i for i, g in enumerate(self.vocab)}
        self.idf = np.asarray(idf, dtype=np.float32)

    @classmethod
    def fit(cls, texts: list[str], min_df: int = 2) -> "NgramVectorizer":
        df: dict[str, int] = {}
        for t in texts:
            for f in {g.feature for g in grams(t)}:
                df[f] = df.get(f, 0) + 1
        vocab = sorted(f for f, n in df.items() if n >= min_df)
        n = len(texts)
        idf = np.array([math.log((1 + n) / (1 + df[f])) + 1.0 for f in vocab], dtype=np.float32)
        return cls(vocab, idf)

    def transform(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), len(self.vocab)), dtype=np.float32)
        for row, text in enumerate(texts):
            counts: dict[int, int] = {}
            for g in grams(text):
                j = self.index.get(g.feature)
                if j is not None:
                    counts[j] = counts.get(j, 0) + 1
            if not counts:
                continue
            idx = np.fromiter(counts, dtype=np.int64)
            vals = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float32))) * self.idf[idx]
            out[row, idx] = vals / np.linalg.norm(vals)
        return out


@dataclass(frozen=True)
class CueHit:
    cue: int  # index into CueLexicon.cues
    label: str
    pattern: str
    start: int
    end: int


class CueLexicon:
    """Trigger patterns per sub-event type, read from a JSON data file."""

    def __init__(self, cues: list[tuple[str, str]]):
        self.cues = cues
        self._regexes = [re.compile(rf"(?<![\w-]){p}(?![\w-])", re.IGNORECASE) for _, p in cues]

    @classmethod
    def load(cls, path: Path) -> "CueLexicon":
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ResourceError("E310", f"cannot read the typing cue lexicon {path}: {exc}") from None
        cues = [(label, p) for label, pats in data.items() if not label.startswith("_") for p in pats]
        try:
            return cls(cues)
        except re.error as exc:
            raise ResourceError("E311", f"bad pattern in {path}: {exc}") from None

    def ids(self) -> list[str]:
        return [f"{label}\t{p}" for label, p in self.cues]

    def hits(self, text: str) -> list[CueHit]:
        out = []
        for i, rx in enumerate(self._regexes):
            for m in rx.finditer(text):
                if m.end() > m.start():
                    out.append(CueHit(i, self.cues[i][0], self.cues[i][1], m.start(), m.end()))
        return out

    def transform(self, texts: list[str]) -> tuple[np.ndarray, list[list[CueHit]]]:
        """Binary matrix (text x cue) and the hits per text."""
        out = np.zeros((len(texts), len(self.cues)), dtype=np.float32)
        all_hits = []
        for row, text in enumerate(texts):
            hs = self.hits(text)
            for h in hs:
                out[row, h.cue] = 1.0
            all_hits.append(hs)
        return out, all_hits
