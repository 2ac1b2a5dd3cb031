"""Cross-report merging: which event mentions of different articles are one real incident, and the
merged event they make.

Pure Python (no SQLite, no spaCy): the store runs it incrementally, `sitrep scale` per group of
country and time window, and both get the same events for the same mentions.

The test for "same incident" (``same_incident``), all four must hold:

- the same event type family (``family``): ACLED's event type, with Protests and Riots one family
  (one crowd is a peaceful protest to one outlet and a riot to another) and each sub-type of
  Strategic developments its own (an arrest and a looting are not one act); an "Attack" on civilians
  also fits an explosion whose victims are civilians, or an air/drone strike whatever its target
  (``families_fit``: ACLED codes that attack as the explosion); and an "Attack" on civilians fits a
  clash whose only organised side is its perpetrator (``one_sided_clash``: "vigilantes fought the
  raiders off" and "the raiders killed villagers" are one raid, coded as the attack);
- places within ``PLACE_KM`` of each other, or the same name, or one inside the other (a province or
  country named alone holds a town of it, as does the country of a mention with no place, and so does
  a district named after its town with the unit's word: "Maru local government area"), or within
  ``DISTRICT_KM`` when one report names only the district or province the other lies in;
- date windows that overlap: an exact day is itself (a day read from no words of the report, the
  week ending on it), a week (time_precision 2) the three days either side of its middle, a month (3)
  the whole month; when one of the dates is loose (read from no words
  of the report, the publication day itself, or told as the night), windows ``DATE_SLACK_DAYS`` apart fit too, unless
  they are explosions of other weapons (another sub-type, or a drone against a bomb: ``weapons``). Exact days
  read from the text stay strict: ACLED codes fighting on two days as two events;
- compatible actors: each side of one mention is unnamed, or the same as (or associated with) a side
  of the other, or of the same state's forces; ACLED's actor1/actor2 imply no direction, so the sides
  may be swapped.

Mentions of one article are never merged here: the article's own merge stage
(``sitrep/stages/merge.py``) already decided they are different acts.

Clustering is complete linkage over the "same" pairs, taken best pair first (same sub-type, then
nearer, then closer in time, then by the mentions' ids): two groups join only when every mention of
one is the same incident as every mention of the other. It runs within blocks (``blocks``): the
mentions joined by each mention's best link. Links chain a dense store's incidents, days apart, into
components that grow with the time it covers; a block stays small, so the store merges a new
article's block again, not its component. So a vague report ("gunmen attacked the
town") that fits two look-alike incidents joins one of them and never glues them together, and the
result does not depend on the order of the input.

The merged event (``combine``), following ACLED's rules on sources and fatalities:
- sources in first-seen order (earliest published, then article id, then position); ``source`` joins
  the outlets of all of them with "; ", ``source_scale`` their scales with "-";
- fatalities (``standing_toll``): exact counts before approximate ones, a toll told as risen over every
  earlier report, then the lowest (ACLED: conflicting figures, the lowest; a revision edits the event),
  where a mention that reports no deaths gives no figure; every other figure stays in ``claims`` with
  the article and outlet that reported it;
- the most precise place (lowest geo_precision) and date (lowest time_precision), the most common
  sub-type, the mention naming the most actors for actor1/actor2;
- ``evidence`` and ``notes`` of the first source (offsets index ``article_id``'s text); every source's
  own spans in ``sources[i]["evidence"]``.
"""
from __future__ import annotations

import bisect
import calendar
import datetime as dt
import hashlib
import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..model import ACLED_FIELDS, SUB_EVENT_TYPES

# Chosen on `python3 bench/merge/score.py --part tune` only (README, "Merging across reports"): the tuning
# part's farthest reports of one incident name towns 31.6 km apart (Mbau, Mocimboa da Praia), its nearest
# look-alikes 37.9 km (Marte, Dikwa); 34 km lies between. A one-day slack for loose dates joins reports
# dated a day apart where one date is the publication day (Tal Tamr, Mongbwalu); the tuning part's
# look-alikes in one place
# are two or more days apart.
PLACE_KM = 34.0
# A report that places an act only at a district or province it names, which the geocoder sets at a town of
# it (often the capital), may be that far from the village another report names, inside that area: the
# development parts' widest such pair is a province's capital 46 km from the village (Catarman / Las
# Navas). Villages each named as the place ("near Vodyane") stay within PLACE_KM: on ACLED's development
# notes the front-line villages of one district, 40-60 km apart, are different events.
DISTRICT_KM = 2 * PLACE_KM
DATE_SLACK_DAYS = 1
WEEK_HALF_DAYS = 3
# A report that names no day for an act ("civilians face ongoing shelling") tells of the days before it
# was published: ACLED's week (time_precision 2) ending on the day filled in.
UNDATED_BACK_DAYS = 6
# A report dated only by when an official spoke ("police said on Tuesday") tells of an act of that day or
# the days just before: the news cycle of a wire, which names the act's own day when it is older. Not
# chosen on a benchmark (no development report is dated this way alone).
SPOKEN_BACK_DAYS = 2
# Clustering runs within blocks: the mentions joined by each mention's best link (``blocks``). Without
# them a dense store's links chain incidents days apart into components that grow with the time the
# store covers (thousands of mentions on the synthetic merge bench at 50,000 events), all of which the
# store had to cluster again for each new article; a block stays small (at most 17 mentions there, at
# 10,000 as at 50,000 events), so merging an article costs the same in a store of any size. Complete
# linkage inside a block decides the groups as before: on the merge bench's development parts (tune,
# written, written2) every group is the same as without blocks. A mention's two best links would chain
# again (blocks of up to 935 mentions at 50,000 events).
# The widest window a mention can have (a month, 31 days, plus the slack on both sides): the store's
# index looks this far back for windows that could overlap.
MAX_WINDOW_DAYS = 31 + DATE_SLACK_DAYS

