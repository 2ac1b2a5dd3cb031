"""An event mention goes into the Parquet row and comes back for `sitrep load` unchanged, claims
without a claimant included (their records leave the empty field out)."""
from __future__ import annotations

import datetime as dt

from sitrep.model import Article, Claim, Event
from sitrep.scale.extract import event_row, row_to_record
from sitrep.scale.load import _claim, _event


def test_a_mention_round_trips_through_its_row():
    art = Article(id="a", text="Two soldiers were killed in Gao, officials said. Three, said another.",
                  published=dt.date(2024, 3, 2), source="Wire", url="https://wire.example/a")
    ev = Event(article_id="a", event_type="Battles", sub_event_type="Armed clash", event_date="2024-03-01",
               time_precision=1, fatalities=2, latitude=16.27, longitude=-0.04, iso=466, country="Mali",
               location="Gao", confidence=0.75)
    ev.add_evidence("location", art.span(27, 30))
    ev.claims.append(Claim("fatalities", 2, "officials", art.span(0, 25)))
    ev.claims.append(Claim("fatalities", 3, None, art.span(49, 54), qualifier="at least"))
    row = event_row(ev.to_record(), 4, art)
    assert (row["seq"], row["outlet"], row["published"], row["event_month"]) == (4, "Wire", "2024-03-02", "2024-03")
    back = row_to_record(row)
    assert _event(back).to_record() == ev.to_record()


def test_a_figure_without_claimant_is_read_back():
    fig = Claim("displacement", 1200, None, Article(id="b", text="1,200 people fled.").span(0, 5), unit="people")
    assert _claim(fig.to_dict()) == fig
