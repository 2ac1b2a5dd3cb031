"""Clean: mark boilerplate and headings without touching the text, so every offset stays true."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..pipeline import Document


@dataclass(frozen=True)
class BoilerplateRules:
    patterns: tuple[re.Pattern, ...]
    heading_max_words: int

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> "BoilerplateRules":
        data = json.loads(resources.files("sitrep.resources").joinpath("boilerplate.json").read_text("utf-8"))
        pats = tuple(re.compile(p, re.IGNORECASE) for p in data["line_patterns"])
        return cls(pats, int(data["heading_max_words"]))

    def is_boilerplate(self, line: str) -> bool:
        return any(p.match(line) for p in self.patterns)


def line_spans(text: str):
    """(start, end) of each stripped non-empty line."""
    pos = 0
    for raw in text.splitlines(keepends=True):
        stripped = raw.strip()
        if stripped:
            start = pos + raw.index(stripped[0])
            yield start, start + len(stripped)
        pos += len(raw)


def is_heading(line: str, max_words: int) -> bool:
    """A short line without closing punctuation: a headline or sub-heading."""
    return len(line.split()) <= max_words and not re.search(r"[.!?\"”'’:]\s*$", line)


class Clean:
    name = "clean"
    requires = ("article",)
    provides = ("excluded", "headings")

    def __init__(self, rules: BoilerplateRules | None = None):
        self.rules = rules or BoilerplateRules.load()

    def __call__(self, doc: Document) -> None:
        text = doc.text
        lines = list(line_spans(text))
        doc.excluded = [(s, e) for s, e in lines if self.rules.is_boilerplate(text[s:e])]
        # Headings repeat the body; with a body to read, events come from the body only.
        # A line that is the article's own title is its headline, however long the headline is.
        title = " ".join((doc.article.title or "").split())
        headings = [(s, e) for s, e in lines
                    if (s, e) not in doc.excluded and (is_heading(text[s:e], self.rules.heading_max_words)
                                                       or (title and " ".join(text[s:e].split()) == title))]
        body = [(s, e) for s, e in lines if (s, e) not in doc.excluded and (s, e) not in headings]
        doc.headings = headings if body else []
