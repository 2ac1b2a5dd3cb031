"""The `sitrep scale` and `sitrep load` commands."""
from __future__ import annotations

import sys

import click

from .. import settings as settings_mod


def _setting_option(name: str):
    s = settings_mod.BY_NAME[name]
    return click.option(s.option, name, default=None, type=settings_mod.click_type(s),
                        help=f"{s.help} [env {s.env}; default {s.default!r}]")


@click.command()
@click.argument("input_uri", metavar="INPUT")
@click.argument("output_uri", metavar="OUTPUT")
@click.option("--address", default=None, metavar="HOST:PORT", envvar="RAY_ADDRESS", show_envvar=True,
              help="The Ray cluster to run on (as `ray start --head` prints it, or `auto`) "
                   "[default: start a local Ray].")
@click.option("--num-cpus", type=click.IntRange(1), default=None,
              help="CPUs of the local Ray (no --address) [default: all].")
@click.option("--workers", type=click.IntRange(1), default=None,
              help="Pipeline workers, one CPU each [default: one per CPU of the cluster].")
@click.option("--shard-mb", type=click.FloatRange(0.001), default=16.0, show_default=True,
              help="Megabytes of input per shard, the unit of work, retry and resume.")
@click.option("--retries", type=click.IntRange(0), default=3, show_default=True,
              help="Times a shard or merge task is run again when its worker dies.")
@_setting_option("batch_size")
@_setting_option("min_confidence")
@_setting_option("country")
@_setting_option("max_bytes")
@_setting_option("max_chars")
@_setting_option("time_budget")
@_setting_option("gazetteer")
def scale(input_uri, output_uri, address, num_cpus, workers, shard_mb, retries, **overrides):
    """Extract events from JSON Lines articles on Ray, then merge them across reports.

    INPUT is a JSON Lines file of articles ({"id", "text", "published", ...}, as for `sitrep extract
    --jsonl`) or a folder or prefix of such files (.gz read whole); OUTPUT a new or empty folder.
    Both may be local paths or any URI pyarrow opens: s3://bucket/key, gs://bucket/key, file:///path.
    OUTPUT receives events, places, figures and merged events as partitioned Parquet, and the
    records that failed in errors/ (see README, "Running on a cluster"). Running it again finishes
    an interrupted run: shards already written are skipped.
    """
    from .ray_job import run

    cfg = settings_mod.resolve(overrides)
    if address and address != "local" and any("://" not in p or p.startswith("file://") for p in (input_uri, output_uri)):
        click.echo("sitrep: note: a local path on a cluster must be the same shared folder on every node "
                   "(else use s3://, gs://, ...)", err=True)
    result = run(input_uri, output_uri, cfg, address=address, num_cpus=num_cpus, workers=workers,
                 shard_bytes=max(1, int(shard_mb * (1 << 20))), retries=retries)
    done = result.shards - result.skipped - len(result.failed)
    click.echo(f"{result.shards} shard(s): {done} done now on {result.workers} worker(s), {result.skipped} done before, "
               f"{len(result.failed)} failed", err=True)
    for f in result.failed:
        click.echo(f"sitrep: error: shard {f['shard']} of {f['input']}: {f['error']}", err=True)
    click.echo(f"{result.articles} article(s), {result.events} event mention(s)"
               + (f", {result.merged} merged event(s)" if result.merged is not None else "")
               + f" in {result.output} ({result.seconds:.1f}s)", err=True)
    if result.errors:
        click.echo(f"sitrep: {result.errors} record(s) failed; each is in {result.output}/errors/ with its reason",
                   err=True)
    if result.failed:
        click.echo("sitrep: the merge waits for every shard: run the same command again to finish", err=True)
    if result.failed or result.errors:
        sys.exit(1)


def _day(ctx, param, value):
    import datetime as dt

    if value is None:
        return None
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    raise click.BadParameter(f"{value!r} is not a date YYYY-MM-DD")


@click.command()
@click.argument("output_uri", metavar="OUTPUT")
@click.option("--country", "countries", multiple=True, help="Only the sources of merged events in this country "
              "(name as stored, e.g. Somalia); repeatable.")
@click.option("--since", default=None, metavar="YYYY-MM-DD", callback=_day,
              help="Only the sources of merged events on or after this date.")
@click.option("--until", default=None, metavar="YYYY-MM-DD", callback=_day,
              help="Only the sources of merged events on or before this date.")
@_setting_option("db")
@_setting_option("lock_timeout")
def load(output_uri, countries, since, until, **overrides):
    """Import a finished `sitrep scale` OUTPUT (articles, events with their sources, figures) into the
    SQLite store, for `sitrep events` and `sitrep serve`. Loading the same OUTPUT again adds nothing.

    With --country, --since or --until, only the articles that report the merged events so selected
    go in (each whole, with all its events): a slice of a corpus too large for one SQLite file.
    """
    from .load import load_output

    cfg = settings_mod.resolve(overrides)
    stats = load_output(output_uri, cfg["db"], lock_timeout=cfg["lock_timeout"], countries=countries,
                        since=since, until=until)
    click.echo(f"{stats['added']} article(s) added, {stats['replaced']} replaced, {stats['skipped']} already stored; "
               f"{cfg['db']} holds {stats['store_events']} events", err=True)
