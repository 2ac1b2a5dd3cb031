"""Detect: find event mentions sentence by sentence and type them with ACLED's sub-event types."""
from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import replace
from functools import lru_cache

from ..pipeline import Document, Mention

# "March 14" in a dateline is a day, not a march: a trigger that is a month name before a day number.
MONTH_BEFORE_DAY = re.compile(r"(?i)march\s+\d{1,2}\b")


class Detect:
    name = "detect"
    requires = ("article", "sentences", "excluded", "headings", "spacy_doc", "places")
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
        typed_again = self._main_clause_detections(jobs, texts, typed, background)
        for (doc, (start, end)), text in zip(jobs, texts):
            detections = typed_again.get((id(doc), start), typed[text])
            for det in detections:
                if det.confidence < self.min_confidence:
                    continue
                if MONTH_BEFORE_DAY.match(doc.text, start + det.start):
                    continue
                doc.mentions.append(Mention(
                    event_type=det.event_type, sub_event_type=det.sub_event_type, confidence=det.confidence,
                    sentence=(start, end), trigger=(start + det.start, start + det.end), cues=list(det.cues),
                ))
        for doc in docs:
            join_restatements(doc)
            fights_not_won(doc)
            arrests_not_made(doc)
            drop_diplomatic_protests(doc)
            drop_exercises(doc)

    def _main_clause_detections(self, jobs, texts, typed, background) -> dict[tuple[int, int], list]:
        """"On Saturday, guns fired at the fighters near X, after the militia took an air base from the
        rebels": where the typer's evidence lies in a clause that dates the act by an earlier one
        ("after", "before", "since", "until" + a clause), that earlier act is background, and the act of
        the sentence is its main clause. The sentence is typed again without the dating clause; its
        detections (offsets mapped back) replace the first when it finds any."""
        redo = []
        for (doc, (start, end)), text in zip(jobs, texts):
            dets = typed[text]
            if not dets or not background.get(text) or doc.spacy_doc is None:
                continue
            clause = _dating_clause(doc.spacy_doc, start, end, start + dets[0].start, start + dets[0].end)
            if clause is not None and _names_a_day(doc, (start, clause[0])):
                a, b = clause
                redo.append(((id(doc), start), doc.text[start:a] + doc.text[b:end], a - start, b - a))
        if not redo:
            return {}
        found = self.typer.detect([t for _, t, _, _ in redo], [True] * len(redo))
        out = {}
        for (key, _, cut, gap), dets in zip(redo, found):
            dets = [d for d in dets if d.confidence >= self.min_confidence]
            if dets:
                out[key] = [replace(d, start=d.start + (gap if d.start >= cut else 0),
                                    end=d.end + (gap if d.end > cut else 0)) for d in dets]
        return out

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


def _names_a_day(doc: Document, window: tuple[int, int]) -> bool:
    """Whether the words before a dating clause name the day of their act ("On Saturday, guns fired ...,
    after ..."): a sentence that dates its act only by another ("retook the town last week, days after
    ...") tells a story before the news, whose earlier act the background rules judge as before."""
    from ..arguments import resolve_date
    from .arguments import after_dateline

    found = resolve_date(doc.text, after_dateline(doc.text, window), doc.article.published)
    return found is not None and found.precision == 1 and not found.reported


# Conjunctions by which a clause dates the act of its sentence by another, earlier or later act.
DATING_MARKS = frozenset({"after", "before", "since", "until"})


def _dating_clause(sdoc, start: int, end: int, t0: int, t1: int) -> tuple[int, int] | None:
    """The character span of the dating clause ("after the militia took the base") of the sentence
    ``start:end`` that holds the evidence ``t0:t1``, with the comma before it; None if the evidence lies
    in no such clause, or the clause is the whole sentence (nothing would be left to type)."""
    span = sdoc.char_span(t0, t1, alignment_mode="expand")
    if span is None or not len(span):
        return None
    for t in [span.root, *span.root.ancestors]:
        if t.idx < start or t.idx >= end:
            return None
        if t.dep_ == "advcl" and any(k.dep_ == "mark" and k.lower_ in DATING_MARKS for k in t.children) \
                and t.head.idx >= start:
            sub = list(t.subtree)
            a, b = sub[0].idx, sub[-1].idx + len(sub[-1])
            while a > start and sdoc.text[a - 1] in " ,":
                a -= 1
            if a <= start or not sdoc.text[start:a].strip():
                return None
            return a, b
    return None


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


# Nouns by which a report refers back to the act it has just told ("The attack took place ...").
ACT_NOUNS = frozenset({"attack", "attacks", "assault", "raid", "raids", "ambush", "bombing", "bombings", "blast",
                       "explosion", "strike", "strikes", "airstrike", "airstrikes", "killing", "killings",
                       "massacre", "shelling", "shooting", "clash", "clashes", "fighting", "incident", "abduction",
                       "kidnapping", "violence"})
# Verbs that only set an act in time and place: "took place", "happened", "occurred", "was carried out".
# ("began", "started" are left out: "The fighting began on Monday near Y" may open a new act.)
SETTING_VERBS = frozenset({"happened", "happen", "happens", "occurred", "occur", "occurs", "unfolded"})


