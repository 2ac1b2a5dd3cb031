"""One module per stage. ``build_stages`` wires them in order with their resources."""
from __future__ import annotations

from .annotate import Annotate
from .arguments import Arguments
from .clean import Clean
from .detect import Detect
from .merge import Merge
from .normalise import Normalise
from .places import Places

__all__ = ["Annotate", "Arguments", "Clean", "Detect", "Merge", "Normalise", "Places", "build_stages",
           "place_stages"]


def place_stages(res) -> list:
    """Enough of the pipeline to find and resolve the places of an article."""
    return [
        Clean(),
        Annotate(res.nlp, batch_size=res.settings["batch_size"]),
        Places(res.geocoder, country_hint=res.settings["country"] or None),
    ]


def build_stages(res) -> list:
    return place_stages(res) + [
        Detect(res.typer, min_confidence=res.settings["min_confidence"]),
        Arguments(res.actors, res.geocoder),
        Merge(),
        Normalise(),
    ]
