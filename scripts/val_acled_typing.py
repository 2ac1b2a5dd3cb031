#!/usr/bin/env python3
"""Typing and coverage of the whole pipeline on ACLED notes of the development part, with any typer.

The choices of issue 13 (ACLED note weight, blend, thresholds) are made on the development part of
the 2020 notes (bench/acled/split.py) split again by date: a model trained with notes up to
2020-05-01 (`train_typing.py --acled-until 2020-05-01 --out DIR/model.npz`) codes the notes of
2020-05-02 to 2020-05-04, and this script scores the first event of each as `referee.py acled` scores
sub_event_type (weighted F1 over the gold labels, no event counted wrong) and coded_any.

    .venv-train/bin/python scripts/train_typing.py --acled-until 2020-05-01 --tune-top --out /tmp/m/model.npz
    .venv/bin/python scripts/val_acled_typing.py --model-dir /tmp/m --after 2020-05-01

The report part is never read here.
"""
from __future__ import annotations

import argparse
import collections
import datetime as dt
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import train_typing as tt  # noqa: E402

from sitrep.classify import EventTyper  # noqa: E402
from sitrep.model import Article  # noqa: E402
from sitrep.pipeline import Pipeline  # noqa: E402
from sitrep.resources_loader import Resources  # noqa: E402
from sitrep.stages import build_stages  # noqa: E402


def typer_dir(directory: Path) -> EventTyper:
    """A model directory as train_typing.py --out leaves it, completed with the shipped cue lexicon and
    tokenizer (the model records the cue ids, so a mismatch is an error)."""
    if not (directory / "cues.json").exists():
        shutil.copy(tt.RESOURCES / "cues.json", directory / "cues.json")
    if not (directory / "minilm").exists():
        (directory / "minilm").symlink_to(tt.RESOURCES / "minilm")
    return EventTyper.load(directory)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model-dir", type=Path, default=None, help="typer directory (default: the shipped one)")
    ap.add_argument("--after", default="2020-05-01", help="score the development notes of events after this day")
    ap.add_argument("--acled", type=Path, default=tt.ACLED_CSV)
    ap.add_argument("--errors", type=Path, default=None, help="write text, gold and first event of every miss here")
    a = ap.parse_args()

    val = tt.load_acled(a.acled, after=dt.date.fromisoformat(a.after))
    res = Resources({})
    if a.model_dir is not None:
        res.__dict__["typer"] = typer_dir(a.model_dir)
    pipeline = Pipeline(build_stages(res), overlap_after="place_names")
    articles = [Article.from_dict({"id": str(i), "text": r["text"], "published": r["day"]}) for i, r in enumerate(val)]
    first = {}
    for doc in pipeline.process(articles):
        first[doc.article.id] = doc.events[0].sub_event_type if doc.events else tt.NONE
    pred = [first.get(str(i), tt.NONE) for i in range(len(val))]
    s = tt.acled_scores(val, pred)
    print(f"ACLED development notes after {a.after} ({len(val)}): sub_event_type weighted F1 {s['weighted_f1']:.4f}; "
          f"accuracy {s['accuracy']:.4f}; coded_any {s['coded_any']:.4f}")
    tt.print_confusions(val, pred, top=20)
    if a.errors:
        with open(a.errors, "w", encoding="utf-8") as f:
            for r, p in zip(val, pred):
                if p != r["label"]:
                    f.write(f"{r['label']}\t{p}\t{r['text']}\n")
    by_label = collections.Counter(r["label"] for r, p in zip(val, pred) if p == tt.NONE)
    print("no event, by gold label:", dict(by_label.most_common()))


if __name__ == "__main__":
    main()