SCALES = ["Local", "Subnational", "National", "Regional", "International", "Other"]  # ACLED's order
# Sides that name nobody in particular: an unidentified group, or civilians (one outlet's "soldiers"
# killed by a car bomb are another's "people"), so they fit any actor on that side.
UNNAMED = re.compile(r"^(?:Unidentified|Unknown|Civilians)\b", re.I)
# One crowd is "protesters" to one outlet and "rioters" to another.
_CROWD = re.compile(r"^rioters\b")
_PERIOD = re.compile(r"\s*\((?:\d{4}-(?:\d{4})?)\)(?:\s+\S.*)?$")


@dataclass
class Decision:
    same: bool
    reasons: list[str] = field(default_factory=list)
    # Smaller is a better match; used to take the best pairs first when clustering.
    score: tuple = ()

    def __bool__(self) -> bool:
        return self.same


def family(rec: dict) -> str | None:
    et = rec.get("event_type") or SUB_EVENT_TYPES.get(rec.get("sub_event_type") or "")
    if not et:
        return None
    if et in ("Protests", "Riots"):
        return "Demonstrations"
    if et == "Strategic developments":
        return f"Strategic developments: {rec.get('sub_event_type') or ''}"
    return et


EXPLOSIONS, VIOLENCE_AGAINST_CIVILIANS, BATTLES = "Explosions/Remote violence", "Violence against civilians", "Battles"
# Strikes from the air: the side that strikes tells of a strike on fighters, the side that buries the dead
# of a massacre of civilians, so the striker's word on the target does not keep the two reports apart. A
# bomb set or carried to its target (IED, suicide bomb) is aimed, and an attack on civilians is no
# bombing aimed at soldiers. Shelling is left out: on ACLED's development notes, front lines see shelling
# of fighters and separate attacks on civilians by the same side, in the same place, on the same day.
REMOTE_STRIKES = ("Air/drone strike",)


# The kinds of weapon a report names for an explosion, read from the words its sub-type came from. One
# ACLED sub-type holds several (Air/drone strike: a bomb dropped by a warplane, a Shahed drone), and a city
# struck most days meets each on different days. Words one outlet uses for what another names otherwise
# share a kind: a warplane drops the bomb, "shelling" is told of rockets and missiles too; "air strike"
# and "bombardment" are told of any of them, so they name no kind.
_WEAPON_WORDS = (
    ("drone", re.compile(r"\b(?:drones?|uavs?|shaheds?|quadcopters?|unmanned)\b", re.I)),
    ("bomb or aircraft", re.compile(r"\b(?:bombs?|bombings?|bombed|bombers?|warplanes?|aircraft|jets?|"
                                    r"helicopters?|planes?)\b", re.I)),
    ("missile, rocket or shell", re.compile(r"\b(?:missiles?|rockets?|shells?|shelling|shelled|mortars?|"
                                            r"artillery|howitzers?)\b", re.I)),
)


def weapons(rec: dict) -> frozenset[str]:
    """The kinds of weapon (``_WEAPON_WORDS``) in the words the mention's sub-type was read from."""
    spans = (rec.get("evidence") or {}).get("sub_event_type") or []
    said = " ".join(str(sp.get("text") or "") for sp in spans if isinstance(sp, dict))
    return frozenset(kind for kind, words in _WEAPON_WORDS if words.search(said))


def _weapon_told(rec: dict, kinds: frozenset[str]) -> str:
    """A mention's sub-type and the weapon kinds its words name, for the reason a merge gives."""
    return f"{rec.get('sub_event_type')}{': ' + ' + '.join(sorted(kinds)) if kinds else ''}"


def _targets_civilians(rec: dict) -> bool:
    return bool(rec.get("civilian_targeting")) or (rec.get("actor2") or "").startswith("Civilians")


def families_fit(a: dict, b: dict) -> bool:
    """The same family, or one attack on civilians told at two levels of detail: ACLED codes a bombing or
    shelling of civilians as Explosions/Remote violence (with civilian targeting), so a report that only
    says "the attack" on the people there (Violence against civilians, Attack) is that explosion when
    the explosion's victims are civilians, or when it is an air strike (``REMOTE_STRIKES``). Or one raid
    told as an attack on civilians by one outlet and as a clash with nobody organised on the other side by
    another (``one_sided_clash``); whether the raiders are the same is the actors' test (``same_incident``)."""
    fa, fb = family(a), family(b)
    if fa is None or fb is None:
        return False
    if fa == fb:
        return True
    if {fa, fb} == {BATTLES, VIOLENCE_AGAINST_CIVILIANS}:
        attack, clash = (a, b) if fa == VIOLENCE_AGAINST_CIVILIANS else (b, a)
        return attack.get("sub_event_type") == "Attack" and one_sided_clash(clash) is not None
    if {fa, fb} != {EXPLOSIONS, VIOLENCE_AGAINST_CIVILIANS}:
        return False
    attack, explosion = (a, b) if fa == VIOLENCE_AGAINST_CIVILIANS else (b, a)
    return attack.get("sub_event_type") == "Attack" and (_targets_civilians(explosion)
                                                         or explosion.get("sub_event_type") in REMOTE_STRIKES)


# Sides that are no organised armed group (ACLED, "Actors": rioters, protesters and civilians are exempt).
# An unidentified armed group is organised, only unnamed: a clash with one is a battle.
_UNORGANISED = re.compile(r"^(?:Rioters|Protesters|Civilians)\b", re.I)


def _organised(name: str | None) -> bool:
    return bool((name or "").strip()) and not _UNORGANISED.match(name.strip())


def one_sided_clash(rec: dict) -> str | None:
    """The one organised side of an armed clash whose other side is nobody organised (unnamed, unidentified,
    civilians, a crowd): "the people of the village confronted the militia", "vigilantes fought off the
    raiders". ACLED codes harm to those unable to hit back as Violence against civilians, and another outlet
    tells the same raid that way; a clash of two named groups is a battle of its own (ACLED codes the army
    engaging raiders and the raiders' killings as two events). None for any other record."""
    if family(rec) != BATTLES or rec.get("sub_event_type") not in ("Armed clash", None, ""):
        return None
    sides = [_side(rec, 1)[0], _side(rec, 2)[0]]
    organised = [x for x in sides if _organised(x)]
    return organised[0] if len(organised) == 1 and is_named(organised[0]) else None


