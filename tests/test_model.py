import datetime as dt

import pytest

from sitrep.errors import InputError, SitrepError
from sitrep.model import ACLED_FIELDS, EVENT_TYPES, SUB_EVENT_TYPES, Article, Claim, Event, Span


def test_acled_has_six_types_and_25_sub_types():
    assert len(EVENT_TYPES) == 6
    assert len(SUB_EVENT_TYPES) == 25
    assert SUB_EVENT_TYPES["Suicide bomb"] == "Explosions/Remote violence"


def test_article_from_dict_reads_contract_fields():
    art = Article.from_dict({"id": 7, "text": "Gunmen attacked a village.", "published": "2021-05-04", "source": "X"})
    assert art.id == "7" and art.published == dt.date(2021, 5, 4) and art.source == "X" and art.title is None


@pytest.mark.parametrize("record, code", [
    ({"id": "a"}, "E102"),
    ({"id": "a", "text": 5}, "E102"),
    ({"text": "x"}, "E103"),
    ({"id": "a", "text": "x", "published": "04/05/2021"}, "E104"),
    (["not", "an", "object"], "E101"),
])
def test_article_from_dict_rejects_bad_records_with_codes(record, code):
    with pytest.raises(InputError) as info:
        Article.from_dict(record)
    assert info.value.code == code
    assert isinstance(info.value, SitrepError)


def test_event_record_has_acled_fields_in_order_and_round_trips():
    text = "Militants fired rockets at the town on Monday."
    art = Article("a1", text)
    ev = Event("a1", "Explosions/Remote violence", "Shelling/artillery/missile attack", actor1="X", fatalities=2)
    ev.add_evidence("sub_event_type", art.span(10, 23))
    ev.add_evidence("sub_event_type", art.span(10, 23))  # the same span is kept once
    ev.claims.append(Claim("fatalities", 2, "police", art.span(0, 9)))
    rec = ev.to_record()
    assert list(rec)[: len(ACLED_FIELDS) + 1] == ["article_id", *ACLED_FIELDS]
    assert rec["evidence"]["sub_event_type"] == [{"start": 10, "end": 23, "text": "fired rockets"}]
    back = Event.from_record(rec)
    assert back == ev
    assert Span(10, 23, text[10:23]) in back.evidence["sub_event_type"]
