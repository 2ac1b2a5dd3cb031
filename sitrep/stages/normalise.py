"""Normalise: ACLED's derived codes (interaction, civilian targeting, source scale), notes and order."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from ..model import Event

CIVILIANS = 7


@lru_cache(maxsize=1)
def source_scales() -> dict[str, str]:
    data = json.loads(resources.files("sitrep.resources").joinpath("sources.json").read_text("utf-8"))
    return {k.casefold(): v for k, v in data["scales"].items()}


def source_scale(source: str) -> str:
    scales = source_scales()
    found = []
    for name in (s.strip() for s in source.split(";")):
        scale = scales.get(name.casefold())
        if scale and scale not in found:
            found.append(scale)
    order = ["Local", "Subnational", "National", "Regional", "International", "Other"]
    return "-".join(sorted(found, key=order.index))


def salience(ev: Event, position: int) -> float:
    """Confidence first; a located event with named actors is more useful than a vague one."""
    score = ev.confidence
    score += 0.1 if ev.geo_precision == 1 else 0.0
    score += 0.05 if ev.actor1 and not ev.actor1.startswith("Unidentified") else 0.0
    return score - 0.01 * position


class Normalise:
    name = "normalise"
    requires = ("events", "mentions")
    provides = ("events",)

    def __init__(self, actors=None):
        self.actors = actors

    def __call__(self, doc) -> None:
        from ..actors import interaction
        from ..arguments import write_notes

        for ev in doc.events:
            if self.actors is not None and ev.country:
                # A side named with the country of the report's speaker, or of another place the report
                # names, is named as ACLED names it where the event happened.
                for f in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2"):
                    names = getattr(ev, f).split("; ") if getattr(ev, f) else []
                    setattr(ev, f, "; ".join(self.actors.in_event_country(n, ev.country) for n in names))
            if ev.actor2 and not ev.actor1 and ev.inter2 != CIVILIANS:
                ev.actor1, ev.inter1, ev.actor2, ev.inter2 = ev.actor2, ev.inter2, "", None
                ev.evidence["actor1"] = ev.evidence.pop("actor2", [])
            if not ev.actor2:
                ev.inter2 = 0 if ev.actor1 else None
            ev.interaction = interaction(ev.inter1, ev.inter2 or None) if ev.inter1 else None
            ev.civilian_targeting = "Civilian targeting" if ev.inter2 == CIVILIANS else ""
            ev.source_scale = source_scale(ev.source)
            ev.notes = write_notes(ev)
        doc.events = most_salient_first(doc)


def most_salient_first(doc) -> list[Event]:
    """Events by salience, except that an event found in a clause of a unit the typer read whole
    never precedes the event that whole unit was typed as. The clause scores higher only because
    it is shorter; the unit's own type says what the text mostly reports."""
    unit_of = {id(m.event): m.sentence for m in doc.mentions if m.event is not None}
    scores = [salience(ev, i) for i, ev in enumerate(doc.events)]
    primary_score: dict[tuple[int, int], float] = {}
    for i, ev in enumerate(doc.events):
        unit = unit_of.get(id(ev))
        if unit is None:
            continue
        if unit in primary_score:
            scores[i] = min(scores[i], primary_score[unit] - 1e-6)
        else:
            primary_score[unit] = scores[i]
    order = sorted(range(len(doc.events)), key=lambda i: -scores[i])
    return [doc.events[i] for i in order]
