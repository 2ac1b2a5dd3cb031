"""Extraction errors that split one incident across reports: a division of a region read as an armed
group, a body that condemns an attack read as a side of it, a toll told as rising after its figure or
called provisional. Our own sentences, through the real components."""
import datetime as dt

import pytest

from sitrep.model import Article


@pytest.fixture(scope="module")
def actors():
    from sitrep.actors import ActorDictionary

    return ActorDictionary.load()


@pytest.fixture(scope="module")
def pipeline():
    from sitrep.pipeline import default_pipeline

    return default_pipeline({})


def run(pipeline, body: str):
    article = Article("t", body + "\n\nOfficials gave no further details.", published=dt.date(2024, 11, 12),
                      source="Example Wire")
    doc = next(iter(pipeline.process([article])))
    assert doc.error is None
    return doc


def test_an_administrative_division_after_a_town_is_a_place_not_a_group(actors):
    text = "A gendarmerie patrol was ambushed near Kumbo, Bui Division, North-West Region, by separatist fighters."
    assert "Bui Division" not in {m.name for m in actors.find(text, country="CM", year=2024)}
    # A group named with the same word, and not written as a town's region, stays a group.
    text = "Fighters of the Black Lion Division stormed a checkpoint near Kumbo on Monday."
    assert "Black Lion Division" in {m.name for m in actors.find(text, country="CM", year=2024)}


def test_who_condemns_an_attack_is_no_side_of_it(actors):
    from sitrep.actors import assign_roles

    text = ("The United Nations Joint Office in Haiti strongly condemns the raid that Gran Grif gunmen carried out "
            "overnight on the residents of Saint-Marc.")
    trigger = (text.index("raid"), text.index("raid") + len("raid"))
    roles = assign_roles(text, (0, len(text)), trigger, actors.find(text, country="HT", year=2024), "Armed clash")
    assert "United Nations" not in {m.name for m in (roles.actor1, roles.actor2) if m is not None}
    assert roles.actor1 is not None and roles.actor1.name == "Gran Grif"


def test_a_one_sided_clash_whose_dead_are_people_is_an_attack_on_civilians():
    from sitrep.model import Event, Span
    from sitrep.stages.merge import raid_on_civilians

    text = "A gang stormed the market town at dawn; at least 9 people were killed."
    def clash(dead: str):
        ev = Event(article_id="r", event_type="Battles", sub_event_type="Armed clash", actor1="Gran Grif", inter1=3,
                   country="Haiti")
        ev.add_evidence("fatalities", Span(text.index(dead), text.index(dead) + len(dead), dead))
        return ev

    raid = clash("9 people")
    raid_on_civilians(text, raid)
    assert (raid.event_type, raid.actor2, raid.inter2) == ("Violence against civilians", "Civilians (Haiti)", 7)
    fighters = clash("stormed")  # a count of no civilians keeps the clash
    raid_on_civilians(text, fighters)
    assert fighters.event_type == "Battles"


def test_a_toll_told_as_rising_after_its_figure_is_a_revision(pipeline):
    doc = run(pipeline, "Gunmen killed at least 12 villagers near Bokkos on Sunday night, as the toll rose through "
                        "Monday morning, a local official said.")
    assert [c.qualifier for e in doc.events for c in e.claims if c.kind == "fatalities"] == ["revised"]


def test_a_provisional_toll_gives_way_to_an_exact_count(pipeline):
    doc = run(pipeline, "Gunmen attacked a village near Bokkos on Sunday night. The emergency agency counted five "
                        "dead in a provisional toll.")
    assert [c.qualifier for e in doc.events for c in e.claims if c.kind == "fatalities"] == ["approximate"]


def test_a_revised_toll_of_a_raid_is_the_raid(pipeline):
    doc = run(pipeline, "Volunteers searched the farms again on Sunday. The death toll from Friday night's raid on a "
                        "hamlet in Mangu Local Government Area climbed to 19, a council official said.")
    assert [(e.event_type, e.fatalities) for e in doc.events] == [("Violence against civilians", 19)]


def test_a_communique_idiom_for_the_dead_counts_them():
    from sitrep.arguments import extract_fatalities

    text = "In the exchange of fire, five terrorists were sent to hell, while three soldiers embraced shahadat."
    assert extract_fatalities(text, (0, len(text))).value == 8


def test_a_report_naming_no_known_place_is_in_its_sides_country(actors):
    from sitrep.geo import Gazetteer
    from sitrep.model import Event
    from sitrep.stages.merge import Merge

    merge = Merge(actors, Gazetteer.open(progress=False))
    raid = Event(article_id="m", event_type="Violence against civilians", sub_event_type="Attack",
                 actor1="Rapid Support Forces", inter1=2, actor2="Civilians", inter2=7)
    assert merge.actors_country([raid]).country == "Sudan"
    # Sides of two countries say none.
    other = Event(article_id="m", event_type="Battles", sub_event_type="Armed clash", actor1="Fano Militia", inter1=3)
    assert merge.actors_country([raid, other]) is None


def test_an_act_told_hours_before_another_of_the_day_is_news(pipeline):
    article = Article("h", "Thursday brought more bloodshed to the valley. In the afternoon, rival cartel cells fought "
                           "for hours near Aguililla, leaving seven dead, state police said. Some hours earlier, armed "
                           "drones had been flown over homes on the edge of Apatzingan, where a farmer and his wife "
                           "were killed. Farmers have asked for soldiers to stay in the "
                           "area.\n\nOfficials gave no further details.", published=dt.date(2024, 11, 16))
    doc = next(iter(pipeline.process([article])))
    assert sorted(e.sub_event_type for e in doc.events) == ["Air/drone strike", "Armed clash"]
