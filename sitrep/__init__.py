"""Sitrep: ACLED-style, geocoded, source-attributed events from news reports about armed conflict.

    >>> import sitrep
    >>> events = sitrep.extract("Troops shelled the town of Saraqeb on Monday.", published="2020-02-03")
"""
from __future__ import annotations

from typing import Any

from .errors import ConfigError, InputError, ResourceError, SitrepError, StoreError
from .model import Article, Claim, Event, Place, PlaceMention, Span
from .pipeline import Document, Pipeline, default_pipeline

__version__ = "0.1.0"
__all__ = ["Article", "Claim", "ConfigError", "Document", "Event", "InputError", "Pipeline", "Place", "PlaceMention",
           "ResourceError", "SitrepError", "Span", "StoreError", "default_pipeline", "extract"]


def extract(text: str, *, published: str | None = None, article_id: str = "text",
            settings: dict[str, Any] | None = None) -> list[Event]:
    """Events of one text, most salient first."""
    article = Article.from_dict({"id": article_id, "text": text, "published": published})
    return default_pipeline(settings)(article).events
