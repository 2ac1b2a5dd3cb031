"""The cue lexicon's word index must find exactly what scanning every pattern finds."""
from __future__ import annotations

from sitrep.classify.features import CueLexicon, literal_prefixes
from sitrep.classify.typer import RESOURCES

TEXTS = [
    "Rebels overran the garrison town at dawn and seized full control of the airport.",
    "ANTI-GOVERNMENT PROTESTERS CLASHED WITH RIOT POLICE, WHO FIRED TEAR GAS.",
    "A gun-battle broke out; a grenade was hurled into the crowd and an IED was defused.",
    "Militants and jihadists, the army said, were pushed back from the hills after heavy shelling.",
    "The minister's speech on trade, the weather and football contained no trigger at all.",
    "Anti-tank mines, re-took, gunbattles, exchange of heavy gunfire and firefights near the x-ray unit.",
    "",
]


def brute_force(lex: CueLexicon, text: str):
    out = []
    for i, rx in enumerate(lex._regexes):
        out += [(i, m.start(), m.end()) for m in rx.finditer(text) if m.end() > m.start()]
    return out


def test_indexed_scan_equals_full_scan_on_the_shipped_lexicon():
    lex = CueLexicon.load(RESOURCES / "cues.json")
    for text in TEXTS:
        assert [(h.cue, h.start, h.end) for h in lex.hits(text)] == brute_force(lex, text), text
    assert any(lex.hits(t) for t in TEXTS)


def test_literal_prefixes_cover_optional_parts_and_refuse_what_is_not_literal():
    assert literal_prefixes("gun ?battles?") == ("gunbattle", "gun battle")
    assert literal_prefixes("clash(?:es|ed)?") == ("clash",)
    assert set(literal_prefixes("(?:attack|assault)(?:ed)? on")) == {"attack on", "assault on", "attacked on", "assaulted on"}
    assert literal_prefixes(r"\w+ killed") is None  # no certain opening
    assert literal_prefixes("is") is None  # too short to be worth a test


def test_a_pattern_without_a_literal_opening_is_still_scanned():
    lex = CueLexicon([("Attack", r"\w+ gunmen"), ("Armed clash", "clash(?:es|ed)?")])
    hits = lex.hits("Masked gunmen clashed with guards.")
    assert [(h.label, h.start) for h in hits] == [("Attack", 0), ("Armed clash", 14)]
