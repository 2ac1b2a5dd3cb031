"""ACLED-style notes: "On 1 February 2020, X carried out a suicide bombing against Y in Z. Fatalities: 0." """
from __future__ import annotations

import datetime as dt

from ..model import Event
from .lexicon import lexicon


def write_notes(event: Event) -> str:
    """A short ACLED-style note from the event's fields: date, actors, what, where, who says so, deaths."""
    lex = lexicon("notes")
    phrases = lex["phrases"].get(event.sub_event_type) or lex["phrases"]["Other"]
    a1 = _with_assoc(event.actor1, event.assoc_actor_1)
    a2 = _with_assoc(event.actor2, event.assoc_actor_2)
    if event.sub_event_type == "Excessive force against protesters" and not event.actor2:
        body = phrases[1].format(a1=a1 or "Protesters")
    elif a1 and a2:
        body = phrases[0].format(a1=a1, a2=a2)
    elif a1:
        body = phrases[1].format(a1=a1)
    elif a2:
        body = phrases[0].format(a1=lex["unknown_actor"], a2=a2)
    else:
        body = phrases[1].format(a1=lex["unknown_actor"])
    body = body[0].lower() + body[1:] if body.startswith("an explosive") else body
    place = _place(event)
    claimants = []
    for c in event.claims:
        if c.claimed_by and not c.aggregate and c.claimed_by not in claimants:
            claimants.append(c.claimed_by)
    if not claimants:
        # "TRT World; SANA": the outlet first, then who it quotes
        claimants = [x.strip() for x in (event.source or "").split(";")[1:] if x.strip()]
    text = f"{_date_phrase(event)}, {body}"
    if place:
        text += f" in {place}"
    if claimants:
        text += f" (according to {' and '.join(claimants)})"
    text += f". Fatalities: {event.fatalities}."
    for c in event.claims:
        if c.aggregate and c.kind == "fatalities" and c.value:
            who = c.claimed_by or "A report"
            where = f" in {c.place}" if c.place else ""
            when = f" {c.period}" if c.period else ""
            text += f" {who[0].upper() + who[1:]} reported {c.value} deaths{where}{when} (an aggregate, not counted here)."
    if event.event_type in lex["size_tag_types"]:
        text += " [size=no report]"
    return text


def _with_assoc(actor: str, assoc: str) -> str:
    if actor and assoc:
        return f"{actor} (with {assoc.replace('; ', ' and ')})"
    return actor


def _place(event: Event) -> str:
    loc = event.location or ""
    if " - " in loc:
        city, district = loc.split(" - ", 1)
        loc = f"{district}, {city}"
        top = city
    else:
        top = loc
    if event.admin1 and event.admin1 not in (top, loc) and loc:
        loc = f"{loc}, {event.admin1}"
    elif not loc and event.admin1:
        loc = event.admin1
    if event.country and loc and event.country not in loc and not event.admin1:
        loc = f"{loc}, {event.country}"
    return loc


def _date_phrase(event: Event) -> str:
    if not event.event_date:
        return "On an unknown date"
    try:
        d = dt.date.fromisoformat(str(event.event_date)[:10])
    except ValueError:
        return "On an unknown date"
    day = f"{d.day} {d:%B %Y}"
    if event.time_precision == 2:
        return f"Around {day} (week of)"
    if event.time_precision == 3:
        return f"In {d:%B %Y}"
    return f"On {day}"
