"""`sitrep serve`: an HTTP API and a map page over the SQLite store."""
from __future__ import annotations

__all__ = ["create_app"]


def create_app(*args, **kwargs):
    # FastAPI is imported only when a server is built, so the CLI stays quick to start.
    from .app import create_app as _create_app

    return _create_app(*args, **kwargs)
