"""Merge: resolve what the report makes clear across sentences, then fold mentions of one event together.

ACLED's unit of coding is designated actors + one place + one day (rules §2). Two passes:

1. Incidents. Mentions told one after another (at most ``INCIDENT_GAP`` sentences apart) on one day at
   one place, sharing a side, are parts of one act when ACLED's merge rule makes them one event:
   explosions, grenades and returned fire within a battle are that battle (§2.2); civilians harmed in
   a battle or an explosion add to it, not a new event; a clause that only says "the vehicle exploded"
   is the bombing already told; a withdrawal at the place a side took is that takeover. The incident
   keeps the most telling sub-type (a takeover over a clash over an explosion; a named weapon over a
   bare "explosion") and one toll: later sentences add detail ("the dead included four soldiers") to
   the same dead, so tolls are never summed over parts. A sentence that marks a new act
   ("another", "a third", "later", "also") starts a new incident.
2. Repeats. Two mentions of the same sub-event type, day and place whose actors do not conflict are one
   event wherever they stand; the merged event keeps the evidence of both, the named actor over a
   generic one, and the lowest fatality figure reported.
"""
from __future__ import annotations

import re

from ..arguments.fatalities import ordinal_reached
from ..model import Event, great_circle_km

UNIDENTIFIED = "Unidentified Armed Group"
ANAPHORIC_PLACE_WINDOW = 2  # sentences back in which "that area" / "there" may find its place


# "Separately, a car bomb exploded in Ain Issa": the act is told as happening somewhere else, so the place
# of the act before is not its place, even when its own place is not in the gazetteer.
ELSEWHERE = re.compile(r"\W*(?:separately|elsewhere|in (?:a |an )?(?:separate|another|other)\b)", re.I)


def elsewhere(text: str, sentence: tuple[int, int]) -> bool:
    return bool(ELSEWHERE.match(text, sentence[0], sentence[1]))


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
        facing = getattr(into, "actor2" if slot == "actor1" else "actor1")
        if theirs and theirs != facing and (not mine or (is_unnamed(mine) and not is_unnamed(theirs))):
            copy_actor(into, slot, other, slot)
    for slot in ("assoc_actor_1", "assoc_actor_2"):
        names = [n for n in (getattr(into, slot) + "; " + getattr(other, slot)).split("; ") if n]
        setattr(into, slot, "; ".join(dict.fromkeys(names)))
    if other.geo_precision is not None and (into.geo_precision is None or other.geo_precision < into.geo_precision
                                            or (other.geo_precision == into.geo_precision
                                                and len(other.location) > len(into.location))):
        copy_place(into, other)
    reached = max((ordinal_reached(sp.text or "") for ev in (into, other) for sp in ev.evidence.get("fatalities") or []),
                  default=0)
    if other.fatalities and (not into.fatalities or other.fatalities < into.fatalities):
        into.fatalities = other.fatalities
    if reached > (into.fatalities or 0):
        # "... killing four soldiers. A fifth soldier died of his wounds": one more death, not a rival count.
        into.fatalities = reached
    into.source = "; ".join(dict.fromkeys(s for s in (into.source + "; " + other.source).split("; ") if s))
    into.confidence = max(into.confidence, other.confidence)
    for name, spans in other.evidence.items():
        for span in spans:
            into.add_evidence(name, span)
    for claim in other.claims:
        if claim not in into.claims:
            into.claims.append(claim)


# The civilians fought back: "villagers repelled the raiders", "residents clashed with the gunmen".
_FOUGHT_BACK = re.compile(r"\b(?:repel\w*|repuls\w*|fought|fight\s+back|clash\w*|exchang\w*\s+(?:of\s+)?fire|"
                          r"gun\s*(?:battle|fight)s?|shoot-?outs?|returned\s+fire|confront\w*|resist\w*|vigilantes?|"
                          r"self-defen[cs]e)\b", re.I)


