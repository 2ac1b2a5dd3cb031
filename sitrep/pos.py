"""Coarse parts of speech without en_core_web_sm's attribute ruler.

The ruler is a Matcher over every token of every sentence and cost more than the parser, yet the
role finder asks about a handful of tokens around each event; ``coarse_pos`` answers from the same
tag, dependency and word, for only those tokens. ``sitrep.nlp`` loads the model without the ruler.
"""
from __future__ import annotations

# en_core_web_sm's attribute ruler, reduced to what ``coarse_pos`` answers: a tag map, then
# exceptions in the ruler's order, each overriding the ones before (as the ruler applies them).
_TAG_POS = {"VB": "VERB", "VBD": "VERB", "VBG": "VERB", "VBN": "VERB", "VBP": "VERB", "VBZ": "VERB",
            "BES": "VERB", "HVS": "VERB", "MD": "AUX", "NN": "NOUN", "NNS": "NOUN", "NNP": "PROPN",
            "NNPS": "PROPN"}
_PRONOUN_NOUNS = frozenset("something anyone anything nothing someone everything everyone everybody nobody "
                           "somebody anybody any1".split())
# Forms of be, do and have that the ruler calls AUX whatever their role (a later rule makes the
# main verb of a clause VERB again).
_AUX_FORMS = frozenset([("VB", w) for w in ("be", "do", "have", "of", "'ve")] + [
    ("VBP", "do"), ("VBN", "been"), ("VBG", "being"), ("VBZ", "is"), ("VBZ", "'s"), ("VBZ", "has"),
    ("VBZ", "does"), ("VBP", "are"), ("VBP", "'re"), ("VBP", "am"), ("VBP", "'m"), ("VBP", "have"),
    ("VBP", "'ve"), ("VBP", "'s"), ("VBD", "was"), ("VBD", "were"), ("VBD", "did"), ("VBD", "had"),
    ("VBN", "had"), ("VBD", "'d")])
_FULL_VERB_FORMS = frozenset(["do", "does", "did", "'d", "have", "has", "had"])
_FULL_VERB_DEPS = frozenset(["ROOT", "advcl", "ccomp", "conj", "relcl", "xcomp"])
_EXISTENTIAL_BE = frozenset(["is", "are", "was", "were", "'s", "'re"])
OTHER_POS = "X"


def coarse_pos(token) -> str:
    """The coarse part of speech the model's attribute ruler would give ``token``, for the classes
    the role finder asks about: VERB, AUX, NOUN or PROPN, and ``OTHER_POS`` for anything else.

    The ruler is a Matcher run over every token of every sentence; this reads the same tag,
    dependency and word, for only the tokens that are asked (a test compares the two)."""
    tag, dep, lower = token.tag_, token.dep_, token.lower_
    pos = _TAG_POS.get(tag, OTHER_POS)
    if tag == "NN" and lower in _PRONOUN_NOUNS:
        pos = OTHER_POS
    if (tag, lower) in _AUX_FORMS:
        pos = "AUX"
    if dep in ("aux", "auxpass") and tag not in ("TO", ""):
        pos = "AUX"
    if lower in _FULL_VERB_FORMS and dep in _FULL_VERB_DEPS:
        pos = "VERB"
    if tag in ("DT", "WDT") and dep not in ("det", "quantmod", ""):
        pos = OTHER_POS
    if lower in _EXISTENTIAL_BE and token.i > 0 and token.doc[token.i - 1].dep_ == "expl":
        pos = "VERB"
    if tag == "_SP" or token.is_space:
        pos = OTHER_POS
    return pos
