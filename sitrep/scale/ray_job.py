"""`sitrep scale` on Ray: extraction by shard on a pool of pipeline workers, then the cross-report merge.

The code that turns an article into events is `sitrep extract`'s: each worker (a Ray actor, one CPU)
builds ``default_pipeline()`` once and is given shard after shard (``extract.ShardWorker``). Lines
are read as bytes and parsed by the same function as `sitrep extract --jsonl`, not with Ray Data's
JSON reader, whose pandas and Arrow readers turn an id "007" into 7 or refuse mixed ids.

Robustness:
- a worker that dies (killed, out of memory, a crashed node) is started again by Ray and its shard
  run again, up to ``retries`` times (actor ``max_restarts`` and ``max_task_retries``); the merge
  tasks retry the same way (``max_retries``);
- a shard that still fails is reported and the run ends with exit 1 before the merge; the next run
  does only what is missing;
- a shard is finished when its manifest ``_shards/<id>.json`` exists (written last, atomically),
  and a re-run skips it; ``_scale.json`` records the input and settings of the run, and a re-run
  with others into the same folder is refused, since its shards would not fit the old ones.

The merge (``merge_step``) runs as Ray tasks over groups of country and month, then a boundary
pass; its output and ``merged/_SUCCESS`` are written again whenever a shard was (re)done.
"""
from __future__ import annotations

import datetime as dt
import os
import posixpath
import sys
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from .. import __version__
from ..errors import ConfigError
from . import storage
from .extract import ShardWorker, partitioning, row_to_record, write_partitioned
from .merge_step import group_inputs, join_components, merge_group, merged_row, merged_schema

# The settings that change what a shard holds: a re-run into the same folder must use the same.
RUN_SETTINGS = ("min_confidence", "country", "max_bytes", "max_chars")
DEFAULT_SHARD_BYTES = 16 << 20
RUN_FILE = "_scale.json"
NOTE_EVERY = 60.0  # seconds between progress lines when stderr is no terminal


@dataclass
class ScaleResult:
    shards: int = 0
    skipped: int = 0
    articles: int = 0
    events: int = 0
    errors: int = 0
    merged: int | None = None
    failed: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    output: str = ""
    workers: int = 0
    manifests: list[dict[str, Any]] = field(default_factory=list)


def _ray():
    try:
        import ray
    except ImportError:
        raise ConfigError("E402", "`sitrep scale` needs Ray: pip install 'sitrep[scale]'") from None
    return ray


def run(input_uri: str, output_uri: str, settings: dict[str, Any], *, address: str | None = None,
        num_cpus: int | None = None, workers: int | None = None, shard_bytes: int = DEFAULT_SHARD_BYTES,
        retries: int = 3, progress: bool | None = None) -> ScaleResult:
    """Extract every article under ``input_uri`` (a JSON Lines file, or a folder or prefix of them) into
    partitioned Parquet under ``output_uri``, then merge the events across reports.

    Ray: the cluster at ``address`` (or ``RAY_ADDRESS``), else a local Ray of ``num_cpus`` CPUs (all
    by default), unless Ray is already running in this process. ``workers`` pipeline workers (one
    per CPU of the cluster by default). Ray's own start-up failures come out as ConfigError E411.
    """
    ray = _ray()
    started = time.perf_counter()
    in_fs, in_path = storage.resolve(input_uri)
    out_fs, out_path = storage.resolve(output_uri)
    shards = storage.plan_shards(in_fs, in_path, shard_bytes)
    try:
        # The input as pyarrow resolved it: "s3://in/x/" and "s3://in/x" are one input.
        _claim_output(out_fs, out_path, {"input": f"{in_fs.type_name}:{in_path}", "shard_bytes": shard_bytes,
                                         "settings": {k: settings.get(k) for k in RUN_SETTINGS}})
    except OSError as exc:  # no such bucket, no permission, a file where a folder should be
        raise storage.cannot_write(output_uri, exc) from None
    result = ScaleResult(shards=len(shards), output=output_uri)
    _drop_stale_shards(out_fs, out_path, {s.id for s in shards})
    finished: dict[str, dict] = {}
    for shard in shards:
        manifest = storage.read_json(out_fs, f"{out_path}/_shards/{shard.id}.json")
        if manifest is not None and manifest.get("input") == shard.to_dict():
            finished[shard.id] = manifest
    todo = [s for s in shards if s.id not in finished]
    result.skipped = len(finished)

    merged_done = storage.read_json(out_fs, f"{out_path}/merged/_SUCCESS")
    need_merge = bool(todo) or merged_done is None or merged_done.get("shards") != sorted(s.id for s in shards)
    if todo or need_merge:
        with _ray_session(ray, address, num_cpus):
            if todo:
                _extract(ray, todo, settings, in_fs, out_fs, out_path, workers, retries, progress, finished, result)
            if not result.failed:
                manifests = [finished[s.id] for s in shards]
                _sweep(out_fs, out_path, manifests)
                result.merged = _merge(ray, manifests, out_fs, out_path, retries)
    else:
        result.merged = merged_done.get("events")
    result.manifests = [finished[s.id] for s in shards if s.id in finished]
    for m in result.manifests:
        result.articles += m["articles"]
        result.events += m["events"]
        result.errors += m["errors"]
    result.seconds = time.perf_counter() - started
    return result


