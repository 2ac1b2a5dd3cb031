#!/usr/bin/env python3
"""Stand-in extractor for `referee.py typing`: JSON Lines articles on stdin, the first event of each on stdout.

Writes {"article_id", "event_type", "sub_event_type", "confidence"} per article with an event, nothing otherwise.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sitrep.classify import EventTyper  # noqa: E402

BATCH = 64


def main() -> None:
    typer = EventTyper.load()
    arts = [json.loads(line) for line in sys.stdin if line.strip()]
    out = sys.stdout
    for k in range(0, len(arts), BATCH):
        chunk = arts[k:k + BATCH]
        for art, dets in zip(chunk, typer.detect([a["text"] for a in chunk])):
            if dets:
                d = dets[0]
                out.write(json.dumps({"article_id": art["id"], "event_type": d.event_type,
                                      "sub_event_type": d.sub_event_type, "confidence": d.confidence}) + "\n")


if __name__ == "__main__":
    main()
