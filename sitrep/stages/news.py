"""News of the day: strike summaries become one event per place, and background gets no event.

Three stages around the argument readers. Short texts typed whole (a snippet, a coder's note) tell
one event each: of the background rules only the date rule applies to them.

``Summaries`` (before Arguments) reads the lists of daily strike releases: a lead that gives the
totals ("forces conducted 34 strikes ... on <day>"), then one line or sentence per place ("Near X,
five strikes destroyed ..."). ACLED codes one Air/drone strike event per place and day, so each
place-led item becomes one mention, whatever the typer made of its words (the list of things hit
reads like looting or a clash), and the totals become none. A bulleted list under a strike sentence
that ends with a colon ("forces struck targets at three sites: -- Near X, ...") is read the same way.

``NewsOfTheDay`` (after Arguments, which dates and places each mention) drops the mentions of a
report that are not news of the day. Sitrep codes only what the report tells as having happened
recently; a past event named as background gets no event, even when its date is stated (ACLED
has it from the reports of its own day). Background is:

- an event dated more than ``background_days`` before publication, by a date or year in its
  sentence or in the sentence that sets the scene before it in the same paragraph, or by the day
  its context gave it; a bare weekday ("on Sunday") is news of the week however far back it falls;
- an undated act told at a time well before the news ("two years ago", "back in"; in its sentence
  or the scene sentence) or over a stretch up to now ("since May", "for the past two weeks",
  "almost every day"): history, a campaign or a habit, not an act of a day;
- any event of an encyclopedia article (reference marks like "[3]") not dated within those days;
- any event of a report about the past: one that names no day near publication and tells times well
  before it in at least three sentences (a feature, a profile, a timeline in the historical present),
  or of a text of ``UNDATED_SENTENCES`` or more that names no day at all (an explainer), unless it
  is told in the story's lead (its first sentence, or its second in the present perfect:
  "a car bomb has killed 20 people in X");
- a trigger whose clause is hypothetical (a modal auxiliary, "plans to", "calls for an end to"),
  negated or denied, or habitual ("frequently carries out", a present simple or its passive with no day
  named: "the airport is used by helicopters");
  an undated past perfect outside reported speech ("the militants had seized the town") sets the
  act before the story's time; under "said" it is only backshift ("SANA said troops had destroyed");
- a mention (agreements aside) with neither a day nor a place finer than a country in its
  sentence, the two sentences before it or the story's lead;
- acts counted, not told ("used them on at least three occasions");
- a weapon word that names a unit or a role ("the artillery battalion commander", "Field Artillery
  Regiment"), not an act; an act noun as the subject of a trend verb in the present with no day
  ("the shelling of the towns has intensified"): a campaign, not an act;
- a statement's weaponless name for an act ("condemned Sunday's attacks in X") when the report tells
  the act with its weapon at the same place and day;
- a condemnation that names no specific act: the condemned attack must have a place or a day;
- a condemned act (see ``CondemnedActs``) with no place;
- in a report read sentence by sentence, an act of violence with no place at all, no side named, no
  toll and no day in its sentence ("stray rounds have emptied streets", "reports of continued strikes"):
  a condition, not an act;
- a Chemical weapon mention whose sentence names no agent or tells no use (a report, a stockpile),
  a Change to group/activity naming no merger, split, recruitment, force movement or security
  measure: ACLED's definitions, not a cue word alone;
- strategic developments that describe no act: meetings, visits, exercises, deployments, aid,
  and agreements that are not between the sides of a conflict (a ceasefire, a prisoner swap).
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from ..arguments.lexicon import alternation, lexicon
from ..model import PlaceMention
from ..pipeline import Document, Mention
from .detect import _PARAGRAPH_BREAK
from .merge import INCIDENT_GAP, NEAR_KM, VIOLENT_TYPES, _km

SUMMARY_CUE = "summary list item"
CONDEMNED_CUE = "condemned act"
TOLL_CUE = "revised toll"
DAY_ACT_CUE = "act named with its day"
KILLING_ACT_CUE = "act that killed"
DECLARED_CUE = "control declared"
DECLARED_CONTROL = re.compile(
    r"\b(?:claim|claims|claimed|declare|declares|declared|announce|announces|announced|proclaim|proclaims|proclaimed)"
    r"\s+(?:that\s+(?:it|they)\s+(?:has|have|had)\s+(?:taken\s+|regained\s+|seized\s+)?)?(?:full\s+|complete\s+|total\s+)?"
    r"(?P<control>control)\s+(?:of|over)\s+", re.I)
STRIKE = ("Explosions/Remote violence", "Air/drone strike")
# A list needs at least two items: one place-led sentence is ordinary prose.
MIN_ITEMS = 2
# difflib ratio for a misspelt list place: one letter wrong in a 12-letter name is 0.92.
NEAR_SPELLING = 0.88
GENERIC_WORDS = frozenset("military forces force troops army armed security government state".split())
# Reference marks of an encyclopedia ("[3]", "[citation needed]").
REFERENCE_MARK = re.compile(r"\[(?:\d{1,3}|citation needed)\]")
ENCYCLOPEDIA = re.compile(r"wikipedia|encyclop", re.I)
# "has used them on at least three occasions", "at least once": acts counted, none told.
OCCASIONS = re.compile(r"\b(?:on\s+(?:at\s+least\s+|several\s+|many\s+|numerous\s+|multiple\s+)?\w+\s+"
                       r"(?:separate\s+)?occasions"
                       r"|at\s+least\s+(?:once|twice|\w+\s+times))\b", re.I)
YEAR = re.compile(r"(?<![\d/-])(?:19|20)\d\d(?![\d/-])")
# Sentences telling times well before publication that make a report with no recent day one about the
# past: one or two are a news story's background, three with no day of the news a feature or a history.
PAST_ANCHORS = 3
# Sentences of a text that names no day at all beyond which it is no news report (a statement of a
# few sentences may leave its day to its date line).
UNDATED_SENTENCES = 8
PARTICIPLE = re.compile(r"(?:ed|en|nt)$")
WEEKDAY = re.compile(r"(?:on\s+|last\s+|this\s+(?:past\s+)?)?(?:mon|tues|wednes|thurs|fri|satur|sun)day", re.I)


# ---------------------------------------------------------------------------------------- summaries
def _item_pattern() -> re.Pattern:
    lex = lexicon("news")
    preps = alternation(lex["place_prepositions"])
    nouns = alternation(lex["strike_nouns"])
    # "Near Mosul, five strikes engaged ..." after any bullet marks; the place starts upper-case. A
    # release written as prose opens the first item of a country with it ("In Syria, near X, two
    # strikes ..."), and a count may take a word of its own ("a single strike", "two more strikes").
    # Prose may also lead with a bearing from the item before ("Farther south, near X, ...") and
    # put where the place lies between it and the count ("Near X, on the east bank of the river, ...").
    return re.compile(
        r"[\s.•*·\-–—]*(?:(?i:in)\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?\s*,\s+)?"
        r"(?:(?i:farther|further|also|elsewhere|meanwhile)(?:\s+(?i:north|south|east|west|afield|"
        r"upstream|downstream|up\s+the\s+river|down\s+the\s+river))?\s*,\s+)?"
        rf"(?i:{preps})\s+(?P<place>[A-Z][\w'’-]*(?:\s+[A-Za-z][\w'’-]*){{0,4}}?)\s*,\s+"
        r"(?:(?i:on|along|close\s+to|just|about|some|outside|north|south|east|west)\b[^,.;:]{0,60},\s+)?"
        r"(?P<count>\d+|(?i:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
        r"|[a-z]+teen|[a-z]+ty(?:-[a-z]+)?))"
        r"(?:\s+(?i:single|separate|further|additional|more|other|precision|coalition))?"
        rf"\s+(?P<noun>(?i:{nouns}))")


def _bullet_item_pattern() -> re.Pattern:
    """"-- Near X, aircraft struck two boats ...": a line of a bulleted list led by its place, whose
    words need not count strikes at all; the sentence that introduces the list tells the act."""
    preps = alternation(lexicon("news")["place_prepositions"])
    return re.compile(
        rf"[ \t]*(?:-{{1,2}}|[•*·–—])[\s•*·\-–—]*(?i:{preps})\s+"
        r"(?P<place>[A-Z][\w'’-]*(?:\s+[A-Za-z][\w'’-]*){0,4}?)\s*,\s+\S")


BULLET_MARKS = re.compile(r"[\s•*·\-–—]*")


def _late_item_pattern() -> re.Pattern:
    """"Additionally, two strikes near X on June 9 destroyed ...": a strike a release adds after its list,
    often of an earlier day, told count first and placed by "near"."""
    nouns = alternation(lexicon("news")["strike_nouns"])
    return re.compile(
        r"(?P<count>\b(?:\d+|(?i:a|an|one|two|three|four|five|six|seven|eight|nine|ten)))"
        r"(?:\s+(?i:single|separate|further|additional|more|other|precision|coalition))?"
        rf"\s+(?P<noun>(?i:{nouns}))\s+(?i:near)\s+(?P<place>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){{0,3}})")


def _where_item_pattern() -> re.Pattern:
    """"... struck near X, where four strikes hit a mortar team, and near Y, where two strikes
    ...": a release written as prose gives several places in one sentence, each with its count."""
    nouns = alternation(lexicon("news")["strike_nouns"])
    return re.compile(
        r"\b(?i:near)\s+(?P<place>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})\s*,\s+(?i:where)\s+"
        r"(?P<count>\d+|(?i:a|an|one|two|three|four|five|six|seven|eight|nine|ten))"
        r"(?:\s+(?i:single|separate|further|additional|more|other|precision|coalition))?"
        rf"\s+(?P<noun>(?i:{nouns}))\b")


def _total_pattern() -> re.Pattern:
    nouns = alternation(lexicon("news")["strike_nouns"])
    return re.compile(rf"\b(?:\d+|[a-z]+)\s+(?:{nouns})\b", re.I)


# The verb of a strike release's opening sentence: the striker is named before it, the side struck after.
_STRIKING = re.compile(r"\b(?:attack(?:s|ed|ing)?|strik(?:e|es|ing)|struck|target(?:s|ed|ing)?|against|"
                       r"conduct(?:s|ed|ing)?\s+(?:\w+\s+){0,3}(?:air\s*)?strikes)\b", re.I)


