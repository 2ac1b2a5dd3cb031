"""Numbers written in news reports: "1,200", "at least 13", "13-15", "two dozen", "hundreds of"."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import alternation, lexicon


@dataclass(frozen=True)
class Number:
    start: int
    end: int
    value: int | None  # None: a vague quantity with no conventional value ("several")
    qualifier: str | None  # "at least", "more than", ... as written
    vague: bool


class NumberReader:
    def __init__(self):
        lex = lexicon("numbers")
        self.units, self.tens, self.scales = lex["units"], lex["tens"], lex["scales"]
        self.fixed, self.vague = lex["fixed"], lex["vague"]
        word = [w for w in list(self.units) + list(self.tens) + list(self.scales) if w not in ("a", "an", "no", "couple", "pair", "single")]
        word_alt = "|".join(sorted(word, key=len, reverse=True))
        words_seq = rf"(?:{word_alt})(?:(?:\s+and\s+|[\s-]+)(?:{word_alt}))*"
        digits = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
        scale_alt = "|".join(self.scales)
        core = (rf"(?P<fixed>{alternation(self.fixed, False)})(?![\w-])"
                rf"|(?P<vague>{alternation(self.vague, False)})(?![\w-])(?:\s+of)?"
                rf"|(?P<digits>{digits})(?:\s*(?P<dscale>{scale_alt}))?(?![\w])"
                rf"|(?P<words>{words_seq})(?![\w-])")
        qual = alternation(lex["qualifiers"], False)
        rng = rf"(?:\s*(?:-|–|to|or)\s*|\s+and\s+)(?P<hi>{digits}|{word_alt})"
        self.regex = re.compile(
            rf"(?<![\w,.])(?:(?P<qual>{qual})\s+)?(?:between\s+)?(?:{core})(?:{rng})?", re.I)

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Number]:
        end = len(text) if end is None else end
        out = []
        for m in self.regex.finditer(text, start, end):
            n = self._value(m)
            if n is not None:
                out.append(n)
        return out

    def _value(self, m: re.Match) -> Number | None:
        qual = m.group("qual").lower() if m.group("qual") else None
        if m.group("fixed"):
            return Number(m.start(), m.end(), self.fixed[_norm(m.group("fixed"))], qual, False)
        if m.group("vague"):
            v = self.vague[_norm(m.group("vague"))]
            return Number(m.start(), m.end(), v, qual, True)
        if m.group("digits"):
            if m.group("hi") is None and re.fullmatch(r"(1[89]|20)\d\d", m.group("digits")) and not m.group("dscale"):
                return None  # a year, not a count
            v = float(m.group("digits").replace(",", ""))
            if m.group("dscale"):
                v *= self.scales[m.group("dscale").lower()]
            return Number(m.start(), m.end(), int(v), qual, False)
        v = self.words_value(m.group("words"))
        return None if v is None else Number(m.start(), m.end(), v, qual, False)

    def words_value(self, s: str) -> int | None:
        total, current = 0, 0
        for w in re.split(r"[\s-]+", s.lower()):
            if w == "and":
                continue
            if w in self.units:
                current += self.units[w]
            elif w in self.tens:
                current += self.tens[w]
            elif w in self.scales:
                scale = self.scales[w]
                if scale == 100:
                    current = max(current, 1) * 100
                else:
                    total += max(current, 1) * scale
                    current = 0
            else:
                return None
        return total + current


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.lower().strip())


@lru_cache(maxsize=1)
def number_reader() -> NumberReader:
    return NumberReader()
