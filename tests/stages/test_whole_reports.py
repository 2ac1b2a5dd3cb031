"""Whole reports (issue 14): an incident's place found from the words a sentence uses for a town or a
region, and one event for the parts of one act told across sentences.

Every report runs through the whole real pipeline (spaCy, the typer, the gazetteer). The texts are our
own; each is long enough to be read sentence by sentence."""
import datetime as dt

import pytest

from sitrep.model import Article

PUBLISHED = dt.date(2023, 5, 20)  # a Saturday
PADDING = "Officials gave no further details. Residents said shops had reopened in the afternoon."


@pytest.fixture(scope="module")
def pipeline():
    from sitrep.pipeline import default_pipeline

    return default_pipeline({})


def run(pipeline, body: str, source="Example Wire"):
    article = Article("t", body + "\n\n" + PADDING, published=PUBLISHED, source=source)
    doc = next(iter(pipeline.process([article])))
    assert doc.error is None
    return doc


def test_strikes_told_in_a_region_then_near_a_town_are_one_event_at_the_town(pipeline):
    # "Makhmour" is a spelling the gazetteer knows only by its loose key; "near" says it is a place.
    doc = run(pipeline, "Turkish warplanes bombed militant hideouts in the mountains of northern Iraq on Thursday, "
                        "killing nine fighters, the defence ministry said.\n\nThe strikes hit caves and ammunition "
                        "stores near Makhmour, the ministry said. The group did not comment.")
    assert [(e.sub_event_type, e.event_date, e.geo_precision, e.fatalities) for e in doc.events] == \
        [("Air/drone strike", "2023-05-18", 2, 9)]
    assert doc.events[0].admin1 and abs(doc.events[0].latitude - 35.78) < 0.1


def test_a_district_the_gazetteer_lacks_is_in_the_town_the_report_named(pipeline):
    doc = run(pipeline, "Government forces and rebels have fought over Homs for months.\n\nOn Thursday, a barrel "
                        "bomb hit a busy street in the Al-Qusour district, killing seven people, activists said. "
                        "Rescue workers searched the rubble into the night.\n\nToday, much of the city lies in "
                        "ruins after three years of fighting.")
    # The barrel bomb is dropped from the air; the years of fighting are a campaign, not an act of today.
    assert [(e.sub_event_type, e.location, e.event_date, e.fatalities) for e in doc.events] == \
        [("Air/drone strike", "Homs", "2023-05-18", 7)]


def test_a_condemned_assault_and_the_bomb_that_opened_it_are_one_battle_with_one_toll(pipeline):
    doc = run(pipeline, "The Foreign Minister has condemned the attack on an army post in Kandahar, in which at "
                        "least nine soldiers were killed.\n\nSpeaking on Saturday, the Minister said: \"I condemn "
                        "yesterday's attack in Kandahar, in which militants detonated a truck bomb at the gate of "
                        "the army base before storming it. My thoughts are with the families of the soldiers.\"",
              source="Example Government")
    assert [(e.sub_event_type, e.location, e.event_date, e.fatalities) for e in doc.events] == \
        [("Armed clash", "Kandahar", "2023-05-19", 9)]


def test_bodies_found_later_in_the_day_are_the_killing_of_that_day(pipeline):
    doc = run(pipeline, "Police in Mosul said on Saturday that they were searching for the killers of six shepherds."
                        "\n\nA police officer said militants had raided a hamlet east of Mosul on Thursday and shot "
                        "six men near their flock. Their bodies were found later in the day by relatives.")
    # (The police's day of speaking is not the act's; the bodies found are the same act.)
    assert [(e.sub_event_type, e.event_date) for e in doc.events] == [("Attack", "2023-05-18")]


def test_an_act_that_dates_another_is_background(pipeline):
    doc = run(pipeline, "Today marks ten years since government forces attacked the town of Douma with rockets, "
                        "killing dozens of residents.\n\nThe minister said the victims would not be forgotten.",
              source="Example Government")
    assert doc.events == []
    assert "the time reference of another act: years since" in " | ".join(m.cues[-1] for m in doc.background)


