import datetime as dt

import pytest

from sitrep.model import Article
from sitrep.stages.arguments import after_dateline


@pytest.mark.parametrize("text, rest", [
    ("KHARTOUM, April 17 (Reuters) - Fighting resumed on Monday.", "Fighting resumed on Monday."),
    ("KIRKUK, Iraq, Nov 8 - Militants attacked a post.", "Militants attacked a post."),
    ("Militants attacked a post on Nov 8 - officials said.", "Militants attacked a post on Nov 8 - officials said."),
])
def test_datelines_are_not_event_dates(text, rest):
    start, end = after_dateline(text, (0, len(text)))
    assert text[start:end] == rest


def test_a_report_codes_date_actors_place_and_deaths(resources):
    from sitrep.pipeline import default_pipeline

    text = ("ADEN, May 4 - Gunmen killed two soldiers at a checkpoint in Aden on Tuesday, a security official said.\n\n"
            "The attackers fled on motorcycles.")
    art = Article("t", text, published=dt.date(2021, 5, 5))
    events = default_pipeline({})(art).events
    assert events, "no event found"
    ev = events[0]
    assert ev.event_date == "2021-05-04" and ev.time_precision == 1
    assert ev.fatalities == 2
    assert ev.country == "Yemen" and ev.location.startswith("Aden")
    assert ev.actor2.startswith("Military Forces of Yemen")
    assert "a security official" in ev.source
    for spans in ev.evidence.values():
        for span in spans:
            assert text[span.start:span.end] == span.text


@pytest.fixture(scope="module")
def pipeline(resources):
    from sitrep.pipeline import default_pipeline

    return default_pipeline({})


def test_an_act_told_after_the_scene_takes_its_place_and_day(pipeline):
    """The place and the day named in a sentence before the act, with one sentence between, are the
    act's: one event at Manbij on Friday, not one with no place on the publication day."""
    text = ("Kurdish-led fighters were in Manbij on Friday, activists said.\n\n"
            "The town lies on the main supply route between Raqqa and the Turkish border.\n\n"
            "Militants stormed a checkpoint held by the fighters, killing six of them.")
    events = pipeline(Article("t", text, published=dt.date(2016, 6, 12))).events
    stormed = [e for e in events if e.fatalities == 6]
    assert len(stormed) == 1
    assert stormed[0].location == "Manbij" and stormed[0].event_date == "2016-06-10"
    span = stormed[0].evidence["event_date"][0]
    assert text[span.start:span.end] == "on Friday"


@pytest.mark.parametrize("lead, precision", [("6 km from", 2), ("in", 1), ("about ten kilometres north of", 2),
                                             ("some 6 km (4 miles) from the Turkish border town of", 2)])
def test_a_distance_from_a_town_is_that_town_at_precision_2(pipeline, lead, precision):
    text = f"A roadside bomb exploded {lead} Azaz on Sunday, killing three civilians, a monitoring group said."
    events = pipeline(Article("t", text, published=dt.date(2016, 9, 18))).events
    assert [(e.location, e.geo_precision) for e in events][:1] == [("Azaz", precision)]


def test_a_town_in_the_sentence_wins_over_its_region(pipeline):
    text = ("Hours later, a roadside bomb struck an army convoy travelling between Afgoye and Mogadishu in "
            "Lower Shabelle region on Monday, killing two soldiers, an officer said.")
    events = pipeline(Article("t", text, published=dt.date(2023, 3, 14))).events
    assert [(e.location, e.geo_precision) for e in events][:1] == [("Afgooye", 2)]


def test_a_facility_named_like_a_town_abroad_is_placed_in_its_own_town(pipeline):
    """"Salam" alone resolves to a village in Oman; followed by "hospital" it names the facility, and the
    battle for it is in Mosul, the town the sentence puts the facility in."""
    text = ("Iraqi troops fought Islamic State militants on Tuesday for control of the Salam hospital, in the "
            "east of Mosul, killing 20 militants, officials said.")
    events = pipeline(Article("t", text, published=dt.date(2016, 11, 20))).events
    assert [(e.location, e.country) for e in events][:1] == [("Mosul", "Iraq")]


def test_an_act_told_as_separate_does_not_take_the_place_before(pipeline):
    """"Separately, a car bomb exploded in Ain Issa": wherever the bomb was, it was not where the shelling
    told just before was, even when the gazetteer does not know the bomb's own place."""
    text = ("Turkish-backed fighters shelled Ras al-Ain on Sunday, killing four civilians, a monitoring group said.\n\n"
            "Kurdish officials said the fighting had forced thousands of families to leave their homes.\n\n"
            "Separately, a car bomb exploded in Ain Issa on Saturday, killing two people.\n\n"
            "The offensive has drawn condemnation from European governments.")
    events = pipeline(Article("t", text, published=dt.date(2019, 10, 14))).events
    shelled = next(e for e in events if e.fatalities == 4)
    bomb = next(e for e in events if e.fatalities == 2)
    assert shelled.location and bomb.location != shelled.location
    assert bomb.event_date == "2019-10-12"


