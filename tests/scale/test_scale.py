"""`sitrep scale` on a real local Ray with 2 CPUs: the merged events are the single-process store's,
the outputs are partitioned Parquet, a malformed record goes to errors/, a re-run skips finished
shards, a worker that dies is retried, an S3 store (moto's server on localhost) works as a folder,
and `sitrep load` fills the SQLite store once.

Ray starts slowly on a loaded machine, so the runs are few: one of the whole corpus (shared by
most tests), one re-run with a lost manifest and a worker that dies, one on S3."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pyarrow.dataset as ds
import pytest

from sitrep.scale.ray_job import read_output
from sitrep.store import Store

from ..serve.conftest import Server
from .corpus import MALFORMED, write_corpus

SITREP = str(Path(sys.executable).parent / "sitrep")
SHARD_MB = "0.004"  # about 4 KB: the corpus (6.7 KB) is cut into two shards


def _scale(*args, env=None, timeout=900):
    return subprocess.run([SITREP, "scale", *map(str, args), "--num-cpus", "2", "--shard-mb", SHARD_MB],
                          capture_output=True, text=True, timeout=timeout, env={**os.environ, **(env or {})})


def _norm(events):
    """Events comparable across the store and the Parquet output: no store id, floats as stored."""
    out = []
    for e in events:
        e = {k: (round(v, 6) if isinstance(v, float) else v) for k, v in e.items() if k != "event_id"}
        out.append(e)
    return sorted(out, key=lambda e: [(s["article_id"], s["seq"]) for s in e["sources"]])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("scale") / "articles.jsonl"
    write_corpus(path)
    return path


@pytest.fixture(scope="module")
def scaled(corpus):
    out = corpus.parent / "out"
    return _scale(corpus, out), out


@pytest.fixture(scope="module")
def stored(corpus):
    """The same corpus through the single-process pipeline and store (`sitrep ingest`)."""
    db = corpus.parent / "single.db"
    proc = subprocess.run([SITREP, "ingest", "--jsonl", str(corpus), "--db", str(db)], capture_output=True,
                          text=True, timeout=900)
    assert proc.returncode == 1, proc.stderr  # the malformed line fails there too
    with Store(db) as store:
        return list(store.events())


def test_scale_on_two_cpus_merges_as_the_single_process_store(scaled, stored):
    proc, out = scaled
    assert "2 shard(s): 2 done now on 2 worker(s)" in proc.stderr, proc.stderr
    merged = read_output(str(out))
    assert any(len(e["sources"]) >= 2 for e in merged), "the corpus reports incidents twice"
    assert len(merged) < len(read_output(str(out), "events"))
    assert _norm(merged) == _norm(stored)
    bombing = next(e for e in merged if e["sub_event_type"] == "Suicide bomb" and len(e["sources"]) > 1)
    assert {s["source"] for s in bombing["sources"]} >= {"Example Wire", "Horn Courier"}
    assert bombing["fatalities"] == 9  # the lowest figure; Horn Courier's eleven stays a claim
    assert any(c["value"] == 11 for c in bombing["claims"] if c["kind"] == "fatalities")


def test_outputs_are_hive_partitioned_parquet(scaled):
    _, out = scaled
    events = ds.dataset(out / "events", format="parquet", partitioning="hive").to_table()
    months = {(c, m) for c, m in zip(events.column("country").to_pylist(), events.column("event_month").to_pylist())}
    assert ("Somalia", "2023-03") in months and ("Kenya", "2024-06") in months
    assert all((out / "events" / f"country={c}" / f"event_month={m}").is_dir() for c, m in months if c)
    merged = ds.dataset(out / "merged", format="parquet", partitioning="hive").to_table()
    assert merged.num_rows == json.loads((out / "merged" / "_SUCCESS").read_text())["events"]
    assert max(merged.column("n_sources").to_pylist()) >= 2
    places = ds.dataset(out / "places", format="parquet", partitioning="hive").to_table()
    assert "Mogadishu" in places.column("name").to_pylist()
    figures = ds.dataset(out / "figures", format="parquet", partitioning="hive").to_table()
    assert "displacement" in figures.column("kind").to_pylist()
    articles = ds.dataset(out / "articles", format="parquet").to_table()
    assert articles.num_rows == 8 and "broken-1" not in articles.column("id").to_pylist()


def test_a_malformed_record_goes_to_errors_with_its_reason(scaled):
    proc, out = scaled
    assert proc.returncode == 1, proc.stderr  # the run went on, and says a record failed
    assert "1 record(s) failed" in proc.stderr
    (errors,) = [json.loads(line) for f in (out / "errors").iterdir() for line in f.read_text().splitlines()]
    assert errors["code"] == "E117" and "malformed JSON" in errors["error"]
    assert errors["line"] == MALFORMED  # kept whole, to be fixed and fed again


def test_load_fills_the_store_once(scaled, tmp_path):
    _, out = scaled
    db = tmp_path / "loaded.db"
    first = subprocess.run([SITREP, "load", str(out), "--db", str(db)], capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr
    assert "8 article(s) added" in first.stderr
    with Store(db) as store:
        loaded = list(store.events())
        counts = store.counts()
    assert _norm(loaded) == _norm(read_output(str(out)))
    second = subprocess.run([SITREP, "load", str(out), "--db", str(db)], capture_output=True, text=True, timeout=600)
    assert "0 article(s) added, 0 replaced, 8 already stored" in second.stderr, second.stderr
    with Store(db) as store:
        assert store.counts() == counts
    # `sitrep serve` shows what was loaded, each merged event with its sources.
    server = Server(db, tmp_path / "serve.log")
    try:
        page = httpx.get(server.url + "/api/events", params={"limit": 100}, timeout=30).json()
    finally:
        server.stop()
    assert page["total"] == len(loaded)
    assert max(len(e["sources"]) for e in page["events"]) >= 2


def test_rerun_does_only_the_lost_shard_and_a_dead_worker_is_retried(scaled, corpus, tmp_path):
    """A copy of the finished run loses one shard's manifest; the re-run's first worker dies (os._exit)
    on its shard. Ray starts it again, the shard is done by the new process, the other shard is not
    touched, and the result is the first run's."""
    _, out = scaled
    again = tmp_path / "again"
    shutil.copytree(out, again)
    manifests = sorted((again / "_shards").iterdir())
    lost, kept = manifests
    kept_before = kept.read_bytes()
    lost.unlink()
    # What an attempt that died half-way could leave: a file no manifest names.
    stray = next((again / "events").rglob("*.parquet")).with_name("stray-0.parquet")
    shutil.copy(next((again / "events").rglob("*.parquet")), stray)
    flag = tmp_path / "crashed.json"
    proc = _scale(corpus, again, env={"SITREP_SCALE_TEST_CRASH_ONCE": str(flag)})
    assert "1 done now on 1 worker(s), 1 done before, 0 failed" in proc.stderr, proc.stderr
    crash = json.loads(flag.read_text())  # written by the worker just before it died
    redone = json.loads(lost.read_text())
    assert crash["shard"] == redone["shard"] == lost.stem
    assert redone["worker"]["pid"] != crash["pid"]  # the shard was finished by the restarted worker
    assert kept.read_bytes() == kept_before
    assert not stray.exists()
    assert _norm(read_output(str(again))) == _norm(read_output(str(out)))
    # Everything finished: nothing is done again, and Ray is not even started.
    proc = _scale(corpus, again, timeout=120)
    assert "0 done now on 0 worker(s), 2 done before" in proc.stderr, proc.stderr
    assert kept.read_bytes() == kept_before


