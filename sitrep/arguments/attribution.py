"""Who claims what: "SANA said", "according to the Observatory", "it said" (the claimant named before)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..actors.text import sentences
from .lexicon import alternation, lexicon


@dataclass(frozen=True)
class Attribution:
    """``claimant`` says what ``text[start:end]`` says; the cue ("SANA said") is at ``cue_start:cue_end``.

    ``inherited``: no cue in this sentence; it continues the claim of the sentence before in reported speech.
    """

    claimant: str
    start: int
    end: int
    cue_start: int
    cue_end: int
    inherited: bool = False


class AttributionReader:
    def __init__(self):
        lex = lexicon("attribution")
        verbs = alternation(lex["verbs"], False)
        self.verb = re.compile(rf"(?<![\w-])(?:{verbs})(?![\w-])", re.I)
        self.according = re.compile(alternation(lex["according_to"]) + r"\s+", re.I)
        self.pronouns = {p.lower() for p in lex["pronouns"]}
        self.np_stop = {w.lower() for w in lex["np_stop"]}
        self.reported = [m.lower() for m in lex["reported_speech_markers"]]
        self.unnamed = lex["unnamed"]
        self.unnamed_re = re.compile(alternation(self.unnamed), re.I)

    def find(self, text: str) -> list[Attribution]:
        out: list[Attribution] = []
        last_named: str | None = None
        prev: Attribution | None = None
        for s, e in sentences(text):
            found = self._in_sentence(text, s, e, last_named)
            if found:
                out.extend(found)
                for a in found:
                    if not _is_pronoun(a.claimant, self.pronouns):
                        last_named = a.claimant
                prev = found[-1]
            elif prev is not None and "\n\n" not in text[prev.end:s] and self._reported_speech(text[s:e]):
                a = Attribution(prev.claimant, s, e, prev.cue_start, prev.cue_end, inherited=True)
                out.append(a)
                prev = a
            else:
                prev = None
        return out

    def _reported_speech(self, sent: str) -> bool:
        low = " " + sent.lower() + " "
        return any(m in low for m in self.reported)

    def _in_sentence(self, text: str, s: int, e: int, last_named: str | None) -> list[Attribution]:
        out = []
        for m in self.according.finditer(text, s, e):
            np_end = _np_end(text, m.end(), e)
            raw = text[m.end():np_end]
            # "according to sources in Mosul": people and where they are
            if _PEOPLE_WORD.search(raw) and (place := _AT_PLACE.match(text, np_end, e)):
                np_end = place.end()
                raw = text[m.end():np_end]
            name = self._name(raw)
            if name:
                out.append(Attribution(self._resolve(name, text, s, m.start(), last_named), s, e, m.start(), np_end))
        for m in self.verb.finditer(text, s, e):
            if any(a.cue_start <= m.start() < a.cue_end for a in out):
                continue
            np_start, raw = self._np_before(text, s, m.start())
            # "our sources in Dikwa report": the place ends the phrase, the people before it are the claimant
            lead = _BEFORE_PLACE.search(text[s:np_start]) if raw[:1].isupper() else None
            if lead is not None:
                head_start, head = self._np_before(text, s, s + lead.start())
                if head and (head.split()[-1][:1].islower() or _PEOPLE_WORD.search(head)):
                    np_start, raw = head_start, text[head_start:np_start] + raw
            if raw and self._is_claimant(raw):
                name = self._name(raw)
                # "The Observatory, a Britain-based monitor, said": the name before the apposition
                app = _APPOSED.fullmatch(text[s:np_start]) if re.match(r"(?:an?|the)\s+.*\b[a-z][\w-]*\s*,?\s*$", raw) else None
                if app is not None and app.group(2).lower() not in _NOT_NAMES:
                    np_start, name = s + app.start(1), self._clean(app.group(1))
                out.append(Attribution(self._resolve(name, text, s, np_start, last_named), s, e, np_start, m.end()))
                continue
            # inverted: ", said the Syrian Observatory." / "said SANA"
            after_end = _np_end(text, m.end(), e)
            after = text[m.end():after_end]
            if text[max(s, m.start() - 3):m.start()].strip() in (",", "\"", "”", ",\"", ",”") and after.strip():
                name = self._name(after)
                if name and self._is_claimant(after):
                    out.append(Attribution(self._resolve(name, text, s, m.start(), last_named), s, e, m.start(), after_end))
        if not out:
            m = self.unnamed_re.search(text, s, e)
            if m:
                out.append(Attribution(self.unnamed[_norm(m.group())], s, e, m.start(), m.end()))
        return out

    def _np_before(self, text: str, s: int, pos: int) -> tuple[int, str]:
        """The noun phrase right before a reporting verb: back to a comma, a quote or a clause word."""
        chunk = text[s:pos]
        if chunk.rstrip().endswith(",") and chunk.count(",") >= 2:
            chunk = chunk.rstrip()[:-1]  # "X, a monitor, said": the apposition closes before the verb
        # an adverb or a day between the claimant and the verb: "UNICEF said Saturday", "the army also said"
        words = list(re.finditer(r"[^\s,;:\"“”()]+", chunk))
        picked = []
        for w in reversed(words):
            gap = chunk[w.end():picked[-1].start() if picked else len(chunk)]
            if re.search(r"[,;:\"“”()]", gap):
                break
            low = w.group().lower()
            if low in self.np_stop and picked:
                break
            if low in ("also", "later", "earlier", "previously", "had", "has", "have", "was", "were") and not picked:
                continue
            picked.append(w)
            if len(picked) >= 8:
                break
        if not picked:
            return pos, ""
        start = s + picked[-1].start()
        return start, text[start:s + picked[0].end()]

    def _is_claimant(self, raw: str) -> bool:
        words = raw.split()
        if not words:
            return False
        low = raw.lower().strip()
        if low in self.pronouns or low in ("he", "she", "they", "it", "officials", "sources", "witnesses", "residents", "police"):
            return True
        if words[0].lower() in self.np_stop:
            return False
        # a claimant is a name or a noun phrase about a person or body, not a clause with its own verb
        if re.search(r"\b(?:is|are|was|were|has|have|had|will|would|could|to|not)\b", low):
            return False
        return True

    def _name(self, raw: str) -> str:
        bare = raw.strip().strip(",.;:\"“”'")
        return bare.lower() if _is_pronoun(bare, self.pronouns) else self._clean(raw)

    def _clean(self, raw: str) -> str:
        raw = raw.strip().strip(",.;:\"“”'")
        # "the Syrian Observatory" -> "Syrian Observatory"; "the army", "a source with the group" keep their article
        raw = re.sub(r"^(?:[Tt]he|[Aa]n?)\s+(?=[A-Z])", "", raw)
        raw = re.sub(r"^(The|An?|His|Her|Its|Their)(?=\s+[a-z])", lambda m: m.group(1).lower(), raw)
        # "Syrian news agency SANA" -> "SANA"; "UN Secretary-General Antonio Guterres" stays whole
        m = re.search(r"((?:[A-Z][\w'’.-]*|\d+)(?:\s+(?:(?:for|of|the|and|on|de|al)\s+)*(?:[A-Z][\w'’.-]*))*)$", raw)
        if m and m.start() > 0 and raw[:m.start()].strip() and raw[:m.start()].strip().split()[-1][0].islower():
            # "sources in Dikwa", "residents near Goma": the name is where they are, not who they are
            if raw[:m.start()].strip().split()[-1].lower() in _WHERE_WORDS:
                return re.sub(r"^(?:our|my|his|her|their|its)\s+", "", raw)
            return m.group(1)
        return raw

    def _resolve(self, name: str, text: str, s: int, pos: int, last_named: str | None) -> str:
        if not _is_pronoun(name, self.pronouns):
            return name
        # "A channel close to the group, Name, released footage which it said ...": the name set off by commas before
        m = None
        for m in re.finditer(r",\s+([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,4}),", text[s:pos]):
            pass
        if m is not None and name.lower() in ("it", "the group", "the outlet", "the agency", "the channel"):
            return m.group(1)
        return last_named or name


# "sources in Dikwa", "residents near Goma": the words that put people at a place
_AT = ("in", "at", "from", "near", "inside", "around")
_BEFORE_PLACE = re.compile(rf"\s(?:{'|'.join(_AT)})\s+$")
_AT_PLACE = re.compile(rf"\s+(?:{'|'.join(_AT)})\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*")
_WHERE_WORDS = {*_AT, "outside", "across", "within"}
_PEOPLE_WORD = re.compile(r"\b(?:sources|residents|witnesses|officials|activists|journalists|correspondents?|reporters?|"
                          r"doctors|medics|elders)\s*$", re.I)
_APPOSED = re.compile(r"\s*((?:[Tt]he\s+)?([A-Z][\w'’.-]*)(?:\s+(?:(?:for|of|the|and|on)\s+)*[A-Z][\w'’.-]*)*),\s*")
_NOT_NAMES = {"in", "on", "at", "later", "earlier", "meanwhile", "however", "yesterday", "today", "separately", "also", "but",
              "and", "then", "afterwards", "overnight", "there", "here", "elsewhere", "still", "instead", "now"}


def _is_pronoun(name: str, pronouns: set[str]) -> bool:
    return name.lower().strip() in pronouns


def _np_end(text: str, pos: int, e: int) -> int:
    m = re.compile(r"[,;.:\"“”()]|\s+(?:on|in|at|from|that|who|which|as|after|before|when|while)\s").search(text, pos, e)
    end = m.start() if m else e
    while end > pos and text[end - 1] in " .":
        end -= 1
    return end


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.lower().strip())


@lru_cache(maxsize=1)
def attribution_reader() -> AttributionReader:
    return AttributionReader()


def find_attributions(text: str) -> list[Attribution]:
    """Every claim cue in ``text``, one Attribution per claimant and sentence, in text order.

    "it said" and similar references resolve to a name set off earlier in the sentence, else to the
    last named claimant before. A sentence without a cue in reported speech ("had also fired")
    right after an attributed one, in the same paragraph, inherits its claimant.
    """
    return attribution_reader().find(text)


def claimant_for(attributions: list[Attribution], start: int, end: int) -> str | None:
    """The claimant of the attribution covering most of ``[start, end)``; None if none covers it."""
    best, best_overlap = None, 0
    for a in attributions:
        overlap = min(end, a.end) - max(start, a.start)
        if overlap > best_overlap or (overlap == best_overlap and overlap > 0 and best is not None and best.inherited and not a.inherited):
            best, best_overlap = a, overlap
    return best.claimant if best is not None else None
