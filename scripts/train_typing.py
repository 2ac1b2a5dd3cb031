#!/usr/bin/env python3
"""Train Sitrep's event typer (sitrep/resources/typing/model.npz).

Training data: sentences we wrote from ACLED's definitions (sitrep/resources/typing/train.jsonl),
sentences generated from the templates in sitrep/resources/typing/templates.json, and, if given,
the CASE 2021 Task 2 dev snippets (read here, never copied into the repository).

    python scripts/train_typing.py                 # train and write the shipped model
    python scripts/train_typing.py --cv 5          # honest figure: k-fold CV over the dev snippets
    python scripts/train_typing.py --no-dev        # train on our own data only
    python scripts/train_typing.py --tune-top      # also fine-tune MiniLM's top layers (what `make train` does)

Needs scikit-learn (dev extra), and PyTorch for --tune-top (train extra; `make train` sets up
.venv-train with both). The shipped model is plain numpy arrays, and int8 weights for the tuned layers.
"""
from __future__ import annotations

import argparse
import collections
import csv
import datetime as dt
import functools
import hashlib
import json
import random
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitrep.classify.embed import MiniLMEncoder  # noqa: E402
from sitrep.classify.features import CueLexicon, NgramVectorizer  # noqa: E402
from sitrep.classify.typer import NONE, RESOURCES, TUNED_FILE  # noqa: E402
from sitrep.model import SUB_EVENT_TYPES  # noqa: E402

DEV_TSV = ROOT.parent / "shared" / "bench" / "typing" / "case2021_task2_dev.tsv"
# ACLED's 2020 coder notes; only the development part of bench/acled/split.py is ever read here.
ACLED_CSV = ROOT.parent / "shared" / "bench" / "acled" / "acled_2020_notes.csv"
# CASE 2021 Task 2 codes, as the referee maps them; the five non-ACLED codes become NONE.
CASE_TO_ACLED = {
    "ARMED_CLASH": "Armed clash", "GOV_REGAINS_TERIT": "Government regains territory",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory", "CHEM_WEAP": "Chemical weapon",
    "AIR_STRIKE": "Air/drone strike", "SUIC_BOMB": "Suicide bomb", "ART_MISS_ATTACK": "Shelling/artillery/missile attack",
    "REM_EXPLOS": "Remote explosive/landmine/IED", "GRENADE": "Grenade", "SEX_VIOL": "Sexual violence", "ATTACK": "Attack",
    "ABDUCT_DISSAP": "Abduction/forced disappearance", "PEACE_PROTEST": "Peaceful protest",
    "PROTEST_WITH_INTER": "Protest with intervention", "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "VIOL_DEMONSTR": "Violent demonstration", "MOB_VIOL": "Mob violence", "AGREEMENT": "Agreement", "ARREST": "Arrests",
    "CHANGE_TO_GROUP_ACT": "Change to group/activity", "DISR_WEAP": "Disrupted weapons use",
    "HQ_ESTABLISHED": "Headquarters or base established", "PROPERTY_DISTRUCT": "Looting/property destruction",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory", "OTHER": "Other",
}
NON_ACLED = {"NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ORG_CRIME", "ATTRIB"}
LABELS = sorted(SUB_EVENT_TYPES) + [NONE]


# ------------------------------------------------------------------ data
def load_written(path: Path) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for r in rows:
        if r["label"] not in LABELS:
            raise SystemExit(f"{path}: unknown label {r['label']!r}")
    return rows


def expand_templates(path: Path, seed: int, per_template: int) -> list[dict]:
    """Fill each template's {slots} with random choices; also wrap some written sentences in news context."""
    spec = json.loads(path.read_text(encoding="utf-8"))
    rng = random.Random(seed)
    slots = spec["slots"]

    def fill(t: str) -> str:
        for _ in range(5):  # slot values may contain slots
            t = re.sub(r"\{(\w+)\}", lambda m: rng.choice(slots[m.group(1)]), t)
        return t[0].upper() + t[1:]

    out = []
    for label, temps in spec["templates"].items():
        for t in temps:
            for _ in range(per_template):
                out.append({"text": fill(t), "label": label})
    return out


