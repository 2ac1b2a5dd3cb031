"""Loads the argument lexicons in ``sitrep/resources/arguments/``."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import ResourceError
from ..phrases import phrase_alternation


@lru_cache(maxsize=None)
def lexicon(name: str) -> dict[str, Any]:
    path = Path(__file__).resolve().parents[1] / "resources" / "arguments" / f"{name}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ResourceError("E221", f"argument lexicon missing: {name}.json") from None
    except json.JSONDecodeError as e:
        raise ResourceError("E222", f"argument lexicon {name}.json is not valid JSON: {e}") from None
    if not isinstance(data, dict):
        raise ResourceError("E222", f"argument lexicon {name}.json must hold an object")
    return data


def alternation(words, flags_word_bound: bool = True) -> str:
    """A regex alternation of literal phrases, longest first, spaces matching any whitespace."""
    alt = phrase_alternation(words, spaces=r"\s+")
    return rf"(?<![\w-])(?:{alt})(?![\w-])" if flags_word_bound else f"(?:{alt})"
