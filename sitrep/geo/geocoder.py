"""The public geocoder: find toponyms in a text, resolve them, and pick where an event happened."""
from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from ..model import PlaceMention
from .gazetteer import Gazetteer
from .normalize import fold, matching_settings
from .resolver import Resolver
from .toponyms import Detector


# "a UK-based monitoring group", "the Beirut-based channel": where a source sits, not where the act was;
# "Iran-backed groups", "the US-led coalition": who stands behind a side.
# "helicopters were sent from X", "jets that took off from X": where a force set out from, not where it
# acted. (Not "fled from X": people flee the place of the act.)
_SENT_FROM = re.compile(r"\b(?:sent|dispatched|deployed|flown|flew|took\s+off|scrambled|launched|redeployed|"
                        r"brought\s+in|rushed)\s+(?:\w+\s+){0,2}?from\s+(?:the\s+)?(?:\w+\s+)?$", re.I)
# "died at the X hospital in Y", "was rushed to Y hospital": where the wounded were taken or died, not
# where the act that hurt them was (a toll revised from a hospital in the capital, a hospital named after
# a revolution that the gazetteer reads as a town).
_CARE_VERBS = (r"\b(?:died|dies|die|succumbed|succumbs|treated|admitted|taken|rushed|evacuated|transferred|airlifted|"
               r"flown|hospitali[sz]ed)\b[^.;]{0,60}?\b(?:at|in|to)\s+(?:(?:the|a)\s+)?")
_CARED_IN = re.compile(_CARE_VERBS + r"(?:[\w'’-]+\s+){0,3}?(?:hospitals?|clinic|medical\s+cent(?:re|er)|health\s+cent(?:re|er))"
                       r"\s+(?:in|at|of)\s+(?:the\s+)?$", re.I)
_CARED_AT = re.compile(_CARE_VERBS + r"(?:[\w'’-]+\s+){0,2}?$", re.I)
_CARE_AFTER = re.compile(r"(?:[\s-]+[A-Z][\w'’-]*){0,2}\s+(?:\w+\s+)?(?:hospital|clinic|medical\s+cent(?:re|er))\b", re.I)


def cared_at(text: str, start: int, end: int, w0: int) -> bool:
    """Whether the place name at ``start:end`` says where the wounded were taken or died."""
    before = max(w0, start - 120)
    return bool(_CARED_IN.search(text, before, start)
                or (_CARED_AT.search(text, before, start) and _CARE_AFTER.match(text, end)))


BASED_AFTER = re.compile(r"\s?[-‐–]\s?(?:based|backed|led|aligned|affiliated|allied|linked|sponsored|funded|supported)\b", re.I)

# "Protesters marched in X days after the clashes in Y", "following last Sunday's fighting in Y": a place
# named for an act the sentence dates before its own is where that earlier act was.
_EARLIER_ACT_AT = re.compile(
    r"\b(?:(?:days|weeks|months|hours|a\s+day|a\s+week|a\s+month|two\s+days)\s+(?:after|since)"
    r"|(?:after|following|since)\s+(?:last\s+|the\s+previous\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|week|month|weekend)['’]s)"
    r"\s+(?:[\w'’-]+\s+){0,5}?(?:in|at|near|around|outside)\s+$", re.I)


@dataclass
class GeoMention(PlaceMention):
    """A PlaceMention that also says what kind of mention it is.

    ``kind``: ``toponym`` (a place named as a place), ``demonym`` ("Syrian", resolved to the country),
    ``embedded`` (inside an organisation's name), ``metonymic`` ("Washington said").
    Only ``toponym`` mentions can be where an event happened.
    """

    kind: str = "toponym"
    placed: bool = False  # named with a unit that holds it ("Huarocondo, Cusco"): see Resolution.placed
    of_force: bool = False  # the nationality of a force that also fights abroad ("Russian artillery")

    def to_record(self, article_id: str) -> dict[str, Any]:
        rec = super().to_record(article_id)
        rec["kind"] = self.kind
        if self.place is not None:
            rec["geo_precision"] = self.place.precision
        return rec