def wrap(rows: list[dict], path: Path, seed: int) -> list[dict]:
    """Copies of written sentences with neutral news context around them (date, place, attribution)."""
    spec = json.loads(path.read_text(encoding="utf-8"))
    rng = random.Random(seed + 1)
    slots = spec["slots"]

    def fill(t: str) -> str:
        for _ in range(5):
            t = re.sub(r"\{(\w+)\}", lambda m: rng.choice(slots[m.group(1)]), t)
        return t

    out = []
    for r in rows:
        text = r["text"]
        pre, suf = rng.choice(spec["prefixes"]), rng.choice(spec["suffixes"])
        if rng.random() < 0.5:
            text = fill(pre) + text[0].lower() + text[1:]
        if rng.random() < 0.7:
            text = text.rstrip(".") + fill(suf)
        out.append({"text": text, "label": r["label"]})
    return out


def load_dev(path: Path) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            code = r["SubType"]
            rows.append({"text": r["EventSnippet"], "label": NONE if code in NON_ACLED else CASE_TO_ACLED[code],
                         "code": code, "id": r["id"]})
    return rows


def load_acled(path: Path, until: dt.date | None = None, after: dt.date | None = None) -> list[dict]:
    """ACLED coder notes of the development part (bench/acled/split.py), the note as text and the
    coder's sub_event_type as label; ``until``/``after`` cut the part by event date for validation.
    Read at training time, never copied into the repository."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("acled_split", ROOT / "bench" / "acled" / "split.py")
    split = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(split)
    rows = []
    for r in split.read_part("dev", path):
        day, text, label = split.event_day(r["event_date"]), (r.get("notes") or "").strip(), r["sub_event_type"]
        if not text or label not in LABELS or (until and day > until) or (after and day <= after):
            continue
        rows.append({"text": text, "label": label, "id": r["event_id_cnty"], "day": day.isoformat()})
    return rows


# ------------------------------------------------------------------ features
class EmbeddingCache:
    """Embeddings keyed by text hash, so repeated CV runs embed each text once."""

    def __init__(self, encoder: MiniLMEncoder, path: Path | None):
        self.encoder, self.path, self.store = encoder, path, {}
        if path and path.is_file():
            z = np.load(path)
            self.store = dict(zip(z["keys"].tolist(), z["vecs"]))

    def __call__(self, texts: list[str]) -> np.ndarray:
        tag = f"{self.encoder.pooling}|{self.encoder.max_tokens}|"
        keys = [hashlib.sha1((tag + t).encode()).hexdigest() for t in texts]
        todo = sorted({k: t for k, t in zip(keys, texts) if k not in self.store}.items())
        if todo:
            vecs = self.encoder.encode([t for _, t in todo])
            self.store.update({k: v for (k, _), v in zip(todo, vecs)})
            if self.path:
                np.savez(self.path, keys=np.array(list(self.store)), vecs=np.stack(list(self.store.values())))
        return np.stack([self.store[k] for k in keys]) if keys else np.zeros((0, 384), np.float32)


class SplitStateCache:
    """MiniLM's fourth-layer output per text (the input of the fine-tuned top layers), computed once."""

    def __init__(self, max_tokens: int):
        self.max_tokens, self.store = max_tokens, {}

    def __call__(self, texts: list[str]) -> dict[str, np.ndarray]:
        import tune_top

        todo = [t for t in dict.fromkeys(texts) if t not in self.store]
        if todo:
            self.store.update(tune_top.split_states(todo, RESOURCES / "minilm" / "tokenizer.json", self.max_tokens))
        return self.store


def build_matrix(texts, emb, vec: NgramVectorizer, cues: CueLexicon, alpha: float, beta: float) -> np.ndarray:
    cue_m, _ = cues.transform(texts)
    return np.hstack([alpha * emb, vec.transform(texts), beta * cue_m]).astype(np.float32)


def _softmax_regression(X: np.ndarray, y: np.ndarray, w: np.ndarray, C: float) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=C, max_iter=4000)
    clf.fit(X, y, sample_weight=w)
    W = np.zeros((X.shape[1], len(LABELS)), dtype=np.float32)
    b = np.full(len(LABELS), -30.0, dtype=np.float32)  # a label absent from training is never predicted
    for k, cls in enumerate(clf.classes_):
        W[:, cls] = clf.coef_[k]
        b[cls] = clf.intercept_[k]
    return W, b


