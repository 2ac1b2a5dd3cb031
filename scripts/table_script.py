"""The command line every derived-table script shares: write the table, or with ``--check`` only say
whether the file in the repository is what the derivation gives now (exit 1 when it would change)."""
from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path


def run(derive: Callable[[], str], out: Path, description: str) -> int:
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--check", action="store_true", help="only report whether the table would change")
    args = ap.parse_args()
    text = derive()
    if args.check:
        same = out.exists() and out.read_text(encoding="utf-8") == text
        print("unchanged" if same else f"{out} would change")
        return 0 if same else 1
    out.write_text(text, encoding="utf-8")
    rows = sum(1 for line in text.splitlines() if line and not line.startswith("#"))
    print(f"wrote {out}: {rows} countries")
    return 0
