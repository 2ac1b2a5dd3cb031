"""Arguments of an event: its date, fatalities, sources and claims, humanitarian figures, and notes."""
from .attribution import Attribution, claimant_for, find_attributions
from .dates import DateResolution, resolve_date
from .fatalities import Fatalities, coder_tally, extract_fatalities
from .figures import extract_figures
from .notes import write_notes

__all__ = ["Attribution", "DateResolution", "Fatalities", "claimant_for", "coder_tally", "extract_fatalities", "extract_figures",
           "find_attributions", "resolve_date", "write_notes"]