def balance(w: np.ndarray, y: np.ndarray, power: float) -> np.ndarray:
    """Scale sample weights by (mean class weight / own class weight) ** power: NONE and the frequent
    types would otherwise outweigh the rare ones (5-fold CV: power 0.5 about +0.005 weighted F1)."""
    if not power:
        return w
    per_class = np.bincount(y, weights=w, minlength=len(LABELS))
    return w * (per_class.sum() / len(LABELS) / np.maximum(per_class[y], 1e-9)) ** power


def fit(train: list[dict], embed, cues: CueLexicon, args) -> dict:
    """The full model (embedding + n-grams + cues) and the light one (n-grams + cues) of the cascade."""
    texts = [r["text"] for r in train]
    y = np.array([LABELS.index(r["label"]) for r in train])
    w = balance(np.array([r.get("weight", 1.0) for r in train], dtype=np.float64), y, args.class_balance)
    vec = NgramVectorizer.fit(texts, min_df=args.min_df)
    X = build_matrix(texts, embed(texts), vec, cues, args.alpha, args.beta)
    W, b = _softmax_regression(X, y, w, args.C)
    emb_dim = X.shape[1] - len(vec.vocab) - len(cues.cues)
    W_light, b_light = _softmax_regression(X[:, emb_dim:], y, w, args.C)
    model = {"W": W, "b": b, "W_light": W_light, "b_light": b_light, "vec": vec, "emb_dim": emb_dim}
    if getattr(args, "tune_top", False):
        import tune_top

        states = _split_states(args.max_tokens)(texts)
        model["tuned"] = tune_top.train_top(texts, y, w, LABELS, states, args.tune_blend, epochs=args.tune_epochs,
                                            threads=args.tune_threads,
                                            log=lambda m: print(m, file=sys.stderr))
    return model


@functools.lru_cache(maxsize=2)
def _split_states(max_tokens: int) -> SplitStateCache:
    """One cache per process and truncation: cross-validation reuses it across folds."""
    return SplitStateCache(max_tokens)


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(axis=1, keepdims=True)


def predict(model: dict, texts, embed, cues, args) -> np.ndarray:
    """Cascade as in EventTyper: the light model where it is sure, else the full model."""
    X = build_matrix(texts, embed(texts), model["vec"], cues, args.alpha, args.beta)
    p = _softmax(X[:, model["emb_dim"]:] @ model["W_light"] + model["b_light"])
    unsure = p.max(axis=1) < args.light_min
    p[unsure] = _softmax(X[unsure] @ model["W"] + model["b"])
    tuned = model.get("tuned")
    if tuned is not None and unsure.any():
        encoder = MiniLMEncoder(RESOURCES / "minilm" / "tokenizer.json", max_tokens=args.max_tokens,
                                pooling=args.pool, tuned=tuned)
        _, tuned_emb = encoder.encode_with_tuned([t for t, u in zip(texts, unsure) if u])
        p[unsure] = tuned.blended(p[unsure], tuned_emb)
    return p


def decide(p: np.ndarray, none_bias: float) -> list[str]:
    """The referee-facing decision: NONE wins when its probability, boosted by none_bias, is highest."""
    q = p.copy()
    q[:, LABELS.index(NONE)] *= none_bias
    return [LABELS[i] for i in q.argmax(axis=1)]


# ------------------------------------------------------------------ scoring (as referee.py typing)
def per_class_f1(pairs) -> tuple[dict, collections.Counter]:
    """(precision, recall, F1, support) of each gold label over (gold, predicted) pairs, and the hits."""
    tp, fp, fn, sup = (collections.Counter() for _ in range(4))
    for g, p in pairs:
        sup[g] += 1
        if g == p:
            tp[p] += 1
        else:
            fn[g] += 1
            fp[p] += 1
    rows = {}
    for l in sup:
        pr = tp[l] / (tp[l] + fp[l]) if tp[l] + fp[l] else 0.0
        rc = tp[l] / sup[l]
        rows[l] = (pr, rc, 2 * pr * rc / (pr + rc) if pr + rc else 0.0, sup[l])
    return rows, tp


def score(gold: list[dict], pred: list[str]) -> dict:
    pairs = [(g["label"], p) for g, p in zip(gold, pred)]
    none_n = sum(g == NONE for g, _ in pairs)
    none_ok = sum(g == NONE and p == NONE for g, p in pairs)
    found, tp = per_class_f1([(g, p) for g, p in pairs if g != NONE])
    rows = {l: found.get(l, (0.0, 0.0, 0.0, 0)) for l in sorted(SUB_EVENT_TYPES)}
    n = sum(r[3] for r in rows.values())
    wsum = sum(f * sup for _, _, f, sup in rows.values())
    return {"weighted_f1": wsum / n if n else 0.0, "none_ok": none_ok, "none_n": none_n, "rows": rows,
            "accuracy": sum(tp.values()) / n if n else 0.0}


