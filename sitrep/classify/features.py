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

try:  # the regex parser of the standard library (sre_parse before Python 3.11)
    from re import _parser as _sre
except ImportError:  # pragma: no cover
    import sre_parse as _sre  # type: ignore[no-redef]

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


# Most texts hold none of a pattern's words: testing a pattern's literal opening with `in` first
# cut the cue scan, the typer's largest cost after MiniLM, about tenfold.
MAX_PREFIXES = 48


def _prefix_seq(items) -> tuple[set[str] | None, bool]:
    """Lower-cased literal strings that every match of a parsed pattern begins with, and whether the
    pattern matches exactly those strings (so what follows it may extend them)."""
    out = {""}
    for op, av in items:
        alts, complete = _prefix_item(op, av)
        if alts is None:
            return out, False
        longer = {p + a for p in out for a in alts}
        if len(longer) > MAX_PREFIXES:
            return out, False
        out = longer
        if not complete:
            return out, False
    return out, True


def _prefix_item(op, av) -> tuple[set[str] | None, bool]:
    if op is _sre.LITERAL:
        return {chr(av).lower()}, True
    if op is _sre.IN:
        if all(o is _sre.LITERAL for o, _ in av):
            return {chr(c).lower() for _, c in av}, True
        return None, False
    if op is _sre.SUBPATTERN:
        return _prefix_seq(av[-1])
    if op is _sre.BRANCH:
        alts: set[str] = set()
        complete = True
        for seq in av[1]:
            a, c = _prefix_seq(seq)
            if a is None:
                return None, False
            alts |= a
            complete &= c
        return alts, complete
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
        lo, hi, sub = av
        a, c = _prefix_seq(sub)
        if a is None or lo == 0:
            return ({""} | a if (a is not None and c and hi == 1) else {""}), bool(c and hi == 1 and a is not None)
        return a, False
    return None, False


OPENING_MIN, OPENING_MAX = 3, 8
WORD_START_RE = re.compile(r"(?<![\w-])\w+")


def _opening(prefix: str) -> str | None:
    word = re.match(r"\w*", prefix).group()
    return word[:OPENING_MAX] if len(word) >= OPENING_MIN else None


def literal_prefixes(pattern: str) -> tuple[str, ...] | None:
    """Strings one of which the lower-cased text must contain for the pattern to match; None when
    no prefix of three or more characters is certain."""
    try:
        alts, _ = _prefix_seq(_sre.parse(pattern, re.IGNORECASE))
    except Exception:  # an unusual construct: scan with the regex alone
        return None
    if not alts or min(len(a) for a in alts) < 3:
        return None
    keep: list[str] = []
    for a in sorted(alts, key=len):
        if not any(a.startswith(k) for k in keep):
            keep.append(a)
    return tuple(keep)


def cue_regex(pattern: str) -> re.Pattern:
    """A pattern of the typing data files as it is matched: case-insensitive, from a word start to a
    word end (a hyphen joins words: "pro-government" holds no cue "government")."""
    return re.compile(rf"(?<![\w-]){pattern}(?![\w-])", re.IGNORECASE)


def read_json(path: Path, code: str, what: str):
    """A typing data file's JSON, or a ResourceError with ``code`` naming ``what`` it is."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ResourceError(code, f"cannot read the typing {what} {path}: {exc}") from None


class CueLexicon:
    """Trigger patterns per sub-event type, read from a JSON data file."""

    def __init__(self, cues: list[tuple[str, str]]):
        self.cues = cues
        self._regexes = [cue_regex(p) for _, p in cues]
        self._prefixes = [literal_prefixes(p) for _, p in cues]
        # Inverted index: the opening letters of a pattern's first word -> patterns. A match starts
        # at a word start, so a pattern is only worth testing when some word of the text opens so.
        self._always: list[int] = []
        self._by_opening: dict[str, list[int]] = {}
        for i, pre in enumerate(self._prefixes):
            keys = {_opening(x) for x in pre} if pre else {None}
            if None in keys:
                self._always.append(i)
            else:
                for k in keys:
                    self._by_opening.setdefault(k, []).append(i)

    @classmethod
    def load(cls, path: Path) -> "CueLexicon":
        data = read_json(path, "E310", "cue lexicon")
        cues = [(label, p) for label, pats in data.items() if not label.startswith("_") for p in pats]
        try:
            return cls(cues)
        except re.error as exc:
            raise ResourceError("E311", f"bad pattern in {path}: {exc}") from None

    def ids(self) -> list[str]:
        return [f"{label}\t{p}" for label, p in self.cues]

    def hits(self, text: str) -> list[CueHit]:
        out = []
        low = text.lower()
        cand = set(self._always)
        for w in set(WORD_START_RE.findall(low)):
            for n in range(OPENING_MIN, min(len(w), OPENING_MAX) + 1):
                cand.update(self._by_opening.get(w[:n], ()))
        for i in sorted(cand):
            rx, pre = self._regexes[i], self._prefixes[i]
            if pre is not None and not any(p in low for p in pre):
                continue
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
