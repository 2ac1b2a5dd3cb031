"""ACLED's precedence between sub-event types of one event, applied after the classifier.

The classifier weighs every word of a text. A report of a rally that mentions once that the crowd
threw stones is mostly about the rally, and is typed as one; ACLED types it by the decisive act.
The rules are data (resources/typing/precedence.json): each names the labels it may override, the
label it gives, and the patterns of the acts that decide.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import ResourceError
from ..model import SUB_EVENT_TYPES
from .features import cue_regex, read_json


@dataclass(frozen=True)
class PrecedenceRule:
    name: str
    when: frozenset[str]
    becomes: str
    patterns: tuple[re.Pattern, ...]

    def first_match(self, text: str) -> re.Match | None:
        found = [m for p in self.patterns if (m := p.search(text))]
        return min(found, key=lambda m: (m.start(), -m.end())) if found else None


@dataclass(frozen=True)
class Override:
    """A rule that changed a label: the new label, the rule, and the words that decided."""

    label: str
    rule: PrecedenceRule
    start: int
    end: int


@dataclass(frozen=True)
class Precedence:
    rules: tuple[PrecedenceRule, ...] = ()

    @property
    def labels(self) -> set[str]:
        """Every sub-event type the rules read or give: the typing model must know them all."""
        return {label for rule in self.rules for label in (*rule.when, rule.becomes)}

    @classmethod
    def load(cls, path: Path) -> "Precedence":
        data = read_json(path, "E326", "precedence rules")
        listed = data.get("rules") if isinstance(data, dict) else None
        if not isinstance(listed, list):
            raise ResourceError("E327", f"{path}: needs an object with a list of rules under \"rules\"")
        rules = []
        for n, raw in enumerate(listed):
            where = f"{path}: rule {n + 1}"
            try:
                labels = [*raw["when"], raw["becomes"]]
                patterns = tuple(cue_regex(p) for p in raw["if_any"])
                rule = PrecedenceRule(str(raw["name"]), frozenset(raw["when"]), raw["becomes"], patterns)
            except (KeyError, TypeError) as exc:
                raise ResourceError("E327", f"{where}: needs name, when, becomes and if_any ({exc})") from None
            except re.error as exc:
                raise ResourceError("E327", f"{where}: bad pattern: {exc}") from None
            unknown = [label for label in labels if label not in SUB_EVENT_TYPES]
            if unknown:
                raise ResourceError("E327", f"{where}: unknown sub-event types {unknown}")
            if not patterns:
                raise ResourceError("E327", f"{where}: no patterns")
            rules.append(rule)
        return cls(tuple(rules))

    def apply(self, label: str, text: str) -> Override | None:
        """The first rule that overrides ``label`` for this text, or None."""
        for rule in self.rules:
            if label in rule.when and (m := rule.first_match(text)):
                return Override(rule.becomes, rule, m.start(), m.end())
        return None