def fitting_families(rec: dict) -> tuple[str, ...]:
    """The families whose mentions ``families_fit`` may join to ``rec``'s: what candidates are looked up in."""
    f = family(rec)
    if f == EXPLOSIONS:
        return (f, VIOLENCE_AGAINST_CIVILIANS)
    if f == VIOLENCE_AGAINST_CIVILIANS and rec.get("sub_event_type") == "Attack":
        return (f, EXPLOSIONS, BATTLES)
    if f == BATTLES and one_sided_clash(rec) is not None:
        return (f, VIOLENCE_AGAINST_CIVILIANS)
    return (f,) if f else ()


def _day(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def window(rec: dict) -> tuple[dt.date, dt.date] | None:
    """The days the mention's date stands for, before the slack; None when undated. A day read from no
    words of the report (the publication day, or a lead's day, filled in) is a guess at the latest day
    the act can have been: it stands for the ``UNDATED_BACK_DAYS`` before it too; so, for
    ``SPOKEN_BACK_DAYS``, does the day someone spoke of it."""
    day = _day(rec.get("event_date"))
    if day is None:
        return None
    tp = int(rec.get("time_precision") or 1)
    said = (rec.get("evidence") or {}).get("event_date")
    if tp == 1 and not said:
        return day - dt.timedelta(days=UNDATED_BACK_DAYS), day
    if tp == 1 and all(isinstance(sp, dict) and _SPOKEN.match(str(sp.get("text") or "")) for sp in said):
        # The day someone spoke of the act ("police said on Tuesday"): the act was then or shortly before.
        return day - dt.timedelta(days=SPOKEN_BACK_DAYS), day
    if tp >= 3:
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1), day.replace(day=last)
    if tp == 2:
        half = dt.timedelta(days=WEEK_HALF_DAYS)
        return day - half, day + half
    return day, day


def day_range(rec: dict) -> tuple[int, int] | None:
    """``window`` as day ordinals, its end pushed ``DATE_SLACK_DAYS`` later (what the store indexes): two
    such ranges overlap when the windows are at most the slack apart."""
    w = window(rec)
    if w is None:
        return None
    return w[0].toordinal(), w[1].toordinal() + DATE_SLACK_DAYS


# Words that put an act at night or at its edges: the night of one day is the early hours of the next, and
# one outlet dates it by the evening, another by the morning.
_NIGHT = re.compile(r"\b(?:night|overnight|midnight|dawn|daybreak|early hours|small hours|late on|late in the evening)\b", re.I)


# A day read from when someone spoke ("officials said on Saturday"): the act was that day or before it.
_SPOKEN = re.compile(r"^(?:speaking|spoke|condemned|condemns|welcomed|welcomes|said|says|told|announced|reported|"
                     r"confirmed|stated|added|claimed|denied|wrote|posted|tweeted|in\s+a\s+|at\s+a\s+)\b", re.I)


def loose_date(rec: dict) -> bool:
    """A date that may be a day off: read from no words of the report (the publication day or an earlier
    event's day, filled in), the publication day itself ("today" in a report filed overnight), told
    as the night or its edges ("overnight", "before dawn on Tuesday"), or the day someone spoke of it
    ("officials said on Saturday")."""
    published = str(rec.get("published") or "")[:10]
    said = (rec.get("evidence") or {}).get("event_date")
    if not said or (bool(published) and rec.get("event_date") == published):
        return True
    return any(_NIGHT.search(str(span.get("text") or "")) or _SPOKEN.match(str(span.get("text") or ""))
               for span in said if isinstance(span, dict))


def distance_km(a: dict, b: dict) -> float | None:
    if a.get("latitude") is None or b.get("latitude") is None or a.get("longitude") is None \
            or b.get("longitude") is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a["latitude"], a["longitude"], b["latitude"], b["longitude"]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


# What a report adds to an area's name ("Tillaberi region", "the province of Lac"): the area is the name.
_AREA_WORDS = re.compile(r"\b(?:the|region|province|state|district|county|governorate|department|prefecture|"
                         r"division|municipality|oblast|raion|wilaya|local government area|lga|township|territory|"
                         r"locality|woreda|commune|subdivision|sub district|tehsil|of)\b")


@lru_cache(maxsize=8192)
def _area_key(name: str) -> str:
    """An area's name as compared: without the words for its kind, in the gazetteer's loose spelling
    (Idlib / Idleb, Tillabéri / Tillaberi)."""
    from ..geo.normalize import loose_key

    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    return loose_key(" ".join(_AREA_WORDS.sub(" ", re.sub(r"[^\w\s]", " ", folded)).split()))


def _said_areas(rec: dict) -> set[str]:
    """The admin areas of ``rec`` (admin1, admin2) that its report names as the act's place, spelled and
    worded as the report does ("in western Niger's Tillaberi region" names Tillaberi)."""
    spans = (rec.get("evidence") or {}).get("location") or []
    said = {_area_key(str(sp.get("text") or "")) for sp in spans if isinstance(sp, dict)}
    return {area for area in (rec.get("admin1"), rec.get("admin2")) if area and _area_key(area) in said}


def _area_names(rec: dict) -> set[str]:
    """The names of the area a mention stands for when it is placed at a region, not a town: a country,
    or a province or district named alone (geo_precision 3). A town that shares its district's name
    (Mogadishu in Mogadishu district) is a town, not the district."""
    loc = rec.get("location") or ""
    if not loc:
        # Placed by its report's country alone (no place the gazetteer knows): anywhere in the country.
        country = rec.get("country") or ""
        return {country} if country and rec.get("latitude") is None else set()
    if loc == rec.get("country") or (rec.get("geo_precision") or 0) >= 3:
        # A province named alone is set at its capital: the mention stands for the province.
        return {loc} | _said_areas(rec)
    if rec.get("geo_precision") == 2 and _names_a_unit(rec):
        # "Maru local government area", "Kanbalu township": the district named after its town, set at the
        # town; the unit's word makes it the district, not the town (Mogadishu in Mogadishu district).
        return _said_areas(rec)
    return set()


def _names_a_unit(rec: dict) -> bool:
    """Whether the report names the mention's place with a word for its unit ("Djugu territory", "the
    territory of Djugu")."""
    spans = (rec.get("evidence") or {}).get("location") or []
    return any(isinstance(sp, dict) and _UNIT_WORD.search(str(sp.get("text") or "")) for sp in spans)


