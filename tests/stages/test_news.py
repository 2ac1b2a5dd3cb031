"""News of the day: background gets no event, condemned dated attacks and strike lists do.

Every report runs through the whole real pipeline (spaCy, the typer, the gazetteer). Each is long
enough to be read sentence by sentence, as a news report is; the texts are our own."""
import datetime as dt

import pytest

from sitrep.model import Article
from sitrep.stages.news import _forms

PUBLISHED = dt.date(2023, 5, 20)
# Neutral sentences that make a report long enough to be typed sentence by sentence.
PADDING = ("The region has seen years of unrest. Officials gave no further details. "
           "Residents said shops had reopened in the afternoon. Schools are due to open next week.")


@pytest.fixture(scope="module")
def pipeline():
    from sitrep.pipeline import default_pipeline

    return default_pipeline({})


def run(pipeline, body: str, published=PUBLISHED, source="Example Wire"):
    article = Article("t", body + "\n\n" + PADDING, published=published, source=source)
    return next(iter(pipeline.process([article])))


def reasons(doc) -> str:
    return " | ".join(m.cues[-1] for m in doc.background)


def test_a_history_sentence_gives_no_event(pipeline):
    doc = run(pipeline, "In 2014, Islamic State militants attacked and seized the town of Hit in Anbar province, "
                        "killing dozens of soldiers.")
    assert doc.events == []
    assert "2014" in reasons(doc)


def test_an_event_dated_long_before_publication_is_background(pipeline):
    doc = run(pipeline, "Militants detonated a car bomb at a checkpoint in Kirkuk on 3 March 2023, killing four "
                        "policemen.")
    assert doc.events == []
    assert "2023-03-03" in reasons(doc)


def test_a_hypothetical_attack_gives_no_event(pipeline):
    doc = run(pipeline, "Police warned that militants could detonate a car bomb at a checkpoint in Kirkuk.")
    assert doc.events == []
    assert "hypothetical" in reasons(doc) or "not an act" in reasons(doc)


def test_a_denial_gives_no_event(pipeline):
    doc = run(pipeline, "Rebels denied shelling the town of Maarat al-Numan on Friday.")
    assert doc.events == []
    assert "denied" in reasons(doc)


def test_a_condemnation_that_names_no_act_gives_no_event(pipeline):
    doc = run(pipeline, "The minister condemned all terrorist attacks against civilians.")
    assert doc.events == []
    assert "condemnation of no specific act" in reasons(doc)


def test_a_condemned_attack_with_its_day_and_place_is_an_event(pipeline):
    doc = run(pipeline, "The government condemns yesterday's bombing of a bus station in Kirkuk that killed "
                        "twelve people.")
    assert len(doc.events) == 1
    ev = doc.events[0]
    assert ev.event_type == "Explosions/Remote violence"
    assert ev.location == "Kirkuk"
    assert ev.event_date == (PUBLISHED - dt.timedelta(days=1)).isoformat()


def test_an_act_a_statement_rejects_is_condemned_not_denied(pipeline):
    """"Rejects the killing of ..." (the Spanish "rechaza") condemns the act; rejecting reports of an act
    still denies it, and a rejected act with no place or day is no specific one."""
    doc = run(pipeline, "The Ombudsman's Office firmly rejects the killing of three Indigenous guards at a roadblock "
                        "near Toribio, Cauca, on 2 March 2025. Men in uniform stopped the guards' truck and shot "
                        "them, the community said.", published=dt.date(2025, 3, 4))
    assert [(e.sub_event_type, e.location, e.event_date, e.fatalities) for e in doc.events] == [
        ("Attack", "Toribio", "2025-03-02", 3)]
    doc = run(pipeline, "The Ombudsman's Office rejects the reports of an attack on the police station of Toribio.")
    assert doc.events == []
    doc = run(pipeline, "The bishops reject every killing of civilians.")
    assert doc.events == []


def test_a_general_statement_in_the_present_gives_no_event(pipeline):
    doc = run(pipeline, "The militia routinely shells villages near Kirkuk.")
    assert doc.events == []
    assert "habitual" in reasons(doc) or "present simple" in reasons(doc)


def test_news_of_the_day_stays(pipeline):
    doc = run(pipeline, "Militants detonated a car bomb at a police checkpoint in Kirkuk on Friday, killing four "
                        "policemen.")
    assert len(doc.events) == 1
    assert doc.events[0].event_date == "2023-05-19"


STRIKES = """On May 18, Coalition military forces conducted nine strikes against Islamic State militants in Iraq.
Iraq
- Near Mosul, four strikes destroyed two fighting positions and a vehicle.
- Near Kirkuk, three strikes engaged an Islamic State tactical unit.
- Near Tikrit, two strikes destroyed a weapons cache.
All aircraft returned safely. A strike may be one weapon or many against one target.
The strikes were part of Operation Inherent Resolve."""


def test_a_strike_summary_gives_one_air_strike_per_place_on_the_lead_day(pipeline):
    doc = run(pipeline, STRIKES)
    places = sorted(ev.location for ev in doc.events)
    assert places == ["Kirkuk", "Mosul", "Tikrit"]
    assert {ev.sub_event_type for ev in doc.events} == {"Air/drone strike"}
    assert {ev.event_date for ev in doc.events} == {"2023-05-18"}
    # "Coalition military forces" are the coalition the release names, not Iraq's army.
    assert {ev.actor1 for ev in doc.events} == {"Global Coalition Against Daesh"}
    assert all("Islamic State" in ev.actor2 for ev in doc.events)


BULLETED = """NORFOLK, Va. - On May 17, U.S. forces struck Islamic State positions at three sites in Syria:

-- Near Raqqa, aircraft hit a mortar position and a rocket launcher.
-- Near Deir ez-Zor, a radar site and an artillery piece were destroyed.
-- Near Palmyra, U.S. aircraft struck a command post.

No civilians were harmed, the statement said."""


def test_a_bulleted_list_under_a_strike_sentence_gives_its_day_striker_and_kind_to_each_item(pipeline):
    """The items name what was hit, not how: a launcher destroyed is a target, the lead says who struck
    and when, and the dateline gives the release's day, not the strikes'."""
    doc = run(pipeline, BULLETED)
    assert sorted(ev.location for ev in doc.events) == ["Ar-Raqqa", "Deir ez-Zor", "Palmyra"]
    assert {ev.sub_event_type for ev in doc.events} == {"Air/drone strike"}
    assert {ev.event_date for ev in doc.events} == {"2023-05-17"}
    assert {ev.actor1 for ev in doc.events} == {"Military Forces of the United States (2021-)"}


def test_a_strike_release_dateline_is_the_release_day_not_the_strikes_day(pipeline):
    """A title that reads as a total and a dateline give neither the day nor the striker of the list."""
    title = "May 20: Strikes continue against Islamic State in Iraq\n\n"
    dated = "TAMPA, Fla., May 20, 2023 - " + STRIKES
    doc = next(iter(pipeline.process([Article("t", title + dated + "\n\n" + PADDING, title=title.strip(),
                                              published=PUBLISHED)])))
    assert {ev.event_date for ev in doc.events} == {"2023-05-18"}
    assert {ev.actor1 for ev in doc.events} == {"Global Coalition Against Daesh"}


