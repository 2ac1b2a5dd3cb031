"""Ordered stages over one Document per article.

A stage is a plain callable ``stage(doc) -> None`` with three attributes: ``name``, ``requires``
(Document attributes it reads) and ``provides`` (attributes it sets). The Pipeline checks at
construction that each stage's needs are met by the stages before it, so a mis-ordered pipeline
fails at once instead of producing quiet nonsense.

One article never stops the others. An article longer than ``max_chars``, one that makes a stage
fail, or one that has taken more than ``time_budget`` seconds when a stage ends gets a coded error
in ``Document.error``, skips the stages after, and comes out with the others, in order. A stage
cannot be interrupted half-way: the budget is checked between stages, and what keeps a single
stage from running away is that no stage costs more than linear time in the text (the tokenizer's
guard in ``sitrep.nlp``). Missing resources, bad settings and store failures are not the article's
fault and still stop the run.

With ``workers`` above one, batches go to that many processes forked from this one after the
models are loaded, so their read-only pages are shared; documents still come out in input order.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
import gc
import multiprocessing
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol

from .errors import ConfigError, InputError, ResourceError, SitrepError, StoreError
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
    error: SitrepError | None = None  # why this article left the pipeline early; later stages skip it
    seconds: float = 0.0  # time the stages spent on it so far

    @property
    def text(self) -> str:
        return self.article.text

    def is_excluded(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.excluded)

    def in_heading(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.headings)

    def body_sentences(self) -> list[tuple[int, int]]:
        """The sentences of the report itself: neither boilerplate nor a headline line."""
        return [x for x in self.sentences if not self.is_excluded(*x) and not self.in_heading(*x)]


class Stage(Protocol):
    name: str
    requires: tuple[str, ...]
    provides: tuple[str, ...]

    def __call__(self, doc: Document) -> None: ...


# Attributes a Document has before any stage ran.
_GIVEN = ("article",)
# Not the article's fault, and every article after it would meet them too: these stop the run.
_FATAL = (ResourceError, ConfigError, StoreError)


class Pipeline:
    """Runs stages in order. ``batch`` lets a stage that works faster on many documents at once
    (spaCy's ``nlp.pipe``) see them together; every other stage sees one document at a time.

    ``overlap_after``: the name of a stage after which the pipeline splits in two. The first part
    of the next batch then runs in a second thread while the rest runs on this one, so spaCy
    (one core) and the event typer work at the same time. Documents still come out in order, and
    no stage sees two batches at once.

    ``max_chars`` and ``time_budget`` (seconds) bound what one article may cost; None: no bound."""

    def __init__(self, stages: Iterable[Stage], overlap_after: str | None = None, *, max_chars: int | None = None,
                 time_budget: float | None = None):
        self.stages = list(stages)
        self.max_chars = max_chars
        self.time_budget = time_budget
        have = set(_GIVEN)
        for stage in self.stages:
            missing = [r for r in stage.requires if r not in have]
            if missing:
                raise ConfigError("E412", f"stage {stage.name!r} needs {missing}, which no earlier stage provides")
            have.update(stage.provides)
        self.split = len(self.stages)
        if overlap_after is not None:
            if overlap_after not in self.names:
                raise ConfigError("E413", f"no stage {overlap_after!r} to overlap after")
            self.split = self.names.index(overlap_after) + 1

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def __call__(self, article: Article) -> Document:
        """One article through every stage; its error, if it gets one, is raised."""
        doc = next(iter(self.process([article])))
        if doc.error is not None:
            raise doc.error
        return doc

    def process(self, articles: Iterable[Article], batch_size: int = 32, workers: int = 1) -> Iterator[Document]:
        """Every article's Document, in order; those with ``error`` set went only part of the way.
        ``workers`` > 1: batches run in that many forked processes (their Documents come back
        without ``spacy_doc``)."""
        if workers > 1:
            yield from self._process_in_workers(articles, batch_size, workers)
            return
        front, back = self.stages[:self.split], self.stages[self.split:]
        if not back or not front:
            for batch in self._batches(articles, batch_size):
                yield from self._run(self.stages, batch)
            return
        # The back thread waits while the front works on the first batch: a small first batch
        # (then doubling up to batch_size) shortens that wait.
        batches = self._batches(articles, batch_size, first=max(1, batch_size // 4))
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sitrep-front") as pool:
            ahead = None
            for batch in batches:
                started = pool.submit(self._run, front, batch)
                if ahead is not None:
                    yield from self._run(back, ahead)
                ahead = started.result()
            if ahead is not None:
                yield from self._run(back, ahead)

    def _process_in_workers(self, articles: Iterable[Article], batch_size: int, workers: int) -> Iterator[Document]:
        if "fork" not in multiprocessing.get_all_start_methods():
            raise ConfigError("E414", f"--workers {workers} needs processes forked from this one, which this "
                                      f"platform cannot make; use --workers 1")
        # Objects made before the fork are never scanned by the children's collector, so the pages
        # that hold the models and tables stay shared instead of being copied into every worker.
        gc.collect()
        gc.freeze()
        try:
            # Forked, each worker inherits this pipeline, models loaded, without pickling it.
            with multiprocessing.get_context("fork").Pool(workers, initializer=_adopt, initargs=(self,)) as pool:
                # A few batches per worker in flight, no more: the input may be larger than memory.
                pending: deque = deque()
                for batch in self._batches(articles, batch_size):
                    pending.append(pool.apply_async(_run_forked, (batch,)))
                    if len(pending) >= 2 * workers:
                        yield from pending.popleft().get()
                while pending:
                    yield from pending.popleft().get()
        finally:
            gc.unfreeze()

    def _batches(self, articles: Iterable[Article], size: int, first: int | None = None) -> Iterator[list[Document]]:
        """Documents in batches of ``size``; with ``first``, the first batches hold ``first``, twice
        that, and so on up to ``size``."""
        for batch in _batches(articles, size, first):
            for doc in batch:
                if self.max_chars is not None and len(doc.text) > self.max_chars:
                    doc.error = InputError("E130", f"article {doc.article.id!r} has {len(doc.text):,} characters, "
                                                   f"more than the limit of {self.max_chars:,} (--max-chars)")
            yield batch

    def _run(self, stages: list[Stage], docs: list[Document]) -> list[Document]:
        for stage in stages:
            live = [d for d in docs if d.error is None]
            if not live:
                break
            run_many: Callable[[list[Document]], None] | None = getattr(stage, "run_many", None)
            if run_many is None:
                for doc in live:
                    _attempt(stage, doc, lambda d=doc: stage(d))
            else:
                started = time.perf_counter()
                try:
                    run_many(live)
                except _FATAL:
                    raise
                except Exception:
                    # One article broke the batch: each alone finds which, and the others go on.
                    for doc in live:
                        _attempt(stage, doc, lambda d=doc: run_many([d]))
                else:
                    # The batch's time, shared by length: spaCy's and the typer's cost grows with the text.
                    spent = time.perf_counter() - started
                    total = sum(len(d.text) for d in live) or 1
                    for doc in live:
                        doc.seconds += spent * len(doc.text) / total
            if self.time_budget is not None:
                for doc in live:
                    if doc.error is None and doc.seconds > self.time_budget:
                        doc.error = InputError("E131", f"article {doc.article.id!r} took {doc.seconds:.1f}s, more "
                                                       f"than its time budget of {self.time_budget:g}s "
                                                       f"(--time-budget), by the end of stage {stage.name!r}")
        return docs


# The pipeline this process runs as a worker of ``Pipeline.process``: set once in each forked child, never
# in the process that forks them.
_ADOPTED: Pipeline | None = None


def _adopt(pipeline: Pipeline) -> None:
    global _ADOPTED
    _ADOPTED = pipeline


def _run_forked(batch: list[Document]) -> list[Document]:
    docs = _ADOPTED._run(_ADOPTED.stages, batch)
    for doc in docs:
        doc.spacy_doc = None  # no reader after the pipeline needs it, and pickling one costs more than parsing
    return docs


def _attempt(stage: Stage, doc: Document, call: Callable[[], None]) -> None:
    """Run one stage on one document; an exception becomes the document's error."""
    started = time.perf_counter()
    try:
        call()
    except _FATAL:
        raise
    except SitrepError as exc:
        doc.error = exc
    except Exception as exc:  # a stage tripped over this article: a bug or an input no rule foresaw
        what = (str(exc).splitlines() or [""])[0][:200]
        doc.error = InputError("E132", f"article {doc.article.id!r} could not go through stage {stage.name!r}: "
                                       f"{type(exc).__name__}: {what}")
    finally:
        doc.seconds += time.perf_counter() - started


def _batches(articles: Iterable[Article], size: int, first: int | None = None) -> Iterator[list[Document]]:
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


def default_pipeline(settings: dict[str, Any] | None = None) -> Pipeline:
    """The full extraction pipeline: clean → annotate → detect → arguments → geocode → normalise → merge."""
    from .resources_loader import Resources
    from .stages import build_stages

    res = Resources.load(settings or {})
    # The front thread runs everything that needs spaCy (one model object, not shared between
    # threads); the back thread resolves places, types and fills the events of the batch before.
    return Pipeline(build_stages(res), overlap_after="place_names", max_chars=res.settings["max_chars"],
                    time_budget=res.settings["time_budget"])
