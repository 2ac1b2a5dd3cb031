"""The command line, end to end, on the real model, gazetteer and a real SQLite file."""
import json
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest
from click.testing import CliRunner

from sitrep.cli import cli

from .conftest import ROOT

SITREP = [sys.executable, "-m", "sitrep"]
EXAMPLES = ROOT / "examples"

REPORT = ("Title: Shelling in the north\nPublished: 2022-05-10\nSource: Example Wire\n\n"
          "Government artillery shelled the town of Idlib on Monday, killing three civilians, "
          "a local monitor said.\n")


def run(args, stdin=None):
    return subprocess.run(SITREP + args, input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=600)


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def test_help_names_every_command(runner):
    out = runner.invoke(cli, ["--help"]).output
    for name in ("extract", "places", "ingest", "events", "figures", "geocode", "explain", "settings"):
        assert name in out
    for name in ("extract", "places", "ingest", "events"):
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output and len(result.output) > 300


def test_extract_jsonl_contract_with_a_malformed_line():
    lines = [json.dumps({"id": "ok-1", "text": REPORT.split("\n\n", 1)[1], "published": "2022-05-10"}),
             "{not json",
             json.dumps({"id": "ok-2", "text": "The weather was mild and markets were calm on Tuesday."})]
    proc = run(["extract", "--jsonl"], stdin="\n".join(lines) + "\n")
    assert proc.returncode == 1
    assert "<stdin>:2" in proc.stderr and "E117" in proc.stderr
    events = [json.loads(l) for l in proc.stdout.splitlines()]
    assert events and all(e["article_id"] == "ok-1" for e in events)
    first = events[0]
    assert first["event_type"] == "Explosions/Remote violence"
    assert first["sub_event_type"] == "Shelling/artillery/missile attack"
    assert first["event_date"] == "2022-05-09" and first["time_precision"] == 1
    assert first["fatalities"] == 3
    assert first["country"] == "Syria" and first["latitude"] is not None
    text = json.loads(lines[0])["text"]
    for spans in first["evidence"].values():
        for span in spans:
            assert text[span["start"]:span["end"]] == span["text"]


def test_extract_notes_articles_whose_relative_dates_need_a_publication_date():
    body = REPORT.split("\n\n", 1)[1]
    lines = [json.dumps({"id": "undated-1", "text": body}),
             json.dumps({"id": "dated-1", "text": body, "published": "2022-05-10"})]
    proc = run(["extract", "--jsonl"], stdin="\n".join(lines) + "\n")
    assert proc.returncode == 0
    events = [json.loads(l) for l in proc.stdout.splitlines()]
    assert {e["article_id"]: e["event_date"] for e in events} == {"undated-1": None, "dated-1": "2022-05-09"}
    notes = [l for l in proc.stderr.splitlines() if l.startswith("sitrep: note:")]
    assert len(notes) == 1 and "1 article(s) (undated-1)" in notes[0] and "--published" in notes[0]


def test_extract_by_default_forks_a_worker_per_core_and_gives_what_one_process_gives():
    bodies = [REPORT.split("\n\n", 1)[1],
              "Gunmen killed two police officers at a checkpoint in Kandahar on Friday, officials said.",
              "Protesters marched through Khartoum on Sunday demanding civilian rule."]
    lines = "".join(json.dumps({"id": f"a{i}", "text": t, "published": "2022-05-10"}) + "\n"
                    for i, t in enumerate(bodies))
    env = {k: v for k, v in os.environ.items() if k != "SITREP_WORKERS"}
    # Two cores at least, so the default forks whatever machine runs the test; batches of one, so
    # each worker gets articles.
    forked = subprocess.run(["taskset", "-c", "0,1", *SITREP, "extract", "--jsonl", "--batch-size", "1"],
                            input=lines, capture_output=True, text=True, cwd=ROOT, timeout=600, env=env) \
        if os.cpu_count() >= 2 and shutil.which("taskset") else run(["extract", "--jsonl", "--batch-size", "1",
                                                                      "--workers", "2"], stdin=lines)
    alone = run(["extract", "--jsonl", "--batch-size", "1", "--workers", "1"], stdin=lines)
    assert forked.returncode == alone.returncode == 0, forked.stderr + alone.stderr
    ids = [json.loads(l)["article_id"] for l in forked.stdout.splitlines()]
    assert {"a0", "a1"} <= set(ids) and ids == sorted(ids)
    assert forked.stdout == alone.stdout


