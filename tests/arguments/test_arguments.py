"""Dates, fatalities, attributions, figures and notes, on sentences written for these tests and on the seed report."""
import datetime as dt
from pathlib import Path

import pytest

from sitrep.arguments import (claimant_for, coder_tally, extract_fatalities, extract_figures, find_attributions, resolve_date,
                              write_notes)
from sitrep.model import Claim, Event, Span

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / "000_beb33edead0d82e0.txt"
SAT = dt.date(2020, 2, 1)  # a Saturday


def date_of(text, published=SAT, **kw):
    return resolve_date(text, (0, len(text)), published, **kw)


def deaths(text):
    return extract_fatalities(text, (0, len(text)))


# ---------------------------------------------------------------- dates
@pytest.mark.parametrize("night", ["in the night of 27 to 28 January", "on the night of 27/28 January",
                                   "during the night of the 27th to 28th January", "on the night of 27-28 January"])
def test_a_night_across_two_dates_is_its_first_day_and_says_it_was_at_night(night):
    r = date_of(f"Armed men raided the camp {night}, killing four guards.")
    assert (r.date, r.precision) == (dt.date(2020, 1, 27), 1)
    assert r.span is not None and "night" in f"Armed men raided the camp {night}"[r.span[0]:r.span[1]]
    # Two nights or more are a range, dated as before.
    assert date_of("Armed men raided the camp between 25 and 28 January.").precision == 2


def test_the_day_a_statement_is_made_gives_way_to_the_day_of_the_act_it_names():
    r = date_of("Speaking today, the envoy condemned the deadly shelling of the camp on Wednesday.")
    assert r.date.isoformat() == "2020-01-29"


def test_an_anniversary_names_the_past_day():
    r = date_of("Five years ago today, rebels overran the air base.")
    assert r.date.isoformat() == "2015-02-01"


@pytest.mark.parametrize("text,want", [
    ("Gunmen attacked the convoy on Saturday.", "2020-02-01"),  # same weekday as publication: that day
    ("Gunmen attacked the convoy early on Tuesday.", "2020-01-28"),
    ("Gunmen attacked the convoy on Monday evening.", "2020-01-27"),
    ("Gunmen attacked the convoy last Saturday.", "2020-01-25"),
    ("Gunmen attacked the convoy yesterday.", "2020-01-31"),
    ("Gunmen attacked the convoy last night.", "2020-01-31"),
    # A part of the day joined to a named day is told in that day, not counted back from publication.
    ("Gunmen attacked the convoy overnight on Wednesday.", "2020-01-29"),
    ("Gunmen attacked the convoy overnight Tuesday, police said.", "2020-01-28"),
    ("Gunmen attacked the convoy two days ago.", "2020-01-30"),
    ("Gunmen attacked the convoy on January 26, 2020.", "2020-01-26"),
    ("Gunmen attacked the convoy on 28 January.", "2020-01-28"),
    ("Gunmen attacked the convoy on 3 March.", "2019-03-03"),  # a later day-and-month is last year's
    ("On Friday, January 31, gunmen attacked the convoy.", "2020-01-31"),
    ("Gunmen attacked the convoy on the 30th.", "2020-01-30"),
    ("Gunmen attacked the convoy on the 1st.", "2020-02-01"),
    ("Dec. 28 -- Gunmen attacked the convoy.", "2019-12-28"),
])
def test_day_precision(text, want):
    r = date_of(text)
    assert (r.date.isoformat(), r.precision) == (want, 1)
    assert text[r.span[0]:r.span[1]].strip()


def test_week_precision_is_the_middle_of_the_week():
    r = date_of("Troops advanced into the north this week, seizing a town.")
    assert (r.date, r.precision) == (dt.date(2020, 1, 29), 2) and r.date.strftime("%A") == "Wednesday"
    assert (r.date_from, r.date_to) == (dt.date(2020, 1, 27), SAT)
    r = date_of("Clashes over the past week left the road closed.")
    assert r.precision == 2 and r.date_from == dt.date(2020, 1, 25) and r.date_to == dt.date(2020, 1, 31)
    r = date_of("The town fell two weeks ago.")
    assert (r.date, r.precision) == (dt.date(2020, 1, 18), 2)
    r = date_of("The town fell last week.", published=dt.date(2020, 2, 5))
    assert (r.date_from, r.date_to, r.date) == (dt.date(2020, 1, 27), dt.date(2020, 2, 2), dt.date(2020, 1, 30))


