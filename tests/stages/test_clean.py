from sitrep.model import Article
from sitrep.pipeline import Document
from sitrep.stages.clean import Clean

TEXT = """Rebels seize border crossing

FILE PHOTO: Fighters stand near a checkpoint in a town, March 3, 2019.
Example Agency Archive

By Jane Example

Rebel fighters seized a border crossing in the north on Tuesday after a day of fighting, a spokesman said.

Read more: Ceasefire talks stall again
"""


def run(text):
    doc = Document(Article("a", text))
    Clean()(doc)
    return doc


def lines_of(doc, ranges):
    return [doc.text[s:e] for s, e in ranges]


def test_captions_bylines_and_links_are_excluded_without_changing_the_text():
    doc = run(TEXT)
    excluded = lines_of(doc, doc.excluded)
    assert excluded[0].startswith("FILE PHOTO:")
    assert "Example Agency Archive" in excluded
    assert "By Jane Example" in excluded
    assert any(x.startswith("Read more:") for x in excluded)
    assert not any("seized a border crossing" in x for x in excluded)
    assert doc.text == TEXT


def test_headline_is_a_heading_when_there_is_a_body():
    doc = run(TEXT)
    assert lines_of(doc, doc.headings) == ["Rebels seize border crossing"]
    body_start = TEXT.index("Rebel fighters")
    assert not doc.in_heading(body_start, body_start + 10)


def test_a_lone_short_snippet_is_not_a_heading():
    doc = run("Police arrested two protest leaders in the capital")
    assert doc.headings == []


def test_a_long_headline_that_is_the_articles_title_is_a_heading():
    title = "Police tear-gas students marching in Kampala as a guard is shot dead in Jinja overnight"
    body = "Police fired tear gas at students marching through central Kampala on Tuesday, witnesses said."
    doc = Document(Article("a", title + "\n\n" + body, title=title))
    Clean()(doc)
    assert lines_of(doc, doc.headings) == [title]
