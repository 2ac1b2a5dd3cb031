"""The `sitrep export` command."""
from __future__ import annotations

import click

from .. import filters as filters_mod
from .. import settings as settings_mod
from .files import EXPORT_FORMATS, export_store

FORMAT_HELP = "; ".join(f"{f.name}: {f.help}" for f in EXPORT_FORMATS)


@click.command()
@click.argument("out", metavar="OUT")
@click.option("--format", "fmt", type=click.Choice([f.name for f in EXPORT_FORMATS]), required=True,
              help=f"Output format. {FORMAT_HELP}.")
@filters_mod.click_options
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
@settings_mod.click_option("db")
def export(out, fmt, force, db, **filter_values):
    """Export the stored events that pass the filters to OUT (- for standard output, text formats only).

    The filters are those of `sitrep events`. OUT is written under a temporary name and renamed when
    complete, so an interrupted export leaves no half file; an existing OUT is replaced only with --force.
    """
    path = settings_mod.resolve({"db": db})["db"]
    result = export_store(path, fmt, out, filters_mod.given(filter_values), force=force)
    where = "standard output" if result.path == "-" else result.path
    click.echo(f"{result.written} event(s) written to {where} as {fmt}.", err=True)
    if result.skipped:
        click.echo(f"sitrep: note: {result.skipped} event(s) without coordinates left out of the GeoJSON "
                   "(RFC 7946 features need a place); the other formats keep them.", err=True)