def test_an_encyclopedia_campaign_dated_by_months_is_no_late_report(pipeline):
    article = Article("t", "The siege of Example was a campaign fought between March and November 2022 by army "
                           "units against rebels who held the town of Tikrit.\n\nThe army declared the town "
                           "retaken in November 2022. Much of it was destroyed.\n\n" + PADDING,
                      published=dt.date(2022, 12, 20), source="Wikipedia")
    doc = next(iter(pipeline.process([article])))
    assert doc.events == []


def test_a_strike_list_section_holds_its_items_in_its_country(pipeline):
    doc = run(pipeline, "SOUTHWEST ASIA, May 20, 2023 - Coalition forces conducted six strikes against ISIS in "
                        "Syria and Iraq on May 19, officials reported.\n\nStrikes in Syria\n\n"
                        "-- Near Mara, three strikes destroyed two ISIS fighting positions.\n"
                        "-- Near Manbij, one strike destroyed an ISIS vehicle.\n\nStrikes in Iraq\n\n"
                        "-- Near Sinjar, two strikes destroyed an ISIS tunnel.")
    assert {(e.country, e.event_date) for e in doc.events} == {("Syria", "2023-05-19"), ("Iraq", "2023-05-19")}
    assert len(doc.events) == 3


def test_air_cover_for_troops_crossing_a_river_into_a_district_is_the_battle_in_the_town(pipeline):
    doc = run(pipeline, "BAGHDAD, May 20 (Example Wire) - Iraqi troops advanced into the centre of Fallujah on "
                        "Saturday, military officials said.\n\nSoldiers crossed the Euphrates at dawn and moved into "
                        "the Jolan district under cover of coalition air strikes. The militants fought back with "
                        "snipers, and five soldiers were killed, a spokesman said.")
    # One battle: the advance is no takeover yet, and the air cover and the fight back are its parts.
    assert [(e.sub_event_type, e.fatalities) for e in doc.events] == [("Armed clash", 5)]
    assert "Fallujah" in doc.events[0].location


def test_a_strike_list_item_is_not_a_town_whose_name_it_only_extends():
    from sitrep.resources_loader import Resources
    from sitrep.stages.news import Summaries

    summaries = Summaries(Resources.load({}).geocoder)
    assert summaries._near_spelling("Baghdadi", "IQ") == []
    assert [p.name for p in summaries._near_spelling("Sinjjar", "IQ")] != []


def test_a_comment_on_the_acts_told_is_no_event_and_a_claimed_habit_no_strike(pipeline):
    doc = run(pipeline, "On Thursday, two RAF Typhoons attacked a militant position near Qayyarah with guided "
                        "bombs. On Friday a Reaper struck a pick-up truck carrying fighters west of Kirkuk. Both "
                        "attacks were successful, the ministry said.\n\nThe ministry says its aircraft strike "
                        "only military targets.")
    assert sorted((e.sub_event_type, e.event_date) for e in doc.events) == \
        [("Air/drone strike", "2023-05-18"), ("Air/drone strike", "2023-05-19")]


def test_a_condemned_attack_named_again_by_its_weapon_takes_its_type(pipeline):
    doc = run(pipeline, "The Government condemns in the strongest terms today's attacks in Mukalla, which killed "
                        "at least 20 people. A militant group has claimed responsibility for the bombings.\n\n"
                        "We stand with the people of Yemen.", source="Example Government")
    assert [(e.sub_event_type, e.location != "") for e in doc.events] == [("Remote explosive/landmine/IED", True)]


