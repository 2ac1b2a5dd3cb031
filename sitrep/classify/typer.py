"""Event mention detection and typing: ACLED's 25 sub-event types, or no event.

A linear classifier over three blocks of features (MiniLM sentence embedding, word n-grams,
trigger cues from sitrep/resources/typing/cues.json) trained by scripts/train_typing.py.
The model is a numpy archive; nothing here needs scikit-learn or a network.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import ResourceError
from ..model import SUB_EVENT_TYPES
from .embed import MiniLMEncoder
from .features import CueHit, CueLexicon, NgramVectorizer, grams
from .precedence import Precedence
from .tuned import TunedTop

NONE = "NONE"
RESOURCES = Path(__file__).resolve().parent.parent / "resources" / "typing"
# Optional: MiniLM's top layers fine-tuned for typing (scripts/tune_top.py), blended into the full model.
TUNED_FILE = "tuned_top.npz"
# ACLED's precedence between sub-event types (precedence.py); a model directory may carry its own.
PRECEDENCE_FILE = "precedence.json"
# A second event in the same text must stand on its own clause with at least this confidence.
SECOND_MIN = 0.5
# ... and the whole text must already give its type some probability (keeps clause re-scoring rare).
SECOND_PRIOR = 0.005
MAX_SECOND = 2
# A background sentence of a long report (picked for a trigger word it holds): the light model's
# "no event" is trusted from this probability on, not only from light_min. On 217 news-bench
# articles it spared MiniLM 581 of 1,896 sentences with the same detections; on 120 GeoWebNews
# articles, 66 of 261, dropping two weak events (a quote, a generic remark). Short texts
# (snippets, coder notes), typed whole, keep the full cascade.
BACKGROUND_NONE_MIN = 0.6
# Event types that describe one crowd: a protest turning violent is one event, not a protest plus a riot.
SAME_EVENT = {"Protests": "crowd", "Riots": "crowd"}
SEGMENT_RE = re.compile(r"(?<=[.;!?])\s+|,?\s+(?:and|while|as|after|before)\s+(?=\w+\s+\w+)")


@dataclass
class Detection:
    event_type: str
    sub_event_type: str
    confidence: float
    start: int  # evidence span (trigger words), offsets into the text given to detect()
    end: int
    cues: list[str] = field(default_factory=list)  # words and rules that led to the type


@dataclass
class _Scored:
    probs: np.ndarray
    cue_hits: list[CueHit]
    ngram_idx: np.ndarray
    ngram_val: np.ndarray
    W: np.ndarray  # weights of the model that scored the text, rows = n-grams then cues
    light: bool  # scored by the light model alone


@dataclass(frozen=True)
class LinearModel:
    """Softmax regression; W rows follow the feature blocks [embedding?, n-grams, cues]."""

    W: np.ndarray
    b: np.ndarray

    def probs(self, X: np.ndarray, none_idx: int, none_bias: float) -> np.ndarray:
        z = X @ self.W + self.b
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p[:, none_idx] *= none_bias
        return p / p.sum(axis=1, keepdims=True)


class EventTyper:
    """Two linear models in cascade: a light one on n-grams and cues, trusted when it is sure
    (probability >= light_min), else the full one, which adds the MiniLM embedding. The light
    model spares the transformer on the plainest texts."""

    def __init__(self, encoder: MiniLMEncoder, cues: CueLexicon, vectorizer: NgramVectorizer, full: LinearModel,
                 light: LinearModel, light_min: float, labels: list[str], alpha: float, beta: float,
                 none_bias: float, precedence: Precedence | None = None):
        self.encoder, self.cues, self.vec = encoder, cues, vectorizer
        self.precedence = precedence or Precedence()
        lacking = self.precedence.labels - set(labels)
        if lacking:
            raise ResourceError("E224", f"precedence rules name sub-event types the typing model lacks: {sorted(lacking)}")
        self.full, self.light, self.light_min, self.labels = full, light, light_min, labels
        self.alpha, self.beta, self.none_bias = alpha, beta, none_bias
        self.none_idx = labels.index(NONE)
        self.emb_dim = full.W.shape[0] - light.W.shape[0]
        self._cue_off = len(vectorizer.vocab)  # within the n-gram + cue rows

    @classmethod
    def load(cls, directory: Path | None = None, threads: int | None = None) -> "EventTyper":
        """``threads``: onnxruntime's threads for MiniLM (default: OMP_NUM_THREADS, else one per core)."""
        return _load(Path(directory) if directory else RESOURCES, threads)

    # -------------------------------------------------------------- scoring
    def _score(self, texts: list[str], background: list[bool] | None = None,
               plain_only: list[bool] | None = None) -> list[_Scored]:
        """``plain_only[i]``: text i gets no fine-tuned opinion. The fine-tuned layers speak on short
        texts typed whole (snippets, coder notes), where cross-validation measured their gain, and not
        on the sentences of a long report or their clauses: there they would add a third to MiniLM's
        work on every sentence, and MiniLM is most of a report's cost."""
        ngr = self.vec.transform(texts)
        cue_m, hits = self.cues.transform(texts)
        X_light = np.hstack([ngr, self.beta * cue_m])
        p = self.light.probs(X_light, self.none_idx, self.none_bias)
        sure = p.max(axis=1) >= self.light_min
        if background is not None:
            sure |= np.asarray(background, dtype=bool) & (p.argmax(axis=1) == self.none_idx) \
                & (p[:, self.none_idx] >= BACKGROUND_NONE_MIN)
        unsure = np.nonzero(~sure)[0]
        if len(unsure):
            p[unsure] = self._full_probs([texts[i] for i in unsure], X_light[unsure],
                                         None if plain_only is None else np.asarray(plain_only, dtype=bool)[unsure])
        full_rows = set(unsure.tolist())
        out = []
        for i in range(len(texts)):
            idx = np.nonzero(ngr[i])[0]
            W = self.full.W[self.emb_dim:] if i in full_rows else self.light.W
            out.append(_Scored(p[i], hits[i], idx, ngr[i, idx], W, i not in full_rows))
        return out

    def _full_probs(self, texts: list[str], X_light: np.ndarray, plain_only: np.ndarray | None) -> np.ndarray:
        """The full model; where the typer has fine-tuned layers, blended with their head's opinion."""
        tuned = self.encoder.tuned
        with_tuned = np.zeros(len(texts), dtype=bool) if tuned is None else (
            np.ones(len(texts), dtype=bool) if plain_only is None else ~plain_only)
        emb = np.zeros((len(texts), self.encoder.dim), dtype=np.float32)
        rows, rest = np.nonzero(with_tuned)[0], np.nonzero(~with_tuned)[0]
        if len(rows):
            emb[rows], tuned_emb = self.encoder.encode_with_tuned([texts[i] for i in rows])
        if len(rest):
            emb[rest] = self.encoder.encode([texts[i] for i in rest])
        p = self.full.probs(np.hstack([self.alpha * emb, X_light]), self.none_idx, self.none_bias)
        if len(rows):
            p[rows] = tuned.blended(p[rows], tuned_emb)
        return p

    def _evidence(self, text: str, s: _Scored, k: int) -> tuple[int, int, list[str]]:
        """Span and cue list for label k: the cue hits and n-grams that pushed its score up most."""
        label = self.labels[k]
        cue_w = [(self.beta * s.W[self._cue_off + h.cue, k], h) for h in s.cue_hits]
        own = sorted([(w, h) for w, h in cue_w if w > 0 and h.label == label], key=lambda x: -x[0])
        # A non-event cue ("said") can carry weight for a type, but names no reason a reader would accept.
        helpful = sorted([(w, h) for w, h in cue_w if w > 0.05 and (h.label != NONE or label == NONE)],
                         key=lambda x: -x[0])
        gram_w = s.ngram_val * s.W[s.ngram_idx, k]
        order = np.argsort(-gram_w)[:3]
        words = [self.vec.vocab[s.ngram_idx[j]] for j in order if gram_w[j] > 0]
        cues = [f"rule '{h.label}': \"{text[h.start:h.end]}\"" for _, h in own[:3]]
        cues += [f"cue \"{text[h.start:h.end]}\" (listed for {h.label})" for _, h in helpful[:3] if h.label != label][:2]
        cues += [f"word \"{w}\"" for w in words]
        best = own[0][1] if own else (helpful[0][1] if helpful else None)
        if best is not None:
            return best.start, best.end, cues
        span = self._gram_span(text, words[0]) if words else None
        return (*(span or (0, len(text))), cues)

    @staticmethod
    def _gram_span(text: str, feature: str) -> tuple[int, int] | None:
        for g in grams(text):
            if g.feature == feature:
                return g.start, g.end
        return None

    def _detection(self, text: str, s: _Scored, k: int, offset: int = 0) -> Detection:
        start, end, cues = self._evidence(text, s, k)
        sub = self.labels[k]
        return Detection(SUB_EVENT_TYPES[sub], sub, round(float(s.probs[k]), 4), start + offset, end + offset, cues)

    def _decided(self, text: str, s: _Scored, k: int, offset: int = 0) -> Detection:
        """The detection of label k, unless a precedence rule gives the text another label. Then the
        evidence is the act that decided, and the confidence is the model's probability for the
        rule's labels together: the model judged what kind of event it is, the rule which sub-type."""
        over = self.precedence.apply(self.labels[k], text)
        if over is None:
            return self._detection(text, s, k, offset)
        _, _, why = self._evidence(text, s, k)
        share = sum(float(s.probs[self.labels.index(label)]) for label in over.rule.when | {over.label})
        cue = f"precedence '{over.rule.name}': \"{text[over.start:over.end]}\" (the model's type: {self.labels[k]})"
        return Detection(SUB_EVENT_TYPES[over.label], over.label, round(min(share, 1.0), 4), over.start + offset,
                         over.end + offset, [cue, *why])

    # -------------------------------------------------------------- public API
    def has_event_cue(self, text: str) -> bool:
        """Whether any trigger of an ACLED sub-event type occurs in the text: a cheap test that lets
        a caller skip the background sentences of a long report."""
        return any(hit.label != NONE for hit in self.cues.hits(text))

    def detect(self, texts: list[str], background: list[bool] | None = None) -> list[list[Detection]]:
        """Per text, its ACLED events best first; [] when the text reports no ACLED event.
        ``background[i]``: text i is one sentence of a long report, picked because it holds a
        trigger word (see ``BACKGROUND_NONE_MIN``)."""
        scored = self._score(texts, background, plain_only=background)
        results: list[list[Detection]] = []
        seg_jobs: list[tuple[int, int, str, int]] = []
        for i, (text, s) in enumerate(zip(texts, scored)):
            k = int(s.probs.argmax())
            if k == self.none_idx:
                results.append([])
                continue
            first = self._decided(text, s, k)
            results.append([first])
            seg_jobs += self._second_candidates(i, text, s, self.labels.index(first.sub_event_type), first)
        if seg_jobs:
            self._add_secondary(results, seg_jobs, background)
        return results

    def _second_candidates(self, i: int, text: str, s: _Scored, k: int, first: Detection):
        """Clauses that may report another event: they hold a cue of a type the whole text also gives some weight."""
        segs = segments(text)
        if len(segs) < 2:
            return []
        jobs, seen = [], set()
        for h in s.cue_hits:
            j = self.labels.index(h.label)
            if j in (k, self.none_idx) or h.label in seen or s.probs[j] < SECOND_PRIOR:
                continue
            if _family(SUB_EVENT_TYPES[h.label]) == _family(first.event_type):
                continue
            if h.start < first.end and first.start < h.end:
                continue
            if s.W[self._cue_off + h.cue, j] <= 0:
                continue
            seg = next(((t, o) for t, o in segs if o <= h.start < o + len(t)), None)
            if seg is None or (first.start >= seg[1] and first.end <= seg[1] + len(seg[0])):
                continue  # the clause holding the cue also holds the first event's evidence
            seen.add(h.label)
            jobs.append((i, j, seg[0], seg[1]))
        return jobs[:MAX_SECOND]

    def _add_secondary(self, results, seg_jobs, background: list[bool] | None = None) -> None:
        """A text with clearly separate events (own clause, own cue, confident) gets one detection per event."""
        plain_only = [background[i] for i, _, _, _ in seg_jobs] if background is not None else None
        seg_scores = self._score([t for _, _, t, _ in seg_jobs], plain_only=plain_only)
        for (i, j, seg_text, off), s in zip(seg_jobs, seg_scores):
            k = int(s.probs.argmax())
            if k != j or s.probs[k] < SECOND_MIN:
                continue
            det = self._decided(seg_text, s, k, off)
            # Two sub-types of one event type in one text are nearly always one event seen two ways
            # (a protest and its dispersal, a battle and its outcome).
            if any(_family(d.event_type) == _family(det.event_type) for d in results[i]):
                continue
            if any(det.start < d.end and d.start < det.end for d in results[i]):
                continue
            results[i].append(det)

    def explain(self, text: str, top: int = 3) -> str:
        s = self._score([text])[0]
        order = np.argsort(-s.probs)[:top]
        lines = []
        if order[0] == self.none_idx:
            lines.append("No ACLED event: the non-event class scores highest.")
        for k in order:
            label = self.labels[k]
            name = "no event" if label == NONE else f"{SUB_EVENT_TYPES[label]} / {label}"
            _, _, cues = self._evidence(text, s, int(k))
            lines.append(f"{s.probs[k]:.3f}  {name}" + (f"  <- {'; '.join(cues)}" if cues else ""))
        over = None if order[0] == self.none_idx else self.precedence.apply(self.labels[order[0]], text)
        if over is not None:
            lines.append(f"precedence '{over.rule.name}': \"{text[over.start:over.end]}\" makes it "
                         f"{SUB_EVENT_TYPES[over.label]} / {over.label}")
        if s.light:
            lines.append("(scored by the cue and n-gram model alone)")
        elif self.encoder.tuned is not None:
            lines.append("(scored by the full model: MiniLM embedding, n-grams and cues, blended at "
                         f"{self.encoder.tuned.blend:g} with MiniLM's fine-tuned top layers)")
        else:
            lines.append("(scored by the full model: MiniLM embedding, n-grams and cues)")
        return "\n".join(lines)


