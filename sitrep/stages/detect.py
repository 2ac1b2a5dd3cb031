"""Detect: find event mentions sentence by sentence and type them with ACLED's sub-event types."""
from __future__ import annotations

import re
from collections import OrderedDict
from functools import lru_cache

from ..pipeline import Document, Mention

# "March 14" in a dateline is a day, not a march: a trigger that is a month name before a day number.
MONTH_BEFORE_DAY = re.compile(r"(?i)march\s+\d{1,2}\b")


class Detect:
    name = "detect"
    requires = ("article", "sentences", "excluded", "headings")
    provides = ("mentions",)

    # Texts typed in earlier batches, most recent last: wire copy reaches a corpus through many
    # outlets, days apart, and its sentences are typed once while they stay among the last this many.
    REMEMBERED = 4096

    def __init__(self, typer, min_confidence: float = 0.3, snippet_chars: int = 600):
        self.typer = typer
        self.min_confidence = min_confidence
        self.snippet_chars = snippet_chars
        self._typed: OrderedDict[tuple[str, bool], list] = OrderedDict()

    def __call__(self, doc: Document) -> None:
        self.run_many([doc])

    def run_many(self, docs: list[Document]) -> None:
        jobs: list[tuple[Document, tuple[int, int]]] = []
        texts: list[str] = []
        # Wire copies and follow-ups repeat sentences word for word: each distinct text is typed once,
        # as background only if every copy is a sentence picked from a long report.
        background: dict[str, bool] = {}
        for doc in docs:
            doc.mentions = []
            found, by_sentence = typed_units(doc, self.typer, self.snippet_chars)
            for s, e in found:
                text = doc.text[s:e]
                jobs.append((doc, (s, e)))
                texts.append(text)
                background[text] = background.get(text, True) and by_sentence
        if not jobs:
            return
        typed = self._detections(background)
        for (doc, (start, end)), text in zip(jobs, texts):
            detections = typed[text]
            for det in detections:
                if det.confidence < self.min_confidence:
                    continue
                if MONTH_BEFORE_DAY.match(doc.text, start + det.start):
                    continue
                doc.mentions.append(Mention(
                    event_type=det.event_type, sub_event_type=det.sub_event_type, confidence=det.confidence,
                    sentence=(start, end), trigger=(start + det.start, start + det.end), cues=list(det.cues),
                ))

    def _detections(self, background: dict[str, bool]) -> dict[str, list]:
        """Each text's detections, from the typer or, for a text seen lately, as typed then."""
        keys = list(background.items())
        new = [key for key in keys if key not in self._typed]
        if new:
            found = self.typer.detect([text for text, _ in new], [bg for _, bg in new])
            self._typed.update(zip(new, found))
        for key in keys:
            self._typed.move_to_end(key)
        while len(self._typed) > self.REMEMBERED:
            self._typed.popitem(last=False)
        return {text: self._typed[(text, bg)] for text, bg in keys}


def typed_units(doc: Document, typer, snippet_chars: int = 600) -> tuple[list[tuple[int, int]], bool]:
    """The units the typer is shown (every mention lies in one of them), and whether they are
    sentences of a long report rather than a short text typed whole."""
    found = units(doc, snippet_chars)
    if len(found) > 1:
        # A long report: its background sentences hold no trigger word and need no model. A word of
        # a violent act that is no cue of one type ("attacked", "killed") is a trigger word too:
        # without it "rebels attacked the airport" was never typed.
        acts, counted = _act_words(), _counted_group_killing()
        return [u for u in found if typer.has_event_cue(doc.text[u[0]:u[1]])
                or acts.search(doc.text, u[0], u[1]) or counted.search(doc.text, u[0], u[1])], True
    return found, False


def _counted_killing(victims: list[str], words_between: int, about: str) -> str:
    """A killing verb of news.json, a count (after one of the ``about`` words), up to ``words_between``
    words, then one of ``victims``: "killed at least 11 civilians"."""
    from ..arguments.lexicon import alternation, lexicon
    from ..arguments.numbers import number_reader

    return (rf"\b(?:{alternation(lexicon('news')['counted_killing_verbs'], False)})\s+"
            rf"(?:{about})?(?:{number_reader().regex.pattern})\s+(?:[\w'’-]+\s+){{0,{words_between}}}?"
            rf"(?:{alternation(victims, False)})\b")


_ABOUT = r"at\s+least\s+|more\s+than\s+|some\s+|about\s+|nearly\s+|over\s+"


@lru_cache(maxsize=1)
def _act_words() -> re.Pattern:
    from ..arguments.lexicon import alternation, lexicon

    lex = lexicon("news")
    # "killed at least 11 civilians": a counted killing of unarmed people (news.json, counted_killing_about).
    counted = _counted_killing(lex["counted_killing_victims"], 2, _ABOUT)
    return re.compile(rf"{alternation(lex['act_words'])}|{counted}", re.I)


# Victims a count of killed people is often given as, beside the civilian nouns of news.json: the
# members of a community ("killed 40 members of a clan") and people held or herded by their killers.
# A killing counted this way is an act, though told inside a statement or reported speech.
GROUP_VICTIMS = ("members of", "tribesmen", "clansmen", "relatives", "shepherds", "hostages", "captives",
                 "prisoners", "detainees")


@lru_cache(maxsize=1)
def _counted_group_killing() -> re.Pattern:
    return re.compile(_counted_killing(list(GROUP_VICTIMS), 1, _ABOUT + r"|up\s+to\s+"), re.I)


def units(doc: Document, snippet_chars: int) -> list[tuple[int, int]]:
    """What the typer reads: a short text (a snippet, a coder's note) whole, as its sentences
    describe one event together; a longer report sentence by sentence."""
    body = doc.body_sentences()
    if not body:
        return []
    if len(body) <= 3 and body[-1][1] - body[0][0] <= snippet_chars:
        # A blank line between sentences is a writer starting another paragraph, which in a short news
        # item tells another act or the background ("Separately, in X ..."): each paragraph is read on
        # its own, or one act takes the next one's place, sides and dead. A coder's note is one paragraph.
        return _paragraphs(doc.text, body)
    return body


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def _paragraphs(text: str, body: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = [list(body[0])]
    for s, e in body[1:]:
        if _PARAGRAPH_BREAK.search(text, out[-1][1], s):
            out.append([s, e])
        else:
            out[-1][1] = e
    return [tuple(u) for u in out]
