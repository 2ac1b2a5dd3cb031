"""Ordered stages over one Document per article.

A stage is a plain callable ``stage(doc) -> None`` with three attributes: ``name``, ``requires``
(Document attributes it reads) and ``provides`` (attributes it sets). The Pipeline checks at
construction that each stage's needs are met by the stages before it, so a mis-ordered pipeline
fails at once instead of producing quiet nonsense.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol

from .errors import ConfigError
from .model import Article, Claim, Event, PlaceMention


@dataclass
class Mention:
    """An event mention: a typed trigger inside a sentence, before its arguments are filled."""

    event_type: str
    sub_event_type: str
    confidence: float
    sentence: tuple[int, int]  # character range of the sentence (or clause) the mention lives in
    trigger: tuple[int, int]  # evidence span of the type
    cues: list[str] = field(default_factory=list)
    event: Event | None = None  # filled by the argument stages


@dataclass
class Document:
    """Everything Sitrep knows about one article as it moves through the stages."""

    article: Article
    excluded: list[tuple[int, int]] = field(default_factory=list)  # boilerplate ranges (captions, bylines)
    headings: list[tuple[int, int]] = field(default_factory=list)  # headline lines that repeat the body
    spacy_doc: Any = None
    sentences: list[tuple[int, int]] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    place_matches: list[Any] = field(default_factory=list)  # gazetteer matches (geo.toponyms.Candidate)
    entities: list[tuple[int, int, str]] = field(default_factory=list)  # NER entities: start, end, label
    places: list[PlaceMention] = field(default_factory=list)
    country: str | None = None  # ISO alpha-2 code of the country the report is mostly about
    events: list[Event] = field(default_factory=list)
    background: list[Mention] = field(default_factory=list)  # mentions dropped as background, each with its reason in cues
    figures: list[Claim] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.article.text

    def is_excluded(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.excluded)

    def in_heading(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.headings)


class Stage(Protocol):
    name: str
    requires: tuple[str, ...]
    provides: tuple[str, ...]

    def __call__(self, doc: Document) -> None: ...


# Attributes a Document has before any stage ran.
_GIVEN = ("article",)


class Pipeline:
    """Runs stages in order. ``batch`` lets a stage that works faster on many documents at once
    (spaCy's ``nlp.pipe``) see them together; every other stage sees one document at a time.

    ``overlap_after``: the name of a stage after which the pipeline splits in two. The first part
    of the next batch then runs in a second thread while the rest runs on this one, so spaCy
    (one core) and the event typer work at the same time. Documents still come out in order, and
    no stage sees two batches at once."""

    def __init__(self, stages: Iterable[Stage], overlap_after: str | None = None):
        self.stages = list(stages)
        have = set(_GIVEN)
        for stage in self.stages:
            missing = [r for r in stage.requires if r not in have]
            if missing:
                raise ConfigError("E301", f"stage {stage.name!r} needs {missing}, which no earlier stage provides")
            have.update(stage.provides)
        self.split = len(self.stages)
        if overlap_after is not None:
            if overlap_after not in self.names:
                raise ConfigError("E301", f"no stage {overlap_after!r} to overlap after")
            self.split = self.names.index(overlap_after) + 1

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def __call__(self, article: Article) -> Document:
        return next(iter(self.process([article])))

    def process(self, articles: Iterable[Article], batch_size: int = 32) -> Iterator[Document]:
        front, back = self.stages[:self.split], self.stages[self.split:]
        if not back or not front:
            for batch in _batches(articles, batch_size):
                yield from _run(self.stages, batch)
            return
        # The back thread waits while the front works on the first batch: a small first batch
        # (then doubling up to batch_size) shortens that wait.
        batches = _batches(articles, batch_size, first=max(1, batch_size // 4))
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sitrep-front") as pool:
            ahead = None
            for batch in batches:
                started = pool.submit(_run, front, batch)
                if ahead is not None:
                    yield from _run(back, ahead)
                ahead = started.result()
            if ahead is not None:
                yield from _run(back, ahead)


def _batches(articles: Iterable[Article], size: int, first: int | None = None) -> Iterator[list[Document]]:
    """Documents in batches of ``size``; with ``first``, the first batches hold ``first``, twice
    that, and so on up to ``size``."""
    want = min(size, first or size)
    batch: list[Document] = []
    for article in articles:
        batch.append(Document(article))
        if len(batch) >= want:
            yield batch
            batch = []
            want = min(size, want * 2)
    if batch:
        yield batch


def _run(stages: list[Stage], docs: list[Document]) -> list[Document]:
    for stage in stages:
        run_many: Callable[[list[Document]], None] | None = getattr(stage, "run_many", None)
        if run_many is not None:
            run_many(docs)
        else:
            for doc in docs:
                stage(doc)
    return docs


def default_pipeline(settings: dict[str, Any] | None = None) -> Pipeline:
    """The full extraction pipeline: clean → annotate → detect → arguments → geocode → normalise → merge."""
    from .resources_loader import Resources
    from .stages import build_stages

    # The front thread runs everything that needs spaCy (one model object, not shared between
    # threads); the back thread resolves places, types and fills the events of the batch before.
    return Pipeline(build_stages(Resources.load(settings or {})), overlap_after="place_names")
