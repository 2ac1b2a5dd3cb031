"""Arguments: fill each mention's actors, date, fatalities, source and place, keeping the evidence."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from functools import lru_cache

from ..model import Claim, Event
from ..pipeline import Document, Mention
from .merge import NAMED_PLACE, VIOLENT_TYPES


REPORTED_LAG_DAYS = 7  # a source speaks of an act within days of it


def _told_earlier_in_paragraph(text: str, sentence: tuple[int, int], story_date, spoke: dt.date) -> bool:
    """Whether the day the story last told (``story_date``) is a day before the source ``spoke``, named
    in the paragraph of ``sentence``."""
    if story_date is None or story_date[1] != 1:
        return False
    told = dt.date.fromisoformat(story_date[0][:10])
    where = story_date[2].start
    return where is not None and where < sentence[0] and "\n" not in text[where:sentence[0]] \
        and told < spoke and (spoke - told).days <= REPORTED_LAG_DAYS


class Arguments:
    name = "arguments"
    requires = ("article", "mentions", "places", "country", "spacy_doc", "sentences", "excluded", "headings")
    provides = ("events", "figures")

    def __init__(self, actors, geocoder):
        self.actors = actors
        self.geocoder = geocoder

    def __call__(self, doc: Document) -> None:
        from ..arguments import extract_figures, find_attributions

        art = doc.article
        attributions = find_attributions(doc.text)
        doc.figures = [f for f in extract_figures(doc.text, art.published, attributions) if not doc.is_excluded(f.span.start, f.span.end)]
        doc.events = []
        story_date = None  # the last day the report named, for sentences that name none
        today = reference_date(doc.text, art.published)
        for mention in sorted(doc.mentions, key=lambda m: m.sentence):
            ev = self._event(doc, mention, attributions, story_date, today)
            if ev.time_precision == 1 and "event_date" in ev.evidence:
                story_date = (ev.event_date, ev.time_precision, ev.evidence["event_date"][0])
            mention.event = ev
            doc.events.append(ev)

    def _event(self, doc: Document, m: Mention, attributions, story_date, today=None) -> Event:
        from ..actors import assign_roles
        from ..arguments import claimant_for, coder_tally, extract_fatalities, resolve_date

        art, text = doc.article, doc.text
        ev = Event(article_id=art.id, event_type=m.event_type, sub_event_type=m.sub_event_type,
                   confidence=m.confidence)
        trigger = art.span(*m.trigger)
        ev.add_evidence("event_type", trigger)
        ev.add_evidence("sub_event_type", trigger)

        # Order of preference for place and day: the act's own sentence; else the nearest sentence before
        # it (at most CONTEXT_SENTENCES back) that names a place, for the place and, when the act names
        # neither, for the day that sentence names; else, for the day, the last day named for an earlier
        # event, else the publication date. The merge stage then fills what an incident's other parts say.
        # The dateline's town is where the story was filed: a place the sentence itself names comes first.
        body = after_dateline(text, m.sentence)
        # Nor is the dateline's town the antecedent of the body's "south of the town of X" when X is a
        # name the gazetteer or the recogniser missed: the story was filed there, the act told is elsewhere.
        filed = dateline_span(text)
        body_places = [p for p in doc.places if not (filed and filed[0] <= p.start < filed[1])] \
            if body != m.sentence else doc.places
        chosen = self.geocoder.event_location(text, body, m.trigger, body_places, filed) if body != m.sentence else None
        if chosen is None and not (body != m.sentence and UNPLACED_SETTLEMENT.search(text, *body)):
            # Only the dateline names a place: the story may be about the town it was filed from. Not
            # when the body names a village or town the gazetteer does not give ("around the mining town
            # of X"): the act is there, and the dateline's town would place it wrongly.
            body = m.sentence
            chosen = self.geocoder.event_location(text, body, m.trigger, doc.places, filed)
            if chosen is not None and _bureau_abroad(doc, chosen[0], filed):
                # "TAMPA, Fla. - Aircraft struck ISIL 21 times in Syria and Iraq": the command's town is
                # where the story was filed; a dateline abroad is not where the act of the story took place.
                chosen = None
        elif chosen is None:
            body = m.sentence
        context = None if chosen is not None else self._context_place(doc, m.sentence, filed)
        window = after_dateline(text, m.sentence)
        today = today or art.published
        date = resolve_date(text, window, today)
        if date is not None and date.reported and (follow := follow_up_date(doc, m, today)) is not None:
            # "Militants killed six men near X, police said on Saturday. They raided the village on
            # Thursday ...": the lead's day is the day its source spoke; the act's day is told next.
            date = follow
        elif date is not None and date.reported and _told_earlier_in_paragraph(text, m.sentence, story_date, date.date):
            # "On Monday night militants attacked a post ... Five were killed in the gun battle, a spokesman
            # said on Tuesday.": the source spoke on Tuesday; the act is the one its paragraph dated before.
            date = None
        shift = story_shift(text, window) if story_date is not None and story_date[1] == 1 else None
        if shift is not None and (date is None or date.span is None or (date.span[0] < shift[2] and shift[1] < date.span[1])):
            # "Rebels shelled X on Sunday. A day earlier, jets bombed Y.": "earlier", "before", "previous"
            # and "later" count from the day the story last told, not from the day it was filed ("the day
            # before" a Tuesday report about Sunday is Saturday); "yesterday" and "ago" keep counting from today.
            ev.event_date = (dt.date.fromisoformat(story_date[0][:10]) + dt.timedelta(days=shift[0])).isoformat()
            ev.time_precision = 1
            ev.add_evidence("event_date", art.span(shift[1], shift[2]))
        elif date is not None:
            ev.event_date, ev.time_precision = date.date.isoformat(), date.precision
            if date.span:
                ev.add_evidence("event_date", art.span(*date.span))
        elif story_date is not None and SAME_DAY.search(text, *window):
            # "... shot them on Friday. Their bodies were found later in the day.": the day the story
            # last told, whatever day an earlier sentence gives for the report itself.
            ev.event_date, ev.time_precision = story_date[0], story_date[1]
            ev.add_evidence("event_date", story_date[2])
        elif context is not None and (near := context_date(text, context[2], today)) is not None:
            # "Rebels entered X on Sunday. ... They drove the militants out.": the place and the day of
            # the sentence before, the day resolved against the publication date.
            ev.event_date, ev.time_precision = near.date.isoformat(), near.precision
            if near.span:
                ev.add_evidence("event_date", art.span(*near.span))
        elif (scene := scene_day(doc, m, today)) is not None:
            # "Two Rafales were over the desert on Thursday 18 May. Near X, they spotted a checkpoint.": the
            # sentence that sets the scene, with no act of its own, gives its day to the act told next.
            ev.event_date, ev.time_precision = scene.date.isoformat(), scene.precision
            if scene.span:
                ev.add_evidence("event_date", art.span(*scene.span))
        elif story_date is not None:
            ev.event_date, ev.time_precision = story_date[0], story_date[1]
            ev.add_evidence("event_date", story_date[2])
            later = NEXT_DAY.search(text, *window)
            before = previous_sentence(doc, m.sentence)
            if later is None and before is not None and before[0] > story_date[2].start \
                    and not any(o.sentence == before for o in doc.mentions):
                # "The following day, Tornados flew west of the city. They destroyed a gun team near X.":
                # the day a scene-setting sentence with no act of its own moves the story to.
                later = NEXT_DAY.search(text, *before)
            if later is not None:
                # "On Tuesday, jets struck X. The following day, a drone hit Y.": the day after the story's last.
                ev.event_date = (dt.date.fromisoformat(story_date[0][:10]) + dt.timedelta(days=1)).isoformat()
                ev.evidence.pop("event_date", None)
                ev.add_evidence("event_date", art.span(*later.span()))
        elif (lead := lead_date(doc, m.sentence, today)) is not None:
            # "Two attacks killed 15 overnight, officials said. ... Hours earlier, gunmen attacked farmers
            # near X.": the day the story's opening gives, not the day it was filed.
            ev.event_date, ev.time_precision = lead.date.isoformat(), lead.precision
            ev.add_evidence("event_date", art.span(*lead.span))
        elif (follow := follow_up_date(doc, m, today)) is not None:
            # "27 people have been killed in air strikes on a hospital in X, medics say. The hospital was
            # hit late on Wednesday.": the lead's act, its day told next.
            ev.event_date, ev.time_precision = follow.date.isoformat(), follow.precision
            ev.add_evidence("event_date", art.span(*follow.span))
        elif today is not None:
            ev.event_date, ev.time_precision = today.isoformat(), 1

        if chosen is None and context is not None:
            chosen = context[:2]
        if chosen is not None:
            chosen = sharpen_place(doc, self.geocoder.gaz, body, m.trigger, *chosen)
        if chosen is not None and chosen[0].place is not None and chosen[0].place.feature_class == "H" \
                and (city := city_referred(doc, body)) is not None:
            # "crossed the river and moved into the X district": a river is crossed on the way; the
            # act is in the district, of the town the story named.
            chosen = (city, 1)
        if chosen is not None and (chosen[0].place is None or not chosen[0].place.is_country
                                   or self._title_place(doc) is None):
            pm, precision = chosen
            set_place(ev, pm, precision, art)
        elif (facility := facility_named_before(doc, body)) is not None:
            set_place(ev, facility, 1, art)
        elif (described := self._described_after(doc, m.sentence, filed)) is not None:
            set_place(ev, described, 2, art)
        elif (city := city_referred(doc, body)) is not None:
            # "the city", "a residential neighbourhood", "the X district": a part of the town the story
            # last named. ACLED codes a district at its city, as in the city.
            set_place(ev, city, 1, art)
        elif (titled := self._title_place(doc)) is not None:
            # "UK condemns bombing in X" over a statement that says only "the attack this morning":
            # a headline that tells an act at one place places the act its body leaves unplaced, or
            # places at no more than a country ("The UK condemns ...", "attacks in Iraq").
            pm, precision, in_text = titled
            set_place(ev, pm, precision, art)
            if not in_text:
                ev.evidence.pop("location", None)

        # State forces carry the regime period of the event's day, and ACLED's country templates
        # ("Rioters (Lebanon)") the country of the event's place, when the report gives them.
        year = int(ev.event_date[:4]) if ev.event_date else None
        country = (chosen[0].place.country_code if chosen is not None and chosen[0].place.country_code
                   else None) or doc.country
        sentence_actors = self.actors.find(text, m.sentence[0], m.sentence[1], country=country, year=year)
        before = previous_sentence(doc, m.sentence)
        context = (self.actors.find(text, before[0], before[1], country=country, year=year)
                   if before else None)
        roles = assign_roles(text, m.sentence, m.trigger, sentence_actors, m.sub_event_type, doc=doc.spacy_doc,
                             context=context,
                             namer=lambda kind: self.actors.generic_name(kind, country, year=year))
        if roles.actor2 is not None and roles.actor2.kind in ("civilians", "identity"):
            from ..actors import same_side

            # "a mob clashed with villagers": the villagers fought too, so they are rioters like the mob
            roles.actor2 = same_side(roles.actor1, roles.actor2, m.sub_event_type, m.trigger, text, m.sentence) or roles.actor2
        unseen_fire = False
        if roles.actor1 is None and roles.actor2 is None and m.event_type in FRONT_TYPES:
            # "Explosions were observed near X": no side named, so the two that fight at X, the one that fires
            # at X first. Fire no one is seen to return has no actor2 in ACLED's coding.
            sides = self.actors.front(country, ev.admin1, year, ev.latitude, ev.longitude)
            unseen_fire = bool(sides) and m.event_type != "Battles"
            for slot, (name, inter) in zip(("actor1", "actor2"), sides[:1] if m.event_type != "Battles" else sides):
                setattr(ev, slot, name)
                setattr(ev, "inter" + slot[-1], inter)
                ev.add_evidence(slot, trigger)
        if roles.actor1 is None and roles.actor2 is None and not ev.actor1 and m.event_type == "Battles":
            # A battle is fought by organised armed sides; where none is named, ACLED codes the unidentified one.
            ev.actor1, ev.inter1 = self.actors.generic_name("armed", country, year=year), 3
            ev.add_evidence("actor1", trigger)
        for slot, am in (("actor1", roles.actor1), ("actor2", roles.actor2)):
            if am is not None:
                setattr(ev, slot, am.name)
                setattr(ev, "inter" + slot[-1], am.inter)
                ev.add_evidence(slot, art.span(am.start, am.end))
        convention = self.actors.unnamed(country, m.event_type, year)
        if convention is not None:
            plain = self.actors.generic_name("armed", country, year=year)
            for slot in ("actor1", "actor2"):
                if getattr(ev, slot) == plain:
                    setattr(ev, slot, convention[0])
                    setattr(ev, "inter" + slot[-1], convention[1])
        for slot, group in (("assoc_actor_1", roles.assoc1), ("assoc_actor_2", roles.assoc2)):
            names = []
            for am in group:
                if am.name not in names:
                    names.append(am.name)
                ev.add_evidence(slot, art.span(am.start, am.end))
            setattr(ev, slot, "; ".join(names))

        fat = extract_fatalities(text, window)
        if m.event_type == "Strategic developments" and any(
                o.event_type in VIOLENT_TYPES and o.sentence[0] <= m.sentence[0] for o in doc.mentions):
            # "Troops repelled the raid, killed 7 militants and seized their rifles": the seizure kills no
            # one; the deaths, in its sentence or after it, are the fight's, told before it (ACLED codes
            # almost no toll on such acts).
            from ..arguments import Fatalities

            fat = Fatalities(0, [], False, fat.injured, "deaths belong to the violent act before it")
        if fat.spans and not fat.aggregate and m.event_type in VIOLENT_TYPES:
            # "The soldiers repelled the raiders, five of whom were killed. Two of our men died.": the
            # other side's dead, told next with no act of their own, add to the toll (one total, all sides).
            end = window[1]
            for s, e in continuation(doc, m.sentence, ev):
                if tells_act(doc, s, e):
                    break
                end = e
            if end > window[1]:
                wider = extract_fatalities(text, (window[0], end))
                if not wider.aggregate and wider.value > fat.value:
                    fat = wider
        if fat.spans and not fat.aggregate and m.event_type in VIOLENT_TYPES:
            fat = ordinal_toll(doc, m, ev, fat)
        claimant = claimant_for(attributions, *m.sentence)
        record_deaths(ev, fat, claimant, art)
        sources = [s for s in (art.source, claimant) if s]
        ev.source = "; ".join(dict.fromkeys(sources))
        if claimant:
            for a in attributions:
                if a.claimant == claimant and (a.start <= m.sentence[0] < a.end
                                               or m.sentence[0] <= a.cue_start < m.sentence[1]):
                    ev.add_evidence("source", art.span(a.cue_start, a.cue_end))
                    break

        needs_tail = not ev.actor2 or (not fat.spans and not fat.details)
        tail = continuation(doc, m.sentence, ev) if needs_tail else []
        if not ev.actor2 and tail:
            from ..actors import counterpart_from

            later = [a for s, e in tail for a in self.actors.find(text, s, e, country=country, year=year)]
            am = counterpart_from(roles, m.sub_event_type, later, text)
            if am is not None:
                ev.actor2, ev.inter2 = am.name, am.inter
                ev.add_evidence("actor2", art.span(am.start, am.end))
        if ev.actor1 and not ev.actor2 and m.event_type in FRONT_TYPES and not unseen_fire:
            # One side of a province's front fired: "NAF forces fired at governmental positions near X".
            sides = self.actors.front(country, ev.admin1, year, ev.latitude, ev.longitude)
            unseen_fire = bool(sides) and m.event_type != "Battles"
            if ev.actor1 in {n for n, _ in sides}:
                ev.actor2, ev.inter2 = next((n, i) for n, i in sides if n != ev.actor1)
                ev.add_evidence("actor2", trigger)
        if not ev.actor2:
            from ..actors import default_counterpart

            am = default_counterpart(roles.actor1, None, m.sub_event_type, m.trigger, text,
                                     lambda kind: self.actors.generic_name(kind, country, year=year),
                                     (m.sentence[0], max([m.sentence[1]] + [e for _, e in tail]
                                                         + [e for _, e in following(doc, m.sentence, 3)])))
            if am is not None:
                ev.actor2, ev.inter2 = am.name, am.inter
                ev.add_evidence("actor2", art.span(am.start, am.end))
            elif m.sub_event_type == "Armed clash" and roles.actor1 is None \
                    and ev.actor1 == self.actors.generic_name("armed", country, year=year):
                # "a shoot-out broke out in X": both sides unnamed, both the unidentified armed group
                ev.actor2, ev.inter2 = ev.actor1, ev.inter1
                ev.add_evidence("actor2", trigger)
        if not fat.spans and not fat.details:
            # "Militants stormed the base. 4 soldiers were killed.": the toll follows in its own sentence.
            # A sentence that tells an act of its own keeps its toll: "The soldiers returned fire. Jets
            # later struck the hideouts, killing six militants." gives the six to the air strike, and
            # the merge stage adds a part's toll to its incident once.
            told = False
            for s, e in tail:
                if tells_act(doc, s, e):
                    break
                more = extract_fatalities(text, (s, e))
                if more.spans and not more.aggregate:
                    record_deaths(ev, more, claimant, art)
                    told = True
                    break
                if more.details:
                    told = True
                    break  # "No one was hurt."
            violent = sorted((o for o in doc.mentions if o.event_type in VIOLENT_TYPES), key=lambda o: (o.sentence, o.trigger))
            late = None
            if not told and violent and violent[0] is m:
                # "... calls for an inquiry into last week's killing of 20 villagers. Witnesses said
                # gunmen stormed the market ...": the lead before the first act tells its toll
                lead = previous_sentence(doc, m.sentence)
                if lead is not None and not any(lead[0] <= o.trigger[0] < lead[1] for o in doc.mentions):
                    found = extract_fatalities(text, lead)
                    late = (found, lead, False) if found.spans and not found.aggregate else None
            if not told and late is None and violent == [m]:
                late = late_toll(doc, m, ev, today)
            if late is not None:
                found, sentence, updated = late
                record_deaths(ev, found, claimant_for(attributions, *sentence), art,
                              qualifier="revised" if updated else None)
        if ev.event_type == "Violence against civilians":
            from ..actors.roles import attack_on_forces

            spans = [(sp.start, sp.end) for sp in ev.evidence.get("fatalities", [])]
            forces = attack_on_forces(text, m.sentence, ev.sub_event_type, spans, sentence_actors + (context or []))
            if forces is not None:
                # "Militants attacked the police station; two policemen and four militants were killed": a
                # fight with the forces, the attackers as the one side, named or not.
                ev.event_type, ev.sub_event_type = m.event_type, m.sub_event_type = "Battles", "Armed clash"
                if not ev.actor1 or ev.actor1 == forces.name or ev.inter1 in (1, 7):
                    ev.actor1, ev.inter1 = self.actors.generic_name("armed", country, year=year), 3
                ev.actor2, ev.inter2 = forces.name, forces.inter
                ev.evidence["actor2"] = [art.span(forces.start, forces.end)]
        tally = coder_tally(text)
        if tally is not None:
            apply_tally(ev, tally, art)
        return ev


    def _title_place(self, doc: Document):
        """The one place below a country that the report's title names with an act (a heading line
        of the text, or the article's title when the text does not hold it), as (place mention,
        precision, whether the mention lies in the text); else None. Read once per report."""
        cached = getattr(doc, "_title_place", False)
        if cached is not False:
            return cached
        found = None
        art = doc.article
        heading = next(((s, e) for s, e in doc.headings if s == min(h[0] for h in doc.headings)), None) \
            if doc.headings else None
        if heading is not None and heading[0] <= 2:
            title, in_text = doc.text[heading[0]:heading[1]], True
            places = [pm for pm in doc.places if heading[0] <= pm.start and pm.end <= heading[1]]
        elif art.title and art.title.strip() and art.title.strip()[:40] not in doc.text[:400]:
            title, in_text = art.title, False
            places = self.geocoder.find(title, ents=[], country_hint=doc.country)
        else:
            title, places = "", []
        # Only where the body names no place below a country: a body that names towns places its
        # own acts, and its unplaced sentences are more often general than the title's act.
        # (A hospital the wounded died in places no act.)
        from ..geo.geocoder import cared_at

        body_towns = any(pm.place is not None and not pm.place.is_country
                         and getattr(pm, "kind", "toponym") == "toponym"
                         and not (in_text and heading[0] <= pm.start < heading[1])
                         and not cared_at(doc.text, pm.start, pm.end, 0)
                         for pm in doc.places if not doc.is_excluded(pm.start, pm.end)) if title else True
        if title and not body_towns and _title_act().search(title):
            towns = {pm.place.geonameid: pm for pm in places if pm.place is not None
                     and not pm.place.is_country and getattr(pm, "kind", "toponym") == "toponym"}
            if len(towns) == 1:
                pm = next(iter(towns.values()))
                precision = 1 if pm.place.feature_class == "P" else (pm.place.precision or 3)
                found = (pm, precision, in_text)
        doc._title_place = found
        return found

    def _described_after(self, doc: Document, sentence: tuple[int, int], filed: tuple[int, int] | None):
        """"... in the village of X on Sunday. The village lies east of Y.": a place the gazetteer lacks,
        which the next sentence sets near a town it knows. ACLED codes it at that town, as near (precision 2)."""
        if not NAMED_PLACE.search(doc.text, *sentence):
            return None
        for s, e in following(doc, sentence, 1):
            if not PLACE_DESCRIBED.match(doc.text, s, e):
                return None
            chosen = self.geocoder.event_location(doc.text, (s, e), (e, e), doc.places, filed)
            if chosen is not None and chosen[0].place is not None and chosen[0].place.feature_class == "P":
                return chosen[0]
        return None

    def _context_place(self, doc: Document, sentence: tuple[int, int], filed: tuple[int, int] | None):
        """The scene set by the nearest sentence before this one (at most ``CONTEXT_SENTENCES`` back) that
        names both a place and a day, for an act told without its place ("Rebels stormed a checkpoint.").
        A sentence naming a place but no day is more often background ("The town lies on the road to X")."""
        from .merge import elsewhere

        if elsewhere(doc.text, sentence):
            return None
        published = doc.article.published
        # "in that area" points back to the place last named, whether or not that sentence names a day.
        pointed = PLACE_ANAPHOR.search(doc.text, *sentence) is not None
        for s, e in context_sentences(doc, sentence):
            chosen = self.geocoder.event_location(doc.text, (s, e), (e, e), doc.places, filed)
            if chosen is not None and (pointed or context_date(doc.text, (s, e), published) is not None):
                # As for the act of that sentence itself: "eastern Mosul ... the Karama district" is
                # Mosul, not a namesake district abroad.
                pm, precision = sharpen_place(doc, self.geocoder.gaz, (s, e), (e, e), *chosen)
                return pm, precision, (s, e)
        return None


@lru_cache(maxsize=1)
def _title_act() -> re.Pattern:
    """Words of an act in a title: the act words a long report's sentences are typed for, the
    nouns a statement names its act by, and strikes."""
    from ..arguments.lexicon import alternation, lexicon
    from .detect import _act_words

    lex = lexicon("news")
    nouns = alternation(lex["condemned_act_nouns"] + [n + "s" for n in lex["condemned_act_nouns"]]
                        + lex["strike_nouns"] + lex["territory_act_nouns"])
    return re.compile(rf"{_act_words().pattern}|{nouns}", re.I)


SAME_DAY = re.compile(r"\b(?:later|earlier)\s+(?:in\s+the|that)\s+(?:day|morning|afternoon|evening|night)\b|"
                      r"\b(?:the\s+same\s+day|that\s+(?:same\s+)?(?:day|morning|afternoon|evening|night)|"
                      r"(?:hours|minutes)\s+(?:later|earlier))\b", re.I)
# A day told relative to the story's last day rather than to today: "a day earlier", "two days later",
# "the previous night", "the day before" (not "the day before the vote": that counts from another event).
STORY_SHIFT = re.compile(
    r"\b(?:(?P<n>a|one|two|three|four|five|six|\d)\s+days?\s+(?P<dir>earlier|before|later)"
    r"|the\s+(?:previous|preceding)\s+(?:day|night|evening)|the\s+(?:day|night|evening)\s+before)\b"
    r"(?!\s+(?:the|a|an|its|their|that|this|yesterday|last)\b)", re.I)


def story_shift(text: str, window: tuple[int, int]) -> tuple[int, int, int] | None:
    """Days from the story's last day that the window's words move to, and their span."""
    from ..arguments.dates import SMALL_NUMBERS

    m = STORY_SHIFT.search(text, *window)
    if m is None:
        return None
    if m.group("n") is None:
        return -1, m.start(), m.end()
    n = SMALL_NUMBERS.get(m.group("n").lower()) or int(m.group("n"))
    return (n if m.group("dir").lower() == "later" else -n), m.start(), m.end()


NEXT_DAY = re.compile(r"\b(?:the\s+(?:following|next)\s+day|a\s+day\s+later|the\s+day\s+after)\b(?!\s+(?:the|a|an|its|their)\b)", re.I)
FRONT_TYPES = ("Battles", "Explosions/Remote violence")
# "The village lies east of Y", "The town is 20 km from Y": a sentence that only says where the place
# just named is.
PLACE_DESCRIBED = re.compile(r"\W*(?:the|this|that)\s+(?:[a-z]+\s+)?(?:village|town|hamlet|area|district|"
                             r"neighbou?rhood|camp|base|site)\s+(?:lies|is|sits|stands)\s+(?:(?:located|situated|"
                             r"about|some|around|roughly|just|only)\s+)*(?:\d+\s*(?:km|kilometres|kilometers|miles)\s+)?"
                             r"(?:(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of|near|outside|from|"
                             r"close\s+to|on\s+the\s+outskirts\s+of)\b", re.I)
CONTEXT_SENTENCES = 2  # how far back an act told without place or day looks for them
PLACE_ANAPHOR = re.compile(r"\b(?:in|near|around|across|inside)\s+(?:that|this|the\s+same)\s+"
                           r"(?:area|region|town|city|district|village|province|neighbourhood|neighborhood)\b", re.I)


def context_sentences(doc: Document, sentence: tuple[int, int]) -> list[tuple[int, int]]:
    """Body sentences before ``sentence``, nearest first, at most ``CONTEXT_SENTENCES``."""
    earlier = [x for x in doc.body_sentences() if x[1] <= sentence[0]]
    return earlier[::-1][:CONTEXT_SENTENCES]


def context_date(text: str, sentence: tuple[int, int], published):
    """The day ``sentence`` names, if it names one day."""
    from ..arguments import resolve_date

    found = resolve_date(text, after_dateline(text, sentence), published)
    return found if found is not None and found.precision == 1 else None


def scene_day(doc: Document, m, today):
    """The day named by the sentence just before the act's, in its paragraph, when that sentence tells no
    act of its own."""
    before = previous_sentence(doc, m.sentence)
    if before is None or PARAGRAPH_BREAK.search(doc.text, before[1], m.sentence[0]) \
            or any(o.sentence == before or o.sentence[0] <= before[0] < o.sentence[1] for o in doc.mentions):
        return None
    return context_date(doc.text, before, today)


PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def lead_date(doc: Document, sentence: tuple[int, int], today):
    """The day relative to the report (not the day a source spoke) that the sentence right before
    this one or the story's first sentence names, for an act told with no day of its own."""
    from ..arguments import resolve_date

    earlier = [x for x in doc.body_sentences() if x[1] <= sentence[0]]
    # The first two: a dateline may stand as a sentence of its own.
    for s, e in dict.fromkeys(earlier[-1:] + earlier[:2]):
        found = resolve_date(doc.text, after_dateline(doc.text, (s, e)), today)
        # Only the news words of a lead ("overnight", "on Tuesday"); a lead's stated date is as often
        # that of a background ("the ceasefire announced on 29 December").
        if found is not None and found.precision == 1 and not found.reported and found.span \
                and found.basis.startswith("relative"):
            return found
    return None


