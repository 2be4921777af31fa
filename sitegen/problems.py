"""Problems found in content: collected, never raised one at a time.

Like MkDocs' config validation, every check adds to one list; the build prints
them all (`file:line:column key.path: message (hint)`) and stops before
anything is written when any of them is an error.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path


class BuildError(Exception):
    """A build step failed for a reason the user can act on (message is for them)."""


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place in one file."""

    file: str
    line: int
    column: int
    key_path: str
    message: str
    hint: str = ""
    severity: Severity = field(default=Severity.ERROR, compare=False)

    def format(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        key = f" {self.key_path}:" if self.key_path else ""
        hint = f" ({self.hint})" if self.hint else ""
        label = "warning: " if self.severity is Severity.WARNING else ""
        return f"{where}{key} {label}{self.message}{hint}"


class Problems:
    """An ordered collection of problems with helpers to add them."""

    def __init__(self) -> None:
        self._items: list[Problem] = []

    def add(
        self,
        file: str | Path,
        line: int,
        column: int,
        key_path: str,
        message: str,
        hint: str = "",
        severity: Severity = Severity.ERROR,
    ) -> None:
        self._items.append(
            Problem(str(file), line, column, key_path, message, hint, severity)
        )

    def extend(self, other: Iterable[Problem]) -> None:
        self._items.extend(other)

    def __iter__(self) -> Iterator[Problem]:
        return iter(sorted(self._items))

    def __len__(self) -> int:
        return len(self._items)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self if p.severity is Severity.WARNING]

    def promote_warnings(self) -> None:
        """Under --strict a warning fails the build like an error."""
        self._items = [
            Problem(p.file, p.line, p.column, p.key_path, p.message, p.hint, Severity.ERROR)
            for p in self._items
        ]