def print_table(s: dict) -> None:
    print(f"{'label':36s} {'P':>5s} {'R':>5s} {'F1':>5s} {'n':>4s}")
    for l, (p, r, f, n) in sorted(s["rows"].items(), key=lambda kv: kv[1][2]):
        print(f"{l:36s} {p:5.2f} {r:5.2f} {f:5.2f} {n:4d}")


# ------------------------------------------------------------------ main
def own_data(args) -> list[dict]:
    written = load_written(args.written)
    tpl = RESOURCES / "templates.json"
    rows = list(written)
    if args.templates:
        rows += expand_templates(tpl, args.seed, args.per_template)
        rows += wrap(written, tpl, args.seed)
    for r in rows:
        r["weight"] = args.own_weight
    if not args.no_acled:
        until = dt.date.fromisoformat(args.acled_until) if args.acled_until else None
        notes = load_acled(args.acled, until=until)
        print(f"ACLED dev notes: {len(notes)} (events up to {args.acled_until or '2020-05-04'})", file=sys.stderr)
        rows += [dict(r, weight=args.acled_weight) for r in notes]
    return rows


def acled_scores(gold: list[dict], pred: list[str]) -> dict:
    """As `referee.py acled` scores sub_event_type: weighted F1 over the gold labels, no event = wrong."""
    rows, tp = per_class_f1([(g["label"], p) for g, p in zip(gold, pred)])
    n = len(gold)
    return {"weighted_f1": sum(f * sup for _, _, f, sup in rows.values()) / n,
            "coded_any": sum(p != NONE for p in pred) / n, "accuracy": sum(tp.values()) / n}


def acled_validate(args, own, dev, embed, cues) -> None:
    """Train with the notes up to --acled-until, type the later notes of the development part alone
    (top class; no event below the pipeline's confidence floor) and score them as the referee does."""
    after = dt.date.fromisoformat(args.acled_until)
    val = load_acled(args.acled, after=after)
    model = fit(own + [dict(r, weight=args.dev_weight) for r in dev], embed, cues, args)
    texts = [r["text"] for r in val]
    # predict()'s cascade, its parts kept apart so that every blend weight is scored on one encoding
    X = build_matrix(texts, embed(texts), model["vec"], cues, args.alpha, args.beta)
    p_light = _softmax(X[:, model["emb_dim"]:] @ model["W_light"] + model["b_light"])
    p_full = _softmax(X @ model["W"] + model["b"])
    tuned, head = model.get("tuned"), None
    if tuned is not None:
        encoder = MiniLMEncoder(RESOURCES / "minilm" / "tokenizer.json", max_tokens=args.max_tokens,
                                pooling=args.pool, tuned=tuned)
        _, tuned_emb = encoder.encode_with_tuned(texts)
        head = tuned.probs(tuned_emb)
    blends = [float(b) for b in args.val_blends.split(",")] if head is not None else [0.0]
    for light_min in sorted({args.light_min, *[float(x) for x in args.val_light_mins.split(",") if x]}):
        unsure = p_light.max(axis=1) < light_min
        for blend in blends:
            p = p_light.copy()
            p[unsure] = p_full[unsure] if head is None else (1 - blend) * p_full[unsure] + blend * head[unsure]
            pred = decide(p, args.none_bias)
            floor = [l if p[i].max() >= args.val_floor else NONE for i, l in enumerate(pred)]
            for name, pr in (("top class", pred), (f"confidence >= {args.val_floor}", floor)):
                s = acled_scores(val, pr)
                print(f"ACLED notes after {after} ({len(val)}), light_min {light_min}, blend {blend}, {name}: "
                      f"weighted F1 {s['weighted_f1']:.4f}; accuracy {s['accuracy']:.4f}; "
                      f"coded_any {s['coded_any']:.4f}; light share {1 - unsure.mean():.2f}", flush=True)
            if args.confusions and light_min == args.light_min and blend == blends[-1]:
                print_confusions(val, floor)


