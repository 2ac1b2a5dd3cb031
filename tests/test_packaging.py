"""A built wheel carries every data file Sitrep reads at run time."""
import subprocess
import sys
import zipfile

from .conftest import ROOT


def test_wheel_holds_all_resources(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True, timeout=600)
    wheel = next(tmp_path.glob("sitrep-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = [p for folder in ("sitrep/resources", "sitrep/serve/static") for p in (ROOT / folder).rglob("*")
              if p.is_file() and "__pycache__" not in p.parts]
    assert wanted
    missing = [str(p.relative_to(ROOT)) for p in wanted if str(p.relative_to(ROOT)) not in names]
    assert missing == []
