"""Toponym detection: gazetteer matches over capitalised word runs, checked against spaCy's NER.

A match is kept when NER agrees (GPE/LOC/FAC/NORP entity over it), or when it is safe without
NER: a case-sensitive alias ('U.S.', 'Ga.'), a country, state or curated region, a multi-word
name, or a large town. Small one-word towns are kept only when the rest of the text points to
their country (decided in the resolver). Common words that are also village names ('Police',
'Mobile') are in a stop list and need NER's agreement.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .build import resource_path, tsv_rows
from .gazetteer import Gazetteer
from .normalize import fold, matching_settings

LOCATION_LABELS = {"GPE", "LOC", "FAC"}
# Words with letters; apostrophes stay inside ("Ma'arrat"), hyphens split ("al-Numan" -> "al", "Numan").
_WORD = re.compile(r"[^\W_]+(?:['’‘ʿʾ`][^\W_]+)*")
_GAP = re.compile(r"(?: |-|\u2010|\u2011|\. ?|\.-)")
_SENT_END = set(".!?\n\"“”:;")


# A town named right after a locative preposition ("near Popasna", "in central Thessaloniki", "in rural
# Idlib", the countryside of a town) is a place even where no country word supports it and the entity
# recogniser calls it a person or an organisation.
_LOCATIVE_BEFORE = re.compile(r"\b(?:(?:in|near|outside|at)\s+(?:(?:the\s+)?(?:central|northern|southern|eastern|western|rural|"
                              r"urban|downtown)\s+)?|"
                              r"(?:outskirts|edge|suburbs|vicinity)\s+of\s+)$")
_LOCATED_MIN_POP = 10000
# "about fifteen kilometres from X", "30 km north of X": a distance is measured from a place, whatever the
# entity recogniser makes of the name after it.
_DISTANCE_BEFORE = re.compile(r"\b(?:kilometres|kilometers|km|miles)\s+(?:(?:to\s+the\s+)?(?:north|south|east|west)"
                              r"(?:-?(?:east|west))?\s+)?(?:from|of)\s+$", re.I)
# "the western town of Rutba", "the village of X": what follows a word for a settlement and "of" is that
# settlement's name, whatever the entity recogniser makes of the words after it ("Rutba from Islamic State"
# read as one organisation).
_SETTLEMENT_OF_BEFORE = re.compile(r"\b(?:town|city|village|hamlet|settlement|suburb)\s+of\s+$", re.I)


_RIVER_BANK = re.compile(r"(?:east|west|north|south|left|right)\s+bank")
_OF_AFTER = re.compile(r"\s+of\b")


@dataclass
class Candidate:
    """A stretch of text that names a place, with the gazetteer entries it may be."""

    start: int
    end: int
    text: str
    gids: list[int]
    exact: set[int]
    kind: str = "toponym"          # toponym | demonym | embedded | metonymic | currency ("US dollar")
    source: str = "gazetteer"      # gazetteer | surface | ner | demonym
    ner: str | None = None         # label of the spaCy entity that agrees, if any
    provisional: bool = False      # kept only if the resolver finds its country in the context
    demonym_of: str | None = None  # 'SY', 'continent:EU' or 'place:-1042'
    # The readings a mention set aside because its words did not say it is a village (``_accept``).
    set_aside: tuple | None = None
    of_force: bool = False         # the nationality of a force that also fights abroad ("Turkish drones")
    located: bool = False          # the words before it say it is a place ("near X", "in X")


_COMPASS_BEFORE = re.compile(r"(?:north|south|east|west)(?:-?(?:north|south|east|west))?(?:ern)?\s+")


@lru_cache(maxsize=1)
def stoplist() -> frozenset[str]:
    words = set()
    for line in resource_path("stoplist.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.add(fold(line))
    return frozenset(words)


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    return {row[0]: row[1] for row in tsv_rows("demonyms.tsv")}


def _is_cap(word: str) -> bool:
    return word[:1].isupper()


def _sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t\"“'‘(":
        i -= 1
    return i < 0 or text[i] in _SENT_END


class Detector:
    def __init__(self, gaz: Gazetteer, forces_abroad: frozenset[str] = frozenset()):
        """``forces_abroad``: see ``Geocoder``."""
        self.gaz = gaz
        self.forces_abroad = forces_abroad
        s = matching_settings()
        self.connectors = frozenset(s["connectors"])
        self.neighbourhood = frozenset(s.get("neighbourhood_words", []))
        self.starters = frozenset(s["starters"])
        self.trailing = frozenset(s["trailing_words"])
        self.reporting = frozenset(s["reporting_verbs"])
        self.max_ngram = int(s["max_ngram"])
        self.non_starters = frozenset(s["non_starters"])
        self.articles = frozenset(s["articles"]) | {"the"}
        self.min_pop = int(s["single_token_min_population"])
        self.stop = stoplist()
        self.demonyms = demonyms()
        self._currency = re.compile(r"\s+(?:" + "|".join(map(re.escape, s["currency_words"])) + r")\b")
        self._force = re.compile(r"\s+(?:" + "|".join(map(re.escape, sorted(s.get("force_words", []), key=len, reverse=True)))
                                 + r")\b", re.I) if s.get("force_words") else None
        surface = sorted(gaz.surface, key=len, reverse=True)
        self._surface_re = re.compile(
            r"(?<![\w.])(?:" + "|".join(re.escape(x) for x in surface) + r")(?![\w])") if surface else None

    # ------------------------------------------------------------------ matching
    def gazetteer_matches(self, text: str) -> list[Candidate]:
        words = []
        for m in _WORD.finditer(text):
            s, e = m.start(), m.end()
            if e - s > 3 and text[e - 2] in "'’" and text[e - 1] == "s":
                e -= 2  # "Aleppo's" -> "Aleppo"
            words.append((s, e))
        found: list[Candidate] = []
        for i, (s, e) in enumerate(words):
            w = text[s:e]
            if not ((w[0].isupper() and w not in self.non_starters) or w.lower() in self.starters):
                continue
            for j in range(i, min(len(words), i + self.max_ngram)):
                if j > i:
                    gap = text[words[j - 1][1]:words[j][0]]
                    if not _GAP.fullmatch(gap):
                        break
                wj = text[words[j][0]:words[j][1]]
                if j > i and not _is_cap(wj) and not wj[0].isdigit() and wj.lower() not in self.connectors and wj.lower() not in self.trailing \
                        and wj.lower() not in self.starters:
                    break
                last = text[words[j][0]:words[j][1]]
                if not (_is_cap(last) or last[0].isdigit() or last.lower() in self.trailing):
                    continue
                if not any(_is_cap(text[a:b]) or text[a].isdigit() for a, b in words[i:j + 1]):
                    # "the southern province of X", "the central city": words for a kind of place, which
                    # GeoNames also holds as names (Sri Lanka's Southern Province, Central City, Colorado).
                    continue
                cand = self._lookup(text, s, words[j][1])
                if cand:
                    found.append(cand)
        found.extend(self._surface_matches(text))
        return found

    def _lookup(self, text: str, s: int, e: int) -> Candidate | None:
        span = text[s:e]
        if span.endswith(("'s", "’s")) and len(span) > 3:
            return None  # the shorter match without the possessive is tried too
        demonym = self.demonyms.get(span)
        if demonym:
            return Candidate(s, e, span, [], set(), kind="demonym", source="demonym", demonym_of=demonym,
                             of_force=demonym in self.forces_abroad and bool(self._force and self._force.match(text, e)))
        if not span[:1].isupper():
            # Lower-case starts ("northern Iraq", "al-Bab") only name curated or exact places.
            gids, exact = self.gaz.candidates(span, loose=False)
            compass = _COMPASS_BEFORE.match(span)
            if compass and gids:
                # "south Lebanon": a part of the country named, never a namesake town abroad (South
                # Lebanon, Ohio); the country's own places called so may stand, or the country alone.
                named = self.gaz.candidates(span[compass.end():], loose=False)[1]
                ccs = {self.gaz.country_gid[g] for g in named if g in self.gaz.country_gid}
                if ccs:
                    gids = [g for g in gids if (r := self.gaz.row(g)) is not None and r.cc in ccs]
                    exact &= set(gids)
                    if not gids:
                        return None
        else:
            gids, exact = self.gaz.candidates(span)
        if not gids:
            return None
        return Candidate(s, e, span, gids, exact)

    def _surface_matches(self, text: str) -> list[Candidate]:
        if self._surface_re is None:
            return []
        out = []
        for m in self._surface_re.finditer(text):
            gids = list(self.gaz.surface[m.group()])
            out.append(Candidate(m.start(), m.end(), m.group(), gids, set(gids), source="surface"))
        return out

    # ------------------------------------------------------------------ selection
    def detect(self, text: str, doc=None, exclude=(), ents=None, matches: list[Candidate] | None = None
               ) -> list[Candidate]:
        """The toponyms of ``text``. Entities come from ``doc`` (a spaCy Doc) or ``ents``
        ((start, end, label) triples); ``matches`` are this text's ``gazetteer_matches``, when the
        caller already has them."""
        if ents is None:
            ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents] if doc is not None else []
        cands = list(self.gazetteer_matches(text) if matches is None else matches)
        ents = _drop_place_pairs(text, [(s, e, label, text[s:e]) for s, e, label in ents], cands)
        cands = [c for c in cands if not any(a <= c.start < b or a < c.end <= b for a, b in exclude)]
        # Spans that are exactly a location entity first, then longest, then leftmost; a surface alias
        # beats a same-length fuzzy match.
        aligned = {_trim_entity(text, s, e) for s, e, label, _ in ents if label in LOCATION_LABELS}
        # Not a name only villages answer to: "Maarat" tagged alone is the start of "Maarat al-Numan".
        first = {id(c) for c in cands if (c.start, c.end) in aligned and not self._only_villages(c) and not any(
            o.start <= c.start and o.end >= c.end and (o.end - o.start) > (c.end - c.start) and o.exact
            for o in cands)}
        cands.sort(key=lambda c: (id(c) not in first, -(c.end - c.start), c.source != "surface", c.start))
        chosen: list[Candidate] = []
        taken = bytearray(len(text) + 1)
        loc_ents = [(s, e, label) for s, e, label, _ in ents if label in LOCATION_LABELS]
        for s, e, label in loc_ents:
            s2, e2 = _trim_entity(text, s, e)
            span = text[s2:e2]
            # An entity inside a longer exact name ("la Paz" of "San Pedro de la Paz") adds nothing.
            if " " in span and not any(c.start == s2 and c.end == e2 for c in cands) and not any(
                    c.start <= s2 and e2 <= c.end and c.exact for c in cands):
                gids, exact = self.gaz.candidates(span, loose=False)
                if exact:
                    cands.insert(0, Candidate(s2, e2, span, gids, exact, source="ner", ner=label))
        rejected: list[Candidate] = []
        for c in cands:
            if any(taken[c.start:c.end]):
                continue
            if self._accept(text, c, ents):
                chosen.append(c)
                taken[c.start:c.end] = b"\x01" * (c.end - c.start)
            elif c.gids and c.exact and not _inside_name(text, c, ents):
                rejected.append(c)
        self._one_sense(chosen, rejected, taken)
        self._villages_once_placed(chosen)
        for s, e, label, etext in ents:
            if label not in LOCATION_LABELS or any(taken[s:e]):
                continue
            if any(a <= s < b or a < e <= b for a, b in exclude):
                continue
            s2, e2 = _trim_entity(text, s, e)
            if e2 <= s2 or self._neighbourhood_word(text, s2, e2) or _WATER_AFTER.match(text, e2):
                continue
            span = text[s2:e2]
            gids, exact = self.gaz.candidates(span, loose=" " in span.strip())
            if _CITY_PART_AFTER.match(text, e2):
                # "the Midan district" of the city the report is about, not a village called Midan.
                gids = [r.gid for r in self.gaz.rows_for(gids) if not r.village]
                exact &= set(gids)
            chosen.append(Candidate(s2, e2, span, gids, exact, source="ner", ner=label,
                                    kind="currency" if self._currency.match(text, e2) else "toponym"))
            taken[s2:e2] = b"\x01" * (e2 - s2)
        chosen.sort(key=lambda c: c.start)
        # "the east bank of the Tigris" is a river's bank, not the West Bank.
        return [c for c in chosen if not (_RIVER_BANK.fullmatch(c.text) and _OF_AFTER.match(text, c.end))]

    @staticmethod
    def _one_sense(chosen: list[Candidate], rejected: list[Candidate], taken: bytearray) -> None:
        """A name the article uses as a place once is a place at every mention: spaCy often tags a
        small town as a person or an organisation in one sentence and as a place in the next."""
        sure = {fold(c.text) for c in chosen if c.kind == "toponym" and c.exact and not c.demonym_of
                and (c.ner in LOCATION_LABELS or not c.provisional)}
        if not sure:
            return
        for c in chosen:
            if c.provisional and fold(c.text) in sure:
                c.provisional = False
        for c in rejected:
            if fold(c.text) in sure and not any(taken[c.start:c.end]):
                if c.kind == "metonymic":
                    continue
                c.provisional = False
                chosen.append(c)
                taken[c.start:c.end] = b"\x01" * (c.end - c.start)

    def _villages_once_placed(self, chosen: list[Candidate]) -> None:
        """A village the words place once ("the town of Dabiq") is that village at every mention
        ("atrocities in Dabiq", "to free Dabiq"), where a mention on its own had set villages aside."""
        placed = {fold(c.text) for c in chosen if c.set_aside is None and any(
            r.village for r in self.gaz.rows_for(c.gids))}
        for c in chosen:
            if c.set_aside is not None and fold(c.text) in placed:
                c.gids, c.exact = list(c.set_aside[0]), set(c.set_aside[1])
                c.provisional = c.located = True
            c.set_aside = None

    def _country_possessive(self, text: str, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` is a country's possessive and nothing else: "Nigeria's "."""
        found = _POSSESSIVE.fullmatch(text, start, end)
        if found is None:
            return False
        gids, exact = self.gaz.candidates(found.group("who"), loose=False)
        return any(r.is_country for r in self.gaz.rows_for(gids) if r.gid in exact)

    def _accept(self, text: str, c: Candidate, ents) -> bool:
        if self._neighbourhood_word(text, c.start, c.end):
            return False
        if _WATER_AFTER.match(text, c.end):
            # "across the Dnipro river", "the Niger river town of X": the river, which runs for hundreds of
            # kilometres, not the city or country of its name.
            return False
        ent = _overlapping(ents, c.start, c.end)
        if ent is not None and c.start <= ent[0] and ent[1] <= c.end and ent[1] - ent[0] < c.end - c.start \
                and c.exact and " " in c.text.strip():
            ent = None  # a part of a longer exact name: "Norte" taken for a person in "Rio Grande do Norte"
        label = ent[2] if ent else None
        if ent is not None:
            s2, e2 = _trim_entity(text, ent[0], ent[1])
            same = s2 <= c.start and e2 >= c.end and (e2 - s2) - (c.end - c.start) <= 1
        else:
            same = False
        if c.demonym_of:
            if ent is not None and not same and label == "ORG":
                c.kind = "embedded"
            if label == "NORP" or label in LOCATION_LABELS:
                c.ner = label
            return True
        if self._currency.match(text, c.end):
            # "the US dollar exchange rate": a name, kept as such, but no place of the story nor its country
            c.kind = "currency"
            return any(r.is_country for r in self.gaz.rows_for(c.gids) if r.gid in c.exact)
        if c.source == "surface":
            return True
        if ent is not None and not same and (
                ((label == "ORG" and _UNIT_AFTER.match(text, c.end)
                  or label == "PERSON" and _PERSON_UNIT_AFTER.match(text, c.end))
                 and _trim_entity(text, ent[0], ent[1])[0] >= c.start)
                or (label == "ORG" and self._country_possessive(text, s2, c.start)
                    and (e2 <= c.end or _UNIT_AFTER.match(text, c.end)))):
            # "Marte Local Government Area", "Kajo Keji County": spaCy reads the unit as an organisation
            # (or, for a short African name, a person: "Biu LGA"; not "Laurel County", a county the
            # gazetteer holds under its whole name);
            # it is the place itself, under its administrative title. Not where the organisation's name
            # begins before the place: "Islamic State Khorasan Province" is a group, named after a region;
            # but a country's possessive is no part of a name: "Mozambique's Cabo Delgado" is a place.
            ent, label = None, None
        settlement_of = bool(_SETTLEMENT_OF_BEFORE.search(text, max(0, c.start - 20), c.start))
        if ent is not None and not same and label in ("ORG", "PERSON") and settlement_of \
                and _trim_entity(text, ent[0], ent[1])[0] >= c.start:
            ent, label = None, None
        if ent is not None and not same:
            if label == "PERSON":
                return False  # "George Washington", "Paris Hilton"
            if label == "ORG":
                c.kind = "embedded"
        if same and label in LOCATION_LABELS:
            c.ner = label
        if c.kind != "embedded" and self._is_metonymic(text, c):
            c.kind = "metonymic"
        f = fold(c.text)
        rows = self.gaz.rows_for(c.gids)
        exact_rows = [r for r in rows if r.gid in c.exact]
        big = any(r.is_country or r.fcode in ("ADM1", "CONT") or r.is_curated for r in exact_rows)
        content = [w for w in f.split() if w not in self.articles]
        multiword = len(content) > 1
        if f in self.stop:
            return c.ner == "GPE"
        if (c.text.isupper() and len(c.text) <= 4) or len(f) < 3:
            return False  # acronyms: only the curated case-sensitive ones ('US', 'UK')
        if c.kind == "embedded":
            # Inside an organisation's name only a well-known place counts: "University of California".
            return any(r.is_country or r.fcode in ("ADM1", "CONT") or r.pop >= 100000 for r in exact_rows) or (multiword and any(r.is_admin or r.is_curated for r in exact_rows))
        after_locative = bool(_LOCATIVE_BEFORE.search(text, max(0, c.start - 25), c.start)
                              or _PEOPLE_AT.search(text[max(0, c.start - 50):c.start])) \
            and not re.match(r"['’]s\b", text[c.end:c.end + 3])  # "fatigue at Kelly's attempts"
        distance_before = bool(_DISTANCE_BEFORE.search(text, max(0, c.start - 40), c.start))
        c.located = after_locative and c.text[:1].isupper()
        if any(r.village for r in rows):
            # Villages of a whole country's list: thousands of names, many of them also personal names
            # ("Omar") or parts of a city ("the Qusour district", "Bustan al-Qasr"). They count only where
            # the words say the name is a place, and then only where the article points to their country.
            part_of_a_name = bool(_CITY_PART_AFTER.match(text, c.end)) or self._part_of_longer_name(text, c, ent)
            said_a_place = after_locative or settlement_of or distance_before or c.ner in LOCATION_LABELS
            if part_of_a_name or not said_a_place:
                if not part_of_a_name:
                    # Another mention of the name may say it is a place (_villages_once_placed).
                    c.set_aside = (tuple(c.gids), frozenset(c.exact))
                rows = [r for r in rows if not r.village]
                exact_rows = [r for r in exact_rows if not r.village]
                c.gids = [r.gid for r in rows]
                c.exact = {r.gid for r in exact_rows}
                if not rows:
                    return False
            else:
                # "the town of Dabiq", "5 km from X", a name the recogniser tags as a place: as placed as
                # "near X" (the resolver's _supported).
                c.located = c.text[:1].isupper()
                if self._only_villages(c):
                    c.provisional = True
                    return True
        top_pop = max((r.pop for r in exact_rows), default=0)
        # A village ACLED codes events in counts as much as a town ("near Novozvanivka"), unless the entity
        # recogniser takes the name for a person ("in Kelly" of a story about a Kelly).
        located = after_locative and (top_pop >= _LOCATED_MIN_POP or any(r.is_acled for r in exact_rows)
                                      and not (same and label == "PERSON")) \
            or bool(exact_rows) and distance_before
        if same and label == "PERSON":
            # spaCy often takes Arabic place names for people; a full multi-word match is a place.
            c.provisional = not big and not located
            return big or multiword or bool(exact_rows)
        if c.ner:
            return bool(exact_rows) or multiword or len(f) >= 5
        if not exact_rows:
            # Only a fuzzy key matched: fine for multi-word Arabic names, too loose for one word, and
            # for a pronoun in a quote ("All I know" is no Aley).
            c.provisional = True
            if c.located and len(f) >= 5:
                # "near Amadiya" for the gazetteer's "Amadiyah": the words say it is a place, and a
                # transliteration variant is what the loose key is for. Provisional: it stays only
                # where the article's other places point to its country.
                return True
            return multiword and all(len(w) > 1 for w in content)
        if big:
            return True
        if self._part_of_longer_name(text, c, ent):
            # "Wadi" of "Wadi Barada", a name the gazetteer lacks: the part names another place, often
            # abroad, so it stays only if the article's other places point to its country.
            c.provisional = True
            return True
        if located:
            return True  # "near Popasna", "in central Thessaloniki": the words say it is a place
        if multiword:
            c.provisional = top_pop < 1000
            return True
        if _sentence_initial(text, c.start):
            c.provisional = True
            return top_pop >= self.min_pop * 4
        c.provisional = top_pop < self.min_pop
        return True

    def _only_villages(self, c: Candidate) -> bool:
        """Whether only villages of a whole country's list (``Row.village``) answer to the name."""
        rows = self.gaz.rows_for(c.gids)
        pool = [r for r in rows if r.gid in c.exact] or rows
        return bool(pool) and all(r.village for r in pool)

    def _neighbourhood_word(self, text: str, start: int, end: int) -> bool:
        """"Colonia Alamar": a word for a neighbourhood before a name starts a part of the town named
        before it, not a village called Colonia."""
        return fold(text[start:end]) in self.neighbourhood and bool(_NEXT_WORD.match(text, end))

    def _part_of_longer_name(self, text: str, c: Candidate, ent) -> bool:
        """Whether the match is only the start of a longer capitalised name: a location entity
        that runs past it, or a capitalised word right after it that is no unit word ("province"),
        no day or month, and no name of its own."""
        if ent is not None and ent[2] in LOCATION_LABELS:
            s2, e2 = _trim_entity(text, ent[0], ent[1])
            rest = text[c.end:e2].split()
            if s2 <= c.start and e2 > c.end and rest and not all(w.lower() in self.trailing for w in rest):
                return True
        m = _NEXT_WORD.match(text, c.end)
        if m is not None:
            w = m.group(1)
            if w.lower() not in self.trailing and w.lower() not in self.connectors \
                    and w.lower() not in _CALENDAR and not self.gaz.candidates(w, loose=False)[1]:
                return True
        # The end of a longer name: "Barrage" of "Samarra Barrage" (a dam), not a town called Barrage.
        m = _PREV_WORD.search(text, max(0, c.start - 40), c.start)
        if m is None:
            return False
        w = m.group(1)
        if w.lower() in self.starters or w.lower() in self.connectors or w.lower() in self.articles \
                or w.lower() in _CALENDAR or w in self.demonyms or w.isupper():
            return False
        return not _sentence_initial(text, m.start(1)) or bool(self.gaz.candidates(w, loose=False)[1])

    def _is_metonymic(self, text: str, c: Candidate) -> bool:
        after = text[c.end:c.end + 20].split()
        if _PEOPLE_AT.search(text[max(0, c.start - 50):c.start]):
            return False  # "residents of X said": the people at X speak, and X is where they are
        return bool(after) and after[0].strip(",.") in self.reporting