def test_month_precision():
    r = date_of("The massacre took place in December 2019.")
    assert (r.date, r.precision) == (dt.date(2019, 12, 15), 3)
    r = date_of("Fighting resumed last month.")
    assert (r.date, r.precision) == (dt.date(2020, 1, 15), 3)


def test_day_beats_week_and_dates_after_since_are_not_event_dates():
    r = date_of("This week rebels shelled the town on Thursday.")
    assert (r.date, r.precision) == (dt.date(2020, 1, 30), 1)
    assert date_of("Thousands have fled since Monday.") is None
    assert date_of("Talks are due next Friday.") is None


def test_no_publication_date_uses_only_explicit_dates():
    assert date_of("Gunmen attacked the convoy on Saturday.", published=None) is None
    assert date_of("Gunmen attacked the convoy on 28 January.", published=None) is None  # no year: never invented
    r = date_of("Gunmen attacked the convoy on 28 January 2020.", published=None)
    assert r.date == dt.date(2020, 1, 28) and "no publication date" in r.basis
    r = date_of("Gunmen attacked the convoy.", fallback_published=True)
    assert r.date == SAT and r.span is None and "publication date" in r.basis
    assert date_of("Gunmen attacked the convoy.") is None


# A coder's hedges, as in ACLED's notes: the stated day, coded at the precision of a week or month.
@pytest.mark.parametrize("text,want,precision", [
    ("Around 8 May 2020 (as reported), gunmen burned a police post.", "2020-05-08", 2),
    ("On or around 8 May 2020, gunmen burned a police post.", "2020-05-08", 2),
    ("On 6 May 2020 (or around), gunmen burned a police post.", "2020-05-06", 2),
    ("As reported on 7 May 2020, gunmen burned a police post.", "2020-05-07", 2),
    ("Around 5 May 2020 (week of), gunmen burned a police post.", "2020-05-05", 2),
    ("On 2 May 2020 (month of), gunmen burned a police post.", "2020-05-02", 3),
    ("On 8 May 2020, about 40 teachers marched to the ministry.", "2020-05-08", 1),
])
def test_hedged_days_keep_the_day_at_a_coarser_precision(text, want, precision):
    r = date_of(text, published=dt.date(2020, 5, 9))
    assert (r.date.isoformat(), r.precision) == (want, precision)


def test_a_range_of_days_is_coded_on_its_last_day():
    r = date_of("Between 1 and 3 May, herders and farmers clashed near the river.", published=dt.date(2020, 5, 9))
    assert (r.date, r.precision, r.date_from) == (dt.date(2020, 5, 3), 2, dt.date(2020, 5, 1))
    r = date_of("From 30 April to 2 May 2020, the camp was shelled daily.", published=dt.date(2020, 5, 9))
    assert (r.date, r.date_from) == (dt.date(2020, 5, 2), dt.date(2020, 4, 30))
    # A hedged day written first stays the day coded, with its range only as detail.
    r = date_of("Around 4 May 2020 (3-4 May), youths clashed with machetes.", published=dt.date(2020, 5, 9))
    assert (r.date, r.precision) == (dt.date(2020, 5, 4), 2)
    # Numbers of people are no range of days.
    r = date_of("On 3 May 2020, between 250 and 400 people marched.", published=dt.date(2020, 5, 9))
    assert (r.date, r.precision) == (dt.date(2020, 5, 3), 1)


# ---------------------------------------------------------------- fatalities
def test_the_dead_of_an_earlier_act_the_sentence_measures_from_are_not_counted():
    f = deaths("Missiles hit a rail depot in Kharkiv on Monday night, killing two workers, three days after a "
               "drone strike killed five people in the city.")
    assert f.value == 2 and "five" not in f.details
    # With no dead of its own before it, the time reference frames the sentence's own act.
    assert deaths("On Monday, two days after the vote, gunmen killed 12 villagers near Djibo.").value == 12


