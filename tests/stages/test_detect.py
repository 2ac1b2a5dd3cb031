import pytest

from sitrep.model import Article
from sitrep.pipeline import Document
from sitrep.stages.annotate import Annotate
from sitrep.stages.clean import Clean
from sitrep.stages.detect import Detect


class Spy:
    """The real typer, recording which texts it was asked to type."""

    def __init__(self, typer):
        self.typer, self.seen = typer, []

    def has_event_cue(self, text):
        return self.typer.has_event_cue(text)

    def detect(self, texts, background=None):
        self.seen.extend(texts)
        self.background = background
        return self.typer.detect(texts, background)


REPORT = ("Rebels shelled the port town of Example on Monday, killing four residents, officials said. "
          "The town lies on the coast and is known for its fish market. "
          "Its mayor was elected in 2019 and has served two terms. "
          "Government troops later recaptured the hill above the town.")


def run(text, resources):
    doc = Document(Article("d", text))
    Clean()(doc)
    Annotate(resources.nlp)(doc)
    spy = Spy(resources.typer)
    Detect(spy)(doc)
    return doc, spy


def test_long_report_types_only_sentences_with_a_trigger(resources):
    doc, spy = run(REPORT, resources)
    assert len(spy.seen) == 2
    assert all("fish market" not in t and "elected" not in t for t in spy.seen)
    assert {m.sub_event_type for m in doc.mentions} >= {"Shelling/artillery/missile attack"}



def test_a_counted_killing_of_a_community_told_in_a_statement_is_typed(resources):
    report = ("The governor said he was horrified by reports that the militia has killed 26 members of a herding "
              "clan near the town of Example. "
              "The region has had little rain this year and many wells are dry. "
              "He said the government would send food aid to the families who lost their cattle. "
              "Markets in the town stayed open on Saturday.")
    doc, spy = run(report, resources)
    assert any("26 members" in t for t in spy.seen)
    assert not any("little rain" in t for t in spy.seen)
    assert [m.sub_event_type for m in doc.mentions] == ["Attack"]

def test_sentences_told_in_police_and_local_press_words_are_typed(resources):
    """"Gunned down", "a firing incident", "bullet injuries": words of a shooting that no typing cue holds;
    a long report's sentence told in them is shown to the typer all the same."""
    report = ("Two shopkeepers were gunned down by unknown men on a motorcycle outside the bazaar of Example town. "
              "The market committee met in the evening. "
              "Police said there was a firing incident near the river ghat at about 2100 hrs. "
              "A boatman sustained bullet injuries and was taken to the district hospital. "
              "Schools in the town will reopen next week.")
    doc, spy = run(report, resources)
    assert any("gunned down" in t for t in spy.seen)
    assert any("firing incident" in t for t in spy.seen)
    assert any("bullet injuries" in t for t in spy.seen)
    assert not any("committee" in t or "reopen" in t for t in spy.seen)


def test_short_text_is_typed_whole(resources):
    snippet = "Police fired tear gas at hundreds of students marching in the capital. Several were arrested."
    doc, spy = run(snippet, resources)
    assert spy.seen == [snippet]
    assert doc.mentions and doc.mentions[0].sentence == (0, len(snippet))


SHARED = "Rebels shelled the port town of Example on Monday, killing four residents, officials said."
TWO_REPORTS_SHARING_A_SENTENCE = [
    SHARED + " The town lies on the coast. Its mayor was elected in 2019. Fishing boats stayed in port.",
    "The market reopened on Tuesday. " + SHARED + " Schools stayed shut. Traders counted their losses."]


def annotated(texts, resources):
    docs = [Document(Article(str(i), t)) for i, t in enumerate(texts)]
    for d in docs:
        Clean()(d)
    Annotate(resources.nlp).run_many(docs)
    return docs