def test_a_run_with_other_settings_or_a_foreign_folder_is_refused(scaled, corpus, tmp_path):
    _, out = scaled
    proc = subprocess.run([SITREP, "scale", str(corpus), str(out), "--shard-mb", "1"], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 2 and "E441" in proc.stderr and "shard_bytes" in proc.stderr, proc.stderr
    (tmp_path / "old.json").write_text("{}\n")
    proc = subprocess.run([SITREP, "scale", str(corpus), str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "E404" in proc.stderr, proc.stderr
    proc = subprocess.run([SITREP, "load", str(tmp_path), "--db", str(tmp_path / "x.db")], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 2 and "E442" in proc.stderr, proc.stderr
    # An output below a file cannot be written: a coded error, not a traceback, and nothing is started.
    proc = subprocess.run([SITREP, "scale", str(corpus), str(corpus / "out")], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 2 and "E440" in proc.stderr and "Traceback" not in proc.stderr, proc.stderr


def test_s3_input_and_output_through_moto(scaled, corpus, tmp_path):
    """Read from and write to an S3 API (moto's server on localhost, fake credentials), then load
    from it: the same merged events as the local run."""
    pafs = pytest.importorskip("pyarrow.fs")
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        env = {"AWS_ENDPOINT_URL": f"http://{host}:{port}", "AWS_ACCESS_KEY_ID": "test",
               "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true"}
        s3 = pafs.S3FileSystem(endpoint_override=env["AWS_ENDPOINT_URL"], access_key="test", secret_key="test",
                               region="us-east-1", allow_bucket_creation=True)
        s3.create_dir("corpus")
        s3.create_dir("results")
        with s3.open_output_stream("corpus/news/articles.jsonl") as f:
            f.write(corpus.read_bytes())
        proc = _scale("s3://corpus/news/", "s3://results/run1", env=env)
        assert "2 shard(s): 2 done now" in proc.stderr, proc.stderr
        written = [i.path for i in s3.get_file_info(pafs.FileSelector("results/run1", recursive=True))]
        assert "results/run1/merged/_SUCCESS" in written
        assert any(p.startswith("results/run1/events/country=Somalia/event_month=2023-03/") for p in written)
        db = tmp_path / "from_s3.db"
        load = subprocess.run([SITREP, "load", "s3://results/run1", "--db", str(db)], capture_output=True, text=True,
                              timeout=600, env={**os.environ, **env})
        assert load.returncode == 0, load.stderr
    finally:
        server.stop()
    _, out = scaled
    with Store(db) as store:
        assert _norm(list(store.events())) == _norm(read_output(str(out)))


def test_ray_that_cannot_start_is_a_sitrep_error(corpus, tmp_path):
    """A cluster address Ray cannot use: Ray's own ValueError was a traceback. (An address with
    nothing behind it fails the same way, but only after Ray has waited minutes for it.)"""
    proc = subprocess.run([SITREP, "scale", str(corpus), str(tmp_path / "out"), "--address", "127.0.0.1:noport"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 2, proc.stderr
    assert "E411" in proc.stderr and "127.0.0.1:noport" in proc.stderr and "Traceback" not in proc.stderr
    proc = subprocess.run([SITREP, "scale", str(corpus), str(tmp_path / "out2")], capture_output=True, text=True,
                          timeout=600, env={**os.environ, "RAY_ADDRESS": "127.0.0.1:noport"})
    assert proc.returncode == 2 and "E411" in proc.stderr and "127.0.0.1:noport" in proc.stderr, proc.stderr


def test_shards_the_input_no_longer_has_are_deleted(scaled, tmp_path):
    """An input file that changed gets new shards: the old ones' files and manifests go, so a folder
    read whole never holds an article twice."""
    from sitrep.scale import storage
    from sitrep.scale.ray_job import _drop_stale_shards

    _, out = scaled
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    keep, gone = sorted(p.stem for p in (copy / "_shards").iterdir())
    gone_files = [copy / p for paths in json.loads((copy / "_shards" / f"{gone}.json").read_text())["files"].values()
                  for p in paths]
    assert gone_files and all(p.exists() for p in gone_files)
    fs, path = storage.resolve(str(copy))
    _drop_stale_shards(fs, path, {keep})
    assert [p.stem for p in (copy / "_shards").iterdir()] == [keep]
    assert not any(p.exists() for p in gone_files)
    assert not list(copy.rglob(f"{gone}*"))
    assert list(copy.rglob(f"{keep}*.parquet"))


def test_load_of_a_slice_takes_only_the_sources_of_its_events(scaled, tmp_path):
    _, out = scaled
    db = tmp_path / "kenya.db"
    proc = subprocess.run([SITREP, "load", str(out), "--db", str(db), "--country", "Kenya", "--since", "2024-06-01"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    kenya = [e for e in read_output(str(out)) if e["country"] == "Kenya" and e["event_date"] >= "2024-06-01"]
    sources = {s["article_id"] for e in kenya for s in e["sources"]}
    assert sources == {"nairobi-tax-protests", "lake-herald-5521"}
    with Store(db) as store:
        loaded = list(store.events())
    assert {s["article_id"] for e in loaded for s in e["sources"]} == sources
    assert _norm(loaded) == _norm(kenya)