@pytest.mark.parametrize("text,value", [
    ("Militants killed 3 soldiers and 2 civilians near the border.", 5),
    ("At least 13 people were killed in the blast.", 13),
    ("Between 13 and 15 people died.", 13),
    ("13-15 people died in the fire that followed the strike.", 13),
    ("The raid killed dozens of fighters.", 12),
    ("Hundreds of people were killed, officials said.", 100),
    ("Tens of villagers were massacred.", 10),
    ("A dozen villagers were massacred.", 12),
    ("Eleven police officers were killed in the ambush.", 11),
    ("Two soldiers were killed and eleven others wounded.", 2),
    ("A suicide bomber killed a policeman in the market.", 1),
    ("The death toll rose to 27 on Sunday.", 27),
    ("The blast left 4 dead and 10 injured.", 4),
    ("Gunmen opened fire, killing seven worshippers and wounding 12.", 7),
    ("No one was killed in the explosion.", 0),
    ("The attack caused heavy casualties.", 0),
    ("The attack caused 20 casualties.", 0),
    ("Twenty people were wounded in the shelling.", 0),
    ("At least six rangers in the national park were killed on Sunday.", 6),
    ("Four people were injured, and two soldiers were killed.", 2),
    ("The death toll from Sunday's raid has risen to 30.", 30),
    ("The bodies of 12 soldiers were recovered from the river.", 12),
    ("He was killed along with his two sons.", 3),
    ("The strike killed a commander and his two bodyguards.", 3),
    ("Gunmen killed a farmer and kidnapped his wife.", 1),
    ("The bodies of four workers were found, bringing the death toll to six.", 6),
    ("At least one guard died and several others were hurt.", 1),
    ("Masked gunmen shot dead a local radio journalist outside his office.", 1),
    ("A crowd stoned to death a young herder accused of theft.", 1),
    ("Villagers beat to death a man they accused of sorcery.", 1),
    ("The raiders burned a market, beheading 4 traders.", 4),
    ("On 3 May 2024, militants attacked a convoy near the town. 6 fatalities were reported.", 6),
    ("On 3 May 2024, police dispersed a crowd in the capital. No fatalities were reported.", 0),
    ("On 3 May 2024, gunmen raided a farm near the river. 1 fatality was reported.", 1),
    ("On 3 May 2024, gunmen raided a farm near the river. Fatalities: 4.", 4),
    ("Gunmen raided the farm, resulting in 2 reported fatalities.", 2),
    ("A wounded policeman later died in hospital.", 1),
    ("Seven people, including three children, were killed in the raid.", 7),
    ("The blast killed 9 people, among them 2 soldiers.", 9),
    # one victim named by an office or trade the lexicon does not list, behind up to three words
    ("Gunmen shot dead the district's chief tax assessor outside his office.", 1),
    ("Masked men killed a local radio presenter near the market.", 1),
    ("Troops said 12 ISWAP/BH insurgents were killed in the raid.", 12),
    ("Two robbers fled and one was killed by the police.", 1),
    ("A suspect was shot and died at the scene.", 1),
    ("The body of a woman was found with stab wounds beside the road.", 1),
    ("Vigilantes beat a suspected cattle thief to death at the market.", 1),
    ("The chairman of a local traders' union was shot dead outside his shop.", 1),
    ("The body of the victim was later handed to his family.", 0),
])
def test_fatality_values(text, value):
    f = deaths(text)
    assert f.value == value and not f.aggregate


def test_injured_are_counted_apart():
    f = deaths("Two soldiers were killed and eleven others wounded.")
    assert (f.value, f.injured) == (2, 11)
    assert text_of(f, "Two soldiers were killed and eleven others wounded.") == ["Two soldiers"]


def text_of(f, text):
    return [text[s:e] for s, e in f.spans]


