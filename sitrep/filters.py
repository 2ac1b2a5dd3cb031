"""The event filters of `sitrep events` and `sitrep export`, defined once.

One table (like the settings table, or Datasette's table of options) gives each filter its option, its
help text and its SQL, so the two commands offer the same filters with the same help and the store
applies them the same way: in SQL, over the events table, with every value bound.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .errors import ConfigError

# The columns the free-text filter reads: what an analyst would type a word from.
TEXT_COLUMNS = ("notes", "location", "admin1", "country", "actor1", "actor2", "source")
ACTOR_COLUMNS = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")


def like_any(columns: tuple[str, ...]) -> str:
    """One clause: any of ``columns`` LIKE the bound pattern (one ? per column)."""
    return "(" + " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in columns) + ")"


def like_pattern(value: str) -> str:
    """``value`` anywhere in a column: SQLite's LIKE wildcards in it are matched literally."""
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def day(value: str) -> str:
    """A day as the store keeps it (YYYY-MM-DD; event dates compare as text)."""
    try:
        parsed = dt.date.fromisoformat(value) if len(value) == 10 else None  # 3.11 also reads "20230314"
    except ValueError:
        parsed = None
    if parsed is None:
        raise ValueError(f"{value!r} is not a day in the form YYYY-MM-DD (e.g. 2023-03-14)")
    return parsed.isoformat()


@dataclass(frozen=True)
class EventFilter:
    name: str  # keyword of Store.events() and of the command's parameter
    option: str
    metavar: str
    help: str
    sql: str  # a WHERE clause over the events table; every ? is bound to the (converted) value
    convert: Callable[[str], str] = str

    def bind(self, value: str) -> list[str]:
        return [value] * self.sql.count("?")


FILTERS: tuple[EventFilter, ...] = (
    EventFilter("since", "--since", "YYYY-MM-DD", "Only events on or after this day.", "event_date >= ?", day),
    EventFilter("until", "--until", "YYYY-MM-DD", "Only events on or before this day.", "event_date <= ?", day),
    EventFilter("country", "--country", "NAME", "Only events in this country (name as stored, e.g. Syria).",
                "country = ?"),
    EventFilter("admin1", "--admin1", "NAME", "Only events in this first-level unit (name as stored, e.g. Idleb).",
                "admin1 = ?"),
    EventFilter("event_type", "--type", "TYPE", "Only this event type or sub-event type (e.g. Battles, Armed clash).",
                "(event_type = ? OR sub_event_type = ?)"),
    EventFilter("actor", "--actor", "TEXT", "Only events with an actor (or associated actor) whose name holds this, "
                "in any case (e.g. shabaab).", like_any(ACTOR_COLUMNS), like_pattern),
    EventFilter("text", "--text", "TEXT", "Only events whose notes, place, actors or source hold this, in any case.",
                like_any(TEXT_COLUMNS), like_pattern),
    EventFilter("article_id", "--article", "ID", "Only events this article is one of the sources of.",
                "id IN (SELECT event_id FROM mentions WHERE article_id = ?)"),
)
BY_NAME = {f.name: f for f in FILTERS}


def where(values: dict[str, Any]) -> tuple[str, list[Any]]:
    """``" WHERE ..."`` (or "") and its arguments for the filters given (None or "" means not given).

    A value given as a string is converted as its filter says (a day is checked, LIKE wildcards are
    escaped); ``since`` after ``until`` is an error rather than a silently empty answer.
    """
    given = {k: v for k, v in values.items() if v not in (None, "")}
    unknown = sorted(set(given) - set(BY_NAME))
    if unknown:
        raise ConfigError("E604", f"unknown event filter(s) {', '.join(unknown)}; known: {', '.join(BY_NAME)}")
    clauses: list[str] = []
    args: list[Any] = []
    for f in FILTERS:
        if f.name not in given:
            continue
        try:
            value = f.convert(str(given[f.name]))
        except ValueError as exc:
            raise ConfigError("E605", f"{f.option}: {exc}") from None
        given[f.name] = value
        clauses.append(f.sql)
        args.extend(f.bind(value))
    if given.get("since") and given.get("until") and given["since"] > given["until"]:
        raise ConfigError("E605", f"--since ({given['since']}) is after --until ({given['until']})")
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), args


def click_options(func):
    """Adds one click option per filter, in the table's order, each with its help."""
    import click

    def check(ctx, param, value):
        if value in (None, ""):
            return None
        try:
            return BY_NAME[param.name].convert(value) if BY_NAME[param.name].convert is day else value
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from None

    for f in reversed(FILTERS):
        func = click.option(f.option, f.name, default=None, metavar=f.metavar, help=f.help, callback=check)(func)
    return func


def given(values: dict[str, Any]) -> dict[str, Any]:
    """The filter values among a command's parameters."""
    return {name: values.get(name) for name in BY_NAME}
