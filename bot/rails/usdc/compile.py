"""Compile the Vyper sources into `contracts/compiled.json` (a development step).

Run `python -m bot.rails.usdc.compile` after changing a `.vy` file; needs the `vyper`
package from the dev extras.
"""

from __future__ import annotations

import json
from typing import Any

from bot.rails.usdc.artifacts import COMPILED, CONTRACTS_DIR, NAMES


def compile_all() -> dict[str, dict[str, Any]]:
    import vyper

    out: dict[str, dict[str, Any]] = {}
    for name in NAMES:
        source = (CONTRACTS_DIR / f"{name}.vy").read_text()
        result = vyper.compile_code(source, output_formats=["abi", "bytecode"])
        out[name] = {"abi": result["abi"], "bytecode": result["bytecode"]}
    return out


def main() -> None:
    COMPILED.write_text(json.dumps(compile_all(), indent=1, sort_keys=True) + "\n")
    print(f"wrote {COMPILED}")


if __name__ == "__main__":
    main()
