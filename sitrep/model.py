"""The document model: an Article goes in, Events (with the evidence behind each field) come out.

Every character offset in this module points into ``Article.text`` exactly as it was given,
so a reader can always find the words behind a field.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict, dataclass, field
from typing import Any

EARTH_RADIUS_KM = 6371.0


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The haversine distance in km between two points given in degrees."""
    la1, lo1, la2, lo2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return EARTH_RADIUS_KM * 2 * math.asin(math.sqrt(min(1.0, h)))


# ACLED's columns, in ACLED's order, then ours.
ACLED_FIELDS: tuple[str, ...] = (
    "event_date", "time_precision", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "country", "admin1", "admin2",
    "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities",
)
SITREP_FIELDS: tuple[str, ...] = ("article_id", "confidence", "evidence", "claims")

EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction",
        "Non-violent transfer of territory", "Other",
    ),
}
SUB_EVENT_TYPES: dict[str, str] = {sub: et for et, subs in EVENT_TYPES.items() for sub in subs}


@dataclass(frozen=True)
class Span:
    """A run of characters in the article text: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass
class Article:
    id: str
    text: str
    title: str | None = None
    published: dt.date | None = None
    source: str | None = None
    url: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Article":
        """Build from a JSON Lines record; raises ``InputError`` on a missing or ill-typed field."""
        from .errors import InputError

        if not isinstance(data, dict):
            raise InputError("E101", "an article must be a JSON object")
        if "text" not in data or not isinstance(data["text"], str):
            raise InputError("E102", "an article needs a string field 'text'")
        if data.get("id") is None:
            raise InputError("E103", "an article needs an 'id' (string or number)")
        published = data.get("published")
        if published in (None, ""):
            published = None
        elif isinstance(published, str):
            published = parse_iso_date(published)
        else:
            raise InputError("E104", f"'published' must be a string YYYY-MM-DD, got the {type(published).__name__} "
                                     f"{published!r}")
        fields = {"text": data["text"], "title": _opt_str(data.get("title")), "source": _opt_str(data.get("source")),
                  "url": _opt_str(data.get("url"))}
        for name, value in fields.items():
            check_encodable(name, value)
        return cls(id=article_id(data["id"]), published=published, **fields)

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.text[start:end])


# Long enough for any URL a feed uses as an item's guid; longer is not an id but a mistake.
MAX_ID_CHARS = 1024


def article_id(value: Any) -> str:
    """An article id as stored: a string as written, or a whole number in decimal. Anything else
    (true, 1.5, 1e400, which JSON readers turn into "inf") is refused: its text would not be the id
    the user wrote."""
    import unicodedata

    from .errors import InputError

    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        shown = "a very large number" if isinstance(value, float) and value in (float("inf"), float("-inf")) else repr(value)
        raise InputError("E135", f"'id' must be a string or a whole number, got {type(value).__name__} {shown}")
    check_encodable("id", value)
    if not value.strip():
        raise InputError("E136", "'id' is empty")
    if len(value) > MAX_ID_CHARS:
        raise InputError("E136", f"'id' has {len(value)} characters, more than {MAX_ID_CHARS}")
    if value != value.strip():
        raise InputError("E136", f"'id' {value!r} begins or ends with white space")
    bad = next((c for c in value if unicodedata.category(c) in ("Cc", "Zl", "Zp")), None)
    if bad is not None:
        raise InputError("E136", f"'id' {value!r} holds the control character U+{ord(bad):04X}")
    return value


def check_encodable(name: str, value: str | None) -> None:
    """JSON's escapes can write half of a UTF-16 pair ("\\ud800"), which is no character: no file,
    store or terminal can hold it. Refused here, where the field is read, not by a crash later."""
    if value is None:
        return
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        from .errors import InputError

        raise InputError("E133", f"'{name}' holds a lone surrogate U+{ord(value[exc.start]):04X} at offset "
                                 f"{exc.start}, which is not a character") from None


def _opt_str(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


def parse_iso_date(value: str) -> dt.date:
    """A day written YYYY-MM-DD, alone or followed by a time ("2023-03-14T08:00:00Z")."""
    import re

    from .errors import InputError

    match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})(?:[T ]\d.*)?", value.strip())
    try:
        if match is None:
            raise ValueError
        return dt.date.fromisoformat(match.group(1))
    except ValueError:
        raise InputError("E104", f"'published' must be YYYY-MM-DD, got {value!r}") from None


@dataclass
class Place:
    """A gazetteer entry."""

    name: str
    latitude: float
    longitude: float
    geonameid: int | None = None
    country_code: str | None = None  # ISO 3166-1 alpha-2
    country: str | None = None
    iso: int | None = None  # ISO 3166-1 numeric, as ACLED's `iso` column
    admin1: str | None = None
    admin2: str | None = None
    feature_class: str | None = None  # GeoNames: A (country, region), P (town), L (area), R (road), ...
    feature_code: str | None = None
    population: int = 0
    precision: int = 1  # ACLED geo_precision the place gives when an event happens there
    parent: str | None = None  # the city a district (PPLX) belongs to: ACLED's "City - District"

    @property
    def is_country(self) -> bool:
        """A country, current or historical, or a dependent territory (GeoNames' PCL codes)."""
        return (self.feature_code or "").startswith("PCL")

    @property
    def inside_a_country(self) -> bool:
        """A town or an area finer than a country (GeoNames class P or A, not a country itself): what can
        place an event more precisely than its country."""
        return self.feature_class in ("P", "A") and not self.is_country


@dataclass
class PlaceMention:
    """A toponym in the text and the place it was resolved to (``place`` is None when unresolved)."""

    start: int
    end: int
    text: str
    place: Place | None = None
    confidence: float = 0.0

    def to_record(self, article_id: str) -> dict[str, Any]:
        p = self.place
        rec: dict[str, Any] = {"article_id": article_id, "start": self.start, "end": self.end, "text": self.text,
                               "latitude": p.latitude if p else None, "longitude": p.longitude if p else None}
        if p:
            rec.update(name=p.name, geonameid=p.geonameid, country=p.country, country_code=p.country_code,
                       admin1=p.admin1, admin2=p.admin2, feature_class=p.feature_class)
        rec["confidence"] = round(self.confidence, 3)
        return rec


@dataclass
class Claim:
    """A figure or statement and who said it. ``kind``: fatalities, injured, displacement, refugees, in_need, ..."""

    kind: str
    value: int | None
    claimed_by: str | None
    span: Span
    unit: str | None = None
    qualifier: str | None = None  # "at least", "more than", "daily", ...
    detail: str | None = None
    place: str | None = None
    period: str | None = None
    aggregate: bool = False  # a total for a region or period, not one event

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["span"] = self.span.to_dict()
        return {k: v for k, v in d.items() if v not in (None, "")}


@dataclass
class Event:
    """One ACLED-style event. ``evidence`` maps a field name to the spans it was read from."""

    article_id: str
    event_type: str
    sub_event_type: str
    event_date: str | None = None
    time_precision: int | None = None
    actor1: str = ""
    assoc_actor_1: str = ""
    inter1: int | None = None
    actor2: str = ""
    assoc_actor_2: str = ""
    inter2: int | None = None
    interaction: int | None = None
    civilian_targeting: str = ""
    iso: int | None = None
    country: str = ""
    admin1: str = ""
    admin2: str = ""
    location: str = ""
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    source: str = ""
    source_scale: str = ""
    notes: str = ""
    fatalities: int = 0
    confidence: float = 0.0
    evidence: dict[str, list[Span]] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)

    def add_evidence(self, name: str, span: Span | None) -> None:
        if span is not None and span not in self.evidence.setdefault(name, []):
            self.evidence[name].append(span)

    def to_record(self) -> dict[str, Any]:
        rec: dict[str, Any] = {"article_id": self.article_id}
        for name in ACLED_FIELDS:
            rec[name] = getattr(self, name)
        rec["confidence"] = round(self.confidence, 3)
        rec["evidence"] = {k: [s.to_dict() for s in v] for k, v in self.evidence.items()}
        rec["claims"] = [c.to_dict() for c in self.claims]
        return rec

    @classmethod
    def from_record(cls, rec: dict[str, Any]) -> "Event":
        kwargs = {k: rec[k] for k in ACLED_FIELDS if k in rec}
        ev = cls(article_id=str(rec["article_id"]), **kwargs)
        ev.confidence = float(rec.get("confidence") or 0.0)
        ev.evidence = {k: [Span(**s) for s in v] for k, v in (rec.get("evidence") or {}).items()}
        ev.claims = [
            Claim(**{**c, "span": Span(**c["span"])}) for c in rec.get("claims") or []
        ]
        return ev
