import pytest

from sitrep.errors import ConfigError, InputError, ResourceError
from sitrep.model import Article
from sitrep.pipeline import Pipeline


class Recorder:
    def __init__(self, name, requires, provides, log):
        self.name, self.requires, self.provides, self.log = name, requires, provides, log

    def __call__(self, doc):
        self.log.append((self.name, doc.article.id))


class BatchRecorder(Recorder):
    def run_many(self, docs):
        self.log.append((self.name, tuple(d.article.id for d in docs)))


def test_pipeline_refuses_a_stage_whose_needs_come_later():
    log = []
    with pytest.raises(ConfigError) as info:
        Pipeline([Recorder("b", ("x",), (), log), Recorder("a", ("article",), ("x",), log)])
    assert info.value.code == "E412" and "'b'" in str(info.value)


def test_batch_stages_see_documents_together_and_others_one_by_one():
    log = []
    pipe = Pipeline([BatchRecorder("batch", ("article",), ("x",), log), Recorder("each", ("x",), (), log)])
    docs = list(pipe.process([Article(str(i), "t") for i in range(3)], batch_size=2))
    assert [d.article.id for d in docs] == ["0", "1", "2"]
    assert log == [("batch", ("0", "1")), ("each", "0"), ("each", "1"), ("batch", ("2",)), ("each", "2")]


class ThreadRecorder(Recorder):
    """Records which thread ran it, and sets a field so later stages can check they see its work."""

    def __call__(self, doc):
        import threading

        self.log.append((self.name, doc.article.id, threading.current_thread().name))
        doc.country = f"seen by {self.name}"


class Failing(Recorder):
    def __call__(self, doc):
        if doc.article.id == "3":
            raise RuntimeError("stage broke on 3")


def test_overlap_runs_the_front_in_a_second_thread_and_keeps_order():
    log = []
    front = ThreadRecorder("front", ("article",), ("country",), log)
    back = ThreadRecorder("back", ("country",), (), log)
    pipe = Pipeline([front, back], overlap_after="front")
    docs = list(pipe.process([Article(str(i), "t") for i in range(5)], batch_size=2))
    assert [d.article.id for d in docs] == ["0", "1", "2", "3", "4"]
    assert all(d.country == "seen by back" for d in docs)
    fronts = [e for e in log if e[0] == "front"]
    backs = [e for e in log if e[0] == "back"]
    assert [e[1] for e in fronts] == ["0", "1", "2", "3", "4"] and [e[1] for e in backs] == ["0", "1", "2", "3", "4"]
    assert {e[2] for e in fronts} != {e[2] for e in backs}
    order = [e[:2] for e in log]
    assert all(order.index(("front", i)) < order.index(("back", i)) for i in "01234")


def test_overlap_starts_with_small_batches_so_the_second_thread_starts_soon():
    log = []
    front = BatchRecorder("front", ("article",), ("x",), log)
    pipe = Pipeline([front, Recorder("back", ("x",), (), [])], overlap_after="front")
    docs = list(pipe.process([Article(str(i), "t") for i in range(70)], batch_size=16))
    assert [len(ids) for _, ids in log] == [4, 8, 16, 16, 16, 10]
    assert [d.article.id for d in docs] == [str(i) for i in range(70)]


def test_overlap_passes_a_failure_of_the_front_thread_on_as_that_articles_error():
    log = []
    pipe = Pipeline([Failing("front", ("article",), (), []), Recorder("back", ("article",), (), log)],
                    overlap_after="front")
    docs = list(pipe.process([Article(str(i), "t") for i in range(6)], batch_size=2))
    assert [d.article.id for d in docs] == [str(i) for i in range(6)]
    assert [d.article.id for d in docs if d.error] == ["3"]
    bad = docs[3].error
    assert isinstance(bad, InputError) and bad.code == "E132"
    assert "'front'" in str(bad) and "RuntimeError: stage broke on 3" in str(bad)
    assert [i for _, i in log] == ["0", "1", "2", "4", "5"]  # the later stage skips it


class BrokenResource(Recorder):
    def __call__(self, doc):
        raise ResourceError("E320", "model missing")


def test_a_missing_resource_still_stops_the_run():
    pipe = Pipeline([BrokenResource("front", ("article",), (), []), Recorder("back", ("article",), (), [])],
                    overlap_after="front")
    with pytest.raises(ResourceError):
        list(pipe.process([Article(str(i), "t") for i in range(3)], batch_size=2))


class FailingBatch(BatchRecorder):
    def run_many(self, docs):
        super().run_many(docs)
        if any(d.article.id == "2" for d in docs):
            raise RecursionError("maximum recursion depth exceeded")
        for d in docs:
            d.country = "seen"


def test_an_article_that_breaks_a_batch_stage_fails_alone():
    log = []
    pipe = Pipeline([FailingBatch("batch", ("article",), ("country",), log)])
    docs = list(pipe.process([Article(str(i), "t") for i in range(4)], batch_size=4))
    assert [d.country for d in docs] == ["seen", "seen", None, "seen"]
    assert docs[2].error.code == "E132" and "RecursionError" in str(docs[2].error)
    assert log[0] == ("batch", ("0", "1", "2", "3"))  # then one by one to find the culprit


def test_single_article_call_raises_its_error():
    pipe = Pipeline([Failing("front", ("article",), (), [])])
    with pytest.raises(InputError, match="E132"):
        pipe(Article("3", "t"))