class Summaries:
    """One Air/drone strike mention per place-led item of a strike list; none for its totals."""

    name = "summaries"
    requires = ("article", "excluded", "headings", "mentions", "places", "sentences", "country")
    provides = ("mentions", "places")

    def __init__(self, geocoder):
        self.geocoder = geocoder
        self.item_re = _item_pattern()
        self.total_re = _total_pattern()
        self.late_re = _late_item_pattern()
        self.where_re = _where_item_pattern()
        self.bullet_re = _bullet_item_pattern()
        self._town_names: dict[str, dict[str, int]] = {}

    def __call__(self, doc: Document) -> None:
        body = [(s, e) for s, e in doc.sentences if not doc.is_excluded(s, e)]
        items = []
        for s, e in body:
            if doc.in_heading(s, e):
                continue
            m = self.item_re.match(doc.text, s, e)
            if m:
                items.append(((s, e), m))
            else:
                items.extend(((s, e), where) for where in self.where_re.finditer(doc.text, s, e))
        # "In Syria, 12 strikes were conducted": a country's total in a release written as prose, not an
        # item of its list.
        items = [(sent, m) for sent, m in items if not self._names_a_country(doc, m)]
        if len(items) < MIN_ITEMS:
            items = self._bullet_items(doc, body)
        if len(items) < MIN_ITEMS:
            return
        first = items[0][0][0]
        spans = [sent for sent, _ in items]
        # The totals before the list ("conducted 34 strikes in Syria and Iraq") are no event of their own,
        # nor is the sentence that introduces a bulleted list ("struck targets at three locations:").
        lead = colon_lead(doc, first)
        totals = [(s, e) for s, e in body if e <= first and (self.total_re.search(doc.text, s, e) or (s, e) == lead)]
        # Strikes a release adds after its list ("Additionally, one strike near X on June 9 ..."): the typer
        # may read the clause telling why they come late ("were not reported earlier") as no act at all.
        for s, e in body:
            if s > first and (s, e) not in spans and not doc.in_heading(s, e) \
                    and (late := self.late_re.search(doc.text, s, e)) is not None:
                items.append(((s, e), late))
                spans.append((s, e))
        kept = [m for m in doc.mentions
                if not any(_overlaps(m.sentence, sp) for sp in spans + totals)]
        for (s, e), m in items:
            self._place(doc, m, s)
            trigger = m.span("noun") if "noun" in m.re.groupindex else m.span("place")
            kept.append(Mention(event_type=STRIKE[0], sub_event_type=STRIKE[1], confidence=0.95,
                                sentence=(s, e), trigger=trigger, cues=[SUMMARY_CUE]))
        doc.mentions = sorted(kept, key=lambda m: m.sentence)

    def _names_a_country(self, doc: Document, m: re.Match) -> bool:
        ps, pe = m.span("place")
        have = [pm for pm in doc.places if ps <= pm.start < pe and pm.place is not None]
        if have:
            return all(pm.place.feature_code in ("PCLI", "PCLH") for pm in have)
        return any(p.feature_code in ("PCLI", "PCLH") for p in self.geocoder.gaz.lookup(m.group("place"), limit=1))

    def _bullet_items(self, doc: Document, body: list[tuple[int, int]]) -> list:
        """The place-led lines of a bulleted list that a strike sentence ending in a colon introduces
        ("On May 3, forces struck targets at two sites: -- Near X, ... -- Near Y, ..."): each line is
        one strike of that sentence, whatever it says was hit (a launcher destroyed is a target, not
        the weapon). Items stop at the first sentence that is not one."""
        items, lead = [], None
        for s, e in body:
            if doc.in_heading(s, e):
                continue
            if BULLET_MARKS.fullmatch(doc.text, s, e):
                continue  # a bullet the sentence splitter cut off its line
            if lead is None:  # (no item is read before a lead, so none has been yet)
                if _introduces_strike_list(doc, s, e):
                    lead = (s, e)
                continue
            line_start = doc.text.rfind("\n", 0, s) + 1
            m = self.bullet_re.match(doc.text, line_start, e) if BULLET_MARKS.fullmatch(doc.text, line_start, s) else None
            if m is None:
                if items:
                    break
                lead = None
                continue
            items.append(((s, e), m))
        return items

    def _place(self, doc: Document, m: re.Match, sentence_start: int) -> None:
        """The item's place, looked up by name when the toponym finder passed it over."""
        ps, pe = m.span("place")
        section = _section_country(doc, sentence_start)
        have = [pm for pm in doc.places if ps <= pm.start < pe and pm.place is not None]
        # A section headed by its country ("Strikes in Syria") holds its items: a name resolved to a
        # namesake abroad is looked up again in that country.
        if have and (section is None or all(pm.place.country_code == section for pm in have)):
            return
        country = section or doc.country
        name = m.group("place")
        found = self.geocoder.gaz.lookup(name, country_code=country, limit=5) if country else []
        # A strike list's "near X" names a town: a populated place before a district of the same name.
        found = sorted(found, key=lambda p: p.feature_class != "P")[:1]
        if not found and country:
            found = self._near_spelling(name, country)
        doc.places = [pm for pm in doc.places if pm not in have]
        if not found:
            return
        doc.places.append(PlaceMention(ps, pe, name, found[0], confidence=0.9))
        doc.places.sort(key=lambda pm: pm.start)


    def _near_spelling(self, name: str, country: str) -> list:
        """A town of the country spelt one or two letters apart ("Dayr Az Zayr"): releases typed in
        haste misspell, and a list item's place is certain to be a place."""
        import difflib

        from ..geo.normalize import fold

        names = self._town_names.get(country)
        if names is None:
            rows = self.geocoder.gaz.query(
                "SELECT n.fold, n.geonameid FROM names n JOIN places p ON p.geonameid = n.geonameid"
                " WHERE p.country_code = ? AND p.feature_class = 'P' AND p.population > 0", (country,))
            names = self._town_names[country] = {}
            for f, gid in rows:
                names.setdefault(f, gid)
        key = fold(name)
        close = difflib.get_close_matches(key, list(names), n=1, cutoff=NEAR_SPELLING)
        # A name that only adds letters to a town's name is another name: "Baghdadi" is no Baghdad.
        close = [c for c in close if not (c.startswith(key) or key.startswith(c))]
        return [self.geocoder.gaz.place(names[close[0]])] if close else []


def _section_country(doc: Document, before: int) -> str | None:
    """The country a list section is headed by ("Iraq" or "Strikes in Iraq" on a line of its own,
    ending with the country), or, in a release written as prose, the country its paragraph opens with
    ("In Iraq, seven strikes ..."), if any."""
    for pm in sorted((p for p in doc.places if p.end <= before and p.place is not None), key=lambda p: -p.start):
        line_start = doc.text.rfind("\n", 0, pm.start) + 1
        line_end = doc.text.find("\n", pm.end)
        line_end = len(doc.text) if line_end < 0 else line_end
        line = doc.text[line_start:line_end].strip()
        if not pm.place.is_country:
            continue
        if line == pm.text or (line.endswith(pm.text) and len(line.split()) <= SECTION_HEADING_WORDS):
            return pm.place.country_code
        if PARAGRAPH_COUNTRY.fullmatch(doc.text, line_start, pm.end + 1) and doc.text.find("\n", pm.end, before) < 0:
            return pm.place.country_code
    return None


# "In Iraq," opening a paragraph of a prose release: the paragraph's strikes are in that country.
PARAGRAPH_COUNTRY = re.compile(r"\s*(?i:in)\s+(?:the\s+)?[A-Z][\w'’ -]*,")


SECTION_HEADING_WORDS = 5  # "Strikes in Syria": a heading, not a sentence that ends with a country


def colon_lead(doc: Document, before: int) -> tuple[int, int] | None:
    """The sentence that introduces a list starting at ``before``: the body sentence just before it,
    when it tells a strike and ends with a colon."""
    prior = [(s, e) for s, e in doc.body_sentences() if e <= before and not BULLET_MARKS.fullmatch(doc.text, s, e)]
    if not prior:
        return None
    return prior[-1] if _introduces_strike_list(doc, *prior[-1]) else None


def _introduces_strike_list(doc: Document, s: int, e: int) -> bool:
    """"Forces struck targets at three locations:": a sentence that tells a strike and ends with a colon."""
    return doc.text[s:e].rstrip().endswith(":") and _STRIKING.search(doc.text, s, e) is not None


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# A time told against the story's own ("Some hours before, a mortar round had hit the school"): the
# past perfect orders two acts of one day, both news, rather than setting one in the past.
SAME_DAY_BEFORE = re.compile(r"\b(?:(?:hours|minutes|an\s+hour|moments)\s+(?:earlier|before)|earlier\s+(?:that|the\s+same)\s+"
                             r"(?:day|morning|afternoon|evening|night)|earlier\s+in\s+the\s+day|that\s+(?:same\s+)?"
                             r"(?:morning|afternoon))\b", re.I)


