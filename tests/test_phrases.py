import random
import re
from pathlib import Path

import pytest

from sitrep.phrases import phrase_alternation

PHRASES = ["militants", "militia", "militiamen", "military", "military police", "military police officers",
           "gunmen", "gun", "al shabaab", "al", "security forces", "security", "pro-government militia",
           "men", "armed men", "unidentified armed men", "it's", "u.s. troops"]


def _plain(phrases, spaces=r"\ "):
    return "|".join(re.escape(p).replace(r"\ ", spaces) for p in sorted(set(phrases), key=len, reverse=True))


def _texts(phrases, rng):
    words = list(phrases) + ["the", "Militants", "MILITARY", "x", "-", ",", "police", "officers"]
    out = []
    for _ in range(400):
        parts = [rng.choice(words) for _ in range(rng.randint(1, 12))]
        out.append("".join(p + rng.choice([" ", "  ", "-", ", ", "\n", ""]) for p in parts))
    out += [p.read_text(encoding="utf-8") for p in sorted(Path("examples").glob("*.txt"))]
    return out


@pytest.mark.parametrize("flags", [0, re.I])
@pytest.mark.parametrize("spaces", [r"\ ", r"\s+"])
def test_shared_beginnings_match_what_the_plain_alternation_matches(flags, spaces):
    rng = random.Random(7)
    for wrap in (r"(?<![\w])({})(?![\w])", r"\b({})\s+(\w+)", r"({})"):
        plain = re.compile(wrap.format(_plain(PHRASES, spaces)), flags)
        shared = re.compile(wrap.format(phrase_alternation(PHRASES, spaces)), flags)
        assert shared.pattern != plain.pattern
        for text in _texts(PHRASES, rng):
            assert [m.span() for m in shared.finditer(text)] == [m.span() for m in plain.finditer(text)], text


def test_lists_with_capitals_or_other_scripts_keep_the_plain_alternation():
    for phrases in (["Syrian", "Syria"], ["Ḥalab", "halab"]):
        assert phrase_alternation(phrases) == _plain(phrases)
