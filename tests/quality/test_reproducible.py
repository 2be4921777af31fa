"""Reproducible output: the same input and SOURCE_DATE_EPOCH give the same bytes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.conftest import Builder

pytestmark = pytest.mark.slow


def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(build_site: Builder,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")  # 2026-11-22
    first, second = build_site(), build_site()
    assert first.ok and second.ok and first.out and second.out
    a, b = tree_digest(first.out), tree_digest(second.out)
    assert sorted(a) == sorted(b)
    differ = [name for name in a if a[name] != b[name]]
    assert not differ, f"{len(differ)} files differ between two builds: {differ[:20]}"
    wheels = sorted(first.out.glob("pyodide/*.whl"))
    assert len(wheels) == 1
    assert wheels[0].read_bytes() == (second.out / "pyodide" / wheels[0].name).read_bytes()