def test_it_was_the_second_attack_counts_the_act_told_no_new_one(pipeline):
    doc = run(pipeline, "KIRKUK, May 20 (Example Wire) - Militants attacked police posts in the town of Daquq, "
                        "south of Kirkuk, late on Friday, killing seven policemen, security sources said.\n\n"
                        "It was the second attack on the town in a month.")
    assert [(e.event_type, e.event_date) for e in doc.events] == [("Battles", "2023-05-19")]


def test_a_statement_titled_with_the_weapon_types_the_attack_it_condemns(pipeline):
    article = Article("t", "Minister condemns the bombing of a wedding in Gaziantep\n\nThe Minister condemned the "
                           "terrorist attack at a wedding in Gaziantep on Saturday night, which killed more than 30 "
                           "people.\n\nThe Minister said the country stood with the victims' families.\n\n" + PADDING,
                      published=dt.date(2023, 5, 22), source="Example Government")
    doc = next(iter(pipeline.process([article])))
    assert [(e.event_type, e.location, e.event_date) for e in doc.events] == \
        [("Explosions/Remote violence", "Gaziantep", "2023-05-20")]


def test_an_act_on_two_listed_towns_is_an_event_at_each_with_the_toll_shared(pipeline):
    doc = run(pipeline, "At least 30 people were killed in air raids by government warplanes on the towns of "
                        "Saraqib and Jisr al-Shughur in Idlib province on Thursday, a monitoring group said.\n\n"
                        "The group said the toll was likely to rise because many people were badly wounded.")
    assert sorted((e.location, e.sub_event_type, e.fatalities) for e in doc.events) == \
        [("Jisr al-Shughur", "Air/drone strike", 15), ("Saraqeb", "Air/drone strike", 15)]


def test_a_dateline_the_sentence_splitter_cut_from_its_town_is_still_no_day_of_the_act(pipeline):
    article = Article("t", "Gunmen kill eight at Afghan mosque\n\nKABUL, May 23 (Example Wire) - Gunmen stormed a "
                           "mosque in the western city of Herat during evening prayers on Monday, shooting dead "
                           "eight worshippers before escaping, police said on Tuesday.\n\nNo group claimed the "
                           "attack.\n\n" + PADDING, published=dt.date(2023, 5, 23), source="Example Wire")
    doc = next(iter(pipeline.process([article])))
    assert [(e.location, e.event_date) for e in doc.events] == [("Herat", "2023-05-22")]


def test_the_air_strikes_that_backed_a_capture_are_no_event_of_their_own(pipeline):
    doc = run(pipeline, "BEIRUT, May 20 (Example Wire) - Kurdish-led fighters captured the town of Tal Abyad from "
                        "Islamic State on Thursday, after a week-long offensive backed by U.S.-led air strikes, the "
                        "group said.\n\nThe group gave no toll.")
    assert [e.event_type for e in doc.events] == ["Battles"]
    assert "air support of the battle" in " | ".join(m.cues[-1] for m in doc.background)


def test_a_second_target_also_hit_was_hit_by_the_weapon_told_before(pipeline):
    doc = run(pipeline, "BEIRUT, May 20 (Example Wire) - Missiles struck a hospital near Maarat al-Numan in "
                        "northern Syria on Thursday, killing at least seven people, a medical charity said.\n\n"
                        "A second hospital in the town of Azaz, near the Turkish border, was also hit on Thursday, "
                        "killing 14 people, residents said.")
    assert sorted((e.location, e.sub_event_type) for e in doc.events) == \
        [("Azaz", "Shelling/artillery/missile attack"), ("Maarat al-Numan", "Shelling/artillery/missile attack")]


def test_a_sentence_that_only_sets_the_act_in_time_and_place_gives_its_day_and_place(pipeline):
    # The lead dates the act by the day the police spoke and places it in a whole state; the next
    # sentence, whose subject is that act, says when and where it was.
    doc = run(pipeline, "KANO, Nigeria, May 20 - Gunmen killed nine farmers in an attack in Nigeria's Katsina "
                        "state, police said on Saturday.\n\nThe attack took place on Thursday evening near "
                        "Dutsin-Ma, a police spokesman said. Police have sent more officers to the area.")
    assert [(e.event_type, e.location, e.event_date, e.fatalities) for e in doc.events] == \
        [("Violence against civilians", "Dutsin-Ma", "2023-05-18", 9)]