# "Residents of", "villagers in the town of": the words that put witnesses at the place they speak of.
# Not "officials in" or "sources in": a capital's officials speak of acts elsewhere.
# Words after a name that make it a part of a city, not a village: "the Joura district", "Bustan al-Qasr
# neighbourhood".
_CITY_PART_AFTER = re.compile(r"\s+(?:district|neighbou?rhood|quarter|suburb)\b", re.I)
_PEOPLE_AT = re.compile(r"\b(?:residents|people|villagers|inhabitants|locals|witnesses|elders|doctors|medics|"
                        r"traders)\s+(?:of|in|from|near|at)\s+"
                        r"(?:the\s+(?:town|city|village|district)\s+of\s+)?$", re.I)


_UNIT_AFTER = re.compile(r"\s+(?:Local\s+Government\s+Area|LGA|District|Province|Governorate|State|County|Region|"
                         r"Prefecture|Department|Municipality|Territory|Sub-?district|Township|"
                         r"local\s+government\s+area|district|province|governorate|state|county|region|prefecture|"
                         r"department|municipality|territory|township|PS|police\s+station)\b")
# Unit words that never end a gazetteer name, after which a "person" is a district or LGA of that name.
_PERSON_UNIT_AFTER = re.compile(r"\s+(?:LGA|Local\s+Government\s+Area|local\s+government\s+area|district|territory|"
                                r"woreda|tehsil|sub-?district|PS|police\s+station)\b")
