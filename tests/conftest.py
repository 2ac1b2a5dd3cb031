import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_beb33edead0d82e0.txt"


@pytest.fixture(scope="session")
def nlp():
    """The real en_core_web_sm pipeline with Sitrep's additions (no ruler patterns)."""
    from sitrep.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def resources(tmp_path_factory):
    """All real resources, loaded once for the whole test session."""
    from sitrep.resources_loader import Resources

    return Resources.load({})


@pytest.fixture(scope="session")
def seed_text():
    if not SEED.exists():
        pytest.fail(f"the seed report is missing at {SEED}; tests read it from ../shared")
    return SEED.read_text(encoding="utf-8")
