from sitrep.model import Article, Claim, Event
from sitrep.pipeline import Document, Mention
from sitrep.stages.merge import Merge, mergeable

TEXT = ("Insurgents set off two car bombs in the Example district of Alpha on Saturday. "
        "The bombings were carried out by the Example Front. "
        "Troops destroyed two more car bombs in that area. "
        "The week's fighting killed 300 people across the province, a monitor said.")


def sentence(i):
    parts = TEXT.split(". ")
    start = sum(len(p) + 2 for p in parts[:i])
    return start, start + len(parts[i]) + 1


def event(sub, i, **kw):
    et = {"Suicide bomb": "Explosions/Remote violence", "Disrupted weapons use": "Strategic developments",
          "Armed clash": "Battles"}[sub]
    ev = Event("a", et, sub, event_date="2020-02-01", time_precision=1, confidence=0.9, **kw)
    return Mention(et, sub, 0.9, sentence(i), sentence(i), event=ev)


def located(**kw):
    return dict(location="Alpha - Example", latitude=1.0, longitude=2.0, geo_precision=1, country="X", **kw)


def run(mentions):
    doc = Document(Article("a", TEXT))
    doc.sentences = [sentence(i) for i in range(4)]
    doc.mentions = mentions
    doc.events = [m.event for m in mentions]
    Merge()(doc)
    return doc.events


def test_two_mentions_of_one_event_merge_and_keep_the_named_actor():
    a = event("Suicide bomb", 0, actor1="Unidentified Armed Group (X)", inter1=3, fatalities=4, **located())
    b = event("Suicide bomb", 1, actor1="Example Front", inter1=2, fatalities=3)
    events = run([a, b])
    assert len(events) == 1
    assert events[0].actor1 == "Example Front" and events[0].inter1 == 2
    assert events[0].location == "Alpha - Example"
    assert events[0].fatalities == 3  # the lowest figure reported


def test_a_mention_without_place_takes_the_place_just_before_it():
    a = event("Suicide bomb", 0, actor1="Example Front", inter1=2, **located())
    c = event("Disrupted weapons use", 2, actor1="Military Forces of X", inter1=1)
    events = run([a, c])
    assert [e.location for e in events] == ["Alpha - Example", "Alpha - Example"]


def test_one_named_group_resolves_unnamed_insurgents():
    a = event("Suicide bomb", 0, actor1="Example Front", inter1=2, **located())
    # Three sentences on: not a part of the bombing's incident, so it stays an event of its own.
    c = event("Armed clash", 3, actor1="Military Forces of X", inter1=1,
              actor2="Unidentified Armed Group (X)", inter2=3, **located())
    events = run([a, c])
    assert events[1].actor2 == "Example Front" and events[1].inter2 == 2


def test_vague_totals_are_not_events():
    d = event("Armed clash", 3, location="Province", latitude=1.0, longitude=2.0, geo_precision=3)
    d.event.time_precision = 2
    d.event.claims.append(Claim("fatalities", 300, "a monitor", Article("a", TEXT).span(0, 5), aggregate=True))
    assert run([d]) == []


def test_different_actors_do_not_merge():
    a = event("Suicide bomb", 0, actor1="Example Front", **located()).event
    b = event("Suicide bomb", 1, actor1="Other Front", **located()).event
    assert not mergeable(a, b)


def test_a_clause_naming_one_side_takes_the_other_from_the_same_incident():
    a = event("Suicide bomb", 0, actor1="Example Front", inter1=2, actor2="Military Forces of X", inter2=1, **located())
    c = event("Disrupted weapons use", 2, actor1="Military Forces of X", inter1=1, **located())
    elsewhere = event("Armed clash", 3, actor1="Military Forces of X", inter1=1, location="Beta", latitude=9.0,
                      longitude=9.0, geo_precision=1)
    events = run([a, c, elsewhere])
    assert (events[1].actor2, events[1].inter2) == ("Example Front", 2)
    assert events[2].actor2 == ""  # another place: no counterpart to borrow


