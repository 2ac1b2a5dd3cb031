"""Paths of `sitrep scale`: any filesystem pyarrow knows (local, ``file://``, ``s3://``, ``gs://``, ``hdfs://``).

Input is cut into shards of about ``shard_bytes`` bytes at line boundaries, the way Hadoop splits
text: a shard owns every line whose first byte lies in its byte range, so each worker reads its
own range straight from the store and no line is read twice or lost. A shard's id is a digest of
the file's path, size and the range: the same input gives the same shards on every run, and a
file that changed gets new ones.

Object stores have no rename, but a single PUT is atomic: a manifest written in one call is there
whole or not at all. Local paths get the same through a temporary file renamed into place.
"""
from __future__ import annotations

import hashlib
import json
import posixpath
import uuid
from dataclasses import dataclass
from typing import Any, Iterator

from ..errors import ConfigError, InputError
from ..ingest import cannot_read

# UTF-16 and UTF-32 lines do not end at the byte "\n", so such files are never cut.
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff")
_READ_AHEAD = 1 << 20


def resolve(uri: str):
    """(pyarrow filesystem, path inside it) for a local path or a URI. Credentials and an S3
    endpoint come from the usual places (AWS_* variables, ~/.aws, instance roles) or from the URI's
    query (``s3://bucket/key?endpoint_override=host:9000&scheme=http``)."""
    import pyarrow.fs as pafs

    try:
        if "://" in uri:
            fs, path = pafs.FileSystem.from_uri(uri)
        else:
            import os

            fs, path = pafs.LocalFileSystem(), os.path.abspath(uri)
    except Exception as exc:  # pyarrow raises ArrowInvalid, ArrowNotImplementedError, OSError: one error for the user
        raise ConfigError("E440", f"{uri}: not a path or URI pyarrow can open: {exc}") from None
    return fs, path.rstrip("/") or "/"


def cannot_write(uri: str, exc: OSError) -> ConfigError:
    return ConfigError("E440", f"{uri}: cannot write there: {exc}")


def is_local(fs) -> bool:
    import pyarrow.fs as pafs

    return isinstance(fs, pafs.LocalFileSystem)


@dataclass(frozen=True)
class Shard:
    """Lines of ``path`` whose first byte lies in [start, end); ``end`` None: to the end (gzip, wide text)."""

    path: str
    size: int
    start: int
    end: int | None
    compression: str | None = None

    @property
    def id(self) -> str:
        key = f"{self.path}\0{self.size}\0{self.start}\0{self.end}"
        stem = posixpath.basename(self.path).split(".")[0][:40] or "input"
        safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in stem)
        return f"{safe}-{hashlib.sha256(key.encode()).hexdigest()[:16]}"

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "size": self.size, "start": self.start, "end": self.end,
                "compression": self.compression}


def list_inputs(fs, path: str) -> list[tuple[str, int]]:
    """(path, size) of the input file, or of every file under the folder or prefix (hidden and
    ``_`` files left out, as Hadoop and Spark do), sorted."""
    import pyarrow.fs as pafs

    try:
        info = fs.get_file_info(path)
        if info.type == pafs.FileType.File:
            return [(info.path, info.size)]
        if info.type == pafs.FileType.NotFound:
            raise InputError("E443", f"{path}: no such file, folder or prefix")
        found = fs.get_file_info(pafs.FileSelector(path, recursive=True))
    except OSError as exc:
        raise cannot_read(f"{path}: {exc}") from None
    files = sorted((f.path, f.size) for f in found if f.type == pafs.FileType.File
                   and not any(part.startswith((".", "_")) for part in posixpath.relpath(f.path, path).split("/")))
    if not files:
        raise InputError("E443", f"{path}: the folder or prefix holds no files")
    return files


def plan_shards(fs, path: str, shard_bytes: int) -> list[Shard]:
    try:
        return _plan(fs, path, shard_bytes)
    except OSError as exc:
        raise cannot_read(f"{path}: {exc}") from None


