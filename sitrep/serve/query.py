"""The filters every list, count and download of the API shares, turned into one SQL WHERE clause.

The page, the downloads and the aggregates all read the same filters, so what the map shows, what
the counts say and what a download holds are the same selection.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from fastapi import HTTPException

from ..filters import ACTOR_COLUMNS, TEXT_COLUMNS, like_any, like_pattern
from ..model import EVENT_TYPES, SUB_EVENT_TYPES

# Bounds: a list answers at most MAX_LIMIT rows per page, a download or the map's points at most
# MAX_EXPORT; free-text filters are short, so a crafted query cannot make every LIKE scan huge.
MAX_LIMIT = 1000
DEFAULT_LIMIT = 100
MAX_EXPORT = 100_000
MAX_TEXT = 200
MAX_OFFSET = 10_000_000


def _check_text(name: str, value: str | None) -> str | None:
    if value is None or value == "":
        return None
    if len(value) > MAX_TEXT:
        raise HTTPException(422, f"'{name}' is at most {MAX_TEXT} characters, got {len(value)}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise HTTPException(422, f"'{name}' is not valid Unicode text (it holds a lone surrogate)") from None
    return value


def date_param(name: str, value: str | None) -> str | None:
    value = _check_text(name, value)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise HTTPException(422, f"'{name}' must be a date as YYYY-MM-DD, got {value!r}") from None


def type_param(values: list[str] | None) -> list[str]:
    out = []
    for value in values or []:
        if value in (None, ""):
            continue
        if value not in EVENT_TYPES and value not in SUB_EVENT_TYPES:
            shown = value if len(value) <= MAX_TEXT else value[:MAX_TEXT] + "..."
            raise HTTPException(422, f"unknown event type {shown!r}; use an ACLED event type "
                                     f"({', '.join(EVENT_TYPES)}) or sub-event type")
        out.append(value)
    return out


@dataclass
class Filters:
    since: str | None = None
    until: str | None = None
    types: list[str] = field(default_factory=list)
    country: str | None = None
    admin1: str | None = None
    actor: str | None = None
    q: str | None = None
    article: str | None = None

    @classmethod
    def parse(cls, *, since=None, until=None, types=None, country=None, admin1=None, actor=None, q=None,
              article=None) -> "Filters":
        f = cls(since=date_param("since", since), until=date_param("until", until), types=type_param(types),
                country=_check_text("country", country), admin1=_check_text("admin1", admin1),
                actor=_check_text("actor", actor), q=_check_text("q", q), article=_check_text("article", article))
        if f.since and f.until and f.since > f.until:
            raise HTTPException(422, f"'since' ({f.since}) is after 'until' ({f.until})")
        return f

    def without_dates(self) -> "Filters":
        return Filters(types=self.types, country=self.country, admin1=self.admin1, actor=self.actor, q=self.q,
                       article=self.article)

    def where(self) -> tuple[str, list[Any]]:
        """`` WHERE ...`` (or '') over the events table, with its arguments; values are always bound."""
        clauses: list[str] = []
        args: list[Any] = []
        if self.since:
            clauses.append("event_date >= ?")
            args.append(self.since)
        if self.until:
            clauses.append("event_date <= ?")
            args.append(self.until)
        if self.types:
            marks = ", ".join("?" * len(self.types))
            clauses.append(f"(event_type IN ({marks}) OR sub_event_type IN ({marks}))")
            args.extend(self.types * 2)
        for column, value in (("country", self.country), ("admin1", self.admin1)):
            if value:
                clauses.append(f"{column} = ?")
                args.append(value)
        if self.article:  # the events this article is one of the sources of
            clauses.append("id IN (SELECT event_id FROM mentions WHERE article_id = ?)")
            args.append(self.article)
        # The same columns and escaping as `sitrep events --actor/--text` (sitrep.filters).
        for columns, value in ((ACTOR_COLUMNS, self.actor), (TEXT_COLUMNS, self.q)):
            if value:
                clauses.append(like_any(columns))
                args.extend([like_pattern(value)] * len(columns))
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), args
