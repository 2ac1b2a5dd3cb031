"""Event detection and typing: which of ACLED's 25 sub-event types a text reports, if any."""
from .typer import Detection, EventTyper

__all__ = ["Detection", "EventTyper"]