def test_conflicting_figures_take_the_lowest():
    assert deaths("Five people were killed, according to police. Residents said eight people died.").value == 5
    assert deaths("The army said 30 militants were killed, while the group said only 4 of its fighters died.").value == 4
    assert deaths("A young girl was killed in the blast. Witnesses said the grenade killed a girl.").value == 1
    # different victims in separate statements add up
    assert deaths("Four soldiers were killed. Two civilians also died.").value == 6


def test_the_dead_of_both_sides_add_up_though_both_are_armed_men():
    """Militia members on one side and rebels on the other are two groups of dead, not one told twice."""
    assert deaths("Five militia members were killed when rebels stormed their post. Officials said three "
                  "rebels were also killed.").value == 8


def test_a_death_told_by_its_ordinal_brings_the_count_to_it():
    """"A fifth soldier died": one more death after four, not a rival count of one."""
    assert deaths("Militants killed four soldiers at the post. A fifth soldier died of his wounds in hospital.").value == 5
    assert deaths("Militants killed four soldiers. A second attack killed two civilians.").value == 6


@pytest.mark.parametrize("text,value", [
    ("Two soldiers were shot and killed at a checkpoint.", 2),
    ("A man was shot to death by two men on a motorcycle.", 1),
    ("A man was stabbed to death outside a bar.", 1),
    ("A shopkeeper was found dead in his shop with gunshot wounds.", 1),
    ("Two men on a motorbike shot at a bus. The driver died.", 1),
    ("The bodies of two men were found by a roadside.", 2),
    ("Three members of the village defence committee were killed in the raid.", 3),
    ("A roadside bomb went off, leaving the driver dead.", 1),
    ("One guard was wounded and the other died.", 1),
    ("Four civilians (two of them children) were killed by the shell.", 4),
    ("The clash led to the killing of 2 rebels.", 2),
    ("A masked man fatally shot the leader of the farmers' union.", 1),
    ("The strike near Jilib killed Ahmed Yusuf, a senior finance official of the group.", 1),
    ("Gunmen shot dead Hassan Ali Mohamed, who ran a shop in the market.", 1),
    ("Two sisters aged 9 and 13 were killed when the shell hit their home.", 2),
    ("Three children between the ages of 4 and 9 were killed.", 3),
])
def test_single_and_passive_killings(text, value):
    assert deaths(text).value == value


@pytest.mark.parametrize("text,value,divisor", [
    ("Clashes left dead on both sides. Unknown number of fatalities coded as 10.", 10, 1),
    ("Fatalities coded as 0 (a local outlet reported 3).", 0, 1),
    ("Nine fighters were reportedly killed. Fatalities split between two events.", None, 2),
    ("Unclear fatalities coded as 10 and spread across 3 locations in two days.", 10, 6),
    ("Two women and a man were killed in a house by armed men. 3 fatalities.", 3, 1),
    ("Fatalities are split across 2 events (7).", 7, 1),
    ("Unknown number of fatalities coded as 10 and split up between 2 events.", 10, 2),
])
def test_the_coders_own_count(text, value, divisor):
    t = coder_tally(text)
    assert (t.value, t.divisor) == (value, divisor)


def test_no_coders_count_in_plain_news():
    assert coder_tally("Gunmen killed five villagers on Sunday, police said.") is None
    assert coder_tally("No fatalities were reported.") is None


def test_unknown_number_of_deaths():
    f = deaths("Several soldiers were killed in the ambush.")
    assert f.value == 3 and "unknown" in f.details


def test_region_and_period_totals_are_aggregates():
    text = "The fighting in the two provinces over the past week has killed 150 soldiers and 95 rebels, a monitor said."
    f = deaths(text)
    assert (f.value, f.aggregate) == (245, True)
    mixed = "Gunmen killed 4 farmers on Monday. Violence in the region has killed 300 people since January."
    f = deaths(mixed)
    assert (f.value, f.aggregate) == (4, False)


