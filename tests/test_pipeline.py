import pytest

from sitrep.errors import ConfigError
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
    assert info.value.code == "E301" and "'b'" in str(info.value)


def test_batch_stages_see_documents_together_and_others_one_by_one():
    log = []
    pipe = Pipeline([BatchRecorder("batch", ("article",), ("x",), log), Recorder("each", ("x",), (), log)])
    docs = list(pipe.process([Article(str(i), "t") for i in range(3)], batch_size=2))
    assert [d.article.id for d in docs] == ["0", "1", "2"]
    assert log == [("batch", ("0", "1")), ("each", "0"), ("each", "1"), ("batch", ("2",)), ("each", "2")]
