"""The `sitrep serve` command."""
from __future__ import annotations

import click

from .. import settings as settings_mod
from ..errors import StoreError


def _setting_option(name: str):
    s = settings_mod.BY_NAME[name]
    if s.type is settings_mod.boolean:
        # A flag: given means on; not given leaves the environment or the default to decide.
        return click.option(s.option, name, is_flag=True, default=None,
                            help=f"{s.help} [env {s.env}; default {s.default!r}]")
    return click.option(s.option, name, default=None, type=s.type,
                        help=f"{s.help} [env {s.env}; default {s.default!r}]")


@click.command()
@_setting_option("db")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@_setting_option("min_confidence")
@_setting_option("country")
@_setting_option("gazetteer")
@_setting_option("allow_extract")
@_setting_option("max_body_bytes")
@_setting_option("extract_timeout")
@_setting_option("online_tiles")
def serve(host, port, **overrides):
    """Serve the store over HTTP: a JSON API under /api/ and a map of the events at /.

    Read-only unless --allow-extract. The OpenAPI description is at /openapi.json.

    \b
    Filters (every list, count and download): since, until, type (repeatable),
    country, admin1, actor, q (text), article
    GET  /api/events?...&offset=&limit=   one page of records, with the total
    GET  /api/events.geojson, /api/events.csv   downloads of the selection
    GET  /api/points, /api/stats, /api/timeline?interval=, /api/facets?field=
    GET  /api/events/{event_id}, /api/figures?article=&offset=&limit=
    GET  /api/articles/{id} or /api/article?id=   (text and events, for the evidence)
    POST /api/extract          (one JSON article; its events, not stored)
    """
    import functools

    import uvicorn

    from ..pipeline import default_pipeline
    from .app import create_app

    cfg = settings_mod.resolve(overrides)
    try:
        app = create_app(cfg["db"], pipeline_factory=functools.partial(default_pipeline, cfg), settings=cfg)
    except StoreError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(f"sitrep: serving {cfg['db']} on http://{host}:{port}/ (Ctrl+C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