# ------------------------------------------------------------------------------------ condemned acts
class CondemnedActs:
    """"X condemns today's attack on the market in Y": a statement that reports an act. The typer
    reads such a sentence as a statement (condemnations are no event in themselves) and finds
    nothing; here each condemned attack becomes a mention, typed by ACLED's rules from the words of
    its noun phrase (the weapon named, a clash, else an Attack). The phrase is the mention's window, so two
    attacks condemned in one sentence keep their own place and day. Whether the attack is a
    specific one (a place or a day) is left to ``NewsOfTheDay``, as for every mention."""

    name = "condemned"
    requires = ("article", "excluded", "headings", "mentions", "spacy_doc", "sentences")
    provides = ("mentions",)

    def __init__(self):
        lex = lexicon("news")
        self.condemn = _forms(lex["condemnation_verbs"] + lex["reaction_verbs"])
        self.acts = _forms(lex["condemned_act_nouns"])
        self.welcome = _forms(lex["welcome_verbs"])
        self.dismay = frozenset(w.split()[-1] for w in lex["dismay_words"])
        self.territory_acts = _forms(lex["territory_act_nouns"])
        self.weapons = [(re.compile(alternation(words), re.I), types) for types, words in lex["condemned_act_weapons"]]
        toll, change = lex["toll_revision"]
        self.toll = re.compile(rf"\b(?:{toll})\b(?P<between>.*?)\b(?:{change})\b", re.I)
        self.day_act = _day_act_pattern()
        self.aircraft = frozenset(lex["aircraft_nouns"])
        self.storm_aircraft = frozenset(lex["storm_aircraft_names"])
        self.air_verbs = _forms(lex["air_strike_verbs"])
        self.munitions = re.compile(alternation(lex["air_munitions"]), re.I)
        self.dropped = re.compile(alternation(lex["air_dropped_munitions"]), re.I)
        self.on_armed = re.compile(rf"\b(?:on|against)\s+(?:[\w-]+\s+){{0,3}}?{alternation(lex['armed_target_nouns'])}", re.I)

    def __call__(self, doc: Document) -> None:
        sdoc = doc.spacy_doc
        if sdoc is None:
            return
        body = doc.body_sentences()
        if not NewsOfTheDay.long_report(doc):
            # A short text is typed whole: the typer has read its condemnation in context. When it found
            # nothing, a revised toll is still the incident's news (a three-sentence follow-up), and a
            # condemned act placed at a town or province is still the act ("deplores the killing of
            # three aid workers in X on Tuesday"): a statement's words of condemnation outweigh, for
            # the typer, the act they name. The news rules do not read a short text's clauses, so the
            # act must be specific here.
            if not doc.mentions:
                doc.mentions = [m for s, e in body
                                for m in self._revised_toll(doc, sdoc.char_span(s, e, alignment_mode="expand"), s, e)][:1]
            if not doc.mentions:
                doc.mentions = [m for s, e in body
                                for m in self._condemned(doc, sdoc, sdoc.char_span(s, e, alignment_mode="expand"), e) or []
                                if self._specific(doc, m.sentence)]
            if not doc.mentions:
                doc.mentions = [m for s, e in body
                                for m in self._act_that_killed(doc, sdoc.char_span(s, e, alignment_mode="expand"), s, e)
                                if self._specific(doc, m.sentence)][:1]
            # A short briefing's "our aviation hit a depot" is a strike however the typer read the depot.
            self._air_acts(doc, sdoc)
            return
        added = []
        for s, e in body:
            if any(_overlaps(m.sentence, (s, e)) and m.event_type in VIOLENT_TYPES for m in doc.mentions):
                # Only a violent act the typer found tells the condemned act already: "condemns today's
                # attack on a camp for displaced people" typed as displacement still reports the attack.
                continue
            span = sdoc.char_span(s, e, alignment_mode="expand")
            if span is None:
                continue
            found = self._condemned(doc, sdoc, span, e)
            if found is None:
                added += self._welcomed_territory(span, s, e) or self._declared_control(doc, span, s, e) \
                    or self._revised_toll(doc, span, s, e) or self._act_that_killed(doc, span, s, e)
                continue
            added += found
        for m in added:
            if CONDEMNED_CUE in m.cues and m.sub_event_type == "Attack":
                self._named_by_weapon_after(doc, body, m)
        if added:
            doc.mentions = sorted(doc.mentions + added, key=lambda m: m.sentence)
        self._air_acts(doc, sdoc)
        self._hit_again(doc, body)

    def _hit_again(self, doc: Document, body: list[tuple[int, int]]) -> None:
        """"Missiles struck a hospital near X ... A second hospital in Y was also hit": a target told as
        hit, with no weapon and no agent of its own, was hit by the weapon of the explosion told just
        before; the typer reads the victims as an attack on civilians."""
        for m in doc.mentions:
            if m.event_type != "Violence against civilians" or not PASSIVE_HIT.search(doc.text, *m.sentence) \
                    or any(p.search(doc.text, *m.sentence) for p, _ in self.weapons):
                continue
            k = next((i for i, (s, e) in enumerate(body) if s <= m.sentence[0] < e), None)
            if k is None:
                continue
            before = body[max(0, k - INCIDENT_GAP):k]
            told = [o for o in doc.mentions if o.event_type == "Explosions/Remote violence"
                    and any(s <= o.sentence[0] < e for s, e in before)]
            if told:
                m.event_type, m.sub_event_type = told[-1].event_type, told[-1].sub_event_type
                m.cues.append("hit by the weapon told before")

    def _named_by_weapon_after(self, doc: Document, body: list[tuple[int, int]], m: Mention) -> None:
        """"condemns today's attacks in X, which killed dozens ... ISIL has claimed the bombings": the
        statement names its act again, by its weapon, with a definite article in the sentences just
        after it, or in its title ("UK condemns the bombing of a wedding in X"); the act takes that
        weapon's type (the Attack was the type for want of a weapon)."""
        after = [(s, e) for s, e in body if s >= m.sentence[1]][:INCIDENT_GAP] + list(doc.headings)[:1]
        for s, e in after:
            for pattern, types in self.weapons:
                for found in pattern.finditer(doc.text, s, e):
                    if DEFINITE_BEFORE.search(doc.text, max(s, found.start() - 30), found.start()):
                        m.event_type, m.sub_event_type = types[0], types[1]
                        m.cues.append(f"named again as {found.group()}")
                        return

    def _condemned(self, doc: Document, sdoc, span, e: int) -> list[Mention] | None:
        """The acts the sentence ``span`` (ending at ``e``) condemns, one mention each; None when it has no
        verb of condemnation or dismay."""
        if span is None:
            return None
        verb = next((t for t in span if _is_verb(t) and t.lower_ in self.condemn
                     or t.lower_ in self.dismay and t.i + 1 < len(sdoc) and sdoc[t.i + 1].lower_ in ("by", "at", "over")),
                    None)
        if verb is None:
            return None
        added = []
        # Each condemned act runs from its noun to the next act joined to it ("..., and the
        # bombing in Y"); an act noun inside another's phrase ("killed in bombings") stays in it.
        heads = [t for t in span if t.i > verb.i and t.lower_ in self.acts and t.tag_.startswith("NN")]
        heads = [t for k, t in enumerate(heads) if k == 0 or _coordinated(t, verb.i)]
        for k, head in enumerate(heads):
            # The first act's phrase starts right after the verb: "condemns today's brutal,
            # senseless attack" parses the day apart from the noun.
            start = verb.i + 1 if k == 0 else _phrase_start(head, verb.i)
            end = sdoc[_phrase_start(heads[k + 1], verb.i)].idx if k + 1 < len(heads) else e
            a = sdoc[start].idx
            text = doc.text[a:end].rstrip(" ,;")
            event_type, sub = self._type(text)
            for wa, wb in _per_town(doc, a, a + len(text)):
                trigger = (head.idx, head.idx + len(head)) if wa <= head.idx < wb else _first_word(doc.text, wa, wb)
                added.append(Mention(event_type=event_type, sub_event_type=sub, confidence=0.6,
                                     sentence=(wa, wb), trigger=trigger, cues=[CONDEMNED_CUE]))
        return added

    @staticmethod
    def _specific(doc: Document, window: tuple[int, int]) -> bool:
        """A condemned act placed finer than a country ("the continued bombardment of civilians in Syria"
        is a campaign; an act with a day but no place would take the country of whoever condemns it)."""
        return any(window[0] <= pm.start < window[1] and pm.place is not None
                   and pm.place.inside_a_country
                   for pm in doc.places or [])

    def _air_acts(self, doc: Document, sdoc) -> None:
        """"Two Tornados struck a Daesh position", "They used guided bombs to destroy a truck bomb"
        (after "two Typhoons flew over X"): an aircraft striking is an Air/drone strike (ACLED: any
        air-to-ground attack), whatever the typer read in what was hit (a destroyed bomb as a
        disrupted weapon, a killing as an attack). A sentence whose subject is an aircraft striking,
        or a pronoun for the aircraft of the sentence before it in its paragraph using a munition,
        gets its explosion, clash or attack retyped, or a mention of its own when it had none; a
        sentence naming a bomb only aircraft drop gets its act retyped."""
        body = doc.body_sentences()
        previous_air = False
        added = []
        for k, (s, e) in enumerate(body):
            if k and _PARAGRAPH_BREAK.search(doc.text, body[k - 1][1], s):
                previous_air = False
            span = sdoc.char_span(s, e, alignment_mode="expand")
            if span is None:
                previous_air = False
                continue
            verb = None
            for t in span:
                if t.dep_ != "nsubj" or not _is_verb(t.head):
                    continue
                # "The jets located a convoy and destroyed it": the subject's verb or one joined to it.
                verbs = [v for v in [t.head, *t.head.conjuncts] if v.lower_ in self.air_verbs and _is_verb(v)]
                if not verbs:
                    continue
                if self._is_aircraft(t):
                    verb = verbs[0]
                elif (t.lower_ in ("they", "it") or _aircraft_crew(t)) and previous_air \
                        and (self.munitions.search(doc.text, verbs[0].idx, e)
                             or any(v.lower_ in _AIR_DESTROYED for v in verbs)):
                    # "They spotted a checkpoint and destroyed it": aircraft destroy by striking, whatever they use.
                    verb = verbs[0]
                if verb is not None:
                    break
            if verb is not None and verb.tag_ in ("VB", "VBZ", "VBP") \
                    and not any(k.dep_ in ("aux", "auxpass") and k.tag_ != "MD" for k in verb.children):
                # "Russia says its jets strike only militants", "the drones will strike again": a habit, a
                # claim or a plan, not an act that happened.
                verb = None
            air_here = any(t.dep_ == "nsubj" and self._is_aircraft(t) for t in span)
            if verb is None and self._the_strikes_again(doc, span, body[max(0, k - INCIDENT_GAP):k]):
                for m in doc.mentions:
                    if s <= m.sentence[0] < e and m.sub_event_type in _AIR_RETYPED:
                        m.event_type, m.sub_event_type = STRIKE
                        m.cues.append("the strikes told before")
            # "The enemy struck the city with a guided aerial bomb": only an aircraft drops one, so the act
            # the typer found there is a strike from the air (a bomb named alone makes no act of its own).
            dropped = verb is None and self.dropped.search(doc.text, s, e) is not None
            if verb is not None or dropped:
                inside = [m for m in doc.mentions if s <= m.sentence[0] < e]
                for m in inside:
                    if m.sub_event_type in _AIR_RETYPED:
                        m.event_type, m.sub_event_type = STRIKE
                        m.cues.append("aircraft striking")
                if not inside and verb is not None:
                    added.append(Mention(event_type=STRIKE[0], sub_event_type=STRIKE[1], confidence=0.6,
                                         sentence=(s, e), trigger=(verb.idx, verb.idx + len(verb)),
                                         cues=["aircraft striking"]))
            previous_air = air_here or (previous_air and verb is not None)
        if added:
            doc.mentions = sorted(doc.mentions + added, key=lambda m: m.sentence)

    @staticmethod
    def _the_strikes_again(doc: Document, span, before: list[tuple[int, int]]) -> bool:
        """"Jets bombed hideouts in the north. The strikes hit caves near X": "the strikes" as a subject
        points back to the air strike just told; the typer reads what they hit, not what they were."""
        if not any(t.dep_ in ("nsubj", "nsubjpass") and t.lower_ in _STRIKE_NOUNS
                   and any(c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in t.children)
                   for t in span):
            return False
        return any(m.sub_event_type == STRIKE[1] and any(s <= m.sentence[0] < e for s, e in before)
                   for m in doc.mentions)

    def _is_aircraft(self, subject) -> bool:
        """The subject names an aircraft ("a Reaper remotely piloted aircraft", "Typhoon FGR4s")."""
        if subject.lower_ in _STRIKE_NOUNS and any(c.lower_ in _AIR_STRIKE_MODIFIERS for c in subject.children
                                                   if c.dep_ in ("compound", "amod", "nmod")):
            return True  # "a coalition precision strike killed ...": the strike stands for its aircraft
        if subject.lower_ in _AIRCRAFT_GROUPS:
            # "a pair of Rafale jets", "a flight of four F-16s": the aircraft are the group's members.
            members = [p for c in subject.children if c.dep_ == "prep" and c.lower_ == "of"
                       for p in c.children if p.dep_ == "pobj"]
            if members:
                subject = members[0]
        words = [subject] + [c for c in subject.children if c.dep_ == "compound"]
        for w in words:
            low = w.lower_
            if low in self.aircraft:
                return True
            nxt = w.nbor(1) if w.i + 1 < len(w.doc) else None
            if low in self.storm_aircraft and nxt is not None and any(ch.isdigit() for ch in nxt.text):
                return True
        return False

    def _declared_control(self, doc: Document, span, s: int, e: int) -> list[Mention]:
        """"The army now claims full control of X", "rebels declared control over X": a side
        declaring it holds a place tells the final acquisition (ACLED: only the final takeover gets
        a territory sub-type). Typed as the government's; ``NewsOfTheDay`` makes it the non-state
        side's when both sides are non-state."""
        m = DECLARED_CONTROL.search(doc.text, s, e)
        if m is None:
            return []
        after = [pm for pm in doc.places if m.end() <= pm.start < min(e, m.end() + 40) and pm.place is not None
                 and not pm.place.is_country]
        if not after:
            return []
        return [Mention(event_type="Battles", sub_event_type="Government regains territory", confidence=0.6,
                        sentence=(s, e), trigger=m.span("control"), cues=[DECLARED_CUE])]

    def _welcomed_territory(self, span, s: int, e: int) -> list[Mention]:
        """"The minister welcomes the liberation of X": a place taken, named as a noun in a statement.
        Typed as the government's gain; ``NewsOfTheDay`` makes it the non-state side's when the
        side that took it is one (ACLED: a government regains, a non-state actor overtakes)."""
        verb = next((t for t in span if _is_verb(t) and t.lower_ in self.welcome), None)
        if verb is None:
            return []
        head = next((t for t in span if t.i > verb.i and t.lower_ in self.territory_acts and t.tag_.startswith("NN")), None)
        if head is None:
            return []
        return [Mention(event_type="Battles", sub_event_type="Government regains territory", confidence=0.6,
                        sentence=(span[verb.i - span.start + 1].idx if verb.i + 1 < span.end else s, e),
                        trigger=(head.idx, head.idx + len(head)), cues=[CONDEMNED_CUE])]

    def _revised_toll(self, doc: Document, span, s: int, e: int) -> list[Mention]:
        """"The death toll from Tuesday's bombing in X has risen to 12": a follow-up whose news is a
        revised toll. ACLED codes the revision into the incident's event, so the act the toll is of
        becomes a mention over the whole sentence (its day, place and new toll), typed like a
        condemned act from its noun phrase; the merge stage then joins it to the first reports."""
        m = self.toll.search(doc.text, s, e)
        cue = TOLL_CUE
        if m is None:
            # "families who fled last weekend's attack by armed groups in X": an act named with its own
            # day, in a sentence the typer read as something else (a funeral, an appeal, flight).
            m = self.day_act.search(doc.text, s, e)
            cue = DAY_ACT_CUE
        if m is None:
            return []
        # The act named between the toll and its verb ("toll from the bombing ... rose"), else after.
        heads = [t for t in span if t.idx >= m.start() and t.lower_ in self.acts and t.tag_.startswith("NN")]
        if not heads and cue == TOLL_CUE:
            # "Nine people have now died in the raid on the market: the toll rose when ...": the act the
            # dead died in, told before the toll.
            heads = [t for t in span if t.idx < m.start() and t.lower_ in self.acts and t.tag_.startswith("NN")
                     and t.dep_ == "pobj" and t.head.lower_ in ("in", "from") and t.head.head.lower_ in _DIED_IN]
        if not heads or cue == DAY_ACT_CUE and heads[0].idx >= m.end():
            return []
        head = heads[0]
        # Typed from the act's noun phrase on ("Tuesday's suicide bombing at ..."), not the toll's words.
        event_type, sub = self._type(doc.text[head.doc[_phrase_start(head, span[0].i - 1)].idx:e])
        # A named act's window starts at its day: the sentence's other days are the frame's ("funerals
        # were held on Monday for those killed in Saturday's bombing").
        start = m.start() if cue == DAY_ACT_CUE else s
        # An act told before its toll ends where the toll's story begins: that clause's day is when the
        # wounded died ("the toll rose after a man died on Sunday"), not the act's.
        end = m.start() if head.idx < m.start() else e
        return [Mention(event_type=event_type, sub_event_type=sub, confidence=0.6, sentence=(start, end),
                        trigger=(head.idx, head.idx + len(head)), cues=[cue])]

    def _act_that_killed(self, doc: Document, span, s: int, e: int) -> list[Mention]:
        """"Russian shelling of the city killed two people on Friday", "a raid on the base, killing 31": an
        act named by its noun as the subject of a killing verb (or as what its participle hangs on) is that
        act, whatever else the sentence holds (a power plant across the river, the official who said it)
        for the typer to read as no event. Typed from its noun phrase.
        The parser often hangs a wire's lead on its dateline, so the subject is the last act noun before
        the verb with no other verb between them."""
        if span is None:
            return []
        for v in span:
            if v.lower_ not in _KILLED or not _is_verb(v) or not any(
                    c.dep_ == "dobj" and (c.like_num or any(g.like_num for g in c.children)) for c in v.children):
                continue  # "killed two people", not "killed the momentum"
            subject = None
            for t in reversed(list(span)[:v.i - span.start]):
                if _is_verb(t) and t.tag_ not in ("VBN", "VBG"):
                    break
                if t.lower_ in self.acts and t.tag_.startswith("NN"):
                    subject = t
                    break
            if subject is None or subject.tag_ == "NNS":
                continue  # "a wave of bombings killed 120 in X and Y": several acts' total, no act of its own
            start = subject.doc[_phrase_start(subject, span[0].i - 1)].idx
            event_type, sub = self._type(doc.text[start:v.idx])
            return [Mention(event_type=event_type, sub_event_type=sub, confidence=0.6, sentence=(s, e),
                            trigger=(subject.idx, subject.idx + len(subject)), cues=[KILLING_ACT_CUE])]
        return []

    def _type(self, phrase: str) -> tuple[str, str]:
        for pattern, types in self.weapons:
            if pattern.search(phrase):
                return types[0], types[1]
        if self.on_armed.search(phrase):
            return "Battles", "Armed clash"
        return "Violence against civilians", "Attack"