# "the toll has risen to 12", "climbs to 131": a later report that revises the count. ACLED edits the
# event to a revision, where other conflicting figures give the lowest, so the merge must tell them apart.
# A clause that adds the newly dead to the old count ("bringing the toll to six") is a revision too.
REVISED_TOLL = re.compile(r"\b(?:rose|risen|rises|climbed|climbs|jumped|increased|mounted|grown|grew|"
                          r"(?:bringing|brought|taking|took|raising|raised|pushing|pushed)\s+(?:the\s+)?"
                          r"(?:(?:death|overall|total)\s+)?(?:toll|number\s+of\s+(?:dead|deaths|victims))"
                          r"(?:\s+from\s+[\w-]+)?)\s+to\s+"
                          r"(?:at\s+least\s+|more\s+than\s+|over\s+|nearly\s+|about\s+|around\s+)?$", re.I)
REVISION_REACH = 40  # characters before a figure in which its verb of change stands
# The change told after the figure, in its sentence: "shelling killed 9 people on Monday, the mayor said, as
# the toll climbed through the night".
REVISED_AFTER = re.compile(r"\b(?:as|after|when)\s+the\s+(?:(?:death|overall)\s+)?(?:toll|number\s+of\s+(?:dead|deaths|victims))"
                           r"\s+(?:rose|climbed|mounted|increased|grew|had\s+risen)\b", re.I)
