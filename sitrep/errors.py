"""Sitrep's exception tree. Every error carries a stable code, like spaCy's E-codes.

    SitrepError
    ├── InputError        bad article or file: the run goes on with the other inputs
    ├── ResourceError     a model, gazetteer or data file is missing or broken
    ├── StoreError        the SQLite store cannot be read or written
    └── ConfigError       a setting has a value Sitrep cannot use

Third-party exceptions are converted at the boundary where they enter Sitrep.
"""
from __future__ import annotations


class SitrepError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(f"[{code}] {message}")
        self.code = code
        self.message = message


class InputError(SitrepError):
    """An input cannot be read as an article."""


class ResourceError(SitrepError):
    """A bundled or downloaded resource is missing or unusable."""


class StoreError(SitrepError):
    """The event store failed."""


class ConfigError(SitrepError):
    """A setting has an unusable value."""


# Codes of `sitrep serve` (sitrep/serve/), E510-E539; the README's serve section lists their meanings.
# E510 extraction worker cannot start, E511 extraction over its time budget, E512 extraction worker busy,
# E513 extraction worker failed on an article, E514 undecodable POST body, E515 server is read-only,
# E516 request body over max_body_bytes.