def _day_act_pattern() -> re.Pattern:
    """"Tuesday's suicide bombing", "last weekend's attack", "Saturday night's double bomb attack":
    an act noun with its own day as a possessive; or followed by its date, as statements translated
    from French or Arabic name an act ("the attack of 27 October", "the clashes of May 3")."""
    lex = lexicon("news")
    days = alternation(list(lexicon("dates")["weekdays"]) + ["weekend", "yesterday", "today", "night"])
    acts = alternation(sorted(_forms(lex["condemned_act_nouns"])), False)
    months = alternation(sorted(lexicon("dates")["months"]), False)
    return re.compile(rf"(?:(?:last|this\s+past|this)\s+)?{days}(?:\s+(?:morning|afternoon|evening|night))?['’]s\s+"
                      rf"(?:[\w-]+\s+){{0,3}}?{acts}(?![\w-])"
                      rf"|\bthe\s+(?:[\w-]+\s+){{0,2}}?{acts}\s+of\s+(?:\d{{1,2}}\s+{months}|{months}\s+\d{{1,2}})(?![\w-])",
                      re.I)


def _act_day(doc: Document, m: Mention, day_act: re.Pattern) -> None:
    """The day of an act named with a possessive day ("the funerals on Friday of those killed in
    Tuesday's attack") is that day, not the frame's, which the sentence's other words may give."""
    from ..arguments import resolve_date

    ev = m.event
    found = day_act.search(doc.text, *m.sentence)
    if found is None or ev is None:
        return
    own = ev.evidence.get("event_date")
    if own and found.start() <= own[0].start < found.end():
        return
    date = resolve_date(doc.text, (found.start(), found.end()), doc.article.published)
    if date is None or not date.span:
        return
    ev.event_date, ev.time_precision = date.date.isoformat(), date.precision
    ev.evidence.pop("event_date", None)
    ev.add_evidence("event_date", doc.article.span(*date.span))


def _toll_of_nested_act(kept: list[Mention]) -> None:
    """"Crowds marched on Friday after last Sunday's fighting in X, in which nine people died": a toll
    told inside the window of an act named within another's (``_day_act_pattern``) is that act's, not
    the one whose window holds both."""
    for outer in kept:
        ev = outer.event
        spans = ev.evidence.get("fatalities") or []
        if not ev.fatalities or not spans:
            continue
        for inner in kept:
            a, b = inner.sentence
            if inner is outer or inner.event is None or (a, b) == outer.sentence \
                    or not (outer.sentence[0] <= a and b <= outer.sentence[1]) or a <= outer.trigger[0] < b:
                continue
            if inner.event.fatalities == ev.fatalities and all(a <= sp.start < b for sp in spans):
                ev.fatalities = 0
                ev.evidence.pop("fatalities", None)
                ev.claims = [c for c in ev.claims if c.kind != "fatalities"]
                break


def _named_again(m: Mention, kept: list[Mention]) -> Mention | None:
    """"The minister condemned Sunday's attacks in X and Y. ... In Y, a roadside bomb killed five.":
    an act a statement names without its weapon (typed Attack by default) is the act the report then
    tells with it, at the same place and day (or any day, when the statement's phrase names none:
    "condemned the attack on X ... yesterday's attack, in which gunmen ..."); the told one is the event."""
    ev = m.event
    if CONDEMNED_CUE not in m.cues or m.sub_event_type != "Attack" or ev.latitude is None:
        return None
    undated = "event_date" not in ev.evidence
    return next((o for o in kept if o is not m and o.event is not None and CONDEMNED_CUE not in o.cues
                 and o.event.event_type in VIOLENT_TYPES and (undated or o.event.event_date == ev.event_date)
                 and o.event.latitude == ev.latitude and o.event.longitude == ev.longitude), None)


# Determiners by which a noun points back to a thing already told ("the mortars", "those strikes"); a
# count or "another" tells a new one.
_DEFINITE = frozenset({"the", "these", "those", "this", "that", "both"})
# Nouns that name an act without its kind: told again, they stand for whichever act they point back to.
_ANY_KIND_OF_ACT = frozenset({"attack", "attacks", "incident", "incidents"})
_NEW_THING = frozenset({"another", "second", "third", "new", "further", "more", "other", "fresh"})
# Nouns of acts a clause may have as its subject when it tells who did an act already told.
_TOLD_ACT_NOUNS = _ANY_KIND_OF_ACT | {"strike", "strikes", "airstrike", "airstrikes", "raid", "raids", "bombing",
                                       "bombings", "shelling", "blast", "blasts", "explosion", "explosions", "ambush"}


def _in_clause_of(token, verb) -> bool:
    """Whether ``token`` belongs to the clause of ``verb`` itself, not to a clause joined to it."""
    for t in [token, *token.ancestors]:
        if t == verb:
            return True
        if t.dep_ in ("ccomp", "advcl", "conj", "relcl", "xcomp", "parataxis", "acl"):
            return False
    return False


def _told_again(doc: Document, m: Mention, kept: list[Mention]) -> Mention | None:
    """"Several mortar rounds landed near the palace on Wednesday ... The group said it had fired the
    mortars at the palace", "... said it carried out both attacks": an act named by a definite noun
    (of its kind, or "attack" of any kind), with no number and no "another", of the
    sub-type, day and place of an act told before it in the report, is that act told again (often by the
    side that claims it), not a second one."""
    sdoc, ev = doc.spacy_doc, m.event
    if sdoc is None or ev is None:
        return None
    # "The shell struck the school at dawn": a definite act with no place at all and no day
    # of its own sentence points back to the act told before; the day it took from its context ("on
    # Monday", when the bodies were found) is no day of its own to compare.
    own_day = any(_inside(sp, m.sentence) for sp in ev.evidence.get("event_date", []))
    if ev.latitude is None and own_day:
        return None
    pointing_back = ev.latitude is None
    own_place = any(m.sentence[0] <= sp.start < m.sentence[1] for sp in ev.evidence.get("location", []))
    span = sdoc.char_span(m.trigger[0], m.trigger[1], alignment_mode="expand")
    if span is None or not len(span):
        return None
    noun = span.root
    if noun.dep_ in ("det", "predet") and noun.head.tag_.startswith("NN"):
        noun = noun.head  # the typer's evidence was the determiner ("both" of "both attacks")
    if not {k.lower_ for k in noun.children} & _DEFINITE and not own_place:
        # "The strike was carried out by a Russian drone": the typer's evidence is the weapon, but the
        # clause is about the act it names as its subject, and names it as one already told. (A clause
        # that names a place of its own tells where, and other acts may take their place from it.)
        told = next((t for t in sdoc.char_span(*m.sentence, alignment_mode="expand") or ()
                     if t.dep_ in ("nsubj", "nsubjpass") and t.lower_ in _TOLD_ACT_NOUNS
                     and {k.lower_ for k in t.children} & _DEFINITE and _in_clause_of(noun, t.head)), None)
        noun = told or noun
    claimed = _claimed_act(sdoc, m.sentence)
    if claimed is not None:
        # "X claimed the attack, saying the bomber had targeted Y": a claim names who did the act told
        # before; what it says of the act is that act again, whatever the words it is told in read as.
        noun = claimed
    if not noun.tag_.startswith("NN"):
        return None
    kids = {k.lower_ for k in noun.children}
    if not kids & _DEFINITE or kids & _NEW_THING or any(k.dep_ == "nummod" for k in noun.children):
        return None
    any_kind = noun.lower_ in _ANY_KIND_OF_ACT
    # A place the sentence itself names must be the act's; one it took from the sentences before ("The
    # strike was carried out by a Russian drone", placed by the region named before) says nothing.
    return next((o for o in kept if o is not m and o.event is not None and o.sentence[1] <= m.sentence[0]
                 and (any_kind or o.event.sub_event_type == ev.sub_event_type)
                 and (o.event.event_date == ev.event_date or pointing_back)
                 and (not own_place or (o.event.latitude == ev.latitude and o.event.longitude == ev.longitude))),
                None)


_CLAIM_VERBS = frozenset({"claim", "claims", "claimed", "claiming"})


def _claimed_act(sdoc, sentence: tuple[int, int]):
    """The act noun a sentence's main verb claims ("IS claimed the attack", "the group claimed
    responsibility for the bombing"), if it is one of the acts a report tells again; else None."""
    sent = sdoc.char_span(*sentence, alignment_mode="expand")
    if sent is None:
        return None
    for verb in (t for t in sent if t.dep_ == "ROOT" and t.lower_ in _CLAIM_VERBS):
        for obj in (k for k in verb.children if k.dep_ == "dobj"):
            if obj.lower_ in ("responsibility", "credit"):
                obj = next((p for k in obj.children if k.dep_ == "prep" and k.lower_ == "for"
                            for p in k.children if p.dep_ == "pobj"), obj)
            if obj.lower_ in _TOLD_ACT_NOUNS:
                return obj
    return None


def _toll_to(told, again) -> None:
    """The toll a second telling of an act read (a statement's "in which 16 were killed", "The blast killed
    six") is the told act's, when the told act has none."""
    if told is not None and again is not None and not told.fatalities and again.fatalities \
            and "fatalities" in again.evidence:
        told.fatalities = again.fatalities
        told.evidence["fatalities"] = list(again.evidence["fatalities"])


def _fill_sides(told, again) -> None:
    """The sides the second telling names where the first named none or only an unidentified group ("the
    group said it had fired")."""
    from .merge import is_unnamed

    for n in ("1", "2"):
        mine, theirs = getattr(told, "actor" + n), getattr(again, "actor" + n)
        if theirs and (not mine or (is_unnamed(mine) and not is_unnamed(theirs))):
            for f in ("actor", "inter", "assoc_actor_"):
                setattr(told, f + n, getattr(again, f + n))
            if ("actor" + n) in again.evidence:
                told.evidence["actor" + n] = list(again.evidence["actor" + n])


_DIED_IN = frozenset({"died", "killed", "dead", "perished"})
_REJECT = frozenset({"reject", "rejects", "rejected", "rejecting", "repudiate", "repudiates", "repudiated"})
# "..., killing 31" and "..., leaving nine dead" tell the toll of the act their clause hangs on, as "killed" does.
_KILLED = frozenset({"killed", "kills", "killing", "left", "leaves", "leaving", "claimed"})
# What the typer makes of an aircraft's strike by what it hit: a bomb destroyed, a fight, a killing.
_AIR_RETYPED = frozenset({"Disrupted weapons use", "Remote explosive/landmine/IED", "Shelling/artillery/missile attack",
                          "Armed clash", "Looting/property destruction", "Attack", "Grenade"})