def test_a_sentence_repeated_across_reports_is_typed_once(resources):
    docs = annotated(TWO_REPORTS_SHARING_A_SENTENCE, resources)
    spy = Spy(resources.typer)
    Detect(spy).run_many(docs)
    assert spy.seen.count(SHARED) == 1
    for d in docs:
        start = d.text.index(SHARED)
        assert any(m.sentence == (start, start + len(SHARED)) and m.trigger[0] >= start for m in d.mentions)


def test_sentences_of_a_long_report_are_typed_as_background_and_a_snippet_is_not(resources):
    _, spy = run(REPORT, resources)
    assert spy.background == [True] * len(spy.seen)
    _, spy = run("Rebels shelled the port town of Example on Monday, killing four residents.", resources)
    assert spy.background == [False]


def test_a_sentence_repeated_in_a_later_batch_is_typed_once_and_read_the_same(resources):
    docs = annotated(TWO_REPORTS_SHARING_A_SENTENCE, resources)
    spy = Spy(resources.typer)
    detect = Detect(spy)
    detect.run_many(docs[:1])
    detect.run_many(docs[1:])
    assert spy.seen.count(SHARED) == 1
    first, later = ([m for m in d.mentions if d.text[m.sentence[0]:m.sentence[1]] == SHARED] for d in docs)
    assert first and [(m.sub_event_type, m.confidence) for m in first] == [(m.sub_event_type, m.confidence) for m in later]


def test_a_text_typed_as_background_is_typed_again_when_it_comes_whole(resources):
    report, snippet = annotated([TWO_REPORTS_SHARING_A_SENTENCE[0], SHARED], resources)
    spy = Spy(resources.typer)
    detect = Detect(spy)
    detect.run_many([report])
    detect.run_many([snippet])
    assert spy.seen.count(SHARED) == 2 and spy.background == [False]


def test_the_typed_texts_remembered_are_bounded(resources):
    docs = annotated([f"Rebels shelled the town of Example{i} on Monday, killing {i + 2} residents." for i in range(5)],
                     resources)
    detect = Detect(Spy(resources.typer))
    detect.REMEMBERED = 3
    for d in docs:
        detect.run_many([d])
    assert len(detect._typed) == 3


@pytest.fixture(scope="module")
def report_pipeline():
    from sitrep.pipeline import default_pipeline

    return default_pipeline({})


# Neutral sentences that make a report long enough to be read sentence by sentence.
_PADDING = ("\n\nThe region has seen years of unrest. Officials gave no further details. "
            "Residents said shops had reopened in the afternoon. Schools are due to open next week.")


def test_an_act_in_the_main_clause_is_typed_when_the_dating_clause_holds_the_cue(report_pipeline):
    """The typer's evidence lies in the "after" clause (an earlier capture); the sentence's own act, dated
    by its own day, is the shelling of its main clause."""
    import datetime as dt

    from sitrep.model import Article

    text = ("ISTANBUL, Feb 14 (Wire) - Turkish artillery shelled Kurdish positions around Afrin on Sunday, "
            "a monitoring group said.\n\n"
            "Turkish tanks fired at YPG fighters near Tal Rifaat on Saturday, after the militia and its allies "
            "captured a military airport from rebel groups." + _PADDING)
    doc = report_pipeline(Article("t", text, published=dt.date(2016, 2, 14)))
    saturday = {(e.sub_event_type, e.location) for e in doc.events if e.event_date == "2016-02-13"}
    assert saturday == {("Shelling/artillery/missile attack", "Tal Rifaat")}


def test_a_killing_told_with_no_typing_cue_is_typed(report_pipeline):
    import datetime as dt

    from sitrep.model import Article

    text = ("KIRKUK, Iraq, May 3 (Wire) - A soldier was killed when militants fired at his post near Hawija on "
            "Sunday, a security source said." + _PADDING)
    doc = report_pipeline(Article("t", text, published=dt.date(2016, 5, 3)))
    assert [(e.event_date, "Hawij" in e.location) for e in doc.events] == [("2016-05-01", True)]