# A toll its teller calls provisional ("nine dead, in a provisional toll", "a preliminary count") awaits the
# count that follows it, as a vague figure does an exact one.
PROVISIONAL_TOLL = re.compile(r"\b(?:provisional|preliminary|initial|first)\s+(?:death\s+)?(?:toll|count|figure|tally)\b", re.I)


def toll_qualifier(fat, text: str, start: int) -> str | None:
    """"revised" for a toll told as risen to its figure, "approximate" for a figure read from words that
    give no exact count ("scores of", "dozens", "several"): another report's exact count goes first."""
    from ..arguments.numbers import number_reader

    if REVISED_TOLL.search(text, max(0, start - REVISION_REACH), start):
        return "revised"
    stop = text.find(".", start)
    sentence_rest = text[start:stop if stop >= 0 else len(text)]
    if REVISED_AFTER.search(sentence_rest):
        return "revised"
    if PROVISIONAL_TOLL.search(sentence_rest):
        return "approximate"
    words = [text[s:e] for s, e in fat.spans]
    numbers = [n for w in words for n in number_reader().find(w)]
    if "(number unknown)" in (fat.details or "") or (numbers and all(n.vague for n in numbers)):
        return "approximate"
    return None


def follow_up_date(doc: Document, m: Mention, today):
    """For the story's first sentence, telling its act with no day: the day relative to the report
    ("late on Wednesday") that the next sentence names, when that sentence tells no act of another
    event type (it is the lead's detail, not a second story)."""
    from ..arguments import resolve_date

    # A dateline the splitter left as a sentence of its own ("MAIDUGURI, Nigeria, Dec 8 (Wire) -") opens
    # no story: the lead is the sentence after it.
    body = [x for x in doc.body_sentences() if after_dateline(doc.text, x)[0] < x[1] - 1 or x[0] <= m.sentence[0] < x[1]]
    if len(body) < 2 or not body[0][0] <= m.sentence[0] < body[0][1]:
        return None
    s, e = body[1]
    if any(o.event_type != m.event_type for o in doc.mentions if s <= o.sentence[0] < e):
        return None
    found = resolve_date(doc.text, after_dateline(doc.text, (s, e)), today)
    # "Speaking today, the minister said": the report's own day adds nothing to the fallback, and
    # would set the lead apart from the act it condemns.
    if found is not None and found.precision == 1 and not found.reported and found.span \
            and found.basis.startswith("relative") and found.date != today:
        return found
    return None