_STRIKE_NOUNS = frozenset({"strike", "strikes", "airstrike", "airstrikes", "raid", "raids"})


def _aircraft_crew(t) -> bool:
    """"Its crew fired a missile" after a sentence about an aircraft: the crew strikes with the aircraft."""
    return t.lower_ in _CREW_NOUNS and any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in t.children)


_AIR_DESTROYED = frozenset({"destroyed", "bombed", "struck"})
_CREW_NOUNS = frozenset({"crew", "crews", "pilot", "pilots", "operator", "operators", "aircrew", "aircrews"})
# Words for a group of aircraft flying together.
_AIRCRAFT_GROUPS = frozenset({"pair", "couple", "flight", "formation", "squadron", "wave", "trio"})
# Words that make a strike an air strike: a labour strike or a police raid takes none of them.
_AIR_STRIKE_MODIFIERS = frozenset({"air", "aerial", "drone", "coalition", "precision", "u.s.", "raf"})
NON_STATE_INTERS = (2, 3, 4)


def _strike_of_another_day(m: Mention, items: list[Mention]) -> bool:
    """A strike a release tells outside its list, at a town of its own sentence on a day its sentence
    names that no list item has ("Two strikes also hit X on Nov. 17; they were not in the earlier
    release"): a strike reported late, an event of its own, not a total or boilerplate."""
    ev = m.event
    if ev is None or ev.latitude is None or ev.geo_precision not in (1, 2) or not ev.event_date:
        return False
    s, e = m.sentence
    told = [sp for name in ("location", "event_date") for sp in ev.evidence.get(name, [])]
    if len(told) < 2 or not all(s <= sp.start < e for sp in told):
        return False
    return all(i.event.event_date != ev.event_date for i in items)


def _territory_by_sides(m: Mention) -> None:
    """ACLED: a government regains territory, never one non-state group from another; a place one
    non-state side takes from another is a non-state actor overtaking it ("rebels liberated X from
    the jihadists" reads like a liberation, a government's word). So is a place a non-state side takes
    from the state's forces, or from no side the report names ("militants seized the hills")."""
    ev = m.event
    if ev.sub_event_type == "Government regains territory" and ev.inter1 in NON_STATE_INTERS \
            and (ev.inter2 in NON_STATE_INTERS or ev.inter2 == 1 or not ev.actor2):
        ev.sub_event_type = m.sub_event_type = "Non-state actor overtakes territory"


def _town_over_country(doc: Document, m: Mention) -> None:
    """"The attacks in X today, including one in Y": a condemned act placed at a country takes the
    town its own phrase names."""
    from .arguments import set_place

    ev = m.event
    if ev.geo_precision != 3:
        return
    towns = [pm for pm in doc.places if m.sentence[0] <= pm.start and pm.end <= m.sentence[1]
             and pm.place is not None and pm.place.feature_class == "P"]
    if towns:
        set_place(ev, towns[0], 1, doc.article)


# "was also hit", "were struck": a target hit, the weapon and its user left unsaid.
PASSIVE_HIT = re.compile(r"\b(?:was|were|had\s+been|has\s+been|have\s+been)\s+(?:also\s+)?(?:hit|struck|targeted)\b"
                         r"(?!\s+by\b)", re.I)
AIR_SUPPORT = re.compile(r"\b(?:(?:backed|supported|aided|helped|covered)\s+by|under\s+(?:the\s+)?cover\s+of|with\s+"
                         r"(?:the\s+)?(?:help|support)\s+of)\s+(?:[\w.'’-]+\s+){0,3}(?:air\s*strikes|air\s*power|"
                         r"air\s*support|air\s*cover|warplanes|jets|aircraft)\b", re.I)


def _air_support_of_battle(doc: Document, m: Mention, kept: list[Mention]) -> Mention | None:
    """"Forces backed by air strikes captured the town": the strikes of a ground fight or takeover told
    in the same sentence are that battle (ACLED rules 2.2 and the worked example: no Air/drone strike
    row for the air power that helped take a town)."""
    if m.sub_event_type != STRIKE[1]:
        return None
    if AIR_SUPPORT.search(doc.text, *m.sentence) \
            and (battle := next((o for o in kept if o is not m and o.event_type == "Battles"
                                 and _overlaps(o.sentence, m.sentence)), None)) is not None:
        return battle
    # "The command said 30 militants died in the fighting, with aircraft striking as the troops advanced":
    # strikes its own sentence sets inside a ground fight are the battle told just before at that place
    # and day (a recapture too: the worked example's air power that helped take a town has no row).
    if not _inside_ground_fight(doc, m.sentence):
        return None
    return _battle_before(doc, m, kept)


def _ground_fight_with_air_strikes(doc: Document, m: Mention) -> None:
    """"Fighting raged in X on Tuesday, with air strikes pounding the bases of Y": a sentence whose main
    clause tells a ground fight (its subject a noun of one) and its air strikes beside it tells one
    battle, the strikes inside it (ACLED rules 2.2), not an Air/drone strike."""
    if m.sub_event_type != STRIKE[1] or m.event is None or doc.spacy_doc is None:
        return
    span = doc.spacy_doc.char_span(*m.sentence, alignment_mode="expand")
    if span is None:
        return
    nouns, _ = _ground_fight_words()
    root = span.root
    # The main clause, or the one a source's "said" reports.
    mains = [root] + [k for k in root.children if k.dep_ == "ccomp"]
    if not any(_is_verb(v) and any(k.dep_ == "nsubj" and k.lower_ in nouns for k in v.children) for v in mains):
        return
    m.event_type, m.sub_event_type = "Battles", "Armed clash"
    m.event.event_type, m.event.sub_event_type = "Battles", "Armed clash"
    m.cues.append("a ground fight told with its air strikes: the battle")


def _battle_before(doc: Document, m: Mention, kept: list[Mention]) -> Mention | None:
    """A Battles mention kept at the place and day of ``m``, told in its sentence or at most
    ``INCIDENT_GAP`` sentences before it."""
    ev = m.event
    if ev is None or ev.latitude is None:
        return None
    body = doc.body_sentences()
    here = next((i for i, x in enumerate(body) if x[0] <= m.sentence[0] < x[1]), None)
    if here is None:
        return None
    reach = body[max(0, here - INCIDENT_GAP)][0]
    return next((o for o in kept if o is not m and o.event is not None and o.event_type == "Battles"
                 and reach <= o.sentence[0] <= m.sentence[0] and o.event.event_date == ev.event_date
                 and o.event.latitude is not None and _km(o.event, ev) <= NEAR_KM), None)


def _movement_in_battle(doc: Document, m: Mention, kept: list[Mention]) -> bool:
    """"The police held their positions after reinforcements arrived": forces sent into a fight at its
    place and day are part of that battle, not a Change to group/activity of their own (ACLED keeps
    that sub-type for force movements that are news in themselves)."""
    return m.sub_event_type == "Change to group/activity" and _battle_before(doc, m, kept) is not None


@lru_cache(maxsize=1)
def _ground_fight_words() -> tuple[frozenset, frozenset]:
    lex = lexicon("news")
    return frozenset(lex["ground_fight_nouns"]), frozenset(lex["ground_fight_verbs"])


def _inside_ground_fight(doc: Document, sentence: tuple[int, int]) -> bool:
    """Whether the sentence sets its act inside a ground fight: "during the battle", "in the fighting",
    or a clause "as the troops advanced" (read from the parse)."""
    sdoc = doc.spacy_doc
    span = sdoc.char_span(*sentence, alignment_mode="expand") if sdoc is not None else None
    if span is None:
        return False
    nouns, verbs = _ground_fight_words()
    for t in span:
        if t.lower_ in nouns and t.dep_ == "pobj" and t.head.lower_ in ("during", "in", "amid", "throughout") \
                and any(k.lower_ == "the" for k in t.children):
            return True
        if t.lower_ in verbs and t.dep_ == "advcl" and any(k.dep_ == "mark" and k.lower_ in ("as", "while")
                                                            for k in t.children):
            return True
    return False


_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)")


def _per_listed_town(doc: Document, m: Mention) -> list[Mention]:
    """"Air raids on the towns of X and Y killed 33": ACLED codes one event per place. An act placed at
    a town its sentence lists with others ("X, Y and Z") is an act at each; the toll told for all is
    shared out (ACLED: an aggregate is divided over the events it covers, the remainder to the first)."""
    import copy

    from .arguments import set_place

    ev = m.event
    own = ev.evidence.get("location")
    if ev.event_type not in VIOLENT_TYPES or not own or ev.geo_precision != 1:
        return [m]
    towns = [pm for pm in doc.places if m.sentence[0] <= pm.start and pm.end <= m.sentence[1]
             and pm.place is not None and pm.place.feature_class == "P"]
    at = next((i for i, pm in enumerate(towns) if pm.start == own[0].start), None)
    if at is None:
        return [m]
    run = [towns[at]]
    for pm in towns[at + 1:]:
        if not _LIST_GAP.fullmatch(doc.text, run[-1].end, pm.start):
            break
        run.append(pm)
    if len(run) < 2 or run[-1].place.geonameid in {pm.place.geonameid for pm in run[:-1]} \
            or not re.search(r"\band\s+$", doc.text[run[-2].end:run[-1].start]):
        return [m]
    out = [m]
    deaths = ev.fatalities or 0
    share, rest = divmod(deaths, len(run))
    ev.fatalities = share + rest if deaths else ev.fatalities
    for pm in run[1:]:
        other = copy.deepcopy(ev)
        set_place(other, pm, 1, doc.article)
        if deaths:
            other.fatalities = share
        out.append(Mention(m.event_type, m.sub_event_type, m.confidence, m.sentence, m.trigger,
                           m.cues + ["one of the towns listed"], other))
    return out


def _per_town(doc: Document, a: int, b: int) -> list[tuple[int, int]]:
    """The phrase of one condemned act, cut before each further town it joins with "and" ("the
    attacks in X and the port city of Y"): ACLED codes one event per place."""
    towns = [pm for pm in doc.places if a <= pm.start and pm.end <= b and pm.place is not None
             and pm.place.feature_class == "P"]
    cuts = [pm.start for prev, pm in zip(towns, towns[1:])
            if re.search(r"\band\b", doc.text[prev.end:pm.start]) and pm.place.geonameid != prev.place.geonameid]
    bounds = [a] + cuts + [b]
    return [(x, y) for x, y in zip(bounds, bounds[1:]) if y > x]


def _first_word(text: str, a: int, b: int) -> tuple[int, int]:
    m = re.search(r"\w+", text[a:b])
    return (a + m.start(), a + m.end()) if m else (a, b)


NP_LEFT = frozenset(["det", "amod", "compound", "poss", "case", "nummod", "preconj", "nmod", "advmod", "npadvmod"])


def _phrase_start(head, floor: int) -> int:
    """Index of the first word of ``head``'s noun phrase (its determiners and modifiers), after ``floor``."""
    i = head.i
    doc = head.doc
    while i - 1 > floor and doc[i - 1].dep_ in NP_LEFT and not doc[i - 1].is_punct:
        i -= 1
    return i


def _coordinated(head, floor: int) -> bool:
    """The act noun opens a new conjunct: "and", "or", "as well as" or a comma before its phrase."""
    i = _phrase_start(head, floor)
    before = [t.lower_ for t in head.doc[max(floor + 1, i - 3):i]]
    return bool(before) and (before[-1] in ("and", "or", ",", ";", "as") or "and" in before[-2:])


# ------------------------------------------------------------------------------------ news of the day
# The slowest periodic report (a monthly review) is filed within a month of the acts it tells.
LATE_REPORT_DAYS = 31


def _event_day(ev) -> dt.date | None:
    try:
        return dt.date.fromisoformat((ev.event_date or "")[:10])
    except ValueError:
        return None


