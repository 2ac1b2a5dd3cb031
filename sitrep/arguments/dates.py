"""Event dates from explicit dates and from words relative to the publication date (acled-rules.md section 6)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import alternation, lexicon


SMALL_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                  "nine": 9, "ten": 10}


@dataclass(frozen=True)
class DateResolution:
    """An event date and how it was read.

    precision: 1 a day, 2 a week (``date`` is its middle), 3 a month (mid-month).
    span: the words giving the date; basis: "explicit date", "relative to publication date", ...
    date_from/date_to: the range the words cover.
    """

    date: dt.date
    precision: int
    span: tuple[int, int] | None
    basis: str
    date_from: dt.date
    date_to: dt.date
    hedged: bool = False  # a stated day or range, coded at a coarser precision: ranks as a stated day
    reported: bool = False  # the day a source spoke ("police said on Tuesday"): the event's only if no other


class DateReader:
    def __init__(self):
        lex = lexicon("dates")
        self.months: dict[str, int] = lex["months"]
        self.weekdays: dict[str, int] = lex["weekdays"]
        self.day_offsets: dict[str, int] = lex["day_offsets"]
        self.weeks: dict[str, str] = lex["weeks"]
        self.months_rel: dict[str, int | None] = lex["months_relative"]
        month = r"(?P<{0}>" + "|".join(sorted(self.months, key=len, reverse=True)) + r")\.?"
        day = r"(?P<{0}>[0-3]?\d)(?:st|nd|rd|th)?"
        year = r"(?P<{0}>(?:19|20)\d\d)"
        self.explicit = re.compile(
            rf"\b(?:{month.format('m1')}\s+{day.format('d1')}(?![\d:])(?:,?\s+{year.format('y1')})?"
            rf"|{day.format('d2')}\s+(?:of\s+)?{month.format('m2')}(?:,?\s+{year.format('y2')})?"
            rf"|(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)"
            rf"|(?<![\d/])(?<!\d\.)(?P<nd>[0-3]?\d)(?P<sep>[/.])(?P<nm>[01]?\d)(?P=sep)(?P<ny>(?:19|20)\d\d)(?![\d/]|\.\d)"
            rf"|(?P<mpart>early|mid|mid-|late|the end of|the beginning of|the start of|the middle of)?\s*{month.format('m3')}\s*,?\s+{year.format('y3')}"
            rf"|(?:(?:in|during|at|by|from|until|since)\s+)?(?P<mpart2>early|mid-|mid|late|the\s+end\s+of|the\s+beginning\s+of|"
            rf"the\s+start\s+of|the\s+middle\s+of)\s*{month.format('m4')}(?!\s*\d)"
            rf"|(?:in|during)\s+{month.format('m5')}(?!\s*\d))\b", re.I)
        wd = "|".join(self.weekdays)
        parts = "|".join(lex["day_parts"])
        self.weekday = re.compile(
            rf"\b(?P<pre>last|this|on|early|late|early on|late on|since|until|by|next|from)?\s*(?P<wd>{wd})"
            rf"(?:\s+(?:{parts}))?\b", re.I)
        self.offsets = re.compile(alternation(self.day_offsets), re.I)
        self.weeks_re = re.compile(alternation(self.weeks), re.I)
        self.months_rel_re = re.compile(alternation(self.months_rel), re.I)
        self.weeks_ago = re.compile(r"\b(?P<n>a|one|two|three|\d)\s+weeks?\s+(?:ago|earlier)\b", re.I)
        self.day_only = re.compile(r"\bon\s+the\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?(?:" + "|".join(self.months) + r"))", re.I)
        # "Two years ago today": an anniversary names the day of the past act, not the news's today.
        self.years_ago_today = re.compile(
            r"\b(?P<n>a|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+years?\s+ago\s+"
            r"(?:today|this\s+week|this\s+month|this\s+weekend|tonight)\b", re.I)
        self.days_ago = re.compile(r"\b(?P<n>two|three|four|five|six|\d)\s+days\s+(?:ago|earlier|before)\b", re.I)
        d = r"[0-3]?\d(?:st|nd|rd|th)?"
        self.day_range = re.compile(
            rf"\b(?:between\s+(?P<a1>{d})(?:\s+{month.format('n1')})?\s+(?:and|to)\s+"
            rf"|from\s+(?P<a2>{d})(?:\s+{month.format('n2')})?\s+(?:to|until|till)\s+"
            rf"|(?P<a3>{d})(?:\s+{month.format('n3')})?\s*[-–]\s*"
            rf"|(?P<night>night\s+of\s+(?:the\s+)?)(?P<a4>{d})(?:\s+{month.format('n5')})?\s*(?:to|into|and|/|[-–])\s*)"
            rf"(?P<b>{d})\s+(?:of\s+)?{month.format('n4')}(?:,?\s+{year.format('yr')})?\b", re.I)
        self.blocked_before = re.compile(r"(?:" + alternation(lex["not_event_date_before"]) + r")\s*(?:the\s+)?$", re.I)

    # ------------------------------------------------------------------
    def candidates(self, text: str, window: tuple[int, int], published: dt.date | None) -> list[DateResolution]:
        s, e = window
        out: list[DateResolution] = []
        taken: list[tuple[int, int]] = []
        for m in self.day_range.finditer(text, s, e):
            r = self._range(m, published)
            if r is not None:
                out.append(r)
                taken.append(m.span())
        for m in self.explicit.finditer(text, s, e):
            if self._blocked(text, s, m.start()) or _inside(m.span(), taken):
                continue
            r = self._explicit(m, published)
            if r is not None and r.span is not None:
                lead = len(text[r.span[0]:r.span[1]]) - len(text[r.span[0]:r.span[1]].lstrip())
                r = DateResolution(r.date, r.precision, (r.span[0] + lead, r.span[1]), r.basis, r.date_from, r.date_to)
                if r.precision == 1:
                    r = _approximate(text, r)
                out.append(r)
                taken.append(m.span())
        if published is None:
            return out
        for m in self.years_ago_today.finditer(text, s, e):
            n = SMALL_NUMBERS.get(m.group("n").lower()) or int(m.group("n"))
            try:
                d = published.replace(year=published.year - n)
            except ValueError:  # 29 February
                d = published.replace(year=published.year - n, day=28)
            out.append(DateResolution(d, 1, m.span(), "anniversary relative to publication date", d, d))
            taken.append(m.span())
        named_days: list[int] = [a for a, _ in taken]  # where an explicit date or a weekday starts
        for m in self.weekday.finditer(text, s, e):
            if _inside(m.span(), taken):
                continue
            named_days.append(m.start("wd"))
            pre = (m.group("pre") or "").lower()
            # "the toll from Tuesday's blast", "since Sunday's attack": a possessive day is the day of
            # the act it qualifies, whatever word comes before it.
            possessive = text.startswith(("'s", "’s"), m.end("wd"))
            # "fought from Monday afternoon into the night": a stretch that starts and ends within one day
            # (its night is that day's, as in "the night of 4 to 5 June") is an act of that day.
            one_day = pre == "from" and _INTO_ITS_NIGHT.match(text, m.end("wd"), e) is not None
            if not possessive and not one_day and (pre in ("since", "until", "by", "next", "from")
                                                   or self._blocked(text, s, m.start())):
                continue
            if possessive and pre in ("since", "until", "by", "next", "from", "on"):
                pre = ""
            target = self.weekdays[m.group("wd").lower()]
            back = (published.weekday() - target) % 7
            if pre == "last" and back == 0:
                back = 7
            d = published - dt.timedelta(days=back)
            out.append(_reporting(text, s, m.start(), DateResolution(
                d, 1, m.span("wd") if not pre or possessive else m.span(), "relative to publication date", d, d)))
            if possessive:
                out[-1] = _possessive(out[-1])
        for m in self.offsets.finditer(text, s, e):
            if _inside(m.span(), taken):
                continue
            joined = _JOINS_DAY.match(text, m.end())
            if joined is not None and joined.end() in named_days:
                # "overnight on Tuesday", "late last night, 4 May": the part of the day that the named
                # day is told in, not a day counted back from the report's.
                continue
            d = published + dt.timedelta(days=self.day_offsets[_norm(m.group())])
            out.append(_reporting(text, s, m.start(), DateResolution(d, 1, m.span(), "relative to publication date", d, d)))
        for m in self.days_ago.finditer(text, s, e):
            n = SMALL_NUMBERS.get(m.group("n").lower()) or int(m.group("n"))
            d = published - dt.timedelta(days=n)
            out.append(DateResolution(d, 1, m.span(), "relative to publication date", d, d))
        for m in self.weeks_ago.finditer(text, s, e):
            n = SMALL_NUMBERS.get(m.group("n").lower()) or int(m.group("n"))
            mid = published - dt.timedelta(days=7 * n)
            out.append(DateResolution(mid, 2, m.span(), "week relative to publication date",
                                      mid - dt.timedelta(days=3), mid + dt.timedelta(days=3)))
        for m in self.day_only.finditer(text, s, e):
            day = int(m.group("d"))
            y, mo = published.year, published.month
            if day > published.day:
                y, mo = (y - 1, 12) if mo == 1 else (y, mo - 1)
            try:
                d = dt.date(y, mo, day)
            except ValueError:
                continue
            out.append(DateResolution(d, 1, m.span(), "day of month relative to publication date", d, d))
        for m in self.weeks_re.finditer(text, s, e):
            if self._blocked(text, s, m.start()):
                continue
            lo, hi = _week_range(self.weeks[_norm(m.group())], published)
            mid = lo + dt.timedelta(days=((hi - lo).days) // 2)
            out.append(DateResolution(mid, 2, m.span(), "week relative to publication date", lo, hi))
        for m in self.months_rel_re.finditer(text, s, e):
            shift = self.months_rel[_norm(m.group())]
            if shift is None:
                continue
            y, mo = published.year, published.month + shift
            if mo < 1:
                y, mo = y - 1, mo + 12
            lo, hi = _month_range(y, mo)
            if shift == 0:
                hi = published
            mid = dt.date(y, mo, 15) if shift else lo + dt.timedelta(days=(hi - lo).days // 2)
            out.append(DateResolution(mid, 3, m.span(), "month relative to publication date", lo, hi))
        return out

    def _blocked(self, text: str, s: int, pos: int) -> bool:
        return bool(self.blocked_before.search(text[max(s, pos - 20):pos]))

    def _range(self, m: re.Match, published: dt.date | None) -> DateResolution | None:
        """"Between 1 and 3 May", "from 30 April to 2 May", "3-4 May": the day is not known, so
        the last day of the range at the precision of a week (as ACLED codes "(between 30 April
        and 2 May)")."""
        g = m.groupdict()
        month_hi = self.months[g["n4"].lower()]
        first = g["n1"] or g["n2"] or g["n3"] or g["n5"]
        month_lo = self.months[first.lower()] if first else month_hi
        day_lo = int(re.match(r"\d+", g["a1"] or g["a2"] or g["a3"] or g["a4"]).group())
        day_hi = int(re.match(r"\d+", g["b"]).group())
        if g["yr"]:
            year = int(g["yr"])
        elif published is not None:
            year = _infer_year(published, month_hi, day_hi)
        else:
            return None
        try:
            hi = dt.date(year, month_hi, day_hi)
            lo = dt.date(year - (month_lo > month_hi), month_lo, day_lo)
        except ValueError:
            return None
        if not dt.timedelta(0) < hi - lo <= dt.timedelta(days=31):
            return None
        if g["night"]:
            # "The night of 4 to 5 June", "the night of 21/22 October": one night across two dates, which
            # ACLED dates by its first day (a development note: "the night of 2 and 3 May" coded 2 May).
            if hi - lo != dt.timedelta(days=1):
                return None
            return DateResolution(lo, 1, m.span(), "night across two dates", lo, lo)
        basis = "explicit range" if published is not None else "explicit range; no publication date"
        return DateResolution(hi, 2, m.span(), basis, lo, hi, hedged=True)

    def _explicit(self, m: re.Match, published: dt.date | None) -> DateResolution | None:
        g = m.groupdict()
        basis = "explicit date" if published is not None else "explicit date; no publication date"
        if g["iso"]:
            try:
                d = dt.date.fromisoformat(g["iso"])
            except ValueError:
                return None
            return DateResolution(d, 1, m.span(), basis, d, d)
        if g["ny"]:
            d = _numeric_date(int(g["nd"]), int(g["nm"]), int(g["ny"]), published)
            return None if d is None else DateResolution(d, 1, m.span(), basis + "; numeric", d, d)
        mon = g["m1"] or g["m2"]
        if mon:
            day = int(g["d1"] or g["d2"])
            year = g["y1"] or g["y2"]
            month = self.months[mon.lower()]
            if year is None:
                if published is None:
                    return None  # a day and month without a year cannot be placed: never invent one
                year = _infer_year(published, month, day)
            try:
                d = dt.date(int(year), month, day)
            except ValueError:
                return None
            return DateResolution(d, 1, m.span(), basis, d, d)
        mon = g["m3"] or g["m4"] or g["m5"]
        if mon is None or (g["m5"] and mon.lower() == "may"):
            return None  # "in may" is too often the verb
        month = self.months[mon.lower()]
        if g["y3"]:
            year = int(g["y3"])
        elif published is not None:
            year = _infer_year(published, month, 1)
        else:
            return None
        lo, hi = _month_range(year, month)
        # "at the beginning of April", "in early April": the part of the month the act fell in.
        part = " ".join((g.get("mpart") or g.get("mpart2") or "").lower().split())
        mid = dt.date(year, month, 15)
        if part in ("early", "the beginning of", "the start of"):
            mid = lo
        elif part in ("late", "the end of"):
            mid = hi
        return DateResolution(mid, 3, m.span(), basis, lo, hi)


