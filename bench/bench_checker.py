"""Benchmark: import the checker and evaluate one answer set.

Measured against the built wheel, in CPython (a fresh interpreter per round)
and in Pyodide under Node (a fresh Node process per round). Figures in ms,
median of ROUNDS rounds. ``run()`` is called by ``python -m bench``.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYODIDE_RUNNER = ROOT / "tests" / "checker" / "pyodide_runner.mjs"
ROUNDS = 5

REQUEST = {
    "command": "eligibility",
    "as_of": "2026-11-22",
    "answers": {
        "for_whom": "child",
        "child_birth_date": "2015-05-05",
        "services_needed": 3,
        "long_term": True,
        "complex": True,
        "serious_condition": True,
        "other_welfare_services": True,
        "wants_plan": True,
        "wants_coordinator": True,
    },
}

# -I: the source tree cannot shadow the wheel; the wheel is the only path added.
CPYTHON_ROUND = """
import sys, time
sys.path.insert(0, sys.argv[1])
t0 = time.perf_counter()
import checker.api
out = checker.api.handle(sys.argv[2])
elapsed = (time.perf_counter() - t0) * 1000
assert '"outcome":"eligible"' in out, out
print(elapsed)
"""


def _cpython(wheel: Path) -> dict[str, float]:
    inner: list[float] = []
    process: list[float] = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-I", "-c", CPYTHON_ROUND, str(wheel), json.dumps(REQUEST)],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        process.append((time.perf_counter() - start) * 1000)
        inner.append(float(proc.stdout.strip()))
    return {
        "cpython_import_and_evaluate_ms": statistics.median(inner),
        "cpython_process_total_ms": statistics.median(process),
    }


def _pyodide(wheel: Path) -> dict[str, float]:
    load: list[float] = []
    cold: list[float] = []
    warm: list[float] = []
    for _ in range(ROUNDS):
        proc = subprocess.run(
            ["node", str(PYODIDE_RUNNER), str(wheel), "--bench", "3"],
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
            cwd=ROOT,
        )
        figures = json.loads(proc.stdout.strip().splitlines()[-1])
        load.append(figures["load_ms"])
        cold.append(figures["import_and_evaluate_ms"][0])
        warm.extend(figures["import_and_evaluate_ms"][1:])
    return {
        "pyodide_runtime_load_ms": statistics.median(load),
        "pyodide_import_and_evaluate_ms": statistics.median(cold),
        "pyodide_reimport_and_evaluate_ms": statistics.median(warm),
    }


def run() -> dict[str, float]:
    """Build the wheel, then time import + one evaluation in CPython and Pyodide."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from sitegen.checker_wheel import build_wheel

    with tempfile.TemporaryDirectory() as tmp:
        wheel = build_wheel(Path(tmp))
        return {**_cpython(wheel), **_pyodide(wheel)}


if __name__ == "__main__":
    print(json.dumps(run(), indent=1))
