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