# "Around 8 May 2020 (as reported)", "On 2 May 2020 (or around)", "(week of)": the day a source gives
# with a hedge is coded as that day, at the precision of a week; "(month of)" at that of a month.
_HEDGE_BEFORE = re.compile(r"\b(?:on\s+or\s+(?:around|about)|around|about|circa|as\s+reported\s+on|reported\s+on)\s*$", re.I)
_HEDGE_AFTER = re.compile(r"^\s*(?:\((?P<what>or\s+around|as\s+reported|week\s+of|month\s+of|or\s+about)\)|,?\s+or\s+around\b)", re.I)


_INTO_ITS_NIGHT = re.compile(r"(?:\s+(?:morning|afternoon|evening))?\s+(?:into|until|till|through)\s+(?:the\s+)?"
                             r"(?:late\s+)?(?:night|evening|small\s+hours|early\s+hours|midnight)\b", re.I)


def _approximate(text: str, r: DateResolution) -> DateResolution:
    start, end = r.span
    after = _HEDGE_AFTER.match(text[end:end + 24])
    if after and (after.group("what") or "").lower().startswith("month"):
        lo, hi = _month_range(r.date.year, r.date.month)
        return DateResolution(r.date, 3, r.span, r.basis + ", month of", lo, hi, hedged=True)
    if after or _HEDGE_BEFORE.search(text[max(0, start - 24):start]):
        return DateResolution(r.date, 2, r.span, r.basis + ", approximate", r.date - dt.timedelta(days=3),
                              r.date + dt.timedelta(days=3), hedged=True)
    return r