def test_acled_names_the_side_a_note_leaves_unnamed(pipeline):
    """Violence against civilians has civilians as its target, state forces fighting an unnamed foe
    fight an unidentified armed group, and fire with no side named on a front is the side that fires at that place."""
    shot = pipeline(Article("v", "Gunfire from a passing car killed a shopkeeper in Celaya, Guanajuato, on 2 May 2020.",
                            published=dt.date(2020, 5, 2))).events[0]
    assert shot.sub_event_type == "Attack" and shot.actor2 == "Civilians (Mexico)" and shot.inter2 == 7
    clash = pipeline(Article("c", "On 2 May 2020, police officers clashed with two suspects in Monterrey, Nuevo Leon.",
                             published=dt.date(2020, 5, 2))).events[0]
    assert clash.event_type == "Battles" and clash.actor1 == "Police Forces of Mexico (2018-)"
    assert clash.actor2 == "Unidentified Armed Group (Mexico)"
    front = pipeline(Article("f", "On 2 May 2020, heavy machine-gun fire was heard near Avdiivka, Donetsk region.",
                             published=dt.date(2020, 5, 2))).events[0]
    assert front.admin1 == "Donetsk"
    # Avdiivka was held by Ukraine's forces, so fire near it came from the other side; fire no one is seen
    # to return has no actor2.
    assert front.event_type == "Explosions/Remote violence"
    assert (front.actor1, front.actor2) == ("NAF: United Armed Forces of Novorossiya", "")


def test_a_town_known_only_abroad_gives_way_to_the_unit_the_note_places_it_in(pipeline):
    """The gazetteer's only Buk is in Poland; "Buk (Damboa, Borno)" is in Nigeria, so the event is placed
    at the district the note names, near (precision 2), not 5,000 km away."""
    ev = pipeline(Article("b", "On 2 May 2020, Nigerian troops shelled insurgent positions in Buk (Damboa, Borno).",
                          published=dt.date(2020, 5, 2))).events[0]
    assert ev.country == "Nigeria" and ev.admin1 == "Borno" and ev.geo_precision == 2
    assert abs(ev.latitude - 11.2) < 0.5 and abs(ev.longitude - 12.8) < 0.5


@pytest.mark.parametrize("unit, lat, lon", [("Biu LGA", 10.61, 12.19), ("Apa LGA", 7.6, 7.9)])
def test_a_village_the_gazetteer_lacks_falls_to_the_lga_the_note_names(pipeline, unit, lat, lon):
    """spaCy reads a short LGA name with its title as a person ("Biu LGA"); the unit is still a place, and
    the act in a village the gazetteer lacks is placed at it, not at the state's capital."""
    state = "Borno" if unit.startswith("Biu") else "Benue"
    ev = pipeline(Article("l", f"On 7 June 2021, gunmen kidnapped three traders near Mirnga ({unit}, {state}).",
                          published=dt.date(2021, 6, 7))).events[0]
    assert ev.admin1 == state and ev.geo_precision == 2
    assert abs(ev.latitude - lat) < 0.3 and abs(ev.longitude - lon) < 0.3


def test_the_side_that_attacked_is_actor1_when_the_other_repelled_it(pipeline):
    ev = pipeline(Article("r", "On 2 May 2020, Afghan forces repulsed a Taliban attack on a checkpoint in Nad Ali district, Helmand.",
                          published=dt.date(2020, 5, 2))).events[0]
    assert ev.event_type == "Battles"
    assert ev.actor1 == "Taliban" and ev.actor2.startswith("Military Forces of Afghanistan")


def test_a_fight_or_an_attack_by_no_named_side_is_the_unidentified_armed_groups(pipeline):
    shootout = pipeline(Article("s", "On 2 May 2020, a shoot-out broke out in the Mare neighbourhood of Rio de Janeiro.",
                                published=dt.date(2020, 5, 2))).events[0]
    assert shootout.event_type == "Battles" and shootout.actor1 == "Unidentified Armed Group (Brazil)"
    shelled = pipeline(Article("u", "On 2 May 2020, artillery fire by an unknown party hit Abu Salim in Tripoli, Libya.",
                               published=dt.date(2020, 5, 2))).events[0]
    assert shelled.actor1 == "Unidentified Armed Group (Libya)"


def test_an_unnamed_killer_takes_the_name_the_country_s_coders_give_it(pipeline):
    ev = pipeline(Article("k", "Two men on a motorbike shot and killed a bus driver in Recife, Pernambuco, on 2 May 2020.",
                          published=dt.date(2020, 5, 2))).events[0]
    assert ev.event_type == "Violence against civilians"
    assert ev.actor1 == "Unidentified Gang and/or Police Militia" and ev.actor2 == "Civilians (Brazil)"