class NewsOfTheDay:
    """Drops the mentions of a report that tell background, not news of the day (see module doc),
    and gives the items of a strike list the actor and day of the list's lead."""

    name = "news"
    requires = ("article", "events", "excluded", "headings", "mentions", "places", "sentences", "spacy_doc")
    provides = ("events", "mentions", "background")

    def __init__(self, actors=None):
        self.actors = actors
        lex = lexicon("news")
        self.days = int(lex["background_days"])
        self.modals = set(lex["modal_auxiliaries"])
        self.irrealis = _forms(lex["irrealis_governors"])
        self.condemn = _forms(lex["condemnation_verbs"])
        self.negations = set(lex["negations"])
        self.stance = _forms(lex["condemnation_verbs"] + lex["stance_verbs"])
        self.habitual = set(lex["habitual_adverbs"])
        self.past_forms = frozenset(lex["past_forms_tagged_present"])
        self.non_act = re.compile(alternation(lex["non_act_words"]), re.I)
        self.agreements = re.compile(alternation(lex["conflict_agreements"]), re.I)
        self.agreement_acts = _forms(lex["agreement_acts"])
        self.agreement_nouns = frozenset(w for w in lex["agreement_acts"] if w.endswith(("ment", "ing")))
        self.total_re = _total_pattern()
        self.displaced = re.compile(alternation(lex["displacement_words"]), re.I)
        self.past_point = _patterns(lex["past_point"])
        self.past_span = _patterns(lex["past_span"])
        self.speech = _forms(lex["speech_verbs"])
        self.telling = _forms(lex["telling_verbs"])
        self.chemical = re.compile(alternation(lex["chemical_agents"]), re.I)
        self.chemical_nouns = frozenset(lex["chemical_use_words"])
        self.chemical_verbs = _forms(lex["chemical_use_verbs"])
        self.group_change = re.compile(alternation(lex["group_change_words"]), re.I)
        self.force_movement = frozenset(w.lower() for w in lex["force_movement_words"])
        self.weapons_disrupted = _patterns(lex["weapons_disrupted_words"])
        self.unit_roles = frozenset(lex["unit_role_nouns"])
        self.extent = re.compile(alternation(lex["extent_words"]), re.I)
        self.day_act = _day_act_pattern()
        self.act_nouns = _forms(lex["condemned_act_nouns"] + ["raid", "ambush", "clash", "killing", "abduction"])
        self.trend_verbs = _forms(lex["trend_verbs"])

    def __call__(self, doc: Document) -> None:
        items = [m for m in doc.mentions if SUMMARY_CUE in m.cues and m.event is not None]
        if items:
            self._lead(doc, items)
        report = _Report.of(doc)
        if report.long and doc.article.published is not None:
            report = replace(report, past=self._report_of_the_past(doc, report))
        keep, doc.background = [], []
        for m in doc.mentions:
            if m.event is None:
                continue
            if CONDEMNED_CUE in m.cues:
                _town_over_country(doc, m)
            if report.long and doc.article.published is not None and m.event_type in VIOLENT_TYPES:
                # A crowd or an arrest has its own day: "protesters marched on Friday after Sunday's
                # clashes" names the clashes' day, not the march's.
                _act_day(doc, m, self.day_act)
            if SUMMARY_CUE in m.cues:
                reason = None
            elif items and m.event_type == STRIKE[0] and not _strike_of_another_day(m, items):
                # The list codes the release's strikes place by place; its other sentences that read
                # as strikes are totals, definitions and boilerplate ("all aircraft returned safely").
                reason = "strike release: only its list items are events"
            else:
                reason = self.background(doc, m, report)
            if reason is None:
                _territory_by_sides(m)
                _ground_fight_with_air_strikes(doc, m)
                keep.append(m)
            else:
                m.cues.append("background: " + reason)
                doc.background.append(m)
        _toll_of_nested_act(keep)
        for m in [m for m in keep if DAY_ACT_CUE in m.cues and any(
                o.event_type in ("Protests", "Riots") and o.sentence[0] <= m.sentence[0] and m.sentence[1] <= o.sentence[1]
                for o in keep if o is not m)]:
            # "Crowds marched on Friday after last Sunday's clashes in X": the act a crowd answers is its
            # cause, told as such, not that report's news (its toll, above, stays with it, not the crowd).
            keep.remove(m)
            m.cues.append("background: the act a crowd's sentence names as its cause")
            doc.background.append(m)
        for m, told in [(m, told) for m in keep if (told := _named_again(m, keep)) is not None]:
            # "condemned the attack on X, in which 16 were killed ... gunmen detonated a car bomb".
            _toll_to(told.event, m.event)
            keep.remove(m)
            m.cues.append("background: a statement's name for an act the report tells at the same place and day")
            doc.background.append(m)
        for m, told in [(m, told) for m in keep if (told := _told_again(doc, m, keep)) is not None]:
            _fill_sides(told.event, m.event)
            _toll_to(told.event, m.event)  # "The blast killed six"
            keep.remove(m)
            m.cues.append("background: the act told before, named again by a definite noun ('the mortars')")
            doc.background.append(m)
        for m, battle in [(m, battle) for m in keep if (battle := _air_support_of_battle(doc, m, keep)) is not None]:
            # "30 militants were killed in the fighting, with aircraft striking ...": the battle's dead.
            _toll_to(battle.event, m.event)
            keep.remove(m)
            m.cues.append("background: air support of the battle its sentence tells (ACLED: part of that battle)")
            doc.background.append(m)
        for m in [m for m in keep if _movement_in_battle(doc, m, keep)]:
            keep.remove(m)
            m.cues.append("background: a force movement inside the battle told at its place and day")
            doc.background.append(m)
        for m in [m for m in keep if self._movement_for_a_fight(doc, m, keep)]:
            keep.remove(m)
            m.cues.append("background: a force movement told with the fight it was for")
            doc.background.append(m)
        keep = [x for m in keep for x in _per_listed_town(doc, m)]
        doc.mentions = keep
        doc.events = [m.event for m in keep]

    # ---------------------------------------------------------------- the list's lead
    def _lead(self, doc: Document, items: list[Mention]) -> None:
        from ..arguments import resolve_date
        from .arguments import after_dateline

        first = min(m.sentence[0] for m in items)
        # A title ("Military strikes continue against X") is no lead: it gives neither the day nor the striker.
        lead = [(s, e) for s, e in doc.sentences if e <= first and not doc.in_heading(s, e)
                and self.total_re.search(doc.text, s, e)]
        if not lead and (colon := colon_lead(doc, first)) is not None:
            lead = [colon]
        if not lead:
            return
        art = doc.article
        # "SOUTHWEST ASIA, March 15 - On March 14, forces conducted ...": the dateline is the day of
        # the release, the lead's own day that of its strikes.
        date = next((d for d in (resolve_date(doc.text, after_dateline(doc.text, w), art.published) for w in lead)
                     if d is not None), None)
        actor1 = actor2 = None
        if self.actors is not None:
            year = art.published.year if art.published else None
            s, e = lead[0]
            strikes = self.total_re.search(doc.text, s, e) or _STRIKING.search(doc.text, s, e)
            found = self.actors.find(doc.text, s, e, country=doc.country, year=year)
            before = [a for a in found if a.end <= strikes.start()]
            after = [a for a in found if a.start >= strikes.end() and not a.generic]
            actor1 = before[0] if before else None
            actor2 = after[0] if after else None
            if actor1 is None or actor2 is None:
                # "Aircraft conducted two strikes in Syria:" names neither side; the release's opening
                # sentence does ("U.S. and coalition forces continued to attack ISIL terrorists ...").
                for s2, e2 in doc.sentences:
                    if e2 > s or doc.in_heading(s2, e2):
                        continue
                    verb = _STRIKING.search(doc.text, s2, e2)
                    if verb is None:
                        continue
                    named = self.actors.find(doc.text, s2, e2, country=doc.country, year=year)
                    if actor1 is None:
                        actor1 = next((a for a in named if a.end <= verb.start()), None)
                    if actor2 is None:
                        actor2 = next((a for a in named if a.start >= verb.end() and not a.generic), None)
                    break
            if actor1 is not None and actor1.generic:
                actor1 = self._named_for(doc, actor1, year) or actor1
        for m in items:
            ev = m.event
            # The item's own reading of the side struck (as actor2, or misread as the striker).
            own_side, own_inter = (ev.actor2, ev.inter2) if ev.actor2 else (ev.actor1, ev.inter1)
            own = resolve_date(doc.text, m.sentence, art.published)
            if own is None and date is not None:
                ev.event_date, ev.time_precision = date.date.isoformat(), date.precision
                ev.evidence.pop("event_date", None)
                if date.span:
                    ev.add_evidence("event_date", art.span(*date.span))
            if actor1 is not None:
                ev.actor1, ev.inter1 = actor1.name, actor1.inter
                ev.evidence["actor1"] = [art.span(actor1.start, actor1.end)]
            if actor2 is not None:
                # The side struck is the one the lead names after its strikes ("against X"); the
                # item's own words name only what was hit, and may make the target the striker.
                if ev.actor1 == actor2.name and actor1 is None:
                    ev.actor1, ev.inter1 = "", None
                    ev.evidence.pop("actor1", None)
                ev.actor2, ev.inter2 = actor2.name, actor2.inter
                if own_side and own_side != actor2.name and own_side.split(" (")[0] == actor2.name.split(" (")[0]:
                    # The item's reading carries the country of the item's place ("Islamic State (Syria)"
                    # near Raqqa), which a lead about two countries cannot.
                    ev.actor2, ev.inter2 = own_side, own_inter
                ev.evidence["actor2"] = [art.span(actor2.start, actor2.end)]
            if ev.actor2 == ev.actor1:
                ev.actor2, ev.inter2 = "", None
                ev.evidence.pop("actor2", None)

    def _named_for(self, doc: Document, generic, year):
        """The actor a description like "Coalition military forces" stands for: one the report names
        elsewhere whose name shares the description's distinctive word."""
        if self.actors.owner_country(doc.text, generic.start) is not None:
            return None  # "U.S. and coalition forces": a state's own forces, its partners unnamed
        # The description's own words and the two before it: "Coalition military forces".
        phrase = doc.text[max(0, generic.start - 30):generic.end].split()[-(len(generic.text.split()) + 2):]
        words = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", " ".join(phrase))} - GENERIC_WORDS
        if not words:
            return None
        for a in self.actors.find(doc.text, 0, len(doc.text), country=doc.country, year=year):
            if not a.generic and words & {w.lower() for w in re.findall(r"[A-Za-z]{4,}", a.name)}:
                return a
        return None

    # ---------------------------------------------------------------- background
    def background(self, doc: Document, m: Mention, report: "_Report") -> str | None:
        """Why the mention is background, or None for news of the day."""
        art, ev = doc.article, m.event
        published = art.published
        sent = m.sentence
        day_named = "event_date" in ev.evidence and _inside(ev.evidence["event_date"][0], sent)
        if published is not None and not (day_named and self._late_report_of_its_lead(doc, m, published)):
            old = self._dated_before(doc, m, published, day_named, report)
            if old:
                return old
        if not day_named and report.encyclopedic:
            return "encyclopedia article, no recent day"
        if report.past and not self._hot_news_lead(doc, m, report):
            return report.past
        if not report.long:
            # A short text typed whole (a snippet, a coder's note) tells one event; its wording was
            # never read sentence by sentence, and its clauses are its own event's detail.
            return None
        if DURATION_OF.search(doc.text, max(sent[0], m.trigger[0] - 40), m.trigger[0]):
            # "after two years of fighting", "months of shelling": the act is measured as a stretch of
            # time, a campaign, even in a sentence that names today.
            return "an act told over a stretch of time, no one act"
        if OCCASIONS.search(doc.text, *m.sentence):
            return "several occasions told together, no one act"
        if not day_named:
            past = self._told_as_past(doc, m, report)
            if past:
                return past
            extent = self.extent.search(doc.text, *m.sentence)
            if extent and m.sub_event_type != "Agreement":
                # "Its fighters seized large parts of the north": a group's reach told as a profile,
                # no act of a day (a day in the sentence makes it one: "on Friday rebels took much of X").
                return "an extent of land, no day: " + " ".join(extent.group().split())
        grammar = self._grammar(doc, m, day_named)
        if grammar:
            return grammar
        content = self._defining_content(doc, m)
        if content:
            return content
        if CONDEMNED_CUE in m.cues and ev.latitude is None:
            # Read from a statement's words, not typed from a report of the act: the act must at
            # least be placed.
            return "condemned act with no place"
        if ev.latitude is None and not ev.actor1 and not ev.fatalities and not day_named \
                and ev.event_type in VIOLENT_TYPES:
            # "Stray rounds have emptied streets", "reports of continued air strikes": a report's act that
            # no place, no side, no toll and no day of its own tie down is a condition or a rumour, and
            # ACLED codes an act at a place. (A short text's only act keeps its event: above.)
            return "an act of no place, no side, no toll and no day of its own"
        # A day the story gave before ("On 4 May, ... The group then ...") anchors as well as its own.
        dated = "event_date" in ev.evidence
        if ev.sub_event_type != "Agreement" and not dated and not report.place_near(m.sentence):
            return "no place and no day: an act told in general"
        if ev.sub_event_type != "Agreement" and not dated and ev.geo_precision == 3 and not ev.fatalities \
                and "fatalities" not in ev.evidence:
            # "alarmed by reports of shelling that has killed civilians in X state": with no day, no
            # place finer than a province and no count, the words tell acts in general, no one act.
            return "no day, no place finer than a province and no count: acts told in general"
        if ev.sub_event_type == "Other" and self.displaced.search(doc.text, *m.trigger):
            return "displacement: a figure, not an event"
        if ev.event_type == "Strategic developments":
            return self._strategic(doc, m)
        return None

    def _late_report_of_its_lead(self, doc: Document, m: Mention, published: dt.date) -> bool:
        """A weekly or monthly report, or a follow-up, whose lead tells an act of its own named day
        ("On 25 November, a suicide attacker killed ten worshippers in ..."): the act is the report's
        news however late it is filed, not the background of a newer story. So: the report's first
        act, no act of the report dated nearer publication, and within ``LATE_REPORT_DAYS``."""
        first = min((x for x in doc.mentions if x.event is not None), key=lambda x: x.sentence[0], default=None)
        if first is not m or CONDEMNED_CUE in m.cues or self.encyclopedic(doc) or m.event.time_precision != 1:
            # (An encyclopedia article is no late report of its news, and a lead dated by a month or a
            # span of months, "fought between May and December", tells a campaign, not an act of a day.)
            # An act a statement condemns ("condemned the 13 November attacks in X") is recalled, not told.
            return False
        when = _event_day(m.event)
        if when is None or not dt.timedelta(0) <= published - when <= dt.timedelta(days=LATE_REPORT_DAYS):
            return False
        limit = published - dt.timedelta(days=self.days)
        return not any(x is not m and x.event is not None and "event_date" in x.event.evidence
                       and (_event_day(x.event) or dt.date.min) >= limit for x in doc.mentions)

    def _dated_before(self, doc: Document, m: Mention, published: dt.date, day_named: bool,
                      report: "_Report") -> str | None:
        ev = m.event
        limit = published - dt.timedelta(days=self.days)
        if "event_date" in ev.evidence and ev.event_date:
            try:
                when = dt.date.fromisoformat(ev.event_date[:10])
            except ValueError:
                when = None
            # A bare weekday ("on Sunday") is by its form a day of the week before publication: news
            # of the week however many days back it falls.
            weekday = day_named and WEEKDAY.fullmatch(ev.evidence["event_date"][0].text.strip())
            if when is not None and when < limit and not weekday:
                if day_named:
                    return f"dated {when.isoformat()}, more than {self.days} days before publication"
                # Dated by the sentence before it ("In March, ... The fighters then ..."): the same past.
                return f"dated {when.isoformat()} by its context, more than {self.days} days before publication"
        if day_named:
            return None
        # A year in the sentence, or in the sentence that sets the scene before it in its paragraph.
        for s, e in (m.sentence, report.scene_sentence(m.sentence)):
            if s is None:
                continue
            years = [int(y) for y in YEAR.findall(doc.text, s, e)]
            if years and max(years) < limit.year:
                return f"year {max(years)}, before publication"
            if years:
                break
        return None

    def _report_of_the_past(self, doc: Document, report: "_Report") -> str | None:
        """A report that names no day near its publication and tells times well before it (dates,
        years, "two years ago", "since 2014") in at least ``PAST_ANCHORS`` sentences is about the
        past: a feature, a profile, a history. Its acts are background, whatever tense tells them (the historical
        present of a timeline too)."""
        from ..arguments.dates import date_reader

        published = doc.article.published
        limit = published - dt.timedelta(days=self.days)
        past = 0  # sentences that tell a time well before publication
        for s, e in report.body:
            old = False
            for r in date_reader().candidates(doc.text, (s, e), published):
                if r.date >= limit:
                    return None  # a day of the news: its acts are judged one by one
                old = True
            old = old or any(int(y) < limit.year for y in YEAR.findall(doc.text, s, e)) \
                or bool(self.past_point.search(doc.text, s, e) or self.past_span.search(doc.text, s, e))
            past += old
        if past >= PAST_ANCHORS:
            return f"a report of the past: {past} sentences tell past times, none a day near publication"
        if len(report.body) >= UNDATED_SENTENCES:
            # News anchors its story in the days it tells ("on Sunday", "today", a date); a long text
            # that never does is an explainer, a profile or a feature.
            return f"an undated long text: {len(report.body)} sentences, none names a day near publication"
        return None

    def _hot_news_lead(self, doc: Document, m: Mention, report: "_Report") -> bool:
        """A news lead: the story's first sentence, or its second in the present perfect ("a car bomb
        has killed 20 people in X"), tells the news without a day because it is the day's. (Its own
        words naming a past time were asked before.)"""
        if m.sentence not in report.body[:2]:
            return False
        if m.sentence == report.body[0]:
            return True
        sdoc = doc.spacy_doc
        span = sdoc.char_span(*m.sentence, alignment_mode="expand") if sdoc is not None else None
        return span is not None and any(
            t.tag_ == "VBN" and any(k.dep_ in ("aux", "auxpass") and k.lower_ in ("has", "have", "'s", "'ve")
                                    for k in t.children) for t in span)

    def _told_as_past(self, doc: Document, m: Mention, report: "_Report") -> str | None:
        """An undated act told at a time well before the news ("two years ago", "back in") in its own
        sentence or the one that sets its scene, or over a stretch of time up to now ("since May",
        "for the past two weeks", "almost every day"): history, or a campaign or habit, not one act
        of a day."""
        s, e = m.sentence
        found = self.past_point.search(doc.text, s, e) or self.past_span.search(doc.text, s, e)
        if found is None:
            ps, pe = report.scene_sentence(m.sentence)
            if ps is not None:
                found = self.past_point.search(doc.text, ps, pe)
        if found is not None:
            return "told as the past: " + " ".join(found.group().split())
        return None

    def _defining_content(self, doc: Document, m: Mention) -> str | None:
        """The sub-types a cue word alone makes too easily must say what defines them (ACLED's
        definitions): a chemical weapon event names an agent and tells its use; a change to a group
        or its activity names a merger, split, recruitment, force movement or security measure; a
        disrupted weapons use names a defusal, a failed blast, an interception, a seizure or a find."""
        s, e = m.sentence
        sub = m.event.sub_event_type
        if sub == "Chemical weapon":
            agent = self.chemical.search(doc.text, s, e)
            if agent is None:
                return "chemical weapon: no agent named"
            sdoc = doc.spacy_doc
            span = sdoc.char_span(s, e, alignment_mode="expand") if sdoc is not None else None
            if span is not None and not any(
                    (t.lower_ in self.chemical_nouns and t.tag_.startswith("NN"))
                    or (t.lower_ in self.chemical_verbs and t.tag_ in ("VBD", "VBN", "VBG")) for t in span):
                return "chemical weapon named, no use told"
        elif sub == "Change to group/activity" and not self.group_change.search(doc.text, s, e):
            return "change to group/activity: no merger, split, recruitment, force movement or security measure"
        elif sub == "Disrupted weapons use" and not self.weapons_disrupted.search(doc.text, s, e):
            return "disrupted weapons use: no defusal, failed blast, interception, seizure or find"
        return None

    def _movement_for_a_fight(self, doc: Document, m: Mention, kept: list[Mention]) -> bool:
        """"Reinforcements reached the post an hour later" told with the attack on it: a Change to
        group/activity whose sentence names only a force movement, within an incident's reach
        (merge.INCIDENT_GAP sentences) of a violent act the report tells, is the forces sent for that fight,
        which is the event (ACLED codes an incident's parts as one event), wherever they came from."""
        if m.sub_event_type != "Change to group/activity":
            return False
        found = [" ".join(f.group().lower().split()) for f in self.group_change.finditer(doc.text, *m.sentence)]
        if not found or not all(f in self.force_movement for f in found):
            return False
        starts = [s for s, _ in doc.sentences]
        here = bisect.bisect_right(starts, m.sentence[0])
        return any(o is not m and o.event is not None and o.event.event_type in VIOLENT_TYPES
                   and abs(bisect.bisect_right(starts, o.sentence[0]) - here) <= INCIDENT_GAP for o in kept)

    def _grammar(self, doc: Document, m: Mention, day_named: bool) -> str | None:
        """The trigger's clause, read from the parse: is it told as an act that happened? (Asked of
        long reports only.)

        The model is loaded without a lemmatizer and attribute ruler (sitrep.nlp), so words are
        matched by their inflected forms and parts of speech by their fine-grained tags."""
        sdoc = doc.spacy_doc
        if sdoc is None:
            return None
        span = sdoc.char_span(m.trigger[0], m.trigger[1], alignment_mode="expand")
        if span is None or not len(span):
            return None
        tok = span.root
        # "looted material", "bombed buildings": a participle that describes a thing. An adjective that
        # is no participle ("the military airport") says nothing of whether an act was told.
        if tok.dep_ == "amod" and (tok.tag_ == "VBN" or tok.tag_ == "JJ" and PARTICIPLE.search(tok.lower_)):
            return "a state, not an act: " + tok.text
        head = tok
        while head.dep_ == "compound" and head.head.tag_.startswith("NN") and head.head is not head:
            head = head.head
        if head is not tok and head.lower_ in self.unit_roles and "aircraft striking" not in m.cues:
            # (An aircraft that "struck a mortar team" did act: the unit is what it hit.)
            return "names a unit or role, not an act: " + span.text + " " + head.text
        if not _is_verb(tok) and any(k.dep_ in ("det", "neg") and k.lower_ == "no" for t in {tok, head} for k in t.children):
            # "There was no fighting near the village": a witness denies the act the noun names.
            return "negated: no " + tok.text
        chain = [tok] + list(tok.ancestors)
        verb = next((t for t in chain if _is_verb(t)), None)
        prep = head.head
        if head.dep_ == "pobj" and prep.lower_ in ("after", "since") and prep.i and prep.doc[prep.i - 1].lower_ in _TIME_UNITS:
            # "The attack came a day after clashes in X", "weeks after the bombing of Y": an act named to
            # measure the time of another is known before it, not the news.
            return f"the time reference of another act: {prep.doc[prep.i - 1].text} {prep.text}"
        came_from = None
        told = False  # the act is what a verb of telling tells ("wishes to notify residents that ...")
        for t in chain:
            kids = list(t.children)
            if came_from is not None and any(k.text == ";" and min(came_from.i, t.i) < k.i < max(came_from.i, t.i)
                                             for k in kids):
                # "Two strikes hit X on Nov. 17; they were not included in the earlier release": a clause
                # after a semicolon stands on its own, whatever the parser hangs it from; its negation or
                # mood is not the act's.
                break
            # The trigger as the subject of "call", "demand", "deny": the act is theirs, not the
            # thing called for ("protesters called for ...").
            agent = came_from is not None and came_from.dep_ in ("nsubj", "nsubjpass", "csubj")
            # "The ombudsman rejects the killing of three guards" (the Spanish "rechaza"): to reject an
            # act named as the object is to condemn it; "rejects the reports of an attack" denies them.
            repudiated = came_from is not None and came_from.dep_ == "dobj" and came_from.lower_ in self.act_nouns
            came_from = t
            if _is_verb(t):
                if any(k.dep_ == "neg" for k in kids):
                    return "negated: " + t.text
                since = next((k for k in kids if k.dep_ == "mark" and k.lower_ in ("since", "after") and k.i
                              and k.doc[k.i - 1].lower_ in _TIME_UNITS), None)
                if since is not None:
                    # "28 years since the regime attacked X", "days after the Taliban overran the city":
                    # an act that measures the time of another is known before it, not the news.
                    return f"the time reference of another act: {since.doc[since.i - 1].text} {since.text}"
                if any(k.dep_ in ("aux", "auxpass") and (k.tag_ == "MD" or k.lower_ in self.modals) for k in kids) \
                        and not (agent and t.lower_ in _BE_HAVE):
                    # "the protesters could be members of X" doubts who they were, not what they did
                    return "hypothetical: " + t.text
                if any(k.dep_ == "mark" and k.lower_ in ("if", "unless") for k in kids):
                    return "conditional: " + t.text
                if t.dep_ == "xcomp" and t.head.lower_ in _HAVE \
                        and any(k.dep_ == "aux" and k.lower_ == "to" for k in kids):
                    return "obligation, not an act: have to " + t.text
            if t.dep_ in ("relcl", "acl") and _is_verb(t) and not any(k.dep_ == "mark" for k in kids):
                break  # a relative clause tells its own noun's story: "the area, where strikes go on"
            # (Not a noun's content clause, "reports that the militants had seized the town": what
            # governs the noun, "denied reports that ...", governs the act too.)
            if t is tok:
                continue
            if agent:
                continue
            if repudiated and t.lower_ in _REJECT and _is_verb(t):
                if not self._anchored(m):
                    return "condemnation of no specific act"
                continue
            if t.lower_ in self.irrealis and (_is_verb(t) or t.tag_.startswith("NN")) and not told:
                # (Above a verb of telling, "wishes to" or "would like to" is the courtesy of a
                # communiqué ("the command wishes to inform residents that rebels shelled ..."), not the mood of the act.)
                return "not an act: " + t.text  # "urged them to cease strikes", "a call for an end to attacks"
            if t.lower_ in self.condemn and not self._anchored(m):
                return "condemnation of no specific act"
            told = told or (_is_verb(t) and t.lower_ in self.telling)
        if verb is not None and not day_named and verb.tag_ == "VBN" \
                and not SAME_DAY_BEFORE.search(doc.text, *m.sentence) \
                and any(k.dep_ == "aux" and k.lower_ in ("had", "'d") for k in verb.children) \
                and not any(t.lower_ in self.speech for t in verb.ancestors) \
                and not any(t.lower_ in self.speech and t.dep_ in ("parataxis", "advcl", "prep") for t in verb.subtree):
            # The past perfect outside reported speech sets an act before the story's own time
            # ("the militants had seized the town"); under "said" it is only backshift.
            return "past perfect: before the news"
        if verb is not None and verb.dep_ == "ROOT" and verb.lower_ in ("is", "are", "'s", "'re", "was", "were") \
                and any(
                    t.dep_ == "nsubj" and t.head.i == verb.i and t.lower_ in self.act_nouns
                    and any(c.dep_ in ("det", "predet", "nummod") and c.lower_ in (
                        "this", "that", "these", "those", "such", "both", "all") for c in t.children)
                    for t in verb.children):
            # "This attack is yet another sign of ...", "Both attacks were successful": a comment on
            # acts told before, no new act.
            return "a comment on an act told before"
        if verb is not None and verb.dep_ == "ROOT" and verb.lower_ in ("is", "was", "'s") \
                and any(t.dep_ == "nsubj" and t.lower_ in ("it", "this", "that") for t in verb.children) \
                and any(t.dep_ == "attr" and t.lower_ in self.act_nouns for t in verb.children):
            # "It was the second attack on the area in two weeks": the act told before, counted.
            return "a comment on an act told before"
        if verb is not None and not day_named and verb.lower_ in self.trend_verbs \
                and any(t.dep_ == "nsubj" and t.head.i == verb.i for t in chain) \
                and (verb.tag_ in ("VBZ", "VBP") or any(k.dep_ in ("aux", "auxpass") and k.lower_ in _PRESENT_AUX
                                                        for k in verb.children)):
            # "The bombardment of the towns has intensified": how a campaign goes, no act of a day.
            return "a trend, not an act: " + verb.text
        if verb is not None and not day_named and verb.tag_ == "VBN" \
                and not SAME_DAY_BEFORE.search(doc.text, *m.sentence) \
                and any(k.dep_ == "aux" and k.lower_ in ("has", "have", "'s", "'ve") for k in verb.children):
            # "The province has seen attacks by insurgents", "rebels have launched raids on the
            # villages": acts as a bare plural object of a present perfect, a pattern over time.
            obj = next((t for t in chain if t.dep_ == "dobj" and t.head.i == verb.i and t.tag_ == "NNS"
                        and t.lower_ in self.act_nouns
                        and not any(c.dep_ in ("det", "nummod", "poss") for c in t.children)), None)
            if obj is not None:
                return f"acts over time, not one: {verb.text} {obj.text}"
        if verb is not None:
            kids = list(verb.children)
            if any(k.lower_ in self.habitual for k in kids + list(tok.children)):
                return "habitual: " + verb.text
            if not day_named and any(k.dep_ == "advmod" and k.lower_ in ("only", "exclusively", "solely") for k in kids) \
                    and any(k.dep_ == "dobj" and k.tag_ == "NNS" and not any(c.dep_ in ("det", "nummod", "poss")
                                                                             for c in k.children) for k in kids):
                # "its aircraft only struck military targets": what a side says it strikes, a claim
                # about its habit (often a denial), not an act of a day.
                return "a claim of what a side strikes, not an act: " + verb.text
            # The small tagger reads some past forms as present ("police retook the village"/VBP).
            if not day_named and verb.tag_ in ("VBZ", "VBP") and verb.lower_ not in self.past_forms \
                    and DECLARED_CUE not in m.cues \
                    and verb.lower_ not in _BE_HAVE and verb.lower_ not in self.stance \
                    and not any(k.dep_ in ("aux", "auxpass") for k in kids):
                return "present simple: a general statement"
            # "The airport is used by army helicopters", "raids are carried out by night": the passive
            # of the same present tells a habit or a state. ("Is being shelled" is going on now, and
            # "is reported", "is believed" are a source's word on an act.)
            if not day_named and verb.tag_ == "VBN" and DECLARED_CUE not in m.cues \
                    and verb.lower_ not in self.speech and verb.lower_ not in self.stance \
                    and any(k.dep_ == "auxpass" and k.lower_ in ("is", "are") for k in kids) \
                    and not any(k.dep_ == "aux" for k in kids):
                return "present passive: a general statement"
        return None

    @staticmethod
    def encyclopedic(doc: Document) -> bool:
        """An encyclopedia article: its reference marks, or its source says so. It tells history,
        not the news of a day, so only an event it dates within the days before publication counts."""
        art = doc.article
        return bool(REFERENCE_MARK.search(doc.text) or ENCYCLOPEDIA.search(art.source or "")
                    or ENCYCLOPEDIA.search(art.url or ""))

    @staticmethod
    def long_report(doc: Document) -> bool:
        """Typed sentence by sentence (see detect.units), not a short text typed whole."""
        from .detect import units

        return len(units(doc, 600)) > 1

    def _anchored(self, m: Mention) -> bool:
        ev = m.event
        place = ev.geo_precision is not None and ev.geo_precision <= 2
        day = "event_date" in ev.evidence and _inside(ev.evidence["event_date"][0], m.sentence)
        return place or day

    def _strategic(self, doc: Document, m: Mention) -> str | None:
        s, e = m.sentence
        text = doc.text[s:e]
        sub = m.event.sub_event_type
        if sub == "Agreement":
            if not self.agreements.search(text):
                return "agreement not between the sides of a conflict"
            sdoc = doc.spacy_doc
            span = sdoc.char_span(s, e, alignment_mode="expand") if sdoc is not None else None
            # A word of making an agreement counts as a verb ("struck a deal", "agreed"), or as a noun of
            # the act itself ("the announcement"): the noun "strikes" of an air raid makes none.
            if span is not None and not any(t.lower_ in self.agreement_acts and (_is_verb(t) or t.lower_ in self.agreement_nouns)
                                            for t in span):
                return "an agreement named, not made"
            return None
        # Looting, arrests and seized weapons are acts themselves, whoever they hit ("looted an aid agency").
        if sub not in ACTS_OF_THEIR_OWN and self.non_act.search(text):
            return "meeting, visit, exercise, deployment or aid: no act of violence or change"
        return None


