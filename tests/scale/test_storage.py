"""Input cut into shards at line boundaries, on real files through pyarrow's local filesystem."""
from __future__ import annotations

import gzip
import random

import pyarrow.fs as pafs
import pytest

from sitrep.errors import ConfigError, InputError
from sitrep.scale import storage


def _lines_of(fs, path, shard_bytes, max_bytes):
    return [(off, raw) for sh in storage.plan_shards(fs, path, shard_bytes)
            for off, raw, _ in storage.shard_lines(fs, sh, max_bytes)]


def test_every_line_is_read_once_whatever_the_shard_size(tmp_path):
    """Random files (empty lines, a missing last newline, lines longer than the limit) cut at random
    sizes: the shards together give each line once, at its byte offset, as splitting the file would."""
    fs, path = pafs.LocalFileSystem(), str(tmp_path / "a.jsonl")
    rng = random.Random(7)
    for trial in range(300):
        lines = ["é" * rng.randint(0, 15) + "x" * rng.randint(0, 15) for _ in range(rng.randint(0, 12))]
        data = "\n".join(lines) + rng.choice(["", "\n"])
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(data)
        raw = data.encode("utf-8")
        expected, pos = [], 0
        parts = raw.split(b"\n")
        if raw.endswith(b"\n") or not raw:
            parts = parts[:-1]
        for p in parts:
            expected.append((pos, p if len(p) <= 25 else None))
            pos += len(p) + 1
        assert _lines_of(fs, path, rng.randint(1, 50), 25) == expected, (trial, data)


def test_a_folder_is_read_file_by_file_and_its_hidden_files_left_out(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "b.jsonl").write_text('{"id": 2}\n')
    (tmp_path / "in" / "a.jsonl").write_text('{"id": 1}\n')
    (tmp_path / "in" / "_SUCCESS").write_text("")
    (tmp_path / "in" / ".part.tmp").write_text("x\n")
    with gzip.open(tmp_path / "in" / "c.jsonl.gz", "wt") as fh:
        fh.write('{"id": 3}\n{"id": 4}\n')
    fs, path = storage.resolve(f"file://{tmp_path}/in/")
    shards = storage.plan_shards(fs, path, 1 << 20)
    assert [s.path.rsplit("/", 1)[1] for s in shards] == ["a.jsonl", "b.jsonl", "c.jsonl.gz"]
    assert shards[2].compression == "gzip" and shards[2].end is None
    assert [raw for s in shards for _, raw, _ in storage.shard_lines(fs, s, 100)] == [
        b'{"id": 1}', b'{"id": 2}', b'{"id": 3}', b'{"id": 4}']
    # The same input gives the same shard ids on every run.
    assert [s.id for s in storage.plan_shards(fs, path, 1 << 20)] == [s.id for s in shards]


def test_utf16_input_is_never_cut(tmp_path):
    (tmp_path / "w.jsonl").write_bytes('{"id": 1}\n{"id": 2}\n'.encode("utf-16"))
    fs, path = storage.resolve(str(tmp_path / "w.jsonl"))
    shards = storage.plan_shards(fs, path, 4)
    assert len(shards) == 1
    assert [raw for _, raw, _ in storage.shard_lines(fs, shards[0], 100) if raw] == [b'{"id": 1}', b'{"id": 2}']


def test_missing_input_and_unknown_scheme_are_sitrep_errors(tmp_path):
    fs, path = storage.resolve(str(tmp_path / "nothing.jsonl"))
    with pytest.raises(InputError, match="E443"):
        storage.plan_shards(fs, path, 100)
    (tmp_path / "empty").mkdir()
    fs, path = storage.resolve(str(tmp_path / "empty"))
    with pytest.raises(InputError, match="E443.*holds no files"):
        storage.plan_shards(fs, path, 100)
    with pytest.raises(ConfigError, match="E440.*nosuch://bucket"):
        storage.resolve("nosuch://bucket/key")


def test_atomic_write_leaves_no_temporary(tmp_path):
    fs, out = storage.resolve(str(tmp_path / "out"))
    storage.write_json_atomic(fs, f"{out}/_shards/x.json", {"a": 1})
    storage.write_json_atomic(fs, f"{out}/_shards/x.json", {"a": 2})
    assert storage.read_json(fs, f"{out}/_shards/x.json") == {"a": 2}
    assert [p.name for p in (tmp_path / "out" / "_shards").iterdir()] == ["x.json"]
    assert storage.read_json(fs, f"{out}/_shards/none.json") is None