def test_places_jsonl_offsets_point_into_the_text():
    text = "Fighting spread from Aleppo to the outskirts of Damascus, residents said."
    proc = run(["places", "--jsonl"], stdin=json.dumps({"id": "p", "text": text}) + "\n")
    assert proc.returncode == 0, proc.stderr
    found = {json.loads(l)["text"]: json.loads(l) for l in proc.stdout.splitlines()}
    assert {"Aleppo", "Damascus"} <= set(found)
    for rec in found.values():
        assert text[rec["start"]:rec["end"]] == rec["text"] and rec["article_id"] == "p"
    assert abs(found["Damascus"]["latitude"] - 33.51) < 0.5


def test_ingest_twice_adds_nothing_and_bad_files_fail_alone(tmp_path, runner):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "report.txt").write_text(REPORT)
    # Not b"\xff\xfe...": that is UTF-16's byte order mark, and such a file is read as text.
    (inputs / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01binary")
    db = tmp_path / "s.db"
    first = runner.invoke(cli, ["ingest", str(inputs), "--db", str(db)])
    assert first.exit_code == 1
    assert "broken.txt" in first.output and "E115" in first.output
    con = sqlite3.connect(db)
    counts = [con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("articles", "events")]
    assert counts[0] == 1 and counts[1] >= 1
    (inputs / "broken.txt").unlink()
    second = runner.invoke(cli, ["ingest", str(inputs), "--db", str(db)])
    assert second.exit_code == 0, second.output
    assert [con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("articles", "events")] == counts
    table = runner.invoke(cli, ["events", "--db", str(db)])
    assert "Shelling" in table.output and "Idleb, Idleb, Syria" in table.output  # ACLED spellings


def test_examples_give_events_in_several_countries(runner):
    result = runner.invoke(cli, ["extract", str(EXAMPLES), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    events = [json.loads(l) for l in result.output.splitlines() if l.startswith("{")]
    assert {e["country"] for e in events} >= {"Somalia", "Kenya", "Iraq", "Sudan"}
    assert {e["event_type"] for e in events} >= {"Explosions/Remote violence", "Protests", "Battles"}


def test_events_without_a_store_is_a_clear_error(tmp_path, runner):
    result = runner.invoke(cli, ["events", "--db", str(tmp_path / "none.db")])
    assert result.exit_code != 0 and "no store" in result.output


def test_gazetteer_import_then_geocode_from_the_command_line(tmp_path, runner):
    from tests.geo.test_geo import _write_dump

    files = _write_dump(tmp_path)
    gaz = tmp_path / "g.sqlite"
    result = runner.invoke(cli, ["gazetteer", "import", *map(str, files), "--gazetteer", str(gaz)])
    assert result.exit_code == 0, result.output
    again = runner.invoke(cli, ["gazetteer", "import", *map(str, files), "--gazetteer", str(gaz)])
    assert again.exit_code == 0
    found = runner.invoke(cli, ["geocode", "Qaryet Zeitoun", "--gazetteer", str(gaz)])
    assert found.exit_code == 0, found.output
    place = json.loads(found.output.splitlines()[0])
    assert place["geonameid"] == 9000001 and place["admin1"] == "Idleb"
    info = runner.invoke(cli, ["gazetteer", "info", "--gazetteer", str(gaz)])
    assert "places: 3 rows" in info.output


def test_the_command_keeps_numpys_blas_to_one_thread_unless_told_otherwise():
    probe = ("import sitrep.cli, numpy; from threadpoolctl import threadpool_info; "
             "print(min(i['num_threads'] for i in threadpool_info() if i['user_api'] == 'blas'))")
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    assert subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True,
                          check=True).stdout.strip() == "1"
    env["OPENBLAS_NUM_THREADS"] = "2"
    assert subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True,
                          check=True).stdout.strip() == "2"


def test_absurd_articles_fail_alone_and_fast_and_the_run_goes_on(tmp_path, runner):
    """100,000 "&" (minutes in spaCy's tokenizer before), an article of 1.2 million characters
    (spaCy's E088 crash, which lost the whole batch) and a lone surrogate, beside a good report."""
    import time

    good = REPORT.split("\n\n", 1)[1]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join([
        json.dumps({"id": "amp", "text": "&" * 100_000}),
        json.dumps({"id": "huge", "text": (good + " ") * 12_000}),
        '{"id": "half", "text": "Shelling \\ud800 hit the port."}',
        json.dumps({"id": "good", "text": good, "published": "2022-05-10"}),
    ]) + "\n")
    assert len((good + " ") * 12_000) > 1_200_000
    db = tmp_path / "s.db"
    started = time.perf_counter()
    result = runner.invoke(cli, ["ingest", str(path), "--db", str(db)])
    assert time.perf_counter() - started < 90
    assert result.exit_code == 1
    assert "E130" in result.output and "huge" in result.output and "E133" in result.output
    assert "Traceback" not in result.output
    con = sqlite3.connect(db)
    assert sorted(r[0] for r in con.execute("SELECT id FROM articles")) == ["amp", "good"]
    assert con.execute("SELECT COUNT(*) FROM events WHERE article_id = 'good'").fetchone()[0] >= 1


