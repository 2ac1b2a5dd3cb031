"""One table of settings drives the CLI options, the environment variables and the README.

Each setting can come from (highest first): a CLI option, the environment variable
``SITREP_<NAME>``, or the default here. ``tests/test_settings.py`` checks that the README
documents every setting.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Callable

from .errors import ConfigError


def boolean(raw: Any) -> bool:
    """A flag from the environment: 1/true/yes/on or 0/false/no/off."""
    if isinstance(raw, bool):
        return raw
    value = str(raw).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(f"not a flag: {raw!r}")


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    type: Callable[[str], Any] = str
    minimum: float | None = None  # the smallest value that makes sense, for numbers

    @property
    def env(self) -> str:
        return "SITREP_" + self.name.upper()

    @property
    def option(self) -> str:
        return "--" + self.name.replace("_", "-")


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "sitrep.db", "SQLite file where `ingest` stores articles and events."),
    Setting("gazetteer", "", "SQLite gazetteer file; empty means ~/.cache/sitrep/ (built on first use)."),
    # 16, not 32: on make bench's wire copy, 16 ran as fast as 32 with about 0.3 GB less at the peak.
    Setting("batch_size", 16, "Articles annotated together by spaCy; larger uses more memory, and above 16 "
                              "is no faster on news reports.", int, 1),
    Setting("workers", 0, "Processes that extract at once (`extract`, `places`, `ingest`), forked after the models "
                           "load. 0: one per CPU core this process may use, at most 4 (1 where processes cannot be "
                           "forked). Each beyond the first took about 0.2 GB more on make bench.", int, 0),
    Setting("min_confidence", 0.3, "Event mentions typed with less confidence than this are dropped.", float, 0),
    Setting("max_bytes", 5_000_000, "Inputs larger than this many bytes are refused with an error.", int, 1),
    Setting("country", "", "ISO 3166 alpha-2 code to prefer when a place name is ambiguous (e.g. SY)."),
    Setting("max_chars", 200_000, "Articles whose text is longer than this many characters (about 35,000 "
                                  "words; a long news report has 20,000 characters) are refused with an error (E130).", int, 1),
    Setting("time_budget", 60.0, "Seconds an article may take in the pipeline; one that takes longer is "
                                 "dropped with an error (E131) and the run goes on.", float, 0),
    Setting("lock_timeout", 30.0, "Seconds `ingest` waits, retrying, while another process holds the "
                                  "store's write lock, before failing (E420).", float, 0),
    Setting("allow_extract", False, "`serve` accepts POST /api/extract (runs the pipeline on posted text); off: read-only.",
            boolean),
    Setting("max_body_bytes", 1_000_000, "`serve` refuses request bodies larger than this many bytes (413).", int, 1),
    Setting("extract_timeout", 30.0, "`serve`: seconds one POST /api/extract may run before it is stopped (504).",
            float, 0),
    Setting("online_tiles", "", "`serve`: URL template of online map tiles the map may offer, e.g. "
            "https://tile.openstreetmap.org/{z}/{x}/{y}.png; empty: offline basemap only."),
)
BY_NAME = {s.name: s for s in SETTINGS}

# Each worker beyond the first adds about 0.2 GB (make bench), so four stay under 1.5 GB in all; more
# cores than that are better spent by `sitrep scale`.
MAX_AUTO_WORKERS = 4


def worker_count(value: int) -> int:
    """The number of extracting processes for the ``workers`` setting: ``value`` itself, or for 0
    one per CPU core this process may use (its affinity, as a container or ``taskset`` gives it), at
    most ``MAX_AUTO_WORKERS``; 1 where this platform cannot fork."""
    if value > 0:
        return value
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # no affinity on this platform (macOS)
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_AUTO_WORKERS))


def resolve(overrides: dict[str, Any] | None = None, environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Settings as a plain dict: overrides (None means unset) > environment > defaults."""
    environ = os.environ if environ is None else environ
    out: dict[str, Any] = {}
    for s in SETTINGS:
        value = (overrides or {}).get(s.name)
        if value is None and s.env in environ:
            raw = environ[s.env]
            try:
                value = s.type(raw)
            except ValueError:
                raise ConfigError("E401", f"{s.env}={raw!r} is not a valid {s.type.__name__}") from None
        if value is not None and s.minimum is not None and value < s.minimum:
            raise ConfigError("E410", f"{s.name} must be at least {s.minimum:g}, got {value!r}")
        out[s.name] = s.default if value is None else value
    return out


def click_type(s: Setting):
    """The click parameter type of a setting: its type, with its minimum when it has one."""
    import click

    if s.minimum is not None and s.type in (int, float):
        return (click.IntRange if s.type is int else click.FloatRange)(min=s.type(s.minimum))
    return s.type


def markdown_table() -> str:
    rows = ["| setting | option | environment | default | meaning |", "|---|---|---|---|---|"]
    for s in SETTINGS:
        rows.append(f"| {s.name} | `{s.option}` | `{s.env}` | `{s.default!r}` | {s.help} |")
    return "\n".join(rows)


def click_option(name: str):
    """The click option of a setting: ``None`` when not given, so the environment or the default decides."""
    import click

    s = BY_NAME[name]
    return click.option(s.option, name, default=None, type=click_type(s),
                        help=f"{s.help} [env {s.env}; default {s.default!r}]")