def test_one_side_of_a_front_fired_on_the_other(pipeline):
    ev = pipeline(Article("n", "On 2 May 2020, NAF forces fired mortars at positions near Avdiivka, Donetsk region.",
                          published=dt.date(2020, 5, 2))).events[0]
    assert ev.actor1 == "NAF: United Armed Forces of Novorossiya" and ev.actor2 == "Military Forces of Ukraine (2019-)"


@pytest.mark.parametrize("text, published, want", [
    # The dateline's day, not the next morning's publication date, is the day "Sunday" counts back from
    # and the day of an act the report gives no day.
    ("MOSUL, June 9 (Wire) - Gunmen shot dead three farmers on Sunday in Mosul, police said.", "2024-06-10",
     "2024-06-09"),
    ("MOSUL, 8 June (Wire) - Gunmen shot dead three farmers in Mosul, police said.", "2024-06-10", "2024-06-08"),
    ("June 8 (Wire) - Gunmen shot dead three farmers in Mosul, police said.", "2024-06-10", "2024-06-08"),
    ("MOSUL, June 8 (Wire) - Gunmen shot dead three farmers in Mosul yesterday, police said.", "2024-06-10",
     "2024-06-07"),
    # A first sentence that tells an act is no such line.
    ("On 7 June gunmen shot dead three farmers in Mosul.\n\nToday police arrested a suspect in Mosul.", "2024-06-10",
     "2024-06-07"),
])
def test_relative_days_count_from_the_dateline(pipeline, text, published, want):
    events = pipeline(Article("d", text, published=dt.date.fromisoformat(published))).events
    assert events, "no event found"
    # The act told first (the output is not in the order of the text).
    first = min(events, key=lambda e: e.evidence["event_type"][0].start)
    assert first.event_date == want


def test_reference_date_needs_a_day_near_publication():
    from sitrep.stages.arguments import reference_date

    pub = dt.date(2024, 6, 10)
    assert reference_date("MOSUL, June 9 (Wire) - Police said.", pub) == dt.date(2024, 6, 9)
    assert reference_date("MOSUL, June 19 (Wire) - Police said.", pub) == pub  # after publication
    assert reference_date("Gunmen shot three farmers.", pub) == pub
    # A leading line that only gives the day the report covers.
    assert reference_date("Field log for Saturday, 8 June 2024.\n\nGunmen shot three farmers today.", pub) \
        == dt.date(2024, 6, 8)
    assert reference_date("On 8 June gunmen shot three farmers.\n\nPolice came.", pub) == pub
    assert reference_date("MOSUL, June 9 (Wire) - Police said.", None) is None


@pytest.mark.parametrize("dateline", ["BENI, June 4 (Wire) - ", ""])
def test_an_act_with_no_day_takes_the_news_day_of_the_lead(pipeline, dateline):
    """The lead says "overnight" (the day before the report); a later act told with its own place but
    no day is of that night, not of the day the report was filed or the day officials spoke."""
    text = (dateline + "Two attacks in North Kivu killed at least nine people overnight, officials said on Tuesday.\n\n"
            "Rebels of one group burned a health centre in Mutwanga.\n\n"
            "Hours earlier, gunmen attacked farmers near the town of Oicha, killing three.")
    events = pipeline(Article("l", text, published=dt.date(2024, 6, 4))).events
    farmers = [e for e in events if e.fatalities == 3]
    assert len(farmers) == 1 and farmers[0].event_date == "2024-06-03"
    span = farmers[0].evidence["event_date"][0]
    assert text[span.start:span.end] == "overnight"



def test_the_dateline_town_is_not_the_place_of_an_act_placed_elsewhere(pipeline):
    """The dateline says where the story was filed; the sentence's own place is where the act was."""
    text = ("KIRKUK, Iraq, June 9 (Wire) - Militants attacked police posts in two villages of Diyala province "
            "on Sunday, killing two officers.")
    events = pipeline(Article("k", text, published=dt.date(2024, 6, 10))).events
    assert len(events) == 1 and events[0].admin1 == "Diyala"
    span = events[0].evidence["location"][0]
    assert text[span.start:span.end] == "Diyala province"
    # With no other place in the sentence, the dateline's town is still the best there is.
    text = "KIRKUK, Iraq, June 9 (Wire) - Militants attacked a police post on Sunday, killing two officers."
    events = pipeline(Article("k", text, published=dt.date(2024, 6, 10))).events
    assert len(events) == 1 and events[0].location == "Kirkuk"


@pytest.mark.parametrize("text", [
    "Police fired tear gas at rioters in the Wadi area of Surat on Monday, officials said.",
    "In Surat, police fired tear gas at rioters in the Wadi neighbourhood on Monday, officials said.",
])
def test_a_part_of_a_town_resolved_far_away_is_coded_at_the_town(pipeline, text):
    """"Wadi" is also a town in Karnataka, 700 km from Surat: as a part of Surat the act is at Surat."""
    events = pipeline(Article("w", text, published=dt.date(2024, 6, 11))).events
    assert events and all(e.location == "Surat" for e in events)


