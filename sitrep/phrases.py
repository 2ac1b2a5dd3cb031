"""Regular expressions for long lists of literal phrases.

Python's ``re`` tries every alternative of ``a|b|c...`` at every position of the text, so a list of
hundreds of actor descriptions or death verbs cost milliseconds per article. Sharing the
phrases' common beginnings (``mili(?:t(?:ants|ia)|tary)``) lets it drop most of them after a
character or two. The result matches exactly what the plain alternation, longest phrase first,
matches (a test compares the two).
"""
from __future__ import annotations

import re


def phrase_alternation(phrases, spaces: str = r"\ ") -> str:
    """A regex source matching any of ``phrases`` the way ``"|".join(re.escape(p) for p in
    sorted(phrases, key=len, reverse=True))`` does, with each space written as ``spaces``.

    At each position the longest phrase that lets the rest of the pattern match wins, as with the
    plain alternation. Phrases shared that way only when that is certain to hold under either
    case setting: all plain lower-case ASCII. Other lists get the plain alternation."""
    words = sorted(set(phrases), key=len, reverse=True)
    if not words or not all(w.isascii() and w == w.lower() for w in words):
        return "|".join(re.escape(w).replace(r"\ ", spaces) for w in words)
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a phrase ends here
    return _emit(trie, spaces)


def _emit(node: dict, spaces: str) -> str:
    branches = [(spaces if ch == " " else re.escape(ch)) + _emit(child, spaces)
                for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    ends_here = "" in node
    if len(branches) == 1 and not ends_here:
        return branches[0]
    # Greedy "?": the longer phrases are tried before the one ending here, as longest-first does.
    return "(?:" + "|".join(branches) + ")" + ("?" if ends_here else "")
