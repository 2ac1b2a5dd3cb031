"""Merge: resolve what the report makes clear across sentences, then fold mentions of one event together.

ACLED's unit of coding is designated actors + one place + one day (rules §2). Two mentions of the same
sub-event type, day and place whose actors do not conflict are one event; the merged event keeps the
evidence of both, the named actor over a generic one, and the lowest fatality figure reported.
"""
from __future__ import annotations

import re

from ..model import Event

UNIDENTIFIED = "Unidentified Armed Group"
ANAPHORIC_PLACE_WINDOW = 2  # sentences back in which "that area" / "there" may find its place


def is_unnamed(actor: str) -> bool:
    return not actor or actor.startswith(UNIDENTIFIED)


def actors_compatible(a: str, b: str) -> bool:
    return is_unnamed(a) or is_unnamed(b) or a == b


def same_place(a: Event, b: Event) -> bool:
    if a.latitude is None or b.latitude is None:
        return True
    if a.location == b.location:
        return True
    # A district and its city are one place for merging: "Aleppo - X" with "Aleppo".
    return a.location.startswith(b.location + " - ") or b.location.startswith(a.location + " - ")


def mergeable(a: Event, b: Event) -> bool:
    return (a.sub_event_type == b.sub_event_type and a.event_date == b.event_date and same_place(a, b)
            and actors_compatible(a.actor1, b.actor1) and actors_compatible(a.actor2, b.actor2))


PLACE_FIELDS = ("location", "latitude", "longitude", "geo_precision", "country", "iso", "admin1", "admin2")


def copy_place(into: Event, other: Event) -> None:
    for name in PLACE_FIELDS:
        setattr(into, name, getattr(other, name))
    into.evidence["location"] = list(other.evidence.get("location", []))


def copy_actor(into: Event, slot: str, other: Event, other_slot: str) -> None:
    """Set ``into``'s actor1 or actor2 to ``other``'s actor in ``other_slot``, with its code and evidence."""
    setattr(into, slot, getattr(other, other_slot))
    setattr(into, "inter" + slot[-1], getattr(other, "inter" + other_slot[-1]))
    into.evidence[slot] = list(other.evidence.get(other_slot, []))


def fold(into: Event, other: Event) -> None:
    for slot in ("actor1", "actor2"):
        mine, theirs = getattr(into, slot), getattr(other, slot)
        # A named actor replaces an unnamed one; an empty slot takes whatever the other mention has.
        if theirs and (not mine or (is_unnamed(mine) and not is_unnamed(theirs))):
            copy_actor(into, slot, other, slot)
    for slot in ("assoc_actor_1", "assoc_actor_2"):
        names = [n for n in (getattr(into, slot) + "; " + getattr(other, slot)).split("; ") if n]
        setattr(into, slot, "; ".join(dict.fromkeys(names)))
    if other.geo_precision is not None and (into.geo_precision is None or other.geo_precision < into.geo_precision
                                            or (other.geo_precision == into.geo_precision
                                                and len(other.location) > len(into.location))):
        copy_place(into, other)
    if other.fatalities and (not into.fatalities or other.fatalities < into.fatalities):
        into.fatalities = other.fatalities
    into.source = "; ".join(dict.fromkeys(s for s in (into.source + "; " + other.source).split("; ") if s))
    into.confidence = max(into.confidence, other.confidence)
    for name, spans in other.evidence.items():
        for span in spans:
            into.add_evidence(name, span)
    for claim in other.claims:
        if claim not in into.claims:
            into.claims.append(claim)