_UNIT_WORD = re.compile(r"\b(?:district|local\s+government\s+area|lga|township|territory|locality|county|woreda|commune|"
                        r"subdivision|sub-?district|municipality|tehsil|department)\b", re.I)


def _inside(inner: dict, outer: dict) -> bool:
    areas = _area_names(outer)
    if not areas:
        return False
    return bool(areas & {inner.get("country"), inner.get("admin1"), inner.get("admin2")} - {None, ""})


def _stand_in_area(rec: dict, other: dict) -> str | None:
    """The district or province ``rec``'s report names as its place, when the geocoder set the mention at a
    town of it (the area's capital) and ``other`` lies in that area; else None. A report that names a
    village near another ("near Vodyane") stands for that village, not its district."""
    spans = (rec.get("evidence") or {}).get("location") or []
    said = {str(sp.get("text") or "").casefold() for sp in spans if isinstance(sp, dict)}
    if not said or (rec.get("location") or "").casefold() in said or rec.get("country") != other.get("country"):
        return None
    areas = _said_areas(rec)
    for level in ("admin2", "admin1"):
        area = rec.get(level)
        if area in areas and other.get(level) == area and other.get("admin1") == rec.get("admin1"):
            return area
    return None


def _placed_below_country(rec: dict) -> bool:
    loc = rec.get("location") or ""
    return bool(loc) and loc != rec.get("country") and rec.get("latitude") is not None


def place_relation(a: dict, b: dict) -> tuple[bool, str, float]:
    """(same place?, why, distance in km or 0 for a name match)."""
    ca, cb = a.get("country") or "", b.get("country") or ""
    la, lb = a.get("location") or "", b.get("location") or ""
    km = distance_km(a, b)
    if km is not None and km <= PLACE_KM:
        return True, f"places {km:.1f} km apart ({la or '?'} / {lb or '?'})", km
    if km is not None and km <= DISTRICT_KM:
        area = _stand_in_area(a, b) or _stand_in_area(b, a)
        if area:
            return True, f"places {km:.1f} km apart, one standing for its area {area} ({la or '?'} / {lb or '?'})", km
    if ca and ca == cb:
        if la and la == lb:
            return True, f"same place: {la}", 0.0
        if la and lb and (la.startswith(lb + " - ") or lb.startswith(la + " - ")):
            return True, f"one place is part of the other: {la} / {lb}", 0.0
        # A report placed in a country alone (or nowhere) fits another such report as well as it fits one
        # that names the town, yet tells it nothing of the place: its best link goes to the report that
        # places the act, so reports of one incident at both precisions fall in one block.
        if _inside(a, b):
            return True, f"{la or '?'} lies in {lb}", PLACE_KM if _placed_below_country(a) else 2 * PLACE_KM
        if _inside(b, a):
            return True, f"{lb or '?'} lies in {la}", PLACE_KM if _placed_below_country(b) else 2 * PLACE_KM
    if km is not None:
        return False, f"places {km:.0f} km apart ({la or '?'} / {lb or '?'}), more than {PLACE_KM:g} km", km
    if not ca or not cb:
        return False, "a place is unknown", math.inf
    return False, f"different places: {la or ca} / {lb or cb}", math.inf


def actor_key(name: str | None) -> str:
    """An actor as compared: no regime period ("Military Forces of Syria (2000-)" is the Syrian military
    of any period), case folded."""
    return _CROWD.sub("protesters", _PERIOD.sub("", (name or "").strip()).casefold())


def is_named(name: str | None) -> bool:
    return bool(name) and not UNNAMED.match(name.strip())


def _side(rec: dict, n: int) -> tuple[str, set[str]]:
    main = rec.get(f"actor{n}") or ""
    first = rec.get("actor1")
    if n == 2 and (actor_key(main) == actor_key(first)
                   or _state_country(main) and _state_country(main) == _state_country(first)
                   or _is_unit(main) and _state_country(first) or _is_unit(first) and _state_country(main)):
        # A side fighting itself is a misread second side: it names nobody. So are one state's police
        # and army on both sides ("four members of the federal police were martyred" read as police
        # against the security forces), and a state's forces against an army unit named by its number
        # and arm ("the 3rd Mechanised Brigade"): the victim was read as the attacker, or the unit as a
        # group of its own, and the other side is unnamed.
        main = ""
    assoc = {actor_key(x) for x in (rec.get(f"assoc_actor_{n}") or "").split(";") if x.strip()}
    return main, assoc


_STATE_FORCES = re.compile(r"^(?:military|police) forces of (.+)$")
# A unit named only by its number, arm and echelon ("20th Infantry Battalion", "Airborne Brigade") is a
# state army's: armed groups' units carry a name of their own.
_UNIT = re.compile(r"^(?:the\s+)?(?:\d+(?:st|nd|rd|th)?\s+)?(?:(?:infantry|mechani[sz]ed|armou?red|airborne|air assault|"
                   r"artillery|marine|motori[sz]ed|commando|special forces|mountain|light|rifle|tank|engineer|"
                   r"territorial defen[cs]e|border guard)\s+)+(?:battalion|brigade|division|regiment|corps|company)s?$")


def _is_unit(name: str | None) -> bool:
    return bool(_UNIT.match(actor_key(name)))


def _state_country(name: str | None) -> str | None:
    m = _STATE_FORCES.match(actor_key(name))
    return m.group(1) if m else None


def _sides_fit(x: tuple[str, set[str]], y: tuple[str, set[str]]) -> bool:
    (ma, sa), (mb, sb) = x, y
    if not is_named(ma) or not is_named(mb):
        return True
    ka, kb = actor_key(ma), actor_key(mb)
    return (ka == kb or ka in sb or kb in sa or _of_some_state(ka, kb) or _of_some_state(kb, ka)
            or _same_name(ka, kb) or _of_network(ka, kb) or _of_network(kb, ka) or kb in _other_names().get(ka, ())
            # One outlet's soldiers are another's police: "security forces" are read as either.
            or bool(_state_country(ka)) and _state_country(ka) == _state_country(kb))