def test_acts_tied_to_no_place_or_only_to_a_country_give_no_event(pipeline):
    """ACLED codes an event at a place: a campaign told over a country, or a toll told of nowhere
    in particular, is no act of a day; the placed act in the same report is."""
    doc = run(pipeline, "On Thursday, a roadside bomb struck an army patrol in the town of Baiji, killing two "
                        "soldiers. Residents said the town was calm. On Friday, coalition and Iraqi forces attacked "
                        "Islamic State militants across Iraq and Syria. The group has destroyed much of its "
                        "infrastructure and planted explosives in homes.")
    assert [(ev.sub_event_type, ev.location) for ev in doc.events] == [("Remote explosive/landmine/IED", "Bayji")]


def test_an_act_at_a_place_the_gazetteer_lacks_is_kept(pipeline):
    doc = run(pipeline, "On Thursday, gunmen stormed a checkpoint in Qaryat Zubaydat Ulya, killing four guards.")
    assert len(doc.events) == 1 and doc.events[0].latitude is None


def test_a_detail_told_after_an_undated_lead_gives_it_its_day_and_no_second_event(pipeline):
    """The lead tells the strike with no day; the next sentence, from a London-based monitor, names
    no place or side of its own but the day and the weapon: one strike, on that day, at the lead's town
    (the monitor's base is not where anything happened)."""
    doc = run(pipeline, "Government jets have killed at least 15 people in the town of Saraqib, rescuers say.\n\n"
                        "A London-based monitoring group said two rockets hit a bakery there on Thursday.")
    assert [(ev.sub_event_type, ev.location, ev.event_date) for ev in doc.events] == [
        ("Air/drone strike", "Saraqeb", "2023-05-18")]


def test_an_irregular_past_read_as_present_is_still_an_act(pipeline):
    """The small tagger reads "retook" as a present tense; the act is told, not a general statement."""
    doc = run(pipeline, "Army units retook the town of Baiji after two days of clashes, a statement said.")
    assert [ev.location for ev in doc.events] == ["Bayji"]


def test_a_district_named_like_a_town_abroad_gives_its_context_sentence_the_city(pipeline):
    """"Karama" is in the gazetteer only as a suburb abroad. The acts told after the sentence that puts
    the Karama district in eastern Mosul (a car bomb, missiles, the dead) take that sentence's place and
    day: Mosul, and one battle with it."""
    text = ("Iraqi forces enter Mosul district\n\nBARTELLA, Iraq, Nov 6 - Iraqi special forces pushed deeper into "
            "eastern Mosul on Sunday, fighting Islamic State militants in the Karama district, an officer said.\n\n"
            "The militants sent at least five suicide car bombs against the advancing troops, the officer said. "
            "Two were destroyed by anti-tank missiles before they reached their targets.\n\n"
            "At least four soldiers were killed in the fighting, a medical source said.\n\n" + PADDING)
    doc = next(iter(pipeline.process([Article("t", text, published=dt.date(2016, 11, 6))])))
    assert [(ev.sub_event_type, ev.location) for ev in doc.events] == [("Armed clash", "Mosul")]


def test_a_lead_without_a_day_takes_the_day_its_next_sentence_names(pipeline):
    """Published on Saturday 20 May: the clinic was hit on Thursday, not on the day of the report; a
    "today" in the next sentence would only be the report's own day and is no evidence."""
    doc = run(pipeline, "At least nine people have been killed in air strikes on a clinic in the town of Saraqib, "
                        "medics say.\n\nThe clinic was hit late on Thursday, a rescue worker said.")
    assert [(ev.sub_event_type, ev.event_date) for ev in doc.events] == [("Air/drone strike", "2023-05-18")]


def test_one_place_led_sentence_is_no_list(pipeline):
    doc = run(pipeline, "Near Mosul, two strikes destroyed a bridge on Friday.")
    assert not any("summary list item" in (m.cues or []) for m in doc.mentions)


def test_word_forms_cover_regular_inflections():
    forms = _forms(["deny", "plan", "condemn"])
    assert {"denied", "denies", "planned", "planning", "condemns", "condemned"} <= forms


def test_two_towns_of_one_condemned_attack_are_two_events(pipeline):
    doc = run(pipeline, "The government condemns today's bombings in Kirkuk and the city of Mosul that killed "
                        "eleven people.")
    assert sorted(ev.location for ev in doc.events) == ["Kirkuk", "Mosul"]
    assert {ev.sub_event_type for ev in doc.events} == {"Remote explosive/landmine/IED"}


def test_an_encyclopedia_article_tells_history(pipeline):
    doc = run(pipeline, "Islamic State militants attacked and seized the town of Hit in Anbar province after "
                        "heavy fighting.[4] The group held it until government troops returned.[5]")
    assert doc.events == []
    assert "encyclopedia" in reasons(doc)


# Time told as the past (issue 14: background in held-out reports). Undated acts only; each text is ours.
@pytest.mark.parametrize("body, reason", [
    ("Two years ago, an air strike hit the main hospital in Raqqa, killing twelve patients.", "Two years ago"),
    ("Since March, government forces have pushed the rebels out of several villages near Idlib.", "Since March"),
    ("Rebels have shelled the town of Douma almost every day since the truce collapsed.", "every day"),
    ("For the past two weeks, Syrian warplanes have bombed rebel-held areas of eastern Aleppo.", "past two weeks"),
    # The time is in the sentence that sets the scene.
    ("Mosul fell to the militants three years ago. Fighters executed dozens of police officers in the city.",
     "three years ago"),
])
def test_an_act_told_as_the_past_gives_no_event(pipeline, body, reason):
    doc = run(pipeline, body)
    assert doc.events == []
    assert "told as the past: " in reasons(doc) and reason in reasons(doc)


def test_the_past_perfect_outside_reported_speech_is_background(pipeline):
    doc = run(pipeline, "The airport near Deir ez-Zor has been besieged for months. The militants had shelled "
                        "its runway and killed three soldiers.")
    assert doc.events == []
    assert "past perfect" in reasons(doc)


def test_the_past_perfect_of_reported_speech_is_news(pipeline):
    doc = run(pipeline, "Police said militants had detonated a car bomb at a checkpoint in Kirkuk.")
    assert [ev.sub_event_type for ev in doc.events] == ["Remote explosive/landmine/IED"]


def test_an_act_dated_by_an_old_scene_is_background_and_a_weekday_is_news(pipeline):
    # Published on a Saturday: "on Sunday" is six days back, beyond the 5-day limit for dates, but a
    # weekday is news of the week by its form. The seizure told next takes its old date from context.
    doc = run(pipeline, "Government troops recaptured the town of Palmyra from IS on Sunday, the army said. "
                        "The jihadists had seized the town in May last year.")
    assert [(ev.sub_event_type, ev.event_date) for ev in doc.events] == [("Government regains territory", "2023-05-14")]
    assert "Non-state actor overtakes territory" in {m.sub_event_type for m in doc.background}


def test_a_chemical_weapon_named_in_a_report_is_no_attack(pipeline):
    doc = run(pipeline, "The watchdog published its report on chemical weapons use in Syria on Tuesday.")
    assert doc.events == []
    assert "no use told" in reasons(doc)


def test_a_chemical_attack_with_its_agent_is_an_event(pipeline):
    doc = run(pipeline, "A chlorine gas attack on the town of Saraqib on Monday killed five people, doctors said.")
    assert [ev.sub_event_type for ev in doc.events] == ["Chemical weapon"]


