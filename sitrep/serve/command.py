"""The `sitrep serve` command."""
from __future__ import annotations

import click

from .. import settings as settings_mod
from ..errors import StoreError


def _setting_option(name: str):
    s = settings_mod.BY_NAME[name]
    return click.option(s.option, name, default=None, type=s.type,
                        help=f"{s.help} [env {s.env}; default {s.default!r}]")


@click.command()
@_setting_option("db")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@_setting_option("min_confidence")
@_setting_option("country")
@_setting_option("gazetteer")
def serve(host, port, **overrides):
    """Serve the store over HTTP: a JSON API under /api/ and a map of the events at /.

    \b
    GET  /api/events?country=&type=&since=&until=&article=&limit=
    GET  /api/events.geojson   (same filters; located events only)
    GET  /api/figures?article=
    GET  /api/stats
    GET  /api/articles/{id}    (text and events, to show the evidence)
    POST /api/extract          (one JSON article; its events, not stored)
    """
    import uvicorn

    from ..pipeline import default_pipeline
    from .app import create_app

    cfg = settings_mod.resolve(overrides)
    try:
        app = create_app(cfg["db"], pipeline_factory=lambda: default_pipeline(cfg))
    except StoreError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(f"sitrep: serving {cfg['db']} on http://{host}:{port}/ (Ctrl+C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
