"""The same-incident test and the batch merge, on event records as `sitrep extract --jsonl` writes them."""
import datetime as dt
import random

from sitrep.store.merging import DATE_SLACK_DAYS, PLACE_KM, UNDATED_BACK_DAYS, combine, merge_records, same_incident

BOMBING = dict(event_type="Explosions/Remote violence", sub_event_type="Suicide bomb", event_date="2023-03-14",
               time_precision=1, actor1="Al Shabaab", inter1=2, actor2="Military Forces of Somalia (2022-)", inter2=1,
               interaction=12, country="Somalia", admin1="Banadir", admin2="Mogadishu", location="Mogadishu",
               latitude=2.0371, longitude=45.3438, geo_precision=1, source="Wire A", source_scale="International",
               notes="", fatalities=9, confidence=0.9, evidence={"fatalities": [{"start": 10, "end": 14, "text": "nine"}]},
               claims=[])


def rec(article_id, **kw):
    return {**BOMBING, "article_id": article_id, **kw}


def test_two_outlets_on_one_bombing_make_one_event_with_the_lower_toll():
    a = rec("a")
    b = rec("b", source="Wire B", fatalities=12, latitude=2.046, actor1="Unidentified Armed Group (Somalia)",
            evidence={"fatalities": [{"start": 3, "end": 5, "text": "12"}]})
    d = same_incident(a, b)
    assert d.same and any("km apart" in r for r in d.reasons) and any("Suicide bomb" in r for r in d.reasons)
    [ev] = merge_records([a, b])
    assert ev["fatalities"] == 9
    assert ev["source"] == "Wire A; Wire B"
    assert [s["article_id"] for s in ev["sources"]] == ["a", "b"]
    assert ev["sources"][1]["evidence"]["fatalities"][0]["text"] == "12"
    assert ev["actor1"] == "Al Shabaab"  # the named actor over the unnamed one
    assert {"kind": "fatalities", "value": 12, "claimed_by": "Wire B", "article_id": "b",
            "span": {"start": 3, "end": 5, "text": "12"}} in ev["claims"]


def toll_claim(value, qualifier):
    return {"kind": "fatalities", "value": value, "claimed_by": None, "qualifier": qualifier,
            "span": {"start": 3, "end": 5, "text": str(value)}}


def test_a_toll_told_as_risen_stands_and_rival_figures_give_the_lowest():
    first = rec("a", published="2023-03-14", fatalities=9)
    same_day = rec("b", published="2023-03-14", fatalities=12, source="Wire B")
    later = rec("c", published="2023-03-16", fatalities=20, source="Wire C")
    silent = rec("d", published="2023-03-17", fatalities=0, evidence={}, source="Wire D")  # gives no figure
    assert merge_records([first, same_day])[0]["fatalities"] == 9
    # A later report's higher figure is a rival claim (ACLED: the lowest) ...
    assert merge_records([first, same_day, later, silent])[0]["fatalities"] == 9
    # ... unless it says the toll rose: a revision edits the event.
    revised = {**later, "claims": [toll_claim(20, "revised")]}
    [ev] = merge_records([first, same_day, revised, silent])
    assert ev["fatalities"] == 20
    assert {9, 12} <= {c["value"] for c in ev["claims"] if c["kind"] == "fatalities"}


def test_an_exact_count_goes_before_an_approximate_one():
    exact = rec("a", published="2023-03-14", fatalities=12)
    scores = rec("b", published="2023-03-15", fatalities=10, source="Wire B", claims=[toll_claim(10, "approximate")])
    assert merge_records([exact, scores])[0]["fatalities"] == 12
    assert merge_records([scores])[0]["fatalities"] == 10


