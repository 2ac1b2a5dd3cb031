"""The merge benchmark (bench/merge) must be well-formed, and its scorer must count pairs and deaths
the way its README defines them, or its figures mean nothing."""
import copy
import json
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "merge"
sys.path.insert(0, str(BENCH))

import score  # noqa: E402


def read(name):
    return [json.loads(line) for line in (BENCH / name).read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def gold():
    return read("gold.jsonl")


@pytest.fixture(scope="module")
def articles():
    return read("articles.jsonl")


@pytest.fixture(scope="module")
def re3d_ids():
    if not score.RE3D_TEXTS.exists():
        pytest.skip(f"the re3d texts are not at {score.RE3D_TEXTS}")
    return {t["id"] for t in score.read_jsonl(score.RE3D_TEXTS)}


def test_gold_is_well_formed_and_as_large_as_issue_15_asks(gold, articles, re3d_ids):
    assert score.check_gold(gold, articles, re3d_ids) == []
    used = {a for g in gold for a in g["articles"]}
    assert len(used) >= 40 and len(gold) >= 15
    assert {g["part"] for g in gold} == {"tune", "report"}
    assert sum("lookalike_of" in g for g in gold) >= 6
    # Real texts that report the same incident as another real text are in it.
    assert any(sum(a in re3d_ids for a in g["articles"]) >= 2 for g in gold)


@pytest.mark.parametrize("part", sorted(score.WRITTEN_SETS))
def test_each_written_set_is_well_formed_and_apart_from_the_others(part, articles, re3d_ids):
    gold_path, articles_path = score.WRITTEN_SETS[part]
    written = score.read_jsonl(articles_path)
    assert score.check_gold(score.load_gold(part), written, re3d_ids, parts=(part,)) == []
    others = {a["id"] for a in articles} | {a["id"] for p, (_, path) in score.WRITTEN_SETS.items() if p != part
                                             for a in score.read_jsonl(path)}
    assert not others & {a["id"] for a in written}
    # Each set tests joining and keeping apart, not only one of them.
    assert any(len(g["articles"]) >= 3 for g in score.load_gold(part))
    assert any("lookalike_of" in g for g in score.load_gold(part))


@pytest.mark.parametrize("breakage, complaint", [
    (lambda g, a: g[0].update(part="dev"), "neither tune nor report"),
    (lambda g, a: g[0]["articles"].append("no-such-article"), "neither in articles.jsonl nor in re3d_dev"),
    (lambda g, a: (g[0]["articles"].__setitem__(slice(None), g[0]["articles"][:1]), g[0].pop("lookalike_of", None)),
     "one article and no look-alike"),
    (lambda g, a: next(x for x in g if "lookalike_of" in x).update(lookalike_of="nowhere"), "is no incident"),
    (lambda g, a: next(x for x in g if x["part"] == "report")["articles"].append(
        next(x for x in g if x["part"] == "tune")["articles"][-1]), "in both parts"),
    (lambda g, a: a.append({**a[0], "id": "mg-stray"}), "articles in no incident"),
    (lambda g, a: a[0].pop("published"), "wants exactly"),
])
def test_check_gold_finds_each_kind_of_breakage(gold, articles, re3d_ids, breakage, complaint):
    g, a = copy.deepcopy(gold), copy.deepcopy(articles)
    breakage(g, a)
    problems = score.check_gold(g, a, re3d_ids)
    assert any(complaint in p for p in problems), problems


def fake_event(inc, articles, fatalities, **over):
    return {"article_id": articles[0], "sources": [{"article_id": a} for a in articles], "event_type": inc["event_type"],
            "sub_event_type": inc["sub_event_type"], "latitude": inc["latitude"], "longitude": inc["longitude"],
            "location": inc["location"], "event_date": inc["event_date"], "fatalities": fatalities, **over}


def test_a_store_with_one_event_per_incident_scores_one(gold):
    events = [fake_event(g, g["articles"], g["fatalities"]) for g in gold]
    r = score.score(gold, events)
    assert (r["precision"], r["recall"], r["fatalities_ratio"]) == (1.0, 1.0, 1.0)
    assert all(i["events"] == 1 and not i["problems"] for i in r["per_incident"])


def test_a_store_that_never_merges_has_no_recall_and_counts_every_death(gold):
    # Today's store: one event per article mention, no `sources`.
    events = [{k: v for k, v in fake_event(g, [a], g["fatalities"]).items() if k != "sources"}
              for g in gold for a in g["articles"]]
    r = score.score(gold, events)
    assert r["recall"] == 0.0 and r["precision"] is None
    assert r["fatalities_stored"] == sum(g["fatalities"] * len(g["articles"]) for g in gold)
    split = next(i for i in r["per_incident"] if i["articles"] == 3)
    assert split["events"] == 3 and split["problems"][0].startswith("split:")


def test_joining_look_alikes_costs_precision_and_is_named(gold):
    one, two = next((g, next(x for x in gold if x["incident"] == g["lookalike_of"])) for g in gold if "lookalike_of" in g)
    rest = [fake_event(g, g["articles"], g["fatalities"]) for g in gold if g not in (one, two)]
    joined = fake_event(one, list(dict.fromkeys(one["articles"] + two["articles"])), min(one["fatalities"], two["fatalities"]))
    r = score.score(gold, rest + [joined])
    assert r["recall"] == 1.0 and r["precision"] < 1.0
    assert any("wrongly joined" in p for i in r["per_incident"] for p in i["problems"])
    assert r["wrong_pairs"]