def test_a_toll_told_as_risen_is_marked_revised_and_scores_approximate(pipeline):
    risen = Article("r", "The number of people killed in Friday's car bombing in Kirkuk has risen to 23, "
                         "the provincial health office said on Sunday.", published=dt.date(2022, 8, 14))
    vague = Article("v", "Gunmen killed scores of villagers in Damboa on Friday, residents said.",
                    published=dt.date(2022, 8, 13))
    exact = Article("x", "Gunmen killed 31 villagers in Damboa on Friday, residents said.",
                    published=dt.date(2022, 8, 13))

    def qualifiers(art):
        return {c.qualifier for ev in pipeline(art).events for c in ev.claims if c.kind == "fatalities"}

    assert qualifiers(risen) == {"revised"}
    assert qualifiers(vague) == {"approximate"}
    assert qualifiers(exact) == {None}


def test_an_overview_of_several_acts_gives_way_to_the_acts(pipeline):
    """A lead counting two attacks over a province, then each attack at its town: two events with their
    own tolls, no third event for the lead's total; a counted killing of civilians in a long report is
    an act even though "killed" is no typing cue."""
    text = ("GOMA, March 9 - Two attacks by armed groups in North Kivu province killed at least 19 people "
            "overnight, officials said on Saturday.\n\n"
            "Rebels of the Allied Democratic Forces killed at least 12 villagers in Beni.\n\n"
            "Further south, gunmen killed seven farmers near Kanyabayonga, a local chief said.\n\n"
            "The province has seen years of violence by dozens of armed groups.")
    events = pipeline(Article("o", text, published=dt.date(2024, 3, 9))).events
    assert sorted(ev.fatalities for ev in events) == [7, 12]
    [beni] = [ev for ev in events if ev.location == "Beni"]
    # Folded into the lead, the act took the lead's type (a clash of "armed groups") and lost its victims.
    assert beni.sub_event_type == "Attack" and beni.actor2.startswith("Civilians") and beni.fatalities == 12


def test_an_act_at_a_place_the_gazetteer_lacks_keeps_the_reports_country(pipeline):
    text = ("The truce in Syria largely held on Tuesday, monitors said.\n\n"
            "Shops reopened in Aleppo and Idlib, and aid lorries reached Homs.\n\n"
            "The talks are due to resume in Geneva next month.\n\n"
            "But government aircraft bombed the Qurnat al-Zaytun valley on Tuesday, residents said.")
    events = pipeline(Article("c", text, published=dt.date(2017, 2, 8))).events
    placeless = [ev for ev in events if ev.latitude is None]
    assert placeless, [(e.sub_event_type, e.location) for e in events]
    assert {ev.country for ev in placeless} == {"Syria"} and all(ev.location == "" for ev in placeless)
def test_a_town_of_another_state_is_no_namesake_of_the_one_the_report_places(pipeline):
    """The gazetteer's towns called Benito Juarez all lie outside Nuevo Leon; the report says Nuevo Leon,
    so the event is in that state (coded at its seat), not at a village of the same name 1,500 km away."""
    ev = pipeline(Article("n", "On 3 May 2020, in Benito Juarez, Nuevo Leon, gunmen shot dead a shopkeeper.",
                          published=dt.date(2020, 5, 3))).events[0]
    assert ev.country == "Mexico" and ev.admin1 == "Nuevo Leon"
    assert abs(ev.latitude - 25.7) < 0.5 and abs(ev.longitude + 100.3) < 0.5


def test_a_neighbourhood_that_matches_a_village_elsewhere_leaves_the_city_named_with_its_state(pipeline):
    """"in Celaya, Guanajuato ... in Colonia El Venado": the colonia is a part of Celaya; the village
    of that name in another state is not where the act was."""
    ev = pipeline(Article("c", "On 29 April 2020, in Celaya, Guanajuato, a man was shot dead outside his home in "
                               "Colonia El Venado.", published=dt.date(2020, 4, 29))).events[0]
    assert ev.admin1 == "Guanajuato" and ev.location == "Celaya"


@pytest.mark.parametrize("word", ["city", "town"])
def test_a_settlement_word_between_a_town_and_its_units_still_places_it(pipeline, word):
    """"Khairpur city (Khairpur, Sindh)": the district named in brackets picks the Khairpur that is its
    seat, not the smaller namesake in another district."""
    ev = pipeline(Article("k", f"On 3 May 2020, shopkeepers protested outside the press club in Khairpur {word} "
                               "(Khairpur, Sindh) against power cuts.", published=dt.date(2020, 5, 3))).events[0]
    assert ev.admin1 == "Sindh"
    assert abs(ev.latitude - 27.53) < 0.15 and abs(ev.longitude - 68.76) < 0.15


def test_the_armed_groups_a_report_names_say_which_namesake_it_means(pipeline):
    """Al Bayda is a Libyan city and a Yemeni province; a report that names the Houthis but no country
    is about Yemen."""
    ev = pipeline(Article("h", "On 6 May 2020, jets struck a Houthi weapons depot in Al Bayda, witnesses said.",
                          published=dt.date(2020, 5, 6))).events[0]
    assert ev.country == "Yemen"


