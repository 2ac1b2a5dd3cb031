"""Text helpers shared by the actor and argument extractors: folding for matching, with offsets kept."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..spans import trim_span

_APOSTROPHES = "'’‘ʼ`´ʻ"
_DASHES = "-‐‑‒–—_/"


_PLAIN = r"[^\s" + re.escape(_APOSTROPHES + _DASHES) + r"\x80-\U0010ffff]+"
# What fold keeps as it is bar case (ASCII words joined by single spaces), a run it turns into one
# space, or one character it must look at alone (an apostrophe, or a letter that may carry a diacritic).
_FOLD_RUN = re.compile(rf"({_PLAIN}(?: {_PLAIN})*)|([\s" + re.escape(_DASHES) + r"]+)|(.)", re.S)


@lru_cache(maxsize=16)
def fold(text: str) -> tuple[str, tuple[int, ...]]:
    """Lowercase, strip diacritics and apostrophes, hyphens to spaces, runs of spaces to one.

    Returns the folded string and, for each folded character, its offset in ``text``, so a match
    in the folded string maps back to the words the reader sees.
    """
    out: list[str] = []
    idx: list[int] = []
    for m in _FOLD_RUN.finditer(text):
        plain, gap, single = m.groups()
        if plain is not None:
            # Whole phrases at once: a loop over every character of every article was slow.
            out.append(plain.lower())
            idx.extend(range(m.start(), m.end()))
        elif gap is not None:
            if out and out[-1][-1] != " ":
                out.append(" ")
                idx.append(m.start())
        else:
            _fold_char(single, m.start(), out, idx)
    return "".join(out), tuple(idx)


def _fold_char(ch: str, i: int, out: list[str], idx: list[int]) -> None:
    if ch in _APOSTROPHES:
        return
    if ch in _DASHES or ch.isspace():
        if out and out[-1][-1] != " ":
            out.append(" ")
            idx.append(i)
        return
    for c in unicodedata.normalize("NFKD", ch):
        if unicodedata.combining(c):
            continue
        out.append(c.lower())
        idx.append(i)


def _fold_slow(text: str) -> tuple[str, tuple[int, ...]]:
    """fold, one character at a time: the definition the fast path is tested against."""
    out: list[str] = []
    idx: list[int] = []
    for i, ch in enumerate(text):
        _fold_char(ch, i, out, idx)
    return "".join(out), tuple(idx)


def fold_plain(text: str) -> str:
    return fold(text)[0].strip()


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence ranges by punctuation and line breaks; good enough for attributing claims."""
    end = len(text) if end is None else end
    spans = []
    pos = start
    for m in _SENT_END.finditer(text, start, end):
        if m.group(1) and _ABBREV.search(text, max(0, m.start() - 6), m.start() + 1):
            continue
        s, e = trim_span(text, pos, m.end())
        if e > s:
            spans.append((s, e))
        pos = m.end()
    s, e = trim_span(text, pos, end)
    if e > s:
        spans.append((s, e))
    return spans


# A stop, then space and a capital, quote or digit; or a line break.
_SENT_END = re.compile(r"([.!?])[\"'”’)]*(?=\s+[\"'“‘(]?[A-Z0-9])|\n")
# "U.S." and "Gen." do not end a sentence.
_ABBREV = re.compile(r"(?:\b[A-Z]|\bU\.S|\b(?:Mr|Ms|Mrs|Dr|St|No|Gen|Col|Lt|Sgt|Jan|Feb|Mar|Apr|Aug|Sep|Sept|Oct|Nov|Dec|Capt|Maj|Rev|Jr|Sr|Brig|Cpl|Pvt|Adm|Gov|Sen|Rep))\.$")


def words_before(text: str, pos: int, n: int, limit: int = 60) -> list[tuple[int, int, str]]:
    """Up to n whitespace-separated words right before ``pos``, nearest first, stopping at punctuation."""
    out = []
    chunk_start = max(0, pos - limit)
    for m in reversed(list(_WORD.finditer(text, chunk_start, pos))):
        gap = text[m.end():out[-1][0] if out else pos]
        if gap.strip():
            break
        out.append((m.start(), m.end(), m.group()))
        if len(out) >= n:
            break
    return out


_WORD = re.compile(r"[\w.'’\-]+")