class Merge:
    name = "merge"
    requires = ("events", "mentions", "sentences")
    provides = ("events",)

    def __call__(self, doc) -> None:
        events = list(doc.events)  # one per mention, in the order of their sentences (Arguments)
        sentence_of = {id(m.event): m.sentence for m in doc.mentions if m.event is not None}
        self.inherit_places(doc, events, sentence_of)
        self.resolve_unnamed_groups(doc, events)
        fill_counterparts(events)
        escalate_crowds(events)
        events = [e for e in events if not too_vague(e)]
        merged: list[Event] = []
        for ev in events:
            target = next((m for m in merged if mergeable(m, ev)), None)
            if target is None:
                merged.append(ev)
            else:
                fold(target, ev)
        doc.events = merged

    @staticmethod
    def inherit_places(doc, events: list[Event], sentence_of) -> None:
        """A mention with no place of its own ("in that area") takes the place of the event just before it."""
        sentence_index = {s: i for i, s in enumerate(doc.sentences)}
        previous: Event | None = None
        for ev in events:
            if ev.latitude is None and previous is not None:
                here = sentence_index.get(sentence_of[id(ev)], 0)
                there = sentence_index.get(sentence_of[id(previous)], 0)
                if here - there <= ANAPHORIC_PLACE_WINDOW:
                    copy_place(ev, previous)
            if ev.latitude is not None:
                previous = ev

    @staticmethod
    def resolve_unnamed_groups(doc, events: list[Event]) -> None:
        """When a report names exactly one non-state armed group, its "insurgents" and "militants" are that group."""
        named = {(e.actor1, e.inter1) for e in events if e.actor1 and not is_unnamed(e.actor1) and e.inter1 in (2, 3, 4)}
        named |= {(e.actor2, e.inter2) for e in events if e.actor2 and not is_unnamed(e.actor2) and e.inter2 in (2, 3, 4)}
        if len(named) != 1:
            return
        name, inter = next(iter(named))
        for ev in events:
            for slot in ("actor1", "actor2"):
                if getattr(ev, slot).startswith(UNIDENTIFIED):
                    setattr(ev, slot, name)
                    setattr(ev, "inter" + slot[-1], inter)


# A demonstration's moments from calm to violent; ACLED codes one demonstration by its most serious moment.
CROWD_ORDER = ("Peaceful protest", "Protest with intervention", "Excessive force against protesters",
               "Violent demonstration")
CROWD_INTERS = (5, 6)


def escalate_crowds(events: list[Event]) -> None:
    """"Hundreds marched in X. Police fired tear gas to disperse them.": one demonstration told in two
    sentences. Its mentions on one day and place take the most serious sub-type, so they merge."""
    groups: dict[tuple, list[Event]] = {}
    for ev in events:
        if ev.sub_event_type in CROWD_ORDER:
            groups.setdefault((ev.event_date, ev.location), []).append(ev)
    for evs in groups.values():
        top = max(evs, key=lambda e: CROWD_ORDER.index(e.sub_event_type))
        for ev in evs:
            if ev is top or ev.sub_event_type == top.sub_event_type:
                continue
            ev.event_type, ev.sub_event_type = top.event_type, top.sub_event_type
            if ev.inter1 in CROWD_INTERS and top.inter1 in CROWD_INTERS:
                ev.actor1, ev.inter1 = top.actor1, top.inter1


# Sub-event types whose events have a side acted upon, even when the clause does not name it.
TWO_SIDED = {"Battles", "Explosions/Remote violence"}
TWO_SIDED_SUB = {"Disrupted weapons use"}


def fill_counterparts(events: list[Event]) -> None:
    """One incident told in several clauses: "a third bomb went off" or "troops destroyed four more
    bombs" name only one side; the other is the side it faces in that incident (same day and place)."""
    for ev in events:
        if not ev.actor1 or ev.actor2 or (ev.event_type not in TWO_SIDED and ev.sub_event_type not in TWO_SIDED_SUB):
            continue
        for other in events:
            if other is ev or not (other.actor1 and other.actor2) or other.event_date != ev.event_date:
                continue
            if not same_place(ev, other) or other.latitude is None:
                continue
            if ev.actor1 in (other.actor1, other.actor2):
                copy_actor(ev, "actor2", other, "actor2" if other.actor1 == ev.actor1 else "actor1")
                break


_DAY = re.compile(r"(?<!\d)[0-3]?\d(?!\d)")


def too_vague(ev: Event) -> bool:
    """Totals that lack a day and a place are context, not events (rules §1, 'Not an event')."""
    # Unknown is not vague: a snippet with no place or no publication date can still report an event.
    vague_place = ev.geo_precision is not None and ev.geo_precision >= 3
    # A day the source hedges ("around 8 May (as reported)") is coded at a week's precision, yet names a day.
    named_day = any(_DAY.search(sp.text or "") for sp in ev.evidence.get("event_date", ()))
    vague_time = ev.time_precision is not None and (ev.time_precision >= 3 or ev.time_precision == 2 and not named_day)
    aggregate = any(c.aggregate for c in ev.claims)
    return (vague_place and vague_time) or (aggregate and (vague_place or vague_time))