def test_an_article_over_the_length_limit_is_refused_and_the_rest_go_on():
    log = []
    pipe = Pipeline([Recorder("each", ("article",), (), log)], max_chars=10)
    docs = list(pipe.process([Article("short", "t"), Article("long", "x" * 11), Article("also", "t")]))
    assert [d.error.code if d.error else None for d in docs] == [None, "E130", None]
    assert "11 characters" in str(docs[1].error)
    assert log == [("each", "short"), ("each", "also")]


class Slow(Recorder):
    def __call__(self, doc):
        import time

        super().__call__(doc)
        if doc.article.id == "slow":
            time.sleep(0.3)


def test_an_article_over_its_time_budget_is_dropped_after_the_stage_and_the_rest_go_on():
    log = []
    pipe = Pipeline([Slow("first", ("article",), (), log), Recorder("second", ("article",), (), log)],
                    time_budget=0.2)
    docs = list(pipe.process([Article("quick", "t"), Article("slow", "t"), Article("next", "t")]))
    assert [d.error.code if d.error else None for d in docs] == [None, "E131", None]
    assert "'first'" in str(docs[1].error)
    assert ("second", "slow") not in log and ("second", "next") in log


def test_overlap_after_an_unknown_stage_is_refused():
    with pytest.raises(ConfigError):
        Pipeline([Recorder("a", ("article",), (), [])], overlap_after="nope")


def test_default_pipeline_gives_the_same_events_with_and_without_overlap(resources):
    from sitrep.stages import build_stages

    reports = [
        "Rebels shelled the market town of Example on Monday, killing four traders, officials said. "
        "The town is known for its fish market. Police later arrested two suspects.",
        "Thousands of students marched through the capital on Friday to protest against fees. "
        "Police fired tear gas at them. The minister promised talks.",
        "Gunmen abducted six farmers near the river on Sunday, a local chief said. "
        "The region has had a good harvest this year. Soldiers were sent to look for them.",
    ] * 3
    articles = [Article(str(i), t) for i, t in enumerate(reports)]

    def records(pipe):
        return [[e.to_record() for e in d.events] for d in pipe.process(articles, batch_size=2)]

    together = records(Pipeline(build_stages(resources), overlap_after="annotate"))
    alone = records(Pipeline(build_stages(resources)))
    assert together == alone and sum(map(len, together)) >= 6


# ---------------------------------------------------------------- workers (forked processes)
class ProcessRecorder(Recorder):
    """Sets a field from the process that ran it, so the parent can tell its work came back."""

    def __call__(self, doc):
        import os

        doc.country = f"pid {os.getpid()}"


def test_workers_run_batches_in_other_processes_and_keep_input_order():
    import os

    pipe = Pipeline([ProcessRecorder("each", ("article",), ("country",), [])])
    docs = list(pipe.process([Article(str(i), "t") for i in range(9)], batch_size=2, workers=2))
    assert [d.article.id for d in docs] == [str(i) for i in range(9)]
    pids = {d.country for d in docs}
    assert f"pid {os.getpid()}" not in pids and 1 <= len(pids) <= 2


def test_with_workers_a_failing_article_fails_alone_and_a_missing_resource_stops_the_run():
    pipe = Pipeline([Failing("each", ("article",), (), [])], max_chars=10)
    docs = list(pipe.process([Article(str(i), "x" * (11 if i == 5 else 1)) for i in range(7)], batch_size=2,
                             workers=2))
    assert [d.error.code if d.error else None for d in docs] == [None, None, None, "E132", None, "E130", None]
    assert isinstance(docs[3].error, InputError) and "stage broke on 3" in docs[3].error.message
    pipe = Pipeline([BrokenResource("each", ("article",), (), [])])
    with pytest.raises(ResourceError) as info:
        list(pipe.process([Article(str(i), "t") for i in range(3)], batch_size=1, workers=2))
    assert info.value.code == "E320" and info.value.message == "model missing"


def test_workers_read_the_input_a_few_batches_ahead_not_all_of_it():
    read = []

    def articles():
        for i in range(1000):
            read.append(i)
            yield Article(str(i), "t")

    pipe = Pipeline([Recorder("each", ("article",), (), [])])
    stream = pipe.process(articles(), batch_size=10, workers=2)
    next(stream)
    assert len(read) <= 10 * (2 * 2 + 1)  # the batches in flight, and the one being read
    stream.close()


def test_default_pipeline_gives_the_same_events_with_workers(resources):
    from sitrep.stages import build_stages

    reports = [
        "Troops clashed with militants near the border post on Tuesday; three soldiers died, the army said.",
        "Residents of the old quarter marched on Saturday against power cuts, and police dispersed them.",
        "A roadside bomb hit a bus outside the provincial capital on Thursday, wounding 12 passengers.",
    ] * 3
    articles = [Article(str(i), t) for i, t in enumerate(reports)]

    def records(workers):
        pipe = Pipeline(build_stages(resources))
        return [[e.to_record() for e in d.events] for d in pipe.process(articles, batch_size=2, workers=workers)]

    forked = records(2)
    assert forked == records(1) and sum(map(len, forked)) >= 6


def test_workers_on_a_platform_that_cannot_fork_are_refused(monkeypatch):
    monkeypatch.setattr("multiprocessing.get_all_start_methods", lambda: ["spawn"])
    pipe = Pipeline([Recorder("each", ("article",), (), [])])
    with pytest.raises(ConfigError) as info:
        list(pipe.process([Article("a", "t")], workers=2))
    assert info.value.code == "E414"
    assert [d.article.id for d in pipe.process([Article("a", "t")], workers=1)] == ["a"]