def test_an_article_over_its_time_budget_is_an_error_for_it_alone(tmp_path, runner):
    good = REPORT.split("\n\n", 1)[1]
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "a", "text": good}) + "\n")
    result = runner.invoke(cli, ["extract", "--jsonl", str(path), "--time-budget", "0"])
    assert result.exit_code == 1 and "E131" in result.output and "time budget" in result.output


@pytest.mark.parametrize("args, words", [
    (["--since", "2023-13-45"], "2023-13-45"),
    (["--until", "yesterday"], "yesterday"),
    (["--since", "20230101"], "20230101"),
    (["--limit", "-1"], "-1"),
    (["--limit", "0"], "0"),
])
def test_event_filters_are_checked(tmp_path, runner, args, words):
    from sitrep.store import Store

    db = tmp_path / "s.db"
    Store(db).close()
    result = runner.invoke(cli, ["events", "--db", str(db), *args])
    assert result.exit_code == 2 and "Invalid value" in result.output and words in result.output


def test_good_event_filters_still_work(tmp_path, runner):
    from sitrep.store import Store

    db = tmp_path / "s.db"
    Store(db).close()
    result = runner.invoke(cli, ["events", "--db", str(db), "--since", "2023-01-01", "--limit", "5",
                                 "--format", "jsonl"])
    assert result.exit_code == 0 and result.output == ""


def test_settings_below_their_minimum_are_refused(runner):
    result = runner.invoke(cli, ["extract", "--max-chars", "0", "-"], input="x")
    assert result.exit_code == 2 and "--max-chars" in result.output


