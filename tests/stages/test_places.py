"""Places stages: the quick `sitrep places` path against the full annotate-then-geocode path."""
from __future__ import annotations

import pytest

from sitrep.model import Article
from sitrep.pipeline import Pipeline
from sitrep.stages import place_stages

REPORT = (
    "Shelling hit two villages outside Kirkuk on Monday, local officials said.\n"
    "The governor of Kirkuk province told reporters in the city that families had fled towards Erbil "
    "and Sulaymaniyah overnight. A spokesman for the ministry in Baghdad would not comment on the "
    "number of people hurt, and said a committee would look into what had happened and report back "
    "to parliament within the month. Aid convoys left Mosul for the area on Tuesday. Counting the damaged "
    "homes would take several weeks, because engineers had to inspect each building before the families "
    "who lived there could be allowed to return to it for good."
)


def _places(stages, text):
    doc = next(iter(Pipeline(stages).process([Article.from_dict({"id": "r", "text": text})])))
    return [(m.start, m.end, m.text, m.place.geonameid if m.place else None) for m in doc.places], doc.country


def test_quick_places_match_the_full_analysis(resources):
    quick, quick_country = _places(place_stages(resources), REPORT)
    full, full_country = _places(place_stages(resources, parse=True), REPORT)
    assert [t for _, _, t, _ in quick] == ["Kirkuk", "Kirkuk province", "Erbil", "Sulaymaniyah", "Baghdad", "Mosul"]
    assert quick == full and quick_country == full_country == "IQ"


def test_ner_windows_cover_each_match_and_skip_text_far_from_any(resources):
    geocoder = resources.geocoder
    matches = geocoder.detector.gazetteer_matches(REPORT)
    windows = geocoder.ner_windows(REPORT, matches)
    for m in matches:
        assert any(a <= m.start and m.end <= b for a, b in windows), m.text
    assert all(a < b for a, b in windows) and all(b1 < a2 for (_, b1), (a2, _) in zip(windows, windows[1:]))
    # Windows hold whole words.
    for a, b in windows:
        assert a == 0 or REPORT[a - 1].isspace()
        assert b == len(REPORT) or REPORT[b].isspace()
    covered = sum(b - a for a, b in windows)
    assert covered < 0.8 * len(REPORT)
    assert "engineers" not in " ".join(REPORT[a:b] for a, b in windows)  # far from any name


def test_the_start_of_a_longer_unknown_name_is_no_place_abroad(resources):
    """"Wadi" of a valley the gazetteer lacks is a town in India by that name; a report about Syria
    does not mean it. The whole name alone still names nothing, and the Syrian places stay."""
    text = ("Warplanes struck villages in the Wadi Qasab valley north of Damascus on Friday, "
            "and shells fell on Zabadani.")
    places, country = _places(place_stages(resources), text)
    codes = {t: gid for _, _, t, gid in places}
    assert "Wadi" not in codes
    assert codes.get("Damascus") and codes.get("Zabadani")
    assert country == "SY"


def test_a_place_under_its_administrative_title_is_a_place(resources):
    """spaCy reads "X Local Government Area" as an organisation; it is the place X."""
    text = "Insurgents overran an army post in Marte Local Government Area of Borno State on Monday."
    doc = next(iter(Pipeline(place_stages(resources)).process([Article.from_dict({"id": "r", "text": text})])))
    found = {m.text: m.place for m in doc.places}
    assert "Marte" in found and found["Marte"].country_code == "NG" and found["Marte"].admin1 == "Borno"


def test_tel_tall_and_joined_articles_meet(resources):
    """"Tal Tamer" and "Tell Tamr" are spellings of one Syrian town; "Deir Ezzor" is "Deir ez-Zor"."""
    gaz = resources.geocoder.gaz
    for name in ("Tal Tamer", "Tell Tamr", "Tel Tamr"):
        assert any(p.country_code == "SY" and abs(p.latitude - 36.66) < 0.1 for p in gaz.lookup(name)), name
    assert any(p.country_code == "SY" and abs(p.longitude - 40.14) < 0.2 for p in gaz.lookup("Deir Ezzor"))
    # Exact spellings are unchanged: the variants only widen the fuzzy lookup.
    assert not gaz.candidates("Tal Tamer", loose=False)[1]