def _claim_output(fs, path: str, run: dict[str, Any]) -> None:
    """Record the run in the output folder, or check it is the run already recorded there."""
    import pyarrow.fs as pafs

    old = storage.read_json(fs, f"{path}/{RUN_FILE}")
    if old is not None:
        if old.get("run") != run:
            raise ConfigError("E441", f"{path} holds the output of another run ({_diff(old.get('run') or {}, run)}); "
                                      "give a new folder, or the same input and settings to finish that run")
        return
    info = fs.get_file_info(path)
    if info.type == pafs.FileType.File:
        raise ConfigError("E404", f"{path} is a file; give a new or empty folder")
    if info.type == pafs.FileType.Directory and fs.get_file_info(pafs.FileSelector(path)):
        raise ConfigError("E404", f"{path} is not empty and holds no `sitrep scale` run; give a new or empty folder")
    storage.write_json_atomic(fs, f"{path}/{RUN_FILE}", {"run": run, "sitrep": __version__,
                                                          "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")})


def _drop_stale_shards(fs, out: str, planned: set[str]) -> None:
    """Delete the files of finished shards the input no longer has (an input file that changed gets
    new shards), so a folder read whole holds no rows twice."""
    import pyarrow.fs as pafs

    if fs.get_file_info(f"{out}/_shards").type != pafs.FileType.Directory:
        return
    for info in fs.get_file_info(pafs.FileSelector(f"{out}/_shards")):
        sid = posixpath.basename(info.path).removesuffix(".json")
        if not info.path.endswith(".json") or sid in planned:
            continue
        manifest = storage.read_json(fs, info.path) or {}
        for rel in (p for paths in (manifest.get("files") or {}).values() for p in paths):
            if storage.exists(fs, f"{out}/{rel}"):
                fs.delete_file(f"{out}/{rel}")
        fs.delete_file(info.path)


SHARD_OUTPUTS = ("events", "places", "figures", "articles", "errors")


def _sweep(fs, out: str, manifests: list[dict]) -> None:
    """Delete what no manifest names: files of an attempt that died half-way and was then run again
    differently (an article over its time budget once but not twice), temporaries of a write that
    never finished. One listing per output: after it, every shard output read whole is exactly
    the finished shards'."""
    import pyarrow.fs as pafs

    named = {f"{out}/{p}" for m in manifests for paths in m["files"].values() for p in paths}
    for name in SHARD_OUTPUTS:
        base = f"{out}/{name}"
        if fs.get_file_info(base).type != pafs.FileType.Directory:
            continue
        for info in fs.get_file_info(pafs.FileSelector(base, recursive=True)):
            if info.type == pafs.FileType.File and info.path not in named:
                fs.delete_file(info.path)


def _diff(old: dict, new: dict) -> str:
    keys = [k for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k)]
    return "; ".join(f"{k}: {old.get(k)!r} then, {new.get(k)!r} now" for k in keys)[:400]