def raid_on_civilians(text: str, ev: Event) -> None:
    """An armed clash whose other side, all its parts told, is civilians, in a report that tells of no fight
    back: "paramilitaries killed 21 civilians when they raided the village", which the typer read as a clash.
    A battle has two armed sides; harm to those unable to hit back is violence against civilians (ACLED)."""
    if ev.event_type != "Battles" or ev.sub_event_type != "Armed clash" or ev.inter1 in (None, 0, 5, 6, 7) \
            or _FOUGHT_BACK.search(text):
        return
    if ev.inter2 == 7:
        ev.event_type, ev.sub_event_type = "Violence against civilians", "Attack"
    elif not ev.actor2 and ev.inter1 in (2, 3, 4) and any(
            _CIVILIAN_DEAD.search(sp.text or "") for sp in ev.evidence.get("fatalities") or []):
        # A gang's raid told by those who condemn it, "leaving 9 people dead": one armed side, no other, and
        # its dead are people, not fighters.
        ev.event_type, ev.sub_event_type = "Violence against civilians", "Attack"
        ev.actor2, ev.inter2 = civilians_of(ev.country), 7


def _civilian_terms() -> list[str]:
    import json
    from pathlib import Path

    data = json.loads((Path(__file__).resolve().parents[1] / "resources" / "actors.json").read_text(encoding="utf-8"))
    return sorted({t for g in data["generic"] if g["kind"] == "civilians" for t in g["terms"]}, key=len, reverse=True)


# The words the actor table reads as civilians ("people", "villagers"), ending a count of the dead.
_CIVILIAN_DEAD = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in _civilian_terms()) + r")\s*$", re.I)


def civilians_of(country: str | None) -> str:
    return f"Civilians ({country})" if country else "Civilians"


# Strategic developments ACLED codes with no deaths: none of the 183 such events of its development notes
# (looting, changes to a group, arrests, agreements, bases, transfers) has any, while disrupted weapons use
# and "other" sometimes do. Deaths read with one are a violent act's, told or not as such, and counted
# with it would count them twice once that act is reported elsewhere.
DEATHLESS_DEVELOPMENTS = frozenset({"Looting/property destruction", "Change to group/activity", "Arrests", "Agreement",
                                    "Headquarters or base established", "Non-violent transfer of territory"})


def deathless_development(ev: Event) -> None:
    if ev.event_type == "Strategic developments" and ev.sub_event_type in DEATHLESS_DEVELOPMENTS and ev.fatalities:
        ev.fatalities = 0
        ev.evidence.pop("fatalities", None)


