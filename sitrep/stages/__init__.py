"""One module per stage. ``build_stages`` wires them in order with their resources."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from ..nlp import ENTITY_PIPES
from .annotate import Annotate
from .arguments import Arguments
from .clean import Clean
from .detect import Detect
from .merge import Merge
from .news import CondemnedActs, NewsOfTheDay, Summaries
from .normalise import Normalise
from .places import PlaceNames, Places, ResolvePlaces

__all__ = ["Annotate", "Arguments", "Clean", "CondemnedActs", "Detect", "Merge", "NewsOfTheDay", "Normalise", "PlaceNames", "Places", "ResolvePlaces", "Summaries",
           "build_stages", "place_stages"]


def place_stages(res, parse: bool = False) -> list:
    """Enough of the pipeline to find and resolve the places of an article (``parse``: annotate the
    whole article with the tagger and parser too, which the later stages need)."""
    if not parse:
        return [Clean(), PlaceNames(res.geocoder, res.nlp, batch_size=res.settings["batch_size"]),
                ResolvePlaces(res.geocoder, country_hint=res.settings["country"] or None)]
    return [
        Clean(),
        Annotate(res.nlp, batch_size=res.settings["batch_size"]),
        Places(res.geocoder, country_hint=res.settings["country"] or None),
    ]


def build_stages(res) -> list:
    """The extraction stages.

    The entity recogniser reads only PlaceNames' windows around gazetteer matches, not the whole
    article: entities serve only to confirm or reject place names, and text far from any possible
    place name cannot change them. That halves the recogniser's work on news.

    The typing model loads in a second thread while spaCy's model does: most of both is native code
    (onnxruntime building its sessions, spaCy deserialising weights), so start-up overlaps them."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        loading = pool.submit(getattr, res, "typer")
        nlp = res.nlp
        typer = loading.result()
    return [
        Clean(),
        Annotate(nlp, batch_size=res.settings["batch_size"], disable=ENTITY_PIPES),
        PlaceNames(res.geocoder, nlp, batch_size=res.settings["batch_size"]),
        ResolvePlaces(res.geocoder, country_hint=res.settings["country"] or None, actors=res.actors),
        Detect(typer, min_confidence=res.settings["min_confidence"]),
        CondemnedActs(),
        Summaries(res.geocoder),
        Arguments(res.actors, res.geocoder),
        NewsOfTheDay(res.actors),
        Merge(res.actors, res.gazetteer),
        Normalise(res.actors),
    ]