# "the ministry said on Tuesday", "told reporters yesterday": the day the source spoke, which a
# follow-up report gives beside the day of the act ("Sunday's bombing"). A statement's day is the
# day its author spoke or reacted ("speaking today, the minister condemned the shelling on Monday").
_REPORTING_BEFORE = re.compile(
    r"\b(?:speaking|spoke|condemned|condemns|welcomed|welcomes|said|says|told\s+(?:[\w-]+\s+){0,2}?[\w-]+|announced|reported|confirmed|stated|added|claimed|"
    r"denied|wrote|posted|tweeted|(?:in|at)\s+a\s+(?:statement|briefing|press\s+conference))\s*(?:on\s*)?$", re.I)


# "they buried 23 people on Monday", "the victims were laid to rest on Monday": the day of the burial,
# which reports give beside the day of the act ("after gunmen stormed the village on Sunday").
_AFTERMATH_BEFORE = re.compile(
    r"\b(?:buried|burying|bury|laid\s+to\s+rest|funerals?(?:\s+(?:was|were)\s+held)?)\s+(?:[\w'’-]+\s+){0,4}?(?:on\s*)?$", re.I)


# "the number killed in the bombings rose to 31 on Thursday": the day the toll was revised, as more of the
# wounded died, not the day of the act; a follow-up gives both.
_REVISED_BEFORE = re.compile(
    r"\b(?:rose|risen|climbed|jumped|increased|grew|mounted|reached)\s+to\s+(?:at\s+least\s+|more\s+than\s+)?"
    r"[\w,.]+(?:\s+(?:people|dead|deaths|victims))?\s+(?:on\s*)?$", re.I)