def _same_name(ka: str, kb: str) -> bool:
    """One actor under ACLED's "ABBR: Full Name" and either part alone ("ELN: National Liberation Army",
    "National Liberation Army", "ELN")."""
    def names(k):
        head, sep, tail = k.partition(": ")
        return {k, head.strip(), tail.strip()} - {""} if sep else {k}
    return bool(names(ka) & names(kb))


_AFFILIATION = re.compile(r"^(?P<net>.+?)[- ](?:affiliate|aligned|affiliated|branch)\b")


@lru_cache(maxsize=1)
def _networks() -> dict[str, frozenset[str]]:
    """For each actor of the actor table that belongs to a transnational network (an actor of no country,
    such as Al Qaeda or Islamic State), the networks it belongs to: its name begins with the network's
    ("Islamic State (West Africa)"), or its description calls it the network's affiliate or aligned with it
    ("al-Qaeda affiliate, Sahel", "(IS-aligned)"); aliases count ("Al Qaeda in the Islamic Maghreb"). A wire
    names the network ("al Qaeda-linked militants"), a local outlet the branch; two branches stay apart."""
    from importlib.resources import files

    table = json.loads((files("sitrep.resources") / "actors.json").read_text(encoding="utf-8"))["actors"]
    fold = lambda x: re.sub(r"[-\s]+", " ", x.casefold()).strip()  # noqa: E731
    nets = {actor_key(a["name"]): {fold(x) for x in [a["name"], *a.get("aliases", [])]}
            for a in table if not a.get("country") and "jihadist" in (a.get("type") or "")}
    out: dict[str, frozenset[str]] = {}
    for a in table:
        key = actor_key(a["name"])
        said = [fold(m.group("net")) for part in re.split(r"[,(]", a.get("type") or "")
                if (m := _AFFILIATION.match(part.strip()))]
        member = {net for net, names in nets.items() if net != key and (
            any(fold(x).startswith(n + " ") for n in names for x in [a["name"], *a.get("aliases", [])])
            or any(x in names for x in said))}
        if member:
            out[key] = frozenset(member)
    return out


# What the actor table's description says of a group that is another's name or arm: "armed wing of Hamas",
# "jihadist brand for ADF factions", "successor to Wagner in Africa".
_OTHER_NAME_OF = re.compile(r"\b(?:armed wing of|brand for|successor to)\s+(?:the\s+)?(?P<of>.+?)"
                            r"(?:\s+(?:factions?|in [A-Z][a-z]+))?\s*$")


@lru_cache(maxsize=1)
def _other_names() -> dict[str, frozenset[str]]:
    """For each actor of the actor table that its description calls another's armed wing, brand or successor,
    that other actor (by any of its names), both ways: one outlet names the movement or the old name, another
    its wing or the brand the group fights under (the ADF and the Islamic State's Central Africa Province;
    Hamas and its Qassam Brigades). Not a network's branches (``_networks``), which stay apart."""
    from importlib.resources import files

    table = json.loads((files("sitrep.resources") / "actors.json").read_text(encoding="utf-8"))["actors"]
    fold = lambda x: re.sub(r"[-\s]+", " ", x.casefold()).strip()  # noqa: E731
    lands = lambda a: {a.get("country"), *a.get("countries", [])} - {None}  # noqa: E731
    by_name: dict[str, list[dict]] = {}
    for a in table:
        for x in {fold(x) for x in [a["name"], *a.get("aliases", []), *a.get("context_aliases", [])]}:
            by_name.setdefault(x, []).append(a)
    out: dict[str, set[str]] = {}
    for a in table:
        m = _OTHER_NAME_OF.search(a.get("type") or "")
        # A short name some other country's group shares ("ADF") is the one of the same country.
        named = [b for b in by_name.get(fold(m.group("of")), []) if not lands(a) or not lands(b) or lands(a) & lands(b)] \
            if m else []
        other = actor_key(named[0]["name"]) if len(named) == 1 else None
        if other and other != actor_key(a["name"]):
            out.setdefault(actor_key(a["name"]), set()).add(other)
            out.setdefault(other, set()).add(actor_key(a["name"]))
    return {k: frozenset(v) for k, v in out.items()}


def _of_network(bare: str, full: str) -> bool:
    """``bare`` is a transnational network and ``full`` one of its branches or affiliates (``_networks``)."""
    return bare in _networks().get(full, ())


def _of_some_state(bare: str, full: str) -> bool:
    """"Military Forces" read where the report names no country, or an army unit named by number and arm,
    is a state's forces: it fits that state's ("Military Forces of Somalia")."""
    if _UNIT.match(bare):
        return full.startswith("military forces of ")
    return bare in ("military forces", "police forces") and full.startswith(bare + " of ")


def actors_relation(a: dict, b: dict) -> tuple[bool, str, int]:
    """(compatible?, why, number of named actors the two share)."""
    a1, a2, b1, b2 = _side(a, 1), _side(a, 2), _side(b, 1), _side(b, 2)
    shared = {actor_key(x[0]) for x in (a1, a2) if is_named(x[0])} & {actor_key(x[0]) for x in (b1, b2)
                                                                    if is_named(x[0])}
    if _sides_fit(a1, b1) and _sides_fit(a2, b2):
        how = "actors compatible"
    elif _sides_fit(a1, b2) and _sides_fit(a2, b1):
        how = "actors compatible (sides swapped)"
    else:
        names = lambda r: " / ".join(x for x in (r.get("actor1"), r.get("actor2")) if x) or "none"  # noqa: E731
        return False, f"actors differ: {names(a)} vs {names(b)}", 0
    if shared:
        how += ": both name " + ", ".join(sorted(shared))
    return True, how, len(shared)