_WORD_RE = re.compile(r"[\w'’-]+")
# "the town of Saraqeb", "the outskirts of Saraqeb": the place is the object, as with "in Saraqeb".
_SETTLEMENT_OF = re.compile(r"\b(?:town|city|village|district|neighbou?rhood|suburbs?|area|region|province|"
                            r"governorate|outskirts|edge|vicinity) of\s*$")


# A town's name followed by a word for the district-level unit named after it ("Maru local government area",
# "Kanbalu township", "Djugu territory"): the report places the act in that unit, not the town itself, which
# ACLED codes at precision 2 (on the development notes whose place is named so, 2 outnumbers 1 about two to
# one for districts). Provinces and states are left to the resolver, which reads them as the unit itself.
_UNIT_WORDS = (r"(?:district|local\s+government\s+area|lga|township|territory|locality|county|woreda|commune|subdivision|"
               r"sub-?district|municipality|tehsil|department)")
UNIT_AFTER_TOWN = re.compile(rf"\s+{_UNIT_WORDS}\b", re.I)
# "the territory of Djugu", "the municipality of Trancoso": the same unit named before its town (coded 2 on
# 12 of the 15 development notes so worded).
UNIT_BEFORE_TOWN = re.compile(rf"\b{_UNIT_WORDS}\s+of\s+(?:the\s+)?$", re.I)


def named_for(p) -> bool:
    """Whether town ``p`` gives its name to its district (GeoNames admin2 "Maru" of the town Maru): only then
    is "X district" that unit, not a quarter of a city (Sadr City) or a town in a district of another name."""
    town, unit = fold(p.name or ""), fold(p.admin2 or "")
    return bool(town) and (unit == town or unit.startswith(town + " "))


def town_spoken_of(text: str, at: int, towns: list, reach: int | None = None,
                   filed: tuple[int, int] | None = None):
    """Of the towns named before ``at``, the one a report's act that names none took place in: the last
    named in the act's own paragraph (within ``reach`` characters, if given); with none there, the town
    the report names most, the first named among equals, not one a paragraph before named in passing
    ("prices higher than in the capital", "families from X and Y have settled here"). The town of the
    dateline ``filed`` (where the story was filed) counts only when the body names none."""
    if filed is not None:
        towns = [t for t in towns if not filed[0] <= t.start < filed[1]] or towns
    if not towns:
        return None
    paragraph = text.rfind("\n", 0, at)
    near = [t for t in towns if t.start > paragraph and (reach is None or at - t.end <= reach)]
    if near:
        return max(near, key=lambda t: t.start)
    named = Counter(t.place.geonameid for t in towns)
    return max(towns, key=lambda t: (named[t.place.geonameid], -t.start))