def record_deaths(ev: Event, fat, claimant: str | None, art, qualifier: str | None = None) -> None:
    """The toll as the event's fatalities and as a claim; a total for a region or period belongs to no
    single event, so it is kept only as a claim. ``qualifier``: what the caller knows of the toll
    ("revised") over what its words say."""
    if not fat.aggregate:
        ev.fatalities = fat.value
    for s, e in fat.spans:
        if not fat.aggregate:
            ev.add_evidence("fatalities", art.span(s, e))
        ev.claims.append(Claim("fatalities", fat.value, claimant, art.span(s, e), aggregate=fat.aggregate,
                               detail=fat.details or None, qualifier=qualifier or toll_qualifier(fat, art.text, s)))


def apply_tally(ev: Event, tally, art) -> None:
    """A coder's own word on the count ("fatalities coded as 10", "split between 2 events") decides it."""
    base = tally.value if tally.value is not None else ev.fatalities
    ev.fatalities = (base or 0) // tally.divisor
    for s, e in tally.spans:
        ev.add_evidence("fatalities", art.span(s, e))


CONTINUATION_SENTENCES = 2


def following(doc: Document, sentence: tuple[int, int], n: int) -> list[tuple[int, int]]:
    """Up to ``n`` body sentences right after this one, whatever place they name: a protest's second side
    is often told after the people who called it ("A counter-protest was held by X")."""
    out = []
    for s, e in (x for x in doc.sentences if x[0] >= sentence[1]):
        if len(out) >= n or doc.is_excluded(s, e) or doc.in_heading(s, e):
            break
        out.append((s, e))
    return out


