"""The `sitrep scale` command."""
from __future__ import annotations

import sys

import click

from .. import settings as settings_mod


def _setting_option(name: str):
    s = settings_mod.BY_NAME[name]
    return click.option(s.option, name, default=None, type=settings_mod.click_type(s),
                        help=f"{s.help} [env {s.env}; default {s.default!r}]")


@click.command()
@click.argument("input_path", metavar="INPUT.jsonl", type=click.Path(dir_okay=False))
@click.argument("output_dir", metavar="OUTPUT_DIR", type=click.Path(file_okay=False))
@click.option("--num-cpus", type=click.IntRange(1), default=None,
              help="CPUs for the local Ray, one pipeline worker each [default: all].")
@click.option("--batch-size", "ray_batch_size", type=click.IntRange(1), default=16, show_default=True,
              help="Articles per Ray task.")
@click.option("--address", default=None, metavar="HOST:PORT",
              help="A running Ray cluster to use (as `ray start --head` prints) [default: start a local Ray].")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "parquet"]), default="jsonl", show_default=True,
              help="Output file format.")
@_setting_option("min_confidence")
@_setting_option("country")
@_setting_option("gazetteer")
def scale(input_path, output_dir, num_cpus, ray_batch_size, address, fmt, **overrides):
    """Extract events from a large JSON Lines corpus with Ray Data, one pipeline per CPU.

    Each line of INPUT.jsonl is an article ({"id", "text", "published", ...}, as for `sitrep
    extract --jsonl`). OUTPUT_DIR (new or empty) receives the event records, one per row, with
    `evidence` and `claims` as JSON text. Needs the `scale` extra: pip install 'sitrep[scale]'.
    """
    from .ray_job import run

    cfg = settings_mod.resolve(overrides)
    result = run(input_path, output_dir, cfg, num_cpus=num_cpus, batch_size=ray_batch_size, fmt=fmt, address=address)
    for f in result.failures:
        click.echo(f"sitrep: error: {f['article_id']}: {f['error']}", err=True)
    click.echo(f"{result.articles} article(s), {result.events} event(s) written to {result.output} in "
               f"{result.seconds:.1f}s ({result.articles / max(result.seconds, 1e-9):.2f} articles/s)", err=True)
    if result.failures:
        click.echo(f"sitrep: {len(result.failures)} article(s) failed; see the errors above", err=True)
        sys.exit(1)
