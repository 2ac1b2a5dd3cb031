"""Name keys that make transliteration variants meet.

Two keys per name:

* ``fold``: accents stripped, lower case, punctuation to single spaces. "Ma'arrat an-Nu'man" -> "maarrat an numan".
* ``loose_key``: ``fold`` with Arabic articles dropped, words joined, and the letters that
  English transliterations swap made equal (e/i, o/u, y/i, q/k, doubled letters, final h).
  "Maarat al-Numan", "Ma'arrat an-Nu'man" and "Maarat al Numan" all give "maratnuman";
  "Idleb" and "Idlib" give "idlib"; "Saraqeb" and "Saraqib" give "sarakib".
"""
from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources

# Letters that NFKD does not decompose into ASCII.
_SPECIAL = str.maketrans({
    "ß": "ss", "ı": "i", "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "đ": "d", "Đ": "d",
    "ł": "l", "Ł": "l", "þ": "th", "ð": "d", "ħ": "h",
})
# Apostrophe-like marks (ayn, hamza, quotes) vanish rather than split a word: Ma'arrat = Maarrat.
_APOS = re.compile(r"['’‘`´ʿʾʻʼ]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1)
def matching_settings() -> dict:
    with resources.files("sitrep.resources.geo").joinpath("matching.json").open(encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=1)
def _articles() -> frozenset[str]:
    return frozenset(matching_settings()["articles"])


def fold(name: str) -> str:
    if name.isascii():
        return _NON_ALNUM.sub(" ", _APOS.sub("", name).lower()).strip()
    s = _APOS.sub("", name.translate(_SPECIAL))
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()
    return _NON_ALNUM.sub(" ", s).strip()




_VOWEL_CLASSES = str.maketrans("eoyq", "iuik")
_REPEATS = re.compile(r"(.)\1+")


def loose_key(name: str, folded: str | None = None) -> str:
    """``folded`` may pass ``fold(name)`` when the caller has it already."""
    return _loose_key(fold(name) if folded is None else folded)


@lru_cache(maxsize=1 << 18)
def _loose_key(folded: str) -> str:
    # Cached: a GeoNames dump repeats "Mill Creek" thousands of times, an article its towns.
    words = folded.split()
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    articles = _articles()
    # An article only counts before another word: "Al Bab" -> "bab", but a lone "As" stays.
    words = [w for i, w in enumerate(words) if not (w in articles and i < len(words) - 1)]
    s = "".join(words)
    s = s.replace("ou", "u").replace("aw", "u").replace("ck", "k").replace("ph", "f")
    s = s.translate(_VOWEL_CLASSES)
    s = s.replace("ai", "i")
    s = _REPEATS.sub(r"\1", s)
    if len(s) > 3 and s.endswith("h") and s[-2] in "aiu":
        s = s[:-1]
    return s


# "Tel", "Tell", "Tal" and "Tall" (a mound) open many Levantine names and reports use any of them:
# "Tel Tamer" and "Tall Tamr" are one town. The key keeps the vowel, so the other spellings are tried.
_TELL = ("tal", "tel")
# An article written joined to its noun, its l assimilated: "Ezzor" is "ez-Zor", "Arraqqa" "ar-Raqqa".
_JOINED_ARTICLE = re.compile(r"^[ae]([tdrzsn])\1(?=[a-z]{2})")


def spelling_variants(folded: str) -> list[str]:
    """Other spellings of a folded name that its ``loose_key`` does not make meet, for fuzzy lookups
    (never exact ones): the Tel/Tall family and articles joined to their noun."""
    words = folded.split()
    out = []
    if len(words) > 1 and words[0] in ("tal", "tall", "tel", "tell", "til"):
        out.extend(" ".join([t] + words[1:]) for t in _TELL if t != words[0])
    # A first word needs a longer rest: "Assad" is a name, not "as-Sad".
    joined = [_JOINED_ARTICLE.sub(r"\1", w) if i or len(w) > 5 else w for i, w in enumerate(words)]
    if joined != words:
        out.append(" ".join(joined))
    return out