def test_a_sentence_that_goes_on_to_tell_more_is_no_mere_setting(pipeline):
    from sitrep.stages.detect import restated_act

    sdoc = pipeline.stages[1].nlp("The raid was carried out by the militia and targeted a market in the town.")
    assert not restated_act(sdoc, 0, len(sdoc.text))
    sdoc = pipeline.stages[1].nlp("The raid was carried out on Tuesday night near the border.")
    assert restated_act(sdoc, 0, len(sdoc.text))


def test_an_offensive_to_retake_a_town_is_fighting_not_a_takeover(pipeline):
    doc = run(pipeline, "Government troops launched an offensive on Thursday to retake the town of Kafranbel in "
                        "Syria's Idlib province from "
                        "rebels, a military source said.\n\nHeavy clashes went on into the night, the source added.")
    assert [(e.sub_event_type, e.location, e.event_date) for e in doc.events] == \
        [("Armed clash", "Kafr Nabl", "2023-05-18")]


def test_a_town_retaken_stays_a_gain(pipeline):
    doc = run(pipeline, "Government troops retook the Syrian town of Kafranbel from rebels on Thursday after a week of "
                        "fighting, a military source said.")
    assert [e.sub_event_type for e in doc.events] == ["Government regains territory"]


def test_a_town_placed_in_a_region_of_its_country_is_no_namesake_of_the_attackers_country(pipeline):
    # The report names Turkey far more than Syria; the town is tied to Syria by the region named with it.
    doc = run(pipeline, "Turkish jets have bombed targets in the Kurdish-held Afrin region of northern Syria, in a "
                        "new offensive against a militia that Ankara calls a terrorist group.\n\nThe Turkish army "
                        "said it had hit 40 targets on Thursday. Turkey says the operation will go on.")
    assert [(e.sub_event_type, e.location, e.event_date) for e in doc.events] == \
        [("Air/drone strike", "Afrin", "2023-05-18")]


def test_victims_counted_in_the_strike_just_told_are_its_toll_not_a_second_act(pipeline):
    doc = run(pipeline, "A coalition air strike killed two senior ISIL military commanders near Mosul, Iraq, on "
                        "Thursday, the coalition said.\n\nAbu Omar al-Iraqi, ISIL's deputy minister of war, and Abu "
                        "Bakr al-Shami, a military commander in Mosul, were killed in the strike along with several "
                        "other fighters.")
    assert [(e.sub_event_type, e.location, e.event_date, e.fatalities) for e in doc.events] == \
        [("Air/drone strike", "Mosul", "2023-05-18", 2)]


def test_a_state_objecting_to_strikes_is_no_demonstration(pipeline):
    doc = run(pipeline, "A drone struck a car near Sinjar in northern Iraq on Thursday, killing two fighters, local "
                        "officials said.\n\nTurkey says it targets only militants. Baghdad has protested earlier "
                        "strikes as breaches of Iraqi sovereignty.")
    assert [e.event_type for e in doc.events] == ["Explosions/Remote violence"]


def test_people_protesting_in_a_capital_are_still_protesters(pipeline):
    doc = run(pipeline, "Hundreds of teachers protested in Baghdad on Thursday over unpaid salaries, witnesses said.")
    assert [e.event_type for e in doc.events] == ["Protests"]