def tells_act(doc: Document, s: int, e: int) -> bool:
    """Whether the text from ``s`` to ``e`` tells an act of its own: a mention's trigger lies in it (a
    seizure or arrest told after a fight is part of the fight's story, not an act that ends it)."""
    return any(s <= o.trigger[0] < e and o.event_type != "Strategic developments" for o in doc.mentions)


def ordinal_toll(doc: Document, m: Mention, ev: Event, fat):
    """The toll raised by a later death told by its ordinal ("killing four soldiers. ... A fifth soldier
    died of his wounds on Monday"): the ordinal is the count it reaches, whatever day the death came. An
    ordinal that counts on from this toll (one more) is this act's however much of its detail comes
    between; the sentences read stop at one that names another place."""
    from ..arguments import extract_fatalities

    for s, e in (x for x in doc.sentences if x[0] >= m.sentence[1]):
        if doc.is_excluded(s, e) or doc.in_heading(s, e):
            continue
        places = [pm.place for pm in doc.places if s <= pm.start < e and pm.place is not None
                  and not pm.place.is_country]
        if any(ev.latitude is None or (p.latitude, p.longitude) != (ev.latitude, ev.longitude) for p in places):
            break
        found = extract_fatalities(doc.text, (s, e))
        if found.spans and not found.aggregate and found.reached == fat.value + 1:
            return dataclasses.replace(fat, value=found.reached, reached=found.reached, spans=fat.spans + found.spans,
                            details=f"{fat.details}; {found.details}")
    return fat


def late_toll(doc: Document, m: Mention, ev: Event, today):
    """The toll of a report's one violent act told paragraphs later, often by another claimant on a
    later day ("The health ministry said on Monday that 12 people had died"): the first later sentence
    with deaths that names no other place, no act of its own and no day before the act's. Returns the
    Fatalities, the sentence, and whether the toll is dated after the act (the count as it stood that
    day, which edits earlier reports' counts), or None."""
    from ..arguments import extract_fatalities, resolve_date

    for s, e in (x for x in doc.sentences if x[0] >= m.sentence[1]):
        if doc.is_excluded(s, e) or doc.in_heading(s, e):
            continue
        if tells_act(doc, s, e):
            return None
        places = [pm.place for pm in doc.places if s <= pm.start < e and pm.place is not None
                  and not pm.place.is_country]
        if any(ev.latitude is None or (p.latitude, p.longitude) != (ev.latitude, ev.longitude) for p in places):
            continue
        found = extract_fatalities(doc.text, (s, e))
        if not found.spans or found.aggregate:
            continue
        said = resolve_date(doc.text, (s, e), today)
        if said is not None and ev.event_date and said.date.isoformat() < ev.event_date:
            continue
        return found, (s, e), bool(said is not None and ev.event_date and said.date.isoformat() > ev.event_date)
    return None