def test_a_change_to_group_needs_a_merger_movement_recruitment_or_measure(pipeline):
    doc = run(pipeline, "Officials remain engaged in the effort to relocate the families of the camp near Baghdad to safe places.")
    assert doc.events == []
    assert "change to group/activity: no merger" in reasons(doc)
    doc = run(pipeline, "Hundreds of new recruits joined the militia in Deir ez-Zor on Thursday, its commander said.")
    assert [ev.sub_event_type for ev in doc.events] == ["Change to group/activity"]


def test_reinforcements_sent_to_a_fight_are_part_of_it(pipeline):
    doc = run(pipeline, "A car bomb exploded at an army checkpoint outside Tuz Khurmatu on Friday, killing four "
                        "soldiers, officials said. Reinforcements were rushed from Kirkuk and the road was closed "
                        "for several hours.")
    assert [ev.event_type for ev in doc.events] == ["Explosions/Remote violence"]
    assert "a force movement told with the fight it was for" in reasons(doc)
    # Without a fight told beside it, a force movement is still a Change to group/activity.
    doc = run(pipeline, "Army reinforcements arrived in Tuz Khurmatu on Friday, a day after the governor asked "
                        "Baghdad for more troops, officials said.")
    assert "a force movement told with the fight it was for" not in reasons(doc)


def test_a_reaction_to_a_specific_attack_reports_it(pipeline):
    doc = run(pipeline, "The minister responded to yesterday's bombing of a market in Kirkuk that killed nine people.")
    assert [(ev.location, ev.event_date) for ev in doc.events] == [("Kirkuk", "2023-05-19")]


def test_a_report_about_the_past_gives_no_event(pipeline):
    # A feature: three sentences tell times well before publication, none a day of the news. Its acts
    # are background even where their own sentence names no time.
    doc = run(pipeline, "The library sits beneath a ruined school in the besieged town of Douma. Volunteers began "
                        "collecting books in 2013, when the town was first surrounded. Since then, they have saved "
                        "thousands of volumes. In 2015 a second library opened in a basement. Readers come every "
                        "afternoon to study. Barrel bombs destroyed the building next door.")
    assert doc.events == []
    assert "a report of the past" in reasons(doc)


def test_a_news_lead_in_the_present_perfect_stays_beside_its_background(pipeline):
    doc = run(pipeline, "A car bomb has killed twenty people at a market in Baghdad, officials say. The city has "
                        "suffered many such attacks since 2003. In 2016 a truck bomb killed hundreds in the Karrada "
                        "district. Last year the government declared victory over the militants.")
    assert [(ev.location, ev.event_date, ev.fatalities) for ev in doc.events] == [("Baghdad", "2023-05-20", 20)]


@pytest.mark.parametrize("body", [
    "The artillery battalion commander inspected the base near Erbil on Thursday.",
    "Soldiers of the 2nd Field Artillery Regiment arrived at the training area near Amman on Thursday.",
])
def test_a_weapon_word_naming_a_unit_or_role_is_no_act(pipeline, body):
    doc = run(pipeline, body)
    assert doc.events == []
    assert "names a unit or role" in reasons(doc)


def test_a_weapon_word_heading_its_act_is_one(pipeline):
    doc = run(pipeline, "Artillery fire hit the village of Kafr Nabl on Thursday, killing two civilians.")
    assert [ev.sub_event_type for ev in doc.events] == ["Shelling/artillery/missile attack"]


def test_a_news_lead_is_no_feature_for_its_background_dates(pipeline):
    # One background sentence naming a month, a year and a stretch of years is one sentence, not three;
    # and the lead tells the news.
    doc = run(pipeline, "Militants attacked an army checkpoint near Kirkuk, killing four soldiers, police said. "
                        "The group seized Mosul in June 2014 and held it for three years. The attackers fled in "
                        "two cars after the assault.")
    assert [(ev.location, ev.fatalities) for ev in doc.events] == [("Kirkuk", 4)]


@pytest.mark.parametrize("body", [
    "A bomb exploded at a crowded market in Kirkuk, which was full of shoppers at the time, police said.",
    "Rebels shelled the town of Douma since the army had refused a truce, activists said.",
])
def test_then_and_a_reason_are_no_past_time(pipeline, body):
    assert len(run(pipeline, body).events) == 1


def test_a_long_text_that_names_no_day_is_no_news_report(pipeline):
    # An explainer: twelve sentences with the padding, no day anywhere; its one act is not its lead.
    doc = run(pipeline, "The Kurdish fighters of the YPG have been the coalition's most effective partner against "
                        "the jihadists. Turkey regards the YPG as a terrorist group. Its forces launched an offensive "
                        "against the militia in Afrin. The militia denies any link to the PKK. Washington has armed "
                        "the group. Its fighters now hold most of the north-east. Many Kurds hope for autonomy.")
    assert doc.events == []
    assert "an undated long text" in reasons(doc)


# ------------------------------------------------------------------ follow-ups, noun-phrase acts, profiles
def test_a_revised_toll_gives_the_incident_with_its_own_day_and_the_new_toll(pipeline):
    """A follow-up whose only news is a higher toll: ACLED codes the revision into the incident's event,
    so the report gives that event (the bombing's own day, not the revision's) and merges with the first."""
    doc = run(pipeline, "The death toll from Tuesday's bombing at a bus station in Kirkuk has risen to 12, "
                        "hospital staff said on Saturday.")
    assert len(doc.events) == 1, reasons(doc)
    ev = doc.events[0]
    assert ev.event_type == "Explosions/Remote violence"
    assert ev.location == "Kirkuk"
    assert ev.event_date == "2023-05-16"  # the Tuesday before publication
    assert ev.fatalities == 12


def test_a_number_killed_that_rose_is_a_toll_too(pipeline):
    doc = run(pipeline, "The number of people killed in the raid on a village near Maiduguri on Wednesday "
                        "rose to 17, a local leader said.")
    assert len(doc.events) == 1, reasons(doc)
    ev = doc.events[0]
    assert ev.event_type in ("Violence against civilians", "Battles")
    assert ev.event_date == "2023-05-17"
    assert ev.fatalities == 17


def test_a_toll_rising_with_no_act_named_gives_no_event(pipeline):
    """The toll rule needs the act: a toll of floods or of a disease is no conflict event."""
    doc = run(pipeline, "The death toll from the floods in the valley has risen to 40, officials said.")
    assert doc.events == []


def test_attacks_told_as_noun_phrases_are_events(pipeline):
    doc = run(pipeline, "Tuesday's suicide bombing at the livestock market in Maiduguri killed five traders, "
                        "police said.")
    assert [(e.sub_event_type, e.event_date, e.fatalities) for e in doc.events] == [("Suicide bomb", "2023-05-16", 5)]
    doc = run(pipeline, "The overnight shelling of Douma left three civilians dead, rescuers said.")
    assert [(e.sub_event_type, e.location, e.fatalities) for e in doc.events] == \
        [("Shelling/artillery/missile attack", "Douma", 3)]


@pytest.mark.parametrize("sentence", [
    "Rebels attacked the Kuweires military airport east of Aleppo on Thursday.",
    "Rebel fighters attacked a military airport in Idlib province on Thursday, a monitor said.",
])
def test_an_attack_on_a_military_site_is_an_event(pipeline, sentence):
    """"attacked" is no typing cue (it is every type's word), so a sentence holding no other was never
    typed; and "military" before "airport" is an adjective, no participle telling a state."""
    doc = run(pipeline, sentence)
    assert [e.event_type for e in doc.events] == ["Battles"], reasons(doc)
    assert doc.events[0].event_date == "2023-05-18"