# ---------------------------------------------------------------- attributions
def test_attribution_cues():
    text = ("The state news agency NNA said soldiers had repelled the raid. Five attackers were killed, it said. "
            "Rebels had also shelled a school.\n\nAccording to the Observatory for Rights, ten people died. "
            "A source with the brigade said the car was rigged remotely. \"We held the line,\" said the commander.")
    atts = find_attributions(text)
    got = [(a.claimant, text[a.cue_start:a.cue_end], a.inherited) for a in atts]
    assert got == [
        ("NNA", "The state news agency NNA said", False),
        ("NNA", "it said", False),
        ("NNA", "it said", True),
        ("Observatory for Rights", "According to the Observatory for Rights", False),
        ("a source with the brigade", "A source with the brigade said", False),
        ("the commander", "said the commander", False),
    ]
    s = text.index("Five attackers")
    assert claimant_for(atts, s, s + 20) == "NNA"
    s = text.index("ten people")
    assert claimant_for(atts, s, s + 10) == "Observatory for Rights"


def test_it_said_prefers_the_name_set_off_in_the_sentence():
    text = "An outlet close to the militia, Radio Dalsan, aired a clip which it said showed the raid."
    assert [a.claimant for a in find_attributions(text)] == ["Radio Dalsan"]


def test_apposition_names_the_claimant():
    text = "The Kivu Security Tracker, a monitoring project, said 12 civilians died. Later, a spokesman said the road was shut."
    assert [a.claimant for a in find_attributions(text)] == ["Kivu Security Tracker", "a spokesman"]


def test_conflicting_claims_side_by_side():
    text = "The army said 30 militants were killed, while the group said only 4 of its fighters died."
    assert [a.claimant for a in find_attributions(text)] == ["the army", "the group"]


def test_references_to_an_earlier_claimant():
    text = ("Syria's Defence Ministry said its jets struck a depot. The ministry said 12 fighters died. "
            "The group said in a statement that none of its men were hurt.")
    assert [a.claimant for a in find_attributions(text)] == ["Syria's Defence Ministry", "Syria's Defence Ministry", "the group"]


def test_no_claim_no_claimant():
    text = "Gunmen attacked a bus on the highway."
    assert find_attributions(text) == [] and claimant_for([], 0, 10) is None


# ---------------------------------------------------------------- figures
def test_humanitarian_figures():
    text = ("The refugee agency said on Friday that fighting forced 1,200 families to flee every day, bringing the number of "
            "displaced people in eastern Chad to more than 90,000 since early March. OCHA estimates that 4.2 million people "
            "are in need of humanitarian assistance in Tigray. The region, home to about two million residents, "
            "half of them displaced, is cut off.")
    figs = [(c.kind, c.value, c.unit, c.qualifier, c.place, c.period, c.claimed_by) for c in extract_figures(text)]
    assert figs == [
        ("displacement", 1200, "families", "daily", None, None, "the refugee agency"),
        ("displacement", 90000, "people", "more than", "eastern Chad", "since early March", "the refugee agency"),
        ("in_need", 4200000, "people", None, "Tigray", None, "OCHA"),
    ]


def test_figure_periods_are_dated_against_publication():
    text = "Clashes over the past week displaced 4,000 people in the north, the agency said."
    (c,) = extract_figures(text, SAT)
    assert (c.kind, c.value, c.period) == ("displacement", 4000, "over the past week (2020-01-25/2020-01-31)")


# ---------------------------------------------------------------- notes
def test_notes():
    ev = Event("a1", "Explosions/Remote violence", "Suicide bomb", event_date="2021-08-04", time_precision=1,
               actor1="Al Shabaab", actor2="Military Forces of Somalia (2017-)", location="Mogadishu - Hodan",
               admin1="Banadir", fatalities=3)
    assert write_notes(ev) == ("On 4 August 2021, Al Shabaab carried out a suicide bombing against Military Forces of "
                               "Somalia (2017-) in Hodan, Mogadishu, Banadir. Fatalities: 3.")
    ev = Event("a1", "Protests", "Peaceful protest", event_date="2024-03-13", time_precision=2,
               actor1="Protesters (Kenya)", assoc_actor_1="Health Workers (Kenya)", location="Nairobi", admin1="Nairobi")
    ev.claims.append(Claim("statement", None, "The Star", Span(0, 3, "abc")))
    note = write_notes(ev)
    assert note.startswith("Around 13 March 2024 (week of), Protesters (Kenya) (with Health Workers (Kenya)) held a protest")
    assert "(according to The Star)" in note and note.endswith("Fatalities: 0. [size=no report]")
    ev = Event("a1", "Strategic developments", "Disrupted weapons use", event_date="2020-02-01", time_precision=1,
               actor1="Military Forces of Syria (2000-)", location="Aleppo", admin1="Aleppo", source="Daily Wire; SANA")
    assert write_notes(ev) == ("On 1 February 2020, Military Forces of Syria (2000-) disrupted a weapons attack in Aleppo "
                               "(according to SANA). Fatalities: 0.")