class Merge:
    name = "merge"
    requires = ("article", "events", "excluded", "headings", "mentions", "sentences", "places", "country")
    provides = ("events",)

    def __init__(self, actors=None, gazetteer=None):
        self.actors = actors
        self.gazetteer = gazetteer

    def __call__(self, doc) -> None:
        events = list(doc.events)  # one per mention, in the order of their sentences (Arguments)
        sentence_of = {id(m.event): m.sentence for m in doc.mentions if m.event is not None}
        inherited = self.inherit_places(doc, events, sentence_of)
        self.report_country(doc, events)
        # A place the gazetteer lacks or could not settle ("in Ain Issa") still ties the act to a place.
        named_place = {id(ev) for ev in events if names_a_place(doc, sentence_of[id(ev)])}
        self.resolve_unnamed_groups(doc, events)
        fill_counterparts(events)
        escalate_crowds(events)
        events = set_aside(doc, events, [e for e in events if not too_vague(e)],
                           "a total or a time or place too vague to be an act of a day at a place")
        events = set_aside(doc, events, drop_overviews(doc, events, sentence_of),
                           "an overview counting acts the report tells one by one")
        events = group_incidents(doc, events, sentence_of, details=inherited)
        merged: list[Event] = []
        for ev in events:
            target = next((m for m in merged if mergeable(m, ev)), None)
            if target is None:
                merged.append(ev)
            else:
                fold(target, ev)
        if long_report(doc):
            merged = set_aside(doc, merged, [
                ev for ev in merged if placed(ev) or (ev.latitude is None and id(ev) in named_place)
                or at_unnamed_site(doc, ev, sentence_of.get(id(ev)))],
                "no place of its own in a long report, nor a name the gazetteer lacks: a campaign or a "
                "summary told in general (ACLED codes an act at a named place)")
        for ev in merged:
            raid_on_civilians(doc.text, ev)
            deathless_development(ev)
        doc.events = merged

    @staticmethod
    def inherit_places(doc, events: list[Event], sentence_of) -> set[int]:
        """A mention with no place of its own ("in that area") takes the place of the event just before it.
        Returns the ids of the events that did."""
        sentence_index = {s: i for i, s in enumerate(doc.sentences)}
        previous: Event | None = None
        inherited: set[int] = set()
        for ev in events:
            if ev.latitude is None and previous is not None and not elsewhere(doc.text, sentence_of[id(ev)]):
                here = sentence_index.get(sentence_of[id(ev)], 0)
                there = sentence_index.get(sentence_of[id(previous)], 0)
                if here - there <= ANAPHORIC_PLACE_WINDOW:
                    copy_place(ev, previous)
                    inherited.add(id(ev))
            if ev.latitude is not None:
                previous = ev
        return inherited

    def report_country(self, doc, events: list[Event]) -> None:
        """A mention whose place is no name the gazetteer knows ("fighting in the X valley") is still in
        the country the report is about: it keeps no place, but its country lets the cross-report merge
        (which reads a country alone as holding its towns) join it to a report that names the town."""
        code = doc.country
        home = next((pm.place for pm in doc.places or []
                     if pm.place is not None and pm.place.country_code == code and pm.place.country), None)
        if home is None and not code:
            home = self.actors_country(events)
        if home is None:
            return
        for ev in events:
            if ev.latitude is None and not ev.country:
                ev.country, ev.iso = home.country, home.iso

    def actors_country(self, events: list[Event]):
        """The country of a report that names no place the gazetteer knows, from its sides: a medics' update
        on a raid by the Rapid Support Forces on a hamlet the gazetteer spells otherwise is about Sudan, the one
        country ACLED codes that group in. None unless every side ACLED codes in one country only agrees."""
        if self.actors is None or self.gazetteer is None:
            return None
        codes = set()
        for ev in events:
            for name in (ev.actor1, ev.actor2):
                if name and not is_unnamed(name):
                    countries = self.actors.countries_of(name)
                    if len(countries) == 1:
                        codes.add(countries[0])
        row = self.gazetteer.country_row(next(iter(codes))) if len(codes) == 1 else None
        return self.gazetteer.place(row.gid) if row is not None else None

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


def set_aside(doc, before: list[Event], kept: list[Event], reason: str) -> list[Event]:
    """``kept``; the mentions of the events of ``before`` it leaves out go to the report's background with
    ``reason``, so that `sitrep explain --report` says why they gave no event."""
    left_out = {id(ev) for ev in before} - {id(ev) for ev in kept}
    for m in doc.mentions:
        if m.event is not None and id(m.event) in left_out:
            m.cues.append("background: " + reason)
            doc.background.append(m)
    return kept


def too_vague(ev: Event) -> bool:
    """Totals that lack a day and a place are context, not events (rules §1, 'Not an event')."""
    # Unknown is not vague: a snippet with no place or no publication date can still report an event.
    vague_place = ev.geo_precision is not None and ev.geo_precision >= 3
    # A day the source hedges ("around 8 May (as reported)") is coded at a week's precision, yet names a day.
    named_day = any(_DAY.search(sp.text or "") for sp in ev.evidence.get("event_date", ()))
    vague_time = ev.time_precision is not None and (ev.time_precision >= 3 or ev.time_precision == 2 and not named_day)
    aggregate = any(c.aggregate for c in ev.claims)
    # Territory changes hands place by place: "pushed the group out of several towns in the country"
    # names no place that changed hands (rules §2.1: one named place), only the country.
    vague_territory = ev.sub_event_type in TERRITORY and bool(ev.country) and ev.location == ev.country
    return (vague_place and vague_time) or (aggregate and (vague_place or vague_time)) or vague_territory


# "Two militia attacks in the province killed 15", "a series of raids across the state": a lead that counts
# several acts. Twin or double bombings are one act (ACLED codes them as one event), so they are not here.
COUNTED_ACTS = re.compile(r"\b(?:two|three|four|five|six|seven|eight|nine|ten|several|multiple|separate|"
                          r"a (?:series|string|wave|spate) of|\d+)\s+(?:[\w'’-]+\s+){0,2}?"
                          r"(?:attacks|raids|assaults|bombings|ambushes|clashes|massacres|killings)\b", re.I)