def test_a_town_known_only_in_another_country_gives_way_to_the_province_named_after_it(pipeline):
    """The gazetteer's only Hays is in Kansas; "Hays city (Al Hudaydah)" is in Yemen, so the event is in
    the province the report names, not in the United States."""
    ev = pipeline(Article("y", "On 2 May 2020, snipers shot dead a farmer on the edge of Hays city (Al Hudaydah).",
                          published=dt.date(2020, 5, 2))).events[0]
    assert ev.country == "Yemen" and ev.admin1 == "Al Hudaydah"


def test_bodies_found_in_a_note_of_several_sentences_are_an_event(pipeline):
    """A note of four sentences is read sentence by sentence; bodies found with gunshot wounds are an
    act, whether or not the sentence holds a typing cue."""
    text = ("Around 5 June 2020 (as reported), in Recife, Pernambuco, the bodies of three men were found in a "
            "field with gunshot wounds. All three had charges against them for robbery. Circumstances of death "
            "are unknown. 3 fatalities.")
    events = pipeline(Article("b", text, published=dt.date(2020, 6, 5))).events
    assert len(events) == 1 and events[0].fatalities == 3 and events[0].location == "Recife"


def test_two_unnamed_sides_of_one_kind_are_coded_on_both_sides(pipeline):
    """ACLED codes the same generic actor on both sides of a fight between unnamed groups of one kind; a
    mob that fought no one attacked civilians; a protest met by unnamed forces met the police."""
    shootout = pipeline(Article("s", "On 2 May 2020, a shoot-out broke out in the Mare neighbourhood of Rio de Janeiro.",
                                published=dt.date(2020, 5, 2))).events[0]
    assert shootout.actor2 == shootout.actor1 == "Unidentified Armed Group (Brazil)"
    brawl = pipeline(Article("m", "On 3 May 2020, two groups of farmers attacked each other with sticks over a field "
                                  "in Larkana, Sindh, injuring five people.", published=dt.date(2020, 5, 3))).events[0]
    assert brawl.sub_event_type == "Mob violence"
    assert brawl.actor1 == brawl.actor2 == "Rioters (Pakistan)"


def test_a_counter_protest_told_later_is_the_second_side(pipeline):
    ev = pipeline(Article("p", "On 3 May 2020, nurses marched peacefully in Novi Sad, Serbia, against low pay. The march was "
                               "called by a union from Belgrade. Their slogans were about overtime. Supporters of the mayor "
                               "answered with a counterprotest.", published=dt.date(2020, 5, 3))).events[0]
    assert ev.sub_event_type == "Peaceful protest"
    assert ev.actor1 == ev.actor2 == "Protesters (Serbia)"


@pytest.mark.parametrize("clause", ["bringing the toll to eleven", "raising the death toll to eleven"])
def test_a_toll_brought_to_a_new_figure_is_a_revision(pipeline, clause):
    """A follow-up that adds the newly dead to the old count revises it: the merge keeps it over the
    first day's lower figure instead of taking the lowest of rival claims."""
    text = (f"Three wounded passengers died in hospital on Thursday after Wednesday's bus bombing in Quetta, "
            f"{clause}, officials said.")
    events = pipeline(Article("t", text, published=dt.date(2023, 10, 19))).events
    tolls = [c for e in events for c in e.claims if c.kind == "fatalities" and c.value == 11]
    assert tolls and all(c.qualifier == "revised" for c in tolls)


def test_each_paragraph_of_a_short_item_is_read_on_its_own(pipeline):
    """A two-paragraph news item about two acts in neighbouring towns: each act keeps its own place,
    sides and dead. Typed whole, as a coder's one-paragraph note is, both took both paragraphs' dead."""
    text = ("Gunmen on motorbikes stormed a market in Kaura Namoda on Sunday and shot dead nine traders, "
            "police said.\n\nLater that night, in neighbouring Shinkafi, soldiers fought a gang that tried to "
            "enter the town, and four of the bandits died.")
    events = pipeline(Article("t", text, published=dt.date(2022, 3, 7))).events
    assert sorted((e.location, e.event_type, e.fatalities) for e in events) == [
        ("Kaura Namoda", "Violence against civilians", 9), ("Shinkafi", "Battles", 4)]


def test_the_town_its_residents_speak_from_is_the_acts_place(pipeline):
    """"Residents of X said": the witnesses are at X, so X is where the act they tell happened, not a
    town used for its government ("Washington said"), even where the recogniser takes it for a person."""
    text = ("Residents of Jawhar said they woke to heavy gunfire before dawn today as al-Shabaab militants "
            "fought government troops at the army camp north of the town.")
    events = pipeline(Article("t", text, published=dt.date(2023, 2, 21))).events
    assert [(e.location, e.country) for e in events] == [("Jawhar", "Somalia")]