class _ray_session:
    """Ray for the length of the run: joined at ``address`` or started locally, and shut down after
    unless it was running already."""

    def __init__(self, ray, address: str | None, num_cpus: int | None):
        self.ray, self.address, self.num_cpus = ray, address or os.environ.get("RAY_ADDRESS") or None, num_cpus
        self.owns = False

    def __enter__(self):
        ray = self.ray
        if ray.is_initialized():
            return self
        self.owns = True
        kwargs: dict[str, Any] = {"include_dashboard": False, "logging_level": "WARNING", "log_to_driver": True}
        if self.address:
            kwargs["address"] = self.address
        else:
            kwargs["num_cpus"] = self.num_cpus or os.cpu_count() or 1
        try:
            ray.init(**kwargs)
        except Exception as exc:  # Ray raises ConnectionError, ValueError, RuntimeError, ...: one error for the user
            self.owns = False
            raise ConfigError("E411", f"Ray could not start{f' at {self.address}' if self.address else ''}: "
                                      f"{type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:300]}") from None
        return self

    def __exit__(self, *exc):
        if self.owns:
            self.ray.shutdown()


def _extract(ray, todo, settings, in_fs, out_fs, out_path, workers, retries, progress, finished, result) -> None:
    """Run the shards in ``todo`` on a pool of pipeline workers; manifests of the finished go into ``finished``."""
    from ray.exceptions import RayActorError, RayError

    cpus = int(ray.cluster_resources().get("CPU", 1))
    n = max(1, min(len(todo), workers or cpus))
    result.workers = n
    actor_cls = ray.remote(num_cpus=1, max_restarts=retries, max_task_retries=retries)(ShardWorker)
    actors = [actor_cls.remote(settings, out_fs, out_path, in_fs) for _ in range(n)]
    queue = list(reversed(todo))
    running: dict[Any, tuple[Any, storage.Shard]] = {}
    bar = _bar(len(todo), progress)
    idle = list(actors)
    began = last_note = time.monotonic()
    done_now = articles_now = 0
    try:
        while queue or running:
            while idle and queue:
                actor, shard = idle.pop(), queue.pop()
                running[actor.run.remote(shard)] = (actor, shard)
            ready, _ = ray.wait(list(running), num_returns=1)
            for ref in ready:
                actor, shard = running.pop(ref)
                try:
                    manifest = ray.get(ref)
                except RayActorError as exc:
                    # The worker died more often than it may be restarted: its shard waits for the next run.
                    result.failed.append({"shard": shard.id, "input": shard.path, "error": _first_line(exc)})
                    continue  # the actor is gone: not returned to the pool
                except RayError as exc:
                    result.failed.append({"shard": shard.id, "input": shard.path, "error": _first_line(exc)})
                    idle.append(actor)
                    continue
                finished[shard.id] = manifest
                idle.append(actor)
                bar.update(1)
                done_now += 1
                articles_now += manifest["articles"]
                if bar.disable and time.monotonic() - last_note >= NOTE_EVERY:
                    # No terminal (a cluster job's log): a line now and then instead of a bar.
                    last_note = time.monotonic()
                    rate = articles_now / max(last_note - began, 1e-9)
                    print(f"sitrep scale: {done_now}/{len(todo)} shards, {articles_now} articles, "
                          f"{rate:.1f} articles/s", file=sys.stderr, flush=True)
            if not idle and not running and queue:
                for shard in queue:
                    result.failed.append({"shard": shard.id, "input": shard.path, "error": "no worker left"})
                queue.clear()
    finally:
        bar.close()
        for actor in actors:
            ray.kill(actor)


def _first_line(exc: BaseException) -> str:
    cause = getattr(exc, "cause", None)
    text = str(cause) if cause is not None else str(exc)
    lines = [line for line in text.splitlines() if line.strip()]
    return (lines[-1] if cause is not None and lines else (lines[0] if lines else type(exc).__name__))[:500]


def _bar(total: int, progress: bool | None):
    from tqdm import tqdm

    return tqdm(total=total, desc="shards", unit=" shards", disable=None if progress is None else not progress,
                file=sys.stderr)


# ---- the merge ---------------------------------------------------------------------------------------

def _partition_of(rel: str) -> tuple[str | None, str | None]:
    """(country, event_month) of an events file from its hive path ``events/country=C/event_month=M/f``."""
    values: dict[str, str | None] = {}
    for part in rel.split("/")[1:-1]:
        key, _, value = part.partition("=")
        value = unquote(value)
        values[key] = None if value == "__HIVE_DEFAULT_PARTITION__" else value
    return values.get("country"), values.get("event_month")


