"""The HTTP API of `sitrep serve`, over a real store file, through a real server process."""
from __future__ import annotations

import json
import subprocess

import httpx
import pytest

from .conftest import ARTICLES, SITREP


def get(server, path, **params):
    return httpx.get(server.url + path, params=params, timeout=10)


def test_events_lists_every_stored_event_newest_first(server):
    recs = get(server, "/api/events").json()
    assert [(r["article_id"], r["sub_event_type"]) for r in recs] == [
        ("capital-march", "Peaceful protest"), ("capital-march", "Arrests"),
        ("north-clash", "Armed clash"), ("north-clash", "Shelling/artillery/missile attack")]
    clash = recs[2]
    assert clash["fatalities"] == 4 and clash["latitude"] == pytest.approx(15.451)
    assert clash["evidence"]["fatalities"] == [{"start": 66, "end": 87, "text": "killing four fighters"}]
    assert clash["claims"][0]["claimed_by"] == "a local official"


@pytest.mark.parametrize("params, expected", [
    ({"type": "Battles"}, {"Armed clash"}),
    ({"type": "Arrests"}, {"Arrests"}),  # a sub-event type filters too
    ({"country": "Kenya"}, {"Peaceful protest", "Arrests"}),
    ({"since": "2024-04-01"}, {"Peaceful protest", "Arrests"}),
    ({"until": "2024-04-01"}, {"Armed clash", "Shelling/artillery/missile attack"}),
    ({"article": "north-clash", "type": "Explosions/Remote violence"}, {"Shelling/artillery/missile attack"}),
    ({"country": "Chad"}, set()),
])
def test_events_filters(server, params, expected):
    resp = get(server, "/api/events", **params)
    assert resp.status_code == 200
    assert {r["sub_event_type"] for r in resp.json()} == expected


def test_events_limit(server):
    assert len(get(server, "/api/events", limit=1).json()) == 1
    assert len(get(server, "/api/events", limit=1000).json()) == 4


@pytest.mark.parametrize("params, words", [
    ({"limit": 0}, "greater than or equal to 1"),
    ({"limit": 1001}, "less than or equal to 1000"),
    ({"limit": "many"}, "valid integer"),
    ({"since": "2024-13-01"}, "'since' must be a date as YYYY-MM-DD"),
    ({"until": "last week"}, "'until' must be a date as YYYY-MM-DD"),
    ({"type": "Skirmish"}, "unknown event type 'Skirmish'"),
])
def test_bad_query_values_are_refused_with_a_reason(server, params, words):
    resp = get(server, "/api/events", **params)
    assert resp.status_code == 422
    assert words in json.dumps(resp.json())


def test_geojson_has_only_located_events(server):
    resp = get(server, "/api/events.geojson")
    assert resp.status_code == 200
    fc = resp.json()
    assert fc["type"] == "FeatureCollection"
    feats = fc["features"]
    assert sorted(f["properties"]["sub_event_type"] for f in feats) == [
        "Armed clash", "Peaceful protest", "Shelling/artillery/missile attack"]
    nairobi = next(f for f in feats if f["properties"]["location"] == "Nairobi")
    assert nairobi["geometry"] == {"type": "Point", "coordinates": [36.8167, -1.2833]}  # GeoJSON is lon, lat
    assert [f["properties"]["location"] for f in get(server, "/api/events.geojson", type="Protests").json()[
        "features"]] == ["Nairobi"]
    assert get(server, "/api/events.geojson", since="x").status_code == 422


def test_figures(server):
    figs = get(server, "/api/figures").json()
    assert figs == [{"article_id": "north-clash", "kind": "fatalities", "value": 4, "claimed_by": "a local official",
                     "span": {"start": 66, "end": 87, "text": "killing four fighters"}, "aggregate": False}]
    assert get(server, "/api/figures", article="capital-march").json() == []


def test_stats(server):
    stats = get(server, "/api/stats").json()
    assert (stats["articles"], stats["events"], stats["figures"]) == (3, 4, 1)
    assert stats["by_event_type"] == {"Battles": 1, "Explosions/Remote violence": 1, "Protests": 1,
                                      "Strategic developments": 1}
    assert stats["by_country"] == {"Kenya": 2, "Sudan": 2}


def test_article_with_its_events_in_order_and_evidence_into_its_text(server):
    art = get(server, "/api/articles/north-clash").json()
    assert art["text"] == ARTICLES["north-clash"].text
    assert (art["title"], art["published"], art["source"]) == ("Clashes near Kassala", "2024-03-06", "Test Wire")
    assert [e["sub_event_type"] for e in art["events"]] == ["Armed clash", "Shelling/artillery/missile attack"]
    for ev in art["events"]:
        for spans in ev["evidence"].values():
            for s in spans:
                assert art["text"][s["start"]:s["end"]] == s["text"]
    assert [f["kind"] for f in art["figures"]] == ["fatalities"]
    assert get(server, "/api/articles/quiet-day").json()["events"] == []


def test_unknown_article_is_404(server):
    resp = get(server, "/api/articles/no-such-report")
    assert resp.status_code == 404
    assert resp.json()["detail"] == "no article with id 'no-such-report' in the store"


def test_extract_refuses_an_article_without_text(server):
    resp = httpx.post(server.url + "/api/extract", json={"id": "x"}, timeout=10)
    assert resp.status_code == 422
    assert "needs a string field 'text'" in resp.json()["detail"]
    resp = httpx.post(server.url + "/api/extract", json={"id": "x", "text": "...", "published": "March"}, timeout=10)
    assert resp.status_code == 422 and "'published' must be YYYY-MM-DD" in resp.json()["detail"]


def test_extract_returns_what_sitrep_extract_finds_and_stores_nothing(server, tmp_path):
    article = {"id": "posted-1", "published": "2024-07-02",
               "text": ("Gunmen attacked a village near Maiduguri in Borno State on Sunday, killing nine farmers, "
                        "police said. Soldiers later clashed with the attackers in a nearby forest.")}
    resp = httpx.post(server.url + "/api/extract", json=article, timeout=120)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["article_id"] == "posted-1"
    cli = subprocess.run([SITREP, "extract", "--jsonl"], input=json.dumps(article), capture_output=True, text=True,
                         timeout=300, check=True)
    expected = [json.loads(line) for line in cli.stdout.splitlines()]
    assert expected, "the pipeline found no event in a report of a deadly attack"
    assert body["events"] == expected
    for ev in body["events"]:
        for spans in ev["evidence"].values():
            for s in spans:
                assert article["text"][s["start"]:s["end"]] == s["text"]
    assert get(server, "/api/stats").json()["articles"] == 3


def test_page_is_self_contained(server):
    resp = get(server, "/")
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/html")
    html = resp.text
    assert "<svg" in html and "api/events.geojson" in html
    # Offline use: nothing may be fetched from another host.
    for attr in ("src=\"http", "href=\"http", "src='http", "href='http", "@import", "url(http"):
        assert attr not in html


def test_missing_store_fails_at_start(tmp_path):
    missing = tmp_path / "none.db"
    proc = subprocess.run([SITREP, "serve", "--db", str(missing), "--port", "9"], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 1
    assert f"no store at {missing}" in proc.stderr
    assert not missing.exists()  # no empty store was created on the way


def test_file_that_is_not_a_store_fails_at_start(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("these are not the events you are looking for\n" * 20)
    proc = subprocess.run([SITREP, "serve", "--db", str(bad), "--port", "9"], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 1
    assert "is not a usable Sitrep store" in proc.stderr