def same_incident(a: dict, b: dict) -> Decision:
    """Whether mentions (or merged events) ``a`` and ``b`` report one real incident, with the reasons."""
    fa, fb = family(a), family(b)
    if not families_fit(a, b):
        return Decision(False, [f"different type families: {fa} / {fb}"])
    if fa == fb:
        reasons = [f"same type family: {fa}"]
    elif BATTLES in (fa, fb):
        attack, clash = (a, b) if fa == VIOLENCE_AGAINST_CIVILIANS else (b, a)
        raider, perpetrator = one_sided_clash(clash), attack.get("actor1")
        # The clash's one organised side must be the attackers named by the other report: an unnamed
        # perpetrator ("gunmen killed villagers") does not make a patrol's clash nearby the same raid.
        if not (is_named(perpetrator) and _organised(perpetrator)) or not _sides_fit((raider, set()), _side(attack, 1)):
            return Decision(False, [f"a clash with one organised side ({raider}) and an attack on civilians by "
                                    f"{perpetrator or 'nobody named'}"])
        reasons = [f"an attack on civilians told as a clash with nobody organised: {fa} / {fb}"]
    else:
        reasons = [f"an attack on civilians that is the explosion: {fa} / {fb}"]
    ra, rb = day_range(a), day_range(b)
    if ra is None or rb is None:
        return Decision(False, reasons + ["a date is unknown"])
    slack = DATE_SLACK_DAYS if (loose_date(a) or loose_date(b)) else 0
    lo, hi = max(ra[0], rb[0]), min(ra[1], rb[1]) - DATE_SLACK_DAYS
    if lo > hi + slack:
        return Decision(False, reasons + [f"date windows apart ({a.get('event_date')} / {b.get('event_date')})"])
    if lo <= hi:
        shown = f"{dt.date.fromordinal(lo)}" + ("" if lo == hi else f"..{dt.date.fromordinal(hi)}")
        reasons.append(f"date windows overlap ({shown})")
    else:
        # The weapons are read only for two explosions, the one family whose sub-types and words tell them.
        if fa == fb == EXPLOSIONS:
            wa, wb = weapons(a), weapons(b)
            other_type = a.get("sub_event_type") and b.get("sub_event_type") \
                and a.get("sub_event_type") != b.get("sub_event_type")
            if other_type or (wa and wb and not wa & wb):
                # A drone on one day and shells the next on one city are two strikes: the slack is for one
                # act dated a day apart, and a report that names the weapon names the act. So are a glide
                # bomb and drones, though ACLED gives both one sub-type (Air/drone strike).
                return Decision(False, reasons + [f"other weapons on other days ({_weapon_told(a, wa)}, "
                                                  f"{a.get('event_date')} / {_weapon_told(b, wb)}, {b.get('event_date')})"])
        reasons.append(f"dates {lo - hi} day(s) apart ({a.get('event_date')} / {b.get('event_date')}), within the "
                       f"{DATE_SLACK_DAYS}-day slack")
    ok, why, km = place_relation(a, b)
    reasons.append(why)
    if not ok:
        return Decision(False, reasons)
    ok, why, shared = actors_relation(a, b)
    reasons.append(why)
    if not ok:
        return Decision(False, reasons)
    gap = abs((_day(a.get("event_date")) or dt.date.min) - (_day(b.get("event_date")) or dt.date.min)).days
    score = (0 if a.get("sub_event_type") == b.get("sub_event_type") else 1, round(km, 1), gap, -shared)
    if score[0] == 0:
        reasons.insert(1, f"same sub-event type: {a.get('sub_event_type')}")
    return Decision(True, reasons, score)


# ---- clustering -------------------------------------------------------------------------------------

def mention_key(rec: dict) -> tuple:
    """A mention's identity: its article and position in it."""
    return (str(rec.get("article_id")), int(rec.get("seq") or 0))


def candidate_pairs(mentions: Sequence[dict]) -> Iterable[tuple[int, int]]:
    """Index pairs that could be the same incident (fitting families, ``fitting_families``; date windows
    overlap), by a sweep over each family's mentions sorted by first day, and one across the families that
    may fit (attacks on civilians with explosions and with clashes of one organised side): the cost
    follows the number of overlapping pairs, not the square of the input. The same pairs the store looks
    up for each mention."""
    by_family: dict[str, list[tuple[int, int, int]]] = {}
    attacks: list[tuple[int, int, int]] = []
    one_sided: list[tuple[int, int, int]] = []
    for i, rec in enumerate(mentions):
        f, r = family(rec), day_range(rec)
        if f is None or r is None:
            continue
        item = (r[0], r[1], i)
        by_family.setdefault(f, []).append(item)
        if f == VIOLENCE_AGAINST_CIVILIANS and rec.get("sub_event_type") == "Attack":
            attacks.append(item)
        elif f == BATTLES and one_sided_clash(rec) is not None:
            one_sided.append(item)
    for items in by_family.values():
        items.sort()
        for j, (lo, hi, i) in enumerate(items):
            for lo2, _hi2, i2 in items[j + 1:]:
                if lo2 > hi:
                    break
                yield (i, i2)
    attacks.sort()
    yield from _overlapping(by_family.get(EXPLOSIONS, []), attacks)
    yield from _overlapping(one_sided, attacks)


def _overlapping(left: list[tuple[int, int, int]], right: list[tuple[int, int, int]]) -> Iterable[tuple[int, int]]:
    """Pairs of a ``left`` and a ``right`` item whose day ranges overlap; ``right`` sorted by first day."""
    if not left or not right:
        return
    firsts = [lo for lo, _hi, _i in right]
    widest = max(hi - lo for lo, hi, _i in right)
    for lo, hi, i in left:
        for lo2, hi2, i2 in right[bisect.bisect_left(firsts, lo - widest):bisect.bisect_right(firsts, hi)]:
            if hi2 >= lo:
                yield (i, i2)


@dataclass
class Link:
    a: int
    b: int
    decision: Decision


def find_links(mentions: Sequence[dict]) -> list[Link]:
    links = []
    for i, j in candidate_pairs(mentions):
        if str(mentions[i].get("article_id")) == str(mentions[j].get("article_id")):
            continue
        d = same_incident(mentions[i], mentions[j])
        if d.same:
            links.append(Link(i, j, d))
    return links


class DisjointSets:
    """Union-find: which items the joins made so far put together, directly or not."""

    def __init__(self, items: Iterable = ()):
        self.parent: dict = {x: x for x in items}

    def root(self, x: Any) -> Any:
        parent = self.parent
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(self, a: Any, b: Any) -> None:
        ra, rb = self.root(a), self.root(b)
        if ra != rb:
            # The smaller root names the set, whatever the order of the joins.
            self.parent[max(ra, rb)] = min(ra, rb)

    def sets(self) -> dict[Any, list]:
        """Each set by its root, its items in the order they were first seen."""
        out: dict[Any, list] = {}
        for x in list(self.parent):
            out.setdefault(self.root(x), []).append(x)
        return out