# ---------------------------------------------------------------- the seed report (read at test time)
@pytest.fixture(scope="module")
def seed():
    return SEED.read_text()


def test_seed_attributions(seed):
    atts = find_attributions(seed)
    s = seed.index("has killed 205")
    assert claimant_for(atts, s, s + 10) == "Syrian Observatory for Human Rights"
    s = seed.index("destroyed four car bombs")
    assert claimant_for(atts, s, s + 10) == "SANA"
    s = seed.index("were firing rockets")
    assert claimant_for(atts, s, s + 10) == "SANA"


def test_seed_figures(seed):
    figs = extract_figures(seed, SAT)
    fat = [c for c in figs if c.kind == "fatalities" and c.claimed_by == "Syrian Observatory for Human Rights"]
    assert [(c.value, c.aggregate) for c in fat] == [(425, True)]
    disp = [(c.value, c.qualifier, c.claimed_by) for c in figs if c.kind == "displacement"]
    assert disp == [(6500, "daily", "UNICEF"), (300000, "more than", "UNICEF")]


def test_seed_dates(seed):
    s = seed.index("Syrian insurgents carried out")
    e = seed.index(".", s)
    r = resolve_date(seed, (s, e), SAT)
    assert (r.date, r.precision) == (SAT, 1)
    s = seed.index("Backed by Russian air power")
    e = seed.index(".", s)
    r = resolve_date(seed, (s, e), SAT)
    assert r.precision == 2 and r.date == dt.date(2020, 1, 29)


def test_seed_fatalities(seed):
    s = seed.index("Syrian insurgents carried out")
    assert extract_fatalities(seed, (s, seed.index(".", s) + 1)).value == 0
    s = seed.index("The fighting in Idlib")
    f = extract_fatalities(seed, (s, seed.index(".", s) + 1))
    assert (f.value, f.aggregate) == (425, True)


def test_a_place_after_the_claimant_is_not_the_claimant():
    # Before: "our sources in Dikwa report" gave the claimant "Dikwa", a town, which then stood in
    # the event's source beside the outlet.
    cases = {
        "Gunmen were driven off after an hour, our sources in Dikwa report.": "sources in Dikwa",
        "Residents in Goma said the shelling went on all night.": "Residents in Goma",
        "A spokesman for the army in Kabul said two soldiers died.": "a spokesman for the army in Kabul",
        "Three people died, according to sources in Mosul.": "sources in Mosul",
        # a name that is the claimant keeps its own words
        "Fighting went on in Kabul, the Taliban said.": "Taliban",
        "State news agency SANA said two people died.": "SANA",
    }
    for text, claimant in cases.items():
        assert [a.claimant for a in find_attributions(text)] == [claimant], text


# ---------------------------------------------------------------- the day of the act, not of the report
@pytest.mark.parametrize("text,want", [
    # A possessive day qualifies the act, whatever word stands before it.
    ("The toll from Wednesday's ambush on the convoy reached nine, officials said.", "2020-01-29"),
    ("Relief workers reached the families displaced since Thursday's raid.", "2020-01-30"),
    # The day a source spoke yields to the day of the act, wherever each stands.
    ("Police said on Friday that gunmen had shot two farmers on Tuesday.", "2020-01-28"),
    ("The governor told reporters on Friday that the bridge was blown up on Monday night.", "2020-01-27"),
    # With no other day, the day the source spoke is still the best there is.
    ("Police said on Friday that gunmen had shot two farmers.", "2020-01-31"),
])
def test_the_day_of_the_act_beats_the_day_a_source_spoke(text, want):
    r = date_of(text)
    assert r is not None and r.date.isoformat() == want and r.precision == 1
    assert r.reported == ("said on Friday that gunmen had shot two farmers." in text)


