"""Fatalities: the most conservative credible death count in a passage (acled-rules.md section 4)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..actors.text import sentences
from .lexicon import alternation, lexicon
from .numbers import Number, number_reader

UNKNOWN_DEATHS = 3  # "deaths reported, number unknown" for a limited attack (rules section 4); callers may raise to 10


@dataclass
class Figure:
    """One count in one statement: "205 pro-regime forces" killed."""

    value: int | None
    start: int
    end: int
    victims: str
    kind: str  # "deaths" or "injured"
    qualifier: str | None = None
    total: bool = False  # a toll ("bringing the death toll to six") already counts the others


@dataclass
class Statement:
    start: int
    end: int
    deaths: list[Figure] = field(default_factory=list)
    injured: list[Figure] = field(default_factory=list)
    aggregate: bool = False
    negated: bool = False
    casualties_only: bool = False
    clause_breaks: list[int] = field(default_factory=list)  # where a second claimant's clause starts

    @property
    def death_total(self) -> int | None:
        if self.clause_breaks and self.deaths:
            # "The army said 30 were killed, while the group said 4 died": rival claims, keep the lowest.
            bounds = [self.start] + self.clause_breaks + [self.end]
            sums = []
            for lo, hi in zip(bounds, bounds[1:]):
                vals = [f.value for f in self.deaths if lo <= f.start < hi and f.value is not None]
                if vals:
                    sums.append(sum(vals))
            if len(sums) > 1:
                return min(sums)
        tolls = [f.value for f in self.deaths if f.total and f.value is not None]
        if tolls:
            return min(tolls)
        vals = [f.value for f in self.deaths]
        if not vals:
            return None
        if any(v is None for v in vals):
            known = [v for v in vals if v is not None]
            return sum(known) if known else None
        return sum(vals)


@dataclass
class Fatalities:
    value: int
    spans: list[tuple[int, int]]
    aggregate: bool
    injured: int | None
    details: str
    reached: int = 0  # the count a death told by its ordinal reaches ("a fifth soldier died": 5)


class FatalityReader:
    def __init__(self):
        lex = lexicon("fatalities")
        self.lex = lex
        self._memo: tuple[str | None, dict[tuple[int, int], Statement | None]] = (None, {})
        num = number_reader().regex.pattern
        victims = alternation(lex["victims"], False)
        # up to three modifiers before the victim noun: "205 pro-regime forces", "two Hamas members"
        # (never across a verb of speech: "two witnesses said 6 people" is two figures)
        vic = rf"(?P<vic>(?:(?!(?:{_SPEECH})\b)[\w'’/-]+\s+){{0,3}}?{victims})(?![\w])"
        self.num_vic = re.compile(rf"(?P<num>{_strip_names(num)})\s+(?:of\s+(?:the|their|them)?\s*)?{vic}", re.I)
        self.num_only = number_reader().regex
        self.active = re.compile(alternation(lex["death_verbs_active"]), re.I)
        # "6 people, including 2 children, were killed", "9 people, most of them X, were killed": the subset
        # between commas is skipped
        self.passive = re.compile(r"^\s*(?:\([^()]{1,60}\)\s*)?(?:,\s*(?:including|among them|among whom|mostly|mainly|(?:most|many|some|half|all)\s+of\s+(?:them|whom))\s+[^,.;]{1,60},)?\s*(?:,\s*)?(?:(?!and\b)\w+\s+){0,1}?(?:(?:were|was|are|is|have been|has been|had been|being|been|reportedly|reported|all|also|later|allegedly|confirmed)\s+){0,3}"
                                  rf"(?:{alternation(lex['death_verbs_passive'], False)})\b", re.I)
        self.injury_after = re.compile(r"^\s*(?:(?:were|was|are|have been|has been|had been|also|reportedly|others)\s+){0,3}"
                                       rf"(?:{alternation(lex['injury_words'], False)})\b", re.I)
        self.injury_active = re.compile(alternation(["wounded", "wounding", "injured", "injuring", "wounds", "injures"]), re.I)
        # "six rangers in the park were killed", "five of whom were neutralised": a count, a few words,
        # then a passive death verb
        self.passive_after = re.compile(r"^\s+(?:[\w'’-]+\s+){1,8}?(?:were|have\s+been|had\s+been|are)\s+"
                                        r"(?:reportedly\s+|also\s+|all\s+)?"
                                        rf"(?:{alternation(lex['death_verbs_passive'], False)})\b", re.I)
        self.nouns_after = re.compile(rf"^\s*(?:{alternation(_DEATH_NOUNS_AFTER, False)})\b", re.I)
        self.left_dead = re.compile(r"\b(?:left|leaving|leaves)\s+(?P<n>[^.;]{1,40}?)\s+(?:dead|killed)\b", re.I)
        self.toll_far = re.compile(rf"(?:{alternation(lex['toll_cues'], False)})\s+(?:[\w'’-]+,?\s+){{0,16}}?(?:rose|risen|climbed|reached|jumped|increased|grew|grown)\s+(?:to\s+)?(?:at\s+least\s+|more\s+than\s+|over\s+|nearly\s+|about\s+|around\s+)?$", re.I)
        self.toll = re.compile(rf"(?:{alternation(lex['toll_cues'], False)})\s+(?:[\w'’-]+\s+){{0,5}}?(?:rose|risen|climbed|reached|stands|stood|is|was|hit|jumped|of|at|to)\s+(?:\w+\s+){{0,2}}?", re.I)
        self.negation = re.compile(alternation(lex["negations"]), re.I)
        self.casualty = re.compile(alternation(lex["casualty_words"]), re.I)
        self.aggregate_cues = re.compile(alternation(lex["aggregate_cues"]), re.I)
        self.week_cues = re.compile(alternation(lex["aggregate_week_cues"]), re.I)
        self.agg_subjects = re.compile(alternation(lex["aggregate_subjects"]), re.I)
        single = alternation([v for v in lex["victims"] if not v.endswith("s")], False)
        # "shot dead a journalist", "a mob stoned to death a student": any death verb, one victim
        verb_active = alternation(lex["death_verbs_active"], False)
        verb_passive = alternation(lex["death_verbs_passive"], False)
        # One person named by a noun the lexicon lists or by its ending: a trade or office ("collector",
        # "lieutenant", "chairman"); "boy" and "girl" endings only where a child may stand ("schoolgirl").
        agent_endings = "er|or|ist|ian|ant|ent|man|woman"
        person = r"(?:" + single + r"|[a-z]+(?:" + agent_endings + r"|boy|girl))"
        officer = r"(?:" + single + r"|[a-z]+(?:" + agent_endings + r"))"
        self.single_victim = re.compile(
            r"\b(?:a|an|one)\s+(?:[\w'’-]+\s+){0,3}?" + person
            + r"\s+(?:was|is|has been|had been)\s+(?:reportedly\s+)?(?:" + verb_passive + r")\b"
            + r"|\b(?:" + verb_active + r")\s+(?:a|an|one|the)\s+(?:[\w'’/-]+\s+){0,3}?" + person + r"\b"
            + r"|\b(?:and|while|but)\s+one\s+(?:of\s+them\s+)?(?:was|had\s+been|has\s+been)\s+(?:later\s+)?(?:killed|shot\s+dead)\b"
            + r"|\b(?:" + verb_active + r")\s+(?:him|her)\b"
            # "the body of a man was found", "killed and mutilated the body of a herder"
            + r"|\b(?:dead\s+)?body\s+of\s+(?:a|an|one)\s+(?:[\w'’/-]+\s+){0,2}?" + person + r"\b"
            # "beat a young man to death": the victim between the verb and "to death"
            + r"|\b(?:beat|beaten|stabbed|hacked|stoned|burned|burnt|shot|clubbed)\s+(?:a|an|one|the)\s+"
            + r"(?:[\w'’/-]+\s+){0,3}?" + person + r"\s+to\s+death\b"
            # "the leader of a local group was shot dead": one victim named by what he led or belonged to
            + r"|\b(?:a|an|the|one)\s+(?:[\w'’-]+\s+){0,2}?" + officer
            + r"\s+of\s+[^,.;()]{1,60}?\s+(?:was|has\s+been|had\s+been)\s+(?:reportedly\s+)?(?:" + verb_passive + r")\b"
            + r"|\b(?:he|she)\s+(?:was|has been|had been)\s+(?:reportedly\s+)?(?:" + verb_passive + r")\b"
            + r"|\b(?:a|an|one|the)\s+(?:[\w'’-]+\s+){0,2}?(?:" + single + r"|other)\s+(?:later\s+)?(?:died|perished|succumbed)\b", re.I)
        self.victim_word = re.compile(alternation(lex["victims"]), re.I)
        # "killing Ahmed Yusuf, the group's finance chief": one person killed, named and then described.
        # Case matters (the name is capitalised), and the description after the comma tells a person from
        # a group or a place.
        name_word = r"(?:[A-Z][\w'’.-]*|(?:al|el|bin|ibn|bint|abu|de|van|von)(?:-[A-Z][\w'’-]*)?)"
        self.named_victim = re.compile(
            r"\b(?:[Kk]illed|[Kk]illing|[Kk]ills|[Aa]ssassinated|[Aa]ssassinating|shot\s+dead)\s+"
            rf"[A-Z][\w'’.-]*(?:\s+{name_word}){{1,4}}\s*,\s+(?:a|an|the|its|his|their|who)\s")
        self.vague_death = re.compile(
            rf"\b(?:killing|killed)\s+(?:several|many|some|a number of|scores of|an unknown number of|numerous)\s+{victims}"
            rf"|\b(?:several|many|some|scores of|numerous)\s+{victims}\s+(?:were|have been|had been)\s+(?:reportedly\s+)?killed", re.I)

    # ------------------------------------------------------------------
    def statements(self, text: str, window: tuple[int, int]) -> list[Statement]:
        return [st for st in (self.statement(text, s, e) for s, e in sentences(text, *window)) if st is not None]

    def statement(self, text: str, s: int, e: int) -> Statement | None:
        """The deaths and injuries ``text[s:e]`` reports, or None. Remembered for the last text
        read: the figures of a report and each of its events read the same sentences. A Statement
        returned is shared, so callers must not change it."""
        memo = self._memo
        if memo[0] is not text:
            memo = self._memo = (text, {})  # replaced whole, never half-updated by another thread
        key = (s, e)
        if key not in memo[1]:
            memo[1][key] = self._statement(text, s, e)
        return memo[1][key]

    def _statement(self, text: str, s: int, e: int) -> Statement | None:
        st = Statement(s, e)
        seg = text[s:e]
        if self.negation.search(seg):
            st.negated = True
        used: list[tuple[int, int]] = []
        for m in self.single_victim.finditer(text, s, e):
            # "killed a commander (and his two bodyguards)": one, and the count joined to it below
            noun = self.victim_word.findall(m.group())
            st.deaths.append(Figure(1, m.start(), m.end(), noun[-1] if noun else "", "deaths"))
            used.append(m.span())
        for m in self.named_victim.finditer(text, s, e):
            if not any(m.start() < b and a < m.end() for a, b in used):
                st.deaths.append(Figure(1, m.start(), m.end(), "", "deaths"))
                used.append(m.span())
        for m in self.num_vic.finditer(text, s, e):
            if any(m.start() < b and a < m.end() for a, b in used):
                continue
            n = self._number(text, m.start("num"), m.end("num"))
            if n is None:
                continue
            after = text[m.end():e]
            before = text[max(s, m.start() - 45):m.start()]
            if _SUBSET.search(before):
                continue  # "including 4 soldiers": already counted in the figure before it
            if _EARLIER_FIGURE.search(before):
                continue
            if _SOURCE_AFTER.match(after):
                continue  # "..., two officials told reporters": who tells of the dead, not among them
            fig = Figure(n.value, m.start(), m.end(), m.group("vic"), "deaths", n.qualifier)
            joined = _JOINED_AFTER.match(after)
            partner = self.num_vic.match(after, joined.end()) if joined else None
            if self.passive.match(after) or self.nouns_after.match(after) \
                    or partner is not None and self.passive.match(after[partner.end():]):
                # "3 Ugandan citizens and 2 Kenyan citizens died": the first count dies with the second
                st.deaths.append(fig)
            elif self.injury_after.match(after):
                fig.kind = "injured"
                st.injured.append(fig)
            elif _ends_with(self.active, before) or self._in_death_list(text, s, m.start(), st) \
                    or re.search(r"\b(?:bodies|remains|corpses|(?:the\s+)?(?:killings?|massacre|murders?|deaths?)\s+of)\s+$", before, re.I):
                st.deaths.append(fig)
            elif _ends_with(self.injury_active, before) or self._in_list(text, s, m.start(), st.injured):
                fig.kind = "injured"
                st.injured.append(fig)
            else:
                continue
            used.append((m.start(), m.end()))
        # bare numbers: "13 dead", "killing 5", "the death toll rose to 20", "left 4 dead"
        for m in self.num_only.finditer(text, s, e):
            if any(m.start() < b and a < m.end() for a, b in used):
                continue
            n = self._number(text, m.start(), m.end())
            if n is None:
                continue
            after = text[m.end():e]
            before = text[max(s, m.start() - 60):m.start()]
            if _SUBSET.search(before) or _EARLIER_FIGURE.search(before):
                continue
            if _SPEAKERS_AFTER.match(after):
                continue  # "two witnesses said ...": the count of those who speak
            if _ANIMALS_AFTER.match(after):
                continue  # "killed 15 livestock": deaths are people's
            if _MEASURE_AFTER.match(after):
                continue  # "a few miles past the bridge": a distance or a time, not people
            if _LABELLED.search(before):  # "Fatalities: 4", a note's tally
                st.deaths.append(Figure(n.value, m.start(), m.end(), "", "deaths", n.qualifier, total=True))
                used.append((m.start(), m.end()))
                continue
            if self.nouns_after.match(after) or re.match(r"^\s+(?:people\s+|others\s+)?(?:were\s+|have\s+been\s+)?(?:killed|dead|died)\b", after, re.I) \
                    or self.passive_after.match(after) \
                    or self.toll.search(before) and re.search(r"(?:rose|risen|climbed|reached|stands|stood|is|was|hit|jumped|of|at|to)\s+(?:\w+\s+){0,2}$", before, re.I) \
                    or self._toll_before(text, s, m.start()) \
                    or re.search(r"\b(?:killing|killed|kills|(?:the\s+)?(?:killings?|massacre|murders?|deaths?)\s+of)\s+$", before, re.I) \
                    or re.search(r"\b(?:bodies|remains|corpses)\s+of\s+$", before, re.I):
                is_toll = bool(self.toll.search(before)) or self._toll_before(text, s, m.start())
                # "the attackers, five of whom were killed": the five are attackers, not whoever else died
                of_whom = _OF_WHOM.search(text, max(s, m.start() - 40), m.end()) if _OF_AFTER.match(after) else None
                # "killed twelve of the Khawarij": the twelve are of the group named, not whoever else died
                of_named = _OF_NAMED.match(after) if of_whom is None else None
                victims = of_whom.group("noun") if of_whom else (of_named.group("noun") if of_named else "")
                st.deaths.append(Figure(n.value, m.start(), m.end(), victims, "deaths", n.qualifier, total=is_toll))
            elif re.match(r"^\s+(?:others\s+|people\s+)?(?:were\s+)?(?:wounded|injured|hurt)\b", after, re.I) \
                    or re.search(r"\b(?:wounding|injuring)\s+(?:another\s+)?$", before, re.I):
                st.injured.append(Figure(n.value, m.start(), m.end(), "", "injured", n.qualifier))
            elif self.casualty.match(after.strip()) and not st.deaths:
                st.casualties_only = True
            else:
                continue
            used.append((m.start(), m.end()))
        for m in self.left_dead.finditer(text, s, e):
            if any(a <= m.start("n") < b for a, b in used):
                continue
            ns = number_reader().find(text, m.start("n"), m.end("n"))
            if ns:
                st.deaths.append(Figure(ns[0].value, m.start(), m.end(), "", "deaths", ns[0].qualifier))
                used.append(m.span())
            elif _ONE_PERSON.fullmatch(m.group("n")):  # "leaving the driver dead"
                st.deaths.append(Figure(1, m.start(), m.end(), m.group("n"), "deaths"))
                used.append(m.span())
        later = _LATER_THAN.search(text, s, e)
        if later is not None and any(f.start < later.start() for f in st.deaths):
            # "..., killing two workers, three days after a drone strike killed five people": the dead
            # told after the time reference are those of the earlier act it measures from, not this one's.
            # (Figures only after it are the sentence's own: "On Friday, a day after the vote, gunmen killed 12".)
            st.deaths = [f for f in st.deaths if f.start < later.start()]
            st.injured = [f for f in st.injured if f.start < later.start()]
        if not st.deaths:
            m = self.vague_death.search(text, s, e)
            if m:
                st.deaths.append(Figure(None, m.start(), m.end(), m.group(), "deaths"))
        if not (st.deaths or st.injured or st.negated or st.casualties_only):
            return None
        st.aggregate = bool(st.deaths) and self._aggregate(seg)
        cues = list(_CLAIM_CUE.finditer(seg))
        if len(cues) > 1:
            st.clause_breaks = [s + m.start() for m in _CLAUSE_BREAK.finditer(seg)]
        return st

    def _aggregate(self, seg: str) -> bool:
        if self.aggregate_cues.search(seg):
            return True
        return bool(self.week_cues.search(seg) and self.agg_subjects.search(seg))

    def _number(self, text: str, s: int, e: int) -> Number | None:
        month = _MONTH_BEFORE.search(text, max(0, s - 12), s)
        if month and (month.group("abbr") or _DAY_AFTER.match(text, e)):
            return None  # "on Sept. 4 killed a leader", "on March 4, jets killed": the day of a date, no count
        if _AGE_BEFORE.search(text, max(0, s - 40), s):
            return None  # "two sisters aged 9 and 13 were killed": their ages, not a count
        ns = number_reader().find(text, s, e)
        if not ns:
            return None
        n = ns[0]
        if n.vague and n.value is None:
            return Number(n.start, n.end, None, n.qualifier, True)
        return n

    def _in_death_list(self, text: str, s: int, pos: int, st: Statement) -> bool:
        return self._in_list(text, s, pos, st.deaths)

    def _toll_before(self, text: str, s: int, pos: int) -> bool:
        """"The death toll from Tuesday's bombing at the bus stand in X has risen to 12": the toll
        noun may stand a long phrase before its verb, so the toll is looked for back to the sentence
        start, the verb of change right before the number."""
        return bool(self.toll_far.search(text[max(s, pos - 200):pos]))

    @staticmethod
    def _in_list(text: str, s: int, pos: int, figs: list[Figure]) -> bool:
        """"killed 3 soldiers and 2 civilians": a count joined to the previous one by "and" or a comma,
        after at most a short phrase that says whose they were ("four soldiers from the X Forces and two
        of the attackers")."""
        if not figs:
            return False
        gap = text[figs[-1].end:pos]
        return bool(_LIST_GAP.fullmatch(gap))


# A short phrase saying whose a count's people were ("from the X Forces", "of the army"), with no verb or
# new clause in it: it does not part the count from the next one.
_WHOSE = r"(?:\s+(?:from|of)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?[\w'’-]+)?"
# What may join a count to the one before it: "and", a comma, "as well as", after at most ``_WHOSE``.
_LIST_GAP = re.compile(_WHOSE + r"\s*(?:,\s*(?:and\s+)?|and\s+|as well as\s+|along with\s+|together with\s+)"
                       r"(?:(?:his|her|their|its)\s+)?")
# "4 soldiers (from the X Forces) and 2 militants were killed": the "and" that joins a count to the next.
_JOINED_AFTER = re.compile(_WHOSE + r"\s*,?\s*(?:and|as well as)\s+")
_MEASURE_AFTER = re.compile(r"^\s*(?:km|kms|kilomet(?:re|er)s?|miles?|met(?:re|er)s?|yards?|feet|minutes?|hours?|days?|"
                            r"weeks?|months?|years?|times)\b", re.I)
_MONTH_BEFORE = re.compile(r"\b(?P<abbr>jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.\s*$"
                           r"|\b(?:january|february|march|april|may|june|july|august|september|october|november|december)\s+$",
                           re.I)
# After a full month name, a number is a day when a comma, a year or a verb follows it, not a noun ("March 12 people").
_DAY_AFTER = re.compile(r"(?:st|nd|rd|th)?(?:\s*,|\s+(?:19|20)\d\d\b|\s+(?:killed|kills|left|claimed|saw|when|and|in|at|near)\b)", re.I)
_ONE_PERSON = re.compile(r"him|her|(?:a|an|the|one)\s+(?:[\w'’-]+\s+){0,2}?[a-z'’-]*[a-rt-z]", re.I)
_OF_AFTER = re.compile(r"^\s+of\s+(?:whom|them|which)\b", re.I)
_OF_WHOM = re.compile(r"(?P<noun>[A-Za-z'’-]+),\s+[\w-]+$")
_OF_NAMED = re.compile(r"^\s+of\s+(?:the\s+)?(?P<noun>[A-Z][\w'’-]+)")
_DEATH_NOUNS_AFTER = ["deaths", "dead", "fatalities", "bodies", "corpses", "killed", "people dead", "people killed", "fatality",
                      "death", "reported fatalities", "reported deaths", "confirmed deaths", "confirmed fatalities",
                      # "we have counted 17 martyrs": statements of the victims' side and of armed groups count
                      # their dead as martyrs
                      "martyrs"]
# A counted group that speaks is the report's source: "three witnesses said", "two officials told AFP".
_SPEECH = r"told|said|say|says|reported|confirmed|stated|recounted|described|testified"
_SOURCE_AFTER = re.compile(r"^\s+(?:(?:from|in|of|at|with|on)\s+(?:the\s+)?(?:[\w'’-]+\s+){1,2}?)?"
                           r"(?:(?:also|later|separately|earlier|have|had|has)\s+)?(?:" + _SPEECH + r")\b", re.I)
_ANIMALS_AFTER = re.compile(r"^\s+(?:[\w'’-]+\s+)?(?:livestock|cattle|cows?|goats?|sheep|camels?|animals?|dogs?|"
                            r"chickens?|donkeys?|horses?|head\s+of\s+cattle|pigs?|oxen)\b", re.I)
_SPEAKERS_AFTER = re.compile(r"^\s+(?:(?!(?:and|were|was|killed|dead|died|wounded|injured)\b)[\w'’-]+\s+){1,3}?(?:" + _SPEECH + r")\b", re.I)
_AGE_BEFORE = re.compile(r"\b(?:aged|ages|age|ages\s+of|aged\s+between|between\s+the\s+ages\s+of)\s+"
                         r"(?:\d{1,3}\s*(?:,|and|to|or|-)\s*)*$", re.I)
_SUBSET = re.compile(r"\b(?:including|among them|among whom|of whom|mostly|mainly)\s+(?:at least\s+|about\s+|around\s+)?$", re.I)
# "the ministry, which earlier reported six dead", "the toll, initially put at five": the figure a later
# one replaces, not more dead beside it.
_EARLIER_FIGURE = re.compile(r"\b(?:first|initially|earlier|originally|previously)\s+(?:reported|gave|given|put|said|"
                             r"announced|counted|cited)(?:\s+(?:the\s+)?(?:death\s+)?toll\s+(?:at|as))?\s+"
                             r"(?:at\s+least\s+|about\s+|around\s+|some\s+)?$", re.I)
_LABELLED = re.compile(r"\b(?:fatalities|deaths|death toll|dead|killed)\s*:\s*$", re.I)
_CLAIM_CUE = re.compile(r"\b(?:said|says|claimed|claims|reported|according to|told|stated)\b", re.I)
_CLAUSE_BREAK = re.compile(r",\s*(?:while|whereas|but)\s|;\s*|\s+but\s+|\s+while\s+", re.I)


# The time of an act told against an earlier one: "two days after", "a week since", "hours after".
_LATER_THAN = re.compile(r"\b(?:(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a\s+few|\d+)\s+)?"
                         r"(?:hours?|days?|weeks?|months?|years?)\s+(?:after|since)\b", re.I)


def _strip_names(pattern: str) -> str:
    """The number regex again, with its named groups made anonymous so it can be embedded."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


def _ends_with(rx: re.Pattern, before: str) -> bool:
    """``before`` ends with a match of ``rx`` (then only spaces or a comma)."""
    last = None
    for last in rx.finditer(before):
        pass
    return last is not None and re.fullmatch(r"[\s,]*", before[last.end():]) is not None


@dataclass(frozen=True)
class Tally:
    """What a coder wrote about the count itself: "Unknown number of fatalities coded as 10",
    "Fatalities split between 2 events". ``value`` None: no coded figure, only the split."""

    value: int | None
    divisor: int
    spans: tuple[tuple[int, int], ...]


_SMALL = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_COUNT = r"(?:\d+|" + "|".join(_SMALL) + r")"
# ACLED's conventions (acled-rules.md section 4): a coded figure stands for the reported one, and a
# toll spread over several events, places or days is divided among them.
_CODED_AS = re.compile(rf"\b(?:fatalit(?:y|ies)|deaths?|killed)\s+(?:(?:were|was|are|is|have\s+been|has\s+been)\s+)?"
                       rf"coded\s+as\s+(?P<n>{_COUNT})\b|\bcoded\s+as\s+(?P<n2>{_COUNT})\s+(?:fatalit|deaths?\b)", re.I)
_SPLIT = re.compile(rf"\b(?:fatalit(?:y|ies)|deaths?)\b[^.;\]]{{0,60}}?\b(?:split|spread|distributed|divided)\s+(?:up\s+)?"
                    rf"(?:evenly\s+)?(?:between|across|among|over|into)\s+(?P<k>{_COUNT})\s+[a-z]+"
                    rf"(?:\s+(?:in|and|over|across)\s+(?P<k2>{_COUNT})\s+(?:days|events|locations))?"
                    rf"(?:\s*\((?P<each>\d+)\))?", re.I)


# A note that closes on its toll: "... 3 fatalities."
_CLOSING = re.compile(rf"(?:^|[.!?\]])\s*(?:\(?\s*total\s+of\s+)?(?P<n>{_COUNT})\s+fatalit(?:y|ies)\s*\)?\s*\.?\s*$", re.I)


def _count(word: str | None) -> int | None:
    if not word:
        return None
    return int(word) if word.isdigit() else _SMALL.get(word.lower())


def coder_tally(text: str) -> Tally | None:
    """The count as a coder's note codes it, when the note says so (the notes ACLED publishes)."""
    coded = None
    spans = []
    for m in _CODED_AS.finditer(text):
        coded = _count(m.group("n") or m.group("n2"))
        spans.append(m.span())
    if coded is None:
        m = _CLOSING.search(text.rstrip())
        if m:
            coded = _count(m.group("n"))
            spans.append(m.span("n"))
    divisor = 1
    m = _SPLIT.search(text)
    if m and m.group("each"):
        coded = int(m.group("each"))  # "split across 2 events (7)": this event's share, written out
        spans.append(m.span())
    elif m:
        divisor = max(1, (_count(m.group("k")) or 1) * (_count(m.group("k2")) or 1))
        spans.append(m.span())
    if coded is None and divisor == 1:
        return None
    return Tally(coded, divisor, tuple(spans))


@lru_cache(maxsize=1)
def fatality_reader() -> FatalityReader:
    return FatalityReader()


def extract_fatalities(text: str, window: tuple[int, int]) -> Fatalities:
    """Deaths reported in ``text[window]``.

    Sums different victim groups in one statement ("killed 3 soldiers and 2 civilians" = 5), takes
    the lowest of conflicting statements, counts injured apart, and gives 0 for "casualties" with no
    deaths. A statement covering a region or period ("over the past week has killed ...") is an
    aggregate: if only aggregates are found, ``aggregate`` is True and the value is theirs, not an event's.
    Deaths reported with no number ("several soldiers were killed") give ``UNKNOWN_DEATHS``.
    """
    sts = fatality_reader().statements(text, window)
    event = [st for st in sts if st.deaths and not st.aggregate]
    agg = [st for st in sts if st.deaths and st.aggregate]
    injured_vals = [sum(f.value or 0 for f in st.injured) for st in sts if st.injured]
    injured = min(injured_vals) if injured_vals else None
    chosen, aggregate = (event, False) if event else (agg, bool(agg))
    if not chosen:
        details = "casualties reported without deaths" if any(st.casualties_only for st in sts) else (
            "no deaths reported" if any(st.negated for st in sts) else "")
        return Fatalities(0, [], False, injured, details)
    reached = 0
    for st in chosen:
        for f in st.deaths:
            n = ordinal_reached(text[f.start:f.end])
            if n:
                # "A fifth soldier died of his wounds": one more death, bringing the count to five.
                f.value, f.total = n, True
                reached = max(reached, n)
    totals = [(st.death_total, st) for st in chosen]
    known = [(v, st) for v, st in totals if v is not None]
    if known:
        value = max(_combine(known), reached)
        unknown = False
    else:
        value, unknown = UNKNOWN_DEATHS, True
    spans = [(f.start, f.end) for st in chosen for f in st.deaths]
    parts = []
    for st in chosen:
        for f in st.deaths:
            words = text[f.start:f.end]
            q = f.qualifier if f.qualifier and not words.lower().startswith(f.qualifier) else None
            parts.append(f"{q + ' ' if q else ''}{words}")
    details = "; ".join(parts)
    if unknown:
        details += " (number unknown)"
    if len(known) > 1:
        how = "lowest" if value == min(v for v, _ in known) else "one more, by its ordinal" if value == reached else "summed"
        details += " (conflicting or separate reports; " + how + ")"
    return Fatalities(value, spans, aggregate, injured, details, reached)


_ORDINALS = ("second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth")
_ORDINAL_DEATH = re.compile(r"(?:a|the)\s+(" + "|".join(_ORDINALS) + r")\b", re.I)


def ordinal_reached(words: str) -> int:
    """The count a death told by its ordinal reaches ("A fifth soldier died": 5), else 0."""
    o = _ORDINAL_DEATH.match(words)
    return _ORDINALS.index(o.group(1).lower()) + 2 if o else 0


def _combine(known: list[tuple[int, Statement]]) -> int:
    """Several statements: the lowest when they count the same victims (conflicting reports), else their sum."""
    if len(known) == 1:
        return known[0][0]
    groups = [_victim_key(st) for _, st in known]
    if any(not g for g in groups) or len(set().union(*groups)) < sum(len(g) for g in groups):
        return min(v for v, _ in known)
    return sum(v for v, _ in known)


_GENERIC_VICTIMS = {"people", "persons", "individuals", "victims", "others", ""}


def _victim_key(st: Statement) -> set[str]:
    keys = set()
    for f in st.deaths:
        noun = f.victims.split()[-1].lower() if f.victims else ""
        if noun in _GENERIC_VICTIMS:
            return set()
        keys.add(noun.rstrip("s"))
    return keys