def test_look_alikes_on_one_day_in_one_town_stay_apart():
    bombing = rec("a")
    protest = rec("b", event_type="Protests", sub_event_type="Peaceful protest", actor1="Protesters (Somalia)",
                  actor2="", fatalities=0, evidence={})
    other_sides = rec("c", event_type="Battles", sub_event_type="Armed clash", actor1="Military Forces of Somalia (2022-)",
                      actor2="Clan Militia (Somalia)")
    clash = rec("d", event_type="Battles", sub_event_type="Armed clash", actor1="Al Shabaab",
                actor2="Military Forces of Somalia (2022-)")
    assert not same_incident(bombing, protest).same
    assert not same_incident(other_sides, clash).same
    assert "actors differ" in same_incident(other_sides, clash).reasons[-1]
    assert len(merge_records([bombing, protest, other_sides, clash])) == 4


def test_place_date_and_precision_rules():
    a = rec("a")
    assert not same_incident(a, rec("b", latitude=2.0371 + (PLACE_KM + 5) / 111.2, location="Afgooye")).same
    # "today" in reports filed on their days: loose dates, one day of slack.
    today = {"event_date": [{"start": 0, "end": 5, "text": "today"}], **BOMBING["evidence"]}

    def filed(article_id, days):
        day = str(dt.date(2023, 3, 14) + dt.timedelta(days=days))
        return rec(article_id, event_date=day, published=day, evidence=today)
    assert not same_incident(filed("a", 0), filed("b", DATE_SLACK_DAYS + 1)).same
    assert same_incident(filed("a", 0), filed("b", DATE_SLACK_DAYS)).same
    assert same_incident(filed("b", DATE_SLACK_DAYS), filed("a", 0)).same
    # A report naming no day is dated by its publication: the act can be any day of the week before.
    undated = lambda days: rec("b", event_date=str(dt.date(2023, 3, 14) + dt.timedelta(days=days)),  # noqa: E731
                               evidence=BOMBING["evidence"])
    assert same_incident(filed("a", 0), undated(UNDATED_BACK_DAYS)).same
    assert not same_incident(filed("a", 0), undated(UNDATED_BACK_DAYS + DATE_SLACK_DAYS + 1)).same
    assert not same_incident(filed("a", 0), undated(-DATE_SLACK_DAYS - 1)).same
    # Days read from the words of both reports, neither the publication day: strict (fighting on two
    # days is two events).
    said = {"event_date": [{"start": 0, "end": 9, "text": "on Monday"}], **BOMBING["evidence"]}
    strict = rec("a", evidence=said, published="2023-03-16")
    assert not same_incident(strict, rec("b", event_date="2023-03-15", evidence=said, published="2023-03-16")).same
    assert same_incident(strict, rec("b", event_date="2023-03-15", evidence=said, published="2023-03-15")).same
    # A week (time_precision 2) around the 16th holds the 14th; the province named alone holds the town.
    assert same_incident(a, rec("b", event_date="2023-03-16", time_precision=2)).same
    province = rec("b", location="Banadir", admin2="", latitude=None, longitude=None, geo_precision=3)
    assert same_incident(a, province).same and same_incident(province, a).same
    [ev] = merge_records([province, rec("c", event_date="2023-03-16", time_precision=2), a])
    assert (ev["location"], ev["geo_precision"], ev["event_date"], ev["time_precision"]) == ("Mogadishu", 1,
                                                                                             "2023-03-14", 1)
    assert not same_incident(a, rec("b", event_date=None)).same


def test_a_vague_report_does_not_glue_two_look_alikes():
    one = rec("a", actor2="Military Forces of Somalia (2022-)")
    two = rec("b", actor1="ISIS-Somalia", actor2="Military Forces of Somalia (2022-)")
    vague = rec("c", actor1="Unidentified Armed Group (Somalia)", actor2="")
    out = merge_records([one, two, vague])
    assert len(out) == 2
    assert sorted(len(e["sources"]) for e in out) == [1, 2]


def test_mentions_of_one_article_are_never_merged():
    assert len(merge_records([rec("a"), rec("a")])) == 2