def test_ingest_merges_reports_and_remove_and_show_explain_it(tmp_path):
    """Two outlets on one bombing are one event; `events --show` says why; `remove` takes a source away."""
    db = str(tmp_path / "s.db")
    arts = tmp_path / "a.jsonl"
    arts.write_text("\n".join(json.dumps(a) for a in [
        {"id": "wire-1", "source": "Example Wire", "published": "2023-03-15",
         "text": "A suicide car bomb exploded at a military checkpoint in Mogadishu on Tuesday, killing nine "
                 "soldiers, police said. Al Shabaab claimed the attack on Somali troops."},
        {"id": "daily-1", "source": "Example Daily", "published": "2023-03-15",
         "text": "At least 12 people were killed on Tuesday when a suicide bomber drove an explosives-laden car "
                 "into an army checkpoint in Mogadishu, a hospital official said. Al Shabaab said it carried out "
                 "the bombing against Somali soldiers."}]) + "\n")
    assert run(["ingest", "--jsonl", str(arts), "--db", db]).returncode == 0
    [event] = [json.loads(x) for x in run(["events", "--db", db, "--format", "jsonl"]).stdout.splitlines()]
    assert [s["article_id"] for s in event["sources"]] == ["daily-1", "wire-1"] and event["fatalities"] == 9
    shown = run(["events", "--db", db, "--show", str(event["event_id"])])
    assert shown.returncode == 0
    assert "2 source(s)" in shown.stdout and "merged with article daily-1" in shown.stdout
    assert "same type family: Explosions/Remote violence" in shown.stdout and "other figure: 12" in shown.stdout
    assert run(["events", "--db", db, "--format", "jsonl", "--actor", "shabaab", "--text", "mogadishu"]).stdout
    assert not run(["events", "--db", db, "--format", "jsonl", "--actor", "houthi"]).stdout
    assert run(["remove", "wire-1", "--db", db]).returncode == 0
    [left] = [json.loads(x) for x in run(["events", "--db", db, "--format", "jsonl"]).stdout.splitlines()]
    assert left["event_id"] == event["event_id"] and [s["article_id"] for s in left["sources"]] == ["daily-1"]
    assert left["fatalities"] == 12
    missing = run(["remove", "wire-1", "--db", db])
    assert missing.returncode == 2 and "E542" in missing.stderr
    nothing = run(["events", "--db", db, "--show", "999"])
    assert nothing.returncode == 2 and "E543" in nothing.stderr


def test_explain_report_gives_the_events_and_why_each_dropped_mention_was_dropped(runner):
    text = ("Rebels shelled a market in Kharkiv on Monday, killing two traders, the governor said. "
            "Rebel guns have shelled the villages around the city for months. Farmers in the region have "
            "been planting maize since April, and the harvest is expected in the autumn when the rains end. "
            "Schools reopened last week after the holiday.")
    result = runner.invoke(cli, ["explain", "--report", "--published", "2024-06-04", text])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "1 event(s):"
    assert "2024-06-03  Shelling/artillery/missile attack  Kharkiv, Ukraine  fatalities 2" in lines[1]
    assert lines[2] == "1 mention(s) dropped:"
    assert "told as the past" in lines[3] and "for months" in lines[4]
    quiet = runner.invoke(cli, ["explain", "--report", "The weather was mild and the markets were calm."])
    assert quiet.exit_code == 0 and quiet.output.startswith("0 event(s):\nNo sentence was typed as an event")
    assert runner.invoke(cli, ["explain", "--report", "   "]).exit_code == 2  # nothing to explain: a usage error


def test_explain_report_says_why_an_act_with_no_place_gave_no_event(runner):
    """An act typed and kept as news but placed nowhere in a long report is dropped by the merge stage;
    explain says so rather than that no sentence was typed."""
    text = ("Mourners gathered on Wednesday for the funerals of the men. Among the dead, relatives said, was a "
            "baker who had been walking to his shop when the shooting began shortly after dawn on Tuesday. "
            "Shops stayed shut and buses did not run for most of the day. Teachers said classes would resume "
            "next week once the streets were calm.")
    result = runner.invoke(cli, ["explain", "--report", "--published", "2024-06-05", text])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("0 event(s):\n1 mention(s) dropped:"), result.output
    assert "no place of its own in a long report" in result.output