def _holds(region, ev: Event) -> bool:
    """Whether a province (ADM1) or district (ADM2) is the one the event's place lies in."""
    code = region.feature_code or ""
    return bool(ev.latitude is not None and (
        (code == "ADM1" and region.admin1 and region.admin1 == ev.admin1 and region.iso == ev.iso)
        or (code == "ADM2" and region.admin2 and region.admin2 == ev.admin2 and region.admin1 == ev.admin1)))


def continuation(doc: Document, sentence: tuple[int, int], ev: Event) -> list[tuple[int, int]]:
    """The body sentences right after this one that still tell its story: they name no new date and
    no other place."""
    from ..arguments import resolve_date

    out = []
    for s, e in (x for x in doc.sentences if x[0] >= sentence[1]):
        if len(out) >= CONTINUATION_SENTENCES or doc.is_excluded(s, e) or doc.in_heading(s, e):
            break
        if resolve_date(doc.text, (s, e), None) is not None:
            break
        # A country named in passing ("Nigeria's army said") is no new place, nor is the province or
        # district that holds the act's town ("a health official in X province said").
        places = [pm.place for pm in doc.places if s <= pm.start < e and pm.place is not None
                  and not pm.place.is_country and not _holds(pm.place, ev)]
        if any(ev.latitude is None or (p.latitude, p.longitude) != (ev.latitude, ev.longitude) for p in places):
            break
        out.append((s, e))
    return out


# "KHARTOUM, April 17 (Reuters) - " or "KIRKUK, Iraq, Nov 8 -": where and when the story was filed,
# not when its events happened.
# Also "KABUL, 3 March (Wire) -" and a dateline with no town, "March 14 (Wire) -".
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
DATELINE = re.compile(
    rf"(?:[A-Z][A-Z .'-]{{1,40}}(?:, [A-Z][A-Za-z .'-]{{1,30}})?, )?(?P<day>{_MONTH} \d{{1,2}}|\d{{1,2}} {_MONTH})"
    r"(?:,? \d{4})?(?: \([^)]{1,40}\))? *[-–—:] *")
# What the splitter leaves of a dateline cut after its town: ", Nov 22 (Wire) -", or with the town's
# country or state still before the day (", Libya, Nov 17 (Wire) -", ", Afghanistan, Oct 10 -").
# A dateline that names its town, at the start of a line: the town where the story was filed.
_DATELINE_AT_LINE = re.compile(r"(?m)^[ \t]*(?=[A-Z][A-Z .'-]{1,40},)" + DATELINE.pattern)
_SPLIT_DATELINE = re.compile(r"\s*,\s*(?:[A-Z][A-Za-z.'-]+(?: [A-Z][A-Za-z.'-]+){0,2},\s*(?=" + _MONTH + r" \d|\d{1,2} " + _MONTH + r"))?")
# A first line that only gives the day the report covers: "Daily report for Friday, 30 December 2016."
_REPORT_DAY_LINE = re.compile(r"[A-Za-z ,:]{0,45}?(?:\d{1,2}(?:st|nd|rd|th)? \w+|\w+ \d{1,2}(?:st|nd|rd|th)?)(?:,? \d{4})?[.:]?\s*$")


def reference_date(text: str, published):
    """The day the report speaks from, for "today", "on Tuesday" and for acts it gives no day: the
    day its dateline or a leading report-day line names ("BAGHDAD, July 3 (Wire) -"), which a
    later publication date ("published" the next morning) must not move; else the publication date."""
    from ..arguments import resolve_date

    head = text.lstrip()
    offset = len(text) - len(head)
    line = head.split("\n", 1)[0]
    m = DATELINE.match(head)
    if m:
        span = (offset + m.start("day"), offset + m.end())
    elif len(line) <= 70 and _REPORT_DAY_LINE.fullmatch(line):
        span = (offset, offset + len(line))
    else:
        return published
    found = resolve_date(text, span, published)
    if found is None or found.precision != 1 or not found.basis.startswith("explicit"):
        return published
    if published is not None and not dt.timedelta(0) <= published - found.date <= dt.timedelta(days=7):
        return published  # a dateline after publication, or far before it, is no dateline
    return found.date


# "the mining town of X", "X, a farming village": a settlement the body names by its kind and its name.
UNPLACED_SETTLEMENT = re.compile(r"\b(?:town|village|city|locality|hamlet|settlement|community)\s+of\s+[A-Z][\w'’-]+|"
                                 r"\b[A-Z][\w'’-]+,\s+an?\s+(?:[\w-]+\s+){0,2}(?:town|village|hamlet|settlement|community)\b")
DATELINE_REACH = 600  # characters from the start in which a report's dateline stands (after its title)


def dateline_span(text: str) -> tuple[int, int] | None:
    """Where the report's dateline stands ("BEIRUT, May 4 (Wire) -"), at the start of a line near the top;
    None if it has none."""
    found = _DATELINE_AT_LINE.search(text, 0, min(len(text), DATELINE_REACH))
    return found.span() if found else None


def after_dateline(text: str, window: tuple[int, int]) -> tuple[int, int]:
    # The sentence splitter may cut "KABUL" off its dateline: the sentence then opens ", Nov 22 (Wire) -".
    lead = _SPLIT_DATELINE.match(text, window[0], window[1])
    match = DATELINE.match(text, lead.end() if lead else window[0], window[1])
    return (match.end(), window[1]) if match else window


def previous_sentence(doc: Document, sentence: tuple[int, int]) -> tuple[int, int] | None:
    """The body sentence before this one, for clauses that name no actor ("A third bomb went off.")."""
    earlier = [s for s in doc.sentences if s[1] <= sentence[0] and not doc.is_excluded(*s) and not doc.in_heading(*s)]
    return earlier[-1] if earlier else None


# "6 km from Azaz", "about 10 kilometres north-east of the town of X", "two miles outside X": the named
# town stands for a place near it (ACLED geo_precision 2).
DISTANCE_BEFORE = re.compile(
    r"\b(?:\d+(?:[.,]\d+)?|a|one|two|three|four|five|six|seven|eight|nine|ten|[a-z]+teen|twenty|thirty|forty|fifty)"
    r"[\s-]*(?:km|kms|kilomet(?:re|er)s?|mi|miles?)\b(?:\s*\([^)]{0,20}\))?"
    r"\s+(?:(?:north|south|east|west)(?:[\s-]?(?:east|west))?(?:ern|ward)?\s+)?(?:of|from|outside|away\s+from)"
    r"\s+(?:the\s+(?:[\w-]+\s+){0,3}?(?:town|city|village|outskirts)\s+of\s+)?$", re.I)
# "Buk (Damboa, Borno)": a name the gazetteer does not hold, placed by the units in brackets after it. The act
# was at the name, so the first unit stands for it as near (ACLED's precision 2), not as the place itself.
NAMED_BEFORE_BRACKET = re.compile(r"\b[A-Z][\w'’-]*(?:[ -][A-Z][\w'’-]*){0,3}"
                                  r"(?:\s+(?:town|city|village|area|camp|district))?\s*\(\s*$")