def _plan(fs, path: str, shard_bytes: int) -> list[Shard]:
    shards = []
    for name, size in list_inputs(fs, path):
        if name.endswith(".gz"):
            shards.append(Shard(name, size, 0, None, "gzip"))
            continue
        with fs.open_input_file(name) as f:
            head = f.read(4)
        if head.startswith(_WIDE_BOMS):
            shards.append(Shard(name, size, 0, None))
            continue
        shards.extend(Shard(name, size, start, min(start + shard_bytes, size))
                      for start in range(0, max(size, 1), shard_bytes))
    return shards


def shard_lines(fs, shard: Shard, max_bytes: int) -> Iterator[tuple[int, bytes | None, int]]:
    """(byte offset, line without its "\\n", size) for each line the shard owns. A line longer than
    ``max_bytes`` comes as (offset, None, size): skipped, never held whole in memory."""
    if shard.end is None:
        with fs.open_input_stream(shard.path, compression=shard.compression) as f:
            data = f.read()
        if data.startswith(_WIDE_BOMS):
            from ..ingest import _decode

            # Offsets of a wide file count characters of the decoded text, not bytes.
            pos = 0
            for line in _decode(data).split("\n"):
                raw = line.encode("utf-8", "surrogatepass")
                yield (pos, raw, len(raw)) if len(raw) <= max_bytes else (pos, None, len(raw))
                pos += len(line) + 1
            return
        yield from _split(data, 0, len(data), 0, max_bytes)
        return
    with fs.open_input_file(shard.path) as f:
        begin = max(shard.start - 1, 0)
        f.seek(begin)
        data = f.read(shard.end - begin)
        if shard.start > 0:
            # The byte before the range decides: a "\n" there means a line starts at the range.
            cut = data.find(b"\n")
            while cut < 0:
                more = f.read(_READ_AHEAD)
                if not more:
                    return  # no line starts in the range
                data += more
                cut = data.find(b"\n")
            first = cut + 1
        else:
            first = 0
        owned_end = shard.end - begin  # lines starting before this index are the shard's
        if first >= owned_end:
            return
        last_nl = data.rfind(b"\n", first, owned_end)
        last_start = last_nl + 1 if last_nl >= 0 else first
        if last_start < owned_end:
            # Read on until the last owned line ends, or is known to be too long to keep.
            while data.find(b"\n", last_start) < 0 and len(data) - last_start <= max_bytes:
                more = f.read(_READ_AHEAD)
                if not more:
                    break
                data += more
    yield from _split(data, first, owned_end, begin, max_bytes)


def _split(data: bytes, first: int, owned_end: int, base: int, max_bytes: int):
    pos = first
    while pos < owned_end and pos < len(data):
        nl = data.find(b"\n", pos)
        stop = nl if nl >= 0 else len(data)
        size = stop - pos
        if size > max_bytes:
            yield base + pos, None, size
        else:
            line = data[pos:stop]
            if base + pos == 0 and line.startswith(b"\xef\xbb\xbf"):
                line = line[3:]
            yield base + pos, line, size
        if nl < 0:
            return
        pos = nl + 1


def write_bytes_atomic(fs, path: str, data: bytes) -> None:
    """``path`` holds ``data`` whole, or is untouched: a local file through a renamed temporary,
    an object in one PUT."""
    parent = posixpath.dirname(path)
    fs.create_dir(parent, recursive=True)
    if is_local(fs):
        tmp = posixpath.join(parent, f".{posixpath.basename(path)}.{uuid.uuid4().hex}.tmp")
        with fs.open_output_stream(tmp) as f:
            f.write(data)
        fs.move(tmp, path)
    else:
        with fs.open_output_stream(path) as f:
            f.write(data)


def write_json_atomic(fs, path: str, value: Any) -> None:
    write_bytes_atomic(fs, path, json.dumps(value, ensure_ascii=False, indent=1).encode("utf-8"))


def read_json(fs, path: str) -> Any | None:
    """The JSON at ``path``, or None when there is none."""
    import pyarrow.fs as pafs

    if fs.get_file_info(path).type != pafs.FileType.File:
        return None
    with fs.open_input_stream(path) as f:
        return json.loads(f.read().decode("utf-8"))


def exists(fs, path: str) -> bool:
    import pyarrow.fs as pafs

    return fs.get_file_info(path).type != pafs.FileType.NotFound
