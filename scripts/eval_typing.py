#!/usr/bin/env python3
"""Stand-in extractor for `referee.py typing`: JSON Lines articles on stdin, the first event of each on stdout.

Writes {"article_id", "event_type", "sub_event_type", "confidence"} per article with an event, nothing otherwise,
and on stderr the typer's own cost (CPU seconds of EventTyper.detect, load excluded).

    python scripts/eval_typing.py < articles.jsonl
    python scripts/eval_typing.py --model M.npz < held_out.jsonl   # M from train_typing.py --holdout
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sitrep.classify import EventTyper  # noqa: E402
from sitrep.classify.typer import RESOURCES  # noqa: E402

BATCH = 64


def typer_from(model: Path | None) -> EventTyper:
    if model is None:
        return EventTyper.load()
    # Another model.npz beside the shipped cue lexicon and tokenizer.
    tmp = Path(tempfile.mkdtemp(prefix="sitrep-typer-"))
    shutil.copy(model, tmp / "model.npz")
    shutil.copy(RESOURCES / "cues.json", tmp / "cues.json")
    (tmp / "minilm").symlink_to(RESOURCES / "minilm")
    return EventTyper.load(tmp)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, default=None, help="a model.npz other than the shipped one")
    ap.add_argument("--batch", type=int, default=BATCH)
    args = ap.parse_args()
    t0 = time.process_time()
    typer = typer_from(args.model)
    arts = [json.loads(line) for line in sys.stdin if line.strip()]
    t1 = time.process_time()
    out, light = sys.stdout, 0
    for k in range(0, len(arts), args.batch):
        chunk = arts[k:k + args.batch]
        for art, dets in zip(chunk, typer.detect([a["text"] for a in chunk])):
            if dets:
                d = dets[0]
                out.write(json.dumps({"article_id": art["id"], "event_type": d.event_type,
                                      "sub_event_type": d.sub_event_type, "confidence": d.confidence}) + "\n")
    t2 = time.process_time()
    print(f"typed {len(arts)} texts in {t2 - t1:.2f} CPU-s ({len(arts) / max(t2 - t1, 1e-9):.1f} per CPU-second); "
          f"load {t1 - t0:.2f} CPU-s", file=sys.stderr)


if __name__ == "__main__":
    main()