_PRESENT_AUX = frozenset("has have 's 've is are 're am".split())
ACTS_OF_THEIR_OWN = frozenset({"Looting/property destruction", "Arrests", "Disrupted weapons use"})
_HAVE = frozenset("have has had".split())
_BE_HAVE = frozenset("be is are am was were been being 's 're".split()) | _HAVE


# "the bombings", "the twin suicide bombings", "these blasts": an act named before, named again.
DEFINITE_BEFORE = re.compile(r"\b(?:the|these|those|both|yesterday's|today's)\s+(?:[\w-]+\s+){0,2}$", re.I)
_TIME_UNITS = frozenset({"days", "weeks", "months", "years", "decades", "day", "week", "month", "year", "hours"})
DURATION_OF = re.compile(r"\b(?:years|months|decades|weeks)\s+of\s+(?:[\w-]+\s+){0,2}$", re.I)


def _is_verb(t) -> bool:
    return t.tag_.startswith("VB") or t.tag_ == "MD"


def _forms(lemmas) -> frozenset[str]:
    """Inflected forms of English verbs and nouns given as lemmas (over-generating is harmless)."""
    out = set()
    for w in lemmas:
        w = w.lower()
        stems = {w, w + w[-1]} if w[-1] not in "aeiouywx" else {w}
        if w.endswith("e"):
            stems.add(w[:-1])
        if w.endswith("y"):
            stems.add(w[:-1] + "i")
        out.add(w)
        for st in stems:
            out.update({st + "s", st + "es", st + "ed", st + "d", st + "ing", st + "ied", st + "ies"})
    return frozenset(out)