def link_rank(score: Sequence, other_key: tuple) -> tuple:
    """How a mention ranks one of its links: by the link's score (smaller is better), then by the key
    of the mention at its other end, so the ranking never depends on the order links are found in."""
    return (tuple(score), other_key)


def best_partner(ranked: Iterable[tuple[tuple, Any]]) -> Any:
    """The other end of a mention's best link, of its links given as (``link_rank``, other mention);
    None without links."""
    best = min(ranked, key=lambda x: x[0], default=None)
    return None if best is None else best[1]


def blocks(n: int, links: Sequence[Link], keys: Sequence[tuple]) -> list[int]:
    """For each of ``n`` mentions, the block it is in: mentions joined, directly or not, by each
    mention's best link (``best_partner``)."""
    ranked: list[list[tuple[tuple, int]]] = [[] for _ in range(n)]
    for l in links:
        ranked[l.a].append((link_rank(l.decision.score, keys[l.b]), l.b))
        ranked[l.b].append((link_rank(l.decision.score, keys[l.a]), l.a))
    sets = DisjointSets(range(n))
    for i in range(n):
        j = best_partner(ranked[i])
        if j is not None:
            sets.join(i, j)
    return [sets.root(i) for i in range(n)]


def cluster(mentions: Sequence[dict], links: Iterable[Link]) -> list[tuple[list[int], dict[int, tuple[int, list[str]]]]]:
    """Groups of mention indices that are one incident, each with, for every mention that joined the
    group through a link, (the mention it matched, the reasons). Complete linkage, best link first,
    within each block (``blocks``): a group never spans two blocks."""
    keys = [mention_key(m) for m in mentions]
    links = list(links)
    block = blocks(len(mentions), links, keys)
    links = [l for l in links if block[l.a] == block[l.b]]
    ordered = sorted(links, key=lambda l: (l.decision.score, min(keys[l.a], keys[l.b]), max(keys[l.a], keys[l.b])))
    linked = {(min(l.a, l.b), max(l.a, l.b)) for l in ordered}
    group = list(range(len(mentions)))
    members = {i: [i] for i in range(len(mentions))}
    why: dict[int, tuple[int, list[str]]] = {}
    for link in ordered:
        ga, gb = group[link.a], group[link.b]
        if ga == gb:
            continue
        if not all((min(x, y), max(x, y)) in linked for x in members[ga] for y in members[gb]):
            continue
        # The group whose first mention comes first keeps its name, so the result reads the same in any order.
        keep, gone = sorted((ga, gb), key=lambda g: min(keys[i] for i in members[g]))
        joiner, anchor = (link.b, link.a) if group[link.a] == keep else (link.a, link.b)
        why[joiner] = (anchor, link.decision.reasons)
        for i in members[gone]:
            group[i] = keep
        members[keep].extend(members.pop(gone))
    out = []
    for g, idx in members.items():
        idx.sort(key=lambda i: keys[i])
        out.append((idx, {i: why[i] for i in idx if i in why}))
    out.sort(key=lambda c: keys[c[0][0]])
    return out


# ---- the merged event --------------------------------------------------------------------------------

def source_order(rec: dict) -> tuple:
    published = rec.get("published") or ""
    return (published == "", str(published)[:10], *mention_key(rec))


def _reported_fatalities(rec: dict) -> bool:
    return bool(rec.get("fatalities")) or bool((rec.get("evidence") or {}).get("fatalities"))


def _toll_qualifier(rec: dict) -> str | None:
    """The qualifier extraction gave the mention's own toll ("revised", "approximate"), if any."""
    figure = int(rec.get("fatalities") or 0)
    for c in rec.get("claims") or []:
        if c.get("kind") == "fatalities" and not c.get("aggregate") and c.get("value") == figure and c.get("qualifier"):
            return c["qualifier"]
    return None


def standing_toll(mentions: Sequence[dict]) -> int:
    """ACLED: conflicting figures, the lowest; a revision with new information edits the event. So an
    exact count goes before one read from "scores of" or "several"; a toll told as risen ("has risen to
    12") stands over every report published before it; of what is left, the lowest. Reports of the same
    dead on later days are rival figures, not revisions, unless they say the toll rose."""
    reported = [m for m in mentions if _reported_fatalities(m)]
    if not reported:
        return 0
    exact = [m for m in reported if _toll_qualifier(m) != "approximate"]
    reported = exact or reported
    revised = [str(m.get("published") or "")[:10] for m in reported if _toll_qualifier(m) == "revised"]
    if revised:
        since = max(revised)
        reported = [m for m in reported if str(m.get("published") or "")[:10] >= since]
    return min(int(m.get("fatalities") or 0) for m in reported)


def _outlet(rec: dict) -> str | None:
    if "outlet" in rec:  # the store knows the article's outlet, even when it has none
        return rec["outlet"]
    first = (rec.get("source") or "").split(";")[0].strip()
    return first or None


def _mode(values: list, order: list) -> Any:
    """The most common value; a tie goes to the one met first in ``order``."""
    counts = Counter(values)
    best = max(counts.values())
    return next(v for v in order if counts[v] == best)