@pytest.mark.parametrize("text, value", [
    ("At least 14 people, most of them traders, were killed when the shell landed.", 14),
    ("Six guards, all of them conscripts, were killed at the gate.", 6),
])
def test_a_subset_between_commas_does_not_hide_the_count(text, value):
    assert deaths(text).value == value


@pytest.mark.parametrize("text,value", [
    ("A drone strike on Oct. 9 killed a senior commander.", 1),
    ("On November 3, gunmen killed 4 farmers.", 4),
    ("In June 15 soldiers were killed in ambushes.", 15),
])
def test_the_day_of_a_date_is_no_death_count(text, value):
    assert deaths(text).value == value


@pytest.mark.parametrize("text,value", [
    # military communiqués say "neutralised" for killed, ministries and mourners "martyred"
    ("About twenty bandits were neutralised during the night sweep, the army said.", 20),
    ("Soldiers neutralized 7 insurgents near the well.", 7),
    ("The swift response of the garrison allowed it to neutralise about thirty assailants.", 30),
    ("Commandos moved in to neutralize 4 kidnappers at the farm.", 4),
    ("Nine pilgrims were martyred and 30 wounded, the ministry said.", 9),
])
def test_communique_words_for_killed(text, value):
    assert deaths(text).value == value


@pytest.mark.parametrize("text,value", [
    # the people counted as the report's source are not among the dead
    ("Raiders stormed a village market on Monday, killing at least 12 herders, three elders from the district told our correspondent.", 12),
    ("Gunmen killed 5 farmers, two relatives said.", 5),
    ("Two witnesses said 6 people were killed when the truck was hit.", 6),
    # a count joined by "and" is still among the dead
    ("Gunmen killed 4 soldiers and two officials in the ambush.", 6),
])
def test_counted_sources_are_not_victims(text, value):
    assert deaths(text).value == value


def test_a_count_of_whom_some_died_names_its_group():
    # the raiders' dead and the rangers' dead are different people: they add up
    text = "Guards drove off the raiders, four of whom were neutralised. Sadly two of our rangers lost their lives."
    assert deaths(text).value == 6
    assert deaths("Up to 30 soldiers and foreign volunteers were eliminated, the statement said.").value == 30


def test_the_massacre_of_a_count_is_its_toll():
    assert deaths("Rights groups condemned the massacre of 30 farmers by the militia.").value == 30


@pytest.mark.parametrize("text,value", [
    ("Raiders burned the huts and killed 12 livestock. No fatalities reported.", 0),
    ("Gunmen stormed the house, leaving him killed and his son injured.", 1),
    ("A gunman assassinated a judge outside the court.", 1),
    ("Three Ugandan citizens and two Kenyan citizens died in the crash of the plane.", 5),
])
def test_who_counts_among_the_dead(text, value):
    assert deaths(text).value == value


def test_the_abductors_joined_by_and_are_not_the_dead():
    assert deaths("A woman was abducted by three men and stabbed to death near the river.").value <= 1


def test_the_day_of_a_burial_gives_way_to_the_day_of_the_act():
    # published on a Saturday: "on Thursday" is two days before, "on Friday" one
    r = date_of("Villagers buried nine people on Friday after gunmen raided the market on Thursday.")
    assert r.date == SAT - dt.timedelta(days=2)
    # alone, the burial's day is all the report gives, and it stands
    assert date_of("Villagers buried nine people on Friday.").date == SAT - dt.timedelta(days=1)


@pytest.mark.parametrize("text,value", [
    ("Relatives said they buried 14 people after the raid.", 14),
    # a count of a group the report names, then the other side's dead: two groups, summed
    ("Our forces killed twelve of the Kataib and seized their rifles. Three of our soldiers were killed at the post.", 15),
])
def test_burials_and_named_groups_count_the_dead(text, value):
    assert deaths(text).value == value


