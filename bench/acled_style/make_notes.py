"""Build notes.csv: coder notes we wrote ourselves in ACLED's style, with the coding an ACLED coder would give.

Coordinates come from Sitrep's gazetteer (the populated place of that name, in that country and province);
admin1 is written as ACLED spells it, which is not always the gazetteer's spelling. Run from the repository
root: ``.venv/bin/python bench/acled_style/make_notes.py``.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

from sitrep.geo.gazetteer import Gazetteer

HERE = Path(__file__).resolve().parent
COLUMNS = ("event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,"
           "inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,"
           "location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp").split(",")
EVENT_TYPE = {
    "Armed clash": "Battles", "Government regains territory": "Battles", "Non-state actor overtakes territory": "Battles",
    "Air/drone strike": "Explosions/Remote violence", "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence", "Suicide bomb": "Explosions/Remote violence",
    "Grenade": "Explosions/Remote violence", "Chemical weapon": "Explosions/Remote violence",
    "Sexual violence": "Violence against civilians", "Attack": "Violence against civilians",
    "Abduction/forced disappearance": "Violence against civilians",
    "Peaceful protest": "Protests", "Protest with intervention": "Protests", "Excessive force against protesters": "Protests",
    "Violent demonstration": "Riots", "Mob violence": "Riots",
    "Agreement": "Strategic developments", "Arrests": "Strategic developments", "Change to group/activity": "Strategic developments",
    "Disrupted weapons use": "Strategic developments", "Headquarters or base established": "Strategic developments",
    "Looting/property destruction": "Strategic developments", "Non-violent transfer of territory": "Strategic developments",
    "Other": "Strategic developments",
}
DISORDER = {"Protests": "Demonstrations", "Riots": "Demonstrations", "Strategic developments": "Strategic developments"}
ISO3 = {"SO": "SOM", "NG": "NGA", "SD": "SDN", "MM": "MMR", "CD": "COD", "ML": "MLI", "BF": "BFA", "CO": "COL", "AF": "AFG",
        "UA": "UKR", "MX": "MEX", "PH": "PHL", "IN": "IND", "SY": "SYR", "MZ": "MOZ", "YE": "YEM", "ET": "ETH", "PS": "PSE",
        "PK": "PAK", "IQ": "IRQ", "KE": "KEN", "SS": "SSD", "BR": "BRA", "CM": "CMR", "HT": "HTI", "BD": "BGD", "SN": "SEN",
        "LK": "LKA", "NE": "NER"}


def inter_of(name: str, actors: dict[str, int], cc: str, home: str) -> int:
    if not name:
        return 0
    if name.startswith(("Military Forces of", "Police Forces of")):
        return 1 if cc == home else 8
    for label, code in (("Civilians", 7), ("Protesters", 6), ("Rioters", 5), ("Unidentified Armed Group", 3)):
        if name.startswith(label):
            return code
    if "Ethnic Militia" in name or "Communal Militia" in name:
        return 4
    return actors.get(name, 3)


def place(g: Gazetteer, name: str, cc: str, admin1_hint: str | None):
    gids, exact = g.candidates(name)
    rows = [r for r in g.rows_for(gids) if r.cc == cc]
    if admin1_hint:
        hinted = [r for r in rows if (g.place(r.gid).admin1 or "").startswith(admin1_hint)]
        rows = hinted or rows
    rows.sort(key=lambda r: (r.fclass == "P", r.gid in exact, r.pop), reverse=True)
    if not rows:
        raise SystemExit(f"no gazetteer place {name!r} in {cc}")
    return g.place(rows[0].gid)


def main() -> None:
    actors_file = HERE.parents[1] / "sitrep" / "resources" / "actors.json"
    actors = {a["name"]: a["inter"] for a in json.loads(actors_file.read_text("utf-8"))["actors"]}
    spec = json.loads((HERE / "notes_spec.json").read_text("utf-8"))
    g = Gazetteer.open()
    out = []
    for i, r in enumerate(spec["rows"], 1):
        cc = r["cc"]
        p = place(g, r["place"], cc, r.get("hint"))
        etype = EVENT_TYPE[r["sub"]]
        home = r.get("home", cc)
        i1 = inter_of(r["actor1"], actors, r.get("actor1_cc", cc), home)
        i2 = inter_of(r.get("actor2", ""), actors, r.get("actor2_cc", cc), home)
        interaction = (10 * min(i1, i2) + max(i1, i2)) if i1 and i2 else 10 * (i1 or i2)
        out.append({
            "event_id_cnty": f"{ISO3[cc]}{9000 + i}", "event_date": r["date"], "year": r["date"][:4],
            "time_precision": r.get("tp", 1), "disorder_type": DISORDER.get(etype, "Political violence"),
            "event_type": etype, "sub_event_type": r["sub"], "actor1": r["actor1"], "assoc_actor_1": r.get("assoc1", ""),
            "inter1": i1, "actor2": r.get("actor2", ""), "assoc_actor_2": r.get("assoc2", ""), "inter2": i2,
            "interaction": interaction, "civilian_targeting": "Civilian targeting" if i2 == 7 else "", "iso": "",
            "region": "", "country": r["country"], "admin1": r["admin1"], "admin2": p.admin2 or "", "admin3": "",
            "location": r.get("location", r["place"]), "latitude": f"{p.latitude:.4f}", "longitude": f"{p.longitude:.4f}",
            "geo_precision": r.get("gp", 1), "source": "Sitrep authors (written for measuring)", "source_scale": "Other",
            "notes": r["note"], "fatalities": r["fat"], "tags": r.get("tags", ""), "timestamp": "",
        })
    with open(HERE / "notes.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(out)
    print(f"{len(out)} rows -> {HERE / 'notes.csv'}")


if __name__ == "__main__":
    main()