def combine(mentions: Sequence[dict]) -> dict:
    """One merged event record from the mention records of one incident (each with ``article_id`` and
    ``seq``, optionally ``outlet``, ``url``, ``published``)."""
    ms = sorted(mentions, key=source_order)
    first = ms[0]
    rec: dict[str, Any] = {"article_id": first.get("article_id")}
    for name in ACLED_FIELDS:
        rec[name] = first.get(name)
    if len(ms) == 1:
        # One report: its record as extracted, so a store without merges reads as it did before.
        rec["confidence"] = first.get("confidence")
        rec["evidence"] = first.get("evidence") or {}
        rec["claims"] = list(first.get("claims") or [])
        rec["sources"] = [_source(first)]
        return rec

    subs = [m.get("sub_event_type") for m in ms]
    if any(family(m) == EXPLOSIONS for m in ms):
        # ACLED's precedence: an attack on civilians with explosives is coded as the explosion.
        subs = [m.get("sub_event_type") for m in ms if family(m) == EXPLOSIONS]
    elif any(family(m) == VIOLENCE_AGAINST_CIVILIANS for m in ms):
        # A clash with nobody organised on the other side joined an attack on civilians: ACLED codes harm
        # to those who cannot hit back as the attack.
        subs = [m.get("sub_event_type") for m in ms if family(m) == VIOLENCE_AGAINST_CIVILIANS] or subs
    sub = _mode(subs, subs)
    rec["sub_event_type"] = sub
    rec["event_type"] = SUB_EVENT_TYPES.get(sub or "", first.get("event_type"))

    def place_rank(m):
        return (m.get("geo_precision") or 9, m.get("latitude") is None)
    best_place = min(place_rank(m) for m in ms)
    candidates = [m for m in ms if place_rank(m) == best_place]
    loc = _mode([m.get("location") for m in candidates], [m.get("location") for m in candidates])
    place = next(m for m in candidates if m.get("location") == loc)
    for name in ("location", "latitude", "longitude", "geo_precision", "country", "iso", "admin1", "admin2"):
        rec[name] = place.get(name)

    dated = [m for m in ms if _day(m.get("event_date"))]
    if dated:
        best_tp = min(int(m.get("time_precision") or 1) for m in dated)
        days = [m.get("event_date") for m in dated if int(m.get("time_precision") or 1) == best_tp]
        rec["event_date"] = _mode(days, sorted(days))
        rec["time_precision"] = best_tp

    def named(m):
        return (-(is_named(m.get("actor1")) + is_named(m.get("actor2"))), -(m.get("confidence") or 0))
    # The sides as the reports of the chosen type tell them: a clash's "unidentified" defenders are the
    # attack's civilians.
    typed = [m for m in ms if family(m) == family(rec)] or ms
    actors = min(typed, key=named)  # min() keeps the first of equals: the first source
    for name in ("actor1", "inter1", "actor2", "inter2", "interaction", "civilian_targeting"):
        rec[name] = actors.get(name)
    for n in (1, 2):
        main = {actor_key(rec.get(f"actor{n}"))}
        names = [x.strip() for m in ms for x in (m.get(f"assoc_actor_{n}") or "").split(";") if x.strip()]
        rec[f"assoc_actor_{n}"] = "; ".join(x for x in dict.fromkeys(names) if actor_key(x) not in main)

    outlets = [x.strip() for m in ms for x in (m.get("source") or "").split(";") if x.strip()]
    rec["source"] = "; ".join(dict.fromkeys(outlets))
    scales = {x for m in ms for x in (m.get("source_scale") or "").split("-") if x}
    rec["source_scale"] = "-".join(sorted(scales, key=lambda x: (SCALES.index(x) if x in SCALES else len(SCALES), x)))

    rec["fatalities"] = standing_toll(ms)
    rec["confidence"] = max(float(m.get("confidence") or 0) for m in ms)
    rec["evidence"] = first.get("evidence") or {}

    claims: list[dict] = []
    seen = set()
    multi = len({m.get("article_id") for m in ms}) > 1
    for m in ms:
        own = []
        for c in m.get("claims") or []:
            c = dict(c)
            if multi:
                c.setdefault("article_id", m.get("article_id"))
            own.append(c)
        figure = int(m.get("fatalities") or 0)
        if multi and _reported_fatalities(m) and figure != rec["fatalities"] and not any(
                c.get("kind") == "fatalities" and c.get("value") == figure for c in own):
            spans = (m.get("evidence") or {}).get("fatalities") or []
            claim = {"kind": "fatalities", "value": figure, "claimed_by": _outlet(m), "article_id": m.get("article_id")}
            if spans:
                claim["span"] = spans[0]
            own.append(claim)
        for c in own:
            key = json.dumps(c, sort_keys=True, ensure_ascii=False)
            if key not in seen:
                seen.add(key)
                claims.append(c)
    rec["claims"] = claims
    rec["sources"] = [_source(m) for m in ms]
    return rec


def _source(m: dict) -> dict:
    return {"article_id": m.get("article_id"), "seq": int(m.get("seq") or 0), "source": _outlet(m),
            "url": m.get("url"), "published": m.get("published"), "evidence": m.get("evidence") or {}}


def with_seq(records: Iterable[dict]) -> list[dict]:
    """Records with ``seq`` (their position among their article's records) where they lack one."""
    out, count = [], Counter()
    for rec in records:
        aid = str(rec.get("article_id"))
        if rec.get("seq") is None:
            rec = {**rec, "seq": count[aid]}
        count[aid] += 1
        out.append(rec)
    return out


def merge_records(records: list[dict]) -> list[dict]:
    """Cluster event records of many articles (``sitrep extract --jsonl`` output, each with
    ``article_id``) into merged event records. The same records in any order give the same output, as
    long as each article's own records keep their order (or carry ``seq``)."""
    mentions = with_seq(records)
    mentions.sort(key=lambda m: (mention_key(m), _digest(m)))
    out = []
    for idx, _why in cluster(mentions, find_links(mentions)):
        out.append(combine([mentions[i] for i in idx]))
    out.sort(key=lambda r: (mention_key(r["sources"][0]),))
    return out


def explain(records: list[dict]) -> list[tuple[list[dict], dict[tuple, tuple[tuple, list[str]]]]]:
    """``merge_records``' groups with, for each mention that joined through a link, the mention it
    matched and why: {mention key: (matched mention key, reasons)}."""
    mentions = with_seq(records)
    mentions.sort(key=lambda m: (mention_key(m), _digest(m)))
    out = []
    for idx, why in cluster(mentions, find_links(mentions)):
        out.append(([mentions[i] for i in idx],
                     {mention_key(mentions[i]): (mention_key(mentions[j]), r) for i, (j, r) in why.items()}))
    return out


def _digest(rec: dict) -> str:
    return hashlib.sha1(json.dumps(rec, sort_keys=True, default=str).encode()).hexdigest()