def test_a_strike_a_release_reports_late_is_its_own_event(pipeline):
    doc = run(pipeline, "Coalition continues strikes against ISIL\n\nSOUTHWEST ASIA, May 20, 2023 - Coalition aircraft "
                        "carried out four strikes against ISIL in Iraq on May 19.\n\nStrikes in Iraq\nFighter and "
                        "attack aircraft conducted four strikes in Iraq:\n-- Near Mosul, three strikes destroyed two "
                        "ISIL fighting positions.\n-- Near Tal Afar, a strike hit an ISIL tactical unit.\n\nIn addition, "
                        "two strikes hit an ISIL tactical unit near Hit on May 16; they were not reported in the "
                        "earlier release.", source="CENTCOM")
    assert sorted((e.location, e.event_date) for e in doc.events if e.sub_event_type == "Air/drone strike") == \
        [("Hit", "2023-05-16"), ("Mosul", "2023-05-19"), ("Tall 'Afar", "2023-05-19")]


def test_a_live_fire_drill_shells_no_one(pipeline):
    doc = run(pipeline, "Troops from four countries ended a week-long exercise near Diffa in Niger on Thursday, "
                        "officials said.\n\nArtillery drills were carried out on a range north of the town, and "
                        "live-fire manoeuvres were held along the river.")
    assert [e for e in doc.events if e.event_type == "Explosions/Remote violence"] == []


def test_shelling_of_a_town_stays_an_act(pipeline):
    doc = run(pipeline, "Rebel artillery shelled a range north of Diffa in Niger on Thursday, officials said.")
    assert [e.sub_event_type for e in doc.events] == ["Shelling/artillery/missile attack"]


def test_victims_counted_in_an_attack_at_another_town_are_that_acts_not_the_one_just_told(pipeline):
    # The raid is told in passing ("a day after ..."); the next paragraph counts its dead at its own town.
    doc = run(pipeline, "A landmine destroyed an army truck outside Mopti on Thursday morning, killing four soldiers, a "
                        "day after gunmen had raided a gendarmerie post in the region, officials said.\n\nTwo gendarmes "
                        "and three of the attackers died in the raid on the post at Djenne, the army said.")
    found = [(e.location, e.fatalities) for e in doc.events]
    assert ("Mopti", 4) in found and any(place == "Djenne" for place, _ in found)


def test_victims_counted_in_the_strike_at_a_town_of_the_region_told_are_its_toll(pipeline):
    doc = run(pipeline, "A drone strike hit a weekly market in Mali's Mopti region on Thursday, the army said.\n\n"
                        "Three traders were killed in the strike on the market at Djenne, a local official said.")
    assert [(e.sub_event_type, e.location, e.fatalities) for e in doc.events] == [("Air/drone strike", "Djenne", 3)]


def test_a_county_is_in_a_country_whose_units_are_counties(pipeline):
    # South Sudan's Bor (or a town of Kenya's, Liberia's, ...: countries some of whose units are called
    # counties), not the larger Bor of Russia, where no unit is called so.
    doc = run(pipeline, "Two fishermen were shot dead on a river bank in Bor County on Friday, the county "
                        "commissioner said. He blamed raiders from a neighbouring area.")
    assert [(e.country, e.location) for e in doc.events] == [("South Sudan", "Bor")]


def test_the_hospital_a_wounded_victim_died_in_is_no_place_of_the_act(pipeline):
    doc = run(pipeline, "Shot by raiders near Kitgum on Friday, a second herder died at a hospital in Gulu on Sunday, "
                        "taking the number killed in the raid to two.")
    assert [(e.country, e.location) for e in doc.events] == [("Uganda", "Kitgum")]


def test_a_hospital_named_like_a_town_abroad_leaves_the_act_to_the_title_town(pipeline):
    # "Al-Hussein" alone is a namesake in North Korea; the woman died at the hospital, the bomb was in Kismayo.
    article = Article("t", "The market bombing's toll reached five on Wednesday: a teacher hurt in the blast succumbed "
                           "at Al-Hussein hospital, her family said.\n\n" + PADDING,
                      title="Teacher hurt in Kismayo blast dies", published=PUBLISHED, source="Example Wire")
    doc = next(iter(pipeline.process([article])))
    assert [(e.country, e.location) for e in doc.events] == [("Somalia", "Kismayo")]