def test_the_order_of_the_input_does_not_change_the_output():
    records = [rec("a"), rec("b", fatalities=12, source="Wire B"), rec("c", actor1="Unidentified Armed Group (Somalia)"),
               rec("d", actor1="ISIS-Somalia"), rec("e", event_type="Battles", sub_event_type="Armed clash"),
               rec("f", event_date="2023-03-17", time_precision=2, source="Wire F", published="2023-03-18")]
    want = merge_records(records)
    rng = random.Random(3)
    for _ in range(20):
        shuffled = records[:]
        rng.shuffle(shuffled)
        assert merge_records(shuffled) == want


def test_one_report_reads_as_extracted():
    a = rec("a", seq=0)
    ev = combine([a])
    assert {k: ev[k] for k in BOMBING} == BOMBING
    assert ev["sources"] == [{"article_id": "a", "seq": 0, "source": "Wire A", "url": None, "published": None,
                              "evidence": BOMBING["evidence"]}]


def test_an_attack_on_civilians_is_the_explosion_that_killed_them():
    bombing = rec("a", actor1="Islamic State (Somalia)", actor2="Civilians (Somalia)", inter2=7)
    attack = rec("b", event_type="Violence against civilians", sub_event_type="Attack",
                 actor1="Unidentified Armed Group (Somalia)", actor2="Civilians (Somalia)", fatalities=0, evidence={})
    assert same_incident(bombing, attack).same
    [ev] = merge_records([attack, bombing])
    assert ev["sub_event_type"] == "Suicide bomb" and ev["fatalities"] == 9
    # An explosion aimed at soldiers is no attack on civilians; nor is an abduction an explosion.
    assert not same_incident(rec("c"), attack).same
    abduction = {**attack, "sub_event_type": "Abduction/forced disappearance"}
    assert not same_incident(bombing, abduction).same


def test_a_report_placed_by_its_country_alone_joins_a_town_of_that_country():
    town = rec("a")
    nowhere = rec("b", location="", latitude=None, longitude=None, geo_precision=None, admin1="", admin2="")
    assert same_incident(town, nowhere).same and same_incident(nowhere, town).same
    abroad = {**nowhere, "country": "Kenya"}
    assert not same_incident(town, abroad).same
    [ev] = merge_records([nowhere, town])
    assert ev["location"] == "Mogadishu" and len(ev["sources"]) == 2


def test_police_and_army_of_one_state_on_both_sides_name_no_second_side():
    """A statement that reads its own policemen killed by a car bomb as police against the security
    forces names no attacker: it is the wire report's bombing by a named group, not another incident."""
    wire = rec("a", sub_event_type="Remote explosive/landmine/IED", actor1="Islamic State (Somalia)",
               actor2="Police Forces of Somalia (2022-)", inter2=1)
    statement = rec("b", sub_event_type="Remote explosive/landmine/IED", source="Ministry",
                    actor1="Police Forces of Somalia (2022-)", inter1=1, actor2="Military Forces of Somalia (2022-)")
    assert same_incident(wire, statement).same
    # Forces of two different states do fight each other: those are two sides.
    border = rec("c", sub_event_type="Remote explosive/landmine/IED", source="Ministry",
                 actor1="Police Forces of Somalia (2022-)", inter1=1, actor2="Military Forces of Ethiopia (2018-)")
    assert not same_incident(wire, border).same


def test_forces_named_without_their_country_fit_that_states_forces():
    """A local outlet's "government troops" that the coder could not tie to a country are still the state's
    forces the wire names: one clash, not two."""
    wire = rec("a", sub_event_type="Armed clash", event_type="Battles")
    local = rec("b", sub_event_type="Armed clash", event_type="Battles", source="Local", actor2="Military Forces")
    assert same_incident(wire, local).same
    # A named armed group is no state's forces.
    other = rec("c", sub_event_type="Armed clash", event_type="Battles", source="Local",
                actor1="Military Forces", actor2="Islamic State (Somalia)")
    assert not same_incident(wire, other).same


