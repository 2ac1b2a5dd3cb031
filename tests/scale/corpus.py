"""A small corpus for the scale tests: the bundled examples, plus reports written for these tests by
other (invented) outlets about the same incidents, and one malformed line."""
from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import ROOT

# Other outlets' reports of incidents the examples tell. Written for these tests.
SAME_INCIDENT = [
    {"id": "horn-courier-0313", "published": "2023-03-14", "source": "Horn Courier",
     "url": "https://horn-courier.example/2023/03/14/checkpoint",
     "title": "Car bomb at checkpoint near parliament",
     "text": ("MOGADISHU - A car bomb driven by a suicide attacker exploded at a checkpoint close to the "
              "parliament building in Mogadishu on Monday, killing eleven people, hospital workers said. "
              "Al Shabaab said it carried out the bombing.")},
    {"id": "coast-radio-77", "published": "2023-03-14", "source": "Coast Radio",
     "text": ("Police in Mogadishu said a suicide bomber in a car blew himself up at a checkpoint near the "
              "parliament on Monday. At least nine people were killed, a police officer said.")},
    {"id": "lake-herald-5521", "published": "2024-06-21", "source": "Lake Herald",
     "text": ("KISUMU - Police shot dead two men during protests against the finance bill in Kisumu on "
              "Thursday, a human rights group said. Officers opened fire when protesters refused to leave "
              "the main road, witnesses told the Lake Herald.")},
    {"id": "sahel-daily-3", "published": "2023-05-02", "source": "Sahel Daily",
     "text": ("Gunmen on motorbikes attacked a military post near the town of Djenne in central Mali on "
              "Monday, killing three soldiers, a local official said. The army said the attackers fled.")},
]
MALFORMED = '{"id": "broken-1", "published": "2023-05-02", "text": "unterminated'


def example_articles() -> list[dict]:
    from sitrep.ingest import read_inputs

    out = []
    for art in read_inputs([str(ROOT / "examples")]):
        assert not hasattr(art, "error"), art
        out.append({"id": art.id, "text": art.text, "title": art.title, "source": art.source, "url": art.url,
                    "published": art.published.isoformat() if art.published else None})
    return out


def write_corpus(path: Path, *, malformed: bool = True) -> list[dict]:
    """The corpus as JSON Lines at ``path``; the articles (without the malformed line)."""
    articles = example_articles() + SAME_INCIDENT
    lines = [json.dumps(a, ensure_ascii=False) for a in articles]
    if malformed:
        lines.insert(3, MALFORMED)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return articles