_POSSESSIVE = re.compile(r"(?P<who>[A-Z][\w .-]*?)['’]s\s+")
# A capitalised word right after a match, on the same line, joined by one space.
_WATER_AFTER = re.compile(r"[ -](?:[Rr]iver|[Ll]ake)\b")
_NEXT_WORD = re.compile(r" ([A-Z][a-z][\w'’]*)")
_PREV_WORD = re.compile(r"\b([A-Z][a-z][\w'’]*) $")
_CALENDAR = frozenset("monday tuesday wednesday thursday friday saturday sunday january february march april may june "
                      "july august september october november december".split())

# "X (Y, Z" or "X (Y": a bracket the entity never closes, or one that lists units.
_UNITS_IN_BRACKET = re.compile(r"\((?:[^()]*,[^()]*\)|[^()]*$)")
_PAIR_GAP = re.compile(r"\s*(?:,|in|\()\s*")


def _drop_place_pairs(text: str, ents: list, cands: list[Candidate]) -> list:
    """spaCy often reads "Qoqfin in Idleb", "Kolofata, Mayo-Sava" or "Coronel (Biobio" as one organisation
    or person: an entity that is two gazetteer names joined by "in", a comma or a bracket is two places."""
    if not ents:
        return ents
    starts = {c.start: c for c in cands if c.gids}
    ends = {c.end for c in cands if c.gids}
    out = []
    for ent in ents:
        s, e, label = ent[0], ent[1], ent[2]
        if label in ("ORG", "PERSON") and _UNITS_IN_BRACKET.search(text, s, e):
            # "Nacutuco (Mucojo, Cabo Delgado": a name and the units it lies in, whether or not the
            # gazetteer knows the name; an organisation's name does not open a bracket it never closes.
            continue
        s2, e2 = _trim_entity(text, s, e)
        first = starts.get(s2)
        if label in ("ORG", "PERSON") and first is not None and e2 in ends and first.end < e2:
            rest = next((c for c in cands if c.end == e2 and c.start > first.end and c.gids), None)
            if rest is not None and _PAIR_GAP.fullmatch(text[first.end:rest.start]):
                continue
        out.append(ent)
    return out


def _inside_name(text: str, c: Candidate, ents) -> bool:
    """Whether the match is the surname in a person's name ("George Washington", "Jack London")."""
    ent = _overlapping(ents, c.start, c.end)
    if ent is None or ent[2] != "PERSON":
        return False
    s2, _ = _trim_entity(text, ent[0], ent[1])
    return s2 < c.start


def _overlapping(ents, s: int, e: int):
    for ent in ents:
        if ent[0] < e and s < ent[1]:
            return ent
    return None


def _trim_entity(text: str, s: int, e: int) -> tuple[int, int]:
    span = text[s:e]
    if span.lower().startswith("the "):
        s += 4
    elif span.startswith(("Near ", "Outside ", "Around ")):
        # "-- Near Raqqa, four strikes ...": a list item's capitalised preposition is no part of a name
        # (spaCy reads the two words as a person); "In" stays, as in In Amenas.
        s += span.index(" ") + 1
    if text[s:e].endswith(("'s", "’s")):
        e -= 2
    return s, e