def test_a_report_naming_only_the_district_joins_a_village_of_it_farther_than_the_town_radius():
    """A wire that names only the district is placed at the district's capital; the army's release names the
    village. The district holds the village: one incident, though farther apart than PLACE_KM."""
    far = (PLACE_KM + 12) / 111.2
    village = rec("a", admin2="Banaadir North")
    district = rec("b", latitude=2.0371 + far, location="District Capital", admin2="Banaadir North", geo_precision=2,
                   evidence={"location": [{"start": 40, "end": 54, "text": "Banaadir North"}]})
    assert same_incident(village, district).same and same_incident(district, village).same
    # A report that names a village near which the act was stays with that village...
    near = {**district, "evidence": {"location": [{"start": 40, "end": 56, "text": "District Capital"}]}}
    assert not same_incident(village, near).same
    # ...and a district's stand-in fits no village of another district, nor one beyond twice the radius.
    assert not same_incident({**village, "admin2": "Afgooye"}, district).same
    assert not same_incident(village, {**district, "latitude": 2.0371 + (2 * PLACE_KM + 5) / 111.2}).same


def test_a_province_named_alone_holds_every_town_of_it_however_spelled():
    """A wire that names only "the X region" is set at the region's capital with geo_precision 3; the army
    names the town. However far the capital lies from the town, the region holds it, and the report's
    wording ("region", accents) does not hide which region it named."""
    town = rec("a", admin1="Tillaberi", admin2="")
    region = rec("b", latitude=2.0371 + (3 * PLACE_KM) / 111.2, location="Regional Capital", admin1="Tillaberi",
                 admin2="", geo_precision=3,
                 evidence={"location": [{"start": 40, "end": 56, "text": "Tillabéri region"}]})
    assert same_incident(town, region).same and same_incident(region, town).same
    # Another transliteration of the region's name is the same region.
    spelled = {**region, "evidence": {"location": [{"start": 40, "end": 56, "text": "the province of Tilabery"}]}}
    assert same_incident(town, spelled).same
    # A town of another region is not in it.
    assert not same_incident({**town, "admin1": "Dosso"}, region).same
    # A region's capital named as a town (geo_precision 1 or 2) stands for that town only.
    assert not same_incident(town, {**region, "geo_precision": 2}).same


def test_an_army_unit_named_by_number_and_arm_is_the_states_forces():
    """A battalion read as a group of its own, fighting its own army, is one side of the clash the wire
    tells as the army against a named group."""
    wire = rec("a", sub_event_type="Armed clash", event_type="Battles")
    release = rec("b", sub_event_type="Armed clash", event_type="Battles", source="Army",
                  actor1="14th Infantry Battalion", actor2="Military Forces of Somalia (2022-)")
    assert same_incident(wire, release).same and same_incident(release, wire).same
    # A unit with a name of its own is a group, not the state's.
    named = {**release, "actor1": "Badr Brigade"}
    assert not same_incident(wire, named).same


def test_a_strike_on_fighters_and_a_massacre_of_civilians_can_be_one_incident():
    """The air force's release names fighters as the target, a local outlet tells of civilians massacred:
    an air strike cannot keep the two apart by its target; a bomb aimed at soldiers can."""
    strike = rec("a", sub_event_type="Air/drone strike", actor1="Military Forces of Somalia (2022-)",
                 actor2="Al Shabaab", inter2=2)
    massacre = rec("b", event_type="Violence against civilians", sub_event_type="Attack", source="Local",
                   actor1="Military Forces of Somalia (2022-)", actor2="Civilians (Somalia)", fatalities=14)
    assert same_incident(strike, massacre).same and same_incident(massacre, strike).same
    [ev] = merge_records([massacre, strike])
    assert ev["sub_event_type"] == "Air/drone strike" and len(ev["sources"]) == 2
    aimed = {**strike, "sub_event_type": "Remote explosive/landmine/IED", "actor1": "Al Shabaab",
             "actor2": "Military Forces of Somalia (2022-)"}
    assert not same_incident(aimed, {**massacre, "actor1": "Al Shabaab"}).same
    # Shelling of fighters is no massacre told otherwise: front lines see both on one day.
    shelling = {**strike, "sub_event_type": "Shelling/artillery/missile attack"}
    assert not same_incident(shelling, massacre).same