def dev_folds(dev: list[dict], n: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """The stratified k-fold split of the dev snippets that --cv and --holdout share."""
    import warnings

    from sklearn.model_selection import StratifiedKFold

    with warnings.catch_warnings():  # "Other" has fewer snippets than folds; that is expected
        warnings.simplefilter("ignore", UserWarning)
        return list(StratifiedKFold(n_splits=n, shuffle=True, random_state=seed).split(
            np.zeros(len(dev)), [r["code"] for r in dev]))


def print_confusions(gold: list[dict], pred: list[str], top: int = 30) -> None:
    pairs = collections.Counter((g["label"], p) for g, p in zip(gold, pred) if g["label"] != p)
    print(f"most frequent confusions (gold -> predicted), {sum(pairs.values())} errors in all:")
    for (g, p), n in pairs.most_common(top):
        print(f"{n:4d}  {g} -> {p}")


def cross_validate(args, own, dev, embed, cues) -> tuple[dict, list[str]]:
    probs = np.zeros((len(dev), len(LABELS)))
    for k, (tr, te) in enumerate(dev_folds(dev, args.cv, args.seed)):
        train = own + [dict(dev[i], weight=args.dev_weight) for i in tr]
        model = fit(train, embed, cues, args)
        probs[te] = predict(model, [dev[i]["text"] for i in te], embed, cues, args)
        print(f"fold {k + 1}/{args.cv} done", file=sys.stderr)
    pred = decide(probs, args.none_bias)
    return score(dev, pred), pred, probs


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dev", type=Path, default=DEV_TSV, help="CASE 2021 Task 2 dev TSV (read, never copied)")
    ap.add_argument("--no-dev", action="store_true", help="train on our own written data only")
    ap.add_argument("--cv", type=int, default=0, help="k-fold cross-validation over the dev snippets; no model written")
    ap.add_argument("--confusions", action="store_true", help="with --cv: print the most frequent confusions")
    ap.add_argument("--holdout", metavar="K/N", default=None,
                    help="leave fold K (1-based) of the N-fold --cv split out of training, e.g. to time the "
                         "typer on snippets its model has not seen")
    ap.add_argument("--acled", type=Path, default=ACLED_CSV,
                    help="ACLED 2020 notes; only the development part (bench/acled/split.py) is read")
    ap.add_argument("--no-acled", action="store_true", help="train without the ACLED notes")
    ap.add_argument("--acled-weight", type=float, default=0.5,
                    help="sample weight of an ACLED note (0.5 / 1 / 2: dev-part validation 0.856 / 0.857 / 0.860, "
                         "CASE 5-fold CV 0.806 / 0.796 / 0.796; see MODEL.md)")
    ap.add_argument("--acled-until", default=None, metavar="YYYY-MM-DD",
                    help="train only on notes of events up to this day (inside the development part)")
    ap.add_argument("--acled-val", action="store_true",
                    help="with --acled-until: score the typer on the later notes of the development part; "
                         "no model written")
    ap.add_argument("--val-blends", default="0,0.1,0.2,0.3,0.5",
                    help="with --acled-val --tune-top: blend weights to score")
    ap.add_argument("--val-light-mins", default="", help="with --acled-val: further light_min values to score")
    ap.add_argument("--val-floor", type=float, default=0.3, help="with --acled-val: the pipeline's min_confidence")
    ap.add_argument("--written", type=Path, default=RESOURCES / "train.jsonl",
                    help="our own training sentences (JSON Lines: text, label)")
    ap.add_argument("--out", type=Path, default=RESOURCES / "model.npz")
    ap.add_argument("--cues", type=Path, default=RESOURCES / "cues.json",
                    help="cue lexicon; another than the shipped one only for --cv experiments (the typer reads its own)")
    ap.add_argument("--cache", type=Path, default=None, help="embedding cache file (.npz), speeds up repeated runs")
    ap.add_argument("--C", type=float, default=20.0, help="inverse L2 strength of the logistic regression")
    ap.add_argument("--alpha", type=float, default=1.0, help="scale of the embedding block")
    ap.add_argument("--beta", type=float, default=0.5, help="scale of the cue block")
    ap.add_argument("--min-df", type=int, default=2)
    ap.add_argument("--own-weight", type=float, default=1.5, help="sample weight of our written sentences")
    ap.add_argument("--class-balance", type=float, default=0.5,
                    help="power of the inverse class-weight factor on sample weights (0 = none)")
    ap.add_argument("--dev-weight", type=float, default=4.0, help="sample weight of the dev snippets")
    ap.add_argument("--none-bias", type=float, default=1.0)
    ap.add_argument("--light-min", type=float, default=0.85,
                    help="cascade: trust the light model (no embedding) when its top probability reaches this")
    ap.add_argument("--templates", action="store_true",
                    help="add sentences generated from templates.json (5-fold CV: no gain, so off by default)")
    ap.add_argument("--per-template", type=int, default=3)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--pool", choices=("mean", "mean+max"), default="mean", help="pooling of MiniLM token vectors")
    ap.add_argument("--max-tokens", type=int, default=48, help="MiniLM truncation")
    ap.add_argument("--tune-top", action="store_true",
                    help=f"also fine-tune MiniLM's top two layers and a head ({TUNED_FILE}); needs PyTorch")
    ap.add_argument("--tune-blend", type=float, default=0.2,
                    help="share of the fine-tuned head in the full model's probabilities")
    ap.add_argument("--tune-epochs", type=int, default=4)
    ap.add_argument("--tune-threads", type=int, default=2, help="PyTorch threads for the fine-tuning")
    return ap


def save(path: Path, model: dict, cues: CueLexicon, args, meta: dict | None = None) -> None:
    """The model archive the typer reads (sitrep.classify.typer._load), and beside it the fine-tuned
    layers if the model has them. model.npz records their file's hash, so a stale or missing
    tuned_top.npz is an error, and a model trained without them ignores any such file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tuned_sha = ""
    if model.get("tuned") is not None:
        tuned_path = path.parent / TUNED_FILE
        model["tuned"].save(tuned_path)
        tuned_sha = hashlib.sha256(tuned_path.read_bytes()).hexdigest()
    np.savez_compressed(
        path, W=model["W"], b=model["b"], W_light=model["W_light"], b_light=model["b_light"],
        light_min=np.float32(args.light_min), labels=np.array(LABELS), vocab=np.array(model["vec"].vocab),
        idf=model["vec"].idf, cue_ids=np.array(cues.ids()), alpha=np.float32(args.alpha), beta=np.float32(args.beta),
        none_bias=np.float32(args.none_bias), pooling=np.array(args.pool), max_tokens=np.int32(args.max_tokens),
        meta=np.array(json.dumps(meta or {})), tuned_sha256=np.array(tuned_sha),
    )


def main() -> None:
    args = parser().parse_args()

    encoder = MiniLMEncoder(RESOURCES / "minilm" / "tokenizer.json", max_tokens=args.max_tokens, pooling=args.pool)
    embed = EmbeddingCache(encoder, args.cache)
    cues = CueLexicon.load(args.cues)
    own = own_data(args)
    dev = [] if args.no_dev else load_dev(args.dev)
    counts = collections.Counter(r["label"] for r in own if "day" not in r)
    print(f"own data: {len(own)} texts ({sum(1 for r in own if r['label'] == NONE)} non-events); dev: {len(dev)}",
          file=sys.stderr)

    if args.acled_val:
        if not args.acled_until or args.no_acled:
            raise SystemExit("--acled-val needs --acled-until (and the ACLED notes)")
        acled_validate(args, own, dev, embed, cues)
        return

    if args.cv:
        if not dev:
            raise SystemExit("--cv needs the dev TSV")
        s, pred, _ = cross_validate(args, own, dev, embed, cues)
        print_table(s)
        if args.confusions:
            print_confusions(dev, pred)
        print(f"CV{args.cv}: accuracy {s['accuracy']:.3f}; non-ACLED snippets left uncoded {s['none_ok']}/{s['none_n']}")
        print(f"headline: cv_weighted_f1={s['weighted_f1']:.3f}")
        return

    if args.holdout:
        k, n = (int(x) for x in args.holdout.split("/"))
        keep = set(dev_folds(dev, n, args.seed)[k - 1][0].tolist())
        dev = [r for i, r in enumerate(dev) if i in keep]
    train = own + [dict(r, weight=args.dev_weight) for r in dev]
    model = fit(train, embed, cues, args)
    save(args.out, model, cues, args, meta={
        "trained": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "own_texts": sum(counts.values()), "own_by_label": counts, "dev_texts": len(dev),
        "acled_notes": sum(1 for r in own if "day" in r),
        "params": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
    })
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB); trained on {len(own)} own + {len(dev)} dev texts")


if __name__ == "__main__":
    main()
