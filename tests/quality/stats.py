"""Counts the quality gates report at the end of the run (see conftest.py)."""

from __future__ import annotations

STATS: dict[str, object] = {}