INCIDENT = ("Militants attacked an army post in Alpha on Sunday, killing four soldiers. "
            "Another bomb went off in Alpha. "
            "They used grenades in the assault. "
            "The soldiers returned fire.")
SIDES = dict(actor1="Example Front", inter1=2, actor2="Military Forces of X", inter2=1)


def incident_run(parts):
    """``parts``: (sub-event type, sentence index, fields) over the INCIDENT text."""
    sentences = []
    start = 0
    for part in INCIDENT.split(". "):
        end = start + len(part) + 1
        sentences.append((start, end))
        start = end + 1
    doc = Document(Article("a", INCIDENT))
    doc.sentences = sentences
    mentions = []
    for sub, i, fields in parts:
        et = {"Grenade": "Explosions/Remote violence", "Armed clash": "Battles", "Attack": "Violence against civilians",
              "Remote explosive/landmine/IED": "Explosions/Remote violence",
              "Air/drone strike": "Explosions/Remote violence",
              "Abduction/forced disappearance": "Violence against civilians"}[sub]
        ev = Event("a", et, sub, event_date="2020-02-01", time_precision=1, confidence=0.9, **fields)
        ev.evidence["event_date"] = []  # every part names its day here
        s, e = sentences[i]
        trigger = (e - 6, e - 1)
        mentions.append(Mention(et, sub, 0.9, (s, e), trigger, event=ev))
    doc.mentions = mentions
    doc.events = [m.event for m in mentions]
    Merge()(doc)
    return doc.events


def test_grenades_and_returned_fire_inside_an_assault_are_one_battle_with_one_toll():
    events = incident_run([
        ("Armed clash", 0, dict(fatalities=4, **SIDES, **located())),
        ("Grenade", 2, dict(fatalities=6, **SIDES)),
        ("Armed clash", 3, dict(actor1="Military Forces of X", inter1=1, actor2="Example Front", inter2=2)),
    ])
    assert [(e.sub_event_type, e.fatalities, e.location) for e in events] == [("Armed clash", 4, "Alpha - Example")]
    assert (events[0].actor1, events[0].actor2) == ("Example Front", "Military Forces of X")


def test_a_further_act_is_its_own_event():
    """"Another bomb" in the next sentence, at the same place, by the same side: a second act."""
    events = incident_run([
        ("Armed clash", 0, dict(**SIDES, **located())),
        ("Remote explosive/landmine/IED", 1, dict(actor1="Example Front", inter1=2, **located())),
    ])
    assert [e.sub_event_type for e in events] == ["Armed clash", "Remote explosive/landmine/IED"]


def test_a_part_of_another_type_must_share_a_side():
    """A strike list's "fighting positions" typed as a clash takes no strike that names no side."""
    events = incident_run([
        ("Armed clash", 0, dict(**SIDES, **located())),
        ("Air/drone strike", 2, dict(**located())),
    ])
    assert sorted(e.sub_event_type for e in events) == ["Air/drone strike", "Armed clash"]


def test_parts_far_apart_in_place_stay_apart():
    events = incident_run([
        ("Armed clash", 0, dict(**SIDES, **located())),
        ("Grenade", 2, dict(location="Beta", latitude=1.5, longitude=2.0, geo_precision=1, country="X", **SIDES)),
    ])
    assert len(events) == 2


def test_destruction_done_by_the_strike_that_killed_is_that_strike(tmp_path):
    """The real pipeline on one sentence whose rockets kill and destroy: one event carries the dead, no
    separate looting/property destruction event counts them again (ACLED codes destruction alone only
    when nothing else happened)."""
    import json
    import subprocess
    import sys

    report = tmp_path / "rockets.txt"
    report.write_text("A military helicopter fired rockets at a village in Mindat township this morning, killing "
                      "five farmers, among them two women, and destroying a school and a dozen houses, villagers "
                      "told our reporter.\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "sitrep", "extract", str(report), "--format", "jsonl"],
                         capture_output=True, text=True, check=True, timeout=600)
    events = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    assert [e["event_type"] for e in events] == ["Explosions/Remote violence"]
    assert events[0]["fatalities"] == 5