def test_an_act_at_night_may_be_dated_by_either_side_of_midnight():
    night = {"event_date": [{"start": 0, "end": 17, "text": "on Monday night"}], **BOMBING["evidence"]}
    morning = {"event_date": [{"start": 0, "end": 24, "text": "before dawn on Tuesday"}], **BOMBING["evidence"]}
    said = {"event_date": [{"start": 0, "end": 9, "text": "on Monday"}], **BOMBING["evidence"]}
    monday_night = rec("a", event_date="2023-03-13", evidence=night, published="2023-03-15")
    tuesday_dawn = rec("b", event_date="2023-03-14", evidence=morning, published="2023-03-15")
    assert same_incident(monday_night, tuesday_dawn).same
    # Days told without the night stay strict, and the night reaches one day, not two.
    assert not same_incident(rec("a", event_date="2023-03-13", evidence=said, published="2023-03-15"),
                             rec("b", event_date="2023-03-14", evidence=said, published="2023-03-15")).same
    assert not same_incident(monday_night, {**tuesday_dawn, "event_date": "2023-03-15"}).same


def test_a_day_read_from_when_officials_spoke_may_be_a_day_after_the_act():
    spoke = {"event_date": [{"start": 0, "end": 16, "text": "said on Saturday"}], **BOMBING["evidence"]}
    told = {"event_date": [{"start": 0, "end": 19, "text": "on Friday afternoon"}], **BOMBING["evidence"]}
    friday = rec("a", event_date="2023-03-17", evidence=told, published="2023-03-18")
    saturday = rec("b", event_date="2023-03-18", evidence=spoke, published="2023-03-19")
    assert same_incident(friday, saturday).same
    # A wire that dates a Sunday night attack only by Tuesday's police statement still tells of it...
    sunday_night = rec("c", event_date="2023-03-19", published="2023-03-20",
                       evidence={"event_date": [{"start": 0, "end": 15, "text": "on Sunday night"}]})
    tuesday = rec("d", event_date="2023-03-21", published="2023-03-21",
                  evidence={"event_date": [{"start": 0, "end": 18, "text": "said on Tuesday"}]})
    assert same_incident(sunday_night, tuesday).same
    # ...but not of an act told after the day it was spoken of.
    assert not same_incident({**sunday_night, "event_date": "2023-03-23"}, tuesday).same
    # The act's own day, told as such, stays strict.
    assert not same_incident(friday, {**saturday, "evidence": {**spoke, "event_date": [
        {"start": 0, "end": 11, "text": "on Saturday"}]}}).same


def test_one_states_soldiers_and_police_fit_each_other():
    """"Security forces" are soldiers to one outlet and police to another; another state's are not."""
    soldiers = rec("a")
    police = rec("b", actor2="Police Forces of Somalia (2022-)")
    assert same_incident(soldiers, police).same
    assert not same_incident(soldiers, {**police, "actor2": "Police Forces of Kenya (2022-)"}).same


def test_a_clash_with_nobody_organised_on_the_other_side_is_the_attack_on_civilians():
    attack = rec("a", event_type="Violence against civilians", sub_event_type="Attack", actor2="Civilians (Somalia)",
                 inter2=7)
    clash = rec("b", event_type="Battles", sub_event_type="Armed clash", actor1="Rioters (Somalia)", inter1=5,
                actor2="Al Shabaab", inter2=2, fatalities=14, evidence={"fatalities": [{"start": 0, "end": 2, "text": "14"}]})
    d = same_incident(clash, attack)
    assert d.same and "clash with nobody organised" in d.reasons[0]
    [ev] = merge_records([clash, attack])
    assert (ev["event_type"], ev["actor1"], ev["actor2"]) == ("Violence against civilians", "Al Shabaab",
                                                              "Civilians (Somalia)")
    assert ev["fatalities"] == 9
    # A clash with no second side at all reads the same.
    assert same_incident({**clash, "actor1": "Al Shabaab", "actor2": ""}, attack).same
    # Two organised sides are a battle of their own (the army engaging the raiders), an unidentified armed
    # group is organised, and an unnamed perpetrator does not make a nearby clash the same raid.
    assert not same_incident({**clash, "actor1": "Military Forces of Somalia (2022-)"}, attack).same
    assert not same_incident({**clash, "actor1": "Unidentified Armed Group (Somalia)"}, attack).same
    assert not same_incident(clash, {**attack, "actor1": "Unidentified Armed Group (Somalia)"}).same
    assert not same_incident(clash, {**attack, "actor1": "ISIS-Somalia"}).same
    # An abduction is no attack that a clash could be.
    assert not same_incident(clash, {**attack, "sub_event_type": "Abduction/forced disappearance"}).same