def test_a_day_in_the_sentence_wins_over_a_year_in_the_one_before(pipeline):
    doc = run(pipeline, "Islamic State seized Mosul in June 2014. Gunmen attacked an army checkpoint near Tikrit "
                        "on Tuesday, killing two soldiers.")
    assert [(e.location, e.event_date, e.fatalities) for e in doc.events] == [("Tikrit", "2023-05-16", 2)]
    assert "2014" in reasons(doc)


def test_a_profile_of_a_groups_reach_gives_no_event(pipeline):
    doc = run(pipeline, "Its fighters seized large parts of northern Mali. The group controls several towns "
                        "along the Niger river.")
    assert doc.events == []
    assert "extent of land" in reasons(doc) or "in general" in reasons(doc)
    doc = run(pipeline, "On Friday rebels took much of the town of Kidal after a day of fighting.")
    assert [e.sub_event_type for e in doc.events] == ["Non-state actor overtakes territory"]


def test_an_act_named_with_its_day_in_a_sentence_about_something_else_is_the_acts_event(pipeline):
    """A church appeal or a funeral report tells the attack only as a noun phrase with its day: the
    act's own day, not the day of the sentence's frame (the funerals on Friday)."""
    doc = run(pipeline, "Mourners gathered on Friday for the funerals of the six farmers killed in Tuesday's "
                        "machete attack on a village near Beni.")
    assert len(doc.events) == 1, reasons(doc)
    ev = doc.events[0]
    assert ev.event_type == "Violence against civilians"
    assert ev.event_date == "2023-05-16"


def test_attacks_as_the_object_of_a_present_perfect_are_a_pattern_not_an_act(pipeline):
    doc = run(pipeline, "Gunmen shot dead two traders at the main market in Kirkuk on Thursday.\n\n"
                        "The province has seen attacks by several armed groups and by bandits.")
    assert [(e.location, e.event_date) for e in doc.events] == [("Kirkuk", "2023-05-18")]
    assert "acts over time" in reasons(doc)


def test_a_comment_on_an_attack_told_before_is_no_second_event(pipeline):
    doc = run(pipeline, "Gunmen shot dead two traders at the main market in Kirkuk on Thursday.\n\n"
                        "This attack is one more sign of the militants' contempt for the people of Iraq.")
    assert [(e.location, e.event_date) for e in doc.events] == [("Kirkuk", "2023-05-18")]


def test_blowing_up_a_bridge_is_typed(pipeline):
    """"blew up" is no typing cue: without it among the act words the sentence was never typed."""
    doc = run(pipeline, "Militants blew up a railway bridge near Tikrit on Monday, cutting the line to Baghdad.")
    assert [(e.event_type, e.event_date) for e in doc.events] == [("Explosions/Remote violence", "2023-05-15")]


def test_a_weekly_reports_lead_act_is_news_however_late_it_is_filed(pipeline):
    """A weekly review filed six days on leads with the act of its named day: an event (the cross-report
    merge joins it to the day's reports), not background."""
    doc = run(pipeline, "On 14 May, a suicide attacker killed at least ten worshippers at a mosque in Pul-e Khumri.",
              published=dt.date(2023, 5, 20))
    assert [(e.event_type, e.event_date) for e in doc.events] == [("Explosions/Remote violence", "2023-05-14")]


def test_an_older_act_told_after_the_days_news_stays_background(pipeline):
    doc = run(pipeline, "Gunmen shot dead four farmers near Jos on Friday, police said. On 2 May, a raid on a "
                        "nearby village killed twelve people.", published=dt.date(2023, 5, 20))
    assert [e.event_date for e in doc.events] == ["2023-05-19"]
    assert "2023-05-02" in reasons(doc)


def test_a_welcomed_liberation_is_a_territory_event(pipeline):
    doc = run(pipeline, "The Foreign Minister welcomes the Iraqi army's liberation of Baiji and thanks the coalition "
                        "for its support. She said the soldiers had shown great courage.")
    kinds = [(e.sub_event_type, e.location) for e in doc.events]
    assert kinds and kinds[0][0] == "Government regains territory" and "Bay" in kinds[0][1]


def test_a_place_one_armed_group_takes_from_another_is_overtaken_not_regained(pipeline):
    doc = run(pipeline, "We welcome the liberation of Tal Abyad by the Syrian Democratic Forces, who cleared the "
                        "last streets held by the Islamic State on Thursday.")
    subs = [e.sub_event_type for e in doc.events]
    assert subs and subs[0] == "Non-state actor overtakes territory"


def test_an_anniversary_is_the_past_acts_day_not_todays(pipeline):
    doc = run(pipeline, "Three years ago today, militants stormed the prison in Baqubah and freed hundreds of "
                        "inmates, killing 20 guards.")
    assert doc.events == []
    assert "2020-05-20" in reasons(doc)


def test_a_strike_release_written_as_prose_gives_one_event_per_place(pipeline):
    body = ("On May 18, coalition forces conducted nine strikes against ISIS targets in Syria and Iraq. "
            "In Syria, near Manbij, two strikes engaged an ISIS tactical unit. Near Tabqa, a single strike engaged an "
            "ISIS unit. In Iraq, near Sinjar, six strikes engaged ISIS fighting positions.")
    doc = run(pipeline, body)
    places = sorted(e.location for e in doc.events)
    assert len(places) == 3 and all(e.sub_event_type == "Air/drone strike" for e in doc.events)
    assert {e.event_date for e in doc.events} == {"2023-05-18"}


def test_a_prose_release_gives_items_led_by_a_bearing_or_placed_by_an_aside(pipeline):
    body = ("The command reported 14 coalition strikes on ISIS across Syria and Iraq for Sunday.\n\n"
            "In Syria, nine strikes were conducted. Near Abu Kamal, on the western bank of the Euphrates, six strikes "
            "hit three ISIS tactical units and destroyed a boat. Farther north, near Hajin, three strikes destroyed "
            "two fighting positions.\n\n"
            "In Iraq, five strikes supported Iraqi forces. Near Tal Afar, five strikes hit two ISIS tactical units.")
    doc = run(pipeline, body)
    places = sorted((e.location, e.country) for e in doc.events)
    # Three places, one strike each; the countries' totals ("In Syria, nine strikes were conducted") are
    # no items of the list, and no town of another country takes an item of the Iraq paragraph.
    assert len(places) == 3, places
    assert [c for _, c in places].count("Syria") == 2 and [c for _, c in places].count("Iraq") == 1
    assert all(e.sub_event_type == "Air/drone strike" for e in doc.events)


def test_an_act_the_body_leaves_unplaced_takes_the_one_town_of_the_title(pipeline):
    body = ("Minister condemns market bombing in Samarra\n\n"
            "The Minister condemns the bombing this morning, in which a car bomb exploded beside a crowded "
            "vegetable market, killing at least nine people. Our thoughts are with the families of the victims.")
    doc = run(pipeline, body)
    assert len(doc.events) == 1
    assert abs(doc.events[0].latitude - 34.2) < 0.1 and abs(doc.events[0].longitude - 43.9) < 0.1


def test_aircraft_striking_are_air_strikes_whatever_they_hit(pipeline):
    body = ("On Monday, two Tornado GR4s flew over Iraqi positions west of Fallujah. They dropped guided bombs "
            "to destroy a truck packed with explosives.\n\n"
            "The following day, Typhoon FGR4s struck a weapons store near Hit.")
    doc = run(pipeline, body, published=dt.date(2023, 5, 17))
    got = sorted((e.sub_event_type, e.event_date) for e in doc.events)
    assert got == [("Air/drone strike", "2023-05-15"), ("Air/drone strike", "2023-05-16")]