def _merge(ray, manifests: list[dict], fs, out: str, retries: int) -> int:
    import pyarrow.fs as pafs

    started = time.perf_counter()
    if fs.get_file_info(f"{out}/merged").type == pafs.FileType.Directory:
        fs.delete_dir_contents(f"{out}/merged")
    files: dict[tuple, list[str]] = {}
    for m in manifests:
        for rel in m["files"]["events"]:
            files.setdefault(_partition_of(rel), []).append(rel)
    merge_task = ray.remote(max_retries=retries)(_merge_group_task)
    tasks = [merge_task.remote(fs, out, [p for k in reads for p in files[k]], month, f"g-{_stem(country, month)}")
             for (country, month), reads in group_inputs(files)]
    written: list[str] = []
    components: list[list[dict]] = []
    count = 0
    for paths, n, open_ in ray.get(tasks):
        written += paths
        count += n
        components += open_
    boundary_task = ray.remote(max_retries=retries)(_merge_boundary_task)
    joined = join_components(components)
    batches = [joined[i:i + 500] for i in range(0, len(joined), 500)]
    for paths, n in ray.get([boundary_task.remote(fs, out, b, f"b-{i:05d}") for i, b in enumerate(batches)]):
        written += paths
        count += n
    storage.write_json_atomic(fs, f"{out}/merged/_SUCCESS", {
        "shards": sorted(m["shard"] for m in manifests), "events": count, "mentions": sum(m["events"] for m in manifests),
        "files": sorted(written), "written": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - started, 3)})
    return count


def _stem(country: str | None, month: str | None) -> str:
    import hashlib

    return f"{month or 'undated'}-{hashlib.sha256((country or '').encode()).hexdigest()[:12]}"


def read_events(fs, out: str, rel_paths: list[str]) -> list[dict[str, Any]]:
    """Event mention records (as `sitrep extract --jsonl` prints them, plus seq, outlet, url, published)
    from events files of a `sitrep scale` output, paths relative to it."""
    import pyarrow.dataset as ds

    if not rel_paths:
        return []
    table = ds.dataset([f"{out}/{p}" for p in rel_paths], filesystem=fs, format="parquet",
                       partitioning=partitioning("country", "event_month"), partition_base_dir=f"{out}/events").to_table()
    return [row_to_record(r) for r in table.to_pylist()]


def _write_merged(fs, out: str, merged: list[dict], stem: str) -> list[str]:
    rows = [merged_row(r) for r in merged]
    paths = write_partitioned(fs, f"{out}/merged", rows, merged_schema(), ("country", "event_month"), stem)
    return [posixpath.relpath(p, out) for p in paths]


def _merge_group_task(fs, out: str, rel_paths: list[str], month: str | None, stem: str):
    merged, open_ = merge_group(read_events(fs, out, rel_paths), month)
    return _write_merged(fs, out, merged, stem), len(merged), open_


def _merge_boundary_task(fs, out: str, components: list[list[dict]], stem: str):
    from ..store.merging import merge_records

    merged = merge_records([r for comp in components for r in comp])
    return _write_merged(fs, out, merged, stem), len(merged)


def read_output(output_uri: str, what: str = "merged") -> list[dict[str, Any]]:
    """The records of a finished `sitrep scale` output: ``merged`` events, or the ``events`` mentions."""
    from .merge_step import merged_row_to_record

    fs, out = storage.resolve(output_uri)
    if what == "events":
        rel = [p for s in _manifests(fs, out) for p in s["files"]["events"]]
        return read_events(fs, out, rel)
    done = storage.read_json(fs, f"{out}/merged/_SUCCESS")
    if done is None:
        raise ConfigError("E442", f"{output_uri} holds no finished `sitrep scale` run (no merged/_SUCCESS); "
                                  "run `sitrep scale` again to finish it")
    import pyarrow.dataset as ds

    if not done["files"]:
        return []
    table = ds.dataset([f"{out}/{p}" for p in done["files"]], filesystem=fs, format="parquet",
                       partitioning=partitioning("country", "event_month"),
                       partition_base_dir=f"{out}/merged").to_table()
    return [merged_row_to_record(r) for r in table.to_pylist()]


def _manifests(fs, out: str) -> list[dict]:
    """The manifests of the shards of the merge recorded in merged/_SUCCESS."""
    done = storage.read_json(fs, f"{out}/merged/_SUCCESS")
    if done is None:
        raise ConfigError("E442", f"{out} holds no finished `sitrep scale` run (no merged/_SUCCESS); "
                                  "run `sitrep scale` again to finish it")
    return [storage.read_json(fs, f"{out}/_shards/{sid}.json") for sid in done["shards"]]

