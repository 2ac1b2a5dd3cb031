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


PLACES_ONLY_DISABLED = ("tok2vec", "tagger", "sitrep_newline_sentences", "parser", "attribute_ruler")


def place_stages(res, parse: bool = False) -> list:
    """Enough of the pipeline to find and resolve the places of an article (``parse``: also the
    tagger and parser, which the later stages need)."""
    return [
        Clean(),
        Annotate(res.nlp, batch_size=res.settings["batch_size"], disable=() if parse else PLACES_ONLY_DISABLED),
        Places(res.geocoder, country_hint=res.settings["country"] or None),
    ]


def build_stages(res) -> list:
    return place_stages(res, parse=True) + [
        Detect(res.typer, min_confidence=res.settings["min_confidence"]),
        Arguments(res.actors, res.geocoder),
        Merge(),
        Normalise(),
    ]
