"""One module per stage. ``build_stages`` wires them in order with their resources."""
from __future__ import annotations

from .annotate import Annotate
from .arguments import Arguments
from .clean import Clean
from .detect import Detect
from .merge import Merge
from .normalise import Normalise
from .places import FindPlaces, Places

__all__ = ["Annotate", "Arguments", "Clean", "Detect", "FindPlaces", "Merge", "Normalise", "Places", "build_stages",
           "place_stages"]


def place_stages(res, parse: bool = False) -> list:
    """Enough of the pipeline to find and resolve the places of an article (``parse``: annotate the
    whole article with the tagger and parser too, which the later stages need)."""
    if not parse:
        return [Clean(), FindPlaces(res.geocoder, res.nlp, country_hint=res.settings["country"] or None,
                                    batch_size=res.settings["batch_size"])]
    return [
        Clean(),
        Annotate(res.nlp, batch_size=res.settings["batch_size"]),
        Places(res.geocoder, country_hint=res.settings["country"] or None),
    ]


def build_stages(res) -> list:
    """The extraction stages.

    The entity recogniser still reads the whole article here, not FindPlaces' windows: on our news
    bench the windows saved 5% of the CPU time but lost a town in one report of 96."""
    return [
        Clean(),
        Annotate(res.nlp, batch_size=res.settings["batch_size"]),
        Places(res.geocoder, country_hint=res.settings["country"] or None),
        Detect(res.typer, min_confidence=res.settings["min_confidence"]),
        Arguments(res.actors, res.geocoder),
        Merge(),
        Normalise(),
    ]
