"""Detect: find event mentions sentence by sentence and type them with ACLED's sub-event types."""
from __future__ import annotations

from ..pipeline import Document, Mention


class Detect:
    name = "detect"
    requires = ("sentences", "excluded", "headings")
    provides = ("mentions",)

    def __init__(self, typer, min_confidence: float = 0.5):
        self.typer = typer
        self.min_confidence = min_confidence

    def __call__(self, doc: Document) -> None:
        self.run_many([doc])

    def run_many(self, docs: list[Document]) -> None:
        jobs: list[tuple[Document, tuple[int, int]]] = []
        for doc in docs:
            doc.mentions = []
            for start, end in doc.sentences:
                if doc.is_excluded(start, end) or doc.in_heading(start, end):
                    continue
                jobs.append((doc, (start, end)))
        if not jobs:
            return
        results = self.typer.detect([doc.text[s:e] for doc, (s, e) in jobs])
        for (doc, (start, end)), detections in zip(jobs, results):
            for det in detections:
                if det.confidence < self.min_confidence:
                    continue
                doc.mentions.append(Mention(
                    event_type=det.event_type, sub_event_type=det.sub_event_type, confidence=det.confidence,
                    sentence=(start, end), trigger=(start + det.start, start + det.end), cues=list(det.cues),
                ))