def test_a_group_under_its_acronym_or_its_network_fits_its_full_name():
    clash = rec("a", event_type="Battles", sub_event_type="Armed clash", actor1="ELN: National Liberation Army",
                actor2="Military Forces of Colombia (2022-)", country="Colombia", location="Tame", latitude=6.46,
                longitude=-71.74, admin1="Arauca", admin2="Tame")
    assert same_incident(clash, {**clash, "article_id": "b", "actor1": "National Liberation Army"}).same
    assert same_incident(clash, {**clash, "article_id": "b", "actor1": "ELN"}).same
    # The transnational network a wire names ("al Qaeda-linked militants") fits its branch, read from the
    # actor table's descriptions; two branches of one network are two groups.
    raid = rec("c", actor1="JNIM: Group for Support of Islam and Muslims", country="Mali", location="Douentza",
               latitude=15.0, longitude=-2.95, admin1="Mopti", admin2="Douentza", event_type="Battles",
               sub_event_type="Armed clash", actor2="Military Forces of Mali (2021-)")
    assert same_incident(raid, {**raid, "article_id": "d", "actor1": "Al Qaeda"}).same
    assert not same_incident(raid, {**raid, "article_id": "d", "actor1": "Islamic State"}).same
    assert not same_incident(raid, {**raid, "article_id": "d", "actor1": "Islamic State Sahel Province"}).same
    bombing = rec("e", actor1="Islamic State Somalia Province")
    assert same_incident(bombing, rec("f", actor1="Islamic State")).same
    assert not same_incident(bombing, rec("f", actor1="Al Shabaab")).same


def test_a_district_named_after_its_town_holds_its_villages_when_the_report_says_district():
    raid = rec("a", event_type="Violence against civilians", sub_event_type="Attack", actor1="Bandits (Nigeria)",
               actor2="Civilians (Nigeria)", country="Nigeria", admin1="Zamfara", admin2="Maru", location="Dan Sadau",
               latitude=11.296, longitude=6.495, geo_precision=1,
               evidence={"location": [{"start": 0, "end": 8, "text": "Dansadau"}]})
    district = {**raid, "article_id": "b", "location": "Maru", "latitude": 12.334, "longitude": 6.404, "geo_precision": 2,
                "evidence": {"location": [{"start": 9, "end": 35, "text": "Maru local government area"}]}}
    d = same_incident(raid, district)
    assert d.same and "Dan Sadau lies in Maru" in d.reasons
    [ev] = merge_records([district, raid])
    assert ev["location"] == "Dan Sadau"  # the most precise place
    # The town itself, or a place near it, is no district: 116 km is too far.
    assert not same_incident(raid, {**district, "evidence": {"location": [{"start": 9, "end": 13, "text": "Maru"}]}}).same
    # A district of another name does not hold the village.
    other = {**district, "admin2": "Gusau", "evidence": {"location": [{"start": 9, "end": 35, "text": "Maru district"}]}}
    assert not same_incident(raid, other).same


