"""Heavy resources (spaCy model, typing model, gazetteer, actor dictionary), loaded once per process.

Loading is lazy: `sitrep places` never loads the typing model, `sitrep events` loads nothing.
"""
from __future__ import annotations

from functools import cached_property, lru_cache
from typing import Any

from .settings import resolve


class Resources:
    def __init__(self, settings: dict[str, Any]):
        self.settings = resolve(settings)

    @classmethod
    def load(cls, settings: dict[str, Any] | None = None) -> "Resources":
        """Resources for these settings; loading the same settings twice in a process reuses them."""
        return _cached(tuple(sorted(resolve(settings or {}).items())))

    @cached_property
    def gazetteer(self):
        from .geo import Gazetteer

        return Gazetteer.open(self.settings["gazetteer"] or None)

    @cached_property
    def geocoder(self):
        from .geo import Geocoder

        return Geocoder(self.gazetteer, forces_abroad=self.actors.forces_abroad())

    @cached_property
    def actors(self):
        from .actors import ActorDictionary

        return ActorDictionary.load()

    @cached_property
    def typer(self):
        from .classify import EventTyper

        return EventTyper.load(threads=1 if self.settings["workers"] > 1 else None)

    @cached_property
    def nlp(self):
        from .nlp import load_nlp

        nlp = load_nlp(self.geocoder.ruler_patterns() + self.actors.ruler_patterns())
        # Longer articles are refused before spaCy sees them (E130); spaCy's own check (E088, a
        # crash) must not be the stricter one when max_chars is raised past its 1,000,000.
        nlp.max_length = max(nlp.max_length, self.settings["max_chars"] + 1)
        return nlp


@lru_cache(maxsize=4)
def _cached(items: tuple) -> Resources:
    return Resources(dict(items))
