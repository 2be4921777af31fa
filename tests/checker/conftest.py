"""Shared fixtures for the checker tests.

The rules are compiled from YAML before any test imports the checker, and the
wheel is built once per session: the case tests run against that artefact.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sitegen.checker_wheel import build_wheel, compile_rules  # noqa: E402

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


def run_pyodide(wheel: Path, requests: list[dict[str, Any]], tmp: Path) -> list[Any]:
    req_file = tmp / "requests.json"
    req_file.write_text(json.dumps(requests), encoding="utf-8")
    proc = subprocess.run(
        ["node", str(PYODIDE_RUNNER), str(wheel), str(req_file)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    results: list[Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return results


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="session")
def cases() -> list[dict[str, Any]]:
    return load_cases()


@pytest.fixture(scope="session")
def cpython_results(wheel: Path, cases: list[dict[str, Any]]) -> list[Any]:
    return run_cpython(wheel, [request_of(c) for c in cases])