def _family(event_type: str) -> str:
    return SAME_EVENT.get(event_type, event_type)


def segments(text: str) -> list[tuple[str, int]]:
    """Sentences and co-ordinated clauses with their offsets (for texts reporting several events)."""
    out, pos = [], 0
    for m in SEGMENT_RE.finditer(text):
        if m.start() > pos:
            out.append((text[pos:m.start()], pos))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], pos))
    return [(t, o) for t, o in out if len(t.split()) >= 3]


def _cache_dir() -> Path | None:
    """Where the pinned graph with the tuned branch is kept between runs (beside the gazetteer);
    None, so the graph stays in memory, where there is no home directory."""
    try:
        return Path.home() / ".cache" / "sitrep"
    except RuntimeError:
        return None


@lru_cache(maxsize=4)
def _load(directory: Path, threads: int | None = None) -> EventTyper:
    path = directory / "model.npz"
    if not path.is_file():
        raise ResourceError("E320", f"event typing model missing: {path} (run `make train`)")
    try:
        z = np.load(path, allow_pickle=False)
        labels = [str(x) for x in z["labels"]]
        vec = NgramVectorizer([str(x) for x in z["vocab"]], z["idf"])
        cue_ids = [str(x) for x in z["cue_ids"]]
        full = LinearModel(z["W"].astype(np.float32), z["b"].astype(np.float32))
        light = LinearModel(z["W_light"].astype(np.float32), z["b_light"].astype(np.float32))
        light_min = float(z["light_min"])
        alpha, beta, none_bias = float(z["alpha"]), float(z["beta"]), float(z["none_bias"])
        pooling, max_tokens = str(z["pooling"]), int(z["max_tokens"])
        tuned_sha = str(z["tuned_sha256"]) if "tuned_sha256" in z.files else ""
    except (OSError, KeyError, ValueError) as exc:
        raise ResourceError("E321", f"event typing model unreadable: {path}: {exc}") from None
    cues = CueLexicon.load(directory / "cues.json")
    if cues.ids() != cue_ids:
        raise ResourceError("E322", "cues.json changed since the model was trained (run `make train`)")
    unknown = [l for l in labels if l != NONE and l not in SUB_EVENT_TYPES]
    if unknown:
        raise ResourceError("E323", f"model labels unknown to sitrep.model: {unknown}")
    tuned = None
    if tuned_sha:  # model.npz was trained with fine-tuned top layers and names their file by its hash
        tuned_path = directory / TUNED_FILE
        if not tuned_path.is_file():
            raise ResourceError("E223", f"{TUNED_FILE} missing beside {path} (run `make train`)")
        tuned = TunedTop.load(tuned_path, sha256=tuned_sha, labels=labels)
    encoder = MiniLMEncoder(directory / "minilm" / "tokenizer.json", max_tokens=max_tokens, pooling=pooling,
                            tuned=tuned, cache_dir=_cache_dir(), threads=threads)
    n_light = len(vec.vocab) + len(cue_ids)
    if full.W.shape != (encoder.dim + n_light, len(labels)) or light.W.shape != (n_light, len(labels)):
        raise ResourceError("E324", f"model weights have unexpected shapes {full.W.shape}, {light.W.shape}")
    own_rules = directory / PRECEDENCE_FILE
    precedence = Precedence.load(own_rules if own_rules.is_file() else RESOURCES / PRECEDENCE_FILE)
    return EventTyper(encoder, cues, vec, full, light, light_min, labels, alpha, beta, none_bias, precedence)