def test_a_storm_that_struck_is_no_aircraft(pipeline):
    doc = run(pipeline, "On Monday, Typhoon Nalgae struck the coast near Manila, flattening homes.")
    assert all(e.sub_event_type != "Air/drone strike" for e in doc.events)


def test_a_statements_name_for_an_act_the_report_then_tells_is_no_second_event(pipeline):
    body = ("The Minister has condemned Thursday's attacks in Kirkuk and Samarra.\n\n"
            "In Samarra, a roadside bomb struck a bus near the city's main gate, killing six passengers. "
            "In Kirkuk, gunmen shot dead three guards at an oil field.")
    doc = run(pipeline, body)
    at_samarra = [e.sub_event_type for e in doc.events if e.latitude and abs(e.latitude - 34.2) < 0.1]
    assert at_samarra == ["Remote explosive/landmine/IED"]


def test_a_campaign_that_has_intensified_is_a_trend_not_an_act(pipeline):
    doc = run(pipeline, "Across the south of the province, the artillery shelling of villages around Kafr Nabl has "
                        "intensified.\n\nAid groups say the clinics are short of medicine.")
    assert doc.events == []
    assert "trend" in reasons(doc)


def test_a_side_declaring_control_of_a_town_has_taken_it(pipeline):
    doc = run(pipeline, "The Iraqi army now claims full control of Fallujah, although pockets of resistance remain. "
                        "Engineers are clearing the streets of explosives.")
    subs = [e.sub_event_type for e in doc.events]
    assert subs[:1] == ["Government regains territory"]


def test_a_coalition_strike_that_killed_is_an_air_strike(pipeline):
    doc = run(pipeline, "WASHINGTON, May 20, 2023 - A coalition precision strike near Raqqa on May 18 killed a "
                        "senior financier of the group, officials said today. He had moved money for the group since 2019.")
    got = [(e.sub_event_type, e.event_date, e.fatalities) for e in doc.events]
    assert got == [("Air/drone strike", "2023-05-18", 1)]


def test_an_act_named_after_words_of_dismay_is_a_mention(pipeline):
    doc = run(pipeline, "We are appalled by the bombing of a crowded bus station in Tartus on Thursday, which killed "
                        "14 people. We call on all parties to respect the truce.")
    got = [(e.event_type, e.event_date) for e in doc.events]
    assert got[:1] == [("Explosions/Remote violence", "2023-05-18")]


def test_an_act_in_that_area_takes_the_place_named_before_it_without_a_day(pipeline):
    # The sentence naming the place tells no act and no day: "in that area" still points back to it.
    doc = run(pipeline, "The villages around Kirkuk are home to farmers and herders who graze their sheep on the "
                        "hills.\n\nOn Monday, militants fired rockets at an army post in that area, officials said.")
    assert [ev.location for ev in doc.events] == ["Kirkuk"]


def test_a_condemned_attack_the_typer_read_as_displacement_is_still_the_attack(pipeline):
    # A short statement is typed paragraph by paragraph: the victims ("displaced people") and the
    # closing words give the paragraph a non-violent type, and the condemned act must still be read
    # from the phrase after "condemns".
    body = ("Rocket attack on camp\n\nThe United States condemns today's rocket attack on a camp for displaced "
            "people near Baghdad that killed four residents. We urge the Government of Iraq to find those "
            "responsible.\n\nThe United States remains committed to helping displaced Iraqis return home.")
    article = Article("t", body, published=PUBLISHED, source="Example Ministry")
    doc = next(iter(pipeline.process([article])))
    violent = [e for e in doc.events if e.event_type == "Explosions/Remote violence"]
    assert len(violent) == 1
    assert violent[0].sub_event_type == "Shelling/artillery/missile attack"
    assert violent[0].event_date == PUBLISHED.isoformat()


def test_a_present_passive_with_no_day_tells_a_habit_not_an_act(pipeline):
    doc = run(pipeline, "Rebels fired rockets at the Nayrab military airport east of Aleppo on Friday, killing three "
                        "soldiers. The airport is used by government helicopters.")
    assert [e.sub_event_type for e in doc.events] == ["Shelling/artillery/missile attack"]
    assert "present passive" in reasons(doc)


@pytest.mark.parametrize("statement, located", [
    ("The Secretary-General deplores the killing of three aid workers in Jonglei state on Tuesday and calls on "
     "the authorities to bring those responsible to justice.", True),
    ("The United Kingdom condemns the continued bombardment of civilians in Syria. The regime and its backers "
     "must end these attacks.", False),
])
def test_a_short_statement_reports_the_act_it_condemns_only_when_it_places_it(pipeline, statement, located):
    article = Article("t", "Statement\n\n" + statement, published=PUBLISHED, source="Example Ministry")
    doc = next(iter(pipeline.process([article])))
    violent = [e for e in doc.events if e.event_type in ("Violence against civilians", "Explosions/Remote violence")]
    assert bool(violent) == located
    if located:
        assert violent[0].admin1 == "Jonglei" and violent[0].event_date == "2023-05-16"


def test_a_revised_toll_of_clashes_is_a_battle_at_their_place_and_day(pipeline):
    doc = run(pipeline, "The death toll from Thursday's armed clashes between rival militias in Kirkuk has risen "
                        "to eleven, the health directorate said.")
    assert [(e.event_type, e.location, e.fatalities) for e in doc.events] == [("Battles", "Kirkuk", 11)]
    assert doc.events[0].event_date == (PUBLISHED - dt.timedelta(days=2)).isoformat()


def test_an_act_named_by_its_noun_and_date_is_typed_by_its_weapon_or_target():
    from sitrep.stages.news import CondemnedActs, _day_act_pattern

    found = _day_act_pattern().search("Roads were closed after the attack of 18 May on a military position.")
    assert found is not None and found.group(0) == "the attack of 18 May"
    assert _day_act_pattern().search("Roads were closed after the attack on 18 checkpoints.") is None
    acts = CondemnedActs()
    assert acts._type("attack of 18 May on a military position in the province") == ("Battles", "Armed clash")
    assert acts._type("ambush of a patrol") == ("Battles", "Armed clash")
    assert acts._type("attack on a market in the town") == ("Violence against civilians", "Attack")
    assert acts._type("attack with a glide bomb on a school") == ("Explosions/Remote violence", "Air/drone strike")
    assert acts._type("roadside bomb attack on an army convoy")[1] == "Remote explosive/landmine/IED"


def test_a_bomb_only_aircraft_drop_makes_the_act_an_air_strike(pipeline):
    doc = run(pipeline, "On Friday the enemy struck a residential block in Kirkuk with a guided aerial bomb.")
    assert [(e.sub_event_type, e.location) for e in doc.events] == [("Air/drone strike", "Kirkuk")]


def test_a_protest_after_last_weeks_clashes_elsewhere_keeps_its_own_place_day_and_no_deaths(pipeline):
    doc = run(pipeline, "In the northern city of Erbil, about three hundred people demonstrated on Friday against "
                        "armed groups, following last Saturday's fighting in Kirkuk in which seven people died. "
                        "The protest ended peacefully.", published=dt.date(2023, 5, 21))
    protests = [e for e in doc.events if e.event_type == "Protests"]
    assert [(e.location, e.event_date, e.fatalities) for e in protests] == [("Erbil", "2023-05-19", 0)]
    assert not any(e.location == "Kirkuk" for e in doc.events)


