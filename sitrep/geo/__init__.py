"""Sitrep's geocoder: a GeoNames gazetteer in SQLite, toponym detection, resolution and event location.

    from sitrep.geo import Gazetteer, Geocoder
    gaz = Gazetteer.open()            # builds ~/.cache/sitrep/gazetteer-<version>.sqlite on first use
    geocoder = Geocoder(gaz)
    mentions = geocoder.find(text, doc=nlp(text))
"""
from .gazetteer import Gazetteer, default_path
from .geocoder import GeoMention, Geocoder
from .importer import import_geonames
from .location import location_name
from .normalize import fold, loose_key

__all__ = ["Gazetteer", "Geocoder", "GeoMention", "default_path", "fold", "import_geonames", "location_name",
           "loose_key"]