def test_a_group_and_the_brand_it_fights_under_are_one_side():
    """The actor table calls the Islamic State's Central Africa Province a brand for ADF factions: one
    outlet names the group, another the brand; a network's two branches stay apart."""
    army = "Military Forces of Democratic Republic of Congo (2019-)"
    clash = rec("a", event_type="Battles", sub_event_type="Armed clash", country="Democratic Republic of Congo",
                actor1="ADF: Allied Democratic Forces", actor2=army, inter2=1)
    brand = {**clash, "article_id": "b", "actor1": "Islamic State Central Africa Province"}
    assert same_incident(clash, brand).same
    assert not same_incident({**clash, "actor1": "Islamic State (West Africa)"}, brand).same


def test_the_slack_does_not_join_other_weapons_on_other_days():
    today = {"event_date": [{"start": 0, "end": 12, "text": "this morning"}], **BOMBING["evidence"]}

    def strike(article_id, sub_event_type, days):
        day = str(dt.date(2023, 3, 14) + dt.timedelta(days=days))
        return rec(article_id, sub_event_type=sub_event_type, event_date=day, published=day, evidence=today,
                   actor2="Civilians (Somalia)", inter2=7)
    drone = strike("a", "Air/drone strike", 0)
    # The same weapon a day apart is still the slack's one act told on two days ...
    assert same_incident(drone, strike("b", "Air/drone strike", DATE_SLACK_DAYS)).same
    # ... and another weapon on the same day is still one act told two ways.
    assert same_incident(drone, strike("b", "Shelling/artillery/missile attack", 0)).same
    # Shells the next morning are another strike.
    decision = same_incident(drone, strike("b", "Shelling/artillery/missile attack", DATE_SLACK_DAYS))
    assert not decision.same and "other weapons on other days" in decision.reasons[-1]


def test_the_slack_does_not_join_air_strikes_of_other_weapons_on_other_days():
    """ACLED gives a bomb dropped by a warplane and a drone one sub-type; the weapon named still tells two
    strikes on a city a day apart from one strike told on two days."""
    def strike(article_id, days, weapon_word):
        day = str(dt.date(2023, 3, 14) + dt.timedelta(days=days))
        evidence = {"event_date": [{"start": 0, "end": 12, "text": "this evening"}],
                    "sub_event_type": [{"start": 20, "end": 20 + len(weapon_word), "text": weapon_word}]}
        return rec(article_id, sub_event_type="Air/drone strike", event_date=day, published=day, evidence=evidence,
                   actor2="Civilians (Somalia)", inter2=7)
    bomb = strike("a", 0, "bomb")
    decision = same_incident(bomb, strike("b", DATE_SLACK_DAYS, "drones"))
    assert not decision.same and "other weapons on other days" in decision.reasons[-1]
    # The warplane that dropped the bomb, or a strike told with no weapon, is still the slack's one act.
    assert same_incident(bomb, strike("b", DATE_SLACK_DAYS, "warplanes")).same
    assert same_incident(bomb, strike("b", DATE_SLACK_DAYS, "air strike")).same
    # On the same day another weapon is one act told two ways.
    assert same_incident(bomb, strike("b", 0, "drones")).same


def test_reports_placing_one_act_in_the_country_alone_join_the_reports_that_name_its_town():
    # Two reports name the town; two place the bombing in the country alone (one at the country, one at no
    # place the gazetteer knows) and name the group the first two leave unnamed. Every pair fits; the
    # vague two must not pair off in a block of their own.
    unnamed = dict(actor1="Unidentified Armed Group (Somalia)")
    country = dict(location="Somalia", admin1="", admin2="", latitude=6.0, longitude=48.0, geo_precision=3)
    nowhere = dict(location="", admin1="", admin2="", latitude=None, longitude=None, geo_precision=None)
    reports = [rec("a", **unnamed), rec("b", source="Wire B", **unnamed), rec("c", source="Wire C", **country),
               rec("d", source="Wire D", **nowhere)]
    assert all(same_incident(x, y).same for i, x in enumerate(reports) for y in reports[i + 1:])
    [ev] = merge_records(reports)
    assert [s["article_id"] for s in ev["sources"]] == ["a", "b", "c", "d"] and ev["location"] == "Mogadishu"