def test_an_act_named_as_what_killed_people_is_that_act(pipeline):
    # A wire lead whose other words (a power plant, who said it) outweigh, for the typer, the act.
    text = ("KYIV, July 6 - Russian shelling of the city of Nikopol, across the river from the nuclear power "
            "plant, killed two people on Friday, the regional governor said.")
    doc = next(iter(pipeline.process([Article("t", text, published=dt.date(2024, 7, 6), source="Wire")])))
    assert [(e.sub_event_type, e.location, e.event_date) for e in doc.events] == [
        ("Shelling/artillery/missile attack", "Nikopol", "2024-07-05")]


def test_a_total_of_several_acts_is_no_act_of_its_own(pipeline):
    from sitrep.stages.news import CondemnedActs

    text = "A wave of bombings killed more than 90 people in two towns on Monday, officials said."
    [annotate] = [st for st in pipeline.stages if st.name == "annotate"]
    sdoc = annotate.nlp(text)
    assert CondemnedActs()._act_that_killed(None, sdoc[:], 0, len(text)) == []
    # The same words about one bombing are that bombing.
    one = annotate.nlp(text.replace("A wave of bombings", "A bombing"))
    found = CondemnedActs()._act_that_killed(type("D", (), {"text": one.text})(), one[:], 0, len(one.text))
    assert [m.sub_event_type for m in found] == ["Remote explosive/landmine/IED"]


def test_an_act_whose_toll_follows_as_a_participle_is_that_act(pipeline):
    """"..., killing N" tells the dead of the act its clause hangs on, as "killed N" does; a group's own
    statement of its raid ("blessed", "apostates") is read by the typer as something else."""
    from sitrep.stages.news import CondemnedActs

    [annotate] = [st for st in pipeline.stages if st.name == "annotate"]
    for text, act in (
            ("The fighters carried out a raid on a militia camp near Doolow on Friday, killing 14 of the "
             "defenders and seizing rifles.", "raid"),
            ("An ambush on an army convoy outside Kidal on Tuesday morning, leaving nine soldiers dead, was "
             "claimed by the group.", "ambush")):
        sdoc = annotate.nlp(text)
        found = CondemnedActs()._act_that_killed(type("D", (), {"text": text})(), sdoc[:], 0, len(text))
        assert [text[m.trigger[0]:m.trigger[1]] for m in found] == [act]


def test_an_act_the_dead_died_in_told_before_its_revised_toll_is_that_act(pipeline):
    """"Nine people have now died in the raid on X: the toll rose after a man died on Monday": the raid is
    the act, told before the toll, and its window ends where the toll's story (the day a man died) begins."""
    from sitrep.stages.news import CondemnedActs

    [annotate] = [st for st in pipeline.stages if st.name == "annotate"]
    text = ("Nine people have now died in the raid on a billiard hall in Celaya, Guanajuato: the toll rose after a "
            "young man died in hospital on Monday morning, police said.")
    sdoc = annotate.nlp(text)
    [m] = CondemnedActs()._revised_toll(type("D", (), {"text": text})(), sdoc[:], 0, len(text))
    assert text[m.trigger[0]:m.trigger[1]] == "raid"
    assert "Celaya" in text[m.sentence[0]:m.sentence[1]] and "Monday" not in text[m.sentence[0]:m.sentence[1]]


def test_an_act_named_again_by_a_definite_noun_is_the_act_told_before(pipeline):
    """The claim of the mortars told before is that attack again: one event, taking the claimant as its
    perpetrator, not a second shelling with other sides."""
    doc = run(pipeline, "ADEN, June 3 (Wire) - Several mortar rounds fell near the governor's office in Aden on "
                        "Friday night, killing three civilians at a bus stop, police said.\n\n"
                        "Houthi fighters said they had fired the mortars at the office, which also houses "
                        "a military command.", published=dt.date(2023, 6, 3))
    shelling = [e for e in doc.events if e.sub_event_type == "Shelling/artillery/missile attack"]
    assert len(shelling) == 1
    assert shelling[0].fatalities == 3 and "Houthi" in shelling[0].actor1
    assert "named again by a definite noun" in reasons(doc)


def test_air_strikes_told_inside_the_fight_for_a_town_are_that_battle(pipeline):
    """A recapture, then the same day's strikes "in the fighting ... as the troops advanced": one
    Battles event, holding the toll the strikes' sentence gives (ACLED 2.2 and its worked example)."""
    doc = run(pipeline, "BAGHDAD, Sept 9 (Wire) - Iraqi troops recaptured the town of Hit from Islamic State on "
                        "Thursday after the militants' lines collapsed, the army said.\n\n"
                        "The army said 24 militants were killed in the fighting, with coalition jets striking "
                        "their positions as the troops advanced.", published=dt.date(2016, 9, 9))
    assert [e.sub_event_type for e in doc.events] == ["Government regains territory"]
    assert doc.events[0].fatalities == 24
    assert "air support of the battle" in reasons(doc)


def test_a_fight_told_over_a_stretch_of_a_year_is_background(pipeline):
    doc = run(pipeline, "KABUL, May 20 (Wire) - A roadside bomb killed four soldiers on Friday in Sangin district of "
                        "Helmand province, officials said.\n\n"
                        "The district lies in farmland where the Taliban and the army have fought for control for "
                        "more than a year.")
    assert [e.sub_event_type for e in doc.events] == ["Remote explosive/landmine/IED"]
    assert "for more than a year" in reasons(doc)


def test_what_a_side_says_it_only_strikes_is_no_act(pipeline):
    doc = run(pipeline, "SANAA, May 20 (Wire) - An air strike hit a farm near Sirwah in Marib province on Friday, "
                        "killing five farm workers, residents said.\n\n"
                        "A coalition spokesman said it would review the report, adding that its jets only struck "
                        "military targets.")
    assert [e.sub_event_type for e in doc.events] == ["Air/drone strike"]
    assert "a claim of what a side strikes" in reasons(doc)


def test_a_truce_that_air_strikes_break_is_no_agreement(pipeline):
    """The noun "strikes" of an air raid is no act of striking a deal: a truce named beside them, as it
    breaks down, is an agreement named, not made."""
    doc = run(pipeline, "BEIRUT, May 20 (Wire) - Rebel shelling killed two people in government-held districts of "
                        "Homs on Friday, while government air strikes on the rebel-held north of the city killed "
                        "nine, a monitoring group said, as a partial truce in Syria's third city broke down.\n\n"
                        "The rebel shells fell on the Akrama district, state media reported.")
    assert "Agreement" not in [e.sub_event_type for e in doc.events]
    assert "Air/drone strike" in [e.sub_event_type for e in doc.events]


def test_reinforcements_sent_into_a_fight_are_part_of_that_battle(pipeline):
    doc = run(pipeline, "LASHKAR GAH, May 20 (Wire) - Taliban fighters attacked police posts in Nawa district of "
                        "Helmand on Friday, killing six policemen in a night of fighting, officials said.\n\n"
                        "The police held the posts after reinforcements arrived from the provincial capital, said "
                        "a spokesman for the governor.")
    assert [e.event_type for e in doc.events] == ["Battles"]
    assert "force movement inside the battle" in reasons(doc)