def test_an_act_at_an_unnamed_village_on_a_named_day_keeps_its_country(pipeline):
    # A wire names no town of the raid: the act stays, placed in the country alone, for the cross-report
    # merge to join to a report that names the village.
    doc = run(pipeline, "OUAGADOUGOU, May 20 (Example Wire) - Gunmen raided a hamlet in northern Burkina Faso on "
                        "Thursday, killing nine herders, a security source said.\n\nThe group has stepped up its "
                        "raids in the region since last year, according to aid workers.")
    assert [(e.country, e.location, e.fatalities) for e in doc.events] == [("Burkina Faso", "Burkina Faso", 9)]


def test_an_act_at_a_named_town_the_gazetteer_lacks_is_not_kept_at_its_country(pipeline):
    doc = run(pipeline, "OUAGADOUGOU, May 20 (Example Wire) - Gunmen attacked an army post in the town of Zkwarbo in "
                        "northern Burkina Faso on Thursday, the army said, adding that six soldiers were killed in the "
                        "fighting.\n\nThe army said reinforcements had been sent to the area.")
    assert not [e for e in doc.events if e.location == e.country]


def test_acts_told_day_by_day_in_one_sentence_are_events_apart(pipeline):
    doc = run(pipeline, "Security in Borno worsened during the week. On 15 May, gunmen ambushed a convoy of traders near "
                        "Konduga and four drivers were killed; on 17 May, gunmen raided a market in Damboa, killing three "
                        "people. Aid workers reported that many families had fled.")
    assert sorted((e.location, e.event_date, e.fatalities) for e in doc.events) == \
        [("Damboa", "2023-05-17", 3), ("Konduga", "2023-05-15", 4)]


def test_a_town_on_whose_outskirts_the_act_fell_is_its_place_over_the_region(pipeline):
    # GeoNames spells the town only with its article ("Ash Shaddadah"): the loose key finds it, and "the
    # outskirts of" says it is a place, and the act's, as plainly as "near" does.
    doc = run(pipeline, "A drone struck a pick-up truck on the outskirts of Shaddadi in eastern Syria on Thursday, "
                        "killing three fighters, a war monitor said.")
    assert [(e.sub_event_type, e.geo_precision, e.fatalities) for e in doc.events] == [("Air/drone strike", 2, 3)]
    assert abs(doc.events[0].latitude - 36.06) < 0.1 and abs(doc.events[0].longitude - 40.73) < 0.1


def test_strikes_told_inside_a_battle_of_months_are_history(pipeline):
    doc = run(pipeline, "A grenade thrown at a market stall in Marawi on Tuesday wounded three vendors, police said.\n\n"
                        "Whole blocks of the city were destroyed during the five-month siege, when air strikes "
                        "pounded the militants' positions. Residents say rebuilding is slow.")
    assert [e.sub_event_type for e in doc.events] == ["Grenade"]


def test_a_weapon_word_without_a_defusal_seizure_or_interception_is_no_disrupted_weapons_use(pipeline):
    # The typer gives such sentences Disrupted weapons use with a low and unsteady confidence, so the rule is
    # asked directly of a mention of that type in each sentence of a real parsed report.
    from sitrep.model import Event
    from sitrep.pipeline import Mention

    doc = run(pipeline, "Gunmen shot dead two policemen at a checkpoint in Baqubah late on Thursday, security sources "
                        "said.\n\nThe victims worked for a charity that clears landmines left by the war. On Friday, "
                        "army engineers defused a roadside bomb planted on the road to the checkpoint.")
    news = next(s for s in pipeline.stages if s.name == "news")
    reasons = {}
    for s, e in doc.sentences:
        m = Mention("Strategic developments", "Disrupted weapons use", 0.4, (s, e), (s, s + 3),
                    event=Event("t", "Strategic developments", "Disrupted weapons use"))
        reasons[doc.text[s:e].split()[1]] = news._defining_content(doc, m)
    assert reasons["victims"] and "no defusal" in reasons["victims"]
    assert reasons["Friday,"] is None