def test_a_clash_with_one_armed_side_beside_a_killing_of_civilians_is_that_killing():
    """A battle needs two organised armed sides: a clause typed as a clash that names only the
    attackers, told with their killing of civilians, is that attack; a clash with a second armed side
    stays a battle."""
    civilians = dict(actor1="Example Front", inter1=2, actor2="Civilians (X)", inter2=7)
    one_side = dict(actor1="Example Front", inter1=2)
    events = incident_run([
        ("Attack", 0, dict(fatalities=12, **civilians, **located())),
        ("Armed clash", 2, dict(**one_side, **located())),
    ])
    assert [(e.sub_event_type, e.fatalities) for e in events] == [("Attack", 12)]
    events = incident_run([
        ("Attack", 0, dict(fatalities=12, **civilians, **located())),
        ("Armed clash", 2, dict(**SIDES, **located())),
    ])
    assert [e.sub_event_type for e in events] == ["Armed clash"]


def test_a_sentence_that_opens_by_moving_away_from_the_place_tells_a_further_act():
    from sitrep.stages.merge import new_act

    text = ("Troops fought militants in a district of Alpha on Sunday. "
            "West of the city, police took back a village after two days of fighting. "
            "The fighting in the district went on until dark.")
    doc = Document(Article("a", text))
    second = (text.index("West"), text.index("The fighting"))
    third = (text.index("The fighting"), len(text))
    assert new_act(doc, second, text.index("took"))
    assert not new_act(doc, third, text.index("fighting in"))


def test_a_clash_whose_other_side_is_civilians_is_an_attack_unless_they_fought_back():
    from sitrep.model import Event
    from sitrep.stages.merge import raid_on_civilians

    def clash():
        return Event(article_id="r", event_type="Battles", sub_event_type="Armed clash", actor1="Rapid Support Forces",
                     inter1=2, actor2="Civilians (Sudan)", inter2=7)

    raid = clash()
    raid_on_civilians("Paramilitaries shot 14 farmers when they stormed the hamlet at dawn.", raid)
    assert (raid.event_type, raid.sub_event_type) == ("Violence against civilians", "Attack")
    fight = clash()
    raid_on_civilians("Paramilitaries stormed the hamlet at dawn and the farmers fought back for an hour.", fight)
    assert fight.event_type == "Battles"


def test_a_development_acled_codes_without_deaths_keeps_none():
    from sitrep.model import Event
    from sitrep.stages.merge import deathless_development

    change = Event(article_id="d", event_type="Strategic developments", sub_event_type="Change to group/activity",
                   fatalities=23)
    deathless_development(change)
    assert change.fatalities == 0
    disrupted = Event(article_id="d", event_type="Strategic developments", sub_event_type="Disrupted weapons use",
                      fatalities=2)
    deathless_development(disrupted)
    assert disrupted.fatalities == 2


def test_an_attack_told_with_the_kidnapping_it_was_for_is_an_abduction_unless_someone_died():
    """Gunmen who stormed a village and took people away: one act, an Abduction when nobody was killed,
    an Attack with its dead when somebody was (acled-rules.md: deaths or serious injury make it an Attack)."""
    gang = dict(actor1="Unidentified Armed Group (X)", inter1=3, actor2="Civilians (X)", inter2=7)
    events = incident_run([
        ("Attack", 0, dict(**gang, **located())),
        ("Abduction/forced disappearance", 2, dict(**gang, **located())),
    ])
    assert [e.sub_event_type for e in events] == ["Abduction/forced disappearance"]
    events = incident_run([
        ("Abduction/forced disappearance", 0, dict(**gang, **located())),
        ("Attack", 2, dict(fatalities=2, **gang, **located())),
    ])
    assert [(e.sub_event_type, e.fatalities) for e in events] == [("Attack", 2)]
