"""Self-hosted Pyodide: the runtime from the pinned npm package, plus our wheel.

Copied into the site once (not per language) at `pyodide/`. The lockfile there
lists only the checker wheel, so a stray `loadPackage("numpy")` fails loudly
instead of reaching for a CDN.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sitegen.checker_wheel import build_wheel, write_pyodide_lock
from sitegen.problems import BuildError

ROOT = Path(__file__).resolve().parent.parent
NPM_PYODIDE = ROOT / "node_modules" / "pyodide"
# What a browser needs: the loader, the interpreter, the standard library.
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip")


def install(dest: Path) -> Path:
    """Copy the runtime and build the checker wheel and its lockfile into `dest`."""
    missing = [name for name in RUNTIME_FILES if not (NPM_PYODIDE / name).is_file()]
    if missing:
        raise BuildError(f"Pyodide is not installed (missing node_modules/pyodide/"
                         f"{missing[0]}); run `npm ci` (make build does it)")
    dest.mkdir(parents=True, exist_ok=True)
    for name in RUNTIME_FILES:
        shutil.copyfile(NPM_PYODIDE / name, dest / name)
    # Bytecode: Pyodide imports the checker without compiling its sources
    # (import and first answer 383 -> 252 ms under Node, median of 5; the
    # wheel 44 -> 79 KB). See bench/README.md.
    wheel = build_wheel(dest, compiled=True)
    write_pyodide_lock(wheel, dest)
    return wheel
