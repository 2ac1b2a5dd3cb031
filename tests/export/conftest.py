import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitrep.cli import cli

from ..conftest import ROOT

EXAMPLES = ROOT / "examples"
DATA = Path(__file__).parent / "data"
# A report that names no place: its event has no coordinates, so the GeoJSON must leave it out.
NO_PLACE = """Title: Gunmen attack a village
Published: 2024-05-02
Source: Example Radio

Gunmen killed three villagers in an attack on Wednesday, a local official said.
"""


@pytest.fixture(scope="session")
def runner():
    return CliRunner()


@pytest.fixture(scope="session")
def ingested(tmp_path_factory, runner):
    """The bundled examples and one report without a place, ingested by the real pipeline into a real store."""
    inputs = tmp_path_factory.mktemp("export-inputs")
    for path in EXAMPLES.glob("*.txt"):
        shutil.copy(path, inputs / path.name)
    (inputs / "no-place.txt").write_text(NO_PLACE, encoding="utf-8")
    db = tmp_path_factory.mktemp("export-store") / "sitrep.db"
    before = int(time.time())
    result = runner.invoke(cli, ["ingest", str(inputs), "--db", str(db)])
    assert result.exit_code == 0, result.output
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 5
    con.close()
    return db, (before, int(time.time()) + 1)  # the window of ingest times, for ACLED's timestamp


@pytest.fixture(scope="session")
def store_db(ingested):
    return ingested[0]


@pytest.fixture(scope="session")
def stored(store_db):
    """Every stored event record, as `sitrep events --format jsonl` gives them."""
    from sitrep.store import Store

    with Store(store_db) as store:
        return list(store.events())


def run_export(runner, db, fmt, out, *args):
    """`sitrep export` in this process; returns click's result (output holds stdout and stderr)."""
    return runner.invoke(cli, ["export", "--db", str(db), "--format", fmt, *map(str, args), str(out)])


def sitrep(*args, cwd=None) -> subprocess.CompletedProcess:
    """The installed command in a process of its own, for its exit status and its error lines."""
    return subprocess.run([sys.executable, "-m", "sitrep", *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          timeout=120)