def _reporting(text: str, s: int, start: int, r: DateResolution) -> DateResolution:
    floor = max(s, start - 40)
    before = text[floor:start]
    said = _REPORTING_BEFORE.search(before)
    if said or _AFTERMATH_BEFORE.search(before) or _REVISED_BEFORE.search(before):
        # The evidence of a day of speaking holds its verb ("said on Saturday"): whoever reads the date
        # (the cross-report merge) sees that the act was that day or before it.
        span = (floor + said.start(), r.span[1]) if said and r.span else r.span
        return DateResolution(r.date, r.precision, span, r.basis + ", day of the report", r.date_from, r.date_to,
                              r.hedged, reported=True)
    return r


def _possessive(r: DateResolution) -> DateResolution:
    return DateResolution(r.date, r.precision, r.span, r.basis, r.date_from, r.date_to, r.hedged, reported=False)


def _numeric_date(first: int, second: int, year: int, published: dt.date | None) -> dt.date | None:
    """"13/04/2025", "04.05.2025": day first, as police and army releases write it in most of the world.
    Where both orders make a date, the reading on or before publication (a week's grace) and nearest to
    it wins, since a report dates acts it has seen; without a publication date, day first."""
    readings = []
    for day, month in ((first, second), (second, first)):
        try:
            readings.append(dt.date(year, month, day))
        except ValueError:
            pass
    if not readings:
        return None
    if published is not None:
        seen = [d for d in readings if d <= published + dt.timedelta(days=7)]
        if seen:
            return max(seen)
    return readings[0]