def test_an_act_noun_that_dates_another_act_is_background(pipeline):
    """"The attack came a day after clashes in X": the clashes measure the time of the attack, the news;
    they are no second event dated by the attack's day."""
    doc = run(pipeline, "ADEN, Dec 30 (Wire) - Houthi forces fired a missile at a military parade in the port of "
                        "Mocha on Sunday, killing at least six soldiers, military sources said.\n\n"
                        "The attack came a day after clashes between the Houthis and government forces in "
                        "Hodeidah province left 10 fighters dead, the sources added.", published=dt.date(2019, 12, 30))
    assert [e.event_type for e in doc.events] == ["Explosions/Remote violence"]
    assert "the time reference of another act: day after" in reasons(doc)


def test_a_ground_fight_told_with_its_air_strikes_is_a_battle(pipeline):
    """The sentence's main clause, under "witnesses said", is a fight; the strikes "pounding" bases beside it
    are inside that battle (ACLED 2.2): one Armed clash, no Air/drone strike."""
    doc = run(pipeline, "KHARTOUM, April 18 (Wire) - Fighting between the army and the Rapid Support Forces raged "
                        "for a fourth day in Khartoum on Tuesday, with air strikes pounding RSF bases in the east "
                        "of the capital, witnesses said.", published=dt.date(2023, 4, 18))
    assert [(e.sub_event_type, e.event_date) for e in doc.events] == [("Armed clash", "2023-04-18")]


def test_a_claim_of_both_attacks_names_their_author_and_is_no_third_act(pipeline):
    """"The group said it carried out both attacks": the claim points back at the two acts told before
    it. It is no battle of its own (it folded into the roadside bomb as an 'Armed clash'); it names the
    side the bombing's own sentence left unidentified."""
    doc = run(pipeline, "Mortar fire hits Somali capital\n\n"
              "MOGADISHU, March 21 (Wire) - Several mortar rounds landed near the airport in Mogadishu on "
              "Wednesday evening, wounding two guards, security officials said.\n\n"
              "In a separate incident on Tuesday, a remotely detonated bomb hit an army truck about 20 km "
              "west of Afgooye, killing three soldiers.\n\n"
              "Al Shabaab said it carried out both attacks.", published=dt.date(2019, 3, 21))
    kinds = sorted(e.sub_event_type for e in doc.events)
    assert kinds == ["Remote explosive/landmine/IED", "Shelling/artillery/missile attack"]
    bomb = next(e for e in doc.events if e.sub_event_type.startswith("Remote"))
    assert bomb.actor1 == "Al Shabaab" and bomb.fatalities == 3


def test_a_strike_a_release_adds_after_its_list_is_an_event_of_its_own_day(pipeline):
    """A strike release lists the day's strikes place by place, then adds one of an earlier day that it
    had left out, with a clause the typer alone reads as no act ("it was not in earlier releases")."""
    doc = run(pipeline, "Coalition strikes hit ISIS in Iraq\n\n"
              "SOUTHWEST ASIA, Oct. 4, 2016 - Coalition aircraft carried out nine strikes on ISIS in Iraq on Oct. 3.\n\n"
              "-- Near Mosul, five strikes hit three ISIS units and destroyed two mortar positions.\n"
              "-- Near Kirkuk, four strikes destroyed an ISIS command post and a bridge.\n\n"
              "Additionally, two strikes near Hit on Oct. 1 destroyed an ISIS supply truck; it was not in earlier releases.",
              published=dt.date(2016, 10, 4))
    strikes = {e.location: e.event_date for e in doc.events if e.sub_event_type == "Air/drone strike"}
    assert strikes.get("Mosul") == "2016-10-03"
    assert [d for loc, d in strikes.items() if loc.startswith("Hit")] == ["2016-10-01"]


def test_a_clause_naming_who_carried_out_the_strike_tells_it_again(pipeline):
    """"The strike was carried out by a Russian drone": the clause is about the strike told before (its
    subject, with "the"), though the typer's evidence is the drone; it names no place of its own, so the
    region it inherits from the sentence before is no second place."""
    doc = run(pipeline, "Drone kills three in Idlib\n\n"
              "BEIRUT, March 9 (Wire) - \"The drone hit our car as we left the farm,\" said a man whose three sons "
              "were killed on Sunday near Saraqib in eastern Idlib.\n\n"
              "A monitoring group said the strike was carried out by a Russian drone. Moscow says it strikes "
              "only militants.", published=dt.date(2020, 3, 9))
    strikes = [e for e in doc.events if e.sub_event_type == "Air/drone strike"]
    assert len(strikes) == 1 and strikes[0].fatalities == 3


def test_helicopters_sent_to_support_a_garrison_are_part_of_its_battle_not_an_act_where_they_came_from(pipeline):
    """The helicopters took off from a city far from the camp: that city is where they set out, not where
    they fought, and their support is part of the camp's battle (ACLED rules 2.2), not a second event."""
    doc = run(pipeline, "Soldiers killed in attack on army camp in Mali\n\n"
              "BAMAKO, May 3 (Wire) - Eight Malian soldiers were killed when jihadists attacked an army camp in "
              "Douentza, in the centre of the country, on Sunday, the army said.\n\n"
              "The attackers fought the garrison for several hours before withdrawing. Air force helicopters were "
              "sent from Sevare to support the troops, the army said.", published=dt.date(2021, 5, 3))
    assert len(doc.events) == 1 and doc.events[0].event_type == "Battles"
    assert "Sevar" not in doc.events[0].location


def test_an_act_denied_with_no_gives_no_event(pipeline):
    doc = run(pipeline, "Residents of Kalay said there was no fighting in the township on Monday.")
    assert not any(e.event_type == "Battles" for e in doc.events)
    assert "negated" in reasons(doc)


def test_a_strike_list_takes_its_sides_from_the_release_opening(pipeline):
    """The list's lead ("Warplanes conducted three strikes in Syria:") names neither side and its items name
    only what was hit; the opening sentence names the striker and the side struck. Before, the side struck
    was coded as the striker. Each item keeps the country of its own place for the side struck."""
    doc = run(pipeline, "Coalition air raids hit Daesh positions\n\n"
              "TAMPA, Florida, Oct 3, 2017 - The US-led coalition kept up its attacks on Islamic State fighters "
              "across both countries over the past day, a spokesman for the task force told reporters.\n\n"
              "Warplanes and drones carried out three strikes in Syria:\n\n"
              "-- Near Deir ez-Zor, one strike hit an ISIS fighting position.\n\n"
              "-- Near Abu Kamal, two strikes destroyed ISIS supply routes.\n\n"
              "Warplanes conducted two strikes in Iraq:\n\n"
              "-- Near Tal Afar, two strikes hit an ISIS checkpoint.", published=dt.date(2017, 10, 3))
    strikes = [e for e in doc.events if e.sub_event_type == "Air/drone strike"]
    assert len(strikes) == 3
    assert all(e.actor1 == "Global Coalition Against Daesh" for e in strikes)
    assert [e.actor2 for e in strikes] == ["Islamic State (Syria)", "Islamic State (Syria)", "Islamic State (Iraq)"]


def test_ground_a_non_state_side_takes_from_the_army_is_no_government_gain(pipeline):
    # ACLED's government gain is the state's forces retaking ground; militants taking it are overtaking it.
    doc = run(pipeline, "According to a monitoring group, Daesh fighters attacked army positions around the city of "
                        "Palmyra on Saturday and seized several hills to its north.")
    assert [e.sub_event_type for e in doc.events] == ["Non-state actor overtakes territory"]


