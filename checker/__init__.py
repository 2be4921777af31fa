"""Koordinert checker: eligibility and deadlines for individuell plan, koordinator
and barnekoordinator, as pure functions over dated rules.

Standard library only, so that Pyodide loads nothing but this wheel. Nothing in
this package reads the clock: every function takes ``as_of``.
"""

__all__ = ["__version__"]

__version__ = "1.0.0"
