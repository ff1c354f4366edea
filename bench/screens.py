"""Screenshots of the trade card at every step, for looking at the UI without Discord.

    python -m bench.screens DIR        (or: python bench/screens.py DIR)

Runs a whole trade and a disputed one on simcord (the simulated Discord), with the same
embedded PostgreSQL, local Stripe server and fakes as the test suite, and saves a PNG of
each party's trade card (and the forms and the moderator's case file) after each step
into DIR, as simcord's browser view shows them in headless Chromium. The work is
`tests/scenarios/test_screenshots.py`; this runs it with `BLOXTR8_SCREENS_DIR=DIR`.
Needs Debian's `chromium` on the PATH.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "tests" / "scenarios" / "test_screenshots.py"


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0].startswith("-"):
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    out = Path(argv[0]).resolve()
    out.mkdir(parents=True, exist_ok=True)
    os.environ["BLOXTR8_SCREENS_DIR"] = str(out)
    os.chdir(ROOT)
    with tempfile.TemporaryDirectory(prefix="bloxtr8-screens-") as scratch:
        code = pytest.main(
            ["-q", "-p", "no:cacheprovider", f"--basetemp={scratch}/pt", str(SCENARIO)]
        )
    shots = sorted(out.glob("*.png"))
    print(f"{len(shots)} screenshots in {out}")
    return int(code)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