def test_an_act_in_a_denied_report_is_no_event(pipeline):
    # "reports that ..." is the noun's content, not a relative clause: the denial governs the act.
    doc = run(pipeline, "The army on Friday denied reports on social media that rebels had captured the town of "
                        "Kidal in northern Mali.")
    assert doc.events == []
    assert "denied" in reasons(doc)
    doc = run(pipeline, "The army on Friday confirmed reports that rebels had captured the town of Kidal in "
                        "northern Mali on Thursday.")
    assert [e.sub_event_type for e in doc.events] == ["Non-state actor overtakes territory"]


def test_a_release_whose_lead_names_the_coalition_by_its_aircraft_gives_it_as_the_striker(pipeline):
    """"Coalition aircraft carried out ... against ISIS": in Iraq and Syria the coalition that strikes is
    the one against Daesh; its target is the side struck in every item, never the striker."""
    doc = run(pipeline, "Strikes hit ISIS in Syria\n\n"
              "SOUTHWEST ASIA, Aug. 9, 2016 - Coalition aircraft carried out five strikes against ISIS in Syria "
              "on Aug. 8, task force officials said.\n\n"
              "-- Near Manbij, three strikes hit two ISIS units and a mortar.\n"
              "-- Near Al Hawl, two strikes destroyed an ISIS truck.", published=dt.date(2016, 8, 9))
    strikes = [e for e in doc.events if e.sub_event_type == "Air/drone strike"]
    assert len(strikes) == 2
    assert {e.actor1 for e in strikes} == {"Global Coalition Against Daesh"}
    assert all(e.actor2.startswith("Islamic State") for e in strikes)


def test_forces_of_a_state_and_its_unnamed_partners_are_that_states_forces(pipeline):
    """"U.S. and partner-nation forces", "U.S. and coalition forces": the partners go unnamed, the state
    named leads; its forces are the striker, not the coalition's description nor the report's country."""
    for who in ("U.S. and partner-nation forces", "U.S. and coalition forces"):
        doc = run(pipeline, "Strikes hit ISIS in Iraq\n\n"
                  f"SOUTHWEST ASIA, Aug. 9, 2016 - {who} conducted four strikes against ISIS in Iraq "
                  "on Aug. 8.\n\n"
                  "-- Near Baiji, three strikes destroyed an ISIS bunker.\n"
                  "-- Near Hit, a strike hit an ISIS unit.", published=dt.date(2016, 8, 9))
        strikes = [e for e in doc.events if e.sub_event_type == "Air/drone strike"]
        assert len(strikes) == 2, who
        assert {e.actor1 for e in strikes} == {"Military Forces of the United States"}, who


def test_a_definite_act_with_no_place_and_no_day_of_its_own_is_the_act_told_before(pipeline):
    """The toll story tells the strike in its lead; "The drone hit the hall" is that strike again, not a
    second one on the day the bodies were found."""
    body = ("KHARKIV, June 5 (Example Wire) - Rescuers pulled two more bodies from a collapsed market hall "
            "in Izium on Monday, lifting the toll of Saturday's Russian drone strike there to six, "
            "the regional governor said.\n\nOfficials had counted four dead on Sunday morning, when the search "
            "was paused for the night. Eleven people were wounded, three of them children.\n\n"
            "The drone hit the hall shortly before noon, when it was crowded with shoppers.")
    doc = run(pipeline, body, published=dt.date(2023, 6, 5))
    assert [(ev.location, ev.event_date) for ev in doc.events] == [("Izyum", "2023-06-03")]


def test_a_condition_of_no_place_no_side_and_no_toll_gives_no_event(pipeline):
    """A feature's "stray mortar rounds and gunfire have emptied streets" ties no act to a place, a side or
    a toll: ACLED has nothing to code."""
    body = ("Fishermen in Marawi used to launch their boats from the old pier at first light. These days most "
            "of them stay ashore, and the pier is locked.\n\nThe army and the rebels have faced each other "
            "across the bay since 2019. Ice and fuel come by road from the south, and the catch sells for half "
            "its old price.\n\nStray mortar rounds and gunfire have emptied several streets along the shore. "
            "\"We mend nets we cannot use,\" said Rodel, a boat owner.")
    title = "Marawi's fishermen"
    article = Article("t", title + "\n\n" + body, title=title, published=dt.date(2023, 6, 5))
    doc = next(iter(pipeline.process([article])))
    assert not [ev for ev in doc.events if ev.event_type == "Explosions/Remote violence"]
    assert "an act of no place, no side, no toll and no day of its own" in reasons(doc)


def test_a_release_filed_abroad_gives_its_places_in_prose_not_its_dateline(pipeline):
    """A command's release filed from its headquarters abroad tells its strikes in prose, two places to a
    sentence ("near X, where two strikes ..., and near Y, where ..."): one strike event per place, and
    none at the headquarters' town, where the story was filed and nothing happened."""
    body = ("TAMPA, Fla., May 19, 2023 - Coalition aircraft hit ISIS 14 times on Thursday, the command said.\n\n"
            "In Syria, near Manbij, four strikes destroyed two boats and a mortar.\n\n"
            "In Iraq, the aircraft struck near Sinjar, where six strikes hit a tunnel entrance and two caches, "
            "and near Tal Afar, where four strikes hit a checkpoint used by the fighters.")
    doc = run(pipeline, body, published=dt.date(2023, 5, 19))
    assert sorted(e.location for e in doc.events) == ["Manbij", "Sinjar", "Tall 'Afar"]
    assert all(e.sub_event_type == "Air/drone strike" and e.event_date == "2023-05-18" for e in doc.events)
    # A wire bureau abroad: the act's village is unnamed, and the bureau's city is not where it was.
    wire = Article("w", "BEIRUT, May 19 (Wire) - Government aircraft bombed a rebel-held village on Thursday, killing "
                        "nine people, a Syrian monitoring group said.", published=dt.date(2023, 5, 19))
    (strike,) = next(iter(pipeline.process([wire]))).events
    assert (strike.location, strike.country, strike.fatalities) == ("", "Syria", 9)


def test_a_claim_of_the_act_told_before_is_no_act_of_its_own(pipeline):
    """"The militants claimed the attack, saying their fighter had struck a police patrol": the claim
    says who did the bombing told before; its own words ("struck a patrol") are not a second act, nor
    do they change the bombing's type."""
    body = ("A car bomb exploded outside a police station in Tuz Khurmatu on Sunday, killing six people, police "
            "said.\n\nThe militants claimed the attack online, saying their fighter had struck a police patrol.")
    doc = run(pipeline, body, published=dt.date(2017, 5, 8))
    assert [(e.sub_event_type, e.location, e.fatalities) for e in doc.events] == [
        ("Remote explosive/landmine/IED", "Tuz Khurmatu", 6)]


def test_a_communique_that_wishes_to_inform_tells_its_act(pipeline):
    """"X wishes to inform the public that ..." is a courtesy of police and army releases, not a wish: the
    act that follows happened. Officers sent to arrest someone have arrested no one."""
    doc = run(pipeline, "The Divisional Command wishes to inform residents that on Friday at about 2100hrs, "
                        "unknown gunmen opened fire on traders at a market in Gombe, shooting dead three men. "
                        "Tactical teams have been deployed to the area to arrest the perpetrators.")
    assert [e.sub_event_type for e in doc.events] == ["Attack"]
    assert doc.events[0].location == "Gombe" and doc.events[0].event_date == "2023-05-19"