# Units wider than ACLED's locations; a district (ADM2) is itself a location ACLED uses.
REGION_CODES = ("ADM1", "PCLI", "PCLH", "RGN")


HOME_TOWN_REACH = 600  # characters before the sentence (about three sentences) in which a home town stands in


def sharpen_place(doc: Document, gaz, sentence: tuple[int, int], trigger: tuple[int, int], pm, precision: int):
    """The most precise place the sentence ties to the act, with its geo_precision (order of preference:
    a town in the sentence over the province or country the sentence also names; a homonym in the
    report's own country over one abroad that the report never names; "N km from X" is X, precision 2)."""
    text = doc.text
    pm, precision = _part_of_town(doc, sentence, pm, precision)
    if FACILITY_AFTER.match(text, pm.end):
        # "the Salam hospital in Mosul": the facility's name resolved to a namesake in another country
        # (a village in Oman) is no place of the act; the town the facility stands in is. A facility
        # named after a town of that country ("the Tabqa airbase") keeps its town.
        others = [t for t in doc.places if t is not pm and t.place is not None and sentence[0] <= t.start
                  and t.place.country_code != pm.place.country_code
                  and t.end <= sentence[1] and getattr(t, "kind", "toponym") == "toponym"
                  and t.place.feature_class in ("P", "A") and not FACILITY_AFTER.match(text, t.end)
                  and not t.place.is_country]
        if others:
            pm = min(others, key=lambda t: abs(t.start - pm.end))
            precision = pm.place.precision or 1
    place = pm.place
    if (place.feature_code or "") in REGION_CODES or precision >= 3:
        # "between Afgoye and Mogadishu in Lower Shabelle region": the town inside the region is nearer the act.
        towns = [t for t in doc.places if t.place is not None and sentence[0] <= t.start and t.end <= sentence[1]
                 and getattr(t, "kind", "toponym") == "toponym" and t.place.feature_class == "P"
                 and t.place.country_code == place.country_code
                 and (place.is_country or not place.admin1 or t.place.admin1 == place.admin1)]
        if towns:
            best = min(towns, key=lambda t: min(abs(t.start - trigger[1]), abs(trigger[0] - t.end)))
            return best, max(1, min(2, best.place.precision or 1)) if _attached(text, best, sentence) else 2
    elif doc.country and place.country_code and place.country_code != doc.country and not _country_named(doc, place):
        # A report about Syria that never names the United States means the Syrian town, not its US namesake.
        home = [p for p in gaz.lookup(pm.text, doc.country, limit=3) if p.feature_class in ("P", "A")]
        if DISTRICT_AFTER.match(text, pm.end) or LOCALITY_AFTER.match(text, pm.end):
            # "the Qusour district": a part of the town the report is about, not a village of that name.
            home = [p for p in home if not getattr(gaz.row(p.geonameid), "village", False)]
        if home:
            pm = dataclasses.replace(pm, place=home[0])
            precision = max(precision, home[0].precision or 1)
        else:
            # "Buk (Damboa, Borno)" where the gazetteer knows only a Buk abroad: the town is not in it, so
            # the nearest unit or town of the report's own country in the sentence stands for it, as near.
            units = [t for t in doc.places if t is not pm and t.place is not None and sentence[0] <= t.start
                     and t.end <= sentence[1] and getattr(t, "kind", "toponym") == "toponym"
                     and t.place.country_code == doc.country and t.place.feature_class in ("P", "A")
                     and not t.place.is_country]
            if units:
                pm = min(units, key=lambda t: (abs(t.start - pm.end), t.place.feature_code == "ADM1"))
                precision = max(2, pm.place.precision or 1)
            else:
                # "South of the city, police retook the village of X" after "eastern Mosul ... the Karama
                # district": the town of the report's own country told just before is nearer the act
                # than a namesake abroad.
                earlier = [t for t in doc.places if t.place is not None and t.end <= sentence[0]
                           and getattr(t, "kind", "toponym") == "toponym"
                           and t.place.country_code == doc.country and t.place.feature_class == "P"
                           and not doc.is_excluded(t.start, t.end)]
                if (town := town_of_paragraph(doc, sentence, earlier, HOME_TOWN_REACH)) is not None:
                    pm, precision = town, 2
    if DISTANCE_BEFORE.search(text[max(sentence[0], pm.start - 60):pm.start]) \
            or NAMED_BEFORE_BRACKET.search(text[max(sentence[0], pm.start - 60):pm.start]):
        precision = max(precision, 2)
    return pm, precision


# "the X neighbourhood", "X area of Y": a part of a town, which a gazetteer seldom holds under that name.
LOCALITY_AFTER = re.compile(r"\s+(?:neighbou?rhoods?|area|community|locality|quarter|sector|zone)\b", re.I)
PART_OF = re.compile(r"\s+(?:(?:neighbou?rhood|area|community|locality|quarter|sector|zone)\s+)?(?:of|in)\s+"
                     r"(?:the\s+)?(?:(?:city|town)\s+of\s+)?$", re.I)
PART_FAR_KM = 50.0
# "in the X district": a part of the city the report is about, named with the definite article; a district
# named alone ("in X district") is an administrative one.
CITY_DISTRICT_BEFORE = re.compile(r"\bthe\s+$")
DISTRICT_AFTER = re.compile(r"\s+(?:district|raion)\b", re.I)  # after the name, or the name's own last word


def _part_of_town(doc: Document, sentence: tuple[int, int], pm, precision: int):
    """A part of a town ("the Wadi area of Vadodara", "the North Zone of Rio de Janeiro", "in the
    Palmares neighbourhood" of a town the sentence names) resolved to a namesake far from that town:
    the town is the place (ACLED codes a town's neighbourhoods at the town)."""
    import math

    p = pm.place
    if p is None or p.latitude is None:
        return pm, precision
    towns = [t for t in doc.places if t is not pm and t.place is not None and t.place.latitude is not None
             and sentence[0] <= t.start and t.end <= sentence[1] and getattr(t, "kind", "toponym") == "toponym"
             and t.place.feature_class == "P"]
    after = [t for t in towns if t.start >= pm.end and PART_OF.fullmatch(doc.text[pm.end:t.start])]
    if after:
        towns = after[:1]
    elif not towns and (LOCALITY_AFTER.match(doc.text, pm.end) or CITY_DISTRICT_BEFORE.search(doc.text, sentence[0], pm.start)
                        and (DISTRICT_AFTER.match(doc.text, pm.end) or DISTRICT_AFTER.search(" " + pm.text))):
        # "a drone hit a house in the X district" in a report on a city named before: a district of that
        # city, though the gazetteer knows the name only as another city's district.
        filed = dateline_span(doc.text) or (0, 0)
        towns = [t for t in doc.places if t.place is not None and t.place.latitude is not None and t.end <= sentence[0]
                 and not filed[0] <= t.start < filed[1] and getattr(t, "kind", "toponym") == "toponym"
                 and t.place.feature_class == "P" and t.place.country_code == p.country_code][-1:]
    elif not LOCALITY_AFTER.match(doc.text, pm.end):
        return pm, precision
    if not towns:
        return pm, precision

    def km(a, b):
        return 111.2 * math.hypot(a.latitude - b.latitude, (a.longitude - b.longitude) * math.cos(math.radians(a.latitude)))

    town = min(towns, key=lambda t: min(abs(t.start - pm.end), abs(pm.start - t.end)))
    if km(p, town.place) <= PART_FAR_KM:
        return pm, precision
    return town, max(1, min(2, town.place.precision or 1))