# Verbs of harm whose victims a report counts "in the attack" it has told: "two guards were killed in the strike".
HARM_VERBS = frozenset({"killed", "wounded", "injured", "hurt", "died", "perished", "dead"})


def restated_act(sdoc, start: int, end: int) -> tuple[int, int] | None:
    """Where the sentence ``start:end`` tells no act of its own but more of one already told, the span
    of its words about that act; else None. The act is named by a definite noun ("the attack", "this
    raid") that is either the subject of a verb that only sets it in time and place ("The attack took
    place on Wednesday", "occurred", "was carried out") or where the sentence's victims were harmed
    ("Two guards were killed in the strike")."""
    found = _restating_noun(sdoc, start, end)
    if found is None:
        return None
    words = list(found[1].subtree)
    return words[0].idx, words[-1].idx + len(words[-1])


def _restating_noun(sdoc, start: int, end: int):
    """The act noun of a restating sentence and its verb (see ``restated_act``), or None."""
    span = sdoc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    for t in span:
        if t.lower_ not in ACT_NOUNS or not any(k.dep_ == "det" and k.lower_ in ("the", "this", "that")
                                                for k in t.children):
            continue
        if t.dep_ in ("nsubj", "nsubjpass"):
            v = t.head
            kids = {(k.dep_, k.lower_) for k in v.children}
            if not (v.lower_ in SETTING_VERBS or (v.lower_ in ("took", "take", "takes") and ("dobj", "place") in kids)
                    or (v.lower_ == "carried" and ("prt", "out") in kids and t.dep_ == "nsubjpass")):
                continue
        elif t.dep_ == "pobj" and t.head.lower_ in ("in", "during", "by") and t.head.head.lower_ in HARM_VERBS:
            v = t.head.head
        else:
            continue
        if any(k.dep_ == "conj" and k.tag_.startswith("VB") for k in v.children):
            continue  # "The attacks were carried out by X and targeted Y": it goes on to tell more
        return t, v
    return None


def _names_another_town(doc: Document, sdoc, s: int, e: int, before: tuple[int, int]) -> bool:
    """Whether the act noun of the restating sentence ``s:e`` is placed at a town ("killed in the attack
    on the post in X") while the sentence before told its act at another town: an act at one town is no
    act at another, so the noun names an act of its own (one the report told in passing, say), not the
    one just told. A town that refines a region or country told before ("a strike in Y province ...
    killed in the strike on X") still restates it; a dateline's town says where the story was filed."""
    found = _restating_noun(sdoc, s, e)
    if found is None:
        return False
    words = list(found[0].subtree)
    a, b = words[0].idx, words[-1].idx + len(words[-1])
    from .arguments import dateline_span

    filed = dateline_span(doc.text) or (0, 0)

    def towns(lo: int, hi: int) -> set[str]:
        return {(pm.place.name or "").casefold() for pm in doc.places
                if pm.place is not None and (pm.place.feature_class or "") == "P" and lo <= pm.start < hi
                and not filed[0] <= pm.start < filed[1]}

    own, told = towns(a, b), towns(*before)
    return bool(own and told and not own & told)


VIOLENT = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
_SETTING = re.compile(r"\b(?:took\s+place|happened|occurred|unfolded|carried\s+out)\b", re.I)


def join_restatements(doc: Document) -> None:
    """"Gunmen killed 12 villagers in X state, police said on Friday. The attack took place late on
    Wednesday in Y district.": the second sentence tells no act of its own but the day and place of the
    first one's, which ACLED codes there and then. Its mentions go, and the act before it reads both
    sentences for its arguments."""
    if doc.spacy_doc is None or not doc.mentions:
        return
    body = doc.body_sentences()
    for before, (s, e) in zip(body, body[1:]):
        told = [m for m in doc.mentions if m.sentence[0] >= before[0] and m.sentence[1] <= before[1]]
        about = restated_act(doc.spacy_doc, s, e) if told else None
        if about is None or _names_another_town(doc, doc.spacy_doc, s, e, before):
            continue
        own = [m for m in doc.mentions if s <= m.sentence[0] < e]
        if any(not about[0] <= m.trigger[0] < about[1] for m in own if m.event_type in VIOLENT) \
                and not _SETTING.search(doc.text, about[0], about[1]):
            continue  # a violent act told outside the words about the earlier one is an act of its own
        doc.mentions = [m for m in doc.mentions if not s <= m.sentence[0] < e]
        for m in told:
            m.sentence = (m.sentence[0], e)


GAINS = ("Government regains territory", "Non-state actor overtakes territory")
# Verbs that start or carry on an act: "began to retake", "continued to push" tell the act itself.
ASPECT_VERBS = frozenset({"began", "begin", "begins", "started", "start", "starts", "continued", "continue",
                          "continues", "managed", "manage", "manages", "succeeded"})


