"""Fixtures for the checker tests. The rules are compiled from YAML before any
test imports the checker (by importing checker_support), and the wheel is
built once per session: the case tests run against that artefact.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

# pytest runs with --import-mode=importlib: make the helper module importable.
HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from checker_support import build_wheel, load_cases, request_of, run_cpython  # noqa: E402


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="session")
def site_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel the site ships (bytecode): the one the Pyodide runs test."""
    return build_wheel(tmp_path_factory.mktemp("site-wheel"), compiled=True)


@pytest.fixture(scope="session")
def site_stdlib(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The standard library the site ships (trimmed to what the checker uses)."""
    from sitegen import pyodide_assets

    dest = tmp_path_factory.mktemp("stdlib") / pyodide_assets.STDLIB
    pyodide_assets.trim_stdlib(pyodide_assets.NPM_PYODIDE / pyodide_assets.STDLIB, dest)
    return dest


@pytest.fixture(scope="session")
def cases() -> list[dict[str, Any]]:
    return load_cases()


@pytest.fixture(scope="session")
def cpython_results(wheel: Path, cases: list[dict[str, Any]]) -> list[Any]:
    return run_cpython(wheel, [request_of(c) for c in cases])