def test_deaths_told_with_a_seizure_are_the_fights_not_the_seizures(pipeline):
    text = ("Soldiers on Tuesday repelled an attack by Boko Haram fighters on their base in Gwoza, Borno State. "
            "The troops neutralised five of the attackers and seized a cache of ammunition and two rifles.")
    events = pipeline(Article("g", text, published=dt.date(2021, 3, 3))).events
    fights = [e for e in events if e.event_type == "Battles"]
    seized = [e for e in events if e.event_type == "Strategic developments"]
    assert fights and fights[0].fatalities == 5
    assert seized and all(e.fatalities == 0 for e in seized)


def test_a_toll_told_paragraphs_later_is_the_one_acts(pipeline):
    text = ("Mourners gathered on Sunday for the soldiers among those killed in Friday's car bomb attack on a "
            "checkpoint in Kirkuk.\n\n"
            "Police said four suspects had been detained.\n\n"
            "The health directorate said on Sunday that 17 people had died, and that nine of the wounded "
            "were in a critical condition.")
    events = pipeline(Article("k", text, published=dt.date(2019, 3, 10))).events
    bombs = [e for e in events if e.event_type == "Explosions/Remote violence"]
    assert bombs and bombs[0].fatalities == 17
    arrests = [e for e in events if e.sub_event_type == "Arrests"]
    assert all(e.fatalities == 0 for e in arrests)


def test_the_other_sides_dead_told_next_add_to_the_fights_toll(pipeline):
    text = ("On 4 June 2021, al-Shabaab fighters attacked an army base in Afgoye. The soldiers repelled the "
            "attackers, six of whom were killed. Two of our soldiers also lost their lives.")
    events = pipeline(Article("a", text, published=dt.date(2021, 6, 5))).events
    fights = [e for e in events if e.event_type == "Battles"]
    assert fights and fights[0].fatalities == 8


def test_the_lead_that_tells_the_toll_before_the_act_gives_it(pipeline):
    text = ("A farmers' union urges an independent inquiry into last month's killing of at least 11 villagers in eastern "
            "Burkina Faso.\n\nAccording to survivors we spoke to, gunmen on motorbikes stormed the village of Goubi near "
            "Diapaga and executed men in the square.")
    events = pipeline(Article("l", text, published=dt.date(2022, 5, 2))).events
    violent = [e for e in events if e.event_type == "Violence against civilians"]
    assert violent and violent[0].fatalities == 11


def test_an_act_at_a_facility_named_before_by_its_town_is_placed_at_that_town(pipeline):
    text = ("Before the war, the University of Mosul taught more than 20,000 students. Its laboratories were "
            "famous across the region.\n\n"
            "Lecturers fled in 2014 and many buildings were left empty. On Friday, army units took full control "
            "of the campus after a day of fighting, officers said. They found the library burnt.\n\n"
            "Former students hope classes will resume next year. The government has promised to rebuild it.")
    events = pipeline(Article("t", text, published=dt.date(2017, 1, 16))).events
    taken = [e for e in events if e.event_type == "Battles"]
    assert taken and taken[0].location == "Mosul"
    assert taken[0].event_date == "2017-01-13"


def test_a_village_the_gazetteer_lacks_is_placed_near_the_town_the_next_sentence_names(pipeline):
    text = ("Residents said fighters had shot dead four farmers in the village of Qarawul Saghir on Sunday.\n\n"
            "The village lies about 20 km south of Kirkuk. Officials gave no further details.\n\n"
            "The province has seen years of unrest. Schools are due to open next week.")
    events = pipeline(Article("t", text, published=dt.date(2016, 8, 10))).events
    assert [(e.location, e.geo_precision) for e in events] == [("Kirkuk", 2)]


@pytest.mark.parametrize("town, rest", [
    ("MARIB", ", Yemen, Jan 12 (Wire) - Four soldiers were killed on Tuesday."),
    ("GAO", ", Mali, 3 March - A convoy hit a mine on Sunday."),
    ("EL FASHER", ", North Darfur, Sept 2 - Shells fell on the market."),
    ("KABUL", ", Nov 22 (Wire) - A bomb went off."),
])
def test_a_dateline_cut_after_its_town_is_still_no_part_of_the_act(town, rest):
    """The sentence splitter may cut a dateline after its town: what is left, with or without the town's
    country or state, still opens with the dateline, whose day is the report's, not the act's."""
    text = town + rest
    start, end = after_dateline(text, (len(town), len(text)))
    assert text[start:end] == rest.split(" - ", 1)[1]


def test_the_following_day_in_a_sentence_with_no_act_moves_the_next_act_a_day_on(pipeline):
    text = ("RAF update\n\nThe RAF kept up its support for the Iraqi advance this week.\n\n"
            "On Monday 3 April, as Iraqi troops moved towards Mosul, a Reaper watched the approaches to the city. "
            "When militants were seen setting up a mortar, the Reaper attacked them with a Hellfire missile.\n\n"
            "The following day, two Typhoons flew a patrol west of the city. They found a truck bomb on the "
            "outskirts of Tal Afar and destroyed it with a guided bomb.")
    events = pipeline(Article("t", text, published=dt.date(2017, 4, 7))).events
    days = {e.location: e.event_date for e in events}
    assert days.get("Mosul") == "2017-04-03"
    assert [d for loc, d in days.items() if "Afar" in loc] == ["2017-04-04"]


