"""`sitrep scale` on a real local Ray (one CPU) gives the events `sitrep extract --jsonl` gives."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sitrep.errors import ConfigError
from sitrep.model import Article, Claim, Event
from sitrep.scale.ray_job import event_row, read_output, row_to_record, run

SITREP = str(Path(sys.executable).parent / "sitrep")

# Reports written for this test.
ARTICLES = [
    {"id": "ray-1", "published": "2023-08-14", "source": "Test Wire",
     "text": ("Fighters of the Rapid Support Forces attacked an army base in El Obeid on Sunday, "
              "killing six soldiers, a military spokesman said. The army said it repelled the attack "
              "after several hours of fighting.")},
    {"id": 2, "published": "2023-09-02",
     "text": ("A roadside bomb struck a police patrol on the road between Kirkuk and Tikrit on Friday, "
              "wounding three officers, local police said. No group claimed the attack.")},
    {"id": "ray-3", "published": "2023-10-20", "title": "Protest in the capital",
     "text": ("Thousands of people marched peacefully through central Khartoum on Thursday demanding an end "
              "to the war. Organisers said the march ended without incident.")},
    {"id": "ray-bad", "published": "2023-10-21"},  # no text: reported, the others go on
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("scale") / "articles.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def scaled(corpus):
    out = corpus.parent / "out"
    proc = subprocess.run([SITREP, "scale", str(corpus), str(out), "--num-cpus", "1", "--batch-size", "2"],
                          capture_output=True, text=True, timeout=600)
    return proc, out


@pytest.fixture(scope="module")
def extracted(corpus):
    with corpus.open("rb") as fh:
        proc = subprocess.run([SITREP, "extract", "--jsonl"], stdin=fh, capture_output=True, text=True,
                              timeout=600)
    assert proc.returncode == 1, proc.stderr  # the article without text fails there too
    return [json.loads(line) for line in proc.stdout.splitlines()]


def _rounded(recs):
    # The JSON writer keeps 15 significant digits; the CLI's json module keeps 17.
    return [{k: round(v, 9) if isinstance(v, float) else v for k, v in r.items()} for r in recs]


def test_scale_gives_the_same_events_as_extract(scaled, extracted):
    proc, out = scaled
    assert proc.returncode == 1, proc.stderr
    events = read_output(out)
    assert extracted, "the pipeline found no event in three reports of violence"
    assert {e["article_id"] for e in events} >= {"ray-1", "2"}
    assert _rounded(events) == _rounded(extracted)


def test_scale_reports_the_unreadable_article(scaled):
    proc, _ = scaled
    assert "article ray-bad:" in proc.stderr and "needs a string field 'text'" in proc.stderr
    assert "4 article(s)" in proc.stderr
    assert "1 article(s) failed" in proc.stderr


def test_row_round_trip():
    art = Article(id="a", text="Two soldiers were killed in Gao.")
    ev = Event(article_id="a", event_type="Battles", sub_event_type="Armed clash", fatalities=2, latitude=16.27,
               longitude=-0.04, iso=466, confidence=0.75)
    ev.add_evidence("location", art.span(27, 30))
    ev.claims.append(Claim("fatalities", 2, None, art.span(0, 25)))
    row = event_row(ev.to_record())
    assert isinstance(row["evidence"], str) and row["error"] is None
    assert row_to_record(row) == ev.to_record()


def test_output_folder_must_be_new_or_empty(corpus, tmp_path):
    (tmp_path / "old.json").write_text("{}\n")
    with pytest.raises(ConfigError, match="is not empty"):
        run(corpus, tmp_path, {})


def test_ray_that_cannot_start_is_a_sitrep_error(corpus, tmp_path):
    """A cluster address Ray cannot use: Ray's own ValueError was a traceback. (An address with
    nothing behind it fails the same way, but only after Ray has waited minutes for it.)"""
    proc = subprocess.run([SITREP, "scale", str(corpus), str(tmp_path / "out"), "--address", "127.0.0.1:noport"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 2, proc.stderr
    assert "E411" in proc.stderr and "127.0.0.1:noport" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()
