"""Scores cross-report merging: many articles about the same incidents, one store, one event per incident.

    python3 bench/merge/score.py --part tune [--sitrep .venv/bin/sitrep] [--keep DB] [--json OUT]

Builds a fresh temporary SQLite store with the real `sitrep ingest --jsonl` from the articles of the
chosen part (ours from ``articles.jsonl``; the re3d texts named in ``gold.jsonl`` read from
``../shared/bench/events/re3d_dev.jsonl`` at run time, with the publication date of our re3d gold),
reads it back with `sitrep events --format jsonl`, and prints:

- pairwise merge precision and recall over pairs of articles (see README.md for the definition);
- the sum of fatalities over all stored events against the gold sum, and their ratio;
- per incident: the stored events attributed to it, and what went wrong (split, wrongly joined).

Articles are ingested in one `sitrep ingest` call, oldest publication first, so the store meets
them in the order news arrives. Every threshold of the merge is chosen on
``--part tune``; ``--part report`` is run to report a figure.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import shlex
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections import defaultdict
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
RE3D_TEXTS = ROOT.parent / "shared" / "bench" / "events" / "re3d_dev.jsonl"
RE3D_GOLD = ROOT / "bench" / "events" / "re3d_gold.jsonl"
ARTICLE_FIELDS = ("id", "title", "published", "source", "url", "text")
# A stored event counts as one of an incident's only when it is near it: the gold places of the
# look-alike pairs are 35 km and more apart, and a report's place is often a nearby town or district.
NEAR_KM = 30.0


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


# A second development set, written later and apart from gold.jsonl, to see whether merge rules chosen
# on the tune part carry to reports they were not chosen on (README, "The written set").
WRITTEN_GOLD = HERE / "written_gold.jsonl"
WRITTEN_ARTICLES = HERE / "written_articles.jsonl"
# A third, written later still by someone who had tuned on neither of the others, in other countries
# and outlets (README, "The second written set").
WRITTEN_SETS = {"written": (WRITTEN_GOLD, WRITTEN_ARTICLES),
                "written2": (HERE / "written2_gold.jsonl", HERE / "written2_articles.jsonl"),
                # A fourth, scored once on unchanged code before anyone developed on it (README, "The third
                # written set").
                "written3": (HERE / "written3_gold.jsonl", HERE / "written3_articles.jsonl"),
                # A fifth, the same way: scored once on unchanged code, the unseen check for the merge work that
                # follows it, and once more at its end (README, "The fourth written set").
                "written4": (HERE / "written4_gold.jsonl", HERE / "written4_articles.jsonl"),
                # A sixth, the same way, in conflicts the others cover little: the unseen check for the
                # s9-merge work (README, "The fifth written set").
                "written5": (HERE / "written5_gold.jsonl", HERE / "written5_articles.jsonl"),
                # A seventh, the same way, in conflicts none of the others covers (Manipur, South Sudan, the
                # Central African Republic, Ecuador, Benin, Niger): the unseen check for the s10-merge work
                # (README, "The sixth written set").
                "written6": (HERE / "written6_gold.jsonl", HERE / "written6_articles.jsonl"),
                # An eighth, the same way, in regions the others hold little (Catatumbo, Wollega, South Kivu,
                # North Waziristan, Zacatecas, Bay, Sumy) and Togo: the unseen check for session 11's work
                # (README, "The seventh written set").
                "written7": (HERE / "written7_gold.jsonl", HERE / "written7_articles.jsonl"),
                # A ninth, the same way, in places the others hold little (Segou, Lubero, South Gondar, Kachin,
                # southern Cauca, Kenscoff, Kryvyi Rih and Nikopol; Bannu, Culiacan, Taiz again): the unseen check
                # for session 12's work (README, "The eighth written set").
                "written8": (HERE / "written8_gold.jsonl", HERE / "written8_articles.jsonl"),
                # A tenth, the same way, in countries none of the others holds (Thailand's far south, Rio de Janeiro,
                # Papua's Intan Jaya, Enga, Sistan and Baluchestan, Karamoja, Bawku, the VRAEM, Bandarban) and
                # Chhattisgarh: the unseen check for session 13's work (README, "The ninth written set").
                "written9": (HERE / "written9_gold.jsonl", HERE / "written9_articles.jsonl"),
                # An eleventh, the same way, in countries none of the others holds (Egypt's North Sinai, the West
                # Bank, Honduras, Venezuela, Burundi, Guinea, Senegal's Casamance) and new regions of others (Lamu,
                # Kupwara, Chiure): the unseen check for session 14's work (README, "The tenth written set").
                "written10": (HERE / "written10_gold.jsonl", HERE / "written10_articles.jsonl"),
                # A twelfth, the same way, in countries none of the others holds (the Kyrgyz-Tajik and Armenian-
                # Azerbaijani borders, Tunisia, Tanzania, Ivory Coast, South Africa, Guatemala, Chile, Madagascar) and
                # Iraq's Sinjar: the unseen check for session 15's work (README, "The eleventh written set").
                "written11": (HERE / "written11_gold.jsonl", HERE / "written11_articles.jsonl")}


def load_gold(part: str) -> list[dict]:
    if part in WRITTEN_SETS:
        return read_jsonl(WRITTEN_SETS[part][0])
    gold = read_jsonl(HERE / "gold.jsonl")
    return [g for g in gold if part == "all" or g["part"] == part]


def load_articles(ids: set[str]) -> list[dict]:
    """Our articles and the referenced re3d texts, each in the `sitrep extract --jsonl` input format."""
    ours = {a["id"]: a for a in read_jsonl(HERE / "articles.jsonl")
            + [a for _, path in WRITTEN_SETS.values() for a in read_jsonl(path)]}
    need_re3d = ids - ours.keys()
    re3d: dict[str, dict] = {}
    if need_re3d:
        if not RE3D_TEXTS.exists():
            sys.exit(f"score.py: the re3d texts are not at {RE3D_TEXTS} (the scorer reads them from ../shared)")
        published = {g["id"]: g.get("published") for g in read_jsonl(RE3D_GOLD)}
        for t in read_jsonl(RE3D_TEXTS):
            if t["id"] in need_re3d:
                re3d[t["id"]] = {**{k: t[k] for k in ARTICLE_FIELDS if k in t}, "published": published.get(t["id"])}
    missing = ids - ours.keys() - re3d.keys()
    if missing:
        sys.exit(f"score.py: gold names articles found neither in articles.jsonl nor in re3d_dev: {sorted(missing)}")
    return [ours.get(i) or re3d[i] for i in sorted(ids)]


EVENT_TYPES = ("Battles", "Violence against civilians", "Explosions/Remote violence", "Riots", "Protests",
               "Strategic developments")
GOLD_KEYS = ("incident", "part", "articles", "event_type", "sub_event_type", "country", "location", "latitude",
             "longitude", "event_date", "fatalities", "claims", "notes")


def check_gold(gold: list[dict], articles: list[dict], re3d_ids: set[str] | None,
               parts: tuple[str, ...] = ("tune", "report")) -> list[str]:
    """What is wrong with the gold and our articles, one line per problem (empty when well-formed).
    re3d_ids: the ids of ../shared's re3d texts, or None to skip that look-up; parts: the part
    names this gold file may use."""
    problems = []
    ours = {a.get("id") for a in articles}
    for a in articles:
        if set(a) != set(ARTICLE_FIELDS) or not all(isinstance(a[k], str) and a[k] for k in ARTICLE_FIELDS):
            problems.append(f"article {a.get('id')}: wants exactly {ARTICLE_FIELDS}, all non-empty strings")
        elif not _is_date(a["published"]):
            problems.append(f"article {a['id']}: published {a['published']!r} is not YYYY-MM-DD")
    if len(ours) != len(articles):
        problems.append("articles.jsonl repeats an id")
    names = [g.get("incident") for g in gold]
    if len(set(names)) != len(names):
        problems.append("an incident id is used twice")
    by_name = {g.get("incident"): g for g in gold}
    part_of_article: dict[str, str] = {}
    for g in gold:
        name = g.get("incident")
        missing = [k for k in GOLD_KEYS if k not in g]
        if missing:
            problems.append(f"{name}: missing {missing}")
            continue
        if g["part"] not in parts:
            problems.append(f"{name}: part {g['part']!r} is neither {' nor '.join(parts)}")
        if g["event_type"] not in EVENT_TYPES:
            problems.append(f"{name}: event_type {g['event_type']!r} is not an ACLED type")
        if not _is_date(g["event_date"]):
            problems.append(f"{name}: event_date {g['event_date']!r} is not YYYY-MM-DD")
        if not isinstance(g["fatalities"], int) or g["fatalities"] < 0:
            problems.append(f"{name}: fatalities must be a count")
        if len(set(g["articles"])) != len(g["articles"]):
            problems.append(f"{name}: an article is listed twice")
        other = g.get("lookalike_of")
        if other is not None:
            twin = by_name.get(other)
            if twin is None:
                problems.append(f"{name}: lookalike_of {other!r} is no incident")
            elif twin.get("part") != g["part"]:
                problems.append(f"{name}: its look-alike {other} is in the other part")
            elif twin.get("lookalike_of") != name:
                problems.append(f"{name}: {other} does not name it back as its look-alike")
        if len(g["articles"]) < 2 and other is None:
            problems.append(f"{name}: one article and no look-alike, so it tests nothing")
        for a in g["articles"]:
            if a not in ours and (re3d_ids is not None and a not in re3d_ids):
                problems.append(f"{name}: article {a} is neither in articles.jsonl nor in re3d_dev.jsonl")
            if part_of_article.setdefault(a, g["part"]) != g["part"]:
                problems.append(f"{name}: article {a} is in both parts, so the parts are not apart")
        if {c.get("article") for c in g["claims"]} - set(g["articles"]):
            problems.append(f"{name}: a claim names an article outside the incident")
    unused = ours - set(part_of_article)
    if unused:
        problems.append(f"articles in no incident: {sorted(unused)}")
    return problems


def _is_date(text) -> bool:
    try:
        date.fromisoformat(text)
        return isinstance(text, str) and len(text) == 10
    except (TypeError, ValueError):
        return False


def sitrep_cmd(given: str | None) -> str:
    if given:
        return given
    local = ROOT / ".venv" / "bin" / "sitrep"
    return str(local) if local.exists() else (shutil.which("sitrep") or "sitrep")


def build_store(articles: list[dict], db: Path, sitrep: str, tmp: Path) -> list[dict]:
    """Ingest oldest first (the store sees the articles one by one in that order), then read every
    stored event back."""
    batch = tmp / "articles.jsonl"
    with open(batch, "w", encoding="utf-8") as f:
        for a in sorted(articles, key=lambda a: (a.get("published") or "", a["id"])):
            f.write(json.dumps(a, ensure_ascii=False) + "\n")
    run = subprocess.run([*shlex.split(sitrep), "ingest", "--jsonl", "--db", str(db), str(batch)], capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"score.py: `sitrep ingest` failed (exit {run.returncode}):\n{run.stderr[-3000:]}")
    run = subprocess.run([*shlex.split(sitrep), "events", "--format", "jsonl", "--db", str(db)], capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"score.py: `sitrep events` failed (exit {run.returncode}):\n{run.stderr[-3000:]}")
    return [json.loads(line) for line in run.stdout.splitlines() if line.strip()]


def source_ids(event: dict) -> list[str]:
    """The articles behind a stored event: its `sources`, or its `article_id` alone (a store that
    does not merge)."""
    ids = [s.get("article_id") for s in event.get("sources") or [] if s.get("article_id")]
    return list(dict.fromkeys(ids)) or [event["article_id"]]


def pairs_of(ids) -> set[tuple[str, str]]:
    return {tuple(sorted(p)) for p in itertools.combinations(set(ids), 2)}


def km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, a)))


def fold(name: str | None) -> str:
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    return "".join(c for c in text if c.isalnum())


def near(event: dict, inc: dict) -> bool:
    lat, lon = event.get("latitude"), event.get("longitude")
    if lat is not None and lon is not None:
        return km(float(lat), float(lon), inc["latitude"], inc["longitude"]) <= NEAR_KM
    a, b = fold(event.get("location")), fold(inc["location"])
    return bool(a and b and (a in b or b in a))


def days_apart(event: dict, inc: dict) -> int:
    try:
        return abs((date.fromisoformat(str(event.get("event_date"))[:10]) - date.fromisoformat(inc["event_date"])).days)
    except ValueError:
        return 99


def attribute(event: dict, gold: list[dict], by_article: dict[str, list[int]]) -> int | None:
    """The gold incident a stored event stands for: among the incidents of its source articles, one it
    is near (or, when it has no coordinates, one of the same type within three days), the best on
    type, sub-type and date; None for a side event (a background mention, a place the gold does not
    code, or a place the geocoder got wrong)."""
    best, best_key = None, None
    for i in sorted({i for a in source_ids(event) for i in by_article.get(a, [])}):
        inc = gold[i]
        same_type = event.get("event_type") == inc["event_type"]
        located = event.get("latitude") is not None and event.get("longitude") is not None
        if not (near(event, inc) or (not located and same_type and days_apart(event, inc) <= 3)):
            continue
        key = (same_type, event.get("sub_event_type") == inc["sub_event_type"], -days_apart(event, inc))
        if best_key is None or key > best_key:
            best, best_key = i, key
    return best


def fatalities(event: dict) -> int:
    try:
        return int(event.get("fatalities") or 0)
    except (TypeError, ValueError):
        return 0


def score(gold: list[dict], events: list[dict]) -> dict:
    ids = {a for g in gold for a in g["articles"]}
    by_article: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(gold):
        for a in g["articles"]:
            by_article[a].append(i)
    gold_pairs = set().union(*(pairs_of(g["articles"]) for g in gold))
    pred_pairs = set().union(set(), *(pairs_of(a for a in source_ids(e) if a in ids) for e in events))
    hit = gold_pairs & pred_pairs
    precision = len(hit) / len(pred_pairs) if pred_pairs else None
    recall = len(hit) / len(gold_pairs) if gold_pairs else None
    f1 = (2 * precision * recall / (precision + recall)) if precision and recall else 0.0

    owner = [attribute(e, gold, by_article) for e in events]
    incidents = []
    for i, g in enumerate(gold):
        mine = [e for e, o in zip(events, owner) if o == i]
        # Which of the incident's articles ended up in one stored event together.
        parent = {a: a for a in g["articles"]}

        def find(a):
            while parent[a] != a:
                parent[a] = parent[parent[a]]
                a = parent[a]
            return a
        for e in mine:
            inside = [a for a in source_ids(e) if a in parent]
            for a, b in zip(inside, inside[1:]):
                parent[find(a)] = find(b)
        covered = {a for e in mine for a in source_ids(e)}
        groups = defaultdict(list)
        for a in g["articles"]:
            if a in covered:
                groups[find(a)].append(a)
        missed = [a for a in g["articles"] if a not in covered]
        strangers = sorted({(a, ",".join(gold[j]["incident"] for j in by_article.get(a, [])) or "no incident")
                            for e in mine for a in source_ids(e) if a not in parent})
        missing_pairs = pairs_of(g["articles"]) - pred_pairs
        problems = []
        if len(groups) > 1:
            problems.append("split: " + " | ".join("{" + ", ".join(short(a) for a in grp) + "}" for grp in groups.values()))
        if missed:
            problems.append("no event attributed from: " + ", ".join(short(a) for a in missed))
        if strangers:
            problems.append("wrongly joined: " + ", ".join(f"{short(a)} ({inc})" for a, inc in strangers))
        if len(mine) > 1:
            problems.append(f"{len(mine)} stored events")
        incidents.append({
            "incident": g["incident"], "part": g["part"], "articles": len(g["articles"]), "events": len(mine),
            "fatalities": sum(fatalities(e) for e in mine), "gold_fatalities": g["fatalities"],
            "missing_pairs": len(missing_pairs), "pairs": len(pairs_of(g["articles"])), "problems": problems,
            "event_ids": [e.get("event_id") for e in mine],
        })
    wrong_pairs = []
    for a, b in sorted(pred_pairs - gold_pairs):
        ia = ",".join(gold[j]["incident"] for j in by_article.get(a, []))
        ib = ",".join(gold[j]["incident"] for j in by_article.get(b, []))
        wrong_pairs.append(f"{short(a)} ({ia}) + {short(b)} ({ib})")
    stored_sum = sum(fatalities(e) for e in events)
    gold_sum = sum(g["fatalities"] for g in gold)
    return {
        "incidents_scored": len(gold), "articles": len(ids), "stored_events": len(events),
        "side_events": sum(o is None for o in owner),
        "gold_pairs": len(gold_pairs), "predicted_pairs": len(pred_pairs), "correct_pairs": len(hit),
        "precision": precision, "recall": recall, "f1": f1,
        "fatalities_stored": stored_sum,
        "fatalities_attributed": sum(fatalities(e) for e, o in zip(events, owner) if o is not None),
        "fatalities_gold": gold_sum, "fatalities_ratio": stored_sum / gold_sum if gold_sum else None,
        "per_incident": incidents, "wrong_pairs": wrong_pairs,
    }


def short(article_id: str) -> str:
    return article_id if article_id.startswith(("mg-", "wr-", "w2-", "w3-", "w4-", "w5-", "w6-", "w7-", "w8-", "w9-", "w10-", "w11-")) else "re3d:" + article_id[:8]


def fmt(x) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def report(r: dict, part: str) -> str:
    out = [f"merge benchmark, part {part}: {r['incidents_scored']} incidents, {r['articles']} articles, "
           f"{r['stored_events']} stored events ({r['side_events']} matching no incident of their articles)",
           f"pairwise precision {fmt(r['precision'])}  recall {fmt(r['recall'])}  F1 {fmt(r['f1'])}  "
           f"(pairs: gold {r['gold_pairs']}, stored {r['predicted_pairs']}, both {r['correct_pairs']})",
           f"fatalities: stored {r['fatalities_stored']} (attributed to incidents {r['fatalities_attributed']}) "
           f"vs gold {r['fatalities_gold']}  ratio {fmt(r['fatalities_ratio'])}",
           "", f"{'incident':38} {'arts':>4} {'evts':>4} {'pairs ok':>8} {'fat':>5} {'gold':>5}  problems"]
    for i in r["per_incident"]:
        ok = f"{i['pairs'] - i['missing_pairs']}/{i['pairs']}"
        out.append(f"{i['incident']:38} {i['articles']:>4} {i['events']:>4} {ok:>8} {i['fatalities']:>5} "
                   f"{i['gold_fatalities']:>5}  {'; '.join(i['problems']) or 'ok'}")
    if r["wrong_pairs"]:
        out += ["", "article pairs joined that share no incident:"] + ["  " + w for w in r["wrong_pairs"]]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--part", choices=["tune", "report", "all", *WRITTEN_SETS], default="all")
    ap.add_argument("--check", action="store_true", help="only check that the gold is well-formed")
    ap.add_argument("--sitrep", default=None, help="the sitrep command, split like a shell would [default: .venv/bin/sitrep of this repo]")
    ap.add_argument("--keep", default=None, metavar="DB", help="keep the store at this path (must not exist)")
    ap.add_argument("--events", default=None, metavar="JSONL",
                    help="score these stored events (`sitrep events --format jsonl` output) instead of ingesting")
    ap.add_argument("--json", default=None, metavar="OUT", help="also write the figures as JSON to OUT")
    args = ap.parse_args(argv)

    if args.check:
        re3d = {t["id"] for t in read_jsonl(RE3D_TEXTS)} if RE3D_TEXTS.exists() else None
        articles = read_jsonl(HERE / "articles.jsonl")
        problems = check_gold(load_gold("all"), articles, re3d)
        seen = {a.get("id") for a in articles}
        for part, (_, path) in WRITTEN_SETS.items():
            written = read_jsonl(path)
            problems += [f"{part}: {p}" for p in check_gold(load_gold(part), written, re3d, parts=(part,))]
            shared_ids = seen & {a.get("id") for a in written}
            if shared_ids:
                problems.append(f"{path.name} reuses ids of another set: {sorted(shared_ids)}")
            seen |= {a.get("id") for a in written}
        print("\n".join(problems) or "gold is well-formed" + ("" if re3d is not None else " (re3d ids not checked)"))
        return 1 if problems else 0
    gold = load_gold(args.part)
    if args.events:
        events = read_jsonl(Path(args.events))
    else:
        articles = load_articles({a for g in gold for a in g["articles"]})
        with tempfile.TemporaryDirectory(prefix="sitrep-merge-") as tmp:
            db = Path(args.keep) if args.keep else Path(tmp) / "merge.db"
            if db.exists():
                sys.exit(f"score.py: {db} exists; --keep wants a new path so the store holds only this benchmark")
            events = build_store(articles, db, sitrep_cmd(args.sitrep), Path(tmp))
    result = score(gold, events)
    print(report(result, args.part))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