# A name followed by one of these names a facility, not the town it stands in.
FACILITY_AFTER = re.compile(r"(?:\s+(?:military|international|general|teaching|university|main|central))?\s+"
                            r"(?:hospital|airport|air\s*base|airbase|base|university|school|prison|camp|stadium|"
                            r"mosque|church|market|bridge|dam|checkpoint|barracks)s?\b", re.I)


# "the campus", "the air base": a facility the report named before by its town ("the University of Mosul",
# "Mosul University", "the Kuweires air base"). A word of the act's sentence, and the words that may
# name the same facility before.
FACILITY_ANAPHOR = re.compile(r"\bthe\s+(?:[a-z]+\s+)?(?P<kind>university|campus|airport|air\s*base|airbase|base|"
                              r"hospital|prison|dam)\b")
SAME_FACILITY = {"campus": ("university",), "base": ("base", "air base", "airbase", "airport"),
                 "airbase": ("air base", "airbase", "base", "airport"), "air base": ("air base", "airbase", "base", "airport"),
                 "airport": ("airport", "air base", "airbase")}
FACILITY_OF = re.compile(r"\b(?P<kind>university|airport|hospital|prison|dam|air\s*base|airbase|base)\s+of\s+$", re.I)


def facility_named_before(doc: Document, sentence: tuple[int, int]):
    """The town of the facility an act's sentence points back to ("took control of the campus"), when the
    report named that facility before by its town; else None. ACLED codes a facility at its town."""
    text = doc.text
    found = FACILITY_ANAPHOR.search(text, *sentence)
    if found is None:
        return None
    kind = " ".join(found.group("kind").lower().split())
    names = SAME_FACILITY.get(kind, (kind,))
    best = None
    for pm in doc.places or []:
        if pm.place is None or pm.end > sentence[0] or pm.place.feature_class not in ("P", "A") \
                or pm.place.is_country:
            continue
        after = FACILITY_AFTER.match(text, pm.end)
        before = FACILITY_OF.search(text[max(0, pm.start - 30):pm.start])
        said = " ".join((after.group() if after else before.group("kind") if before else "").lower().split())
        if said and any(said.endswith(n) for n in names) and (best is None or pm.start > best.start):
            best = pm
    return best


# Words by which a sentence places its act inside a town without naming the town: "the city", "the
# town's centre" (a part of the town by its possessive; not "the town's mayor"), "a
# residential neighbourhood", "the Old City", "the X district" (a district the gazetteer lacks), or a
# named site of the town the gazetteer lacks ("the Ramouseh artillery academy", "the X military
# college"): ACLED codes a site at its town.
# Parts of a town that "the town's" names as the act's place ("near the town's bus station").
TOWN_SITES = (r"cent(?:re|er)|market(?:place)?|square|(?:bus|train|police)\s+station|outskirts|edge|entrance|gates?|"
              r"hospital|mosque|church|school|university|airport|prison|stadium|streets?|road|bridge|district|"
              r"neighbou?rhoods?|quarters?|suburbs?")
CITY_PART = re.compile(r"\b(?:(?i:(?:the|this)\s+(?:[a-z]+\s+)?(?:city|town)"
                       rf"(?:\b(?!\s+of\b|['’]s\b)|['’]s\s+(?:[a-z]+\s+){{0,2}}?(?:{TOWN_SITES})\b)|(?:district|neighbou?rhood|"
                       r"quarter|suburb)s?\b)|(?i:the)\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}\s+(?:[a-z]+\s+)?(?:academy|college|school|hospital|"
                       r"factory|prison|stadium|barracks|compound)\b)")


def city_referred(doc: Document, sentence: tuple[int, int]):
    """The town an act's sentence places it in by a word for the town or a part of it, with no name the
    gazetteer knows: the nearest town the report named before it (the title first, then the body). An
    act told "elsewhere" does not take it."""
    from .merge import elsewhere

    if CITY_PART.search(doc.text, *sentence) is None or elsewhere(doc.text, sentence):
        return None
    towns = [pm for pm in doc.places or []
             if pm.place is not None and pm.end <= sentence[0] and pm.place.feature_class == "P"
             and getattr(pm, "kind", "toponym") == "toponym" and not doc.is_excluded(pm.start, pm.end)]
    return town_of_paragraph(doc, sentence, towns, filed=dateline_span(doc.text))


def _bureau_abroad(doc: Document, pm, filed: tuple[int, int] | None) -> bool:
    """Whether a place is the dateline's town in another country than the one the report is about."""
    return (filed is not None and filed[0] <= pm.start < filed[1] and pm.place is not None
            and doc.country is not None and pm.place.country_code not in (None, doc.country))


def town_of_paragraph(doc: Document, sentence: tuple[int, int], towns: list, reach: int | None = None,
                      filed: tuple[int, int] | None = None):
    """Of the towns named before an act that names none the gazetteer knows, the one it happened in
    (``geo.geocoder.town_spoken_of``): a story's unplaced district or village belongs to the town the
    story is about."""
    from ..geo.geocoder import town_spoken_of

    return town_spoken_of(doc.text, sentence[0], towns, reach, filed)


def _attached(text: str, t, sentence: tuple[int, int]) -> bool:
    return bool(re.search(r"\b(?:in|at)\s+(?:the\s+(?:town|city|village)\s+of\s+)?$", text[max(sentence[0], t.start - 25):t.start]))


def _country_named(doc: Document, place) -> bool:
    """Whether the report itself names the place's country (as a place or a demonym, or by a region of
    it: "the Afrin region of northern Syria" places Afrin in Syria however often the report names Turkey)."""
    return any(o.place is not None and o.place.country_code == place.country_code
               and (o.place.is_country or getattr(o, "kind", "toponym") == "demonym"
                    or (o.place.feature_code in ("RGN", "ADM1") and getattr(o, "kind", "toponym") == "toponym"))
               for o in doc.places)


def set_place(ev: Event, pm, precision: int, art) -> None:
    from ..geo import location_name
    from ..geo.geocoder import UNIT_AFTER_TOWN, UNIT_BEFORE_TOWN, named_for

    p = pm.place
    ev.location = location_name(p)
    ev.latitude, ev.longitude = p.latitude, p.longitude
    ev.geo_precision = precision
    ev.country, ev.iso = p.country or "", p.iso
    ev.admin1, ev.admin2 = p.admin1 or "", p.admin2 or ""
    ev.evidence.pop("location", None)
    # "Maru local government area": the unit's word belongs to the place named, and tells the merge that the
    # report names the district, not the town (``merging._area_names``).
    unit = named_for(p) and precision == 2
    after = UNIT_AFTER_TOWN.match(art.text, pm.end) if unit else None
    before = UNIT_BEFORE_TOWN.search(art.text, max(0, pm.start - 40), pm.start) if unit else None
    ev.add_evidence("location", art.span(before.start() if before else pm.start, after.end() if after else pm.end))
