"""The YAML rule cases, run against the BUILT wheel: in CPython (a fresh
interpreter) and inside Pyodide under Node, with identical results."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from checker_support import load_cases, request_of, run_pyodide

CASES = load_cases()


def matches(expected: Any, actual: Any, path: str = "") -> list[str]:
    """Differences between ``expected`` (a subset: dict keys may be left out) and ``actual``."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: expected an object, got {actual!r}"]
        problems = []
        for key, value in expected.items():
            if key not in actual:
                problems.append(f"{path}.{key}: missing")
            else:
                problems += matches(value, actual[key], f"{path}.{key}")
        return problems
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{path}: expected {expected!r}, got {actual!r}"]
        return [p for i, e in enumerate(expected) for p in matches(e, actual[i], f"{path}[{i}]")]
    if expected != actual or type(expected) is not type(actual):
        return [f"{path}: expected {expected!r}, got {actual!r}"]
    return []


@pytest.mark.parametrize("index", range(len(CASES)), ids=[c["name"] for c in CASES])
def test_case_on_cpython_wheel(index: int, cpython_results: list[Any]) -> None:
    case = CASES[index]
    result = cpython_results[index]
    assert matches(case["output"], result) == []
    if case["reference"] is not None:
        text = json.dumps(result, ensure_ascii=False)
        assert case["reference"]["url"] in text, "the answer must cite its legal source"
        assert "error" not in result


def test_case_shape() -> None:
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), "case names must be unique"
    for case in CASES:
        assert set(case) == {"name", "as_of", "input", "output", "reference", "rules", "file"}
        if case["reference"] is not None:
            assert set(case["reference"]) == {"law", "paragraph", "url"}
            assert case["reference"]["url"].startswith("https://lovdata.no/")


def test_every_rule_has_a_case() -> None:
    from checker import rules

    covered = {rule for case in CASES for rule in case["rules"]}
    assert set(rules.rule_ids()) - covered == set()
    assert covered - set(rules.rule_ids()) == set(), "cases name rules that do not exist"


def test_pyodide_gives_identical_results(
    site_wheel: Path, site_stdlib: Path, cpython_results: list[Any], tmp_path: Path
) -> None:
    """What the site ships (the bytecode wheel, the trimmed standard library) in
    Pyodide against the source wheel in CPython."""
    pyodide_results = run_pyodide(site_wheel, [request_of(c) for c in CASES], tmp_path,
                                  site_stdlib)
    assert len(pyodide_results) == len(CASES)
    for case, on_cpython, on_pyodide in zip(CASES, cpython_results, pyodide_results, strict=True):
        assert on_pyodide == on_cpython, case["name"]
        assert matches(case["output"], on_pyodide) == [], case["name"]