def test_a_district_no_gazetteer_holds_is_in_the_town_the_report_is_about(pipeline):
    """A paragraph naming no town places its unknown district in the town the report names most, not in
    the town a paragraph before named in passing."""
    text = ("Life in besieged Deir ez-Zor\n\n"
            "The government-held half of Deir ez-Zor has been cut off for months, and food reaches Deir ez-Zor "
            "only by air.\n\n"
            "Bread costs ten times what it costs in Damascus, residents say.\n\n"
            "On Tuesday, a mortar shell fired by the militants hit a queue outside a clinic in the Qusour "
            "district, killing four people, state media said.")
    events = pipeline(Article("t", text, published=dt.date(2016, 9, 22))).events
    shells = [e for e in events if e.fatalities == 4]
    assert [e.location for e in shells] == ["Deir ez-Zor"]


def test_a_lead_dated_by_its_source_takes_the_day_told_next_after_a_dateline_sentence(pipeline):
    """A dateline left as a sentence of its own opens no story: the lead after it, dated only by the day
    its source spoke, takes the act's day the next sentence tells, and the two are one attack."""
    text = ("Militants kill nine in raid on Borno village\n\n"
            "MAIDUGURI, Nigeria, March 9 (Wire) - Militants killed nine villagers and burned dozens of houses in an "
            "attack on a village about 15 km from the town of Bama in Nigeria's Borno state, a local official said "
            "on Thursday.\n\n"
            "The attackers arrived on motorcycles late on Tuesday and opened fire on residents as they fled, said "
            "the official, who gave his name as Musa.\n\n"
            "The army has retaken most of the towns the group held in 2015, but it still raids villages.")
    events = pipeline(Article("t", text, published=dt.date(2017, 3, 9))).events
    attacks = [e for e in events if e.sub_event_type == "Attack"]
    assert [(e.event_date, e.fatalities) for e in attacks] == [("2017-03-07", 9)]


def test_a_named_site_the_gazetteer_lacks_is_in_the_town_of_the_report(pipeline):
    """Rebels take "the X artillery academy", a site no gazetteer holds, in a report about one city: ACLED
    codes the site at its town, not an event with no place."""
    text = ("Rebels say they have reached the south of Aleppo\n\n"
            "Rebel fighters say they have pushed into the south-western edge of Aleppo after a week-long "
            "offensive.\n\n"
            "The rebels captured the Ramouseh artillery academy on Saturday, a monitoring group said. Government "
            "forces said fighting was continuing.")
    events = pipeline(Article("t", text, published=dt.date(2016, 8, 7))).events
    assert [e.location for e in events if e.event_date == "2016-08-06"] == ["Aleppo"]


@pytest.mark.parametrize("shift, want", [
    ("A day earlier", "2019-11-08"),
    ("The previous day", "2019-11-08"),
    ("Two days earlier", "2019-11-07"),
])
def test_a_day_told_relative_to_the_story_counts_from_its_last_day(pipeline, shift, want):
    """A report filed on Tuesday about Saturday's shelling tells of a strike "a day earlier": the Friday
    before the shelling, not the Monday before the report. Counted from the filing day, the strike would
    also fall on the shelling's day and be folded into it."""
    text = ("Shelling hits Idlib town\n\n"
            "BEIRUT, Nov 12 (Wire) - Government artillery shelled the town of Saraqib on Saturday, killing three "
            "people, rescue workers said.\n\n"
            f"{shift}, Russian jets bombed the outskirts of Maarat al-Numan, a monitoring group said. It gave no toll.\n\n"
            "The province is the last large area held by the opposition.")
    events = pipeline(Article("t", text, published=dt.date(2019, 11, 12))).events
    days = {e.sub_event_type: e.event_date for e in events}
    assert days.get("Shelling/artillery/missile attack") == "2019-11-09"
    assert days.get("Air/drone strike") == want


def test_the_dateline_town_is_no_antecedent_of_a_town_the_body_names(pipeline):
    """A wire filed from the capital about a village south of a town the gazetteer lacks: the act is near
    that town, not in the capital the story was filed from."""
    text = ("NIAMEY, Feb 3 (Wire) - Gunmen killed at least nine villagers on Sunday in Dargol, a hamlet south of "
            "the town of Kwarteyni in Niger's Tillaberi region, a local official said.")
    events = pipeline(Article("dl", text, published=dt.date(2025, 2, 3))).events
    assert events
    assert all(e.location != "Niamey" for e in events)


