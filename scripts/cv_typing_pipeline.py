#!/usr/bin/env python3
"""Honest typing figure of the whole pipeline: k-fold cross-validation over the CASE 2021 dev snippets.

For each fold, a typing model is trained without that fold's snippets (our written sentences and the
other folds, exactly as `train_typing.py --holdout` does), and `sitrep extract` (the full pipeline:
detection, arguments, merging, ordering, the min_confidence setting) codes the fold's snippets with it.
The first event of each snippet is scored as `referee.py typing` scores it (train_typing.score).

    .venv-train/bin/python scripts/cv_typing_pipeline.py            # 5 folds, seeds 13 7 1 3 5
    .venv-train/bin/python scripts/cv_typing_pipeline.py --seeds 1 --tune-threads 1   # one split, 1 thread
    .venv/bin/python scripts/cv_typing_pipeline.py --no-tune-top   # without the fine-tuned layers

Each fold fine-tunes MiniLM's top layers as `make train` does (about 4 CPU-minutes a fold), so it
needs PyTorch: the venv `make train` sets up (.venv-train) has it.

The fold split moves the figure by about 0.02 (0.823 to 0.841 over five 5-fold splits), so the
headline is the mean over several splits, never one split.

`train_typing.py --cv` scores the typer alone (its top class, no confidence floor); this script scores
what a user of `sitrep extract` gets. Needs scikit-learn (dev extra) and, unless --no-tune-top,
PyTorch (train extra).
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import train_typing as tt  # noqa: E402

from sitrep.classify import EventTyper  # noqa: E402
from sitrep.classify.embed import MiniLMEncoder  # noqa: E402
from sitrep.classify.features import CueLexicon  # noqa: E402
from sitrep.model import Article  # noqa: E402
from sitrep.pipeline import Pipeline  # noqa: E402
from sitrep.resources_loader import Resources  # noqa: E402
from sitrep.stages import build_stages  # noqa: E402

def training_args(seed: int, extra: list[str] = ()) -> argparse.Namespace:
    """train_typing.py's defaults, with this fold split and any further train_typing.py options."""
    return tt.parser().parse_args(["--seed", str(seed), *extra])


def fold_model(directory: Path, train: list[dict], embed, cues: CueLexicon, args) -> EventTyper:
    """A typer directory like the shipped one, with a model trained on ``train`` only."""
    tt.save(directory / "model.npz", tt.fit(train, embed, cues, args), cues, args)
    shutil.copy(tt.RESOURCES / "cues.json", directory / "cues.json")
    if not (directory / "minilm").exists():
        (directory / "minilm").symlink_to(tt.RESOURCES / "minilm")
    return EventTyper.load(directory)


def first_events(seed: int, folds: int, dev: list[dict], own: list[dict], embed, cues, res, workdir: Path,
                 extra: list[str] = ()) -> list[str]:
    """Per snippet, the sub-event type of the first event `sitrep extract` gives it (NONE for no event),
    every fold typed by a model trained without it."""
    args = training_args(seed, extra)
    first: dict[str, str] = {}
    for k, (tr, te) in enumerate(tt.dev_folds(dev, folds, seed), 1):
        train = own + [dict(dev[i], weight=args.dev_weight) for i in tr]
        res.__dict__["typer"] = fold_model(workdir / f"seed{seed}" / str(k), train, embed, cues, args)
        pipeline = Pipeline(build_stages(res), overlap_after="place_names")
        articles = [Article.from_dict({"id": dev[i]["id"], "text": dev[i]["text"]}) for i in te]
        for doc in pipeline.process(articles):
            events = doc.events
            first[doc.article.id] = events[0].sub_event_type if events else tt.NONE
        print(f"seed {seed}: fold {k}/{folds} done", file=sys.stderr)
    return [first[r["id"]] for r in dev]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, nargs="+", default=[13, 7, 1, 3, 5], help="fold splits to average over")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--dev", type=Path, default=tt.DEV_TSV)
    ap.add_argument("--cache", type=Path, default=None, help="embedding cache file (.npz), as in train_typing.py")
    ap.add_argument("--keep", type=Path, default=None, help="keep the fold models in this directory")
    ap.add_argument("--no-tune-top", action="store_true",
                    help="fold models without MiniLM's fine-tuned top layers (as models before them; no PyTorch needed)")
    ap.add_argument("--tune-threads", type=int, default=2, help="PyTorch threads for the fine-tuning")
    a = ap.parse_args()
    extra = [] if a.no_tune_top else ["--tune-top", "--tune-threads", str(a.tune_threads)]

    dev = tt.load_dev(a.dev)
    own = tt.own_data(training_args(a.seeds[0]))
    cues = CueLexicon.load(tt.RESOURCES / "cues.json")
    embed = tt.EmbeddingCache(MiniLMEncoder(tt.RESOURCES / "minilm" / "tokenizer.json", max_tokens=48), a.cache)
    res = Resources({})
    workdir = a.keep or Path(tempfile.mkdtemp(prefix="sitrep-cv-"))
    results = {}
    try:
        for seed in a.seeds:
            s = tt.score(dev, first_events(seed, a.folds, dev, own, embed, cues, res, workdir, extra))
            results[seed] = s["weighted_f1"]
            print(f"seed {seed}: weighted F1 {s['weighted_f1']:.4f}; "
                  f"non-ACLED snippets left uncoded {s['none_ok']}/{s['none_n']}", flush=True)
    finally:
        if a.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    mean = sum(results.values()) / len(results)
    print(f"headline: pipeline_cv_weighted_f1={mean:.4f} (mean of {len(results)} splits of {a.folds} folds)")


if __name__ == "__main__":
    main()