def test_lookup_prefers_the_entry_a_name_is_the_own_name_of(resources):
    """GeoNames lists "Gao" among the names of the Menaka region split from it; a lookup of Gao (the
    home-country lookup of the arguments stage, `sitrep geocode`) means the town called Gao."""
    first = resources.geocoder.gaz.lookup("Gao", "ML")[0]
    assert first.name == "Gao" and first.feature_class == "P"
    assert resources.geocoder.gaz.lookup("Aleppo")[0].feature_class == "P"


def test_two_small_places_near_each_other_vouch_for_each_other(resources):
    """No country word, no place the recogniser is sure of: two villages with no namesakes to speak
    of, a short drive apart in one country, are where the report is."""
    text = "Insurgents raided Quissanga on Sunday and families fled to Macomia, aid workers said."
    places, country = _places(place_stages(resources), text)
    assert [t for _, _, t, gid in places if gid] == ["Quissanga", "Macomia"]
    assert country == "MZ"


def test_a_several_word_name_after_in_is_its_one_place_without_a_country_word(resources):
    """spaCy takes "Tell Tamer" for a person; spelt as the gazetteer spells its only place by that
    name, right after "in", it is that Syrian town even when the report names no country."""
    text = "Nine people died in Tell Tamer this morning when a car bomb went off beside the clinic."
    places, _ = _places(place_stages(resources), text)
    assert [(t, gid) for _, _, t, gid in places] == [("Tell Tamer", resources.geocoder.gaz.lookup("Tall Tamr")[0].geonameid)]
    # Not after a word that makes it a name: a person of that name stays no place.
    text = "Rescuers said Tell Tamer, a nurse, carried the wounded out."
    places, _ = _places(place_stages(resources), text)
    assert not [t for _, _, t, gid in places if gid]



def test_the_end_of_a_longer_name_is_no_place_of_its_own(resources):
    """"Barrage" of "Haditha Barrage" is a dam, not the Egyptian town GeoNames also calls Barrage;
    the towns that name the dams stay."""
    text = "Water from the Haditha Barrage and the Mosul Barrage reached farms in Iraq."
    places, country = _places(place_stages(resources), text)
    named = [t for _, _, t, gid in places if gid]
    assert "Barrage" not in named and {"Haditha", "Mosul", "Iraq"} <= set(named)
    assert country == "IQ"



def test_a_unit_after_a_doubtful_name_supports_it_only_if_it_holds_it(resources):
    """"Hills (Gadabay region)": the unit in brackets is in Azerbaijan, so it says nothing for the
    American town called Hills; the end of the longer name "Nameless Hills" is no place of its own."""
    text = "Troops fired on army positions located at Nameless Hills (Gadabay region) on Sunday."
    places, _ = _places(place_stages(resources), text)
    named = {t: gid for _, _, t, gid in places if gid}
    assert "Hills" not in named and "Gadabay region" in named


def test_a_name_and_its_units_in_brackets_read_as_one_organisation_are_places(resources):
    """spaCy's small model often reads "Nkonga (Ancuabe, Cabo Delgado" as one organisation, which made
    the province inside it a place embedded in a name, no place of the act. An organisation's name does
    not open a bracket it never closes: the units are places of the report."""
    text = "Insurgents burned huts in Nkonga (Ancuabe, Cabo Delgado) on Sunday."
    start = text.index("Nkonga")
    org = (start, text.index(")"), "ORG")
    mentions = resources.geocoder.find(text, ents=[org])
    province = next(m for m in mentions if m.text == "Cabo Delgado")
    assert province.kind == "toponym" and province.place.admin1 == "Cabo Delgado"


def test_a_word_for_a_neighbourhood_starts_a_part_of_town_not_a_village(resources):
    """"Colonia Santa Ana" is a neighbourhood of the city named before it; the villages GeoNames
    calls Colonia or La Colonia are no places of the report."""
    text = "On 9 June 2020, in Zapopan, Jalisco, two men were shot dead in Colonia Santa Ana."
    places, _ = _places(place_stages(resources), text)
    named = [t for _, _, t, gid in places if gid]
    assert "Colonia" not in named and named[:2] == ["Zapopan", "Jalisco"]