def test_an_attack_on_a_police_post_with_both_sides_dead_is_a_clash_with_the_police(pipeline):
    text = ("Three constables were martyred and two terrorists were killed when militants attacked the Kulachi "
            "police station in Dera Ismail Khan late on Sunday, police said.")
    events = pipeline(Article("pp", text, published=dt.date(2025, 3, 3))).events
    fights = [e for e in events if e.fatalities == 5]
    assert fights and fights[0].event_type == "Battles" and fights[0].sub_event_type == "Armed clash"
    assert fights[0].actor2.startswith("Police Forces of Pakistan")


def test_a_gunman_who_kills_an_off_duty_policeman_attacks_a_civilian():
    """Neither a post of the forces attacked nor the attackers' dead: the toll alone does not make a fight."""
    from sitrep.actors.roles import attack_on_forces

    text = "Gunmen shot dead a policeman outside his home in the market town on Monday evening."
    assert attack_on_forces(text, (0, len(text)), "Attack", [(15, 24)], []) is None


def test_a_district_of_the_city_the_report_is_about_is_that_city(pipeline):
    """The gazetteer knows the district's name as another city's: the report means the city it is about."""
    text = ("Russian drones struck Kharkiv overnight, the regional governor said on Tuesday. A man was killed "
            "when a drone hit an apartment block in the Shevchenkivskyi district.")
    events = pipeline(Article("kd", text, published=dt.date(2025, 5, 6))).events
    assert events and all(e.location == "Kharkiv" for e in events)


def test_the_group_that_tells_of_a_strike_is_no_side_of_it(pipeline):
    text = ("An aircraft dropped two bombs on a market in Kalay at noon on Sunday, killing four traders, a commander "
            "of the local People's Defence Force said.")
    events = pipeline(Article("sp", text, published=dt.date(2025, 2, 10))).events
    assert events and all("Defense Force" not in (e.actor1 or "") for e in events)


def test_a_part_of_the_town_by_its_possessive_is_in_the_town_the_report_is_about(pipeline):
    """"Near the town's market" places the act in the town; the report's town is the one it names first
    when the towns named before the act are each named once ("families from X and Y live here now");
    "the west bank of" a river is no West Bank."""
    text = ("Manbij two years on\n\n"
            "Manbij was taken from the militants in the summer of 2016 after a long siege, and its markets "
            "have filled again since.\n\n"
            "The town sits on the west bank of a river, the Sajur, and many families who fled Raqqa and Deir "
            "ez-Zor now rent rooms in its old houses.\n\n"
            "On Monday evening a bomb left on a cart exploded near the town's vegetable market, killing three "
            "people, a doctor at the local hospital said. Nobody said they had planted it.")
    doc = pipeline(Article("t", text, published=dt.date(2018, 7, 24)))
    bombs = [e for e in doc.events if e.fatalities == 3]
    assert [(e.location, e.event_date) for e in bombs] == [("Manbij", "2018-07-23")]
    assert "west bank" not in [pm.text for pm in doc.places if pm.place is not None]


def test_the_toll_told_next_by_someone_in_the_province_of_the_town_is_the_acts(pipeline):
    """The province that holds the act's town is no other place: "a doctor in X province said" after
    the act still gives that act's dead."""
    text = ("A suicide bomber detonated his vest among wedding guests in Muqdadiyah on Saturday evening, "
            "police said.\n\nNine people were killed and 20 hurt, a doctor in Diyala province said.")
    events = pipeline(Article("t", text, published=dt.date(2017, 5, 7))).events
    assert [(e.sub_event_type, e.fatalities) for e in events] == [("Suicide bomb", 9)]


def test_south_of_the_town_counts_from_the_town_the_report_is_about(pipeline):
    """"South of the town", on a road, in a paragraph that names no town, is measured from the town the
    report is about, not from the town the paragraph before named in passing."""
    text = ("Life returns slowly to Sinjar\n\n"
            "A few hundred families have come back to Sinjar since the militants were driven out in late 2015.\n\n"
            "Traders say the drive to Mosul for supplies still takes most of a day because of checkpoints.\n\n"
            "On Sunday a roadside bomb hit a minibus some 10 km south of the town, killing four passengers, "
            "a local official said. No group said it had planted the bomb.")
    events = pipeline(Article("t", text, published=dt.date(2017, 6, 12))).events
    assert [(e.location, e.geo_precision, e.fatalities) for e in events] == [("Sinjar", 2, 4)]


def test_the_day_a_toll_rose_is_not_the_day_of_the_act(pipeline):
    """"The number killed in the shelling of X rose to 12 on Friday": Friday is when the toll was
    revised; the act's day is told next."""
    text = ("The toll of dead from the shelling of a market in Donetsk rose to 12 on Friday, as two of "
            "the wounded died in hospital, city officials said.\n\nShells hit the covered market on Thursday "
            "morning while it was crowded with shoppers, the officials said.")
    events = pipeline(Article("t", text, published=dt.date(2022, 6, 10))).events
    assert [(e.event_date, e.fatalities) for e in events] == [("2022-06-09", 12)]