def drop_overviews(doc, events: list[Event], sentence_of) -> list[Event]:
    """A lead that counts several acts over a region, followed by the acts themselves at places inside it,
    is an overview, not an event: its toll is the acts' total (ACLED: an aggregate is never a new event),
    and folded into the first act it would give that act the others' dead and the overview's type."""
    out = []
    for ev in events:
        sentence = sentence_of.get(id(ev))
        overview = (sentence is not None and (ev.latitude is None or (ev.geo_precision or 1) >= 3)
                    and COUNTED_ACTS.search(doc.text, *sentence))
        if overview and any(_told_inside(other, ev) for other in events
                            if other is not ev and sentence_of.get(id(other), (0, 0))[0] >= sentence[1]):
            continue
        out.append(ev)
    return out


def _told_inside(act: Event, overview: Event) -> bool:
    """Whether ``act`` is one of the acts an overview counts: placed more precisely, inside its region (or
    its country when the overview has no place), on its day."""
    if act.latitude is None or (act.geo_precision or 1) >= 3 or not same_day(act, overview):
        return False
    if overview.latitude is None:
        return bool(act.country) and act.country == overview.country
    return act.country == overview.country and bool(overview.admin1) and act.admin1 == overview.admin1


_NOT_A_PLACE = (r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|January|February|March|April|May|June|July|August"
                r"|September|October|November|December")
# "in Ain Issa", "near the village of X": a capitalised name where a place goes, resolved or not.
NAMED_PLACE = re.compile(
    r"\b(?:in|at|near|outside|around|the\s+(?:town|city|village|district|neighbou?rhood|camp)\s+of)\s+"
    rf"(?:the\s+(?:\w+\s+){{0,2}}?(?:town|city|village|district|area|neighbou?rhood|camp)\s+of\s+)?"
    rf"(?!(?:{_NOT_A_PLACE})\b)[A-Z][\w'’-]+")


def names_a_place(doc, sentence: tuple[int, int]) -> bool:
    """A place the gazetteer lacks or could not settle, named by name in the sentence, the two before it
    or the story's first sentence (where the news rules look for a place too): 'In X village, ... They
    threw rocks at the police.' A name the gazetteer resolved does not count: the act it was not given to
    is no act at that place ("six were taken to a hospital in X", then "reinforcements were sent")."""
    body = doc.body_sentences()
    before = [x for x in body if x[1] <= sentence[0]]
    settled = [(p.start, p.end) for p in doc.places if p.place is not None]
    return any(not any(a <= m.end() - 1 < b for a, b in settled)
               for s, e in [sentence] + before[-2:] + before[:1] for m in NAMED_PLACE.finditer(doc.text, s, e)) \
        or NAMED_FEATURE.search(doc.text, *sentence) is not None


# "bombed the Qurnat al-Zaytun valley": a named valley, plain or range, which a gazetteer of towns lacks.
NAMED_FEATURE = re.compile(r"\bthe\s+(?:[A-Z][\w'’]*(?:[\s-]+(?:al|el|ad|an|ar|as|at|az|ash|de|du|la)?[\s-]*[A-Z][\w'’]*){0,3})"
                           r"\s+(?:valley|plains?|mountains|hills|range|desert|forest|oasis)\b")


def placed(ev: Event) -> bool:
    """ACLED codes every event at a named place (rules §5). In a report read sentence by sentence, an
    act that neither its own words nor its incident tie to a place, or ties only to a whole country
    ("forces continued to attack the group in Syria and Iraq"), is a campaign or a summary told in
    general, not an act of a day at a place. (A short text typed whole keeps its event: a coder's note
    may leave the place to its columns.)"""
    return ev.latitude is not None and not (ev.country and ev.location == ev.country)


# "a raid on a hamlet in the north of the country", "an attack on a checkpoint near the border": a site the
# report does not name, which is no campaign told in general.
UNNAMED_SITE = re.compile(r"\b(?:an?|one|two|three|several)\s+(?:[\w'’-]+\s+){0,2}?(?:villages?|hamlets?|towns?|"
                          r"camps?|bases?|posts?|outposts?|positions?|checkpoints?|barracks)\b", re.I)