def _patterns(regexes) -> re.Pattern:
    return re.compile(r"(?<![\w-])(?:" + "|".join(f"(?:{x})" for x in regexes) + r")(?![\w-])", re.I)


def _inside(span, window: tuple[int, int]) -> bool:
    return window[0] <= span.start and span.end <= window[1]


@dataclass(frozen=True)
class _Report:
    """What the background rules ask of the whole report, found once per report rather than once
    per mention (a long report's mentions each asked it again)."""

    text: str
    long: bool
    encyclopedic: bool
    body: list[tuple[int, int]]  # sentences outside headings and excluded parts, in order
    sentence_ends: list[int]
    sentences: list[tuple[int, int]]
    fine_places: list[int]  # starts of places finer than a country, sorted
    past: str | None = None  # why the whole report tells the past (NewsOfTheDay._report_of_the_past)

    @classmethod
    def of(cls, doc: Document) -> "_Report":
        fine = sorted(pm.start for pm in doc.places
                      if pm.place is not None and not pm.place.is_country)
        return cls(text=doc.text, long=NewsOfTheDay.long_report(doc), encyclopedic=NewsOfTheDay.encyclopedic(doc),
                   body=doc.body_sentences(),
                   sentence_ends=[e for _, e in doc.sentences], sentences=list(doc.sentences), fine_places=fine)

    def place_near(self, sentence: tuple[int, int]) -> bool:
        """A place finer than a country in the sentence, the two before it (where the merge stage
        looks for the place of "in that area") or the story's lead."""
        n_before = bisect.bisect_right([e for _, e in self.body], sentence[0])
        # The two sentences before, and the lead: a story's first sentence says where it happened.
        windows = self.body[max(0, n_before - 2):n_before] + self.body[:min(1, n_before)] + [sentence]
        return any(bisect.bisect_left(self.fine_places, s) < bisect.bisect_left(self.fine_places, e)
                   for s, e in windows)

    def scene_sentence(self, sentence: tuple[int, int]) -> tuple[int | None, int | None]:
        """The sentence before this one when both are in one paragraph (no blank line between)."""
        n_before = bisect.bisect_right(self.sentence_ends, sentence[0])
        if not n_before:
            return None, None
        s, e = self.sentences[n_before - 1]
        if "\n" in self.text[e:sentence[0]]:
            return None, None
        return s, e