class Geocoder:
    """Finds and resolves toponyms. Build once per gazetteer; ``find`` is cheap to call many times."""

    def __init__(self, gaz: Gazetteer, nlp=None, forces_abroad: frozenset[str] = frozenset()):
        """``forces_abroad``: countries whose armed forces fight abroad too (``ActorDictionary.forces_abroad``);
        their nationality before a force ("Russian artillery") is no sign of where the story is."""
        self.gaz = gaz
        self.nlp = nlp
        self.detector = Detector(gaz, forces_abroad)
        self.resolver = Resolver(gaz)
        s = matching_settings()
        self._attach = tuple(s["attach_prepositions"])
        self._near = tuple(sorted(s["near_words"], key=len, reverse=True))
        self._settings = s
        self._ner_context = int(s["ner_context_chars"])
        directions = "|".join(sorted((w for w in s["starters"] if "north" in w or "south" in w or "east" in w
                                      or "west" in w), key=len, reverse=True))
        self._relative_city = re.compile(
            rf"\b(?:{directions})\s+of\s+the\s+(?:city|town|capital|village)\b", re.IGNORECASE)

    def find(self, text: str, doc=None, country_hint: str | None = None,
             exclude: list[tuple[int, int]] | tuple = (), ents=None, matches=None,
             context_countries=None) -> list[GeoMention]:
        """Every toponym in ``text`` (character offsets into it), resolved where the gazetteer allows.

        Entities come from ``doc`` (a spaCy Doc of ``text``) or ``ents`` ((start, end, label) triples,
        see ``ner_windows``); ``matches`` are ``detector.gazetteer_matches(text)`` if already computed.
        ``context_countries`` (ISO2 -> weight) are countries the text points to by other words than
        place names, such as the armed groups it names; they count as a country named once.
        """
        if doc is None and ents is None and self.nlp is not None:
            doc = self.nlp(text)
        cands = self.detector.detect(text, doc=doc, exclude=exclude, ents=ents, matches=matches)
        out = []
        for res in self.resolver.resolve(text, cands, country_hint=country_hint, context=context_countries):
            c = res.candidate
            place = self.gaz.place(res.row.gid) if res.row is not None else None
            out.append(GeoMention(c.start, c.end, c.text, place, res.confidence, kind=c.kind, placed=res.placed,
                                  of_force=c.of_force))
        return out

    def ner_windows(self, text: str, matches) -> list[tuple[int, int]]:
        """Stretches of ``text`` worth showing to the entity recogniser: each gazetteer match with
        ``ner_context_chars`` characters either side (whole words), overlapping ones merged.

        spaCy's NER decides a token from about four tokens either side, so a few words of context
        give it nearly the view it has of the whole article; text far from any possible place name
        cannot change where places are. Windows run across sentence ends on purpose: cut at the
        full stop, a sentence looks like the start of a document, and NER then misses names it
        finds in the article ("Teachers in X went on strike"). Windows of 16 characters (about three
        words, rounded out to whole words) found the same places as 24 on GeoWebNews, LGL and GeoVirus
        and the same events on 217 news-bench articles, and cover about half of a news article.
        """
        margin = self._ner_context
        out: list[tuple[int, int]] = []
        for start, end in sorted((c.start, c.end) for c in matches):
            a = max(0, start - margin)
            while 0 < a < start and not text[a - 1].isspace():
                a -= 1  # whole words only
            b = min(len(text), end + margin)
            while end < b < len(text) and not text[b].isspace():
                b += 1
            if out and a <= out[-1][1]:
                out[-1] = (out[-1][0], max(b, out[-1][1]))
            else:
                out.append((a, b))
        return out

    # ------------------------------------------------------------------ event location
    def event_location(self, text: str, window: tuple[int, int], trigger: tuple[int, int],
                       mentions: list[PlaceMention], filed: tuple[int, int] | None = None
                       ) -> tuple[PlaceMention, int] | None:
        """The place where the event in ``window`` happened and its ACLED geo_precision, or None.

        Prefers places attached by in/at/near/on/outside, close to the trigger, and specific (a
        district over its city, a town over a region). "northeast of the city" resolves to the town the
        report speaks of (``town_spoken_of``; ``filed``: the dateline's span), with precision 2. Vague
        references ("that area") give None.
        """
        w0, w1 = window
        inside = [m for m in mentions if m.place is not None and w0 <= m.start and m.end <= w1
                  and getattr(m, "kind", "toponym") == "toponym" and not BASED_AFTER.match(text, m.end)
                  and not _SENT_FROM.search(text, max(w0, m.start - 50), m.start)
                  and not cared_at(text, m.start, m.end, w0)]
        rel = self._relative_city.search(text, w0, w1)
        if rel and not any(m.place.feature_class == "P" and m.start > rel.start() for m in inside):
            town = self._antecedent_town(text, rel.start(), mentions, filed)
            if town is not None and (not inside or min(abs(rel.start() - trigger[0]), abs(rel.end() - trigger[1]))
                                     < min(abs(m.start - trigger[0]) for m in inside)):
                return town, 2
        if not inside:
            return None
        # The states the window names, by (country, admin1): a town of another state is seldom the act's.
        states = {(o.place.country_code, o.place.admin1) for o in inside
                  if o.place.feature_code == "ADM1" and o.place.admin1}
        best = max(inside, key=lambda m: self._event_score(text, m, w0, trigger, inside, states))
        return self._at_seat(best), self._precision(text, best, w0)

    def _at_seat(self, m: PlaceMention) -> PlaceMention:
        """A province or district named alone is coded at its capital, with the unit's precision and names."""
        p = m.place
        if p.feature_code not in ("ADM1", "ADM2") or p.geonameid is None:
            return m
        seat = self.gaz.seat_of(p.geonameid)
        if seat is None:
            return m
        town = self.gaz.place(seat.gid)
        moved = replace(p, name=town.name, latitude=town.latitude, longitude=town.longitude, geonameid=town.geonameid,
                        feature_class="P", feature_code="PPLA", admin2=town.admin2 if p.feature_code == "ADM1" else p.admin2)
        return replace(m, place=moved)

    @staticmethod
    def _antecedent_town(text: str, before: int, mentions: list[PlaceMention],
                         filed: tuple[int, int] | None) -> PlaceMention | None:
        """The town "north of the town" counts from (``town_spoken_of``)."""
        towns = [m for m in mentions if m.place is not None and m.end <= before
                 and m.place.feature_class == "P" and getattr(m, "kind", "toponym") == "toponym"]
        return town_spoken_of(text, before, towns, filed=filed)

    def _event_score(self, text: str, m: PlaceMention, w0: int, trigger: tuple[int, int], inside,
                     states: set[tuple[str | None, str]]) -> float:
        p = m.place
        score = 0.0
        before = text[max(w0, m.start - 30):m.start].lower()
        words = _WORD_RE.findall(before)[-3:]
        if any(w in self._attach for w in words) or _SETTLEMENT_OF.search(before):
            score += 3.0
        if getattr(m, "placed", False):
            # A writer who names the province after a town is saying where: "in Maraba, Para, a man was
            # killed in the Cidade Nova neighbourhood" happened in Maraba.
            score += 2.0
        if 0 <= m.start - trigger[1] <= 25:
            score += 2.0  # the trigger's object: "targeted the Karrada area"
        dist = min(abs(m.start - trigger[1]), abs(trigger[0] - m.end))
        score -= dist / 80.0
        code = p.feature_code or ""
        if code == "PPLX":
            score += 2.5
        elif p.feature_class == "P":
            score += 1.5
        elif code in ("RD", "BRDR"):
            score += 1.0
        elif code == "ADM2":
            score += 0.5
        elif code in ("PCLI", "PCLH", "CONT"):
            score -= 1.5
        # "in Leon, Guanajuato, ... in Colonia X": a namesake in another state than the one the sentence
        # names is a misreading of a part of town, not where the act was.
        if states and p.feature_code not in ("ADM1", "PCLI", "PCLH") and p.country_code and p.admin1 \
                and (p.geonameid or 0) > 0 and (p.country_code, p.admin1) not in states and not getattr(m, "placed", False):
            score -= 3.0
        earlier = _EARLIER_ACT_AT.search(text, max(w0, m.start - 90), m.start)
        if earlier is not None and not earlier.start() <= trigger[0] < m.start:
            score -= 4.0
        # A place that contains another named place in the window is the less specific one.
        for other in inside:
            if other is not m and other.place is not None and _contains(p, other.place):
                score -= 1.0
        return score

    def _precision(self, text: str, m: PlaceMention, w0: int) -> int:
        p = m.place
        prec = p.precision or 1
        if p.feature_class == "A" and p.is_country:
            return 3
        before = text[max(w0, m.start - 30):m.start].lower().rstrip()
        if prec == 1 and any(before.endswith(n) for n in self._near):
            prec = 2
        after = text[m.end:m.end + 15].lower()
        if prec == 1 and p.feature_code != "PPLX":
            around_town = re.match(r"\s*(?:countryside|outskirts|area|suburbs|region)", after)
            its_district = (UNIT_AFTER_TOWN.match(text, m.end)
                            or UNIT_BEFORE_TOWN.search(text, max(w0, m.start - 40), m.start)) and named_for(p)
            if around_town or its_district:
                prec = 2
        return prec

    # ------------------------------------------------------------------ NER help
    def ruler_patterns(self) -> list[dict]:
        """EntityRuler patterns for curated places and larger towns of conflict countries.

        spaCy's small English model often tags Arabic place names as PERSON or ORG; these
        patterns make it tag them as places. Working them out takes thousands of queries, so they
        are kept in a file beside the gazetteer (``<gazetteer>.ruler.json``), valid while the
        gazetteer file and the matching settings stay the same; where that file cannot be written,
        they are worked out at every start.
        """
        stat = self.gaz.path.stat()
        key = hashlib.sha1(json.dumps([stat.st_size, stat.st_mtime_ns, self._settings], sort_keys=True)
                           .encode("utf-8")).hexdigest()
        cache = self.gaz.path.with_name(self.gaz.path.name + ".ruler.json")
        try:
            stored = json.loads(cache.read_text(encoding="utf-8"))
            if stored.get("key") == key:
                return stored["patterns"]
        except (OSError, ValueError, KeyError, AttributeError):
            pass
        patterns = self._ruler_patterns()
        tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
        try:
            tmp.write_text(json.dumps({"key": key, "patterns": patterns}), encoding="utf-8")
            os.replace(tmp, cache)
        except OSError:
            tmp.unlink(missing_ok=True)
        return patterns

    def _ruler_patterns(self) -> list[dict]:
        s = self._settings
        limit = int(s["ruler_max_patterns"])
        patterns: list[dict] = []
        seen: set[tuple[str, str]] = set()

        def add(label: str, name: str) -> None:
            if not name[:1].isupper():
                return
            # Reports write "al-Zahraa" and "al Zahraa"; the gazetteer keeps one spelling per key.
            for variant in dict.fromkeys((name, name.replace("-", " "), re.sub(r"\b(a[lnrsdtz]|el) ", r"\1-", name))):
                if (label, variant) not in seen:
                    seen.add((label, variant))
                    patterns.append({"label": label, "pattern": variant})

        for gid, fclass, fcode in self.gaz.query("SELECT geonameid, feature_class, feature_code FROM places"
                                                 " WHERE geonameid < 0 ORDER BY geonameid DESC"):
            label = "FAC" if fcode in ("RD",) else ("GPE" if fclass == "P" else "LOC")
            for n in self.gaz.names_of(gid):
                add(label, n)
        ccs = s["conflict_countries"]
        rows = self.gaz.query(
            f"SELECT geonameid FROM places WHERE feature_class='P' AND country_code IN ({','.join('?' * len(ccs))})"
            " AND (population >= ? OR (population = 0 AND (SELECT count(*) FROM names n WHERE n.geonameid ="
            " places.geonameid) >= 8)) ORDER BY population DESC", (*ccs, int(s["ruler_min_population"])))
        for (gid,) in rows:
            if len(patterns) >= limit:
                break
            names = [n for n in self.gaz.names_of(gid) if n.isascii() and len(n) > 3]
            for n in names[:4]:
                if n.lower() not in self.detector.stop:
                    add("GPE", n)
        return patterns[:limit]


def _contains(outer, inner) -> bool:
    """Whether place ``outer`` is a unit that contains ``inner`` (country, admin1 or admin2, or a district's city)."""
    if outer.is_country:
        return inner.country_code == outer.country_code and not inner.is_country
    if outer.feature_code == "ADM1":
        return inner.admin1 == outer.admin1 and inner.country_code == outer.country_code and inner.feature_code != "ADM1"
    if outer.feature_code == "ADM2":
        return inner.admin2 == outer.admin2 and inner.feature_class == "P"
    if outer.feature_class == "P" and inner.feature_code == "PPLX":
        return inner.admin1 == outer.admin1 and abs(inner.latitude - outer.latitude) < 0.2 \
            and abs(inner.longitude - outer.longitude) < 0.2
    return False