def at_unnamed_site(doc, ev: Event, sentence: tuple[int, int] | None) -> bool:
    """An act its sentence tells at an unnamed site and on a named day, which the report places in no more
    than its country ("Gunmen raided a hamlet in the north of the country on Tuesday,
    killing nine herders"): an act of a day at a place, kept with its country alone so that the cross-report merge (which
    reads a country as holding its towns) joins it to a report that names the village."""
    if sentence is None or not ev.country or not (ev.latitude is None or ev.location == ev.country):
        return False
    dated = any(sp.start is not None and sentence[0] <= sp.start < sentence[1]
                for sp in ev.evidence.get("event_date", ()))
    # "a camp in the town of X": the site has a name, which the gazetteer lacks; the country is no place for it.
    return ev.time_precision == 1 and dated and UNNAMED_SITE.search(doc.text, *sentence) is not None \
        and NAMED_PLACE.search(doc.text, *sentence) is None


def long_report(doc) -> bool:
    from .news import NewsOfTheDay

    return NewsOfTheDay.long_report(doc)


TERRITORY = {"Government regains territory", "Non-state actor overtakes territory", "Non-violent transfer of territory"}


INCIDENT_GAP = 2  # sentences between two parts of one incident told in a row
REGION_KM = 250.0  # how far from a region's point a place it holds may lie ("northern Iraq")
NEAR_KM = 25.0  # two places this close are one place for an incident ("near Tal al-Ward", "south of Kirkuk")
# A clause that opens a further act: "a third car bomb", "another attack", "hours later", "also fired".
NEW_ACT = re.compile(r"\b(?:another|second|third|fourth|fifth|further|separate(?:ly)?|later|also|meanwhile|"
                     r"elsewhere|earlier|more|again)\b", re.I)
# Ranks within one incident: the sub-type an incident takes is its highest-ranked part's.
BATTLE_RANK = {"Government regains territory": 3, "Non-state actor overtakes territory": 3, "Armed clash": 2}
# A bare explosion ("the vehicle exploded") is typed Remote explosive for want of a weapon; a part that
# names the weapon tells more.
GENERIC_EXPLOSION = "Remote explosive/landmine/IED"
CIVILIANS = 7


def _km(a: Event, b: Event) -> float:
    return great_circle_km(a.latitude, a.longitude, b.latitude, b.longitude)


def incident_place(a: Event, b: Event) -> bool:
    """One place for an incident: the same, close by, or a province that holds the other."""
    if a.latitude is None or b.latitude is None or same_place(a, b) or _km(a, b) <= NEAR_KM:
        return True
    wide, narrow = (a, b) if (a.geo_precision or 1) >= (b.geo_precision or 1) else (b, a)
    if (wide.geo_precision or 1) < 3 or wide.country != narrow.country:
        return False
    if wide.location in (wide.country, wide.admin1) or not wide.location:
        # A country holds too much: a strike list names many places in it, each an event of its own.
        return bool(wide.admin1) and wide.admin1 == narrow.admin1 and wide.location != wide.country
    # A region named by its part of a country ("northern Iraq", "the Nineveh plains") spans provinces:
    # its point lies in one of them only, so nearness, not the province, says it holds the place.
    return _km(a, b) <= REGION_KM


def _named(ev: Event) -> set[str]:
    return {a for a in (ev.actor1, ev.actor2) if a and not is_unnamed(a)}


def incident_actors(sides: set[str], ev: Event, same_kind: bool) -> bool:
    """The part shares a named side with the incident, or, when both are of one sub-type, names none it
    could contradict. Parts of different types must share a side: a strike list's "fighting positions"
    is no battle that the next strike belongs to."""
    named = _named(ev)
    if not sides or (same_kind and not named):
        return True
    return bool(named & sides)


def _same_kind(a: Event, b: Event) -> bool:
    return a.sub_event_type == b.sub_event_type


PROPERTY_DESTRUCTION = "Looting/property destruction"
ABDUCTION = "Abduction/forced disappearance"
VIOLENT_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians"}