def intended_only(sdoc, t0: int, t1: int) -> bool:
    """Whether the words ``t0:t1`` lie in a to-infinitive that tells what an act is for, not what it
    did: "an offensive to recapture the city", "troops advanced in order to retake the town"."""
    span = sdoc.char_span(t0, t1, alignment_mode="expand")
    if span is None or not len(span):
        return False
    for t in [span.root, *span.root.ancestors]:
        if not t.tag_.startswith("VB") or not any(k.dep_ == "aux" and k.lower_ == "to" for k in t.children):
            continue
        if t.dep_ in ("acl", "advcl") or (t.dep_ == "xcomp" and t.head.lower_ not in ASPECT_VERBS):
            return True
        return False
    return False


def fights_not_won(doc: Document) -> None:
    """ACLED's territory sub-types are an outcome: the final takeover. A gain told only as what an
    offensive is for ("launched an offensive to retake X", "vowed to recapture X") is no takeover; the
    fighting it names is an armed clash, and a plan with no fight the news stage drops as before."""
    if doc.spacy_doc is None:
        return
    for m in doc.mentions:
        if m.sub_event_type in GAINS and intended_only(doc.spacy_doc, *m.trigger):
            m.sub_event_type = "Armed clash"
            m.cues = [*m.cues, "an intended gain, not a takeover"]


def arrests_not_made(doc: Document) -> None:
    """An arrest told only as what an act is for ("investigations have begun to arrest the gunmen",
    "troops were sent to detain the leaders") is none made: ACLED codes arrests that happened."""
    if doc.spacy_doc is None:
        return
    doc.mentions = [m for m in doc.mentions
                    if not (m.sub_event_type == "Arrests" and intended_only(doc.spacy_doc, *m.trigger))]


# Who protests in words, not in the street: a state, by its capital or its name, or its offices.
STATE_VOICES = frozenset({"government", "governments", "ministry", "ministries", "embassy", "embassies", "ambassador",
                          "minister", "president", "presidency", "parliament", "cabinet", "state", "authorities"})


def drop_diplomatic_protests(doc: Document) -> None:
    """"Baghdad has protested previous strikes", "the foreign ministry protested to the ambassador": a
    state objecting is no demonstration, which ACLED's Protests are. The mention goes when the subject
    of the protesting verb is a country or a capital named as a state, or an office of state."""
    if doc.spacy_doc is None:
        return
    states = [(pm.start, pm.end) for pm in doc.places if pm.place is not None
              and (pm.place.is_country or (pm.place.feature_code or "") == "PPLC"
                   or getattr(pm, "kind", "") == "metonymic")]
    keep = []
    for m in doc.mentions:
        if m.event_type == "Protests" and _state_protests(doc.spacy_doc, m.trigger, states):
            continue
        keep.append(m)
    doc.mentions = keep


def _state_protests(sdoc, trigger: tuple[int, int], states: list[tuple[int, int]]) -> bool:
    span = sdoc.char_span(*trigger, alignment_mode="expand")
    if span is None or not len(span):
        return False
    verb = next((t for t in [span.root, *span.root.ancestors] if t.tag_.startswith("VB")), None)
    if verb is None or not verb.lower_.startswith("protest"):
        return False
    for k in verb.children:
        if k.dep_ != "nsubj":
            continue
        if k.lower_ in STATE_VOICES or any(s <= k.idx < e for s, e in states):
            return True
    return False


# What a sentence about a military exercise has as its subject: no act is done to anyone.
EXERCISE_NOUNS = frozenset({"exercise", "exercises", "drill", "drills", "manoeuvres", "maneuvers", "manoeuvre",
                            "maneuver", "wargame", "wargames", "rehearsal", "rehearsals", "simulation"})


def drop_exercises(doc: Document) -> None:
    """"Artillery drills were staged near the border", "The exercise trained units in the detection of roadside
    bombs": an exercise strikes, shells and bombs no one, and ACLED codes none. A violent mention goes when
    the verb of its clause has an exercise as its subject."""
    if doc.spacy_doc is None:
        return
    doc.mentions = [m for m in doc.mentions
                    if m.event_type not in VIOLENT or not _exercise_clause(doc.spacy_doc, m.trigger)]


def _exercise_clause(sdoc, trigger: tuple[int, int]) -> bool:
    span = sdoc.char_span(*trigger, alignment_mode="expand")
    if span is None or not len(span):
        return False
    for t in [span.root, *span.root.ancestors]:
        if not t.tag_.startswith("VB"):
            continue
        subjects = [k for k in t.children if k.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return any(k.lower_ in EXERCISE_NOUNS for k in subjects)
    return _opens_with_exercise(span.sent, span.start)


def _opens_with_exercise(sent, before: int) -> bool:
    """"The drill trained teams in ...": the parser may read the subject and its verb as one noun phrase
    ("trained units"), and the clause then has no verb; a sentence whose first noun, before the trigger,
    is an exercise is still about the exercise."""
    for t in sent:
        if t.i >= before:
            return False
        if t.tag_ in ("NN", "NNS") and t.dep_ not in ("compound", "amod"):
            return t.lower_ in EXERCISE_NOUNS
        if t.tag_ not in ("DT", "JJ", "PRP$", "HYPH", "NN", "NNS", "CD", "VBN"):
            return False
    return False