def _infer_year(published: dt.date, month: int, day: int) -> int:
    """The year that puts a day-and-month on or before publication (a week's grace for reporting lag)."""
    try:
        cand = dt.date(published.year, month, min(day, 28) if month == 2 and day > 28 else day)
    except ValueError:
        return published.year
    return published.year - 1 if cand > published + dt.timedelta(days=7) else published.year


def _week_range(kind: str, pub: dt.date) -> tuple[dt.date, dt.date]:
    monday = pub - dt.timedelta(days=pub.weekday())
    if kind in ("current", "current_before"):
        if pub.weekday() == 0:
            return pub - dt.timedelta(days=6), pub  # on a Monday, "this week" is the week behind
        hi = pub - dt.timedelta(days=1) if kind == "current_before" else pub
        return monday, hi
    if kind == "previous":
        return monday - dt.timedelta(days=7), monday - dt.timedelta(days=1)
    if kind == "weekend":
        sat = pub - dt.timedelta(days=(pub.weekday() - 5) % 7)
        return sat, min(pub, sat + dt.timedelta(days=1))
    return pub - dt.timedelta(days=7), pub - dt.timedelta(days=1)


def _month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    lo = dt.date(year, month, 1)
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return lo, nxt - dt.timedelta(days=1)


_JOINS_DAY = re.compile(r"(?:\s+on|,)?\s+(?:the\s+)?", re.I)


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a <= span[0] and span[1] <= b or (span[0] < b and a < span[1]) for a, b in spans)


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.lower().strip())


@lru_cache(maxsize=1)
def date_reader() -> DateReader:
    return DateReader()


def resolve_date(text: str, window: tuple[int, int], published: dt.date | None,
                 fallback_published: bool = False) -> DateResolution | None:
    """The event date the words in ``text[window]`` give.

    Prefers the most precise expression (a day over a week over a month), then the first. Relative
    words ("on Saturday", "this week", "yesterday") need ``published``; without it only explicit dates
    count, their basis says "no publication date", and None is returned when there is none (a date is
    never invented). ``fallback_published``: with no date words, the publication date (basis says so).
    """
    cands = date_reader().candidates(text, window, published)
    if cands:
        return sorted(cands, key=lambda r: (r.reported, 1 if r.hedged else r.precision, not r.basis.startswith("explicit"),
                                            r.span[0] if r.span else 0))[0]
    if fallback_published and published is not None:
        return DateResolution(published, 1, None, "publication date (no date words)", published, published)
    return None