def parts_of_one_act(lead: Event, ev: Event) -> bool:
    """Whether ACLED's merge rule makes ``ev`` part of the incident whose top part is ``lead`` (types only)."""
    kinds = {lead.event_type, ev.event_type}
    if lead.sub_event_type == ev.sub_event_type:
        return True
    if PROPERTY_DESTRUCTION in (lead.sub_event_type, ev.sub_event_type) and kinds & VIOLENT_TYPES:
        # Houses burnt or a school destroyed by the bombs or raid that killed the people there are that
        # act's damage: ACLED codes destruction as its own event only when nothing else happened.
        return True
    if kinds == {"Battles"}:
        return True  # a clash at the place a side took that day is the takeover
    if "Battles" in kinds:
        battle, other = (lead, ev) if lead.event_type == "Battles" else (ev, lead)
        if other.sub_event_type == "Non-violent transfer of territory":
            return True  # a withdrawal from the place fought over or taken is that fight's end
        # Explosions and attacks on civilians inside a fight are that fight (§2.2). A takeover is the end
        # of a fight, not the fight: bombs told beside it stay their own events.
        return battle.sub_event_type == "Armed clash" and other.event_type in (
            "Explosions/Remote violence", "Violence against civilians")
    if {lead.sub_event_type, ev.sub_event_type} & set(CROWD_ORDER) and "Arrests" in (
            lead.sub_event_type, ev.sub_event_type):
        return True  # arrests at a demonstration are its intervention, not a second event (§1 Protests)
    if {lead.sub_event_type, ev.sub_event_type} == {"Attack", ABDUCTION}:
        return True  # gunmen who stormed a place and took people away: one act (_abduction_or_attack)
    if kinds == {"Explosions/Remote violence"}:
        return GENERIC_EXPLOSION in (lead.sub_event_type, ev.sub_event_type)
    # Civilians killed by a bombing are its victims, not a second event.
    return (kinds == {"Explosions/Remote violence", "Violence against civilians"}
            and "Attack" in (lead.sub_event_type, ev.sub_event_type))


def _rank(ev: Event) -> tuple[int, int]:
    if ev.event_type == "Battles":
        return (3, BATTLE_RANK.get(ev.sub_event_type, 1))
    if ev.event_type == "Explosions/Remote violence":
        return (2, 0 if ev.sub_event_type == GENERIC_EXPLOSION else 1)
    if ev.event_type == "Violence against civilians":
        return (1, 0)
    if ev.sub_event_type in CROWD_ORDER:
        return (0, 1)
    return (0, 0)


NEW_ACT_REACH = 60  # characters before the trigger in which a marker opens a further act
# "for a third day", "more than 20": counts of days or people, not of acts.
NOT_AN_ACT = re.compile(r"\s+(?:day|days|week|weeks|month|months|year|years|time|than)\b", re.I)


# "South of the city, police retook a village": a sentence that opens by moving away from the place told
# before tells an act somewhere else, even when that place is only known as near the city.
MOVED_AWAY = re.compile(r"\W*(?:(?:to\s+the\s+|further\s+|farther\s+)?(?:north|south|east|west)(?:-?(?:east|west))?"
                        r"\s+of\b|further\s+(?:north|south|east|west)\b)", re.I)


def new_act(doc, sentence: tuple[int, int], trigger_start: int) -> bool:
    if MOVED_AWAY.match(doc.text, sentence[0], sentence[1]):
        return True
    start = max(sentence[0], trigger_start - NEW_ACT_REACH)
    return any(not NOT_AN_ACT.match(doc.text, m.end())
               for m in NEW_ACT.finditer(doc.text, start, max(start, trigger_start)))


def detail_of(lead: Event, ev: Event) -> bool:
    """"Air strikes killed 20 in X, activists say. They said several missiles hit a street on Sunday.": a
    part that names no place of its own and no side the act told before lacks, told right after an
    explosion of another kind, is that explosion's detail (its day, its weapon), not a second act."""
    return lead.event_type == ev.event_type == "Explosions/Remote violence" and _named(ev) <= _named(lead)


