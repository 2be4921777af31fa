"""Koordinert's benchmarks: `python -m bench` (or `make bench`) from the repository root.

Builds at national scale with synthetic municipalities (bench/synthetic.py),
side by side with plain mkdocs-material; sizes; the bytes of a content page;
and, in Debian's Chromium, the checker page's first question, Pyodide ready
time against a bare `loadPyodide()` page, answer-to-result time and offline
use. Results go to bench/results.json; see bench/README.md.
"""