def test_a_day_of_speaking_is_marked_in_its_evidence():
    text = "Two soldiers were killed in an ambush, officials said on Saturday."
    r = resolve_date(text, (0, len(text)), dt.date(2024, 2, 11))
    assert r.date == dt.date(2024, 2, 10) and r.reported
    assert text[r.span[0]:r.span[1]] == "said on Saturday"


@pytest.mark.parametrize("text, dead", [
    ("By evening the village committee had counted 14 martyrs and dozens of wounded.", 14),
    ("The number of martyrs has risen to 23, the committee said.", 23),
    ("Fighters of the Martyrs Brigade fired 3 rockets at the base.", 0),
])
def test_martyrs_counted_are_the_dead(text, dead):
    from sitrep.arguments import extract_fatalities

    assert extract_fatalities(text, (0, len(text))).value == dead


@pytest.mark.parametrize("text, published, want", [
    ("Police said the raid took place on 13/04/2025 at dawn.", dt.date(2025, 4, 15), dt.date(2025, 4, 13)),
    ("The army communique of 04.05.2025 reported the ambush.", dt.date(2025, 5, 6), dt.date(2025, 5, 4)),
    # Day first would put the act a month after the report; month first is the day it has seen.
    ("The attack of 04/05/2025 left two dead.", dt.date(2025, 4, 7), dt.date(2025, 4, 5)),
    ("Gunmen struck the post on 02/03/2021.", None, dt.date(2021, 3, 2)),
])
def test_numeric_dates_read_day_first_unless_that_lies_after_the_report(text, published, want):
    r = resolve_date(text, (0, len(text)), published)
    assert r is not None and r.date == want and r.precision == 1


@pytest.mark.parametrize("text", ["The file 31/13/2020 was lost.", "Release 1.2.2020.4 of the app was out."])
def test_no_date_from_numbers_that_make_no_day(text):
    r = resolve_date(text, (0, len(text)), dt.date(2025, 1, 1))
    assert r is None or r.basis != "explicit date; numeric"


def test_a_figure_first_reported_is_replaced_not_added():
    text = ("Fourteen villagers were killed in the raid on the market, according to the ministry, which earlier "
            "reported six dead.")
    assert deaths(text).value == 14
    assert deaths("Police initially put the toll at three; nine people were killed in the blast.").value == 9


def test_a_group_named_after_a_killing_verb_is_no_one_person():
    assert deaths("Troops raided a camp on Tuesday, killing Al Shabaab fighters, the army said.").value == 0


def test_a_stretch_from_a_day_into_its_night_is_that_day_and_a_stretch_across_days_is_not():
    # SAT is a Saturday: Thursday is two days back.
    assert date_of("Militias traded fire from Thursday evening until midnight.").date == dt.date(2020, 1, 30)
    assert date_of("Gunmen held the road from Thursday afternoon into the night.").date == dt.date(2020, 1, 30)
    assert date_of("The new rules apply from Thursday.") is None


@pytest.mark.parametrize("text, dead", [
    ("Five policemen from the rapid response unit and three of the gunmen were killed, officials said.", 8),
    ("The raid killed two guards of the prison and four inmates, a warden said.", 6),
    ("Six soldiers and one civilian were killed.", 7),
])
def test_counts_joined_after_a_short_phrase_of_whose_they_were_are_summed(text, dead):
    """"N soldiers from the X unit and M attackers were killed": the phrase saying whose the first were
    does not part the two counts of one toll."""
    assert deaths(text).value == dead


def test_a_distance_or_a_time_after_a_vague_number_is_no_count_of_dead():
    assert deaths("Two shepherds were killed a few kilometres from the village.").value == 2
    assert deaths("The fighting went on for a few hours, and nobody was hurt.").value in (None, 0)


def test_people_found_lifeless_are_dead():
    assert deaths("Four men were found lifeless beside the road after the shooting.").value == 4