def group_incidents(doc, events: list[Event], sentence_of, details: set[int] = frozenset()) -> list[Event]:
    """Fold the parts of each incident into one event (see the module's docstring); order is kept.
    ``details``: the events whose place is the one told before them (Merge.inherit_places)."""
    index = {s: i for i, s in enumerate(doc.sentences)}
    unit_index = {}
    for m in doc.mentions:
        if m.event is not None:
            # A clause's sentence: the sentence that holds its start.
            unit_index[id(m.event)] = next((i for s, i in index.items() if s[0] <= m.sentence[0] < s[1]),
                                           index.get(m.sentence, 0))
    trigger_of = {id(m.event): m.trigger[0] for m in doc.mentions if m.event is not None}
    incidents: list[dict] = []  # {"parts": [...], "last": sentence index, "sides": set}
    for ev in events:
        here = unit_index.get(id(ev), 0)
        home = None
        if not new_act(doc, sentence_of.get(id(ev), (0, 0)), trigger_of.get(id(ev), 0)):
            for inc in reversed(incidents):
                if here - inc["last"] > INCIDENT_GAP:
                    break
                detail = id(ev) in details and detail_of(inc["top"], ev)
                if (all(same_day(ev, p) for p in inc["parts"]) and (detail or parts_of_one_act(inc["top"], ev))
                        and all(incident_place(p, ev) for p in inc["parts"])
                        and (detail or incident_actors(inc["sides"], ev, same_kind=_same_kind(inc["top"], ev)))):
                    home = inc
                    break
        if home is None:
            incidents.append({"parts": [ev], "last": here, "sides": _named(ev), "top": ev})
        else:
            home["parts"].append(ev)
            home["last"] = here
            home["sides"] |= _named(ev)
            if _rank(ev) > _rank(home["top"]):
                home["top"] = ev
    return [fold_incident(inc["parts"], _abduction_or_attack(inc["parts"], _one_sided_top(inc["parts"], inc["top"])))
            for inc in incidents]


def _abduction_or_attack(parts: list[Event], top: Event) -> Event:
    """An attack on civilians told with the kidnapping it was for ("armed men stormed the church ... took
    away 22 worshippers") is an Abduction when nobody was killed, an Attack when somebody was (rules §1)."""
    kinds = {p.sub_event_type: p for p in parts}
    if top.sub_event_type not in ("Attack", ABDUCTION) or not {"Attack", ABDUCTION} <= set(kinds):
        return top
    return kinds["Attack"] if any(p.fatalities for p in parts) else kinds[ABDUCTION]


_NOT_ARMED = (None, 5, 6, 7)  # rioters, protesters and civilians are no side of a battle


def _one_sided_top(parts: list[Event], top: Event) -> Event:
    """A battle needs two organised armed sides (rules §1). "Militants killed 12 farmers. The gunmen
    arrived at dawn.": a clause typed as a clash that names one armed side, in an incident whose only
    other side is its civilian victims, is the attack on them told again, not a fight."""
    if top.sub_event_type != "Armed clash":
        return top
    armed = {a for p in parts for a, i in ((p.actor1, p.inter1), (p.actor2, p.inter2)) if a and i not in _NOT_ARMED}
    if len(armed) > 1 or top.inter2 not in _NOT_ARMED:
        return top
    victims = [p for p in parts if p.event_type in ("Violence against civilians", "Explosions/Remote violence")
               and p.inter2 == CIVILIANS]
    return max(victims, key=_rank) if victims else top


def _dated(ev: Event) -> bool:
    """Whether the report names the event's day; otherwise it is the publication date, a guess."""
    return "event_date" in ev.evidence


def same_day(a: Event, b: Event) -> bool:
    return a.event_date == b.event_date or not (_dated(a) and _dated(b))


def fold_incident(parts: list[Event], top: Event) -> Event:
    """One event for an incident: the top part's type and actors, the others' evidence and missing
    fields, and one toll (the lowest reported, as for repeats: two figures for the same dead are two
    claims, not two sets of dead)."""
    battle = top.event_type == "Battles"
    for p in parts:
        if p is top:
            continue
        if battle:
            # Civilians harmed in a battle are not one of its sides.
            for slot in ("actor1", "actor2"):
                if getattr(p, "inter" + slot[-1]) == CIVILIANS:
                    setattr(p, slot, "")
                    setattr(p, "inter" + slot[-1], None)
        if p.sub_event_type == "Arrests" and top.sub_event_type == "Peaceful protest":
            top.sub_event_type = "Protest with intervention"  # arrests are an intervention
        if not _dated(top) and _dated(p):
            top.event_date, top.time_precision = p.event_date, p.time_precision
        fold(top, p)
    return top
