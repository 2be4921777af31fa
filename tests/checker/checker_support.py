"""Helpers shared by the checker tests: loading the YAML cases and running them
against a built wheel in CPython and in Pyodide under Node.

Importing this module compiles the rules, so the checker can be imported after it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sitegen.checker_wheel import build_wheel, compile_rules  # noqa: E402

__all__ = ["build_wheel", "load_cases", "request_of", "run_cpython", "run_pyodide"]

compile_rules()

CASES_DIR = Path(__file__).resolve().parent / "cases"
PYODIDE_RUNNER = Path(__file__).resolve().parent / "pyodide_runner.mjs"

# Run in a fresh interpreter (-I: no cwd, no PYTHONPATH, so the source tree
# cannot shadow the wheel); the wheel itself is the only path added.
CPYTHON_RUNNER = """
import json, sys
sys.path.insert(0, sys.argv[1])
import checker.api
assert checker.api.__file__.startswith(sys.argv[1]), checker.api.__file__
requests = json.load(sys.stdin)
print(json.dumps([json.loads(checker.api.handle(json.dumps(r))) for r in requests]))
"""


def _plain(value: Any) -> Any:
    """YAML dates → ISO strings, recursively, so cases compare with JSON output."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def load_cases() -> list[dict[str, Any]]:
    """Every case of ``cases/*.yaml``, in file order."""
    cases = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            case = _plain(case)
            case["file"] = path.name
            cases.append(case)
    return cases


def request_of(case: dict[str, Any]) -> dict[str, Any]:
    return {**case["input"], "as_of": case["as_of"]}


def run_cpython(wheel: Path, requests: list[dict[str, Any]]) -> list[Any]:
    proc = subprocess.run(
        [sys.executable, "-I", "-c", CPYTHON_RUNNER, str(wheel)],
        input=json.dumps(requests),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    results: list[Any] = json.loads(proc.stdout)
    return results


def run_pyodide(wheel: Path, requests: list[dict[str, Any]], tmp: Path,
                stdlib: Path | None = None) -> list[Any]:
    """The responses in Pyodide under Node; with ``stdlib``, that standard
    library (the site's trimmed one) instead of Pyodide's own."""
    req_file = tmp / "requests.json"
    req_file.write_text(json.dumps(requests), encoding="utf-8")
    env = {**os.environ, **({"KOORDINERT_STDLIB": str(stdlib)} if stdlib else {})}
    proc = subprocess.run(
        ["node", str(PYODIDE_RUNNER), str(wheel), str(req_file)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    results: list[Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return results