def test_an_exercise_the_parser_reads_as_the_start_of_a_noun_phrase_still_bombs_no_one():
    # "The drill trained teams": spaCy reads "trained teams" as a noun phrase, so the clause has no verb with
    # the exercise as its subject; the sentence still opens with the exercise.
    from sitrep.nlp import load_nlp
    from sitrep.stages.detect import _exercise_clause

    nlp = load_nlp()
    text = "The drill trained teams in casualty care and the disposal of car bombs."
    at = text.index("bombs")
    assert _exercise_clause(nlp(text), (at, at + 5))
    text = "Rebels planted car bombs near the base where the drill was held."
    at = text.index("bombs")
    assert not _exercise_clause(nlp(text), (at, at + 5))


def test_fighting_that_has_continued_to_go_on_is_a_campaign_not_an_act(pipeline):
    doc = run(pipeline, "Government troops have continued to clash with rebels around Bunia, the army said.\n\n"
                        "On Thursday, a roadside bomb hit an army truck near Beni, killing two soldiers, the army said.")
    assert [(e.sub_event_type, e.location) for e in doc.events] == [("Remote explosive/landmine/IED", "Beni")]


def test_a_group_of_aircraft_and_an_aircrafts_crew_strike_as_the_aircraft_do():
    from sitrep.nlp import load_nlp
    from sitrep.stages.news import CondemnedActs, _aircraft_crew

    nlp = load_nlp()
    acts = CondemnedActs()

    def subject(text):
        return next(t for t in nlp(text) if t.dep_ == "nsubj")

    assert acts._is_aircraft(subject("A pair of Rafale jets attacked a group of fighters near the farm."))
    assert acts._is_aircraft(subject("A flight of four F-16s bombed the bridge."))
    assert not acts._is_aircraft(subject("A pair of boots lay on the road."))
    assert _aircraft_crew(subject("Its crew fired a missile at the truck."))
    assert not _aircraft_crew(subject("A crew from the television station filmed the ruins."))


def test_a_sentence_that_sets_the_scene_gives_its_day_to_the_act_told_next(pipeline):
    doc = run(pipeline, "French jets struck a militant camp near Mosul on Monday 15 May, the ministry said.\n\n"
                        "Two Rafales were back over the western desert on Thursday 18 May. Near Rutba, they spotted a "
                        "militant checkpoint and destroyed it.")
    assert sorted((e.location, e.event_date) for e in doc.events) == [("Ar Rutba", "2023-05-18"), ("Mosul", "2023-05-15")]


def test_acts_with_no_day_no_town_and_no_count_in_a_statement_of_concern_are_no_event(pipeline):
    tail = ("\n\nShe urged the warring sides to spare civilians and let food convoys through.\n\nThe Office "
            "will keep monitoring the situation and reporting on violations.")
    doc = run(pipeline, "The Special Envoy is alarmed by reports of shelling that has killed and injured civilians in "
                        "Sudan's South Kordofan state." + tail)
    assert doc.events == []
    # A count makes it one act, placed at the province's capital.
    doc = run(pipeline, "The Special Envoy is alarmed by reports that militiamen killed 40 villagers in North Darfur "
                        "state." + tail)
    assert [(e.sub_event_type, e.fatalities) for e in doc.events] == [("Attack", 40)]


def test_a_truce_agreed_at_the_beginning_of_the_month_is_background_weeks_later(pipeline):
    doc = run(pipeline, "In the camps outside Gaziantep, families wait for news from home.\n\nA ceasefire agreed by the "
                        "army and the rebels in Geneva at the beginning of May has held for two weeks in the north. "
                        "Few families believe it will last.\n\n\"We left with nothing,\" says one mother of five. Aid "
                        "workers say food is running short.")
    assert doc.events == []