@pytest.mark.parametrize("name, country", [("San Pedro de la Paz", "CL"), ("Kut e Abdollah", "IR")])
def test_names_joined_by_lower_case_particles_are_one_place(resources, name, country):
    """"San Pedro de la Paz" is one Chilean town, not San Pedro and La Paz of Bolivia; the Persian
    ezafe joins "Kut e Abdollah" as "de la" does."""
    text = f"On 9 June 2020, about 200 workers protested in {name} against unpaid wages."
    places, _ = _places(place_stages(resources), text)
    assert [t for _, _, t, gid in places if gid] == [name]
    gid = places[0][3]
    assert resources.geocoder.gaz.row(gid).cc == country


def test_a_group_named_after_a_region_gives_no_place(resources):
    # The province in "Islamic State Khorasan Province" is the group's, not a unit: its region is no
    # place of the story, and must not pull the town named before it abroad.
    text = ("A bomb went off in a crowded market in Kunduz on Friday. Islamic State Khorasan Province "
            "said it had sent the bomber.")
    found, country = _places(place_stages(resources), text)
    assert [t for _, _, t, _ in found] == ["Kunduz"]
    assert country == "AF"


@pytest.mark.parametrize("text,country", [
    # Pokrovsk is a town of Ukraine and an old name of a Russian city: an army's nationality says who
    # fought, not where, so the Ukrainian town stays.
    ("Russian artillery shelled the centre of Pokrovsk overnight, wounding three people.", "UA"),
    # Only the nationality of a force is discounted: villagers are where they live.
    ("Russian villagers said the bridge near Pokrovsk had been closed for a week.", "RU"),
])
def test_the_nationality_of_a_force_is_not_where_the_story_is(resources, text, country):
    found, story_country = _places(place_stages(resources), text)
    pokrovsk = resources.geocoder.gaz.place([g for _, _, t, g in found if t == "Pokrovsk"][0])
    assert pokrovsk.country_code == story_country == country


def test_a_bureau_dateline_abroad_is_not_the_country_of_the_story(resources):
    """A wire story filed in Beirut about a Syrian town that never names Syria: the town is the
    story's place, not the bureau's city standing in for a Lebanese namesake."""
    import datetime as dt

    from sitrep.model import Article
    from sitrep.pipeline import default_pipeline

    text = ("BEIRUT, May 20 (Wire) - Air strikes killed nine people in Homs on Friday as a "
            "truce collapsed, a monitor said.\n\nThe region has seen years of unrest. Officials gave no further "
            "details. Residents said shops had reopened in the afternoon. Schools are due to open next week.")
    doc = default_pipeline({})(Article("t", text, published=dt.date(2023, 5, 20)))
    assert doc.country == "SY"
    assert [(e.location, e.country) for e in doc.events][:1] == [("Homs", "Syria")]


def test_a_place_that_is_a_word_of_a_group_abroad_is_no_place(resources):
    """Fano is a town in Italy and the name of an Amhara militia: in a report about Ethiopia the word
    names the group, and the clash is placed in the Ethiopian town the report names."""
    import datetime as dt

    from sitrep.pipeline import default_pipeline

    text = ("Clashes between army units and Fano militiamen broke out inside Woldia on Sunday, a local "
            "official said. He gave no figure for the dead.")
    doc = default_pipeline({})(Article("t", text, published=dt.date(2024, 3, 4)))
    assert "Fano" not in [pm.text for pm in doc.places if pm.place is not None]
    assert [(e.location, e.country) for e in doc.events][:1] == [("Weldiya", "Ethiopia")]  # GeoNames spells Woldia so


def test_a_town_spelt_exactly_is_not_the_capital_it_sounds_like(resources):
    """"Bawku" is a town of 76,000 in Ghana that the gazetteer spells just so; Baku shares its loose key
    (through "Boku", an old name of it) and has thirty times the people, but a name spelt exactly names its
    own town. (A misspelling with no exact town still finds the place it sounds like.)"""
    text = "The number of those killed in Sunday's attack on a drinking spot in Bawku rose to four after a wounded trader died."
    places, _ = _places(place_stages(resources), text)
    assert [(t, gid) for _, _, t, gid in places] == [("Bawku", 2303287)]
    places, _ = _places(place_stages(resources), "Artillery shelled Saraqeb in Idlib province overnight, a monitor said.")
    assert [t for _, _, t, gid in places if gid is not None][0] == "Saraqeb"
