"""Figures a report quotes: aggregate death tolls and humanitarian counts, each with who claimed it."""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from ..actors.text import sentences
from ..model import Claim, Span
from .attribution import claimant_for, find_attributions
from .dates import resolve_date
from .fatalities import fatality_reader
from .lexicon import alternation, lexicon
from .numbers import number_reader

_CLAUSE = re.compile(r",\s+(?=(?:bringing|taking|raising|pushing|while|whereas|and|but|which|as|with)\b"
                     r"|(?:half|most|many|some|all|none|two-thirds|a third|a quarter|one in \w+) of (?:whom|them)\b)|;\s+|\s+while\s+")
_PLACE = re.compile(r"\b(?:in|across|from|throughout|inside)\s+((?:(?:the\s+)?(?:north|south|east|west|northern|southern|eastern|western|central|"
                    r"northeast|northwest|southeast|southwest|northeastern|northwestern|southeastern|southwestern)(?:ern)?\s+)?"
                    r"[A-Z][\w'’-]*(?:\s+(?:and\s+(?:in\s+)?(?:the\s+)?(?:[a-z]+\s+)?)?[A-Z][\w'’-]*)*)")


class FigureReader:
    def __init__(self):
        lex = lexicon("figures")
        self.kinds = {k: re.compile(alternation(v), re.I) for k, v in lex["kinds"].items()}
        self.rates = lex["rates"]
        self.rate_re = re.compile(alternation(self.rates), re.I)
        self.unit_re = re.compile(r"^\s*(?:of\s+)?(?:(?:the|their|displaced|more|newly|internally)\s+)*(" + alternation(lex["units"], False) + r")\b", re.I)
        self.unit_any = re.compile(alternation(lex["units"]), re.I)
        self.period_re = re.compile("|".join(f"(?:{p})" for p in lex["period_patterns"]), re.I)
        months = lexicon("dates")["months"]
        self.months = {m.capitalize() for m in months}

    def read(self, text: str, published: dt.date | None = None, attributions=None) -> list[Claim]:
        if attributions is None:
            attributions = find_attributions(text)
        out: list[Claim] = []
        for s, e in sentences(text):
            claimant = claimant_for(attributions, s, e)
            out.extend(self._fatalities(text, s, e, claimant))
            out.extend(self._humanitarian(text, s, e, claimant))
        if published is not None:
            for c in out:
                c.period = _dated(c.period, published)
        return out

    def _fatalities(self, text: str, s: int, e: int, claimant: str | None) -> list[Claim]:
        st = fatality_reader().statement(text, s, e)
        if st is None or not st.deaths or not st.aggregate:
            return []
        total = st.death_total
        detail = " and ".join(text[f.start:f.end] for f in st.deaths)
        seg = text[s:e]
        return [Claim("fatalities", total if total is not None else None, claimant, Span(s, e, seg), unit="deaths",
                      qualifier=_qualifier(st.deaths[0].qualifier), detail=detail, place=self._place(seg),
                      period=self._period(seg), aggregate=True)]

    def _humanitarian(self, text: str, s: int, e: int, claimant: str | None) -> list[Claim]:
        out = []
        sent = text[s:e]
        bounds = [0] + [m.end() for m in _CLAUSE.finditer(sent)] + [len(sent)]
        for lo, hi in zip(bounds, bounds[1:]):
            clause = sent[lo:hi]
            kind = next((k for k, rx in self.kinds.items() if rx.search(clause)), None)
            if kind is None:
                continue
            for n in number_reader().find(clause):
                if n.value is None or n.vague:
                    continue
                after = clause[n.end:]
                unit = self.unit_re.match(after)
                rate = self.rate_re.search(clause)
                quals = [q for q in (_qualifier(n.qualifier), self.rates[_norm(rate.group())] if rate else None) if q]
                unit_word = unit.group(1).lower() if unit else None
                if unit_word is None:
                    # "the number of displaced children ... to more than 300,000": the unit comes first
                    before = list(self.unit_any.finditer(clause, 0, n.start))
                    unit_word = before[-1].group().lower() if before and self.kinds[kind].search(clause[:n.start]) else None
                if unit_word is None and not self.kinds[kind].search(after[:40]):
                    continue  # a number not counting people ("3 camps", "70 percent")
                if re.match(r"\s*(?:percent|per cent|%|km|kilomet|mile|year|day|week|month|hour)", after, re.I):
                    continue
                out.append(Claim(kind, n.value, claimant, Span(s + lo, s + hi, clause), unit=unit_word or "people",
                                 qualifier=", ".join(quals) or None, detail=clause.strip(), place=self._place(clause),
                                 period=self._period(clause), aggregate=True))
        return out

    def _place(self, seg: str) -> str | None:
        for m in _PLACE.finditer(seg):
            name = m.group(1)
            if name.split()[0] not in self.months:
                return name
        return None

    def _period(self, seg: str) -> str | None:
        m = self.period_re.search(seg)
        return m.group() if m else None


def _dated(period: str | None, published: dt.date) -> str | None:
    """"over the past week" -> "over the past week (2020-01-25/2020-01-31)", read against the publication date."""
    if not period:
        return period
    since = period.lower().startswith("since ")
    words = period[6:] if since else period
    r = resolve_date(words, (0, len(words)), published)
    if r is None:
        return period
    lo, hi = r.date_from, (published if since else r.date_to)
    return f"{period} ({lo.isoformat()}/{hi.isoformat()})"


def _qualifier(q: str | None) -> str | None:
    return q.lower() if q and q.lower() not in ("a total of", "some") else (q.lower() if q else None)


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.lower().strip())


@lru_cache(maxsize=1)
def figure_reader() -> FigureReader:
    return FigureReader()


def extract_figures(text: str, published: dt.date | None = None, attributions=None) -> list[Claim]:
    """Aggregate death tolls (kind "fatalities", aggregate=True) and humanitarian figures
    (kinds "displacement", "refugees", "in_need") with value, unit, qualifier ("more than", "daily"),
    place and period as written, and the claimant; ``span`` is the sentence or clause.
    ``attributions``: ``find_attributions(text)``, when the caller has them already."""
    return figure_reader().read(text, published, attributions)