def test_the_part_of_a_month_dates_an_act_in_it():
    from sitrep.arguments import resolve_date

    for text, day in [("at the beginning of April", 1), ("in early April", 1), ("late April", 30), ("in mid-April", 15)]:
        found = resolve_date(text, (0, len(text)), dt.date(2024, 5, 20))
        assert (found.date, found.precision) == (dt.date(2024, 4, day), 3), text
    assert resolve_date("they may attack", (0, 15), dt.date(2024, 4, 20)) is None


def test_a_compass_word_before_a_country_is_a_part_of_that_country_not_a_namesake_town_abroad(pipeline):
    """"south Lebanon" is the south of Lebanon; GeoNames's South Lebanon is a town in Ohio, and a
    compass word written small before a country names no town abroad."""
    doc = run(pipeline, "Drone strike kills two in south Lebanon\n\nBEIRUT, May 20 (Wire) - An Israeli drone hit a car "
                        "near Bint Jbeil in south Lebanon on Friday, killing two Hezbollah members, a security "
                        "official said.")
    strikes = [e for e in doc.events if e.sub_event_type == "Air/drone strike"]
    assert len(strikes) == 1
    assert strikes[0].country == "Lebanon" and strikes[0].fatalities == 2


def test_a_death_told_by_its_ordinal_paragraphs_later_raises_the_acts_toll(pipeline):
    """"killing three policemen ... A fourth policeman died of his wounds on Sunday": the ordinal counts
    on from the act's toll, past the sentences that tell the fight's detail and on a later day."""
    doc = run(pipeline, "Gunmen kill four police in Nigeria\n\nMAIDUGURI, May 20 (Wire) - Gunmen stormed a police "
                        "station in Konduga late on Friday, killing three policemen, officials said.\n\nThe attackers "
                        "arrived on motorcycles and fired rockets at the building before the officers fought back, a "
                        "police spokesman said. A fourth policeman died of his wounds in hospital on Saturday.")
    violent = [e for e in doc.events if e.event_type in ("Battles", "Violence against civilians")]
    assert len(violent) == 1 and violent[0].fatalities == 4


def test_a_sources_day_is_not_the_day_of_the_act_its_paragraph_dated(pipeline):
    """"On Wednesday night militants attacked a post. Six were killed in the gun battle, an officer said on
    Thursday": one clash, on Wednesday, whatever day the officer spoke."""
    doc = run(pipeline, "BAGHDAD, May 19 (Wire) - Residents of Baqubah described a tense week.\n\n"
                        "On Wednesday night militants attacked an army post on the outskirts of Baqubah. Four "
                        "soldiers and two of the raiders lost their lives in an exchange of fire that went on for "
                        "an hour, an army officer said on Thursday. The rest of the group fled towards the orchards.")
    assert [(e.sub_event_type, e.event_date) for e in doc.events] == [("Armed clash", "2023-05-17")]


def test_an_act_that_takes_no_place_is_no_event_when_the_place_beside_it_was_found(pipeline):
    """A name the gazetteer resolved but did not give to the act ("taken to a hospital in Kirkuk") does not
    keep an unplaced act ("reinforcements were sent") as an event: only a name it lacks does."""
    doc = run(pipeline, "KIRKUK, May 19 (Wire) - Gunmen attacked a police checkpoint on the edge of Hawija late on "
                        "Thursday, sparking a firefight that lasted until dawn, security sources said.\n\n"
                        "Three policemen were killed, an officer said. Two wounded officers were taken to a hospital "
                        "in Kirkuk.\n\nA police spokesman said that reinforcements had arrived in the area, and that "
                        "troops were combing nearby fields for the attackers.")
    assert [(e.sub_event_type, e.location, e.fatalities) for e in doc.events] == [("Armed clash", "Al Hawijah", 3)]
